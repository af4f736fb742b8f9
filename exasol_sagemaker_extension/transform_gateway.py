"""A thin layer over boto3 for batch transform: transform jobs, a job's candidates, S3 listings.

Every botocore failure leaves this module as an extension error (see ``aws_errors``).
"""
from __future__ import annotations

import time
from typing import Any, Callable, Optional

from botocore.exceptions import BotoCoreError, ClientError

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.aws_errors import NotFound, is_not_found, translate_aws_error
from exasol_sagemaker_extension.batch_transform_requests import (COMPLETED, ENDED_WITHOUT_OUTPUT,
                                                                 parse_transform_status)
from exasol_sagemaker_extension.errors import AwsCallError

AWS_FAILURES = (ClientError, BotoCoreError)
FIRST_POLL_INTERVAL_S = 1.0


class TransformJobGateway:
    """The SageMaker and S3 calls of batch transform."""

    def __init__(self, sagemaker_client: Any, s3_client: Any = None):
        self._sagemaker = sagemaker_client
        self._s3 = s3_client

    def find_candidate(self, job_name: str, candidate_name: str) -> Optional[dict]:
        """The Autopilot job's candidate of that name, or None."""
        try:
            answer = self._sagemaker.list_candidates_for_auto_ml_job(
                AutoMLJobName=job_name, CandidateNameEquals=candidate_name)
        except AWS_FAILURES as error:
            raise translate_aws_error(error, "sagemaker:ListCandidatesForAutoMLJob") from None
        for candidate in answer.get("Candidates", []):
            if candidate.get("CandidateName") == candidate_name:
                return candidate
        return None

    def create_transform_job(self, request: dict) -> str:
        """Start a transform job and return its ARN."""
        try:
            return self._sagemaker.create_transform_job(**request)["TransformJobArn"]
        except AWS_FAILURES as error:
            raise translate_aws_error(error, "sagemaker:CreateTransformJob") from None

    def find_transform_job(self, name: str) -> Optional[dict]:
        """The transform job's description, or None if there is none of that name."""
        try:
            return self._sagemaker.describe_transform_job(TransformJobName=name)
        except AWS_FAILURES as error:
            if is_not_found(error):
                return None
            raise translate_aws_error(error, "sagemaker:DescribeTransformJob") from None

    def describe_transform_job(self, name: str) -> dict:
        """The transform job's description; an unknown job raises E-SME-164."""
        try:
            return self._sagemaker.describe_transform_job(TransformJobName=name)
        except AWS_FAILURES as error:
            raise translate_aws_error(error, "sagemaker:DescribeTransformJob", not_found=NotFound(
                error_codes.TRANSFORM_JOB_FAILED, f"transform job {name} was not found in this account and "
                "region", "Check the region and the connection, or run the script again under a new "
                "transform_job_name.")) from None

    def wait_for_transform_job(self, name: str, timeout_s: float, poll_interval_s: float,
                               sleep: Callable[[float], None] = time.sleep,
                               clock: Callable[[], float] = time.monotonic) -> dict:
        """Poll until the job is Completed and return its description.

        Failed or Stopped raise E-SME-164 with AWS's FailureReason; the timeout raises E-SME-165 (the
        job keeps running in AWS). Polls come after 1, 2, 4, ... seconds, growing to ``poll_interval_s``.
        """
        deadline = clock() + timeout_s
        interval = min(FIRST_POLL_INTERVAL_S, poll_interval_s)
        while True:
            description = self.describe_transform_job(name)
            status, reason = parse_transform_status(description)
            if status == COMPLETED:
                return description
            if status in ENDED_WITHOUT_OUTPUT:
                raise AwsCallError(
                    error_codes.TRANSFORM_JOB_FAILED,
                    f"transform job {name} ended in status {status}: {reason or 'AWS gave no reason'}",
                    "Fix the cause named by AWS, then run the script again under a new transform_job_name.")
            remaining = deadline - clock()
            if remaining <= 0:
                raise AwsCallError(
                    error_codes.TRANSFORM_WAIT_TIMEOUT,
                    f"transform job {name} was still {status or 'not done'} after {timeout_s:g} seconds; it "
                    "continues in AWS",
                    "Run the script again with the same JSON and \"transform_job_name\": \"" + name + "\": it "
                    "waits for this job and loads its predictions without exporting again (raise "
                    "max_wait_in_seconds to wait longer).")
            sleep(min(interval, remaining))
            interval = min(interval * 2, poll_interval_s)

    def list_objects(self, bucket: str, prefix: str) -> list[dict]:
        """``{"Key", "Size"}`` of every object under ``prefix`` in ``bucket``."""
        objects: list[dict] = []
        try:
            for page in self._s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
                objects.extend({"Key": item["Key"], "Size": item.get("Size", 0)}
                               for item in page.get("Contents", []))
        except AWS_FAILURES as error:
            raise translate_aws_error(
                error, "s3:ListBucket",
                not_found=NotFound(error_codes.AWS_CALL_FAILED, f"S3 bucket {bucket} was not found",
                                   "Check the bucket of the job in SME_METADATA_AUTOPILOT_JOBS.")) from None
        return objects
