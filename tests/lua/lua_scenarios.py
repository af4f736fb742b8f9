"""Ready-made database states for the Lua tests: a valid training request and a fake database that
answers every statement a successful run sends. Tests change one thing and assert the effect."""
from __future__ import annotations

import json
import re
from contextlib import contextmanager

import pytest

from tests.lua.fake_exasol import SQL_NULL, FakeExasol, ScriptError

SCRIPT_SCHEMA = "SME"
CONNECTION = "AWS_CONN"
REGION = "eu-central-1"
JOB = "churn-1"
ENDPOINT = "churn-endpoint"
UDF_SCHEMA = "ML"
ROLE = "arn:aws:iam::123456789012:role/sagemaker-autopilot"

# Mixed case, a reserved word and a space: each must be quoted wherever it is written.
COLUMNS = [
    ("ID", "DECIMAL(18,0)"),
    ("Mixed Case", "VARCHAR(100) UTF8"),
    ("SELECT", "DOUBLE"),
    ("LABEL", "VARCHAR(10) UTF8"),
]
COLUMN_NAMES = [name for name, _ in COLUMNS]
COLUMN_TYPES = [column_type for _, column_type in COLUMNS]

TRAINING_PARAMS = {
    "job_name": JOB,
    "aws_credentials_connection_name": "aws_conn",
    "aws_region": REGION,
    "iam_sagemaker_role": ROLE,
    "s3_bucket_uri": "s3://ml-bucket",
    "s3_output_path": "/autopilot/exports/",
    "input_schema_name": "data",
    "input_table_or_view_name": "customers",
    "target_attribute_name": "label",
}

LEAVE_OUT = object()

TRAIN = "SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT"
POLL = "SME_POLL_SAGEMAKER_AUTOPILOT_JOB_STATUS"
DEPLOY = "SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT"
DELETE = "SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT"
DEPLOY_WITH_OPTIONS = "SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT_WITH_OPTIONS"
CREATE_PREDICTION_UDF = "SME_CREATE_SAGEMAKER_PREDICTION_UDF"

DEPLOY_ARGS = (JOB, ENDPOINT, "ml", "ml.m5.large", 1, "aws_conn", REGION)
DELETE_ARGS = (ENDPOINT, "aws_conn", REGION)
POLL_ARGS = (JOB, "aws_conn", REGION)

UDF_TRACEBACK_FAILURE = (
    "[22002] VM error: F-UDF-CL-LIB-1127: F-UDF-CL-SL-PYTHON-1002: F-UDF-CL-SL-PYTHON-1026: "
    "ExaUDFError: F-UDF-CL-SL-PYTHON-1114: Exception during run \n"
    "Traceback (most recent call last):\n"
    '  File "SME_AUTOPILOT_TRAINING_UDF", line 4, in run\n'
    '  File "/buckets/bfsdefault/default/udfs/training_udf.py", line 57, in run\n'
    "    raise AwsCallError(code, message, mitigation)\n"
    "exasol_sagemaker_extension.errors.AwsCallError: E-SME-51: AWS refused CreateAutoMLJobV2: "
    "ResourceLimitExceeded. Stop an older job or ask AWS for a higher quota.\n"
    " (Session: 1788052123123456789)"
)
UDF_OWN_MESSAGE = ("E-SME-51: AWS refused CreateAutoMLJobV2: ResourceLimitExceeded. "
                   "Stop an older job or ask AWS for a higher quota.")


def training_json(**changes) -> str:
    params = dict(TRAINING_PARAMS)
    params.update(changes)
    return json.dumps({key: value for key, value in params.items() if value is not LEAVE_OUT})


def known_connection(db: FakeExasol, name: str = CONNECTION) -> None:
    db.on(r"EXA_ALL_CONNECTIONS", [])
    db.on(r"EXA_ALL_CONNECTIONS", [(name,)], ["CONNECTION_NAME"], params={"c": name})


def prepare_training(db: FakeExasol, columns=COLUMNS, nproc: int = 2, schema: str = "DATA",
                     table: str = "CUSTOMERS") -> None:
    known_connection(db)
    db.on(r"EXA_ALL_COLUMNS", [])
    db.on(r"EXA_ALL_COLUMNS", columns, ["COLUMN_NAME", "COLUMN_TYPE"], params={"s": schema, "t": table})
    db.on(r'^SELECT "JOB_NAME" FROM ::s\."SME_METADATA_AUTOPILOT_JOBS"', [], ["JOB_NAME"])
    db.on(r"NPROC\(\)", [(nproc,)], ["NPROC"])
    db.on(r"^EXPORT ", rows_affected=1000)
    db.on(r"SME_AUTOPILOT_TRAINING_UDF",
          [(JOB, "arn:aws:sagemaker:eu-central-1:123456789012:automl-job/churn-1")], ["JOB_NAME", "JOB_ARN"])
    db.on(r'^INSERT INTO ::s\."SME_METADATA_AUTOPILOT_JOBS"', rows_affected=1)


