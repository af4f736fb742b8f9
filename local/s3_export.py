"""``EXPORT ... INTO CSV AT <S3 connection> FILE ...`` in the local runtime, written with boto3.

The connection address must be an S3 virtual-hosted bucket URL (``https://<bucket>.s3[.<region>]
.amazonaws.com[/]``); USER is the access key id, IDENTIFIED BY the secret key, optionally followed by
``;session_token=<token>`` (and other ``;key=value`` options, ignored). botocore honours
``AWS_ENDPOINT_URL``, which is how the local runtime reaches the AWS stand-in. Rows are divided into
contiguous parts, one object per FILE clause, each with the header line under WITH COLUMN NAMES.
CSV as Exasol writes it: ``,`` separator, ``"`` delimiter doubled inside fields, fields delimited
only when needed (DELIMIT = AUTO), NULL as an empty field, ``.`` as decimal point, DECIMAL with its
scale, DATE ``YYYY-MM-DD``, TIMESTAMP ``YYYY-MM-DD HH:MI:SS.FF6``, BOOLEAN ``TRUE``/``FALSE``, LF row
separator. Every other EXPORT target or option gets the "not supported by the local runtime" error.
"""
from __future__ import annotations

import datetime
import decimal
import math
import re
from dataclasses import dataclass, field
from typing import Any, Optional

from exasol_sagemaker_extension.local.engine import (
    LocalDatabase, LocalSqlError, Result, Session, not_supported,
)
from exasol_sagemaker_extension.local.lua_decimal import sql_decimal_text
from exasol_sagemaker_extension.local.sql_names import TokenStream, quote
from exasol_sagemaker_extension.local.sql_types import SqlType, parse_type_text

EXPORT_ERROR_CODE = "42636"
_S3_HOST = re.compile(r"^(?P<bucket>[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9])\.s3(?:[.-](?:dualstack\.)?"
                      r"(?P<region>[a-z0-9-]+))?\.amazonaws\.com$")
_ROW_SEPARATORS = {"LF": "\n", "CRLF": "\r\n", "CR": "\r"}
_BOOLEAN_PAIRS = {"1/0", "TRUE/FALSE", "true/false", "True/False", "T/F", "t/f", "y/n", "Y/N", "yes/no",
                  "Yes/No", "YES/NO"}


@dataclass
class CsvFormat:
    """The file options of a CSV export."""

    column_separator: str = ","
    column_delimiter: str = '"'
    row_separator: str = "\n"
    delimit: str = "AUTO"
    null: str = ""
    true_false: tuple[str, str] = ("TRUE", "FALSE")
    with_column_names: bool = False


@dataclass
class ExportStatement:
    """A parsed EXPORT into CSV files at a connection."""

    source_table: Optional[list[str]] = None
    source_columns: list[str] = field(default_factory=list)
    source_query: Optional[str] = None
    connection: Optional[str] = None
    address: Optional[str] = None
    user: Optional[str] = None
    password: Optional[str] = None
    files: list[str] = field(default_factory=list)
    csv: CsvFormat = field(default_factory=CsvFormat)


class S3ExportHandler:
    """Statement handler for EXPORT."""

    def try_execute(self, db: LocalDatabase, session: Session, sql: str) -> Optional[Result]:
        """EXPORT ... INTO CSV AT <S3 connection>; None for statements that are not EXPORT."""
        if not re.match(r"\s*EXPORT\s", sql, re.IGNORECASE):
            return None
        return run_export(db, session, parse_export(sql))


def parse_export(sql: str) -> ExportStatement:
    """Parse the supported form of EXPORT; anything else is 'not supported'."""
    stream = TokenStream(sql)
    stream.expect("EXPORT")
    statement = ExportStatement()
    if stream.accept("("):
        statement.source_query = _parenthesized_text(stream)
    else:
        statement.source_table = stream.qualified_name()
        if stream.accept("("):
            statement.source_columns.append(stream.name())
            while stream.accept(","):
                statement.source_columns.append(stream.name())
            stream.expect(")")
    stream.expect("INTO")
    if not stream.accept("CSV"):
        target = stream.peek()
        raise not_supported(f"EXPORT INTO {target.value.upper() if target else ''} (only CSV files at an S3 "
                            "connection)")
    parse_csv_location(stream, statement, "EXPORT INTO")
    if stream.peek() is not None and stream.peek().value == "(":
        raise not_supported("column formats (csv_cols) in EXPORT")
    _parse_file_options(stream, statement.csv)
    return statement


