"""Exasol SQL through pyexasol against the local stand-in: DDL, DML, queries, names, functions, errors."""
from __future__ import annotations

import datetime
import decimal

import pyexasol
import pytest

from exasol_sagemaker_extension.local.engine import Column, LocalSqlError, Result
from tests.local.conftest import NPROC, USER

NOT_SUPPORTED = "not supported by the local runtime"


def error_of(connection: pyexasol.ExaConnection, sql: str) -> pyexasol.ExaQueryError:
    """The error a statement raises."""
    with pytest.raises(pyexasol.ExaQueryError) as error:
        connection.execute(sql)
    return error.value


@pytest.fixture
def typed_table(schema_connection: pyexasol.ExaConnection) -> pyexasol.ExaConnection:
    """Table TYPED with one column per supported type and two rows (one all NULL but the key)."""
    schema_connection.execute(
        "CREATE TABLE typed (id DECIMAL(18,0), price DECIMAL(10,2), ratio DOUBLE, label VARCHAR(20) UTF8, "
        "code CHAR(3), flag BOOLEAN, day DATE, moment TIMESTAMP, big BIGINT)")
    schema_connection.execute(
        "INSERT INTO typed VALUES (1, 12.50, 0.25, 'first', 'ab', TRUE, DATE '2024-02-29', "
        "TIMESTAMP '2024-02-29 13:14:15.678', 123456789012345678901234567890), "
        "(2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)")
    return schema_connection


# -- round trip with types ----------------------------------------------------------------------

def test_values_arrive_as_exasol_sends_them(typed_table):
    rows = typed_table.execute("SELECT * FROM typed ORDER BY id").fetchall()
    assert rows == [
        (1, "12.50", 0.25, "first", "ab ", True, "2024-02-29", "2024-02-29 13:14:15.678000",
         "123456789012345678901234567890"),
        (2, None, None, None, None, None, None, None, None),
    ]


def test_exasol_mapper_turns_values_into_python_types(connect, typed_table):
    mapped = connect(schema="TEST", fetch_mapper=pyexasol.exasol_mapper)
    row = mapped.execute("SELECT price, day, moment FROM typed WHERE id = 1").fetchone()
    assert row == (decimal.Decimal("12.50"), datetime.date(2024, 2, 29),
                   datetime.datetime(2024, 2, 29, 13, 14, 15, 678000))


@pytest.mark.parametrize("column, data_type", [
    ("ID", {"type": "DECIMAL", "precision": 18, "scale": 0}),
    ("PRICE", {"type": "DECIMAL", "precision": 10, "scale": 2}),
    ("RATIO", {"type": "DOUBLE"}),
    ("LABEL", {"type": "VARCHAR", "size": 20, "characterSet": "UTF8"}),
    ("CODE", {"type": "CHAR", "size": 3, "characterSet": "UTF8"}),
    ("FLAG", {"type": "BOOLEAN"}),
    ("DAY", {"type": "DATE", "size": 4}),
    ("MOMENT", {"type": "TIMESTAMP", "size": 8, "withLocalTimeZone": False, "fraction": 3}),
    ("BIG", {"type": "DECIMAL", "precision": 36, "scale": 0}),
])
def test_result_metadata_carries_the_exasol_column_type(typed_table, column, data_type):
    assert typed_table.execute("SELECT * FROM typed").columns()[column] == data_type


@pytest.mark.parametrize("expression, data_type", [
    ("COUNT(*)", {"type": "DECIMAL", "precision": 18, "scale": 0}),
    ("CAST(ratio AS DECIMAL(5,1))", {"type": "DECIMAL", "precision": 5, "scale": 1}),
    ("label || 'x'", {"type": "VARCHAR", "size": 2000000, "characterSet": "UTF8"}),
    ("CURRENT_TIMESTAMP", {"type": "TIMESTAMP", "size": 8, "withLocalTimeZone": False, "fraction": 3}),
])
def test_computed_columns_get_exasol_types(typed_table, expression, data_type):
    statement = typed_table.execute(f"SELECT {expression} AS x FROM typed GROUP BY label, ratio")
    assert statement.columns()["X"] == data_type


