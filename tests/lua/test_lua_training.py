"""SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT: check, export, start the job, record it; in that order."""
from __future__ import annotations

import json

import pytest

from exasol_sagemaker_extension import error_codes
from tests.lua.fake_exasol import SQL_NULL
from tests.lua.lua_scenarios import (COLUMN_NAMES, COLUMN_TYPES, COLUMNS, CONNECTION, JOB, TRAIN,
                                     UDF_OWN_MESSAGE, UDF_TRACEBACK_FAILURE, prepare_training, raises_code,
                                     training_json)

EXPORT = r"^EXPORT "
START = r"SME_AUTOPILOT_TRAINING_UDF"
RECORD = r'^INSERT INTO ::s\."SME_METADATA_AUTOPILOT_JOBS"'


@pytest.fixture
def training(db):
    prepare_training(db)
    return db


def only(db, pattern):
    matching = db.statements_matching(pattern)
    assert len(matching) == 1, [statement.final_sql for statement in db.statements]
    return matching[0]


def test_training_returns_the_job_name(training):
    assert training.run_script(TRAIN, training_json()) == ([(JOB,)], "JOB_NAME VARCHAR(32)")


def test_export_writes_every_column_quoted_in_ordinal_order_with_header(training):
    training.run_script(TRAIN, training_json())
    assert only(training, EXPORT).final_sql == (
        'EXPORT (SELECT "ID", "Mixed Case", "SELECT", "LABEL" FROM "DATA"."CUSTOMERS") INTO CSV AT "AWS_CONN"'
        " FILE 'autopilot/exports/churn-1/training-data/part-001.csv'"
        " FILE 'autopilot/exports/churn-1/training-data/part-002.csv' BOOLEAN = '1/0' WITH COLUMN NAMES")


@pytest.mark.parametrize("nproc, first, last", [
    (1, "part-001.csv", "part-001.csv"),
    (3, "part-001.csv", "part-003.csv"),
    (1200, "part-0001.csv", "part-1200.csv"),
])
def test_export_writes_one_file_per_nproc_under_the_jobs_own_prefix(db, nproc, first, last):
    prepare_training(db, nproc=nproc)
    db.run_script(TRAIN, training_json(job_name="job-7", s3_output_path="/exports/"))
    files = [only(db, EXPORT).params[f"f{i}"] for i in range(1, nproc + 1)]
    assert len(files) == nproc == len(set(files))
    assert all(key.startswith("exports/job-7/training-data/part-") for key in files)
    assert (files[0].rsplit("/", 1)[1], files[-1].rsplit("/", 1)[1]) == (first, last)


def test_the_training_udf_gets_the_exported_files_and_null_for_absent_options(training):
    training.run_script(TRAIN, training_json())
    call = only(training, START)
    assert call.sql == ('SELECT ::s."SME_AUTOPILOT_TRAINING_UDF"(:job_name, :connection, :region, :role,'
                        " :bucket_uri, :output_path, :files, :target, :problem_type, :objective, :max_runtime,"
                        " :max_candidates, :max_runtime_per_job)")
    assert call.params == {
        "s": "SME", "job_name": JOB, "connection": CONNECTION, "region": "eu-central-1",
        "role": "arn:aws:iam::123456789012:role/sagemaker-autopilot", "bucket_uri": "s3://ml-bucket",
        "output_path": "autopilot/exports", "files": call.params["files"], "target": "LABEL",
        "problem_type": SQL_NULL, "objective": SQL_NULL, "max_runtime": SQL_NULL, "max_candidates": SQL_NULL,
        "max_runtime_per_job": SQL_NULL,
    }
    assert json.loads(call.params["files"]) == [
        "autopilot/exports/churn-1/training-data/part-001.csv",
        "autopilot/exports/churn-1/training-data/part-002.csv"]


def test_the_training_udf_gets_the_given_options_normalized(training):
    training.run_script(TRAIN, training_json(
        problem_type="BinaryClassification", objective='{"MetricName":"AUC"}',
        max_runtime_for_automl_job_in_seconds="7200", max_candidates=5.0,
        max_runtime_per_training_job_in_seconds=600))
    params = only(training, START).params
    assert (params["problem_type"], params["objective"], params["max_runtime"], params["max_candidates"],
            params["max_runtime_per_job"]) == ("BinaryClassification", "AUC", 7200, 5, 600)


def test_the_job_is_recorded_with_its_columns_as_json_arrays(training):
    training.run_script(TRAIN, training_json(problem_type="Regression", max_candidates=3))
    record = only(training, RECORD)
    assert "CURRENT_TIMESTAMP" in record.sql and "CURRENT_SESSION" in record.sql and "CURRENT_USER" in record.sql
    params = record.params
    assert json.loads(params["column_names"]) == COLUMN_NAMES
    assert json.loads(params["column_types"]) == COLUMN_TYPES
    assert (params["job_name"], params["connection"], params["target"], params["output_path"],
            params["bucket_uri"], params["problem_type"], params["objective"], params["max_candidates"],
            params["max_runtime"]) == (JOB, CONNECTION, "LABEL", "autopilot/exports", "s3://ml-bucket",
                                       "Regression", "MSE", 3, SQL_NULL)


