"""SME_LIST_SAGEMAKER_AUTOPILOT_CANDIDATES and the leaderboard fill of a Completed poll (sme.candidates)."""
from __future__ import annotations

import re

import pytest

from exasol_sagemaker_extension import error_codes
from tests.lua.fake_exasol import SQL_NULL
from tests.lua.lua_scenarios import (JOB, JOB_ROW_COLUMNS, LEADERBOARD, LEADERBOARD_TYPES, LIST, LIST_ARGS, POLL,
                                     POLL_ARGS, UDF_OWN_MESSAGE, UDF_TRACEBACK_FAILURE, accept_fills,
                                     accept_state_writes, insert_by, prepare_listing, prepare_polling,
                                     raises_code)

TABLES = ("SME_METADATA_AUTOPILOT_CANDIDATES", "SME_METADATA_AUTOPILOT_CANDIDATE_METRICS",
          "SME_METADATA_AUTOPILOT_FEATURE_IMPORTANCE", "SME_METADATA_AUTOPILOT_MODEL_QUALITY")


def writes(db):
    """``(DELETE|INSERT, table)`` of every write to the leaderboard and insight tables, in order."""
    found = [re.match(r'^(DELETE FROM|INSERT INTO) ::s\."(\w+)"', s.sql) for s in db.statements]
    return [(m.group(1).split()[0], m.group(2)) for m in found if m and m.group(2) in TABLES]


def test_listing_returns_the_leaderboard_best_rank_first(db):
    prepare_listing(db)
    assert db.run_script(LIST, *LIST_ARGS) == (LEADERBOARD, LEADERBOARD_TYPES)


def test_listing_replaces_the_jobs_rows_candidates_deleted_first_and_written_last(db):
    prepare_listing(db)
    db.run_script(LIST, *LIST_ARGS)
    assert writes(db) == [
        ("DELETE", "SME_METADATA_AUTOPILOT_CANDIDATES"), ("DELETE", "SME_METADATA_AUTOPILOT_CANDIDATE_METRICS"),
        ("INSERT", "SME_METADATA_AUTOPILOT_CANDIDATE_METRICS"), ("INSERT", "SME_METADATA_AUTOPILOT_CANDIDATES"),
        ("DELETE", "SME_METADATA_AUTOPILOT_FEATURE_IMPORTANCE"),
        ("INSERT", "SME_METADATA_AUTOPILOT_FEATURE_IMPORTANCE"),
        ("DELETE", "SME_METADATA_AUTOPILOT_MODEL_QUALITY"), ("INSERT", "SME_METADATA_AUTOPILOT_MODEL_QUALITY")]


def test_listing_deletes_only_the_named_jobs_rows(db):
    prepare_listing(db)
    db.run_script(LIST, *LIST_ARGS)
    deletes = [s.final_sql for s in db.statements if s.sql.startswith("DELETE")]
    assert deletes[0] == 'DELETE FROM "SME"."SME_METADATA_AUTOPILOT_CANDIDATES" WHERE "JOB_NAME" = \'churn-1\''
    assert all(sql.endswith("WHERE \"JOB_NAME\" = 'churn-1'") for sql in deletes)


def test_listing_inserts_the_udfs_rows_with_quoted_columns_and_the_resolved_connection(db):
    prepare_listing(db)
    db.run_script(LIST, *LIST_ARGS)
    (insert,) = db.statements_matching(insert_by("SME_AUTOPILOT_CANDIDATES_UDF"))
    assert insert.final_sql == (
        'INSERT INTO "SME"."SME_METADATA_AUTOPILOT_CANDIDATES" ("JOB_NAME", "CANDIDATE_NAME", "CANDIDATE_RANK", '
        '"IS_BEST_CANDIDATE", "ALGORITHM", "OBJECTIVE_METRIC_NAME", "OBJECTIVE_METRIC_DIRECTION", '
        '"OBJECTIVE_METRIC_VALUE", "CANDIDATE_STATUS", "OBJECTIVE_STATUS", "FAILURE_REASON", "CREATION_TIME", '
        '"END_TIME", "TRAINING_SECONDS", "LOADED_AT") SELECT "SME"."SME_AUTOPILOT_CANDIDATES_UDF"'
        "('churn-1', 'AWS_CONN', 'eu-central-1')")


def test_listing_says_how_many_candidates_it_wrote(db):
    prepare_listing(db, {"SME_AUTOPILOT_CANDIDATES_UDF": 3})
    db.run_script(LIST, *LIST_ARGS)
    assert db.outputs == ["Leaderboard: 3 candidates of job churn-1 written to SME_METADATA_AUTOPILOT_CANDIDATES."]


def test_missing_insight_reports_are_noted_not_an_error(db):
    prepare_listing(db, {"SME_AUTOPILOT_FEATURE_IMPORTANCE_UDF": 0, "SME_AUTOPILOT_MODEL_QUALITY_UDF": 0})
    assert db.run_script(LIST, *LIST_ARGS)[0] == LEADERBOARD
    assert db.outputs[1:] == [
        "Note: job churn-1 has no feature importances (explainability report) for its best candidate (Autopilot"
        " did not produce it), so SME_METADATA_AUTOPILOT_FEATURE_IMPORTANCE has no rows for it.",
        "Note: job churn-1 has no model quality metrics (model insights report) for its best candidate (Autopilot"
        " did not produce it), so SME_METADATA_AUTOPILOT_MODEL_QUALITY has no rows for it."]


