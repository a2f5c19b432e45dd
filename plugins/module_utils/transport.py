# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTTP for the client: one pooled requests.Session and the collection's one retry policy."""

from __future__ import annotations

import email.utils
import json
import random
import ssl
import time
import warnings
from dataclasses import dataclass, field

from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError, describe_body, http_error

try:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.exceptions import InsecureRequestWarning
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # the import sanity test loads this file without requests
    requests = None
    HTTPAdapter = None
    InsecureRequestWarning = None
    REQUESTS_IMPORT_ERROR = exc

RETRYABLE_STATUSES = frozenset((429, 500, 502, 503, 504))
# A throttled or unavailable answer means the request was not carried out, so even a create may be sent again.
RETRYABLE_FOR_ANY_METHOD = frozenset((429, 503))


@dataclass
class RetryPolicy:
    """Exponential backoff with full jitter, honouring Retry-After; ``retries`` is the number of re-sends."""

    retries: int = 4
    base_delay: float = 0.5
    max_delay: float = 30.0
    sleep: object = field(default=time.sleep, repr=False)
    rng: random.Random = field(default_factory=random.Random, repr=False)

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """Seconds to wait before re-send number ``attempt`` (1-based)."""
        backoff = self.rng.uniform(0, min(self.max_delay, self.base_delay * (2 ** (attempt - 1))))
        if retry_after is not None:
            return min(self.max_delay, max(retry_after, backoff))
        return backoff


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header given as seconds or as an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    moment = parse_http_date(value)
    if moment is None:
        return None
    return max(0.0, moment - (time.time() if now is None else now))


def parse_http_date(value: str | None) -> float | None:
    """A Date header as a POSIX time; None when absent or unreadable."""
    try:
        moment = email.utils.parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError, IndexError):
        return None
    return moment.timestamp() if moment is not None else None


@dataclass
class Response:
    """A successful answer: parsed JSON body, the request id and the response headers."""

    status: int
    data: object
    request_id: str | None
    headers: dict
    action: str = ''


def require_requests() -> None:
    if REQUESTS_IMPORT_ERROR is not None:
        raise LiveApiError("the Python library 'requests' is required by hwcloud.live; install it with 'pip install requests'"
                           " (import error: %s)" % REQUESTS_IMPORT_ERROR)


def new_session(pool_size: int, validate_certs: bool = True, ca_path: str | None = None):
    """A requests.Session whose connection pool holds ``pool_size`` connections per host and retries nothing itself."""
    require_requests()
    session = requests.Session()
    adapter = HTTPAdapter(pool_connections=4, pool_maxsize=pool_size, max_retries=0)
    session.mount('https://', adapter)
    session.mount('http://', adapter)
    session.verify = ca_path if (validate_certs and ca_path) else validate_certs
    if not validate_certs:
        # The caller warns once, as Ansible warns; urllib3 would print its own warning on stderr for every host.
        warnings.filterwarnings('ignore', category=InsecureRequestWarning)
    return session


