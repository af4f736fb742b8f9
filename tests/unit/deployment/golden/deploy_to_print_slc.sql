-- Exasol SageMaker Extension: installation into schema "Sme Schema" (45 statements).
-- Plain statements end with ';', CREATE ... SCRIPT statements with a line '/'.
-- Python runtime: without --to-print the installer uploads the container file sme_slc.tar.gz to BucketFS service bfsdefault, bucket default, as slc/sme_slc.tar.gz.
-- Activation: SCRIPT_LANGUAGES must hold PYTHON3_SME=localzmq+protobuf:///bfsdefault/default/slc/sme_slc?lang=python#/buckets/bfsdefault/default/slc/sme_slc/exaudf/exaudfclient and keep every alias it holds now
--   (SELECT SYSTEM_VALUE FROM SYS.EXA_PARAMETERS WHERE PARAMETER_NAME = 'SCRIPT_LANGUAGES'). Without --to-print
--   the installer reads that value and runs the statement; for Exasol's default value it is:
-- ALTER SESSION SET SCRIPT_LANGUAGES='R=builtin_r JAVA=builtin_java PYTHON3=builtin_python3 PYTHON3_SME=localzmq+protobuf:///bfsdefault/default/slc/sme_slc?lang=python#/buckets/bfsdefault/default/slc/sme_slc/exaudf/exaudfclient';

-- 1/45: schema "Sme Schema"
CREATE SCHEMA IF NOT EXISTS "Sme Schema";

-- 2/45: UDF SME_AUTOPILOT_TRAINING_UDF
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

-- 3/45: UDF SME_AUTOPILOT_JOB_STATUS_POLLING_UDF
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

-- 4/45: UDF SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF
CREATE OR REPLACE PYTHON3_SME SCALAR SCRIPT "Sme Schema"."SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF"(
    job_name VARCHAR(32),
    endpoint_name VARCHAR(63),
    instance_type VARCHAR(128),
    instance_count DECIMAL(9,0),
    aws_credentials_connection_name VARCHAR(128),
    aws_region VARCHAR(64),
    candidate_name VARCHAR(64),
    serverless_memory_size_in_mb DECIMAL(9,0),
    serverless_max_concurrency DECIMAL(9,0))
EMITS (ENDPOINT_NAME VARCHAR(63), ENDPOINT_STATUS VARCHAR(64), PROBLEM_TYPE VARCHAR(64),
       CANDIDATE_NAME VARCHAR(64)) AS
from exasol_sagemaker_extension.udfs.endpoint_deployment_udf import EndpointDeploymentUDF
udf = EndpointDeploymentUDF(exa)
def run(ctx):
    return udf.run(ctx)
/

-- 5/45: UDF SME_AUTOPILOT_ENDPOINT_DELETION_UDF
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

-- 6/45: UDF SME_BATCH_TRANSFORM_START_UDF
CREATE OR REPLACE PYTHON3_SME SCALAR SCRIPT "Sme Schema"."SME_BATCH_TRANSFORM_START_UDF"(
    transform_job_name VARCHAR(63),
    job_name VARCHAR(32),
    candidate_name VARCHAR(64),
    input_s3_uri VARCHAR(2048),
    output_s3_uri VARCHAR(2048),
    key_column_count DECIMAL(9,0),
    feature_column_count DECIMAL(9,0),
    instance_type VARCHAR(128),
    instance_count DECIMAL(9,0),
    aws_credentials_connection_name VARCHAR(128),
    aws_region VARCHAR(64))
EMITS (TRANSFORM_JOB_NAME VARCHAR(63), CANDIDATE_NAME VARCHAR(64), PROBLEM_TYPE VARCHAR(64)) AS
from exasol_sagemaker_extension.udfs.batch_transform_start_udf import BatchTransformStartUDF
udf = BatchTransformStartUDF(exa)
def run(ctx):
    return udf.run(ctx)
/

-- 7/45: UDF SME_BATCH_TRANSFORM_WAIT_UDF
CREATE OR REPLACE PYTHON3_SME SCALAR SCRIPT "Sme Schema"."SME_BATCH_TRANSFORM_WAIT_UDF"(
    transform_job_name VARCHAR(63),
    output_s3_uri VARCHAR(2048),
    max_wait_in_seconds DECIMAL(18,0),
    aws_credentials_connection_name VARCHAR(128),
    aws_region VARCHAR(64))
EMITS (TRANSFORM_JOB_STATUS VARCHAR(64), OUTPUT_FILES VARCHAR(2000000)) AS
from exasol_sagemaker_extension.udfs.batch_transform_wait_udf import BatchTransformWaitUDF
udf = BatchTransformWaitUDF(exa)
def run(ctx):
    return udf.run(ctx)
/

-- 8/45: UDF SME_AUTOPILOT_CANDIDATES_UDF
CREATE OR REPLACE PYTHON3_SME SCALAR SCRIPT "Sme Schema"."SME_AUTOPILOT_CANDIDATES_UDF"(
    job_name VARCHAR(32),
    aws_credentials_connection_name VARCHAR(128),
    aws_region VARCHAR(64))
EMITS (JOB_NAME VARCHAR(32), CANDIDATE_NAME VARCHAR(64), CANDIDATE_RANK DECIMAL(9,0), IS_BEST_CANDIDATE BOOLEAN, ALGORITHM VARCHAR(256), OBJECTIVE_METRIC_NAME VARCHAR(256), OBJECTIVE_METRIC_DIRECTION VARCHAR(16), OBJECTIVE_METRIC_VALUE DOUBLE, CANDIDATE_STATUS VARCHAR(32), OBJECTIVE_STATUS VARCHAR(32), FAILURE_REASON VARCHAR(4096), CREATION_TIME TIMESTAMP, END_TIME TIMESTAMP, TRAINING_SECONDS DOUBLE, LOADED_AT TIMESTAMP) AS
from exasol_sagemaker_extension.udfs.candidates_udf import CandidatesUDF
udf = CandidatesUDF(exa)
def run(ctx):
    return udf.run(ctx)
/

-- 9/45: UDF SME_AUTOPILOT_CANDIDATE_METRICS_UDF
CREATE OR REPLACE PYTHON3_SME SCALAR SCRIPT "Sme Schema"."SME_AUTOPILOT_CANDIDATE_METRICS_UDF"(
    job_name VARCHAR(32),
    aws_credentials_connection_name VARCHAR(128),
    aws_region VARCHAR(64))
EMITS (JOB_NAME VARCHAR(32), CANDIDATE_NAME VARCHAR(64), DATA_SET VARCHAR(64), METRIC_NAME VARCHAR(128), STANDARD_METRIC_NAME VARCHAR(128), METRIC_VALUE DOUBLE, LOADED_AT TIMESTAMP) AS
from exasol_sagemaker_extension.udfs.candidates_udf import CandidateMetricsUDF
udf = CandidateMetricsUDF(exa)
def run(ctx):
    return udf.run(ctx)
