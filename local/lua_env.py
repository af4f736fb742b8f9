"""Exasol's Lua scripting environment in lupa (Lua 5.4): one fresh Lua state per script execution.

The Lua side lives in ``lua_prelude``, ``lua_cjson`` and ``lua_decimal``; this module connects it to
the database: it runs the statements a script issues (placeholders substituted first), turns results
into Lua values and Lua values back into SQL values.
"""
from __future__ import annotations

import datetime
import decimal
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from lupa.lua54 import LuaRuntime

from exasol_sagemaker_extension.local.engine import Column, LocalSqlError, Result
from exasol_sagemaker_extension.local.lua_cjson import CJSON_LUA
from exasol_sagemaker_extension.local.lua_decimal import DECIMAL_LUA, decimal_op, sql_decimal_text
from exasol_sagemaker_extension.local.lua_prelude import ENV_LUA
from exasol_sagemaker_extension.local.script_sql import (
    SQL_NULL, identifier_text, sql_literal, substitute_placeholders,
)
from exasol_sagemaker_extension.local.sql_types import SqlType, parse_type_text


def _deny_attribute(obj: Any, name: Any, is_setting: bool) -> Any:
    """Lua code may not reach into Python objects."""
    raise AttributeError("not accessible from Lua")


@dataclass
class ScriptHost:
    """What a running script needs from the database: run a statement in the caller's session,
    load another script's body for ``import()``, and the values of ``exa.meta``."""

    execute: Callable[[str], Result]
    load_script: Callable[[str], tuple[str, str]]
    meta: dict[str, Any]


@dataclass
class LuaOutcome:
    """How a script ended: its returned (or ``exit``-ed) values, or an error with line and SQL code."""

    ok: bool
    values: list[Any] = field(default_factory=list)
    message: str = ""
    line: Optional[int] = None
    code: Optional[str] = None
    outputs: list[str] = field(default_factory=list)


