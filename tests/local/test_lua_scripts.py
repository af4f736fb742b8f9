"""Lua scripting in the local runtime: CREATE/EXECUTE SCRIPT with Exasol's scripting API."""
from __future__ import annotations

import json
from typing import Any

import pyexasol
import pytest

from tests.local.scripting_helpers import ScriptingDb

pytest_plugins = ["tests.local.scripting_fixtures"]


def test_created_lua_script_is_listed_in_exa_all_scripts(scripting_db: ScriptingDb) -> None:
    scripting_db.run("CREATE LUA SCRIPT S.LISTED(a, b) RETURNS TABLE AS\nreturn nil")
    rows = scripting_db.rows("SELECT SCRIPT_NAME, SCRIPT_TYPE, SCRIPT_LANGUAGE, SCRIPT_RESULT_TYPE "
                             "FROM SYS.EXA_ALL_SCRIPTS WHERE SCRIPT_SCHEMA = 'S'")
    assert rows == [("LISTED", "SCRIPTING", "LUA", "TABLE")]


def test_create_script_without_or_replace_refuses_an_existing_name(scripting_db: ScriptingDb) -> None:
    scripting_db.run("CREATE SCRIPT S.TWICE() AS\nreturn")
    assert scripting_db.error("CREATE SCRIPT S.TWICE() AS\nreturn").sql_code == "42000"


@pytest.mark.parametrize("literal, expected", [
    ("'text'", "string text"),
    ("42", "number 42"),
    ("-1.5", "number -1.5"),
    ("TRUE", "boolean true"),
    ("FALSE", "boolean false"),
    ("NULL", "null"),
    ("''", "null"),
])
def test_script_parameters_arrive_as_lua_values(scripting_db: ScriptingDb, literal: str, expected: str) -> None:
    scripting_db.run("CREATE SCRIPT S.SHOW(p) AS\n"
                     "if p == null then output('null') else output(type(p) .. ' ' .. tostring(p)) end")
    assert scripting_db.rows(f"EXECUTE SCRIPT S.SHOW({literal}) WITH OUTPUT") == [(expected,)]


def test_array_parameter_arrives_as_lua_table(scripting_db: ScriptingDb) -> None:
    scripting_db.run("CREATE SCRIPT S.ARR(ARRAY values) AS\noutput(#values .. ':' .. table.concat(values, ','))")
    assert scripting_db.rows("EXECUTE SCRIPT S.ARR(ARRAY(3, 4, 5)) WITH OUTPUT") == [("3:3,4,5",)]


def test_wrong_number_of_arguments_is_refused(scripting_db: ScriptingDb) -> None:
    scripting_db.run("CREATE SCRIPT S.TWO(a, b) AS\nreturn")
    error = scripting_db.error("EXECUTE SCRIPT S.TWO(1)")
    assert error.sql_code == "42000" and "expects 2 argument(s)" in error.text


def test_query_result_is_addressable_by_row_and_column_number_and_exact_name(scripting_db: ScriptingDb) -> None:
    scripting_db.run('CREATE TABLE S.T(ID DECIMAL(18,0), "Mixed Case" VARCHAR(20))')
    scripting_db.run("INSERT INTO S.T VALUES (1, 'one'), (2, 'two')")
    lines = scripting_db.output(
        'local r = query([[SELECT ID, "Mixed Case" FROM S.T ORDER BY ID]])\n'
        'output(#r .. " rows, " .. #r[1] .. " columns")\n'
        'output(r[2][2] .. " " .. r[2]["Mixed Case"] .. " " .. tostring(r[2].ID))\n'
        'output(tostring(r[1]["mixed case"]) .. " " .. r.statement_text)\n'
        'for i, row in ipairs(r) do output(i .. "=" .. row[2]) end')
    assert lines == ["2 rows, 2 columns", "two two 2", 'nil SELECT ID, "Mixed Case" FROM S.T ORDER BY ID',
                     "1=one", "2=two"]


def test_query_result_is_read_only(scripting_db: ScriptingDb) -> None:
    lines = scripting_db.output(
        'local r = query("SELECT 1 AS X")\n'
        'local ok = pcall(function() r[1].X = 2 end)\n'
        'output(tostring(ok) .. " " .. tostring(r[1].X))')
    assert lines == ["false 1"]


