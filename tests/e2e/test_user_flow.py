"""The user's flow through pyexasol against the running stand-in: train, poll, deploy, predict, delete.

The tests of this module share one stand-in. Training, deploying and deleting each happen once, in
module fixtures, and the tests check what each step left behind in the database and in AWS.
"""
from __future__ import annotations

import json
from collections import defaultdict

import pytest

from exasol_sagemaker_extension.local.aws_standin import AwsStandin
from exasol_sagemaker_extension.names import quote_identifier, quote_literal
from tests.e2e.helpers import (
    BUCKET, CONNECTION, DATA_SCHEMA, FEATURES, OUTPUT_PATH, ROLE_ARN, ROWS, SECRET, SME_SCHEMA, TABLE, TARGET,
    Extension, autopilot_completes, aws_client, endpoint_answers, endpoint_names, exported_line, object_keys,
    object_text, qualified,
)

JOB = "churn-1"
ENDPOINT = "churn-ep"
DELETED_ENDPOINT = "churn-ep-old"
HEADER = "Age,select,Monthly Fee,Churned"


@pytest.fixture(scope="module")
def trained(extension: Extension) -> list[tuple]:
    """What the training script returned for JOB."""
    return extension.train(JOB)


@pytest.fixture(scope="module")
def deployed(extension: Extension, completed_job: str) -> list[tuple]:
    """What the deployment script returned for ENDPOINT."""
    return extension.deploy(completed_job, ENDPOINT)


@pytest.fixture(scope="module")
def deleted(extension: Extension, completed_job: str) -> list[tuple]:
    """What the deletion script returned for DELETED_ENDPOINT, deployed just before."""
    extension.deploy(completed_job, DELETED_ENDPOINT)
    return extension.delete(DELETED_ENDPOINT)


def answer_line(row: tuple) -> str:
    """The model's answer for a row: label 1/0 (here: the row's own target) and a probability."""
    age, _, _, churned = row
    return f"{1 if churned else 0},{age / 100}"


def scored(row: tuple) -> tuple:
    """The row the prediction UDF emits for a row: its features, PROBABILITY, PREDICTIONS."""
    age, plan, fee, churned = row
    return (age, plan, fee, age / 100, churned)


# -- training ------------------------------------------------------------------------------------------

def test_training_returns_the_job_name(trained: list[tuple]) -> None:
    assert trained == [(JOB,)]


def test_training_exports_one_csv_file_per_node_slice_into_the_jobs_own_prefix(
        trained: list[tuple], aws: AwsStandin) -> None:
    prefix = f"{OUTPUT_PATH}/{JOB}/training-data/"
    assert object_keys(aws, f"{OUTPUT_PATH}/{JOB}/") == [f"{prefix}part-001.csv", f"{prefix}part-002.csv"]


def test_every_exported_file_starts_with_the_header_and_together_they_hold_every_row(
        trained: list[tuple], aws: AwsStandin) -> None:
    files = [object_text(aws, key).splitlines() for key in object_keys(aws, f"{OUTPUT_PATH}/{JOB}/training-data/")]
    assert [lines[0] for lines in files] == [HEADER, HEADER]
    assert sorted(line for lines in files for line in lines[1:]) == sorted(
        exported_line(row, features) for row, features in ROWS)


def test_training_starts_an_autopilot_job_on_the_exported_prefix(trained: list[tuple], aws: AwsStandin) -> None:
    job = aws_client(aws, "sagemaker").describe_auto_ml_job_v2(AutoMLJobName=JOB)
    assert job["AutoMLJobInputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"] == (
        f"s3://{BUCKET}/{OUTPUT_PATH}/{JOB}/training-data/")
    assert job["OutputDataConfig"]["S3OutputPath"] == f"s3://{BUCKET}/{OUTPUT_PATH}/{JOB}/output"
    assert job["AutoMLProblemTypeConfig"]["TabularJobConfig"] == {
        "TargetAttributeName": TARGET, "ProblemType": "BinaryClassification",
        "CompletionCriteria": {"MaxCandidates": 1}}
    assert job["RoleArn"] == ROLE_ARN


def test_training_records_the_job_with_its_columns_and_without_a_secret(
        trained: list[tuple], extension: Extension) -> None:
    rows = extension.rows(
        'SELECT "JOB_NAME", "AWS_CREDENTIALS_CONNECTION_NAME", "TARGET_ATTRIBUTE_NAME", "PROBLEM_TYPE", '
        '"MAX_CANDIDATES", "COLUMN_NAMES", "COLUMN_TYPES" '
        f'FROM {qualified(SME_SCHEMA, "SME_METADATA_AUTOPILOT_JOBS")} WHERE "JOB_NAME" = {quote_literal(JOB)}')
    assert len(rows) == 1
    job_name, connection, target, problem_type, max_candidates, names, types = rows[0]
    assert (job_name, connection, target, problem_type, int(max_candidates)) == (
        JOB, CONNECTION, TARGET, "BinaryClassification", 1)
    assert json.loads(names) == ["Age", "select", "Monthly Fee", "Churned"]
    assert json.loads(types) == ["DECIMAL(3,0)", "VARCHAR(40) UTF8", "DOUBLE", "BOOLEAN"]
    assert SECRET not in repr(extension.job_rows())


# -- polling -------------------------------------------------------------------------------------------

def test_polling_reports_in_progress_until_autopilot_completes_the_job(extension: Extension) -> None:
    job_name = "churn-poll-1"
    extension.train(job_name)
    assert extension.poll(job_name)[0][0] == "InProgress"
    autopilot_completes(job_name)
    assert extension.poll(job_name) == [("Completed", "Completed")]


