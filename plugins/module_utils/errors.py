# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one exception type of the Live API client, and parsing of the API's error bodies."""

from __future__ import annotations

import json

# Longest error_msg quoted from a response; an error body is never echoed whole.
MAX_MESSAGE_CHARS = 300


class LiveApiError(Exception):
    """Any failure of the Live API client: transport, HTTP status, bad response data or bad options.

    The message never carries a credential: callers build it from the request's
    method and path (never its headers) and from the parsed error fields.
    """

    def __init__(self, message: str, status: int | None = None, error_code: str | None = None,
                 error_msg: str | None = None, request_id: str | None = None, retryable: bool = False,
                 retry_after: float | None = None, server_time: float | None = None, result: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.error_code = error_code
        self.error_msg = error_msg
        self.request_id = request_id
        self.retryable = retryable
        self.retry_after = retry_after
        # The server's clock (its Date header, as a POSIX time) on a refused request, to tell clock skew apart.
        self.server_time = server_time
        # What a module returns with the failure besides the message, such as a task a failed recreate lost.
        self.result = dict(result or {})

    def __str__(self) -> str:
        return self.message

    def copy(self, message: str | None = None, retryable: bool | None = None, result: dict | None = None) -> LiveApiError:
        """A new error with this one's fields, its message, retryable flag or result replaced; an error raised is never changed."""
        return LiveApiError(self.message if message is None else message, status=self.status, error_code=self.error_code,
                            error_msg=self.error_msg, request_id=self.request_id,
                            retryable=self.retryable if retryable is None else retryable,
                            retry_after=self.retry_after, server_time=self.server_time,
                            result=self.result if result is None else result)

    def to_dict(self) -> dict:
        """The fields a module returns alongside its failure message."""
        return dict(self.result, http_status=self.status, error_code=self.error_code, error_msg=self.error_msg,
                    request_id=self.request_id)


def _one_line(text: str) -> str:
    flat = ' '.join(str(text).split())
    if len(flat) > MAX_MESSAGE_CHARS:
        flat = flat[:MAX_MESSAGE_CHARS] + '...'
    return flat


def parse_error_body(body: bytes) -> tuple[str | None, str | None, str | None]:
    """Return (error_code, error_msg, request_id) from any error body shape the Live API and its gateway use.

    Shapes: ``error_code``/``error_msg``, ``errorCode``/``errorMsg``, ``code``/``message``,
    and IAM's ``{"error": {"code", "message"}}``. Anything else yields (None, None, None).
    """
    try:
        data = json.loads(body.decode('utf-8'))
    except (ValueError, UnicodeDecodeError, AttributeError):
        return None, None, None
    if not isinstance(data, dict):
        return None, None, None
    if isinstance(data.get('error'), dict):
        data = data['error']
    code = data.get('error_code', data.get('errorCode', data.get('code')))
    msg = data.get('error_msg', data.get('errorMsg', data.get('message')))
    request_id = data.get('request_id')
    return (
        _one_line(code) if code is not None else None,
        _one_line(msg) if msg is not None else None,
        _one_line(request_id) if request_id is not None else None,
    )


def http_error(action: str, status: int, body: bytes, header_request_id: str | None, retryable: bool,
               retry_after: float | None = None, server_time: float | None = None) -> LiveApiError:
    """Build the error for a non-2xx answer: ``<action>: HTTP <status> <code>: <msg> (request id <id>)``."""
    code, msg, body_request_id = parse_error_body(body)
    request_id = header_request_id or body_request_id
    parts = ['%s: HTTP %d' % (action, status)]
    if code and code != str(status):
        parts.append(' %s' % code)
    if msg:
        parts.append(': %s' % msg)
    elif not code:
        parts.append(': %s' % describe_body(body))
    if request_id:
        parts.append(' (request id %s)' % request_id)
    return LiveApiError(''.join(parts), status=status, error_code=code, error_msg=msg,
                        request_id=request_id, retryable=retryable, retry_after=retry_after, server_time=server_time)


def describe_body(body: bytes) -> str:
    """Say what a body is without quoting it: a body may be huge, HTML, or carry data we must not print."""
    if not body:
        return 'empty response body'
    head = body[:64].lstrip().lower()
    kind = 'HTML' if head.startswith((b'<!doctype html', b'<html')) else 'non-JSON'
    return '%s response body (%d bytes)' % (kind, len(body))
