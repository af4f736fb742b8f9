"""The local Autopilot's insight reports for a job's best candidate, where AWS writes them.

AWS names two S3 prefixes in the best candidate's ``CandidateProperties.CandidateArtifactLocations``:
``Explainability`` (SageMaker Clarify's output, ``analysis.json`` with global SHAP values per feature)
and ``ModelInsights`` (the model quality report of Model Monitor's container, ``statistics.json``).
The local Autopilot writes both in AWS's documented layout, computed on the validation split:

- importances are scikit-learn permutation importances (mean drop of the estimator's score when a
  feature's values are shuffled, floored at 0), not SHAP values; they rank features the same way a
  user reads Clarify's ``global_shap_values`` but their scale differs;
- quality metrics follow Model Monitor's names (``binary_classification_metrics.f1`` ...); a standard
  deviation is given, as Model Monitor documents, only from 200 rows on (the metric over five random
  80 % samples), else the text ``"NaN"``.
"""
from __future__ import annotations

import json
import math
from datetime import datetime, timezone
from typing import Any, Callable, Sequence

import numpy as np
from sklearn import metrics as sk
from sklearn.inspection import permutation_importance

from exasol_sagemaker_extension.local.autopilot import metrics
from exasol_sagemaker_extension.local.autopilot.dataset import split_s3_uri
from exasol_sagemaker_extension.local.autopilot.model_artifact import LocalModel

SEED = 0
PERMUTATION_REPEATS = 3
MAX_EXPLAINED_ROWS = 2000
MIN_ROWS_FOR_DEVIATION = 200  # Model Monitor: standard deviations only from 200 samples on
DEVIATION_SAMPLES = 5
DEVIATION_FRACTION = 0.8
LABEL = "label0"


def artifact_prefixes(output_url: str, job_name: str, candidate_name: str) -> tuple[str, str]:
    """``(Explainability, ModelInsights)`` S3 prefixes of a candidate under the job's output."""
    base = f"{output_url.rstrip('/')}/{job_name}/documentation"
    return (f"{base}/explainability/output/{candidate_name}",
            f"{base}/model_monitor/output/{candidate_name}")


def build_analysis(model: LocalModel, frame: Any, truth: Sequence) -> dict[str, Any]:
    """Clarify's analysis.json layout: ``explanations.kernel_shap.label0.global_shap_values``."""
    rows = np.arange(min(len(frame), MAX_EXPLAINED_ROWS))
    subset, y = frame.iloc[rows], _target(model, [truth[i] for i in rows])
    result = permutation_importance(model.estimator, subset, y, n_repeats=PERMUTATION_REPEATS,
                                    random_state=SEED)
    values = {feature.name: max(0.0, float(result.importances_mean[index]))
              for index, feature in enumerate(model.features)}
    return {"version": "1.0", "explanations": {"kernel_shap": {LABEL: {
        "global_shap_values": values, "expected_value": _expected_value(model, subset)}}}}


