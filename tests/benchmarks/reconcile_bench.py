# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The reconcile row of `make bench`: one ansible-playbook process of the hwcloud.live.reconcile role over N declared tasks.

A simulator of its own (the row changes its tasks) starts with N - CREATES + DELETES seeded tasks (so that N are
declared and N remain: the API holds at most 10,000) and 20 ms of latency. The declared list is
the simulator's tasks as relay_task_info lists them (every field, null where not set), without task_id, create_time and
status, as the role's README exports it; then DELETES declared tasks are dropped (pruned, with reconcile_max_deletes set
to that many), CREATES new ones added and vod_loop_time changed on MODIFIES PullVodPushLive tasks. A check-mode run
first (unmeasured; it warms the caches) must plan exactly those actions; the measured run applies them; a second
check-mode run must plan nothing. The simulator's request log must hold exactly the expected requests (see check_requests),
or the benchmark fails.
"""

from __future__ import annotations

import importlib
import json
import math
import sys
from pathlib import Path

import yaml

# What issue 13 asks for at N = 10,000; a smaller N changes a tenth of its tasks of each kind at most.
CREATES, MODIFIES, DELETES = 100, 100, 50
LIMITS = {'wall_s': 60.0, 'rss_mib': 1024.0}
TASK_PATH = '/pull/stream/task'
VOD = 'PullVodPushLive'
LOOP_TIMES = ('2', '7')  # a vod_loop_time the generated data never holds, whatever it held (-1, 1, 3 or 10)


class ReconcileCheckFailed(RuntimeError):
    """The row's plan or requests are not what the changed declared list asks for."""


