"""The user's flow against a real Exasol and real AWS: deploy, train, poll, delete (opt-in)."""
from __future__ import annotations

import json
import os

import boto3
import pytest
from click.testing import CliRunner

from exasol_sagemaker_extension.deployment import deploy_cli
from exasol_sagemaker_extension.names import quote_identifier, quote_literal

pytestmark = pytest.mark.with_db


@pytest.fixture(scope="module")
def deployed_schema(settings, database, run_id):
    schema = f"SME_TEST_{run_id.upper()}"
    options = ["--dsn", settings["SME_TEST_DB_DSN"], "--db-user", settings["SME_TEST_DB_USER"],
               "--schema", schema]
    if os.environ.get("SME_TEST_DB_CERT_VALIDATION", "on") == "off":
        options.append("--no-use-ssl-cert-validation")
    environment = {"DB_PASSWORD": settings["SME_TEST_DB_PASSWORD"]}
    if os.environ.get("SME_TEST_BUCKETFS_HOST"):
        # also install the package archive; otherwise PYTHON3_SME must already be provided
        options += ["--bucketfs-host", os.environ["SME_TEST_BUCKETFS_HOST"],
                    "--bucketfs-port", os.environ.get("SME_TEST_BUCKETFS_PORT", "2581"),
                    "--bucketfs-use-https" if os.environ.get("SME_TEST_BUCKETFS_HTTPS", "on") == "on"
                    else "--no-bucketfs-use-https"]
        environment["BUCKETFS_PASSWORD"] = os.environ.get("SME_TEST_BUCKETFS_PASSWORD", "")
    else:
        options.append("--no-deploy-archive")
    result = CliRunner().invoke(deploy_cli.main, options, env=environment)
    assert result.exit_code == 0, result.output
    yield schema
    database.execute(f"DROP SCHEMA IF EXISTS {quote_identifier(schema)} CASCADE")


@pytest.fixture(scope="module")
def aws_connection(settings, database, run_id):
    name = f"SME_TEST_AWS_{run_id.upper()}"
    region, bucket = settings["SME_TEST_AWS_REGION"], settings["SME_TEST_S3_BUCKET"]
    database.execute(
        f"CREATE OR REPLACE CONNECTION {quote_identifier(name)} "
        f"TO {quote_literal(f'https://{bucket}.s3.{region}.amazonaws.com/')} "
        f"USER {quote_literal(settings['SME_TEST_AWS_ACCESS_KEY_ID'])} "
        f"IDENTIFIED BY {quote_literal(settings['SME_TEST_AWS_SECRET_ACCESS_KEY'])}")
    yield name
    database.execute(f"DROP CONNECTION IF EXISTS {quote_identifier(name)}")


@pytest.fixture(scope="module")
def training_table(database, deployed_schema):
    table = f"{quote_identifier(deployed_schema)}.\"Iris Data\""
    database.execute(f'CREATE OR REPLACE TABLE {table} ("Sepal Length" DOUBLE, "select" DOUBLE, '
                     '"Petal" DOUBLE, "Class" VARCHAR(20))')
    rows = [(5.1 + i % 7 / 10, 3.5 - i % 5 / 10, 1.4 + i % 3, ["setosa", "versicolor", "virginica"][i % 3])
            for i in range(150)]
    database.ext.insert_multi(table, rows)
    return "Iris Data"


def test_training_starts_a_job_that_polling_reports(settings, database, deployed_schema, aws_connection,
                                                    training_table, run_id):
    job_name = f"sme-test-{run_id}"
    params = {
        "job_name": job_name, "aws_credentials_connection_name": aws_connection,
        "aws_region": settings["SME_TEST_AWS_REGION"], "iam_sagemaker_role": settings["SME_TEST_SAGEMAKER_ROLE"],
        "s3_bucket_uri": f"s3://{settings['SME_TEST_S3_BUCKET']}", "s3_output_path": f"sme-tests/{run_id}",
        "input_schema_name": deployed_schema, "input_table_or_view_name": training_table,
        "target_attribute_name": "Class", "problem_type": "MulticlassClassification",
        "max_candidates": 1, "max_runtime_for_automl_job_in_seconds": 900,
    }

    schema = quote_identifier(deployed_schema)
    try:
        started = database.execute(
            f"EXECUTE SCRIPT {schema}.SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT({quote_literal(json.dumps(params))})"
        ).fetchall()
        assert started == [(job_name,)]
        status = database.execute(
            f"EXECUTE SCRIPT {schema}.SME_POLL_SAGEMAKER_AUTOPILOT_JOB_STATUS("
            f"{quote_literal(job_name)}, {quote_literal(aws_connection)}, "
            f"{quote_literal(settings['SME_TEST_AWS_REGION'])})").fetchall()
        assert status[0][0] in {"InProgress", "Completed", "Stopping", "Stopped"}
        recorded = database.execute(
            f'SELECT "JOB_NAME", "TARGET_ATTRIBUTE_NAME" FROM {schema}."SME_METADATA_AUTOPILOT_JOBS"').fetchall()
        assert recorded == [(job_name, "Class")]
    finally:
        boto3.client("sagemaker", region_name=settings["SME_TEST_AWS_REGION"],
                     aws_access_key_id=settings["SME_TEST_AWS_ACCESS_KEY_ID"],
                     aws_secret_access_key=settings["SME_TEST_AWS_SECRET_ACCESS_KEY"]
                     ).stop_auto_ml_job(AutoMLJobName=job_name)


def test_deleting_an_endpoint_that_never_existed_reports_every_part_not_found(settings, database,
                                                                             deployed_schema, aws_connection):
    rows = database.execute(
        f"EXECUTE SCRIPT {quote_identifier(deployed_schema)}.SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT("
        f"'sme-test-never-deployed', {quote_literal(aws_connection)}, "
        f"{quote_literal(settings['SME_TEST_AWS_REGION'])})").fetchall()
    assert {row[2] for row in rows} == {"NOT_FOUND"}
