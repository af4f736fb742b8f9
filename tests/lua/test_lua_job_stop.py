"""SME_STOP_SAGEMAKER_AUTOPILOT_JOB: only jobs of this schema, the UDF's answer recorded in the state table."""
from __future__ import annotations

import pytest

from exasol_sagemaker_extension import error_codes
from tests.lua.lifecycle_scenarios import JOB_LOCATION, STOP, STOP_UDF, prepare_stop, recorded_job
from tests.lua.lua_scenarios import (JOB, STATE_INSERT, STATE_UPDATE, UDF_OWN_MESSAGE, UDF_TRACEBACK_FAILURE,
                                     accept_state_writes, raises_code)

ARGS = (JOB, "aws_conn", "eu-central-1")
COLUMNS = "JOB_NAME VARCHAR(32), JOB_STATUS VARCHAR(64), JOB_SECONDARY_STATUS VARCHAR(64), ACTION VARCHAR(32)"


def test_stop_returns_the_jobs_status_and_the_action_taken(db):
    prepare_stop(db)
    assert db.run_script(STOP, *ARGS) == ([(JOB, "Stopping", "Stopping", "STOP_REQUESTED")], COLUMNS)


def test_stop_calls_the_udf_with_the_resolved_connection(db):
    prepare_stop(db)
    db.run_script(STOP, *ARGS)
    (call,) = db.statements_matching(STOP_UDF)
    assert call.final_sql == "SELECT \"SME\".\"SME_AUTOPILOT_JOB_STOP_UDF\"('churn-1', 'AWS_CONN', 'eu-central-1')"


def test_stop_marks_the_job_stopping_in_the_state_table(db):
    prepare_stop(db)
    db.run_script(STOP, *ARGS)
    (update,) = db.statements_matching(STATE_UPDATE)
    assert {key: update.params[key] for key in ("kind", "name", "status", "secondary_status", "action")} == {
        "kind": "JOB", "name": JOB, "status": "Stopping", "secondary_status": "Stopping",
        "action": "STOP_REQUESTED"}
    (insert,) = db.statements_matching(STATE_INSERT)
    assert insert.final_sql.endswith('FROM "SME"."SME_METADATA_AUTOPILOT_JOBS" WHERE "JOB_NAME" = \'churn-1\'')


def test_a_known_state_row_is_updated_without_a_second_row(db):
    prepare_stop(db)
    accept_state_writes(db, existing_rows=1)
    db.run_script(STOP, *ARGS)
    assert len(db.statements_matching(STATE_UPDATE)) == 1 and db.statements_matching(STATE_INSERT) == []


def test_a_job_that_already_ended_is_reported_and_recorded_as_such(db):
    prepare_stop(db, answer=("Completed", "Completed", "ALREADY_ENDED"))
    assert db.run_script(STOP, *ARGS)[0] == [(JOB, "Completed", "Completed", "ALREADY_ENDED")]
    assert db.statements_matching(STATE_UPDATE)[0].params["action"] == "ALREADY_ENDED"


def test_a_job_this_schema_did_not_train_is_e_sme_33_before_aws_is_called(db):
    prepare_stop(db)
    db.on(JOB_LOCATION, [], ["JOB_NAME"])
    with raises_code(error_codes.JOB_NOT_IN_METADATA):
        db.run_script(STOP, *ARGS)
    assert db.statements_matching(STOP_UDF) == []


def test_a_job_recorded_in_another_region_is_e_sme_143(db):
    prepare_stop(db)
    recorded_job(db, region="us-east-1")
    with raises_code(error_codes.REGION_MISMATCH) as caught:
        db.run_script(STOP, *ARGS)
    assert "aws_region 'us-east-1'" in caught.value.message
    assert db.statements_matching(STOP_UDF) == []


def test_a_job_recorded_by_an_older_version_uses_the_given_region(db):
    prepare_stop(db)
    recorded_job(db, region=None)
    db.run_script(STOP, *ARGS)
    assert len(db.statements_matching(STOP_UDF)) == 1


def test_a_udf_failure_reaches_the_user_unchanged_and_nothing_is_recorded(db):
    prepare_stop(db)
    db.on(STOP_UDF, error=UDF_TRACEBACK_FAILURE)
    with raises_code(51) as caught:
        db.run_script(STOP, *ARGS)
    assert caught.value.message == UDF_OWN_MESSAGE
    assert db.statements_matching(STATE_UPDATE) == []


def test_a_failing_state_write_is_e_sme_36_and_says_the_stop_happened(db):
    prepare_stop(db)
    db.on(STATE_UPDATE, error="[42000] object SME_METADATA_AWS_RESOURCE_STATE not found")
    with raises_code(error_codes.METADATA_WRITE_FAILED) as caught:
        db.run_script(STOP, *ARGS)
    assert "the stop of Autopilot job churn-1 was handled in AWS (STOP_REQUESTED)" in caught.value.message


@pytest.mark.parametrize("args, code", [
    (("bad name", "aws_conn", "eu-central-1"), error_codes.INVALID_JOB_NAME),
    ((JOB, "aws_conn", "Frankfurt"), error_codes.INVALID_REGION),
    ((JOB, None, "eu-central-1"), error_codes.MISSING_PARAMETER),
])
def test_arguments_are_checked_before_any_statement(db, args, code):
    prepare_stop(db)
    with raises_code(code):
        db.run_script(STOP, *args)
    assert db.statements == []
