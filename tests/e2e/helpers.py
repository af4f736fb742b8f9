"""What the end-to-end tests share: the user's data, the user's SQL, and moving the AWS stand-in on.

The tests talk to the local Exasol stand-in only through pyexasol and the deploy CLI, as a user would.
What AWS does on its own (Autopilot finishing or failing a job, a model answering, refusing a wrong
key or a missing endpoint) is arranged directly in moto; what a user would look up in the AWS console
is read with boto3.
"""
from __future__ import annotations

import contextlib
import copy
import json
from dataclasses import dataclass
from typing import Any, Iterator, Optional

import boto3
import pyexasol
import pytest
from moto.core import DEFAULT_ACCOUNT_ID, enable_iam_authentication
from moto.sagemaker.models import sagemaker_backends

from exasol_sagemaker_extension.local.aws_standin import AwsStandin
from exasol_sagemaker_extension.names import quote_identifier, quote_literal

REGION = "eu-west-1"
ACCOUNT_ID = DEFAULT_ACCOUNT_ID
BUCKET = "sme-e2e-bucket"
OUTPUT_PATH = "ml/runs"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT_ID}:role/SageMakerAutopilot"
SME_SCHEMA = "SME"
DATA_SCHEMA = "DATA"
TABLE = "Customer Data"
TARGET = "Churned"
CONNECTION = "AWS_CONN"
ACCESS_KEY_ID = "AKIAE2ETESTKEY000001"
SECRET = "E2eSecret-must-never-show-9d2c"
NPROC = 2
# Every alias SCRIPT_LANGUAGES holds by default, plus the extension's; the local runtime runs any alias
# that points at a Python 3 runtime in its own interpreter.
SCRIPT_LANGUAGES = "R=builtin_r JAVA=builtin_java PYTHON3=builtin_python3 PYTHON3_SME=builtin_python3"

# Training table: mixed-case, reserved-word and space-containing column names, the target last.
COLUMNS = (("Age", "DECIMAL(3,0)"), ("select", "VARCHAR(40)"), ("Monthly Fee", "DOUBLE"), (TARGET, "BOOLEAN"))
FEATURES = ("Age", "select", "Monthly Fee")
# (Age, select, Monthly Fee, Churned), and the CSV line the prediction UDF sends for the features
# (the export writes the same line plus the target as 1/0).
ROWS = [
    ((34, "basic", 9.5, True), "34,basic,9.5"),
    ((51, "premium, yearly", 29.0, False), '51,"premium, yearly",29'),
    ((27, 'the "pro" plan', 19.99, True), '27,"the ""pro"" plan",19.99'),
    ((45, "basic", 12.0, False), "45,basic,12"),
    ((62, "premium, yearly", 29.0, False), '62,"premium, yearly",29'),
    ((19, "student", 4.5, True), "19,student,4.5"),
]
INFERENCE_CONTAINERS = [
    {"Image": "763104351884.dkr.ecr.eu-west-1.amazonaws.com/sklearn-automl:2.5",
     "ModelDataUrl": f"s3://{BUCKET}/{OUTPUT_PATH}/model/data-processor.tar.gz",
     "Environment": {"AUTOML_TRANSFORM_MODE": "feature-transform"}},
    {"Image": "763104351884.dkr.ecr.eu-west-1.amazonaws.com/xgboost:1.7",
     "ModelDataUrl": f"s3://{BUCKET}/{OUTPUT_PATH}/model/tuning.tar.gz",
     "Environment": {"MAX_CONTENT_LENGTH": "20971520"}},
]


def exported_line(row: tuple, features_line: str) -> str:
    """The line the training export writes for a row: the features, then the target as 1/0."""
    return f"{features_line},{1 if row[-1] else 0}"


def training_parameters(job_name: str, **overrides: Any) -> dict[str, Any]:
    """The training JSON a user writes; AWS takes a problem type only together with an objective."""
    parameters = {
        "job_name": job_name, "aws_credentials_connection_name": CONNECTION, "aws_region": REGION,
        "iam_sagemaker_role": ROLE_ARN, "s3_bucket_uri": f"s3://{BUCKET}", "s3_output_path": OUTPUT_PATH,
        "input_schema_name": DATA_SCHEMA, "input_table_or_view_name": TABLE, "target_attribute_name": TARGET,
        "problem_type": "BinaryClassification", "objective": "F1", "max_candidates": 1,
    }
    parameters.update(overrides)
    return parameters


def qualified(schema: str, name: str) -> str:
    """``"schema"."name"`` as SQL text."""
    return f"{quote_identifier(schema)}.{quote_identifier(name)}"


