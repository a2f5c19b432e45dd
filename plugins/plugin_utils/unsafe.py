# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one place where data from the Live API is made inert before it enters Ansible.

From ansible-core 2.19 on, a string is only ever templated when it is trusted, and data a
plugin reads from the network never is, so values pass unchanged. Up to 2.18 any string is
templated unless it is wrapped as unsafe; a string is wrapped when it could be a template:
when it holds a brace, or a ``#jinja2:`` header, which redefines the delimiters without any
brace. Plain strings stay plain, so ``ansible-inventory --list`` stays readable there.
"""

from __future__ import annotations

try:
    from ansible.template import trust_as_template
    UNTRUSTED_BY_DEFAULT = True
except ImportError:
    trust_as_template = None
    UNTRUSTED_BY_DEFAULT = False

from ansible.utils.unsafe_proxy import wrap_var

JINJA2_HEADER = '#jinja2:'


def could_be_template(text: str) -> bool:
    return '{' in text or '}' in text or JINJA2_HEADER in text


def _mark(value):
    if isinstance(value, str):
        return wrap_var(value) if could_be_template(value) else value
    if isinstance(value, dict):
        return {_mark(key): _mark(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_mark(item) for item in value]
    return value


def make_unsafe(value):
    """Return remote data (a string, or lists and dicts of them) in a form Ansible never templates."""
    if UNTRUSTED_BY_DEFAULT:
        return value
    return _mark(value)


def trusted_constant(template: str) -> str:
    """A template the collection itself writes (never remote data), marked so every ansible-core renders it."""
    return trust_as_template(template) if UNTRUSTED_BY_DEFAULT else template
