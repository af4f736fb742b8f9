"""The four bundled scripts as the database runs them: parameters as globals, statements in order."""
from __future__ import annotations

import json

import pytest

from exasol_sagemaker_extension.deployment.lua_bundler import LUA_SCRIPTS
from tests.lua.batch_transform_scenarios import BATCH, batch_json, prepare_batch_prediction
from tests.lua.fake_exasol import SQL_NULL, FakeExasol
from tests.lua.lifecycle_scenarios import DELETE_DATA, LIFECYCLE_SCENARIOS, REFRESH, STOP, SWEEP
from tests.lua.lua_scenarios import LEADERBOARD_TYPES, LIST, LIST_ARGS, prepare_listing
from tests.lua.lua_scenarios import (CONNECTION, DELETE, DELETE_ARGS, DEPLOY, DEPLOY_ARGS, ENDPOINT, JOB, POLL,
                                     POLL_ARGS, REGION, ROLE, TRAIN, prepare_deletion, prepare_deployment,
                                     prepare_polling, prepare_training, training_json)
from tests.lua.lua_scenarios import (CREATE_PREDICTION_UDF, DEPLOY_WITH_OPTIONS, deploy_options_json,
                                     prediction_udf_json, prepare_prediction_udf_creation)

SCENARIOS = {
    DEPLOY_WITH_OPTIONS: (prepare_deployment, (deploy_options_json(),),
                          "ENDPOINT_NAME VARCHAR(63), ENDPOINT_STATUS VARCHAR(64), PREDICTION_UDF VARCHAR(300),"
                          " CANDIDATE_NAME VARCHAR(64)"),
    CREATE_PREDICTION_UDF: (prepare_prediction_udf_creation, (prediction_udf_json(),),
                            "PREDICTION_UDF VARCHAR(300), ENDPOINT_NAME VARCHAR(63), ENDPOINT_STATUS VARCHAR(64),"
                            " MAX_PAYLOAD_BYTES DECIMAL(9,0)"),
    BATCH: (prepare_batch_prediction, (batch_json(),),
            "TRANSFORM_JOB_NAME VARCHAR(63), OUTPUT_TABLE VARCHAR(300), ROWS_LOADED DECIMAL(18,0)"),
    TRAIN: (prepare_training, (training_json(),), "JOB_NAME VARCHAR(32)"),
    POLL: (prepare_polling, POLL_ARGS, "JOB_STATUS VARCHAR(64), JOB_SECONDARY_STATUS VARCHAR(64)"),
    DEPLOY: (prepare_deployment, DEPLOY_ARGS,
             "ENDPOINT_NAME VARCHAR(63), ENDPOINT_STATUS VARCHAR(64), PREDICTION_UDF VARCHAR(300)"),
    DELETE: (prepare_deletion, DELETE_ARGS,
             "RESOURCE_TYPE VARCHAR(32), RESOURCE_NAME VARCHAR(300), ACTION VARCHAR(32)"),
    LIST: (prepare_listing, LIST_ARGS, LEADERBOARD_TYPES),
}

CONNECTION_LOOKUPS = [
    ("SELECT CONNECTION_NAME FROM SYS.EXA_ALL_CONNECTIONS WHERE CONNECTION_NAME = :c", {"c": "aws_conn"}),
    ("SELECT CONNECTION_NAME FROM SYS.EXA_ALL_CONNECTIONS WHERE CONNECTION_NAME = :c", {"c": CONNECTION}),
]
COLUMN_LOOKUP = ("SELECT COLUMN_NAME, COLUMN_TYPE FROM SYS.EXA_ALL_COLUMNS WHERE COLUMN_SCHEMA = :s AND"
                 " COLUMN_TABLE = :t ORDER BY COLUMN_ORDINAL_POSITION")
FILES = [f"autopilot/exports/churn-1/training-data/part-00{i}.csv" for i in (1, 2)]
JOB_COLUMNS = ('"JOB_NAME", "AWS_CREDENTIALS_CONNECTION_NAME", "IAM_SAGEMAKER_ROLE", "S3_BUCKET_URI",'
               ' "S3_OUTPUT_PATH", "TARGET_ATTRIBUTE_NAME", "PROBLEM_TYPE", "OBJECTIVE", "COLUMN_NAMES",'
               ' "COLUMN_TYPES", "AWS_REGION"')

DEPLOY_UDF_CALL = ('SELECT ::s."SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF"(:job_name, :endpoint_name, :instance_type,'
                   " :instance_count, :connection, :region, :candidate_name, :memory_size, :max_concurrency)")
