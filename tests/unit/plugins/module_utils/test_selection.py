# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Selecting tasks by status and JMESPath, and shaping the result with a query."""

from __future__ import annotations

import pytest

from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError
from ansible_collections.hwcloud.live.plugins.module_utils.selection import RelayTaskSearch, RelayTaskSelection, is_true

TASKS = [
    {'task_id': 'a', 'status': 'running', 'source_type': 'PullLivePushLive', 'source_urls': ['rtmp://x/a']},
    {'task_id': 'b', 'status': 'suspend', 'source_type': 'PullVodPushLive', 'source_urls': ['https://v/1', 'https://v/2']},
    {'task_id': 'c', 'status': 'suspend', 'source_type': 'PullLivePushLive', 'source_urls': []},
]


class FakeClient:
    def __init__(self):
        self.calls = []

    def list_relay_tasks(self, regions):
        self.calls.append(('list', regions))
        return TASKS

    def get_relay_tasks(self, task_ids, regions):
        self.calls.append(('get', task_ids, regions))
        return [task for task in TASKS if task['task_id'] in task_ids], [i for i in task_ids if i not in 'abc']


@pytest.mark.parametrize('value, truth', [
    (None, False), (False, False), ('', False), ([], False), ({}, False),
    (0, True), (True, True), ('x', True), ([0], True), ({'k': None}, True),
])
def test_jmespath_truth(value, truth):
    assert is_true(value) is truth


def test_statuses_and_filter_both_apply():
    selection = RelayTaskSelection(['suspend'], 'length(source_urls) > `0`')
    assert [task['task_id'] for task in selection.select(TASKS)] == ['b']


def test_a_filter_with_a_syntax_error_names_the_option():
    with pytest.raises(LiveApiError, match=r"^filter: invalid JMESPath expression 'status =='"):
        RelayTaskSelection(None, 'status ==')


def test_a_filter_failing_on_a_task_names_the_task():
    with pytest.raises(LiveApiError, match="filter: evaluating .* on task 'a' failed"):
        RelayTaskSelection(None, "join(',', status)").select(TASKS)


def test_search_lists_when_no_ids_are_given_and_shapes_with_the_query():
    client = FakeClient()
    result, missing = RelayTaskSearch(['r1'], None, None, None, '[].{id: task_id, first: source_urls[0]}').run(client)
    assert result == [{'id': 'a', 'first': 'rtmp://x/a'}, {'id': 'b', 'first': 'https://v/1'}, {'id': 'c', 'first': None}]
    assert missing == [] and client.calls == [('list', ['r1'])]


def test_search_by_ids_reports_the_missing_ones():
    client = FakeClient()
    result, missing = RelayTaskSearch(None, ['suspend'], None, ['a', 'b', 'zz']).run(client)
    assert [task['task_id'] for task in result] == ['b'] and missing == ['zz']
    assert client.calls == [('get', ['a', 'b', 'zz'], [])]


def test_a_scalar_query_result_becomes_a_one_item_list():
    result, _missing = RelayTaskSearch(query='length(@)').run(FakeClient())
    assert result == [3]


def test_a_bad_query_fails_before_any_request():
    with pytest.raises(LiveApiError, match='^query: invalid JMESPath'):
        RelayTaskSearch(query='[].{')
