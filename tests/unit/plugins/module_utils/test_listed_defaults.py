# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Listed tasks whose optional fields come back as "", 0, [], null or absent: every reader takes them as "not set".

The tasks start as the simulator's data set makes them (both source types); each optional field is then kept
(when it holds a value) or replaced by one of the forms the API may list for "nothing". Every reader must then
behave as it does for the same task with those fields left out: no exception, no violation, nothing to change.
"""

from __future__ import annotations

import copy
from datetime import datetime, timedelta, timezone

import pytest
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from hypothesis import given, settings, strategies as st

from ansible_collections.hwcloud.live.plugins.module_utils.audit_rules import audit_tasks
from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError
from ansible_collections.hwcloud.live.plugins.module_utils.reconcile_plan import plan_reconcile
from ansible_collections.hwcloud.live.plugins.module_utils.relay_task_change import (
    CONTROL_OPTIONS, OPTION_FIELDS, TASK_OPTIONS, RelayTaskChange,
)
from ansible_collections.hwcloud.live.plugins.module_utils.task_plan import plan_present
from ansible_collections.hwcloud.live.plugins.module_utils.task_rules import parse_time
from ansible_collections.hwcloud.live.plugins.module_utils.task_schema import (
    INTEGER, STRING_LIST, TASK_FIELDS, is_unset, normalize_task,
)
from ansible_collections.hwcloud.live.tests.simulator import dataset

LIVE, VOD = dataset.LIVE_SOURCE, dataset.VOD_SOURCE
REQUIRED = ('task_id', 'source_type', 'source_urls')
OPTIONAL = tuple(name for name in TASK_FIELDS if name not in REQUIRED)
# A task's target says which task it is; emptying a target that is set makes another, incomplete task, not a default.
TARGET = ('destination_url', 'domain', 'app_name', 'stream_name')
ABSENT = 'absent'  # the form "key left out"
SCALAR_FORMS = ('', 0, None, ABSENT)
LIST_FORMS = ([], None, ABSENT)
# What a user can copy into the module: each field's own type's empty form (Ansible turns 0 into the text "0"
# for a string option and refuses "" for an integer one before any of our code runs).
OWN_FORMS = {INTEGER: (0, None, ABSENT), STRING_LIST: LIST_FORMS}
STRING_FORMS = ('', None, ABSENT)
POLICY = {'allowed_source_schemes': ['rtmp', 'https'], 'allowed_regions': list(dataset.REGIONS),
          'allowed_statuses': list(dataset.STATUSES)}
TASK_FIELD_OPTIONS = [name for name in TASK_OPTIONS if name not in CONTROL_OPTIONS]


def _pool() -> dict:
    """Valid tasks of each source type, as the simulator makes them, that end after today: the write rules hold."""
    reference = dataset.default_reference_time()
    tasks = [task for task in dataset.generate_tasks(120, seed=12, reference_time=reference)
             if dataset.format_time(reference + timedelta(seconds=dataset.DAY_MARGIN)) <= task['end_time']]
    pool = {source_type: [task for task in tasks if task['source_type'] == source_type] for source_type in (LIVE, VOD)}
    for found in pool.values():  # both kinds of target, so every target field is also seen unset
        assert len({bool(task['destination_url']) for task in found}) == 2 and len(found) >= 5
    return pool


POOL = _pool()


def has_value(value) -> bool:
    return value is not None and value not in ('', []) and not (isinstance(value, int) and not isinstance(value, bool) and value == 0)


def with_form(task: dict, name: str, form) -> dict:
    task = dict(task)
    if form == ABSENT:
        task.pop(name, None)
    else:
        task[name] = copy.deepcopy(form)
    return task


def forms_of(name: str, own_type_only: bool) -> tuple:
    if TASK_FIELDS[name] == STRING_LIST:
        return LIST_FORMS
    return OWN_FORMS.get(TASK_FIELDS[name], STRING_FORMS) if own_type_only else SCALAR_FORMS


@st.composite
def listed_tasks(draw, source_type: str, own_type_only: bool = False) -> dict:
    """A valid task as the API may list it: each optional field kept, or in one of the forms of "nothing".

    The target it has is kept: it says which task this is, and without it the task is another, incomplete one.
    """
    task = copy.deepcopy(draw(st.sampled_from(POOL[source_type])))
    for name in OPTIONAL:
        keep = ('keep',) if has_value(task.get(name)) else ()
        if keep and name in TARGET:
            continue
        form = draw(st.sampled_from(keep + forms_of(name, own_type_only)))
        if form != 'keep':
            task = with_form(task, name, form)
    return task


def bare(task: dict) -> dict:
    """The same task with every field that holds no value left out."""
    return {name: value for name, value in task.items() if name in REQUIRED or has_value(value)}


def export(task: dict, with_task_id: bool = True) -> dict:
    """The task as a user copies it into the relay_task module: the options it takes, null ones left out."""
    options = {name: task.get(OPTION_FIELDS.get(name, name)) for name in TASK_FIELD_OPTIONS}
    if with_task_id:
        options['task_id'] = task['task_id']
    if has_value(task.get('status')):
        options['status'] = 'paused' if task['status'] == 'suspend' else 'enabled'
    return {name: value for name, value in options.items() if value is not None}


def module_params(options: dict) -> dict:
    """The module's parameters for ``options``, checked by Ansible's own argument spec validation."""
    result = ArgumentSpecValidator(TASK_OPTIONS).validate(options)
    assert not result.error_messages, result.error_messages
    return result.validated_parameters


class ListingClient:
    """A client that lists the given tasks, records every write and applies it, as the API does."""

    def __init__(self, tasks: list) -> None:
        self.tasks = list(tasks)
        self.writes = []
        self.request_ids = []

    def list_relay_tasks(self, regions=None):
        return list(self.tasks)

    def get_relay_tasks(self, task_ids, regions=None):
        found = [task for task in self.tasks if task['task_id'] in task_ids]
        return found, [task_id for task_id in task_ids if task_id not in {task['task_id'] for task in found}]

    def create_relay_task(self, fields):
        self.writes.append(('POST', fields))
        self.tasks.append(dict(fields, task_id='new', status='running'))
        return 'new'

    def modify_relay_task(self, fields):
        self.writes.append(('PUT', fields))
        changes = {name: value for name, value in fields.items() if name not in ('task_id', 'status')}
        if 'status' in fields:
            changes['status'] = 'suspend' if fields['status'] == 'pause' else 'running'
        self.tasks = [dict(task, **changes) if task['task_id'] == fields['task_id'] else task for task in self.tasks]

    def delete_relay_task(self, task_id, region=None):
        self.writes.append(('DELETE', task_id))
        self.tasks = [task for task in self.tasks if task['task_id'] != task_id]
        return True


def findings(tasks: list) -> list:
    """What the audit finds, without the task's own region and status (which show the listed form as it is)."""
    _rules, violations = audit_tasks(tasks, POLICY)
    return [(item['task_id'], item['rule'], item['severity'], item['field'], item['message']) for item in violations]


