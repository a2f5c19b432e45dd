# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Host and group names made from task data: printable, without spaces, bounded in length, still unique."""

from __future__ import annotations

import pytest

from ansible_collections.hwcloud.live.plugins.inventory.relay_tasks import MAX_NAME_CHARS, safe_name


@pytest.mark.parametrize('text, name', [
    ('4ce74654-439e-4fa9-987a-a6bdd805f5d2', '4ce74654-439e-4fa9-987a-a6bdd805f5d2'),
    ('流-直播/ライブ', '流-直播/ライブ'),
    ('a b\tc\nd\re\x00f\x7fg', 'a_b_c_d_e_f_g'),
    ('left\u202eright\u200bzero\u2028line\u00a0nbsp\u0085nel', 'left_right_zero_line_nbsp_nel'),
    ('\ud800lone surrogate', '_lone_surrogate'),
])
def test_unprintable_characters_and_spaces_become_underscores(text, name):
    assert safe_name(text) == name


def test_a_long_name_is_cut_and_keeps_a_digest_of_the_whole():
    first, second = safe_name('x' * 9999 + 'a'), safe_name('x' * 9999 + 'b')
    assert len(first) == len(second) == MAX_NAME_CHARS
    assert first != second
    assert first.startswith('x' * 200)
    assert safe_name('y' * MAX_NAME_CHARS) == 'y' * MAX_NAME_CHARS
