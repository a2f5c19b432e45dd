# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fault suite, items 4 and 5 (docs/reliability.md): malformed answers, and a listing that moves while it is read.

The listing is either every task exactly once or a failed source; never a short or doubled list.
"""

from __future__ import annotations

import pytest
from harness import assert_source_failed, host_names, listing_requests, squeezed

MALFORMED = {
    'html': 'HTTP 200 with a HTML response body',
    'empty': 'HTTP 200: the response is empty or null, not an object',
    'truncated': 'HTTP 200 with a non-JSON response body',
    'not_json': 'HTTP 200 with a non-JSON response body',
    'task_infos_missing': 'HTTP 200: task_infos is missing',
    'task_infos_null': 'HTTP 200: task_infos is null, not a list',  # with a total of 250; see the test below for 0
    'task_infos_not_list': 'HTTP 200: task_infos is an object, not a list',
    'total_missing': 'HTTP 200: total is missing',
    'total_not_int': 'HTTP 200: total is not a non-negative integer',
}


@pytest.mark.parametrize('shape', sorted(MALFORMED))
def test_a_malformed_answer_names_status_and_request_id_and_quotes_no_body(ansible, simulator, shape):
    simulator.set_faults([{'kind': 'body', 'shape': shape, 'match': {'offset': 99}}])
    result = ansible.inventory(ansible.token_config(), '--list')
    request_id = listing_requests(simulator, offset=99)[0]['request_id']
    assert_source_failed(result, 'offset=99&limit=100: %s' % MALFORMED[shape])
    assert squeezed('request id %s' % request_id) in squeezed(result.stderr)
    assert len(listing_requests(simulator, offset=99)) == 1  # a malformed answer is final, not retried
    for task in simulator.tasks()[99:199]:  # nothing of the page itself is quoted
        assert task['task_id'] not in result.stderr
    assert '<html' not in result.stderr.lower() and '"task_infos"' not in result.stderr


def test_null_task_infos_with_a_total_of_zero_is_an_empty_listing(ansible, simulator):
    # The vendor SDK reads a null list as an empty one; only a total of 0 makes that an answer, not a malformed one.
    simulator.set_tasks([])
    simulator.set_faults([{'kind': 'body', 'shape': 'task_infos_null', 'times': 1}])
    result = ansible.inventory(ansible.token_config(group_by=[]), '--graph')
    assert result.returncode == 0, result.stderr
    assert host_names(result.stdout) == []
    assert simulator.faults() == []  # the null answer was served


def every_task_once(result, simulator):
    assert result.returncode == 0, result.stderr
    names = host_names(result.stdout)
    assert len(names) == len(set(names))
    assert sorted(names) == sorted(task['task_id'] for task in simulator.tasks())


@pytest.mark.parametrize('drift', [
    pytest.param({'create': 3}, id='created-at-the-end'),
    pytest.param({'delete': 2}, id='deleted-before-later-pages'),
    pytest.param({'create': 2, 'delete': 2}, id='created-and-deleted'),
    pytest.param({'create': 2, 'position': 'front'}, id='created-at-the-front'),
    pytest.param({'delete': 1, 'delete_from': 'end'}, id='deleted-at-the-end'),
])
def test_tasks_created_or_deleted_between_pages_are_read_again_completely(ansible, simulator, drift):
    simulator.set_faults([dict(drift, kind='drift', match={'offset': 0}, times=1)])
    result = ansible.inventory(ansible.token_config(group_by=[]), '--graph')
    assert simulator.faults() == []  # the drift happened
    assert len(simulator.tasks()) == 250 + drift.get('create', 0) - drift.get('delete', 0)
    every_task_once(result, simulator)


@pytest.mark.parametrize('fault', [
    pytest.param({'kind': 'total', 'delta': 7, 'match': {'offset': 198}}, id='total-changes'),
    pytest.param({'kind': 'ignore_offset', 'match': {'offset': 99}}, id='offset-ignored'),
])
def test_a_page_that_disagrees_once_is_read_again(ansible, simulator, fault):
    simulator.set_faults([dict(fault, times=1)])
    every_task_once(ansible.inventory(ansible.token_config(group_by=[]), '--graph'), simulator)


@pytest.mark.parametrize('fault, reason', [
    pytest.param({'kind': 'drift', 'create': 1, 'delete': 1, 'match': {'offset': 0}},
                 'the page at offset 99 does not continue the page at offset 0', id='always-moving'),
    pytest.param({'kind': 'total', 'delta': 7}, 'the listing ends after 250 tasks but the server counts 257',
                 id='total-too-high'),
    pytest.param({'kind': 'total', 'delta': -100}, 'the listing ends after 199 tasks but the server counts 150',
                 id='more-pages-than-total-allows'),
    pytest.param({'kind': 'ignore_offset'}, 'the page at offset 99 does not continue the page at offset 0',
                 id='offset-always-ignored'),
])
def test_a_listing_that_never_agrees_fails_the_whole_source(ansible, simulator, fault, reason):
    simulator.set_faults([fault])
    result = ansible.inventory(ansible.token_config(), '--list')
    assert_source_failed(result, 'listing relay tasks: the listing changed while it was read, 3 times in a row (%s);'
                         ' no tasks were returned' % reason)
    assert len(listing_requests(simulator, offset=0)) == 3
