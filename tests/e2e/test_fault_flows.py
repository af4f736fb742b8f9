"""Faults between the database and AWS, through SQL on the local stand-in: a batch the endpoint rejects
aborts the whole statement (INSERT ... SELECT writes nothing), a Failed endpoint shows AWS's reason, and
a deployment that lost its connection records nothing and succeeds when run again.

A faulty proxy on 127.0.0.1 sits between the UDFs (which run in this process) and AWS: botocore is pointed
at it with ``AWS_ENDPOINT_URL_SAGEMAKER`` / ``AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME``.
"""
from __future__ import annotations

import re
from typing import Iterator

import pytest

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.local.aws_standin import AwsStandin
from tests.e2e.helpers import DATA_SCHEMA, FEATURES, TABLE, Extension, endpoint_names, qualified
from tests.integration.faults.faulty_proxy import CONNECTION_LOST, Fault, FaultPlan, FaultyProxy
from tests.integration.prediction.fake_endpoint import FakeRuntimeServer

BIG = "Big Customers"
BIG_COPIES = 10  # the six customer rows, ten times over
SCORES = "Scores"
MODEL_ERROR = Fault(424, "ModelError", "Received client error (400) from primary with message \"bad row\".")


def always_churns(fields: list) -> tuple:
    return "1", 0.875


@pytest.fixture(scope="module")
def runtime_server() -> Iterator[FakeRuntimeServer]:
    server = FakeRuntimeServer().start()
    yield server
    server.stop()


