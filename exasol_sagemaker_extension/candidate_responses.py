"""Pure readers of ``list_candidates_for_auto_ml_job`` answers: the leaderboard rows of a job.

A candidate's rank orders the candidates that have an objective value by that value, in the
direction AWS names in ``FinalAutoMLJobObjectiveMetric.Type`` (Maximize: larger first; Minimize:
smaller first). Ranks are unique (1, 2, 3, ...): equal values are ordered by the earlier end time,
then by name, so ``CANDIDATE_RANK = 2`` always names one candidate. Candidates without a value (failed,
stopped, still running) have no rank. The best candidate is the one the job names as
``BestCandidate``; that is normally rank 1.

AWS reports no algorithm per candidate. :func:`derive_algorithm` reads it, best effort, from the
inference container images: the image repository of each container that is not one of Autopilot's
data-processing containers (``sagemaker-sklearn-automl``), mapped to a readable name where known
(``xgboost`` -> ``XGBoost``), else the repository name as it is. In ENSEMBLING mode that is the
AutoGluon ensemble for every candidate; a candidate without inference containers has none (NULL).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable, Mapping, Optional

MAXIMIZE = "Maximize"
MINIMIZE = "Minimize"
# Objective metrics AWS minimizes (AutoMLJobObjective documentation), for answers without Type.
_MINIMIZED_METRICS = frozenset({"MSE", "RMSE", "MAE", "LogLoss", "MAPE", "MASE", "WAPE",
                                "AverageWeightedQuantileLoss", "Perplexity"})
# Image repositories of Autopilot's feature-transform and label-transform containers.
_PROCESSING_REPOSITORIES = frozenset({"sagemaker-sklearn-automl", "sklearn-automl"})
_ALGORITHM_NAMES = {
    "xgboost": "XGBoost",
    "sagemaker-xgboost": "XGBoost",
    "linear-learner": "LinearLearner",
    "mxnet-inference": "MLP",
    "sagemaker-mxnet": "MLP",
    "autogluon-inference": "AutoGluon ensemble",
    "lightgbm": "LightGBM",
    "catboost": "CatBoost",
}


@dataclass(frozen=True)
class CandidateRow:
    """One candidate as a leaderboard row (None is SQL NULL; times are UTC without time zone)."""

    candidate_name: str
    candidate_rank: Optional[int]
    is_best_candidate: bool
    algorithm: Optional[str]
    objective_metric_name: Optional[str]
    objective_metric_direction: Optional[str]
    objective_metric_value: Optional[float]
    candidate_status: Optional[str]
    objective_status: Optional[str]
    failure_reason: Optional[str]
    creation_time: Optional[datetime]
    end_time: Optional[datetime]
    training_seconds: Optional[float]


@dataclass(frozen=True)
class CandidateMetricRow:
    """One entry of a candidate's ``CandidateProperties.CandidateMetrics``."""

    candidate_name: str
    data_set: Optional[str]
    metric_name: Optional[str]
    standard_metric_name: Optional[str]
    metric_value: Optional[float]


def best_candidate_name(describe: Mapping[str, Any]) -> Optional[str]:
    """The name of the job's ``BestCandidate`` in a ``describe_auto_ml_job_v2`` answer, or None."""
    return (describe.get("BestCandidate") or {}).get("CandidateName") or None


def objective_direction(metric: Mapping[str, Any]) -> Optional[str]:
    """``Maximize`` or ``Minimize`` of a FinalAutoMLJobObjectiveMetric; from the metric's name if Type is absent."""
    if metric.get("Type") in (MAXIMIZE, MINIMIZE):
        return metric["Type"]
    name = metric.get("StandardMetricName") or metric.get("MetricName")
    if not name:
        return None
    bare = str(name).split(":")[-1]
    return MINIMIZE if bare.lower() in {m.lower() for m in _MINIMIZED_METRICS} else MAXIMIZE


def derive_algorithm(candidate: Mapping[str, Any]) -> Optional[str]:
    """The candidate's algorithm read from its inference container images (best effort, see module)."""
    found: list[str] = []
    for container in candidate.get("InferenceContainers") or []:
        repository = image_repository(container.get("Image") or "")
        if not repository or repository in _PROCESSING_REPOSITORIES:
            continue
        name = _ALGORITHM_NAMES.get(repository, repository)
        if name not in found:
            found.append(name)
    return " + ".join(found) or None