def script_arguments(*values: Any) -> str:
    """EXECUTE SCRIPT arguments: strings as quoted literals, numbers as they are."""
    return ", ".join(quote_literal(v) if isinstance(v, str) else str(v) for v in values)


@dataclass
class Extension:
    """The extension installed in the stand-in, used through one pyexasol connection."""

    connection: pyexasol.ExaConnection
    schema: str = SME_SCHEMA

    def execute(self, sql: str) -> Any:
        """Run one statement."""
        return self.connection.execute(sql)

    def rows(self, sql: str) -> list[tuple]:
        """The rows of a statement."""
        return self.connection.execute(sql).fetchall()

    def error(self, sql: str) -> str:
        """The text of the error a statement fails with."""
        with pytest.raises(pyexasol.ExaQueryError) as raised:
            self.connection.execute(sql)
        return raised.value.message

    def script(self, name: str, *arguments: Any, with_output: bool = False) -> str:
        """``EXECUTE SCRIPT <schema>.<name>(...)`` as text."""
        return (f"EXECUTE SCRIPT {qualified(self.schema, name)}({script_arguments(*arguments)})"
                + (" WITH OUTPUT" if with_output else ""))

    def train_sql(self, parameters: Any) -> str:
        """The training statement for a parameter dict (or raw text)."""
        text = parameters if isinstance(parameters, str) else json.dumps(parameters)
        return self.script("SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT", text)

    def train(self, job_name: str, **overrides: Any) -> list[tuple]:
        """Train on the customer table; returns the script's rows."""
        return self.rows(self.train_sql(training_parameters(job_name, **overrides)))

    def poll_sql(self, job_name: str, connection: str = CONNECTION, with_output: bool = False) -> str:
        return self.script("SME_POLL_SAGEMAKER_AUTOPILOT_JOB_STATUS", job_name, connection, REGION,
                           with_output=with_output)

    def poll(self, job_name: str) -> list[tuple]:
        return self.rows(self.poll_sql(job_name))

    def poll_output(self, job_name: str) -> list[str]:
        return [row[0] for row in self.rows(self.poll_sql(job_name, with_output=True))]

    def deploy_sql(self, job_name: str, endpoint: str, schema: str = DATA_SCHEMA) -> str:
        return self.script("SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT", job_name, endpoint, schema,
                           "ml.m5.large", 1, CONNECTION, REGION)

    def deploy(self, job_name: str, endpoint: str, schema: str = DATA_SCHEMA) -> list[tuple]:
        return self.rows(self.deploy_sql(job_name, endpoint, schema))

    def delete(self, endpoint: str) -> list[tuple]:
        return self.rows(self.script("SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT", endpoint, CONNECTION, REGION))

    def predict_sql(self, endpoint: str, schema: str = DATA_SCHEMA, group_by: Optional[str] = None) -> str:
        """``SELECT schema."endpoint"(features...) FROM the table [GROUP BY ...]``."""
        arguments = ", ".join(quote_identifier(name) for name in FEATURES)
        return (f"SELECT {qualified(schema, endpoint)}({arguments}) FROM {qualified(DATA_SCHEMA, TABLE)}"
                + (f" GROUP BY {group_by}" if group_by else ""))

    def job_rows(self, job_name: Optional[str] = None) -> list[tuple]:
        """Rows of SME_METADATA_AUTOPILOT_JOBS (of one job)."""
        where = f' WHERE "JOB_NAME" = {quote_literal(job_name)}' if job_name else ""
        return self.rows(f'SELECT * FROM {qualified(self.schema, "SME_METADATA_AUTOPILOT_JOBS")}{where}')

    def endpoint_rows(self, endpoint: str) -> list[tuple]:
        """``(ENDPOINT_NAME, JOB_NAME, UDF_SCHEMA_NAME, PROBLEM_TYPE, STATUS)`` rows of one endpoint."""
        return self.rows(
            'SELECT "ENDPOINT_NAME", "JOB_NAME", "UDF_SCHEMA_NAME", "PROBLEM_TYPE", "STATUS" FROM '
            f'{qualified(self.schema, "SME_METADATA_AUTOPILOT_ENDPOINTS")} '
            f'WHERE "ENDPOINT_NAME" = {quote_literal(endpoint)}')

    def scripts(self, schema: str) -> list[tuple]:
        """``(SCRIPT_NAME, SCRIPT_TYPE, SCRIPT_LANGUAGE, SCRIPT_INPUT_TYPE, SCRIPT_RESULT_TYPE)`` of a schema."""
        return self.rows(
            "SELECT SCRIPT_NAME, SCRIPT_TYPE, SCRIPT_LANGUAGE, SCRIPT_INPUT_TYPE, SCRIPT_RESULT_TYPE "
            f"FROM SYS.EXA_ALL_SCRIPTS WHERE SCRIPT_SCHEMA = {quote_literal(schema)} ORDER BY SCRIPT_NAME")

    def script_text(self, schema: str, name: str) -> str:
        return self.connection.execute(
            f"SELECT SCRIPT_TEXT FROM SYS.EXA_ALL_SCRIPTS WHERE SCRIPT_SCHEMA = {quote_literal(schema)} "
            f"AND SCRIPT_NAME = {quote_literal(name)}").fetchval()