def test_unaliased_expressions_are_named_by_their_text(typed_table):
    names = typed_table.execute("SELECT COUNT(*), NPROC(), CURRENT_USER, id FROM typed GROUP BY id").column_names()
    assert names == ["COUNT(*)", "NPROC()", "CURRENT_USER", "ID"]


def test_empty_string_is_null_as_in_exasol(schema_connection):
    schema_connection.execute("CREATE TABLE s (v VARCHAR(5))")
    schema_connection.execute("INSERT INTO s VALUES ('')")
    assert schema_connection.execute("SELECT COUNT(*) FROM s WHERE v IS NULL").fetchval() == 1
    assert schema_connection.execute("SELECT 'a' || NULL FROM DUAL").fetchval() == "a"


# -- schemas and tables -------------------------------------------------------------------------

def test_create_schema_also_opens_it(connection):
    connection.execute("CREATE SCHEMA fresh")
    assert connection.execute("SELECT CURRENT_SCHEMA").fetchval() == "FRESH"


def test_create_schema_if_not_exists_leaves_an_existing_schema(schema_connection):
    schema_connection.execute("CREATE TABLE keep (a DECIMAL(1,0))")
    schema_connection.execute("CREATE SCHEMA IF NOT EXISTS test")
    assert schema_connection.execute("SELECT COUNT(*) FROM test.keep").fetchval() == 0


def test_create_existing_schema_fails(schema_connection):
    assert error_of(schema_connection, "CREATE SCHEMA test").code == "42000"


def test_drop_schema_refuses_a_schema_with_objects_unless_cascade(schema_connection):
    schema_connection.execute("CREATE TABLE t (a DECIMAL(1,0))")
    assert "CASCADE" in error_of(schema_connection, "DROP SCHEMA test").message
    schema_connection.execute("DROP SCHEMA test CASCADE")
    assert error_of(schema_connection, "SELECT * FROM test.t").code == "42000"


def test_drop_schema_if_exists_accepts_a_missing_schema(connection):
    assert connection.execute("DROP SCHEMA IF EXISTS nothing_here CASCADE").rowcount() == 0


def test_table_without_open_schema_is_refused(connection):
    assert "no schema" in error_of(connection, "CREATE TABLE t (a DECIMAL(1,0))").message


def test_create_or_replace_table_replaces_its_columns(schema_connection):
    schema_connection.execute("CREATE TABLE t (a DECIMAL(1,0))")
    schema_connection.execute("CREATE OR REPLACE TABLE t (b VARCHAR(3))")
    assert schema_connection.execute("SELECT * FROM t").column_names() == ["B"]


def test_create_table_if_not_exists_keeps_the_rows(schema_connection):
    schema_connection.execute("CREATE TABLE t (a DECIMAL(1,0))")
    schema_connection.execute("INSERT INTO t VALUES (4)")
    schema_connection.execute("CREATE TABLE IF NOT EXISTS t (a DECIMAL(1,0))")
    assert schema_connection.execute("SELECT a FROM t").fetchval() == 4


def test_create_existing_table_fails(schema_connection):
    schema_connection.execute("CREATE TABLE t (a DECIMAL(1,0))")
    assert "already exists" in error_of(schema_connection, "CREATE TABLE t (a DECIMAL(1,0))").message


def test_alter_table_add_column_keeps_the_rows_and_leaves_them_null(schema_connection):
    schema_connection.execute("CREATE TABLE t (a DECIMAL(1,0))")
    schema_connection.execute("INSERT INTO t VALUES (4)")
    schema_connection.execute('ALTER TABLE t ADD COLUMN "Note" VARCHAR(20)')
    schema_connection.execute("INSERT INTO t VALUES (5, 'five')")
    assert schema_connection.execute('SELECT a, "Note" FROM t ORDER BY a').fetchall() == [(4, None), (5, "five")]