def job_row(problem_type="BinaryClassification", column_names=None, column_types=None, target="LABEL"):
    return (JOB, CONNECTION, ROLE, "s3://ml-bucket", "autopilot/exports", target, problem_type, SQL_NULL,
            json.dumps(COLUMN_NAMES if column_names is None else column_names),
            json.dumps(COLUMN_TYPES if column_types is None else column_types))


JOB_ROW_COLUMNS = ("JOB_NAME", "AWS_CREDENTIALS_CONNECTION_NAME", "IAM_SAGEMAKER_ROLE", "S3_BUCKET_URI",
                   "S3_OUTPUT_PATH", "TARGET_ATTRIBUTE_NAME", "PROBLEM_TYPE", "OBJECTIVE", "COLUMN_NAMES",
                   "COLUMN_TYPES")


STATE_UPDATE = r'^UPDATE ::s\."SME_METADATA_AWS_RESOURCE_STATE"'
STATE_INSERT = r'^INSERT INTO ::s\."SME_METADATA_AWS_RESOURCE_STATE"'


def accept_state_writes(db: FakeExasol, existing_rows: int = 0) -> None:
    """SME_METADATA_AWS_RESOURCE_STATE takes every write; ``existing_rows``: what an UPDATE finds."""
    db.on(STATE_UPDATE, rows_affected=existing_rows)
    db.on(STATE_INSERT, rows_affected=1)


def prepare_deployment(db: FakeExasol, problem_type: str = "BinaryClassification", row=None) -> None:
    known_connection(db)
    accept_state_writes(db)
    db.on(r'FROM ::s\."SME_METADATA_AUTOPILOT_JOBS" WHERE', [row or job_row(problem_type)], JOB_ROW_COLUMNS)
    db.on(r"EXA_SCHEMAS", [])
    db.on(r"EXA_SCHEMAS", [(UDF_SCHEMA,)], ["SCHEMA_NAME"], params={"s": UDF_SCHEMA})
    db.on(r"SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF", [(ENDPOINT, "InService", problem_type, f"{JOB}-best")],
          ["ENDPOINT_NAME", "ENDPOINT_STATUS", "PROBLEM_TYPE", "CANDIDATE_NAME"])
    db.on(r"^CREATE OR REPLACE PYTHON3_SME SET SCRIPT")
    db.on(r'^INSERT INTO ::s\."SME_METADATA_AUTOPILOT_ENDPOINTS"', rows_affected=1)


def prepare_deletion(db: FakeExasol, deployed_in=(UDF_SCHEMA,)) -> None:
    known_connection(db)
    db.on(r'FROM ::s\."SME_METADATA_PREDICTION_UDFS"', [], ["UDF_SCHEMA_NAME", "UDF_NAME"])
    accept_state_writes(db)
    db.on(r"SME_AUTOPILOT_ENDPOINT_DELETION_UDF",
          [("ENDPOINT", ENDPOINT, "DELETED"), ("ENDPOINT_CONFIG", ENDPOINT, "DELETED"),
           ("MODEL", ENDPOINT, "DELETED")], ["RESOURCE_TYPE", "RESOURCE_NAME", "ACTION"])
    db.on(r'^SELECT "UDF_SCHEMA_NAME", "JOB_NAME" FROM ::s\."SME_METADATA_AUTOPILOT_ENDPOINTS"',
          [(schema, JOB) for schema in deployed_in], ["UDF_SCHEMA_NAME", "JOB_NAME"])
    db.on(r"^DROP SCRIPT IF EXISTS")
    db.on(r'^UPDATE ::s\."SME_METADATA_AUTOPILOT_ENDPOINTS"', rows_affected=len(deployed_in))
    db.on(r"EXA_SCHEMAS", [(schema,) for schema in deployed_in], ["SCHEMA_NAME"])


def deploy_options_json(**changes) -> str:
    """The JSON of a serverless deployment of the job's candidate churn-1-002-rf."""
    options = {"job_name": JOB, "endpoint_name": ENDPOINT, "schema_name": "ml", "aws_credentials_connection_name":
               "aws_conn", "aws_region": REGION, "serverless_memory_size_in_mb": 2048, "serverless_max_concurrency": 5,
               "candidate_name": "churn-1-002-rf"}
    options.update(changes)
    return json.dumps(options)


def prediction_udf_json(**changes) -> str:
    """The JSON of a prediction UDF for an endpoint the extension did not create."""
    params = {"endpoint_name": ENDPOINT, "schema_name": "ml", "aws_credentials_connection_name": "aws_conn",
              "aws_region": REGION, "input_columns": [{"name": "ID", "type": "DECIMAL(18,0)"}],
              "output_columns": [{"name": "SCORE", "type": "DOUBLE"}]}
    params.update(changes)
    return json.dumps(params)


def prepare_prediction_udf_creation(db: FakeExasol) -> None:
    known_connection(db)
    db.on(r"EXA_SCHEMAS", [])
    db.on(r"EXA_SCHEMAS", [(UDF_SCHEMA,)], ["SCHEMA_NAME"], params={"s": UDF_SCHEMA})
    db.on(r"^CREATE OR REPLACE PYTHON3_SME SET SCRIPT")
    db.on(r"SME_ENDPOINT_DESCRIPTION_UDF", [(ENDPOINT, "InService", "REAL_TIME")],
          ["ENDPOINT_NAME", "ENDPOINT_STATUS", "ENDPOINT_KIND"])
    db.on(r'^INSERT INTO ::s\."SME_METADATA_PREDICTION_UDFS"', rows_affected=1)


