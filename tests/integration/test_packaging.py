# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The built collection: what the tarball holds, and what an execution environment gets from it."""

from __future__ import annotations

import sys
import tarfile
from pathlib import Path

from harness import REPO, ansible_bin

BUILD = REPO / 'build'


def tarball() -> Path:
    found = sorted(BUILD.glob('hwcloud-live-*.tar.gz'))
    assert len(found) == 1, 'make install builds exactly one tarball into build/'
    return found[0]


def test_the_tarball_holds_the_runtime_and_nothing_else():
    with tarfile.open(tarball()) as archive:
        names = archive.getnames()
    for required in ('plugins/inventory/relay_tasks.py', 'plugins/modules/relay_task.py', 'roles/audit/tasks/main.yml',
                     'meta/runtime.yml', 'meta/execution-environment.yml', 'requirements.txt', 'README.md',
                     'LICENSES/GPL-3.0-or-later.txt'):
        assert required in names, required
    for name in names:
        assert not name.startswith(('tests', 'scripts', '.ci', 'build', '.venv', 'BENCHMARKS')), name
        assert '__pycache__' not in name and not name.endswith('.pyc'), name


def test_the_licence_every_file_cites_is_in_the_tarball_with_the_gpl_text():
    cited = 'LICENSES/GPL-3.0-or-later.txt'
    citing = [path for path in REPO.joinpath('plugins').rglob('*.py') if cited in path.read_text()]
    assert citing, 'the plugins cite the licence file'
    with tarfile.open(tarball()) as archive:
        text = archive.extractfile(cited).read().decode('utf-8')
    assert 'GNU GENERAL PUBLIC LICENSE' in text and 'Version 3, 29 June 2007' in text
    assert text == (REPO / cited).read_text()


def test_the_integration_tests_use_the_installed_copy(ansible):
    result = ansible.run([ansible_bin('ansible-galaxy'), 'collection', 'list', 'hwcloud.live'])
    assert result.returncode == 0, result.stderr
    assert str(BUILD / 'collections' / 'ansible_collections') in result.stdout


def test_ansible_builder_gives_an_execution_environment_the_collection_and_its_python_packages(ansible, tmp_path):
    builder = str(Path(sys.executable).parent / 'ansible-builder')
    introspect = ansible.run([builder, 'introspect', '--sanitize', str(BUILD / 'collections')])
    assert introspect.returncode == 0, introspect.stderr
    assert 'requests>=2.28  # from collection hwcloud.live' in introspect.stdout
    assert 'jmespath>=1.0  # from collection hwcloud.live' in introspect.stdout
    context = tmp_path / 'context'
    create = ansible.run([builder, 'create', '-f', str(REPO / 'docs' / 'execution-environment.yml'), '-c', str(context)])
    assert create.returncode == 0, create.stdout + create.stderr
    assert (context / '_build' / 'collections' / tarball().name).is_file()
    assert 'hwcloud-live-' in (context / '_build' / 'requirements.yml').read_text()
    assert 'ansible-runner' in (context / '_build' / 'requirements.txt').read_text()
