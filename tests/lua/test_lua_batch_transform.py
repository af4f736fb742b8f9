"""SME_BATCH_PREDICT_WITH_SAGEMAKER_AUTOPILOT: export, start, record, wait, create, import; resume; refusals."""
from __future__ import annotations

import json

import pytest

from exasol_sagemaker_extension import error_codes
from tests.lua.batch_transform_scenarios import (BATCH, OUTPUT_FILES, TRANSFORM_JOB, batch_json,
                                                 prepare_batch_prediction, recorded_run)
from tests.lua.lua_scenarios import CONNECTION, JOB, REGION, outside_literals, raises_code

HOSTILE_KEY = 'Customer "Id", "x"'
PREFIX = f"autopilot/exports/{JOB}/batch-transform/{TRANSFORM_JOB}/"
COLUMNS = "TRANSFORM_JOB_NAME VARCHAR(63), OUTPUT_TABLE VARCHAR(300), ROWS_LOADED DECIMAL(18,0)"


@pytest.fixture
def batch(db):
    prepare_batch_prediction(db)
    return db


def only(db, pattern):
    (statement,) = db.statements_matching(pattern)
    return statement


def test_batch_prediction_returns_transform_job_output_table_and_rows_loaded(batch):
    assert batch.run_script(BATCH, batch_json()) == ([(TRANSFORM_JOB, '"DATA"."CHURN_SCORES"', 6)], COLUMNS)


def test_the_export_writes_keys_then_features_in_training_order_without_header(batch):
    batch.run_script(BATCH, batch_json())
    export = only(batch, "^EXPORT")
    assert export.sql == ("EXPORT (SELECT ::col1, ::col2, ::col3, ::col4 FROM ::s.::t) INTO CSV AT ::c"
                          " FILE :file1 FILE :file2 BOOLEAN = '1/0'")
    assert export.params == {"s": "DATA", "t": "TO_SCORE", "c": CONNECTION, "col1": HOSTILE_KEY, "col2": "ID",
                             "col3": "Mixed Case", "col4": "SELECT", "file1": PREFIX + "input/part-001.csv",
                             "file2": PREFIX + "input/part-002.csv"}


def test_a_feature_of_another_type_is_cast_to_the_recorded_type(db):
    columns = [(HOSTILE_KEY, "DECIMAL(9,0)"), ("ID", "DECIMAL(9,0)"), ("Mixed Case", "VARCHAR(100) UTF8"),
               ("SELECT", "DOUBLE")]
    prepare_batch_prediction(db, columns=columns)
    db.run_script(BATCH, batch_json())
    assert "CAST(::col2 AS DECIMAL(18,0))" in only(db, "^EXPORT").sql


def test_the_start_udf_gets_the_transform_locations_and_counts(batch):
    batch.run_script(BATCH, batch_json(instance_type="ml.c5.xlarge", instance_count=2, candidate_name="cand-7"))
    start = only(batch, "SME_BATCH_TRANSFORM_START_UDF")
    assert start.final_sql == (
        f"""SELECT "SME"."SME_BATCH_TRANSFORM_START_UDF"('{TRANSFORM_JOB}', '{JOB}', 'cand-7', """
        f"""'s3://ml-bucket/{PREFIX}input/', 's3://ml-bucket/{PREFIX}output/', 1, 3, 'ml.c5.xlarge', 2, """
        f"""'{CONNECTION}', '{REGION}')""")


def test_defaults_are_one_ml_m5_large_instance_the_best_candidate_and_the_udfs_wait_limit(batch):
    batch.run_script(BATCH, batch_json())
    start = only(batch, "SME_BATCH_TRANSFORM_START_UDF")
    assert (start.params["instance_type"], start.params["instance_count"]) == ("ml.m5.large", 1)
    assert start.params["candidate"] is None
    assert only(batch, "SME_BATCH_TRANSFORM_WAIT_UDF").params["max_wait"] is None


def test_a_derived_transform_job_name_is_the_job_name_and_the_utc_time(batch):
    batch.run_script(BATCH, batch_json(transform_job_name=None))
    name = only(batch, "SME_BATCH_TRANSFORM_START_UDF").params["transform_job"]
    assert name.startswith(f"{JOB}-bt-") and len(name) == len(JOB) + 4 + 14 and name[-14:].isdigit()


