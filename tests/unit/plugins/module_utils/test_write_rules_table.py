# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The module's rule check over the table of write-rule cases the simulator's rules are tested with too."""

from __future__ import annotations

import re

import pytest

from ansible_collections.hwcloud.live.plugins.module_utils.errors import LiveApiError
from ansible_collections.hwcloud.live.plugins.module_utils.relay_task_change import OPTION_FIELDS
from ansible_collections.hwcloud.live.plugins.module_utils.task_rules import check_task
from ansible_collections.hwcloud.live.tests.cases.write_rules import CASES, NOW

OPTION_OF_FIELD = {field: option for option, field in OPTION_FIELDS.items()}


def module_check(case) -> None:
    """What the module checks before the write of the case: the task as it would be, ``sent`` the body's fields."""
    if case.current is None:
        check_task(case.body, case.body, creating=True, now=NOW)
    else:
        check_task(dict(case.current, **case.body), case.body, creating=False, now=NOW)


@pytest.mark.parametrize('case', [case for case in CASES if case.valid], ids=lambda case: case.label)
def test_the_module_passes_a_body_the_api_takes(case):
    module_check(case)


@pytest.mark.parametrize('case', [case for case in CASES if not case.valid], ids=lambda case: case.label)
def test_the_module_refuses_a_body_the_api_refuses_naming_the_field(case):
    with pytest.raises(LiveApiError) as refused:
        module_check(case)
    message = str(refused.value)
    named = message.split(': ', 1)[0]  # the module's messages start with the options at fault
    assert re.fullmatch(r'(\w+, )*%s(, \w+)*' % OPTION_OF_FIELD.get(case.field, case.field), named), message
    assert '\n' not in message
