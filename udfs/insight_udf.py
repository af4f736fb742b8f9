"""SME_AUTOPILOT_FEATURE_IMPORTANCE_UDF and SME_AUTOPILOT_MODEL_QUALITY_UDF: the best candidate's insight.

Each reads the job's best candidate, finds its report under the S3 prefix Autopilot names in
``CandidateArtifactLocations`` and emits its rows. A job without a best candidate, without that
location, or without the report file (older jobs, problem types or modes for which Autopilot writes
none) emits no row: that is not an error.
"""
from __future__ import annotations

from typing import Any, Optional

from exasol_sagemaker_extension.candidate_responses import artifact_locations
from exasol_sagemaker_extension.insight_reports import (EXPLAINABILITY_REPORT, MODEL_QUALITY_REPORT,
                                                        find_report_key, load_report,
                                                        parse_feature_importance, parse_model_quality,
                                                        split_s3_uri)
from exasol_sagemaker_extension.sagemaker_gateway import SageMakerGateway
from exasol_sagemaker_extension.udfs.candidates_udf import _JobCandidatesUDF

REPORT_URI_MAX_LENGTH = 2048  # width of the emitted REPORT_URI column


class _InsightUDF(_JobCandidatesUDF):
    """Finds and reads one report of the job's best candidate."""

    def _report(self, ctx: Any, file_name: str, explainability: bool
                ) -> tuple[str, Optional[str], Optional[str], Optional[dict]]:
        """``(job name, best candidate name, report URI, report)``; None parts where there is none."""
        job_name, gateway = self._gateway(ctx)
        best = gateway.describe_job(job_name).get("BestCandidate") or None
        prefix = artifact_locations(best)[0 if explainability else 1]
        if best is None or prefix is None:
            return job_name, None, None, None
        s3 = SageMakerGateway(None, s3_client=self._client("s3", ctx))
        bucket, key_prefix = split_s3_uri(prefix)
        folder = key_prefix.rstrip("/") + "/" if key_prefix.strip("/") else ""
        key = find_report_key(s3.list_keys(bucket, folder), file_name)
        data = s3.read_object(bucket, key) if key is not None else None
        if data is None:
            return job_name, best.get("CandidateName"), None, None
        uri = f"s3://{bucket}/{key}"
        return job_name, best.get("CandidateName"), uri, load_report(data, uri)


class FeatureImportanceUDF(_InsightUDF):
    """Emits the best candidate's global feature importances (Clarify's SHAP values), one row each."""

    def run(self, ctx: Any) -> None:
        """Read analysis.json and emit (label, feature, importance, rank)."""
        job_name, candidate, uri, report = self._report(ctx, EXPLAINABILITY_REPORT, explainability=True)
        if report is None:
            return
        loaded_at = self._clock()
        for row in parse_feature_importance(report):
            ctx.emit(job_name, candidate, row.label, row.feature_name, row.importance, row.importance_rank,
                     uri[:REPORT_URI_MAX_LENGTH], loaded_at)


class ModelQualityUDF(_InsightUDF):
    """Emits the best candidate's model quality metrics (value, standard deviation), one row each."""

    def run(self, ctx: Any) -> None:
        """Read statistics.json and emit its scalar metrics."""
        job_name, candidate, uri, report = self._report(ctx, MODEL_QUALITY_REPORT, explainability=False)
        if report is None:
            return
        loaded_at = self._clock()
        for row in parse_model_quality(report):
            ctx.emit(job_name, candidate, row.metric_group, row.metric_name, row.metric_value,
                     row.standard_deviation, uri[:REPORT_URI_MAX_LENGTH], loaded_at)
