"""Integration tests of the simulator's relay task write endpoints (POST/PUT/DELETE), against a real subprocess."""

import concurrent.futures
import datetime
import os
import sys

import pytest
import requests

try:
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
    from huaweicloudsdkcore.http.http_config import HttpConfig
    from huaweicloudsdklive.v1 import (CreatePullTaskRequest, DeletePullTaskRequest, ListPullTasksRequest, LiveClient,
                                       LivePullStreamTask, ModifyLivePullStreamTask, ModifyPullTaskRequest)
    HAS_SDK = True
except ImportError:
    HAS_SDK = False

SIMULATOR_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "simulator")
sys.path.insert(0, SIMULATOR_DIR)

import control  # noqa: E402  pylint: disable=wrong-import-position
import dataset  # noqa: E402  pylint: disable=wrong-import-position

needs_sdk = pytest.mark.skipif(not HAS_SDK, reason="huaweicloudsdkcore / huaweicloudsdklive are not installed")

TASKS = 30
ILLEGAL = "LIVE.100011001"
LIVE = "PullLivePushLive"
VOD = "PullVodPushLive"
DROP = object()  # live_body(field=DROP) leaves the field out


@pytest.fixture(scope="module")
def sim():
    process = control.SimulatorProcess(tasks=TASKS, seed=3)
    try:
        yield process
    finally:
        assert process.stop() == 0
        process.close()


@pytest.fixture(autouse=True)
def fresh(sim):
    sim.reset()


def now():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


def stamp(delta_seconds=0, base=None):
    return ((base or now()) + datetime.timedelta(seconds=delta_seconds)).strftime(dataset.TIME_FORMAT)


def parse(text):
    return datetime.datetime.strptime(text, dataset.TIME_FORMAT).replace(tzinfo=datetime.timezone.utc)


def live_body(**changes):
    body = {"source_type": LIVE, "source_urls": ["rtmp://origin.example.com/live/news"], "domain": "publish.example.com",
            "app_name": "live", "stream_name": "news-relay"}
    body.update(changes)
    return {key: value for key, value in body.items() if value is not DROP}


def vod_body(**changes):
    body = {"source_type": VOD, "source_urls": ["https://vod.example.com/a.mp4", "https://vod.example.com/b.mp4"],
            "destination_url": "rtmp://ingest.example.com/live/vod-relay"}
    body.update(changes)
    return {key: value for key, value in body.items() if value is not DROP}


def headers(sim, token=None):
    return {"X-Auth-Token": token or sim.token}


def create(sim, web, body, token=None):
    return web.post(sim.api_url(), json=body, headers=headers(sim, token), timeout=10)


def modify(sim, web, body, token=None):
    return web.put(sim.api_url(), json=body, headers=headers(sim, token), timeout=10)


def delete(sim, web, token=None, **params):
    return web.delete(sim.api_url(), params=params, headers=headers(sim, token), timeout=10)


def get_task(sim, web, task_id, **params):
    response = web.get(sim.api_url(), params=dict(params, task_id=task_id), headers=headers(sim), timeout=10)
    return response.json()["task_infos"][0] if response.status_code == 200 else response.status_code


def region_ids(sim, web, region):
    body = web.get(sim.api_url(), params={"region": region, "limit": 100}, headers=headers(sim), timeout=10).json()
    return [task["task_id"] for task in body["task_infos"]]


def created_id(response):
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"task_id", "request_id"} and body["request_id"] == response.headers["X-Request-Id"]
    return body["task_id"]


def assert_illegal(response, *words, status=400):
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error_code"] == ILLEGAL and body["error_msg"].startswith("Request Illegal")
    assert body["request_id"] == response.headers["X-Request-Id"]
    for word in words:
        assert word in body["error_msg"], body["error_msg"]
    return body


# --- round trips through GET -------------------------------------------------------------------------