ENDPOINT_RECORD = (
    'INSERT INTO ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" ("DATETIME", "ENDPOINT_NAME", "JOB_NAME",'
    ' "UDF_SCHEMA_NAME", "PROBLEM_TYPE", "INSTANCE_TYPE", "INSTANCE_COUNT", "AWS_CREDENTIALS_CONNECTION_NAME",'
    ' "AWS_REGION", "STATUS", "SESSION_ID", "SCRIPT_USER", "CANDIDATE_NAME", "SERVERLESS_MEMORY_SIZE_IN_MB",'
    ' "SERVERLESS_MAX_CONCURRENCY") VALUES (CURRENT_TIMESTAMP, :endpoint_name, :job_name, :udf_schema, :problem_type,'
    " :instance_type, :instance_count, :connection, :region, :status, CURRENT_SESSION, CURRENT_USER, :candidate_name,"
    " :memory_size, :max_concurrency)")
GENERATED_UDF_LOOKUP = ('SELECT "UDF_SCHEMA_NAME", "UDF_NAME" FROM ::s."SME_METADATA_PREDICTION_UDFS" WHERE'
                        ' "ENDPOINT_NAME" = :e', {"s": "SME", "e": ENDPOINT})
BATCH_PREFIX = "autopilot/exports/churn-1/batch-transform/churn-1-scores/"
BATCH_KEY = 'Customer "Id", "x"'
UDF_ARGUMENTS = {"s": "SME", "job_name": JOB, "connection": CONNECTION, "region": REGION}
EXPECTED_STATEMENTS = {
    BATCH: [
        (f'SELECT {JOB_COLUMNS} FROM ::s."SME_METADATA_AUTOPILOT_JOBS" WHERE "JOB_NAME" = :j', {"s": "SME", "j": JOB}),
    ] + CONNECTION_LOOKUPS + [
        (COLUMN_LOOKUP, {"s": "data", "t": "to_score"}),
        (COLUMN_LOOKUP, {"s": "data", "t": "TO_SCORE"}),
        (COLUMN_LOOKUP, {"s": "DATA", "t": "to_score"}),
        (COLUMN_LOOKUP, {"s": "DATA", "t": "TO_SCORE"}),
        ("SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = :s", {"s": "data"}),
        ("SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = :s", {"s": "DATA"}),
        ('SELECT "TRANSFORM_JOB_NAME", "JOB_NAME", "CANDIDATE_NAME", "PROBLEM_TYPE", "INPUT_SCHEMA_NAME",'
         ' "INPUT_TABLE_NAME", "KEY_COLUMNS", "OUTPUT_SCHEMA_NAME", "OUTPUT_TABLE_NAME", "S3_OUTPUT_URI", "STATUS"'
         ' FROM ::s."SME_METADATA_BATCH_TRANSFORM_JOBS" WHERE "TRANSFORM_JOB_NAME" = :n',
         {"s": "SME", "n": "churn-1-scores"}),
        ("SELECT COLUMN_NAME FROM SYS.EXA_ALL_COLUMNS WHERE COLUMN_SCHEMA = :s AND COLUMN_TABLE = :t",
         {"s": "DATA", "t": "CHURN_SCORES"}),
        ('SELECT NPROC() AS "NPROC"', None),
        ("EXPORT (SELECT ::col1, ::col2, ::col3, ::col4 FROM ::s.::t) INTO CSV AT ::c FILE :file1 FILE :file2"
         " BOOLEAN = '1/0'",
         {"s": "DATA", "t": "TO_SCORE", "c": CONNECTION, "col1": BATCH_KEY, "col2": "ID", "col3": "Mixed Case",
          "col4": "SELECT", "file1": BATCH_PREFIX + "input/part-001.csv",
          "file2": BATCH_PREFIX + "input/part-002.csv"}),
        ('SELECT ::s."SME_BATCH_TRANSFORM_START_UDF"(:transform_job, :job_name, :candidate, :input_uri, :output_uri,'
         " :key_count, :feature_count, :instance_type, :instance_count, :connection, :region)",
         {"s": "SME", "transform_job": "churn-1-scores", "job_name": JOB, "candidate": SQL_NULL,
          "input_uri": f"s3://ml-bucket/{BATCH_PREFIX}input/", "output_uri": f"s3://ml-bucket/{BATCH_PREFIX}output/",
          "key_count": 1, "feature_count": 3, "instance_type": "ml.m5.large", "instance_count": 1,
          "connection": CONNECTION, "region": REGION}),
        ('INSERT INTO ::s."SME_METADATA_BATCH_TRANSFORM_JOBS" ("DATETIME", "TRANSFORM_JOB_NAME", "JOB_NAME",'
         ' "CANDIDATE_NAME", "PROBLEM_TYPE", "INPUT_SCHEMA_NAME", "INPUT_TABLE_NAME", "KEY_COLUMNS",'
         ' "OUTPUT_SCHEMA_NAME", "OUTPUT_TABLE_NAME", "INSTANCE_TYPE", "INSTANCE_COUNT",'
         ' "AWS_CREDENTIALS_CONNECTION_NAME", "AWS_REGION", "S3_OUTPUT_URI", "STATUS", "ROWS_LOADED", "SESSION_ID",'
         ' "SCRIPT_USER") VALUES (CURRENT_TIMESTAMP, :transform_job, :job_name, :candidate, :problem_type,'
         " :input_schema, :input_table, :key_columns, :output_schema, :output_table, :instance_type,"
         " :instance_count, :connection, :region, :output_uri, :status, NULL, CURRENT_SESSION, CURRENT_USER)",
         {"s": "SME", "transform_job": "churn-1-scores", "job_name": JOB, "candidate": "churn-1-best",
          "problem_type": "BinaryClassification", "input_schema": "DATA", "input_table": "TO_SCORE",
          "key_columns": json.dumps([BATCH_KEY], separators=(",", ":")), "output_schema": "DATA",
          "output_table": "CHURN_SCORES", "instance_type": "ml.m5.large", "instance_count": 1,
          "connection": CONNECTION, "region": REGION, "output_uri": f"s3://ml-bucket/{BATCH_PREFIX}output/",
          "status": "IN_PROGRESS"}),
        ('SELECT ::s."SME_BATCH_TRANSFORM_WAIT_UDF"(:transform_job, :output_uri, :max_wait, :connection, :region)',
         {"s": "SME", "transform_job": "churn-1-scores", "output_uri": f"s3://ml-bucket/{BATCH_PREFIX}output/",
          "max_wait": SQL_NULL, "connection": CONNECTION, "region": REGION}),
        ("CREATE TABLE ::os.::ot (::out1 DECIMAL(9,0), ::out2 DOUBLE, ::out3 VARCHAR(10) UTF8)",
         {"os": "DATA", "ot": "CHURN_SCORES", "out1": BATCH_KEY, "out2": "PROBABILITY", "out3": "PREDICTIONS"}),
        ("IMPORT INTO ::os.::ot (::in1, ::in2, ::in3) FROM CSV AT ::c FILE :file1 FILE :file2",
         {"os": "DATA", "ot": "CHURN_SCORES", "c": CONNECTION, "in1": BATCH_KEY, "in2": "PREDICTIONS",
          "in3": "PROBABILITY", "file1": BATCH_PREFIX + "output/part-001.csv.out",
          "file2": BATCH_PREFIX + "output/part-002.csv.out"}),
        ('UPDATE ::s."SME_METADATA_BATCH_TRANSFORM_JOBS" SET "STATUS" = :status, "ROWS_LOADED" = :rows'
         ' WHERE "TRANSFORM_JOB_NAME" = :n', {"s": "SME", "status": "LOADED", "rows": 6, "n": "churn-1-scores"}),
    ],
    TRAIN: CONNECTION_LOOKUPS + [
        ('SELECT "JOB_NAME" FROM ::s."SME_METADATA_AUTOPILOT_JOBS" WHERE "JOB_NAME" = :j', {"s": "SME", "j": JOB}),
        (COLUMN_LOOKUP, {"s": "data", "t": "customers"}),
        (COLUMN_LOOKUP, {"s": "data", "t": "CUSTOMERS"}),
        (COLUMN_LOOKUP, {"s": "DATA", "t": "customers"}),
        (COLUMN_LOOKUP, {"s": "DATA", "t": "CUSTOMERS"}),
        ('SELECT NPROC() AS "NPROC"', None),
        ("EXPORT (SELECT ::col1, ::col2, ::col3, ::col4 FROM ::s.::t) INTO CSV AT ::c FILE :f1 FILE :f2"
         " BOOLEAN = '1/0' WITH COLUMN NAMES",
         {"s": "DATA", "t": "CUSTOMERS", "c": CONNECTION, "f1": FILES[0], "f2": FILES[1],
          "col1": "ID", "col2": "Mixed Case", "col3": "SELECT", "col4": "LABEL"}),
        ('SELECT ::s."SME_AUTOPILOT_TRAINING_UDF"(:job_name, :connection, :region, :role, :bucket_uri,'
         " :output_path, :files, :target, :problem_type, :objective, :max_runtime, :max_candidates,"
         " :max_runtime_per_job)",
         {"s": "SME", "job_name": JOB, "connection": CONNECTION, "region": REGION, "role": ROLE,
          "bucket_uri": "s3://ml-bucket", "output_path": "autopilot/exports", "files": json.dumps(FILES),
          "target": "LABEL", "problem_type": SQL_NULL, "objective": SQL_NULL, "max_runtime": SQL_NULL,
          "max_candidates": SQL_NULL, "max_runtime_per_job": SQL_NULL}),
        ('INSERT INTO ::s."SME_METADATA_AUTOPILOT_JOBS" ("DATETIME", "JOB_NAME", "AWS_CREDENTIALS_CONNECTION_NAME",'
         ' "IAM_SAGEMAKER_ROLE", "S3_BUCKET_URI", "S3_OUTPUT_PATH", "TARGET_ATTRIBUTE_NAME", "PROBLEM_TYPE",'
         ' "OBJECTIVE", "MAX_RUNTIME_FOR_AUTOML_JOB_IN_SECONDS", "MAX_CANDIDATES",'
         ' "MAX_RUNTIME_PER_TRAINING_JOB_IN_SECONDS", "SESSION_ID", "SCRIPT_USER", "COLUMN_NAMES", "COLUMN_TYPES",'
         ' "AWS_REGION", "INPUT_SCHEMA_NAME", "INPUT_TABLE_OR_VIEW_NAME", "INPUT_QUERY")'
         " VALUES (CURRENT_TIMESTAMP, :job_name, :connection, :role, :bucket_uri, :output_path, :target,"
         " :problem_type, :objective, :max_runtime, :max_candidates, :max_runtime_per_job, CURRENT_SESSION,"
         " CURRENT_USER, :column_names, :column_types, :region, :input_schema, :input_table, :input_query)",
         {"s": "SME", "job_name": JOB, "connection": CONNECTION, "role": ROLE, "bucket_uri": "s3://ml-bucket",
          "output_path": "autopilot/exports", "target": "LABEL", "problem_type": SQL_NULL, "objective": SQL_NULL,
          "max_runtime": SQL_NULL, "max_candidates": SQL_NULL, "max_runtime_per_job": SQL_NULL,
          "column_names": '["ID","Mixed Case","SELECT","LABEL"]',
          "column_types": '["DECIMAL(18,0)","VARCHAR(100) UTF8","DOUBLE","VARCHAR(10) UTF8"]',
          "region": REGION, "input_schema": "DATA", "input_table": "CUSTOMERS", "input_query": SQL_NULL}),
    ],
    POLL: CONNECTION_LOOKUPS + [
        ('SELECT ::s."SME_AUTOPILOT_JOB_STATUS_POLLING_UDF"(:job_name, :connection, :region)',
         {"s": "SME", "job_name": JOB, "connection": CONNECTION, "region": REGION}),
    ],
    DEPLOY: [
        (f'SELECT {JOB_COLUMNS} FROM ::s."SME_METADATA_AUTOPILOT_JOBS" WHERE "JOB_NAME" = :j', {"s": "SME", "j": JOB}),
        ("SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = :s", {"s": "ml"}),
        ("SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = :s", {"s": "ML"}),
    ] + CONNECTION_LOOKUPS + [
        (DEPLOY_UDF_CALL,
         {"s": "SME", "job_name": JOB, "endpoint_name": ENDPOINT, "instance_type": "ml.m5.large",
          "instance_count": 1, "connection": CONNECTION, "region": REGION, "candidate_name": SQL_NULL,
          "memory_size": SQL_NULL, "max_concurrency": SQL_NULL}),
        ('CREATE OR REPLACE PYTHON3_SME SET SCRIPT "ML"."churn-endpoint"("ID" DECIMAL(18,0), "Mixed Case"'
         ' VARCHAR(100) UTF8, "SELECT" DOUBLE)\nEMITS ("ID" DECIMAL(18,0), "Mixed Case" VARCHAR(100) UTF8,'
         ' "SELECT" DOUBLE, "PROBABILITY" DOUBLE, "PREDICTIONS" VARCHAR(10) UTF8) AS\n'
         "from exasol_sagemaker_extension.udfs.prediction_udf import PredictionUDF\n"
         "udf = PredictionUDF(exa, endpoint_name='churn-endpoint', connection_name='AWS_CONN',"
         " aws_region='eu-central-1', problem_type='BinaryClassification', max_payload_bytes=5242880)\n"
         "def run(ctx):\n    return udf.run(ctx)\n", None),
        (ENDPOINT_RECORD,
         {"s": "SME", "endpoint_name": ENDPOINT, "job_name": JOB, "udf_schema": "ML",
          "problem_type": "BinaryClassification", "instance_type": "ml.m5.large", "instance_count": 1,
          "connection": CONNECTION, "region": REGION, "status": "DEPLOYED", "candidate_name": "churn-1-best",
          "memory_size": SQL_NULL, "max_concurrency": SQL_NULL}),
    ],
    DELETE: [GENERATED_UDF_LOOKUP] + CONNECTION_LOOKUPS + [
        ('SELECT ::s."SME_AUTOPILOT_ENDPOINT_DELETION_UDF"(:endpoint_name, :connection, :region)',
         {"s": "SME", "endpoint_name": ENDPOINT, "connection": CONNECTION, "region": REGION}),
        ('SELECT "UDF_SCHEMA_NAME", "JOB_NAME" FROM ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" WHERE'
         ' "ENDPOINT_NAME" = :e AND "STATUS" = :status', {"s": "SME", "e": ENDPOINT, "status": "DEPLOYED"}),
        ("DROP SCRIPT IF EXISTS ::s.::e", {"s": "ML", "e": ENDPOINT}),
        ('UPDATE ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" SET "STATUS" = :deleted WHERE "ENDPOINT_NAME" = :e'
         ' AND "STATUS" = :deployed', {"s": "SME", "e": ENDPOINT, "deleted": "DELETED", "deployed": "DEPLOYED"}),
    ],
    LIST: [(f'SELECT {JOB_COLUMNS} FROM ::s."SME_METADATA_AUTOPILOT_JOBS" WHERE "JOB_NAME" = :j',
             {"s": "SME", "j": JOB})] + CONNECTION_LOOKUPS + [
        (f'{verb} ::s."SME_METADATA_AUTOPILOT_{table}"{rest}', params)
        for verb, table, rest, params in [
            ("DELETE FROM", "CANDIDATES", ' WHERE "JOB_NAME" = :j', {"s": "SME", "j": JOB}),
            ("DELETE FROM", "CANDIDATE_METRICS", ' WHERE "JOB_NAME" = :j', {"s": "SME", "j": JOB}),
            ("INSERT INTO", "CANDIDATE_METRICS", ' ("JOB_NAME", "CANDIDATE_NAME", "DATA_SET", "METRIC_NAME",'
             ' "STANDARD_METRIC_NAME", "METRIC_VALUE", "LOADED_AT") SELECT'
             ' ::s."SME_AUTOPILOT_CANDIDATE_METRICS_UDF"(:job_name, :connection, :region)', UDF_ARGUMENTS),
            ("INSERT INTO", "CANDIDATES", ' ("JOB_NAME", "CANDIDATE_NAME", "CANDIDATE_RANK", "IS_BEST_CANDIDATE",'
             ' "ALGORITHM", "OBJECTIVE_METRIC_NAME", "OBJECTIVE_METRIC_DIRECTION", "OBJECTIVE_METRIC_VALUE",'
             ' "CANDIDATE_STATUS", "OBJECTIVE_STATUS", "FAILURE_REASON", "CREATION_TIME", "END_TIME",'
             ' "TRAINING_SECONDS", "LOADED_AT") SELECT ::s."SME_AUTOPILOT_CANDIDATES_UDF"(:job_name, :connection,'
             ' :region)', UDF_ARGUMENTS),
            ("DELETE FROM", "FEATURE_IMPORTANCE", ' WHERE "JOB_NAME" = :j', {"s": "SME", "j": JOB}),
            ("INSERT INTO", "FEATURE_IMPORTANCE", ' ("JOB_NAME", "CANDIDATE_NAME", "LABEL", "FEATURE_NAME",'
             ' "IMPORTANCE", "IMPORTANCE_RANK", "REPORT_URI", "LOADED_AT") SELECT'
             ' ::s."SME_AUTOPILOT_FEATURE_IMPORTANCE_UDF"(:job_name, :connection, :region)', UDF_ARGUMENTS),
            ("DELETE FROM", "MODEL_QUALITY", ' WHERE "JOB_NAME" = :j', {"s": "SME", "j": JOB}),
            ("INSERT INTO", "MODEL_QUALITY", ' ("JOB_NAME", "CANDIDATE_NAME", "METRIC_GROUP", "METRIC_NAME",'
             ' "METRIC_VALUE", "STANDARD_DEVIATION", "REPORT_URI", "LOADED_AT") SELECT'
             ' ::s."SME_AUTOPILOT_MODEL_QUALITY_UDF"(:job_name, :connection, :region)', UDF_ARGUMENTS),
        ]
    ] + [
        ('SELECT "CANDIDATE_RANK", "CANDIDATE_NAME", "IS_BEST_CANDIDATE", "ALGORITHM", "OBJECTIVE_METRIC_NAME",'
         ' "OBJECTIVE_METRIC_VALUE", "CANDIDATE_STATUS", "OBJECTIVE_STATUS", "TRAINING_SECONDS" FROM'
         ' ::s."SME_METADATA_AUTOPILOT_CANDIDATES" WHERE "JOB_NAME" = :j ORDER BY "CANDIDATE_RANK" NULLS LAST,'
         ' "CREATION_TIME", "CANDIDATE_NAME"', {"s": "SME", "j": JOB}),
    ],
}