def image_repository(image: str) -> str:
    """An image URI's repository without registry, tag or digest.

    ``683313688378.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.3-1-cpu-py3`` -> ``sagemaker-xgboost``.
    """
    path = image.split("@", 1)[0].rsplit("/", 1)[-1]
    return path.split(":", 1)[0].lower()


def parse_candidates(candidates: Iterable[Mapping[str, Any]], best_name: Optional[str]) -> list[CandidateRow]:
    """Leaderboard rows in rank order; candidates without a rank follow in creation order."""
    rows = [_candidate_row(candidate, best_name) for candidate in candidates]
    ranked = sorted((row for row in rows if _rankable(row)), key=_rank_key)
    ranks = {id(row): position for position, row in enumerate(ranked, start=1)}
    with_ranks = [_with_rank(row, ranks.get(id(row))) for row in rows]
    unranked = [row for row in with_ranks if row.candidate_rank is None]
    unranked.sort(key=lambda row: (row.creation_time or datetime.min, row.candidate_name))
    return sorted((row for row in with_ranks if row.candidate_rank is not None),
                  key=lambda row: row.candidate_rank) + unranked


def parse_candidate_metrics(candidates: Iterable[Mapping[str, Any]]) -> list[CandidateMetricRow]:
    """Every reported metric of every candidate, in the order AWS lists them."""
    rows = []
    for candidate in candidates:
        properties = candidate.get("CandidateProperties") or {}
        for metric in properties.get("CandidateMetrics") or []:
            rows.append(CandidateMetricRow(
                candidate_name=candidate["CandidateName"], data_set=metric.get("Set") or None,
                metric_name=metric.get("MetricName") or None,
                standard_metric_name=metric.get("StandardMetricName") or None,
                metric_value=_number(metric.get("Value"))))
    return rows


def artifact_locations(candidate: Optional[Mapping[str, Any]]) -> tuple[Optional[str], Optional[str]]:
    """``(Explainability, ModelInsights)`` S3 prefixes of a candidate; None where AWS gives none."""
    locations = ((candidate or {}).get("CandidateProperties") or {}).get("CandidateArtifactLocations") or {}
    return locations.get("Explainability") or None, locations.get("ModelInsights") or None


def _candidate_row(candidate: Mapping[str, Any], best_name: Optional[str]) -> CandidateRow:
    metric = candidate.get("FinalAutoMLJobObjectiveMetric") or {}
    creation, end = _utc(candidate.get("CreationTime")), _utc(candidate.get("EndTime"))
    return CandidateRow(
        candidate_name=candidate["CandidateName"],
        candidate_rank=None,
        is_best_candidate=best_name is not None and candidate["CandidateName"] == best_name,
        algorithm=derive_algorithm(candidate),
        objective_metric_name=metric.get("StandardMetricName") or metric.get("MetricName") or None,
        objective_metric_direction=objective_direction(metric) if metric else None,
        objective_metric_value=_number(metric.get("Value")),
        candidate_status=candidate.get("CandidateStatus") or None,
        objective_status=candidate.get("ObjectiveStatus") or None,
        failure_reason=candidate.get("FailureReason") or None,
        creation_time=creation,
        end_time=end,
        training_seconds=(end - creation).total_seconds() if creation and end else None,
    )


def _rankable(row: CandidateRow) -> bool:
    return (row.objective_metric_value is not None and row.objective_metric_direction is not None
            and row.objective_status != "Failed")


def _rank_key(row: CandidateRow) -> tuple:
    value = row.objective_metric_value
    ordered = -value if row.objective_metric_direction == MAXIMIZE else value
    return ordered, row.end_time or datetime.max, row.candidate_name


def _with_rank(row: CandidateRow, rank: Optional[int]) -> CandidateRow:
    return CandidateRow(**{**row.__dict__, "candidate_rank": rank})


def _number(value: Any) -> Optional[float]:
    """A finite float, else None (AWS gives no NaN in JSON, but be safe)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def _utc(value: Any) -> Optional[datetime]:
    """A botocore timestamp as naive UTC (what a TIMESTAMP column holds)."""
    if not isinstance(value, datetime):
        return None
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value
