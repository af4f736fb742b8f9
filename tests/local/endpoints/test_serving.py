"""What a local inference container answers: one CSV line per row, the keys SAGEMAKER_INFERENCE_OUTPUT asks
for, RFC 4180 on both sides, and the container errors Autopilot's containers give."""
from __future__ import annotations

import csv
import io
import json

import pytest

from exasol_sagemaker_extension.local.autopilot.model_artifact import LocalModel
from exasol_sagemaker_extension.local.endpoints.serving import (ContainerError, answer, parse_output_keys,
                                                                response_type)
from exasol_sagemaker_extension.prediction_csv import format_text
from tests.local.endpoints.conftest import MULTICLASS_LABELS

BINARY_ROWS = [["20", "basic"], ["70", "premium, yearly"], ["33", "basic"]]


def csv_answer(model: LocalModel, body: bytes, output: str | None = None, accept: str | None = None) -> str:
    """The container's text/csv answer."""
    data, content_type = answer(model, body, "text/csv", accept, parse_output_keys(output))
    assert content_type == "text/csv"
    return data.decode("utf-8")


def body_of(rows: list[list[str]]) -> bytes:
    """Rows as the prediction UDF sends them: RFC 4180 quoting (CR included), LF between lines, no header."""
    return "\n".join(",".join(format_text(value) for value in row) for row in rows).encode("utf-8")


def container_error(model: LocalModel, body: bytes, content_type: str = "text/csv",
                    accept: str | None = None) -> tuple[int, str]:
    with pytest.raises(ContainerError) as raised:
        answer(model, body, content_type, accept, ("predicted_label",))
    return raised.value.status, raised.value.message


# -- classification ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("output", [None, "predicted_label"])
def test_classification_answers_only_the_label_unless_asked_for_more(
        binary_model: LocalModel, output: str | None) -> None:
    labels = [label for label, _ in binary_model.predict_csv_rows(BINARY_ROWS)]
    assert csv_answer(binary_model, body_of(BINARY_ROWS), output) == "".join(f"{label}\n" for label in labels)


def test_binary_classification_answers_label_and_its_probability_per_line(binary_model: LocalModel) -> None:
    expected = binary_model.predict_csv_rows(BINARY_ROWS)
    lines = csv_answer(binary_model, body_of(BINARY_ROWS), "predicted_label,probability").splitlines()
    assert lines == [f"{label},{probability!r}" for label, probability in expected]
    assert [line.split(",")[0] for line in lines] == ["1", "0", "1"]


@pytest.mark.parametrize("output", ["probability,predicted_label", "predicted_label,probability,probabilities,labels",
                                    "labels,probabilities", "probabilities"])
def test_classification_answers_the_asked_keys_in_the_asked_order(binary_model: LocalModel, output: str) -> None:
    details = binary_model.predict_details_csv_rows(BINARY_ROWS)
    written = {"predicted_label": lambda d: d["predicted_label"], "probability": lambda d: repr(d["probability"]),
               "probabilities": lambda d: "[" + ", ".join(map(repr, d["probabilities"])) + "]",
               "labels": lambda d: repr(d["labels"])}
    expected = [[written[key](detail) for key in output.split(",")] for detail in details]
    assert list(csv.reader(io.StringIO(csv_answer(binary_model, body_of(BINARY_ROWS), output)))) == expected


def test_probabilities_and_labels_are_written_as_autopilot_writes_them(binary_model: LocalModel) -> None:
    line = csv_answer(binary_model, b"20,basic", "predicted_label,probability,probabilities,labels")
    label, probability, probabilities, labels = next(csv.reader(io.StringIO(line)))
    assert labels == "['0', '1']"
    assert probabilities.startswith("[") and probabilities.endswith("]") and ", " in probabilities
    assert max(json.loads(probabilities)) == float(probability)
    assert line.count('"') == 4, "the two list fields are quoted, label and probability are not"


def test_multiclass_labels_with_commas_and_quotes_are_quoted_by_csv_rules(multiclass_model: LocalModel) -> None:
    text = csv_answer(multiclass_model, b"2\n14\n27", "predicted_label,probability")
    assert text.splitlines()[1].startswith('"premium, yearly",')
    assert text.splitlines()[2].startswith('"the ""pro"" plan",')
    assert [row[0] for row in csv.reader(io.StringIO(text))] == list(MULTICLASS_LABELS)


def test_multiclass_probability_is_that_of_the_predicted_label(multiclass_model: LocalModel) -> None:
    text = csv_answer(multiclass_model, b"2\n14\n27", "predicted_label,probability,probabilities,labels")
    for label, probability, probabilities, labels in csv.reader(io.StringIO(text)):
        assert json.loads(probabilities)[eval(labels).index(label)] == float(probability)  # noqa: S307 (own output)


# -- regression --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("output", [None, "predicted_label,probability"])
def test_regression_answers_the_predicted_number_whatever_the_inference_output(
        regression_model: LocalModel, output: str | None) -> None:
    lines = csv_answer(regression_model, b"0,red\n4,green\n2.5,blue", output).splitlines()
    assert [round(float(line), 6) for line in lines] == [1.0, 9.0, 6.0]


# -- the request's CSV -------------------------------------------------------------------------------------

HOSTILE_PLANS = ['premium, yearly', 'the "pro" plan', "two\nlines", "cr\rinside", "=HYPERLINK(\"x\")",
                 " padded ", "nö ünïcödé ✓", "'quoted'", "", '"', ",", "\t"]


