"""SME_AUTOPILOT_JOB_STATUS_POLLING_UDF: reports an Autopilot job's status."""
from __future__ import annotations

from typing import Any

from exasol_sagemaker_extension import names
from exasol_sagemaker_extension.autopilot_responses import parse_job_status
from exasol_sagemaker_extension.sagemaker_gateway import SageMakerGateway
from exasol_sagemaker_extension.udfs.aws_udf import AwsUDF

FAILURE_REASON_MAX_LENGTH = 4096  # width of the emitted FAILURE_REASON column


class JobStatusPollingUDF(AwsUDF):
    """Emits ``(status, secondary status, failure reason or NULL)`` of one job per input row."""

    def run(self, ctx: Any) -> None:
        """Describe the job and emit its status."""
        job_name = names.validate_job_name(ctx.job_name)
        gateway = SageMakerGateway(self._client("sagemaker", ctx))
        status, secondary, reason = parse_job_status(gateway.describe_job(job_name))
        ctx.emit(status, secondary, reason[:FAILURE_REASON_MAX_LENGTH] if reason else None)
