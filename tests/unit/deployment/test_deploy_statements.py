"""The ordered deploy statements, built without a database."""
from __future__ import annotations

import ast
import re
import sys

import pytest

from exasol_sagemaker_extension import names
from exasol_sagemaker_extension.deployment.lua_bundler import LUA_SCRIPTS
from exasol_sagemaker_extension.deployment.statements import (
    ADDED_METADATA_COLUMNS,
    METADATA_TABLE_NAMES,
    UDF_NAMES,
    VIEW_NAMES,
    build_deploy_statements,
    quote_python_string,
    runtime_prelude,
)
from exasol_sagemaker_extension.errors import InvalidInputError

LUA_SCRIPT_NAMES = tuple(LUA_SCRIPTS)  # the SQL surface itself is pinned in test_lua_bundler.py

# The metadata tables exactly as doc/developer_guide.md lists them.
JOBS_COLUMNS = [
    ("DATETIME", "TIMESTAMP"), ("JOB_NAME", "VARCHAR(32) PRIMARY KEY"),
    ("AWS_CREDENTIALS_CONNECTION_NAME", "VARCHAR(128)"), ("IAM_SAGEMAKER_ROLE", "VARCHAR(2048)"),
    ("S3_BUCKET_URI", "VARCHAR(2048)"), ("S3_OUTPUT_PATH", "VARCHAR(2048)"),
    ("TARGET_ATTRIBUTE_NAME", "VARCHAR(128)"), ("PROBLEM_TYPE", "VARCHAR(64)"),
    ("OBJECTIVE", "VARCHAR(64)"), ("MAX_RUNTIME_FOR_AUTOML_JOB_IN_SECONDS", "DECIMAL(18,0)"),
    ("MAX_CANDIDATES", "DECIMAL(18,0)"), ("MAX_RUNTIME_PER_TRAINING_JOB_IN_SECONDS", "DECIMAL(18,0)"),
    ("SESSION_ID", "DECIMAL(20,0)"), ("SCRIPT_USER", "VARCHAR(128)"),
    ("COLUMN_NAMES", "VARCHAR(2000000)"), ("COLUMN_TYPES", "VARCHAR(2000000)"),
]
ENDPOINTS_COLUMNS = [
    ("DATETIME", "TIMESTAMP"), ("ENDPOINT_NAME", "VARCHAR(63)"), ("JOB_NAME", "VARCHAR(32)"),
    ("UDF_SCHEMA_NAME", "VARCHAR(128)"), ("PROBLEM_TYPE", "VARCHAR(64)"),
    ("INSTANCE_TYPE", "VARCHAR(128)"), ("INSTANCE_COUNT", "DECIMAL(9,0)"),
    ("AWS_CREDENTIALS_CONNECTION_NAME", "VARCHAR(128)"), ("AWS_REGION", "VARCHAR(64)"),
    ("STATUS", "VARCHAR(32)"), ("SESSION_ID", "DECIMAL(20,0)"), ("SCRIPT_USER", "VARCHAR(128)"),
]

HOSTILE_SCHEMAS = [
    ('a"b', '"a""b"'),
    ("x; DROP SCHEMA y", '"x; DROP SCHEMA y"'),
    ("SELECT", '"SELECT"'),
    ("MixedCase", '"MixedCase"'),
    ("Schéma_ß_日本", '"Schéma_ß_日本"'),
    ("my-schema", '"my-schema"'),
    ("S" * 128, '"' + "S" * 128 + '"'),
    ("'; --", "\"'; --\""),
]


def _table_columns(sql: str) -> list[tuple[str, str]]:
    return re.findall(r'^\s+"(\w+)" (.+?),?$', sql, flags=re.MULTILINE)


def _by_description(schema: str = "SME") -> dict[str, str]:
    return {statement.description: statement.sql for statement in build_deploy_statements(schema)}


def _table_and_added_columns() -> list[str]:
    return [description for table in METADATA_TABLE_NAMES for description in
            [f"metadata table {table}"]
            + [f"column {column} of {table}" for column, _ in ADDED_METADATA_COLUMNS.get(table, ())]]


def test_statements_come_in_order_schema_udfs_lua_scripts_tables_with_their_added_columns_views():
    descriptions = [statement.description for statement in build_deploy_statements("SME")]
    assert descriptions == (['schema "SME"']
                            + [f"UDF {name}" for name in UDF_NAMES]
                            + [f"Lua script {name}" for name in LUA_SCRIPT_NAMES]
                            + _table_and_added_columns()
                            + [f"view {name}" for name in VIEW_NAMES])


