# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""AK/SK request signing, ``SDK-HMAC-SHA256``, computed the way the vendor SDK's Signer computes it."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timezone
from urllib.parse import quote, unquote

SIGNING_ALGORITHM = 'SDK-HMAC-SHA256'
SDK_DATE_HEADER = 'X-Sdk-Date'
SDK_DATE_FORMAT = '%Y%m%dT%H%M%SZ'
CONTENT_SHA256_HEADER = 'X-Sdk-Content-Sha256'
EMPTY_BODY_SHA256 = hashlib.sha256(b'').hexdigest()


def sdk_date(now: datetime | None = None) -> str:
    """The ``X-Sdk-Date`` value for a moment (default: now), always in UTC."""
    moment = now or datetime.now(timezone.utc)
    return moment.astimezone(timezone.utc).strftime(SDK_DATE_FORMAT)


def _encode(text: str) -> str:
    return quote(text, safe='~')


def canonical_uri(path: str) -> str:
    """Each path segment percent-encoded once, with a trailing ``/`` added for signing only."""
    uri = '/'.join(_encode(segment) for segment in unquote(path).split('/'))
    return uri if uri.endswith('/') else uri + '/'


def canonical_query_string(query) -> str:
    """Query pairs sorted by raw key then raw value; list values expand to one pair per item, sorted."""
    pairs = []
    for key, value in sorted(query):
        name = _encode(key)
        if isinstance(value, list):
            pairs.extend('%s=%s' % (name, _encode(str(item))) for item in sorted(value))
        elif isinstance(value, bool):
            pairs.append('%s=%s' % (name, _encode(str(value).lower())))
        else:
            pairs.append('%s=%s' % (name, _encode(str(value))))
    return '&'.join(pairs)


def signed_header_names(headers: dict) -> list[str]:
    """Every header is signed except those whose name holds an underscore; names lower-cased and sorted."""
    return sorted(name.lower() for name in headers if '_' not in name)


def _payload_hash(headers: dict, body: bytes | None) -> str:
    if not body:
        return EMPTY_BODY_SHA256
    for name, value in headers.items():
        if name.lower() == CONTENT_SHA256_HEADER.lower() and value:
            return value
    return hashlib.sha256(body).hexdigest()


def canonical_request(method: str, path: str, query, headers: dict, body: bytes | None) -> tuple[str, list[str]]:
    """The canonical request text and the signed header names it covers."""
    names = signed_header_names(headers)
    values = {name.lower(): str(value).strip() for name, value in headers.items()}
    header_block = ''.join('%s:%s\n' % (name, values[name]) for name in names)
    text = '\n'.join([
        method.upper(),
        canonical_uri(path),
        canonical_query_string(query),
        header_block,
        ';'.join(names),
        _payload_hash(headers, body),
    ])
    return text, names


def sign_request(method: str, path: str, query, headers: dict, body: bytes | None,
                 access_key: str, secret_key: str) -> str:
    """Return the ``Authorization`` header value for a request.

    ``headers`` must already hold every header to be signed, ``Host`` and ``X-Sdk-Date`` among them;
    ``query`` is a sequence of (key, value) pairs, keys may repeat.
    """
    date = None
    for name, value in headers.items():
        if name.lower() == SDK_DATE_HEADER.lower():
            date = str(value).strip()
    if not date:
        raise ValueError('the %s header must be set before signing' % SDK_DATE_HEADER)
    text, names = canonical_request(method, path, query, headers, body)
    string_to_sign = '%s\n%s\n%s' % (SIGNING_ALGORITHM, date, hashlib.sha256(text.encode('utf-8')).hexdigest())
    signature = hmac.new(secret_key.encode('utf-8'), string_to_sign.encode('utf-8'), hashlib.sha256).hexdigest()
    return '%s Access=%s, SignedHeaders=%s, Signature=%s' % (SIGNING_ALGORITHM, access_key, ';'.join(names), signature)
