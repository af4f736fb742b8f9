"""Fixtures for the scripting layer's tests: a database with the handlers installed, the AWS stand-in,
and a probe module through which UDF code reports what happened inside it."""
from __future__ import annotations

import sys
import types
from dataclasses import dataclass
from typing import Any, Iterator

import boto3
import pytest

from exasol_sagemaker_extension.local.aws_standin import AwsStandin, start_aws_standin
from exasol_sagemaker_extension.local.engine import LocalDatabase, LocalSqlError, Result, Session
from exasol_sagemaker_extension.local.handlers import install_handlers

REGION = "eu-west-1"
PYTHON3_SME = ("PYTHON3=builtin_python3 PYTHON3_SME=localzmq+protobuf:///bfsdefault/default/slc/"
               "sme?lang=python#buckets/bfsdefault/default/slc/sme/exaudf/exaudfclient_py3")


@dataclass
class ScriptingDb:
    """A LocalDatabase with the scripting handlers, one open session and a schema ``S``."""

    db: LocalDatabase
    session: Session

    def run(self, sql: str) -> Result:
        """Execute one statement."""
        return self.db.execute(self.session, sql)

    def rows(self, sql: str) -> list[tuple]:
        """The rows of a query."""
        return self.run(sql).rows

    def value(self, sql: str) -> Any:
        """The only value of a one-row, one-column query."""
        rows = self.rows(sql)
        assert len(rows) == 1 and len(rows[0]) == 1, rows
        return rows[0][0]

    def error(self, sql: str) -> LocalSqlError:
        """The error a statement fails with."""
        with pytest.raises(LocalSqlError) as caught:
            self.run(sql)
        return caught.value

    def output(self, body: str, name: str = "PROBE") -> list[str]:
        """Create a Lua script from ``body`` and return its ``output()`` lines."""
        self.run(f"CREATE OR REPLACE LUA SCRIPT S.{name}() AS\n{body}")
        return [row[0] for row in self.rows(f"EXECUTE SCRIPT S.{name}() WITH OUTPUT")]


@pytest.fixture
def scripting_db() -> Iterator[ScriptingDb]:
    """A fresh database with the scripting layer, schema S opened, PYTHON3_SME defined."""
    db = LocalDatabase(nproc=2)
    install_handlers(db)
    session = db.open_session("SYS")
    database = ScriptingDb(db, session)
    database.run("CREATE SCHEMA S")
    database.run(f"ALTER SESSION SET SCRIPT_LANGUAGES = '{PYTHON3_SME}'")
    yield database
    db.close_session(session)
    db.close()


@pytest.fixture
def udf_probe(monkeypatch: pytest.MonkeyPatch) -> types.SimpleNamespace:
    """A module ``udf_probe`` that UDF code can import to record events (``udf_probe.events``)."""
    module = types.ModuleType("udf_probe")
    module.events = []  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "udf_probe", module)
    return module  # type: ignore[return-value]


@pytest.fixture(scope="module")
def aws_server() -> Iterator[AwsStandin]:
    """One moto server per test module."""
    server = start_aws_standin()
    yield server
    server.stop()


@pytest.fixture
def aws(aws_server: AwsStandin, monkeypatch: pytest.MonkeyPatch) -> Iterator[AwsStandin]:
    """The stand-in, emptied, with botocore pointed at it through AWS_ENDPOINT_URL."""
    aws_server.reset()
    monkeypatch.setenv("AWS_ENDPOINT_URL", aws_server.endpoint_url)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    yield aws_server


def s3_client(aws: AwsStandin) -> Any:
    """A boto3 S3 client of the stand-in for checking what was written."""
    return boto3.client("s3", region_name=REGION, endpoint_url=aws.endpoint_url,
                        aws_access_key_id="checker", aws_secret_access_key="checker-secret")


def create_bucket(aws: AwsStandin, bucket: str) -> Any:
    """Create a bucket in REGION; returns the checking client."""
    client = s3_client(aws)
    client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    return client


@pytest.fixture
def exa_connection(database: LocalDatabase, connection: Any) -> Any:
    """A pyexasol connection (TLS) to a served database with the scripting layer, schema S open,
    PYTHON3_SME defined. Uses the ``database`` and ``connection`` fixtures of ``conftest.py``."""
    install_handlers(database)
    connection.execute("CREATE SCHEMA S")
    connection.execute(f"ALTER SESSION SET SCRIPT_LANGUAGES = '{PYTHON3_SME}'")
    return connection
