# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A scripted stand-in for requests.Session, for unit tests of the client."""

from __future__ import annotations

import json


class FakeAnswer:
    """One HTTP answer: a status, a body (bytes, or data to JSON-encode) and headers."""

    def __init__(self, status, body=b'', headers=None):
        self.status_code = status
        self.content = body if isinstance(body, bytes) else json.dumps(body).encode('utf-8')
        self.headers = headers or {}


class FakeSession:
    """Answers requests from a script: each item is a FakeAnswer or an exception to raise; records what was sent."""

    def __init__(self, script, verify=True):
        self.script = list(script)
        self.sent = []
        self.verify = verify

    def request(self, method, url, **kwargs):
        self.sent.append((method, url, kwargs))
        item = self.script.pop(0)
        if isinstance(item, Exception):
            raise item
        return item

    def close(self):
        pass
