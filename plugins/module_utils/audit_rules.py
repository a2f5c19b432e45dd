# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Audit rules over relay tasks: the built-in ones and custom JMESPath ones, each finding a list of violations.

The built-in rules read a field through task_schema.is_unset, so a field the API lists as "", 0, [] or null
(or at its default) breaks none of them. Custom rules see the task as listed: their expressions are the user's.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from urllib.parse import urlsplit

from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError
from ansible_collections.hwcloud.live.plugins.module_utils.selection import compile_expression, evaluate, is_true
from ansible_collections.hwcloud.live.plugins.module_utils.task_plan import target_of
from ansible_collections.hwcloud.live.plugins.module_utils.task_rules import (
    LIVE, MAX_BACKUP_URLS, MAX_WINDOW, TARGET_FIELDS, TIME_FORMAT, VOD_ONLY_FIELDS,
)
from ansible_collections.hwcloud.live.plugins.module_utils.task_schema import has_value, value_of

SEVERITIES = ('info', 'warning', 'error', 'critical')
# Statuses of a task that is not pushing and will not: paused, or ended. Any other status counts as active.
INACTIVE_STATUSES = ('suspend', 'finished', 'failed')
PLACEHOLDER = re.compile(r'\{([A-Za-z_][A-Za-z0-9_]*)\}')


def violation(task: dict, rule: str, severity: str, field: str | None, message: str) -> dict:
    return {'task_id': task.get('task_id'), 'rule': rule, 'severity': severity, 'field': field, 'message': message,
            'region': task.get('region'), 'status': task.get('status')}


def _time(value):
    try:
        return datetime.strptime(value, TIME_FORMAT).replace(tzinfo=timezone.utc)
    except (TypeError, ValueError):
        return None


def active_past_end(task, policy):
    end, status = _time(value_of(task, 'end_time')), value_of(task, 'status')
    if status not in INACTIVE_STATUSES and end is not None and end < policy['now']:
        return 'end_time', 'status is %s but end_time %s has passed' % (status, task['end_time'])
    return None


def window_too_long(task, policy):
    start, end = _time(value_of(task, 'start_time')), _time(value_of(task, 'end_time'))
    if start and end and end - start > MAX_WINDOW:
        return 'end_time', 'the window from start_time to end_time is %s, longer than 7 days' % (end - start)
    return None


def target_conflict(task, policy):
    given = [field for field in TARGET_FIELDS if has_value(task, field)]
    if has_value(task, 'destination_url') and given:
        return 'destination_url', 'destination_url is set together with %s' % ', '.join(given)
    if not has_value(task, 'destination_url') and len(given) < len(TARGET_FIELDS):
        return 'destination_url', 'no complete target: neither destination_url nor domain, app_name and stream_name'
    return None


def live_multiple_sources(task, policy):
    if task.get('source_type') == LIVE and len(value_of(task, 'source_urls') or []) > 1:
        return 'source_urls', 'a PullLivePushLive task has %d source URLs; it takes one' % len(task['source_urls'])
    return None


def live_vod_options(task, policy):
    if task.get('source_type') == LIVE:
        given = [field for field in VOD_ONLY_FIELDS if has_value(task, field)]
        if given:
            return given[0], 'a PullLivePushLive task sets %s, which only PullVodPushLive tasks use' % ', '.join(given)
    return None


def too_many_backup_urls(task, policy):
    count = len(value_of(task, 'backup_source_urls') or [])
    if count > MAX_BACKUP_URLS:
        return 'backup_source_urls', '%d backup source URLs; at most %d are allowed' % (count, MAX_BACKUP_URLS)
    return None


def callbacks_miss_alarms(task, policy):
    if not has_value(task, 'callback_url'):
        return 'callback_url', 'no callback_url: nobody hears of alarms'
    events = value_of(task, 'callback_events') or []
    if events and 'TaskAlarm' not in events:
        return 'callback_events', 'callback_events (%s) leave out TaskAlarm' % ', '.join(events)
    return None


def source_not_allowed(task, policy):
    schemes, hosts = policy['allowed_source_schemes'], policy['allowed_source_hosts']
    if not schemes and not hosts:
        return None
    for field in ('source_urls', 'backup_source_urls'):
        for url in value_of(task, field) or []:
            parts = urlsplit(url)
            if schemes and parts.scheme.lower() not in schemes:
                return field, 'a source URL uses scheme %r, not one of %s' % (parts.scheme, ', '.join(sorted(schemes)))
            if hosts and (parts.hostname or '').lower() not in hosts:
                return field, 'a source URL is on host %r, not one of %s' % (parts.hostname, ', '.join(sorted(hosts)))
    return None


