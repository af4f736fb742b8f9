"""The SYS views the extension reads, and CONNECTION objects that never reveal their secret."""
from __future__ import annotations

import pyexasol
import pytest

from exasol_sagemaker_extension.local.catalog import SYS_TABLES
from exasol_sagemaker_extension.local.engine import Column, ScriptObject

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


@pytest.fixture
def training_table(schema_connection: pyexasol.ExaConnection) -> pyexasol.ExaConnection:
    """A table like a user's training data, with awkward column names, and a view on it."""
    schema_connection.execute(
        'CREATE TABLE training ("Age" DECIMAL(3,0), "first name" VARCHAR(50), "SELECT" DOUBLE, '
        'target BOOLEAN, seen TIMESTAMP, born DATE, grade CHAR(2) ASCII)')
    schema_connection.execute('CREATE VIEW adults AS SELECT "Age", target FROM training WHERE "Age" >= 18')
    return schema_connection


@pytest.mark.parametrize("position, name, sql_type", [
    (1, "Age", "DECIMAL(3,0)"),
    (2, "first name", "VARCHAR(50) UTF8"),
    (3, "SELECT", "DOUBLE"),
    (4, "TARGET", "BOOLEAN"),
    (5, "SEEN", "TIMESTAMP(3)"),
    (6, "BORN", "DATE"),
    (7, "GRADE", "CHAR(2) ASCII"),
])
def test_exa_all_columns_lists_columns_in_ordinal_order_with_exasol_types(training_table, position, name, sql_type):
    rows = training_table.execute(
        "SELECT COLUMN_NAME, COLUMN_TYPE, COLUMN_OBJECT_TYPE FROM SYS.EXA_ALL_COLUMNS "
        "WHERE COLUMN_SCHEMA = 'TEST' AND COLUMN_TABLE = 'TRAINING' AND COLUMN_ORDINAL_POSITION = "
        f"{position}").fetchall()
    assert rows == [(name, sql_type, "TABLE")]


def test_exa_all_columns_describes_view_columns_too(training_table):
    rows = training_table.execute(
        "SELECT COLUMN_NAME, COLUMN_TYPE, COLUMN_OBJECT_TYPE FROM SYS.EXA_ALL_COLUMNS "
        "WHERE COLUMN_TABLE = 'ADULTS' ORDER BY COLUMN_ORDINAL_POSITION").fetchall()
    assert rows == [("Age", "DECIMAL(3,0)", "VIEW"), ("TARGET", "BOOLEAN", "VIEW")]


def test_exa_all_tables_lists_tables_but_not_views(training_table):
    rows = training_table.execute("SELECT TABLE_SCHEMA, TABLE_NAME FROM SYS.EXA_ALL_TABLES").fetchall()
    assert rows == [("TEST", "TRAINING")]


def test_exa_all_views_lists_views_with_their_text(training_table):
    text = training_table.execute("SELECT VIEW_TEXT FROM SYS.EXA_ALL_VIEWS WHERE VIEW_NAME = 'ADULTS'").fetchval()
    assert text.startswith("CREATE VIEW adults")


def test_exa_schemas_follows_create_and_drop(connection):
    connection.execute("CREATE SCHEMA one")
    connection.execute('CREATE SCHEMA "Two"')
    connection.execute("DROP SCHEMA one")
    assert connection.execute("SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS").fetchall() == [("Two",)]


def test_sys_views_are_current_at_every_query(training_table):
    count = "SELECT COUNT(*) FROM SYS.EXA_ALL_COLUMNS WHERE COLUMN_TABLE = 'TRAINING'"
    assert training_table.execute(count).fetchval() == 7
    training_table.execute("DROP TABLE training")
    assert training_table.execute(count).fetchval() == 0


def test_user_and_dba_variants_show_the_same_rows(training_table):
    query = "SELECT COLUMN_NAME FROM SYS.{} WHERE COLUMN_TABLE = 'TRAINING' ORDER BY COLUMN_ORDINAL_POSITION"
    expected = training_table.execute(query.format("EXA_ALL_COLUMNS")).fetchall()
    assert training_table.execute(query.format("EXA_USER_COLUMNS")).fetchall() == expected
    assert training_table.execute(query.format("EXA_DBA_COLUMNS")).fetchall() == expected


def test_exa_all_scripts_shows_scripts_stored_by_the_scripting_layer(schema_connection, database):
    database.put_script(ScriptObject(
        schema="TEST", name="SME_AUTOPILOT_TRAINING_UDF", script_type="UDF", language="PYTHON3_SME",
        text="CREATE PYTHON3_SME SCALAR SCRIPT ...", input_type="SCALAR", result_type="EMITS",
        parameters=[Column("JOB_NAME", "VARCHAR(32) UTF8")], outputs=[Column("JOB_NAME", "VARCHAR(32) UTF8")]))
    row = schema_connection.execute(
        "SELECT SCRIPT_SCHEMA, SCRIPT_NAME, SCRIPT_TYPE, SCRIPT_LANGUAGE, SCRIPT_INPUT_TYPE, SCRIPT_RESULT_TYPE, "
        "SCRIPT_TEXT FROM SYS.EXA_ALL_SCRIPTS").fetchone()
    assert row == ("TEST", "SME_AUTOPILOT_TRAINING_UDF", "UDF", "PYTHON3_SME", "SCALAR", "EMITS",
                   "CREATE PYTHON3_SME SCALAR SCRIPT ...")