@pytest.mark.parametrize("plan", HOSTILE_PLANS)
def test_hostile_fields_are_read_as_one_value_each(binary_model: LocalModel, plan: str) -> None:
    rows = [["25", plan], ["60", plan]]
    expected = binary_model.predict_csv_rows(rows)
    lines = csv_answer(binary_model, body_of(rows), "predicted_label,probability").splitlines()
    assert lines == [f"{label},{probability!r}" for label, probability in expected]


@pytest.mark.parametrize("body, rows", [
    (b",basic", [["", "basic"]]),
    (b"30,", [["30", ""]]),
    (b",", [["", ""]]),
    (b'"",""', [["", ""]]),
    (b"30,basic\r\n,\r\n", [["30", "basic"], ["", ""]]),
])
def test_empty_fields_are_missing_values(binary_model: LocalModel, body: bytes, rows: list[list[str]]) -> None:
    expected = [label for label, _ in binary_model.predict_csv_rows(rows)]
    assert csv_answer(binary_model, body).splitlines() == expected


def test_a_single_feature_row_of_one_empty_quoted_field_is_a_missing_value(multiclass_model: LocalModel) -> None:
    assert len(csv_answer(multiclass_model, b'""\n5').splitlines()) == 2


@pytest.mark.parametrize("body, fields", [(b"30", 1), (b"30,basic,extra", 3), (b"30,basic\n\n40,basic", 0),
                                          (b"30,basic\n40", 1), (b'30,"basic,premium",x', 3)])
def test_a_row_with_another_number_of_fields_fails_the_request_as_autopilot_does(
        binary_model: LocalModel, body: bytes, fields: int) -> None:
    assert container_error(binary_model, body) == (
        400, f"Received data of unknown size. Expected number of columns is 2. "
             f"Number of columns in the received data is {fields}.")


@pytest.mark.parametrize("body", [b'30,"basic', b'30,"bas"ic'])
def test_a_body_that_is_not_valid_csv_fails_with_status_400(binary_model: LocalModel, body: bytes) -> None:
    status, message = container_error(binary_model, body)
    assert status == 400 and message.startswith("Unable to parse the request body as CSV")


def test_a_body_that_is_not_utf8_fails_with_status_400(binary_model: LocalModel) -> None:
    assert container_error(binary_model, "30,bäsic".encode("latin-1"))[0] == 400


def test_an_empty_body_fails_with_status_400(binary_model: LocalModel) -> None:
    assert container_error(binary_model, b"")[0] == 400


# -- content types -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("content_type", ["application/json", "application/x-recordio-protobuf", "text/plain"])
def test_a_request_that_is_not_csv_fails_with_status_415(binary_model: LocalModel, content_type: str) -> None:
    assert container_error(binary_model, b"30,basic", content_type)[0] == 415


@pytest.mark.parametrize("content_type", ["text/csv", "text/csv; charset=utf-8", "TEXT/CSV", None])
def test_csv_requests_are_accepted_with_parameters_and_in_any_case(
        binary_model: LocalModel, content_type: str | None) -> None:
    assert answer(binary_model, b"30,basic", content_type, None, ("predicted_label",))[1] == "text/csv"


@pytest.mark.parametrize("accept, expected", [(None, "text/csv"), ("*/*", "text/csv"), ("text/csv", "text/csv"),
                                              ("application/json", "application/json"),
                                              ("application/jsonlines", "application/jsonlines"),
                                              ("text/html, application/json;q=0.9", "application/json")])
def test_accept_chooses_the_answer_type(accept: str | None, expected: str) -> None:
    assert response_type(accept) == expected


def test_an_unsupported_accept_fails_with_status_406(binary_model: LocalModel) -> None:
    assert container_error(binary_model, b"30,basic", accept="application/xml")[0] == 406


def test_json_answers_hold_one_prediction_object_per_row(binary_model: LocalModel) -> None:
    data, content_type = answer(binary_model, body_of(BINARY_ROWS), "text/csv", "application/json",
                                parse_output_keys("predicted_label,probability"))
    expected = [{"predicted_label": label, "probability": probability}
                for label, probability in binary_model.predict_csv_rows(BINARY_ROWS)]
    assert (content_type, json.loads(data)) == ("application/json", {"predictions": expected})


def test_json_regression_answers_hold_scores(regression_model: LocalModel) -> None:
    data, _ = answer(regression_model, b"1,red\n3,red", "text/csv", "application/json", ("predicted_label",))
    assert [round(p["score"], 6) for p in json.loads(data)["predictions"]] == [3.0, 7.0]


def test_json_lines_answers_hold_one_object_per_line(binary_model: LocalModel) -> None:
    data, _ = answer(binary_model, body_of(BINARY_ROWS), "text/csv", "application/jsonlines", ("predicted_label",))
    assert [json.loads(line) for line in data.decode().splitlines()] == [
        {"predicted_label": label} for label, _ in binary_model.predict_csv_rows(BINARY_ROWS)]


# -- SAGEMAKER_INFERENCE_OUTPUT ----------------------------------------------------------------------------

@pytest.mark.parametrize("value, keys", [(None, ("predicted_label",)), ("", ("predicted_label",)),
                                         ("predicted_label, probability", ("predicted_label", "probability")),
                                         ("labels", ("labels",))])
def test_inference_output_names_keys_in_order(value: str | None, keys: tuple) -> None:
    assert parse_output_keys(value) == keys


@pytest.mark.parametrize("value", ["predicted_label,confidence", "PREDICTED_LABEL", "predicted_label,,probability"])
def test_inference_output_with_unknown_keys_is_refused(value: str) -> None:
    with pytest.raises(ValueError):
        parse_output_keys(value)
