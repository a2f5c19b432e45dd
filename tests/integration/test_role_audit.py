# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The hwcloud.live.audit role through ansible-playbook against the simulator: rules, reports, fail_on."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import datetime, timedelta, timezone

import jsonschema
import pytest
import yaml
from junitparser import JUnitXml

NOW = datetime.now(timezone.utc)


def at(hours: float) -> str:
    return (NOW + timedelta(hours=hours)).strftime('%Y-%m-%dT%H:%M:%SZ')


CLEAN = {'task_id': 'clean', 'status': 'running', 'region': 'cn-north-4', 'source_type': 'PullLivePushLive',
         'source_urls': ['rtmp://origin.example.com/live/clean'], 'domain': 'publish.example.com', 'app_name': 'live',
         'stream_name': 'clean', 'push_args': '', 'destination_url': '', 'start_time': at(-24), 'end_time': at(24),
         'callback_events': ['TaskStart', 'TaskAlarm'], 'callback_url': 'https://hooks.example.com/cb', 'create_time': at(-48)}
VOD = {'source_type': 'PullVodPushLive', 'source_urls': ['https://vod.example.com/a.mp4'], 'vod_loop_time': '-1'}


def breaker(task_id: str, **fields) -> dict:
    return dict(CLEAN, **dict({'task_id': task_id, 'stream_name': task_id}, **fields))


# task -> the rules it must break, and only those.
BREAKERS = [
    (breaker('past-end', start_time=at(-48), end_time=at(-1)), {'active_past_end_time'}),
    (breaker('long-window', start_time=at(-24), end_time=at(24 * 7)), {'window_longer_than_7_days'}),
    (breaker('both-targets', destination_url='rtmp://publish.example.com/live/both'), {'target_conflict'}),
    (breaker('no-target', domain='', app_name='', stream_name=''), {'target_conflict'}),
    (breaker('two-sources', source_urls=['rtmp://origin.example.com/live/a', 'rtmp://origin.example.com/live/b']),
     {'live_task_with_several_sources'}),
    (breaker('live-with-vod-options', vod_loop_time='3'), {'live_task_with_vod_options'}),
    (breaker('many-backups', **VOD, backup_source_type='PullLivePushLive',
             backup_source_urls=['rtmp://origin.example.com/live/b%d' % n for n in range(31)]), {'too_many_backup_urls'}),
    (breaker('no-callback', callback_url=''), {'callback_misses_alarms'}),
    (breaker('no-alarm', callback_events=['TaskStart', 'TaskExit']), {'callback_misses_alarms'}),
    (breaker('ftp-source', source_urls=['ftp://origin.example.com/live/x']), {'source_not_allowed'}),
    (breaker('foreign-host', source_urls=['rtmp://evil.example.net/live/x']), {'source_not_allowed'}),
    (breaker('other-region', region='ap-southeast-3'), {'region_not_allowed'}),
    (breaker('odd-status', status='waiting'), {'status_not_allowed'}),
    (breaker('dup-a', stream_name='shared'), {'duplicate_target'}),
    (breaker('dup-b', stream_name='shared'), {'duplicate_target'}),
    (breaker('custom-flagged', app_name='quarantine'), {'quarantined_app'}),
]
POLICY = {'audit_allowed_source_schemes': ['rtmp', 'https'], 'audit_allowed_source_hosts': ['origin.example.com', 'vod.example.com'],
          'audit_allowed_regions': ['cn-north-4'], 'audit_allowed_statuses': ['running', 'suspend'],
          'audit_custom_rules': [{'name': 'quarantined_app', 'when': "app_name == 'quarantine'", 'severity': 'critical',
                                  'message': 'task {task_id} pushes into app {app_name}'}]}
REPORT_SCHEMA = {
    'type': 'object',
    'required': ['format', 'summary', 'rules', 'task_ids', 'violations'],
    'properties': {
        'format': {'const': 'hwcloud.live relay task audit, version 1'},
        'rules': {'type': 'array', 'items': {'type': 'string'}},
        'task_ids': {'type': 'array', 'items': {'type': 'string'}},
        'summary': {'type': 'object', 'required': ['tasks', 'violations', 'tasks_with_violations', 'by_severity', 'by_region',
                                                   'by_status']},
        'violations': {'type': 'array', 'items': {
            'type': 'object', 'required': ['task_id', 'rule', 'severity', 'field', 'message', 'region', 'status'],
            'properties': {'severity': {'enum': ['info', 'warning', 'error', 'critical']}, 'message': {'type': 'string'}}}},
    },
}


def audit_play(simulator, report_dir, **role_vars) -> str:
    """A play on localhost that runs the role and saves audit_result, whether the role fails or not."""
    role_vars = dict(POLICY, audit_report_dir=str(report_dir), **role_vars)
    play = {'hosts': 'localhost', 'gather_facts': False,
            'module_defaults': {'group/hwcloud.live.live': {'endpoint': simulator.url, 'project_id': simulator.project_id,
                                                            'auth_token': simulator.token}},
            'tasks': [{'block': [{'ansible.builtin.include_role': {'name': 'hwcloud.live.audit'}, 'vars': role_vars}],
                       'always': [{'ansible.builtin.copy': {'dest': str(report_dir) + '.result.json', 'mode': '0600',
                                                            'content': '{{ audit_result | default({}) | to_json }}'}}]}]}
    return yaml.safe_dump([play], sort_keys=False)


