"""Integration tests of the Live relay task simulator (tests/simulator), run against real subprocesses."""

import concurrent.futures
import datetime
from http.client import HTTPConnection
import json
import os
import re
import signal
import subprocess
import sys
import time
from urllib.parse import urlparse

import pytest
import requests
from vendor_signing import signed_get

try:
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
    from huaweicloudsdkcore.http.http_config import HttpConfig
    from huaweicloudsdklive.v1 import ListPullTasksRequest, LiveClient
    HAS_SDK = True
except ImportError:
    HAS_SDK = False

SIMULATOR_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "simulator")
sys.path.insert(0, SIMULATOR_DIR)

import control  # noqa: E402  pylint: disable=wrong-import-position
import dataset  # noqa: E402  pylint: disable=wrong-import-position

needs_sdk = pytest.mark.skipif(not HAS_SDK, reason="huaweicloudsdkcore / huaweicloudsdklive are not installed")

REFERENCE = "2026-01-15T00:00:00Z"
SEED = 7
TASKS = 250
SDK_DATE = "%Y%m%dT%H%M%SZ"


@pytest.fixture(scope="module")
def sim():
    process = control.SimulatorProcess(tasks=TASKS, seed=SEED, extra_args=("--reference-time", REFERENCE))
    try:
        yield process
    finally:
        assert process.stop() == 0
        process.close()


@pytest.fixture(autouse=True)
def fresh(request):
    if "sim" in request.fixturenames:
        request.getfixturevalue("sim").reset()


def parse(text):
    return datetime.datetime.strptime(text, dataset.TIME_FORMAT)


def reference_tasks(count, seed=SEED):
    return dataset.generate_tasks(count, seed, dataset.parse_reference_time(REFERENCE))


def listing(sim, web, token=None, timeout=10, **params):
    return web.get(sim.api_url(), params=params, headers={"X-Auth-Token": token or sim.token}, timeout=timeout)


def page_ids(sim, web, limit, **params):
    ids, offset = [], 0
    while True:
        body = listing(sim, web, limit=limit, offset=offset, **params).json()
        ids += [task["task_id"] for task in body["task_infos"]]
        assert len(body["task_infos"]) <= limit
        offset += limit
        if offset >= body["total"]:
            return ids, body["total"]


def sdk_client(sim, security_token=None, secret_key=None, retry_times=0):
    config = HttpConfig.get_default_config()
    config.ignore_ssl_verification = True
    config.timeout = (5, 10)
    config.retry_times = retry_times
    credentials = BasicCredentials(sim.access_key, secret_key or sim.secret_key, sim.project_id)
    if security_token:
        credentials.with_security_token(security_token)
    return LiveClient.new_builder().with_credentials(credentials).with_endpoints([sim.url]).with_http_config(config).build()


def assert_api_error(response, status, error_code, message_part=""):
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error_code"] == error_code
    assert message_part in body["error_msg"]
    assert body["request_id"] == response.headers["X-Request-Id"]
    return body


# --- start-up, data set ------------------------------------------------------------------------