def test_create_live_task_round_trip(sim, web):
    before = sim.tasks()
    start, end = stamp(-60), stamp(3600)
    body = live_body(push_args="auth_key=abc", start_time=start, end_time=end, callback_events=["TaskStart", "TaskAlarm"],
                     callback_url="https://hooks.example.com/cb")
    task_id = created_id(create(sim, web, body))
    task = get_task(sim, web, task_id)
    assert abs((parse(task.pop("create_time")) - now()).total_seconds()) < 10
    assert task == {"task_id": task_id, "status": "running", "region": "cn-north-4", "source_type": LIVE,
                    "source_urls": body["source_urls"], "domain": "publish.example.com", "app_name": "live",
                    "stream_name": "news-relay", "push_args": "auth_key=abc", "destination_url": "", "start_time": start,
                    "end_time": end, "callback_events": ["TaskStart", "TaskAlarm"], "callback_url": "https://hooks.example.com/cb"}
    after = sim.tasks()
    assert after[:-1] == before and after[-1]["task_id"] == task_id  # appended in creation order
    assert region_ids(sim, web, "cn-north-4")[-1] == task_id
    assert [entry["method"] for entry in sim.write_requests()] == ["POST"]


def test_create_vod_task_defaults_region_and_waiting(sim, web):
    start = stamp(2 * 86400)
    task_id = created_id(create(sim, web, vod_body(region="ap-southeast-2", start_time=start, backup_source_type=LIVE,
                                                   backup_source_urls=["rtmp://backup.example.com/live/b"])))
    task = get_task(sim, web, task_id, region="ap-southeast-2")
    assert task["status"] == "waiting" and task["start_time"] == start
    assert parse(task["end_time"]) - parse(start) == datetime.timedelta(days=7)  # end defaults to start + 7 days
    assert {key: task[key] for key in task if key.startswith("vod_")} == {
        "vod_loop_time": "-1", "vod_refresh_type": "immediate_new_source", "vod_start_video_index": 0, "vod_start_video_time": 0}
    assert task["backup_source_type"] == LIVE and task["backup_source_urls"] == ["rtmp://backup.example.com/live/b"]
    assert task["destination_url"] == "rtmp://ingest.example.com/live/vod-relay" and "domain" not in task
    assert task["push_args"] == "" and task["callback_events"] == [] and task["callback_url"] == ""
    assert task_id in region_ids(sim, web, "ap-southeast-2") and task_id not in region_ids(sim, web, "cn-north-4")
    assert get_task(sim, web, task_id, region="cn-north-4") == 404
    live = get_task(sim, web, created_id(create(sim, web, live_body(start_time=""))))
    assert not any(key.startswith(("vod_", "backup_")) for key in live) and live["status"] == "running"
    assert abs((parse(live["start_time"]) - now()).total_seconds()) < 10  # start defaults to now
    nulls = get_task(sim, web, created_id(create(sim, web, live_body(push_args=None, region=None, vod_loop_time="", backup_source_urls=[]))))
    assert nulls["push_args"] == "" and nulls["region"] == "cn-north-4" and "vod_loop_time" not in nulls  # null = absent, "" = unset


def test_create_with_every_field_at_its_limits(sim, web):
    urls = ["https://vod.example.com/%d.mp4" % index for index in range(8193)]
    body = vod_body(source_urls=urls, destination_url="rtmp://x.example.com/" + "a" * 2027, start_time=stamp(-3600),
                    end_time=stamp(7 * 86400 - 3600), vod_loop_time="5", vod_refresh_type="immediate_new_source",
                    vod_start_video_index=8192, vod_start_video_time=2100000000, backup_source_type=LIVE,
                    backup_source_urls=["rtmp://b.example.com/%d" % index for index in range(30)],
                    callback_events=list(dataset.COMMON_EVENTS + dataset.VOD_EVENTS), region=None)
    assert len(body["destination_url"]) == 2048
    task = get_task(sim, web, created_id(create(sim, web, body)))
    assert task["vod_start_video_index"] == 8192 and len(task["backup_source_urls"]) == 30 and task["vod_loop_time"] == "5"
    named = live_body(domain="d" * 255, app_name="a" * 128, stream_name="s" * 512)
    assert get_task(sim, web, created_id(create(sim, web, named)))["stream_name"] == "s" * 512


