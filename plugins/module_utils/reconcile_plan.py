# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The reconcile plan: from the tasks listed now and a declared list of tasks to the actions that match them."""

from __future__ import annotations

from dataclasses import dataclass

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError
from ansible_collections.hwcloud.live.plugins.module_utils.relay_task_change import CONTROL_OPTIONS, OPTION_FIELDS, TASK_OPTIONS
from ansible_collections.hwcloud.live.plugins.module_utils.task_plan import TaskPlan, plan_absent, plan_present, redact, target_of
from ansible_collections.hwcloud.live.plugins.module_utils.task_rules import check_task
from ansible_collections.hwcloud.live.plugins.module_utils.task_schema import value_of

# What a declared task may hold: the relay_task module's task options and its status. task_region also takes the
# listing's name, region, so a task exported from relay_task_info or the inventory declares itself as it is listed.
DESIRED_TASK_OPTIONS = {name: spec for name, spec in TASK_OPTIONS.items() if name not in CONTROL_OPTIONS or name == 'status'}
DESIRED_TASK_OPTIONS['task_region'] = dict(DESIRED_TASK_OPTIONS['task_region'], aliases=['region'])
ACTION_ORDER = ('delete', 'recreate', 'create', 'modify', 'pause', 'enable')


def describe_target(task: dict, show_sensitive: bool) -> str:
    target = target_of(task)
    if target[0] == 'destination_url':
        return redact(target[1], show_sensitive)
    return '/'.join('' if part is None else str(part) for part in target[1:])


def validated_declaration(where: str, declared) -> dict:
    """A declared task checked like the relay_task module's options (names, types, choices); errors name it.

    A field that is null is not set, as the relay_task_info module lists an absent field: it is left out first.
    """
    if not isinstance(declared, dict):
        raise LiveApiError('%s: a declared task must be a dict' % where)
    result = ArgumentSpecValidator(DESIRED_TASK_OPTIONS).validate({name: value for name, value in declared.items() if value is not None})
    if result.error_messages:
        raise LiveApiError('%s: %s' % (where, result.error_messages[0]))
    return result.validated_parameters


def desired_fields(declared: dict) -> dict:
    return {OPTION_FIELDS.get(name, name): value for name, value in declared.items()
            if value is not None and name in DESIRED_TASK_OPTIONS and name != 'status'}


def _action(plan) -> str:
    if plan.action == 'update' and not plan.changes:
        return 'pause' if plan.status_request == 'pause' else 'enable'
    return 'modify' if plan.action == 'update' else plan.action


@dataclass
class ReconcileStep:
    """One action of the plan with what its writes need: the task as listed (None for a create) and its TaskPlan."""

    action: dict
    current: dict | None
    plan: TaskPlan
    desired: dict


def plan_reconcile(current_tasks: list, declared_tasks: list, prune: bool, show_sensitive: bool = False) -> dict:
    """Return {'actions': [...], 'undeclared': [...]} where every action names its task and target (see reconcile_steps)."""
    steps, undeclared = reconcile_steps(current_tasks, declared_tasks, prune, show_sensitive)
    return {'actions': [step.action for step in steps], 'undeclared': undeclared}


def count_deletes(actions: list) -> tuple:
    """(deletes with recreates, recreates): a recreate deletes the task, then creates it again."""
    recreates = sum(1 for item in actions if item['action'] == 'recreate')
    return recreates + sum(1 for item in actions if item['action'] == 'delete'), recreates


def reconcile_steps(current_tasks: list, declared_tasks: list, prune: bool, show_sensitive: bool = False) -> tuple:
    """Return (the steps of the plan in order, the ids of the listed tasks no declared task names).

    Declared tasks are found among the current ones by ingest target. With ``prune``, a current task
    whose target no declared task names gets a ``delete`` action; without it, it is only listed as undeclared.
    A field listed or declared as "", 0, [] or null, or at its API default, is not set (task_schema.is_unset):
    it matches the same field left out, so it never makes an action.
    """
    steps, seen = [], {}
    by_target = {}
    for task in current_tasks:
        by_target.setdefault(target_of(task), []).append(task)
    for index, declared in enumerate(declared_tasks):
        where = 'desired_tasks[%d]' % index
        declared = validated_declaration(where, declared)
        desired = desired_fields(declared)
        try:
            # A window in the past is refused where it is sent (the create and modify checks below): a task that
            # ended, declared as the listing shows it, plans nothing.
            check_task(desired, set(desired) - {'start_time', 'end_time'}, creating=False, complete=False)
            target = target_of(desired)
            if not all(target[1:]):
                raise LiveApiError('destination_url, or domain + app_name + stream_name, is required to identify the task')
            if target in seen:
                raise LiveApiError('it declares the same target as desired_tasks[%d]' % seen[target])
            seen[target] = index
            matches = by_target.get(target, [])
            if len(matches) > 1:
                raise LiveApiError('tasks %s push to its target; delete all but one first' % ', '.join(t['task_id'] for t in matches))
            current = matches[0] if matches else None
            plan = plan_present(current, desired, declared.get('status'), recreate=True)
            if plan.action in ('create', 'recreate'):
                check_task(plan.changes, plan.changes, creating=True)
            elif plan.action == 'update':
                check_task(dict(current, **desired), plan.changes, creating=False)
        except LiveApiError as error:
            raise LiveApiError('%s (%s): %s' % (where, describe_target(desired, show_sensitive), error)) from None
        if plan.changed:
            steps.append(ReconcileStep({'action': _action(plan), 'task_id': current['task_id'] if current else None,
                                        'target': describe_target(desired, show_sensitive), 'desired_index': index,
                                        'changes': sorted(plan.after), 'region': value_of(current or desired, 'region')},
                                       current, plan, desired))
    undeclared = [task for task in current_tasks if target_of(task) not in seen]
    for task in undeclared if prune else ():
        steps.append(ReconcileStep({'action': 'delete', 'task_id': task['task_id'], 'target': describe_target(task, show_sensitive),
                                    'desired_index': None, 'changes': [], 'region': value_of(task, 'region')},
                                   task, plan_absent(task), {}))
    steps.sort(key=lambda step: (ACTION_ORDER.index(step.action['action']), step.action['target'], str(step.action['task_id'])))
    return steps, [task['task_id'] for task in undeclared]


def plan_table(actions: list) -> list:
    """The plan as aligned text lines, a header first; one line saying so when there is nothing to do."""
    if not actions:
        return ['Nothing to do: the relay tasks match the declared list.']
    rows = [('ACTION', 'TASK', 'REGION', 'TARGET', 'CHANGES')]
    rows += [(item['action'], item['task_id'] or '(new)', item['region'] or '-', item['target'], ', '.join(item['changes']) or '-')
             for item in actions]
    widths = [max(len(str(row[column])) for row in rows) for column in range(4)]
    return ['  '.join(str(value).ljust(width) for value, width in zip(row[:4], widths)) + '  ' + row[4] for row in rows]
