# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection and authentication options shared by every plugin and module of hwcloud.live, declared once."""

from __future__ import annotations

# name: (type, default, environment variable, description lines)
_OPTIONS = {
    'endpoint': ('str', None, 'HUAWEICLOUD_LIVE_ENDPOINT', [
        'Base URL of the Live API, for example V(https://live.cn-north-4.myhuaweicloud.com) or the URL of the bundled simulator.',
        'When not set it is built from O(region) as C(https://live.<region>.myhuaweicloud.com).',
    ]),
    'region': ('str', None, 'HUAWEICLOUD_SDK_REGION', [
        'Region whose Live endpoint (and, for password authentication, IAM endpoint) is used, for example V(cn-north-4).',
        'It only picks the endpoint; which tasks are read is chosen by O(regions).',
    ]),
    'project_id': ('str', None, 'HUAWEICLOUD_SDK_PROJECT_ID', [
        'ID of the project that owns the relay tasks. Required.',
    ]),
    'auth_token': ('str', None, 'HUAWEICLOUD_LIVE_AUTH_TOKEN', [
        'A ready IAM token, sent as C(X-Auth-Token). Takes precedence over every other credential.',
    ]),
    'username': ('str', None, 'ANSIBLE_HWC_USER', [
        'IAM user name for password authentication; the password is exchanged once per run for a project-scoped token.',
    ]),
    'password': ('str', None, 'ANSIBLE_HWC_PASSWORD', [
        'IAM password for O(username).',
    ]),
    'domain_name': ('str', None, 'ANSIBLE_HWC_DOMAIN', [
        'Name of the account (domain) that O(username) belongs to.',
    ]),
    'iam_endpoint': ('str', None, 'ANSIBLE_HWC_IDENTITY_ENDPOINT', [
        'Base URL of IAM for password authentication. Defaults to C(https://iam.<region>.myhuaweicloud.com).',
    ]),
    'access_key': ('str', None, 'HUAWEICLOUD_SDK_AK', [
        'Access key ID for AK/SK request signing (C(SDK-HMAC-SHA256), as the vendor SDK signs).',
        'Used when O(auth_token) is not set; takes precedence over O(username).',
    ]),
    'secret_key': ('str', None, 'HUAWEICLOUD_SDK_SK', [
        'Secret access key for O(access_key).',
    ]),
    'security_token': ('str', None, 'HUAWEICLOUD_SDK_SECURITY_TOKEN', [
        'Security token of temporary AK/SK credentials; sent as a signed C(X-Security-Token) header.',
    ]),
    'validate_certs': ('bool', 'true', None, [
        'Whether to verify the TLS certificates of the endpoints.',
    ]),
    'ca_path': ('path', None, None, [
        "A CA bundle file to verify the endpoints' certificates with.",
    ]),
    'timeout': ('float', '30', None, [
        'Seconds to wait for a connection or an answer, per request.',
    ]),
    'retries': ('int', '4', None, [
        'How many times a request is sent again after a throttled answer (429), a 5xx answer or a network error,'
        ' with exponential backoff and jitter, honouring C(Retry-After). 401 and 403 answers are never retried.',
    ]),
}

_NOTES = '''notes:
  - "Authentication, first match wins: O(auth_token); O(access_key) and O(secret_key); O(username), O(password) and O(domain_name)."
  - No credential, token or signature is ever part of an error message.
'''


def _render(env_entries: bool) -> str:
    """The options as documentation YAML: with C(env:) entries for plugins, or naming the variable for modules."""
    lines = ['options:']
    for name, (kind, default, env, description) in _OPTIONS.items():
        lines.append('  %s:' % name)
        lines.append('    description:')
        lines.extend('      - "%s"' % line.replace('"', '\\"') for line in description)
        if env and not env_entries:
            lines.append('      - "Can also be set with the E(%s) environment variable."' % env)
        lines.append('    type: %s' % kind)
        if default is not None:
            lines.append('    default: %s' % default)
        if env and env_entries:
            lines.extend(['    env:', '      - name: %s' % env])
    return '\n'.join(lines) + '\n' + _NOTES


class ModuleDocFragment:
    """C(PLUGINS) carries C(env:) entries for controller plugins; C(MODULES) is its twin for modules."""

    PLUGINS = _render(env_entries=True)
    MODULES = _render(env_entries=False)
