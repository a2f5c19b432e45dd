# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The relay_tasks lookup and the relay_task_info module through real ansible-playbook runs against the simulator."""

from __future__ import annotations

import json

import pytest
import yaml
from harness import flat

MISSING_ID = '00000000-0000-4000-8000-000000000000'


def selections(tasks):
    """Named option sets, and the expected task ids for each, computed from the simulator's own data."""
    vod_filter = "source_type == 'PullVodPushLive'"
    some_ids = [tasks[0]['task_id'], tasks[5]['task_id'], tasks[9]['task_id']]
    cases = {
        'everything': ({}, tasks),
        'one_region': ({'regions': ['cn-north-4']}, [t for t in tasks if t['region'] == 'cn-north-4']),
        'two_statuses': ({'statuses': ['suspend', 'failed']}, [t for t in tasks if t['status'] in ('suspend', 'failed')]),
        'filter': ({'filter': vod_filter}, [t for t in tasks if t['source_type'] == 'PullVodPushLive']),
        'regions_statuses_filter': (
            {'regions': ['cn-north-4', 'cn-east-3'], 'statuses': ['running'], 'filter': vod_filter},
            [t for t in tasks if t['region'] in ('cn-north-4', 'cn-east-3') and t['status'] == 'running'
             and t['source_type'] == 'PullVodPushLive']),
        'task_ids': ({'task_ids': some_ids}, [t for t in tasks if t['task_id'] in some_ids]),
        'task_ids_in_one_region': ({'task_ids': some_ids, 'regions': [tasks[5]['region']], 'on_missing': 'skip'},
                                   [t for t in tasks if t['task_id'] in some_ids and t['region'] == tasks[5]['region']]),
    }
    return {name: (options, {task['task_id'] for task in expected}) for name, (options, expected) in cases.items()}


def lookup_call(options: dict, connection: dict) -> str:
    """A query() expression with the options as keyword arguments; task_ids become terms."""
    options = dict(options)
    terms = [json.dumps(task_id) for task_id in options.pop('task_ids', [])]
    keywords = ['%s=%s' % (key, json.dumps(value)) for key, value in {**connection, **options}.items()]
    return "query('hwcloud.live.relay_tasks', %s)" % ', '.join(terms + keywords)


def data_playbook(cases: dict, connection: dict, out) -> str:
    """One play: for every case, the lookup's and the module's task ids written to files."""
    tasks = []
    for name, (options, _expected) in cases.items():
        tasks.append({'name': 'lookup %s' % name, 'ansible.builtin.copy': {
            'dest': '%s/%s-lookup.json' % (out, name), 'mode': '0600',
            'content': "{{ %s | map(attribute='task_id') | list | to_json }}" % lookup_call(options, connection)}})
        tasks.append({'name': 'module %s' % name, 'hwcloud.live.relay_task_info': dict(options), 'register': 'info_%s' % name})
        tasks.append({'name': 'save %s' % name, 'ansible.builtin.copy': {
            'dest': '%s/%s-module.json' % (out, name), 'mode': '0600',
            'content': "{{ info_%s.relay_tasks | map(attribute='task_id') | list | to_json }}" % name}})
    play = {'name': 'Relay tasks as data', 'hosts': 'localhost', 'gather_facts': False,
            'module_defaults': {'group/hwcloud.live.live': connection}, 'tasks': tasks}
    return yaml.safe_dump([play], sort_keys=False)


def connection_of(simulator) -> dict:
    return {'endpoint': simulator.url, 'project_id': simulator.project_id, 'auth_token': simulator.token, 'retries': 1}


def test_lookup_and_module_return_exactly_the_selected_tasks(ansible, simulator, tmp_path):
    cases = selections(simulator.tasks())
    assert all(expected for _options, expected in cases.values())
    out = tmp_path / 'out'
    out.mkdir()
    result = ansible.run(ansible.playbook_command(data_playbook(cases, connection_of(simulator), out)))
    assert result.returncode == 0, result.stdout + result.stderr
    for name, (_options, expected) in cases.items():
        for source in ('lookup', 'module'):
            found = json.loads((out / ('%s-%s.json' % (name, source))).read_text())
            assert len(found) == len(set(found)), (name, source)
            assert set(found) == expected, (name, source)


def test_the_three_entry_points_return_the_same_tasks(ansible, simulator, tmp_path):
    options = {'regions': ['cn-north-4', 'ap-southeast-2'], 'statuses': ['running', 'suspend', 'waiting'],
               'filter': 'length(source_urls) >= `1`'}
    connection = connection_of(simulator)
    inventory = ansible.inventory_list({'plugin': 'hwcloud.live.relay_tasks', **connection, **options})
    from_inventory = set(inventory['_meta']['hostvars'])
    out = tmp_path / 'out'
    out.mkdir()
    result = ansible.run(ansible.playbook_command(data_playbook({'same': (options, None)}, connection, out)))
    assert result.returncode == 0, result.stdout + result.stderr
    from_lookup = set(json.loads((out / 'same-lookup.json').read_text()))
    from_module = set(json.loads((out / 'same-module.json').read_text()))
    assert from_inventory and from_inventory == from_lookup == from_module


@pytest.mark.parametrize('on_missing', ['error', 'warn', 'skip'])
def test_a_missing_task_id_behaves_as_on_missing_says(ansible, simulator, on_missing):
    known = simulator.tasks()[0]['task_id']
    connection = connection_of(simulator)
    call = lookup_call({'task_ids': [known, MISSING_ID], 'on_missing': on_missing}, connection)
    playbook = yaml.safe_dump([{'hosts': 'localhost', 'gather_facts': False, 'tasks': [
        {'name': 'lookup', 'ansible.builtin.debug': {'msg': "{{ %s | map(attribute='task_id') | list }}" % call},
         'ignore_errors': True},
        {'name': 'module', 'hwcloud.live.relay_task_info': dict(connection, task_ids=[known, MISSING_ID], on_missing=on_missing),
         'register': 'info', 'ignore_errors': True},
        {'name': 'module result', 'ansible.builtin.debug': {'msg': 'module ids {{ info.relay_tasks | default([]) | map(attribute="task_id") | list }}'}},
    ]}])
    result = ansible.run(ansible.playbook_command(playbook))
    output = flat(result.stdout + result.stderr)
    assert result.returncode == 0, output
    if on_missing == 'error':
        assert 'hwcloud.live.relay_tasks: the API does not know task %s' % MISSING_ID in output
        assert 'task_ids: the API does not know task %s' % MISSING_ID in output
        assert output.count('...ignoring') == 2
    else:
        assert "module ids ['%s']" % known in output
        assert output.count('...ignoring') == 0
        warned = output.count('does not know task %s' % MISSING_ID)
        assert warned == (2 if on_missing == 'warn' else 0)


@pytest.mark.parametrize('entry_point', ['lookup', 'module'])
def test_a_bad_token_fails_with_one_clear_line_and_no_secret(ansible, simulator, entry_point):
    secret = 'bad-token-s3cr3t-value'
    connection = dict(connection_of(simulator), auth_token=secret)
    if entry_point == 'lookup':
        task = {'ansible.builtin.debug': {'msg': '{{ %s }}' % lookup_call({}, connection)}}
    else:
        task = {'hwcloud.live.relay_task_info': connection}
    result = ansible.run(ansible.playbook_command(yaml.safe_dump([{'hosts': 'localhost', 'gather_facts': False, 'tasks': [task]}])))
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert 'pull/stream/task?offset=0&limit=100: HTTP 401 APIGW.0301: Incorrect IAM authentication information' in flat(output)
    assert secret not in output
    assert 'Traceback' not in output
