"""The relay task write endpoints: POST (create), PUT (modify) and DELETE on /v1/{project_id}/pull/stream/task.

Registered with live_api.task_handler, so authentication, the project check, X-Request-Id, the request log
and the faults are the same as for the GET listing. The rules themselves are in task_rules.py.
"""

import json

import dataset
import task_rules
from live_api import ILLEGAL, task_handler
from responses import Response, api_error
from task_store import DuplicateTaskError

# What an accepted modify (PUT) of a PullLivePushLive task does: applied like any other, or accepted and ignored,
# status included (the vendor SDK: a modify "takes effect only for tasks whose source_type is PullVodPushLive").
LIVE_MODIFY_APPLIED = "applied"
LIVE_MODIFY_IGNORED = "ignored"
LIVE_MODIFY_MODES = (LIVE_MODIFY_APPLIED, LIVE_MODIFY_IGNORED)


def _illegal(ctx, message):
    return api_error(400, ILLEGAL, "Request Illegal: %s" % message, ctx.request_id)


def _not_found(ctx):
    """The query document's 404 body (the same as GET with an unknown task_id)."""
    return api_error(404, ILLEGAL, "Request Illegal: task_id not found", ctx.request_id)


def _answer(ctx, task_id):
    return Response(200, {"task_id": task_id, "request_id": ctx.request_id})


def _json_body(ctx):
    if not ctx.body.strip():
        raise task_rules.Illegal("the request body is required (a JSON object)")
    try:
        return json.loads(ctx.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise task_rules.Illegal("the request body is not valid JSON") from None


@task_handler("POST")
def create_pull_task(ctx):
    """POST: create a task from a LivePullStreamTask body; answers {"task_id", "request_id"}."""
    config = ctx.simulator.config
    try:
        task = task_rules.new_task(_json_body(ctx), config.region, task_rules.now_utc(), dataset.REGIONS)
    except task_rules.Illegal as exc:
        return _illegal(ctx, exc)
    while True:
        try:
            ctx.simulator.store.append([task])  # a new task goes after every existing one (creation order)
            break
        except DuplicateTaskError:  # a uuid4 collision with a hand-made task_id
            task = dict(task, task_id=task_rules.new_task_id())
    return _answer(ctx, task["task_id"])


@task_handler("PUT")
def modify_pull_task(ctx):
    """PUT: change the modifiable fields of a task from a ModifyLivePullStreamTask body.

    With the live modify mode "ignored" (--live-modify, PUT /_sim/live-modify), a PullLivePushLive task is checked
    as usual and answered 200, but left as it was.
    """
    try:
        fields = task_rules.modify_fields(_json_body(ctx))
    except task_rules.Illegal as exc:
        return _illegal(ctx, exc)
    now = task_rules.now_utc()
    ignore_live = ctx.simulator.live_modify == LIVE_MODIFY_IGNORED

    def change(current):
        modified = task_rules.modified_task(current, fields, now)  # the rules are checked either way
        return current if ignore_live and current.get("source_type") == task_rules.LIVE else modified

    try:
        task = ctx.simulator.store.update(fields["task_id"], change)
    except task_rules.Illegal as exc:
        return _illegal(ctx, exc)
    if task is None:
        return _not_found(ctx)
    return _answer(ctx, task["task_id"])


@task_handler("DELETE")
def delete_pull_task(ctx):
    """DELETE ?task_id=...[&region=...]: delete a task (404 if unknown or in another region)."""
    task_id = ctx.query.get("task_id")
    if not task_id:
        return _illegal(ctx, "task_id is required (query parameter)")
    task = ctx.simulator.store.delete(task_id, ctx.query.get("region") or None)
    if task is None:
        return _not_found(ctx)
    return _answer(ctx, task_id)
