# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Paging and faults as ansible-inventory users see them: every task exactly once, or a failed source."""

from __future__ import annotations

import pytest
from harness import AnsibleRun, SimulatorProcess, flat, host_names, listing_requests


@pytest.mark.parametrize('count', [0, 1, 100, 101, 250])
def test_every_task_is_listed_exactly_once(ansible, simulator, count):
    tasks = simulator.tasks()[:count]
    simulator.set_tasks(tasks)
    result = ansible.inventory(ansible.token_config(group_by=[]), '--graph')
    assert result.returncode == 0, result.stderr
    assert sorted(host_names(result.stdout)) == sorted(task['task_id'] for task in tasks)


def test_ten_thousand_tasks_in_101_overlapping_pages(tmp_path):
    with SimulatorProcess(tasks=10000, seed=11, extra_args=('--quiet',)) as simulator:
        run = AnsibleRun(tmp_path, simulator)
        result = run.inventory(run.token_config(group_by=[]), '--graph')
        assert result.returncode == 0, result.stderr
        names = host_names(result.stdout)
        assert len(names) == 10000
        assert set(names) == {task['task_id'] for task in simulator.tasks()}
        assert len(listing_requests(simulator)) == 101


@pytest.mark.parametrize('fault', [
    {'kind': 'status', 'status': 429, 'error_code': 'APIG.0308', 'retry_after': '0'},
    {'kind': 'status', 'status': 429, 'error_code': 'APIGW.0308'},
    {'kind': 'status', 'status': 500},
    {'kind': 'status', 'status': 502},
    {'kind': 'status', 'status': 503},
    {'kind': 'status', 'status': 504},
    {'kind': 'reset'},
])
def test_a_transient_fault_on_one_page_is_retried(ansible, simulator, fault):
    simulator.set_faults([dict(fault, match={'offset': 99}, times=2)])
    result = ansible.inventory(ansible.token_config(group_by=[], retries=3), '--graph')
    assert result.returncode == 0, result.stderr
    assert sorted(host_names(result.stdout)) == sorted(task['task_id'] for task in simulator.tasks())
    assert len(listing_requests(simulator, offset=99)) == 3


def test_a_persistent_500_on_one_page_fails_the_whole_source(ansible, simulator):
    simulator.set_faults([{'kind': 'status', 'status': 500, 'match': {'offset': 198}}])
    result = ansible.inventory(ansible.token_config(retries=2), '--list')
    assert result.returncode != 0
    assert result.stdout == ''
    assert 'offset=198&limit=100: HTTP 500 LIVE.100011000: Internal Server Error' in flat(result.stderr)
    assert '(gave up after 3 attempts)' in flat(result.stderr)
    assert len(listing_requests(simulator, offset=198)) == 3


def test_a_failing_region_fails_the_whole_source(ansible, simulator):
    simulator.set_faults([{'kind': 'status', 'status': 503, 'match': {'region': 'cn-east-3'}}])
    result = ansible.playbook(ansible.token_config(regions=['cn-north-4', 'cn-east-3'], retries=1),
                              '- hosts: all\n  gather_facts: false\n  tasks: [{ansible.builtin.debug: {msg: x}}]\n')
    assert result.returncode != 0
    assert 'region=cn-east-3: HTTP 503' in flat(result.stderr)
    assert 'PLAY RECAP' not in result.stdout


def test_malformed_page_is_a_clear_error_without_the_body(ansible, simulator):
    simulator.set_faults([{'kind': 'body', 'shape': 'html', 'match': {'offset': 0}}])
    result = ansible.inventory(ansible.token_config(), '--list')
    assert result.returncode != 0
    assert 'HTTP 200 with a HTML response body' in flat(result.stderr)
    assert '<html' not in result.stderr.lower()
