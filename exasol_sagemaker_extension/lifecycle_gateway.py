"""A thin layer over the boto3 calls of the lifecycle scripts: stop a job, list endpoints and tags,
delete a prefix's objects. Every botocore failure leaves as an extension error (``aws_errors``)."""
from __future__ import annotations

from typing import Any, Iterator

from botocore.exceptions import ClientError

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.aws_errors import NotFound, aws_error_code, is_not_found, translate_aws_error
from exasol_sagemaker_extension.errors import AutopilotJobError, AwsCallError
from exasol_sagemaker_extension.s3_cleanup import build_delete_requests, parse_delete_errors
from exasol_sagemaker_extension.sagemaker_gateway import AWS_FAILURES

_SHOWN_DELETE_ERRORS = 3


class LifecycleGateway:
    """Stop, list and delete calls; ``s3_client`` is only needed to delete objects."""

    def __init__(self, sagemaker_client: Any = None, s3_client: Any = None):
        self._sagemaker = sagemaker_client
        self._s3 = s3_client

    def stop_job(self, job_name: str) -> bool:
        """Ask AWS to stop the job; False when AWS refuses because the job is no longer running."""
        try:
            self._sagemaker.stop_auto_ml_job(AutoMLJobName=job_name)
            return True
        except AWS_FAILURES as error:
            if is_not_found(error):
                raise AutopilotJobError(
                    error_codes.JOB_NOT_FOUND, f"Autopilot job {job_name} was not found in this account and region",
                    "Check the job name, the region and the connection (account) used to train it.") from None
            if isinstance(error, ClientError) and aws_error_code(error) == "ValidationException":
                return False
            raise translate_aws_error(error, "sagemaker:StopAutoMLJob") from None

    def endpoints(self) -> Iterator[dict]:
        """Every endpoint of the region (``list_endpoints`` summaries), page by page."""
        try:
            for page in self._sagemaker.get_paginator("list_endpoints").paginate():
                yield from page.get("Endpoints", [])
        except AWS_FAILURES as error:
            raise translate_aws_error(error, "sagemaker:ListEndpoints") from None

    def tags(self, arn: str) -> list[dict]:
        """The tags of a SageMaker resource; [] when the resource is gone meanwhile."""
        tags: list[dict] = []
        try:
            for page in self._sagemaker.get_paginator("list_tags").paginate(ResourceArn=arn):
                tags.extend(page.get("Tags", []))
        except AWS_FAILURES as error:
            if is_not_found(error):
                return []
            raise translate_aws_error(error, "sagemaker:ListTags") from None
        return tags

    def delete_prefix(self, bucket: str, prefix: str) -> int:
        """Delete every object under ``prefix`` (pages of 1,000); the number of objects deleted."""
        keys: list[str] = []
        try:
            for page in self._s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
                keys.extend(item["Key"] for item in page.get("Contents", []))
        except AWS_FAILURES as error:
            raise translate_aws_error(error, "s3:ListBucket", not_found=NotFound(
                error_codes.AWS_CALL_FAILED, f"S3 bucket {bucket} was not found",
                "Check the bucket recorded for the job (S3_BUCKET_URI).")) from None
        deleted = 0
        for request in build_delete_requests(bucket, keys):
            try:
                response = self._s3.delete_objects(**request)
            except AWS_FAILURES as error:
                raise translate_aws_error(error, "s3:DeleteObject") from None
            failures = parse_delete_errors(response)
            deleted += len(request["Delete"]["Objects"]) - len(failures)
            if failures:
                shown = "; ".join(f"{key}: {code} {message}".strip() for key, code, message
                                  in failures[:_SHOWN_DELETE_ERRORS])
                raise AwsCallError(
                    error_codes.S3_DELETE_FAILED,
                    f"{len(failures)} objects under s3://{bucket}/{prefix} could not be deleted "
                    f"({deleted} were): {shown}",
                    "Check that the connection's identity is allowed s3:DeleteObject there and that no "
                    "bucket policy or object lock protects them, then run the script again.")
        return deleted
