"""Reads AWS credentials from an Exasol CONNECTION inside a UDF."""
from __future__ import annotations

from typing import Any, Callable

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.aws_session import (AwsCredentials, build_client,
                                                    parse_connection_credentials)
from exasol_sagemaker_extension.errors import ConnectionObjectError

ClientFactory = Callable[[str, str, str], Any]


def read_connection_credentials(exa: Any, connection_name: str) -> AwsCredentials:
    """Credentials of the named connection; a missing or forbidden connection is one clear error."""
    try:
        connection = exa.get_connection(connection_name)
    except Exception as error:  # Exasol raises a generic error; its text names no secret
        raise ConnectionObjectError(
            error_codes.CONNECTION_NOT_USABLE,
            f"connection {connection_name} cannot be read ({type(error).__name__})",
            f"Check that it exists and that you may use it: GRANT CONNECTION {connection_name} TO "
            "<user or role>.") from None
    return parse_connection_credentials(connection_name, connection.user, connection.password)


def build_client_factory(exa: Any) -> ClientFactory:
    """A factory ``(service, connection_name, region) -> boto3 client`` bound to ``exa``."""

    def factory(service: str, connection_name: str, region: str) -> Any:
        return build_client(service, read_connection_credentials(exa, connection_name), region)

    return factory
