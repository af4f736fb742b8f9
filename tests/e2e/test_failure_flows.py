"""Failures a user meets, through pyexasol against the running stand-in: each ends in the documented
E-SME error, shows no secret, and leaves nothing half-recorded (no job row, no endpoint row, no UDF)."""
from __future__ import annotations

from typing import Iterator

import pytest

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.local.aws_standin import AwsStandin
from exasol_sagemaker_extension.names import quote_identifier, quote_literal
from tests.e2e.helpers import (
    BUCKET, DATA_SCHEMA, OUTPUT_PATH, REGION, SME_SCHEMA, Extension, autopilot_fails, aws_checking_credentials,
    aws_client, endpoint_names, object_keys, training_parameters,
)

FAILED_JOB = "churn-doomed-1"
FAILURE_REASON = "ClientError: The training data has too few rows for the target column Churned."


def sme_error(code: int) -> str:
    return f"E-SME-{code}: "


@pytest.fixture(scope="module")
def failed_job(extension: Extension) -> str:
    """A job Autopilot started and then failed."""
    assert extension.train(FAILED_JOB) == [(FAILED_JOB,)]
    autopilot_fails(FAILED_JOB, FAILURE_REASON)
    return FAILED_JOB


@pytest.fixture(scope="module")
def issued_access_key(aws: AwsStandin) -> str:
    """The id of an access key the AWS stand-in's IAM issued to a user."""
    iam = aws_client(aws, "iam")
    iam.create_user(UserName="sme-trainer")
    return iam.create_access_key(UserName="sme-trainer")["AccessKey"]["AccessKeyId"]


@pytest.fixture
def connection_with_refused_credentials(request: pytest.FixtureRequest, extension: Extension,
                                        issued_access_key: str) -> Iterator[tuple[str, str]]:
    """A connection whose key pair AWS refuses: ``(connection name, the secret in it)``."""
    secret = "Wrong-Secret-5b1e-never-show"
    key_id = {"a secret that does not belong to the key": issued_access_key,
              "a key AWS never issued": "AKIANEVERISSUED00000"}[request.param]
    name = "REFUSED_CONN"
    extension.execute(f"CREATE OR REPLACE CONNECTION {quote_identifier(name)} "
                      f"TO {quote_literal(f'https://{BUCKET}.s3.{REGION}.amazonaws.com/')} "
                      f"USER {quote_literal(key_id)} IDENTIFIED BY {quote_literal(secret)}")
    yield name, secret
    extension.execute(f"DROP CONNECTION {quote_identifier(name)}")


REFUSED_CREDENTIALS = ["a secret that does not belong to the key", "a key AWS never issued"]


def recorded(extension: Extension, aws: AwsStandin) -> dict[str, list]:
    """Everything a flow can leave behind: metadata rows, scripts, exported files, AWS resources."""
    sagemaker = aws_client(aws, "sagemaker")
    return {
        "job rows": extension.job_rows(),
        "endpoint rows": extension.rows(f'SELECT * FROM "{SME_SCHEMA}"."SME_METADATA_AUTOPILOT_ENDPOINTS"'),
        "scripts": extension.rows("SELECT SCRIPT_SCHEMA, SCRIPT_NAME FROM SYS.EXA_ALL_SCRIPTS"),
        "exported files": object_keys(aws, f"{OUTPUT_PATH}/"),
        "autopilot jobs": [job["AutoMLJobName"] for job in sagemaker.list_auto_ml_jobs()["AutoMLJobSummaries"]],
        **endpoint_names(aws),
    }


# -- training ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("parameter", [
    '{"job_name": "churn-bad-json", ',
    "job_name=churn-bad-json",
    '["churn-bad-json"]',
])
def test_training_with_malformed_json_fails_with_e_sme_1_and_records_nothing(
        extension: Extension, aws: AwsStandin, parameter: str) -> None:
    before = recorded(extension, aws)
    message = extension.error(extension.train_sql(parameter))
    assert sme_error(error_codes.INVALID_JSON) in message
    assert recorded(extension, aws) == before


