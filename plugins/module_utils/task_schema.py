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

# Fields a listed task always holds; every other field may be listed as "", 0, [], null or absent.
REQUIRED_FIELDS = ('task_id', 'source_type', 'source_urls')
# What the API does when a field is given no value (the vendor SDK's models: LivePullStreamTask and
# ModifyLivePullStreamTask give these defaults; "" and absent vod_loop_time mean "-1"). A field holding its
# default is in the same state as one holding nothing.
API_DEFAULTS = {
    'vod_loop_time': '-1',
    'vod_refresh_type': 'immediate_new_source',
    'vod_start_video_index': 0,
    'vod_start_video_time': 0,
}


def _has_type(value, kind: str) -> bool:
    if kind == STRING:
        return isinstance(value, str)
    if kind == INTEGER:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _is_empty(value) -> bool:
    """null, "", [] or the integer 0 (never False: a boolean in a task is malformed, not empty)."""
    return value is None or (isinstance(value, (str, list)) and not value) or (isinstance(value, int) and not isinstance(value, bool) and value == 0)


def is_unset(name: str, value) -> bool:
    """Whether ``value`` of field ``name`` means "not set": the one definition every reader of a task uses.

    It serves listed tasks and desired ones alike, because the question is the same: which state the API is in.

    - null and absent: not set.
    - "", [] and 0: not set, in any field. A Go service lists a field it holds nothing in as its zero value
      ("" for a string, 0 for an integer); a listing that puts "" in an integer field or 0 in a string field
      carries no value either, so it is read the same way rather than failing a listing of 10,000 tasks.
      The text "0" is a value, not an empty form (vod_loop_time "0" is one the API refuses).
    - The field's API default (API_DEFAULTS): not set, listed or desired. vod_start_video_index and
      vod_start_video_time 0 start at the first second of the first file whatever was written;
      vod_loop_time "-1", "" and absent all loop until end_time; vod_refresh_type immediate_new_source is what
      the API does without one. A user asking vod_start_video_index 0 of a task listed with null therefore
      asks for nothing to change, and a PullLivePushLive task listed with these defaults sets no VOD option.
    - callback_events []: not set; the API calls back for every event then, as it does with none.
    """
    default = API_DEFAULTS.get(name)
    return _is_empty(value) or (default is not None and type(value) is type(default) and value == default)


def has_value(task: dict, name: str) -> bool:
    """Whether the task (listed or desired) sets field ``name``; see is_unset."""
    return not is_unset(name, task.get(name))


def value_of(task: dict, name: str):
    """The field's value, or None when it is not set (is_unset): the form readers compare and show."""
    value = task.get(name)
    return None if is_unset(name, value) else value


def describe_task_id(task_id) -> str:
    """A task id fit for an error message: quoted, one line, short."""
    text = repr(task_id)
    return text if len(text) <= 80 else text[:77] + '...'


def normalize_task(raw, action: str) -> dict:
    """Return the task with exactly the documented fields (absent ones as None), or raise naming the bad field.

    Values are kept as listed ("" stays "", so host variables show what the API sent); readers ask is_unset.
    """
    if not isinstance(raw, dict):
        raise LiveApiError('%s: a task in task_infos is a %s, not an object' % (action, type(raw).__name__))
    task_id = raw.get('task_id')
    if not isinstance(task_id, str) or not task_id:
        raise LiveApiError('%s: a task in task_infos has no task_id string' % action)
    task = {}
    for name, kind in TASK_FIELDS.items():
        value = raw.get(name)
        # An optional field listed empty in another type's form ("" for an integer, 0 for a string) is kept as
        # listed and read as not set (is_unset); any other value of the wrong type fails the listing.
        if value is not None and not _has_type(value, kind) and (name in REQUIRED_FIELDS or not _is_empty(value)):
            raise LiveApiError('%s: task %s: field %s must be a %s, got %s'
                               % (action, describe_task_id(task_id), name, kind, type(value).__name__))
        task[name] = value
    return task