@pytest.fixture
def runtime_proxy(runtime_server: FakeRuntimeServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[FaultyProxy]:
    proxy = FaultyProxy(runtime_server.url).start()
    monkeypatch.setenv("AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME", proxy.url)
    yield proxy
    proxy.stop()


@pytest.fixture
def sagemaker_proxy(aws: AwsStandin, monkeypatch: pytest.MonkeyPatch) -> Iterator[FaultyProxy]:
    proxy = FaultyProxy(aws.endpoint_url).start()
    monkeypatch.setenv("AWS_ENDPOINT_URL_SAGEMAKER", proxy.url)
    yield proxy
    proxy.stop()


@pytest.fixture(scope="module")
def scoring(extension: Extension, completed_job: str, runtime_server: FakeRuntimeServer) -> str:
    """A deployed endpoint whose UDF sends at most 200 bytes per request, a 60-row table and an empty
    result table; returns the prediction UDF as SQL text."""
    endpoint = "churn-scoring-ep"
    extension.deploy(completed_job, endpoint)
    runtime_server.runtime.serve(endpoint, always_churns)
    text = extension.script_text(DATA_SCHEMA, endpoint)
    if "max_payload_bytes=" in text:
        small_batches = re.sub(r"max_payload_bytes=\d+", "max_payload_bytes=200", text)
    else:
        small_batches = text.replace("problem_type='BinaryClassification')",
                                     "problem_type='BinaryClassification', max_payload_bytes=200)")
    assert small_batches != text
    extension.execute(small_batches)
    extension.execute(f"CREATE TABLE {qualified(DATA_SCHEMA, BIG)} LIKE {qualified(DATA_SCHEMA, TABLE)}")
    for _ in range(BIG_COPIES):
        extension.execute(f"INSERT INTO {qualified(DATA_SCHEMA, BIG)} SELECT * FROM {qualified(DATA_SCHEMA, TABLE)}")
    extension.execute(f"CREATE TABLE {qualified(DATA_SCHEMA, SCORES)} (\"Age\" DECIMAL(3,0), \"select\" VARCHAR(40), "
                      "\"Monthly Fee\" DOUBLE, PROBABILITY DOUBLE, PREDICTIONS BOOLEAN)")
    return qualified(DATA_SCHEMA, endpoint)


def answered(plan: FaultPlan, operation: str) -> bool:
    """Whether AWS has answered a request of ``operation`` (through the proxy) with success."""
    return any(request.operation == operation and request.status == 200 for request in plan.requests)


def insert_scores(udf: str, group_by: str = "") -> str:
    arguments = ", ".join(qualified(DATA_SCHEMA, name).split(".")[1] for name in FEATURES)
    return (f"INSERT INTO {qualified(DATA_SCHEMA, SCORES)} SELECT {udf}({arguments}) FROM {qualified(DATA_SCHEMA, BIG)}"
            + (f" GROUP BY {group_by}" if group_by else ""))


def score_rows(extension: Extension) -> int:
    return extension.rows(f"SELECT COUNT(*) FROM {qualified(DATA_SCHEMA, SCORES)}")[0][0]


def test_scoring_the_big_table_takes_several_requests_and_fills_the_result_table(
        extension: Extension, scoring: str, runtime_proxy: FaultyProxy) -> None:
    extension.execute(f"TRUNCATE TABLE {qualified(DATA_SCHEMA, SCORES)}")
    extension.execute(insert_scores(scoring))
    assert score_rows(extension) == 6 * BIG_COPIES
    assert len(runtime_proxy.plan.requests) >= 4
    extension.execute(f"TRUNCATE TABLE {qualified(DATA_SCHEMA, SCORES)}")


@pytest.mark.parametrize("group_by", ["", "IPROC()"])
def test_a_batch_the_endpoint_rejects_aborts_the_insert_and_writes_no_row(
        extension: Extension, scoring: str, runtime_proxy: FaultyProxy, group_by: str) -> None:
    runtime_proxy.plan.fail_when(lambda request: len(runtime_proxy.plan.requests) == 3, MODEL_ERROR)
    message = extension.error(insert_scores(scoring, group_by))
    assert f"E-SME-{error_codes.INVOCATION_FAILED}: invoking endpoint churn-scoring-ep failed (batch " in message
    assert " of the group) with ModelError: " in message and "bad row" in message
    assert [status for status in (request.status for request in runtime_proxy.plan.requests)].count(200) >= 2
    assert score_rows(extension) == 0


def test_a_failed_endpoint_shows_awss_reason_and_leaves_nothing(
        extension: Extension, completed_job: str, aws: AwsStandin, sagemaker_proxy: FaultyProxy) -> None:
    endpoint = "churn-failing-ep"
    reason = "The account-level service limit 'ml.m5.large for endpoint usage' is 0 Instances."
    plan = sagemaker_proxy.plan
    plan.fail_when(lambda request: request.operation == "DescribeEndpoint" and answered(plan, "CreateEndpoint"), Fault(body={
        "EndpointName": endpoint, "EndpointArn": f"arn:aws:sagemaker:eu-west-1:123456789012:endpoint/{endpoint}",
        "EndpointConfigName": endpoint, "EndpointStatus": "Failed", "FailureReason": reason,
        "CreationTime": 1.7e9, "LastModifiedTime": 1.7e9}), forever=True)
    message = extension.error(extension.deploy_sql(completed_job, endpoint))
    assert f"E-SME-{error_codes.ENDPOINT_FAILED}: endpoint {endpoint} ended in status Failed: {reason}" in message
    assert extension.endpoint_rows(endpoint) == []
    assert endpoint not in [row[0] for row in extension.scripts(DATA_SCHEMA)]
    assert all(endpoint not in names for names in endpoint_names(aws).values())


def test_a_deployment_that_lost_its_connection_records_nothing_and_succeeds_when_run_again(
        extension: Extension, completed_job: str, aws: AwsStandin, sagemaker_proxy: FaultyProxy) -> None:
    endpoint = "churn-interrupted-ep"
    plan = sagemaker_proxy.plan
    plan.fail_when(lambda request: answered(plan, "CreateEndpointConfig"), CONNECTION_LOST, forever=True)
    message = extension.error(extension.deploy_sql(completed_job, endpoint))
    assert "sagemaker:CreateEndpoint failed" in message and "could not remove" in message
    assert extension.endpoint_rows(endpoint) == []
    assert endpoint not in [row[0] for row in extension.scripts(DATA_SCHEMA)]
    assert endpoint_names(aws)["models"].count(endpoint) == 1  # what the lost connection left behind

    plan.heal()
    assert extension.deploy(completed_job, endpoint)[0][:2] == (endpoint, "InService")
    assert extension.endpoint_rows(endpoint) == [(endpoint, completed_job, DATA_SCHEMA, "BinaryClassification",
                                                  "DEPLOYED")]
    assert endpoint in [row[0] for row in extension.scripts(DATA_SCHEMA)]
    assert {kind: names.count(endpoint) for kind, names in endpoint_names(aws).items()} == {
        "models": 1, "endpoint configs": 1, "endpoints": 1}
