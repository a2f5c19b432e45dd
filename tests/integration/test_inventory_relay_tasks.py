# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The relay_tasks inventory plugin through real ansible-inventory processes against the simulator."""

from __future__ import annotations

import json
import re

import pytest
from harness import REPO, ansible_bin, flat, token_requests, unwrap

DOCUMENTED_FIELDS = 21


def hosts_of(inventory: dict, group: str) -> set:
    """Every host in a group of an ``ansible-inventory --list`` result, through its children."""
    entry = inventory.get(group, {})
    hosts = set(entry.get('hosts', []))
    for child in entry.get('children', []):
        hosts |= hosts_of(inventory, child)
    return hosts


def safe(text: str) -> str:
    return re.sub(r'[^A-Za-z0-9_]', '_', text)


def test_every_task_is_a_host_in_its_region_and_status_group(ansible, simulator):
    tasks = simulator.tasks()
    inventory = ansible.inventory_list(ansible.token_config())
    assert hosts_of(inventory, 'relay_tasks') == {task['task_id'] for task in tasks}
    for region in {task['region'] for task in tasks}:
        expected = {task['task_id'] for task in tasks if task['region'] == region}
        assert hosts_of(inventory, 'region_' + safe(region)) == expected
    for status in {task['status'] for task in tasks}:
        expected = {task['task_id'] for task in tasks if task['status'] == status}
        assert hosts_of(inventory, 'status_' + safe(status)) == expected
    assert set(inventory['relay_tasks']['children']) == (
        {'region_' + safe(task['region']) for task in tasks} | {'status_' + safe(task['status']) for task in tasks})


def test_host_vars_are_the_task_fields_and_the_group_runs_locally(ansible, simulator):
    tasks = {task['task_id']: task for task in simulator.tasks()}
    inventory = ansible.inventory_list(ansible.token_config())
    hostvars = inventory['_meta']['hostvars']
    for task_id, variables in hostvars.items():
        assert len(variables) == DOCUMENTED_FIELDS
        assert {key: value for key, value in variables.items() if value is not None} == \
            {key: value for key, value in tasks[task_id].items() if value is not None}
    assert inventory['relay_tasks']['vars']['ansible_connection'] == 'local'


def test_graph_shows_the_groups(ansible, simulator):
    result = ansible.inventory(ansible.token_config(), '--graph')
    assert result.returncode == 0, result.stderr
    assert '@relay_tasks:' in result.stdout
    assert '|  |--@region_cn_north_4:' in result.stdout
    assert re.search(r'\|  \|--@status_suspend:', result.stdout)


def test_regions_statuses_and_filter_select_tasks(ansible, simulator):
    config = ansible.token_config(regions=['cn-north-4', 'cn-east-3'], statuses=['suspend', 'running'],
                                  filter="source_type == 'PullVodPushLive' || length(source_urls) == `1`")
    expected = {task['task_id'] for task in simulator.tasks()
                if task['region'] in ('cn-north-4', 'cn-east-3') and task['status'] in ('suspend', 'running')
                and (task['source_type'] == 'PullVodPushLive' or len(task['source_urls']) == 1)}
    assert expected
    assert hosts_of(ansible.inventory_list(config), 'relay_tasks') == expected
    regions_asked = {dict(entry['query']).get('region') for entry in simulator.requests_log()}
    assert regions_asked == {'cn-north-4', 'cn-east-3'}


def test_hostnames_take_the_first_non_empty_expression(ansible, simulator):
    config = ansible.token_config(hostnames=['destination_url', "join('/', [domain, app_name, stream_name])"])
    inventory = ansible.inventory_list(config)
    expected = {task['destination_url'] or '/'.join([task['domain'], task['app_name'], task['stream_name']])
                for task in simulator.tasks()}
    assert hosts_of(inventory, 'relay_tasks') == expected


def test_two_tasks_with_one_host_name_fail_naming_both(ansible, simulator):
    first, second = simulator.tasks()[:2]
    simulator.set_tasks([dict(first, region='cn-north-4'), dict(second, region='cn-north-4')])
    result = ansible.inventory(ansible.token_config(hostnames=['region']), '--list')
    assert result.returncode != 0
    assert "hostnames: tasks '%s' and '%s' both map to host name 'cn-north-4'" % (first['task_id'], second['task_id']) \
        in flat(result.stderr)


def test_group_by_other_fields_and_constructed_options(ansible, simulator):
    config = ansible.token_config(
        group_by=['source_type'],
        compose={'first_source': 'source_urls[0]'},
        groups={'vod': "source_type == 'PullVodPushLive'"},
        keyed_groups=[{'key': 'region', 'prefix': 'in'}],
    )
    tasks = simulator.tasks()
    inventory = ansible.inventory_list(config)
    vod = {task['task_id'] for task in tasks if task['source_type'] == 'PullVodPushLive'}
    assert hosts_of(inventory, 'source_type_PullVodPushLive') == vod
    assert hosts_of(inventory, 'vod') == vod
    assert hosts_of(inventory, 'in_cn_north_4') == {task['task_id'] for task in tasks if task['region'] == 'cn-north-4'}
    assert 'region_cn_north_4' not in inventory
    for task in tasks:
        assert inventory['_meta']['hostvars'][task['task_id']]['first_source'] == task['source_urls'][0]


def test_second_run_is_served_from_the_cache_until_the_regions_change(ansible, simulator, tmp_path):
    config = ansible.token_config(cache=True, cache_plugin='ansible.builtin.jsonfile',
                                  cache_connection=str(tmp_path / 'cache'), cache_timeout=600)
    first = ansible.inventory_list(config)
    assert simulator.requests_log()
    simulator.clear_requests()
    assert ansible.inventory_list(config) == first
    assert simulator.requests_log() == []
    ansible.inventory_list(dict(config, regions=['cn-east-3']))
    assert simulator.requests_log()


