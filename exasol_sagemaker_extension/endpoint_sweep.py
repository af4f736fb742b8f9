"""Pure rules of the endpoint sweep: which endpoints of a region are strays of this schema.

A stray carries the tags of this schema (``resource_tags``) and no row of
SME_METADATA_AUTOPILOT_ENDPOINTS knows it as DEPLOYED: a deployment that failed half-way, a row
deleted by hand, or an endpoint deleted from metadata only. Endpoints without our tags are never
touched, whoever created them.
"""
from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any, Mapping, Optional

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.errors import InvalidInputError
from exasol_sagemaker_extension.resource_tags import TAG_JOB, TAG_USER, belongs_to_schema

LISTED = "LISTED"
DELETED = "DELETED"
NOT_FOUND = "NOT_FOUND"
KEPT_UNTAGGED = "KEPT_UNTAGGED"  # an endpoint config or model without our tags stays
KEPT_IN_USE = "KEPT_IN_USE"  # a model named like an endpoint metadata knows as deployed stays

ENDPOINT = "ENDPOINT"
ENDPOINT_CONFIG = "ENDPOINT_CONFIG"
MODEL = "MODEL"


@dataclass(frozen=True)
class StrayEndpoint:
    """An endpoint of this schema that metadata does not know as deployed."""

    name: str
    arn: str
    status: Optional[str]
    creation_time: Optional[str]
    user: Optional[str]
    job_name: Optional[str]


def parse_known_endpoints(text: Any) -> frozenset[str]:
    """The endpoint names metadata knows as deployed, from their JSON array."""
    try:
        names = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        names = None
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise InvalidInputError(error_codes.INVALID_JSON, "known_endpoints is not a JSON array of endpoint names",
                                'Pass the deployed endpoint names, e.g. ["churn-ep"], or [] for none.')
    return frozenset(names)


def find_stray_endpoint(summary: Mapping[str, Any], tags: Mapping[str, str], schema: str,
                        known: frozenset[str]) -> Optional[StrayEndpoint]:
    """The endpoint of a ``list_endpoints`` entry if it is a stray of ``schema``, else None."""
    name = str(summary["EndpointName"])
    if name in known or not belongs_to_schema(tags, schema):
        return None
    return StrayEndpoint(name=name, arn=str(summary["EndpointArn"]), status=summary.get("EndpointStatus"),
                         creation_time=creation_time_text(summary.get("CreationTime")),
                         user=tags.get(TAG_USER), job_name=tags.get(TAG_JOB))


def creation_time_text(value: Any) -> Optional[str]:
    """A time of an AWS answer as ``YYYY-MM-DD HH:MM:SS`` in UTC (text that casts to TIMESTAMP)."""
    if not isinstance(value, datetime.datetime):
        return None
    if value.tzinfo is not None:
        value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return value.strftime("%Y-%m-%d %H:%M:%S")


def config_model_names(config: Optional[Mapping[str, Any]]) -> list[str]:
    """The distinct model names of an endpoint config's variants, in order."""
    found: list[str] = []
    for variant in (config or {}).get("ProductionVariants", []):
        if variant.get("ModelName") and variant["ModelName"] not in found:
            found.append(variant["ModelName"])
    return found
