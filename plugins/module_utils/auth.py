# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The three ways to authenticate to the Live API: a ready token, an IAM password exchange, AK/SK signing."""

from __future__ import annotations

import json
import threading

from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError
from ansible_collections.hwcloud.live.plugins.module_utils.signing import SDK_DATE_HEADER, sdk_date, sign_request


class TokenAuth:
    """A ready IAM token, sent as ``X-Auth-Token``."""

    kind = 'token'

    def __init__(self, token: str) -> None:
        self._token = token

    def add_headers(self, method: str, host: str, path: str, query, headers: dict, body: bytes | None) -> dict:
        headers['X-Auth-Token'] = self._token
        return headers

    def version(self) -> int:
        """Which credential a request is sent with; a fixed credential has one version only."""
        return 0

    def refresh(self, refused_version: int) -> bool:
        """A ready token cannot be renewed."""
        return False


class AkSkAuth:
    """Access key / secret key signing; temporary credentials add a signed ``X-Security-Token``."""

    kind = 'aksk'

    def __init__(self, access_key: str, secret_key: str, security_token: str | None = None,
                 project_id: str | None = None) -> None:
        self._access_key = access_key
        self._secret_key = secret_key
        self._security_token = security_token
        self._project_id = project_id

    def add_headers(self, method: str, host: str, path: str, query, headers: dict, body: bytes | None) -> dict:
        headers['Host'] = host
        headers[SDK_DATE_HEADER] = sdk_date()
        if self._project_id:
            headers['X-Project-Id'] = self._project_id
        if self._security_token:
            headers['X-Security-Token'] = self._security_token
        headers['Authorization'] = sign_request(method, path, query, headers, body, self._access_key, self._secret_key)
        return headers

    def version(self) -> int:
        return 0

    def refresh(self, refused_version: int) -> bool:
        return False


class IamPasswordAuth:
    """User name + password + domain name exchanged once for a project-scoped token, reused for the whole run.

    One token request is in flight at a time: requests that need the token meanwhile wait for its outcome
    and never send their own. A token request has its own retries; when it fails after them, the failure
    is final for the run: every request that needs the token gets the same error and the password is not
    sent again, by any thread. An expired or revoked token is renewed at most once per run: a second 401
    is final. Requests that were refused together with the old token are sent again with the new one,
    not renewed again.
    """

    kind = 'iam'

    def __init__(self, transport, iam_endpoint: str, username: str, password: str, domain_name: str,
                 project_id: str) -> None:
        self._transport = transport
        self._url = iam_endpoint.rstrip('/') + '/v3/auth/tokens'
        self._username = username
        self._password = password
        self._domain_name = domain_name
        self._project_id = project_id
        self._token = None
        self._version = 0
        self._renewed = False
        self._failure = None
        self._lock = threading.Lock()
        # Held for the whole token request, so the threads that need the token meanwhile wait for this one.
        self._exchange_lock = threading.Lock()

    def add_headers(self, method: str, host: str, path: str, query, headers: dict, body: bytes | None) -> dict:
        headers['X-Auth-Token'] = self._current_token()
        return headers

    def version(self) -> int:
        with self._lock:
            return self._version

    def refresh(self, refused_version: int) -> bool:
        """Whether to send a refused request again: True once per run, and for requests refused with an old token."""
        with self._lock:
            if self._failure is not None:
                return False
            if refused_version != self._version:
                return True
            if self._renewed or self._token is None:
                return False
            self._renewed = True
            self._token = None
            self._version += 1
            return True

    def _current_token(self) -> str:
        with self._exchange_lock:
            with self._lock:
                if self._failure is not None:
                    raise self._failure.copy()
                if self._token is not None:
                    return self._token
            try:
                token = self._request_token()
            except LiveApiError as error:
                # Not retryable: the token request has had its retries, and the request that needed it must not repeat them.
                failure = error.copy(retryable=False)
                with self._lock:
                    self._failure = failure
                raise failure.copy() from None
            with self._lock:
                self._token = token
            return token

    def _request_token(self) -> str:
        payload = {'auth': {
            'identity': {'methods': ['password'], 'password': {'user': {
                'name': self._username, 'password': self._password, 'domain': {'name': self._domain_name}}}},
            'scope': {'project': {'id': self._project_id}},
        }}
        body = json.dumps(payload).encode('utf-8')
        action = 'IAM token request POST %s' % self._url
        response = self._transport.send('POST', self._url, action,
                                        lambda: {'Content-Type': 'application/json;charset=UTF-8'}, body=body)
        token = response.headers.get('X-Subject-Token') or _header(response.headers, 'x-subject-token')
        if not token:
            raise LiveApiError('%s: HTTP %d without an X-Subject-Token header' % (action, response.status),
                               status=response.status, request_id=response.request_id)
        return token


def _header(headers: dict, name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None
