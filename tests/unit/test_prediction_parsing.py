import datetime
import json
from decimal import Decimal

import pytest

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.errors import PredictionError
from exasol_sagemaker_extension.prediction_parsing import (converter_for, expected_layout,
                                                           parse_predictions)

BINARY = "BinaryClassification"
MULTICLASS = "MulticlassClassification"
REGRESSION = "Regression"
TEXT = converter_for("VARCHAR(100) UTF8")
DOUBLE = converter_for("DOUBLE")


@pytest.mark.parametrize("answer", [
    "yes,0.9\nno,0.8\n",
    "yes,0.9\nno,0.8",
    "yes,0.9\r\nno,0.8\r\n",
    '"yes",0.9\n"no","0.8"\n',
    "yes,0.9,\"['yes', 'no']\",\"[0.9, 0.1]\"\n"
    "no,0.8,\"['yes', 'no']\",\"[0.2, 0.8]\"\n",
])
def test_classification_answers_give_label_and_probability_per_line(answer):
    assert parse_predictions(answer, 2, BINARY, TEXT) == (["yes", "no"], [0.9, 0.8])


@pytest.mark.parametrize("label", [
    "a,b", 'say "hi"', "line\nbreak", "carriage\r\nreturn", "ünïcödé", "'; DROP TABLE t; --", "  padded  ",
])
def test_quoted_labels_are_read_back_exactly(label):
    quoted = '"' + label.replace('"', '""') + '"'
    answer = f"{quoted},0.25\nplain,0.5\n"
    assert parse_predictions(answer, 2, MULTICLASS, TEXT).predictions == [label, "plain"]


def test_a_lone_carriage_return_in_an_unquoted_label_is_part_of_the_label():
    answer = 'lone\rcr,0.5\n"quoted, label",0.25\n'
    assert parse_predictions(answer, 2, MULTICLASS, TEXT).predictions == ["lone\rcr", "quoted, label"]


def test_a_classification_line_without_probability_gives_no_probability():
    assert parse_predictions("yes\nno\n", 2, BINARY, TEXT) == (["yes", "no"], [None, None])


@pytest.mark.parametrize("answer, expected", [
    ("1.5\n-2\n3e2\n", [1.5, -2.0, 300.0]),
    ("1.5\r\n-2\r\n3e2", [1.5, -2.0, 300.0]),
])
def test_regression_answers_give_one_number_per_line_and_no_probability(answer, expected):
    assert parse_predictions(answer, 3, REGRESSION, DOUBLE) == (expected, [None, None, None])


@pytest.mark.parametrize("document, problem_type, expected", [
    ({"predictions": [{"predicted_label": "yes", "probability": 0.9},
                      {"predicted_label": "no", "probability": "0.8"}]}, BINARY, (["yes", "no"], [0.9, 0.8])),
    ({"predictions": [{"predicted_label": 1, "probability": 0.9, "labels": [0, 1]},
                      {"predicted_label": 0, "probability": 0.8}]}, BINARY, (["1", "0"], [0.9, 0.8])),
    ({"predictions": [{"score": 1.5}, {"score": "2"}]}, REGRESSION, ([1.5, 2.0], [None, None])),
    ({"predictions": [{"predicted_label": 1.5}, {"predicted_label": 2}]}, REGRESSION,
     ([1.5, 2.0], [None, None])),
])
def test_json_answers_are_read_like_csv_answers(document, problem_type, expected):
    convert = DOUBLE if problem_type == REGRESSION else TEXT
    assert parse_predictions(json.dumps(document), 2, problem_type, convert) == expected


@pytest.mark.parametrize("answer, rows", [
    ("yes,0.9\n", 2),
    ("yes,0.9\nno,0.8\nyes,0.7\n", 2),
    ("", 1),
    (json.dumps({"predictions": [{"predicted_label": "yes", "probability": 0.9}]}), 2),
])
def test_a_different_number_of_predictions_than_rows_is_refused(answer, rows):
    with pytest.raises(PredictionError) as raised:
        parse_predictions(answer, rows, BINARY, TEXT, where="batch 3")
    assert raised.value.code == error_codes.PREDICTION_COUNT_MISMATCH
    assert f"for {rows} rows (batch 3)" in str(raised.value)


