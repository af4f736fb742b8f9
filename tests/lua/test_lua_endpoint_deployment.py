"""SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT: endpoint, prediction UDF, record; in that order."""
from __future__ import annotations

import pytest

from exasol_sagemaker_extension import error_codes
from tests.lua.fake_exasol import SQL_NULL
from tests.lua.lua_scenarios import (COLUMN_NAMES, COLUMN_TYPES, DEPLOY, DEPLOY_ARGS, ENDPOINT, JOB, UDF_OWN_MESSAGE,
                                     UDF_TRACEBACK_FAILURE, job_row, prepare_deployment, raises_code)

DEPLOY_UDF = "SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF"
CREATE = "^CREATE OR REPLACE PYTHON3_SME SET SCRIPT"
RECORD = r'^INSERT INTO ::s\."SME_METADATA_AUTOPILOT_ENDPOINTS"'
COLUMNS = "ENDPOINT_NAME VARCHAR(63), ENDPOINT_STATUS VARCHAR(64), PREDICTION_UDF VARCHAR(300)"


@pytest.fixture
def deployment(db):
    prepare_deployment(db)
    return db


def test_deployment_returns_endpoint_status_and_prediction_udf(deployment):
    assert deployment.run_script(DEPLOY, *DEPLOY_ARGS) == (
        [(ENDPOINT, "InService", '"ML"."churn-endpoint"')], COLUMNS)


def test_the_deployment_udf_gets_the_checked_arguments(deployment):
    deployment.run_script(DEPLOY, JOB, ENDPOINT, "ml", "ml.m5.large", "2", "aws_conn", "eu-central-1")
    (call,) = deployment.statements_matching(DEPLOY_UDF)
    assert call.final_sql == ('SELECT "SME"."SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF"'
                              "('churn-1', 'churn-endpoint', 'ml.m5.large', 2, 'AWS_CONN', 'eu-central-1', NULL, NULL, NULL)")


def test_the_prediction_udf_is_created_in_the_resolved_schema(deployment):
    deployment.run_script(DEPLOY, *DEPLOY_ARGS)
    (create,) = deployment.statements_matching(CREATE)
    assert create.params is None
    assert create.sql.startswith('CREATE OR REPLACE PYTHON3_SME SET SCRIPT "ML"."churn-endpoint"('
                                 '"ID" DECIMAL(18,0), "Mixed Case" VARCHAR(100) UTF8, "SELECT" DOUBLE)\n')
    assert "connection_name='AWS_CONN'" in create.sql


def test_the_endpoint_is_recorded_as_deployed(deployment):
    deployment.run_script(DEPLOY, *DEPLOY_ARGS)
    (record,) = deployment.statements_matching(RECORD)
    assert record.params == {
        "s": "SME", "endpoint_name": ENDPOINT, "job_name": JOB, "udf_schema": "ML",
        "problem_type": "BinaryClassification", "instance_type": "ml.m5.large", "instance_count": 1,
        "connection": "AWS_CONN", "region": "eu-central-1", "status": "DEPLOYED",
        "candidate_name": "churn-1-best", "memory_size": SQL_NULL, "max_concurrency": SQL_NULL}


def test_steps_run_in_order_read_job_endpoint_udf_record(deployment):
    deployment.run_script(DEPLOY, *DEPLOY_ARGS)
    order = [index for index, statement in enumerate(deployment.statements)
             for pattern in ("SME_METADATA_AUTOPILOT_JOBS", DEPLOY_UDF, "PYTHON3_SME",
                             'INSERT INTO ::s."SME_METADATA_AUTOPILOT_ENDPOINTS"')
             if pattern in statement.sql]
    assert order == sorted(order) and len(order) == 4


def test_the_problem_type_reported_by_the_udf_decides_the_outputs(db):
    prepare_deployment(db, problem_type="Regression")
    db.run_script(DEPLOY, *DEPLOY_ARGS)
    (create,) = db.statements_matching(CREATE)
    assert '"PROBABILITY"' not in create.sql and '"PREDICTIONS" DOUBLE) AS' in create.sql


def test_a_job_that_is_not_recorded_is_e_sme_33_before_aws_is_called(deployment):
    deployment.on(r'FROM ::s\."SME_METADATA_AUTOPILOT_JOBS" WHERE', [], ["JOB_NAME"])
    with raises_code(error_codes.JOB_NOT_IN_METADATA):
        deployment.run_script(DEPLOY, *DEPLOY_ARGS)
    assert deployment.statements_matching(DEPLOY_UDF) == []


def test_a_missing_target_schema_is_e_sme_34_before_aws_is_called(deployment):
    with raises_code(error_codes.SCHEMA_NOT_FOUND):
        deployment.run_script(DEPLOY, JOB, ENDPOINT, "nowhere", "ml.m5.large", 1, "aws_conn", "eu-central-1")
    assert deployment.statements_matching(DEPLOY_UDF) == []


