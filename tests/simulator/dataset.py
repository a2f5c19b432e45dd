"""Seeded, deterministic generation of Huawei Cloud Live relay (pull stream) tasks."""

import datetime
import json
import random
import uuid

TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"

REGIONS = ("cn-north-4", "cn-north-1", "cn-east-3", "ap-southeast-2", "ap-southeast-3")
REGION_WEIGHTS = (40, 15, 20, 10, 15)

# Only "suspend" is documented (the query document's example); the other values are
# this simulator's guess at what the listing reports and may be corrected later.
STATUSES = ("running", "suspend", "waiting", "finished", "failed")
STATUS_WEIGHTS = (45, 20, 15, 12, 8)

LIVE_SOURCE = "PullLivePushLive"
VOD_SOURCE = "PullVodPushLive"

COMMON_EVENTS = ("TaskStart", "TaskExit", "TaskAlarm")
VOD_EVENTS = ("VodSourceFileStart", "VodSourceFileFinish", "ResetTaskConfig")
REFRESH_TYPES = ("immediate_new_source", "continue_from_file_start", "continue_from_break_point")

APP_NAMES = ("live", "event", "sports", "edu")
STREAM_WORDS = ("news", "match", "concert", "lecture", "launch", "studio", "lobby", "keynote")
MEDIA_WORDS = ("intro", "episode", "highlights", "trailer", "replay", "promo")

MAX_WINDOW = 7 * 86400
CREATE_SPAN = 5 * 86400
# Running and waiting tasks end (start) at least this long after the reference time, so
# they stay consistent with the real clock for the whole day the reference time names.
DAY_MARGIN = 25 * 3600


def format_time(moment):
    """Format an aware or naive-UTC datetime as 2006-01-02T15:04:05Z."""
    return moment.strftime(TIME_FORMAT)


def default_reference_time():
    """Midnight UTC of the current day: generated data is stable within a day."""
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def parse_reference_time(text):
    """Parse a --reference-time value (2006-01-02T15:04:05Z or 2006-01-02)."""
    for fmt in (TIME_FORMAT, "%Y-%m-%d"):
        try:
            parsed = datetime.datetime.strptime(text, fmt)
        except ValueError:
            continue
        return parsed.replace(tzinfo=datetime.timezone.utc)
    raise ValueError("reference time must look like 2006-01-02T15:04:05Z or 2006-01-02")


