"""SME_AUTOPILOT_JOB_STOP_UDF against moto: stop only what still runs, answer clearly otherwise."""
from __future__ import annotations

import pytest
from botocore.stub import Stubber

from exasol_sagemaker_extension import error_codes
from tests.integration.udfs import lifecycle_udf_wrappers
from tests.integration.udfs.conftest import (CONNECTION_NAME, REGION, aws_client, connections, raises_sme,
                                             set_job_state, start_moto_job)
from tests.integration.udfs.udf_runner import as_row, run_udf

UDF = "SME_AUTOPILOT_JOB_STOP_UDF"


def stop(job_name="job-1"):
    row = as_row(dict(job_name=job_name, aws_credentials_connection_name=CONNECTION_NAME, aws_region=REGION), UDF)
    return run_udf(UDF, lifecycle_udf_wrappers.job_stop(), [row], connections())


def describe_answer(status, secondary):
    return {"AutoMLJobName": "job-1", "AutoMLJobArn": "arn:aws:sagemaker:eu-central-1:123456789012:automl-job/job-1",
            "AutoMLJobInputDataConfig": [{"DataSource": {"S3DataSource": {
                "S3DataType": "S3Prefix", "S3Uri": "s3://b/i/"}}}], "OutputDataConfig": {"S3OutputPath": "s3://b/o"},
            "RoleArn": "arn:aws:iam::123456789012:role/r", "CreationTime": "2026-01-01T00:00:00Z",
            "LastModifiedTime": "2026-01-01T00:00:00Z", "AutoMLJobStatus": status,
            "AutoMLJobSecondaryStatus": secondary}


def test_a_running_job_is_stopped_and_its_new_status_reported(recorder):
    start_moto_job("job-1")
    set_job_state("job-1", "InProgress", "ModelTuning")
    assert stop() == [("Stopped", "Stopped", "STOP_REQUESTED")]
    assert recorder.operations("sagemaker") == ["DescribeAutoMLJobV2", "StopAutoMLJob", "DescribeAutoMLJobV2"]
    assert recorder.requests("StopAutoMLJob") == [{"AutoMLJobName": "job-1"}]


@pytest.mark.parametrize("status, secondary", [("Completed", "Completed"), ("Failed", "Failed"),
                                               ("Stopped", "Stopped")])
def test_a_job_that_ended_is_reported_as_already_ended_without_a_stop_call(recorder, status, secondary):
    start_moto_job("job-1")
    set_job_state("job-1", status, secondary)
    assert stop() == [(status, secondary, "ALREADY_ENDED")]
    assert recorder.requests("StopAutoMLJob") == []


def test_a_job_that_is_stopping_is_left_to_stop(recorder):
    start_moto_job("job-1")
    set_job_state("job-1", "Stopping", "Stopping")
    assert stop() == [("Stopping", "Stopping", "ALREADY_STOPPING")]
    assert recorder.requests("StopAutoMLJob") == []


def test_a_job_unknown_to_aws_is_e_sme_53(recorder):
    with raises_sme(error_codes.JOB_NOT_FOUND) as raised:
        stop("no-such-job")
    assert "no-such-job" in str(raised.value)


def test_a_job_that_ends_between_describe_and_stop_is_reported_as_ended(recorder):
    sagemaker = aws_client("sagemaker")
    with Stubber(sagemaker) as stubber:
        stubber.add_response("describe_auto_ml_job_v2", describe_answer("InProgress", "ModelTuning"))
        stubber.add_client_error("stop_auto_ml_job", "ValidationException",
                                 "The AutoML job job-1 is Completed: only an InProgress job can be stopped.", 400)
        stubber.add_response("describe_auto_ml_job_v2", describe_answer("Completed", "Completed"))
        recorder.override("sagemaker", sagemaker)
        assert stop() == [("Completed", "Completed", "ALREADY_ENDED")]


def test_a_stop_aws_refuses_for_lack_of_permission_is_e_sme_52(recorder):
    sagemaker = aws_client("sagemaker")
    with Stubber(sagemaker) as stubber:
        stubber.add_response("describe_auto_ml_job_v2", describe_answer("InProgress", "ModelTuning"))
        stubber.add_client_error("stop_auto_ml_job", "AccessDeniedException", "not authorized", 400)
        recorder.override("sagemaker", sagemaker)
        with raises_sme(error_codes.AWS_ACCESS_DENIED) as raised:
            stop()
    assert "sagemaker:StopAutoMLJob" in str(raised.value)


def test_an_invalid_job_name_is_refused_before_aws_is_called(recorder):
    with raises_sme(error_codes.INVALID_JOB_NAME):
        stop("bad name")
    assert recorder.calls == []