def test_sql_null_in_results_is_null_not_nil(scripting_db: ScriptingDb) -> None:
    lines = scripting_db.output(
        'local r = query("SELECT CAST(NULL AS VARCHAR(5)) AS V")\n'
        'output(tostring(r[1].V == null) .. " " .. tostring(r[1].V == nil) .. " " .. tostring(null == NULL))')
    assert lines == ["true false true"]


def test_decimal_results_behave_like_exasol_decimals(scripting_db: ScriptingDb) -> None:
    lines = scripting_db.output(
        'local r = query("SELECT CAST(2.50 AS DECIMAL(10,2)) AS D, CAST(7 AS DECIMAL(18,0)) AS N, '
        'CAST(1.5 AS DOUBLE) AS F")\n'
        'output(tostring(r[1].D) .. " " .. tostring(r[1].D + 1) .. " " .. tostring(r[1].N * 2))\n'
        'output(tostring(r[1].N == 7) .. " " .. tostring(r[1].N == decimal(7)) .. " " .. tostring(r[1].N > 6))\n'
        'output(type(r[1].F) .. " " .. r[1].F .. " " .. r[1].N:tonumber() + 1 .. " " .. r[1].D:scale())')
    assert lines == ["2.50 3.50 14", "false true true", "number 1.5 8 2"]


def test_pquery_returns_error_code_and_message_instead_of_aborting(scripting_db: ScriptingDb) -> None:
    lines = scripting_db.output(
        'local ok, r = pquery("SELECT * FROM S.NO_SUCH_TABLE")\n'
        'output(tostring(ok) .. "|" .. r.error_code .. "|" .. r.error_message)')
    assert lines == ["false|42000|object S.NO_SUCH_TABLE not found"]


def test_unprotected_query_failure_aborts_with_the_statement_code_and_line(scripting_db: ScriptingDb) -> None:
    scripting_db.run("CREATE SCRIPT S.FAILS() AS\nlocal x = 1\nquery('SELECT * FROM S.NOPE')\noutput('never')")
    error = scripting_db.error("EXECUTE SCRIPT S.FAILS()")
    assert (error.sql_code, error.text) == (
        "42000", '"object S.NOPE not found" caught in script "S"."FAILS" at line 2')


def test_error_raised_by_a_script_reaches_the_caller_as_43000_with_line(scripting_db: ScriptingDb) -> None:
    scripting_db.run('CREATE SCRIPT S.RAISES() AS\n\nerror("E-SME-12: something broke. Do this.", 0)')
    error = scripting_db.error("EXECUTE SCRIPT S.RAISES()")
    assert (error.sql_code, error.text) == (
        "43000", '"E-SME-12: something broke. Do this." caught in script "S"."RAISES" at line 2')


@pytest.mark.parametrize("hostile", [
    "O'Brien",
    "'; DROP TABLE S.VALS; --",
    "line one\nline two",
    "a :placeholder and ::another",
    'double "quotes" and \\ backslash',
    "ünïcødé ✓",
])
def test_value_placeholders_keep_hostile_strings_intact(scripting_db: ScriptingDb, hostile: str) -> None:
    scripting_db.run("CREATE TABLE S.VALS(V VARCHAR(100))")
    scripting_db.run("CREATE SCRIPT S.INS(v) AS\nquery([[INSERT INTO S.VALS VALUES (:v)]], {v = v})")
    literal = "'" + hostile.replace("'", "''") + "'"
    scripting_db.run(f"EXECUTE SCRIPT S.INS({literal})")
    assert scripting_db.rows("SELECT V FROM S.VALS") == [(hostile,)]


@pytest.mark.parametrize("table_name", ['odd "quoted" name', "SELECT", "lower case", "with.dot"])
def test_identifier_placeholders_quote_hostile_names(scripting_db: ScriptingDb, table_name: str) -> None:
    lines = scripting_db.output(
        f'local name = {json.dumps(table_name)}\n'
        'query([[CREATE TABLE S.::t (X DECIMAL(18,0))]], {t = name})\n'
        'query([[INSERT INTO S.::t VALUES (:x)]], {t = name, x = 5})\n'
        'local r = query([[SELECT X FROM S.::t]], {t = name})\n'
        'output(tostring(r[1].X))')
    assert lines == ["5"]
    assert scripting_db.value("SELECT COUNT(*) FROM SYS.EXA_ALL_TABLES WHERE TABLE_NAME = "
                              f"'{table_name.replace(chr(39), chr(39) * 2)}'") == 1