# -- deploying -----------------------------------------------------------------------------------------

def test_deploying_returns_the_endpoint_in_service_and_its_prediction_udf(deployed: list[tuple]) -> None:
    assert deployed == [(ENDPOINT, "InService", f'"{DATA_SCHEMA}"."{ENDPOINT}"')]


def test_deploying_creates_model_endpoint_config_and_endpoint_named_like_the_endpoint(
        deployed: list[tuple], aws: AwsStandin) -> None:
    sagemaker = aws_client(aws, "sagemaker")
    assert sagemaker.describe_endpoint(EndpointName=ENDPOINT)["EndpointConfigName"] == ENDPOINT
    variants = sagemaker.describe_endpoint_config(EndpointConfigName=ENDPOINT)["ProductionVariants"]
    assert [(v["ModelName"], v["InstanceType"], v["InitialInstanceCount"]) for v in variants] == [
        (ENDPOINT, "ml.m5.large", 1)]
    assert sagemaker.describe_model(ModelName=ENDPOINT)["ExecutionRoleArn"] == ROLE_ARN


def test_classification_model_containers_answer_with_label_and_probability(
        deployed: list[tuple], aws: AwsStandin) -> None:
    containers = aws_client(aws, "sagemaker").describe_model(ModelName=ENDPOINT)["Containers"]
    assert [c["Environment"]["SAGEMAKER_INFERENCE_OUTPUT"] for c in containers] == [
        "predicted_label,probability"] * 2


def test_deploying_creates_the_prediction_udf_in_the_target_schema(
        deployed: list[tuple], extension: Extension) -> None:
    assert (ENDPOINT, "UDF", "PYTHON3_SME", "SET", "EMITS") in extension.scripts(DATA_SCHEMA)
    text = extension.script_text(DATA_SCHEMA, ENDPOINT)
    assert f"connection_name='{CONNECTION}'" in text and SECRET not in text


def test_deploying_records_the_endpoint_as_deployed(
        deployed: list[tuple], extension: Extension, completed_job: str) -> None:
    assert extension.endpoint_rows(ENDPOINT) == [
        (ENDPOINT, completed_job, DATA_SCHEMA, "BinaryClassification", "DEPLOYED")]


# -- predicting ----------------------------------------------------------------------------------------

def test_prediction_udf_emits_the_inputs_then_a_numeric_probability_and_a_prediction_typed_as_the_target(
        deployed: list[tuple], extension: Extension, aws: AwsStandin) -> None:
    endpoint_answers(aws, ENDPOINT, {
        "\n".join(line for _, line in ROWS): "\n".join(answer_line(row) for row, _ in ROWS)})
    statement = extension.execute(extension.predict_sql(ENDPOINT))
    assert statement.columns() == {
        "Age": {"type": "DECIMAL", "precision": 3, "scale": 0},
        "select": {"type": "VARCHAR", "size": 40, "characterSet": "UTF8"},
        "Monthly Fee": {"type": "DOUBLE"},
        "PROBABILITY": {"type": "DOUBLE"},
        "PREDICTIONS": {"type": "BOOLEAN"},
    }
    assert sorted(statement.fetchall()) == sorted(scored(row) for row, _ in ROWS)


def test_prediction_udf_scores_each_iproc_group_in_its_own_requests(
        deployed: list[tuple], extension: Extension, aws: AwsStandin) -> None:
    names = ", ".join(quote_identifier(name) for name in FEATURES)
    groups: dict[int, list[tuple]] = defaultdict(list)
    lines = {row[0]: (row, line) for row, line in ROWS}
    for iproc, age, *_ in extension.rows(f"SELECT IPROC(), {names} FROM {qualified(DATA_SCHEMA, TABLE)}"):
        groups[iproc].append(lines[age])
    assert len(groups) == 2, "both node slices hold rows"
    endpoint_answers(aws, ENDPOINT, {
        "\n".join(line for _, line in group): "\n".join(answer_line(row) for row, _ in group)
        for group in groups.values()})
    rows = extension.rows(extension.predict_sql(ENDPOINT, group_by="IPROC()"))
    assert sorted(rows) == sorted(scored(row) for row, _ in ROWS)


# -- deleting ------------------------------------------------------------------------------------------

def test_deleting_reports_every_part_it_removed(deleted: list[tuple]) -> None:
    assert deleted == [
        ("ENDPOINT", DELETED_ENDPOINT, "DELETED"),
        ("ENDPOINT_CONFIG", DELETED_ENDPOINT, "DELETED"),
        ("MODEL", DELETED_ENDPOINT, "DELETED"),
        ("PREDICTION_UDF", f'"{DATA_SCHEMA}"."{DELETED_ENDPOINT}"', "DROPPED"),
    ]


def test_deleting_removes_endpoint_config_and_model_from_aws_and_leaves_other_endpoints(
        deleted: list[tuple], deployed: list[tuple], aws: AwsStandin) -> None:
    assert endpoint_names(aws) == {"models": [ENDPOINT], "endpoint configs": [ENDPOINT], "endpoints": [ENDPOINT]}


def test_deleting_drops_the_prediction_udf(deleted: list[tuple], extension: Extension) -> None:
    assert DELETED_ENDPOINT not in [row[0] for row in extension.scripts(DATA_SCHEMA)]


def test_deleting_marks_the_endpoint_deleted(deleted: list[tuple], extension: Extension, completed_job: str) -> None:
    assert extension.endpoint_rows(DELETED_ENDPOINT) == [
        (DELETED_ENDPOINT, completed_job, DATA_SCHEMA, "BinaryClassification", "DELETED")]
