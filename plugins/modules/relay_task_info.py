#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: relay_task_info
short_description: Read Huawei Cloud Live relay tasks as data
version_added: 0.1.0
description:
  - Returns relay tasks (pull-stream tasks) of a project (all of them, those of some regions, or those with given ids),
    optionally selected by status or a JMESPath filter and shaped by a JMESPath query.
  - Reads the same tasks, with the same options, as the P(hwcloud.live.relay_tasks#inventory) inventory plugin and the
    P(hwcloud.live.relay_tasks#lookup) lookup.
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
    details: The module only reads.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: none
options:
  task_ids:
    description:
      - Read only the tasks with these ids, with the API's C(task_id) parameter (in each of O(regions) when set).
    type: list
    elements: str
    default: []
  query:
    description:
      - "A JMESPath expression applied to the list of selected tasks before it is returned,
        for example V([].{id: task_id, url: source_urls[0]}). A result that is not a list is returned as a one-item list."
    type: str
  on_missing:
    description:
      - What to do when the API does not know a task of O(task_ids).
    type: str
    choices: [error, warn, skip]
    default: error
'''

EXAMPLES = r'''
# Against the bundled simulator: python tests/simulator/live_simulator.py --port 18080
- name: Read every relay task
  hwcloud.live.relay_task_info:
    endpoint: http://127.0.0.1:18080
    project_id: 0b2c9d0e4f6a4b7c8d9e0f1a2b3c4d5e
    auth_token: sim-token
  register: all_tasks

- name: Show how many there are
  ansible.builtin.debug:
    msg: "{{ all_tasks.total }} relay tasks"

- name: Suspended VOD tasks in two regions, as id and first source
  hwcloud.live.relay_task_info:
    endpoint: http://127.0.0.1:18080
    project_id: 0b2c9d0e4f6a4b7c8d9e0f1a2b3c4d5e
    auth_token: sim-token
    regions: [cn-north-4, cn-east-3]
    statuses: [suspend]
    filter: "source_type == 'PullVodPushLive'"
    query: "[].{id: task_id, url: source_urls[0]}"
  register: suspended_vod

- name: Does a task exist? (skip rather than fail when it does not)
  hwcloud.live.relay_task_info:
    endpoint: http://127.0.0.1:18080
    project_id: 0b2c9d0e4f6a4b7c8d9e0f1a2b3c4d5e
    auth_token: sim-token
    task_ids: [00000000-0000-0000-0000-000000000000]
    on_missing: skip
  register: lookup_one

- name: Connection set once for every module of the collection; credentials from the environment
  module_defaults:
    group/hwcloud.live.live:
      endpoint: http://127.0.0.1:18080
      project_id: 0b2c9d0e4f6a4b7c8d9e0f1a2b3c4d5e
      auth_token: sim-token
  block:
    - name: Paused tasks
      hwcloud.live.relay_task_info:
        statuses: [suspend]
      register: paused
'''

RETURN = r'''
relay_tasks:
  description:
    - The selected tasks, each with every field of the API's task (absent fields as null), in the API's order;
      or the result of O(query).
  returned: always
  type: list
  elements: raw
  sample:
    - task_id: 7864b3dc-e92f-42db-a754-08e627b6d8dd
      status: suspend
      region: cn-north-4
      source_type: PullLivePushLive
      source_urls: [rtmp://play.example.com/live/stream1]
      domain: publish.example.com
      app_name: live
      stream_name: test
total:
  description: The number of items in RV(relay_tasks).
  returned: always
  type: int
  sample: 1
missing_task_ids:
  description: Ids of O(task_ids) the API does not know (with O(on_missing=warn) or O(on_missing=skip)).
  returned: always
  type: list
  elements: str
  sample: []
request_ids:
  description: The API request ids of the requests made, for support cases.
  returned: always
  type: list
  elements: str
  sample: [85968475-e92f-42db-a754-08e627b6d8dd]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.hwcloud.live.plugins.module_utils.live_module import client_from_module, live_argument_spec, run_or_fail
from ansible_collections.hwcloud.live.plugins.module_utils.options import SELECTION_OPTIONS
from ansible_collections.hwcloud.live.plugins.module_utils.selection import RelayTaskSearch


def main():
    module = AnsibleModule(
        argument_spec=live_argument_spec(
            SELECTION_OPTIONS,
            task_ids=dict(type='list', elements='str', default=[]),
            query=dict(type='str'),
            on_missing=dict(type='str', choices=['error', 'warn', 'skip'], default='error'),
        ),
        supports_check_mode=True,
    )
    params = module.params

    def read():
        search = RelayTaskSearch(params['regions'], params['statuses'], params['filter'], params['task_ids'], params['query'])
        client = client_from_module(module)
        try:
            return search.run(client) + (client.request_ids,)
        finally:
            client.close()

    tasks, missing, request_ids = run_or_fail(module, read)
    if missing and params['on_missing'] == 'error':
        module.fail_json(msg='task_ids: the API does not know task %s' % ', '.join(missing), missing_task_ids=missing,
                         request_ids=request_ids)
    if missing and params['on_missing'] == 'warn':
        module.warn('task_ids: the API does not know task %s' % ', '.join(missing))
    module.exit_json(changed=False, relay_tasks=tasks, total=len(tasks), missing_task_ids=missing, request_ids=request_ids)


if __name__ == '__main__':
    main()