def parse_csv_location(stream: TokenStream, statement: Any, clause: str) -> None:
    """``AT <connection>|'<url>' [USER ..] [IDENTIFIED BY ..] FILE '..' ...`` after ``<clause> CSV``.

    Sets ``connection`` or ``address``, ``user``, ``password`` and ``files`` of an Export- or
    ImportStatement; certificate options are accepted and have no effect here.
    """
    stream.expect("AT")
    token = stream.next()
    if token.is_word("CLOUD"):
        raise not_supported(f"{clause} CSV AT CLOUD (only S3 bucket connections)")
    if token.kind == "string":
        statement.address = token.value
    elif token.is_name:
        statement.connection = token.identifier
    else:
        raise LocalSqlError("42000", f"syntax error: expected a connection after AT but found {token.value}")
    if stream.accept("USER"):
        statement.user = stream.string()
    if stream.accept("IDENTIFIED", "BY"):
        statement.password = stream.string()
    while stream.accept("VERIFY", "CERTIFICATE") or stream.accept("IGNORE", "CERTIFICATE"):
        pass
    if stream.accept("PUBLIC", "KEY"):
        stream.string()
    while stream.accept("FILE"):
        statement.files.append(stream.string())
    if not statement.files:
        raise LocalSqlError("42000", f"syntax error: {clause} CSV needs at least one FILE clause")


def _parenthesized_text(stream: TokenStream) -> str:
    """The source text up to the matching closing parenthesis (the opening one is consumed)."""
    first = stream.peek()
    depth = 1
    while True:
        token = stream.next()
        if token.kind == "symbol" and token.value == "(":
            depth += 1
        elif token.kind == "symbol" and token.value == ")":
            depth -= 1
            if depth == 0:
                return stream.sql[first.start:token.start] if first is not None else ""


def _parse_file_options(stream: TokenStream, csv: CsvFormat) -> None:
    """ENCODING, NULL, BOOLEAN, ROW/COLUMN SEPARATOR, COLUMN DELIMITER, DELIMIT, REPLACE/TRUNCATE, WITH COLUMN NAMES."""
    while not stream.at_end():
        if stream.accept("ENCODING", "="):
            encoding = stream.string().upper().replace("-", "")
            if encoding != "UTF8":
                raise not_supported(f"EXPORT ENCODING = '{encoding}' (only UTF8)")
        elif stream.accept("NULL", "="):
            csv.null = stream.string()
        elif stream.accept("BOOLEAN", "="):
            pair = stream.string()
            if pair not in _BOOLEAN_PAIRS:
                raise LocalSqlError("42000", f"invalid BOOLEAN option '{pair}'")
            true, false = pair.split("/")
            csv.true_false = (true, false)
        elif stream.accept("ROW", "SEPARATOR", "="):
            name = stream.string().upper()
            if name not in _ROW_SEPARATORS:
                raise LocalSqlError("42000", f"invalid ROW SEPARATOR '{name}' (LF, CRLF or CR)")
            csv.row_separator = _ROW_SEPARATORS[name]
        elif stream.accept("COLUMN", "SEPARATOR", "="):
            csv.column_separator = single_character(stream.string(), "COLUMN SEPARATOR")
        elif stream.accept("COLUMN", "DELIMITER", "="):
            csv.column_delimiter = single_character(stream.string(), "COLUMN DELIMITER", allow_empty=True)
        elif stream.accept("DELIMIT", "="):
            mode = stream.next().value.upper()
            if mode not in ("ALWAYS", "NEVER", "AUTO"):
                raise LocalSqlError("42000", f"invalid DELIMIT mode {mode}")
            csv.delimit = mode
        elif stream.accept("WITH", "COLUMN", "NAMES"):
            csv.with_column_names = True
        elif stream.accept("REPLACE") or stream.accept("TRUNCATE"):
            pass
        else:
            raise not_supported(f"EXPORT option {stream.rest()[:40]}")


def single_character(value: str, option: str, allow_empty: bool = False) -> str:
    """Check a separator/delimiter option value."""
    if len(value) > 1 or (not value and not allow_empty):
        raise not_supported(f"{option} = '{value}' (only a single character)")
    return value


def run_export(db: LocalDatabase, session: Session, statement: ExportStatement) -> Result:
    """Read the source, format it as CSV and write one object per FILE; returns the row count."""
    target = _target(db, statement)
    result = db.execute(session, _source_query(db, session, statement))
    if result.columns is None:
        raise LocalSqlError("42000", "the EXPORT source is not a query")
    types = [parse_type_text(c.sql_type) for c in result.columns]
    header = [c.name for c in result.columns] if statement.csv.with_column_names else None
    parts = split_rows(result.rows, len(statement.files))
    client = _s3_client(target)
    for key, rows in zip(statement.files, parts):
        body = format_csv(rows, types, statement.csv, header).encode("utf-8")
        object_key = key.lstrip("/")
        try:
            client.put_object(Bucket=target.bucket, Key=object_key, Body=body, ContentType="text/csv")
        except Exception as error:
            raise export_error(target.bucket, object_key, error) from None
    return Result.row_count(len(result.rows))


@dataclass
class S3Target:
    """Where and as whom to write."""

    bucket: str
    region: str
    user: str
    secret: str = field(repr=False)
    session_token: Optional[str] = field(default=None, repr=False)


