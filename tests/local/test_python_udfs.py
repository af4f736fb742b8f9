"""Python UDF scripts in the local runtime: CREATE ... SCRIPT and calls from SELECT."""
from __future__ import annotations

import datetime
import decimal
import re
import types
from typing import Any

import pyexasol
import pytest

from tests.local.scripting_helpers import ScriptingDb

pytest_plugins = ["tests.local.scripting_fixtures"]

E_SME = re.compile(r"E-SME-\d+: .*?(?= \n|$)", re.DOTALL)


def create_udf(db: ScriptingDb, header: str, body: str) -> None:
    """CREATE OR REPLACE <header> AS <body>."""
    db.run(f"CREATE OR REPLACE {header} AS\n{body}")


@pytest.fixture
def numbers(scripting_db: ScriptingDb) -> ScriptingDb:
    """Table S.NUMBERS(ID, GRP, AMOUNT, NAME) with six rows in groups a, b, c."""
    scripting_db.run("CREATE TABLE S.NUMBERS(ID DECIMAL(18,0), GRP VARCHAR(5), AMOUNT DECIMAL(10,2), NAME VARCHAR(20))")
    scripting_db.run("INSERT INTO S.NUMBERS VALUES (1, 'a', 1.50, 'one'), (2, 'a', 2.00, 'two'), "
                     "(3, 'b', 3.25, NULL), (4, 'b', NULL, 'four'), (5, 'c', 5.00, 'five'), (6, 'a', 0.75, 'six')")
    return scripting_db


def test_scalar_returns_udf_runs_once_per_row(numbers: ScriptingDb) -> None:
    create_udf(numbers, "PYTHON3 SCALAR SCRIPT S.LABEL(id DECIMAL(18,0), name VARCHAR(20)) RETURNS VARCHAR(40)",
               "def run(ctx):\n    return f'{ctx.id}:{ctx.name}'")
    result = numbers.run("SELECT S.LABEL(ID, NAME) AS L FROM S.NUMBERS WHERE ID <= 4")
    assert [c.name for c in result.columns] == ["L"]
    assert sorted(result.rows) == [("1:one",), ("2:two",), ("3:None",), ("4:four",)]


def test_scalar_udf_without_from_takes_literal_arguments_as_the_extension_calls_it(scripting_db: ScriptingDb) -> None:
    create_udf(scripting_db, 'PYTHON3_SME SCALAR SCRIPT "S"."ECHO"(a VARCHAR(10), b VARCHAR(10), c DECIMAL(18,0), '
                             'd DECIMAL(18,0)) EMITS (JOB_NAME VARCHAR(32), JOB_ARN VARCHAR(2048))',
               "def run(ctx):\n    ctx.emit(ctx.a + ctx.b, repr((ctx.c, ctx.d)))")
    result = scripting_db.run("""SELECT "S"."ECHO"('a', 'b', NULL, 3)""")
    assert [c.name for c in result.columns] == ["JOB_NAME", "JOB_ARN"]
    assert result.rows == [("ab", "(None, 3)")]


def test_scalar_udf_may_mix_with_plain_columns(numbers: ScriptingDb) -> None:
    create_udf(numbers, "PYTHON3 SCALAR SCRIPT S.DOUBLED(x DECIMAL(18,0)) RETURNS DECIMAL(18,0)",
               "def run(ctx):\n    return ctx.x * 2")
    result = numbers.run("SELECT ID, S.DOUBLED(ID) FROM S.NUMBERS WHERE ID < 3")
    assert [c.name for c in result.columns] == ["ID", "S.DOUBLED(ID)"]
    assert sorted((int(a), int(b)) for a, b in result.rows) == [(1, 2), (2, 4)]


def test_set_udf_without_group_by_sees_all_rows_in_one_run(numbers: ScriptingDb, udf_probe: types.ModuleType) -> None:
    create_udf(numbers, "PYTHON3 SET SCRIPT S.TOTAL(amount DECIMAL(10,2)) EMITS (ROWS_SEEN INT, TOTAL DECIMAL(12,2))",
               "import udf_probe\n"
               "def run(ctx):\n"
               "    udf_probe.events.append(('run', ctx.size()))\n"
               "    total, count = 0, 0\n"
               "    while True:\n"
               "        count += 1\n"
               "        total += ctx.amount or 0\n"
               "        if not ctx.next():\n"
               "            break\n"
               "    ctx.emit(count, total)")
    assert numbers.rows("SELECT S.TOTAL(AMOUNT) FROM S.NUMBERS") == [(6, decimal.Decimal("12.50"))]
    assert udf_probe.events == [("run", 6)]