def test_alter_table_add_column_if_not_exists_leaves_an_existing_column(schema_connection):
    schema_connection.execute("CREATE TABLE t (a DECIMAL(1,0))")
    schema_connection.execute("ALTER TABLE t ADD IF NOT EXISTS a VARCHAR(3)")
    assert schema_connection.execute("SELECT COLUMN_TYPE FROM SYS.EXA_ALL_COLUMNS WHERE COLUMN_TABLE = 'T'"
                                     ).fetchall() == [("DECIMAL(1,0)",)]


def test_alter_table_add_existing_column_fails(schema_connection):
    schema_connection.execute("CREATE TABLE t (a DECIMAL(1,0))")
    assert "already exists" in error_of(schema_connection, "ALTER TABLE t ADD COLUMN a DECIMAL(2,0)").message


def test_column_default_and_not_null_apply(schema_connection):
    schema_connection.execute("CREATE TABLE t (a DECIMAL(3,0) DEFAULT 7 NOT NULL, b VARCHAR(3))")
    schema_connection.execute("INSERT INTO t (b) VALUES ('x')")
    assert schema_connection.execute("SELECT a FROM t").fetchval() == 7
    assert error_of(schema_connection, "INSERT INTO t (a) VALUES (NULL)").code == "27002"


def test_create_table_as_select_copies_rows_and_types(typed_table):
    typed_table.execute("CREATE TABLE copy AS SELECT id, label FROM typed WHERE id = 1")
    assert typed_table.execute("SELECT * FROM copy").fetchall() == [(1, "first")]
    assert typed_table.execute("SELECT label FROM copy").columns()["LABEL"]["size"] == 20


def test_view_shows_the_rows_of_its_query(typed_table):
    typed_table.execute("CREATE VIEW labels AS SELECT id, label FROM typed WHERE label IS NOT NULL")
    assert typed_table.execute("SELECT * FROM labels").fetchall() == [(1, "first")]


# -- DML and queries ----------------------------------------------------------------------------

@pytest.fixture
def shop(schema_connection: pyexasol.ExaConnection) -> pyexasol.ExaConnection:
    """Tables CUSTOMERS and ORDERS with a few rows."""
    schema_connection.execute("CREATE TABLE customers (id DECIMAL(9,0) PRIMARY KEY, name VARCHAR(20))")
    schema_connection.execute("CREATE TABLE orders (customer_id DECIMAL(9,0), amount DECIMAL(9,2))")
    schema_connection.execute("INSERT INTO customers VALUES (1, 'Ann'), (2, 'Bob'), (3, 'Cid')")
    schema_connection.execute("INSERT INTO orders VALUES (1, 10), (1, 5.5), (2, 7), (NULL, 1)")
    return schema_connection


def test_select_with_join_group_by_order_by_and_limit(shop):
    rows = shop.execute(
        "SELECT c.name, SUM(o.amount) AS total FROM customers c JOIN orders o ON o.customer_id = c.id "
        "WHERE o.amount > 1 GROUP BY c.name ORDER BY total DESC LIMIT 1").fetchall()
    assert rows == [("Ann", "15.50")]


def test_descending_order_puts_nulls_first_as_exasol(shop):
    rows = shop.execute("SELECT customer_id FROM orders ORDER BY customer_id DESC").fetchall()
    assert rows[0] == (None,)


def test_insert_from_select_update_and_delete_change_the_rows(shop):
    shop.execute("CREATE TABLE archive (id DECIMAL(9,0), name VARCHAR(20))")
    assert shop.execute("INSERT INTO archive SELECT id, name FROM customers WHERE id > 1").rowcount() == 2
    assert shop.execute("UPDATE archive SET name = 'Bo' WHERE id = 2").rowcount() == 1
    assert shop.execute("DELETE FROM archive WHERE id = 3").rowcount() == 1
    assert shop.execute("SELECT * FROM archive").fetchall() == [(2, "Bo")]


