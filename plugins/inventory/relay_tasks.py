# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
name: relay_tasks
short_description: Huawei Cloud Live relay tasks as inventory hosts
version_added: 0.1.0
description:
  - Reads every relay task (pull-stream task) of a project from the Huawei Cloud Live API and makes each one a host,
    named by its C(task_id) by default, with every field of the task as a host variable.
  - Hosts are grouped by region and by status (V(region_cn_north_4), V(status_suspend)), all inside the group V(relay_tasks).
  - All tasks are fetched and checked before the first host is added; a failed page or region fails the whole source.
  - Uses a YAML configuration file whose name ends with C(relay_tasks.yml) or C(relay_tasks.yaml).
  - Values from the API are never templated, on any supported ansible-core.
  - "The connection and credential options written in the file (O(auth_token), O(password), O(username), O(domain_name),
    O(access_key), O(secret_key), O(security_token), O(project_id), O(endpoint), O(iam_endpoint), O(region)) may be
    templates (a C(lookup) of an environment variable or a file, as in the EXAMPLES) or vault-encrypted values (C(!vault));
    they are rendered before use. Values from environment variables are used as they are, never templated."
  - Credentials written in the file win over credential environment variables; see the collection README for the rules.
  - "With O(cache), the cache holds every listed field of every task, push arguments and source URLs included, which can
    carry stream keys: keep O(cache_connection) readable by its owner only. Cached data is read back as plain data,
    checked like an API answer, and used only by a run with the same credential (a one-way fingerprint of it is kept
    beside the data, never the credential itself)."
author:
  - hwcloud.live contributors (!UNKNOWN)
requirements:
  - requests
  - jmespath
extends_documentation_fragment:
  - hwcloud.live.connection.plugins
  - hwcloud.live.selection
  - constructed
  - inventory_cache
options:
  plugin:
    description: The name of this plugin; it must always be set to V(hwcloud.live.relay_tasks).
    required: true
    type: str
    choices: [hwcloud.live.relay_tasks]
  hostnames:
    description:
      - JMESPath expressions over the task that name its host, tried in order; the first non-empty result wins.
        An expression that fails on a task (for example C(join) over a null field) gives that task no name.
      - Control, format and separator characters (spaces, newlines, bidirectional overrides) in a name become C(_).
        A name longer than 255 characters is cut, and ends in C(_) and 16 hexadecimal digits of its SHA-256, so it stays unique.
      - Two tasks with the same host name are an error naming both task ids.
    type: list
    elements: str
    default: [task_id]
  group_by:
    description:
      - Task fields to group hosts by; each value gives a group C(<field>_<value>) inside V(relay_tasks),
        with characters other than letters, digits and C(_) replaced by C(_), and at most 255 characters long
        (as for O(hostnames)).
      - A list field (such as C(callback_events)) gives one group per item. Empty values give no group.
    type: list
    elements: str
    default: [region, status]
  local_connection:
    description:
      - Set C(ansible_connection=local) and the controller's Python on the V(relay_tasks) group, so a play over these
        hosts runs on the controller, without SSH. Host variables, including O(compose), override them.
    type: bool
    default: true
'''

EXAMPLES = r'''
# A ready token (X-Auth-Token). File name: live.relay_tasks.yml
plugin: hwcloud.live.relay_tasks
region: cn-north-4
project_id: 0b2c9d0e4f6a4b7c8d9e0f1a2b3c4d5e
auth_token: "{{ lookup('ansible.builtin.env', 'MY_IAM_TOKEN') }}"

# IAM user name and password, exchanged once per run for a token; only suspended tasks of two regions.
plugin: hwcloud.live.relay_tasks
region: cn-north-4
project_id: 0b2c9d0e4f6a4b7c8d9e0f1a2b3c4d5e
username: ops-robot
password: "{{ lookup('ansible.builtin.env', 'HWC_PASSWORD') }}"
domain_name: my-account
regions: [cn-north-4, cn-east-3]
statuses: [suspend]

# AK/SK signing with the vendor SDK's variables (HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK,
# HUAWEICLOUD_SDK_PROJECT_ID, HUAWEICLOUD_SDK_REGION) in the environment; hosts named by stream,
# extra groups by source type, cached for an hour.
plugin: hwcloud.live.relay_tasks
hostnames:
  - "join('/', [domain, app_name, stream_name])"
  - task_id
group_by: [region, status, source_type]
filter: "source_type == 'PullLivePushLive'"
keyed_groups:
  - key: domain
    prefix: domain
compose:
  first_source: source_urls[0]
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/hwcloud-live
cache_timeout: 3600

