"""Pure builders for CreateModel, CreateEndpointConfig and CreateEndpoint requests.

The endpoint name is also the model name and the endpoint-config name.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional

from exasol_sagemaker_extension import names

VARIANT_NAME = "AllTraffic"
INFERENCE_OUTPUT_KEY = "SAGEMAKER_INFERENCE_OUTPUT"
CLASSIFICATION_INFERENCE_OUTPUT = "predicted_label,probability"
_CONTAINER_KEYS = ("Image", "ModelDataUrl", "Environment")


def is_classification(problem_type: Optional[str]) -> bool:
    """Tell whether predictions of this problem type come with a probability."""
    return problem_type in names.CLASSIFICATION_PROBLEM_TYPES


def build_model_containers(containers: Iterable[Mapping[str, Any]],
                           problem_type: Optional[str]) -> list[dict]:
    """The candidate's containers; classification ones also answer with the label's probability."""
    result = []
    for container in containers:
        definition = {key: container[key] for key in _CONTAINER_KEYS if container.get(key) is not None}
        environment = dict(container.get("Environment") or {})
        if is_classification(problem_type):
            environment[INFERENCE_OUTPUT_KEY] = CLASSIFICATION_INFERENCE_OUTPUT
        if environment:
            definition["Environment"] = environment
        result.append(definition)
    return result


def build_create_model_request(model_name: str, containers: Iterable[Mapping[str, Any]],
                               problem_type: Optional[str], execution_role_arn: str) -> dict:
    """The ``create_model`` request for the best candidate's inference pipeline."""
    return {
        "ModelName": model_name,
        "Containers": build_model_containers(containers, problem_type),
        "ExecutionRoleArn": execution_role_arn,
    }


def build_create_endpoint_config_request(config_name: str, model_name: str, instance_type: str,
                                         instance_count: int) -> dict:
    """The ``create_endpoint_config`` request: one variant taking all traffic."""
    return {
        "EndpointConfigName": config_name,
        "ProductionVariants": [{
            "VariantName": VARIANT_NAME,
            "ModelName": model_name,
            "InstanceType": instance_type,
            "InitialInstanceCount": instance_count,
            "InitialVariantWeight": 1.0,
        }],
    }


def build_create_endpoint_request(endpoint_name: str, config_name: str) -> dict:
    """The ``create_endpoint`` request."""
    return {"EndpointName": endpoint_name, "EndpointConfigName": config_name}
