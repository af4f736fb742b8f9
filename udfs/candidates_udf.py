"""SME_AUTOPILOT_CANDIDATES_UDF and SME_AUTOPILOT_CANDIDATE_METRICS_UDF: a job's leaderboard as rows.

Both emit the job name first and the time of reading (UTC) last, so the Lua scripts insert their rows
into the metadata tables with ``INSERT INTO ... SELECT <udf>(...)`` as they are.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Callable, Optional

from exasol_sagemaker_extension import names
from exasol_sagemaker_extension.candidate_responses import (best_candidate_name, parse_candidate_metrics,
                                                            parse_candidates)
from exasol_sagemaker_extension.sagemaker_gateway import SageMakerGateway
from exasol_sagemaker_extension.udfs.aws_connection import ClientFactory
from exasol_sagemaker_extension.udfs.aws_udf import AwsUDF

FAILURE_REASON_MAX_LENGTH = 4096  # width of the emitted FAILURE_REASON column
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """Now, as naive UTC (what a TIMESTAMP column holds)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


class _JobCandidatesUDF(AwsUDF):
    """Reads a job's candidates; ``clock`` gives the emitted LOADED_AT."""

    def __init__(self, exa: Any, client_factory: Optional[ClientFactory] = None, clock: Clock = utc_now):
        super().__init__(exa, client_factory)
        self._clock = clock

    def _gateway(self, ctx: Any) -> tuple[str, SageMakerGateway]:
        return names.validate_job_name(ctx.job_name), SageMakerGateway(self._client("sagemaker", ctx))


class CandidatesUDF(_JobCandidatesUDF):
    """Emits one leaderboard row per candidate of the job, in rank order."""

    def run(self, ctx: Any) -> None:
        """List the candidates, flag the job's best one and emit them ranked."""
        job_name, gateway = self._gateway(ctx)
        best = best_candidate_name(gateway.describe_job(job_name))
        loaded_at = self._clock()
        for row in parse_candidates(gateway.list_candidates(job_name), best):
            reason = row.failure_reason[:FAILURE_REASON_MAX_LENGTH] if row.failure_reason else None
            ctx.emit(job_name, row.candidate_name, row.candidate_rank, row.is_best_candidate, row.algorithm,
                     row.objective_metric_name, row.objective_metric_direction, row.objective_metric_value,
                     row.candidate_status, row.objective_status, reason, row.creation_time, row.end_time,
                     row.training_seconds, loaded_at)


class CandidateMetricsUDF(_JobCandidatesUDF):
    """Emits one row per metric that a candidate of the job reports (long form)."""

    def run(self, ctx: Any) -> None:
        """List the candidates and emit their CandidateMetrics."""
        job_name, gateway = self._gateway(ctx)
        loaded_at = self._clock()
        for row in parse_candidate_metrics(gateway.list_candidates(job_name)):
            ctx.emit(job_name, row.candidate_name, row.data_set, row.metric_name, row.standard_metric_name,
                     row.metric_value, loaded_at)
