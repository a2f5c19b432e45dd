# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""From a controller plugin's options to the shared client; option names checked."""

from __future__ import annotations

import difflib

from ansible.utils.display import Display

from ansible_collections.hwcloud.live.plugins.module_utils.client import LiveClient, build_client
from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError
from ansible_collections.hwcloud.live.plugins.module_utils.options import CONNECTION_OPTIONS


def client_from_plugin(plugin) -> LiveClient:
    """Build the client from a plugin whose options extend hwcloud.live.connection.plugins; warnings go to Display."""
    return build_client(warn=lambda text: Display().warning('hwcloud.live.relay_tasks: %s' % text),
                        **{name: plugin.get_option(name) for name in CONNECTION_OPTIONS})


def reject_unknown_options(given, known) -> None:
    """Ansible ignores option names a plugin does not declare; a misspelt one is an error here, with a suggestion."""
    for name in given:
        if name not in known:
            close = difflib.get_close_matches(name, sorted(known), n=1)
            raise LiveApiError('unknown option %r%s' % (name, '; did you mean %r?' % close[0] if close else ''))
