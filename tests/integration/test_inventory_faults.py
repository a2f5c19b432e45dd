# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Paging as ansible-inventory users see it: every task exactly once, or a failed source (more faults: test_faults_*.py)."""

from __future__ import annotations

import pytest
from harness import CAPPED_WARNING, AnsibleRun, SimulatorProcess, flat, host_names, listing_requests, squeezed


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
        # 10,000 is the most the document's total allows: one warning says the count may be capped (issue 12, item 6).
        assert squeezed(result.stderr).count(squeezed(CAPPED_WARNING)) == 1, result.stderr


def test_a_failing_region_fails_the_whole_source(ansible, simulator):
    simulator.set_faults([{'kind': 'status', 'status': 503, 'match': {'region': 'cn-east-3'}}])
    result = ansible.playbook(ansible.token_config(regions=['cn-north-4', 'cn-east-3'], retries=1),
                              '- hosts: all\n  gather_facts: false\n  tasks: [{ansible.builtin.debug: {msg: x}}]\n')
    assert result.returncode != 0
    assert 'region=cn-east-3: HTTP 503' in flat(result.stderr)
    assert 'PLAY RECAP' not in result.stdout
