"""Python UDF scripts in the local runtime: ``CREATE ... PYTHON3[_xxx] SCALAR|SET SCRIPT`` and calls in SELECT.

Supported calls (detected with sqlglot): a SELECT whose select list is one UDF call (SCALAR or SET,
RETURNS or EMITS, optionally aliased), or SCALAR RETURNS calls next to plain expressions; with or
without FROM, with WHERE, and for SET scripts with GROUP BY (any keys, ``IPROC()`` included). Argument
expressions and group keys are evaluated by the engine (cast to the declared parameter types); groups
are spread over ``db.nproc`` instances. Other placements (nested in expressions, ORDER BY, DISTINCT,
HAVING, ``EMITS (...)`` at the call) get the "not supported by the local runtime" error.
"""
from __future__ import annotations

import datetime
import decimal
import re
from dataclasses import dataclass
from typing import Any, Optional

from sqlglot import exp

from exasol_sagemaker_extension.local.engine import (
    Column, LocalDatabase, LocalSqlError, Result, ScriptObject, Session, not_supported,
)
from exasol_sagemaker_extension.local.lua_scripts import DATABASE_NAME, DATABASE_VERSION, next_statement_id
from exasol_sagemaker_extension.local.script_sql import (
    ScriptHeader, parse_create_script, script_language_definitions, sql_literal,
)
from exasol_sagemaker_extension.local.sql_names import display_name, normalize_identifier
from exasol_sagemaker_extension.local.sql_results import run_duckdb
from exasol_sagemaker_extension.local.sql_translation import parse_exasol, translate_statement
from exasol_sagemaker_extension.local.sql_types import SqlType, parse_type_text
from exasol_sagemaker_extension.local.udf_context import ExaApi, python_version_text
from exasol_sagemaker_extension.local.udf_runner import UdfCall, load_python_module, run_groups

_SELECT_PREFILTER = re.compile(r"\s*(\(\s*)*(SELECT|WITH|INSERT)\s", re.IGNORECASE)
_INSERT_BATCH = 500
_NOT_PYTHON = {"JAVA", "R", "LUA", "PYTHON"}
_UNSUPPORTED_CLAUSES = {"distinct": "DISTINCT", "having": "HAVING", "order": "ORDER BY", "limit": "LIMIT",
                        "offset": "OFFSET", "qualify": "QUALIFY", "windows": "WINDOW", "connect": "CONNECT BY"}


class PythonUdfHandler:
    """Statement handler for UDF scripts: their CREATE statements and SELECTs that call them."""

    def try_execute(self, db: LocalDatabase, session: Session, sql: str) -> Optional[Result]:
        """CREATE ... SCALAR|SET|ADAPTER SCRIPT, and SELECTs calling a UDF; None for anything else."""
        if re.match(r"\s*CREATE\s", sql, re.IGNORECASE):
            header = parse_create_script(sql)
            if header is None or header.kind == "SCRIPTING":
                return None
            return create_udf(db, session, sql, header)
        if _SELECT_PREFILTER.match(sql) and "(" in sql:
            try:
                tree = parse_exasol(sql)
            except Exception:  # not parseable here: the default path reports its own error
                return None
            calls = find_udf_calls(db, session, tree)
            if not calls:
                return None
            if isinstance(tree, exp.Insert):
                return insert_udf_rows(db, session, tree, calls)
            return run_udf_select(db, session, tree, calls)
        return None


def create_udf(db: LocalDatabase, session: Session, sql: str, header: ScriptHeader) -> Result:
    """Store a Python UDF script; other UDF languages and adapter scripts are not supported."""
    if header.kind == "ADAPTER":
        raise not_supported(f"{header.language} ADAPTER SCRIPT (virtual schemas)")
    if header.language in _NOT_PYTHON:
        raise not_supported(f"{header.language} UDF scripts (only Python 3 UDFs run locally)")
    schema, name = db.resolve_object(session, header.name_parts)
    script = ScriptObject(
        schema=schema, name=name, script_type="UDF", language=header.language, text=sql,
        input_type=header.kind, result_type=header.result_type,
        parameters=list(header.udf_parameters or []), outputs=header.outputs, body=header.body,
        extra={"dynamic_input": header.udf_parameters is None, "output_sql_names": header.output_sql_names})
    db.put_script(script, replace=header.replace)
    return Result.row_count(0)


@dataclass
class UdfCallSite:
    """One UDF call in a select list."""

    node: exp.Expression  # the Dot or Anonymous node of the call
    script: ScriptObject
    arguments: list[exp.Expression]