/

-- 10/45: UDF SME_AUTOPILOT_FEATURE_IMPORTANCE_UDF
CREATE OR REPLACE PYTHON3_SME SCALAR SCRIPT "Sme Schema"."SME_AUTOPILOT_FEATURE_IMPORTANCE_UDF"(
    job_name VARCHAR(32),
    aws_credentials_connection_name VARCHAR(128),
    aws_region VARCHAR(64))
EMITS (JOB_NAME VARCHAR(32), CANDIDATE_NAME VARCHAR(64), LABEL VARCHAR(2000), FEATURE_NAME VARCHAR(2000), IMPORTANCE DOUBLE, IMPORTANCE_RANK DECIMAL(9,0), REPORT_URI VARCHAR(2048), LOADED_AT TIMESTAMP) AS
from exasol_sagemaker_extension.udfs.insight_udf import FeatureImportanceUDF
udf = FeatureImportanceUDF(exa)
def run(ctx):
    return udf.run(ctx)
/

-- 11/45: UDF SME_AUTOPILOT_MODEL_QUALITY_UDF
CREATE OR REPLACE PYTHON3_SME SCALAR SCRIPT "Sme Schema"."SME_AUTOPILOT_MODEL_QUALITY_UDF"(
    job_name VARCHAR(32),
    aws_credentials_connection_name VARCHAR(128),
    aws_region VARCHAR(64))
EMITS (JOB_NAME VARCHAR(32), CANDIDATE_NAME VARCHAR(64), METRIC_GROUP VARCHAR(128), METRIC_NAME VARCHAR(128), METRIC_VALUE DOUBLE, STANDARD_DEVIATION DOUBLE, REPORT_URI VARCHAR(2048), LOADED_AT TIMESTAMP) AS
from exasol_sagemaker_extension.udfs.insight_udf import ModelQualityUDF
udf = ModelQualityUDF(exa)
def run(ctx):
    return udf.run(ctx)
/

-- 12/45: UDF SME_AUTOPILOT_JOB_STOP_UDF
CREATE OR REPLACE PYTHON3_SME SCALAR SCRIPT "Sme Schema"."SME_AUTOPILOT_JOB_STOP_UDF"(
    job_name VARCHAR(32),
    aws_credentials_connection_name VARCHAR(128),
    aws_region VARCHAR(64))
EMITS (JOB_STATUS VARCHAR(64), JOB_SECONDARY_STATUS VARCHAR(64), ACTION VARCHAR(32)) AS
from exasol_sagemaker_extension.udfs.job_stop_udf import JobStopUDF
udf = JobStopUDF(exa)
def run(ctx):
    return udf.run(ctx)
/

-- 13/45: UDF SME_AWS_RESOURCE_STATE_UDF
CREATE OR REPLACE PYTHON3_SME SCALAR SCRIPT "Sme Schema"."SME_AWS_RESOURCE_STATE_UDF"(
    resource_kind VARCHAR(16),
    resource_name VARCHAR(63),
    aws_credentials_connection_name VARCHAR(128),
    aws_region VARCHAR(64))
EMITS (RESOURCE_KIND VARCHAR(16), RESOURCE_NAME VARCHAR(63), AWS_REGION VARCHAR(64), STATUS VARCHAR(64), SECONDARY_STATUS VARCHAR(64), FAILURE_REASON VARCHAR(4096), INSTANCE_COUNT DECIMAL(9,0)) AS
from exasol_sagemaker_extension.udfs.resource_state_udf import ResourceStateUDF
udf = ResourceStateUDF(exa)
def run(ctx):
    return udf.run(ctx)
/

-- 14/45: UDF SME_AUTOPILOT_JOB_DATA_DELETION_UDF
CREATE OR REPLACE PYTHON3_SME SCALAR SCRIPT "Sme Schema"."SME_AUTOPILOT_JOB_DATA_DELETION_UDF"(
    job_name VARCHAR(32),
    aws_credentials_connection_name VARCHAR(128),
    aws_region VARCHAR(64),
    s3_bucket_uri VARCHAR(2048),
    s3_output_path VARCHAR(2048),
    delete_model_artifacts BOOLEAN)
EMITS (JOB_STATUS VARCHAR(64), JOB_SECONDARY_STATUS VARCHAR(64), DATA_KIND VARCHAR(20), S3_PREFIX VARCHAR(4096), OBJECTS_DELETED DECIMAL(18,0)) AS
from exasol_sagemaker_extension.udfs.job_data_deletion_udf import JobDataDeletionUDF
udf = JobDataDeletionUDF(exa)
def run(ctx):
    return udf.run(ctx)
/

-- 15/45: UDF SME_AWS_ENDPOINT_SWEEP_UDF
CREATE OR REPLACE PYTHON3_SME SCALAR SCRIPT "Sme Schema"."SME_AWS_ENDPOINT_SWEEP_UDF"(
    aws_credentials_connection_name VARCHAR(128),
    aws_region VARCHAR(64),
    known_endpoints VARCHAR(2000000),
    delete_found BOOLEAN)
EMITS (RESOURCE_TYPE VARCHAR(32), RESOURCE_NAME VARCHAR(63), ENDPOINT_STATUS VARCHAR(64), CREATION_TIME VARCHAR(30), TAG_USER VARCHAR(256), TAG_JOB VARCHAR(256), ACTION VARCHAR(32)) AS
from exasol_sagemaker_extension.udfs.endpoint_sweep_udf import EndpointSweepUDF
udf = EndpointSweepUDF(exa)
def run(ctx):
    return udf.run(ctx)
/

-- 16/45: UDF SME_ENDPOINT_DESCRIPTION_UDF
CREATE OR REPLACE PYTHON3_SME SCALAR SCRIPT "Sme Schema"."SME_ENDPOINT_DESCRIPTION_UDF"(
    endpoint_name VARCHAR(63),
    aws_credentials_connection_name VARCHAR(128),
    aws_region VARCHAR(64))
EMITS (ENDPOINT_NAME VARCHAR(63), ENDPOINT_STATUS VARCHAR(64), ENDPOINT_KIND VARCHAR(16)) AS
from exasol_sagemaker_extension.udfs.endpoint_description_udf import EndpointDescriptionUDF
udf = EndpointDescriptionUDF(exa)
def run(ctx):
    return udf.run(ctx)
/