def test_ready_line_help_and_generated_data_set(sim):
    assert re.match(r"^http://127\.0\.0\.1:\d+$", sim.url)
    assert sim.tasks() == reference_tasks(TASKS)
    assert reference_tasks(20) != reference_tasks(20, seed=SEED + 1)
    result = subprocess.run([sys.executable, control.SCRIPT, "--help"], capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 0 and "--fault" in result.stdout and "--security-token" in result.stdout


def test_generated_tasks_are_self_consistent():
    tasks = reference_tasks(400)
    ref = dataset.parse_reference_time(REFERENCE).replace(tzinfo=None)
    stamp = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
    assert len({task["task_id"] for task in tasks}) == 400
    assert [task["create_time"] for task in tasks] == sorted(task["create_time"] for task in tasks)
    assert {task["region"] for task in tasks} == set(dataset.REGIONS)
    assert {task["status"] for task in tasks} == set(dataset.STATUSES)
    for task in tasks:
        assert all(stamp.match(task[key]) for key in ("create_time", "start_time", "end_time"))
        assert parse(task["create_time"]) <= parse(task["start_time"]) < parse(task["end_time"])
        assert (parse(task["end_time"]) - parse(task["start_time"])).total_seconds() <= 7 * 86400
        assert ("domain" in task) == (task["destination_url"] == "") == ("stream_name" in task)
        if task["source_type"] == "PullLivePushLive":
            assert len(task["source_urls"]) == 1 and not any(key.startswith(("vod_", "backup_")) for key in task)
        else:
            assert 1 <= len(task["source_urls"]) <= 5 and 0 <= task["vod_start_video_index"] < len(task["source_urls"])
            assert task["vod_refresh_type"] in dataset.REFRESH_TYPES
        if task["status"] == "waiting":
            assert parse(task["start_time"]) > ref
        if task["status"] in ("finished", "failed"):
            assert parse(task["end_time"]) < ref
        assert all(".example.com" in url for url in task["source_urls"])
    assert any(task["status"] == "running" and parse(task["end_time"]) < ref for task in tasks)
    assert any(task["callback_url"] == "" for task in tasks)
    assert any(task["callback_events"] and "TaskAlarm" not in task["callback_events"] for task in tasks)


# --- listing -------------------------------------------------------------------------------------

@pytest.mark.parametrize("count", [0, 1, 100, 101, 250])
@pytest.mark.parametrize("limit", [7, 100])
def test_pagination_returns_every_task_exactly_once(sim, web, count, limit):
    expected = [task["task_id"] for task in reference_tasks(count, seed=count + 1)]
    sim.set_tasks(reference_tasks(count, seed=count + 1))
    ids, total = page_ids(sim, web, limit)
    assert total == count
    assert ids == expected
    beyond = listing(sim, web, limit=limit, offset=count + 5).json()
    assert beyond["total"] == count and beyond["task_infos"] == []


def test_defaults_boundaries_and_x_request_id(sim, web):
    response = listing(sim, web)
    body = response.json()
    assert [task["task_id"] for task in body["task_infos"]] == [task["task_id"] for task in sim.tasks()[:10]]
    assert body["total"] == TASKS
    assert response.headers["X-Request-Id"] == body["request_id"]
    assert listing(sim, web).json()["request_id"] != body["request_id"]
    assert len(listing(sim, web, limit=100).json()["task_infos"]) == 100
    assert listing(sim, web, offset=2147483647).json()["task_infos"] == []


@pytest.mark.parametrize("param,value", [("limit", "0"), ("limit", "101"), ("limit", "-1"), ("limit", "abc"), ("limit", ""),
                                         ("limit", "1.5"), ("offset", "-1"), ("offset", "2147483648"), ("offset", "x")])
def test_bad_limit_or_offset_is_400(sim, web, param, value):
    body = assert_api_error(listing(sim, web, **{param: value}), 400, "LIVE.100011001", "Request Illegal")
    assert param in body["error_msg"]


def test_region_filter(sim, web):
    tasks = sim.tasks()
    for region in dataset.REGIONS:
        expected = [task["task_id"] for task in tasks if task["region"] == region]
        ids, total = page_ids(sim, web, 13, region=region)
        assert expected and ids == expected and total == len(expected)
    unknown = listing(sim, web, region="eu-west-0").json()
    assert unknown["total"] == 0 and unknown["task_infos"] == []


def test_task_id_found_and_404(sim, web):
    task = sim.tasks()[42]
    body = listing(sim, web, task_id=task["task_id"]).json()
    assert body["total"] == 1 and body["task_infos"] == [task]
    assert listing(sim, web, task_id=task["task_id"], region=task["region"]).json()["task_infos"] == [task]
    other = next(region for region in dataset.REGIONS if region != task["region"])
    assert_api_error(listing(sim, web, task_id=task["task_id"], region=other), 404, "LIVE.100011001")
    assert_api_error(listing(sim, web, task_id="00000000-0000-4000-8000-000000000000"), 404, "LIVE.100011001", "not found")


def test_keep_alive_and_unknown_route(sim):
    connection = HTTPConnection(urlparse(sim.url).netloc, timeout=10)
    path = "/v1/%s/pull/stream/task?limit=1" % sim.project_id
    for _attempt in range(2):
        connection.request("GET", path, headers={"X-Auth-Token": sim.token})
        response = connection.getresponse()
        assert response.status == 200 and json.loads(response.read())["total"] == TASKS
        assert not response.will_close
    connection.request("GET", "/v1/%s/no/such/api" % sim.project_id, headers={"X-Auth-Token": sim.token})
    response = connection.getresponse()
    assert response.status == 404 and json.loads(response.read())["error_code"] == "APIGW.0101"
    connection.close()


# --- authentication ------------------------------------------------------------------------------

def test_token_auth(sim, web):
    assert listing(sim, web).status_code == 200
    body = assert_api_error(listing(sim, web, token="wrong-secret-token-value"), 401, "APIGW.0301", "Incorrect IAM authentication information")
    assert "wrong-secret-token-value" not in body["error_msg"] and sim.token not in body["error_msg"]
    assert_api_error(web.get(sim.api_url(), timeout=10), 401, "APIGW.0301")
    response = web.get("%s/v1/%s/pull/stream/task" % (sim.url, "f" * 32), headers={"X-Auth-Token": sim.token}, timeout=10)
    assert_api_error(response, 403, "LIVE.100011006", "project_id does not match")


def iam_body(sim, password=None, project=None):
    return {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": sim.username, "password": password or sim.password, "domain": {"name": sim.domain_name}}}},
        "scope": {"project": project or {"id": sim.project_id}}}}


