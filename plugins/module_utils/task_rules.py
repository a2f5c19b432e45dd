# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The API's rules for a relay task, checked before any write is sent; each violation names the option at fault."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError
from ansible_collections.hwcloud.live.plugins.module_utils.task_schema import has_value, value_of

LIVE = 'PullLivePushLive'
VOD = 'PullVodPushLive'
TIME_FORMAT = '%Y-%m-%dT%H:%M:%SZ'
# strptime alone takes single digits ("2030-1-1T0:0:0Z"); the API takes exactly this form.
TIME_TEXT = re.compile(r'[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z')
# "-1" (loop until end_time) or N rounds, a positive integer without a sign or leading zero. The document gives no
# upper bound; nine digits keep N within a 32-bit integer (the simulator makes the same assumption).
VOD_LOOP_TIME = re.compile(r'-1|[1-9][0-9]{0,8}')
# The regions the vendor SDK knows for Live (huaweicloudsdklive.v1.region.live_region).
LIVE_REGIONS = ('cn-north-4', 'cn-north-1', 'cn-east-3', 'ap-southeast-2', 'ap-southeast-3')
REFRESH_TYPES = ('immediate_new_source', 'continue_from_file_start', 'continue_from_break_point')
MAX_WINDOW = timedelta(days=7)
MAX_BACKUP_URLS = 30
MAX_VOD_START_VIDEO_INDEX = 8192
MAX_VOD_START_VIDEO_TIME = 2100000000
CALLBACK_EVENTS = ('TaskStart', 'TaskExit', 'TaskAlarm')
VOD_CALLBACK_EVENTS = ('VodSourceFileStart', 'VodSourceFileFinish', 'ResetTaskConfig')
VOD_ONLY_FIELDS = ('vod_loop_time', 'vod_refresh_type', 'vod_start_video_index', 'vod_start_video_time',
                   'backup_source_type', 'backup_source_urls')
TARGET_FIELDS = ('domain', 'app_name', 'stream_name')
LENGTH_LIMITS = {'domain': (1, 255), 'app_name': (1, 128), 'stream_name': (1, 512), 'destination_url': (0, 2048)}


def parse_time(option: str, value: str) -> datetime:
    try:
        if not TIME_TEXT.fullmatch(value):
            raise ValueError(value)
        return datetime.strptime(value, TIME_FORMAT).replace(tzinfo=timezone.utc)
    except (TypeError, ValueError):
        raise LiveApiError('%s: %r is not a time in the format 2006-01-02T15:04:05Z' % (option, value))


def check_target(task: dict, complete: bool = True) -> None:
    """A task pushes to destination_url or to domain + app_name + stream_name, never both."""
    given = [field for field in TARGET_FIELDS if has_value(task, field)]
    if has_value(task, 'destination_url'):
        if given:
            raise LiveApiError('destination_url: cannot be used together with %s' % ', '.join(given))
        return
    missing = [field for field in TARGET_FIELDS if field not in given]
    if complete and missing:
        raise LiveApiError('%s: required for a task without destination_url' % ', '.join(missing))


def check_url_list(field: str, urls) -> None:
    """No blank entry: the API refuses an empty or all-blank URL anywhere in the list."""
    for index, url in enumerate(urls or ()):
        if not url.strip():
            raise LiveApiError('%s: entry %d is blank; every entry must be a URL' % (field, index))


def check_sources(task: dict, complete: bool = True) -> None:
    urls = value_of(task, 'source_urls')
    if complete and not urls:
        raise LiveApiError('source_urls: at least one URL is required')
    check_url_list('source_urls', urls)
    source_type = task.get('source_type')
    if source_type == LIVE and urls is not None and len(urls) != 1:
        raise LiveApiError('source_urls: a PullLivePushLive task takes exactly one source URL, got %d' % len(urls))
    if source_type == LIVE or (complete and source_type != VOD):
        for field in VOD_ONLY_FIELDS:
            if has_value(task, field):
                raise LiveApiError('%s: only valid when source_type is PullVodPushLive' % field)
    backup_urls = value_of(task, 'backup_source_urls') or []
    if len(backup_urls) > MAX_BACKUP_URLS:
        raise LiveApiError('backup_source_urls: at most %d URLs, got %d' % (MAX_BACKUP_URLS, len(backup_urls)))
    check_url_list('backup_source_urls', backup_urls)
    index = value_of(task, 'vod_start_video_index')
    highest = min(len(urls) - 1, MAX_VOD_START_VIDEO_INDEX) if urls else MAX_VOD_START_VIDEO_INDEX
    if index is not None and not 0 <= index <= highest:
        raise LiveApiError('vod_start_video_index: must be 0 to %d (the index of a URL in source_urls), got %d' % (highest, index))
    offset = value_of(task, 'vod_start_video_time')
    if offset is not None and not 0 <= offset <= MAX_VOD_START_VIDEO_TIME:
        raise LiveApiError('vod_start_video_time: must be 0 to %d seconds, got %d' % (MAX_VOD_START_VIDEO_TIME, offset))


