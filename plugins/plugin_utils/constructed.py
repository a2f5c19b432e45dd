# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``compose`` and ``keyed_groups`` without a template engine where an expression is a plain variable reference.

Templating each expression for each of 10,000 hosts costs more than building the whole inventory.
Most expressions name a field (``region``) or one item of a list (``source_urls[0]``); those are
looked up directly, with the result Constructable would give: the same value, the same group names
through the same sanitizer, the same skipping of a host whose list is too short. The direct path
never guesses: what it cannot answer with certainty goes to Constructable, for that expression and
that host. That is a name Jinja may read as something else (``true``, ``none``, ``not``, ``self``,
a global such as ``range``, a magic variable such as ``group_names``, a filter, test or keyword
name), an index Jinja spells differently, a name the host has no variable for, a value the engine
would change on the way (a trusted template string, a tuple), an untrusted expression, any filter,
test or operator, a template in ``parent_group``, and every run with ``strict`` or ``use_extra_vars``.
Only from ansible-core 2.19 on, where an expression's result is the value itself; before, the
template engine's string conversion would have to be copied too.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Mapping

from ansible.inventory.host import Host
from jinja2.defaults import DEFAULT_FILTERS, DEFAULT_NAMESPACE, DEFAULT_TESTS

from ansible_collections.hwcloud.live.plugins.plugin_utils.unsafe import UNTRUSTED_BY_DEFAULT, could_be_template

try:
    from ansible.template import is_trusted_as_template
except ImportError:  # ansible-core < 2.19, where the direct path is never taken
    is_trusted_as_template = None

# ``name`` or ``name[index]`` as Jinja reads them: an ASCII name, a decimal index without a leading zero
# (Jinja rejects ``[01]`` and non-ASCII digits), ASCII white space around the parts.
_SPACE = r'[ \t\r\n]*'
SIMPLE_REFERENCE = re.compile(r'%s([A-Za-z_][A-Za-z0-9_]*)%s(?:\[%s(0|[1-9][0-9]*)%s\]%s)?' % ((_SPACE,) * 5), re.ASCII)

# Names the direct path leaves to the template engine even when the host has a variable of that name:
# Jinja's constants and operators (``true`` is True whatever a host says, ``not`` a syntax error), its
# template reference ``self``, its and Ansible's globals, filter and test names, Python keywords, and the
# variables the inventory gives every host (they override the host's own variables of the same name).
JINJA_CONSTANTS = frozenset(('true', 'false', 'none', 'True', 'False', 'None'))
JINJA_SPECIAL_NAMES = frozenset(('and', 'or', 'not', 'in', 'is', 'if', 'else', 'elif', 'for', 'recursive', 'self', 'super',
                                 'loop', 'varargs', 'kwargs', 'caller'))
ANSIBLE_GLOBALS = frozenset(('lookup', 'query', 'q', 'now', 'undef', 'omit', 'finalize'))
HOST_MAGIC_VARIABLES = frozenset(Host('localhost').get_magic_vars())
NOT_VARIABLES = (JINJA_CONSTANTS | JINJA_SPECIAL_NAMES | ANSIBLE_GLOBALS | HOST_MAGIC_VARIABLES
                 | frozenset(DEFAULT_NAMESPACE) | frozenset(DEFAULT_FILTERS) | frozenset(DEFAULT_TESTS)
                 | frozenset(keyword.kwlist) | frozenset(keyword.softkwlist))

NO_VALUE = (None, '')
UNKNOWN = object()  # the direct path cannot tell what the template engine gives: ask Constructable
UNDEFINED = object()  # the engine's answer is an undefined value: Constructable, not strict, skips the host


def simple_reference(expression):
    """(name, index or None) for a plain, trusted reference to a variable; None when it needs the template engine."""
    if not isinstance(expression, str):
        return None
    if is_trusted_as_template is not None and not is_trusted_as_template(expression):
        return None  # the engine refuses an untrusted expression; only Constructable knows what follows
    match = SIMPLE_REFERENCE.fullmatch(expression)
    if not match or match.group(1) in NOT_VARIABLES:
        return None
    index = match.group(2)
    return match.group(1), None if index is None else int(index)


