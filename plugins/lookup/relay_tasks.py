# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
name: relay_tasks
short_description: Huawei Cloud Live relay tasks as data
version_added: 0.1.0
description:
  - Returns relay tasks (pull-stream tasks) of a project as a list of dicts, one per task, with every field of the
    API's task; all tasks, or those whose ids are given as terms.
  - Reads the same tasks, with the same options, as the P(hwcloud.live.relay_tasks#inventory) inventory plugin and the
    M(hwcloud.live.relay_task_info) module. Every value is returned as data that is never templated.
author:
  - hwcloud.live contributors (!UNKNOWN)
requirements:
  - requests
  - jmespath
extends_documentation_fragment:
  - hwcloud.live.connection.plugins
  - hwcloud.live.selection
options:
  _terms:
    description: Task ids to read, with the API's C(task_id) parameter. Without terms, tasks are listed.
    type: list
    elements: str
    required: false
  query:
    description:
      - "A JMESPath expression applied to the list of selected tasks before it is returned,
        for example V([].{id: task_id, url: source_urls[0]}). A result that is not a list is returned as a one-item list."
    type: str
  on_missing:
    description:
      - What to do when the API does not know a task id given as a term.
    type: str
    choices: [error, warn, skip]
    default: error
'''

EXAMPLES = r'''
# Against the bundled simulator: python tests/simulator/live_simulator.py --port 18080
- name: Every suspended task of one region, as data
  ansible.builtin.debug:
    msg: "{{ query('hwcloud.live.relay_tasks', endpoint='http://127.0.0.1:18080', project_id='0b2c9d0e4f6a4b7c8d9e0f1a2b3c4d5e',
             auth_token='sim-token', regions=['cn-north-4'], statuses=['suspend']) | map(attribute='task_id') }}"

- name: Id and first source of every VOD task
  ansible.builtin.debug:
    msg: "{{ lookup('hwcloud.live.relay_tasks', endpoint='http://127.0.0.1:18080', project_id='0b2c9d0e4f6a4b7c8d9e0f1a2b3c4d5e',
             auth_token='sim-token', filter=\"source_type == 'PullVodPushLive'\",
             query='[].{id: task_id, url: source_urls[0]}', wantlist=True) }}"

# The connection from the environment of ansible-playbook (a lookup runs on the controller):
# HUAWEICLOUD_LIVE_ENDPOINT, HUAWEICLOUD_SDK_PROJECT_ID and HUAWEICLOUD_LIVE_AUTH_TOKEN, or the AK/SK or password variables.
- name: Whether a task exists
  ansible.builtin.debug:
    msg: "{{ query('hwcloud.live.relay_tasks', '00000000-0000-0000-0000-000000000000', on_missing='skip') | length > 0 }}"
'''

RETURN = r'''
_list:
  description: One dict per selected task with every field of the API's task (absent fields as null), or the result of O(query).
  type: list
  elements: raw
'''

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase
from ansible.utils.display import Display

from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError
from ansible_collections.hwcloud.live.plugins.module_utils.selection import RelayTaskSearch
from ansible_collections.hwcloud.live.plugins.plugin_utils.connection import client_from_plugin, reject_unknown_options
from ansible_collections.hwcloud.live.plugins.plugin_utils.unsafe import make_unsafe

display = Display()


class LookupModule(LookupBase):
    """Options -> client -> read and select -> query -> data marked as never to be templated."""

    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        try:
            reject_unknown_options(kwargs, self._options)
            search = RelayTaskSearch(self.get_option('regions'), self.get_option('statuses'), self.get_option('filter'),
                                     [str(term) for term in terms or []], self.get_option('query'))
            client = client_from_plugin(self, kwargs)
            try:
                result, missing = search.run(client)
            finally:
                client.close()
        except LiveApiError as error:
            raise AnsibleLookupError('hwcloud.live.relay_tasks: %s' % error) from None
        if missing:
            message = 'hwcloud.live.relay_tasks: the API does not know task %s' % ', '.join(missing)
            if self.get_option('on_missing') == 'error':
                raise AnsibleLookupError(message)
            if self.get_option('on_missing') == 'warn':
                display.warning(message)
        return make_unsafe(result)
