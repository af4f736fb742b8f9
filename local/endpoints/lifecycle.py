"""The life of a local endpoint: ``Creating`` for a while, then ``InService`` with its model, or ``Failed``.

An endpoint is local when a model of its endpoint config has a container whose image is a local
Autopilot image (``sme-local/autopilot...``). At ``create_endpoint`` its model file is read from the
emulated S3 (the container's ``ModelDataUrl``) and loaded; the outcome shows once the creation
delay has passed: ``InService``, or ``Failed`` with the ``FailureReason`` AWS gives for that cause.
The delay is ``SME_LOCAL_ENDPOINT_CREATING_SECONDS`` if set, else ``SETTINGS.creating_seconds``
(default 1 s). The product's deployment waits by polling after 1, 2, 4, ... seconds (up to its poll
interval), so a delay of at most 1 s shows ``Creating`` at its first look and ``InService`` at its
first poll: a local deploy takes about a second. A longer delay costs the next poll (3 s, 7 s, ...).

The state lives on moto's SageMaker backend object, so moto's reset forgets it with everything else.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any, Callable, Optional
from urllib.parse import urlparse

from moto.core.utils import utcnow

from exasol_sagemaker_extension.local.endpoints.runtime_errors import MAX_BODY_BYTES, SERVERLESS_MAX_BODY_BYTES
from exasol_sagemaker_extension.local.endpoints.serving import ServedModel, parse_output_keys

LOCAL_IMAGE_PREFIX = "sme-local/autopilot"
INFERENCE_OUTPUT_KEY = "SAGEMAKER_INFERENCE_OUTPUT"
CREATING_SECONDS_VARIABLE = "SME_LOCAL_ENDPOINT_CREATING_SECONDS"
DEFAULT_CREATING_SECONDS = 1.0  # the product's first poll (sagemaker_gateway.FIRST_POLL_INTERVAL_S)
CREATING = "Creating"
IN_SERVICE = "InService"
FAILED = "Failed"
_ENDPOINTS_ATTRIBUTE = "_sme_local_endpoints"
_DELETED_ATTRIBUTE = "_sme_deleted_endpoints"

ModelLoader = Callable[[bytes], ServedModel]


@dataclass
class Settings:
    """How local endpoints are created; ``model_loader`` None means the local Autopilot's ``load_model``."""

    creating_seconds: float = DEFAULT_CREATING_SECONDS
    model_loader: Optional[ModelLoader] = None


SETTINGS = Settings()


@dataclass
class LocalEndpoint:
    """A local endpoint: its served variant, when it is ready, and its model or why it failed."""

    name: str
    variant_name: str
    ready_at: float
    model: Optional[ServedModel] = None
    output_keys: tuple[str, ...] = ()
    failure_reason: Optional[str] = None
    max_body_bytes: int = MAX_BODY_BYTES  # a serverless variant takes less (SERVERLESS_MAX_BODY_BYTES)

    def status(self, now: Optional[float] = None) -> str:
        """``Creating`` until ready, then ``InService`` or ``Failed``."""
        if (time.monotonic() if now is None else now) < self.ready_at:
            return CREATING
        return FAILED if self.failure_reason else IN_SERVICE


class _Unavailable(Exception):
    """The endpoint cannot serve; the message is AWS's FailureReason."""


def creating_seconds() -> float:
    """How long a new local endpoint stays ``Creating``."""
    text = os.environ.get(CREATING_SECONDS_VARIABLE, "").strip()
    if text:
        try:
            return max(float(text), 0.0)
        except ValueError:
            pass
    return max(float(SETTINGS.creating_seconds), 0.0)


def is_local_image(image: Optional[str]) -> bool:
    """Tell whether an image is the local Autopilot's inference image."""
    return bool(image) and str(image).startswith(LOCAL_IMAGE_PREFIX)


def containers_of(model: Any) -> list[dict]:
    """A moto model's containers (``Containers``, else its ``PrimaryContainer``)."""
    if model.containers:
        return list(model.containers)
    return [model.primary_container] if model.primary_container else []


def local_endpoints(backend: Any) -> dict[str, LocalEndpoint]:
    """The local endpoints of one moto SageMaker backend (account and region), by name."""
    return backend.__dict__.setdefault(_ENDPOINTS_ATTRIBUTE, {})


def deleted_names(backend: Any) -> set[str]:
    """Names of endpoints deleted in this backend and not created again."""
    return backend.__dict__.setdefault(_DELETED_ATTRIBUTE, set())


