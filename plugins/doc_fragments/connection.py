# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection and authentication options shared by every plugin and module of hwcloud.live."""

from __future__ import annotations

from ansible_collections.hwcloud.live.plugins.module_utils.options import CONNECTION_NOTES, CONNECTION_OPTIONS, documentation


class ModuleDocFragment:
    """C(PLUGINS) carries C(env:) entries for controller plugins; C(MODULES) is its twin for modules' argument specs."""

    PLUGINS = documentation(CONNECTION_OPTIONS, env_entries=True, notes=CONNECTION_NOTES)
    MODULES = documentation(CONNECTION_OPTIONS, env_entries=False, notes=CONNECTION_NOTES)