# The options script shares the deployment's code path: its statements up to the endpoint's record, then
# whatever the seven-argument script sends after that record.
_DEPLOY_SQL = [sql for sql, _ in EXPECTED_STATEMENTS[DEPLOY]]
EXPECTED_STATEMENTS[DEPLOY_WITH_OPTIONS] = EXPECTED_STATEMENTS[DEPLOY][:_DEPLOY_SQL.index(DEPLOY_UDF_CALL)] + [
    (DEPLOY_UDF_CALL,
     {"s": "SME", "job_name": JOB, "endpoint_name": ENDPOINT, "instance_type": SQL_NULL, "instance_count": SQL_NULL,
      "connection": CONNECTION, "region": REGION, "candidate_name": "churn-1-002-rf", "memory_size": 2048,
      "max_concurrency": 5}),
    ('CREATE OR REPLACE PYTHON3_SME SET SCRIPT "ML"."churn-endpoint"("ID" DECIMAL(18,0), "Mixed Case"'
     ' VARCHAR(100) UTF8, "SELECT" DOUBLE)\nEMITS ("ID" DECIMAL(18,0), "Mixed Case" VARCHAR(100) UTF8,'
     ' "SELECT" DOUBLE, "PROBABILITY" DOUBLE, "PREDICTIONS" VARCHAR(10) UTF8) AS\n'
     "from exasol_sagemaker_extension.udfs.prediction_udf import PredictionUDF\n"
     "udf = PredictionUDF(exa, endpoint_name='churn-endpoint', connection_name='AWS_CONN',"
     " aws_region='eu-central-1', problem_type='BinaryClassification', max_payload_bytes=3670016)\n"
     "def run(ctx):\n    return udf.run(ctx)\n", None),
    (ENDPOINT_RECORD,
     {"s": "SME", "endpoint_name": ENDPOINT, "job_name": JOB, "udf_schema": "ML",
      "problem_type": "BinaryClassification", "instance_type": SQL_NULL, "instance_count": SQL_NULL,
      "connection": CONNECTION, "region": REGION, "status": "DEPLOYED", "candidate_name": "churn-1-best",
      "memory_size": 2048, "max_concurrency": 5}),
] + EXPECTED_STATEMENTS[DEPLOY][_DEPLOY_SQL.index(ENDPOINT_RECORD) + 1:]
EXPECTED_STATEMENTS[CREATE_PREDICTION_UDF] = [
    ("SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = :s", {"s": "ml"}),
    ("SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = :s", {"s": "ML"}),
] + CONNECTION_LOOKUPS + [
    ('SELECT ::s."SME_ENDPOINT_DESCRIPTION_UDF"(:endpoint_name, :connection, :region)',
     {"s": "SME", "endpoint_name": ENDPOINT, "connection": CONNECTION, "region": REGION}),
    ('CREATE OR REPLACE PYTHON3_SME SET SCRIPT "ML"."churn-endpoint"("ID" DECIMAL(18,0))\n'
     'EMITS ("ID" DECIMAL(18,0), "SCORE" DOUBLE) AS\n'
     "from exasol_sagemaker_extension.udfs.endpoint_prediction_udf import EndpointPredictionUDF\n"
     "udf = EndpointPredictionUDF(exa, endpoint_name='churn-endpoint', connection_name='AWS_CONN',"
     " aws_region='eu-central-1', max_payload_bytes=5242880)\n"
     "def run(ctx):\n    return udf.run(ctx)\n", None),
    ('INSERT INTO ::s."SME_METADATA_PREDICTION_UDFS" ("DATETIME", "UDF_SCHEMA_NAME", "UDF_NAME", "ENDPOINT_NAME",'
     ' "AWS_CREDENTIALS_CONNECTION_NAME", "AWS_REGION", "SERVERLESS", "MAX_PAYLOAD_BYTES", "INPUT_COLUMNS",'
     ' "OUTPUT_COLUMNS", "SESSION_ID", "SCRIPT_USER") VALUES (CURRENT_TIMESTAMP, :udf_schema, :udf_name,'
     " :endpoint_name, :connection, :region, :serverless, :max_payload_bytes, :inputs, :outputs, CURRENT_SESSION,"
     " CURRENT_USER)",
     {"s": "SME", "udf_schema": "ML", "udf_name": ENDPOINT, "endpoint_name": ENDPOINT, "connection": CONNECTION,
      "region": REGION, "serverless": False, "max_payload_bytes": 5242880,
      "inputs": '[{"name":"ID","type":"DECIMAL(18,0)"}]', "outputs": '[{"name":"SCORE","type":"DOUBLE"}]'}),
]


