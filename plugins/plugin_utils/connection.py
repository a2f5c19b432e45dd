# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""From a controller plugin's options to the shared client; option names checked."""

from __future__ import annotations

import difflib

from ansible.utils.display import Display

from ansible_collections.hwcloud.live.plugins.module_utils.client import LiveClient, build_client
from ansible_collections.hwcloud.live.plugins.module_utils.credentials import Credentials, resolve_credentials
from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError
from ansible_collections.hwcloud.live.plugins.module_utils.options import CONNECTION_OPTIONS, CREDENTIAL_OPTIONS


def connection_levels(plugin, given) -> tuple[dict, dict]:
    """(options, environment): every connection option, with the credentials the user did not write in ``given``
    moved to ``environment`` (get_option merged them from their ``env:`` entries; credentials have no other source).
    """
    options = {name: plugin.get_option(name) for name in CONNECTION_OPTIONS}
    environment = {}
    for name in CREDENTIAL_OPTIONS:
        if given.get(name) in (None, ''):
            environment[name] = options[name]
            options[name] = None
    return options, environment


def client_from_plugin(plugin, given) -> LiveClient:
    """Build the client from a plugin whose options extend hwcloud.live.connection.plugins; warnings go to Display.

    ``given`` holds the options as the user wrote them (an inventory file, a lookup's keyword arguments).
    """
    options, environment = connection_levels(plugin, given)
    return build_client(warn=lambda text: Display().warning('hwcloud.live.relay_tasks: %s' % text),
                        environment=environment, **options)


def credentials_from_plugin(plugin, given) -> Credentials:
    """The credential the client would use, without building it (the inventory cache is keyed by its fingerprint)."""
    options, environment = connection_levels(plugin, given)
    return resolve_credentials({name: options[name] for name in CREDENTIAL_OPTIONS}, environment)


def reject_unknown_options(given, known) -> None:
    """Ansible ignores option names a plugin does not declare; a misspelt one is an error here, with a suggestion."""
    for name in given:
        if name not in known:
            close = difflib.get_close_matches(name, sorted(known), n=1)
            raise LiveApiError('unknown option %r%s' % (name, '; did you mean %r?' % close[0] if close else ''))


# The inventory file's connection options that may be templates, as in every cloud inventory; rendered before use.
TEMPLATED_OPTIONS = ('auth_token', 'password', 'username', 'domain_name', 'access_key', 'secret_key', 'security_token',
                     'project_id', 'endpoint', 'iam_endpoint', 'region')


def render_templated_options(plugin, config) -> dict:
    """The options as written in ``config``, with templated connection options rendered by the plugin's templar.

    Only what the file says is rendered: a value from the environment is data, never a template. The plugin's own
    options are updated to the rendered values. An error names the option; for a secret one it quotes nothing.
    """
    given = dict(config)
    for name in TEMPLATED_OPTIONS:
        value = config.get(name)
        if not isinstance(value, str) or not plugin.templar.is_template(value):
            continue
        try:
            rendered = plugin.templar.template(value)
        except Exception as error:  # pylint: disable=broad-exception-caught  # any template error is the option's fault
            reason = type(error).__name__ if CONNECTION_OPTIONS[name].secret else _first_line(error)
            raise LiveApiError('%s: the template could not be rendered (%s)' % (name, reason)) from None
        rendered = None if rendered is None else str(rendered)
        plugin.set_option(name, rendered)
        given[name] = rendered
    return given


def _first_line(error: Exception) -> str:
    lines = str(error).strip().splitlines()
    return lines[0][:200] if lines else type(error).__name__
