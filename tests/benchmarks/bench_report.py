# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""BENCHMARKS.md from run_bench.py's results: the machine, the tables per size, the targets, where the time goes."""

from __future__ import annotations

import datetime
import json
import math
import os
import platform
import statistics
import subprocess
from importlib import metadata

import reconcile_report

TARGETS = {'graph': 1.15, 'list': 1.15, 'keyed': 1.5, 'cached': 1.05, 'rss': 1.2, 'peer': 2.7, 'fetch': 0.6}
TARGET_SIZE = 10000
RSS_ROWS = (('plugin_graph', 'floor_graph'), ('plugin_list', 'floor_list'), ('keyed_list', 'cfloor_list'),
            ('cached_list', 'floor_list'))
PHASES = (
    ('import ansible-inventory', 'import ansible.cli.inventory'),
    ('parse sources', 'parse the inventory sources, in all'),
    ('load plugins', '- load the enabled inventory plugins (import the plugin and what it imports)'),
    ('plugin parse()', '- the inventory plugin\'s parse()'),
    ('fetch (list_relay_tasks)', '-- fetch: LiveClient.list_relay_tasks()'),
    ('cache read', '-- read the inventory cache'),
    ('name hosts', '-- name the hosts'),
    ('populate', '-- add hosts, variables, groups (with keyed_groups/compose when set)'),
    ('constructed parse()', '- ansible.builtin.constructed parse()'),
    ('build --graph text', 'build the --graph text'),
    ('build --list data', 'build the --list data (every host\'s variables, group variables merged)'),
    ('encode --list JSON', 'encode the --list JSON'),
    ('until exit', 'from the timers\' start to exit'),
    ('whole process', 'whole process, spawn to exit'),
    ('garbage collection', 'of all the above: in the cyclic garbage collector'),
)


def median(values):
    return statistics.median(values) if values else float('nan')


def seconds(samples, key):
    return median(samples[key]['times'])


def ratio(samples, key, floor):
    return seconds(samples, key) / seconds(samples, floor)


def rss_mib(samples, key):
    return median(samples[key]['rss_kib']) / 1024.0


def _read(path):
    try:
        with open(path, encoding='utf-8') as handle:
            return handle.read()
    except OSError:
        return ''


def _field(text, name):
    for line in text.splitlines():
        key, _sep, value = line.partition(':' if ':' in line and '=' not in line else '=')
        if key.strip() == name:
            return value.strip().strip('"')
    return 'unknown'


def _version(package):
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return 'not installed'


def _git(repo, *args):
    try:
        return subprocess.run(['git', '-C', str(repo)] + list(args), capture_output=True, text=True, check=False,
                              timeout=30).stdout.rstrip()
    except OSError:
        return ''


def describe_build(repo, collection_dir):
    """The measured copy of the collection against git HEAD, taken when it is copied: version, commit, plugins/ files
    that differ from that commit (another `make install` from a changed working tree may have built it)."""
    manifest = _read(os.path.join(collection_dir, 'MANIFEST.json'))
    version = json.loads(manifest)['collection_info']['version'] if manifest else \
        _field(_read(os.path.join(collection_dir, 'galaxy.yml')), 'version') + ' (a source tree)'
    commit = _git(repo, 'rev-parse', '--short', 'HEAD')
    if not commit:
        return {'version': version, 'commit': 'unknown (no git)', 'differs': []}
    tracked = set(_git(repo, 'ls-tree', '-r', '--name-only', 'HEAD', '--', 'plugins').splitlines())
    measured = set()
    for directory, subdirectories, files in os.walk(os.path.join(collection_dir, 'plugins')):
        subdirectories[:] = [name for name in subdirectories if name != '__pycache__']
        measured.update(os.path.relpath(os.path.join(directory, name), collection_dir) for name in files)
    differs = []
    for name in sorted(tracked | measured):
        if name not in measured or name not in tracked:
            differs.append('%s (not in the %s)' % (name, 'build' if name not in measured else 'commit'))
            continue
        committed = subprocess.run(['git', '-C', str(repo), 'show', 'HEAD:' + name], capture_output=True, check=False).stdout
        with open(os.path.join(collection_dir, name), 'rb') as handle:
            if handle.read() != committed:
                differs.append(name)
    return {'version': version, 'commit': commit, 'differs': differs}


