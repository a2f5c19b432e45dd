"""Validation rules of the relay task write endpoints (write-relay-tasks.md; README: "Write endpoints").

Every rule violation raises Illegal with a message that names the field; write_api.py answers it
with 400 LIVE.100011001 "Request Illegal: <message>". Nothing here touches the store.
"""

import datetime
import re
import uuid

import dataset

LIVE = dataset.LIVE_SOURCE
VOD = dataset.VOD_SOURCE
SOURCE_TYPES = (LIVE, VOD)
REFRESH_TYPES = dataset.REFRESH_TYPES
CREATE_REFRESH_TYPES = REFRESH_TYPES[:1]  # immediate_new_source; the other two only when modifying
COMMON_EVENTS = dataset.COMMON_EVENTS
VOD_EVENTS = dataset.VOD_EVENTS

STRING, INTEGER, STRINGS = "a string", "an integer", "a list of strings"

# LivePullStreamTask, the create body (the SDK's openapi_types; start_time/end_time are strings on the wire).
CREATE_FIELDS = {
    "region": STRING, "source_type": STRING, "source_urls": STRINGS, "domain": STRING, "app_name": STRING,
    "stream_name": STRING, "push_args": STRING, "destination_url": STRING, "start_time": STRING, "end_time": STRING,
    "vod_loop_time": STRING, "vod_refresh_type": STRING, "vod_start_video_index": INTEGER, "vod_start_video_time": INTEGER,
    "backup_source_type": STRING, "backup_source_urls": STRINGS, "callback_events": STRINGS, "callback_url": STRING,
}
# ModifyLivePullStreamTask, the modify body: the only fields that can change in place.
MODIFY_FIELDS = {
    "task_id": STRING, "status": STRING, "source_urls": STRINGS, "vod_loop_time": STRING, "vod_refresh_type": STRING,
    "vod_start_video_index": INTEGER, "vod_start_video_time": INTEGER, "start_time": STRING, "end_time": STRING,
    "callback_events": STRINGS,
}
VOD_ONLY = ("vod_loop_time", "vod_refresh_type", "vod_start_video_index", "vod_start_video_time",
            "backup_source_type", "backup_source_urls")
VOD_SETTINGS = VOD_ONLY[:4]
VOD_DEFAULTS = {"vod_loop_time": "-1", "vod_refresh_type": "immediate_new_source", "vod_start_video_index": 0,
                "vod_start_video_time": 0}
TARGET_FIELDS = (("domain", 255), ("app_name", 128), ("stream_name", 512))
MAX_DESTINATION_URL = 2048
MAX_BACKUP_URLS = 30
MAX_VIDEO_INDEX = 8192
MAX_VIDEO_TIME = 2100000000
MAX_WINDOW = datetime.timedelta(days=7)
# matched with fullmatch: "$" alone also matches before a trailing newline
TIME_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
LOOP_TIME = re.compile(r"-1|[1-9][0-9]{0,8}")

# Status mapping, kept in this one place (write-relay-tasks.md: only "suspend" is documented).
MODIFY_STATUSES = ("pause", "enable")
PAUSED = "suspend"
RUNNING = "running"
WAITING = "waiting"


class Illegal(ValueError):
    """A violated rule; the message names the field."""


def now_utc():
    """The current time, whole seconds, UTC."""
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


def new_task_id():
    """A fresh task id (uuid4)."""
    return str(uuid.uuid4())


def format_time(moment):
    """2006-01-02T15:04:05Z."""
    return moment.strftime(dataset.TIME_FORMAT)


def parse_time(name, text):
    """Parse a start_time/end_time value in exactly the format 2006-01-02T15:04:05Z (UTC)."""
    try:
        if not TIME_TEXT.fullmatch(text):
            raise ValueError(text)
        return datetime.datetime.strptime(text, dataset.TIME_FORMAT).replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        raise Illegal("%s must be a UTC time like 2006-01-02T15:04:05Z, got %r" % (name, text)) from None


def running_or_waiting(start, now):
    """The status of an enabled (not paused) task: running once start_time has come, else waiting."""
    return RUNNING if start <= now else WAITING


def status_after(action, start, now):
    """The listing status after PUT status=pause|enable: pause lists as suspend, enable as running (waiting before start)."""
    if action == "pause":
        return PAUSED
    return running_or_waiting(start, now)


def _is_set(value):
    """Empty strings and lists count as "not given" (the documents: "empty or absent")."""
    return value is not None and value != "" and value != []


def _check_type(name, value, kind):
    if kind == INTEGER:
        valid = isinstance(value, int) and not isinstance(value, bool)
    elif kind == STRING:
        valid = isinstance(value, str)
    else:
        valid = isinstance(value, list) and all(isinstance(item, str) for item in value)
    if not valid:
        raise Illegal("%s must be %s, got %s" % (name, kind, _json_type(value)))


def _json_type(value):
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list of %s" % ", ".join(sorted({_json_type(item) for item in value})) if value else "a list"
    return "an object"


