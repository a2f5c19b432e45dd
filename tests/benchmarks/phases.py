#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ansible-inventory with wall-clock timers around its phases, for the benchmark's "where the time goes" table.

    phases.py OUTPUT.json ansible-inventory-arguments...

Runs ansible-inventory's own main() in this process, exactly as the ansible-inventory script does, with
time.perf_counter() around a few methods (a wrapper per call, not a profiler, so the run is not slowed down),
and writes {phase: seconds} to OUTPUT.json at exit. The phases nest: ``load plugins`` and ``plugin parse()`` are
parts of ``parse sources``; ``fetch``, ``cache read``, ``name hosts`` and ``populate`` are parts of ``plugin parse()``.
A callback on the cyclic garbage collector adds up the time spent in it, whichever phase it interrupts.
"""

from __future__ import annotations

import atexit
import functools
import gc
import inspect
import json
import sys
import time

STARTED = time.perf_counter()
TIMES = {}
PLUGIN_PHASES = {
    'hwcloud.live.relay_tasks': (('parse', 'plugin parse()'), ('_read_cache', 'cache read'), ('_name_hosts', 'name hosts'),
                                 ('_populate', 'populate')),
    'floor_inventory': (('parse', 'plugin parse()'),),
    'constructed': (('parse', 'constructed parse()'),),
}
CLIENT_MODULE = 'ansible_collections.hwcloud.live.plugins.module_utils.client'


def timed(owner, attribute, phase):
    """Replace owner.attribute by a wrapper adding its wall time to TIMES[phase]."""
    static = isinstance(inspect.getattr_static(owner, attribute), staticmethod)
    original = getattr(owner, attribute)
    if getattr(original, '_bench_phase', None):
        return

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            TIMES[phase] = TIMES.get(phase, 0.0) + time.perf_counter() - start
    wrapper._bench_phase = phase
    setattr(owner, attribute, staticmethod(wrapper) if static else wrapper)


def time_loaded_plugins():
    """Called after the inventory plugins are loaded: time the parse() of whichever plugin this run uses."""
    for module in list(sys.modules.values()):
        try:
            plugin = getattr(module, 'InventoryModule', None)
        except Exception:  # pylint: disable=broad-except  # a lazy module may fail on any attribute
            continue
        for attribute, phase in PLUGIN_PHASES.get(getattr(plugin, 'NAME', None), ()):
            timed(plugin, attribute, phase)
    client = sys.modules.get(CLIENT_MODULE)
    if client is not None:
        timed(client.LiveClient, 'list_relay_tasks', 'fetch (list_relay_tasks)')


def time_garbage_collection():
    """Add the time spent in the cyclic garbage collector to TIMES['garbage collection']."""
    started = []

    def callback(event, _info):
        if event == 'start':
            started.append(time.perf_counter())
        elif started:
            TIMES['garbage collection'] = TIMES.get('garbage collection', 0.0) + time.perf_counter() - started.pop()
    gc.callbacks.append(callback)


def main():
    output, args = sys.argv[1], sys.argv[2:]
    time_garbage_collection()
    from ansible.cli.inventory import InventoryCLI, main as inventory_main  # pylint: disable=import-outside-toplevel
    from ansible.inventory.manager import InventoryManager  # pylint: disable=import-outside-toplevel
    TIMES['import ansible-inventory'] = time.perf_counter() - STARTED

    fetch_plugins = InventoryManager._fetch_inventory_plugins  # pylint: disable=protected-access

    def fetch_and_time(self):
        start = time.perf_counter()
        try:
            return fetch_plugins(self)
        finally:
            TIMES['load plugins'] = TIMES.get('load plugins', 0.0) + time.perf_counter() - start
            time_loaded_plugins()
    InventoryManager._fetch_inventory_plugins = fetch_and_time  # pylint: disable=protected-access
    timed(InventoryManager, 'parse_sources', 'parse sources')
    timed(InventoryCLI, 'run', 'cli run')
    timed(InventoryCLI, 'json_inventory', 'build --list data')
    timed(InventoryCLI, 'dump', 'encode --list JSON')
    timed(InventoryCLI, 'inventory_graph', 'build --graph text')

    def write_times():
        TIMES['until exit'] = time.perf_counter() - STARTED
        with open(output, 'w', encoding='utf-8') as handle:
            json.dump(TIMES, handle)
    atexit.register(write_times)
    sys.argv = ['ansible-inventory'] + args
    sys.exit(inventory_main())


if __name__ == '__main__':
    main()