def test_scripts_share_the_object_namespace_and_go_with_their_schema(schema_connection, database):
    schema_connection.execute("CREATE TABLE taken (a DECIMAL(1,0))")
    script = ScriptObject(schema="TEST", name="TAKEN", script_type="SCRIPTING", language="LUA", text="...")
    with pytest.raises(Exception, match="already exists"):
        database.put_script(script)
    database.put_script(ScriptObject(schema="TEST", name="S", script_type="SCRIPTING", language="LUA", text="..."))
    assert "is not empty" in _error(schema_connection, "DROP TABLE taken; DROP SCHEMA test")
    schema_connection.execute("DROP SCHEMA test CASCADE")
    assert database.get_script("TEST", "S") is None


def test_drop_script_removes_it_from_the_catalog(schema_connection, database):
    database.put_script(ScriptObject(schema="TEST", name="S", script_type="SCRIPTING", language="LUA", text="..."))
    schema_connection.execute("DROP SCRIPT s")
    assert schema_connection.execute("SELECT COUNT(*) FROM SYS.EXA_ALL_SCRIPTS").fetchval() == 0


def _error(connection: pyexasol.ExaConnection, statements: str) -> str:
    """The message of the last statement of a ';'-separated list, all but the last succeeding."""
    *first, last = statements.split("; ")
    for sql in first:
        connection.execute(sql)
    with pytest.raises(pyexasol.ExaQueryError) as error:
        connection.execute(last)
    return error.value.message


# -- connections --------------------------------------------------------------------------------

@pytest.fixture
def aws_connection(connection: pyexasol.ExaConnection) -> pyexasol.ExaConnection:
    """A session that created CONNECTION AWS_CONN with a secret."""
    connection.execute(f"CREATE CONNECTION aws_conn TO 'https://bucket.s3.eu-west-1.amazonaws.com/' "
                       f"USER 'AKIAEXAMPLE' IDENTIFIED BY '{SECRET}'")
    return connection


def test_created_connection_is_available_to_the_scripting_layer(aws_connection, database):
    stored = database.get_connection("AWS_CONN")
    assert (stored.address, stored.user, stored.password) == (
        "https://bucket.s3.eu-west-1.amazonaws.com/", "AKIAEXAMPLE", SECRET)


def test_exa_all_connections_lists_name_and_creation_time(aws_connection):
    rows = aws_connection.execute("SELECT CONNECTION_NAME, CREATED FROM SYS.EXA_ALL_CONNECTIONS").fetchall()
    assert [name for name, _ in rows] == ["AWS_CONN"]
    assert rows[0][1] is not None


def test_no_sys_view_reveals_the_connection_secret(aws_connection):
    for table in sorted(SYS_TABLES):
        rows = aws_connection.execute(f"SELECT * FROM SYS.{table}").fetchall()
        assert SECRET not in repr(rows), table


def test_errors_about_connections_do_not_reveal_the_secret(aws_connection):
    message = _error(aws_connection, f"CREATE CONNECTION aws_conn TO 'x' USER 'u' IDENTIFIED BY '{SECRET}'")
    assert "already exists" in message
    assert SECRET not in message


def test_create_or_replace_connection_replaces_the_secret(aws_connection, database):
    aws_connection.execute("CREATE OR REPLACE CONNECTION aws_conn TO 'https://other/' USER 'u' IDENTIFIED BY 'p2'")
    assert database.get_connection("AWS_CONN").password == "p2"


def test_drop_connection_removes_it(aws_connection, database):
    aws_connection.execute("DROP CONNECTION aws_conn")
    assert aws_connection.execute("SELECT COUNT(*) FROM SYS.EXA_ALL_CONNECTIONS").fetchval() == 0
    assert "AWS_CONN" not in database.connections


def test_exa_parameters_shows_session_and_system_values(connection):
    rows = connection.execute(
        "SELECT PARAMETER_NAME, SESSION_VALUE, SYSTEM_VALUE FROM SYS.EXA_PARAMETERS "
        "WHERE PARAMETER_NAME IN ('SCRIPT_LANGUAGES', 'NLS_DATE_FORMAT') ORDER BY 1").fetchall()
    assert rows[0] == ("NLS_DATE_FORMAT", "YYYY-MM-DD", "YYYY-MM-DD")
    assert rows[1][0] == "SCRIPT_LANGUAGES" and rows[1][1] == rows[1][2]


@pytest.mark.parametrize("sql", [
    "INSERT INTO SYS.EXA_ALL_TABLES (TABLE_NAME) VALUES ('X')",
    "DELETE FROM SYS.EXA_ALL_CONNECTIONS",
    "DROP SCHEMA SYS CASCADE",
])
def test_sys_cannot_be_changed(connection, sql):
    with pytest.raises(pyexasol.ExaQueryError) as error:
        connection.execute(sql)
    assert error.value.code == "42500"
