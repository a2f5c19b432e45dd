# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Template payloads in task fields stay literal text through ansible-playbook, and nothing they name runs."""

from __future__ import annotations

import json

import pytest

STRING_FIELDS = ['task_id', 'status', 'create_time', 'region', 'source_type', 'domain', 'app_name', 'stream_name',
                 'push_args', 'destination_url', 'start_time', 'end_time', 'callback_url', 'backup_source_type',
                 'vod_loop_time', 'vod_refresh_type']
LIST_FIELDS = ['source_urls', 'callback_events', 'backup_source_urls']


def payloads(marker_dir):
    """Three kinds of template payload; each would create a file in marker_dir if it were ever rendered."""
    return {
        'braces': "{{ lookup('pipe', 'touch %s/braces') }}" % marker_dir,
        'statement': "{%% set x = lookup('pipe', 'touch %s/statement') %%}{{ x }}" % marker_dir,
        'jinja2_header': ("#jinja2:variable_start_string:'[[', variable_end_string:']]'\n"
                          "[[ lookup('pipe', 'touch %s/jinja2_header') ]]" % marker_dir),
    }


def hostile_task(kind, payload):
    task = {field: '%s %s' % (field, payload) for field in STRING_FIELDS}
    task.update({field: [payload, 'plain'] for field in LIST_FIELDS})
    task['task_id'] = '%s-%s' % (kind, payload)
    return task


PLAYBOOK = r'''
- name: Render every field of every relay task
  hosts: relay_tasks
  gather_facts: false
  vars:
    fields: %(fields)s
  tasks:
    - name: Write the fields as Ansible sees them (a real module run on the local connection)
      ansible.builtin.copy:
        dest: "%(out)s/{{ inventory_hostname | hash('sha1') }}.json"
        content: "{{ dict(fields | zip(fields | map('extract', hostvars[inventory_hostname]))) | to_json }}"
        mode: "0600"
    - name: Show the stream name
      ansible.builtin.debug:
        msg: "{{ stream_name }}"
'''


@pytest.mark.parametrize('source', ['api', 'cache'])
def test_template_payloads_in_every_field_render_as_literal_text(ansible, simulator, tmp_path, source):
    markers = tmp_path / 'markers'
    out = tmp_path / 'out'
    markers.mkdir()
    out.mkdir()
    tasks = [hostile_task(kind, payload) for kind, payload in payloads(markers).items()]
    simulator.set_tasks(tasks)
    config = ansible.token_config(group_by=['region', 'status', 'stream_name'])
    if source == 'cache':
        config.update(cache=True, cache_plugin='ansible.builtin.jsonfile', cache_connection=str(tmp_path / 'cache'))
        assert ansible.inventory(config, '--list').returncode == 0
        simulator.clear_requests()
    playbook = PLAYBOOK % {'fields': json.dumps(STRING_FIELDS + LIST_FIELDS), 'out': out}
    result = ansible.playbook(config, playbook)
    assert result.returncode == 0, result.stdout + result.stderr
    if source == 'cache':
        assert simulator.requests_log() == []
    assert list(markers.iterdir()) == []
    rendered = {}
    for path in out.iterdir():
        fields = json.loads(path.read_text())
        rendered[fields['task_id']] = fields
    assert rendered == {task['task_id']: {field: task[field] for field in STRING_FIELDS + LIST_FIELDS} for task in tasks}
    assert "touch %s/braces" % markers in result.stdout