def random_task_id(rng):
    """A UUID4-formatted task id drawn from rng."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _seconds(rng, low, high):
    return datetime.timedelta(seconds=rng.randint(int(low), int(max(low, high))))


def _schedule(rng, status, created, ref):
    """Return (start, end) consistent with status relative to the reference time."""
    age = (ref - created).total_seconds()
    if status == "waiting":
        start = max(created, ref) + _seconds(rng, DAY_MARGIN, DAY_MARGIN + 2 * 86400)
        return start, start + _seconds(rng, 3600, MAX_WINDOW)
    if status in ("running", "suspend"):
        start = created + _seconds(rng, 0, min(age, 3 * 3600))
        latest_end = (start - ref).total_seconds() + MAX_WINDOW
        return start, ref + _seconds(rng, DAY_MARGIN, latest_end)
    start = created + _seconds(rng, 0, min(age / 2, 3 * 3600))
    room = (ref - start).total_seconds() - 60
    return start, start + _seconds(rng, min(600, room), min(room, MAX_WINDOW))


def _source_fields(rng, source_type, stream):
    """Source URLs plus the VOD-only fields (absent for live relays)."""
    fields = {}
    if source_type == LIVE_SOURCE:
        host = "origin%d.example.com" % rng.randint(1, 6)
        fields["source_urls"] = [rng.choice((
            "rtmp://%s/live/%s" % (host, stream),
            "https://%s/live/%s.flv" % (host, stream),
            "https://%s/live/%s/index.m3u8" % (host, stream),
        ))]
        return fields
    host = "vod%d.example.com" % rng.randint(1, 4)
    count = rng.randint(1, 5)
    fields["source_urls"] = ["https://%s/media/%s-%03d.mp4" % (host, rng.choice(MEDIA_WORDS), rng.randint(1, 999))
                             for _index in range(count)]
    return fields


def _vod_fields(rng, source_count):
    fields = {}
    if rng.random() < 0.3:
        fields["backup_source_type"] = LIVE_SOURCE
        fields["backup_source_urls"] = ["rtmp://backup%d.example.com/live/fallback-%d" % (rng.randint(1, 3), index)
                                        for index in range(rng.randint(1, 2))]
    fields["vod_loop_time"] = rng.choice(("-1", "-1", "1", "3", "10"))
    fields["vod_start_video_index"] = rng.randint(0, source_count - 1)
    fields["vod_start_video_time"] = rng.choice((0, 0, 0, rng.randint(1, 1800)))
    fields["vod_refresh_type"] = rng.choice(REFRESH_TYPES[:1] * 6 + REFRESH_TYPES[1:])
    return fields


def _callback_fields(rng, source_type, imperfect):
    """callback_url/callback_events; 'imperfect' drops the URL or the TaskAlarm event."""
    events = list(COMMON_EVENTS)
    if source_type == VOD_SOURCE:
        events.extend(rng.sample(VOD_EVENTS, rng.randint(0, len(VOD_EVENTS))))
    url = "https://hooks%d.example.com/live/relay-callback" % rng.randint(1, 3)
    if imperfect == "no_callback_url":
        return {"callback_events": events, "callback_url": ""}
    if imperfect == "no_alarm":
        events.remove("TaskAlarm")
    elif rng.random() < 0.05:
        events = []  # empty means "all events"
    return {"callback_events": events, "callback_url": url}


def make_task(rng, created, ref, status=None, region=None):
    """Build one self-consistent LivePullTaskInfo dict created at 'created'."""
    task_id = random_task_id(rng)
    status = status or rng.choices(STATUSES, STATUS_WEIGHTS)[0]
    if status in ("finished", "failed") and (ref - created).total_seconds() < 3600:
        status = "running"
    region = region or rng.choices(REGIONS, REGION_WEIGHTS)[0]
    source_type = LIVE_SOURCE if rng.random() < 0.7 else VOD_SOURCE
    stream = "%s-%s" % (rng.choice(STREAM_WORDS), task_id[:8])
    roll = rng.random()
    imperfect = "no_callback_url" if roll < 0.03 else "no_alarm" if roll < 0.08 else None
    start, end = _schedule(rng, status, created, ref)
    if status == "running" and rng.random() < 0.04 and (ref - created).total_seconds() > 7200:
        start = created + _seconds(rng, 0, 1800)  # imperfect: still "running" after its end time
        end = start + _seconds(rng, 1800, (ref - start).total_seconds() - 600)

    task = {"task_id": task_id, "status": status, "create_time": format_time(created), "region": region,
            "source_type": source_type}
    task.update(_source_fields(rng, source_type, stream))
    if rng.random() < 0.85:
        task.update({"domain": "publish%d.example.com" % rng.randint(1, 4), "app_name": rng.choice(APP_NAMES),
                     "stream_name": stream})
        destination = ""
    else:
        destination = "rtmp://ingest%d.example.com/%s/%s" % (rng.randint(1, 3), rng.choice(APP_NAMES), stream)
    task["push_args"] = "auth_key=%032x" % rng.getrandbits(128) if rng.random() < 0.9 else ""
    task["destination_url"] = destination
    task["start_time"] = format_time(start)
    task["end_time"] = format_time(end)
    task.update(_callback_fields(rng, source_type, imperfect))
    if source_type == VOD_SOURCE:
        task.update(_vod_fields(rng, len(task["source_urls"])))
    return task


def generate_tasks(count, seed=1, reference_time=None):
    """Generate 'count' tasks in creation order; same (count, seed, reference_time) gives the same list."""
    rng = random.Random(seed)
    ref = reference_time or default_reference_time()
    first = ref - datetime.timedelta(seconds=CREATE_SPAN)
    slot = (CREATE_SPAN - 3600) / max(count, 1)
    previous = None
    tasks = []
    for index in range(count):
        created = first + datetime.timedelta(seconds=int((index + rng.random() * 0.9) * slot))
        if previous is not None and created <= previous:
            created = previous + datetime.timedelta(seconds=1)
        previous = created
        tasks.append(make_task(rng, created, ref))
    return tasks


def load_tasks_file(path):
    """Load a JSON list of task dicts (task_id filled in where missing)."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ValueError("%s must contain a JSON list of task objects" % path)
    return data
