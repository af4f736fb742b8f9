"""SME_AWS_RESOURCE_STATE_UDF: the last known state of one job or endpoint, NOT_FOUND when AWS has none."""
from __future__ import annotations

from typing import Any

from exasol_sagemaker_extension import error_codes, names
from exasol_sagemaker_extension.errors import AutopilotJobError, InvalidInputError
from exasol_sagemaker_extension.resource_state import (JOB, RESOURCE_KINDS, ResourceState, not_found_state,
                                                       parse_endpoint_state, parse_job_state)
from exasol_sagemaker_extension.sagemaker_gateway import SageMakerGateway
from exasol_sagemaker_extension.udfs.aws_udf import AwsUDF


class ResourceStateUDF(AwsUDF):
    """Emits ``(kind, name, region, status, secondary status, failure reason, instance count)`` per row."""

    def run(self, ctx: Any) -> None:
        """Describe the job or endpoint the row names."""
        kind = ctx.resource_kind
        if kind not in RESOURCE_KINDS:
            raise InvalidInputError(error_codes.WRONG_PARAMETER_TYPE, f"unknown resource kind {kind!r}",
                                    f"Give one of {', '.join(RESOURCE_KINDS)}.")
        gateway = SageMakerGateway(self._client("sagemaker", ctx))
        state = self._job(gateway, ctx.resource_name) if kind == JOB else self._endpoint(gateway, ctx.resource_name)
        ctx.emit(kind, ctx.resource_name, ctx.aws_region, state.status, state.secondary_status,
                 state.failure_reason, state.instance_count)

    @staticmethod
    def _job(gateway: SageMakerGateway, name: str) -> ResourceState:
        try:
            return parse_job_state(gateway.describe_job(names.validate_job_name(name)))
        except AutopilotJobError as error:
            if error.code == error_codes.JOB_NOT_FOUND:
                return not_found_state()
            raise

    @staticmethod
    def _endpoint(gateway: SageMakerGateway, name: str) -> ResourceState:
        described = gateway.find_endpoint(names.validate_endpoint_name(name))
        return not_found_state() if described is None else parse_endpoint_state(described)

