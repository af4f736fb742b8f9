"""Rows to the ``text/csv`` bodies a SageMaker Autopilot endpoint reads, batched by bytes.

Values are written the way Exasol's ``EXPORT ... INTO CSV`` writes them with its default options,
because that is what the model saw during training (a category is matched by its exact text):

- NULL is an empty field; a row of a single NULL column is written as ``""`` so the line is not empty.
- Text is quoted only when it holds a comma, a double quote, CR or LF (RFC 4180); inner quotes doubled.
- ``DECIMAL`` as a plain number (``12.50``, never an exponent); integers as digits.
- ``DOUBLE`` as Python's shortest round-trip form (``0.1``, ``1e+20``); whole numbers without ``.0``.
- ``BOOLEAN`` as ``1`` / ``0``; the training export must write the same, so it states
  ``BOOLEAN = '1/0'`` rather than relying on a default.
- ``DATE`` as ``YYYY-MM-DD``, ``TIMESTAMP`` as ``YYYY-MM-DD HH:MM:SS.ffffff`` (Exasol's default
  ``NLS_DATE_FORMAT`` and ``NLS_TIMESTAMP_FORMAT``, ``YYYY-MM-DD HH24:MI:SS.FF6``).
- Lines end with LF; a body holds no header and no trailing line break; UTF-8.

A body never exceeds the byte limit, whatever the row count; a row that alone exceeds it is E-SME-74.
DOUBLE columns are written by :mod:`double_text` (numpy), imported at first use like the rest of numpy.
"""
from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any, Callable, Iterable, Iterator, NamedTuple, Optional, Sequence

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.errors import PredictionError

# SageMaker real-time requests carry at most 6 MB; 5 MiB leaves room for headers and estimates.
DEFAULT_MAX_PAYLOAD_BYTES = 5 * 1024 * 1024
SAGEMAKER_PAYLOAD_LIMIT_BYTES = 6 * 1000 * 1000
TRUE_TEXT = "1"
FALSE_TEXT = "0"
LINE_SEPARATOR = "\n"

Formatter = Callable[[Any], str]
ColumnFormatter = Callable[[Sequence[Any]], list]

_NEEDS_QUOTES = re.compile(r'[",\r\n]').search
_TYPE_NAME = re.compile(r"^\s*([A-Za-z][A-Za-z ]*)(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?(?:\s.*)?$")
_INTEGER_TYPES = {"BIGINT": 18, "INT": 18, "INTEGER": 18, "SHORTINT": 9, "SMALLINT": 9, "TINYINT": 3}


class SqlType(NamedTuple):
    """The kind of an Exasol column type and its precision and scale (or length)."""

    kind: str  # DECIMAL, DOUBLE, VARCHAR, CHAR, BOOLEAN, DATE, TIMESTAMP, OTHER
    precision: Optional[int] = None
    scale: Optional[int] = None

    @property
    def is_integer(self) -> bool:
        return self.kind == "DECIMAL" and not self.scale


class CsvBatch(NamedTuple):
    """One request body: rows ``first_row`` .. ``first_row + row_count - 1`` (0-based) as UTF-8 CSV."""

    first_row: int
    row_count: int
    body: bytes


def parse_sql_type(sql_type: str) -> SqlType:
    """Read a type as ``exa.meta`` names it (``DECIMAL(18,0)``, ``VARCHAR(100) UTF8``, ``DOUBLE``, ...)."""
    match = _TYPE_NAME.match(sql_type or "")
    if not match:
        return SqlType("OTHER")
    name = " ".join(match.group(1).upper().split())
    first = int(match.group(2)) if match.group(2) else None
    second = int(match.group(3)) if match.group(3) else None
    if name in ("DECIMAL", "NUMERIC", "NUMBER", "DEC"):
        return SqlType("DECIMAL", first if first is not None else 18, second or 0)
    if name in _INTEGER_TYPES:
        return SqlType("DECIMAL", _INTEGER_TYPES[name], 0)
    if name in ("DOUBLE", "DOUBLE PRECISION", "FLOAT", "REAL"):
        return SqlType("DOUBLE")
    if name in ("VARCHAR", "CHARACTER VARYING", "VARCHAR2", "NVARCHAR", "NVARCHAR2", "CLOB",
                "LONG VARCHAR", "CHAR VARYING", "NCHAR VARYING", "CHARACTER LARGE OBJECT"):
        return SqlType("VARCHAR", first)
    if name in ("CHAR", "CHARACTER", "NCHAR"):
        return SqlType("CHAR", first)
    if name in ("BOOLEAN", "BOOL"):
        return SqlType("BOOLEAN")
    if name == "DATE":
        return SqlType("DATE")
    if name.startswith("TIMESTAMP"):
        return SqlType("TIMESTAMP")
    return SqlType("OTHER")


