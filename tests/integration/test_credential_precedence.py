# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Issue 12, items 2 and 4: explicit options beat the environment, and malformed credentials never reach a request."""

from __future__ import annotations

import pytest
import yaml
from harness import assert_source_failed, flat, listing_requests, squeezed

# Another tool's credentials, exported in the same shell or AWX job: wrong for this simulator, so using them fails.
OTHER_TOOL_ENV = {
    'auth_token': {'HUAWEICLOUD_LIVE_AUTH_TOKEN': 'other-tools-token'},
    'aksk': {'HUAWEICLOUD_SDK_AK': 'OTHERTOOLSACCESSKEY000', 'HUAWEICLOUD_SDK_SK': 'other-tools-secret-key',
             'HUAWEICLOUD_SDK_SECURITY_TOKEN': 'other-tools-security-token'},
    'password': {'ANSIBLE_HWC_USER': 'other-user', 'ANSIBLE_HWC_PASSWORD': 'other-password', 'ANSIBLE_HWC_DOMAIN': 'other-domain'},
}


def explicit_credentials(simulator, method: str) -> dict:
    return {
        'auth_token': {'auth_token': simulator.token},
        'aksk': {'access_key': simulator.access_key, 'secret_key': simulator.secret_key},
        'password': {'username': simulator.username, 'password': simulator.password, 'domain_name': simulator.domain_name,
                     'iam_endpoint': simulator.url},
    }[method]


def ambient_for(method: str) -> dict:
    """Every other method's variables at once (two or more methods only in the environment)."""
    env = {}
    for other, variables in OTHER_TOOL_ENV.items():
        if other != method:
            env.update(variables)
    return env


@pytest.mark.parametrize('method', sorted(OTHER_TOOL_ENV))
def test_the_inventory_file_wins_over_credentials_in_the_environment(ansible, simulator, method):
    config = {'plugin': 'hwcloud.live.relay_tasks', 'endpoint': simulator.url, 'project_id': simulator.project_id,
              'retries': 0, **explicit_credentials(simulator, method)}
    hosts = ansible.inventory_list(config, env=ambient_for(method))['_meta']['hostvars']
    assert len(hosts) == len(simulator.tasks())
    assert not [secret for secret in simulator.secrets() if 'other' in secret]


@pytest.mark.parametrize('method', sorted(OTHER_TOOL_ENV))
def test_lookup_info_module_and_module_defaults_win_over_the_environment(ansible, simulator, method):
    connection = {'endpoint': simulator.url, 'project_id': simulator.project_id, 'retries': 0,
                  **explicit_credentials(simulator, method)}
    arguments = ', '.join('%s=%r' % item for item in connection.items())
    count = len(simulator.tasks())
    tasks = [
        {'name': 'lookup', 'ansible.builtin.set_fact': {'listed': "{{ query('hwcloud.live.relay_tasks', %s) | length }}" % arguments}},
        {'name': 'info', 'hwcloud.live.relay_task_info': {}, 'register': 'info'},
        {'name': 'same count', 'ansible.builtin.assert': {'that': ['listed | int == %d' % count, 'info.relay_tasks | length == %d' % count]}},
    ]
    playbook = yaml.safe_dump([{'hosts': 'localhost', 'gather_facts': False,
                                'module_defaults': {'group/hwcloud.live.live': connection}, 'tasks': tasks}])
    result = ansible.run(ansible.playbook_command(playbook), env=ambient_for(method))
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'failed=0' in result.stdout


@pytest.mark.parametrize('method', sorted(OTHER_TOOL_ENV))
def test_one_method_only_in_the_environment_is_used(ansible, simulator, method):
    env = {'auth_token': {'HUAWEICLOUD_LIVE_AUTH_TOKEN': simulator.token},
           'aksk': {'HUAWEICLOUD_SDK_AK': simulator.access_key, 'HUAWEICLOUD_SDK_SK': simulator.secret_key},
           'password': {'ANSIBLE_HWC_USER': simulator.username, 'ANSIBLE_HWC_PASSWORD': simulator.password,
                        'ANSIBLE_HWC_DOMAIN': simulator.domain_name, 'ANSIBLE_HWC_IDENTITY_ENDPOINT': simulator.url}}[method]
    config = {'plugin': 'hwcloud.live.relay_tasks', 'endpoint': simulator.url, 'project_id': simulator.project_id}
    assert len(ansible.inventory_list(config, env=env)['_meta']['hostvars']) == len(simulator.tasks())


