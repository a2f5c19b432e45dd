# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Options that choose which relay tasks are read, shared by the inventory plugin, the lookup and the info module.

Generated from plugins/module_utils/options.py, where the options are declared once: run
``make doc-fragments`` after changing them; a unit test fails while this text and the tables differ.
"""

from __future__ import annotations


class ModuleDocFragment:
    """Task selection: server-side by region, client-side by status and a JMESPath filter."""

    DOCUMENTATION = r'''
options:
  regions:
    description:
      - "Task regions to read, for example V([cn-north-4, cn-east-3]). Each is listed server-side with the API's C(region)
        parameter, all of them concurrently."
      - "Empty or not set means every region."
    type: list
    elements: str
    default: []
  statuses:
    description:
      - "Keep only tasks whose C(status) is one of these, for example V([suspend]). Empty means every status."
    type: list
    elements: str
    default: []
  filter:
    description:
      - "A JMESPath expression evaluated on each task (the task's fields as the API lists them); tasks for which it is false,
        null or empty are left out. For example V(source_type == 'PullVodPushLive')."
    type: str
'''