def test_iam_token_issue_and_use(sim, web):
    response = web.post(sim.url + "/v3/auth/tokens", json=iam_body(sim), timeout=10)
    assert response.status_code == 201
    token = response.headers["X-Subject-Token"]
    body = response.json()["token"]
    assert body["methods"] == ["password"] and body["project"]["id"] == sim.project_id
    assert body["expires_at"] > body["issued_at"]
    assert listing(sim, web, token=token).json()["total"] == TASKS

    by_name = web.post(sim.url + "/v3/auth/tokens", json=iam_body(sim, project={"name": "cn-east-3"}), timeout=10)
    assert by_name.status_code == 201 and by_name.json()["token"]["project"]["id"] == sim.project_id
    assert listing(sim, web, token=by_name.headers["X-Subject-Token"]).status_code == 200

    foreign = web.post(sim.url + "/v3/auth/tokens", json=iam_body(sim, project={"id": "a" * 32}), timeout=10)
    assert foreign.status_code == 201
    assert_api_error(listing(sim, web, token=foreign.headers["X-Subject-Token"]), 403, "LIVE.100011006")

    wrong = web.post(sim.url + "/v3/auth/tokens", json=iam_body(sim, password="nope"), timeout=10)
    assert wrong.status_code == 401 and "X-Subject-Token" not in wrong.headers
    assert wrong.json() == {"error": {"code": 401, "message": "The username or password is wrong.", "title": "Unauthorized"}}
    for malformed in (b"{not json", json.dumps({"auth": {"identity": {"methods": ["password"]}}}).encode()):
        bad = web.post(sim.url + "/v3/auth/tokens", data=malformed, headers={"Content-Type": "application/json"}, timeout=10)
        assert bad.status_code == 400 and bad.json()["error"]["code"] == 400

    auths = [(entry["path"].startswith("/v3"), entry["status"], entry["auth"]) for entry in sim.requests_log()]
    assert auths[:2] == [(True, 201, "iam"), (False, 200, "token")]
    assert (True, 401, "none") in auths


@needs_sdk
def test_aksk_signature_from_vendor_signer(sim, web):
    assert signed_get(sim, web, [("limit", "5"), ("region", "cn-north-4")]).json()["task_infos"] == \
        [task for task in sim.tasks() if task["region"] == "cn-north-4"][:5]
    # reserved characters in the query must be canonicalised the way the SDK does it (404, not 401)
    assert_api_error(signed_get(sim, web, [("task_id", "a b/c+d~e"), ("region", "cn-north-4")]), 404, "LIVE.100011001")
    # repeated keys are kept for the signature; the SDK sends the sorted query and the first value on the wire wins
    assert len(signed_get(sim, web, [("limit", "5"), ("limit", "3")]).json()["task_infos"]) == 3
    assert sim.requests_log()[-1]["query"] == [["limit", "3"], ["limit", "5"]]
    body = assert_api_error(signed_get(sim, web, [("limit", "5")], secret_key="X" * 40), 401, "APIGW.0301", "signature does not match")
    assert sim.secret_key not in body["error_msg"]
    assert_api_error(signed_get(sim, web, [("limit", "5")], access_key="UNKNOWNAK"), 401, "APIGW.0301", "access key")
    tampered = signed_get(sim, web, [("limit", "5")], after_sign={"X-Sdk-Date": time.strftime(SDK_DATE, time.gmtime(time.time() - 60))})
    assert_api_error(tampered, 401, "APIGW.0301", "signature")
    old = time.strftime(SDK_DATE, time.gmtime(time.time() - 20 * 60))
    assert_api_error(signed_get(sim, web, [("limit", "5")], headers={"X-Sdk-Date": old}), 401, "APIGW.0301", "clock skew")