-- 17/45: Lua script SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT
CREATE OR REPLACE LUA SCRIPT "Sme Schema"."SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT"(json_str) RETURNS TABLE AS
-- Exasol SageMaker Extension: entry_train.lua with its modules, bundled at deploy time.
-- bundled: sme.catalog (sha256 3682b469a8c94b45...)
-- bundled: sme.error_codes (sha256 bd94b0c0a37938ee...)
-- bundled: sme.errors (sha256 45406afc2195e5b1...)
-- bundled: sme.exporter (sha256 b56453ce82d8eebd...)
-- bundled: sme.input_query (sha256 ccf47ac7c3ad6fc0...)
-- bundled: sme.json_params (sha256 abc69eb372eaa9ea...)
-- bundled: sme.metadata (sha256 91cf191bdb2bb862...)
-- bundled: sme.prediction_udf_sql (sha256 4be7c8368f9d4514...)
-- bundled: sme.rules (sha256 803c8de177826fdc...)
-- bundled: sme.runtime (sha256 36e4614255027c17...)
-- bundled: sme.sql (sha256 1fb2ece6dda2056b...)
-- bundled: sme.training (sha256 1eb1d6eefd2b4c6e...)
-- bundled: sme.training_params (sha256 af8d5f181e098c59...)
-- bundled: sme.udf (sha256 641c7c31f97d4df5...)
-- bundled: sme.validation (sha256 1a43f01190132f4c...)
-- EXECUTE SCRIPT SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT(json_str): Exasol sets the parameter as a global.
-- Only the entry scripts touch the database's globals; the modules get them passed in as env.
local env = {query = query, pquery = pquery, exa = exa, output = output, null = null,
             cjson = cjson or require("cjson")}
return require("sme.training").run(env, json_str)
/

-- 18/45: Lua script SME_POLL_SAGEMAKER_AUTOPILOT_JOB_STATUS
CREATE OR REPLACE LUA SCRIPT "Sme Schema"."SME_POLL_SAGEMAKER_AUTOPILOT_JOB_STATUS"(job_name, aws_credentials_connection_name, aws_region) RETURNS TABLE AS
-- Exasol SageMaker Extension: entry_poll.lua with its modules, bundled at deploy time.
-- bundled: sme.candidates (sha256 b19e91a9ed27fbdb...)
-- bundled: sme.catalog (sha256 3682b469a8c94b45...)
-- bundled: sme.error_codes (sha256 bd94b0c0a37938ee...)
-- bundled: sme.errors (sha256 45406afc2195e5b1...)
-- bundled: sme.metadata (sha256 91cf191bdb2bb862...)
-- bundled: sme.polling (sha256 6aae2675e131539e...)
-- bundled: sme.resource_state (sha256 32bf2fc5e174e451...)
-- bundled: sme.rules (sha256 803c8de177826fdc...)
-- bundled: sme.sql (sha256 1fb2ece6dda2056b...)
-- bundled: sme.udf (sha256 641c7c31f97d4df5...)
-- bundled: sme.validation (sha256 1a43f01190132f4c...)
-- EXECUTE SCRIPT SME_POLL_SAGEMAKER_AUTOPILOT_JOB_STATUS(job_name, aws_credentials_connection_name,
-- aws_region): Exasol sets the parameters as globals.
-- Only the entry scripts touch the database's globals; the modules get them passed in as env.
local env = {query = query, pquery = pquery, exa = exa, output = output, null = null,
             cjson = cjson or require("cjson")}
return require("sme.polling").run(env, job_name, aws_credentials_connection_name, aws_region)
/

-- 19/45: Lua script SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT
CREATE OR REPLACE LUA SCRIPT "Sme Schema"."SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT"(job_name, endpoint_name, schema_name, instance_type, instance_count, aws_credentials_connection_name, aws_region) RETURNS TABLE AS
-- Exasol SageMaker Extension: entry_deploy.lua with its modules, bundled at deploy time.
-- bundled: sme.catalog (sha256 3682b469a8c94b45...)
-- bundled: sme.deployment_options (sha256 37a7c5615fac8cf6...)
-- bundled: sme.endpoint_deployment (sha256 05d060f4de34672c...)
-- bundled: sme.error_codes (sha256 bd94b0c0a37938ee...)
-- bundled: sme.errors (sha256 45406afc2195e5b1...)
-- bundled: sme.json_params (sha256 abc69eb372eaa9ea...)
-- bundled: sme.metadata (sha256 91cf191bdb2bb862...)
-- bundled: sme.prediction_udf_sql (sha256 4be7c8368f9d4514...)
-- bundled: sme.resource_state (sha256 32bf2fc5e174e451...)
-- bundled: sme.rules (sha256 803c8de177826fdc...)
-- bundled: sme.runtime (sha256 36e4614255027c17...)
-- bundled: sme.sql (sha256 1fb2ece6dda2056b...)
-- bundled: sme.udf (sha256 641c7c31f97d4df5...)
-- bundled: sme.validation (sha256 1a43f01190132f4c...)
-- EXECUTE SCRIPT SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT(job_name, endpoint_name, schema_name,
-- instance_type, instance_count, aws_credentials_connection_name, aws_region): Exasol sets the
-- parameters as globals.
-- Only the entry scripts touch the database's globals; the modules get them passed in as env.
local env = {query = query, pquery = pquery, exa = exa, output = output, null = null,
             cjson = cjson or require("cjson")}
return require("sme.endpoint_deployment").run(env, job_name, endpoint_name, schema_name, instance_type,
    instance_count, aws_credentials_connection_name, aws_region)
/

-- 20/45: Lua script SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT
CREATE OR REPLACE LUA SCRIPT "Sme Schema"."SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT"(endpoint_name, aws_credentials_connection_name, aws_region) RETURNS TABLE AS
-- Exasol SageMaker Extension: entry_delete.lua with its modules, bundled at deploy time.
-- bundled: sme.catalog (sha256 3682b469a8c94b45...)
-- bundled: sme.endpoint_deletion (sha256 e4d633df102a96cb...)
-- bundled: sme.error_codes (sha256 bd94b0c0a37938ee...)
-- bundled: sme.errors (sha256 45406afc2195e5b1...)
-- bundled: sme.json_params (sha256 abc69eb372eaa9ea...)
-- bundled: sme.metadata (sha256 91cf191bdb2bb862...)
-- bundled: sme.prediction_udf_creation (sha256 1322167ecbf14099...)
-- bundled: sme.prediction_udf_sql (sha256 4be7c8368f9d4514...)
-- bundled: sme.resource_state (sha256 32bf2fc5e174e451...)
-- bundled: sme.rules (sha256 803c8de177826fdc...)
-- bundled: sme.runtime (sha256 36e4614255027c17...)
-- bundled: sme.sql (sha256 1fb2ece6dda2056b...)
-- bundled: sme.udf (sha256 641c7c31f97d4df5...)
-- bundled: sme.validation (sha256 1a43f01190132f4c...)
-- EXECUTE SCRIPT SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT(endpoint_name, aws_credentials_connection_name,
-- aws_region): Exasol sets the parameters as globals.
-- Only the entry scripts touch the database's globals; the modules get them passed in as env.
local env = {query = query, pquery = pquery, exa = exa, output = output, null = null,
             cjson = cjson or require("cjson")}
