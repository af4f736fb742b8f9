"""The prediction UDF through Exasol's UDF mock, against a real HTTP endpoint stand-in on 127.0.0.1."""
from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.aws_session import build_client
from exasol_sagemaker_extension.errors import SageMakerExtensionError
from exasol_sagemaker_extension.udfs.aws_connection import read_connection_credentials
from tests.integration.prediction.conftest import (SECRET, UDF_SCHEMA, error_texts, prediction_exa,
                                                   run_udf)
from tests.integration.prediction.fake_endpoint import (binary_sign_model, boolean_sign_model,
                                                        echo_model, regression_model)

pytestmark = pytest.mark.filterwarnings(
    "ignore:The behavior of DataFrame concatenation with empty or all-NA entries:FutureWarning")

NUMERIC_INPUTS = [("A", "DOUBLE"), ("B", "DECIMAL(9,0)")]
NUMERIC_ROWS = [(1.5, 2), (-3.0, 1), (0.25, -1), (None, None), (10.0, None)]


def binary_expectation(a, b):
    total = (a or 0) + (b or 0)
    return round(0.5 + min(abs(total), 49) / 100, 6), (1 if total > 0 else 0)


def body_lines(body: bytes) -> list:
    return list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))


def test_binary_classification_emits_inputs_then_probability_then_label(predict, runtime):
    runtime.serve("test-endpoint", binary_sign_model)
    rows = predict(NUMERIC_INPUTS, [NUMERIC_ROWS], "BinaryClassification", target="DECIMAL(1,0)")
    assert rows == [[(a, b, *binary_expectation(a, b)) for a, b in NUMERIC_ROWS]]


def test_multiclass_classification_returns_string_labels_with_probabilities(predict, runtime):
    runtime.serve("test-endpoint", echo_model)
    inputs = [("SPECIES", "VARCHAR(50)"), ("PETAL", "DOUBLE")]
    data = [("setosa", 1.0), ("versicolor", 4.5), ("virginica", 6.1)]
    rows = predict(inputs, [data], "MulticlassClassification", target="VARCHAR(50)")
    assert rows == [[(label, petal, round(1 / (1 + len(label)), 6), label) for label, petal in data]]


def test_regression_emits_inputs_then_a_double_without_probability(predict, runtime):
    runtime.serve("test-endpoint", regression_model)
    rows = predict(NUMERIC_INPUTS, [NUMERIC_ROWS], "Regression", target="DOUBLE")
    assert rows == [[(a, b, 2 * ((a or 0) + (b or 0)) + 0.5) for a, b in NUMERIC_ROWS]]


def test_requests_are_csv_without_header_with_csv_accept_header(predict, runtime):
    runtime.serve("test-endpoint", binary_sign_model)
    predict(NUMERIC_INPUTS, [NUMERIC_ROWS[:2]], "BinaryClassification", target="DECIMAL(1,0)")
    [invocation] = runtime.invocations
    assert (invocation.content_type, invocation.accept) == ("text/csv", "text/csv")
    assert invocation.body == b"1.5,2\n-3,1"


@pytest.mark.parametrize("names", [
    ["MixedCase", "lower"],
    ["SELECT", "FROM"],
    ["with space", "two  spaces "],
    ['quote"inside', "comma,inside"],
    ["ÜNÏCØDÉ", "日本"],
])
def test_unusual_column_names_work(predict, runtime, names):
    runtime.serve("test-endpoint", regression_model)
    inputs = [(names[0], "DOUBLE"), (names[1], "DECIMAL(9,0)")]
    rows = predict(inputs, [[(1.0, 2), (3.5, None)]], "Regression")
    assert rows == [[(1.0, 2, 6.5), (3.5, None, 7.5)]]
    assert runtime.bodies() == [b"1,2\n3.5,"]


HOSTILE_STRINGS = [
    "plain",
    "comma, inside",
    'a "quoted" word',
    '"',
    "line\nbreak",
    "carriage\r\nreturn",
    "lone\rcr",
    "'; DROP TABLE t; --",
    "trailing comma,",
    ",leading comma",
    "ünïcödé ✓ 日本語",
    "  padded  ",
    "tab\there",
    "back\\slash",
]


def test_hostile_strings_reach_the_model_unchanged_and_come_back_as_labels(predict, runtime):
    runtime.serve("test-endpoint", echo_model)
    inputs = [("TEXT", "VARCHAR(200)"), ("X", "DOUBLE")]
    data = [(text, float(index)) for index, text in enumerate(HOSTILE_STRINGS)]
    rows = predict(inputs, [data], "MulticlassClassification", target="VARCHAR(200)")
    assert [row[-1] for row in rows[0]] == HOSTILE_STRINGS
    assert [row[:2] for row in rows[0]] == data
    received = [fields for body in runtime.bodies() for fields in body_lines(body)]
    assert received == [[text, str(index) if index else "0"] for index, text in enumerate(HOSTILE_STRINGS)]


