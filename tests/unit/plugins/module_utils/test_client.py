# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Building the client from plain values, choosing the authentication, and checking listing answers."""

from __future__ import annotations

import email.utils
import random
import time
from urllib.parse import parse_qsl, urlsplit

import pytest

from ansible_collections.hwcloud.live.plugins.module_utils.auth import AkSkAuth, IamPasswordAuth, TokenAuth
from ansible_collections.hwcloud.live.plugins.module_utils.client import LiveClient, build_client
from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError
from ansible_collections.hwcloud.live.plugins.module_utils.transport import RetryPolicy, Transport
from ansible_collections.hwcloud.live.tests.unit.fake_http import FakeAnswer, FakeSession

PROJECT = '0b2c9d0e4f6a4b7c8d9e0f1a2b3c4d5e'


def listing(tasks, total=None, request_id='r-1'):
    return FakeAnswer(200, {'request_id': request_id, 'total': len(tasks) if total is None else total, 'task_infos': tasks},
                      {'X-Request-Id': request_id})


def client_with(script, auth=None):
    session = FakeSession(script)
    transport = Transport(session, 5.0, RetryPolicy(retries=2, sleep=lambda _s: None, rng=random.Random(1)))
    return LiveClient('https://live.example.com', PROJECT, auth or TokenAuth('tok-secret'), transport), session


@pytest.mark.parametrize('options, message', [
    ({}, 'project_id is required'),
    ({'project_id': PROJECT}, 'endpoint or region is required'),
    ({'project_id': PROJECT, 'region': 'cn-north-4'}, 'no credentials'),
    ({'project_id': PROJECT, 'region': 'cn/north'}, 'region:'),
    ({'project_id': PROJECT, 'endpoint': 'ftp://x', 'auth_token': 't'}, 'endpoint:'),
    ({'project_id': PROJECT, 'region': 'cn-north-4', 'access_key': 'AK'}, 'secret_key is required'),
    ({'project_id': PROJECT, 'region': 'cn-north-4', 'username': 'u', 'password': 'p'}, 'domain_name is required'),
    ({'project_id': PROJECT, 'endpoint': 'http://127.0.0.1:1', 'username': 'u', 'password': 'p', 'domain_name': 'd'},
     'iam_endpoint or region is required'),
    ({'project_id': PROJECT, 'region': 'cn-north-4', 'auth_token': 't', 'timeout': 0}, 'timeout must be'),
    ({'project_id': PROJECT, 'region': 'cn-north-4', 'auth_token': 't', 'retries': -1}, 'retries must be'),
])
def test_bad_options_name_the_option(options, message):
    with pytest.raises(LiveApiError, match=message):
        build_client(**options)


@pytest.mark.parametrize('options, kind', [
    ({'auth_token': 't', 'domain_name': 'd'}, TokenAuth),
    ({'access_key': 'a', 'secret_key': 's', 'security_token': 'st', 'domain_name': 'd'}, AkSkAuth),
    ({'username': 'u', 'password': 'p', 'domain_name': 'd'}, IamPasswordAuth),
])
def test_each_authentication_method_alone(options, kind):
    client = build_client(project_id=PROJECT, region='cn-north-4', **options)
    assert isinstance(client.auth, kind)
    assert client.endpoint == 'https://live.cn-north-4.myhuaweicloud.com'


@pytest.mark.parametrize('options, message', [
    ({'auth_token': 't', 'access_key': 'a', 'secret_key': 's'}, '^auth_token and access_key/secret_key are set together'),
    ({'auth_token': 't', 'username': 'u'}, '^auth_token and username/password are set together'),
    ({'secret_key': 's', 'password': 'p', 'domain_name': 'd'}, '^access_key/secret_key and username/password are set together'),
    ({'auth_token': 't', 'access_key': 'a', 'secret_key': 's', 'username': 'u', 'password': 'p'},
     '^auth_token, access_key/secret_key and username/password are set together'),
    ({'auth_token': 't', 'security_token': 'st'}, '^security_token is used only with access_key and secret_key'),
])
def test_two_authentication_methods_at_once_are_an_error(options, message):
    with pytest.raises(LiveApiError, match=message):
        build_client(project_id=PROJECT, region='cn-north-4', **options)


