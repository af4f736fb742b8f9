"""Fixtures for the scripting layer's tests, loaded with ``pytest_plugins`` by the test modules.

A database with the handlers installed, the AWS stand-in, and a probe module through which UDF code
reports what happened inside it.
"""
from __future__ import annotations

import sys
import types
from typing import Any, Iterator

import pytest

from exasol_sagemaker_extension.local.aws_standin import AwsStandin, start_aws_standin
from exasol_sagemaker_extension.local.engine import LocalDatabase
from exasol_sagemaker_extension.local.handlers import install_handlers
from tests.local.scripting_helpers import PYTHON3_SME, ScriptingDb


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


@pytest.fixture
def exa_connection(database: LocalDatabase, connection: Any) -> Any:
    """conftest's pyexasol ``connection`` to its ``database``, with the scripting layer, schema S, PYTHON3_SME."""
    install_handlers(database)
    connection.execute("CREATE SCHEMA S")
    connection.execute(f"ALTER SESSION SET SCRIPT_LANGUAGES = '{PYTHON3_SME}'")
    return connection