def format_text(value: str) -> str:
    """A text field, quoted only when it must be."""
    if _NEEDS_QUOTES(value):
        return '"' + value.replace('"', '""') + '"'
    return value


def format_float(value: float) -> str:
    """A DOUBLE field: shortest round-trip digits, whole numbers without ``.0``; NaN is NULL."""
    if value is None or value != value:
        return ""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def format_decimal(value: Any) -> str:
    """A DECIMAL field in plain notation (no exponent)."""
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return ""
        if value.is_integer():
            return str(int(value))
        value = Decimal(repr(value))
    return format(value if isinstance(value, Decimal) else Decimal(str(value)), "f")


def format_boolean(value: Any) -> str:
    """A BOOLEAN field as ``1`` or ``0``."""
    if value is None:
        return ""
    return TRUE_TEXT if value else FALSE_TEXT


def format_date(value: Any) -> str:
    """A DATE field as ``YYYY-MM-DD``."""
    if value is None or value != value:  # NaT is not equal to itself
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    return value.isoformat()


def format_timestamp(value: Any) -> str:
    """A TIMESTAMP field as ``YYYY-MM-DD HH:MM:SS.ffffff``."""
    if value is None or value != value:
        return ""
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime(value.year, value.month, value.day)
    return value.isoformat(sep=" ", timespec="microseconds")


def format_field(value: Any) -> str:
    """Any Python value as a CSV field, chosen by its Python type."""
    if value is None:
        return ""
    if isinstance(value, str):
        return format_text(value)
    if isinstance(value, bool):
        return format_boolean(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_float(value)
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, datetime.datetime):
        return format_timestamp(value)
    if isinstance(value, datetime.date):
        return format_date(value)
    return format_text(str(value))


def _format_nullable_text(value: Any) -> str:
    if value is None:
        return ""
    return format_text(value if isinstance(value, str) else str(value))


_FORMATTERS: dict[str, Formatter] = {
    "DECIMAL": format_decimal,
    "DOUBLE": format_float,
    "VARCHAR": _format_nullable_text,
    "CHAR": _format_nullable_text,
    "BOOLEAN": format_boolean,
    "DATE": format_date,
    "TIMESTAMP": format_timestamp,
}


def formatter_for(sql_type: str) -> Formatter:
    """The field formatter for a column of this SQL type (by-value dispatch for unknown types)."""
    return _FORMATTERS.get(parse_sql_type(sql_type).kind, format_field)


def each_value(formatter: Formatter) -> ColumnFormatter:
    """A column formatter applying ``formatter`` to every value."""
    return lambda values: list(map(formatter, values))


_INT_OR_NULL = frozenset({int, type(None)})


def _double_column(values: Sequence[Any]) -> list[str]:
    """DOUBLE fields of a column, each as :func:`format_float` writes it, without Python work per value.

    Floats (and NULLs) are written by numpy (:mod:`double_text`); other types value by value.
    """
    if not values:
        return []
    from exasol_sagemaker_extension.double_text import as_double_block, format_double_block  # noqa: PLC0415

    block = as_double_block([values])
    if block is None:
        return list(map(format_float, values))
    return format_double_block(block)


def _integer_column(values: Sequence[Any]) -> list[str]:
    """Integer DECIMAL fields of a column, each as :func:`format_decimal` writes it."""
    try:  # fast path: only ints, no NULL
        return list(map(int.__repr__, values))
    except TypeError:
        pass
    if values and set(map(type, values)) <= _INT_OR_NULL:
        return ",".join(map(repr, values)).replace("None", "").split(",")
    return list(map(format_decimal, values))


def _text_column(values: Sequence[Any]) -> list[str]:
    try:  # fast path: only strings, none needing quotes
        if not _NEEDS_QUOTES("\x1f".join(values)):
            return list(values)
    except TypeError:
        pass
    return list(map(_format_nullable_text, values))