return require("sme.endpoint_deletion").run(env, endpoint_name, aws_credentials_connection_name, aws_region)
/

-- 21/45: Lua script SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT_WITH_OPTIONS
CREATE OR REPLACE LUA SCRIPT "Sme Schema"."SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT_WITH_OPTIONS"(json_str) RETURNS TABLE AS
-- Exasol SageMaker Extension: entry_deploy_with_options.lua with its modules, bundled at deploy time.
-- bundled: sme.catalog (sha256 3682b469a8c94b45...)
-- bundled: sme.deployment_options (sha256 37a7c5615fac8cf6...)
-- bundled: sme.endpoint_deployment (sha256 05d060f4de34672c...)
-- bundled: sme.error_codes (sha256 bd94b0c0a37938ee...)
-- bundled: sme.errors (sha256 45406afc2195e5b1...)
-- bundled: sme.json_params (sha256 abc69eb372eaa9ea...)
-- bundled: sme.metadata (sha256 91cf191bdb2bb862...)
-- bundled: sme.prediction_udf_sql (sha256 4be7c8368f9d4514...)
-- bundled: sme.resource_state (sha256 32bf2fc5e174e451...)
-- bundled: sme.rules (sha256 803c8de177826fdc...)
-- bundled: sme.runtime (sha256 36e4614255027c17...)
-- bundled: sme.sql (sha256 1fb2ece6dda2056b...)
-- bundled: sme.udf (sha256 641c7c31f97d4df5...)
-- bundled: sme.validation (sha256 1a43f01190132f4c...)
-- EXECUTE SCRIPT SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT_WITH_OPTIONS(json_str): Exasol sets the parameter
-- as a global. Only the entry scripts touch the database's globals; the modules get them passed in as env.
local env = {query = query, pquery = pquery, exa = exa, output = output, null = null,
             cjson = cjson or require("cjson")}
return require("sme.endpoint_deployment").run_with_options(env, json_str)
/

-- 22/45: Lua script SME_CREATE_SAGEMAKER_PREDICTION_UDF
CREATE OR REPLACE LUA SCRIPT "Sme Schema"."SME_CREATE_SAGEMAKER_PREDICTION_UDF"(json_str) RETURNS TABLE AS
-- Exasol SageMaker Extension: entry_create_prediction_udf.lua with its modules, bundled at deploy time.
-- bundled: sme.catalog (sha256 3682b469a8c94b45...)
-- bundled: sme.error_codes (sha256 bd94b0c0a37938ee...)
-- bundled: sme.errors (sha256 45406afc2195e5b1...)
-- bundled: sme.json_params (sha256 abc69eb372eaa9ea...)
-- bundled: sme.prediction_udf_creation (sha256 1322167ecbf14099...)
-- bundled: sme.prediction_udf_sql (sha256 4be7c8368f9d4514...)
-- bundled: sme.rules (sha256 803c8de177826fdc...)
-- bundled: sme.runtime (sha256 36e4614255027c17...)
-- bundled: sme.sql (sha256 1fb2ece6dda2056b...)
-- bundled: sme.udf (sha256 641c7c31f97d4df5...)
-- bundled: sme.validation (sha256 1a43f01190132f4c...)
-- EXECUTE SCRIPT SME_CREATE_SAGEMAKER_PREDICTION_UDF(json_str): Exasol sets the parameter as a global.
-- Only the entry scripts touch the database's globals; the modules get them passed in as env.
local env = {query = query, pquery = pquery, exa = exa, output = output, null = null,
             cjson = cjson or require("cjson")}
return require("sme.prediction_udf_creation").run(env, json_str)
/

-- 23/45: Lua script SME_BATCH_PREDICT_WITH_SAGEMAKER_AUTOPILOT
CREATE OR REPLACE LUA SCRIPT "Sme Schema"."SME_BATCH_PREDICT_WITH_SAGEMAKER_AUTOPILOT"(json_str) RETURNS TABLE AS
-- Exasol SageMaker Extension: entry_batch_predict.lua with its modules, bundled at deploy time.
-- bundled: sme.batch_transform (sha256 f8b18d904158856a...)
-- bundled: sme.batch_transform_params (sha256 f28defaed98a131e...)
-- bundled: sme.batch_transform_records (sha256 3cb97b0cc6aca78c...)
-- bundled: sme.batch_transform_sql (sha256 7725286e5af8fd30...)
-- bundled: sme.catalog (sha256 3682b469a8c94b45...)
-- bundled: sme.deployment_options (sha256 37a7c5615fac8cf6...)
-- bundled: sme.error_codes (sha256 bd94b0c0a37938ee...)
-- bundled: sme.errors (sha256 45406afc2195e5b1...)
-- bundled: sme.exporter (sha256 b56453ce82d8eebd...)
-- bundled: sme.json_params (sha256 abc69eb372eaa9ea...)
-- bundled: sme.metadata (sha256 91cf191bdb2bb862...)
-- bundled: sme.prediction_udf_sql (sha256 4be7c8368f9d4514...)
-- bundled: sme.rules (sha256 803c8de177826fdc...)
-- bundled: sme.runtime (sha256 36e4614255027c17...)
-- bundled: sme.sql (sha256 1fb2ece6dda2056b...)
-- bundled: sme.udf (sha256 641c7c31f97d4df5...)
-- bundled: sme.validation (sha256 1a43f01190132f4c...)
-- EXECUTE SCRIPT SME_BATCH_PREDICT_WITH_SAGEMAKER_AUTOPILOT(json_str): Exasol sets the parameter as a global.
-- Only the entry scripts touch the database's globals; the modules get them passed in as env.
local env = {query = query, pquery = pquery, exa = exa, output = output, null = null,
             cjson = cjson or require("cjson")}
return require("sme.batch_transform").run(env, json_str)
/