def counts_for(size: int) -> dict:
    return {'create': min(CREATES, size // 10), 'modify': min(MODIFIES, size // 10), 'delete': min(DELETES, size // 10)}


def exported(tasks: list, fields) -> list:
    """The tasks as a declared list exported from relay_task_info: every field, null where not set, minus what the API decides."""
    return [{name: task.get(name) for name in fields if name not in ('task_id', 'create_time', 'status')} for task in tasks]


def new_task(index: int) -> dict:
    """A declared task no listed task pushes to; no window, so the API starts it now and ends it 7 days later."""
    return {'source_type': 'PullLivePushLive', 'source_urls': ['rtmp://origin.example.com/live/bench-new-%05d' % index],
            'domain': 'publish.example.com', 'app_name': 'bench', 'stream_name': 'bench-new-%05d' % index,
            'callback_url': 'https://hooks.example.com/live/relay-callback'}


def changed_declaration(tasks: list, fields, counts: dict) -> list:
    """The exported list with counts['delete'] tasks dropped, counts['modify'] VOD tasks' vod_loop_time changed and
    counts['create'] new tasks appended. Deletes are taken from the end, modifies from the start, so they never meet."""
    declared = exported(tasks, fields)
    if counts['delete']:
        declared = declared[:-counts['delete']]
    vod = [task for task in declared if task['source_type'] == VOD][:counts['modify']]
    if len(vod) < counts['modify']:
        raise ReconcileCheckFailed('only %d PullVodPushLive tasks to modify, %d wanted' % (len(vod), counts['modify']))
    for task in vod:
        task['vod_loop_time'] = LOOP_TIMES[0] if task.get('vod_loop_time') != LOOP_TIMES[0] else LOOP_TIMES[1]
    return declared + [new_task(index) for index in range(counts['create'])]


def play(sim, max_deletes: int, plan_file: Path) -> list:
    """The play a user would write: the role from the collection, the declared list from a vars file."""
    return [{
        'name': 'Reconcile the relay tasks', 'hosts': 'localhost', 'gather_facts': False, 'vars_files': ['declared.json'],
        'module_defaults': {'group/hwcloud.live.live': {'endpoint': sim.url, 'project_id': sim.project_id,
                                                        'access_key': sim.access_key, 'secret_key': sim.secret_key}},
        'roles': [{'role': 'hwcloud.live.reconcile', 'vars': {'reconcile_prune': True, 'reconcile_max_deletes': max_deletes}}],
        'post_tasks': [{'name': 'Keep the plan\'s actions for the benchmark', 'check_mode': False,
                        'ansible.builtin.copy': {'dest': str(plan_file), 'mode': '0600',
                                                 'content': '{{ reconcile_plan | map(attribute="action") | list | to_json }}'}}],
    }]


def classify(log: list, project_path: str) -> dict:
    """{kind: count} of the logged requests: listing (GET without task_id), read_back (GET with it), POST, PUT, DELETE, other."""
    kinds = {'listing': 0, 'read_back': 0, 'POST': 0, 'PUT': 0, 'DELETE': 0, 'other': 0}
    for entry in log:
        on_tasks = entry['path'] == project_path
        if on_tasks and entry['method'] == 'GET':
            kinds['read_back' if any(key == 'task_id' for key, _value in entry['query']) else 'listing'] += 1
        elif on_tasks and entry['method'] in ('POST', 'PUT', 'DELETE'):
            kinds[entry['method']] += 1
        else:
            kinds['other'] += 1
    return kinds


def action_counts(plan_file: Path) -> dict:
    actions = json.loads(plan_file.read_text(encoding='utf-8'))
    return {name: actions.count(name) for name in sorted(set(actions))}


def listing_budget(size: int) -> int:
    return math.ceil(size / 99) + 1


def check_requests(phase: str, kinds: dict, size: int, counts: dict | None) -> None:
    """Exactly the writes of the plan (none in check mode), at most ceil(N/99)+1 listings, a read-back at most per write."""
    wanted = {'POST': 0, 'PUT': 0, 'DELETE': 0} if counts is None else {
        'POST': counts['create'], 'PUT': counts['modify'], 'DELETE': counts['delete']}
    problems = ['%s: %d, expected %d' % (method, kinds[method], number) for method, number in wanted.items() if kinds[method] != number]
    if kinds['listing'] > listing_budget(size):
        problems.append('listing GETs: %d, at most %d' % (kinds['listing'], listing_budget(size)))
    if kinds['read_back'] > sum(wanted.values()):
        problems.append('read-backs: %d, more than the %d writes' % (kinds['read_back'], sum(wanted.values())))
    if kinds['other']:
        problems.append('%d requests that are neither a listing, a read-back nor a write' % kinds['other'])
    if problems:
        raise ReconcileCheckFailed('reconcile, %s: %s' % (phase, '; '.join(problems)))


def check_plan(phase: str, found: dict, wanted: dict) -> None:
    wanted = {name: number for name, number in wanted.items() if number}
    if found != wanted:
        raise ReconcileCheckFailed('reconcile, %s: the plan has %s, expected %s' % (phase, found or 'no action', wanted or 'no action'))


def bench_reconcile(size: int, control, measure, settings: dict) -> dict:
    """Run the row at one size; settings: seed, latency_ms, reference_time, directory, env (ANSIBLE_COLLECTIONS_PATH set),
    bin (where ansible-playbook is), collections (the measured copy, for the field list). Returns the figures."""
    directory = Path(settings['directory'])
    if str(settings['collections']) not in sys.path:
        sys.path.insert(0, str(settings['collections']))
    fields = importlib.import_module('ansible_collections.hwcloud.live.plugins.module_utils.task_schema').TASK_FIELDS
    counts = counts_for(size)
    # N declared tasks, N tasks after the apply: the API lists at most 10,000 (total 0~10000), and the client refuses
    # more, so the simulator starts with N - creates + deletes
    listed = size - counts['create'] + counts['delete']
    with control.SimulatorProcess(tasks=listed, seed=settings['seed'], latency_ms=settings['latency_ms'],
                                  extra_args=('--reference-time', settings['reference_time'])) as sim:
        declared = changed_declaration(sim.tasks(), fields, counts)
        (directory / 'declared.json').write_text(json.dumps({'reconcile_desired_tasks': declared}), encoding='utf-8')
        plan_file = directory / 'plan.json'
        (directory / 'reconcile.yml').write_text(yaml.safe_dump(play(sim, counts['delete'], plan_file), sort_keys=False),
                                                 encoding='utf-8')
        (directory / 'reconcile.cfg').write_text('[defaults]\nretry_files_enabled = false\n', encoding='utf-8')
        env = dict(settings['env'], ANSIBLE_CONFIG=str(directory / 'reconcile.cfg'))
        argv = [str(Path(settings['bin']) / 'ansible-playbook'), '-i', 'localhost,', '-c', 'local',
                '-e', 'ansible_python_interpreter=%s' % sys.executable, str(directory / 'reconcile.yml')]
        project_path = '/v1/%s%s' % (sim.project_id, TASK_PATH)
        phases = {}
        for phase, extra in (('plan', ['--check']), ('apply', []), ('second plan', ['--check'])):
            sim.clear_requests()
            output = directory / ('reconcile-%s.out' % phase.replace(' ', '-'))
            try:
                elapsed, rss = measure(argv + extra, env, directory, output)
            except RuntimeError as error:  # the play's failure is in its output
                raise ReconcileCheckFailed('reconcile, %s: %s\n%s' % (phase, error, output.read_text(encoding='utf-8')[-3000:])) from None
            kinds = classify(sim.requests_log(), project_path)
            check_requests(phase, kinds, size, counts if phase == 'apply' else None)
            check_plan(phase, action_counts(plan_file), counts if phase != 'second plan' else {})
            phases[phase] = {'elapsed': elapsed, 'rss_kib': rss, 'requests': kinds}
            plan_file.unlink()
        listed_after = len(sim.tasks())
    if listed_after != size or len(declared) != size:
        raise ReconcileCheckFailed('reconcile: %d tasks declared and %d after the apply, expected %d' % (len(declared), listed_after, size))
    return {'size': size, 'counts': counts, 'listed': listed, 'declared': len(declared), 'phases': phases,
            'listing_budget': listing_budget(size), 'declared_bytes': (directory / 'declared.json').stat().st_size}
