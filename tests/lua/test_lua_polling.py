"""SME_POLL_SAGEMAKER_AUTOPILOT_JOB_STATUS: status from the polling UDF, failure reason as output."""
from __future__ import annotations

import pytest

from exasol_sagemaker_extension import error_codes
from tests.lua.fake_exasol import SQL_NULL
from tests.lua.lua_scenarios import (POLL, POLL_ARGS, UDF_OWN_MESSAGE, UDF_TRACEBACK_FAILURE, prepare_polling,
                                     raises_code)

COLUMNS = "JOB_STATUS VARCHAR(64), JOB_SECONDARY_STATUS VARCHAR(64)"


def test_polling_returns_status_and_secondary_status(db):
    prepare_polling(db, ("InProgress", "Training", SQL_NULL))
    assert db.run_script(POLL, *POLL_ARGS) == ([("InProgress", "Training")], COLUMNS)
    assert db.outputs == []


def test_polling_calls_the_udf_with_the_resolved_connection(db):
    prepare_polling(db)
    db.run_script(POLL, *POLL_ARGS)
    (call,) = db.statements_matching("SME_AUTOPILOT_JOB_STATUS_POLLING_UDF")
    assert call.final_sql == ('SELECT "SME"."SME_AUTOPILOT_JOB_STATUS_POLLING_UDF"'
                              "('churn-1', 'AWS_CONN', 'eu-central-1')")


def test_a_failure_reason_is_shown_as_output(db):
    prepare_polling(db, ("Failed", "Failed", "ClientError: the target column has one value only"))
    assert db.run_script(POLL, *POLL_ARGS)[0] == [("Failed", "Failed")]
    assert db.outputs == ["Failure reason: ClientError: the target column has one value only"]


def test_a_null_secondary_status_stays_null(db):
    prepare_polling(db, ("Completed", SQL_NULL, ""))
    assert db.run_script(POLL, *POLL_ARGS)[0] == [("Completed", SQL_NULL)]
    assert db.outputs == []


@pytest.mark.parametrize("args, code", [
    (("bad name", "aws_conn", "eu-central-1"), error_codes.INVALID_JOB_NAME),
    (("churn-1", "aws_conn", "Frankfurt"), error_codes.INVALID_REGION),
    (("churn-1", "", "eu-central-1"), error_codes.MISSING_PARAMETER),
    ((SQL_NULL, "aws_conn", "eu-central-1"), error_codes.MISSING_PARAMETER),
    (("churn-1", "aws_conn", 1), error_codes.WRONG_PARAMETER_TYPE),
    (("churn-1", "c\nd", "eu-central-1"), error_codes.INVALID_IDENTIFIER),
])
def test_arguments_are_checked_before_any_statement(db, args, code):
    prepare_polling(db)
    with raises_code(code):
        db.run_script(POLL, *args)
    assert db.statements == []


def test_a_udf_failure_reaches_the_user_unchanged(db):
    prepare_polling(db)
    db.on("SME_AUTOPILOT_JOB_STATUS_POLLING_UDF", error=UDF_TRACEBACK_FAILURE)
    with raises_code(51) as caught:
        db.run_script(POLL, *POLL_ARGS)
    assert caught.value.message == UDF_OWN_MESSAGE


def test_a_udf_without_a_row_is_e_sme_38(db):
    prepare_polling(db)
    db.on("SME_AUTOPILOT_JOB_STATUS_POLLING_UDF", [], ["JOB_STATUS", "JOB_SECONDARY_STATUS", "FAILURE_REASON"])
    with raises_code(error_codes.UDF_CALL_FAILED):
        db.run_script(POLL, *POLL_ARGS)
