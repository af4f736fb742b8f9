"""Pure builders and readers for batch transform: the CreateTransformJob request and its answers.

The input files hold, per row, the key columns and then the model's features (CSV, no header). The
job passes only the features to the model (``InputFilter``), joins each answer line to its input line
(``JoinSource: Input``: for CSV, AWS appends the answer's fields to the input's) and keeps the keys and
the answer (``OutputFilter``), so each ``.out`` line is ``keys..., answer...``. The filters use the
JSONPath subset AWS documents for batch transform: ``$[<start>:]`` slices and index lists such as
``$[0,5:]``; both are at most 63 characters long.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Optional

from exasol_sagemaker_extension import error_codes, names
from exasol_sagemaker_extension.errors import InvalidInputError

CSV = "text/csv"
SPLIT_TYPE = "Line"
ASSEMBLE_WITH = "Line"
BATCH_STRATEGY = "MultiRecord"
MAX_PAYLOAD_IN_MB = 6
JOIN_SOURCE = "Input"
S3_DATA_TYPE = "S3Prefix"
FILTER_MAX_LENGTH = 63  # AWS's limit for InputFilter and OutputFilter
OUTPUT_SUFFIX = ".out"  # AWS writes <output prefix>/<input file name>.out

IN_PROGRESS = "InProgress"
COMPLETED = "Completed"
FAILED = "Failed"
STOPPING = "Stopping"
STOPPED = "Stopped"
ENDED_WITHOUT_OUTPUT = (FAILED, STOPPED)


@dataclass(frozen=True)
class S3Location:
    """A bucket and a key prefix, parsed from ``s3://bucket/prefix/``."""

    bucket: str
    prefix: str

    @property
    def uri(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"


def parse_s3_uri(uri: str) -> S3Location:
    """Bucket and prefix of an ``s3://bucket/prefix/`` URI (the prefix ends with a slash)."""
    if not isinstance(uri, str) or not uri.startswith("s3://") or "/" not in uri[5:]:
        raise InvalidInputError(error_codes.INVALID_S3_OUTPUT_PATH, f"invalid S3 location {uri!r}",
                                "Give an S3 URI of the form s3://<bucket>/<prefix>/.")
    bucket, prefix = uri[5:].split("/", 1)
    if not bucket or not prefix or not _is_bucket_name(bucket):
        raise InvalidInputError(error_codes.INVALID_S3_OUTPUT_PATH, f"invalid S3 location {uri!r}",
                                "Give an S3 URI of the form s3://<bucket>/<prefix>/.")
    return S3Location(bucket, prefix if prefix.endswith("/") else prefix + "/")


def _is_bucket_name(bucket: str) -> bool:
    """Whether AWS allows ``bucket`` as a bucket name (the rule of ``s3_bucket_uri``)."""
    try:
        names.parse_s3_bucket_uri(f"s3://{bucket}")
    except InvalidInputError:
        return False
    return True


def _check_counts(key_count: int, feature_count: int) -> None:
    if key_count < 1 or feature_count < 1:
        raise InvalidInputError(
            error_codes.INVALID_KEY_COLUMNS,
            f"batch transform needs at least one key and one feature column, not {key_count} and {feature_count}",
            "Give at least one key column in key_columns.")


def build_input_filter(key_count: int, feature_count: int) -> str:
    """``$[k:]``: every field after the ``k`` key columns goes to the model."""
    _check_counts(key_count, feature_count)
    return f"$[{key_count}:]"


def build_output_filter(key_count: int, feature_count: int) -> str:
    """``$[0,...,k-1,k+f:]``: the key fields and the model's answer fields of each joined line."""
    _check_counts(key_count, feature_count)
    indexes = [str(index) for index in range(key_count)]
    text = f"$[{','.join(indexes)},{key_count + feature_count}:]"
    if len(text) > FILTER_MAX_LENGTH:
        raise InvalidInputError(
            error_codes.INVALID_KEY_COLUMNS,
            f"{key_count} key columns make the output filter {len(text)} characters long, over AWS's "
            f"limit of {FILTER_MAX_LENGTH}",
            "Use fewer key columns, for example one ID column (a view can combine several into one).")
    return text


def build_data_processing(key_count: int, feature_count: int) -> dict:
    """The ``DataProcessing`` of the job: model sees the features; the output keeps keys and answer."""
    return {
        "InputFilter": build_input_filter(key_count, feature_count),
        "OutputFilter": build_output_filter(key_count, feature_count),
        "JoinSource": JOIN_SOURCE,
    }


def build_create_transform_job_request(transform_job_name: str, model_name: str, input_uri: str,
                                       output_uri: str, instance_type: str, instance_count: int,
                                       key_count: int, feature_count: int,
                                       tags: Iterable[Mapping[str, str]]) -> dict:
    """The ``create_transform_job`` request over the CSV files under ``input_uri``."""
    return {
        "TransformJobName": transform_job_name,
        "ModelName": model_name,
        "MaxPayloadInMB": MAX_PAYLOAD_IN_MB,
        "BatchStrategy": BATCH_STRATEGY,
        "TransformInput": {
            "DataSource": {"S3DataSource": {"S3DataType": S3_DATA_TYPE, "S3Uri": input_uri}},
            "ContentType": CSV,
            "SplitType": SPLIT_TYPE,
        },
        "TransformOutput": {"S3OutputPath": output_uri, "Accept": CSV, "AssembleWith": ASSEMBLE_WITH},
        "TransformResources": {"InstanceType": instance_type, "InstanceCount": instance_count},
        "DataProcessing": build_data_processing(key_count, feature_count),
        "Tags": [dict(tag) for tag in tags],
    }


def parse_transform_status(describe: Mapping[str, Any]) -> tuple[str, Optional[str]]:
    """``(TransformJobStatus, FailureReason or None)`` of a ``describe_transform_job`` answer."""
    return describe.get("TransformJobStatus", ""), describe.get("FailureReason") or None


def output_file_keys(objects: Iterable[Mapping[str, Any]], output_prefix: str) -> list[str]:
    """The non-empty ``.out`` objects directly under the output prefix, sorted (``Key``/``Size`` items)."""
    keys = []
    for item in objects:
        key = str(item["Key"])
        if (key.startswith(output_prefix) and key.endswith(OUTPUT_SUFFIX)
                and "/" not in key[len(output_prefix):] and int(item.get("Size", 0)) > 0):
            keys.append(key)
    return sorted(keys)
