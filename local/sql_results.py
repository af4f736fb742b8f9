"""Running DuckDB SQL and turning its results and errors into Exasol-shaped ones."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import duckdb

from exasol_sagemaker_extension.local.engine import Column, LocalSqlError, Result, not_supported
from exasol_sagemaker_extension.local.sql_types import SqlType, from_duckdb, python_value

if TYPE_CHECKING:
    from exasol_sagemaker_extension.local.engine import LocalDatabase

_ERROR_CODES: list[tuple[type[Exception], str]] = [
    (duckdb.ParserException, "42000"),
    (duckdb.CatalogException, "42000"),
    (duckdb.BinderException, "42000"),
    (duckdb.ConversionException, "22018"),
    (duckdb.OutOfRangeException, "22003"),
    (duckdb.ConstraintException, "27001"),
]


def sql_error(error: duckdb.Error) -> LocalSqlError:
    """The Exasol-shaped error for a DuckDB error."""
    text = str(error)
    if isinstance(error, duckdb.NotImplementedException):
        return not_supported(text)
    if "division by zero" in text:
        return LocalSqlError("22012", "data exception - division by zero")
    if isinstance(error, duckdb.ConstraintException) and "CHECK constraint" in text and "length(" in text:
        return LocalSqlError("22001", "data exception - string data, right truncation")
    if isinstance(error, duckdb.ConstraintException) and "NOT NULL" in text:
        return LocalSqlError("27002", f"constraint violation - not null ({text})")
    for error_type, code in _ERROR_CODES:
        if isinstance(error, error_type):
            return LocalSqlError(code, text)
    return LocalSqlError("42000", text)


def run_duckdb(db: LocalDatabase, sql: str, params: Sequence[Any] | None = None,
               hints: dict[str, SqlType] | None = None, names: list[str] | None = None) -> Result:
    """Run DuckDB SQL; a statement with a result set gives columns with Exasol types, else a row count.

    ``hints`` maps result column names to catalog types (VARCHAR lengths, timestamp precision),
    ``names`` overrides the result column names (Exasol names unaliased expressions by their text).
    """
    try:
        cursor = db.duck.execute(sql, list(params) if params is not None else None)
        description = cursor.description
        rows = cursor.fetchall() if description is not None else []
    except duckdb.Error as error:
        raise sql_error(error) from error
    if description is None:
        return Result.row_count(0)
    if len(description) == 1 and description[0][0] == "Count" and _is_dml(sql):
        return Result.row_count(int(rows[0][0]) if rows else 0)
    columns = []
    for index, (name, type_code, *_rest) in enumerate(description):
        column_name = names[index] if names is not None and index < len(names) else name
        sql_type = from_duckdb(str(type_code), (hints or {}).get(column_name))
        columns.append(Column(column_name, sql_type.exasol_text))
    converted = [tuple(python_value(v) for v in row) for row in rows]
    return Result(columns=columns, rows=converted, rows_affected=None)


def _is_dml(sql: str) -> bool:
    """Whether DuckDB SQL is an INSERT, UPDATE or DELETE (DuckDB answers those with a 'Count' column)."""
    head = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
    return head in ("INSERT", "UPDATE", "DELETE")
