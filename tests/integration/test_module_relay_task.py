# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The relay_task module through real ansible-playbook runs against the simulator's write endpoints."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
import yaml
from harness import flat

LIVE_TASK = {'source_type': 'PullLivePushLive', 'source_urls': ['rtmp://origin.example.com/live/news?sign=k3y'],
             'domain': 'publish.example.com', 'app_name': 'live', 'stream_name': 'news-relay',
             'push_args': 'auth_key=pu5h-s3cret', 'callback_url': 'https://hooks.example.com/live',
             'callback_events': ['TaskStart', 'TaskExit', 'TaskAlarm']}
TARGET = {key: LIVE_TASK[key] for key in ('domain', 'app_name', 'stream_name')}
VOD_TASK = {'source_type': 'PullVodPushLive', 'source_urls': ['https://vod.example.com/a.mp4', 'https://vod.example.com/b.mp4'],
            'destination_url': 'rtmp://publish.example.com/live/vod-relay?token=d3st-s3cret', 'vod_loop_time': '-1'}


def in_days(days: float) -> str:
    return (datetime.now(timezone.utc) + timedelta(days=days)).strftime('%Y-%m-%dT%H:%M:%SZ')


def run_module(ansible, simulator, *calls, check=False, diff=False, tmp_path=None):
    """Run hwcloud.live.relay_task once per call in one play; return (process, [result of each call])."""
    out = tmp_path / 'results.json'
    tasks = []
    for index, args in enumerate(calls):
        tasks.append({'name': 'call %d' % index, 'hwcloud.live.relay_task': args, 'register': 'r%d' % index,
                      'ignore_errors': True})
    results = '[%s]' % ', '.join('r%d' % index for index in range(len(calls)))
    tasks.append({'name': 'save results', 'ansible.builtin.copy': {'dest': str(out), 'mode': '0600',
                                                                   'content': '{{ %s | to_json }}' % results},
                  'check_mode': False, 'diff': False})
    play = {'hosts': 'localhost', 'gather_facts': False, 'tasks': tasks, 'module_defaults': {'group/hwcloud.live.live': {
        'endpoint': simulator.url, 'project_id': simulator.project_id, 'auth_token': simulator.token, 'retries': 0}}}
    command = ansible.playbook_command(yaml.safe_dump([play], sort_keys=False))
    command += ['--check'] if check else []
    command += ['--diff'] if diff else []
    process = ansible.run(command)
    assert process.returncode == 0, process.stdout + process.stderr
    return process, json.loads(out.read_text())


def methods(simulator):
    return [entry['method'] for entry in simulator.write_requests()]


def listed(simulator, task_id):
    return next((task for task in simulator.tasks() if task['task_id'] == task_id), None)


def given(task: dict) -> dict:
    """The fields that hold a value: the module lists absent fields as null, the simulator leaves them out."""
    return {key: value for key, value in task.items() if value is not None}


@pytest.fixture(autouse=True, params=['applied', 'ignored'])
def live_modify(request, simulator):
    """Every test runs twice: the simulator applies a modify of a PullLivePushLive task, or accepts and ignores it.

    The vendor SDK says a modify takes effect only for PullVodPushLive tasks and leaves open which of the two happens.
    """
    simulator.set_live_modify(request.param)
    return request.param


@pytest.fixture
def empty(simulator):
    simulator.set_tasks([])
    return simulator


def write_request_ids(simulator) -> list:
    """(method, request id) of every write the simulator answered, in order."""
    return [(entry['method'], entry['request_id']) for entry in simulator.write_requests()]


def assert_no_secret(text: str) -> None:
    for secret in ('pu5h-s3cret', 'k3y', 'd3st-s3cret'):
        assert secret not in text