def machine(build):
    memory_kib = _field(_read('/proc/meminfo'), 'MemTotal').split()[0]
    memory_gib = int(memory_kib) / 1024.0 / 1024.0 if memory_kib.isdigit() else 0
    return [
        ('machine', '%s, %d cores, %.1f GiB memory' % (_field(_read('/proc/cpuinfo'), 'model name'), os.cpu_count() or 0, memory_gib)),
        ('OS', '%s, kernel %s' % (_field(_read('/etc/os-release'), 'PRETTY_NAME'), platform.release())),
        ('Python', '%s %s' % (platform.python_implementation(), platform.python_version())),
        ('ansible-core', _version('ansible-core')),
        ('collection', 'hwcloud.live %s%s, copied at the start: commit %s%s' % (
            build['version'], '' if 'source tree' in build['version'] else ' as installed by `make install`', build['commit'],
            ', except %s' % ', '.join(build['differs']) if build['differs'] else ' exactly (every file under plugins/)')),
        ('peer', 'huaweicloudsdklive %s, huaweicloudsdkcore %s' % (_version('huaweicloudsdklive'), _version('huaweicloudsdkcore'))),
    ]


def _phase_medians(result, key):
    runs = result['phases'].get(key) or []
    names = set().union(*runs) if runs else set()
    return {name: median([run[name] for run in runs if name in run]) for name in names}


def _decomposition(result, row, floor, replaces_fetch=None):
    """The phase-timer differences between a plugin row and its floor, as a sentence; '' without phase timings."""
    mine, base = _phase_medians(result, row), _phase_medians(result, floor)
    if not mine or not base:
        return ''
    fetch_key = replaces_fetch or 'fetch (list_relay_tasks)'
    fetch = mine.get(fetch_key, 0.0)
    output_keys = ('build --graph text', 'build --list data', 'encode --list JSON')
    output = sum(mine.get(key, 0.0) - base.get(key, 0.0) for key in output_keys)
    parse_rest = mine.get('plugin parse()', 0.0) - fetch - base.get('plugin parse()', 0.0) - base.get('constructed parse()', 0.0)
    parts = [
        '%s %.2f s' % ('the fetch' if fetch_key.startswith('fetch') else 'reading the cache', fetch),
        'loading the plugin %+.2f s' % (mine.get('load plugins', 0.0) - base.get('load plugins', 0.0)),
        'the rest of parse() (check, name, add hosts/variables/groups) %+.2f s' % parse_rest,
        'building and encoding the output %+.2f s' % output,
        'startup and teardown outside the timers %+.2f s' % (
            (mine['whole process'] - mine['until exit']) - (base['whole process'] - base['until exit'])),
    ]
    gc = mine.get('garbage collection', 0.0) - base.get('garbage collection', 0.0)
    return ('In the phase-timer runs (tests/benchmarks/phases.py, median of %d each; see the last table) the plugin\'s '
            'process took %+.2f s relative to the floor\'s: %s; garbage collection, spread over those phases, %+.2f s.' % (
                len(result['phases'][row]), mine['whole process'] - base['whole process'], '; '.join(parts), gc))


def _why_time(result, row, floor, target):
    samples = result['rows']
    extra = seconds(samples, row) - seconds(samples, floor)
    budget = (target - 1) * seconds(samples, floor)
    text = '%.2f s over the floor (%.2f s); the target allows %.2f s. ' % (extra, seconds(samples, floor), budget)
    text += _decomposition(result, row, floor, 'cache read' if row == 'cached_list' else None)
    fetch = median(result['fetch']['times'])
    if row in ('plugin_graph', 'plugin_list') and fetch > budget:
        text += (' The fetch alone (%.2f s in-process) is more than the whole allowance: the target cannot be met '
                 'while every page is fetched before the first host is added.' % fetch)
    return text


