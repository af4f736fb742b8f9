"""Local endpoints inside moto: ``install()`` extends moto's SageMaker and SageMaker runtime in-process.

After ``install()``, in this process (``ThreadedMotoServer`` and ``mock_aws`` alike):

- ``create_endpoint`` of a model with a local Autopilot image shows ``Creating``, then ``InService``
  (or ``Failed``) after the creation delay; ``describe_endpoint`` and ``list_endpoints`` show it.
- ``invoke_endpoint`` of such an endpoint predicts with its model (see ``serving``).
- ``invoke_endpoint`` of an endpoint that was deleted, or of a local one that is not ``InService``,
  fails as AWS does (``ValidationError`` ... not found); a body over 6 MiB gets AWS's 413, a body over
  4 MB sent to a serverless endpoint AWS's ``ValidationError`` "... has oversize body".
- Every other endpoint keeps moto's behaviour: queued results, else the text ``body``. That includes
  names this moto never saw, which moto's queued results are commonly bound to.

``install()`` is idempotent and changes nothing for code that does not use local images.
"""
from __future__ import annotations

import functools
import threading
from typing import Any, Callable
from urllib.parse import unquote

from moto.core.common_types import TYPE_RESPONSE
from moto.sagemaker.models import SageMakerModelBackend, sagemaker_backends
from moto.sagemakerruntime.responses import SageMakerRuntimeResponse

from exasol_sagemaker_extension.local.endpoints import lifecycle, serving
from exasol_sagemaker_extension.local.endpoints.runtime_errors import (MAX_BODY_BYTES, EndpointNotFound,
                                                                       ModelError, OversizeBody,
                                                                       payload_too_large)

_MARK = "_sme_local_endpoints"
_lock = threading.Lock()


def install() -> None:
    """Extend moto's SageMaker backend and runtime with local endpoints (once per process)."""
    with _lock:
        if getattr(SageMakerRuntimeResponse.invoke_endpoint, _MARK, False):
            return
        _patch(SageMakerModelBackend, "create_endpoint", _create_endpoint)
        _patch(SageMakerModelBackend, "delete_endpoint", _delete_endpoint)
        _patch(SageMakerModelBackend, "describe_endpoint", _refreshing)
        _patch(SageMakerModelBackend, "list_endpoints", _refreshing)
        # the runtime reads the body as bytes (moto would decode it as UTF-8 and fail on other bytes)
        SageMakerRuntimeResponse.use_raw_body = True
        _patch(SageMakerRuntimeResponse, "invoke_endpoint", _invoke_endpoint)


def is_installed() -> bool:
    """Tell whether ``install()`` has run in this process."""
    return bool(getattr(SageMakerRuntimeResponse.invoke_endpoint, _MARK, False))


def _patch(owner: type, name: str, make: Callable[[Callable], Callable]) -> None:
    original = getattr(owner, name)
    replacement = functools.wraps(original)(make(original))
    setattr(replacement, _MARK, True)
    setattr(owner, name, replacement)


def _create_endpoint(original: Callable) -> Callable:
    def create_endpoint(self: SageMakerModelBackend, *args: Any, **kwargs: Any) -> Any:
        endpoint = original(self, *args, **kwargs)
        lifecycle.start(self, endpoint)
        return endpoint

    return create_endpoint


def _delete_endpoint(original: Callable) -> Callable:
    def delete_endpoint(self: SageMakerModelBackend, endpoint_name: str, *args: Any, **kwargs: Any) -> Any:
        result = original(self, endpoint_name, *args, **kwargs)
        lifecycle.forget(self, endpoint_name)
        return result

    return delete_endpoint


def _refreshing(original: Callable) -> Callable:
    def refreshed(self: SageMakerModelBackend, *args: Any, **kwargs: Any) -> Any:
        lifecycle.refresh(self)
        return original(self, *args, **kwargs)

    return refreshed


def _invoke_endpoint(original: Callable) -> Callable:
    def invoke_endpoint(self: SageMakerRuntimeResponse) -> TYPE_RESPONSE:
        body = self.raw_body if isinstance(self.raw_body, bytes) else (self.raw_body or "").encode("utf-8")
        if len(body) > MAX_BODY_BYTES:
            return payload_too_large()
        name = unquote(self.path.split("/")[2])
        backend = sagemaker_backends[self.current_account][self.region]
        local = lifecycle.local_endpoints(backend).get(name)
        if local is None:
            if name in lifecycle.deleted_names(backend) and name not in backend.endpoints:
                raise EndpointNotFound(name, self.current_account)
            if isinstance(self.body, bytes):  # moto's own answer expects the decoded text
                self.body = self.body.decode("utf-8")
            return original(self)
        if local.status() != lifecycle.IN_SERVICE or local.model is None:
            raise EndpointNotFound(name, self.current_account)
        if len(body) > local.max_body_bytes:
            raise OversizeBody()
        try:
            answer, content_type = serving.answer(local.model, body, self.headers.get("Content-Type"),
                                                  self.headers.get("Accept"), local.output_keys)
        except serving.ContainerError as error:
            raise ModelError(name, self.current_account, self.region, error.status, error.message) from None
        except Exception as error:  # a model failure: the container would answer 500
            raise ModelError(name, self.current_account, self.region, 500,
                             f"{type(error).__name__}: {error}") from None
        headers = {"status": "200", "Content-Type": content_type,
                   "x-Amzn-Invoked-Production-Variant": local.variant_name}
        return 200, headers, answer

    return invoke_endpoint