-- 24/45: Lua script SME_LIST_SAGEMAKER_AUTOPILOT_CANDIDATES
CREATE OR REPLACE LUA SCRIPT "Sme Schema"."SME_LIST_SAGEMAKER_AUTOPILOT_CANDIDATES"(job_name, aws_credentials_connection_name, aws_region) RETURNS TABLE AS
-- Exasol SageMaker Extension: entry_candidates.lua with its modules, bundled at deploy time.
-- bundled: sme.candidates (sha256 b19e91a9ed27fbdb...)
-- bundled: sme.catalog (sha256 3682b469a8c94b45...)
-- bundled: sme.error_codes (sha256 bd94b0c0a37938ee...)
-- bundled: sme.errors (sha256 45406afc2195e5b1...)
-- bundled: sme.metadata (sha256 91cf191bdb2bb862...)
-- bundled: sme.rules (sha256 803c8de177826fdc...)
-- bundled: sme.sql (sha256 1fb2ece6dda2056b...)
-- bundled: sme.validation (sha256 1a43f01190132f4c...)
-- EXECUTE SCRIPT SME_LIST_SAGEMAKER_AUTOPILOT_CANDIDATES(job_name, aws_credentials_connection_name,
-- aws_region): Exasol sets the parameters as globals.
-- Only the entry scripts touch the database's globals; the modules get them passed in as env.
local env = {query = query, pquery = pquery, exa = exa, output = output, null = null,
             cjson = cjson or require("cjson")}
return require("sme.candidates").run(env, job_name, aws_credentials_connection_name, aws_region)
/

-- 25/45: Lua script SME_STOP_SAGEMAKER_AUTOPILOT_JOB
CREATE OR REPLACE LUA SCRIPT "Sme Schema"."SME_STOP_SAGEMAKER_AUTOPILOT_JOB"(job_name, aws_credentials_connection_name, aws_region) RETURNS TABLE AS
-- Exasol SageMaker Extension: entry_stop.lua with its modules, bundled at deploy time.
-- bundled: sme.catalog (sha256 3682b469a8c94b45...)
-- bundled: sme.error_codes (sha256 bd94b0c0a37938ee...)
-- bundled: sme.errors (sha256 45406afc2195e5b1...)
-- bundled: sme.job_stop (sha256 51379e4cf2fee66b...)
-- bundled: sme.metadata (sha256 91cf191bdb2bb862...)
-- bundled: sme.resource_state (sha256 32bf2fc5e174e451...)
-- bundled: sme.rules (sha256 803c8de177826fdc...)
-- bundled: sme.sql (sha256 1fb2ece6dda2056b...)
-- bundled: sme.udf (sha256 641c7c31f97d4df5...)
-- bundled: sme.validation (sha256 1a43f01190132f4c...)
-- EXECUTE SCRIPT SME_STOP_SAGEMAKER_AUTOPILOT_JOB(job_name, aws_credentials_connection_name, aws_region):
-- Exasol sets the parameters as globals.
-- Only the entry scripts touch the database's globals; the modules get them passed in as env.
local env = {query = query, pquery = pquery, exa = exa, output = output, null = null,
             cjson = cjson or require("cjson")}
return require("sme.job_stop").run(env, job_name, aws_credentials_connection_name, aws_region)
/

-- 26/45: Lua script SME_REFRESH_SAGEMAKER_STATE
CREATE OR REPLACE LUA SCRIPT "Sme Schema"."SME_REFRESH_SAGEMAKER_STATE"(aws_credentials_connection_name, aws_region) RETURNS TABLE AS
-- Exasol SageMaker Extension: entry_refresh.lua with its modules, bundled at deploy time.
-- bundled: sme.catalog (sha256 3682b469a8c94b45...)
-- bundled: sme.error_codes (sha256 bd94b0c0a37938ee...)
-- bundled: sme.errors (sha256 45406afc2195e5b1...)
-- bundled: sme.resource_state (sha256 32bf2fc5e174e451...)
-- bundled: sme.rules (sha256 803c8de177826fdc...)
-- bundled: sme.sql (sha256 1fb2ece6dda2056b...)
-- bundled: sme.state_refresh (sha256 7f1e38d5c19f01e4...)
-- bundled: sme.udf (sha256 641c7c31f97d4df5...)
-- bundled: sme.validation (sha256 1a43f01190132f4c...)
-- EXECUTE SCRIPT SME_REFRESH_SAGEMAKER_STATE(aws_credentials_connection_name, aws_region):
-- Exasol sets the parameters as globals.
-- Only the entry scripts touch the database's globals; the modules get them passed in as env.
local env = {query = query, pquery = pquery, exa = exa, output = output, null = null,
             cjson = cjson or require("cjson")}
return require("sme.state_refresh").run(env, aws_credentials_connection_name, aws_region)
/

-- 27/45: Lua script SME_DELETE_SAGEMAKER_AUTOPILOT_JOB_DATA
CREATE OR REPLACE LUA SCRIPT "Sme Schema"."SME_DELETE_SAGEMAKER_AUTOPILOT_JOB_DATA"(job_name, aws_credentials_connection_name, aws_region, delete_model_artifacts) RETURNS TABLE AS
-- Exasol SageMaker Extension: entry_delete_job_data.lua with its modules, bundled at deploy time.
-- bundled: sme.catalog (sha256 3682b469a8c94b45...)
-- bundled: sme.error_codes (sha256 bd94b0c0a37938ee...)
-- bundled: sme.errors (sha256 45406afc2195e5b1...)
-- bundled: sme.job_data_deletion (sha256 7c2c4c58584ffb33...)
-- bundled: sme.metadata (sha256 91cf191bdb2bb862...)
-- bundled: sme.resource_state (sha256 32bf2fc5e174e451...)
-- bundled: sme.rules (sha256 803c8de177826fdc...)
-- bundled: sme.sql (sha256 1fb2ece6dda2056b...)
-- bundled: sme.udf (sha256 641c7c31f97d4df5...)
-- bundled: sme.validation (sha256 1a43f01190132f4c...)
-- EXECUTE SCRIPT SME_DELETE_SAGEMAKER_AUTOPILOT_JOB_DATA(job_name, aws_credentials_connection_name,
-- aws_region, delete_model_artifacts): Exasol sets the parameters as globals.
-- Only the entry scripts touch the database's globals; the modules get them passed in as env.
local env = {query = query, pquery = pquery, exa = exa, output = output, null = null,
             cjson = cjson or require("cjson")}
return require("sme.job_data_deletion").run(env, job_name, aws_credentials_connection_name, aws_region,
    delete_model_artifacts)
/

-- 28/45: Lua script SME_SWEEP_SAGEMAKER_ENDPOINTS
CREATE OR REPLACE LUA SCRIPT "Sme Schema"."SME_SWEEP_SAGEMAKER_ENDPOINTS"(aws_credentials_connection_name, aws_region, delete_found) RETURNS TABLE AS
-- Exasol SageMaker Extension: entry_sweep.lua with its modules, bundled at deploy time.
-- bundled: sme.catalog (sha256 3682b469a8c94b45...)
-- bundled: sme.endpoint_sweep (sha256 ea1e95c5ee812d19...)
-- bundled: sme.error_codes (sha256 bd94b0c0a37938ee...)
-- bundled: sme.errors (sha256 45406afc2195e5b1...)
-- bundled: sme.resource_state (sha256 32bf2fc5e174e451...)
-- bundled: sme.rules (sha256 803c8de177826fdc...)
-- bundled: sme.sql (sha256 1fb2ece6dda2056b...)
-- bundled: sme.udf (sha256 641c7c31f97d4df5...)
-- bundled: sme.validation (sha256 1a43f01190132f4c...)
-- EXECUTE SCRIPT SME_SWEEP_SAGEMAKER_ENDPOINTS(aws_credentials_connection_name, aws_region, delete_found):
-- Exasol sets the parameters as globals.
-- Only the entry scripts touch the database's globals; the modules get them passed in as env.
local env = {query = query, pquery = pquery, exa = exa, output = output, null = null,
             cjson = cjson or require("cjson")}
