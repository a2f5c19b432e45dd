# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Audit reports: the summary, and the JSON, Markdown and JUnit XML renderings (HTML is in audit_html)."""

from __future__ import annotations

import json
import os
import re
import tempfile
import xml.etree.ElementTree as ET

from ansible_collections.hwcloud.live.plugins.module_utils.audit_html import render_html
from ansible_collections.hwcloud.live.plugins.module_utils.audit_rules import SEVERITIES

REPORT_FORMAT = 'hwcloud.live relay task audit, version 1'
REPORT_FILES = {'json': 'audit.json', 'markdown': 'audit.md', 'junit': 'audit-junit.xml', 'html': 'audit.html'}
# Characters XML 1.0 cannot hold at all; task data may carry them.
XML_INVALID = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')


def _count_by(tasks: list, violations: list, field: str) -> dict:
    counts = {}
    for task in tasks:
        entry = counts.setdefault(str(task.get(field)), {'tasks': 0, 'tasks_with_violations': 0, 'violations': 0})
        entry['tasks'] += 1
    flagged = set()
    for item in violations:
        entry = counts.setdefault(str(item.get(field)), {'tasks': 0, 'tasks_with_violations': 0, 'violations': 0})
        entry['violations'] += 1
        if (field, item['task_id']) not in flagged:
            flagged.add((field, item['task_id']))
            entry['tasks_with_violations'] += 1
    return dict(sorted(counts.items()))


def build_report(tasks: list, rules: list, violations: list) -> dict:
    """Everything every rendering shows, in a stable order: two audits of the same data give the same report."""
    return {
        'format': REPORT_FORMAT,
        'summary': {
            'tasks': len(tasks),
            'violations': len(violations),
            'tasks_with_violations': len({item['task_id'] for item in violations}),
            'by_severity': {severity: sum(1 for item in violations if item['severity'] == severity) for severity in SEVERITIES},
            'by_region': _count_by(tasks, violations, 'region'),
            'by_status': _count_by(tasks, violations, 'status'),
        },
        'rules': sorted(rules),
        'task_ids': sorted(str(task.get('task_id')) for task in tasks),
        'violations': violations,
    }


def summary_lines(report: dict) -> list:
    """The summary as aligned text lines for a play's output: totals, then tasks and violations by region and status."""
    summary = report['summary']
    severities = ', '.join('%d %s' % (count, severity) for severity, count in summary['by_severity'].items() if count)
    lines = ['%d relay tasks, %d violations on %d tasks%s' % (summary['tasks'], summary['violations'],
                                                              summary['tasks_with_violations'], ' (%s)' % severities if severities else '')]
    rows = [(kind, name, entry['tasks'], entry['tasks_with_violations'], entry['violations'])
            for kind, key in (('region', 'by_region'), ('status', 'by_status')) for name, entry in summary[key].items()]
    width = max([len(row[1]) for row in rows] + [6])
    lines.append('%-7s %-*s %6s %8s %11s' % ('', width, '', 'tasks', 'flagged', 'violations'))
    lines.extend('%-7s %-*s %6d %8d %11d' % (kind, width, name, tasks, flagged, count) for kind, name, tasks, flagged, count in rows)
    return lines


def render_json(report: dict) -> str:
    return json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False) + '\n'


def _cell(value) -> str:
    """A Markdown table cell: one line, pipes escaped."""
    return ' '.join(str('' if value is None else value).split()).replace('\\', '\\\\').replace('|', '\\|')


def _table(headers: list, rows: list) -> list:
    lines = ['| %s |' % ' | '.join(headers), '|' + '---|' * len(headers)]
    lines.extend('| %s |' % ' | '.join(_cell(value) for value in row) for row in rows)
    return lines


def render_markdown(report: dict) -> str:
    summary = report['summary']
    severities = ', '.join('%d %s' % (count, severity) for severity, count in summary['by_severity'].items() if count)
    lines = ['# Relay task audit', '',
             '%d tasks checked against %d rules: %d violations on %d tasks%s.' % (
                 summary['tasks'], len(report['rules']), summary['violations'], summary['tasks_with_violations'],
                 ' (%s)' % severities if severities else ''), '']
    for title, key in (('By region', 'by_region'), ('By status', 'by_status')):
        lines += ['## %s' % title, '']
        lines += _table([title.split()[-1], 'tasks', 'tasks with violations', 'violations'],
                        [(name, entry['tasks'], entry['tasks_with_violations'], entry['violations'])
                         for name, entry in summary[key].items()])
        lines.append('')
    lines += ['## Violations', '']
    if report['violations']:
        lines += _table(['task', 'rule', 'severity', 'field', 'message'],
                        [(item['task_id'], item['rule'], item['severity'], item['field'], item['message'])
                         for item in report['violations']])
    else:
        lines.append('None.')
    return '\n'.join(lines) + '\n'


def _xml_text(value) -> str:
    return XML_INVALID.sub('\ufffd', str('' if value is None else value))


def render_junit(report: dict) -> str:
    """One test case per task and rule; a violation is a failure of its case."""
    by_case = {}
    for item in report['violations']:
        by_case.setdefault((str(item['task_id']), item['rule']), []).append(item)
    cases = len(report['task_ids']) * len(report['rules'])
    failures = len(by_case)
    root = ET.Element('testsuites', name='relay-task-audit', tests=str(cases), failures=str(failures), errors='0')
    suite = ET.SubElement(root, 'testsuite', name='relay-task-audit', tests=str(cases), failures=str(failures),
                          errors='0', skipped='0')
    for task_id in report['task_ids']:
        for rule in report['rules']:
            case = ET.SubElement(suite, 'testcase', classname=_xml_text(task_id), name=_xml_text(rule))
            for item in by_case.get((task_id, rule), []):
                failure = ET.SubElement(case, 'failure', type=item['severity'], message=_xml_text(item['message']))
                failure.text = _xml_text('%s: %s (field %s)' % (item['severity'], item['message'], item['field']))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding='unicode') + '\n'


RENDERERS = {'json': render_json, 'markdown': render_markdown, 'junit': render_junit, 'html': render_html}


def write_reports(directory: str, report: dict, formats) -> tuple[dict, bool]:
    """Write each format's file into ``directory`` (created when missing), replacing it whole.

    A file whose content would not change is left alone. Returns ({format: path}, whether any file changed).
    """
    os.makedirs(directory, exist_ok=True)
    written, changed = {}, False
    for name in formats:
        path = os.path.join(directory, REPORT_FILES[name])
        text = RENDERERS[name](report)
        written[name] = path
        if _read(path) == text:
            continue
        handle, temporary = tempfile.mkstemp(dir=directory, prefix='.audit-', suffix='.tmp')
        with os.fdopen(handle, 'w', encoding='utf-8') as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
        changed = True
    return written, changed


def _read(path: str):
    try:
        with open(path, encoding='utf-8') as stream:
            return stream.read()
    except (OSError, UnicodeDecodeError):
        return None