@pytest.mark.parametrize("table, column, sql_type", [
    (table, column, sql_type) for table, columns in ADDED_METADATA_COLUMNS.items() for column, sql_type in columns])
def test_a_column_added_after_the_first_release_is_added_to_existing_tables_and_kept_if_there(table, column, sql_type):
    assert _by_description()[f"column {column} of {table}"] == (
        f'ALTER TABLE "SME"."{table}" ADD COLUMN IF NOT EXISTS "{column}" {sql_type}')


def test_added_columns_are_not_in_the_first_release_templates():
    for table, columns in ADDED_METADATA_COLUMNS.items():
        created = [name for name, _ in _table_columns(_by_description()[f"metadata table {table}"])]
        assert not {name for name, _ in columns} & set(created), table


def test_schema_is_created_only_if_missing():
    assert build_deploy_statements("SME")[0].sql == 'CREATE SCHEMA IF NOT EXISTS "SME"'


@pytest.mark.parametrize("udf_name", UDF_NAMES)
def test_each_udf_is_replaced_in_the_schema_with_the_sme_language_alias(udf_name):
    sql = _by_description()[f"UDF {udf_name}"]
    assert sql.startswith(f'CREATE OR REPLACE PYTHON3_SME SCALAR SCRIPT "SME"."{udf_name}"(')


@pytest.mark.parametrize("script_name", LUA_SCRIPT_NAMES)
def test_each_lua_script_is_replaced_in_the_schema(script_name):
    sql = _by_description()[f"Lua script {script_name}"]
    assert re.match(rf'CREATE OR REPLACE LUA SCRIPT "SME"\."{script_name}"\s*\(', sql)


@pytest.mark.parametrize("table_name, columns", [
    ("SME_METADATA_AUTOPILOT_JOBS", JOBS_COLUMNS),
    ("SME_METADATA_AUTOPILOT_ENDPOINTS", ENDPOINTS_COLUMNS),
])
def test_metadata_table_has_the_documented_columns_and_is_kept_when_it_exists(table_name, columns):
    sql = _by_description()[f"metadata table {table_name}"]
    assert sql.startswith(f'CREATE TABLE IF NOT EXISTS "SME"."{table_name}" (')
    assert _table_columns(sql) == columns


def test_metadata_job_name_width_follows_the_limit_in_names(monkeypatch):
    monkeypatch.setattr(names, "JOB_NAME_MAX_LENGTH", 40)
    sql = _by_description()["metadata table SME_METADATA_AUTOPILOT_JOBS"]
    assert ("JOB_NAME", "VARCHAR(40) PRIMARY KEY") in _table_columns(sql)


@pytest.mark.parametrize("schema, quoted", HOSTILE_SCHEMAS)
def test_every_statement_names_the_schema_quoted(schema, quoted):
    schema_statement, *object_statements = build_deploy_statements(schema)
    assert schema_statement.sql.endswith(f" {quoted}")
    assert [s.description for s in object_statements if f" {quoted}." not in s.sql] == []


@pytest.mark.parametrize("schema, quoted", HOSTILE_SCHEMAS)
def test_a_hostile_schema_name_stays_one_identifier_in_the_schema_statement(schema, quoted):
    assert build_deploy_statements(schema)[0].sql == f"CREATE SCHEMA IF NOT EXISTS {quoted}"


@pytest.mark.parametrize("schema", ["", "S" * 129, "tab\there", "line\nbreak"])
def test_an_impossible_schema_name_is_rejected_with_e_sme_7(schema):
    with pytest.raises(InvalidInputError, match=r"^E-SME-7: "):
        build_deploy_statements(schema)


def test_plain_statements_create_and_never_drop_delete_or_truncate():
    plain = [s.sql for s in build_deploy_statements("SME") if not s.is_script]
    assert len(plain) == 1 + len(_table_and_added_columns()) + len(VIEW_NAMES)
    assert all(re.match(r"CREATE (SCHEMA|TABLE) IF NOT EXISTS |ALTER TABLE \S+ ADD COLUMN IF NOT EXISTS "
                        r"|CREATE OR REPLACE VIEW ", sql) for sql in plain)
    assert [sql for sql in plain if re.search(r"\b(DROP|DELETE|TRUNCATE)\b", sql)] == []