@needs_sdk
def test_aksk_security_token(sim, web):
    assert signed_get(sim, web, [("limit", "1")], headers={"X-Security-Token": sim.security_token}).status_code == 200
    assert_api_error(signed_get(sim, web, [("limit", "1")], headers={"X-Security-Token": "other"}), 401, "APIGW.0301", "security token")
    unsigned = signed_get(sim, web, [("limit", "1")], after_sign={"X-Security-Token": sim.security_token})
    assert_api_error(unsigned, 401, "APIGW.0301", "signed header")
    assert [entry["auth"] for entry in sim.requests_log()] == ["aksk", "none", "none"]


# --- the vendor SDK ------------------------------------------------------------------------------

@needs_sdk
def test_vendor_sdk_pages_through_all_tasks(sim):
    client = sdk_client(sim)
    ids, offset, total = [], 0, None
    while total is None or offset < total:
        response = client.list_pull_tasks(ListPullTasksRequest(offset=offset, limit=100))
        total = response.total
        ids += [task.task_id for task in response.task_infos]
        offset += 100
    assert ids == [task["task_id"] for task in sim.tasks()] and total == TASKS
    region = client.list_pull_tasks(ListPullTasksRequest(region="ap-southeast-2", limit=100))
    assert {task.region for task in region.task_infos} == {"ap-southeast-2"}
    assert region.total == sum(1 for task in sim.tasks() if task["region"] == "ap-southeast-2")
    log = sim.requests_log()
    assert {entry["auth"] for entry in log} == {"aksk"} and len(log) == 4
    assert log[1]["query"] == [["limit", "100"], ["offset", "100"]]


@needs_sdk
def test_vendor_sdk_errors_security_token_and_retry(sim):
    with pytest.raises(ClientRequestException) as missing:
        sdk_client(sim).list_pull_tasks(ListPullTasksRequest(task_id="no-such-task"))
    assert missing.value.status_code == 404 and missing.value.error_code == "LIVE.100011001"
    assert missing.value.request_id == sim.requests_log()[-1]["request_id"]
    with pytest.raises(ClientRequestException) as denied:
        sdk_client(sim, secret_key="Y" * 40).list_pull_tasks(ListPullTasksRequest(limit=1))
    assert denied.value.status_code == 401 and denied.value.error_code == "APIGW.0301"
    assert sdk_client(sim, security_token=sim.security_token).list_pull_tasks(ListPullTasksRequest(limit=2)).total == TASKS

    sim.set_faults([{"kind": "status", "status": 429, "retry_after": "0", "times": 1}])
    with pytest.raises(ClientRequestException) as throttled:
        sdk_client(sim).list_pull_tasks(ListPullTasksRequest(limit=1))
    assert throttled.value.status_code == 429  # the SDK drops the body (error_code "429") when retry_times is 0
    sim.set_faults([{"kind": "status", "status": 429, "retry_after": "0", "times": 1}])
    assert sdk_client(sim, retry_times=2).list_pull_tasks(ListPullTasksRequest(limit=1)).total == TASKS
    assert [entry["status"] for entry in sim.requests_log()][-2:] == [429, 200]


# --- faults --------------------------------------------------------------------------------------

def test_latency_fault_and_global_latency(sim, web):
    sim.set_faults([{"kind": "latency", "ms": 500, "times": 1}])
    started = time.monotonic()
    assert listing(sim, web).status_code == 200
    assert time.monotonic() - started >= 0.5
    started = time.monotonic()
    assert listing(sim, web).status_code == 200
    assert time.monotonic() - started < 0.4
    assert sim.faults() == []
    with control.SimulatorProcess(tasks=3, latency_ms=150, faults=[{"kind": "total", "delta": 2}]) as slow:
        started = time.monotonic()
        assert listing(slow, web).json()["total"] == 5
        assert time.monotonic() - started >= 0.15


def test_latency_sleeps_without_blocking_other_requests(sim, web):
    sim.set_faults([{"kind": "latency", "ms": 200}])
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda offset: requests.get(sim.api_url(), params={"offset": offset, "limit": 100}, timeout=10,
                                                             headers={"X-Auth-Token": sim.token}).status_code, range(0, 16)))
    assert statuses == [200] * 16
    assert time.monotonic() - started < 1.2  # 16 requests x 0.2 s would take 3.2 s if serialised


