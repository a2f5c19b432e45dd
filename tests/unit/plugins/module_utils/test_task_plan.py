# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Planning the writes that bring a task to its desired state, and hiding what must not be shown."""

from __future__ import annotations

import pytest

from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError
from ansible_collections.hwcloud.live.plugins.module_utils.task_plan import (
    find_by_target, plan_absent, plan_present, predicted_task, recreated_fields, redact, redact_text, unapplied_fields,
)

CURRENT = {'task_id': 't1', 'status': 'running', 'source_type': 'PullLivePushLive', 'source_urls': ['rtmp://a/1?k=1'],
           'domain': 'd', 'app_name': 'live', 'stream_name': 's', 'push_args': 'key=abc', 'destination_url': '',
           'callback_events': ['TaskStart', 'TaskAlarm'], 'region': 'cn-north-4'}


def test_no_difference_is_no_plan():
    plan = plan_present(CURRENT, {'source_urls': ['rtmp://a/1?k=1'], 'callback_events': ['TaskAlarm', 'TaskStart'],
                                  'destination_url': None}, None, False)
    assert plan.action == 'none' and not plan.changed


def test_modifiable_fields_and_status_go_in_one_update():
    plan = plan_present(CURRENT, {'source_urls': ['rtmp://b/1'], 'vod_refresh_type': 'continue_from_break_point'}, 'paused', False)
    assert plan.action == 'update'
    assert plan.changes == {'source_urls': ['rtmp://b/1'], 'vod_refresh_type': 'continue_from_break_point'}
    assert plan.status_request == 'pause'
    assert plan.before == {'source_urls': ['rtmp://a/1?k=1'], 'status': 'running'}
    assert plan.after == {'source_urls': ['rtmp://b/1'], 'status': 'paused'}


def test_refresh_type_alone_is_no_change():
    assert plan_present(CURRENT, {'vod_refresh_type': 'continue_from_file_start'}, None, False).action == 'none'


def test_enabling_a_running_task_is_no_change_but_a_paused_one_is():
    assert plan_present(CURRENT, {}, 'enabled', False).action == 'none'
    assert plan_present(dict(CURRENT, status='suspend'), {}, 'enabled', False).status_request == 'enable'


def test_a_field_that_cannot_change_needs_recreate():
    with pytest.raises(LiveApiError, match=r"^push_args, region cannot be changed on an existing task \('t1'\); set recreate=true"):
        plan_present(CURRENT, {'push_args': 'key=new', 'region': 'cn-east-3'}, None, False)
    plan = plan_present(dict(CURRENT, status='suspend'), {'push_args': 'key=new'}, None, True)
    assert plan.action == 'recreate' and plan.status_request == 'pause'
    assert plan.changes['push_args'] == 'key=new' and plan.changes['stream_name'] == 's'
    assert 'task_id' not in plan.changes and 'status' not in plan.changes and 'destination_url' not in plan.changes


def test_create_and_delete_plans():
    plan = plan_present(None, {'source_type': 'PullLivePushLive'}, 'paused', False)
    assert plan.action == 'create' and plan.status_request == 'pause'
    predicted = predicted_task(None, plan, {'source_type': 'PullLivePushLive'})
    assert predicted['task_id'] is None and predicted['status'] == 'suspend' and len(predicted) == 21
    assert plan_absent(None).action == 'none' and plan_absent(CURRENT).action == 'delete'


def test_find_by_target():
    other = dict(CURRENT, task_id='t2', stream_name='other')
    assert find_by_target([CURRENT, other], {'domain': 'd', 'app_name': 'live', 'stream_name': 'other'}) is other
    assert find_by_target([CURRENT], {'destination_url': 'rtmp://x'}) is None
    with pytest.raises(LiveApiError, match="^tasks 't1' and 't3' push to the same target"):
        find_by_target([CURRENT, dict(CURRENT, task_id='t3')], {'domain': 'd', 'app_name': 'live', 'stream_name': 's'})


def test_redaction_hides_push_args_destination_and_url_queries():
    shown = redact({'push_args': 'key=abc', 'destination_url': 'rtmp://p/x?t=1', 'source_urls': ['rtmp://a/1?k=1', 'rtmp://a/2'],
                    'status': 'running?'}, show_sensitive=False)
    assert shown == {'push_args': '<redacted>', 'destination_url': '<redacted>',
                     'source_urls': ['rtmp://a/1?<redacted>', 'rtmp://a/2'], 'status': 'running?'}
    assert redact({'push_args': 'key=abc'}, show_sensitive=True) == {'push_args': 'key=abc'}
    assert redact_text('bad key=abc for rtmp://a/1?k=1', ['key=abc'], False) == 'bad <redacted> for rtmp://a/1?<redacted>'