def test_group_by_gives_one_run_per_group_spread_over_instances(numbers: ScriptingDb,
                                                                udf_probe: types.ModuleType) -> None:
    create_udf(numbers, "PYTHON3 SET SCRIPT S.PER_GROUP(grp VARCHAR(5), id DECIMAL(18,0)) "
                        "EMITS (GRP VARCHAR(5), N INT, VM VARCHAR(20), RUN_IN_VM INT)",
               "import udf_probe\n"
               "runs = 0\n"
               "def run(ctx):\n"
               "    global runs\n"
               "    runs += 1\n"
               "    udf_probe.events.append(exa.meta.vm_id)\n"
               "    ctx.emit(ctx.grp, ctx.size(), exa.meta.vm_id, runs)")
    rows = numbers.rows("SELECT S.PER_GROUP(GRP, ID) FROM S.NUMBERS GROUP BY GRP")
    assert sorted((g, n) for g, n, _, _ in rows) == [("a", 3), ("b", 2), ("c", 1)]
    assert len(set(udf_probe.events)) == numbers.db.nproc == 2
    assert sorted(run for *_, run in rows) == [1, 1, 2]


def test_group_by_iproc_spreads_the_rows_over_nproc_instances(numbers: ScriptingDb) -> None:
    create_udf(numbers, "PYTHON3 SET SCRIPT S.SLICE(id DECIMAL(18,0)) EMITS (ID DECIMAL(18,0), VM VARCHAR(20))",
               "def run(ctx):\n"
               "    df = ctx.get_dataframe(num_rows='all')\n"
               "    for value in df['id']:\n"
               "        ctx.emit(int(value), exa.meta.vm_id)")
    rows = numbers.rows("SELECT S.SLICE(ID) FROM S.NUMBERS GROUP BY IPROC()")
    assert sorted(i for i, _ in rows) == [1, 2, 3, 4, 5, 6]
    assert len({vm for _, vm in rows}) == 2


def test_module_level_state_belongs_to_one_instance(numbers: ScriptingDb, udf_probe: types.ModuleType) -> None:
    create_udf(numbers, "PYTHON3 SCALAR SCRIPT S.CLIENTS(id DECIMAL(18,0)) RETURNS DECIMAL(18,0)",
               "import udf_probe\n"
               "client = object()\n"
               "udf_probe.events.append(id(client))\n"
               "def run(ctx):\n"
               "    return id(client) % 1000\n"
               "def cleanup():\n"
               "    udf_probe.events.append('cleanup')")
    numbers.run("SELECT S.CLIENTS(ID) FROM S.NUMBERS")
    clients = [e for e in udf_probe.events if e != "cleanup"]
    assert len(set(clients)) == 2 and udf_probe.events.count("cleanup") == 2


@pytest.mark.parametrize("sql_type, literal, expected_type, expected", [
    ("DECIMAL(18,0)", "42", int, 42),
    ("DECIMAL(36,0)", "123456789012345678901234567890", int, 123456789012345678901234567890),
    ("DECIMAL(10,2)", "1.5", decimal.Decimal, decimal.Decimal("1.50")),
    ("DOUBLE", "0.25", float, 0.25),
    ("VARCHAR(10)", "'text'", str, "text"),
    ("BOOLEAN", "TRUE", bool, True),
    ("DATE", "DATE '2024-02-29'", datetime.date, datetime.date(2024, 2, 29)),
    ("TIMESTAMP", "TIMESTAMP '2024-02-29 10:11:12.345'", datetime.datetime,
     datetime.datetime(2024, 2, 29, 10, 11, 12, 345000)),
    ("VARCHAR(10)", "NULL", type(None), None),
    ("DOUBLE", "7", float, 7.0),
])
def test_input_values_have_exasol_python_types(scripting_db: ScriptingDb, sql_type: str, literal: str,
                                               expected_type: type, expected: object) -> None:
    create_udf(scripting_db, f"PYTHON3 SCALAR SCRIPT S.TYPED(v {sql_type}) RETURNS VARCHAR(200)",
               "def run(ctx):\n    return type(ctx.v).__name__ + '|' + repr(ctx.v)")
    assert scripting_db.value(f"SELECT S.TYPED({literal})") == f"{expected_type.__name__}|{expected!r}"


