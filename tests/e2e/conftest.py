"""Fixtures of the end-to-end tests: the local Exasol stand-in on 127.0.0.1 with TLS, moto's server as
AWS, the extension installed with the deploy CLI, and the user's data.

Each test module gets its own stand-in and its own (reset) AWS stand-in; tests inside a module share
them and use their own job and endpoint names. The UDFs run inside this process and reach moto through
botocore's ``AWS_ENDPOINT_URL``, set for the module and restored afterwards.
"""
from __future__ import annotations

import ssl
from pathlib import Path
from typing import Any, Callable, Iterator

import pyexasol
import pytest
from click.testing import CliRunner, Result

from exasol_sagemaker_extension.deployment import deploy_cli
from exasol_sagemaker_extension.local import build_database
from exasol_sagemaker_extension.local.aws_standin import AwsStandin, start_aws_standin
from exasol_sagemaker_extension.local.engine import LocalDatabase
from exasol_sagemaker_extension.local.tls import SelfSignedCertificate, make_self_signed_certificate
from exasol_sagemaker_extension.local.ws_server import LocalExasolServer
from exasol_sagemaker_extension.names import quote_identifier, quote_literal
from tests.e2e.helpers import (
    ACCESS_KEY_ID, BUCKET, COLUMNS, CONNECTION, DATA_SCHEMA, NPROC, REGION, ROWS, SCRIPT_LANGUAGES, SECRET,
    SME_SCHEMA, TABLE, Extension, autopilot_completes, aws_client, qualified,
)

DB_USER = "sys"
DB_PASSWORD = "e2e-db-password"
# Variables that would send botocore elsewhere or make it read a profile instead of the connection's keys.
AWS_VARIABLES = ("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_SAGEMAKER", "AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME",
                 "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_IAM", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
                 "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                 "AWS_SESSION_TOKEN")


@pytest.fixture(scope="session")
def certificate() -> SelfSignedCertificate:
    """The stand-in's self-signed certificate (one for the run: making one takes a moment)."""
    return make_self_signed_certificate()


@pytest.fixture(scope="session")
def certificate_file(certificate: SelfSignedCertificate, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The certificate as a PEM file, the CA a client validates the stand-in with."""
    path = tmp_path_factory.mktemp("sme-local-tls") / "stand-in.pem"
    path.write_bytes(certificate.cert_pem)
    return path


@pytest.fixture(scope="module")
def aws() -> Iterator[AwsStandin]:
    """moto's server on 127.0.0.1, emptied, with botocore pointed at it for this module."""
    standin = start_aws_standin()
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("AWS_ENDPOINT_URL", standin.endpoint_url)
            for name in AWS_VARIABLES:
                patch.delenv(name, raising=False)
            standin.reset()
            yield standin
            standin.reset()
    finally:
        standin.stop()


@pytest.fixture(scope="module")
def database() -> Iterator[LocalDatabase]:
    """A fresh stand-in database (scripting, UDFs and EXPORT to S3 included)."""
    db = build_database(nproc=NPROC, users={DB_USER: DB_PASSWORD})
    yield db
    db.close()


@pytest.fixture(scope="module")
def server(database: LocalDatabase, certificate: SelfSignedCertificate) -> Iterator[LocalExasolServer]:
    """The database served with TLS on a free port of 127.0.0.1."""
    standin = LocalExasolServer(database, host="127.0.0.1", port=0, tls=True, certificate=certificate).start()
    yield standin
    standin.stop()


@pytest.fixture(scope="module")
def connect(server: LocalExasolServer, certificate_file: Path) -> Iterator[Callable[..., pyexasol.ExaConnection]]:
    """Open pyexasol connections that validate the stand-in's certificate; all are closed at the end."""
    opened: list[pyexasol.ExaConnection] = []

    def _connect(**options: Any) -> pyexasol.ExaConnection:
        options.setdefault("user", DB_USER)
        options.setdefault("password", DB_PASSWORD)
        options.setdefault("websocket_sslopt", {"cert_reqs": ssl.CERT_REQUIRED, "ca_certs": str(certificate_file)})
        connection = pyexasol.connect(dsn=server.dsn, encryption=True, **options)
        opened.append(connection)
        return connection

    yield _connect
    for connection in opened:
        if not connection.is_closed:
            connection.close()


@pytest.fixture(scope="module")
def connection(connect: Callable[..., pyexasol.ExaConnection]) -> pyexasol.ExaConnection:
    """One pyexasol session of the module."""
    return connect()


@pytest.fixture(scope="module")
def run_deploy_cli(server: LocalExasolServer) -> Callable[..., Result]:
    """Run the deploy CLI against the stand-in (password from DB_PASSWORD, as the user guide shows).

    The stand-in has no BucketFS and runs the UDFs in its own interpreter, so the CLI installs only
    the scripts (``--no-deploy-archive``); the tests define PYTHON3_SME themselves."""

    def _run(*options: str, password: str = DB_PASSWORD, dsn: str | None = None) -> Result:
        arguments = ["--dsn", dsn or server.dsn, "--db-user", DB_USER, "--no-deploy-archive", *options]
        return CliRunner().invoke(deploy_cli.main, arguments, env={"DB_PASSWORD": password})

    return _run


@pytest.fixture(scope="module")
def extension(run_deploy_cli: Callable[..., Result], certificate_file: Path, connection: pyexasol.ExaConnection,
              aws: AwsStandin) -> Extension:
    """The extension installed into SME by the deploy CLI, with everything a user sets up around it:
    the PYTHON3_SME alias, a bucket, the AWS connection and the training table in DATA."""
    installed = run_deploy_cli("--schema", SME_SCHEMA, "--ssl-cert-path", str(certificate_file))
    assert installed.exit_code == 0, installed.output
    connection.execute(f"ALTER SYSTEM SET SCRIPT_LANGUAGES = {quote_literal(SCRIPT_LANGUAGES)}")
    aws_client(aws, "s3").create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    connection.execute(
        f"CREATE OR REPLACE CONNECTION {quote_identifier(CONNECTION)} "
        f"TO {quote_literal(f'https://{BUCKET}.s3.{REGION}.amazonaws.com/')} "
        f"USER {quote_literal(ACCESS_KEY_ID)} IDENTIFIED BY {quote_literal(SECRET)}")
    connection.execute(f"CREATE SCHEMA {quote_identifier(DATA_SCHEMA)}")
    columns = ", ".join(f"{quote_identifier(name)} {sql_type}" for name, sql_type in COLUMNS)
    connection.execute(f"CREATE TABLE {qualified(DATA_SCHEMA, TABLE)} ({columns})")
    for row, _ in ROWS:
        age, plan, fee, churned = row
        connection.execute(f"INSERT INTO {qualified(DATA_SCHEMA, TABLE)} VALUES "
                           f"({age}, {quote_literal(plan)}, {fee!r}, {'TRUE' if churned else 'FALSE'})")
    return Extension(connection)


@pytest.fixture(scope="module")
def completed_job(extension: Extension) -> str:
    """A job trained on the customer table that Autopilot has completed (binary classification)."""
    job_name = "churn-done-1"
    assert extension.train(job_name) == [(job_name,)]
    autopilot_completes(job_name)
    return job_name
