# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The benchmark floor: Ansible's own cost of the relay-task inventory, with no network and no templating.

Loaded by name (``floor_inventory``) through ANSIBLE_INVENTORY_PLUGINS pointing at this folder. It reads the tasks
from a local JSON file and adds exactly what hwcloud.live.relay_tasks adds with its defaults: one host per task,
named by task_id, with the 21 task fields as variables (absent ones as null), inside ``region_*`` and ``status_*``
groups that are children of ``relay_tasks``. Nothing else: no group variables, no checks, no cache.
"""

from __future__ import annotations

DOCUMENTATION = r'''
name: floor_inventory
short_description: Benchmark floor, relay tasks from a local JSON file
description:
  - Adds one host per task of a JSON list, the 21 task fields as host variables, and region_/status_ groups inside relay_tasks.
  - Uses a YAML configuration file whose name ends with C(floor.yml).
options:
  plugin:
    description: The name of this plugin.
    required: true
    type: str
    choices: [floor_inventory]
  tasks_file:
    description: A JSON file holding a list of relay task objects.
    required: true
    type: path
'''

import json
import re

from ansible.plugins.inventory import BaseInventoryPlugin

PARENT_GROUP = 'relay_tasks'
GROUP_FIELDS = ('region', 'status')
UNSAFE_GROUP_CHARACTERS = re.compile(r'[^A-Za-z0-9_]')
FIELDS = ('task_id', 'status', 'create_time', 'region', 'source_type', 'source_urls', 'domain', 'app_name', 'stream_name',
          'push_args', 'destination_url', 'start_time', 'end_time', 'callback_events', 'callback_url', 'backup_source_type',
          'backup_source_urls', 'vod_loop_time', 'vod_start_video_index', 'vod_start_video_time', 'vod_refresh_type')


class InventoryModule(BaseInventoryPlugin):
    """JSON file -> hosts, variables, two kinds of groups."""

    NAME = 'floor_inventory'

    def verify_file(self, path):
        return super().verify_file(path) and path.endswith(('floor.yml', 'floor.yaml'))

    def parse(self, inventory, loader, path, cache=True):
        super().parse(inventory, loader, path, cache)
        self._read_config_data(path)
        with open(self.get_option('tasks_file'), encoding='utf-8') as handle:
            tasks = json.load(handle)
        inventory.add_group(PARENT_GROUP)
        known_groups = set()
        for task in tasks:
            host = task['task_id']
            inventory.add_host(host)
            for field in FIELDS:
                inventory.set_variable(host, field, task.get(field))
            for field in GROUP_FIELDS:
                group = UNSAFE_GROUP_CHARACTERS.sub('_', '%s_%s' % (field, task[field]))
                if group not in known_groups:
                    known_groups.add(group)
                    inventory.add_group(group)
                    inventory.add_child(PARENT_GROUP, group)
                inventory.add_child(group, host)
