"""The unauthenticated test-control API under /_sim/ (data set, request log, faults, reset)."""

import json

from faults import FaultSpecError
from responses import Response

PREFIX = "/_sim/"


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


def _reset(simulator, method, body):
    if method != "POST":
        return None
    simulator.reset()
    return Response(200, {"reset": True})


ROUTES = {"tasks": _tasks, "requests": _requests, "faults": _faults, "reset": _reset}


def handle(simulator, method, path, body):
    """Answer one /_sim/ request."""
    route = ROUTES.get(path[len(PREFIX):].strip("/"))
    response = route(simulator, method, body) if route else None
    return response or _bad("no admin route %s %s" % (method, path), 404)