def test_the_apis_defaults_equal_leaving_a_field_out():
    listed = dict(CURRENT, vod_loop_time='', vod_start_video_index=0, vod_start_video_time=None, backup_source_urls=[])
    desired = {'vod_loop_time': '-1', 'vod_start_video_index': 0, 'vod_start_video_time': 0, 'callback_events': ['TaskStart', 'TaskAlarm']}
    assert plan_present(listed, desired, None, False).action == 'none'
    assert plan_present(CURRENT, dict(desired, vod_refresh_type='immediate_new_source'), None, False).action == 'none'


def test_a_set_value_back_to_the_default_is_a_change():
    plan = plan_present(dict(CURRENT, source_type='PullVodPushLive', vod_start_video_index=3), {'vod_start_video_index': 0}, None, False)
    assert plan.action == 'update' and plan.changes == {'vod_start_video_index': 0}


def test_a_target_part_listed_empty_is_no_part():
    listed = dict(CURRENT, destination_url=0, domain='d')
    assert find_by_target([listed], {'domain': 'd', 'app_name': 'live', 'stream_name': 's', 'destination_url': ''}) is listed


def test_a_recreate_to_a_destination_url_leaves_the_domain_target_behind():
    plan = plan_present(CURRENT, {'destination_url': 'rtmp://p/live/x?t=1'}, None, True)
    assert plan.action == 'recreate'
    assert plan.changes['destination_url'] == 'rtmp://p/live/x?t=1'
    assert not {'domain', 'app_name', 'stream_name'} & set(plan.changes)
    assert plan.before == {'destination_url': '', 'domain': 'd', 'app_name': 'live', 'stream_name': 's'}
    assert plan.after == {'destination_url': 'rtmp://p/live/x?t=1', 'domain': None, 'app_name': None, 'stream_name': None}


def test_a_recreate_to_a_domain_target_leaves_the_destination_url_behind():
    current = dict(CURRENT, destination_url='rtmp://p/live/x', domain='', app_name=None, stream_name=None)
    fields = recreated_fields(current, {'domain': 'd2', 'app_name': 'live', 'stream_name': 's2'})
    assert 'destination_url' not in fields and fields['domain'] == 'd2' and fields['push_args'] == 'key=abc'


def test_a_task_made_live_leaves_its_vod_settings_behind():
    current = dict(CURRENT, source_type='PullVodPushLive', vod_loop_time='3', vod_start_video_index=1,
                   backup_source_type='PullLivePushLive', backup_source_urls=['rtmp://b/1'])
    fields = recreated_fields(current, {'source_type': 'PullLivePushLive'})
    assert fields['source_type'] == 'PullLivePushLive'
    assert not {'vod_loop_time', 'vod_start_video_index', 'backup_source_type', 'backup_source_urls'} & set(fields)


def test_unapplied_fields_compare_what_was_asked_with_the_listing():
    listed = dict(CURRENT, vod_refresh_type='immediate_new_source')
    asked = {'source_urls': ['rtmp://a/1?k=1'], 'callback_events': ['TaskAlarm', 'TaskStart'], 'end_time': '2030-01-01T00:00:00Z',
             'vod_refresh_type': 'continue_from_break_point'}
    assert unapplied_fields(listed, asked) == ['end_time']
    assert unapplied_fields(listed, {}, 'pause') == ['status'] and unapplied_fields(listed, {}, 'enable') == []
    assert unapplied_fields(dict(listed, status='suspend'), {}, 'pause') == []
    assert unapplied_fields(None, {'end_time': 'x'}, 'enable') == ['end_time', 'status']


def test_a_recreated_task_is_not_sent_a_refresh_type():
    current = dict(CURRENT, source_type='PullVodPushLive', vod_refresh_type='continue_from_file_start')
    fields = recreated_fields(current, {'push_args': 'key=new', 'vod_refresh_type': 'continue_from_break_point'})
    assert 'vod_refresh_type' not in fields and fields['push_args'] == 'key=new'
