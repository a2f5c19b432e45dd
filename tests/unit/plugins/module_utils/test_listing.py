# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Paged listing: every task exactly once, or an error; never a short or doubled list."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings, strategies as st

from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError
from ansible_collections.hwcloud.live.plugins.module_utils.listing import (
    Page, list_scopes, page_offsets, stitch_pages,
)


class FakeListing:
    """An in-memory listing endpoint; ``between_pages(call_number, ids)`` may change the data after each answer."""

    def __init__(self, count, between_pages=None, lie_total=0, ignore_offset=False):
        self.ids = ['task-%05d' % n for n in range(count)]
        self.created = itertools.count(count)
        self.between_pages = between_pages
        self.lie_total = lie_total
        self.ignore_offset = ignore_offset
        self.calls = 0

    def fetch_page(self, scope, offset, limit):
        start = 0 if self.ignore_offset else offset
        page = Page(offset=offset, tasks=[{'task_id': task_id} for task_id in self.ids[start:start + limit]],
                    total=len(self.ids) + self.lie_total)
        self.calls += 1
        if self.between_pages:
            self.between_pages(self.calls, self)
        return page

    def new_id(self):
        return 'task-%05d' % next(self.created)


def run_in_order(function, argument_tuples):
    return [function(*args) for args in argument_tuples]


def list_all(fake):
    return list_scopes([None], fake.fetch_page, run_in_order, lambda scope: '')[None]


def ids(tasks):
    return [task['task_id'] for task in tasks]


@pytest.mark.parametrize('count', [0, 1, 99, 100, 101, 198, 199, 200, 1000, 10000])
def test_every_task_exactly_once(count):
    fake = FakeListing(count)
    assert ids(list_all(fake)) == fake.ids


def test_pages_overlap_by_one_task():
    assert page_offsets(0) == [0]
    assert page_offsets(100) == [0]
    assert page_offsets(101) == [0, 99]
    assert page_offsets(199) == [0, 99]
    assert page_offsets(200) == [0, 99, 198]


def test_ten_thousand_tasks_take_101_requests():
    fake = FakeListing(10000)
    list_all(fake)
    assert fake.calls == 101


def test_deletion_before_a_later_page_is_read_again():
    def delete_once(call, fake):
        if call == 2:
            del fake.ids[50]
    fake = FakeListing(250, between_pages=delete_once)
    result = ids(list_all(fake))
    assert result == fake.ids and len(result) == 249


def test_creation_at_the_end_is_read_again_when_the_last_page_is_full():
    def create_once(call, fake):
        if call == 1:
            fake.ids.append(fake.new_id())
    fake = FakeListing(199, between_pages=create_once)
    assert ids(list_all(fake)) == fake.ids


def test_a_listing_that_never_holds_still_is_an_error():
    def churn(call, fake):
        del fake.ids[0]
        fake.ids.append(fake.new_id())
    with pytest.raises(LiveApiError, match='changed while it was read, 3 times'):
        list_all(FakeListing(300, between_pages=churn))


def test_a_server_ignoring_offset_is_an_error():
    with pytest.raises(LiveApiError, match='does not continue'):
        list_all(FakeListing(300, ignore_offset=True))


@pytest.mark.parametrize('lie', [-5, 5])
def test_a_total_that_disagrees_with_the_pages_is_an_error(lie):
    with pytest.raises(LiveApiError, match='changed while it was read'):
        list_all(FakeListing(150, lie_total=lie))


def test_stitch_refuses_duplicates_within_pages():
    page = Page(offset=0, tasks=[{'task_id': 'a'}, {'task_id': 'a'}], total=2)
    with pytest.raises(Exception, match='more than once'):
        stitch_pages([page])


drift_step = st.tuples(st.sampled_from(['create_end', 'create_front', 'delete']), st.integers(min_value=0, max_value=10 ** 6))


@settings(max_examples=300, deadline=None)
@given(count=st.integers(min_value=0, max_value=450), schedule=st.dictionaries(st.integers(1, 20), st.lists(drift_step, max_size=3)))
def test_random_drift_gives_a_complete_deduplicated_list_or_an_error(count, schedule):
    """Invariant: no duplicates, every task present for the whole read is there, nothing that never existed is."""
    ever_existed = set()
    deleted = set()

    def drift(call, fake):
        for action, pick in schedule.get(call, []):
            if action == 'delete' and fake.ids:
                deleted.add(fake.ids.pop(pick % len(fake.ids)))
            elif action == 'create_end':
                fake.ids.append(fake.new_id())
            elif action == 'create_front':
                fake.ids.insert(0, fake.new_id())
            ever_existed.update(fake.ids)

    fake = FakeListing(count, between_pages=drift)
    ever_existed.update(fake.ids)
    initial = set(fake.ids)
    try:
        result = ids(list_all(fake))
    except LiveApiError as error:
        assert 'changed while it was read' in str(error)
        return
    assert len(result) == len(set(result))
    assert (initial - deleted) <= set(result)
    assert set(result) <= ever_existed
