# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Real ansible-* processes against the simulator: environment, temporary inventories and playbooks, output parsing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / 'tests' / 'simulator'))

from control import SimulatorProcess  # noqa: E402 pylint: disable=wrong-import-position

ANSIBLE_CFG = REPO / 'playbooks' / 'ansible.cfg'
# Credentials a developer may have exported must never leak into a test run.
SCRUBBED_PREFIXES = ('HUAWEICLOUD_', 'ANSIBLE_HWC_', 'ANSIBLE_INVENTORY', 'ANSIBLE_CONFIG')

# The warning for a listing at the document's largest total (issue 12, item 6).
CAPPED_WARNING = ('hwcloud.live.relay_tasks: listing relay tasks: the API counts exactly 10000 tasks, the most its document'
                  ' allows; it may cap the count at 10000 and leave tasks out, so list by region (option regions) to split'
                  ' the listing')


def ansible_bin(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def ansible_env(extra: dict | None = None) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(SCRUBBED_PREFIXES)}
    env.update({
        'ANSIBLE_CONFIG': str(ANSIBLE_CFG),
        'ANSIBLE_COLLECTIONS_PATH': os.environ.get('ANSIBLE_COLLECTIONS_PATH', str(REPO / 'build' / 'collections')),
        'ANSIBLE_COLLECTIONS_SCAN_SYS_PATH': 'false',
        'ANSIBLE_NOCOLOR': '1',
        'ANSIBLE_FORCE_COLOR': '0',
        'ANSIBLE_LOCAL_TEMP': str(Path(os.environ.get('TMPDIR', '/tmp')) / 'hwcloud-live-ansible-tmp'),
    })
    env.update(extra or {})
    return env


class AnsibleRun:
    """Writes inventory configs and playbooks into a temporary directory and runs real ansible-* processes on them."""

    def __init__(self, directory: Path, simulator: SimulatorProcess) -> None:
        self.directory = directory
        self.simulator = simulator

    def token_config(self, **options) -> dict:
        config = {'plugin': 'hwcloud.live.relay_tasks', 'endpoint': self.simulator.url,
                  'project_id': self.simulator.project_id, 'auth_token': self.simulator.token, 'retries': 2}
        config.update(options)
        return {key: value for key, value in config.items() if value is not None}

    def write(self, name: str, content) -> Path:
        path = self.directory / name
        path.write_text(content if isinstance(content, str) else yaml.safe_dump(content, sort_keys=False))
        return path

    def run(self, command: list, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
        return subprocess.run(command, cwd=self.directory, env=ansible_env(env), capture_output=True, text=True,
                              timeout=timeout, check=False)

    def inventory(self, config: dict, *args, env: dict | None = None, name: str = 'test.relay_tasks.yml'):
        path = self.write(name, config)
        return self.run([ansible_bin('ansible-inventory'), '-i', str(path), *args], env=env)

    def inventory_list(self, config: dict, env: dict | None = None) -> dict:
        result = self.inventory(config, '--list', '--export', env=env)
        assert result.returncode == 0, result.stderr
        return unwrap(json.loads(result.stdout))

    def playbook_command(self, playbook: str) -> list:
        """ansible-playbook on localhost alone, run locally with this Python (which has requests and jmespath)."""
        book = self.write('localhost-play.yml', playbook)
        return [ansible_bin('ansible-playbook'), '-i', 'localhost,', '-c', 'local',
                '-e', 'ansible_python_interpreter=%s' % sys.executable, str(book)]

    def playbook(self, config: dict, playbook: str, *args, env: dict | None = None):
        inventory = self.write('test.relay_tasks.yml', config)
        book = self.write('play.yml', playbook)
        return self.run([ansible_bin('ansible-playbook'), '-i', str(inventory), str(book), *args], env=env)


def unwrap(value):
    """ansible-inventory --list shows marked strings as {"__ansible_unsafe": text}; give back plain data."""
    if isinstance(value, dict):
        if set(value) == {'__ansible_unsafe'}:
            return value['__ansible_unsafe']
        return {unwrap(key): unwrap(item) for key, item in value.items()}
    if isinstance(value, list):
        return [unwrap(item) for item in value]
    return value


def squeezed(text: str) -> str:
    """Text without any whitespace: ansible-core 2.16 wraps warnings at 79 columns inside words and after hyphens."""
    return ''.join(text.split())


def flat(text: str) -> str:
    """Text with every run of whitespace made one space: ansible-core 2.16 wraps warnings at 79 columns."""
    return ' '.join(text.split())


def listing_requests(simulator, offset=None) -> list:
    """The logged listing requests (GET on the task path), all of them or those of one offset."""
    return [entry for entry in simulator.requests_log()
            if entry['method'] == 'GET' and entry['path'].endswith('/pull/stream/task')
            and (offset is None or dict(entry['query']).get('offset') == str(offset))]


def token_requests(simulator) -> list:
    return [entry for entry in simulator.requests_log() if entry['path'] == '/v3/auth/tokens']


def host_names(graph: str) -> list:
    """Host lines of `ansible-inventory --graph` under the relay_tasks parent with group_by disabled."""
    return [line.split('|--', 1)[1] for line in graph.splitlines() if line.startswith('  |  |--')]


def assert_source_failed(result, message) -> None:
    """The inventory failed as a whole: non-zero, no inventory printed, one line with ``message``, no traceback.

    ``message`` may be a tuple of wordings, one of which must appear (ansible-core's own errors differ by release).
    """
    assert result.returncode != 0, result.stdout
    assert result.stdout == ''
    assert 'Traceback' not in result.stderr
    wordings = message if isinstance(message, tuple) else (message,)
    assert any(squeezed(wording) in squeezed(result.stderr) for wording in wordings), result.stderr
    ours = {line for line in result.stderr.splitlines() if line.startswith('hwcloud.live.relay_tasks: ')}
    assert len(ours) <= 1, result.stderr  # ansible-core 2.19+ repeats the message as its own line; 2.16 wraps it
