"""Fixtures of the local Autopilot's tests: moto (``mock_aws``) with the local Autopilot installed and a
worker that trains without pauses between statuses, a bucket, and jobs created as a user would."""
from __future__ import annotations

import csv
import functools
import io
import time
from typing import Any, Iterator, Optional, Sequence

import boto3
import pytest
from moto import mock_aws

from exasol_sagemaker_extension.local.autopilot.service import installed
from exasol_sagemaker_extension.local.autopilot.worker import AutopilotWorker

REGION = "eu-west-1"
BUCKET = "sme-autopilot-tests"
ROLE_ARN = "arn:aws:iam::123456789012:role/SageMakerAutopilot"
ENDED = ("Completed", "Failed", "Stopped")
AWS_VARIABLES = ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_SAGEMAKER", "AWS_PROFILE",
                 "AWS_DEFAULT_PROFILE", "SME_LOCAL_AUTOPILOT_MIN_ROWS", "SME_LOCAL_AUTOPILOT_PHASE_SECONDS")


@pytest.fixture(scope="module")
def aws() -> Iterator[None]:
    """moto for the module with the local Autopilot's API (plain moto again afterwards); botocore's
    endpoint variables removed."""
    with pytest.MonkeyPatch.context() as patch:
        for name in AWS_VARIABLES:
            patch.delenv(name, raising=False)
        patch.setenv("AWS_ACCESS_KEY_ID", "testing")
        patch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        with mock_aws(), installed():
            s3_client.cache_clear()
            sagemaker_client.cache_clear()
            s3_client().create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
            yield


@pytest.fixture(scope="module")
def worker(aws: None) -> Iterator[AutopilotWorker]:
    """A worker that trains the module's jobs without holding statuses."""
    with AutopilotWorker(endpoint_url=None, phase_seconds=0.0, poll_seconds=0.05) as running:
        yield running


@functools.lru_cache(maxsize=None)
def s3_client() -> Any:
    """The tests' S3 client (one per module's moto)."""
    return boto3.client("s3", region_name=REGION)


@functools.lru_cache(maxsize=None)
def sagemaker_client() -> Any:
    """The tests' SageMaker client (one per module's moto)."""
    return boto3.client("sagemaker", region_name=REGION)


def csv_text(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """CSV as the export writes it (RFC 4180, LF, fields quoted only when needed)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def upload(job_name: str, header: Sequence[str], rows: Sequence[Sequence[Any]], parts: int = 2) -> str:
    """Write the rows as ``parts`` files with a header each (as the export does); return the S3 URI."""
    prefix = f"ml/{job_name}/training-data/"
    size = -(-len(rows) // parts)
    for part in range(parts):
        body = csv_text(header, rows[part * size:(part + 1) * size])
        s3_client().put_object(Bucket=BUCKET, Key=f"{prefix}part-{part + 1:03d}.csv", Body=body.encode())
    return f"s3://{BUCKET}/{prefix}"


def job_request(job_name: str, target: str, problem_type: Optional[str] = None, objective: Optional[str] = None,
                **criteria: int) -> dict:
    """A create_auto_ml_job_v2 request as the product builds it: what is not given stays out."""
    tabular: dict[str, Any] = {"TargetAttributeName": target}
    if problem_type:
        tabular["ProblemType"] = problem_type
    if criteria:
        tabular["CompletionCriteria"] = criteria
    request = {
        "AutoMLJobName": job_name,
        "AutoMLJobInputDataConfig": [{
            "ChannelType": "training", "ContentType": "text/csv;header=present", "CompressionType": "None",
            "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix",
                                            "S3Uri": f"s3://{BUCKET}/ml/{job_name}/training-data/"}}}],
        "OutputDataConfig": {"S3OutputPath": f"s3://{BUCKET}/ml/{job_name}/output"},
        "AutoMLProblemTypeConfig": {"TabularJobConfig": tabular},
        "RoleArn": ROLE_ARN,
    }
    if objective:
        request["AutoMLJobObjective"] = {"MetricName": objective}
    return request


def wait_for_end(job_name: str, timeout: float = 120.0) -> dict:
    """Poll describe_auto_ml_job_v2 until the job has ended; its last answer."""
    deadline = time.monotonic() + timeout
    while True:
        described = sagemaker_client().describe_auto_ml_job_v2(AutoMLJobName=job_name)
        if described["AutoMLJobStatus"] in ENDED:
            return described
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_name} still {described['AutoMLJobStatus']} after {timeout} s")
        time.sleep(0.1)


def train(job_name: str, header: Sequence[str], rows: Sequence[Sequence[Any]], target: str, **request: Any) -> dict:
    """Upload, create the job, wait for its end; the final description."""
    upload(job_name, header, rows)
    sagemaker_client().create_auto_ml_job_v2(**job_request(job_name, target, **request))
    return wait_for_end(job_name)


def all_candidates(job_name: str, **options: Any) -> list[dict]:
    """Every candidate of the job, following NextToken."""
    candidates, token = [], None
    while True:
        page = sagemaker_client().list_candidates_for_auto_ml_job(
            AutoMLJobName=job_name, **options, **({"NextToken": token} if token else {}))
        candidates += page["Candidates"]
        token = page.get("NextToken")
        if not token:
            return candidates
