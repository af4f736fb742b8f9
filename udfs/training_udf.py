"""SME_AUTOPILOT_TRAINING_UDF: starts an Autopilot job on the files the export just wrote."""
from __future__ import annotations

from typing import Any

from exasol_sagemaker_extension import autopilot_requests, error_codes, names
from exasol_sagemaker_extension.autopilot_requests import build_create_job_request
from exasol_sagemaker_extension.errors import AwsCallError
from exasol_sagemaker_extension.sagemaker_gateway import SageMakerGateway
from exasol_sagemaker_extension.udfs.aws_udf import AwsUDF

_SHOWN_FOREIGN_FILES = 5


class TrainingUDF(AwsUDF):
    """Validates the training parameters again, checks the training-data prefix, starts the job."""

    def run(self, ctx: Any) -> None:
        """Start one job per input row and emit ``(job_name, job_arn)``."""
        job_name = names.validate_job_name(ctx.job_name)
        region = names.validate_region(ctx.aws_region)
        role = names.validate_iam_role(ctx.iam_sagemaker_role)
        bucket = names.parse_s3_bucket_uri(ctx.s3_bucket_uri)
        output_path = names.normalize_s3_output_path(ctx.s3_output_path)
        exported = autopilot_requests.parse_exported_files(ctx.exported_files)
        target = names.validate_identifier(ctx.target_attribute_name, "target attribute name")
        problem_type = names.validate_problem_type(ctx.problem_type)
        objective = names.resolve_objective(autopilot_requests.parse_objective(ctx.objective), problem_type)
        limits = {
            name: autopilot_requests.validate_limit(name, getattr(ctx, name))
            for name in ("max_candidates", "max_runtime_per_training_job_in_seconds",
                         "max_runtime_for_automl_job_in_seconds")
        }

        gateway = SageMakerGateway(
            self._client("sagemaker", ctx), s3_client=self._client("s3", ctx),
            sts_client=None if names.is_role_arn(role) else self._client("sts", ctx))
        role_arn = role if names.is_role_arn(role) else autopilot_requests.resolve_role_arn(
            role, gateway.account_id(), region)
        prefix = autopilot_requests.training_data_prefix(output_path, job_name)
        _refuse_foreign_files(bucket, prefix, gateway.list_keys(bucket, prefix), exported)

        request = build_create_job_request(
            job_name=job_name, role_arn=role_arn, bucket=bucket, output_path=output_path,
            target_attribute_name=target, problem_type=problem_type, objective=objective,
            tags=self._resource_tags(job_name), **limits)
        ctx.emit(job_name, gateway.start_job(request))


def _refuse_foreign_files(bucket: str, prefix: str, listed: list[str], exported: list[str]) -> None:
    foreign = autopilot_requests.find_foreign_files(listed, exported)
    if not foreign:
        return
    shown = ", ".join(foreign[:_SHOWN_FOREIGN_FILES])
    more = f" and {len(foreign) - _SHOWN_FOREIGN_FILES} more" if len(foreign) > _SHOWN_FOREIGN_FILES else ""
    raise AwsCallError(
        error_codes.FOREIGN_TRAINING_FILES,
        f"s3://{bucket}/{prefix} holds files that this export did not write: {shown}{more}",
        "Autopilot would train on them too. Remove them (for example aws s3 rm --recursive "
        f"s3://{bucket}/{prefix}) or choose another job name or s3_output_path, then train again.")
