# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The reconcile apply runner: the concurrency bound, stopping at the first failure or going on, and the results."""

from __future__ import annotations

import itertools
import threading
import time

import pytest

from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError
from ansible_collections.hwcloud.live.plugins.module_utils.reconcile_apply import ActionRunner, ReconcileApply


def declared(stream, **fields):
    task = {'source_type': 'PullLivePushLive', 'source_urls': ['rtmp://o/%s' % stream], 'domain': 'p', 'app_name': 'live',
            'stream_name': stream}
    task.update(fields)
    return task


def listed(task_id, stream, **fields):
    return dict(declared(stream, **fields), task_id=task_id, status='running', region='cn-north-4', destination_url='')


class FakeApi:
    """An in-memory Live API shared by every client made from it; a create of a stream in ``refuse`` is refused."""

    def __init__(self, tasks=(), refuse=()) -> None:
        self.tasks = {task['task_id']: dict(task) for task in tasks}
        self.refuse = set(refuse)
        self.calls = []
        self.lock = threading.Lock()
        self.ids = itertools.count(1)


class FakeClient:
    def __init__(self, api: FakeApi) -> None:
        self.api = api
        self.request_ids = []

    def sharing_connections(self):
        return FakeClient(self.api)

    def _answer(self, method: str, detail=None) -> None:
        with self.api.lock:
            self.api.calls.append((method, detail))
            self.request_ids.append('%s-%d' % (method.lower(), next(self.api.ids)))

    def list_relay_tasks(self, regions=None):
        self._answer('LIST')
        return [dict(task) for task in self.api.tasks.values()]

    def get_relay_tasks(self, task_ids, regions=None):
        self._answer('GET', task_ids[0])
        found = [dict(self.api.tasks[task_id]) for task_id in task_ids if task_id in self.api.tasks]
        return found, [task_id for task_id in task_ids if task_id not in self.api.tasks]

    def create_relay_task(self, fields):
        self._answer('POST', fields['stream_name'])
        if fields['stream_name'] in self.api.refuse:
            raise LiveApiError('POST: HTTP 400 LIVE.1: refused, push_args %s' % fields.get('push_args'), status=400, request_id='refused')
        with self.api.lock:
            task_id = 'new-%s' % fields['stream_name']
            self.api.tasks[task_id] = dict(fields, task_id=task_id, status='running')
        return task_id

    def modify_relay_task(self, fields):
        self._answer('PUT', fields['task_id'])
        self.api.tasks[fields['task_id']].update({key: value for key, value in fields.items() if key != 'status'})

    def delete_relay_task(self, task_id, region=None):
        self._answer('DELETE', task_id)
        return self.api.tasks.pop(task_id, None) is not None


def params(desired, **extra):
    return dict(dict(desired_tasks=desired, regions=[], prune=False, max_deletes=0, concurrency=8, continue_on_error=False,
                     show_sensitive=False), **extra)


def timed_jobs(count, log, fail_at=None, seconds=0.05):
    """Jobs that note how many run at once when they start, sleep, and (the one at ``fail_at``) fail."""
    lock = threading.Lock()
    state = {'running': 0}

    def job(number):
        def run():
            with lock:
                state['running'] += 1
                log.append(('start', number, state['running']))
            time.sleep(seconds)
            with lock:
                state['running'] -= 1
            if number == fail_at:
                raise LiveApiError('job %d failed' % number)
            return number
        return run
    return [job(number) for number in range(count)]


def test_no_more_jobs_run_at_once_than_the_concurrency():
    log = []
    outcomes = ActionRunner(3, continue_on_error=False).run(timed_jobs(12, log))
    assert [value for _status, value in outcomes] == list(range(12))
    assert max(running for _start, _number, running in log) == 3


def test_no_job_starts_after_the_first_failure_and_the_running_ones_finish():
    started, second_running = [], threading.Event()

    def failing():
        started.append(0)
        second_running.wait(5)  # fail only once the second job is running, so it is running when the failure lands
        raise LiveApiError('job 0 failed')

    def slow():
        started.append(1)
        second_running.set()
        time.sleep(0.1)
        return 1

    def other(number):
        def run():
            started.append(number)
            return number
        return run

    outcomes = ActionRunner(2, continue_on_error=False).run([failing, slow] + [other(number) for number in range(2, 10)])
    assert [status for status, _value in outcomes] == ['failed', 'ok'] + ['skipped'] * 8
    assert sorted(started) == [0, 1]


