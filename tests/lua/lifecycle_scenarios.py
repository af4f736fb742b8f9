"""Database states for the lifecycle scripts (stop, refresh, job data deletion, sweep): a recorded job,
deployed endpoints, and UDF answers. Tests change one thing and assert the effect."""
from __future__ import annotations

from tests.lua.fake_exasol import SQL_NULL, FakeExasol
from tests.lua.lua_scenarios import (CONNECTION, JOB, JOB_ROW_COLUMNS, REGION, accept_state_writes, job_row,
                                     known_connection)

STOP = "SME_STOP_SAGEMAKER_AUTOPILOT_JOB"
REFRESH = "SME_REFRESH_SAGEMAKER_STATE"
DELETE_DATA = "SME_DELETE_SAGEMAKER_AUTOPILOT_JOB_DATA"
SWEEP = "SME_SWEEP_SAGEMAKER_ENDPOINTS"

STOP_UDF = "SME_AUTOPILOT_JOB_STOP_UDF"
STATE_UDF = "SME_AWS_RESOURCE_STATE_UDF"
DATA_UDF = "SME_AUTOPILOT_JOB_DATA_DELETION_UDF"
SWEEP_UDF = "SME_AWS_ENDPOINT_SWEEP_UDF"

JOB_LOCATION = r'^SELECT "JOB_NAME", "AWS_CREDENTIALS_CONNECTION_NAME", .*"AWS_REGION" FROM ::s\."SME_METADATA_AUTOPILOT_JOBS"'
DEPLOYED_NAMES = r'^SELECT DISTINCT "ENDPOINT_NAME" FROM ::s\."SME_METADATA_AUTOPILOT_ENDPOINTS"'
BUCKET_URI = "s3://ml-bucket"
OUTPUT_PATH = "autopilot/exports"


def recorded_job(db: FakeExasol, region=REGION) -> None:
    """JOB is in SME_METADATA_AUTOPILOT_JOBS (``region`` None: a row of an older version)."""
    db.on(r'FROM ::s\."SME_METADATA_AUTOPILOT_JOBS" WHERE', [])
    row = job_row()[:3] + (BUCKET_URI, OUTPUT_PATH) + job_row()[5:] + (SQL_NULL if region is None else region,)
    db.on(JOB_LOCATION, [row], [*JOB_ROW_COLUMNS, "AWS_REGION"], params={"j": JOB})


def deployed_endpoints(db: FakeExasol, names=()) -> None:
    db.on(DEPLOYED_NAMES, [(name,) for name in names], ["ENDPOINT_NAME"])


def prepare_stop(db: FakeExasol, answer=("Stopping", "Stopping", "STOP_REQUESTED")) -> None:
    known_connection(db)
    accept_state_writes(db)
    recorded_job(db)
    db.on(STOP_UDF, [answer], ["JOB_STATUS", "JOB_SECONDARY_STATUS", "ACTION"])


STATE_COLUMNS = ["RESOURCE_KIND", "RESOURCE_NAME", "AWS_REGION", "STATUS", "SECONDARY_STATUS", "FAILURE_REASON",
                 "INSTANCE_COUNT"]


def prepare_refresh(db: FakeExasol, rows=()) -> None:
    known_connection(db)
    accept_state_writes(db)
    db.on(STATE_UDF, list(rows), STATE_COLUMNS)


DATA_COLUMNS = ["JOB_STATUS", "JOB_SECONDARY_STATUS", "DATA_KIND", "S3_PREFIX", "OBJECTS_DELETED"]
TRAINING_DATA_ROW = ("Completed", "Completed", "TRAINING_DATA", f"{BUCKET_URI}/{OUTPUT_PATH}/{JOB}/training-data/", 2)
MODEL_ROW = ("Completed", "Completed", "MODEL_ARTIFACTS", f"{BUCKET_URI}/{OUTPUT_PATH}/{JOB}/output/", 7)


def prepare_data_deletion(db: FakeExasol, rows=(TRAINING_DATA_ROW,), deployed=()) -> None:
    known_connection(db)
    accept_state_writes(db)
    recorded_job(db)
    deployed_endpoints(db, deployed)
    db.on(DATA_UDF, list(rows), DATA_COLUMNS)


SWEEP_COLUMNS = ["RESOURCE_TYPE", "RESOURCE_NAME", "ENDPOINT_STATUS", "CREATION_TIME", "TAG_USER", "TAG_JOB",
                 "ACTION"]


def prepare_sweep(db: FakeExasol, rows=(), deployed=()) -> None:
    known_connection(db)
    deployed_endpoints(db, deployed)
    db.on(SWEEP_UDF, list(rows), SWEEP_COLUMNS)


# (prepare, arguments, returned column definition) of each lifecycle script, for the bundled-script tests.
LIFECYCLE_SCENARIOS = {
    STOP: (prepare_stop, (JOB, "aws_conn", REGION),
           "JOB_NAME VARCHAR(32), JOB_STATUS VARCHAR(64), JOB_SECONDARY_STATUS VARCHAR(64), ACTION VARCHAR(32)"),
    REFRESH: (lambda db: prepare_refresh(db, [("JOB", JOB, REGION, "Completed", "Completed", SQL_NULL, SQL_NULL),
                                              ("ENDPOINT", "churn-endpoint", REGION, "InService", SQL_NULL, SQL_NULL,
                                               1)]),
              ("aws_conn", REGION),
              "RESOURCE_KIND VARCHAR(16), RESOURCE_NAME VARCHAR(63), AWS_REGION VARCHAR(64), STATUS VARCHAR(64),"
              " SECONDARY_STATUS VARCHAR(64), FAILURE_REASON VARCHAR(4096)"),
    DELETE_DATA: (prepare_data_deletion, (JOB, "aws_conn", REGION, False),
                  "JOB_NAME VARCHAR(32), DATA_KIND VARCHAR(20), S3_PREFIX VARCHAR(4096),"
                  " OBJECTS_DELETED DECIMAL(18,0)"),
    SWEEP: (lambda db: prepare_sweep(db, rows=[("ENDPOINT", "lost-ep", "InService", "2026-05-01 10:00:00", "ALICE",
                                                "churn-1", "LISTED")], deployed=("churn-endpoint",)),
            ("aws_conn", REGION, False),
            "RESOURCE_TYPE VARCHAR(32), RESOURCE_NAME VARCHAR(63), ENDPOINT_STATUS VARCHAR(64), CREATION_TIME"
            " VARCHAR(30), TAG_USER VARCHAR(256), TAG_JOB VARCHAR(256), ACTION VARCHAR(32)"),
}