return require("sme.endpoint_sweep").run(env, aws_credentials_connection_name, aws_region, delete_found)
/

-- 29/45: metadata table SME_METADATA_AUTOPILOT_JOBS
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

-- 30/45: column AWS_REGION of SME_METADATA_AUTOPILOT_JOBS
ALTER TABLE "Sme Schema"."SME_METADATA_AUTOPILOT_JOBS" ADD COLUMN IF NOT EXISTS "AWS_REGION" VARCHAR(64);

-- 31/45: column INPUT_SCHEMA_NAME of SME_METADATA_AUTOPILOT_JOBS
ALTER TABLE "Sme Schema"."SME_METADATA_AUTOPILOT_JOBS" ADD COLUMN IF NOT EXISTS "INPUT_SCHEMA_NAME" VARCHAR(128);

-- 32/45: column INPUT_TABLE_OR_VIEW_NAME of SME_METADATA_AUTOPILOT_JOBS
ALTER TABLE "Sme Schema"."SME_METADATA_AUTOPILOT_JOBS" ADD COLUMN IF NOT EXISTS "INPUT_TABLE_OR_VIEW_NAME" VARCHAR(128);

-- 33/45: column INPUT_QUERY of SME_METADATA_AUTOPILOT_JOBS
ALTER TABLE "Sme Schema"."SME_METADATA_AUTOPILOT_JOBS" ADD COLUMN IF NOT EXISTS "INPUT_QUERY" VARCHAR(2000000);

-- 34/45: metadata table SME_METADATA_AUTOPILOT_ENDPOINTS
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

-- 35/45: column CANDIDATE_NAME of SME_METADATA_AUTOPILOT_ENDPOINTS
ALTER TABLE "Sme Schema"."SME_METADATA_AUTOPILOT_ENDPOINTS" ADD COLUMN IF NOT EXISTS "CANDIDATE_NAME" VARCHAR(64);

-- 36/45: column SERVERLESS_MEMORY_SIZE_IN_MB of SME_METADATA_AUTOPILOT_ENDPOINTS
ALTER TABLE "Sme Schema"."SME_METADATA_AUTOPILOT_ENDPOINTS" ADD COLUMN IF NOT EXISTS "SERVERLESS_MEMORY_SIZE_IN_MB" DECIMAL(9,0);

-- 37/45: column SERVERLESS_MAX_CONCURRENCY of SME_METADATA_AUTOPILOT_ENDPOINTS
ALTER TABLE "Sme Schema"."SME_METADATA_AUTOPILOT_ENDPOINTS" ADD COLUMN IF NOT EXISTS "SERVERLESS_MAX_CONCURRENCY" DECIMAL(9,0);

-- 38/45: metadata table SME_METADATA_BATCH_TRANSFORM_JOBS
CREATE TABLE IF NOT EXISTS "Sme Schema"."SME_METADATA_BATCH_TRANSFORM_JOBS" (
    "DATETIME" TIMESTAMP,
    "TRANSFORM_JOB_NAME" VARCHAR(63),
    "JOB_NAME" VARCHAR(32),
    "CANDIDATE_NAME" VARCHAR(64),
    "PROBLEM_TYPE" VARCHAR(64),
    "INPUT_SCHEMA_NAME" VARCHAR(128),
    "INPUT_TABLE_NAME" VARCHAR(128),
    "KEY_COLUMNS" VARCHAR(2000000),
    "OUTPUT_SCHEMA_NAME" VARCHAR(128),
    "OUTPUT_TABLE_NAME" VARCHAR(128),
    "INSTANCE_TYPE" VARCHAR(128),
    "INSTANCE_COUNT" DECIMAL(9,0),
    "AWS_CREDENTIALS_CONNECTION_NAME" VARCHAR(128),
    "AWS_REGION" VARCHAR(64),
    "S3_OUTPUT_URI" VARCHAR(2048),
    "STATUS" VARCHAR(32),
    "ROWS_LOADED" DECIMAL(18,0),
    "SESSION_ID" DECIMAL(20,0),
    "SCRIPT_USER" VARCHAR(128)
);

-- 39/45: metadata table SME_METADATA_AUTOPILOT_CANDIDATES
CREATE TABLE IF NOT EXISTS "Sme Schema"."SME_METADATA_AUTOPILOT_CANDIDATES" (
    "JOB_NAME" VARCHAR(32),
    "CANDIDATE_NAME" VARCHAR(64),
    "CANDIDATE_RANK" DECIMAL(9,0),
    "IS_BEST_CANDIDATE" BOOLEAN,
    "ALGORITHM" VARCHAR(256),
    "OBJECTIVE_METRIC_NAME" VARCHAR(256),
    "OBJECTIVE_METRIC_DIRECTION" VARCHAR(16),
    "OBJECTIVE_METRIC_VALUE" DOUBLE,
    "CANDIDATE_STATUS" VARCHAR(32),
    "OBJECTIVE_STATUS" VARCHAR(32),
    "FAILURE_REASON" VARCHAR(4096),
    "CREATION_TIME" TIMESTAMP,
    "END_TIME" TIMESTAMP,
    "TRAINING_SECONDS" DOUBLE,
    "LOADED_AT" TIMESTAMP
);

-- 40/45: metadata table SME_METADATA_AUTOPILOT_CANDIDATE_METRICS
CREATE TABLE IF NOT EXISTS "Sme Schema"."SME_METADATA_AUTOPILOT_CANDIDATE_METRICS" (
    "JOB_NAME" VARCHAR(32),
    "CANDIDATE_NAME" VARCHAR(64),
    "DATA_SET" VARCHAR(64),
    "METRIC_NAME" VARCHAR(128),
    "STANDARD_METRIC_NAME" VARCHAR(128),
    "METRIC_VALUE" DOUBLE,
    "LOADED_AT" TIMESTAMP
);