@pytest.mark.parametrize("sql_type, python_value, expected", [
    ("DECIMAL(18,0)", "41 + 1", 42),
    ("DECIMAL(10,2)", "decimal.Decimal('1.255')", decimal.Decimal("1.26")),
    ("DECIMAL(10,2)", "3", decimal.Decimal("3.00")),
    ("DOUBLE", "2", 2.0),
    ("DOUBLE", "float('nan')", None),
    ("VARCHAR(5)", "'abc'", "abc"),
    ("BOOLEAN", "False", False),
    ("DATE", "datetime.date(2020, 1, 2)", datetime.date(2020, 1, 2)),
    ("TIMESTAMP", "datetime.datetime(2020, 1, 2, 3, 4, 5)", datetime.datetime(2020, 1, 2, 3, 4, 5)),
    ("VARCHAR(5)", "None", None),
])
def test_emitted_values_are_converted_to_the_declared_types(scripting_db: ScriptingDb, sql_type: str,
                                                            python_value: str, expected: object) -> None:
    create_udf(scripting_db, f"PYTHON3 SCALAR SCRIPT S.OUT() EMITS (V {sql_type})",
               f"def run(ctx):\n    ctx.emit({python_value})")
    result = scripting_db.run("SELECT S.OUT()")
    assert result.rows == [(expected,)] and result.columns[0].sql_type.startswith(sql_type.split("(")[0])


@pytest.mark.parametrize("sql_type, python_value, message", [
    ("DECIMAL(18,0)", "'12'", "E-UDF-CL-SL-PYTHON-1094: emit column 'V' is of type long but data given have type "
                              "<class 'str'>"),
    ("VARCHAR(5)", "12", "E-UDF-CL-SL-PYTHON-1091: emit column 'V' is of type unicode"),
    ("BOOLEAN", "1", "E-UDF-CL-SL-PYTHON-1091"),
    ("DOUBLE", "True", "E-UDF-CL-SL-PYTHON-1093"),
    ("DATE", "datetime.datetime(2020, 1, 1)", "E-UDF-CL-SL-PYTHON-1097"),
    ("VARCHAR(3)", "'toolong'", "is too long for VARCHAR(3) UTF8"),
    ("DECIMAL(3,0)", "1000", "does not fit into DECIMAL(3,0)"),
    ("DOUBLE", "[1]", "E-UDF-CL-SL-PYTHON-1098: data type <class 'list'> is not supported"),
])
def test_emitting_a_value_the_column_cannot_take_fails_like_exasol(scripting_db: ScriptingDb, sql_type: str,
                                                                   python_value: str, message: str) -> None:
    create_udf(scripting_db, f"PYTHON3 SCALAR SCRIPT S.BAD() EMITS (V {sql_type})",
               f"def run(ctx):\n    ctx.emit({python_value})")
    error = scripting_db.error("SELECT S.BAD()")
    assert error.sql_code == "22002" and message in error.text


@pytest.mark.parametrize("call, message", [
    ("ctx.emit(1)", "E-UDF-CL-SL-PYTHON-1089: emit() takes exactly 2 arguments (1 given)"),
    ("ctx.next()", "F-UDF-CL-SL-PYTHON-1107: next(), reset() and emit() functions are not allowed in scalar context"),
    ("ctx.nope", "E-UDF-CL-SL-PYTHON-1085: Iterator has no object with name 'nope'"),
])
def test_misusing_ctx_fails_with_the_containers_messages(scripting_db: ScriptingDb, call: str, message: str) -> None:
    create_udf(scripting_db, "PYTHON3 SCALAR SCRIPT S.MISUSE(x DOUBLE) EMITS (A DOUBLE, B DOUBLE)",
               f"def run(ctx):\n    {call}")
    assert message in scripting_db.error("SELECT S.MISUSE(1)").text


