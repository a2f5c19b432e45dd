# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Options that choose which relay tasks are read, shared by the inventory plugin, the lookup and the info module."""

from __future__ import annotations

from ansible_collections.hwcloud.live.plugins.module_utils.options import SELECTION_OPTIONS, documentation


class ModuleDocFragment:
    """Task selection: server-side by region, client-side by status and a JMESPath filter."""

    DOCUMENTATION = documentation(SELECTION_OPTIONS, env_entries=False)
