# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What AWX does with docs/awx.md: inject a credential as environment variables, update an inventory with ansible-runner."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import ansible_runner
import jinja2
import yaml
from harness import REPO, ansible_env

AWX_DOC = REPO / 'docs' / 'awx.md'


def doc_block(marker: str):
    """The YAML code block of docs/awx.md whose first line is ``# <marker>``."""
    for block in re.findall(r'```yaml\n(.*?)```', AWX_DOC.read_text(), flags=re.S):
        if block.startswith('# %s\n' % marker):
            return yaml.safe_load(block), block
    raise AssertionError('docs/awx.md has no yaml block marked %r' % marker)


def injected_environment(inputs: dict) -> dict:
    """AWX renders each injector with the credential's inputs; absent inputs render empty."""
    fields, _text = doc_block('credential type: inputs')
    known = {field['id'] for field in fields['fields']}
    assert set(inputs) <= known and set(fields['required']) <= set(inputs)
    injectors, _text = doc_block('credential type: injectors')
    values = {name: inputs.get(name, '') for name in known}
    return {name: jinja2.Template(template).render(**values) for name, template in injectors['env'].items()}


def test_an_inventory_update_as_awx_runs_it(simulator, tmp_path, monkeypatch):
    inputs = {'project_id': simulator.project_id, 'endpoint': simulator.url, 'access_key': simulator.access_key,
              'secret_key': simulator.secret_key}
    env = injected_environment(inputs)
    assert env['HUAWEICLOUD_SDK_SK'] == simulator.secret_key and env['HUAWEICLOUD_SDK_SECURITY_TOKEN'] == ''
    _config, source_text = doc_block('inventory source: live.relay_tasks.yml')
    source = tmp_path / 'project' / 'inventories' / 'live.relay_tasks.yml'
    source.parent.mkdir(parents=True)
    source.write_text(source_text)
    for name, value in ansible_env().items():
        if name.startswith('ANSIBLE_') or name == 'PATH':
            monkeypatch.setenv(name, value)
    monkeypatch.setenv('PATH', '%s%s%s' % (Path(sys.executable).parent, os.pathsep, os.environ['PATH']))
    output, errors = ansible_runner.interface.get_inventory(
        action='list', inventories=[str(source)], response_format='json', envvars=env, quiet=True,
        private_data_dir=str(tmp_path / 'runner'), export=True)
    assert not errors, errors
    inventory = output if isinstance(output, dict) else json.loads(output)
    hosts = set(inventory['_meta']['hostvars'])
    assert hosts == {task['task_id'] for task in simulator.tasks()}
    assert {'region_cn_north_4', 'status_suspend', 'source_type_PullVodPushLive'} <= set(inventory['relay_tasks']['children'])
    used = {entry['auth'] for entry in simulator.requests_log()}
    assert used == {'aksk'}
    # ansible-runner records the injected variables (env/envvars, artifacts/*/command), as AWX does;
    # what the job printed must not hold them.
    job_output = ''.join(path.read_text(errors='replace') for path in (tmp_path / 'runner' / 'artifacts').rglob('*')
                         if path.is_file() and (path.name in ('stdout', 'stderr') or path.parent.name == 'job_events'))
    assert job_output and simulator.secret_key not in job_output and json.dumps(inventory).find(simulator.secret_key) == -1
