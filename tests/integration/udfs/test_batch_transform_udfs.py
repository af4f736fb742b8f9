"""SME_BATCH_TRANSFORM_START_UDF and SME_BATCH_TRANSFORM_WAIT_UDF through udf-mock, AWS in moto."""
from __future__ import annotations

import copy
import json

import pytest
from botocore.exceptions import ClientError

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.resource_tags import build_resource_tags
from tests.integration.udfs import batch_transform_wrappers
from tests.integration.udfs.conftest import (BUCKET, CONNECTION_NAME, CONTAINERS, REGION, ROLE_ARN, aws_client,
                                             completed_job, connections, raises_sme, sagemaker_backend,
                                             start_moto_job)
from tests.integration.udfs.udf_runner import as_row, run_udf

START = "SME_BATCH_TRANSFORM_START_UDF"
WAIT = "SME_BATCH_TRANSFORM_WAIT_UDF"
NAME = "job-1-scores"
PREFIX = "ml/job-1/batch-transform/job-1-scores/"
TAGS = build_resource_tags("SME", "sys", "job-1")


def start(**overrides):
    values = dict(transform_job_name=NAME, job_name="job-1", candidate_name=None,
                  input_s3_uri=f"s3://{BUCKET}/{PREFIX}input/", output_s3_uri=f"s3://{BUCKET}/{PREFIX}output/",
                  key_column_count=1, feature_column_count=3, instance_type="ml.m5.large", instance_count=1,
                  aws_credentials_connection_name=CONNECTION_NAME, aws_region=REGION)
    values.update(overrides)
    return run_udf(START, batch_transform_wrappers.start(), [as_row(values, START)], connections())


def wait(**overrides):
    values = dict(transform_job_name=NAME, output_s3_uri=f"s3://{BUCKET}/{PREFIX}output/", max_wait_in_seconds=None,
                  aws_credentials_connection_name=CONNECTION_NAME, aws_region=REGION)
    values.update(overrides)
    return run_udf(WAIT, batch_transform_wrappers.wait(), [as_row(values, WAIT)], connections())


def with_inference_output(containers):
    containers = copy.deepcopy(containers)
    for container in containers:
        container["Environment"]["SAGEMAKER_INFERENCE_OUTPUT"] = "predicted_label,probability"
    return containers


def fail_with(code, message):
    def hook(**_):
        raise ClientError({"Error": {"Code": code, "Message": message}}, "Call")
    return hook


class Http:
    status_code = 200


def candidates_answer(*candidates):
    """A before-call hook answering ListCandidatesForAutoMLJob, which moto lacks."""
    def hook(params, **_):
        wanted = json.loads(params["body"])["CandidateNameEquals"]
        return Http(), {"Candidates": [c for c in candidates if c["CandidateName"] == wanted]}
    return hook


@pytest.mark.parametrize("problem_type, containers", [
    ("BinaryClassification", with_inference_output(CONTAINERS)),
    ("MulticlassClassification", with_inference_output(CONTAINERS)),
    ("Regression", CONTAINERS),
])
def test_start_creates_a_tagged_model_and_transform_job_named_alike(recorder, problem_type, containers):
    completed_job("job-1", problem_type)
    assert start(key_column_count=2) == [(NAME, "best_candidate", problem_type)]
    assert recorder.requests("CreateModel") == [
        {"ModelName": NAME, "Containers": containers, "ExecutionRoleArn": ROLE_ARN, "Tags": TAGS}]
    (request,) = recorder.requests("CreateTransformJob")
    assert request["ModelName"] == NAME and request["Tags"] == TAGS
    assert request["DataProcessing"] == {"InputFilter": "$[2:]", "OutputFilter": "$[0,1,5:]", "JoinSource": "Input"}
    assert request["TransformInput"]["DataSource"]["S3DataSource"]["S3Uri"] == f"s3://{BUCKET}/{PREFIX}input/"
    assert aws_client("sagemaker").describe_transform_job(TransformJobName=NAME)["ModelName"] == NAME


def test_start_uses_the_named_candidate_when_one_is_given(recorder):
    completed_job("job-1", "Regression")
    other = [dict(CONTAINERS[0], Image="763104351884.dkr.ecr.eu-central-1.amazonaws.com/linear:1")]
    recorder.on("before-call.sagemaker.ListCandidatesForAutoMLJob", candidates_answer(
        {"CandidateName": "job-1-cand-7", "InferenceContainers": other}))
    assert start(candidate_name="job-1-cand-7") == [(NAME, "job-1-cand-7", "Regression")]
    assert recorder.requests("CreateModel")[0]["Containers"] == other


