import csv
import datetime
import io
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.errors import PredictionError
from exasol_sagemaker_extension.prediction_csv import (DEFAULT_MAX_PAYLOAD_BYTES,
                                                       SAGEMAKER_PAYLOAD_LIMIT_BYTES, SqlType,
                                                       column_formatter_for, format_field,
                                                       format_lines, formatter_for, iter_batches,
                                                       iter_line_batches, line_sizes, parse_sql_type)


def read_back(body: bytes) -> list:
    return list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))


@pytest.mark.parametrize("text, field", [
    ("plain", "plain"),
    ("comma, inside", '"comma, inside"'),
    ('say "hi"', '"say ""hi"""'),
    ('"', '""""'),
    ("line\nbreak", '"line\nbreak"'),
    ("carriage\r\nreturn", '"carriage\r\nreturn"'),
    ("lone\rcr", '"lone\rcr"'),
    ("'; DROP TABLE t; --", "'; DROP TABLE t; --"),
    ("ünïcödé ✓ 日本語", "ünïcödé ✓ 日本語"),
    ("  padded  ", "  padded  "),
    ("tab\there", "tab\there"),
])
def test_text_is_quoted_only_when_it_holds_a_comma_quote_or_line_break(text, field):
    assert formatter_for("VARCHAR(100) UTF8")(text) == field
    assert format_field(text) == field


@pytest.mark.parametrize("sql_type", [
    "DOUBLE", "DECIMAL(18,0)", "DECIMAL(10,2)", "VARCHAR(10) UTF8", "CHAR(2) ASCII", "BOOLEAN", "DATE",
    "TIMESTAMP", "HASHTYPE(16 BYTE)",
])
def test_null_is_an_empty_field_for_every_type(sql_type):
    assert formatter_for(sql_type)(None) == ""


@pytest.mark.parametrize("sql_type, value, field", [
    ("DOUBLE", 0.1, "0.1"),
    ("DOUBLE", 3.0, "3"),
    ("DOUBLE", -0.5, "-0.5"),
    ("DOUBLE", 1e20, "1e+20"),
    ("DOUBLE", 1.0000000000000002, "1.0000000000000002"),
    ("DOUBLE", float("nan"), ""),
    ("DECIMAL(18,0)", 12345678901234567, "12345678901234567"),
    ("DECIMAL(18,0)", -7, "-7"),
    ("DECIMAL(36,0)", Decimal("1E+20"), "100000000000000000000"),
    ("DECIMAL(10,2)", Decimal("12.50"), "12.50"),
    ("DECIMAL(20,10)", Decimal("1E-7"), "0.0000001"),
    ("BOOLEAN", True, "1"),
    ("BOOLEAN", False, "0"),
    ("DATE", datetime.date(2024, 2, 29), "2024-02-29"),
    ("TIMESTAMP", datetime.datetime(2024, 2, 29, 23, 59, 58, 123456), "2024-02-29 23:59:58.123456"),
    ("TIMESTAMP", datetime.datetime(2024, 1, 1), "2024-01-01 00:00:00.000000"),
])
def test_values_are_written_as_exasol_exports_them(sql_type, value, field):
    assert formatter_for(sql_type)(value) == field


@pytest.mark.parametrize("value, field", [
    (None, ""), (True, "1"), (7, "7"), (2.5, "2.5"), (Decimal("1E+3"), "1000"),
    (datetime.date(2024, 1, 2), "2024-01-02"),
    (datetime.datetime(2024, 1, 2, 3, 4, 5), "2024-01-02 03:04:05.000000"),
])
def test_format_field_chooses_the_format_by_python_type(value, field):
    assert format_field(value) == field


def test_lines_join_fields_with_commas_and_keep_nulls_as_empty_fields():
    types = ["DOUBLE", "VARCHAR(9)", "BOOLEAN"]
    lines = format_lines([[1.5, None], ["a,b", None], [True, None]], list(map(column_formatter_for, types)))
    assert lines == ['1.5,"a,b",1', ",,"]


