# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Issue 12, item 1: the inventory file's connection and credential options are templates, and vaulted values work.

What the file says is rendered with the plugin's templar, as every cloud inventory does; what comes from the
environment, or out of a lookup, is data and never rendered. Templating differs most between ansible-core 2.16
(unsafe marking) and 2.19+ (data tags): `make test` runs this file on the oldest and the newest supported release.
"""

from __future__ import annotations

import pytest
import yaml
from harness import ansible_bin, assert_source_failed, host_names, listing_requests, squeezed, token_requests

# Each templated option reads its value from a variable of its own, never the option's own env: entry, so that only
# rendering the file's template can give the plugin the value.
TEMPLATE = "{{ lookup('ansible.builtin.env', '%s') }}"
METHOD_OPTIONS = {
    'token': ('auth_token',),
    'iam': ('username', 'password', 'domain_name', 'iam_endpoint'),
    'aksk': ('access_key', 'secret_key', 'security_token'),
}
LOCATION_OPTIONS = ('endpoint', 'project_id', 'region')
# How the simulator logs a listing request of each method: IAM's answer is a token, which the listing then sends.
LISTING_AUTH = {'token': 'token', 'iam': 'token', 'aksk': 'aksk'}
VAULT_PASSWORD = 'vault-password-for-the-test'
RENDERED_SECRET = 'rendered-secret-0123456789abcdef'


def option_values(simulator) -> dict:
    return {'auth_token': simulator.token, 'username': simulator.username, 'password': simulator.password,
            'domain_name': simulator.domain_name, 'iam_endpoint': simulator.url, 'access_key': simulator.access_key,
            'secret_key': simulator.secret_key, 'security_token': simulator.security_token, 'endpoint': simulator.url,
            'project_id': simulator.project_id, 'region': simulator.region}


def variable_of(option: str) -> str:
    return 'TEMPLATED_%s' % option.upper()


def assert_every_task_listed(result, simulator, auth: str) -> None:
    """The run listed every task, each listing request in the project's path and accepted as ``auth`` (token or aksk)."""
    assert result.returncode == 0, result.stderr
    assert sorted(host_names(result.stdout)) == sorted(task['task_id'] for task in simulator.tasks())
    listings = listing_requests(simulator)
    assert listings
    assert {(entry['path'], entry['status'], entry['auth']) for entry in listings} == {
        ('/v1/%s/pull/stream/task' % simulator.project_id, 200, auth)}


def vaulted(ansible, name: str, secret: str) -> str:
    """`<name>: !vault |` and its encrypted text, as `ansible-vault encrypt_string` prints it."""
    password_file = ansible.write('vault-password', VAULT_PASSWORD)
    result = ansible.run([ansible_bin('ansible-vault'), 'encrypt_string', '--vault-password-file', str(password_file),
                          '--name', name, secret])
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith('%s: !vault |' % name) and secret not in result.stdout
    return result.stdout


def vaulted_inventory(ansible, config: dict, name: str, secret: str):
    """ansible-inventory --graph on a file whose option ``name`` is a vaulted ``secret``."""
    text = yaml.safe_dump(config, sort_keys=False) + vaulted(ansible, name, secret)
    path = ansible.write('vaulted.relay_tasks.yml', text)
    return ansible.run([ansible_bin('ansible-inventory'), '-i', str(path), '--graph',
                        '--vault-password-file', str(ansible.directory / 'vault-password')])


@pytest.mark.parametrize('auth', sorted(METHOD_OPTIONS))
def test_templated_connection_and_credential_options_are_rendered(ansible, simulator, auth):
    values = option_values(simulator)
    templated = METHOD_OPTIONS[auth] + LOCATION_OPTIONS
    config = {'plugin': 'hwcloud.live.relay_tasks', 'group_by': [], 'retries': 1}
    config.update({option: TEMPLATE % variable_of(option) for option in templated})
    result = ansible.inventory(config, '--graph', env={variable_of(option): values[option] for option in templated})
    assert_every_task_listed(result, simulator, LISTING_AUTH[auth])
    tokens = token_requests(simulator)
    if auth == 'iam':
        assert [(entry['method'], entry['status'], entry['auth']) for entry in tokens] == [('POST', 201, 'iam')]
    else:
        assert tokens == []