def test_set_returns_udf_gives_one_row_per_group(numbers: ScriptingDb) -> None:
    create_udf(numbers, "PYTHON3 SET SCRIPT S.COUNTER(id DECIMAL(18,0)) RETURNS DECIMAL(18,0)",
               "def run(ctx):\n    return ctx.size()")
    assert sorted(numbers.rows("SELECT S.COUNTER(ID) AS N FROM S.NUMBERS GROUP BY GRP")) == [(1,), (2,), (3,)]


def test_get_dataframe_and_emit_dataframe_round_trip(numbers: ScriptingDb) -> None:
    create_udf(numbers, "PYTHON3 SET SCRIPT S.FRAME(id DECIMAL(18,0), amount DECIMAL(10,2), name VARCHAR(20)) "
                        "EMITS (ID DECIMAL(18,0), AMOUNT_TWICE DOUBLE, NAME VARCHAR(20))",
               "def run(ctx):\n"
               "    df = ctx.get_dataframe(num_rows='all')\n"
               "    df['amount'] = df['amount'].astype(float) * 2\n"
               "    ctx.emit(df)")
    rows = numbers.rows("SELECT S.FRAME(ID, AMOUNT, NAME) FROM S.NUMBERS WHERE ID <= 4")
    assert sorted(rows) == [(1, 3.0, "one"), (2, 4.0, "two"), (3, 6.5, None), (4, None, "four")]


def test_get_dataframe_reads_in_batches_then_returns_none_once(numbers: ScriptingDb) -> None:
    create_udf(numbers, "PYTHON3 SET SCRIPT S.BATCHES(id DECIMAL(18,0), name VARCHAR(20)) EMITS (SIZES VARCHAR(50))",
               "def run(ctx):\n"
               "    sizes = []\n"
               "    while True:\n"
               "        df = ctx.get_dataframe(num_rows=4, start_col=1)\n"
               "        if df is None:\n"
               "            break\n"
               "        sizes.append(f'{len(df)}x{list(df.columns)}')\n"
               "    try:\n"
               "        ctx.get_dataframe()\n"
               "    except RuntimeError as error:\n"
               "        sizes.append(str(error).split(':')[0])\n"
               "    ctx.emit(' '.join(sizes))")
    assert numbers.value("SELECT S.BATCHES(ID, NAME) FROM S.NUMBERS") == \
        "4x['name'] 2x['name'] E-UDF-CL-SL-PYTHON-1106"


def test_exa_get_connection_gives_address_user_and_password(scripting_db: ScriptingDb) -> None:
    scripting_db.run("CREATE CONNECTION MY_AWS TO 'https://b.s3.eu-west-1.amazonaws.com/' USER 'AKID' "
                     "IDENTIFIED BY 'secret;session_token=tok'")
    create_udf(scripting_db, "PYTHON3 SCALAR SCRIPT S.CONN(n VARCHAR(20)) EMITS (A VARCHAR(100), U VARCHAR(10), "
                             "P VARCHAR(40), S VARCHAR(200))",
               "def run(ctx):\n"
               "    c = exa.get_connection(ctx.n)\n"
               "    ctx.emit(c.address, c.user, c.password, str(c))")
    [(address, user, password, text)] = scripting_db.rows("SELECT S.CONN('MY_AWS')")
    assert (address, user, password) == ("https://b.s3.eu-west-1.amazonaws.com/", "AKID", "secret;session_token=tok")
    assert "secret" not in text and "<omitted!>" in text


def test_exa_get_connection_of_an_unknown_name_fails_like_exasol(scripting_db: ScriptingDb) -> None:
    create_udf(scripting_db, "PYTHON3 SCALAR SCRIPT S.CONN(n VARCHAR(20)) RETURNS VARCHAR(10)",
               "def run(ctx):\n    return exa.get_connection(ctx.n).user")
    error = scripting_db.error("SELECT S.CONN('missing')")
    assert "ImportError: F-UDF.CL.SL.PYTHON-1121: get_connection for connection name missing failed" in error.text


