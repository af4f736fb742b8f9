"""The deploy command, run in-process with pyexasol's connect replaced by a recorder.

These tests install the scripts only (``--no-deploy-archive``); the Python runtime's upload and
activation are tested in ``test_deploy_cli_runtime.py``.
"""
from __future__ import annotations

import re
import ssl
import subprocess
import sys

import pyexasol
import pytest

from exasol_sagemaker_extension.deployment import deploy_cli
from exasol_sagemaker_extension.deployment.lua_bundler import LUA_SCRIPTS
from exasol_sagemaker_extension.deployment.statements import UDF_NAMES, build_deploy_statements

from .database_stand_ins import PASSWORD

SCRIPTS_ONLY = "--no-deploy-archive"
SHORT_FORM = ["--host", "db.example.com", "--port", "8563", "--user", "sys", "--pass", PASSWORD, SCRIPTS_ONLY]
STANDARD_FORM = ["--dsn", "db.example.com:8563", "--db-user", "sys", "--db-password", PASSWORD, SCRIPTS_ONLY]
EXPECTED_LOGIN = {"dsn": "db.example.com:8563", "user": "sys", "password": PASSWORD,
                  "encryption": True, "websocket_sslopt": {"cert_reqs": ssl.CERT_REQUIRED}}


def _deploy_sql(schema: str = "SME") -> list[str]:
    return [statement.sql for statement in build_deploy_statements(schema)]


@pytest.mark.parametrize("connection_args", [SHORT_FORM, STANDARD_FORM], ids=["short", "standard"])
def test_both_option_forms_log_in_with_the_same_parameters(run_cli, connector, connection_args):
    result = run_cli(*connection_args, "--schema", "sme")
    assert result.exit_code == 0, result.output
    assert connector.calls == [EXPECTED_LOGIN]


def test_deploy_runs_schema_udfs_lua_scripts_and_tables_in_order(run_cli, connector):
    result = run_cli(*STANDARD_FORM, "--schema", "sme")
    assert result.exit_code == 0, result.output
    assert connector.executed == _deploy_sql("SME")
    heads = [sql.split("(")[0].split(" SCRIPT ")[0] for sql in connector.executed]
    assert heads[:1 + len(UDF_NAMES)] == ['CREATE SCHEMA IF NOT EXISTS "SME"'] + [
        "CREATE OR REPLACE PYTHON3_SME " + ("SCALAR" if " SCALAR SCRIPT " in sql else "SET")
        for sql in connector.executed[1:1 + len(UDF_NAMES)]]
    lua_end = 1 + len(UDF_NAMES) + len(LUA_SCRIPTS)
    assert heads[1 + len(UDF_NAMES):lua_end] == ["CREATE OR REPLACE LUA"] * len(LUA_SCRIPTS)
    assert heads[lua_end:lua_end + 2] == ['CREATE TABLE IF NOT EXISTS "SME"."SME_METADATA_AUTOPILOT_JOBS" ',
                                         'ALTER TABLE "SME"."SME_METADATA_AUTOPILOT_JOBS" ADD COLUMN IF NOT EXISTS '
                                         '"AWS_REGION" VARCHAR']


def test_deploy_closes_the_connection(run_cli, connector):
    run_cli(*STANDARD_FORM, "--schema", "sme")
    assert connector.connections[0].closed


def test_deploying_twice_sends_the_same_statements_and_never_removes_anything(run_cli, connector):
    first = run_cli(*STANDARD_FORM, "--schema", "sme")
    second = run_cli(*STANDARD_FORM, "--schema", "sme")
    assert (first.exit_code, second.exit_code) == (0, 0)
    assert connector.connections[0].executed == connector.connections[1].executed
    assert all(sql.startswith(("CREATE SCHEMA IF NOT EXISTS ", "CREATE OR REPLACE ",
                               "CREATE TABLE IF NOT EXISTS ")) or " ADD COLUMN IF NOT EXISTS " in sql
               for sql in connector.connections[1].executed)


def test_deploy_prints_a_progress_line_per_statement_and_a_summary(run_cli, connector):
    result = run_cli(*STANDARD_FORM, "--schema", "sme")
    total = len(build_deploy_statements("SME"))
    progress = re.findall(rf"^\[(\d+)/{total}\] (.+)$", result.stdout, flags=re.MULTILINE)
    assert [description for _, description in progress] == [
        s.description for s in build_deploy_statements("SME")]
    assert result.stdout.rstrip().splitlines()[-1] == (
        f'Done: {total} statements ran; the extension is installed in schema "SME".')