def test_a_vaulted_auth_token_lists_every_task(ansible, simulator):
    config = ansible.token_config(auth_token=None, group_by=[])
    result = vaulted_inventory(ansible, config, 'auth_token', simulator.token)
    assert_every_task_listed(result, simulator, 'token')


def test_a_vaulted_iam_password_lists_every_task(ansible, simulator):
    config = ansible.token_config(auth_token=None, group_by=[], username=simulator.username,
                                  domain_name=simulator.domain_name, iam_endpoint=simulator.url)
    result = vaulted_inventory(ansible, config, 'password', simulator.password)
    assert_every_task_listed(result, simulator, LISTING_AUTH['iam'])
    assert [(entry['status'], entry['auth']) for entry in token_requests(simulator)] == [(201, 'iam')]


def failing_config(ansible, simulator, option: str, template: str) -> dict:
    """A token inventory, or an IAM one for the IAM options, whose ``option`` is a template that cannot be rendered."""
    config = ansible.token_config(group_by=[])
    if option in METHOD_OPTIONS['iam']:
        config.update(auth_token=None, username=simulator.username, password=simulator.password,
                      domain_name=simulator.domain_name, iam_endpoint=simulator.url)
    config[option] = template
    return config


@pytest.mark.parametrize('option', ['auth_token', 'password', 'username', 'project_id'])
def test_an_undefined_variable_in_a_template_is_one_line_naming_the_option_before_any_request(ansible, simulator, option):
    result = ansible.inventory(failing_config(ansible, simulator, option, '{{ no_such_variable }}'), '--list')
    assert_source_failed(result, 'hwcloud.live.relay_tasks: %s: ' % option)
    assert simulator.requests_log() == []
    output = squeezed(result.stdout + result.stderr)
    assert simulator.password not in output and simulator.token not in output


@pytest.mark.parametrize('option', ['auth_token', 'password', 'secret_key'])
def test_a_failing_template_of_a_secret_option_quotes_nothing_it_rendered(ansible, simulator, option):
    """Jinja's message for a missing key quotes the key: here the secret the template read from the environment."""
    template = "{{ {}[lookup('ansible.builtin.env', 'SECRET_VALUE')] }}"
    config = failing_config(ansible, simulator, option, template)
    if option == 'secret_key':
        config.update(auth_token=None, access_key=simulator.access_key)
    result = ansible.inventory(config, '--list', env={'SECRET_VALUE': RENDERED_SECRET})
    assert_source_failed(result, 'hwcloud.live.relay_tasks: %s: ' % option)
    assert simulator.requests_log() == []
    assert RENDERED_SECRET not in squeezed(result.stdout + result.stderr)


def test_template_text_in_an_environment_variable_is_sent_as_it_is_and_runs_nothing(ansible, simulator, tmp_path):
    marker = tmp_path / 'rendered-from-the-environment'
    payload = '{{ lookup("ansible.builtin.pipe", "touch %s") }}' % marker
    config = ansible.token_config(auth_token=None, group_by=[])
    result = ansible.inventory(config, '--list', env={'HUAWEICLOUD_LIVE_AUTH_TOKEN': payload})
    assert not marker.exists()
    assert_source_failed(result, 'HTTP 401')
    assert payload in simulator.secrets()  # the simulator received the text itself as the token


def test_template_text_a_lookup_returns_is_not_rendered_again(ansible, simulator, tmp_path):
    marker = tmp_path / 'rendered-from-a-lookup'
    payload = '{{ lookup("ansible.builtin.pipe", "touch %s") }}' % marker
    config = ansible.token_config(auth_token=TEMPLATE % 'TOKEN_WITH_TEMPLATE_TEXT', group_by=[])
    result = ansible.inventory(config, '--list', env={'TOKEN_WITH_TEMPLATE_TEXT': payload})
    assert not marker.exists()
    assert_source_failed(result, 'HTTP 401')
    assert payload in simulator.secrets()
