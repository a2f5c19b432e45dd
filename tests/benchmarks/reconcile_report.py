# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The reconcile row's section of BENCHMARKS.md, from reconcile_bench.py's results: the limits of issue 13, item 6, and
the requests, wall time and peak RSS of every run."""

from __future__ import annotations

import datetime

import reconcile_bench

TARGET_SIZE = 10000


RECONCILE_HEADING = '## The reconcile role over N declared tasks'


def reconcile_lines(results):
    """The reconcile row's section (reconcile_bench.py): limits at the largest size, then every size; [] without the row."""
    sizes = sorted(size for size, result in results.items() if 'reconcile' in result)
    if not sizes:
        return []
    limits = reconcile_bench.LIMITS
    largest = results[sizes[-1]]['reconcile']
    apply, counts = largest['phases']['apply'], largest['counts']
    kinds, writes = apply['requests'], counts['create'] + counts['modify'] + counts['delete']
    lines = [RECONCILE_HEADING, '',
             '- One `ansible-playbook` process of a play with the role `hwcloud.live.reconcile` (`reconcile_prune: true`, '
             '`reconcile_max_deletes` = the deletes wanted), AK/SK from `module_defaults`, timed from spawn to exit with its '
             'peak RSS from `os.wait4()` (the module runs in a child process of ansible-playbook), against a simulator of '
             'its own with the same latency and N - creates + deletes seeded tasks, so that N tasks are declared and N '
             'remain after the apply (the API lists at most 10,000: `total` is 0~10000, and the client refuses more; '
             'the simulator does not refuse a create beyond that). One run per size: the apply changes the tasks.',
             '- The declared list (a JSON vars file) is the simulator\'s tasks as `relay_task_info` lists them, without '
             '`task_id`, `create_time` and `status` (the role\'s README), with the last tasks dropped (deletes), '
             '`vod_loop_time` changed on PullVodPushLive tasks (modifies) and new tasks added (creates): 50, 100 and 100 '
             'at N = 10,000, a tenth of N of each at most below.',
             '- Checked, or the benchmark fails: a `--check` run first (not measured; it warms the caches) plans exactly '
             'those actions and writes nothing; the apply sends exactly one POST per create, one PUT per modify and one '
             'DELETE per delete, at most ceil(N/99)+1 listing GETs and at most one read-back GET (with `task_id`) per '
             'write, and no other request; a second `--check` run afterwards plans nothing.', '',
             'Limits at N = {:,} (issue 13, item 6){}:'.format(
                 sizes[-1], '' if sizes[-1] == TARGET_SIZE else ', set for N = {:,}'.format(TARGET_SIZE)), '',
             '| limit | measured | met |', '|---|---|---|',
             '| listing requests: at most 101 (ceil(N/99)+1 = %d checked) | %d | %s |' % (
                 largest['listing_budget'], kinds['listing'], 'met' if kinds['listing'] <= 101 else '**missed**'),
             '| writes: exactly %d POST, %d PUT, %d DELETE | %d POST, %d PUT, %d DELETE (checked) | met |' % (
                 counts['create'], counts['modify'], counts['delete'], kinds['POST'], kinds['PUT'], kinds['DELETE']),
             '| read-backs: at most one per write (%d) | %d | met |' % (writes, kinds['read_back']),
             '| wall time, spawn to exit: under %.0f s | %.2f s | %s |' % (
                 limits['wall_s'], apply['elapsed'], 'met' if apply['elapsed'] < limits['wall_s'] else '**missed**'),
             '| peak RSS: under 1 GiB | %.0f MiB | %s |' % (
                 apply['rss_kib'] / 1024.0, 'met' if apply['rss_kib'] / 1024.0 < limits['rss_mib'] else '**missed**'),
             '| a second plan afterwards is empty | no action (checked) | met |', '',
             '| N | listed at the start | declared tasks (vars file MB) | run | wall s | peak RSS MiB | listing GETs | read-backs | POST | PUT | DELETE |',
             '|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|']
    for size in sizes:
        row = results[size]['reconcile']
        for phase, value in row['phases'].items():
            kinds = value['requests']
            lines.append('| {:,} | {:,} | {:,} ({:.1f}) | {} | {:.2f} | {:.0f} | {} | {} | {} | {} | {} |'.format(
                size, row['listed'], row['declared'], row['declared_bytes'] / 1e6, phase if phase != 'plan' else 'plan (`--check`, warm-up)',
                value['elapsed'], value['rss_kib'] / 1024.0, kinds['listing'], kinds['read_back'], kinds['POST'],
                kinds['PUT'], kinds['DELETE']))
    return lines + ['']


def write_reconcile_section(path, results, about: dict, duration, load):
    """Put the reconcile section into an existing report, replacing its old one (run_bench.py --only reconcile)."""
    now = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')
    lines = reconcile_lines(results)
    lines[2:2] = ['Measured by `run_bench.py --only reconcile` on %s (%d s), apart from the rest of this file: %s; %s; '
                  'load average (1 min) %.2f at the start, %.2f at the end (other processes share the cores).' % (
                      now, duration, about['machine'], about['collection'], load[0], load[1]), '']
    with open(path, encoding='utf-8') as handle:
        text = handle.read()
    before, found, after = text.partition(RECONCILE_HEADING)
    if found:
        after = after[after.find('\n## '):] if '\n## ' in after else ''
        text = before.rstrip('\n') + '\n\n' + '\n'.join(lines) + after
    else:
        before, found, after = text.partition('## Results by size')
        text = before + '\n'.join(lines) + '\n' + found + after
    with open(path, 'w', encoding='utf-8') as handle:
        handle.write(text)
