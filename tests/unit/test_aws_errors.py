import pytest
from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.aws_errors import (NotFound, is_already_exists, is_not_found,
                                                   mask_secrets, translate_aws_error)
from exasol_sagemaker_extension.errors import AutopilotJobError, AwsCallError

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETMARK"  # 40 characters, shaped like a secret key
JOB_NOT_FOUND = NotFound(error_codes.JOB_NOT_FOUND, "job j1 was not found", "Check the job name.",
                         AutopilotJobError)


def client_error(code: str, message: str = "AWS says no", status: int = 400) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message},
                        "ResponseMetadata": {"HTTPStatusCode": status}}, "SomeOperation")


@pytest.mark.parametrize("code", [
    "AccessDenied", "AccessDeniedException", "InvalidClientTokenId", "UnrecognizedClientException",
    "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "ExpiredTokenException",
])
def test_refused_credentials_or_permissions_become_access_denied(code):
    assert translate_aws_error(client_error(code), "sagemaker:CreateModel").code == \
        error_codes.AWS_ACCESS_DENIED


def test_any_http_403_is_access_denied_even_without_a_known_code():
    assert translate_aws_error(client_error("403", status=403), "sagemaker:CreateModel").code == \
        error_codes.AWS_ACCESS_DENIED


def test_access_denied_message_names_action_code_message_and_the_connection_to_check():
    error = translate_aws_error(client_error("AccessDeniedException", "User x is not authorized"),
                                "sagemaker:CreateAutoMLJobV2")
    assert str(error).startswith("E-SME-52: AWS call sagemaker:CreateAutoMLJobV2 failed with "
                                 "AccessDeniedException: User x is not authorized.")
    assert "CONNECTION" in error.mitigation and "iam:PassRole" in error.mitigation


def test_access_denied_mentions_pass_role_only_for_actions_that_pass_a_role():
    error = translate_aws_error(client_error("AccessDenied"), "s3:ListBucket")
    assert "allowed s3:ListBucket." in str(error) and "PassRole" not in str(error)


@pytest.mark.parametrize("code, message", [
    ("ResourceNotFound", "Could not find AutoML job"),
    ("ResourceNotFoundException", "nothing"),
    ("ValidationException", "Could not find endpoint 'arn:aws:sagemaker:...'."),
    ("ValidationException", "Model x does not exist."),
])
def test_not_found_becomes_the_callers_code_and_type(code, message):
    error = translate_aws_error(client_error(code, message), "sagemaker:X", not_found=JOB_NOT_FOUND)
    assert (type(error), error.code) == (AutopilotJobError, error_codes.JOB_NOT_FOUND)
    assert "job j1 was not found" in str(error) and code in str(error)


def test_not_found_without_a_caller_code_is_a_plain_call_failure():
    assert translate_aws_error(client_error("ResourceNotFound"), "sagemaker:X").code == \
        error_codes.AWS_CALL_FAILED


@pytest.mark.parametrize("code, message", [
    ("ResourceInUse", "Resource Already Exists"),
    ("ValidationException", "Cannot create already existing model \"arn:aws:sagemaker:...\"."),
    ("ValidationException", "Cannot create already existing endpoint configuration \"x\"."),
])
def test_already_existing_resources_become_e_sme_58_with_delete_first_advice(code, message):
    error = translate_aws_error(client_error(code, message), "sagemaker:CreateModel")
    assert error.code == error_codes.RESOURCE_ALREADY_EXISTS
    assert "Delete the existing resource first or choose another name" in str(error)


@pytest.mark.parametrize("error, expected", [
    (client_error("ValidationException", "1 validation error detected"), False),
    (client_error("ValidationException", "Could not find model"), True),
    (client_error("ThrottlingException", "Rate exceeded"), False),
    (EndpointConnectionError(endpoint_url="https://x"), False),
])
def test_is_not_found_reads_code_and_sagemaker_validation_messages(error, expected):
    assert is_not_found(error) is expected


def test_a_validation_error_about_something_else_is_not_already_exists():
    assert not is_already_exists(client_error("ValidationException", "Value at 'x' failed"))


@pytest.mark.parametrize("error", [
    client_error("ThrottlingException", "Rate exceeded"),
    client_error("InternalFailure", "boom", status=500),
    EndpointConnectionError(endpoint_url="https://sagemaker.eu-central-1.amazonaws.com"),
    NoCredentialsError(),
])
def test_other_failures_become_e_sme_51(error):
    translated = translate_aws_error(error, "sagemaker:DescribeEndpoint")
    assert (type(translated), translated.code) == (AwsCallError, error_codes.AWS_CALL_FAILED)
    assert "sagemaker:DescribeEndpoint" in str(translated)


def test_network_failures_name_the_botocore_error_type():
    error = translate_aws_error(EndpointConnectionError(endpoint_url="https://x"), "s3:ListBucket")
    assert "failed with EndpointConnectionError" in str(error)


def test_caller_can_choose_code_and_mitigation_of_other_failures():
    error = translate_aws_error(client_error("InternalFailure"), "sts:GetCallerIdentity",
                                default_code=error_codes.ROLE_NOT_RESOLVED,
                                default_mitigation="Give the role's full ARN.")
    assert str(error).endswith("Give the role's full ARN.")
    assert error.code == error_codes.ROLE_NOT_RESOLVED


def test_secret_shaped_text_in_an_aws_message_never_reaches_the_error():
    error = translate_aws_error(client_error("InvalidSignatureException", f"key {SECRET} bad"),
                                "sagemaker:CreateModel")
    assert SECRET not in str(error) and "***" in str(error)


def test_long_aws_messages_are_shortened():
    error = translate_aws_error(client_error("InternalFailure", "x " * 2000), "sagemaker:X")
    assert len(str(error)) < 1000


@pytest.mark.parametrize("text, expected", [
    ("arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole", None),
    (f"secret={SECRET};", "secret=***;"),
    ("short AKIAIOSFODNN7EXAMPLE id", None),
])
def test_mask_secrets_masks_only_secret_shaped_runs(text, expected):
    assert mask_secrets(text) == (text if expected is None else expected)
