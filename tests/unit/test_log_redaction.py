import logging

import pytest
from moto import mock_aws

from exasol_sagemaker_extension.aws_session import build_client, parse_connection_credentials
from exasol_sagemaker_extension.log_redaction import protect_secrets, redact

SECRET = "SECRET-MARKER-9f3c"
TOKEN = "TOKEN-MARKER-77a1"


@pytest.fixture
def debug_logs(caplog, monkeypatch):
    for variable in ("AWS_ENDPOINT_URL", "AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(variable, raising=False)
    caplog.set_level(logging.DEBUG)
    return caplog


def test_botocore_debug_logs_of_a_call_with_temporary_credentials_hold_neither_secret_nor_token(debug_logs):
    with mock_aws():
        client = build_client("sagemaker", parse_connection_credentials("C", "AKIDLOGS", f"{SECRET};session_token={TOKEN}"),
                              "eu-west-1")
        client.list_auto_ml_jobs()
    assert "x-amz-security-token:***" in debug_logs.text  # botocore did log the signed header, redacted
    assert SECRET not in debug_logs.text and TOKEN not in debug_logs.text


def test_a_registered_secret_is_redacted_in_any_aws_library_logger_and_the_record_is_kept(debug_logs):
    protect_secrets("another-secret-1234")
    logging.getLogger("botocore.endpoint").debug("headers %s", {"X-Amz-Security-Token": "another-secret-1234"})
    logging.getLogger("urllib3.connectionpool").debug("sent another-secret-1234")
    assert [record.getMessage() for record in debug_logs.records] == [
        "headers {'X-Amz-Security-Token': '***'}", "sent ***"]


def test_redact_replaces_the_longest_secret_first():
    assert redact("token abcdef and abc", ["abc", "abcdef"]) == "token *** and ***"
