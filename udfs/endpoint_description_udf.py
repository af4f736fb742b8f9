"""SME_ENDPOINT_DESCRIPTION_UDF: whether an endpoint exists, its status, and whether it is serverless.

Used before a prediction UDF is generated for an endpoint the extension did not create, so a wrong name
fails at once (E-SME-70) and a serverless endpoint gets batches under its smaller payload limit. It only
reads (DescribeEndpoint, DescribeEndpointConfig); it never changes anything in AWS.
"""
from __future__ import annotations

from typing import Any

from exasol_sagemaker_extension import names
from exasol_sagemaker_extension.endpoint_requests import is_serverless_config
from exasol_sagemaker_extension.sagemaker_gateway import SageMakerGateway
from exasol_sagemaker_extension.udfs.aws_udf import AwsUDF

SERVERLESS = "SERVERLESS"
REAL_TIME = "REAL_TIME"


class EndpointDescriptionUDF(AwsUDF):
    """Emits ``(endpoint_name, endpoint_status, SERVERLESS|REAL_TIME)``; an unknown endpoint is E-SME-70."""

    def run(self, ctx: Any) -> None:
        """Describe the endpoint and its endpoint config."""
        endpoint = names.validate_endpoint_name(ctx.endpoint_name)
        gateway = SageMakerGateway(self._client("sagemaker", ctx))
        description = gateway.describe_endpoint(endpoint)
        config = gateway.find_endpoint_config(description.get("EndpointConfigName") or endpoint)
        kind = SERVERLESS if is_serverless_config(config) else REAL_TIME
        ctx.emit(endpoint, description.get("EndpointStatus"), kind)
