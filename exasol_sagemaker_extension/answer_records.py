"""Reads the answer of an endpoint the extension did not create: one CSV record per row sent.

The contract of such an endpoint (``SME_CREATE_SAGEMAKER_PREDICTION_UDF``): it takes ``text/csv`` rows
and answers ``text/csv`` with one record per row, in the same order, each with exactly as many fields
as the UDF has output columns (RFC 4180: a field holding a comma, quote or line break is quoted).
Records end with LF or CRLF, the last one optionally. An empty field is NULL; so is an empty line when
there is one output column. Each field is converted to its column's SQL type as the Autopilot UDFs
convert their predictions.
"""
from __future__ import annotations

import csv
import io
from typing import Any, Callable, Sequence

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.errors import PredictionError

Converter = Callable[[Any], Any]
_SHOWN_VALUE_LENGTH = 60


def parse_answer_records(text: str, expected_rows: int, converters: Sequence[Converter],
                         where: str = "") -> list[list]:
    """The answer as output columns (one list per converter); E-SME-72/73 when it does not fit."""
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as error:
        raise _unparsable(f"the answer{_at(where)} is not valid CSV ({error})") from None
    if len(records) != expected_rows:
        raise PredictionError(
            error_codes.PREDICTION_COUNT_MISMATCH,
            f"the endpoint answered {len(records)} lines for {expected_rows} rows{_at(where)}",
            "The endpoint must answer one CSV line per row it receives, in the same order.")
    width = len(converters)
    columns: list[list] = [[] for _ in range(width)]
    for number, record in enumerate(records, start=1):
        if record == [] and width == 1:
            record = [""]
        if len(record) != width:
            raise _unparsable(f"line {number} of the answer{_at(where)} has {len(record)} fields where the "
                              f"UDF has {width} output columns")
        for index, (convert, value) in enumerate(zip(converters, record)):
            try:
                columns[index].append(convert(value))
            except (ValueError, TypeError, ArithmeticError) as reason:
                raise _unparsable(f"field {index + 1} of line {number}{_at(where)} cannot be read: "
                                  f"{reason}") from None
    return columns


def _unparsable(message: str) -> PredictionError:
    return PredictionError(
        error_codes.PREDICTION_NOT_PARSABLE, message,
        "Check that the endpoint answers text/csv with one record per row and one field per output "
        "column, and that the output columns' SQL types fit its values; generate the UDF again with "
        "SME_CREATE_SAGEMAKER_PREDICTION_UDF if they do not.")


def _at(where: str) -> str:
    return f" ({where})" if where else ""