def _why_peer(result):
    samples = result['rows']
    sdk, floor, plugin = seconds(samples, 'sdk_list'), seconds(samples, 'floor_list'), seconds(samples, 'plugin_list')
    return ('The SDK script\'s --list takes %.2f s, %.2f s more than the floor (%.2f s); this plugin takes %.2f s. '
            'Ansible\'s own --list cost is in both, so even a plugin costing nothing beyond the floor would be only '
            '%.2f times faster. ansible-core 2.19 tags an inventory script\'s output as trusted templates, so the peer\'s '
            '--list output has no unsafe markers and is cheaper to encode (and its values would be templated). With --graph, where '
            'Ansible\'s cost is smaller, the peer takes %.2f s and this plugin %.2f s (%.2f times faster).' % (
                sdk, sdk - floor, floor, plugin, sdk / floor, seconds(samples, 'sdk_graph'),
                seconds(samples, 'plugin_graph'), seconds(samples, 'sdk_graph') / seconds(samples, 'plugin_graph')))


def _why_fetch(result, latency_ms):
    fetch = result['fetch']
    waits = math.ceil(max(fetch['requests'] - 1, 0) / fetch['concurrency']) + 1
    return ('%d requests (pages of 100 overlapping by one task), the first alone and then %d at a time: at least %d '
            'latencies of %d ms (%.2f s) of waiting; the rest is the client\'s CPU (JSON decoding, checking every task, '
            'AK/SK signing) and the simulator\'s, on the same cores.' % (
                fetch['requests'], fetch['concurrency'], waits, latency_ms, waits * latency_ms / 1000.0))


def targets(result, latency_ms, labels):
    """[(target, measured, met, why)] at the largest size."""
    samples = result['rows']
    rows = []

    def add(name, row, floor, limit, why_row=None):
        value = ratio(samples, row, floor)
        met = value <= limit
        rows.append((name, '%.2f (%.2f s / %.2f s)' % (value, seconds(samples, row), seconds(samples, floor)), met,
                     '' if met else _why_time(result, why_row or row, floor, limit)))
    add('defaults, `--graph`: at most %.2f × floor' % TARGETS['graph'], 'plugin_graph', 'floor_graph', TARGETS['graph'])
    add('defaults, `--list`: at most %.2f × floor' % TARGETS['list'], 'plugin_list', 'floor_list', TARGETS['list'])
    add('keyed_groups + compose, `--list`: at most %.2f × floor, same content as `constructed`' % TARGETS['keyed'],
        'keyed_list', 'floor_list', TARGETS['keyed'])
    rows[-1] = rows[-1][:1] + (rows[-1][1] + '; %.2f × the constructed floor; content same as constructed (checked)'
                               % ratio(samples, 'keyed_list', 'cfloor_list'),) + rows[-1][2:]
    add('second run from the inventory cache, `--list`: at most %.2f × floor' % TARGETS['cached'], 'cached_list',
        'floor_list', TARGETS['cached'])
    worst = max(RSS_ROWS, key=lambda pair: rss_mib(samples, pair[0]) / rss_mib(samples, pair[1]))
    worst_ratio = rss_mib(samples, worst[0]) / rss_mib(samples, worst[1])
    rss_met = worst_ratio <= TARGETS['rss']
    rows.append(('peak RSS, every plugin row: at most %.2f × its floor' % TARGETS['rss'],
                 'worst %.2f (%s: %.0f MiB / %.0f MiB)' % (
                     worst_ratio, labels[worst[0]], rss_mib(samples, worst[0]), rss_mib(samples, worst[1])), rss_met,
                 '' if rss_met else '%s holds %.0f MiB more than %s at its peak.' % (
                     labels[worst[0]], rss_mib(samples, worst[0]) - rss_mib(samples, worst[1]), labels[worst[1]])))
    # The issue sets this target against the peer's --graph ("that script takes about 3.1 times the floor for
    # --graph"); --list is shown too, as information, with why it cannot reach the same ratio.
    peer = ratio(samples, 'sdk_graph', 'plugin_graph')
    rows.append(('against the SDK script peer, `--graph`: at least %.1f × faster' % TARGETS['peer'],
                 '%.2f × (%.2f s / %.2f s)' % (peer, seconds(samples, 'sdk_graph'), seconds(samples, 'plugin_graph')),
                 peer >= TARGETS['peer'], ''))
    peer_list = ratio(samples, 'sdk_list', 'plugin_list')
    rows.append(('(information) against the SDK script peer, `--list`',
                 '%.2f × (%.2f s / %.2f s)' % (peer_list, seconds(samples, 'sdk_list'), seconds(samples, 'plugin_list')),
                 None, _why_peer(result)))
    fetch = median(result['fetch']['times'])
    rows.append(('the fetch alone, %d tasks at %d ms: under %.1f s' % (result['fetch']['tasks'], latency_ms, TARGETS['fetch']),
                 '%.2f s (median of %d, %d requests)' % (fetch, len(result['fetch']['times']), result['fetch']['requests']),
                 fetch < TARGETS['fetch'], '' if fetch < TARGETS['fetch'] else _why_fetch(result, latency_ms)))
    return rows


