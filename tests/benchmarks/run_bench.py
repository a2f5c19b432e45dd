#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`make bench`: whole ansible-inventory processes over N relay tasks, against Ansible's own floor; writes BENCHMARKS.md.

For each N, the Live API simulator starts with N tasks and 20 ms of latency on every request. Every row is a whole
``ansible-inventory`` process, run --runs times (rounds interleave the rows), timed from spawn to exit, with its peak
RSS from os.wait4() (the largest resident set of the process or of any of its children). Medians are reported, each
as a ratio to the floor measured in the same run. The rows that are compared must give the same inventory (see
bench_checks.py), or the benchmark fails. Run it after `make install`:

    .venv/bin/python tests/benchmarks/run_bench.py --output BENCHMARKS.md [--sizes 100,1000] [--runs 3]
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path[:0] = [str(HERE), str(REPO / 'tests' / 'simulator')]

import bench_checks  # noqa: E402  pylint: disable=wrong-import-position
import bench_report  # noqa: E402  pylint: disable=wrong-import-position
import control  # noqa: E402  pylint: disable=wrong-import-position
import reconcile_bench  # noqa: E402  pylint: disable=wrong-import-position
import reconcile_report  # noqa: E402  pylint: disable=wrong-import-position

SIZES = (100, 1000, 5000, 10000)
LATENCY_MS = 20
SEED = 1
REFERENCE_TIME = '2026-01-15'
FETCH_RUNS = 5
BIN = Path(sys.executable).parent
INSTALLED = Path(os.environ.get('ANSIBLE_COLLECTIONS_PATH', str(REPO / 'build' / 'collections'))).resolve()
COLLECTION = Path('ansible_collections', 'hwcloud', 'live')
PLUGIN = 'hwcloud.live.relay_tasks'

# enable_plugins of each kind of run: only what the run needs, the same way for the floor and for the plugin
ENABLED = {'floor': 'floor_inventory', 'constructed': 'floor_inventory, ansible.builtin.constructed',
           'plugin': PLUGIN, 'script': 'ansible.builtin.script'}
KEYED = {
    'keyed_groups': [{'key': 'region', 'prefix': 'region', 'separator': '_', 'parent_group': 'relay_tasks'},
                     {'key': 'status', 'prefix': 'status', 'separator': '_', 'parent_group': 'relay_tasks'}],
    'compose': {'first_source': 'source_urls[0]', 'target': 'domain'},
}


class Row:
    """One measured ansible-inventory command."""

    def __init__(self, key, label, kind, sources, mode, floor=None):
        self.key, self.label, self.kind, self.sources, self.mode, self.floor = key, label, kind, sources, mode, floor


ROWS = (
    Row('floor_graph', 'floor --graph', 'floor', ('floor',), '--graph'),
    Row('floor_list', 'floor --list', 'floor', ('floor',), '--list'),
    Row('plugin_graph', 'plugin, defaults, --graph', 'plugin', ('defaults',), '--graph', 'floor_graph'),
    Row('plugin_list', 'plugin, defaults, --list', 'plugin', ('defaults',), '--list', 'floor_list'),
    Row('cfloor_list', 'constructed floor --list', 'constructed',
        ('floor', 'constructed'), '--list', 'floor_list'),
    Row('keyed_list', 'plugin, keyed_groups + compose, --list', 'plugin', ('keyed',), '--list', 'cfloor_list'),
    Row('cached_list', 'plugin, cached second run, --list', 'plugin', ('cached',), '--list', 'floor_list'),
    Row('sdk_graph', 'peer: SDK script, --graph', 'script', ('sdk',), '--graph', 'floor_graph'),
    Row('sdk_list', 'peer: SDK script, --list', 'script', ('sdk',), '--list', 'floor_list'),
)
PHASE_ROWS = ('floor_graph', 'plugin_graph', 'floor_list', 'plugin_list', 'cached_list')
PHASE_ROWS_KEYED = ('cfloor_list', 'keyed_list')


class BenchError(RuntimeError):
    """A command failed or the setup is incomplete."""


def log(message):
    print('[%s] %s' % (time.strftime('%H:%M:%S'), message), flush=True)


