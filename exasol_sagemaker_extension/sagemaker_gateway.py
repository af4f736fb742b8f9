"""A thin layer over boto3's SageMaker client (plus S3 listing and the STS account id).

Every botocore failure leaves this module as an extension error (see ``aws_errors``); answers are
returned as AWS gives them and read by the pure parsers.
"""
from __future__ import annotations

import time
from typing import Any, Callable, Optional

from botocore.exceptions import BotoCoreError, ClientError

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.aws_errors import (NotFound, aws_error_code, is_not_found,
                                                   translate_aws_error)
from exasol_sagemaker_extension.errors import AutopilotJobError, EndpointError

AWS_FAILURES = (ClientError, BotoCoreError)
IN_SERVICE = "InService"
ENDPOINT_FAILED_STATES = ("Failed", "OutOfService", "Deleting", "UpdateRollbackFailed")


def cached_client_factory(factory: Callable[[str, str, str], Any]) -> Callable[[str, str, str], Any]:
    """Wrap a ``(service, connection_name, region) -> client`` factory so each client is built once."""
    clients: dict[tuple[str, str, str], Any] = {}

    def cached(service: str, connection_name: str, region: str) -> Any:
        key = (service, connection_name, region)
        if key not in clients:
            clients[key] = factory(service, connection_name, region)
        return clients[key]

    return cached


FIRST_POLL_INTERVAL_S = 1.0


