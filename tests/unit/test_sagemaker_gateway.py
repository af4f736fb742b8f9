import boto3
import pytest
from botocore.stub import Stubber
from moto import mock_aws

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.errors import AutopilotJobError, AwsCallError, EndpointError
from exasol_sagemaker_extension.sagemaker_gateway import SageMakerGateway, cached_client_factory

REGION = "eu-central-1"


def client(service):
    return boto3.session.Session(aws_access_key_id="AKIATEST", aws_secret_access_key="secret",
                                 region_name=REGION).client(service)


@pytest.fixture
def sagemaker():
    sagemaker_client = client("sagemaker")
    with Stubber(sagemaker_client) as stubber:
        yield sagemaker_client, stubber
        stubber.assert_no_pending_responses()


class FakeTime:
    """A clock that only moves when the code under test sleeps."""

    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def endpoint_status(status, reason=None):
    answer = {"EndpointName": "ep-1", "EndpointArn": "arn:aws:sagemaker:eu-central-1:1:endpoint/ep-1",
              "EndpointConfigName": "ep-1", "EndpointStatus": status,
              "CreationTime": "2024-01-01", "LastModifiedTime": "2024-01-01"}
    if reason:
        answer["FailureReason"] = reason
    return answer


def test_wait_returns_at_once_when_the_endpoint_is_in_service(sagemaker):
    sagemaker_client, stubber = sagemaker
    stubber.add_response("describe_endpoint", endpoint_status("InService"), {"EndpointName": "ep-1"})
    time = FakeTime()
    assert SageMakerGateway(sagemaker_client).wait_for_endpoint(
        "ep-1", 60, 15, sleep=time.sleep, clock=time.clock) == "InService"
    assert time.sleeps == []


def test_wait_polls_soon_first_then_at_growing_intervals_up_to_the_poll_interval(sagemaker):
    sagemaker_client, stubber = sagemaker
    for status in ("Creating",) * 6 + ("InService",):
        stubber.add_response("describe_endpoint", endpoint_status(status), {"EndpointName": "ep-1"})
    time = FakeTime()
    SageMakerGateway(sagemaker_client).wait_for_endpoint("ep-1", 600, 15, sleep=time.sleep, clock=time.clock)
    assert time.sleeps == [1, 2, 4, 8, 15, 15]


def test_wait_raises_e_sme_56_with_aws_reason_when_the_endpoint_fails(sagemaker):
    sagemaker_client, stubber = sagemaker
    stubber.add_response("describe_endpoint", endpoint_status("Creating"), {"EndpointName": "ep-1"})
    stubber.add_response("describe_endpoint", endpoint_status("Failed", "Insufficient capacity"),
                         {"EndpointName": "ep-1"})
    time = FakeTime()
    with pytest.raises(EndpointError) as raised:
        SageMakerGateway(sagemaker_client).wait_for_endpoint("ep-1", 60, 1, sleep=time.sleep, clock=time.clock)
    assert str(raised.value).startswith(
        "E-SME-56: endpoint ep-1 ended in status Failed: Insufficient capacity.")


def test_wait_gives_up_with_e_sme_57_and_never_sleeps_past_the_deadline(sagemaker):
    sagemaker_client, stubber = sagemaker
    for _ in range(6):
        stubber.add_response("describe_endpoint", endpoint_status("Creating"), {"EndpointName": "ep-1"})
    time = FakeTime()
    with pytest.raises(EndpointError) as raised:
        SageMakerGateway(sagemaker_client).wait_for_endpoint("ep-1", 25, 10, sleep=time.sleep, clock=time.clock)
    assert raised.value.code == error_codes.ENDPOINT_WAIT_TIMEOUT
    assert "still Creating after 25 seconds" in str(raised.value)
    assert time.sleeps == [1, 2, 4, 8, 10]


def test_wait_for_an_endpoint_that_vanished_raises_e_sme_70(sagemaker):
    sagemaker_client, stubber = sagemaker
    stubber.add_client_error("describe_endpoint", "ValidationException", "Could not find endpoint ep-1")
    with pytest.raises(EndpointError, match="E-SME-70"):
        SageMakerGateway(sagemaker_client).wait_for_endpoint("ep-1", 5, 1, sleep=lambda s: None)