# -- the lifecycle scripts (stop, refresh, job data, sweep) and the state rows the others write --------
SCENARIOS.update(LIFECYCLE_SCENARIOS)
_OWNERS = {"JOB": ("SME_METADATA_AUTOPILOT_JOBS", "JOB_NAME"),
           "ENDPOINT": ("SME_METADATA_AUTOPILOT_ENDPOINTS", "ENDPOINT_NAME")}
_STATUS = (("STATUS", ":status"), ("SECONDARY_STATUS", ":secondary_status"), ("FAILURE_REASON", ":failure_reason"),
           ("CHECKED_AT", "CURRENT_TIMESTAMP"), ("CHECKED_BY", "CURRENT_USER"), ("AWS_REGION", ":region"))
_INSTANCES = (("INSTANCE_TYPE", ":instance_type"), ("INSTANCE_COUNT", ":instance_count"))
_ACTION = (("LAST_ACTION", ":action"), ("LAST_ACTION_DETAIL", ":action_detail"),
           ("LAST_ACTION_AT", "CURRENT_TIMESTAMP"))


def state_writes(kind, name, columns, **values):
    """The UPDATE of a state row, then (no row updated) its INSERT guarded by the metadata table."""
    params = {"s": "SME", "kind": kind, "name": name, "owner": _OWNERS[kind][0], "owner_column": _OWNERS[kind][1],
              **values}
    sets = ", ".join(f'"{column}" = {value}' for column, value in columns)
    return [
        (f'UPDATE ::s."SME_METADATA_AWS_RESOURCE_STATE" SET {sets} WHERE "RESOURCE_KIND" = :kind AND'
         ' "RESOURCE_NAME" = :name', params),
        ('INSERT INTO ::s."SME_METADATA_AWS_RESOURCE_STATE" ("RESOURCE_KIND", "RESOURCE_NAME", '
         + ", ".join(f'"{column}"' for column, _ in columns) + ") SELECT DISTINCT :kind, :name, "
         + ", ".join(value for _, value in columns) + " FROM ::s.::owner WHERE ::owner_column = :name", params),
    ]


