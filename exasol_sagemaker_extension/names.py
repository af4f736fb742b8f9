"""The one place where name rules and limits live.

Python checks names with the functions below; the Lua scripts get the same numbers and lists through
the ``sme.rules`` module that the bundler renders from :func:`lua_rules` at deploy time, so a limit can
never disagree between script, UDF and metadata table.
"""
from __future__ import annotations

import re
from typing import Optional

from exasol_sagemaker_extension import error_codes
from exasol_sagemaker_extension.errors import InvalidInputError

JOB_NAME_MAX_LENGTH = 32  # AWS AutoMLJobName
ENDPOINT_NAME_MAX_LENGTH = 63  # AWS EndpointName, also used for the model and endpoint config
TRANSFORM_JOB_NAME_MAX_LENGTH = 63  # AWS TransformJobName, also the name of its model
IDENTIFIER_MAX_LENGTH = 128  # Exasol identifiers
S3_OUTPUT_PATH_MAX_LENGTH = 512
IAM_ROLE_MAX_LENGTH = 2048
INSTANCE_COUNT_MAX = 100
INPUT_QUERY_MAX_LENGTH = 2_000_000  # Exasol's longest VARCHAR, the column that records the query
# Exasol's column type limits, for the types users name for prediction UDFs of their own endpoints.
VARCHAR_MAX_LENGTH = 2_000_000
CHAR_MAX_LENGTH = 2000
DECIMAL_MAX_PRECISION = 36
CANDIDATE_NAME_MAX_LENGTH = 64  # AWS CandidateName (ListCandidatesForAutoMLJob CandidateNameEquals)
# Serverless endpoints (AWS's ProductionVariantServerlessConfig): memory in 1 GB steps, concurrency range.
SERVERLESS_MEMORY_SIZES_IN_MB = (1024, 2048, 3072, 4096, 5120, 6144)
SERVERLESS_MAX_CONCURRENCY_MAX = 200
# Largest prediction request body the prediction UDFs send: real-time endpoints take 6 MB (the same
# 5 MiB as prediction_csv.DEFAULT_MAX_PAYLOAD_BYTES), serverless ones 4 MB (3.5 MiB leaves room for
# headers and estimates).
REALTIME_MAX_PAYLOAD_BYTES = 5 * 1024 * 1024
SERVERLESS_MAX_PAYLOAD_BYTES = 7 * 512 * 1024

PROBLEM_TYPES = ("BinaryClassification", "MulticlassClassification", "Regression")
CLASSIFICATION_PROBLEM_TYPES = ("BinaryClassification", "MulticlassClassification")

# Autopilot's objective metrics for tabular jobs and the problem types each one fits (AWS's
# AutoMLJobObjective documentation; LogLoss is reported among a candidate's metrics but is no objective).
OBJECTIVES = {
    "Accuracy": ("BinaryClassification", "MulticlassClassification"),
    "BalancedAccuracy": ("BinaryClassification", "MulticlassClassification"),
    "F1": ("BinaryClassification",),
    "AUC": ("BinaryClassification",),
    "Precision": ("BinaryClassification",),
    "Recall": ("BinaryClassification",),
    "F1macro": ("MulticlassClassification",),
    "PrecisionMacro": ("MulticlassClassification",),
    "RecallMacro": ("MulticlassClassification",),
    "MSE": ("Regression",),
    "RMSE": ("Regression",),
    "MAE": ("Regression",),
    "R2": ("Regression",),
}

# Autopilot's objective for each problem type when none is given. AWS takes a problem type only together
# with an objective (both or neither), so a problem type given alone gets its default objective.
DEFAULT_OBJECTIVES = {
    "BinaryClassification": "F1",
    "MulticlassClassification": "Accuracy",
    "Regression": "MSE",
}

# Output columns the prediction UDF adds after the inputs.
PROBABILITY_COLUMN = "PROBABILITY"
PREDICTIONS_COLUMN = "PREDICTIONS"

# All patterns are used with fullmatch (a trailing newline never passes) and ASCII-only classes.
_AWS_NAME_RE = re.compile(r"[a-zA-Z0-9](-*[a-zA-Z0-9])*")  # AWS's pattern; length checked apart
_REGION_RE = re.compile(r"[a-z]{2}(-[a-z]+)+-[0-9]{1,2}")
_INSTANCE_TYPE_RE = re.compile(r"ml\.[a-z0-9]+\.[a-z0-9]+")
_ROLE_ARN_RE = re.compile(r"arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/[\w+=,.@/-]{1,512}", re.ASCII)
_ROLE_NAME_RE = re.compile(r"[\w+=,.@-]{1,64}", re.ASCII)
_S3_BUCKET_URI_RE = re.compile(r"s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/?")
_S3_PATH_RE = re.compile(r"[A-Za-z0-9!_.*'()/-]+")
_REGULAR_IDENTIFIER_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def _is_aws_name(name: object, max_length: int) -> bool:
    return isinstance(name, str) and len(name) <= max_length and bool(_AWS_NAME_RE.fullmatch(name))