class Workspace:
    """Inventory sources, ansible.cfg files, environment and outputs of one size, in a temporary directory."""

    def __init__(self, directory: Path, sim, tasks: list, collections: Path):
        self.directory = directory
        self.sim = sim
        self.outputs = directory / 'out'
        self.outputs.mkdir()
        (directory / 'tasks.json').write_text(json.dumps(tasks), encoding='utf-8')
        connection = {'plugin': PLUGIN, 'endpoint': sim.url, 'project_id': sim.project_id,
                      'access_key': sim.access_key, 'secret_key': sim.secret_key}
        cache = {'cache': True, 'cache_plugin': 'ansible.builtin.jsonfile', 'cache_connection': str(directory / 'cache'),
                 'cache_timeout': 3600}
        self.sources = {
            'floor': self._write('bench.floor.yml', {'plugin': 'floor_inventory', 'tasks_file': str(directory / 'tasks.json')}),
            'constructed': self._write('keyed.constructed.yml', dict({'plugin': 'ansible.builtin.constructed'}, **KEYED)),
            'defaults': self._write('defaults.relay_tasks.yml', connection),
            'keyed': self._write('keyed.relay_tasks.yml', dict(connection, group_by=[], **KEYED)),
            'cached': self._write('cached.relay_tasks.yml', dict(connection, **cache)),
            'sdk': str(HERE / 'sdk_inventory.py'),
        }
        self.configs = {}
        for kind, enabled in ENABLED.items():
            path = directory / ('%s.cfg' % kind)
            path.write_text('[defaults]\nretry_files_enabled = false\n\n[inventory]\nenable_plugins = %s\n'
                            'unparsed_is_failed = true\nany_unparsed_is_failed = true\n' % enabled, encoding='utf-8')
            self.configs[kind] = str(path)
        self.base_env = ansible_env(directory, collections)

    def _write(self, name, content) -> str:
        path = self.directory / name
        path.write_text(yaml.safe_dump(content, sort_keys=False), encoding='utf-8')
        return str(path)

    def env(self, row: Row) -> dict:
        env = dict(self.base_env, ANSIBLE_CONFIG=self.configs[row.kind])
        if row.kind == 'script':
            env.update({'HUAWEICLOUD_LIVE_ENDPOINT': self.sim.url, 'HUAWEICLOUD_SDK_AK': self.sim.access_key,
                        'HUAWEICLOUD_SDK_SK': self.sim.secret_key, 'HUAWEICLOUD_SDK_PROJECT_ID': self.sim.project_id})
        return env

    def inventory_args(self, row: Row) -> list:
        args = []
        for source in row.sources:
            args += ['-i', self.sources[source]]
        return args + [row.mode]

    def output(self, key) -> Path:
        return self.outputs / ('%s.out' % key)

    def run(self, row: Row, output=None):
        """Run the row's ansible-inventory once; returns (wall seconds, peak RSS in KiB)."""
        argv = [str(BIN / 'ansible-inventory')] + self.inventory_args(row)
        return measure(argv, self.env(row), self.directory, output or self.output(row.key))

    def run_phases(self, row: Row) -> dict:
        """Run the row through phases.py; returns {phase: seconds}."""
        timings = self.directory / ('%s.phases.json' % row.key)
        argv = [sys.executable, str(HERE / 'phases.py'), str(timings)] + self.inventory_args(row)
        elapsed, _rss = measure(argv, self.env(row), self.directory, self.outputs / ('%s.phases.out' % row.key))
        return dict(json.loads(timings.read_text(encoding='utf-8')), **{'whole process': elapsed})


def ansible_env(directory: Path, collections: Path) -> dict:
    """The environment of every measured ansible-* process: this one's without ANSIBLE_*/HUAWEICLOUD_*, the copy of the
    collection, local temporary files in directory."""
    # PYTHONDONTWRITEBYTECODE is dropped, as in a default Python setup. (Ansible's collection loader compiles a
    # collection's modules from source on every run anyway; the floor plugin and the SDK use cached bytecode.)
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(('ANSIBLE_', 'HUAWEICLOUD_')) and key != 'PYTHONDONTWRITEBYTECODE'}
    env.update({
        'PATH': '%s%s%s' % (BIN, os.pathsep, os.environ.get('PATH', '')),
        'ANSIBLE_COLLECTIONS_PATH': str(collections), 'ANSIBLE_COLLECTIONS_SCAN_SYS_PATH': 'false',
        'ANSIBLE_INVENTORY_PLUGINS': str(HERE), 'ANSIBLE_NOCOLOR': '1', 'ANSIBLE_FORCE_COLOR': '0',
        'ANSIBLE_LOCAL_TEMP': str(directory / 'ansible-tmp'),
    })
    return env


# Spawns the command and reports its wall time and peak RSS. It runs in a small process of its own because Linux
# keeps the resident set a process had before exec() in its ru_maxrss: spawned from this script, which holds parsed
# outputs of many MB, every command would report at least this script's peak.
LAUNCHER = """
import json, os, sys, time
result, argv = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, os.environ)
_pid, status, usage = os.wait4(pid, 0)
elapsed = time.perf_counter() - start
with open(result, 'w') as handle:
    json.dump({'elapsed': elapsed, 'status': os.waitstatus_to_exitcode(status), 'maxrss_kib': usage.ru_maxrss}, handle)
"""