def test_exa_meta_describes_the_script_and_its_columns(scripting_db: ScriptingDb) -> None:
    create_udf(scripting_db, 'PYTHON3 SET SCRIPT S.META(amount DECIMAL(10,2), "Label" VARCHAR(7)) '
                             'EMITS (INFO VARCHAR(500))',
               "def run(ctx):\n"
               "    m = exa.meta\n"
               "    ins = [(c.name, c.sql_type, c.type.__name__, c.precision, c.scale, c.length)\n"
               "           for c in m.input_columns]\n"
               "    ctx.emit(repr((m.script_schema, m.script_name, m.input_type, m.output_type, ins,\n"
               "                   [c.name for c in m.output_columns], m.session_id == str(m.session_id))))")
    info = scripting_db.value("SELECT S.META(1.5, 'x')")
    assert info == repr(("S", "META", "SET", "EMIT",
                         [("amount", "DECIMAL(10,2)", "Decimal", 10, 2, None),
                          ("Label", "VARCHAR(7) UTF8", "str", None, None, 7)],
                         ["INFO"], True))


def test_udf_exception_reaches_the_caller_with_its_message_and_a_backtrace(scripting_db: ScriptingDb) -> None:
    create_udf(scripting_db, "PYTHON3_SME SCALAR SCRIPT S.FAILING(x VARCHAR(10)) RETURNS DECIMAL(18,0)",
               "def check(value):\n"
               "    raise ValueError('E-SME-7: job name ' + value + ' is invalid. Use letters and digits.')\n"
               "def run(ctx):\n"
               "    return check(ctx.x)")
    error = scripting_db.error("SELECT S.FAILING('a b')")
    assert error.sql_code == "22002"
    assert error.text.startswith("VM error: F-UDF-CL-LIB-1127: F-UDF-CL-SL-PYTHON-1002: F-UDF-CL-SL-PYTHON-1026: "
                                 "ExaUDFError: F-UDF-CL-SL-PYTHON-1114: Exception during run: ValueError: ")
    assert "FAILING:4 run \nFAILING:2 check" in error.text
    assert E_SME.search(error.text).group(0) == "E-SME-7: job name a b is invalid. Use letters and digits.."


@pytest.mark.parametrize("body, fragment", [
    ("def run(ctx)\n    return 1", "F-UDF-CL-SL-PYTHON-1005: SyntaxError"),
    ("import no_such_module_here\ndef run(ctx):\n    return 1",
     "F-UDF.CL.SL.PYTHON-1122: Exception while parsing UDF: ModuleNotFoundError"),
    ("x = 1", "F-UDF-CL-SL-PYTHON-1110: function 'run' is not defined"),
])
def test_broken_udf_text_is_reported_when_called(scripting_db: ScriptingDb, body: str, fragment: str) -> None:
    create_udf(scripting_db, "PYTHON3 SCALAR SCRIPT S.BROKEN() RETURNS DECIMAL(18,0)", body)
    error = scripting_db.error("SELECT S.BROKEN()")
    assert error.sql_code == "22002" and fragment in error.text


def test_undefined_script_language_alias_is_refused_until_defined(scripting_db: ScriptingDb) -> None:
    create_udf(scripting_db, "PYTHON3_OTHER SCALAR SCRIPT S.OTHER() RETURNS DECIMAL(18,0)",
               "def run(ctx):\n    return 1")
    error = scripting_db.error("SELECT S.OTHER()")
    assert "script language alias PYTHON3_OTHER" in error.text
    scripting_db.run("ALTER SESSION SET SCRIPT_LANGUAGES = 'PYTHON3=builtin_python3 PYTHON3_OTHER=builtin_python3'")
    assert scripting_db.value("SELECT S.OTHER()") == 1


@pytest.mark.parametrize("statement", [
    "CREATE JAVA SCALAR SCRIPT S.J() RETURNS INT AS\n%jvmoption -Xms1m;",
    "CREATE R SET SCRIPT S.R(x DOUBLE) EMITS (y DOUBLE) AS\nrun <- function(ctx) {}",
    "CREATE PYTHON3 ADAPTER SCRIPT S.A AS\ndef adapter_call(r):\n    return r",
])
def test_udf_languages_other_than_python_are_not_supported(scripting_db: ScriptingDb, statement: str) -> None:
    error = scripting_db.error(statement)
    assert error.sql_code == "0A000" and "not supported by the local runtime" in error.text


