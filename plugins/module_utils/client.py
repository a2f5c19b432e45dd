# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Live API client every plugin and module of hwcloud.live shares. It takes plain values, never Ansible objects."""

from __future__ import annotations

import json
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote, urlencode, urlsplit

from ansible_collections.hwcloud.live.plugins.module_utils.auth import AkSkAuth, IamPasswordAuth, TokenAuth
from ansible_collections.hwcloud.live.plugins.module_utils.credentials import check_value, resolve_credentials
from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError
from ansible_collections.hwcloud.live.plugins.module_utils.listing import (
    MAX_TOTAL, PAGE_LIMIT, Page, check_page_size, list_scopes,
)
from ansible_collections.hwcloud.live.plugins.module_utils.task_schema import normalize_task
from ansible_collections.hwcloud.live.plugins.module_utils.transport import RetryPolicy, Transport, new_session

LIVE_ENDPOINT_TEMPLATE = 'https://live.{region}.myhuaweicloud.com'
IAM_ENDPOINT_TEMPLATE = 'https://iam.{region}.myhuaweicloud.com'
TASKS_PATH = '/v1/{project_id}/pull/stream/task'
MAX_CONCURRENT_REQUESTS = 16
DEFAULT_TIMEOUT = 30.0
DEFAULT_RETRIES = 4
REGION_PATTERN = re.compile(r'^[a-z0-9]+(-[a-z0-9]+)*$')
# The query document's error code of its 404 "The task was not found"; a 404 with any other code (or none) is not that.
NO_SUCH_TASK_CODE = 'LIVE.100011001'
# A clock this far from the server's is named when a signature is refused.
CLOCK_SKEW_HINT_SECONDS = 5 * 60


