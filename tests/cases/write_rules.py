# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One table of the write API's rules, run against both checks of them.

The module checks the rules before it writes (plugins/module_utils/task_rules.py, by
tests/unit/plugins/module_utils/test_write_rules_table.py); the simulator refuses what breaks them
(tests/simulator/task_rules.py, by tests/integration/test_simulator_write_rules.py). Both read this table, so a
rule one side lacks fails that side's test. Sources: shared/api/write-relay-tasks.md, the query document and the
vendor SDK's models (LivePullStreamTask, ModifyLivePullStreamTask).

Each case is a create body (``current`` is None) or a modify body over ``current``, the task as listed; a valid
one, or an invalid one with the field its refusal must name. Bodies hold values the module can send: typed as the
module's options type them, and no field in a form that means "not set" where the module would leave it out.
Times are relative to NOW, which both checks are given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

NOW = datetime(2026, 11, 25, 12, 0, 0, tzinfo=timezone.utc)
LIVE_SOURCE = 'PullLivePushLive'
VOD_SOURCE = 'PullVodPushLive'


def at(hours: float) -> str:
    """A time ``hours`` after NOW, as the API writes it."""
    return (NOW + timedelta(hours=hours)).strftime('%Y-%m-%dT%H:%M:%SZ')


@dataclass(frozen=True)
class WriteRuleCase:
    """A body the API takes (``field`` None) or refuses naming ``field``; a modify of ``current`` when it is set."""

    name: str
    body: dict
    field: str | None = None
    current: dict | None = None

    @property
    def valid(self) -> bool:
        return self.field is None

    @property
    def label(self) -> str:
        """The case's test id: the write and the name."""
        return '%s: %s' % ('create' if self.current is None else 'modify', self.name)


def live(**changes) -> dict:
    return dict({'source_type': LIVE_SOURCE, 'source_urls': ['rtmp://origin.example.com/live/news'],
                 'domain': 'publish.example.com', 'app_name': 'live', 'stream_name': 'news-relay'}, **changes)


def vod(**changes) -> dict:
    return dict({'source_type': VOD_SOURCE, 'source_urls': ['https://vod.example.com/a.mp4', 'https://vod.example.com/b.mp4'],
                 'destination_url': 'rtmp://ingest.example.com/live/vod-relay'}, **changes)


def without(task: dict, *names) -> dict:
    return {name: value for name, value in task.items() if name not in names}


def listed(task: dict, **changes) -> dict:
    """A task as the simulator lists it after creating ``task`` at NOW - 1 h (window NOW - 1 h to NOW + 24 h)."""
    base = {'task_id': 'case-task', 'status': 'running', 'create_time': at(-1), 'region': 'cn-north-4', 'push_args': '',
            'start_time': at(-1), 'end_time': at(24), 'callback_events': [], 'callback_url': ''}
    base.update(task)
    if base['source_type'] == VOD_SOURCE:
        base.update({'vod_loop_time': '-1', 'vod_refresh_type': 'immediate_new_source', 'vod_start_video_index': 0,
                     'vod_start_video_time': 0})
    base.setdefault('destination_url', '')
    base.update(changes)
    return base


LISTED_LIVE = listed(live())
LISTED_VOD = listed(vod(), vod_start_video_index=1)
FINISHED_LIVE = listed(live(), start_time=at(-48), end_time=at(-24), status='finished')