@pytest.mark.parametrize("query", [
    "SELECT S.PLUS(S.PLUS(ID)) FROM S.NUMBERS",
    "SELECT S.PLUS(ID) + 1 FROM S.NUMBERS",
    "SELECT S.PLUS(ID) FROM S.NUMBERS ORDER BY 1",
    "SELECT DISTINCT S.PLUS(ID) FROM S.NUMBERS",
    "SELECT ID FROM S.NUMBERS WHERE S.PLUS(ID) > 2",
    "SELECT S.PLUS(ID) FROM S.NUMBERS GROUP BY GRP",
])
def test_unsupported_udf_call_placements_give_the_clear_error(numbers: ScriptingDb, query: str) -> None:
    create_udf(numbers, "PYTHON3 SCALAR SCRIPT S.PLUS(x DECIMAL(18,0)) RETURNS DECIMAL(18,0)",
               "def run(ctx):\n    return ctx.x + 1")
    error = numbers.error(query)
    assert error.sql_code == "0A000" and "not supported by the local runtime" in error.text


def test_argument_longer_than_the_declared_varchar_is_refused(scripting_db: ScriptingDb) -> None:
    create_udf(scripting_db, "PYTHON3 SCALAR SCRIPT S.SHORT(x VARCHAR(3)) RETURNS VARCHAR(3)",
               "def run(ctx):\n    return ctx.x")
    assert scripting_db.error("SELECT S.SHORT('abcd')").sql_code == "22001"


def test_wrong_number_of_arguments_is_refused(scripting_db: ScriptingDb) -> None:
    create_udf(scripting_db, "PYTHON3 SCALAR SCRIPT S.ONE(x DOUBLE) RETURNS DOUBLE", "def run(ctx):\n    return 1")
    assert scripting_db.error("SELECT S.ONE(1, 2)").sql_code == "42000"


def test_dynamic_parameters_take_any_arguments(scripting_db: ScriptingDb) -> None:
    create_udf(scripting_db, "PYTHON3 SCALAR SCRIPT S.ANY(...) RETURNS VARCHAR(100)",
               "def run(ctx):\n    return repr([ctx[i] for i in range(exa.meta.input_column_count)])")
    assert scripting_db.value("SELECT S.ANY(1, 'x', TRUE)") == "[1, 'x', True]"


def test_lua_script_sees_the_udf_error_through_pquery(scripting_db: ScriptingDb) -> None:
    create_udf(scripting_db, "PYTHON3_SME SCALAR SCRIPT S.REFUSE(job VARCHAR(32)) EMITS (JOB_NAME VARCHAR(32))",
               "def run(ctx):\n    raise RuntimeError('E-SME-3: job ' + ctx.job + ' exists. Choose another name.')")
    lines = scripting_db.output(
        'local ok, r = pquery([[SELECT ::s."REFUSE"(:j)]], {s = exa.meta.script_schema, j = "it\'s"})\n'
        'output(tostring(ok) .. " " .. r.error_code)\n'
        'output(r.error_message:match("E%-SME%-%d+: .-%.%s"))')
    assert lines == ["false 22002", "E-SME-3: job it's exists. "]


def test_lua_script_reads_udf_rows_by_column_name(scripting_db: ScriptingDb) -> None:
    create_udf(scripting_db, "PYTHON3_SME SCALAR SCRIPT S.STATUS(job VARCHAR(32)) "
                             "EMITS (JOB_STATUS VARCHAR(64), JOB_SECONDARY_STATUS VARCHAR(64))",
               "def run(ctx):\n    ctx.emit('InProgress', 'Starting ' + ctx.job)")
    lines = scripting_db.output('local r = query([[SELECT "S"."STATUS"(:j)]], {j = "j1"})\n'
                                'output(r[1].JOB_STATUS .. "/" .. r[1].JOB_SECONDARY_STATUS)')
    assert lines == ["InProgress/Starting j1"]


def test_lua_script_creates_a_python_udf_and_calls_it(scripting_db: ScriptingDb) -> None:
    body = ("local text = 'CREATE OR REPLACE PYTHON3_SME SET SCRIPT \"S\".\"made\"(\"c 1\" DOUBLE) '\n"
            "  .. 'EMITS (\"c 1\" DOUBLE, \"PREDICTIONS\" DOUBLE) AS\\n'\n"
            "  .. 'def run(ctx):\\n    ctx.emit(ctx[0], ctx[0] * 10)\\n'\n"
            "query(text)\n"
            "local r = query([[SELECT \"S\".\"made\"(2.5)]])\n"
            "output(r[1]['c 1'] .. ' ' .. r[1].PREDICTIONS)")
    assert scripting_db.output(body) == ["2.5 25.0"]


