# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Applying a reconcile plan in one run: one listing, the plan, the delete guard, then every action's writes
(each read back by TaskWriter) on a bounded thread pool."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError
from ansible_collections.hwcloud.live.plugins.module_utils.reconcile_plan import count_deletes, plan_table, reconcile_steps
from ansible_collections.hwcloud.live.plugins.module_utils.task_plan import SENSITIVE_FIELDS, redact, redact_text
from ansible_collections.hwcloud.live.plugins.module_utils.task_writes import TaskWriter

MAX_CONCURRENCY = 16
DEFAULT_CONCURRENCY = 8
OK, FAILED, SKIPPED = 'ok', 'failed', 'skipped'


def guard_message(delete_count: int, recreate_count: int, max_deletes: int, limit_name: str = 'max_deletes') -> str:
    return ('The plan deletes %d relay tasks (%d of them recreated) but %s is %d; nothing was changed.'
            % (delete_count, recreate_count, limit_name, max_deletes))


class ActionRunner:
    """Runs jobs at most ``concurrency`` at once; without ``continue_on_error`` none starts after the first failure.

    Jobs already running when a job fails finish. One runner serves every phase of a run, so a failure in one phase
    stops the next from starting.
    """

    def __init__(self, concurrency: int, continue_on_error: bool) -> None:
        if not 1 <= concurrency <= MAX_CONCURRENCY:
            raise LiveApiError('concurrency must be 1 to %d, got %d' % (MAX_CONCURRENCY, concurrency))
        self.concurrency = concurrency
        self.continue_on_error = continue_on_error
        self.stopped = threading.Event()

    def run(self, jobs: list) -> list:
        """Per job, in order: (OK, its value), (FAILED, its LiveApiError) or (SKIPPED, None)."""
        def run_one(job):
            if self.stopped.is_set():
                return SKIPPED, None
            try:
                return OK, job()
            except LiveApiError as error:
                if not self.continue_on_error:
                    self.stopped.set()
                return FAILED, error

        if not jobs:
            return []
        with ThreadPoolExecutor(max_workers=min(self.concurrency, len(jobs))) as pool:
            return list(pool.map(run_one, jobs))


def write_step(writer: TaskWriter, step) -> str | None:
    """Send one action's writes; return the task_id of a task it created, None when it created none."""
    plan, current = step.plan, step.current
    if plan.action == 'delete':
        writer.delete(current)
        return None
    if plan.action in ('create', 'recreate'):
        return writer.create(plan.changes, plan.status_request, replaced=current if plan.action == 'recreate' else None)['task_id']
    listed, unapplied = writer.modify(current, plan.changes, plan.status_request)
    if unapplied:
        raise writer.not_applied(current, listed, unapplied, plan.status_request, can_recreate=False)
    return None


class ReconcileApply:
    """One run of the relay_task_apply module, from its parameters."""

    def __init__(self, params: dict) -> None:
        self.params = params
        self.show_sensitive = params['show_sensitive']
        self.runner = ActionRunner(params['concurrency'], params['continue_on_error'])

    def run(self, client, check_mode: bool) -> dict:
        """List once, plan, check the guard, apply; return the result. A failure raises LiveApiError with the result."""
        params = self.params
        current = client.list_relay_tasks(params['regions'])
        steps, _undeclared = reconcile_steps(current, params['desired_tasks'], params['prune'], self.show_sensitive)
        actions = [step.action for step in steps]
        delete_count, recreate_count = count_deletes(actions)
        result = dict(changed=False, actions=actions, table=plan_table(actions), results=[], delete_count=delete_count,
                      recreate_count=recreate_count, listed=len(current), request_ids=list(client.request_ids))
        if delete_count > params['max_deletes']:
            raise LiveApiError(guard_message(delete_count, recreate_count, params['max_deletes']),
                               result=dict(result, over_max_deletes=True))
        if check_mode or not steps:
            return dict(result, changed=bool(steps))
        records = self.apply(client, steps)
        result.update(changed=any(record['status'] == OK for record in records), results=records,
                      request_ids=result['request_ids'] + [rid for record in records for rid in record['request_ids']])
        failed = [record for record in records if record['status'] == FAILED]
        if failed:
            raise LiveApiError('%d of %d relay task actions failed%s; the first: %s %s: %s' % (
                len(failed), len(records), self.skipped_note(records), failed[0]['action'], failed[0]['target'],
                failed[0]['error']), result=result)
        return result

    @staticmethod
    def skipped_note(records: list) -> str:
        skipped = sum(1 for record in records if record['status'] == SKIPPED)
        return ' and %d were not started' % skipped if skipped else ''

    def apply(self, client, steps: list) -> list:
        """Deletes first (they free room under the project's task limit), then the other actions; records in plan order."""
        records = [self.record(step) for step in steps]
        jobs = [self.job(client, step, record) for step, record in zip(steps, records)]
        deletes = [index for index, step in enumerate(steps) if step.plan.action == 'delete']
        others = [index for index in range(len(steps)) if index not in set(deletes)]
        for phase in (deletes, others):
            for index, (status, value) in zip(phase, self.runner.run([jobs[index] for index in phase])):
                self.finish(steps[index], records[index], status, value)
        return records

    @staticmethod
    def record(step) -> dict:
        return dict(action=step.action['action'], task_id=step.action['task_id'], target=step.action['target'],
                    new_task_id=None, request_ids=[], error=None, status=SKIPPED)

    @staticmethod
    def job(client, step, record):
        def write():
            action_client = client.sharing_connections()
            record['request_ids'] = action_client.request_ids  # filled as the writes go, kept when one fails
            return write_step(TaskWriter(action_client), step)
        return write

    def finish(self, step, record: dict, status: str, value) -> None:
        record['status'] = status
        if status == OK:
            record['new_task_id'] = value
        elif status == FAILED:
            secrets = [task.get(name) for task in (step.current or {}, step.desired) for name in SENSITIVE_FIELDS]
            record['error'] = redact_text(value.message, secrets, self.show_sensitive)
            for name, found in value.result.items():  # restored_task_id, or lost_task after a failed recreate
                record[name] = redact(found, self.show_sensitive)