def _invalid(code: int, message: str, mitigation: str) -> InvalidInputError:
    return InvalidInputError(code, message, mitigation)


def validate_job_name(name: str) -> str:
    """Return ``name`` if it is a valid Autopilot job name."""
    if not _is_aws_name(name, JOB_NAME_MAX_LENGTH):
        raise _invalid(
            error_codes.INVALID_JOB_NAME,
            f"invalid job name {_show(name)}",
            f"Use 1 to {JOB_NAME_MAX_LENGTH} letters, digits and hyphens, starting and ending with a "
            "letter or digit.")
    return name


def validate_endpoint_name(name: str) -> str:
    """Return ``name`` if it is a valid SageMaker endpoint name."""
    if not _is_aws_name(name, ENDPOINT_NAME_MAX_LENGTH):
        raise _invalid(
            error_codes.INVALID_ENDPOINT_NAME,
            f"invalid endpoint name {_show(name)}",
            f"Use 1 to {ENDPOINT_NAME_MAX_LENGTH} letters, digits and hyphens, starting and ending "
            "with a letter or digit.")
    return name


def validate_transform_job_name(name: str) -> str:
    """Return ``name`` if it is a valid SageMaker transform job name (also used for its model)."""
    if not _is_aws_name(name, TRANSFORM_JOB_NAME_MAX_LENGTH):
        raise _invalid(
            error_codes.INVALID_TRANSFORM_JOB_NAME,
            f"invalid transform job name {_show(name)}",
            f"Use 1 to {TRANSFORM_JOB_NAME_MAX_LENGTH} letters, digits and hyphens, starting and ending "
            "with a letter or digit.")
    return name


def validate_region(region: str) -> str:
    """Return ``region`` if it looks like an AWS region code (for example ``eu-central-1``)."""
    if not isinstance(region, str) or not _REGION_RE.fullmatch(region):
        raise _invalid(
            error_codes.INVALID_REGION,
            f"invalid AWS region {_show(region)}",
            "Give a region code such as eu-central-1 or us-east-1.")
    return region


def validate_identifier(name: str, kind: str = "identifier") -> str:
    """Return ``name`` if it can be an Exasol identifier (taken exactly as written)."""
    if (not isinstance(name, str) or not name or len(name) > IDENTIFIER_MAX_LENGTH
            or any(ord(char) < 32 for char in name)):
        raise _invalid(
            error_codes.INVALID_IDENTIFIER,
            f"invalid {kind} {_show(name)}",
            f"Give a name of 1 to {IDENTIFIER_MAX_LENGTH} characters without control characters.")
    return name


def validate_instance_type(instance_type: str) -> str:
    """Return ``instance_type`` if it is shaped like a SageMaker instance type (``ml.m5.large``)."""
    if not isinstance(instance_type, str) or not _INSTANCE_TYPE_RE.fullmatch(instance_type):
        raise _invalid(
            error_codes.INVALID_INSTANCE,
            f"invalid instance type {_show(instance_type)}",
            "Give a SageMaker instance type such as ml.m5.large.")
    return instance_type


def validate_instance_count(count: int) -> int:
    """Return ``count`` if it is a whole number of instances between 1 and the maximum."""
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= INSTANCE_COUNT_MAX:
        raise _invalid(
            error_codes.INVALID_INSTANCE,
            f"invalid instance count {_show(count)}",
            f"Give a whole number from 1 to {INSTANCE_COUNT_MAX}.")
    return count


def validate_candidate_name(name: str) -> str:
    """Return ``name`` if it is shaped like an Autopilot candidate name."""
    if not _is_aws_name(name, CANDIDATE_NAME_MAX_LENGTH):
        raise _invalid(
            error_codes.INVALID_CANDIDATE_NAME,
            f"invalid candidate name {_show(name)}",
            f"Use 1 to {CANDIDATE_NAME_MAX_LENGTH} letters, digits and hyphens, starting and ending with a "
            "letter or digit, as AWS lists the job's candidates.")
    return name


