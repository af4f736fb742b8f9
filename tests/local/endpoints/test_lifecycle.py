"""A local endpoint's life as SageMaker shows it: Creating, then InService or Failed; deleted is gone."""
from __future__ import annotations

import io
import zipfile

import pytest
from botocore.exceptions import ClientError
from moto.sagemakerruntime.responses import SageMakerRuntimeResponse

from exasol_sagemaker_extension.local.autopilot.model_artifact import LocalModel
from exasol_sagemaker_extension.local.aws_standin import AwsStandin
from exasol_sagemaker_extension.local.endpoints import CREATING_SECONDS_VARIABLE, install, lifecycle
from tests.local.endpoints.conftest import (ACCOUNT_ID, BUCKET, CREATING_SECONDS, FOREIGN_IMAGE, LOCAL_IMAGE,
                                            REGION, LocalAws)

DOWNLOAD_FAILED = ('Failed to download model data for container "container_1" from URL: "{url}". Please ensure '
                   "that there is an object located at the URL and that the role passed to CreateModel has "
                   "permissions to download the object.")
HEALTH_CHECK_FAILED = ("The primary container for production variant AllTraffic did not pass the ping health "
                       "check. Please check CloudWatch logs for this endpoint.")
IMAGES_MISSING = ("Please make sure all images included in the model for the production variant AllTraffic "
                  "exist, and that the execution role used to create the model has permissions to access them.")


def not_found(name: str) -> dict:
    return {"Code": "ValidationError", "Message": f"Endpoint {name} of account {ACCOUNT_ID} not found."}


def invoke_error(aws: LocalAws, name: str, body: bytes = b"30,basic") -> dict:
    with pytest.raises(ClientError) as raised:
        aws.invoke(name, body)
    return raised.value.response["Error"]


def model_file_without_metadata() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("estimator.pkl", b"not a pickle")
    return buffer.getvalue()


# -- Creating, then InService ------------------------------------------------------------------------------

def test_a_local_endpoint_is_creating_first_and_in_service_after_the_delay(
        aws: LocalAws, binary_model: LocalModel) -> None:
    aws.deploy("churn", binary_model, wait=False)
    assert aws.status("churn") == "Creating"
    assert aws.wait_while_creating("churn") == "InService"


def test_list_endpoints_shows_the_same_status_as_describe(aws: LocalAws, binary_model: LocalModel) -> None:
    aws.deploy("churn", binary_model, wait=False)
    listed = aws.client("sagemaker").list_endpoints()["Endpoints"]
    assert [(e["EndpointName"], e["EndpointStatus"]) for e in listed] == [("churn", "Creating")]
    aws.wait_while_creating("churn")
    assert aws.client("sagemaker").list_endpoints(StatusEquals="InService")["Endpoints"][0]["EndpointName"] == "churn"


def test_an_in_service_endpoint_has_no_failure_reason_and_a_later_modification_time(
        in_process_aws: LocalAws, binary_model: LocalModel) -> None:
    in_process_aws.deploy("churn", binary_model)
    description = in_process_aws.client("sagemaker").describe_endpoint(EndpointName="churn")
    assert "FailureReason" not in description
    assert description["LastModifiedTime"] > description["CreationTime"]


@pytest.mark.parametrize("setting, expected", [("0", "InService"), ("5", "Creating")])
def test_the_creation_delay_can_be_set_by_environment_variable(
        in_process_aws: LocalAws, binary_model: LocalModel, monkeypatch: pytest.MonkeyPatch,
        setting: str, expected: str) -> None:
    monkeypatch.setenv(CREATING_SECONDS_VARIABLE, setting)
    in_process_aws.deploy("churn", binary_model, wait=False)
    assert in_process_aws.status("churn") == expected


# -- Failed ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [f"s3://{BUCKET}/models/missing.sme", "s3://no-such-bucket/model.sme",
                                 "https://example.com/model.sme"])
def test_an_endpoint_whose_model_file_cannot_be_downloaded_fails_with_aws_reason(
        aws: LocalAws, url: str) -> None:
    aws.put_object("models/other.sme", b"x")
    aws.create_endpoint("churn", [{"Image": LOCAL_IMAGE, "ModelDataUrl": url}])
    assert aws.status("churn") == "Creating"
    assert aws.wait_while_creating("churn") == "Failed"
    description = aws.client("sagemaker").describe_endpoint(EndpointName="churn")
    assert description["FailureReason"] == DOWNLOAD_FAILED.format(url=url)


@pytest.mark.parametrize("data", [b"", b"not a model", model_file_without_metadata()],
                         ids=["empty", "text", "zip without metadata"])
def test_an_endpoint_whose_model_file_cannot_be_loaded_fails_its_health_check(
        in_process_aws: LocalAws, data: bytes) -> None:
    url = in_process_aws.put_object("models/broken.sme", data)
    in_process_aws.create_endpoint("churn", [{"Image": LOCAL_IMAGE, "ModelDataUrl": url}])
    assert in_process_aws.wait_while_creating("churn") == "Failed"
    description = in_process_aws.client("sagemaker").describe_endpoint(EndpointName="churn")
    assert description["FailureReason"] == HEALTH_CHECK_FAILED


def test_an_endpoint_whose_container_asks_for_an_unknown_inference_output_fails_its_health_check(
        in_process_aws: LocalAws, binary_model: LocalModel) -> None:
    in_process_aws.deploy("churn", binary_model, output="predicted_label,confidence")
    description = in_process_aws.client("sagemaker").describe_endpoint(EndpointName="churn")
    assert (description["EndpointStatus"], description["FailureReason"]) == ("Failed", HEALTH_CHECK_FAILED)


