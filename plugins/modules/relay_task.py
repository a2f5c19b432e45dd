#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: relay_task
short_description: Create, change, pause, enable and delete a Huawei Cloud Live relay task
version_added: 0.1.0
description:
  - Makes one relay task (pull-stream task) match the options. Idempotent; a second identical run sends no write.
  - "A field the API lists as an empty string, V(0), an empty list or null, or at its default (O(vod_loop_time=-1),
    O(vod_start_video_index=0), O(vod_start_video_time=0), O(vod_refresh_type=immediate_new_source)), is not set; an
    option given such a value asks for the same state as leaving it out. A task copied from a listing changes nothing."
  - "A task is found by O(task_id) or, when that is not given, by its ingest target: O(destination_url), or
    O(domain) + O(app_name) + O(stream_name). A play can so create a task once, and change or delete a task it knows
    only by its target. Two tasks with the same target are an error naming both."
  - Fields the API can change in place (O(source_urls), O(start_time), O(end_time), O(callback_events), the C(vod_*)
    options and O(status)) are changed with one modify request. Any other field cannot be changed; a difference there
    fails naming the field, unless O(recreate=true), which deletes the task and creates it again. Switching between
    O(destination_url) and O(domain) + O(app_name) + O(stream_name) is such a change; the other form is left out of
    the new task.
  - The API's rules are checked before any write is sent, and before any request at all where the options alone
    break them; a violation fails naming the option.
  - Every create, modify, pause and enable is read back and compared with what was asked. A write the API accepted
    but did not apply fails naming the fields, the request id and the way forward.
  - "A recreate never loses the task: when the create fails after the delete (refused, or the connection dropped and
    no task with the new target is listed), the old task is created again from its listed fields (and paused again if
    it was paused). The failure then says C(the old task was restored as <task_id>) (also returned as
    RV(restored_task_id)), or, when that create fails too, C(the old task was lost) with its full listed definition in
    RV(lost_task); the message names the request id of the delete, the failed create and the restore."
  - "Modify of a V(PullLivePushLive) task: what is known and what is assumed. The vendor SDK describes its modify call
    as taking effect only for tasks whose source_type is V(PullVodPushLive); it does not say whether a modify of a
    V(PullLivePushLive) task, a pause or enable included, is refused or accepted and ignored. The module does not
    guess: it sends the modify for both types and reads the task back, assuming only that the listing shows a write
    once the API has answered it. If the change was not applied, it fails naming the fields, or, with
    O(recreate=true), deletes the task and creates it with the asked values (its task_id changes). A pause the API
    does not apply cannot be made by a create either; the failure says so. The bundled simulator runs the module's
    tests both ways (C(--live-modify applied) and C(ignored))."
  - O(push_args), O(destination_url) and the query string of every URL can carry stream keys. Diffs and error messages
    show them as C(<redacted>) unless O(show_sensitive=true). The returned RV(relay_task) holds them as data.
author:
  - hwcloud.live contributors (!UNKNOWN)
requirements:
  - requests
extends_documentation_fragment:
  - hwcloud.live.connection.modules
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details: Nothing is sent but reads; the result shows what would change and the task as it would be listed.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: full
    details: Before and after of every field that changes.
options:
  state:
    description: Whether the task should exist.
    type: str
    choices: [present, absent]
    default: present
  status:
    description:
      - V(paused) pauses the task (the listing shows it as C(suspend)); V(enabled) resumes it. Not set leaves it as it is.
    type: str
    choices: [enabled, paused]
  task_id:
    description: The task to manage. Without it, the task is found by its ingest target.
    type: str
  task_region:
    description:
      - The task's execution region (the API's C(region) field), for example V(cn-north-4). On create it defaults to
        the account's home region and must match the origin region of O(domain). Also narrows the search for the task.
      - Not to be confused with O(region), which picks the API endpoint.
    type: str
  source_type:
    description: V(PullLivePushLive) pulls one live stream; V(PullVodPushLive) plays a list of files into a live stream.
    type: str
    choices: [PullLivePushLive, PullVodPushLive]
  source_urls:
    description: Source URLs; exactly one for V(PullLivePushLive), one or more files for V(PullVodPushLive).
    type: list
    elements: str
  domain:
    description: Ingest domain to push to (1 to 255 characters).
    type: str
  app_name:
    description: Application name (1 to 128 characters).
    type: str
  stream_name:
    description: Stream name (1 to 512 characters).
    type: str
  push_args:
    description: Stream push parameters; often carry auth keys, so never shown in diffs or errors unless O(show_sensitive=true).
    type: str
  destination_url:
    description: Complete target URL (up to 2048 characters), instead of O(domain), O(app_name) and O(stream_name).
    type: str
  start_time:
    description: Start time, C(2006-01-02T15:04:05Z); the API starts a new task now when it is not set.
    type: str
  end_time:
    description: End time, C(2006-01-02T15:04:05Z); after O(start_time), in the future, at most 7 days after the start.
    type: str
  vod_loop_time:
    description: V(PullVodPushLive) only. V(-1) loops the list until O(end_time); V(N) plays it N rounds.
    type: str
  vod_refresh_type:
    description:
      - V(PullVodPushLive) only. How a change of the file list takes effect; only V(immediate_new_source) on create.
        Sent along with a change; never a reason for one.
      - An empty string, as a listing shows an unset field, means the same as leaving the option out.
    type: str
    choices: ['', immediate_new_source, continue_from_file_start, continue_from_break_point]
  vod_start_video_index:
    description: V(PullVodPushLive) only. Index in O(source_urls) of the file to start with.
    type: int
  vod_start_video_time:
    description: V(PullVodPushLive) only. Second of that file to start at.
    type: int
  backup_source_type:
    description:
      - V(PullVodPushLive) only. Type of the standby source.
      - An empty string, as a listing shows an unset field, means the same as leaving the option out.
    type: str
    choices: ['', PullLivePushLive]
  backup_source_urls:
    description: V(PullVodPushLive) only. Standby source URLs, at most 30.
    type: list
    elements: str
  callback_events:
    description:
      - Events to call back for; empty means all. V(TaskStart), V(TaskExit), V(TaskAlarm), and for V(PullVodPushLive)
        only V(VodSourceFileStart), V(VodSourceFileFinish), V(ResetTaskConfig). Compared in any order.
    type: list
    elements: str
  callback_url:
    description: Callback URL.
    type: str
  recreate:
    description:
      - Delete and create the task again when a field that cannot be changed in place differs, or when the API
        accepted a modify but did not apply it (see the description).
      - The new task's create is checked against the API's rules before the delete; if the create still fails, the
        old task is created again.
    type: bool
    default: false
  show_sensitive:
    description: Show O(push_args), O(destination_url) and URL query strings in diffs and error messages.
    type: bool
    default: false
