"""What a Python UDF sees in the local runtime: ``exa`` (meta, get_connection, import_script) and ``ctx``.

Modelled on Exasol's Python 3 script-language container (exascript_python_preset_core.py and
exascript_python_wrap.py): same attribute names, the same ``E-UDF-CL-SL-PYTHON-<n>`` messages for
misuse, and the same emit type rules (``int`` fits DECIMAL and DOUBLE columns, ``str`` only VARCHAR/CHAR,
``bool`` only BOOLEAN, ...). Values then pass the column's own checks (precision, length).
"""
from __future__ import annotations

import datetime
import decimal
import math
import sys
from dataclasses import dataclass
from typing import Any, Callable, Optional, Sequence

from exasol_sagemaker_extension.local.engine import Column, ConnectionObject
from exasol_sagemaker_extension.local.sql_types import SqlType, parse_type_text

_TYPE_NAMES = {"DOUBLE": "float", "BOOLEAN": "bool", "INT32": "int", "INT64": "long", "STRING": "unicode",
               "NUMERIC": "decimal.Decimal", "DATE": "datetime.date", "TIMESTAMP": "datetime.datetime"}


def vm_type(sql_type: SqlType) -> str:
    """The script-language container's type of a column (INT32, INT64, NUMERIC, DOUBLE, STRING, ...)."""
    if sql_type.kind == "DECIMAL":
        if sql_type.scale == 0 and (sql_type.precision or 18) <= 9:
            return "INT32"
        if sql_type.scale == 0 and (sql_type.precision or 18) <= 18:
            return "INT64"
        return "NUMERIC"
    return {"VARCHAR": "STRING", "CHAR": "STRING"}.get(sql_type.kind, sql_type.kind)


def python_type(sql_type: SqlType) -> type:
    """The Python type Exasol hands a UDF for values of ``sql_type``."""
    if sql_type.kind == "DECIMAL":
        return int if sql_type.scale == 0 else decimal.Decimal
    return {"DOUBLE": float, "BOOLEAN": bool, "DATE": datetime.date,
            "TIMESTAMP": datetime.datetime}.get(sql_type.kind, str)


@dataclass
class ExaColumn:
    """One entry of ``exa.meta.input_columns`` / ``output_columns``."""

    name: str
    type: Any
    sql_type: str
    precision: Optional[int]
    scale: Optional[int]
    length: Optional[int]


def exa_column(column: Column) -> ExaColumn:
    """Metadata of one column, as the container builds it."""
    sql_type = parse_type_text(column.sql_type)
    kind = vm_type(sql_type)
    if kind in ("INT32", "INT64"):
        return ExaColumn(column.name, int, column.sql_type, sql_type.precision, 0, None)
    if kind == "NUMERIC":
        return ExaColumn(column.name, python_type(sql_type), column.sql_type, sql_type.precision,
                         sql_type.scale, None)
    if kind == "STRING":
        return ExaColumn(column.name, str, column.sql_type, None, None, sql_type.size)
    return ExaColumn(column.name, python_type(sql_type), column.sql_type, None, None, None)


