"""A database state in which SME_BATCH_PREDICT_WITH_SAGEMAKER_AUTOPILOT succeeds, for the Lua tests."""
from __future__ import annotations

import json

from tests.lua.fake_exasol import FakeExasol
from tests.lua.lua_scenarios import JOB, JOB_ROW_COLUMNS, REGION, job_row, known_connection

BATCH = "SME_BATCH_PREDICT_WITH_SAGEMAKER_AUTOPILOT"
TRANSFORM_JOB = "churn-1-scores"
OUTPUT_FILES = ["autopilot/exports/churn-1/batch-transform/churn-1-scores/output/part-001.csv.out",
                "autopilot/exports/churn-1/batch-transform/churn-1-scores/output/part-002.csv.out"]
# The table to score: a hostile key column name, then the training features (no target).
SCORED_COLUMNS = [
    ('Customer "Id", "x"', "DECIMAL(9,0)"),
    ("ID", "DECIMAL(18,0)"),
    ("Mixed Case", "VARCHAR(100) UTF8"),
    ("SELECT", "DOUBLE"),
]
BATCH_PARAMS = {
    "job_name": JOB, "aws_credentials_connection_name": "aws_conn", "aws_region": REGION,
    "input_schema_name": "data", "input_table_or_view_name": "to_score", "key_columns": ['Customer "Id", "x"'],
    "output_schema_name": "data", "output_table_name": "churn_scores", "transform_job_name": TRANSFORM_JOB,
}
RECORD_COLUMNS = ("TRANSFORM_JOB_NAME", "JOB_NAME", "CANDIDATE_NAME", "PROBLEM_TYPE", "INPUT_SCHEMA_NAME",
                  "INPUT_TABLE_NAME", "KEY_COLUMNS", "OUTPUT_SCHEMA_NAME", "OUTPUT_TABLE_NAME", "S3_OUTPUT_URI",
                  "STATUS")


def batch_json(**changes) -> str:
    params = dict(BATCH_PARAMS)
    params.update(changes)
    return json.dumps({key: value for key, value in params.items() if value is not None})


def recorded_run(status: str = "IN_PROGRESS", problem_type: str = "BinaryClassification", **changes) -> tuple:
    row = {"TRANSFORM_JOB_NAME": TRANSFORM_JOB, "JOB_NAME": JOB, "CANDIDATE_NAME": "churn-1-best",
           "PROBLEM_TYPE": problem_type, "INPUT_SCHEMA_NAME": "DATA", "INPUT_TABLE_NAME": "TO_SCORE",
           "KEY_COLUMNS": json.dumps(['Customer "Id", "x"'], separators=(",", ":")),
           "OUTPUT_SCHEMA_NAME": "DATA", "OUTPUT_TABLE_NAME": "CHURN_SCORES",
           "S3_OUTPUT_URI": "s3://ml-bucket/x/", "STATUS": status}
    row.update(changes)
    return tuple(row[column] for column in RECORD_COLUMNS)


def prepare_batch_prediction(db: FakeExasol, problem_type: str = "BinaryClassification", columns=None,
                             record=None, files=None, existing_output: bool = False) -> None:
    """Every statement of a successful first run answered; ``record``: a recorded run to resume."""
    known_connection(db)
    db.on(r'FROM ::s\."SME_METADATA_AUTOPILOT_JOBS" WHERE', [job_row(problem_type)], JOB_ROW_COLUMNS)
    db.on(r"EXA_ALL_COLUMNS", [])
    db.on(r"EXA_ALL_COLUMNS", columns or SCORED_COLUMNS, ["COLUMN_NAME", "COLUMN_TYPE"],
          params={"s": "DATA", "t": "TO_SCORE"})
    db.on(r"^SELECT COLUMN_NAME FROM SYS\.EXA_ALL_COLUMNS WHERE COLUMN_SCHEMA = :s AND COLUMN_TABLE = :t$",
          [("X",)] if existing_output else [], ["COLUMN_NAME"])
    db.on(r"EXA_SCHEMAS", [])
    db.on(r"EXA_SCHEMAS", [("DATA",)], ["SCHEMA_NAME"], params={"s": "DATA"})
    db.on(r'FROM ::s\."SME_METADATA_BATCH_TRANSFORM_JOBS" WHERE', [record] if record else [], RECORD_COLUMNS)
    db.on(r"NPROC\(\)", [(2,)], ["NPROC"])
    db.on(r"^EXPORT ", rows_affected=6)
    db.on(r"SME_BATCH_TRANSFORM_START_UDF", [(TRANSFORM_JOB, "churn-1-best", problem_type)],
          ["TRANSFORM_JOB_NAME", "CANDIDATE_NAME", "PROBLEM_TYPE"])
    db.on(r'^INSERT INTO ::s\."SME_METADATA_BATCH_TRANSFORM_JOBS"', rows_affected=1)
    db.on(r"SME_BATCH_TRANSFORM_WAIT_UDF", [("Completed", json.dumps(OUTPUT_FILES if files is None else files))],
          ["TRANSFORM_JOB_STATUS", "OUTPUT_FILES"])
    db.on(r"^CREATE (OR REPLACE )?TABLE ::os\.::ot")
    db.on(r"^IMPORT INTO ::os\.::ot", rows_affected=6)
    db.on(r'^UPDATE ::s\."SME_METADATA_BATCH_TRANSFORM_JOBS"', rows_affected=1)
    db.on(r"^DROP TABLE IF EXISTS ::os\.::ot")