def test_modify_round_trip_and_status(sim, web):
    task_id = created_id(create(sim, web, vod_body(callback_events=["TaskStart"])))
    original = get_task(sim, web, task_id)
    new_end = stamp(86400)
    changes = {"source_urls": ["https://vod.example.com/c.mp4"] * 3, "vod_loop_time": "2", "vod_refresh_type": "continue_from_break_point",
               "vod_start_video_index": 2, "vod_start_video_time": 30, "end_time": new_end, "callback_events": ["ResetTaskConfig"]}
    response = modify(sim, web, dict(changes, task_id=task_id))
    assert response.json() == {"task_id": task_id, "request_id": response.headers["X-Request-Id"]}
    assert get_task(sim, web, task_id) == dict(original, **changes)

    assert modify(sim, web, {"task_id": task_id, "status": "pause"}).status_code == 200
    assert get_task(sim, web, task_id)["status"] == "suspend"
    assert modify(sim, web, {"task_id": task_id, "start_time": stamp(3600)}).status_code == 200
    assert get_task(sim, web, task_id)["status"] == "suspend"  # a new window does not un-pause
    assert modify(sim, web, {"task_id": task_id, "status": "enable"}).status_code == 200
    assert get_task(sim, web, task_id)["status"] == "waiting"  # enabled, but its start is still ahead
    assert modify(sim, web, {"task_id": task_id, "start_time": stamp(-60)}).status_code == 200
    assert get_task(sim, web, task_id)["status"] == "running"
    assert modify(sim, web, {"task_id": task_id, "status": "pause"}).status_code == 200
    assert modify(sim, web, {"task_id": task_id, "status": "enable", "vod_loop_time": ""}).status_code == 200
    task = get_task(sim, web, task_id)
    assert task["status"] == "running" and task["vod_loop_time"] == "-1"
    assert modify(sim, web, {"task_id": task_id}).status_code == 200 and get_task(sim, web, task_id) == task
    assert [task["task_id"] for task in sim.tasks()][-1] == task_id  # a modified task keeps its position


def test_live_modify_ignored_answers_200_and_changes_no_live_task(sim, web):
    live_id = created_id(create(sim, web, live_body(start_time=stamp(-60), end_time=stamp(86400))))
    vod_id = created_id(create(sim, web, vod_body()))
    live, vod = get_task(sim, web, live_id), get_task(sim, web, vod_id)
    assert sim.set_live_modify("ignored") == {"mode": "ignored"} and sim.live_modify() == {"mode": "ignored"}
    for changes in ({"source_urls": ["rtmp://origin2.example.com/live/news"]}, {"end_time": stamp(7200)}, {"status": "pause"}):
        response = modify(sim, web, dict(changes, task_id=live_id))
        assert response.json() == {"task_id": live_id, "request_id": response.headers["X-Request-Id"]}
    assert get_task(sim, web, live_id) == live
    assert_illegal(modify(sim, web, {"task_id": live_id, "source_urls": ["rtmp://a/b/c", "rtmp://a/b/d"]}), "exactly one")
    assert modify(sim, web, {"task_id": vod_id, "status": "pause", "vod_loop_time": "3"}).status_code == 200
    assert get_task(sim, web, vod_id) == dict(vod, status="suspend", vod_loop_time="3")
    sim.reset()
    assert sim.live_modify() == {"mode": "applied"}


def test_live_modify_mode_from_the_command_line_and_a_bad_mode_refused(web):
    with control.SimulatorProcess(tasks=0, extra_args=("--live-modify", "ignored")) as ignoring:
        assert ignoring.live_modify() == {"mode": "ignored"}
        task_id = created_id(create(ignoring, web, live_body()))
        assert modify(ignoring, web, {"task_id": task_id, "status": "pause"}).status_code == 200
        assert get_task(ignoring, web, task_id)["status"] == "running"
        with pytest.raises(control.SimulatorError, match="mode"):
            ignoring.set_live_modify("sometimes")
        ignoring.reset()
        assert ignoring.live_modify() == {"mode": "ignored"}


def test_modify_dataset_tasks_keeps_region_index(sim, web):
    finished = next(task for task in sim.tasks() if task["status"] in ("finished", "failed"))
    assert modify(sim, web, {"task_id": finished["task_id"], "status": "pause"}).status_code == 200
    assert get_task(sim, web, finished["task_id"])["status"] == "suspend"  # no window check without new times
    assert_illegal(modify(sim, web, {"task_id": finished["task_id"], "callback_events": [], "end_time": finished["end_time"]}),
                   "end_time", "after the current time")
    expected = [task["task_id"] for task in sim.tasks() if task["region"] == finished["region"]]
    assert region_ids(sim, web, finished["region"]) == expected


