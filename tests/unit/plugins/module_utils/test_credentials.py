# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Explicit options beat the environment; credential values are checked without ever being quoted."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from ansible_collections.hwcloud.live.plugins.module_utils.credentials import check_value, resolve_credentials
from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError

METHODS = {
    'auth_token': {'auth_token': 'tok-1'},
    'access_key/secret_key': {'access_key': 'AK1', 'secret_key': 'SK1'},
    'username/password': {'username': 'u1', 'password': 'p1', 'domain_name': 'd1'},
}
OTHER_TOOL = {  # what another tool may have exported
    'auth_token': {'auth_token': 'env-tok'},
    'access_key/secret_key': {'access_key': 'ENVAK', 'secret_key': 'ENVSK', 'security_token': 'env-st'},
    'username/password': {'username': 'env-u', 'password': 'env-p', 'domain_name': 'env-d'},
}


@pytest.mark.parametrize('explicit_method', sorted(METHODS))
@pytest.mark.parametrize('ambient_method', sorted(METHODS))
def test_an_explicit_method_wins_over_any_method_in_the_environment(explicit_method, ambient_method):
    credentials = resolve_credentials(METHODS[explicit_method], OTHER_TOOL[ambient_method])
    assert credentials.method == explicit_method
    for name, value in METHODS[explicit_method].items():
        assert credentials.get(name) == value


def test_a_malformed_variable_of_a_method_not_used_is_ignored_and_one_that_is_used_is_refused():
    ambient = {'access_key': 'ENVAK', 'secret_key': 'ENVSK\n', 'security_token': ' env-st'}
    assert resolve_credentials({'auth_token': 'tok-1'}, ambient).method == 'auth_token'
    assert resolve_credentials({'access_key': 'AK1', 'secret_key': 'SK1'}, ambient).get('security_token') is None
    with pytest.raises(LiveApiError, match='^secret_key: the value has leading or trailing whitespace'):
        resolve_credentials({}, ambient)


def test_explicit_ak_sk_never_takes_a_security_token_from_the_environment():
    credentials = resolve_credentials(METHODS['access_key/secret_key'], {'security_token': 'env-st'})
    assert credentials.get('security_token') is None


def test_ak_sk_from_the_environment_keeps_its_security_token():
    credentials = resolve_credentials({}, OTHER_TOOL['access_key/secret_key'])
    assert (credentials.method, credentials.get('security_token')) == ('access_key/secret_key', 'env-st')


def test_a_required_option_the_explicit_method_lacks_comes_from_the_environment():
    credentials = resolve_credentials({'username': 'u1', 'password': 'p1'}, {'domain_name': 'env-d', 'auth_token': 'env-tok'})
    assert (credentials.method, credentials.get('domain_name')) == ('username/password', 'env-d')
    assert resolve_credentials({'access_key': 'AK1'}, {'secret_key': 'ENVSK'}).get('secret_key') == 'ENVSK'


@pytest.mark.parametrize('first, second', [('auth_token', 'access_key/secret_key'), ('auth_token', 'username/password'),
                                           ('access_key/secret_key', 'username/password')])
def test_two_methods_in_the_options_are_an_error_whatever_the_environment_holds(first, second):
    with pytest.raises(LiveApiError, match='^%s and %s are set together in the options' % (first, second)):
        resolve_credentials({**METHODS[first], **METHODS[second]}, {})


def test_two_methods_only_in_the_environment_are_an_error_naming_the_variables():
    with pytest.raises(LiveApiError) as raised:
        resolve_credentials({}, {**OTHER_TOOL['auth_token'], **OTHER_TOOL['access_key/secret_key']})
    assert str(raised.value).startswith('auth_token and access_key/secret_key are set together in the environment')
    assert 'HUAWEICLOUD_LIVE_AUTH_TOKEN' in str(raised.value) and 'HUAWEICLOUD_SDK_AK' in str(raised.value)


@pytest.mark.parametrize('explicit, environment, message', [
    ({}, {}, '^no credentials'),
    ({'security_token': 'st'}, {}, '^security_token is used only with access_key and secret_key'),
    ({'auth_token': 't', 'security_token': 'st'}, {}, '^security_token is used only with'),
    ({'access_key': 'AK'}, {}, '^secret_key is required with access_key for AK/SK authentication'),
    ({'username': 'u', 'password': 'p'}, {}, '^domain_name is required with username and password for IAM password'),
])
def test_incomplete_credentials_name_what_is_missing(explicit, environment, message):
    with pytest.raises(LiveApiError, match=message):
        resolve_credentials(explicit, environment)


SECRET = 'S3cr3t-Value-7f1c'


@pytest.mark.parametrize('name', ['auth_token', 'secret_key', 'security_token', 'access_key', 'project_id', 'password',
                                  'username', 'domain_name'])
@pytest.mark.parametrize('value, problem', [(SECRET + '\n', 'whitespace'), (' ' + SECRET, 'whitespace'),
                                            (SECRET[:4] + '\x00' + SECRET[4:], 'non-printable'),
                                            (SECRET[:4] + '\u202e' + SECRET[4:], 'non-printable')])
def test_a_malformed_value_is_refused_naming_the_option_and_never_quoting_it(name, value, problem):
    with pytest.raises(LiveApiError) as raised:
        check_value(name, value)
    message = str(raised.value)
    assert message.startswith(name + ': ') and problem in message
    assert SECRET[4:] not in message and SECRET[:4] not in message


@pytest.mark.parametrize('name', ['auth_token', 'secret_key', 'security_token', 'access_key', 'project_id'])
def test_non_ascii_is_refused_where_the_value_travels_in_a_header(name):
    with pytest.raises(LiveApiError, match='^%s: the value holds non-ASCII' % name):
        check_value(name, SECRET + 'é')


@pytest.mark.parametrize('name', ['password', 'username', 'domain_name'])
def test_non_ascii_is_fine_in_the_iam_request_body(name):
    check_value(name, '密码-' + SECRET)


@given(secret=st.text(min_size=6, max_size=40).filter(lambda text: text.strip() == text and text.isprintable()),
       bad=st.sampled_from(['\n', '\r\n', ' ', '\t', '\x7f', '\u2028', '\x1b']), at_end=st.booleans())
def test_no_malformed_token_is_ever_quoted(secret, bad, at_end):
    value = secret + bad if at_end else bad + secret
    with pytest.raises(LiveApiError) as raised:
        resolve_credentials({'auth_token': value}, {})
    assert secret not in str(raised.value) or secret in 'auth_token: the value has leading or trailing whitespace'


def test_the_fingerprint_tells_credentials_apart_and_holds_no_secret():
    token_a = resolve_credentials({'auth_token': SECRET}, {})
    token_b = resolve_credentials({'auth_token': SECRET + 'x'}, {})
    password = resolve_credentials({'username': 'u', 'password': SECRET, 'domain_name': 'd'}, {})
    wrong_password = resolve_credentials({'username': 'u', 'password': SECRET + '!', 'domain_name': 'd'}, {})
    prints = [credentials.fingerprint() for credentials in (token_a, token_b, password, wrong_password)]
    assert len(set(prints)) == 4
    assert token_a.fingerprint() == resolve_credentials({}, {'auth_token': SECRET}).fingerprint()
    assert all(SECRET not in fingerprint and len(fingerprint) == 64 for fingerprint in prints)
