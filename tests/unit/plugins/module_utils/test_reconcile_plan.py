# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The reconcile plan: which action each declared and each undeclared task gets."""

from __future__ import annotations

import pytest

from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError
from ansible_collections.hwcloud.live.plugins.module_utils.reconcile_plan import plan_reconcile, plan_table


def declared(stream, **fields):
    task = {'source_type': 'PullLivePushLive', 'source_urls': ['rtmp://o/%s' % stream], 'domain': 'p', 'app_name': 'live',
            'stream_name': stream}
    task.update(fields)
    return task


def current(task_id, stream, status='running', **fields):
    task = dict(declared(stream, **fields), task_id=task_id, status=status, region='cn-north-4', destination_url='')
    return task


def test_each_kind_of_drift_gets_its_action():
    tasks = [current('a', 'same'), current('b', 'moved'), current('c', 'paused', status='suspend'), current('d', 'extra')]
    wanted = [declared('same'), declared('moved', source_urls=['rtmp://o/new']), declared('paused', status='enabled'),
              declared('new'), declared('same2', task_region='cn-east-3')]
    plan = plan_reconcile(tasks, wanted, prune=True)
    assert [(item['action'], item['task_id'], item['target']) for item in plan['actions']] == [
        ('delete', 'd', 'p/live/extra'), ('create', None, 'p/live/new'), ('create', None, 'p/live/same2'),
        ('modify', 'b', 'p/live/moved'), ('enable', 'c', 'p/live/paused')]
    assert plan['undeclared'] == ['d']
    assert plan_reconcile(tasks, wanted, prune=False)['actions'][0]['action'] == 'create'


def test_a_changed_push_args_recreates():
    plan = plan_reconcile([current('a', 's', push_args='k=1')], [declared('s', push_args='k=2')], prune=False)
    assert [item['action'] for item in plan['actions']] == ['recreate']
    assert plan['actions'][0]['changes'] == ['push_args']


@pytest.mark.parametrize('wanted, message', [
    ([declared('s'), declared('s')], r'desired_tasks\[1\] \(p/live/s\): it declares the same target as desired_tasks\[0\]'),
    ([{'source_type': 'PullLivePushLive', 'source_urls': ['rtmp://x']}], r'desired_tasks\[0\] .*is required to identify'),
    ([declared('s', end_time='yesterday')], r"desired_tasks\[0\] \(p/live/s\): end_time: 'yesterday' is not a time"),
])
def test_bad_declarations_name_the_task(wanted, message):
    with pytest.raises(LiveApiError, match=message):
        plan_reconcile([], wanted, prune=False)


def test_the_table_is_aligned_and_says_when_there_is_nothing_to_do():
    assert plan_table([]) == ['Nothing to do: the relay tasks match the declared list.']
    lines = plan_table(plan_reconcile([current('abc', 's')], [], prune=True)['actions'])
    assert lines[0].split() == ['ACTION', 'TASK', 'REGION', 'TARGET', 'CHANGES']
    assert lines[1].split() == ['delete', 'abc', 'cn-north-4', 'p/live/s', '-']


def test_declarations_are_checked_like_the_module_options():
    with pytest.raises(LiveApiError, match=r'^desired_tasks\[0\]: .*source_typo'):
        plan_reconcile([], [dict(declared('s'), source_typo='x')], prune=False)
    with pytest.raises(LiveApiError, match=r'^desired_tasks\[0\]: .*status'):
        plan_reconcile([], [declared('s', status='stopped')], prune=False)


def test_fields_listed_or_declared_at_the_apis_defaults_make_no_action():
    listed = current('a', 's', vod_loop_time='', vod_start_video_index=0, backup_source_type='', callback_events=None, push_args=0)
    assert plan_reconcile([listed], [declared('s')], prune=True) == {'actions': [], 'undeclared': []}
    wanted = declared('s', vod_start_video_index=0, vod_loop_time='-1', backup_source_type='', destination_url='', callback_events=[])
    assert plan_reconcile([current('a', 's')], [wanted], prune=True) == {'actions': [], 'undeclared': []}


ENDED = {'start_time': '2020-01-01T00:00:00Z', 'end_time': '2020-01-02T00:00:00Z'}


def test_a_task_that_ended_declared_as_listed_plans_nothing():
    assert plan_reconcile([current('a', 's', **ENDED)], [declared('s', **ENDED)], prune=True) == {'actions': [], 'undeclared': []}


@pytest.mark.parametrize('listed', [[], [current('a', 's', start_time='2020-01-01T00:00:00Z', end_time='2020-01-03T00:00:00Z')]])
def test_a_window_in_the_past_is_refused_where_it_is_sent(listed):
    with pytest.raises(LiveApiError, match=r'desired_tasks\[0\] \(p/live/s\): end_time: must be in the future'):
        plan_reconcile(listed, [declared('s', **ENDED)], prune=False)