@pytest.mark.parametrize("lua_value, statement, printed", [
    ("nil", "SELECT NULL AS V", "NULL"),
    ("null", "SELECT NULL AS V", "NULL"),
    ("7", "SELECT 7 AS V", "7"),
    ("2.5", "SELECT 2.5 AS V", "2.5"),
    ("true", "SELECT TRUE AS V", "true"),
    ("decimal('1.25', 10, 2)", "SELECT 1.25 AS V", "1.25"),
    ('"it\'s"', "SELECT 'it''s' AS V", "it's"),
])
def test_value_placeholders_write_sql_literals(scripting_db: ScriptingDb, lua_value: str, statement: str,
                                               printed: str) -> None:
    lines = scripting_db.output(
        f'local r = query([[SELECT :v AS V]], {{v = {lua_value}}})\n'
        'output(r.statement_text)\n'
        'if r[1].V == null then output("NULL") else output(tostring(r[1].V)) end')
    assert lines == [statement, printed]


def test_placeholders_inside_string_literals_and_comments_are_left_alone(scripting_db: ScriptingDb) -> None:
    lines = scripting_db.output(
        "local r = query([[SELECT ':v' AS A, :v AS B -- :v\n]], {v = 'x'})\n"
        "output(r[1].A .. ' ' .. r[1].B)")
    assert lines == [":v x"]


def test_identifier_placeholder_needs_a_string(scripting_db: ScriptingDb) -> None:
    lines = scripting_db.output(
        'local ok, r = pquery([[SELECT * FROM ::t]], {t = 5})\n'
        'output(tostring(ok) .. " " .. r.error_message)')
    assert lines[0].startswith("false invalid identifier value for parameter ::t")


def test_returns_table_script_returns_lua_rows_with_declared_types(scripting_db: ScriptingDb) -> None:
    scripting_db.run('CREATE SCRIPT S.TAB() RETURNS TABLE AS\n'
                     'return {{1, "a", null, true}, {2.5, "b", 3, false}}, '
                     '"N DECIMAL(10,1), S VARCHAR(5), D DOUBLE, \\"Flag\\" BOOLEAN"')
    result = scripting_db.run("EXECUTE SCRIPT S.TAB()")
    assert [(c.name, c.sql_type) for c in result.columns] == [
        ("N", "DECIMAL(10,1)"), ("S", "VARCHAR(5) UTF8"), ("D", "DOUBLE"), ("Flag", "BOOLEAN")]
    assert [tuple(str(v) for v in row) for row in result.rows] == [("1.0", "a", "None", "True"),
                                                                   ("2.5", "b", "3.0", "False")]


def test_returns_table_script_can_exit_with_a_query_result(scripting_db: ScriptingDb) -> None:
    scripting_db.run("CREATE SCRIPT S.EXIT_Q() RETURNS TABLE AS\n"
                     "exit(query([[SELECT 'x' AS A, CAST(3 AS DECIMAL(9,0)) AS B]]))\noutput('unreached')")
    result = scripting_db.run("EXECUTE SCRIPT S.EXIT_Q()")
    assert [c.name for c in result.columns] == ["A", "B"] and [tuple(map(str, r)) for r in result.rows] == [("x", "3")]


def test_returns_table_script_without_column_definition_is_an_error(scripting_db: ScriptingDb) -> None:
    scripting_db.run("CREATE SCRIPT S.NO_DEF() RETURNS TABLE AS\nreturn {{1}}")
    assert "column definition" in scripting_db.error("EXECUTE SCRIPT S.NO_DEF()").text


@pytest.mark.parametrize("body, expected", [
    ("return", 0),
    ("return query([[INSERT INTO S.R VALUES (1), (2)]])", 2),
    ("exit({rows_affected = 30})", 30),
])
def test_returns_rowcount_script_reports_rows_affected(scripting_db: ScriptingDb, body: str, expected: int) -> None:
    scripting_db.run("CREATE TABLE S.R(X DECIMAL(18,0))")
    scripting_db.run(f"CREATE SCRIPT S.COUNTS() RETURNS ROWCOUNT AS\n{body}")
    assert scripting_db.run("EXECUTE SCRIPT S.COUNTS()").rows_affected == expected