def test_a_failing_insight_udf_is_noted_and_the_leaderboard_still_returned(db):
    prepare_listing(db)
    db.on(insert_by("SME_AUTOPILOT_MODEL_QUALITY_UDF"), error=UDF_TRACEBACK_FAILURE)
    assert db.run_script(LIST, *LIST_ARGS)[0] == LEADERBOARD
    assert db.outputs[1] == ("Note: the model quality metrics (model insights report) of job churn-1 could not be"
                             " written to SME_METADATA_AUTOPILOT_MODEL_QUALITY: " + UDF_OWN_MESSAGE)


def test_a_failing_candidates_udf_reaches_the_user_unchanged(db):
    prepare_listing(db)
    db.on(insert_by("SME_AUTOPILOT_CANDIDATES_UDF"), error=UDF_TRACEBACK_FAILURE)
    with raises_code(51) as caught:
        db.run_script(LIST, *LIST_ARGS)
    assert caught.value.message == UDF_OWN_MESSAGE


@pytest.mark.parametrize("statement", [r"^DELETE FROM", r"^INSERT INTO"])
def test_a_table_the_database_refuses_to_write_is_e_sme_100(db, statement):
    prepare_listing(db)
    db.on(statement, error="object SME.SME_METADATA_AUTOPILOT_CANDIDATES not found")
    with raises_code(error_codes.CANDIDATE_TABLES_WRITE_FAILED) as caught:
        db.run_script(LIST, *LIST_ARGS)
    assert "SME_METADATA_AUTOPILOT_CANDIDATES" in caught.value.message


def test_a_job_not_recorded_in_this_schema_is_e_sme_33(db):
    prepare_listing(db)
    db.on(r'FROM ::s\."SME_METADATA_AUTOPILOT_JOBS" WHERE', [], JOB_ROW_COLUMNS)
    with raises_code(error_codes.JOB_NOT_IN_METADATA):
        db.run_script(LIST, *LIST_ARGS)
    assert writes(db) == []


@pytest.mark.parametrize("args, code", [
    (("bad name", "aws_conn", "eu-central-1"), error_codes.INVALID_JOB_NAME),
    (("churn-1", "aws_conn", "Frankfurt"), error_codes.INVALID_REGION),
    ((SQL_NULL, "aws_conn", "eu-central-1"), error_codes.MISSING_PARAMETER),
    (("churn-1", "c\nd", "eu-central-1"), error_codes.INVALID_IDENTIFIER),
])
def test_listing_arguments_are_checked_before_any_statement(db, args, code):
    prepare_listing(db)
    with raises_code(code):
        db.run_script(LIST, *args)
    assert db.statements == []


# -- the poll ---------------------------------------------------------------------------------------------

def prepare_completed_poll(db, filled=False, recorded=True):
    prepare_polling(db, ("Completed", "Completed", SQL_NULL))
    accept_state_writes(db)
    db.on(r'^SELECT "JOB_NAME" FROM ::s\."SME_METADATA_AUTOPILOT_JOBS"', [(JOB,)] if recorded else [], ["JOB_NAME"])
    db.on(r'FROM ::s\."SME_METADATA_AUTOPILOT_CANDIDATES" WHERE "JOB_NAME" = :j LIMIT 1',
          [(JOB + "-002",)] if filled else [], ["CANDIDATE_NAME"])
    accept_fills(db)


def test_a_completed_poll_fills_the_leaderboard_once_and_returns_the_status(db):
    prepare_completed_poll(db)
    assert db.run_script(POLL, *POLL_ARGS)[0] == [("Completed", "Completed")]
    assert len(writes(db)) == 8
    assert db.outputs == ["Leaderboard: 3 candidates of job churn-1 written to SME_METADATA_AUTOPILOT_CANDIDATES."]


def test_a_completed_poll_of_a_filled_leaderboard_writes_nothing(db):
    prepare_completed_poll(db, filled=True)
    assert db.run_script(POLL, *POLL_ARGS)[0] == [("Completed", "Completed")]
    assert writes(db) == []


@pytest.mark.parametrize("status", ["InProgress", "Failed", "Stopped"])
def test_a_poll_of_an_unfinished_job_does_not_touch_the_leaderboard(db, status):
    prepare_completed_poll(db)
    db.on(r"SME_AUTOPILOT_JOB_STATUS_POLLING_UDF", [(status, status, SQL_NULL)],
          ["JOB_STATUS", "JOB_SECONDARY_STATUS", "FAILURE_REASON"])
    db.run_script(POLL, *POLL_ARGS)
    assert db.statements_matching("SME_METADATA_AUTOPILOT_CANDIDATES") == []


def test_a_failing_fill_keeps_the_polled_status_and_says_what_failed(db):
    prepare_completed_poll(db)
    db.on(insert_by("SME_AUTOPILOT_CANDIDATES_UDF"), error=UDF_TRACEBACK_FAILURE)
    assert db.run_script(POLL, *POLL_ARGS)[0] == [("Completed", "Completed")]
    assert db.outputs == [
        "Note: the job's status above is current, but its leaderboard could not be written: " + UDF_OWN_MESSAGE
        + " Run SME_LIST_SAGEMAKER_AUTOPILOT_CANDIDATES('churn-1', ...) to try again."]


def test_a_poll_of_a_job_not_recorded_here_notes_that_no_leaderboard_is_written(db):
    prepare_completed_poll(db, recorded=False)
    assert db.run_script(POLL, *POLL_ARGS)[0] == [("Completed", "Completed")]
    assert writes(db) == []
    assert db.outputs == ["Note: job churn-1 is not recorded in SME_METADATA_AUTOPILOT_JOBS of this schema, so its"
                          " candidates are not written to SME_METADATA_AUTOPILOT_CANDIDATES."]
