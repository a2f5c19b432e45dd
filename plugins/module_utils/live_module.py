# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every hwcloud.live module shares: its connection argument spec, the client, and failing on a client error."""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleFallbackNotFound, env_fallback

from ansible_collections.hwcloud.live.plugins.module_utils.client import LiveClient, build_client
from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError
from ansible_collections.hwcloud.live.plugins.module_utils.options import CONNECTION_OPTIONS, CREDENTIAL_OPTIONS, argument_spec


def live_argument_spec(*option_tables, **extra) -> dict:
    """The connection options, then any shared option tables, then the module's own options."""
    spec = argument_spec(CONNECTION_OPTIONS)
    for table in option_tables:
        spec.update(argument_spec(table))
    spec.update(extra)
    return spec


def client_from_module(module) -> LiveClient:
    """The client from the module's arguments (module_defaults included), with environment credentials a level below."""
    return build_client(warn=module.warn, environment=environment_credentials(module),
                        **{name: module.params[name] for name in CONNECTION_OPTIONS})


def environment_credentials(module) -> dict:
    """The credential options' environment variables, read as the argument spec's fallback would read them.

    Secret ones are added to the module's no_log values, as a fallback value would be.
    """
    values = {}
    for name in CREDENTIAL_OPTIONS:
        option = CONNECTION_OPTIONS[name]
        try:
            value = env_fallback(option.env)
        except AnsibleFallbackNotFound:
            continue
        values[name] = value
        if option.secret and value:
            module.no_log_values.add(value)
    return values


def run_or_fail(module, action, redact=None):
    """Run ``action()``; a LiveApiError becomes fail_json with one line and the error's fields, in this one place.

    ``redact(text)`` hides values the module must not show (stream keys) from the message.
    """
    try:
        return action()
    except LiveApiError as error:
        fields = error.to_dict()
        if redact is not None and fields['error_msg']:
            fields['error_msg'] = redact(fields['error_msg'])
        module.fail_json(msg=redact(str(error)) if redact is not None else str(error), **fields)