_STATUS_NULLS = {"secondary_status": SQL_NULL, "failure_reason": SQL_NULL}
EXPECTED_STATEMENTS[POLL] += state_writes("JOB", JOB, _STATUS, status="InProgress", secondary_status="Training",
                                          failure_reason=SQL_NULL, region=REGION)
EXPECTED_STATEMENTS[DEPLOY] += state_writes(
    "ENDPOINT", ENDPOINT, _STATUS + _INSTANCES + _ACTION, **_STATUS_NULLS, status="InService", region=REGION,
    instance_type="ml.m5.large", instance_count=1, action="DEPLOYED", action_detail=SQL_NULL)
EXPECTED_STATEMENTS[DEPLOY_WITH_OPTIONS] += state_writes(
    "ENDPOINT", ENDPOINT, _STATUS + _ACTION, **_STATUS_NULLS, status="InService", region=REGION,
    action="DEPLOYED", action_detail=SQL_NULL)
EXPECTED_STATEMENTS[DELETE] += state_writes("ENDPOINT", ENDPOINT, _STATUS + _ACTION, **_STATUS_NULLS,
                                            status="DELETED", region=REGION, action="DELETED",
                                            action_detail=SQL_NULL)
_JOB_LOCATION = (f'SELECT {JOB_COLUMNS} FROM ::s."SME_METADATA_AUTOPILOT_JOBS" WHERE "JOB_NAME" = :j',
                 {"s": "SME", "j": JOB})