def test_create_then_the_same_run_again_changes_nothing(ansible, empty, tmp_path):
    _process, (first, second) = run_module(ansible, empty, LIVE_TASK, LIVE_TASK, tmp_path=tmp_path)
    assert first['changed'] and first['action'] == 'create' and not first['recreated']
    assert not second['changed'] and second['action'] == 'none'
    assert methods(empty) == ['POST']
    task = listed(empty, first['relay_task']['task_id'])
    assert {key: task[key] for key in LIVE_TASK} == LIVE_TASK
    assert given(second['relay_task']) == given(task) == given(first['relay_task'])


def test_a_modify_is_read_back_kept_when_applied_and_a_failure_naming_the_field_when_ignored(ansible, empty, live_modify, tmp_path):
    _process, (created,) = run_module(ansible, empty, LIVE_TASK, tmp_path=tmp_path)
    task_id = created['relay_task']['task_id']
    empty.clear_requests()
    new_end = in_days(2)
    _process, (changed, again) = run_module(ansible, empty, {'task_id': task_id, 'end_time': new_end},
                                            {'task_id': task_id, 'end_time': new_end}, tmp_path=tmp_path)
    assert methods(empty) == (['PUT'] if live_modify == 'applied' else ['PUT', 'PUT'])
    after = listed(empty, task_id)
    assert after['source_urls'] == LIVE_TASK['source_urls']
    if live_modify == 'applied':
        assert changed['changed'] and changed['action'] == 'update' and not again['changed']
        assert after['end_time'] == new_end and changed['relay_task']['end_time'] == new_end
        return
    put_id = write_request_ids(empty)[0][1]
    assert changed['failed'] and not changed['changed']
    assert changed['msg'].startswith("end_time: the API accepted the modify of task '%s' but the task does not hold the values sent"
                                     " (request ids: modify %s)" % (task_id, put_id))
    assert 'only for PullVodPushLive tasks' in changed['msg'] and 'set recreate: true' in changed['msg']
    assert changed['request_id'] == put_id and after['end_time'] != new_end


def test_recreate_true_makes_a_modify_the_api_ignores_by_deleting_and_creating(ansible, empty, live_modify, tmp_path):
    _process, (created,) = run_module(ansible, empty, LIVE_TASK, tmp_path=tmp_path)
    task_id = created['relay_task']['task_id']
    empty.clear_requests()
    change = {'task_id': task_id, 'end_time': in_days(2), 'source_urls': ['rtmp://origin2.example.com/live/news'], 'recreate': True}
    _process, (changed,) = run_module(ansible, empty, change, tmp_path=tmp_path)
    (task,) = empty.tasks()
    assert task['end_time'] == change['end_time'] and task['source_urls'] == change['source_urls']
    assert task['push_args'] == LIVE_TASK['push_args'] and changed['relay_task']['task_id'] == task['task_id']
    if live_modify == 'applied':
        assert changed['action'] == 'update' and not changed['recreated'] and task['task_id'] == task_id
        assert methods(empty) == ['PUT']
    else:
        assert changed['action'] == 'recreate' and changed['recreated'] and task['task_id'] != task_id
        assert methods(empty) == ['PUT', 'DELETE', 'POST']


def test_pause_enable_and_identify_by_target(ansible, empty, live_modify, tmp_path):
    _process, results = run_module(ansible, empty, LIVE_TASK, dict(TARGET, status='paused'), dict(TARGET, status='paused'),
                                   dict(TARGET, status='enabled'), tmp_path=tmp_path)
    created, paused, still_paused, enabled = results
    assert methods(empty) == ['POST', 'PUT', 'PUT']
    assert created['relay_task']['task_id'] == listed(empty, created['relay_task']['task_id'])['task_id']
    if live_modify == 'ignored':
        for result in (paused, still_paused):
            assert result['failed'] and result['msg'].startswith("status: the API accepted the modify of task '%s'"
                                                                 % created['relay_task']['task_id'])
            assert "(it lists status 'running')" in result['msg'] and 'state: absent deletes it' in result['msg']
        assert not enabled['changed'] and enabled['relay_task']['status'] == 'running'
        return
    assert paused['changed'] and paused['relay_task']['status'] == 'suspend'
    assert not still_paused['changed']
    assert enabled['changed'] and enabled['relay_task']['status'] in ('running', 'waiting')
    assert len({result['relay_task']['task_id'] for result in results}) == 1
    assert created['relay_task']['task_id'] == enabled['relay_task']['task_id']