def find_udf_calls(db: LocalDatabase, session: Session, tree: exp.Expression) -> list[UdfCallSite]:
    """Every call of a UDF script anywhere in the statement."""
    calls = []
    for node in tree.find_all(exp.Anonymous):
        parent = node.parent
        qualified = isinstance(parent, exp.Dot) and parent.expression is node
        name = _identifier(node.this)
        schema = _identifier(parent.this) if qualified else session.current_schema
        if schema is None or name is None:
            continue
        script = db.get_script(schema, name)
        if script is not None and script.script_type == "UDF":
            calls.append(UdfCallSite(parent if qualified else node, script, list(node.expressions)))
    return calls


def _identifier(node: Any) -> Optional[str]:
    """The Exasol name of an identifier-like node (unquoted upper-cased)."""
    if isinstance(node, exp.Identifier):
        return normalize_identifier(node.this, node.quoted)
    if isinstance(node, exp.Column) and not node.table:
        return _identifier(node.this)
    if isinstance(node, str):
        return normalize_identifier(node, False)
    return None


def run_udf_select(db: LocalDatabase, session: Session, tree: exp.Expression,
                   calls: list[UdfCallSite]) -> Result:
    """Evaluate the inputs with the engine, run the UDF(s), and build the typed result."""
    select = _check_shape(tree, calls)
    by_node = {id(c.node): c for c in calls}
    projections = [(p, by_node.get(id(p.this if isinstance(p, exp.Alias) else p))) for p in select.expressions]
    for call in calls:
        check_language(db, session, call.script)
        if any(isinstance(a, exp.Order) for a in call.arguments):
            raise not_supported("ORDER BY inside a UDF call")
    group = select.args.get("group")
    keys = list(group.expressions) if group is not None else []
    if calls[0].script.input_type == "SCALAR" and keys:
        raise not_supported("GROUP BY with a SCALAR UDF")
    if len(projections) > 1 and any(c.script.result_type == "EMITS" or c.script.input_type == "SET" for c in calls):
        raise not_supported("a SET or EMITS UDF next to other select list items")

    inputs_query = select.copy()
    inputs_query.set("group", None)
    items: list[exp.Expression] = []
    for index, (projection, call) in enumerate(projections):
        if call is None:
            expression = projection.this if isinstance(projection, exp.Alias) else projection
            items.append(exp.alias_(expression.copy(), f"_P{index}", quoted=True))
        else:
            for position, argument in enumerate(call.arguments):
                items.append(exp.alias_(_cast(argument, call.script, position), f"_A{index}_{position}", quoted=True))
    items += [exp.alias_(key.copy(), f"_K{i}", quoted=True) for i, key in enumerate(keys)]
    if not items:
        items = [exp.alias_(exp.Literal.number(1), "_ROW", quoted=True)]
    inputs_query.set("expressions", items)
    translation = translate_statement(db, session, inputs_query)
    evaluated = run_duckdb(db, translation.sql, hints=translation.hints, names=translation.names)
    return _assemble(db, session, projections, evaluated, len(keys))


def _check_shape(tree: exp.Expression, calls: list[UdfCallSite]) -> exp.Select:
    """Refuse UDF calls outside the supported placements."""
    if not isinstance(tree, exp.Select):
        raise not_supported(f"UDF call inside a {tree.key.upper()} statement")
    top_level = {id(p.this if isinstance(p, exp.Alias) else p) for p in tree.expressions}
    for call in calls:
        if id(call.node) not in top_level:
            raise not_supported(f"UDF call {call.node.sql(dialect='exasol')} nested in an expression or clause")
    for clause, words in _UNSUPPORTED_CLAUSES.items():
        if tree.args.get(clause):
            raise not_supported(f"{words} in a SELECT that calls a UDF")
    return tree


def insert_udf_rows(db: LocalDatabase, session: Session, tree: exp.Insert, calls: list[UdfCallSite]) -> Result:
    """``INSERT INTO t [(cols)] SELECT udf(...) ...``: run the SELECT here, insert its rows through the engine."""
    select = tree.expression
    if not isinstance(select, exp.Select) or tree.args.get("with_"):
        raise not_supported("INSERT with a UDF call other than INSERT INTO <table> SELECT <udf call> ...")
    result = run_udf_select(db, session, select, calls)
    target = tree.this.sql(dialect="exasol")
    inserted = 0
    with db.atomic():
        for start in range(0, len(result.rows), _INSERT_BATCH):
            batch = result.rows[start:start + _INSERT_BATCH]
            values = ", ".join("(" + ", ".join(sql_literal(v) for v in row) + ")" for row in batch)
            inserted += db.execute(session, f"INSERT INTO {target} VALUES {values}").rows_affected or 0
    return Result.row_count(inserted)