@pytest.mark.parametrize("answer, problem_type, sql_type", [
    ("yes,high\n", BINARY, "VARCHAR(9)"),
    ("yes,nan\n", BINARY, "VARCHAR(9)"),
    ("abc\n", REGRESSION, "DOUBLE"),
    ("inf\n", REGRESSION, "DOUBLE"),
    ("1.5,0.9\n", BINARY, "DECIMAL(1,0)"),
    ("123,0.9\n", BINARY, "DECIMAL(2,0)"),
    ("maybe,0.9\n", BINARY, "BOOLEAN"),
    ("yesterday\n", REGRESSION, "DATE"),
    ("\nyes,0.9\n", BINARY, "VARCHAR(9)"),
    ('{"predictions": "all of them"}', BINARY, "VARCHAR(9)"),
    ('{"predictions": [{"labels": ["a"]}]}', BINARY, "VARCHAR(9)"),
])
def test_values_that_cannot_be_read_are_refused(answer, problem_type, sql_type):
    rows = 2 if answer.startswith("\n") else 1
    with pytest.raises(PredictionError) as raised:
        parse_predictions(answer, rows, problem_type, converter_for(sql_type), where="batch 1")
    assert raised.value.code == error_codes.PREDICTION_NOT_PARSABLE
    assert "(batch 1)" in str(raised.value)


@pytest.mark.parametrize("sql_type, value, expected", [
    ("DOUBLE", "1.5", 1.5),
    ("DOUBLE", "-2E3", -2000.0),
    ("DOUBLE", 3, 3.0),
    ("DECIMAL(18,0)", "1", 1),
    ("DECIMAL(18,0)", "1.0", 1),
    ("DECIMAL(18,0)", " -42 ", -42),
    ("DECIMAL(18,0)", 7.0, 7),
    ("DECIMAL(36,0)", "123456789012345678901234567890", 123456789012345678901234567890),
    ("DECIMAL(10,2)", "1.5", Decimal("1.50")),
    ("DECIMAL(10,2)", "0.125", Decimal("0.13")),
    ("VARCHAR(20) UTF8", "a,b", "a,b"),
    ("VARCHAR(20) UTF8", 1, "1"),
    ("VARCHAR(20) UTF8", "", None),
    ("CHAR(3) ASCII", "abc", "abc"),
    ("BOOLEAN", "true", True),
    ("BOOLEAN", "False", False),
    ("BOOLEAN", "1", True),
    ("BOOLEAN", "0", False),
    ("BOOLEAN", "1.0", True),
    ("BOOLEAN", True, True),
    ("DATE", "2024-02-29", datetime.date(2024, 2, 29)),
    ("DATE", "2024-02-29 00:00:00", datetime.date(2024, 2, 29)),
    ("TIMESTAMP", "2024-02-29 23:59:58.123", datetime.datetime(2024, 2, 29, 23, 59, 58, 123000)),
    ("TIMESTAMP", "2024-02-29T23:59:58", datetime.datetime(2024, 2, 29, 23, 59, 58)),
    ("DOUBLE", "", None),
    ("DECIMAL(18,0)", None, None),
])
def test_predictions_are_converted_to_the_output_columns_type(sql_type, value, expected):
    converted = converter_for(sql_type)(value)
    assert converted == expected
    assert type(converted) is type(expected)


@pytest.mark.parametrize("problem_type, layout", [
    (BINARY, ("PROBABILITY", "PREDICTIONS")),
    (MULTICLASS, ("PROBABILITY", "PREDICTIONS")),
    (REGRESSION, ("PREDICTIONS",)),
])
def test_classification_emits_a_probability_before_the_prediction(problem_type, layout):
    assert tuple(expected_layout(problem_type)) == layout


