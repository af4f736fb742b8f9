"""Opt-in tests against a real Exasol database and a real AWS account.

They run only when every variable below is set, and are skipped with the list of missing ones otherwise.
Optional: ``SME_TEST_BUCKETFS_HOST`` (with ``_PORT``, ``_PASSWORD``, ``_HTTPS=on|off``) makes the deploy CLI
also upload and activate the package archive; without it ``PYTHON3_SME`` must already be provided.
They create a schema, a table and a connection in the database and start (and stop) an Autopilot job,
which costs a little money.
"""
from __future__ import annotations

import os
import ssl
import uuid

import pytest

REQUIRED = {
    "SME_TEST_DB_DSN": "host:port of the Exasol database",
    "SME_TEST_DB_USER": "database user with CREATE SCHEMA, CREATE SCRIPT, CREATE CONNECTION",
    "SME_TEST_DB_PASSWORD": "its password",
    "SME_TEST_AWS_ACCESS_KEY_ID": "access key id with the permissions of doc/user_guide.md",
    "SME_TEST_AWS_SECRET_ACCESS_KEY": "its secret",
    "SME_TEST_AWS_REGION": "region, e.g. eu-central-1",
    "SME_TEST_S3_BUCKET": "bucket name in that region",
    "SME_TEST_SAGEMAKER_ROLE": "ARN or name of the SageMaker execution role",
}


def _settings() -> dict[str, str]:
    missing = [name for name in REQUIRED if not os.environ.get(name)]
    if missing:
        pytest.skip("real Exasol/AWS not configured; set " + ", ".join(missing))
    return {name: os.environ[name] for name in REQUIRED}


@pytest.fixture(scope="session")
def settings() -> dict[str, str]:
    return _settings()


@pytest.fixture(scope="session")
def database(settings):
    pyexasol = pytest.importorskip("pyexasol")
    validate = os.environ.get("SME_TEST_DB_CERT_VALIDATION", "on") != "off"
    connection = pyexasol.connect(
        dsn=settings["SME_TEST_DB_DSN"], user=settings["SME_TEST_DB_USER"],
        password=settings["SME_TEST_DB_PASSWORD"], encryption=True,
        websocket_sslopt={"cert_reqs": ssl.CERT_REQUIRED if validate else ssl.CERT_NONE})
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def run_id() -> str:
    return uuid.uuid4().hex[:8]