def _cast(argument: exp.Expression, script: ScriptObject, position: int) -> exp.Expression:
    """An argument cast to the declared parameter type (dynamic parameters keep their type)."""
    if script.extra.get("dynamic_input"):
        return argument.copy()
    if position >= len(script.parameters):
        raise _argument_count_error(script)
    sql_type = parse_type_text(script.parameters[position].sql_type)
    return exp.Cast(this=argument.copy(), to=exp.DataType.build(_type_without_charset(sql_type), dialect="exasol"))


def _type_without_charset(sql_type: SqlType) -> str:
    """Type text sqlglot can parse (``VARCHAR(10)`` without ``UTF8``)."""
    if sql_type.kind in ("VARCHAR", "CHAR"):
        return f"{sql_type.kind}({sql_type.size})"
    return sql_type.exasol_text


def _argument_count_error(script: ScriptObject) -> LocalSqlError:
    """The error for a call with the wrong number of arguments."""
    return LocalSqlError("42000", f"function or script {display_name(script.schema, script.name)} called with "
                                  f"the wrong number of arguments (expected {len(script.parameters)})")


def _assemble(db: LocalDatabase, session: Session, projections: list, evaluated: Result, key_count: int) -> Result:
    """Run every UDF of the select list over the evaluated inputs and zip the result columns."""
    columns_in = evaluated.columns or []
    rows = evaluated.rows
    offset, column_outputs, result_columns = 0, [], []
    for index, (projection, call) in enumerate(projections):
        if call is None:
            result_columns.append(Column(_projection_name(projection), columns_in[offset].sql_type))
            column_outputs.append([(row[offset],) for row in rows])
            offset += 1
            continue
        width = len(call.arguments)
        if not call.script.extra.get("dynamic_input") and width != len(call.script.parameters):
            raise _argument_count_error(call.script)
        inputs = _input_columns(call.script, columns_in[offset:offset + width])
        types = [(parse_type_text(c.sql_type), c.name) for c in inputs]
        values = [_input_values(row[offset:offset + width], types) for row in rows]
        keys = [row[len(columns_in) - key_count:] for row in rows] if key_count else None
        outputs = _output_columns(call.script, projection)
        emitted = _run_udf(db, session, call.script, inputs, outputs, values, keys)
        result_columns += _result_columns(call.script, outputs)
        column_outputs.append(emitted)
        offset += width
    if len(column_outputs) == 1:
        return Result(columns=result_columns, rows=column_outputs[0])
    return Result(columns=result_columns, rows=[sum(parts, ()) for parts in zip(*column_outputs)])


def _run_udf(db: LocalDatabase, session: Session, script: ScriptObject, inputs: list[Column],
             outputs: list[Column], values: list[tuple], keys: Optional[list[tuple]]) -> list[tuple]:
    """Group the input rows and run the script over them."""
    call = UdfCall(script=script, inputs=inputs, outputs=outputs, meta_values=udf_meta(db, session, script),
                   connections=db.connections.get, load_module=lambda name, exa: _import_script(db, session, name, exa))
    if script.input_type == "SCALAR":
        blocks = _blocks(values, db.nproc)
        return run_groups(call, blocks, db.nproc, scalar=True)
    if keys is None:
        groups = [values] if values else []
    else:
        grouped: dict[tuple, list[tuple]] = {}
        for key, row in zip(keys, values):
            grouped.setdefault(tuple(key), []).append(row)
        groups = list(grouped.values())
    return run_groups(call, groups, db.nproc, scalar=False)


