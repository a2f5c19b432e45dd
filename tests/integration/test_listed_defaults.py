# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tasks the API lists with optional fields as "", 0, [] and null, read by relay_task, relay_task_audit and relay_task_plan.

The simulator is seeded with the tasks exactly as written here (its admin API stores them as they are). Each task
comes with the definition a user writes for it; running the modules with those definitions must change nothing,
find no violation in those fields and plan nothing.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import yaml

NOW = datetime.now(timezone.utc)
START = (NOW - timedelta(days=1)).strftime('%Y-%m-%dT%H:%M:%SZ')
END = (NOW + timedelta(days=3)).strftime('%Y-%m-%dT%H:%M:%SZ')
HOOK = 'https://hooks.example.com/live'
COMMON = {'status': 'running', 'create_time': START, 'region': 'cn-north-4', 'start_time': START, 'end_time': END,
          'callback_url': HOOK}
VOD_DEFAULTS = {'vod_loop_time': '', 'vod_start_video_index': 0, 'vod_start_video_time': 0}

# (the task as the API lists it, the definition a user writes for it)
TASKS = [
    # A live task with every VOD option at the API's zero value, and "" and [] in its other optional fields.
    (dict(COMMON, task_id='live-empty', source_type='PullLivePushLive', source_urls=['rtmp://origin.example.com/live/a'],
          domain='publish.example.com', app_name='live', stream_name='live-empty', push_args='', destination_url='',
          vod_refresh_type='', backup_source_type='', backup_source_urls=[], callback_events=[], **VOD_DEFAULTS),
     None),
    # A live task pushing to a URL, with null in every optional field it does not use.
    (dict(COMMON, task_id='live-null', source_type='PullLivePushLive', source_urls=['https://origin.example.com/live/b.flv'],
          destination_url='rtmp://ingest.example.com/live/live-null', domain=None, app_name=None, stream_name=None,
          push_args=None, vod_loop_time=None, vod_start_video_index=None, vod_start_video_time=None, vod_refresh_type=None,
          backup_source_type=None, backup_source_urls=None, callback_events=None),
     None),
    # A paused VOD task at its defaults: loop "" (= -1), start at file 0, second 0, no backup.
    (dict(COMMON, task_id='vod-defaults', status='suspend', source_type='PullVodPushLive',
          source_urls=['https://vod.example.com/a.mp4', 'https://vod.example.com/b.mp4'], domain='publish.example.com',
          app_name='live', stream_name='vod-defaults', push_args='', destination_url='', vod_refresh_type=None,
          backup_source_type='', backup_source_urls=None, callback_events=['TaskStart', 'TaskAlarm'], **VOD_DEFAULTS),
     None),
    # Empty values of the other type ("" in an integer field, 0 in a string field, "" in a list field): read as not
    # set too. A user cannot write these through Ansible's types, so the definition leaves those fields out.
    (dict(COMMON, task_id='live-cross', source_type='PullLivePushLive', source_urls=['rtmp://origin.example.com/live/c'],
          domain='publish.example.com', app_name='live', stream_name='live-cross', push_args=0, destination_url=0,
          vod_loop_time=0, vod_start_video_index='', vod_start_video_time='', vod_refresh_type=0, backup_source_type=0,
          backup_source_urls='', callback_events=''),
     {'task_id': 'live-cross', 'source_type': 'PullLivePushLive', 'source_urls': ['rtmp://origin.example.com/live/c'],
      'domain': 'publish.example.com', 'app_name': 'live', 'stream_name': 'live-cross', 'task_region': 'cn-north-4',
      'start_time': START, 'end_time': END, 'callback_url': HOOK, 'status': 'enabled'}),
]
# The control: a task that breaks a rule for a value it holds, so an audit that found nothing would be caught.
CONTROL = dict(COMMON, task_id='control', source_type='PullLivePushLive', source_urls=['srt://origin.example.com/live/d'],
               domain='publish.example.com', app_name='live', stream_name='control', push_args='', destination_url='',
               callback_events=[], **VOD_DEFAULTS)
MODULE_FIELDS = ('source_type', 'source_urls', 'domain', 'app_name', 'stream_name', 'push_args', 'destination_url', 'start_time',
                 'end_time', 'vod_loop_time', 'vod_refresh_type', 'vod_start_video_index', 'vod_start_video_time',
                 'backup_source_type', 'backup_source_urls', 'callback_events', 'callback_url')


def copied(task: dict) -> dict:
    """The task as a user copies it into hwcloud.live.relay_task: every option it takes, values as listed.

    Null values are left out: Ansible refuses null for an option with choices (vod_refresh_type, backup_source_type)
    in any module, and for the others null is the same as leaving the option out.
    """
    definition = {name: task[name] for name in MODULE_FIELDS if task.get(name) is not None}
    definition.update(task_id=task['task_id'], task_region=task['region'],
                      status='paused' if task['status'] == 'suspend' else 'enabled')
    return definition