@pytest.mark.parametrize("sql_type, labels", [
    ("DOUBLE", ["1.5", "-2", "3e2", " 4 ", "1_000"]),
    ("DOUBLE", ["", "1.5"]),
    ("DECIMAL(1,0)", ["1", "0", "-9", " 7 "]),
    ("DECIMAL(1,0)", ["1", "1.0"]),
    ("DECIMAL(18,0)", ["999999999999999999", "-999999999999999999"]),
    ("DECIMAL(10,2)", ["1.005", "2"]),
    ("VARCHAR(10)", ["a", "", "b c"]),
    ("VARCHAR(10)", ["a", "b"]),
    ("BOOLEAN", ["true", "", "0"]),
])
@pytest.mark.parametrize("problem_type", [REGRESSION, BINARY])
def test_a_whole_answer_is_converted_like_each_of_its_lines(sql_type, labels, problem_type):
    convert = converter_for(sql_type)
    expected = [convert(label) for label in labels]
    lines = labels if problem_type == REGRESSION else [f"{label},0.5" for label in labels]
    if "" in lines:  # an empty line is no prediction, an empty label before a probability is NULL
        with pytest.raises(PredictionError, match="of the answer is empty"):
            parse_predictions("\n".join(lines), len(labels), problem_type, convert)
        return
    result = parse_predictions("\n".join(lines), len(labels), problem_type, convert)
    assert result.predictions == expected
    assert [type(value) for value in result.predictions] == [type(value) for value in expected]


@pytest.mark.parametrize("sql_type, answer", [
    ("DOUBLE", "1.5,0.5\nnan,0.5"),
    ("DOUBLE", "1.5,0.5\ninf,0.5"),
    ("DECIMAL(1,0)", "1,0.5\n10,0.5"),
    ("DECIMAL(1,0)", "1,0.5\nx,0.5"),
    ("DOUBLE", "1.5,0.5\n2,nan"),
    ("DOUBLE", "1.5,0.5\n2,x"),
])
def test_an_unreadable_line_is_named_even_when_the_rest_of_the_answer_is_fine(sql_type, answer):
    with pytest.raises(PredictionError) as raised:
        parse_predictions(answer, 2, BINARY, converter_for(sql_type))
    assert raised.value.code == error_codes.PREDICTION_NOT_PARSABLE
    assert "prediction 2 " in str(raised.value)


@pytest.mark.parametrize("answer", ["1,0.5\n\n0,0.5", "1,0.5\n,\n0,0.5"])
def test_an_empty_line_inside_an_answer_is_refused_but_an_empty_label_is_not(answer):
    if "\n\n" in answer:
        with pytest.raises(PredictionError, match="line 2 of the answer is empty"):
            parse_predictions(answer, 3, BINARY, TEXT)
    else:
        assert parse_predictions(answer, 3, BINARY, TEXT) == (["1", None, "0"], [0.5, None, 0.5])


def test_lines_with_and_without_probability_can_be_mixed():
    assert parse_predictions("yes,0.9\nno\nmaybe,0.1,extra", 3, MULTICLASS, TEXT) == \
        (["yes", "no", "maybe"], [0.9, None, 0.1])


@pytest.mark.parametrize("values, expected", [
    ([True, 1.5], None), ([1, 2.5], [1.0, 2.5]), (["1", 2], [1.0, 2.0]),
])
def test_json_booleans_are_no_double_predictions(values, expected):
    document = json.dumps({"predictions": [{"score": value} for value in values]})
    if expected is None:
        with pytest.raises(PredictionError) as raised:
            parse_predictions(document, len(values), REGRESSION, DOUBLE)
        assert raised.value.code == error_codes.PREDICTION_NOT_PARSABLE
    else:
        assert parse_predictions(document, len(values), REGRESSION, DOUBLE).predictions == expected
