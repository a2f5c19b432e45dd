"""HTTP server of the Live relay task simulator: shared state, request handling, fault application."""

import socket
import ssl
import struct
import sys
import threading
import time
import traceback
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

import admin_api
import faults
import iam
import live_api
# write_api registers the POST/PUT/DELETE task handlers with live_api when it is imported
import write_api
from responses import Response, api_error, api_not_found, RequestContext
from secrets_seen import SecretsSeen
from task_store import TaskStore

TLS_HANDSHAKE_TIMEOUT_SECONDS = 10
# a client that closed or reset its connection, timed out, or hung up in the middle of a TLS handshake
CLIENT_GONE_ERRORS = (ConnectionError, TimeoutError, ssl.SSLEOFError, ssl.SSLZeroReturnError)


class SimulatorConfig:
    """Credentials and behaviour settings (see live_simulator.py for the defaults)."""

    def __init__(self, **settings):
        self.project_id = settings["project_id"]
        self.token = settings["token"]
        self.access_key = settings["access_key"]
        self.secret_key = settings["secret_key"]
        self.security_token = settings["security_token"]
        self.username = settings["username"]
        self.password = settings["password"]
        self.domain_name = settings["domain_name"]
        self.region = settings.get("region", "cn-north-4")
        self.latency_ms = settings.get("latency_ms", 0)
        self.quiet = settings.get("quiet", False)
        self.clock_offset = settings.get("clock_offset", 0.0)
        self.live_modify = settings.get("live_modify", write_api.LIVE_MODIFY_APPLIED)


class RequestLog:
    """Every non-admin request in arrival order; status is None until the answer is decided."""

    def __init__(self):
        self._lock = threading.Lock()
        self._entries = []

    def begin(self, method, path, pairs, request_id):
        """Record a request as it arrives and return its (mutable) entry."""
        entry = {"method": method, "path": path, "query": [[key, value] for key, value in pairs],
                 "status": None, "auth": "none", "request_id": request_id}
        with self._lock:
            self._entries.append(entry)
        return entry

    def finish(self, entry, status, auth):
        """Fill in the outcome of a request (0 = connection reset without answer)."""
        with self._lock:
            entry["status"] = status
            entry["auth"] = auth

    def entries(self):
        """A copy of the log."""
        with self._lock:
            return [dict(entry) for entry in self._entries]

    def clear(self):
        """Forget all entries."""
        with self._lock:
            self._entries = []


class Simulator:
    """All mutable state of one simulator instance."""

    def __init__(self, config, tasks, seed=1, fault_specs=()):
        self.config = config
        self.store = TaskStore(tasks, seed)
        self.faults = faults.FaultSet(fault_specs)
        self.tokens = iam.IssuedTokens()
        self.log = RequestLog()
        self.secrets = SecretsSeen((config.token, config.secret_key, config.security_token, config.password))
        self.clock_offset = config.clock_offset
        self.live_modify = config.live_modify

    def now(self):
        """The simulator's clock: time.time() shifted by the clock offset (seconds since the epoch)."""
        return time.time() + self.clock_offset

    def reset(self):
        """Clear faults, the request log and the secrets seen; restore the data set, the clock offset and the live modify mode."""
        self.faults.replace([])
        self.log.clear()
        self.store.reset()
        self.secrets.clear()
        self.clock_offset = self.config.clock_offset
        self.live_modify = self.config.live_modify


def _fault_response(spec, request_id):
    if spec["kind"] == "token_expired":
        code, message = faults.TOKEN_EXPIRED
        return api_error(401, code, message, request_id)
    response = Response(spec["status"], faults.error_body(spec, request_id))
    if spec.get("retry_after") is not None:
        response.headers["Retry-After"] = str(spec["retry_after"])
    return response


