"""Training from input_query on the stand-in: the query's result is what is exported, recorded and
later predicted on; the view that describes it is gone afterwards."""
from __future__ import annotations

import json

import pytest

from exasol_sagemaker_extension.local.aws_standin import AwsStandin
from exasol_sagemaker_extension.names import quote_literal
from tests.e2e.helpers import (
    DATA_SCHEMA, OUTPUT_PATH, SME_SCHEMA, TABLE, Extension, autopilot_completes, endpoint_answers, object_keys,
    object_text, qualified, training_parameters,
)

JOB = "from-query-1"
ENDPOINT = "from-query-ep"
# Only the younger customers, the fee in cents under a new name, one reserved-word column kept.
QUERY = (f'SELECT "Age", "select" AS "Plan", CAST("Monthly Fee" * 100 AS DECIMAL(9,0)) AS "Fee Cents", '
         f'"Churned" FROM {qualified(DATA_SCHEMA, TABLE)} WHERE "Age" < 50;')


@pytest.fixture(scope="module")
def trained(extension: Extension) -> list[tuple]:
    parameters = training_parameters(JOB, input_query=QUERY)
    del parameters["input_schema_name"], parameters["input_table_or_view_name"]
    return extension.rows(extension.train_sql(parameters))


def recorded(extension: Extension, *columns: str) -> tuple:
    column_list = ", ".join(f'"{column}"' for column in columns)
    return extension.rows(f'SELECT {column_list} FROM {qualified(SME_SCHEMA, "SME_METADATA_AUTOPILOT_JOBS")} '
                          f'WHERE "JOB_NAME" = {quote_literal(JOB)}')[0]


def test_training_from_a_query_returns_the_job_name(trained):
    assert trained == [(JOB,)]


def test_only_the_querys_rows_and_columns_are_exported(trained, aws: AwsStandin):
    lines = [line for key in object_keys(aws, f"{OUTPUT_PATH}/{JOB}/training-data/")
             for line in object_text(aws, key).splitlines()]
    assert set(line for line in lines if line.startswith("Age")) == {"Age,Plan,Fee Cents,Churned"}
    assert sorted(line for line in lines if not line.startswith("Age")) == sorted(
        ["34,basic,950,1", '27,"the ""pro"" plan",1999,1', "45,basic,1200,0", "19,student,450,1"])


def test_the_query_and_its_result_columns_are_recorded(trained, extension: Extension):
    query, schema, table, names, types, region = recorded(
        extension, "INPUT_QUERY", "INPUT_SCHEMA_NAME", "INPUT_TABLE_OR_VIEW_NAME", "COLUMN_NAMES", "COLUMN_TYPES",
        "AWS_REGION")
    assert query == QUERY.rstrip(";")
    assert (schema, table) == (None, None)
    assert json.loads(names) == ["Age", "Plan", "Fee Cents", "Churned"]
    assert json.loads(types) == ["DECIMAL(3,0)", "VARCHAR(40) UTF8", "DECIMAL(9,0)", "BOOLEAN"]
    assert region == "eu-west-1"


def query_views(extension: Extension) -> list[tuple]:
    return extension.rows("SELECT VIEW_NAME FROM SYS.EXA_ALL_VIEWS WHERE VIEW_SCHEMA = "
                          f"{quote_literal(SME_SCHEMA)} AND VIEW_NAME LIKE 'SME\\_TRAINING\\_QUERY\\_%'")


def test_the_view_that_described_the_query_is_dropped(trained, extension: Extension):
    assert query_views(extension) == []


def test_the_prediction_udf_takes_the_querys_columns(trained, extension: Extension, aws: AwsStandin):
    autopilot_completes(JOB)
    extension.deploy(JOB, ENDPOINT)
    endpoint_answers(aws, ENDPOINT, {"33,gold,1000": "1,0.75"})
    rows = extension.rows(f'SELECT {qualified(DATA_SCHEMA, ENDPOINT)}(33, \'gold\', 1000) FROM DUAL')
    assert rows == [(33, "gold", 1000, 0.75, True)]
    extension.delete(ENDPOINT)


def test_a_query_that_fails_in_the_database_is_e_sme_182_and_leaves_no_view(extension: Extension):
    parameters = training_parameters("from-query-bad", input_query="SELECT * FROM NO_SUCH_TABLE")
    del parameters["input_schema_name"], parameters["input_table_or_view_name"]
    message = extension.error(extension.train_sql(parameters))
    assert "E-SME-182: running input_query failed: object DATA.NO_SUCH_TABLE not found" in message
    assert extension.job_rows("from-query-bad") == []
    assert query_views(extension) == []
