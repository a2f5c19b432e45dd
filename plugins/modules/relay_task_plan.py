#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: relay_task_plan
short_description: Plan the changes that make Huawei Cloud Live relay tasks match a declared list
version_added: 0.1.0
description:
  - Lists the relay tasks (all of them, or those of O(regions)) and compares them with O(desired_tasks), each found by
    its ingest target. Returns the actions that would make them match, C(create), C(modify), C(recreate) (a field that
    cannot change in place differs), C(pause), C(enable) and, with O(prune), C(delete), as data and as a text table.
  - Changes nothing. The P(hwcloud.live.reconcile#role) role applies the plan with M(hwcloud.live.relay_task).
  - Every declared task is checked against the API's rules first; a violation fails naming the task and the option.
  - The listing is complete or the module fails; a plan is never made from a partial listing.
author:
  - hwcloud.live contributors (!UNKNOWN)
requirements:
  - requests
extends_documentation_fragment:
  - hwcloud.live.connection.modules
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details: The module only reads.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: none
options:
  desired_tasks:
    description:
      - The tasks that should exist, each with the options of M(hwcloud.live.relay_task) that describe a task
        (C(source_type), C(source_urls), C(domain), C(app_name), C(stream_name) or C(destination_url), C(status), ...).
      - Each is identified by its ingest target; two with the same target are an error. Each is checked like the
        options of M(hwcloud.live.relay_task) (types and choices, then the API's rules); a violation fails naming it.
    type: list
    elements: dict
    required: true
  regions:
    description: Task regions to list and reconcile; empty means every region. Pruning never reaches outside them.
    type: list
    elements: str
    default: []
  prune:
    description: Plan to delete the listed tasks that no declared task names.
    type: bool
    default: false
  show_sensitive:
    description: Show destination URLs' query strings in targets.
    type: bool
    default: false
'''

EXAMPLES = r'''
# Against the bundled simulator: python tests/simulator/live_simulator.py --port 18080
- name: What would it take to have exactly these tasks?
  hwcloud.live.relay_task_plan:
    endpoint: http://127.0.0.1:18080
    project_id: 0b2c9d0e4f6a4b7c8d9e0f1a2b3c4d5e
    auth_token: sim-token
    desired_tasks:
      - source_type: PullLivePushLive
        source_urls: [rtmp://origin.example.com/live/news]
        domain: publish.example.com
        app_name: live
        stream_name: news-plan
        status: paused
  register: plan

- name: Print it
  ansible.builtin.debug:
    msg: "{{ plan.table }}"
'''

RETURN = r'''
actions:
  description: The actions, deletes first, each with the task it acts on and the declared task it comes from.
  returned: always
  type: list
  elements: dict
  contains:
    action:
      description: V(create), V(modify), V(recreate), V(pause), V(enable) or V(delete).
      type: str
    task_id:
      description: The task acted on; null for a create.
      type: str
    target:
      description: The ingest target, C(domain/app_name/stream_name) or the destination URL.
      type: str
    desired_index:
      description: Index in O(desired_tasks) of the declared task; null for a delete.
      type: int
    changes:
      description: Names of the fields that change.
      type: list
      elements: str
    region:
      description: The task's region.
      type: str
table:
  description: The plan as aligned text lines for people.
  returned: always
  type: list
  elements: str
undeclared:
  description: Ids of listed tasks that no declared task names (deleted only with O(prune)).
  returned: always
  type: list
  elements: str
delete_count:
  description:
    - How many tasks the plan deletes, recreates included (a recreate deletes the task, then creates it again).
    - The P(hwcloud.live.reconcile#role) role compares it with C(reconcile_max_deletes) before the first write.
  returned: always
  type: int
recreate_count:
  description: How many of the deletes are recreates.
  returned: always
  type: int
listed:
  description: How many tasks the complete listing held.
  returned: always
  type: int
request_ids:
  description: The API request ids of the requests made.
  returned: always
  type: list
  elements: str
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.hwcloud.live.plugins.module_utils.live_module import client_from_module, live_argument_spec, run_or_fail
from ansible_collections.hwcloud.live.plugins.module_utils.reconcile_plan import count_deletes, plan_reconcile, plan_table


def main():
    module = AnsibleModule(
        argument_spec=live_argument_spec(
            desired_tasks=dict(type='list', elements='dict', required=True),
            regions=dict(type='list', elements='str', default=[]),
            prune=dict(type='bool', default=False),
            show_sensitive=dict(type='bool', default=False),
        ),
        supports_check_mode=True,
    )
    params = module.params

    def plan():
        client = client_from_module(module)
        try:
            current = client.list_relay_tasks(params['regions'])
            return current, plan_reconcile(current, params['desired_tasks'], params['prune'], params['show_sensitive']), client.request_ids
        finally:
            client.close()

    current, result, request_ids = run_or_fail(module, plan)
    actions = result['actions']
    delete_count, recreate_count = count_deletes(actions)
    module.exit_json(changed=False, actions=actions, table=plan_table(actions), undeclared=result['undeclared'],
                     delete_count=delete_count, recreate_count=recreate_count, listed=len(current), request_ids=request_ids)


if __name__ == '__main__':
    main()
