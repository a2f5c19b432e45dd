# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fault suite, item 10 (docs/reliability.md): bad configuration is one clear line naming the option, before any request."""

from __future__ import annotations

import pytest
import yaml
from harness import assert_source_failed, flat, squeezed

BAD_INVENTORY_OPTIONS = [
    ('unknown option', {'regoins': ['cn-north-4']}, "unknown option 'regoins'; did you mean 'regions'?"),
    ('missing project_id', {'project_id': None}, 'project_id is required'),
    ('no credentials', {'auth_token': None}, 'no credentials: set auth_token, or access_key and secret_key, or username'),
    ('two auth methods', {'access_key': 'AKEXAMPLE', 'secret_key': 'sk-s3cr3t-value'},
     'auth_token and access_key/secret_key are set together in the options: choose one authentication method'),
    ('three auth methods', {'access_key': 'AKEXAMPLE', 'secret_key': 'sk-s3cr3t-value', 'username': 'u', 'password': 'pw-s3cr3t'},
     'auth_token, access_key/secret_key and username/password are set together'),
    ('security token alone', {'security_token': 'st-s3cr3t-value'}, 'security_token is used only with access_key and secret_key'),
    ('incomplete AK/SK', {'auth_token': None, 'access_key': 'AKEXAMPLE'}, 'secret_key is required with access_key'),
    ('malformed filter', {'filter': 'status =='}, "filter: invalid JMESPath expression 'status =='"),
    ('malformed hostnames', {'hostnames': ['task_id', 'join(('], 'group_by': []}, "hostnames[1]: invalid JMESPath expression 'join(('"),
    ('regions not a list', {'regions': {'cn-north-4': True}}, ("Config 'regions' for", 'setting: regions (from Direct)')),
    ('regions not names', {'regions': ['cn-north-4', 'cn north/../4']}, "regions: 'cn north/../4' is not a region name"),
    ('negative timeout', {'timeout': -1}, 'timeout must be a positive number of seconds, got -1.0'),
    ('timeout not a number', {'timeout': 'soon'}, ("Config 'timeout' for", 'setting: timeout (from Direct)')),
    ('negative retries', {'retries': -2}, 'retries must be 0 or more, got -2'),
    ('bad endpoint', {'endpoint': 'live.example.com'}, "endpoint: 'live.example.com' is not an http(s) base URL"),
    ('bad region name', {'region': 'cn-north-4/../../x', 'endpoint': None}, "region: 'cn-north-4/../../x' is not a region name"),
]


@pytest.mark.parametrize('options, message', [case[1:] for case in BAD_INVENTORY_OPTIONS],
                         ids=[case[0] for case in BAD_INVENTORY_OPTIONS])
def test_bad_inventory_configuration_fails_before_any_request(ansible, simulator, options, message):
    result = ansible.inventory(ansible.token_config(**options), '--list')
    assert_source_failed(result, message)
    assert 'Completely failed to parse inventory source' in flat(result.stderr)
    assert simulator.requests_log() == []
    for value in ('s3cr3t', simulator.token):
        assert value not in squeezed(result.stderr)


@pytest.mark.parametrize('options, message', [
    ({'timeout': -1}, 'timeout must be a positive number of seconds, got -1.0'),
    ({'access_key': 'AKEXAMPLE', 'secret_key': 'sk-s3cr3t-value'}, 'auth_token and access_key/secret_key are set together'),
    ({'filter': 'status =='}, "filter: invalid JMESPath expression 'status =='"),
], ids=['negative timeout', 'two auth methods', 'malformed filter'])
def test_the_lookup_and_the_info_module_refuse_bad_options_before_any_request(ansible, simulator, options, message):
    connection = dict({'endpoint': simulator.url, 'project_id': simulator.project_id, 'auth_token': simulator.token}, **options)
    arguments = ', '.join('%s=%r' % item for item in connection.items())
    playbook = yaml.safe_dump([{'hosts': 'localhost', 'gather_facts': False, 'tasks': [
        {'name': 'lookup', 'ansible.builtin.debug': {'msg': "{{ query('hwcloud.live.relay_tasks', %s) }}" % arguments},
         'ignore_errors': True},
        {'name': 'module', 'hwcloud.live.relay_task_info': connection, 'ignore_errors': True},
    ]}])
    result = ansible.run(ansible.playbook_command(playbook))
    output = flat(result.stdout + result.stderr)
    assert result.returncode == 0, output
    assert output.count('...ignoring') == 2
    assert 'hwcloud.live.relay_tasks: %s' % message in output
    assert '"msg": "%s' % message in output
    assert simulator.requests_log() == []
    assert 's3cr3t' not in output and 'Traceback' not in output