def test_local_connection_can_be_turned_off(ansible, simulator):
    inventory = ansible.inventory_list(ansible.token_config(local_connection=False))
    assert 'ansible_connection' not in inventory['relay_tasks'].get('vars', {})


@pytest.mark.parametrize('auth', ['password', 'aksk'])
def test_the_readme_inventory_files_work_with_each_auth_method(ansible, simulator, auth):
    env = {'HUAWEICLOUD_LIVE_ENDPOINT': simulator.url, 'HUAWEICLOUD_SDK_PROJECT_ID': simulator.project_id}
    if auth == 'password':
        env.update({'ANSIBLE_HWC_IDENTITY_ENDPOINT': simulator.url, 'ANSIBLE_HWC_USER': simulator.username,
                    'ANSIBLE_HWC_PASSWORD': simulator.password, 'ANSIBLE_HWC_DOMAIN': simulator.domain_name})
    else:
        env.update({'HUAWEICLOUD_SDK_AK': simulator.access_key, 'HUAWEICLOUD_SDK_SK': simulator.secret_key})
    source = REPO / 'playbooks' / 'inventory' / ('%s.relay_tasks.yml' % auth)
    result = ansible.run([ansible_bin('ansible-inventory'), '-i', str(source), '--graph'], env=env)
    assert result.returncode == 0, result.stderr
    assert '@relay_tasks:' in result.stdout
    log = simulator.requests_log()
    used = {entry['auth'] for entry in log if entry['path'].startswith('/v1/')}
    if auth == 'password':
        assert used == {'token'} and len(token_requests(simulator)) == 1
    else:
        assert used == {'aksk'} and token_requests(simulator) == []


def test_token_from_the_environment(ansible, simulator):
    env = {'HUAWEICLOUD_LIVE_ENDPOINT': simulator.url, 'HUAWEICLOUD_SDK_PROJECT_ID': simulator.project_id,
           'HUAWEICLOUD_LIVE_AUTH_TOKEN': simulator.token}
    result = ansible.run([ansible_bin('ansible-inventory'), '-i', str(REPO / 'playbooks' / 'inventory' / 'token.relay_tasks.yml'),
                          '--graph'], env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count('|  |--@region_') == len({task['region'] for task in simulator.tasks()})


@pytest.mark.parametrize('case', ['wrong password', 'wrong secret key'])
def test_rejected_credentials_fail_without_showing_the_secret(ansible, simulator, case):
    secret = 'hunter2-%s-s3cr3t' % case.split()[1]
    if case == 'wrong password':
        options = {'auth_token': None, 'username': simulator.username, 'password': secret,
                   'domain_name': simulator.domain_name, 'iam_endpoint': simulator.url}
        message = 'IAM token request POST %s/v3/auth/tokens: HTTP 401' % simulator.url
    else:
        options = {'auth_token': None, 'access_key': simulator.access_key, 'secret_key': secret}
        message = 'HTTP 401 APIGW.0301'
    result = ansible.inventory(ansible.token_config(**options), '--list')
    assert result.returncode != 0
    assert message in flat(result.stderr)
    assert secret not in result.stderr + result.stdout
    assert 'Traceback' not in result.stderr
    assert len(token_requests(simulator)) == (1 if case == 'wrong password' else 0)


CONSTRUCTED = {
    'compose': {'first_source': 'source_urls[0]', 'target': 'domain', 'third_source': 'source_urls[2]',
                'label': "(domain or 'none') ~ '/' ~ (stream_name or 'none')", 'no_such': 'not_a_field'},
    'keyed_groups': [{'key': 'region', 'prefix': 'region', 'separator': '_'}, {'key': 'status', 'prefix': 'status'},
                     {'key': 'callback_events', 'prefix': 'event', 'parent_group': 'events'},
                     {'key': 'source_type | lower', 'prefix': 'type'}, {'key': 'first_source', 'prefix': 'src'},
                     {'key': 'inventory_hostname[:2]', 'prefix': 'shard'}, {'key': 'vod_loop_time', 'default_value': 'none'}],
    'groups': {'vod': "source_type == 'PullVodPushLive'"},
}


def test_constructed_options_give_what_the_constructed_plugin_gives(ansible, simulator):
    """Host by host and group by group, the plugin's own compose/keyed_groups equal ansible.builtin.constructed's."""
    ours = ansible.inventory_list(ansible.token_config(group_by=[], **CONSTRUCTED))
    plain = ansible.write('plain.relay_tasks.yml', ansible.token_config(group_by=[]))
    constructed = ansible.write('zz.constructed.yml', dict(plugin='ansible.builtin.constructed', **CONSTRUCTED))
    result = ansible.run([ansible_bin('ansible-inventory'), '-i', str(plain), '-i', str(constructed), '--list', '--export'],
                         env={'ANSIBLE_INVENTORY_ENABLED': 'hwcloud.live.relay_tasks,ansible.builtin.constructed'})
    assert result.returncode == 0, result.stderr
    theirs = unwrap(json.loads(result.stdout))
    assert ours['_meta']['hostvars'] == theirs['_meta']['hostvars']
    assert any('third_source' in variables for variables in ours['_meta']['hostvars'].values())
    groups = (set(ours) | set(theirs)) - {'_meta', 'all'}
    assert {'region_cn_north_4', 'status_suspend', 'event_TaskAlarm', 'type_pullvodpushlive', 'vod', 'events'} <= groups
    for group in groups:
        assert hosts_of(ours, group) == hosts_of(theirs, group), group
        assert set(ours.get(group, {}).get('children', [])) == set(theirs.get(group, {}).get('children', [])), group