def build_statistics(model: LocalModel, frame: Any, truth: Sequence,
                     now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> dict[str, Any]:
    """Model Monitor's statistics.json layout for the model's problem type."""
    truth = list(truth)
    if model.problem_type == metrics.REGRESSION:
        predicted: Any = np.asarray(model.estimator.predict(frame), dtype=float)
        y = np.asarray([float(value) for value in truth])
        group, scores = "regression_metrics", _regression_scores
    else:
        probabilities = model.class_probabilities(frame)
        classes = list(model.classes or ())
        predicted = np.asarray([classes[i] for i in probabilities.argmax(axis=1)], dtype=object)
        y = np.asarray(truth, dtype=object)
        if model.problem_type == metrics.BINARY:
            positive = metrics.positive_label(classes)
            scores = _binary_scorer(positive, probabilities[:, classes.index(positive)])
            group = "binary_classification_metrics"
        else:
            group, scores = "multiclass_classification_metrics", _multiclass_scores
    values = scores(y, predicted, np.arange(len(y)))
    deviations = _deviations(scores, y, predicted)
    report: dict[str, Any] = {name: {"value": value, "standard_deviation": deviations.get(name, "NaN")}
                              for name, value in values.items()}
    if model.problem_type != metrics.REGRESSION:
        report = {"confusion_matrix": _confusion_matrix(y, predicted), **report}
    return {"version": 0.0,
            "dataset": {"item_count": len(y), "evaluation_time": now().strftime("%Y-%m-%dT%H:%M:%S.%fZ")},
            group: report}


def write_insight(s3: Any, output_url: str, job_name: str, candidate: dict[str, Any], model: LocalModel,
                  frame: Any, truth: Sequence) -> dict[str, Any]:
    """Write both reports of ``candidate`` to S3; returns the candidate with its artifact locations."""
    explainability, insights = artifact_prefixes(output_url, job_name, candidate["CandidateName"])
    for prefix, name, report in ((explainability, "analysis.json", build_analysis(model, frame, truth)),
                                 (insights, "statistics.json", build_statistics(model, frame, truth))):
        bucket, key = split_s3_uri(f"{prefix}/{name}")
        s3.put_object(Bucket=bucket, Key=key, Body=json.dumps(report, indent=2).encode("utf-8"),
                      ContentType="application/json")
    properties = dict(candidate.get("CandidateProperties") or {})
    properties["CandidateArtifactLocations"] = {"Explainability": explainability, "ModelInsights": insights}
    return {**candidate, "CandidateProperties": properties}


def _target(model: LocalModel, truth: Sequence) -> np.ndarray:
    if model.problem_type == metrics.REGRESSION:
        return np.asarray([float(value) for value in truth])
    return np.asarray(truth, dtype=object)


def _expected_value(model: LocalModel, frame: Any) -> float:
    """The mean model output: the prediction (regression) or the probability of the last class."""
    if model.problem_type == metrics.REGRESSION:
        return float(np.mean(model.estimator.predict(frame)))
    return float(np.mean(model.class_probabilities(frame)[:, -1]))


def _regression_scores(y: np.ndarray, predicted: np.ndarray, rows: np.ndarray) -> dict[str, float]:
    y, predicted = y[rows], predicted[rows]
    mse = float(sk.mean_squared_error(y, predicted))
    return {"mae": float(sk.mean_absolute_error(y, predicted)), "mse": mse, "rmse": math.sqrt(mse),
            "r2": float(sk.r2_score(y, predicted))}


def _binary_scorer(positive: str, scores: np.ndarray) -> Callable[..., dict[str, float]]:
    def binary(y: np.ndarray, predicted: np.ndarray, rows: np.ndarray) -> dict[str, float]:
        truth, guess = y[rows] == positive, predicted[rows] == positive
        tp, fp = float(np.sum(truth & guess)), float(np.sum(~truth & guess))
        fn, tn = float(np.sum(truth & ~guess)), float(np.sum(~truth & ~guess))
        values = {"recall": _ratio(tp, tp + fn), "precision": _ratio(tp, tp + fp),
                  "accuracy": _ratio(tp + tn, len(rows)), "true_positive_rate": _ratio(tp, tp + fn),
                  "true_negative_rate": _ratio(tn, tn + fp), "false_positive_rate": _ratio(fp, fp + tn),
                  "false_negative_rate": _ratio(fn, fn + tp)}
        if 0 < truth.sum() < len(truth):
            values["auc"] = float(sk.roc_auc_score(truth, scores[rows]))
        for beta, name in ((0.5, "f0_5"), (1.0, "f1"), (2.0, "f2")):
            values[name] = float(sk.fbeta_score(truth, guess, beta=beta, zero_division=0))
        return values

    return binary


def _multiclass_scores(y: np.ndarray, predicted: np.ndarray, rows: np.ndarray) -> dict[str, float]:
    y, predicted = list(y[rows]), list(predicted[rows])
    values = {"accuracy": float(sk.accuracy_score(y, predicted)),
              "weighted_recall": float(sk.recall_score(y, predicted, average="weighted", zero_division=0)),
              "weighted_precision": float(sk.precision_score(y, predicted, average="weighted", zero_division=0))}
    for beta, name in ((0.5, "weighted_f0_5"), (1.0, "weighted_f1"), (2.0, "weighted_f2")):
        values[name] = float(sk.fbeta_score(y, predicted, beta=beta, average="weighted", zero_division=0))
    return values


def _deviations(scores: Callable[..., dict[str, float]], y: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """Standard deviation of each metric over five random 80 % samples (none below 200 rows)."""
    if len(y) < MIN_ROWS_FOR_DEVIATION:
        return {}
    generator = np.random.default_rng(SEED)
    size = int(len(y) * DEVIATION_FRACTION)
    samples = [scores(y, predicted, generator.choice(len(y), size=size, replace=False))
               for _ in range(DEVIATION_SAMPLES)]
    names = set.intersection(*(set(sample) for sample in samples))
    return {name: float(np.std([sample[name] for sample in samples])) for name in names}


def _confusion_matrix(y: np.ndarray, predicted: np.ndarray) -> dict[str, dict[str, int]]:
    """``{actual: {predicted: count}}`` as Model Monitor writes it."""
    labels = sorted({*map(str, y), *map(str, predicted)})
    matrix: dict[str, dict[str, int]] = {actual: {guess: 0 for guess in labels} for actual in labels}
    for actual, guess in zip(y, predicted):
        matrix[str(actual)][str(guess)] += 1
    return matrix


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0
