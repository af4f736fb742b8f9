"""Reads an Autopilot endpoint's answer to one batch and converts each prediction to the SQL type wanted.

Accepted answers, one prediction per row sent, in the same order:

- ``text/csv``: one line per row; classification ``predicted_label,probability`` (the label quoted
  when it holds commas, quotes or line breaks; a line with only the label gives no probability),
  regression a number. Further fields (``labels``, ``probabilities``) are ignored.
- ``application/json``: ``{"predictions": [{"predicted_label": .., "probability": ..}, ...]}``, or
  ``{"score": ..}`` entries for regression.

A different number of predictions than rows is E-SME-72; a value that cannot be read is E-SME-73.
"""
from __future__ import annotations

import csv
import datetime
import io
import json
import math
from itertools import repeat
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Callable, NamedTuple, Optional, Sequence

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.errors import PredictionError
from exasol_sagemaker_extension.names import (CLASSIFICATION_PROBLEM_TYPES, PREDICTIONS_COLUMN,
                                              PROBABILITY_COLUMN)
from exasol_sagemaker_extension.prediction_csv import SqlType, parse_sql_type

Converter = Callable[[Any], Any]

_TRUE_TEXTS = frozenset({"true", "t", "1", "1.0", "yes", "y"})
_FALSE_TEXTS = frozenset({"false", "f", "0", "0.0", "no", "n"})
_SHOWN_VALUE_LENGTH = 60
_NUMBER_TYPES = frozenset({str, int, float})  # a bool is no number for a DOUBLE prediction
_ANY_TYPE = frozenset({str, int, float, bool})
_CR_STAND_IN = "\ue000"  # a private-use character standing in for CR while csv.reader reads


class Predictions(NamedTuple):
    """The predictions of one batch, in row order; ``probabilities`` holds None where none was given."""

    predictions: list
    probabilities: list


class _Unreadable(ValueError):
    """A value that does not fit; carries the reason for E-SME-73."""


def converter_for(sql_type: str) -> Converter:
    """A function turning an answer's text (or JSON value) into a value of this SQL type."""
    parsed = parse_sql_type(sql_type)
    converters: dict[str, Callable[[SqlType], Converter]] = {
        "DOUBLE": lambda _: _to_float,
        "DECIMAL": _decimal_converter,
        "BOOLEAN": lambda _: _to_bool,
        "DATE": lambda _: _to_date,
        "TIMESTAMP": lambda _: _to_timestamp,
    }
    return converters.get(parsed.kind, lambda _: _to_text)(parsed)


def parse_predictions(text: str, expected_rows: int, problem_type: str, convert: Converter,
                      where: str = "") -> Predictions:
    """Read the answer to a batch of ``expected_rows`` rows; ``where`` names the batch in errors."""
    classification = problem_type in CLASSIFICATION_PROBLEM_TYPES
    entries = _json_entries(text, where)
    if entries is not None:
        pairs = [_json_fields(entry, classification, index, where) for index, entry in enumerate(entries)]
        labels, probabilities = [label for label, _ in pairs], [p for _, p in pairs]
    else:
        labels, probabilities = _csv_fields(text, classification, where)
    if len(labels) != expected_rows:
        raise PredictionError(
            error_codes.PREDICTION_COUNT_MISMATCH,
            f"the endpoint answered {len(labels)} predictions for {expected_rows} rows{_at(where)}",
            "Check that the endpoint serves the model this UDF was generated for and that its inference "
            "containers answer one line per row (SAGEMAKER_INFERENCE_OUTPUT=predicted_label,probability "
            "for classification).")
    predictions = _convert_all(convert, labels, where)
    if not classification:
        return Predictions(predictions, [None] * len(labels))
    return Predictions(predictions, _convert_all(_to_probability, probabilities, where))


def _convert_all(convert: Converter, values: list, where: str) -> list:
    """``convert`` applied to every value; the first failure is E-SME-73 naming the prediction."""
    convert_column = getattr(convert, "convert_column", None)
    if convert_column is not None:  # whole-column fast path; None when some value needs a closer look
        converted = convert_column(values)
        if converted is not None:
            return converted
    try:
        return list(map(convert, values))
    except (ValueError, TypeError, ArithmeticError):
        for index, value in enumerate(values):
            try:
                convert(value)
            except (ValueError, TypeError, ArithmeticError) as reason:
                raise _unparsable(f"prediction {index + 1}{_at(where)} cannot be read: {reason}") from None
        raise