def test_create_paused(ansible, empty, tmp_path):
    _process, (created,) = run_module(ansible, empty, dict(VOD_TASK, status='paused'), tmp_path=tmp_path)
    assert created['relay_task']['status'] == 'suspend' and methods(empty) == ['POST', 'PUT']


def test_delete_and_delete_of_an_absent_task(ansible, empty, tmp_path):
    _process, (created, deleted, again, by_id) = run_module(
        ansible, empty, VOD_TASK, {'destination_url': VOD_TASK['destination_url'], 'state': 'absent'},
        {'destination_url': VOD_TASK['destination_url'], 'state': 'absent'},
        {'task_id': '00000000-0000-4000-8000-000000000000', 'state': 'absent'}, tmp_path=tmp_path)
    assert created['changed'] and deleted['changed'] and deleted['action'] == 'delete' and deleted['relay_task'] == {}
    assert not again['changed'] and not by_id['changed']
    assert empty.tasks() == [] and methods(empty) == ['POST', 'DELETE']


def test_check_mode_sends_no_write(ansible, simulator, tmp_path):
    existing = simulator.tasks()[0]
    calls = [LIVE_TASK, {'task_id': existing['task_id'], 'status': 'paused' if existing['status'] != 'suspend' else 'enabled'},
             {'task_id': existing['task_id'], 'state': 'absent'},
             {'task_id': existing['task_id'], 'callback_url': 'https://other.example.com/cb', 'recreate': True}]
    _process, results = run_module(ansible, simulator, *calls, check=True, tmp_path=tmp_path)
    assert [result['action'] for result in results] == ['create', 'update', 'delete', 'recreate']
    assert all(result['changed'] for result in results)
    assert methods(simulator) == []
    assert results[0]['relay_task']['task_id'] is None and results[0]['relay_task']['stream_name'] == 'news-relay'
    assert results[3]['relay_task']['callback_url'] == 'https://other.example.com/cb'
    assert given(listed(simulator, existing['task_id'])) == given(existing)


def test_diff_shows_every_changing_field_with_secrets_redacted(ansible, empty, tmp_path):
    _process, (created,) = run_module(ansible, empty, LIVE_TASK, tmp_path=tmp_path)
    change = {'task_id': created['relay_task']['task_id'], 'source_urls': ['rtmp://origin2.example.com/live/news?sign=n3w'],
              'push_args': 'auth_key=n3w-s3cret', 'status': 'paused', 'recreate': True}
    process, (result,) = run_module(ansible, empty, change, diff=True, check=True, tmp_path=tmp_path)
    assert result['diff']['before'] == {'source_urls': ['rtmp://origin.example.com/live/news?<redacted>'],
                                        'push_args': '<redacted>', 'status': 'running'}
    assert result['diff']['after'] == {'source_urls': ['rtmp://origin2.example.com/live/news?<redacted>'],
                                       'push_args': '<redacted>', 'status': 'paused'}
    for secret in ('k3y', 'n3w', 'pu5h-s3cret', 'n3w-s3cret'):
        assert secret not in process.stdout
    assert '-        "push_args": "<redacted>"' not in process.stdout and '"status": "paused"' in process.stdout
    _process, (shown,) = run_module(ansible, empty, dict(change, show_sensitive=True), diff=True, check=True, tmp_path=tmp_path)
    assert shown['diff']['after']['push_args'] == 'auth_key=n3w-s3cret'


