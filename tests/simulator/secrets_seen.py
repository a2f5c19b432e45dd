"""Every credential string the simulator knows or has received, for tests that scan output for leaks."""

import re
import threading

_SIGNATURE_PARAM = re.compile(r"Signature=([^,\s]+)")
CREDENTIAL_HEADERS = ("X-Auth-Token", "X-Security-Token")


def authorization_signatures(value):
    """The Signature= values in an Authorization header, whatever the rest of it looks like."""
    return _SIGNATURE_PARAM.findall(value or "")


class SecretsSeen:
    """The configured secrets (kept across resets) and the ones issued or received (cleared by a reset)."""

    def __init__(self, configured):
        self._configured = {value for value in configured if isinstance(value, str) and value}
        self._lock = threading.Lock()
        self._seen = set()

    def add(self, value):
        """Remember one credential string (empty and non-string values are ignored)."""
        if isinstance(value, str) and value:
            with self._lock:
                self._seen.add(value)

    def note_request(self, headers):
        """Remember the X-Auth-Token, X-Security-Token and Authorization Signature= values of a request."""
        for name in CREDENTIAL_HEADERS:
            for value in headers.get_all(name) or ():
                self.add(value.strip())
        for value in headers.get_all("Authorization") or ():
            for signature_value in authorization_signatures(value):
                self.add(signature_value)

    def clear(self):
        """Forget the issued and received secrets; the configured ones stay."""
        with self._lock:
            self._seen = set()

    def all(self):
        """Every known secret, deduplicated, sorted."""
        with self._lock:
            return sorted(self._configured | self._seen)