def test_with_output_returns_the_output_lines_as_one_column(scripting_db: ScriptingDb) -> None:
    scripting_db.run("CREATE SCRIPT S.OUT() RETURNS TABLE AS\noutput('first')\noutput(2)\nreturn {{1}}, 'X DOUBLE'")
    result = scripting_db.run("EXECUTE SCRIPT S.OUT() WITH OUTPUT")
    assert [c.name for c in result.columns] == ["OUTPUT"] and result.rows == [("first",), ("2",)]


def test_statements_issued_by_a_script_run_in_the_callers_session(scripting_db: ScriptingDb) -> None:
    scripting_db.run("CREATE SCHEMA OTHER")
    scripting_db.run("OPEN SCHEMA S")
    scripting_db.run("CREATE SCRIPT S.SESSIONAL() AS\n"
                     "query([[CREATE TABLE MADE_BY_SCRIPT(X DECIMAL(18,0))]])\n"
                     "query([[OPEN SCHEMA OTHER]])\n"
                     "output(exa.meta.session_id .. ' ' .. tostring(query([[SELECT CURRENT_SESSION AS C]])[1].C))")
    [(line,)] = scripting_db.rows("EXECUTE SCRIPT SESSIONAL() WITH OUTPUT")
    session_id = str(scripting_db.session.session_id)
    assert line == f"{session_id} {session_id}"
    assert scripting_db.session.current_schema == "OTHER"
    assert scripting_db.value("SELECT COUNT(*) FROM S.MADE_BY_SCRIPT") == 0


def test_exa_meta_describes_the_script_and_the_session(scripting_db: ScriptingDb) -> None:
    lines = scripting_db.output(
        "output(exa.meta.script_schema .. '.' .. exa.meta.script_name)\n"
        "output(exa.meta.current_user .. ' ' .. exa.meta.script_language)\n"
        "output(type(exa.meta.database_version) .. ' ' .. type(exa.meta.session_id))", name="META")
    assert lines == ["S.META", "SYS Lua 5.4", "string string"]


def test_require_finds_preloaded_modules_and_cjson(scripting_db: ScriptingDb) -> None:
    lines = scripting_db.output(
        "package.preload['my.mod'] = function() return {answer = 42} end\n"
        "local m = require('my.mod')\n"
        "output(m.answer .. ' ' .. tostring(require('my.mod') == m) .. ' ' .. tostring(require('cjson') == cjson))")
    assert lines == ["42 true true"]


def test_require_of_an_unknown_module_fails(scripting_db: ScriptingDb) -> None:
    lines = scripting_db.output("local ok, message = pcall(require, 'socket')\noutput(tostring(ok))")
    assert lines == ["false"]


def test_import_loads_another_script_as_a_module(scripting_db: ScriptingDb) -> None:
    scripting_db.run("CREATE SCRIPT S.LIB() AS\nfunction twice(x) return 2 * x end")
    assert scripting_db.output("import('S.LIB', 'lib')\noutput(lib.twice(21))") == ["42"]


def test_lua_syntax_error_is_reported_at_create(scripting_db: ScriptingDb) -> None:
    error = scripting_db.error("CREATE SCRIPT S.BROKEN() AS\nlocal x = = 1")
    assert error.sql_code == "42000" and "Lua syntax error" in error.text


@pytest.mark.parametrize("statement", ["EXECUTE SCRIPT S.MISSING()", "EXECUTE SCRIPT S.A_UDF('x')"])
def test_executing_something_that_is_not_a_scripting_script_is_refused(scripting_db: ScriptingDb,
                                                                        statement: str) -> None:
    scripting_db.run("CREATE PYTHON3 SCALAR SCRIPT S.A_UDF(x VARCHAR(10)) RETURNS INT AS\ndef run(ctx):\n    return 1")
    assert scripting_db.error(statement).sql_code == "42000"


def test_lua_udf_scripts_are_not_supported(scripting_db: ScriptingDb) -> None:
    error = scripting_db.error("CREATE LUA SCALAR SCRIPT S.LUDF(x DOUBLE) RETURNS DOUBLE AS\nfunction run(ctx) end")
    assert error.sql_code == "0A000" and "not supported by the local runtime" in error.text


