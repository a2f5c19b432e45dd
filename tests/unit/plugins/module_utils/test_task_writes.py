# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Writes read back and compared with what was asked; a recreate whose create fails restores the old task or says it is lost."""

from __future__ import annotations

import itertools

import pytest

from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError
from ansible_collections.hwcloud.live.plugins.module_utils.relay_task_change import TASK_OPTIONS, RelayTaskChange
from ansible_collections.hwcloud.live.plugins.module_utils.task_writes import TaskWriter

LIVE = {'task_id': 'old', 'status': 'running', 'region': 'cn-north-4', 'source_type': 'PullLivePushLive',
        'source_urls': ['rtmp://origin.example.com/live/news'], 'domain': 'publish.example.com', 'app_name': 'live',
        'stream_name': 'news', 'push_args': 'auth_key=s3cret', 'destination_url': '', 'callback_url': 'https://hooks.example.com/a',
        'callback_events': [], 'vod_loop_time': '', 'vod_start_video_index': 0}


class FakeApi:
    """A client over an in-memory store: writes recorded and applied, unless told to refuse, drop or ignore them."""

    def __init__(self, tasks=(), refuse_posts=0, drop_posts=0, lands_when_dropped=False, ignore_live_modify=False,
                 listed_changes=None) -> None:
        self.tasks = [dict(task) for task in tasks]
        self.request_ids = []
        self.writes = []
        self.refuse_posts = refuse_posts
        self.drop_posts = drop_posts
        self.lands_when_dropped = lands_when_dropped
        self.ignore_live_modify = ignore_live_modify
        self.listed_changes = listed_changes or {}
        self._ids = itertools.count(1)

    def _answer(self, method: str) -> str:
        request_id = '%s-%d' % (method.lower(), next(self._ids))
        self.request_ids.append(request_id)
        return request_id

    def list_relay_tasks(self, regions=None):
        self._answer('GET')
        return [dict(task) for task in self.tasks]

    def get_relay_tasks(self, task_ids, regions=None):
        self._answer('GET')
        found = [dict(task) for task in self.tasks if task['task_id'] in task_ids]
        return found, [task_id for task_id in task_ids if task_id not in {task['task_id'] for task in found}]

    def create_relay_task(self, fields):
        self.writes.append(('POST', dict(fields)))
        task_id = 'new-%d' % len(self.writes)
        if self.refuse_posts:
            self.refuse_posts -= 1
            raise LiveApiError('POST /v1/p/pull/stream/task: HTTP 400 LIVE.100011001: Request Illegal (request id post-refused)',
                               status=400, error_code='LIVE.100011001', request_id='post-refused')
        if self.drop_posts:
            self.drop_posts -= 1
            if self.lands_when_dropped:
                self.tasks.append(dict(fields, task_id=task_id, status='running'))
            raise LiveApiError('POST /v1/p/pull/stream/task: connection lost: reset by peer')
        self.tasks.append(dict(fields, task_id=task_id, status='running', **self.listed_changes))
        self._answer('POST')
        return task_id

    def modify_relay_task(self, fields):
        self.writes.append(('PUT', dict(fields)))
        self._answer('PUT')
        task = next(task for task in self.tasks if task['task_id'] == fields['task_id'])
        if self.ignore_live_modify and task['source_type'] == 'PullLivePushLive':
            return
        task.update({name: value for name, value in fields.items() if name not in ('task_id', 'status')})
        if 'status' in fields:
            task['status'] = 'suspend' if fields['status'] == 'pause' else 'running'

    def delete_relay_task(self, task_id, region=None):
        self.writes.append(('DELETE', task_id))
        self._answer('DELETE')
        self.tasks = [task for task in self.tasks if task['task_id'] != task_id]
        return True


def recreate(api, current=None, **changes):
    current = current or LIVE
    fields = {name: value for name, value in current.items() if name not in ('task_id', 'status')}
    fields.update(changes)
    return TaskWriter(api).create(fields, None, replaced=current)


def methods(api) -> list:
    return [method for method, _body in api.writes]


def test_a_refused_create_after_the_delete_restores_the_old_task_and_names_every_request():
    api = FakeApi([LIVE], refuse_posts=1)
    with pytest.raises(LiveApiError) as failed:
        recreate(api, callback_url='https://hooks.example.com/b')
    message = str(failed.value)
    assert "the old task was restored as 'new-3'" in message
    assert 'request ids: delete delete-1, create post-refused, restore post-2' in message
    assert "HTTP 400 LIVE.100011001" in message and failed.value.request_id == 'post-refused'
    assert failed.value.result == {'restored_task_id': 'new-3'}
    assert methods(api) == ['DELETE', 'POST', 'POST']
    (restored,) = api.tasks
    assert restored['task_id'] == 'new-3' and restored['callback_url'] == LIVE['callback_url']


def test_a_restored_task_was_sent_its_listed_fields_without_the_unset_ones():
    api = FakeApi([LIVE], refuse_posts=1)
    with pytest.raises(LiveApiError):
        recreate(api, callback_url='https://hooks.example.com/b')
    restore_body = api.writes[2][1]
    assert restore_body == {name: LIVE[name] for name in ('region', 'source_type', 'source_urls', 'domain', 'app_name',
                                                          'stream_name', 'push_args', 'callback_url')}


