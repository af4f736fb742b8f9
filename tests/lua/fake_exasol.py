"""A fake Exasol scripting environment for running the bundled Lua scripts in lupa (Lua 5.4).

It provides what Exasol gives a Lua script: ``query`` / ``pquery`` (recorded, answered by handlers the
test registers), Exasol-shaped results (rows addressable by number and by exact column name, ``#result``,
``rows_affected``), ``exa.meta``, ``output``, ``null`` and ``cjson``. It also performs Exasol's
``:name`` (value) / ``::name`` (identifier) substitution, so tests can assert the SQL text the database
would run.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional


from lupa.lua54 import LuaError, LuaRuntime, lua_type

from exasol_sagemaker_extension.deployment.lua_bundler import (LUA_SCRIPTS, bundle_lua_modules,
                                                                bundle_lua_script)

SQL_NULL = None  # how tests write SQL NULL in rows and expected values

# String literals, quoted identifiers and comments are skipped; then ::name or :name.
_SQL_TOKEN_RE = re.compile(
    r"""('(?:[^']|'')*')|("(?:[^"]|"")*")|(--[^\n]*)|(::|:)([A-Za-z_][A-Za-z0-9_]*)""")


class ScriptError(Exception):
    """The script ended with a Lua error; ``message`` is what the SQL client would show."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Statement:
    """One statement the script sent: its text, its parameters and the SQL after substitution."""

    function: str
    sql: str
    params: Optional[dict]
    final_sql: str


@dataclass
class Response:
    """How the fake database answers a statement."""

    rows: list = field(default_factory=list)
    columns: tuple = ()
    error: Optional[str] = None
    error_code: str = "42000"
    rows_affected: int = 0


@dataclass
class _Handler:
    pattern: re.Pattern
    params: Optional[dict]
    answer: Callable[[str, dict], Response]


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sql_literal(value: Any) -> str:
    if value is SQL_NULL:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def substitute(sql: str, params: Optional[dict]) -> str:
    """Exasol's placeholder substitution: ``:v`` as a literal, ``::i`` as a quoted identifier."""
    if params is None:
        return sql

    def replace(match: re.Match) -> str:
        if match.group(4) is None:
            return match.group(0)
        name = match.group(5)
        if name not in params:
            raise AssertionError(f"placeholder {match.group(0)} has no parameter in: {sql}")
        value = params[name]
        if match.group(4) == "::":
            if not isinstance(value, str):
                raise AssertionError(f"identifier placeholder ::{name} got {value!r}")
            return quote_identifier(value)
        return sql_literal(value)

    return _SQL_TOKEN_RE.sub(replace, sql)