class SageMakerGateway:
    """SageMaker calls the UDFs need; the S3 and STS clients are only needed by training."""

    def __init__(self, sagemaker_client: Any, s3_client: Any = None, sts_client: Any = None):
        self._sagemaker = sagemaker_client
        self._s3 = s3_client
        self._sts = sts_client

    # Autopilot jobs

    def start_job(self, request: dict) -> str:
        """Start an Autopilot V2 job and return its ARN."""
        try:
            return self._sagemaker.create_auto_ml_job_v2(**request)["AutoMLJobArn"]
        except AWS_FAILURES as error:
            raise translate_aws_error(error, "sagemaker:CreateAutoMLJobV2") from None

    def describe_job(self, job_name: str) -> dict:
        """The job's description; an unknown job raises E-SME-53."""
        try:
            return self._sagemaker.describe_auto_ml_job_v2(AutoMLJobName=job_name)
        except AWS_FAILURES as error:
            if isinstance(error, ClientError) and (
                    is_not_found(error) or aws_error_code(error) == "ValidationException"):
                raise AutopilotJobError(
                    error_codes.JOB_NOT_FOUND,
                    f"Autopilot job {job_name} was not found in this account and region",
                    "Check the job name, the region and the connection (account) used to train it."
                ) from None
            raise translate_aws_error(error, "sagemaker:DescribeAutoMLJobV2") from None

    def find_candidates_named(self, job_name: str, candidate_name: str) -> list[dict]:
        """The job's candidates named ``candidate_name`` (CandidateNameEquals): one, or none."""
        try:
            return self._sagemaker.list_candidates_for_auto_ml_job(
                AutoMLJobName=job_name, CandidateNameEquals=candidate_name).get("Candidates", [])
        except AWS_FAILURES as error:
            raise translate_aws_error(error, "sagemaker:ListCandidatesForAutoMLJob") from None

    def list_candidates(self, job_name: str) -> list[dict]:
        """Every candidate of the job (V1 and V2 jobs alike), all NextToken pages; unknown job: E-SME-53."""
        candidates: list[dict] = []
        request: dict[str, Any] = {"AutoMLJobName": job_name, "MaxResults": 100}
        try:
            while True:
                page = self._sagemaker.list_candidates_for_auto_ml_job(**request)
                candidates.extend(page.get("Candidates", []))
                if not page.get("NextToken"):
                    return candidates
                request["NextToken"] = page["NextToken"]
        except AWS_FAILURES as error:
            raise translate_aws_error(error, "sagemaker:ListCandidatesForAutoMLJob", not_found=NotFound(
                error_codes.JOB_NOT_FOUND, f"Autopilot job {job_name} was not found in this account and region",
                "Check the job name, the region and the connection (account) used to train it.",
                AutopilotJobError)) from None

    # Account, S3

    def account_id(self) -> str:
        """The AWS account id of the caller's credentials."""
        try:
            return self._sts.get_caller_identity()["Account"]
        except AWS_FAILURES as error:
            raise translate_aws_error(
                error, "sts:GetCallerIdentity", default_code=error_codes.ROLE_NOT_RESOLVED,
                default_mitigation="Give the SageMaker role's full ARN instead of its name.") from None

    def list_keys(self, bucket: str, prefix: str) -> list[str]:
        """All object keys under ``prefix`` in ``bucket``."""
        keys: list[str] = []
        try:
            for page in self._s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
                keys.extend(item["Key"] for item in page.get("Contents", []))
        except AWS_FAILURES as error:
            raise translate_aws_error(
                error, "s3:ListBucket",
                not_found=NotFound(error_codes.AWS_CALL_FAILED, f"S3 bucket {bucket} was not found",
                                   "Check the bucket name in s3_bucket_uri.")) from None
        return keys

    def read_object(self, bucket: str, key: str) -> Optional[bytes]:
        """The object's content, or None if there is no such object (or bucket)."""
        try:
            return self._s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        except AWS_FAILURES as error:
            if is_not_found(error):
                return None
            raise translate_aws_error(error, "s3:GetObject") from None

    # Models, endpoint configs, endpoints

    def find_model(self, name: str) -> Optional[dict]:
        """The model's description, or None if there is none of that name."""
        return self._find("describe_model", "sagemaker:DescribeModel", ModelName=name)

    def find_endpoint_config(self, name: str) -> Optional[dict]:
        """The endpoint config's description, or None if there is none of that name."""
        return self._find("describe_endpoint_config", "sagemaker:DescribeEndpointConfig",
                          EndpointConfigName=name)

    def find_endpoint(self, name: str) -> Optional[dict]:
        """The endpoint's description, or None if there is none of that name."""
        return self._find("describe_endpoint", "sagemaker:DescribeEndpoint", EndpointName=name)

    def create_model(self, request: dict) -> str:
        """Create a model and return its ARN."""
        return self._call("create_model", "sagemaker:CreateModel", request)["ModelArn"]

    def create_endpoint_config(self, request: dict) -> str:
        """Create an endpoint config and return its ARN."""
        return self._call("create_endpoint_config", "sagemaker:CreateEndpointConfig",
                          request)["EndpointConfigArn"]

    def create_endpoint(self, request: dict) -> str:
        """Start creating an endpoint and return its ARN."""
        return self._call("create_endpoint", "sagemaker:CreateEndpoint", request)["EndpointArn"]

    def describe_endpoint(self, name: str) -> dict:
        """The endpoint's description; an unknown endpoint raises E-SME-70."""
        try:
            return self._sagemaker.describe_endpoint(EndpointName=name)
        except AWS_FAILURES as error:
            raise translate_aws_error(error, "sagemaker:DescribeEndpoint", not_found=NotFound(
                error_codes.ENDPOINT_NOT_FOUND, f"endpoint {name} was not found",
                "Check the endpoint name and region, or deploy it again.", EndpointError)) from None

    def wait_for_endpoint(self, name: str, timeout_s: float, poll_interval_s: float,
                          sleep: Callable[[float], None] = time.sleep,
                          clock: Callable[[], float] = time.monotonic) -> str:
        """Poll until the endpoint is InService; Failed raises E-SME-56, the timeout E-SME-57.

        The first polls come after 1, 2, 4, ... seconds, growing to ``poll_interval_s``: a quick
        endpoint is seen at once, a slow one costs few DescribeEndpoint calls.
        """
        deadline = clock() + timeout_s
        interval = min(FIRST_POLL_INTERVAL_S, poll_interval_s)
        while True:
            description = self.describe_endpoint(name)
            status = description.get("EndpointStatus", "")
            if status == IN_SERVICE:
                return status
            if status in ENDPOINT_FAILED_STATES:
                reason = description.get("FailureReason") or "AWS gave no reason"
                raise EndpointError(
                    error_codes.ENDPOINT_FAILED, f"endpoint {name} ended in status {status}: {reason}",
                    "Fix the cause named by AWS (often the instance type or the account's instance "
                    "quota), then deploy again.")
            remaining = deadline - clock()
            if remaining <= 0:
                raise EndpointError(
                    error_codes.ENDPOINT_WAIT_TIMEOUT,
                    f"endpoint {name} was still {status or 'not ready'} after {timeout_s:g} seconds",
                    "Check the endpoint in the SageMaker console, then deploy again.")
            sleep(min(interval, remaining))
            interval = min(interval * 2, poll_interval_s)

    def delete_endpoint(self, name: str) -> bool:
        """Delete the endpoint; False if there was none."""
        return self._delete("delete_endpoint", "sagemaker:DeleteEndpoint", EndpointName=name)

    def delete_endpoint_config(self, name: str) -> bool:
        """Delete the endpoint config; False if there was none."""
        return self._delete("delete_endpoint_config", "sagemaker:DeleteEndpointConfig",
                            EndpointConfigName=name)

    def delete_model(self, name: str) -> bool:
        """Delete the model; False if there was none."""
        return self._delete("delete_model", "sagemaker:DeleteModel", ModelName=name)

    def _call(self, method: str, action: str, request: dict) -> dict:
        try:
            return getattr(self._sagemaker, method)(**request)
        except AWS_FAILURES as error:
            raise translate_aws_error(error, action) from None

    def _find(self, method: str, action: str, **request: str) -> Optional[dict]:
        try:
            return getattr(self._sagemaker, method)(**request)
        except AWS_FAILURES as error:
            if is_not_found(error):
                return None
            raise translate_aws_error(error, action) from None

    def _delete(self, method: str, action: str, **request: str) -> bool:
        try:
            getattr(self._sagemaker, method)(**request)
            return True
        except AWS_FAILURES as error:
            if is_not_found(error):
                return False
            raise translate_aws_error(error, action) from None
