# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The direct path of compose and keyed_groups answers only what it knows, and then what Constructable answers.

The differential tests run the inventory plugin's _populate twice over the same tasks, once as it runs and once
with the direct path switched off, and compare every host variable and group. The corpus over real processes is
tests/integration/test_constructed_differential.py; these are the cases only Python can build (trusted template
strings in the data, tuples, untrusted expressions) and the grammar of a plain reference.
"""

from __future__ import annotations

import builtins

import pytest
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader

from ansible_collections.hwcloud.live.plugins.inventory.relay_tasks import InventoryModule
from ansible_collections.hwcloud.live.plugins.plugin_utils import constructed
from ansible_collections.hwcloud.live.plugins.plugin_utils.constructed import NOT_VARIABLES, FastConstructed, simple_reference
from ansible_collections.hwcloud.live.plugins.plugin_utils.unsafe import UNTRUSTED_BY_DEFAULT, trust_as_template

needs_direct_path = pytest.mark.skipif(not UNTRUSTED_BY_DEFAULT, reason='the direct path is taken from ansible-core 2.19 on')


def trusted(value):
    """Config data as the loader gives it: every string trusted as a template (from 2.19 on)."""
    if isinstance(value, dict):
        return {trusted(key): trusted(item) for key, item in value.items()}
    if isinstance(value, list):
        return [trusted(item) for item in value]
    if isinstance(value, str) and UNTRUSTED_BY_DEFAULT:
        return trust_as_template(value)
    return value


@pytest.mark.parametrize('expression, reference', [
    ('region', ('region', None)),
    (' region\t\n', ('region', None)),
    ('source_urls[0]', ('source_urls', 0)),
    ('source_urls [ 12 ]', ('source_urls', 12)),
    ('_private', ('_private', None)),
])
def test_a_plain_reference_is_read_as_name_and_index(expression, reference):
    assert simple_reference(trusted(expression)) == reference


@pytest.mark.parametrize('expression', [
    'true', 'True', 'false', 'False', 'none', 'None',  # Jinja constants
    'not', 'and', 'in', 'self', 'loop', 'varargs',  # operators and Jinja's own names
    'range', 'lipsum', 'dict', 'namespace', 'cycler', 'joiner', 'lookup', 'query', 'q', 'now', 'undef', 'omit',  # globals
    'group_names', 'inventory_hostname', 'inventory_hostname_short',  # what the inventory gives every host
    'int', 'default', 'defined', 'class', 'match',  # filter, test and keyword names
    'source_urls[01]', 'source_urls[\u0663]', 'source_urls[-1]', 'source_urls[0][1]', 'source_urls[0_0]',  # other indexes
    'r\u00e9gion', 'region\u00a0', 'region.name', "region | default('x')", "'region'", '', 5, None, ['region'],
])
def test_anything_else_is_left_to_the_template_engine(expression):
    assert simple_reference(trusted(expression)) is None


@needs_direct_path
def test_an_untrusted_expression_is_left_to_the_template_engine():
    assert simple_reference('region') is None


@needs_direct_path
def test_every_global_of_the_template_engine_is_left_to_it():
    from ansible.template import Templar
    assert set(Templar()._engine.environment.globals) <= NOT_VARIABLES


@needs_direct_path
def test_a_host_variable_hides_every_name_the_direct_path_reads():
    """The template engine gives the variable of that name for any name the direct path would read itself."""
    from ansible.template import Templar
    names = {name for name in dir(builtins) if name.isidentifier()} | {'context', 'environment', 'resolve', 'undefined', 'region'}
    templar = Templar(loader=DataLoader())
    templar.available_variables = {name: 'variable' for name in names}
    read_directly = [name for name in sorted(names) if simple_reference(trusted(name)) is not None]
    assert 'region' in read_directly and 'len' in read_directly
    assert [name for name in read_directly if templar.evaluate_expression(trusted(name)) != 'variable'] == []


def plugin_for(**options):
    plugin = InventoryModule()
    plugin.inventory = InventoryData()
    plugin.loader = DataLoader()
    plugin._vars = {}
    plugin._options = dict({'group_by': [], 'local_connection': False, 'compose': {}, 'groups': {}, 'keyed_groups': [],
                            'strict': False, 'leading_separator': True, 'use_extra_vars': False}, **trusted(options))
    return plugin


def snapshot(plugin) -> tuple:
    inventory = plugin.inventory
    hostvars = {name: dict(host.vars) for name, host in inventory.hosts.items()}
    groups = {name: (sorted(host.name for host in group.hosts), sorted(child.name for child in group.child_groups))
              for name, group in inventory.groups.items()}
    return hostvars, groups


def populated(monkeypatch, hosts, direct: bool, **options):
    plugin = plugin_for(**options)
    with monkeypatch.context() as patch:
        if not direct:
            patch.setattr(FastConstructed, 'usable', classmethod(lambda cls, plugin: False))
        plugin._populate(hosts)
    return snapshot(plugin)


TASK = {'task_id': 't1', 'region': 'cn-north-4', 'status': 'running', 'source_urls': ['a', 'b'], 'callback_url': '',
        'vod_start_video_index': 0}


def with_trusted_template(task):
    if not UNTRUSTED_BY_DEFAULT:
        return task  # the tests that use it are skipped
    return dict(task, region=trust_as_template("{{ 'templated' }}"), source_urls=[trust_as_template("{{ 'x' ~ 'y' }}")])


@needs_direct_path
@pytest.mark.parametrize('task, options, slow_result', [
    # A trusted template string in the data is rendered by the engine: the direct path must not hand it over as text.
    pytest.param(with_trusted_template(TASK), {'compose': {'r': 'region', 'u': 'source_urls[0]', 'all': 'source_urls'}},
                 ('r', 'templated'), id='trusted_template_in_compose'),
    pytest.param(with_trusted_template(TASK), {'keyed_groups': [{'key': 'region', 'prefix': 'k'},
                                                                {'key': 'source_urls', 'prefix': 'u'}]},
                 None, id='trusted_template_in_keyed_groups'),
    # A tuple comes back from the engine as a list.
    pytest.param(dict(TASK, source_urls=('a', 'b')), {'compose': {'urls': 'source_urls'}}, ('urls', ['a', 'b']), id='tuple'),
    pytest.param(dict(TASK, source_urls=['a', ('b',)]), {'keyed_groups': [{'key': 'source_urls', 'prefix': 't'}]}, None,
                 id='tuple_in_a_key'),
    # An item of a mapping by number: the engine's item lookup, not Python's.
    pytest.param(dict(TASK, extra={0: 'zero', '1': 'one'}), {'compose': {'z': 'extra[0]', 'o': 'extra[1]'}}, ('z', 'zero'),
                 id='mapping_index'),
    # Constants and the inventory's own variables, shadowed by a compose result.
    pytest.param(TASK, {'compose': {'flag': 'true', 'nothing': 'None', 'none': 'region', 'group_names': 'status'},
                        'keyed_groups': [{'key': 'none', 'prefix': 'n', 'default_value': 'dv'},
                                         {'key': 'group_names', 'prefix': 'g'}]},
                 ('flag', True), id='constants_and_magic_variables'),
    # Too short a list or string, an index into a number or None: Constructable, not strict, skips the host.
    pytest.param(TASK, {'compose': {'second': 'source_urls[1]', 'third': 'source_urls[2]', 'c': 'callback_url[0]',
                                    'i': 'vod_start_video_index[0]', 'm': 'missing[0]'},
                        'keyed_groups': [{'key': 'source_urls[5]'}, {'key': 'callback_url[0]'},
                                         {'key': 'vod_start_video_index'}]},
                 ('second', 'b'), id='undefined_items'),
    # A parent group that a header makes a template, and a plain one.
    pytest.param(TASK, {'keyed_groups': [{'key': 'region', 'prefix': 'h',
                                          'parent_group': "#jinja2:variable_start_string:'[['\n[[ 'p' ]]"},
                                         {'key': 'status', 'prefix': 's', 'parent_group': 'statuses'}]},
                 None, id='parent_groups'),
])
def test_the_direct_path_gives_what_constructable_gives(monkeypatch, task, options, slow_result):
    slow = populated(monkeypatch, [(task['task_id'], task)], direct=False, **options)
    assert populated(monkeypatch, [(task['task_id'], task)], direct=True, **options) == slow
    if slow_result:
        name, value = slow_result
        assert slow[0][task['task_id']][name] == value


@needs_direct_path
def test_a_name_the_host_lacks_is_left_to_the_engine_which_may_know_it(monkeypatch):
    """A global a later ansible-core might add (here: one added by hand) is the engine's answer, not a skipped host."""
    snapshots = []
    for direct in (True, False):
        plugin = plugin_for(compose={'t': 'tenant'}, keyed_groups=[{'key': 'tenant', 'prefix': 'k'}])
        monkeypatch.setitem(plugin.templar._engine.environment.globals, 'tenant', 'from_the_engine')
        with monkeypatch.context() as patch:
            if not direct:
                patch.setattr(FastConstructed, 'usable', classmethod(lambda cls, plugin: False))
            plugin._populate([('t1', TASK)])
        snapshots.append(snapshot(plugin))
    assert snapshots[0] == snapshots[1]
    assert snapshots[1][0]['t1']['t'] == 'from_the_engine'