-- 41/45: metadata table SME_METADATA_AUTOPILOT_FEATURE_IMPORTANCE
CREATE TABLE IF NOT EXISTS "Sme Schema"."SME_METADATA_AUTOPILOT_FEATURE_IMPORTANCE" (
    "JOB_NAME" VARCHAR(32),
    "CANDIDATE_NAME" VARCHAR(64),
    "LABEL" VARCHAR(2000),
    "FEATURE_NAME" VARCHAR(2000),
    "IMPORTANCE" DOUBLE,
    "IMPORTANCE_RANK" DECIMAL(9,0),
    "REPORT_URI" VARCHAR(2048),
    "LOADED_AT" TIMESTAMP
);

-- 42/45: metadata table SME_METADATA_AUTOPILOT_MODEL_QUALITY
CREATE TABLE IF NOT EXISTS "Sme Schema"."SME_METADATA_AUTOPILOT_MODEL_QUALITY" (
    "JOB_NAME" VARCHAR(32),
    "CANDIDATE_NAME" VARCHAR(64),
    "METRIC_GROUP" VARCHAR(128),
    "METRIC_NAME" VARCHAR(128),
    "METRIC_VALUE" DOUBLE,
    "STANDARD_DEVIATION" DOUBLE,
    "REPORT_URI" VARCHAR(2048),
    "LOADED_AT" TIMESTAMP
);

-- 43/45: metadata table SME_METADATA_AWS_RESOURCE_STATE
CREATE TABLE IF NOT EXISTS "Sme Schema"."SME_METADATA_AWS_RESOURCE_STATE" (
    "RESOURCE_KIND" VARCHAR(16),
    "RESOURCE_NAME" VARCHAR(63),
    "AWS_REGION" VARCHAR(64),
    "STATUS" VARCHAR(64),
    "SECONDARY_STATUS" VARCHAR(64),
    "FAILURE_REASON" VARCHAR(4096),
    "INSTANCE_TYPE" VARCHAR(128),
    "INSTANCE_COUNT" DECIMAL(9,0),
    "CHECKED_AT" TIMESTAMP,
    "CHECKED_BY" VARCHAR(128),
    "LAST_ACTION" VARCHAR(64),
    "LAST_ACTION_DETAIL" VARCHAR(2000),
    "LAST_ACTION_AT" TIMESTAMP
);

-- 44/45: metadata table SME_METADATA_PREDICTION_UDFS
CREATE TABLE IF NOT EXISTS "Sme Schema"."SME_METADATA_PREDICTION_UDFS" (
    "DATETIME" TIMESTAMP,
    "UDF_SCHEMA_NAME" VARCHAR(128),
    "UDF_NAME" VARCHAR(128),
    "ENDPOINT_NAME" VARCHAR(63),
    "AWS_CREDENTIALS_CONNECTION_NAME" VARCHAR(128),
    "AWS_REGION" VARCHAR(64),
    "SERVERLESS" BOOLEAN,
    "MAX_PAYLOAD_BYTES" DECIMAL(9,0),
    "INPUT_COLUMNS" VARCHAR(2000000),
    "OUTPUT_COLUMNS" VARCHAR(2000000),
    "SESSION_ID" DECIMAL(20,0),
    "SCRIPT_USER" VARCHAR(128)
);

-- 45/45: view SME_AWS_RESOURCES
CREATE OR REPLACE VIEW "Sme Schema"."SME_AWS_RESOURCES" AS
SELECT CAST('JOB' AS VARCHAR(16)) AS "RESOURCE_KIND",
       j."JOB_NAME" AS "RESOURCE_NAME",
       j."JOB_NAME" AS "JOB_NAME",
       s."STATUS" AS "STATUS",
       s."SECONDARY_STATUS" AS "SECONDARY_STATUS",
       s."FAILURE_REASON" AS "FAILURE_REASON",
       CAST(NULL AS VARCHAR(128)) AS "INSTANCE_TYPE",
       CAST(NULL AS DECIMAL(9,0)) AS "INSTANCE_COUNT",
       COALESCE(j."AWS_REGION", s."AWS_REGION") AS "AWS_REGION",
       j."DATETIME" AS "CREATED_AT",
       j."SCRIPT_USER" AS "CREATED_BY",
       s."CHECKED_AT" AS "CHECKED_AT",
       s."LAST_ACTION" AS "LAST_ACTION",
       s."LAST_ACTION_DETAIL" AS "LAST_ACTION_DETAIL",
       s."LAST_ACTION_AT" AS "LAST_ACTION_AT"
FROM "Sme Schema"."SME_METADATA_AUTOPILOT_JOBS" j
LEFT JOIN "Sme Schema"."SME_METADATA_AWS_RESOURCE_STATE" s
    ON s."RESOURCE_KIND" = 'JOB' AND s."RESOURCE_NAME" = j."JOB_NAME"
UNION ALL
SELECT CAST('ENDPOINT' AS VARCHAR(16)),
       e."ENDPOINT_NAME",
       e."JOB_NAME",
       COALESCE(s."STATUS", e."STATUS"),
       s."SECONDARY_STATUS",
       s."FAILURE_REASON",
       e."INSTANCE_TYPE",
       COALESCE(s."INSTANCE_COUNT", e."INSTANCE_COUNT"),
       e."AWS_REGION",
       e."DATETIME",
       e."SCRIPT_USER",
       s."CHECKED_AT",
       s."LAST_ACTION",
       s."LAST_ACTION_DETAIL",
       s."LAST_ACTION_AT"
FROM (SELECT d.*, ROW_NUMBER() OVER (PARTITION BY d."ENDPOINT_NAME" ORDER BY d."DATETIME" DESC) AS "DEPLOYMENT_RANK"
      FROM "Sme Schema"."SME_METADATA_AUTOPILOT_ENDPOINTS" d) e
LEFT JOIN "Sme Schema"."SME_METADATA_AWS_RESOURCE_STATE" s
    ON s."RESOURCE_KIND" = 'ENDPOINT' AND s."RESOURCE_NAME" = e."ENDPOINT_NAME"
WHERE e."DEPLOYMENT_RANK" = 1;

-- rendered module sme.error_codes:
-- sme.error_codes: the E-SME numbers of exasol_sagemaker_extension/error_codes.py, rendered by
-- deployment/lua_bundler.py so Lua and Python can never disagree on a number.
local M = {}

