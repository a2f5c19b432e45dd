# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What ansible-doc shows: every option documented, and the EXAMPLES run as they are against the simulator."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import jmespath
import pytest
import yaml
from harness import REPO, AnsibleRun, SimulatorProcess, ansible_bin, unwrap

EXAMPLE_ENDPOINT = 'http://127.0.0.1:18080'
INVENTORY = 'hwcloud.live.relay_tasks'
PLAYBOOK_EXAMPLES = [('lookup', 'hwcloud.live.relay_tasks'), ('module', 'hwcloud.live.relay_task_info'),
                     ('module', 'hwcloud.live.relay_task'), ('module', 'hwcloud.live.relay_task_audit'),
                     ('module', 'hwcloud.live.relay_task_plan'), ('module', 'hwcloud.live.relay_task_apply')]
PLUGIN_DIRECTORIES = {'modules': 'module', 'lookup': 'lookup', 'inventory': 'inventory'}
# Environment variables the inventory EXAMPLES name (in a lookup or a comment), with the simulator setting each stands for.
EXAMPLE_ENVIRONMENT = {'MY_IAM_TOKEN': 'token', 'HWC_PASSWORD': 'password', 'HUAWEICLOUD_SDK_AK': 'access_key',
                       'HUAWEICLOUD_SDK_SK': 'secret_key', 'HUAWEICLOUD_SDK_PROJECT_ID': 'project_id',
                       'HUAWEICLOUD_SDK_REGION': 'region'}
NAMED_VARIABLE = re.compile(r"lookup\('ansible\.builtin\.env', '(\w+)'\)|\b(HUAWEICLOUD_SDK_\w+)")


def count_tasks(tasks: list) -> int:
    """Tasks that run, counting those inside blocks."""
    return sum(count_tasks(task['block']) if 'block' in task else 1 for task in tasks)


def ansible_doc(ansible, plugin_type: str, name: str) -> dict:
    result = ansible.run([ansible_bin('ansible-doc'), '--json', '-t', plugin_type, name])
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)[name]


@pytest.mark.parametrize('plugin_type, name', PLAYBOOK_EXAMPLES)
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


def split_inventory_examples(examples: str) -> list:
    """The inventory EXAMPLES as separate YAML documents, each starting with the comment lines just above its plugin line."""
    documents, comments = [], []
    for line in examples.splitlines():
        if line == 'plugin: %s' % INVENTORY:
            documents.append(comments + [line])
            comments = []
        elif line.startswith('#'):
            comments.append(line)
        elif not line.strip():
            comments = []
        else:
            documents[-1].append(line)
    return ['\n'.join(lines) + '\n' for lines in documents]


def source_inventory_examples() -> list:
    """The inventory EXAMPLES read from the plugin's source, so that each document is a test of its own."""
    tree = ast.parse((REPO / 'plugins' / 'inventory' / 'relay_tasks.py').read_text())
    examples = next(node.value.value for node in tree.body if isinstance(node, ast.Assign)
                    and getattr(node.targets[0], 'id', None) == 'EXAMPLES')
    return split_inventory_examples(examples)


INVENTORY_EXAMPLES = source_inventory_examples()


def example_environment(text: str, config: dict, simulator, home: Path) -> dict:
    """What an inventory example expects from its environment, pointing at the simulator.

    The variables it names, the endpoint (from the environment it fills in where the file sets none, as for a file
    naming only a region), IAM's endpoint for a password, and HOME, so that a ~ path stays inside the test's directory.
    """
    env = {'HOME': str(home), 'HUAWEICLOUD_LIVE_ENDPOINT': simulator.url}
    for match in NAMED_VARIABLE.finditer(text):
        name = match.group(1) or match.group(2)
        assert name in EXAMPLE_ENVIRONMENT, 'the example names %s, which this test does not supply' % name
        env[name] = getattr(simulator, EXAMPLE_ENVIRONMENT[name])
    if config.get('username') and not config.get('iam_endpoint'):
        env['ANSIBLE_HWC_IDENTITY_ENDPOINT'] = simulator.url
    return env


def selected_tasks(tasks: list, config: dict) -> list:
    """The tasks an inventory file selects: its regions, statuses and filter."""
    regions, statuses, expression = config.get('regions'), config.get('statuses'), config.get('filter')
    return [task for task in tasks if (not regions or task['region'] in regions) and (not statuses or task['status'] in statuses)
            and (expression is None or jmespath.search(expression, task) not in (None, False, '', [], {}))]


def expected_host_name(config: dict, task: dict):
    """The first non-empty name the file's hostnames expressions give the task (a failing expression gives none)."""
    for expression in config.get('hostnames', ['task_id']):
        try:
            name = jmespath.search(expression, task)
        except jmespath.exceptions.JMESPathError:
            continue
        if isinstance(name, str) and name:
            return name
    return None


