import io

import boto3
import pytest
from botocore.exceptions import EndpointConnectionError, ReadTimeoutError
from botocore.response import StreamingBody
from botocore.stub import Stubber

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.errors import EndpointError, PredictionError
from exasol_sagemaker_extension.runtime_gateway import BatchInfo, RuntimeGateway

SECRET = "SME-SECRET-MARKER-0d6e4079e36703eb"
BATCH = BatchInfo(3, 2001, 3000)
RUNTIME_URL = "https://runtime.sagemaker.eu-central-1.amazonaws.com"


@pytest.fixture
def client():
    return boto3.session.Session(aws_access_key_id="AKID", aws_secret_access_key=SECRET,
                                 region_name="eu-central-1").client("sagemaker-runtime")


def streaming(payload: bytes) -> StreamingBody:
    return StreamingBody(io.BytesIO(payload), len(payload))


def stub_error(client, code: str, message: str, status: int) -> Stubber:
    stubber = Stubber(client)
    stubber.add_client_error("invoke_endpoint", service_error_code=code, service_message=message,
                             http_status_code=status)
    stubber.activate()
    return stubber


def test_a_batch_is_sent_as_csv_and_the_answer_returned_as_text(client):
    stubber = Stubber(client)
    stubber.add_response(
        "invoke_endpoint", {"Body": streaming("yes,0.9\nnö,0.8\n".encode()), "ContentType": "text/csv"},
        {"EndpointName": "churn", "Body": b"1,2\n3,4", "ContentType": "text/csv", "Accept": "text/csv"})
    with stubber:
        assert RuntimeGateway(client).invoke("churn", b"1,2\n3,4", BATCH) == "yes,0.9\nnö,0.8\n"
    stubber.assert_no_pending_responses()


@pytest.mark.parametrize("code", ["ValidationError", "ValidationException"])
def test_an_endpoint_that_does_not_exist_is_e_sme_70_with_what_to_do(client, code):
    stub_error(client, code, "Endpoint churn of account 123456789012 not found.", 400)
    with pytest.raises(EndpointError) as raised:
        RuntimeGateway(client, udf_name='"SCORING"."churn"').invoke("churn", b"1", BATCH)
    text = str(raised.value)
    assert raised.value.code == error_codes.ENDPOINT_NOT_FOUND
    assert text.startswith("E-SME-70: endpoint churn does not exist in region eu-central-1 (it may have "
                           "been deleted)")
    assert "SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT" in text
    assert 'DROP SCRIPT "SCORING"."churn"' in text


@pytest.mark.parametrize("code, message, status, hint", [
    ("ModelError", "Received client error (400) from primary with message \"bad input\"", 424,
     "/aws/sagemaker/Endpoints/churn"),
    ("ValidationError", "1 validation error detected: Value at 'body' failed", 400, "InService"),
    ("ServiceUnavailable", "The service is unavailable.", 503, "InService"),
    ("ThrottlingException", "Rate exceeded", 400, "InService"),
    ("AccessDeniedException", "User is not authorized to perform sagemaker:InvokeEndpoint", 400,
     "sagemaker:InvokeEndpoint"),
])
def test_other_failures_are_e_sme_71_naming_endpoint_batch_and_aws_code(client, code, message, status, hint):
    stub_error(client, code, message, status)
    with pytest.raises(PredictionError) as raised:
        RuntimeGateway(client).invoke("churn", b"1", BATCH)
    text = str(raised.value)
    assert raised.value.code == error_codes.INVOCATION_FAILED
    assert text.startswith(f"E-SME-71: invoking endpoint churn failed (batch 3, rows 2001..3000 of the "
                           f"group) with {code}: ")
    assert hint in text


class RaisingClient:
    def __init__(self, error):
        self.error = error

    def invoke_endpoint(self, **_):
        raise self.error


@pytest.mark.parametrize("error, name", [
    (ReadTimeoutError(endpoint_url=RUNTIME_URL), "ReadTimeoutError"),
    (EndpointConnectionError(endpoint_url=RUNTIME_URL), "EndpointConnectionError"),
])
def test_network_failures_are_e_sme_71_too(error, name):
    with pytest.raises(PredictionError) as raised:
        RuntimeGateway(RaisingClient(error)).invoke("churn", b"1", BATCH)
    assert raised.value.code == error_codes.INVOCATION_FAILED
    assert f"with {name}: " in str(raised.value)


def test_a_secret_in_an_aws_message_never_reaches_the_error(client):
    stub_error(client, "ModelError", f"container echoed {SECRET} and aws_secret_access_key={SECRET}", 424)
    with pytest.raises(PredictionError) as raised:
        RuntimeGateway(client, redact=[SECRET, None]).invoke("churn", b"1", BATCH)
    assert SECRET not in str(raised.value)
    assert raised.value.__cause__ is None and raised.value.__suppress_context__


def test_an_answer_that_is_not_utf8_is_e_sme_73(client):
    stubber = Stubber(client)
    stubber.add_response("invoke_endpoint", {"Body": streaming(b"\xff\xfe"), "ContentType": "text/csv"})
    with stubber, pytest.raises(PredictionError) as raised:
        RuntimeGateway(client).invoke("churn", b"1", BATCH)
    assert raised.value.code == error_codes.PREDICTION_NOT_PARSABLE