M.INVALID_JSON = 1
M.MISSING_PARAMETER = 2
M.WRONG_PARAMETER_TYPE = 3
M.INVALID_JOB_NAME = 4
M.INVALID_ENDPOINT_NAME = 5
M.INVALID_REGION = 6
M.INVALID_IDENTIFIER = 7
M.INVALID_PROBLEM_TYPE = 8
M.INVALID_OBJECTIVE = 9
M.INVALID_LIMIT = 10
M.INVALID_S3_BUCKET_URI = 11
M.INVALID_S3_OUTPUT_PATH = 12
M.INVALID_IAM_ROLE = 13
M.INVALID_INSTANCE = 14
M.UNKNOWN_PARAMETER = 15
M.TABLE_NOT_FOUND = 30
M.TARGET_COLUMN_NOT_FOUND = 31
M.JOB_ALREADY_RECORDED = 32
M.JOB_NOT_IN_METADATA = 33
M.SCHEMA_NOT_FOUND = 34
M.EXPORT_FAILED = 35
M.METADATA_WRITE_FAILED = 36
M.PREDICTION_UDF_CREATION_FAILED = 37
M.UDF_CALL_FAILED = 38
M.RESERVED_OUTPUT_COLUMN = 39
M.NO_FEATURE_COLUMNS = 40
M.METADATA_READ_FAILED = 41
M.CONNECTION_NOT_USABLE = 50
M.AWS_CALL_FAILED = 51
M.AWS_ACCESS_DENIED = 52
M.JOB_NOT_FOUND = 53
M.JOB_NOT_COMPLETED = 54
M.NO_BEST_CANDIDATE = 55
M.ENDPOINT_FAILED = 56
M.ENDPOINT_WAIT_TIMEOUT = 57
M.RESOURCE_ALREADY_EXISTS = 58
M.FOREIGN_TRAINING_FILES = 59
M.ROLE_NOT_RESOLVED = 60
M.JOB_FAILED = 61
M.ENDPOINT_NOT_FOUND = 70
M.INVOCATION_FAILED = 71
M.PREDICTION_COUNT_MISMATCH = 72
M.PREDICTION_NOT_PARSABLE = 73
M.ROW_TOO_LARGE = 74
M.INPUT_COLUMNS_MISMATCH = 75
M.DATABASE_CONNECTION_FAILED = 90
M.STATEMENT_FAILED = 91
M.INVALID_OPTION = 92
M.BUCKETFS_UPLOAD_FAILED = 93
M.SCRIPT_LANGUAGE_CONFLICT = 94
M.SCRIPT_LANGUAGE_ACTIVATION_FAILED = 95
M.RUNTIME_ARCHIVE_FAILED = 96
M.CANDIDATE_TABLES_WRITE_FAILED = 100
M.INSIGHT_REPORT_UNREADABLE = 101
M.INVALID_CANDIDATE_NAME = 120
M.CHOSEN_CANDIDATE_NOT_FOUND = 121
M.CHOSEN_CANDIDATE_NOT_COMPLETED = 122
M.INVALID_SERVERLESS_CONFIG = 123
M.DEPLOYMENT_CHOICE_CONFLICT = 124
M.INVALID_COLUMN_SPEC = 125
M.INVALID_SQL_TYPE = 126
M.FOREIGN_ENDPOINT_NOT_DELETED = 127
M.JOB_STILL_RUNNING = 140
M.S3_DELETE_FAILED = 141
M.MODEL_ARTIFACTS_IN_USE = 142
M.REGION_MISMATCH = 143
M.INVALID_TRANSFORM_JOB_NAME = 160
M.INVALID_KEY_COLUMNS = 161
M.KEY_COLUMN_NOT_FOUND = 162
M.OUTPUT_TABLE_EXISTS = 163
M.TRANSFORM_JOB_FAILED = 164
M.TRANSFORM_WAIT_TIMEOUT = 165
M.TRANSFORM_JOB_NAME_IN_USE = 166
M.CANDIDATE_NOT_FOUND = 167
M.FEATURE_COLUMN_MISSING = 168
M.PREDICTIONS_IMPORT_FAILED = 169
M.INPUT_SOURCE_CONFLICT = 180
M.INVALID_INPUT_QUERY = 181
M.INPUT_QUERY_FAILED = 182

return M

-- rendered module sme.rules:
-- sme.rules: the name limits and lists of exasol_sagemaker_extension/names.py (names.lua_rules()),
-- rendered by deployment/lua_bundler.py. Change a limit in names.py, never here.
local M = {}

M.JOB_NAME_MAX_LENGTH = 32
M.ENDPOINT_NAME_MAX_LENGTH = 63
M.TRANSFORM_JOB_NAME_MAX_LENGTH = 63
M.IDENTIFIER_MAX_LENGTH = 128
M.S3_OUTPUT_PATH_MAX_LENGTH = 512
M.IAM_ROLE_MAX_LENGTH = 2048
M.INSTANCE_COUNT_MAX = 100
M.INPUT_QUERY_MAX_LENGTH = 2000000
M.CANDIDATE_NAME_MAX_LENGTH = 64
M.VARCHAR_MAX_LENGTH = 2000000
M.CHAR_MAX_LENGTH = 2000
M.DECIMAL_MAX_PRECISION = 36
M.SERVERLESS_MEMORY_SIZES_IN_MB = {1024, 2048, 3072, 4096, 5120, 6144}
M.SERVERLESS_MAX_CONCURRENCY_MAX = 200
M.REALTIME_MAX_PAYLOAD_BYTES = 5242880
M.SERVERLESS_MAX_PAYLOAD_BYTES = 3670016
M.PROBLEM_TYPES = {"BinaryClassification", "MulticlassClassification", "Regression"}
M.CLASSIFICATION_PROBLEM_TYPES = {"BinaryClassification", "MulticlassClassification"}
M.OBJECTIVES = {["Accuracy"] = {"BinaryClassification", "MulticlassClassification"}, ["BalancedAccuracy"] = {"BinaryClassification", "MulticlassClassification"}, ["F1"] = {"BinaryClassification"}, ["AUC"] = {"BinaryClassification"}, ["Precision"] = {"BinaryClassification"}, ["Recall"] = {"BinaryClassification"}, ["F1macro"] = {"MulticlassClassification"}, ["PrecisionMacro"] = {"MulticlassClassification"}, ["RecallMacro"] = {"MulticlassClassification"}, ["MSE"] = {"Regression"}, ["RMSE"] = {"Regression"}, ["MAE"] = {"Regression"}, ["R2"] = {"Regression"}}
M.OBJECTIVE_NAMES = {"Accuracy", "BalancedAccuracy", "F1", "AUC", "Precision", "Recall", "F1macro", "PrecisionMacro", "RecallMacro", "MSE", "RMSE", "MAE", "R2"}
M.DEFAULT_OBJECTIVES = {["BinaryClassification"] = "F1", ["MulticlassClassification"] = "Accuracy", ["Regression"] = "MSE"}
M.PROBABILITY_COLUMN = "PROBABILITY"
M.PREDICTIONS_COLUMN = "PREDICTIONS"

return M

-- rendered module sme.runtime:
-- sme.runtime: where the deploy CLI put the Python runtime of the UDFs, rendered by
-- deployment/lua_bundler.py. PYTHON_PATH is the directory of the unpacked package archive, which every
-- generated UDF puts on sys.path; nil when the runtime is a script-language container (or not deployed).
local M = {}

M.PYTHON_PATH = nil

return M
