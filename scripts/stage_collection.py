# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Copy the collection's files into DEST (a path ending in ansible_collections/hwcloud/live) for ansible-test.

ansible-test runs in a directory named ansible_collections/<namespace>/<name> and resolves the working
directory through symlinks, so it gets a real copy: every file git tracks plus every new file git does
not ignore (so .venv*, build/ and tests/output/ stay out), as they are in the working tree now.
DEST is emptied first, then made a git repository of its own (nothing committed): ansible-test lists a
collection's files with git from the nearest enclosing repository, which would otherwise be this one,
where DEST is ignored.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print('usage: stage_collection.py DEST', file=sys.stderr)
        return 2
    dest = os.path.abspath(argv[0])
    if os.path.join(*dest.split(os.sep)[-3:]) != os.path.join('ansible_collections', 'hwcloud', 'live'):
        print('stage_collection.py: DEST must end in ansible_collections/hwcloud/live: %s' % dest, file=sys.stderr)
        return 2
    root = subprocess.check_output(['git', 'rev-parse', '--show-toplevel'], text=True).strip()
    listing = subprocess.check_output(['git', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], cwd=root)
    paths = sorted({path for path in listing.decode('utf-8').split('\0') if path})

    shutil.rmtree(dest, ignore_errors=True)
    copied = 0
    for path in paths:
        source = os.path.join(root, path)
        if not os.path.lexists(source):  # tracked, but deleted in the working tree
            continue
        target = os.path.join(dest, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if os.path.islink(source):
            os.symlink(os.readlink(source), target)
        elif os.path.isfile(source):
            shutil.copy2(source, target)
        else:
            continue
        copied += 1
    subprocess.check_call(['git', 'init', '--quiet', dest])
    print('staged %d files in %s' % (copied, dest))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
