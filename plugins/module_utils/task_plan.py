# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""From a task as it is and a task as it should be to the writes that get there: pure logic, no requests."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError
from ansible_collections.hwcloud.live.plugins.module_utils.task_rules import LIVE, TARGET_FIELDS, VOD_ONLY_FIELDS
from ansible_collections.hwcloud.live.plugins.module_utils.task_schema import (
    PAUSED_STATUS, TASK_FIELDS, describe_task_id, has_value, is_unset, value_of,
)

# What ModifyLivePullStreamTask can change in place; vod_refresh_type only says how a change takes effect.
MODIFIABLE_FIELDS = ('source_urls', 'vod_loop_time', 'vod_start_video_index', 'vod_start_video_time', 'start_time',
                     'end_time', 'callback_events')
CREATE_FIELDS = ('source_type', 'source_urls', 'region', 'domain', 'app_name', 'stream_name', 'push_args',
                 'destination_url', 'start_time', 'end_time', 'vod_loop_time', 'vod_refresh_type', 'vod_start_video_index',
                 'vod_start_video_time', 'backup_source_type', 'backup_source_urls', 'callback_events', 'callback_url')
UNORDERED_FIELDS = ('callback_events',)
# Sent with a change to say how it takes effect; not a state the listing is compared on.
HOW_FIELDS = ('vod_refresh_type',)
SENSITIVE_FIELDS = ('push_args', 'destination_url')
REDACTED = '<redacted>'
URL_QUERY = re.compile(r'([A-Za-z][A-Za-z0-9+.-]*://[^\s?\'"]*)\?[^\s\'"]*')
# The modify call's status values; the listing shows a paused task as PAUSED_STATUS.
STATUS_REQUESTS = {'paused': 'pause', 'enabled': 'enable'}


@dataclass
class TaskPlan:
    """What to do: ``create``, ``update``, ``recreate``, ``delete`` or ``none``, with the before/after of each change."""

    action: str
    changes: dict = field(default_factory=dict)
    status_request: str | None = None
    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return self.action != 'none'


def is_paused(task: dict) -> bool:
    return task.get('status') == PAUSED_STATUS


def same_value(name: str, current, desired) -> bool:
    """Equal as the API means it: every form of "not set" (is_unset) is one state; callback events in any order."""
    current = None if is_unset(name, current) else current
    desired = None if is_unset(name, desired) else desired
    if name in UNORDERED_FIELDS and current is not None and desired is not None:
        return sorted(current) == sorted(desired)
    return current == desired


def target_of(task: dict) -> tuple:
    """The ingest target that identifies a task when no task_id is given; a part that is not set is None."""
    if has_value(task, 'destination_url'):
        return ('destination_url', task['destination_url'])
    return ('stream', value_of(task, 'domain'), value_of(task, 'app_name'), value_of(task, 'stream_name'))


def find_by_target(tasks: list, desired: dict):
    """The one task pushing to the desired target, None when none does; two are an error naming both."""
    target = target_of(desired)
    matches = [task for task in tasks if target_of(task) == target]
    if len(matches) > 1:
        raise LiveApiError('tasks %s and %s push to the same target; give task_id to choose one'
                           % (describe_task_id(matches[0]['task_id']), describe_task_id(matches[1]['task_id'])))
    return matches[0] if matches else None


def plan_absent(current: dict | None) -> TaskPlan:
    if current is None:
        return TaskPlan('none')
    return TaskPlan('delete', before={'state': 'present', 'task_id': current['task_id']}, after={'state': 'absent'})


def plan_present(current: dict | None, desired: dict, status: str | None, recreate: bool) -> TaskPlan:
    """The writes that make ``current`` (None: no such task) match ``desired`` (only the fields the user set)."""
    if current is None:
        after = dict(desired)
        if status:
            after['status'] = status
        return TaskPlan('create', changes=dict(desired), status_request='pause' if status == 'paused' else None,
                        before={'state': 'absent'}, after=after)
    differing = [name for name, value in desired.items() if not same_value(name, current.get(name), value)]
    fixed = [name for name in differing if name not in MODIFIABLE_FIELDS and name != 'vod_refresh_type']
    changes = {name: desired[name] for name in differing if name in MODIFIABLE_FIELDS}
    status_request = None
    if status and (status == 'paused') != is_paused(current):
        status_request = STATUS_REQUESTS[status]
    before = {name: current.get(name) for name in list(changes) + fixed}
    after = {name: desired[name] for name in list(changes) + fixed}
    if status_request:
        before['status'] = current.get('status')
        after['status'] = status
    if fixed:
        if not recreate:
            raise LiveApiError('%s cannot be changed on an existing task (%s); set recreate=true to delete and create it again'
                               % (', '.join(fixed), describe_task_id(current['task_id'])))
        recreated = recreated_fields(current, desired)
        for name in CREATE_FIELDS:  # the other target form, or VOD settings of a task made live: not carried over
            if has_value(current, name) and not has_value(recreated, name) and name != 'vod_refresh_type':
                before[name], after[name] = current[name], None
        return TaskPlan('recreate', changes=recreated, before=before, after=after,
                        status_request=recreate_status_request(current, status))
    if changes and desired.get('vod_refresh_type'):
        changes['vod_refresh_type'] = desired['vod_refresh_type']
    if not changes and not status_request:
        return TaskPlan('none')
    return TaskPlan('update', changes=changes, status_request=status_request, before=before, after=after)


