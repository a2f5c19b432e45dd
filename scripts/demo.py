#!/usr/bin/env python
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`make demo`: start the Live API simulator, show the inventory, run a playbook over a status group, audit, plan a reconcile."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REPORTS = REPO / 'build' / 'relay-task-audit'
sys.path.insert(0, str(REPO / 'tests' / 'simulator'))

from control import SimulatorProcess  # noqa: E402 pylint: disable=wrong-import-position


def run(command, env):
    print('\n$ %s' % ' '.join(command), flush=True)
    subprocess.run(command, cwd=REPO, env=env, check=True)


def main():
    bin_dir = Path(sys.executable).parent
    with SimulatorProcess(tasks=40, seed=2026, extra_args=('--quiet',)) as simulator:
        print('Live API simulator at %s with %d relay tasks' % (simulator.url, len(simulator.tasks())), flush=True)
        env = dict(os.environ)
        env.update({
            'ANSIBLE_CONFIG': str(REPO / 'playbooks' / 'ansible.cfg'),
            'HUAWEICLOUD_LIVE_ENDPOINT': simulator.url,
            'HUAWEICLOUD_SDK_PROJECT_ID': simulator.project_id,
            'HUAWEICLOUD_LIVE_AUTH_TOKEN': simulator.token,
        })
        inventory = 'playbooks/inventory/token.relay_tasks.yml'
        run([str(bin_dir / 'ansible-inventory'), '-i', inventory, '--graph'], env)
        run([str(bin_dir / 'ansible-playbook'), '-i', inventory, 'playbooks/suspended_tasks.yml'], env)
        run([str(bin_dir / 'ansible-playbook'), '-i', inventory, 'playbooks/audit.yml'], env)
        run([str(bin_dir / 'ansible-playbook'), '-i', 'localhost,', 'playbooks/reconcile.yml', '--check', '--diff'], env)
    print('\nSimulator stopped.')
    print('The audit reports are in %s:' % REPORTS)
    for name in sorted(os.listdir(REPORTS)):
        print('  %s' % (REPORTS / name))


if __name__ == '__main__':
    try:
        main()
    except subprocess.CalledProcessError as error:
        sys.exit('demo step failed with exit code %d: %s' % (error.returncode, ' '.join(error.cmd)))
