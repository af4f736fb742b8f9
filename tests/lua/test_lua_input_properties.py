"""Property-based: whatever a user passes (missing keys, wrong types, oversized, unicode, quotes, semicolons,
comment marks, placeholder look-alikes, NUL and control characters), every script ends in an E-SME error or
a result, never in a Lua runtime error, and no user value is ever part of a statement's text: values go
through :name placeholders and identifiers through ::name."""
from __future__ import annotations

import json
import re

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exasol_sagemaker_extension.deployment.lua_bundler import LUA_SCRIPTS
from tests.lua.batch_transform_scenarios import BATCH, BATCH_PARAMS, batch_json
from tests.lua.fake_exasol import FakeExasol, ScriptError
from tests.lua.lua_scenarios import TRAIN, TRAINING_PARAMS
from tests.lua.script_registry import (NOT_YET_COVERED, SCRIPT_CASES, TEXT_PARAMETERS,
                                       prepare_batch_prediction_on_any_table, with_anything)

FRAGMENTS = ["'", '"', ";", "--", "/*", "::x", ":x", "\x00", "\n", "\r", "\t", "\x1b", "\x7f", "\\", "%s",
             "' OR '1'='1", "'; DROP TABLE t; --", '"; DROP SCHEMA s CASCADE; --', "é", "日本", "🙂", "\u202e",
             "NULL", "null", "{}", "[]", "${x}", "{{x}}", "a-b", "A_B", "x" * 129]
HOSTILE_TEXT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), min_size=1, max_size=5).map("".join)
OVERSIZED_TEXT = st.integers(min_value=129, max_value=5000).map(lambda n: "A" * n)
ANY_JSON_VALUE = st.one_of(
    HOSTILE_TEXT, OVERSIZED_TEXT, st.none(), st.booleans(), st.integers(min_value=-10**20, max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(["12", "-1", "0", "1e3", "3.5", ""]),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=4), st.integers(), max_size=2))
BATCH_OPTIONAL_KEYS = ["instance_type", "instance_count", "transform_job_name", "candidate_name",
                       "max_wait_in_seconds", "replace_output_table"]
KEY_COLUMNS_VALUES = st.one_of(
    ANY_JSON_VALUE, st.lists(st.one_of(HOSTILE_TEXT, OVERSIZED_TEXT, st.integers(), st.none()), max_size=3))
HOSTILE_NAMES = ["x'; DROP TABLE t; --", 'Mixed "Quoted" Name', "日本 🙂 ::x :x --"]
OPTIONAL_KEYS = ["problem_type", "objective", "max_candidates", "max_runtime_per_training_job_in_seconds",
                 "max_runtime_for_automl_job_in_seconds"]
LEAVE_OUT = object()
E_SME = re.compile(r"^E-SME-\d+: ")
PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def run_and_check(script: str, arguments: tuple, user_values: list, prepare=None) -> tuple[FakeExasol, bool]:
    """Run on a fresh fake database: an E-SME error or a result, and no user value in any statement text.
    Returns the database and whether the script gave a result. ``prepare``: other answers than the registry's."""
    db = FakeExasol()
    (prepare or SCRIPT_CASES[script].prepare)(db)
    succeeded = True
    try:
        db.run_script(script, *arguments)
    except ScriptError as error:
        assert E_SME.match(error.message), error.message
        assert "stack traceback" not in error.message and "attempt to" not in error.message, error.message
        succeeded = False
    for statement in db.statements:
        if statement.sql.startswith("CREATE OR REPLACE PYTHON3_SME"):
            continue  # the prediction UDF's text is written with escaping; tests/lua/test_lua_prediction_udf_sql.py
        for value in user_values:
            if isinstance(value, str) and len(value) >= 6 and not value.isalnum():
                assert value not in statement.sql, (value, statement.sql)
    return db, succeeded


@PROPERTY_SETTINGS
@given(changes=st.dictionaries(st.sampled_from(sorted(TRAINING_PARAMS) + OPTIONAL_KEYS + ["unknown key"]),
                               st.one_of(ANY_JSON_VALUE, st.just(LEAVE_OUT)), max_size=4))
def test_any_training_json_ends_in_an_e_sme_error_or_a_job_and_never_in_statement_text(changes):
    params = {**TRAINING_PARAMS, **changes}
    params = {key: value for key, value in params.items() if value is not LEAVE_OUT}
    run_and_check(TRAIN, (json.dumps(params),), list(params.values()))


@PROPERTY_SETTINGS
@given(text=st.one_of(HOSTILE_TEXT, st.sampled_from(["", "{", "[1,2]", '"x"', "null", "{\"job_name\": }", "\x00{}"])))
def test_any_training_parameter_text_ends_in_an_e_sme_error(text):
    run_and_check(TRAIN, (text,), [text])


def test_every_script_of_the_sql_surface_is_in_the_registry_or_listed_as_not_yet_covered():
    assert set(LUA_SCRIPTS) - set(SCRIPT_CASES) - NOT_YET_COVERED == set()
    assert set(SCRIPT_CASES) <= set(LUA_SCRIPTS)


