"""The AWS stand-in: moto's server on 127.0.0.1, started, reset and stopped on request."""
from __future__ import annotations

import os
import socket

import boto3
import pytest
from botocore.exceptions import ClientError, EndpointConnectionError

from exasol_sagemaker_extension.local.aws_standin import start_aws_standin


def s3(endpoint_url: str) -> object:
    """A boto3 S3 client of the given endpoint with dummy credentials."""
    return boto3.client("s3", region_name="us-east-1", endpoint_url=endpoint_url,
                        aws_access_key_id="test", aws_secret_access_key="test")


def test_standin_listens_on_localhost_only_and_serves_s3() -> None:
    with start_aws_standin() as aws:
        assert aws.host == "127.0.0.1" and aws.endpoint_url == f"http://127.0.0.1:{aws.port}"
        aws.reset()
        client = s3(aws.endpoint_url)
        client.create_bucket(Bucket="abc")
        assert [b["Name"] for b in client.list_buckets()["Buckets"]] == ["abc"]


def test_reset_forgets_everything() -> None:
    with start_aws_standin() as aws:
        client = s3(aws.endpoint_url)
        client.create_bucket(Bucket="gone-after-reset")
        aws.reset()
        assert client.list_buckets()["Buckets"] == []


def test_starting_sets_no_environment_variable() -> None:
    before = dict(os.environ)
    with start_aws_standin():
        assert dict(os.environ) == before


def test_a_given_port_is_used_and_freed_by_stop() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    aws = start_aws_standin(port=port)
    assert aws.port == port
    aws.stop()
    aws.stop()
    with pytest.raises(EndpointConnectionError):
        s3(aws.endpoint_url).list_buckets()


def test_botocore_reaches_the_standin_through_aws_endpoint_url(monkeypatch: pytest.MonkeyPatch) -> None:
    with start_aws_standin() as aws:
        monkeypatch.setenv("AWS_ENDPOINT_URL", aws.endpoint_url)
        client = boto3.session.Session(aws_access_key_id="a", aws_secret_access_key="b",
                                       region_name="eu-central-1").client("sagemaker")
        assert client.list_endpoints()["Endpoints"] == []


def test_queued_endpoint_results_answer_invoke_endpoint() -> None:
    with start_aws_standin() as aws:
        aws.reset()
        aws.queue_endpoint_results("eu-west-1", [{"Body": "0.75\n", "ContentType": "text/csv",
                                                  "InvokedProductionVariant": "AllTraffic", "CustomAttributes": ""}])
        runtime = boto3.client("sagemaker-runtime", region_name="eu-west-1", endpoint_url=aws.endpoint_url,
                               aws_access_key_id="test", aws_secret_access_key="test")
        answer = runtime.invoke_endpoint(EndpointName="any", Body=b"1,2", ContentType="text/csv")
        assert answer["Body"].read() == b"0.75\n"


def test_invoking_a_deleted_endpoint_fails_as_in_aws() -> None:
    with start_aws_standin() as aws:
        aws.reset()
        options = dict(region_name="eu-west-1", endpoint_url=aws.endpoint_url,
                       aws_access_key_id="test", aws_secret_access_key="test")
        sagemaker = boto3.client("sagemaker", **options)
        sagemaker.create_model(ModelName="gone", ExecutionRoleArn="arn:aws:iam::123456789012:role/r",
                               Containers=[{"Image": "763104351884.dkr.ecr.eu-west-1.amazonaws.com/xgboost:1.7"}])
        sagemaker.create_endpoint_config(EndpointConfigName="gone", ProductionVariants=[{
            "VariantName": "AllTraffic", "ModelName": "gone", "InstanceType": "ml.m5.large",
            "InitialInstanceCount": 1}])
        sagemaker.create_endpoint(EndpointName="gone", EndpointConfigName="gone")
        sagemaker.delete_endpoint(EndpointName="gone")
        runtime = boto3.client("sagemaker-runtime", **options)
        with pytest.raises(ClientError) as raised:
            runtime.invoke_endpoint(EndpointName="gone", Body=b"1,2", ContentType="text/csv")
        assert raised.value.response["Error"] == {
            "Code": "ValidationError", "Message": "Endpoint gone of account 123456789012 not found."}
        aws.reset()