def checked_fields(body, allowed, modify=False):
    """Type-check a JSON body against a field table; JSON null counts as absent. Returns the non-null fields."""
    if not isinstance(body, dict):
        raise Illegal("the request body must be a JSON object, got %s" % ("null" if body is None else _json_type(body)))
    extra = sorted(name for name in body if name not in allowed)
    if extra and modify:
        raise Illegal("field %s cannot be modified (only %s can; delete the task and create a new one)"
                      % (", ".join(extra), ", ".join(name for name in MODIFY_FIELDS if name != "task_id")))
    if extra:
        raise Illegal("unknown field %s (LivePullStreamTask has no such field)" % ", ".join(extra))
    fields = {}
    for name, value in body.items():
        if value is not None:
            _check_type(name, value, allowed[name])
            fields[name] = value
    return fields


def _check_source_urls(urls, source_type):
    if not urls:
        raise Illegal("source_urls is required (a non-empty list of URLs)")
    for index, url in enumerate(urls):
        if not url.strip():
            raise Illegal("source_urls[%d] must be a non-empty URL" % index)
    if source_type == LIVE and len(urls) != 1:
        raise Illegal("source_urls must have exactly one URL for PullLivePushLive, got %d" % len(urls))


def _check_vod_only(fields, source_type):
    given = [name for name in VOD_ONLY if _is_set(fields.get(name))]
    if given and source_type != VOD:
        raise Illegal("%s only allowed when source_type is PullVodPushLive (the task is %s)" % (", ".join(given), source_type))


def _check_events(events, source_type):
    allowed = COMMON_EVENTS + (VOD_EVENTS if source_type == VOD else ())
    for event in events:
        if event not in allowed:
            hint = " (PullVodPushLive tasks only)" if event in VOD_EVENTS else ""
            raise Illegal("callback_events: %r is not one of %s%s" % (event, ", ".join(allowed), hint))


def _check_vod_settings(task, names, refresh_types):
    """Check the vod_* values of the resulting task that are in 'names'."""
    if "vod_loop_time" in names and not LOOP_TIME.fullmatch(task["vod_loop_time"]):
        raise Illegal("vod_loop_time must be \"-1\" (loop until end_time) or a number of rounds 1 to 999999999, got %r"
                      % task["vod_loop_time"])
    if "vod_refresh_type" in names and task["vod_refresh_type"] not in refresh_types:
        raise Illegal("vod_refresh_type must be %s, got %r" % (" or ".join(refresh_types), task["vod_refresh_type"]))
    if "vod_start_video_index" in names:
        highest = min(len(task.get("source_urls") or ()) - 1, MAX_VIDEO_INDEX)
        if not 0 <= task["vod_start_video_index"] <= highest:
            raise Illegal("vod_start_video_index must be 0 to %d (len(source_urls) - 1), got %d" % (max(highest, 0), task["vod_start_video_index"]))
    if "vod_start_video_time" in names and not 0 <= task["vod_start_video_time"] <= MAX_VIDEO_TIME:
        raise Illegal("vod_start_video_time must be 0 to %d, got %d" % (MAX_VIDEO_TIME, task["vod_start_video_time"]))


def _check_backup(fields):
    """backup_source_type/backup_source_urls of a PullVodPushLive create; returns the fields to store."""
    stored = {}
    backup_type = fields.get("backup_source_type")
    if _is_set(backup_type):
        if backup_type != LIVE:
            raise Illegal("backup_source_type must be PullLivePushLive, got %r" % backup_type)
        stored["backup_source_type"] = backup_type
    urls = fields.get("backup_source_urls")
    if urls is not None:
        if len(urls) > MAX_BACKUP_URLS:
            raise Illegal("backup_source_urls must have 0 to %d URLs, got %d" % (MAX_BACKUP_URLS, len(urls)))
        for index, url in enumerate(urls):
            if not url.strip():
                raise Illegal("backup_source_urls[%d] must be a non-empty URL" % index)
        stored["backup_source_urls"] = list(urls)
    return stored


def _target(fields):
    """destination_url, or domain + app_name + stream_name; returns the fields to store."""
    destination = fields.get("destination_url", "")
    if len(destination) > MAX_DESTINATION_URL:
        raise Illegal("destination_url must be 0 to %d characters, got %d" % (MAX_DESTINATION_URL, len(destination)))
    named = [name for name, _limit in TARGET_FIELDS if _is_set(fields.get(name))]
    if destination:
        if named:
            raise Illegal("%s must be empty or absent when destination_url is given" % ", ".join(named))
        return {"destination_url": destination}
    if len(named) < len(TARGET_FIELDS):
        missing = [name for name, _limit in TARGET_FIELDS if name not in named]
        raise Illegal("a push target is required: destination_url, or domain, app_name and stream_name (missing %s)"
                      % ", ".join(missing))
    stored = {}
    for name, limit in TARGET_FIELDS:
        if len(fields[name]) > limit:
            raise Illegal("%s must be 1 to %d characters, got %d" % (name, limit, len(fields[name])))
        stored[name] = fields[name]
    stored["destination_url"] = ""
    return stored


