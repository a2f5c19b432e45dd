# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The write API's rules, each violation naming its option; partial checks leave unknown fields alone."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError
from ansible_collections.hwcloud.live.plugins.module_utils.task_rules import check_task

NOW = datetime(2026, 11, 25, 12, 0, 0, tzinfo=timezone.utc)
LIVE = {'source_type': 'PullLivePushLive', 'source_urls': ['rtmp://a/1'], 'domain': 'd.example.com', 'app_name': 'live',
        'stream_name': 's'}
VOD = {'source_type': 'PullVodPushLive', 'source_urls': ['https://v/1', 'https://v/2'], 'destination_url': 'rtmp://p/live/x'}


def check(task, sent=None, creating=True, complete=True):
    check_task(task, task if sent is None else sent, creating=creating, now=NOW, complete=complete)


@pytest.mark.parametrize('task', [LIVE, VOD, dict(VOD, vod_start_video_index=1, backup_source_urls=['rtmp://b'] * 30),
                                  dict(LIVE, start_time='2026-11-26T00:00:00Z', end_time='2026-12-03T00:00:00Z'),
                                  dict(VOD, callback_events=['ResetTaskConfig', 'TaskAlarm'])])
def test_valid_tasks_pass(task):
    check(task)


@pytest.mark.parametrize('task, message', [
    (dict(LIVE, source_type=None), '^source_type: required'),
    (dict(LIVE, source_urls=[]), '^source_urls: at least one URL'),
    (dict(LIVE, source_urls=['a', 'b']), '^source_urls: a PullLivePushLive task takes exactly one source URL, got 2'),
    (dict(LIVE, stream_name=''), '^stream_name: required for a task without destination_url'),
    (dict(VOD, app_name='live'), '^destination_url: cannot be used together with app_name'),
    (dict(LIVE, vod_start_video_time=3), '^vod_start_video_time: only valid when source_type is PullVodPushLive'),
    (dict(VOD, backup_source_urls=['x'] * 31), '^backup_source_urls: at most 30 URLs, got 31'),
    (dict(VOD, vod_start_video_index=2), '^vod_start_video_index: must be 0 to 1'),
    (dict(VOD, vod_start_video_time=-1), '^vod_start_video_time: must be 0 to'),
    (dict(LIVE, callback_events=['ResetTaskConfig']), "^callback_events: 'ResetTaskConfig' is not one of TaskStart, TaskExit, TaskAlarm$"),
    (dict(LIVE, app_name='a' * 129), '^app_name: must be 1 to 128 characters, got 129'),
    (dict(LIVE, end_time='2026-11-25T11:00:00Z'), '^end_time: must be in the future'),
    (dict(LIVE, start_time='2026-11-27T00:00:00Z', end_time='2026-11-26T00:00:00Z'), '^end_time: must be after start_time'),
    (dict(LIVE, start_time='2026-11-26T00:00:00Z', end_time='2026-12-03T00:00:01Z'), '^end_time: must be at most 7 days'),
    (dict(LIVE, start_time='26/11/2026'), "^start_time: '26/11/2026' is not a time"),
    (dict(VOD, vod_refresh_type='continue_from_file_start'), '^vod_refresh_type: only immediate_new_source when a task is created'),
])
def test_each_rule_names_its_option(task, message):
    with pytest.raises(LiveApiError, match=message):
        check(task)


def test_an_old_end_time_that_is_not_sent_is_no_error():
    check(dict(LIVE, start_time='2026-11-01T00:00:00Z', end_time='2026-11-02T00:00:00Z'), sent={'source_urls'}, creating=False)


def test_a_partial_check_leaves_out_what_it_cannot_know():
    check({'source_urls': ['a', 'b'], 'end_time': '2026-12-30T00:00:00Z'}, complete=False, creating=False)
    with pytest.raises(LiveApiError, match='^end_time: must be in the future'):
        check({'end_time': '2026-11-01T00:00:00Z'}, complete=False, creating=False)
    with pytest.raises(LiveApiError, match='^destination_url: cannot be used together with domain'):
        check({'destination_url': 'rtmp://x', 'domain': 'd'}, complete=False, creating=False)


@pytest.mark.parametrize('defaults', [
    {'vod_loop_time': '', 'vod_start_video_index': 0, 'vod_start_video_time': 0, 'backup_source_urls': [], 'backup_source_type': ''},
    {'vod_loop_time': '-1', 'vod_refresh_type': 'immediate_new_source', 'vod_start_video_index': ''},
    {'start_time': '', 'end_time': 0, 'callback_events': None, 'destination_url': ''},
])
def test_a_live_task_with_the_apis_defaults_breaks_no_rule(defaults):
    check(dict(LIVE, **defaults))
    check(dict(LIVE, **defaults), complete=False, creating=False)


def test_a_vod_option_that_is_set_is_still_refused_on_a_live_task():
    with pytest.raises(LiveApiError, match='^vod_start_video_index: only valid when source_type is PullVodPushLive'):
        check(dict(LIVE, vod_start_video_index=1))
    with pytest.raises(LiveApiError, match='^vod_loop_time: only valid when source_type is PullVodPushLive'):
        check(dict(LIVE, vod_loop_time='3'))
