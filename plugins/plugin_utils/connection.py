# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""From a controller plugin's options to the shared client."""

from __future__ import annotations

from ansible_collections.hwcloud.live.plugins.module_utils.client import LiveClient, build_client

# The options of the hwcloud.live.connection doc fragment, read with get_option and passed on as plain values.
CONNECTION_OPTIONS = (
    'endpoint', 'region', 'project_id', 'auth_token', 'username', 'password', 'domain_name', 'iam_endpoint',
    'access_key', 'secret_key', 'security_token', 'validate_certs', 'ca_path', 'timeout', 'retries',
)


def client_from_plugin(plugin) -> LiveClient:
    """Build the client from a plugin whose options extend hwcloud.live.connection.plugins."""
    return build_client(**{name: plugin.get_option(name) for name in CONNECTION_OPTIONS})
