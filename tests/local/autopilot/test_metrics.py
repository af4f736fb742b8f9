"""Autopilot's objective metrics: each computed on known values, with its direction and defaults."""
from __future__ import annotations

import math

import numpy as np
import pytest

from exasol_sagemaker_extension.local.autopilot import metrics
from exasol_sagemaker_extension.local.autopilot.metrics import Evaluation

CLASSES = ["no", "yes"]
TRUTH = ["yes", "yes", "yes", "no", "no", "no", "no", "no"]
PREDICTED = ["yes", "yes", "no", "yes", "no", "no", "no", "no"]
# probability of "yes" per row
P_YES = np.array([0.9, 0.8, 0.4, 0.6, 0.1, 0.2, 0.3, 0.1])
BINARY = Evaluation(TRUTH, PREDICTED, np.column_stack([1 - P_YES, P_YES]), CLASSES, "yes")
MULTI = Evaluation(["a", "b", "c", "a", "b", "c"], ["a", "b", "b", "a", "c", "c"],
                   np.array([[.8, .1, .1], [.1, .7, .2], [.2, .5, .3], [.6, .2, .2], [.2, .3, .5], [.1, .2, .7]]),
                   ["a", "b", "c"])
REGRESSION = Evaluation([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0])


@pytest.mark.parametrize("name, evaluation, expected", [
    ("Accuracy", BINARY, 6 / 8),
    ("Precision", BINARY, 2 / 3),
    ("Recall", BINARY, 2 / 3),
    ("F1", BINARY, 2 / 3),
    ("BalancedAccuracy", BINARY, (2 / 3 + 4 / 5) / 2),
    ("AUC", BINARY, 14 / 15),
    ("LogLoss", BINARY, -np.mean(np.log([.9, .8, .4, .4, .9, .8, .7, .9]))),
    ("Accuracy", MULTI, 4 / 6),
    ("BalancedAccuracy", MULTI, (1 + .5 + .5) / 3),
    ("F1macro", MULTI, (1 + .5 + .5) / 3),
    ("PrecisionMacro", MULTI, (1 + .5 + .5) / 3),
    ("RecallMacro", MULTI, (1 + .5 + .5) / 3),
    ("LogLoss", MULTI, -np.mean(np.log([.8, .7, .3, .6, .3, .7]))),
    ("MSE", REGRESSION, 0.375),
    ("RMSE", REGRESSION, math.sqrt(0.375)),
    ("MAE", REGRESSION, 0.5),
    ("R2", REGRESSION, 1 - 1.5 / 29.1875),
])
def test_each_metric_is_computed_as_defined(name, evaluation, expected):
    assert metrics.compute(name, evaluation) == pytest.approx(expected)


@pytest.mark.parametrize("name, higher", [
    ("Accuracy", True), ("BalancedAccuracy", True), ("F1", True), ("F1macro", True), ("AUC", True),
    ("Precision", True), ("PrecisionMacro", True), ("Recall", True), ("RecallMacro", True), ("R2", True),
    ("LogLoss", False), ("MSE", False), ("RMSE", False), ("MAE", False),
])
def test_each_metric_knows_whether_higher_is_better(name, higher):
    assert metrics.higher_is_better(name) is higher
    assert metrics.objective_type(name) == ("Maximize" if higher else "Minimize")


@pytest.mark.parametrize("name, value, than, better", [
    ("F1", 0.9, 0.8, True), ("F1", 0.8, 0.9, False), ("MSE", 1.0, 2.0, True), ("MSE", 2.0, 1.0, False),
    ("MSE", 5.0, None, True), ("F1", math.nan, 0.1, False), ("F1", 0.1, math.nan, True),
])
def test_a_value_beats_another_in_the_metrics_direction(name, value, than, better):
    assert metrics.is_better(name, value, than) is better


@pytest.mark.parametrize("problem_type, objective", [
    ("BinaryClassification", "F1"), ("MulticlassClassification", "Accuracy"), ("Regression", "MSE"),
])
def test_the_default_objective_is_autopilots(problem_type, objective):
    assert metrics.default_objective(problem_type) == objective


@pytest.mark.parametrize("classes, positive", [
    (["0", "1"], "1"), (["False", "True"], "True"), (["no", "yes"], "yes"), (["B", "M"], "M"),
])
def test_the_positive_class_of_a_binary_problem(classes, positive):
    assert metrics.positive_label(classes) == positive


def test_an_unknown_metric_is_refused():
    with pytest.raises(ValueError, match="unknown metric"):
        metrics.compute("Fun", REGRESSION)
