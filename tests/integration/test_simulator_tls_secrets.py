"""Integration tests of the simulator's HTTPS mode, clock offset and secrets-seen list (tests/simulator)."""

import email.utils
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from urllib.parse import urlparse

import pytest
import requests
from vendor_signing import needs_signer, signed_get

SIMULATOR_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "simulator")
sys.path.insert(0, SIMULATOR_DIR)

import control  # noqa: E402  pylint: disable=wrong-import-position
import tls_cert  # noqa: E402  pylint: disable=wrong-import-position

TASKS = 12
SKEW_REASON = "X-Sdk-Date differs from the server time by more than 15 minutes (clock skew)"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    return tls_cert.write_self_signed(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def tls_sim(certificate):
    cert_path, key_path = certificate
    process = control.SimulatorProcess(tasks=TASKS, tls_cert=cert_path, tls_key=key_path, quiet=False)
    try:
        yield process
    finally:
        assert process.stop() == 0
        process.close()


@pytest.fixture(scope="module")
def sim():
    process = control.SimulatorProcess(tasks=TASKS)
    try:
        yield process
    finally:
        assert process.stop() == 0
        process.close()


@pytest.fixture(autouse=True)
def fresh(request):
    for name in ("sim", "tls_sim"):
        if name in request.fixturenames:
            request.getfixturevalue(name).reset()


def listing(sim, web, token=None, timeout=10, **options):
    return web.get(sim.api_url(), params={"limit": 100}, headers={"X-Auth-Token": token or sim.token}, timeout=timeout,
                   **options)


def signed_listing(sim, web):
    """A one-task listing request signed with the vendor's Signer."""
    return signed_get(sim, web, [("limit", "1")])


def server_time_lag(response):
    """How far the answer's Date header is ahead of this machine's clock, in seconds."""
    return email.utils.parsedate_to_datetime(response.headers["Date"]).timestamp() - time.time()


def assert_clock_skew(response):
    assert response.status_code == 401, response.text
    body = response.json()
    assert body["error_code"] == "APIGW.0301"
    assert body["error_msg"] == "Incorrect IAM authentication information: " + SKEW_REASON


def run_simulator(*args):
    return subprocess.run([sys.executable, control.SCRIPT, "--quiet", *args], capture_output=True, text=True,
                          timeout=30, check=False)


# --- HTTPS ---------------------------------------------------------------------------------------

def test_https_listing_and_admin_api_with_trusted_certificate(tls_sim, web, certificate):
    cert_path = certificate[0]
    assert re.match(r"^https://127\.0\.0\.1:\d+$", tls_sim.url)
    assert tls_sim.tls_cert == cert_path
    assert len(tls_sim.tasks()) == TASKS  # the admin API goes over HTTPS too
    response = listing(tls_sim, web, verify=cert_path)
    assert response.status_code == 200 and response.json()["total"] == TASKS
    by_name = web.get(tls_sim.api_url().replace("127.0.0.1", "localhost"), headers={"X-Auth-Token": tls_sim.token},
                      verify=cert_path, timeout=10)
    assert by_name.status_code == 200
    assert [entry["auth"] for entry in tls_sim.requests_log()] == ["token", "token"]


def test_failed_handshakes_leave_the_https_server_serving(tls_sim, web, certificate):
    cert_path = certificate[0]
    with pytest.raises(requests.exceptions.SSLError):
        listing(tls_sim, web, verify=True)  # the default CA store does not know the self-signed certificate
    with pytest.raises(requests.exceptions.ConnectionError):
        web.get(tls_sim.url.replace("https://", "http://") + "/_sim/tasks", timeout=10)
    port = urlparse(tls_sim.url).port
    with socket.create_connection(("127.0.0.1", port), timeout=10) as silent_client:
        # a client that never starts its handshake must not block accepting the next connection
        started = time.monotonic()
        assert listing(tls_sim, web, verify=cert_path, timeout=5).status_code == 200
        assert time.monotonic() - started < 5
        silent_client.sendall(b"\x16\x03\x01\x00\x05junk")
    assert listing(tls_sim, web, verify=cert_path).json()["total"] == TASKS
    assert tls_sim.returncode is None
    assert [entry["status"] for entry in tls_sim.requests_log()] == [200, 200]
    stderr = tls_sim.stderr_text()
    assert "Traceback" not in stderr and "TLS error" in stderr


def test_tls_options_must_come_in_pairs_and_load(certificate, tmp_path):
    cert_path, key_path = certificate
    alone = run_simulator("--tls-cert", cert_path)
    assert alone.returncode == 2 and alone.stdout == ""
    assert alone.stderr.splitlines() == ["live_simulator: --tls-cert and --tls-key must be given together"]
    assert run_simulator("--tls-key", key_path).returncode == 2
    broken = tmp_path / "broken.pem"
    broken.write_text("-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n")
    for cert, key in ((str(broken), key_path), (cert_path, str(broken)), (str(tmp_path / "missing.pem"), key_path)):
        result = run_simulator("--tls-cert", cert, "--tls-key", key)
        assert result.returncode == 2 and result.stdout == ""
        assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("live_simulator: cannot load --tls-cert")
    with pytest.raises(control.SimulatorError, match="must be given together"):
        control.SimulatorProcess(tasks=0, tls_cert=cert_path)


# --- clock offset --------------------------------------------------------------------------------

@needs_signer
def test_clock_offset_decides_signature_skew_and_moves_the_date_header(sim, web):
    assert signed_listing(sim, web).status_code == 200
    assert abs(server_time_lag(listing(sim, web))) <= 2
    assert sim.set_clock_offset(3600)["offset"] == 3600
    skewed = signed_listing(sim, web)
    assert_clock_skew(skewed)
    assert abs(server_time_lag(skewed) - 3600) <= 2
    assert sim.set_clock_offset(60)["offset"] == 60
    accepted = signed_listing(sim, web)
    assert accepted.status_code == 200, accepted.text
    assert abs(server_time_lag(accepted) - 60) <= 2
    clock = sim.clock()
    assert clock["offset"] == 60 and abs(clock["now"] - time.time() - 60) <= 2
    assert [entry["auth"] for entry in sim.requests_log()] == ["aksk", "token", "none", "aksk"]
    sim.reset()
    assert sim.clock()["offset"] == 0 and abs(server_time_lag(signed_listing(sim, web))) <= 2


@needs_signer
def test_clock_offset_option_is_the_start_value_and_bad_offsets_are_refused(sim, web):
    with control.SimulatorProcess(tasks=1, extra_args=("--clock-offset", "-3600")) as early:
        assert early.clock()["offset"] == -3600
        assert_clock_skew(signed_listing(early, web))
        assert abs(server_time_lag(listing(early, web)) + 3600) <= 2
        early.set_clock_offset(0)
        assert signed_listing(early, web).status_code == 200
        early.reset()
        assert early.clock()["offset"] == -3600
        assert_clock_skew(signed_listing(early, web))
    for bad in ("soon", True, None, 1e12):
        with pytest.raises(control.SimulatorError, match="400"):
            sim.set_clock_offset(bad)
    assert sim.clock()["offset"] == 0
    refused = run_simulator("--clock-offset", "nan")
    assert refused.returncode == 2 and "--clock-offset" in refused.stderr


# --- secrets seen --------------------------------------------------------------------------------

def iam_token(sim, web):
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": sim.username, "password": sim.password, "domain": {"name": sim.domain_name}}}},
        "scope": {"project": {"id": sim.project_id}}}}
    response = web.post(sim.url + "/v3/auth/tokens", json=body, timeout=10)
    assert response.status_code == 201
    return response.headers["X-Subject-Token"]