def measure(argv, env, cwd, output: Path):
    """Run argv through LAUNCHER; (wall seconds from spawn to exit, ru_maxrss KiB). Output to a file; stderr for errors."""
    with open(output, 'wb') as stdout, tempfile.TemporaryFile() as stderr, \
            tempfile.NamedTemporaryFile(suffix='.json') as result:
        subprocess.run([sys.executable, '-S', '-c', LAUNCHER, result.name] + [str(arg) for arg in argv], stdin=subprocess.DEVNULL,
                       stdout=stdout, stderr=stderr, env=env, cwd=cwd, check=True)
        measured = json.load(result)
        if measured['status'] != 0:
            stderr.seek(0)
            error = stderr.read().decode('utf-8', 'replace')[-3000:]
            raise BenchError('%s exited with %d:\n%s' % (' '.join(argv), measured['status'], error))
    return measured['elapsed'], measured['maxrss_kib']


def fetch_alone(sim, runs: int, collections: Path) -> dict:
    """Wall time of the collection's LiveClient.list_relay_tasks() in this process, against the simulator."""
    if str(collections) not in sys.path:
        sys.path.insert(0, str(collections))
    client_module = importlib.import_module('ansible_collections.hwcloud.live.plugins.module_utils.client')
    times = []
    for _run in range(runs):
        client = client_module.build_client(endpoint=sim.url, project_id=sim.project_id, access_key=sim.access_key,
                                            secret_key=sim.secret_key)
        try:
            start = time.perf_counter()
            tasks = client.list_relay_tasks()
            times.append(time.perf_counter() - start)
        finally:
            client.close()
        requests = len(client.request_ids)
    return {'times': times, 'tasks': len(tasks), 'requests': requests, 'concurrency': client_module.MAX_CONCURRENT_REQUESTS}


def check_contents(space: Workspace) -> list:
    """Fail unless compared rows give the same inventory; returns notes on differences that change no selection."""
    out, checks = space.output, bench_checks
    floor = checks.read_list(out('floor_list'))
    plugin = checks.read_list(out('plugin_list'), drop_vars=checks.LOCAL_CONNECTION_VARS)
    checks.require_same('defaults --list', 'floor', floor, 'plugin', plugin)
    checks.require_same_graph('defaults --graph', 'floor', out('floor_graph'), 'plugin', out('plugin_graph'))
    checks.same_bytes('cached --list', 'plugin', out('plugin_list'), 'plugin from the cache', out('cached_list'))
    constructed = checks.read_list(out('cfloor_list'))
    keyed = checks.read_list(out('keyed_list'), drop_vars=checks.LOCAL_CONNECTION_VARS)
    checks.require_same('keyed_groups + compose', 'constructed floor', constructed, 'plugin', keyed, direct=False)
    notes = checks.differences('constructed floor', constructed, 'plugin', keyed, direct=True)
    peer = checks.read_list(out('sdk_list'), unwrap=True)
    checks.require_same('peer --list (values compared without trust markers)', 'floor',
                        checks.read_list(out('floor_list'), unwrap=True), 'SDK script', peer)
    checks.require_same_graph('peer --graph', 'floor', out('floor_graph'), 'SDK script', out('sdk_graph'))
    return notes


def bench_size(size: int, runs: int, phase_runs: int, with_phases: bool, collections: Path) -> dict:
    log('N = %d: starting the simulator (%d ms latency per request)' % (size, LATENCY_MS))
    with control.SimulatorProcess(tasks=size, seed=SEED, latency_ms=LATENCY_MS,
                                  extra_args=('--reference-time', REFERENCE_TIME)) as sim, \
            tempfile.TemporaryDirectory(prefix='hwcloud-live-bench-') as directory:
        space = Workspace(Path(directory), sim, sim.tasks(), collections)
        rows = {row.key: row for row in ROWS}
        # not measured: one run each to warm the file cache, the bytecode caches and the simulator; the cached row's
        # first run fills the inventory cache, so that every measured run of it is a second run
        for key in ('floor_graph', 'plugin_graph', 'cached_list'):
            space.run(rows[key], output=space.outputs / 'warm-up.out')
        samples = {row.key: {'times': [], 'rss_kib': []} for row in ROWS}
        for round_number in range(runs):
            for row in ROWS:
                elapsed, rss = space.run(row)
                samples[row.key]['times'].append(elapsed)
                samples[row.key]['rss_kib'].append(rss)
            log('N = %d: round %d/%d done (%s)' % (size, round_number + 1, runs, ', '.join(
                '%s %.2f s' % (key, value['times'][-1]) for key, value in samples.items())))
        for row in ROWS:
            samples[row.key]['output_bytes'] = space.output(row.key).stat().st_size
        notes = check_contents(space)
        log('N = %d: content checks passed' % size)
        fetch = fetch_alone(sim, FETCH_RUNS, collections)
        log('N = %d: fetch alone %s' % (size, ', '.join('%.3f' % value for value in fetch['times'])))
        phases = {}
        if with_phases:
            keyed_missed = bench_report.ratio(samples, 'keyed_list', 'cfloor_list') > bench_report.TARGETS['keyed']
            for key in PHASE_ROWS + (PHASE_ROWS_KEYED if keyed_missed else ()):
                phases[key] = [space.run_phases(rows[key]) for _run in range(phase_runs)]
            log('N = %d: phase timings done' % size)
    return {'rows': samples, 'fetch': fetch, 'notes': notes, 'phases': phases, 'runs': runs}