def declared(task: dict) -> dict:
    """The task as a user declares it for the reconcile plan (relay_task options without task_id)."""
    return export(task, with_task_id=False)


def desired_of(task: dict) -> dict:
    """The task's fields that the module can set, as they are (a desired task equal to the listed one)."""
    return {OPTION_FIELDS.get(name, name): task[OPTION_FIELDS.get(name, name)] for name in TASK_FIELD_OPTIONS
            if task.get(OPTION_FIELDS.get(name, name)) is not None}


def assert_read_as_not_set(raw: dict) -> None:
    """Every reader takes the listed task as it takes the same task with its empty fields left out."""
    listed, without = normalize_task(raw, 'listed'), normalize_task(bare(raw), 'listed')
    for current, desired in ((listed, listed), (listed, without), (without, listed)):
        plan = plan_present(current, desired_of(desired), None, False)
        assert plan.action == 'none', (plan, current, desired)
    assert findings([listed]) == findings([without])
    result = plan_reconcile([listed], [declared(without)], prune=True)
    assert result == {'actions': [], 'undeclared': []}, result


@pytest.mark.parametrize('source_type', [LIVE, VOD])
@pytest.mark.parametrize('name', OPTIONAL)
def test_each_optional_field_in_each_form_reads_as_not_set(source_type, name):
    base = next(task for task in POOL[source_type] if not (name in TARGET and has_value(task.get(name))))
    for form in forms_of(name, own_type_only=False):
        assert_read_as_not_set(with_form(base, name, form))


@settings(max_examples=300, deadline=None)
@given(raw=st.sampled_from([LIVE, VOD]).flatmap(listed_tasks))
def test_listed_defaults_change_nothing_in_plan_audit_or_reconcile(raw):
    assert_read_as_not_set(raw)


