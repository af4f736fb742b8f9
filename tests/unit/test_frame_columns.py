import datetime
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from exasol_sagemaker_extension.frame_columns import block_frame, block_values, column_values, object_frame
from exasol_sagemaker_extension.prediction_csv import parse_sql_type

COLUMNS = {  # SQL type, pandas column as Exasol's get_dataframe gives it, the values a UDF should see
    "DOUBLE": ("DOUBLE", [1.5, np.nan, -0.25], [1.5, None, -0.25]),
    "DOUBLE_FULL": ("DOUBLE", [1.5, 2.0, 3.0], [1.5, 2.0, 3.0]),
    "BIGINT_WITH_NULL": ("DECIMAL(18,0)", [1.0, np.nan, 3.0], [1, None, 3]),
    "BIGINT": ("DECIMAL(18,0)", np.array([1, 2, 3], dtype=np.int64), [1, 2, 3]),
    "DECIMAL": ("DECIMAL(10,2)", [1.25, np.nan, 2.5], [Decimal("1.25"), None, Decimal("2.5")]),
    "DECIMAL_OBJECTS": ("DECIMAL(36,2)", [Decimal("1.25"), None, Decimal("2")], [Decimal("1.25"), None, Decimal("2")]),
    "TEXT": ("VARCHAR(10) UTF8", ["a", None, "c"], ["a", None, "c"]),
    "TEXT_NAN": ("VARCHAR(10) UTF8", ["a", np.nan, "c"], ["a", None, "c"]),
    "BOOL": ("BOOLEAN", np.array([True, False, True]), [True, False, True]),
    "BOOL_WITH_NULL": ("BOOLEAN", [True, None, False], [True, None, False]),
    "DAY": ("DATE", [datetime.date(2024, 2, 29), None, datetime.date(2024, 1, 1)],
            [datetime.date(2024, 2, 29), None, datetime.date(2024, 1, 1)]),
    "TS": ("TIMESTAMP", pd.to_datetime(["2024-02-29 23:59:58.25", None, "2024-01-01 00:00:00.00"]),
           [pd.Timestamp("2024-02-29 23:59:58.25"), None, pd.Timestamp("2024-01-01")]),
    "TS_OBJECTS": ("TIMESTAMP", [datetime.datetime(2024, 2, 29, 1, 2, 3), None, datetime.datetime(2024, 1, 1)],
                   [pd.Timestamp("2024-02-29 01:02:03"), None, pd.Timestamp("2024-01-01")]),
}



@pytest.mark.parametrize("names", [
    [name] for name in COLUMNS
] + [list(COLUMNS), ["DOUBLE", "DOUBLE_FULL", "TEXT", "DOUBLE", "BIGINT"]])
def test_columns_come_out_as_the_python_values_exasol_passes(names):
    frame = pd.DataFrame({f"{name}_{index}": COLUMNS[name][1] for index, name in enumerate(names)})
    values = column_values(frame, [parse_sql_type(COLUMNS[name][0]) for name in names])
    assert values == [COLUMNS[name][2] for name in names]
    for column, name in zip(values, names):
        assert [type(value) for value in column] == [type(value) for value in COLUMNS[name][2]]


def test_a_column_of_one_dtype_among_others_is_read_in_its_place():
    frame = pd.DataFrame({"A": [1.5], "B": ["x"], "C": [2.5], "D": [7]})
    types = [parse_sql_type(t) for t in ("DOUBLE", "VARCHAR(5)", "DOUBLE", "DECIMAL(9,0)")]
    assert column_values(frame, types) == [[1.5], ["x"], [2.5], [7]]


def test_the_emitted_frame_keeps_none_and_python_objects():
    frame = object_frame([[1, None], [None, datetime.date(2024, 1, 1)]], 2)
    assert frame.dtypes.tolist() == [object, object]
    assert frame.values.tolist() == [[1, None], [None, datetime.date(2024, 1, 1)]]


def test_a_frame_of_a_float_block_keeps_its_columns_as_float64_with_nan_for_null_then_objects():
    block = np.array([[1.5, np.nan], [np.nan, -2.0]])
    frame = block_frame(block, [[0.25, None], ["yes", None]])
    assert list(frame.dtypes) == [np.float64, np.float64, object, object]
    assert np.isnan(frame.iloc[1, 0]) and np.isnan(frame.iloc[0, 1])  # Exasol's emit writes NaN as NULL
    assert frame.iloc[:, 2:].values.tolist() == [[0.25, "yes"], [None, None]]


def test_a_float_block_as_column_lists_has_none_for_nan():
    assert block_values(np.array([[1.5, np.nan], [np.nan, -2.0]])) == [[1.5, None], [None, -2.0]]