CREATE_CASES = [
    WriteRuleCase('live task', live()),
    WriteRuleCase('vod task', vod()),
    WriteRuleCase('vod task with every field at its limit', vod(
        region='ap-southeast-3', destination_url='rtmp://x.example.com/' + 'a' * 2027, start_time=at(1), end_time=at(1 + 7 * 24),
        vod_loop_time='999999999', vod_start_video_index=1, vod_start_video_time=2100000000, backup_source_type=LIVE_SOURCE,
        backup_source_urls=['rtmp://backup.example.com/live/%d' % index for index in range(30)],
        callback_events=['TaskStart', 'TaskExit', 'TaskAlarm', 'VodSourceFileStart', 'VodSourceFileFinish', 'ResetTaskConfig'],
        callback_url='https://hooks.example.com/live', push_args='auth_key=abc')),
    WriteRuleCase('live target names at their limits', live(domain='d' * 255, app_name='a' * 128, stream_name='s' * 512)),
    WriteRuleCase('one round', vod(vod_loop_time='1')),
    WriteRuleCase('start in the past', live(start_time=at(-2), end_time=at(2))),
    WriteRuleCase('every region the SDK knows', live(region='cn-east-3')),

    WriteRuleCase('no source_type', without(live(), 'source_type'), 'source_type'),
    WriteRuleCase('unknown source_type', live(source_type='PullLivePushVod'), 'source_type'),
    WriteRuleCase('no source_urls', without(live(), 'source_urls'), 'source_urls'),
    WriteRuleCase('empty source_urls', vod(source_urls=[]), 'source_urls'),
    WriteRuleCase('blank source URL', vod(source_urls=['https://vod.example.com/a.mp4', ' ']), 'source_urls'),
    WriteRuleCase('empty source URL', live(source_urls=['']), 'source_urls'),
    WriteRuleCase('two URLs for a live task', live(source_urls=['rtmp://a.example.com/1', 'rtmp://a.example.com/2']), 'source_urls'),
    WriteRuleCase('destination_url with domain', live(destination_url='rtmp://x.example.com/live/y'), 'destination_url'),
    WriteRuleCase('no target', without(vod(), 'destination_url'), 'domain'),
    WriteRuleCase('target without stream_name', without(live(), 'stream_name'), 'stream_name'),
    WriteRuleCase('domain too long', live(domain='d' * 256), 'domain'),
    WriteRuleCase('app_name too long', live(app_name='a' * 129), 'app_name'),
    WriteRuleCase('stream_name too long', live(stream_name='s' * 513), 'stream_name'),
    WriteRuleCase('destination_url too long', vod(destination_url='rtmp://x.example.com/' + 'a' * 2028), 'destination_url'),
    WriteRuleCase('start_time with a space', live(start_time='2026-11-26 00:00:00'), 'start_time'),
    WriteRuleCase('start_time with an offset', live(start_time='2026-11-26T00:00:00+00:00'), 'start_time'),
    WriteRuleCase('start_time with single digits', live(start_time='2026-12-1T0:0:0Z'), 'start_time'),
    WriteRuleCase('start_time with a newline', live(start_time=at(1) + '\n'), 'start_time'),
    WriteRuleCase('end_time a word', live(end_time='tomorrow'), 'end_time'),
    WriteRuleCase('end before start', live(start_time=at(2), end_time=at(1)), 'end_time'),
    WriteRuleCase('end equals start', live(start_time=at(2), end_time=at(2)), 'end_time'),
    WriteRuleCase('end in the past', live(start_time=at(-2), end_time=at(-1)), 'end_time'),
    WriteRuleCase('window over 7 days', live(start_time=at(1), end_time=at(2 + 7 * 24)), 'end_time'),
    WriteRuleCase('vod_loop_time 0', vod(vod_loop_time='0'), 'vod_loop_time'),
    WriteRuleCase('vod_loop_time -2', vod(vod_loop_time='-2'), 'vod_loop_time'),
    WriteRuleCase('vod_loop_time a word', vod(vod_loop_time='forever'), 'vod_loop_time'),
    WriteRuleCase('vod_loop_time with a leading zero', vod(vod_loop_time='03'), 'vod_loop_time'),
    WriteRuleCase('vod_loop_time with a sign', vod(vod_loop_time='+3'), 'vod_loop_time'),
    WriteRuleCase('vod_loop_time with a newline', vod(vod_loop_time='3\n'), 'vod_loop_time'),
    WriteRuleCase('vod_loop_time over nine digits', vod(vod_loop_time='1000000000'), 'vod_loop_time'),
    WriteRuleCase('vod_refresh_type other than immediate_new_source', vod(vod_refresh_type='continue_from_file_start'), 'vod_refresh_type'),
    WriteRuleCase('unknown vod_refresh_type', vod(vod_refresh_type='later'), 'vod_refresh_type'),
    WriteRuleCase('start index past the list', vod(vod_start_video_index=2), 'vod_start_video_index'),
    WriteRuleCase('negative start index', vod(vod_start_video_index=-1), 'vod_start_video_index'),
    WriteRuleCase('start index over 8192', vod(source_urls=['https://vod.example.com/%d.mp4' % index for index in range(8194)],
                                               vod_start_video_index=8193), 'vod_start_video_index'),
    WriteRuleCase('negative start second', vod(vod_start_video_time=-1), 'vod_start_video_time'),
    WriteRuleCase('start second too big', vod(vod_start_video_time=2100000001), 'vod_start_video_time'),
    WriteRuleCase('31 backup URLs', vod(backup_source_urls=['rtmp://b.example.com/live/%d' % index for index in range(31)]),
                  'backup_source_urls'),
    WriteRuleCase('blank backup URL', vod(backup_source_urls=['rtmp://b.example.com/live/1', '']), 'backup_source_urls'),
    WriteRuleCase('backup_source_type other than live', vod(backup_source_type=VOD_SOURCE), 'backup_source_type'),
    WriteRuleCase('unknown callback event', live(callback_events=['TaskStart', 'Nope']), 'callback_events'),
    WriteRuleCase('VOD callback event on a live task', live(callback_events=['VodSourceFileFinish']), 'callback_events'),
    WriteRuleCase('unknown region', live(region='eu-west-0'), 'region'),
] + [WriteRuleCase('%s on a live task' % name, live(**{name: value}), name)
     for name, value in (('vod_loop_time', '3'), ('vod_refresh_type', 'continue_from_file_start'), ('vod_start_video_index', 1),
                         ('vod_start_video_time', 5), ('backup_source_type', LIVE_SOURCE),
                         ('backup_source_urls', ['rtmp://b.example.com/live/1']))]

