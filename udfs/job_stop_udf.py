"""SME_AUTOPILOT_JOB_STOP_UDF: asks AWS to stop an Autopilot job that is still running."""
from __future__ import annotations

from typing import Any

from exasol_sagemaker_extension import names
from exasol_sagemaker_extension.lifecycle_gateway import LifecycleGateway
from exasol_sagemaker_extension.resource_state import (ALREADY_ENDED, STOP_REQUESTED, parse_job_state,
                                                       stop_action)
from exasol_sagemaker_extension.sagemaker_gateway import SageMakerGateway
from exasol_sagemaker_extension.udfs.aws_udf import AwsUDF


class JobStopUDF(AwsUDF):
    """Emits ``(status, secondary status, action)``: STOP_REQUESTED, ALREADY_STOPPING or ALREADY_ENDED."""

    def run(self, ctx: Any) -> None:
        """Describe the job; stop it unless it has ended or is stopping; emit its status afterwards."""
        job_name = names.validate_job_name(ctx.job_name)
        client = self._client("sagemaker", ctx)
        jobs = SageMakerGateway(client)
        state = parse_job_state(jobs.describe_job(job_name))
        action = stop_action(state.status)
        if action is None:
            # AWS refuses a job that ended between the describe and the stop: report that end.
            action = STOP_REQUESTED if LifecycleGateway(client).stop_job(job_name) else ALREADY_ENDED
            state = parse_job_state(jobs.describe_job(job_name))
        ctx.emit(state.status, state.secondary_status, action)
