"""SME_DELETE_SAGEMAKER_AUTOPILOT_JOB_DATA: the recorded bucket and path go to the UDF; the deletion is recorded."""
from __future__ import annotations

import pytest

from exasol_sagemaker_extension import error_codes
from tests.lua.fake_exasol import SQL_NULL
from tests.lua.lifecycle_scenarios import (DATA_UDF, DELETE_DATA, MODEL_ROW, TRAINING_DATA_ROW, prepare_data_deletion,
                                           recorded_job)
from tests.lua.lua_scenarios import JOB, STATE_UPDATE, UDF_TRACEBACK_FAILURE, raises_code

COLUMNS = "JOB_NAME VARCHAR(32), DATA_KIND VARCHAR(20), S3_PREFIX VARCHAR(4096), OBJECTS_DELETED DECIMAL(18,0)"


def args(delete_model_artifacts=False):
    return (JOB, "aws_conn", "eu-central-1", delete_model_artifacts)


def test_deletion_reports_each_prefix_with_its_object_count(db):
    prepare_data_deletion(db)
    assert db.run_script(DELETE_DATA, *args()) == (
        [(JOB, "TRAINING_DATA", "s3://ml-bucket/autopilot/exports/churn-1/training-data/", 2)], COLUMNS)


def test_the_udf_gets_the_recorded_bucket_and_output_path(db):
    prepare_data_deletion(db)
    db.run_script(DELETE_DATA, *args())
    (call,) = db.statements_matching(DATA_UDF)
    assert call.final_sql == ("SELECT \"SME\".\"SME_AUTOPILOT_JOB_DATA_DELETION_UDF\"('churn-1', 'AWS_CONN', "
                              "'eu-central-1', 's3://ml-bucket', 'autopilot/exports', FALSE)")


@pytest.mark.parametrize("given, sent", [(True, True), (False, False), (SQL_NULL, False)])
def test_delete_model_artifacts_reaches_the_udf_as_a_boolean(db, given, sent):
    prepare_data_deletion(db, rows=(TRAINING_DATA_ROW, MODEL_ROW))
    db.run_script(DELETE_DATA, *args(given))
    assert db.statements_matching(DATA_UDF)[0].params["delete_model_artifacts"] is sent


def test_the_deletion_is_recorded_with_what_was_deleted(db):
    prepare_data_deletion(db, rows=(TRAINING_DATA_ROW, MODEL_ROW))
    db.run_script(DELETE_DATA, *args(True))
    (update,) = db.statements_matching(STATE_UPDATE)
    assert update.params["action"] == "DATA_DELETED"
    assert update.params["action_detail"] == (
        "TRAINING_DATA: 2 objects under s3://ml-bucket/autopilot/exports/churn-1/training-data/; "
        "MODEL_ARTIFACTS: 7 objects under s3://ml-bucket/autopilot/exports/churn-1/output/")
    assert update.params["status"] == "Completed"


def test_model_artefacts_of_a_deployed_endpoint_are_refused_with_e_sme_142(db):
    prepare_data_deletion(db, deployed=("churn-ep",))
    with raises_code(error_codes.MODEL_ARTIFACTS_IN_USE) as caught:
        db.run_script(DELETE_DATA, *args(True))
    assert "endpoint churn-ep" in caught.value.message
    assert db.statements_matching(DATA_UDF) == []


def test_training_data_alone_may_go_while_an_endpoint_is_deployed(db):
    prepare_data_deletion(db, deployed=("churn-ep",))
    assert len(db.run_script(DELETE_DATA, *args(False))[0]) == 1


def test_a_running_job_refused_by_the_udf_reaches_the_user_and_nothing_is_recorded(db):
    prepare_data_deletion(db)
    db.on(DATA_UDF, error="[22002] VM error: ... AutopilotJobError: E-SME-140: Autopilot job churn-1 is "
                          "InProgress (ModelTuning) and still reads its data in S3. Stop it first.\n (Session: 1)")
    with raises_code(error_codes.JOB_STILL_RUNNING):
        db.run_script(DELETE_DATA, *args())
    assert db.statements_matching(STATE_UPDATE) == []


def test_a_job_recorded_in_another_region_is_e_sme_143(db):
    prepare_data_deletion(db)
    recorded_job(db, region="us-east-1")
    with raises_code(error_codes.REGION_MISMATCH):
        db.run_script(DELETE_DATA, *args())
    assert db.statements_matching(DATA_UDF) == []


def test_a_udf_failure_without_a_code_is_e_sme_38(db):
    prepare_data_deletion(db)
    db.on(DATA_UDF, error="[22002] VM error: out of memory")
    with raises_code(error_codes.UDF_CALL_FAILED):
        db.run_script(DELETE_DATA, *args())


@pytest.mark.parametrize("value", ["yes", 1])
def test_a_non_boolean_flag_is_e_sme_3_before_any_statement(db, value):
    prepare_data_deletion(db)
    with raises_code(error_codes.WRONG_PARAMETER_TYPE):
        db.run_script(DELETE_DATA, *args(value))
    assert db.statements == []


def test_traceback_text_never_reaches_the_user(db):
    prepare_data_deletion(db)
    db.on(DATA_UDF, error=UDF_TRACEBACK_FAILURE)
    with raises_code(51) as caught:
        db.run_script(DELETE_DATA, *args())
    assert "Traceback" not in caught.value.message