'''

EXAMPLES = r'''
# Against the bundled simulator: python tests/simulator/live_simulator.py --port 18080
- name: A live relay task, created once, found by its target afterwards
  hwcloud.live.relay_task:
    endpoint: http://127.0.0.1:18080
    project_id: 0b2c9d0e4f6a4b7c8d9e0f1a2b3c4d5e
    auth_token: sim-token
    source_type: PullLivePushLive
    source_urls: [rtmp://origin.example.com/live/news]
    domain: publish.example.com
    app_name: live
    stream_name: news-relay
    callback_url: https://hooks.example.com/live
    callback_events: [TaskStart, TaskExit, TaskAlarm]
  register: news

- name: Pause it (found by its target), showing the change with --diff
  hwcloud.live.relay_task:
    endpoint: http://127.0.0.1:18080
    project_id: 0b2c9d0e4f6a4b7c8d9e0f1a2b3c4d5e
    auth_token: sim-token
    domain: publish.example.com
    app_name: live
    stream_name: news-relay
    status: paused

- name: Connection set once for every module of the collection
  module_defaults:
    group/hwcloud.live.live:
      endpoint: http://127.0.0.1:18080
      project_id: 0b2c9d0e4f6a4b7c8d9e0f1a2b3c4d5e
      auth_token: sim-token
  block:
    - name: Point it at another source and enable it again
      hwcloud.live.relay_task:
        task_id: "{{ news.relay_task.task_id }}"
        source_urls: [rtmp://backup-origin.example.com/live/news]
        status: enabled

    - name: Move it to another ingest domain (cannot change in place, so delete and create)
      hwcloud.live.relay_task:
        task_id: "{{ news.relay_task.task_id }}"
        domain: publish2.example.com
        recreate: true
      register: moved

    - name: Delete it
      hwcloud.live.relay_task:
        task_id: "{{ moved.relay_task.task_id }}"
        state: absent
'''

RETURN = r'''
relay_task:
  description:
    - The task as the API lists it after the change (every field, absent ones null); in check mode, as it would be
      (fields the API decides, such as a new task_id, are null). Empty after a delete.
  returned: always
  type: dict
  sample:
    task_id: 7864b3dc-e92f-42db-a754-08e627b6d8dd
    status: suspend
    region: cn-north-4
    source_type: PullLivePushLive
    source_urls: [rtmp://origin.example.com/live/news]
action:
  description: What was done, or would be in check mode. V(create), V(update), V(recreate), V(delete) or V(none).
  returned: always
  type: str
  sample: update
recreated:
  description: Whether the task was deleted and created again (O(recreate=true)); its task_id then changed.
  returned: always
  type: bool
  sample: false
request_ids:
  description: The API request ids of the requests made, for support cases.
  returned: always
  type: list
  elements: str
restored_task_id:
  description:
    - When a recreate's create failed after the delete and the old task was created again, the old task's new task_id.
      The module fails then; its message names the request ids of the delete, the failed create and the restore.
  returned: failure of a recreate whose create failed, when the old task was restored
  type: str
  sample: 5b0e2a41-8c6d-4f3a-9a7e-2d1c0b9f8e7d
lost_task:
  description:
    - When a recreate's create failed after the delete and creating the old task again failed too, the old task as it
      was listed (every field, absent ones null), to create it again by hand. It holds O(push_args) and
      O(destination_url) as data, unredacted.
  returned: failure of a recreate when the old task could not be restored
  type: dict
  sample:
    task_id: 7864b3dc-e92f-42db-a754-08e627b6d8dd
    source_type: PullLivePushLive
    source_urls: [rtmp://origin.example.com/live/news]
    domain: publish.example.com
    app_name: live
    stream_name: news-relay
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.hwcloud.live.plugins.module_utils.live_module import client_from_module, live_argument_spec, run_or_fail
from ansible_collections.hwcloud.live.plugins.module_utils.relay_task_change import RelayTaskChange, TASK_OPTIONS


def main():
    module = AnsibleModule(
        argument_spec=live_argument_spec(**TASK_OPTIONS),
        supports_check_mode=True,
    )
    change = RelayTaskChange(module.params)

    def apply():
        client = client_from_module(module)
        try:
            return change.apply(client, check_mode=module.check_mode) + (client.request_ids,)
        finally:
            client.close()

    plan, task, request_ids = run_or_fail(module, apply, redact=change.redact_error)
    result = dict(changed=plan.changed, relay_task=task, action=plan.action, recreated=plan.action == 'recreate',
                  request_ids=request_ids)
    if module._diff and plan.changed:
        result['diff'] = change.diff(plan)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
