"""Start and drive the Live relay task simulator from tests and benchmarks (standard library only)."""

import json
import os
import queue
import ssl
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.request

import live_simulator

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "live_simulator.py")


def admin_opener(tls_cert=None):
    """A urllib opener without proxies; with tls_cert, its HTTPS trusts exactly that certificate file."""
    handlers = [urllib.request.ProxyHandler({})]
    if tls_cert is not None:
        handlers.append(urllib.request.HTTPSHandler(context=ssl.create_default_context(cafile=tls_cert)))
    return urllib.request.build_opener(*handlers)


class SimulatorError(RuntimeError):
    """The simulator did not start, or an admin call failed."""


class SimulatorProcess:
    """A simulator subprocess; use as a context manager or call stop()."""

    def __init__(self, tasks=50, seed=1, latency_ms=0, faults=None, extra_args=(), python=sys.executable,
                 quiet=True, startup_timeout=15.0, tls_cert=None, tls_key=None):
        argv = ["--port", "0", "--tasks", str(tasks), "--seed", str(seed), "--latency-ms", str(latency_ms)]
        for fault in faults or ():
            argv += ["--fault", json.dumps(fault)]
        if tls_cert is not None:
            argv += ["--tls-cert", str(tls_cert)]
        if tls_key is not None:
            argv += ["--tls-key", str(tls_key)]
        if quiet:
            argv.append("--quiet")
        argv += list(extra_args)
        settings = live_simulator.build_parser().parse_args(argv)
        self.project_id = settings.project_id
        self.token = settings.token
        self.access_key = settings.access_key
        self.secret_key = settings.secret_key
        self.security_token = settings.security_token
        self.username = settings.username
        self.password = settings.password
        self.domain_name = settings.domain_name
        self.region = settings.region
        self.tls_cert = settings.tls_cert
        self.tls_key = settings.tls_key
        self.url = None
        self._admin_opener = admin_opener(settings.tls_cert)
        self._stderr = tempfile.TemporaryFile()
        self._process = subprocess.Popen([python, SCRIPT] + argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                         stderr=self._stderr)
        try:
            self.url = self._wait_ready(startup_timeout)
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self, timeout):
        lines = queue.Queue()

        def read_ready_line():
            # the simulator writes nothing to stdout after the READY line
            lines.put(self._process.stdout.readline().decode("utf-8", "replace"))

        threading.Thread(target=read_ready_line, name="simulator-stdout", daemon=True).start()
        try:
            line = lines.get(timeout=timeout)
        except queue.Empty:
            raise SimulatorError("simulator not ready after %.0f s: %s" % (timeout, self.stderr_text())) from None
        if not line or not line.startswith(live_simulator.READY_PREFIX + " "):
            raise SimulatorError("simulator failed to start (%r): %s" % (line, self.stderr_text()))
        return line.split()[1]

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    @property
    def pid(self):
        """The subprocess id."""
        return self._process.pid

    @property
    def returncode(self):
        """The exit status once stopped (None while running)."""
        return self._process.poll()

    def stderr_text(self):
        """Everything the simulator wrote to stderr so far."""
        if self._stderr.closed:
            return ""
        self._stderr.flush()
        self._stderr.seek(0)
        return self._stderr.read().decode("utf-8", "replace")

    def stop(self, timeout=10.0):
        """Terminate (SIGTERM), wait, kill if needed; returns the exit status."""
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout)
        if self._process.stdout:
            self._process.stdout.close()
        return self._process.returncode

    def close(self):
        """Stop the process and release the captured stderr."""
        self.stop()
        self._stderr.close()

    def admin(self, method, path, payload=None, timeout=30.0):
        """Call the admin API (/_sim/...) and return the decoded JSON answer."""
        data = None if payload is None else json.dumps(payload).encode("utf-8")
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with self._admin_opener.open(request, timeout=timeout) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            raise SimulatorError("%s %s -> %d: %s" % (method, path, exc.code, exc.read().decode("utf-8", "replace"))) from None

    def tasks(self):
        """The whole current data set, in creation order."""
        return self.admin("GET", "/_sim/tasks")

    def set_tasks(self, tasks):
        """Replace the data set (task_id filled in where missing)."""
        return self.admin("PUT", "/_sim/tasks", list(tasks))

    def add_tasks(self, tasks):
        """Append tasks; returns {"task_ids": [...]}."""
        return self.admin("POST", "/_sim/tasks", list(tasks))

    def set_faults(self, faults):
        """Replace the active faults."""
        return self.admin("PUT", "/_sim/faults", list(faults))

    def faults(self):
        """The active faults with their remaining 'times'."""
        return self.admin("GET", "/_sim/faults")

    def requests_log(self):
        """Every non-admin request so far: method, path, query pairs, status, auth."""
        return self.admin("GET", "/_sim/requests")

    def write_requests(self):
        """The logged Live API requests (/v1/...) whose method is not GET: POST, PUT, DELETE (and PATCH).

        IAM token requests (POST /v3/auth/tokens) are not writes and are left out.
        """
        return [entry for entry in self.requests_log() if entry["method"] != "GET" and entry["path"].startswith("/v1/")]

    def clear_requests(self):
        """Empty the request log."""
        return self.admin("DELETE", "/_sim/requests")

    def set_clock_offset(self, seconds):
        """Shift the simulator's clock (X-Sdk-Date check, Date header) by seconds; returns {"offset", "now"}."""
        return self.admin("PUT", "/_sim/clock", {"offset": seconds})

    def clock(self):
        """The current clock offset and the simulator's now: {"offset", "now"} (epoch seconds)."""
        return self.admin("GET", "/_sim/clock")

    def set_live_modify(self, mode):
        """What an accepted modify of a PullLivePushLive task does: "applied" or "ignored"; returns {"mode"}."""
        return self.admin("PUT", "/_sim/live-modify", {"mode": mode})

    def live_modify(self):
        """The live modify mode: {"mode": "applied" | "ignored"}."""
        return self.admin("GET", "/_sim/live-modify")

    def secrets(self):
        """Every credential string the simulator knows or has issued or received since start or reset."""
        return self.admin("GET", "/_sim/secrets")["secrets"]

    def reset(self):
        """Clear faults, the request log and the secrets seen; restore the data set, the clock offset and the live modify mode."""
        return self.admin("POST", "/_sim/reset")

    def api_url(self, suffix="/pull/stream/task"):
        """The URL of a Live API path of the configured project."""
        return "%s/v1/%s%s" % (self.url, self.project_id, suffix)
