# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fault suite, item 7 (docs/reliability.md): Unicode, control characters, newlines and 10,000-character values in names.

Host names come from `hostnames`, group names from `group_by`: both are made printable, without
spaces, and at most 255 characters long; the inventory and a playbook over it run without a crash.
"""

from __future__ import annotations

import re

import pytest

HOSTILE_VALUES = {
    'unicode': '直播-ライブ-прямой-эфир-🎥',
    'control': 'bell\x07null\x00escape\x1b[31mred\x7fdel',
    'newlines': 'first\nsecond\r\nthird\u2028fourth\u0085fifth',
    'bidi': 'user\u202egnp.exe\u200b\ufeff',
    'spaces': ' lead\tand\u00a0inner\u3000space ',
    'long': 'x' * 10000,
    'long-variant': 'x' * 9999 + 'y',
}
MAX_NAME = 255


@pytest.fixture
def hostile_tasks(simulator):
    base = simulator.tasks()[0]
    tasks = []
    for index, (kind, value) in enumerate(sorted(HOSTILE_VALUES.items())):
        task = dict(base, task_id='%s-%d-%s' % (kind, index, value), stream_name=value, app_name=value,
                    domain='%s.example.com' % kind, status=value if kind != 'long-variant' else 'running')
        tasks.append(task)
    simulator.set_tasks(tasks)
    return tasks


def assert_safe(name: str) -> None:
    assert name.isprintable() and ' ' not in name, repr(name)
    assert 0 < len(name) <= MAX_NAME, len(name)


@pytest.mark.parametrize('hostnames', [['task_id'], ['stream_name'], ["join('/', [domain, app_name, stream_name])"]])
def test_hostile_names_become_safe_distinct_hosts_and_groups(ansible, hostile_tasks, hostnames):
    config = ansible.token_config(hostnames=hostnames, group_by=['region', 'status', 'stream_name', 'app_name'])
    inventory = ansible.inventory_list(config)
    hosts = list(inventory['_meta']['hostvars'])
    assert len(hosts) == len(hostile_tasks)
    for host in hosts:
        assert_safe(host)
    groups = set(inventory) - {'_meta', 'all', 'ungrouped'}
    assert len([group for group in groups if group.startswith('stream_name_')]) == len(HOSTILE_VALUES)
    for group in groups:
        assert_safe(group)
        assert re.match(r'^[^\W\d]\w*$', group), group  # a valid Ansible group name
    by_id = {variables['task_id']: variables for variables in inventory['_meta']['hostvars'].values()}
    assert sorted(by_id) == sorted(task['task_id'] for task in hostile_tasks)
    assert by_id[hostile_tasks[0]['task_id']]['stream_name'] == hostile_tasks[0]['stream_name']  # the data itself is kept


def test_a_playbook_runs_over_hosts_with_hostile_names(ansible, hostile_tasks):
    config = ansible.token_config(hostnames=['stream_name'], group_by=['stream_name'])
    graph = ansible.inventory(config, '--graph')
    assert graph.returncode == 0, graph.stderr
    result = ansible.playbook(config, '- hosts: relay_tasks\n  gather_facts: false\n  tasks:\n'
                              '    - ansible.builtin.debug: {msg: "{{ inventory_hostname | length }} {{ stream_name | length }}"}\n')
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count('ok=1 ') == len(hostile_tasks)
    assert '"%d 10000"' % MAX_NAME in result.stdout
