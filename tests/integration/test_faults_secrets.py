# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fault suite, item 8 (docs/reliability.md): no credential in any output, at -vvvv, whatever goes wrong.

Every case runs with each authentication method, credentials in the environment as the README
recommends, then searches everything the run wrote (stdout, stderr, the inventory cache) for every
secret the simulator knows, issued or received: the token, the secret key, the security token, the
password, the X-Subject-Token values IAM issued and the signatures of every signed request.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import yaml
from harness import listing_requests, squeezed

WRONG = {'token': 'wrong-token-0123456789abcdef', 'aksk': 'WRONGSECRETKEY0123456789abcdefABCDEF0123',
         'iam': 'wrong-password-0123456789'}
CASES = {
    'listed': [],
    'throttled': [{'kind': 'status', 'status': 429, 'match': {'offset': 99}}],
    'server error': [{'kind': 'status', 'status': 503, 'match': {'offset': 198}}],
    'connection reset': [{'kind': 'reset', 'match': {'offset': 99}}],
    'refused': [{'kind': 'status', 'status': 401}],
    'token expired': [{'kind': 'token_expired', 'times': 1}],
    'malformed answer': [{'kind': 'body', 'shape': 'truncated', 'match': {'offset': 99}}],
    'moving listing': [{'kind': 'drift', 'create': 1, 'delete': 1, 'match': {'offset': 0}}],
    'wrong credential': [],
}


def credentials_env(simulator, auth: str, wrong: bool = False) -> dict:
    """The credentials of one method in the environment variables the README documents."""
    if auth == 'token':
        return {'HUAWEICLOUD_LIVE_AUTH_TOKEN': WRONG['token'] if wrong else simulator.token}
    if auth == 'aksk':
        return {'HUAWEICLOUD_SDK_AK': simulator.access_key, 'HUAWEICLOUD_SDK_SK': WRONG['aksk'] if wrong else simulator.secret_key,
                'HUAWEICLOUD_SDK_SECURITY_TOKEN': simulator.security_token}
    return {'ANSIBLE_HWC_USER': simulator.username, 'ANSIBLE_HWC_PASSWORD': WRONG['iam'] if wrong else simulator.password,
            'ANSIBLE_HWC_DOMAIN': simulator.domain_name, 'ANSIBLE_HWC_IDENTITY_ENDPOINT': simulator.url}


def assert_no_secret(simulator, auth: str, *texts: str) -> None:
    secrets = set(simulator.secrets()) | set(WRONG.values())
    kinds = {'token': 'sim-token', 'aksk': simulator.secret_key, 'iam': simulator.password}
    assert kinds[auth] in secrets
    everything = squeezed('\n'.join(texts))  # a secret holds no whitespace, and 2.16 may wrap it over two lines
    leaked = sorted(secret for secret in secrets if secret in everything)
    assert leaked == [], 'credentials in the output: %s' % leaked


def in_days(days: int) -> str:
    return (datetime.now(timezone.utc) + timedelta(days=days)).strftime('%Y-%m-%dT%H:%M:%SZ')


def read_tree(directory) -> str:
    return '\n'.join(path.read_text(errors='replace') for path in sorted(directory.rglob('*')) if path.is_file())


@pytest.mark.parametrize('auth', ['token', 'aksk', 'iam'])
@pytest.mark.parametrize('case', sorted(CASES))
def test_no_credential_in_inventory_output_or_cache_at_vvvv(ansible, simulator, tmp_path, auth, case):
    simulator.set_faults(CASES[case])
    cache = tmp_path / 'cache'
    config = {'plugin': 'hwcloud.live.relay_tasks', 'endpoint': simulator.url, 'project_id': simulator.project_id,
              'retries': 1, 'cache': True, 'cache_plugin': 'ansible.builtin.jsonfile', 'cache_connection': str(cache)}
    result = ansible.inventory(config, '--list', '-vvvv', env=credentials_env(simulator, auth, wrong=case == 'wrong credential'))
    assert listing_requests(simulator) or auth == 'iam'  # the run talked to the API (a refused password stops at IAM)
    if auth == 'aksk':
        assert any(len(secret) == 64 for secret in simulator.secrets())  # signatures were recorded, so they are searched
    if case == 'listed':
        assert result.returncode == 0 and cache.is_dir(), result.stderr
    assert_no_secret(simulator, auth, result.stdout, result.stderr, read_tree(tmp_path))


@pytest.mark.parametrize('auth', ['token', 'aksk', 'iam'])
def test_no_credential_in_playbook_output_of_the_lookup_and_the_modules_at_vvvv(ansible, simulator, auth):
    connection = {'endpoint': simulator.url, 'project_id': simulator.project_id}
    task_fields = {'source_type': 'PullLivePushLive', 'source_urls': ['rtmp://origin.example.com/live/secretless'],
                   'domain': 'push.example.com', 'app_name': 'live', 'stream_name': 'vvvv-secrets', 'region': 'cn-north-4',
                   'start_time': in_days(1), 'end_time': in_days(2)}
    playbook = yaml.safe_dump([{'hosts': 'localhost', 'gather_facts': False, 'tasks': [
        {'name': 'lookup', 'ansible.builtin.debug': {
            'msg': "{{ query('hwcloud.live.relay_tasks', endpoint=%r, project_id=%r) | length }}"
                   % (simulator.url, simulator.project_id)}},
        {'name': 'info', 'hwcloud.live.relay_task_info': connection},
        {'name': 'create', 'hwcloud.live.relay_task': dict(connection, **task_fields), 'register': 'created'},
        {'name': 'delete', 'hwcloud.live.relay_task': dict(connection, task_id='{{ created.relay_task.task_id }}', state='absent')},
        {'name': 'refused', 'hwcloud.live.relay_task_info': dict(connection, task_ids=['refused-by-the-fault']),
         'ignore_errors': True},
    ]}])
    simulator.set_faults([{'kind': 'status', 'status': 401, 'match': {'task_id': 'refused-by-the-fault'}}])
    result = ansible.run(ansible.playbook_command(playbook) + ['-vvvv'], env=credentials_env(simulator, auth))
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'ok=5' in result.stdout and 'ignored=1' in result.stdout
    assert {entry['method'] for entry in simulator.requests_log()} >= {'GET', 'POST', 'DELETE'}
    assert_no_secret(simulator, auth, result.stdout, result.stderr)
