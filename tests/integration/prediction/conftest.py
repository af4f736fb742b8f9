"""Fixtures for running the prediction UDF through Exasol's UDF mock against a local HTTP endpoint."""
from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Callable, Optional, Sequence

import pytest
from exasol_udf_mock_python.column import Column
from exasol_udf_mock_python.connection import Connection
from exasol_udf_mock_python.group import Group
from exasol_udf_mock_python.mock_exa_environment import MockExaEnvironment
from exasol_udf_mock_python.mock_meta_data import MockMetaData
from exasol_udf_mock_python.udf_mock_executor import UDFMockExecutor

from exasol_sagemaker_extension.names import CLASSIFICATION_PROBLEM_TYPES
from exasol_sagemaker_extension.prediction_csv import parse_sql_type
from tests.integration.prediction.fake_endpoint import FakeRuntimeServer
from tests.integration.prediction.udf_wrapper import udf_wrapper

SECRET = "SME-SECRET-MARKER-d41d8cd98f00b204"
ACCESS_KEY_ID = "AKIAEXAMPLEPREDICT"
CONNECTION_NAME = "AWS_CONN"
REGION = "eu-central-1"
UDF_SCHEMA = "SCORING"

_PYTHON_TYPES = {"DOUBLE": float, "VARCHAR": str, "CHAR": str, "BOOLEAN": bool,
                 "DATE": datetime.date, "TIMESTAMP": datetime.datetime}


def column(name: str, sql_type: str) -> Column:
    """A mock column with the Python type Exasol hands a UDF for this SQL type."""
    parsed = parse_sql_type(sql_type)
    if parsed.kind == "DECIMAL":
        python_type = int if parsed.is_integer else Decimal
    else:
        python_type = _PYTHON_TYPES.get(parsed.kind, str)
    return Column(name, python_type, sql_type)


def prediction_exa(inputs: Sequence[tuple], problem_type: Optional[str], target: str = "DOUBLE",
                   endpoint: str = "test-endpoint", connections: Optional[dict] = None,
                   output_columns: Optional[list] = None, **udf_options: Any) -> MockExaEnvironment:
    """The ``exa`` of a generated prediction UDF for ``endpoint`` with these inputs and target type."""
    input_columns = [column(name, sql_type) for name, sql_type in inputs]
    if output_columns is None:
        classification = problem_type in CLASSIFICATION_PROBLEM_TYPES
        tail = [Column("PROBABILITY", float, "DOUBLE")] if classification else []
        output_columns = input_columns + tail + [column("PREDICTIONS", target)]
    meta = MockMetaData(
        script_code_wrapper_function=udf_wrapper,
        input_type="SET",
        input_columns=input_columns,
        output_type="EMITS",
        output_columns=output_columns,
        script_name=endpoint,
        script_schema=UDF_SCHEMA,
    )
    if connections is None:
        connections = {CONNECTION_NAME: Connection(
            address=f"https://bucket.s3.{REGION}.amazonaws.com/", user=ACCESS_KEY_ID, password=SECRET)}
    exa = MockExaEnvironment(meta, connections=connections)
    exa.prediction_udf_arguments = dict(endpoint_name=endpoint, connection_name=CONNECTION_NAME,
                                        aws_region=REGION, problem_type=problem_type, **udf_options)
    return exa


def run_udf(exa: MockExaEnvironment, groups: Sequence[Sequence[tuple]]) -> list:
    """Run the UDF over the groups (one ``run`` call each); the emitted rows per group."""
    output = UDFMockExecutor().run([Group(list(rows)) for rows in groups], exa)
    return [group.rows for group in output]


@pytest.fixture
def runtime_server(monkeypatch: pytest.MonkeyPatch):
    """A fake SageMaker runtime on 127.0.0.1 that botocore is pointed at; stopped after the test."""
    server = FakeRuntimeServer().start()
    for variable in ("AWS_ENDPOINT_URL", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID",
                     "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_RETRY_MODE", "AWS_MAX_ATTEMPTS"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/aws-config")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME", server.url)
    yield server
    server.stop()


@pytest.fixture
def runtime(runtime_server: FakeRuntimeServer):
    """The endpoints the fake runtime serves and the requests it received."""
    return runtime_server.runtime


@pytest.fixture
def predict(runtime_server: FakeRuntimeServer) -> Callable[..., list]:
    """Run the prediction UDF over groups of rows: ``predict(inputs, groups, problem_type, ...)``."""

    def run(inputs: Sequence[tuple], groups: Sequence[Sequence[tuple]], problem_type: Optional[str],
            **options: Any) -> list:
        return run_udf(prediction_exa(inputs, problem_type, **options), groups)

    return run


def error_texts(error: BaseException) -> str:
    """Everything an error could show: its text, repr, and those of its causes and contexts."""
    parts = []
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        parts += [str(error), repr(error)]
        error = error.__cause__ or error.__context__
    return "\n".join(parts)