def _blocks(rows: list[tuple], count: int) -> list[list[tuple]]:
    """Rows split into up to ``count`` contiguous blocks (one per instance)."""
    if not rows:
        return []
    count = max(1, min(count, len(rows)))
    size = -(-len(rows) // count)
    return [rows[i:i + size] for i in range(0, len(rows), size)]


def _input_columns(script: ScriptObject, evaluated: list[Column]) -> list[Column]:
    """The UDF's input columns: declared ones, or for ``(...)`` the argument types."""
    if script.extra.get("dynamic_input"):
        return [Column(str(i), c.sql_type) for i, c in enumerate(evaluated)]
    return list(script.parameters)


def _output_columns(script: ScriptObject, projection: exp.Expression) -> list[Column]:
    """EMITS columns as declared; RETURNS: one column named by the alias or the call text."""
    if script.outputs is None:
        raise not_supported("UDF scripts with dynamic output columns (EMITS (...))")
    if script.result_type == "EMITS":
        return [Column(c.name, c.sql_type) for c in script.outputs]
    return [Column(_projection_name(projection), script.outputs[0].sql_type)]


def _result_columns(script: ScriptObject, outputs: list[Column]) -> list[Column]:
    """Result set columns of a UDF: EMITS names under SQL identifier rules, RETURNS as named."""
    names = script.extra.get("output_sql_names") or [c.name for c in outputs]
    if script.result_type != "EMITS":
        names = [c.name for c in outputs]
    return [Column(name, c.sql_type) for name, c in zip(names, outputs)]


def _projection_name(projection: exp.Expression) -> str:
    """The result column name Exasol gives a select list item: its alias, column name, or text."""
    if isinstance(projection, exp.Alias):
        return _identifier(projection.args["alias"]) or projection.alias
    if isinstance(projection, exp.Column):
        return _identifier(projection.this) or projection.name
    named = projection.copy()
    for identifier in named.find_all(exp.Identifier):
        if not identifier.quoted:
            identifier.set("this", identifier.this.upper())
    return named.sql(dialect="exasol")


def _input_values(row: tuple, types: list[tuple[SqlType, str]]) -> tuple:
    """Evaluated argument values as the UDF receives them (DECIMAL(p,0) int, DECIMAL(p,s) Decimal, ...)."""
    return tuple(_udf_value(v, sql_type, name) for v, (sql_type, name) in zip(row, types))


def _udf_value(value: Any, sql_type: SqlType, name: str) -> Any:
    """One input value converted to the Python type of its SQL type."""
    if value is None:
        return None
    if sql_type.kind == "DECIMAL":
        number = decimal.Decimal(str(value))
        if sql_type.scale == 0:
            return int(number)
        return number.quantize(decimal.Decimal(1).scaleb(-(sql_type.scale or 0)))
    if sql_type.kind == "DOUBLE":
        return float(value)
    if sql_type.kind == "BOOLEAN":
        return bool(value)
    if sql_type.kind in ("VARCHAR", "CHAR"):
        text = str(value)
        if sql_type.size is not None and len(text) > sql_type.size:
            raise LocalSqlError("22001", f"data exception - string data, right truncation: argument {name} is "
                                         f"longer than {sql_type.exasol_text}")
        return text
    if sql_type.kind == "DATE" and isinstance(value, datetime.datetime):
        return value.date()
    return value


def check_language(db: LocalDatabase, session: Session, script: ScriptObject) -> None:
    """Refuse a language alias that neither is PYTHON3 nor is defined in SCRIPT_LANGUAGES."""
    alias = script.language.upper()
    definitions = script_language_definitions(db.system_parameters.get("SCRIPT_LANGUAGES", ""))
    definitions.update(script_language_definitions(session.script_languages))
    if alias != "PYTHON3" and alias not in definitions:
        raise LocalSqlError(
            "22064", f"script language alias {alias} of script {display_name(script.schema, script.name)} is not "
                     "defined; define it with ALTER SESSION or ALTER SYSTEM SET SCRIPT_LANGUAGES")
    target = definitions.get(alias, "builtin_python3").lower()
    if target.startswith(("builtin_r", "builtin_java")) or re.search(r"[?&]lang=(r|java)\b", target):
        raise not_supported(f"script language {alias} ({target.split('#')[0]}): only Python 3 UDFs run locally")


def udf_meta(db: LocalDatabase, session: Session, script: ScriptObject) -> dict[str, Any]:
    """The ``exa.meta`` values shared by all instances of one call."""
    return {
        "database_name": DATABASE_NAME, "database_version": DATABASE_VERSION,
        "script_language": python_version_text(), "script_name": script.name, "script_schema": script.schema,
        "current_user": session.user, "scope_user": session.user, "current_schema": session.current_schema,
        "script_code": script.body, "session_id": str(session.session_id), "statement_id": next_statement_id(),
        "node_count": 1, "node_id": 0, "memory_limit": 4 * 1024 ** 3,
        "input_type": script.input_type, "output_type": "EMIT" if script.result_type == "EMITS" else "RETURN",
    }


def _import_script(db: LocalDatabase, session: Session, name: str, exa: ExaApi) -> Any:
    """``exa.import_script``: another Python script of the database as a module."""
    schema, script_name = db.resolve_object(session, name)
    script = db.get_script(schema, script_name)
    if script is None or script.script_type != "UDF" or script.language.upper() in _NOT_PYTHON:
        raise ImportError(f"F-UDF.CL.SL.PYTHON-1119: Importing module {name} failed: script "
                          f"{display_name(schema, script_name)} not found")
    return load_python_module(script, exa)