@pytest.mark.parametrize("schema_arg, schema", [
    ("sme", "SME"),
    ("My_Schema", "MY_SCHEMA"),
    ('"My Schema"', "My Schema"),
    ('"select"', "select"),
    ("select", "SELECT"),
    ('"a""b"', 'a"b'),
    ('"x; DROP SCHEMA y"', "x; DROP SCHEMA y"),
    ('"Schéma_日本"', "Schéma_日本"),
    ('"my-schema"', "my-schema"),
    ('"' + "S" * 128 + '"', "S" * 128),
])
def test_schema_option_is_read_as_sql_reads_an_identifier(run_cli, connector, schema_arg, schema):
    result = run_cli(*STANDARD_FORM, "--schema", schema_arg)
    assert result.exit_code == 0, result.output
    assert connector.executed == _deploy_sql(schema)


@pytest.mark.parametrize("schema_arg", [
    'a"b', "x; DROP SCHEMA y", "my-schema", "", '""', "S" * 129, '"' + "S" * 129 + '"',
    "Schéma", '"unbalanced', 'a"; DROP SCHEMA "b',
])
def test_an_invalid_schema_is_refused_with_e_sme_7_before_connecting(run_cli, connector,
                                                                      schema_arg):
    result = run_cli(*STANDARD_FORM, "--schema", schema_arg)
    assert result.exit_code == 2
    assert "E-SME-7: invalid schema" in result.stderr
    assert connector.calls == []


def test_password_comes_from_the_db_password_environment_variable(run_cli, connector):
    result = run_cli("--dsn", "db.example.com:8563", "--db-user", "sys", "--schema", "sme", SCRIPTS_ONLY,
                     env={"DB_PASSWORD": PASSWORD})
    assert result.exit_code == 0, result.output
    assert connector.calls == [EXPECTED_LOGIN]


def test_password_is_asked_for_hidden_on_a_terminal(run_cli, connector, monkeypatch):
    monkeypatch.setattr(deploy_cli, "_stdin_is_interactive", lambda: True)
    result = run_cli("--dsn", "db.example.com:8563", "--db-user", "sys", "--schema", "sme", SCRIPTS_ONLY,
                     stdin=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert connector.calls == [EXPECTED_LOGIN]
    assert PASSWORD not in result.output


def test_missing_password_without_a_terminal_is_a_usage_error(run_cli, connector):
    result = run_cli("--dsn", "db.example.com:8563", "--db-user", "sys", "--schema", "sme", SCRIPTS_ONLY)
    assert result.exit_code == 2
    assert "E-SME-92: no password given" in result.stderr
    assert connector.calls == []


@pytest.mark.parametrize("tls_args, sslopt", [
    ([], {"cert_reqs": ssl.CERT_REQUIRED}),
    (["--use-ssl-cert-validation"], {"cert_reqs": ssl.CERT_REQUIRED}),
    (["--no-use-ssl-cert-validation"], {"cert_reqs": ssl.CERT_NONE}),
    (["--ssl-cert-path", "{ca}"], {"cert_reqs": ssl.CERT_REQUIRED, "ca_certs": "{ca}"}),
    (["--ssl-cert-path", "{dir}"], {"cert_reqs": ssl.CERT_REQUIRED, "ca_cert_path": "{dir}"}),
    (["--ssl-client-cert-path", "{cert}", "--ssl-client-private-key", "{key}"],
     {"cert_reqs": ssl.CERT_REQUIRED, "certfile": "{cert}", "keyfile": "{key}"}),
])
def test_tls_options_map_to_the_websocket_sslopt(run_cli, connector, tmp_path, tls_args, sslopt):
    paths = {"ca": tmp_path / "ca.pem", "cert": tmp_path / "c.pem", "key": tmp_path / "c.key"}
    for path in paths.values():
        path.write_text("PEM")
    values = {name: str(path) for name, path in paths.items()} | {"dir": str(tmp_path)}
    result = run_cli(*STANDARD_FORM, "--schema", "sme",
                     *[arg.format(**values) for arg in tls_args])
    assert result.exit_code == 0, result.output
    expected = {key: value.format(**values) if isinstance(value, str) else value
                for key, value in sslopt.items()}
    assert connector.calls[0]["websocket_sslopt"] == expected


def test_turning_validation_off_warns(run_cli, connector):
    result = run_cli(*STANDARD_FORM, "--schema", "sme", "--no-use-ssl-cert-validation")
    assert "not validated" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["--host", "h", "--dsn", "h:8563", "--user", "u", "--pass", "p"], "not both"),
    (["--port", "8563", "--dsn", "h:8563", "--user", "u", "--pass", "p"], "not both"),
    (["--port", "8563", "--user", "u", "--pass", "p"], "--port needs --host"),
    (["--user", "u", "--pass", "p"], "no database given"),
    (["--host", "h:8563", "--user", "u", "--pass", "p"], "--host takes one host name"),
    (["--host", "h", "--pass", "p"], "no database user given"),
    (["--dsn", "h:8563", "--user", "u", "--pass", "p", "--ssl-client-private-key", "{key}"],
     "--ssl-client-private-key needs --ssl-client-cert-path"),
    (["--dsn", "h:8563", "--user", "u", "--pass", "p", "--ssl-cert-path", "{key}",
      "--no-use-ssl-cert-validation"], "no effect with --no-use-ssl-cert-validation"),
])
def test_conflicting_or_missing_connection_options_are_usage_errors(run_cli, connector, tmp_path,
                                                                     args, message):
    (tmp_path / "k.pem").write_text("PEM")
    result = run_cli(*[arg.format(key=tmp_path / "k.pem") for arg in args], "--schema", "sme")
    assert result.exit_code == 2
    assert "E-SME-92: " in result.stderr and message in result.stderr
    assert connector.calls == []


