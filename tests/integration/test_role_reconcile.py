# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The hwcloud.live.reconcile role through ansible-playbook against the simulator: plan, apply, re-plan, prune limits."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import yaml
from harness import flat

# A window around today, so the declared tasks keep the API's rules (at most 7 days, end in the future) on any day.
START = (datetime.now(timezone.utc) - timedelta(days=1)).strftime('%Y-%m-%dT%H:%M:%SZ')
END = (datetime.now(timezone.utc) + timedelta(days=3)).strftime('%Y-%m-%dT%H:%M:%SZ')


def live(stream: str, **fields) -> dict:
    """A declared live task pushing to publish.example.com/live/<stream>."""
    declared = {'source_type': 'PullLivePushLive', 'source_urls': ['rtmp://origin.example.com/live/%s' % stream],
                'domain': 'publish.example.com', 'app_name': 'live', 'stream_name': stream,
                'callback_url': 'https://hooks.example.com/cb'}
    declared.update(fields)
    return declared


def listed(task_id: str, declared: dict, status: str = 'running') -> dict:
    """The simulator's form of a declared task that already exists."""
    task = {'task_id': task_id, 'status': status, 'region': 'cn-north-4', 'push_args': '', 'destination_url': '',
            'callback_events': [], 'start_time': START, 'end_time': END, 'create_time': START}
    task.update({key: value for key, value in declared.items() if key != 'status'})
    return task


DESIRED = [
    live('in-sync'),
    live('new-source', source_urls=['rtmp://origin2.example.com/live/new-source']),
    live('to-pause', status='paused'),
    live('to-enable', status='enabled'),
    live('new-callback', callback_url='https://hooks2.example.com/cb'),
    live('missing'),
]
CURRENT = [
    listed('t-in-sync', DESIRED[0]),
    listed('t-new-source', live('new-source')),
    listed('t-to-pause', DESIRED[2]),
    listed('t-to-enable', DESIRED[3], status='suspend'),
    listed('t-new-callback', live('new-callback')),
    listed('t-undeclared-1', live('undeclared-1')),
    listed('t-undeclared-2', live('undeclared-2')),
]


def reconcile_play(simulator, out, **role_vars) -> str:
    role_vars = dict({'reconcile_desired_tasks': DESIRED}, **role_vars)
    play = {'hosts': 'localhost', 'gather_facts': False,
            'module_defaults': {'group/hwcloud.live.live': {'endpoint': simulator.url, 'project_id': simulator.project_id,
                                                            'auth_token': simulator.token, 'retries': 0}},
            'tasks': [{'block': [{'ansible.builtin.include_role': {'name': 'hwcloud.live.reconcile'}, 'vars': role_vars}],
                       'always': [{'ansible.builtin.copy': {'dest': str(out), 'mode': '0600',
                                                            'content': '{{ reconcile_plan | default(None) | to_json }}'},
                                   'check_mode': False}]}]}
    return yaml.safe_dump([play], sort_keys=False)


def run(ansible, simulator, tmp_path, *args, **role_vars):
    out = tmp_path / 'plan.json'
    result = ansible.run(ansible.playbook_command(reconcile_play(simulator, out, **role_vars)) + list(args))
    return result, json.loads(out.read_text())


def actions(plan) -> set:
    return {(item['action'], item['task_id'], item['target']) for item in plan}


EXPECTED = {
    ('modify', 't-new-source', 'publish.example.com/live/new-source'),
    ('pause', 't-to-pause', 'publish.example.com/live/to-pause'),
    ('enable', 't-to-enable', 'publish.example.com/live/to-enable'),
    ('recreate', 't-new-callback', 'publish.example.com/live/new-callback'),
    ('create', None, 'publish.example.com/live/missing'),
}
PRUNED = {('delete', 't-undeclared-1', 'publish.example.com/live/undeclared-1'),
          ('delete', 't-undeclared-2', 'publish.example.com/live/undeclared-2')}


def test_the_plan_for_a_prepared_drift_is_exactly_the_expected_actions_and_check_mode_writes_nothing(ansible, simulator, tmp_path):
    simulator.set_tasks(CURRENT)
    result, plan = run(ansible, simulator, tmp_path, '--check', reconcile_prune=True, reconcile_max_deletes=3)
    assert result.returncode == 0, result.stdout + result.stderr
    assert actions(plan) == EXPECTED | PRUNED
    assert simulator.write_requests() == []
    assert 'ACTION    TASK' in result.stdout and 'recreate  t-new-callback' in result.stdout