def test_a_field_that_cannot_change_fails_without_recreate_and_is_recreated_with_it(ansible, empty, tmp_path):
    _process, (created,) = run_module(ansible, empty, LIVE_TASK, tmp_path=tmp_path)
    old_id = created['relay_task']['task_id']
    moved = dict(TARGET, callback_url='https://hooks2.example.com/live')
    _process, (refused, recreated, again) = run_module(ansible, empty, moved, dict(moved, recreate=True), dict(moved, recreate=True),
                                                       tmp_path=tmp_path)
    assert refused['failed'] and refused['msg'].startswith('callback_url cannot be changed on an existing task')
    assert recreated['changed'] and recreated['recreated'] and recreated['action'] == 'recreate'
    assert recreated['relay_task']['task_id'] != old_id and recreated['relay_task']['callback_url'] == moved['callback_url']
    assert recreated['relay_task']['push_args'] == LIVE_TASK['push_args']
    assert not again['changed']
    assert [task['task_id'] for task in empty.tasks()] == [recreated['relay_task']['task_id']]
    assert methods(empty) == ['POST', 'DELETE', 'POST']


# The refusal echoes the push_args it was sent: the messages that quote it must still hide the stream key.
REFUSED_CREATE = {'kind': 'status', 'status': 400, 'error_code': 'LIVE.100011001', 'match': {'method': 'POST'},
                  'error_msg': 'Request Illegal: simulated refusal of push_args auth_key=pu5h-s3cret'}
DROPPED_CREATE = {'kind': 'reset', 'match': {'method': 'POST'}}
MOVED = {'callback_url': 'https://hooks2.example.com/live', 'recreate': True}


@pytest.mark.parametrize('fault', [REFUSED_CREATE, DROPPED_CREATE], ids=['refused', 'dropped'])
def test_a_recreate_whose_create_fails_restores_the_old_task_and_says_so(ansible, empty, fault, tmp_path):
    _process, (created,) = run_module(ansible, empty, LIVE_TASK, tmp_path=tmp_path)
    old_id = created['relay_task']['task_id']
    empty.clear_requests()
    empty.set_faults([dict(fault, times=1)])
    process, (result,) = run_module(ansible, empty, dict(MOVED, task_id=old_id), tmp_path=tmp_path)
    (delete, failed_create, restore) = write_request_ids(empty)
    assert [delete[0], failed_create[0], restore[0]] == ['DELETE', 'POST', 'POST']
    (task,) = empty.tasks()
    assert task['task_id'] == result['restored_task_id'] != old_id
    assert {key: task[key] for key in LIVE_TASK} == LIVE_TASK
    assert result['failed'] and result['msg'].startswith("recreate of task '%s': the task was deleted, then its new definition was"
                                                         " not created: POST " % old_id)
    assert "the old task was restored as '%s' (request ids: delete %s, create %s, restore %s)" % (
        task['task_id'], delete[1], failed_create[1] if fault is REFUSED_CREATE else '(none)', restore[1]) in result['msg']
    assert 'lost_task' not in result
    assert_no_secret(result['msg'])
    assert_no_secret(process.stdout)


def test_a_recreate_whose_create_and_restore_both_fail_returns_the_lost_task(ansible, empty, tmp_path):
    _process, (created,) = run_module(ansible, empty, LIVE_TASK, tmp_path=tmp_path)
    old_task = created['relay_task']
    empty.clear_requests()
    empty.set_faults([REFUSED_CREATE])
    _process, (result,) = run_module(ansible, empty, dict(MOVED, task_id=old_task['task_id']), tmp_path=tmp_path)
    (delete, failed_create, restore) = write_request_ids(empty)
    assert empty.tasks() == []
    assert result['failed'] and 'HTTP 400 LIVE.100011001: Request Illegal: simulated refusal of push_args <redacted>' in result['msg']
    assert ('the old task was lost; its full listed definition is in the result under `lost_task` (request ids: delete %s,'
            ' create %s, restore %s)' % (delete[1], failed_create[1], restore[1])) in result['msg']
    assert result['lost_task'] == old_task and result['lost_task']['push_args'] == LIVE_TASK['push_args']
    assert_no_secret(result['msg'])


