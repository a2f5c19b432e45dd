# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The doc fragments are literal text generated from the option tables; they must not drift apart."""

from __future__ import annotations

from ansible_collections.hwcloud.live.plugins.doc_fragments.connection import ModuleDocFragment as Connection
from ansible_collections.hwcloud.live.plugins.doc_fragments.selection import ModuleDocFragment as Selection
from ansible_collections.hwcloud.live.plugins.module_utils.options import (
    CONNECTION_NOTES, CONNECTION_OPTIONS, SELECTION_OPTIONS, documentation,
)

STALE = 'plugins/doc_fragments is stale: run `make doc-fragments` after changing plugins/module_utils/options.py'


def test_connection_fragment_is_the_rendered_table():
    assert Connection.PLUGINS == '\n' + documentation(CONNECTION_OPTIONS, env_entries=True, notes=CONNECTION_NOTES), STALE
    assert Connection.MODULES == '\n' + documentation(CONNECTION_OPTIONS, env_entries=False, notes=CONNECTION_NOTES), STALE


def test_selection_fragment_is_the_rendered_table():
    assert Selection.DOCUMENTATION == '\n' + documentation(SELECTION_OPTIONS, env_entries=False), STALE
