# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Audit rules: what each built-in rule flags, custom rules, and the severity threshold."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from ansible_collections.hwcloud.live.plugins.module_utils.audit_rules import at_or_above, audit_tasks
from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError

NOW = datetime(2026, 11, 25, 12, 0, 0, tzinfo=timezone.utc)
CLEAN = {'task_id': 'clean', 'status': 'running', 'region': 'cn-north-4', 'source_type': 'PullLivePushLive',
         'source_urls': ['rtmp://o.example.com/live/a'], 'domain': 'p.example.com', 'app_name': 'live', 'stream_name': 'a',
         'destination_url': '', 'start_time': '2026-11-25T00:00:00Z', 'end_time': '2026-11-26T00:00:00Z',
         'callback_url': 'https://h.example.com', 'callback_events': []}


def audit(*tasks, policy=None, **kwargs):
    return audit_tasks(list(tasks), policy or {}, now=NOW, **kwargs)[1]


def test_a_clean_task_breaks_nothing_even_with_allow_lists():
    policy = {'allowed_source_schemes': ['RTMP'], 'allowed_source_hosts': ['o.example.com'], 'allowed_regions': ['cn-north-4'],
              'allowed_statuses': ['running']}
    assert audit(CLEAN, policy=policy) == []


@pytest.mark.parametrize('status, flagged', [('running', True), ('waiting', True), ('suspend', False), ('finished', False)])
def test_active_past_end_time_only_for_active_statuses(status, flagged):
    found = audit(dict(CLEAN, status=status, end_time='2026-11-25T11:00:00Z'))
    assert [item['rule'] for item in found] == (['active_past_end_time'] if flagged else [])


def test_duplicate_targets_flag_each_task_naming_the_other():
    found = audit(CLEAN, dict(CLEAN, task_id='twin'))
    assert [(item['task_id'], item['message']) for item in found] == [
        ('clean', 'pushes to the same target as twin'), ('twin', 'pushes to the same target as clean')]


def test_tasks_without_a_target_are_not_duplicates_of_each_other():
    empty = dict(CLEAN, domain='', app_name='', stream_name='')
    found = audit(empty, dict(empty, task_id='other'))
    assert {item['rule'] for item in found} == {'target_conflict'}


def test_custom_rule_message_placeholders_take_task_fields_as_text():
    rule = {'name': 'x', 'when': "stream_name == 'a'", 'severity': 'info', 'message': '{task_id} {stream_name} {nope} {{'}
    found = audit(dict(CLEAN, stream_name='a'), custom_rules=[rule])
    assert found[0]['message'] == 'clean a None {{' and found[0]['severity'] == 'info'


@pytest.mark.parametrize('rule, message', [
    ({'name': 'x'}, r'audit_custom_rules\[0\]: a custom rule needs at least a name and a when expression'),
    ({'name': 'x', 'when': 'a ==', 'severity': 'info'}, r'audit_custom_rules\[0\]\.when: invalid JMESPath expression'),
    ({'name': 'x', 'when': 'a', 'severity': 'fatal'}, r"audit_custom_rules\[0\]\.severity: 'fatal' is not one of"),
])
def test_bad_custom_rules_name_the_option(rule, message):
    with pytest.raises(LiveApiError, match=message):
        audit(CLEAN, custom_rules=[rule])


def test_disabled_rules_are_not_checked_and_unknown_ones_are_refused():
    assert audit(CLEAN, dict(CLEAN, task_id='twin'), disabled=['duplicate_target']) == []
    with pytest.raises(LiveApiError, match='audit_disabled_rules: unknown rule nope'):
        audit(CLEAN, disabled=['nope'])


@pytest.mark.parametrize('severity, threshold, reached', [
    ('warning', 'error', False), ('error', 'error', True), ('critical', 'warning', True), ('critical', 'none', False)])
def test_severity_threshold(severity, threshold, reached):
    assert at_or_above(severity, threshold) is reached


def test_a_live_task_listed_with_vod_defaults_breaks_no_rule():
    listed = dict(CLEAN, vod_loop_time='', vod_start_video_index=0, vod_start_video_time=0, vod_refresh_type='immediate_new_source',
                  backup_source_type='', backup_source_urls=[], push_args='', callback_events=None)
    assert audit(listed) == []
    assert [item['rule'] for item in audit(dict(listed, vod_start_video_index=2))] == ['live_task_with_vod_options']


def test_an_empty_status_or_region_reads_like_a_missing_one():
    policy = {'allowed_regions': ['cn-north-4'], 'allowed_statuses': ['running']}
    empty, missing = audit(dict(CLEAN, region='', status=''), policy=policy), audit(dict(CLEAN, region=None, status=None), policy=policy)
    assert [item['message'] for item in empty] == [item['message'] for item in missing] == [
        "region None is not one of cn-north-4", "status None is not one of running"]
