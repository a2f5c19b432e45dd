# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The hwcloud.live.reconcile role through ansible-playbook against the simulator: plan, apply, re-plan, prune limits,
one listing per run, a failed write, and a declared list exported from the listing."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import yaml
from harness import flat, listing_requests

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


def reconcile_play(simulator, out, before=(), **role_vars) -> str:
    role_vars = dict({'reconcile_desired_tasks': DESIRED}, **role_vars)
    role = {'block': [{'ansible.builtin.include_role': {'name': 'hwcloud.live.reconcile'}, 'vars': role_vars}],
            'always': [{'ansible.builtin.copy': {'dest': str(out), 'mode': '0600',
                                                 'content': '{{ reconcile_plan | default(None) | to_json }}'},
                        'check_mode': False}]}
    play = {'hosts': 'localhost', 'gather_facts': False,
            'module_defaults': {'group/hwcloud.live.live': {'endpoint': simulator.url, 'project_id': simulator.project_id,
                                                            'auth_token': simulator.token, 'retries': 0}},
            'tasks': list(before) + [role]}
    return yaml.safe_dump([play], sort_keys=False)


def run(ansible, simulator, tmp_path, *args, before=(), **role_vars):
    out = tmp_path / 'plan.json'
    result = ansible.run(ansible.playbook_command(reconcile_play(simulator, out, before, **role_vars)) + list(args))
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


def pages_listed(simulator) -> list:
    """The listing requests of the log: GETs of the task path without a task_id (a read-back names its task)."""
    return [entry for entry in listing_requests(simulator) if 'task_id' not in dict(entry['query'])]


def test_one_listing_pass_then_only_the_writes_and_their_read_backs(ansible, simulator, tmp_path):
    simulator.set_tasks(CURRENT)
    result, plan = run(ansible, simulator, tmp_path, reconcile_prune=True, reconcile_max_deletes=3)
    assert result.returncode == 0, result.stdout + result.stderr
    assert actions(plan) == EXPECTED | PRUNED
    assert len(pages_listed(simulator)) == 1
    read_backs = [entry for entry in listing_requests(simulator) if 'task_id' in dict(entry['query'])]
    # modify, pause, enable, create and recreate are each read back once; the three deletes are not.
    assert len(read_backs) == 5
    assert len(simulator.write_requests()) == 8
    assert len(simulator.requests_log()) == 1 + 5 + 8


def test_check_mode_shows_the_plan_the_apply_then_carries_out(ansible, simulator, tmp_path):
    simulator.set_tasks(CURRENT)
    checked, check_plan = run(ansible, simulator, tmp_path, '--check', reconcile_prune=True, reconcile_max_deletes=3)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert simulator.write_requests() == [] and len(pages_listed(simulator)) == 1
    assert 'delete    t-undeclared-1' in checked.stdout
    applied, apply_plan = run(ansible, simulator, tmp_path, reconcile_prune=True, reconcile_max_deletes=3)
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert apply_plan == check_plan


# No recreate: the one create is the first POST, and the fault refuses it.
WITHOUT_RECREATE = [task for task in DESIRED if task['stream_name'] != 'new-callback']
REFUSED_POST = {'kind': 'status', 'status': 400, 'match': {'method': 'POST'}, 'times': 1}


def test_a_refused_create_stops_the_run_and_reports_every_action(ansible, simulator, tmp_path):
    simulator.set_tasks(CURRENT)
    simulator.set_faults([REFUSED_POST])
    result, plan = run(ansible, simulator, tmp_path, reconcile_desired_tasks=WITHOUT_RECREATE, reconcile_concurrency=1)
    assert result.returncode != 0
    assert [item['action'] for item in plan] == ['create', 'modify', 'pause', 'enable']
    assert '1 of 4 relay task actions failed and 3 were not started; the first: create publish.example.com/live/missing' in flat(result.stdout)
    assert [entry['method'] for entry in simulator.write_requests()] == ['POST']
    assert '"status": "skipped"' in result.stdout and '"status": "failed"' in result.stdout


def test_with_continue_on_error_the_other_actions_still_run(ansible, simulator, tmp_path):
    simulator.set_tasks(CURRENT)
    simulator.set_faults([REFUSED_POST])
    result, plan = run(ansible, simulator, tmp_path, reconcile_desired_tasks=WITHOUT_RECREATE, reconcile_concurrency=1,
                       reconcile_continue_on_error=True)
    assert result.returncode != 0
    assert '1 of 4 relay task actions failed; the first: create publish.example.com/live/missing' in flat(result.stdout)
    assert sorted(entry['method'] for entry in simulator.write_requests()) == ['POST', 'PUT', 'PUT', 'PUT']
    assert len(plan) == 4


# What a user writes to declare the tasks as relay_task_info lists them: the listing's fields, region included,
# without the ones the API decides (task_id, create_time) or that take other values in a declaration (status).
EXPORTED = ("{{ exported.relay_tasks | map('dict2items') | map('rejectattr', 'key', 'in', ['task_id', 'create_time', 'status'])"
            " | map('items2dict') | list }}")


def test_a_declared_list_exported_from_the_listing_plans_nothing_and_writes_nothing(ansible, simulator, tmp_path):
    simulator.set_tasks(CURRENT)
    export = [{'name': 'Export the tasks', 'hwcloud.live.relay_task_info': {}, 'register': 'exported'}]
    result, plan = run(ansible, simulator, tmp_path, before=export, reconcile_desired_tasks=EXPORTED, reconcile_prune=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert plan == [] and simulator.write_requests() == []
    assert 'Nothing to do: the relay tasks match the declared list.' in result.stdout
