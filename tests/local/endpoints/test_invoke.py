"""invoke_endpoint of a local endpoint through botocore, as the product calls it: predictions, AWS's
ModelError for a request the model rejects, and AWS's limit on the body size."""
from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError

from exasol_sagemaker_extension.local.autopilot.model_artifact import LocalModel
from exasol_sagemaker_extension.local.endpoints.runtime_errors import MAX_BODY_BYTES
from tests.local.endpoints.conftest import ACCOUNT_ID, REGION, LocalAws


@pytest.fixture
def churn(aws: LocalAws, binary_model: LocalModel) -> LocalAws:
    """A local endpoint ``churn`` serving the binary model with label and probability."""
    aws.deploy("churn", binary_model)
    return aws


def error_of(aws: LocalAws, body: bytes, **options: object) -> dict:
    with pytest.raises(ClientError) as raised:
        aws.invoke("churn", body, **options)
    return raised.value.response


def test_invoking_answers_one_csv_line_per_row_with_the_models_predictions(
        churn: LocalAws, binary_model: LocalModel) -> None:
    response = churn.invoke("churn", b'20,basic\n70,"premium, yearly"', Accept="text/csv")
    expected = binary_model.predict_csv_rows([["20", "basic"], ["70", "premium, yearly"]])
    assert response["Body"].decode().splitlines() == [f"{label},{probability!r}" for label, probability in expected]
    assert (response["ContentType"], response["InvokedProductionVariant"]) == ("text/csv", "AllTraffic")


def test_invoking_with_accept_json_answers_json(churn: LocalAws) -> None:
    response = churn.invoke("churn", b"20,basic", Accept="application/json")
    assert response["ContentType"] == "application/json"
    assert response["Body"].startswith(b'{"predictions": [{"predicted_label": "1", "probability": ')


def test_a_row_the_model_rejects_fails_with_model_error_424_as_aws(churn: LocalAws) -> None:
    response = error_of(churn, b"20,basic\n70")
    message = ("Received data of unknown size. Expected number of columns is 2. "
               "Number of columns in the received data is 1.")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 424
    assert response["Error"] == {
        "Code": "ModelError",
        "Message": f'Received client error (400) from primary with message "{message}". See '
                   f"https://{REGION}.console.aws.amazon.com/cloudwatch/home?region={REGION}#logEventViewer:"
                   f"group=/aws/sagemaker/Endpoints/churn in account {ACCOUNT_ID} for more information."}
    assert (response["OriginalStatusCode"], response["OriginalMessage"], response["LogStreamArn"]) == (
        400, message, f"arn:aws:logs:{REGION}:{ACCOUNT_ID}:log-group:/aws/sagemaker/Endpoints/churn")


def test_a_request_that_is_not_csv_fails_with_model_error_of_status_415(churn: LocalAws) -> None:
    response = error_of(churn, b'{"x": 1}', ContentType="application/json")
    assert (response["Error"]["Code"], response["OriginalStatusCode"]) == ("ModelError", 415)


def test_a_body_of_exactly_6_mib_reaches_the_model(churn: LocalAws) -> None:
    response = error_of(churn, b"9" * MAX_BODY_BYTES)
    assert (response["Error"]["Code"], response["OriginalStatusCode"]) == ("ModelError", 400)


def test_a_body_over_6_mib_is_refused_with_413_before_the_model_sees_it(churn: LocalAws) -> None:
    response = error_of(churn, b"9" * (MAX_BODY_BYTES + 1))
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 413
    assert response["Error"] == {"Code": "413", "Message": f"HTTP content length exceeded {MAX_BODY_BYTES} bytes."}


def test_the_body_limit_holds_for_every_endpoint(aws: LocalAws) -> None:
    with pytest.raises(ClientError) as raised:
        aws.invoke("never-created", b"9" * (MAX_BODY_BYTES + 1))
    assert raised.value.response["Error"]["Code"] == "413"


def test_a_local_endpoint_is_served_only_in_its_own_region(churn: LocalAws) -> None:
    elsewhere = boto3.client("sagemaker-runtime", region_name="us-east-1", endpoint_url=churn.endpoint_url,
                             aws_access_key_id="AKIALOCALENDPOINTS01", aws_secret_access_key="x")
    answer = elsewhere.invoke_endpoint(EndpointName="churn", Body=b"20,basic", ContentType="text/csv")
    assert answer["Body"].read() == b"body", "a name unknown there gets moto's canned answer, not the model"