def test_the_steps_run_in_order_check_export_start_record(training):
    training.run_script(TRAIN, training_json())
    kinds = [statement.sql.split()[0] + (" UDF" if "UDF" in statement.sql else "")
             for statement in training.statements]
    assert kinds[-4:] == ["SELECT", "EXPORT", "SELECT UDF", "INSERT"]


def test_a_udf_failure_reaches_the_user_unchanged_and_nothing_is_recorded(training):
    training.on(START, error=UDF_TRACEBACK_FAILURE, error_code="22002")
    with raises_code(51) as caught:
        training.run_script(TRAIN, training_json())
    assert caught.value.message == UDF_OWN_MESSAGE
    assert training.statements_matching(RECORD) == []


def test_a_udf_failure_without_own_message_is_e_sme_38_and_nothing_is_recorded(training):
    training.on(START, error="[42000] function SME_AUTOPILOT_TRAINING_UDF not found")
    with raises_code(error_codes.UDF_CALL_FAILED) as caught:
        training.run_script(TRAIN, training_json())
    assert "SME_AUTOPILOT_TRAINING_UDF not found" in caught.value.message
    assert training.statements_matching(RECORD) == []


def test_an_export_failure_is_e_sme_35_and_no_job_is_started(training):
    training.on(EXPORT, error="[ETL-5105] Following error occured while writing data to external connection"
                              " [https://ml-bucket.s3.eu-central-1.amazonaws.com/...]: Access Denied")
    with raises_code(error_codes.EXPORT_FAILED) as caught:
        training.run_script(TRAIN, training_json())
    assert "Access Denied" in caught.value.message and '"AWS_CONN"' in caught.value.message
    assert training.statements_matching(START) == [] and training.statements_matching(RECORD) == []


def test_a_recording_failure_is_e_sme_36_saying_the_job_runs_and_how_to_stop_it(training):
    training.on(RECORD, error="[42500] insufficient privileges for INSERT")
    with raises_code(error_codes.METADATA_WRITE_FAILED) as caught:
        training.run_script(TRAIN, training_json())
    message = caught.value.message
    assert "churn-1 was started in AWS" in message and "insufficient privileges" in message
    assert "stop-auto-ml-job --auto-ml-job-name churn-1" in message


def test_a_job_already_recorded_is_e_sme_32_before_anything_is_exported(training):
    training.on(r'^SELECT "JOB_NAME" FROM ::s\."SME_METADATA_AUTOPILOT_JOBS"', [(JOB,)], ["JOB_NAME"])
    with raises_code(error_codes.JOB_ALREADY_RECORDED):
        training.run_script(TRAIN, training_json())
    assert training.statements_matching(EXPORT) == []


def test_a_table_with_only_the_target_is_e_sme_40(db):
    prepare_training(db, columns=[("LABEL", "BOOLEAN")])
    with raises_code(error_codes.NO_FEATURE_COLUMNS):
        db.run_script(TRAIN, training_json())
    assert db.statements_matching(EXPORT) == []


@pytest.mark.parametrize("reserved", ["PROBABILITY", "PREDICTIONS"])
def test_a_feature_named_like_an_output_column_is_e_sme_39(db, reserved):
    prepare_training(db, columns=COLUMNS + [(reserved, "DOUBLE")])
    with raises_code(error_codes.RESERVED_OUTPUT_COLUMN) as caught:
        db.run_script(TRAIN, training_json())
    assert f'"{reserved}"' in caught.value.message
    assert db.statements_matching(EXPORT) == []


def test_a_target_named_predictions_is_fine(db):
    prepare_training(db, columns=[("X", "DOUBLE"), ("PREDICTIONS", "DOUBLE")])
    db.run_script(TRAIN, training_json(target_attribute_name="PREDICTIONS"))
    assert only(db, START).params["target"] == "PREDICTIONS"


def test_a_missing_connection_is_e_sme_50_and_nothing_is_exported(training):
    with raises_code(error_codes.CONNECTION_NOT_USABLE):
        training.run_script(TRAIN, training_json(aws_credentials_connection_name="other_conn"))
    assert training.statements_matching(EXPORT) == []


def test_invalid_parameters_stop_training_before_any_statement(training):
    with raises_code(error_codes.INVALID_JOB_NAME):
        training.run_script(TRAIN, training_json(job_name="not valid"))
    assert training.statements == []