@pytest.mark.parametrize("shape,keys", [("error_code", ("error_code", "error_msg")), ("errorCode", ("errorCode", "errorMsg")),
                                        ("code", ("code", "message"))])
def test_status_fault_body_shapes_retry_after_and_times(sim, web, shape, keys):
    sim.set_faults([{"kind": "status", "status": 429, "retry_after": "1", "times": 2, "body_shape": shape}])
    for _attempt in range(2):
        response = listing(sim, web)
        assert response.status_code == 429 and response.headers["Retry-After"] == "1"
        body = response.json()
        assert set(keys) <= set(body) and body[keys[0]] == "APIG.0308"
        assert body["request_id"] == response.headers["X-Request-Id"]
    assert listing(sim, web).status_code == 200
    assert [entry["status"] for entry in sim.requests_log()] == [429, 429, 200]


def test_status_fault_defaults_and_match(sim, web):
    sim.set_faults([{"kind": "status", "status": 503, "match": {"offset": 20, "method": "GET"}},
                    {"kind": "status", "status": 500, "error_code": "X.1", "error_msg": "boom", "match": {"region": "cn-east-3"}},
                    {"kind": "status", "status": 502, "match": {"path_prefix": "/v3"}},
                    {"kind": "status", "status": 504, "match": {"method": "DELETE"}}])
    assert listing(sim, web, offset=0).status_code == 200
    assert_api_error(listing(sim, web, offset=20), 503, "APIG.0203")
    assert_api_error(listing(sim, web, region="cn-east-3"), 500, "X.1", "boom")
    assert web.post(sim.url + "/v3/auth/tokens", json=iam_body(sim), timeout=10).status_code == 502
    assert len(sim.faults()) == 4 and all(fault["times"] == -1 for fault in sim.faults())
    with pytest.raises(control.SimulatorError):
        sim.set_faults([{"kind": "nonsense"}])
    with pytest.raises(control.SimulatorError):
        sim.set_faults([{"kind": "status", "status": 200}])


@pytest.mark.parametrize("shape", ["html", "empty", "truncated", "not_json", "task_infos_missing", "task_infos_null",
                                   "task_infos_not_list", "total_missing", "total_not_int"])
def test_body_faults(sim, web, shape):
    sim.set_faults([{"kind": "body", "shape": shape, "times": 1}])
    response = listing(sim, web, limit=5)
    assert response.status_code == 200
    if shape in ("html", "empty", "truncated", "not_json"):
        with pytest.raises(ValueError):
            json.loads(response.content)
        assert response.headers["Content-Type"].startswith("text/html" if shape == "html" else "application/json")
        assert (response.content == b"") == (shape == "empty")
    else:
        body = response.json()
        checks = {"task_infos_missing": "task_infos" not in body, "task_infos_null": body.get("task_infos", 0) is None,
                  "task_infos_not_list": isinstance(body.get("task_infos"), dict), "total_missing": "total" not in body,
                  "total_not_int": body.get("total") == str(TASKS)}
        assert checks[shape]
    assert len(listing(sim, web, limit=5).json()["task_infos"]) == 5


def test_reset_and_hang_faults(sim, web):
    sim.set_faults([{"kind": "reset", "times": 1}])
    with pytest.raises(requests.ConnectionError):
        listing(sim, web)
    assert listing(sim, web).status_code == 200
    sim.set_faults([{"kind": "hang", "seconds": 1, "times": 1}])
    with pytest.raises(requests.exceptions.ReadTimeout):
        listing(sim, web, timeout=0.3)
    assert listing(sim, web).status_code == 200
    assert [entry["status"] for entry in sim.requests_log()][:2] == [0, 200]


def test_drift_fault_makes_tasks_appear_and_vanish(sim, web):
    original = [task["task_id"] for task in sim.tasks()]
    sim.set_faults([{"kind": "drift", "create": 2, "delete": 1, "times": 1}])
    first = [task["task_id"] for task in listing(sim, web, limit=10).json()["task_infos"]]
    assert first == original[:10]
    after = [task["task_id"] for task in sim.tasks()]
    assert after[:-2] == original[1:] and not set(after[-2:]) & set(original)
    second = listing(sim, web, limit=10, offset=10).json()
    assert second["total"] == TASKS + 1
    assert [task["task_id"] for task in second["task_infos"]] == original[11:21]  # original[10] is skipped by naive paging
    sim.reset()
    sim.set_faults([{"kind": "drift", "create": 1, "position": "front", "times": 1}])
    listing(sim, web, limit=10)
    assert [task["task_id"] for task in sim.tasks()][1:] == original


