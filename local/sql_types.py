"""Exasol data types: parsing their SQL text, storing them in DuckDB, and describing results to clients."""
from __future__ import annotations

import datetime
import decimal
import math
import re
from dataclasses import dataclass
from typing import Any

from exasol_sagemaker_extension.local.engine import LocalSqlError, not_supported
from exasol_sagemaker_extension.local.sql_names import TokenStream

MAX_VARCHAR = 2_000_000
MAX_CHAR = 2_000
MAX_DECIMAL_PRECISION = 36
DEFAULT_TIMESTAMP_PRECISION = 3

_INTEGER_ALIASES = {"BIGINT": 36, "INT": 18, "INTEGER": 18, "SMALLINT": 9, "SHORTINT": 9, "TINYINT": 3}
_VARCHAR_WORDS = {"VARCHAR", "VARCHAR2", "NVARCHAR", "NVARCHAR2"}
_CHAR_WORDS = {"CHAR", "CHARACTER", "NCHAR"}
_DUCK_TIMESTAMPS = {0: "TIMESTAMP_S", 3: "TIMESTAMP_MS", 6: "TIMESTAMP", 9: "TIMESTAMP_NS"}


@dataclass(frozen=True)
class SqlType:
    """One Exasol data type with everything needed to store it and describe it."""

    kind: str  # DECIMAL, DOUBLE, VARCHAR, CHAR, BOOLEAN, DATE, TIMESTAMP
    precision: int | None = None  # DECIMAL precision; TIMESTAMP fractional seconds precision
    scale: int | None = None
    size: int | None = None  # VARCHAR/CHAR length in characters
    charset: str = "UTF8"
    local_time_zone: bool = False

    @property
    def exasol_text(self) -> str:
        """The type as SYS.EXA_ALL_COLUMNS shows it."""
        if self.kind == "DECIMAL":
            return f"DECIMAL({self.precision},{self.scale})"
        if self.kind in ("VARCHAR", "CHAR"):
            return f"{self.kind}({self.size}) {self.charset}"
        if self.kind == "TIMESTAMP":
            suffix = " WITH LOCAL TIME ZONE" if self.local_time_zone else ""
            return f"TIMESTAMP({self.precision}){suffix}"
        return self.kind

    @property
    def duckdb_text(self) -> str:
        """The DuckDB storage type."""
        if self.kind == "DECIMAL":
            return f"DECIMAL({self.precision},{self.scale})"
        if self.kind in ("VARCHAR", "CHAR"):
            return "VARCHAR"
        if self.kind == "TIMESTAMP":
            return _DUCK_TIMESTAMPS[_storage_fraction(self.precision or 0)]
        return self.kind

    def data_type_json(self) -> dict[str, Any]:
        """The ``dataType`` object of Exasol's WebSocket API."""
        if self.kind == "DECIMAL":
            return {"type": "DECIMAL", "precision": self.precision, "scale": self.scale}
        if self.kind in ("VARCHAR", "CHAR"):
            return {"type": self.kind, "size": self.size, "characterSet": self.charset}
        if self.kind == "TIMESTAMP":
            name = "TIMESTAMP WITH LOCAL TIME ZONE" if self.local_time_zone else "TIMESTAMP"
            return {"type": name, "size": 8, "withLocalTimeZone": self.local_time_zone,
                    "fraction": self.precision}
        if self.kind == "DATE":
            return {"type": "DATE", "size": 4}
        return {"type": self.kind}

    def json_value(self, value: Any) -> Any:
        """A stored value as Exasol's WebSocket API sends it."""
        if value is None:
            return None
        if self.kind == "DECIMAL":
            if self.scale == 0 and self.precision is not None and self.precision <= 18:
                return int(value)
            return format(decimal.Decimal(value), "f")
        if self.kind == "DOUBLE":
            number = float(value)
            return None if math.isnan(number) else number
        if self.kind == "DATE":
            return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
        if self.kind == "TIMESTAMP":
            return (f"{value.year:04d}-{value.month:02d}-{value.day:02d} {value.hour:02d}:"
                    f"{value.minute:02d}:{value.second:02d}.{value.microsecond:06d}")
        if self.kind == "BOOLEAN":
            return bool(value)
        return str(value)


def _storage_fraction(precision: int) -> int:
    """The DuckDB timestamp resolution (0, 3, 6 or 9 digits) that holds ``precision`` digits."""
    return next(p for p in (0, 3, 6, 9) if precision <= p)


def parse_type_text(text: str) -> SqlType:
    """Parse a complete Exasol type such as ``VARCHAR(100) UTF8``."""
    stream = TokenStream(text)
    sql_type = parse_type(stream)
    stream.expect_end()
    return sql_type