def test_a_task_switches_between_a_domain_target_and_a_destination_url_both_ways(ansible, empty, tmp_path):
    destination = 'rtmp://publish.example.com/live/switched?token=d3st-s3cret'
    _process, (created,) = run_module(ansible, empty, LIVE_TASK, tmp_path=tmp_path)
    _process, (to_url, again) = run_module(ansible, empty, {'task_id': created['relay_task']['task_id'], 'destination_url': destination,
                                                            'recreate': True}, {'destination_url': destination}, tmp_path=tmp_path)
    assert to_url['action'] == 'recreate' and not again['changed']
    (task,) = empty.tasks()
    assert task['destination_url'] == destination and not {'domain', 'app_name', 'stream_name'} & set(task)
    assert task['push_args'] == LIVE_TASK['push_args'] and task['task_id'] == to_url['relay_task']['task_id']
    _process, (to_domain, again) = run_module(ansible, empty, dict(TARGET, task_id=task['task_id'], recreate=True), TARGET,
                                              tmp_path=tmp_path)
    assert to_domain['action'] == 'recreate' and not again['changed']
    (task,) = empty.tasks()
    assert {key: task[key] for key in TARGET} == TARGET and task['destination_url'] == ''
    assert methods(empty) == ['POST', 'DELETE', 'POST', 'DELETE', 'POST']


def test_two_tasks_with_the_same_target_are_an_error_naming_both(ansible, simulator, tmp_path):
    first, second = simulator.tasks()[:2]
    twin = dict(second, domain='publish.example.com', app_name='live', stream_name='twin', destination_url='')
    simulator.set_tasks([dict(first, domain='publish.example.com', app_name='live', stream_name='twin', destination_url=''), twin])
    _process, (result,) = run_module(ansible, simulator, dict(TARGET, stream_name='twin', status='paused'), tmp_path=tmp_path)
    assert result['failed']
    assert result['msg'] == ("tasks '%s' and '%s' push to the same target; give task_id to choose one"
                             % (first['task_id'], second['task_id']))
    assert methods(simulator) == []


def test_an_api_error_that_echoes_a_secret_is_redacted(ansible, empty, tmp_path):
    empty.set_faults([{'kind': 'status', 'status': 400, 'error_code': 'LIVE.100011001', 'match': {'method': 'POST'},
                       'error_msg': 'Request Illegal: push_args auth_key=pu5h-s3cret rejected for rtmp://x/y?sign=k3y'}])
    process, (result,) = run_module(ansible, empty, LIVE_TASK, tmp_path=tmp_path)
    assert result['failed'] and 'HTTP 400 LIVE.100011001: Request Illegal: push_args <redacted> rejected for rtmp://x/y?<redacted>' \
        in result['msg']
    assert 'pu5h-s3cret' not in process.stdout + process.stderr and 'k3y' not in process.stdout + process.stderr


