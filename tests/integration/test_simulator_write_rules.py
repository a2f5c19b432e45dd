# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The simulator's rule code over the table of write-rule cases the module's check is tested with too.

In process: the rules are the simulator's own (tests/simulator/task_rules.py), given the table's NOW. Over HTTP,
test_simulator_writes.py shows the same rules answer a write with a 400 naming the field.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'simulator'))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'cases'))

import task_rules  # noqa: E402 pylint: disable=wrong-import-position
from write_rules import CASES, NOW  # noqa: E402 pylint: disable=wrong-import-position

HOME_REGION = 'cn-north-4'


def simulator_check(case) -> dict:
    """The simulator's answer to the case's write: the task it would store, or Illegal."""
    if case.current is None:
        return task_rules.new_task(case.body, HOME_REGION, NOW)
    fields = task_rules.modify_fields(dict(case.body, task_id=case.current['task_id']))
    return task_rules.modified_task(case.current, fields, NOW)


@pytest.mark.parametrize('case', [case for case in CASES if case.valid], ids=lambda case: case.label)
def test_the_simulator_takes_a_valid_body_and_stores_what_was_sent(case):
    stored = simulator_check(case)
    assert {name: stored[name] for name in case.body} == case.body


@pytest.mark.parametrize('case', [case for case in CASES if not case.valid], ids=lambda case: case.label)
def test_the_simulator_refuses_an_invalid_body_naming_the_field(case):
    with pytest.raises(task_rules.Illegal) as refused:
        simulator_check(case)
    assert re.search(r'\b%s\b' % case.field, str(refused.value)), str(refused.value)