def test_failing_insert_leaves_no_rows_behind(shop):
    assert error_of(shop, "INSERT INTO customers VALUES (9, 'ok'), (1, 'duplicate')").code == "27001"
    assert shop.execute("SELECT COUNT(*) FROM customers WHERE id = 9").fetchval() == 0


@pytest.mark.parametrize("sql, code", [
    ("INSERT INTO customers VALUES (4, 'a name longer than twenty')", "22001"),
    ("INSERT INTO customers VALUES (1, 'again')", "27001"),
    ("SELECT amount / 0 FROM orders", "22012"),
    ("SELECT nme FROM customers", "42000"),
    ("SELECT * FROM customers WHERE", "42000"),
])
def test_errors_carry_exasol_sql_codes(shop, sql, code):
    assert error_of(shop, sql).code == code


# -- identifiers --------------------------------------------------------------------------------

@pytest.mark.parametrize("column", ['"Mixed Case"', '"with space"', '"SELECT"', '"from"', '"ä ö"'])
def test_quoted_identifiers_round_trip(schema_connection, column):
    schema_connection.execute(f'CREATE TABLE "My Table" ({column} VARCHAR(10), "group" DECIMAL(1,0))')
    schema_connection.execute(f'INSERT INTO "My Table" ({column}, "group") VALUES (\'v\', 1)')
    statement = schema_connection.execute(f'SELECT {column}, "group" FROM test."My Table"')
    assert statement.fetchall() == [("v", 1)]
    assert statement.column_names() == [column.strip('"'), "group"]


def test_unquoted_identifiers_are_upper_cased(schema_connection):
    schema_connection.execute("CREATE TABLE lower_table (lower_column DECIMAL(1,0))")
    assert schema_connection.execute('SELECT "LOWER_COLUMN" FROM "TEST"."LOWER_TABLE"').rowcount() == 0


@pytest.mark.parametrize("sql", ['SELECT "a" FROM t', 'SELECT a FROM "t"', 'SELECT "A" FROM "T" x WHERE "x".a = 1'])
def test_quoted_names_must_match_exactly(schema_connection, sql):
    schema_connection.execute("CREATE TABLE t (a DECIMAL(1,0))")
    assert error_of(schema_connection, sql).code == "42000"


def test_names_differing_only_in_case_are_refused_clearly(schema_connection):
    schema_connection.execute('CREATE TABLE "t" (a DECIMAL(1,0))')
    error = error_of(schema_connection, 'CREATE TABLE "T" (a DECIMAL(1,0))')
    assert error.code == "0A000"
    assert "differing only in case" in error.message


# -- Exasol functions ---------------------------------------------------------------------------

def test_session_functions_describe_the_session(schema_connection):
    row = schema_connection.execute(
        "SELECT NPROC(), CURRENT_USER, CURRENT_SESSION, CURRENT_SCHEMA, USER AS u FROM DUAL").fetchone()
    assert row == (NPROC, USER, int(schema_connection.session_id()), "TEST", USER)


def test_current_timestamp_is_now_in_utc(schema_connection):
    value = schema_connection.execute("SELECT CURRENT_TIMESTAMP FROM DUAL").fetchval()
    moment = datetime.datetime.fromisoformat(value)
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    assert abs((now - moment).total_seconds()) < 60


def test_iproc_spreads_rows_over_all_simulated_nodes_deterministically(shop):
    query = "SELECT id, IPROC() AS node FROM customers ORDER BY id"
    first = shop.execute(query).fetchall()
    assert first == shop.execute(query).fetchall()
    assert {node for _, node in first} == set(range(NPROC))


def test_group_by_iproc_gives_one_group_per_node(shop):
    rows = shop.execute("SELECT IPROC(), COUNT(*) FROM orders GROUP BY IPROC() ORDER BY 1").fetchall()
    assert [node for node, _ in rows] == list(range(NPROC))
    assert sum(count for _, count in rows) == 4