def size_table(size, result, rows):
    samples = result['rows']
    lines = ['### N = {:,}'.format(size), '',
             '%d runs of every row, medians; ratios are to the floor named in the last column.' % result['runs'], '',
             '| row | wall s (median) | min – max s | time ratio | peak RSS MiB | RSS ratio | output MB | compared with |',
             '|---|---:|---:|---:|---:|---:|---:|---|']
    labels = {row.key: row.label for row in rows}
    for row in rows:
        times = samples[row.key]['times']
        time_ratio = '%.2f' % ratio(samples, row.key, row.floor) if row.floor else '1 (floor)'
        rss_ratio = '%.2f' % (rss_mib(samples, row.key) / rss_mib(samples, row.floor)) if row.floor else '1 (floor)'
        lines.append('| %s | %.2f | %.2f – %.2f | %s | %.0f | %s | %.1f | %s |' % (
            row.label, median(times), min(times), max(times), time_ratio, rss_mib(samples, row.key), rss_ratio,
            samples[row.key]['output_bytes'] / 1e6, labels.get(row.floor, '')))
    fetch = result['fetch']
    lines += ['', 'The fetch alone (LiveClient.list_relay_tasks() in-process, %d tasks, %d requests, %d at a time): '
              'median %.3f s of %s s.' % (fetch['tasks'], fetch['requests'], fetch['concurrency'], median(fetch['times']),
                                          ', '.join('%.3f' % value for value in fetch['times'])), '']
    return lines


def phase_table(size, result, labels):
    keys = list(result['phases'])
    if not keys:
        return []
    medians = {key: _phase_medians(result, key) for key in keys}
    lines = ['## Where the time goes at N = {:,}'.format(size), '',
             'Each column is one row of the table above run through `tests/benchmarks/phases.py`, which runs '
             'ansible-inventory\'s own main() with wall-clock timers around a few methods and a callback on the '
             'garbage collector (no profiler, so nothing is slowed down); median of %d runs. Lines starting with '
             '`-` are parts of the line above them. Seconds.' % len(result['phases'][keys[0]]), '',
             '| phase | %s |' % ' | '.join(labels[key] for key in keys), '|---|%s|' % '|'.join('---:' for _key in keys)]
    for name, label in PHASES:
        if any(name in medians[key] for key in keys):
            lines.append('| %s | %s |' % (label, ' | '.join(
                '%.3f' % medians[key][name] if name in medians[key] else '' for key in keys)))
    return lines + ['']


