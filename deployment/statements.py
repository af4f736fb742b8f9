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
    "SME_BATCH_TRANSFORM_START_UDF",
    "SME_BATCH_TRANSFORM_WAIT_UDF",
    "SME_AUTOPILOT_CANDIDATES_UDF",
    "SME_AUTOPILOT_CANDIDATE_METRICS_UDF",
    "SME_AUTOPILOT_FEATURE_IMPORTANCE_UDF",
    "SME_AUTOPILOT_MODEL_QUALITY_UDF",
    "SME_AUTOPILOT_JOB_STOP_UDF",
    "SME_AWS_RESOURCE_STATE_UDF",
    "SME_AUTOPILOT_JOB_DATA_DELETION_UDF",
    "SME_AWS_ENDPOINT_SWEEP_UDF",
    "SME_ENDPOINT_DESCRIPTION_UDF",
)

METADATA_TABLE_NAMES = (
    "SME_METADATA_AUTOPILOT_JOBS",
    "SME_METADATA_AUTOPILOT_ENDPOINTS",
    "SME_METADATA_BATCH_TRANSFORM_JOBS",
    "SME_METADATA_AUTOPILOT_CANDIDATES",
    "SME_METADATA_AUTOPILOT_CANDIDATE_METRICS",
    "SME_METADATA_AUTOPILOT_FEATURE_IMPORTANCE",
    "SME_METADATA_AUTOPILOT_MODEL_QUALITY",
    "SME_METADATA_AWS_RESOURCE_STATE",
    "SME_METADATA_PREDICTION_UDFS",
)

# Views over the metadata tables, created (CREATE OR REPLACE) after every table and added column.
VIEW_NAMES = (
    "SME_AWS_RESOURCES",
)

# Columns added to a metadata table after its first release, in the order they were added. Each one is
# added by ALTER TABLE ... ADD COLUMN IF NOT EXISTS after the CREATE TABLE IF NOT EXISTS, so a fresh
# schema and one deployed by an older version end with the same columns and keep their rows.
ADDED_METADATA_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "SME_METADATA_AUTOPILOT_JOBS": (
        ("AWS_REGION", "VARCHAR(64)"),
        ("INPUT_SCHEMA_NAME", f"VARCHAR({names.IDENTIFIER_MAX_LENGTH})"),
        ("INPUT_TABLE_OR_VIEW_NAME", f"VARCHAR({names.IDENTIFIER_MAX_LENGTH})"),
        ("INPUT_QUERY", f"VARCHAR({names.INPUT_QUERY_MAX_LENGTH})"),
    ),
    "SME_METADATA_AUTOPILOT_ENDPOINTS": (
        ("CANDIDATE_NAME", f"VARCHAR({names.CANDIDATE_NAME_MAX_LENGTH})"),
        ("SERVERLESS_MEMORY_SIZE_IN_MB", "DECIMAL(9,0)"),
        ("SERVERLESS_MAX_CONCURRENCY", "DECIMAL(9,0)"),
    ),
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
        *_view_statements(schema),
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
        "transform_job_name_width": names.TRANSFORM_JOB_NAME_MAX_LENGTH,
        "identifier_width": names.IDENTIFIER_MAX_LENGTH,
        "iam_role_width": names.IAM_ROLE_MAX_LENGTH,
        "candidate_name_width": names.CANDIDATE_NAME_MAX_LENGTH,
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


def _view_statements(schema: str) -> list[DeployStatement]:
    """Create or replace the views; they hold no rows, so replacing them loses nothing."""
    return [DeployStatement(f"view {view_name}",
                            _clean(render_template(_DEPLOYMENT_PACKAGE, f"{view_name}.sql.j2", schema=schema)))
            for view_name in VIEW_NAMES]


def _clean(sql: str) -> str:
    """Drop trailing whitespace so every statement ends at its last token."""
    return sql.rstrip()
