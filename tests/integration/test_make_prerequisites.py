# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Issue 12, item 10: `make test` on a machine without Python 3.12 says what to install, in one line."""

from __future__ import annotations

import subprocess

from harness import REPO


def test_a_missing_python_for_the_newest_core_is_one_line_saying_what_to_do():
    # 2.99.1 stands for any release that needs Python 3.12; an empty PYTHON_NEWEST is a machine without one.
    result = subprocess.run(['make', '--no-print-directory', '-C', str(REPO), '.venv-core-2.99.1/.installed', 'PYTHON_NEWEST='],
                            capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode != 0
    ours = [line for line in result.stderr.splitlines() if line.startswith('make: ansible-core 2.99.1')]
    assert len(ours) == 1, result.stderr
    assert 'Python 3.12' in ours[0] and 'PYTHON_NEWEST=' in ours[0] and 'apt-get install python3.12' in ours[0]
    assert 'pyenv: ' not in result.stderr and 'No such file' not in result.stderr
    assert not (REPO / '.venv-core-2.99.1').exists()
