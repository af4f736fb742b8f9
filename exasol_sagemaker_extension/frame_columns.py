"""DataFrames as Exasol's UDF context hands them over, to columns of Python values and back.

Reading goes by dtype blocks rather than column by column: all columns of one numpy dtype come out of
one ``to_numpy`` call, and their NULLs are found with one ``isna`` over the block. Building a pandas
Series per column costs about 0.1 ms each, which is most of a one-row group's cost at 100 columns.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Optional, Sequence

import numpy as np
import pandas as pd

from exasol_sagemaker_extension.prediction_csv import SqlType

# dtypes read by block: numbers, booleans, objects (text, dates, decimals); datetime64 and pandas'
# extension dtypes go through a Series, whose tolist() gives Timestamps and NaT
_BLOCK_KINDS = frozenset("fiubO")


def column_values(frame: pd.DataFrame, sql_types: Sequence[SqlType]) -> list:
    """The frame's columns as lists of Python values the way Exasol passes them (NULL as None)."""
    width = len(sql_types)
    columns: list = [None] * width
    blocks: dict = {}
    for index, dtype in enumerate(frame.dtypes[:width]):
        if isinstance(dtype, np.dtype) and dtype.kind in _BLOCK_KINDS:
            blocks.setdefault(dtype, []).append(index)
        else:
            series = frame.iloc[:, index]
            columns[index] = native_values(series.tolist(), series.dtype.kind, bool(series.hasnans),
                                           sql_types[index])
    for dtype, indexes in blocks.items():
        block = (frame if len(indexes) == frame.shape[1] else frame.iloc[:, indexes]).to_numpy()
        if dtype.kind == "f":
            missing = np.isnan(block).any(axis=0)
        elif dtype.kind == "O":
            missing = pd.isna(block).any(axis=0)
        else:
            missing = np.zeros(len(indexes), dtype=bool)
        for position, index in enumerate(indexes):
            columns[index] = native_values(block[:, position].tolist(), dtype.kind, bool(missing[position]),
                                           sql_types[index])
    return columns


def float_block(frame: pd.DataFrame, width: int) -> Optional[np.ndarray]:
    """The first ``width`` columns as one float64 array (rows x columns), if they all are float64."""
    dtypes = frame.dtypes[:width]
    if len(dtypes) < width or any(dtype != np.float64 for dtype in dtypes):
        return None
    return (frame if frame.shape[1] == width else frame.iloc[:, :width]).to_numpy(dtype=np.float64)


def native_values(values: list, kind: str, has_missing: bool, sql_type: SqlType) -> list:
    """A column's values (``tolist()`` of a dtype of ``kind``) as Exasol passes them: NULL as None."""
    if kind == "f":  # NaN is NULL; whole numbers come as floats when NULLs are present
        if sql_type.is_integer:
            return [None if value != value else int(value) for value in values]
        if sql_type.kind == "DECIMAL":
            return [None if value != value else Decimal(repr(value)) for value in values]
        return [None if value != value else value for value in values] if has_missing else values
    if has_missing:
        values = [None if is_missing(value) else value for value in values]
    if sql_type.kind == "TIMESTAMP" and kind != "M":
        return as_timestamps(values)
    if sql_type.is_integer and kind not in "iu":
        return [value if value is None or isinstance(value, int) else int(value) for value in values]
    return values


def object_frame(columns: Sequence[list], rows: int) -> pd.DataFrame:
    """A frame of Python objects (None for NULL), the form Exasol's emit converts value by value."""
    array = np.empty((rows, len(columns)), dtype=object)
    for index, values in enumerate(columns):  # fromiter keeps each object as it is (no None -> NaT)
        array[:, index] = np.fromiter(values, dtype=object, count=rows)
    return pd.DataFrame(array, dtype=object, copy=False)


def block_values(block: np.ndarray) -> list:
    """A float64 block's columns as lists of Python floats, NaN as None (what column_values gives)."""
    return [[None if value != value else value for value in column] for column in block.T.tolist()]


def block_frame(block: np.ndarray, columns: Sequence[list]) -> pd.DataFrame:
    """A frame of a float64 block's columns, then columns of Python objects (None for NULL).

    Exasol's emit writes NaN in a float64 column as NULL, which is how ``get_dataframe`` handed NULL over.
    """
    rows, width = block.shape
    data: dict = {index: block[:, index] for index in range(width)}
    for offset, values in enumerate(columns):
        data[width + offset] = np.fromiter(values, dtype=object, count=rows)
    return pd.DataFrame(data, copy=False)


def as_timestamps(values: Sequence[Any]) -> list:
    """Values as pandas Timestamps, the type Exasol's emit takes for TIMESTAMP; None stays None."""
    return [None if value is None else pd.Timestamp(value) for value in values]


def is_missing(value: Any) -> bool:
    """Whether a value stands for NULL: None, NaN, NaT or pandas' NA."""
    return value is None or value is pd.NaT or value is pd.NA or (isinstance(value, float) and value != value)
