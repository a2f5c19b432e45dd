# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One retry budget for the IAM token: however many regions and pages need it, the password goes out retries + 1 times at most."""

from __future__ import annotations

from harness import assert_source_failed, host_names, listing_requests, squeezed, token_requests

REGIONS = ['cn-north-4', 'cn-east-3', 'cn-north-1']
IAM_THROTTLED = {'kind': 'status', 'status': 429, 'match': {'path_prefix': '/v3/auth/tokens'}}


def iam_config(ansible, **options):
    simulator = ansible.simulator
    return ansible.token_config(**dict({'auth_token': None, 'username': simulator.username, 'password': simulator.password,
                                        'domain_name': simulator.domain_name, 'iam_endpoint': simulator.url,
                                        'regions': REGIONS, 'retries': 2}, **options))


def test_a_throttled_token_request_is_sent_retries_plus_one_times_for_the_whole_run(ansible, simulator):
    simulator.set_faults([IAM_THROTTLED])
    result = ansible.inventory(iam_config(ansible), '--list')
    assert_source_failed(result, 'IAM token request POST %s/v3/auth/tokens: HTTP 429 APIG.0308: The throttling threshold'
                         ' has been reached' % simulator.url)
    assert len(token_requests(simulator)) == 3
    assert listing_requests(simulator) == []
    # ansible-core 2.19+ prints the message twice (warning, then cause); each time it says "gave up" once.
    stderr = squeezed(result.stderr)
    assert stderr.count('gaveupafter3attempts') == stderr.count('hwcloud.live.relay_tasks:IAMtokenrequest') >= 1
    assert stderr.count('gaveupafter') == stderr.count('gaveupafter3attempts')
    assert simulator.password not in result.stderr


def test_a_token_request_throttled_twice_then_issued_lists_every_task(ansible, simulator):
    simulator.set_faults([dict(IAM_THROTTLED, times=2)])
    result = ansible.inventory(iam_config(ansible, group_by=[]), '--graph')
    assert result.returncode == 0, result.stderr
    assert sorted(host_names(result.stdout)) == sorted(task['task_id'] for task in simulator.tasks()
                                                       if task['region'] in REGIONS)
    assert [entry['status'] for entry in token_requests(simulator)] == [429, 429, 201]
