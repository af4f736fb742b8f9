import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.errors import PredictionError
from exasol_sagemaker_extension.prediction_csv import body_of, column_formatter_for, format_lines
from exasol_sagemaker_extension.row_text import PendingText, rows_of_doubles, rows_of_lines


@pytest.mark.parametrize("lines", [["a,b", "", "c"], ["ü,1", "日本語,2", "x"], ["only"]])
def test_rows_of_lines_end_each_line_with_a_line_feed_and_know_where_each_utf8_row_ends(lines):
    rows = rows_of_lines(lines)
    assert rows.text == body_of(lines) + b"\n"
    assert rows.ends.tolist() == np.cumsum([len(line.encode("utf-8")) + 1 for line in lines]).tolist()


def test_no_lines_are_no_rows():
    rows = rows_of_lines([])
    assert (rows.text, rows.ends.tolist()) == (b"", [])


@pytest.mark.parametrize("block", [
    [[0.1, -2.0, float("nan")], [1e20, 5e-324, 123456.789]],
    [[float("nan")], [3.0], [float("nan")]],  # a NULL row of one column is written as ""
    [[1.5, 2.5]],
])
def test_rows_of_doubles_are_the_lines_the_double_formatter_writes(block):
    array = np.array(block, dtype=np.float64)
    columns = [[None if value != value else value for value in column] for column in array.T.tolist()]
    lines = format_lines(columns, [column_formatter_for("DOUBLE")] * array.shape[1])
    rows = rows_of_doubles(array)
    assert rows.text == body_of(lines) + b"\n"
    assert rows.ends.tolist() == rows_of_lines(lines).ends.tolist()


def test_a_body_takes_the_most_rows_that_fit_and_leaves_the_rest_for_the_next():
    pending = PendingText()
    pending.add(rows_of_lines(["aaaa", "bb", "cccccc"]))
    pending.add(rows_of_lines(["d"]))
    assert (pending.row_count(), pending.body_size()) == (4, 4 + 1 + 2 + 1 + 6 + 1 + 1)
    assert pending.take(8) == (b"aaaa\nbb", 2)
    assert pending.take(8) == (b"cccccc\nd", 2)
    assert (pending.row_count(), pending.body_size()) == (0, 0)


def test_a_row_alone_larger_than_a_body_is_refused_and_named_by_its_place_in_the_group():
    pending = PendingText()
    pending.add(rows_of_lines(["x" * 100]))
    with pytest.raises(PredictionError) as raised:
        pending.take(50, first_row=41)
    assert raised.value.code == error_codes.ROW_TOO_LARGE
    assert str(raised.value).startswith("E-SME-74: row 42 of the group needs 100 bytes")


@settings(max_examples=300, deadline=None)
@given(chunks=st.lists(st.lists(st.text(alphabet="abü,", max_size=30), max_size=20), min_size=1, max_size=6),
       max_bytes=st.integers(min_value=120, max_value=400))
def test_bodies_carry_every_row_once_in_order_each_as_full_as_the_limit_allows(chunks, max_bytes):
    pending = PendingText()
    lines = []
    for chunk in chunks:
        pending.add(rows_of_lines(chunk))
        lines.extend(chunk)
    sizes = [len(line.encode("utf-8")) for line in lines]
    bodies, start = [], 0
    while pending.row_count():
        body, count = pending.take(max_bytes)
        assert body == body_of(lines[start:start + count])
        assert len(body) <= max_bytes
        if start + count < len(lines):
            assert len(body) + 1 + sizes[start + count] > max_bytes  # the next row would not fit
        bodies.append(body)
        start += count
    assert start == len(lines)
