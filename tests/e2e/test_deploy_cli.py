"""The deploy CLI installs the extension into the running stand-in over TLS, as into a real database."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import pyexasol
import pytest
from click.testing import Result

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.deployment.statements import (ADDED_METADATA_COLUMNS, METADATA_TABLE_NAMES,
                                                             build_deploy_statements)
from exasol_sagemaker_extension.local.ws_server import LocalExasolServer
from exasol_sagemaker_extension.names import quote_literal
from tests.e2e.conftest import DB_PASSWORD

def _expected_scripts() -> list[tuple]:
    """(name, type, language, input type, result type) of every script the installer creates, by name."""
    scripts = []
    for statement in build_deploy_statements("SME"):
        name = statement.description.split(" ")[-1]
        if statement.description.startswith("UDF "):
            head = statement.sql.split("(", 1)[0]
            scripts.append((name, "UDF", "PYTHON3_SME", "SET" if " SET SCRIPT " in head else "SCALAR",
                            "EMITS" if "\nEMITS (" in statement.sql or " EMITS (" in statement.sql else "RETURNS"))
        elif statement.description.startswith("Lua script "):
            scripts.append((name, "SCRIPTING", "LUA", None, "TABLE"))
    return sorted(scripts)


INSTALLED_SCRIPTS = _expected_scripts()
METADATA_TABLES = sorted((name,) for name in METADATA_TABLE_NAMES)
STATEMENT_COUNT = len(build_deploy_statements("SME"))


def installed_scripts(connection: pyexasol.ExaConnection, schema: str) -> list[tuple]:
    return connection.execute(
        "SELECT SCRIPT_NAME, SCRIPT_TYPE, SCRIPT_LANGUAGE, SCRIPT_INPUT_TYPE, SCRIPT_RESULT_TYPE "
        f"FROM SYS.EXA_ALL_SCRIPTS WHERE SCRIPT_SCHEMA = {quote_literal(schema)} ORDER BY SCRIPT_NAME").fetchall()


def installed_tables(connection: pyexasol.ExaConnection, schema: str) -> list[tuple]:
    return connection.execute(
        f"SELECT TABLE_NAME FROM SYS.EXA_ALL_TABLES WHERE TABLE_SCHEMA = {quote_literal(schema)} "
        "ORDER BY TABLE_NAME").fetchall()


@pytest.mark.parametrize("schema, tls", [
    ("SME_CA", "the stand-in's certificate as CA"),
    ("SME_PINNED", "the certificate's fingerprint pinned in the DSN"),
    ("SME_UNCHECKED", "validation turned off"),
])
def test_deploy_cli_installs_scripts_udfs_and_metadata_tables_into_the_stand_in(
        run_deploy_cli: Callable[..., Result], server: LocalExasolServer, certificate_file: Path,
        connection: pyexasol.ExaConnection, schema: str, tls: str) -> None:
    options = {
        "the stand-in's certificate as CA": (["--ssl-cert-path", str(certificate_file)], server.dsn),
        "the certificate's fingerprint pinned in the DSN": (["--no-use-ssl-cert-validation"], server.fingerprint_dsn),
        "validation turned off": (["--no-use-ssl-cert-validation"], server.dsn),
    }[tls]
    result = run_deploy_cli("--schema", schema, *options[0], dsn=options[1])
    assert result.exit_code == 0, result.output
    assert f'Done: {STATEMENT_COUNT} statements ran; the extension is installed in schema "{schema}".' in result.output
    assert installed_scripts(connection, schema) == INSTALLED_SCRIPTS
    assert installed_tables(connection, schema) == METADATA_TABLES


def test_deploy_cli_reads_a_quoted_schema_name_with_its_case_and_space(
        run_deploy_cli: Callable[..., Result], certificate_file: Path, connection: pyexasol.ExaConnection) -> None:
    result = run_deploy_cli("--schema", '"Sme Tools"', "--ssl-cert-path", str(certificate_file))
    assert result.exit_code == 0, result.output
    assert installed_scripts(connection, "Sme Tools") == INSTALLED_SCRIPTS


def test_deploying_again_replaces_the_scripts_and_keeps_the_metadata_rows(
        run_deploy_cli: Callable[..., Result], certificate_file: Path, connection: pyexasol.ExaConnection) -> None:
    assert run_deploy_cli("--schema", "SME_AGAIN", "--ssl-cert-path", str(certificate_file)).exit_code == 0
    connection.execute('INSERT INTO SME_AGAIN."SME_METADATA_AUTOPILOT_JOBS" ("JOB_NAME", "TARGET_ATTRIBUTE_NAME") '
                       "VALUES ('kept-1', 'y')")
    again = run_deploy_cli("--schema", "SME_AGAIN", "--ssl-cert-path", str(certificate_file))
    assert again.exit_code == 0, again.output
    assert connection.execute('SELECT "JOB_NAME" FROM SME_AGAIN."SME_METADATA_AUTOPILOT_JOBS"').fetchall() == [
        ("kept-1",)]
    assert installed_scripts(connection, "SME_AGAIN") == INSTALLED_SCRIPTS


def test_deploying_over_a_schema_of_the_first_release_adds_the_new_columns_and_keeps_the_rows(
        run_deploy_cli: Callable[..., Result], certificate_file: Path, connection: pyexasol.ExaConnection) -> None:
    connection.execute('CREATE SCHEMA "SME_OLD"')
    for statement in build_deploy_statements("SME_OLD"):
        if statement.description in ("metadata table SME_METADATA_AUTOPILOT_JOBS",
                                     "metadata table SME_METADATA_AUTOPILOT_ENDPOINTS"):
            connection.execute(statement.sql)  # the templates keep the columns of the first release
    connection.execute('INSERT INTO "SME_OLD"."SME_METADATA_AUTOPILOT_JOBS" ("JOB_NAME", "TARGET_ATTRIBUTE_NAME") '
                       "VALUES ('old-1', 'y')")
    result = run_deploy_cli("--schema", "SME_OLD", "--ssl-cert-path", str(certificate_file))
    assert result.exit_code == 0, result.output
    for table, added in ADDED_METADATA_COLUMNS.items():
        columns = [row[0] for row in connection.execute(
            "SELECT COLUMN_NAME FROM SYS.EXA_ALL_COLUMNS WHERE COLUMN_SCHEMA = 'SME_OLD' AND COLUMN_TABLE = "
            f"{quote_literal(table)} ORDER BY COLUMN_ORDINAL_POSITION").fetchall()]
        assert columns[-len(added):] == [name for name, _ in added]
    assert connection.execute('SELECT "JOB_NAME", "AWS_REGION", "INPUT_QUERY" FROM "SME_OLD".'
                              '"SME_METADATA_AUTOPILOT_JOBS"').fetchall() == [("old-1", None, None)]


@pytest.mark.parametrize("options, password, reason", [
    pytest.param([], DB_PASSWORD, "certificate verify failed", id="self-signed certificate not trusted"),
    pytest.param(["--no-use-ssl-cert-validation"], "Wrong-Password-3f9a", "authentication failed",
                 id="wrong password"),
])
def test_deploy_cli_that_cannot_connect_fails_with_e_sme_90_and_installs_nothing(
        run_deploy_cli: Callable[..., Result], connection: pyexasol.ExaConnection,
        options: list[str], password: str, reason: str) -> None:
    result = run_deploy_cli("--schema", "SME_NEVER", *options, password=password)
    assert result.exit_code == 1
    assert f"E-SME-{error_codes.DATABASE_CONNECTION_FAILED}: could not connect" in result.output
    assert reason in result.output
    assert password not in result.output
    assert connection.execute("SELECT COUNT(*) FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = 'SME_NEVER'").fetchval() == 0