class FakeExasol:
    """One fresh Lua state with the database's globals; register handlers, then run a script."""

    def __init__(self, script_schema: str = "SME", cjson_global: bool = True, python_path: Optional[str] = None):
        self.script_schema = script_schema
        self.python_path = python_path  # the deployed package archive's directory (sme.runtime), None for none
        self.statements: list[Statement] = []
        self.outputs: list[str] = []
        self._handlers: list[_Handler] = []
        self.lua = LuaRuntime(unpack_returned_tuples=True)
        self.null = self.lua.eval('setmetatable({}, {__tostring = function() return "NULL" end})')
        self.cjson_null = self.lua.eval('setmetatable({}, {__tostring = function() return "null" end})')
        self._is_null = self.lua.eval("function(n) return function(v) return v == n end end")(self.null)
        self._is_cjson_null = self.lua.eval("function(n) return function(v) return v == n end end")(
            self.cjson_null)
        self._install_globals(cjson_global)

    # ---- what the test sets up -------------------------------------------------------------------
    def on(self, pattern: str, rows: Iterable = (), columns: Iterable[str] = (), *, error: str = None,
           error_code: str = "42000", rows_affected: int = 0, params: dict = None,
           answer: Callable[[str, dict], Response] = None) -> None:
        """Answer statements whose text (before substitution) matches ``pattern``.

        ``params`` restricts the handler to statements with these parameter values. The handler
        registered last wins, so a test can override what a fixture set up.
        """
        response = Response(rows=[tuple(row) for row in rows], columns=tuple(columns), error=error,
                            error_code=error_code, rows_affected=rows_affected)
        self._handlers.append(_Handler(re.compile(pattern, re.DOTALL), params,
                                       answer or (lambda sql, values: response)))

    # ---- running ---------------------------------------------------------------------------------
    def run_script(self, script_name: str, *args: Any, **kwargs: Any) -> tuple[list[tuple], str]:
        """Run the bundled script with its parameters as globals; returns (rows, column definition)."""
        script = LUA_SCRIPTS[script_name]
        values = dict(zip(script.parameters, args))
        values.update(kwargs)
        for name in script.parameters:
            value = values.get(name, SQL_NULL)
            self.lua.globals()[name] = self.null if value is SQL_NULL else value
        return self.run_bundle(bundle_lua_script(script.entry_file, self.python_path))

    def run_bundle(self, bundle: str) -> tuple[list[tuple], str]:
        try:
            result = self.lua.execute(bundle)
        except LuaError as error:
            raise ScriptError(str(error).split("\nstack traceback:")[0]) from None
        rows, columns = result
        return [tuple(self.to_python(rows[i][j]) for j in range(1, len(rows[i]) + 1))
                for i in range(1, len(rows) + 1)], columns

    def load_modules(self) -> None:
        """Make every bundled module available to ``module()`` without running an entry script."""
        self.lua.execute(bundle_lua_modules(python_path=self.python_path))

    def module(self, name: str):
        return self.lua.eval(f'(require("{name}"))')

    def call(self, function, *args: Any):
        """Call a Lua function; a Lua error becomes ScriptError with the message only."""
        protected = self.lua.eval("function(f, ...) return table.pack(pcall(f, ...)) end")
        packed = protected(function, *args)
        if not packed[1]:
            message = packed[2]
            raise ScriptError(message if isinstance(message, str) else str(message))
        return tuple(packed[i] for i in range(2, packed["n"] + 1))

    def env(self):
        """The env table an entry script builds, for calling modules directly."""
        return self.lua.eval("{query = query, pquery = pquery, exa = exa, output = output, null = null,"
                             " cjson = cjson or require('cjson')}")

    # ---- what the test inspects ------------------------------------------------------------------
    def statements_matching(self, pattern: str) -> list[Statement]:
        return [statement for statement in self.statements if re.search(pattern, statement.sql, re.DOTALL)]

    def final_sql(self) -> list[str]:
        return [statement.final_sql for statement in self.statements]

    # ---- conversions -----------------------------------------------------------------------------
    def to_python(self, value: Any) -> Any:
        if lua_type(value) == "table":
            if self._is_null(value) or self._is_cjson_null(value):
                return SQL_NULL
            keys = list(value.keys())
            if all(isinstance(key, int) for key in keys) and sorted(keys) == list(range(1, len(keys) + 1)):
                return [self.to_python(value[i]) for i in range(1, len(keys) + 1)] if keys else {}
            return {key: self.to_python(item) for key, item in value.items()}
        return value

    def to_lua(self, value: Any, null=None) -> Any:
        if value is None:
            return self.null if null is None else null
        if isinstance(value, dict):
            table = self.lua.table()
            for key, item in value.items():
                table[key] = self.to_lua(item, null)
            return table
        if isinstance(value, list):
            table = self.lua.table()
            for index, item in enumerate(value, start=1):
                table[index] = self.to_lua(item, null)
            return table
        return value

    # ---- the database's globals ------------------------------------------------------------------
    def _install_globals(self, cjson_global: bool) -> None:
        lua_globals = self.lua.globals()
        lua_globals.query = self._query
        lua_globals.pquery = self._pquery
        lua_globals.output = lambda text: self.outputs.append(text)
        lua_globals.null = self.null
        lua_globals.NULL = self.null
        lua_globals.exa = self.to_lua({"meta": {"script_schema": self.script_schema,
                                                "script_name": "SCRIPT", "current_user": "SYS"}})
        cjson = self.lua.table(encode=self._cjson_encode, decode=self._cjson_decode, null=self.cjson_null)
        if cjson_global:
            lua_globals.cjson = cjson
        else:
            lua_globals.package.preload["cjson"] = self.lua.eval("function(c) return function() return c end end")(
                cjson)

    def _params(self, params) -> Optional[dict]:
        if params is None:
            return None
        return {key: self.to_python(value) for key, value in params.items()}

    def _respond(self, function: str, sql: str, lua_params) -> Response:
        params = self._params(lua_params)
        statement = Statement(function, sql, params, substitute(sql, params))
        self.statements.append(statement)
        for handler in reversed(self._handlers):
            if handler.pattern.search(sql) and all(
                    (params or {}).get(key) == value for key, value in (handler.params or {}).items()):
                return handler.answer(sql, params or {})
        raise AssertionError(f"the fake database has no answer for: {statement.final_sql}")

    def _result(self, response: Response):
        result = self.lua.table()
        for index, row in enumerate(response.rows, start=1):
            lua_row = self.lua.table()
            for position, (column, value) in enumerate(zip(response.columns, row), start=1):
                lua_value = self.null if value is SQL_NULL else value
                lua_row[position] = lua_value
                lua_row[column] = lua_value
            result[index] = lua_row
        result.rows_affected = response.rows_affected
        return result

    def _pquery(self, sql: str, params=None):
        response = self._respond("pquery", sql, params)
        if response.error is not None:
            return False, self.lua.table(error_message=response.error, error_code=response.error_code)
        return True, self._result(response)

    def _query(self, sql: str, params=None):
        response = self._respond("query", sql, params)
        if response.error is not None:
            raise LuaError(response.error)
        return self._result(response)

    def _cjson_encode(self, value) -> str:
        # lua-cjson writes whole floats without a fraction and escapes "/" as "\/".
        def plain(item):
            item = self.to_python(item)
            if isinstance(item, float) and item.is_integer():
                return int(item)
            if isinstance(item, list):
                return [plain(element) for element in item]
            if isinstance(item, dict):
                return {key: plain(element) for key, element in item.items()}
            return item

        return json.dumps(plain(value), ensure_ascii=False, separators=(",", ":")).replace("/", "\\/")

    def _cjson_decode(self, text) -> Any:
        if not isinstance(text, str):
            raise ValueError("Expected argument #1 to be a string")
        try:
            decoded = json.loads(text, parse_int=float)  # lua-cjson reads every number as a float
        except json.JSONDecodeError as error:
            raise ValueError(f"Expected value but found invalid token at character {error.pos + 1}") from None
        return self.to_lua(decoded, null=self.cjson_null)