def test_a_null_in_a_single_column_row_is_written_as_an_empty_quoted_field():
    assert format_lines([["a", None, ""]], [column_formatter_for("VARCHAR(9)")]) == ["a", '""', '""']


@pytest.mark.parametrize("sql_type, column", [
    ("DOUBLE", [0.1, 3.0, -2.5, 1e20]),
    ("DOUBLE", [0.1, None, 3.0]),
    ("DOUBLE", [0.1, float("nan"), 3.0]),
    ("DECIMAL(18,0)", [1, -2, 10 ** 17]),
    ("DECIMAL(18,0)", [1, None, 3]),
    ("VARCHAR(20) UTF8", ["a", "b c", "ü"]),
    ("VARCHAR(20) UTF8", ["a", "b,c", 'q"'], ),
    ("VARCHAR(20) UTF8", ["a", None, "line\nbreak"]),
    ("BOOLEAN", [True, None, False]),
    ("DOUBLE", []),
    ("DOUBLE", [None]),
    ("DOUBLE", [None, None, 2.0]),
    ("DOUBLE", [float("nan"), None, 10.0, -0.0, 100.0]),
    ("DOUBLE", [1e16, 1e-5, 123456789.0, 1.0000000000000002, 5e-324, 1.7976931348623157e308]),
    ("DOUBLE", [float("inf"), float("-inf"), None]),
    ("DOUBLE", [np.float64(1.5), np.float64(2.0), np.float64("nan")]),
    ("DOUBLE", [np.float64(1.5), None]),
    ("DOUBLE", [1, 2.5, None]),
    ("DOUBLE", [10 ** 20, 1.0]),
    ("DOUBLE", [True, 0.5]),
    ("DOUBLE", [Decimal("1.5"), 2.0]),
    ("DECIMAL(18,0)", []),
    ("DECIMAL(18,0)", [None, None]),
    ("DECIMAL(18,0)", [-(10 ** 17), None, 0]),
    ("DECIMAL(18,0)", [1, None, 2.0, Decimal("3")]),
    ("DECIMAL(18,0)", [np.int64(4), None]),
])
def test_a_whole_column_is_formatted_like_each_of_its_values(sql_type, column):
    assert column_formatter_for(sql_type)(column) == [formatter_for(sql_type)(value) for value in column]


@pytest.mark.parametrize("sql_type, parsed", [
    ("DECIMAL(18,0)", SqlType("DECIMAL", 18, 0)),
    ("DECIMAL(10, 2)", SqlType("DECIMAL", 10, 2)),
    ("DECIMAL", SqlType("DECIMAL", 18, 0)),
    ("INTEGER", SqlType("DECIMAL", 18, 0)),
    ("DOUBLE", SqlType("DOUBLE")),
    ("DOUBLE PRECISION", SqlType("DOUBLE")),
    ("VARCHAR(2000000) UTF8", SqlType("VARCHAR", 2000000)),
    ("CHARACTER VARYING(10)", SqlType("VARCHAR", 10)),
    ("CHAR(1) ASCII", SqlType("CHAR", 1)),
    ("BOOLEAN", SqlType("BOOLEAN")),
    ("DATE", SqlType("DATE")),
    ("TIMESTAMP", SqlType("TIMESTAMP")),
    ("TIMESTAMP(3) WITH LOCAL TIME ZONE", SqlType("TIMESTAMP")),
    ("GEOMETRY(3857)", SqlType("OTHER")),
    ("HASHTYPE(16 BYTE)", SqlType("OTHER")),
])
def test_sql_types_are_read_as_exa_meta_names_them(sql_type, parsed):
    assert parse_sql_type(sql_type) == parsed


def test_the_default_limit_stays_under_sagemakers_payload_limit():
    assert DEFAULT_MAX_PAYLOAD_BYTES < SAGEMAKER_PAYLOAD_LIMIT_BYTES


