# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The relay_task module's writes: each one read back and compared with what was asked, and a recreate that never
loses the task (the old one is created again when the new one cannot be)."""

from __future__ import annotations

from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError
from ansible_collections.hwcloud.live.plugins.module_utils.task_plan import (
    create_body, find_by_target, is_paused, recreated_fields, unapplied_fields,
)
from ansible_collections.hwcloud.live.plugins.module_utils.task_rules import LIVE
from ansible_collections.hwcloud.live.plugins.module_utils.task_schema import describe_task_id

MODIFY_NOTE = 'the vendor documents a modify as taking effect only for PullVodPushLive tasks'


class RequestTrail:
    """The writes of one run, each with the request id of its answer, for a message that names them all."""

    def __init__(self, client) -> None:
        self.client = client
        self.entries = []

    def send(self, label: str, call, *args):
        """``call(*args)``, noting its request id under ``label``; a failure's own request id is noted too."""
        mark = len(self.client.request_ids)
        try:
            result = call(*args)
        except LiveApiError as error:
            self.entries.append((label, error.request_id))
            raise
        answered = self.client.request_ids[mark:]
        self.entries.append((label, answered[-1] if answered else None))
        return result

    def last_request_id(self) -> str | None:
        return self.entries[-1][1] if self.entries else None

    def describe(self) -> str:
        return 'request ids: %s' % ', '.join('%s %s' % (label, request_id or '(none)') for label, request_id in self.entries)


def way_forward(unapplied: list, status_request: str | None, can_recreate: bool) -> str:
    """What a user can do about a modify the API accepted but did not apply."""
    if status_request == 'pause' and unapplied == ['status']:
        return 'a create cannot pause a task either; state: absent deletes it'
    if can_recreate:
        return 'set recreate: true to delete the task and create it again with these values (its task_id changes)'
    return 'nothing was deleted'


def _uncertain(error: LiveApiError) -> bool:
    """A create that may have been carried out although its answer was lost: no HTTP answer, or a server error."""
    return error.status is None or error.status >= 500


class TaskWriter:
    """Creates, modifies, pauses, enables, deletes and recreates one task over the client; every write is read back."""

    def __init__(self, client) -> None:
        self.client = client
        self.trail = RequestTrail(client)

    def read(self, task_id: str, after: str) -> dict | None:
        """The task as listed now, None when it is not listed; ``after`` says which write this read checks."""
        try:
            found, _missing = self.client.get_relay_tasks([task_id])
        except LiveApiError as error:
            raise error.copy(message='%s (%s), but reading the task back failed: %s'
                             % (after, self.trail.describe(), error.message)) from None
        return found[0] if found else None

    def post(self, label: str, fields: dict) -> str:
        """Create a task; a create whose answer was lost counts as done when a task with its target is listed."""
        body = create_body(fields)
        try:
            return self.trail.send(label, self.client.create_relay_task, body)
        except LiveApiError as error:
            if not _uncertain(error):
                raise
            try:
                landed = find_by_target(self.client.list_relay_tasks([body['region']] if body.get('region') else None), body)
            except LiveApiError:
                landed = None
            if landed is None:
                raise
            return landed['task_id']

    def create(self, fields: dict, status_request: str | None, replaced: dict | None = None) -> dict:
        """Create the task (after deleting ``replaced``), read it back, compare it with the body sent, pause it when asked.

        When the create of a replacement fails, the deleted task is created again (see restore).
        """
        if replaced is not None:
            self.delete(replaced)
        try:
            task_id = self.post('create', fields)
        except LiveApiError as failure:
            if replaced is None:
                raise
            raise self.restore(replaced, failure) from None
        made = ('task %s was created' % describe_task_id(task_id) if replaced is None else
                'task %s was deleted and created again as %s' % (describe_task_id(replaced['task_id']), describe_task_id(task_id)))
        listed = self.read(task_id, made)
        differing = unapplied_fields(listed, create_body(fields))
        if listed is None or differing:
            raise LiveApiError('%s: %s (%s), but the API %s' % (
                ', '.join(differing) if listed is not None else 'create', made, self.trail.describe(),
                'does not list it' if listed is None else 'lists it with other values than were sent'),
                request_id=self.trail.last_request_id())
        if status_request:
            return self.set_status(listed, status_request, made + '; ')
        return listed

    def modify(self, current: dict, changes: dict, status_request: str | None) -> tuple:
        """Send one modify; return (the task as listed after it, the fields it did not apply)."""
        body = dict(changes, task_id=current['task_id'])
        if status_request:
            body['status'] = status_request
        self.trail.send('modify' if changes else status_request, self.client.modify_relay_task, body)
        listed = self.read(current['task_id'], 'the modify of task %s was sent' % describe_task_id(current['task_id']))
        return listed, unapplied_fields(listed, changes, status_request)

    def set_status(self, task: dict, status_request: str, context: str = '') -> dict:
        """Pause or enable the task; a status the API accepts but does not apply is an error."""
        listed, unapplied = self.modify(task, {}, status_request)
        if unapplied:
            raise self.not_applied(task, listed, unapplied, status_request, can_recreate=False, context=context)
        return listed

    def not_applied(self, current: dict, listed: dict | None, unapplied: list, status_request: str | None,
                    can_recreate: bool, context: str = '', forward: str | None = None) -> LiveApiError:
        """The error of a modify the API accepted but did not apply: the fields first, then the way forward."""
        if listed is None:
            found = 'the task is no longer listed'
        else:
            found = 'the task does not hold the values sent%s' % (
                ' (it lists status %r)' % listed.get('status') if 'status' in unapplied else '')
        forward = forward or way_forward(unapplied, status_request, can_recreate)
        note = '; %s' % MODIFY_NOTE if current.get('source_type') == LIVE else ''
        return LiveApiError('%s: %sthe API accepted the modify of task %s but %s (%s)%s; %s' % (
            ', '.join(unapplied), context, describe_task_id(current['task_id']), found, self.trail.describe(), note, forward),
            request_id=self.trail.last_request_id())

    def delete(self, current: dict) -> None:
        self.trail.send('delete', self.client.delete_relay_task, current['task_id'], current.get('region'))

    def restore(self, current: dict, failure: LiveApiError) -> LiveApiError:
        """Create the deleted task again from its listed fields; return the error that says what exists now.

        That is the old task restored as a new task_id, or the old task lost, with its full listed definition in the
        result under ``lost_task``; the message names every write's request id.
        """
        old_id = describe_task_id(current['task_id'])
        failed = 'recreate of task %s: the task was deleted, then its new definition was not created: %s' % (old_id, failure.message)
        old_fields = recreated_fields(current, {})
        try:
            task_id = self.post('restore', old_fields)
        except LiveApiError as restore_failure:
            return failure.copy(message='%s; creating the old task again failed too: %s; the old task was lost; its full'
                                ' listed definition is in the result under `lost_task` (%s)'
                                % (failed, restore_failure.message, self.trail.describe()), result={'lost_task': current})
        restored = 'the old task was restored as %s' % describe_task_id(task_id)
        try:
            listed = self.read(task_id, 'the old task was created again as %s' % describe_task_id(task_id))
            differing = unapplied_fields(listed, create_body(old_fields))
            if listed is None or differing:
                restored += ', but the API %s' % ('does not list it' if listed is None else 'lists it with other %s' % ', '.join(differing))
            elif is_paused(current):
                self.set_status(listed, 'pause')
        except LiveApiError as check_failure:
            restored += ' (%s)' % check_failure.message
        return failure.copy(message='%s; %s (%s)' % (failed, restored, self.trail.describe()),
                            result={'restored_task_id': task_id})
