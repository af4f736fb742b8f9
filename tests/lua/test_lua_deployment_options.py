"""SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT_WITH_OPTIONS: a chosen candidate, serverless or real-time, and the
batch size limit of the endpoint written into its prediction UDF."""
from __future__ import annotations

import json

import pytest

from exasol_sagemaker_extension import error_codes, names
from tests.lua.fake_exasol import SQL_NULL
from tests.lua.lua_scenarios import DEPLOY, DEPLOY_ARGS, ENDPOINT, JOB, REGION, prepare_deployment, raises_code

DEPLOY_WITH_OPTIONS = "SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT_WITH_OPTIONS"
DEPLOY_UDF = "SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF"
CREATE = "^CREATE OR REPLACE PYTHON3_SME SET SCRIPT"
RECORD = r'^INSERT INTO ::s\."SME_METADATA_AUTOPILOT_ENDPOINTS"'
SERVERLESS = {"job_name": JOB, "endpoint_name": ENDPOINT, "schema_name": "ml",
              "aws_credentials_connection_name": "aws_conn", "aws_region": REGION,
              "serverless_memory_size_in_mb": 2048, "serverless_max_concurrency": 5}
REAL_TIME = {key: value for key, value in SERVERLESS.items() if not key.startswith("serverless")}
REAL_TIME.update(instance_type="ml.m5.large", instance_count=2)


@pytest.fixture
def deployment(db):
    prepare_deployment(db)
    return db


def deploy(db, options, **changes):
    chosen = dict(options)
    chosen.update(changes)
    return db.run_script(DEPLOY_WITH_OPTIONS, json.dumps({k: v for k, v in chosen.items() if v is not None}))


def test_a_serverless_deployment_sends_memory_and_concurrency_and_no_instances(deployment):
    deploy(deployment, SERVERLESS)
    (call,) = deployment.statements_matching(DEPLOY_UDF)
    assert call.final_sql == ('SELECT "SME"."SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF"'
                              "('churn-1', 'churn-endpoint', NULL, NULL, 'AWS_CONN', 'eu-central-1', NULL, 2048, 5)")


def test_a_serverless_prediction_udf_cuts_batches_under_the_serverless_limit(deployment):
    deploy(deployment, SERVERLESS)
    (create,) = deployment.statements_matching(CREATE)
    assert f", max_payload_bytes={names.SERVERLESS_MAX_PAYLOAD_BYTES})\n" in create.sql


@pytest.mark.parametrize("run", [
    lambda db: deploy(db, REAL_TIME),
    lambda db: db.run_script(DEPLOY, *DEPLOY_ARGS),
])
def test_a_real_time_prediction_udf_keeps_the_real_time_limit(deployment, run):
    run(deployment)
    (create,) = deployment.statements_matching(CREATE)
    assert f", max_payload_bytes={names.REALTIME_MAX_PAYLOAD_BYTES})\n" in create.sql


def test_a_serverless_endpoint_is_recorded_with_its_settings_and_without_instances(deployment):
    deploy(deployment, SERVERLESS)
    (record,) = deployment.statements_matching(RECORD)
    assert {key: record.params[key] for key in ("instance_type", "instance_count", "memory_size",
                                                 "max_concurrency", "candidate_name")} == {
        "instance_type": SQL_NULL, "instance_count": SQL_NULL, "memory_size": 2048, "max_concurrency": 5,
        "candidate_name": "churn-1-best"}


def test_the_chosen_candidate_goes_to_the_udf_and_comes_back_in_the_result(db):
    prepare_deployment(db)
    db.on(DEPLOY_UDF, [(ENDPOINT, "InService", "BinaryClassification", "churn-1-002-rf")],
          ["ENDPOINT_NAME", "ENDPOINT_STATUS", "PROBLEM_TYPE", "CANDIDATE_NAME"])
    rows, columns = deploy(db, REAL_TIME, candidate_name="churn-1-002-rf")
    (call,) = db.statements_matching(DEPLOY_UDF)
    assert call.final_sql.endswith("'AWS_CONN', 'eu-central-1', 'churn-1-002-rf', NULL, NULL)")
    assert rows == [(ENDPOINT, "InService", '"ML"."churn-endpoint"', "churn-1-002-rf")]
    assert columns.endswith(", CANDIDATE_NAME VARCHAR(64)")
    (record,) = db.statements_matching(RECORD)
    assert (record.params["candidate_name"], record.params["instance_count"]) == ("churn-1-002-rf", 2)


def test_the_seven_argument_script_returns_its_three_columns_as_before(deployment):
    rows, columns = deployment.run_script(DEPLOY, *DEPLOY_ARGS)
    assert len(rows[0]) == 3 and "CANDIDATE_NAME" not in columns


@pytest.mark.parametrize("json_text, code", [
    ("not json", error_codes.INVALID_JSON),
    ("[1, 2]", error_codes.INVALID_JSON),
    (json.dumps({**SERVERLESS, "instance_typ": "ml.m5.large"}), error_codes.UNKNOWN_PARAMETER),
    (json.dumps({**SERVERLESS, "endpoint_name": None}), error_codes.MISSING_PARAMETER),
    (json.dumps({**SERVERLESS, "job_name": 7}), error_codes.WRONG_PARAMETER_TYPE),
    (json.dumps({**SERVERLESS, "serverless_max_concurrency": [5]}), error_codes.WRONG_PARAMETER_TYPE),
    (json.dumps({**SERVERLESS, "serverless_memory_size_in_mb": 1000}), error_codes.INVALID_SERVERLESS_CONFIG),
    (json.dumps({**SERVERLESS, "serverless_memory_size_in_mb": "2048.5"}), error_codes.INVALID_SERVERLESS_CONFIG),
    (json.dumps({**SERVERLESS, "serverless_max_concurrency": 201}), error_codes.INVALID_SERVERLESS_CONFIG),
    (json.dumps({**SERVERLESS, "serverless_max_concurrency": None}), error_codes.DEPLOYMENT_CHOICE_CONFLICT),
    (json.dumps({**SERVERLESS, "instance_type": "ml.m5.large"}), error_codes.DEPLOYMENT_CHOICE_CONFLICT),
    (json.dumps({k: v for k, v in REAL_TIME.items() if not k.startswith("instance")}),
     error_codes.DEPLOYMENT_CHOICE_CONFLICT),
    (json.dumps({**REAL_TIME, "instance_count": None}), error_codes.MISSING_PARAMETER),
    (json.dumps({**REAL_TIME, "instance_count": 101}), error_codes.INVALID_INSTANCE),
    (json.dumps({**REAL_TIME, "candidate_name": "bad_name"}), error_codes.INVALID_CANDIDATE_NAME),
    (json.dumps({**REAL_TIME, "candidate_name": "c" * 65}), error_codes.INVALID_CANDIDATE_NAME),
    (json.dumps({**REAL_TIME, "aws_region": "eu_central_1"}), error_codes.INVALID_REGION),
])
def test_options_are_checked_before_any_statement(deployment, json_text, code):
    with raises_code(code):
        deployment.run_script(DEPLOY_WITH_OPTIONS, json_text)
    assert deployment.statements == []
