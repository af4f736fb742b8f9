"""SME_BATCH_TRANSFORM_WAIT_UDF: waits for a transform job, deletes its model, names its output files."""
from __future__ import annotations

import json
import time
from typing import Any, Callable, Optional

from exasol_sagemaker_extension import batch_transform_requests, error_codes, names
from exasol_sagemaker_extension.autopilot_requests import validate_limit
from exasol_sagemaker_extension.errors import SageMakerExtensionError
from exasol_sagemaker_extension.sagemaker_gateway import SageMakerGateway
from exasol_sagemaker_extension.transform_gateway import TransformJobGateway
from exasol_sagemaker_extension.udfs.aws_udf import AwsUDF

DEFAULT_MAX_WAIT_S = 3600.0
DEFAULT_POLL_INTERVAL_S = 30.0


class BatchTransformWaitUDF(AwsUDF):
    """Emits ``(transform_job_status, output_files)`` once the job completed; the files as a JSON array."""

    def __init__(self, exa: Any, client_factory: Optional[Any] = None,
                 poll_interval_s: float = DEFAULT_POLL_INTERVAL_S,
                 sleep: Optional[Callable[[float], None]] = None,
                 clock: Optional[Callable[[], float]] = None):
        super().__init__(exa, client_factory)
        self._poll_interval_s = poll_interval_s
        self._sleep = sleep or time.sleep
        self._clock = clock or time.monotonic

    def run(self, ctx: Any) -> None:
        """Wait up to max_wait_in_seconds; the model (named like the job) is deleted once the job ended."""
        transform_job = names.validate_transform_job_name(ctx.transform_job_name)
        output_location = batch_transform_requests.parse_s3_uri(ctx.output_s3_uri)
        max_wait = validate_limit("max_wait_in_seconds", ctx.max_wait_in_seconds) or DEFAULT_MAX_WAIT_S
        sagemaker = self._client("sagemaker", ctx)
        transforms = TransformJobGateway(sagemaker, self._client("s3", ctx))
        gateway = SageMakerGateway(sagemaker)
        try:
            description = transforms.wait_for_transform_job(transform_job, max_wait, self._poll_interval_s,
                                                             sleep=self._sleep, clock=self._clock)
        except SageMakerExtensionError as error:
            if error.code != error_codes.TRANSFORM_WAIT_TIMEOUT:  # still running: it keeps its model
                _delete_quietly(gateway, transform_job)
            raise
        gateway.delete_model(transform_job)
        files = batch_transform_requests.output_file_keys(
            transforms.list_objects(output_location.bucket, output_location.prefix), output_location.prefix)
        status, _ = batch_transform_requests.parse_transform_status(description)
        ctx.emit(status, json.dumps(files))



def _delete_quietly(gateway: SageMakerGateway, model_name: str) -> None:
    try:
        gateway.delete_model(model_name)
    except Exception:  # the job's failure is what the user must see
        pass