def graph_hosts(graph: str) -> set:
    """Every host name in `ansible-inventory --graph` output, in whichever group it is shown."""
    leaves = {line.rsplit('|--', 1)[1] for line in graph.splitlines() if '|--' in line}
    return {leaf for leaf in leaves if not leaf.startswith('@')}


@pytest.fixture(scope='module')
def example_simulator():
    """A simulator with the shared one's data set, whose project and IAM user are the ones the inventory EXAMPLES name."""
    configs = [yaml.safe_load(document) for document in INVENTORY_EXAMPLES]
    args = ['--quiet']
    for option, flag in (('project_id', '--project-id'), ('username', '--username'), ('domain_name', '--domain-name')):
        named = {config[option] for config in configs if config.get(option) and '{{' not in config[option]}
        assert len(named) <= 1, (option, named)
        args += [flag, named.pop()] if named else []
    with SimulatorProcess(tasks=250, seed=3, extra_args=tuple(args)) as simulator:
        yield simulator


def test_every_plugin_and_module_has_its_examples_run():
    found = {(kind, 'hwcloud.live.' + path.stem) for directory, kind in PLUGIN_DIRECTORIES.items()
             for path in (REPO / 'plugins' / directory).glob('*.py') if not path.name.startswith('_')}
    assert found == set(PLAYBOOK_EXAMPLES) | {('inventory', INVENTORY)}
    assert len(INVENTORY_EXAMPLES) >= 2


def test_the_inventory_examples_run_are_the_ones_ansible_doc_shows(ansible):
    assert split_inventory_examples(ansible_doc(ansible, 'inventory', INVENTORY)['examples']) == INVENTORY_EXAMPLES


@pytest.mark.parametrize('number', range(1, len(INVENTORY_EXAMPLES) + 1), ids=lambda number: 'example-%d' % number)
def test_inventory_examples_list_and_graph_their_selection_of_tasks(tmp_path, example_simulator, number):
    simulator = example_simulator
    simulator.reset()
    text = INVENTORY_EXAMPLES[number - 1].replace(EXAMPLE_ENDPOINT, simulator.url)
    config = yaml.safe_load(text)
    run = AnsibleRun(tmp_path, simulator)
    source = str(run.write('%d.relay_tasks.yml' % number, text))
    env = example_environment(text, config, simulator, tmp_path)
    listed = run.run([ansible_bin('ansible-inventory'), '-i', source, '--list', '--export'], env=env)
    assert listed.returncode == 0, listed.stderr
    hostvars = unwrap(json.loads(listed.stdout))['_meta']['hostvars']
    expected = selected_tasks(simulator.tasks(), config)
    assert expected, 'the seeded data set has no task this example selects'
    assert len(hostvars) == len(expected)
    assert {variables['task_id'] for variables in hostvars.values()} == {task['task_id'] for task in expected}
    assert set(hostvars) == {expected_host_name(config, task) for task in expected}
    graph = run.run([ansible_bin('ansible-inventory'), '-i', source, '--graph'], env=env)
    assert graph.returncode == 0, graph.stderr
    assert graph_hosts(graph.stdout) == set(hostvars)


def test_the_cached_inventory_example_is_read_back_from_its_cache_in_home(tmp_path, example_simulator):
    cached = [number for number, document in enumerate(INVENTORY_EXAMPLES, 1) if yaml.safe_load(document).get('cache')]
    assert cached, 'no inventory example shows the cache'
    simulator = example_simulator
    simulator.reset()
    text = INVENTORY_EXAMPLES[cached[0] - 1].replace(EXAMPLE_ENDPOINT, simulator.url)
    config = yaml.safe_load(text)
    directory = Path(config['cache_connection'].replace('~', str(tmp_path), 1)).resolve()
    assert directory.is_relative_to(tmp_path.resolve()), 'the cache would be written outside the test directory'
    run = AnsibleRun(tmp_path, simulator)
    command = [ansible_bin('ansible-inventory'), '-i', str(run.write('cached.relay_tasks.yml', text)), '--list', '--export']
    env = example_environment(text, config, simulator, tmp_path)
    first = run.run(command, env=env)
    assert first.returncode == 0, first.stderr
    assert any(directory.iterdir())
    simulator.clear_requests()
    second = run.run(command, env=env)
    assert second.returncode == 0, second.stderr
    assert json.loads(second.stdout) == json.loads(first.stdout)
    assert simulator.requests_log() == []


@pytest.mark.parametrize('plugin_type, name', [
    ('inventory', 'hwcloud.live.relay_tasks'), ('lookup', 'hwcloud.live.relay_tasks'), ('module', 'hwcloud.live.relay_task_info'),
    ('module', 'hwcloud.live.relay_task'), ('module', 'hwcloud.live.relay_task_audit'), ('module', 'hwcloud.live.relay_task_plan'),
    ('module', 'hwcloud.live.relay_task_apply')])
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
    assert set(doc['return']) == {'relay_task', 'action', 'recreated', 'request_ids', 'restored_task_id', 'lost_task'}
