# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Answers held to the query document: ``total`` is 0 to 10000, and only its own 404 (LIVE.100011001) means "no such task"."""

from __future__ import annotations

import json

import pytest
import yaml
from harness import assert_source_failed, host_names, listing_requests, squeezed

GATEWAY_404 = 'HTTP 404 APIGW.0101: The API does not exist or has not been published in the environment'


@pytest.mark.parametrize('total', [10001, 1000000, -1])
def test_a_total_outside_the_documented_range_fails_the_source_after_the_first_page(ansible, simulator, total):
    simulator.set_faults([{'kind': 'total', 'delta': total - len(simulator.tasks())}])
    result = ansible.inventory(ansible.token_config(), '--list')
    request_id = listing_requests(simulator)[0]['request_id']
    assert_source_failed(result, 'offset=0&limit=100: HTTP 200: total is %d, outside 0 to 10000 (request id %s)'
                         % (total, request_id))
    assert len(listing_requests(simulator)) == 1  # no page planned from it, and a malformed answer is not sent again


def test_fewer_than_ten_thousand_tasks_bring_no_warning(ansible, simulator):
    result = ansible.inventory(ansible.token_config(group_by=[]), '--graph')
    assert result.returncode == 0, result.stderr
    assert len(host_names(result.stdout)) == 250
    assert squeezed('may cap the count') not in squeezed(result.stderr)


def wrong_path_playbook(simulator, task_id: str, out) -> str:
    """relay_task state=absent and the lookup of one task id, both against an endpoint whose path the gateway has no API for."""
    connection = {'endpoint': simulator.url + '/wrong-prefix', 'project_id': simulator.project_id,
                  'auth_token': simulator.token, 'retries': 0}
    lookup = "query('hwcloud.live.relay_tasks', %s, on_missing='skip', %s)" % (
        json.dumps(task_id), ', '.join('%s=%s' % (key, json.dumps(value)) for key, value in connection.items()))
    tasks = [
        {'name': 'delete', 'hwcloud.live.relay_task': dict(connection, task_id=task_id, state='absent'),
         'register': 'deleted', 'ignore_errors': True},
        {'name': 'lookup', 'ansible.builtin.debug': {'msg': '{{ %s }}' % lookup}, 'register': 'looked_up',
         'ignore_errors': True},
        {'name': 'save', 'ansible.builtin.copy': {'dest': str(out), 'mode': '0600',
                                                  'content': '{{ [deleted, looked_up] | to_json }}'}},
    ]
    return yaml.safe_dump([{'hosts': 'localhost', 'gather_facts': False, 'tasks': tasks}], sort_keys=False)


def test_a_404_from_a_wrong_endpoint_path_is_an_error_not_a_missing_task(ansible, simulator, tmp_path):
    task_id = simulator.tasks()[0]['task_id']
    out = tmp_path / 'results.json'
    result = ansible.run(ansible.playbook_command(wrong_path_playbook(simulator, task_id, out)))
    assert result.returncode == 0, result.stdout + result.stderr
    deleted, looked_up = json.loads(out.read_text())
    line = 'GET /wrong-prefix/v1/%s/pull/stream/task?task_id=%s: %s' % (simulator.project_id, task_id, GATEWAY_404)
    assert deleted['failed'] and not deleted['changed']
    assert deleted['msg'].startswith(line + ' (request id ') and '\n' not in deleted['msg']
    assert deleted['http_status'] == 404 and deleted['error_code'] == 'APIGW.0101'
    assert looked_up['failed'] and 'hwcloud.live.relay_tasks: %s (request id ' % line in looked_up['msg']
    log = simulator.requests_log()
    assert [entry['status'] for entry in log] == [404, 404]  # the gateway's 404, and nothing deleted
    assert [entry['method'] for entry in log] == ['GET', 'GET']
    assert len(simulator.tasks()) == 250


def test_the_documents_404_still_means_no_such_task(ansible, simulator, tmp_path):
    out = tmp_path / 'results.json'
    playbook = wrong_path_playbook(simulator, '00000000-0000-4000-8000-000000000000', out).replace('/wrong-prefix', '')
    result = ansible.run(ansible.playbook_command(playbook))
    assert result.returncode == 0, result.stdout + result.stderr
    deleted, looked_up = json.loads(out.read_text())
    assert not deleted.get('failed') and not deleted['changed']
    assert not looked_up.get('failed') and looked_up['msg'] == []
    assert [(entry['status'], json.dumps(entry['query'])) for entry in simulator.requests_log()] == [
        (404, json.dumps([['task_id', '00000000-0000-4000-8000-000000000000']]))] * 2
