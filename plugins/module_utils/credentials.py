# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which credential a run uses: explicit options beat the environment, and every value is checked before a request.

Two levels, as every SDK and cloud collection orders them: what the user wrote (the inventory file,
a lookup's or module's arguments, ``module_defaults``) and the environment. The method is chosen at
the highest level that names one; two methods at the same level are an error. An explicitly chosen
method takes only the required options it lacks from the environment, never an optional one (a
``HUAWEICLOUD_SDK_SECURITY_TOKEN`` exported for another tool is not attached to explicit AK/SK).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError
from ansible_collections.hwcloud.live.plugins.module_utils.options import CONNECTION_OPTIONS, CREDENTIAL_OPTIONS

# method label -> (options that select it, options it requires, optional companions)
AUTH_METHODS = {
    'auth_token': (('auth_token',), ('auth_token',), ()),
    'access_key/secret_key': (('access_key', 'secret_key'), ('access_key', 'secret_key'), ('security_token',)),
    'username/password': (('username', 'password'), ('username', 'password', 'domain_name'), ()),
}
# Values sent in an HTTP header or a URL path must be printable ASCII; the IAM password exchange sends the others in a
# JSON body, where any printable character is fine.
HEADER_BOUND = frozenset(('auth_token', 'access_key', 'secret_key', 'security_token', 'project_id'))
# PBKDF2 rounds for the cache fingerprint: a password in it must not be cheap to guess from a readable cache file.
FINGERPRINT_ROUNDS = 100000
FINGERPRINT_SALT = b'hwcloud.live inventory cache v1'


@dataclass(frozen=True)
class Credentials:
    """The one authentication method of a run and its values (None where an optional value is not set)."""

    method: str
    values: dict

    def get(self, name: str):
        return self.values.get(name)

    def fingerprint(self) -> str:
        """A one-way digest of the whole credential, secret included, for the cache identity; never the secret itself."""
        material = '\0'.join([self.method] + ['%s=%s' % (name, self.values.get(name) or '') for name in CREDENTIAL_OPTIONS])
        return hashlib.pbkdf2_hmac('sha256', material.encode('utf-8'), FINGERPRINT_SALT, FINGERPRINT_ROUNDS).hex()


def check_value(name: str, value) -> None:
    """Refuse a value with surrounding whitespace, control characters or (where it is sent in a header) non-ASCII.

    The message names the option and what is wrong, never the value: a token copied from a file with its newline
    would otherwise reach requests, whose error text quotes the header.
    """
    if value is None or value == '':
        return
    if not isinstance(value, str):
        raise LiveApiError('%s: must be a string, got %s' % (name, type(value).__name__))
    if value != value.strip():
        raise LiveApiError('%s: the value has leading or trailing whitespace (a newline copied from a file?); remove it' % name)
    if not value.isprintable():
        raise LiveApiError('%s: the value holds control or other non-printable characters' % name)
    if name in HEADER_BOUND and not value.isascii():
        raise LiveApiError('%s: the value holds non-ASCII characters; it is sent in an HTTP header, which takes ASCII only' % name)


def _selected(level: dict) -> list:
    return [label for label, (selecting, _required, _optional) in AUTH_METHODS.items() if any(level.get(n) for n in selecting)]


def resolve_credentials(explicit: dict, environment: dict | None = None) -> Credentials:
    """Choose the method: explicit options over the environment; two methods at one level are an error naming them."""
    environment = environment or {}
    # What the user wrote is checked whole; of the environment only what the chosen method takes (below): another
    # tool's malformed variable must not fail a run that does not use it.
    for name in CREDENTIAL_OPTIONS:
        check_value(name, explicit.get(name))
    explicit_methods, environment_methods = _selected(explicit), _selected(environment)
    if len(explicit_methods) > 1:
        raise LiveApiError('%s are set together in the options: choose one authentication method' % _both(explicit_methods))
    if explicit_methods:
        method, chosen_explicitly = explicit_methods[0], True
    elif len(environment_methods) > 1:
        raise LiveApiError('%s are set together in the environment (%s) and no method is given in the options: choose one'
                           ' authentication method, or name one in the options, which then wins'
                           % (_both(environment_methods), ', '.join(_variables(environment_methods))))
    elif environment_methods:
        method, chosen_explicitly = environment_methods[0], False
    else:
        _refuse_orphans(explicit, environment)
        raise LiveApiError('no credentials: set auth_token, or access_key and secret_key, or username, password and domain_name'
                           ' (options or environment variables)')
    _selecting, required, optional = AUTH_METHODS[method]
    values = {}
    for name in required:
        values[name] = explicit.get(name) or environment.get(name) or None
    for name in optional:
        values[name] = explicit.get(name) or (None if chosen_explicitly else environment.get(name)) or None
    _refuse_misplaced(method, explicit)
    for name, value in values.items():
        check_value(name, value)
    for name in required:
        if not values[name]:
            given = [other for other in required if values[other]]
            raise LiveApiError('%s is required%s for %s authentication'
                               % (name, ' with %s' % ' and '.join(given) if given else '', _describe(method)))
    return Credentials(method, values)


def _refuse_orphans(explicit: dict, environment: dict) -> None:
    """An optional companion given without its method (security_token alone) is named, not silently ignored."""
    if explicit.get('security_token') or environment.get('security_token'):
        raise LiveApiError('security_token is used only with access_key and secret_key (temporary AK/SK credentials)')


def _refuse_misplaced(method: str, explicit: dict) -> None:
    if explicit.get('security_token') and method != 'access_key/secret_key':
        raise LiveApiError('security_token is used only with access_key and secret_key (temporary AK/SK credentials)')


def _variables(methods: list) -> list:
    return [CONNECTION_OPTIONS[name].env for method in methods for name in AUTH_METHODS[method][0]]


def _both(methods: list) -> str:
    return '%s and %s' % (', '.join(methods[:-1]), methods[-1])


def _describe(method: str) -> str:
    return {'auth_token': 'token', 'access_key/secret_key': 'AK/SK', 'username/password': 'IAM password'}[method]
