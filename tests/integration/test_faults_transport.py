# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fault suite, items 1 to 3 (docs/reliability.md): throttling, server and network faults, refused credentials.

Each case injects one fault with the simulator's switches and runs a real ansible-inventory with the
ansible.cfg the README recommends. The simulator's data set has 250 tasks: pages at offsets 0, 99 and 198.
"""

from __future__ import annotations

import time

import pytest
from harness import assert_source_failed, flat, host_names, listing_requests, token_requests

THROTTLED = [
    pytest.param({'status': 429, 'error_code': 'APIG.0308', 'retry_after': '1'}, id='429-APIG.0308-retry-after'),
    pytest.param({'status': 429, 'error_code': 'APIG.0308'}, id='429-APIG.0308'),
    pytest.param({'status': 429, 'error_code': 'APIGW.0308'}, id='429-APIGW.0308'),
]


def iam_config(ansible, **options):
    simulator = ansible.simulator
    return ansible.token_config(**dict({'auth_token': None, 'username': simulator.username, 'password': simulator.password,
                                        'domain_name': simulator.domain_name, 'iam_endpoint': simulator.url}, **options))


@pytest.mark.parametrize('fault', THROTTLED)
def test_throttling_is_retried_then_every_task_is_listed(ansible, simulator, fault):
    simulator.set_faults([dict(fault, kind='status', match={'offset': 99}, times=2)])
    started = time.monotonic()
    result = ansible.inventory(ansible.token_config(group_by=[], retries=3), '--graph')
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert sorted(host_names(result.stdout)) == sorted(task['task_id'] for task in simulator.tasks())
    assert len(listing_requests(simulator, offset=99)) == 3
    if 'retry_after' in fault:
        assert elapsed >= 2.0  # two waits of at least the Retry-After second: a behaviour, not a speed


@pytest.mark.parametrize('fault', THROTTLED)
def test_throttling_that_persists_fails_after_retries(ansible, simulator, fault):
    simulator.set_faults([dict(fault, kind='status', match={'offset': 198})])
    result = ansible.inventory(ansible.token_config(retries=2), '--list')
    assert_source_failed(result, 'offset=198&limit=100: HTTP 429 %s: The throttling threshold has been reached'
                         % fault['error_code'])
    assert '(gave up after 3 attempts)' in flat(result.stderr)
    assert len(listing_requests(simulator, offset=198)) == 3


TRANSIENT = [
    pytest.param({'kind': 'status', 'status': status}, id=str(status)) for status in (500, 502, 503, 504)
] + [
    pytest.param({'kind': 'reset'}, id='connection-reset'),
    pytest.param({'kind': 'hang', 'seconds': 3}, id='read-timeout'),
]
FAILURE_LINES = {'500': 'HTTP 500 LIVE.100011000: Internal Server Error', '502': 'HTTP 502 APIG.0201: Backend unavailable',
                 '503': 'HTTP 503 APIG.0203: Service unavailable', '504': 'HTTP 504 APIG.0202: Backend timeout',
                 'connection-reset': 'connection failed:', 'read-timeout': 'no response within 1.0s'}


@pytest.mark.parametrize('fault', TRANSIENT)
def test_a_server_or_network_fault_on_one_page_is_retried(ansible, simulator, fault):
    simulator.set_faults([dict(fault, match={'offset': 99}, times=1)])
    result = ansible.inventory(ansible.token_config(group_by=[], retries=2, timeout=1), '--graph')
    assert result.returncode == 0, result.stderr
    assert sorted(host_names(result.stdout)) == sorted(task['task_id'] for task in simulator.tasks())
    assert len(listing_requests(simulator, offset=99)) == 2


@pytest.mark.parametrize('fault', TRANSIENT)
def test_a_fault_that_persists_fails_the_whole_source_with_no_host(ansible, simulator, fault, request):
    simulator.set_faults([dict(fault, match={'offset': 99})])
    result = ansible.inventory(ansible.token_config(retries=1, timeout=1), '--graph')
    case = request.node.callspec.id
    assert_source_failed(result, 'GET /v1/%s/pull/stream/task?offset=99&limit=100: %s'
                         % (simulator.project_id, FAILURE_LINES[case]))
    assert '(gave up after 2 attempts)' in flat(result.stderr)
    assert 'Completely failed to parse inventory source' in flat(result.stderr)
    assert len(listing_requests(simulator, offset=99)) == 2


def test_a_fault_that_persists_fails_a_playbook_before_its_first_task(ansible, simulator):
    simulator.set_faults([{'kind': 'status', 'status': 502, 'match': {'offset': 198}}])
    result = ansible.playbook(ansible.token_config(retries=1), '- hosts: relay_tasks\n  gather_facts: false\n'
                              '  tasks: [{ansible.builtin.debug: {msg: "{{ inventory_hostname }}"}}]\n')
    assert result.returncode != 0
    assert 'offset=198&limit=100: HTTP 502 APIG.0201' in flat(result.stderr)
    assert 'PLAY RECAP' not in result.stdout and 'TASK [' not in result.stdout


@pytest.mark.parametrize('fault, line', [
    ({'kind': 'status', 'status': 401}, 'HTTP 401 APIGW.0301: Incorrect IAM authentication information: simulated fault'),
    ({'kind': 'status', 'status': 403}, 'HTTP 403 APIGW.0302: The IAM user is forbidden in the currently selected region'),
    ({'kind': 'token_expired'}, 'HTTP 401 APIG.0307: The token must be updated.'),
], ids=['401', '403', 'token-expired'])
def test_refused_credentials_are_not_retried(ansible, simulator, fault, line):
    simulator.set_faults([fault])
    result = ansible.inventory(ansible.token_config(retries=4), '--list')
    assert_source_failed(result, 'offset=0&limit=100: %s' % line)
    assert len(listing_requests(simulator)) == 1


def test_an_expired_iam_token_is_renewed_once(ansible, simulator):
    simulator.set_faults([{'kind': 'token_expired', 'match': {'offset': 0}, 'times': 1}])
    result = ansible.inventory(iam_config(ansible, group_by=[]), '--graph')
    assert result.returncode == 0, result.stderr
    assert len(host_names(result.stdout)) == len(simulator.tasks())
    assert len(token_requests(simulator)) == 2


def test_pages_refused_together_share_one_renewal(ansible, simulator):
    # The delay holds both pages at the server until both were sent with the first token, as when a token expires.
    faults = []
    for offset in (99, 198):
        faults += [{'kind': 'latency', 'ms': 500, 'match': {'offset': offset}, 'times': 1},
                   {'kind': 'token_expired', 'match': {'offset': offset}, 'times': 1}]
    simulator.set_faults(faults)
    result = ansible.inventory(iam_config(ansible, group_by=[]), '--graph')
    assert result.returncode == 0, result.stderr
    assert len(host_names(result.stdout)) == len(simulator.tasks())
    assert len(token_requests(simulator)) == 2


def test_a_renewed_iam_token_that_is_refused_again_is_final(ansible, simulator):
    simulator.set_faults([{'kind': 'token_expired'}])
    result = ansible.inventory(iam_config(ansible, retries=4), '--list')
    assert_source_failed(result, 'offset=0&limit=100: HTTP 401 APIG.0307: The token must be updated.')
    assert len(token_requests(simulator)) == 2
    assert len(listing_requests(simulator)) == 2


def test_a_refused_password_is_sent_once_for_several_regions(ansible, simulator):
    config = iam_config(ansible, password='wrong-password-s3cr3t', regions=['cn-north-4', 'cn-east-3', 'cn-north-1'])
    result = ansible.inventory(config, '--list')
    assert_source_failed(result, 'IAM token request POST %s/v3/auth/tokens: HTTP 401: The username or password is wrong.'
                         % simulator.url)
    assert len(token_requests(simulator)) == 1
    assert listing_requests(simulator) == []
    assert 'wrong-password-s3cr3t' not in result.stderr


@pytest.mark.parametrize('offset, words', [(3600, '60 minutes behind'), (-1800, '30 minutes ahead of')])
def test_a_signature_refused_for_clock_skew_is_one_line_naming_the_skew(ansible, simulator, offset, words):
    simulator.set_clock_offset(offset)
    config = ansible.token_config(auth_token=None, access_key=simulator.access_key, secret_key=simulator.secret_key,
                                  retries=4)
    result = ansible.inventory(config, '--list')
    assert_source_failed(result, 'HTTP 401 APIGW.0301: Incorrect IAM authentication information: X-Sdk-Date differs'
                         ' from the server time by more than 15 minutes (clock skew)')
    assert "the local clock is %s the server's" % words in flat(result.stderr)
    assert len(listing_requests(simulator)) == 1
    assert simulator.secret_key not in result.stderr
