# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one retry policy: what is re-sent, how long it waits, and what the final error says."""

from __future__ import annotations

import json
import random

import pytest
import requests
import urllib3

from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError, parse_error_body
from ansible_collections.hwcloud.live.plugins.module_utils.transport import RetryPolicy, Transport, parse_retry_after
from ansible_collections.hwcloud.live.tests.unit.fake_http import FakeAnswer, FakeSession


def transport_for(script, retries=3):
    sleeps = []
    policy = RetryPolicy(retries=retries, sleep=sleeps.append, rng=random.Random(7))
    return Transport(FakeSession(script), 5.0, policy), sleeps


OK = FakeAnswer(200, {'request_id': 'r-ok', 'total': 0, 'task_infos': []})
THROTTLED = FakeAnswer(429, {'error_code': 'APIG.0308', 'error_msg': 'throttled', 'request_id': 'r-429'})


def send(transport, idempotent=True):
    return transport.send('GET', 'https://live.example/v1/p/pull/stream/task', 'GET /v1/p/pull/stream/task',
                          lambda: {'X-Auth-Token': 'secret-token-value'}, idempotent=idempotent)


@pytest.mark.parametrize('status', [429, 500, 502, 503, 504])
def test_retryable_status_is_sent_again(status):
    transport, sleeps = transport_for([FakeAnswer(status, {'error_code': 'X'}), OK])
    assert send(transport).request_id == 'r-ok'
    assert len(sleeps) == 1


@pytest.mark.parametrize('status', [400, 401, 403, 404])
def test_client_errors_are_never_retried(status):
    transport, sleeps = transport_for([FakeAnswer(status, {'error_code': 'APIGW.0301', 'error_msg': 'no'})])
    with pytest.raises(LiveApiError) as caught:
        send(transport)
    assert caught.value.status == status and sleeps == []


def test_retry_after_seconds_is_honoured():
    transport, sleeps = transport_for([FakeAnswer(429, {}, {'Retry-After': '7'}), OK])
    send(transport)
    assert sleeps == [7.0]


def test_backoff_grows_and_stays_under_the_cap():
    policy = RetryPolicy(retries=10, base_delay=0.5, max_delay=4.0, rng=random.Random(1))
    delays = [policy.delay(attempt, None) for attempt in range(1, 11)]
    assert all(0 <= delay <= 4.0 for delay in delays)
    assert max(delays[:2]) <= 1.0


def test_gives_up_after_retries_with_the_last_error():
    transport, sleeps = transport_for([THROTTLED] * 4, retries=3)
    with pytest.raises(LiveApiError) as caught:
        send(transport)
    assert len(sleeps) == 3
    assert str(caught.value) == ('GET /v1/p/pull/stream/task: HTTP 429 APIG.0308: throttled (request id r-429)'
                                 ' (gave up after 4 attempts)')


def test_connection_reset_is_retried_for_reads():
    transport, _sleeps = transport_for([requests.exceptions.ConnectionError('Connection reset by peer'), OK])
    assert send(transport).status == 200


def test_read_timeout_of_a_create_is_not_retried():
    transport, sleeps = transport_for([requests.exceptions.ReadTimeout('read timed out'), OK])
    with pytest.raises(LiveApiError, match='no response within 5.0s'):
        send(transport, idempotent=False)
    assert sleeps == []


def test_500_of_a_create_is_not_retried_but_429_is():
    transport, _sleeps = transport_for([FakeAnswer(500, {}), OK])
    with pytest.raises(LiveApiError):
        send(transport, idempotent=False)
    transport, _sleeps = transport_for([THROTTLED, OK])
    assert send(transport, idempotent=False).status == 200


@pytest.mark.parametrize('body, described', [
    (b'', 'empty response body'),
    (b'<html><body>Bad gateway</body></html>', 'HTML response body (37 bytes)'),
    (b'{"task_infos": [', 'non-JSON response body (16 bytes)'),
])
def test_unreadable_success_body_is_described_not_quoted(body, described):
    transport, _sleeps = transport_for([FakeAnswer(200, body, {'X-Request-Id': 'r-1'})])
    if not body:
        assert send(transport).data is None
        return
    with pytest.raises(LiveApiError) as caught:
        send(transport)
    assert str(caught.value) == 'GET /v1/p/pull/stream/task: HTTP 200 with a %s (request id r-1)' % described


def test_error_messages_never_hold_the_token():
    transport, _sleeps = transport_for([FakeAnswer(401, {'error_code': 'APIGW.0301', 'error_msg': 'Incorrect token'})])
    with pytest.raises(LiveApiError) as caught:
        send(transport)
    assert 'secret-token-value' not in str(caught.value)


