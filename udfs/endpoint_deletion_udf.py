"""SME_AUTOPILOT_ENDPOINT_DELETION_UDF: deletes an endpoint, its config and its models, idempotently."""
from __future__ import annotations

from typing import Any, Optional

from exasol_sagemaker_extension import names
from exasol_sagemaker_extension.sagemaker_gateway import SageMakerGateway
from exasol_sagemaker_extension.udfs.aws_udf import AwsUDF

ENDPOINT = "ENDPOINT"
ENDPOINT_CONFIG = "ENDPOINT_CONFIG"
MODEL = "MODEL"
DELETED = "DELETED"
NOT_FOUND = "NOT_FOUND"


class EndpointDeletionUDF(AwsUDF):
    """Emits one ``(resource_type, resource_name, DELETED|NOT_FOUND)`` row per resource."""

    def run(self, ctx: Any) -> None:
        """Delete endpoint, endpoint config and models; parts already gone are NOT_FOUND."""
        endpoint = names.validate_endpoint_name(ctx.endpoint_name)
        gateway = SageMakerGateway(self._client("sagemaker", ctx))

        description = gateway.find_endpoint(endpoint)
        config_name = description["EndpointConfigName"] if description else endpoint
        config = gateway.find_endpoint_config(config_name)
        model_names = _model_names(config) or [endpoint]

        rows = [(ENDPOINT, endpoint, _action(description is not None and gateway.delete_endpoint(endpoint))),
                (ENDPOINT_CONFIG, config_name, _action(gateway.delete_endpoint_config(config_name)))]
        rows += [(MODEL, model, _action(gateway.delete_model(model))) for model in model_names]
        for row in rows:
            ctx.emit(*row)


def _model_names(config: Optional[dict]) -> list[str]:
    """The distinct model names of an endpoint config's variants, in order."""
    found: list[str] = []
    for variant in (config or {}).get("ProductionVariants", []):
        if variant.get("ModelName") and variant["ModelName"] not in found:
            found.append(variant["ModelName"])
    return found


def _action(deleted: bool) -> str:
    return DELETED if deleted else NOT_FOUND
