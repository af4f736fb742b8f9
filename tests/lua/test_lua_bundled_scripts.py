"""The four bundled scripts as the database runs them: parameters as globals, statements in order."""
from __future__ import annotations

import json

import pytest

from exasol_sagemaker_extension.deployment.lua_bundler import LUA_SCRIPTS
from tests.lua.fake_exasol import SQL_NULL, FakeExasol
from tests.lua.lua_scenarios import (CONNECTION, DELETE, DELETE_ARGS, DEPLOY, DEPLOY_ARGS, ENDPOINT, JOB, POLL,
                                     POLL_ARGS, REGION, ROLE, TRAIN, prepare_deletion, prepare_deployment,
                                     prepare_polling, prepare_training, training_json)

SCENARIOS = {
    TRAIN: (prepare_training, (training_json(),), "JOB_NAME VARCHAR(32)"),
    POLL: (prepare_polling, POLL_ARGS, "JOB_STATUS VARCHAR(64), JOB_SECONDARY_STATUS VARCHAR(64)"),
    DEPLOY: (prepare_deployment, DEPLOY_ARGS,
             "ENDPOINT_NAME VARCHAR(63), ENDPOINT_STATUS VARCHAR(64), PREDICTION_UDF VARCHAR(300)"),
    DELETE: (prepare_deletion, DELETE_ARGS,
             "RESOURCE_TYPE VARCHAR(32), RESOURCE_NAME VARCHAR(300), ACTION VARCHAR(32)"),
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
               ' "COLUMN_TYPES"')

EXPECTED_STATEMENTS = {
    TRAIN: CONNECTION_LOOKUPS + [
        (COLUMN_LOOKUP, {"s": "data", "t": "customers"}),
        (COLUMN_LOOKUP, {"s": "data", "t": "CUSTOMERS"}),
        (COLUMN_LOOKUP, {"s": "DATA", "t": "customers"}),
        (COLUMN_LOOKUP, {"s": "DATA", "t": "CUSTOMERS"}),
        ('SELECT "JOB_NAME" FROM ::s."SME_METADATA_AUTOPILOT_JOBS" WHERE "JOB_NAME" = :j', {"s": "SME", "j": JOB}),
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
         ' "MAX_RUNTIME_PER_TRAINING_JOB_IN_SECONDS", "SESSION_ID", "SCRIPT_USER", "COLUMN_NAMES", "COLUMN_TYPES")'
         " VALUES (CURRENT_TIMESTAMP, :job_name, :connection, :role, :bucket_uri, :output_path, :target,"
         " :problem_type, :objective, :max_runtime, :max_candidates, :max_runtime_per_job, CURRENT_SESSION,"
         " CURRENT_USER, :column_names, :column_types)",
         {"s": "SME", "job_name": JOB, "connection": CONNECTION, "role": ROLE, "bucket_uri": "s3://ml-bucket",
          "output_path": "autopilot/exports", "target": "LABEL", "problem_type": SQL_NULL, "objective": SQL_NULL,
          "max_runtime": SQL_NULL, "max_candidates": SQL_NULL, "max_runtime_per_job": SQL_NULL,
          "column_names": '["ID","Mixed Case","SELECT","LABEL"]',
          "column_types": '["DECIMAL(18,0)","VARCHAR(100) UTF8","DOUBLE","VARCHAR(10) UTF8"]'}),
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
        ('SELECT ::s."SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF"(:job_name, :endpoint_name, :instance_type,'
         " :instance_count, :connection, :region)",
         {"s": "SME", "job_name": JOB, "endpoint_name": ENDPOINT, "instance_type": "ml.m5.large",
          "instance_count": 1, "connection": CONNECTION, "region": REGION}),
        ('CREATE OR REPLACE PYTHON3_SME SET SCRIPT "ML"."churn-endpoint"("ID" DECIMAL(18,0), "Mixed Case"'
         ' VARCHAR(100) UTF8, "SELECT" DOUBLE)\nEMITS ("ID" DECIMAL(18,0), "Mixed Case" VARCHAR(100) UTF8,'
         ' "SELECT" DOUBLE, "PROBABILITY" DOUBLE, "PREDICTIONS" VARCHAR(10) UTF8) AS\n'
         "from exasol_sagemaker_extension.udfs.prediction_udf import PredictionUDF\n"
         "udf = PredictionUDF(exa, endpoint_name='churn-endpoint', connection_name='AWS_CONN',"
         " aws_region='eu-central-1', problem_type='BinaryClassification')\n"
         "def run(ctx):\n    return udf.run(ctx)\n", None),
        ('INSERT INTO ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" ("DATETIME", "ENDPOINT_NAME", "JOB_NAME",'
         ' "UDF_SCHEMA_NAME", "PROBLEM_TYPE", "INSTANCE_TYPE", "INSTANCE_COUNT", "AWS_CREDENTIALS_CONNECTION_NAME",'
         ' "AWS_REGION", "STATUS", "SESSION_ID", "SCRIPT_USER") VALUES (CURRENT_TIMESTAMP, :endpoint_name,'
         " :job_name, :udf_schema, :problem_type, :instance_type, :instance_count, :connection, :region, :status,"
         " CURRENT_SESSION, CURRENT_USER)",
         {"s": "SME", "endpoint_name": ENDPOINT, "job_name": JOB, "udf_schema": "ML",
          "problem_type": "BinaryClassification", "instance_type": "ml.m5.large", "instance_count": 1,
          "connection": CONNECTION, "region": REGION, "status": "DEPLOYED"}),
    ],
    DELETE: CONNECTION_LOOKUPS + [
        ('SELECT ::s."SME_AUTOPILOT_ENDPOINT_DELETION_UDF"(:endpoint_name, :connection, :region)',
         {"s": "SME", "endpoint_name": ENDPOINT, "connection": CONNECTION, "region": REGION}),
        ('SELECT "UDF_SCHEMA_NAME", "JOB_NAME" FROM ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" WHERE'
         ' "ENDPOINT_NAME" = :e AND "STATUS" = :status', {"s": "SME", "e": ENDPOINT, "status": "DEPLOYED"}),
        ("DROP SCRIPT IF EXISTS ::s.::e", {"s": "ML", "e": ENDPOINT}),
        ('UPDATE ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" SET "STATUS" = :deleted WHERE "ENDPOINT_NAME" = :e'
         ' AND "STATUS" = :deployed', {"s": "SME", "e": ENDPOINT, "deleted": "DELETED", "deployed": "DEPLOYED"}),
    ],
}


@pytest.mark.parametrize("script", LUA_SCRIPTS)
def test_each_bundled_script_runs_its_entry_point_with_parameters_as_globals(db, script):
    prepare, args, columns = SCENARIOS[script]
    prepare(db)
    rows, returned_columns = db.run_script(script, *args)
    assert returned_columns == columns
    assert rows and all(len(row) == columns.count(" VARCHAR") for row in rows)


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
    assert all('"Other Schema"."SME_AUTOPILOT_' in call.final_sql for call in udf_calls)