class LuaEnvironment:
    """A fresh Lua state with Exasol's scripting API, bound to one ScriptHost."""

    def __init__(self, host: ScriptHost) -> None:
        self.host = host
        self.lua = LuaRuntime(unpack_returned_tuples=True, register_eval=False, register_builtins=False,
                              attribute_filter=_deny_attribute)
        self.lua.globals().python = None
        self.decimal, self._is_decimal, self._from_sql, self._decimal_text = self.lua.execute(
            DECIMAL_LUA, decimal_op)
        self.cjson = self.lua.execute(CJSON_LUA, SQL_NULL, self._is_decimal)
        self._results: dict[int, Result] = {}
        self.internal_error: Optional[BaseException] = None
        meta = self.lua.table_from({k: (SQL_NULL if v is None else v) for k, v in host.meta.items()})
        self._execute, self._check_syntax, self._result_id, self._outputs = self.lua.execute(
            ENV_LUA, self._run_statement, self._import_script, SQL_NULL, self.cjson, self.decimal, meta)
        self._length = self.lua.eval("function(t) return #t end")

    # -- running ----------------------------------------------------------------------------------

    def check_syntax(self, body: str, chunk_name: str) -> Optional[str]:
        """The Lua syntax error of ``body``, or None."""
        ok, message = self._check_syntax(body, chunk_name)
        return None if ok else str(message)

    def run(self, body: str, chunk_name: str, arguments: dict[str, Any]) -> LuaOutcome:
        """Run a script body with its parameters as globals."""
        globals_ = self.lua.globals()
        for name, value in arguments.items():
            globals_[name] = self.to_lua(value)
        ok, first, line, code = _padded(self._execute(body, chunk_name), 4)
        if self.internal_error is not None:
            raise self.internal_error
        output_table = self._outputs()
        outputs = [str(output_table[i]) for i in range(1, len(output_table) + 1)]
        if not ok:
            return LuaOutcome(False, message=str(first), line=line, code=code, outputs=outputs)
        count = first["n"] or 0
        return LuaOutcome(True, values=[first[i] for i in range(1, count + 1)], outputs=outputs)

    # -- callbacks from Lua -----------------------------------------------------------------------

    def _run_statement(self, sql: str, params: Any) -> tuple:
        """``query``/``pquery`` body: substitute placeholders, execute, convert the result."""
        statement = sql
        try:
            if params is not None:
                statement = substitute_placeholders(sql, lambda name, ident: self._placeholder(params, name, ident))
            result = self.host.execute(statement)
        except LocalSqlError as error:
            return False, error.sql_code, error.text, statement
        except Exception as error:  # a bug of the local runtime: stop the script, re-raise afterwards
            self.internal_error = error
            return False, "XX000", f"internal error of the local runtime: {error}", statement
        if result.columns is None:
            return True, "count", statement, result.rows_affected or 0
        result_id = len(self._results) + 1
        self._results[result_id] = result
        names = self.lua.table_from([c.name for c in result.columns])
        types = [parse_type_text(c.sql_type) for c in result.columns]
        rows = self.lua.table_from(
            [self.lua.table_from([self._value_to_lua(v, t) for v, t in zip(row, types)]) for row in result.rows])
        return True, "rows", statement, names, rows, len(result.rows), len(result.columns), result_id

    def _placeholder(self, params: Any, name: str, is_identifier: bool) -> str:
        """SQL text for one ``:name`` or ``::name``."""
        value = params[name]
        if is_identifier:
            return identifier_text(value, name)
        return sql_literal(self.from_lua(value, f":{name}"))

    def _import_script(self, name: Any) -> tuple:
        """``import()`` body: the named script's display name and Lua text."""
        try:
            display, body = self.host.load_script(str(name))
            return True, display, body
        except LocalSqlError as error:
            return False, error.text

    # -- value conversion -------------------------------------------------------------------------

    def to_lua(self, value: Any) -> Any:
        """A Python script argument as a Lua value (lists become Lua arrays)."""
        if value is None:
            return SQL_NULL
        if isinstance(value, list):
            return self.lua.table_from([self.to_lua(v) for v in value])
        if isinstance(value, decimal.Decimal):
            return self.decimal(format(value, "f"), 36, max(0, -value.as_tuple().exponent))
        return value

    def _value_to_lua(self, value: Any, sql_type: SqlType) -> Any:
        """A SQL result value as Exasol hands it to Lua (DECIMAL -> decimal, dates as strings)."""
        if value is None:
            return SQL_NULL
        if sql_type.kind == "DECIMAL":
            return self._from_sql(sql_decimal_text(value, sql_type.scale or 0), sql_type.precision, sql_type.scale)
        if sql_type.kind == "DOUBLE":
            return float(value)
        if sql_type.kind == "BOOLEAN":
            return bool(value)
        if sql_type.kind == "DATE":
            return value.isoformat() if isinstance(value, datetime.date) else str(value)
        if sql_type.kind == "TIMESTAMP":
            return timestamp_text(value, sql_type.precision or 0)
        return str(value)

    def is_decimal(self, value: Any) -> bool:
        """Whether a Lua value is Exasol's decimal."""
        return bool(self._is_decimal(value))

    def from_lua(self, value: Any, what: str) -> Any:
        """A scalar Lua value as Python: null/nil -> None, decimal -> Decimal."""
        if value is None or value is SQL_NULL:
            return None
        if isinstance(value, (bool, int, float, str)):
            return value
        if isinstance(value, bytes):
            return value.decode("utf-8", errors="replace")
        if self.is_decimal(value):
            return decimal.Decimal(self._decimal_text(value))
        raise LocalSqlError("22018", f"invalid value of Lua type {self.lua_type(value)} for {what}")

    def lua_type(self, value: Any) -> str:
        """Lua's ``type()`` of a value."""
        return str(self.lua.globals().type(value))

    def stored_result(self, value: Any) -> Optional[Result]:
        """The database result behind a table returned by ``query``/``pquery``, if ``value`` is one."""
        result_id = self._result_id(value)
        return self._results.get(result_id) if result_id is not None else None

    def table_rows(self, value: Any) -> list[list[Any]]:
        """A Lua 2-D table (``{{...}, ...}``) as Python rows of Lua values."""
        if self.lua_type(value) != "table" or self.is_decimal(value):
            raise LocalSqlError("22018", "a RETURNS TABLE script must return a table of rows")
        rows = []
        for i in range(1, int(self._length(value)) + 1):
            row = value[i]
            if self.lua_type(row) != "table" or self.is_decimal(row):
                raise LocalSqlError("22018", f"row {i} of the returned table is not a table")
            rows.append([row[j] for j in range(1, int(self._length(row)) + 1)])
        return rows