_DEPLOYED_NAMES = 'SELECT DISTINCT "ENDPOINT_NAME" FROM ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" WHERE "STATUS" = :deployed'
EXPECTED_STATEMENTS[STOP] = [_JOB_LOCATION] + CONNECTION_LOOKUPS + [
    ('SELECT ::s."SME_AUTOPILOT_JOB_STOP_UDF"(:job_name, :connection, :region)', UDF_ARGUMENTS),
] + state_writes("JOB", JOB, _STATUS + _ACTION, status="Stopping", secondary_status="Stopping",
                 failure_reason=SQL_NULL, region=REGION, action="STOP_REQUESTED", action_detail=SQL_NULL)
EXPECTED_STATEMENTS[REFRESH] = CONNECTION_LOOKUPS + [
    ('SELECT ::s."SME_AWS_RESOURCE_STATE_UDF"("RESOURCE_KIND", "RESOURCE_NAME", :connection, "AWS_REGION") FROM'
     ' (SELECT :job AS "RESOURCE_KIND", "JOB_NAME" AS "RESOURCE_NAME", COALESCE("AWS_REGION", :region) AS'
     ' "AWS_REGION" FROM ::s."SME_METADATA_AUTOPILOT_JOBS" WHERE "AWS_CREDENTIALS_CONNECTION_NAME" = :connection'
     ' UNION SELECT :endpoint, "ENDPOINT_NAME", COALESCE("AWS_REGION", :region) FROM'
     ' ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" WHERE "STATUS" = :deployed AND "AWS_CREDENTIALS_CONNECTION_NAME" ='
     ' :connection) "RESOURCES"',
     {"s": "SME", "connection": CONNECTION, "region": REGION, "job": "JOB", "endpoint": "ENDPOINT",
      "deployed": "DEPLOYED"}),
] + state_writes("JOB", JOB, _STATUS, status="Completed", secondary_status="Completed", failure_reason=SQL_NULL,
                 region=REGION) + state_writes("ENDPOINT", ENDPOINT, _STATUS + _INSTANCES[1:], **_STATUS_NULLS,
                                               status="InService", region=REGION, instance_count=1)
