"""The gateway's candidate listing (every NextToken page) and S3 reads, against botocore's Stubber."""
import io

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import Stubber

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.errors import SageMakerExtensionError
from exasol_sagemaker_extension.sagemaker_gateway import SageMakerGateway


def client(service):
    return boto3.session.Session(aws_access_key_id="AKIATEST", aws_secret_access_key="test",
                                 region_name="eu-west-1").client(service)


def entry(name):
    return {"CandidateName": name, "ObjectiveStatus": "Succeeded", "CandidateStatus": "Completed",
            "CandidateSteps": [], "CreationTime": "2026-03-01T10:00:00Z", "LastModifiedTime": "2026-03-01T10:05:00Z"}


def test_list_candidates_follows_every_next_token_page():
    sagemaker = client("sagemaker")
    with Stubber(sagemaker) as stubber:
        stubber.add_response("list_candidates_for_auto_ml_job",
                             {"Candidates": [entry("a"), entry("b")], "NextToken": "t1"},
                             {"AutoMLJobName": "job-1", "MaxResults": 100})
        stubber.add_response("list_candidates_for_auto_ml_job", {"Candidates": [entry("c")], "NextToken": "t2"},
                             {"AutoMLJobName": "job-1", "MaxResults": 100, "NextToken": "t1"})
        stubber.add_response("list_candidates_for_auto_ml_job", {"Candidates": []},
                             {"AutoMLJobName": "job-1", "MaxResults": 100, "NextToken": "t2"})
        names = [c["CandidateName"] for c in SageMakerGateway(sagemaker).list_candidates("job-1")]
        stubber.assert_no_pending_responses()
    assert names == ["a", "b", "c"]


@pytest.mark.parametrize("aws_code, status, code", [
    ("ResourceNotFound", 400, error_codes.JOB_NOT_FOUND),
    ("AccessDeniedException", 400, error_codes.AWS_ACCESS_DENIED),
    ("ThrottlingException", 400, error_codes.AWS_CALL_FAILED),
])
def test_list_candidates_failures_become_extension_errors(aws_code, status, code):
    sagemaker = client("sagemaker")
    with Stubber(sagemaker) as stubber:
        stubber.add_client_error("list_candidates_for_auto_ml_job", aws_code, "no", status)
        with pytest.raises(SageMakerExtensionError) as raised:
            SageMakerGateway(sagemaker).list_candidates("job-1")
    assert str(raised.value).startswith(f"E-SME-{code}: ")
    assert "sagemaker:ListCandidatesForAutoMLJob" in str(raised.value)


def test_read_object_gives_the_body():
    s3 = client("s3")
    with Stubber(s3) as stubber:
        stubber.add_response("get_object", {"Body": StreamingBody(io.BytesIO(b"{}"), 2)},
                             {"Bucket": "b", "Key": "k/analysis.json"})
        assert SageMakerGateway(None, s3_client=s3).read_object("b", "k/analysis.json") == b"{}"


def test_read_object_of_a_missing_key_is_none():
    s3 = client("s3")
    with Stubber(s3) as stubber:
        stubber.add_client_error("get_object", "NoSuchKey", "The specified key does not exist.", 404)
        assert SageMakerGateway(None, s3_client=s3).read_object("b", "k") is None


def test_read_object_without_permission_is_e_sme_52_naming_s3_get_object():
    s3 = client("s3")
    with Stubber(s3) as stubber:
        stubber.add_client_error("get_object", "AccessDenied", "Access Denied", 403)
        with pytest.raises(SageMakerExtensionError) as raised:
            SageMakerGateway(None, s3_client=s3).read_object("b", "k")
    assert str(raised.value).startswith(f"E-SME-{error_codes.AWS_ACCESS_DENIED}: ")
    assert "s3:GetObject" in str(raised.value)
