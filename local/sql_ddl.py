"""CREATE TABLE and CREATE VIEW: Exasol column definitions stored in DuckDB, Exasol types kept for SYS."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from exasol_sagemaker_extension.local.catalog import refresh_sys_tables
from exasol_sagemaker_extension.local.engine import Column, LocalSqlError, Result, Session, not_supported
from exasol_sagemaker_extension.local.objects import TableInfo, check_column_names, duck_name, now
from exasol_sagemaker_extension.local.sql_names import TokenStream, quote
from exasol_sagemaker_extension.local.sql_results import run_duckdb
from exasol_sagemaker_extension.local.sql_translation import translate_expression, translate_statement
from exasol_sagemaker_extension.local.sql_types import SqlType, parse_type, parse_type_text

if TYPE_CHECKING:
    from exasol_sagemaker_extension.local.engine import LocalDatabase

_CTAS_TAIL = re.compile(r"\s+WITH\s+(NO\s+)?DATA\s*$", re.IGNORECASE)
_STAGING = "temp.main.__sme_local_staging"
_COLUMN_OPTION_WORDS = ("NOT", "NULL", "IDENTITY", "PRIMARY", "CONSTRAINT", "COMMENT", "ENABLE", "DISABLE")


@dataclass
class ColumnDef:
    """One column of CREATE TABLE."""

    name: str
    sql_type: SqlType
    not_null: bool = False
    default_text: str | None = None
    default_sql: str | None = None


def create_table(db: LocalDatabase, session: Session, stream: TokenStream, replace: bool) -> Result:
    """CREATE [OR REPLACE] TABLE [IF NOT EXISTS] name (columns) | AS query | LIKE other."""
    if_not_exists = stream.accept("IF", "NOT", "EXISTS")
    schema, name = db.resolve_object(session, stream.qualified_name())
    if if_not_exists and db.object_kind(schema, name) is not None:
        db.objects.require_schema(schema)
        return Result.row_count(0)
    if stream.accept("AS"):
        return _create_table_as(db, session, schema, name, stream.rest(), replace)
    if stream.accept("LIKE"):
        other = db.objects.table(*db.resolve_object(session, stream.qualified_name()))
        stream.expect_end()
        columns = [ColumnDef(c.name, t) for c, t in zip(other.columns, other.types)]
        _create(db, session, schema, name, columns, [], replace)
        return Result.row_count(0)
    columns, primary_key = _table_elements(db, session, stream)
    if stream.accept("COMMENT", "IS"):
        stream.string()
    stream.expect_end()
    _create(db, session, schema, name, columns, primary_key, replace)
    return Result.row_count(0)


def _table_elements(db: LocalDatabase, session: Session, stream: TokenStream) -> tuple[list[ColumnDef], list[str]]:
    """The column definitions and primary key inside the parentheses of CREATE TABLE."""
    stream.expect("(")
    columns: list[ColumnDef] = []
    primary_key: list[str] = []
    while True:
        if stream.accept("CONSTRAINT"):
            stream.name()
        if stream.accept("PRIMARY", "KEY"):
            names = _name_list(stream)
            if not stream.accept("DISABLE"):
                stream.accept("ENABLE")
                primary_key = names
        elif stream.accept("FOREIGN", "KEY"):
            raise not_supported("FOREIGN KEY constraints")
        elif stream.accept("DISTRIBUTE", "BY") or stream.accept("PARTITION", "BY"):
            _distribution_names(stream)
        elif stream.accept("LIKE"):
            raise not_supported("LIKE inside a column list")
        else:
            column, is_key = _column_def(db, session, stream)
            columns.append(column)
            if is_key:
                primary_key = [column.name]
        if stream.accept(")"):
            return columns, primary_key
        stream.expect(",")


def _column_def(db: LocalDatabase, session: Session, stream: TokenStream) -> tuple[ColumnDef, bool]:
    """One column definition; True if it declares an enabled primary key."""
    column = ColumnDef(stream.name(), parse_type(stream))
    is_key = False
    while True:
        if stream.accept("DEFAULT"):
            column.default_text = _expression_text(stream)
            if re.search(r"\b(CURRENT_USER|USER|CURRENT_SESSION|CURRENT_SCHEMA)\b", column.default_text, re.I):
                raise not_supported("DEFAULT values with session functions")
            column.default_sql = translate_expression(db, session, column.default_text)
        elif stream.accept("IDENTITY"):
            raise not_supported("IDENTITY columns")
        elif stream.accept("NOT", "NULL"):
            column.not_null = True
        elif stream.accept("NULL"):
            column.not_null = False
        elif stream.accept("CONSTRAINT"):
            stream.name()
        elif stream.accept("PRIMARY", "KEY"):
            is_key = not stream.accept("DISABLE")
            stream.accept("ENABLE")
        elif stream.accept("COMMENT", "IS"):
            stream.string()
        else:
            return column, is_key


def _expression_text(stream: TokenStream) -> str:
    """The source text of a DEFAULT expression, up to the next column option, ',' or ')'."""
    start = stream.peek()
    if start is None:
        raise LocalSqlError("42000", "syntax error: DEFAULT without a value")
    depth, end = 0, start.end
    while (token := stream.peek()) is not None:
        if depth == 0 and (token.value in (",", ")") or (token.kind == "word" and token.value.upper()
                                                            in _COLUMN_OPTION_WORDS and token is not start)):
            break
        depth += {"(": 1, ")": -1}.get(token.value, 0) if token.kind == "symbol" else 0
        end = token.end
        stream.next()
    return stream.sql[start.start:end]


def _name_list(stream: TokenStream) -> list[str]:
    """``(a, b, ...)``."""
    stream.expect("(")
    names = [stream.name()]
    while stream.accept(","):
        names.append(stream.name())
    stream.expect(")")
    return names


def _distribution_names(stream: TokenStream) -> None:
    """``DISTRIBUTE BY a, b``: names followed by ',' or ')' (a following column definition has a type)."""
    stream.name()
    while stream.peek() is not None and stream.peek().value == "," and stream.peek(2) is not None \
            and stream.peek(2).value in (",", ")"):
        stream.next()
        stream.name()


def _create(db: LocalDatabase, session: Session, schema: str, name: str, columns: list[ColumnDef],
            primary_key: list[str], replace: bool, fill_sql: str | None = None) -> None:
    """Create (or replace) the DuckDB table and record its Exasol columns; optionally fill it."""
    exists = db.objects.check_new_object(schema, name, replace, ("TABLE",))
    check_column_names([c.name for c in columns])
    info = TableInfo(schema, name, "TABLE", [Column(c.name, c.sql_type.exasol_text) for c in columns],
                     session.user, now(), nullable=[not c.not_null and c.name not in primary_key for c in columns],
                     defaults=[c.default_text for c in columns])
    unknown = [k for k in primary_key if k not in {c.name for c in columns}]
    if unknown:
        raise LocalSqlError("42000", f"primary key column {unknown[0]} not found")
    parts = [_duck_column(c) for c in columns]
    if primary_key:
        parts.append("PRIMARY KEY (" + ", ".join(quote(k) for k in primary_key) + ")")
    previous = db.objects.tables.get((schema, name))
    try:
        with db.atomic():
            _replace_table(db, schema, name, info, parts, exists, fill_sql)
    except BaseException:
        db.objects.tables.pop((schema, name), None)
        if previous is not None:
            db.objects.tables[(schema, name)] = previous
        raise


def _replace_table(db: LocalDatabase, schema: str, name: str, info: TableInfo, parts: list[str],
                   exists: bool, fill_sql: str | None) -> None:
    """Drop the old table if replacing, create the new one, register it and fill it."""
    staged = exists and fill_sql is not None
    if staged:
        # the query may read the table it replaces: evaluate it before dropping that table
        run_duckdb(db, f"CREATE TEMP TABLE {_STAGING} AS {fill_sql}")
        fill_sql = f"SELECT * FROM {_STAGING}"
    try:
        if exists:
            db.objects.drop_table(schema, name, "TABLE", if_exists=False)
        run_duckdb(db, f"CREATE TABLE {duck_name(schema, name)} ({', '.join(parts)})")
        db.objects.register_table(info)
        if fill_sql is not None:
            run_duckdb(db, f"INSERT INTO {duck_name(schema, name)} {fill_sql}")
    finally:
        if staged:
            run_duckdb(db, f"DROP TABLE IF EXISTS {_STAGING}")
    if fill_sql is not None:
        from exasol_sagemaker_extension.local.sql_statements import normalize_strings
        normalize_strings(db, schema, name)


def _duck_column(column: ColumnDef) -> str:
    """The DuckDB column definition, with a length check for strings."""
    text = f"{quote(column.name)} {column.sql_type.duckdb_text}"
    if column.default_sql is not None:
        text += f" DEFAULT ({column.default_sql})"
    if column.not_null:
        text += " NOT NULL"
    if column.sql_type.kind in ("VARCHAR", "CHAR"):
        text += f" CHECK (length({quote(column.name)}) <= {column.sql_type.size})"
    return text


def _create_table_as(db: LocalDatabase, session: Session, schema: str, name: str, query: str,
                     replace: bool) -> Result:
    """CREATE TABLE ... AS query [WITH [NO] DATA]: column types from the query."""
    tail = _CTAS_TAIL.search(query)
    with_data = not (tail and tail.group(1))
    if tail:
        query = query[:tail.start()]
    translation = translate_statement(db, session, query)
    if translation.kind != "query":
        raise LocalSqlError("42000", "syntax error: CREATE TABLE AS needs a query")
    refresh_sys_tables(db, session, translation.sys_tables)
    described = run_duckdb(db, f"SELECT * FROM ({translation.sql}) AS q LIMIT 0",
                           hints=translation.hints, names=translation.names)
    columns = [ColumnDef(c.name, parse_type_text(c.sql_type)) for c in described.columns or []]
    fill = f"SELECT * FROM ({translation.sql}) AS q" if with_data else None
    _create(db, session, schema, name, columns, [], replace, fill_sql=fill)
    return Result.row_count(0)


def create_view(db: LocalDatabase, session: Session, stream: TokenStream, replace: bool, force: bool) -> Result:
    """CREATE [OR REPLACE] [FORCE] VIEW name [(columns)] AS query."""
    schema, name = db.resolve_object(session, stream.qualified_name())
    statement_text = stream.sql
    names = None
    if stream.peek() is not None and stream.peek().value == "(":
        names = _name_list(stream)
    stream.expect("AS")
    translation = translate_statement(db, session, stream.rest())
    if translation.kind != "query":
        raise LocalSqlError("42000", "syntax error: CREATE VIEW needs a query")
    if translation.sys_tables:
        raise not_supported("views on SYS tables")
    exists = db.objects.check_new_object(schema, name, replace, ("VIEW",))
    column_list = f" ({', '.join(quote(n) for n in names)})" if names else ""
    if exists:
        db.objects.drop_table(schema, name, "VIEW", if_exists=False)
    run_duckdb(db, f"CREATE VIEW {duck_name(schema, name)}{column_list} AS {translation.sql}")
    try:
        described = run_duckdb(db, f"SELECT * FROM {duck_name(schema, name)} LIMIT 0", hints=translation.hints)
    except LocalSqlError:
        run_duckdb(db, f"DROP VIEW {duck_name(schema, name)}")
        raise
    db.objects.register_table(TableInfo(schema, name, "VIEW", list(described.columns or []), session.user,
                                        now(), view_text=statement_text))
    return Result.row_count(0)


def alter_table(db: LocalDatabase, session: Session, stream: TokenStream) -> Result:
    """ALTER TABLE name ADD [COLUMN] [IF NOT EXISTS] column_definition (other forms: not supported)."""
    schema, name = db.resolve_object(session, stream.qualified_name())
    info = db.objects.table(schema, name)
    if not stream.accept("ADD"):
        raise not_supported(f"ALTER TABLE ... {stream.rest()[:40]}")
    stream.accept("COLUMN")
    if_not_exists = stream.accept("IF", "NOT", "EXISTS")
    column, is_key = _column_def(db, session, stream)
    stream.expect_end()
    if is_key:
        raise not_supported("ALTER TABLE ADD COLUMN with PRIMARY KEY")
    if any(existing.name == column.name for existing in info.columns):
        if if_not_exists:
            return Result.row_count(0)
        raise LocalSqlError("42500", f"column {column.name} already exists in table {schema}.{name}")
    if column.not_null and column.default_sql is None:
        raise LocalSqlError("42000", f"column {column.name} needs a DEFAULT to be added as NOT NULL")
    # DuckDB adds no column with a constraint: the length check of CREATE TABLE is left out here
    definition = f"{quote(column.name)} {column.sql_type.duckdb_text}"
    if column.default_sql is not None:
        definition += f" DEFAULT ({column.default_sql})"
    run_duckdb(db, f"ALTER TABLE {duck_name(schema, name)} ADD COLUMN {definition}")
    info.columns.append(Column(column.name, column.sql_type.exasol_text))
    info.nullable.append(not column.not_null)
    info.defaults.append(column.default_text)
    return Result.row_count(0)
