#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The benchmark's peer: the inventory script a user would write over the vendor SDK instead of this collection.

An executable inventory script (``--list`` / ``--host NAME``) using huaweicloudsdklive's LiveClient with AK/SK
(BasicCredentials). It pages the listing sequentially, 100 tasks a request, and prints every task as a host named by
its task_id, with the 21 fields of the task as host variables in ``_meta.hostvars``, inside ``region_*`` and
``status_*`` groups that are children of ``relay_tasks`` (names sanitized as Ansible does: any character other than
a letter, a digit or ``_`` becomes ``_``).

Environment: HUAWEICLOUD_LIVE_ENDPOINT (for example the simulator's http://127.0.0.1:PORT), HUAWEICLOUD_SDK_AK,
HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_PROJECT_ID.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import sys

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdklive.v1 import ListPullTasksRequest, LiveClient

PAGE_LIMIT = 100
PARENT_GROUP = 'relay_tasks'
GROUP_FIELDS = ('region', 'status')
UNSAFE_GROUP_CHARACTERS = re.compile(r'[^A-Za-z0-9_]')
TIME_FORMAT = '%Y-%m-%dT%H:%M:%SZ'


def new_client() -> LiveClient:
    config = HttpConfig.get_default_config()
    config.ignore_ssl_verification = os.environ['HUAWEICLOUD_LIVE_ENDPOINT'].startswith('http://')
    config.timeout = (10, 30)
    credentials = BasicCredentials(os.environ['HUAWEICLOUD_SDK_AK'], os.environ['HUAWEICLOUD_SDK_SK'],
                                   os.environ['HUAWEICLOUD_SDK_PROJECT_ID'])
    return (LiveClient.new_builder().with_credentials(credentials).with_endpoints([os.environ['HUAWEICLOUD_LIVE_ENDPOINT']])
            .with_http_config(config).build())


def plain(value):
    """A task field as JSON can carry it (the SDK may hand back datetimes)."""
    if isinstance(value, datetime.datetime):
        return value.strftime(TIME_FORMAT)
    return value


def list_tasks(client: LiveClient) -> list:
    """Every relay task, one page after the other."""
    tasks, offset = [], 0
    while True:
        response = client.list_pull_tasks(ListPullTasksRequest(offset=offset, limit=PAGE_LIMIT))
        infos = response.task_infos or []
        tasks.extend({key: plain(value) for key, value in info.to_dict().items()} for info in infos)
        offset += PAGE_LIMIT
        if not infos or offset >= response.total:
            return tasks


def inventory(tasks: list) -> dict:
    groups = {}
    hostvars = {}
    for task in tasks:
        host = task['task_id']
        hostvars[host] = task
        for field in GROUP_FIELDS:
            if task.get(field):
                groups.setdefault(UNSAFE_GROUP_CHARACTERS.sub('_', '%s_%s' % (field, task[field])), []).append(host)
    result = {name: {'hosts': hosts} for name, hosts in groups.items()}
    result[PARENT_GROUP] = {'children': sorted(groups)}
    result['_meta'] = {'hostvars': hostvars}
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--list', action='store_true')
    parser.add_argument('--host')
    args = parser.parse_args()
    if args.host is not None:
        # not called by Ansible, since --list gives _meta; answered from a full listing for completeness
        tasks = {task['task_id']: task for task in list_tasks(new_client())}
        json.dump(tasks.get(args.host, {}), sys.stdout)
    else:
        json.dump(inventory(list_tasks(new_client())), sys.stdout)
    sys.stdout.write('\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
