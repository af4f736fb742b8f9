"""Deployment choices and endpoints of one's own, through SQL on the local runtime, where the local Autopilot
trains real candidates and local endpoints really predict: deploy the second-ranked candidate by name,
deploy serverless and predict, and generate a prediction UDF for an endpoint created directly with boto3,
which SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT then refuses to delete."""
from __future__ import annotations

import json
import time
from typing import Any

import pytest

from exasol_sagemaker_extension import error_codes, names
from exasol_sagemaker_extension.local import demo
from exasol_sagemaker_extension.local.runtime import LocalRuntime
from exasol_sagemaker_extension.names import quote_identifier, quote_literal
from exasol_sagemaker_extension.resource_tags import TAG_JOB

FLOOR = 0.85  # accuracy on the held-out rows; the local candidates reach clearly more
BYO_ENDPOINT = "their-own-ep"


@pytest.fixture(scope="module")
def runtime():
    with LocalRuntime() as started:
        yield started


@pytest.fixture(scope="module")
def session(runtime: LocalRuntime):
    """The extension installed, breast-cancer data loaded, a job with several candidates Completed."""
    lines: list[str] = []
    demo.Demo(runtime, say=lines.append).install()
    trained = demo.Demo(runtime, dataset=demo.breast_cancer(), say=lines.append, prepare=False)
    trained.connection = runtime.connect()
    trained.load_tables()
    trained.create_aws_connection()
    trained.train()
    assert trained.poll() == "Completed", "\n".join(lines)
    yield trained
    trained.connection.close()


def rows(session: demo.Demo, sql: str) -> list[tuple]:
    return session.connection.execute(sql).fetchall()


def script(name: str, parameters: dict) -> str:
    return (f"EXECUTE SCRIPT {quote_identifier(demo.SME_SCHEMA)}.{name}"
            f"({quote_literal(json.dumps(parameters))})")


def deploy_options(session: demo.Demo, endpoint: str, **choices: Any) -> dict:
    return {"job_name": session.job_name, "endpoint_name": endpoint, "schema_name": demo.DATA_SCHEMA,
            "aws_credentials_connection_name": demo.CONNECTION, "aws_region": demo.REGION, **choices}


def predict_holdout(session: demo.Demo, udf_name: str) -> list[tuple]:
    arguments = ", ".join(quote_identifier(name) for name in session.dataset.features)
    table = f"{quote_identifier(demo.DATA_SCHEMA)}.{quote_identifier(session.dataset.table + '_HOLDOUT')}"
    return rows(session, f"SELECT {quote_identifier(demo.DATA_SCHEMA)}.{quote_identifier(udf_name)}({arguments})"
                         f" FROM {table} GROUP BY IPROC()")


def accuracy(session: demo.Demo, predicted: list[tuple], label_index: int) -> float:
    width = len(session.dataset.features)
    truth = {row[:-1]: row[-1] for index, row in enumerate(session.dataset.rows) if not index % demo.HOLDOUT_EVERY}
    return demo.rate("accuracy", [(truth[tuple(row[:width])], row[label_index]) for row in predicted])


def ranked_candidates(session: demo.Demo) -> list[dict]:
    """The job's completed candidates, best objective value first (F1: higher is better)."""
    return demo.aws_client("sagemaker").list_candidates_for_auto_ml_job(
        AutoMLJobName=session.job_name, StatusEquals="Completed", SortBy="FinalObjectiveMetricValue",
        SortOrder="Descending", MaxResults=100)["Candidates"]


def test_the_second_ranked_candidate_is_deployed_when_named(session: demo.Demo) -> None:
    candidates = ranked_candidates(session)
    assert len(candidates) >= 2
    second = candidates[1]["CandidateName"]
    endpoint = session.job_name + "-second"
    result = rows(session, script("SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT_WITH_OPTIONS", deploy_options(
        session, endpoint, instance_type="ml.m5.large", instance_count=1, candidate_name=second)))
    assert result == [(endpoint, "InService", f'"{demo.DATA_SCHEMA}"."{endpoint}"', second)]
    sagemaker = demo.aws_client("sagemaker")
    model = sagemaker.describe_model(ModelName=endpoint)
    assert [c["ModelDataUrl"] for c in model["Containers"]] == [
        c["ModelDataUrl"] for c in candidates[1]["InferenceContainers"]]
    assert model["Containers"][-1]["ModelDataUrl"] != candidates[0]["InferenceContainers"][-1]["ModelDataUrl"]
    tags = {tag["Key"]: tag["Value"] for tag in sagemaker.list_tags(ResourceArn=model["ModelArn"])["Tags"]}
    assert tags[TAG_JOB] == session.job_name
    recorded = rows(session, f'SELECT "CANDIDATE_NAME" FROM "{demo.SME_SCHEMA}"."SME_METADATA_AUTOPILOT_ENDPOINTS"'
                             f' WHERE "ENDPOINT_NAME" = {quote_literal(endpoint)}')
    assert recorded == [(second,)]
    assert accuracy(session, predict_holdout(session, endpoint), -1) >= FLOOR