@pytest.mark.parametrize("problem_type, definitions, file_columns", [
    ("BinaryClassification", '"Customer ""Id"", ""x""" DECIMAL(9,0), "PROBABILITY" DOUBLE, "PREDICTIONS" VARCHAR(10) UTF8',
     '"Customer ""Id"", ""x""", "PREDICTIONS", "PROBABILITY"'),
    ("Regression", '"Customer ""Id"", ""x""" DECIMAL(9,0), "PREDICTIONS" DOUBLE',
     '"Customer ""Id"", ""x""", "PREDICTIONS"'),
])
def test_the_output_table_and_import_columns_follow_the_problem_type(db, problem_type, definitions, file_columns):
    prepare_batch_prediction(db, problem_type=problem_type)
    db.run_script(BATCH, batch_json())
    assert only(db, "^CREATE TABLE").final_sql == f'CREATE TABLE "DATA"."CHURN_SCORES" ({definitions})'
    assert only(db, "^IMPORT").final_sql == (
        f'IMPORT INTO "DATA"."CHURN_SCORES" ({file_columns}) FROM CSV AT "{CONNECTION}" '
        f"FILE '{OUTPUT_FILES[0]}' FILE '{OUTPUT_FILES[1]}'")


def test_hostile_key_names_reach_the_sql_only_through_identifier_placeholders(batch):
    batch.run_script(BATCH, batch_json())
    for statement in batch.statements:
        assert "Customer" not in outside_literals(statement.sql), statement.sql


def test_steps_run_in_order_export_start_record_wait_create_import_mark_loaded(batch):
    batch.run_script(BATCH, batch_json())
    patterns = ("^EXPORT", "SME_BATCH_TRANSFORM_START_UDF", '^INSERT INTO ::s."SME_METADATA_BATCH',
                "SME_BATCH_TRANSFORM_WAIT_UDF", "^CREATE TABLE", "^IMPORT", '^UPDATE ::s."SME_METADATA_BATCH')
    positions = [batch.statements.index(only(batch, pattern)) for pattern in patterns]
    assert positions == sorted(positions)


def test_the_run_is_recorded_in_progress_then_loaded_with_its_row_count(batch):
    batch.run_script(BATCH, batch_json())
    record = only(batch, '^INSERT INTO ::s."SME_METADATA_BATCH')
    assert record.params["status"] == "IN_PROGRESS"
    assert record.params["key_columns"] == json.dumps([HOSTILE_KEY], separators=(",", ":"))
    assert (record.params["output_schema"], record.params["output_table"]) == ("DATA", "CHURN_SCORES")
    assert only(batch, '^UPDATE ::s."SME_METADATA_BATCH').params == {
        "s": "SME", "status": "LOADED", "rows": 6, "n": TRANSFORM_JOB}


def test_an_in_progress_run_of_the_same_name_is_resumed_without_export_or_start(db):
    prepare_batch_prediction(db, record=recorded_run())
    assert db.run_script(BATCH, batch_json())[0] == [(TRANSFORM_JOB, '"DATA"."CHURN_SCORES"', 6)]
    assert not db.statements_matching("^EXPORT")
    assert not db.statements_matching("SME_BATCH_TRANSFORM_START_UDF")
    assert only(db, "^IMPORT")


@pytest.mark.parametrize("record, transform_job_name", [
    (recorded_run(status="LOADED"), TRANSFORM_JOB),
    (recorded_run(status="FAILED"), TRANSFORM_JOB),
    (recorded_run(OUTPUT_TABLE_NAME="OTHER"), TRANSFORM_JOB),
    (recorded_run(KEY_COLUMNS='["ID"]'), TRANSFORM_JOB),
    (recorded_run(), None),  # a derived name taken in the same second is never resumed
])
def test_a_recorded_name_that_cannot_be_resumed_is_refused(db, record, transform_job_name):
    prepare_batch_prediction(db, record=record)
    with raises_code(error_codes.TRANSFORM_JOB_NAME_IN_USE):
        db.run_script(BATCH, batch_json(transform_job_name=transform_job_name))
    assert not db.statements_matching("^EXPORT")


def test_an_existing_output_table_is_refused_before_anything_is_exported(db):
    prepare_batch_prediction(db, existing_output=True)
    with raises_code(error_codes.OUTPUT_TABLE_EXISTS):
        db.run_script(BATCH, batch_json())
    assert not db.statements_matching("^EXPORT")


def test_replace_output_table_creates_or_replaces_it(db):
    prepare_batch_prediction(db, existing_output=True)
    db.run_script(BATCH, batch_json(replace_output_table=True))
    assert only(db, "^CREATE OR REPLACE TABLE")


def test_a_failed_import_drops_the_output_table_and_says_how_to_load_again(batch):
    batch.on(r"^IMPORT INTO", error="[42636] ETL-5106: IMPORT from s3://ml-bucket/x failed: NoSuchKey")
    with raises_code(error_codes.PREDICTIONS_IMPORT_FAILED) as caught:
        batch.run_script(BATCH, batch_json())
    assert only(batch, "^DROP TABLE IF EXISTS").final_sql == 'DROP TABLE IF EXISTS "DATA"."CHURN_SCORES"'
    assert "same transform_job_name" in caught.value.message
    assert not batch.statements_matching('^UPDATE ::s."SME_METADATA_BATCH')


