"""The unauthenticated test-control API under /_sim/ (data set, request log, faults, clock, secrets seen, live modify
mode, reset)."""

import json
import math

from faults import FaultSpecError
from responses import Response
from write_api import LIVE_MODIFY_MODES

PREFIX = "/_sim/"
MAX_CLOCK_OFFSET_SECONDS = 10 ** 9


def _bad(message, status=400):
    return Response(status, {"error": message})


def _json_body(body):
    try:
        return json.loads(body.decode("utf-8") or "null"), None
    except ValueError as exc:
        return None, _bad("request body is not JSON: %s" % exc)


def _tasks(simulator, method, body):
    if method == "GET":
        return Response(200, simulator.store.all_tasks())
    if method not in ("PUT", "POST"):
        return None
    data, error = _json_body(body)
    if error:
        return error
    try:
        if method == "PUT":
            return Response(200, {"count": simulator.store.replace_all(data)})
        return Response(200, {"task_ids": simulator.store.append(data)})
    except ValueError as exc:
        return _bad(str(exc), 409 if "exists" in str(exc) else 400)


def _requests(simulator, method, body):
    if method == "GET":
        return Response(200, simulator.log.entries())
    if method == "DELETE":
        simulator.log.clear()
        return Response(200, {"cleared": True})
    return None


def _faults(simulator, method, body):
    if method == "GET":
        return Response(200, simulator.faults.describe())
    if method != "PUT":
        return None
    data, error = _json_body(body)
    if error:
        return error
    try:
        simulator.faults.replace(data)
    except FaultSpecError as exc:
        return _bad(str(exc))
    return Response(200, simulator.faults.describe())


def valid_clock_offset(value):
    """The clock offset as a float if value is a finite number of at most MAX_CLOCK_OFFSET_SECONDS, else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        offset = float(value)
    except OverflowError:
        return None
    return offset if math.isfinite(offset) and abs(offset) <= MAX_CLOCK_OFFSET_SECONDS else None


def _clock(simulator, method, body):
    if method == "PUT":
        data, error = _json_body(body)
        if error:
            return error
        offset = valid_clock_offset(data.get("offset") if isinstance(data, dict) else None)
        if offset is None:
            return _bad('the body must be {"offset": <seconds>}, a number from -%d to %d' % (
                MAX_CLOCK_OFFSET_SECONDS, MAX_CLOCK_OFFSET_SECONDS))
        simulator.clock_offset = offset
    elif method != "GET":
        return None
    return Response(200, {"offset": simulator.clock_offset, "now": simulator.now()})


def _live_modify(simulator, method, body):
    if method == "PUT":
        data, error = _json_body(body)
        if error:
            return error
        mode = data.get("mode") if isinstance(data, dict) else None
        if mode not in LIVE_MODIFY_MODES:
            return _bad('the body must be {"mode": <%s>}' % " | ".join(LIVE_MODIFY_MODES))
        simulator.live_modify = mode
    elif method != "GET":
        return None
    return Response(200, {"mode": simulator.live_modify})


def _secrets(simulator, method, body):
    if method != "GET":
        return None
    return Response(200, {"secrets": simulator.secrets.all()})


def _reset(simulator, method, body):
    if method != "POST":
        return None
    simulator.reset()
    return Response(200, {"reset": True})


ROUTES = {"tasks": _tasks, "requests": _requests, "faults": _faults, "clock": _clock, "secrets": _secrets,
          "reset": _reset, "live-modify": _live_modify}


def handle(simulator, method, path, body):
    """Answer one /_sim/ request."""
    route = ROUTES.get(path[len(PREFIX):].strip("/"))
    response = route(simulator, method, body) if route else None
    return response or _bad("no admin route %s %s" % (method, path), 404)