def parse_type(stream: TokenStream) -> SqlType:
    """Parse an Exasol data type (with its aliases) from a token stream."""
    token = stream.next()
    if token.kind != "word":
        raise LocalSqlError("42000", f"syntax error: expected a data type but found {token.value}")
    word = token.value.upper()
    if word in ("DECIMAL", "DEC", "NUMERIC", "NUMBER"):
        args = _type_args(stream)
        if word == "NUMBER" and not args:
            return SqlType("DOUBLE")
        precision = args[0] if args else 18
        scale = args[1] if len(args) > 1 else 0
        if not (1 <= precision <= MAX_DECIMAL_PRECISION and 0 <= scale <= precision):
            raise LocalSqlError("42000", f"invalid precision or scale for DECIMAL({precision},{scale})")
        return SqlType("DECIMAL", precision, scale)
    if word in _INTEGER_ALIASES:
        return SqlType("DECIMAL", _INTEGER_ALIASES[word], 0)
    if word in ("DOUBLE", "FLOAT", "REAL"):
        stream.accept("PRECISION")
        return SqlType("DOUBLE")
    if word in ("BOOLEAN", "BOOL"):
        return SqlType("BOOLEAN")
    if word == "DATE":
        return SqlType("DATE")
    if word in ("TIMESTAMP", "DATETIME"):
        args = _type_args(stream)
        precision = args[0] if args else DEFAULT_TIMESTAMP_PRECISION
        if not 0 <= precision <= 9:
            raise LocalSqlError("42000", f"invalid fractional seconds precision {precision}")
        local = stream.accept("WITH", "LOCAL", "TIME", "ZONE")
        return SqlType("TIMESTAMP", precision, local_time_zone=local)
    if word in ("LONG", "CLOB", "NCLOB"):
        if word == "LONG":
            stream.expect("VARCHAR")
        return SqlType("VARCHAR", size=MAX_VARCHAR, charset=_charset(stream))
    if word in _VARCHAR_WORDS or (word in _CHAR_WORDS and stream.accept("VARYING")):
        args = _type_args(stream)
        if not args:
            raise LocalSqlError("42000", f"data type {word} needs a length")
        return _string_type("VARCHAR", args[0], MAX_VARCHAR, stream)
    if word in _CHAR_WORDS:
        args = _type_args(stream)
        return _string_type("CHAR", args[0] if args else 1, MAX_CHAR, stream)
    raise not_supported(f"data type {word}")


def _string_type(kind: str, size: int, limit: int, stream: TokenStream) -> SqlType:
    """A VARCHAR or CHAR type after its length has been read."""
    stream.accept("CHAR") or stream.accept("CHARACTERS")
    if not 1 <= size <= limit:
        raise LocalSqlError("42000", f"invalid length {size} for {kind} (1 to {limit})")
    return SqlType(kind, size=size, charset=_charset(stream))


def _charset(stream: TokenStream) -> str:
    """An optional ``UTF8``/``ASCII``/``CHARACTER SET x`` suffix."""
    if stream.accept("CHARACTER", "SET") or stream.accept("CHARSET"):
        return _charset_name(stream.next().value)
    token = stream.peek()
    if token is not None and token.is_word("UTF8", "ASCII"):
        stream.next()
        return token.value.upper()
    return "UTF8"


def _charset_name(word: str) -> str:
    """Normalize a character set name."""
    name = word.upper().replace("-", "")
    if name not in ("UTF8", "ASCII"):
        raise not_supported(f"character set {word}")
    return name


def _type_args(stream: TokenStream) -> list[int]:
    """Integer arguments in parentheses after a type name, if any."""
    if not stream.accept("("):
        return []
    args = []
    while True:
        token = stream.next()
        if token.kind != "number" or not token.value.isdigit():
            raise LocalSqlError("42000", f"syntax error: expected a number but found {token.value}")
        args.append(int(token.value))
        if stream.accept(")"):
            return args
        stream.expect(",")


_DUCK_INTEGERS = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER"}
_DUCK_WIDE_INTEGERS = {"HUGEINT", "UHUGEINT", "UBIGINT"}


def from_duckdb(duck_type: str, hint: SqlType | None = None) -> SqlType:
    """The Exasol type of a DuckDB result column; ``hint`` is the catalog type when known."""
    name = duck_type.upper()
    decimal_match = re.fullmatch(r"DECIMAL\((\d+),\s*(\d+)\)", name)
    if decimal_match:
        precision, scale = int(decimal_match.group(1)), int(decimal_match.group(2))
        return SqlType("DECIMAL", min(precision, MAX_DECIMAL_PRECISION), min(scale, MAX_DECIMAL_PRECISION))
    if name in _DUCK_INTEGERS:
        return SqlType("DECIMAL", 18, 0)
    if name in _DUCK_WIDE_INTEGERS:
        return SqlType("DECIMAL", MAX_DECIMAL_PRECISION, 0)
    if name in ("DOUBLE", "FLOAT"):
        return SqlType("DOUBLE")
    if name == "VARCHAR":
        if hint is not None and hint.kind in ("VARCHAR", "CHAR"):
            return hint
        return SqlType("VARCHAR", size=MAX_VARCHAR)
    if name in ("BOOLEAN", "NULL", '"NULL"'):
        return SqlType("BOOLEAN")
    if name == "DATE":
        return SqlType("DATE")
    timestamp = {"TIMESTAMP_S": 0, "TIMESTAMP_MS": 3, "TIMESTAMP": 6, "TIMESTAMP_NS": 9,
                 "TIMESTAMP WITH TIME ZONE": 6}.get(name)
    if timestamp is not None:
        if hint is not None and hint.kind == "TIMESTAMP" and _storage_fraction(hint.precision or 0) == timestamp:
            return hint
        return SqlType("TIMESTAMP", timestamp)
    raise not_supported(f"result data type {duck_type}")


def python_value(value: Any) -> Any:
    """A DuckDB value as the engine hands it on: empty strings are NULL (as in Exasol), times naive UTC."""
    if isinstance(value, str) and value == "":
        return None
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return value
