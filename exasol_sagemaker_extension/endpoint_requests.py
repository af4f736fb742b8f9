"""Pure builders for CreateModel, CreateEndpointConfig and CreateEndpoint requests.

The endpoint name is also the model name and the endpoint-config name. An endpoint is either
real-time (instance type and count) or serverless (memory size and maximum concurrency); every request
carries the extension's resource tags when given (``resource_tags.build_resource_tags``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

from exasol_sagemaker_extension import error_codes, names
from exasol_sagemaker_extension.errors import InvalidInputError

VARIANT_NAME = "AllTraffic"
INFERENCE_OUTPUT_KEY = "SAGEMAKER_INFERENCE_OUTPUT"
CLASSIFICATION_INFERENCE_OUTPUT = "predicted_label,probability"
_CONTAINER_KEYS = ("Image", "ModelDataUrl", "Environment")


Tags = Sequence[Mapping[str, str]]


@dataclass(frozen=True)
class RealTimeChoice:
    """A real-time endpoint on ``instance_count`` instances of ``instance_type``."""

    instance_type: str
    instance_count: int


@dataclass(frozen=True)
class ServerlessChoice:
    """A serverless endpoint: memory per worker (MB) and the most concurrent invocations."""

    memory_size_in_mb: int
    max_concurrency: int


DeploymentChoice = Union[RealTimeChoice, ServerlessChoice]


def build_deployment_choice(instance_type: Optional[str], instance_count: Optional[int],
                            memory_size_in_mb: Optional[int],
                            max_concurrency: Optional[int]) -> DeploymentChoice:
    """The checked choice: instance type and count, or serverless memory size and concurrency.

    Mixing both kinds, or giving only half of one, is E-SME-124; values break the rules of ``names``.
    """
    real_time = (instance_type, instance_count)
    serverless = (memory_size_in_mb, max_concurrency)
    if any(value is not None for value in serverless):
        if any(value is not None for value in real_time) or None in serverless:
            raise _choice_conflict()
        return ServerlessChoice(names.validate_serverless_memory_size(memory_size_in_mb),
                                names.validate_serverless_max_concurrency(max_concurrency))
    if instance_type is None and instance_count is None:
        raise _choice_conflict()
    return RealTimeChoice(names.validate_instance_type(instance_type),
                          names.validate_instance_count(instance_count))


def max_payload_bytes(choice: DeploymentChoice) -> int:
    """The largest request body a prediction UDF sends to an endpoint of this kind."""
    if isinstance(choice, ServerlessChoice):
        return names.SERVERLESS_MAX_PAYLOAD_BYTES
    return names.REALTIME_MAX_PAYLOAD_BYTES


def _choice_conflict() -> InvalidInputError:
    return InvalidInputError(
        error_codes.DEPLOYMENT_CHOICE_CONFLICT,
        "an endpoint needs either instance_type and instance_count (real-time) or "
        "serverless_memory_size_in_mb and serverless_max_concurrency (serverless), not a mix",
        "Give exactly one of the two pairs.")


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
                               problem_type: Optional[str], execution_role_arn: str,
                               tags: Optional[Tags] = None) -> dict:
    """The ``create_model`` request for a candidate's inference pipeline."""
    return _tagged({
        "ModelName": model_name,
        "Containers": build_model_containers(containers, problem_type),
        "ExecutionRoleArn": execution_role_arn,
    }, tags)


def build_production_variant(model_name: str, choice: DeploymentChoice) -> dict:
    """The one variant taking all traffic: on instances, or with a ``ServerlessConfig`` (no instances)."""
    variant: dict[str, Any] = {"VariantName": VARIANT_NAME, "ModelName": model_name}
    if isinstance(choice, ServerlessChoice):
        variant["ServerlessConfig"] = {"MemorySizeInMB": choice.memory_size_in_mb,
                                       "MaxConcurrency": choice.max_concurrency}
    else:
        variant["InstanceType"] = choice.instance_type
        variant["InitialInstanceCount"] = choice.instance_count
        variant["InitialVariantWeight"] = 1.0
    return variant


def build_create_endpoint_config_request(config_name: str, model_name: str, instance_type: str,
                                         instance_count: int, tags: Optional[Tags] = None) -> dict:
    """The ``create_endpoint_config`` request of a real-time endpoint: one variant taking all traffic."""
    return build_endpoint_config_request(config_name, model_name,
                                         RealTimeChoice(instance_type, instance_count), tags)


def build_endpoint_config_request(config_name: str, model_name: str, choice: DeploymentChoice,
                                  tags: Optional[Tags] = None) -> dict:
    """The ``create_endpoint_config`` request for a real-time or a serverless endpoint."""
    return _tagged({"EndpointConfigName": config_name,
                    "ProductionVariants": [build_production_variant(model_name, choice)]}, tags)


def build_create_endpoint_request(endpoint_name: str, config_name: str,
                                  tags: Optional[Tags] = None) -> dict:
    """The ``create_endpoint`` request."""
    return _tagged({"EndpointName": endpoint_name, "EndpointConfigName": config_name}, tags)


def is_serverless_config(description: Optional[Mapping[str, Any]]) -> bool:
    """Whether a ``describe_endpoint_config`` answer has a serverless variant (a ``ServerlessConfig``)."""
    return any(variant.get("ServerlessConfig") for variant in (description or {}).get("ProductionVariants", []))


def _tagged(request: dict, tags: Optional[Tags]) -> dict:
    if tags:
        request["Tags"] = [dict(tag) for tag in tags]
    return request