@needs_sdk
def test_total_ignore_offset_and_token_expired_faults(sim, web):
    sim.set_faults([{"kind": "total", "delta": 5, "times": 1}, {"kind": "ignore_offset", "match": {"offset": 30}}])
    assert listing(sim, web).json()["total"] == TASKS + 5
    assert listing(sim, web).json()["total"] == TASKS
    assert listing(sim, web, offset=30, limit=5).json()["task_infos"] == sim.tasks()[:5]
    assert listing(sim, web, offset=35, limit=5).json()["task_infos"] == sim.tasks()[35:40]
    sim.set_faults([{"kind": "token_expired", "times": 1}])
    assert signed_get(sim, web, [("limit", "1")]).status_code == 200  # AK/SK requests do not consume it
    assert sim.faults()[0]["times"] == 1
    assert_api_error(listing(sim, web), 401, "APIG.0307", "The token must be updated.")
    assert listing(sim, web).status_code == 200 and sim.faults() == []


# --- request log, admin API, process life cycle ---------------------------------------------------

def test_request_log(sim, web):
    web.get(sim.api_url() + "?region=cn-north-4&region=cn-east-3&task_id=&limit=2", headers={"X-Auth-Token": sim.token}, timeout=10)
    web.get(sim.api_url(), timeout=10)
    sim.tasks()
    log = sim.requests_log()
    assert [(entry["method"], entry["path"], entry["status"], entry["auth"]) for entry in log] == [
        ("GET", "/v1/%s/pull/stream/task" % sim.project_id, 200, "token"),
        ("GET", "/v1/%s/pull/stream/task" % sim.project_id, 401, "none")]
    assert log[0]["query"] == [["region", "cn-north-4"], ["region", "cn-east-3"], ["task_id", ""], ["limit", "2"]]
    sim.clear_requests()
    assert sim.requests_log() == []


def test_admin_tasks_and_reset(sim, web):
    initial = sim.tasks()
    assert sim.set_tasks([{"region": "cn-north-4", "status": "suspend"}, {"task_id": "fixed-id", "region": "cn-east-3"}]) == {"count": 2}
    tasks = sim.tasks()
    assert re.match(r"^[0-9a-f-]{36}$", tasks[0]["task_id"]) and tasks[1]["task_id"] == "fixed-id"
    added = sim.add_tasks([{"task_id": "third", "region": "cn-north-4"}])
    assert added == {"task_ids": ["third"]}
    assert [task["task_id"] for task in listing(sim, web, region="cn-north-4").json()["task_infos"]] == [tasks[0]["task_id"], "third"]
    with pytest.raises(control.SimulatorError, match="409"):
        sim.add_tasks([{"task_id": "third"}])
    sim.set_faults([{"kind": "latency", "ms": 1}])
    sim.reset()
    assert sim.tasks() == initial and sim.faults() == [] and sim.requests_log() == []


def test_tasks_file_and_start_failure(tmp_path, web):
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([{"task_id": "file-1", "region": "cn-north-4"}, {"region": "cn-east-3"}]))
    with control.SimulatorProcess(extra_args=("--tasks-file", str(path))) as loaded:
        tasks = loaded.tasks()
        assert [task["region"] for task in tasks] == ["cn-north-4", "cn-east-3"] and tasks[0]["task_id"] == "file-1"
        assert re.match(r"^[0-9a-f-]{36}$", tasks[1]["task_id"])
        assert listing(loaded, web, region="cn-east-3").json()["task_infos"] == [tasks[1]]
    path.write_text('{"not": "a list"}')
    with pytest.raises(control.SimulatorError, match="JSON list"):
        control.SimulatorProcess(extra_args=("--tasks-file", str(path)))


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_clean_exit_on_signal(web, signum):
    process = control.SimulatorProcess(tasks=0, quiet=False)
    body = listing(process, web).json()
    assert body["total"] == 0 and body["task_infos"] == []
    os.kill(process.pid, signum)
    deadline = time.monotonic() + 10
    while process.returncode is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.returncode == 0
    stderr = process.stderr_text()
    assert "Traceback" not in stderr and "pull/stream/task" in stderr
    process.close()