def test_delete_round_trip(sim, web):
    task_id = created_id(create(sim, web, live_body(region="cn-east-3")))
    assert_illegal(delete(sim, web, task_id=task_id, region="cn-north-4"), "task_id not found", status=404)
    assert task_id in region_ids(sim, web, "cn-east-3")
    response = delete(sim, web, task_id=task_id, region="cn-east-3")
    assert response.json() == {"task_id": task_id, "request_id": response.headers["X-Request-Id"]}
    assert get_task(sim, web, task_id) == 404 and task_id not in region_ids(sim, web, "cn-east-3")
    assert_illegal(delete(sim, web, task_id=task_id), "task_id not found", status=404)
    assert_illegal(modify(sim, web, {"task_id": task_id, "status": "pause"}), "task_id not found", status=404)
    victim = sim.tasks()[5]
    assert delete(sim, web, task_id=victim["task_id"], region="").status_code == 200  # empty region: no check
    assert len(sim.tasks()) == TASKS - 1 and victim not in sim.tasks()
    assert_illegal(delete(sim, web), "task_id is required")
    assert_illegal(delete(sim, web, task_id=""), "task_id")
    assert [(entry["method"], entry["status"]) for entry in sim.write_requests()][-3:] == [("DELETE", 200), ("DELETE", 400), ("DELETE", 400)]


# --- create validation ---------------------------------------------------------------------------

