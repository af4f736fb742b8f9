"""Pure readers of the best candidate's insight reports: Clarify's explainability and the model quality.

Autopilot names two S3 prefixes per candidate in ``CandidateProperties.CandidateArtifactLocations``:

- ``Explainability``: SageMaker Clarify's output; its ``analysis.json`` holds the global SHAP value of
  each feature under ``explanations.kernel_shap.<label>.global_shap_values`` (``{feature: value}``,
  with ``expected_value`` beside it; Autopilot's single label is ``label0``).
- ``ModelInsights``: the model quality report made by SageMaker Model Monitor's container; its
  ``statistics.json`` holds ``<problem>_metrics`` objects (``regression_metrics``,
  ``binary_classification_metrics``, ``multiclass_classification_metrics``) whose scalar metrics are
  ``{"value": v, "standard_deviation": s}``; ``s`` is the text ``"NaN"`` when Model Monitor had too few
  rows to estimate it. Curves and the confusion matrix are not scalar and are not read.

Both files are found by listing the prefix (:func:`find_report_key`), as the prefix may hold them in
a sub-folder.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Optional

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.errors import AwsCallError

EXPLAINABILITY_REPORT = "analysis.json"
MODEL_QUALITY_REPORT = "statistics.json"
_METRICS_SUFFIX = "_metrics"


@dataclass(frozen=True)
class FeatureImportanceRow:
    """One feature's global importance for one label, with its rank (1: most important) in that label."""

    label: str
    feature_name: str
    importance: float
    importance_rank: int


@dataclass(frozen=True)
class ModelQualityRow:
    """One scalar metric of the model quality report."""

    metric_group: str
    metric_name: str
    metric_value: float
    standard_deviation: Optional[float]


def split_s3_uri(uri: str) -> tuple[str, str]:
    """``s3://bucket/a/b`` -> ``("bucket", "a/b")``; E-SME-101 for anything else."""
    if not isinstance(uri, str) or not uri.startswith("s3://"):
        raise _unreadable(f"the artifact location {uri!r} is no s3:// URI")
    bucket, _, key = uri[5:].partition("/")
    if not bucket:
        raise _unreadable(f"the artifact location {uri!r} names no bucket")
    return bucket, key


def find_report_key(keys: Iterable[str], file_name: str) -> Optional[str]:
    """The key of ``file_name`` under a listed prefix: the least nested one, then the first by name."""
    matching = [key for key in keys if key == file_name or key.endswith("/" + file_name)]
    if not matching:
        return None
    return min(matching, key=lambda key: (key.count("/"), key))


def load_report(data: bytes, uri: str) -> Mapping[str, Any]:
    """The JSON object of a report file; E-SME-101 if it is none."""
    try:
        report = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _unreadable(f"the report {uri} is not valid JSON") from None
    if not isinstance(report, dict):
        raise _unreadable(f"the report {uri} is not a JSON object")
    return report


def parse_feature_importance(analysis: Mapping[str, Any]) -> list[FeatureImportanceRow]:
    """Global SHAP values per label and feature, each label's features from most to least important."""
    shap = (analysis.get("explanations") or {}).get("kernel_shap") or {}
    rows: list[FeatureImportanceRow] = []
    if not isinstance(shap, dict):
        return rows
    for label, entry in shap.items():
        values = entry.get("global_shap_values") if isinstance(entry, dict) else None
        if not isinstance(values, dict):
            continue
        numeric = [(str(feature), float(value)) for feature, value in values.items() if _is_number(value)]
        numeric.sort(key=lambda item: (-abs(item[1]), item[0]))
        rows.extend(FeatureImportanceRow(str(label), feature, value, rank)
                    for rank, (feature, value) in enumerate(numeric, start=1))
    return rows


def parse_model_quality(statistics: Mapping[str, Any]) -> list[ModelQualityRow]:
    """Scalar metrics (value and standard deviation) of every ``*_metrics`` group, in the report's order."""
    rows: list[ModelQualityRow] = []
    for group, metrics in statistics.items():
        if not str(group).endswith(_METRICS_SUFFIX) or not isinstance(metrics, dict):
            continue
        for name, entry in metrics.items():
            if isinstance(entry, dict) and _is_number(entry.get("value")):
                deviation = entry.get("standard_deviation")
                rows.append(ModelQualityRow(str(group), str(name), float(entry["value"]),
                                            float(deviation) if _is_number(deviation) else None))
    return rows


def _is_number(value: Any) -> bool:
    """A finite int or float (not a bool, not the text "NaN")."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _unreadable(what: str) -> AwsCallError:
    return AwsCallError(error_codes.INSIGHT_REPORT_UNREADABLE, what,
                        "Check the candidate's artifacts in S3; the leaderboard tables are not affected. "
                        "Train again if the files were changed or removed.")
