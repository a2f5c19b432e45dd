# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The relay_task module's work over the client: find the task, check the rules, plan, write, read back."""

from __future__ import annotations

from dataclasses import replace

from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError
from ansible_collections.hwcloud.live.plugins.module_utils.task_plan import (
    find_by_target, plan_absent, plan_present, predicted_task, recreate_status_request, recreated_fields, redact, redact_text,
)
from ansible_collections.hwcloud.live.plugins.module_utils.task_rules import check_task
from ansible_collections.hwcloud.live.plugins.module_utils.task_schema import has_value
from ansible_collections.hwcloud.live.plugins.module_utils.task_writes import TaskWriter

# Module option -> field of the API's task. Every other task option has the field's own name.
OPTION_FIELDS = {'task_region': 'region'}
# An optional choice also takes "": the listing shows such a field as "" when it is not set (task_schema.is_unset),
# so a task copied from a listing passes Ansible's check and means the same as leaving the option out.
TASK_OPTIONS = dict(
    state=dict(type='str', choices=['present', 'absent'], default='present'),
    status=dict(type='str', choices=['enabled', 'paused']),
    task_id=dict(type='str'),
    task_region=dict(type='str'),
    source_type=dict(type='str', choices=['PullLivePushLive', 'PullVodPushLive']),
    source_urls=dict(type='list', elements='str'),
    domain=dict(type='str'),
    app_name=dict(type='str'),
    stream_name=dict(type='str'),
    push_args=dict(type='str'),
    destination_url=dict(type='str'),
    start_time=dict(type='str'),
    end_time=dict(type='str'),
    vod_loop_time=dict(type='str'),
    vod_refresh_type=dict(type='str', choices=['', 'immediate_new_source', 'continue_from_file_start', 'continue_from_break_point']),
    vod_start_video_index=dict(type='int'),
    vod_start_video_time=dict(type='int'),
    backup_source_type=dict(type='str', choices=['', 'PullLivePushLive']),
    backup_source_urls=dict(type='list', elements='str'),
    callback_events=dict(type='list', elements='str'),
    callback_url=dict(type='str'),
    recreate=dict(type='bool', default=False),
    show_sensitive=dict(type='bool', default=False),
)
CONTROL_OPTIONS = ('state', 'status', 'task_id', 'recreate', 'show_sensitive')


class RelayTaskChange:
    """One run of the relay_task module, from its parameters."""

    def __init__(self, params: dict) -> None:
        self.params = params
        self.desired = {OPTION_FIELDS.get(name, name): params[name] for name in TASK_OPTIONS
                        if name not in CONTROL_OPTIONS and params.get(name) is not None}
        self.show_sensitive = params['show_sensitive']
        self._secrets = [params.get('push_args'), params.get('destination_url')]

    def apply(self, client, check_mode: bool) -> tuple:
        """Return (plan, task after the change); in check mode nothing but reads is sent."""
        if self.params['state'] == 'present':
            check_task(self.desired, self.desired, creating=False, complete=False)
        current = self.find(client)
        if current is not None:
            self._secrets += [current.get('push_args'), current.get('destination_url')]
        if self.params['state'] == 'absent':
            plan = plan_absent(current)
        else:
            plan = plan_present(current, self.desired, self.params['status'], self.params['recreate'])
            self.check_plan(current, plan)
        if check_mode or not plan.changed:
            return plan, predicted_task(current, plan, self.desired) if plan.changed else (current or {})
        return self.write(client, current, plan)

    def find(self, client):
        """The task as listed now, found by task_id or by target; None when it does not exist."""
        regions = [self.params['task_region']] if self.params['task_region'] else None
        task_id = self.params['task_id']
        if task_id:
            found, _missing = client.get_relay_tasks([task_id], regions)
            if not found and self.params['state'] == 'present':
                raise LiveApiError('task_id: there is no task %r; leave task_id out to create one' % task_id)
            return found[0] if found else None
        if not (has_value(self.desired, 'destination_url') or all(has_value(self.desired, name) for name in ('domain', 'app_name', 'stream_name'))):
            raise LiveApiError('task_id, destination_url, or domain + app_name + stream_name is required to find the task')
        return find_by_target(client.list_relay_tasks(regions), self.desired)

    def check_plan(self, current, plan) -> None:
        if plan.action in ('create', 'recreate'):
            check_task(plan.changes, plan.changes, creating=True)
        elif plan.action == 'update':
            check_task(dict(current, **self.desired), plan.changes, creating=False)

    def write(self, client, current, plan) -> tuple:
        """Send the plan's writes, each read back and compared with what was asked; return (plan done, task as listed)."""
        writer = TaskWriter(client)
        if plan.action == 'delete':
            writer.delete(current)
            return plan, {}
        if plan.action == 'create':
            return plan, writer.create(plan.changes, plan.status_request)
        if plan.action == 'recreate':
            return plan, writer.create(plan.changes, plan.status_request, replaced=current)
        listed, unapplied = writer.modify(current, plan.changes, plan.status_request)
        if not unapplied:
            return plan, listed
        # Accepted but not applied (the vendor documents a modify only for PullVodPushLive tasks): recreating is the
        # way forward when it was allowed, the task is still listed, and what was not applied is more than a pause.
        can_recreate = listed is not None and (plan.status_request == 'enable' or unapplied != ['status'])
        if not (self.params['recreate'] and can_recreate):
            raise writer.not_applied(current, listed, unapplied, plan.status_request, can_recreate=can_recreate)
        fields = recreated_fields(listed, self.desired)
        try:
            check_task(fields, fields, creating=True)
        except LiveApiError as broken:
            raise writer.not_applied(current, listed, unapplied, plan.status_request, can_recreate=False,
                                     forward='nothing was deleted: the task made again would break a rule: %s' % broken)
        status_request = recreate_status_request(listed, self.params['status'])
        return replace(plan, action='recreate', changes=fields), writer.create(fields, status_request, replaced=listed)

    def diff(self, plan) -> dict:
        return {'before': redact(plan.before, self.show_sensitive), 'after': redact(plan.after, self.show_sensitive)}

    def redact_error(self, text: str) -> str:
        return redact_text(text, self._secrets, self.show_sensitive)