TOO_LONG = "rtmp://x.example.com/" + "a" * 2028
CREATE_CASES = [
    ("no source_type", live_body(source_type=DROP), "source_type is required"),
    ("bad source_type", live_body(source_type="PullLivePushVod"), "source_type must be"),
    ("no source_urls", live_body(source_urls=DROP), "source_urls is required"),
    ("empty source_urls", vod_body(source_urls=[]), "source_urls is required"),
    ("blank source url", vod_body(source_urls=["https://a.example.com/a.mp4", " "]), "source_urls[1]"),
    ("two live urls", live_body(source_urls=["rtmp://a/b/c", "rtmp://a/b/d"]), "source_urls must have exactly one"),
    ("source_urls string", live_body(source_urls="rtmp://a/b/c"), "source_urls must be a list of strings"),
    ("source_urls ints", live_body(source_urls=[1]), "source_urls must be a list of strings"),
    ("destination with domain", live_body(destination_url="rtmp://x/y/z"), "domain, app_name, stream_name must be empty"),
    ("destination with stream", vod_body(stream_name="s"), "stream_name must be empty"),
    ("destination too long", vod_body(destination_url=TOO_LONG), "destination_url must be 0 to 2048"),
    ("no target", vod_body(destination_url=DROP), "push target is required"),
    ("empty target", vod_body(destination_url="", domain=""), "push target is required"),
    ("partial target", live_body(app_name=DROP, stream_name=""), "missing app_name, stream_name"),
    ("domain too long", live_body(domain="d" * 256), "domain must be 1 to 255"),
    ("app_name too long", live_body(app_name="a" * 129), "app_name must be 1 to 128"),
    ("stream_name too long", live_body(stream_name="s" * 513), "stream_name must be 1 to 512"),
    ("start format", live_body(start_time="2030-01-01 00:00:00"), "start_time must be a UTC time"),
    ("start iso offset", live_body(start_time="2030-01-01T00:00:00+00:00"), "start_time must be a UTC time"),
    ("start short fields", live_body(start_time="2030-1-1T0:0:0Z"), "start_time must be a UTC time"),
    ("end format", live_body(end_time="tomorrow"), "end_time must be a UTC time"),
    ("end not a string", live_body(end_time=1893456000), "end_time must be a string"),
    ("end before start", live_body(start_time=stamp(7200), end_time=stamp(3600)), "end_time"),
    ("end equals start", live_body(start_time=stamp(7200), end_time=stamp(7200)), "must be after start_time"),
    ("end in the past", live_body(start_time=stamp(-7200), end_time=stamp(-60)), "must be after the current time"),
    ("window over 7 days", live_body(start_time=stamp(60), end_time=stamp(7 * 86400 + 61)), "at most 7 days after start_time"),
    ("default end too far", live_body(end_time=stamp(8 * 86400)), "at most 7 days"),
    ("refresh type on create", vod_body(vod_refresh_type="continue_from_file_start"), "vod_refresh_type must be immediate_new_source"),
    ("refresh type unknown", vod_body(vod_refresh_type="later"), "vod_refresh_type"),
    ("index too high", vod_body(vod_start_video_index=2), "vod_start_video_index must be 0 to 1"),
    ("index negative", vod_body(vod_start_video_index=-1), "vod_start_video_index"),
    ("index over 8192", vod_body(source_urls=["u%d" % index for index in range(8194)], vod_start_video_index=8193),
     "vod_start_video_index must be 0 to 8192"),
    ("index a string", vod_body(vod_start_video_index="1"), "vod_start_video_index must be an integer"),
    ("index a boolean", vod_body(vod_start_video_index=True), "vod_start_video_index must be an integer"),
    ("index a float", vod_body(vod_start_video_index=1.0), "vod_start_video_index must be an integer"),
    ("video time negative", vod_body(vod_start_video_time=-1), "vod_start_video_time must be 0 to 2100000000"),
    ("video time too big", vod_body(vod_start_video_time=2100000001), "vod_start_video_time must be 0 to 2100000000"),
    ("loop time zero", vod_body(vod_loop_time="0"), "vod_loop_time"),
    ("loop time word", vod_body(vod_loop_time="forever"), "vod_loop_time"),
    ("loop time integer", vod_body(vod_loop_time=-1), "vod_loop_time must be a string"),
    ("31 backup urls", vod_body(backup_source_urls=["rtmp://b/%d" % index for index in range(31)]), "backup_source_urls must have 0 to 30"),
    ("backup type", vod_body(backup_source_type=VOD), "backup_source_type must be PullLivePushLive"),
    ("unknown event", live_body(callback_events=["TaskStart", "Nope"]), "callback_events"),
    ("vod event on live", live_body(callback_events=["VodSourceFileFinish"]), "PullVodPushLive tasks only"),
    ("events a string", live_body(callback_events="TaskStart"), "callback_events must be a list of strings"),
    ("unknown region", live_body(region="eu-west-0"), "region 'eu-west-0'"),
    ("region a number", live_body(region=4), "region must be a string"),
    ("unknown fields", live_body(task_id="x", colour="red"), "unknown field colour, task_id"),
    ("status on create", live_body(status="running"), "unknown field status"),
    ("callback_url a list", live_body(callback_url=["x"]), "callback_url must be a string"),
    ("push_args an object", live_body(push_args={"a": 1}), "push_args must be a string"),
] + [("%s on live" % name, live_body(**{name: value}), "%s only allowed when source_type is PullVodPushLive" % name)
     for name, value in (("vod_loop_time", "-1"), ("vod_refresh_type", "immediate_new_source"), ("vod_start_video_index", 0),
                         ("vod_start_video_time", 0), ("backup_source_type", LIVE), ("backup_source_urls", ["rtmp://b/c"]))]


@pytest.mark.parametrize("body,message", [case[1:] for case in CREATE_CASES], ids=[case[0] for case in CREATE_CASES])
def test_create_rules(sim, web, body, message):
    assert_illegal(create(sim, web, body), message)
    assert len(sim.tasks()) == TASKS


@pytest.mark.parametrize("raw,message", [(b"", "body is required"), (b"{not json", "not valid JSON"), (b"\xff\xfe", "not valid JSON"),
                                         (b"[]", "must be a JSON object, got a list"), (b"null", "got null"),
                                         (b'"text"', "got a string")])
def test_create_body_not_an_object(sim, web, raw, message):
    response = web.post(sim.api_url(), data=raw, headers=dict(headers(sim), **{"Content-Type": "application/json"}), timeout=10)
    assert_illegal(response, message)


# --- modify validation ---------------------------------------------------------------------------

