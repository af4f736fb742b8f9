"""The problem type of a target column, inferred as Autopilot does when the job names none.

Rules (on the non-empty target values): two distinct values -> BinaryClassification; numbers with
many distinct values (more than ``MAX_NUMERIC_CLASSES``), or numbers that are not all whole, ->
Regression; otherwise (text, or few whole numbers) -> MulticlassClassification. Fewer than two
distinct values cannot be learned at all.
"""
from __future__ import annotations

from typing import Iterable, Optional

from exasol_sagemaker_extension.local.autopilot.metrics import BINARY, MULTICLASS, REGRESSION
from exasol_sagemaker_extension.local.autopilot.model_artifact import parse_number

# Whole-number targets with more distinct values than this are amounts, not classes.
MAX_NUMERIC_CLASSES = 20


class ProblemTypeError(ValueError):
    """The target does not fit any (or the requested) problem type; the text is the FailureReason."""


def numeric_values(values: Iterable[str]) -> Optional[list[float]]:
    """The values as numbers if every one parses as a finite number, else None."""
    numbers = [parse_number(value) for value in values]
    return None if any(number != number for number in numbers) else numbers


def infer_problem_type(values: list[str], target: str = "target") -> str:
    """The problem type Autopilot picks for these (non-empty) target values."""
    distinct = set(values)
    if len(distinct) < 2:
        raise ProblemTypeError(_one_class(target, distinct))
    if len(distinct) == 2:
        return BINARY
    numbers = numeric_values(distinct)
    if numbers is not None and (len(distinct) > MAX_NUMERIC_CLASSES
                                or any(not number.is_integer() for number in numbers)):
        return REGRESSION
    return MULTICLASS


def check_problem_type(problem_type: str, values: list[str], target: str = "target") -> str:
    """The given problem type if the target values fit it; else ProblemTypeError with AWS-like text."""
    distinct = set(values)
    if len(distinct) < 2:
        raise ProblemTypeError(_one_class(target, distinct))
    if problem_type == BINARY and len(distinct) != 2:
        raise ProblemTypeError(
            f"ClientError: ProblemType BinaryClassification needs exactly 2 distinct values in the target "
            f"column '{target}', but it has {len(distinct)}. Use MulticlassClassification or Regression.")
    if problem_type == REGRESSION and numeric_values(distinct) is None:
        raise ProblemTypeError(
            f"ClientError: ProblemType Regression needs a numeric target column, but '{target}' holds "
            "values that are not numbers.")
    return problem_type


def _one_class(target: str, distinct: set[str]) -> str:
    shown = f" ({next(iter(distinct))!r})" if distinct else ""
    return (f"ClientError: the target column '{target}' has {len(distinct)} distinct value{shown}; "
            "Autopilot needs at least 2 to learn from.")