def start(backend: Any, endpoint: Any) -> Optional[LocalEndpoint]:
    """Begin creating ``endpoint`` (moto's record) if it serves a local model; None if it does not."""
    config = backend.endpoint_configs.get(endpoint.endpoint_config_name)
    variants = config.production_variants if config is not None else []
    for variant in variants:
        model = backend._models.get(variant.get("ModelName"))
        if model is None:
            continue
        containers = containers_of(model)
        if any(is_local_image(container.get("Image")) for container in containers):
            local = LocalEndpoint(endpoint.endpoint_name, variant.get("VariantName", "AllTraffic"),
                                  time.monotonic() + creating_seconds())
            if variant.get("ServerlessConfig"):
                local.max_body_bytes = SERVERLESS_MAX_BODY_BYTES
            try:
                local.model, local.output_keys = _load(backend, containers, local.variant_name)
            except _Unavailable as reason:
                local.failure_reason = str(reason)
            local_endpoints(backend)[endpoint.endpoint_name] = local
            deleted_names(backend).discard(endpoint.endpoint_name)
            show_status(endpoint, local)
            return local
    deleted_names(backend).discard(endpoint.endpoint_name)
    return None


def refresh(backend: Any) -> None:
    """Bring moto's endpoint records up to date with the local endpoints' current status."""
    now = time.monotonic()
    for name, local in list(local_endpoints(backend).items()):
        endpoint = backend.endpoints.get(name)
        if endpoint is not None:
            show_status(endpoint, local, now)


def show_status(endpoint: Any, local: LocalEndpoint, now: Optional[float] = None) -> None:
    """Write the local endpoint's status (and failure reason) into moto's record of it."""
    status = local.status(now)
    if endpoint.endpoint_status != status:
        endpoint.endpoint_status = status
        endpoint.failure_reason = local.failure_reason if status == FAILED else None
        endpoint.last_modified_time = utcnow()


def forget(backend: Any, name: str) -> None:
    """The endpoint was deleted: stop serving it and remember that it is gone."""
    local_endpoints(backend).pop(name, None)
    deleted_names(backend).add(name)


def _load(backend: Any, containers: list[dict], variant_name: str) -> tuple[ServedModel, tuple[str, ...]]:
    """The model and output keys of a local inference pipeline, or ``_Unavailable`` with AWS's reason."""
    foreign = [c.get("Image") for c in containers if not is_local_image(c.get("Image"))]
    if foreign:
        raise _Unavailable(
            f"Please make sure all images included in the model for the production variant {variant_name} "
            "exist, and that the execution role used to create the model has permissions to access them.")
    health_check = (f"The primary container for production variant {variant_name} did not pass the ping "
                    "health check. Please check CloudWatch logs for this endpoint.")
    with_data = [(index, c) for index, c in enumerate(containers, start=1) if c.get("ModelDataUrl")]
    if not with_data:
        raise _Unavailable(health_check)
    index, container = with_data[-1]
    data = _download(backend, container["ModelDataUrl"], index)
    environment = {}
    for each in containers:
        environment.update(each.get("Environment") or {})
    try:
        output_keys = parse_output_keys(environment.get(INFERENCE_OUTPUT_KEY))
        model = (SETTINGS.model_loader or _autopilot_loader())(data)
    except Exception:  # what the container would log; AWS reports only the failed health check
        raise _Unavailable(health_check) from None
    return model, output_keys


def _download(backend: Any, url: str, index: int) -> bytes:
    """The object at an ``s3://`` URL in the emulated S3 of the backend's account."""
    from moto.s3.models import s3_backends

    parsed = urlparse(url)
    key = None
    if parsed.scheme == "s3" and parsed.netloc:
        try:
            s3 = s3_backends[backend.account_id][backend.partition]
            key = s3.get_object(parsed.netloc, parsed.path.lstrip("/"))
        except Exception:  # moto's MissingBucket and friends: the object is not there
            key = None
    if key is None or not hasattr(key, "value"):
        raise _Unavailable(
            f'Failed to download model data for container "container_{index}" from URL: "{url}". '
            "Please ensure that there is an object located at the URL and that the role passed to "
            "CreateModel has permissions to download the object.")
    return key.value


def _autopilot_loader() -> ModelLoader:
    from exasol_sagemaker_extension.local.autopilot.model_artifact import load_model

    return load_model
