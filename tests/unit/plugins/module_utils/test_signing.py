# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The client's AK/SK signature must equal the vendor SDK's, byte for byte."""

from __future__ import annotations

import pytest

from ansible_collections.hwcloud.live.plugins.module_utils.signing import canonical_uri, sign_request

sdk_signer = pytest.importorskip('huaweicloudsdkcore.signer.signer')
sdk_credentials = pytest.importorskip('huaweicloudsdkcore.auth.credentials')
sdk_request = pytest.importorskip('huaweicloudsdkcore.sdk_request')
hypothesis = pytest.importorskip('hypothesis')
st = hypothesis.strategies

AK = 'HPUAEXAMPLEAK0000000'
SK = 'exampleSecretKey0123456789abcdefghijklmn'
DATE = '20261125T101500Z'


def vendor_authorization(method, path, query, headers, body):
    """Sign with huaweicloudsdkcore's Signer and return its Authorization header."""
    request = sdk_request.SdkRequest(method=method, schema='https', host=headers['Host'], resource_path=path,
                                     query_params=[(k, list(v) if isinstance(v, list) else v) for k, v in query],
                                     header_params=dict(headers), body=body)
    signed = sdk_signer.Signer(sdk_credentials.BasicCredentials(AK, SK)).sign(request)
    return signed.header_params['Authorization']


def our_authorization(method, path, query, headers, body):
    return sign_request(method, path, query, dict(headers), body, AK, SK)


BASE_HEADERS = {'Host': 'live.cn-north-4.myhuaweicloud.com', 'X-Sdk-Date': DATE}

CASES = {
    'plain listing': ('GET', '/v1/0b2c9d0e/pull/stream/task', [('limit', '100'), ('offset', '0')], {}, b''),
    'unsorted query keys': ('GET', '/v1/p/pull/stream/task', [('task_id', 'abc'), ('region', 'cn-north-4'), ('limit', '1')], {}, b''),
    'repeated query keys': ('GET', '/v1/p/pull/stream/task', [('region', 'b'), ('a', '2'), ('region', 'a'), ('a', '1')], {}, b''),
    'list query value': ('GET', '/v1/p/x', [('ids', ['z', 'a', 'm'])], {}, b''),
    'unicode and reserved characters': ('GET', '/v1/p/流/task name', [('名', '值 &=+/~*'), ('empty', '')], {}, b''),
    'encoded path': ('GET', '/v1/p/a%20b/c', [], {}, b''),
    'no query, empty body': ('DELETE', '/v1/p/pull/stream/task', [], {}, b''),
    'json body': ('POST', '/v1/p/pull/stream/task', [], {'Content-Type': 'application/json; charset=UTF-8'},
                  '{"source_type": "PullLivePushLive", "stream_name": "直播"}'.encode('utf-8')),
    'put with body and query': ('PUT', '/v1/p/pull/stream/task', [('region', 'cn-east-3')], {'Content-Type': 'application/json'},
                                b'{"task_id": "t1", "status": "pause"}'),
    'security token and project id': ('GET', '/v1/p/pull/stream/task', [('limit', '100')],
                                      {'X-Security-Token': 'tmp-token==', 'X-Project-Id': 'p'}, b''),
    'underscore header is not signed': ('GET', '/v1/p/t', [], {'X_Custom': 'v', 'User-Agent': ' ua/1.0 '}, b''),
}


@pytest.mark.parametrize('case', sorted(CASES))
def test_signature_equals_vendor_sdk(case):
    method, path, query, extra, body = CASES[case]
    headers = dict(BASE_HEADERS, **extra)
    assert our_authorization(method, path, query, headers, body) == vendor_authorization(method, path, query, headers, body)


def test_signature_changes_with_secret_key():
    method, path, query, extra, body = CASES['plain listing']
    headers = dict(BASE_HEADERS, **extra)
    other = sign_request(method, path, query, dict(headers), body, AK, SK + 'x')
    assert other != our_authorization(method, path, query, headers, body)


def test_signing_without_date_header_is_refused():
    with pytest.raises(ValueError, match='X-Sdk-Date'):
        sign_request('GET', '/v1/p/t', [], {'Host': 'h'}, b'', AK, SK)


def test_canonical_uri_adds_trailing_slash_once():
    assert canonical_uri('/v1/p/pull/stream/task') == '/v1/p/pull/stream/task/'
    assert canonical_uri('/v1/p/') == '/v1/p/'


texts = st.text(alphabet=st.characters(blacklist_categories=('Cs',), blacklist_characters='\x00\r\n'), max_size=12)
path_segments = st.lists(texts.filter(lambda s: '%' not in s), min_size=1, max_size=4)


@hypothesis.settings(max_examples=200, deadline=None)
@hypothesis.given(method=st.sampled_from(['GET', 'POST', 'PUT', 'DELETE']), segments=path_segments,
                  query=st.lists(st.tuples(texts, texts), max_size=6), body=st.binary(max_size=64))
def test_random_requests_sign_like_vendor_sdk(method, segments, query, body):
    path = '/' + '/'.join(segments)
    headers = dict(BASE_HEADERS, **{'Content-Type': 'application/json'})
    assert our_authorization(method, path, query, headers, body) == vendor_authorization(method, path, query, headers, body)
