# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shared option tables: argument specs for modules and documentation for the doc fragments agree."""

from __future__ import annotations

import yaml

from ansible_collections.hwcloud.live.plugins.module_utils.options import (
    CONNECTION_OPTIONS, CREDENTIAL_OPTIONS, SELECTION_OPTIONS, argument_spec, documentation,
)


def test_secrets_are_no_log_and_read_the_environment():
    spec = argument_spec(CONNECTION_OPTIONS)
    assert {name for name, entry in spec.items() if entry.get('no_log')} == {'auth_token', 'password', 'secret_key', 'security_token'}
    assert spec['endpoint']['fallback'][1] == ['HUAWEICLOUD_LIVE_ENDPOINT']
    assert spec['retries'] == {'type': 'int', 'default': 4}


def test_credentials_have_no_fallback_so_the_environment_stays_a_lower_level():
    spec = argument_spec(CONNECTION_OPTIONS)
    assert [name for name in CREDENTIAL_OPTIONS if 'fallback' in spec[name]] == []
    assert all(CONNECTION_OPTIONS[name].env for name in CREDENTIAL_OPTIONS)


def test_plugin_documentation_matches_the_argument_spec():
    docs = yaml.safe_load(documentation(CONNECTION_OPTIONS, env_entries=True))['options']
    spec = argument_spec(CONNECTION_OPTIONS)
    assert set(docs) == set(spec)
    for name, entry in spec.items():
        assert docs[name]['type'] == entry['type']
        assert docs[name].get('default') == entry.get('default')
        if 'fallback' in entry:
            assert docs[name]['env'] == [{'name': entry['fallback'][1][0]}]


def test_module_documentation_names_the_variable_instead_of_env_entries():
    docs = yaml.safe_load(documentation(CONNECTION_OPTIONS, env_entries=False))['options']
    assert 'env' not in docs['secret_key']
    assert docs['secret_key']['description'][-1] == 'Can also be set with the E(HUAWEICLOUD_SDK_SK) environment variable.'


def test_selection_documentation_is_valid_yaml_with_list_defaults():
    docs = yaml.safe_load(documentation(SELECTION_OPTIONS, env_entries=False))['options']
    assert docs['regions'] == {'description': docs['regions']['description'], 'type': 'list', 'elements': 'str', 'default': []}
    assert "V(source_type == 'PullVodPushLive')" in docs['filter']['description'][0]