def test_a_local_model_with_an_image_that_cannot_run_locally_fails_with_aws_image_reason(
        in_process_aws: LocalAws, binary_model: LocalModel) -> None:
    url = in_process_aws.put_model(binary_model)
    in_process_aws.create_endpoint("churn", [{"Image": FOREIGN_IMAGE, "ModelDataUrl": url},
                                             {"Image": LOCAL_IMAGE, "ModelDataUrl": url}])
    assert in_process_aws.wait_while_creating("churn") == "Failed"
    assert in_process_aws.client("sagemaker").describe_endpoint(EndpointName="churn")["FailureReason"] == IMAGES_MISSING


# -- what invoking answers in each state -------------------------------------------------------------------

def test_invoking_an_endpoint_that_is_still_creating_answers_not_found(
        aws: LocalAws, binary_model: LocalModel, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CREATING_SECONDS_VARIABLE, "30")
    aws.deploy("churn", binary_model, wait=False)
    assert invoke_error(aws, "churn") == not_found("churn")


def test_invoking_a_failed_endpoint_answers_not_found(aws: LocalAws) -> None:
    aws.create_endpoint("churn", [{"Image": LOCAL_IMAGE, "ModelDataUrl": f"s3://{BUCKET}/nothing"}])
    assert aws.wait_while_creating("churn") == "Failed"
    assert invoke_error(aws, "churn") == not_found("churn")


def test_invoking_a_deleted_local_endpoint_answers_not_found(aws: LocalAws, binary_model: LocalModel) -> None:
    aws.deploy("churn", binary_model)
    assert aws.invoke("churn", b"30,basic")["Body"]
    aws.client("sagemaker").delete_endpoint(EndpointName="churn")
    assert invoke_error(aws, "churn") == not_found("churn")


def test_invoking_a_deleted_endpoint_of_another_image_answers_not_found(aws: LocalAws) -> None:
    aws.create_endpoint("churn", [{"Image": FOREIGN_IMAGE, "ModelDataUrl": f"s3://{BUCKET}/model.tar.gz"}])
    aws.client("sagemaker").delete_endpoint(EndpointName="churn")
    assert invoke_error(aws, "churn") == not_found("churn")


def test_an_endpoint_created_again_after_deletion_serves_again(aws: LocalAws, binary_model: LocalModel) -> None:
    aws.deploy("churn", binary_model)
    sagemaker = aws.client("sagemaker")
    for delete, name in ((sagemaker.delete_endpoint, "EndpointName"),
                         (sagemaker.delete_endpoint_config, "EndpointConfigName"),
                         (sagemaker.delete_model, "ModelName")):
        delete(**{name: "churn"})
    aws.deploy("churn", binary_model)
    assert aws.invoke("churn", b"30,basic")["ContentType"] == "text/csv"


def test_the_endpoint_keeps_serving_when_its_model_and_config_are_deleted(
        aws: LocalAws, binary_model: LocalModel) -> None:
    aws.deploy("churn", binary_model)
    aws.client("sagemaker").delete_endpoint_config(EndpointConfigName="churn")
    aws.client("sagemaker").delete_model(ModelName="churn")
    assert aws.invoke("churn", b"30,basic")["Body"].count(b"\n") == 1


# -- other endpoints keep moto's behaviour -----------------------------------------------------------------

def test_endpoints_of_other_images_are_in_service_at_once_and_answer_queued_results(standin: AwsStandin) -> None:
    standin.reset()
    aws = LocalAws("server", standin.endpoint_url)
    aws.create_endpoint("canned", [{"Image": FOREIGN_IMAGE, "ModelDataUrl": f"s3://{BUCKET}/model.tar.gz"}])
    assert aws.status("canned") == "InService"
    standin.queue_endpoint_results(REGION, [{"Body": "1,0.75\n", "ContentType": "text/csv",
                                             "InvokedProductionVariant": "AllTraffic", "CustomAttributes": ""}])
    assert aws.invoke("canned", b"30,basic")["Body"] == b"1,0.75\n"
    standin.reset()


def test_names_moto_never_saw_keep_its_canned_answer(aws: LocalAws) -> None:
    assert aws.invoke("never-created", b"1,2")["Body"] == b"body"


def test_reset_forgets_local_endpoints(standin: AwsStandin, binary_model: LocalModel) -> None:
    aws = LocalAws("server", standin.endpoint_url)
    aws.deploy("churn", binary_model)
    standin.reset()
    assert aws.client("sagemaker").list_endpoints()["Endpoints"] == []
    assert aws.invoke("churn", b"30,basic")["Body"] == b"body"


def test_install_is_idempotent() -> None:
    patched = SageMakerRuntimeResponse.invoke_endpoint
    install()
    install()
    assert SageMakerRuntimeResponse.invoke_endpoint is patched
    assert not getattr(patched.__wrapped__, "_sme_local_endpoints", False)


def test_a_local_image_is_recognised_by_its_repository() -> None:
    assert [lifecycle.is_local_image(image) for image in (LOCAL_IMAGE, "sme-local/autopilot-xgb:2", FOREIGN_IMAGE,
                                                          None, "")] == [True, True, False, False, False]


def test_creating_lasts_the_configured_delay_by_default() -> None:
    assert lifecycle.creating_seconds() == CREATING_SECONDS
