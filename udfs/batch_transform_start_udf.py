"""SME_BATCH_TRANSFORM_START_UDF: creates a model of a finished job's candidate and a transform job."""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Optional

from exasol_sagemaker_extension import batch_transform_requests, endpoint_requests, error_codes, names
from exasol_sagemaker_extension.autopilot_responses import (BestCandidate, parse_best_candidate,
                                                            parse_problem_type, require_completed_job)
from exasol_sagemaker_extension.errors import AutopilotJobError, AwsCallError
from exasol_sagemaker_extension.sagemaker_gateway import SageMakerGateway
from exasol_sagemaker_extension.transform_gateway import TransformJobGateway
from exasol_sagemaker_extension.udfs.aws_udf import AwsUDF

BEST_CANDIDATE = "BEST"


class BatchTransformStartUDF(AwsUDF):
    """Creates model and transform job (both named like the transform job), tagged; does not wait."""

    def run(self, ctx: Any) -> None:
        """Start the transform and emit ``(transform_job_name, candidate_name, problem_type)``."""
        transform_job = names.validate_transform_job_name(ctx.transform_job_name)
        job_name = names.validate_job_name(ctx.job_name)
        chosen = names.validate_candidate_name(ctx.candidate_name) if ctx.candidate_name else None
        input_location = batch_transform_requests.parse_s3_uri(ctx.input_s3_uri)
        output_location = batch_transform_requests.parse_s3_uri(ctx.output_s3_uri)
        instance_type = names.validate_instance_type(ctx.instance_type)
        instance_count = names.validate_instance_count(_whole_number(ctx.instance_count))
        key_count, feature_count = _whole_number(ctx.key_column_count), _whole_number(ctx.feature_column_count)
        batch_transform_requests.build_data_processing(key_count, feature_count)  # fail before creating
        sagemaker = self._client("sagemaker", ctx)
        gateway, transforms = SageMakerGateway(sagemaker), TransformJobGateway(sagemaker)

        description = gateway.describe_job(job_name)
        require_completed_job(description)
        candidate_name, candidate = _candidate(transforms, description, job_name, chosen)
        if transforms.find_transform_job(transform_job) is not None:
            raise AwsCallError(
                error_codes.TRANSFORM_JOB_NAME_IN_USE,
                f"SageMaker already has a transform job named {transform_job}",
                "Transform job names are unique per account and region: choose another transform_job_name.")
        tags = self._resource_tags(job_name)
        model_request = endpoint_requests.build_create_model_request(
            transform_job, candidate.inference_containers, candidate.problem_type, candidate.role_arn)
        gateway.create_model({**model_request, "Tags": tags})
        try:
            transforms.create_transform_job(batch_transform_requests.build_create_transform_job_request(
                transform_job, transform_job, input_location.uri, output_location.uri, instance_type,
                instance_count, key_count, feature_count, tags))
        except Exception:
            _delete_quietly(gateway, transform_job)
            raise
        ctx.emit(transform_job, candidate_name, candidate.problem_type)


def _candidate(transforms: TransformJobGateway, description: dict, job_name: str,
               candidate_name: Optional[str]) -> tuple[str, BestCandidate]:
    """The chosen candidate's name and containers; the best one when no name is given."""
    if not candidate_name:
        best = parse_best_candidate(description)
        return (description.get("BestCandidate") or {}).get("CandidateName") or BEST_CANDIDATE, best
    found = transforms.find_candidate(job_name, candidate_name)
    containers = (found or {}).get("InferenceContainers") or []
    if not containers:
        raise AutopilotJobError(
            error_codes.CANDIDATE_NOT_FOUND,
            f"Autopilot job {job_name} has no candidate {candidate_name!r} with inference containers",
            "Give the name of one of the job's completed candidates (aws sagemaker "
            f"list-candidates-for-auto-ml-job --auto-ml-job-name {job_name}), or leave candidate_name out "
            "to use the best candidate.")
    return candidate_name, BestCandidate(inference_containers=[dict(c) for c in containers],
                                         problem_type=parse_problem_type(description),
                                         role_arn=description["RoleArn"])


def _delete_quietly(gateway: SageMakerGateway, model_name: str) -> None:
    try:
        gateway.delete_model(model_name)
    except Exception:  # the creation failure is what the user must see
        pass


def _whole_number(value: Any) -> Any:
    """DECIMAL(..,0) arrives as int, sometimes as an integral Decimal; other values stay as they are."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value