class Transport:
    """Sends one logical request, re-sending it under the retry policy; raises LiveApiError for any failure."""

    def __init__(self, session, timeout: float, policy: RetryPolicy) -> None:
        self.session = session
        self.timeout = timeout
        self.policy = policy

    def send(self, method: str, url: str, action: str, build_headers, body: bytes | None = None,
             idempotent: bool = True, accept_error=None) -> Response:
        """Send until success or a final failure.

        ``build_headers()`` is called for every attempt (a signature carries the time of sending); an error it raises
        (an IAM token request that failed after its own retries) is final and never retried here.
        ``action`` names the request in error messages ("GET /v1/.../pull/stream/task"); it must hold no secret.
        ``accept_error(error)`` says whether an error answer is an expected one, returned instead of raised
        (the document's 404 that means "no such task").
        """
        attempt = 0
        while True:
            headers = build_headers()
            try:
                return self._send_once(method, url, action, headers, body, idempotent, accept_error)
            except LiveApiError as error:
                if not error.retryable or attempt >= self.policy.retries:
                    if error.retryable and attempt:
                        raise error.copy(message='%s (gave up after %d attempts)' % (error.message, attempt + 1)) from None
                    raise
                attempt += 1
                self.policy.sleep(self.policy.delay(attempt, error.retry_after))

    def _send_once(self, method, url, action, headers, body, idempotent, accept_error) -> Response:
        refused_header = False
        try:
            # verify is passed on every request: requests lets REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE in the environment
            # override the session's own setting, so ca_path and validate_certs=false would otherwise be ignored.
            answer = self.session.request(method, url, headers=headers, data=body, timeout=self.timeout, allow_redirects=False,
                                          verify=self.session.verify)
        except requests.exceptions.InvalidHeader:
            # Its text quotes the header value, which is a credential more often than not.
            refused_header = True
        except requests.exceptions.ConnectTimeout:
            raise LiveApiError('%s: connection timed out after %ss' % (action, self.timeout), retryable=True)
        except requests.exceptions.SSLError as exc:
            raise LiveApiError('%s: TLS error: %s' % (action, _tls_reason(exc)))
        except requests.exceptions.ConnectionError as exc:
            raise LiveApiError('%s: connection failed: %s' % (action, _first_line(exc)),
                               retryable=idempotent or _never_connected(exc))
        except requests.exceptions.Timeout:
            raise LiveApiError('%s: no response within %ss' % (action, self.timeout), retryable=idempotent)
        except requests.exceptions.RequestException as exc:
            raise LiveApiError('%s: request failed: %s' % (action, _first_line(exc)), retryable=idempotent)
        except ValueError:
            # http.client refuses a header value or request line it cannot encode (UnicodeEncodeError beyond Latin-1,
            # ValueError for a line break); neither reaches the server, and both quote the value.
            refused_header = True
        if refused_header:
            # Raised outside the except clause, so the refused value is not chained to the error as its context.
            raise LiveApiError('%s: not sent: a request header value is invalid (a line break, a leading or trailing'
                               ' space, or a character HTTP headers cannot carry); check the credential options'
                               % action)
        return self._read(answer, action, idempotent, accept_error)

    def _read(self, answer, action, idempotent, accept_error) -> Response:
        status = answer.status_code
        request_id = answer.headers.get('X-Request-Id')
        try:
            content = answer.content
        except requests.exceptions.RequestException as exc:
            raise LiveApiError('%s: HTTP %d, reading the body failed: %s' % (action, status, _first_line(exc)),
                               status=status, request_id=request_id, retryable=idempotent)
        if status >= 400:
            retryable = status in (RETRYABLE_FOR_ANY_METHOD if not idempotent else RETRYABLE_STATUSES)
            error = http_error(action, status, content, request_id, retryable,
                               retry_after=parse_retry_after(answer.headers.get('Retry-After')),
                               server_time=parse_http_date(answer.headers.get('Date')))
            if accept_error is None or not accept_error(error):
                raise error
            return Response(status=status, data=None, request_id=error.request_id, headers=dict(answer.headers),
                            action=action)
        if status >= 300:
            raise LiveApiError('%s: unexpected HTTP %d redirect' % (action, status), status=status, request_id=request_id)
        try:
            data = json.loads(content.decode('utf-8')) if content else None
        except (ValueError, UnicodeDecodeError):
            raise LiveApiError('%s: HTTP %d with a %s%s' % (action, status, describe_body(content),
                                                            ' (request id %s)' % request_id if request_id else ''),
                               status=status, request_id=request_id)
        if request_id is None and isinstance(data, dict) and isinstance(data.get('request_id'), str):
            request_id = data['request_id']
        return Response(status=status, data=data, request_id=request_id, headers=dict(answer.headers), action=action)


def _never_connected(exc: Exception) -> bool:
    """True when the connection was never made (refused, no route, no such host): the server saw nothing."""
    reason = getattr(exc.args[0], 'reason', None) if exc.args else None
    return type(reason).__name__ in ('NewConnectionError', 'NameResolutionError')


def _tls_reason(exc: Exception) -> str:
    """What the TLS layer said, found in the exceptions requests and urllib3 wrap around it, with what to do."""
    pending, seen = [exc], set()
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError):
            return ('certificate verify failed: %s; set ca_path to the CA bundle that signed it, or validate_certs to false'
                    % (current.verify_message or current.reason))
        if isinstance(current, ssl.SSLError) and not isinstance(current, requests.exceptions.SSLError):
            return _first_line(current.reason or current)
        pending.extend(item for item in (*current.args, getattr(current, 'reason', None), current.__cause__, current.__context__)
                       if isinstance(item, BaseException))
    return _first_line(exc)


def _first_line(exc: Exception) -> str:
    """An exception's text on one line and short; urllib3 messages can be long and nested."""
    text = ' '.join(str(exc).split())
    return text if len(text) <= 200 else text[:200] + '...'
