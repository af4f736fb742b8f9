"""The answers of endpoints the extension did not create: one CSV record per row, one field per column."""
import pytest

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.answer_records import parse_answer_records
from exasol_sagemaker_extension.errors import PredictionError
from exasol_sagemaker_extension.prediction_parsing import converter_for

TEXT, DOUBLE, INT = converter_for("VARCHAR(20)"), converter_for("DOUBLE"), converter_for("DECIMAL(9,0)")


@pytest.mark.parametrize("answer, expected", [
    ("a,1.5\nb,2\n", [["a", "b"], [1.5, 2.0]]),
    ("a,1.5\r\nb,2", [["a", "b"], [1.5, 2.0]]),
    ('"x, ""y""",\n,3\n', [['x, "y"', None], [None, 3.0]]),
])
def test_records_become_typed_columns(answer, expected):
    assert parse_answer_records(answer, 2, [TEXT, DOUBLE]) == expected


@pytest.mark.parametrize("answer, rows, expected", [
    ("7\n\n9\n", 3, [[7, None, 9]]),
    ("\n\n", 2, [[None, None]]),
    ("7", 1, [[7]]),
])
def test_with_one_output_column_an_empty_line_is_null(answer, rows, expected):
    assert parse_answer_records(answer, rows, [INT]) == expected


@pytest.mark.parametrize("answer, rows, code, shown", [
    ("a,1\n", 2, error_codes.PREDICTION_COUNT_MISMATCH, "answered 1 lines for 2 rows"),
    ("a,1\nb\n", 2, error_codes.PREDICTION_NOT_PARSABLE, "line 2 of the answer (batch 1) has 1 fields"),
    ("a,x\n", 1, error_codes.PREDICTION_NOT_PARSABLE, "field 2 of line 1 (batch 1) cannot be read"),
    ('"a,1\n', 1, error_codes.PREDICTION_NOT_PARSABLE, "is not valid CSV"),
])
def test_an_answer_that_does_not_fit_has_its_code(answer, rows, code, shown):
    with pytest.raises(PredictionError) as raised:
        parse_answer_records(answer, rows, [TEXT, DOUBLE], where="batch 1")
    assert raised.value.code == code and shown in raised.value.message
