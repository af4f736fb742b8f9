"""What a local Autopilot inference container does with one request: CSV rows in, predictions out.

It answers like SageMaker Autopilot's inference containers:

- The request is ``text/csv`` (RFC 4180, read with Python's ``csv`` module): no header, one row per
  line, the features in training order; an empty field is a missing value. A row with another
  number of fields than the model has features fails the whole request with status 400 and the
  message Autopilot's containers give.
- The answer is ``text/csv`` unless ``Accept`` asks for ``application/json`` or
  ``application/jsonlines``. Classification answers hold the keys that the container's
  ``SAGEMAKER_INFERENCE_OUTPUT`` names (``predicted_label``, ``probability``, ``probabilities``,
  ``labels``; default ``predicted_label``), in that order, one line per row. ``probabilities`` and
  ``labels`` are written as Autopilot writes them (``"[0.9, 0.1]"``, ``"['1', '0']"``). Regression
  answers hold the predicted number (JSON: ``{"score": ...}``).

Failures are ``ContainerError``s: the HTTP status and message a container would answer with.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Any, Optional, Protocol, Sequence

CSV = "text/csv"
JSON = "application/json"
JSON_LINES = "application/jsonlines"
ACCEPTED_TYPES = (CSV, JSON, JSON_LINES)
PREDICTED_LABEL = "predicted_label"
PROBABILITY = "probability"
PROBABILITIES = "probabilities"
LABELS = "labels"
OUTPUT_KEYS = (PREDICTED_LABEL, PROBABILITY, PROBABILITIES, LABELS)
DEFAULT_OUTPUT_KEYS = (PREDICTED_LABEL,)
CLASSIFICATION = ("BinaryClassification", "MulticlassClassification")


class ServedModel(Protocol):
    """What serving needs of a model (``local.autopilot.model_artifact.LocalModel`` provides it)."""

    problem_type: str

    @property
    def feature_names(self) -> tuple[str, ...]: ...

    def predict_csv_rows(self, rows: Sequence[Sequence[str]]) -> list[tuple[str, Optional[float]]]: ...

    def predict_details_csv_rows(self, rows: Sequence[Sequence[str]]) -> list[dict[str, Any]]: ...


class ContainerError(Exception):
    """The container's answer instead of predictions: an HTTP status and its message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def parse_output_keys(value: Optional[str]) -> tuple[str, ...]:
    """The keys of ``SAGEMAKER_INFERENCE_OUTPUT`` in order; unknown keys raise ``ValueError``."""
    if value is None or not value.strip():
        return DEFAULT_OUTPUT_KEYS
    keys = tuple(key.strip() for key in value.split(","))
    unknown = [key for key in keys if key not in OUTPUT_KEYS]
    if unknown:
        raise ValueError(f"SAGEMAKER_INFERENCE_OUTPUT holds unknown keys {', '.join(map(repr, unknown))}; "
                         f"the keys are {', '.join(OUTPUT_KEYS)}")
    return keys


def response_type(accept: Optional[str]) -> str:
    """The answer's content type for an ``Accept`` header (CSV when absent or ``*/*``)."""
    if accept is None or not accept.strip():
        return CSV
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        if media in ("*/*", "text/*"):
            return CSV
        if media in ACCEPTED_TYPES:
            return media
    raise ContainerError(406, f"Accept type {accept} is not supported by this container. "
                              f"Supported types: {', '.join(ACCEPTED_TYPES)}.")


def read_rows(body: bytes, width: int) -> list[list[str]]:
    """The CSV rows of a request body; each must hold ``width`` fields."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ContainerError(400, f"Unable to decode the request body as UTF-8: {error}.") from None
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as error:
        raise ContainerError(400, f"Unable to parse the request body as CSV: {error}.") from None
    if not rows:
        raise ContainerError(400, "Received an empty request body; expected CSV rows of "
                                  f"{width} columns.")
    for row in rows:
        if len(row) != width:
            raise ContainerError(
                400, f"Received data of unknown size. Expected number of columns is {width}. "
                     f"Number of columns in the received data is {len(row)}.")
    return rows


def answer(model: ServedModel, body: bytes, content_type: Optional[str], accept: Optional[str],
           output_keys: Sequence[str]) -> tuple[bytes, str]:
    """The container's answer to one request: ``(body, content type)``."""
    media = (content_type or CSV).split(";")[0].strip().lower()
    if media != CSV:
        raise ContainerError(415, f"Content type {content_type} is not supported by this container. "
                                  f"Supported content type: {CSV}.")
    answer_type = response_type(accept)
    rows = read_rows(body, len(model.feature_names))
    try:
        records = predict(model, rows, output_keys)
    except ValueError as error:
        raise ContainerError(400, f"Unable to evaluate payload provided: {error}") from None
    return format_records(records, answer_type), answer_type


def predict(model: ServedModel, rows: Sequence[Sequence[str]], output_keys: Sequence[str]) -> list[dict]:
    """One record per row: the output keys of a classification, ``{"score": text}`` for regression."""
    if model.problem_type not in CLASSIFICATION:
        return [{"score": label} for label, _ in model.predict_csv_rows(rows)]
    if set(output_keys) <= {PREDICTED_LABEL, PROBABILITY}:
        pairs = model.predict_csv_rows(rows)
        details = [{PREDICTED_LABEL: label, PROBABILITY: probability} for label, probability in pairs]
    else:
        details = model.predict_details_csv_rows(rows)
    return [{key: detail.get(key) for key in output_keys} for detail in details]


def format_records(records: Sequence[dict], media: str) -> bytes:
    """The records as the body of ``media``."""
    if media == JSON:
        return json.dumps({"predictions": [_json_record(record) for record in records]}).encode("utf-8")
    if media == JSON_LINES:
        return "".join(json.dumps(_json_record(record)) + "\n" for record in records).encode("utf-8")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for record in records:
        writer.writerow([_csv_field(key, value) for key, value in record.items()])
    return buffer.getvalue().encode("utf-8")


def _csv_field(key: str, value: Any) -> str:
    if value is None:
        return ""
    if key == PROBABILITY:
        return repr(float(value))
    if key == PROBABILITIES:
        return "[" + ", ".join(repr(float(v)) for v in value) + "]"
    if key == LABELS:
        return repr([str(label) for label in value])
    return str(value)


def _json_record(record: dict) -> dict:
    if "score" in record:
        return {"score": float(record["score"])}
    return {key: (float(value) if key == PROBABILITY and value is not None else value)
            for key, value in record.items()}
