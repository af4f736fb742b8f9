"""AWS credentials taken from an Exasol CONNECTION, and AWS SDK clients built from them.

A session is built per caller from the given credentials; nothing is read from or written to the
process-wide environment, except that botocore itself honours ``AWS_ENDPOINT_URL`` (and the
per-service ``AWS_ENDPOINT_URL_<SERVICE>``) which is how tests and the local runtime redirect calls.

Clients come from botocore's session, the one boto3's ``Session.client`` wraps: the UDFs need nothing
else of boto3, whose import adds s3transfer and resources (40-80 ms at every UDF start).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

import botocore.session
from botocore.config import Config

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.errors import ConnectionObjectError
from exasol_sagemaker_extension.log_redaction import protect_secrets

DEFAULT_MAX_ATTEMPTS = 5
SESSION_TOKEN_KEY = "session_token"


@dataclass(frozen=True)
class AwsCredentials:
    """An access key pair and an optional session token; ``repr`` never shows the secret parts."""

    access_key_id: str
    secret_access_key: str = field(repr=False)
    session_token: Optional[str] = field(default=None, repr=False)


def parse_connection_credentials(connection_name: str, user: Optional[str],
                                 password: Optional[str]) -> AwsCredentials:
    """Build credentials from a CONNECTION's USER and IDENTIFIED BY parts.

    IDENTIFIED BY holds the secret key, optionally followed by ``;key=value`` parameters as Exasol's
    S3 EXPORT reads them (``sse_type``, ``kms_key_id``, ...). A ``session_token=<token>`` parameter
    gives temporary credentials; the other parameters are ignored here.
    """
    if not user or not password:
        raise ConnectionObjectError(
            error_codes.CONNECTION_NOT_USABLE,
            f"connection {connection_name} has no access key id (USER) or no secret key "
            "(IDENTIFIED BY)",
            f"Recreate it: CREATE OR REPLACE CONNECTION {connection_name} TO "
            "'https://<bucket>.s3.<region>.amazonaws.com/' USER '<access key id>' "
            "IDENTIFIED BY '<secret key>'.")
    secret, _, parameter_text = password.partition(";")
    parameters = {}
    for item in filter(None, parameter_text.split(";")):
        key, _, value = item.partition("=")
        parameters[key.strip().lower()] = value.strip()
    if not secret:
        raise ConnectionObjectError(
            error_codes.CONNECTION_NOT_USABLE,
            f"connection {connection_name} has an empty secret key",
            "Put the secret access key first in IDENTIFIED BY.")
    return AwsCredentials(user, secret, parameters.get(SESSION_TOKEN_KEY) or None)


def build_aws_session(credentials: AwsCredentials, region: str) -> botocore.session.Session:
    """A botocore session for exactly these credentials and region."""
    session = botocore.session.Session()
    session.set_credentials(credentials.access_key_id, credentials.secret_access_key,
                            credentials.session_token)
    session.set_config_variable("region", region)
    return session


def build_client_config(max_attempts: int = DEFAULT_MAX_ATTEMPTS, **overrides: Any) -> Config:
    """botocore configuration: standard retry mode (throttling and 5xx are retried with backoff)."""
    return Config(retries={"mode": "standard", "max_attempts": max_attempts}, **overrides)


def build_client(service: str, credentials: AwsCredentials, region: str,
                 max_attempts: int = DEFAULT_MAX_ATTEMPTS, **config_overrides: Any) -> Any:
    """A client of ``service`` with the extension's retry configuration; its secrets are kept out of
    the AWS libraries' log records (see ``log_redaction``)."""
    protect_secrets(credentials.secret_access_key, credentials.session_token)
    session = build_aws_session(credentials, region)
    return session.create_client(service, region_name=region,
                                 config=build_client_config(max_attempts, **config_overrides))
