"""SME_AUTOPILOT_JOB_STATUS_POLLING_UDF: reports an Autopilot job's status."""
from __future__ import annotations

from typing import Any, Optional

from exasol_sagemaker_extension import names
from exasol_sagemaker_extension.autopilot_responses import parse_job_status
from exasol_sagemaker_extension.sagemaker_gateway import SageMakerGateway, cached_client_factory
from exasol_sagemaker_extension.udfs.aws_connection import ClientFactory, build_client_factory

FAILURE_REASON_MAX_LENGTH = 4096  # width of the emitted FAILURE_REASON column


class JobStatusPollingUDF:
    """Emits ``(status, secondary status, failure reason or NULL)`` of one job per input row."""

    def __init__(self, exa: Any, client_factory: Optional[ClientFactory] = None):
        self._exa = exa
        self._clients = cached_client_factory(client_factory or build_client_factory(exa))

    def run(self, ctx: Any) -> None:
        """Describe the job and emit its status."""
        job_name = names.validate_job_name(ctx.job_name)
        connection_name = names.validate_identifier(ctx.aws_credentials_connection_name,
                                                    "connection name")
        region = names.validate_region(ctx.aws_region)
        gateway = SageMakerGateway(self._clients("sagemaker", connection_name, region))
        status, secondary, reason = parse_job_status(gateway.describe_job(job_name))
        ctx.emit(status, secondary, reason[:FAILURE_REASON_MAX_LENGTH] if reason else None)
