# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Random answers from the API: the client returns a valid listing or raises LiveApiError, nothing else."""

from __future__ import annotations

import json
import random

from hypothesis import given, settings, strategies as st

from ansible_collections.hwcloud.live.plugins.module_utils.auth import TokenAuth
from ansible_collections.hwcloud.live.plugins.module_utils.client import LiveClient
from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError
from ansible_collections.hwcloud.live.plugins.module_utils.task_schema import TASK_FIELDS
from ansible_collections.hwcloud.live.plugins.module_utils.transport import RetryPolicy, Transport
from ansible_collections.hwcloud.live.tests.unit.fake_http import FakeAnswer, FakeSession

scalars = st.none() | st.booleans() | st.integers(min_value=-10, max_value=300) | st.floats(allow_nan=False) | st.text(max_size=8)
documents = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                         max_leaves=20)
field_values = st.one_of(scalars, st.lists(st.text(max_size=5) | st.integers(), max_size=3))
tasks = st.fixed_dictionaries({}, optional={name: field_values for name in TASK_FIELDS}) | documents
pages = st.fixed_dictionaries({}, optional={'task_infos': st.lists(tasks, max_size=4) | documents,
                                            'total': st.integers(min_value=-2, max_value=500) | documents,
                                            'request_id': scalars})
bodies = pages.map(lambda page: json.dumps(page).encode()) | documents.map(lambda doc: json.dumps(doc).encode()) | st.binary(max_size=40)


def client_answering(answers):
    # the answers repeat, so even the longest retry and re-list sequence never runs out of them
    session = FakeSession([FakeAnswer(status, body, {'X-Request-Id': 'r'}) for status, body in answers] * 20)
    transport = Transport(session, 5.0, RetryPolicy(retries=1, sleep=lambda _s: None, rng=random.Random(0)))
    return LiveClient('https://live.example.com', 'p', TokenAuth('t'), transport)


@settings(max_examples=400, deadline=None)
@given(answers=st.lists(st.tuples(st.sampled_from([200, 200, 200, 201, 400, 404, 429, 500]), bodies), min_size=12, max_size=12))
def test_any_answer_gives_a_valid_listing_or_the_collections_error(answers):
    try:
        result = client_answering(answers).list_relay_tasks()
    except LiveApiError as error:
        assert str(error) and '\n' not in str(error)
        return
    assert isinstance(result, list)
    assert len({task['task_id'] for task in result}) == len(result)
    for task in result:
        assert set(task) == set(TASK_FIELDS) and isinstance(task['task_id'], str) and task['task_id']