def recreated_fields(current: dict, desired: dict) -> dict:
    """The create body of a task made again: its current creatable fields that are set, overridden by the desired ones.

    A desired target of the other form replaces the current one (destination_url for domain + app_name + stream_name,
    or the other way round), and a task made PullLivePushLive leaves the VOD-only settings behind: the API takes
    neither next to the new value.
    """
    fields = {name: current[name] for name in CREATE_FIELDS if has_value(current, name)}
    if has_value(desired, 'destination_url'):
        dropped = TARGET_FIELDS
    elif any(has_value(desired, name) for name in TARGET_FIELDS):
        dropped = ('destination_url',)
    else:
        dropped = ()
    if desired.get('source_type') == LIVE:
        dropped += VOD_ONLY_FIELDS
    for name in dropped:
        fields.pop(name, None)
    fields.update(desired)
    fields.pop('vod_refresh_type', None)  # how a change of a running task takes effect; a new task starts afresh
    return fields


def recreate_status_request(current: dict, status: str | None) -> str | None:
    """A task made again is created running: pause it when it should be paused, or was and no status is given."""
    return 'pause' if status == 'paused' or (status is None and is_paused(current)) else None


def create_body(fields: dict) -> dict:
    """The body of a create: a field that is not set is left out, so the API applies its default and a
    PullLivePushLive task is never sent a VOD option, not even its default."""
    return {name: value for name, value in fields.items() if has_value(fields, name)}


def unapplied_fields(listed: dict | None, asked: dict, status_request: str | None = None) -> list:
    """The fields of ``asked`` (and ``status`` for a status request) that the task as listed after a write does not hold.

    vod_refresh_type says how a change takes effect, not what the task holds, so it is not compared. A task that is
    not listed holds nothing that was asked.
    """
    names = [name for name in asked if name not in HOW_FIELDS]
    if listed is not None:
        names = [name for name in names if not same_value(name, listed.get(name), asked[name])]
    if status_request and (listed is None or is_paused(listed) != (status_request == 'pause')):
        names.append('status')
    return names


def predicted_task(current: dict | None, plan: TaskPlan, desired: dict) -> dict:
    """The task as the listing would show it after the plan, for check mode; what the API decides is None."""
    if plan.action == 'delete':
        return {}
    task = {name: None for name in TASK_FIELDS}
    if plan.action in ('create', 'recreate'):
        task.update({name: value for name, value in plan.changes.items() if name in TASK_FIELDS})
        task['task_id'] = None
        task['status'] = None
    else:
        task.update(current)
        task.update({name: value for name, value in desired.items() if name in TASK_FIELDS})
    if plan.status_request == 'pause':
        task['status'] = PAUSED_STATUS
    elif plan.status_request == 'enable':
        task['status'] = None
    return task


def redact(value, show_sensitive: bool, name: str | None = None):
    """Hide push_args, destination_url and every URL query string, unless show_sensitive is set."""
    if show_sensitive:
        return value
    if name in SENSITIVE_FIELDS and value not in (None, ''):
        return REDACTED
    if isinstance(value, dict):
        return {key: redact(item, show_sensitive, key) for key, item in value.items()}
    if isinstance(value, list):
        return [redact(item, show_sensitive) for item in value]
    if isinstance(value, str):
        return URL_QUERY.sub(r'\1?' + REDACTED, value)
    return value


def redact_text(text: str, secrets, show_sensitive: bool) -> str:
    """An error message with known sensitive values and URL query strings hidden."""
    if show_sensitive:
        return text
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return URL_QUERY.sub(r'\1?' + REDACTED, text)
