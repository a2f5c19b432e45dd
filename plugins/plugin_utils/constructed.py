# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``compose`` and ``keyed_groups`` without a template engine where an expression is a plain variable reference.

Templating each expression for each of 10,000 hosts costs more than building the whole inventory.
Most expressions name a field (``region``) or one item of a list (``source_urls[0]``); those are
looked up directly, with the result Constructable would give: the same value, the same group names
through the same sanitizer, the same skipping of a host whose value is missing. Anything else (a
filter, a test, a template in ``parent_group``, ``strict``, ``use_extra_vars``) takes Constructable's
own path. Only from ansible-core 2.19 on, where an expression's result is the value itself; before,
the template engine's string conversion would have to be copied too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ansible_collections.hwcloud.live.plugins.plugin_utils.unsafe import UNTRUSTED_BY_DEFAULT

# ``name`` or ``name[index]``, nothing else.
SIMPLE_REFERENCE = re.compile(r'^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\[\s*(\d+)\s*\])?\s*$')
NO_VALUE = (None, '')


def simple_reference(expression):
    """A function of the variables for a plain reference; None when the expression needs the template engine."""
    if not isinstance(expression, str):
        return None
    match = SIMPLE_REFERENCE.match(expression)
    if not match:
        return None
    name, index = match.group(1), match.group(2)
    if index is None:
        return lambda variables: variables[name]
    position = int(index)
    return lambda variables: variables[name][position]


class FastConstructed:
    """compose and keyed_groups for one plugin run, one host at a time."""

    def __init__(self, plugin, compose, keyed_groups, strict) -> None:
        self.plugin = plugin
        self.strict = strict
        self.compose = [(name, expression, simple_reference(expression)) for name, expression in (compose or {}).items()]
        self.keyed_groups = keyed_groups or []
        self.keyed = [self._keyed_plan(entry) for entry in self.keyed_groups]
        self.group_names = {}

    @classmethod
    def usable(cls, plugin) -> bool:
        """Whether the direct path may be taken at all for this run."""
        if not UNTRUSTED_BY_DEFAULT or plugin.get_option('strict'):
            return False
        try:
            return not plugin.get_option('use_extra_vars')
        except KeyError:
            return True

    @staticmethod
    def _keyed_plan(entry):
        """(lookup, prefix, separator, default, trailing separator, parent) for a plain entry; None for the slow path."""
        if not isinstance(entry, Mapping):
            return None
        lookup = simple_reference(entry.get('key'))
        parent = entry.get('parent_group')
        if lookup is None or (parent is not None and (not isinstance(parent, str) or '{' in parent or '}' in parent)):
            return None
        if entry.get('default_value') is not None and entry.get('trailing_separator') is not None:
            return None  # Constructable raises its own error for this
        return (lookup, entry.get('prefix', ''), entry.get('separator', '_'), entry.get('default_value'),
                entry.get('trailing_separator'), parent)

    def apply_compose(self, host: str, variables: dict) -> None:
        plugin = self.plugin
        for name, expression, lookup in self.compose:
            if lookup is None:
                plugin._set_composite_vars({name: expression}, variables, host, strict=self.strict)
                continue
            try:
                value = lookup(variables)
            except (LookupError, TypeError):
                continue  # Constructable skips a host whose expression fails, unless strict
            plugin.inventory.set_variable(host, name, value)

    def apply_keyed_groups(self, host: str, variables: dict) -> None:
        plugin = self.plugin
        if not self.keyed_groups:
            return
        host_vars = plugin.inventory.get_host(host).vars
        for entry, plan in zip(self.keyed_groups, self.keyed):
            if plan is None:
                plugin._add_host_to_keyed_groups([entry], variables, host, strict=self.strict)
                continue
            try:
                key = plan[0](host_vars)
            except KeyError:
                # not a host variable (a magic variable, say): let Constructable resolve it
                plugin._add_host_to_keyed_groups([entry], variables, host, strict=self.strict)
                continue
            except (IndexError, TypeError):
                continue
            if not self._add_to_keyed_groups(host, key, plan):
                plugin._add_host_to_keyed_groups([entry], variables, host, strict=self.strict)

    def _add_to_keyed_groups(self, host: str, key, plan) -> bool:
        """Add the host to the groups its key names; False for a key Constructable must judge (it raises)."""
        _lookup, prefix, separator, default, trailing, parent = plan
        use_default = key in NO_VALUE and default is not None
        if not (key or use_default):
            return True
        if use_default:
            names = [default]
        elif isinstance(key, str):
            names = [key]
        elif isinstance(key, list):
            names = [default if item in NO_VALUE and default is not None else item for item in key]
        elif isinstance(key, Mapping):
            names = []
            for group, value in key.items():
                bare = '%s%s%s' % (group, separator, value)
                if value in NO_VALUE:
                    bare = '%s%s%s' % (group, separator, default) if default is not None else (group if trailing is False else bare)
                names.append(bare)
        else:
            return False
        if prefix == '' and self.plugin.get_option('leading_separator') is False:
            separator = ''
        inventory = self.plugin.inventory
        for bare in names:
            raw = '%s%s%s' % (prefix, separator, bare)
            group = self.group_names.get(raw)
            if group is None:
                group = self.group_names[raw] = inventory.add_group(self.plugin._sanitize_group_name(raw))
            inventory.add_host(host, group)
            if parent:
                parent_name = self.plugin._sanitize_group_name(parent)
                inventory.add_group(parent_name)
                inventory.add_child(parent_name, group)
        return True
