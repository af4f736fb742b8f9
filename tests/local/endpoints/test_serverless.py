"""Serverless local endpoints: created from a ServerlessConfig variant, predicting like real-time ones, and
refusing bodies over the serverless 4 MB limit as AWS does."""
from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from exasol_sagemaker_extension.local.autopilot.model_artifact import LocalModel
from exasol_sagemaker_extension.local.endpoints.runtime_errors import SERVERLESS_MAX_BODY_BYTES
from tests.local.endpoints.conftest import LOCAL_IMAGE, ROLE_ARN, LocalAws

SERVERLESS = {"MemorySizeInMB": 2048, "MaxConcurrency": 5}


@pytest.fixture
def churn(aws: LocalAws, binary_model: LocalModel) -> LocalAws:
    """A serverless local endpoint ``churn`` serving the binary model with label and probability."""
    url = aws.put_model(binary_model, "models/churn/model.sme")
    sagemaker = aws.client("sagemaker")
    sagemaker.create_model(ModelName="churn", ExecutionRoleArn=ROLE_ARN, Containers=[{
        "Image": LOCAL_IMAGE, "ModelDataUrl": url,
        "Environment": {"SAGEMAKER_INFERENCE_OUTPUT": "predicted_label,probability"}}])
    sagemaker.create_endpoint_config(EndpointConfigName="churn", ProductionVariants=[{
        "VariantName": "AllTraffic", "ModelName": "churn", "ServerlessConfig": SERVERLESS}])
    sagemaker.create_endpoint(EndpointName="churn", EndpointConfigName="churn")
    assert aws.wait_while_creating("churn") == "InService"
    return aws


def test_a_serverless_endpoint_predicts_like_a_real_time_one(churn: LocalAws, binary_model: LocalModel) -> None:
    answer = churn.invoke("churn", b'20,basic\n70,"premium, yearly"', Accept="text/csv")["Body"].decode()
    expected = binary_model.predict_csv_rows([["20", "basic"], ["70", "premium, yearly"]])
    assert answer == "".join(f"{label},{probability!r}\n" for label, probability in expected)


def test_its_config_keeps_the_serverless_settings(churn: LocalAws) -> None:
    config = churn.client("sagemaker").describe_endpoint_config(EndpointConfigName="churn")
    assert config["ProductionVariants"][0]["ServerlessConfig"] == SERVERLESS


def test_a_body_over_4_mb_is_refused_with_aws_oversize_body_validation_error(churn: LocalAws) -> None:
    with pytest.raises(ClientError) as raised:
        churn.invoke("churn", b"9" * (SERVERLESS_MAX_BODY_BYTES + 1))
    response = raised.value.response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert response["Error"]["Code"] == "ValidationError"
    assert response["Error"]["Message"].startswith("Request ") and response["Error"]["Message"].endswith(
        " has oversize body.")


def test_a_body_of_exactly_4_mb_reaches_the_model(churn: LocalAws) -> None:
    with pytest.raises(ClientError) as raised:  # one field where the model needs two: the model's own error
        churn.invoke("churn", b"9" * SERVERLESS_MAX_BODY_BYTES)
    assert raised.value.response["Error"]["Code"] == "ModelError"