FIXED_FIELDS = ["region", "source_type", "domain", "app_name", "stream_name", "push_args", "destination_url", "callback_url",
                "backup_source_type", "backup_source_urls", "create_time", "colour"]


@pytest.fixture
def two_tasks(sim, web):
    live_id = created_id(create(sim, web, live_body(start_time=stamp(-3600), end_time=stamp(86400))))
    vod_id = created_id(create(sim, web, vod_body()))
    return live_id, vod_id


@pytest.mark.parametrize("field", FIXED_FIELDS)
def test_modify_fixed_fields(sim, web, two_tasks, field):
    before = sim.tasks()
    assert_illegal(modify(sim, web, {"task_id": two_tasks[0], field: "x"}), "field %s cannot be modified" % field)
    assert sim.tasks() == before


MODIFY_CASES = [
    ("live", {"source_urls": ["rtmp://a/b/c", "rtmp://a/b/d"]}, "source_urls must have exactly one"),
    ("live", {"source_urls": []}, "source_urls is required"),
    ("live", {"vod_loop_time": "3"}, "vod_loop_time only allowed when source_type is PullVodPushLive"),
    ("live", {"vod_start_video_index": 0}, "vod_start_video_index only allowed"),
    ("live", {"callback_events": ["ResetTaskConfig"]}, "PullVodPushLive tasks only"),
    ("live", {"status": "disable"}, "status must be pause or enable"),
    ("live", {"status": "suspend"}, "status must be pause or enable"),
    ("live", {"status": 1}, "status must be a string"),
    ("live", {"start_time": "now"}, "start_time must be a UTC time"),
    ("live", {"end_time": stamp(-60)}, "end_time"),
    ("live", {"end_time": stamp(7 * 86400)}, "at most 7 days after start_time"),
    ("live", {"start_time": stamp(90000)}, "must be after start_time"),
    ("vod", {"source_urls": ["https://vod.example.com/only.mp4"], "vod_start_video_index": 1}, "vod_start_video_index must be 0 to 0"),
    ("vod", {"vod_start_video_index": 2}, "vod_start_video_index must be 0 to 1"),
    ("vod", {"vod_start_video_time": 2100000001}, "vod_start_video_time"),
    ("vod", {"vod_refresh_type": "sometime"}, "vod_refresh_type must be"),
    ("vod", {"vod_loop_time": "-2"}, "vod_loop_time"),
    ("vod", {"callback_events": ["TaskExit", "Bogus"]}, "callback_events"),
    ("vod", {"task_id": None}, "task_id is required"),
    ("vod", {"task_id": 12}, "task_id must be a string"),
]


@pytest.mark.parametrize("kind,changes,message", MODIFY_CASES)
def test_modify_rules(sim, web, two_tasks, kind, changes, message):
    before = sim.tasks()
    assert_illegal(modify(sim, web, dict({"task_id": two_tasks[kind == "vod"]}, **changes)), message)
    assert sim.tasks() == before


def test_modify_shrinking_sources_and_unknown_task(sim, web, two_tasks):
    vod_id = two_tasks[1]
    assert modify(sim, web, {"task_id": vod_id, "vod_start_video_index": 1, "vod_refresh_type": "continue_from_file_start"}).status_code == 200
    assert_illegal(modify(sim, web, {"task_id": vod_id, "source_urls": ["https://vod.example.com/a.mp4"]}), "vod_start_video_index")
    assert modify(sim, web, {"task_id": vod_id, "source_urls": ["https://vod.example.com/a.mp4"], "vod_start_video_index": 0}).status_code == 200
    assert get_task(sim, web, vod_id)["vod_refresh_type"] == "continue_from_file_start"
    unknown = "00000000-0000-4000-8000-000000000000"
    assert_illegal(modify(sim, web, {"task_id": unknown, "status": "pause"}), "task_id not found", status=404)
    assert_illegal(modify(sim, web, {"task_id": unknown, "region": "x"}), "field region cannot be modified")  # body rules come first
    assert_illegal(web.put(sim.api_url(), data=b"[1]", headers=headers(sim), timeout=10), "JSON object")


# --- authentication, faults, request log ------------------------------------------------------------