def test_batches_hold_every_row_once_in_order_each_under_the_limit():
    rows = [(index, f"text {index}") for index in range(1000)]
    batches = list(iter_batches(rows, max_bytes=500))
    assert len(batches) > 1
    assert all(len(batch.body) <= 500 for batch in batches)
    assert [fields for batch in batches for fields in read_back(batch.body)] == \
        [[str(index), f"text {index}"] for index in range(1000)]
    assert [batch.first_row for batch in batches] == \
        [sum(b.row_count for b in batches[:i]) for i in range(len(batches))]


def test_rows_that_fit_exactly_stay_in_one_body():
    lines = ["aaaa", "bbbb", "cccc"]  # 4 + 1 + 4 + 1 + 4 bytes
    assert [batch.body for batch in iter_line_batches(lines, max_bytes=14)] == [b"aaaa\nbbbb\ncccc"]


def test_a_row_that_would_cross_the_limit_starts_the_next_body():
    lines = ["aaaa", "bbbb", "cccc"]
    batches = list(iter_line_batches(lines, max_bytes=13))
    assert [batch.body for batch in batches] == [b"aaaa\nbbbb", b"cccc"]
    assert [(batch.first_row, batch.row_count) for batch in batches] == [(0, 2), (2, 1)]


def test_the_limit_counts_utf8_bytes_not_characters():
    lines = ["ü" * 4, "ü" * 4]  # 8 bytes each
    assert [batch.row_count for batch in iter_line_batches(lines, max_bytes=16)] == [1, 1]
    assert [batch.row_count for batch in iter_line_batches(lines, max_bytes=17)] == [2]


@pytest.mark.parametrize("lines", [["abc", "", "x,y"], ["ü", "abc", "日本語,1"], []])
def test_line_sizes_are_utf8_bytes_of_each_line(lines):
    assert line_sizes(lines) == [len(line.encode("utf-8")) for line in lines]
    assert line_sizes(iter(lines)) == [len(line.encode("utf-8")) for line in lines]


def test_batches_are_cut_by_bytes_not_by_row_count():
    short = list(iter_batches([(1,)] * 10_000, max_bytes=DEFAULT_MAX_PAYLOAD_BYTES))
    wide = list(iter_batches([("x" * 1000,)] * 10_000, max_bytes=DEFAULT_MAX_PAYLOAD_BYTES))
    assert [batch.row_count for batch in short] == [10_000]
    assert len(wide) == 2


def test_a_single_row_larger_than_the_limit_is_refused():
    with pytest.raises(PredictionError) as raised:
        list(iter_batches([("ok",), ("x" * 100,)], max_bytes=50))
    assert raised.value.code == error_codes.ROW_TOO_LARGE
    assert str(raised.value).startswith("E-SME-74: row 2 of the group needs 100 bytes")


def test_no_rows_give_no_batches():
    assert list(iter_batches([], max_bytes=100)) == []


_texts = st.one_of(st.none(), st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30))


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.tuples(_texts, _texts, st.one_of(st.none(), st.integers())), max_size=40),
       max_bytes=st.integers(min_value=200, max_value=600))
def test_any_text_survives_the_round_trip_through_csv_batches(rows, max_bytes):
    batches = list(iter_batches(rows, max_bytes=max_bytes))
    assert all(len(batch.body) <= max_bytes for batch in batches)
    received = [fields for batch in batches for fields in read_back(batch.body)]
    expected = [["" if value is None else str(value) for value in row] for row in rows]
    assert received == expected


@settings(max_examples=300, deadline=None)
@given(column=st.lists(st.one_of(st.none(), st.floats(), st.floats(width=32)), max_size=20))
def test_any_double_column_is_formatted_like_each_of_its_values(column):
    assert column_formatter_for("DOUBLE")(column) == [formatter_for("DOUBLE")(value) for value in column]


@settings(max_examples=200, deadline=None)
@given(column=st.lists(st.one_of(st.none(), st.integers(min_value=-10 ** 18, max_value=10 ** 18)), max_size=20))
def test_any_integer_column_is_formatted_like_each_of_its_values(column):
    assert column_formatter_for("DECIMAL(18,0)")(column) == \
        [formatter_for("DECIMAL(18,0)")(value) for value in column]
