"""``IMPORT INTO <table> [(<columns>)] FROM CSV AT <S3 connection> FILE ...`` in the local runtime.

The counterpart of ``s3_export``: the same connection forms (an S3 virtual-hosted bucket URL; USER the
access key id, IDENTIFIED BY the secret key with an optional ``;session_token=<token>``), objects read
with boto3 (``AWS_ENDPOINT_URL`` reaches the AWS stand-in). CSV as Exasol reads it by default: ``,``
separator, ``"`` delimiter doubled inside fields, an empty field is NULL, ``.`` decimal point, DATE
``YYYY-MM-DD``, TIMESTAMP ``YYYY-MM-DD HH:MI:SS[.FF]``, BOOLEAN ``TRUE/FALSE``, ``1/0``, ``T/F``,
``Y/N``, ``YES/NO`` (any case). Every file is read and every value converted before the first row is
stored, and all rows are stored in one transaction: the import loads all rows or none, as Exasol's
does. Options: ENCODING = 'UTF8', NULL, SKIP, ROW SEPARATOR, COLUMN SEPARATOR, COLUMN DELIMITER;
anything else (other sources, ERRORS INTO, REJECT LIMIT, ...) is "not supported by the local runtime".
"""
from __future__ import annotations

import csv
import datetime
import decimal
import io
import re
from dataclasses import dataclass, field
from typing import Any, Optional

from exasol_sagemaker_extension.local.engine import LocalDatabase, LocalSqlError, Result, Session, not_supported
from exasol_sagemaker_extension.local.objects import duck_name
from exasol_sagemaker_extension.local.s3_export import (_ROW_SEPARATORS, S3Target, _s3_client, _target,
                                                       parse_csv_location, single_character)
from exasol_sagemaker_extension.local.sql_names import TokenStream, quote
from exasol_sagemaker_extension.local.sql_types import SqlType

IMPORT_ERROR_CODE = "42636"
CONVERSION_ERROR_CODE = "22018"
_TRUE = {"TRUE", "1", "T", "Y", "YES"}
_FALSE = {"FALSE", "0", "F", "N", "NO"}
_TIMESTAMP = re.compile(r"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?")


@dataclass
class ImportStatement:
    """A parsed IMPORT of CSV files at a connection; attribute names as ``s3_export.ExportStatement``."""

    target_table: list[str] = field(default_factory=list)
    target_columns: list[str] = field(default_factory=list)
    connection: Optional[str] = None
    address: Optional[str] = None
    user: Optional[str] = None
    password: Optional[str] = None
    files: list[str] = field(default_factory=list)
    null: str = ""
    skip: int = 0
    row_separator: str = "\n"
    column_separator: str = ","
    column_delimiter: str = '"'


class S3ImportHandler:
    """Statement handler for IMPORT."""

    def try_execute(self, db: LocalDatabase, session: Session, sql: str) -> Optional[Result]:
        """IMPORT INTO ... FROM CSV AT <S3 connection>; None for statements that are not IMPORT."""
        if not re.match(r"\s*IMPORT\s", sql, re.IGNORECASE):
            return None
        return run_import(db, session, parse_import(sql))


def parse_import(sql: str) -> ImportStatement:
    """Parse the supported form of IMPORT; anything else is 'not supported'."""
    stream = TokenStream(sql)
    stream.expect("IMPORT")
    if not stream.accept("INTO"):
        raise not_supported("IMPORT without INTO <table> (only IMPORT INTO a table)")
    if stream.peek() is not None and stream.peek().value == "(":
        raise not_supported("IMPORT INTO (<column definitions>) (only IMPORT INTO a table)")
    statement = ImportStatement(target_table=stream.qualified_name())
    if stream.accept("("):
        statement.target_columns.append(stream.name())
        while stream.accept(","):
            statement.target_columns.append(stream.name())
        stream.expect(")")
    stream.expect("FROM")
    if not stream.accept("CSV"):
        source = stream.peek()
        raise not_supported(f"IMPORT FROM {source.value.upper() if source else ''} (only CSV files at an S3 "
                            "connection)")
    parse_csv_location(stream, statement, "IMPORT FROM")
    _parse_file_options(stream, statement)
    return statement


def _parse_file_options(stream: TokenStream, statement: ImportStatement) -> None:
    while not stream.at_end():
        if stream.accept("ENCODING", "="):
            encoding = stream.string().upper().replace("-", "")
            if encoding != "UTF8":
                raise not_supported(f"IMPORT ENCODING = '{encoding}' (only UTF8)")
        elif stream.accept("NULL", "="):
            statement.null = stream.string()
        elif stream.accept("SKIP", "="):
            statement.skip = int(stream.next().value)
        elif stream.accept("ROW", "SEPARATOR", "="):
            name = stream.string().upper()
            if name not in _ROW_SEPARATORS:
                raise LocalSqlError("42000", f"invalid ROW SEPARATOR '{name}' (LF, CRLF or CR)")
            statement.row_separator = _ROW_SEPARATORS[name]
        elif stream.accept("COLUMN", "SEPARATOR", "="):
            statement.column_separator = single_character(stream.string(), "COLUMN SEPARATOR")
        elif stream.accept("COLUMN", "DELIMITER", "="):
            statement.column_delimiter = single_character(stream.string(), "COLUMN DELIMITER")
        else:
            raise not_supported(f"IMPORT option {stream.rest()[:40]}")


