#!/usr/bin/env python
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write plugins/doc_fragments/{connection,selection}.py from the option tables in plugins/module_utils/options.py.

Doc fragments must be literal text (ansible-test's yamllint reads them without running them), while
the options are declared once, in module_utils, for modules' argument specs too. ``make doc-fragments``
runs this; tests/unit/plugins/doc_fragments checks that the committed text matches the tables.
"""

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HEAD = '''# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""%s

Generated from plugins/module_utils/options.py, where the options are declared once: run
``make doc-fragments`` after changing them; a unit test fails while this text and the tables differ.
"""

from __future__ import annotations


class ModuleDocFragment:
    """%s"""
'''


def render(options_module) -> dict:
    docs = options_module.documentation
    connection = HEAD % ('Connection and authentication options shared by every plugin and module of hwcloud.live.',
                         "C(PLUGINS) carries C(env:) entries for controller plugins; C(MODULES) is its twin for modules' argument specs.")
    connection += "\n    PLUGINS = r'''\n%s'''\n\n    MODULES = r'''\n%s'''\n" % (
        docs(options_module.CONNECTION_OPTIONS, env_entries=True, notes=options_module.CONNECTION_NOTES),
        docs(options_module.CONNECTION_OPTIONS, env_entries=False, notes=options_module.CONNECTION_NOTES))
    selection = HEAD % ('Options that choose which relay tasks are read, shared by the inventory plugin, the lookup and the info module.',
                        'Task selection: server-side by region, client-side by status and a JMESPath filter.')
    selection += "\n    DOCUMENTATION = r'''\n%s'''\n" % docs(options_module.SELECTION_OPTIONS, env_entries=False)
    return {'plugins/doc_fragments/connection.py': connection, 'plugins/doc_fragments/selection.py': selection}


def main():
    sys.path.insert(0, str(REPO / 'build' / 'src'))
    from ansible_collections.hwcloud.live.plugins.module_utils import options  # pylint: disable=import-outside-toplevel

    for name, text in render(options).items():
        (REPO / name).write_text(text)
        print('wrote %s' % name)


if __name__ == '__main__':
    main()
