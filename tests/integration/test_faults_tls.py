# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fault suite, item 9 (docs/reliability.md): the simulator over HTTPS with a certificate the test makes.

Certificates are verified by default (an untrusted one fails in one clear line), ca_path makes the
certificate trusted, and validate_certs=false works with one Ansible warning.
"""

from __future__ import annotations

import certifi
import pytest
import yaml
from harness import AnsibleRun, SimulatorProcess, assert_source_failed, flat, host_names, listing_requests, squeezed

import tls_cert


# requests lets these variables override a session's own verify setting; the collection must not let them.
CA_BUNDLE_ENV = {'REQUESTS_CA_BUNDLE': certifi.where(), 'CURL_CA_BUNDLE': certifi.where()}


@pytest.fixture(scope='module')
def https_simulator(tmp_path_factory):
    cert_path, key_path = tls_cert.write_self_signed(tmp_path_factory.mktemp('tls'))
    with SimulatorProcess(tasks=120, seed=5, tls_cert=cert_path, tls_key=key_path) as simulator:
        yield simulator


@pytest.fixture
def https(tmp_path, https_simulator):
    https_simulator.reset()
    return AnsibleRun(tmp_path, https_simulator)


def test_the_simulator_serves_https(https):
    assert https.simulator.url.startswith('https://127.0.0.1:')


def test_an_untrusted_certificate_fails_clearly_by_default(https):
    result = https.inventory(https.token_config(retries=3), '--list')
    assert_source_failed(result, 'GET /v1/%s/pull/stream/task?offset=0&limit=100: TLS error:' % https.simulator.project_id)
    assert squeezed('TLS error: certificate verify failed: self-signed certificate; set ca_path') in squeezed(result.stderr)
    assert listing_requests(https.simulator) == []  # refused in the handshake: the server never saw a request


def test_ca_path_makes_the_certificate_trusted(https):
    result = https.inventory(https.token_config(group_by=[], ca_path=https.simulator.tls_cert), '--graph', env=CA_BUNDLE_ENV)
    assert result.returncode == 0, result.stderr
    assert sorted(host_names(result.stdout)) == sorted(task['task_id'] for task in https.simulator.tasks())
    assert 'WARNING' not in result.stderr


def test_ca_path_with_iam_password_authentication(https):
    simulator = https.simulator
    config = https.token_config(auth_token=None, username=simulator.username, password=simulator.password,
                                domain_name=simulator.domain_name, iam_endpoint=simulator.url, ca_path=simulator.tls_cert)
    result = https.inventory(config, '--graph', env=CA_BUNDLE_ENV)
    assert result.returncode == 0, result.stderr
    assert [entry['auth'] for entry in simulator.requests_log() if entry['path'] == '/v3/auth/tokens'] == ['iam']


def test_validate_certs_false_works_and_warns_once(https):
    result = https.inventory(https.token_config(group_by=[], validate_certs=False), '--graph', env=CA_BUNDLE_ENV)
    assert result.returncode == 0, result.stderr
    assert len(host_names(result.stdout)) == len(https.simulator.tasks())
    port = https.simulator.url.rsplit(':', 1)[1]
    line = 'hwcloud.live.relay_tasks: validate_certs is false: the TLS certificate of 127.0.0.1:%s is not verified' % port
    assert squeezed(result.stderr).count(squeezed(line)) == 1
    assert 'InsecureRequestWarning' not in result.stderr


def test_the_lookup_and_the_modules_follow_the_same_options(https):
    simulator = https.simulator
    connection = {'endpoint': simulator.url, 'project_id': simulator.project_id, 'auth_token': simulator.token}
    playbook = yaml.safe_dump([{'hosts': 'localhost', 'gather_facts': False, 'tasks': [
        {'name': 'untrusted', 'hwcloud.live.relay_task_info': connection, 'ignore_errors': True},
        {'name': 'trusted', 'hwcloud.live.relay_task_info': dict(connection, ca_path=simulator.tls_cert), 'register': 'trusted'},
        {'name': 'unverified', 'hwcloud.live.relay_task_info': dict(connection, validate_certs=False), 'register': 'unverified'},
        {'name': 'lookup', 'ansible.builtin.debug': {'msg': "lookup count {{ query('hwcloud.live.relay_tasks', endpoint=%r,"
                                                            " project_id=%r, auth_token=%r, ca_path=%r) | length }}"
                                                            % (simulator.url, simulator.project_id, simulator.token,
                                                               simulator.tls_cert)}},
        {'name': 'counts', 'ansible.builtin.debug': {'msg': 'module counts {{ trusted.total }} {{ unverified.total }}'}},
    ]}])
    result = https.run(https.playbook_command(playbook), env=CA_BUNDLE_ENV)
    output = flat(result.stdout + result.stderr)
    assert result.returncode == 0, output
    assert 'TLS error: certificate verify failed: self-signed certificate' in output
    assert output.count('...ignoring') == 1
    count = len(simulator.tasks())
    assert 'lookup count %d' % count in output
    assert 'module counts %d %d' % (count, count) in output
    assert 'validate_certs is false: the TLS certificate of 127.0.0.1:' in output
    assert 'InsecureRequestWarning' not in output
