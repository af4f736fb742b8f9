"""Lua scripting in the local runtime: ``CREATE [OR REPLACE] [LUA] SCRIPT`` and ``EXECUTE SCRIPT``.

A script runs in a fresh Lua 5.4 state (lupa) with Exasol's scripting API (see ``lua_env``); the
statements it issues run in the caller's session. Results follow Exasol: RETURNS ROWCOUNT scripts give
a row count, RETURNS TABLE scripts the table they return or ``exit()`` with, ``WITH OUTPUT`` the
``output()`` lines as one column ``OUTPUT``. An error ends the statement with
``"<message>" caught in script "<schema>"."<name>" at line <n>`` (SQL code 43000, or the failed
statement's own code when an unprotected ``query()`` failed).
"""
from __future__ import annotations

import itertools
import re
from typing import Any, Optional

from lupa.lua54 import LuaRuntime

from exasol_sagemaker_extension.local.engine import (
    Column, LocalDatabase, LocalSqlError, Result, ScriptObject, Session,
)
from exasol_sagemaker_extension.local.lua_env import LuaEnvironment, ScriptHost, lua_to_sql_value
from exasol_sagemaker_extension.local.script_sql import (
    ExecuteScript, ScriptHeader, parse_column_spec, parse_create_script, parse_execute_script,
)
from exasol_sagemaker_extension.local.sql_names import display_name

SCRIPT_ERROR_CODE = "43000"
OUTPUT_COLUMN = Column("OUTPUT", "VARCHAR(2000000) UTF8")
DATABASE_NAME = "EXA_DB"
DATABASE_VERSION = "8.34.0"
_PREFILTER = re.compile(r"\s*(CREATE|EXECUTE)\s", re.IGNORECASE)
_statement_ids = itertools.count(1)


class LuaScriptHandler:
    """Statement handler for Lua scripting scripts."""

    def try_execute(self, db: LocalDatabase, session: Session, sql: str) -> Optional[Result]:
        """CREATE ... SCRIPT (scripting) and EXECUTE SCRIPT; None for anything else."""
        if not _PREFILTER.match(sql):
            return None
        if sql.lstrip()[:6].upper() == "CREATE":
            header = parse_create_script(sql)
            if header is None or header.kind != "SCRIPTING":
                return None
            return create_lua_script(db, session, sql, header)
        execute = parse_execute_script(sql)
        if execute is None:
            return None
        return execute_lua_script(db, session, execute)


def create_lua_script(db: LocalDatabase, session: Session, sql: str, header: ScriptHeader) -> Result:
    """Store a Lua scripting script after checking its Lua syntax."""
    if header.language != "LUA":
        raise LocalSqlError("42000", f"syntax error: scripting programs are written in Lua, not {header.language}")
    schema, name = db.resolve_object(session, header.name_parts)
    message = lua_syntax_error(header.body, f"{schema}.{name}")
    if message is not None:
        raise LocalSqlError("42000", f"Lua syntax error in script {display_name(schema, name)}: {message}")
    script = ScriptObject(
        schema=schema, name=name, script_type="SCRIPTING", language="LUA", text=sql,
        result_type=header.result_type, parameters=list(header.parameters), body=header.body,
        extra={"array_parameters": sorted(header.array_parameters)})
    db.put_script(script, replace=header.replace)
    return Result.row_count(0)


def lua_syntax_error(body: str, chunk_name: str) -> Optional[str]:
    """The Lua 5.4 syntax error of a script body, or None."""
    lua = LuaRuntime(unpack_returned_tuples=True, register_eval=False, register_builtins=False)
    ok, message = lua.eval("function(body, name) local f, m = load(body, '=' .. name, 't') "
                           "return f ~= nil, m or '' end")(body, chunk_name)
    return None if ok else str(message)


def find_lua_script(db: LocalDatabase, session: Session, name_parts: Any) -> ScriptObject:
    """The scripting script of that name; 42000 if missing or not a scripting script."""
    schema, name = db.resolve_object(session, name_parts)
    script = db.get_script(schema, name)
    if script is None:
        raise LocalSqlError("42000", f"script {display_name(schema, name)} not found")
    if script.script_type != "SCRIPTING":
        raise LocalSqlError("42000", f"script {display_name(schema, name)} is a UDF script; "
                                     "call it in a SELECT instead of EXECUTE SCRIPT")
    return script


