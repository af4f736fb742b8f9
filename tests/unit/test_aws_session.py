import pytest

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.aws_session import (build_aws_session, build_client,
                                                    parse_connection_credentials)
from exasol_sagemaker_extension.errors import ConnectionObjectError

SECRET = "MARKER-SECRET-4711"


def test_credentials_come_from_user_and_identified_by():
    credentials = parse_connection_credentials("AWS_CONN", "AKIDEXAMPLE", SECRET)
    assert (credentials.access_key_id, credentials.secret_access_key, credentials.session_token) == (
        "AKIDEXAMPLE", SECRET, None)


def test_session_token_and_export_parameters_are_read_from_identified_by():
    credentials = parse_connection_credentials(
        "AWS_CONN", "AKID", f"{SECRET};sse_type=aws:kms;session_token=TOKEN123")
    assert credentials.secret_access_key == SECRET
    assert credentials.session_token == "TOKEN123"


def test_credentials_repr_hides_the_secret_and_the_token():
    credentials = parse_connection_credentials("C", "AKID", f"{SECRET};session_token=TOKEN123")
    assert SECRET not in repr(credentials)
    assert "TOKEN123" not in repr(credentials)


@pytest.mark.parametrize("user, password", [("", SECRET), (None, SECRET), ("AKID", ""), ("AKID", None),
                                            ("AKID", ";session_token=x")])
def test_incomplete_connection_is_one_clear_error(user, password):
    with pytest.raises(ConnectionObjectError) as raised:
        parse_connection_credentials("AWS_CONN", user, password)
    assert raised.value.code == error_codes.CONNECTION_NOT_USABLE
    assert "AWS_CONN" in str(raised.value)
    assert SECRET not in str(raised.value)


def test_session_uses_exactly_the_given_credentials_and_region():
    credentials = parse_connection_credentials("C", "AKID", f"{SECRET};session_token=TOK")
    session = build_aws_session(credentials, "eu-west-1")
    frozen = session.get_credentials().get_frozen_credentials()
    assert (frozen.access_key, frozen.secret_key, frozen.token) == ("AKID", SECRET, "TOK")
    assert session.get_config_variable("region") == "eu-west-1"


def test_clients_use_botocore_standard_retry_mode():
    client = build_client("sagemaker", parse_connection_credentials("C", "AKID", SECRET), "eu-west-1")
    assert client.meta.config.retries["mode"] == "standard"
    assert client.meta.region_name == "eu-west-1"


def test_clients_follow_aws_endpoint_url(monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:4566")
    client = build_client("sagemaker", parse_connection_credentials("C", "AKID", SECRET), "eu-west-1")
    assert client.meta.endpoint_url == "http://127.0.0.1:4566"