def check_vod_values(task: dict, creating: bool) -> None:
    """vod_loop_time, vod_refresh_type and backup_source_type hold one of the values the API takes."""
    loop_time = value_of(task, 'vod_loop_time')
    if loop_time is not None and not (isinstance(loop_time, str) and VOD_LOOP_TIME.fullmatch(loop_time)):
        raise LiveApiError('vod_loop_time: must be "-1" (loop until end_time) or a number of rounds from 1 to 999999999, got %r'
                           % (loop_time,))
    refresh_type = value_of(task, 'vod_refresh_type')
    if refresh_type is not None and refresh_type not in REFRESH_TYPES:
        raise LiveApiError('vod_refresh_type: %r is not one of %s' % (refresh_type, ', '.join(REFRESH_TYPES)))
    if creating and refresh_type is not None:  # immediate_new_source, its default, is "not set"
        raise LiveApiError('vod_refresh_type: only immediate_new_source when a task is created')
    backup_type = value_of(task, 'backup_source_type')
    if backup_type is not None and backup_type != LIVE:
        raise LiveApiError('backup_source_type: must be %s, got %r' % (LIVE, backup_type))


def check_region(task: dict, sent: set) -> None:
    """A region that is sent (on create) is one the vendor SDK knows for Live."""
    if 'region' in sent and has_value(task, 'region') and task['region'] not in LIVE_REGIONS:
        raise LiveApiError('task_region: %r is not a Live region (%s)' % (task['region'], ', '.join(LIVE_REGIONS)))


def check_callback_events(task: dict) -> None:
    vod_events = VOD_CALLBACK_EVENTS if task.get('source_type') in (VOD, None) else ()
    allowed = CALLBACK_EVENTS + vod_events
    for event in value_of(task, 'callback_events') or []:
        if event not in allowed:
            raise LiveApiError('callback_events: %r is not one of %s' % (event, ', '.join(allowed)))


def check_lengths(task: dict) -> None:
    for field, (low, high) in LENGTH_LIMITS.items():
        value = task.get(field)
        if has_value(task, field) and not low <= len(value) <= high:
            raise LiveApiError('%s: must be %d to %d characters, got %d' % (field, low, high, len(value)))


def check_window(task: dict, sent: set, now: datetime, complete: bool = True) -> None:
    """end_time after start_time (default now) and at most 7 days later; in the future when the window is sent."""
    if not has_value(task, 'end_time'):
        return
    end = parse_time('end_time', task['end_time'])
    if sent & {'start_time', 'end_time'} and end <= now:
        raise LiveApiError('end_time: must be in the future (now is %s)' % now.strftime(TIME_FORMAT))
    if not complete and not has_value(task, 'start_time'):
        return  # the task's own start_time is not known yet
    start = parse_time('start_time', task['start_time']) if has_value(task, 'start_time') else now
    if end <= start:
        raise LiveApiError('end_time: must be after start_time (%s)' % start.strftime(TIME_FORMAT))
    if end - start > MAX_WINDOW:
        raise LiveApiError('end_time: must be at most 7 days after start_time (%s)' % start.strftime(TIME_FORMAT))


def check_task(task: dict, sent, creating: bool, now: datetime | None = None, complete: bool = True) -> None:
    """Every rule of the write API over the task as it would be after the write; ``sent`` names the fields written.

    With ``complete=False`` the task holds only what the user gave (no request made yet): rules that need
    a field the user did not give are left for the check of the complete task. A field that is not set
    (task_schema.is_unset: "", 0, [], null, or the API's default) breaks no rule, listed or desired.
    The rules and the simulator's (tests/simulator/task_rules.py) run over one table of cases: tests/cases/write_rules.py.
    """
    now = now or datetime.now(timezone.utc)
    sent = set(sent)
    source_type = value_of(task, 'source_type')
    if source_type is not None and source_type not in (LIVE, VOD):
        raise LiveApiError('source_type: %r is not one of %s, %s' % (source_type, LIVE, VOD))
    if complete and source_type is None:
        raise LiveApiError('source_type: required, one of %s, %s' % (LIVE, VOD))
    if has_value(task, 'start_time'):
        parse_time('start_time', task['start_time'])
    check_target(task, complete)
    check_sources(task, complete)
    check_vod_values(task, creating)
    check_region(task, sent)
    check_callback_events(task)
    check_lengths(task)
    check_window(task, sent, now, complete)