def test_unverified_certificates_are_warned_about_naming_the_hosts():
    warnings = []
    build_client(project_id=PROJECT, endpoint='https://live.example.com', iam_endpoint='https://iam.example.com',
                 username='u', password='p', domain_name='d', validate_certs=False, warn=warnings.append)
    build_client(project_id=PROJECT, endpoint='https://live.example.com', auth_token='t', warn=warnings.append)
    assert warnings == ['validate_certs is false: the TLS certificate of iam.example.com, live.example.com is not verified']


def test_aksk_requests_carry_a_signature_over_host_and_date():
    client, session = client_with([listing([])], auth=AkSkAuth('AKEXAMPLE', 'SKEXAMPLE', security_token='st', project_id=PROJECT))
    client.list_relay_tasks()
    headers = session.sent[0][2]['headers']
    assert headers['Host'] == 'live.example.com'
    assert headers['Authorization'].startswith('SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=host;x-project-id;x-sdk-date;x-security-token, ')
    assert 'SKEXAMPLE' not in repr(session.sent)


def test_listing_asks_100_per_page_and_passes_region():
    client, session = client_with([listing([{'task_id': 'a', 'region': 'cn-east-3'}])])
    tasks = client.list_relay_tasks(['cn-east-3'])
    assert [task['task_id'] for task in tasks] == ['a']
    assert session.sent[0][1] == 'https://live.example.com/v1/%s/pull/stream/task?offset=0&limit=100&region=cn-east-3' % PROJECT


def test_listed_tasks_have_every_documented_field():
    client, _session = client_with([listing([{'task_id': 'a', 'unexpected': 'x', 'ansible_connection': 'ssh'}])])
    task = client.list_relay_tasks()[0]
    assert 'ansible_connection' not in task and 'unexpected' not in task
    assert task['source_urls'] is None and len(task) == 21


@pytest.mark.parametrize('body, message', [
    ({'total': 1}, 'task_infos is missing'),
    ({'total': 1, 'task_infos': None}, 'task_infos is null, not a list'),
    ({'total': 1, 'task_infos': {}}, 'task_infos is an object, not a list'),
    ({'task_infos': []}, 'total is missing'),
    ({'total': '3', 'task_infos': []}, 'total is not a non-negative integer'),
    ([], 'the response is a list, not an object'),
    ({'total': 1, 'task_infos': [{'task_id': 'a', 'source_urls': 'rtmp://x'}]}, "task 'a': field source_urls must be a list of strings"),
    ({'total': 1, 'task_infos': [{'status': 'running'}]}, 'has no task_id'),
])
def test_malformed_listing_is_a_typed_error_with_status_and_request_id(body, message):
    client, _session = client_with([FakeAnswer(200, body, {'X-Request-Id': 'req-9'})])
    with pytest.raises(LiveApiError, match=message) as caught:
        client.list_relay_tasks()
    assert 'HTTP 200' in str(caught.value)


def test_get_relay_tasks_reports_missing_ids():
    client, session = client_with([listing([{'task_id': 'a'}]), FakeAnswer(404, {'error_code': 'LIVE.100011001'})])
    found, missing = client.get_relay_tasks(['a', 'b'])
    assert [task['task_id'] for task in found] == ['a'] and missing == ['b']
    assert session.sent[0][1].endswith('?task_id=a')


class CountingIam(IamPasswordAuth):
    def __init__(self):
        super().__init__(None, 'https://iam.example.com', 'u', 'p', 'd', PROJECT)
        self.issued = 0

    def _request_token(self):
        self.issued += 1
        return 'token-%d' % self.issued


def test_iam_token_is_renewed_once_and_a_second_401_is_final():
    expired = FakeAnswer(401, {'error_code': 'APIGW.0301', 'error_msg': 'The token must be updated.'})
    auth = CountingIam()
    client, session = client_with([expired, listing([]), expired, expired], auth=auth)
    assert client.list_relay_tasks() == []
    with pytest.raises(LiveApiError, match='HTTP 401'):
        client.list_relay_tasks()
    assert auth.issued == 2
    assert [call[2]['headers']['X-Auth-Token'] for call in session.sent] == ['token-1', 'token-2', 'token-2']


