"""SME_AUTOPILOT_JOB_DATA_DELETION_UDF: removes a job's export (and model artefacts) from S3."""
from __future__ import annotations

from typing import Any

from exasol_sagemaker_extension import names
from exasol_sagemaker_extension.lifecycle_gateway import LifecycleGateway
from exasol_sagemaker_extension.resource_state import parse_job_state, require_job_not_running
from exasol_sagemaker_extension.s3_cleanup import job_data_prefixes
from exasol_sagemaker_extension.sagemaker_gateway import SageMakerGateway
from exasol_sagemaker_extension.udfs.aws_udf import AwsUDF


class JobDataDeletionUDF(AwsUDF):
    """Emits ``(status, secondary status, what, s3 prefix URI, objects deleted)`` per prefix."""

    def run(self, ctx: Any) -> None:
        """Refuse while the job runs (E-SME-140), then empty its prefixes."""
        job_name = names.validate_job_name(ctx.job_name)
        bucket = names.parse_s3_bucket_uri(ctx.s3_bucket_uri)
        prefixes = job_data_prefixes(ctx.s3_output_path, job_name, bool(ctx.delete_model_artifacts))
        state = parse_job_state(SageMakerGateway(self._client("sagemaker", ctx)).describe_job(job_name))
        require_job_not_running(job_name, state)
        objects = LifecycleGateway(s3_client=self._client("s3", ctx))
        for what, prefix in prefixes:
            ctx.emit(state.status, state.secondary_status, what, f"s3://{bucket}/{prefix}",
                     objects.delete_prefix(bucket, prefix))
