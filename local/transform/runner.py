"""What a local batch transform job does: read the input lines, predict, write ``.out`` files.

``run(backend, job)`` takes moto's records (the SageMaker backend of the job's account and region and
its ``FakeTransformJob``) and returns None when the job succeeded, else AWS's ``FailureReason``.
S3 is read and written in process, in moto's S3 backend of the same account.
"""
from __future__ import annotations

import csv
import io
from typing import Any, Optional
from urllib.parse import urlparse

from exasol_sagemaker_extension.local.endpoints import lifecycle, serving
from exasol_sagemaker_extension.local.transform.filters import FilterError, apply_filter

OUTPUT_SUFFIX = ".out"
SUPPORTED_SPLIT_TYPES = ("Line",)


class TransformFailure(Exception):
    """The job fails; the message is AWS's FailureReason."""


def run(backend: Any, job: Any) -> Optional[str]:
    """Run the job to its end; None on success, else the failure reason."""
    try:
        model, output_keys = load_model(backend, job.model_name)
        source = (job.transform_input or {}).get("DataSource", {}).get("S3DataSource", {})
        if source.get("S3DataType", "S3Prefix") != "S3Prefix":
            raise TransformFailure("ClientError: the local runtime reads only S3DataType S3Prefix.")
        split_type = (job.transform_input or {}).get("SplitType", "None")
        if split_type not in SUPPORTED_SPLIT_TYPES:
            raise TransformFailure(f"ClientError: the local runtime splits CSV input only by Line, not {split_type}.")
        output_path = (job.transform_output or {}).get("S3OutputPath", "")
        processing = job.data_processing or {}
        s3 = _s3(backend)
        bucket, prefix = _split_uri(source.get("S3Uri", ""))
        inputs = _input_keys(s3, bucket, prefix)
        if not inputs:
            raise TransformFailure(f"ClientError: No S3 objects found under S3 URL \"{source.get('S3Uri', '')}\" "
                                   "given in input data source. Please ensure that the bucket exists in the "
                                   "selected region, that objects exist under that S3 prefix, and that the role "
                                   "provided has \"s3:ListBucket\" permissions on the bucket.")
        out_bucket, out_prefix = _split_uri(output_path)
        for key in inputs:
            text = s3.get_object(bucket, key).value.decode("utf-8")
            result = transform_text(text, model, output_keys, processing)
            name = key[len(prefix):].lstrip("/") if prefix else key
            out_key = (out_prefix.rstrip("/") + "/" if out_prefix else "") + name + OUTPUT_SUFFIX
            s3.put_object(out_bucket, out_key, result.encode("utf-8"))
    except TransformFailure as failure:
        return str(failure)
    except Exception as error:  # what the container would log; AWS reports a client error
        return f"ClientError: {type(error).__name__}: {error}"
    return None


def load_model(backend: Any, model_name: str) -> tuple[Any, tuple[str, ...]]:
    """The served model and output keys of a SageMaker model with local Autopilot images."""
    model = backend._models.get(model_name)
    if model is None:
        raise TransformFailure(f"ClientError: Could not find model \"{model_name}\".")
    containers = lifecycle.containers_of(model)
    if not containers or not all(lifecycle.is_local_image(c.get("Image")) for c in containers):
        raise TransformFailure("ClientError: Please make sure all images included in the model exist, and that "
                               "the execution role used to create the model has permissions to access them.")
    with_data = [c for c in containers if c.get("ModelDataUrl")]
    if not with_data:
        raise TransformFailure("ClientError: the model has no ModelDataUrl to load.")
    url = with_data[-1]["ModelDataUrl"]
    bucket, key = _split_uri(url)
    try:
        data = _s3(backend).get_object(bucket, key).value
    except Exception:  # moto's MissingBucket and friends: the object is not there
        raise TransformFailure(f"ClientError: Failed to download model data from URL: \"{url}\". Please ensure "
                               "that there is an object located at the URL.") from None
    environment: dict = {}
    for container in containers:
        environment.update(container.get("Environment") or {})
    output_keys = serving.parse_output_keys(environment.get(lifecycle.INFERENCE_OUTPUT_KEY))
    loader = lifecycle.SETTINGS.model_loader
    if loader is None:
        from exasol_sagemaker_extension.local.autopilot.model_artifact import load_model as loader
    return loader(data), output_keys


def transform_text(text: str, model: Any, output_keys: tuple[str, ...], processing: dict) -> str:
    """The ``.out`` text of one input file: one line per input line, ``AssembleWith: Line``."""
    records = [row for row in csv.reader(io.StringIO(text, newline=""), strict=True) if row]
    if not records:
        return ""
    input_filter = processing.get("InputFilter") or "$"
    output_filter = processing.get("OutputFilter") or "$"
    join = (processing.get("JoinSource") or "None") == "Input"
    try:
        features = [apply_filter(input_filter, record) for record in records]
    except FilterError as error:
        raise TransformFailure(f"ClientError: InputFilter: {error}") from None
    width = len(model.feature_names)
    for row in features:
        if len(row) != width:
            raise TransformFailure(
                "ClientError: Received data of unknown size. Expected number of columns is "
                f"{width}. Number of columns in the received data is {len(row)}.")
    answers = _answer_fields(model, features, output_keys)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for record, answer in zip(records, answers):
        joined = list(record) + answer if join else answer
        try:
            writer.writerow(apply_filter(output_filter, joined))
        except FilterError as error:
            raise TransformFailure(f"ClientError: OutputFilter: {error}") from None
    return buffer.getvalue()


def _answer_fields(model: Any, rows: list[list[str]], output_keys: tuple[str, ...]) -> list[list[str]]:
    """The container's CSV answer for the rows, as fields per row."""
    body = serving.format_records(serving.predict(model, rows, output_keys), serving.CSV).decode("utf-8")
    return list(csv.reader(io.StringIO(body, newline="")))


def _split_uri(uri: str) -> tuple[str, str]:
    parsed = urlparse(uri)
    if parsed.scheme != "s3" or not parsed.netloc:
        raise TransformFailure(f"ClientError: {uri!r} is not an S3 URI.")
    return parsed.netloc, parsed.path.lstrip("/")


def _s3(backend: Any) -> Any:
    from moto.s3.models import s3_backends

    return s3_backends[backend.account_id][backend.partition]


def _input_keys(s3: Any, bucket: str, prefix: str) -> list[str]:
    try:
        keys = list(s3.get_bucket(bucket).keys.keys())
    except Exception:  # moto's MissingBucket
        return []
    return sorted(key for key in keys if key.startswith(prefix) and not key.endswith("/"))
