"""SME_AWS_ENDPOINT_SWEEP_UDF: lists (and on request deletes) this schema's endpoints that metadata lost."""
from __future__ import annotations

from typing import Any, Optional

from exasol_sagemaker_extension import names
from exasol_sagemaker_extension.endpoint_sweep import (DELETED, ENDPOINT, ENDPOINT_CONFIG, KEPT_IN_USE, KEPT_UNTAGGED,
                                                       LISTED, MODEL, NOT_FOUND, StrayEndpoint, config_model_names,
                                                       find_stray_endpoint, parse_known_endpoints)
from exasol_sagemaker_extension.lifecycle_gateway import LifecycleGateway
from exasol_sagemaker_extension.resource_tags import belongs_to_schema, parse_resource_tags
from exasol_sagemaker_extension.sagemaker_gateway import SageMakerGateway
from exasol_sagemaker_extension.udfs.aws_udf import AwsUDF


class EndpointSweepUDF(AwsUDF):
    """Emits ``(resource type, name, status, creation time, tag user, tag job, action)`` per resource.

    One ENDPOINT row per stray endpoint (action LISTED or DELETED); when deleting, also one row for
    its endpoint config and each of its models: DELETED, NOT_FOUND, KEPT_UNTAGGED when it lacks
    this schema's tags (someone else's), or KEPT_IN_USE for a model of a deployed endpoint.
    """

    def run(self, ctx: Any) -> None:
        """List the region's endpoints, keep the strays of this schema, delete them when asked."""
        known = parse_known_endpoints(ctx.known_endpoints)
        schema = self._schema()
        client = self._client("sagemaker", ctx)
        listing = LifecycleGateway(client)
        strays = [stray for stray in (
            find_stray_endpoint(summary, parse_resource_tags(listing.tags(summary["EndpointArn"])), schema, known)
            for summary in listing.endpoints()) if stray is not None]
        for stray in strays:
            if not ctx.delete_found:
                ctx.emit(*_row(ENDPOINT, stray.name, stray, LISTED))
                continue
            for resource_type, name, action in self._delete(SageMakerGateway(client), listing, stray, schema, known):
                ctx.emit(*_row(resource_type, name, stray, action))

    def _schema(self) -> str:
        return str(getattr(getattr(self._exa, "meta", None), "script_schema", None) or "")

    @staticmethod
    def _delete(gateway: SageMakerGateway, listing: LifecycleGateway, stray: StrayEndpoint, schema: str,
                known: frozenset[str]) -> list[tuple[str, str, str]]:
        """Delete the endpoint, then its config and models where they carry this schema's tags."""
        described = gateway.find_endpoint(names.validate_endpoint_name(stray.name))
        config_name = described.get("EndpointConfigName") if described else None
        config = gateway.find_endpoint_config(config_name) if config_name else None
        rows = [(ENDPOINT, stray.name, DELETED if gateway.delete_endpoint(stray.name) else NOT_FOUND)]
        if config_name:
            rows.append((ENDPOINT_CONFIG, config_name, _delete_if_ours(
                config, "EndpointConfigArn", listing, schema, lambda: gateway.delete_endpoint_config(config_name))))
        for model_name in config_model_names(config):
            if model_name in known:
                rows.append((MODEL, model_name, KEPT_IN_USE))
                continue
            model = gateway.find_model(model_name)
            rows.append((MODEL, model_name, _delete_if_ours(
                model, "ModelArn", listing, schema, lambda name=model_name: gateway.delete_model(name))))
        return rows


def _delete_if_ours(described: Optional[dict], arn_key: str, listing: LifecycleGateway, schema: str,
                    delete: Any) -> str:
    if described is None:
        return NOT_FOUND
    if not belongs_to_schema(parse_resource_tags(listing.tags(described[arn_key])), schema):
        return KEPT_UNTAGGED
    return DELETED if delete() else NOT_FOUND


def _row(resource_type: str, name: str, stray: StrayEndpoint, action: str) -> tuple:
    return (resource_type, name, stray.status, stray.creation_time, stray.user, stray.job_name, action)
