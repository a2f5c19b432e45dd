# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fault suite, item 6 (docs/reliability.md): template payloads in task fields stay literal text, and nothing they name runs.

Through the inventory (host variables, host names, group names), its cache, the lookup and the info
module. `make test` runs this file on ansible-core 2.16, 2.18 and the newest release: up to 2.18 only
the collection's own marking keeps remote strings from being templated.
"""

from __future__ import annotations

import json

import pytest
import yaml

STRING_FIELDS = ['task_id', 'status', 'create_time', 'region', 'source_type', 'domain', 'app_name', 'stream_name',
                 'push_args', 'destination_url', 'start_time', 'end_time', 'callback_url', 'backup_source_type',
                 'vod_loop_time', 'vod_refresh_type']
LIST_FIELDS = ['source_urls', 'callback_events', 'backup_source_urls']


def payloads(marker_dir):
    """Three kinds of template payload; each would create a file in marker_dir if it were ever rendered."""
    return {
        'braces': "{{ lookup('pipe', 'touch %s/braces') }}" % marker_dir,
        'statement': "{%% set x = lookup('pipe', 'touch %s/statement') %%}{{ x }}" % marker_dir,
        # No brace before the header: a check that only looks for '{{' lets it through on ansible-core <= 2.18.
        'jinja2_header': ("#jinja2:variable_start_string:'[[', variable_end_string:']]'\n"
                          "[[ lookup('pipe', 'touch %s/jinja2_header') ]]" % marker_dir),
    }


def hostile_task(kind, payload):
    task = {field: '%s %s' % (field, payload) for field in STRING_FIELDS}
    task.update({field: [payload, 'plain'] for field in LIST_FIELDS})
    task['task_id'] = '%s-%s' % (kind, payload)
    if kind == 'jinja2_header':
        task['stream_name'] = payload  # a field that begins with the header, as a template would
    return task


PLAYBOOK = r'''
- name: Render every field of every relay task
  hosts: relay_tasks
  gather_facts: false
  vars:
    fields: %(fields)s
  tasks:
    - name: Write the fields, the host name and the groups as Ansible sees them (a real module run, local connection)
      ansible.builtin.copy:
        dest: "%(out)s/{{ inventory_hostname | hash('sha1') }}.json"
        content: "{{ dict(fields | zip(fields | map('extract', hostvars[inventory_hostname])))
                     | combine({'_host': inventory_hostname, '_groups': group_names}) | to_json }}"
        mode: "0600"
    - name: Show the stream name
      ansible.builtin.debug:
        msg: "{{ stream_name }}"
'''


@pytest.mark.parametrize('source', ['api', 'cache'])
def test_template_payloads_in_fields_host_names_and_group_names_stay_literal(ansible, simulator, tmp_path, source):
    markers = tmp_path / 'markers'
    out = tmp_path / 'out'
    markers.mkdir()
    out.mkdir()
    tasks = [hostile_task(kind, payload) for kind, payload in payloads(markers).items()]
    simulator.set_tasks(tasks)
    config = ansible.token_config(group_by=['region', 'status', 'stream_name'], hostnames=['task_id'])
    if source == 'cache':
        config.update(cache=True, cache_plugin='ansible.builtin.jsonfile', cache_connection=str(tmp_path / 'cache'))
    listed = ansible.inventory(config, '--list', '--export')
    assert listed.returncode == 0, listed.stderr
    inventory = json.loads(listed.stdout)
    if source == 'cache':
        simulator.clear_requests()
    result = ansible.playbook(config, PLAYBOOK % {'fields': json.dumps(STRING_FIELDS + LIST_FIELDS), 'out': out})
    assert result.returncode == 0, result.stdout + result.stderr
    if source == 'cache':
        assert simulator.requests_log() == []
    assert list(markers.iterdir()) == []
    rendered = {}
    for path in out.iterdir():
        fields = json.loads(path.read_text())
        rendered[fields['task_id']] = fields
    assert {task_id: {field: value for field, value in fields.items() if not field.startswith('_')}
            for task_id, fields in rendered.items()} == {
        task['task_id']: {field: task[field] for field in STRING_FIELDS + LIST_FIELDS} for task in tasks}
    listed_hosts = set(inventory['_meta']['hostvars'])
    assert {fields['_host'] for fields in rendered.values()} == listed_hosts
    assert any("{{_lookup('pipe',_'touch" in host for host in listed_hosts)  # payloads in host names, spaces made _
    stream_groups = {group for fields in rendered.values() for group in fields['_groups'] if group.startswith('stream_name_')}
    assert len(stream_groups) == 3 and stream_groups <= set(inventory)
    assert "touch %s/braces" % markers in result.stdout


def lookup_call(connection: dict) -> str:
    return "query('hwcloud.live.relay_tasks', %s)" % ', '.join('%s=%s' % (key, json.dumps(value)) for key, value in connection.items())


def test_template_payloads_come_back_as_literal_text_from_the_lookup_and_the_info_module(ansible, simulator, tmp_path):
    markers = tmp_path / 'markers'
    markers.mkdir()
    tasks = [hostile_task(kind, payload) for kind, payload in payloads(markers).items()]
    simulator.set_tasks(tasks)
    connection = {'endpoint': simulator.url, 'project_id': simulator.project_id, 'auth_token': simulator.token}
    out = tmp_path / 'out.json'
    playbook = yaml.safe_dump([{'hosts': 'localhost', 'gather_facts': False, 'tasks': [
        {'name': 'module', 'hwcloud.live.relay_task_info': connection, 'register': 'info'},
        {'name': 'lookup', 'ansible.builtin.set_fact': {'looked_up': '{{ %s }}' % lookup_call(connection)}},
        {'name': 'write both', 'ansible.builtin.copy': {'dest': str(out), 'mode': '0600', 'content': (
            "{{ {'lookup': looked_up, 'module': info.relay_tasks} | to_json }}")}},
        {'name': 'show', 'ansible.builtin.debug': {'msg': '{{ info.relay_tasks | map(attribute="stream_name") | list }}'}},
        {'name': 'show again', 'ansible.builtin.debug': {'msg': '{{ looked_up | map(attribute="push_args") | list }}'}},
    ]}])
    result = ansible.run(ansible.playbook_command(playbook))
    assert result.returncode == 0, result.stdout + result.stderr
    assert list(markers.iterdir()) == []
    written = json.loads(out.read_text())
    expected = {task['task_id']: {field: task[field] for field in STRING_FIELDS + LIST_FIELDS} for task in tasks}
    for source in ('lookup', 'module'):
        assert {task['task_id']: {field: task[field] for field in STRING_FIELDS + LIST_FIELDS}
                for task in written[source]} == expected, source
