# -*- coding: utf-8 -*-
# Copyright: hwcloud.live contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection and authentication options shared by every plugin and module of hwcloud.live.

Generated from plugins/module_utils/options.py, where the options are declared once: run
``make doc-fragments`` after changing them; a unit test fails while this text and the tables differ.
"""

from __future__ import annotations


class ModuleDocFragment:
    """C(PLUGINS) carries C(env:) entries for controller plugins; C(MODULES) is its twin for modules' argument specs."""

    PLUGINS = r'''
options:
  endpoint:
    description:
      - "Base URL of the Live API, for example V(https://live.cn-north-4.myhuaweicloud.com) or the URL of the bundled simulator."
      - "When not set it is built from O(region) as C(https://live.<region>.myhuaweicloud.com)."
    type: str
    env:
      - name: HUAWEICLOUD_LIVE_ENDPOINT
  region:
    description:
      - "Region whose Live endpoint (and, for password authentication, IAM endpoint) is used, for example V(cn-north-4)."
      - "It only picks the endpoint, not the regions of the tasks that are read or managed."
    type: str
    env:
      - name: HUAWEICLOUD_SDK_REGION
  project_id:
    description:
      - "ID of the project that owns the relay tasks. Required."
    type: str
    env:
      - name: HUAWEICLOUD_SDK_PROJECT_ID
  auth_token:
    description:
      - "A ready IAM token, sent as C(X-Auth-Token)."
    type: str
    env:
      - name: HUAWEICLOUD_LIVE_AUTH_TOKEN
  username:
    description:
      - "IAM user name for password authentication; the password is exchanged once per run for a project-scoped token."
    type: str
    env:
      - name: ANSIBLE_HWC_USER
  password:
    description:
      - "IAM password for O(username)."
    type: str
    env:
      - name: ANSIBLE_HWC_PASSWORD
  domain_name:
    description:
      - "Name of the account (domain) that O(username) belongs to."
    type: str
    env:
      - name: ANSIBLE_HWC_DOMAIN
  iam_endpoint:
    description:
      - "Base URL of IAM for password authentication. Defaults to C(https://iam.<region>.myhuaweicloud.com)."
    type: str
    env:
      - name: ANSIBLE_HWC_IDENTITY_ENDPOINT
  access_key:
    description:
      - "Access key ID for AK/SK request signing (C(SDK-HMAC-SHA256), as the vendor SDK signs)."
    type: str
    env:
      - name: HUAWEICLOUD_SDK_AK
  secret_key:
    description:
      - "Secret access key for O(access_key)."
    type: str
    env:
      - name: HUAWEICLOUD_SDK_SK
  security_token:
    description:
      - "Security token of temporary AK/SK credentials; sent as a signed C(X-Security-Token) header."
      - "Only with O(access_key) and O(secret_key)."
    type: str
    env:
      - name: HUAWEICLOUD_SDK_SECURITY_TOKEN
  validate_certs:
    description:
      - "Whether to verify the TLS certificates of the endpoints. When V(false), a warning says so."
    type: bool
    default: true
  ca_path:
    description:
      - "A CA bundle file to verify the endpoints' certificates with."
    type: path
  timeout:
    description:
      - "Seconds to wait for a connection or an answer, per request."
    type: float
    default: 30
  retries:
    description:
      - "How many times a request is sent again after a throttled answer (429), a 5xx answer or a network error, with exponential
        backoff and jitter, honouring C(Retry-After). 401 and 403 answers are never retried."
    type: int
    default: 4
notes:
  - "Authentication, one method: O(auth_token); O(access_key) and O(secret_key); O(username), O(password) and O(domain_name).
    Credentials given as options (an inventory file, lookup or module arguments, C(module_defaults)) win over credential
    environment variables; from the environment the chosen method takes only a required option it lacks, never
    O(security_token). Two methods given as options, or two only in the environment, are an error."
  - "Credential values with leading or trailing whitespace or control characters, or non-ASCII characters in a value sent in
    an HTTP header, are refused before any request, naming the option."
  - "No credential, token or signature is ever part of an error message."
'''

    MODULES = r'''
options:
  endpoint:
    description:
      - "Base URL of the Live API, for example V(https://live.cn-north-4.myhuaweicloud.com) or the URL of the bundled simulator."
      - "When not set it is built from O(region) as C(https://live.<region>.myhuaweicloud.com)."
      - "Can also be set with the E(HUAWEICLOUD_LIVE_ENDPOINT) environment variable."
    type: str
  region:
    description:
      - "Region whose Live endpoint (and, for password authentication, IAM endpoint) is used, for example V(cn-north-4)."
      - "It only picks the endpoint, not the regions of the tasks that are read or managed."
      - "Can also be set with the E(HUAWEICLOUD_SDK_REGION) environment variable."
    type: str
  project_id:
    description:
      - "ID of the project that owns the relay tasks. Required."
      - "Can also be set with the E(HUAWEICLOUD_SDK_PROJECT_ID) environment variable."
    type: str
  auth_token:
    description:
      - "A ready IAM token, sent as C(X-Auth-Token)."
      - "Can also be set with the E(HUAWEICLOUD_LIVE_AUTH_TOKEN) environment variable."
    type: str
  username:
    description:
      - "IAM user name for password authentication; the password is exchanged once per run for a project-scoped token."
      - "Can also be set with the E(ANSIBLE_HWC_USER) environment variable."
    type: str
  password:
    description:
      - "IAM password for O(username)."
      - "Can also be set with the E(ANSIBLE_HWC_PASSWORD) environment variable."
    type: str
  domain_name:
    description:
      - "Name of the account (domain) that O(username) belongs to."
      - "Can also be set with the E(ANSIBLE_HWC_DOMAIN) environment variable."
    type: str
  iam_endpoint:
    description:
      - "Base URL of IAM for password authentication. Defaults to C(https://iam.<region>.myhuaweicloud.com)."
      - "Can also be set with the E(ANSIBLE_HWC_IDENTITY_ENDPOINT) environment variable."
    type: str
  access_key:
    description:
      - "Access key ID for AK/SK request signing (C(SDK-HMAC-SHA256), as the vendor SDK signs)."
      - "Can also be set with the E(HUAWEICLOUD_SDK_AK) environment variable."
    type: str
  secret_key:
    description:
      - "Secret access key for O(access_key)."
      - "Can also be set with the E(HUAWEICLOUD_SDK_SK) environment variable."
    type: str
  security_token:
    description:
      - "Security token of temporary AK/SK credentials; sent as a signed C(X-Security-Token) header."
      - "Only with O(access_key) and O(secret_key)."
      - "Can also be set with the E(HUAWEICLOUD_SDK_SECURITY_TOKEN) environment variable."
    type: str
  validate_certs:
    description:
      - "Whether to verify the TLS certificates of the endpoints. When V(false), a warning says so."
    type: bool
    default: true
  ca_path:
    description:
      - "A CA bundle file to verify the endpoints' certificates with."
    type: path
  timeout:
    description:
      - "Seconds to wait for a connection or an answer, per request."
    type: float
    default: 30
  retries:
    description:
      - "How many times a request is sent again after a throttled answer (429), a 5xx answer or a network error, with exponential
        backoff and jitter, honouring C(Retry-After). 401 and 403 answers are never retried."
    type: int
    default: 4
notes:
  - "Authentication, one method: O(auth_token); O(access_key) and O(secret_key); O(username), O(password) and O(domain_name).
    Credentials given as options (an inventory file, lookup or module arguments, C(module_defaults)) win over credential
    environment variables; from the environment the chosen method takes only a required option it lacks, never
    O(security_token). Two methods given as options, or two only in the environment, are an error."
  - "Credential values with leading or trailing whitespace or control characters, or non-ASCII characters in a value sent in
    an HTTP header, are refused before any request, naming the option."
  - "No credential, token or signature is ever part of an error message."
'''
