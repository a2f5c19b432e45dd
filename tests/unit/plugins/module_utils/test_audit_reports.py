# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Audit reports stay well-formed and inert whatever the task data holds."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from ansible_collections.hwcloud.live.plugins.module_utils.audit_html import render_html
from ansible_collections.hwcloud.live.plugins.module_utils.audit_reports import build_report, render_junit, render_markdown

HOSTILE = 'x</script><script>alert(1)</script>|\x07\n<!--'


def report():
    tasks = [{'task_id': HOSTILE, 'region': 'cn-north-4', 'status': 'running'}, {'task_id': 'b', 'region': 'r2', 'status': 'suspend'}]
    violations = [{'task_id': HOSTILE, 'rule': 'r', 'severity': 'error', 'field': 'f', 'message': HOSTILE,
                   'region': 'cn-north-4', 'status': 'running'}]
    return build_report(tasks, ['r', 'q'], violations)


def test_summary_counts_by_region_and_status():
    summary = report()['summary']
    assert summary['by_region'] == {'cn-north-4': {'tasks': 1, 'tasks_with_violations': 1, 'violations': 1},
                                    'r2': {'tasks': 1, 'tasks_with_violations': 0, 'violations': 0}}
    assert summary['by_severity'] == {'info': 0, 'warning': 0, 'error': 1, 'critical': 0}


def test_html_embeds_the_data_so_no_field_can_close_the_script():
    page = render_html(report())
    data = page.split('<script type="application/json" id="audit-data">', 1)[1].split('</script>', 1)[0]
    assert '<' not in data and '>' not in data
    assert json.loads(data)['violations'][0]['message'] == HOSTILE
    assert page.count('</script>') == 2 and 'alert(1)' not in page.split('id="audit-data">')[0]


def test_junit_is_well_formed_xml_with_a_case_per_task_and_rule():
    root = ET.fromstring(render_junit(report()).encode('utf-8'))
    cases = root.findall('./testsuite/testcase')
    assert len(cases) == 4 and root.get('failures') == '1'
    failed = [case for case in cases if case.find('failure') is not None]
    assert failed[0].get('name') == 'r' and '\x07' not in failed[0].get('classname')


def test_markdown_cells_stay_in_their_column():
    line = next(line for line in render_markdown(report()).splitlines() if line.startswith('| x<'))
    assert line.count(' | ') == 4 and '\\|' in line