def _csv_rows(text: str, where: str) -> list[list[str]]:
    """Records of a CSV answer; only LF ends a record (a CR before it is dropped, a lone CR is text)."""
    if '"' not in text:
        rows = [line.split(",") for line in text.split("\n")]
    else:
        # Python's csv writer (and so pandas) leaves a lone CR unquoted, and csv.reader would end the
        # record there; hide CRs from the reader and put them back into the fields afterwards.
        hide = "\r" in text and _CR_STAND_IN not in text
        source = text.replace("\r", _CR_STAND_IN) if hide else text
        try:
            rows = list(csv.reader(io.StringIO(source, newline=""), strict=False))
        except csv.Error as error:
            raise _unparsable(f"the answer{_at(where)} is not valid CSV ({error})") from None
        if hide:
            rows = [[value.replace(_CR_STAND_IN, "\r") for value in row] for row in rows]
    for row in rows:
        if row and row[-1].endswith("\r"):
            row[-1] = row[-1][:-1]
    while rows and (rows[-1] == [] or rows[-1] == [""]):
        rows.pop()
    return rows


def _csv_fields(text: str, classification: bool, where: str) -> tuple[list, list]:
    """Labels and probabilities (None where a line has none) of a CSV answer."""
    if '"' not in text and "\r" not in text:  # fast path: no quoting, only LF ends lines
        lines = text.split("\n")
        while lines and lines[-1] == "":
            lines.pop()
        if "" not in lines:
            if not classification:
                return (lines if "," not in text else [line.partition(",")[0] for line in lines]), \
                    [None] * len(lines)
            # exactly one comma on every line: label,probability
            if lines and text.count(",") == len(lines) and all(map(str.__contains__, lines, repeat(","))):
                fields = ",".join(lines).split(",")
                return fields[0::2], fields[1::2]
    labels, probabilities = [], []
    for index, row in enumerate(_csv_rows(text, where)):
        if row == [] or row == [""]:
            raise _unparsable(f"line {index + 1} of the answer{_at(where)} is empty")
        labels.append(row[0])
        probabilities.append(row[1] if classification and len(row) > 1 else None)
    return labels, probabilities


def _json_entries(text: str, where: str) -> Optional[list]:
    """The ``predictions`` list of a JSON answer, or None when the answer is not JSON."""
    stripped = text.lstrip()
    if not stripped.startswith("{"):
        return None
    try:
        document = json.loads(stripped)
    except ValueError:
        return None
    entries = document.get("predictions") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise _unparsable(f"the JSON answer{_at(where)} has no list \"predictions\"")
    return entries


def _json_fields(entry: Any, classification: bool, index: int, where: str) -> tuple[Any, Any]:
    """(label, probability) of one JSON prediction."""
    if not isinstance(entry, dict):
        return entry, None
    for key in ("predicted_label", "score", "label", "prediction"):
        if key in entry:
            label = entry[key]
            break
    else:
        raise _unparsable(f"prediction {index + 1}{_at(where)} has no predicted_label or score")
    return label, (entry.get("probability") if classification else None)


def _to_probability(value: Any) -> Optional[float]:
    if value is None or value == "":
        return None
    number = float(value)
    if not math.isfinite(number):
        raise _Unreadable(f"probability {_show(value)} is not a finite number")
    return number


def _to_float(value: Any) -> Optional[float]:
    if _is_null(value):
        return None
    if isinstance(value, bool):
        raise _Unreadable(f"{_show(value)} is not a number")
    number = float(value)
    if not math.isfinite(number):
        raise _Unreadable(f"{_show(value)} is not a finite number")
    return number


