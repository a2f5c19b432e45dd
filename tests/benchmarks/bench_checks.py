# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The benchmark's content checks: two rows are only compared in time when they give the same inventory.

Each ``ansible-inventory --list`` output is read into hosts, host variables, each group's children and each group's
direct hosts; ``--graph`` output into each group's members. A difference raises ContentMismatch naming the first
few differences, which fails the benchmark.
"""

from __future__ import annotations

import json

# What hwcloud.live.relay_tasks sets on the relay_tasks group by default (local_connection: true); without
# --export, ansible-inventory --list copies group variables into every host's variables.
LOCAL_CONNECTION_VARS = ('ansible_connection', 'ansible_python_interpreter')
MAX_REPORTED = 8


class ContentMismatch(Exception):
    """Two rows that are compared in time do not give the same inventory."""


def plain(value):
    """A --list value without the wrapper 2.19 writes around untrusted strings ({"__ansible_unsafe": ...})."""
    if isinstance(value, dict):
        if len(value) == 1 and '__ansible_unsafe' in value:
            return value['__ansible_unsafe']
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def read_list(path, drop_vars=(), unwrap=False) -> dict:
    """{'hostvars': {host: vars}, 'hosts': {group: direct hosts}, 'children': {group: child groups}}."""
    with open(path, encoding='utf-8') as handle:
        data = json.load(handle)
    meta = data.pop('_meta', {}).get('hostvars', {})
    hostvars = {}
    for host, variables in meta.items():
        kept = {key: value for key, value in variables.items() if key not in drop_vars}
        hostvars[host] = plain(kept) if unwrap else kept
    return {'hostvars': hostvars,
            'hosts': {group: set(body.get('hosts', ())) for group, body in data.items()},
            'children': {group: set(body.get('children', ())) for group, body in data.items()}}


def effective_hosts(inventory: dict) -> dict:
    """Every group's hosts including those of its descendants: what a play's `hosts: <group>` selects."""
    result = {}

    def resolve(group, seen):
        if group in result:
            return result[group]
        hosts = set(inventory['hosts'].get(group, ()))
        for child in inventory['children'].get(group, ()):
            if child not in seen:
                hosts |= resolve(child, seen | {child})
        result[group] = hosts
        return hosts
    for group in set(inventory['hosts']) | set(inventory['children']):
        resolve(group, {group})
    return result


def _compare_maps(what, left_name, left, right_name, right, differences):
    for key in sorted(set(left) | set(right)):
        if left.get(key, set()) != right.get(key, set()):
            only_left = sorted(left.get(key, set()) - right.get(key, set()))
            only_right = sorted(right.get(key, set()) - left.get(key, set()))
            differences.append('%s of %s: %d only in %s %s, %d only in %s %s' % (
                what, key, len(only_left), left_name, only_left[:3], len(only_right), right_name, only_right[:3]))


def differences(left_name, left, right_name, right, direct=True) -> list:
    """What differs between two read_list() inventories: hosts, variables, children, and direct or effective hosts."""
    found = []
    left_hosts, right_hosts = set(left['hostvars']), set(right['hostvars'])
    if left_hosts != right_hosts:
        found.append('hosts: %d only in %s, %d only in %s' % (
            len(left_hosts - right_hosts), left_name, len(right_hosts - left_hosts), right_name))
    for host in sorted(left_hosts & right_hosts):
        left_vars, right_vars = left['hostvars'][host], right['hostvars'][host]
        if left_vars != right_vars:
            keys = sorted(key for key in set(left_vars) | set(right_vars) if left_vars.get(key, KeyError) != right_vars.get(key, KeyError))
            found.append('variables of host %s differ in %s' % (host, keys))
            if len(found) > MAX_REPORTED:
                break
    _compare_maps('children', left_name, left['children'], right_name, right['children'], found)
    if direct:
        _compare_maps('direct hosts', left_name, left['hosts'], right_name, right['hosts'], found)
    else:
        _compare_maps('hosts (with descendants)', left_name, effective_hosts(left), right_name, effective_hosts(right), found)
    return found


def require_same(what, left_name, left, right_name, right, direct=True) -> None:
    found = differences(left_name, left, right_name, right, direct=direct)
    if found:
        raise ContentMismatch('%s: %s and %s give different inventories:\n  %s'
                              % (what, left_name, right_name, '\n  '.join(found[:MAX_REPORTED])))


def read_graph(path) -> dict:
    """{group: set of its direct members (groups as '@name', hosts as names)} from ansible-inventory --graph."""
    members = {}
    stack = []
    with open(path, encoding='utf-8') as handle:
        for line in handle:
            line = line.rstrip('\n')
            if not line.strip():
                continue
            body = line.lstrip(' |')
            depth = (len(line) - len(body)) // 3  # each level is indented by "  |"
            name = body[2:] if body.startswith('--') else body
            name = name[:-1] if name.startswith('@') and name.endswith(':') else name
            del stack[depth:]
            if stack:
                members.setdefault(stack[-1], set()).add(name)
            if name.startswith('@'):
                members.setdefault(name, set())
                stack.append(name)
    return members


def require_same_graph(what, left_name, left_path, right_name, right_path) -> None:
    left, right = read_graph(left_path), read_graph(right_path)
    found = []
    _compare_maps('members', left_name, left, right_name, right, found)
    if found:
        raise ContentMismatch('%s: %s and %s give different graphs:\n  %s'
                              % (what, left_name, right_name, '\n  '.join(found[:MAX_REPORTED])))


def same_bytes(what, left_name, left_path, right_name, right_path) -> None:
    with open(left_path, 'rb') as left, open(right_path, 'rb') as right:
        if left.read() != right.read():
            raise ContentMismatch('%s: the outputs of %s and %s are not byte for byte the same' % (what, left_name, right_name))
