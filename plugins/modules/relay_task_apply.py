#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: relay_task_apply
short_description: Make Huawei Cloud Live relay tasks match a declared list, in one run
version_added: 0.2.0
description:
  - Lists the relay tasks once (all of them, or those of O(regions)), plans exactly as M(hwcloud.live.relay_task_plan)
    does, refuses a plan that deletes more than O(max_deletes) tasks, then carries out every action of the plan.
  - The writes use the plan's listing; no action lists the tasks again or reads its task before writing. Each create,
    modify, pause and enable is read back by the task's id and compared with what was sent, and a recreate whose create
    fails creates the old task again, as M(hwcloud.live.relay_task) does.
  - Deletes run first, then the other actions; at most O(concurrency) actions run at once.
  - Without O(continue_on_error), no action starts after the first failure (the running ones finish); with it, every
    action runs. Either way the module fails when an action failed, naming how many did and the first error, with the
    result of every action in RV(results).
  - Every declared task is checked against the API's rules first; a violation fails naming the task and the option.
  - The P(hwcloud.live.reconcile#role) role runs this module.
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
    details: Lists and plans; writes nothing. The guard applies in check mode too.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: none
options:
  desired_tasks:
    description:
      - The tasks that should exist, each with the options of M(hwcloud.live.relay_task) that describe a task
        (C(source_type), C(source_urls), C(domain), C(app_name), C(stream_name) or C(destination_url), C(status), ...).
        C(region) is taken for C(task_region), as the listing names it.
      - Each is identified by its ingest target; two with the same target are an error.
    type: list
    elements: dict
    required: true
  regions:
    description: Task regions to list and reconcile; empty means every region. Pruning never reaches outside them.
    type: list
    elements: str
    default: []
  prune:
    description: Delete the listed tasks that no declared task names.
    type: bool
    default: false
  max_deletes:
    description:
      - The most tasks this run may delete, counting each recreate (it deletes the task, then creates it again).
      - A plan that deletes more fails before the first write, saying so; V(0) refuses every delete and every recreate.
    type: int
    default: 0
  concurrency:
    description: How many actions run at once, 1 to 16. The client retries throttled requests with backoff.
    type: int
    default: 8
  continue_on_error:
    description:
      - Keep starting actions after one failed. The module fails at the end all the same.
      - When false, actions not started after the first failure are reported with status V(skipped).
    type: bool
    default: false
  show_sensitive:
    description: Show destination URLs' query strings and stream push parameters in targets, errors and results.
    type: bool
    default: false
'''

EXAMPLES = r'''
# Against the bundled simulator: python tests/simulator/live_simulator.py --port 18080
- name: Have exactly these tasks among those pushing to publish.example.com/live/apply-*
  hwcloud.live.relay_task_apply:
    endpoint: http://127.0.0.1:18080
    project_id: 0b2c9d0e4f6a4b7c8d9e0f1a2b3c4d5e
    auth_token: sim-token
    concurrency: 4
    desired_tasks:
      - source_type: PullLivePushLive
        source_urls: [rtmp://origin.example.com/live/news]
        domain: publish.example.com
        app_name: live
        stream_name: apply-news
        status: paused
      - source_type: PullLivePushLive
        source_urls: [rtmp://origin.example.com/live/sport]
        domain: publish.example.com
        app_name: live
        stream_name: apply-sport
  register: applied

- name: Print the plan that was applied
  ansible.builtin.debug:
    msg: "{{ applied.table }}"
'''

RETURN = r'''
actions:
  description: The plan, as M(hwcloud.live.relay_task_plan) returns it; deletes first.
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
results:
  description: What became of each action, in the order of RV(actions); empty in check mode and when the guard refused.
  returned: always
  type: list
  elements: dict
  contains:
    action:
      description: The action.
      type: str
    task_id:
      description: The task acted on; null for a create.
      type: str
    target:
      description: The ingest target.
      type: str
    new_task_id:
      description: The task_id of the task a create or recreate made; null otherwise.
      type: str
    request_ids:
      description: The API request ids of this action's writes and read-backs.
      type: list
      elements: str
    error:
      description: Why the action failed; null when it did not.
      type: str
    status:
      description: V(ok), V(failed), or V(skipped) (not started after an earlier failure).
      type: str
    restored_task_id:
      description: After a recreate whose create failed, the task_id the old task was created again as.
      type: str
      returned: when a recreate restored the old task
    lost_task:
      description: After a recreate whose create and restore both failed, the old task as listed (redacted unless O(show_sensitive)).
      type: dict
      returned: when a recreate lost the task
delete_count:
  description: How many tasks the plan deletes, recreates included.
  returned: always
  type: int
recreate_count:
  description: How many of the deletes are recreates.
  returned: always
  type: int
listed:
  description: How many tasks the one listing held.
  returned: always
  type: int
over_max_deletes:
  description: True when the module failed because the plan deletes more than O(max_deletes).
  returned: failure of the guard
  type: bool
request_ids:
  description: The API request ids of the listing, then of every action's requests.
  returned: always
  type: list
  elements: str
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.hwcloud.live.plugins.module_utils.live_module import client_from_module, live_argument_spec, run_or_fail
from ansible_collections.hwcloud.live.plugins.module_utils.reconcile_apply import DEFAULT_CONCURRENCY, ReconcileApply


def main():
    module = AnsibleModule(
        argument_spec=live_argument_spec(
            desired_tasks=dict(type='list', elements='dict', required=True),
            regions=dict(type='list', elements='str', default=[]),
            prune=dict(type='bool', default=False),
            max_deletes=dict(type='int', default=0),
            concurrency=dict(type='int', default=DEFAULT_CONCURRENCY),
            continue_on_error=dict(type='bool', default=False),
            show_sensitive=dict(type='bool', default=False),
        ),
        supports_check_mode=True,
    )

    def apply():
        run = ReconcileApply(module.params)
        client = client_from_module(module)
        try:
            return run.run(client, check_mode=module.check_mode)
        finally:
            client.close()

    module.exit_json(**run_or_fail(module, apply))


if __name__ == '__main__':
    main()
