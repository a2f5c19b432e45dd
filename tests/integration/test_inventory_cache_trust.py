# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Issue 12, item 3: the inventory cache is data from disk, never trusted, and never serves another credential."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from harness import assert_source_failed, listing_requests


def cached_config(ansible, cache_dir: Path, **options) -> dict:
    return ansible.token_config(cache=True, cache_plugin='ansible.builtin.jsonfile', cache_connection=str(cache_dir),
                                cache_timeout=3600, **options)


def rewrite_cached_field(cache_dir: Path, task_id: str, field: str, text: str) -> None:
    """Edit the cache file as an attacker with write access would: the field becomes a template trusted to run.

    ansible-core 2.19 and later keep data tags in the file (a JSON payload of tagged values); older releases keep
    plain JSON, where a string is only a string.
    """
    (path,) = [entry for entry in cache_dir.iterdir() if entry.is_file()]
    document = json.loads(path.read_text())
    tagged = '__payload__' in document
    entry = json.loads(document['__payload__']) if tagged else document
    value = {'value': text, 'tags': [{'__ansible_type': 'TrustedAsTemplate'}], '__ansible_type': '_AnsibleTaggedStr'} if tagged else text
    tasks = [task for task in entry['tasks'] if _plain(task['task_id']) == task_id]
    assert len(tasks) == 1
    tasks[0][field] = value
    if tagged:
        document['__payload__'] = json.dumps(entry)
    else:
        document = entry
    path.write_text(json.dumps(document))


def _plain(value):
    return value['value'] if isinstance(value, dict) and 'value' in value else value


def test_a_template_written_into_the_cache_file_never_runs(ansible, simulator, tmp_path):
    cache_dir = tmp_path / 'cache'
    marker = tmp_path / 'cache-template-ran'
    config = cached_config(ansible, cache_dir)
    hosts = ansible.inventory_list(config)['_meta']['hostvars']
    task_id = sorted(hosts)[0]
    payload = "{{ lookup('ansible.builtin.pipe', 'touch %s && id') }}" % marker
    rewrite_cached_field(cache_dir, task_id, 'callback_url', payload)
    playbook = yaml.safe_dump([{'hosts': task_id, 'gather_facts': False, 'tasks': [
        {'ansible.builtin.debug': {'var': 'callback_url'}},
        {'ansible.builtin.debug': {'msg': 'callback: {{ callback_url }}'}},
    ]}])
    simulator.clear_requests()
    result = ansible.playbook(config, playbook)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not marker.exists(), 'the cached template ran'
    assert 'uid=' not in result.stdout
    assert listing_requests(simulator) == []  # the edited cache was read, not refetched


def test_a_cache_entry_that_is_not_plain_data_is_refetched(ansible, simulator, tmp_path):
    cache_dir = tmp_path / 'cache'
    config = cached_config(ansible, cache_dir)
    hosts = ansible.inventory_list(config)['_meta']['hostvars']
    (path,) = list(cache_dir.iterdir())
    document = json.loads(path.read_text())
    vaulted = {'__ansible_vault': '$ANSIBLE_VAULT;1.1;AES256\n6162'}
    if '__payload__' in document:
        entry = json.loads(document['__payload__'])
        entry['tasks'][0]['push_args'] = {'ciphertext': '$ANSIBLE_VAULT;1.1;AES256\n6162', '__ansible_type': 'EncryptedString'}
        document['__payload__'] = json.dumps(entry)
    else:
        document['tasks'][0]['push_args'] = vaulted
    path.write_text(json.dumps(document))
    simulator.clear_requests()
    assert set(ansible.inventory_list(config)['_meta']['hostvars']) == set(hosts)
    assert listing_requests(simulator)


def test_another_or_an_invalid_token_never_gets_the_cached_listing(ansible, simulator, tmp_path):
    cache_dir = tmp_path / 'cache'
    ansible.inventory_list(cached_config(ansible, cache_dir))
    simulator.clear_requests()
    result = ansible.inventory(cached_config(ansible, cache_dir, auth_token='not-the-token', retries=0), '--list')
    assert_source_failed(result, 'HTTP 401')
    assert len(listing_requests(simulator)) == 1


def test_another_credential_method_never_gets_the_cached_listing(ansible, simulator, tmp_path):
    cache_dir = tmp_path / 'cache'
    ansible.inventory_list(cached_config(ansible, cache_dir))
    simulator.clear_requests()
    aksk = cached_config(ansible, cache_dir, auth_token=None, access_key=simulator.access_key, secret_key=simulator.secret_key)
    assert len(ansible.inventory_list(aksk)['_meta']['hostvars']) == len(simulator.tasks())
    assert listing_requests(simulator)
    simulator.clear_requests()
    ansible.inventory_list(aksk)
    assert listing_requests(simulator) == []  # the same credential reads its own cache


def test_the_cache_file_holds_no_credential(ansible, simulator, tmp_path):
    cache_dir = tmp_path / 'cache'
    for credentials in ({}, {'auth_token': None, 'access_key': simulator.access_key, 'secret_key': simulator.secret_key},
                        {'auth_token': None, 'username': simulator.username, 'password': simulator.password,
                         'domain_name': simulator.domain_name, 'iam_endpoint': simulator.url}):
        ansible.inventory_list(cached_config(ansible, cache_dir, **credentials))
    text = ''.join(path.read_text() for path in cache_dir.iterdir())
    for secret in simulator.secrets():
        assert secret not in text
    assert simulator.access_key not in text and simulator.username not in text
