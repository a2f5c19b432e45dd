"""Independent verifier for Huawei Cloud AK/SK "SDK-HMAC-SHA256" request signatures."""

import calendar
import hashlib
import hmac
import re
import time
from urllib.parse import quote, unquote

ALGORITHM = "SDK-HMAC-SHA256"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
MAX_CLOCK_SKEW_SECONDS = 15 * 60
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
CONTENT_HASH_HEADER = "x-sdk-content-sha256"

_AUTH_PARAM = re.compile(r"\s*([A-Za-z]+)=([^,]*)\s*(?:,|$)")


class SignatureError(Exception):
    """The request's signature was rejected; str() is a reason safe to return to the client."""


def parse_authorization(value):
    """Split 'SDK-HMAC-SHA256 Access=..., SignedHeaders=a;b, Signature=...' into its three parts."""
    algorithm, _sep, rest = value.strip().partition(" ")
    if algorithm != ALGORITHM:
        raise SignatureError("unsupported signing algorithm (expected %s)" % ALGORITHM)
    params = {}
    for match in _AUTH_PARAM.finditer(rest):
        params[match.group(1)] = match.group(2).strip()
    missing = [name for name in ("Access", "SignedHeaders", "Signature") if not params.get(name)]
    if missing:
        raise SignatureError("malformed Authorization header (missing %s)" % ", ".join(missing))
    return params["Access"], params["SignedHeaders"].split(";"), params["Signature"]


def canonical_uri(path):
    """Percent-decode the path, re-encode each segment (safe '~') and end it with '/'."""
    segments = [quote(segment, safe="~") for segment in unquote(path).split("/")]
    uri = "/".join(segments)
    return uri if uri.endswith("/") else uri + "/"


def canonical_query(pairs):
    """Sort (key, value) pairs by raw key then raw value and encode them (safe '~')."""
    return "&".join("%s=%s" % (quote(key, safe="~"), quote(value, safe="~")) for key, value in sorted(pairs))


def payload_hash(body, headers):
    """Hex SHA-256 of the body; the SDK's UNSIGNED-PAYLOAD marker when it sent one for a non-empty body."""
    if body and headers.get(CONTENT_HASH_HEADER) == UNSIGNED_PAYLOAD:
        return UNSIGNED_PAYLOAD
    return hashlib.sha256(body or b"").hexdigest()


def canonical_request(method, path, pairs, headers, signed_headers, body):
    """The canonical request as bytes; header values are taken as the raw bytes received."""
    lines = []
    for name in signed_headers:
        value = headers.get(name)
        if value is None:
            raise SignatureError("signed header %r is missing from the request" % name)
        lines.append(name.encode("latin-1") + b":" + value.strip().encode("latin-1", "replace"))
    head = "%s\n%s\n%s\n" % (method.upper(), canonical_uri(path), canonical_query(pairs))
    tail = "\n%s\n%s" % (";".join(signed_headers), payload_hash(body, headers))
    return head.encode("utf-8") + b"\n".join(lines) + b"\n" + tail.encode("utf-8")


def string_to_sign(sdk_date, canonical):
    """'SDK-HMAC-SHA256\\n<date>\\n<hex sha256 of the canonical request>'."""
    return "%s\n%s\n%s" % (ALGORITHM, sdk_date, hashlib.sha256(canonical).hexdigest())


def compute_signature(secret_key, sdk_date, canonical):
    """Hex HMAC-SHA256 of the string to sign, keyed with the secret key."""
    message = string_to_sign(sdk_date, canonical).encode("utf-8")
    return hmac.new(secret_key.encode("utf-8"), message, hashlib.sha256).hexdigest()


def check_date(sdk_date, now=None):
    """Reject a missing, malformed or skewed (over 15 minutes) X-Sdk-Date."""
    if not sdk_date:
        raise SignatureError("X-Sdk-Date header is missing")
    try:
        stamp = calendar.timegm(time.strptime(sdk_date, DATE_FORMAT))
    except ValueError:
        raise SignatureError("X-Sdk-Date must have the format YYYYMMDDTHHMMSSZ") from None
    now = time.time() if now is None else now
    if abs(now - stamp) > MAX_CLOCK_SKEW_SECONDS:
        raise SignatureError("X-Sdk-Date differs from the server time by more than 15 minutes (clock skew)")


def verify_request(method, path, pairs, headers, body, secret_keys, security_token=None, now=None):
    """Verify an AK/SK-signed request and return its access key; raise SignatureError otherwise.

    headers: a case-insensitive mapping of the received headers (str values as decoded
    by http.server, i.e. latin-1); pairs: the query as (key, value) pairs in any order;
    secret_keys: {access_key: secret_key}.
    """
    authorization = headers.get("Authorization")
    if not authorization:
        raise SignatureError("Authorization header is missing")
    access_key, signed_headers, signature = parse_authorization(authorization)
    secret_key = secret_keys.get(access_key)
    if secret_key is None:
        raise SignatureError("the access key is unknown")
    if "host" not in signed_headers or "x-sdk-date" not in signed_headers:
        raise SignatureError("SignedHeaders must include host and x-sdk-date")
    sdk_date = headers.get("X-Sdk-Date")
    check_date(sdk_date, now)
    presented_token = headers.get("X-Security-Token")
    if presented_token is not None:
        if "x-security-token" not in signed_headers:
            raise SignatureError("X-Security-Token must be a signed header")
        if security_token is None or not hmac.compare_digest(presented_token.encode("latin-1", "replace"),
                                                             security_token.encode("utf-8")):
            raise SignatureError("the security token is invalid")
    canonical = canonical_request(method, path, pairs, headers, signed_headers, body)
    expected = compute_signature(secret_key, sdk_date, canonical)
    if not hmac.compare_digest(expected.encode("ascii"), signature.encode("latin-1", "replace")):
        raise SignatureError("the signature does not match")
    return access_key
