# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The options every plugin and module shares, declared once.

The doc fragments render their documentation from these tables, modules build their argument
specs from them, and controller plugins read them by name with get_option.
"""

from __future__ import annotations

import textwrap
from collections import namedtuple

from ansible.module_utils.basic import env_fallback

Option = namedtuple('Option', 'type default env secret description elements')

CONNECTION_OPTIONS = {
    'endpoint': Option('str', None, 'HUAWEICLOUD_LIVE_ENDPOINT', False, [
        'Base URL of the Live API, for example V(https://live.cn-north-4.myhuaweicloud.com) or the URL of the bundled simulator.',
        'When not set it is built from O(region) as C(https://live.<region>.myhuaweicloud.com).',
    ], None),
    'region': Option('str', None, 'HUAWEICLOUD_SDK_REGION', False, [
        'Region whose Live endpoint (and, for password authentication, IAM endpoint) is used, for example V(cn-north-4).',
        'It only picks the endpoint, not the regions of the tasks that are read or managed.',
    ], None),
    'project_id': Option('str', None, 'HUAWEICLOUD_SDK_PROJECT_ID', False, [
        'ID of the project that owns the relay tasks. Required.',
    ], None),
    'auth_token': Option('str', None, 'HUAWEICLOUD_LIVE_AUTH_TOKEN', True, [
        'A ready IAM token, sent as C(X-Auth-Token).',
    ], None),
    'username': Option('str', None, 'ANSIBLE_HWC_USER', False, [
        'IAM user name for password authentication; the password is exchanged once per run for a project-scoped token.',
    ], None),
    'password': Option('str', None, 'ANSIBLE_HWC_PASSWORD', True, [
        'IAM password for O(username).',
    ], None),
    'domain_name': Option('str', None, 'ANSIBLE_HWC_DOMAIN', False, [
        'Name of the account (domain) that O(username) belongs to.',
    ], None),
    'iam_endpoint': Option('str', None, 'ANSIBLE_HWC_IDENTITY_ENDPOINT', False, [
        'Base URL of IAM for password authentication. Defaults to C(https://iam.<region>.myhuaweicloud.com).',
    ], None),
    'access_key': Option('str', None, 'HUAWEICLOUD_SDK_AK', False, [
        'Access key ID for AK/SK request signing (C(SDK-HMAC-SHA256), as the vendor SDK signs).',
    ], None),
    'secret_key': Option('str', None, 'HUAWEICLOUD_SDK_SK', True, [
        'Secret access key for O(access_key).',
    ], None),
    'security_token': Option('str', None, 'HUAWEICLOUD_SDK_SECURITY_TOKEN', True, [
        'Security token of temporary AK/SK credentials; sent as a signed C(X-Security-Token) header.',
        'Only with O(access_key) and O(secret_key).',
    ], None),
    'validate_certs': Option('bool', True, None, False, [
        'Whether to verify the TLS certificates of the endpoints. When V(false), a warning says so.',
    ], None),
    'ca_path': Option('path', None, None, False, [
        "A CA bundle file to verify the endpoints' certificates with.",
    ], None),
    'timeout': Option('float', 30, None, False, [
        'Seconds to wait for a connection or an answer, per request.',
    ], None),
    'retries': Option('int', 4, None, False, [
        'How many times a request is sent again after a throttled answer (429), a 5xx answer or a network error,'
        ' with exponential backoff and jitter, honouring C(Retry-After). 401 and 403 answers are never retried.',
    ], None),
}

CONNECTION_NOTES = [
    'Authentication, one method: O(auth_token); O(access_key) and O(secret_key); O(username), O(password) and'
    ' O(domain_name). Credentials given as options (an inventory file, lookup or module arguments, C(module_defaults))'
    ' win over credential environment variables; from the environment the chosen method takes only a required option it'
    ' lacks, never O(security_token). Two methods given as options, or two only in the environment, are an error.',
    'Credential values with leading or trailing whitespace or control characters, or non-ASCII characters in a value'
    ' sent in an HTTP header, are refused before any request, naming the option.',
    'No credential, token or signature is ever part of an error message.',
]

SELECTION_OPTIONS = {
    'regions': Option('list', [], None, False, [
        'Task regions to read, for example V([cn-north-4, cn-east-3]). Each is listed server-side with the API\'s'
        ' C(region) parameter, all of them concurrently.',
        'Empty or not set means every region.',
    ], 'str'),
    'statuses': Option('list', [], None, False, [
        'Keep only tasks whose C(status) is one of these, for example V([suspend]). Empty means every status.',
    ], 'str'),
    'filter': Option('str', None, None, False, [
        'A JMESPath expression evaluated on each task (the task\'s fields as the API lists them); tasks for which'
        ' it is false, null or empty are left out. For example V(source_type == \'PullVodPushLive\').',
    ], None),
}


# Names that look like secrets but are not (an access key is an ID); their no_log=False is said explicitly.
NOT_SECRET = frozenset(['access_key'])
# The credential options. Their environment variables are a level below the options (credentials.py), so modules read
# them apart (live_module.py) instead of through the argument spec's fallback, which would hide where a value came from.
CREDENTIAL_OPTIONS = ('auth_token', 'access_key', 'secret_key', 'security_token', 'username', 'password', 'domain_name')


def argument_spec(options: dict) -> dict:
    """AnsibleModule argument spec entries: environment fallbacks and no_log for secrets."""
    spec = {}
    for name, option in options.items():
        entry = {'type': option.type}
        if option.default is not None:
            entry['default'] = option.default
        if option.elements:
            entry['elements'] = option.elements
        if option.env and name not in CREDENTIAL_OPTIONS:
            entry['fallback'] = (env_fallback, [option.env])
        if option.secret:
            entry['no_log'] = True
        elif name in NOT_SECRET:
            entry['no_log'] = False
        spec[name] = entry
    return spec


def _quoted(text: str, indent: int = 8) -> str:
    """A YAML double-quoted scalar, folded over lines of at most about 120 characters."""
    escaped = text.replace('\\', '\\\\').replace('"', '\\"')
    return '"%s"' % textwrap.fill(escaped, width=120, subsequent_indent=' ' * indent, break_long_words=False,
                                  break_on_hyphens=False)


def _yaml_value(value) -> str:
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, list):
        return '[%s]' % ', '.join(_quoted(item) for item in value)
    return str(value)


def documentation(options: dict, env_entries: bool, notes=()) -> str:
    """Documentation YAML for a doc fragment: with C(env:) entries (plugins), or naming the variable (modules)."""
    lines = ['options:']
    for name, option in options.items():
        lines.extend(['  %s:' % name, '    description:'])
        lines.extend('      - %s' % _quoted(line) for line in option.description)
        if option.env and not env_entries:
            lines.append('      - %s' % _quoted('Can also be set with the E(%s) environment variable.' % option.env))
        lines.append('    type: %s' % option.type)
        if option.elements:
            lines.append('    elements: %s' % option.elements)
        if option.default is not None:
            lines.append('    default: %s' % _yaml_value(option.default))
        if option.env and env_entries:
            lines.extend(['    env:', '      - name: %s' % option.env])
    if notes:
        lines.append('notes:')
        lines.extend('  - %s' % _quoted(note, indent=4) for note in notes)
    return '\n'.join(lines) + '\n'