def execute_lua_script(db: LocalDatabase, session: Session, statement: ExecuteScript) -> Result:
    """Run a Lua scripting script and shape its result as Exasol does."""
    script = find_lua_script(db, session, statement.name_parts)
    arguments = _bind_arguments(script, statement.arguments)
    env = LuaEnvironment(ScriptHost(
        execute=lambda sql: db.execute(session, sql),
        load_script=lambda name: _import_body(db, session, name),
        meta=script_meta(db, session, script)))
    outcome = env.run(script.body, f"{script.schema}.{script.name}", arguments)
    if not outcome.ok:
        where = f" at line {outcome.line}" if outcome.line is not None else ""
        raise LocalSqlError(outcome.code or SCRIPT_ERROR_CODE,
                            f'"{outcome.message}" caught in script "{script.schema}"."{script.name}"{where}')
    if statement.with_output:
        return Result(columns=[OUTPUT_COLUMN], rows=[(line,) for line in outcome.outputs])
    if script.result_type == "TABLE":
        return _table_result(env, outcome.values)
    return _row_count_result(env, outcome.values)


def _bind_arguments(script: ScriptObject, arguments: list[Any]) -> dict[str, Any]:
    """Script parameters as Lua globals; the number of arguments must match."""
    names = list(script.parameters)
    if len(arguments) != len(names):
        raise LocalSqlError(
            "42000", f"script {display_name(script.schema, script.name)} expects {len(names)} "
                     f"argument(s) but {len(arguments)} were given")
    arrays = set(script.extra.get("array_parameters", []))
    for name, value in zip(names, arguments):
        if (name in arrays) != isinstance(value, list):
            kind = "an ARRAY(...)" if name in arrays else "a single value"
            raise LocalSqlError("42000", f"parameter {name} of script "
                                         f"{display_name(script.schema, script.name)} expects {kind}")
    return dict(zip(names, arguments))


def _import_body(db: LocalDatabase, session: Session, name: str) -> tuple[str, str]:
    """``import()``: the name and body of another scripting script."""
    script = find_lua_script(db, session, name)
    return script.name, script.body


def script_meta(db: LocalDatabase, session: Session, script: ScriptObject) -> dict[str, Any]:
    """``exa.meta`` of a scripting script."""
    return {
        "database_name": DATABASE_NAME,
        "database_version": DATABASE_VERSION,
        "script_language": "Lua 5.4",
        "script_name": script.name,
        "script_schema": script.schema,
        "current_user": session.user,
        "scope_user": session.user,
        "current_schema": session.current_schema,
        "session_id": str(session.session_id),
        "statement_id": next_statement_id(),
    }


def next_statement_id() -> int:
    """A new statement id for ``exa.meta.statement_id``."""
    return next(_statement_ids)


def _row_count_result(env: LuaEnvironment, values: list[Any]) -> Result:
    """RETURNS ROWCOUNT: ``rows_affected`` of the returned table, 0 without one."""
    value = values[0] if values else None
    if value is None:
        return Result.row_count(0)
    if env.lua_type(value) == "table" and not env.is_decimal(value):
        count = value["rows_affected"]
        return Result.row_count(int(count) if count is not None else 0)
    raise LocalSqlError("22018", "a RETURNS ROWCOUNT script must return nothing, a query result or a table "
                                 "with rows_affected")


def _table_result(env: LuaEnvironment, values: list[Any]) -> Result:
    """RETURNS TABLE: a query result as is, or a Lua table with its column definition."""
    value = values[0] if values else None
    spec = values[1] if len(values) > 1 else None
    if value is None:
        return Result(columns=[], rows=[])
    stored = env.stored_result(value)
    if spec is None:
        if stored is None:
            raise LocalSqlError("42000", "a RETURNS TABLE script that returns a Lua table must also return the "
                                         "column definition, e.g. return result, \"A VARCHAR(10), B DOUBLE\"")
        return Result(columns=list(stored.columns or []), rows=list(stored.rows))
    if not isinstance(spec, str):
        raise LocalSqlError("42000", "the column definition of a RETURNS TABLE script must be a string")
    columns = parse_column_spec(spec)
    rows = []
    for index, row in enumerate(env.table_rows(value), start=1):
        if len(row) != len(columns):
            raise LocalSqlError("42000", f"row {index} of the returned table has {len(row)} column(s), "
                                         f"the column definition {len(columns)}")
        rows.append(tuple(lua_to_sql_value(env, v, c) for v, c in zip(row, columns)))
    return Result(columns=columns, rows=rows)

