"""The local Autopilot in the AWS stand-in (moto's server): the product's UDF classes train, poll and
deploy over HTTP exactly as they would against AWS, and the candidates are served by the server."""
from __future__ import annotations

import json
import time
from types import SimpleNamespace
from typing import Any, Iterator

import boto3
import pytest

from exasol_sagemaker_extension.local.autopilot import service
from exasol_sagemaker_extension.local.aws_standin import AwsStandin, start_aws_standin
from exasol_sagemaker_extension.local.autopilot.worker import AutopilotWorker
from exasol_sagemaker_extension.udfs.endpoint_deployment_udf import EndpointDeploymentUDF
from exasol_sagemaker_extension.udfs.job_status_polling_udf import JobStatusPollingUDF
from exasol_sagemaker_extension.udfs.training_udf import TrainingUDF
from tests.local.autopilot import datasets
from tests.local.autopilot.conftest import AWS_VARIABLES, ROLE_ARN, csv_text

REGION = "eu-central-1"
BUCKET = "sme-standin-autopilot"
CONNECTION = "AWS_CONN"
KEY_ID, SECRET = "AKIASTANDINTEST00001", "standin-test-secret"
JOB = "standin-cancer-1"
OUTPUT_PATH = "ml/runs"


@pytest.fixture(scope="module")
def aws() -> Iterator[AwsStandin]:
    """The stand-in as sme-local starts it, reached through botocore's AWS_ENDPOINT_URL."""
    with pytest.MonkeyPatch.context() as patch:
        for name in AWS_VARIABLES:
            patch.delenv(name, raising=False)
        patch.setenv("SME_LOCAL_AUTOPILOT_PHASE_SECONDS", "0")
        patch.setenv("SME_LOCAL_ENDPOINT_CREATING_SECONDS", "0")
        standin = start_aws_standin()
        try:
            patch.setenv("AWS_ENDPOINT_URL", standin.endpoint_url)
            standin.reset()
            client(standin, "s3").create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
            yield standin
            standin.reset()
        finally:
            standin.stop()


def client(aws: AwsStandin, service: str) -> Any:
    return boto3.client(service, region_name=REGION, endpoint_url=aws.endpoint_url,
                        aws_access_key_id=KEY_ID, aws_secret_access_key=SECRET)


class Exa:
    """What the UDFs read of ``exa``: the connection with the key pair."""

    def get_connection(self, name: str) -> Any:
        assert name == CONNECTION
        return SimpleNamespace(address=f"https://{BUCKET}.s3.{REGION}.amazonaws.com/", user=KEY_ID, password=SECRET)


def context(**values: Any) -> SimpleNamespace:
    """A UDF call's row; ``emitted`` collects what the UDF emits."""
    ctx = SimpleNamespace(aws_credentials_connection_name=CONNECTION, aws_region=REGION, emitted=[], **values)
    ctx.emit = lambda *row: ctx.emitted.append(row)
    return ctx


@pytest.fixture(scope="module")
def trained(aws: AwsStandin) -> dict:
    """The breast-cancer table exported in two parts and trained by the product's TrainingUDF."""
    data = datasets.breast_cancer()
    keys = [f"{OUTPUT_PATH}/{JOB}/training-data/part-00{i}.csv" for i in (1, 2)]
    for key, rows in zip(keys, (data.rows[:300], data.rows[300:])):
        client(aws, "s3").put_object(Bucket=BUCKET, Key=key, Body=csv_text(data.header, rows).encode())
    ctx = context(job_name=JOB, iam_sagemaker_role=ROLE_ARN, s3_bucket_uri=f"s3://{BUCKET}",
                  s3_output_path=OUTPUT_PATH, exported_files=json.dumps(keys), target_attribute_name=data.target,
                  problem_type=None, objective=None, max_candidates=None,
                  max_runtime_per_training_job_in_seconds=None, max_runtime_for_automl_job_in_seconds=None)
    TrainingUDF(Exa()).run(ctx)
    return {"emitted": ctx.emitted, "polled": poll_until_done(JOB)}


def poll_until_done(job_name: str, timeout: float = 120.0) -> list[tuple]:
    """Every distinct row the product's polling UDF emitted until the job ended."""
    udf, seen = JobStatusPollingUDF(Exa()), []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ctx = context(job_name=job_name)
        udf.run(ctx)
        if not seen or seen[-1] != ctx.emitted[0]:
            seen.append(ctx.emitted[0])
        if ctx.emitted[0][0] in ("Completed", "Failed", "Stopped"):
            return seen
        time.sleep(0.1)
    raise AssertionError(f"{job_name} did not end: {seen}")


def test_the_standin_runs_a_worker_that_holds_the_patches_until_it_stops():
    standin = start_aws_standin()
    worker = standin.autopilot_worker
    assert isinstance(worker, AutopilotWorker) and worker.endpoint_url == standin.endpoint_url
    assert service.is_installed()
    standin.stop()
    assert not worker._thread.is_alive()
    assert not service.is_installed()


def test_the_training_udf_starts_a_job_without_problem_type_or_limits_and_it_completes(trained):
    assert trained["emitted"] == [(JOB, f"arn:aws:sagemaker:{REGION}:123456789012:automl-job/{JOB}")]
    assert trained["polled"][-1] == ("Completed", "Completed", None)
    assert all(row[0] == "InProgress" for row in trained["polled"][:-1])


def test_the_server_lists_the_candidates_best_first_on_request(aws, trained):
    answer = client(aws, "sagemaker").list_candidates_for_auto_ml_job(
        AutoMLJobName=JOB, SortBy="FinalObjectiveMetricValue", SortOrder="Descending", MaxResults=100)
    values = [c["FinalAutoMLJobObjectiveMetric"]["Value"] for c in answer["Candidates"]]
    assert len(values) == 7 and values == sorted(values, reverse=True)
    best = client(aws, "sagemaker").describe_auto_ml_job_v2(AutoMLJobName=JOB)["BestCandidate"]
    assert best["FinalAutoMLJobObjectiveMetric"]["Value"] == values[0]


def test_the_deployment_udf_puts_the_best_candidate_behind_an_endpoint_that_predicts(aws, trained):
    ctx = context(job_name=JOB, endpoint_name="standin-cancer-ep", instance_type="ml.m5.large", instance_count=1,
                  serverless_memory_size_in_mb=None, serverless_max_concurrency=None, candidate_name=None)
    EndpointDeploymentUDF(Exa(), poll_interval_s=0.1, wait_timeout_s=60).run(ctx)
    best = client(aws, "sagemaker").describe_auto_ml_job_v2(AutoMLJobName=JOB)["BestCandidate"]["CandidateName"]
    assert ctx.emitted == [("standin-cancer-ep", "InService", "BinaryClassification", best)]
    data = datasets.breast_cancer()
    body = csv_text(data.header, [row[:-1] for row in data.rows[:20]]).split("\n", 1)[1]
    answer = client(aws, "sagemaker-runtime").invoke_endpoint(
        EndpointName="standin-cancer-ep", Body=body.encode(), ContentType="text/csv", Accept="text/csv")
    lines = answer["Body"].read().decode().strip().splitlines()
    assert len(lines) == 20
    labels = [line.split(",")[0] for line in lines]
    assert datasets.accuracy(list(zip([row[-1] for row in data.rows[:20]], labels))) >= 0.85