def test_when_the_restore_fails_too_the_task_is_lost_and_its_listed_definition_returned():
    api = FakeApi([LIVE], refuse_posts=2)
    with pytest.raises(LiveApiError) as failed:
        recreate(api, callback_url='https://hooks.example.com/b')
    message = str(failed.value)
    assert 'the old task was lost; its full listed definition is in the result under `lost_task`' in message
    assert 'request ids: delete delete-1, create post-refused, restore post-refused' in message
    assert failed.value.to_dict()['lost_task'] == LIVE
    assert api.tasks == []


def test_a_dropped_create_that_did_not_land_is_restored():
    api = FakeApi([LIVE], drop_posts=1)
    with pytest.raises(LiveApiError) as failed:
        recreate(api, callback_url='https://hooks.example.com/b')
    assert 'connection lost' in str(failed.value) and 'the old task was restored as' in str(failed.value)
    assert 'create (none)' in str(failed.value)
    assert methods(api) == ['DELETE', 'POST', 'POST'] and len(api.tasks) == 1


def test_a_dropped_create_that_landed_is_the_new_task_and_nothing_is_restored():
    api = FakeApi([LIVE], drop_posts=1, lands_when_dropped=True)
    task = recreate(api, callback_url='https://hooks.example.com/b')
    assert task['callback_url'] == 'https://hooks.example.com/b'
    assert methods(api) == ['DELETE', 'POST'] and len(api.tasks) == 1


def test_a_paused_task_is_restored_paused():
    api = FakeApi([dict(LIVE, status='suspend')], refuse_posts=1)
    with pytest.raises(LiveApiError) as failed:
        recreate(api, current=dict(LIVE, status='suspend'), callback_url='https://hooks.example.com/b')
    assert 'restored as' in str(failed.value) and 'restore post-2, pause put-' in str(failed.value)
    assert [task['status'] for task in api.tasks] == ['suspend']


def test_a_create_listed_with_other_values_than_sent_fails_naming_them():
    api = FakeApi(listed_changes={'callback_url': 'https://elsewhere.example.com'})
    with pytest.raises(LiveApiError, match=r"^callback_url: task 'new-1' was created \(request ids: create post-1\), but the API lists it"):
        TaskWriter(api).create({name: LIVE[name] for name in ('source_type', 'source_urls', 'domain', 'app_name', 'stream_name',
                                                              'callback_url')}, None)


def test_a_modify_the_api_ignores_is_found_by_reading_the_task_back():
    api = FakeApi([LIVE], ignore_live_modify=True)
    writer = TaskWriter(api)
    listed, unapplied = writer.modify(LIVE, {'source_urls': ['rtmp://b/1'], 'callback_events': ['TaskExit']}, 'pause')
    assert unapplied == ['source_urls', 'callback_events', 'status'] and listed == LIVE
    message = str(writer.not_applied(LIVE, listed, unapplied, 'pause', can_recreate=True))
    assert message.startswith("source_urls, callback_events, status: the API accepted the modify of task 'old' but the task does not"
                              " hold the values sent (it lists status 'running') (request ids: modify put-1)")
    assert 'only for PullVodPushLive tasks' in message and 'set recreate: true' in message


def test_a_pause_the_api_ignores_says_that_recreating_cannot_pause_either():
    api = FakeApi([LIVE], ignore_live_modify=True)
    writer = TaskWriter(api)
    with pytest.raises(LiveApiError, match=r"^status: .* \(it lists status 'running'\) .*a create cannot pause a task either"):
        writer.set_status(LIVE, 'pause')


def module_params(**options) -> dict:
    params = {name: spec.get('default') for name, spec in TASK_OPTIONS.items()}
    params.update(options)
    return params


def test_the_module_fails_on_an_ignored_modify_without_recreate_and_recreates_with_it():
    api = FakeApi([LIVE], ignore_live_modify=True)
    with pytest.raises(LiveApiError, match=r'^source_urls: the API accepted the modify .*set recreate: true'):
        RelayTaskChange(module_params(task_id='old', source_urls=['rtmp://b/1'])).apply(api, check_mode=False)
    assert api.tasks == [LIVE]
    plan, task = RelayTaskChange(module_params(task_id='old', source_urls=['rtmp://b/1'], recreate=True)).apply(api, check_mode=False)
    assert plan.action == 'recreate' and task['source_urls'] == ['rtmp://b/1'] and task['task_id'] != 'old'
    assert methods(api) == ['PUT', 'PUT', 'DELETE', 'POST']


def test_a_modify_the_api_applies_is_not_recreated_even_with_recreate():
    api = FakeApi([LIVE])
    plan, task = RelayTaskChange(module_params(task_id='old', source_urls=['rtmp://b/1'], recreate=True)).apply(api, check_mode=False)
    assert plan.action == 'update' and task['task_id'] == 'old' and methods(api) == ['PUT']