def test_a_refused_password_is_not_sent_again():
    refused = FakeAnswer(401, {'error': {'code': 401, 'message': 'The username or password is wrong.'}})
    session = FakeSession([refused, refused])
    transport = Transport(session, 5.0, RetryPolicy(retries=2, sleep=lambda _s: None))
    auth = IamPasswordAuth(transport, 'https://iam.example.com', 'u', 'pw-s3cret', 'd', PROJECT)
    client = LiveClient('https://live.example.com', PROJECT, auth, transport)
    with pytest.raises(LiveApiError) as caught:
        client.list_relay_tasks()
    assert str(caught.value) == ('IAM token request POST https://iam.example.com/v3/auth/tokens: HTTP 401:'
                                 ' The username or password is wrong.')
    assert len(session.sent) == 1


@pytest.mark.parametrize('options, verify', [
    ({}, True),
    ({'validate_certs': False}, False),
    ({'ca_path': '/etc/ssl/custom.pem'}, '/etc/ssl/custom.pem'),
    ({'validate_certs': False, 'ca_path': '/etc/ssl/custom.pem'}, False),
])
def test_certificate_verification_follows_the_options(options, verify):
    client = build_client(project_id=PROJECT, region='cn-north-4', auth_token='t', **options)
    assert client.transport.session.verify == verify


def test_requests_refused_with_the_old_token_are_sent_again_without_a_second_renewal():
    auth = CountingIam()
    refused_version = auth.version()
    assert auth.add_headers('GET', 'h', '/', [], {}, None)['X-Auth-Token'] == 'token-1'
    assert auth.refresh(refused_version) is True
    assert auth.refresh(refused_version) is True  # a concurrent request refused with token-1
    assert auth.add_headers('GET', 'h', '/', [], {}, None)['X-Auth-Token'] == 'token-2'
    assert auth.refresh(auth.version()) is False
    assert auth.issued == 2


def test_a_refused_password_fails_later_requests_without_sending_it():
    refused = FakeAnswer(401, {'error': {'code': 401, 'message': 'The username or password is wrong.'}})
    session = FakeSession([refused])
    auth = IamPasswordAuth(Transport(session, 5.0, RetryPolicy(retries=2, sleep=lambda _s: None)),
                           'https://iam.example.com', 'u', 'pw-s3cret', 'd', PROJECT)
    for _attempt in range(3):
        with pytest.raises(LiveApiError, match='HTTP 401: The username or password is wrong'):
            auth.add_headers('GET', 'h', '/', [], {}, None)
    assert len(session.sent) == 1


@pytest.mark.parametrize('auth, offset, hint', [
    (AkSkAuth('AK', 'SK-s3cret'), -3600, 'the local clock is 60 minutes ahead of the server'),
    (AkSkAuth('AK', 'SK-s3cret'), 1200, 'the local clock is 20 minutes behind the server'),
    (AkSkAuth('AK', 'SK-s3cret'), 30, None),
    (TokenAuth('tok-secret'), -3600, None),
])
def test_a_refused_signature_names_clock_skew(auth, offset, hint):
    refused = FakeAnswer(401, {'error_code': 'APIGW.0301', 'error_msg': 'Incorrect IAM authentication information'},
                         {'Date': email.utils.formatdate(time.time() + offset, usegmt=True)})
    client, _session = client_with([refused], auth=auth)
    with pytest.raises(LiveApiError) as caught:
        client.list_relay_tasks()
    assert (hint in str(caught.value)) if hint else ('clock' not in str(caught.value))
    assert 'SK-s3cret' not in str(caught.value)


class PagedSession(FakeSession):
    """Answers listing requests from the offset, limit and region in their URL, as the API does (thread-safe enough)."""

    def __init__(self, tasks):
        super().__init__([])
        self.by_region = {None: tasks}
        for task in tasks:
            self.by_region.setdefault(task['region'], []).append(task)

    def request(self, method, url, **kwargs):
        self.sent.append((method, url, kwargs))
        query = dict(parse_qsl(urlsplit(url).query))
        matching = self.by_region.get(query.get('region'), [])
        offset, limit = int(query['offset']), int(query['limit'])
        return listing(matching[offset:offset + limit], total=len(matching))


