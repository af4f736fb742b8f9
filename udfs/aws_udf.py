"""What every UDF that calls AWS shares: one cached client per service, connection and region."""
from __future__ import annotations

from typing import Any, Optional

from exasol_sagemaker_extension import names
from exasol_sagemaker_extension.resource_tags import build_resource_tags
from exasol_sagemaker_extension.sagemaker_gateway import cached_client_factory
from exasol_sagemaker_extension.udfs.aws_connection import ClientFactory, build_client_factory


class AwsUDF:
    """Base of the fixed UDFs; ``client_factory`` defaults to clients built from the named CONNECTION."""

    def __init__(self, exa: Any, client_factory: Optional[ClientFactory] = None):
        self._exa = exa
        self._clients = cached_client_factory(client_factory or build_client_factory(exa))

    def _client(self, service: str, ctx: Any) -> Any:
        """The client of ``service`` for the connection and region named by the row's arguments."""
        connection_name = names.validate_identifier(ctx.aws_credentials_connection_name, "connection name")
        return self._clients(service, connection_name, names.validate_region(ctx.aws_region))

    def _resource_tags(self, job_name: str) -> list[dict[str, str]]:
        """Tags naming this UDF's schema, the calling database user and ``job_name``."""
        meta = getattr(self._exa, "meta", None)
        schema = str(getattr(meta, "script_schema", None) or "")
        user = str(getattr(meta, "current_user", None) or "")
        return build_resource_tags(schema, user, job_name)
