"""The whole flow on the local runtime with its own Autopilot and endpoints: nothing is poked by hand.

For each problem type the extension trains on a table, the local Autopilot infers the problem type
and trains real models, an endpoint is deployed, the held-out rows are predicted with SQL, and the
predictions must beat a stated floor before the endpoint is deleted again.
"""
from __future__ import annotations

import pytest

from exasol_sagemaker_extension.local import demo
from exasol_sagemaker_extension.local.runtime import LocalRuntime
from exasol_sagemaker_extension.names import quote_identifier, quote_literal

# floors on the held-out fifth of each data set (the models reach clearly more)
CASES = [
    pytest.param(demo.breast_cancer, "BinaryClassification", 0.90, id="binary-breast-cancer"),
    pytest.param(demo.digits, "MulticlassClassification", 0.85, id="multiclass-digits"),
    pytest.param(demo.friedman, "Regression", 0.60, id="regression-friedman"),
]


@pytest.fixture(scope="module")
def runtime():
    with LocalRuntime() as started:
        yield started


@pytest.fixture(scope="module")
def prepared(runtime):
    """The extension installed, the bucket and the connection created, once for the module."""
    lines: list[str] = []
    demo.Demo(runtime, say=lines.append).install()
    connection = runtime.connect()
    session = demo.Demo(runtime, say=lines.append)
    session.connection = connection
    session.create_aws_connection()
    connection.close()
    return runtime


@pytest.mark.parametrize("dataset, problem_type, floor", CASES)
def test_training_to_deletion_predicts_held_out_rows_above_the_floor(prepared, dataset, problem_type, floor):
    data = dataset()
    lines: list[str] = []
    session = demo.Demo(prepared, dataset=data, say=lines.append, prepare=False)
    result = session.run()
    assert result.job_status == "Completed"
    assert result.predicted_rows == len(data.rows[::demo.HOLDOUT_EVERY])
    assert result.quality >= floor, "\n".join(lines)

    sagemaker = demo.aws_client("sagemaker")
    job = sagemaker.describe_auto_ml_job_v2(AutoMLJobName=session.job_name)
    resolved = job["ResolvedAttributes"]["AutoMLProblemTypeResolvedAttributes"]["TabularResolvedAttributes"]
    assert resolved["ProblemType"] == problem_type
    assert session.endpoint_name not in [ep["EndpointName"] for ep in sagemaker.list_endpoints()["Endpoints"]]

    connection = prepared.connect()
    try:
        remaining = connection.execute(
            "SELECT SCRIPT_NAME FROM SYS.EXA_ALL_SCRIPTS WHERE SCRIPT_SCHEMA = "
            f"{quote_literal(demo.DATA_SCHEMA)} AND SCRIPT_NAME = {quote_literal(session.endpoint_name)}").fetchall()
        status = connection.execute(
            f'SELECT "STATUS" FROM {quote_identifier(demo.SME_SCHEMA)}."SME_METADATA_AUTOPILOT_ENDPOINTS" '
            f'WHERE "ENDPOINT_NAME" = {quote_literal(session.endpoint_name)}').fetchall()
    finally:
        connection.close()
    assert remaining == []
    assert status == [("DELETED",)]