def render(results, rows, duration, latency_ms, build, load):
    largest = max(results)
    result = results[largest]
    now = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')
    lines = ['# Benchmarks: the hwcloud.live.relay_tasks inventory plugin', '',
             'Generated by `make bench` (`tests/benchmarks/run_bench.py`) on %s; the run took %d min %02d s. '
             'Do not edit by hand: run `make bench` again.' % (now, duration // 60, duration % 60), '',
             '| | |', '|---|---|']
    lines += ['| %s | %s |' % pair for pair in machine(build)]
    lines.append('| load average (1 min) | %.2f at the start, %.2f at the end (other processes share the cores) |' % load)
    lines += ['', '## What is measured', '',
              '- The Live API simulator (`tests/simulator`) serves N generated tasks with %d ms of latency on every '
              'request. Every row is a whole `ansible-inventory` process, spawned by a small launcher process that times '
              'it from spawn to exit and takes its peak RSS, `ru_maxrss`, from `os.wait4()`: the largest resident set '
              'of the process or of any of its children, so for the SDK script the larger of ansible-inventory and '
              'the script, not their sum.' % latency_ms,
              '- Rounds interleave the rows; the table gives the median of the runs and every ratio is to a floor '
              'measured in the same run. Before the rounds, one unmeasured run each of `floor --graph`, '
              '`plugin --graph` and the cached row warms the file and bytecode caches and the simulator, and fills '
              'the inventory cache, so every measured cached run is a second run.',
              '- **floor**: `tests/benchmarks/floor_inventory.py`, a plugin that reads the same tasks from a local JSON '
              'file and adds the hosts, their 21 variables and the `region_*`/`status_*` groups inside `relay_tasks`; '
              'no network, no templating, no checks.',
              '- **plugin, defaults**: hwcloud.live.relay_tasks with endpoint, project and AK/SK only.',
              '- **constructed floor**: the floor followed by `ansible.builtin.constructed` with `keyed_groups` on '
              'region and status (prefix `region`/`status`, separator `_`, parent group `relay_tasks`) and two '
              '`compose` variables (`first_source: source_urls[0]`, `target: domain`); **plugin, keyed_groups + '
              'compose** is the plugin with the same options and `group_by: []`.',
              '- **second run from the inventory cache**: `cache: true` with the jsonfile cache plugin.',
              '- **peer**: `tests/benchmarks/sdk_inventory.py`, an inventory script over huaweicloudsdklive '
              '(AK/SK, pages of 100, one request after the other).',
              '- Each ansible.cfg enables only the inventory plugins its row needs, with `unparsed_is_failed`.',
              '- Content checks (the benchmark fails if one does not hold): floor and plugin `--list` give the same '
              'hosts, variables (apart from the `relay_tasks` group variables `ansible_connection` and '
              '`ansible_python_interpreter`, which `--list` copies into every host) and groups, and the same `--graph`; '
              'the cached run prints exactly what the uncached one prints; the constructed floor and the keyed '
              'plugin give the same variables, group children and hosts of every group (with descendants); the '
              'peer gives the same hosts, values and groups.', '']
    heading = 'Targets at N = {:,}'.format(largest)
    if largest != TARGET_SIZE:
        heading += ' (the targets are set for N = {:,}; this run did not go that far)'.format(TARGET_SIZE)
    lines += ['## ' + heading, '', '| target | measured | met | why, where missed |', '|---|---|---|---|']
    labels = {row.key: row.label for row in rows}
    for name, measured, met, why in targets(result, latency_ms, labels):
        lines.append('| %s | %s | %s | %s |' % (name, measured, '—' if met is None else 'met' if met else '**missed**', why))
    if result['notes']:
        lines += ['', 'Differences in direct group membership between the constructed floor and the keyed plugin; they '
                  'change no group\'s hosts (checked with descendants):', '']
        lines += ['- %s' % note for note in result['notes']]
        if all(note.startswith('direct hosts of relay_tasks: 0 only in constructed floor') for note in result['notes']):
            lines += ['', 'The plugin puts every host whose `group_by` gives it no group (with `group_by: []`, every '
                      'host) directly into `relay_tasks` as well; the constructed floor has them in `relay_tasks` only '
                      'through its `region_*`/`status_*` children.']
    lines += [''] + reconcile_report.reconcile_lines(results)
    lines += ['## Results by size', '']
    for size in sorted(results):
        lines += size_table(size, results[size], rows)
    lines += phase_table(largest, result, labels)
    return '\n'.join(lines).rstrip('\n') + '\n'


def summary(results, rows):
    largest = max(results)
    return '\n'.join(size_table(largest, results[largest], rows))
