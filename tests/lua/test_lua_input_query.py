"""Training from input_query: the query checked, described through a view, exported, recorded."""
from __future__ import annotations

import json

import pytest

from exasol_sagemaker_extension import error_codes
from tests.lua.fake_exasol import SQL_NULL, ScriptError
from tests.lua.lua_scenarios import (COLUMNS, JOB, LEAVE_OUT, TRAIN, UDF_OWN_MESSAGE, prepare_training,
                                     raises_code, training_json)

QUERY = "SELECT c.*, 'a;b' AS \"x;y\" FROM data.customers c WHERE c.id > 10 -- keep; recent\n"
VIEW = f"SME_TRAINING_QUERY_{JOB}"
CREATE_VIEW = r'^CREATE OR REPLACE VIEW "SME"\."SME_TRAINING_QUERY_'
DROP_VIEW = r"^DROP VIEW IF EXISTS ::s\.::v"
RECORD = r'^INSERT INTO ::s\."SME_METADATA_AUTOPILOT_JOBS"'


def query_json(query=QUERY, **changes) -> str:
    params = {"input_schema_name": LEAVE_OUT, "input_table_or_view_name": LEAVE_OUT, "input_query": query}
    params.update(changes)
    return training_json(**params)


@pytest.fixture
def normalize(lua):
    module = lua.module("sme.input_query")

    def run(query):
        (text,) = lua.call(module.normalize, query)
        return text

    return run


@pytest.fixture
def from_query(db):
    prepare_training(db, schema="SME", table=VIEW)
    db.on(CREATE_VIEW, rows_affected=0)
    db.on(DROP_VIEW, rows_affected=0)
    return db


@pytest.mark.parametrize("query, expected", [
    ("SELECT * FROM t;", "SELECT * FROM t"),
    ("  select a FROM t ;  \n", "select a FROM t"),
    ("WITH x AS (SELECT 1 AS a) SELECT a FROM x", "WITH x AS (SELECT 1 AS a) SELECT a FROM x"),
    ("(SELECT a FROM t)", "(SELECT a FROM t)"),
    ("/* note; */ SELECT ';' AS \"a;\" FROM t -- c;\n", "/* note; */ SELECT ';' AS \"a;\" FROM t -- c;"),
    ("SELECT 'it''s; fine' FROM t", "SELECT 'it''s; fine' FROM t"),
])
def test_a_single_select_is_kept_without_its_final_semicolon(normalize, query, expected):
    assert normalize(query) == expected


@pytest.mark.parametrize("query, what", [
    ("SELECT 1; DROP TABLE t", "more than one statement"),
    ("SELECT 1;;", "more than one statement"),
    ("DELETE FROM t", "must be a SELECT statement, not 'DELETE'"),
    ("CREATE TABLE x AS SELECT 1", "must be a SELECT statement"),
    ("-- only a comment", "must be a SELECT statement"),
    ("SELECT 'open FROM t", "unclosed string literal"),
    ('SELECT "open FROM t', "unclosed quoted name"),
    ("SELECT 1 /* open", "unclosed /* comment"),
    ("SELECT '\0'", "NUL character"),
])
def test_anything_but_one_select_is_e_sme_181(normalize, query, what):
    with pytest.raises(ScriptError) as caught:
        normalize(query)
    assert caught.value.message.startswith(f"E-SME-{error_codes.INVALID_INPUT_QUERY}: ")
    assert what in caught.value.message


def test_a_query_longer_than_the_metadata_column_is_e_sme_181(normalize):
    with pytest.raises(ScriptError, match=f"E-SME-{error_codes.INVALID_INPUT_QUERY}: .*2000000"):
        normalize("SELECT 1 FROM t WHERE " + "x" * 2_000_000)


@pytest.mark.parametrize("key", ["input_schema_name", "input_table_or_view_name"])
def test_a_query_together_with_a_table_is_e_sme_180(from_query, key):
    with raises_code(error_codes.INPUT_SOURCE_CONFLICT):
        from_query.run_script(TRAIN, query_json(**{key: "customers"}))
    assert from_query.statements == []


def test_neither_query_nor_table_is_e_sme_2_for_the_table(from_query):
    with raises_code(error_codes.MISSING_PARAMETER):
        from_query.run_script(TRAIN, query_json(query=LEAVE_OUT))


def test_the_query_is_described_through_a_view_exported_from_it_and_the_view_dropped(from_query):
    from_query.run_script(TRAIN, query_json())
    create = from_query.statements_matching(CREATE_VIEW)[0]
    assert create.final_sql == f'CREATE OR REPLACE VIEW "SME"."{VIEW}" AS ' + QUERY.strip()
    assert create.params is None
    export = from_query.statements_matching(r"^EXPORT ")[0]
    assert f'FROM "SME"."{VIEW}") INTO CSV' in export.final_sql
    drop = from_query.statements_matching(DROP_VIEW)[0]
    assert drop.params == {"s": "SME", "v": VIEW}
    order = [s.sql.split(" ")[0] for s in from_query.statements if s.sql.split(" ")[0] in
             ("CREATE", "EXPORT", "DROP")]
    assert order == ["CREATE", "EXPORT", "DROP"]


def test_the_job_is_recorded_with_its_query_and_region_and_no_table(from_query):
    from_query.run_script(TRAIN, query_json())
    params = from_query.statements_matching(RECORD)[0].params
    assert params["input_query"] == QUERY.strip()
    assert params["input_schema"] == SQL_NULL and params["input_table"] == SQL_NULL
    assert params["region"] == "eu-central-1"
    assert json.loads(params["column_names"]) == [name for name, _ in COLUMNS]


def test_a_table_source_is_recorded_with_its_schema_and_table_and_no_query(db):
    prepare_training(db)
    db.run_script(TRAIN, training_json())
    params = db.statements_matching(RECORD)[0].params
    assert (params["input_schema"], params["input_table"], params["input_query"]) == ("DATA", "CUSTOMERS", SQL_NULL)


def test_a_query_the_database_refuses_is_e_sme_182_with_its_message(from_query):
    from_query.on(CREATE_VIEW, error="[42000] object T not found [line 1, column 15]")
    with raises_code(error_codes.INPUT_QUERY_FAILED) as caught:
        from_query.run_script(TRAIN, query_json())
    assert "object T not found" in caught.value.message
    assert from_query.statements_matching(r"^EXPORT ") == []


def test_the_view_is_dropped_when_the_export_fails(from_query):
    from_query.on(r"^EXPORT ", error="[42636] S3 access denied")
    with raises_code(error_codes.EXPORT_FAILED):
        from_query.run_script(TRAIN, query_json())
    assert len(from_query.statements_matching(DROP_VIEW)) == 1
    assert from_query.statements_matching(RECORD) == []


def test_the_view_is_dropped_before_the_job_starts_so_a_udf_failure_leaves_nothing(from_query):
    from_query.on(r"SME_AUTOPILOT_TRAINING_UDF", error=UDF_OWN_MESSAGE)
    with raises_code(error_codes.AWS_CALL_FAILED):
        from_query.run_script(TRAIN, query_json())
    assert len(from_query.statements_matching(DROP_VIEW)) == 1
