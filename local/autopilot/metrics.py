"""Autopilot's objective metrics for tabular jobs: names, defaults, direction, and how each is computed."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional, Sequence

import numpy as np
from sklearn import metrics as sk

BINARY = "BinaryClassification"
MULTICLASS = "MulticlassClassification"
REGRESSION = "Regression"
PROBLEM_TYPES = (BINARY, MULTICLASS, REGRESSION)

# AWS's default objective per problem type (AutoMLJobObjective documentation).
DEFAULT_OBJECTIVES = {BINARY: "F1", MULTICLASS: "Accuracy", REGRESSION: "MSE"}
# The objectives AWS accepts per problem type (AutoMLJobObjective documentation); LogLoss is reported
# among a candidate's metrics but is no objective of a tabular job.
OBJECTIVES = {
    BINARY: ("Accuracy", "AUC", "BalancedAccuracy", "F1", "Precision", "Recall"),
    MULTICLASS: ("Accuracy", "BalancedAccuracy", "F1macro", "PrecisionMacro", "RecallMacro"),
    REGRESSION: ("MAE", "MSE", "R2", "RMSE"),
}
# What a candidate reports per problem type (CandidateProperties.CandidateMetrics).
REPORTED = {
    BINARY: ("Accuracy", "AUC", "BalancedAccuracy", "F1", "LogLoss", "Precision", "Recall"),
    MULTICLASS: ("Accuracy", "BalancedAccuracy", "F1macro", "LogLoss", "PrecisionMacro", "RecallMacro"),
    REGRESSION: ("MAE", "MSE", "R2", "RMSE"),
}
_LOWER_IS_BETTER = {"LogLoss", "MSE", "RMSE", "MAE"}
ALL_METRICS = tuple(sorted({name for names in REPORTED.values() for name in names}))


@dataclass(frozen=True)
class Evaluation:
    """What a metric needs: true and predicted values, and class probabilities for classification."""

    y_true: Sequence
    y_pred: Sequence
    probabilities: Optional[np.ndarray] = None  # columns in the order of ``classes``
    classes: Optional[Sequence[str]] = None
    positive_label: Optional[str] = None


def higher_is_better(name: str) -> bool:
    """Tell whether a larger value of the metric is better (Maximize) or not (Minimize)."""
    if name not in ALL_METRICS:
        raise ValueError(f"unknown metric {name!r}")
    return name not in _LOWER_IS_BETTER


def objective_type(name: str) -> str:
    """``Maximize`` or ``Minimize``, as in FinalAutoMLJobObjectiveMetric.Type."""
    return "Maximize" if higher_is_better(name) else "Minimize"


def default_objective(problem_type: str) -> str:
    """AWS's default objective of a problem type."""
    return DEFAULT_OBJECTIVES[problem_type]


def is_better(name: str, value: float, than: Optional[float]) -> bool:
    """Tell whether ``value`` beats ``than`` (None or NaN is beaten by any number)."""
    if than is None or math.isnan(than):
        return not math.isnan(value)
    if math.isnan(value):
        return False
    return value > than if higher_is_better(name) else value < than


def positive_label(classes: Sequence[str]) -> str:
    """The positive class of a binary problem: 1/true/yes when present, else the last in sorted order."""
    for label in classes:
        if label.strip().lower() in ("1", "1.0", "true", "t", "yes", "y"):
            return label
    return sorted(classes)[-1]


def compute(name: str, evaluation: Evaluation) -> float:
    """The metric's value on the evaluation."""
    y_true, y_pred = list(evaluation.y_true), list(evaluation.y_pred)
    if name == "MSE":
        return float(sk.mean_squared_error(y_true, y_pred))
    if name == "RMSE":
        return float(math.sqrt(sk.mean_squared_error(y_true, y_pred)))
    if name == "MAE":
        return float(sk.mean_absolute_error(y_true, y_pred))
    if name == "R2":
        return float(sk.r2_score(y_true, y_pred))
    if name == "Accuracy":
        return float(sk.accuracy_score(y_true, y_pred))
    if name == "BalancedAccuracy":
        return float(sk.balanced_accuracy_score(y_true, y_pred))
    if name in ("F1", "Precision", "Recall"):
        function = {"F1": sk.f1_score, "Precision": sk.precision_score, "Recall": sk.recall_score}[name]
        return float(function(y_true, y_pred, pos_label=_positive(evaluation), average="binary",
                              zero_division=0))
    if name in ("F1macro", "PrecisionMacro", "RecallMacro"):
        function = {"F1macro": sk.f1_score, "PrecisionMacro": sk.precision_score,
                    "RecallMacro": sk.recall_score}[name]
        return float(function(y_true, y_pred, average="macro", zero_division=0))
    if name == "AUC":
        probabilities, classes = _probabilities(evaluation)
        if len(set(y_true)) < 2:
            return math.nan
        positive = _positive(evaluation)
        scores = probabilities[:, list(classes).index(positive)]
        return float(sk.roc_auc_score([label == positive for label in y_true], scores))
    if name == "LogLoss":
        probabilities, classes = _probabilities(evaluation)
        return float(sk.log_loss(y_true, probabilities, labels=list(classes)))
    raise ValueError(f"unknown metric {name!r}")


def compute_all(problem_type: str, evaluation: Evaluation) -> dict[str, float]:
    """Every metric Autopilot reports for the problem type."""
    return {name: compute(name, evaluation) for name in REPORTED[problem_type]}


def _positive(evaluation: Evaluation) -> str:
    if evaluation.positive_label is not None:
        return evaluation.positive_label
    classes = evaluation.classes or sorted({*map(str, evaluation.y_true), *map(str, evaluation.y_pred)})
    return positive_label(list(classes))


def _probabilities(evaluation: Evaluation) -> tuple[np.ndarray, Sequence[str]]:
    if evaluation.probabilities is None or evaluation.classes is None:
        raise ValueError("this metric needs class probabilities")
    return np.asarray(evaluation.probabilities, dtype=float), evaluation.classes