@pytest.mark.parametrize('body', [
    {'error_code': 'E1', 'error_msg': 'm', 'request_id': 'r'},
    {'errorCode': 'E1', 'errorMsg': 'm', 'request_id': 'r'},
    {'code': 'E1', 'message': 'm', 'request_id': 'r'},
    {'error': {'code': 'E1', 'message': 'm'}, 'request_id': 'r'},
])
def test_every_error_body_shape_is_parsed(body):
    code, message, _request_id = parse_error_body(json.dumps(body).encode())
    assert (code, message) == ('E1', 'm')


def test_retry_after_as_http_date():
    assert parse_retry_after('Wed, 21 Oct 2015 07:28:10 GMT', now=1445412480.0) == 10.0
    assert parse_retry_after('soon') is None


def test_a_refused_connection_is_retried_even_for_a_create():
    refused = requests.exceptions.ConnectionError(
        urllib3.exceptions.MaxRetryError(None, '/', urllib3.exceptions.NewConnectionError(None, 'Connection refused')))
    transport, sleeps = transport_for([refused, OK])
    assert send(transport, idempotent=False).status == 200
    assert len(sleeps) == 1


@pytest.mark.parametrize('verify', [True, False, '/etc/ssl/custom-ca.pem'])
def test_the_certificate_setting_goes_with_every_request(verify):
    """requests lets REQUESTS_CA_BUNDLE override a session's verify; passing it per request keeps the options in force."""
    session = FakeSession([THROTTLED, OK], verify=verify)
    Transport(session, 5.0, RetryPolicy(retries=1, sleep=lambda _s: None)).send(
        'GET', 'https://live.example/v1/p/pull/stream/task', 'GET /v1/p/pull/stream/task', dict)
    assert [kwargs['verify'] for _method, _url, kwargs in session.sent] == [verify, verify]


class RecordingSession(requests.Session):
    """A real requests.Session (its own header checks, http.client's encoding) that counts what it is asked to send."""

    def __init__(self):
        super().__init__()
        self.trust_env = False
        self.calls = 0

    def request(self, *args, **kwargs):
        self.calls += 1
        return super().request(*args, **kwargs)


HEADER_SECRET = 'tok-S3CRET-4f9a'
INVALID_HEADER = ('GET /v1/p/pull/stream/task: not sent: a request header value is invalid (a line break, a leading or'
                  ' trailing space, or a character HTTP headers cannot carry); check the credential options')


def assert_invalid_header_error(caught):
    error = caught.value
    assert str(error) == INVALID_HEADER
    assert HEADER_SECRET not in repr(error.args) and not error.retryable
    assert error.__context__ is None and error.__cause__ is None  # the refused value does not travel with it


@pytest.mark.parametrize('value', [HEADER_SECRET + '\n', ' ' + HEADER_SECRET, HEADER_SECRET + '\r\nX-Injected: 1',
                                   HEADER_SECRET + '\u20ac'],
                         ids=['trailing-newline', 'leading-space', 'header-injection', 'beyond-latin-1'])
def test_an_invalid_header_value_is_one_final_error_that_never_shows_it(value):
    # Port 9 (discard) is never reached: the value is refused before any connection is made.
    session = RecordingSession()
    sleeps = []
    transport = Transport(session, 5.0, RetryPolicy(retries=4, sleep=sleeps.append))
    with pytest.raises(LiveApiError) as caught:
        transport.send('GET', 'http://127.0.0.1:9/v1/p/pull/stream/task', 'GET /v1/p/pull/stream/task',
                       lambda: {'X-Auth-Token': value})
    assert_invalid_header_error(caught)
    assert session.calls == 1 and sleeps == []


@pytest.mark.parametrize('refusal', [
    ValueError('Invalid header value %r' % (HEADER_SECRET + '\n').encode()),
    UnicodeEncodeError('latin-1', HEADER_SECRET + '\u20ac', len(HEADER_SECRET), len(HEADER_SECRET) + 1,
                       'ordinal not in range(256)'),
], ids=['http.client-ValueError', 'UnicodeEncodeError'])
def test_http_client_refusing_a_header_is_the_same_final_error(refusal):
    transport, sleeps = transport_for([refusal, OK])
    with pytest.raises(LiveApiError) as caught:
        send(transport)
    assert_invalid_header_error(caught)
    assert len(transport.session.sent) == 1 and sleeps == []


def test_an_error_while_building_headers_is_not_retried():
    """A token request that failed after its own retries must not be repeated by the request that needed it."""
    calls = []

    def failing_headers():
        calls.append(1)
        raise LiveApiError('IAM token request POST https://iam.example/v3/auth/tokens: HTTP 429 (gave up after 3 attempts)',
                           status=429, retryable=True)

    transport, sleeps = transport_for([OK])
    with pytest.raises(LiveApiError) as caught:
        transport.send('GET', 'https://live.example/v1/p/pull/stream/task', 'GET /v1/p/pull/stream/task', failing_headers)
    assert str(caught.value).count('gave up after') == 1
    assert calls == [1] and sleeps == [] and transport.session.sent == []