def prepare_polling(db: FakeExasol, status=("InProgress", "Training", SQL_NULL)) -> None:
    known_connection(db)
    accept_state_writes(db)
    db.on(r"SME_AUTOPILOT_JOB_STATUS_POLLING_UDF", [status],
          ["JOB_STATUS", "JOB_SECONDARY_STATUS", "FAILURE_REASON"])
    # a recorded job whose leaderboard is filled already (a Completed poll then writes nothing)
    db.on(r'^SELECT "JOB_NAME" FROM ::s\."SME_METADATA_AUTOPILOT_JOBS"', [(JOB,)], ["JOB_NAME"])
    db.on(r'FROM ::s\."SME_METADATA_AUTOPILOT_CANDIDATES" WHERE "JOB_NAME" = :j LIMIT 1', [(JOB + "-001",)],
          ["CANDIDATE_NAME"])


@contextmanager
def raises_code(code: int):
    """Expect the script to fail with E-SME-<code> in the "E-SME-<n>: what. what to do" shape."""
    with pytest.raises(ScriptError) as caught:
        yield caught
    message = caught.value.message
    assert message.startswith(f"E-SME-{code}: "), message
    assert "stack traceback" not in message and "Traceback" not in message, message
    assert ". " in message, message


def outside_literals(sql: str) -> str:
    """The SQL text with every string literal and quoted identifier cut out."""
    return re.sub(r"""'(?:[^']|'')*'|"(?:[^"]|"")*\"""", " ", sql)


# -- SME_LIST_SAGEMAKER_AUTOPILOT_CANDIDATES ---------------------------------------------------------------

LIST = "SME_LIST_SAGEMAKER_AUTOPILOT_CANDIDATES"
LIST_ARGS = (JOB, "aws_conn", REGION)
LEADERBOARD_TYPES = ("CANDIDATE_RANK DECIMAL(9,0), CANDIDATE_NAME VARCHAR(64), IS_BEST_CANDIDATE BOOLEAN, "
                     "ALGORITHM VARCHAR(256), OBJECTIVE_METRIC_NAME VARCHAR(256), OBJECTIVE_METRIC_VALUE DOUBLE, "
                     "CANDIDATE_STATUS VARCHAR(32), OBJECTIVE_STATUS VARCHAR(32), TRAINING_SECONDS DOUBLE")
LEADERBOARD_COLUMNS = ["CANDIDATE_RANK", "CANDIDATE_NAME", "IS_BEST_CANDIDATE", "ALGORITHM", "OBJECTIVE_METRIC_NAME",
                       "OBJECTIVE_METRIC_VALUE", "CANDIDATE_STATUS", "OBJECTIVE_STATUS", "TRAINING_SECONDS"]
LEADERBOARD = [
    (1, "churn-1-002", True, "XGBoost", "F1", 0.91, "Completed", "Succeeded", 412.5),
    (2, "churn-1-001", False, "LinearLearner", "F1", 0.87, "Completed", "Succeeded", 300.0),
    (SQL_NULL, "churn-1-003", False, SQL_NULL, SQL_NULL, SQL_NULL, "Failed", "Failed", 12.0),
]
LEADERBOARD_UDFS = ("SME_AUTOPILOT_CANDIDATES_UDF", "SME_AUTOPILOT_CANDIDATE_METRICS_UDF",
                    "SME_AUTOPILOT_FEATURE_IMPORTANCE_UDF", "SME_AUTOPILOT_MODEL_QUALITY_UDF")


def accept_fills(db: FakeExasol, inserted=None) -> None:
    """Every table takes the job's delete and insert; ``inserted``: rows per UDF name (default 3)."""
    inserted = inserted or {}
    db.on(r'^DELETE FROM ::s\."SME_METADATA_AUTOPILOT_', rows_affected=0)
    for udf in LEADERBOARD_UDFS:
        db.on(insert_by(udf), rows_affected=inserted.get(udf, 3))


def insert_by(udf: str) -> str:
    """The pattern of the INSERT ... SELECT that writes the rows of ``udf``."""
    return rf'^INSERT INTO ::s\."SME_METADATA_AUTOPILOT_\w+" \(.*\) SELECT ::s\."{udf}"\('


def prepare_listing(db: FakeExasol, inserted=None) -> None:
    """A recorded job whose UDFs write 3 rows per table (unless ``inserted`` says otherwise)."""
    known_connection(db)
    db.on(r'FROM ::s\."SME_METADATA_AUTOPILOT_JOBS" WHERE', [job_row()], JOB_ROW_COLUMNS)
    accept_fills(db, inserted)
    db.on(r'FROM ::s\."SME_METADATA_AUTOPILOT_CANDIDATES" WHERE "JOB_NAME" = :j ORDER BY', LEADERBOARD,
          LEADERBOARD_COLUMNS)