def test_nulls_are_sent_as_empty_fields_and_emitted_as_nulls(predict, runtime):
    runtime.serve("test-endpoint", echo_model)
    inputs = [("TEXT", "VARCHAR(20)"), ("D", "DOUBLE"), ("N", "DECIMAL(18,0)"), ("M", "DECIMAL(10,2)"),
              ("B", "BOOLEAN"), ("DAY", "DATE"), ("TS", "TIMESTAMP")]
    data = [("x", None, None, None, None, None, None), (None, 1.0, 2, Decimal("3.50"), True,
                                                       datetime.date(2024, 2, 29),
                                                       datetime.datetime(2024, 2, 29, 23, 59, 58, 250000))]
    rows = predict(inputs, [data], "MulticlassClassification", target="VARCHAR(20)")
    assert [row[:7] for row in rows[0]] == data
    assert [row[-1] for row in rows[0]] == ["x", None]
    assert runtime.bodies() == [b"x,,,,,,\n,1,2,3.50,1,2024-02-29,2024-02-29 23:59:58.250000"]


def test_a_group_larger_than_the_byte_limit_is_sent_in_several_full_requests(predict, runtime):
    runtime.serve("test-endpoint", regression_model)
    data = [(float(index), index) for index in range(300)]
    rows = predict(NUMERIC_INPUTS, [data], "Regression", max_payload_bytes=256)
    bodies = runtime.bodies()
    assert len(bodies) > 5
    assert all(len(body) <= 256 for body in bodies)
    assert all(len(body) + len(b"\n299,299") > 256 for body in bodies[:-1])  # no batch left half empty
    assert [fields for body in bodies for fields in body_lines(body)] == \
        [[str(index), str(index)] for index in range(300)]
    assert rows == [[(a, b, 2 * (a + b) + 0.5) for a, b in data]]


def test_batches_fill_across_the_chunks_the_udf_reads(predict, runtime):
    runtime.serve("test-endpoint", regression_model)
    data = [(1.0, index) for index in range(2500)]  # more rows than the first chunk
    rows = predict(NUMERIC_INPUTS, [data], "Regression", max_payload_bytes=4000)
    bodies = runtime.bodies()
    assert all(len(body) <= 4000 for body in bodies)
    assert all(len(body) > 4000 - 12 for body in bodies[:-1])
    assert [row[1] for row in rows[0]] == list(range(2500))


def test_each_group_is_predicted_on_its_own_and_keeps_its_order(predict, runtime):
    runtime.serve("test-endpoint", binary_sign_model)
    groups = [[(float(g * 100 + i) - 150, i) for i in range(size)] for g, size in enumerate([3, 1, 40, 7])]
    rows = predict(NUMERIC_INPUTS, groups, "BinaryClassification", target="DECIMAL(1,0)",
                   max_payload_bytes=120)
    assert rows == [[(a, b, *binary_expectation(a, b)) for a, b in group] for group in groups]
    sent = [[float(fields[0]), int(fields[1])] for body in runtime.bodies() for fields in body_lines(body)]
    assert sent == [[a, b] for group in groups for a, b in group]


@pytest.mark.parametrize("model, target, expected", [
    (binary_sign_model, "DECIMAL(1,0)", [1, 0]),
    (binary_sign_model, "DECIMAL(36,0)", [1, 0]),
    (binary_sign_model, "VARCHAR(5)", ["1", "0"]),
    (binary_sign_model, "CHAR(1)", ["1", "0"]),
    (binary_sign_model, "DOUBLE", [1.0, 0.0]),
    (binary_sign_model, "BOOLEAN", [True, False]),
    (boolean_sign_model, "BOOLEAN", [True, False]),
    (boolean_sign_model, "VARCHAR(5)", ["true", "false"]),
])
def test_predictions_have_the_target_columns_type(predict, runtime, model, target, expected):
    runtime.serve("test-endpoint", model)
    rows = predict(NUMERIC_INPUTS, [[(2.0, 1), (-2.0, 1)]], "BinaryClassification", target=target)
    assert [row[-1] for row in rows[0]] == expected
    assert all(type(row[-1]) is type(expected[0]) for row in rows[0])


def test_regression_into_a_decimal_target_is_rounded_to_its_scale(predict, runtime):
    runtime.serve("test-endpoint", regression_model)
    rows = predict([("A", "DOUBLE")], [[(0.1234,), (2.0,)]], "Regression", target="DECIMAL(10,2)")
    assert [row[-1] for row in rows[0]] == [Decimal("0.75"), Decimal("4.50")]


@pytest.mark.parametrize("problem_type, model, expected", [
    ("BinaryClassification", binary_sign_model, [(2.0, 1, 0.53, 1), (-2.0, 1, 0.51, 0)]),
    ("Regression", regression_model, [(2.0, 1, 6.5), (-2.0, 1, -1.5)]),
])
def test_json_answers_are_read_too(predict, runtime, problem_type, model, expected):
    runtime.serve("test-endpoint", model, answer_format="json")
    target = "DECIMAL(1,0)" if problem_type != "Regression" else "DOUBLE"
    rows = predict(NUMERIC_INPUTS, [[(2.0, 1), (-2.0, 1)]], problem_type, target=target)
    assert rows == [expected]