def paged_client(tasks, warnings):
    session = PagedSession(tasks)
    transport = Transport(session, 5.0, RetryPolicy(retries=0, sleep=lambda _s: None))
    return LiveClient('https://live.example.com', PROJECT, TokenAuth('tok-secret'), transport, warn=warnings.append), session


def many_tasks(count, region='cn-north-4'):
    return [{'task_id': '%s-%05d' % (region, number), 'region': region} for number in range(count)]


@pytest.mark.parametrize('total', [10001, 1000000, -1])
def test_a_total_outside_the_documented_range_is_malformed_and_plans_no_page(total):
    client, session = client_with([listing([{'task_id': 'a'}], total=total, request_id='req-9')] * 2)
    with pytest.raises(LiveApiError) as caught:
        client.list_relay_tasks()
    assert str(caught.value) == ('GET /v1/%s/pull/stream/task?offset=0&limit=100: HTTP 200: total is %d, outside 0 to'
                                 ' 10000 (request id req-9)' % (PROJECT, total))
    assert len(session.sent) == 1


def test_a_listing_of_exactly_ten_thousand_tasks_warns_once_that_the_count_may_be_capped():
    warnings = []
    client, session = paged_client(many_tasks(10000), warnings)
    assert len(client.list_relay_tasks()) == 10000
    assert len(session.sent) == 101
    assert warnings == ['listing relay tasks: the API counts exactly 10000 tasks, the most its document allows; it may cap'
                        ' the count at 10000 and leave tasks out, so list by region (option regions) to split the listing']


def test_the_capped_count_warning_names_each_region_that_reaches_it():
    warnings = []
    client, _session = paged_client(many_tasks(10000) + many_tasks(9999, 'cn-east-3') + many_tasks(10000, 'cn-north-1'),
                                    warnings)
    assert len(client.list_relay_tasks(['cn-north-4', 'cn-east-3', 'cn-north-1'])) == 29999
    assert [text.split(':')[0] for text in warnings] == ['listing relay tasks in region cn-north-4',
                                                         'listing relay tasks in region cn-north-1']


def test_fewer_than_ten_thousand_tasks_are_not_warned_about():
    warnings = []
    client, _session = paged_client(many_tasks(9999), warnings)
    assert len(client.list_relay_tasks()) == 9999
    assert warnings == []


def test_null_task_infos_with_a_total_of_zero_is_an_empty_page():
    client, _session = client_with([FakeAnswer(200, {'request_id': 'r', 'total': 0, 'task_infos': None})])
    assert client.list_relay_tasks() == []


NOT_FOUND = FakeAnswer(404, {'error_code': 'LIVE.100011001', 'error_msg': 'Request Illegal', 'request_id': 'r-404'})
GATEWAY_404 = FakeAnswer(404, {'error_code': 'APIG.0101', 'request_id': 'r-gw',
                               'error_msg': 'The API does not exist or has not been published in the environment'})


def test_the_documents_404_means_no_such_task():
    client, _session = client_with([NOT_FOUND, NOT_FOUND])
    assert client.get_relay_tasks(['b']) == ([], ['b'])
    assert client.delete_relay_task('b') is False


@pytest.mark.parametrize('answer, line', [
    (GATEWAY_404, 'HTTP 404 APIG.0101: The API does not exist or has not been published in the environment (request id r-gw)'),
    (FakeAnswer(404, b'<html><body>Not Found</body></html>'), 'HTTP 404: HTML response body (35 bytes)'),
    (FakeAnswer(404, b''), 'HTTP 404: empty response body'),
    (FakeAnswer(404, {'error_code': 'LIVE.100011002', 'error_msg': 'other'}), 'HTTP 404 LIVE.100011002: other'),
], ids=['gateway', 'html', 'empty', 'other-code'])
def test_any_other_404_is_an_error_not_a_missing_task(answer, line):
    client, _session = client_with([answer, answer])
    with pytest.raises(LiveApiError) as caught:
        client.get_relay_tasks(['b'])
    assert str(caught.value) == 'GET /v1/%s/pull/stream/task?task_id=b: %s' % (PROJECT, line)
    with pytest.raises(LiveApiError) as caught:
        client.delete_relay_task('b')
    assert str(caught.value) == 'DELETE /v1/%s/pull/stream/task?task_id=b: %s' % (PROJECT, line)