class LiveRequestHandler(BaseHTTPRequestHandler):
    """Dispatches /v1 (Live API), /v3/auth/tokens (IAM) and /_sim/ (admin) requests."""

    protocol_version = "HTTP/1.1"
    server_version = "LiveSimulator/1.0"
    disable_nagle_algorithm = True
    timeout = 300

    def do_GET(self):
        """Handle GET."""
        self._dispatch("GET")

    def do_POST(self):
        """Handle POST."""
        self._dispatch("POST")

    def do_PUT(self):
        """Handle PUT."""
        self._dispatch("PUT")

    def do_DELETE(self):
        """Handle DELETE."""
        self._dispatch("DELETE")

    def do_PATCH(self):
        """Handle PATCH."""
        self._dispatch("PATCH")

    @property
    def simulator(self):
        """The shared Simulator."""
        return self.server.simulator

    def setup(self):
        """Do the TLS handshake here, in the handler thread, so a failing client never blocks accept()."""
        super().setup()
        if isinstance(self.connection, ssl.SSLSocket):
            self.connection.settimeout(TLS_HANDSHAKE_TIMEOUT_SECONDS)
            self.connection.do_handshake()
            self.connection.settimeout(self.timeout)

    def date_time_string(self, timestamp=None):
        """The Date header, taken from the simulator's (possibly shifted) clock."""
        return super().date_time_string(self.simulator.now() if timestamp is None else timestamp)

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        """Request logging goes to stderr unless --quiet."""
        if not self.simulator.config.quiet:
            sys.stderr.write("%s - [%s] %s\n" % (self.address_string(), self.log_date_time_string(), format % args))

    def _read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline().strip():
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _dispatch(self, method):
        path, _sep, raw_query = self.path.partition("?")
        try:
            body = self._read_body()
        except ValueError:
            self.close_connection = True
            self._send(Response(400, {"error": "bad request body framing"}), None)
            return
        if path.startswith(admin_api.PREFIX):
            try:
                response = admin_api.handle(self.simulator, method, path, body)
            except Exception as exc:
                traceback.print_exc(file=sys.stderr)
                response = Response(500, {"error": "simulator failure: %s" % exc})
            self._send(response, None)
            return
        self._handle_api(method, path, parse_qsl(raw_query, keep_blank_values=True), body)

    def _handle_api(self, method, path, pairs, body):
        simulator = self.simulator
        request_id = str(uuid.uuid4())
        entry = simulator.log.begin(method, path, pairs, request_id)
        simulator.secrets.note_request(self.headers)
        ctx = RequestContext(simulator, method, path, pairs, self.headers, body, request_id, ())
        try:
            response = self._answer(ctx)
        except Exception:
            traceback.print_exc(file=sys.stderr)
            response = api_error(500, "LIVE.100011000", "Internal Server Error (simulator failure)", request_id)
            self.close_connection = True
        if response is None:
            simulator.log.finish(entry, 0, ctx.auth)
            self._reset_connection()
            return
        simulator.log.finish(entry, response.status, ctx.auth)
        self._send(response, request_id)

    def _answer(self, ctx):
        """Apply delays and faults around the normal answer; None means 'reset the connection'."""
        simulator = self.simulator
        has_token = "X-Auth-Token" in ctx.headers
        ctx.candidates = simulator.faults.matching(faults.RequestInfo(ctx.method, ctx.path, ctx.query, has_token))
        delay = simulator.config.latency_ms / 1000.0 + simulator.faults.take_delay(ctx.candidates)
        if delay > 0:
            time.sleep(delay)  # no lock is held here

        is_v1 = ctx.path.startswith("/v1/")
        is_iam = ctx.path.rstrip("/") == iam.TOKEN_PATH
        if is_v1:
            live_api.authenticate(ctx)
        elif is_iam:
            iam.authenticate(ctx)
        spec = simulator.faults.take_first(
            ctx.candidates, faults.RESPONSE_KINDS, lambda spec: spec["kind"] != "token_expired" or has_token)
        if spec is not None and spec["kind"] == "reset":
            return None
        if spec is not None:
            return _fault_response(spec, ctx.request_id)
        if ctx.auth_error is not None:
            response = ctx.auth_error
        elif is_v1:
            response = live_api.dispatch(ctx)
        elif is_iam:
            response = iam.issue_token(ctx)
        else:
            response = api_not_found(ctx.request_id)
        if 200 <= response.status < 300:
            spec = ctx.take_fault(faults.BODY_KINDS)
            if spec is not None:
                content_type, raw = faults.malformed_body(spec["shape"], response.payload or {}, ctx.request_id)
                response = Response(spec.get("status", 200), raw=raw, content_type=content_type, headers=response.headers)
        return response

    def _reset_connection(self):
        """Drop the connection with a TCP RST and no response."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass

    def _send(self, response, request_id):
        body = response.body()
        try:
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(body)))
            if request_id is not None:
                self.send_header("X-Request-Id", request_id)
            for name, value in response.headers.items():
                self.send_header(name, value)
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


class SimulatorHTTPServer(ThreadingHTTPServer):
    """A threading HTTP server (daemon threads) carrying the Simulator; HTTPS when given a TLS context."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self, address, simulator, tls_context=None):
        self.simulator = simulator
        self.tls_context = tls_context
        super().__init__(address, LiveRequestHandler)

    @property
    def scheme(self):
        """'https' with a TLS context, else 'http'."""
        return "https" if self.tls_context is not None else "http"

    def get_request(self):
        """Accept a connection; with TLS, wrap it without a handshake (LiveRequestHandler.setup does that)."""
        connection, address = super().get_request()
        if self.tls_context is not None:
            try:
                connection = self.tls_context.wrap_socket(connection, server_side=True, do_handshake_on_connect=False)
            except OSError:
                connection.close()
                raise
        return connection, address

    def handle_error(self, request, client_address):
        """Ignore clients that went away; one line for a TLS error (failed handshake); report anything else unless quiet."""
        error = sys.exc_info()[1]
        if isinstance(error, CLIENT_GONE_ERRORS) or self.simulator.config.quiet:
            return
        if isinstance(error, ssl.SSLError):
            sys.stderr.write("live_simulator: TLS error with %s: %s\n" % (client_address[0], error))
            return
        super().handle_error(request, client_address)


def tls_context(cert_path, key_path):
    """A server-side TLS context with the PEM certificate chain and key loaded; ValueError if they cannot be loaded."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        context.load_cert_chain(cert_path, key_path)
    except (OSError, ValueError) as exc:
        raise ValueError("cannot load --tls-cert %s / --tls-key %s: %s" % (cert_path, key_path, exc)) from None
    return context


def make_server(host, port, simulator, tls_cert=None, tls_key=None):
    """Bind a SimulatorHTTPServer (port 0 = any free port); HTTPS if tls_cert and tls_key are given."""
    context = tls_context(tls_cert, tls_key) if tls_cert is not None else None
    return SimulatorHTTPServer((host, port), simulator, context)