def validate_serverless_memory_size(size: int) -> int:
    """Return ``size`` if it is a memory size AWS offers serverless endpoints (1024 to 6144 MB)."""
    if isinstance(size, bool) or not isinstance(size, int) or size not in SERVERLESS_MEMORY_SIZES_IN_MB:
        raise _invalid(
            error_codes.INVALID_SERVERLESS_CONFIG,
            f"invalid serverless memory size {_show(size)}",
            "Give serverless_memory_size_in_mb as one of "
            f"{', '.join(str(s) for s in SERVERLESS_MEMORY_SIZES_IN_MB)}.")
    return size


def validate_serverless_max_concurrency(count: int) -> int:
    """Return ``count`` if it is a serverless endpoint's concurrency AWS accepts (1 to 200)."""
    if (isinstance(count, bool) or not isinstance(count, int)
            or not 1 <= count <= SERVERLESS_MAX_CONCURRENCY_MAX):
        raise _invalid(
            error_codes.INVALID_SERVERLESS_CONFIG,
            f"invalid serverless max concurrency {_show(count)}",
            f"Give serverless_max_concurrency as a whole number from 1 to {SERVERLESS_MAX_CONCURRENCY_MAX}.")
    return count


def validate_iam_role(role: str) -> str:
    """Return ``role`` if it is an IAM role ARN or a role name."""
    if (not isinstance(role, str) or len(role) > IAM_ROLE_MAX_LENGTH
            or not (_ROLE_ARN_RE.fullmatch(role) or _ROLE_NAME_RE.fullmatch(role))):
        raise _invalid(
            error_codes.INVALID_IAM_ROLE,
            f"invalid IAM role {_show(role)}",
            "Give the role's ARN (arn:aws:iam::<account>:role/<name>) or its name.")
    return role


def is_role_arn(role: str) -> bool:
    """Tell whether ``role`` is a full role ARN rather than a role name."""
    return bool(_ROLE_ARN_RE.fullmatch(role))


def parse_s3_bucket_uri(uri: str) -> str:
    """Return the bucket name of an ``s3://bucket`` URI."""
    match = _S3_BUCKET_URI_RE.fullmatch(uri) if isinstance(uri, str) else None
    if not match:
        raise _invalid(
            error_codes.INVALID_S3_BUCKET_URI,
            f"invalid S3 bucket URI {_show(uri)}",
            "Give the bucket as s3://<bucket-name>, without a path.")
    return match.group(1)


def normalize_s3_output_path(path: str) -> str:
    """Return the S3 key prefix without leading or trailing slashes."""
    stripped = path.strip("/") if isinstance(path, str) else ""
    if (not stripped or len(stripped) > S3_OUTPUT_PATH_MAX_LENGTH or not _S3_PATH_RE.fullmatch(stripped)
            or "//" in stripped or any(part in (".", "..") for part in stripped.split("/"))):
        raise _invalid(
            error_codes.INVALID_S3_OUTPUT_PATH,
            f"invalid S3 output path {_show(path)}",
            f"Give a key prefix of up to {S3_OUTPUT_PATH_MAX_LENGTH} characters made of letters, "
            "digits and !_.*'()/- such as ml/autopilot.")
    return stripped


def validate_problem_type(problem_type: Optional[str]) -> Optional[str]:
    """Return the problem type, or None when it is left to Autopilot."""
    if problem_type is None or problem_type == "":
        return None
    if problem_type not in PROBLEM_TYPES:
        raise _invalid(
            error_codes.INVALID_PROBLEM_TYPE,
            f"invalid problem type {_show(problem_type)}",
            f"Use one of {', '.join(PROBLEM_TYPES)}, or leave it out to let Autopilot decide.")
    return problem_type


def validate_objective(metric: Optional[str], problem_type: Optional[str] = None) -> Optional[str]:
    """Return the objective metric name, checked against the problem type when one is given."""
    if metric is None or metric == "":
        return None
    if not isinstance(metric, str) or metric not in OBJECTIVES:
        raise _invalid(
            error_codes.INVALID_OBJECTIVE,
            f"invalid objective {_show(metric)}",
            f"Use one of {', '.join(OBJECTIVES)}.")
    if problem_type and problem_type not in OBJECTIVES[metric]:
        raise _invalid(
            error_codes.INVALID_OBJECTIVE,
            f"objective {metric} does not fit problem type {problem_type}",
            f"For {problem_type} use one of "
            f"{', '.join(m for m, types in OBJECTIVES.items() if problem_type in types)}.")
    return metric