RULES = [
    ('one source URL for live', dict(LIVE_TASK, source_urls=['rtmp://a/1', 'rtmp://a/2']),
     'source_urls: a PullLivePushLive task takes exactly one source URL, got 2', False),
    ('end after start', dict(LIVE_TASK, start_time=in_days(2), end_time=in_days(1)), 'end_time: must be after start_time', False),
    ('at most 7 days', dict(LIVE_TASK, start_time=in_days(1), end_time=in_days(9)), 'end_time: must be at most 7 days after start_time',
     False),
    ('end in the future', dict(LIVE_TASK, end_time=in_days(-1)), 'end_time: must be in the future', False),
    ('time format', dict(LIVE_TASK, end_time='tomorrow'), "end_time: 'tomorrow' is not a time in the format", False),
    ('destination_url excludes domain', dict(VOD_TASK, domain='publish.example.com'),
     'destination_url: cannot be used together with domain', False),
    ('a target is required', {'source_type': 'PullLivePushLive', 'source_urls': ['rtmp://a/1'], 'domain': 'd.example.com',
                              'app_name': 'live'}, 'task_id, destination_url, or domain + app_name + stream_name is required', False),
    ('vod options only for vod', dict(LIVE_TASK, vod_loop_time='3'), 'vod_loop_time: only valid when source_type is PullVodPushLive',
     False),
    ('backup sources only for vod', dict(LIVE_TASK, backup_source_urls=['rtmp://b/1']),
     'backup_source_urls: only valid when source_type is PullVodPushLive', False),
    ('at most 30 backup URLs', dict(VOD_TASK, backup_source_type='PullLivePushLive',
                                    backup_source_urls=['rtmp://b/%d' % n for n in range(31)]), 'backup_source_urls: at most 30 URLs, got 31',
     False),
    ('callback events from the allowed set', dict(LIVE_TASK, callback_events=['TaskStart', 'VodSourceFileStart']),
     "callback_events: 'VodSourceFileStart' is not one of TaskStart, TaskExit, TaskAlarm", False),
    ('unknown callback event', dict(VOD_TASK, callback_events=['Nope']), "callback_events: 'Nope' is not one of", False),
    ('start video index within the list', dict(VOD_TASK, vod_start_video_index=2),
     'vod_start_video_index: must be 0 to 1', False),
    ('refresh type on create', dict(VOD_TASK, vod_refresh_type='continue_from_break_point'),
     'vod_refresh_type: only immediate_new_source when a task is created', True),
    ('stream name length', dict(LIVE_TASK, stream_name='s' * 513), 'stream_name: must be 1 to 512 characters, got 513', False),
    ('source type on create', {'source_urls': ['rtmp://a/1'], **TARGET}, 'source_type: required', True),
    ('unknown task id', {'task_id': 'nope', 'status': 'paused'}, "task_id: there is no task 'nope'", True),
    ('live type on an existing vod task', {'source_type': 'PullLivePushLive'},
     'source_urls: a PullLivePushLive task takes exactly one source URL, got 2', True),
    ('loop time 0', dict(VOD_TASK, vod_loop_time='0'), 'vod_loop_time: must be "-1" (loop until end_time) or a number of rounds', False),
    ('loop time 0 on a recreate', {'vod_loop_time': '0', 'callback_url': 'https://hooks.example.com/other'},
     'vod_loop_time: must be "-1"', True),
    ('blank source URL', dict(VOD_TASK, source_urls=['https://vod.example.com/a.mp4', ' ']), 'source_urls: entry 1 is blank', False),
    ('unknown region', dict(LIVE_TASK, task_region='eu-west-0'), "task_region: 'eu-west-0' is not a Live region", False),
]
# Rules whose case runs on an existing VOD task (task_id given, recreate allowed): its own fields are part of the check.
ON_THE_VOD_TASK = ('live type on an existing vod task', 'loop time 0 on a recreate')


def test_every_rule_is_checked_before_any_write(ansible, simulator, tmp_path):
    vod = dict(simulator.tasks()[0], task_id='vod-with-two-files', source_type='PullVodPushLive', vod_loop_time='-1',
               source_urls=['https://vod.example.com/1.mp4', 'https://vod.example.com/2.mp4'])
    simulator.add_tasks([vod])
    calls = [dict(args, task_id=vod['task_id'], recreate=True) if name in ON_THE_VOD_TASK else args
             for name, args, _message, _reads in RULES]
    simulator.clear_requests()
    _process, results = run_module(ansible, simulator, *calls, tmp_path=tmp_path)
    for (name, _args, message, _reads), result in zip(RULES, results):
        assert result.get('failed'), name
        assert message in result['msg'], (name, result['msg'])
        assert '\n' not in result['msg']
    assert methods(simulator) == []
    reads = [entry for entry in simulator.requests_log() if entry['method'] == 'GET']
    assert len(reads) <= sum(1 for rule in RULES if rule[3]) * 2


def test_a_missing_option_value_type_is_refused_by_ansible(ansible, empty, tmp_path):
    _process, (result,) = run_module(ansible, empty, dict(LIVE_TASK, vod_start_video_index='first'), tmp_path=tmp_path)
    assert result['failed'] and 'vod_start_video_index' in flat(result['msg'])