def test_secrets_lists_configured_issued_and_received_credentials(sim, web):
    configured = {sim.token, sim.secret_key, sim.security_token, sim.password}
    assert set(sim.secrets()) == configured
    issued = [iam_token(sim, web), iam_token(sim, web)]
    assert issued[0] != issued[1] and all(len(token) >= 64 for token in issued)
    auth_token = "received-auth-token-" + uuid.uuid4().hex
    assert listing(sim, web, token=auth_token).status_code == 401
    signature_value = uuid.uuid4().hex * 2
    security_token = "received-security-token-" + uuid.uuid4().hex
    signed_headers = {"Authorization": "SDK-HMAC-SHA256 Access=%s, SignedHeaders=host;x-sdk-date, Signature=%s"
                      % (sim.access_key, signature_value), "X-Sdk-Date": time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()),
                      "X-Security-Token": security_token}
    assert web.get(sim.api_url(), headers=signed_headers, timeout=10).status_code == 401
    sim.set_faults([{"kind": "status", "status": 503, "times": 1}])
    faulted_token = "faulted-auth-token-" + uuid.uuid4().hex
    assert listing(sim, web, token=faulted_token).status_code == 503  # recorded even when a fault answers
    empty_signature = {"Authorization": "SDK-HMAC-SHA256 Access=%s, SignedHeaders=host, Signature=" % sim.access_key}
    assert web.get(sim.api_url(), headers=empty_signature, timeout=10).status_code == 401

    secrets = sim.secrets()
    assert all(isinstance(value, str) and value for value in secrets) and len(secrets) == len(set(secrets))
    seen = set(issued) | {auth_token, signature_value, security_token, faulted_token}
    assert set(secrets) == configured | seen

    sim.reset()
    assert set(sim.secrets()) == configured
    assert listing(sim, web, token=issued[0]).status_code == 200  # a reset forgets the token, it does not revoke it
    assert set(sim.secrets()) == configured | {issued[0]}


def test_secrets_over_https(tls_sim, web, certificate):
    received = "tls-auth-token-" + uuid.uuid4().hex
    assert listing(tls_sim, web, token=received, verify=certificate[0]).status_code == 401
    assert received in tls_sim.secrets() and tls_sim.token in tls_sim.secrets()