@pytest.mark.parametrize("script", sorted(SCRIPT_CASES))
def test_every_registered_script_runs_with_its_plain_arguments(script):
    case = SCRIPT_CASES[script]
    _, succeeded = run_and_check(script, case.arguments, [])
    assert succeeded or not case.succeeds


@pytest.mark.parametrize("name", ["x'; DROP TABLE t; --", 'Mixed "Quoted" Name', "日本 🙂 ::x :x --"])
def test_hostile_schema_and_table_names_reach_the_export_only_through_placeholders(name):
    params = {**TRAINING_PARAMS, "input_schema_name": name, "input_table_or_view_name": name}
    db, succeeded = run_and_check(TRAIN, (json.dumps(params),), [name])
    assert succeeded
    (export,) = db.statements_matching("^EXPORT")
    quoted = '"' + name.replace('"', '""') + '"'
    assert f"FROM {quoted}.{quoted}) INTO CSV AT" in export.final_sql and name not in export.sql


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_hostile_text_in_any_argument_of_any_script_is_refused_or_contained(data):
    script = data.draw(st.sampled_from(sorted(SCRIPT_CASES)), label="script")
    parameters = LUA_SCRIPTS[script].parameters
    text_positions = [index for index, name in enumerate(parameters) if name in TEXT_PARAMETERS]
    position = data.draw(st.sampled_from(text_positions), label="parameter")
    value = data.draw(st.one_of(HOSTILE_TEXT, OVERSIZED_TEXT), label="value")
    arguments = list(SCRIPT_CASES[script].arguments)
    arguments[position] = value
    run_and_check(script, tuple(arguments), [value])


def with_text(script: str, parameter: str, value: str) -> tuple:
    """The script's registered arguments with ``value`` for a positional parameter or a key of its JSON."""
    arguments = list(SCRIPT_CASES[script].arguments)
    parameters = LUA_SCRIPTS[script].parameters
    if parameter in parameters:
        arguments[parameters.index(parameter)] = value
    else:
        arguments[0] = json.dumps({**json.loads(arguments[0]), parameter: value})
    return tuple(arguments)


def udf_calls(db: FakeExasol) -> list:
    return [statement for statement in db.statements if re.search(r'::s\."SME_\w+_UDF"\(', statement.sql)]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
@pytest.mark.parametrize("script", sorted(SCRIPT_CASES))
def test_a_hostile_connection_name_reaches_the_udf_of_every_script_only_as_a_value(script, name):
    db, succeeded = run_and_check(script, with_text(script, "aws_credentials_connection_name", name), [name])
    assert succeeded
    assert any(name in statement.params.values() for statement in udf_calls(db))


def batch_prediction_with_key_columns(names: list):
    """Answers in which the input table has the scenario's columns and ``names`` (the strings among them)."""
    return with_anything(lambda db: prepare_batch_prediction_on_any_table(
        db, [name for name in names if isinstance(name, str)]))


@PROPERTY_SETTINGS
@given(changes=st.dictionaries(st.sampled_from(sorted(BATCH_PARAMS) + BATCH_OPTIONAL_KEYS + ["unknown key"]),
                               st.one_of(ANY_JSON_VALUE, st.just(LEAVE_OUT)), max_size=4),
       key_columns=st.one_of(st.just(LEAVE_OUT), KEY_COLUMNS_VALUES))
def test_any_batch_prediction_json_ends_in_an_e_sme_error_or_a_table_and_never_in_statement_text(changes,
                                                                                                  key_columns):
    params = {**BATCH_PARAMS, **changes}
    if key_columns is not LEAVE_OUT:
        params["key_columns"] = key_columns
    params = {key: value for key, value in params.items() if value is not LEAVE_OUT}
    keys = params.get("key_columns")
    keys = keys if isinstance(keys, list) else [keys]
    run_and_check(BATCH, (json.dumps(params),), list(params.values()) + keys, batch_prediction_with_key_columns(keys))


# Where each name of the batch prediction's JSON must arrive, always through a placeholder (names of AWS
# objects, such as candidate_name, allow no hostile characters and are refused).
BATCH_NAME_STATEMENTS = {
    "input_schema_name": ["^EXPORT"],
    "input_table_or_view_name": ["^EXPORT"],
    "key_columns": ["^EXPORT", "^CREATE TABLE", "^IMPORT INTO"],
    "output_schema_name": ["^CREATE TABLE", "^IMPORT INTO", r'^INSERT INTO ::s\."SME_METADATA_BATCH_TRANSFORM_JOBS"'],
    "output_table_name": ["^CREATE TABLE", "^IMPORT INTO", r'^INSERT INTO ::s\."SME_METADATA_BATCH_TRANSFORM_JOBS"'],
}


@pytest.mark.parametrize("name", HOSTILE_NAMES)
@pytest.mark.parametrize("key", sorted(BATCH_NAME_STATEMENTS))
def test_hostile_names_in_the_batch_prediction_json_reach_their_statements_only_through_placeholders(key, name):
    value = [name] if key == "key_columns" else name
    db, succeeded = run_and_check(BATCH, (batch_json(**{key: value}),), [name],
                                  batch_prediction_with_key_columns([name]))
    assert succeeded
    for pattern in BATCH_NAME_STATEMENTS[key]:
        (statement,) = db.statements_matching(pattern)
        assert name in statement.params.values(), (pattern, statement.params)
