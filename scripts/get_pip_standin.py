# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""hwcloud.live stand-in for the get-pip script that ansible-test downloads to bootstrap its venvs.

ansible-test (``--venv``) creates each virtual environment without pip and runs
``https://ci-files.testing.ansible.com/ansible-test/get-pip-<version>.py`` in it, cached as
``~/.ansible/test/cache/get_pip_<version, dots as underscores>.py``. Where that host cannot be reached,
``make sanity`` and ``make units`` put this file in the cache instead:

    python scripts/get_pip_standin.py --install    # with the Python that has ansible-test

copies it there for every pip version ansible-test asks for, unless the cache already holds a real
get-pip script (one without this file's marker).

Run by ansible-test as get-pip, it does what get-pip does: installs pip into the running interpreter and
then installs the requested packages (``pip==<version>``) with the given pip options; it takes the first
pip from the interpreter's own ``ensurepip`` instead of from the network. ``--no-setuptools`` and
``--no-wheel`` are get-pip options, not pip's: they are honoured by removing what ``ensurepip`` brought.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

STANDIN_MARKER = 'hwcloud.live stand-in for the get-pip script'
GET_PIP_ONLY = {'--no-setuptools': 'setuptools', '--no-wheel': 'wheel'}
CACHE_DIR = os.path.expanduser('~/.ansible/test/cache')


def bootstrap(argv: list[str]) -> int:
    """Act as get-pip: ``argv`` are pip install arguments plus get-pip's own --no-setuptools/--no-wheel."""
    unwanted = [GET_PIP_ONLY[arg] for arg in argv if arg in GET_PIP_ONLY]
    pip_args = [arg for arg in argv if arg not in GET_PIP_ONLY]
    python = sys.executable

    subprocess.check_call([python, '-m', 'ensurepip', '--default-pip'], stdout=subprocess.DEVNULL)
    subprocess.check_call([python, '-m', 'pip', 'install'] + pip_args)

    requested = [re.split(r'[=<>!~\[ ]', arg, maxsplit=1)[0].lower() for arg in pip_args if not arg.startswith('-')]
    remove = [name for name in unwanted if name not in requested and installed(python, name)]
    if remove:
        subprocess.check_call([python, '-m', 'pip', 'uninstall', '--yes', '--quiet'] + remove)
    return 0


def installed(python: str, name: str) -> bool:
    return subprocess.call([python, '-m', 'pip', 'show', '--quiet', name], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL) == 0


def pip_versions() -> list[str]:
    """The pip versions this ansible-test bootstraps its venvs with (read from its source, as it has no API for it)."""
    import ansible_test  # pylint: disable=import-outside-toplevel

    source = os.path.join(os.path.dirname(ansible_test.__file__), '_internal', 'python_requirements.py')
    with open(source, encoding='utf-8') as file:
        versions = sorted(set(re.findall(r'''\bpip\s*=\s*['"]([0-9][0-9.]*)['"]''', file.read())))
    if not versions:
        raise SystemExit('get_pip_standin.py: no pip version found in %s' % source)
    return versions


def install() -> int:
    """Put this file in ansible-test's cache for each pip version it uses, keeping real get-pip scripts."""
    os.makedirs(CACHE_DIR, exist_ok=True)
    for version in pip_versions():
        target = os.path.join(CACHE_DIR, 'get_pip_%s.py' % version.replace('.', '_'))
        if os.path.exists(target):
            with open(target, encoding='utf-8', errors='replace') as file:
                if STANDIN_MARKER not in file.read():
                    continue  # a real get-pip script
        shutil.copyfile(os.path.abspath(__file__), target)
    return 0


if __name__ == '__main__':
    if sys.argv[1:] == ['--install']:
        sys.exit(install())
    sys.exit(bootstrap(sys.argv[1:]))
