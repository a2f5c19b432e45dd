#!/usr/bin/env python
"""Huawei Cloud Live relay task API simulator: run it, read the READY line, point clients at the URL."""

import argparse
import json
import signal
import sys
import threading

import dataset
from admin_api import MAX_CLOCK_OFFSET_SECONDS, valid_clock_offset
from faults import FaultSpecError, validate_fault
from server import Simulator, SimulatorConfig, make_server
from write_api import LIVE_MODIFY_APPLIED, LIVE_MODIFY_MODES

DEFAULTS = {
    "project_id": "0b2c9d0e4f6a4b7c8d9e0f1a2b3c4d5e",
    "token": "sim-token",
    "access_key": "SIMACCESSKEY0000000000",
    "secret_key": "SIMSECRETKEY00000000000000000000000000000",
    "security_token": "sim-security-token",
    "username": "sim-user",
    "password": "sim-password",
    "domain_name": "sim-domain",
    "region": "cn-north-4",
}
READY_PREFIX = "LIVE_SIMULATOR_READY"


def _fault(text):
    try:
        return validate_fault(json.loads(text))
    except (ValueError, FaultSpecError) as exc:
        raise argparse.ArgumentTypeError("invalid --fault %s: %s" % (text, exc)) from None


def _clock_offset(text):
    try:
        offset = valid_clock_offset(float(text))
    except ValueError:
        offset = None
    if offset is None:
        raise argparse.ArgumentTypeError("invalid --clock-offset %s: a number of seconds from -%d to %d" % (
            text, MAX_CLOCK_OFFSET_SECONDS, MAX_CLOCK_OFFSET_SECONDS))
    return offset


def build_parser():
    """The command line parser (also used by control.py to learn the effective settings)."""
    parser = argparse.ArgumentParser(description="Simulate the Huawei Cloud Live relay task API (GET/POST/PUT/DELETE /v1/{project_id}/pull/stream/task), "
                                                 "IAM token issuing and AK/SK signatures. See README.md beside this script.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to bind; 0 picks a free one (default)")
    parser.add_argument("--tasks", type=int, default=50, help="number of generated tasks (default 50)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the generated data set (default 1)")
    parser.add_argument("--reference-time", help="'now' of the generated data (2006-01-02T15:04:05Z; default today 00:00 UTC)")
    parser.add_argument("--tasks-file", help="load the data set from a JSON list of task objects instead of generating it")
    parser.add_argument("--project-id", default=DEFAULTS["project_id"], help="the only project id the API accepts")
    parser.add_argument("--region", default=DEFAULTS["region"], help="region name reported for the project (default cn-north-4)")
    parser.add_argument("--token", default=DEFAULTS["token"], help="a pre-accepted X-Auth-Token")
    parser.add_argument("--access-key", default=DEFAULTS["access_key"], help="the AK accepted for signatures")
    parser.add_argument("--secret-key", default=DEFAULTS["secret_key"], help="the SK matching --access-key")
    parser.add_argument("--security-token", default=DEFAULTS["security_token"], help="the accepted X-Security-Token (temporary AK/SK)")
    parser.add_argument("--username", default=DEFAULTS["username"], help="IAM user name")
    parser.add_argument("--password", default=DEFAULTS["password"], help="IAM password")
    parser.add_argument("--domain-name", default=DEFAULTS["domain_name"], help="IAM account (domain) name")
    parser.add_argument("--latency-ms", type=int, default=0, help="delay added to every API/IAM request (default 0)")
    parser.add_argument("--fault", type=_fault, action="append", default=[], metavar="JSON",
                        help="a fault spec (repeatable), e.g. '{\"kind\": \"status\", \"status\": 429, \"times\": 2}'")
    parser.add_argument("--clock-offset", type=_clock_offset, default=0.0, metavar="SECONDS",
                        help="shift the server's clock (X-Sdk-Date check, Date header) by this many seconds (default 0)")
    parser.add_argument("--live-modify", choices=LIVE_MODIFY_MODES, default=LIVE_MODIFY_APPLIED,
                        help="what an accepted modify (PUT) of a PullLivePushLive task does: 'applied' (default) or 'ignored'"
                             " (answered 200 and nothing changes, status included)")
    parser.add_argument("--tls-cert", metavar="PATH", help="serve HTTPS with this PEM certificate (chain); needs --tls-key")
    parser.add_argument("--tls-key", metavar="PATH", help="the PEM private key of --tls-cert")
    parser.add_argument("--quiet", action="store_true", help="no per-request log lines on stderr")
    return parser


def load_data_set(args):
    """The initial tasks: from --tasks-file or generated from --tasks/--seed/--reference-time."""
    if args.tasks_file:
        return dataset.load_tasks_file(args.tasks_file)
    reference = dataset.parse_reference_time(args.reference_time) if args.reference_time else None
    return dataset.generate_tasks(max(0, args.tasks), args.seed, reference)


def main(argv=None):
    """Serve until SIGTERM/SIGINT; return the exit status."""
    args = build_parser().parse_args(argv)
    if (args.tls_cert is None) != (args.tls_key is None):
        sys.stderr.write("live_simulator: --tls-cert and --tls-key must be given together\n")
        return 2
    config = SimulatorConfig(project_id=args.project_id, token=args.token, access_key=args.access_key,
                             secret_key=args.secret_key, security_token=args.security_token, username=args.username,
                             password=args.password, domain_name=args.domain_name, region=args.region,
                             latency_ms=max(0, args.latency_ms), quiet=args.quiet, clock_offset=args.clock_offset,
                             live_modify=args.live_modify)
    try:
        simulator = Simulator(config, load_data_set(args), args.seed, args.fault)
        httpd = make_server(args.host, args.port, simulator, args.tls_cert, args.tls_key)
    except (OSError, ValueError) as exc:
        sys.stderr.write("live_simulator: %s\n" % exc)
        return 2
    stop = threading.Event()

    def request_stop(_signum, _frame):
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    serving = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.2}, name="live-simulator", daemon=True)
    serving.start()
    host, port = httpd.server_address[:2]
    sys.stdout.write("%s %s://%s:%d\n" % (READY_PREFIX, httpd.scheme, host, port))
    sys.stdout.flush()
    while not stop.wait(1.0):
        pass
    httpd.shutdown()
    httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