def test_every_statement_creates_or_adds_something_and_none_ends_with_a_terminator():
    statements = build_deploy_statements("SME")
    assert all(s.sql.startswith(("CREATE ", "ALTER TABLE ")) for s in statements)
    assert [s.description for s in statements if s.sql.rstrip().endswith((";", "\n/"))] == []


def test_scripts_are_marked_as_scripts_and_tables_are_not():
    kinds = [(s.description.split(" ")[0], s.is_script) for s in build_deploy_statements("SME")]
    assert kinds == ([("schema", False)] + [("UDF", True)] * len(UDF_NAMES) + [("Lua", True)] * len(LUA_SCRIPTS)
                     + [(description.split(" ")[0], False) for description in _table_and_added_columns()]
                     + [("view", False)] * len(VIEW_NAMES))


def test_building_twice_gives_the_same_statements():
    assert build_deploy_statements("SME") == build_deploy_statements("SME")


# ---- the runtime prelude: the package archive's directory on sys.path ----------------------------

ARCHIVE_PATH = "/buckets/bfsdefault/default/exasol_sagemaker_extension_runtime"
HOSTILE_PATHS = ["/buckets/b/d/it's", "/buckets/b/d/back\\slash", "/buckets/b/d/line\nbreak",
                 "/buckets/x'); import os; os.system('x') #", "/buckets/\x00\x1b\x7f", "/buckets/ünï/日本",
                 "/buckets/b/d/\r\t"]


def _udf_python(python_path=None) -> dict[str, str]:
    return {s.description: s.sql.split(" AS\n", 1)[1]
            for s in build_deploy_statements("SME", python_path) if s.description.startswith("UDF ")}


def test_without_a_python_path_every_udf_text_starts_with_its_import():
    assert all(text.startswith("from exasol_sagemaker_extension.udfs.") for text in _udf_python().values())


def test_with_a_python_path_every_udf_text_is_the_prelude_then_the_same_text():
    plain, with_prelude = _udf_python(), _udf_python(ARCHIVE_PATH)
    assert with_prelude == {name: runtime_prelude(ARCHIVE_PATH) + text for name, text in plain.items()}


def test_the_prelude_puts_the_archive_first_on_sys_path_and_only_once(monkeypatch):
    monkeypatch.setattr(sys, "path", ["/usr/lib/python3"])
    for _ in range(2):
        exec(runtime_prelude(ARCHIVE_PATH), {})  # noqa: S102 - the generated text is what is tested
    assert sys.path == [ARCHIVE_PATH, "/usr/lib/python3"]


def test_the_prelude_is_two_lines():
    assert runtime_prelude(ARCHIVE_PATH) == (
        f"import sys\nif '{ARCHIVE_PATH}' not in sys.path: sys.path.insert(0, '{ARCHIVE_PATH}')\n")
    assert runtime_prelude(None) == ""


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_a_hostile_python_path_stays_one_python_literal(path):
    tree = ast.parse(runtime_prelude(path))
    assert len(tree.body) == 2 and "\n" not in runtime_prelude(path).split("\n", 1)[1].rstrip("\n")
    literals = [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)]
    assert literals == [path, 0, path]


@pytest.mark.parametrize("text", ["plain", "it's", "a\\b", "\x00\x01\x1f\x7f", "\n\r\t", "ünï 日本"])
def test_quote_python_string_reads_back_as_the_text(text):
    assert ast.literal_eval(quote_python_string(text)) == text


def test_the_lua_scripts_carry_the_python_path_for_generated_udfs():
    scripts = {s.description: s.sql for s in build_deploy_statements("SME", ARCHIVE_PATH)
               if s.description.startswith("Lua script ")}
    deploy_script = scripts["Lua script SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT"]
    assert f'M.PYTHON_PATH = "{ARCHIVE_PATH}"' in deploy_script


def test_the_python_path_changes_only_udf_texts_and_the_runtime_module():
    plain, with_path = build_deploy_statements("SME"), build_deploy_statements("SME", ARCHIVE_PATH)
    changed = [a.description for a, b in zip(plain, with_path) if a.sql != b.sql]
    assert changed == [f"UDF {name}" for name in UDF_NAMES] + [
        f"Lua script {name}" for name in LUA_SCRIPT_NAMES
        if "sme.runtime" in _by_description()[f"Lua script {name}"]]