def resolve_objective(metric: Optional[str], problem_type: Optional[str]) -> Optional[str]:
    """The objective to send: the given one, or the default of a given problem type; None when neither.

    AWS accepts a problem type and an objective only together, so an objective without a problem type
    is refused here rather than by AWS after the export.
    """
    metric = validate_objective(metric, problem_type)
    if metric and not problem_type:
        raise _invalid(
            error_codes.INVALID_OBJECTIVE, f"objective {metric} is given without a problem_type",
            "AWS takes an objective only together with a problem type: add problem_type, or leave "
            "objective out to let Autopilot choose both.")
    if problem_type and not metric:
        return DEFAULT_OBJECTIVES[problem_type]
    return metric


def quote_identifier(name: str) -> str:
    """Quote an Exasol identifier, keeping its case and doubling inner quotes."""
    validate_identifier(name)
    return '"' + name.replace('"', '""') + '"'


def parse_sql_identifier(text: str, kind: str = "identifier") -> str:
    """Read an identifier as SQL would: regular names are upper-cased, "quoted" ones kept as written.

    ``my_schema`` gives ``MY_SCHEMA``; ``"My Schema"`` gives ``My Schema``.
    """
    if isinstance(text, str) and len(text) >= 2 and text.startswith('"') and text.endswith('"'):
        inner = text[1:-1]
        if '"' not in inner.replace('""', ""):
            return validate_identifier(inner.replace('""', '"'), kind)
    if isinstance(text, str) and _REGULAR_IDENTIFIER_RE.fullmatch(text):
        return validate_identifier(text.upper(), kind)
    raise _invalid(
        error_codes.INVALID_IDENTIFIER,
        f"invalid {kind} {_show(text)}",
        'Use a regular name (letters, digits, underscores; stored upper-case) or put it in double '
        'quotes to keep its case and special characters, for example "My-Schema".')


def lua_rules() -> dict:
    """The limits and lists the Lua scripts need, rendered into their ``sme.rules`` module."""
    return {
        "JOB_NAME_MAX_LENGTH": JOB_NAME_MAX_LENGTH,
        "ENDPOINT_NAME_MAX_LENGTH": ENDPOINT_NAME_MAX_LENGTH,
        "TRANSFORM_JOB_NAME_MAX_LENGTH": TRANSFORM_JOB_NAME_MAX_LENGTH,
        "IDENTIFIER_MAX_LENGTH": IDENTIFIER_MAX_LENGTH,
        "S3_OUTPUT_PATH_MAX_LENGTH": S3_OUTPUT_PATH_MAX_LENGTH,
        "IAM_ROLE_MAX_LENGTH": IAM_ROLE_MAX_LENGTH,
        "INSTANCE_COUNT_MAX": INSTANCE_COUNT_MAX,
        "INPUT_QUERY_MAX_LENGTH": INPUT_QUERY_MAX_LENGTH,
        "CANDIDATE_NAME_MAX_LENGTH": CANDIDATE_NAME_MAX_LENGTH,
        "VARCHAR_MAX_LENGTH": VARCHAR_MAX_LENGTH,
        "CHAR_MAX_LENGTH": CHAR_MAX_LENGTH,
        "DECIMAL_MAX_PRECISION": DECIMAL_MAX_PRECISION,
        "SERVERLESS_MEMORY_SIZES_IN_MB": list(SERVERLESS_MEMORY_SIZES_IN_MB),
        "SERVERLESS_MAX_CONCURRENCY_MAX": SERVERLESS_MAX_CONCURRENCY_MAX,
        "REALTIME_MAX_PAYLOAD_BYTES": REALTIME_MAX_PAYLOAD_BYTES,
        "SERVERLESS_MAX_PAYLOAD_BYTES": SERVERLESS_MAX_PAYLOAD_BYTES,
        "PROBLEM_TYPES": list(PROBLEM_TYPES),
        "CLASSIFICATION_PROBLEM_TYPES": list(CLASSIFICATION_PROBLEM_TYPES),
        "OBJECTIVES": {metric: list(types) for metric, types in OBJECTIVES.items()},
        "DEFAULT_OBJECTIVES": dict(DEFAULT_OBJECTIVES),
        "PROBABILITY_COLUMN": PROBABILITY_COLUMN,
        "PREDICTIONS_COLUMN": PREDICTIONS_COLUMN,
    }


def _show(value: object) -> str:
    """Render a rejected value for an error message, shortened so a message stays readable."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "...'"


def quote_literal(value: str) -> str:
    """Write ``value`` as an Exasol string literal (single quotes doubled)."""
    if not isinstance(value, str) or "\x00" in value:
        raise _invalid(error_codes.WRONG_PARAMETER_TYPE, f"cannot write {_show(value)} as a SQL string",
                       "Give a text without NUL characters.")
    return "'" + value.replace("'", "''") + "'"
