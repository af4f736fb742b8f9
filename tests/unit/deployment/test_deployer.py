"""ScriptDeployer and the pyexasol connection it is given."""
from __future__ import annotations

import ssl

import pyexasol
import pytest

from exasol_sagemaker_extension.deployment.deployer import (
    ConnectionOptions,
    ScriptDeployer,
    build_websocket_sslopt,
    open_database_connection,
)
from exasol_sagemaker_extension.deployment.statements import DeployStatement, build_deploy_statements
from exasol_sagemaker_extension.errors import DeploymentError, InvalidInputError

from .database_stand_ins import PASSWORD, RecordingConnection, RecordingConnector

STATEMENTS = [
    DeployStatement("schema one", "CREATE SCHEMA IF NOT EXISTS \"ONE\""),
    DeployStatement("UDF two", "CREATE OR REPLACE PYTHON3_SME SCALAR SCRIPT two", is_script=True),
    DeployStatement("metadata table three", "CREATE TABLE IF NOT EXISTS three (a INT)"),
]


def _options(**overrides) -> ConnectionOptions:
    values = {"dsn": "db.example.com:8563", "user": "sys", "password": PASSWORD}
    values.update(overrides)
    return ConnectionOptions(**values)


def test_deployer_runs_the_statements_in_order():
    connection = RecordingConnection()
    ScriptDeployer(connection).run(STATEMENTS)
    assert connection.executed == [s.sql for s in STATEMENTS]


def test_deployer_deploys_the_built_statements_for_a_schema():
    connection = RecordingConnection()
    ScriptDeployer(connection).deploy("SME")
    assert connection.executed == [s.sql for s in build_deploy_statements("SME")]


def test_deployer_reports_each_statement_before_running_it():
    lines: list[str] = []
    ScriptDeployer(RecordingConnection(), report=lines.append).run(STATEMENTS)
    assert lines == ["[1/3] schema one", "[2/3] UDF two", "[3/3] metadata table three"]


def test_deployer_stops_at_the_first_failing_statement():
    connection = RecordingConnection(fail_on="SCRIPT two")
    with pytest.raises(DeploymentError):
        ScriptDeployer(connection).run(STATEMENTS)
    assert connection.executed == [STATEMENTS[0].sql]


def test_failure_names_the_statement_and_the_database_message_with_e_sme_91():
    connection = RecordingConnection(fail_on="SCRIPT two", message="insufficient privileges",
                                     code="42500")
    with pytest.raises(DeploymentError) as caught:
        ScriptDeployer(connection).run(STATEMENTS)
    assert caught.value.text.startswith(
        "E-SME-91: creating UDF two failed (statement 2 of 3): [42500] insufficient privileges. ")


def test_failure_message_is_one_line_even_when_the_database_message_is_not():
    connection = RecordingConnection(fail_on="SCRIPT two", message="line one\nline two")
    with pytest.raises(DeploymentError) as caught:
        ScriptDeployer(connection).run(STATEMENTS)
    assert "\n" not in caught.value.text and "line one line two" in caught.value.text


def test_connection_is_opened_encrypted_with_the_given_dsn_and_credentials():
    connector = RecordingConnector()
    open_database_connection(_options(), connect=connector)
    assert connector.calls == [{"dsn": "db.example.com:8563", "user": "sys", "password": PASSWORD,
                                "encryption": True,
                                "websocket_sslopt": {"cert_reqs": ssl.CERT_REQUIRED}}]


@pytest.mark.parametrize("error_class, message", [
    (pyexasol.ExaConnectionFailedError, "Could not connect to Exasol: [Errno 111] refused"),
    (pyexasol.ExaConnectionDsnError, "Connection string is empty"),
    (pyexasol.ExaAuthError, "authentication failed"),
])
def test_connection_failure_becomes_e_sme_90_with_the_address_and_no_password(error_class, message):
    connector = RecordingConnector()
    connector.refuse_with(error_class, message)
    with pytest.raises(DeploymentError) as caught:
        open_database_connection(_options(), connect=connector)
    text = caught.value.text
    assert text.startswith("E-SME-90: could not connect to the database at db.example.com:8563 "
                           "as user sys: ")
    assert message in text and PASSWORD not in text


def test_connection_options_never_show_the_password_in_their_repr():
    assert PASSWORD not in repr(_options())


def test_certificate_validation_is_required_by_default():
    assert build_websocket_sslopt(_options()) == {"cert_reqs": ssl.CERT_REQUIRED}


def test_certificate_validation_can_be_turned_off():
    assert build_websocket_sslopt(_options(use_ssl_cert_validation=False)) == {
        "cert_reqs": ssl.CERT_NONE}


def test_a_ca_file_and_a_client_certificate_are_passed_to_the_websocket(tmp_path):
    ca_file, cert, key = (tmp_path / "ca.pem", tmp_path / "client.pem", tmp_path / "client.key")
    for path in (ca_file, cert, key):
        path.write_text("PEM")
    sslopt = build_websocket_sslopt(_options(ssl_cert_path=str(ca_file),
                                             ssl_client_cert_path=str(cert),
                                             ssl_client_private_key=str(key)))
    assert sslopt == {"cert_reqs": ssl.CERT_REQUIRED, "ca_certs": str(ca_file),
                      "certfile": str(cert), "keyfile": str(key)}


def test_a_ca_directory_is_passed_as_a_ca_path(tmp_path):
    assert build_websocket_sslopt(_options(ssl_cert_path=str(tmp_path))) == {
        "cert_reqs": ssl.CERT_REQUIRED, "ca_cert_path": str(tmp_path)}


@pytest.mark.parametrize("option", ["ssl_cert_path", "ssl_client_cert_path",
                                    "ssl_client_private_key"])
def test_a_missing_tls_file_is_rejected_with_e_sme_92(tmp_path, option):
    with pytest.raises(InvalidInputError, match=r"^E-SME-92: "):
        build_websocket_sslopt(_options(**{option: str(tmp_path / "missing.pem")}))
