"""Pure builders for Autopilot requests: the CreateAutoMLJobV2 request, S3 locations, role ARNs."""
from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Iterable, Optional

from exasol_sagemaker_extension import error_codes, names
from exasol_sagemaker_extension.errors import InvalidInputError

TRAINING_CHANNEL = "training"
TRAINING_CONTENT_TYPE = "text/csv;header=present"
TRAINING_DATA_FOLDER = "training-data"
OUTPUT_FOLDER = "output"

# Region prefixes of the partitions other than the commercial one ("aws"); longest prefix wins.
_PARTITION_BY_REGION_PREFIX = (
    ("us-isob-", "aws-iso-b"),
    ("us-isof-", "aws-iso-f"),
    ("eu-isoe-", "aws-iso-e"),
    ("us-iso-", "aws-iso"),
    ("us-gov-", "aws-us-gov"),
    ("cn-", "aws-cn"),
)


def job_prefix(output_path: str, job_name: str) -> str:
    """The S3 key prefix that belongs to one job: ``<output_path>/<job_name>``."""
    return f"{names.normalize_s3_output_path(output_path)}/{job_name}"


def training_data_prefix(output_path: str, job_name: str) -> str:
    """The S3 key prefix the table is exported to, with a trailing slash."""
    return f"{job_prefix(output_path, job_name)}/{TRAINING_DATA_FOLDER}/"


def training_data_uri(bucket: str, output_path: str, job_name: str) -> str:
    """``s3://<bucket>/<output_path>/<job_name>/training-data/``."""
    return f"s3://{bucket}/{training_data_prefix(output_path, job_name)}"


def output_uri(bucket: str, output_path: str, job_name: str) -> str:
    """``s3://<bucket>/<output_path>/<job_name>/output``, where Autopilot writes its artefacts."""
    return f"s3://{bucket}/{job_prefix(output_path, job_name)}/{OUTPUT_FOLDER}"


def partition_for_region(region: str) -> str:
    """The ARN partition of a region: ``aws``, ``aws-cn``, ``aws-us-gov``, ..."""
    for prefix, partition in _PARTITION_BY_REGION_PREFIX:
        if region.startswith(prefix):
            return partition
    return "aws"


def resolve_role_arn(role: str, account_id: str, region: str) -> str:
    """The role's ARN: an ARN is kept, a role name becomes ``arn:<partition>:iam::<account>:role/<name>``."""
    names.validate_iam_role(role)
    if names.is_role_arn(role):
        return role
    return f"arn:{partition_for_region(region)}:iam::{account_id}:role/{role}"


def parse_objective(objective: Optional[str]) -> Optional[str]:
    """The metric name of an objective given as ``F1`` or as the legacy ``{"MetricName": "F1"}``."""
    if objective is None or not str(objective).strip():
        return None
    text = str(objective).strip()
    if not text.startswith("{"):
        return text
    try:
        value = json.loads(text)
    except ValueError:
        raise InvalidInputError(
            error_codes.INVALID_OBJECTIVE, f"objective {text[:80]!r} is not valid JSON",
            'Give a metric name such as "F1", or {"MetricName": "F1"}.') from None
    if not isinstance(value, dict) or not isinstance(value.get("MetricName"), str):
        raise InvalidInputError(
            error_codes.INVALID_OBJECTIVE, f"objective {text[:80]!r} has no MetricName",
            'Give a metric name such as "F1", or {"MetricName": "F1"}.')
    return value["MetricName"]


def validate_limit(name: str, value: Any) -> Optional[int]:
    """A positive whole-number limit, or None when it was not given."""
    if value is None:
        return None
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInputError(
            error_codes.INVALID_LIMIT, f"invalid {name} {value!r}",
            "Give a whole number of at least 1, or leave it out.")
    return value


def parse_exported_files(text: Any) -> list[str]:
    """The object keys the export just wrote, from their JSON array."""
    try:
        keys = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        keys = None
    if not isinstance(keys, list) or not keys or not all(isinstance(key, str) and key for key in keys):
        raise InvalidInputError(
            error_codes.INVALID_JSON, "exported_files is not a non-empty JSON array of S3 object keys",
            'Pass the keys written by the export, e.g. ["ml/job-1/training-data/part-1.csv"].')
    return [_object_key(key) for key in keys]


def find_foreign_files(listed_keys: Iterable[str], exported_keys: Iterable[str]) -> list[str]:
    """The listed object keys that are not among the exported ones, sorted."""
    exported = set(exported_keys)
    return sorted(key for key in listed_keys if key not in exported)


def build_create_job_request(job_name: str, role_arn: str, bucket: str, output_path: str,
                             target_attribute_name: str, problem_type: Optional[str] = None,
                             objective: Optional[str] = None, max_candidates: Optional[int] = None,
                             max_runtime_per_training_job_in_seconds: Optional[int] = None,
                             max_runtime_for_automl_job_in_seconds: Optional[int] = None,
                             tags: Optional[list[dict[str, str]]] = None) -> dict:
    """The ``create_auto_ml_job_v2`` request; what the user left out stays out.

    ``tags`` (``resource_tags.build_resource_tags``) name the schema, user and job that own the job.
    """
    tabular: dict[str, Any] = {"TargetAttributeName": target_attribute_name}
    if problem_type:
        tabular["ProblemType"] = problem_type
    criteria = {key: value for key, value in (
        ("MaxCandidates", max_candidates),
        ("MaxRuntimePerTrainingJobInSeconds", max_runtime_per_training_job_in_seconds),
        ("MaxAutoMLJobRuntimeInSeconds", max_runtime_for_automl_job_in_seconds),
    ) if value is not None}
    if criteria:
        tabular["CompletionCriteria"] = criteria
    request: dict[str, Any] = {
        "AutoMLJobName": job_name,
        "AutoMLJobInputDataConfig": [{
            "ChannelType": TRAINING_CHANNEL,
            "ContentType": TRAINING_CONTENT_TYPE,
            "CompressionType": "None",
            "DataSource": {"S3DataSource": {
                "S3DataType": "S3Prefix",
                "S3Uri": training_data_uri(bucket, output_path, job_name),
            }},
        }],
        "OutputDataConfig": {"S3OutputPath": output_uri(bucket, output_path, job_name)},
        "AutoMLProblemTypeConfig": {"TabularJobConfig": tabular},
        "RoleArn": role_arn,
    }
    if objective:
        request["AutoMLJobObjective"] = {"MetricName": objective}
    if tags:
        request["Tags"] = [dict(tag) for tag in tags]
    return request


def _object_key(key: str) -> str:
    """An object key as S3 lists it: ``s3://bucket/`` and leading slashes removed."""
    if key.startswith("s3://"):
        key = key[len("s3://"):].partition("/")[2]
    return key.lstrip("/")