def test_large_whole_numbers_with_nulls_keep_every_digit(predict, runtime):
    runtime.serve("test-endpoint", regression_model)
    big = 2 ** 60 + 1
    rows = predict([("ID", "DECIMAL(18,0)"), ("X", "DOUBLE")], [[(big, 1.0), (None, 2.0), (-big, None)]],
                   "Regression")
    assert [row[:2] for row in rows[0]] == [(big, 1.0), (None, 2.0), (-big, None)]
    assert runtime.bodies() == [f"{big},1\n,2\n{-big},".encode()]


@pytest.mark.parametrize("error_code", ["ValidationError", "ValidationException"])
def test_a_deleted_endpoint_is_reported_with_what_to_do(predict, runtime, error_code):
    runtime.serve("gone-endpoint", None, missing_error_code=error_code)
    with pytest.raises(SageMakerExtensionError) as raised:
        predict(NUMERIC_INPUTS, [NUMERIC_ROWS], "Regression", endpoint="gone-endpoint")
    assert raised.value.code == error_codes.ENDPOINT_NOT_FOUND
    text = str(raised.value)
    assert text.startswith("E-SME-70: endpoint gone-endpoint does not exist")
    assert "SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT" in text
    assert f'DROP SCRIPT "{UDF_SCHEMA}"."gone-endpoint"' in text
    assert SECRET not in error_texts(raised.value)


def test_a_transient_server_error_is_retried_and_the_query_succeeds(predict, runtime):
    runtime.serve("test-endpoint", regression_model, failures_before_success=1, failure_status=500)
    rows = predict(NUMERIC_INPUTS, [NUMERIC_ROWS], "Regression")
    assert len(rows[0]) == len(NUMERIC_ROWS)
    assert [item.status for item in runtime.invocations] == [500, 200]


def test_a_persistent_server_error_names_the_endpoint_and_the_failing_batch(predict, runtime):
    runtime.serve("test-endpoint", regression_model, fail_when_body_contains="\n7,7")
    data = [(float(index), index) for index in range(12)]
    with pytest.raises(SageMakerExtensionError) as raised:
        predict(NUMERIC_INPUTS, [data], "Regression", max_payload_bytes=16)
    assert raised.value.code == error_codes.INVOCATION_FAILED
    text = str(raised.value)
    assert "endpoint test-endpoint" in text
    assert "(batch 2, rows 5..8 of the group)" in text
    assert "ServiceUnavailable" in text
    assert SECRET not in error_texts(raised.value)
    failing = [item for item in runtime.invocations if item.status == 503]
    assert len(failing) > 1  # botocore's standard retry mode tried again before giving up


def test_a_row_larger_than_a_request_is_refused_before_anything_is_sent(predict, runtime):
    runtime.serve("test-endpoint", echo_model)
    with pytest.raises(SageMakerExtensionError) as raised:
        predict([("TEXT", "VARCHAR(2000)"), ("X", "DOUBLE")], [[("x" * 1000, 1.0)]],
                "MulticlassClassification", target="VARCHAR(2000)", max_payload_bytes=500)
    assert raised.value.code == error_codes.ROW_TOO_LARGE
    assert "row 1 of the group needs 1002 bytes" in str(raised.value)
    assert runtime.invocations == []


def test_a_udf_whose_columns_do_not_fit_the_problem_type_fails_at_start(runtime):
    exa = prediction_exa(NUMERIC_INPUTS, "BinaryClassification", target="DECIMAL(1,0)")
    exa.prediction_udf_arguments["problem_type"] = "Regression"
    with pytest.raises(SageMakerExtensionError) as raised:
        run_udf(exa, [NUMERIC_ROWS])
    assert raised.value.code == error_codes.INPUT_COLUMNS_MISMATCH
    assert "after its inputs it emits (PROBABILITY, PREDICTIONS) where (PREDICTIONS) is needed" \
        in str(raised.value)
    assert runtime.invocations == []


def test_one_runtime_client_serves_all_groups_of_an_instance(runtime):
    runtime.serve("test-endpoint", regression_model)
    calls = []

    def counting_factory(service, connection_name, region):
        calls.append((service, connection_name, region))
        return build_client(service, read_connection_credentials(exa, connection_name), region)

    exa = prediction_exa(NUMERIC_INPUTS, "Regression", client_factory=counting_factory)
    groups = [[(1.0, 1)], [(2.0, 2), (3.0, 3)], [(4.0, 4)]]
    rows = run_udf(exa, groups)
    assert len(rows) == 3
    assert calls == [("sagemaker-runtime", "AWS_CONN", "eu-central-1")]
    assert len(runtime.invocations) == 3


def test_a_missing_connection_is_reported_without_any_request(runtime):
    runtime.serve("test-endpoint", regression_model)
    exa = prediction_exa(NUMERIC_INPUTS, "Regression", connections={})
    with pytest.raises(SageMakerExtensionError) as raised:
        run_udf(exa, [NUMERIC_ROWS])
    assert raised.value.code == error_codes.CONNECTION_NOT_USABLE
    assert runtime.invocations == []
