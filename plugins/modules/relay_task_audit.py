#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: relay_task_audit
short_description: Check Huawei Cloud Live relay tasks against a policy and write reports
version_added: 0.1.0
description:
  - Checks relay tasks (read from the API, or given in O(relay_tasks)) against built-in rules and custom JMESPath rules,
    and writes the result as JSON, Markdown, JUnit XML and a self-contained HTML page.
  - The P(hwcloud.live.audit#role) role wraps this module; see its README for the rules.
  - Reports are stable, sorted and free of timestamps, so two reports of the same tasks are identical and two runs diff cleanly.
author:
  - hwcloud.live contributors (!UNKNOWN)
requirements:
  - requests
  - jmespath
extends_documentation_fragment:
  - hwcloud.live.connection.modules
  - hwcloud.live.selection
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details: In check mode no report is written; the result is the same.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: none
options:
  relay_tasks:
    description:
      - Tasks to audit, each a dict with the fields of the API's task (for example the host variables of the
        P(hwcloud.live.relay_tasks#inventory) inventory). When not given, the tasks are read from the API with the
        connection and selection options.
    type: list
    elements: dict
  report_dir:
    description: Absolute path of the directory to write the reports into; created when missing. No report is written when not set.
    type: path
  report_formats:
    description: Which reports to write.
    type: list
    elements: str
    choices: [json, markdown, junit, html]
    default: [json, markdown, junit, html]
  custom_rules:
    description:
      - "Extra rules, each a dict C({name, when, severity, message}): C(when) is a JMESPath expression over the task,
        true meaning a violation; C(severity) is V(info), V(warning) (the default), V(error) or V(critical); in
        C(message), C({field}) is replaced by the task's field. A bad rule fails naming it."
    type: list
    elements: dict
    default: []
  disabled_rules:
    description: Names of built-in rules not to check.
    type: list
    elements: str
    default: []
  allowed_source_schemes:
    description: When set, a source or backup URL whose scheme is not listed (for example V(rtmp), V(https)) is a violation.
    type: list
    elements: str
    default: []
  allowed_source_hosts:
    description: When set, a source or backup URL whose host is not listed is a violation.
    type: list
    elements: str
    default: []
  allowed_regions:
    description: When set, a task in a region not listed is a violation.
    type: list
    elements: str
    default: []
  allowed_statuses:
    description: When set, a task whose status is not listed is a violation.
    type: list
    elements: str
    default: []
  fail_on:
    description:
      - Severity threshold; RV(failing) counts the violations at or above it. The module itself never fails for them
        (the role fails the play after the reports are written). V(none) counts nothing.
    type: str
    choices: [none, info, warning, error, critical]
    default: error
'''

EXAMPLES = r'''
# Against the bundled simulator: python tests/simulator/live_simulator.py --port 18080
- name: Audit every relay task and write the reports
  hwcloud.live.relay_task_audit:
    endpoint: http://127.0.0.1:18080
    project_id: 0b2c9d0e4f6a4b7c8d9e0f1a2b3c4d5e
    auth_token: sim-token
    report_dir: /tmp/relay-task-audit
    allowed_source_schemes: [rtmp, https]
    custom_rules:
      - name: vod_loops_forever
        when: "source_type == 'PullVodPushLive' && vod_loop_time == '-1'"
        severity: info
        message: "VOD task {task_id} loops until its end_time"
  register: audit

- name: Show the count
  ansible.builtin.debug:
    msg: "{{ audit.summary.violations }} violations, {{ audit.failing }} at error or above"
'''

RETURN = r'''
violations:
  description: Every violation, sorted by task_id, rule and field.
  returned: always
  type: list
  elements: dict
  sample:
    - task_id: 7864b3dc-e92f-42db-a754-08e627b6d8dd
      rule: callback_misses_alarms
      severity: warning
      field: callback_url
      message: "no callback_url: nobody hears of alarms"
      region: cn-north-4
      status: running
summary:
  description: Counts of tasks and violations, in total, by severity, by region and by status.
  returned: always
  type: dict
summary_lines:
  description: The summary as aligned text lines, by region and by status, for a play's output.
  returned: always
  type: list
  elements: str
rules:
  description: Names of the rules checked.
  returned: always
  type: list
  elements: str
failing:
  description: How many violations are at or above O(fail_on).
  returned: always
  type: int
reports:
  description: Path of each report written, by format.
  returned: always
  type: dict
  sample: {json: /tmp/relay-task-audit/audit.json, html: /tmp/relay-task-audit/audit.html}
request_ids:
  description: The API request ids of the requests made.
  returned: always
  type: list
  elements: str
'''

import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.hwcloud.live.plugins.module_utils.audit_reports import build_report, summary_lines, write_reports
from ansible_collections.hwcloud.live.plugins.module_utils.audit_rules import at_or_above, audit_tasks
from ansible_collections.hwcloud.live.plugins.module_utils.live_module import client_from_module, live_argument_spec, run_or_fail
from ansible_collections.hwcloud.live.plugins.module_utils.options import SELECTION_OPTIONS
from ansible_collections.hwcloud.live.plugins.module_utils.selection import RelayTaskSearch
from ansible_collections.hwcloud.live.plugins.module_utils.task_schema import normalize_task


def main():
    module = AnsibleModule(
        argument_spec=live_argument_spec(
            SELECTION_OPTIONS,
            relay_tasks=dict(type='list', elements='dict'),
            report_dir=dict(type='path'),
            report_formats=dict(type='list', elements='str', choices=['json', 'markdown', 'junit', 'html'],
                                default=['json', 'markdown', 'junit', 'html']),
            custom_rules=dict(type='list', elements='dict', default=[]),
            disabled_rules=dict(type='list', elements='str', default=[]),
            allowed_source_schemes=dict(type='list', elements='str', default=[]),
            allowed_source_hosts=dict(type='list', elements='str', default=[]),
            allowed_regions=dict(type='list', elements='str', default=[]),
            allowed_statuses=dict(type='list', elements='str', default=[]),
            fail_on=dict(type='str', choices=['none', 'info', 'warning', 'error', 'critical'], default='error'),
        ),
        supports_check_mode=True,
    )
    params = module.params
    if params['report_dir'] and not os.path.isabs(params['report_dir']):
        module.fail_json(msg='report_dir: %r must be an absolute path' % params['report_dir'])
    request_ids = []

    def audit():
        if params['relay_tasks'] is not None:
            tasks = [normalize_task(task, 'relay_tasks[%d]' % index) for index, task in enumerate(params['relay_tasks'])]
        else:
            client = client_from_module(module)
            try:
                tasks, _missing = RelayTaskSearch(params['regions'], params['statuses'], params['filter']).run(client)
            finally:
                client.close()
                request_ids.extend(client.request_ids)
        policy = {key: params[key] for key in ('allowed_source_schemes', 'allowed_source_hosts', 'allowed_regions', 'allowed_statuses')}
        rules, violations = audit_tasks(tasks, policy, params['custom_rules'], params['disabled_rules'])
        return build_report(tasks, rules, violations)

    report = run_or_fail(module, audit)
    reports, changed = {}, False
    if params['report_dir'] and not module.check_mode:
        reports, changed = write_reports(params['report_dir'], report, params['report_formats'])
    failing = sum(1 for item in report['violations'] if at_or_above(item['severity'], params['fail_on']))
    module.exit_json(changed=changed, violations=report['violations'], summary=report['summary'], rules=report['rules'],
                     summary_lines=summary_lines(report), failing=failing, reports=reports, request_ids=request_ids)


if __name__ == '__main__':
    main()
