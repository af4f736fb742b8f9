"""SQL text handling for scripts: CREATE SCRIPT headers, EXECUTE SCRIPT arguments, SQL literals and
the ``:name`` / ``::name`` placeholders of Exasol's scripting ``query()``/``pquery()``."""
from __future__ import annotations

import datetime
import decimal
import math
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from exasol_sagemaker_extension.local.engine import Column, LocalSqlError, not_supported
from exasol_sagemaker_extension.local.sql_names import TokenStream, quote, quote_string
from exasol_sagemaker_extension.local.sql_types import parse_type

_LEX = re.compile(
    r"""(?P<ws>\s+|--[^\n]*|/\*.*?\*/)
    |(?P<qident>"(?:[^"]|"")*")
    |(?P<string>'(?:[^']|'')*')
    |(?P<ph>::?[^\W\d]\w*)
    |(?P<word>[^\W\d]\w*)
    |(?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)


class SqlNull:
    """SQL NULL as a value distinct from "absent": Lua's ``null``/``NULL`` and NULL script arguments."""

    _instance: Optional["SqlNull"] = None

    def __new__(cls) -> "SqlNull":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __str__(self) -> str:
        return "NULL"

    __repr__ = __str__


SQL_NULL = SqlNull()


@dataclass
class ScriptHeader:
    """What a CREATE SCRIPT statement declares before ``AS``."""

    replace: bool
    language: str  # 'LUA' or the UDF language alias as written, upper-cased
    kind: str  # 'SCRIPTING' | 'SCALAR' | 'SET' | 'ADAPTER'
    name_parts: list[str]
    parameters: list[str] = field(default_factory=list)  # scripting parameter names
    array_parameters: set[str] = field(default_factory=set)
    udf_parameters: Optional[list[Column]] = None  # None: dynamic (...)
    result_type: str = "ROWCOUNT"  # scripting: ROWCOUNT | TABLE; UDF: RETURNS | EMITS
    outputs: Optional[list[Column]] = None  # UDF outputs, names as written; None: dynamic EMITS (...)
    output_sql_names: list[str] = field(default_factory=list)  # the same names under SQL identifier rules
    body: str = ""


def split_create_script(sql: str) -> Optional[tuple[str, str]]:
    """``(header, body)`` of a CREATE ... SCRIPT statement (split at the first top-level ``AS``)."""
    depth, seen_script = 0, False
    for match in _LEX.finditer(sql):
        kind, text = match.lastgroup, match.group()
        if kind == "other":
            depth += {"(": 1, ")": -1}.get(text, 0)
        elif kind == "word" and depth == 0:
            if text.upper() == "SCRIPT":
                seen_script = True
            elif text.upper() == "AS" and seen_script:
                return sql[:match.start()], _body_after_as(sql[match.end():])
    return None


def _body_after_as(rest: str) -> str:
    """The script text after ``AS``: from the next line when AS ends its line, else after blanks."""
    stripped = rest.lstrip(" \t")
    if stripped.startswith("\r\n"):
        stripped = stripped[2:]
    elif stripped.startswith("\n"):
        stripped = stripped[1:]
    body = stripped.rstrip()
    if body.endswith("\n/") or body == "/":
        body = body[:-1].rstrip()
    return body


def parse_create_script(sql: str) -> Optional[ScriptHeader]:
    """Parse ``CREATE [OR REPLACE] <lang> [SCALAR|SET|ADAPTER] SCRIPT ...``; None if not such a statement."""
    if not re.match(r"\s*CREATE\s", sql, re.IGNORECASE):
        return None
    split = split_create_script(sql)
    if split is None:
        return None
    header_text, body = split
    stream = TokenStream(header_text)
    stream.expect("CREATE")
    replace = stream.accept("OR", "REPLACE")
    words = []
    while not stream.at_end() and not stream.peek().is_word("SCRIPT"):
        token = stream.next()
        if token.kind != "word":
            return None
        words.append(token.value.upper())
    if not stream.accept("SCRIPT") or len(words) > 2:
        return None
    language, kind = _language_and_kind(words)
    header = ScriptHeader(replace=replace, language=language, kind=kind, name_parts=stream.qualified_name(),
                          body=body)
    if kind == "SCRIPTING":
        _parse_scripting_tail(stream, header)
    elif kind in ("SCALAR", "SET"):
        _parse_udf_tail(stream, header)
    return header


def _language_and_kind(words: list[str]) -> tuple[str, str]:
    """Language alias and script kind from the words between CREATE [OR REPLACE] and SCRIPT."""
    if not words:
        return "LUA", "SCRIPTING"
    if words[-1] in ("SCALAR", "SET", "ADAPTER"):
        return (words[0] if len(words) == 2 else "LUA"), words[-1]
    if len(words) == 1:
        return words[0], "SCRIPTING"
    raise LocalSqlError("42000", f"syntax error: unexpected {' '.join(words)} in CREATE SCRIPT")


def _parse_scripting_tail(stream: TokenStream, header: ScriptHeader) -> None:
    """Parameter names and RETURNS clause of a Lua scripting script."""
    if stream.accept("("):
        if not stream.accept(")"):
            while True:
                is_array = stream.accept("ARRAY")
                token = stream.next()
                if not token.is_name:
                    raise LocalSqlError("42000", f"syntax error: expected a parameter name but found {token.value}")
                header.parameters.append(token.value)
                if is_array:
                    header.array_parameters.add(token.value)
                if stream.accept(")"):
                    break
                stream.expect(",")
    if stream.accept("RETURNS"):
        token = stream.next()
        if not token.is_word("TABLE", "ROWCOUNT"):
            raise LocalSqlError("42000", f"syntax error: expected TABLE or ROWCOUNT after RETURNS, found {token.value}")
        header.result_type = token.value.upper()
    stream.expect_end()


def _parse_udf_tail(stream: TokenStream, header: ScriptHeader) -> None:
    """Typed parameters and RETURNS/EMITS clause of a UDF script."""
    stream.expect("(")
    header.udf_parameters = _typed_columns(stream)
    if stream.accept("RETURNS"):
        header.result_type = "RETURNS"
        header.outputs = [Column("", parse_type(stream).exasol_text)]
    elif stream.accept("EMITS"):
        header.result_type = "EMITS"
        stream.expect("(")
        start = stream.pos
        header.outputs = _typed_columns(stream)
        header.output_sql_names = _column_identifiers(stream, start, header.outputs)
    else:
        raise LocalSqlError("42000", "syntax error: a UDF script needs RETURNS <type> or EMITS (<columns>)")
    stream.expect_end()


def _typed_columns(stream: TokenStream) -> Optional[list[Column]]:
    """``name type, ...)`` after an opening parenthesis; None for ``...)``; names kept as written."""
    if stream.accept(".", ".", "."):
        stream.expect(")")
        return None
    columns: list[Column] = []
    if stream.accept(")"):
        return columns
    while True:
        token = stream.next()
        if not token.is_name:
            raise LocalSqlError("42000", f"syntax error: expected a column name but found {token.value}")
        columns.append(Column(token.value, parse_type(stream).exasol_text))
        if stream.accept(")"):
            return columns
        stream.expect(",")


def _column_identifiers(stream: TokenStream, start: int, columns: Optional[list[Column]]) -> list[str]:
    """SQL names (unquoted upper-cased) of the columns just parsed from token ``start`` on."""
    if columns is None:
        return []
    names, depth, expect_name = [], 0, True
    for token in stream.tokens[start:stream.pos]:
        if expect_name and token.is_name:
            names.append(token.identifier)
            expect_name = False
        elif token.kind == "symbol" and token.value == "(":
            depth += 1
        elif token.kind == "symbol" and token.value == ")":
            depth -= 1
        elif token.kind == "symbol" and token.value == "," and depth == 0:
            expect_name = True
    return names


def parse_column_spec(text: str) -> list[Column]:
    """Columns of a RETURNS TABLE result (``"COL1 VARCHAR(10), COL2 DOUBLE"``), names normalized."""
    stream = TokenStream(text)
    columns: list[Column] = []
    while True:
        token = stream.next()
        if not token.is_name:
            raise LocalSqlError("42000", f"syntax error in result column definition: {text}")
        columns.append(Column(token.identifier, parse_type(stream).exasol_text))
        if stream.at_end():
            return columns
        stream.expect(",")


@dataclass
class ExecuteScript:
    """A parsed EXECUTE SCRIPT statement."""

    name_parts: list[str]
    arguments: list[Any]
    with_output: bool


def parse_execute_script(sql: str) -> Optional[ExecuteScript]:
    """Parse ``EXECUTE SCRIPT name[(literal, ...)] [WITH OUTPUT]``; None if not such a statement."""
    stream = TokenStream(sql)
    if not stream.accept("EXECUTE", "SCRIPT"):
        return None
    name = stream.qualified_name()
    arguments: list[Any] = []
    if stream.accept("("):
        if not stream.accept(")"):
            while True:
                arguments.append(_literal(stream, allow_array=True))
                if stream.accept(")"):
                    break
                stream.expect(",")
    with_output = stream.accept("WITH", "OUTPUT")
    stream.expect_end()
    return ExecuteScript(name, arguments, with_output)


def _literal(stream: TokenStream, allow_array: bool) -> Any:
    """One literal script argument: string, number, TRUE/FALSE, NULL or ARRAY(...)."""
    token = stream.next()
    if token.kind == "string":
        return token.value if token.value != "" else SQL_NULL
    sign = 1
    if token.kind == "symbol" and token.value in "+-":
        sign = -1 if token.value == "-" else 1
        token = stream.next()
    if token.kind == "number":
        text = token.value
        if re.fullmatch(r"\d+", text):
            return sign * int(text)
        return sign * float(text)
    if token.is_word("TRUE", "FALSE"):
        return token.value.upper() == "TRUE"
    if token.is_word("NULL"):
        return SQL_NULL
    if token.is_word("ARRAY") and allow_array:
        stream.expect("(")
        values: list[Any] = []
        if not stream.accept(")"):
            while True:
                values.append(_literal(stream, allow_array=False))
                if stream.accept(")"):
                    break
                stream.expect(",")
        return values
    raise not_supported(f"EXECUTE SCRIPT argument {token.value!r} (only literals are supported)")


def sql_literal(value: Any) -> str:
    """A Python value written as an Exasol SQL literal."""
    if value is None or value is SQL_NULL:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise LocalSqlError("22018", f"invalid numeric value {value}")
        return repr(value).replace("e+", "E").replace("e-", "E-")
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, datetime.datetime):
        return f"TIMESTAMP '{value.isoformat(sep=' ')}'"
    if isinstance(value, datetime.date):
        return f"DATE '{value.isoformat()}'"
    return quote_string(str(value))


def substitute_placeholders(sql: str, lookup: Callable[[str, bool], str]) -> str:
    """Replace ``:name`` (value) and ``::name`` (identifier) outside strings, quoted names and comments.

    ``lookup(name, is_identifier)`` returns the SQL text to insert.
    """
    out: list[str] = []
    for match in _LEX.finditer(sql):
        text = match.group()
        if match.lastgroup == "ph":
            is_identifier = text.startswith("::")
            out.append(lookup(text[2:] if is_identifier else text[1:], is_identifier))
        else:
            out.append(text)
    return "".join(out)


def identifier_text(value: Any, name: str) -> str:
    """The quoted identifier a ``::name`` placeholder inserts."""
    if not isinstance(value, str) or value == "":
        raise LocalSqlError("42000", f"invalid identifier value for parameter ::{name}: expected a non-empty string")
    return quote(value)


def script_language_definitions(script_languages: str) -> dict[str, str]:
    """Alias (upper-cased) -> implementation of a SCRIPT_LANGUAGES value (``ALIAS=url ...``)."""
    pairs = (item.split("=", 1) for item in script_languages.split() if "=" in item)
    return {alias.upper(): target for alias, target in pairs}
