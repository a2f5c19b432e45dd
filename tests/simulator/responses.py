"""Response and request-context types shared by the simulator's API modules."""

import json

JSON_TYPE = "application/json;charset=UTF-8"


class Response:
    """A status, a JSON-able payload (or raw bytes) and extra headers."""

    __slots__ = ("status", "payload", "raw", "content_type", "headers")

    def __init__(self, status, payload=None, raw=None, content_type=JSON_TYPE, headers=None):
        self.status = status
        self.payload = payload
        self.raw = raw
        self.content_type = content_type
        self.headers = dict(headers or {})

    def body(self):
        """The encoded body."""
        if self.raw is not None:
            return self.raw
        if self.payload is None:
            return b""
        return json.dumps(self.payload).encode("utf-8")


def api_error(status, error_code, error_msg, request_id, headers=None):
    """The Live API / API gateway error body: error_code, error_msg, request_id."""
    return Response(status, {"error_code": error_code, "error_msg": error_msg, "request_id": request_id}, headers=headers)


def unauthorized(reason, request_id):
    """401 APIGW.0301 with a reason that never echoes a secret."""
    return api_error(401, "APIGW.0301", "Incorrect IAM authentication information: %s" % reason, request_id)


def api_not_found(request_id):
    """The gateway's answer for a path or method it has no API for."""
    return api_error(404, "APIGW.0101", "The API does not exist or has not been published in the environment", request_id)


class RequestContext:
    """One API request as the route handlers see it."""

    __slots__ = ("simulator", "method", "path", "pairs", "query", "headers", "body", "request_id", "candidates",
                 "path_params", "auth", "auth_error", "scope_project")

    def __init__(self, simulator, method, path, pairs, headers, body, request_id, candidates):
        self.simulator = simulator
        self.method = method
        self.path = path
        self.pairs = pairs
        self.query = {}
        for key, value in pairs:
            self.query.setdefault(key, value)  # the first of repeated keys wins
        self.headers = headers
        self.body = body
        self.request_id = request_id
        self.candidates = candidates
        self.path_params = {}
        self.auth = "none"
        self.auth_error = None
        self.scope_project = None

    def take_fault(self, kinds):
        """Consume and return the first matching fault spec of one of 'kinds' (or None)."""
        return self.simulator.faults.take_first(self.candidates, kinds)