def _target(db: LocalDatabase, statement: ExportStatement) -> S3Target:
    """Bucket, region and credentials from the connection (or the literal address)."""
    address, user, password = statement.address, statement.user, statement.password
    if statement.connection is not None:
        connection = db.get_connection(statement.connection)
        address = connection.address
        user = user if user is not None else connection.user
        password = password if password is not None else connection.password
    bucket, region = parse_s3_address(address or "")
    secret, _, options = (password or "").partition(";")
    parameters = dict(item.partition("=")[::2] for item in options.split(";") if item)
    token = {k.strip().lower(): v.strip() for k, v in parameters.items()}.get("session_token") or None
    if not user or not secret:
        raise LocalSqlError(EXPORT_ERROR_CODE, "ETL-5401: EXPORT to S3 needs an access key id (USER) and a "
                                               "secret key (IDENTIFIED BY)")
    return S3Target(bucket, region, user, secret, token)


def parse_s3_address(address: str) -> tuple[str, str]:
    """``(bucket, region)`` of a virtual-hosted S3 URL; other addresses are not supported."""
    match = re.fullmatch(r"https?://([^/]+)/?", address.strip())
    host = _S3_HOST.match(match.group(1).lower()) if match else None
    if host is None:
        raise not_supported(f"EXPORT to {address!r} (only S3 bucket URLs https://<bucket>.s3.<region>"
                            ".amazonaws.com/)")
    return host.group("bucket"), host.group("region") or "us-east-1"


def _source_query(db: LocalDatabase, session: Session, statement: ExportStatement) -> str:
    """The SELECT that produces the exported rows."""
    if statement.source_query is not None:
        return statement.source_query
    schema, name = db.resolve_object(session, statement.source_table or [])
    columns = ", ".join(quote(c) for c in statement.source_columns) or "*"
    return f"SELECT {columns} FROM {quote(schema)}.{quote(name)}"


def _s3_client(target: S3Target) -> Any:
    """A boto3 S3 client for exactly these credentials (AWS_ENDPOINT_URL is honoured by botocore)."""
    import boto3

    from exasol_sagemaker_extension.log_redaction import protect_secrets

    protect_secrets(target.secret, target.session_token)  # as Exasol's EXPORT, log no credential
    session = boto3.session.Session(aws_access_key_id=target.user, aws_secret_access_key=target.secret,
                                    aws_session_token=target.session_token, region_name=target.region)
    return session.client("s3")


def export_error(bucket: str, key: str, error: Exception) -> LocalSqlError:
    """The SQL error for a failed upload; botocore's messages name no secret."""
    response = getattr(error, "response", None) or {}
    details = response.get("Error", {})
    reason = f"{details.get('Code')}: {details.get('Message')}" if details else f"{type(error).__name__}: {error}"
    return LocalSqlError(EXPORT_ERROR_CODE, f"ETL-5402: EXPORT to s3://{bucket}/{key} failed: {reason}")


def split_rows(rows: list[tuple], parts: int) -> list[list[tuple]]:
    """Rows divided into ``parts`` contiguous, nearly equal parts (some may be empty)."""
    size, extra = divmod(len(rows), parts)
    out, start = [], 0
    for index in range(parts):
        end = start + size + (1 if index < extra else 0)
        out.append(rows[start:end])
        start = end
    return out


def format_csv(rows: list[tuple], types: list[SqlType], csv: CsvFormat, header: Optional[list[str]]) -> str:
    """CSV text of rows (and a header line), as Exasol's EXPORT writes it."""
    lines = []
    if header is not None:
        lines.append(csv.column_separator.join(_field(name, csv) for name in header))
    for row in rows:
        lines.append(csv.column_separator.join(
            csv.null if value is None else _field(_text(value, sql_type, csv), csv)
            for value, sql_type in zip(row, types)))
    return "".join(line + csv.row_separator for line in lines)


def _field(text: str, csv: CsvFormat) -> str:
    """One field, delimited when DELIMIT and its content require it."""
    delimiter = csv.column_delimiter
    needs = csv.delimit == "ALWAYS" or (csv.delimit == "AUTO" and (
        csv.column_separator in text or (delimiter and delimiter in text) or "\n" in text or "\r" in text))
    if not needs or not delimiter:
        return text
    return delimiter + text.replace(delimiter, delimiter * 2) + delimiter


def _text(value: Any, sql_type: SqlType, csv: CsvFormat) -> str:
    """One non-NULL value as text."""
    kind = sql_type.kind
    if kind == "DECIMAL":
        return sql_decimal_text(value, sql_type.scale or 0)
    if kind == "DOUBLE":
        return double_text(float(value))
    if kind == "BOOLEAN":
        return csv.true_false[0] if value else csv.true_false[1]
    if kind == "DATE" and isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    if kind == "TIMESTAMP" and isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    return str(value)


def double_text(value: float) -> str:
    """A DOUBLE as text: integral values without fraction, others in shortest form, exponent as ``E``."""
    if math.isinf(value) or math.isnan(value):
        raise LocalSqlError("22018", f"invalid DOUBLE value {value} in EXPORT")
    if value == int(value) and abs(value) < 1e16:
        return str(int(value))
    text = repr(value)
    if "e" in text:
        mantissa, exponent = text.split("e")
        return f"{mantissa}E{int(exponent)}"
    return text
