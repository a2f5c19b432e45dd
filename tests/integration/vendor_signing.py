"""Requests signed by the vendor SDK's own Signer, for checking the simulator's AK/SK verification."""

from urllib.parse import urlparse

import pytest

try:
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.sdk_request import SdkRequest
    from huaweicloudsdkcore.signer.signer import Signer
    HAS_SIGNER = True
except ImportError:
    HAS_SIGNER = False

needs_signer = pytest.mark.skipif(not HAS_SIGNER, reason="huaweicloudsdkcore is not installed")


def signed_get(sim, web, query, access_key=None, secret_key=None, headers=None, path=None, after_sign=None):
    """Sign a GET with the vendor's Signer (X-Sdk-Date from this machine's clock), then send it with requests."""
    request = SdkRequest(method="GET", schema="http", host=urlparse(sim.url).netloc,
                         resource_path=path or "/v1/%s/pull/stream/task" % sim.project_id, query_params=list(query),
                         header_params=dict({"Content-Type": "application/json"}, **(headers or {})), body="")
    Signer(BasicCredentials(access_key or sim.access_key, secret_key or sim.secret_key, sim.project_id)).sign(request)
    request.header_params.update(after_sign or {})
    return web.get(sim.url + request.uri, headers=request.header_params, timeout=10)