def test_no_output_files_give_an_empty_table_and_no_import(db):
    prepare_batch_prediction(db, files=[])
    assert db.run_script(BATCH, batch_json())[0] == [(TRANSFORM_JOB, '"DATA"."CHURN_SCORES"', 0)]
    assert not db.statements_matching("^IMPORT")


def test_a_failed_transform_job_is_marked_failed_and_its_message_passed_on(batch):
    message = (f"E-SME-{error_codes.TRANSFORM_JOB_FAILED}: transform job {TRANSFORM_JOB} ended in status Failed: "
               "ClientError: bad input. Fix the cause named by AWS.")
    batch.on(r"SME_BATCH_TRANSFORM_WAIT_UDF", error=f"[22002] VM error: ... {message}\n (Session: 1)")
    with raises_code(error_codes.TRANSFORM_JOB_FAILED) as caught:
        batch.run_script(BATCH, batch_json())
    assert caught.value.message == message
    assert only(batch, '^UPDATE ::s."SME_METADATA_BATCH').params["status"] == "FAILED"


def test_a_wait_timeout_leaves_the_run_in_progress_for_a_resume(batch):
    message = f"E-SME-{error_codes.TRANSFORM_WAIT_TIMEOUT}: transform job {TRANSFORM_JOB} was still InProgress. Run again."
    batch.on(r"SME_BATCH_TRANSFORM_WAIT_UDF", error=message)
    with raises_code(error_codes.TRANSFORM_WAIT_TIMEOUT):
        batch.run_script(BATCH, batch_json())
    assert not batch.statements_matching('^UPDATE ::s."SME_METADATA_BATCH')
    assert not batch.statements_matching("^CREATE TABLE")


@pytest.mark.parametrize("changes, code", [
    ({"key_columns": []}, error_codes.INVALID_KEY_COLUMNS),
    ({"key_columns": ["ID", "ID"]}, error_codes.INVALID_KEY_COLUMNS),
    ({"key_columns": [7]}, error_codes.INVALID_KEY_COLUMNS),
    ({"key_columns": None}, error_codes.MISSING_PARAMETER),
    ({"key_columns": ["NOPE"]}, error_codes.KEY_COLUMN_NOT_FOUND),
    ({"transform_job_name": "bad_name"}, error_codes.INVALID_TRANSFORM_JOB_NAME),
    ({"transform_job_name": "x" * 64}, error_codes.INVALID_TRANSFORM_JOB_NAME),
    ({"instance_count": 0}, error_codes.INVALID_INSTANCE),
    ({"instance_type": "m5.large"}, error_codes.INVALID_INSTANCE),
    ({"max_wait_in_seconds": -1}, error_codes.INVALID_LIMIT),
    ({"replace_output_table": "yes"}, error_codes.WRONG_PARAMETER_TYPE),
    ({"output_table_name": None}, error_codes.MISSING_PARAMETER),
    ({"endpoint_name": "x"}, error_codes.UNKNOWN_PARAMETER),
    ({"job_name": "no_such_job!"}, error_codes.INVALID_JOB_NAME),
])
def test_invalid_parameters_are_refused_with_their_code_before_any_export(batch, changes, code):
    with raises_code(code):
        batch.run_script(BATCH, batch_json(**changes))
    assert not batch.statements_matching("^EXPORT")


def test_a_key_column_named_like_an_output_column_is_refused(db):
    prepare_batch_prediction(db, columns=[("PREDICTIONS", "DECIMAL(9,0)"), ("ID", "DECIMAL(18,0)"),
                                          ("Mixed Case", "VARCHAR(100) UTF8"), ("SELECT", "DOUBLE")])
    with raises_code(error_codes.RESERVED_OUTPUT_COLUMN):
        db.run_script(BATCH, batch_json(key_columns=["predictions"]))


def test_a_missing_feature_column_is_refused(db):
    prepare_batch_prediction(db, columns=[(HOSTILE_KEY, "DECIMAL(9,0)"), ("ID", "DECIMAL(18,0)"),
                                          ("SELECT", "DOUBLE")])
    with raises_code(error_codes.FEATURE_COLUMN_MISSING) as caught:
        db.run_script(BATCH, batch_json())
    assert '"Mixed Case"' in caught.value.message


def test_invalid_json_is_refused(batch):
    with raises_code(error_codes.INVALID_JSON):
        batch.run_script(BATCH, "[1, 2]")