@settings(max_examples=200, deadline=None)
@given(raw=st.sampled_from([LIVE, VOD]).flatmap(lambda source_type: listed_tasks(source_type, own_type_only=True)),
       by_target=st.booleans())
def test_a_listed_task_copied_into_the_module_plans_nothing_and_writes_nothing(raw, by_target):
    listed = normalize_task(raw, 'listed')
    client = ListingClient([listed])
    plan, task = RelayTaskChange(module_params(export(raw, with_task_id=not by_target))).apply(client, check_mode=False)
    assert plan.action == 'none' and task == listed
    assert client.writes == []


@settings(max_examples=200, deadline=None)
@given(raw=st.sampled_from([LIVE, VOD]).flatmap(lambda source_type: listed_tasks(source_type, own_type_only=True)))
def test_a_listed_task_declared_for_reconcile_plans_nothing(raw):
    result = plan_reconcile([normalize_task(raw, 'listed')], [declared(raw)], prune=True)
    assert result == {'actions': [], 'undeclared': []}


@settings(max_examples=100, deadline=None)
@given(raw=st.sampled_from([LIVE, VOD]).flatmap(listed_tasks))
def test_a_change_of_a_defaulted_task_checks_and_sends_only_the_change(raw):
    """Changing one field of a task listed with defaults: the merged task passes the rules; only that field is sent."""
    listed = normalize_task(raw, 'listed')
    now = datetime.now(timezone.utc)
    start = parse_time('start_time', listed['start_time']) if has_value(listed.get('start_time')) else now
    new_end = dataset.format_time(max(start, now) + timedelta(hours=12))  # inside the 7-day window of every pool task
    client = ListingClient([listed])
    plan, _task = RelayTaskChange(module_params({'task_id': listed['task_id'], 'end_time': new_end})).apply(client, check_mode=False)
    assert plan.action == 'update'
    assert client.writes == [('PUT', {'task_id': listed['task_id'], 'end_time': new_end})]


def create_body(listed: list, options: dict):
    """What the module sends to create the task (the POST body), or the rule it names when it refuses to."""
    client = ListingClient(listed)
    try:
        RelayTaskChange(module_params(options)).apply(client, check_mode=False)
    except LiveApiError as error:  # a rule the task's own values break, e.g. a window that no longer fits from now
        return str(error)
    posts = [fields for method, fields in client.writes if method == 'POST']
    assert len(posts) == 1 and all(has_value(value) for value in posts[0].values()), client.writes
    return posts[0]


@settings(max_examples=100, deadline=None)
@given(raw=st.sampled_from([LIVE, VOD]).flatmap(listed_tasks))
def test_a_recreated_task_is_created_without_the_fields_listed_empty(raw):
    """A task made again is sent what it holds: the create body of the defaulted task is that of the bare one."""
    outcomes = [create_body([task], {'task_id': task['task_id'], 'push_args': 'auth_key=new', 'recreate': True})
                for task in (normalize_task(raw, 'listed'), normalize_task(bare(raw), 'listed'))]
    assert outcomes[0] == outcomes[1]


@settings(max_examples=100, deadline=None)
@given(raw=st.sampled_from([LIVE, VOD]).flatmap(lambda source_type: listed_tasks(source_type, own_type_only=True)))
def test_a_copied_task_is_created_elsewhere_without_its_empty_fields(raw):
    """Copied into a project without it, the task is created with what it holds: a live task gets no VOD option."""
    assert create_body([], export(raw, with_task_id=False)) == create_body([], export(bare(raw), with_task_id=False))


@pytest.mark.parametrize('name, value, unset', [
    ('vod_start_video_index', 0, True), ('vod_start_video_index', 1, False), ('vod_start_video_time', 0, True),
    ('vod_loop_time', '', True), ('vod_loop_time', '-1', True), ('vod_loop_time', '3', False), ('vod_loop_time', '0', False),
    ('vod_refresh_type', 'immediate_new_source', True), ('vod_refresh_type', 'continue_from_break_point', False),
    ('callback_events', [], True), ('callback_events', ['TaskAlarm'], False), ('domain', '', True), ('domain', 0, True),
    ('vod_start_video_index', '', True), ('push_args', None, True), ('region', 'cn-north-4', False),
    ('vod_start_video_index', False, False), ('stream_name', '0', False),
])
def test_what_not_set_means(name, value, unset):
    assert is_unset(name, value) is unset
