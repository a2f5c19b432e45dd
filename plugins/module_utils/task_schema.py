# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The relay task as the API lists it (LivePullTaskInfo): its fields, their types, and the check of a listed task."""

from __future__ import annotations

from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError

STRING = 'string'
INTEGER = 'integer'
STRING_LIST = 'list of strings'

# Every field of LivePullTaskInfo in the query document, in its order. Only these become data:
# an unknown key in a task is dropped, so the API cannot set ``ansible_*`` variables on a host.
TASK_FIELDS = {
    'task_id': STRING,
    'status': STRING,
    'create_time': STRING,
    'region': STRING,
    'source_type': STRING,
    'source_urls': STRING_LIST,
    'domain': STRING,
    'app_name': STRING,
    'stream_name': STRING,
    'push_args': STRING,
    'destination_url': STRING,
    'start_time': STRING,
    'end_time': STRING,
    'callback_events': STRING_LIST,
    'callback_url': STRING,
    'backup_source_type': STRING,
    'backup_source_urls': STRING_LIST,
    'vod_loop_time': STRING,
    'vod_start_video_index': INTEGER,
    'vod_start_video_time': INTEGER,
    'vod_refresh_type': STRING,
}

# The listing names a paused task ``suspend``; the modify call pauses with ``pause``. The only mapping of the two.
PAUSED_STATUS = 'suspend'


def _has_type(value, kind: str) -> bool:
    if kind == STRING:
        return isinstance(value, str)
    if kind == INTEGER:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def describe_task_id(task_id) -> str:
    """A task id fit for an error message: quoted, one line, short."""
    text = repr(task_id)
    return text if len(text) <= 80 else text[:77] + '...'


def normalize_task(raw, action: str) -> dict:
    """Return the task with exactly the documented fields (absent ones as None), or raise naming the bad field."""
    if not isinstance(raw, dict):
        raise LiveApiError('%s: a task in task_infos is a %s, not an object' % (action, type(raw).__name__))
    task_id = raw.get('task_id')
    if not isinstance(task_id, str) or not task_id:
        raise LiveApiError('%s: a task in task_infos has no task_id string' % action)
    task = {}
    for name, kind in TASK_FIELDS.items():
        value = raw.get(name)
        if value is not None and not _has_type(value, kind):
            raise LiveApiError('%s: task %s: field %s must be a %s, got %s'
                               % (action, describe_task_id(task_id), name, kind, type(value).__name__))
        task[name] = value
    return task