EXPECTED_STATEMENTS[DELETE_DATA] = [_JOB_LOCATION] + CONNECTION_LOOKUPS + [
    ('SELECT ::s."SME_AUTOPILOT_JOB_DATA_DELETION_UDF"(:job_name, :connection, :region, :bucket_uri, :output_path,'
     ' :delete_model_artifacts)', {**UDF_ARGUMENTS, "bucket_uri": "s3://ml-bucket", "output_path": "autopilot/exports",
                                   "delete_model_artifacts": False}),
] + state_writes("JOB", JOB, _STATUS + _ACTION, status="Completed", secondary_status="Completed",
                 failure_reason=SQL_NULL, region=REGION, action="DATA_DELETED",
                 action_detail="TRAINING_DATA: 2 objects under s3://ml-bucket/autopilot/exports/churn-1/training-data/")
EXPECTED_STATEMENTS[SWEEP] = CONNECTION_LOOKUPS + [
    (_DEPLOYED_NAMES + ' AND "AWS_REGION" = :r', {"s": "SME", "deployed": "DEPLOYED", "r": REGION}),
    ('SELECT ::s."SME_AWS_ENDPOINT_SWEEP_UDF"(:connection, :region, :known, :delete_found)',
     {"s": "SME", "connection": CONNECTION, "region": REGION, "known": '["churn-endpoint"]', "delete_found": False}),
]