DEFINITIONS = [definition or copied(task) for task, definition in TASKS] + [copied(CONTROL)]


def by_target(definition: dict) -> dict:
    """The definition without task_id: the module finds the task by its ingest target."""
    return {name: value for name, value in definition.items() if name != 'task_id'}


def run_play(ansible, simulator, tmp_path, tasks: list, seeded: list | None = None) -> dict:
    """Run ``tasks`` (each registering a result) against the seeded tasks; return the registered results by name."""
    simulator.set_tasks([task for task, _definition in TASKS] + [CONTROL] if seeded is None else seeded)
    simulator.clear_requests()
    out = tmp_path / 'results.json'
    names = [task['register'] for task in tasks]
    tasks = tasks + [{'name': 'save', 'ansible.builtin.copy': {
        'dest': str(out), 'mode': '0600', 'content': '{{ {%s} | to_json }}' % ', '.join('"%s": %s' % (name, name) for name in names)}}]
    book = yaml.safe_dump([{'hosts': 'localhost', 'gather_facts': False, 'tasks': tasks, 'module_defaults': {
        'group/hwcloud.live.live': {'endpoint': simulator.url, 'project_id': simulator.project_id,
                                    'auth_token': simulator.token, 'retries': 0}}}], sort_keys=False)
    process = ansible.run(ansible.playbook_command(book))
    assert process.returncode == 0, process.stdout + process.stderr
    assert 'Traceback' not in process.stdout + process.stderr
    return json.loads(out.read_text())


def test_relay_task_with_the_same_definition_changes_nothing_and_writes_nothing(ansible, simulator, tmp_path):
    calls = DEFINITIONS + [by_target(definition) for definition in DEFINITIONS]
    results = run_play(ansible, simulator, tmp_path, [{'name': 'relay_task %d' % index, 'hwcloud.live.relay_task': args,
                                                       'register': 'r%d' % index} for index, args in enumerate(calls)])
    modules = [results['r%d' % index] for index in range(len(calls))]
    assert [(result['changed'], result['action']) for result in modules] == [(False, 'none')] * len(calls), modules
    assert [result['relay_task']['task_id'] for result in modules] == [item['task_id'] for item in DEFINITIONS] * 2
    assert simulator.write_requests() == []


def test_the_audit_finds_no_violation_in_fields_listed_empty(ansible, simulator, tmp_path):
    audit = run_play(ansible, simulator, tmp_path, [{'name': 'audit', 'register': 'audit', 'hwcloud.live.relay_task_audit': {
        'allowed_source_schemes': ['rtmp', 'https'], 'allowed_regions': ['cn-north-4'], 'allowed_statuses': ['running', 'suspend']}}])['audit']
    assert audit['summary']['tasks'] == len(TASKS) + 1
    assert [(item['task_id'], item['rule'], item['field']) for item in audit['violations']] == [
        ('control', 'source_not_allowed', 'source_urls')]


def test_the_reconcile_plan_of_the_same_definitions_is_empty(ansible, simulator, tmp_path):
    plan = run_play(ansible, simulator, tmp_path, [{'name': 'plan', 'register': 'plan', 'hwcloud.live.relay_task_plan': {
        'desired_tasks': [by_target(item) for item in DEFINITIONS], 'prune': True}}])['plan']
    assert plan['actions'] == [] and plan['undeclared'] == [] and plan['listed'] == len(TASKS) + 1
    assert plan['table'] == ['Nothing to do: the relay tasks match the declared list.']
    assert simulator.write_requests() == []


def test_the_definitions_copied_into_an_empty_project_create_the_tasks_then_change_nothing(ansible, simulator, tmp_path):
    """The create body leaves out what is not set: the simulator, like the API's rules, refuses any VOD option on a
    live task, vod_start_video_index 0 included."""
    calls = [by_target(definition) for definition in DEFINITIONS] * 2
    results = run_play(ansible, simulator, tmp_path, [{'name': 'relay_task %d' % index, 'hwcloud.live.relay_task': args,
                                                       'register': 'r%d' % index} for index, args in enumerate(calls)], seeded=[])
    modules = [results['r%d' % index] for index in range(len(calls))]
    half = len(DEFINITIONS)
    assert [result['action'] for result in modules] == ['create'] * half + ['none'] * half, modules
    assert len(simulator.tasks()) == half
    posts = [entry for entry in simulator.write_requests() if entry['method'] == 'POST']
    assert len(posts) == half and all(entry['status'] == 200 for entry in posts)
