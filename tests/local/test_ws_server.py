"""The local server speaks Exasol's WebSocket protocol well enough for pyexasol 2.4."""
from __future__ import annotations

import os
import ssl

import pyexasol
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from exasol_sagemaker_extension.local.engine import LocalDatabase
from exasol_sagemaker_extension.local.ws_protocol import RESULT_SET_HANDLE_THRESHOLD, ProtocolConnection
from tests.local.conftest import PASSWORD, USER

ENCRYPTION = pytest.mark.parametrize("encryption", [True, False], ids=["tls", "plain"])


def fill_numbers(connection: pyexasol.ExaConnection, count: int) -> None:
    """Create table NUMBERS(N) holding 0..count-1 (count a power of ten)."""
    connection.execute("CREATE TABLE digits (d DECIMAL(1,0))")
    connection.execute("INSERT INTO digits VALUES " + ", ".join(f"({i})" for i in range(10)))
    factors = [f"d{k}.d * {10 ** k}" for k in range(len(str(count)) - 1)]
    tables = ", ".join(f"digits d{k}" for k in range(len(str(count)) - 1))
    connection.execute(f"CREATE TABLE numbers AS SELECT {' + '.join(factors)} AS n FROM {tables}")


@ENCRYPTION
def test_login_with_the_configured_password_succeeds(connect, encryption):
    connection = connect(encryption=encryption)
    assert connection.execute("SELECT CURRENT_USER").fetchval() == USER


@ENCRYPTION
@pytest.mark.parametrize("user, password", [(USER, "wrong"), ("nobody", PASSWORD), (USER, "")])
def test_login_with_wrong_credentials_is_refused_like_exasol(connect, encryption, user, password):
    with pytest.raises(pyexasol.ExaAuthError) as error:
        connect(encryption=encryption, user=user, password=password)
    assert error.value.code == "08004"
    assert "authentication failed" in error.value.message


def test_tls_connection_can_pin_the_self_signed_certificate_by_fingerprint(connect, tls_server):
    connection = connect(dsn=tls_server.fingerprint_dsn, websocket_sslopt=None)
    assert connection.execute("SELECT 1 FROM DUAL").fetchval() == 1


def test_tls_connection_with_certificate_validation_refuses_the_self_signed_certificate(connect):
    with pytest.raises(pyexasol.ExaConnectionFailedError):
        connect(websocket_sslopt={"cert_reqs": ssl.CERT_REQUIRED})


def test_login_reports_session_id_and_release_version(connection):
    assert int(connection.session_id()) == connection.execute("SELECT CURRENT_SESSION").fetchval()
    assert connection.exasol_db_version is not None


def test_compressed_connection_round_trips(connect):
    connection = connect(compression=True)
    assert connection.execute("SELECT 'packed' AS x").fetchval() == "packed"


def test_schema_given_at_login_is_opened(connect, connection):
    connection.execute("CREATE SCHEMA login_schema")
    other = connect(schema="LOGIN_SCHEMA")
    assert other.current_schema() == "LOGIN_SCHEMA"
    assert other.execute("SELECT CURRENT_SCHEMA").fetchval() == "LOGIN_SCHEMA"


def test_open_schema_updates_the_client_attribute(connection):
    connection.execute("CREATE SCHEMA first_schema")
    connection.execute("CREATE SCHEMA second_schema")
    connection.execute("OPEN SCHEMA first_schema")
    assert connection.current_schema() == "FIRST_SCHEMA"


def test_autocommit_off_is_refused_as_not_supported(connection):
    with pytest.raises(pyexasol.ExaRequestError) as error:
        connection.set_autocommit(False)
    assert error.value.code == "0A000"


@ENCRYPTION
def test_result_set_of_several_thousand_rows_needs_several_fetches(connect, encryption):
    connection = connect(encryption=encryption, fetch_size_bytes=4096)
    connection.execute("CREATE SCHEMA big")
    fill_numbers(connection, 10_000)
    requests_before = connection.ws_req_count
    statement = connection.execute("SELECT n, 'row ' || n AS label FROM numbers ORDER BY n")
    rows = statement.fetchall()
    fetches = connection.ws_req_count - requests_before - 2  # minus execute and closeResultSet
    assert rows == [(n, f"row {n}") for n in range(10_000)]
    assert fetches > 10
    assert statement.rowcount() == 10_000