class ExaMeta:
    """``exa.meta``: plain attributes."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)


class ConnectionInformation:
    """What ``exa.get_connection`` returns; ``str()`` hides the password as Exasol does."""

    def __init__(self, type: str, address: str, user: str, password: str) -> None:
        self.type = type
        self.address = address
        self.user = user
        self.password = password

    def __str__(self) -> str:
        return (f'{{"type":"{self.type}","address":"{self.address}","user":"{self.user}",'
                f'"password":<omitted!>}}')

    __repr__ = __str__


class ExaApi:
    """The ``exa`` object of one UDF instance."""

    def __init__(self, meta: ExaMeta, connections: Callable[[str], Optional[ConnectionObject]],
                 load_module: Callable[[str, "ExaApi"], Any]) -> None:
        self.meta = meta
        self._connections = connections
        self._load_module = load_module

    def get_connection(self, name: str) -> ConnectionInformation:
        """Address, user and password of a CONNECTION object (exact name)."""
        connection = self._connections(str(name))
        if connection is None:
            raise ImportError(f"F-UDF.CL.SL.PYTHON-1121: get_connection for connection name {name} failed: "
                              f"connection {name} does not exist")
        return ConnectionInformation("password", connection.address, connection.user, connection.password)

    def import_script(self, script: str) -> Any:
        """Another Python script of the database as a module, with ``exa`` injected."""
        return self._load_module(str(script), self)


class UdfContext:
    """``ctx``: the current row of the current group, iteration, emit and DataFrame access."""

    def __init__(self, columns: Sequence[Column], rows: Sequence[tuple], outputs: Sequence[Column],
                 scalar_input: bool, emits: bool, sink: list[tuple]) -> None:
        self.__names = [c.name for c in columns]
        self.__index = {name: i for i, name in enumerate(self.__names)}
        self.__rows = rows
        self.__pos = 0
        self.__finished = not rows
        self.__dataframe_finished = False
        self.__outputs = [(c.name, parse_type_text(c.sql_type)) for c in outputs]
        self.__sink = sink
        if scalar_input:
            self.next = self.reset = _disallowed  # type: ignore[method-assign]
        if not emits:
            self.emit = _disallowed  # type: ignore[method-assign]

    # -- values of the current row ----------------------------------------------------------------

    def __getitem__(self, key: Any) -> Any:
        """A column of the current row by position or name."""
        if self.__finished:
            raise RuntimeError("E-UDF-CL-SL-PYTHON-1081: Iteration finished")
        index = key if isinstance(key, int) and not isinstance(key, bool) else self.__index.get(str(key))
        if index is None or not 0 <= index < len(self.__names):
            raise RuntimeError(f"E-UDF-CL-SL-PYTHON-1082: Column with name '{key}' does not exist")
        return self.__rows[self.__pos][index]

    def __getattr__(self, key: str) -> Any:
        """A column of the current row by name."""
        if key.startswith("_UdfContext__"):
            raise AttributeError(key)
        if self.__finished:
            raise RuntimeError("E-UDF-CL-SL-PYTHON-1084: Iteration finished")
        index = self.__index.get(key)
        if index is None:
            raise RuntimeError(f"E-UDF-CL-SL-PYTHON-1085: Iterator has no object with name '{key}'")
        return self.__rows[self.__pos][index]

    # -- iteration --------------------------------------------------------------------------------

    def next(self, reset: bool = False) -> bool:
        """Move to the next row of the group; False (and finished) after the last."""
        if reset:
            self.__pos, self.__finished = 0, not self.__rows
            return True
        if self.__finished:
            return False
        self.__pos += 1
        if self.__pos >= len(self.__rows):
            self.__finished = True
            return False
        return True

    def reset(self) -> bool:
        """Back to the first row of the group."""
        self.__dataframe_finished = False
        return self.next(reset=True)

    def size(self) -> int:
        """Number of rows in the group."""
        return len(self.__rows)

    def get_dataframe(self, num_rows: Any = 1, start_col: int = 0) -> Any:
        """The next ``num_rows`` rows (or ``'all'``) from column ``start_col`` on as a pandas DataFrame."""
        import pandas

        if not (num_rows == "all" or (type(num_rows) is int and num_rows > 0)):
            raise RuntimeError("E-UDF-CL-SL-PYTHON-1103: get_dataframe() parameter 'num_rows' must be 'all' "
                               "or an integer > 0")
        if type(start_col) is not int or start_col < 0:
            raise RuntimeError("E-UDF-CL-SL-PYTHON-1104: get_dataframe() parameter 'start_col' must be an "
                               "integer >= 0")
        if start_col > len(self.__names):
            raise RuntimeError(f"E-UDF-CL-SL-PYTHON-1105: get_dataframe() parameter 'start_col' is {start_col}, "
                               f"but there are only {len(self.__names)} input columns")
        if self.__dataframe_finished:
            raise RuntimeError("E-UDF-CL-SL-PYTHON-1106: Iteration finished")
        if self.__finished:
            self.__dataframe_finished = True
            return None
        count = len(self.__rows) - self.__pos if num_rows == "all" else num_rows
        chunk = [row[start_col:] for row in self.__rows[self.__pos:self.__pos + count]]
        self.__pos += len(chunk)
        if self.__pos >= len(self.__rows):
            self.__finished = True
        return pandas.DataFrame(chunk, columns=self.__names[start_col:])

    # -- output -----------------------------------------------------------------------------------

    def emit(self, *values: Any) -> None:
        """Emit one row (or every row of one pandas DataFrame)."""
        expected = len(self.__outputs)
        if len(values) == 1 and values[0].__class__.__name__ == "DataFrame":
            frame = values[0]
            if frame.shape[0] == 0:
                raise RuntimeError("E-UDF-CL-SL-PYTHON-1087: emit DataFrame is empty")
            if frame.shape[1] != expected:
                raise TypeError(f"E-UDF-CL-SL-PYTHON-1088: emit() takes exactly {expected} argument"
                                f"{'s' if expected > 1 else ''} ({frame.shape[1]} given)")
            outputs = self.__outputs
            for row in frame.itertuples(index=False, name=None):
                self.__sink.append(tuple(_emit_value(_from_pandas(v), name, t) for v, (name, t) in zip(row, outputs)))
            return
        if len(values) != expected:
            code, plural = ("1089", "s") if expected > 1 else ("1090", "")
            raise TypeError(f"E-UDF-CL-SL-PYTHON-{code}: emit() takes exactly {expected} argument{plural} "
                            f"({len(values)} given)")
        self.__sink.append(tuple(_emit_value(v, name, t) for v, (name, t) in zip(values, self.__outputs)))

    def _emit_return(self, value: Any) -> None:
        """Emit the value a RETURNS UDF's run() returned."""
        name, sql_type = self.__outputs[0]
        self.__sink.append((_emit_value(value, name, sql_type),))

    def _advance(self) -> bool:
        """The runtime's own ``next()`` (also for SCALAR scripts, where ctx.next is disallowed)."""
        return UdfContext.next(self)