# The bundled simulator (see the collection README): python tests/simulator/live_simulator.py --port 18080
plugin: hwcloud.live.relay_tasks
endpoint: http://127.0.0.1:18080
project_id: 0b2c9d0e4f6a4b7c8d9e0f1a2b3c4d5e
auth_token: sim-token
'''

import gc
import hashlib
import json
import re

from ansible.errors import AnsibleParserError
from ansible.inventory.group import to_safe_group_name
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.utils.display import Display

from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError
from ansible_collections.hwcloud.live.plugins.module_utils.selection import RelayTaskSelection, compile_expression, evaluate
from ansible_collections.hwcloud.live.plugins.module_utils.task_schema import describe_task_id, normalize_task
from ansible_collections.hwcloud.live.plugins.plugin_utils.connection import (client_from_plugin, credentials_from_plugin,
                                                                              reject_unknown_options, render_templated_options)
from ansible_collections.hwcloud.live.plugins.plugin_utils.constructed import FastConstructed
from ansible_collections.hwcloud.live.plugins.plugin_utils.unsafe import make_unsafe, trusted_constant

PARENT_GROUP = 'relay_tasks'
FIELD_NAME = re.compile(r'^[A-Za-z_][A-Za-z0-9_]*$')
# Host and group names from task data: control, format and separator characters become _, and a name longer
# than this is cut and ends in a digest of the whole, so it stays unique.
MAX_NAME_CHARS = 255
NAME_DIGEST_CHARS = 16
CACHE_FORMAT = 2


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    """parse -> fetch (or read the cache) -> select -> name hosts -> populate."""

    NAME = 'hwcloud.live.relay_tasks'

    def verify_file(self, path):
        return super().verify_file(path) and path.endswith(('relay_tasks.yml', 'relay_tasks.yaml'))

    def parse(self, inventory, loader, path, cache=True):
        # Tens of thousands of long-lived objects are made here and none is garbage: pausing the cyclic
        # collector for the parse saves its repeated full scans of them (about a tenth of the parse at 10,000 tasks).
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._parse(inventory, loader, path, cache)
        finally:
            if collecting:
                gc.enable()

    def _parse(self, inventory, loader, path, cache):
        super().parse(inventory, loader, path, cache)
        config = self._read_config_data(path)
        try:
            reject_unknown_options(config, self._options)
            given = render_templated_options(self, config)
            # Every option is checked before the first request: a bad expression fails without touching the API.
            selection = RelayTaskSelection(self.get_option('statuses'), self.get_option('filter'))
            namers = [self._host_namer(index, expression) for index, expression in enumerate(self.get_option('hostnames'))]
            tasks = self._fetch_tasks(path, cache, given)
            hosts = self._name_hosts(namers, selection.select(tasks))
        except LiveApiError as error:
            raise AnsibleParserError('hwcloud.live.relay_tasks: %s' % error) from None
        self._populate(hosts)

    def _cache_identity(self, given):
        """What the cached tasks depend on: which API, project, regions and credential (a one-way fingerprint only)."""
        return {'format': CACHE_FORMAT, 'endpoint': self.get_option('endpoint'), 'region': self.get_option('region'),
                'project_id': self.get_option('project_id'), 'regions': sorted(self.get_option('regions') or []),
                'credential': credentials_from_plugin(self, given).fingerprint()}

    def _fetch_tasks(self, path, cache, given):
        """All tasks of the selected regions, from the inventory cache when allowed and valid, else from the API."""
        use_cache = self.get_option('cache')
        if use_cache:
            cache_key = self.get_cache_key(path)
            identity = self._cache_identity(given)
            if cache:
                cached = self._read_cache(cache_key, identity)
                if cached is not None:
                    return cached
        client = client_from_plugin(self, given)
        try:
            tasks = client.list_relay_tasks(self.get_option('regions'))
        finally:
            client.close()
        if use_cache:
            self._cache[cache_key] = {'identity': identity, 'tasks': tasks}
        return tasks

    def _read_cache(self, cache_key, identity):
        """Cached tasks as plain data, checked like an API answer; None when absent, of another identity, or not valid."""
        try:
            stored = self._cache[cache_key]
        except KeyError:
            return None
        except Exception as error:  # pylint: disable=broad-exception-caught  # a cache file is data anyone may have edited
            return self._unreadable_cache(error)
        try:
            entry = plain_data(stored)
        except ValueError as error:
            if isinstance(stored, dict):
                # ansible-core compares what it read with what is written back; a vault object in it would be decrypted then.
                stored.clear()
            return self._unreadable_cache(error)
        if not isinstance(entry, dict) or entry.get('identity') != identity or not isinstance(entry.get('tasks'), list):
            return None
        try:
            return [normalize_task(task, 'inventory cache') for task in entry['tasks']]
        except LiveApiError:
            return None

    @staticmethod
    def _unreadable_cache(error):
        Display().warning('hwcloud.live.relay_tasks: the inventory cache entry could not be read as plain data (%s);'
                          ' the tasks are listed again' % type(error).__name__)

    @staticmethod
    def _name_hosts(namers, tasks):
        """[(host name, task)], or an error when a task has no name or two tasks share one."""
        owners = {}
        hosts = []
        for task in tasks:
            name = _first_name(namers, task)
            if name is None:
                raise LiveApiError('hostnames: no expression gives task %s a name' % describe_task_id(task['task_id']))
            if name in owners:
                raise LiveApiError('hostnames: tasks %s and %s both map to host name %s'
                                   % (describe_task_id(owners[name]), describe_task_id(task['task_id']), describe_task_id(name)))
            owners[name] = task['task_id']
            hosts.append((name, task))
        return hosts

    @staticmethod
    def _host_namer(index, expression):
        if isinstance(expression, str) and FIELD_NAME.match(expression):
            return lambda task: task.get(expression)
        compiled = compile_expression('hostnames[%d]' % index, expression)

        def name_or_none(task):
            try:
                return evaluate('hostnames[%d]' % index, compiled, task)
            except LiveApiError:
                return None  # a type error on this task's data means this expression gives it no name
        return name_or_none

    def _populate(self, hosts):
        inventory = self.inventory
        inventory.add_group(PARENT_GROUP)
        if self.get_option('local_connection'):
            inventory.set_variable(PARENT_GROUP, 'ansible_connection', 'local')
            inventory.set_variable(PARENT_GROUP, 'ansible_python_interpreter', trusted_constant('{{ ansible_playbook_python }}'))
        memberships = self._group_memberships(hosts)
        compose, groups, keyed_groups = (self.get_option(name) for name in ('compose', 'groups', 'keyed_groups'))
        strict = self.get_option('strict')
        fast = FastConstructed(self, compose, keyed_groups, strict) if FastConstructed.usable(self) else None
        for (name, task), host_groups in zip(hosts, memberships):
            host = make_unsafe(name)
            inventory.add_host(host)
            host_vars = make_unsafe(task)
            for key, value in host_vars.items():
                inventory.set_variable(host, key, value)
            for group in host_groups or (PARENT_GROUP,):
                inventory.add_child(group, host)
            if compose or groups or keyed_groups:
                self._construct(fast, host, host_vars, compose, groups, keyed_groups, strict)

    def _construct(self, fast, host, host_vars, compose, groups, keyed_groups, strict):
        """compose, then groups, then keyed_groups, as Constructable orders them; plain references directly."""
        if fast is None:
            self._set_composite_vars(compose, host_vars, host, strict=strict)
            self._add_host_to_composed_groups(groups, host_vars, host, strict=strict)
            self._add_host_to_keyed_groups(keyed_groups, host_vars, host, strict=strict)
            return
        fast.apply_compose(host, host_vars)
        self._add_host_to_composed_groups(groups, host_vars, host, strict=strict)
        fast.apply_keyed_groups(host, host_vars)

    def _group_memberships(self, hosts):
        """The group_by groups of every host; the groups are created first, sorted, inside the parent group."""
        fields = self.get_option('group_by') or []
        names = {}
        memberships = []
        for _name, task in hosts:
            host_groups = []
            for position, field in enumerate(fields):
                value = task.get(field)
                for item in value if isinstance(value, list) else [value]:
                    if item is None or item == '' or isinstance(item, (dict, list)):
                        continue
                    key = (field, str(item))
                    if key not in names:
                        names[key] = (position, safe_name(to_safe_group_name('%s_%s' % key, force=True, silent=True)))
                    host_groups.append(names[key][1])
            memberships.append(host_groups)
        for _position, group in sorted(set(names.values())):
            self.inventory.add_group(group)
            self.inventory.add_child(PARENT_GROUP, group)
        return memberships


def _first_name(namers, task):
    """The first non-empty name the hostnames expressions give, made safe; None when none does."""
    for namer in namers:
        value = namer(task)
        if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
            continue
        name = safe_name(str(value))
        if name:
            return name
    return None


def plain_data(value):
    """Data read back from the cache as plain JSON types, whatever the cache plugin restored.

    ansible-core 2.19 and later restore data tags from a cache file, TrustedAsTemplate among them, so an edited
    file could make a cached string run as a template; older releases restore unsafe and vault objects.
    Raises ValueError when the data is not plain JSON.
    """
    try:
        return json.loads(json.dumps(value))
    except (TypeError, ValueError, RecursionError) as error:
        raise ValueError('not plain JSON data') from error


def safe_name(text: str) -> str:
    """A name of printable characters without spaces, at most MAX_NAME_CHARS long (a long one ends in its hash)."""
    if not text.isprintable() or ' ' in text:
        text = ''.join(char if char.isprintable() and char != ' ' else '_' for char in text)
    if len(text) > MAX_NAME_CHARS:
        digest = hashlib.sha256(text.encode('utf-8')).hexdigest()[:NAME_DIGEST_CHARS]
        text = '%s_%s' % (text[:MAX_NAME_CHARS - NAME_DIGEST_CHARS - 1], digest)
    return text
