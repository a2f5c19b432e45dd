# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures for integration tests: the simulator as a real process, and real ansible-* processes against it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import AnsibleRun, SimulatorProcess  # noqa: E402 pylint: disable=wrong-import-position


@pytest.fixture(scope='session')
def simulator_process():
    with SimulatorProcess(tasks=250, seed=3, extra_args=('--quiet',)) as simulator:
        yield simulator


@pytest.fixture
def simulator(simulator_process):
    """The shared simulator, reset to its seeded data set with no faults and an empty request log."""
    simulator_process.reset()
    yield simulator_process
    simulator_process.reset()


@pytest.fixture
def ansible(tmp_path, simulator):
    return AnsibleRun(tmp_path, simulator)


@pytest.fixture(scope='module')
def web():
    """A plain HTTP client for talking to a simulator directly (no proxies or CA bundles from the environment)."""
    session = requests.Session()
    session.trust_env = False
    yield session
    session.close()