class LiveClient:
    """Relay-task calls over one Transport; safe to use from several threads."""

    def __init__(self, endpoint: str, project_id: str, auth, transport: Transport, warn=None) -> None:
        self.endpoint = endpoint
        self.project_id = project_id
        self.auth = auth
        self.transport = transport
        self.warn = warn
        split = urlsplit(endpoint)
        self._host = split.netloc
        self._path = split.path.rstrip('/') + TASKS_PATH.format(project_id=quote(project_id, safe=''))
        self._url = '%s://%s%s' % (split.scheme, split.netloc, self._path)
        self.request_ids = []
        self._request_ids_lock = threading.Lock()

    def close(self) -> None:
        self.transport.session.close()

    def sharing_connections(self) -> LiveClient:
        """A client over this one's transport and credentials with a request id list of its own, for one task's writes."""
        return LiveClient(self.endpoint, self.project_id, self.auth, self.transport, self.warn)

    def request(self, method: str, query=(), payload: dict | None = None, idempotent: bool = True, accept_error=None):
        """Send one relay-task request (GET/POST/PUT/DELETE on the task resource); returns a transport Response.

        ``accept_error(error)`` marks the error answers returned instead of raised (see Transport.send).
        """
        query = [(key, str(value)) for key, value in query]
        body = json.dumps(payload).encode('utf-8') if payload is not None else None
        url = _describe(self._url, query)
        action = '%s %s' % (method, _describe(self._path, query))

        def build_headers():
            headers = {'Content-Type': 'application/json;charset=UTF-8'} if body is not None else {}
            return self.auth.add_headers(method, self._host, self._path, query, headers, body)

        version = self.auth.version()
        try:
            response = self.transport.send(method, url, action, build_headers, body, idempotent, accept_error)
        except LiveApiError as error:
            if error.status != 401 or not self.auth.refresh(version):
                raise explain_refusal(error, self.auth.kind)
            response = self.transport.send(method, url, action, build_headers, body, idempotent, accept_error)
        if response.request_id:
            with self._request_ids_lock:
                self.request_ids.append(response.request_id)
        return response

    def fetch_page(self, region: str | None, offset: int, limit: int = PAGE_LIMIT, task_id: str | None = None) -> Page:
        """One page of the listing, its shape checked and every task normalized."""
        query = [('offset', offset), ('limit', limit)]
        if region:
            query.append(('region', region))
        if task_id is not None:
            query.append(('task_id', task_id))
        response = self.request('GET', query)
        return page_from_response(response, offset, response.action, limit)

    def list_relay_tasks(self, regions=None) -> list[dict]:
        """Every relay task, or every task of each region in ``regions`` (listed server-side, concurrently)."""
        scopes = _checked_regions(regions) or [None]
        with ThreadPoolExecutor(max_workers=MAX_CONCURRENT_REQUESTS) as pool:
            listed = list_scopes(scopes, self.fetch_page, lambda fn, args: _run_all(pool, fn, args), _describe_scope)
        tasks = []
        for scope in scopes:
            tasks.extend(listed[scope])
            if len(listed[scope]) == MAX_TOTAL and self.warn is not None:
                self.warn('listing relay tasks%s: the API counts exactly %d tasks, the most its document allows; it may'
                          ' cap the count at %d and leave tasks out, so list by region (option regions) to split the'
                          ' listing' % (_describe_scope(scope), MAX_TOTAL, MAX_TOTAL))
        return tasks

    def get_relay_tasks(self, task_ids, regions=None) -> tuple[list[dict], list[str]]:
        """The tasks with the given ids (in each region of ``regions`` when set); returns (found, missing ids)."""
        lookups = [(task_id, region) for task_id in _unique(task_ids) for region in (_checked_regions(regions) or [None])]

        def fetch_one(task_id, region):
            response = self.request('GET', _task_query(task_id, region), accept_error=_no_such_task)
            if response.status == 404:
                return []
            return [task for task in page_from_response(response, 0, response.action, PAGE_LIMIT).tasks if task['task_id'] == task_id]

        with ThreadPoolExecutor(max_workers=MAX_CONCURRENT_REQUESTS) as pool:
            answers = _run_all(pool, fetch_one, lookups)
        found, seen = [], set()
        for tasks in answers:
            for task in tasks:
                if task['task_id'] not in seen:
                    seen.add(task['task_id'])
                    found.append(task)
        missing = [task_id for task_id in _unique(task_ids) if task_id not in seen]
        return found, missing

    def create_relay_task(self, fields: dict) -> str:
        """POST a new task (fields of LivePullStreamTask); returns its task_id. Not re-sent after a timeout."""
        response = self.request('POST', payload=fields, idempotent=False)
        return _task_id_of(response, 'POST %s' % self._path)

    def modify_relay_task(self, fields: dict) -> None:
        """PUT changes to a task (task_id plus fields of ModifyLivePullStreamTask)."""
        self.request('PUT', payload=fields)

    def delete_relay_task(self, task_id: str, region: str | None = None) -> bool:
        """DELETE a task; False when the API answers that there is no such task (already gone)."""
        response = self.request('DELETE', _task_query(task_id, region), accept_error=_no_such_task)
        return response.status != 404


def _no_such_task(error: LiveApiError) -> bool:
    """The document's 404 for an unknown task; a gateway's 404 (a wrong endpoint or path) is an error, not "no task"."""
    return error.status == 404 and error.error_code == NO_SUCH_TASK_CODE


def explain_refusal(error: LiveApiError, auth_kind: str) -> LiveApiError:
    """A refused signature from a controller whose clock is off says so: AK/SK signatures hold for 15 minutes."""
    if error.status != 401 or auth_kind != 'aksk' or error.server_time is None:
        return error
    skew = time.time() - error.server_time
    if abs(skew) < CLOCK_SKEW_HINT_SECONDS:
        return error
    error.message += ('; the local clock is %d minutes %s the server\'s, and signed requests are refused when they differ'
                      ' by more than 15 minutes' % (round(abs(skew) / 60), 'ahead of' if skew > 0 else 'behind'))
    error.args = (error.message,)
    return error