@needs_direct_path
def test_an_untrusted_expression_gives_what_constructable_gives(monkeypatch):
    plugins = {}
    for direct in (True, False):
        plugin = plugins[direct] = plugin_for()
        plugin._options['compose'] = {'r': 'region'}  # not trusted: the engine refuses it
        with monkeypatch.context() as patch:
            if not direct:
                patch.setattr(FastConstructed, 'usable', classmethod(lambda cls, plugin: False))
            plugin._populate([('t1', TASK)])
    assert snapshot(plugins[True]) == snapshot(plugins[False])
    assert 'r' not in snapshot(plugins[True])[0]['t1']


@needs_direct_path
def test_plain_references_never_reach_the_template_engine(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError('the template engine was asked')

    plugin = plugin_for(compose={'first': 'source_urls[0]', 'r': 'region', 'third': 'source_urls[2]'},
                        keyed_groups=[{'key': 'region', 'prefix': 'r', 'parent_group': 'regions'}, {'key': 'source_urls[9]'}])
    monkeypatch.setattr(plugin, '_set_composite_vars', refuse)
    monkeypatch.setattr(plugin, '_add_host_to_keyed_groups', refuse)
    plugin._populate([('t1', TASK)])
    hostvars, groups = snapshot(plugin)
    assert hostvars['t1']['first'] == 'a' and hostvars['t1']['r'] == 'cn-north-4' and 'third' not in hostvars['t1']
    assert groups['r_cn_north_4'] == (['t1'], []) and groups['regions'] == ([], ['r_cn_north_4'])


@needs_direct_path
def test_a_composed_list_is_a_copy_not_the_task_list(monkeypatch):
    plugin = plugin_for(compose={'urls': 'source_urls'})
    plugin._populate([('t1', TASK)])
    host_vars = plugin.inventory.get_host('t1').vars
    assert host_vars['urls'] == TASK['source_urls'] and host_vars['urls'] is not TASK['source_urls']


def test_the_direct_path_is_off_before_2_19_and_with_strict_or_extra_vars():
    assert FastConstructed.usable(plugin_for()) is UNTRUSTED_BY_DEFAULT
    assert not FastConstructed.usable(plugin_for(strict=True))
    assert not FastConstructed.usable(plugin_for(use_extra_vars=True))


def test_magic_variables_of_this_release_are_never_read_directly():
    assert {'group_names', 'inventory_hostname', 'inventory_hostname_short'} <= constructed.HOST_MAGIC_VARIABLES <= NOT_VARIABLES
