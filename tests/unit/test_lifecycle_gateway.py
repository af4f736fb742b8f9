"""LifecycleGateway with botocore's Stubber: paging, batches and how AWS's refusals are read."""
import boto3
import pytest
from botocore.stub import ANY, Stubber

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.errors import SageMakerExtensionError
from exasol_sagemaker_extension.lifecycle_gateway import LifecycleGateway

ARN = "arn:aws:sagemaker:eu-west-1:123456789012:endpoint/{}"


def client(service):
    return boto3.client(service, region_name="eu-west-1", aws_access_key_id="k", aws_secret_access_key="s")


def endpoint(name):
    return {"EndpointName": name, "EndpointArn": ARN.format(name), "CreationTime": "2026-01-01T00:00:00Z",
            "LastModifiedTime": "2026-01-01T00:00:00Z", "EndpointStatus": "InService"}


def test_endpoints_follow_next_token_over_every_page():
    sagemaker = client("sagemaker")
    with Stubber(sagemaker) as stubber:
        stubber.add_response("list_endpoints", {"Endpoints": [endpoint("a"), endpoint("b")], "NextToken": "t1"}, {})
        stubber.add_response("list_endpoints", {"Endpoints": [endpoint("c")]}, {"NextToken": "t1"})
        assert [e["EndpointName"] for e in LifecycleGateway(sagemaker).endpoints()] == ["a", "b", "c"]
        stubber.assert_no_pending_responses()


def test_tags_follow_next_token_over_every_page():
    sagemaker = client("sagemaker")
    with Stubber(sagemaker) as stubber:
        stubber.add_response("list_tags", {"Tags": [{"Key": "a", "Value": "1"}], "NextToken": "t"},
                             {"ResourceArn": ARN.format("x")})
        stubber.add_response("list_tags", {"Tags": [{"Key": "b", "Value": "2"}]},
                             {"ResourceArn": ARN.format("x"), "NextToken": "t"})
        assert LifecycleGateway(sagemaker).tags(ARN.format("x")) == [{"Key": "a", "Value": "1"},
                                                                      {"Key": "b", "Value": "2"}]


def test_tags_of_a_resource_deleted_meanwhile_are_empty():
    sagemaker = client("sagemaker")
    with Stubber(sagemaker) as stubber:
        stubber.add_client_error("list_tags", "ValidationException", "Could not find endpoint x", 400)
        assert LifecycleGateway(sagemaker).tags(ARN.format("x")) == []


def test_listing_endpoints_without_permission_is_e_sme_52_naming_the_action():
    sagemaker = client("sagemaker")
    with Stubber(sagemaker) as stubber:
        stubber.add_client_error("list_endpoints", "AccessDeniedException", "no", 400)
        with pytest.raises(SageMakerExtensionError) as raised:
            list(LifecycleGateway(sagemaker).endpoints())
    assert raised.value.code == error_codes.AWS_ACCESS_DENIED and "sagemaker:ListEndpoints" in str(raised.value)


@pytest.mark.parametrize("code, message, expected", [
    ("ResourceNotFound", "Could not find AutoML job with name j.", error_codes.JOB_NOT_FOUND),
    ("AccessDeniedException", "not authorized", error_codes.AWS_ACCESS_DENIED),
])
def test_stop_failures_become_coded_errors(code, message, expected):
    sagemaker = client("sagemaker")
    with Stubber(sagemaker) as stubber:
        stubber.add_client_error("stop_auto_ml_job", code, message, 400)
        with pytest.raises(SageMakerExtensionError) as raised:
            LifecycleGateway(sagemaker).stop_job("j")
    assert raised.value.code == expected


def test_a_stop_aws_refuses_as_invalid_means_the_job_no_longer_runs():
    sagemaker = client("sagemaker")
    with Stubber(sagemaker) as stubber:
        stubber.add_client_error("stop_auto_ml_job", "ValidationException", "job is Completed", 400)
        assert LifecycleGateway(sagemaker).stop_job("j") is False


def test_deleting_a_prefix_lists_every_page_and_deletes_in_batches():
    s3 = client("s3")
    first = [f"p/k{i:04d}" for i in range(1000)]
    with Stubber(s3) as stubber:
        stubber.add_response("list_objects_v2", {"Contents": [{"Key": k} for k in first], "IsTruncated": True,
                                                 "NextContinuationToken": "c"}, {"Bucket": "b", "Prefix": "p/"})
        stubber.add_response("list_objects_v2", {"Contents": [{"Key": "p/last"}], "IsTruncated": False},
                             {"Bucket": "b", "Prefix": "p/", "ContinuationToken": "c"})
        stubber.add_response("delete_objects", {}, {"Bucket": "b", "Delete": {
            "Objects": [{"Key": k} for k in first], "Quiet": True}})
        stubber.add_response("delete_objects", {}, {"Bucket": "b", "Delete": {
            "Objects": [{"Key": "p/last"}], "Quiet": True}})
        assert LifecycleGateway(s3_client=s3).delete_prefix("b", "p/") == 1001
        stubber.assert_no_pending_responses()


def test_an_empty_prefix_deletes_nothing():
    s3 = client("s3")
    with Stubber(s3) as stubber:
        stubber.add_response("list_objects_v2", {"IsTruncated": False}, {"Bucket": "b", "Prefix": "p/"})
        assert LifecycleGateway(s3_client=s3).delete_prefix("b", "p/") == 0


def test_a_missing_bucket_is_e_sme_51_naming_it():
    s3 = client("s3")
    with Stubber(s3) as stubber:
        stubber.add_client_error("list_objects_v2", "NoSuchBucket", "The specified bucket does not exist", 404)
        with pytest.raises(SageMakerExtensionError) as raised:
            LifecycleGateway(s3_client=s3).delete_prefix("b", "p/")
    assert raised.value.code == error_codes.AWS_CALL_FAILED and "bucket b was not found" in str(raised.value)


def test_keys_s3_could_not_delete_are_e_sme_141():
    s3 = client("s3")
    with Stubber(s3) as stubber:
        stubber.add_response("list_objects_v2", {"Contents": [{"Key": "p/a"}, {"Key": "p/b"}], "IsTruncated": False},
                             {"Bucket": "b", "Prefix": ANY})
        stubber.add_response("delete_objects", {"Errors": [{"Key": "p/b", "Code": "AccessDenied", "Message": "no"}]})
        with pytest.raises(SageMakerExtensionError) as raised:
            LifecycleGateway(s3_client=s3).delete_prefix("b", "p/")
    assert raised.value.code == error_codes.S3_DELETE_FAILED
    assert "1 objects under s3://b/p/ could not be deleted (1 were): p/b: AccessDenied no" in str(raised.value)