def _task_id_of(response, action: str) -> str:
    data = response.data
    if not isinstance(data, dict) or not isinstance(data.get('task_id'), str) or not data['task_id']:
        raise LiveApiError('%s: HTTP %d without a task_id in the answer%s' % (
            action, response.status, ' (request id %s)' % response.request_id if response.request_id else ''),
            status=response.status, request_id=response.request_id)
    return data['task_id']


def page_from_response(response, offset: int, action: str, limit: int) -> Page:
    """Check a listing answer's shape: an object with a ``task_infos`` list and an integer ``total`` of 0 to 10000."""
    data = response.data
    where = '%s: HTTP %d' % (action, response.status)
    suffix = ' (request id %s)' % response.request_id if response.request_id else ''
    if not isinstance(data, dict):
        shape = 'empty or null' if data is None else json_type(data)
        raise LiveApiError('%s: the response is %s, not an object%s' % (where, shape, suffix),
                           status=response.status, request_id=response.request_id)
    infos, total = data.get('task_infos'), data.get('total')
    if infos is None and 'task_infos' in data and total == 0 and not isinstance(total, bool):
        infos = []  # the vendor SDK reads a null list as an empty one; with a total of 0 it is an empty page
    if not isinstance(infos, list):
        state = 'missing' if 'task_infos' not in data else '%s, not a list' % json_type(infos)
        raise LiveApiError('%s: task_infos is %s%s' % (where, state, suffix), status=response.status,
                           request_id=response.request_id)
    if not isinstance(total, int) or isinstance(total, bool):
        state = 'missing' if 'total' not in data else 'not a non-negative integer'
        raise LiveApiError('%s: total is %s%s' % (where, state, suffix), status=response.status,
                           request_id=response.request_id)
    if not 0 <= total <= MAX_TOTAL:
        # Checked on the first page, before any further page is planned from it.
        raise LiveApiError('%s: total is %d, outside 0 to %d%s' % (where, total, MAX_TOTAL, suffix),
                           status=response.status, request_id=response.request_id)
    try:
        tasks = [normalize_task(raw, where) for raw in infos]
    except LiveApiError as error:
        raise LiveApiError(str(error) + suffix, status=response.status, request_id=response.request_id) from None
    page = Page(offset=offset, tasks=tasks, total=total, request_id=response.request_id)
    check_page_size(page, limit, action)
    return page


def json_type(value) -> str:
    """What a decoded JSON value is, in JSON's words: 'null', 'an object', 'a string', ..."""
    if value is None:
        return 'null'
    for kind, name in ((bool, 'a boolean'), (dict, 'an object'), (list, 'a list'), (str, 'a string'), ((int, float), 'a number')):
        if isinstance(value, kind):
            return name
    return 'a %s' % type(value).__name__