# -- the AWS side ---------------------------------------------------------------------------------------

def aws_client(aws: AwsStandin, service: str) -> Any:
    """A test-side client of the stand-in, for arranging and checking what the user cannot see in SQL."""
    return boto3.client(service, region_name=REGION, endpoint_url=aws.endpoint_url,
                        aws_access_key_id="e2e-checker", aws_secret_access_key="e2e-checker-secret")


def object_keys(aws: AwsStandin, prefix: str) -> list[str]:
    """Keys under a prefix of the bucket."""
    listing = aws_client(aws, "s3").list_objects_v2(Bucket=BUCKET, Prefix=prefix)
    return [item["Key"] for item in listing.get("Contents", [])]


def object_text(aws: AwsStandin, key: str) -> str:
    return aws_client(aws, "s3").get_object(Bucket=BUCKET, Key=key)["Body"].read().decode("utf-8")


def autopilot_job(job_name: str) -> Any:
    """moto's record of an Autopilot job (moto never moves a job on by itself)."""
    return sagemaker_backends[ACCOUNT_ID][REGION].auto_ml_jobs[job_name]


def autopilot_completes(job_name: str, problem_type: str = "BinaryClassification",
                        containers: Optional[list[dict]] = None) -> None:
    """What Autopilot does when a job succeeds: best candidate with inference containers (AWS's images
    unless given), resolved type. Moving the job on by hand also keeps the local Autopilot off it."""
    job = autopilot_job(job_name)
    job.auto_ml_job_status = "Completed"
    job.auto_ml_job_secondary_status = "Completed"
    job.best_candidate = job.best_candidate or {}
    job.best_candidate["InferenceContainers"] = copy.deepcopy(containers or INFERENCE_CONTAINERS)
    job.resolved_attributes["AutoMLProblemTypeResolvedAttributes"] = {
        "TabularResolvedAttributes": {"ProblemType": problem_type}}


def autopilot_fails(job_name: str, reason: str) -> None:
    """What Autopilot does when a job fails."""
    job = autopilot_job(job_name)
    job.auto_ml_job_status = "Failed"
    job.auto_ml_job_secondary_status = "Failed"
    job.failure_reason = reason


def endpoint_answers(aws: AwsStandin, endpoint: str, answers: dict[str, str]) -> None:
    """Make the endpoint answer each request body with its text.

    moto's sagemaker-runtime binds a queued result to the first request body it sees and answers every
    later request with that body (and the same Accept header) alike. Queuing the answers and sending
    each body once, in the same order, binds them to their bodies whatever order the UDF uses. A body
    can be bound once per stand-in.
    """
    aws.queue_endpoint_results(REGION, [
        {"Body": answer, "ContentType": "text/csv", "InvokedProductionVariant": "AllTraffic",
         "CustomAttributes": ""} for answer in answers.values()], account_id=ACCOUNT_ID)
    runtime = aws_client(aws, "sagemaker-runtime")
    for body, answer in answers.items():
        bound = runtime.invoke_endpoint(EndpointName=endpoint, Body=body.encode("utf-8"),
                                        ContentType="text/csv", Accept="text/csv")["Body"].read()
        assert bound.decode("utf-8") == answer, f"body {body!r} was bound to another answer before"


def endpoint_names(aws: AwsStandin) -> dict[str, list[str]]:
    """Names of the models, endpoint configs and endpoints in the stand-in."""
    sagemaker = aws_client(aws, "sagemaker")
    return {
        "models": [m["ModelName"] for m in sagemaker.list_models()["Models"]],
        "endpoint configs": [c["EndpointConfigName"] for c in sagemaker.list_endpoint_configs()["EndpointConfigs"]],
        "endpoints": [e["EndpointName"] for e in sagemaker.list_endpoints()["Endpoints"]],
    }


@contextlib.contextmanager
def aws_checking_credentials() -> Iterator[None]:
    """moto checks signatures against the access keys its IAM issued (AWS always does; moto only now)."""
    with enable_iam_authentication():
        yield