@pytest.mark.parametrize("option", ["--ssl-cert-path", "--ssl-client-cert-path",
                                    "--ssl-client-private-key"])
def test_a_tls_file_that_does_not_exist_is_a_usage_error(run_cli, connector, tmp_path, option):
    result = run_cli(*STANDARD_FORM, "--schema", "sme", option, str(tmp_path / "missing.pem"))
    assert result.exit_code == 2 and "does not exist" in result.stderr
    assert connector.calls == []


def test_missing_schema_is_a_usage_error(run_cli, connector):
    result = run_cli(*STANDARD_FORM)
    assert result.exit_code == 2 and "Missing option '--schema'" in result.stderr


def test_a_failing_statement_exits_1_with_e_sme_91_and_no_traceback(run_cli, connector):
    connector.fail_on = "LUA SCRIPT"
    result = run_cli(*STANDARD_FORM, "--schema", "sme")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: E-SME-91: creating Lua script SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT failed "
        f"(statement {2 + len(UDF_NAMES)} of {len(build_deploy_statements('SME'))}): [42500] insufficient"
        " privileges for creating script. ")
    assert "Traceback" not in result.output
    assert len(connector.executed) == 1 + len(UDF_NAMES) and connector.connections[0].closed


def test_a_connection_that_fails_to_close_does_not_hide_the_statement_error(run_cli, connector):
    connector.fail_on, connector.fail_on_close = "LUA SCRIPT", True
    result = run_cli(*STANDARD_FORM, "--schema", "sme")
    assert result.exit_code == 1 and "E-SME-91: creating Lua script" in result.stderr


def test_the_password_never_reaches_the_output_even_if_the_database_echoes_it(run_cli, connector):
    connector.fail_on = "CREATE SCHEMA"
    connector.failure_message = f"syntax error near '{PASSWORD}'"
    result = run_cli(*SHORT_FORM, "--schema", "sme")
    assert result.exit_code == 1 and "E-SME-91" in result.stderr
    assert PASSWORD not in result.output


@pytest.mark.parametrize("error_class", [pyexasol.ExaConnectionFailedError, pyexasol.ExaAuthError])
def test_a_connection_failure_exits_1_with_e_sme_90(run_cli, connector, error_class):
    connector.refuse_with(error_class, "Could not connect to Exasol: timed out")
    result = run_cli(*SHORT_FORM, "--schema", "sme")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: E-SME-90: could not connect to the database at db.example.com:8563 as user sys: ")
    assert "Could not connect to Exasol: timed out" in result.stderr
    assert "Traceback" not in result.output and PASSWORD not in result.output


def test_to_print_needs_no_database_and_no_password(run_cli, connector):
    result = run_cli("--to-print", "--schema", "sme", SCRIPTS_ONLY)
    assert result.exit_code == 0, result.output
    assert connector.calls == []


def test_to_print_ends_plain_statements_with_semicolon_and_scripts_with_a_slash_line(run_cli):
    output = run_cli("--to-print", "--schema", "sme", SCRIPTS_ONLY).stdout
    for statement in build_deploy_statements("SME"):
        terminator = "\n/\n" if statement.is_script else ";\n"
        assert f"{statement.sql}{terminator}" in output


def test_help_lists_every_option(run_cli):
    result = run_cli("--help")
    assert result.exit_code == 0
    for option in ["--schema", "--host", "--port", "--dsn", "--db-user", "--user", "--db-password",
                   "--pass", "DB_PASSWORD", "--use-ssl-cert-validation",
                   "--no-use-ssl-cert-validation", "--ssl-cert-path", "--ssl-client-cert-path",
                   "--ssl-client-private-key", "--to-print", "--bucketfs-name", "--bucketfs-host",
                   "--bucketfs-port", "--bucketfs-use-https", "--no-bucketfs-use-https",
                   "--bucketfs-user", "--bucketfs-password", "BUCKETFS_PASSWORD", "--bucket",
                   "--path-in-bucket", "--container-file", "--deploy-slc", "--no-deploy-slc",
                   "--deploy-archive", "--no-deploy-archive", "--alter-system", "--no-alter-system",
                   "--allow-override"]:
        assert option in result.stdout


def test_module_runs_with_python_dash_m():
    completed = subprocess.run(
        [sys.executable, "-m", "exasol_sagemaker_extension.deployment.deploy_cli", "--help"],
        capture_output=True, text=True, timeout=60, check=False)
    assert completed.returncode == 0 and "--to-print" in completed.stdout