def test_without_prune_undeclared_tasks_are_kept(ansible, simulator, tmp_path):
    simulator.set_tasks(CURRENT)
    result, plan = run(ansible, simulator, tmp_path, '--check', reconcile_max_deletes=1)
    assert result.returncode == 0, result.stdout
    assert actions(plan) == EXPECTED


def test_apply_then_plan_again_is_empty(ansible, simulator, tmp_path):
    simulator.set_tasks(CURRENT)
    result, plan = run(ansible, simulator, tmp_path, reconcile_prune=True, reconcile_max_deletes=3)
    assert result.returncode == 0, result.stdout + result.stderr
    assert actions(plan) == EXPECTED | PRUNED
    methods = sorted(entry['method'] for entry in simulator.write_requests())
    assert methods == sorted(['PUT', 'PUT', 'PUT', 'DELETE', 'POST', 'POST', 'DELETE', 'DELETE'])
    simulator.clear_requests()
    again, plan = run(ansible, simulator, tmp_path, reconcile_prune=True, reconcile_max_deletes=3)
    assert again.returncode == 0, again.stdout
    assert plan == [] and simulator.write_requests() == []
    assert 'Nothing to do: the relay tasks match the declared list.' in again.stdout
    streams = sorted(task['stream_name'] for task in simulator.tasks())
    assert streams == sorted(declared['stream_name'] for declared in DESIRED)


def test_more_deletes_than_allowed_fail_before_any_change(ansible, simulator, tmp_path):
    simulator.set_tasks(CURRENT)
    for limit in (0, 2):
        result, plan = run(ansible, simulator, tmp_path, reconcile_prune=True, reconcile_max_deletes=limit)
        assert result.returncode != 0
        assert ('The plan deletes 3 relay tasks (1 of them recreated) but reconcile_max_deletes is %d; nothing was changed.'
                % limit) in flat(result.stdout)
        assert actions(plan) == EXPECTED | PRUNED
        assert simulator.write_requests() == []


def test_recreates_count_as_deletes_and_a_plan_of_recreates_over_the_limit_writes_nothing(ansible, simulator, tmp_path):
    declared = [live('cb-1', callback_url='https://hooks2.example.com/cb'), live('cb-2', callback_url='https://hooks2.example.com/cb')]
    simulator.set_tasks([listed('t-cb-1', live('cb-1')), listed('t-cb-2', live('cb-2'))])
    result, plan = run(ansible, simulator, tmp_path, reconcile_desired_tasks=declared, reconcile_max_deletes=1)
    assert result.returncode != 0
    assert {item['action'] for item in plan} == {'recreate'} and len(plan) == 2
    assert ('The plan deletes 2 relay tasks (2 of them recreated) but reconcile_max_deletes is 1; nothing was changed.'
            in flat(result.stdout))
    assert simulator.write_requests() == []
    result, plan = run(ansible, simulator, tmp_path, reconcile_desired_tasks=declared, reconcile_max_deletes=2)
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(entry['method'] for entry in simulator.write_requests()) == ['DELETE', 'DELETE', 'POST', 'POST']


def test_a_failed_listing_plans_nothing_and_changes_nothing(ansible, simulator, tmp_path):
    simulator.set_tasks(CURRENT)
    simulator.set_faults([{'kind': 'status', 'status': 503}])
    result, plan = run(ansible, simulator, tmp_path, reconcile_prune=True, reconcile_max_deletes=10)
    assert result.returncode != 0
    assert plan is None
    assert 'HTTP 503' in flat(result.stdout)
    assert simulator.write_requests() == []


def test_a_declared_task_breaking_a_rule_is_named(ansible, simulator, tmp_path):
    simulator.set_tasks(CURRENT)
    bad = DESIRED + [live('two-sources', source_urls=['rtmp://a/1', 'rtmp://a/2'])]
    result, plan = run(ansible, simulator, tmp_path, reconcile_desired_tasks=bad)
    assert result.returncode != 0 and plan is None
    assert ('desired_tasks[6] (publish.example.com/live/two-sources): source_urls: a PullLivePushLive task takes'
            ' exactly one source URL, got 2') in flat(result.stdout)
    assert simulator.write_requests() == []
