# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The IAM token: one request in flight for all threads, one retry budget, and a failure that is final for the run."""

from __future__ import annotations

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from ansible_collections.hwcloud.live.plugins.module_utils.auth import IamPasswordAuth
from ansible_collections.hwcloud.live.plugins.module_utils.client import LiveClient
from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError
from ansible_collections.hwcloud.live.plugins.module_utils.transport import Response, RetryPolicy, Transport
from ansible_collections.hwcloud.live.tests.unit.fake_http import FakeAnswer, FakeSession

PROJECT = '0b2c9d0e4f6a4b7c8d9e0f1a2b3c4d5e'
IAM = 'https://iam.example.com'
THROTTLED = FakeAnswer(429, {'error_code': 'APIG.0308', 'error_msg': 'throttled'}, {'X-Request-Id': 'iam-429'})
THREADS = 8


def issued(token):
    return FakeAnswer(201, {'token': {}}, {'X-Subject-Token': token})


def listing(tasks):
    return FakeAnswer(200, {'request_id': 'r-1', 'total': len(tasks), 'task_infos': tasks}, {'X-Request-Id': 'r-1'})


def iam_over(session, retries=2):
    transport = Transport(session, 5.0, RetryPolicy(retries=retries, sleep=lambda _s: None, rng=random.Random(3)))
    return IamPasswordAuth(transport, IAM, 'u', 'pw-s3cret', 'd', PROJECT), transport


def token_posts(session):
    return [call for call in session.sent if call[0] == 'POST' and call[1] == IAM + '/v3/auth/tokens']


def on_threads(function, count=THREADS):
    """Run ``function()`` on ``count`` threads at once; returns each outcome, a value or the LiveApiError raised."""
    start = threading.Barrier(count)

    def run():
        start.wait()
        try:
            return function()
        except LiveApiError as error:
            return error

    with ThreadPoolExecutor(max_workers=count) as pool:
        return [future.result() for future in [pool.submit(run) for _attempt in range(count)]]


class BlockingTransport:
    """Answers token requests with a new token; the first one is held until the test lets it go."""

    def __init__(self):
        self.sent = 0
        self.entered = threading.Event()
        self.release = threading.Event()
        self._lock = threading.Lock()

    def send(self, method, url, action, build_headers, body=None, idempotent=True, accept_error=None):
        with self._lock:
            self.sent += 1
            number = self.sent
        if number == 1:
            self.entered.set()
            self.release.wait()
        return Response(status=201, data=None, request_id=None, headers={'X-Subject-Token': 'token-%d' % number})


def test_requests_waiting_for_a_token_share_the_one_in_flight():
    transport = BlockingTransport()
    auth = IamPasswordAuth(transport, IAM, 'u', 'pw-s3cret', 'd', PROJECT)
    first = threading.Thread(target=auth.add_headers, args=('GET', 'h', '/', [], {}, None))
    first.start()
    transport.entered.wait()
    asking = threading.Barrier(THREADS + 1)

    def ask():
        asking.wait()
        return auth.add_headers('GET', 'h', '/', [], {}, None)['X-Auth-Token']

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        futures = [pool.submit(ask) for _thread in range(THREADS)]
        asking.wait()
        # Let the others reach the token while the first request is still in flight; the assertions hold whatever the timing.
        time.sleep(0.1)
        transport.release.set()
        tokens = [future.result() for future in futures]
    first.join()
    assert transport.sent == 1
    assert tokens == ['token-1'] * THREADS


def test_a_throttled_token_request_is_sent_retries_plus_one_times_for_all_threads():
    session = FakeSession([THROTTLED] * 3 * THREADS)
    auth, _transport = iam_over(session, retries=2)
    outcomes = on_threads(lambda: auth.add_headers('GET', 'h', '/', [], {}, None))
    assert len(token_posts(session)) == 3
    assert all(isinstance(outcome, LiveApiError) for outcome in outcomes)
    messages = {str(outcome) for outcome in outcomes}
    assert messages == {'IAM token request POST %s/v3/auth/tokens: HTTP 429 APIG.0308: throttled (request id iam-429)'
                        ' (gave up after 3 attempts)' % IAM}
    assert not any(outcome.retryable for outcome in outcomes)


def test_a_failed_token_request_is_final_for_later_requests():
    session = FakeSession([THROTTLED] * 3 + [issued('late-token')])
    auth, _transport = iam_over(session, retries=2)
    for _attempt in range(3):
        with pytest.raises(LiveApiError, match=r'HTTP 429 .*\(gave up after 3 attempts\)$'):
            auth.add_headers('GET', 'h', '/', [], {}, None)
    assert len(token_posts(session)) == 3


def test_the_request_needing_the_token_does_not_repeat_its_retries():
    session = FakeSession([THROTTLED] * 9)
    auth, transport = iam_over(session, retries=2)
    client = LiveClient('https://live.example.com', PROJECT, auth, transport)
    with pytest.raises(LiveApiError) as caught:
        client.list_relay_tasks(['cn-north-4', 'cn-east-3', 'cn-north-1'])
    assert len(session.sent) == 3 and len(token_posts(session)) == 3
    assert str(caught.value).count('gave up after') == 1


def test_a_token_request_that_succeeds_after_throttling_serves_every_request():
    session = FakeSession([THROTTLED, THROTTLED, issued('tok-1'), listing([{'task_id': 'a'}])])
    auth, transport = iam_over(session, retries=2)
    client = LiveClient('https://live.example.com', PROJECT, auth, transport)
    assert [task['task_id'] for task in client.list_relay_tasks()] == ['a']
    assert len(token_posts(session)) == 3
    assert session.sent[-1][2]['headers']['X-Auth-Token'] == 'tok-1'


def test_a_refused_password_is_sent_once_by_all_threads():
    refused = FakeAnswer(401, {'error': {'code': 401, 'message': 'The username or password is wrong.'}})
    session = FakeSession([refused] * THREADS)
    auth, _transport = iam_over(session, retries=4)
    outcomes = on_threads(lambda: auth.add_headers('GET', 'h', '/', [], {}, None))
    assert len(token_posts(session)) == 1
    assert {str(outcome) for outcome in outcomes} == {
        'IAM token request POST %s/v3/auth/tokens: HTTP 401: The username or password is wrong.' % IAM}
