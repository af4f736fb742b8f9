"""Scoring a whole table without an endpoint, through SQL: a model in the local Autopilot's file format is
the job's best candidate; SME_BATCH_PREDICT_WITH_SAGEMAKER_AUTOPILOT exports the table, the local batch
transform scores it, and the predictions land in a new table keyed like the input. A wait that runs out
is resumed by running the script again with the same transform_job_name."""
from __future__ import annotations

import csv
import io
import json

import pytest
from sklearn.linear_model import LogisticRegression

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.local import autopilot, transform
from exasol_sagemaker_extension.local.autopilot.model_artifact import (CATEGORICAL, NUMERIC, Feature, LocalModel,
                                                                       save_model)
from exasol_sagemaker_extension.local.aws_standin import AwsStandin
from tests.e2e.helpers import (BUCKET, CONNECTION, DATA_SCHEMA, OUTPUT_PATH, REGION, ROWS, Extension,
                               autopilot_completes, aws_client, endpoint_names, object_keys, object_text, qualified)
from tests.local.endpoints.models import train

JOB = "churn-batch-1"
FEATURES = (Feature("Age", NUMERIC), Feature("select", CATEGORICAL), Feature("Monthly Fee", NUMERIC))
SCORED_TABLE = "To Score"
KEY = "Customer Id"
SEGMENT = "segment"
# (Customer Id, segment, Age, select, Monthly Fee): a mixed-case key and a key whose values hold commas,
# quotes and spaces, then the training features.
SCORED_ROWS = [(100 + index, f'seg, "{index % 2}"', *row[:3]) for index, (row, _) in enumerate(ROWS)]


@pytest.fixture(scope="module")
def model(extension: Extension, aws: AwsStandin) -> LocalModel:
    """Trained on what the training script exported, made the job's best candidate (a local image)."""
    assert extension.train(JOB) == [(JOB,)]
    exported = [row for key in object_keys(aws, f"{OUTPUT_PATH}/{JOB}/training-data/")
                for row in list(csv.reader(io.StringIO(object_text(aws, key))))[1:]]
    trained = train("BinaryClassification", FEATURES, [row[:-1] for row in exported], [row[-1] for row in exported],
                    LogisticRegression(), classes=("0", "1"))
    key = f"{OUTPUT_PATH}/{JOB}/output/model/model.sme"
    aws_client(aws, "s3").put_object(Bucket=BUCKET, Key=key, Body=save_model(trained))
    autopilot_completes(JOB, containers=[{"Image": autopilot.LOCAL_IMAGE, "ModelDataUrl": f"s3://{BUCKET}/{key}"}])
    return trained


@pytest.fixture(scope="module")
def scored_table(extension: Extension) -> str:
    """The table to score, in DATA."""
    extension.execute(f'CREATE TABLE {qualified(DATA_SCHEMA, SCORED_TABLE)} ("{KEY}" DECIMAL(9,0), '
                      f'"{SEGMENT}" VARCHAR(40), "Age" DECIMAL(3,0), "select" VARCHAR(40), "Monthly Fee" DOUBLE)')
    for row in SCORED_ROWS:
        insert_row(extension, row)
    return SCORED_TABLE


def insert_row(extension: Extension, row: tuple) -> None:
    customer, segment, age, plan, fee = row
    extension.execute(f"INSERT INTO {qualified(DATA_SCHEMA, SCORED_TABLE)} VALUES "
                      f"({customer}, '{segment}', {age}, '{plan.replace(chr(39), chr(39) * 2)}', {fee!r})")


def batch_sql(extension: Extension, output_table: str, **overrides) -> str:
    parameters = {"job_name": JOB, "aws_credentials_connection_name": CONNECTION, "aws_region": REGION,
                  "input_schema_name": DATA_SCHEMA, "input_table_or_view_name": SCORED_TABLE,
                  "key_columns": [KEY, SEGMENT], "output_schema_name": DATA_SCHEMA,
                  "output_table_name": output_table}
    parameters.update(overrides)
    return extension.script("SME_BATCH_PREDICT_WITH_SAGEMAKER_AUTOPILOT", json.dumps(parameters))


def expected(model: LocalModel, rows=SCORED_ROWS) -> list[tuple]:
    """(key, segment, probability, prediction) as the endpoint would answer for each row."""
    sent = [[str(age), plan, repr(fee) if fee != int(fee) else str(int(fee))] for _, _, age, plan, fee in rows]
    return [(customer, segment, probability, label == "1")
            for (customer, segment, *_), (label, probability) in zip(rows, model.predict_csv_rows(sent))]


def output_rows(extension: Extension, table: str) -> list[tuple]:
    return sorted(extension.rows(f'SELECT "{KEY}", "{SEGMENT}", "PROBABILITY", "PREDICTIONS" FROM '
                                 f"{qualified(DATA_SCHEMA, table)}"))


@pytest.fixture(scope="module")
def batch_scored(extension: Extension, model: LocalModel, scored_table: str) -> list[tuple]:
    """What the script returned for a run into the table "Churn Scores"."""
    return extension.rows(batch_sql(extension, "Churn Scores", transform_job_name="churn-batch-run-1"))