MODIFY_CASES = [
    WriteRuleCase('new live source', {'source_urls': ['rtmp://origin2.example.com/live/news']}, current=LISTED_LIVE),
    WriteRuleCase('new window', {'start_time': at(1), 'end_time': at(48)}, current=LISTED_LIVE),
    WriteRuleCase('callbacks of a finished task', {'callback_events': ['TaskExit']}, current=FINISHED_LIVE),
    WriteRuleCase('vod files and how they switch', {'source_urls': ['https://vod.example.com/c.mp4', 'https://vod.example.com/d.mp4'],
                                                    'vod_refresh_type': 'continue_from_break_point'}, current=LISTED_VOD),
    WriteRuleCase('vod rounds', {'vod_loop_time': '5'}, current=LISTED_VOD),

    WriteRuleCase('two URLs for a live task', {'source_urls': ['rtmp://a.example.com/1', 'rtmp://a.example.com/2']}, 'source_urls',
                  current=LISTED_LIVE),
    WriteRuleCase('no live URL', {'source_urls': []}, 'source_urls', current=LISTED_LIVE),
    WriteRuleCase('blank live URL', {'source_urls': [' ']}, 'source_urls', current=LISTED_LIVE),
    WriteRuleCase('vod_loop_time on a live task', {'vod_loop_time': '3'}, 'vod_loop_time', current=LISTED_LIVE),
    WriteRuleCase('VOD callback event on a live task', {'callback_events': ['ResetTaskConfig']}, 'callback_events', current=LISTED_LIVE),
    WriteRuleCase('start_time a word', {'start_time': 'now'}, 'start_time', current=LISTED_LIVE),
    WriteRuleCase('end in the past', {'end_time': at(-0.5)}, 'end_time', current=LISTED_LIVE),
    WriteRuleCase('end over 7 days after the listed start', {'end_time': at(7 * 24)}, 'end_time', current=LISTED_LIVE),
    WriteRuleCase('start after the listed end', {'start_time': at(25)}, 'end_time', current=LISTED_LIVE),
    WriteRuleCase('new start of a finished task', {'start_time': at(-30)}, 'end_time', current=FINISHED_LIVE),
    WriteRuleCase('fewer files than the listed start index', {'source_urls': ['https://vod.example.com/a.mp4']}, 'vod_start_video_index',
                  current=LISTED_VOD),
    WriteRuleCase('start index past the list', {'vod_start_video_index': 2}, 'vod_start_video_index', current=LISTED_VOD),
    WriteRuleCase('start second too big', {'vod_start_video_time': 2100000001}, 'vod_start_video_time', current=LISTED_VOD),
    WriteRuleCase('unknown vod_refresh_type', {'vod_refresh_type': 'sometime'}, 'vod_refresh_type', current=LISTED_VOD),
    WriteRuleCase('vod_loop_time 0', {'vod_loop_time': '0'}, 'vod_loop_time', current=LISTED_VOD),
    WriteRuleCase('vod_loop_time -2', {'vod_loop_time': '-2'}, 'vod_loop_time', current=LISTED_VOD),
    WriteRuleCase('unknown callback event', {'callback_events': ['TaskExit', 'Bogus']}, 'callback_events', current=LISTED_VOD),
]

CASES = CREATE_CASES + MODIFY_CASES