def test_writes_need_credentials(sim, web):
    web.get(sim.api_url(), headers=headers(sim), timeout=10)
    web.post(sim.url + "/v3/auth/tokens", json={}, timeout=10)
    assert len(sim.requests_log()) == 2 and sim.write_requests() == []  # "no write was sent" is observable
    task_id = sim.tasks()[0]["task_id"]
    calls = [("POST", {"json": live_body()}), ("PUT", {"json": {"task_id": task_id, "status": "pause"}}),
             ("DELETE", {"params": {"task_id": task_id}})]
    for method, extra in calls:
        response = web.request(method, sim.api_url(), timeout=10, **extra)
        assert response.status_code == 401 and response.json()["error_code"] == "APIGW.0301"
        response = web.request(method, sim.api_url(), headers=headers(sim, "wrong-token"), timeout=10, **extra)
        assert response.status_code == 401
        other = "%s/v1/%s/pull/stream/task" % (sim.url, "f" * 32)
        assert web.request(method, other, headers=headers(sim), timeout=10, **extra).status_code == 403
    assert len(sim.tasks()) == TASKS and [task["task_id"] for task in sim.tasks()][0] == task_id
    log = sim.write_requests()
    assert [(entry["method"], entry["status"], entry["auth"]) for entry in log] == \
        [(method, status, auth) for method, _extra in calls for status, auth in ((401, "none"), (401, "none"), (403, "token"))]
    assert web.request("PATCH", sim.api_url(), headers=headers(sim), timeout=10).json()["error_code"] == "APIGW.0101"


def test_faults_apply_to_writes(sim, web):
    sim.set_faults([{"kind": "status", "status": 503, "match": {"method": "POST"}, "times": 1},
                    {"kind": "status", "status": 429, "match": {"method": "delete"}, "retry_after": "2"}])
    assert web.get(sim.api_url(), headers=headers(sim), timeout=10).status_code == 200
    failed = create(sim, web, live_body())
    assert failed.status_code == 503 and failed.json()["error_code"] == "APIG.0203"
    assert len(sim.tasks()) == TASKS
    task_id = created_id(create(sim, web, live_body()))  # times: 1 is used up
    throttled = delete(sim, web, task_id=task_id)
    assert throttled.status_code == 429 and throttled.headers["Retry-After"] == "2" and get_task(sim, web, task_id)["task_id"] == task_id
    assert [(entry["method"], entry["status"]) for entry in sim.write_requests()] == [("POST", 503), ("POST", 200), ("DELETE", 429)]

    sim.set_faults([{"kind": "reset", "match": {"method": "PUT"}, "times": 1}, {"kind": "body", "shape": "html", "match": {"method": "PUT"}}])
    with pytest.raises(requests.ConnectionError):
        modify(sim, web, {"task_id": task_id, "status": "pause"})
    assert get_task(sim, web, task_id)["status"] == "running"
    garbled = modify(sim, web, {"task_id": task_id, "status": "pause"})
    assert garbled.status_code == 200 and garbled.headers["Content-Type"].startswith("text/html")
    assert get_task(sim, web, task_id)["status"] == "suspend"
    assert [entry["status"] for entry in sim.write_requests()][-2:] == [0, 200]


def test_concurrent_writes_keep_indexes_right(sim, web):
    regions = dataset.REGIONS
    victims = [task["task_id"] for task in sim.tasks()[:10]]

    def send(method, **kwargs):
        with requests.Session() as session:  # one session per call: sessions are not shared between threads
            session.trust_env = False
            return session.request(method, sim.api_url(), headers=headers(sim), timeout=10, **kwargs)

    def work(index):
        if index < len(victims):
            send("DELETE", params={"task_id": victims[index]})
            return None
        return send("POST", json=live_body(region=regions[index % len(regions)])).json()["task_id"]

    with concurrent.futures.ThreadPoolExecutor(12) as pool:
        created = [task_id for task_id in pool.map(work, range(40)) if task_id]
        statuses = [response.status_code for response in pool.map(
            lambda task_id: send("PUT", json={"task_id": task_id, "status": "pause"}), victims[:5] + created[:5])]
    assert statuses == [404] * 5 + [200] * 5  # a pause never brings a deleted task back
    tasks = sim.tasks()
    assert len(tasks) == TASKS - 10 + 30 and set(created) <= {task["task_id"] for task in tasks}
    for region in regions:
        assert region_ids(sim, web, region) == [task["task_id"] for task in tasks if task["region"] == region][:100]