@pytest.mark.parametrize("script", LUA_SCRIPTS)
def test_each_bundled_script_runs_its_entry_point_with_parameters_as_globals(db, script):
    prepare, args, columns = SCENARIOS[script]
    prepare(db)
    rows, returned_columns = db.run_script(script, *args)
    assert returned_columns == columns
    assert rows and all(len(row) == columns.count(", ") + 1 for row in rows)


@pytest.mark.parametrize("script", LUA_SCRIPTS)
def test_each_script_sends_exactly_these_statements_with_these_parameters(db, script):
    prepare, args, _ = SCENARIOS[script]
    prepare(db)
    db.run_script(script, *args)
    sent = [(statement.sql, statement.params) for statement in db.statements]
    # the fake's cjson writes "/" as "\/" like lua-cjson; compare the decoded file list
    for index, (sql, params) in enumerate(sent):
        if params and "files" in params:
            sent[index] = (sql, dict(params, files=json.dumps(json.loads(params["files"]))))
    assert sent == EXPECTED_STATEMENTS[script]


@pytest.mark.parametrize("script", LUA_SCRIPTS)
def test_every_statement_goes_through_pquery(db, script):
    prepare, args, _ = SCENARIOS[script]
    prepare(db)
    db.run_script(script, *args)
    assert {statement.function for statement in db.statements} == {"pquery"}


@pytest.mark.parametrize("script", LUA_SCRIPTS)
def test_scripts_work_when_cjson_comes_only_through_require(script):
    db = FakeExasol(cjson_global=False)
    prepare, args, columns = SCENARIOS[script]
    prepare(db)
    assert db.run_script(script, *args)[1] == columns


@pytest.mark.parametrize("script", LUA_SCRIPTS)
def test_scripts_leave_no_global_variables_behind(db, script):
    prepare, args, _ = SCENARIOS[script]
    prepare(db)
    for name, value in zip(LUA_SCRIPTS[script].parameters, args):
        db.lua.globals()[name] = value
    before = set(db.lua.globals().keys())
    db.run_script(script, *args)
    assert set(db.lua.globals().keys()) == before


@pytest.mark.parametrize("script", LUA_SCRIPTS)
def test_the_script_schema_comes_from_exa_meta(script):
    db = FakeExasol(script_schema="Other Schema")
    prepare, args, _ = SCENARIOS[script]
    prepare(db)
    db.run_script(script, *args)
    udf_calls = [statement for statement in db.statements if "_UDF\"(" in statement.sql]
    assert udf_calls and all(call.params["s"] == "Other Schema" for call in udf_calls)
    assert all('"Other Schema"."SME_' in call.final_sql for call in udf_calls)