def column_formatter_for(sql_type: str) -> ColumnFormatter:
    """A function formatting a whole column of this SQL type, faster than value by value."""
    parsed = parse_sql_type(sql_type)
    if parsed.kind == "DOUBLE":
        return _double_column
    if parsed.is_integer:
        return _integer_column
    if parsed.kind in ("VARCHAR", "CHAR"):
        return _text_column
    return each_value(formatter_for(sql_type))


def format_lines(columns: Sequence[Sequence[Any]], formatters: Sequence[ColumnFormatter]) -> list[str]:
    """CSV lines (without separators) of rows given column by column, one column formatter each."""
    if len(columns) != len(formatters):
        raise ValueError("one formatter per column is needed")
    if not columns:
        return []
    if all_double(formatters):
        from exasol_sagemaker_extension.double_text import as_double_block  # noqa: PLC0415

        block = as_double_block(columns)
        if block is not None:
            return double_lines(block)
    fields = [formatter(column) for formatter, column in zip(formatters, columns)]
    if len(fields) == 1:
        return [field or '""' for field in fields[0]] if "" in fields[0] else fields[0]
    return list(map(",".join, zip(*fields)))


def all_double(formatters: Sequence[ColumnFormatter]) -> bool:
    """Whether these column formatters are all the DOUBLE one (so a float block can be written at once)."""
    return bool(formatters) and all(formatter is _double_column for formatter in formatters)


def double_lines(block: Any) -> list[str]:
    """CSV lines of a 2-D float64 block (rows x columns), as :func:`format_lines` writes DOUBLE columns."""
    from exasol_sagemaker_extension.double_text import format_double_block  # noqa: PLC0415

    lines = format_double_block(block)
    return [line or '""' for line in lines] if block.shape[1] == 1 and "" in lines else lines


def line_sizes(lines: Iterable[str]) -> list[int]:
    """The UTF-8 size in bytes of each line."""
    lines = lines if isinstance(lines, list) else list(lines)
    if all(map(str.isascii, lines)):
        return list(map(len, lines))
    return [len(line) if line.isascii() else len(line.encode("utf-8")) for line in lines]


def body_of(lines: Sequence[str]) -> bytes:
    """The request body of these lines."""
    return LINE_SEPARATOR.join(lines).encode("utf-8")


def iter_line_batches(lines: Sequence[str], max_bytes: int = DEFAULT_MAX_PAYLOAD_BYTES,
                      first_row: int = 0) -> Iterator[CsvBatch]:
    """Cut formatted lines into bodies of at most ``max_bytes`` bytes, in order, each line once."""
    from exasol_sagemaker_extension.row_text import PendingText, rows_of_lines  # noqa: PLC0415 (numpy)

    pending = PendingText()
    pending.add(rows_of_lines(lines))
    start = first_row
    while pending.row_count():
        body, count = pending.take(max_bytes, first_row=start)
        yield CsvBatch(start, count, body)
        start += count


def iter_batches(rows: Iterable[Sequence[Any]], max_bytes: int = DEFAULT_MAX_PAYLOAD_BYTES,
                 formatters: Optional[Sequence[Formatter]] = None) -> Iterator[CsvBatch]:
    """Serialise rows to CSV and yield request bodies of at most ``max_bytes`` bytes each."""
    rows = list(rows)
    if not rows:
        return
    width = len(rows[0])
    columns = [list(column) for column in zip(*rows)] if width else []
    value_formatters = formatters or [format_field] * width
    lines = format_lines(columns, [each_value(formatter) for formatter in value_formatters])
    yield from iter_line_batches(lines, max_bytes)


def row_too_large(row_index: int, size: int, max_bytes: int) -> PredictionError:
    """E-SME-74 for the row at ``row_index`` (0-based) of ``size`` bytes."""
    return PredictionError(
        error_codes.ROW_TOO_LARGE,
        f"row {row_index + 1} of the group needs {size} bytes as CSV, more than the {max_bytes} bytes "
        "one prediction request may carry",
        "Shorten or leave out its longest values; SageMaker accepts at most 6 MB per real-time "
        "request, so such a row cannot be predicted by an endpoint.")
