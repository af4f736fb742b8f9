"""sme.metadata: the rows of the two metadata tables."""
from __future__ import annotations

import json

import pytest

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.deployment.statements import ADDED_METADATA_COLUMNS, build_deploy_statements
from tests.lua.lua_scenarios import raises_code


@pytest.fixture
def metadata(lua):
    return lua.module("sme.metadata")


@pytest.mark.parametrize("stored, expected", [
    (json.dumps(["ID", "Mixed Case", "a,b"]), ["ID", "Mixed Case", "a,b"]),
    ('["a\\/b"]', ["a/b"]),
    ("ID,NAME,LABEL", ["ID", "NAME", "LABEL"]),
    ("ID, NAME , LABEL", ["ID", "NAME", "LABEL"]),
    ("DECIMAL(18,0),VARCHAR(100) UTF8,DOUBLE", ["DECIMAL(18,0)", "VARCHAR(100) UTF8", "DOUBLE"]),
    ("INTERVAL DAY(2) TO SECOND(3),DECIMAL(9,2)", ["INTERVAL DAY(2) TO SECOND(3)", "DECIMAL(9,2)"]),
])
def test_column_lists_are_read_as_json_or_in_the_existing_comma_separated_form(lua, metadata, stored, expected):
    (items,) = lua.call(metadata.decode_list, lua.env(), stored)
    assert lua.to_python(items) == expected


def test_a_broken_json_column_list_is_e_sme_41(lua, metadata):
    with raises_code(error_codes.METADATA_READ_FAILED):
        lua.call(metadata.decode_list, lua.env(), '["ID", ')


def job_table_statement() -> str:
    return next(statement.sql for statement in build_deploy_statements("SME")
                if statement.description == "metadata table SME_METADATA_AUTOPILOT_JOBS")


def test_job_rows_are_written_with_an_explicit_column_list_and_placeholders_only(lua, metadata):
    lua.on("INSERT", rows_affected=1)
    job = lua.to_lua({"job_name": "j", "connection": "C", "iam_role": "r", "s3_bucket_uri": "s3://b",
                      "s3_output_path": "p", "target": "T", "column_names": ["A", "T"],
                      "column_types": ["DOUBLE", "BOOLEAN"]})
    lua.call(metadata.insert_job, lua.env(), "SME", job)
    (insert,) = lua.statements
    columns = insert.sql.split("(", 1)[1].split(")", 1)[0]
    values = insert.sql.split("VALUES (", 1)[1].rstrip(")")
    table_columns = [line.split('"')[1] for line in job_table_statement().splitlines()[1:-1]] + [
        name for name, _ in ADDED_METADATA_COLUMNS["SME_METADATA_AUTOPILOT_JOBS"]]
    assert [name.strip().strip('"') for name in columns.split(",")] == table_columns
    assert values.count(",") == len(table_columns) - 1
    assert "'" not in insert.sql
    assert insert.final_sql.endswith(
        "VALUES (CURRENT_TIMESTAMP, 'j', 'C', 'r', 's3://b', 'p', 'T', NULL, NULL, NULL, NULL, NULL,"
        " CURRENT_SESSION, CURRENT_USER, '[\"A\",\"T\"]', '[\"DOUBLE\",\"BOOLEAN\"]', NULL, NULL, NULL, NULL)")


def test_endpoint_rows_are_written_with_an_explicit_column_list_and_placeholders_only(lua, metadata):
    lua.on("INSERT", rows_affected=1)
    endpoint = lua.to_lua({"endpoint_name": "e", "job_name": "j", "schema": "S", "problem_type": "Regression",
                           "instance_type": "ml.m5.large", "instance_count": 2, "connection": "C",
                           "region": "eu-west-1", "prediction_udf": '"S"."e"'})
    lua.call(metadata.insert_endpoint, lua.env(), "SME", endpoint)
    (insert,) = lua.statements
    assert "'" not in insert.sql
    assert insert.final_sql == (
        'INSERT INTO "SME"."SME_METADATA_AUTOPILOT_ENDPOINTS" ("DATETIME", "ENDPOINT_NAME", "JOB_NAME",'
        ' "UDF_SCHEMA_NAME", "PROBLEM_TYPE", "INSTANCE_TYPE", "INSTANCE_COUNT", "AWS_CREDENTIALS_CONNECTION_NAME",'
        ' "AWS_REGION", "STATUS", "SESSION_ID", "SCRIPT_USER", "CANDIDATE_NAME", "SERVERLESS_MEMORY_SIZE_IN_MB",'
        ' "SERVERLESS_MAX_CONCURRENCY") VALUES (CURRENT_TIMESTAMP, \'e\', \'j\', \'S\','
        " 'Regression', 'ml.m5.large', 2, 'C', 'eu-west-1', 'DEPLOYED', CURRENT_SESSION, CURRENT_USER,"
        " NULL, NULL, NULL)")


def test_reading_a_missing_job_is_e_sme_33(lua, metadata):
    lua.on("SME_METADATA_AUTOPILOT_JOBS", [], ["JOB_NAME"])
    with raises_code(error_codes.JOB_NOT_IN_METADATA) as caught:
        lua.call(metadata.read_job, lua.env(), "SME", "churn-9")
    assert "'churn-9'" in caught.value.message and "SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT" in caught.value.message