def _padded(values: Any, count: int) -> tuple:
    """Values returned from Lua as a tuple of exactly ``count`` (missing ones None)."""
    items = values if isinstance(values, tuple) else (values,)
    return tuple(items) + (None,) * (count - len(items))


def timestamp_text(value: Any, precision: int) -> str:
    """A TIMESTAMP as Exasol prints it (``YYYY-MM-DD HH:MI:SS.FF<precision>``)."""
    if not isinstance(value, datetime.datetime):
        return str(value)
    text = value.strftime("%Y-%m-%d %H:%M:%S")
    if precision > 0:
        text += "." + f"{value.microsecond:06d}"[:min(precision, 6)].ljust(precision, "0")
    return text


def lua_to_sql_value(env: LuaEnvironment, value: Any, column: Column) -> Any:
    """A Lua value converted to the type of a RETURNS TABLE column."""
    plain = env.from_lua(value, f"column {column.name}")
    if plain is None:
        return None
    sql_type = parse_type_text(column.sql_type)
    try:
        return _convert(plain, sql_type)
    except (ValueError, decimal.InvalidOperation, TypeError):
        raise LocalSqlError(
            "22018", f"data exception - invalid value {plain!r} for column {column.name} of type {column.sql_type}")


def _convert(value: Any, sql_type: SqlType) -> Any:
    """One plain Python value converted to ``sql_type``."""
    kind = sql_type.kind
    if kind == "DECIMAL":
        if isinstance(value, bool):
            raise TypeError("boolean")
        number = decimal.Decimal(str(value)).quantize(decimal.Decimal(1).scaleb(-(sql_type.scale or 0)),
                                                      rounding=decimal.ROUND_HALF_UP)
        if len(number.as_tuple().digits) > (sql_type.precision or 18) and number != 0:
            raise LocalSqlError("22003", f"data exception - numeric value out of range for {sql_type.exasol_text}")
        return int(number) if sql_type.scale == 0 else number
    if kind == "DOUBLE":
        if isinstance(value, bool):
            raise TypeError("boolean")
        return float(value)
    if kind == "BOOLEAN":
        if isinstance(value, bool):
            return value
        text = str(value).strip().upper()
        if text in ("TRUE", "1"):
            return True
        if text in ("FALSE", "0"):
            return False
        raise ValueError(value)
    if kind == "DATE":
        return datetime.date.fromisoformat(str(value).strip())
    if kind == "TIMESTAMP":
        return datetime.datetime.fromisoformat(str(value).strip())
    text = lua_number_text(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else (
        ("TRUE" if value else "FALSE") if isinstance(value, bool) else str(value))
    if sql_type.size is not None and len(text) > sql_type.size:
        raise LocalSqlError("22001", f"data exception - string data, right truncation: value too long for "
                                     f"{sql_type.exasol_text}")
    return text if text != "" else None


def lua_number_text(value: Any) -> str:
    """A Lua number as ``tostring`` prints it (integers plain, floats ``%.14g``)."""
    if isinstance(value, int):
        return str(value)
    if value == int(value) and abs(value) < 1e15:
        return f"{value:.1f}"
    return f"{value:.14g}"