def _disallowed(*args: Any, **kwargs: Any) -> None:
    """Stands in for next/reset/emit where the script type forbids them."""
    raise RuntimeError("F-UDF-CL-SL-PYTHON-1107: next(), reset() and emit() functions are not allowed in "
                       "scalar context")


def _mismatch(code: str, name: str, kind: str, value: Any) -> RuntimeError:
    """The container's error for a value of the wrong Python type."""
    return RuntimeError(f"E-UDF-CL-SL-PYTHON-{code}: emit column '{name}' is of type "
                        f"{_TYPE_NAMES.get(kind, 'UNKONWN')} but data given have type {type(value)}")


def _emit_value(value: Any, name: str, sql_type: SqlType) -> Any:
    """Check and convert one emitted value as the container and the column type do."""
    kind = vm_type(sql_type)
    if value is None:
        return None
    value_type = type(value)
    if value_type is int:
        if kind not in ("INT32", "INT64", "NUMERIC", "DOUBLE"):
            raise _mismatch("1091", name, kind, value)
        converted: Any = float(value) if kind == "DOUBLE" else decimal.Decimal(value)
    elif value_type is float:
        if kind not in ("DOUBLE", "INT32", "INT64", "NUMERIC"):
            raise _mismatch("1092", name, kind, value)
        if kind == "DOUBLE":
            converted = None if math.isnan(value) else value
        else:
            converted = decimal.Decimal(int(value)) if kind != "NUMERIC" else decimal.Decimal(repr(value))
    elif value_type is bool:
        if kind != "BOOLEAN":
            raise _mismatch("1093", name, kind, value)
        converted = value
    elif value_type is str:
        if kind != "STRING":
            raise _mismatch("1094", name, kind, value)
        converted = value
    elif value_type is decimal.Decimal:
        if kind not in ("NUMERIC", "INT32", "INT64", "DOUBLE"):
            raise _mismatch("1095", name, kind, value)
        converted = float(value) if kind == "DOUBLE" else value
    elif value_type is datetime.date:
        if kind != "DATE":
            raise _mismatch("1096", name, kind, value)
        converted = value
    elif value_type is datetime.datetime:
        if kind != "TIMESTAMP":
            raise _mismatch("1097", name, kind, value)
        converted = value
    else:
        raise RuntimeError(f"E-UDF-CL-SL-PYTHON-1098: data type {value_type} is not supported")
    return _fit_column(converted, name, sql_type)


def _fit_column(value: Any, name: str, sql_type: SqlType) -> Any:
    """The stored value of a column: DECIMAL rounded to its scale and checked, strings checked for length."""
    if sql_type.kind == "DECIMAL":
        scale = sql_type.scale or 0
        number = decimal.Decimal(value).quantize(decimal.Decimal(1).scaleb(-scale), rounding=decimal.ROUND_HALF_UP)
        if len(number.as_tuple().digits) > (sql_type.precision or 18) and number != 0:
            raise RuntimeError(f"F-UDF-CL-SL-PYTHON-1099: value {value} of emit column '{name}' does not fit "
                               f"into {sql_type.exasol_text}")
        return int(number) if scale == 0 else number
    if sql_type.kind in ("VARCHAR", "CHAR"):
        if sql_type.size is not None and len(value) > sql_type.size:
            raise RuntimeError(f"F-UDF-CL-SL-PYTHON-1099: emit column '{name}': string of length {len(value)} "
                               f"is too long for {sql_type.exasol_text}")
        return value if value != "" else None
    return value


_PLAIN_TYPES = (str, int, bool, decimal.Decimal, datetime.date)


def _from_pandas(value: Any) -> Any:
    """A DataFrame cell as a plain Python value (NaN/NaT/None -> NULL, numpy scalars unwrapped)."""
    if value is None:
        return None
    value_type = type(value)
    if value_type is float:
        return None if math.isnan(value) else value
    if value_type in _PLAIN_TYPES:
        return value
    import numpy
    import pandas

    if value is pandas.NaT or value is pandas.NA or (isinstance(value, numpy.floating) and numpy.isnan(value)):
        return None
    if isinstance(value, pandas.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, numpy.bool_):
        return bool(value)
    if isinstance(value, numpy.integer):
        return int(value)
    if isinstance(value, numpy.floating):
        return float(value)
    if isinstance(value, numpy.datetime64):
        return None if numpy.isnat(value) else pandas.Timestamp(value).to_pydatetime()
    return value


def python_version_text() -> str:
    """``exa.meta.script_language`` of the local runtime's Python."""
    info = sys.version_info
    return f"Python {info.major}.{info.minor}.{info.micro}"
