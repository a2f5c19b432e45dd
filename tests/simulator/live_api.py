"""The Live API under /v1: authentication, project check and the relay task routes (GET listing)."""

import hmac
import json
import re

import signature
from responses import Response, api_error, api_not_found, unauthorized

V1_PATH = re.compile(r"^/v1/(?P<project_id>[^/]*)(?:/.*)?$")
TASK_PATH = re.compile(r"^/v1/(?P<project_id>[^/]+)/pull/stream/task/?$")
ILLEGAL = "LIVE.100011001"
MAX_OFFSET = 2147483647
MAX_LIMIT = 100
DEFAULT_LIMIT = 10
_INTEGER = re.compile(r"^-?[0-9]+$")

# method -> handler(ctx) for /v1/{project_id}/pull/stream/task. The write endpoints
# (POST/PUT/DELETE) are registered from write_api.py with @task_handler("POST") etc.
TASK_HANDLERS = {}


def task_handler(method):
    """Register a handler for one HTTP method of the relay task resource."""
    def register(function):
        TASK_HANDLERS[method] = function
        return function
    return register


def _check_token(ctx, token):
    config = ctx.simulator.config
    if hmac.compare_digest(token.encode("latin-1", "replace"), config.token.encode("utf-8")):
        return config.project_id
    return ctx.simulator.tokens.project_of(token)


def authenticate(ctx):
    """Set ctx.auth ('token'|'aksk'|'none') and ctx.auth_error (a 401/403 Response) for a /v1 request."""
    config = ctx.simulator.config
    token = ctx.headers.get("X-Auth-Token")
    if token is not None:
        ctx.scope_project = _check_token(ctx, token)
        if ctx.scope_project is None:
            ctx.auth_error = unauthorized("the X-Auth-Token is invalid or has expired", ctx.request_id)
            return
        ctx.auth = "token"
    elif ctx.headers.get("Authorization"):
        try:
            signature.verify_request(ctx.method, ctx.path, ctx.pairs, ctx.headers, ctx.body,
                                     {config.access_key: config.secret_key}, config.security_token,
                                     now=ctx.simulator.now())
        except signature.SignatureError as exc:
            ctx.auth_error = unauthorized(str(exc), ctx.request_id)
            return
        ctx.auth = "aksk"
        ctx.scope_project = config.project_id
    else:
        ctx.auth_error = unauthorized("no X-Auth-Token and no AK/SK Authorization header", ctx.request_id)
        return
    match = V1_PATH.match(ctx.path)
    path_project = match.group("project_id") if match else ""
    if path_project != config.project_id or path_project != ctx.scope_project:
        ctx.auth_error = api_error(403, "LIVE.100011006", "project_id does not match", ctx.request_id)


def dispatch(ctx):
    """Route an authenticated /v1 request."""
    match = TASK_PATH.match(ctx.path)
    handler = TASK_HANDLERS.get(ctx.method) if match else None
    if handler is None:
        return api_not_found(ctx.request_id)
    ctx.path_params = match.groupdict()
    return handler(ctx)


def _integer_param(ctx, name, default, low, high):
    """Return (value, None) or (None, a 400 Response) for an integer query parameter."""
    raw = ctx.query.get(name)
    if raw is None:
        return default, None
    if not _INTEGER.match(raw) or not low <= int(raw) <= high:
        return None, api_error(400, ILLEGAL, "Request Illegal: %s must be %d to %d" % (name, low, high), ctx.request_id)
    return int(raw), None


@task_handler("GET")
def list_pull_tasks(ctx):
    """GET /v1/{project_id}/pull/stream/task: region/task_id filters, offset/limit paging."""
    limit, error = _integer_param(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    if error:
        return error
    offset, error = _integer_param(ctx, "offset", 0, 0, MAX_OFFSET)
    if error:
        return error
    region = ctx.query.get("region") or None
    task_id = ctx.query.get("task_id") or None
    snapshot = ctx.simulator.store.snapshot()
    if task_id is not None:
        task = snapshot.by_id.get(task_id)
        if task is None or (region is not None and task.get("region") != region):
            return api_error(404, ILLEGAL, "Request Illegal: task_id not found", ctx.request_id)
        tasks = (task,)
    else:
        tasks = snapshot.select(region)
    if ctx.take_fault(("ignore_offset",)):
        offset = 0
    total = len(tasks)
    lie = ctx.take_fault(("total",))
    if lie:
        total += lie["delta"]
    page = list(tasks[offset:offset + limit])
    payload = {"request_id": ctx.request_id, "total": total, "task_infos": page}
    raw = '{"request_id": %s, "total": %d, "task_infos": [%s]}' % (
        json.dumps(ctx.request_id), total, ", ".join(ctx.simulator.store.encoded(page)))
    drift = ctx.take_fault(("drift",))
    if drift:
        ctx.simulator.store.drift(drift.get("create", 0), drift.get("delete", 0),
                                  drift.get("position", "end"), drift.get("delete_from", "front"))
    return Response(200, payload, raw=raw.encode("utf-8"))
