from types import SimpleNamespace

import pytest

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.errors import ConnectionObjectError
from exasol_sagemaker_extension.udfs.aws_connection import (build_client_factory,
                                                            read_connection_credentials)

SECRET = "MARKER-SECRET-0815"


class FakeExa:
    """Answers exa.get_connection like Exasol: the connection or an error for unknown names."""

    def __init__(self, connections):
        self.connections = connections
        self.calls = []

    def get_connection(self, name):
        self.calls.append(name)
        if name not in self.connections:
            raise RuntimeError(f"connection {name} does not exist")
        return self.connections[name]


def _connection(user="AKID", password=SECRET):
    return SimpleNamespace(address="https://b.s3.eu-west-1.amazonaws.com/", user=user, password=password)


def test_credentials_are_read_from_the_named_connection():
    exa = FakeExa({"AWS_CONN": _connection()})
    credentials = read_connection_credentials(exa, "AWS_CONN")
    assert (credentials.access_key_id, credentials.secret_access_key) == ("AKID", SECRET)
    assert exa.calls == ["AWS_CONN"]


def test_missing_connection_is_a_coded_error_with_a_grant_hint():
    with pytest.raises(ConnectionObjectError) as raised:
        read_connection_credentials(FakeExa({}), "NOPE")
    assert raised.value.code == error_codes.CONNECTION_NOT_USABLE
    assert "GRANT CONNECTION NOPE" in str(raised.value)


def test_client_factory_builds_a_client_for_service_and_region():
    factory = build_client_factory(FakeExa({"AWS_CONN": _connection()}))
    client = factory("sagemaker-runtime", "AWS_CONN", "eu-west-1")
    assert client.meta.service_model.service_name == "sagemaker-runtime"
    assert client.meta.region_name == "eu-west-1"
    assert client.meta.config.retries["mode"] == "standard"