def test_a_serverless_endpoint_predicts_with_batches_under_its_limit(session: demo.Demo) -> None:
    endpoint = session.job_name + "-sl"
    result = rows(session, script("SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT_WITH_OPTIONS", deploy_options(
        session, endpoint, serverless_memory_size_in_mb=2048, serverless_max_concurrency=5)))
    assert result[0][:2] == (endpoint, "InService")
    config = demo.aws_client("sagemaker").describe_endpoint_config(EndpointConfigName=endpoint)
    assert config["ProductionVariants"][0]["ServerlessConfig"] == {"MemorySizeInMB": 2048, "MaxConcurrency": 5}
    text = rows(session, "SELECT SCRIPT_TEXT FROM SYS.EXA_ALL_SCRIPTS WHERE SCRIPT_SCHEMA = "
                         f"{quote_literal(demo.DATA_SCHEMA)} AND SCRIPT_NAME = {quote_literal(endpoint)}")[0][0]
    assert f"max_payload_bytes={names.SERVERLESS_MAX_PAYLOAD_BYTES})" in text
    recorded = rows(session, 'SELECT "INSTANCE_TYPE", "INSTANCE_COUNT", "SERVERLESS_MEMORY_SIZE_IN_MB",'
                             f' "SERVERLESS_MAX_CONCURRENCY" FROM "{demo.SME_SCHEMA}"."SME_METADATA_AUTOPILOT_ENDPOINTS"'
                             f' WHERE "ENDPOINT_NAME" = {quote_literal(endpoint)}')
    assert [tuple(None if v is None else int(v) if not isinstance(v, str) else v for v in row)
            for row in recorded] == [(None, None, 2048, 5)]
    predicted = predict_holdout(session, endpoint)
    assert len(predicted) == len(session.dataset.rows[::demo.HOLDOUT_EVERY])
    assert accuracy(session, predicted, -1) >= FLOOR


@pytest.fixture(scope="module")
def their_endpoint(session: demo.Demo) -> str:
    """An endpoint created directly with boto3 (no extension, no tags) serving the best candidate."""
    sagemaker = demo.aws_client("sagemaker")
    best = sagemaker.describe_auto_ml_job_v2(AutoMLJobName=session.job_name)["BestCandidate"]
    containers = [{key: c[key] for key in ("Image", "ModelDataUrl") if key in c}
                  | {"Environment": {**c.get("Environment", {}),
                                     "SAGEMAKER_INFERENCE_OUTPUT": "predicted_label,probability"}}
                  for c in best["InferenceContainers"]]
    sagemaker.create_model(ModelName="their-model", ExecutionRoleArn=demo.ROLE, Containers=containers)
    sagemaker.create_endpoint_config(EndpointConfigName="their-config", ProductionVariants=[{
        "VariantName": "main", "ModelName": "their-model", "InstanceType": "ml.m5.large",
        "InitialInstanceCount": 1}])
    sagemaker.create_endpoint(EndpointName=BYO_ENDPOINT, EndpointConfigName="their-config")
    deadline = time.monotonic() + 30
    while sagemaker.describe_endpoint(EndpointName=BYO_ENDPOINT)["EndpointStatus"] != "InService":
        assert time.monotonic() < deadline
        time.sleep(0.2)
    return BYO_ENDPOINT


def test_a_generated_udf_predicts_with_an_endpoint_the_extension_did_not_create(
        session: demo.Demo, their_endpoint: str) -> None:
    parameters = {"endpoint_name": their_endpoint, "schema_name": demo.DATA_SCHEMA, "udf_name": "Their Scores",
                  "aws_credentials_connection_name": demo.CONNECTION, "aws_region": demo.REGION,
                  "input_columns": [{"name": name, "type": "DOUBLE"} for name in session.dataset.features],
                  "output_columns": [{"name": "LABEL", "type": "VARCHAR(40)"}, {"name": "CONFIDENCE", "type": "DOUBLE"}]}
    result = rows(session, script("SME_CREATE_SAGEMAKER_PREDICTION_UDF", parameters))
    assert [tuple(row[:3]) for row in result] == [(f'"{demo.DATA_SCHEMA}"."Their Scores"', their_endpoint, "InService")]
    assert int(result[0][3]) == names.REALTIME_MAX_PAYLOAD_BYTES
    predicted = predict_holdout(session, "Their Scores")
    width = len(session.dataset.features)
    assert {row[width] for row in predicted} <= {"benign", "malignant"}
    assert all(isinstance(row[width + 1], float) and 0.0 <= row[width + 1] <= 1.0 for row in predicted)
    assert accuracy(session, predicted, width) >= FLOOR
    recorded = rows(session, 'SELECT "UDF_SCHEMA_NAME", "UDF_NAME", "ENDPOINT_NAME" FROM '
                             f'"{demo.SME_SCHEMA}"."SME_METADATA_PREDICTION_UDFS"')
    assert recorded == [(demo.DATA_SCHEMA, "Their Scores", their_endpoint)]


def test_deleting_an_endpoint_the_extension_did_not_create_is_refused(session: demo.Demo, their_endpoint: str) -> None:
    rows(session, script("SME_CREATE_SAGEMAKER_PREDICTION_UDF", {
        "endpoint_name": their_endpoint, "schema_name": demo.DATA_SCHEMA, "udf_name": "Their Second UDF",
        "aws_credentials_connection_name": demo.CONNECTION, "aws_region": demo.REGION,
        "input_columns": [{"name": "X", "type": "DOUBLE"}], "output_columns": [{"name": "Y", "type": "DOUBLE"}]}))
    with pytest.raises(Exception) as raised:
        rows(session, f"EXECUTE SCRIPT {quote_identifier(demo.SME_SCHEMA)}.SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT("
                      f"{quote_literal(their_endpoint)}, {quote_literal(demo.CONNECTION)}, {quote_literal(demo.REGION)})")
    assert f"E-SME-{error_codes.FOREIGN_ENDPOINT_NOT_DELETED}: endpoint {their_endpoint} was not created" \
        in str(raised.value)
    sagemaker = demo.aws_client("sagemaker")
    assert sagemaker.describe_endpoint(EndpointName=their_endpoint)["EndpointStatus"] == "InService"
    assert sagemaker.describe_model(ModelName="their-model")["ModelName"] == "their-model"