def run_import(db: LocalDatabase, session: Session, statement: ImportStatement) -> Result:
    """Read every file, convert every value, then insert all rows in one transaction; returns the count."""
    schema, name = db.resolve_object(session, statement.target_table)
    if db.object_kind(schema, name) != "TABLE":
        raise LocalSqlError("42000", f"object {quote(schema)}.{quote(name)} not found (IMPORT needs a table)")
    info = db.objects.table(schema, name)
    by_name = {column.name: (column, sql_type) for column, sql_type in zip(info.columns, info.types)}
    names = statement.target_columns or [column.name for column in info.columns]
    missing = [column for column in names if column not in by_name]
    if missing:
        raise LocalSqlError("42000", f"column {quote(missing[0])} not found in table {quote(schema)}.{quote(name)}")
    types = [by_name[column][1] for column in names]
    target = _target(db, statement)
    client = _s3_client(target)
    rows: list[tuple] = []
    for key in statement.files:
        text = read_object(client, target, key.lstrip("/"))
        rows.extend(convert_rows(parse_csv(text, statement)[statement.skip:], types, key))
    if rows:
        insert = (f"INSERT INTO {duck_name(schema, name)} ({', '.join(quote(c) for c in names)}) "
                  f"VALUES ({', '.join('?' for _ in names)})")
        with db.atomic():
            db.duck.executemany(insert, rows)
            _pad_chars(db, schema, name, info.columns, info.types)
    return Result.row_count(len(rows))


def read_object(client: Any, target: S3Target, key: str) -> str:
    """The object's text; a missing object or a refused read is Exasol's IMPORT error."""
    try:
        body = client.get_object(Bucket=target.bucket, Key=key)["Body"].read()
    except Exception as error:
        details = (getattr(error, "response", None) or {}).get("Error", {})
        reason = f"{details.get('Code')}: {details.get('Message')}" if details else type(error).__name__
        raise LocalSqlError(IMPORT_ERROR_CODE,
                            f"ETL-5106: IMPORT from s3://{target.bucket}/{key} failed: {reason}") from None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise LocalSqlError(IMPORT_ERROR_CODE, f"ETL-2105: invalid UTF-8 in s3://{target.bucket}/{key}: "
                                               f"{error}") from None


def parse_csv(text: str, statement: ImportStatement) -> list[list[Optional[str]]]:
    """The records of a file; an empty field (or the NULL text) is None, a delimited empty field too."""
    if statement.row_separator != "\n":
        text = text.replace(statement.row_separator, "\n")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=statement.column_separator,
                        quotechar=statement.column_delimiter, strict=True)
    try:
        return [[None if value == "" or value == statement.null else value for value in record]
                for record in reader if record]
    except csv.Error as error:
        raise LocalSqlError(IMPORT_ERROR_CODE, f"ETL-2104: CSV parsing failed: {error}") from None


def convert_rows(records: list[list[Optional[str]]], types: list[SqlType], file: str) -> list[tuple]:
    """The records as typed rows; a wrong field count or an unconvertible value names file, row and column."""
    rows = []
    for number, record in enumerate(records, start=1):
        if len(record) != len(types):
            raise LocalSqlError(IMPORT_ERROR_CODE, f"ETL-2101: Error while parsing row={number} (starting from 1) "
                                                   f"[{file}]: found {len(record)} columns but expected {len(types)}")
        rows.append(tuple(_value(value, sql_type, number, index, file)
                          for index, (value, sql_type) in enumerate(zip(record, types), start=1)))
    return rows


def _value(text: Optional[str], sql_type: SqlType, row: int, column: int, file: str) -> Any:
    if text is None:
        return None
    try:
        return convert_value(text, sql_type)
    except (ValueError, ArithmeticError):
        raise LocalSqlError(CONVERSION_ERROR_CODE,
                            f"ETL-3050: [Column={column - 1} Row={row - 1}] [Transformation of value='{text[:40]}' "
                            f"failed - invalid value for {sql_type.exasol_text}] [{file}]") from None


def convert_value(text: str, sql_type: SqlType) -> Any:
    """One CSV field as the Python value of the column type; ``ValueError`` when it does not fit."""
    kind = sql_type.kind
    if kind == "DECIMAL":
        value = decimal.Decimal(text.strip())
        if not value.is_finite():
            raise ValueError(text)
        scale = sql_type.scale or 0
        quantized = value.quantize(decimal.Decimal(1).scaleb(-scale), rounding=decimal.ROUND_HALF_UP)
        if quantized != 0 and len(quantized.as_tuple().digits) > (sql_type.precision or 36):
            raise ValueError(text)
        return int(quantized) if scale == 0 else quantized
    if kind == "DOUBLE":
        return float(text.strip())
    if kind == "BOOLEAN":
        word = text.strip().upper()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        raise ValueError(text)
    if kind in ("VARCHAR", "CHAR"):
        if sql_type.size is not None and len(text) > sql_type.size:
            raise ValueError(text)
        return text
    if kind == "DATE":
        return datetime.date.fromisoformat(text.strip())
    if kind == "TIMESTAMP":
        match = _TIMESTAMP.fullmatch(text.strip())
        if not match:
            raise ValueError(text)
        parts = [int(part) for part in match.groups()[:6]]
        micro = int((match.group(7) or "0").ljust(6, "0")[:6])
        return datetime.datetime(*parts, microsecond=micro)
    raise ValueError(text)


def _pad_chars(db: LocalDatabase, schema: str, table: str, columns: list, types: list[SqlType]) -> None:
    """CHAR(n) values padded to n, as Exasol stores them."""
    for column, sql_type in zip(columns, types):
        if sql_type.kind == "CHAR":
            name = quote(column.name)
            db.duck.execute(f"UPDATE {duck_name(schema, table)} SET {name} = rpad({name}, {sql_type.size}, ' ') "
                            f"WHERE length({name}) < {sql_type.size}")