def build_client(endpoint: str | None = None, region: str | None = None, project_id: str | None = None,
                 auth_token: str | None = None, username: str | None = None, password: str | None = None,
                 domain_name: str | None = None, iam_endpoint: str | None = None, access_key: str | None = None,
                 secret_key: str | None = None, security_token: str | None = None, validate_certs: bool = True,
                 ca_path: str | None = None, timeout: float | None = None, retries: int | None = None,
                 warn=None, environment: dict | None = None, **ignored) -> LiveClient:
    """Check the connection options and build a client; raises LiveApiError naming the option at fault.

    The credential options given here are the explicit ones; ``environment`` holds those found only in the
    environment, which an explicit method overrides (credentials.resolve_credentials). ``warn(text)`` is told
    about unsafe settings.
    """
    explicit = {'auth_token': auth_token, 'access_key': access_key, 'secret_key': secret_key,
                'security_token': security_token, 'username': username, 'password': password, 'domain_name': domain_name}
    if not project_id:
        raise LiveApiError('project_id is required (option project_id or environment variable HUAWEICLOUD_SDK_PROJECT_ID)')
    check_value('project_id', project_id)
    if region and not REGION_PATTERN.match(region):
        raise LiveApiError('region: %r is not a region name such as cn-north-4' % region[:64])
    endpoint = _base_url('endpoint', endpoint) if endpoint else None
    if not endpoint:
        if not region:
            raise LiveApiError('endpoint or region is required (options endpoint/region or environment variables '
                               'HUAWEICLOUD_LIVE_ENDPOINT/HUAWEICLOUD_SDK_REGION)')
        endpoint = LIVE_ENDPOINT_TEMPLATE.format(region=region)
    timeout = DEFAULT_TIMEOUT if timeout is None else float(timeout)
    retries = DEFAULT_RETRIES if retries is None else int(retries)
    if not timeout > 0:
        raise LiveApiError('timeout must be a positive number of seconds, got %s' % timeout)
    if retries < 0:
        raise LiveApiError('retries must be 0 or more, got %d' % retries)
    credentials = resolve_credentials(explicit, environment)
    method = credentials.method
    iam_endpoint = _iam_endpoint(iam_endpoint, region) if method == 'username/password' else None
    session = new_session(MAX_CONCURRENT_REQUESTS, validate_certs=validate_certs, ca_path=ca_path)
    if not validate_certs and warn is not None:
        unverified = sorted({urlsplit(url).netloc for url in (endpoint, iam_endpoint) if url and url.startswith('https:')})
        if unverified:
            warn('validate_certs is false: the TLS certificate of %s is not verified' % ', '.join(unverified))
    transport = Transport(session, timeout, RetryPolicy(retries=retries))
    if method == 'auth_token':
        auth = TokenAuth(credentials.get('auth_token'))
    elif method == 'access_key/secret_key':
        auth = AkSkAuth(credentials.get('access_key'), credentials.get('secret_key'),
                        security_token=credentials.get('security_token'), project_id=project_id)
    else:
        auth = IamPasswordAuth(transport, iam_endpoint, credentials.get('username'), credentials.get('password'),
                               credentials.get('domain_name'), project_id)
    return LiveClient(endpoint, project_id, auth, transport, warn=warn)


def _iam_endpoint(iam_endpoint: str | None, region: str | None) -> str:
    if iam_endpoint:
        return _base_url('iam_endpoint', iam_endpoint)
    if region:
        return IAM_ENDPOINT_TEMPLATE.format(region=region)
    raise LiveApiError('iam_endpoint or region is required for IAM password authentication')


def _base_url(option: str, value: str) -> str:
    split = urlsplit(value)
    if split.scheme not in ('http', 'https') or not split.netloc or split.query or split.fragment:
        raise LiveApiError('%s: %r is not an http(s) base URL such as https://live.cn-north-4.myhuaweicloud.com'
                           % (option, value[:200]))
    return value.rstrip('/')


def _task_query(task_id: str, region: str | None) -> list:
    return [('task_id', task_id)] + ([('region', region)] if region else [])


def _describe(path: str, query) -> str:
    return path + ('?' + urlencode(query, quote_via=quote) if query else '')


def _describe_scope(scope) -> str:
    return ' in region %s' % scope if scope else ''


def _checked_regions(regions) -> list:
    """The regions to read, without repeats; raises LiveApiError naming one that is not a region name."""
    regions = _unique(regions)
    for region in regions:
        if not isinstance(region, str) or not REGION_PATTERN.match(region):
            raise LiveApiError('regions: %r is not a region name such as cn-north-4' % str(region)[:64])
    return regions


def _unique(values) -> list:
    """Values without repeats, in their first order; None and empty input give []."""
    seen, result = set(), []
    for value in values or ():
        if value not in seen:
            seen.add(value)
            result.append(value)
    return result


def _run_all(pool: ThreadPoolExecutor, function, argument_tuples) -> list:
    """Run ``function(*args)`` for every tuple on the pool; results in order; the first failure is raised."""
    futures = [pool.submit(function, *args) for args in argument_tuples]
    try:
        return [future.result() for future in futures]
    finally:
        for future in futures:
            future.cancel()
