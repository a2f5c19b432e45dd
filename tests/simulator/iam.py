"""A minimal IAM: POST /v3/auth/tokens (password identity, project scope) and the issued-token registry."""

import datetime
import hmac
import json
import secrets
import threading
import time

import dataset
from responses import Response

TOKEN_PATH = "/v3/auth/tokens"
TOKEN_LIFETIME_SECONDS = 24 * 3600
IAM_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.000000Z"


class IssuedTokens:
    """Tokens issued by the IAM endpoint, each scoped to one project id."""

    def __init__(self):
        self._lock = threading.Lock()
        self._tokens = {}

    def issue(self, project_id):
        """Create a token; returns (token, issued_at, expires_at) as epoch seconds for the times."""
        token = "MIISim" + secrets.token_urlsafe(48)
        issued = time.time()
        with self._lock:
            self._tokens[token] = (project_id, issued + TOKEN_LIFETIME_SECONDS)
        return token, issued, issued + TOKEN_LIFETIME_SECONDS

    def project_of(self, token):
        """The project id a live token is scoped to, or None."""
        with self._lock:
            entry = self._tokens.get(token)
        if entry is None or entry[1] < time.time():
            return None
        return entry[0]


def _iam_error(status, message, title):
    return Response(status, {"error": {"code": status, "message": message, "title": title}})


def _bad_request(message):
    return _iam_error(400, message, "Bad Request")


def _same(given, expected):
    return isinstance(given, str) and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def _scope_project(config, scope):
    """(project_id, None) or (None, error Response) from auth.scope.project."""
    project = scope.get("project") if isinstance(scope, dict) else None
    if not isinstance(project, dict):
        return None, _bad_request("The request body is invalid: auth.scope.project is required.")
    if isinstance(project.get("id"), str) and project["id"]:
        return project["id"], None
    if project.get("name") in dataset.REGIONS:
        return config.project_id, None
    return None, _bad_request("The request body is invalid: auth.scope.project needs an id or a known region name.")


def authenticate(ctx):
    """Check the password identity in the body; set ctx.auth='iam' and ctx.scope_project, or ctx.auth_error."""
    config = ctx.simulator.config
    if ctx.method != "POST" or ctx.path.rstrip("/") != TOKEN_PATH:
        ctx.auth_error = _iam_error(404, "The requested resource could not be found.", "Not Found")
        return
    try:
        auth = json.loads(ctx.body.decode("utf-8"))["auth"]
        identity = auth["identity"]
        methods = identity["methods"]
        user = identity["password"]["user"]
        domain = user["domain"]
    except (ValueError, KeyError, TypeError, AttributeError):
        ctx.auth_error = _bad_request("The request body is invalid: auth.identity.password.user is required.")
        return
    if not isinstance(methods, list) or "password" not in methods or not isinstance(user, dict) or not isinstance(domain, dict):
        ctx.auth_error = _bad_request("The request body is invalid: only the password method is supported.")
        return
    if not (_same(user.get("name"), config.username) and _same(user.get("password"), config.password)
            and _same(domain.get("name"), config.domain_name)):
        ctx.auth_error = _iam_error(401, "The username or password is wrong.", "Unauthorized")
        return
    project_id, error = _scope_project(config, auth.get("scope"))
    if error is not None:
        ctx.auth_error = error
        return
    ctx.auth = "iam"
    ctx.scope_project = project_id


def _iam_time(epoch):
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime(IAM_TIME_FORMAT)


def issue_token(ctx):
    """201 with X-Subject-Token and the token body for an authenticated request."""
    config = ctx.simulator.config
    token, issued, expires = ctx.simulator.tokens.issue(ctx.scope_project)
    ctx.simulator.secrets.add(token)
    name = config.region if ctx.scope_project == config.project_id else "unknown"
    body = {"token": {
        "expires_at": _iam_time(expires),
        "issued_at": _iam_time(issued),
        "methods": ["password"],
        "project": {"id": ctx.scope_project, "name": name, "domain": {"name": config.domain_name}},
        "user": {"name": config.username, "domain": {"name": config.domain_name}},
        "catalog": [],
    }}
    return Response(201, body, headers={"X-Subject-Token": token})