# Exact types on purpose in the next two functions: a subclass (a tagged or custom container) goes to Constructable.
def _inert(value) -> bool:
    """Whether the template engine gives this value back unchanged: plain data, no trusted template string."""
    # pylint: disable=unidiomatic-typecheck
    if isinstance(value, str):
        return type(value) is str or is_trusted_as_template is None or not is_trusted_as_template(value)
    if value is None or isinstance(value, (bool, int, float)):
        return True
    if type(value) is list:
        return all(_inert(item) for item in value)
    if type(value) is dict:
        return all(_inert(key) and _inert(item) for key, item in value.items())
    return False  # a tuple comes back as a list, a lazy or custom container who knows how


def _plain_copy(value):
    """A copy of inert data that shares no list or dict with the host's variables, as a templated result does not."""
    # pylint: disable=unidiomatic-typecheck
    if type(value) is list:
        return [_plain_copy(item) for item in value]
    if type(value) is dict:
        return {key: _plain_copy(item) for key, item in value.items()}
    return value


def direct_value(reference, variables):
    """What the template engine gives for the reference over these variables: a value, UNDEFINED or UNKNOWN."""
    name, index = reference
    if name not in variables:
        return UNKNOWN  # undefined, unless a global or a release's new name means something: the engine knows
    value = variables[name]
    try:
        if not _inert(value):
            return UNKNOWN
    except RecursionError:
        return UNKNOWN
    if index is not None:
        if not isinstance(value, (list, str)):
            return UNKNOWN  # a mapping, a number or None: the engine's item lookup rules, not Python's
        if index >= len(value):
            return UNDEFINED
        value = value[index]
    return _plain_copy(value)


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
        """(reference, prefix, separator, default, trailing separator, parent) for a plain entry; None for the slow path."""
        if not isinstance(entry, Mapping) or not entry:
            return None
        reference = simple_reference(entry.get('key'))
        parent = entry.get('parent_group')
        if reference is None or (parent is not None and (not isinstance(parent, str) or could_be_template(parent))):
            return None
        if entry.get('default_value') is not None and entry.get('trailing_separator') is not None:
            return None  # Constructable raises its own error for this
        return (reference, entry.get('prefix', ''), entry.get('separator', '_'), entry.get('default_value'),
                entry.get('trailing_separator'), parent)

    def apply_compose(self, host: str, variables: dict) -> None:
        plugin = self.plugin
        for name, expression, reference in self.compose:
            value = UNKNOWN if reference is None else direct_value(reference, variables)
            if value is UNKNOWN:
                plugin._set_composite_vars({name: expression}, variables, host, strict=self.strict)
            elif value is not UNDEFINED:
                plugin.inventory.set_variable(host, name, value)

    def apply_keyed_groups(self, host: str, variables: dict) -> None:
        plugin = self.plugin
        if not self.keyed_groups:
            return
        # Constructable's keyed_groups read the host's variables, compose results included; the names that the
        # inventory's own per-host variables would override never reach this lookup (NOT_VARIABLES).
        host_vars = plugin.inventory.get_host(host).vars
        for entry, plan in zip(self.keyed_groups, self.keyed):
            key = UNKNOWN if plan is None else direct_value(plan[0], host_vars)
            if key is UNDEFINED:
                continue
            if key is UNKNOWN or not self._add_to_keyed_groups(host, key, plan):
                plugin._add_host_to_keyed_groups([entry], variables, host, strict=self.strict)

    def _add_to_keyed_groups(self, host: str, key, plan) -> bool:
        """Add the host to the groups its key names; False for a key Constructable must judge (it raises)."""
        _reference, prefix, separator, default, trailing, parent = plan
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
