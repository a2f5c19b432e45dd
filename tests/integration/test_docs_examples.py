# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What ansible-doc shows: every option documented, and the EXAMPLES run as they are against the simulator."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from harness import ansible_bin

EXAMPLE_ENDPOINT = 'http://127.0.0.1:18080'


def count_tasks(tasks: list) -> int:
    """Tasks that run, counting those inside blocks."""
    return sum(count_tasks(task['block']) if 'block' in task else 1 for task in tasks)


def ansible_doc(ansible, plugin_type: str, name: str) -> dict:
    result = ansible.run([ansible_bin('ansible-doc'), '--json', '-t', plugin_type, name])
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)[name]


@pytest.mark.parametrize('plugin_type, name', [('lookup', 'hwcloud.live.relay_tasks'), ('module', 'hwcloud.live.relay_task_info'),
                                               ('module', 'hwcloud.live.relay_task'), ('module', 'hwcloud.live.relay_task_audit'),
                                               ('module', 'hwcloud.live.relay_task_plan')])
def test_examples_run_against_the_simulator(ansible, simulator, plugin_type, name):
    examples = ansible_doc(ansible, plugin_type, name)['examples']
    assert EXAMPLE_ENDPOINT in examples
    tasks = yaml.safe_load(examples.replace(EXAMPLE_ENDPOINT, simulator.url))
    assert len(tasks) >= 2
    playbook = yaml.safe_dump([{'name': 'EXAMPLES of %s' % name, 'hosts': 'localhost', 'gather_facts': False, 'tasks': tasks}])
    env = {'HUAWEICLOUD_LIVE_ENDPOINT': simulator.url, 'HUAWEICLOUD_SDK_PROJECT_ID': simulator.project_id,
           'HUAWEICLOUD_LIVE_AUTH_TOKEN': simulator.token}
    result = ansible.run(ansible.playbook_command(playbook), env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r'localhost\s+: ok=%d\s+changed=\d+\s+unreachable=0\s+failed=0' % count_tasks(tasks), result.stdout), result.stdout


@pytest.mark.parametrize('plugin_type, name', [
    ('inventory', 'hwcloud.live.relay_tasks'), ('lookup', 'hwcloud.live.relay_tasks'), ('module', 'hwcloud.live.relay_task_info'),
    ('module', 'hwcloud.live.relay_task'), ('module', 'hwcloud.live.relay_task_audit'), ('module', 'hwcloud.live.relay_task_plan')])
def test_every_connection_option_is_documented_with_its_environment_variable(ansible, plugin_type, name):
    options = ansible_doc(ansible, plugin_type, name)['doc']['options']
    for option, env in [('endpoint', 'HUAWEICLOUD_LIVE_ENDPOINT'), ('access_key', 'HUAWEICLOUD_SDK_AK'),
                        ('secret_key', 'HUAWEICLOUD_SDK_SK'), ('security_token', 'HUAWEICLOUD_SDK_SECURITY_TOKEN'),
                        ('project_id', 'HUAWEICLOUD_SDK_PROJECT_ID'), ('region', 'HUAWEICLOUD_SDK_REGION')]:
        documented = json.dumps(options[option])
        assert env in documented, (option, env)
    for option in ('auth_token', 'username', 'password', 'domain_name', 'iam_endpoint', 'validate_certs', 'ca_path',
                   'timeout', 'retries'):
        assert options[option]['description'], option


def test_the_relay_task_module_documents_every_option_and_return_value(ansible):
    doc = ansible_doc(ansible, 'module', 'hwcloud.live.relay_task')
    documented = set(doc['doc']['options'])
    for option in ('state', 'status', 'task_id', 'task_region', 'source_type', 'source_urls', 'domain', 'app_name',
                   'stream_name', 'push_args', 'destination_url', 'start_time', 'end_time', 'vod_loop_time', 'vod_refresh_type',
                   'vod_start_video_index', 'vod_start_video_time', 'backup_source_type', 'backup_source_urls', 'callback_events',
                   'callback_url', 'recreate', 'show_sensitive'):
        assert option in documented and doc['doc']['options'][option]['description'], option
    assert set(doc['return']) == {'relay_task', 'action', 'recreated', 'request_ids'}