def test_two_methods_only_in_the_environment_are_an_error_before_any_request(ansible, simulator):
    config = {'plugin': 'hwcloud.live.relay_tasks', 'endpoint': simulator.url, 'project_id': simulator.project_id}
    result = ansible.inventory(config, '--list', env={**OTHER_TOOL_ENV['auth_token'], **OTHER_TOOL_ENV['aksk']})
    assert_source_failed(result, 'auth_token and access_key/secret_key are set together in the environment')
    assert simulator.requests_log() == []
    assert 'other-tools-secret-key' not in squeezed(result.stderr)


def test_explicit_ak_sk_does_not_pick_up_a_security_token_from_the_environment(ansible, simulator):
    config = {'plugin': 'hwcloud.live.relay_tasks', 'endpoint': simulator.url, 'project_id': simulator.project_id,
              'access_key': simulator.access_key, 'secret_key': simulator.secret_key, 'retries': 0}
    ansible.inventory_list(config, env={'HUAWEICLOUD_SDK_SECURITY_TOKEN': 'other-tools-security-token'})
    assert listing_requests(simulator)
    assert 'other-tools-security-token' not in simulator.secrets()


TOKEN_SHAPES = [('trailing newline', '%s\n'), ('leading space', ' %s'), ('carriage return inside', '%s\r\nX-Evil: 1'),
                ('non-ASCII', '%s\u00e9'), ('control character', '%s\x1b[31m')]


@pytest.mark.parametrize('shape', [shape for _name, shape in TOKEN_SHAPES], ids=[name for name, _shape in TOKEN_SHAPES])
@pytest.mark.parametrize('where', ['file', 'environment'])
def test_a_malformed_token_is_one_line_naming_the_option_and_no_request(ansible, simulator, shape, where):
    token = shape % 'distinctive-t0ken-value'
    config = ansible.token_config(auth_token=token if where == 'file' else None)
    env = {'HUAWEICLOUD_LIVE_AUTH_TOKEN': token} if where == 'environment' else None
    result = ansible.inventory(config, '--list', env=env)
    assert_source_failed(result, 'auth_token: the value')
    assert simulator.requests_log() == []
    assert 'distinctive-t0ken' not in squeezed(result.stderr)


@pytest.mark.parametrize('option', ['project_id', 'access_key', 'secret_key'])
def test_non_ascii_header_values_are_refused_without_a_traceback(ansible, simulator, option):
    config = {'plugin': 'hwcloud.live.relay_tasks', 'endpoint': simulator.url, 'project_id': simulator.project_id,
              'access_key': simulator.access_key, 'secret_key': simulator.secret_key}
    config[option] = config[option] + '\u4e2d'
    result = ansible.inventory(config, '--list')
    assert_source_failed(result, '%s: the value holds non-ASCII characters' % option)
    assert simulator.requests_log() == []


def test_a_malformed_token_in_a_module_is_masked_and_never_sent(ansible, simulator):
    token = 'distinctive-t0ken-value\n'
    playbook = yaml.safe_dump([{'hosts': 'localhost', 'gather_facts': False, 'tasks': [
        {'name': 'info',
         'hwcloud.live.relay_task_info': {'endpoint': simulator.url, 'project_id': simulator.project_id, 'auth_token': token}},
    ]}])
    result = ansible.run(ansible.playbook_command(playbook) + ['-vvv'])
    output = flat(result.stdout + result.stderr)
    assert result.returncode != 0
    assert 'auth_token: the value has leading or trailing whitespace' in output
    assert 'distinctive-t0ken' not in squeezed(output) and 'Traceback' not in output
    assert simulator.requests_log() == []


def test_a_malformed_variable_another_tool_exported_does_not_fail_an_explicit_method(ansible, simulator):
    env = {'HUAWEICLOUD_SDK_AK': 'OTHERTOOLSACCESSKEY000', 'HUAWEICLOUD_SDK_SK': 'other-tools-secret\n'}
    assert len(ansible.inventory_list(ansible.token_config(), env=env)['_meta']['hostvars']) == len(simulator.tasks())