def test_with_continue_on_error_every_job_runs():
    log = []
    outcomes = ActionRunner(2, continue_on_error=True).run(timed_jobs(6, log, fail_at=1))
    assert [status for status, _value in outcomes] == ['ok', 'failed', 'ok', 'ok', 'ok', 'ok']
    assert len(log) == 6


@pytest.mark.parametrize('concurrency', [0, 17])
def test_a_concurrency_out_of_bounds_is_refused(concurrency):
    with pytest.raises(LiveApiError, match='concurrency must be 1 to 16, got %d' % concurrency):
        ActionRunner(concurrency, continue_on_error=False)


def test_one_listing_then_each_write_read_back_and_one_result_per_action():
    api = FakeApi([listed('a', 'moved'), listed('b', 'extra'), listed('c', 'cb')])
    run = ReconcileApply(params([declared('moved', source_urls=['rtmp://o/new']), declared('new'),
                                 declared('cb', callback_url='https://h/2')], prune=True, max_deletes=2))
    result = run.run(FakeClient(api), check_mode=False)
    assert [method for method, _detail in api.calls].count('LIST') == 1
    assert sorted(api.calls[1:]) == sorted([('DELETE', 'b'), ('DELETE', 'c'), ('POST', 'cb'), ('GET', 'new-cb'), ('POST', 'new'),
                                            ('GET', 'new-new'), ('PUT', 'a'), ('GET', 'a')])
    assert api.calls[1] == ('DELETE', 'b')  # the deletes run before every other action
    assert result['changed'] and result['delete_count'] == 2 and result['recreate_count'] == 1 and result['listed'] == 3
    assert [(item['action'], item['task_id'], item['new_task_id'], item['status'], item['error']) for item in result['results']] == [
        ('delete', 'b', None, 'ok', None), ('recreate', 'c', 'new-cb', 'ok', None), ('create', None, 'new-new', 'ok', None),
        ('modify', 'a', None, 'ok', None)]
    assert all(item['request_ids'] for item in result['results'])
    assert len(result['request_ids']) == len(api.calls)


def test_check_mode_lists_and_plans_and_writes_nothing():
    api = FakeApi([listed('a', 'moved')])
    result = ReconcileApply(params([declared('moved', source_urls=['rtmp://o/new'])])).run(FakeClient(api), check_mode=True)
    assert api.calls == [('LIST', None)]
    assert result['changed'] and [item['action'] for item in result['actions']] == ['modify'] and result['results'] == []


def test_the_guard_refuses_before_the_first_write():
    api = FakeApi([listed('b', 'extra'), listed('c', 'cb')])
    run = ReconcileApply(params([declared('cb', callback_url='https://h/2')], prune=True, max_deletes=1))
    with pytest.raises(LiveApiError, match=r'^The plan deletes 2 relay tasks \(1 of them recreated\) but max_deletes is 1;'
                                           r' nothing was changed.$') as raised:
        run.run(FakeClient(api), check_mode=False)
    assert api.calls == [('LIST', None)]
    assert raised.value.result['over_max_deletes'] and len(raised.value.result['actions']) == 2


def test_a_failed_action_fails_the_run_with_every_result_and_a_redacted_message():
    api = FakeApi(refuse={'s0'})
    desired = [declared('s%d' % number, push_args='key=s3cret') for number in range(6)]
    with pytest.raises(LiveApiError) as raised:
        ReconcileApply(params(desired, concurrency=1)).run(FakeClient(api), check_mode=False)
    results = raised.value.result['results']
    assert [item['status'] for item in results] == ['failed'] + ['skipped'] * 5
    assert str(raised.value) == ('1 of 6 relay task actions failed and 5 were not started; the first: create p/live/s0:'
                                 ' POST: HTTP 400 LIVE.1: refused, push_args <redacted>')
    assert 's3cret' not in repr(raised.value.result)


def test_with_continue_on_error_the_other_actions_still_run():
    api = FakeApi(refuse={'s0'})
    desired = [declared('s%d' % number) for number in range(4)]
    with pytest.raises(LiveApiError, match='^1 of 4 relay task actions failed; the first: create p/live/s0') as raised:
        ReconcileApply(params(desired, concurrency=1, continue_on_error=True)).run(FakeClient(api), check_mode=False)
    assert [item['status'] for item in raised.value.result['results']] == ['failed', 'ok', 'ok', 'ok']
    assert sorted(api.tasks) == ['new-s1', 'new-s2', 'new-s3']
