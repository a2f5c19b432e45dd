"""Fault injection: validation, matching and expiry of fault specs, and the bodies they produce."""

import collections
import json
import threading

RequestInfo = collections.namedtuple("RequestInfo", "method path query has_token")

DELAY_KINDS = ("latency", "hang")
RESPONSE_KINDS = ("status", "reset", "token_expired")
LISTING_KINDS = ("drift", "total", "ignore_offset")
BODY_KINDS = ("body",)
KINDS = DELAY_KINDS + RESPONSE_KINDS + LISTING_KINDS + BODY_KINDS

BODY_SHAPES = ("html", "empty", "truncated", "not_json", "task_infos_missing", "task_infos_null",
               "task_infos_not_list", "total_missing", "total_not_int")
ERROR_BODY_SHAPES = ("error_code", "errorCode", "code")
MATCH_KEYS = ("method", "offset", "region", "task_id", "path_prefix")

DEFAULT_ERRORS = {
    401: ("APIGW.0301", "Incorrect IAM authentication information: simulated fault"),
    403: ("APIGW.0302", "The IAM user is forbidden in the currently selected region"),
    429: ("APIG.0308", "The throttling threshold has been reached: policy user over ratelimit, limit:20, time:1 second"),
    500: ("LIVE.100011000", "Internal Server Error"),
    502: ("APIG.0201", "Backend unavailable"),
    503: ("APIG.0203", "Service unavailable"),
    504: ("APIG.0202", "Backend timeout"),
}
TOKEN_EXPIRED = ("APIG.0307", "The token must be updated.")


class FaultSpecError(ValueError):
    """An invalid fault spec."""


def _require_int(spec, key, default, low=None):
    value = spec.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or (low is not None and value < low):
        raise FaultSpecError("fault %r: %s must be an integer%s" % (spec.get("kind"), key, "" if low is None else " >= %d" % low))
    return value


def validate_fault(spec):
    """Check one fault spec and return a normalized copy."""
    if not isinstance(spec, dict):
        raise FaultSpecError("a fault must be a JSON object")
    kind = spec.get("kind")
    if kind not in KINDS:
        raise FaultSpecError("unknown fault kind %r (known: %s)" % (kind, ", ".join(KINDS)))
    spec = dict(spec)
    spec["times"] = _require_int(spec, "times", -1, -1)
    match = spec.get("match", {})
    if not isinstance(match, dict) or set(match) - set(MATCH_KEYS):
        raise FaultSpecError("fault %r: match may only use %s" % (kind, ", ".join(MATCH_KEYS)))
    spec["match"] = dict(match)
    if kind == "latency":
        _require_int(spec, "ms", None, 0)
    elif kind == "hang":
        seconds = spec.get("seconds", 5)
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
            raise FaultSpecError("fault 'hang': seconds must be a number >= 0")
        spec["seconds"] = seconds
    elif kind == "status":
        status = _require_int(spec, "status", None, 400)
        if status > 599:
            raise FaultSpecError("fault 'status': status must be 400..599")
        if spec.setdefault("body_shape", "error_code") not in ERROR_BODY_SHAPES:
            raise FaultSpecError("fault 'status': body_shape must be one of %s" % ", ".join(ERROR_BODY_SHAPES))
    elif kind == "body":
        if spec.get("shape") not in BODY_SHAPES:
            raise FaultSpecError("fault 'body': shape must be one of %s" % ", ".join(BODY_SHAPES))
        _require_int(spec, "status", 200, 100)
    elif kind == "drift":
        _require_int(spec, "create", 0, 0)
        _require_int(spec, "delete", 0, 0)
        if spec.get("position", "end") not in ("front", "end") or spec.get("delete_from", "front") not in ("front", "end"):
            raise FaultSpecError("fault 'drift': position and delete_from must be 'front' or 'end'")
    elif kind == "total":
        _require_int(spec, "delta", None)
    return spec


def _matches(match, request):
    for key, expected in match.items():
        if key == "method":
            if str(expected).upper() != request.method:
                return False
        elif key == "path_prefix":
            if not request.path.startswith(str(expected)):
                return False
        elif key == "offset":
            actual = request.query.get("offset", "0")
            if str(expected) != actual and not (actual.isdigit() and str(expected).isdigit() and int(actual) == int(expected)):
                return False
        elif str(expected) != request.query.get(key):
            return False
    return True