def _decimal_converter(sql_type: SqlType) -> Converter:
    precision = sql_type.precision or 18
    scale = sql_type.scale or 0
    quantum = Decimal(1).scaleb(-scale)
    limit = 10 ** (precision - scale)

    def convert(value: Any) -> Any:
        if type(value) is str and scale == 0:
            try:  # fast path: digits only
                result = int(value)
            except ValueError:
                pass
            else:
                if -limit < result < limit:
                    return result
                raise _Unreadable(f"{_show(value)} does not fit DECIMAL({precision},{scale})")
        if _is_null(value):
            return None
        if isinstance(value, bool):
            raise _Unreadable(f"{_show(value)} is not a number")
        try:
            number = Decimal(value.strip() if isinstance(value, str) else str(value))
        except InvalidOperation:
            raise _Unreadable(f"{_show(value)} is not a number") from None
        if not number.is_finite():
            raise _Unreadable(f"{_show(value)} is not a finite number")
        if scale == 0:
            if number != number.to_integral_value():
                raise _Unreadable(f"{_show(value)} is not a whole number (column is DECIMAL({precision},0))")
            result = int(number)
        else:
            result = number.quantize(quantum, rounding=ROUND_HALF_UP)
        if not -limit < result < limit:
            raise _Unreadable(f"{_show(value)} does not fit DECIMAL({precision},{scale})")
        return result

    def convert_column(values: list) -> Optional[list]:
        """Whole numbers of a column of digit texts (the fast path of ``convert``), else None."""
        if scale or not values or set(map(type, values)) != {str}:
            return None
        try:
            numbers = list(map(int, values))
        except ValueError:
            return None
        return numbers if -limit < min(numbers) and max(numbers) < limit else None

    convert.convert_column = convert_column  # type: ignore[attr-defined]
    return convert


def _finite_floats(values: list, types: frozenset) -> Optional[list]:
    """``float`` of every value when all are of ``types``, readable and finite, else None."""
    if not values or not set(map(type, values)) <= types:
        return None
    try:
        numbers = list(map(float, values))
    except (ValueError, TypeError):
        return None
    return numbers if all(map(math.isfinite, numbers)) else None


def _texts(values: list) -> Optional[list]:
    """A column of texts as :func:`_to_text` converts them (empty is NULL), or None if not all texts."""
    if set(map(type, values)) != {str}:
        return None
    return [value or None for value in values] if "" in values else list(values)


# whole-column fast paths, used by _convert_all; they answer None where the value-wise path must decide
_to_float.convert_column = lambda values: _finite_floats(values, _NUMBER_TYPES)  # type: ignore[attr-defined]
_to_probability.convert_column = lambda values: _finite_floats(values, _ANY_TYPE)  # type: ignore[attr-defined]


def _to_text(value: Any) -> Optional[str]:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (list, dict)):
        return json.dumps(value)
    return str(value)


_to_text.convert_column = _texts  # type: ignore[attr-defined]


def _to_bool(value: Any) -> Optional[bool]:
    if _is_null(value):
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE_TEXTS:
        return True
    if text in _FALSE_TEXTS:
        return False
    raise _Unreadable(f"{_show(value)} is not a boolean (true/false/1/0)")


def _to_date(value: Any) -> Optional[datetime.date]:
    if _is_null(value):
        return None
    text = str(value).strip()
    if len(text) > 10 and text[10] in " T":
        return _to_timestamp(text).date()
    return datetime.date.fromisoformat(text)


def _to_timestamp(value: Any) -> Optional[datetime.datetime]:
    if _is_null(value):
        return None
    stamp = datetime.datetime.fromisoformat(str(value).strip())
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return stamp


def _is_null(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _unparsable(message: str) -> PredictionError:
    return PredictionError(
        error_codes.PREDICTION_NOT_PARSABLE, message,
        "Check the endpoint's output format (text/csv: one line per row, 'label,probability' for "
        "classification, a number for regression) and that PREDICTIONS has the target's SQL type.")


def _at(where: str) -> str:
    return f" ({where})" if where else ""


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _SHOWN_VALUE_LENGTH else text[:_SHOWN_VALUE_LENGTH - 4] + "...'"


def expected_layout(problem_type: str) -> Sequence[str]:
    """The names of the columns the UDF emits after its inputs, for this problem type."""
    if problem_type in CLASSIFICATION_PROBLEM_TYPES:
        return (PROBABILITY_COLUMN, PREDICTIONS_COLUMN)
    return (PREDICTIONS_COLUMN,)