# -- session settings ---------------------------------------------------------------------------

def test_alter_session_sets_script_languages_for_this_session_only(connect, connection):
    connection.execute("ALTER SESSION SET SCRIPT_LANGUAGES = 'PYTHON3_SME=localzmq+protobuf:///bfs/x'")
    assert connection.execute(
        "SELECT SESSION_VALUE FROM SYS.EXA_PARAMETERS WHERE PARAMETER_NAME = 'SCRIPT_LANGUAGES'"
    ).fetchval() == "PYTHON3_SME=localzmq+protobuf:///bfs/x"
    other = connect()
    assert "PYTHON3_SME" not in other.execute(
        "SELECT SESSION_VALUE FROM SYS.EXA_PARAMETERS WHERE PARAMETER_NAME = 'SCRIPT_LANGUAGES'").fetchval()


def test_alter_system_sets_the_default_of_new_sessions(connect, connection, database):
    connection.execute("ALTER SYSTEM SET SCRIPT_LANGUAGES = 'PYTHON3_SME=x'")
    assert database.system_parameters["SCRIPT_LANGUAGES"] == "PYTHON3_SME=x"
    other = connect()
    assert database.sessions[int(other.session_id())].script_languages == "PYTHON3_SME=x"


def test_result_changing_session_parameters_are_refused(connection):
    error = error_of(connection, "ALTER SESSION SET NLS_DATE_FORMAT = 'DD.MM.YYYY'")
    assert error.code == "0A000"


# -- what is not supported ----------------------------------------------------------------------

@pytest.mark.parametrize("sql", [
    "MERGE INTO customers c USING orders o ON c.id = o.customer_id WHEN MATCHED THEN DELETE",
    "IMPORT INTO customers FROM CSV AT 'http://x' FILE 'a.csv'",
    "SELECT TO_CHAR(amount, '999') FROM orders",
    "SELECT some_function(1) FROM DUAL",
    "SELECT ROWNUM FROM customers",
    "CREATE TABLE t (a INTERVAL DAY TO SECOND)",
    "CREATE TABLE t (a DECIMAL(9,0) IDENTITY)",
    "GRANT SELECT ON customers TO someone",
])
def test_unsupported_statements_get_the_clear_error(shop, sql):
    error = error_of(shop, sql)
    assert error.code == "0A000"
    assert NOT_SUPPORTED in error.message


def test_unknown_statement_is_a_syntax_error(connection):
    assert error_of(connection, "FROBNICATE everything").code == "42000"


# -- handlers -----------------------------------------------------------------------------------

class EchoHandler:
    """Claims statements starting with ECHO and answers with their rest; records what it saw."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def try_execute(self, db, session, sql):
        self.seen.append(sql)
        if not sql.upper().startswith("ECHO "):
            return None
        return Result(columns=[Column("ECHO", "VARCHAR(100) UTF8")], rows=[(sql[5:],)])


def test_registered_handler_is_consulted_before_the_default_path(database, connection):
    handler = EchoHandler()
    database.register_handler(handler)
    assert connection.execute("ECHO hello").fetchall() == [("hello",)]
    assert connection.execute("SELECT 1 FROM DUAL").fetchval() == 1
    assert handler.seen == ["ECHO hello", "SELECT 1 FROM DUAL"]


def test_handlers_can_run_statements_through_the_engine(database):
    session = database.open_session(USER)
    database.execute(session, "CREATE SCHEMA h")
    database.execute(session, "CREATE TABLE t (a DECIMAL(3,0))")
    database.execute(session, "INSERT INTO t VALUES (5)")
    assert database.query(session, 'SELECT "A" FROM "H"."T" WHERE "A" = ?', [5]).rows == [(5,)]
    assert database.translate(session, "SELECT a FROM t") == 'SELECT "A" FROM "H"."T"'
    assert database.resolve_object(session, 'h."t"') == ("H", "t")
    with pytest.raises(LocalSqlError):
        database.execute(session, "SELECT * FROM nowhere")
