"""The ordered SQL statements that install the extension into one schema (pure, no database).

With a package archive as the Python runtime, every UDF text (the four fixed UDFs here, the prediction
UDFs that the deployment Lua script generates later) starts with :func:`runtime_prelude`, which puts
the archive's unpacked directory on ``sys.path``; without one (script-language container, or no
runtime deployed) the texts carry no such line.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from exasol_sagemaker_extension import names
from exasol_sagemaker_extension.deployment.lua_bundler import build_lua_script_statements
from exasol_sagemaker_extension.deployment.renderer import render_template

LANGUAGE_ALIAS = "PYTHON3_SME"

UDF_NAMES = (
    "SME_AUTOPILOT_TRAINING_UDF",
    "SME_AUTOPILOT_JOB_STATUS_POLLING_UDF",
    "SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF",
    "SME_AUTOPILOT_ENDPOINT_DELETION_UDF",
)

METADATA_TABLE_NAMES = (
    "SME_METADATA_AUTOPILOT_JOBS",
    "SME_METADATA_AUTOPILOT_ENDPOINTS",
)

# Columns added to a metadata table after its first release, in the order they were added. Each one is
# added by ALTER TABLE ... ADD COLUMN IF NOT EXISTS after the CREATE TABLE IF NOT EXISTS, so a fresh
# schema and one deployed by an older version end with the same columns and keep their rows.
ADDED_METADATA_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "SME_METADATA_AUTOPILOT_JOBS": (),
    "SME_METADATA_AUTOPILOT_ENDPOINTS": (),
}

_UDF_PACKAGE = "exasol_sagemaker_extension.udfs"
_DEPLOYMENT_PACKAGE = "exasol_sagemaker_extension.deployment"
_PYTHON_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


@dataclass(frozen=True)
class DeployStatement:
    """One statement of the installation: what it creates and its SQL text (no terminator)."""

    description: str
    sql: str
    is_script: bool = False  # CREATE ... SCRIPT: its body may hold ';', so EXAplus ends it with '/'


def quote_python_string(text: str) -> str:
    """A single-quoted Python literal, escaped as ``sme.sql.quote_python_string`` does in Lua."""
    return "'" + "".join(
        _PYTHON_ESCAPES.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 32 or ord(char) == 127
                                      else char)
        for char in text) + "'"


def runtime_prelude(python_path: Optional[str]) -> str:
    """The lines a UDF text starts with to import from the archive at ``python_path`` ('' for None)."""
    if python_path is None:
        return ""
    literal = quote_python_string(python_path)
    return f"import sys\nif {literal} not in sys.path: sys.path.insert(0, {literal})\n"


def build_deploy_statements(schema: str, python_path: Optional[str] = None) -> list[DeployStatement]:
    """Schema, UDF, Lua script and table statements in run order; ``python_path``: the archive's directory."""
    names.validate_identifier(schema, "schema")
    return [
        _schema_statement(schema),
        *_udf_statements(schema, python_path),
        *_lua_statements(schema, python_path),
        *_metadata_table_statements(schema),
    ]


def _schema_statement(schema: str) -> DeployStatement:
    """Create the schema unless it exists; existing objects in it stay."""
    return DeployStatement(f"schema {names.quote_identifier(schema)}",
                           f"CREATE SCHEMA IF NOT EXISTS {names.quote_identifier(schema)}")


def _udf_statements(schema: str, python_path: Optional[str]) -> list[DeployStatement]:
    """Render the CREATE OR REPLACE statement of each fixed Python UDF."""
    prelude = runtime_prelude(python_path)
    return [
        DeployStatement(
            f"UDF {udf_name}",
            _clean(render_template(_UDF_PACKAGE, f"{udf_name}.sql.j2", schema=schema,
                                   language_alias=LANGUAGE_ALIAS, rules=names.lua_rules(),
                                   prelude=prelude)),
            is_script=True)
        for udf_name in UDF_NAMES
    ]


def _lua_statements(schema: str, python_path: Optional[str]) -> list[DeployStatement]:
    """Bundle each Lua entry script into its CREATE OR REPLACE LUA SCRIPT statement."""
    return [DeployStatement(f"Lua script {script_name}", _clean(sql), is_script=True)
            for script_name, sql in build_lua_script_statements(schema, python_path)]


def _metadata_table_statements(schema: str) -> list[DeployStatement]:
    """Create the metadata tables unless they exist, so recorded jobs and endpoints survive."""
    widths = {
        "job_name_width": names.JOB_NAME_MAX_LENGTH,
        "endpoint_name_width": names.ENDPOINT_NAME_MAX_LENGTH,
        "identifier_width": names.IDENTIFIER_MAX_LENGTH,
        "iam_role_width": names.IAM_ROLE_MAX_LENGTH,
    }
    statements = []
    for table_name in METADATA_TABLE_NAMES:
        statements.append(DeployStatement(
            f"metadata table {table_name}",
            _clean(render_template(_DEPLOYMENT_PACKAGE, f"{table_name}.sql.j2", schema=schema, **widths))))
        statements.extend(
            DeployStatement(f"column {column} of {table_name}",
                            f"ALTER TABLE {names.quote_identifier(schema)}.{names.quote_identifier(table_name)}"
                            f" ADD COLUMN IF NOT EXISTS {names.quote_identifier(column)} {sql_type}")
            for column, sql_type in ADDED_METADATA_COLUMNS.get(table_name, ()))
    return statements


def _clean(sql: str) -> str:
    """Drop trailing whitespace so every statement ends at its last token."""
    return sql.rstrip()