@pytest.mark.parametrize("document", [
    '{"a":1}', '[1,2,3]', '"x\\/y"', '{"nested":{"list":[true,false,null]}}', '[0.5,-3,1e+20]', '"\\u00e9\\n"',
])
def test_cjson_round_trips(scripting_db: ScriptingDb, document: str) -> None:
    lines = scripting_db.output(f"output(cjson.encode(cjson.decode({json.dumps(document)})))")
    assert json.loads(lines[0]) == json.loads(document)


@pytest.mark.parametrize("lua_value, expected", [
    ('"a/b"', '"a\\/b"'),
    ("3", "3"),
    ("0.1", "0.1"),
    ("1/3", "0.33333333333333"),
    ("{}", "{}"),
    ("{1, 2}", "[1,2]"),
    ("{1, nil, 3}", "[1,null,3]"),
    ("null", "null"),
    ("cjson.null", "null"),
    ('"tab\\tnew\\nline"', '"tab\\tnew\\nline"'),
    ('{[1] = "a", x = "b"}', None),
])
def test_cjson_encodes_like_lua_cjson(scripting_db: ScriptingDb, lua_value: str, expected: str) -> None:
    [line] = scripting_db.output(f"output(cjson.encode({lua_value}))")
    if expected is None:
        assert json.loads(line) == {"1": "a", "x": "b"}
    else:
        assert line == expected


@pytest.mark.parametrize("lua_value, message", [
    ("function() end", "Cannot serialise function: type not supported"),
    ("decimal(1)", "Cannot serialise userdata: type not supported"),
    ("0/0", "Cannot serialise number: must not be NaN or Infinity"),
    ("{[1] = 1, [100] = 2}", "Cannot serialise table: excessively sparse array"),
    ("{[true] = 1}", "Cannot serialise table: table key must be a number or string"),
])
def test_cjson_refuses_what_lua_cjson_refuses(scripting_db: ScriptingDb, lua_value: str, message: str) -> None:
    [line] = scripting_db.output(f"local ok, m = pcall(cjson.encode, {lua_value})\noutput(tostring(ok) .. ' ' .. m)")
    assert line == f"false {message}"


def test_cjson_decode_gives_cjson_null_equal_to_exasol_null(scripting_db: ScriptingDb) -> None:
    lines = scripting_db.output(
        'local t = cjson.decode(\'{"a":null,"n":3,"f":1.5}\')\n'
        'output(tostring(t.a == cjson.null) .. " " .. tostring(t.a == null) .. " " .. math.type(t.n) .. " " .. t.f)')
    assert lines == ["true true integer 1.5"]


def test_cjson_decode_reports_invalid_json(scripting_db: ScriptingDb) -> None:
    [line] = scripting_db.output("local ok, m = pcall(cjson.decode, '{\"a\": }')\noutput(tostring(ok) .. ' ' .. m)")
    assert line.startswith("false Expected value but found")


def test_script_runs_through_pyexasol_with_output_and_table_result(exa_connection: Any) -> None:
    exa_connection.execute("CREATE OR REPLACE LUA SCRIPT S.GREET(name) RETURNS TABLE AS\n"
                           "output('hello ' .. name)\n"
                           "return {{name, #name}}, 'NAME VARCHAR(20), LEN DECIMAL(9,0)'")
    assert exa_connection.execute("EXECUTE SCRIPT S.GREET('Ann') WITH OUTPUT").fetchall() == [("hello Ann",)]
    statement = exa_connection.execute("EXECUTE SCRIPT S.GREET('Ann')")
    assert list(statement.columns()) == ["NAME", "LEN"] and statement.fetchall() == [("Ann", 3)]


def test_script_error_reaches_pyexasol_with_code_and_text(exa_connection: Any) -> None:
    exa_connection.execute("CREATE SCRIPT S.BAD() AS\nerror('E-SME-4: no. Fix it.', 0)")
    with pytest.raises(pyexasol.ExaQueryError) as caught:
        exa_connection.execute("EXECUTE SCRIPT S.BAD()")
    assert caught.value.code == "43000"
    assert caught.value.message.startswith('"E-SME-4: no. Fix it." caught in script "S"."BAD"')
