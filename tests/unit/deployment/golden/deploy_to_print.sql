-- Exasol SageMaker Extension: installation into schema "Sme Schema" (11 statements).
-- Plain statements end with ';', CREATE ... SCRIPT statements with a line '/'.

-- 1/11: schema "Sme Schema"
CREATE SCHEMA IF NOT EXISTS "Sme Schema";

-- 2/11: UDF SME_AUTOPILOT_TRAINING_UDF
CREATE OR REPLACE PYTHON3_SME SCALAR SCRIPT "Sme Schema"."SME_AUTOPILOT_TRAINING_UDF"(
    job_name VARCHAR(32),
    aws_credentials_connection_name VARCHAR(128),
    aws_region VARCHAR(64),
    iam_sagemaker_role VARCHAR(2048),
    s3_bucket_uri VARCHAR(2048),
    s3_output_path VARCHAR(2048),
    exported_files VARCHAR(2000000),
    target_attribute_name VARCHAR(128),
    problem_type VARCHAR(64),
    objective VARCHAR(64),
    max_runtime_for_automl_job_in_seconds DECIMAL(18,0),
    max_candidates DECIMAL(18,0),
    max_runtime_per_training_job_in_seconds DECIMAL(18,0))
EMITS (JOB_NAME VARCHAR(32), JOB_ARN VARCHAR(2048)) AS
from exasol_sagemaker_extension.udfs.training_udf import TrainingUDF
udf = TrainingUDF(exa)
def run(ctx):
    return udf.run(ctx)
/

-- 3/11: UDF SME_AUTOPILOT_JOB_STATUS_POLLING_UDF
CREATE OR REPLACE PYTHON3_SME SCALAR SCRIPT "Sme Schema"."SME_AUTOPILOT_JOB_STATUS_POLLING_UDF"(
    job_name VARCHAR(32),
    aws_credentials_connection_name VARCHAR(128),
    aws_region VARCHAR(64))
EMITS (JOB_STATUS VARCHAR(64), JOB_SECONDARY_STATUS VARCHAR(64), FAILURE_REASON VARCHAR(4096)) AS
from exasol_sagemaker_extension.udfs.job_status_polling_udf import JobStatusPollingUDF
udf = JobStatusPollingUDF(exa)
def run(ctx):
    return udf.run(ctx)
/

-- 4/11: UDF SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF
CREATE OR REPLACE PYTHON3_SME SCALAR SCRIPT "Sme Schema"."SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF"(
    job_name VARCHAR(32),
    endpoint_name VARCHAR(63),
    instance_type VARCHAR(128),
    instance_count DECIMAL(9,0),
    aws_credentials_connection_name VARCHAR(128),
    aws_region VARCHAR(64))
EMITS (ENDPOINT_NAME VARCHAR(63), ENDPOINT_STATUS VARCHAR(64), PROBLEM_TYPE VARCHAR(64)) AS
from exasol_sagemaker_extension.udfs.endpoint_deployment_udf import EndpointDeploymentUDF
udf = EndpointDeploymentUDF(exa)
def run(ctx):
    return udf.run(ctx)
/

-- 5/11: UDF SME_AUTOPILOT_ENDPOINT_DELETION_UDF
CREATE OR REPLACE PYTHON3_SME SCALAR SCRIPT "Sme Schema"."SME_AUTOPILOT_ENDPOINT_DELETION_UDF"(
    endpoint_name VARCHAR(63),
    aws_credentials_connection_name VARCHAR(128),
    aws_region VARCHAR(64))
EMITS (RESOURCE_TYPE VARCHAR(32), RESOURCE_NAME VARCHAR(128), ACTION VARCHAR(32)) AS
from exasol_sagemaker_extension.udfs.endpoint_deletion_udf import EndpointDeletionUDF
udf = EndpointDeletionUDF(exa)
def run(ctx):
    return udf.run(ctx)
/

-- 6/11: Lua script SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT
CREATE OR REPLACE LUA SCRIPT "Sme Schema"."SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT"(json_str) AS
local x = 1;
query([[DROP SCRIPT ::s]])
/

-- 7/11: Lua script SME_POLL_SAGEMAKER_AUTOPILOT_JOB_STATUS
CREATE OR REPLACE LUA SCRIPT "Sme Schema"."SME_POLL_SAGEMAKER_AUTOPILOT_JOB_STATUS"(json_str) AS
local x = 1;
query([[DROP SCRIPT ::s]])
/

-- 8/11: Lua script SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT
CREATE OR REPLACE LUA SCRIPT "Sme Schema"."SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT"(json_str) AS
local x = 1;
query([[DROP SCRIPT ::s]])
/

-- 9/11: Lua script SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT
CREATE OR REPLACE LUA SCRIPT "Sme Schema"."SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT"(json_str) AS
local x = 1;
query([[DROP SCRIPT ::s]])
/

-- 10/11: metadata table SME_METADATA_AUTOPILOT_JOBS
CREATE TABLE IF NOT EXISTS "Sme Schema"."SME_METADATA_AUTOPILOT_JOBS" (
    "DATETIME" TIMESTAMP,
    "JOB_NAME" VARCHAR(32) PRIMARY KEY,
    "AWS_CREDENTIALS_CONNECTION_NAME" VARCHAR(128),
    "IAM_SAGEMAKER_ROLE" VARCHAR(2048),
    "S3_BUCKET_URI" VARCHAR(2048),
    "S3_OUTPUT_PATH" VARCHAR(2048),
    "TARGET_ATTRIBUTE_NAME" VARCHAR(128),
    "PROBLEM_TYPE" VARCHAR(64),
    "OBJECTIVE" VARCHAR(64),
    "MAX_RUNTIME_FOR_AUTOML_JOB_IN_SECONDS" DECIMAL(18,0),
    "MAX_CANDIDATES" DECIMAL(18,0),
    "MAX_RUNTIME_PER_TRAINING_JOB_IN_SECONDS" DECIMAL(18,0),
    "SESSION_ID" DECIMAL(20,0),
    "SCRIPT_USER" VARCHAR(128),
    "COLUMN_NAMES" VARCHAR(2000000),
    "COLUMN_TYPES" VARCHAR(2000000)
);

-- 11/11: metadata table SME_METADATA_AUTOPILOT_ENDPOINTS
CREATE TABLE IF NOT EXISTS "Sme Schema"."SME_METADATA_AUTOPILOT_ENDPOINTS" (
    "DATETIME" TIMESTAMP,
    "ENDPOINT_NAME" VARCHAR(63),
    "JOB_NAME" VARCHAR(32),
    "UDF_SCHEMA_NAME" VARCHAR(128),
    "PROBLEM_TYPE" VARCHAR(64),
    "INSTANCE_TYPE" VARCHAR(128),
    "INSTANCE_COUNT" DECIMAL(9,0),
    "AWS_CREDENTIALS_CONNECTION_NAME" VARCHAR(128),
    "AWS_REGION" VARCHAR(64),
    "STATUS" VARCHAR(32),
    "SESSION_ID" DECIMAL(20,0),
    "SCRIPT_USER" VARCHAR(128)
);