def test_batch_prediction_returns_the_transform_job_the_table_and_the_rows_loaded(batch_scored: list[tuple]) -> None:
    assert batch_scored == [("churn-batch-run-1", f'"{DATA_SCHEMA}"."Churn Scores"', len(SCORED_ROWS))]


def test_the_output_table_has_every_key_once_with_the_endpoints_prediction(
        batch_scored: list[tuple], extension: Extension, model: LocalModel) -> None:
    rows = output_rows(extension, "Churn Scores")
    assert [row[:2] for row in rows] == sorted(row[:2] for row in expected(model))
    for row, wanted in zip(rows, sorted(expected(model))):
        assert row[3] == wanted[3]
        assert row[2] == pytest.approx(wanted[2])


def test_the_output_table_has_keys_typed_like_the_input_then_probability_and_predictions(
        batch_scored: list[tuple], extension: Extension) -> None:
    columns = extension.rows("SELECT COLUMN_NAME, COLUMN_TYPE FROM SYS.EXA_ALL_COLUMNS WHERE COLUMN_SCHEMA = "
                             f"'{DATA_SCHEMA}' AND COLUMN_TABLE = 'Churn Scores' ORDER BY COLUMN_ORDINAL_POSITION")
    assert columns == [(KEY, "DECIMAL(9,0)"), (SEGMENT, "VARCHAR(40) UTF8"), ("PROBABILITY", "DOUBLE"),
                       ("PREDICTIONS", "BOOLEAN")]


def test_no_model_or_endpoint_is_left_and_the_run_is_recorded_loaded(
        batch_scored: list[tuple], extension: Extension, aws: AwsStandin) -> None:
    assert "churn-batch-run-1" not in endpoint_names(aws)["models"]
    assert endpoint_names(aws)["endpoints"] == []
    assert extension.rows('SELECT "STATUS", "ROWS_LOADED", "KEY_COLUMNS" FROM "SME"."SME_METADATA_BATCH_TRANSFORM_JOBS" '
                          "WHERE \"TRANSFORM_JOB_NAME\" = 'churn-batch-run-1'") == [
        ("LOADED", len(SCORED_ROWS), json.dumps([KEY, SEGMENT], separators=(",", ":")))]


def test_the_transform_job_is_tagged_with_schema_user_and_job(batch_scored: list[tuple], aws: AwsStandin) -> None:
    sagemaker = aws_client(aws, "sagemaker")
    arn = sagemaker.describe_transform_job(TransformJobName="churn-batch-run-1")["TransformJobArn"]
    tags = {tag["Key"]: tag["Value"] for tag in sagemaker.list_tags(ResourceArn=arn)["Tags"]}
    assert tags["exasol-sme:job"] == JOB and tags["exasol-sme:schema"] == "SME"


def test_an_existing_output_table_is_refused_unless_replace_is_asked(
        batch_scored: list[tuple], extension: Extension, model: LocalModel) -> None:
    message = extension.error(batch_sql(extension, "Churn Scores"))
    assert f"E-SME-{error_codes.OUTPUT_TABLE_EXISTS}:" in message
    replaced = extension.rows(batch_sql(extension, "Churn Scores", replace_output_table=True))
    assert replaced[0][2] == len(SCORED_ROWS)
    assert len(output_rows(extension, "Churn Scores")) == len(SCORED_ROWS)


def test_a_run_whose_wait_ran_out_resumes_without_exporting_again(
        extension: Extension, model: LocalModel, scored_table: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(transform.MIN_SECONDS_VARIABLE, "4")
    statement = batch_sql(extension, "RESUMED_SCORES", transform_job_name="churn-batch-resume",
                          max_wait_in_seconds=1)
    message = extension.error(statement)
    assert f"E-SME-{error_codes.TRANSFORM_WAIT_TIMEOUT}: transform job churn-batch-resume was still InProgress" \
        in message
    assert '"transform_job_name": "churn-batch-resume"' in message
    assert extension.rows("SELECT COUNT(*) FROM SYS.EXA_ALL_TABLES WHERE TABLE_NAME = 'RESUMED_SCORES'") == [(0,)]
    late_row = (999, "late", 40, "basic", 10.0)
    insert_row(extension, late_row)  # a new export would score it
    try:
        resumed = extension.rows(batch_sql(extension, "resumed_scores", transform_job_name="churn-batch-resume",
                                           max_wait_in_seconds=60))
    finally:
        extension.execute(f'DELETE FROM {qualified(DATA_SCHEMA, SCORED_TABLE)} WHERE "{KEY}" = 999')
    assert resumed == [("churn-batch-resume", f'"{DATA_SCHEMA}"."RESUMED_SCORES"', len(SCORED_ROWS))]
    assert [row[:2] for row in output_rows(extension, "RESUMED_SCORES")] == sorted(
        row[:2] for row in expected(model))


def test_a_finished_transform_job_name_cannot_be_run_again(
        batch_scored: list[tuple], extension: Extension) -> None:
    message = extension.error(batch_sql(extension, "OTHER_SCORES", transform_job_name="churn-batch-run-1"))
    assert f"E-SME-{error_codes.TRANSFORM_JOB_NAME_IN_USE}:" in message