@pytest.fixture
def audited(ansible, simulator, tmp_path):
    simulator.set_tasks([CLEAN] + [task for task, _rules in BREAKERS])
    report_dir = tmp_path / 'reports'
    result = ansible.run(ansible.playbook_command(audit_play(simulator, report_dir, audit_fail_on='none')))
    assert result.returncode == 0, result.stdout + result.stderr
    return report_dir, json.loads((tmp_path / 'reports.result.json').read_text()), result


def test_every_rule_fires_on_its_breaker_and_never_on_the_clean_task(audited):
    _report_dir, audit_result, _result = audited
    found = {(item['task_id'], item['rule']) for item in audit_result['violations']}
    expected = {(task['task_id'], rule) for task, rules in BREAKERS for rule in rules}
    assert found == expected
    rules_exercised = {rule for _task, rules in BREAKERS for rule in rules}
    assert rules_exercised == set(audit_result['rules'])
    custom = next(item for item in audit_result['violations'] if item['rule'] == 'quarantined_app')
    assert custom['message'] == 'task custom-flagged pushes into app quarantine' and custom['severity'] == 'critical'


def test_the_four_reports_are_written_and_parse(audited):
    report_dir, audit_result, result = audited
    report = json.loads((report_dir / 'audit.json').read_text())
    jsonschema.validate(report, REPORT_SCHEMA)
    assert report['violations'] == audit_result['violations']
    junit = JUnitXml.fromfile(str(report_dir / 'audit-junit.xml'))
    cases = [case for suite in junit for case in suite]
    assert len(cases) == len(report['task_ids']) * len(report['rules'])
    failed = {(case.classname, case.name) for case in cases if not case.is_passed}
    assert failed == {(item['task_id'], item['rule']) for item in report['violations']}
    markdown = (report_dir / 'audit.md').read_text()
    assert '| cn-north-4 | %d |' % report['summary']['by_region']['cn-north-4']['tasks'] in markdown
    assert str(report_dir / 'audit.html') in result.stdout


def test_the_html_report_renders_its_counts_in_chromium(audited, tmp_path):
    report_dir, audit_result, _result = audited
    chromium = shutil.which('chromium')
    assert chromium, 'chromium is installed by `make test` (Debian packages chromium, chromium-driver)'
    dom = subprocess.run([chromium, '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                          '--disable-background-networking', '--disable-component-update', '--disable-sync',
                          '--user-data-dir=%s' % (tmp_path / 'chromium'), '--dump-dom', (report_dir / 'audit.html').as_uri()],
                         capture_output=True, text=True, timeout=120, check=True).stdout
    summary = audit_result['summary']
    assert 'data-rendered="true"' in dom
    assert '<div class="value" id="total-tasks">%d</div>' % summary['tasks'] in dom
    assert '<div class="value" id="total-violations">%d</div>' % summary['violations'] in dom
    bars = dict(re.findall(r'<g class="bar" data-label="([^"]+)" data-tasks="(\d+)"', dom))
    expected = {name: str(entry['tasks']) for key in ('by_region', 'by_status') for name, entry in summary[key].items()}
    assert bars == expected
    assert dom.count('<tr><td>') == summary['violations']


def test_reports_are_stable_across_runs(ansible, simulator, audited):
    report_dir, _audit_result, _result = audited
    first = {path.name: path.read_bytes() for path in report_dir.iterdir()}
    again = ansible.run(ansible.playbook_command(audit_play(simulator, report_dir, audit_fail_on='none')))
    assert again.returncode == 0, again.stdout
    assert {path.name: path.read_bytes() for path in report_dir.iterdir()} == first
    assert re.search(r'localhost\s+: ok=\d+\s+changed=0', again.stdout)


def test_audit_fail_on_fails_the_play_after_writing_the_reports(ansible, simulator, tmp_path):
    simulator.set_tasks([CLEAN, BREAKERS[0][0]])
    report_dir = tmp_path / 'reports'
    failing = ansible.run(ansible.playbook_command(audit_play(simulator, report_dir, audit_fail_on='error')))
    assert failing.returncode != 0
    assert "1 relay task violations at or above 'error'" in failing.stdout
    assert (report_dir / 'audit.json').exists() and (report_dir / 'audit.html').exists()
    passing = ansible.run(ansible.playbook_command(audit_play(simulator, tmp_path / 'again', audit_fail_on='critical')))
    assert passing.returncode == 0, passing.stdout


def test_audit_from_the_inventory(ansible, simulator, tmp_path):
    simulator.set_tasks([CLEAN, BREAKERS[0][0]])
    report_dir = tmp_path / 'reports'
    role_vars = {'audit_source': 'inventory', 'audit_report_dir': str(report_dir), 'audit_fail_on': 'none'}
    playbook = yaml.safe_dump([{'hosts': 'relay_tasks', 'gather_facts': False,
                                'roles': [{'role': 'hwcloud.live.audit', 'vars': role_vars}]}])
    result = ansible.playbook(ansible.token_config(), playbook)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads((report_dir / 'audit.json').read_text())
    assert report['task_ids'] == sorted(['clean', 'past-end'])
    assert [(item['task_id'], item['rule']) for item in report['violations']] == [('past-end', 'active_past_end_time')]