class ActiveFault:
    """A validated fault with its remaining use count (-1 = unlimited)."""

    __slots__ = ("spec", "remaining")

    def __init__(self, spec):
        self.spec = spec
        self.remaining = spec["times"]

    @property
    def kind(self):
        """The fault kind."""
        return self.spec["kind"]


class FaultSet:
    """The ordered list of active faults."""

    def __init__(self, specs=()):
        self._lock = threading.Lock()
        self._faults = []
        self.replace(list(specs))

    def replace(self, specs):
        """Validate and install a new list of faults (all or nothing)."""
        if not isinstance(specs, list):
            raise FaultSpecError("faults must be a JSON list")
        active = [ActiveFault(validate_fault(spec)) for spec in specs]
        with self._lock:
            self._faults = [fault for fault in active if fault.remaining != 0]

    def describe(self):
        """The active faults, each with 'times' = remaining uses."""
        with self._lock:
            return [dict(fault.spec, times=fault.remaining) for fault in self._faults]

    def matching(self, request):
        """The faults whose 'match' accepts this request, in list order (not yet consumed)."""
        with self._lock:
            return [fault for fault in self._faults if _matches(fault.spec["match"], request)]

    def take(self, fault):
        """Consume one use of a fault; False if another request used it up first."""
        with self._lock:
            if fault.remaining == 0:
                return False
            if fault.remaining > 0:
                fault.remaining -= 1
                if fault.remaining == 0:
                    self._faults = [item for item in self._faults if item is not fault]
            return True

    def take_first(self, candidates, kinds, predicate=None):
        """Consume and return the spec of the first candidate of one of 'kinds', or None."""
        for fault in candidates:
            if fault.kind in kinds and (predicate is None or predicate(fault.spec)) and self.take(fault):
                return fault.spec
        return None

    def take_delay(self, candidates):
        """Consume every latency/hang candidate and return the total delay in seconds."""
        delay = 0.0
        for fault in candidates:
            if fault.kind in DELAY_KINDS and self.take(fault):
                delay += fault.spec["ms"] / 1000.0 if fault.kind == "latency" else float(fault.spec["seconds"])
        return delay


def error_body(spec, request_id):
    """The JSON error body of a 'status' fault in its body_shape."""
    code, message = DEFAULT_ERRORS.get(spec["status"], ("APIG.1000", "Simulated error"))
    code = spec.get("error_code", code)
    message = spec.get("error_msg", message)
    shape = spec.get("body_shape", "error_code")
    if shape == "errorCode":
        return {"errorCode": code, "errorMsg": message, "request_id": request_id}
    if shape == "code":
        return {"code": code, "message": message, "request_id": request_id}
    return {"error_code": code, "error_msg": message, "request_id": request_id}


def malformed_body(shape, payload, request_id):
    """Return (content_type, body bytes) for a 'body' fault built from the normal payload."""
    if shape == "html":
        html = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>" \
               "<p>request id %s</p></body></html>" % request_id
        return "text/html; charset=UTF-8", html.encode("utf-8")
    if shape == "empty":
        return "application/json;charset=UTF-8", b""
    if shape == "not_json":
        return "application/json;charset=UTF-8", ("request_id=%s; status=ok" % request_id).encode("utf-8")
    payload = dict(payload)
    if shape == "truncated":
        text = json.dumps(payload).encode("utf-8")
        return "application/json;charset=UTF-8", text[:max(1, len(text) // 2)]
    if shape == "task_infos_missing":
        payload.pop("task_infos", None)
    elif shape == "task_infos_null":
        payload["task_infos"] = None
    elif shape == "task_infos_not_list":
        payload["task_infos"] = {"task_id": "not-a-list"}
    elif shape == "total_missing":
        payload.pop("total", None)
    elif shape == "total_not_int":
        payload["total"] = str(payload.get("total", "unknown"))
    return "application/json;charset=UTF-8", json.dumps(payload).encode("utf-8")