def time_window(start_text, end_text, now):
    """Parse and check a task's window; an empty start is now, an empty end is start + 7 days. Returns (start, end)."""
    start = parse_time("start_time", start_text) if start_text else now
    end = parse_time("end_time", end_text) if end_text else start + MAX_WINDOW
    if end <= start:
        raise Illegal("end_time %s must be after start_time %s" % (format_time(end), format_time(start)))
    if end <= now:
        raise Illegal("end_time %s must be after the current time %s" % (format_time(end), format_time(now)))
    if end - start > MAX_WINDOW:
        raise Illegal("end_time %s must be at most 7 days after start_time %s" % (format_time(end), format_time(start)))
    return start, end


def new_task(body, home_region, now, known_regions=dataset.REGIONS):
    """Validate a LivePullStreamTask create body; return the LivePullTaskInfo dict to store."""
    fields = checked_fields(body, CREATE_FIELDS)
    source_type = fields.get("source_type")
    if not source_type:
        raise Illegal("source_type is required (PullLivePushLive or PullVodPushLive)")
    if source_type not in SOURCE_TYPES:
        raise Illegal("source_type must be PullLivePushLive or PullVodPushLive, got %r" % source_type)
    _check_source_urls(fields.get("source_urls"), source_type)
    _check_vod_only(fields, source_type)
    region = fields.get("region") or home_region
    if region not in tuple(known_regions) + (home_region,):
        raise Illegal("region %r is not a Live region (%s)" % (region, ", ".join(sorted(set(known_regions) | {home_region}))))
    target = _target(fields)
    events = fields.get("callback_events", [])
    _check_events(events, source_type)
    start, end = time_window(fields.get("start_time"), fields.get("end_time"), now)

    task = {"task_id": new_task_id(), "status": running_or_waiting(start, now), "create_time": format_time(now),
            "region": region, "source_type": source_type, "source_urls": list(fields["source_urls"])}
    task.update((name, target[name]) for name, _limit in TARGET_FIELDS if name in target)
    task["push_args"] = fields.get("push_args", "")
    task["destination_url"] = target["destination_url"]
    task["start_time"] = format_time(start)
    task["end_time"] = format_time(end)
    task["callback_events"] = list(events)
    task["callback_url"] = fields.get("callback_url", "")
    if source_type == VOD:
        for name, default in VOD_DEFAULTS.items():
            value = fields.get(name)
            task[name] = value if _is_set(value) else default
        _check_vod_settings(task, VOD_SETTINGS, CREATE_REFRESH_TYPES)
        task.update(_check_backup(fields))
    return task


def modify_fields(body):
    """Type-check a ModifyLivePullStreamTask body (before the task is looked up); returns its non-null fields."""
    fields = checked_fields(body, MODIFY_FIELDS, modify=True)
    if not fields.get("task_id"):
        raise Illegal("task_id is required")
    status = fields.get("status")
    if status is not None and status not in MODIFY_STATUSES:
        raise Illegal("status must be pause or enable, got %r" % status)
    return fields


def modified_task(task, fields, now):
    """Apply checked modify fields to a stored task; return the new dict (the stored one is not changed).

    The rules of create apply to the result: one URL for live tasks, vod_* only for VOD tasks and
    vod_start_video_index within the (new) source_urls; the time window is checked when start_time or
    end_time is in the body (a finished task can still be paused or have its callbacks changed).
    """
    source_type = task.get("source_type")
    result = dict(task)
    changes = {name: value for name, value in fields.items() if name not in ("task_id", "status")}
    _check_vod_only(changes, source_type)
    if source_type != VOD:
        changes = {name: value for name, value in changes.items() if name not in VOD_ONLY}  # only empty ones are left
    if "source_urls" in changes:
        _check_source_urls(changes["source_urls"], source_type)
    if "callback_events" in changes:
        _check_events(changes["callback_events"], source_type)
    result.update(changes)
    if source_type == VOD:
        names = [name for name in VOD_SETTINGS if name in changes]
        if "vod_loop_time" in names and changes["vod_loop_time"] == "":
            result["vod_loop_time"] = VOD_DEFAULTS["vod_loop_time"]
        if "source_urls" in changes and "vod_start_video_index" not in names:
            result.setdefault("vod_start_video_index", 0)
            names.append("vod_start_video_index")
        _check_vod_settings(result, names, REFRESH_TYPES)
    start = None
    if "start_time" in changes or "end_time" in changes:
        start, end = time_window(result.get("start_time"), result.get("end_time"), now)
        result["start_time"], result["end_time"] = format_time(start), format_time(end)
    if "status" in fields:
        result["status"] = status_after(fields["status"], start or _start_of(result, now), now)
    elif start is not None and result.get("status") in (RUNNING, WAITING):
        result["status"] = running_or_waiting(start, now)
    return result


def _start_of(task, now):
    try:
        return parse_time("start_time", task.get("start_time") or "")
    except Illegal:
        return now