# --- the vendor SDK ------------------------------------------------------------------------------

def sdk_client(sim):
    config = HttpConfig.get_default_config()
    config.ignore_ssl_verification = True
    config.timeout = (5, 10)
    config.retry_times = 0
    credentials = BasicCredentials(sim.access_key, sim.secret_key, sim.project_id)
    return LiveClient.new_builder().with_credentials(credentials).with_endpoints([sim.url]).with_http_config(config).build()


@needs_sdk
def test_vendor_sdk_create_modify_delete(sim):
    client = sdk_client(sim)
    start, end = stamp(-60), stamp(86400)
    body = LivePullStreamTask(region="cn-east-3", source_type=VOD, source_urls=["https://vod.example.com/a.mp4", "https://vod.example.com/b.mp4"],
                              domain="publish.example.com", app_name="live", stream_name="sdk", push_args="auth_key=1",
                              start_time=start, end_time=end, vod_loop_time="-1", vod_start_video_index=1,
                              callback_events=["TaskStart", "VodSourceFileStart"], callback_url="https://hooks.example.com/cb")
    created = client.create_pull_task(CreatePullTaskRequest(body=body))
    task_id = created.task_id
    assert created.request_id == sim.requests_log()[-1]["request_id"]
    listed = client.list_pull_tasks(ListPullTasksRequest(task_id=task_id, region="cn-east-3")).task_infos[0]
    assert (listed.status, listed.stream_name, listed.vod_start_video_index, listed.start_time) == ("running", "sdk", 1, start)

    modified = client.modify_pull_task(ModifyPullTaskRequest(body=ModifyLivePullStreamTask(
        task_id=task_id, status="pause", source_urls=["https://vod.example.com/c.mp4"], vod_start_video_index=0,
        vod_refresh_type="continue_from_file_start", end_time=stamp(2 * 86400))))
    assert modified.task_id == task_id
    task = next(task for task in sim.tasks() if task["task_id"] == task_id)
    assert (task["status"], task["source_urls"], task["vod_refresh_type"]) == ("suspend", ["https://vod.example.com/c.mp4"], "continue_from_file_start")

    with pytest.raises(ClientRequestException) as bad:
        client.modify_pull_task(ModifyPullTaskRequest(body=ModifyLivePullStreamTask(task_id=task_id, vod_start_video_index=3)))
    assert bad.value.status_code == 400 and bad.value.error_code == ILLEGAL and "vod_start_video_index" in bad.value.error_msg
    # the request models type start_time as datetime: the SDK sends datetime.isoformat(), which the API format rejects
    with pytest.raises(ClientRequestException) as iso:
        client.create_pull_task(CreatePullTaskRequest(body=LivePullStreamTask(
            source_type=LIVE, source_urls=["rtmp://a.example.com/live/s"], destination_url="rtmp://b.example.com/live/s",
            start_time=now() + datetime.timedelta(hours=1))))
    assert iso.value.status_code == 400 and "start_time" in iso.value.error_msg and "+00:00" in iso.value.error_msg

    assert client.delete_pull_task(DeletePullTaskRequest(task_id=task_id, region="cn-east-3")).task_id == task_id
    with pytest.raises(ClientRequestException) as gone:
        client.delete_pull_task(DeletePullTaskRequest(task_id=task_id))
    assert gone.value.status_code == 404 and gone.value.error_code == ILLEGAL
    log = sim.write_requests()
    assert [(entry["method"], entry["status"], entry["auth"]) for entry in log] == [
        ("POST", 200, "aksk"), ("PUT", 200, "aksk"), ("PUT", 400, "aksk"), ("POST", 400, "aksk"), ("DELETE", 200, "aksk"),
        ("DELETE", 404, "aksk")]
    assert log[-2]["query"] == [["region", "cn-east-3"], ["task_id", task_id]] and log[-1]["query"] == [["task_id", task_id]]
    assert len(sim.tasks()) == TASKS