def test_result_set_below_the_threshold_arrives_with_the_execute_answer(schema_connection):
    fill_numbers(schema_connection, 100)
    requests_before = schema_connection.ws_req_count
    rows = schema_connection.execute("SELECT n FROM numbers").fetchall()
    assert len(rows) == 100
    assert schema_connection.ws_req_count == requests_before + 1


@pytest.mark.parametrize("sql, expected", [
    ("INSERT INTO t VALUES (1), (2), (3)", 3),
    ("UPDATE t SET a = a + 10 WHERE a > 1", 2),
    ("DELETE FROM t WHERE a = 1", 1),
    ("CREATE TABLE u (b DECIMAL(3,0))", 0),
])
def test_statements_without_result_set_report_their_row_count(schema_connection, sql, expected):
    schema_connection.execute("CREATE TABLE t (a DECIMAL(3,0))")
    if not sql.startswith(("INSERT", "CREATE")):
        schema_connection.execute("INSERT INTO t VALUES (1), (2), (3)")
    assert schema_connection.execute(sql).rowcount() == expected


@pytest.mark.parametrize("sql, code", [
    ("SELECT * FROM no_such_table", "42000"),
    ("SELEKT 1", "42000"),
    ("SELECT 1 / 0", "22012"),
])
def test_query_error_reaches_pyexasol_with_its_sql_code(schema_connection, sql, code):
    with pytest.raises(pyexasol.ExaQueryError) as error:
        schema_connection.execute(sql)
    assert error.value.code == code


def test_connection_stays_usable_after_an_error(schema_connection):
    with pytest.raises(pyexasol.ExaQueryError):
        schema_connection.execute("SELECT * FROM missing")
    assert schema_connection.execute("SELECT 2 FROM DUAL").fetchval() == 2


def test_prepared_statements_are_refused_as_not_supported(connection):
    with pytest.raises(pyexasol.ExaQueryError) as error:
        connection.create_prepared_statement("SELECT 1")
    assert error.value.code == "0A000"
    assert "not supported by the local runtime" in error.value.message


def test_clean_disconnect_ends_the_session_on_the_server(connect, database):
    connection = connect()
    assert len(database.sessions) == 1
    connection.close()
    assert database.sessions == {}


def test_two_connections_have_distinct_sessions_sharing_one_database(connect):
    first, second = connect(), connect(encryption=False)
    first.execute("CREATE SCHEMA shared")
    first.execute("CREATE TABLE t (a DECIMAL(3,0))")
    first.execute("INSERT INTO t VALUES (7)")
    assert second.execute("SELECT a FROM shared.t").fetchval() == 7
    assert first.session_id() != second.session_id()


# -- the protocol object without a socket ---------------------------------------------------------

@pytest.fixture
def logged_in(database: LocalDatabase) -> ProtocolConnection:
    """A protocol connection past login (password check bypassed by opening the session directly)."""
    protocol = ProtocolConnection(database, rsa.generate_private_key(public_exponent=65537, key_size=1024))
    protocol.session = database.open_session(USER)
    protocol.state = "ready"
    return protocol


def test_closed_result_set_cannot_be_fetched_any_more(logged_in):
    logged_in.db.execute(logged_in.session, "CREATE SCHEMA s")
    logged_in.db.execute(logged_in.session, "CREATE TABLE d (x DECIMAL(1,0))")
    logged_in.db.execute(logged_in.session, "INSERT INTO d VALUES " + ", ".join(f"({i})" for i in range(10)))
    answer, _ = logged_in.handle({"command": "execute", "sqlText": "SELECT a.x FROM d a, d b, d c"})
    result_set = answer["responseData"]["results"][0]["resultSet"]
    assert result_set["numRows"] == RESULT_SET_HANDLE_THRESHOLD
    handle = result_set["resultSetHandle"]
    logged_in.handle({"command": "closeResultSet", "resultSetHandles": [handle]})
    answer, _ = logged_in.handle({"command": "fetch", "resultSetHandle": handle, "startPosition": 0,
                                  "numBytes": 1000})
    assert answer["status"] == "error"