def region_not_allowed(task, policy):
    region = value_of(task, 'region')
    if policy['allowed_regions'] and region not in policy['allowed_regions']:
        return 'region', 'region %r is not one of %s' % (region, ', '.join(sorted(policy['allowed_regions'])))
    return None


def status_not_allowed(task, policy):
    status = value_of(task, 'status')
    if policy['allowed_statuses'] and status not in policy['allowed_statuses']:
        return 'status', 'status %r is not one of %s' % (status, ', '.join(sorted(policy['allowed_statuses'])))
    return None


# name: (severity, check). Each check returns (field, message) for a violation, or None.
BUILTIN_RULES = {
    'active_past_end_time': ('error', active_past_end),
    'window_longer_than_7_days': ('error', window_too_long),
    'target_conflict': ('error', target_conflict),
    'live_task_with_several_sources': ('error', live_multiple_sources),
    'live_task_with_vod_options': ('warning', live_vod_options),
    'too_many_backup_urls': ('error', too_many_backup_urls),
    'callback_misses_alarms': ('warning', callbacks_miss_alarms),
    'source_not_allowed': ('error', source_not_allowed),
    'region_not_allowed': ('warning', region_not_allowed),
    'status_not_allowed': ('warning', status_not_allowed),
    'duplicate_target': ('error', None),  # across tasks: see duplicate_targets()
}


def duplicate_targets(tasks: list) -> list:
    """One violation per task that pushes to the same target as another task, naming the others."""
    owners = {}
    for task in tasks:
        target = target_of(task)
        if all(target[1:]):
            owners.setdefault(target, []).append(task)
    found = []
    for same in owners.values():
        if len(same) > 1:
            for task in same:
                others = ', '.join(other['task_id'] for other in same if other is not task)
                found.append(violation(task, 'duplicate_target', BUILTIN_RULES['duplicate_target'][0], 'stream_name',
                                       'pushes to the same target as %s' % others))
    return found


class CustomRule:
    """``{name, when, severity, message}``: ``when`` is JMESPath over the task, true means a violation."""

    def __init__(self, index: int, spec) -> None:
        where = 'audit_custom_rules[%d]' % index
        if not isinstance(spec, dict) or not spec.get('name') or not spec.get('when'):
            raise LiveApiError('%s: a custom rule needs at least a name and a when expression' % where)
        self.name = str(spec['name'])
        self.severity = spec.get('severity', 'warning')
        if self.severity not in SEVERITIES:
            raise LiveApiError('%s.severity: %r is not one of %s' % (where, self.severity, ', '.join(SEVERITIES)))
        self.message = str(spec.get('message') or 'custom rule %s' % self.name)
        self.where = where + '.when'
        self.when = compile_expression(self.where, spec['when'])

    def check(self, task: dict):
        if is_true(evaluate(self.where, self.when, task)):
            return violation(task, self.name, self.severity, None,
                             PLACEHOLDER.sub(lambda match: str(task.get(match.group(1))), self.message))
        return None


def audit_tasks(tasks: list, policy: dict, custom_rules=(), disabled=(), now: datetime | None = None):
    """Return (rule names checked, violations sorted by task_id, rule and field)."""
    policy = dict(policy, now=now or datetime.now(timezone.utc))
    for key in ('allowed_source_schemes', 'allowed_source_hosts'):
        policy[key] = {item.lower() for item in policy.get(key) or []}
    for key in ('allowed_regions', 'allowed_statuses'):
        policy[key] = set(policy.get(key) or [])
    customs = [CustomRule(index, spec) for index, spec in enumerate(custom_rules or [])]
    unknown = set(disabled or ()) - set(BUILTIN_RULES)
    if unknown:
        raise LiveApiError('audit_disabled_rules: unknown rule %s; built-in rules: %s' % (', '.join(sorted(unknown)), ', '.join(BUILTIN_RULES)))
    enabled = {name: rule for name, rule in BUILTIN_RULES.items() if name not in set(disabled or ())}
    found = []
    for task in tasks:
        for name, (severity, check) in enabled.items():
            hit = check(task, policy) if check else None
            if hit:
                found.append(violation(task, name, severity, hit[0], hit[1]))
        for rule in customs:
            hit = rule.check(task)
            if hit:
                found.append(hit)
    if 'duplicate_target' in enabled:
        found.extend(duplicate_targets(tasks))
    found.sort(key=lambda item: (str(item['task_id']), item['rule'], str(item['field'])))
    return list(enabled) + [rule.name for rule in customs], found


def at_or_above(severity: str, threshold: str) -> bool:
    """Whether a violation of ``severity`` reaches ``threshold`` (``none`` is never reached)."""
    return threshold != 'none' and SEVERITIES.index(severity) >= SEVERITIES.index(threshold)