def test_training_on_an_unknown_table_fails_with_e_sme_30_and_records_nothing(
        extension: Extension, aws: AwsStandin) -> None:
    before = recorded(extension, aws)
    parameters = training_parameters("churn-no-table", input_table_or_view_name="Customer Datta")
    message = extension.error(extension.train_sql(parameters))
    assert sme_error(error_codes.TABLE_NOT_FOUND) in message and "Customer Datta" in message
    assert recorded(extension, aws) == before


@pytest.mark.parametrize("connection_with_refused_credentials", REFUSED_CREDENTIALS, indirect=True)
def test_training_with_credentials_aws_refuses_fails_at_the_export_with_e_sme_35_and_no_secret(
        extension: Extension, aws: AwsStandin, connection_with_refused_credentials: tuple[str, str]) -> None:
    connection, secret = connection_with_refused_credentials
    before = recorded(extension, aws)
    parameters = training_parameters("churn-refused", aws_credentials_connection_name=connection)
    with aws_checking_credentials():
        message = extension.error(extension.train_sql(parameters))
    assert sme_error(error_codes.EXPORT_FAILED) in message
    assert secret not in message
    assert recorded(extension, aws) == before


@pytest.mark.parametrize("connection_with_refused_credentials", REFUSED_CREDENTIALS, indirect=True)
def test_polling_with_credentials_aws_refuses_fails_with_e_sme_52_and_no_secret(
        extension: Extension, connection_with_refused_credentials: tuple[str, str]) -> None:
    connection, secret = connection_with_refused_credentials
    with aws_checking_credentials():
        message = extension.error(extension.poll_sql("churn-any", connection=connection))
    assert sme_error(error_codes.AWS_ACCESS_DENIED) in message
    assert secret not in message


# -- a job that fails ----------------------------------------------------------------------------------

def test_polling_a_failed_job_reports_failed(extension: Extension, failed_job: str) -> None:
    assert extension.poll(failed_job) == [("Failed", "Failed")]


def test_polling_a_failed_job_shows_autopilots_reason_as_output(extension: Extension, failed_job: str) -> None:
    assert extension.poll_output(failed_job) == [f"Failure reason: {FAILURE_REASON}"]


def test_deploying_a_failed_job_fails_with_e_sme_61_and_the_reason_and_creates_nothing(
        extension: Extension, aws: AwsStandin, failed_job: str) -> None:
    before = recorded(extension, aws)
    message = extension.error(extension.deploy_sql(failed_job, "churn-doomed-ep"))
    assert sme_error(error_codes.JOB_FAILED) in message and FAILURE_REASON in message
    assert recorded(extension, aws) == before


# -- a prediction UDF that outlived its endpoint -------------------------------------------------------

@pytest.mark.parametrize("kept_by", ["a copy in another schema", "recreating it by hand"])
def test_predicting_after_the_endpoint_was_deleted_fails_with_e_sme_70(
        extension: Extension, completed_job: str, kept_by: str) -> None:
    endpoint = {"a copy in another schema": "churn-gone-1", "recreating it by hand": "churn-gone-2"}[kept_by]
    extension.deploy(completed_job, endpoint)
    text = extension.script_text(DATA_SCHEMA, endpoint)
    schema = DATA_SCHEMA
    if kept_by == "a copy in another schema":
        schema = "COPIES"
        extension.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        extension.execute(text.replace(f'"{DATA_SCHEMA}"."{endpoint}"', f'"{schema}"."{endpoint}"', 1))
    extension.delete(endpoint)
    if kept_by == "recreating it by hand":
        extension.execute(text)
    message = extension.error(extension.predict_sql(endpoint, schema=schema))
    assert sme_error(error_codes.ENDPOINT_NOT_FOUND) in message
    assert f"endpoint {endpoint} does not exist" in message
    extension.execute(f'DROP SCRIPT "{schema}"."{endpoint}"')