def test_a_metadata_read_failure_is_e_sme_41(deployment):
    deployment.on(r'FROM ::s\."SME_METADATA_AUTOPILOT_JOBS" WHERE', error="[42000] object not found")
    with raises_code(error_codes.METADATA_READ_FAILED):
        deployment.run_script(DEPLOY, *DEPLOY_ARGS)


def test_recorded_columns_that_cannot_make_a_udf_stop_before_aws_is_called(db):
    prepare_deployment(db, row=job_row(column_types=["DECIMAL(18,0)", "VARCHAR(1); DROP", "DOUBLE", "BOOLEAN"]))
    with raises_code(error_codes.PREDICTION_UDF_CREATION_FAILED):
        db.run_script(DEPLOY, *DEPLOY_ARGS)
    assert db.statements_matching(DEPLOY_UDF) == []


def test_rows_of_the_existing_extension_with_comma_separated_columns_still_deploy(db):
    legacy = (JOB, "AWS_CONN", "role", "s3://ml-bucket", "p", "LABEL", "BinaryClassification", SQL_NULL,
              ",".join(COLUMN_NAMES), ",".join(COLUMN_TYPES))
    prepare_deployment(db, row=legacy)
    db.run_script(DEPLOY, *DEPLOY_ARGS)
    (create,) = db.statements_matching(CREATE)
    assert '"ID" DECIMAL(18,0), "Mixed Case" VARCHAR(100) UTF8, "SELECT" DOUBLE)' in create.sql


def test_a_udf_failure_reaches_the_user_unchanged_and_nothing_is_created(deployment):
    deployment.on(DEPLOY_UDF, error=UDF_TRACEBACK_FAILURE)
    with raises_code(51) as caught:
        deployment.run_script(DEPLOY, *DEPLOY_ARGS)
    assert caught.value.message == UDF_OWN_MESSAGE
    assert deployment.statements_matching(CREATE) == [] and deployment.statements_matching(RECORD) == []


def test_a_failed_udf_creation_is_e_sme_37_saying_the_endpoint_runs_and_nothing_is_recorded(deployment):
    deployment.on(CREATE, error="[42000] script language PYTHON3_SME not found")
    with raises_code(error_codes.PREDICTION_UDF_CREATION_FAILED) as caught:
        deployment.run_script(DEPLOY, *DEPLOY_ARGS)
    assert "churn-endpoint is running in AWS" in caught.value.message
    assert "PYTHON3_SME not found" in caught.value.message
    assert deployment.statements_matching(RECORD) == []


def test_a_recording_failure_is_e_sme_36_with_how_to_remove_what_was_made(deployment):
    deployment.on(RECORD, error="[42500] insufficient privileges")
    with raises_code(error_codes.METADATA_WRITE_FAILED) as caught:
        deployment.run_script(DEPLOY, *DEPLOY_ARGS)
    message = caught.value.message
    assert "SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT('churn-endpoint', 'AWS_CONN', 'eu-central-1')" in message
    assert 'DROP SCRIPT "ML"."churn-endpoint"' in message


def test_an_unknown_problem_type_from_the_udf_is_e_sme_38(db):
    prepare_deployment(db)
    db.on(DEPLOY_UDF, [(ENDPOINT, "InService", "Clustering")], ["ENDPOINT_NAME", "ENDPOINT_STATUS", "PROBLEM_TYPE"])
    with raises_code(error_codes.UDF_CALL_FAILED):
        db.run_script(DEPLOY, *DEPLOY_ARGS)
    assert db.statements_matching(CREATE) == []


@pytest.mark.parametrize("position, value, code", [
    (0, "bad job", error_codes.INVALID_JOB_NAME),
    (1, "end_point", error_codes.INVALID_ENDPOINT_NAME),
    (1, "e" * 64, error_codes.INVALID_ENDPOINT_NAME),
    (2, "", error_codes.MISSING_PARAMETER),
    (2, "s\n", error_codes.INVALID_IDENTIFIER),
    (3, "m5.large", error_codes.INVALID_INSTANCE),
    (4, 0, error_codes.INVALID_INSTANCE),
    (4, 101, error_codes.INVALID_INSTANCE),
    (4, "two", error_codes.INVALID_INSTANCE),
    (4, SQL_NULL, error_codes.MISSING_PARAMETER),
    (5, SQL_NULL, error_codes.MISSING_PARAMETER),
    (6, "eu_central_1", error_codes.INVALID_REGION),
])
def test_arguments_are_checked_before_any_statement(deployment, position, value, code):
    args = list(DEPLOY_ARGS)
    args[position] = value
    with raises_code(code):
        deployment.run_script(DEPLOY, *args)
    assert deployment.statements == []