def test_udf_error_reaches_a_pyexasol_client_with_the_e_sme_text(exa_connection: Any) -> None:
    exa_connection.execute("CREATE OR REPLACE PYTHON3_SME SCALAR SCRIPT S.CHECK(x VARCHAR(10)) "
                           "RETURNS DECIMAL(18,0) AS\n"
                           "def run(ctx):\n    raise ValueError('E-SME-5: bad ' + ctx.x + '. Try again.')")
    with pytest.raises(pyexasol.ExaQueryError) as caught:
        exa_connection.execute("SELECT S.CHECK({x})", {"x": "value"})
    assert caught.value.code == "22002"
    assert E_SME.search(caught.value.message).group(0) == "E-SME-5: bad value. Try again.."


def test_set_udf_with_group_by_iproc_runs_through_pyexasol(exa_connection: Any) -> None:
    exa_connection.execute('CREATE TABLE S.FEATURES("c 1" DOUBLE, "Select" VARCHAR(10))')
    exa_connection.execute("INSERT INTO S.FEATURES VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, NULL)")
    exa_connection.execute('CREATE OR REPLACE PYTHON3_SME SET SCRIPT S."ep"("c 1" DOUBLE, "Select" VARCHAR(10)) '
                           'EMITS ("c 1" DOUBLE, "Select" VARCHAR(10), "PREDICTIONS" DOUBLE) AS\n'
                           "def run(ctx):\n"
                           "    df = ctx.get_dataframe(num_rows='all')\n"
                           "    df['PREDICTIONS'] = df['c 1'] * 10\n"
                           "    ctx.emit(df)")
    statement = exa_connection.execute('SELECT S."ep"("c 1", "Select") FROM S.FEATURES GROUP BY IPROC()')
    assert list(statement.columns()) == ["c 1", "Select", "PREDICTIONS"]
    assert sorted(statement.fetchall()) == [(1.0, "a", 10.0), (2.0, "b", 20.0), (3.0, "c", 30.0), (4.0, None, 40.0)]


def test_insert_select_stores_the_rows_a_udf_emits(numbers: ScriptingDb) -> None:
    create_udf(numbers, "PYTHON3 SET SCRIPT S.SUMMARY(grp VARCHAR(5), amount DECIMAL(10,2)) "
                        "EMITS (GRP VARCHAR(5), TOTAL DECIMAL(12,2), SEEN TIMESTAMP)",
               "def run(ctx):\n"
               "    df = ctx.get_dataframe(num_rows='all')\n"
               "    total = sum(v for v in df['amount'] if v is not None and v == v)\n"
               "    ctx.emit(df['grp'][0], total, datetime.datetime(2024, 5, 6, 7, 8, 9))")
    numbers.run("CREATE TABLE S.SUMMARIES(GRP VARCHAR(5), TOTAL DECIMAL(12,2), SEEN TIMESTAMP)")
    result = numbers.run("INSERT INTO S.SUMMARIES SELECT S.SUMMARY(GRP, AMOUNT) FROM S.NUMBERS GROUP BY GRP")
    assert result.rows_affected == 3
    assert sorted(numbers.rows("SELECT GRP, TOTAL, SEEN FROM S.SUMMARIES")) == [
        ("a", decimal.Decimal("4.25"), datetime.datetime(2024, 5, 6, 7, 8, 9)),
        ("b", decimal.Decimal("3.25"), datetime.datetime(2024, 5, 6, 7, 8, 9)),
        ("c", decimal.Decimal("5.00"), datetime.datetime(2024, 5, 6, 7, 8, 9))]


def test_plain_columns_next_to_a_scalar_udf_keep_their_catalog_types(numbers: ScriptingDb) -> None:
    create_udf(numbers, "PYTHON3 SCALAR SCRIPT S.UPPER_NAME(x VARCHAR(20)) RETURNS VARCHAR(20)",
               "def run(ctx):\n    return ctx.x.upper() if ctx.x else None")
    result = numbers.run("SELECT NAME, S.UPPER_NAME(NAME) AS UP FROM S.NUMBERS WHERE ID = 1")
    assert [(c.name, c.sql_type) for c in result.columns] == [("NAME", "VARCHAR(20) UTF8"), ("UP", "VARCHAR(20) UTF8")]
    assert result.rows == [("one", "ONE")]