def bench_reconcile(size: int, collections: Path) -> dict:
    """The reconcile row at one size (reconcile_bench.py), with a simulator and a directory of its own."""
    log('N = %d: reconcile row (one ansible-playbook of hwcloud.live.reconcile)' % size)
    with tempfile.TemporaryDirectory(prefix='hwcloud-live-bench-reconcile-') as directory:
        result = reconcile_bench.bench_reconcile(size, control, measure, {
            'seed': SEED, 'latency_ms': LATENCY_MS, 'reference_time': REFERENCE_TIME, 'directory': directory,
            'env': ansible_env(Path(directory), collections), 'bin': BIN, 'collections': collections})
    timings = ', '.join('%s %.2f s' % (phase, value['elapsed']) for phase, value in result['phases'].items())
    log('N = %d: reconcile checks passed; %s' % (size, timings))
    return result


def parse_sizes(text: str) -> list:
    return [int(part) for part in text.replace(',', ' ').split()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--output', default='BENCHMARKS.md', help='the report to write (default BENCHMARKS.md)')
    parser.add_argument('--sizes', type=parse_sizes, default=list(SIZES), help='task counts, e.g. 100,1000')
    parser.add_argument('--runs', type=int, help='runs of every row (default 3 at 10,000 tasks and more, 5 below)')
    parser.add_argument('--phase-runs', type=int, default=2, help='phase-timer runs per row at the largest size')
    parser.add_argument('--only', choices=('inventory', 'reconcile'),
                        help='only the inventory rows, or only the reconcile row (which then rewrites just its section of --output)')
    args = parser.parse_args()
    started = time.perf_counter()
    load_at_start = os.getloadavg()[0]
    if not (BIN / 'ansible-inventory').exists() or not (INSTALLED / COLLECTION).is_dir():
        raise BenchError('run `make install` first: %s or %s is missing' % (BIN / 'ansible-inventory', INSTALLED / COLLECTION))
    if shutil.which('sdk_inventory.py', path=str(HERE)) is None:
        raise BenchError('%s must be executable' % (HERE / 'sdk_inventory.py'))
    sizes = sorted(set(args.sizes))
    results = {}
    with tempfile.TemporaryDirectory(prefix='hwcloud-live-bench-collection-') as snapshot:
        # every size measures one copy of the installed collection, whatever `make install` does meanwhile
        collections = Path(snapshot)
        # a source tree (build/src links the repository) holds more than the collection: build/ would copy itself
        shutil.copytree(INSTALLED / COLLECTION, collections / COLLECTION,
                        ignore=shutil.ignore_patterns('__pycache__', '.git', 'build', 'tests', '.venv*', '.hypothesis'))
        build = bench_report.describe_build(REPO, str(collections / COLLECTION))
        log('measuring hwcloud.live %(version)s, commit %(commit)s; files that differ from it: %(differs)s' % build)
        for size in sizes:
            runs = args.runs or (3 if size >= 10000 else 5)
            if args.only != 'reconcile':
                results[size] = bench_size(size, runs, args.phase_runs, with_phases=size == sizes[-1], collections=collections)
            if args.only != 'inventory':
                results.setdefault(size, {})['reconcile'] = bench_reconcile(size, collections)
    if args.only == 'reconcile':
        reconcile_report.write_reconcile_section(args.output, results, dict(bench_report.machine(build)),
                                                 duration=time.perf_counter() - started, load=(load_at_start, os.getloadavg()[0]))
        log('wrote the reconcile section of %s in %.0f s' % (args.output, time.perf_counter() - started))
        print('\n'.join(reconcile_report.reconcile_lines(results)))
        return 0
    report = bench_report.render(results, ROWS, duration=time.perf_counter() - started, latency_ms=LATENCY_MS,
                                 build=build,
                                 load=(load_at_start, os.getloadavg()[0]))
    Path(args.output).write_text(report, encoding='utf-8')
    log('wrote %s in %.0f s' % (args.output, time.perf_counter() - started))
    print(bench_report.summary(results, ROWS))
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except (BenchError, bench_checks.ContentMismatch, reconcile_bench.ReconcileCheckFailed) as error:
        print('BENCHMARK FAILED: %s' % error, file=sys.stderr)
        sys.exit(1)