def test_start_refuses_an_unknown_candidate_and_creates_nothing(recorder):
    completed_job("job-1")
    recorder.on("before-call.sagemaker.ListCandidatesForAutoMLJob", candidates_answer())
    with raises_sme(error_codes.CANDIDATE_NOT_FOUND):
        start(candidate_name="nope")
    assert not sagemaker_backend()._models


def test_start_refuses_a_job_that_has_not_completed(recorder):
    start_moto_job("job-1")
    with raises_sme(error_codes.JOB_NOT_COMPLETED):
        start()
    assert "CreateModel" not in recorder.operations()


def test_start_refuses_a_transform_job_name_taken_in_aws(recorder):
    completed_job("job-1")
    start()
    with raises_sme(error_codes.TRANSFORM_JOB_NAME_IN_USE):
        start()
    assert len(recorder.requests("CreateModel")) == 1


def test_start_removes_the_model_when_the_transform_job_cannot_be_created(recorder):
    completed_job("job-1")
    recorder.on("before-call.sagemaker.CreateTransformJob", fail_with("ResourceLimitExceeded", "quota"))
    with raises_sme(error_codes.AWS_CALL_FAILED) as raised:
        start()
    assert "sagemaker:CreateTransformJob" in str(raised.value)
    assert NAME not in sagemaker_backend()._models


@pytest.mark.parametrize("field, value, code", [
    ("transform_job_name", "bad_name", error_codes.INVALID_TRANSFORM_JOB_NAME),
    ("key_column_count", 0, error_codes.INVALID_KEY_COLUMNS),
    ("input_s3_uri", "https://x/y/", error_codes.INVALID_S3_OUTPUT_PATH),
])
def test_start_checks_its_arguments_before_calling_aws(recorder, field, value, code):
    with raises_sme(code):
        start(**{field: value})
    assert recorder.operations() == []


def started_transform(status="Completed", reason=""):
    """A model and a transform job of that name in moto, the job moved to ``status``."""
    sagemaker = aws_client("sagemaker")
    sagemaker.create_model(ModelName=NAME, Containers=CONTAINERS, ExecutionRoleArn=ROLE_ARN)
    sagemaker.create_transform_job(
        TransformJobName=NAME, ModelName=NAME,
        TransformInput={"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix",
                                                        "S3Uri": f"s3://{BUCKET}/{PREFIX}input/"}}},
        TransformOutput={"S3OutputPath": f"s3://{BUCKET}/{PREFIX}output/"},
        TransformResources={"InstanceType": "ml.m5.large", "InstanceCount": 1})
    job = sagemaker_backend().transform_jobs[NAME]
    job.transform_job_status = status
    job.failure_reason = reason


def test_wait_deletes_the_model_and_names_the_non_empty_output_files(recorder, bucket):
    started_transform()
    for name, body in (("part-002.csv.out", b"2,1,0.9\n"), ("part-001.csv.out", b"1,0,0.8\n"),
                       ("part-003.csv.out", b"")):
        bucket.put_object(Bucket=BUCKET, Key=f"{PREFIX}output/{name}", Body=body)
    bucket.put_object(Bucket=BUCKET, Key=f"{PREFIX}input/part-001.csv", Body=b"1,a,b,c\n")
    assert wait() == [("Completed", json.dumps([f"{PREFIX}output/part-001.csv.out",
                                                f"{PREFIX}output/part-002.csv.out"]))]
    assert NAME not in sagemaker_backend()._models


def test_a_failed_transform_job_raises_aws_reason_and_its_model_is_deleted(recorder, bucket):
    started_transform("Failed", "ClientError: Received data of unknown size.")
    with raises_sme(error_codes.TRANSFORM_JOB_FAILED) as raised:
        wait()
    assert "ClientError: Received data of unknown size" in str(raised.value)
    assert NAME not in sagemaker_backend()._models


def test_a_wait_that_runs_out_keeps_the_model_and_says_how_to_resume(recorder, bucket):
    started_transform("InProgress")
    now = [0.0]
    recorder.install(sleep=lambda seconds: now.__setitem__(0, now[0] + seconds), clock=lambda: now[0])
    with raises_sme(error_codes.TRANSFORM_WAIT_TIMEOUT) as raised:
        wait(max_wait_in_seconds=5)
    assert f'"transform_job_name": "{NAME}"' in str(raised.value)
    assert now[0] == 5
    assert NAME in sagemaker_backend()._models


def test_wait_refuses_a_wait_limit_below_one_second(recorder):
    with raises_sme(error_codes.INVALID_LIMIT):
        wait(max_wait_in_seconds=0)
