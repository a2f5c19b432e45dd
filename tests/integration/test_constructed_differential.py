# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""compose, groups and keyed_groups through the plugin give what ansible.builtin.constructed gives over the same hosts.

For each option set: one ansible-inventory run of hwcloud.live.relay_tasks against the simulator, and one of a
static YAML inventory holding the host variables the plugin makes with no options, followed by
ansible.builtin.constructed with the same options. Every host's variables and every group's hosts, children and
variables must be the same. From ansible-core 2.19 the plugin answers plain references without the template
engine (plugin_utils/constructed.py), so this is the check that the shortcut never guesses; before 2.19 it checks
the template path. Two known differences are kept out of the option sets, as neither is the shortcut's:
the plugin's compose sees only the task's fields (constructed's also sees inventory_hostname and group_names),
and its keyed_groups reread group_names after each entry (constructed's read it once per host).
"""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml
from harness import AnsibleRun, ansible_bin, unwrap

from ansible_collections.hwcloud.live.plugins.plugin_utils.unsafe import UNTRUSTED_BY_DEFAULT, could_be_template

PARENT_GROUP = 'relay_tasks'
PLUGIN_OWN_VARS = ('ansible_connection', 'ansible_python_interpreter')
CONSTRUCTED_ENV = {'ANSIBLE_INVENTORY_ENABLED': 'ansible.builtin.yaml,ansible.builtin.constructed'}
MEMORY_ADDRESS = re.compile(r' at 0x[0-9a-f]+')
HEADER = "#jinja2:variable_start_string:'[[', variable_end_string:']]'\n"


def task(number, **fields):
    base = {'task_id': '00000000-0000-4000-8000-%012d' % number, 'status': 'running', 'create_time': '2024-05-01T00:00:00Z',
            'region': 'cn-north-4', 'source_type': 'PullLivePushLive', 'source_urls': ['rtmp://origin1.example.com/live/a'],
            'domain': 'publish1.example.com', 'app_name': 'live', 'stream_name': 'news-%d' % number,
            'push_args': 'auth_key=%d' % number, 'destination_url': '', 'start_time': '2024-05-01T00:10:00Z',
            'end_time': '2024-05-02T00:00:00Z', 'callback_events': ['TaskStart', 'TaskExit'],
            'callback_url': 'https://hooks1.example.com/cb'}
    base.update(fields)
    return base


VOD = {'source_type': 'PullVodPushLive', 'vod_loop_time': '-1', 'vod_start_video_time': 30,
       'vod_refresh_type': 'immediate_new_source'}
TASKS = [
    task(1, task_id='relay_cow'),  # a host name that is also a group name (ansible-core's test_keyed_group_host_confusion)
    task(2, region='cn-east-3', status='suspend', source_urls=['https://vod1.example.com/a.mp4', 'https://vod1.example.com/b.mp4',
         'https://vod1.example.com/c.mp4', 'https://vod1.example.com/d.mp4'], backup_source_type='PullLivePushLive',
         backup_source_urls=['rtmp://backup1.example.com/live/f'], vod_start_video_index=0, **VOD),
    task(3, callback_events=['TaskStart', '', 'TaskExit'], callback_url='', push_args='', **dict(VOD, vod_start_video_index=0)),
    task(4, domain=None, app_name=None, stream_name=None, destination_url='rtmp://ingest1.example.com/live/x', callback_events=[]),
    task(5, region='cn-east-3', app_name='true', stream_name='None', domain='false', push_args='none'),
    task(6, region='ap-southeast-2', app_name='直播', stream_name='ライブ-ü', domain='пример.example', status='waiting'),
    task(7, app_name='{{ 7 }}', stream_name=HEADER + "[[ 'header' ]]", push_args='{% if true %}x{% endif %}', status='failed'),
]


def case(name, fails=False, extra_vars=None, **options):
    """An option set; ``fails``: both sources must fail from ansible-core 2.19 on (before, both may give a string)."""
    return pytest.param(options, extra_vars, fails, id=name)


# Option sets. Those that should work share one run where their names cannot meet: every compose variable and
# every group prefix is its own, and a key on group_names comes first (the plugin rereads group_names after each
# keyed_groups entry, constructed reads it once per host). Each one that must fail has a run of its own.
CASES = [
    # Jinja literals are constants, never variable references; globals and other names give no variable.
    case('literals_globals_and_unused_extra_vars', extra_vars={'extra_only': 'yes', 'region': 'from_extra'},
         compose={'t1': 'true', 't2': 'True', 'f1': 'false', 'f2': 'False', 'n1': 'none', 'n2': 'None',
                  'g1': 'range', 'g2': 'lipsum', 'g3': 'dict', 'g4': 'namespace', 'g5': 'cycler', 'g6': 'joiner', 'g7': 'omit',
                  'g8': 'loop', 'g9': 'lookup', 'g10': 'not', 'g11': 'and', 'g12': 'hostvars', 'g13': 'no_such_field',
                  'g14': 'varargs', 'e1': 'extra_only', 'e2': 'region'},
         keyed_groups=[{'key': 'none', 'prefix': 'ln'}, {'key': 'None', 'prefix': 'ld', 'default_value': 'dv'},
                       {'key': "'x'", 'prefix': 'lq'}, {'key': '0', 'prefix': 'lzero'}, {'key': "''", 'prefix': 'le'},
                       {'key': 'extra_only', 'prefix': 'lex'}, {'key': 'region', 'prefix': 'lr'}]),
    case('literal_key_true_fails', fails=True, keyed_groups=[{'key': 'true', 'prefix': 'kt'}]),
    # Constants, keywords, globals and magic variables that a compose result shadows as host variables.
    case('shadowed_names', compose={'true': 'region', 'none': 'region', 'None': 'status', 'not': 'region', 'group_names': 'region',
                                    'inventory_hostname': 'status', 'range': 'region', 'omit': 'region'},
         keyed_groups=[{'key': 'group_names', 'prefix': 'sg'}, {'key': 'none', 'prefix': 'sn'},
                       {'key': 'None', 'prefix': 'sN', 'default_value': 'dv'}, {'key': 'not', 'prefix': 'snot'},
                       {'key': 'inventory_hostname', 'prefix': 'sih'}, {'key': 'inventory_hostname_short', 'prefix': 'sihs'},
                       {'key': 'range', 'prefix': 'srange'}, {'key': 'omit', 'prefix': 'somit'}]),
    case('shadowed_true_fails', fails=True, compose={'true': 'region'}, keyed_groups=[{'key': 'true', 'prefix': 'st'}]),
    # Plain references and indexes, near misses of the direct path's grammar, and list, dict and nested keys.
    case('references_and_structured_keys',
         compose={'c1': 'region', 'c2': 'source_urls[0]', 'c3': 'source_urls[1]', 'c4': 'source_urls[01]', 'c5': 'source_urls[00]',
                  'c6': 'source_urls[\u0663]', 'c7': 'region[0]', 'c8': 'vod_start_video_index', 'c9': 'vod_start_video_index[0]',
                  'c10': 'backup_source_type', 'c11': 'backup_source_type[0]', 'c12': 'callback_events', 'c13': ' region\t',
                  'c14': 'region\n', 'c15': 'region\u00a0', 'c16': 'source_urls [ 3 ]', 'c17': 'source_urls[99999999999999999999]',
                  'c18': 'app_name', 'c19': 'stream_name', 'c20': 'push_args', 'c21': 'r\u00e9gion', 'c22': 'source_urls[-1]',
                  'l': "[region, '', none]", 'd': "{'a': region, 'b': '', 'c': none}", 'nested': "[[1, 2], {'k': 'v'}, 1.5, true]",
                  'tags': "{'environment': region, 'status': callback_url}"},
         keyed_groups=[{'key': 'l', 'prefix': 'kl'}, {'key': 'l', 'prefix': 'kld', 'default_value': 'dv'},
                       {'key': 'd', 'prefix': 'kd'}, {'key': 'd', 'prefix': 'kdt', 'trailing_separator': False},
                       {'key': 'd', 'prefix': 'kdd', 'default_value': 'dv'}, {'key': 'nested', 'prefix': 'knest'},
                       {'key': 'l[0]', 'prefix': 'kl0'}, {'key': 'source_urls', 'prefix': 'su', 'separator': ''},
                       {'key': 'backup_source_urls[0]', 'prefix': 'bsu'}, {'key': 'callback_events[1]', 'prefix': 'ce1'},
                       {'key': 'd[0]', 'prefix': 'dz'}, {'key': 'vod_start_video_index', 'prefix': 'vi0'},
                       # ansible-core's test_keyed_group_empty_value, _dict_with_default_value, _with_trailing_separator,
                       # _str_no_default_value, _str_with_default_value, _list_with_default_value
                       {'prefix': 'tag', 'separator': '_', 'key': 'tags'},
                       {'prefix': 'tagd', 'separator': '_', 'key': 'tags', 'default_value': 'running'},
                       {'prefix': 'tagt', 'separator': '_', 'key': 'tags', 'trailing_separator': False},
                       {'prefix': 'url', 'separator': '_', 'key': 'callback_url'},
                       {'prefix': 'urld', 'separator': '_', 'key': 'callback_url', 'default_value': 'running'},
                       {'prefix': 'ev', 'separator': '_', 'key': 'callback_events', 'default_value': 'prod'},
                       {'prefix': 'bst', 'key': 'backup_source_type', 'default_value': 'none_set'}]),
    case('int_key_fails', fails=True, compose={'n': '7'}, keyed_groups=[{'key': 'n', 'prefix': 'n'}]),
    # An earlier compose result is not a variable of a later entry; groups and keyed_groups see every result.
    case('compose_order', compose={'region': "'overridden'", 'after': 'region', 'new1': "'v1'", 'uses_new1': 'new1',
                                   'copy_status': 'status', 'status': 'app_name'},
         groups={'g_over': "region == 'overridden'", 'g_new': "new1 == 'v1'"},
         keyed_groups=[{'key': 'region', 'prefix': 'kr'}, {'key': 'status', 'prefix': 'ks'}, {'key': 'after', 'prefix': 'ka'},
                       {'key': 'new1', 'prefix': 'kn'}]),
    # ansible-core's test/units/plugins/inventory/test_constructed.py over these hosts, with unicode and the
    # default leading separator.
    case('core_keyed_groups', compose={'barn': "{'cow': app_name}", '\u00fcn\u00ef': 'region', 'copy': '\u00fcn\u00ef'},
         groups={'qa-windows': 'True'},
         keyed_groups=[{'prefix': '', 'separator': '', 'key': 'stream_name'},
                       {'prefix': 'farmer', 'separator': '_old_', 'key': 'domain'}, {'separator': 'mmmmmmmmmm', 'key': 'barn'},
                       {'separator': '', 'prefix': '', 'key': 'task_id'},
                       {'prefix': 'region', 'key': 'region', 'parent_group': 'region_list'},
                       {'key': 'status', 'prefix': 'sound', 'parent_group': '{{ app_name }}'},
                       {'key': 'app_name', 'prefix': '', 'separator': '', 'parent_group': 'app_name'},
                       {'key': 'app_name', 'separator': '', 'parent_group': '{{ location | default("field") }}'},
                       {'key': 'app_name', 'separator': '', 'parent_group': '{{ location | default("field") }}'},
                       {'key': 'app_name', 'prefix': 'omitted_parent', 'parent_group': '{{ omit }}'},
                       {'key': 'region', 'prefix': 'bad_parent', 'parent_group': '{{ location.barn-yard }}'},
                       {'key': 'region', 'prefix': 'header_parent', 'parent_group': HEADER + "[[ 'from_header' ]]"},
                       {'key': 'region', 'prefix': 'no_parent', 'parent_group': ''},
                       {'key': 'no_such_field', 'default_value': 'dv', 'trailing_separator': True},
                       {'prefix': 'qa-env', 'separator': '_', 'key': 'region'},
                       {'key': 'app_name', 'prefix': '\u00fc'}, {'key': '\u00fcn\u00ef', 'prefix': 'u'},
                       {'key': 'stream_name', 'separator': '\u00b7', 'prefix': 'p'},
                       {'key': 'region', 'prefix': ''}, {'key': 'push_args'}, {'key': 'domain', 'separator': '-'}]),
    case('core_parent_group_int_fails', fails=True, keyed_groups=[{'key': 'region', 'prefix': 'int_parent', 'parent_group': 5}]),
    case('core_parent_group_error_strict', fails=True, strict=True,
         keyed_groups=[{'key': 'region', 'separator': '', 'parent_group': '{{ location.barn-yard }}'}]),
    case('core_exclusive_arguments', fails=True,
         keyed_groups=[{'key': 'region', 'separator': '_', 'default_value': 'dv', 'trailing_separator': True}]),
    case('leading_separator_off', leading_separator=False, compose={'d': "{'a': region}"},
         keyed_groups=[{'key': 'region', 'prefix': ''}, {'key': 'app_name'}, {'key': 'd', 'prefix': ''},
                       {'key': 'status', 'prefix': 'st'}, {'key': 'domain', 'separator': '-'}]),
    case('strict', strict=True, compose={'a': 'region', 'b': 'source_urls[0]', 'c': 'backup_source_type', 'barn': '{}'},
         groups={'north': "region == 'cn-north-4'"},
         keyed_groups=[{'key': 'region'}, {'key': 'status', 'prefix': 's'}, {'separator': 'm', 'key': 'barn'}]),
    case('strict_fails', fails=True, strict=True, compose={'b': 'source_urls[1]'}),
    case('extra_vars_used', use_extra_vars=True, extra_vars={'extra_only': 'yes', 'region': 'from_extra'},
         compose={'e1': 'extra_only', 'e2': 'region', 'e3': 'status'},
         keyed_groups=[{'key': 'extra_only', 'prefix': 'ex'}, {'key': 'region', 'prefix': 'er'}]),
]


class _Inert(str):
    """A string the static inventory marks !unsafe, as the plugin marks it up to ansible-core 2.18."""


class _StaticDumper(yaml.SafeDumper):
    pass


_StaticDumper.add_representer(_Inert, lambda dumper, text: dumper.represent_scalar('!unsafe', str(text), style='"'))


def _marked(value):
    if isinstance(value, str):
        return _Inert(value) if could_be_template(value) else value
    if isinstance(value, list):
        return [_marked(item) for item in value]
    return value


def static_inventory(hostvars: dict) -> str:
    hosts = {host: {name: _marked(value) for name, value in variables.items()} for host, variables in hostvars.items()}
    return yaml.dump({'all': {'children': {PARENT_GROUP: {'hosts': hosts}}}}, Dumper=_StaticDumper, allow_unicode=True)


def comparable(inventory: dict) -> tuple:
    """Host variables and groups of an --export listing, without the plugin's own parent group and its variables."""
    inventory = unwrap(inventory)
    groups = {}
    for name, entry in inventory.items():
        if name in ('_meta', PARENT_GROUP):
            continue
        variables = {key: value for key, value in entry.get('vars', {}).items() if key not in PLUGIN_OWN_VARS}
        groups[name] = (sorted(entry.get('hosts', [])), sorted(set(entry.get('children', [])) - {PARENT_GROUP}), variables)
    return inventory['_meta']['hostvars'], groups


def differences(plugin: dict, constructed: dict) -> list:
    """One line for each host variable and each group that differ, with both sides; nothing when the listings agree."""
    lines = []
    plugin_hostvars, plugin_groups = comparable(plugin)
    constructed_hostvars, constructed_groups = comparable(constructed)
    for host in sorted(set(plugin_hostvars) | set(constructed_hostvars)):
        mine, theirs = plugin_hostvars.get(host, {}), constructed_hostvars.get(host, {})
        for name in sorted(set(mine) | set(theirs), key=str):
            if name not in theirs or name not in mine or mine[name] != theirs[name]:
                lines.append('host %s var %s: plugin %r, constructed %r'
                             % (host[-2:], name, mine.get(name, '<unset>'), theirs.get(name, '<unset>')))
    for group in sorted(set(plugin_groups) | set(constructed_groups)):
        if plugin_groups.get(group) != constructed_groups.get(group):
            lines.append('group %s: plugin %r, constructed %r' % (group, plugin_groups.get(group), constructed_groups.get(group)))
    return lines


@pytest.fixture(scope='module')
def outcomes(simulator_process, tmp_path_factory):
    """The listing without options, and both runs of every option set made in parallel: {case id: (plugin, constructed)}."""
    simulator_process.reset()
    simulator_process.set_tasks(TASKS)
    directory = tmp_path_factory.mktemp('differential')
    run = AnsibleRun(directory, simulator_process)
    base = run.inventory_list(run.token_config(group_by=[], local_connection=False))
    assert sorted(base['_meta']['hostvars']) == sorted(entry['task_id'] for entry in TASKS)
    run.write('static.yml', static_inventory(base['_meta']['hostvars']))

    def both(param):
        options, extra_vars, _fails = param.values
        extra = ['-e', json.dumps(extra_vars)] if extra_vars else []
        config = run.token_config(group_by=[], local_connection=False, **options)
        plugin = run.inventory(config, '--list', '--export', *extra, name='%s.relay_tasks.yml' % param.id)
        reference = run.write('%s.constructed.yml' % param.id, dict({'plugin': 'ansible.builtin.constructed'}, **options))
        constructed = run.run([ansible_bin('ansible-inventory'), '-i', 'static.yml', '-i', str(reference), '--list', '--export',
                               *extra], env=CONSTRUCTED_ENV)
        return param.id, (plugin, constructed)

    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            runs = dict(pool.map(both, CASES))
        yield base, runs
    finally:
        simulator_process.reset()


def listing(stdout: str) -> dict:
    """An --export listing, with the memory addresses in object texts dropped (2.16 composes ``lipsum`` to one)."""
    return json.loads(MEMORY_ADDRESS.sub(' at 0x', stdout))


@pytest.mark.parametrize('options, extra_vars, fails', CASES)
def test_plugin_gives_what_constructed_gives(outcomes, request, options, extra_vars, fails):
    base, runs = outcomes
    plugin, constructed = runs[request.node.callspec.id]
    assert (plugin.returncode == 0) == (constructed.returncode == 0), (plugin.stderr[-2000:], constructed.stderr[-2000:])
    if fails and UNTRUSTED_BY_DEFAULT:
        assert plugin.returncode != 0, plugin.stdout[:2000]
    if plugin.returncode == 0:
        assert differences(base, listing(constructed.stdout)), 'the options changed nothing: the comparison would prove nothing'
        assert differences(listing(plugin.stdout), listing(constructed.stdout)) == []