@pytest.mark.parametrize("code, message", [
    ("ResourceNotFound", "Could not find AutoML job with name job-1."),
    ("ValidationException", "Could not find job"),
])
def test_describing_an_unknown_job_raises_e_sme_53(sagemaker, code, message):
    sagemaker_client, stubber = sagemaker
    stubber.add_client_error("describe_auto_ml_job_v2", code, message)
    with pytest.raises(AutopilotJobError, match="E-SME-53: Autopilot job job-1 was not found"):
        SageMakerGateway(sagemaker_client).describe_job("job-1")


def test_describing_a_job_with_refused_credentials_raises_e_sme_52(sagemaker):
    sagemaker_client, stubber = sagemaker
    stubber.add_client_error("describe_auto_ml_job_v2", "UnrecognizedClientException",
                             "The security token included in the request is invalid.", 400)
    with pytest.raises(AwsCallError, match="E-SME-52: AWS call sagemaker:DescribeAutoMLJobV2 failed "
                                           "with UnrecognizedClientException"):
        SageMakerGateway(sagemaker_client).describe_job("job-1")


@pytest.mark.parametrize("method, operation", [
    ("delete_endpoint", "delete_endpoint"),
    ("delete_endpoint_config", "delete_endpoint_config"),
    ("delete_model", "delete_model"),
])
def test_deleting_something_already_gone_reports_false(sagemaker, method, operation):
    sagemaker_client, stubber = sagemaker
    stubber.add_client_error(operation, "ValidationException", "Could not find it.")
    assert getattr(SageMakerGateway(sagemaker_client), method)("ep-1") is False


def test_deleting_fails_loudly_for_other_errors(sagemaker):
    sagemaker_client, stubber = sagemaker
    stubber.add_client_error("delete_model", "ThrottlingException", "Rate exceeded")
    with pytest.raises(AwsCallError, match="E-SME-51: AWS call sagemaker:DeleteModel failed"):
        SageMakerGateway(sagemaker_client).delete_model("ep-1")


def test_creating_an_already_existing_model_raises_e_sme_58(sagemaker):
    sagemaker_client, stubber = sagemaker
    stubber.add_client_error("create_model", "ValidationException",
                             'Cannot create already existing model "arn:aws:sagemaker:x:1:model/ep-1".')
    with pytest.raises(AwsCallError, match="E-SME-58"):
        SageMakerGateway(sagemaker_client).create_model(
            {"ModelName": "ep-1", "ExecutionRoleArn": "arn:aws:iam::123456789012:role/r",
             "Containers": [{"Image": "i"}]})


@mock_aws
def test_find_returns_none_for_missing_resources_and_the_description_otherwise():
    gateway = SageMakerGateway(client("sagemaker"))
    assert gateway.find_model("ep-1") is None
    gateway.create_model({"ModelName": "ep-1", "ExecutionRoleArn": "arn:aws:iam::123456789012:role/r",
                          "Containers": [{"Image": "i"}]})
    assert gateway.find_model("ep-1")["ModelName"] == "ep-1"
    assert gateway.find_endpoint_config("ep-1") is None
    assert gateway.find_endpoint("ep-1") is None


@mock_aws
def test_list_keys_follows_pagination_and_stays_under_the_prefix():
    s3 = client("s3")
    s3.create_bucket(Bucket="b-1", CreateBucketConfiguration={"LocationConstraint": REGION})
    for i in range(1005):
        s3.put_object(Bucket="b-1", Key=f"p/j/training-data/part-{i:04d}.csv", Body=b"")
    s3.put_object(Bucket="b-1", Key="p/j/other.csv", Body=b"")
    keys = SageMakerGateway(None, s3_client=s3).list_keys("b-1", "p/j/training-data/")
    assert len(keys) == 1005 and all(key.startswith("p/j/training-data/") for key in keys)


@mock_aws
def test_listing_a_missing_bucket_names_the_bucket():
    with pytest.raises(AwsCallError, match="E-SME-51: S3 bucket nope-1 was not found"):
        SageMakerGateway(None, s3_client=client("s3")).list_keys("nope-1", "p/")


@mock_aws
def test_account_id_comes_from_sts():
    assert SageMakerGateway(None, sts_client=client("sts")).account_id() == "123456789012"


def test_cached_client_factory_builds_each_client_once():
    calls = []
    factory = cached_client_factory(lambda *key: calls.append(key) or object())
    first = factory("sagemaker", "CONN", REGION)
    assert factory("sagemaker", "CONN", REGION) is first
    factory("s3", "CONN", REGION)
    assert calls == [("sagemaker", "CONN", REGION), ("s3", "CONN", REGION)]
