"""Autopilot's problem type: inferred from the target when the job names none, checked when it does."""
from __future__ import annotations

import pytest

from exasol_sagemaker_extension.local.autopilot.problem_type import (MAX_NUMERIC_CLASSES, ProblemTypeError,
                                                                     check_problem_type, infer_problem_type)

MANY_NUMBERS = [str(i) for i in range(MAX_NUMERIC_CLASSES + 1)]


@pytest.mark.parametrize("values, expected", [
    (["1", "0", "1", "0"], "BinaryClassification"),
    (["yes", "no", "no"], "BinaryClassification"),
    (["1.5", "2.5", "1.5"], "BinaryClassification"),
    (["M", "B", "X"], "MulticlassClassification"),
    (["1", "2", "3", "2"], "MulticlassClassification"),
    ([str(i) for i in range(MAX_NUMERIC_CLASSES)], "MulticlassClassification"),
    (MANY_NUMBERS, "Regression"),
    (["0.5", "1.25", "3.0"], "Regression"),
    (["151.0", "75.0", "141.0", "206.0"] * 10 + [str(i) for i in range(30)], "Regression"),
    (["a", "b"] + MANY_NUMBERS, "MulticlassClassification"),
])
def test_problem_type_is_inferred_from_the_target_values(values, expected):
    assert infer_problem_type(values) == expected


@pytest.mark.parametrize("values", [["1", "1", "1"], []])
def test_a_target_with_fewer_than_two_values_has_no_problem_type(values):
    with pytest.raises(ProblemTypeError, match="at least 2"):
        infer_problem_type(values, "Churned")


@pytest.mark.parametrize("problem_type, values, message", [
    ("BinaryClassification", ["a", "b", "c"], "exactly 2 distinct values"),
    ("Regression", ["1.5", "abc", "2"], "numeric target"),
    ("MulticlassClassification", ["x", "x"], "at least 2"),
])
def test_a_given_problem_type_that_the_target_does_not_fit_is_refused(problem_type, values, message):
    with pytest.raises(ProblemTypeError, match=message):
        check_problem_type(problem_type, values)


@pytest.mark.parametrize("problem_type, values", [
    ("BinaryClassification", ["1", "0"]),
    ("MulticlassClassification", ["1", "0"]),
    ("MulticlassClassification", ["a", "b", "c"]),
    ("Regression", ["1", "2", "3"]),
])
def test_a_given_problem_type_that_fits_is_kept(problem_type, values):
    assert check_problem_type(problem_type, values) == problem_type