def test_execute_batch_answers_one_result_per_statement(logged_in):
    answer, _ = logged_in.handle({"command": "executeBatch",
                                  "sqlTexts": ["CREATE SCHEMA b", "CREATE TABLE t (a DECIMAL(1,0))",
                                               "INSERT INTO t VALUES (1), (2)"]})
    assert [r["rowCount"] for r in answer["responseData"]["results"]] == [0, 0, 2]


def test_unknown_command_is_answered_as_not_supported(logged_in):
    answer, close = logged_in.handle({"command": "enterParallel"})
    assert answer["exception"]["sqlCode"] == "0A000"
    assert not close


def test_disconnect_answers_ok_and_closes(logged_in):
    answer, close = logged_in.handle({"command": "disconnect"})
    assert answer == {"status": "ok"}
    assert close


# -- metadata commands and the CLI ------------------------------------------------------------------

def test_pyexasol_meta_finds_schemas_tables_and_views(connection):
    connection.execute("CREATE SCHEMA meta")
    connection.execute("CREATE TABLE t (a DECIMAL(1,0))")
    connection.execute("CREATE VIEW v AS SELECT a FROM t")
    assert connection.meta.schema_exists("META")
    assert not connection.meta.schema_exists("OTHER")
    assert connection.meta.table_exists("T")
    assert not connection.meta.table_exists("V")
    assert connection.meta.view_exists("V")


@pytest.mark.parametrize("pattern, value, expected", [
    ("A%", "ABC", True), ("A_C", "ABC", True), ("A\\_C", "ABC", False), ("A\\_C", "A_C", True),
    ("abc", "ABC", False), (None, "anything", True),
])
def test_metadata_patterns_follow_like(pattern, value, expected):
    from exasol_sagemaker_extension.local.ws_protocol import like
    assert like(pattern, value) is expected


def test_cli_describes_dsn_certificate_user_password_and_aws_endpoint():
    from exasol_sagemaker_extension.local.cli import parse_args
    from exasol_sagemaker_extension.local.runtime import LocalRuntime

    with LocalRuntime(password="secret") as runtime:
        text = runtime.describe()
        assert f"DSN:         {runtime.dsn}" in text
        assert runtime.server.certificate.fingerprint in text
        assert f"--ssl-cert-path {runtime.certificate_file}" in text
        assert "sys" in text and "secret" in text and runtime.aws.endpoint_url in text
    args = parse_args(["start", "--no-tls", "--port", "0", "--nproc", "4"])
    assert (args.tls, args.port, args.nproc) == (False, 0, 4)


def test_runtime_restores_aws_endpoint_url_when_it_stops(monkeypatch):
    from exasol_sagemaker_extension.local.runtime import LocalRuntime

    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
    with LocalRuntime() as runtime:
        assert os.environ["AWS_ENDPOINT_URL"] == runtime.aws.endpoint_url
    assert os.environ["AWS_ENDPOINT_URL"] == "http://127.0.0.1:1"


def test_start_predefines_the_extensions_alias_keeping_the_others():
    from exasol_sagemaker_extension.local import build_database
    from exasol_sagemaker_extension.local.runtime import LOCAL_SCRIPT_LANGUAGE, define_local_alias

    db = build_database()
    try:
        before = db.system_parameters["SCRIPT_LANGUAGES"].split()
        define_local_alias(db)
        define_local_alias(db)
        after = db.system_parameters["SCRIPT_LANGUAGES"].split()
    finally:
        db.close()
    assert after == before + [LOCAL_SCRIPT_LANGUAGE]


def test_start_writes_the_certificate_clients_can_validate_against(tls_server, tmp_path):
    from exasol_sagemaker_extension.local.runtime import write_certificate

    path = write_certificate(tls_server, tmp_path)
    assert path.read_bytes() == tls_server.certificate.cert_pem
