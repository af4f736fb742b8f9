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
package.preload["sme.catalog"] = function(...)
-- sme.catalog: finds schemas, tables, columns and connections the way SQL would: the name exactly
-- as written first, then, for a regular identifier, upper-cased (`my_table` finds MY_TABLE,
-- `MixedCase` finds "MixedCase").
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

local LISTED_COLUMNS_MAX = 10

function M.is_regular_identifier(name)
    return name:find("^[A-Za-z][A-Za-z0-9_]*$") ~= nil
end

--- The names to try for a user-given name, in order.
function M.candidates(name)
    local names = {name}
    if M.is_regular_identifier(name) and name:upper() ~= name then
        names[2] = name:upper()
    end
    return names
end

local function select_rows(env, statement, params, what)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_READ_FAILED, "reading " .. what,
            "Check that your user may read the system tables of schema SYS and try again.")
    end
    return result
end

--- The connection's name as stored (E-SME-50 if there is none of that name).
function M.resolve_connection(env, name)
    for _, candidate in ipairs(M.candidates(name)) do
        local result = select_rows(env,
            [[SELECT CONNECTION_NAME FROM SYS.EXA_ALL_CONNECTIONS WHERE CONNECTION_NAME = :c]],
            {c = candidate}, "the connections")
        if #result > 0 then
            return candidate
        end
    end
    errors.raise(codes.CONNECTION_NOT_USABLE, "there is no connection " .. errors.show(name),
        "Create it with CREATE CONNECTION <name> TO 'https://<bucket>.s3.<region>.amazonaws.com/'"
        .. " USER '<access key id>' IDENTIFIED BY '<secret access key>' and let the user run it with"
        .. " GRANT CONNECTION <name> TO <user>, or give the name of an existing connection.")
end

--- The schema's name as stored (E-SME-34 if there is none of that name).
function M.resolve_schema(env, name)
    for _, candidate in ipairs(M.candidates(name)) do
        local result = select_rows(env, [[SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = :s]],
            {s = candidate}, "the schemas")
        if #result > 0 then
            return candidate
        end
    end
    errors.raise(codes.SCHEMA_NOT_FOUND, "there is no schema " .. errors.show(name),
        "Create it with CREATE SCHEMA, or give the name of an existing schema.")
end

--- Whether a schema of exactly this name exists.
function M.schema_exists(env, name)
    local result = select_rows(env, [[SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = :s]],
        {s = name}, "the schemas")
    return #result > 0
end

--- The table or view with its columns {name=, type=} in ordinal order (E-SME-30 if not found).
function M.resolve_table(env, schema_name, table_name)
    for _, schema in ipairs(M.candidates(schema_name)) do
        for _, table_candidate in ipairs(M.candidates(table_name)) do
            local result = select_rows(env, [[SELECT COLUMN_NAME, COLUMN_TYPE FROM SYS.EXA_ALL_COLUMNS ]]
                .. [[WHERE COLUMN_SCHEMA = :s AND COLUMN_TABLE = :t ORDER BY COLUMN_ORDINAL_POSITION]],
                {s = schema, t = table_candidate}, "the columns of the input table")
            if #result > 0 then
                local columns = {}
                for i = 1, #result do
                    columns[i] = {name = result[i].COLUMN_NAME, type = sql.text(env, result[i].COLUMN_TYPE)}
                end
                return {schema = schema, table = table_candidate, columns = columns}
            end
        end
    end
    errors.raise(codes.TABLE_NOT_FOUND, "found no table or view " .. errors.show(table_name)
        .. " in schema " .. errors.show(schema_name) .. " that you may read",
        "Check input_schema_name and input_table_or_view_name (a regular name is also tried upper-case)"
        .. " and that you have the SELECT privilege on it.")
end

local function column_list(columns)
    local names = {}
    for i = 1, math.min(#columns, LISTED_COLUMNS_MAX) do
        names[i] = sql.quote_identifier(columns[i].name)
    end
    local text = table.concat(names, ", ")
    if #columns > LISTED_COLUMNS_MAX then
        text = text .. " and " .. (#columns - LISTED_COLUMNS_MAX) .. " more"
    end
    return text
end

--- The target column of a resolved table (E-SME-31 if it has none of that name).
function M.resolve_target(source, target_name)
    for _, candidate in ipairs(M.candidates(target_name)) do
        for _, column in ipairs(source.columns) do
            if column.name == candidate then
                return column
            end
        end
    end
    errors.raise(codes.TARGET_COLUMN_NOT_FOUND, "table " .. sql.quote_identifier(source.schema) .. "."
        .. sql.quote_identifier(source.table) .. " has no column " .. errors.show(target_name),
        "Give one of its columns as target_attribute_name: " .. column_list(source.columns) .. ".")
end

return M
end
package.preload["sme.error_codes"] = function(...)
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
end
package.preload["sme.errors"] = function(...)
-- sme.errors: every failure leaves the scripts as one string "E-SME-<n>: what happened. what to do."
-- Database errors of the UDFs are searched for the extension's own message, which is passed on
-- unchanged; anything else becomes E-SME-38 (or the caller's code) with the database's first lines.
local codes = require("sme.error_codes")

local M = {}

local SHOWN_VALUE_MAX = 80
local DATABASE_MESSAGE_MAX = 600
local ESCAPES = {["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t", ["\\"] = "\\\\", ["'"] = "\\'"}

-- Cut text to at most max bytes without splitting a UTF-8 character.
local function cut(text, max)
    if #text <= max then
        return text
    end
    local stop = max
    while stop > 0 do
        local byte = text:byte(stop + 1)
        if byte == nil or byte < 0x80 or byte >= 0xC0 then
            break
        end
        stop = stop - 1
    end
    return text:sub(1, stop)
end

--- A rejected value as it appears in a message: quoted, control characters escaped, at most 80 chars.
function M.show(value)
    if type(value) ~= "string" then
        return tostring(value)
    end
    local escaped = value:gsub("[\0-\31\127\\']", function(char)
        return ESCAPES[char] or string.format("\\x%02x", char:byte())
    end)
    local text = "'" .. escaped .. "'"
    if #text > SHOWN_VALUE_MAX then
        text = cut(text, SHOWN_VALUE_MAX - 4) .. "...'"
    end
    return text
end

--- Abort the script with "E-SME-<code>: <what>. <todo>".
function M.raise(code, what, todo)
    assert(math.type(code) == "integer", "sme.errors.raise needs a code from sme.error_codes")
    local text = tostring(what):gsub("%.+$", "")
    error(string.format("E-SME-%d: %s. %s", code, text, todo), 0)
end

--- The extension's own "E-SME-<n>: ..." text inside a database message, or nil.
-- Takes the first such text up to the end of its line, without Exasol's "(Session: ...)" suffix.
function M.extract(message)
    if type(message) ~= "string" then
        return nil
    end
    local start = message:find("E%-SME%-%d+:")
    if start == nil then
        return nil
    end
    local line = message:sub(start):match("^[^\r\n]*")
    line = line:gsub("%s*%(Session: %d+%)%s*$", "")
    return (line:gsub("%s+$", ""))
end

--- A database message made short enough to show: no Python traceback, one line, shortened.
function M.database_message(message)
    local text = tostring(message or "unknown error")
    local traceback = text:find("Traceback (most recent call last)", 1, true)
    if traceback ~= nil then
        text = text:sub(1, traceback - 1)
    end
    text = text:gsub("%(Session: %d+%)", ""):gsub("%s+", " "):gsub("^ ", ""):gsub(" $", "")
    if #text > DATABASE_MESSAGE_MAX then
        text = cut(text, DATABASE_MESSAGE_MAX - 3) .. "..."
    end
    if text == "" then
        text = "no message"
    end
    return text
end

--- Re-raise a failed statement: its own E-SME text unchanged if it has one, else
-- "E-SME-<fallback_code>: <context> failed: <database message>. <todo>".
function M.from_database(message, fallback_code, context, todo)
    local own = M.extract(message)
    if own ~= nil then
        error(own, 0)
    end
    M.raise(fallback_code or codes.UDF_CALL_FAILED,
        context .. " failed: " .. M.database_message(message),
        todo or ("Check that the extension was deployed completely into this schema with the same version,"
            .. " and that the script language PYTHON3_SME is activated for this session or system."))
end

return M
end
package.preload["sme.exporter"] = function(...)
-- sme.exporter: exports the training table to S3 with one EXPORT statement, one FILE per NPROC()
-- slice, into the job's own prefix <s3_output_path>/<job_name>/training-data/.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

local MIN_DIGITS = 3

function M.training_data_prefix(output_path, job_name)
    return output_path .. "/" .. job_name .. "/training-data/"
end

--- part-001.csv .. part-<count>.csv under the prefix, numbers zero-padded to the same width.
function M.file_keys(prefix, count)
    local format = "%spart-%0" .. math.max(MIN_DIGITS, #tostring(count)) .. "d.csv"
    local keys = {}
    for i = 1, count do
        keys[i] = string.format(format, prefix, i)
    end
    return keys
end

local function export_failed(message, job)
    errors.from_database(message, codes.EXPORT_FAILED,
        "exporting the training data of job " .. job.job_name .. " to S3",
        "Check that connection " .. sql.quote_identifier(job.connection)
        .. " points at https://<bucket>.s3.<region>.amazonaws.com/ of the bucket in s3_bucket_uri and"
        .. " that its key pair may write to " .. M.training_data_prefix(job.output_path, job.job_name) .. ".")
end

local function node_count(env, job)
    local ok, result = env.pquery([[SELECT NPROC() AS "NPROC"]])
    if not ok then
        export_failed(result.error_message, job)
    end
    local count = sql.integer(env, result[1] and result[1][1])
    if count == nil or count < 1 then
        count = 1
    end
    return count
end

--- Export job.columns (names) of job.schema.job.table through connection job.connection.
-- Every name goes through a ::placeholder, every key through a :placeholder. Booleans are written as
-- 1/0, the form the prediction UDF sends, so a model sees the same text in training and prediction.
-- Returns the object keys written, relative to the bucket.
function M.export(env, job)
    local keys = M.file_keys(M.training_data_prefix(job.output_path, job.job_name), node_count(env, job))
    local params = {s = job.schema, t = job.table, c = job.connection}
    local columns = {}
    for i, name in ipairs(job.columns) do
        params["col" .. i] = name
        columns[i] = "::col" .. i
    end
    local files = {}
    for i, key in ipairs(keys) do
        params["f" .. i] = key
        files[i] = "FILE :f" .. i
    end
    local statement = "EXPORT (SELECT " .. table.concat(columns, ", ") .. " FROM ::s.::t) INTO CSV AT ::c "
        .. table.concat(files, " ") .. " BOOLEAN = '1/0' WITH COLUMN NAMES"
    local ok, result = env.pquery(statement, params)
    if not ok then
        export_failed(result.error_message, job)
    end
    return keys
end

return M
end
package.preload["sme.input_query"] = function(...)
-- sme.input_query: training from a query instead of a table. The query's text is checked to be one
-- SELECT (or WITH ... SELECT); a view over it in the script's schema gives the result's column names
-- and SQL types the usual way (SYS.EXA_ALL_COLUMNS) and is what the export reads; the view is dropped
-- again whether the steps in between succeed or not.
local catalog = require("sme.catalog")
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local rules = require("sme.rules")
local sql = require("sme.sql")

local M = {}

M.VIEW_PREFIX = "SME_TRAINING_QUERY_"

local QUERY_TODO = "Give input_query as one SELECT statement (WITH ... SELECT is fine), without a"
    .. " semicolon inside, or train on a table or view with input_schema_name and input_table_or_view_name."

local function invalid(what)
    errors.raise(codes.INVALID_INPUT_QUERY, what, QUERY_TODO)
end

-- Index just after the quoted text or comment starting at i, or nil if it does not end.
local function skip_quoted(text, i, quote)
    local j = i + 1
    while true do
        local k = text:find(quote, j, true)
        if k == nil then
            return nil
        end
        if text:sub(k + 1, k + 1) ~= quote then
            return k + 1
        end
        j = k + 2
    end
end

local function skip_comment(text, i)
    if text:sub(i, i + 1) == "--" then
        local k = text:find("\n", i, true)
        return k and k + 1 or #text + 1
    end
    local k = text:find("*/", i + 2, true)
    return k and k + 2 or nil
end

--- Positions of ';' outside string literals, quoted identifiers and comments; raises on unclosed ones.
local function statement_ends(text)
    local ends, i = {}, 1
    while i <= #text do
        local char = text:sub(i, i)
        local two = text:sub(i, i + 1)
        local after
        if char == "'" or char == '"' then
            after = skip_quoted(text, i, char)
            if after == nil then
                invalid("input_query has an unclosed " .. (char == "'" and "string literal" or "quoted name"))
            end
        elseif two == "--" or two == "/*" then
            after = skip_comment(text, i)
            if after == nil then
                invalid("input_query has an unclosed /* comment")
            end
        else
            if char == ";" then
                ends[#ends + 1] = i
            end
            after = i + 1
        end
        i = after
    end
    return ends
end

local function first_word(text)
    local i = 1
    while i <= #text do
        local rest = text:sub(i)
        local blank = rest:match("^[%s%(]+")
        if blank then
            i = i + #blank
        elseif rest:sub(1, 2) == "--" or rest:sub(1, 2) == "/*" then
            i = skip_comment(text, i) or #text + 1
        else
            return (rest:match("^[%a_]+") or ""):upper()
        end
    end
    return ""
end

--- The query as it will be run: checked, without a final semicolon and surrounding blanks.
function M.normalize(query)
    if #query > rules.INPUT_QUERY_MAX_LENGTH then
        invalid("input_query is " .. #query .. " characters long, more than the "
            .. rules.INPUT_QUERY_MAX_LENGTH .. " that can be recorded")
    end
    if query:find("%z") then
        invalid("input_query contains a NUL character")
    end
    local text = query:match("^%s*(.-)%s*$")
    local ends = statement_ends(text)
    if #ends > 0 and ends[#ends] == #text then
        table.remove(ends)
        text = text:sub(1, -2):match("^(.-)%s*$")
    end
    if #ends > 0 then
        invalid("input_query holds more than one statement")
    end
    local word = first_word(text)
    if word ~= "SELECT" and word ~= "WITH" then
        invalid("input_query must be a SELECT statement, not " .. errors.show(word ~= "" and word or text))
    end
    return text
end

local function drop_view(env, schema, view)
    env.pquery([[DROP VIEW IF EXISTS ::s.::v]], {s = schema, v = view})
end

--- Run fn(source) with source = {schema=, table=, columns=} describing a view over the query in
-- `schema`; the view is dropped afterwards, also when fn raises (the error is passed on unchanged).
function M.with_query_view(env, schema, job_name, query, fn)
    local view = M.VIEW_PREFIX .. job_name
    -- The query is the user's own SQL, run with the user's privileges like any statement they type; it
    -- was checked to be one SELECT, and it is passed without a parameter table so that nothing in it is
    -- taken for a placeholder. Only the view's name, quoted, is ours.
    local ok, result = env.pquery("CREATE OR REPLACE VIEW " .. sql.quote_identifier(schema) .. "."
        .. sql.quote_identifier(view) .. " AS " .. query)
    if not ok then
        errors.from_database(result.error_message, codes.INPUT_QUERY_FAILED, "running input_query",
            "Run the query on its own to see the problem, and check that you may create views in schema "
            .. sql.quote_identifier(schema) .. " (the script describes the query's result through a view"
            .. " that it drops again).")
    end
    local outcome = table.pack(pcall(function()
        return fn(catalog.resolve_table(env, schema, view))
    end))
    drop_view(env, schema, view)
    if not outcome[1] then
        error(outcome[2], 0)
    end
    return table.unpack(outcome, 2, outcome.n)
end

return M
end
package.preload["sme.metadata"] = function(...)
-- sme.metadata: rows of SME_METADATA_AUTOPILOT_JOBS and SME_METADATA_AUTOPILOT_ENDPOINTS in the
-- script's schema. Explicit column lists, every value a placeholder.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

M.DEPLOYED = "DEPLOYED"
M.DELETED = "DELETED"

local REDEPLOY_HINT = "Check that the extension was deployed into this schema with this version"
    .. " (sme-deploy creates the metadata tables) and that your user may read and write them."

local function run(env, statement, params, failure_code, context, todo)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, failure_code, context, todo)
    end
    return result
end

local function read(env, statement, params, what)
    return run(env, statement, params, codes.METADATA_READ_FAILED, "reading " .. what, REDEPLOY_HINT)
end

--- Column names or types as stored: a JSON array, or the existing extension's comma-separated text
-- (types split only at commas outside parentheses, so DECIMAL(18,0) stays whole).
function M.decode_list(env, text)
    if text == nil then
        return {}
    end
    if text:find("^%s*%[") then
        local ok, decoded = pcall(env.cjson.decode, text)
        if ok and type(decoded) == "table" then
            return decoded
        end
        errors.raise(codes.METADATA_READ_FAILED, "a column list in SME_METADATA_AUTOPILOT_JOBS is not"
            .. " valid JSON: " .. errors.show(text), "Train the job again under a new job name.")
    end
    local items, depth, current = {}, 0, {}
    for char in text:gmatch(".") do
        if char == "," and depth == 0 then
            items[#items + 1] = table.concat(current):match("^%s*(.-)%s*$")
            current = {}
        else
            depth = depth + (char == "(" and 1 or 0) - (char == ")" and 1 or 0)
            current[#current + 1] = char
        end
    end
    items[#items + 1] = table.concat(current):match("^%s*(.-)%s*$")
    return items
end

function M.job_exists(env, schema, job_name)
    local result = read(env, [[SELECT "JOB_NAME" FROM ::s."SME_METADATA_AUTOPILOT_JOBS" WHERE "JOB_NAME" = :j]],
        {s = schema, j = job_name}, "SME_METADATA_AUTOPILOT_JOBS")
    return #result > 0
end

--- Record a started job. job: job_name, connection, iam_role, s3_bucket_uri, s3_output_path, target,
-- problem_type, objective, the three limits, column_names, column_types, region, and the source:
-- input_schema and input_table, or input_query (nil -> NULL).
function M.insert_job(env, schema, job)
    local function value(v)
        if v == nil then
            return env.null
        end
        return v
    end
    run(env, [[INSERT INTO ::s."SME_METADATA_AUTOPILOT_JOBS" ("DATETIME", "JOB_NAME", ]]
        .. [["AWS_CREDENTIALS_CONNECTION_NAME", "IAM_SAGEMAKER_ROLE", "S3_BUCKET_URI", "S3_OUTPUT_PATH", ]]
        .. [["TARGET_ATTRIBUTE_NAME", "PROBLEM_TYPE", "OBJECTIVE", "MAX_RUNTIME_FOR_AUTOML_JOB_IN_SECONDS", ]]
        .. [["MAX_CANDIDATES", "MAX_RUNTIME_PER_TRAINING_JOB_IN_SECONDS", "SESSION_ID", "SCRIPT_USER", ]]
        .. [["COLUMN_NAMES", "COLUMN_TYPES", "AWS_REGION", "INPUT_SCHEMA_NAME", "INPUT_TABLE_OR_VIEW_NAME", ]]
        .. [["INPUT_QUERY") VALUES (CURRENT_TIMESTAMP, :job_name, :connection, :role, ]]
        .. [[:bucket_uri, :output_path, :target, :problem_type, :objective, :max_runtime, :max_candidates, ]]
        .. [[:max_runtime_per_job, CURRENT_SESSION, CURRENT_USER, :column_names, :column_types, :region, ]]
        .. [[:input_schema, :input_table, :input_query)]],
        {s = schema, job_name = job.job_name, connection = job.connection, role = job.iam_role,
         bucket_uri = job.s3_bucket_uri, output_path = job.s3_output_path, target = job.target,
         problem_type = value(job.problem_type), objective = value(job.objective),
         max_runtime = value(job.max_runtime), max_candidates = value(job.max_candidates),
         max_runtime_per_job = value(job.max_runtime_per_job),
         column_names = env.cjson.encode(job.column_names), column_types = env.cjson.encode(job.column_types),
         region = value(job.region), input_schema = value(job.input_schema), input_table = value(job.input_table),
         input_query = value(job.input_query)},
        codes.METADATA_WRITE_FAILED,
        "Autopilot job " .. job.job_name .. " was started in AWS but recording it in "
            .. "SME_METADATA_AUTOPILOT_JOBS",
        "It cannot be deployed from SQL without that row. Stop it with aws sagemaker stop-auto-ml-job"
            .. " --auto-ml-job-name " .. job.job_name .. ", fix the cause (" .. REDEPLOY_HINT:lower()
            .. ") and train again under a new job name.")
end

--- The recorded job with column_names and column_types as lists (E-SME-33 if there is none).
function M.read_job(env, schema, job_name)
    local columns = {"JOB_NAME", "AWS_CREDENTIALS_CONNECTION_NAME", "IAM_SAGEMAKER_ROLE", "S3_BUCKET_URI",
        "S3_OUTPUT_PATH", "TARGET_ATTRIBUTE_NAME", "PROBLEM_TYPE", "OBJECTIVE", "COLUMN_NAMES", "COLUMN_TYPES"}
    local quoted = {}
    for i, column in ipairs(columns) do
        quoted[i] = sql.quote_identifier(column)
    end
    local result = read(env, "SELECT " .. table.concat(quoted, ", ")
        .. [[ FROM ::s."SME_METADATA_AUTOPILOT_JOBS" WHERE "JOB_NAME" = :j]],
        {s = schema, j = job_name}, "SME_METADATA_AUTOPILOT_JOBS")
    if #result == 0 then
        errors.raise(codes.JOB_NOT_IN_METADATA, "there is no job " .. errors.show(job_name)
            .. " in SME_METADATA_AUTOPILOT_JOBS of schema " .. sql.quote_identifier(schema),
            "Give the name of a job started with SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT in this schema.")
    end
    local row = sql.rows(env, result, columns)[1]
    return {
        job_name = row.JOB_NAME,
        connection = row.AWS_CREDENTIALS_CONNECTION_NAME,
        target = row.TARGET_ATTRIBUTE_NAME,
        problem_type = row.PROBLEM_TYPE,
        objective = row.OBJECTIVE,
        s3_bucket_uri = row.S3_BUCKET_URI,
        s3_output_path = row.S3_OUTPUT_PATH,
        column_names = M.decode_list(env, row.COLUMN_NAMES),
        column_types = M.decode_list(env, row.COLUMN_TYPES),
    }
end

--- Record a deployed endpoint. endpoint: endpoint_name, job_name, schema, problem_type,
-- instance_type, instance_count, connection, region, prediction_udf (for the message), candidate_name,
-- serverless_memory_size_in_mb, serverless_max_concurrency (nil -> NULL; serverless: no instances).
function M.insert_endpoint(env, schema, endpoint)
    run(env, [[INSERT INTO ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" ("DATETIME", "ENDPOINT_NAME", "JOB_NAME", ]]
        .. [["UDF_SCHEMA_NAME", "PROBLEM_TYPE", "INSTANCE_TYPE", "INSTANCE_COUNT", ]]
        .. [["AWS_CREDENTIALS_CONNECTION_NAME", "AWS_REGION", "STATUS", "SESSION_ID", "SCRIPT_USER", ]]
        .. [["CANDIDATE_NAME", "SERVERLESS_MEMORY_SIZE_IN_MB", "SERVERLESS_MAX_CONCURRENCY") ]]
        .. [[VALUES (CURRENT_TIMESTAMP, :endpoint_name, :job_name, :udf_schema, :problem_type, ]]
        .. [[:instance_type, :instance_count, :connection, :region, :status, CURRENT_SESSION, CURRENT_USER, ]]
        .. [[:candidate_name, :memory_size, :max_concurrency)]],
        {s = schema, endpoint_name = endpoint.endpoint_name, job_name = endpoint.job_name,
         udf_schema = endpoint.schema, problem_type = endpoint.problem_type,
         instance_type = endpoint.instance_type or env.null, instance_count = endpoint.instance_count or env.null,
         connection = endpoint.connection, region = endpoint.region, status = M.DEPLOYED,
         candidate_name = endpoint.candidate_name or env.null,
         memory_size = endpoint.serverless_memory_size_in_mb or env.null,
         max_concurrency = endpoint.serverless_max_concurrency or env.null},
        codes.METADATA_WRITE_FAILED,
        "endpoint " .. endpoint.endpoint_name .. " is running in AWS and prediction UDF "
            .. endpoint.prediction_udf .. " was created, but recording them in SME_METADATA_AUTOPILOT_ENDPOINTS",
        "The endpoint costs money while it runs. Remove it with EXECUTE SCRIPT"
            .. " SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT('" .. endpoint.endpoint_name .. "', '"
            .. endpoint.connection:gsub("'", "''") .. "', '" .. endpoint.region .. "')"
            .. " and DROP SCRIPT " .. endpoint.prediction_udf .. ", fix the cause (" .. REDEPLOY_HINT:lower()
            .. ") and deploy again.")
end

--- The recorded, not yet deleted deployments of an endpoint: {udf_schema=, job_name=} rows.
function M.deployed_endpoints(env, schema, endpoint_name)
    local result = read(env, [[SELECT "UDF_SCHEMA_NAME", "JOB_NAME" FROM ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" ]]
        .. [[WHERE "ENDPOINT_NAME" = :e AND "STATUS" = :status]],
        {s = schema, e = endpoint_name, status = M.DEPLOYED}, "SME_METADATA_AUTOPILOT_ENDPOINTS")
    return sql.rows(env, result, {"UDF_SCHEMA_NAME", "JOB_NAME"})
end

function M.mark_endpoint_deleted(env, schema, endpoint_name)
    run(env, [[UPDATE ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" SET "STATUS" = :deleted ]]
        .. [[WHERE "ENDPOINT_NAME" = :e AND "STATUS" = :deployed]],
        {s = schema, e = endpoint_name, deleted = M.DELETED, deployed = M.DEPLOYED},
        codes.METADATA_WRITE_FAILED,
        "endpoint " .. endpoint_name .. " was deleted in AWS but marking it DELETED in"
            .. " SME_METADATA_AUTOPILOT_ENDPOINTS",
        "Fix the cause (" .. REDEPLOY_HINT:lower() .. ") and run SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT"
            .. " again; it reports resources that are already gone as NOT_FOUND.")
end

return M
end
package.preload["sme.prediction_udf_sql"] = function(...)
-- sme.prediction_udf_sql: the CREATE statement of the prediction UDF of one endpoint, as the
-- developer guide shows it. Inputs are the training columns without the target, in ordinal order;
-- it emits them, then PROBABILITY (classification only) and PREDICTIONS. With a package archive as
-- the Python runtime (sme.runtime.PYTHON_PATH), the UDF text starts with the line that imports from it.
-- build_for_endpoint writes the same kind of UDF for an endpoint the extension did not create
-- (EndpointPredictionUDF): inputs and output columns as the user names them.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local rules = require("sme.rules")
local runtime = require("sme.runtime")
local sql = require("sme.sql")
local validation = require("sme.validation")

local M = {}

local REGRESSION_PREDICTIONS_TYPE = "DOUBLE"
local PROBABILITY_TYPE = "DOUBLE"

--- Raise E-SME-39 if a feature column has the name of an output column the UDF adds.
function M.check_feature_names(feature_names)
    for _, name in ipairs(feature_names) do
        if name == rules.PROBABILITY_COLUMN or name == rules.PREDICTIONS_COLUMN then
            errors.raise(codes.RESERVED_OUTPUT_COLUMN, "the input column " .. sql.quote_identifier(name)
                .. " has the name of an output column of the prediction UDF",
                "Rename it, for example in a view over the table, and train with that view; "
                .. rules.PROBABILITY_COLUMN .. " and " .. rules.PREDICTIONS_COLUMN .. " are reserved.")
        end
    end
end

-- Letters, digits, spaces, commas and unnested parentheses: DECIMAL(18,0), VARCHAR(100) UTF8,
-- INTERVAL DAY(2) TO SECOND(3). Such a text can never close the UDF's column list early.
local function looks_like_type(column_type)
    if type(column_type) ~= "string" or not column_type:find("^[A-Za-z][A-Za-z0-9 (),]*$") then
        return false
    end
    local depth = 0
    for char in column_type:gmatch("[()]") do
        depth = depth + (char == "(" and 1 or -1)
        if depth < 0 or depth > 1 then
            return false
        end
    end
    return depth == 0
end

local function checked_type(column_name, column_type)
    if not looks_like_type(column_type) then
        errors.raise(codes.PREDICTION_UDF_CREATION_FAILED, "column " .. sql.quote_identifier(column_name)
            .. " has the type " .. errors.show(column_type) .. " which is not an Exasol data type",
            "Check COLUMN_TYPES of the job in SME_METADATA_AUTOPILOT_JOBS, or train the job again.")
    end
    return column_type
end

--- The checked input columns: {inputs = {'"name" TYPE', ...}, target_type = ...}. Raises E-SME-37
-- if the recorded columns cannot make a UDF, E-SME-39 if a feature has an output column's name.
-- spec: target, column_names, column_types (all training columns in ordinal order, target included).
function M.check_columns(spec)
    if #spec.column_names ~= #spec.column_types then
        errors.raise(codes.PREDICTION_UDF_CREATION_FAILED, "the job has " .. #spec.column_names
            .. " recorded column names but " .. #spec.column_types .. " column types",
            "Check COLUMN_NAMES and COLUMN_TYPES of the job in SME_METADATA_AUTOPILOT_JOBS, or train again.")
    end
    local inputs, features, target_type = {}, {}, nil
    for i, name in ipairs(spec.column_names) do
        local column_type = checked_type(name, spec.column_types[i])
        if name == spec.target then
            target_type = column_type
        else
            features[#features + 1] = name
            inputs[#inputs + 1] = sql.quote_identifier(name) .. " " .. column_type
        end
    end
    if target_type == nil or #inputs == 0 then
        errors.raise(codes.PREDICTION_UDF_CREATION_FAILED, "the recorded columns of the job do not hold"
            .. " its target " .. sql.quote_identifier(spec.target) .. " and at least one other column",
            "Check COLUMN_NAMES and COLUMN_TYPES of the job in SME_METADATA_AUTOPILOT_JOBS, or train again.")
    end
    M.check_feature_names(features)
    return {inputs = inputs, target_type = target_type}
end

--- The first lines of a generated UDF's Python text: put python_path on sys.path ("" for nil), the
-- same lines the deploy CLI writes into the fixed UDFs.
function M.prelude(python_path)
    if python_path == nil then
        return ""
    end
    local literal = sql.quote_python_string(python_path)
    return "import sys\nif " .. literal .. " not in sys.path: sys.path.insert(0, " .. literal .. ")\n"
end

-- The statement around the Python text: CREATE OR REPLACE ... SET SCRIPT "schema"."name"(inputs) EMITS (...).
local function create_statement(schema, name, inputs, outputs, python)
    return "CREATE OR REPLACE PYTHON3_SME SET SCRIPT " .. sql.quote_identifier(schema) .. "."
        .. sql.quote_identifier(name) .. "(" .. table.concat(inputs, ", ") .. ")\n"
        .. "EMITS (" .. table.concat(outputs, ", ") .. ") AS\n"
        .. M.prelude(runtime.PYTHON_PATH)
        .. python
        .. "def run(ctx):\n"
        .. "    return udf.run(ctx)\n"
end

-- ", max_payload_bytes=<n>" for a given limit, "" without one.
local function payload_argument(max_payload_bytes)
    if max_payload_bytes == nil then
        return ""
    end
    return ", max_payload_bytes=" .. string.format("%d", max_payload_bytes)
end

--- spec: schema, endpoint_name, connection, region, problem_type, target, column_names, column_types,
-- max_payload_bytes (the largest request body; nil: the UDF's default).
function M.build(spec)
    local checked = M.check_columns(spec)
    local inputs, outputs = checked.inputs, {}
    for i, input in ipairs(inputs) do
        outputs[i] = input
    end
    local predictions_type = REGRESSION_PREDICTIONS_TYPE
    if validation.is_classification(spec.problem_type) then
        outputs[#outputs + 1] = sql.quote_identifier(rules.PROBABILITY_COLUMN) .. " " .. PROBABILITY_TYPE
        predictions_type = checked.target_type
    end
    outputs[#outputs + 1] = sql.quote_identifier(rules.PREDICTIONS_COLUMN) .. " " .. predictions_type
    return create_statement(spec.schema, spec.endpoint_name, inputs, outputs,
        "from exasol_sagemaker_extension.udfs.prediction_udf import PredictionUDF\n"
        .. "udf = PredictionUDF(exa, endpoint_name=" .. sql.quote_python_string(spec.endpoint_name)
        .. ", connection_name=" .. sql.quote_python_string(spec.connection)
        .. ", aws_region=" .. sql.quote_python_string(spec.region)
        .. ", problem_type=" .. sql.quote_python_string(spec.problem_type)
        .. payload_argument(spec.max_payload_bytes) .. ")\n")
end

--- The UDF of an endpoint the extension did not create. spec: schema, udf_name, endpoint_name,
-- connection, region, inputs and outputs ({name=, type=} with checked types), max_payload_bytes.
function M.build_for_endpoint(spec)
    local inputs, outputs = {}, {}
    for i, column in ipairs(spec.inputs) do
        inputs[i] = sql.quote_identifier(column.name) .. " " .. checked_type(column.name, column.type)
        outputs[i] = inputs[i]
    end
    for _, column in ipairs(spec.outputs) do
        outputs[#outputs + 1] = sql.quote_identifier(column.name) .. " " .. checked_type(column.name, column.type)
    end
    return create_statement(spec.schema, spec.udf_name, inputs, outputs,
        "from exasol_sagemaker_extension.udfs.endpoint_prediction_udf import EndpointPredictionUDF\n"
        .. "udf = EndpointPredictionUDF(exa, endpoint_name=" .. sql.quote_python_string(spec.endpoint_name)
        .. ", connection_name=" .. sql.quote_python_string(spec.connection)
        .. ", aws_region=" .. sql.quote_python_string(spec.region)
        .. payload_argument(spec.max_payload_bytes) .. ")\n")
end

return M
end
package.preload["sme.rules"] = function(...)
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
end
package.preload["sme.runtime"] = function(...)
-- sme.runtime: where the deploy CLI put the Python runtime of the UDFs, rendered by
-- deployment/lua_bundler.py. PYTHON_PATH is the directory of the unpacked package archive, which every
-- generated UDF puts on sys.path; nil when the runtime is a script-language container (or not deployed).
local M = {}

M.PYTHON_PATH = nil

return M
end
package.preload["sme.sql"] = function(...)
-- sme.sql: quoting for the few texts that cannot go through :name / ::name placeholders
-- (column lists, the body of a generated Python UDF) and helpers to read query results.
local M = {}

local PYTHON_ESCAPES = {["\\"] = "\\\\", ["'"] = "\\'", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t"}

--- "name" with inner double quotes doubled: the identifier exactly as given, case kept.
function M.quote_identifier(name)
    return '"' .. (tostring(name):gsub('"', '""')) .. '"'
end

--- A single-quoted Python string literal: backslash, quote and every control character escaped.
function M.quote_python_string(text)
    local escaped = tostring(text):gsub("[\0-\31\127\\']", function(char)
        return PYTHON_ESCAPES[char] or string.format("\\x%02x", char:byte())
    end)
    return "'" .. escaped .. "'"
end

--- Whether a value from a script parameter, a result or cjson is SQL NULL / JSON null / nil.
function M.is_null(env, value)
    return value == nil or value == env.null or (env.cjson ~= nil and value == env.cjson.null)
end

--- A result value as Lua string, nil for NULL.
function M.text(env, value)
    if M.is_null(env, value) then
        return nil
    end
    return tostring(value)
end

--- A result value as Lua integer, nil for NULL or anything that is not a whole number.
-- Accepts Lua numbers and anything whose text is a whole number (Exasol's DECIMAL values).
function M.integer(env, value)
    if M.is_null(env, value) then
        return nil
    end
    if type(value) == "number" then
        return math.tointeger(value)
    end
    local text = tostring(value):match("^%s*(%d+)%.?0*%s*$")
    if text == nil then
        return nil
    end
    return math.tointeger(tonumber(text))
end

--- The rows of a SELECT result as plain Lua tables keyed by the given column names.
function M.rows(env, result, columns)
    local rows = {}
    for i = 1, #result do
        local row = {}
        for _, column in ipairs(columns) do
            local value = result[i][column]
            if M.is_null(env, value) then
                value = nil
            end
            row[column] = value
        end
        rows[i] = row
    end
    return rows
end

return M
end
package.preload["sme.training"] = function(...)
-- sme.training: SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT(json_str). Checks everything that can be checked
-- in the database, exports the table to the job's own S3 prefix, starts the Autopilot job through
-- SME_AUTOPILOT_TRAINING_UDF and records it; a step runs only if the one before succeeded.
local catalog = require("sme.catalog")
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local exporter = require("sme.exporter")
local input_query = require("sme.input_query")
local metadata = require("sme.metadata")
local prediction_udf_sql = require("sme.prediction_udf_sql")
local rules = require("sme.rules")
local sql = require("sme.sql")
local training_params = require("sme.training_params")
local udf = require("sme.udf")

local M = {}

M.START_JOB_SQL = [[SELECT ::s."SME_AUTOPILOT_TRAINING_UDF"(:job_name, :connection, :region, :role, ]]
    .. [[:bucket_uri, :output_path, :files, :target, :problem_type, :objective, :max_runtime, ]]
    .. [[:max_candidates, :max_runtime_per_job)]]

local function feature_names(columns, target)
    local names = {}
    for _, column in ipairs(columns) do
        if column.name ~= target.name then
            names[#names + 1] = column.name
        end
    end
    return names
end

local function or_null(env, value)
    if value == nil then
        return env.null
    end
    return value
end

local function start_job(env, schema, params, connection, target, files)
    udf.call_one(env, "SME_AUTOPILOT_TRAINING_UDF", M.START_JOB_SQL, {
        s = schema, job_name = params.job_name, connection = connection, region = params.aws_region,
        role = params.iam_sagemaker_role, bucket_uri = params.s3_bucket_uri,
        output_path = params.s3_output_path, files = env.cjson.encode(files), target = target,
        problem_type = or_null(env, params.problem_type), objective = or_null(env, params.objective),
        max_runtime = or_null(env, params.max_runtime_for_automl_job_in_seconds),
        max_candidates = or_null(env, params.max_candidates),
        max_runtime_per_job = or_null(env, params.max_runtime_per_training_job_in_seconds),
    }, {"JOB_NAME", "JOB_ARN"})
end

-- Check the source and export it; returns the target, the column names and types, the files written.
local function export_source(env, schema, params, connection, source)
    local target = catalog.resolve_target(source, params.target_attribute_name)
    local features = feature_names(source.columns, target)
    if #features == 0 then
        errors.raise(codes.NO_FEATURE_COLUMNS, (params.input_query and "input_query's result" or "table "
            .. sql.quote_identifier(source.schema) .. "." .. sql.quote_identifier(source.table))
            .. " has no column besides the target " .. sql.quote_identifier(target.name),
            "Train on data with at least one more column.")
    end
    prediction_udf_sql.check_feature_names(features)
    local column_names, column_types = {}, {}
    for i, column in ipairs(source.columns) do
        column_names[i], column_types[i] = column.name, column.type
    end
    local files = exporter.export(env, {
        schema = source.schema, table = source.table, columns = column_names, connection = connection,
        output_path = params.s3_output_path, job_name = params.job_name,
    })
    return target, column_names, column_types, files
end

function M.run(env, json_str)
    local params = training_params.parse(env, json_str)
    local schema = env.exa.meta.script_schema
    local connection = catalog.resolve_connection(env, params.aws_credentials_connection_name)
    if metadata.job_exists(env, schema, params.job_name) then
        errors.raise(codes.JOB_ALREADY_RECORDED, "a job named " .. params.job_name .. " is already recorded"
            .. " in SME_METADATA_AUTOPILOT_JOBS", "Autopilot job names are unique per account and region:"
            .. " choose a new job_name.")
    end
    local target, column_names, column_types, files, source
    if params.input_query then
        target, column_names, column_types, files = input_query.with_query_view(env, schema, params.job_name,
            params.input_query, function(view)
                return export_source(env, schema, params, connection, view)
            end)
    else
        source = catalog.resolve_table(env, params.input_schema_name, params.input_table_or_view_name)
        target, column_names, column_types, files = export_source(env, schema, params, connection, source)
    end
    start_job(env, schema, params, connection, target.name, files)
    metadata.insert_job(env, schema, {
        job_name = params.job_name, connection = connection, iam_role = params.iam_sagemaker_role,
        s3_bucket_uri = params.s3_bucket_uri, s3_output_path = params.s3_output_path, target = target.name,
        problem_type = params.problem_type, objective = params.objective,
        max_runtime = params.max_runtime_for_automl_job_in_seconds, max_candidates = params.max_candidates,
        max_runtime_per_job = params.max_runtime_per_training_job_in_seconds,
        column_names = column_names, column_types = column_types, region = params.aws_region,
        input_schema = source and source.schema, input_table = source and source.table,
        input_query = params.input_query,
    })
    return {{params.job_name}}, "JOB_NAME VARCHAR(" .. rules.JOB_NAME_MAX_LENGTH .. ")"
end

return M
end
package.preload["sme.training_params"] = function(...)
-- sme.training_params: the JSON argument of SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT, decoded, checked
-- key by key and normalized.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local input_query = require("sme.input_query")
local sql = require("sme.sql")
local validation = require("sme.validation")

local M = {}

M.REQUIRED_KEYS = {
    "job_name", "aws_credentials_connection_name", "aws_region", "iam_sagemaker_role", "s3_bucket_uri",
    "s3_output_path", "target_attribute_name",
}
-- The training data: a table or view (both keys), or input_query instead of them.
M.TABLE_KEYS = {"input_schema_name", "input_table_or_view_name"}
M.OPTIONAL_KEYS = {
    "input_query", "problem_type", "objective", "max_runtime_for_automl_job_in_seconds", "max_candidates",
    "max_runtime_per_training_job_in_seconds",
}
M.LIMIT_KEYS = {
    "max_runtime_for_automl_job_in_seconds", "max_candidates", "max_runtime_per_training_job_in_seconds",
}

local EXAMPLE = [[{"job_name": "churn-1", "aws_credentials_connection_name": "AWS_CONN", ...}]]

local function accepted_keys()
    local keys = {}
    for _, list in ipairs({M.REQUIRED_KEYS, M.TABLE_KEYS, M.OPTIONAL_KEYS}) do
        for _, key in ipairs(list) do
            keys[#keys + 1] = key
        end
    end
    return keys
end

local function decode_object(env, json_str)
    if type(json_str) ~= "string" or not json_str:find("%S") then
        errors.raise(codes.INVALID_JSON, "the training parameters are missing",
            "Pass one JSON object as the only argument, for example " .. EXAMPLE .. ".")
    end
    local ok, decoded = pcall(env.cjson.decode, json_str)
    local is_object = ok and type(decoded) == "table"
    if is_object then
        for key in pairs(decoded) do
            if type(key) ~= "string" then
                is_object = false
            end
        end
    end
    if not is_object then
        errors.raise(codes.INVALID_JSON, "the training parameters are not a JSON object: "
            .. errors.show(json_str), "Pass one JSON object with double-quoted keys and values, for example "
            .. EXAMPLE .. ".")
    end
    return decoded
end

local function check_keys(decoded)
    local known = {}
    for _, key in ipairs(accepted_keys()) do
        known[key] = true
    end
    local unknown = {}
    for key in pairs(decoded) do
        if not known[key] then
            unknown[#unknown + 1] = errors.show(key)
        end
    end
    if #unknown > 0 then
        table.sort(unknown)
        errors.raise(codes.UNKNOWN_PARAMETER, "unknown training parameter " .. table.concat(unknown, ", "),
            "Use only these keys: " .. table.concat(accepted_keys(), ", ") .. ".")
    end
end

local function optional_string(env, decoded, key)
    local value = decoded[key]
    if sql.is_null(env, value) or value == "" then
        return nil
    end
    if type(value) ~= "string" then
        errors.raise(codes.WRONG_PARAMETER_TYPE, "parameter " .. key .. " must be a string, not "
            .. type(value), "Give " .. key .. " as a JSON string in double quotes.")
    end
    return value
end

-- "F1", the legacy string "{\"MetricName\":\"F1\"}", or the object {"MetricName": "F1"}.
local function objective_metric(env, value)
    if sql.is_null(env, value) or value == "" then
        return nil
    end
    if type(value) == "string" and value:find("^%s*{") then
        local ok, decoded = pcall(env.cjson.decode, value)
        if not ok or type(decoded) ~= "table" then
            errors.raise(codes.INVALID_OBJECTIVE, "invalid objective " .. errors.show(value),
                "Give the metric name, for example \"F1\", or {\"MetricName\": \"F1\"}.")
        end
        value = decoded
    end
    if type(value) == "table" then
        value = value.MetricName
        if type(value) ~= "string" then
            errors.raise(codes.INVALID_OBJECTIVE, "the objective object has no MetricName string",
                "Give the metric name, for example \"F1\", or {\"MetricName\": \"F1\"}.")
        end
    end
    if type(value) ~= "string" then
        errors.raise(codes.WRONG_PARAMETER_TYPE, "parameter objective must be a string, not " .. type(value),
            "Give the metric name as a JSON string, for example \"F1\".")
    end
    return value
end

local function limit(env, decoded, key)
    local value = decoded[key]
    if sql.is_null(env, value) or value == "" then
        return nil
    end
    if type(value) ~= "number" and type(value) ~= "string" then
        errors.raise(codes.WRONG_PARAMETER_TYPE, "parameter " .. key .. " must be a number, not "
            .. type(value), "Give " .. key .. " as a positive whole number.")
    end
    return validation.positive_integer(value, key)
end

-- Either input_query, or input_schema_name and input_table_or_view_name (E-SME-180 for both).
local function read_source(env, decoded, params)
    local query = optional_string(env, decoded, "input_query")
    if query == nil then
        for _, key in ipairs(M.TABLE_KEYS) do
            local value = decoded[key]
            if sql.is_null(env, value) then
                value = nil
            end
            params[key] = validation.required_string(value, key)
        end
        validation.identifier(params.input_schema_name, "schema name")
        validation.identifier(params.input_table_or_view_name, "table or view name")
        return
    end
    for _, key in ipairs(M.TABLE_KEYS) do
        if not validation.is_absent(decoded[key], env.null) then
            errors.raise(codes.INPUT_SOURCE_CONFLICT, "both input_query and " .. key .. " are given",
                "Give either input_query or input_schema_name with input_table_or_view_name, not both.")
        end
    end
    params.input_query = input_query.normalize(query)
end

--- Decode and check the JSON argument; returns a table keyed like the JSON with normalized values
-- (s3_bucket_uri as "s3://bucket", s3_output_path without slashes at the ends, limits as integers).
function M.parse(env, json_str)
    local decoded = decode_object(env, json_str)
    check_keys(decoded)
    local params = {}
    for _, key in ipairs(M.REQUIRED_KEYS) do
        local value = decoded[key]
        if sql.is_null(env, value) then
            value = nil
        end
        params[key] = validation.required_string(value, key)
    end
    validation.job_name(params.job_name)
    validation.identifier(params.aws_credentials_connection_name, "connection name")
    validation.region(params.aws_region)
    validation.iam_role(params.iam_sagemaker_role)
    params.s3_bucket_uri = validation.s3_bucket_uri(params.s3_bucket_uri)
    params.s3_output_path = validation.s3_output_path(params.s3_output_path)
    read_source(env, decoded, params)
    validation.identifier(params.target_attribute_name, "target column name")
    params.problem_type = validation.problem_type(optional_string(env, decoded, "problem_type"))
    params.objective = validation.resolve_objective(objective_metric(env, decoded.objective), params.problem_type)
    for _, key in ipairs(M.LIMIT_KEYS) do
        params[key] = limit(env, decoded, key)
    end
    return params
end

return M
end
package.preload["sme.udf"] = function(...)
-- sme.udf: runs the SELECT that calls one of the extension's Python UDFs. A failure passes the UDF's
-- own E-SME message on unchanged (never its traceback); anything else becomes E-SME-38.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

--- The UDF's rows as plain tables keyed by the given column names (NULL -> nil).
function M.call(env, udf_name, statement, params, columns)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.UDF_CALL_FAILED, "calling " .. udf_name)
    end
    return sql.rows(env, result, columns)
end

--- The UDF's only row; E-SME-38 if it returned none.
function M.call_one(env, udf_name, statement, params, columns)
    local rows = M.call(env, udf_name, statement, params, columns)
    if #rows == 0 then
        errors.raise(codes.UDF_CALL_FAILED, udf_name .. " returned no row",
            "Check that the extension was deployed completely into this schema with the same version.")
    end
    return rows[1]
end

return M
end
package.preload["sme.validation"] = function(...)
-- sme.validation: one check per kind of name or value, the same rules as
-- exasol_sagemaker_extension/names.py, with the limits of sme.rules. Each returns the (normalized)
-- value or raises the E-SME code of names.py.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local rules = require("sme.rules")

local M = {}

local show = errors.show
local ALNUM = "[A-Za-z0-9]"
-- Shapes fixed by AWS's own patterns (names.py keeps them inside its regular expressions).
local BUCKET_NAME_MIN_LENGTH, BUCKET_NAME_MAX_LENGTH = 3, 63
local ROLE_NAME_MAX_LENGTH, ROLE_PATH_MAX_LENGTH, ACCOUNT_ID_LENGTH = 64, 512, 12

local function contains(list, value)
    for _, item in ipairs(list) do
        if item == value then
            return true
        end
    end
    return false
end

-- AWS's name shape ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,n}$ plus its length limit: letters, digits and
-- hyphens, first and last a letter or digit, hyphens counted in the length.
local function is_aws_name(name, max_length)
    return type(name) == "string" and #name >= 1 and #name <= max_length
        and name:find("^[A-Za-z0-9%-]+$") ~= nil
        and name:find("^" .. ALNUM) ~= nil and name:find(ALNUM .. "$") ~= nil
end

function M.is_absent(value, null)
    return value == nil or value == "" or (null ~= nil and value == null)
end

--- A required text argument: E-SME-2 when missing or empty, E-SME-3 when not a string.
function M.required_string(value, name, null)
    if M.is_absent(value, null) then
        errors.raise(codes.MISSING_PARAMETER, "parameter " .. name .. " is missing",
            "Give " .. name .. " a value.")
    end
    if type(value) ~= "string" then
        errors.raise(codes.WRONG_PARAMETER_TYPE,
            "parameter " .. name .. " must be a string, not " .. type(value),
            "Give " .. name .. " as a text value in single quotes, for example '" .. name .. "'.")
    end
    return value
end

function M.job_name(name)
    if not is_aws_name(name, rules.JOB_NAME_MAX_LENGTH) then
        errors.raise(codes.INVALID_JOB_NAME, "invalid job name " .. show(name),
            "Use 1 to " .. rules.JOB_NAME_MAX_LENGTH .. " letters, digits and hyphens, starting and ending"
            .. " with a letter or digit.")
    end
    return name
end

function M.endpoint_name(name)
    if not is_aws_name(name, rules.ENDPOINT_NAME_MAX_LENGTH) then
        errors.raise(codes.INVALID_ENDPOINT_NAME, "invalid endpoint name " .. show(name),
            "Use 1 to " .. rules.ENDPOINT_NAME_MAX_LENGTH .. " letters, digits and hyphens, starting and"
            .. " ending with a letter or digit.")
    end
    return name
end

-- ^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$, for example eu-central-1.
local function is_region(region)
    if type(region) ~= "string" then
        return false
    end
    local middle = region:match("^[a-z][a-z](%-[a-z%-]*)%-[0-9][0-9]?$")
    return middle ~= nil and middle:gsub("%-[a-z]+", "") == ""
end

function M.region(region)
    if not is_region(region) then
        errors.raise(codes.INVALID_REGION, "invalid AWS region " .. show(region),
            "Give a region code such as eu-central-1 or us-east-1.")
    end
    return region
end

--- An Exasol identifier taken exactly as written: 1 to 128 characters, no control characters.
function M.identifier(name, kind)
    local length = type(name) == "string" and (utf8 and utf8.len(name) or #name) or nil
    if length == nil or length < 1 or length > rules.IDENTIFIER_MAX_LENGTH or name:find("[\0-\31]") then
        errors.raise(codes.INVALID_IDENTIFIER, "invalid " .. (kind or "identifier") .. " " .. show(name),
            "Give a name of 1 to " .. rules.IDENTIFIER_MAX_LENGTH .. " characters without control characters.")
    end
    return name
end

local function is_role_arn(role)
    local partition, account, path = role:match("^arn:aws([%-a-z]*):iam::([0-9]+):role/(.+)$")
    return partition ~= nil and partition:gsub("%-[a-z]+", "") == ""
        and #account == ACCOUNT_ID_LENGTH
        and #path <= ROLE_PATH_MAX_LENGTH and path:find("^[A-Za-z0-9_+=,.@/%-]+$") ~= nil
end

local function is_role_name(role)
    return #role <= ROLE_NAME_MAX_LENGTH and role:find("^[A-Za-z0-9_+=,.@%-]+$") ~= nil
end

--- An IAM role ARN (arn:aws:iam::<account>:role/<name>) or a role name.
function M.iam_role(role)
    if type(role) ~= "string" or #role > rules.IAM_ROLE_MAX_LENGTH
            or not (is_role_arn(role) or is_role_name(role)) then
        errors.raise(codes.INVALID_IAM_ROLE, "invalid IAM role " .. show(role),
            "Give the role's ARN (arn:aws:iam::<account>:role/<name>) or its name.")
    end
    return role
end

--- s3://bucket (one trailing slash allowed); returns "s3://bucket" and the bucket name.
function M.s3_bucket_uri(uri)
    local bucket = type(uri) == "string" and uri:match("^s3://([a-z0-9.%-]+)/?$") or nil
    if bucket == nil or #bucket < BUCKET_NAME_MIN_LENGTH or #bucket > BUCKET_NAME_MAX_LENGTH
            or not bucket:find("^[a-z0-9]") or not bucket:find("[a-z0-9]$") then
        errors.raise(codes.INVALID_S3_BUCKET_URI, "invalid S3 bucket URI " .. show(uri),
            "Give the bucket as s3://<bucket-name>, without a path.")
    end
    return "s3://" .. bucket, bucket
end

local function normalized_s3_path(path)
    if type(path) ~= "string" then
        return nil
    end
    local stripped = path:gsub("^/+", ""):gsub("/+$", "")
    if stripped == "" or #stripped > rules.S3_OUTPUT_PATH_MAX_LENGTH
            or not stripped:find("^[A-Za-z0-9!_.*'()/%-]+$") or stripped:find("//", 1, true) then
        return nil
    end
    for segment in stripped:gmatch("[^/]+") do
        if segment == "." or segment == ".." then
            return nil
        end
    end
    return stripped
end

--- The S3 key prefix without slashes at either end.
function M.s3_output_path(path)
    local normalized = normalized_s3_path(path)
    if normalized == nil then
        errors.raise(codes.INVALID_S3_OUTPUT_PATH, "invalid S3 output path " .. show(path),
            "Give a key prefix of up to " .. rules.S3_OUTPUT_PATH_MAX_LENGTH .. " characters made of"
            .. " letters, digits and !_.*'()/- such as ml/autopilot.")
    end
    return normalized
end

function M.instance_type(instance_type)
    if type(instance_type) ~= "string" or not instance_type:find("^ml%.[a-z0-9]+%.[a-z0-9]+$") then
        errors.raise(codes.INVALID_INSTANCE, "invalid instance type " .. show(instance_type),
            "Give a SageMaker instance type such as ml.m5.large.")
    end
    return instance_type
end

--- A whole number given as Lua number, digit string or Exasol DECIMAL; nil if it is none.
function M.to_integer(value)
    if type(value) == "number" then
        return math.tointeger(value)
    end
    if type(value) == "string" then
        local digits = value:match("^%s*(%d+)%s*$")
        return digits and math.tointeger(tonumber(digits)) or nil
    end
    if value ~= nil and type(value) ~= "boolean" and type(value) ~= "table" then
        local digits = tostring(value):match("^%s*(%d+)%.?0*%s*$")
        return digits and math.tointeger(tonumber(digits)) or nil
    end
    return nil
end

function M.instance_count(count)
    local number = M.to_integer(count)
    if number == nil or number < 1 or number > rules.INSTANCE_COUNT_MAX then
        errors.raise(codes.INVALID_INSTANCE, "invalid instance count " .. show(count),
            "Give a whole number from 1 to " .. rules.INSTANCE_COUNT_MAX .. ".")
    end
    return number
end

--- The problem type, or nil when it is left to Autopilot.
function M.problem_type(problem_type)
    if problem_type == nil or problem_type == "" then
        return nil
    end
    if not contains(rules.PROBLEM_TYPES, problem_type) then
        errors.raise(codes.INVALID_PROBLEM_TYPE, "invalid problem type " .. show(problem_type),
            "Use one of " .. table.concat(rules.PROBLEM_TYPES, ", ") .. ", or leave it out to let"
            .. " Autopilot decide.")
    end
    return problem_type
end

function M.is_problem_type(problem_type)
    return contains(rules.PROBLEM_TYPES, problem_type)
end

function M.is_classification(problem_type)
    return contains(rules.CLASSIFICATION_PROBLEM_TYPES, problem_type)
end

--- The objective metric name, checked against the problem type when one is given.
function M.objective(metric, problem_type)
    if metric == nil or metric == "" then
        return nil
    end
    local fitting = type(metric) == "string" and rules.OBJECTIVES[metric] or nil
    if fitting == nil then
        errors.raise(codes.INVALID_OBJECTIVE, "invalid objective " .. show(metric),
            "Use one of " .. table.concat(rules.OBJECTIVE_NAMES, ", ") .. ".")
    end
    if problem_type ~= nil and not contains(fitting, problem_type) then
        local usable = {}
        for _, name in ipairs(rules.OBJECTIVE_NAMES) do
            if contains(rules.OBJECTIVES[name], problem_type) then
                usable[#usable + 1] = name
            end
        end
        errors.raise(codes.INVALID_OBJECTIVE, "objective " .. metric .. " does not fit problem type "
            .. problem_type, "For " .. problem_type .. " use one of " .. table.concat(usable, ", ") .. ".")
    end
    return metric
end

--- The objective to send (names.resolve_objective): the given one, or the default of a given problem
-- type; AWS takes an objective only together with a problem type.
function M.resolve_objective(metric, problem_type)
    metric = M.objective(metric, problem_type)
    if metric ~= nil and problem_type == nil then
        errors.raise(codes.INVALID_OBJECTIVE, "objective " .. metric .. " is given without a problem_type",
            "AWS takes an objective only together with a problem type: add problem_type, or leave"
            .. " objective out to let Autopilot choose both.")
    end
    if problem_type ~= nil and metric == nil then
        return rules.DEFAULT_OBJECTIVES[problem_type]
    end
    return metric
end

--- A positive whole number (a JSON number with integer value or a digit string).
function M.positive_integer(value, name)
    local number = M.to_integer(value)
    if number == nil or number < 1 then
        errors.raise(codes.INVALID_LIMIT, "invalid " .. name .. " " .. show(value),
            "Give a positive whole number, or leave " .. name .. " out.")
    end
    return number
end

return M
end
-- EXECUTE SCRIPT SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT(json_str): Exasol sets the parameter as a global.
-- Only the entry scripts touch the database's globals; the modules get them passed in as env.
local env = {query = query, pquery = pquery, exa = exa, output = output, null = null,
             cjson = cjson or require("cjson")}
return require("sme.training").run(env, json_str)
/

-- 18/45: Lua script SME_POLL_SAGEMAKER_AUTOPILOT_JOB_STATUS
CREATE OR REPLACE LUA SCRIPT "Sme Schema"."SME_POLL_SAGEMAKER_AUTOPILOT_JOB_STATUS"(job_name, aws_credentials_connection_name, aws_region) RETURNS TABLE AS
-- Exasol SageMaker Extension: entry_poll.lua with its modules, bundled at deploy time.
package.preload["sme.candidates"] = function(...)
-- sme.candidates: the leaderboard and insight tables of a job, and
-- SME_LIST_SAGEMAKER_AUTOPILOT_CANDIDATES(job_name, aws_credentials_connection_name, aws_region).
--
-- Each table is refilled for one job at a time: its rows of that job are deleted, then the UDF's rows
-- are inserted with INSERT INTO ... SELECT <udf>(...). The candidates table is written last of the
-- leaderboard tables (and its rows are deleted first), so a job has rows there only when the
-- leaderboard is complete; a failed refill leaves the job without candidates, which the next poll or
-- refill repairs. The insight tables are filled after the leaderboard; the best candidate's reports are
-- optional, so a job without them simply has no rows there.
local catalog = require("sme.catalog")
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local metadata = require("sme.metadata")
local rules = require("sme.rules")
local sql = require("sme.sql")
local validation = require("sme.validation")

local M = {}

M.CANDIDATES = {table = "SME_METADATA_AUTOPILOT_CANDIDATES", udf = "SME_AUTOPILOT_CANDIDATES_UDF",
    columns = {"JOB_NAME", "CANDIDATE_NAME", "CANDIDATE_RANK", "IS_BEST_CANDIDATE", "ALGORITHM",
        "OBJECTIVE_METRIC_NAME", "OBJECTIVE_METRIC_DIRECTION", "OBJECTIVE_METRIC_VALUE", "CANDIDATE_STATUS",
        "OBJECTIVE_STATUS", "FAILURE_REASON", "CREATION_TIME", "END_TIME", "TRAINING_SECONDS", "LOADED_AT"}}
M.METRICS = {table = "SME_METADATA_AUTOPILOT_CANDIDATE_METRICS", udf = "SME_AUTOPILOT_CANDIDATE_METRICS_UDF",
    columns = {"JOB_NAME", "CANDIDATE_NAME", "DATA_SET", "METRIC_NAME", "STANDARD_METRIC_NAME", "METRIC_VALUE",
        "LOADED_AT"}}
M.FEATURE_IMPORTANCE = {table = "SME_METADATA_AUTOPILOT_FEATURE_IMPORTANCE",
    udf = "SME_AUTOPILOT_FEATURE_IMPORTANCE_UDF", what = "feature importances (explainability report)",
    columns = {"JOB_NAME", "CANDIDATE_NAME", "LABEL", "FEATURE_NAME", "IMPORTANCE", "IMPORTANCE_RANK",
        "REPORT_URI", "LOADED_AT"}}
M.MODEL_QUALITY = {table = "SME_METADATA_AUTOPILOT_MODEL_QUALITY", udf = "SME_AUTOPILOT_MODEL_QUALITY_UDF",
    what = "model quality metrics (model insights report)",
    columns = {"JOB_NAME", "CANDIDATE_NAME", "METRIC_GROUP", "METRIC_NAME", "METRIC_VALUE", "STANDARD_DEVIATION",
        "REPORT_URI", "LOADED_AT"}}

M.LEADERBOARD_COLUMNS = {"CANDIDATE_RANK", "CANDIDATE_NAME", "IS_BEST_CANDIDATE", "ALGORITHM",
    "OBJECTIVE_METRIC_NAME", "OBJECTIVE_METRIC_VALUE", "CANDIDATE_STATUS", "OBJECTIVE_STATUS",
    "TRAINING_SECONDS"}
M.LEADERBOARD_TYPES = "CANDIDATE_RANK DECIMAL(9,0), CANDIDATE_NAME VARCHAR(" .. rules.CANDIDATE_NAME_MAX_LENGTH
    .. "), IS_BEST_CANDIDATE BOOLEAN, ALGORITHM VARCHAR(256), OBJECTIVE_METRIC_NAME VARCHAR(256), "
    .. "OBJECTIVE_METRIC_VALUE DOUBLE, "
    .. "CANDIDATE_STATUS VARCHAR(32), OBJECTIVE_STATUS VARCHAR(32), TRAINING_SECONDS DOUBLE"

local REDEPLOY_HINT = "Check that the extension was deployed into this schema with this version"
    .. " (sme-deploy creates the metadata tables) and that your user may read and write them, then run"
    .. " SME_LIST_SAGEMAKER_AUTOPILOT_CANDIDATES again."

local function column_list(columns)
    local quoted = {}
    for i, column in ipairs(columns) do
        quoted[i] = sql.quote_identifier(column)
    end
    return table.concat(quoted, ", ")
end

local function delete_rows(env, schema, spec, job_name)
    local ok, result = env.pquery("DELETE FROM ::s." .. sql.quote_identifier(spec.table) .. [[ WHERE "JOB_NAME" = :j]],
        {s = schema, j = job_name})
    if not ok then
        errors.from_database(result.error_message, codes.CANDIDATE_TABLES_WRITE_FAILED,
            "deleting the rows of job " .. job_name .. " from " .. spec.table, REDEPLOY_HINT)
    end
end

--- Insert the rows the spec's UDF emits for the job; returns how many. A failing UDF's own E-SME
-- message passes unchanged; any other failure is E-SME-100.
local function insert_rows(env, schema, spec, job_name, connection, region)
    local ok, result = env.pquery("INSERT INTO ::s." .. sql.quote_identifier(spec.table) .. " ("
        .. column_list(spec.columns) .. ") SELECT ::s." .. sql.quote_identifier(spec.udf)
        .. "(:job_name, :connection, :region)",
        {s = schema, job_name = job_name, connection = connection, region = region})
    if not ok then
        errors.from_database(result.error_message, codes.CANDIDATE_TABLES_WRITE_FAILED,
            "writing the rows of job " .. job_name .. " into " .. spec.table .. " (" .. spec.udf .. ")",
            REDEPLOY_HINT)
    end
    return sql.integer(env, result.rows_inserted) or sql.integer(env, result.rows_affected) or 0
end

--- Whether the job has rows in SME_METADATA_AUTOPILOT_CANDIDATES.
function M.has_candidates(env, schema, job_name)
    local ok, result = env.pquery([[SELECT "CANDIDATE_NAME" FROM ::s."SME_METADATA_AUTOPILOT_CANDIDATES" ]]
        .. [[WHERE "JOB_NAME" = :j LIMIT 1]], {s = schema, j = job_name})
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_READ_FAILED,
            "reading SME_METADATA_AUTOPILOT_CANDIDATES", REDEPLOY_HINT)
    end
    return #result > 0
end

--- Replace the job's leaderboard rows (candidates and their metrics); returns the number of candidates.
function M.fill_leaderboard(env, schema, job_name, connection, region)
    delete_rows(env, schema, M.CANDIDATES, job_name)
    delete_rows(env, schema, M.METRICS, job_name)
    insert_rows(env, schema, M.METRICS, job_name, connection, region)
    return insert_rows(env, schema, M.CANDIDATES, job_name, connection, region)
end

--- Replace the job's rows of the insight tables. Returns notes (text lines) for the user: what is
-- missing, and what failed; a failure here never undoes the leaderboard.
function M.fill_insight(env, schema, job_name, connection, region)
    local notes = {}
    for _, spec in ipairs({M.FEATURE_IMPORTANCE, M.MODEL_QUALITY}) do
        local ok, result = pcall(function()
            delete_rows(env, schema, spec, job_name)
            return insert_rows(env, schema, spec, job_name, connection, region)
        end)
        if not ok then
            notes[#notes + 1] = "Note: the " .. spec.what .. " of job " .. job_name .. " could not be written to "
                .. spec.table .. ": " .. tostring(result)
        elseif result == 0 then
            notes[#notes + 1] = "Note: job " .. job_name .. " has no " .. spec.what .. " for its best candidate"
                .. " (Autopilot did not produce it), so " .. spec.table .. " has no rows for it."
        end
    end
    return notes
end

--- Fill all four tables for the job; returns the number of candidates and the notes.
function M.fill(env, schema, job_name, connection, region)
    local count = M.fill_leaderboard(env, schema, job_name, connection, region)
    return count, M.fill_insight(env, schema, job_name, connection, region)
end

--- After a poll saw the job Completed: fill the tables unless the job already has candidates there.
-- Never raises: whatever goes wrong becomes an output line, so the poll still returns the status.
function M.fill_after_completion(env, schema, job_name, connection, region)
    local ok, failure = pcall(function()
        if not metadata.job_exists(env, schema, job_name) then
            env.output("Note: job " .. job_name .. " is not recorded in SME_METADATA_AUTOPILOT_JOBS of this"
                .. " schema, so its candidates are not written to SME_METADATA_AUTOPILOT_CANDIDATES.")
            return
        end
        if M.has_candidates(env, schema, job_name) then
            return
        end
        local count, notes = M.fill(env, schema, job_name, connection, region)
        env.output("Leaderboard: " .. count .. " candidates of job " .. job_name
            .. " written to SME_METADATA_AUTOPILOT_CANDIDATES.")
        for _, note in ipairs(notes) do
            env.output(note)
        end
    end)
    if not ok then
        env.output("Note: the job's status above is current, but its leaderboard could not be written: "
            .. tostring(failure) .. " Run SME_LIST_SAGEMAKER_AUTOPILOT_CANDIDATES('" .. job_name
            .. "', ...) to try again.")
    end
end

--- The job's leaderboard as stored: best rank first, unranked candidates after them.
function M.leaderboard(env, schema, job_name)
    local ok, result = env.pquery("SELECT " .. column_list(M.LEADERBOARD_COLUMNS)
        .. [[ FROM ::s."SME_METADATA_AUTOPILOT_CANDIDATES" WHERE "JOB_NAME" = :j]]
        .. [[ ORDER BY "CANDIDATE_RANK" NULLS LAST, "CREATION_TIME", "CANDIDATE_NAME"]],
        {s = schema, j = job_name})
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_READ_FAILED,
            "reading SME_METADATA_AUTOPILOT_CANDIDATES", REDEPLOY_HINT)
    end
    local rows = {}
    for i = 1, #result do
        local row = {}
        for position, column in ipairs(M.LEADERBOARD_COLUMNS) do
            local value = result[i][column]
            if value == nil then
                value = env.null
            end
            row[position] = value
        end
        rows[i] = row
    end
    return rows
end

function M.run(env, job_name, connection_name, region)
    validation.job_name(validation.required_string(job_name, "job_name", env.null))
    validation.identifier(validation.required_string(connection_name, "aws_credentials_connection_name",
        env.null), "connection name")
    validation.region(validation.required_string(region, "aws_region", env.null))
    local schema = env.exa.meta.script_schema
    metadata.read_job(env, schema, job_name)
    local connection = catalog.resolve_connection(env, connection_name)
    local count, notes = M.fill(env, schema, job_name, connection, region)
    env.output("Leaderboard: " .. count .. " candidates of job " .. job_name
        .. " written to SME_METADATA_AUTOPILOT_CANDIDATES.")
    for _, note in ipairs(notes) do
        env.output(note)
    end
    return M.leaderboard(env, schema, job_name), M.LEADERBOARD_TYPES
end

return M
end
package.preload["sme.catalog"] = function(...)
-- sme.catalog: finds schemas, tables, columns and connections the way SQL would: the name exactly
-- as written first, then, for a regular identifier, upper-cased (`my_table` finds MY_TABLE,
-- `MixedCase` finds "MixedCase").
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

local LISTED_COLUMNS_MAX = 10

function M.is_regular_identifier(name)
    return name:find("^[A-Za-z][A-Za-z0-9_]*$") ~= nil
end

--- The names to try for a user-given name, in order.
function M.candidates(name)
    local names = {name}
    if M.is_regular_identifier(name) and name:upper() ~= name then
        names[2] = name:upper()
    end
    return names
end

local function select_rows(env, statement, params, what)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_READ_FAILED, "reading " .. what,
            "Check that your user may read the system tables of schema SYS and try again.")
    end
    return result
end

--- The connection's name as stored (E-SME-50 if there is none of that name).
function M.resolve_connection(env, name)
    for _, candidate in ipairs(M.candidates(name)) do
        local result = select_rows(env,
            [[SELECT CONNECTION_NAME FROM SYS.EXA_ALL_CONNECTIONS WHERE CONNECTION_NAME = :c]],
            {c = candidate}, "the connections")
        if #result > 0 then
            return candidate
        end
    end
    errors.raise(codes.CONNECTION_NOT_USABLE, "there is no connection " .. errors.show(name),
        "Create it with CREATE CONNECTION <name> TO 'https://<bucket>.s3.<region>.amazonaws.com/'"
        .. " USER '<access key id>' IDENTIFIED BY '<secret access key>' and let the user run it with"
        .. " GRANT CONNECTION <name> TO <user>, or give the name of an existing connection.")
end

--- The schema's name as stored (E-SME-34 if there is none of that name).
function M.resolve_schema(env, name)
    for _, candidate in ipairs(M.candidates(name)) do
        local result = select_rows(env, [[SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = :s]],
            {s = candidate}, "the schemas")
        if #result > 0 then
            return candidate
        end
    end
    errors.raise(codes.SCHEMA_NOT_FOUND, "there is no schema " .. errors.show(name),
        "Create it with CREATE SCHEMA, or give the name of an existing schema.")
end

--- Whether a schema of exactly this name exists.
function M.schema_exists(env, name)
    local result = select_rows(env, [[SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = :s]],
        {s = name}, "the schemas")
    return #result > 0
end

--- The table or view with its columns {name=, type=} in ordinal order (E-SME-30 if not found).
function M.resolve_table(env, schema_name, table_name)
    for _, schema in ipairs(M.candidates(schema_name)) do
        for _, table_candidate in ipairs(M.candidates(table_name)) do
            local result = select_rows(env, [[SELECT COLUMN_NAME, COLUMN_TYPE FROM SYS.EXA_ALL_COLUMNS ]]
                .. [[WHERE COLUMN_SCHEMA = :s AND COLUMN_TABLE = :t ORDER BY COLUMN_ORDINAL_POSITION]],
                {s = schema, t = table_candidate}, "the columns of the input table")
            if #result > 0 then
                local columns = {}
                for i = 1, #result do
                    columns[i] = {name = result[i].COLUMN_NAME, type = sql.text(env, result[i].COLUMN_TYPE)}
                end
                return {schema = schema, table = table_candidate, columns = columns}
            end
        end
    end
    errors.raise(codes.TABLE_NOT_FOUND, "found no table or view " .. errors.show(table_name)
        .. " in schema " .. errors.show(schema_name) .. " that you may read",
        "Check input_schema_name and input_table_or_view_name (a regular name is also tried upper-case)"
        .. " and that you have the SELECT privilege on it.")
end

local function column_list(columns)
    local names = {}
    for i = 1, math.min(#columns, LISTED_COLUMNS_MAX) do
        names[i] = sql.quote_identifier(columns[i].name)
    end
    local text = table.concat(names, ", ")
    if #columns > LISTED_COLUMNS_MAX then
        text = text .. " and " .. (#columns - LISTED_COLUMNS_MAX) .. " more"
    end
    return text
end

--- The target column of a resolved table (E-SME-31 if it has none of that name).
function M.resolve_target(source, target_name)
    for _, candidate in ipairs(M.candidates(target_name)) do
        for _, column in ipairs(source.columns) do
            if column.name == candidate then
                return column
            end
        end
    end
    errors.raise(codes.TARGET_COLUMN_NOT_FOUND, "table " .. sql.quote_identifier(source.schema) .. "."
        .. sql.quote_identifier(source.table) .. " has no column " .. errors.show(target_name),
        "Give one of its columns as target_attribute_name: " .. column_list(source.columns) .. ".")
end

return M
end
package.preload["sme.error_codes"] = function(...)
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
end
package.preload["sme.errors"] = function(...)
-- sme.errors: every failure leaves the scripts as one string "E-SME-<n>: what happened. what to do."
-- Database errors of the UDFs are searched for the extension's own message, which is passed on
-- unchanged; anything else becomes E-SME-38 (or the caller's code) with the database's first lines.
local codes = require("sme.error_codes")

local M = {}

local SHOWN_VALUE_MAX = 80
local DATABASE_MESSAGE_MAX = 600
local ESCAPES = {["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t", ["\\"] = "\\\\", ["'"] = "\\'"}

-- Cut text to at most max bytes without splitting a UTF-8 character.
local function cut(text, max)
    if #text <= max then
        return text
    end
    local stop = max
    while stop > 0 do
        local byte = text:byte(stop + 1)
        if byte == nil or byte < 0x80 or byte >= 0xC0 then
            break
        end
        stop = stop - 1
    end
    return text:sub(1, stop)
end

--- A rejected value as it appears in a message: quoted, control characters escaped, at most 80 chars.
function M.show(value)
    if type(value) ~= "string" then
        return tostring(value)
    end
    local escaped = value:gsub("[\0-\31\127\\']", function(char)
        return ESCAPES[char] or string.format("\\x%02x", char:byte())
    end)
    local text = "'" .. escaped .. "'"
    if #text > SHOWN_VALUE_MAX then
        text = cut(text, SHOWN_VALUE_MAX - 4) .. "...'"
    end
    return text
end

--- Abort the script with "E-SME-<code>: <what>. <todo>".
function M.raise(code, what, todo)
    assert(math.type(code) == "integer", "sme.errors.raise needs a code from sme.error_codes")
    local text = tostring(what):gsub("%.+$", "")
    error(string.format("E-SME-%d: %s. %s", code, text, todo), 0)
end

--- The extension's own "E-SME-<n>: ..." text inside a database message, or nil.
-- Takes the first such text up to the end of its line, without Exasol's "(Session: ...)" suffix.
function M.extract(message)
    if type(message) ~= "string" then
        return nil
    end
    local start = message:find("E%-SME%-%d+:")
    if start == nil then
        return nil
    end
    local line = message:sub(start):match("^[^\r\n]*")
    line = line:gsub("%s*%(Session: %d+%)%s*$", "")
    return (line:gsub("%s+$", ""))
end

--- A database message made short enough to show: no Python traceback, one line, shortened.
function M.database_message(message)
    local text = tostring(message or "unknown error")
    local traceback = text:find("Traceback (most recent call last)", 1, true)
    if traceback ~= nil then
        text = text:sub(1, traceback - 1)
    end
    text = text:gsub("%(Session: %d+%)", ""):gsub("%s+", " "):gsub("^ ", ""):gsub(" $", "")
    if #text > DATABASE_MESSAGE_MAX then
        text = cut(text, DATABASE_MESSAGE_MAX - 3) .. "..."
    end
    if text == "" then
        text = "no message"
    end
    return text
end

--- Re-raise a failed statement: its own E-SME text unchanged if it has one, else
-- "E-SME-<fallback_code>: <context> failed: <database message>. <todo>".
function M.from_database(message, fallback_code, context, todo)
    local own = M.extract(message)
    if own ~= nil then
        error(own, 0)
    end
    M.raise(fallback_code or codes.UDF_CALL_FAILED,
        context .. " failed: " .. M.database_message(message),
        todo or ("Check that the extension was deployed completely into this schema with the same version,"
            .. " and that the script language PYTHON3_SME is activated for this session or system."))
end

return M
end
package.preload["sme.metadata"] = function(...)
-- sme.metadata: rows of SME_METADATA_AUTOPILOT_JOBS and SME_METADATA_AUTOPILOT_ENDPOINTS in the
-- script's schema. Explicit column lists, every value a placeholder.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

M.DEPLOYED = "DEPLOYED"
M.DELETED = "DELETED"

local REDEPLOY_HINT = "Check that the extension was deployed into this schema with this version"
    .. " (sme-deploy creates the metadata tables) and that your user may read and write them."

local function run(env, statement, params, failure_code, context, todo)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, failure_code, context, todo)
    end
    return result
end

local function read(env, statement, params, what)
    return run(env, statement, params, codes.METADATA_READ_FAILED, "reading " .. what, REDEPLOY_HINT)
end

--- Column names or types as stored: a JSON array, or the existing extension's comma-separated text
-- (types split only at commas outside parentheses, so DECIMAL(18,0) stays whole).
function M.decode_list(env, text)
    if text == nil then
        return {}
    end
    if text:find("^%s*%[") then
        local ok, decoded = pcall(env.cjson.decode, text)
        if ok and type(decoded) == "table" then
            return decoded
        end
        errors.raise(codes.METADATA_READ_FAILED, "a column list in SME_METADATA_AUTOPILOT_JOBS is not"
            .. " valid JSON: " .. errors.show(text), "Train the job again under a new job name.")
    end
    local items, depth, current = {}, 0, {}
    for char in text:gmatch(".") do
        if char == "," and depth == 0 then
            items[#items + 1] = table.concat(current):match("^%s*(.-)%s*$")
            current = {}
        else
            depth = depth + (char == "(" and 1 or 0) - (char == ")" and 1 or 0)
            current[#current + 1] = char
        end
    end
    items[#items + 1] = table.concat(current):match("^%s*(.-)%s*$")
    return items
end

function M.job_exists(env, schema, job_name)
    local result = read(env, [[SELECT "JOB_NAME" FROM ::s."SME_METADATA_AUTOPILOT_JOBS" WHERE "JOB_NAME" = :j]],
        {s = schema, j = job_name}, "SME_METADATA_AUTOPILOT_JOBS")
    return #result > 0
end

--- Record a started job. job: job_name, connection, iam_role, s3_bucket_uri, s3_output_path, target,
-- problem_type, objective, the three limits, column_names, column_types, region, and the source:
-- input_schema and input_table, or input_query (nil -> NULL).
function M.insert_job(env, schema, job)
    local function value(v)
        if v == nil then
            return env.null
        end
        return v
    end
    run(env, [[INSERT INTO ::s."SME_METADATA_AUTOPILOT_JOBS" ("DATETIME", "JOB_NAME", ]]
        .. [["AWS_CREDENTIALS_CONNECTION_NAME", "IAM_SAGEMAKER_ROLE", "S3_BUCKET_URI", "S3_OUTPUT_PATH", ]]
        .. [["TARGET_ATTRIBUTE_NAME", "PROBLEM_TYPE", "OBJECTIVE", "MAX_RUNTIME_FOR_AUTOML_JOB_IN_SECONDS", ]]
        .. [["MAX_CANDIDATES", "MAX_RUNTIME_PER_TRAINING_JOB_IN_SECONDS", "SESSION_ID", "SCRIPT_USER", ]]
        .. [["COLUMN_NAMES", "COLUMN_TYPES", "AWS_REGION", "INPUT_SCHEMA_NAME", "INPUT_TABLE_OR_VIEW_NAME", ]]
        .. [["INPUT_QUERY") VALUES (CURRENT_TIMESTAMP, :job_name, :connection, :role, ]]
        .. [[:bucket_uri, :output_path, :target, :problem_type, :objective, :max_runtime, :max_candidates, ]]
        .. [[:max_runtime_per_job, CURRENT_SESSION, CURRENT_USER, :column_names, :column_types, :region, ]]
        .. [[:input_schema, :input_table, :input_query)]],
        {s = schema, job_name = job.job_name, connection = job.connection, role = job.iam_role,
         bucket_uri = job.s3_bucket_uri, output_path = job.s3_output_path, target = job.target,
         problem_type = value(job.problem_type), objective = value(job.objective),
         max_runtime = value(job.max_runtime), max_candidates = value(job.max_candidates),
         max_runtime_per_job = value(job.max_runtime_per_job),
         column_names = env.cjson.encode(job.column_names), column_types = env.cjson.encode(job.column_types),
         region = value(job.region), input_schema = value(job.input_schema), input_table = value(job.input_table),
         input_query = value(job.input_query)},
        codes.METADATA_WRITE_FAILED,
        "Autopilot job " .. job.job_name .. " was started in AWS but recording it in "
            .. "SME_METADATA_AUTOPILOT_JOBS",
        "It cannot be deployed from SQL without that row. Stop it with aws sagemaker stop-auto-ml-job"
            .. " --auto-ml-job-name " .. job.job_name .. ", fix the cause (" .. REDEPLOY_HINT:lower()
            .. ") and train again under a new job name.")
end

--- The recorded job with column_names and column_types as lists (E-SME-33 if there is none).
function M.read_job(env, schema, job_name)
    local columns = {"JOB_NAME", "AWS_CREDENTIALS_CONNECTION_NAME", "IAM_SAGEMAKER_ROLE", "S3_BUCKET_URI",
        "S3_OUTPUT_PATH", "TARGET_ATTRIBUTE_NAME", "PROBLEM_TYPE", "OBJECTIVE", "COLUMN_NAMES", "COLUMN_TYPES"}
    local quoted = {}
    for i, column in ipairs(columns) do
        quoted[i] = sql.quote_identifier(column)
    end
    local result = read(env, "SELECT " .. table.concat(quoted, ", ")
        .. [[ FROM ::s."SME_METADATA_AUTOPILOT_JOBS" WHERE "JOB_NAME" = :j]],
        {s = schema, j = job_name}, "SME_METADATA_AUTOPILOT_JOBS")
    if #result == 0 then
        errors.raise(codes.JOB_NOT_IN_METADATA, "there is no job " .. errors.show(job_name)
            .. " in SME_METADATA_AUTOPILOT_JOBS of schema " .. sql.quote_identifier(schema),
            "Give the name of a job started with SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT in this schema.")
    end
    local row = sql.rows(env, result, columns)[1]
    return {
        job_name = row.JOB_NAME,
        connection = row.AWS_CREDENTIALS_CONNECTION_NAME,
        target = row.TARGET_ATTRIBUTE_NAME,
        problem_type = row.PROBLEM_TYPE,
        objective = row.OBJECTIVE,
        s3_bucket_uri = row.S3_BUCKET_URI,
        s3_output_path = row.S3_OUTPUT_PATH,
        column_names = M.decode_list(env, row.COLUMN_NAMES),
        column_types = M.decode_list(env, row.COLUMN_TYPES),
    }
end

--- Record a deployed endpoint. endpoint: endpoint_name, job_name, schema, problem_type,
-- instance_type, instance_count, connection, region, prediction_udf (for the message), candidate_name,
-- serverless_memory_size_in_mb, serverless_max_concurrency (nil -> NULL; serverless: no instances).
function M.insert_endpoint(env, schema, endpoint)
    run(env, [[INSERT INTO ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" ("DATETIME", "ENDPOINT_NAME", "JOB_NAME", ]]
        .. [["UDF_SCHEMA_NAME", "PROBLEM_TYPE", "INSTANCE_TYPE", "INSTANCE_COUNT", ]]
        .. [["AWS_CREDENTIALS_CONNECTION_NAME", "AWS_REGION", "STATUS", "SESSION_ID", "SCRIPT_USER", ]]
        .. [["CANDIDATE_NAME", "SERVERLESS_MEMORY_SIZE_IN_MB", "SERVERLESS_MAX_CONCURRENCY") ]]
        .. [[VALUES (CURRENT_TIMESTAMP, :endpoint_name, :job_name, :udf_schema, :problem_type, ]]
        .. [[:instance_type, :instance_count, :connection, :region, :status, CURRENT_SESSION, CURRENT_USER, ]]
        .. [[:candidate_name, :memory_size, :max_concurrency)]],
        {s = schema, endpoint_name = endpoint.endpoint_name, job_name = endpoint.job_name,
         udf_schema = endpoint.schema, problem_type = endpoint.problem_type,
         instance_type = endpoint.instance_type or env.null, instance_count = endpoint.instance_count or env.null,
         connection = endpoint.connection, region = endpoint.region, status = M.DEPLOYED,
         candidate_name = endpoint.candidate_name or env.null,
         memory_size = endpoint.serverless_memory_size_in_mb or env.null,
         max_concurrency = endpoint.serverless_max_concurrency or env.null},
        codes.METADATA_WRITE_FAILED,
        "endpoint " .. endpoint.endpoint_name .. " is running in AWS and prediction UDF "
            .. endpoint.prediction_udf .. " was created, but recording them in SME_METADATA_AUTOPILOT_ENDPOINTS",
        "The endpoint costs money while it runs. Remove it with EXECUTE SCRIPT"
            .. " SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT('" .. endpoint.endpoint_name .. "', '"
            .. endpoint.connection:gsub("'", "''") .. "', '" .. endpoint.region .. "')"
            .. " and DROP SCRIPT " .. endpoint.prediction_udf .. ", fix the cause (" .. REDEPLOY_HINT:lower()
            .. ") and deploy again.")
end

--- The recorded, not yet deleted deployments of an endpoint: {udf_schema=, job_name=} rows.
function M.deployed_endpoints(env, schema, endpoint_name)
    local result = read(env, [[SELECT "UDF_SCHEMA_NAME", "JOB_NAME" FROM ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" ]]
        .. [[WHERE "ENDPOINT_NAME" = :e AND "STATUS" = :status]],
        {s = schema, e = endpoint_name, status = M.DEPLOYED}, "SME_METADATA_AUTOPILOT_ENDPOINTS")
    return sql.rows(env, result, {"UDF_SCHEMA_NAME", "JOB_NAME"})
end

function M.mark_endpoint_deleted(env, schema, endpoint_name)
    run(env, [[UPDATE ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" SET "STATUS" = :deleted ]]
        .. [[WHERE "ENDPOINT_NAME" = :e AND "STATUS" = :deployed]],
        {s = schema, e = endpoint_name, deleted = M.DELETED, deployed = M.DEPLOYED},
        codes.METADATA_WRITE_FAILED,
        "endpoint " .. endpoint_name .. " was deleted in AWS but marking it DELETED in"
            .. " SME_METADATA_AUTOPILOT_ENDPOINTS",
        "Fix the cause (" .. REDEPLOY_HINT:lower() .. ") and run SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT"
            .. " again; it reports resources that are already gone as NOT_FOUND.")
end

return M
end
package.preload["sme.polling"] = function(...)
-- sme.polling: SME_POLL_SAGEMAKER_AUTOPILOT_JOB_STATUS(job_name, aws_credentials_connection_name,
-- aws_region). Asks SME_AUTOPILOT_JOB_STATUS_POLLING_UDF and shows a failure reason as output.
-- When it sees the job Completed and the job has no leaderboard yet, it fills the leaderboard and
-- insight tables (sme.candidates); a failure there is shown as output and never changes the status.
local candidates = require("sme.candidates")
local catalog = require("sme.catalog")
local resource_state = require("sme.resource_state")
local udf = require("sme.udf")
local validation = require("sme.validation")

local M = {}

M.POLL_SQL = [[SELECT ::s."SME_AUTOPILOT_JOB_STATUS_POLLING_UDF"(:job_name, :connection, :region)]]
M.COLUMNS = "JOB_STATUS VARCHAR(64), JOB_SECONDARY_STATUS VARCHAR(64)"

function M.run(env, job_name, connection_name, region)
    validation.job_name(validation.required_string(job_name, "job_name", env.null))
    validation.identifier(validation.required_string(connection_name, "aws_credentials_connection_name",
        env.null), "connection name")
    validation.region(validation.required_string(region, "aws_region", env.null))
    local connection = catalog.resolve_connection(env, connection_name)
    local row = udf.call_one(env, "SME_AUTOPILOT_JOB_STATUS_POLLING_UDF", M.POLL_SQL,
        {s = env.exa.meta.script_schema, job_name = job_name, connection = connection, region = region},
        {"JOB_STATUS", "JOB_SECONDARY_STATUS", "FAILURE_REASON"})
    if row.FAILURE_REASON ~= nil and row.FAILURE_REASON ~= "" then
        env.output("Failure reason: " .. row.FAILURE_REASON)
    end
    resource_state.try_record(env, env.exa.meta.script_schema, {kind = resource_state.JOB, name = job_name,
        region = region, status = row.JOB_STATUS, secondary_status = row.JOB_SECONDARY_STATUS,
        failure_reason = row.FAILURE_REASON})
    local status = row.JOB_STATUS
    local secondary = row.JOB_SECONDARY_STATUS
    if status == nil then
        status = env.null
    end
    if secondary == nil then
        secondary = env.null
    end
    if status == "Completed" then
        candidates.fill_after_completion(env, env.exa.meta.script_schema, job_name, connection, region)
    end
    return {{status, secondary}}, M.COLUMNS
end

return M
end
package.preload["sme.resource_state"] = function(...)
-- sme.resource_state: SME_METADATA_AWS_RESOURCE_STATE, one row per job or endpoint of this schema with
-- its last known state in AWS and the last action taken on it, plus the metadata reads the lifecycle
-- scripts share. A state row is only written for a resource the metadata tables know.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

M.JOB = "JOB"
M.ENDPOINT = "ENDPOINT"
M.NOT_FOUND = "NOT_FOUND"
M.DEPLOYED = "DEPLOYED"
M.TABLE = "SME_METADATA_AWS_RESOURCE_STATE"

local REDEPLOY_HINT = "Check that the extension was deployed into this schema with this version"
    .. " (sme-deploy creates the metadata tables) and that your user may read and write them."

-- The metadata table (and its name column) that must know a resource before its state is recorded.
local OWNERS = {
    JOB = {"SME_METADATA_AUTOPILOT_JOBS", "JOB_NAME"},
    ENDPOINT = {"SME_METADATA_AUTOPILOT_ENDPOINTS", "ENDPOINT_NAME"},
}
-- Written with every status (nil -> NULL), and written only when given.
local STATUS_COLUMNS = {{"STATUS", "status"}, {"SECONDARY_STATUS", "secondary_status"},
                        {"FAILURE_REASON", "failure_reason"}}
local GIVEN_COLUMNS = {{"AWS_REGION", "region"}, {"INSTANCE_TYPE", "instance_type"},
                       {"INSTANCE_COUNT", "instance_count"}}
local ACTION_COLUMNS = {{"LAST_ACTION", "action"}, {"LAST_ACTION_DETAIL", "action_detail"}}

local function read(env, statement, params, what)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_READ_FAILED, "reading " .. what, REDEPLOY_HINT)
    end
    return result
end

-- The columns and values a state change writes: {column, SQL expression} pairs and the parameters.
local function assignments(env, state)
    local columns, params = {}, {}
    local function add(column, key, value)
        if value == nil then
            value = env.null
        end
        params[key] = value
        columns[#columns + 1] = {column, ":" .. key}
    end
    if state.status ~= nil then
        for _, column in ipairs(STATUS_COLUMNS) do
            add(column[1], column[2], state[column[2]])
        end
        columns[#columns + 1] = {"CHECKED_AT", "CURRENT_TIMESTAMP"}
        columns[#columns + 1] = {"CHECKED_BY", "CURRENT_USER"}
    end
    for _, column in ipairs(GIVEN_COLUMNS) do
        if state[column[2]] ~= nil then
            add(column[1], column[2], state[column[2]])
        end
    end
    if state.action ~= nil then
        for _, column in ipairs(ACTION_COLUMNS) do
            add(column[1], column[2], state[column[2]])
        end
        columns[#columns + 1] = {"LAST_ACTION_AT", "CURRENT_TIMESTAMP"}
    end
    return columns, params
end

local function write(env, schema, state)
    local owner = OWNERS[state.kind]
    local columns, params = assignments(env, state)
    params.s, params.kind, params.name = schema, state.kind, state.name
    params.owner, params.owner_column = owner[1], owner[2]
    local sets, names, values = {}, {}, {}
    for i, column in ipairs(columns) do
        sets[i] = sql.quote_identifier(column[1]) .. " = " .. column[2]
        names[i] = sql.quote_identifier(column[1])
        values[i] = column[2]
    end
    local ok, result = env.pquery([[UPDATE ::s."SME_METADATA_AWS_RESOURCE_STATE" SET ]] .. table.concat(sets, ", ")
        .. [[ WHERE "RESOURCE_KIND" = :kind AND "RESOURCE_NAME" = :name]], params)
    if ok and (result.rows_affected or 0) == 0 then
        ok, result = env.pquery([[INSERT INTO ::s."SME_METADATA_AWS_RESOURCE_STATE" ("RESOURCE_KIND", ]]
            .. [["RESOURCE_NAME", ]] .. table.concat(names, ", ") .. [[) SELECT DISTINCT :kind, :name, ]]
            .. table.concat(values, ", ") .. [[ FROM ::s.::owner WHERE ::owner_column = :name]], params)
    end
    return ok, result
end

--- Record a resource's state and/or the last action on it. state: kind (JOB|ENDPOINT), name, and any
-- of region, status, secondary_status, failure_reason, instance_type, instance_count, action,
-- action_detail. A failure is E-SME-36 with "<context> failed" as its text.
function M.record(env, schema, state, context)
    local ok, result = write(env, schema, state)
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_WRITE_FAILED,
            context .. " but recording it in " .. M.TABLE, "Fix the cause (" .. REDEPLOY_HINT:lower()
            .. ") and run SME_REFRESH_SAGEMAKER_STATE to record the current state.")
    end
end

--- Like record, for scripts whose own work is done: a failure becomes one output line, not an error.
function M.try_record(env, schema, state)
    local ok, result = write(env, schema, state)
    if not ok then
        env.output("Warning: the state of " .. state.kind:lower() .. " " .. state.name .. " was not recorded in "
            .. M.TABLE .. ": " .. errors.database_message(result.error_message)
            .. ". Run SME_REFRESH_SAGEMAKER_STATE later.")
    end
    return ok
end

--- The recorded job's location: job_name, region (nil for rows of older versions), connection,
-- s3_bucket_uri, s3_output_path. E-SME-33 if this schema did not train it.
function M.read_job(env, schema, job_name)
    local columns = {"JOB_NAME", "AWS_REGION", "AWS_CREDENTIALS_CONNECTION_NAME", "S3_BUCKET_URI", "S3_OUTPUT_PATH"}
    local quoted = {}
    for i, column in ipairs(columns) do
        quoted[i] = sql.quote_identifier(column)
    end
    local result = read(env, "SELECT " .. table.concat(quoted, ", ")
        .. [[ FROM ::s."SME_METADATA_AUTOPILOT_JOBS" WHERE "JOB_NAME" = :j]],
        {s = schema, j = job_name}, "SME_METADATA_AUTOPILOT_JOBS")
    if #result == 0 then
        errors.raise(codes.JOB_NOT_IN_METADATA, "there is no job " .. errors.show(job_name)
            .. " in SME_METADATA_AUTOPILOT_JOBS of schema " .. sql.quote_identifier(schema),
            "Give the name of a job started with SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT in this schema.")
    end
    local row = sql.rows(env, result, columns)[1]
    return {job_name = row.JOB_NAME, region = row.AWS_REGION, connection = row.AWS_CREDENTIALS_CONNECTION_NAME,
            s3_bucket_uri = row.S3_BUCKET_URI, s3_output_path = row.S3_OUTPUT_PATH}
end

--- E-SME-143 when the job was recorded with another region than the one given.
function M.check_region(job, region)
    if job.region ~= nil and job.region ~= region then
        errors.raise(codes.REGION_MISMATCH, "job " .. job.job_name .. " was trained in region " .. job.region
            .. ", not " .. errors.show(region), "Give aws_region '" .. job.region .. "'.")
    end
end

--- A TRUE/FALSE script argument; NULL means false. E-SME-3 for anything else.
function M.optional_boolean(env, value, name)
    if value == nil or value == env.null then
        return false
    end
    if type(value) ~= "boolean" then
        errors.raise(codes.WRONG_PARAMETER_TYPE, "parameter " .. name .. " must be TRUE or FALSE, not "
            .. errors.show(value), "Pass TRUE or FALSE without quotes.")
    end
    return value
end

--- Names of the endpoints recorded as DEPLOYED (of one job and/or one region when given), sorted.
function M.deployed_endpoint_names(env, schema, job_name, region)
    local statement = [[SELECT DISTINCT "ENDPOINT_NAME" FROM ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" ]]
        .. [[WHERE "STATUS" = :deployed]]
    local params = {s = schema, deployed = M.DEPLOYED}
    if job_name ~= nil then
        statement, params.j = statement .. [[ AND "JOB_NAME" = :j]], job_name
    end
    if region ~= nil then
        statement, params.r = statement .. [[ AND "AWS_REGION" = :r]], region
    end
    local rows = sql.rows(env, read(env, statement, params, "SME_METADATA_AUTOPILOT_ENDPOINTS"), {"ENDPOINT_NAME"})
    local names = {}
    for i, row in ipairs(rows) do
        names[i] = row.ENDPOINT_NAME
    end
    table.sort(names)
    return names
end

return M
end
package.preload["sme.rules"] = function(...)
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
end
package.preload["sme.sql"] = function(...)
-- sme.sql: quoting for the few texts that cannot go through :name / ::name placeholders
-- (column lists, the body of a generated Python UDF) and helpers to read query results.
local M = {}

local PYTHON_ESCAPES = {["\\"] = "\\\\", ["'"] = "\\'", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t"}

--- "name" with inner double quotes doubled: the identifier exactly as given, case kept.
function M.quote_identifier(name)
    return '"' .. (tostring(name):gsub('"', '""')) .. '"'
end

--- A single-quoted Python string literal: backslash, quote and every control character escaped.
function M.quote_python_string(text)
    local escaped = tostring(text):gsub("[\0-\31\127\\']", function(char)
        return PYTHON_ESCAPES[char] or string.format("\\x%02x", char:byte())
    end)
    return "'" .. escaped .. "'"
end

--- Whether a value from a script parameter, a result or cjson is SQL NULL / JSON null / nil.
function M.is_null(env, value)
    return value == nil or value == env.null or (env.cjson ~= nil and value == env.cjson.null)
end

--- A result value as Lua string, nil for NULL.
function M.text(env, value)
    if M.is_null(env, value) then
        return nil
    end
    return tostring(value)
end

--- A result value as Lua integer, nil for NULL or anything that is not a whole number.
-- Accepts Lua numbers and anything whose text is a whole number (Exasol's DECIMAL values).
function M.integer(env, value)
    if M.is_null(env, value) then
        return nil
    end
    if type(value) == "number" then
        return math.tointeger(value)
    end
    local text = tostring(value):match("^%s*(%d+)%.?0*%s*$")
    if text == nil then
        return nil
    end
    return math.tointeger(tonumber(text))
end

--- The rows of a SELECT result as plain Lua tables keyed by the given column names.
function M.rows(env, result, columns)
    local rows = {}
    for i = 1, #result do
        local row = {}
        for _, column in ipairs(columns) do
            local value = result[i][column]
            if M.is_null(env, value) then
                value = nil
            end
            row[column] = value
        end
        rows[i] = row
    end
    return rows
end

return M
end
package.preload["sme.udf"] = function(...)
-- sme.udf: runs the SELECT that calls one of the extension's Python UDFs. A failure passes the UDF's
-- own E-SME message on unchanged (never its traceback); anything else becomes E-SME-38.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

--- The UDF's rows as plain tables keyed by the given column names (NULL -> nil).
function M.call(env, udf_name, statement, params, columns)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.UDF_CALL_FAILED, "calling " .. udf_name)
    end
    return sql.rows(env, result, columns)
end

--- The UDF's only row; E-SME-38 if it returned none.
function M.call_one(env, udf_name, statement, params, columns)
    local rows = M.call(env, udf_name, statement, params, columns)
    if #rows == 0 then
        errors.raise(codes.UDF_CALL_FAILED, udf_name .. " returned no row",
            "Check that the extension was deployed completely into this schema with the same version.")
    end
    return rows[1]
end

return M
end
package.preload["sme.validation"] = function(...)
-- sme.validation: one check per kind of name or value, the same rules as
-- exasol_sagemaker_extension/names.py, with the limits of sme.rules. Each returns the (normalized)
-- value or raises the E-SME code of names.py.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local rules = require("sme.rules")

local M = {}

local show = errors.show
local ALNUM = "[A-Za-z0-9]"
-- Shapes fixed by AWS's own patterns (names.py keeps them inside its regular expressions).
local BUCKET_NAME_MIN_LENGTH, BUCKET_NAME_MAX_LENGTH = 3, 63
local ROLE_NAME_MAX_LENGTH, ROLE_PATH_MAX_LENGTH, ACCOUNT_ID_LENGTH = 64, 512, 12

local function contains(list, value)
    for _, item in ipairs(list) do
        if item == value then
            return true
        end
    end
    return false
end

-- AWS's name shape ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,n}$ plus its length limit: letters, digits and
-- hyphens, first and last a letter or digit, hyphens counted in the length.
local function is_aws_name(name, max_length)
    return type(name) == "string" and #name >= 1 and #name <= max_length
        and name:find("^[A-Za-z0-9%-]+$") ~= nil
        and name:find("^" .. ALNUM) ~= nil and name:find(ALNUM .. "$") ~= nil
end

function M.is_absent(value, null)
    return value == nil or value == "" or (null ~= nil and value == null)
end

--- A required text argument: E-SME-2 when missing or empty, E-SME-3 when not a string.
function M.required_string(value, name, null)
    if M.is_absent(value, null) then
        errors.raise(codes.MISSING_PARAMETER, "parameter " .. name .. " is missing",
            "Give " .. name .. " a value.")
    end
    if type(value) ~= "string" then
        errors.raise(codes.WRONG_PARAMETER_TYPE,
            "parameter " .. name .. " must be a string, not " .. type(value),
            "Give " .. name .. " as a text value in single quotes, for example '" .. name .. "'.")
    end
    return value
end

function M.job_name(name)
    if not is_aws_name(name, rules.JOB_NAME_MAX_LENGTH) then
        errors.raise(codes.INVALID_JOB_NAME, "invalid job name " .. show(name),
            "Use 1 to " .. rules.JOB_NAME_MAX_LENGTH .. " letters, digits and hyphens, starting and ending"
            .. " with a letter or digit.")
    end
    return name
end

function M.endpoint_name(name)
    if not is_aws_name(name, rules.ENDPOINT_NAME_MAX_LENGTH) then
        errors.raise(codes.INVALID_ENDPOINT_NAME, "invalid endpoint name " .. show(name),
            "Use 1 to " .. rules.ENDPOINT_NAME_MAX_LENGTH .. " letters, digits and hyphens, starting and"
            .. " ending with a letter or digit.")
    end
    return name
end

-- ^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$, for example eu-central-1.
local function is_region(region)
    if type(region) ~= "string" then
        return false
    end
    local middle = region:match("^[a-z][a-z](%-[a-z%-]*)%-[0-9][0-9]?$")
    return middle ~= nil and middle:gsub("%-[a-z]+", "") == ""
end

function M.region(region)
    if not is_region(region) then
        errors.raise(codes.INVALID_REGION, "invalid AWS region " .. show(region),
            "Give a region code such as eu-central-1 or us-east-1.")
    end
    return region
end

--- An Exasol identifier taken exactly as written: 1 to 128 characters, no control characters.
function M.identifier(name, kind)
    local length = type(name) == "string" and (utf8 and utf8.len(name) or #name) or nil
    if length == nil or length < 1 or length > rules.IDENTIFIER_MAX_LENGTH or name:find("[\0-\31]") then
        errors.raise(codes.INVALID_IDENTIFIER, "invalid " .. (kind or "identifier") .. " " .. show(name),
            "Give a name of 1 to " .. rules.IDENTIFIER_MAX_LENGTH .. " characters without control characters.")
    end
    return name
end

local function is_role_arn(role)
    local partition, account, path = role:match("^arn:aws([%-a-z]*):iam::([0-9]+):role/(.+)$")
    return partition ~= nil and partition:gsub("%-[a-z]+", "") == ""
        and #account == ACCOUNT_ID_LENGTH
        and #path <= ROLE_PATH_MAX_LENGTH and path:find("^[A-Za-z0-9_+=,.@/%-]+$") ~= nil
end

local function is_role_name(role)
    return #role <= ROLE_NAME_MAX_LENGTH and role:find("^[A-Za-z0-9_+=,.@%-]+$") ~= nil
end

--- An IAM role ARN (arn:aws:iam::<account>:role/<name>) or a role name.
function M.iam_role(role)
    if type(role) ~= "string" or #role > rules.IAM_ROLE_MAX_LENGTH
            or not (is_role_arn(role) or is_role_name(role)) then
        errors.raise(codes.INVALID_IAM_ROLE, "invalid IAM role " .. show(role),
            "Give the role's ARN (arn:aws:iam::<account>:role/<name>) or its name.")
    end
    return role
end

--- s3://bucket (one trailing slash allowed); returns "s3://bucket" and the bucket name.
function M.s3_bucket_uri(uri)
    local bucket = type(uri) == "string" and uri:match("^s3://([a-z0-9.%-]+)/?$") or nil
    if bucket == nil or #bucket < BUCKET_NAME_MIN_LENGTH or #bucket > BUCKET_NAME_MAX_LENGTH
            or not bucket:find("^[a-z0-9]") or not bucket:find("[a-z0-9]$") then
        errors.raise(codes.INVALID_S3_BUCKET_URI, "invalid S3 bucket URI " .. show(uri),
            "Give the bucket as s3://<bucket-name>, without a path.")
    end
    return "s3://" .. bucket, bucket
end

local function normalized_s3_path(path)
    if type(path) ~= "string" then
        return nil
    end
    local stripped = path:gsub("^/+", ""):gsub("/+$", "")
    if stripped == "" or #stripped > rules.S3_OUTPUT_PATH_MAX_LENGTH
            or not stripped:find("^[A-Za-z0-9!_.*'()/%-]+$") or stripped:find("//", 1, true) then
        return nil
    end
    for segment in stripped:gmatch("[^/]+") do
        if segment == "." or segment == ".." then
            return nil
        end
    end
    return stripped
end

--- The S3 key prefix without slashes at either end.
function M.s3_output_path(path)
    local normalized = normalized_s3_path(path)
    if normalized == nil then
        errors.raise(codes.INVALID_S3_OUTPUT_PATH, "invalid S3 output path " .. show(path),
            "Give a key prefix of up to " .. rules.S3_OUTPUT_PATH_MAX_LENGTH .. " characters made of"
            .. " letters, digits and !_.*'()/- such as ml/autopilot.")
    end
    return normalized
end

function M.instance_type(instance_type)
    if type(instance_type) ~= "string" or not instance_type:find("^ml%.[a-z0-9]+%.[a-z0-9]+$") then
        errors.raise(codes.INVALID_INSTANCE, "invalid instance type " .. show(instance_type),
            "Give a SageMaker instance type such as ml.m5.large.")
    end
    return instance_type
end

--- A whole number given as Lua number, digit string or Exasol DECIMAL; nil if it is none.
function M.to_integer(value)
    if type(value) == "number" then
        return math.tointeger(value)
    end
    if type(value) == "string" then
        local digits = value:match("^%s*(%d+)%s*$")
        return digits and math.tointeger(tonumber(digits)) or nil
    end
    if value ~= nil and type(value) ~= "boolean" and type(value) ~= "table" then
        local digits = tostring(value):match("^%s*(%d+)%.?0*%s*$")
        return digits and math.tointeger(tonumber(digits)) or nil
    end
    return nil
end

function M.instance_count(count)
    local number = M.to_integer(count)
    if number == nil or number < 1 or number > rules.INSTANCE_COUNT_MAX then
        errors.raise(codes.INVALID_INSTANCE, "invalid instance count " .. show(count),
            "Give a whole number from 1 to " .. rules.INSTANCE_COUNT_MAX .. ".")
    end
    return number
end

--- The problem type, or nil when it is left to Autopilot.
function M.problem_type(problem_type)
    if problem_type == nil or problem_type == "" then
        return nil
    end
    if not contains(rules.PROBLEM_TYPES, problem_type) then
        errors.raise(codes.INVALID_PROBLEM_TYPE, "invalid problem type " .. show(problem_type),
            "Use one of " .. table.concat(rules.PROBLEM_TYPES, ", ") .. ", or leave it out to let"
            .. " Autopilot decide.")
    end
    return problem_type
end

function M.is_problem_type(problem_type)
    return contains(rules.PROBLEM_TYPES, problem_type)
end

function M.is_classification(problem_type)
    return contains(rules.CLASSIFICATION_PROBLEM_TYPES, problem_type)
end

--- The objective metric name, checked against the problem type when one is given.
function M.objective(metric, problem_type)
    if metric == nil or metric == "" then
        return nil
    end
    local fitting = type(metric) == "string" and rules.OBJECTIVES[metric] or nil
    if fitting == nil then
        errors.raise(codes.INVALID_OBJECTIVE, "invalid objective " .. show(metric),
            "Use one of " .. table.concat(rules.OBJECTIVE_NAMES, ", ") .. ".")
    end
    if problem_type ~= nil and not contains(fitting, problem_type) then
        local usable = {}
        for _, name in ipairs(rules.OBJECTIVE_NAMES) do
            if contains(rules.OBJECTIVES[name], problem_type) then
                usable[#usable + 1] = name
            end
        end
        errors.raise(codes.INVALID_OBJECTIVE, "objective " .. metric .. " does not fit problem type "
            .. problem_type, "For " .. problem_type .. " use one of " .. table.concat(usable, ", ") .. ".")
    end
    return metric
end

--- The objective to send (names.resolve_objective): the given one, or the default of a given problem
-- type; AWS takes an objective only together with a problem type.
function M.resolve_objective(metric, problem_type)
    metric = M.objective(metric, problem_type)
    if metric ~= nil and problem_type == nil then
        errors.raise(codes.INVALID_OBJECTIVE, "objective " .. metric .. " is given without a problem_type",
            "AWS takes an objective only together with a problem type: add problem_type, or leave"
            .. " objective out to let Autopilot choose both.")
    end
    if problem_type ~= nil and metric == nil then
        return rules.DEFAULT_OBJECTIVES[problem_type]
    end
    return metric
end

--- A positive whole number (a JSON number with integer value or a digit string).
function M.positive_integer(value, name)
    local number = M.to_integer(value)
    if number == nil or number < 1 then
        errors.raise(codes.INVALID_LIMIT, "invalid " .. name .. " " .. show(value),
            "Give a positive whole number, or leave " .. name .. " out.")
    end
    return number
end

return M
end
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
package.preload["sme.catalog"] = function(...)
-- sme.catalog: finds schemas, tables, columns and connections the way SQL would: the name exactly
-- as written first, then, for a regular identifier, upper-cased (`my_table` finds MY_TABLE,
-- `MixedCase` finds "MixedCase").
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

local LISTED_COLUMNS_MAX = 10

function M.is_regular_identifier(name)
    return name:find("^[A-Za-z][A-Za-z0-9_]*$") ~= nil
end

--- The names to try for a user-given name, in order.
function M.candidates(name)
    local names = {name}
    if M.is_regular_identifier(name) and name:upper() ~= name then
        names[2] = name:upper()
    end
    return names
end

local function select_rows(env, statement, params, what)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_READ_FAILED, "reading " .. what,
            "Check that your user may read the system tables of schema SYS and try again.")
    end
    return result
end

--- The connection's name as stored (E-SME-50 if there is none of that name).
function M.resolve_connection(env, name)
    for _, candidate in ipairs(M.candidates(name)) do
        local result = select_rows(env,
            [[SELECT CONNECTION_NAME FROM SYS.EXA_ALL_CONNECTIONS WHERE CONNECTION_NAME = :c]],
            {c = candidate}, "the connections")
        if #result > 0 then
            return candidate
        end
    end
    errors.raise(codes.CONNECTION_NOT_USABLE, "there is no connection " .. errors.show(name),
        "Create it with CREATE CONNECTION <name> TO 'https://<bucket>.s3.<region>.amazonaws.com/'"
        .. " USER '<access key id>' IDENTIFIED BY '<secret access key>' and let the user run it with"
        .. " GRANT CONNECTION <name> TO <user>, or give the name of an existing connection.")
end

--- The schema's name as stored (E-SME-34 if there is none of that name).
function M.resolve_schema(env, name)
    for _, candidate in ipairs(M.candidates(name)) do
        local result = select_rows(env, [[SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = :s]],
            {s = candidate}, "the schemas")
        if #result > 0 then
            return candidate
        end
    end
    errors.raise(codes.SCHEMA_NOT_FOUND, "there is no schema " .. errors.show(name),
        "Create it with CREATE SCHEMA, or give the name of an existing schema.")
end

--- Whether a schema of exactly this name exists.
function M.schema_exists(env, name)
    local result = select_rows(env, [[SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = :s]],
        {s = name}, "the schemas")
    return #result > 0
end

--- The table or view with its columns {name=, type=} in ordinal order (E-SME-30 if not found).
function M.resolve_table(env, schema_name, table_name)
    for _, schema in ipairs(M.candidates(schema_name)) do
        for _, table_candidate in ipairs(M.candidates(table_name)) do
            local result = select_rows(env, [[SELECT COLUMN_NAME, COLUMN_TYPE FROM SYS.EXA_ALL_COLUMNS ]]
                .. [[WHERE COLUMN_SCHEMA = :s AND COLUMN_TABLE = :t ORDER BY COLUMN_ORDINAL_POSITION]],
                {s = schema, t = table_candidate}, "the columns of the input table")
            if #result > 0 then
                local columns = {}
                for i = 1, #result do
                    columns[i] = {name = result[i].COLUMN_NAME, type = sql.text(env, result[i].COLUMN_TYPE)}
                end
                return {schema = schema, table = table_candidate, columns = columns}
            end
        end
    end
    errors.raise(codes.TABLE_NOT_FOUND, "found no table or view " .. errors.show(table_name)
        .. " in schema " .. errors.show(schema_name) .. " that you may read",
        "Check input_schema_name and input_table_or_view_name (a regular name is also tried upper-case)"
        .. " and that you have the SELECT privilege on it.")
end

local function column_list(columns)
    local names = {}
    for i = 1, math.min(#columns, LISTED_COLUMNS_MAX) do
        names[i] = sql.quote_identifier(columns[i].name)
    end
    local text = table.concat(names, ", ")
    if #columns > LISTED_COLUMNS_MAX then
        text = text .. " and " .. (#columns - LISTED_COLUMNS_MAX) .. " more"
    end
    return text
end

--- The target column of a resolved table (E-SME-31 if it has none of that name).
function M.resolve_target(source, target_name)
    for _, candidate in ipairs(M.candidates(target_name)) do
        for _, column in ipairs(source.columns) do
            if column.name == candidate then
                return column
            end
        end
    end
    errors.raise(codes.TARGET_COLUMN_NOT_FOUND, "table " .. sql.quote_identifier(source.schema) .. "."
        .. sql.quote_identifier(source.table) .. " has no column " .. errors.show(target_name),
        "Give one of its columns as target_attribute_name: " .. column_list(source.columns) .. ".")
end

return M
end
package.preload["sme.deployment_options"] = function(...)
-- sme.deployment_options: what an endpoint deployment is asked for, from the seven arguments of
-- SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT or the JSON of SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT_WITH_OPTIONS,
-- checked with the rules of names.py (E-SME-120 candidate, E-SME-123 serverless, E-SME-124 a mix).
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local json_params = require("sme.json_params")
local rules = require("sme.rules")
local validation = require("sme.validation")

local M = {}

M.REQUIRED_KEYS = {"job_name", "endpoint_name", "schema_name", "aws_credentials_connection_name", "aws_region"}
M.OPTIONAL_KEYS = {"instance_type", "instance_count", "serverless_memory_size_in_mb", "serverless_max_concurrency",
                   "candidate_name"}
local EXAMPLE = [[{"job_name": "churn-1", "endpoint_name": "churn-ep", "schema_name": "SALES", ]]
    .. [["aws_credentials_connection_name": "AWS_CONN", "aws_region": "eu-central-1", ]]
    .. [["serverless_memory_size_in_mb": 3072, "serverless_max_concurrency": 5}]]

local function accepted_keys()
    local keys = {}
    for _, list in ipairs({M.REQUIRED_KEYS, M.OPTIONAL_KEYS}) do
        for _, key in ipairs(list) do
            keys[#keys + 1] = key
        end
    end
    return keys
end

--- A candidate name shaped like AWS's (letters, digits, hyphens; at most CANDIDATE_NAME_MAX_LENGTH).
function M.candidate_name(name)
    if type(name) ~= "string" or #name < 1 or #name > rules.CANDIDATE_NAME_MAX_LENGTH
            or not name:find("^[A-Za-z0-9%-]+$") or not name:find("^[A-Za-z0-9]")
            or not name:find("[A-Za-z0-9]$") then
        errors.raise(codes.INVALID_CANDIDATE_NAME, "invalid candidate name " .. errors.show(name),
            "Use 1 to " .. rules.CANDIDATE_NAME_MAX_LENGTH .. " letters, digits and hyphens, starting and"
            .. " ending with a letter or digit, as AWS lists the job's candidates.")
    end
    return name
end

local function serverless_memory_size(value)
    local size = validation.to_integer(value)
    for _, allowed in ipairs(rules.SERVERLESS_MEMORY_SIZES_IN_MB) do
        if size == allowed then
            return size
        end
    end
    errors.raise(codes.INVALID_SERVERLESS_CONFIG, "invalid serverless memory size " .. errors.show(value),
        "Give serverless_memory_size_in_mb as one of " .. table.concat(rules.SERVERLESS_MEMORY_SIZES_IN_MB, ", ")
        .. ".")
end

local function serverless_max_concurrency(value)
    local count = validation.to_integer(value)
    if count == nil or count < 1 or count > rules.SERVERLESS_MAX_CONCURRENCY_MAX then
        errors.raise(codes.INVALID_SERVERLESS_CONFIG, "invalid serverless max concurrency " .. errors.show(value),
            "Give serverless_max_concurrency as a whole number from 1 to " .. rules.SERVERLESS_MAX_CONCURRENCY_MAX
            .. ".")
    end
    return count
end

--- Real-time (instance_type, instance_count) or serverless (memory size, max concurrency), never a mix.
-- Fills options.instance_count / serverless_* with integers; options.serverless tells which.
function M.check_choice(options)
    local serverless = options.serverless_memory_size_in_mb ~= nil or options.serverless_max_concurrency ~= nil
    local real_time = options.instance_type ~= nil or options.instance_count ~= nil
    if serverless == real_time or (serverless and (options.serverless_memory_size_in_mb == nil
            or options.serverless_max_concurrency == nil)) then
        errors.raise(codes.DEPLOYMENT_CHOICE_CONFLICT, "an endpoint needs either instance_type and instance_count"
            .. " (real-time) or serverless_memory_size_in_mb and serverless_max_concurrency (serverless), not a mix",
            "Give exactly one of the two pairs.")
    end
    options.serverless = serverless
    if serverless then
        options.serverless_memory_size_in_mb = serverless_memory_size(options.serverless_memory_size_in_mb)
        options.serverless_max_concurrency = serverless_max_concurrency(options.serverless_max_concurrency)
    else
        validation.instance_type(validation.required_string(options.instance_type, "instance_type"))
        if options.instance_count == nil then
            validation.required_string(nil, "instance_count")
        end
        options.instance_count = validation.instance_count(options.instance_count)
    end
    return options
end

--- The options of SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT_WITH_OPTIONS(json_str), checked.
function M.parse(env, json_str)
    local decoded = json_params.decode(env, json_str, "the deployment options", EXAMPLE)
    json_params.check_keys(decoded, accepted_keys(), "deployment option")
    local options = {}
    for _, key in ipairs(M.REQUIRED_KEYS) do
        options[key] = json_params.string(env, decoded, key, true)
    end
    options.instance_type = json_params.string(env, decoded, "instance_type")
    options.instance_count = json_params.number(env, decoded, "instance_count")
    options.serverless_memory_size_in_mb = json_params.number(env, decoded, "serverless_memory_size_in_mb")
    options.serverless_max_concurrency = json_params.number(env, decoded, "serverless_max_concurrency")
    options.candidate_name = json_params.string(env, decoded, "candidate_name")
    return M.check(options)
end

--- Check options (keys as the JSON's; absent = nil) in the order of the script's parameters.
function M.check(options)
    validation.job_name(validation.required_string(options.job_name, "job_name"))
    validation.endpoint_name(validation.required_string(options.endpoint_name, "endpoint_name"))
    validation.identifier(validation.required_string(options.schema_name, "schema_name"), "schema name")
    M.check_choice(options)
    validation.identifier(validation.required_string(options.aws_credentials_connection_name,
        "aws_credentials_connection_name"), "connection name")
    validation.region(validation.required_string(options.aws_region, "aws_region"))
    if options.candidate_name ~= nil then
        M.candidate_name(options.candidate_name)
    end
    return options
end

return M
end
package.preload["sme.endpoint_deployment"] = function(...)
-- sme.endpoint_deployment: SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT(job_name, endpoint_name,
-- schema_name, instance_type, instance_count, aws_credentials_connection_name, aws_region) and
-- SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT_WITH_OPTIONS(json_str), one code path (M.deploy).
-- Puts the job's best (or the chosen) candidate behind a real-time or serverless endpoint
-- (SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF), creates the prediction UDF <schema_name>."<endpoint_name>"
-- with the endpoint's batch size limit and records the endpoint.
local catalog = require("sme.catalog")
local codes = require("sme.error_codes")
local deployment_options = require("sme.deployment_options")
local errors = require("sme.errors")
local metadata = require("sme.metadata")
local prediction_udf_sql = require("sme.prediction_udf_sql")
local resource_state = require("sme.resource_state")
local rules = require("sme.rules")
local sql = require("sme.sql")
local udf = require("sme.udf")
local validation = require("sme.validation")

local M = {}

M.DEPLOY_SQL = [[SELECT ::s."SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF"(:job_name, :endpoint_name, ]]
    .. [[:instance_type, :instance_count, :connection, :region, :candidate_name, :memory_size, :max_concurrency)]]
M.COLUMNS = "ENDPOINT_NAME VARCHAR(" .. rules.ENDPOINT_NAME_MAX_LENGTH .. "), ENDPOINT_STATUS VARCHAR(64),"
    .. " PREDICTION_UDF VARCHAR(300)"
M.OPTIONS_COLUMNS = M.COLUMNS .. ", CANDIDATE_NAME VARCHAR(" .. rules.CANDIDATE_NAME_MAX_LENGTH .. ")"

local function checked_arguments(env, job_name, endpoint_name, schema_name, instance_type, instance_count,
                                 connection_name, region)
    local null = env.null
    validation.job_name(validation.required_string(job_name, "job_name", null))
    validation.endpoint_name(validation.required_string(endpoint_name, "endpoint_name", null))
    validation.identifier(validation.required_string(schema_name, "schema_name", null), "schema name")
    validation.instance_type(validation.required_string(instance_type, "instance_type", null))
    if validation.is_absent(instance_count, null) then
        validation.required_string(nil, "instance_count")
    end
    local count = validation.instance_count(instance_count)
    validation.identifier(validation.required_string(connection_name, "aws_credentials_connection_name", null),
        "connection name")
    validation.region(validation.required_string(region, "aws_region", null))
    return count
end

local function create_prediction_udf(env, statement, endpoint_name, prediction_udf)
    local ok, result = env.pquery(statement)
    if not ok then
        errors.raise(codes.PREDICTION_UDF_CREATION_FAILED, "endpoint " .. endpoint_name .. " is running in AWS"
            .. " but creating the prediction UDF " .. prediction_udf .. " failed: "
            .. errors.database_message(result.error_message),
            "Check that you may CREATE SCRIPT in that schema and that the script language PYTHON3_SME is"
            .. " activated, then delete the endpoint with SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT and"
            .. " deploy again; the endpoint costs money while it runs.")
    end
end

function M.run(env, job_name, endpoint_name, schema_name, instance_type, instance_count, connection_name,
               region)
    local count = checked_arguments(env, job_name, endpoint_name, schema_name, instance_type, instance_count,
        connection_name, region)
    return M.deploy(env, {job_name = job_name, endpoint_name = endpoint_name, schema_name = schema_name,
        instance_type = instance_type, instance_count = count, aws_credentials_connection_name = connection_name,
        aws_region = region}, M.COLUMNS)
end

--- SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT_WITH_OPTIONS(json_str): the same deployment, with the choices
-- of sme.deployment_options; also returns the deployed candidate's name.
function M.run_with_options(env, json_str)
    return M.deploy(env, deployment_options.parse(env, json_str), M.OPTIONS_COLUMNS)
end

--- Deploy checked options (sme.deployment_options keys); columns: the result columns to return.
function M.deploy(env, options, columns)
    local job_name, endpoint_name, schema_name = options.job_name, options.endpoint_name, options.schema_name
    local instance_type, count = options.instance_type, options.instance_count
    local connection_name, region = options.aws_credentials_connection_name, options.aws_region
    local function value(v)
        if v == nil then
            return env.null
        end
        return v
    end
    local script_schema = env.exa.meta.script_schema
    local job = metadata.read_job(env, script_schema, job_name)
    local udf_schema = catalog.resolve_schema(env, schema_name)
    local connection = catalog.resolve_connection(env, connection_name)
    prediction_udf_sql.check_columns(job)
    local deployed = udf.call_one(env, "SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF", M.DEPLOY_SQL, {
        s = script_schema, job_name = job_name, endpoint_name = endpoint_name, instance_type = value(instance_type),
        instance_count = value(count), connection = connection, region = region,
        candidate_name = value(options.candidate_name), memory_size = value(options.serverless_memory_size_in_mb),
        max_concurrency = value(options.serverless_max_concurrency),
    }, {"ENDPOINT_NAME", "ENDPOINT_STATUS", "PROBLEM_TYPE", "CANDIDATE_NAME"})
    local problem_type = deployed.PROBLEM_TYPE or job.problem_type
    if not validation.is_problem_type(problem_type) then
        errors.raise(codes.UDF_CALL_FAILED, "endpoint " .. endpoint_name .. " is running in AWS but its"
            .. " problem type " .. errors.show(problem_type) .. " is unknown",
            "Delete it with SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT and check the job in the AWS console.")
    end
    local prediction_udf = sql.quote_identifier(udf_schema) .. "." .. sql.quote_identifier(endpoint_name)
    local statement = prediction_udf_sql.build({
        schema = udf_schema, endpoint_name = endpoint_name, connection = connection, region = region,
        problem_type = problem_type, target = job.target, column_names = job.column_names,
        column_types = job.column_types,
        max_payload_bytes = options.serverless and rules.SERVERLESS_MAX_PAYLOAD_BYTES or rules.REALTIME_MAX_PAYLOAD_BYTES,
    })
    create_prediction_udf(env, statement, endpoint_name, prediction_udf)
    metadata.insert_endpoint(env, script_schema, {
        endpoint_name = endpoint_name, job_name = job_name, schema = udf_schema, problem_type = problem_type,
        instance_type = instance_type, instance_count = count, connection = connection, region = region,
        prediction_udf = prediction_udf, candidate_name = deployed.CANDIDATE_NAME or options.candidate_name,
        serverless_memory_size_in_mb = options.serverless_memory_size_in_mb,
        serverless_max_concurrency = options.serverless_max_concurrency,
    })
    resource_state.try_record(env, script_schema, {kind = resource_state.ENDPOINT, name = endpoint_name,
        region = region, status = deployed.ENDPOINT_STATUS, instance_type = instance_type, instance_count = count,
        action = metadata.DEPLOYED})
    local status = deployed.ENDPOINT_STATUS or env.null
    local row = {deployed.ENDPOINT_NAME or endpoint_name, status, prediction_udf}
    if columns == M.OPTIONS_COLUMNS then
        row[4] = value(deployed.CANDIDATE_NAME or options.candidate_name)
    end
    return {row}, columns
end

return M
end
package.preload["sme.error_codes"] = function(...)
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
end
package.preload["sme.errors"] = function(...)
-- sme.errors: every failure leaves the scripts as one string "E-SME-<n>: what happened. what to do."
-- Database errors of the UDFs are searched for the extension's own message, which is passed on
-- unchanged; anything else becomes E-SME-38 (or the caller's code) with the database's first lines.
local codes = require("sme.error_codes")

local M = {}

local SHOWN_VALUE_MAX = 80
local DATABASE_MESSAGE_MAX = 600
local ESCAPES = {["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t", ["\\"] = "\\\\", ["'"] = "\\'"}

-- Cut text to at most max bytes without splitting a UTF-8 character.
local function cut(text, max)
    if #text <= max then
        return text
    end
    local stop = max
    while stop > 0 do
        local byte = text:byte(stop + 1)
        if byte == nil or byte < 0x80 or byte >= 0xC0 then
            break
        end
        stop = stop - 1
    end
    return text:sub(1, stop)
end

--- A rejected value as it appears in a message: quoted, control characters escaped, at most 80 chars.
function M.show(value)
    if type(value) ~= "string" then
        return tostring(value)
    end
    local escaped = value:gsub("[\0-\31\127\\']", function(char)
        return ESCAPES[char] or string.format("\\x%02x", char:byte())
    end)
    local text = "'" .. escaped .. "'"
    if #text > SHOWN_VALUE_MAX then
        text = cut(text, SHOWN_VALUE_MAX - 4) .. "...'"
    end
    return text
end

--- Abort the script with "E-SME-<code>: <what>. <todo>".
function M.raise(code, what, todo)
    assert(math.type(code) == "integer", "sme.errors.raise needs a code from sme.error_codes")
    local text = tostring(what):gsub("%.+$", "")
    error(string.format("E-SME-%d: %s. %s", code, text, todo), 0)
end

--- The extension's own "E-SME-<n>: ..." text inside a database message, or nil.
-- Takes the first such text up to the end of its line, without Exasol's "(Session: ...)" suffix.
function M.extract(message)
    if type(message) ~= "string" then
        return nil
    end
    local start = message:find("E%-SME%-%d+:")
    if start == nil then
        return nil
    end
    local line = message:sub(start):match("^[^\r\n]*")
    line = line:gsub("%s*%(Session: %d+%)%s*$", "")
    return (line:gsub("%s+$", ""))
end

--- A database message made short enough to show: no Python traceback, one line, shortened.
function M.database_message(message)
    local text = tostring(message or "unknown error")
    local traceback = text:find("Traceback (most recent call last)", 1, true)
    if traceback ~= nil then
        text = text:sub(1, traceback - 1)
    end
    text = text:gsub("%(Session: %d+%)", ""):gsub("%s+", " "):gsub("^ ", ""):gsub(" $", "")
    if #text > DATABASE_MESSAGE_MAX then
        text = cut(text, DATABASE_MESSAGE_MAX - 3) .. "..."
    end
    if text == "" then
        text = "no message"
    end
    return text
end

--- Re-raise a failed statement: its own E-SME text unchanged if it has one, else
-- "E-SME-<fallback_code>: <context> failed: <database message>. <todo>".
function M.from_database(message, fallback_code, context, todo)
    local own = M.extract(message)
    if own ~= nil then
        error(own, 0)
    end
    M.raise(fallback_code or codes.UDF_CALL_FAILED,
        context .. " failed: " .. M.database_message(message),
        todo or ("Check that the extension was deployed completely into this schema with the same version,"
            .. " and that the script language PYTHON3_SME is activated for this session or system."))
end

return M
end
package.preload["sme.json_params"] = function(...)
-- sme.json_params: the JSON-object argument of a script (SME_..._WITH_OPTIONS, SME_CREATE_...), decoded
-- and read key by key with the codes of the training JSON: E-SME-1 not an object, E-SME-15 unknown key,
-- E-SME-2 missing, E-SME-3 wrong type. JSON null counts as absent.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")
local validation = require("sme.validation")

local M = {}

--- The decoded object; what: "the deployment options" (for messages), example: a JSON text.
function M.decode(env, json_str, what, example)
    if type(json_str) ~= "string" or not json_str:find("%S") then
        errors.raise(codes.INVALID_JSON, what .. " are missing",
            "Pass one JSON object as the only argument, for example " .. example .. ".")
    end
    local ok, decoded = pcall(env.cjson.decode, json_str)
    local is_object = ok and type(decoded) == "table" and (next(decoded) == nil or #decoded == 0)
    if is_object then
        for key in pairs(decoded) do
            if type(key) ~= "string" then
                is_object = false
            end
        end
    end
    if not is_object then
        errors.raise(codes.INVALID_JSON, what .. " are not a JSON object: " .. errors.show(json_str),
            "Pass one JSON object with double-quoted keys and values, for example " .. example .. ".")
    end
    return decoded
end

--- E-SME-15 for keys outside accepted (a list of names).
function M.check_keys(decoded, accepted, what)
    local known = {}
    for _, key in ipairs(accepted) do
        known[key] = true
    end
    local unknown = {}
    for key in pairs(decoded) do
        if not known[key] then
            unknown[#unknown + 1] = errors.show(key)
        end
    end
    if #unknown > 0 then
        table.sort(unknown)
        errors.raise(codes.UNKNOWN_PARAMETER, "unknown " .. what .. " " .. table.concat(unknown, ", "),
            "Use only these keys: " .. table.concat(accepted, ", ") .. ".")
    end
end

function M.is_absent(env, value)
    return sql.is_null(env, value) or value == ""
end

--- A string value: nil when absent and not required; E-SME-2 when required and absent.
function M.string(env, decoded, key, required)
    local value = decoded[key]
    if M.is_absent(env, value) then
        if required then
            validation.required_string(nil, key)
        end
        return nil
    end
    if type(value) ~= "string" then
        errors.raise(codes.WRONG_PARAMETER_TYPE, "parameter " .. key .. " must be a string, not " .. type(value),
            "Give " .. key .. " as a JSON string in double quotes.")
    end
    return value
end

--- A number or digit string as given (checked by the caller's rule), nil when absent.
function M.number(env, decoded, key)
    local value = decoded[key]
    if M.is_absent(env, value) then
        return nil
    end
    if type(value) ~= "number" and type(value) ~= "string" then
        errors.raise(codes.WRONG_PARAMETER_TYPE, "parameter " .. key .. " must be a number, not " .. type(value),
            "Give " .. key .. " as a whole number.")
    end
    return value
end

--- A JSON boolean, default when absent.
function M.boolean(env, decoded, key, default)
    local value = decoded[key]
    if sql.is_null(env, value) then
        return default
    end
    if type(value) ~= "boolean" then
        errors.raise(codes.WRONG_PARAMETER_TYPE, "parameter " .. key .. " must be true or false, not "
            .. errors.show(value), "Give " .. key .. " as the JSON value true or false (no quotes).")
    end
    return value
end

return M
end
package.preload["sme.metadata"] = function(...)
-- sme.metadata: rows of SME_METADATA_AUTOPILOT_JOBS and SME_METADATA_AUTOPILOT_ENDPOINTS in the
-- script's schema. Explicit column lists, every value a placeholder.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

M.DEPLOYED = "DEPLOYED"
M.DELETED = "DELETED"

local REDEPLOY_HINT = "Check that the extension was deployed into this schema with this version"
    .. " (sme-deploy creates the metadata tables) and that your user may read and write them."

local function run(env, statement, params, failure_code, context, todo)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, failure_code, context, todo)
    end
    return result
end

local function read(env, statement, params, what)
    return run(env, statement, params, codes.METADATA_READ_FAILED, "reading " .. what, REDEPLOY_HINT)
end

--- Column names or types as stored: a JSON array, or the existing extension's comma-separated text
-- (types split only at commas outside parentheses, so DECIMAL(18,0) stays whole).
function M.decode_list(env, text)
    if text == nil then
        return {}
    end
    if text:find("^%s*%[") then
        local ok, decoded = pcall(env.cjson.decode, text)
        if ok and type(decoded) == "table" then
            return decoded
        end
        errors.raise(codes.METADATA_READ_FAILED, "a column list in SME_METADATA_AUTOPILOT_JOBS is not"
            .. " valid JSON: " .. errors.show(text), "Train the job again under a new job name.")
    end
    local items, depth, current = {}, 0, {}
    for char in text:gmatch(".") do
        if char == "," and depth == 0 then
            items[#items + 1] = table.concat(current):match("^%s*(.-)%s*$")
            current = {}
        else
            depth = depth + (char == "(" and 1 or 0) - (char == ")" and 1 or 0)
            current[#current + 1] = char
        end
    end
    items[#items + 1] = table.concat(current):match("^%s*(.-)%s*$")
    return items
end

function M.job_exists(env, schema, job_name)
    local result = read(env, [[SELECT "JOB_NAME" FROM ::s."SME_METADATA_AUTOPILOT_JOBS" WHERE "JOB_NAME" = :j]],
        {s = schema, j = job_name}, "SME_METADATA_AUTOPILOT_JOBS")
    return #result > 0
end

--- Record a started job. job: job_name, connection, iam_role, s3_bucket_uri, s3_output_path, target,
-- problem_type, objective, the three limits, column_names, column_types, region, and the source:
-- input_schema and input_table, or input_query (nil -> NULL).
function M.insert_job(env, schema, job)
    local function value(v)
        if v == nil then
            return env.null
        end
        return v
    end
    run(env, [[INSERT INTO ::s."SME_METADATA_AUTOPILOT_JOBS" ("DATETIME", "JOB_NAME", ]]
        .. [["AWS_CREDENTIALS_CONNECTION_NAME", "IAM_SAGEMAKER_ROLE", "S3_BUCKET_URI", "S3_OUTPUT_PATH", ]]
        .. [["TARGET_ATTRIBUTE_NAME", "PROBLEM_TYPE", "OBJECTIVE", "MAX_RUNTIME_FOR_AUTOML_JOB_IN_SECONDS", ]]
        .. [["MAX_CANDIDATES", "MAX_RUNTIME_PER_TRAINING_JOB_IN_SECONDS", "SESSION_ID", "SCRIPT_USER", ]]
        .. [["COLUMN_NAMES", "COLUMN_TYPES", "AWS_REGION", "INPUT_SCHEMA_NAME", "INPUT_TABLE_OR_VIEW_NAME", ]]
        .. [["INPUT_QUERY") VALUES (CURRENT_TIMESTAMP, :job_name, :connection, :role, ]]
        .. [[:bucket_uri, :output_path, :target, :problem_type, :objective, :max_runtime, :max_candidates, ]]
        .. [[:max_runtime_per_job, CURRENT_SESSION, CURRENT_USER, :column_names, :column_types, :region, ]]
        .. [[:input_schema, :input_table, :input_query)]],
        {s = schema, job_name = job.job_name, connection = job.connection, role = job.iam_role,
         bucket_uri = job.s3_bucket_uri, output_path = job.s3_output_path, target = job.target,
         problem_type = value(job.problem_type), objective = value(job.objective),
         max_runtime = value(job.max_runtime), max_candidates = value(job.max_candidates),
         max_runtime_per_job = value(job.max_runtime_per_job),
         column_names = env.cjson.encode(job.column_names), column_types = env.cjson.encode(job.column_types),
         region = value(job.region), input_schema = value(job.input_schema), input_table = value(job.input_table),
         input_query = value(job.input_query)},
        codes.METADATA_WRITE_FAILED,
        "Autopilot job " .. job.job_name .. " was started in AWS but recording it in "
            .. "SME_METADATA_AUTOPILOT_JOBS",
        "It cannot be deployed from SQL without that row. Stop it with aws sagemaker stop-auto-ml-job"
            .. " --auto-ml-job-name " .. job.job_name .. ", fix the cause (" .. REDEPLOY_HINT:lower()
            .. ") and train again under a new job name.")
end

--- The recorded job with column_names and column_types as lists (E-SME-33 if there is none).
function M.read_job(env, schema, job_name)
    local columns = {"JOB_NAME", "AWS_CREDENTIALS_CONNECTION_NAME", "IAM_SAGEMAKER_ROLE", "S3_BUCKET_URI",
        "S3_OUTPUT_PATH", "TARGET_ATTRIBUTE_NAME", "PROBLEM_TYPE", "OBJECTIVE", "COLUMN_NAMES", "COLUMN_TYPES"}
    local quoted = {}
    for i, column in ipairs(columns) do
        quoted[i] = sql.quote_identifier(column)
    end
    local result = read(env, "SELECT " .. table.concat(quoted, ", ")
        .. [[ FROM ::s."SME_METADATA_AUTOPILOT_JOBS" WHERE "JOB_NAME" = :j]],
        {s = schema, j = job_name}, "SME_METADATA_AUTOPILOT_JOBS")
    if #result == 0 then
        errors.raise(codes.JOB_NOT_IN_METADATA, "there is no job " .. errors.show(job_name)
            .. " in SME_METADATA_AUTOPILOT_JOBS of schema " .. sql.quote_identifier(schema),
            "Give the name of a job started with SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT in this schema.")
    end
    local row = sql.rows(env, result, columns)[1]
    return {
        job_name = row.JOB_NAME,
        connection = row.AWS_CREDENTIALS_CONNECTION_NAME,
        target = row.TARGET_ATTRIBUTE_NAME,
        problem_type = row.PROBLEM_TYPE,
        objective = row.OBJECTIVE,
        s3_bucket_uri = row.S3_BUCKET_URI,
        s3_output_path = row.S3_OUTPUT_PATH,
        column_names = M.decode_list(env, row.COLUMN_NAMES),
        column_types = M.decode_list(env, row.COLUMN_TYPES),
    }
end

--- Record a deployed endpoint. endpoint: endpoint_name, job_name, schema, problem_type,
-- instance_type, instance_count, connection, region, prediction_udf (for the message), candidate_name,
-- serverless_memory_size_in_mb, serverless_max_concurrency (nil -> NULL; serverless: no instances).
function M.insert_endpoint(env, schema, endpoint)
    run(env, [[INSERT INTO ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" ("DATETIME", "ENDPOINT_NAME", "JOB_NAME", ]]
        .. [["UDF_SCHEMA_NAME", "PROBLEM_TYPE", "INSTANCE_TYPE", "INSTANCE_COUNT", ]]
        .. [["AWS_CREDENTIALS_CONNECTION_NAME", "AWS_REGION", "STATUS", "SESSION_ID", "SCRIPT_USER", ]]
        .. [["CANDIDATE_NAME", "SERVERLESS_MEMORY_SIZE_IN_MB", "SERVERLESS_MAX_CONCURRENCY") ]]
        .. [[VALUES (CURRENT_TIMESTAMP, :endpoint_name, :job_name, :udf_schema, :problem_type, ]]
        .. [[:instance_type, :instance_count, :connection, :region, :status, CURRENT_SESSION, CURRENT_USER, ]]
        .. [[:candidate_name, :memory_size, :max_concurrency)]],
        {s = schema, endpoint_name = endpoint.endpoint_name, job_name = endpoint.job_name,
         udf_schema = endpoint.schema, problem_type = endpoint.problem_type,
         instance_type = endpoint.instance_type or env.null, instance_count = endpoint.instance_count or env.null,
         connection = endpoint.connection, region = endpoint.region, status = M.DEPLOYED,
         candidate_name = endpoint.candidate_name or env.null,
         memory_size = endpoint.serverless_memory_size_in_mb or env.null,
         max_concurrency = endpoint.serverless_max_concurrency or env.null},
        codes.METADATA_WRITE_FAILED,
        "endpoint " .. endpoint.endpoint_name .. " is running in AWS and prediction UDF "
            .. endpoint.prediction_udf .. " was created, but recording them in SME_METADATA_AUTOPILOT_ENDPOINTS",
        "The endpoint costs money while it runs. Remove it with EXECUTE SCRIPT"
            .. " SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT('" .. endpoint.endpoint_name .. "', '"
            .. endpoint.connection:gsub("'", "''") .. "', '" .. endpoint.region .. "')"
            .. " and DROP SCRIPT " .. endpoint.prediction_udf .. ", fix the cause (" .. REDEPLOY_HINT:lower()
            .. ") and deploy again.")
end

--- The recorded, not yet deleted deployments of an endpoint: {udf_schema=, job_name=} rows.
function M.deployed_endpoints(env, schema, endpoint_name)
    local result = read(env, [[SELECT "UDF_SCHEMA_NAME", "JOB_NAME" FROM ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" ]]
        .. [[WHERE "ENDPOINT_NAME" = :e AND "STATUS" = :status]],
        {s = schema, e = endpoint_name, status = M.DEPLOYED}, "SME_METADATA_AUTOPILOT_ENDPOINTS")
    return sql.rows(env, result, {"UDF_SCHEMA_NAME", "JOB_NAME"})
end

function M.mark_endpoint_deleted(env, schema, endpoint_name)
    run(env, [[UPDATE ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" SET "STATUS" = :deleted ]]
        .. [[WHERE "ENDPOINT_NAME" = :e AND "STATUS" = :deployed]],
        {s = schema, e = endpoint_name, deleted = M.DELETED, deployed = M.DEPLOYED},
        codes.METADATA_WRITE_FAILED,
        "endpoint " .. endpoint_name .. " was deleted in AWS but marking it DELETED in"
            .. " SME_METADATA_AUTOPILOT_ENDPOINTS",
        "Fix the cause (" .. REDEPLOY_HINT:lower() .. ") and run SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT"
            .. " again; it reports resources that are already gone as NOT_FOUND.")
end

return M
end
package.preload["sme.prediction_udf_sql"] = function(...)
-- sme.prediction_udf_sql: the CREATE statement of the prediction UDF of one endpoint, as the
-- developer guide shows it. Inputs are the training columns without the target, in ordinal order;
-- it emits them, then PROBABILITY (classification only) and PREDICTIONS. With a package archive as
-- the Python runtime (sme.runtime.PYTHON_PATH), the UDF text starts with the line that imports from it.
-- build_for_endpoint writes the same kind of UDF for an endpoint the extension did not create
-- (EndpointPredictionUDF): inputs and output columns as the user names them.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local rules = require("sme.rules")
local runtime = require("sme.runtime")
local sql = require("sme.sql")
local validation = require("sme.validation")

local M = {}

local REGRESSION_PREDICTIONS_TYPE = "DOUBLE"
local PROBABILITY_TYPE = "DOUBLE"

--- Raise E-SME-39 if a feature column has the name of an output column the UDF adds.
function M.check_feature_names(feature_names)
    for _, name in ipairs(feature_names) do
        if name == rules.PROBABILITY_COLUMN or name == rules.PREDICTIONS_COLUMN then
            errors.raise(codes.RESERVED_OUTPUT_COLUMN, "the input column " .. sql.quote_identifier(name)
                .. " has the name of an output column of the prediction UDF",
                "Rename it, for example in a view over the table, and train with that view; "
                .. rules.PROBABILITY_COLUMN .. " and " .. rules.PREDICTIONS_COLUMN .. " are reserved.")
        end
    end
end

-- Letters, digits, spaces, commas and unnested parentheses: DECIMAL(18,0), VARCHAR(100) UTF8,
-- INTERVAL DAY(2) TO SECOND(3). Such a text can never close the UDF's column list early.
local function looks_like_type(column_type)
    if type(column_type) ~= "string" or not column_type:find("^[A-Za-z][A-Za-z0-9 (),]*$") then
        return false
    end
    local depth = 0
    for char in column_type:gmatch("[()]") do
        depth = depth + (char == "(" and 1 or -1)
        if depth < 0 or depth > 1 then
            return false
        end
    end
    return depth == 0
end

local function checked_type(column_name, column_type)
    if not looks_like_type(column_type) then
        errors.raise(codes.PREDICTION_UDF_CREATION_FAILED, "column " .. sql.quote_identifier(column_name)
            .. " has the type " .. errors.show(column_type) .. " which is not an Exasol data type",
            "Check COLUMN_TYPES of the job in SME_METADATA_AUTOPILOT_JOBS, or train the job again.")
    end
    return column_type
end

--- The checked input columns: {inputs = {'"name" TYPE', ...}, target_type = ...}. Raises E-SME-37
-- if the recorded columns cannot make a UDF, E-SME-39 if a feature has an output column's name.
-- spec: target, column_names, column_types (all training columns in ordinal order, target included).
function M.check_columns(spec)
    if #spec.column_names ~= #spec.column_types then
        errors.raise(codes.PREDICTION_UDF_CREATION_FAILED, "the job has " .. #spec.column_names
            .. " recorded column names but " .. #spec.column_types .. " column types",
            "Check COLUMN_NAMES and COLUMN_TYPES of the job in SME_METADATA_AUTOPILOT_JOBS, or train again.")
    end
    local inputs, features, target_type = {}, {}, nil
    for i, name in ipairs(spec.column_names) do
        local column_type = checked_type(name, spec.column_types[i])
        if name == spec.target then
            target_type = column_type
        else
            features[#features + 1] = name
            inputs[#inputs + 1] = sql.quote_identifier(name) .. " " .. column_type
        end
    end
    if target_type == nil or #inputs == 0 then
        errors.raise(codes.PREDICTION_UDF_CREATION_FAILED, "the recorded columns of the job do not hold"
            .. " its target " .. sql.quote_identifier(spec.target) .. " and at least one other column",
            "Check COLUMN_NAMES and COLUMN_TYPES of the job in SME_METADATA_AUTOPILOT_JOBS, or train again.")
    end
    M.check_feature_names(features)
    return {inputs = inputs, target_type = target_type}
end

--- The first lines of a generated UDF's Python text: put python_path on sys.path ("" for nil), the
-- same lines the deploy CLI writes into the fixed UDFs.
function M.prelude(python_path)
    if python_path == nil then
        return ""
    end
    local literal = sql.quote_python_string(python_path)
    return "import sys\nif " .. literal .. " not in sys.path: sys.path.insert(0, " .. literal .. ")\n"
end

-- The statement around the Python text: CREATE OR REPLACE ... SET SCRIPT "schema"."name"(inputs) EMITS (...).
local function create_statement(schema, name, inputs, outputs, python)
    return "CREATE OR REPLACE PYTHON3_SME SET SCRIPT " .. sql.quote_identifier(schema) .. "."
        .. sql.quote_identifier(name) .. "(" .. table.concat(inputs, ", ") .. ")\n"
        .. "EMITS (" .. table.concat(outputs, ", ") .. ") AS\n"
        .. M.prelude(runtime.PYTHON_PATH)
        .. python
        .. "def run(ctx):\n"
        .. "    return udf.run(ctx)\n"
end

-- ", max_payload_bytes=<n>" for a given limit, "" without one.
local function payload_argument(max_payload_bytes)
    if max_payload_bytes == nil then
        return ""
    end
    return ", max_payload_bytes=" .. string.format("%d", max_payload_bytes)
end

--- spec: schema, endpoint_name, connection, region, problem_type, target, column_names, column_types,
-- max_payload_bytes (the largest request body; nil: the UDF's default).
function M.build(spec)
    local checked = M.check_columns(spec)
    local inputs, outputs = checked.inputs, {}
    for i, input in ipairs(inputs) do
        outputs[i] = input
    end
    local predictions_type = REGRESSION_PREDICTIONS_TYPE
    if validation.is_classification(spec.problem_type) then
        outputs[#outputs + 1] = sql.quote_identifier(rules.PROBABILITY_COLUMN) .. " " .. PROBABILITY_TYPE
        predictions_type = checked.target_type
    end
    outputs[#outputs + 1] = sql.quote_identifier(rules.PREDICTIONS_COLUMN) .. " " .. predictions_type
    return create_statement(spec.schema, spec.endpoint_name, inputs, outputs,
        "from exasol_sagemaker_extension.udfs.prediction_udf import PredictionUDF\n"
        .. "udf = PredictionUDF(exa, endpoint_name=" .. sql.quote_python_string(spec.endpoint_name)
        .. ", connection_name=" .. sql.quote_python_string(spec.connection)
        .. ", aws_region=" .. sql.quote_python_string(spec.region)
        .. ", problem_type=" .. sql.quote_python_string(spec.problem_type)
        .. payload_argument(spec.max_payload_bytes) .. ")\n")
end

--- The UDF of an endpoint the extension did not create. spec: schema, udf_name, endpoint_name,
-- connection, region, inputs and outputs ({name=, type=} with checked types), max_payload_bytes.
function M.build_for_endpoint(spec)
    local inputs, outputs = {}, {}
    for i, column in ipairs(spec.inputs) do
        inputs[i] = sql.quote_identifier(column.name) .. " " .. checked_type(column.name, column.type)
        outputs[i] = inputs[i]
    end
    for _, column in ipairs(spec.outputs) do
        outputs[#outputs + 1] = sql.quote_identifier(column.name) .. " " .. checked_type(column.name, column.type)
    end
    return create_statement(spec.schema, spec.udf_name, inputs, outputs,
        "from exasol_sagemaker_extension.udfs.endpoint_prediction_udf import EndpointPredictionUDF\n"
        .. "udf = EndpointPredictionUDF(exa, endpoint_name=" .. sql.quote_python_string(spec.endpoint_name)
        .. ", connection_name=" .. sql.quote_python_string(spec.connection)
        .. ", aws_region=" .. sql.quote_python_string(spec.region)
        .. payload_argument(spec.max_payload_bytes) .. ")\n")
end

return M
end
package.preload["sme.resource_state"] = function(...)
-- sme.resource_state: SME_METADATA_AWS_RESOURCE_STATE, one row per job or endpoint of this schema with
-- its last known state in AWS and the last action taken on it, plus the metadata reads the lifecycle
-- scripts share. A state row is only written for a resource the metadata tables know.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

M.JOB = "JOB"
M.ENDPOINT = "ENDPOINT"
M.NOT_FOUND = "NOT_FOUND"
M.DEPLOYED = "DEPLOYED"
M.TABLE = "SME_METADATA_AWS_RESOURCE_STATE"

local REDEPLOY_HINT = "Check that the extension was deployed into this schema with this version"
    .. " (sme-deploy creates the metadata tables) and that your user may read and write them."

-- The metadata table (and its name column) that must know a resource before its state is recorded.
local OWNERS = {
    JOB = {"SME_METADATA_AUTOPILOT_JOBS", "JOB_NAME"},
    ENDPOINT = {"SME_METADATA_AUTOPILOT_ENDPOINTS", "ENDPOINT_NAME"},
}
-- Written with every status (nil -> NULL), and written only when given.
local STATUS_COLUMNS = {{"STATUS", "status"}, {"SECONDARY_STATUS", "secondary_status"},
                        {"FAILURE_REASON", "failure_reason"}}
local GIVEN_COLUMNS = {{"AWS_REGION", "region"}, {"INSTANCE_TYPE", "instance_type"},
                       {"INSTANCE_COUNT", "instance_count"}}
local ACTION_COLUMNS = {{"LAST_ACTION", "action"}, {"LAST_ACTION_DETAIL", "action_detail"}}

local function read(env, statement, params, what)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_READ_FAILED, "reading " .. what, REDEPLOY_HINT)
    end
    return result
end

-- The columns and values a state change writes: {column, SQL expression} pairs and the parameters.
local function assignments(env, state)
    local columns, params = {}, {}
    local function add(column, key, value)
        if value == nil then
            value = env.null
        end
        params[key] = value
        columns[#columns + 1] = {column, ":" .. key}
    end
    if state.status ~= nil then
        for _, column in ipairs(STATUS_COLUMNS) do
            add(column[1], column[2], state[column[2]])
        end
        columns[#columns + 1] = {"CHECKED_AT", "CURRENT_TIMESTAMP"}
        columns[#columns + 1] = {"CHECKED_BY", "CURRENT_USER"}
    end
    for _, column in ipairs(GIVEN_COLUMNS) do
        if state[column[2]] ~= nil then
            add(column[1], column[2], state[column[2]])
        end
    end
    if state.action ~= nil then
        for _, column in ipairs(ACTION_COLUMNS) do
            add(column[1], column[2], state[column[2]])
        end
        columns[#columns + 1] = {"LAST_ACTION_AT", "CURRENT_TIMESTAMP"}
    end
    return columns, params
end

local function write(env, schema, state)
    local owner = OWNERS[state.kind]
    local columns, params = assignments(env, state)
    params.s, params.kind, params.name = schema, state.kind, state.name
    params.owner, params.owner_column = owner[1], owner[2]
    local sets, names, values = {}, {}, {}
    for i, column in ipairs(columns) do
        sets[i] = sql.quote_identifier(column[1]) .. " = " .. column[2]
        names[i] = sql.quote_identifier(column[1])
        values[i] = column[2]
    end
    local ok, result = env.pquery([[UPDATE ::s."SME_METADATA_AWS_RESOURCE_STATE" SET ]] .. table.concat(sets, ", ")
        .. [[ WHERE "RESOURCE_KIND" = :kind AND "RESOURCE_NAME" = :name]], params)
    if ok and (result.rows_affected or 0) == 0 then
        ok, result = env.pquery([[INSERT INTO ::s."SME_METADATA_AWS_RESOURCE_STATE" ("RESOURCE_KIND", ]]
            .. [["RESOURCE_NAME", ]] .. table.concat(names, ", ") .. [[) SELECT DISTINCT :kind, :name, ]]
            .. table.concat(values, ", ") .. [[ FROM ::s.::owner WHERE ::owner_column = :name]], params)
    end
    return ok, result
end

--- Record a resource's state and/or the last action on it. state: kind (JOB|ENDPOINT), name, and any
-- of region, status, secondary_status, failure_reason, instance_type, instance_count, action,
-- action_detail. A failure is E-SME-36 with "<context> failed" as its text.
function M.record(env, schema, state, context)
    local ok, result = write(env, schema, state)
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_WRITE_FAILED,
            context .. " but recording it in " .. M.TABLE, "Fix the cause (" .. REDEPLOY_HINT:lower()
            .. ") and run SME_REFRESH_SAGEMAKER_STATE to record the current state.")
    end
end

--- Like record, for scripts whose own work is done: a failure becomes one output line, not an error.
function M.try_record(env, schema, state)
    local ok, result = write(env, schema, state)
    if not ok then
        env.output("Warning: the state of " .. state.kind:lower() .. " " .. state.name .. " was not recorded in "
            .. M.TABLE .. ": " .. errors.database_message(result.error_message)
            .. ". Run SME_REFRESH_SAGEMAKER_STATE later.")
    end
    return ok
end

--- The recorded job's location: job_name, region (nil for rows of older versions), connection,
-- s3_bucket_uri, s3_output_path. E-SME-33 if this schema did not train it.
function M.read_job(env, schema, job_name)
    local columns = {"JOB_NAME", "AWS_REGION", "AWS_CREDENTIALS_CONNECTION_NAME", "S3_BUCKET_URI", "S3_OUTPUT_PATH"}
    local quoted = {}
    for i, column in ipairs(columns) do
        quoted[i] = sql.quote_identifier(column)
    end
    local result = read(env, "SELECT " .. table.concat(quoted, ", ")
        .. [[ FROM ::s."SME_METADATA_AUTOPILOT_JOBS" WHERE "JOB_NAME" = :j]],
        {s = schema, j = job_name}, "SME_METADATA_AUTOPILOT_JOBS")
    if #result == 0 then
        errors.raise(codes.JOB_NOT_IN_METADATA, "there is no job " .. errors.show(job_name)
            .. " in SME_METADATA_AUTOPILOT_JOBS of schema " .. sql.quote_identifier(schema),
            "Give the name of a job started with SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT in this schema.")
    end
    local row = sql.rows(env, result, columns)[1]
    return {job_name = row.JOB_NAME, region = row.AWS_REGION, connection = row.AWS_CREDENTIALS_CONNECTION_NAME,
            s3_bucket_uri = row.S3_BUCKET_URI, s3_output_path = row.S3_OUTPUT_PATH}
end

--- E-SME-143 when the job was recorded with another region than the one given.
function M.check_region(job, region)
    if job.region ~= nil and job.region ~= region then
        errors.raise(codes.REGION_MISMATCH, "job " .. job.job_name .. " was trained in region " .. job.region
            .. ", not " .. errors.show(region), "Give aws_region '" .. job.region .. "'.")
    end
end

--- A TRUE/FALSE script argument; NULL means false. E-SME-3 for anything else.
function M.optional_boolean(env, value, name)
    if value == nil or value == env.null then
        return false
    end
    if type(value) ~= "boolean" then
        errors.raise(codes.WRONG_PARAMETER_TYPE, "parameter " .. name .. " must be TRUE or FALSE, not "
            .. errors.show(value), "Pass TRUE or FALSE without quotes.")
    end
    return value
end

--- Names of the endpoints recorded as DEPLOYED (of one job and/or one region when given), sorted.
function M.deployed_endpoint_names(env, schema, job_name, region)
    local statement = [[SELECT DISTINCT "ENDPOINT_NAME" FROM ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" ]]
        .. [[WHERE "STATUS" = :deployed]]
    local params = {s = schema, deployed = M.DEPLOYED}
    if job_name ~= nil then
        statement, params.j = statement .. [[ AND "JOB_NAME" = :j]], job_name
    end
    if region ~= nil then
        statement, params.r = statement .. [[ AND "AWS_REGION" = :r]], region
    end
    local rows = sql.rows(env, read(env, statement, params, "SME_METADATA_AUTOPILOT_ENDPOINTS"), {"ENDPOINT_NAME"})
    local names = {}
    for i, row in ipairs(rows) do
        names[i] = row.ENDPOINT_NAME
    end
    table.sort(names)
    return names
end

return M
end
package.preload["sme.rules"] = function(...)
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
end
package.preload["sme.runtime"] = function(...)
-- sme.runtime: where the deploy CLI put the Python runtime of the UDFs, rendered by
-- deployment/lua_bundler.py. PYTHON_PATH is the directory of the unpacked package archive, which every
-- generated UDF puts on sys.path; nil when the runtime is a script-language container (or not deployed).
local M = {}

M.PYTHON_PATH = nil

return M
end
package.preload["sme.sql"] = function(...)
-- sme.sql: quoting for the few texts that cannot go through :name / ::name placeholders
-- (column lists, the body of a generated Python UDF) and helpers to read query results.
local M = {}

local PYTHON_ESCAPES = {["\\"] = "\\\\", ["'"] = "\\'", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t"}

--- "name" with inner double quotes doubled: the identifier exactly as given, case kept.
function M.quote_identifier(name)
    return '"' .. (tostring(name):gsub('"', '""')) .. '"'
end

--- A single-quoted Python string literal: backslash, quote and every control character escaped.
function M.quote_python_string(text)
    local escaped = tostring(text):gsub("[\0-\31\127\\']", function(char)
        return PYTHON_ESCAPES[char] or string.format("\\x%02x", char:byte())
    end)
    return "'" .. escaped .. "'"
end

--- Whether a value from a script parameter, a result or cjson is SQL NULL / JSON null / nil.
function M.is_null(env, value)
    return value == nil or value == env.null or (env.cjson ~= nil and value == env.cjson.null)
end

--- A result value as Lua string, nil for NULL.
function M.text(env, value)
    if M.is_null(env, value) then
        return nil
    end
    return tostring(value)
end

--- A result value as Lua integer, nil for NULL or anything that is not a whole number.
-- Accepts Lua numbers and anything whose text is a whole number (Exasol's DECIMAL values).
function M.integer(env, value)
    if M.is_null(env, value) then
        return nil
    end
    if type(value) == "number" then
        return math.tointeger(value)
    end
    local text = tostring(value):match("^%s*(%d+)%.?0*%s*$")
    if text == nil then
        return nil
    end
    return math.tointeger(tonumber(text))
end

--- The rows of a SELECT result as plain Lua tables keyed by the given column names.
function M.rows(env, result, columns)
    local rows = {}
    for i = 1, #result do
        local row = {}
        for _, column in ipairs(columns) do
            local value = result[i][column]
            if M.is_null(env, value) then
                value = nil
            end
            row[column] = value
        end
        rows[i] = row
    end
    return rows
end

return M
end
package.preload["sme.udf"] = function(...)
-- sme.udf: runs the SELECT that calls one of the extension's Python UDFs. A failure passes the UDF's
-- own E-SME message on unchanged (never its traceback); anything else becomes E-SME-38.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

--- The UDF's rows as plain tables keyed by the given column names (NULL -> nil).
function M.call(env, udf_name, statement, params, columns)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.UDF_CALL_FAILED, "calling " .. udf_name)
    end
    return sql.rows(env, result, columns)
end

--- The UDF's only row; E-SME-38 if it returned none.
function M.call_one(env, udf_name, statement, params, columns)
    local rows = M.call(env, udf_name, statement, params, columns)
    if #rows == 0 then
        errors.raise(codes.UDF_CALL_FAILED, udf_name .. " returned no row",
            "Check that the extension was deployed completely into this schema with the same version.")
    end
    return rows[1]
end

return M
end
package.preload["sme.validation"] = function(...)
-- sme.validation: one check per kind of name or value, the same rules as
-- exasol_sagemaker_extension/names.py, with the limits of sme.rules. Each returns the (normalized)
-- value or raises the E-SME code of names.py.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local rules = require("sme.rules")

local M = {}

local show = errors.show
local ALNUM = "[A-Za-z0-9]"
-- Shapes fixed by AWS's own patterns (names.py keeps them inside its regular expressions).
local BUCKET_NAME_MIN_LENGTH, BUCKET_NAME_MAX_LENGTH = 3, 63
local ROLE_NAME_MAX_LENGTH, ROLE_PATH_MAX_LENGTH, ACCOUNT_ID_LENGTH = 64, 512, 12

local function contains(list, value)
    for _, item in ipairs(list) do
        if item == value then
            return true
        end
    end
    return false
end

-- AWS's name shape ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,n}$ plus its length limit: letters, digits and
-- hyphens, first and last a letter or digit, hyphens counted in the length.
local function is_aws_name(name, max_length)
    return type(name) == "string" and #name >= 1 and #name <= max_length
        and name:find("^[A-Za-z0-9%-]+$") ~= nil
        and name:find("^" .. ALNUM) ~= nil and name:find(ALNUM .. "$") ~= nil
end

function M.is_absent(value, null)
    return value == nil or value == "" or (null ~= nil and value == null)
end

--- A required text argument: E-SME-2 when missing or empty, E-SME-3 when not a string.
function M.required_string(value, name, null)
    if M.is_absent(value, null) then
        errors.raise(codes.MISSING_PARAMETER, "parameter " .. name .. " is missing",
            "Give " .. name .. " a value.")
    end
    if type(value) ~= "string" then
        errors.raise(codes.WRONG_PARAMETER_TYPE,
            "parameter " .. name .. " must be a string, not " .. type(value),
            "Give " .. name .. " as a text value in single quotes, for example '" .. name .. "'.")
    end
    return value
end

function M.job_name(name)
    if not is_aws_name(name, rules.JOB_NAME_MAX_LENGTH) then
        errors.raise(codes.INVALID_JOB_NAME, "invalid job name " .. show(name),
            "Use 1 to " .. rules.JOB_NAME_MAX_LENGTH .. " letters, digits and hyphens, starting and ending"
            .. " with a letter or digit.")
    end
    return name
end

function M.endpoint_name(name)
    if not is_aws_name(name, rules.ENDPOINT_NAME_MAX_LENGTH) then
        errors.raise(codes.INVALID_ENDPOINT_NAME, "invalid endpoint name " .. show(name),
            "Use 1 to " .. rules.ENDPOINT_NAME_MAX_LENGTH .. " letters, digits and hyphens, starting and"
            .. " ending with a letter or digit.")
    end
    return name
end

-- ^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$, for example eu-central-1.
local function is_region(region)
    if type(region) ~= "string" then
        return false
    end
    local middle = region:match("^[a-z][a-z](%-[a-z%-]*)%-[0-9][0-9]?$")
    return middle ~= nil and middle:gsub("%-[a-z]+", "") == ""
end

function M.region(region)
    if not is_region(region) then
        errors.raise(codes.INVALID_REGION, "invalid AWS region " .. show(region),
            "Give a region code such as eu-central-1 or us-east-1.")
    end
    return region
end

--- An Exasol identifier taken exactly as written: 1 to 128 characters, no control characters.
function M.identifier(name, kind)
    local length = type(name) == "string" and (utf8 and utf8.len(name) or #name) or nil
    if length == nil or length < 1 or length > rules.IDENTIFIER_MAX_LENGTH or name:find("[\0-\31]") then
        errors.raise(codes.INVALID_IDENTIFIER, "invalid " .. (kind or "identifier") .. " " .. show(name),
            "Give a name of 1 to " .. rules.IDENTIFIER_MAX_LENGTH .. " characters without control characters.")
    end
    return name
end

local function is_role_arn(role)
    local partition, account, path = role:match("^arn:aws([%-a-z]*):iam::([0-9]+):role/(.+)$")
    return partition ~= nil and partition:gsub("%-[a-z]+", "") == ""
        and #account == ACCOUNT_ID_LENGTH
        and #path <= ROLE_PATH_MAX_LENGTH and path:find("^[A-Za-z0-9_+=,.@/%-]+$") ~= nil
end

local function is_role_name(role)
    return #role <= ROLE_NAME_MAX_LENGTH and role:find("^[A-Za-z0-9_+=,.@%-]+$") ~= nil
end

--- An IAM role ARN (arn:aws:iam::<account>:role/<name>) or a role name.
function M.iam_role(role)
    if type(role) ~= "string" or #role > rules.IAM_ROLE_MAX_LENGTH
            or not (is_role_arn(role) or is_role_name(role)) then
        errors.raise(codes.INVALID_IAM_ROLE, "invalid IAM role " .. show(role),
            "Give the role's ARN (arn:aws:iam::<account>:role/<name>) or its name.")
    end
    return role
end

--- s3://bucket (one trailing slash allowed); returns "s3://bucket" and the bucket name.
function M.s3_bucket_uri(uri)
    local bucket = type(uri) == "string" and uri:match("^s3://([a-z0-9.%-]+)/?$") or nil
    if bucket == nil or #bucket < BUCKET_NAME_MIN_LENGTH or #bucket > BUCKET_NAME_MAX_LENGTH
            or not bucket:find("^[a-z0-9]") or not bucket:find("[a-z0-9]$") then
        errors.raise(codes.INVALID_S3_BUCKET_URI, "invalid S3 bucket URI " .. show(uri),
            "Give the bucket as s3://<bucket-name>, without a path.")
    end
    return "s3://" .. bucket, bucket
end

local function normalized_s3_path(path)
    if type(path) ~= "string" then
        return nil
    end
    local stripped = path:gsub("^/+", ""):gsub("/+$", "")
    if stripped == "" or #stripped > rules.S3_OUTPUT_PATH_MAX_LENGTH
            or not stripped:find("^[A-Za-z0-9!_.*'()/%-]+$") or stripped:find("//", 1, true) then
        return nil
    end
    for segment in stripped:gmatch("[^/]+") do
        if segment == "." or segment == ".." then
            return nil
        end
    end
    return stripped
end

--- The S3 key prefix without slashes at either end.
function M.s3_output_path(path)
    local normalized = normalized_s3_path(path)
    if normalized == nil then
        errors.raise(codes.INVALID_S3_OUTPUT_PATH, "invalid S3 output path " .. show(path),
            "Give a key prefix of up to " .. rules.S3_OUTPUT_PATH_MAX_LENGTH .. " characters made of"
            .. " letters, digits and !_.*'()/- such as ml/autopilot.")
    end
    return normalized
end

function M.instance_type(instance_type)
    if type(instance_type) ~= "string" or not instance_type:find("^ml%.[a-z0-9]+%.[a-z0-9]+$") then
        errors.raise(codes.INVALID_INSTANCE, "invalid instance type " .. show(instance_type),
            "Give a SageMaker instance type such as ml.m5.large.")
    end
    return instance_type
end

--- A whole number given as Lua number, digit string or Exasol DECIMAL; nil if it is none.
function M.to_integer(value)
    if type(value) == "number" then
        return math.tointeger(value)
    end
    if type(value) == "string" then
        local digits = value:match("^%s*(%d+)%s*$")
        return digits and math.tointeger(tonumber(digits)) or nil
    end
    if value ~= nil and type(value) ~= "boolean" and type(value) ~= "table" then
        local digits = tostring(value):match("^%s*(%d+)%.?0*%s*$")
        return digits and math.tointeger(tonumber(digits)) or nil
    end
    return nil
end

function M.instance_count(count)
    local number = M.to_integer(count)
    if number == nil or number < 1 or number > rules.INSTANCE_COUNT_MAX then
        errors.raise(codes.INVALID_INSTANCE, "invalid instance count " .. show(count),
            "Give a whole number from 1 to " .. rules.INSTANCE_COUNT_MAX .. ".")
    end
    return number
end

--- The problem type, or nil when it is left to Autopilot.
function M.problem_type(problem_type)
    if problem_type == nil or problem_type == "" then
        return nil
    end
    if not contains(rules.PROBLEM_TYPES, problem_type) then
        errors.raise(codes.INVALID_PROBLEM_TYPE, "invalid problem type " .. show(problem_type),
            "Use one of " .. table.concat(rules.PROBLEM_TYPES, ", ") .. ", or leave it out to let"
            .. " Autopilot decide.")
    end
    return problem_type
end

function M.is_problem_type(problem_type)
    return contains(rules.PROBLEM_TYPES, problem_type)
end

function M.is_classification(problem_type)
    return contains(rules.CLASSIFICATION_PROBLEM_TYPES, problem_type)
end

--- The objective metric name, checked against the problem type when one is given.
function M.objective(metric, problem_type)
    if metric == nil or metric == "" then
        return nil
    end
    local fitting = type(metric) == "string" and rules.OBJECTIVES[metric] or nil
    if fitting == nil then
        errors.raise(codes.INVALID_OBJECTIVE, "invalid objective " .. show(metric),
            "Use one of " .. table.concat(rules.OBJECTIVE_NAMES, ", ") .. ".")
    end
    if problem_type ~= nil and not contains(fitting, problem_type) then
        local usable = {}
        for _, name in ipairs(rules.OBJECTIVE_NAMES) do
            if contains(rules.OBJECTIVES[name], problem_type) then
                usable[#usable + 1] = name
            end
        end
        errors.raise(codes.INVALID_OBJECTIVE, "objective " .. metric .. " does not fit problem type "
            .. problem_type, "For " .. problem_type .. " use one of " .. table.concat(usable, ", ") .. ".")
    end
    return metric
end

--- The objective to send (names.resolve_objective): the given one, or the default of a given problem
-- type; AWS takes an objective only together with a problem type.
function M.resolve_objective(metric, problem_type)
    metric = M.objective(metric, problem_type)
    if metric ~= nil and problem_type == nil then
        errors.raise(codes.INVALID_OBJECTIVE, "objective " .. metric .. " is given without a problem_type",
            "AWS takes an objective only together with a problem type: add problem_type, or leave"
            .. " objective out to let Autopilot choose both.")
    end
    if problem_type ~= nil and metric == nil then
        return rules.DEFAULT_OBJECTIVES[problem_type]
    end
    return metric
end

--- A positive whole number (a JSON number with integer value or a digit string).
function M.positive_integer(value, name)
    local number = M.to_integer(value)
    if number == nil or number < 1 then
        errors.raise(codes.INVALID_LIMIT, "invalid " .. name .. " " .. show(value),
            "Give a positive whole number, or leave " .. name .. " out.")
    end
    return number
end

return M
end
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
package.preload["sme.catalog"] = function(...)
-- sme.catalog: finds schemas, tables, columns and connections the way SQL would: the name exactly
-- as written first, then, for a regular identifier, upper-cased (`my_table` finds MY_TABLE,
-- `MixedCase` finds "MixedCase").
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

local LISTED_COLUMNS_MAX = 10

function M.is_regular_identifier(name)
    return name:find("^[A-Za-z][A-Za-z0-9_]*$") ~= nil
end

--- The names to try for a user-given name, in order.
function M.candidates(name)
    local names = {name}
    if M.is_regular_identifier(name) and name:upper() ~= name then
        names[2] = name:upper()
    end
    return names
end

local function select_rows(env, statement, params, what)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_READ_FAILED, "reading " .. what,
            "Check that your user may read the system tables of schema SYS and try again.")
    end
    return result
end

--- The connection's name as stored (E-SME-50 if there is none of that name).
function M.resolve_connection(env, name)
    for _, candidate in ipairs(M.candidates(name)) do
        local result = select_rows(env,
            [[SELECT CONNECTION_NAME FROM SYS.EXA_ALL_CONNECTIONS WHERE CONNECTION_NAME = :c]],
            {c = candidate}, "the connections")
        if #result > 0 then
            return candidate
        end
    end
    errors.raise(codes.CONNECTION_NOT_USABLE, "there is no connection " .. errors.show(name),
        "Create it with CREATE CONNECTION <name> TO 'https://<bucket>.s3.<region>.amazonaws.com/'"
        .. " USER '<access key id>' IDENTIFIED BY '<secret access key>' and let the user run it with"
        .. " GRANT CONNECTION <name> TO <user>, or give the name of an existing connection.")
end

--- The schema's name as stored (E-SME-34 if there is none of that name).
function M.resolve_schema(env, name)
    for _, candidate in ipairs(M.candidates(name)) do
        local result = select_rows(env, [[SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = :s]],
            {s = candidate}, "the schemas")
        if #result > 0 then
            return candidate
        end
    end
    errors.raise(codes.SCHEMA_NOT_FOUND, "there is no schema " .. errors.show(name),
        "Create it with CREATE SCHEMA, or give the name of an existing schema.")
end

--- Whether a schema of exactly this name exists.
function M.schema_exists(env, name)
    local result = select_rows(env, [[SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = :s]],
        {s = name}, "the schemas")
    return #result > 0
end

--- The table or view with its columns {name=, type=} in ordinal order (E-SME-30 if not found).
function M.resolve_table(env, schema_name, table_name)
    for _, schema in ipairs(M.candidates(schema_name)) do
        for _, table_candidate in ipairs(M.candidates(table_name)) do
            local result = select_rows(env, [[SELECT COLUMN_NAME, COLUMN_TYPE FROM SYS.EXA_ALL_COLUMNS ]]
                .. [[WHERE COLUMN_SCHEMA = :s AND COLUMN_TABLE = :t ORDER BY COLUMN_ORDINAL_POSITION]],
                {s = schema, t = table_candidate}, "the columns of the input table")
            if #result > 0 then
                local columns = {}
                for i = 1, #result do
                    columns[i] = {name = result[i].COLUMN_NAME, type = sql.text(env, result[i].COLUMN_TYPE)}
                end
                return {schema = schema, table = table_candidate, columns = columns}
            end
        end
    end
    errors.raise(codes.TABLE_NOT_FOUND, "found no table or view " .. errors.show(table_name)
        .. " in schema " .. errors.show(schema_name) .. " that you may read",
        "Check input_schema_name and input_table_or_view_name (a regular name is also tried upper-case)"
        .. " and that you have the SELECT privilege on it.")
end

local function column_list(columns)
    local names = {}
    for i = 1, math.min(#columns, LISTED_COLUMNS_MAX) do
        names[i] = sql.quote_identifier(columns[i].name)
    end
    local text = table.concat(names, ", ")
    if #columns > LISTED_COLUMNS_MAX then
        text = text .. " and " .. (#columns - LISTED_COLUMNS_MAX) .. " more"
    end
    return text
end

--- The target column of a resolved table (E-SME-31 if it has none of that name).
function M.resolve_target(source, target_name)
    for _, candidate in ipairs(M.candidates(target_name)) do
        for _, column in ipairs(source.columns) do
            if column.name == candidate then
                return column
            end
        end
    end
    errors.raise(codes.TARGET_COLUMN_NOT_FOUND, "table " .. sql.quote_identifier(source.schema) .. "."
        .. sql.quote_identifier(source.table) .. " has no column " .. errors.show(target_name),
        "Give one of its columns as target_attribute_name: " .. column_list(source.columns) .. ".")
end

return M
end
package.preload["sme.endpoint_deletion"] = function(...)
-- sme.endpoint_deletion: SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT(endpoint_name,
-- aws_credentials_connection_name, aws_region). Deletes endpoint, endpoint config and model
-- (SME_AUTOPILOT_ENDPOINT_DELETION_UDF), then drops every recorded prediction UDF of the endpoint, so
-- none is left calling a dead endpoint, and marks the endpoint rows DELETED.
local catalog = require("sme.catalog")
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local metadata = require("sme.metadata")
local prediction_udf_creation = require("sme.prediction_udf_creation")
local resource_state = require("sme.resource_state")
local sql = require("sme.sql")
local udf = require("sme.udf")
local validation = require("sme.validation")

local M = {}

M.DELETE_SQL = [[SELECT ::s."SME_AUTOPILOT_ENDPOINT_DELETION_UDF"(:endpoint_name, :connection, :region)]]
M.COLUMNS = "RESOURCE_TYPE VARCHAR(32), RESOURCE_NAME VARCHAR(300), ACTION VARCHAR(32)"

-- DROPPED, or NOT_FOUND when the UDF's schema is gone; E-SME-37 on any other failure.
local function drop_prediction_udf(env, schema, endpoint_name, prediction_udf)
    local ok, result = env.pquery([[DROP SCRIPT IF EXISTS ::s.::e]], {s = schema, e = endpoint_name})
    if ok then
        return "DROPPED"
    end
    if not catalog.schema_exists(env, schema) then
        return "NOT_FOUND"
    end
    errors.raise(codes.PREDICTION_UDF_CREATION_FAILED, "endpoint " .. endpoint_name .. " was deleted in AWS"
        .. " but dropping its prediction UDF " .. prediction_udf .. " failed: "
        .. errors.database_message(result.error_message),
        "Drop it with DROP SCRIPT " .. prediction_udf .. " (you need the DROP privilege on it), then run"
        .. " SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT again to record the deletion.")
end

function M.run(env, endpoint_name, connection_name, region)
    validation.endpoint_name(validation.required_string(endpoint_name, "endpoint_name", env.null))
    validation.identifier(validation.required_string(connection_name, "aws_credentials_connection_name",
        env.null), "connection name")
    validation.region(validation.required_string(region, "aws_region", env.null))
    local script_schema = env.exa.meta.script_schema
    prediction_udf_creation.refuse_foreign_deletion(env, script_schema, endpoint_name)
    local connection = catalog.resolve_connection(env, connection_name)
    local deleted = udf.call(env, "SME_AUTOPILOT_ENDPOINT_DELETION_UDF", M.DELETE_SQL,
        {s = script_schema, endpoint_name = endpoint_name, connection = connection, region = region},
        {"RESOURCE_TYPE", "RESOURCE_NAME", "ACTION"})
    local rows = {}
    for i, row in ipairs(deleted) do
        rows[i] = {row.RESOURCE_TYPE or env.null, row.RESOURCE_NAME or env.null, row.ACTION or env.null}
    end
    local deployments = metadata.deployed_endpoints(env, script_schema, endpoint_name)
    local dropped = {}
    for _, deployment in ipairs(deployments) do
        local schema = deployment.UDF_SCHEMA_NAME
        if schema ~= nil and not dropped[schema] then
            dropped[schema] = true
            local prediction_udf = sql.quote_identifier(schema) .. "." .. sql.quote_identifier(endpoint_name)
            local action = drop_prediction_udf(env, schema, endpoint_name, prediction_udf)
            rows[#rows + 1] = {"PREDICTION_UDF", prediction_udf, action}
        end
    end
    if #deployments > 0 then
        metadata.mark_endpoint_deleted(env, script_schema, endpoint_name)
    end
    resource_state.try_record(env, script_schema, {kind = resource_state.ENDPOINT, name = endpoint_name,
        region = region, status = metadata.DELETED, action = metadata.DELETED})
    return rows, M.COLUMNS
end

return M
end
package.preload["sme.error_codes"] = function(...)
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
end
package.preload["sme.errors"] = function(...)
-- sme.errors: every failure leaves the scripts as one string "E-SME-<n>: what happened. what to do."
-- Database errors of the UDFs are searched for the extension's own message, which is passed on
-- unchanged; anything else becomes E-SME-38 (or the caller's code) with the database's first lines.
local codes = require("sme.error_codes")

local M = {}

local SHOWN_VALUE_MAX = 80
local DATABASE_MESSAGE_MAX = 600
local ESCAPES = {["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t", ["\\"] = "\\\\", ["'"] = "\\'"}

-- Cut text to at most max bytes without splitting a UTF-8 character.
local function cut(text, max)
    if #text <= max then
        return text
    end
    local stop = max
    while stop > 0 do
        local byte = text:byte(stop + 1)
        if byte == nil or byte < 0x80 or byte >= 0xC0 then
            break
        end
        stop = stop - 1
    end
    return text:sub(1, stop)
end

--- A rejected value as it appears in a message: quoted, control characters escaped, at most 80 chars.
function M.show(value)
    if type(value) ~= "string" then
        return tostring(value)
    end
    local escaped = value:gsub("[\0-\31\127\\']", function(char)
        return ESCAPES[char] or string.format("\\x%02x", char:byte())
    end)
    local text = "'" .. escaped .. "'"
    if #text > SHOWN_VALUE_MAX then
        text = cut(text, SHOWN_VALUE_MAX - 4) .. "...'"
    end
    return text
end

--- Abort the script with "E-SME-<code>: <what>. <todo>".
function M.raise(code, what, todo)
    assert(math.type(code) == "integer", "sme.errors.raise needs a code from sme.error_codes")
    local text = tostring(what):gsub("%.+$", "")
    error(string.format("E-SME-%d: %s. %s", code, text, todo), 0)
end

--- The extension's own "E-SME-<n>: ..." text inside a database message, or nil.
-- Takes the first such text up to the end of its line, without Exasol's "(Session: ...)" suffix.
function M.extract(message)
    if type(message) ~= "string" then
        return nil
    end
    local start = message:find("E%-SME%-%d+:")
    if start == nil then
        return nil
    end
    local line = message:sub(start):match("^[^\r\n]*")
    line = line:gsub("%s*%(Session: %d+%)%s*$", "")
    return (line:gsub("%s+$", ""))
end

--- A database message made short enough to show: no Python traceback, one line, shortened.
function M.database_message(message)
    local text = tostring(message or "unknown error")
    local traceback = text:find("Traceback (most recent call last)", 1, true)
    if traceback ~= nil then
        text = text:sub(1, traceback - 1)
    end
    text = text:gsub("%(Session: %d+%)", ""):gsub("%s+", " "):gsub("^ ", ""):gsub(" $", "")
    if #text > DATABASE_MESSAGE_MAX then
        text = cut(text, DATABASE_MESSAGE_MAX - 3) .. "..."
    end
    if text == "" then
        text = "no message"
    end
    return text
end

--- Re-raise a failed statement: its own E-SME text unchanged if it has one, else
-- "E-SME-<fallback_code>: <context> failed: <database message>. <todo>".
function M.from_database(message, fallback_code, context, todo)
    local own = M.extract(message)
    if own ~= nil then
        error(own, 0)
    end
    M.raise(fallback_code or codes.UDF_CALL_FAILED,
        context .. " failed: " .. M.database_message(message),
        todo or ("Check that the extension was deployed completely into this schema with the same version,"
            .. " and that the script language PYTHON3_SME is activated for this session or system."))
end

return M
end
package.preload["sme.json_params"] = function(...)
-- sme.json_params: the JSON-object argument of a script (SME_..._WITH_OPTIONS, SME_CREATE_...), decoded
-- and read key by key with the codes of the training JSON: E-SME-1 not an object, E-SME-15 unknown key,
-- E-SME-2 missing, E-SME-3 wrong type. JSON null counts as absent.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")
local validation = require("sme.validation")

local M = {}

--- The decoded object; what: "the deployment options" (for messages), example: a JSON text.
function M.decode(env, json_str, what, example)
    if type(json_str) ~= "string" or not json_str:find("%S") then
        errors.raise(codes.INVALID_JSON, what .. " are missing",
            "Pass one JSON object as the only argument, for example " .. example .. ".")
    end
    local ok, decoded = pcall(env.cjson.decode, json_str)
    local is_object = ok and type(decoded) == "table" and (next(decoded) == nil or #decoded == 0)
    if is_object then
        for key in pairs(decoded) do
            if type(key) ~= "string" then
                is_object = false
            end
        end
    end
    if not is_object then
        errors.raise(codes.INVALID_JSON, what .. " are not a JSON object: " .. errors.show(json_str),
            "Pass one JSON object with double-quoted keys and values, for example " .. example .. ".")
    end
    return decoded
end

--- E-SME-15 for keys outside accepted (a list of names).
function M.check_keys(decoded, accepted, what)
    local known = {}
    for _, key in ipairs(accepted) do
        known[key] = true
    end
    local unknown = {}
    for key in pairs(decoded) do
        if not known[key] then
            unknown[#unknown + 1] = errors.show(key)
        end
    end
    if #unknown > 0 then
        table.sort(unknown)
        errors.raise(codes.UNKNOWN_PARAMETER, "unknown " .. what .. " " .. table.concat(unknown, ", "),
            "Use only these keys: " .. table.concat(accepted, ", ") .. ".")
    end
end

function M.is_absent(env, value)
    return sql.is_null(env, value) or value == ""
end

--- A string value: nil when absent and not required; E-SME-2 when required and absent.
function M.string(env, decoded, key, required)
    local value = decoded[key]
    if M.is_absent(env, value) then
        if required then
            validation.required_string(nil, key)
        end
        return nil
    end
    if type(value) ~= "string" then
        errors.raise(codes.WRONG_PARAMETER_TYPE, "parameter " .. key .. " must be a string, not " .. type(value),
            "Give " .. key .. " as a JSON string in double quotes.")
    end
    return value
end

--- A number or digit string as given (checked by the caller's rule), nil when absent.
function M.number(env, decoded, key)
    local value = decoded[key]
    if M.is_absent(env, value) then
        return nil
    end
    if type(value) ~= "number" and type(value) ~= "string" then
        errors.raise(codes.WRONG_PARAMETER_TYPE, "parameter " .. key .. " must be a number, not " .. type(value),
            "Give " .. key .. " as a whole number.")
    end
    return value
end

--- A JSON boolean, default when absent.
function M.boolean(env, decoded, key, default)
    local value = decoded[key]
    if sql.is_null(env, value) then
        return default
    end
    if type(value) ~= "boolean" then
        errors.raise(codes.WRONG_PARAMETER_TYPE, "parameter " .. key .. " must be true or false, not "
            .. errors.show(value), "Give " .. key .. " as the JSON value true or false (no quotes).")
    end
    return value
end

return M
end
package.preload["sme.metadata"] = function(...)
-- sme.metadata: rows of SME_METADATA_AUTOPILOT_JOBS and SME_METADATA_AUTOPILOT_ENDPOINTS in the
-- script's schema. Explicit column lists, every value a placeholder.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

M.DEPLOYED = "DEPLOYED"
M.DELETED = "DELETED"

local REDEPLOY_HINT = "Check that the extension was deployed into this schema with this version"
    .. " (sme-deploy creates the metadata tables) and that your user may read and write them."

local function run(env, statement, params, failure_code, context, todo)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, failure_code, context, todo)
    end
    return result
end

local function read(env, statement, params, what)
    return run(env, statement, params, codes.METADATA_READ_FAILED, "reading " .. what, REDEPLOY_HINT)
end

--- Column names or types as stored: a JSON array, or the existing extension's comma-separated text
-- (types split only at commas outside parentheses, so DECIMAL(18,0) stays whole).
function M.decode_list(env, text)
    if text == nil then
        return {}
    end
    if text:find("^%s*%[") then
        local ok, decoded = pcall(env.cjson.decode, text)
        if ok and type(decoded) == "table" then
            return decoded
        end
        errors.raise(codes.METADATA_READ_FAILED, "a column list in SME_METADATA_AUTOPILOT_JOBS is not"
            .. " valid JSON: " .. errors.show(text), "Train the job again under a new job name.")
    end
    local items, depth, current = {}, 0, {}
    for char in text:gmatch(".") do
        if char == "," and depth == 0 then
            items[#items + 1] = table.concat(current):match("^%s*(.-)%s*$")
            current = {}
        else
            depth = depth + (char == "(" and 1 or 0) - (char == ")" and 1 or 0)
            current[#current + 1] = char
        end
    end
    items[#items + 1] = table.concat(current):match("^%s*(.-)%s*$")
    return items
end

function M.job_exists(env, schema, job_name)
    local result = read(env, [[SELECT "JOB_NAME" FROM ::s."SME_METADATA_AUTOPILOT_JOBS" WHERE "JOB_NAME" = :j]],
        {s = schema, j = job_name}, "SME_METADATA_AUTOPILOT_JOBS")
    return #result > 0
end

--- Record a started job. job: job_name, connection, iam_role, s3_bucket_uri, s3_output_path, target,
-- problem_type, objective, the three limits, column_names, column_types, region, and the source:
-- input_schema and input_table, or input_query (nil -> NULL).
function M.insert_job(env, schema, job)
    local function value(v)
        if v == nil then
            return env.null
        end
        return v
    end
    run(env, [[INSERT INTO ::s."SME_METADATA_AUTOPILOT_JOBS" ("DATETIME", "JOB_NAME", ]]
        .. [["AWS_CREDENTIALS_CONNECTION_NAME", "IAM_SAGEMAKER_ROLE", "S3_BUCKET_URI", "S3_OUTPUT_PATH", ]]
        .. [["TARGET_ATTRIBUTE_NAME", "PROBLEM_TYPE", "OBJECTIVE", "MAX_RUNTIME_FOR_AUTOML_JOB_IN_SECONDS", ]]
        .. [["MAX_CANDIDATES", "MAX_RUNTIME_PER_TRAINING_JOB_IN_SECONDS", "SESSION_ID", "SCRIPT_USER", ]]
        .. [["COLUMN_NAMES", "COLUMN_TYPES", "AWS_REGION", "INPUT_SCHEMA_NAME", "INPUT_TABLE_OR_VIEW_NAME", ]]
        .. [["INPUT_QUERY") VALUES (CURRENT_TIMESTAMP, :job_name, :connection, :role, ]]
        .. [[:bucket_uri, :output_path, :target, :problem_type, :objective, :max_runtime, :max_candidates, ]]
        .. [[:max_runtime_per_job, CURRENT_SESSION, CURRENT_USER, :column_names, :column_types, :region, ]]
        .. [[:input_schema, :input_table, :input_query)]],
        {s = schema, job_name = job.job_name, connection = job.connection, role = job.iam_role,
         bucket_uri = job.s3_bucket_uri, output_path = job.s3_output_path, target = job.target,
         problem_type = value(job.problem_type), objective = value(job.objective),
         max_runtime = value(job.max_runtime), max_candidates = value(job.max_candidates),
         max_runtime_per_job = value(job.max_runtime_per_job),
         column_names = env.cjson.encode(job.column_names), column_types = env.cjson.encode(job.column_types),
         region = value(job.region), input_schema = value(job.input_schema), input_table = value(job.input_table),
         input_query = value(job.input_query)},
        codes.METADATA_WRITE_FAILED,
        "Autopilot job " .. job.job_name .. " was started in AWS but recording it in "
            .. "SME_METADATA_AUTOPILOT_JOBS",
        "It cannot be deployed from SQL without that row. Stop it with aws sagemaker stop-auto-ml-job"
            .. " --auto-ml-job-name " .. job.job_name .. ", fix the cause (" .. REDEPLOY_HINT:lower()
            .. ") and train again under a new job name.")
end

--- The recorded job with column_names and column_types as lists (E-SME-33 if there is none).
function M.read_job(env, schema, job_name)
    local columns = {"JOB_NAME", "AWS_CREDENTIALS_CONNECTION_NAME", "IAM_SAGEMAKER_ROLE", "S3_BUCKET_URI",
        "S3_OUTPUT_PATH", "TARGET_ATTRIBUTE_NAME", "PROBLEM_TYPE", "OBJECTIVE", "COLUMN_NAMES", "COLUMN_TYPES"}
    local quoted = {}
    for i, column in ipairs(columns) do
        quoted[i] = sql.quote_identifier(column)
    end
    local result = read(env, "SELECT " .. table.concat(quoted, ", ")
        .. [[ FROM ::s."SME_METADATA_AUTOPILOT_JOBS" WHERE "JOB_NAME" = :j]],
        {s = schema, j = job_name}, "SME_METADATA_AUTOPILOT_JOBS")
    if #result == 0 then
        errors.raise(codes.JOB_NOT_IN_METADATA, "there is no job " .. errors.show(job_name)
            .. " in SME_METADATA_AUTOPILOT_JOBS of schema " .. sql.quote_identifier(schema),
            "Give the name of a job started with SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT in this schema.")
    end
    local row = sql.rows(env, result, columns)[1]
    return {
        job_name = row.JOB_NAME,
        connection = row.AWS_CREDENTIALS_CONNECTION_NAME,
        target = row.TARGET_ATTRIBUTE_NAME,
        problem_type = row.PROBLEM_TYPE,
        objective = row.OBJECTIVE,
        s3_bucket_uri = row.S3_BUCKET_URI,
        s3_output_path = row.S3_OUTPUT_PATH,
        column_names = M.decode_list(env, row.COLUMN_NAMES),
        column_types = M.decode_list(env, row.COLUMN_TYPES),
    }
end

--- Record a deployed endpoint. endpoint: endpoint_name, job_name, schema, problem_type,
-- instance_type, instance_count, connection, region, prediction_udf (for the message), candidate_name,
-- serverless_memory_size_in_mb, serverless_max_concurrency (nil -> NULL; serverless: no instances).
function M.insert_endpoint(env, schema, endpoint)
    run(env, [[INSERT INTO ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" ("DATETIME", "ENDPOINT_NAME", "JOB_NAME", ]]
        .. [["UDF_SCHEMA_NAME", "PROBLEM_TYPE", "INSTANCE_TYPE", "INSTANCE_COUNT", ]]
        .. [["AWS_CREDENTIALS_CONNECTION_NAME", "AWS_REGION", "STATUS", "SESSION_ID", "SCRIPT_USER", ]]
        .. [["CANDIDATE_NAME", "SERVERLESS_MEMORY_SIZE_IN_MB", "SERVERLESS_MAX_CONCURRENCY") ]]
        .. [[VALUES (CURRENT_TIMESTAMP, :endpoint_name, :job_name, :udf_schema, :problem_type, ]]
        .. [[:instance_type, :instance_count, :connection, :region, :status, CURRENT_SESSION, CURRENT_USER, ]]
        .. [[:candidate_name, :memory_size, :max_concurrency)]],
        {s = schema, endpoint_name = endpoint.endpoint_name, job_name = endpoint.job_name,
         udf_schema = endpoint.schema, problem_type = endpoint.problem_type,
         instance_type = endpoint.instance_type or env.null, instance_count = endpoint.instance_count or env.null,
         connection = endpoint.connection, region = endpoint.region, status = M.DEPLOYED,
         candidate_name = endpoint.candidate_name or env.null,
         memory_size = endpoint.serverless_memory_size_in_mb or env.null,
         max_concurrency = endpoint.serverless_max_concurrency or env.null},
        codes.METADATA_WRITE_FAILED,
        "endpoint " .. endpoint.endpoint_name .. " is running in AWS and prediction UDF "
            .. endpoint.prediction_udf .. " was created, but recording them in SME_METADATA_AUTOPILOT_ENDPOINTS",
        "The endpoint costs money while it runs. Remove it with EXECUTE SCRIPT"
            .. " SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT('" .. endpoint.endpoint_name .. "', '"
            .. endpoint.connection:gsub("'", "''") .. "', '" .. endpoint.region .. "')"
            .. " and DROP SCRIPT " .. endpoint.prediction_udf .. ", fix the cause (" .. REDEPLOY_HINT:lower()
            .. ") and deploy again.")
end

--- The recorded, not yet deleted deployments of an endpoint: {udf_schema=, job_name=} rows.
function M.deployed_endpoints(env, schema, endpoint_name)
    local result = read(env, [[SELECT "UDF_SCHEMA_NAME", "JOB_NAME" FROM ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" ]]
        .. [[WHERE "ENDPOINT_NAME" = :e AND "STATUS" = :status]],
        {s = schema, e = endpoint_name, status = M.DEPLOYED}, "SME_METADATA_AUTOPILOT_ENDPOINTS")
    return sql.rows(env, result, {"UDF_SCHEMA_NAME", "JOB_NAME"})
end

function M.mark_endpoint_deleted(env, schema, endpoint_name)
    run(env, [[UPDATE ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" SET "STATUS" = :deleted ]]
        .. [[WHERE "ENDPOINT_NAME" = :e AND "STATUS" = :deployed]],
        {s = schema, e = endpoint_name, deleted = M.DELETED, deployed = M.DEPLOYED},
        codes.METADATA_WRITE_FAILED,
        "endpoint " .. endpoint_name .. " was deleted in AWS but marking it DELETED in"
            .. " SME_METADATA_AUTOPILOT_ENDPOINTS",
        "Fix the cause (" .. REDEPLOY_HINT:lower() .. ") and run SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT"
            .. " again; it reports resources that are already gone as NOT_FOUND.")
end

return M
end
package.preload["sme.prediction_udf_creation"] = function(...)
-- sme.prediction_udf_creation: SME_CREATE_SAGEMAKER_PREDICTION_UDF(json_str). Generates a prediction UDF
-- for a SageMaker endpoint the extension did not create (any endpoint that takes CSV rows and answers one
-- CSV record per row), with the inputs and output columns the user names, after checking with
-- SME_ENDPOINT_DESCRIPTION_UDF that the endpoint exists (and whether it is serverless), and records it in
-- SME_METADATA_PREDICTION_UDFS. Such endpoints are never deleted by SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT
-- (refuse_foreign_deletion).
local catalog = require("sme.catalog")
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local json_params = require("sme.json_params")
local prediction_udf_sql = require("sme.prediction_udf_sql")
local rules = require("sme.rules")
local sql = require("sme.sql")
local udf = require("sme.udf")
local validation = require("sme.validation")

local M = {}

M.REQUIRED_KEYS = {"endpoint_name", "schema_name", "input_columns", "output_columns",
                   "aws_credentials_connection_name", "aws_region"}
M.OPTIONAL_KEYS = {"udf_name", "serverless"}
M.COLUMNS = "PREDICTION_UDF VARCHAR(300), ENDPOINT_NAME VARCHAR(" .. rules.ENDPOINT_NAME_MAX_LENGTH .. "),"
    .. " ENDPOINT_STATUS VARCHAR(64), MAX_PAYLOAD_BYTES DECIMAL(9,0)"
M.DESCRIBE_SQL = [[SELECT ::s."SME_ENDPOINT_DESCRIPTION_UDF"(:endpoint_name, :connection, :region)]]
M.SERVERLESS = "SERVERLESS"
local EXAMPLE = [[{"endpoint_name": "my-ep", "schema_name": "ML", "input_columns": [{"name": "AGE", ]]
    .. [["type": "DECIMAL(3,0)"}], "output_columns": [{"name": "SCORE", "type": "DOUBLE"}], ]]
    .. [["aws_credentials_connection_name": "AWS_CONN", "aws_region": "eu-central-1"}]]
local PLAIN_TYPES = {
    ["DOUBLE"] = true, ["DOUBLE PRECISION"] = true, ["FLOAT"] = true, ["REAL"] = true, ["BOOLEAN"] = true,
    ["BOOL"] = true, ["DATE"] = true, ["TIMESTAMP"] = true, ["DECIMAL"] = true, ["INTEGER"] = true,
    ["INT"] = true, ["BIGINT"] = true, ["SMALLINT"] = true, ["TINYINT"] = true,
}
local TYPE_HINT = "Use an Exasol type: DECIMAL(p,s), INTEGER, BIGINT, DOUBLE, BOOLEAN, VARCHAR(n) [UTF8|ASCII],"
    .. " CHAR(n) [UTF8|ASCII], DATE or TIMESTAMP."

local function accepted_keys()
    local keys = {}
    for _, list in ipairs({M.REQUIRED_KEYS, M.OPTIONAL_KEYS}) do
        for _, key in ipairs(list) do
            keys[#keys + 1] = key
        end
    end
    return keys
end

local function in_range(text, low, high)
    local number = math.tointeger(tonumber(text))
    return number ~= nil and number >= low and number <= high
end

local function sized_type(text, name, max)
    local size, rest = text:match("^" .. name .. " ?%( ?(%d+) ?%) ?(.*)$")
    if size ~= nil and in_range(size, 1, max) and (rest == "" or rest == "UTF8" or rest == "ASCII") then
        return name .. "(" .. size .. ")" .. (rest ~= "" and " " .. rest or "")
    end
    return nil
end

local function decimal_type(text)
    local precision, scale = text:match("^DECIMAL ?%( ?(%d+) ?, ?(%d+) ?%)$")
    if precision == nil then
        precision, scale = text:match("^DECIMAL ?%( ?(%d+) ?%)$"), "0"
    end
    if precision ~= nil and in_range(precision, 1, rules.DECIMAL_MAX_PRECISION)
            and in_range(scale, 0, math.tointeger(tonumber(precision))) then
        return "DECIMAL(" .. precision .. "," .. scale .. ")"
    end
    return nil
end

--- The SQL type as it is written into the UDF (upper case, single spaces), or E-SME-126.
function M.sql_type(column_name, column_type)
    local text = type(column_type) == "string" and column_type:upper():gsub("%s+", " "):match("^ ?(.-) ?$") or nil
    local checked = nil
    if text ~= nil then
        checked = (PLAIN_TYPES[text] and text) or decimal_type(text) or sized_type(text, "VARCHAR", rules.VARCHAR_MAX_LENGTH)
            or sized_type(text, "CHAR", rules.CHAR_MAX_LENGTH)
    end
    if checked == nil then
        errors.raise(codes.INVALID_SQL_TYPE, "column " .. errors.show(column_name) .. " has the type "
            .. errors.show(column_type) .. ", which the prediction UDF cannot take", TYPE_HINT)
    end
    return checked
end

local function column_list(env, decoded, key)
    local list = decoded[key]
    local hint = "Give " .. key .. " as a non-empty JSON list of objects such as {\"name\": \"AGE\", \"type\":"
        .. " \"DECIMAL(3,0)\"}."
    if type(list) ~= "table" or #list == 0 or next(list, #list) ~= nil then
        errors.raise(codes.INVALID_COLUMN_SPEC, "parameter " .. key .. " is not a non-empty list of columns", hint)
    end
    local columns = {}
    for i, item in ipairs(list) do
        local keys = 0
        for _ in pairs(type(item) == "table" and item or {}) do
            keys = keys + 1
        end
        if type(item) ~= "table" or type(item.name) ~= "string" or type(item.type) ~= "string" or keys ~= 2 then
            errors.raise(codes.INVALID_COLUMN_SPEC, "item " .. i .. " of " .. key .. " is not an object with"
                .. " exactly the string keys name and type", hint)
        end
        columns[i] = {name = validation.identifier(item.name, "column name"), type = M.sql_type(item.name, item.type)}
    end
    return columns
end

local function check_distinct(inputs, outputs)
    local seen = {}
    for _, list in ipairs({inputs, outputs}) do
        for _, column in ipairs(list) do
            if seen[column.name] then
                errors.raise(codes.INVALID_COLUMN_SPEC, "the column name " .. sql.quote_identifier(column.name)
                    .. " appears twice among input_columns and output_columns",
                    "Give every input and output column its own name; the UDF emits its inputs, then the outputs.")
            end
            seen[column.name] = true
        end
    end
end

--- The checked parameters (keys as the JSON's; udf_name defaults to endpoint_name, serverless to nil:
-- found out from the endpoint).
function M.parse(env, json_str)
    local decoded = json_params.decode(env, json_str, "the prediction UDF parameters", EXAMPLE)
    json_params.check_keys(decoded, accepted_keys(), "prediction UDF parameter")
    local params = {}
    for _, key in ipairs({"endpoint_name", "schema_name", "aws_credentials_connection_name", "aws_region"}) do
        params[key] = json_params.string(env, decoded, key, true)
    end
    validation.endpoint_name(params.endpoint_name)
    validation.identifier(params.schema_name, "schema name")
    params.udf_name = validation.identifier(json_params.string(env, decoded, "udf_name") or params.endpoint_name,
        "UDF name")
    params.inputs = column_list(env, decoded, "input_columns")
    params.outputs = column_list(env, decoded, "output_columns")
    check_distinct(params.inputs, params.outputs)
    params.serverless = json_params.boolean(env, decoded, "serverless", nil)
    validation.identifier(params.aws_credentials_connection_name, "connection name")
    validation.region(params.aws_region)
    return params
end

-- [{"name": ..., "type": ...}, ...] with the keys always in this order.
local function encode_columns(env, columns)
    local items = {}
    for i, column in ipairs(columns) do
        items[i] = '{"name":' .. env.cjson.encode(column.name) .. ',"type":' .. env.cjson.encode(column.type) .. "}"
    end
    return "[" .. table.concat(items, ",") .. "]"
end

local function record(env, script_schema, params, schema, connection, max_payload_bytes, prediction_udf)
    local ok, result = env.pquery([[INSERT INTO ::s."SME_METADATA_PREDICTION_UDFS" ("DATETIME", "UDF_SCHEMA_NAME", ]]
        .. [["UDF_NAME", "ENDPOINT_NAME", "AWS_CREDENTIALS_CONNECTION_NAME", "AWS_REGION", "SERVERLESS", ]]
        .. [["MAX_PAYLOAD_BYTES", "INPUT_COLUMNS", "OUTPUT_COLUMNS", "SESSION_ID", "SCRIPT_USER") ]]
        .. [[VALUES (CURRENT_TIMESTAMP, :udf_schema, :udf_name, :endpoint_name, :connection, :region, :serverless, ]]
        .. [[:max_payload_bytes, :inputs, :outputs, CURRENT_SESSION, CURRENT_USER)]],
        {s = script_schema, udf_schema = schema, udf_name = params.udf_name, endpoint_name = params.endpoint_name,
         connection = connection, region = params.aws_region, serverless = params.serverless,
         max_payload_bytes = max_payload_bytes, inputs = encode_columns(env, params.inputs),
         outputs = encode_columns(env, params.outputs)})
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_WRITE_FAILED, "prediction UDF " .. prediction_udf
            .. " was created, but recording it in SME_METADATA_PREDICTION_UDFS",
            "The UDF works; to have it recorded, check that the extension was deployed into this schema with"
            .. " this version and that your user may write its metadata tables, then run the script again.")
    end
end

function M.run(env, json_str)
    local params = M.parse(env, json_str)
    local script_schema = env.exa.meta.script_schema
    local schema = catalog.resolve_schema(env, params.schema_name)
    local connection = catalog.resolve_connection(env, params.aws_credentials_connection_name)
    local described = udf.call_one(env, "SME_ENDPOINT_DESCRIPTION_UDF", M.DESCRIBE_SQL,
        {s = script_schema, endpoint_name = params.endpoint_name, connection = connection, region = params.aws_region},
        {"ENDPOINT_NAME", "ENDPOINT_STATUS", "ENDPOINT_KIND"})
    if params.serverless == nil then
        params.serverless = described.ENDPOINT_KIND == M.SERVERLESS
    end
    local max_payload_bytes = params.serverless and rules.SERVERLESS_MAX_PAYLOAD_BYTES
        or rules.REALTIME_MAX_PAYLOAD_BYTES
    local prediction_udf = sql.quote_identifier(schema) .. "." .. sql.quote_identifier(params.udf_name)
    local statement = prediction_udf_sql.build_for_endpoint({
        schema = schema, udf_name = params.udf_name, endpoint_name = params.endpoint_name,
        connection = connection, region = params.aws_region, inputs = params.inputs, outputs = params.outputs,
        max_payload_bytes = max_payload_bytes,
    })
    local ok, result = env.pquery(statement)
    if not ok then
        errors.raise(codes.PREDICTION_UDF_CREATION_FAILED, "creating the prediction UDF " .. prediction_udf
            .. " failed: " .. errors.database_message(result.error_message),
            "Check that you may CREATE SCRIPT in that schema and that the script language PYTHON3_SME is activated.")
    end
    record(env, script_schema, params, schema, connection, max_payload_bytes, prediction_udf)
    return {{prediction_udf, params.endpoint_name, described.ENDPOINT_STATUS or env.null, max_payload_bytes}},
        M.COLUMNS
end

--- E-SME-127 when endpoint_name has a prediction UDF generated by SME_CREATE_SAGEMAKER_PREDICTION_UDF and
-- the extension never deployed an endpoint of that name in this schema: it belongs to someone else.
function M.refuse_foreign_deletion(env, script_schema, endpoint_name)
    local function rows(statement, what)
        local ok, result = env.pquery(statement, {s = script_schema, e = endpoint_name})
        if not ok then
            errors.from_database(result.error_message, codes.METADATA_READ_FAILED, "reading " .. what,
                "Check that the extension was deployed into this schema with this version.")
        end
        return result
    end
    local generated = rows([[SELECT "UDF_SCHEMA_NAME", "UDF_NAME" FROM ::s."SME_METADATA_PREDICTION_UDFS" ]]
        .. [[WHERE "ENDPOINT_NAME" = :e]], "SME_METADATA_PREDICTION_UDFS")
    if #generated == 0 then
        return
    end
    local deployed = rows([[SELECT "ENDPOINT_NAME" FROM ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" ]]
        .. [[WHERE "ENDPOINT_NAME" = :e]], "SME_METADATA_AUTOPILOT_ENDPOINTS")
    if #deployed > 0 then
        return
    end
    local udfs = {}
    for i, row in ipairs(sql.rows(env, generated, {"UDF_SCHEMA_NAME", "UDF_NAME"})) do
        udfs[i] = sql.quote_identifier(row.UDF_SCHEMA_NAME or "?") .. "." .. sql.quote_identifier(row.UDF_NAME or "?")
    end
    errors.raise(codes.FOREIGN_ENDPOINT_NOT_DELETED, "endpoint " .. endpoint_name .. " was not created by the"
        .. " extension (prediction UDF " .. table.concat(udfs, ", ") .. " was generated for it with"
        .. " SME_CREATE_SAGEMAKER_PREDICTION_UDF), so SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT leaves it alone",
        "Delete the endpoint where it was created; drop the UDF with DROP SCRIPT if you no longer need it.")
end

return M
end
package.preload["sme.prediction_udf_sql"] = function(...)
-- sme.prediction_udf_sql: the CREATE statement of the prediction UDF of one endpoint, as the
-- developer guide shows it. Inputs are the training columns without the target, in ordinal order;
-- it emits them, then PROBABILITY (classification only) and PREDICTIONS. With a package archive as
-- the Python runtime (sme.runtime.PYTHON_PATH), the UDF text starts with the line that imports from it.
-- build_for_endpoint writes the same kind of UDF for an endpoint the extension did not create
-- (EndpointPredictionUDF): inputs and output columns as the user names them.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local rules = require("sme.rules")
local runtime = require("sme.runtime")
local sql = require("sme.sql")
local validation = require("sme.validation")

local M = {}

local REGRESSION_PREDICTIONS_TYPE = "DOUBLE"
local PROBABILITY_TYPE = "DOUBLE"

--- Raise E-SME-39 if a feature column has the name of an output column the UDF adds.
function M.check_feature_names(feature_names)
    for _, name in ipairs(feature_names) do
        if name == rules.PROBABILITY_COLUMN or name == rules.PREDICTIONS_COLUMN then
            errors.raise(codes.RESERVED_OUTPUT_COLUMN, "the input column " .. sql.quote_identifier(name)
                .. " has the name of an output column of the prediction UDF",
                "Rename it, for example in a view over the table, and train with that view; "
                .. rules.PROBABILITY_COLUMN .. " and " .. rules.PREDICTIONS_COLUMN .. " are reserved.")
        end
    end
end

-- Letters, digits, spaces, commas and unnested parentheses: DECIMAL(18,0), VARCHAR(100) UTF8,
-- INTERVAL DAY(2) TO SECOND(3). Such a text can never close the UDF's column list early.
local function looks_like_type(column_type)
    if type(column_type) ~= "string" or not column_type:find("^[A-Za-z][A-Za-z0-9 (),]*$") then
        return false
    end
    local depth = 0
    for char in column_type:gmatch("[()]") do
        depth = depth + (char == "(" and 1 or -1)
        if depth < 0 or depth > 1 then
            return false
        end
    end
    return depth == 0
end

local function checked_type(column_name, column_type)
    if not looks_like_type(column_type) then
        errors.raise(codes.PREDICTION_UDF_CREATION_FAILED, "column " .. sql.quote_identifier(column_name)
            .. " has the type " .. errors.show(column_type) .. " which is not an Exasol data type",
            "Check COLUMN_TYPES of the job in SME_METADATA_AUTOPILOT_JOBS, or train the job again.")
    end
    return column_type
end

--- The checked input columns: {inputs = {'"name" TYPE', ...}, target_type = ...}. Raises E-SME-37
-- if the recorded columns cannot make a UDF, E-SME-39 if a feature has an output column's name.
-- spec: target, column_names, column_types (all training columns in ordinal order, target included).
function M.check_columns(spec)
    if #spec.column_names ~= #spec.column_types then
        errors.raise(codes.PREDICTION_UDF_CREATION_FAILED, "the job has " .. #spec.column_names
            .. " recorded column names but " .. #spec.column_types .. " column types",
            "Check COLUMN_NAMES and COLUMN_TYPES of the job in SME_METADATA_AUTOPILOT_JOBS, or train again.")
    end
    local inputs, features, target_type = {}, {}, nil
    for i, name in ipairs(spec.column_names) do
        local column_type = checked_type(name, spec.column_types[i])
        if name == spec.target then
            target_type = column_type
        else
            features[#features + 1] = name
            inputs[#inputs + 1] = sql.quote_identifier(name) .. " " .. column_type
        end
    end
    if target_type == nil or #inputs == 0 then
        errors.raise(codes.PREDICTION_UDF_CREATION_FAILED, "the recorded columns of the job do not hold"
            .. " its target " .. sql.quote_identifier(spec.target) .. " and at least one other column",
            "Check COLUMN_NAMES and COLUMN_TYPES of the job in SME_METADATA_AUTOPILOT_JOBS, or train again.")
    end
    M.check_feature_names(features)
    return {inputs = inputs, target_type = target_type}
end

--- The first lines of a generated UDF's Python text: put python_path on sys.path ("" for nil), the
-- same lines the deploy CLI writes into the fixed UDFs.
function M.prelude(python_path)
    if python_path == nil then
        return ""
    end
    local literal = sql.quote_python_string(python_path)
    return "import sys\nif " .. literal .. " not in sys.path: sys.path.insert(0, " .. literal .. ")\n"
end

-- The statement around the Python text: CREATE OR REPLACE ... SET SCRIPT "schema"."name"(inputs) EMITS (...).
local function create_statement(schema, name, inputs, outputs, python)
    return "CREATE OR REPLACE PYTHON3_SME SET SCRIPT " .. sql.quote_identifier(schema) .. "."
        .. sql.quote_identifier(name) .. "(" .. table.concat(inputs, ", ") .. ")\n"
        .. "EMITS (" .. table.concat(outputs, ", ") .. ") AS\n"
        .. M.prelude(runtime.PYTHON_PATH)
        .. python
        .. "def run(ctx):\n"
        .. "    return udf.run(ctx)\n"
end

-- ", max_payload_bytes=<n>" for a given limit, "" without one.
local function payload_argument(max_payload_bytes)
    if max_payload_bytes == nil then
        return ""
    end
    return ", max_payload_bytes=" .. string.format("%d", max_payload_bytes)
end

--- spec: schema, endpoint_name, connection, region, problem_type, target, column_names, column_types,
-- max_payload_bytes (the largest request body; nil: the UDF's default).
function M.build(spec)
    local checked = M.check_columns(spec)
    local inputs, outputs = checked.inputs, {}
    for i, input in ipairs(inputs) do
        outputs[i] = input
    end
    local predictions_type = REGRESSION_PREDICTIONS_TYPE
    if validation.is_classification(spec.problem_type) then
        outputs[#outputs + 1] = sql.quote_identifier(rules.PROBABILITY_COLUMN) .. " " .. PROBABILITY_TYPE
        predictions_type = checked.target_type
    end
    outputs[#outputs + 1] = sql.quote_identifier(rules.PREDICTIONS_COLUMN) .. " " .. predictions_type
    return create_statement(spec.schema, spec.endpoint_name, inputs, outputs,
        "from exasol_sagemaker_extension.udfs.prediction_udf import PredictionUDF\n"
        .. "udf = PredictionUDF(exa, endpoint_name=" .. sql.quote_python_string(spec.endpoint_name)
        .. ", connection_name=" .. sql.quote_python_string(spec.connection)
        .. ", aws_region=" .. sql.quote_python_string(spec.region)
        .. ", problem_type=" .. sql.quote_python_string(spec.problem_type)
        .. payload_argument(spec.max_payload_bytes) .. ")\n")
end

--- The UDF of an endpoint the extension did not create. spec: schema, udf_name, endpoint_name,
-- connection, region, inputs and outputs ({name=, type=} with checked types), max_payload_bytes.
function M.build_for_endpoint(spec)
    local inputs, outputs = {}, {}
    for i, column in ipairs(spec.inputs) do
        inputs[i] = sql.quote_identifier(column.name) .. " " .. checked_type(column.name, column.type)
        outputs[i] = inputs[i]
    end
    for _, column in ipairs(spec.outputs) do
        outputs[#outputs + 1] = sql.quote_identifier(column.name) .. " " .. checked_type(column.name, column.type)
    end
    return create_statement(spec.schema, spec.udf_name, inputs, outputs,
        "from exasol_sagemaker_extension.udfs.endpoint_prediction_udf import EndpointPredictionUDF\n"
        .. "udf = EndpointPredictionUDF(exa, endpoint_name=" .. sql.quote_python_string(spec.endpoint_name)
        .. ", connection_name=" .. sql.quote_python_string(spec.connection)
        .. ", aws_region=" .. sql.quote_python_string(spec.region)
        .. payload_argument(spec.max_payload_bytes) .. ")\n")
end

return M
end
package.preload["sme.resource_state"] = function(...)
-- sme.resource_state: SME_METADATA_AWS_RESOURCE_STATE, one row per job or endpoint of this schema with
-- its last known state in AWS and the last action taken on it, plus the metadata reads the lifecycle
-- scripts share. A state row is only written for a resource the metadata tables know.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

M.JOB = "JOB"
M.ENDPOINT = "ENDPOINT"
M.NOT_FOUND = "NOT_FOUND"
M.DEPLOYED = "DEPLOYED"
M.TABLE = "SME_METADATA_AWS_RESOURCE_STATE"

local REDEPLOY_HINT = "Check that the extension was deployed into this schema with this version"
    .. " (sme-deploy creates the metadata tables) and that your user may read and write them."

-- The metadata table (and its name column) that must know a resource before its state is recorded.
local OWNERS = {
    JOB = {"SME_METADATA_AUTOPILOT_JOBS", "JOB_NAME"},
    ENDPOINT = {"SME_METADATA_AUTOPILOT_ENDPOINTS", "ENDPOINT_NAME"},
}
-- Written with every status (nil -> NULL), and written only when given.
local STATUS_COLUMNS = {{"STATUS", "status"}, {"SECONDARY_STATUS", "secondary_status"},
                        {"FAILURE_REASON", "failure_reason"}}
local GIVEN_COLUMNS = {{"AWS_REGION", "region"}, {"INSTANCE_TYPE", "instance_type"},
                       {"INSTANCE_COUNT", "instance_count"}}
local ACTION_COLUMNS = {{"LAST_ACTION", "action"}, {"LAST_ACTION_DETAIL", "action_detail"}}

local function read(env, statement, params, what)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_READ_FAILED, "reading " .. what, REDEPLOY_HINT)
    end
    return result
end

-- The columns and values a state change writes: {column, SQL expression} pairs and the parameters.
local function assignments(env, state)
    local columns, params = {}, {}
    local function add(column, key, value)
        if value == nil then
            value = env.null
        end
        params[key] = value
        columns[#columns + 1] = {column, ":" .. key}
    end
    if state.status ~= nil then
        for _, column in ipairs(STATUS_COLUMNS) do
            add(column[1], column[2], state[column[2]])
        end
        columns[#columns + 1] = {"CHECKED_AT", "CURRENT_TIMESTAMP"}
        columns[#columns + 1] = {"CHECKED_BY", "CURRENT_USER"}
    end
    for _, column in ipairs(GIVEN_COLUMNS) do
        if state[column[2]] ~= nil then
            add(column[1], column[2], state[column[2]])
        end
    end
    if state.action ~= nil then
        for _, column in ipairs(ACTION_COLUMNS) do
            add(column[1], column[2], state[column[2]])
        end
        columns[#columns + 1] = {"LAST_ACTION_AT", "CURRENT_TIMESTAMP"}
    end
    return columns, params
end

local function write(env, schema, state)
    local owner = OWNERS[state.kind]
    local columns, params = assignments(env, state)
    params.s, params.kind, params.name = schema, state.kind, state.name
    params.owner, params.owner_column = owner[1], owner[2]
    local sets, names, values = {}, {}, {}
    for i, column in ipairs(columns) do
        sets[i] = sql.quote_identifier(column[1]) .. " = " .. column[2]
        names[i] = sql.quote_identifier(column[1])
        values[i] = column[2]
    end
    local ok, result = env.pquery([[UPDATE ::s."SME_METADATA_AWS_RESOURCE_STATE" SET ]] .. table.concat(sets, ", ")
        .. [[ WHERE "RESOURCE_KIND" = :kind AND "RESOURCE_NAME" = :name]], params)
    if ok and (result.rows_affected or 0) == 0 then
        ok, result = env.pquery([[INSERT INTO ::s."SME_METADATA_AWS_RESOURCE_STATE" ("RESOURCE_KIND", ]]
            .. [["RESOURCE_NAME", ]] .. table.concat(names, ", ") .. [[) SELECT DISTINCT :kind, :name, ]]
            .. table.concat(values, ", ") .. [[ FROM ::s.::owner WHERE ::owner_column = :name]], params)
    end
    return ok, result
end

--- Record a resource's state and/or the last action on it. state: kind (JOB|ENDPOINT), name, and any
-- of region, status, secondary_status, failure_reason, instance_type, instance_count, action,
-- action_detail. A failure is E-SME-36 with "<context> failed" as its text.
function M.record(env, schema, state, context)
    local ok, result = write(env, schema, state)
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_WRITE_FAILED,
            context .. " but recording it in " .. M.TABLE, "Fix the cause (" .. REDEPLOY_HINT:lower()
            .. ") and run SME_REFRESH_SAGEMAKER_STATE to record the current state.")
    end
end

--- Like record, for scripts whose own work is done: a failure becomes one output line, not an error.
function M.try_record(env, schema, state)
    local ok, result = write(env, schema, state)
    if not ok then
        env.output("Warning: the state of " .. state.kind:lower() .. " " .. state.name .. " was not recorded in "
            .. M.TABLE .. ": " .. errors.database_message(result.error_message)
            .. ". Run SME_REFRESH_SAGEMAKER_STATE later.")
    end
    return ok
end

--- The recorded job's location: job_name, region (nil for rows of older versions), connection,
-- s3_bucket_uri, s3_output_path. E-SME-33 if this schema did not train it.
function M.read_job(env, schema, job_name)
    local columns = {"JOB_NAME", "AWS_REGION", "AWS_CREDENTIALS_CONNECTION_NAME", "S3_BUCKET_URI", "S3_OUTPUT_PATH"}
    local quoted = {}
    for i, column in ipairs(columns) do
        quoted[i] = sql.quote_identifier(column)
    end
    local result = read(env, "SELECT " .. table.concat(quoted, ", ")
        .. [[ FROM ::s."SME_METADATA_AUTOPILOT_JOBS" WHERE "JOB_NAME" = :j]],
        {s = schema, j = job_name}, "SME_METADATA_AUTOPILOT_JOBS")
    if #result == 0 then
        errors.raise(codes.JOB_NOT_IN_METADATA, "there is no job " .. errors.show(job_name)
            .. " in SME_METADATA_AUTOPILOT_JOBS of schema " .. sql.quote_identifier(schema),
            "Give the name of a job started with SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT in this schema.")
    end
    local row = sql.rows(env, result, columns)[1]
    return {job_name = row.JOB_NAME, region = row.AWS_REGION, connection = row.AWS_CREDENTIALS_CONNECTION_NAME,
            s3_bucket_uri = row.S3_BUCKET_URI, s3_output_path = row.S3_OUTPUT_PATH}
end

--- E-SME-143 when the job was recorded with another region than the one given.
function M.check_region(job, region)
    if job.region ~= nil and job.region ~= region then
        errors.raise(codes.REGION_MISMATCH, "job " .. job.job_name .. " was trained in region " .. job.region
            .. ", not " .. errors.show(region), "Give aws_region '" .. job.region .. "'.")
    end
end

--- A TRUE/FALSE script argument; NULL means false. E-SME-3 for anything else.
function M.optional_boolean(env, value, name)
    if value == nil or value == env.null then
        return false
    end
    if type(value) ~= "boolean" then
        errors.raise(codes.WRONG_PARAMETER_TYPE, "parameter " .. name .. " must be TRUE or FALSE, not "
            .. errors.show(value), "Pass TRUE or FALSE without quotes.")
    end
    return value
end

--- Names of the endpoints recorded as DEPLOYED (of one job and/or one region when given), sorted.
function M.deployed_endpoint_names(env, schema, job_name, region)
    local statement = [[SELECT DISTINCT "ENDPOINT_NAME" FROM ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" ]]
        .. [[WHERE "STATUS" = :deployed]]
    local params = {s = schema, deployed = M.DEPLOYED}
    if job_name ~= nil then
        statement, params.j = statement .. [[ AND "JOB_NAME" = :j]], job_name
    end
    if region ~= nil then
        statement, params.r = statement .. [[ AND "AWS_REGION" = :r]], region
    end
    local rows = sql.rows(env, read(env, statement, params, "SME_METADATA_AUTOPILOT_ENDPOINTS"), {"ENDPOINT_NAME"})
    local names = {}
    for i, row in ipairs(rows) do
        names[i] = row.ENDPOINT_NAME
    end
    table.sort(names)
    return names
end

return M
end
package.preload["sme.rules"] = function(...)
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
end
package.preload["sme.runtime"] = function(...)
-- sme.runtime: where the deploy CLI put the Python runtime of the UDFs, rendered by
-- deployment/lua_bundler.py. PYTHON_PATH is the directory of the unpacked package archive, which every
-- generated UDF puts on sys.path; nil when the runtime is a script-language container (or not deployed).
local M = {}

M.PYTHON_PATH = nil

return M
end
package.preload["sme.sql"] = function(...)
-- sme.sql: quoting for the few texts that cannot go through :name / ::name placeholders
-- (column lists, the body of a generated Python UDF) and helpers to read query results.
local M = {}

local PYTHON_ESCAPES = {["\\"] = "\\\\", ["'"] = "\\'", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t"}

--- "name" with inner double quotes doubled: the identifier exactly as given, case kept.
function M.quote_identifier(name)
    return '"' .. (tostring(name):gsub('"', '""')) .. '"'
end

--- A single-quoted Python string literal: backslash, quote and every control character escaped.
function M.quote_python_string(text)
    local escaped = tostring(text):gsub("[\0-\31\127\\']", function(char)
        return PYTHON_ESCAPES[char] or string.format("\\x%02x", char:byte())
    end)
    return "'" .. escaped .. "'"
end

--- Whether a value from a script parameter, a result or cjson is SQL NULL / JSON null / nil.
function M.is_null(env, value)
    return value == nil or value == env.null or (env.cjson ~= nil and value == env.cjson.null)
end

--- A result value as Lua string, nil for NULL.
function M.text(env, value)
    if M.is_null(env, value) then
        return nil
    end
    return tostring(value)
end

--- A result value as Lua integer, nil for NULL or anything that is not a whole number.
-- Accepts Lua numbers and anything whose text is a whole number (Exasol's DECIMAL values).
function M.integer(env, value)
    if M.is_null(env, value) then
        return nil
    end
    if type(value) == "number" then
        return math.tointeger(value)
    end
    local text = tostring(value):match("^%s*(%d+)%.?0*%s*$")
    if text == nil then
        return nil
    end
    return math.tointeger(tonumber(text))
end

--- The rows of a SELECT result as plain Lua tables keyed by the given column names.
function M.rows(env, result, columns)
    local rows = {}
    for i = 1, #result do
        local row = {}
        for _, column in ipairs(columns) do
            local value = result[i][column]
            if M.is_null(env, value) then
                value = nil
            end
            row[column] = value
        end
        rows[i] = row
    end
    return rows
end

return M
end
package.preload["sme.udf"] = function(...)
-- sme.udf: runs the SELECT that calls one of the extension's Python UDFs. A failure passes the UDF's
-- own E-SME message on unchanged (never its traceback); anything else becomes E-SME-38.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

--- The UDF's rows as plain tables keyed by the given column names (NULL -> nil).
function M.call(env, udf_name, statement, params, columns)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.UDF_CALL_FAILED, "calling " .. udf_name)
    end
    return sql.rows(env, result, columns)
end

--- The UDF's only row; E-SME-38 if it returned none.
function M.call_one(env, udf_name, statement, params, columns)
    local rows = M.call(env, udf_name, statement, params, columns)
    if #rows == 0 then
        errors.raise(codes.UDF_CALL_FAILED, udf_name .. " returned no row",
            "Check that the extension was deployed completely into this schema with the same version.")
    end
    return rows[1]
end

return M
end
package.preload["sme.validation"] = function(...)
-- sme.validation: one check per kind of name or value, the same rules as
-- exasol_sagemaker_extension/names.py, with the limits of sme.rules. Each returns the (normalized)
-- value or raises the E-SME code of names.py.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local rules = require("sme.rules")

local M = {}

local show = errors.show
local ALNUM = "[A-Za-z0-9]"
-- Shapes fixed by AWS's own patterns (names.py keeps them inside its regular expressions).
local BUCKET_NAME_MIN_LENGTH, BUCKET_NAME_MAX_LENGTH = 3, 63
local ROLE_NAME_MAX_LENGTH, ROLE_PATH_MAX_LENGTH, ACCOUNT_ID_LENGTH = 64, 512, 12

local function contains(list, value)
    for _, item in ipairs(list) do
        if item == value then
            return true
        end
    end
    return false
end

-- AWS's name shape ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,n}$ plus its length limit: letters, digits and
-- hyphens, first and last a letter or digit, hyphens counted in the length.
local function is_aws_name(name, max_length)
    return type(name) == "string" and #name >= 1 and #name <= max_length
        and name:find("^[A-Za-z0-9%-]+$") ~= nil
        and name:find("^" .. ALNUM) ~= nil and name:find(ALNUM .. "$") ~= nil
end

function M.is_absent(value, null)
    return value == nil or value == "" or (null ~= nil and value == null)
end

--- A required text argument: E-SME-2 when missing or empty, E-SME-3 when not a string.
function M.required_string(value, name, null)
    if M.is_absent(value, null) then
        errors.raise(codes.MISSING_PARAMETER, "parameter " .. name .. " is missing",
            "Give " .. name .. " a value.")
    end
    if type(value) ~= "string" then
        errors.raise(codes.WRONG_PARAMETER_TYPE,
            "parameter " .. name .. " must be a string, not " .. type(value),
            "Give " .. name .. " as a text value in single quotes, for example '" .. name .. "'.")
    end
    return value
end

function M.job_name(name)
    if not is_aws_name(name, rules.JOB_NAME_MAX_LENGTH) then
        errors.raise(codes.INVALID_JOB_NAME, "invalid job name " .. show(name),
            "Use 1 to " .. rules.JOB_NAME_MAX_LENGTH .. " letters, digits and hyphens, starting and ending"
            .. " with a letter or digit.")
    end
    return name
end

function M.endpoint_name(name)
    if not is_aws_name(name, rules.ENDPOINT_NAME_MAX_LENGTH) then
        errors.raise(codes.INVALID_ENDPOINT_NAME, "invalid endpoint name " .. show(name),
            "Use 1 to " .. rules.ENDPOINT_NAME_MAX_LENGTH .. " letters, digits and hyphens, starting and"
            .. " ending with a letter or digit.")
    end
    return name
end

-- ^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$, for example eu-central-1.
local function is_region(region)
    if type(region) ~= "string" then
        return false
    end
    local middle = region:match("^[a-z][a-z](%-[a-z%-]*)%-[0-9][0-9]?$")
    return middle ~= nil and middle:gsub("%-[a-z]+", "") == ""
end

function M.region(region)
    if not is_region(region) then
        errors.raise(codes.INVALID_REGION, "invalid AWS region " .. show(region),
            "Give a region code such as eu-central-1 or us-east-1.")
    end
    return region
end

--- An Exasol identifier taken exactly as written: 1 to 128 characters, no control characters.
function M.identifier(name, kind)
    local length = type(name) == "string" and (utf8 and utf8.len(name) or #name) or nil
    if length == nil or length < 1 or length > rules.IDENTIFIER_MAX_LENGTH or name:find("[\0-\31]") then
        errors.raise(codes.INVALID_IDENTIFIER, "invalid " .. (kind or "identifier") .. " " .. show(name),
            "Give a name of 1 to " .. rules.IDENTIFIER_MAX_LENGTH .. " characters without control characters.")
    end
    return name
end

local function is_role_arn(role)
    local partition, account, path = role:match("^arn:aws([%-a-z]*):iam::([0-9]+):role/(.+)$")
    return partition ~= nil and partition:gsub("%-[a-z]+", "") == ""
        and #account == ACCOUNT_ID_LENGTH
        and #path <= ROLE_PATH_MAX_LENGTH and path:find("^[A-Za-z0-9_+=,.@/%-]+$") ~= nil
end

local function is_role_name(role)
    return #role <= ROLE_NAME_MAX_LENGTH and role:find("^[A-Za-z0-9_+=,.@%-]+$") ~= nil
end

--- An IAM role ARN (arn:aws:iam::<account>:role/<name>) or a role name.
function M.iam_role(role)
    if type(role) ~= "string" or #role > rules.IAM_ROLE_MAX_LENGTH
            or not (is_role_arn(role) or is_role_name(role)) then
        errors.raise(codes.INVALID_IAM_ROLE, "invalid IAM role " .. show(role),
            "Give the role's ARN (arn:aws:iam::<account>:role/<name>) or its name.")
    end
    return role
end

--- s3://bucket (one trailing slash allowed); returns "s3://bucket" and the bucket name.
function M.s3_bucket_uri(uri)
    local bucket = type(uri) == "string" and uri:match("^s3://([a-z0-9.%-]+)/?$") or nil
    if bucket == nil or #bucket < BUCKET_NAME_MIN_LENGTH or #bucket > BUCKET_NAME_MAX_LENGTH
            or not bucket:find("^[a-z0-9]") or not bucket:find("[a-z0-9]$") then
        errors.raise(codes.INVALID_S3_BUCKET_URI, "invalid S3 bucket URI " .. show(uri),
            "Give the bucket as s3://<bucket-name>, without a path.")
    end
    return "s3://" .. bucket, bucket
end

local function normalized_s3_path(path)
    if type(path) ~= "string" then
        return nil
    end
    local stripped = path:gsub("^/+", ""):gsub("/+$", "")
    if stripped == "" or #stripped > rules.S3_OUTPUT_PATH_MAX_LENGTH
            or not stripped:find("^[A-Za-z0-9!_.*'()/%-]+$") or stripped:find("//", 1, true) then
        return nil
    end
    for segment in stripped:gmatch("[^/]+") do
        if segment == "." or segment == ".." then
            return nil
        end
    end
    return stripped
end

--- The S3 key prefix without slashes at either end.
function M.s3_output_path(path)
    local normalized = normalized_s3_path(path)
    if normalized == nil then
        errors.raise(codes.INVALID_S3_OUTPUT_PATH, "invalid S3 output path " .. show(path),
            "Give a key prefix of up to " .. rules.S3_OUTPUT_PATH_MAX_LENGTH .. " characters made of"
            .. " letters, digits and !_.*'()/- such as ml/autopilot.")
    end
    return normalized
end

function M.instance_type(instance_type)
    if type(instance_type) ~= "string" or not instance_type:find("^ml%.[a-z0-9]+%.[a-z0-9]+$") then
        errors.raise(codes.INVALID_INSTANCE, "invalid instance type " .. show(instance_type),
            "Give a SageMaker instance type such as ml.m5.large.")
    end
    return instance_type
end

--- A whole number given as Lua number, digit string or Exasol DECIMAL; nil if it is none.
function M.to_integer(value)
    if type(value) == "number" then
        return math.tointeger(value)
    end
    if type(value) == "string" then
        local digits = value:match("^%s*(%d+)%s*$")
        return digits and math.tointeger(tonumber(digits)) or nil
    end
    if value ~= nil and type(value) ~= "boolean" and type(value) ~= "table" then
        local digits = tostring(value):match("^%s*(%d+)%.?0*%s*$")
        return digits and math.tointeger(tonumber(digits)) or nil
    end
    return nil
end

function M.instance_count(count)
    local number = M.to_integer(count)
    if number == nil or number < 1 or number > rules.INSTANCE_COUNT_MAX then
        errors.raise(codes.INVALID_INSTANCE, "invalid instance count " .. show(count),
            "Give a whole number from 1 to " .. rules.INSTANCE_COUNT_MAX .. ".")
    end
    return number
end

--- The problem type, or nil when it is left to Autopilot.
function M.problem_type(problem_type)
    if problem_type == nil or problem_type == "" then
        return nil
    end
    if not contains(rules.PROBLEM_TYPES, problem_type) then
        errors.raise(codes.INVALID_PROBLEM_TYPE, "invalid problem type " .. show(problem_type),
            "Use one of " .. table.concat(rules.PROBLEM_TYPES, ", ") .. ", or leave it out to let"
            .. " Autopilot decide.")
    end
    return problem_type
end

function M.is_problem_type(problem_type)
    return contains(rules.PROBLEM_TYPES, problem_type)
end

function M.is_classification(problem_type)
    return contains(rules.CLASSIFICATION_PROBLEM_TYPES, problem_type)
end

--- The objective metric name, checked against the problem type when one is given.
function M.objective(metric, problem_type)
    if metric == nil or metric == "" then
        return nil
    end
    local fitting = type(metric) == "string" and rules.OBJECTIVES[metric] or nil
    if fitting == nil then
        errors.raise(codes.INVALID_OBJECTIVE, "invalid objective " .. show(metric),
            "Use one of " .. table.concat(rules.OBJECTIVE_NAMES, ", ") .. ".")
    end
    if problem_type ~= nil and not contains(fitting, problem_type) then
        local usable = {}
        for _, name in ipairs(rules.OBJECTIVE_NAMES) do
            if contains(rules.OBJECTIVES[name], problem_type) then
                usable[#usable + 1] = name
            end
        end
        errors.raise(codes.INVALID_OBJECTIVE, "objective " .. metric .. " does not fit problem type "
            .. problem_type, "For " .. problem_type .. " use one of " .. table.concat(usable, ", ") .. ".")
    end
    return metric
end

--- The objective to send (names.resolve_objective): the given one, or the default of a given problem
-- type; AWS takes an objective only together with a problem type.
function M.resolve_objective(metric, problem_type)
    metric = M.objective(metric, problem_type)
    if metric ~= nil and problem_type == nil then
        errors.raise(codes.INVALID_OBJECTIVE, "objective " .. metric .. " is given without a problem_type",
            "AWS takes an objective only together with a problem type: add problem_type, or leave"
            .. " objective out to let Autopilot choose both.")
    end
    if problem_type ~= nil and metric == nil then
        return rules.DEFAULT_OBJECTIVES[problem_type]
    end
    return metric
end

--- A positive whole number (a JSON number with integer value or a digit string).
function M.positive_integer(value, name)
    local number = M.to_integer(value)
    if number == nil or number < 1 then
        errors.raise(codes.INVALID_LIMIT, "invalid " .. name .. " " .. show(value),
            "Give a positive whole number, or leave " .. name .. " out.")
    end
    return number
end

return M
end
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
package.preload["sme.catalog"] = function(...)
-- sme.catalog: finds schemas, tables, columns and connections the way SQL would: the name exactly
-- as written first, then, for a regular identifier, upper-cased (`my_table` finds MY_TABLE,
-- `MixedCase` finds "MixedCase").
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

local LISTED_COLUMNS_MAX = 10

function M.is_regular_identifier(name)
    return name:find("^[A-Za-z][A-Za-z0-9_]*$") ~= nil
end

--- The names to try for a user-given name, in order.
function M.candidates(name)
    local names = {name}
    if M.is_regular_identifier(name) and name:upper() ~= name then
        names[2] = name:upper()
    end
    return names
end

local function select_rows(env, statement, params, what)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_READ_FAILED, "reading " .. what,
            "Check that your user may read the system tables of schema SYS and try again.")
    end
    return result
end

--- The connection's name as stored (E-SME-50 if there is none of that name).
function M.resolve_connection(env, name)
    for _, candidate in ipairs(M.candidates(name)) do
        local result = select_rows(env,
            [[SELECT CONNECTION_NAME FROM SYS.EXA_ALL_CONNECTIONS WHERE CONNECTION_NAME = :c]],
            {c = candidate}, "the connections")
        if #result > 0 then
            return candidate
        end
    end
    errors.raise(codes.CONNECTION_NOT_USABLE, "there is no connection " .. errors.show(name),
        "Create it with CREATE CONNECTION <name> TO 'https://<bucket>.s3.<region>.amazonaws.com/'"
        .. " USER '<access key id>' IDENTIFIED BY '<secret access key>' and let the user run it with"
        .. " GRANT CONNECTION <name> TO <user>, or give the name of an existing connection.")
end

--- The schema's name as stored (E-SME-34 if there is none of that name).
function M.resolve_schema(env, name)
    for _, candidate in ipairs(M.candidates(name)) do
        local result = select_rows(env, [[SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = :s]],
            {s = candidate}, "the schemas")
        if #result > 0 then
            return candidate
        end
    end
    errors.raise(codes.SCHEMA_NOT_FOUND, "there is no schema " .. errors.show(name),
        "Create it with CREATE SCHEMA, or give the name of an existing schema.")
end

--- Whether a schema of exactly this name exists.
function M.schema_exists(env, name)
    local result = select_rows(env, [[SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = :s]],
        {s = name}, "the schemas")
    return #result > 0
end

--- The table or view with its columns {name=, type=} in ordinal order (E-SME-30 if not found).
function M.resolve_table(env, schema_name, table_name)
    for _, schema in ipairs(M.candidates(schema_name)) do
        for _, table_candidate in ipairs(M.candidates(table_name)) do
            local result = select_rows(env, [[SELECT COLUMN_NAME, COLUMN_TYPE FROM SYS.EXA_ALL_COLUMNS ]]
                .. [[WHERE COLUMN_SCHEMA = :s AND COLUMN_TABLE = :t ORDER BY COLUMN_ORDINAL_POSITION]],
                {s = schema, t = table_candidate}, "the columns of the input table")
            if #result > 0 then
                local columns = {}
                for i = 1, #result do
                    columns[i] = {name = result[i].COLUMN_NAME, type = sql.text(env, result[i].COLUMN_TYPE)}
                end
                return {schema = schema, table = table_candidate, columns = columns}
            end
        end
    end
    errors.raise(codes.TABLE_NOT_FOUND, "found no table or view " .. errors.show(table_name)
        .. " in schema " .. errors.show(schema_name) .. " that you may read",
        "Check input_schema_name and input_table_or_view_name (a regular name is also tried upper-case)"
        .. " and that you have the SELECT privilege on it.")
end

local function column_list(columns)
    local names = {}
    for i = 1, math.min(#columns, LISTED_COLUMNS_MAX) do
        names[i] = sql.quote_identifier(columns[i].name)
    end
    local text = table.concat(names, ", ")
    if #columns > LISTED_COLUMNS_MAX then
        text = text .. " and " .. (#columns - LISTED_COLUMNS_MAX) .. " more"
    end
    return text
end

--- The target column of a resolved table (E-SME-31 if it has none of that name).
function M.resolve_target(source, target_name)
    for _, candidate in ipairs(M.candidates(target_name)) do
        for _, column in ipairs(source.columns) do
            if column.name == candidate then
                return column
            end
        end
    end
    errors.raise(codes.TARGET_COLUMN_NOT_FOUND, "table " .. sql.quote_identifier(source.schema) .. "."
        .. sql.quote_identifier(source.table) .. " has no column " .. errors.show(target_name),
        "Give one of its columns as target_attribute_name: " .. column_list(source.columns) .. ".")
end

return M
end
package.preload["sme.deployment_options"] = function(...)
-- sme.deployment_options: what an endpoint deployment is asked for, from the seven arguments of
-- SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT or the JSON of SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT_WITH_OPTIONS,
-- checked with the rules of names.py (E-SME-120 candidate, E-SME-123 serverless, E-SME-124 a mix).
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local json_params = require("sme.json_params")
local rules = require("sme.rules")
local validation = require("sme.validation")

local M = {}

M.REQUIRED_KEYS = {"job_name", "endpoint_name", "schema_name", "aws_credentials_connection_name", "aws_region"}
M.OPTIONAL_KEYS = {"instance_type", "instance_count", "serverless_memory_size_in_mb", "serverless_max_concurrency",
                   "candidate_name"}
local EXAMPLE = [[{"job_name": "churn-1", "endpoint_name": "churn-ep", "schema_name": "SALES", ]]
    .. [["aws_credentials_connection_name": "AWS_CONN", "aws_region": "eu-central-1", ]]
    .. [["serverless_memory_size_in_mb": 3072, "serverless_max_concurrency": 5}]]

local function accepted_keys()
    local keys = {}
    for _, list in ipairs({M.REQUIRED_KEYS, M.OPTIONAL_KEYS}) do
        for _, key in ipairs(list) do
            keys[#keys + 1] = key
        end
    end
    return keys
end

--- A candidate name shaped like AWS's (letters, digits, hyphens; at most CANDIDATE_NAME_MAX_LENGTH).
function M.candidate_name(name)
    if type(name) ~= "string" or #name < 1 or #name > rules.CANDIDATE_NAME_MAX_LENGTH
            or not name:find("^[A-Za-z0-9%-]+$") or not name:find("^[A-Za-z0-9]")
            or not name:find("[A-Za-z0-9]$") then
        errors.raise(codes.INVALID_CANDIDATE_NAME, "invalid candidate name " .. errors.show(name),
            "Use 1 to " .. rules.CANDIDATE_NAME_MAX_LENGTH .. " letters, digits and hyphens, starting and"
            .. " ending with a letter or digit, as AWS lists the job's candidates.")
    end
    return name
end

local function serverless_memory_size(value)
    local size = validation.to_integer(value)
    for _, allowed in ipairs(rules.SERVERLESS_MEMORY_SIZES_IN_MB) do
        if size == allowed then
            return size
        end
    end
    errors.raise(codes.INVALID_SERVERLESS_CONFIG, "invalid serverless memory size " .. errors.show(value),
        "Give serverless_memory_size_in_mb as one of " .. table.concat(rules.SERVERLESS_MEMORY_SIZES_IN_MB, ", ")
        .. ".")
end

local function serverless_max_concurrency(value)
    local count = validation.to_integer(value)
    if count == nil or count < 1 or count > rules.SERVERLESS_MAX_CONCURRENCY_MAX then
        errors.raise(codes.INVALID_SERVERLESS_CONFIG, "invalid serverless max concurrency " .. errors.show(value),
            "Give serverless_max_concurrency as a whole number from 1 to " .. rules.SERVERLESS_MAX_CONCURRENCY_MAX
            .. ".")
    end
    return count
end

--- Real-time (instance_type, instance_count) or serverless (memory size, max concurrency), never a mix.
-- Fills options.instance_count / serverless_* with integers; options.serverless tells which.
function M.check_choice(options)
    local serverless = options.serverless_memory_size_in_mb ~= nil or options.serverless_max_concurrency ~= nil
    local real_time = options.instance_type ~= nil or options.instance_count ~= nil
    if serverless == real_time or (serverless and (options.serverless_memory_size_in_mb == nil
            or options.serverless_max_concurrency == nil)) then
        errors.raise(codes.DEPLOYMENT_CHOICE_CONFLICT, "an endpoint needs either instance_type and instance_count"
            .. " (real-time) or serverless_memory_size_in_mb and serverless_max_concurrency (serverless), not a mix",
            "Give exactly one of the two pairs.")
    end
    options.serverless = serverless
    if serverless then
        options.serverless_memory_size_in_mb = serverless_memory_size(options.serverless_memory_size_in_mb)
        options.serverless_max_concurrency = serverless_max_concurrency(options.serverless_max_concurrency)
    else
        validation.instance_type(validation.required_string(options.instance_type, "instance_type"))
        if options.instance_count == nil then
            validation.required_string(nil, "instance_count")
        end
        options.instance_count = validation.instance_count(options.instance_count)
    end
    return options
end

--- The options of SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT_WITH_OPTIONS(json_str), checked.
function M.parse(env, json_str)
    local decoded = json_params.decode(env, json_str, "the deployment options", EXAMPLE)
    json_params.check_keys(decoded, accepted_keys(), "deployment option")
    local options = {}
    for _, key in ipairs(M.REQUIRED_KEYS) do
        options[key] = json_params.string(env, decoded, key, true)
    end
    options.instance_type = json_params.string(env, decoded, "instance_type")
    options.instance_count = json_params.number(env, decoded, "instance_count")
    options.serverless_memory_size_in_mb = json_params.number(env, decoded, "serverless_memory_size_in_mb")
    options.serverless_max_concurrency = json_params.number(env, decoded, "serverless_max_concurrency")
    options.candidate_name = json_params.string(env, decoded, "candidate_name")
    return M.check(options)
end

--- Check options (keys as the JSON's; absent = nil) in the order of the script's parameters.
function M.check(options)
    validation.job_name(validation.required_string(options.job_name, "job_name"))
    validation.endpoint_name(validation.required_string(options.endpoint_name, "endpoint_name"))
    validation.identifier(validation.required_string(options.schema_name, "schema_name"), "schema name")
    M.check_choice(options)
    validation.identifier(validation.required_string(options.aws_credentials_connection_name,
        "aws_credentials_connection_name"), "connection name")
    validation.region(validation.required_string(options.aws_region, "aws_region"))
    if options.candidate_name ~= nil then
        M.candidate_name(options.candidate_name)
    end
    return options
end

return M
end
package.preload["sme.endpoint_deployment"] = function(...)
-- sme.endpoint_deployment: SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT(job_name, endpoint_name,
-- schema_name, instance_type, instance_count, aws_credentials_connection_name, aws_region) and
-- SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT_WITH_OPTIONS(json_str), one code path (M.deploy).
-- Puts the job's best (or the chosen) candidate behind a real-time or serverless endpoint
-- (SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF), creates the prediction UDF <schema_name>."<endpoint_name>"
-- with the endpoint's batch size limit and records the endpoint.
local catalog = require("sme.catalog")
local codes = require("sme.error_codes")
local deployment_options = require("sme.deployment_options")
local errors = require("sme.errors")
local metadata = require("sme.metadata")
local prediction_udf_sql = require("sme.prediction_udf_sql")
local resource_state = require("sme.resource_state")
local rules = require("sme.rules")
local sql = require("sme.sql")
local udf = require("sme.udf")
local validation = require("sme.validation")

local M = {}

M.DEPLOY_SQL = [[SELECT ::s."SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF"(:job_name, :endpoint_name, ]]
    .. [[:instance_type, :instance_count, :connection, :region, :candidate_name, :memory_size, :max_concurrency)]]
M.COLUMNS = "ENDPOINT_NAME VARCHAR(" .. rules.ENDPOINT_NAME_MAX_LENGTH .. "), ENDPOINT_STATUS VARCHAR(64),"
    .. " PREDICTION_UDF VARCHAR(300)"
M.OPTIONS_COLUMNS = M.COLUMNS .. ", CANDIDATE_NAME VARCHAR(" .. rules.CANDIDATE_NAME_MAX_LENGTH .. ")"

local function checked_arguments(env, job_name, endpoint_name, schema_name, instance_type, instance_count,
                                 connection_name, region)
    local null = env.null
    validation.job_name(validation.required_string(job_name, "job_name", null))
    validation.endpoint_name(validation.required_string(endpoint_name, "endpoint_name", null))
    validation.identifier(validation.required_string(schema_name, "schema_name", null), "schema name")
    validation.instance_type(validation.required_string(instance_type, "instance_type", null))
    if validation.is_absent(instance_count, null) then
        validation.required_string(nil, "instance_count")
    end
    local count = validation.instance_count(instance_count)
    validation.identifier(validation.required_string(connection_name, "aws_credentials_connection_name", null),
        "connection name")
    validation.region(validation.required_string(region, "aws_region", null))
    return count
end

local function create_prediction_udf(env, statement, endpoint_name, prediction_udf)
    local ok, result = env.pquery(statement)
    if not ok then
        errors.raise(codes.PREDICTION_UDF_CREATION_FAILED, "endpoint " .. endpoint_name .. " is running in AWS"
            .. " but creating the prediction UDF " .. prediction_udf .. " failed: "
            .. errors.database_message(result.error_message),
            "Check that you may CREATE SCRIPT in that schema and that the script language PYTHON3_SME is"
            .. " activated, then delete the endpoint with SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT and"
            .. " deploy again; the endpoint costs money while it runs.")
    end
end

function M.run(env, job_name, endpoint_name, schema_name, instance_type, instance_count, connection_name,
               region)
    local count = checked_arguments(env, job_name, endpoint_name, schema_name, instance_type, instance_count,
        connection_name, region)
    return M.deploy(env, {job_name = job_name, endpoint_name = endpoint_name, schema_name = schema_name,
        instance_type = instance_type, instance_count = count, aws_credentials_connection_name = connection_name,
        aws_region = region}, M.COLUMNS)
end

--- SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT_WITH_OPTIONS(json_str): the same deployment, with the choices
-- of sme.deployment_options; also returns the deployed candidate's name.
function M.run_with_options(env, json_str)
    return M.deploy(env, deployment_options.parse(env, json_str), M.OPTIONS_COLUMNS)
end

--- Deploy checked options (sme.deployment_options keys); columns: the result columns to return.
function M.deploy(env, options, columns)
    local job_name, endpoint_name, schema_name = options.job_name, options.endpoint_name, options.schema_name
    local instance_type, count = options.instance_type, options.instance_count
    local connection_name, region = options.aws_credentials_connection_name, options.aws_region
    local function value(v)
        if v == nil then
            return env.null
        end
        return v
    end
    local script_schema = env.exa.meta.script_schema
    local job = metadata.read_job(env, script_schema, job_name)
    local udf_schema = catalog.resolve_schema(env, schema_name)
    local connection = catalog.resolve_connection(env, connection_name)
    prediction_udf_sql.check_columns(job)
    local deployed = udf.call_one(env, "SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF", M.DEPLOY_SQL, {
        s = script_schema, job_name = job_name, endpoint_name = endpoint_name, instance_type = value(instance_type),
        instance_count = value(count), connection = connection, region = region,
        candidate_name = value(options.candidate_name), memory_size = value(options.serverless_memory_size_in_mb),
        max_concurrency = value(options.serverless_max_concurrency),
    }, {"ENDPOINT_NAME", "ENDPOINT_STATUS", "PROBLEM_TYPE", "CANDIDATE_NAME"})
    local problem_type = deployed.PROBLEM_TYPE or job.problem_type
    if not validation.is_problem_type(problem_type) then
        errors.raise(codes.UDF_CALL_FAILED, "endpoint " .. endpoint_name .. " is running in AWS but its"
            .. " problem type " .. errors.show(problem_type) .. " is unknown",
            "Delete it with SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT and check the job in the AWS console.")
    end
    local prediction_udf = sql.quote_identifier(udf_schema) .. "." .. sql.quote_identifier(endpoint_name)
    local statement = prediction_udf_sql.build({
        schema = udf_schema, endpoint_name = endpoint_name, connection = connection, region = region,
        problem_type = problem_type, target = job.target, column_names = job.column_names,
        column_types = job.column_types,
        max_payload_bytes = options.serverless and rules.SERVERLESS_MAX_PAYLOAD_BYTES or rules.REALTIME_MAX_PAYLOAD_BYTES,
    })
    create_prediction_udf(env, statement, endpoint_name, prediction_udf)
    metadata.insert_endpoint(env, script_schema, {
        endpoint_name = endpoint_name, job_name = job_name, schema = udf_schema, problem_type = problem_type,
        instance_type = instance_type, instance_count = count, connection = connection, region = region,
        prediction_udf = prediction_udf, candidate_name = deployed.CANDIDATE_NAME or options.candidate_name,
        serverless_memory_size_in_mb = options.serverless_memory_size_in_mb,
        serverless_max_concurrency = options.serverless_max_concurrency,
    })
    resource_state.try_record(env, script_schema, {kind = resource_state.ENDPOINT, name = endpoint_name,
        region = region, status = deployed.ENDPOINT_STATUS, instance_type = instance_type, instance_count = count,
        action = metadata.DEPLOYED})
    local status = deployed.ENDPOINT_STATUS or env.null
    local row = {deployed.ENDPOINT_NAME or endpoint_name, status, prediction_udf}
    if columns == M.OPTIONS_COLUMNS then
        row[4] = value(deployed.CANDIDATE_NAME or options.candidate_name)
    end
    return {row}, columns
end

return M
end
package.preload["sme.error_codes"] = function(...)
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
end
package.preload["sme.errors"] = function(...)
-- sme.errors: every failure leaves the scripts as one string "E-SME-<n>: what happened. what to do."
-- Database errors of the UDFs are searched for the extension's own message, which is passed on
-- unchanged; anything else becomes E-SME-38 (or the caller's code) with the database's first lines.
local codes = require("sme.error_codes")

local M = {}

local SHOWN_VALUE_MAX = 80
local DATABASE_MESSAGE_MAX = 600
local ESCAPES = {["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t", ["\\"] = "\\\\", ["'"] = "\\'"}

-- Cut text to at most max bytes without splitting a UTF-8 character.
local function cut(text, max)
    if #text <= max then
        return text
    end
    local stop = max
    while stop > 0 do
        local byte = text:byte(stop + 1)
        if byte == nil or byte < 0x80 or byte >= 0xC0 then
            break
        end
        stop = stop - 1
    end
    return text:sub(1, stop)
end

--- A rejected value as it appears in a message: quoted, control characters escaped, at most 80 chars.
function M.show(value)
    if type(value) ~= "string" then
        return tostring(value)
    end
    local escaped = value:gsub("[\0-\31\127\\']", function(char)
        return ESCAPES[char] or string.format("\\x%02x", char:byte())
    end)
    local text = "'" .. escaped .. "'"
    if #text > SHOWN_VALUE_MAX then
        text = cut(text, SHOWN_VALUE_MAX - 4) .. "...'"
    end
    return text
end

--- Abort the script with "E-SME-<code>: <what>. <todo>".
function M.raise(code, what, todo)
    assert(math.type(code) == "integer", "sme.errors.raise needs a code from sme.error_codes")
    local text = tostring(what):gsub("%.+$", "")
    error(string.format("E-SME-%d: %s. %s", code, text, todo), 0)
end

--- The extension's own "E-SME-<n>: ..." text inside a database message, or nil.
-- Takes the first such text up to the end of its line, without Exasol's "(Session: ...)" suffix.
function M.extract(message)
    if type(message) ~= "string" then
        return nil
    end
    local start = message:find("E%-SME%-%d+:")
    if start == nil then
        return nil
    end
    local line = message:sub(start):match("^[^\r\n]*")
    line = line:gsub("%s*%(Session: %d+%)%s*$", "")
    return (line:gsub("%s+$", ""))
end

--- A database message made short enough to show: no Python traceback, one line, shortened.
function M.database_message(message)
    local text = tostring(message or "unknown error")
    local traceback = text:find("Traceback (most recent call last)", 1, true)
    if traceback ~= nil then
        text = text:sub(1, traceback - 1)
    end
    text = text:gsub("%(Session: %d+%)", ""):gsub("%s+", " "):gsub("^ ", ""):gsub(" $", "")
    if #text > DATABASE_MESSAGE_MAX then
        text = cut(text, DATABASE_MESSAGE_MAX - 3) .. "..."
    end
    if text == "" then
        text = "no message"
    end
    return text
end

--- Re-raise a failed statement: its own E-SME text unchanged if it has one, else
-- "E-SME-<fallback_code>: <context> failed: <database message>. <todo>".
function M.from_database(message, fallback_code, context, todo)
    local own = M.extract(message)
    if own ~= nil then
        error(own, 0)
    end
    M.raise(fallback_code or codes.UDF_CALL_FAILED,
        context .. " failed: " .. M.database_message(message),
        todo or ("Check that the extension was deployed completely into this schema with the same version,"
            .. " and that the script language PYTHON3_SME is activated for this session or system."))
end

return M
end
package.preload["sme.json_params"] = function(...)
-- sme.json_params: the JSON-object argument of a script (SME_..._WITH_OPTIONS, SME_CREATE_...), decoded
-- and read key by key with the codes of the training JSON: E-SME-1 not an object, E-SME-15 unknown key,
-- E-SME-2 missing, E-SME-3 wrong type. JSON null counts as absent.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")
local validation = require("sme.validation")

local M = {}

--- The decoded object; what: "the deployment options" (for messages), example: a JSON text.
function M.decode(env, json_str, what, example)
    if type(json_str) ~= "string" or not json_str:find("%S") then
        errors.raise(codes.INVALID_JSON, what .. " are missing",
            "Pass one JSON object as the only argument, for example " .. example .. ".")
    end
    local ok, decoded = pcall(env.cjson.decode, json_str)
    local is_object = ok and type(decoded) == "table" and (next(decoded) == nil or #decoded == 0)
    if is_object then
        for key in pairs(decoded) do
            if type(key) ~= "string" then
                is_object = false
            end
        end
    end
    if not is_object then
        errors.raise(codes.INVALID_JSON, what .. " are not a JSON object: " .. errors.show(json_str),
            "Pass one JSON object with double-quoted keys and values, for example " .. example .. ".")
    end
    return decoded
end

--- E-SME-15 for keys outside accepted (a list of names).
function M.check_keys(decoded, accepted, what)
    local known = {}
    for _, key in ipairs(accepted) do
        known[key] = true
    end
    local unknown = {}
    for key in pairs(decoded) do
        if not known[key] then
            unknown[#unknown + 1] = errors.show(key)
        end
    end
    if #unknown > 0 then
        table.sort(unknown)
        errors.raise(codes.UNKNOWN_PARAMETER, "unknown " .. what .. " " .. table.concat(unknown, ", "),
            "Use only these keys: " .. table.concat(accepted, ", ") .. ".")
    end
end

function M.is_absent(env, value)
    return sql.is_null(env, value) or value == ""
end

--- A string value: nil when absent and not required; E-SME-2 when required and absent.
function M.string(env, decoded, key, required)
    local value = decoded[key]
    if M.is_absent(env, value) then
        if required then
            validation.required_string(nil, key)
        end
        return nil
    end
    if type(value) ~= "string" then
        errors.raise(codes.WRONG_PARAMETER_TYPE, "parameter " .. key .. " must be a string, not " .. type(value),
            "Give " .. key .. " as a JSON string in double quotes.")
    end
    return value
end

--- A number or digit string as given (checked by the caller's rule), nil when absent.
function M.number(env, decoded, key)
    local value = decoded[key]
    if M.is_absent(env, value) then
        return nil
    end
    if type(value) ~= "number" and type(value) ~= "string" then
        errors.raise(codes.WRONG_PARAMETER_TYPE, "parameter " .. key .. " must be a number, not " .. type(value),
            "Give " .. key .. " as a whole number.")
    end
    return value
end

--- A JSON boolean, default when absent.
function M.boolean(env, decoded, key, default)
    local value = decoded[key]
    if sql.is_null(env, value) then
        return default
    end
    if type(value) ~= "boolean" then
        errors.raise(codes.WRONG_PARAMETER_TYPE, "parameter " .. key .. " must be true or false, not "
            .. errors.show(value), "Give " .. key .. " as the JSON value true or false (no quotes).")
    end
    return value
end

return M
end
package.preload["sme.metadata"] = function(...)
-- sme.metadata: rows of SME_METADATA_AUTOPILOT_JOBS and SME_METADATA_AUTOPILOT_ENDPOINTS in the
-- script's schema. Explicit column lists, every value a placeholder.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

M.DEPLOYED = "DEPLOYED"
M.DELETED = "DELETED"

local REDEPLOY_HINT = "Check that the extension was deployed into this schema with this version"
    .. " (sme-deploy creates the metadata tables) and that your user may read and write them."

local function run(env, statement, params, failure_code, context, todo)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, failure_code, context, todo)
    end
    return result
end

local function read(env, statement, params, what)
    return run(env, statement, params, codes.METADATA_READ_FAILED, "reading " .. what, REDEPLOY_HINT)
end

--- Column names or types as stored: a JSON array, or the existing extension's comma-separated text
-- (types split only at commas outside parentheses, so DECIMAL(18,0) stays whole).
function M.decode_list(env, text)
    if text == nil then
        return {}
    end
    if text:find("^%s*%[") then
        local ok, decoded = pcall(env.cjson.decode, text)
        if ok and type(decoded) == "table" then
            return decoded
        end
        errors.raise(codes.METADATA_READ_FAILED, "a column list in SME_METADATA_AUTOPILOT_JOBS is not"
            .. " valid JSON: " .. errors.show(text), "Train the job again under a new job name.")
    end
    local items, depth, current = {}, 0, {}
    for char in text:gmatch(".") do
        if char == "," and depth == 0 then
            items[#items + 1] = table.concat(current):match("^%s*(.-)%s*$")
            current = {}
        else
            depth = depth + (char == "(" and 1 or 0) - (char == ")" and 1 or 0)
            current[#current + 1] = char
        end
    end
    items[#items + 1] = table.concat(current):match("^%s*(.-)%s*$")
    return items
end

function M.job_exists(env, schema, job_name)
    local result = read(env, [[SELECT "JOB_NAME" FROM ::s."SME_METADATA_AUTOPILOT_JOBS" WHERE "JOB_NAME" = :j]],
        {s = schema, j = job_name}, "SME_METADATA_AUTOPILOT_JOBS")
    return #result > 0
end

--- Record a started job. job: job_name, connection, iam_role, s3_bucket_uri, s3_output_path, target,
-- problem_type, objective, the three limits, column_names, column_types, region, and the source:
-- input_schema and input_table, or input_query (nil -> NULL).
function M.insert_job(env, schema, job)
    local function value(v)
        if v == nil then
            return env.null
        end
        return v
    end
    run(env, [[INSERT INTO ::s."SME_METADATA_AUTOPILOT_JOBS" ("DATETIME", "JOB_NAME", ]]
        .. [["AWS_CREDENTIALS_CONNECTION_NAME", "IAM_SAGEMAKER_ROLE", "S3_BUCKET_URI", "S3_OUTPUT_PATH", ]]
        .. [["TARGET_ATTRIBUTE_NAME", "PROBLEM_TYPE", "OBJECTIVE", "MAX_RUNTIME_FOR_AUTOML_JOB_IN_SECONDS", ]]
        .. [["MAX_CANDIDATES", "MAX_RUNTIME_PER_TRAINING_JOB_IN_SECONDS", "SESSION_ID", "SCRIPT_USER", ]]
        .. [["COLUMN_NAMES", "COLUMN_TYPES", "AWS_REGION", "INPUT_SCHEMA_NAME", "INPUT_TABLE_OR_VIEW_NAME", ]]
        .. [["INPUT_QUERY") VALUES (CURRENT_TIMESTAMP, :job_name, :connection, :role, ]]
        .. [[:bucket_uri, :output_path, :target, :problem_type, :objective, :max_runtime, :max_candidates, ]]
        .. [[:max_runtime_per_job, CURRENT_SESSION, CURRENT_USER, :column_names, :column_types, :region, ]]
        .. [[:input_schema, :input_table, :input_query)]],
        {s = schema, job_name = job.job_name, connection = job.connection, role = job.iam_role,
         bucket_uri = job.s3_bucket_uri, output_path = job.s3_output_path, target = job.target,
         problem_type = value(job.problem_type), objective = value(job.objective),
         max_runtime = value(job.max_runtime), max_candidates = value(job.max_candidates),
         max_runtime_per_job = value(job.max_runtime_per_job),
         column_names = env.cjson.encode(job.column_names), column_types = env.cjson.encode(job.column_types),
         region = value(job.region), input_schema = value(job.input_schema), input_table = value(job.input_table),
         input_query = value(job.input_query)},
        codes.METADATA_WRITE_FAILED,
        "Autopilot job " .. job.job_name .. " was started in AWS but recording it in "
            .. "SME_METADATA_AUTOPILOT_JOBS",
        "It cannot be deployed from SQL without that row. Stop it with aws sagemaker stop-auto-ml-job"
            .. " --auto-ml-job-name " .. job.job_name .. ", fix the cause (" .. REDEPLOY_HINT:lower()
            .. ") and train again under a new job name.")
end

--- The recorded job with column_names and column_types as lists (E-SME-33 if there is none).
function M.read_job(env, schema, job_name)
    local columns = {"JOB_NAME", "AWS_CREDENTIALS_CONNECTION_NAME", "IAM_SAGEMAKER_ROLE", "S3_BUCKET_URI",
        "S3_OUTPUT_PATH", "TARGET_ATTRIBUTE_NAME", "PROBLEM_TYPE", "OBJECTIVE", "COLUMN_NAMES", "COLUMN_TYPES"}
    local quoted = {}
    for i, column in ipairs(columns) do
        quoted[i] = sql.quote_identifier(column)
    end
    local result = read(env, "SELECT " .. table.concat(quoted, ", ")
        .. [[ FROM ::s."SME_METADATA_AUTOPILOT_JOBS" WHERE "JOB_NAME" = :j]],
        {s = schema, j = job_name}, "SME_METADATA_AUTOPILOT_JOBS")
    if #result == 0 then
        errors.raise(codes.JOB_NOT_IN_METADATA, "there is no job " .. errors.show(job_name)
            .. " in SME_METADATA_AUTOPILOT_JOBS of schema " .. sql.quote_identifier(schema),
            "Give the name of a job started with SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT in this schema.")
    end
    local row = sql.rows(env, result, columns)[1]
    return {
        job_name = row.JOB_NAME,
        connection = row.AWS_CREDENTIALS_CONNECTION_NAME,
        target = row.TARGET_ATTRIBUTE_NAME,
        problem_type = row.PROBLEM_TYPE,
        objective = row.OBJECTIVE,
        s3_bucket_uri = row.S3_BUCKET_URI,
        s3_output_path = row.S3_OUTPUT_PATH,
        column_names = M.decode_list(env, row.COLUMN_NAMES),
        column_types = M.decode_list(env, row.COLUMN_TYPES),
    }
end

--- Record a deployed endpoint. endpoint: endpoint_name, job_name, schema, problem_type,
-- instance_type, instance_count, connection, region, prediction_udf (for the message), candidate_name,
-- serverless_memory_size_in_mb, serverless_max_concurrency (nil -> NULL; serverless: no instances).
function M.insert_endpoint(env, schema, endpoint)
    run(env, [[INSERT INTO ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" ("DATETIME", "ENDPOINT_NAME", "JOB_NAME", ]]
        .. [["UDF_SCHEMA_NAME", "PROBLEM_TYPE", "INSTANCE_TYPE", "INSTANCE_COUNT", ]]
        .. [["AWS_CREDENTIALS_CONNECTION_NAME", "AWS_REGION", "STATUS", "SESSION_ID", "SCRIPT_USER", ]]
        .. [["CANDIDATE_NAME", "SERVERLESS_MEMORY_SIZE_IN_MB", "SERVERLESS_MAX_CONCURRENCY") ]]
        .. [[VALUES (CURRENT_TIMESTAMP, :endpoint_name, :job_name, :udf_schema, :problem_type, ]]
        .. [[:instance_type, :instance_count, :connection, :region, :status, CURRENT_SESSION, CURRENT_USER, ]]
        .. [[:candidate_name, :memory_size, :max_concurrency)]],
        {s = schema, endpoint_name = endpoint.endpoint_name, job_name = endpoint.job_name,
         udf_schema = endpoint.schema, problem_type = endpoint.problem_type,
         instance_type = endpoint.instance_type or env.null, instance_count = endpoint.instance_count or env.null,
         connection = endpoint.connection, region = endpoint.region, status = M.DEPLOYED,
         candidate_name = endpoint.candidate_name or env.null,
         memory_size = endpoint.serverless_memory_size_in_mb or env.null,
         max_concurrency = endpoint.serverless_max_concurrency or env.null},
        codes.METADATA_WRITE_FAILED,
        "endpoint " .. endpoint.endpoint_name .. " is running in AWS and prediction UDF "
            .. endpoint.prediction_udf .. " was created, but recording them in SME_METADATA_AUTOPILOT_ENDPOINTS",
        "The endpoint costs money while it runs. Remove it with EXECUTE SCRIPT"
            .. " SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT('" .. endpoint.endpoint_name .. "', '"
            .. endpoint.connection:gsub("'", "''") .. "', '" .. endpoint.region .. "')"
            .. " and DROP SCRIPT " .. endpoint.prediction_udf .. ", fix the cause (" .. REDEPLOY_HINT:lower()
            .. ") and deploy again.")
end

--- The recorded, not yet deleted deployments of an endpoint: {udf_schema=, job_name=} rows.
function M.deployed_endpoints(env, schema, endpoint_name)
    local result = read(env, [[SELECT "UDF_SCHEMA_NAME", "JOB_NAME" FROM ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" ]]
        .. [[WHERE "ENDPOINT_NAME" = :e AND "STATUS" = :status]],
        {s = schema, e = endpoint_name, status = M.DEPLOYED}, "SME_METADATA_AUTOPILOT_ENDPOINTS")
    return sql.rows(env, result, {"UDF_SCHEMA_NAME", "JOB_NAME"})
end

function M.mark_endpoint_deleted(env, schema, endpoint_name)
    run(env, [[UPDATE ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" SET "STATUS" = :deleted ]]
        .. [[WHERE "ENDPOINT_NAME" = :e AND "STATUS" = :deployed]],
        {s = schema, e = endpoint_name, deleted = M.DELETED, deployed = M.DEPLOYED},
        codes.METADATA_WRITE_FAILED,
        "endpoint " .. endpoint_name .. " was deleted in AWS but marking it DELETED in"
            .. " SME_METADATA_AUTOPILOT_ENDPOINTS",
        "Fix the cause (" .. REDEPLOY_HINT:lower() .. ") and run SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT"
            .. " again; it reports resources that are already gone as NOT_FOUND.")
end

return M
end
package.preload["sme.prediction_udf_sql"] = function(...)
-- sme.prediction_udf_sql: the CREATE statement of the prediction UDF of one endpoint, as the
-- developer guide shows it. Inputs are the training columns without the target, in ordinal order;
-- it emits them, then PROBABILITY (classification only) and PREDICTIONS. With a package archive as
-- the Python runtime (sme.runtime.PYTHON_PATH), the UDF text starts with the line that imports from it.
-- build_for_endpoint writes the same kind of UDF for an endpoint the extension did not create
-- (EndpointPredictionUDF): inputs and output columns as the user names them.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local rules = require("sme.rules")
local runtime = require("sme.runtime")
local sql = require("sme.sql")
local validation = require("sme.validation")

local M = {}

local REGRESSION_PREDICTIONS_TYPE = "DOUBLE"
local PROBABILITY_TYPE = "DOUBLE"

--- Raise E-SME-39 if a feature column has the name of an output column the UDF adds.
function M.check_feature_names(feature_names)
    for _, name in ipairs(feature_names) do
        if name == rules.PROBABILITY_COLUMN or name == rules.PREDICTIONS_COLUMN then
            errors.raise(codes.RESERVED_OUTPUT_COLUMN, "the input column " .. sql.quote_identifier(name)
                .. " has the name of an output column of the prediction UDF",
                "Rename it, for example in a view over the table, and train with that view; "
                .. rules.PROBABILITY_COLUMN .. " and " .. rules.PREDICTIONS_COLUMN .. " are reserved.")
        end
    end
end

-- Letters, digits, spaces, commas and unnested parentheses: DECIMAL(18,0), VARCHAR(100) UTF8,
-- INTERVAL DAY(2) TO SECOND(3). Such a text can never close the UDF's column list early.
local function looks_like_type(column_type)
    if type(column_type) ~= "string" or not column_type:find("^[A-Za-z][A-Za-z0-9 (),]*$") then
        return false
    end
    local depth = 0
    for char in column_type:gmatch("[()]") do
        depth = depth + (char == "(" and 1 or -1)
        if depth < 0 or depth > 1 then
            return false
        end
    end
    return depth == 0
end

local function checked_type(column_name, column_type)
    if not looks_like_type(column_type) then
        errors.raise(codes.PREDICTION_UDF_CREATION_FAILED, "column " .. sql.quote_identifier(column_name)
            .. " has the type " .. errors.show(column_type) .. " which is not an Exasol data type",
            "Check COLUMN_TYPES of the job in SME_METADATA_AUTOPILOT_JOBS, or train the job again.")
    end
    return column_type
end

--- The checked input columns: {inputs = {'"name" TYPE', ...}, target_type = ...}. Raises E-SME-37
-- if the recorded columns cannot make a UDF, E-SME-39 if a feature has an output column's name.
-- spec: target, column_names, column_types (all training columns in ordinal order, target included).
function M.check_columns(spec)
    if #spec.column_names ~= #spec.column_types then
        errors.raise(codes.PREDICTION_UDF_CREATION_FAILED, "the job has " .. #spec.column_names
            .. " recorded column names but " .. #spec.column_types .. " column types",
            "Check COLUMN_NAMES and COLUMN_TYPES of the job in SME_METADATA_AUTOPILOT_JOBS, or train again.")
    end
    local inputs, features, target_type = {}, {}, nil
    for i, name in ipairs(spec.column_names) do
        local column_type = checked_type(name, spec.column_types[i])
        if name == spec.target then
            target_type = column_type
        else
            features[#features + 1] = name
            inputs[#inputs + 1] = sql.quote_identifier(name) .. " " .. column_type
        end
    end
    if target_type == nil or #inputs == 0 then
        errors.raise(codes.PREDICTION_UDF_CREATION_FAILED, "the recorded columns of the job do not hold"
            .. " its target " .. sql.quote_identifier(spec.target) .. " and at least one other column",
            "Check COLUMN_NAMES and COLUMN_TYPES of the job in SME_METADATA_AUTOPILOT_JOBS, or train again.")
    end
    M.check_feature_names(features)
    return {inputs = inputs, target_type = target_type}
end

--- The first lines of a generated UDF's Python text: put python_path on sys.path ("" for nil), the
-- same lines the deploy CLI writes into the fixed UDFs.
function M.prelude(python_path)
    if python_path == nil then
        return ""
    end
    local literal = sql.quote_python_string(python_path)
    return "import sys\nif " .. literal .. " not in sys.path: sys.path.insert(0, " .. literal .. ")\n"
end

-- The statement around the Python text: CREATE OR REPLACE ... SET SCRIPT "schema"."name"(inputs) EMITS (...).
local function create_statement(schema, name, inputs, outputs, python)
    return "CREATE OR REPLACE PYTHON3_SME SET SCRIPT " .. sql.quote_identifier(schema) .. "."
        .. sql.quote_identifier(name) .. "(" .. table.concat(inputs, ", ") .. ")\n"
        .. "EMITS (" .. table.concat(outputs, ", ") .. ") AS\n"
        .. M.prelude(runtime.PYTHON_PATH)
        .. python
        .. "def run(ctx):\n"
        .. "    return udf.run(ctx)\n"
end

-- ", max_payload_bytes=<n>" for a given limit, "" without one.
local function payload_argument(max_payload_bytes)
    if max_payload_bytes == nil then
        return ""
    end
    return ", max_payload_bytes=" .. string.format("%d", max_payload_bytes)
end

--- spec: schema, endpoint_name, connection, region, problem_type, target, column_names, column_types,
-- max_payload_bytes (the largest request body; nil: the UDF's default).
function M.build(spec)
    local checked = M.check_columns(spec)
    local inputs, outputs = checked.inputs, {}
    for i, input in ipairs(inputs) do
        outputs[i] = input
    end
    local predictions_type = REGRESSION_PREDICTIONS_TYPE
    if validation.is_classification(spec.problem_type) then
        outputs[#outputs + 1] = sql.quote_identifier(rules.PROBABILITY_COLUMN) .. " " .. PROBABILITY_TYPE
        predictions_type = checked.target_type
    end
    outputs[#outputs + 1] = sql.quote_identifier(rules.PREDICTIONS_COLUMN) .. " " .. predictions_type
    return create_statement(spec.schema, spec.endpoint_name, inputs, outputs,
        "from exasol_sagemaker_extension.udfs.prediction_udf import PredictionUDF\n"
        .. "udf = PredictionUDF(exa, endpoint_name=" .. sql.quote_python_string(spec.endpoint_name)
        .. ", connection_name=" .. sql.quote_python_string(spec.connection)
        .. ", aws_region=" .. sql.quote_python_string(spec.region)
        .. ", problem_type=" .. sql.quote_python_string(spec.problem_type)
        .. payload_argument(spec.max_payload_bytes) .. ")\n")
end

--- The UDF of an endpoint the extension did not create. spec: schema, udf_name, endpoint_name,
-- connection, region, inputs and outputs ({name=, type=} with checked types), max_payload_bytes.
function M.build_for_endpoint(spec)
    local inputs, outputs = {}, {}
    for i, column in ipairs(spec.inputs) do
        inputs[i] = sql.quote_identifier(column.name) .. " " .. checked_type(column.name, column.type)
        outputs[i] = inputs[i]
    end
    for _, column in ipairs(spec.outputs) do
        outputs[#outputs + 1] = sql.quote_identifier(column.name) .. " " .. checked_type(column.name, column.type)
    end
    return create_statement(spec.schema, spec.udf_name, inputs, outputs,
        "from exasol_sagemaker_extension.udfs.endpoint_prediction_udf import EndpointPredictionUDF\n"
        .. "udf = EndpointPredictionUDF(exa, endpoint_name=" .. sql.quote_python_string(spec.endpoint_name)
        .. ", connection_name=" .. sql.quote_python_string(spec.connection)
        .. ", aws_region=" .. sql.quote_python_string(spec.region)
        .. payload_argument(spec.max_payload_bytes) .. ")\n")
end

return M
end
package.preload["sme.resource_state"] = function(...)
-- sme.resource_state: SME_METADATA_AWS_RESOURCE_STATE, one row per job or endpoint of this schema with
-- its last known state in AWS and the last action taken on it, plus the metadata reads the lifecycle
-- scripts share. A state row is only written for a resource the metadata tables know.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

M.JOB = "JOB"
M.ENDPOINT = "ENDPOINT"
M.NOT_FOUND = "NOT_FOUND"
M.DEPLOYED = "DEPLOYED"
M.TABLE = "SME_METADATA_AWS_RESOURCE_STATE"

local REDEPLOY_HINT = "Check that the extension was deployed into this schema with this version"
    .. " (sme-deploy creates the metadata tables) and that your user may read and write them."

-- The metadata table (and its name column) that must know a resource before its state is recorded.
local OWNERS = {
    JOB = {"SME_METADATA_AUTOPILOT_JOBS", "JOB_NAME"},
    ENDPOINT = {"SME_METADATA_AUTOPILOT_ENDPOINTS", "ENDPOINT_NAME"},
}
-- Written with every status (nil -> NULL), and written only when given.
local STATUS_COLUMNS = {{"STATUS", "status"}, {"SECONDARY_STATUS", "secondary_status"},
                        {"FAILURE_REASON", "failure_reason"}}
local GIVEN_COLUMNS = {{"AWS_REGION", "region"}, {"INSTANCE_TYPE", "instance_type"},
                       {"INSTANCE_COUNT", "instance_count"}}
local ACTION_COLUMNS = {{"LAST_ACTION", "action"}, {"LAST_ACTION_DETAIL", "action_detail"}}

local function read(env, statement, params, what)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_READ_FAILED, "reading " .. what, REDEPLOY_HINT)
    end
    return result
end

-- The columns and values a state change writes: {column, SQL expression} pairs and the parameters.
local function assignments(env, state)
    local columns, params = {}, {}
    local function add(column, key, value)
        if value == nil then
            value = env.null
        end
        params[key] = value
        columns[#columns + 1] = {column, ":" .. key}
    end
    if state.status ~= nil then
        for _, column in ipairs(STATUS_COLUMNS) do
            add(column[1], column[2], state[column[2]])
        end
        columns[#columns + 1] = {"CHECKED_AT", "CURRENT_TIMESTAMP"}
        columns[#columns + 1] = {"CHECKED_BY", "CURRENT_USER"}
    end
    for _, column in ipairs(GIVEN_COLUMNS) do
        if state[column[2]] ~= nil then
            add(column[1], column[2], state[column[2]])
        end
    end
    if state.action ~= nil then
        for _, column in ipairs(ACTION_COLUMNS) do
            add(column[1], column[2], state[column[2]])
        end
        columns[#columns + 1] = {"LAST_ACTION_AT", "CURRENT_TIMESTAMP"}
    end
    return columns, params
end

local function write(env, schema, state)
    local owner = OWNERS[state.kind]
    local columns, params = assignments(env, state)
    params.s, params.kind, params.name = schema, state.kind, state.name
    params.owner, params.owner_column = owner[1], owner[2]
    local sets, names, values = {}, {}, {}
    for i, column in ipairs(columns) do
        sets[i] = sql.quote_identifier(column[1]) .. " = " .. column[2]
        names[i] = sql.quote_identifier(column[1])
        values[i] = column[2]
    end
    local ok, result = env.pquery([[UPDATE ::s."SME_METADATA_AWS_RESOURCE_STATE" SET ]] .. table.concat(sets, ", ")
        .. [[ WHERE "RESOURCE_KIND" = :kind AND "RESOURCE_NAME" = :name]], params)
    if ok and (result.rows_affected or 0) == 0 then
        ok, result = env.pquery([[INSERT INTO ::s."SME_METADATA_AWS_RESOURCE_STATE" ("RESOURCE_KIND", ]]
            .. [["RESOURCE_NAME", ]] .. table.concat(names, ", ") .. [[) SELECT DISTINCT :kind, :name, ]]
            .. table.concat(values, ", ") .. [[ FROM ::s.::owner WHERE ::owner_column = :name]], params)
    end
    return ok, result
end

--- Record a resource's state and/or the last action on it. state: kind (JOB|ENDPOINT), name, and any
-- of region, status, secondary_status, failure_reason, instance_type, instance_count, action,
-- action_detail. A failure is E-SME-36 with "<context> failed" as its text.
function M.record(env, schema, state, context)
    local ok, result = write(env, schema, state)
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_WRITE_FAILED,
            context .. " but recording it in " .. M.TABLE, "Fix the cause (" .. REDEPLOY_HINT:lower()
            .. ") and run SME_REFRESH_SAGEMAKER_STATE to record the current state.")
    end
end

--- Like record, for scripts whose own work is done: a failure becomes one output line, not an error.
function M.try_record(env, schema, state)
    local ok, result = write(env, schema, state)
    if not ok then
        env.output("Warning: the state of " .. state.kind:lower() .. " " .. state.name .. " was not recorded in "
            .. M.TABLE .. ": " .. errors.database_message(result.error_message)
            .. ". Run SME_REFRESH_SAGEMAKER_STATE later.")
    end
    return ok
end

--- The recorded job's location: job_name, region (nil for rows of older versions), connection,
-- s3_bucket_uri, s3_output_path. E-SME-33 if this schema did not train it.
function M.read_job(env, schema, job_name)
    local columns = {"JOB_NAME", "AWS_REGION", "AWS_CREDENTIALS_CONNECTION_NAME", "S3_BUCKET_URI", "S3_OUTPUT_PATH"}
    local quoted = {}
    for i, column in ipairs(columns) do
        quoted[i] = sql.quote_identifier(column)
    end
    local result = read(env, "SELECT " .. table.concat(quoted, ", ")
        .. [[ FROM ::s."SME_METADATA_AUTOPILOT_JOBS" WHERE "JOB_NAME" = :j]],
        {s = schema, j = job_name}, "SME_METADATA_AUTOPILOT_JOBS")
    if #result == 0 then
        errors.raise(codes.JOB_NOT_IN_METADATA, "there is no job " .. errors.show(job_name)
            .. " in SME_METADATA_AUTOPILOT_JOBS of schema " .. sql.quote_identifier(schema),
            "Give the name of a job started with SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT in this schema.")
    end
    local row = sql.rows(env, result, columns)[1]
    return {job_name = row.JOB_NAME, region = row.AWS_REGION, connection = row.AWS_CREDENTIALS_CONNECTION_NAME,
            s3_bucket_uri = row.S3_BUCKET_URI, s3_output_path = row.S3_OUTPUT_PATH}
end

--- E-SME-143 when the job was recorded with another region than the one given.
function M.check_region(job, region)
    if job.region ~= nil and job.region ~= region then
        errors.raise(codes.REGION_MISMATCH, "job " .. job.job_name .. " was trained in region " .. job.region
            .. ", not " .. errors.show(region), "Give aws_region '" .. job.region .. "'.")
    end
end

--- A TRUE/FALSE script argument; NULL means false. E-SME-3 for anything else.
function M.optional_boolean(env, value, name)
    if value == nil or value == env.null then
        return false
    end
    if type(value) ~= "boolean" then
        errors.raise(codes.WRONG_PARAMETER_TYPE, "parameter " .. name .. " must be TRUE or FALSE, not "
            .. errors.show(value), "Pass TRUE or FALSE without quotes.")
    end
    return value
end

--- Names of the endpoints recorded as DEPLOYED (of one job and/or one region when given), sorted.
function M.deployed_endpoint_names(env, schema, job_name, region)
    local statement = [[SELECT DISTINCT "ENDPOINT_NAME" FROM ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" ]]
        .. [[WHERE "STATUS" = :deployed]]
    local params = {s = schema, deployed = M.DEPLOYED}
    if job_name ~= nil then
        statement, params.j = statement .. [[ AND "JOB_NAME" = :j]], job_name
    end
    if region ~= nil then
        statement, params.r = statement .. [[ AND "AWS_REGION" = :r]], region
    end
    local rows = sql.rows(env, read(env, statement, params, "SME_METADATA_AUTOPILOT_ENDPOINTS"), {"ENDPOINT_NAME"})
    local names = {}
    for i, row in ipairs(rows) do
        names[i] = row.ENDPOINT_NAME
    end
    table.sort(names)
    return names
end

return M
end
package.preload["sme.rules"] = function(...)
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
end
package.preload["sme.runtime"] = function(...)
-- sme.runtime: where the deploy CLI put the Python runtime of the UDFs, rendered by
-- deployment/lua_bundler.py. PYTHON_PATH is the directory of the unpacked package archive, which every
-- generated UDF puts on sys.path; nil when the runtime is a script-language container (or not deployed).
local M = {}

M.PYTHON_PATH = nil

return M
end
package.preload["sme.sql"] = function(...)
-- sme.sql: quoting for the few texts that cannot go through :name / ::name placeholders
-- (column lists, the body of a generated Python UDF) and helpers to read query results.
local M = {}

local PYTHON_ESCAPES = {["\\"] = "\\\\", ["'"] = "\\'", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t"}

--- "name" with inner double quotes doubled: the identifier exactly as given, case kept.
function M.quote_identifier(name)
    return '"' .. (tostring(name):gsub('"', '""')) .. '"'
end

--- A single-quoted Python string literal: backslash, quote and every control character escaped.
function M.quote_python_string(text)
    local escaped = tostring(text):gsub("[\0-\31\127\\']", function(char)
        return PYTHON_ESCAPES[char] or string.format("\\x%02x", char:byte())
    end)
    return "'" .. escaped .. "'"
end

--- Whether a value from a script parameter, a result or cjson is SQL NULL / JSON null / nil.
function M.is_null(env, value)
    return value == nil or value == env.null or (env.cjson ~= nil and value == env.cjson.null)
end

--- A result value as Lua string, nil for NULL.
function M.text(env, value)
    if M.is_null(env, value) then
        return nil
    end
    return tostring(value)
end

--- A result value as Lua integer, nil for NULL or anything that is not a whole number.
-- Accepts Lua numbers and anything whose text is a whole number (Exasol's DECIMAL values).
function M.integer(env, value)
    if M.is_null(env, value) then
        return nil
    end
    if type(value) == "number" then
        return math.tointeger(value)
    end
    local text = tostring(value):match("^%s*(%d+)%.?0*%s*$")
    if text == nil then
        return nil
    end
    return math.tointeger(tonumber(text))
end

--- The rows of a SELECT result as plain Lua tables keyed by the given column names.
function M.rows(env, result, columns)
    local rows = {}
    for i = 1, #result do
        local row = {}
        for _, column in ipairs(columns) do
            local value = result[i][column]
            if M.is_null(env, value) then
                value = nil
            end
            row[column] = value
        end
        rows[i] = row
    end
    return rows
end

return M
end
package.preload["sme.udf"] = function(...)
-- sme.udf: runs the SELECT that calls one of the extension's Python UDFs. A failure passes the UDF's
-- own E-SME message on unchanged (never its traceback); anything else becomes E-SME-38.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

--- The UDF's rows as plain tables keyed by the given column names (NULL -> nil).
function M.call(env, udf_name, statement, params, columns)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.UDF_CALL_FAILED, "calling " .. udf_name)
    end
    return sql.rows(env, result, columns)
end

--- The UDF's only row; E-SME-38 if it returned none.
function M.call_one(env, udf_name, statement, params, columns)
    local rows = M.call(env, udf_name, statement, params, columns)
    if #rows == 0 then
        errors.raise(codes.UDF_CALL_FAILED, udf_name .. " returned no row",
            "Check that the extension was deployed completely into this schema with the same version.")
    end
    return rows[1]
end

return M
end
package.preload["sme.validation"] = function(...)
-- sme.validation: one check per kind of name or value, the same rules as
-- exasol_sagemaker_extension/names.py, with the limits of sme.rules. Each returns the (normalized)
-- value or raises the E-SME code of names.py.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local rules = require("sme.rules")

local M = {}

local show = errors.show
local ALNUM = "[A-Za-z0-9]"
-- Shapes fixed by AWS's own patterns (names.py keeps them inside its regular expressions).
local BUCKET_NAME_MIN_LENGTH, BUCKET_NAME_MAX_LENGTH = 3, 63
local ROLE_NAME_MAX_LENGTH, ROLE_PATH_MAX_LENGTH, ACCOUNT_ID_LENGTH = 64, 512, 12

local function contains(list, value)
    for _, item in ipairs(list) do
        if item == value then
            return true
        end
    end
    return false
end

-- AWS's name shape ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,n}$ plus its length limit: letters, digits and
-- hyphens, first and last a letter or digit, hyphens counted in the length.
local function is_aws_name(name, max_length)
    return type(name) == "string" and #name >= 1 and #name <= max_length
        and name:find("^[A-Za-z0-9%-]+$") ~= nil
        and name:find("^" .. ALNUM) ~= nil and name:find(ALNUM .. "$") ~= nil
end

function M.is_absent(value, null)
    return value == nil or value == "" or (null ~= nil and value == null)
end

--- A required text argument: E-SME-2 when missing or empty, E-SME-3 when not a string.
function M.required_string(value, name, null)
    if M.is_absent(value, null) then
        errors.raise(codes.MISSING_PARAMETER, "parameter " .. name .. " is missing",
            "Give " .. name .. " a value.")
    end
    if type(value) ~= "string" then
        errors.raise(codes.WRONG_PARAMETER_TYPE,
            "parameter " .. name .. " must be a string, not " .. type(value),
            "Give " .. name .. " as a text value in single quotes, for example '" .. name .. "'.")
    end
    return value
end

function M.job_name(name)
    if not is_aws_name(name, rules.JOB_NAME_MAX_LENGTH) then
        errors.raise(codes.INVALID_JOB_NAME, "invalid job name " .. show(name),
            "Use 1 to " .. rules.JOB_NAME_MAX_LENGTH .. " letters, digits and hyphens, starting and ending"
            .. " with a letter or digit.")
    end
    return name
end

function M.endpoint_name(name)
    if not is_aws_name(name, rules.ENDPOINT_NAME_MAX_LENGTH) then
        errors.raise(codes.INVALID_ENDPOINT_NAME, "invalid endpoint name " .. show(name),
            "Use 1 to " .. rules.ENDPOINT_NAME_MAX_LENGTH .. " letters, digits and hyphens, starting and"
            .. " ending with a letter or digit.")
    end
    return name
end

-- ^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$, for example eu-central-1.
local function is_region(region)
    if type(region) ~= "string" then
        return false
    end
    local middle = region:match("^[a-z][a-z](%-[a-z%-]*)%-[0-9][0-9]?$")
    return middle ~= nil and middle:gsub("%-[a-z]+", "") == ""
end

function M.region(region)
    if not is_region(region) then
        errors.raise(codes.INVALID_REGION, "invalid AWS region " .. show(region),
            "Give a region code such as eu-central-1 or us-east-1.")
    end
    return region
end

--- An Exasol identifier taken exactly as written: 1 to 128 characters, no control characters.
function M.identifier(name, kind)
    local length = type(name) == "string" and (utf8 and utf8.len(name) or #name) or nil
    if length == nil or length < 1 or length > rules.IDENTIFIER_MAX_LENGTH or name:find("[\0-\31]") then
        errors.raise(codes.INVALID_IDENTIFIER, "invalid " .. (kind or "identifier") .. " " .. show(name),
            "Give a name of 1 to " .. rules.IDENTIFIER_MAX_LENGTH .. " characters without control characters.")
    end
    return name
end

local function is_role_arn(role)
    local partition, account, path = role:match("^arn:aws([%-a-z]*):iam::([0-9]+):role/(.+)$")
    return partition ~= nil and partition:gsub("%-[a-z]+", "") == ""
        and #account == ACCOUNT_ID_LENGTH
        and #path <= ROLE_PATH_MAX_LENGTH and path:find("^[A-Za-z0-9_+=,.@/%-]+$") ~= nil
end

local function is_role_name(role)
    return #role <= ROLE_NAME_MAX_LENGTH and role:find("^[A-Za-z0-9_+=,.@%-]+$") ~= nil
end

--- An IAM role ARN (arn:aws:iam::<account>:role/<name>) or a role name.
function M.iam_role(role)
    if type(role) ~= "string" or #role > rules.IAM_ROLE_MAX_LENGTH
            or not (is_role_arn(role) or is_role_name(role)) then
        errors.raise(codes.INVALID_IAM_ROLE, "invalid IAM role " .. show(role),
            "Give the role's ARN (arn:aws:iam::<account>:role/<name>) or its name.")
    end
    return role
end

--- s3://bucket (one trailing slash allowed); returns "s3://bucket" and the bucket name.
function M.s3_bucket_uri(uri)
    local bucket = type(uri) == "string" and uri:match("^s3://([a-z0-9.%-]+)/?$") or nil
    if bucket == nil or #bucket < BUCKET_NAME_MIN_LENGTH or #bucket > BUCKET_NAME_MAX_LENGTH
            or not bucket:find("^[a-z0-9]") or not bucket:find("[a-z0-9]$") then
        errors.raise(codes.INVALID_S3_BUCKET_URI, "invalid S3 bucket URI " .. show(uri),
            "Give the bucket as s3://<bucket-name>, without a path.")
    end
    return "s3://" .. bucket, bucket
end

local function normalized_s3_path(path)
    if type(path) ~= "string" then
        return nil
    end
    local stripped = path:gsub("^/+", ""):gsub("/+$", "")
    if stripped == "" or #stripped > rules.S3_OUTPUT_PATH_MAX_LENGTH
            or not stripped:find("^[A-Za-z0-9!_.*'()/%-]+$") or stripped:find("//", 1, true) then
        return nil
    end
    for segment in stripped:gmatch("[^/]+") do
        if segment == "." or segment == ".." then
            return nil
        end
    end
    return stripped
end

--- The S3 key prefix without slashes at either end.
function M.s3_output_path(path)
    local normalized = normalized_s3_path(path)
    if normalized == nil then
        errors.raise(codes.INVALID_S3_OUTPUT_PATH, "invalid S3 output path " .. show(path),
            "Give a key prefix of up to " .. rules.S3_OUTPUT_PATH_MAX_LENGTH .. " characters made of"
            .. " letters, digits and !_.*'()/- such as ml/autopilot.")
    end
    return normalized
end

function M.instance_type(instance_type)
    if type(instance_type) ~= "string" or not instance_type:find("^ml%.[a-z0-9]+%.[a-z0-9]+$") then
        errors.raise(codes.INVALID_INSTANCE, "invalid instance type " .. show(instance_type),
            "Give a SageMaker instance type such as ml.m5.large.")
    end
    return instance_type
end

--- A whole number given as Lua number, digit string or Exasol DECIMAL; nil if it is none.
function M.to_integer(value)
    if type(value) == "number" then
        return math.tointeger(value)
    end
    if type(value) == "string" then
        local digits = value:match("^%s*(%d+)%s*$")
        return digits and math.tointeger(tonumber(digits)) or nil
    end
    if value ~= nil and type(value) ~= "boolean" and type(value) ~= "table" then
        local digits = tostring(value):match("^%s*(%d+)%.?0*%s*$")
        return digits and math.tointeger(tonumber(digits)) or nil
    end
    return nil
end

function M.instance_count(count)
    local number = M.to_integer(count)
    if number == nil or number < 1 or number > rules.INSTANCE_COUNT_MAX then
        errors.raise(codes.INVALID_INSTANCE, "invalid instance count " .. show(count),
            "Give a whole number from 1 to " .. rules.INSTANCE_COUNT_MAX .. ".")
    end
    return number
end

--- The problem type, or nil when it is left to Autopilot.
function M.problem_type(problem_type)
    if problem_type == nil or problem_type == "" then
        return nil
    end
    if not contains(rules.PROBLEM_TYPES, problem_type) then
        errors.raise(codes.INVALID_PROBLEM_TYPE, "invalid problem type " .. show(problem_type),
            "Use one of " .. table.concat(rules.PROBLEM_TYPES, ", ") .. ", or leave it out to let"
            .. " Autopilot decide.")
    end
    return problem_type
end

function M.is_problem_type(problem_type)
    return contains(rules.PROBLEM_TYPES, problem_type)
end

function M.is_classification(problem_type)
    return contains(rules.CLASSIFICATION_PROBLEM_TYPES, problem_type)
end

--- The objective metric name, checked against the problem type when one is given.
function M.objective(metric, problem_type)
    if metric == nil or metric == "" then
        return nil
    end
    local fitting = type(metric) == "string" and rules.OBJECTIVES[metric] or nil
    if fitting == nil then
        errors.raise(codes.INVALID_OBJECTIVE, "invalid objective " .. show(metric),
            "Use one of " .. table.concat(rules.OBJECTIVE_NAMES, ", ") .. ".")
    end
    if problem_type ~= nil and not contains(fitting, problem_type) then
        local usable = {}
        for _, name in ipairs(rules.OBJECTIVE_NAMES) do
            if contains(rules.OBJECTIVES[name], problem_type) then
                usable[#usable + 1] = name
            end
        end
        errors.raise(codes.INVALID_OBJECTIVE, "objective " .. metric .. " does not fit problem type "
            .. problem_type, "For " .. problem_type .. " use one of " .. table.concat(usable, ", ") .. ".")
    end
    return metric
end

--- The objective to send (names.resolve_objective): the given one, or the default of a given problem
-- type; AWS takes an objective only together with a problem type.
function M.resolve_objective(metric, problem_type)
    metric = M.objective(metric, problem_type)
    if metric ~= nil and problem_type == nil then
        errors.raise(codes.INVALID_OBJECTIVE, "objective " .. metric .. " is given without a problem_type",
            "AWS takes an objective only together with a problem type: add problem_type, or leave"
            .. " objective out to let Autopilot choose both.")
    end
    if problem_type ~= nil and metric == nil then
        return rules.DEFAULT_OBJECTIVES[problem_type]
    end
    return metric
end

--- A positive whole number (a JSON number with integer value or a digit string).
function M.positive_integer(value, name)
    local number = M.to_integer(value)
    if number == nil or number < 1 then
        errors.raise(codes.INVALID_LIMIT, "invalid " .. name .. " " .. show(value),
            "Give a positive whole number, or leave " .. name .. " out.")
    end
    return number
end

return M
end
-- EXECUTE SCRIPT SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT_WITH_OPTIONS(json_str): Exasol sets the parameter
-- as a global. Only the entry scripts touch the database's globals; the modules get them passed in as env.
local env = {query = query, pquery = pquery, exa = exa, output = output, null = null,
             cjson = cjson or require("cjson")}
return require("sme.endpoint_deployment").run_with_options(env, json_str)
/

-- 22/45: Lua script SME_CREATE_SAGEMAKER_PREDICTION_UDF
CREATE OR REPLACE LUA SCRIPT "Sme Schema"."SME_CREATE_SAGEMAKER_PREDICTION_UDF"(json_str) RETURNS TABLE AS
-- Exasol SageMaker Extension: entry_create_prediction_udf.lua with its modules, bundled at deploy time.
package.preload["sme.catalog"] = function(...)
-- sme.catalog: finds schemas, tables, columns and connections the way SQL would: the name exactly
-- as written first, then, for a regular identifier, upper-cased (`my_table` finds MY_TABLE,
-- `MixedCase` finds "MixedCase").
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

local LISTED_COLUMNS_MAX = 10

function M.is_regular_identifier(name)
    return name:find("^[A-Za-z][A-Za-z0-9_]*$") ~= nil
end

--- The names to try for a user-given name, in order.
function M.candidates(name)
    local names = {name}
    if M.is_regular_identifier(name) and name:upper() ~= name then
        names[2] = name:upper()
    end
    return names
end

local function select_rows(env, statement, params, what)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_READ_FAILED, "reading " .. what,
            "Check that your user may read the system tables of schema SYS and try again.")
    end
    return result
end

--- The connection's name as stored (E-SME-50 if there is none of that name).
function M.resolve_connection(env, name)
    for _, candidate in ipairs(M.candidates(name)) do
        local result = select_rows(env,
            [[SELECT CONNECTION_NAME FROM SYS.EXA_ALL_CONNECTIONS WHERE CONNECTION_NAME = :c]],
            {c = candidate}, "the connections")
        if #result > 0 then
            return candidate
        end
    end
    errors.raise(codes.CONNECTION_NOT_USABLE, "there is no connection " .. errors.show(name),
        "Create it with CREATE CONNECTION <name> TO 'https://<bucket>.s3.<region>.amazonaws.com/'"
        .. " USER '<access key id>' IDENTIFIED BY '<secret access key>' and let the user run it with"
        .. " GRANT CONNECTION <name> TO <user>, or give the name of an existing connection.")
end

--- The schema's name as stored (E-SME-34 if there is none of that name).
function M.resolve_schema(env, name)
    for _, candidate in ipairs(M.candidates(name)) do
        local result = select_rows(env, [[SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = :s]],
            {s = candidate}, "the schemas")
        if #result > 0 then
            return candidate
        end
    end
    errors.raise(codes.SCHEMA_NOT_FOUND, "there is no schema " .. errors.show(name),
        "Create it with CREATE SCHEMA, or give the name of an existing schema.")
end

--- Whether a schema of exactly this name exists.
function M.schema_exists(env, name)
    local result = select_rows(env, [[SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = :s]],
        {s = name}, "the schemas")
    return #result > 0
end

--- The table or view with its columns {name=, type=} in ordinal order (E-SME-30 if not found).
function M.resolve_table(env, schema_name, table_name)
    for _, schema in ipairs(M.candidates(schema_name)) do
        for _, table_candidate in ipairs(M.candidates(table_name)) do
            local result = select_rows(env, [[SELECT COLUMN_NAME, COLUMN_TYPE FROM SYS.EXA_ALL_COLUMNS ]]
                .. [[WHERE COLUMN_SCHEMA = :s AND COLUMN_TABLE = :t ORDER BY COLUMN_ORDINAL_POSITION]],
                {s = schema, t = table_candidate}, "the columns of the input table")
            if #result > 0 then
                local columns = {}
                for i = 1, #result do
                    columns[i] = {name = result[i].COLUMN_NAME, type = sql.text(env, result[i].COLUMN_TYPE)}
                end
                return {schema = schema, table = table_candidate, columns = columns}
            end
        end
    end
    errors.raise(codes.TABLE_NOT_FOUND, "found no table or view " .. errors.show(table_name)
        .. " in schema " .. errors.show(schema_name) .. " that you may read",
        "Check input_schema_name and input_table_or_view_name (a regular name is also tried upper-case)"
        .. " and that you have the SELECT privilege on it.")
end

local function column_list(columns)
    local names = {}
    for i = 1, math.min(#columns, LISTED_COLUMNS_MAX) do
        names[i] = sql.quote_identifier(columns[i].name)
    end
    local text = table.concat(names, ", ")
    if #columns > LISTED_COLUMNS_MAX then
        text = text .. " and " .. (#columns - LISTED_COLUMNS_MAX) .. " more"
    end
    return text
end

--- The target column of a resolved table (E-SME-31 if it has none of that name).
function M.resolve_target(source, target_name)
    for _, candidate in ipairs(M.candidates(target_name)) do
        for _, column in ipairs(source.columns) do
            if column.name == candidate then
                return column
            end
        end
    end
    errors.raise(codes.TARGET_COLUMN_NOT_FOUND, "table " .. sql.quote_identifier(source.schema) .. "."
        .. sql.quote_identifier(source.table) .. " has no column " .. errors.show(target_name),
        "Give one of its columns as target_attribute_name: " .. column_list(source.columns) .. ".")
end

return M
end
package.preload["sme.error_codes"] = function(...)
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
end
package.preload["sme.errors"] = function(...)
-- sme.errors: every failure leaves the scripts as one string "E-SME-<n>: what happened. what to do."
-- Database errors of the UDFs are searched for the extension's own message, which is passed on
-- unchanged; anything else becomes E-SME-38 (or the caller's code) with the database's first lines.
local codes = require("sme.error_codes")

local M = {}

local SHOWN_VALUE_MAX = 80
local DATABASE_MESSAGE_MAX = 600
local ESCAPES = {["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t", ["\\"] = "\\\\", ["'"] = "\\'"}

-- Cut text to at most max bytes without splitting a UTF-8 character.
local function cut(text, max)
    if #text <= max then
        return text
    end
    local stop = max
    while stop > 0 do
        local byte = text:byte(stop + 1)
        if byte == nil or byte < 0x80 or byte >= 0xC0 then
            break
        end
        stop = stop - 1
    end
    return text:sub(1, stop)
end

--- A rejected value as it appears in a message: quoted, control characters escaped, at most 80 chars.
function M.show(value)
    if type(value) ~= "string" then
        return tostring(value)
    end
    local escaped = value:gsub("[\0-\31\127\\']", function(char)
        return ESCAPES[char] or string.format("\\x%02x", char:byte())
    end)
    local text = "'" .. escaped .. "'"
    if #text > SHOWN_VALUE_MAX then
        text = cut(text, SHOWN_VALUE_MAX - 4) .. "...'"
    end
    return text
end

--- Abort the script with "E-SME-<code>: <what>. <todo>".
function M.raise(code, what, todo)
    assert(math.type(code) == "integer", "sme.errors.raise needs a code from sme.error_codes")
    local text = tostring(what):gsub("%.+$", "")
    error(string.format("E-SME-%d: %s. %s", code, text, todo), 0)
end

--- The extension's own "E-SME-<n>: ..." text inside a database message, or nil.
-- Takes the first such text up to the end of its line, without Exasol's "(Session: ...)" suffix.
function M.extract(message)
    if type(message) ~= "string" then
        return nil
    end
    local start = message:find("E%-SME%-%d+:")
    if start == nil then
        return nil
    end
    local line = message:sub(start):match("^[^\r\n]*")
    line = line:gsub("%s*%(Session: %d+%)%s*$", "")
    return (line:gsub("%s+$", ""))
end

--- A database message made short enough to show: no Python traceback, one line, shortened.
function M.database_message(message)
    local text = tostring(message or "unknown error")
    local traceback = text:find("Traceback (most recent call last)", 1, true)
    if traceback ~= nil then
        text = text:sub(1, traceback - 1)
    end
    text = text:gsub("%(Session: %d+%)", ""):gsub("%s+", " "):gsub("^ ", ""):gsub(" $", "")
    if #text > DATABASE_MESSAGE_MAX then
        text = cut(text, DATABASE_MESSAGE_MAX - 3) .. "..."
    end
    if text == "" then
        text = "no message"
    end
    return text
end

--- Re-raise a failed statement: its own E-SME text unchanged if it has one, else
-- "E-SME-<fallback_code>: <context> failed: <database message>. <todo>".
function M.from_database(message, fallback_code, context, todo)
    local own = M.extract(message)
    if own ~= nil then
        error(own, 0)
    end
    M.raise(fallback_code or codes.UDF_CALL_FAILED,
        context .. " failed: " .. M.database_message(message),
        todo or ("Check that the extension was deployed completely into this schema with the same version,"
            .. " and that the script language PYTHON3_SME is activated for this session or system."))
end

return M
end
package.preload["sme.json_params"] = function(...)
-- sme.json_params: the JSON-object argument of a script (SME_..._WITH_OPTIONS, SME_CREATE_...), decoded
-- and read key by key with the codes of the training JSON: E-SME-1 not an object, E-SME-15 unknown key,
-- E-SME-2 missing, E-SME-3 wrong type. JSON null counts as absent.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")
local validation = require("sme.validation")

local M = {}

--- The decoded object; what: "the deployment options" (for messages), example: a JSON text.
function M.decode(env, json_str, what, example)
    if type(json_str) ~= "string" or not json_str:find("%S") then
        errors.raise(codes.INVALID_JSON, what .. " are missing",
            "Pass one JSON object as the only argument, for example " .. example .. ".")
    end
    local ok, decoded = pcall(env.cjson.decode, json_str)
    local is_object = ok and type(decoded) == "table" and (next(decoded) == nil or #decoded == 0)
    if is_object then
        for key in pairs(decoded) do
            if type(key) ~= "string" then
                is_object = false
            end
        end
    end
    if not is_object then
        errors.raise(codes.INVALID_JSON, what .. " are not a JSON object: " .. errors.show(json_str),
            "Pass one JSON object with double-quoted keys and values, for example " .. example .. ".")
    end
    return decoded
end

--- E-SME-15 for keys outside accepted (a list of names).
function M.check_keys(decoded, accepted, what)
    local known = {}
    for _, key in ipairs(accepted) do
        known[key] = true
    end
    local unknown = {}
    for key in pairs(decoded) do
        if not known[key] then
            unknown[#unknown + 1] = errors.show(key)
        end
    end
    if #unknown > 0 then
        table.sort(unknown)
        errors.raise(codes.UNKNOWN_PARAMETER, "unknown " .. what .. " " .. table.concat(unknown, ", "),
            "Use only these keys: " .. table.concat(accepted, ", ") .. ".")
    end
end

function M.is_absent(env, value)
    return sql.is_null(env, value) or value == ""
end

--- A string value: nil when absent and not required; E-SME-2 when required and absent.
function M.string(env, decoded, key, required)
    local value = decoded[key]
    if M.is_absent(env, value) then
        if required then
            validation.required_string(nil, key)
        end
        return nil
    end
    if type(value) ~= "string" then
        errors.raise(codes.WRONG_PARAMETER_TYPE, "parameter " .. key .. " must be a string, not " .. type(value),
            "Give " .. key .. " as a JSON string in double quotes.")
    end
    return value
end

--- A number or digit string as given (checked by the caller's rule), nil when absent.
function M.number(env, decoded, key)
    local value = decoded[key]
    if M.is_absent(env, value) then
        return nil
    end
    if type(value) ~= "number" and type(value) ~= "string" then
        errors.raise(codes.WRONG_PARAMETER_TYPE, "parameter " .. key .. " must be a number, not " .. type(value),
            "Give " .. key .. " as a whole number.")
    end
    return value
end

--- A JSON boolean, default when absent.
function M.boolean(env, decoded, key, default)
    local value = decoded[key]
    if sql.is_null(env, value) then
        return default
    end
    if type(value) ~= "boolean" then
        errors.raise(codes.WRONG_PARAMETER_TYPE, "parameter " .. key .. " must be true or false, not "
            .. errors.show(value), "Give " .. key .. " as the JSON value true or false (no quotes).")
    end
    return value
end

return M
end
package.preload["sme.prediction_udf_creation"] = function(...)
-- sme.prediction_udf_creation: SME_CREATE_SAGEMAKER_PREDICTION_UDF(json_str). Generates a prediction UDF
-- for a SageMaker endpoint the extension did not create (any endpoint that takes CSV rows and answers one
-- CSV record per row), with the inputs and output columns the user names, after checking with
-- SME_ENDPOINT_DESCRIPTION_UDF that the endpoint exists (and whether it is serverless), and records it in
-- SME_METADATA_PREDICTION_UDFS. Such endpoints are never deleted by SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT
-- (refuse_foreign_deletion).
local catalog = require("sme.catalog")
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local json_params = require("sme.json_params")
local prediction_udf_sql = require("sme.prediction_udf_sql")
local rules = require("sme.rules")
local sql = require("sme.sql")
local udf = require("sme.udf")
local validation = require("sme.validation")

local M = {}

M.REQUIRED_KEYS = {"endpoint_name", "schema_name", "input_columns", "output_columns",
                   "aws_credentials_connection_name", "aws_region"}
M.OPTIONAL_KEYS = {"udf_name", "serverless"}
M.COLUMNS = "PREDICTION_UDF VARCHAR(300), ENDPOINT_NAME VARCHAR(" .. rules.ENDPOINT_NAME_MAX_LENGTH .. "),"
    .. " ENDPOINT_STATUS VARCHAR(64), MAX_PAYLOAD_BYTES DECIMAL(9,0)"
M.DESCRIBE_SQL = [[SELECT ::s."SME_ENDPOINT_DESCRIPTION_UDF"(:endpoint_name, :connection, :region)]]
M.SERVERLESS = "SERVERLESS"
local EXAMPLE = [[{"endpoint_name": "my-ep", "schema_name": "ML", "input_columns": [{"name": "AGE", ]]
    .. [["type": "DECIMAL(3,0)"}], "output_columns": [{"name": "SCORE", "type": "DOUBLE"}], ]]
    .. [["aws_credentials_connection_name": "AWS_CONN", "aws_region": "eu-central-1"}]]
local PLAIN_TYPES = {
    ["DOUBLE"] = true, ["DOUBLE PRECISION"] = true, ["FLOAT"] = true, ["REAL"] = true, ["BOOLEAN"] = true,
    ["BOOL"] = true, ["DATE"] = true, ["TIMESTAMP"] = true, ["DECIMAL"] = true, ["INTEGER"] = true,
    ["INT"] = true, ["BIGINT"] = true, ["SMALLINT"] = true, ["TINYINT"] = true,
}
local TYPE_HINT = "Use an Exasol type: DECIMAL(p,s), INTEGER, BIGINT, DOUBLE, BOOLEAN, VARCHAR(n) [UTF8|ASCII],"
    .. " CHAR(n) [UTF8|ASCII], DATE or TIMESTAMP."

local function accepted_keys()
    local keys = {}
    for _, list in ipairs({M.REQUIRED_KEYS, M.OPTIONAL_KEYS}) do
        for _, key in ipairs(list) do
            keys[#keys + 1] = key
        end
    end
    return keys
end

local function in_range(text, low, high)
    local number = math.tointeger(tonumber(text))
    return number ~= nil and number >= low and number <= high
end

local function sized_type(text, name, max)
    local size, rest = text:match("^" .. name .. " ?%( ?(%d+) ?%) ?(.*)$")
    if size ~= nil and in_range(size, 1, max) and (rest == "" or rest == "UTF8" or rest == "ASCII") then
        return name .. "(" .. size .. ")" .. (rest ~= "" and " " .. rest or "")
    end
    return nil
end

local function decimal_type(text)
    local precision, scale = text:match("^DECIMAL ?%( ?(%d+) ?, ?(%d+) ?%)$")
    if precision == nil then
        precision, scale = text:match("^DECIMAL ?%( ?(%d+) ?%)$"), "0"
    end
    if precision ~= nil and in_range(precision, 1, rules.DECIMAL_MAX_PRECISION)
            and in_range(scale, 0, math.tointeger(tonumber(precision))) then
        return "DECIMAL(" .. precision .. "," .. scale .. ")"
    end
    return nil
end

--- The SQL type as it is written into the UDF (upper case, single spaces), or E-SME-126.
function M.sql_type(column_name, column_type)
    local text = type(column_type) == "string" and column_type:upper():gsub("%s+", " "):match("^ ?(.-) ?$") or nil
    local checked = nil
    if text ~= nil then
        checked = (PLAIN_TYPES[text] and text) or decimal_type(text) or sized_type(text, "VARCHAR", rules.VARCHAR_MAX_LENGTH)
            or sized_type(text, "CHAR", rules.CHAR_MAX_LENGTH)
    end
    if checked == nil then
        errors.raise(codes.INVALID_SQL_TYPE, "column " .. errors.show(column_name) .. " has the type "
            .. errors.show(column_type) .. ", which the prediction UDF cannot take", TYPE_HINT)
    end
    return checked
end

local function column_list(env, decoded, key)
    local list = decoded[key]
    local hint = "Give " .. key .. " as a non-empty JSON list of objects such as {\"name\": \"AGE\", \"type\":"
        .. " \"DECIMAL(3,0)\"}."
    if type(list) ~= "table" or #list == 0 or next(list, #list) ~= nil then
        errors.raise(codes.INVALID_COLUMN_SPEC, "parameter " .. key .. " is not a non-empty list of columns", hint)
    end
    local columns = {}
    for i, item in ipairs(list) do
        local keys = 0
        for _ in pairs(type(item) == "table" and item or {}) do
            keys = keys + 1
        end
        if type(item) ~= "table" or type(item.name) ~= "string" or type(item.type) ~= "string" or keys ~= 2 then
            errors.raise(codes.INVALID_COLUMN_SPEC, "item " .. i .. " of " .. key .. " is not an object with"
                .. " exactly the string keys name and type", hint)
        end
        columns[i] = {name = validation.identifier(item.name, "column name"), type = M.sql_type(item.name, item.type)}
    end
    return columns
end

local function check_distinct(inputs, outputs)
    local seen = {}
    for _, list in ipairs({inputs, outputs}) do
        for _, column in ipairs(list) do
            if seen[column.name] then
                errors.raise(codes.INVALID_COLUMN_SPEC, "the column name " .. sql.quote_identifier(column.name)
                    .. " appears twice among input_columns and output_columns",
                    "Give every input and output column its own name; the UDF emits its inputs, then the outputs.")
            end
            seen[column.name] = true
        end
    end
end

--- The checked parameters (keys as the JSON's; udf_name defaults to endpoint_name, serverless to nil:
-- found out from the endpoint).
function M.parse(env, json_str)
    local decoded = json_params.decode(env, json_str, "the prediction UDF parameters", EXAMPLE)
    json_params.check_keys(decoded, accepted_keys(), "prediction UDF parameter")
    local params = {}
    for _, key in ipairs({"endpoint_name", "schema_name", "aws_credentials_connection_name", "aws_region"}) do
        params[key] = json_params.string(env, decoded, key, true)
    end
    validation.endpoint_name(params.endpoint_name)
    validation.identifier(params.schema_name, "schema name")
    params.udf_name = validation.identifier(json_params.string(env, decoded, "udf_name") or params.endpoint_name,
        "UDF name")
    params.inputs = column_list(env, decoded, "input_columns")
    params.outputs = column_list(env, decoded, "output_columns")
    check_distinct(params.inputs, params.outputs)
    params.serverless = json_params.boolean(env, decoded, "serverless", nil)
    validation.identifier(params.aws_credentials_connection_name, "connection name")
    validation.region(params.aws_region)
    return params
end

-- [{"name": ..., "type": ...}, ...] with the keys always in this order.
local function encode_columns(env, columns)
    local items = {}
    for i, column in ipairs(columns) do
        items[i] = '{"name":' .. env.cjson.encode(column.name) .. ',"type":' .. env.cjson.encode(column.type) .. "}"
    end
    return "[" .. table.concat(items, ",") .. "]"
end

local function record(env, script_schema, params, schema, connection, max_payload_bytes, prediction_udf)
    local ok, result = env.pquery([[INSERT INTO ::s."SME_METADATA_PREDICTION_UDFS" ("DATETIME", "UDF_SCHEMA_NAME", ]]
        .. [["UDF_NAME", "ENDPOINT_NAME", "AWS_CREDENTIALS_CONNECTION_NAME", "AWS_REGION", "SERVERLESS", ]]
        .. [["MAX_PAYLOAD_BYTES", "INPUT_COLUMNS", "OUTPUT_COLUMNS", "SESSION_ID", "SCRIPT_USER") ]]
        .. [[VALUES (CURRENT_TIMESTAMP, :udf_schema, :udf_name, :endpoint_name, :connection, :region, :serverless, ]]
        .. [[:max_payload_bytes, :inputs, :outputs, CURRENT_SESSION, CURRENT_USER)]],
        {s = script_schema, udf_schema = schema, udf_name = params.udf_name, endpoint_name = params.endpoint_name,
         connection = connection, region = params.aws_region, serverless = params.serverless,
         max_payload_bytes = max_payload_bytes, inputs = encode_columns(env, params.inputs),
         outputs = encode_columns(env, params.outputs)})
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_WRITE_FAILED, "prediction UDF " .. prediction_udf
            .. " was created, but recording it in SME_METADATA_PREDICTION_UDFS",
            "The UDF works; to have it recorded, check that the extension was deployed into this schema with"
            .. " this version and that your user may write its metadata tables, then run the script again.")
    end
end

function M.run(env, json_str)
    local params = M.parse(env, json_str)
    local script_schema = env.exa.meta.script_schema
    local schema = catalog.resolve_schema(env, params.schema_name)
    local connection = catalog.resolve_connection(env, params.aws_credentials_connection_name)
    local described = udf.call_one(env, "SME_ENDPOINT_DESCRIPTION_UDF", M.DESCRIBE_SQL,
        {s = script_schema, endpoint_name = params.endpoint_name, connection = connection, region = params.aws_region},
        {"ENDPOINT_NAME", "ENDPOINT_STATUS", "ENDPOINT_KIND"})
    if params.serverless == nil then
        params.serverless = described.ENDPOINT_KIND == M.SERVERLESS
    end
    local max_payload_bytes = params.serverless and rules.SERVERLESS_MAX_PAYLOAD_BYTES
        or rules.REALTIME_MAX_PAYLOAD_BYTES
    local prediction_udf = sql.quote_identifier(schema) .. "." .. sql.quote_identifier(params.udf_name)
    local statement = prediction_udf_sql.build_for_endpoint({
        schema = schema, udf_name = params.udf_name, endpoint_name = params.endpoint_name,
        connection = connection, region = params.aws_region, inputs = params.inputs, outputs = params.outputs,
        max_payload_bytes = max_payload_bytes,
    })
    local ok, result = env.pquery(statement)
    if not ok then
        errors.raise(codes.PREDICTION_UDF_CREATION_FAILED, "creating the prediction UDF " .. prediction_udf
            .. " failed: " .. errors.database_message(result.error_message),
            "Check that you may CREATE SCRIPT in that schema and that the script language PYTHON3_SME is activated.")
    end
    record(env, script_schema, params, schema, connection, max_payload_bytes, prediction_udf)
    return {{prediction_udf, params.endpoint_name, described.ENDPOINT_STATUS or env.null, max_payload_bytes}},
        M.COLUMNS
end

--- E-SME-127 when endpoint_name has a prediction UDF generated by SME_CREATE_SAGEMAKER_PREDICTION_UDF and
-- the extension never deployed an endpoint of that name in this schema: it belongs to someone else.
function M.refuse_foreign_deletion(env, script_schema, endpoint_name)
    local function rows(statement, what)
        local ok, result = env.pquery(statement, {s = script_schema, e = endpoint_name})
        if not ok then
            errors.from_database(result.error_message, codes.METADATA_READ_FAILED, "reading " .. what,
                "Check that the extension was deployed into this schema with this version.")
        end
        return result
    end
    local generated = rows([[SELECT "UDF_SCHEMA_NAME", "UDF_NAME" FROM ::s."SME_METADATA_PREDICTION_UDFS" ]]
        .. [[WHERE "ENDPOINT_NAME" = :e]], "SME_METADATA_PREDICTION_UDFS")
    if #generated == 0 then
        return
    end
    local deployed = rows([[SELECT "ENDPOINT_NAME" FROM ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" ]]
        .. [[WHERE "ENDPOINT_NAME" = :e]], "SME_METADATA_AUTOPILOT_ENDPOINTS")
    if #deployed > 0 then
        return
    end
    local udfs = {}
    for i, row in ipairs(sql.rows(env, generated, {"UDF_SCHEMA_NAME", "UDF_NAME"})) do
        udfs[i] = sql.quote_identifier(row.UDF_SCHEMA_NAME or "?") .. "." .. sql.quote_identifier(row.UDF_NAME or "?")
    end
    errors.raise(codes.FOREIGN_ENDPOINT_NOT_DELETED, "endpoint " .. endpoint_name .. " was not created by the"
        .. " extension (prediction UDF " .. table.concat(udfs, ", ") .. " was generated for it with"
        .. " SME_CREATE_SAGEMAKER_PREDICTION_UDF), so SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT leaves it alone",
        "Delete the endpoint where it was created; drop the UDF with DROP SCRIPT if you no longer need it.")
end

return M
end
package.preload["sme.prediction_udf_sql"] = function(...)
-- sme.prediction_udf_sql: the CREATE statement of the prediction UDF of one endpoint, as the
-- developer guide shows it. Inputs are the training columns without the target, in ordinal order;
-- it emits them, then PROBABILITY (classification only) and PREDICTIONS. With a package archive as
-- the Python runtime (sme.runtime.PYTHON_PATH), the UDF text starts with the line that imports from it.
-- build_for_endpoint writes the same kind of UDF for an endpoint the extension did not create
-- (EndpointPredictionUDF): inputs and output columns as the user names them.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local rules = require("sme.rules")
local runtime = require("sme.runtime")
local sql = require("sme.sql")
local validation = require("sme.validation")

local M = {}

local REGRESSION_PREDICTIONS_TYPE = "DOUBLE"
local PROBABILITY_TYPE = "DOUBLE"

--- Raise E-SME-39 if a feature column has the name of an output column the UDF adds.
function M.check_feature_names(feature_names)
    for _, name in ipairs(feature_names) do
        if name == rules.PROBABILITY_COLUMN or name == rules.PREDICTIONS_COLUMN then
            errors.raise(codes.RESERVED_OUTPUT_COLUMN, "the input column " .. sql.quote_identifier(name)
                .. " has the name of an output column of the prediction UDF",
                "Rename it, for example in a view over the table, and train with that view; "
                .. rules.PROBABILITY_COLUMN .. " and " .. rules.PREDICTIONS_COLUMN .. " are reserved.")
        end
    end
end

-- Letters, digits, spaces, commas and unnested parentheses: DECIMAL(18,0), VARCHAR(100) UTF8,
-- INTERVAL DAY(2) TO SECOND(3). Such a text can never close the UDF's column list early.
local function looks_like_type(column_type)
    if type(column_type) ~= "string" or not column_type:find("^[A-Za-z][A-Za-z0-9 (),]*$") then
        return false
    end
    local depth = 0
    for char in column_type:gmatch("[()]") do
        depth = depth + (char == "(" and 1 or -1)
        if depth < 0 or depth > 1 then
            return false
        end
    end
    return depth == 0
end

local function checked_type(column_name, column_type)
    if not looks_like_type(column_type) then
        errors.raise(codes.PREDICTION_UDF_CREATION_FAILED, "column " .. sql.quote_identifier(column_name)
            .. " has the type " .. errors.show(column_type) .. " which is not an Exasol data type",
            "Check COLUMN_TYPES of the job in SME_METADATA_AUTOPILOT_JOBS, or train the job again.")
    end
    return column_type
end

--- The checked input columns: {inputs = {'"name" TYPE', ...}, target_type = ...}. Raises E-SME-37
-- if the recorded columns cannot make a UDF, E-SME-39 if a feature has an output column's name.
-- spec: target, column_names, column_types (all training columns in ordinal order, target included).
function M.check_columns(spec)
    if #spec.column_names ~= #spec.column_types then
        errors.raise(codes.PREDICTION_UDF_CREATION_FAILED, "the job has " .. #spec.column_names
            .. " recorded column names but " .. #spec.column_types .. " column types",
            "Check COLUMN_NAMES and COLUMN_TYPES of the job in SME_METADATA_AUTOPILOT_JOBS, or train again.")
    end
    local inputs, features, target_type = {}, {}, nil
    for i, name in ipairs(spec.column_names) do
        local column_type = checked_type(name, spec.column_types[i])
        if name == spec.target then
            target_type = column_type
        else
            features[#features + 1] = name
            inputs[#inputs + 1] = sql.quote_identifier(name) .. " " .. column_type
        end
    end
    if target_type == nil or #inputs == 0 then
        errors.raise(codes.PREDICTION_UDF_CREATION_FAILED, "the recorded columns of the job do not hold"
            .. " its target " .. sql.quote_identifier(spec.target) .. " and at least one other column",
            "Check COLUMN_NAMES and COLUMN_TYPES of the job in SME_METADATA_AUTOPILOT_JOBS, or train again.")
    end
    M.check_feature_names(features)
    return {inputs = inputs, target_type = target_type}
end

--- The first lines of a generated UDF's Python text: put python_path on sys.path ("" for nil), the
-- same lines the deploy CLI writes into the fixed UDFs.
function M.prelude(python_path)
    if python_path == nil then
        return ""
    end
    local literal = sql.quote_python_string(python_path)
    return "import sys\nif " .. literal .. " not in sys.path: sys.path.insert(0, " .. literal .. ")\n"
end

-- The statement around the Python text: CREATE OR REPLACE ... SET SCRIPT "schema"."name"(inputs) EMITS (...).
local function create_statement(schema, name, inputs, outputs, python)
    return "CREATE OR REPLACE PYTHON3_SME SET SCRIPT " .. sql.quote_identifier(schema) .. "."
        .. sql.quote_identifier(name) .. "(" .. table.concat(inputs, ", ") .. ")\n"
        .. "EMITS (" .. table.concat(outputs, ", ") .. ") AS\n"
        .. M.prelude(runtime.PYTHON_PATH)
        .. python
        .. "def run(ctx):\n"
        .. "    return udf.run(ctx)\n"
end

-- ", max_payload_bytes=<n>" for a given limit, "" without one.
local function payload_argument(max_payload_bytes)
    if max_payload_bytes == nil then
        return ""
    end
    return ", max_payload_bytes=" .. string.format("%d", max_payload_bytes)
end

--- spec: schema, endpoint_name, connection, region, problem_type, target, column_names, column_types,
-- max_payload_bytes (the largest request body; nil: the UDF's default).
function M.build(spec)
    local checked = M.check_columns(spec)
    local inputs, outputs = checked.inputs, {}
    for i, input in ipairs(inputs) do
        outputs[i] = input
    end
    local predictions_type = REGRESSION_PREDICTIONS_TYPE
    if validation.is_classification(spec.problem_type) then
        outputs[#outputs + 1] = sql.quote_identifier(rules.PROBABILITY_COLUMN) .. " " .. PROBABILITY_TYPE
        predictions_type = checked.target_type
    end
    outputs[#outputs + 1] = sql.quote_identifier(rules.PREDICTIONS_COLUMN) .. " " .. predictions_type
    return create_statement(spec.schema, spec.endpoint_name, inputs, outputs,
        "from exasol_sagemaker_extension.udfs.prediction_udf import PredictionUDF\n"
        .. "udf = PredictionUDF(exa, endpoint_name=" .. sql.quote_python_string(spec.endpoint_name)
        .. ", connection_name=" .. sql.quote_python_string(spec.connection)
        .. ", aws_region=" .. sql.quote_python_string(spec.region)
        .. ", problem_type=" .. sql.quote_python_string(spec.problem_type)
        .. payload_argument(spec.max_payload_bytes) .. ")\n")
end

--- The UDF of an endpoint the extension did not create. spec: schema, udf_name, endpoint_name,
-- connection, region, inputs and outputs ({name=, type=} with checked types), max_payload_bytes.
function M.build_for_endpoint(spec)
    local inputs, outputs = {}, {}
    for i, column in ipairs(spec.inputs) do
        inputs[i] = sql.quote_identifier(column.name) .. " " .. checked_type(column.name, column.type)
        outputs[i] = inputs[i]
    end
    for _, column in ipairs(spec.outputs) do
        outputs[#outputs + 1] = sql.quote_identifier(column.name) .. " " .. checked_type(column.name, column.type)
    end
    return create_statement(spec.schema, spec.udf_name, inputs, outputs,
        "from exasol_sagemaker_extension.udfs.endpoint_prediction_udf import EndpointPredictionUDF\n"
        .. "udf = EndpointPredictionUDF(exa, endpoint_name=" .. sql.quote_python_string(spec.endpoint_name)
        .. ", connection_name=" .. sql.quote_python_string(spec.connection)
        .. ", aws_region=" .. sql.quote_python_string(spec.region)
        .. payload_argument(spec.max_payload_bytes) .. ")\n")
end

return M
end
package.preload["sme.rules"] = function(...)
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
end
package.preload["sme.runtime"] = function(...)
-- sme.runtime: where the deploy CLI put the Python runtime of the UDFs, rendered by
-- deployment/lua_bundler.py. PYTHON_PATH is the directory of the unpacked package archive, which every
-- generated UDF puts on sys.path; nil when the runtime is a script-language container (or not deployed).
local M = {}

M.PYTHON_PATH = nil

return M
end
package.preload["sme.sql"] = function(...)
-- sme.sql: quoting for the few texts that cannot go through :name / ::name placeholders
-- (column lists, the body of a generated Python UDF) and helpers to read query results.
local M = {}

local PYTHON_ESCAPES = {["\\"] = "\\\\", ["'"] = "\\'", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t"}

--- "name" with inner double quotes doubled: the identifier exactly as given, case kept.
function M.quote_identifier(name)
    return '"' .. (tostring(name):gsub('"', '""')) .. '"'
end

--- A single-quoted Python string literal: backslash, quote and every control character escaped.
function M.quote_python_string(text)
    local escaped = tostring(text):gsub("[\0-\31\127\\']", function(char)
        return PYTHON_ESCAPES[char] or string.format("\\x%02x", char:byte())
    end)
    return "'" .. escaped .. "'"
end

--- Whether a value from a script parameter, a result or cjson is SQL NULL / JSON null / nil.
function M.is_null(env, value)
    return value == nil or value == env.null or (env.cjson ~= nil and value == env.cjson.null)
end

--- A result value as Lua string, nil for NULL.
function M.text(env, value)
    if M.is_null(env, value) then
        return nil
    end
    return tostring(value)
end

--- A result value as Lua integer, nil for NULL or anything that is not a whole number.
-- Accepts Lua numbers and anything whose text is a whole number (Exasol's DECIMAL values).
function M.integer(env, value)
    if M.is_null(env, value) then
        return nil
    end
    if type(value) == "number" then
        return math.tointeger(value)
    end
    local text = tostring(value):match("^%s*(%d+)%.?0*%s*$")
    if text == nil then
        return nil
    end
    return math.tointeger(tonumber(text))
end

--- The rows of a SELECT result as plain Lua tables keyed by the given column names.
function M.rows(env, result, columns)
    local rows = {}
    for i = 1, #result do
        local row = {}
        for _, column in ipairs(columns) do
            local value = result[i][column]
            if M.is_null(env, value) then
                value = nil
            end
            row[column] = value
        end
        rows[i] = row
    end
    return rows
end

return M
end
package.preload["sme.udf"] = function(...)
-- sme.udf: runs the SELECT that calls one of the extension's Python UDFs. A failure passes the UDF's
-- own E-SME message on unchanged (never its traceback); anything else becomes E-SME-38.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

--- The UDF's rows as plain tables keyed by the given column names (NULL -> nil).
function M.call(env, udf_name, statement, params, columns)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.UDF_CALL_FAILED, "calling " .. udf_name)
    end
    return sql.rows(env, result, columns)
end

--- The UDF's only row; E-SME-38 if it returned none.
function M.call_one(env, udf_name, statement, params, columns)
    local rows = M.call(env, udf_name, statement, params, columns)
    if #rows == 0 then
        errors.raise(codes.UDF_CALL_FAILED, udf_name .. " returned no row",
            "Check that the extension was deployed completely into this schema with the same version.")
    end
    return rows[1]
end

return M
end
package.preload["sme.validation"] = function(...)
-- sme.validation: one check per kind of name or value, the same rules as
-- exasol_sagemaker_extension/names.py, with the limits of sme.rules. Each returns the (normalized)
-- value or raises the E-SME code of names.py.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local rules = require("sme.rules")

local M = {}

local show = errors.show
local ALNUM = "[A-Za-z0-9]"
-- Shapes fixed by AWS's own patterns (names.py keeps them inside its regular expressions).
local BUCKET_NAME_MIN_LENGTH, BUCKET_NAME_MAX_LENGTH = 3, 63
local ROLE_NAME_MAX_LENGTH, ROLE_PATH_MAX_LENGTH, ACCOUNT_ID_LENGTH = 64, 512, 12

local function contains(list, value)
    for _, item in ipairs(list) do
        if item == value then
            return true
        end
    end
    return false
end

-- AWS's name shape ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,n}$ plus its length limit: letters, digits and
-- hyphens, first and last a letter or digit, hyphens counted in the length.
local function is_aws_name(name, max_length)
    return type(name) == "string" and #name >= 1 and #name <= max_length
        and name:find("^[A-Za-z0-9%-]+$") ~= nil
        and name:find("^" .. ALNUM) ~= nil and name:find(ALNUM .. "$") ~= nil
end

function M.is_absent(value, null)
    return value == nil or value == "" or (null ~= nil and value == null)
end

--- A required text argument: E-SME-2 when missing or empty, E-SME-3 when not a string.
function M.required_string(value, name, null)
    if M.is_absent(value, null) then
        errors.raise(codes.MISSING_PARAMETER, "parameter " .. name .. " is missing",
            "Give " .. name .. " a value.")
    end
    if type(value) ~= "string" then
        errors.raise(codes.WRONG_PARAMETER_TYPE,
            "parameter " .. name .. " must be a string, not " .. type(value),
            "Give " .. name .. " as a text value in single quotes, for example '" .. name .. "'.")
    end
    return value
end

function M.job_name(name)
    if not is_aws_name(name, rules.JOB_NAME_MAX_LENGTH) then
        errors.raise(codes.INVALID_JOB_NAME, "invalid job name " .. show(name),
            "Use 1 to " .. rules.JOB_NAME_MAX_LENGTH .. " letters, digits and hyphens, starting and ending"
            .. " with a letter or digit.")
    end
    return name
end

function M.endpoint_name(name)
    if not is_aws_name(name, rules.ENDPOINT_NAME_MAX_LENGTH) then
        errors.raise(codes.INVALID_ENDPOINT_NAME, "invalid endpoint name " .. show(name),
            "Use 1 to " .. rules.ENDPOINT_NAME_MAX_LENGTH .. " letters, digits and hyphens, starting and"
            .. " ending with a letter or digit.")
    end
    return name
end

-- ^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$, for example eu-central-1.
local function is_region(region)
    if type(region) ~= "string" then
        return false
    end
    local middle = region:match("^[a-z][a-z](%-[a-z%-]*)%-[0-9][0-9]?$")
    return middle ~= nil and middle:gsub("%-[a-z]+", "") == ""
end

function M.region(region)
    if not is_region(region) then
        errors.raise(codes.INVALID_REGION, "invalid AWS region " .. show(region),
            "Give a region code such as eu-central-1 or us-east-1.")
    end
    return region
end

--- An Exasol identifier taken exactly as written: 1 to 128 characters, no control characters.
function M.identifier(name, kind)
    local length = type(name) == "string" and (utf8 and utf8.len(name) or #name) or nil
    if length == nil or length < 1 or length > rules.IDENTIFIER_MAX_LENGTH or name:find("[\0-\31]") then
        errors.raise(codes.INVALID_IDENTIFIER, "invalid " .. (kind or "identifier") .. " " .. show(name),
            "Give a name of 1 to " .. rules.IDENTIFIER_MAX_LENGTH .. " characters without control characters.")
    end
    return name
end

local function is_role_arn(role)
    local partition, account, path = role:match("^arn:aws([%-a-z]*):iam::([0-9]+):role/(.+)$")
    return partition ~= nil and partition:gsub("%-[a-z]+", "") == ""
        and #account == ACCOUNT_ID_LENGTH
        and #path <= ROLE_PATH_MAX_LENGTH and path:find("^[A-Za-z0-9_+=,.@/%-]+$") ~= nil
end

local function is_role_name(role)
    return #role <= ROLE_NAME_MAX_LENGTH and role:find("^[A-Za-z0-9_+=,.@%-]+$") ~= nil
end

--- An IAM role ARN (arn:aws:iam::<account>:role/<name>) or a role name.
function M.iam_role(role)
    if type(role) ~= "string" or #role > rules.IAM_ROLE_MAX_LENGTH
            or not (is_role_arn(role) or is_role_name(role)) then
        errors.raise(codes.INVALID_IAM_ROLE, "invalid IAM role " .. show(role),
            "Give the role's ARN (arn:aws:iam::<account>:role/<name>) or its name.")
    end
    return role
end

--- s3://bucket (one trailing slash allowed); returns "s3://bucket" and the bucket name.
function M.s3_bucket_uri(uri)
    local bucket = type(uri) == "string" and uri:match("^s3://([a-z0-9.%-]+)/?$") or nil
    if bucket == nil or #bucket < BUCKET_NAME_MIN_LENGTH or #bucket > BUCKET_NAME_MAX_LENGTH
            or not bucket:find("^[a-z0-9]") or not bucket:find("[a-z0-9]$") then
        errors.raise(codes.INVALID_S3_BUCKET_URI, "invalid S3 bucket URI " .. show(uri),
            "Give the bucket as s3://<bucket-name>, without a path.")
    end
    return "s3://" .. bucket, bucket
end

local function normalized_s3_path(path)
    if type(path) ~= "string" then
        return nil
    end
    local stripped = path:gsub("^/+", ""):gsub("/+$", "")
    if stripped == "" or #stripped > rules.S3_OUTPUT_PATH_MAX_LENGTH
            or not stripped:find("^[A-Za-z0-9!_.*'()/%-]+$") or stripped:find("//", 1, true) then
        return nil
    end
    for segment in stripped:gmatch("[^/]+") do
        if segment == "." or segment == ".." then
            return nil
        end
    end
    return stripped
end

--- The S3 key prefix without slashes at either end.
function M.s3_output_path(path)
    local normalized = normalized_s3_path(path)
    if normalized == nil then
        errors.raise(codes.INVALID_S3_OUTPUT_PATH, "invalid S3 output path " .. show(path),
            "Give a key prefix of up to " .. rules.S3_OUTPUT_PATH_MAX_LENGTH .. " characters made of"
            .. " letters, digits and !_.*'()/- such as ml/autopilot.")
    end
    return normalized
end

function M.instance_type(instance_type)
    if type(instance_type) ~= "string" or not instance_type:find("^ml%.[a-z0-9]+%.[a-z0-9]+$") then
        errors.raise(codes.INVALID_INSTANCE, "invalid instance type " .. show(instance_type),
            "Give a SageMaker instance type such as ml.m5.large.")
    end
    return instance_type
end

--- A whole number given as Lua number, digit string or Exasol DECIMAL; nil if it is none.
function M.to_integer(value)
    if type(value) == "number" then
        return math.tointeger(value)
    end
    if type(value) == "string" then
        local digits = value:match("^%s*(%d+)%s*$")
        return digits and math.tointeger(tonumber(digits)) or nil
    end
    if value ~= nil and type(value) ~= "boolean" and type(value) ~= "table" then
        local digits = tostring(value):match("^%s*(%d+)%.?0*%s*$")
        return digits and math.tointeger(tonumber(digits)) or nil
    end
    return nil
end

function M.instance_count(count)
    local number = M.to_integer(count)
    if number == nil or number < 1 or number > rules.INSTANCE_COUNT_MAX then
        errors.raise(codes.INVALID_INSTANCE, "invalid instance count " .. show(count),
            "Give a whole number from 1 to " .. rules.INSTANCE_COUNT_MAX .. ".")
    end
    return number
end

--- The problem type, or nil when it is left to Autopilot.
function M.problem_type(problem_type)
    if problem_type == nil or problem_type == "" then
        return nil
    end
    if not contains(rules.PROBLEM_TYPES, problem_type) then
        errors.raise(codes.INVALID_PROBLEM_TYPE, "invalid problem type " .. show(problem_type),
            "Use one of " .. table.concat(rules.PROBLEM_TYPES, ", ") .. ", or leave it out to let"
            .. " Autopilot decide.")
    end
    return problem_type
end

function M.is_problem_type(problem_type)
    return contains(rules.PROBLEM_TYPES, problem_type)
end

function M.is_classification(problem_type)
    return contains(rules.CLASSIFICATION_PROBLEM_TYPES, problem_type)
end

--- The objective metric name, checked against the problem type when one is given.
function M.objective(metric, problem_type)
    if metric == nil or metric == "" then
        return nil
    end
    local fitting = type(metric) == "string" and rules.OBJECTIVES[metric] or nil
    if fitting == nil then
        errors.raise(codes.INVALID_OBJECTIVE, "invalid objective " .. show(metric),
            "Use one of " .. table.concat(rules.OBJECTIVE_NAMES, ", ") .. ".")
    end
    if problem_type ~= nil and not contains(fitting, problem_type) then
        local usable = {}
        for _, name in ipairs(rules.OBJECTIVE_NAMES) do
            if contains(rules.OBJECTIVES[name], problem_type) then
                usable[#usable + 1] = name
            end
        end
        errors.raise(codes.INVALID_OBJECTIVE, "objective " .. metric .. " does not fit problem type "
            .. problem_type, "For " .. problem_type .. " use one of " .. table.concat(usable, ", ") .. ".")
    end
    return metric
end

--- The objective to send (names.resolve_objective): the given one, or the default of a given problem
-- type; AWS takes an objective only together with a problem type.
function M.resolve_objective(metric, problem_type)
    metric = M.objective(metric, problem_type)
    if metric ~= nil and problem_type == nil then
        errors.raise(codes.INVALID_OBJECTIVE, "objective " .. metric .. " is given without a problem_type",
            "AWS takes an objective only together with a problem type: add problem_type, or leave"
            .. " objective out to let Autopilot choose both.")
    end
    if problem_type ~= nil and metric == nil then
        return rules.DEFAULT_OBJECTIVES[problem_type]
    end
    return metric
end

--- A positive whole number (a JSON number with integer value or a digit string).
function M.positive_integer(value, name)
    local number = M.to_integer(value)
    if number == nil or number < 1 then
        errors.raise(codes.INVALID_LIMIT, "invalid " .. name .. " " .. show(value),
            "Give a positive whole number, or leave " .. name .. " out.")
    end
    return number
end

return M
end
-- EXECUTE SCRIPT SME_CREATE_SAGEMAKER_PREDICTION_UDF(json_str): Exasol sets the parameter as a global.
-- Only the entry scripts touch the database's globals; the modules get them passed in as env.
local env = {query = query, pquery = pquery, exa = exa, output = output, null = null,
             cjson = cjson or require("cjson")}
return require("sme.prediction_udf_creation").run(env, json_str)
/

-- 23/45: Lua script SME_BATCH_PREDICT_WITH_SAGEMAKER_AUTOPILOT
CREATE OR REPLACE LUA SCRIPT "Sme Schema"."SME_BATCH_PREDICT_WITH_SAGEMAKER_AUTOPILOT"(json_str) RETURNS TABLE AS
-- Exasol SageMaker Extension: entry_batch_predict.lua with its modules, bundled at deploy time.
package.preload["sme.batch_transform"] = function(...)
-- sme.batch_transform: SME_BATCH_PREDICT_WITH_SAGEMAKER_AUTOPILOT(json_str). Scores a whole table with a
-- SageMaker batch transform job, no endpoint: export keys and features to S3, start model and transform
-- job (SME_BATCH_TRANSFORM_START_UDF), record it, wait (SME_BATCH_TRANSFORM_WAIT_UDF, which deletes the
-- model), then create the output table and IMPORT the predictions in one statement. A run that ran out
-- of waiting time is resumed by running again with the same transform_job_name: no second export.
local batch_sql = require("sme.batch_transform_sql")
local catalog = require("sme.catalog")
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local metadata = require("sme.metadata")
local params_module = require("sme.batch_transform_params")
local prediction_udf_sql = require("sme.prediction_udf_sql")
local records = require("sme.batch_transform_records")
local rules = require("sme.rules")
local sql = require("sme.sql")
local udf = require("sme.udf")
local validation = require("sme.validation")

local M = {}

M.START_SQL = [[SELECT ::s."SME_BATCH_TRANSFORM_START_UDF"(:transform_job, :job_name, :candidate, :input_uri, ]]
    .. [[:output_uri, :key_count, :feature_count, :instance_type, :instance_count, :connection, :region)]]
M.WAIT_SQL = [[SELECT ::s."SME_BATCH_TRANSFORM_WAIT_UDF"(:transform_job, :output_uri, :max_wait, ]]
    .. [[:connection, :region)]]
M.COLUMNS = "TRANSFORM_JOB_NAME VARCHAR(" .. rules.TRANSFORM_JOB_NAME_MAX_LENGTH .. "), OUTPUT_TABLE VARCHAR(300),"
    .. " ROWS_LOADED DECIMAL(18,0)"

local function qualified(schema, name)
    return sql.quote_identifier(schema) .. "." .. sql.quote_identifier(name)
end

--- The name SQL would give an unquoted name: a regular identifier upper-cased, anything else as given.
function M.new_table_name(name)
    if catalog.is_regular_identifier(name) then
        return name:upper()
    end
    return name
end

local function find_column(columns, name)
    for _, candidate in ipairs(catalog.candidates(name)) do
        for _, column in ipairs(columns) do
            if column.name == candidate then
                return column
            end
        end
    end
    return nil
end

--- The key columns {name=, type=} of the source, each found as SQL would find it.
function M.resolve_keys(source, key_names)
    local keys = {}
    for i, name in ipairs(key_names) do
        local column = find_column(source.columns, name)
        if column == nil then
            errors.raise(codes.KEY_COLUMN_NOT_FOUND, qualified(source.schema, source.table) .. " has no column "
                .. errors.show(name), "Give columns of the input table or view in key_columns.")
        end
        if column.name == rules.PROBABILITY_COLUMN or column.name == rules.PREDICTIONS_COLUMN then
            errors.raise(codes.RESERVED_OUTPUT_COLUMN, "the key column " .. sql.quote_identifier(column.name)
                .. " has the name of an output column", "Rename it, for example in a view over the table; "
                .. rules.PROBABILITY_COLUMN .. " and " .. rules.PREDICTIONS_COLUMN .. " are reserved.")
        end
        for j = 1, i - 1 do
            if keys[j].name == column.name then
                errors.raise(codes.INVALID_KEY_COLUMNS, "key column " .. sql.quote_identifier(column.name)
                    .. " is given twice", "Name each key column once.")
            end
        end
        keys[i] = {name = column.name, type = column.type}
    end
    return keys
end

--- The job's features in training order as {name=, cast=}: cast is the recorded type where the input
-- column has another type, so the model sees the text it was trained on (as the prediction UDF would).
function M.resolve_features(source, job)
    local by_name = {}
    for _, column in ipairs(source.columns) do
        by_name[column.name] = column
    end
    local features = {}
    for i, name in ipairs(job.column_names) do
        if name ~= job.target then
            local column = by_name[name]
            if column == nil then
                errors.raise(codes.FEATURE_COLUMN_MISSING, qualified(source.schema, source.table)
                    .. " has no column " .. sql.quote_identifier(name) .. ", a feature of job " .. job.job_name,
                    "Score a table or view with every training column except the target, named exactly as in"
                    .. " training (COLUMN_NAMES of SME_METADATA_AUTOPILOT_JOBS).")
            end
            local recorded = job.column_types[i]
            features[#features + 1] = {name = name, cast = (column.type ~= recorded) and recorded or nil}
        end
    end
    return features
end

local function refuse_existing_output(env, target, replace)
    if replace then
        return
    end
    local ok, result = env.pquery([[SELECT COLUMN_NAME FROM SYS.EXA_ALL_COLUMNS WHERE COLUMN_SCHEMA = :s ]]
        .. [[AND COLUMN_TABLE = :t]], {s = target.schema, t = target.table})
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_READ_FAILED, "reading the columns of"
            .. " the output table", "Check that your user may read the system tables of schema SYS.")
    end
    if #result > 0 then
        errors.raise(codes.OUTPUT_TABLE_EXISTS, "the output table " .. qualified(target.schema, target.table)
            .. " already exists", "Choose another output_table_name, drop the table, or add"
            .. " \"replace_output_table\": true to replace it.")
    end
end

local function or_null(env, value)
    if value == nil then
        return env.null
    end
    return value
end

local function refuse_reuse(transform_job, record, reason)
    errors.raise(codes.TRANSFORM_JOB_NAME_IN_USE, "transform job " .. transform_job .. " is already recorded in"
        .. " SME_METADATA_BATCH_TRANSFORM_JOBS " .. reason, "Give a new transform_job_name, or leave it out to"
        .. " get one derived from the job name and the time.")
end

-- The recorded run this call resumes, or nil for a new run.
local function resumed_run(env, schema, params, transform_job, output, key_columns_json)
    local record = records.find(env, schema, transform_job)
    if record == nil then
        return nil
    end
    if not params.transform_job_name_given then
        refuse_reuse(transform_job, record, "(started in the same second)")
    end
    if record.STATUS ~= records.IN_PROGRESS then
        refuse_reuse(transform_job, record, "with status " .. tostring(record.STATUS))
    end
    if record.JOB_NAME ~= params.job_name or record.OUTPUT_SCHEMA_NAME ~= output.schema
            or record.OUTPUT_TABLE_NAME ~= output.table or record.KEY_COLUMNS ~= key_columns_json then
        refuse_reuse(transform_job, record, "for job " .. tostring(record.JOB_NAME) .. ", output table "
            .. qualified(tostring(record.OUTPUT_SCHEMA_NAME), tostring(record.OUTPUT_TABLE_NAME))
            .. " and key columns " .. tostring(record.KEY_COLUMNS) .. ", not for these parameters")
    end
    return record
end

local function start(env, schema, run)
    return udf.call_one(env, "SME_BATCH_TRANSFORM_START_UDF", M.START_SQL, {
        s = schema, transform_job = run.transform_job_name, job_name = run.job_name,
        candidate = or_null(env, run.candidate_name), input_uri = run.input_uri, output_uri = run.output_uri,
        key_count = run.key_count, feature_count = run.feature_count, instance_type = run.instance_type,
        instance_count = run.instance_count, connection = run.connection, region = run.region,
    }, {"TRANSFORM_JOB_NAME", "CANDIDATE_NAME", "PROBLEM_TYPE"})
end

local function wait(env, schema, run, max_wait)
    local ok, result = env.pquery(M.WAIT_SQL, {s = schema, transform_job = run.transform_job_name,
        output_uri = run.output_uri, max_wait = or_null(env, max_wait), connection = run.connection,
        region = run.region})
    if not ok then
        local own = errors.extract(result.error_message)
        if own ~= nil and own:find("^E%-SME%-" .. codes.TRANSFORM_JOB_FAILED .. ":") then
            records.set_status(env, schema, run.transform_job_name, records.FAILED)
        end
        errors.from_database(result.error_message, codes.UDF_CALL_FAILED, "calling SME_BATCH_TRANSFORM_WAIT_UDF")
    end
    local row = sql.rows(env, result, {"TRANSFORM_JOB_STATUS", "OUTPUT_FILES"})[1]
    if row == nil then
        errors.raise(codes.UDF_CALL_FAILED, "SME_BATCH_TRANSFORM_WAIT_UDF returned no row",
            "Check that the extension was deployed completely into this schema with the same version.")
    end
    local decoded_ok, files = pcall(env.cjson.decode, row.OUTPUT_FILES or "[]")
    if not decoded_ok or type(files) ~= "table" then
        errors.raise(codes.UDF_CALL_FAILED, "SME_BATCH_TRANSFORM_WAIT_UDF returned no file list",
            "Check that the extension was deployed completely into this schema with the same version.")
    end
    return files
end

local function checked_problem_type(problem_type, transform_job)
    if not validation.is_problem_type(problem_type) then
        errors.raise(codes.UDF_CALL_FAILED, "transform job " .. transform_job .. " scores with a model of"
            .. " unknown problem type " .. errors.show(problem_type), "Check the Autopilot job in the AWS console.")
    end
    return problem_type
end

function M.run(env, json_str)
    local params = params_module.parse(env, json_str)
    local schema = env.exa.meta.script_schema
    local job = metadata.read_job(env, schema, params.job_name)
    local checked = prediction_udf_sql.check_columns(job)
    local connection = catalog.resolve_connection(env, params.aws_credentials_connection_name)
    local source = catalog.resolve_table(env, params.input_schema_name, params.input_table_or_view_name)
    local keys = M.resolve_keys(source, params.key_columns)
    local features = M.resolve_features(source, job)
    local output = {schema = catalog.resolve_schema(env, params.output_schema_name),
                    table = M.new_table_name(params.output_table_name)}
    local transform_job = params.transform_job_name
        or params_module.default_transform_job_name(params.job_name, os.time())
    local bucket_uri = validation.s3_bucket_uri(job.s3_bucket_uri)
    local prefix = batch_sql.prefix(validation.s3_output_path(job.s3_output_path), job.job_name, transform_job)
    local run = {
        transform_job_name = transform_job, job_name = job.job_name, candidate_name = params.candidate_name,
        input_uri = bucket_uri .. "/" .. prefix .. "input/", output_uri = bucket_uri .. "/" .. prefix .. "output/",
        key_count = #keys, feature_count = #features, instance_type = params.instance_type,
        instance_count = params.instance_count, connection = connection, region = params.aws_region,
    }
    local key_names = {}
    for i, key in ipairs(keys) do
        key_names[i] = key.name
    end
    local record = resumed_run(env, schema, params, transform_job, output, env.cjson.encode(key_names))
    refuse_existing_output(env, output, params.replace_output_table)
    local problem_type
    if record == nil then
        local exported = {}
        for _, column in ipairs(keys) do
            exported[#exported + 1] = {name = column.name}
        end
        for _, column in ipairs(features) do
            exported[#exported + 1] = column
        end
        batch_sql.export(env, {schema = source.schema, table = source.table, connection = connection,
                               prefix = prefix, columns = exported})
        local started = start(env, schema, run)
        problem_type = checked_problem_type(started.PROBLEM_TYPE or job.problem_type, transform_job)
        records.insert(env, schema, {
            transform_job_name = transform_job, job_name = job.job_name, candidate_name = started.CANDIDATE_NAME,
            problem_type = problem_type, input_schema = source.schema, input_table = source.table,
            key_columns = key_names, output_schema = output.schema, output_table = output.table,
            instance_type = params.instance_type, instance_count = params.instance_count,
            connection = connection, region = params.aws_region, output_uri = run.output_uri,
        })
    else
        problem_type = checked_problem_type(record.PROBLEM_TYPE or job.problem_type, transform_job)
    end
    local files = wait(env, schema, run, params.max_wait_in_seconds)
    local classification = validation.is_classification(problem_type)
    local rows = batch_sql.load(env, {
        schema = output.schema, table = output.table, replace = params.replace_output_table,
        connection = connection, columns = batch_sql.output_columns(keys, classification, checked.target_type),
        file_columns = batch_sql.file_columns(keys, classification), files = files,
    })
    records.set_status(env, schema, transform_job, records.LOADED, rows)
    return {{transform_job, qualified(output.schema, output.table), rows}}, M.COLUMNS
end

return M
end
package.preload["sme.batch_transform_params"] = function(...)
-- sme.batch_transform_params: the JSON argument of SME_BATCH_PREDICT_WITH_SAGEMAKER_AUTOPILOT, decoded,
-- checked key by key and normalized (defaults filled in).
local codes = require("sme.error_codes")
local deployment_options = require("sme.deployment_options")
local errors = require("sme.errors")
local rules = require("sme.rules")
local sql = require("sme.sql")
local validation = require("sme.validation")

local M = {}

M.REQUIRED_KEYS = {
    "job_name", "aws_credentials_connection_name", "aws_region", "input_schema_name",
    "input_table_or_view_name", "key_columns", "output_schema_name", "output_table_name",
}
M.OPTIONAL_KEYS = {
    "instance_type", "instance_count", "transform_job_name", "candidate_name", "max_wait_in_seconds",
    "replace_output_table",
}
M.DEFAULT_INSTANCE_TYPE = "ml.m5.large"
M.DEFAULT_INSTANCE_COUNT = 1

local EXAMPLE = [[{"job_name": "churn-1", "key_columns": ["CUSTOMER_ID"], "output_table_name": "CHURN_SCORES", ...}]]

local function accepted_keys()
    local keys = {}
    for _, list in ipairs({M.REQUIRED_KEYS, M.OPTIONAL_KEYS}) do
        for _, key in ipairs(list) do
            keys[#keys + 1] = key
        end
    end
    return keys
end

local function decode_object(env, json_str)
    if type(json_str) ~= "string" or not json_str:find("%S") then
        errors.raise(codes.INVALID_JSON, "the batch prediction parameters are missing",
            "Pass one JSON object as the only argument, for example " .. EXAMPLE .. ".")
    end
    local ok, decoded = pcall(env.cjson.decode, json_str)
    local is_object = ok and type(decoded) == "table"
    if is_object then
        for key in pairs(decoded) do
            is_object = is_object and type(key) == "string"
        end
    end
    if not is_object then
        errors.raise(codes.INVALID_JSON, "the batch prediction parameters are not a JSON object: "
            .. errors.show(json_str), "Pass one JSON object with double-quoted keys and values, for example "
            .. EXAMPLE .. ".")
    end
    return decoded
end

local function check_keys(decoded)
    local known = {}
    for _, key in ipairs(accepted_keys()) do
        known[key] = true
    end
    local unknown = {}
    for key in pairs(decoded) do
        if not known[key] then
            unknown[#unknown + 1] = errors.show(key)
        end
    end
    if #unknown > 0 then
        table.sort(unknown)
        errors.raise(codes.UNKNOWN_PARAMETER, "unknown batch prediction parameter " .. table.concat(unknown, ", "),
            "Use only these keys: " .. table.concat(accepted_keys(), ", ") .. ".")
    end
end

local function absent(env, value)
    return sql.is_null(env, value) or value == ""
end

local function optional_string(env, decoded, key)
    local value = decoded[key]
    if absent(env, value) then
        return nil
    end
    return validation.required_string(value, key)
end

--- key_columns: a JSON array of column names (or one name as a string), at least one, no duplicates.
function M.key_columns(env, value)
    if type(value) == "string" then
        value = {value}
    end
    if type(value) ~= "table" or #value == 0 then
        errors.raise(codes.INVALID_KEY_COLUMNS, "key_columns must be a non-empty JSON array of column names",
            "Give the columns that identify a row of the input, for example \"key_columns\": [\"CUSTOMER_ID\"].")
    end
    local seen, names = {}, {}
    for i, name in ipairs(value) do
        if type(name) ~= "string" then
            errors.raise(codes.INVALID_KEY_COLUMNS, "key column " .. i .. " is a " .. type(name) .. ", not a name",
                "Give every key column as a JSON string.")
        end
        validation.identifier(name, "key column name")
        if seen[name] then
            errors.raise(codes.INVALID_KEY_COLUMNS, "key column " .. sql.quote_identifier(name) .. " is given twice",
                "Name each key column once.")
        end
        seen[name] = true
        names[i] = name
    end
    return names
end

local function instance_count(env, value)
    if absent(env, value) then
        return M.DEFAULT_INSTANCE_COUNT
    end
    return validation.instance_count(value)
end

local function max_wait(env, value)
    if absent(env, value) then
        return nil
    end
    return validation.positive_integer(value, "max_wait_in_seconds")
end

local function flag(env, decoded, key)
    local value = decoded[key]
    if absent(env, value) then
        return false
    end
    if type(value) ~= "boolean" then
        errors.raise(codes.WRONG_PARAMETER_TYPE, "parameter " .. key .. " must be true or false, not "
            .. type(value), "Give " .. key .. " as JSON true or false, without quotes.")
    end
    return value
end

local function candidate_name(env, decoded)
    local name = optional_string(env, decoded, "candidate_name")
    if name ~= nil then
        deployment_options.candidate_name(name)
    end
    return name
end

--- Decode and check the JSON argument; returns a table keyed like the JSON with defaults filled in
-- and transform_job_name_given telling whether the name came from the user.
function M.parse(env, json_str)
    local decoded = decode_object(env, json_str)
    check_keys(decoded)
    local params = {}
    for _, key in ipairs(M.REQUIRED_KEYS) do
        if key ~= "key_columns" then
            local value = decoded[key]
            params[key] = validation.required_string(not sql.is_null(env, value) and value or nil, key)
        end
    end
    validation.job_name(params.job_name)
    validation.identifier(params.aws_credentials_connection_name, "connection name")
    validation.region(params.aws_region)
    validation.identifier(params.input_schema_name, "schema name")
    validation.identifier(params.input_table_or_view_name, "table or view name")
    validation.identifier(params.output_schema_name, "schema name")
    validation.identifier(params.output_table_name, "table name")
    if sql.is_null(env, decoded.key_columns) then
        validation.required_string(nil, "key_columns")
    end
    params.key_columns = M.key_columns(env, decoded.key_columns)
    params.instance_type = validation.instance_type(optional_string(env, decoded, "instance_type")
        or M.DEFAULT_INSTANCE_TYPE)
    params.instance_count = instance_count(env, decoded.instance_count)
    params.transform_job_name = optional_string(env, decoded, "transform_job_name")
    params.transform_job_name_given = params.transform_job_name ~= nil
    if params.transform_job_name ~= nil then
        M.transform_job_name(params.transform_job_name)
    end
    params.candidate_name = candidate_name(env, decoded)
    params.max_wait_in_seconds = max_wait(env, decoded.max_wait_in_seconds)
    params.replace_output_table = flag(env, decoded, "replace_output_table")
    return params
end

--- AWS's TransformJobName rule: letters, digits and hyphens, at most 63, first and last alphanumeric.
function M.transform_job_name(name)
    local ok = type(name) == "string" and #name >= 1 and #name <= rules.TRANSFORM_JOB_NAME_MAX_LENGTH
        and name:find("^[A-Za-z0-9%-]+$") ~= nil and name:find("^[A-Za-z0-9]") ~= nil
        and name:find("[A-Za-z0-9]$") ~= nil
    if not ok then
        errors.raise(codes.INVALID_TRANSFORM_JOB_NAME, "invalid transform job name " .. errors.show(name),
            "Use 1 to " .. rules.TRANSFORM_JOB_NAME_MAX_LENGTH .. " letters, digits and hyphens, starting and"
            .. " ending with a letter or digit.")
    end
    return name
end

--- The default transform job name: <job_name>-bt-<UTC time as YYYYMMDDhhmmss> (at most 32 + 18).
function M.default_transform_job_name(job_name, now)
    return job_name .. "-bt-" .. os.date("!%Y%m%d%H%M%S", now)
end

return M
end
package.preload["sme.batch_transform_records"] = function(...)
-- sme.batch_transform_records: rows of SME_METADATA_BATCH_TRANSFORM_JOBS in the script's schema, one per
-- started transform: IN_PROGRESS until its predictions are loaded (LOADED) or AWS failed it (FAILED).
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

M.IN_PROGRESS = "IN_PROGRESS"
M.LOADED = "LOADED"
M.FAILED = "FAILED"

local TABLE_HINT = "Check that the extension was deployed into this schema with this version"
    .. " (sme-deploy creates SME_METADATA_BATCH_TRANSFORM_JOBS) and that your user may read and write it."

local COLUMNS = {"TRANSFORM_JOB_NAME", "JOB_NAME", "CANDIDATE_NAME", "PROBLEM_TYPE", "INPUT_SCHEMA_NAME",
    "INPUT_TABLE_NAME", "KEY_COLUMNS", "OUTPUT_SCHEMA_NAME", "OUTPUT_TABLE_NAME", "S3_OUTPUT_URI", "STATUS"}

--- The recorded transform of that name as a table keyed by column name, or nil.
function M.find(env, schema, transform_job_name)
    local quoted = {}
    for i, column in ipairs(COLUMNS) do
        quoted[i] = sql.quote_identifier(column)
    end
    local ok, result = env.pquery("SELECT " .. table.concat(quoted, ", ")
        .. [[ FROM ::s."SME_METADATA_BATCH_TRANSFORM_JOBS" WHERE "TRANSFORM_JOB_NAME" = :n]],
        {s = schema, n = transform_job_name})
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_READ_FAILED,
            "reading SME_METADATA_BATCH_TRANSFORM_JOBS", TABLE_HINT)
    end
    return sql.rows(env, result, COLUMNS)[1]
end

--- Record a transform started in AWS. run: transform_job_name, job_name, candidate_name, problem_type,
-- input_schema, input_table, key_columns (list), output_schema, output_table, instance_type,
-- instance_count, connection, region, output_uri.
function M.insert(env, schema, run)
    local ok, result = env.pquery([[INSERT INTO ::s."SME_METADATA_BATCH_TRANSFORM_JOBS" ("DATETIME", ]]
        .. [["TRANSFORM_JOB_NAME", "JOB_NAME", "CANDIDATE_NAME", "PROBLEM_TYPE", "INPUT_SCHEMA_NAME", ]]
        .. [["INPUT_TABLE_NAME", "KEY_COLUMNS", "OUTPUT_SCHEMA_NAME", "OUTPUT_TABLE_NAME", "INSTANCE_TYPE", ]]
        .. [["INSTANCE_COUNT", "AWS_CREDENTIALS_CONNECTION_NAME", "AWS_REGION", "S3_OUTPUT_URI", "STATUS", ]]
        .. [["ROWS_LOADED", "SESSION_ID", "SCRIPT_USER") VALUES (CURRENT_TIMESTAMP, :transform_job, :job_name, ]]
        .. [[:candidate, :problem_type, :input_schema, :input_table, :key_columns, :output_schema, ]]
        .. [[:output_table, :instance_type, :instance_count, :connection, :region, :output_uri, :status, ]]
        .. [[NULL, CURRENT_SESSION, CURRENT_USER)]],
        {s = schema, transform_job = run.transform_job_name, job_name = run.job_name,
         candidate = run.candidate_name or env.null, problem_type = run.problem_type or env.null,
         input_schema = run.input_schema, input_table = run.input_table,
         key_columns = env.cjson.encode(run.key_columns), output_schema = run.output_schema,
         output_table = run.output_table, instance_type = run.instance_type,
         instance_count = run.instance_count, connection = run.connection, region = run.region,
         output_uri = run.output_uri, status = M.IN_PROGRESS})
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_WRITE_FAILED,
            "transform job " .. run.transform_job_name .. " was started in AWS but recording it in"
            .. " SME_METADATA_BATCH_TRANSFORM_JOBS",
            "It runs and costs money until it ends; stop it with aws sagemaker stop-transform-job"
            .. " --transform-job-name " .. run.transform_job_name .. " if needed, fix the cause ("
            .. TABLE_HINT:lower() .. ") and run the script again under a new transform_job_name.")
    end
end

--- Set the status (and, when loaded, the number of rows loaded) of a recorded transform.
function M.set_status(env, schema, transform_job_name, status, rows_loaded)
    local ok, result = env.pquery([[UPDATE ::s."SME_METADATA_BATCH_TRANSFORM_JOBS" SET "STATUS" = :status, ]]
        .. [["ROWS_LOADED" = :rows WHERE "TRANSFORM_JOB_NAME" = :n]],
        {s = schema, status = status, rows = rows_loaded or env.null, n = transform_job_name})
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_WRITE_FAILED,
            "marking transform job " .. transform_job_name .. " " .. status .. " in"
            .. " SME_METADATA_BATCH_TRANSFORM_JOBS", TABLE_HINT)
    end
end

return M
end
package.preload["sme.batch_transform_sql"] = function(...)
-- sme.batch_transform_sql: the statements of a batch prediction that move data: the EXPORT of keys and
-- features to S3, the output table, and the one IMPORT of the predictions. Identifiers are ::names,
-- values :names; only type texts (checked to be plain Exasol types) are written into the text.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local exporter = require("sme.exporter")
local rules = require("sme.rules")
local sql = require("sme.sql")

local M = {}

M.PROBABILITY_TYPE = "DOUBLE"
M.REGRESSION_PREDICTIONS_TYPE = "DOUBLE"

--- <s3_output_path>/<job_name>/batch-transform/<transform_job_name>/ (relative to the bucket).
function M.prefix(output_path, job_name, transform_job_name)
    return output_path .. "/" .. job_name .. "/batch-transform/" .. transform_job_name .. "/"
end

local function node_count(env)
    local ok, result = env.pquery([[SELECT NPROC() AS "NPROC"]])
    local count = ok and sql.integer(env, result[1] and result[1][1]) or nil
    if count == nil or count < 1 then
        count = 1
    end
    return count
end

--- Export spec.keys and spec.features ({name=, cast=type or nil}) of spec.schema.spec.table, keys first,
-- as CSV without header, one FILE per NPROC() slice under spec.prefix .. "input/". Returns the keys.
function M.export(env, spec)
    local files = exporter.file_keys(spec.prefix .. "input/", node_count(env))
    local params = {s = spec.schema, t = spec.table, c = spec.connection}
    local selected = {}
    for i, column in ipairs(spec.columns) do
        params["col" .. i] = column.name
        if column.cast ~= nil then
            selected[i] = "CAST(::col" .. i .. " AS " .. column.cast .. ")"
        else
            selected[i] = "::col" .. i
        end
    end
    local file_clauses = {}
    for i, key in ipairs(files) do
        params["file" .. i] = key
        file_clauses[i] = "FILE :file" .. i
    end
    local ok, result = env.pquery("EXPORT (SELECT " .. table.concat(selected, ", ") .. " FROM ::s.::t) INTO CSV AT ::c "
        .. table.concat(file_clauses, " ") .. " BOOLEAN = '1/0'", params)
    if not ok then
        errors.from_database(result.error_message, codes.EXPORT_FAILED,
            "exporting the rows to score of " .. sql.quote_identifier(spec.schema) .. "."
            .. sql.quote_identifier(spec.table) .. " to S3",
            "Check that connection " .. sql.quote_identifier(spec.connection) .. " points at"
            .. " https://<bucket>.s3.<region>.amazonaws.com/ of the job's bucket and that its key pair may"
            .. " write to " .. spec.prefix .. "input/.")
    end
    return files
end

-- Letters, digits, spaces, commas and unnested parentheses (DECIMAL(18,0), VARCHAR(100) UTF8): a type
-- text that can never end the column list early.
local function checked_type(name, column_type)
    local plain = type(column_type) == "string"
        and column_type:find("^[A-Za-z][A-Za-z0-9 ]*%(?[0-9 ,]*%)?[A-Za-z0-9 ]*$")
    if not plain then
        errors.raise(codes.PREDICTIONS_IMPORT_FAILED, "column " .. sql.quote_identifier(name) .. " has the type "
            .. errors.show(column_type) .. ", which cannot be written into the output table",
            "Use key columns of plain Exasol types, for example through a view with CASTs.")
    end
    return column_type
end

--- The output columns {name=, type=} in table order: the keys, PROBABILITY (classification), PREDICTIONS.
function M.output_columns(keys, classification, target_type)
    local columns = {}
    for i, key in ipairs(keys) do
        columns[i] = {name = key.name, type = checked_type(key.name, key.type)}
    end
    if classification then
        columns[#columns + 1] = {name = rules.PROBABILITY_COLUMN, type = M.PROBABILITY_TYPE}
        columns[#columns + 1] = {name = rules.PREDICTIONS_COLUMN, type = target_type}
    else
        columns[#columns + 1] = {name = rules.PREDICTIONS_COLUMN, type = M.REGRESSION_PREDICTIONS_TYPE}
    end
    return columns
end

--- The columns in the order of the .out files: the keys, PREDICTIONS, then PROBABILITY (classification).
function M.file_columns(keys, classification)
    local names = {}
    for i, key in ipairs(keys) do
        names[i] = key.name
    end
    names[#names + 1] = rules.PREDICTIONS_COLUMN
    if classification then
        names[#names + 1] = rules.PROBABILITY_COLUMN
    end
    return names
end

local function drop_output(env, target)
    env.pquery("DROP TABLE IF EXISTS ::os.::ot", {os = target.schema, ot = target.table})
end

--- Create the output table (replacing it when asked) and fill it with one IMPORT of the .out files.
-- target: schema, table, replace, connection, columns (output_columns), file_columns, files.
-- On failure the table is dropped, so there is never a half-filled table. Returns the rows loaded.
function M.load(env, target)
    local params = {os = target.schema, ot = target.table}
    local definitions = {}
    for i, column in ipairs(target.columns) do
        params["out" .. i] = column.name
        definitions[i] = "::out" .. i .. " " .. column.type
    end
    local create = (target.replace and "CREATE OR REPLACE TABLE" or "CREATE TABLE") .. " ::os.::ot ("
        .. table.concat(definitions, ", ") .. ")"
    local ok, result = env.pquery(create, params)
    local shown = sql.quote_identifier(target.schema) .. "." .. sql.quote_identifier(target.table)
    if not ok then
        errors.raise(codes.PREDICTIONS_IMPORT_FAILED, "creating the output table " .. shown .. " failed: "
            .. errors.database_message(result.error_message), "Check that you may create tables in schema "
            .. sql.quote_identifier(target.schema) .. ", then run the script again with the same"
            .. " transform_job_name: it loads the finished predictions without scoring again.")
    end
    if #target.files == 0 then
        return 0
    end
    params = {os = target.schema, ot = target.table, c = target.connection}
    local columns, files = {}, {}
    for i, name in ipairs(target.file_columns) do
        params["in" .. i] = name
        columns[i] = "::in" .. i
    end
    for i, key in ipairs(target.files) do
        params["file" .. i] = key
        files[i] = "FILE :file" .. i
    end
    ok, result = env.pquery("IMPORT INTO ::os.::ot (" .. table.concat(columns, ", ") .. ") FROM CSV AT ::c "
        .. table.concat(files, " "), params)
    if not ok then
        drop_output(env, target)
        errors.raise(codes.PREDICTIONS_IMPORT_FAILED, "loading the predictions into " .. shown .. " failed: "
            .. errors.database_message(result.error_message), "The table was dropped. Fix the cause, then run"
            .. " the script again with the same transform_job_name: it loads the finished predictions"
            .. " without scoring again.")
    end
    return sql.integer(env, result.rows_affected) or sql.integer(env, result.rows_inserted) or 0
end

return M
end
package.preload["sme.catalog"] = function(...)
-- sme.catalog: finds schemas, tables, columns and connections the way SQL would: the name exactly
-- as written first, then, for a regular identifier, upper-cased (`my_table` finds MY_TABLE,
-- `MixedCase` finds "MixedCase").
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

local LISTED_COLUMNS_MAX = 10

function M.is_regular_identifier(name)
    return name:find("^[A-Za-z][A-Za-z0-9_]*$") ~= nil
end

--- The names to try for a user-given name, in order.
function M.candidates(name)
    local names = {name}
    if M.is_regular_identifier(name) and name:upper() ~= name then
        names[2] = name:upper()
    end
    return names
end

local function select_rows(env, statement, params, what)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_READ_FAILED, "reading " .. what,
            "Check that your user may read the system tables of schema SYS and try again.")
    end
    return result
end

--- The connection's name as stored (E-SME-50 if there is none of that name).
function M.resolve_connection(env, name)
    for _, candidate in ipairs(M.candidates(name)) do
        local result = select_rows(env,
            [[SELECT CONNECTION_NAME FROM SYS.EXA_ALL_CONNECTIONS WHERE CONNECTION_NAME = :c]],
            {c = candidate}, "the connections")
        if #result > 0 then
            return candidate
        end
    end
    errors.raise(codes.CONNECTION_NOT_USABLE, "there is no connection " .. errors.show(name),
        "Create it with CREATE CONNECTION <name> TO 'https://<bucket>.s3.<region>.amazonaws.com/'"
        .. " USER '<access key id>' IDENTIFIED BY '<secret access key>' and let the user run it with"
        .. " GRANT CONNECTION <name> TO <user>, or give the name of an existing connection.")
end

--- The schema's name as stored (E-SME-34 if there is none of that name).
function M.resolve_schema(env, name)
    for _, candidate in ipairs(M.candidates(name)) do
        local result = select_rows(env, [[SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = :s]],
            {s = candidate}, "the schemas")
        if #result > 0 then
            return candidate
        end
    end
    errors.raise(codes.SCHEMA_NOT_FOUND, "there is no schema " .. errors.show(name),
        "Create it with CREATE SCHEMA, or give the name of an existing schema.")
end

--- Whether a schema of exactly this name exists.
function M.schema_exists(env, name)
    local result = select_rows(env, [[SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = :s]],
        {s = name}, "the schemas")
    return #result > 0
end

--- The table or view with its columns {name=, type=} in ordinal order (E-SME-30 if not found).
function M.resolve_table(env, schema_name, table_name)
    for _, schema in ipairs(M.candidates(schema_name)) do
        for _, table_candidate in ipairs(M.candidates(table_name)) do
            local result = select_rows(env, [[SELECT COLUMN_NAME, COLUMN_TYPE FROM SYS.EXA_ALL_COLUMNS ]]
                .. [[WHERE COLUMN_SCHEMA = :s AND COLUMN_TABLE = :t ORDER BY COLUMN_ORDINAL_POSITION]],
                {s = schema, t = table_candidate}, "the columns of the input table")
            if #result > 0 then
                local columns = {}
                for i = 1, #result do
                    columns[i] = {name = result[i].COLUMN_NAME, type = sql.text(env, result[i].COLUMN_TYPE)}
                end
                return {schema = schema, table = table_candidate, columns = columns}
            end
        end
    end
    errors.raise(codes.TABLE_NOT_FOUND, "found no table or view " .. errors.show(table_name)
        .. " in schema " .. errors.show(schema_name) .. " that you may read",
        "Check input_schema_name and input_table_or_view_name (a regular name is also tried upper-case)"
        .. " and that you have the SELECT privilege on it.")
end

local function column_list(columns)
    local names = {}
    for i = 1, math.min(#columns, LISTED_COLUMNS_MAX) do
        names[i] = sql.quote_identifier(columns[i].name)
    end
    local text = table.concat(names, ", ")
    if #columns > LISTED_COLUMNS_MAX then
        text = text .. " and " .. (#columns - LISTED_COLUMNS_MAX) .. " more"
    end
    return text
end

--- The target column of a resolved table (E-SME-31 if it has none of that name).
function M.resolve_target(source, target_name)
    for _, candidate in ipairs(M.candidates(target_name)) do
        for _, column in ipairs(source.columns) do
            if column.name == candidate then
                return column
            end
        end
    end
    errors.raise(codes.TARGET_COLUMN_NOT_FOUND, "table " .. sql.quote_identifier(source.schema) .. "."
        .. sql.quote_identifier(source.table) .. " has no column " .. errors.show(target_name),
        "Give one of its columns as target_attribute_name: " .. column_list(source.columns) .. ".")
end

return M
end
package.preload["sme.deployment_options"] = function(...)
-- sme.deployment_options: what an endpoint deployment is asked for, from the seven arguments of
-- SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT or the JSON of SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT_WITH_OPTIONS,
-- checked with the rules of names.py (E-SME-120 candidate, E-SME-123 serverless, E-SME-124 a mix).
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local json_params = require("sme.json_params")
local rules = require("sme.rules")
local validation = require("sme.validation")

local M = {}

M.REQUIRED_KEYS = {"job_name", "endpoint_name", "schema_name", "aws_credentials_connection_name", "aws_region"}
M.OPTIONAL_KEYS = {"instance_type", "instance_count", "serverless_memory_size_in_mb", "serverless_max_concurrency",
                   "candidate_name"}
local EXAMPLE = [[{"job_name": "churn-1", "endpoint_name": "churn-ep", "schema_name": "SALES", ]]
    .. [["aws_credentials_connection_name": "AWS_CONN", "aws_region": "eu-central-1", ]]
    .. [["serverless_memory_size_in_mb": 3072, "serverless_max_concurrency": 5}]]

local function accepted_keys()
    local keys = {}
    for _, list in ipairs({M.REQUIRED_KEYS, M.OPTIONAL_KEYS}) do
        for _, key in ipairs(list) do
            keys[#keys + 1] = key
        end
    end
    return keys
end

--- A candidate name shaped like AWS's (letters, digits, hyphens; at most CANDIDATE_NAME_MAX_LENGTH).
function M.candidate_name(name)
    if type(name) ~= "string" or #name < 1 or #name > rules.CANDIDATE_NAME_MAX_LENGTH
            or not name:find("^[A-Za-z0-9%-]+$") or not name:find("^[A-Za-z0-9]")
            or not name:find("[A-Za-z0-9]$") then
        errors.raise(codes.INVALID_CANDIDATE_NAME, "invalid candidate name " .. errors.show(name),
            "Use 1 to " .. rules.CANDIDATE_NAME_MAX_LENGTH .. " letters, digits and hyphens, starting and"
            .. " ending with a letter or digit, as AWS lists the job's candidates.")
    end
    return name
end

local function serverless_memory_size(value)
    local size = validation.to_integer(value)
    for _, allowed in ipairs(rules.SERVERLESS_MEMORY_SIZES_IN_MB) do
        if size == allowed then
            return size
        end
    end
    errors.raise(codes.INVALID_SERVERLESS_CONFIG, "invalid serverless memory size " .. errors.show(value),
        "Give serverless_memory_size_in_mb as one of " .. table.concat(rules.SERVERLESS_MEMORY_SIZES_IN_MB, ", ")
        .. ".")
end

local function serverless_max_concurrency(value)
    local count = validation.to_integer(value)
    if count == nil or count < 1 or count > rules.SERVERLESS_MAX_CONCURRENCY_MAX then
        errors.raise(codes.INVALID_SERVERLESS_CONFIG, "invalid serverless max concurrency " .. errors.show(value),
            "Give serverless_max_concurrency as a whole number from 1 to " .. rules.SERVERLESS_MAX_CONCURRENCY_MAX
            .. ".")
    end
    return count
end

--- Real-time (instance_type, instance_count) or serverless (memory size, max concurrency), never a mix.
-- Fills options.instance_count / serverless_* with integers; options.serverless tells which.
function M.check_choice(options)
    local serverless = options.serverless_memory_size_in_mb ~= nil or options.serverless_max_concurrency ~= nil
    local real_time = options.instance_type ~= nil or options.instance_count ~= nil
    if serverless == real_time or (serverless and (options.serverless_memory_size_in_mb == nil
            or options.serverless_max_concurrency == nil)) then
        errors.raise(codes.DEPLOYMENT_CHOICE_CONFLICT, "an endpoint needs either instance_type and instance_count"
            .. " (real-time) or serverless_memory_size_in_mb and serverless_max_concurrency (serverless), not a mix",
            "Give exactly one of the two pairs.")
    end
    options.serverless = serverless
    if serverless then
        options.serverless_memory_size_in_mb = serverless_memory_size(options.serverless_memory_size_in_mb)
        options.serverless_max_concurrency = serverless_max_concurrency(options.serverless_max_concurrency)
    else
        validation.instance_type(validation.required_string(options.instance_type, "instance_type"))
        if options.instance_count == nil then
            validation.required_string(nil, "instance_count")
        end
        options.instance_count = validation.instance_count(options.instance_count)
    end
    return options
end

--- The options of SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT_WITH_OPTIONS(json_str), checked.
function M.parse(env, json_str)
    local decoded = json_params.decode(env, json_str, "the deployment options", EXAMPLE)
    json_params.check_keys(decoded, accepted_keys(), "deployment option")
    local options = {}
    for _, key in ipairs(M.REQUIRED_KEYS) do
        options[key] = json_params.string(env, decoded, key, true)
    end
    options.instance_type = json_params.string(env, decoded, "instance_type")
    options.instance_count = json_params.number(env, decoded, "instance_count")
    options.serverless_memory_size_in_mb = json_params.number(env, decoded, "serverless_memory_size_in_mb")
    options.serverless_max_concurrency = json_params.number(env, decoded, "serverless_max_concurrency")
    options.candidate_name = json_params.string(env, decoded, "candidate_name")
    return M.check(options)
end

--- Check options (keys as the JSON's; absent = nil) in the order of the script's parameters.
function M.check(options)
    validation.job_name(validation.required_string(options.job_name, "job_name"))
    validation.endpoint_name(validation.required_string(options.endpoint_name, "endpoint_name"))
    validation.identifier(validation.required_string(options.schema_name, "schema_name"), "schema name")
    M.check_choice(options)
    validation.identifier(validation.required_string(options.aws_credentials_connection_name,
        "aws_credentials_connection_name"), "connection name")
    validation.region(validation.required_string(options.aws_region, "aws_region"))
    if options.candidate_name ~= nil then
        M.candidate_name(options.candidate_name)
    end
    return options
end

return M
end
package.preload["sme.error_codes"] = function(...)
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
end
package.preload["sme.errors"] = function(...)
-- sme.errors: every failure leaves the scripts as one string "E-SME-<n>: what happened. what to do."
-- Database errors of the UDFs are searched for the extension's own message, which is passed on
-- unchanged; anything else becomes E-SME-38 (or the caller's code) with the database's first lines.
local codes = require("sme.error_codes")

local M = {}

local SHOWN_VALUE_MAX = 80
local DATABASE_MESSAGE_MAX = 600
local ESCAPES = {["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t", ["\\"] = "\\\\", ["'"] = "\\'"}

-- Cut text to at most max bytes without splitting a UTF-8 character.
local function cut(text, max)
    if #text <= max then
        return text
    end
    local stop = max
    while stop > 0 do
        local byte = text:byte(stop + 1)
        if byte == nil or byte < 0x80 or byte >= 0xC0 then
            break
        end
        stop = stop - 1
    end
    return text:sub(1, stop)
end

--- A rejected value as it appears in a message: quoted, control characters escaped, at most 80 chars.
function M.show(value)
    if type(value) ~= "string" then
        return tostring(value)
    end
    local escaped = value:gsub("[\0-\31\127\\']", function(char)
        return ESCAPES[char] or string.format("\\x%02x", char:byte())
    end)
    local text = "'" .. escaped .. "'"
    if #text > SHOWN_VALUE_MAX then
        text = cut(text, SHOWN_VALUE_MAX - 4) .. "...'"
    end
    return text
end

--- Abort the script with "E-SME-<code>: <what>. <todo>".
function M.raise(code, what, todo)
    assert(math.type(code) == "integer", "sme.errors.raise needs a code from sme.error_codes")
    local text = tostring(what):gsub("%.+$", "")
    error(string.format("E-SME-%d: %s. %s", code, text, todo), 0)
end

--- The extension's own "E-SME-<n>: ..." text inside a database message, or nil.
-- Takes the first such text up to the end of its line, without Exasol's "(Session: ...)" suffix.
function M.extract(message)
    if type(message) ~= "string" then
        return nil
    end
    local start = message:find("E%-SME%-%d+:")
    if start == nil then
        return nil
    end
    local line = message:sub(start):match("^[^\r\n]*")
    line = line:gsub("%s*%(Session: %d+%)%s*$", "")
    return (line:gsub("%s+$", ""))
end

--- A database message made short enough to show: no Python traceback, one line, shortened.
function M.database_message(message)
    local text = tostring(message or "unknown error")
    local traceback = text:find("Traceback (most recent call last)", 1, true)
    if traceback ~= nil then
        text = text:sub(1, traceback - 1)
    end
    text = text:gsub("%(Session: %d+%)", ""):gsub("%s+", " "):gsub("^ ", ""):gsub(" $", "")
    if #text > DATABASE_MESSAGE_MAX then
        text = cut(text, DATABASE_MESSAGE_MAX - 3) .. "..."
    end
    if text == "" then
        text = "no message"
    end
    return text
end

--- Re-raise a failed statement: its own E-SME text unchanged if it has one, else
-- "E-SME-<fallback_code>: <context> failed: <database message>. <todo>".
function M.from_database(message, fallback_code, context, todo)
    local own = M.extract(message)
    if own ~= nil then
        error(own, 0)
    end
    M.raise(fallback_code or codes.UDF_CALL_FAILED,
        context .. " failed: " .. M.database_message(message),
        todo or ("Check that the extension was deployed completely into this schema with the same version,"
            .. " and that the script language PYTHON3_SME is activated for this session or system."))
end

return M
end
package.preload["sme.exporter"] = function(...)
-- sme.exporter: exports the training table to S3 with one EXPORT statement, one FILE per NPROC()
-- slice, into the job's own prefix <s3_output_path>/<job_name>/training-data/.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

local MIN_DIGITS = 3

function M.training_data_prefix(output_path, job_name)
    return output_path .. "/" .. job_name .. "/training-data/"
end

--- part-001.csv .. part-<count>.csv under the prefix, numbers zero-padded to the same width.
function M.file_keys(prefix, count)
    local format = "%spart-%0" .. math.max(MIN_DIGITS, #tostring(count)) .. "d.csv"
    local keys = {}
    for i = 1, count do
        keys[i] = string.format(format, prefix, i)
    end
    return keys
end

local function export_failed(message, job)
    errors.from_database(message, codes.EXPORT_FAILED,
        "exporting the training data of job " .. job.job_name .. " to S3",
        "Check that connection " .. sql.quote_identifier(job.connection)
        .. " points at https://<bucket>.s3.<region>.amazonaws.com/ of the bucket in s3_bucket_uri and"
        .. " that its key pair may write to " .. M.training_data_prefix(job.output_path, job.job_name) .. ".")
end

local function node_count(env, job)
    local ok, result = env.pquery([[SELECT NPROC() AS "NPROC"]])
    if not ok then
        export_failed(result.error_message, job)
    end
    local count = sql.integer(env, result[1] and result[1][1])
    if count == nil or count < 1 then
        count = 1
    end
    return count
end

--- Export job.columns (names) of job.schema.job.table through connection job.connection.
-- Every name goes through a ::placeholder, every key through a :placeholder. Booleans are written as
-- 1/0, the form the prediction UDF sends, so a model sees the same text in training and prediction.
-- Returns the object keys written, relative to the bucket.
function M.export(env, job)
    local keys = M.file_keys(M.training_data_prefix(job.output_path, job.job_name), node_count(env, job))
    local params = {s = job.schema, t = job.table, c = job.connection}
    local columns = {}
    for i, name in ipairs(job.columns) do
        params["col" .. i] = name
        columns[i] = "::col" .. i
    end
    local files = {}
    for i, key in ipairs(keys) do
        params["f" .. i] = key
        files[i] = "FILE :f" .. i
    end
    local statement = "EXPORT (SELECT " .. table.concat(columns, ", ") .. " FROM ::s.::t) INTO CSV AT ::c "
        .. table.concat(files, " ") .. " BOOLEAN = '1/0' WITH COLUMN NAMES"
    local ok, result = env.pquery(statement, params)
    if not ok then
        export_failed(result.error_message, job)
    end
    return keys
end

return M
end
package.preload["sme.json_params"] = function(...)
-- sme.json_params: the JSON-object argument of a script (SME_..._WITH_OPTIONS, SME_CREATE_...), decoded
-- and read key by key with the codes of the training JSON: E-SME-1 not an object, E-SME-15 unknown key,
-- E-SME-2 missing, E-SME-3 wrong type. JSON null counts as absent.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")
local validation = require("sme.validation")

local M = {}

--- The decoded object; what: "the deployment options" (for messages), example: a JSON text.
function M.decode(env, json_str, what, example)
    if type(json_str) ~= "string" or not json_str:find("%S") then
        errors.raise(codes.INVALID_JSON, what .. " are missing",
            "Pass one JSON object as the only argument, for example " .. example .. ".")
    end
    local ok, decoded = pcall(env.cjson.decode, json_str)
    local is_object = ok and type(decoded) == "table" and (next(decoded) == nil or #decoded == 0)
    if is_object then
        for key in pairs(decoded) do
            if type(key) ~= "string" then
                is_object = false
            end
        end
    end
    if not is_object then
        errors.raise(codes.INVALID_JSON, what .. " are not a JSON object: " .. errors.show(json_str),
            "Pass one JSON object with double-quoted keys and values, for example " .. example .. ".")
    end
    return decoded
end

--- E-SME-15 for keys outside accepted (a list of names).
function M.check_keys(decoded, accepted, what)
    local known = {}
    for _, key in ipairs(accepted) do
        known[key] = true
    end
    local unknown = {}
    for key in pairs(decoded) do
        if not known[key] then
            unknown[#unknown + 1] = errors.show(key)
        end
    end
    if #unknown > 0 then
        table.sort(unknown)
        errors.raise(codes.UNKNOWN_PARAMETER, "unknown " .. what .. " " .. table.concat(unknown, ", "),
            "Use only these keys: " .. table.concat(accepted, ", ") .. ".")
    end
end

function M.is_absent(env, value)
    return sql.is_null(env, value) or value == ""
end

--- A string value: nil when absent and not required; E-SME-2 when required and absent.
function M.string(env, decoded, key, required)
    local value = decoded[key]
    if M.is_absent(env, value) then
        if required then
            validation.required_string(nil, key)
        end
        return nil
    end
    if type(value) ~= "string" then
        errors.raise(codes.WRONG_PARAMETER_TYPE, "parameter " .. key .. " must be a string, not " .. type(value),
            "Give " .. key .. " as a JSON string in double quotes.")
    end
    return value
end

--- A number or digit string as given (checked by the caller's rule), nil when absent.
function M.number(env, decoded, key)
    local value = decoded[key]
    if M.is_absent(env, value) then
        return nil
    end
    if type(value) ~= "number" and type(value) ~= "string" then
        errors.raise(codes.WRONG_PARAMETER_TYPE, "parameter " .. key .. " must be a number, not " .. type(value),
            "Give " .. key .. " as a whole number.")
    end
    return value
end

--- A JSON boolean, default when absent.
function M.boolean(env, decoded, key, default)
    local value = decoded[key]
    if sql.is_null(env, value) then
        return default
    end
    if type(value) ~= "boolean" then
        errors.raise(codes.WRONG_PARAMETER_TYPE, "parameter " .. key .. " must be true or false, not "
            .. errors.show(value), "Give " .. key .. " as the JSON value true or false (no quotes).")
    end
    return value
end

return M
end
package.preload["sme.metadata"] = function(...)
-- sme.metadata: rows of SME_METADATA_AUTOPILOT_JOBS and SME_METADATA_AUTOPILOT_ENDPOINTS in the
-- script's schema. Explicit column lists, every value a placeholder.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

M.DEPLOYED = "DEPLOYED"
M.DELETED = "DELETED"

local REDEPLOY_HINT = "Check that the extension was deployed into this schema with this version"
    .. " (sme-deploy creates the metadata tables) and that your user may read and write them."

local function run(env, statement, params, failure_code, context, todo)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, failure_code, context, todo)
    end
    return result
end

local function read(env, statement, params, what)
    return run(env, statement, params, codes.METADATA_READ_FAILED, "reading " .. what, REDEPLOY_HINT)
end

--- Column names or types as stored: a JSON array, or the existing extension's comma-separated text
-- (types split only at commas outside parentheses, so DECIMAL(18,0) stays whole).
function M.decode_list(env, text)
    if text == nil then
        return {}
    end
    if text:find("^%s*%[") then
        local ok, decoded = pcall(env.cjson.decode, text)
        if ok and type(decoded) == "table" then
            return decoded
        end
        errors.raise(codes.METADATA_READ_FAILED, "a column list in SME_METADATA_AUTOPILOT_JOBS is not"
            .. " valid JSON: " .. errors.show(text), "Train the job again under a new job name.")
    end
    local items, depth, current = {}, 0, {}
    for char in text:gmatch(".") do
        if char == "," and depth == 0 then
            items[#items + 1] = table.concat(current):match("^%s*(.-)%s*$")
            current = {}
        else
            depth = depth + (char == "(" and 1 or 0) - (char == ")" and 1 or 0)
            current[#current + 1] = char
        end
    end
    items[#items + 1] = table.concat(current):match("^%s*(.-)%s*$")
    return items
end

function M.job_exists(env, schema, job_name)
    local result = read(env, [[SELECT "JOB_NAME" FROM ::s."SME_METADATA_AUTOPILOT_JOBS" WHERE "JOB_NAME" = :j]],
        {s = schema, j = job_name}, "SME_METADATA_AUTOPILOT_JOBS")
    return #result > 0
end

--- Record a started job. job: job_name, connection, iam_role, s3_bucket_uri, s3_output_path, target,
-- problem_type, objective, the three limits, column_names, column_types, region, and the source:
-- input_schema and input_table, or input_query (nil -> NULL).
function M.insert_job(env, schema, job)
    local function value(v)
        if v == nil then
            return env.null
        end
        return v
    end
    run(env, [[INSERT INTO ::s."SME_METADATA_AUTOPILOT_JOBS" ("DATETIME", "JOB_NAME", ]]
        .. [["AWS_CREDENTIALS_CONNECTION_NAME", "IAM_SAGEMAKER_ROLE", "S3_BUCKET_URI", "S3_OUTPUT_PATH", ]]
        .. [["TARGET_ATTRIBUTE_NAME", "PROBLEM_TYPE", "OBJECTIVE", "MAX_RUNTIME_FOR_AUTOML_JOB_IN_SECONDS", ]]
        .. [["MAX_CANDIDATES", "MAX_RUNTIME_PER_TRAINING_JOB_IN_SECONDS", "SESSION_ID", "SCRIPT_USER", ]]
        .. [["COLUMN_NAMES", "COLUMN_TYPES", "AWS_REGION", "INPUT_SCHEMA_NAME", "INPUT_TABLE_OR_VIEW_NAME", ]]
        .. [["INPUT_QUERY") VALUES (CURRENT_TIMESTAMP, :job_name, :connection, :role, ]]
        .. [[:bucket_uri, :output_path, :target, :problem_type, :objective, :max_runtime, :max_candidates, ]]
        .. [[:max_runtime_per_job, CURRENT_SESSION, CURRENT_USER, :column_names, :column_types, :region, ]]
        .. [[:input_schema, :input_table, :input_query)]],
        {s = schema, job_name = job.job_name, connection = job.connection, role = job.iam_role,
         bucket_uri = job.s3_bucket_uri, output_path = job.s3_output_path, target = job.target,
         problem_type = value(job.problem_type), objective = value(job.objective),
         max_runtime = value(job.max_runtime), max_candidates = value(job.max_candidates),
         max_runtime_per_job = value(job.max_runtime_per_job),
         column_names = env.cjson.encode(job.column_names), column_types = env.cjson.encode(job.column_types),
         region = value(job.region), input_schema = value(job.input_schema), input_table = value(job.input_table),
         input_query = value(job.input_query)},
        codes.METADATA_WRITE_FAILED,
        "Autopilot job " .. job.job_name .. " was started in AWS but recording it in "
            .. "SME_METADATA_AUTOPILOT_JOBS",
        "It cannot be deployed from SQL without that row. Stop it with aws sagemaker stop-auto-ml-job"
            .. " --auto-ml-job-name " .. job.job_name .. ", fix the cause (" .. REDEPLOY_HINT:lower()
            .. ") and train again under a new job name.")
end

--- The recorded job with column_names and column_types as lists (E-SME-33 if there is none).
function M.read_job(env, schema, job_name)
    local columns = {"JOB_NAME", "AWS_CREDENTIALS_CONNECTION_NAME", "IAM_SAGEMAKER_ROLE", "S3_BUCKET_URI",
        "S3_OUTPUT_PATH", "TARGET_ATTRIBUTE_NAME", "PROBLEM_TYPE", "OBJECTIVE", "COLUMN_NAMES", "COLUMN_TYPES"}
    local quoted = {}
    for i, column in ipairs(columns) do
        quoted[i] = sql.quote_identifier(column)
    end
    local result = read(env, "SELECT " .. table.concat(quoted, ", ")
        .. [[ FROM ::s."SME_METADATA_AUTOPILOT_JOBS" WHERE "JOB_NAME" = :j]],
        {s = schema, j = job_name}, "SME_METADATA_AUTOPILOT_JOBS")
    if #result == 0 then
        errors.raise(codes.JOB_NOT_IN_METADATA, "there is no job " .. errors.show(job_name)
            .. " in SME_METADATA_AUTOPILOT_JOBS of schema " .. sql.quote_identifier(schema),
            "Give the name of a job started with SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT in this schema.")
    end
    local row = sql.rows(env, result, columns)[1]
    return {
        job_name = row.JOB_NAME,
        connection = row.AWS_CREDENTIALS_CONNECTION_NAME,
        target = row.TARGET_ATTRIBUTE_NAME,
        problem_type = row.PROBLEM_TYPE,
        objective = row.OBJECTIVE,
        s3_bucket_uri = row.S3_BUCKET_URI,
        s3_output_path = row.S3_OUTPUT_PATH,
        column_names = M.decode_list(env, row.COLUMN_NAMES),
        column_types = M.decode_list(env, row.COLUMN_TYPES),
    }
end

--- Record a deployed endpoint. endpoint: endpoint_name, job_name, schema, problem_type,
-- instance_type, instance_count, connection, region, prediction_udf (for the message), candidate_name,
-- serverless_memory_size_in_mb, serverless_max_concurrency (nil -> NULL; serverless: no instances).
function M.insert_endpoint(env, schema, endpoint)
    run(env, [[INSERT INTO ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" ("DATETIME", "ENDPOINT_NAME", "JOB_NAME", ]]
        .. [["UDF_SCHEMA_NAME", "PROBLEM_TYPE", "INSTANCE_TYPE", "INSTANCE_COUNT", ]]
        .. [["AWS_CREDENTIALS_CONNECTION_NAME", "AWS_REGION", "STATUS", "SESSION_ID", "SCRIPT_USER", ]]
        .. [["CANDIDATE_NAME", "SERVERLESS_MEMORY_SIZE_IN_MB", "SERVERLESS_MAX_CONCURRENCY") ]]
        .. [[VALUES (CURRENT_TIMESTAMP, :endpoint_name, :job_name, :udf_schema, :problem_type, ]]
        .. [[:instance_type, :instance_count, :connection, :region, :status, CURRENT_SESSION, CURRENT_USER, ]]
        .. [[:candidate_name, :memory_size, :max_concurrency)]],
        {s = schema, endpoint_name = endpoint.endpoint_name, job_name = endpoint.job_name,
         udf_schema = endpoint.schema, problem_type = endpoint.problem_type,
         instance_type = endpoint.instance_type or env.null, instance_count = endpoint.instance_count or env.null,
         connection = endpoint.connection, region = endpoint.region, status = M.DEPLOYED,
         candidate_name = endpoint.candidate_name or env.null,
         memory_size = endpoint.serverless_memory_size_in_mb or env.null,
         max_concurrency = endpoint.serverless_max_concurrency or env.null},
        codes.METADATA_WRITE_FAILED,
        "endpoint " .. endpoint.endpoint_name .. " is running in AWS and prediction UDF "
            .. endpoint.prediction_udf .. " was created, but recording them in SME_METADATA_AUTOPILOT_ENDPOINTS",
        "The endpoint costs money while it runs. Remove it with EXECUTE SCRIPT"
            .. " SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT('" .. endpoint.endpoint_name .. "', '"
            .. endpoint.connection:gsub("'", "''") .. "', '" .. endpoint.region .. "')"
            .. " and DROP SCRIPT " .. endpoint.prediction_udf .. ", fix the cause (" .. REDEPLOY_HINT:lower()
            .. ") and deploy again.")
end

--- The recorded, not yet deleted deployments of an endpoint: {udf_schema=, job_name=} rows.
function M.deployed_endpoints(env, schema, endpoint_name)
    local result = read(env, [[SELECT "UDF_SCHEMA_NAME", "JOB_NAME" FROM ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" ]]
        .. [[WHERE "ENDPOINT_NAME" = :e AND "STATUS" = :status]],
        {s = schema, e = endpoint_name, status = M.DEPLOYED}, "SME_METADATA_AUTOPILOT_ENDPOINTS")
    return sql.rows(env, result, {"UDF_SCHEMA_NAME", "JOB_NAME"})
end

function M.mark_endpoint_deleted(env, schema, endpoint_name)
    run(env, [[UPDATE ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" SET "STATUS" = :deleted ]]
        .. [[WHERE "ENDPOINT_NAME" = :e AND "STATUS" = :deployed]],
        {s = schema, e = endpoint_name, deleted = M.DELETED, deployed = M.DEPLOYED},
        codes.METADATA_WRITE_FAILED,
        "endpoint " .. endpoint_name .. " was deleted in AWS but marking it DELETED in"
            .. " SME_METADATA_AUTOPILOT_ENDPOINTS",
        "Fix the cause (" .. REDEPLOY_HINT:lower() .. ") and run SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT"
            .. " again; it reports resources that are already gone as NOT_FOUND.")
end

return M
end
package.preload["sme.prediction_udf_sql"] = function(...)
-- sme.prediction_udf_sql: the CREATE statement of the prediction UDF of one endpoint, as the
-- developer guide shows it. Inputs are the training columns without the target, in ordinal order;
-- it emits them, then PROBABILITY (classification only) and PREDICTIONS. With a package archive as
-- the Python runtime (sme.runtime.PYTHON_PATH), the UDF text starts with the line that imports from it.
-- build_for_endpoint writes the same kind of UDF for an endpoint the extension did not create
-- (EndpointPredictionUDF): inputs and output columns as the user names them.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local rules = require("sme.rules")
local runtime = require("sme.runtime")
local sql = require("sme.sql")
local validation = require("sme.validation")

local M = {}

local REGRESSION_PREDICTIONS_TYPE = "DOUBLE"
local PROBABILITY_TYPE = "DOUBLE"

--- Raise E-SME-39 if a feature column has the name of an output column the UDF adds.
function M.check_feature_names(feature_names)
    for _, name in ipairs(feature_names) do
        if name == rules.PROBABILITY_COLUMN or name == rules.PREDICTIONS_COLUMN then
            errors.raise(codes.RESERVED_OUTPUT_COLUMN, "the input column " .. sql.quote_identifier(name)
                .. " has the name of an output column of the prediction UDF",
                "Rename it, for example in a view over the table, and train with that view; "
                .. rules.PROBABILITY_COLUMN .. " and " .. rules.PREDICTIONS_COLUMN .. " are reserved.")
        end
    end
end

-- Letters, digits, spaces, commas and unnested parentheses: DECIMAL(18,0), VARCHAR(100) UTF8,
-- INTERVAL DAY(2) TO SECOND(3). Such a text can never close the UDF's column list early.
local function looks_like_type(column_type)
    if type(column_type) ~= "string" or not column_type:find("^[A-Za-z][A-Za-z0-9 (),]*$") then
        return false
    end
    local depth = 0
    for char in column_type:gmatch("[()]") do
        depth = depth + (char == "(" and 1 or -1)
        if depth < 0 or depth > 1 then
            return false
        end
    end
    return depth == 0
end

local function checked_type(column_name, column_type)
    if not looks_like_type(column_type) then
        errors.raise(codes.PREDICTION_UDF_CREATION_FAILED, "column " .. sql.quote_identifier(column_name)
            .. " has the type " .. errors.show(column_type) .. " which is not an Exasol data type",
            "Check COLUMN_TYPES of the job in SME_METADATA_AUTOPILOT_JOBS, or train the job again.")
    end
    return column_type
end

--- The checked input columns: {inputs = {'"name" TYPE', ...}, target_type = ...}. Raises E-SME-37
-- if the recorded columns cannot make a UDF, E-SME-39 if a feature has an output column's name.
-- spec: target, column_names, column_types (all training columns in ordinal order, target included).
function M.check_columns(spec)
    if #spec.column_names ~= #spec.column_types then
        errors.raise(codes.PREDICTION_UDF_CREATION_FAILED, "the job has " .. #spec.column_names
            .. " recorded column names but " .. #spec.column_types .. " column types",
            "Check COLUMN_NAMES and COLUMN_TYPES of the job in SME_METADATA_AUTOPILOT_JOBS, or train again.")
    end
    local inputs, features, target_type = {}, {}, nil
    for i, name in ipairs(spec.column_names) do
        local column_type = checked_type(name, spec.column_types[i])
        if name == spec.target then
            target_type = column_type
        else
            features[#features + 1] = name
            inputs[#inputs + 1] = sql.quote_identifier(name) .. " " .. column_type
        end
    end
    if target_type == nil or #inputs == 0 then
        errors.raise(codes.PREDICTION_UDF_CREATION_FAILED, "the recorded columns of the job do not hold"
            .. " its target " .. sql.quote_identifier(spec.target) .. " and at least one other column",
            "Check COLUMN_NAMES and COLUMN_TYPES of the job in SME_METADATA_AUTOPILOT_JOBS, or train again.")
    end
    M.check_feature_names(features)
    return {inputs = inputs, target_type = target_type}
end

--- The first lines of a generated UDF's Python text: put python_path on sys.path ("" for nil), the
-- same lines the deploy CLI writes into the fixed UDFs.
function M.prelude(python_path)
    if python_path == nil then
        return ""
    end
    local literal = sql.quote_python_string(python_path)
    return "import sys\nif " .. literal .. " not in sys.path: sys.path.insert(0, " .. literal .. ")\n"
end

-- The statement around the Python text: CREATE OR REPLACE ... SET SCRIPT "schema"."name"(inputs) EMITS (...).
local function create_statement(schema, name, inputs, outputs, python)
    return "CREATE OR REPLACE PYTHON3_SME SET SCRIPT " .. sql.quote_identifier(schema) .. "."
        .. sql.quote_identifier(name) .. "(" .. table.concat(inputs, ", ") .. ")\n"
        .. "EMITS (" .. table.concat(outputs, ", ") .. ") AS\n"
        .. M.prelude(runtime.PYTHON_PATH)
        .. python
        .. "def run(ctx):\n"
        .. "    return udf.run(ctx)\n"
end

-- ", max_payload_bytes=<n>" for a given limit, "" without one.
local function payload_argument(max_payload_bytes)
    if max_payload_bytes == nil then
        return ""
    end
    return ", max_payload_bytes=" .. string.format("%d", max_payload_bytes)
end

--- spec: schema, endpoint_name, connection, region, problem_type, target, column_names, column_types,
-- max_payload_bytes (the largest request body; nil: the UDF's default).
function M.build(spec)
    local checked = M.check_columns(spec)
    local inputs, outputs = checked.inputs, {}
    for i, input in ipairs(inputs) do
        outputs[i] = input
    end
    local predictions_type = REGRESSION_PREDICTIONS_TYPE
    if validation.is_classification(spec.problem_type) then
        outputs[#outputs + 1] = sql.quote_identifier(rules.PROBABILITY_COLUMN) .. " " .. PROBABILITY_TYPE
        predictions_type = checked.target_type
    end
    outputs[#outputs + 1] = sql.quote_identifier(rules.PREDICTIONS_COLUMN) .. " " .. predictions_type
    return create_statement(spec.schema, spec.endpoint_name, inputs, outputs,
        "from exasol_sagemaker_extension.udfs.prediction_udf import PredictionUDF\n"
        .. "udf = PredictionUDF(exa, endpoint_name=" .. sql.quote_python_string(spec.endpoint_name)
        .. ", connection_name=" .. sql.quote_python_string(spec.connection)
        .. ", aws_region=" .. sql.quote_python_string(spec.region)
        .. ", problem_type=" .. sql.quote_python_string(spec.problem_type)
        .. payload_argument(spec.max_payload_bytes) .. ")\n")
end

--- The UDF of an endpoint the extension did not create. spec: schema, udf_name, endpoint_name,
-- connection, region, inputs and outputs ({name=, type=} with checked types), max_payload_bytes.
function M.build_for_endpoint(spec)
    local inputs, outputs = {}, {}
    for i, column in ipairs(spec.inputs) do
        inputs[i] = sql.quote_identifier(column.name) .. " " .. checked_type(column.name, column.type)
        outputs[i] = inputs[i]
    end
    for _, column in ipairs(spec.outputs) do
        outputs[#outputs + 1] = sql.quote_identifier(column.name) .. " " .. checked_type(column.name, column.type)
    end
    return create_statement(spec.schema, spec.udf_name, inputs, outputs,
        "from exasol_sagemaker_extension.udfs.endpoint_prediction_udf import EndpointPredictionUDF\n"
        .. "udf = EndpointPredictionUDF(exa, endpoint_name=" .. sql.quote_python_string(spec.endpoint_name)
        .. ", connection_name=" .. sql.quote_python_string(spec.connection)
        .. ", aws_region=" .. sql.quote_python_string(spec.region)
        .. payload_argument(spec.max_payload_bytes) .. ")\n")
end

return M
end
package.preload["sme.rules"] = function(...)
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
end
package.preload["sme.runtime"] = function(...)
-- sme.runtime: where the deploy CLI put the Python runtime of the UDFs, rendered by
-- deployment/lua_bundler.py. PYTHON_PATH is the directory of the unpacked package archive, which every
-- generated UDF puts on sys.path; nil when the runtime is a script-language container (or not deployed).
local M = {}

M.PYTHON_PATH = nil

return M
end
package.preload["sme.sql"] = function(...)
-- sme.sql: quoting for the few texts that cannot go through :name / ::name placeholders
-- (column lists, the body of a generated Python UDF) and helpers to read query results.
local M = {}

local PYTHON_ESCAPES = {["\\"] = "\\\\", ["'"] = "\\'", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t"}

--- "name" with inner double quotes doubled: the identifier exactly as given, case kept.
function M.quote_identifier(name)
    return '"' .. (tostring(name):gsub('"', '""')) .. '"'
end

--- A single-quoted Python string literal: backslash, quote and every control character escaped.
function M.quote_python_string(text)
    local escaped = tostring(text):gsub("[\0-\31\127\\']", function(char)
        return PYTHON_ESCAPES[char] or string.format("\\x%02x", char:byte())
    end)
    return "'" .. escaped .. "'"
end

--- Whether a value from a script parameter, a result or cjson is SQL NULL / JSON null / nil.
function M.is_null(env, value)
    return value == nil or value == env.null or (env.cjson ~= nil and value == env.cjson.null)
end

--- A result value as Lua string, nil for NULL.
function M.text(env, value)
    if M.is_null(env, value) then
        return nil
    end
    return tostring(value)
end

--- A result value as Lua integer, nil for NULL or anything that is not a whole number.
-- Accepts Lua numbers and anything whose text is a whole number (Exasol's DECIMAL values).
function M.integer(env, value)
    if M.is_null(env, value) then
        return nil
    end
    if type(value) == "number" then
        return math.tointeger(value)
    end
    local text = tostring(value):match("^%s*(%d+)%.?0*%s*$")
    if text == nil then
        return nil
    end
    return math.tointeger(tonumber(text))
end

--- The rows of a SELECT result as plain Lua tables keyed by the given column names.
function M.rows(env, result, columns)
    local rows = {}
    for i = 1, #result do
        local row = {}
        for _, column in ipairs(columns) do
            local value = result[i][column]
            if M.is_null(env, value) then
                value = nil
            end
            row[column] = value
        end
        rows[i] = row
    end
    return rows
end

return M
end
package.preload["sme.udf"] = function(...)
-- sme.udf: runs the SELECT that calls one of the extension's Python UDFs. A failure passes the UDF's
-- own E-SME message on unchanged (never its traceback); anything else becomes E-SME-38.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

--- The UDF's rows as plain tables keyed by the given column names (NULL -> nil).
function M.call(env, udf_name, statement, params, columns)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.UDF_CALL_FAILED, "calling " .. udf_name)
    end
    return sql.rows(env, result, columns)
end

--- The UDF's only row; E-SME-38 if it returned none.
function M.call_one(env, udf_name, statement, params, columns)
    local rows = M.call(env, udf_name, statement, params, columns)
    if #rows == 0 then
        errors.raise(codes.UDF_CALL_FAILED, udf_name .. " returned no row",
            "Check that the extension was deployed completely into this schema with the same version.")
    end
    return rows[1]
end

return M
end
package.preload["sme.validation"] = function(...)
-- sme.validation: one check per kind of name or value, the same rules as
-- exasol_sagemaker_extension/names.py, with the limits of sme.rules. Each returns the (normalized)
-- value or raises the E-SME code of names.py.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local rules = require("sme.rules")

local M = {}

local show = errors.show
local ALNUM = "[A-Za-z0-9]"
-- Shapes fixed by AWS's own patterns (names.py keeps them inside its regular expressions).
local BUCKET_NAME_MIN_LENGTH, BUCKET_NAME_MAX_LENGTH = 3, 63
local ROLE_NAME_MAX_LENGTH, ROLE_PATH_MAX_LENGTH, ACCOUNT_ID_LENGTH = 64, 512, 12

local function contains(list, value)
    for _, item in ipairs(list) do
        if item == value then
            return true
        end
    end
    return false
end

-- AWS's name shape ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,n}$ plus its length limit: letters, digits and
-- hyphens, first and last a letter or digit, hyphens counted in the length.
local function is_aws_name(name, max_length)
    return type(name) == "string" and #name >= 1 and #name <= max_length
        and name:find("^[A-Za-z0-9%-]+$") ~= nil
        and name:find("^" .. ALNUM) ~= nil and name:find(ALNUM .. "$") ~= nil
end

function M.is_absent(value, null)
    return value == nil or value == "" or (null ~= nil and value == null)
end

--- A required text argument: E-SME-2 when missing or empty, E-SME-3 when not a string.
function M.required_string(value, name, null)
    if M.is_absent(value, null) then
        errors.raise(codes.MISSING_PARAMETER, "parameter " .. name .. " is missing",
            "Give " .. name .. " a value.")
    end
    if type(value) ~= "string" then
        errors.raise(codes.WRONG_PARAMETER_TYPE,
            "parameter " .. name .. " must be a string, not " .. type(value),
            "Give " .. name .. " as a text value in single quotes, for example '" .. name .. "'.")
    end
    return value
end

function M.job_name(name)
    if not is_aws_name(name, rules.JOB_NAME_MAX_LENGTH) then
        errors.raise(codes.INVALID_JOB_NAME, "invalid job name " .. show(name),
            "Use 1 to " .. rules.JOB_NAME_MAX_LENGTH .. " letters, digits and hyphens, starting and ending"
            .. " with a letter or digit.")
    end
    return name
end

function M.endpoint_name(name)
    if not is_aws_name(name, rules.ENDPOINT_NAME_MAX_LENGTH) then
        errors.raise(codes.INVALID_ENDPOINT_NAME, "invalid endpoint name " .. show(name),
            "Use 1 to " .. rules.ENDPOINT_NAME_MAX_LENGTH .. " letters, digits and hyphens, starting and"
            .. " ending with a letter or digit.")
    end
    return name
end

-- ^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$, for example eu-central-1.
local function is_region(region)
    if type(region) ~= "string" then
        return false
    end
    local middle = region:match("^[a-z][a-z](%-[a-z%-]*)%-[0-9][0-9]?$")
    return middle ~= nil and middle:gsub("%-[a-z]+", "") == ""
end

function M.region(region)
    if not is_region(region) then
        errors.raise(codes.INVALID_REGION, "invalid AWS region " .. show(region),
            "Give a region code such as eu-central-1 or us-east-1.")
    end
    return region
end

--- An Exasol identifier taken exactly as written: 1 to 128 characters, no control characters.
function M.identifier(name, kind)
    local length = type(name) == "string" and (utf8 and utf8.len(name) or #name) or nil
    if length == nil or length < 1 or length > rules.IDENTIFIER_MAX_LENGTH or name:find("[\0-\31]") then
        errors.raise(codes.INVALID_IDENTIFIER, "invalid " .. (kind or "identifier") .. " " .. show(name),
            "Give a name of 1 to " .. rules.IDENTIFIER_MAX_LENGTH .. " characters without control characters.")
    end
    return name
end

local function is_role_arn(role)
    local partition, account, path = role:match("^arn:aws([%-a-z]*):iam::([0-9]+):role/(.+)$")
    return partition ~= nil and partition:gsub("%-[a-z]+", "") == ""
        and #account == ACCOUNT_ID_LENGTH
        and #path <= ROLE_PATH_MAX_LENGTH and path:find("^[A-Za-z0-9_+=,.@/%-]+$") ~= nil
end

local function is_role_name(role)
    return #role <= ROLE_NAME_MAX_LENGTH and role:find("^[A-Za-z0-9_+=,.@%-]+$") ~= nil
end

--- An IAM role ARN (arn:aws:iam::<account>:role/<name>) or a role name.
function M.iam_role(role)
    if type(role) ~= "string" or #role > rules.IAM_ROLE_MAX_LENGTH
            or not (is_role_arn(role) or is_role_name(role)) then
        errors.raise(codes.INVALID_IAM_ROLE, "invalid IAM role " .. show(role),
            "Give the role's ARN (arn:aws:iam::<account>:role/<name>) or its name.")
    end
    return role
end

--- s3://bucket (one trailing slash allowed); returns "s3://bucket" and the bucket name.
function M.s3_bucket_uri(uri)
    local bucket = type(uri) == "string" and uri:match("^s3://([a-z0-9.%-]+)/?$") or nil
    if bucket == nil or #bucket < BUCKET_NAME_MIN_LENGTH or #bucket > BUCKET_NAME_MAX_LENGTH
            or not bucket:find("^[a-z0-9]") or not bucket:find("[a-z0-9]$") then
        errors.raise(codes.INVALID_S3_BUCKET_URI, "invalid S3 bucket URI " .. show(uri),
            "Give the bucket as s3://<bucket-name>, without a path.")
    end
    return "s3://" .. bucket, bucket
end

local function normalized_s3_path(path)
    if type(path) ~= "string" then
        return nil
    end
    local stripped = path:gsub("^/+", ""):gsub("/+$", "")
    if stripped == "" or #stripped > rules.S3_OUTPUT_PATH_MAX_LENGTH
            or not stripped:find("^[A-Za-z0-9!_.*'()/%-]+$") or stripped:find("//", 1, true) then
        return nil
    end
    for segment in stripped:gmatch("[^/]+") do
        if segment == "." or segment == ".." then
            return nil
        end
    end
    return stripped
end

--- The S3 key prefix without slashes at either end.
function M.s3_output_path(path)
    local normalized = normalized_s3_path(path)
    if normalized == nil then
        errors.raise(codes.INVALID_S3_OUTPUT_PATH, "invalid S3 output path " .. show(path),
            "Give a key prefix of up to " .. rules.S3_OUTPUT_PATH_MAX_LENGTH .. " characters made of"
            .. " letters, digits and !_.*'()/- such as ml/autopilot.")
    end
    return normalized
end

function M.instance_type(instance_type)
    if type(instance_type) ~= "string" or not instance_type:find("^ml%.[a-z0-9]+%.[a-z0-9]+$") then
        errors.raise(codes.INVALID_INSTANCE, "invalid instance type " .. show(instance_type),
            "Give a SageMaker instance type such as ml.m5.large.")
    end
    return instance_type
end

--- A whole number given as Lua number, digit string or Exasol DECIMAL; nil if it is none.
function M.to_integer(value)
    if type(value) == "number" then
        return math.tointeger(value)
    end
    if type(value) == "string" then
        local digits = value:match("^%s*(%d+)%s*$")
        return digits and math.tointeger(tonumber(digits)) or nil
    end
    if value ~= nil and type(value) ~= "boolean" and type(value) ~= "table" then
        local digits = tostring(value):match("^%s*(%d+)%.?0*%s*$")
        return digits and math.tointeger(tonumber(digits)) or nil
    end
    return nil
end

function M.instance_count(count)
    local number = M.to_integer(count)
    if number == nil or number < 1 or number > rules.INSTANCE_COUNT_MAX then
        errors.raise(codes.INVALID_INSTANCE, "invalid instance count " .. show(count),
            "Give a whole number from 1 to " .. rules.INSTANCE_COUNT_MAX .. ".")
    end
    return number
end

--- The problem type, or nil when it is left to Autopilot.
function M.problem_type(problem_type)
    if problem_type == nil or problem_type == "" then
        return nil
    end
    if not contains(rules.PROBLEM_TYPES, problem_type) then
        errors.raise(codes.INVALID_PROBLEM_TYPE, "invalid problem type " .. show(problem_type),
            "Use one of " .. table.concat(rules.PROBLEM_TYPES, ", ") .. ", or leave it out to let"
            .. " Autopilot decide.")
    end
    return problem_type
end

function M.is_problem_type(problem_type)
    return contains(rules.PROBLEM_TYPES, problem_type)
end

function M.is_classification(problem_type)
    return contains(rules.CLASSIFICATION_PROBLEM_TYPES, problem_type)
end

--- The objective metric name, checked against the problem type when one is given.
function M.objective(metric, problem_type)
    if metric == nil or metric == "" then
        return nil
    end
    local fitting = type(metric) == "string" and rules.OBJECTIVES[metric] or nil
    if fitting == nil then
        errors.raise(codes.INVALID_OBJECTIVE, "invalid objective " .. show(metric),
            "Use one of " .. table.concat(rules.OBJECTIVE_NAMES, ", ") .. ".")
    end
    if problem_type ~= nil and not contains(fitting, problem_type) then
        local usable = {}
        for _, name in ipairs(rules.OBJECTIVE_NAMES) do
            if contains(rules.OBJECTIVES[name], problem_type) then
                usable[#usable + 1] = name
            end
        end
        errors.raise(codes.INVALID_OBJECTIVE, "objective " .. metric .. " does not fit problem type "
            .. problem_type, "For " .. problem_type .. " use one of " .. table.concat(usable, ", ") .. ".")
    end
    return metric
end

--- The objective to send (names.resolve_objective): the given one, or the default of a given problem
-- type; AWS takes an objective only together with a problem type.
function M.resolve_objective(metric, problem_type)
    metric = M.objective(metric, problem_type)
    if metric ~= nil and problem_type == nil then
        errors.raise(codes.INVALID_OBJECTIVE, "objective " .. metric .. " is given without a problem_type",
            "AWS takes an objective only together with a problem type: add problem_type, or leave"
            .. " objective out to let Autopilot choose both.")
    end
    if problem_type ~= nil and metric == nil then
        return rules.DEFAULT_OBJECTIVES[problem_type]
    end
    return metric
end

--- A positive whole number (a JSON number with integer value or a digit string).
function M.positive_integer(value, name)
    local number = M.to_integer(value)
    if number == nil or number < 1 then
        errors.raise(codes.INVALID_LIMIT, "invalid " .. name .. " " .. show(value),
            "Give a positive whole number, or leave " .. name .. " out.")
    end
    return number
end

return M
end
-- EXECUTE SCRIPT SME_BATCH_PREDICT_WITH_SAGEMAKER_AUTOPILOT(json_str): Exasol sets the parameter as a global.
-- Only the entry scripts touch the database's globals; the modules get them passed in as env.
local env = {query = query, pquery = pquery, exa = exa, output = output, null = null,
             cjson = cjson or require("cjson")}
return require("sme.batch_transform").run(env, json_str)
/

-- 24/45: Lua script SME_LIST_SAGEMAKER_AUTOPILOT_CANDIDATES
CREATE OR REPLACE LUA SCRIPT "Sme Schema"."SME_LIST_SAGEMAKER_AUTOPILOT_CANDIDATES"(job_name, aws_credentials_connection_name, aws_region) RETURNS TABLE AS
-- Exasol SageMaker Extension: entry_candidates.lua with its modules, bundled at deploy time.
package.preload["sme.candidates"] = function(...)
-- sme.candidates: the leaderboard and insight tables of a job, and
-- SME_LIST_SAGEMAKER_AUTOPILOT_CANDIDATES(job_name, aws_credentials_connection_name, aws_region).
--
-- Each table is refilled for one job at a time: its rows of that job are deleted, then the UDF's rows
-- are inserted with INSERT INTO ... SELECT <udf>(...). The candidates table is written last of the
-- leaderboard tables (and its rows are deleted first), so a job has rows there only when the
-- leaderboard is complete; a failed refill leaves the job without candidates, which the next poll or
-- refill repairs. The insight tables are filled after the leaderboard; the best candidate's reports are
-- optional, so a job without them simply has no rows there.
local catalog = require("sme.catalog")
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local metadata = require("sme.metadata")
local rules = require("sme.rules")
local sql = require("sme.sql")
local validation = require("sme.validation")

local M = {}

M.CANDIDATES = {table = "SME_METADATA_AUTOPILOT_CANDIDATES", udf = "SME_AUTOPILOT_CANDIDATES_UDF",
    columns = {"JOB_NAME", "CANDIDATE_NAME", "CANDIDATE_RANK", "IS_BEST_CANDIDATE", "ALGORITHM",
        "OBJECTIVE_METRIC_NAME", "OBJECTIVE_METRIC_DIRECTION", "OBJECTIVE_METRIC_VALUE", "CANDIDATE_STATUS",
        "OBJECTIVE_STATUS", "FAILURE_REASON", "CREATION_TIME", "END_TIME", "TRAINING_SECONDS", "LOADED_AT"}}
M.METRICS = {table = "SME_METADATA_AUTOPILOT_CANDIDATE_METRICS", udf = "SME_AUTOPILOT_CANDIDATE_METRICS_UDF",
    columns = {"JOB_NAME", "CANDIDATE_NAME", "DATA_SET", "METRIC_NAME", "STANDARD_METRIC_NAME", "METRIC_VALUE",
        "LOADED_AT"}}
M.FEATURE_IMPORTANCE = {table = "SME_METADATA_AUTOPILOT_FEATURE_IMPORTANCE",
    udf = "SME_AUTOPILOT_FEATURE_IMPORTANCE_UDF", what = "feature importances (explainability report)",
    columns = {"JOB_NAME", "CANDIDATE_NAME", "LABEL", "FEATURE_NAME", "IMPORTANCE", "IMPORTANCE_RANK",
        "REPORT_URI", "LOADED_AT"}}
M.MODEL_QUALITY = {table = "SME_METADATA_AUTOPILOT_MODEL_QUALITY", udf = "SME_AUTOPILOT_MODEL_QUALITY_UDF",
    what = "model quality metrics (model insights report)",
    columns = {"JOB_NAME", "CANDIDATE_NAME", "METRIC_GROUP", "METRIC_NAME", "METRIC_VALUE", "STANDARD_DEVIATION",
        "REPORT_URI", "LOADED_AT"}}

M.LEADERBOARD_COLUMNS = {"CANDIDATE_RANK", "CANDIDATE_NAME", "IS_BEST_CANDIDATE", "ALGORITHM",
    "OBJECTIVE_METRIC_NAME", "OBJECTIVE_METRIC_VALUE", "CANDIDATE_STATUS", "OBJECTIVE_STATUS",
    "TRAINING_SECONDS"}
M.LEADERBOARD_TYPES = "CANDIDATE_RANK DECIMAL(9,0), CANDIDATE_NAME VARCHAR(" .. rules.CANDIDATE_NAME_MAX_LENGTH
    .. "), IS_BEST_CANDIDATE BOOLEAN, ALGORITHM VARCHAR(256), OBJECTIVE_METRIC_NAME VARCHAR(256), "
    .. "OBJECTIVE_METRIC_VALUE DOUBLE, "
    .. "CANDIDATE_STATUS VARCHAR(32), OBJECTIVE_STATUS VARCHAR(32), TRAINING_SECONDS DOUBLE"

local REDEPLOY_HINT = "Check that the extension was deployed into this schema with this version"
    .. " (sme-deploy creates the metadata tables) and that your user may read and write them, then run"
    .. " SME_LIST_SAGEMAKER_AUTOPILOT_CANDIDATES again."

local function column_list(columns)
    local quoted = {}
    for i, column in ipairs(columns) do
        quoted[i] = sql.quote_identifier(column)
    end
    return table.concat(quoted, ", ")
end

local function delete_rows(env, schema, spec, job_name)
    local ok, result = env.pquery("DELETE FROM ::s." .. sql.quote_identifier(spec.table) .. [[ WHERE "JOB_NAME" = :j]],
        {s = schema, j = job_name})
    if not ok then
        errors.from_database(result.error_message, codes.CANDIDATE_TABLES_WRITE_FAILED,
            "deleting the rows of job " .. job_name .. " from " .. spec.table, REDEPLOY_HINT)
    end
end

--- Insert the rows the spec's UDF emits for the job; returns how many. A failing UDF's own E-SME
-- message passes unchanged; any other failure is E-SME-100.
local function insert_rows(env, schema, spec, job_name, connection, region)
    local ok, result = env.pquery("INSERT INTO ::s." .. sql.quote_identifier(spec.table) .. " ("
        .. column_list(spec.columns) .. ") SELECT ::s." .. sql.quote_identifier(spec.udf)
        .. "(:job_name, :connection, :region)",
        {s = schema, job_name = job_name, connection = connection, region = region})
    if not ok then
        errors.from_database(result.error_message, codes.CANDIDATE_TABLES_WRITE_FAILED,
            "writing the rows of job " .. job_name .. " into " .. spec.table .. " (" .. spec.udf .. ")",
            REDEPLOY_HINT)
    end
    return sql.integer(env, result.rows_inserted) or sql.integer(env, result.rows_affected) or 0
end

--- Whether the job has rows in SME_METADATA_AUTOPILOT_CANDIDATES.
function M.has_candidates(env, schema, job_name)
    local ok, result = env.pquery([[SELECT "CANDIDATE_NAME" FROM ::s."SME_METADATA_AUTOPILOT_CANDIDATES" ]]
        .. [[WHERE "JOB_NAME" = :j LIMIT 1]], {s = schema, j = job_name})
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_READ_FAILED,
            "reading SME_METADATA_AUTOPILOT_CANDIDATES", REDEPLOY_HINT)
    end
    return #result > 0
end

--- Replace the job's leaderboard rows (candidates and their metrics); returns the number of candidates.
function M.fill_leaderboard(env, schema, job_name, connection, region)
    delete_rows(env, schema, M.CANDIDATES, job_name)
    delete_rows(env, schema, M.METRICS, job_name)
    insert_rows(env, schema, M.METRICS, job_name, connection, region)
    return insert_rows(env, schema, M.CANDIDATES, job_name, connection, region)
end

--- Replace the job's rows of the insight tables. Returns notes (text lines) for the user: what is
-- missing, and what failed; a failure here never undoes the leaderboard.
function M.fill_insight(env, schema, job_name, connection, region)
    local notes = {}
    for _, spec in ipairs({M.FEATURE_IMPORTANCE, M.MODEL_QUALITY}) do
        local ok, result = pcall(function()
            delete_rows(env, schema, spec, job_name)
            return insert_rows(env, schema, spec, job_name, connection, region)
        end)
        if not ok then
            notes[#notes + 1] = "Note: the " .. spec.what .. " of job " .. job_name .. " could not be written to "
                .. spec.table .. ": " .. tostring(result)
        elseif result == 0 then
            notes[#notes + 1] = "Note: job " .. job_name .. " has no " .. spec.what .. " for its best candidate"
                .. " (Autopilot did not produce it), so " .. spec.table .. " has no rows for it."
        end
    end
    return notes
end

--- Fill all four tables for the job; returns the number of candidates and the notes.
function M.fill(env, schema, job_name, connection, region)
    local count = M.fill_leaderboard(env, schema, job_name, connection, region)
    return count, M.fill_insight(env, schema, job_name, connection, region)
end

--- After a poll saw the job Completed: fill the tables unless the job already has candidates there.
-- Never raises: whatever goes wrong becomes an output line, so the poll still returns the status.
function M.fill_after_completion(env, schema, job_name, connection, region)
    local ok, failure = pcall(function()
        if not metadata.job_exists(env, schema, job_name) then
            env.output("Note: job " .. job_name .. " is not recorded in SME_METADATA_AUTOPILOT_JOBS of this"
                .. " schema, so its candidates are not written to SME_METADATA_AUTOPILOT_CANDIDATES.")
            return
        end
        if M.has_candidates(env, schema, job_name) then
            return
        end
        local count, notes = M.fill(env, schema, job_name, connection, region)
        env.output("Leaderboard: " .. count .. " candidates of job " .. job_name
            .. " written to SME_METADATA_AUTOPILOT_CANDIDATES.")
        for _, note in ipairs(notes) do
            env.output(note)
        end
    end)
    if not ok then
        env.output("Note: the job's status above is current, but its leaderboard could not be written: "
            .. tostring(failure) .. " Run SME_LIST_SAGEMAKER_AUTOPILOT_CANDIDATES('" .. job_name
            .. "', ...) to try again.")
    end
end

--- The job's leaderboard as stored: best rank first, unranked candidates after them.
function M.leaderboard(env, schema, job_name)
    local ok, result = env.pquery("SELECT " .. column_list(M.LEADERBOARD_COLUMNS)
        .. [[ FROM ::s."SME_METADATA_AUTOPILOT_CANDIDATES" WHERE "JOB_NAME" = :j]]
        .. [[ ORDER BY "CANDIDATE_RANK" NULLS LAST, "CREATION_TIME", "CANDIDATE_NAME"]],
        {s = schema, j = job_name})
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_READ_FAILED,
            "reading SME_METADATA_AUTOPILOT_CANDIDATES", REDEPLOY_HINT)
    end
    local rows = {}
    for i = 1, #result do
        local row = {}
        for position, column in ipairs(M.LEADERBOARD_COLUMNS) do
            local value = result[i][column]
            if value == nil then
                value = env.null
            end
            row[position] = value
        end
        rows[i] = row
    end
    return rows
end

function M.run(env, job_name, connection_name, region)
    validation.job_name(validation.required_string(job_name, "job_name", env.null))
    validation.identifier(validation.required_string(connection_name, "aws_credentials_connection_name",
        env.null), "connection name")
    validation.region(validation.required_string(region, "aws_region", env.null))
    local schema = env.exa.meta.script_schema
    metadata.read_job(env, schema, job_name)
    local connection = catalog.resolve_connection(env, connection_name)
    local count, notes = M.fill(env, schema, job_name, connection, region)
    env.output("Leaderboard: " .. count .. " candidates of job " .. job_name
        .. " written to SME_METADATA_AUTOPILOT_CANDIDATES.")
    for _, note in ipairs(notes) do
        env.output(note)
    end
    return M.leaderboard(env, schema, job_name), M.LEADERBOARD_TYPES
end

return M
end
package.preload["sme.catalog"] = function(...)
-- sme.catalog: finds schemas, tables, columns and connections the way SQL would: the name exactly
-- as written first, then, for a regular identifier, upper-cased (`my_table` finds MY_TABLE,
-- `MixedCase` finds "MixedCase").
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

local LISTED_COLUMNS_MAX = 10

function M.is_regular_identifier(name)
    return name:find("^[A-Za-z][A-Za-z0-9_]*$") ~= nil
end

--- The names to try for a user-given name, in order.
function M.candidates(name)
    local names = {name}
    if M.is_regular_identifier(name) and name:upper() ~= name then
        names[2] = name:upper()
    end
    return names
end

local function select_rows(env, statement, params, what)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_READ_FAILED, "reading " .. what,
            "Check that your user may read the system tables of schema SYS and try again.")
    end
    return result
end

--- The connection's name as stored (E-SME-50 if there is none of that name).
function M.resolve_connection(env, name)
    for _, candidate in ipairs(M.candidates(name)) do
        local result = select_rows(env,
            [[SELECT CONNECTION_NAME FROM SYS.EXA_ALL_CONNECTIONS WHERE CONNECTION_NAME = :c]],
            {c = candidate}, "the connections")
        if #result > 0 then
            return candidate
        end
    end
    errors.raise(codes.CONNECTION_NOT_USABLE, "there is no connection " .. errors.show(name),
        "Create it with CREATE CONNECTION <name> TO 'https://<bucket>.s3.<region>.amazonaws.com/'"
        .. " USER '<access key id>' IDENTIFIED BY '<secret access key>' and let the user run it with"
        .. " GRANT CONNECTION <name> TO <user>, or give the name of an existing connection.")
end

--- The schema's name as stored (E-SME-34 if there is none of that name).
function M.resolve_schema(env, name)
    for _, candidate in ipairs(M.candidates(name)) do
        local result = select_rows(env, [[SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = :s]],
            {s = candidate}, "the schemas")
        if #result > 0 then
            return candidate
        end
    end
    errors.raise(codes.SCHEMA_NOT_FOUND, "there is no schema " .. errors.show(name),
        "Create it with CREATE SCHEMA, or give the name of an existing schema.")
end

--- Whether a schema of exactly this name exists.
function M.schema_exists(env, name)
    local result = select_rows(env, [[SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = :s]],
        {s = name}, "the schemas")
    return #result > 0
end

--- The table or view with its columns {name=, type=} in ordinal order (E-SME-30 if not found).
function M.resolve_table(env, schema_name, table_name)
    for _, schema in ipairs(M.candidates(schema_name)) do
        for _, table_candidate in ipairs(M.candidates(table_name)) do
            local result = select_rows(env, [[SELECT COLUMN_NAME, COLUMN_TYPE FROM SYS.EXA_ALL_COLUMNS ]]
                .. [[WHERE COLUMN_SCHEMA = :s AND COLUMN_TABLE = :t ORDER BY COLUMN_ORDINAL_POSITION]],
                {s = schema, t = table_candidate}, "the columns of the input table")
            if #result > 0 then
                local columns = {}
                for i = 1, #result do
                    columns[i] = {name = result[i].COLUMN_NAME, type = sql.text(env, result[i].COLUMN_TYPE)}
                end
                return {schema = schema, table = table_candidate, columns = columns}
            end
        end
    end
    errors.raise(codes.TABLE_NOT_FOUND, "found no table or view " .. errors.show(table_name)
        .. " in schema " .. errors.show(schema_name) .. " that you may read",
        "Check input_schema_name and input_table_or_view_name (a regular name is also tried upper-case)"
        .. " and that you have the SELECT privilege on it.")
end

local function column_list(columns)
    local names = {}
    for i = 1, math.min(#columns, LISTED_COLUMNS_MAX) do
        names[i] = sql.quote_identifier(columns[i].name)
    end
    local text = table.concat(names, ", ")
    if #columns > LISTED_COLUMNS_MAX then
        text = text .. " and " .. (#columns - LISTED_COLUMNS_MAX) .. " more"
    end
    return text
end

--- The target column of a resolved table (E-SME-31 if it has none of that name).
function M.resolve_target(source, target_name)
    for _, candidate in ipairs(M.candidates(target_name)) do
        for _, column in ipairs(source.columns) do
            if column.name == candidate then
                return column
            end
        end
    end
    errors.raise(codes.TARGET_COLUMN_NOT_FOUND, "table " .. sql.quote_identifier(source.schema) .. "."
        .. sql.quote_identifier(source.table) .. " has no column " .. errors.show(target_name),
        "Give one of its columns as target_attribute_name: " .. column_list(source.columns) .. ".")
end

return M
end
package.preload["sme.error_codes"] = function(...)
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
end
package.preload["sme.errors"] = function(...)
-- sme.errors: every failure leaves the scripts as one string "E-SME-<n>: what happened. what to do."
-- Database errors of the UDFs are searched for the extension's own message, which is passed on
-- unchanged; anything else becomes E-SME-38 (or the caller's code) with the database's first lines.
local codes = require("sme.error_codes")

local M = {}

local SHOWN_VALUE_MAX = 80
local DATABASE_MESSAGE_MAX = 600
local ESCAPES = {["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t", ["\\"] = "\\\\", ["'"] = "\\'"}

-- Cut text to at most max bytes without splitting a UTF-8 character.
local function cut(text, max)
    if #text <= max then
        return text
    end
    local stop = max
    while stop > 0 do
        local byte = text:byte(stop + 1)
        if byte == nil or byte < 0x80 or byte >= 0xC0 then
            break
        end
        stop = stop - 1
    end
    return text:sub(1, stop)
end

--- A rejected value as it appears in a message: quoted, control characters escaped, at most 80 chars.
function M.show(value)
    if type(value) ~= "string" then
        return tostring(value)
    end
    local escaped = value:gsub("[\0-\31\127\\']", function(char)
        return ESCAPES[char] or string.format("\\x%02x", char:byte())
    end)
    local text = "'" .. escaped .. "'"
    if #text > SHOWN_VALUE_MAX then
        text = cut(text, SHOWN_VALUE_MAX - 4) .. "...'"
    end
    return text
end

--- Abort the script with "E-SME-<code>: <what>. <todo>".
function M.raise(code, what, todo)
    assert(math.type(code) == "integer", "sme.errors.raise needs a code from sme.error_codes")
    local text = tostring(what):gsub("%.+$", "")
    error(string.format("E-SME-%d: %s. %s", code, text, todo), 0)
end

--- The extension's own "E-SME-<n>: ..." text inside a database message, or nil.
-- Takes the first such text up to the end of its line, without Exasol's "(Session: ...)" suffix.
function M.extract(message)
    if type(message) ~= "string" then
        return nil
    end
    local start = message:find("E%-SME%-%d+:")
    if start == nil then
        return nil
    end
    local line = message:sub(start):match("^[^\r\n]*")
    line = line:gsub("%s*%(Session: %d+%)%s*$", "")
    return (line:gsub("%s+$", ""))
end

--- A database message made short enough to show: no Python traceback, one line, shortened.
function M.database_message(message)
    local text = tostring(message or "unknown error")
    local traceback = text:find("Traceback (most recent call last)", 1, true)
    if traceback ~= nil then
        text = text:sub(1, traceback - 1)
    end
    text = text:gsub("%(Session: %d+%)", ""):gsub("%s+", " "):gsub("^ ", ""):gsub(" $", "")
    if #text > DATABASE_MESSAGE_MAX then
        text = cut(text, DATABASE_MESSAGE_MAX - 3) .. "..."
    end
    if text == "" then
        text = "no message"
    end
    return text
end

--- Re-raise a failed statement: its own E-SME text unchanged if it has one, else
-- "E-SME-<fallback_code>: <context> failed: <database message>. <todo>".
function M.from_database(message, fallback_code, context, todo)
    local own = M.extract(message)
    if own ~= nil then
        error(own, 0)
    end
    M.raise(fallback_code or codes.UDF_CALL_FAILED,
        context .. " failed: " .. M.database_message(message),
        todo or ("Check that the extension was deployed completely into this schema with the same version,"
            .. " and that the script language PYTHON3_SME is activated for this session or system."))
end

return M
end
package.preload["sme.metadata"] = function(...)
-- sme.metadata: rows of SME_METADATA_AUTOPILOT_JOBS and SME_METADATA_AUTOPILOT_ENDPOINTS in the
-- script's schema. Explicit column lists, every value a placeholder.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

M.DEPLOYED = "DEPLOYED"
M.DELETED = "DELETED"

local REDEPLOY_HINT = "Check that the extension was deployed into this schema with this version"
    .. " (sme-deploy creates the metadata tables) and that your user may read and write them."

local function run(env, statement, params, failure_code, context, todo)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, failure_code, context, todo)
    end
    return result
end

local function read(env, statement, params, what)
    return run(env, statement, params, codes.METADATA_READ_FAILED, "reading " .. what, REDEPLOY_HINT)
end

--- Column names or types as stored: a JSON array, or the existing extension's comma-separated text
-- (types split only at commas outside parentheses, so DECIMAL(18,0) stays whole).
function M.decode_list(env, text)
    if text == nil then
        return {}
    end
    if text:find("^%s*%[") then
        local ok, decoded = pcall(env.cjson.decode, text)
        if ok and type(decoded) == "table" then
            return decoded
        end
        errors.raise(codes.METADATA_READ_FAILED, "a column list in SME_METADATA_AUTOPILOT_JOBS is not"
            .. " valid JSON: " .. errors.show(text), "Train the job again under a new job name.")
    end
    local items, depth, current = {}, 0, {}
    for char in text:gmatch(".") do
        if char == "," and depth == 0 then
            items[#items + 1] = table.concat(current):match("^%s*(.-)%s*$")
            current = {}
        else
            depth = depth + (char == "(" and 1 or 0) - (char == ")" and 1 or 0)
            current[#current + 1] = char
        end
    end
    items[#items + 1] = table.concat(current):match("^%s*(.-)%s*$")
    return items
end

function M.job_exists(env, schema, job_name)
    local result = read(env, [[SELECT "JOB_NAME" FROM ::s."SME_METADATA_AUTOPILOT_JOBS" WHERE "JOB_NAME" = :j]],
        {s = schema, j = job_name}, "SME_METADATA_AUTOPILOT_JOBS")
    return #result > 0
end

--- Record a started job. job: job_name, connection, iam_role, s3_bucket_uri, s3_output_path, target,
-- problem_type, objective, the three limits, column_names, column_types, region, and the source:
-- input_schema and input_table, or input_query (nil -> NULL).
function M.insert_job(env, schema, job)
    local function value(v)
        if v == nil then
            return env.null
        end
        return v
    end
    run(env, [[INSERT INTO ::s."SME_METADATA_AUTOPILOT_JOBS" ("DATETIME", "JOB_NAME", ]]
        .. [["AWS_CREDENTIALS_CONNECTION_NAME", "IAM_SAGEMAKER_ROLE", "S3_BUCKET_URI", "S3_OUTPUT_PATH", ]]
        .. [["TARGET_ATTRIBUTE_NAME", "PROBLEM_TYPE", "OBJECTIVE", "MAX_RUNTIME_FOR_AUTOML_JOB_IN_SECONDS", ]]
        .. [["MAX_CANDIDATES", "MAX_RUNTIME_PER_TRAINING_JOB_IN_SECONDS", "SESSION_ID", "SCRIPT_USER", ]]
        .. [["COLUMN_NAMES", "COLUMN_TYPES", "AWS_REGION", "INPUT_SCHEMA_NAME", "INPUT_TABLE_OR_VIEW_NAME", ]]
        .. [["INPUT_QUERY") VALUES (CURRENT_TIMESTAMP, :job_name, :connection, :role, ]]
        .. [[:bucket_uri, :output_path, :target, :problem_type, :objective, :max_runtime, :max_candidates, ]]
        .. [[:max_runtime_per_job, CURRENT_SESSION, CURRENT_USER, :column_names, :column_types, :region, ]]
        .. [[:input_schema, :input_table, :input_query)]],
        {s = schema, job_name = job.job_name, connection = job.connection, role = job.iam_role,
         bucket_uri = job.s3_bucket_uri, output_path = job.s3_output_path, target = job.target,
         problem_type = value(job.problem_type), objective = value(job.objective),
         max_runtime = value(job.max_runtime), max_candidates = value(job.max_candidates),
         max_runtime_per_job = value(job.max_runtime_per_job),
         column_names = env.cjson.encode(job.column_names), column_types = env.cjson.encode(job.column_types),
         region = value(job.region), input_schema = value(job.input_schema), input_table = value(job.input_table),
         input_query = value(job.input_query)},
        codes.METADATA_WRITE_FAILED,
        "Autopilot job " .. job.job_name .. " was started in AWS but recording it in "
            .. "SME_METADATA_AUTOPILOT_JOBS",
        "It cannot be deployed from SQL without that row. Stop it with aws sagemaker stop-auto-ml-job"
            .. " --auto-ml-job-name " .. job.job_name .. ", fix the cause (" .. REDEPLOY_HINT:lower()
            .. ") and train again under a new job name.")
end

--- The recorded job with column_names and column_types as lists (E-SME-33 if there is none).
function M.read_job(env, schema, job_name)
    local columns = {"JOB_NAME", "AWS_CREDENTIALS_CONNECTION_NAME", "IAM_SAGEMAKER_ROLE", "S3_BUCKET_URI",
        "S3_OUTPUT_PATH", "TARGET_ATTRIBUTE_NAME", "PROBLEM_TYPE", "OBJECTIVE", "COLUMN_NAMES", "COLUMN_TYPES"}
    local quoted = {}
    for i, column in ipairs(columns) do
        quoted[i] = sql.quote_identifier(column)
    end
    local result = read(env, "SELECT " .. table.concat(quoted, ", ")
        .. [[ FROM ::s."SME_METADATA_AUTOPILOT_JOBS" WHERE "JOB_NAME" = :j]],
        {s = schema, j = job_name}, "SME_METADATA_AUTOPILOT_JOBS")
    if #result == 0 then
        errors.raise(codes.JOB_NOT_IN_METADATA, "there is no job " .. errors.show(job_name)
            .. " in SME_METADATA_AUTOPILOT_JOBS of schema " .. sql.quote_identifier(schema),
            "Give the name of a job started with SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT in this schema.")
    end
    local row = sql.rows(env, result, columns)[1]
    return {
        job_name = row.JOB_NAME,
        connection = row.AWS_CREDENTIALS_CONNECTION_NAME,
        target = row.TARGET_ATTRIBUTE_NAME,
        problem_type = row.PROBLEM_TYPE,
        objective = row.OBJECTIVE,
        s3_bucket_uri = row.S3_BUCKET_URI,
        s3_output_path = row.S3_OUTPUT_PATH,
        column_names = M.decode_list(env, row.COLUMN_NAMES),
        column_types = M.decode_list(env, row.COLUMN_TYPES),
    }
end

--- Record a deployed endpoint. endpoint: endpoint_name, job_name, schema, problem_type,
-- instance_type, instance_count, connection, region, prediction_udf (for the message), candidate_name,
-- serverless_memory_size_in_mb, serverless_max_concurrency (nil -> NULL; serverless: no instances).
function M.insert_endpoint(env, schema, endpoint)
    run(env, [[INSERT INTO ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" ("DATETIME", "ENDPOINT_NAME", "JOB_NAME", ]]
        .. [["UDF_SCHEMA_NAME", "PROBLEM_TYPE", "INSTANCE_TYPE", "INSTANCE_COUNT", ]]
        .. [["AWS_CREDENTIALS_CONNECTION_NAME", "AWS_REGION", "STATUS", "SESSION_ID", "SCRIPT_USER", ]]
        .. [["CANDIDATE_NAME", "SERVERLESS_MEMORY_SIZE_IN_MB", "SERVERLESS_MAX_CONCURRENCY") ]]
        .. [[VALUES (CURRENT_TIMESTAMP, :endpoint_name, :job_name, :udf_schema, :problem_type, ]]
        .. [[:instance_type, :instance_count, :connection, :region, :status, CURRENT_SESSION, CURRENT_USER, ]]
        .. [[:candidate_name, :memory_size, :max_concurrency)]],
        {s = schema, endpoint_name = endpoint.endpoint_name, job_name = endpoint.job_name,
         udf_schema = endpoint.schema, problem_type = endpoint.problem_type,
         instance_type = endpoint.instance_type or env.null, instance_count = endpoint.instance_count or env.null,
         connection = endpoint.connection, region = endpoint.region, status = M.DEPLOYED,
         candidate_name = endpoint.candidate_name or env.null,
         memory_size = endpoint.serverless_memory_size_in_mb or env.null,
         max_concurrency = endpoint.serverless_max_concurrency or env.null},
        codes.METADATA_WRITE_FAILED,
        "endpoint " .. endpoint.endpoint_name .. " is running in AWS and prediction UDF "
            .. endpoint.prediction_udf .. " was created, but recording them in SME_METADATA_AUTOPILOT_ENDPOINTS",
        "The endpoint costs money while it runs. Remove it with EXECUTE SCRIPT"
            .. " SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT('" .. endpoint.endpoint_name .. "', '"
            .. endpoint.connection:gsub("'", "''") .. "', '" .. endpoint.region .. "')"
            .. " and DROP SCRIPT " .. endpoint.prediction_udf .. ", fix the cause (" .. REDEPLOY_HINT:lower()
            .. ") and deploy again.")
end

--- The recorded, not yet deleted deployments of an endpoint: {udf_schema=, job_name=} rows.
function M.deployed_endpoints(env, schema, endpoint_name)
    local result = read(env, [[SELECT "UDF_SCHEMA_NAME", "JOB_NAME" FROM ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" ]]
        .. [[WHERE "ENDPOINT_NAME" = :e AND "STATUS" = :status]],
        {s = schema, e = endpoint_name, status = M.DEPLOYED}, "SME_METADATA_AUTOPILOT_ENDPOINTS")
    return sql.rows(env, result, {"UDF_SCHEMA_NAME", "JOB_NAME"})
end

function M.mark_endpoint_deleted(env, schema, endpoint_name)
    run(env, [[UPDATE ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" SET "STATUS" = :deleted ]]
        .. [[WHERE "ENDPOINT_NAME" = :e AND "STATUS" = :deployed]],
        {s = schema, e = endpoint_name, deleted = M.DELETED, deployed = M.DEPLOYED},
        codes.METADATA_WRITE_FAILED,
        "endpoint " .. endpoint_name .. " was deleted in AWS but marking it DELETED in"
            .. " SME_METADATA_AUTOPILOT_ENDPOINTS",
        "Fix the cause (" .. REDEPLOY_HINT:lower() .. ") and run SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT"
            .. " again; it reports resources that are already gone as NOT_FOUND.")
end

return M
end
package.preload["sme.rules"] = function(...)
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
end
package.preload["sme.sql"] = function(...)
-- sme.sql: quoting for the few texts that cannot go through :name / ::name placeholders
-- (column lists, the body of a generated Python UDF) and helpers to read query results.
local M = {}

local PYTHON_ESCAPES = {["\\"] = "\\\\", ["'"] = "\\'", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t"}

--- "name" with inner double quotes doubled: the identifier exactly as given, case kept.
function M.quote_identifier(name)
    return '"' .. (tostring(name):gsub('"', '""')) .. '"'
end

--- A single-quoted Python string literal: backslash, quote and every control character escaped.
function M.quote_python_string(text)
    local escaped = tostring(text):gsub("[\0-\31\127\\']", function(char)
        return PYTHON_ESCAPES[char] or string.format("\\x%02x", char:byte())
    end)
    return "'" .. escaped .. "'"
end

--- Whether a value from a script parameter, a result or cjson is SQL NULL / JSON null / nil.
function M.is_null(env, value)
    return value == nil or value == env.null or (env.cjson ~= nil and value == env.cjson.null)
end

--- A result value as Lua string, nil for NULL.
function M.text(env, value)
    if M.is_null(env, value) then
        return nil
    end
    return tostring(value)
end

--- A result value as Lua integer, nil for NULL or anything that is not a whole number.
-- Accepts Lua numbers and anything whose text is a whole number (Exasol's DECIMAL values).
function M.integer(env, value)
    if M.is_null(env, value) then
        return nil
    end
    if type(value) == "number" then
        return math.tointeger(value)
    end
    local text = tostring(value):match("^%s*(%d+)%.?0*%s*$")
    if text == nil then
        return nil
    end
    return math.tointeger(tonumber(text))
end

--- The rows of a SELECT result as plain Lua tables keyed by the given column names.
function M.rows(env, result, columns)
    local rows = {}
    for i = 1, #result do
        local row = {}
        for _, column in ipairs(columns) do
            local value = result[i][column]
            if M.is_null(env, value) then
                value = nil
            end
            row[column] = value
        end
        rows[i] = row
    end
    return rows
end

return M
end
package.preload["sme.validation"] = function(...)
-- sme.validation: one check per kind of name or value, the same rules as
-- exasol_sagemaker_extension/names.py, with the limits of sme.rules. Each returns the (normalized)
-- value or raises the E-SME code of names.py.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local rules = require("sme.rules")

local M = {}

local show = errors.show
local ALNUM = "[A-Za-z0-9]"
-- Shapes fixed by AWS's own patterns (names.py keeps them inside its regular expressions).
local BUCKET_NAME_MIN_LENGTH, BUCKET_NAME_MAX_LENGTH = 3, 63
local ROLE_NAME_MAX_LENGTH, ROLE_PATH_MAX_LENGTH, ACCOUNT_ID_LENGTH = 64, 512, 12

local function contains(list, value)
    for _, item in ipairs(list) do
        if item == value then
            return true
        end
    end
    return false
end

-- AWS's name shape ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,n}$ plus its length limit: letters, digits and
-- hyphens, first and last a letter or digit, hyphens counted in the length.
local function is_aws_name(name, max_length)
    return type(name) == "string" and #name >= 1 and #name <= max_length
        and name:find("^[A-Za-z0-9%-]+$") ~= nil
        and name:find("^" .. ALNUM) ~= nil and name:find(ALNUM .. "$") ~= nil
end

function M.is_absent(value, null)
    return value == nil or value == "" or (null ~= nil and value == null)
end

--- A required text argument: E-SME-2 when missing or empty, E-SME-3 when not a string.
function M.required_string(value, name, null)
    if M.is_absent(value, null) then
        errors.raise(codes.MISSING_PARAMETER, "parameter " .. name .. " is missing",
            "Give " .. name .. " a value.")
    end
    if type(value) ~= "string" then
        errors.raise(codes.WRONG_PARAMETER_TYPE,
            "parameter " .. name .. " must be a string, not " .. type(value),
            "Give " .. name .. " as a text value in single quotes, for example '" .. name .. "'.")
    end
    return value
end

function M.job_name(name)
    if not is_aws_name(name, rules.JOB_NAME_MAX_LENGTH) then
        errors.raise(codes.INVALID_JOB_NAME, "invalid job name " .. show(name),
            "Use 1 to " .. rules.JOB_NAME_MAX_LENGTH .. " letters, digits and hyphens, starting and ending"
            .. " with a letter or digit.")
    end
    return name
end

function M.endpoint_name(name)
    if not is_aws_name(name, rules.ENDPOINT_NAME_MAX_LENGTH) then
        errors.raise(codes.INVALID_ENDPOINT_NAME, "invalid endpoint name " .. show(name),
            "Use 1 to " .. rules.ENDPOINT_NAME_MAX_LENGTH .. " letters, digits and hyphens, starting and"
            .. " ending with a letter or digit.")
    end
    return name
end

-- ^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$, for example eu-central-1.
local function is_region(region)
    if type(region) ~= "string" then
        return false
    end
    local middle = region:match("^[a-z][a-z](%-[a-z%-]*)%-[0-9][0-9]?$")
    return middle ~= nil and middle:gsub("%-[a-z]+", "") == ""
end

function M.region(region)
    if not is_region(region) then
        errors.raise(codes.INVALID_REGION, "invalid AWS region " .. show(region),
            "Give a region code such as eu-central-1 or us-east-1.")
    end
    return region
end

--- An Exasol identifier taken exactly as written: 1 to 128 characters, no control characters.
function M.identifier(name, kind)
    local length = type(name) == "string" and (utf8 and utf8.len(name) or #name) or nil
    if length == nil or length < 1 or length > rules.IDENTIFIER_MAX_LENGTH or name:find("[\0-\31]") then
        errors.raise(codes.INVALID_IDENTIFIER, "invalid " .. (kind or "identifier") .. " " .. show(name),
            "Give a name of 1 to " .. rules.IDENTIFIER_MAX_LENGTH .. " characters without control characters.")
    end
    return name
end

local function is_role_arn(role)
    local partition, account, path = role:match("^arn:aws([%-a-z]*):iam::([0-9]+):role/(.+)$")
    return partition ~= nil and partition:gsub("%-[a-z]+", "") == ""
        and #account == ACCOUNT_ID_LENGTH
        and #path <= ROLE_PATH_MAX_LENGTH and path:find("^[A-Za-z0-9_+=,.@/%-]+$") ~= nil
end

local function is_role_name(role)
    return #role <= ROLE_NAME_MAX_LENGTH and role:find("^[A-Za-z0-9_+=,.@%-]+$") ~= nil
end

--- An IAM role ARN (arn:aws:iam::<account>:role/<name>) or a role name.
function M.iam_role(role)
    if type(role) ~= "string" or #role > rules.IAM_ROLE_MAX_LENGTH
            or not (is_role_arn(role) or is_role_name(role)) then
        errors.raise(codes.INVALID_IAM_ROLE, "invalid IAM role " .. show(role),
            "Give the role's ARN (arn:aws:iam::<account>:role/<name>) or its name.")
    end
    return role
end

--- s3://bucket (one trailing slash allowed); returns "s3://bucket" and the bucket name.
function M.s3_bucket_uri(uri)
    local bucket = type(uri) == "string" and uri:match("^s3://([a-z0-9.%-]+)/?$") or nil
    if bucket == nil or #bucket < BUCKET_NAME_MIN_LENGTH or #bucket > BUCKET_NAME_MAX_LENGTH
            or not bucket:find("^[a-z0-9]") or not bucket:find("[a-z0-9]$") then
        errors.raise(codes.INVALID_S3_BUCKET_URI, "invalid S3 bucket URI " .. show(uri),
            "Give the bucket as s3://<bucket-name>, without a path.")
    end
    return "s3://" .. bucket, bucket
end

local function normalized_s3_path(path)
    if type(path) ~= "string" then
        return nil
    end
    local stripped = path:gsub("^/+", ""):gsub("/+$", "")
    if stripped == "" or #stripped > rules.S3_OUTPUT_PATH_MAX_LENGTH
            or not stripped:find("^[A-Za-z0-9!_.*'()/%-]+$") or stripped:find("//", 1, true) then
        return nil
    end
    for segment in stripped:gmatch("[^/]+") do
        if segment == "." or segment == ".." then
            return nil
        end
    end
    return stripped
end

--- The S3 key prefix without slashes at either end.
function M.s3_output_path(path)
    local normalized = normalized_s3_path(path)
    if normalized == nil then
        errors.raise(codes.INVALID_S3_OUTPUT_PATH, "invalid S3 output path " .. show(path),
            "Give a key prefix of up to " .. rules.S3_OUTPUT_PATH_MAX_LENGTH .. " characters made of"
            .. " letters, digits and !_.*'()/- such as ml/autopilot.")
    end
    return normalized
end

function M.instance_type(instance_type)
    if type(instance_type) ~= "string" or not instance_type:find("^ml%.[a-z0-9]+%.[a-z0-9]+$") then
        errors.raise(codes.INVALID_INSTANCE, "invalid instance type " .. show(instance_type),
            "Give a SageMaker instance type such as ml.m5.large.")
    end
    return instance_type
end

--- A whole number given as Lua number, digit string or Exasol DECIMAL; nil if it is none.
function M.to_integer(value)
    if type(value) == "number" then
        return math.tointeger(value)
    end
    if type(value) == "string" then
        local digits = value:match("^%s*(%d+)%s*$")
        return digits and math.tointeger(tonumber(digits)) or nil
    end
    if value ~= nil and type(value) ~= "boolean" and type(value) ~= "table" then
        local digits = tostring(value):match("^%s*(%d+)%.?0*%s*$")
        return digits and math.tointeger(tonumber(digits)) or nil
    end
    return nil
end

function M.instance_count(count)
    local number = M.to_integer(count)
    if number == nil or number < 1 or number > rules.INSTANCE_COUNT_MAX then
        errors.raise(codes.INVALID_INSTANCE, "invalid instance count " .. show(count),
            "Give a whole number from 1 to " .. rules.INSTANCE_COUNT_MAX .. ".")
    end
    return number
end

--- The problem type, or nil when it is left to Autopilot.
function M.problem_type(problem_type)
    if problem_type == nil or problem_type == "" then
        return nil
    end
    if not contains(rules.PROBLEM_TYPES, problem_type) then
        errors.raise(codes.INVALID_PROBLEM_TYPE, "invalid problem type " .. show(problem_type),
            "Use one of " .. table.concat(rules.PROBLEM_TYPES, ", ") .. ", or leave it out to let"
            .. " Autopilot decide.")
    end
    return problem_type
end

function M.is_problem_type(problem_type)
    return contains(rules.PROBLEM_TYPES, problem_type)
end

function M.is_classification(problem_type)
    return contains(rules.CLASSIFICATION_PROBLEM_TYPES, problem_type)
end

--- The objective metric name, checked against the problem type when one is given.
function M.objective(metric, problem_type)
    if metric == nil or metric == "" then
        return nil
    end
    local fitting = type(metric) == "string" and rules.OBJECTIVES[metric] or nil
    if fitting == nil then
        errors.raise(codes.INVALID_OBJECTIVE, "invalid objective " .. show(metric),
            "Use one of " .. table.concat(rules.OBJECTIVE_NAMES, ", ") .. ".")
    end
    if problem_type ~= nil and not contains(fitting, problem_type) then
        local usable = {}
        for _, name in ipairs(rules.OBJECTIVE_NAMES) do
            if contains(rules.OBJECTIVES[name], problem_type) then
                usable[#usable + 1] = name
            end
        end
        errors.raise(codes.INVALID_OBJECTIVE, "objective " .. metric .. " does not fit problem type "
            .. problem_type, "For " .. problem_type .. " use one of " .. table.concat(usable, ", ") .. ".")
    end
    return metric
end

--- The objective to send (names.resolve_objective): the given one, or the default of a given problem
-- type; AWS takes an objective only together with a problem type.
function M.resolve_objective(metric, problem_type)
    metric = M.objective(metric, problem_type)
    if metric ~= nil and problem_type == nil then
        errors.raise(codes.INVALID_OBJECTIVE, "objective " .. metric .. " is given without a problem_type",
            "AWS takes an objective only together with a problem type: add problem_type, or leave"
            .. " objective out to let Autopilot choose both.")
    end
    if problem_type ~= nil and metric == nil then
        return rules.DEFAULT_OBJECTIVES[problem_type]
    end
    return metric
end

--- A positive whole number (a JSON number with integer value or a digit string).
function M.positive_integer(value, name)
    local number = M.to_integer(value)
    if number == nil or number < 1 then
        errors.raise(codes.INVALID_LIMIT, "invalid " .. name .. " " .. show(value),
            "Give a positive whole number, or leave " .. name .. " out.")
    end
    return number
end

return M
end
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
package.preload["sme.catalog"] = function(...)
-- sme.catalog: finds schemas, tables, columns and connections the way SQL would: the name exactly
-- as written first, then, for a regular identifier, upper-cased (`my_table` finds MY_TABLE,
-- `MixedCase` finds "MixedCase").
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

local LISTED_COLUMNS_MAX = 10

function M.is_regular_identifier(name)
    return name:find("^[A-Za-z][A-Za-z0-9_]*$") ~= nil
end

--- The names to try for a user-given name, in order.
function M.candidates(name)
    local names = {name}
    if M.is_regular_identifier(name) and name:upper() ~= name then
        names[2] = name:upper()
    end
    return names
end

local function select_rows(env, statement, params, what)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_READ_FAILED, "reading " .. what,
            "Check that your user may read the system tables of schema SYS and try again.")
    end
    return result
end

--- The connection's name as stored (E-SME-50 if there is none of that name).
function M.resolve_connection(env, name)
    for _, candidate in ipairs(M.candidates(name)) do
        local result = select_rows(env,
            [[SELECT CONNECTION_NAME FROM SYS.EXA_ALL_CONNECTIONS WHERE CONNECTION_NAME = :c]],
            {c = candidate}, "the connections")
        if #result > 0 then
            return candidate
        end
    end
    errors.raise(codes.CONNECTION_NOT_USABLE, "there is no connection " .. errors.show(name),
        "Create it with CREATE CONNECTION <name> TO 'https://<bucket>.s3.<region>.amazonaws.com/'"
        .. " USER '<access key id>' IDENTIFIED BY '<secret access key>' and let the user run it with"
        .. " GRANT CONNECTION <name> TO <user>, or give the name of an existing connection.")
end

--- The schema's name as stored (E-SME-34 if there is none of that name).
function M.resolve_schema(env, name)
    for _, candidate in ipairs(M.candidates(name)) do
        local result = select_rows(env, [[SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = :s]],
            {s = candidate}, "the schemas")
        if #result > 0 then
            return candidate
        end
    end
    errors.raise(codes.SCHEMA_NOT_FOUND, "there is no schema " .. errors.show(name),
        "Create it with CREATE SCHEMA, or give the name of an existing schema.")
end

--- Whether a schema of exactly this name exists.
function M.schema_exists(env, name)
    local result = select_rows(env, [[SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = :s]],
        {s = name}, "the schemas")
    return #result > 0
end

--- The table or view with its columns {name=, type=} in ordinal order (E-SME-30 if not found).
function M.resolve_table(env, schema_name, table_name)
    for _, schema in ipairs(M.candidates(schema_name)) do
        for _, table_candidate in ipairs(M.candidates(table_name)) do
            local result = select_rows(env, [[SELECT COLUMN_NAME, COLUMN_TYPE FROM SYS.EXA_ALL_COLUMNS ]]
                .. [[WHERE COLUMN_SCHEMA = :s AND COLUMN_TABLE = :t ORDER BY COLUMN_ORDINAL_POSITION]],
                {s = schema, t = table_candidate}, "the columns of the input table")
            if #result > 0 then
                local columns = {}
                for i = 1, #result do
                    columns[i] = {name = result[i].COLUMN_NAME, type = sql.text(env, result[i].COLUMN_TYPE)}
                end
                return {schema = schema, table = table_candidate, columns = columns}
            end
        end
    end
    errors.raise(codes.TABLE_NOT_FOUND, "found no table or view " .. errors.show(table_name)
        .. " in schema " .. errors.show(schema_name) .. " that you may read",
        "Check input_schema_name and input_table_or_view_name (a regular name is also tried upper-case)"
        .. " and that you have the SELECT privilege on it.")
end

local function column_list(columns)
    local names = {}
    for i = 1, math.min(#columns, LISTED_COLUMNS_MAX) do
        names[i] = sql.quote_identifier(columns[i].name)
    end
    local text = table.concat(names, ", ")
    if #columns > LISTED_COLUMNS_MAX then
        text = text .. " and " .. (#columns - LISTED_COLUMNS_MAX) .. " more"
    end
    return text
end

--- The target column of a resolved table (E-SME-31 if it has none of that name).
function M.resolve_target(source, target_name)
    for _, candidate in ipairs(M.candidates(target_name)) do
        for _, column in ipairs(source.columns) do
            if column.name == candidate then
                return column
            end
        end
    end
    errors.raise(codes.TARGET_COLUMN_NOT_FOUND, "table " .. sql.quote_identifier(source.schema) .. "."
        .. sql.quote_identifier(source.table) .. " has no column " .. errors.show(target_name),
        "Give one of its columns as target_attribute_name: " .. column_list(source.columns) .. ".")
end

return M
end
package.preload["sme.error_codes"] = function(...)
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
end
package.preload["sme.errors"] = function(...)
-- sme.errors: every failure leaves the scripts as one string "E-SME-<n>: what happened. what to do."
-- Database errors of the UDFs are searched for the extension's own message, which is passed on
-- unchanged; anything else becomes E-SME-38 (or the caller's code) with the database's first lines.
local codes = require("sme.error_codes")

local M = {}

local SHOWN_VALUE_MAX = 80
local DATABASE_MESSAGE_MAX = 600
local ESCAPES = {["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t", ["\\"] = "\\\\", ["'"] = "\\'"}

-- Cut text to at most max bytes without splitting a UTF-8 character.
local function cut(text, max)
    if #text <= max then
        return text
    end
    local stop = max
    while stop > 0 do
        local byte = text:byte(stop + 1)
        if byte == nil or byte < 0x80 or byte >= 0xC0 then
            break
        end
        stop = stop - 1
    end
    return text:sub(1, stop)
end

--- A rejected value as it appears in a message: quoted, control characters escaped, at most 80 chars.
function M.show(value)
    if type(value) ~= "string" then
        return tostring(value)
    end
    local escaped = value:gsub("[\0-\31\127\\']", function(char)
        return ESCAPES[char] or string.format("\\x%02x", char:byte())
    end)
    local text = "'" .. escaped .. "'"
    if #text > SHOWN_VALUE_MAX then
        text = cut(text, SHOWN_VALUE_MAX - 4) .. "...'"
    end
    return text
end

--- Abort the script with "E-SME-<code>: <what>. <todo>".
function M.raise(code, what, todo)
    assert(math.type(code) == "integer", "sme.errors.raise needs a code from sme.error_codes")
    local text = tostring(what):gsub("%.+$", "")
    error(string.format("E-SME-%d: %s. %s", code, text, todo), 0)
end

--- The extension's own "E-SME-<n>: ..." text inside a database message, or nil.
-- Takes the first such text up to the end of its line, without Exasol's "(Session: ...)" suffix.
function M.extract(message)
    if type(message) ~= "string" then
        return nil
    end
    local start = message:find("E%-SME%-%d+:")
    if start == nil then
        return nil
    end
    local line = message:sub(start):match("^[^\r\n]*")
    line = line:gsub("%s*%(Session: %d+%)%s*$", "")
    return (line:gsub("%s+$", ""))
end

--- A database message made short enough to show: no Python traceback, one line, shortened.
function M.database_message(message)
    local text = tostring(message or "unknown error")
    local traceback = text:find("Traceback (most recent call last)", 1, true)
    if traceback ~= nil then
        text = text:sub(1, traceback - 1)
    end
    text = text:gsub("%(Session: %d+%)", ""):gsub("%s+", " "):gsub("^ ", ""):gsub(" $", "")
    if #text > DATABASE_MESSAGE_MAX then
        text = cut(text, DATABASE_MESSAGE_MAX - 3) .. "..."
    end
    if text == "" then
        text = "no message"
    end
    return text
end

--- Re-raise a failed statement: its own E-SME text unchanged if it has one, else
-- "E-SME-<fallback_code>: <context> failed: <database message>. <todo>".
function M.from_database(message, fallback_code, context, todo)
    local own = M.extract(message)
    if own ~= nil then
        error(own, 0)
    end
    M.raise(fallback_code or codes.UDF_CALL_FAILED,
        context .. " failed: " .. M.database_message(message),
        todo or ("Check that the extension was deployed completely into this schema with the same version,"
            .. " and that the script language PYTHON3_SME is activated for this session or system."))
end

return M
end
package.preload["sme.job_stop"] = function(...)
-- sme.job_stop: SME_STOP_SAGEMAKER_AUTOPILOT_JOB(job_name, aws_credentials_connection_name, aws_region).
-- Stops a job this schema trained (SME_AUTOPILOT_JOB_STOP_UDF) and records its status and the action
-- in SME_METADATA_AWS_RESOURCE_STATE.
local catalog = require("sme.catalog")
local resource_state = require("sme.resource_state")
local rules = require("sme.rules")
local udf = require("sme.udf")
local validation = require("sme.validation")

local M = {}

M.STOP_SQL = [[SELECT ::s."SME_AUTOPILOT_JOB_STOP_UDF"(:job_name, :connection, :region)]]
M.COLUMNS = "JOB_NAME VARCHAR(" .. rules.JOB_NAME_MAX_LENGTH .. "), JOB_STATUS VARCHAR(64),"
    .. " JOB_SECONDARY_STATUS VARCHAR(64), ACTION VARCHAR(32)"

function M.run(env, job_name, connection_name, region)
    validation.job_name(validation.required_string(job_name, "job_name", env.null))
    validation.identifier(validation.required_string(connection_name, "aws_credentials_connection_name",
        env.null), "connection name")
    validation.region(validation.required_string(region, "aws_region", env.null))
    local schema = env.exa.meta.script_schema
    local job = resource_state.read_job(env, schema, job_name)
    resource_state.check_region(job, region)
    local connection = catalog.resolve_connection(env, connection_name)
    local row = udf.call_one(env, "SME_AUTOPILOT_JOB_STOP_UDF", M.STOP_SQL,
        {s = schema, job_name = job_name, connection = connection, region = region},
        {"JOB_STATUS", "JOB_SECONDARY_STATUS", "ACTION"})
    resource_state.record(env, schema, {kind = resource_state.JOB, name = job_name, region = region,
        status = row.JOB_STATUS, secondary_status = row.JOB_SECONDARY_STATUS, action = row.ACTION},
        "the stop of Autopilot job " .. job_name .. " was handled in AWS (" .. tostring(row.ACTION) .. ")")
    return {{job_name, row.JOB_STATUS or env.null, row.JOB_SECONDARY_STATUS or env.null, row.ACTION or env.null}},
        M.COLUMNS
end

return M
end
package.preload["sme.resource_state"] = function(...)
-- sme.resource_state: SME_METADATA_AWS_RESOURCE_STATE, one row per job or endpoint of this schema with
-- its last known state in AWS and the last action taken on it, plus the metadata reads the lifecycle
-- scripts share. A state row is only written for a resource the metadata tables know.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

M.JOB = "JOB"
M.ENDPOINT = "ENDPOINT"
M.NOT_FOUND = "NOT_FOUND"
M.DEPLOYED = "DEPLOYED"
M.TABLE = "SME_METADATA_AWS_RESOURCE_STATE"

local REDEPLOY_HINT = "Check that the extension was deployed into this schema with this version"
    .. " (sme-deploy creates the metadata tables) and that your user may read and write them."

-- The metadata table (and its name column) that must know a resource before its state is recorded.
local OWNERS = {
    JOB = {"SME_METADATA_AUTOPILOT_JOBS", "JOB_NAME"},
    ENDPOINT = {"SME_METADATA_AUTOPILOT_ENDPOINTS", "ENDPOINT_NAME"},
}
-- Written with every status (nil -> NULL), and written only when given.
local STATUS_COLUMNS = {{"STATUS", "status"}, {"SECONDARY_STATUS", "secondary_status"},
                        {"FAILURE_REASON", "failure_reason"}}
local GIVEN_COLUMNS = {{"AWS_REGION", "region"}, {"INSTANCE_TYPE", "instance_type"},
                       {"INSTANCE_COUNT", "instance_count"}}
local ACTION_COLUMNS = {{"LAST_ACTION", "action"}, {"LAST_ACTION_DETAIL", "action_detail"}}

local function read(env, statement, params, what)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_READ_FAILED, "reading " .. what, REDEPLOY_HINT)
    end
    return result
end

-- The columns and values a state change writes: {column, SQL expression} pairs and the parameters.
local function assignments(env, state)
    local columns, params = {}, {}
    local function add(column, key, value)
        if value == nil then
            value = env.null
        end
        params[key] = value
        columns[#columns + 1] = {column, ":" .. key}
    end
    if state.status ~= nil then
        for _, column in ipairs(STATUS_COLUMNS) do
            add(column[1], column[2], state[column[2]])
        end
        columns[#columns + 1] = {"CHECKED_AT", "CURRENT_TIMESTAMP"}
        columns[#columns + 1] = {"CHECKED_BY", "CURRENT_USER"}
    end
    for _, column in ipairs(GIVEN_COLUMNS) do
        if state[column[2]] ~= nil then
            add(column[1], column[2], state[column[2]])
        end
    end
    if state.action ~= nil then
        for _, column in ipairs(ACTION_COLUMNS) do
            add(column[1], column[2], state[column[2]])
        end
        columns[#columns + 1] = {"LAST_ACTION_AT", "CURRENT_TIMESTAMP"}
    end
    return columns, params
end

local function write(env, schema, state)
    local owner = OWNERS[state.kind]
    local columns, params = assignments(env, state)
    params.s, params.kind, params.name = schema, state.kind, state.name
    params.owner, params.owner_column = owner[1], owner[2]
    local sets, names, values = {}, {}, {}
    for i, column in ipairs(columns) do
        sets[i] = sql.quote_identifier(column[1]) .. " = " .. column[2]
        names[i] = sql.quote_identifier(column[1])
        values[i] = column[2]
    end
    local ok, result = env.pquery([[UPDATE ::s."SME_METADATA_AWS_RESOURCE_STATE" SET ]] .. table.concat(sets, ", ")
        .. [[ WHERE "RESOURCE_KIND" = :kind AND "RESOURCE_NAME" = :name]], params)
    if ok and (result.rows_affected or 0) == 0 then
        ok, result = env.pquery([[INSERT INTO ::s."SME_METADATA_AWS_RESOURCE_STATE" ("RESOURCE_KIND", ]]
            .. [["RESOURCE_NAME", ]] .. table.concat(names, ", ") .. [[) SELECT DISTINCT :kind, :name, ]]
            .. table.concat(values, ", ") .. [[ FROM ::s.::owner WHERE ::owner_column = :name]], params)
    end
    return ok, result
end

--- Record a resource's state and/or the last action on it. state: kind (JOB|ENDPOINT), name, and any
-- of region, status, secondary_status, failure_reason, instance_type, instance_count, action,
-- action_detail. A failure is E-SME-36 with "<context> failed" as its text.
function M.record(env, schema, state, context)
    local ok, result = write(env, schema, state)
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_WRITE_FAILED,
            context .. " but recording it in " .. M.TABLE, "Fix the cause (" .. REDEPLOY_HINT:lower()
            .. ") and run SME_REFRESH_SAGEMAKER_STATE to record the current state.")
    end
end

--- Like record, for scripts whose own work is done: a failure becomes one output line, not an error.
function M.try_record(env, schema, state)
    local ok, result = write(env, schema, state)
    if not ok then
        env.output("Warning: the state of " .. state.kind:lower() .. " " .. state.name .. " was not recorded in "
            .. M.TABLE .. ": " .. errors.database_message(result.error_message)
            .. ". Run SME_REFRESH_SAGEMAKER_STATE later.")
    end
    return ok
end

--- The recorded job's location: job_name, region (nil for rows of older versions), connection,
-- s3_bucket_uri, s3_output_path. E-SME-33 if this schema did not train it.
function M.read_job(env, schema, job_name)
    local columns = {"JOB_NAME", "AWS_REGION", "AWS_CREDENTIALS_CONNECTION_NAME", "S3_BUCKET_URI", "S3_OUTPUT_PATH"}
    local quoted = {}
    for i, column in ipairs(columns) do
        quoted[i] = sql.quote_identifier(column)
    end
    local result = read(env, "SELECT " .. table.concat(quoted, ", ")
        .. [[ FROM ::s."SME_METADATA_AUTOPILOT_JOBS" WHERE "JOB_NAME" = :j]],
        {s = schema, j = job_name}, "SME_METADATA_AUTOPILOT_JOBS")
    if #result == 0 then
        errors.raise(codes.JOB_NOT_IN_METADATA, "there is no job " .. errors.show(job_name)
            .. " in SME_METADATA_AUTOPILOT_JOBS of schema " .. sql.quote_identifier(schema),
            "Give the name of a job started with SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT in this schema.")
    end
    local row = sql.rows(env, result, columns)[1]
    return {job_name = row.JOB_NAME, region = row.AWS_REGION, connection = row.AWS_CREDENTIALS_CONNECTION_NAME,
            s3_bucket_uri = row.S3_BUCKET_URI, s3_output_path = row.S3_OUTPUT_PATH}
end

--- E-SME-143 when the job was recorded with another region than the one given.
function M.check_region(job, region)
    if job.region ~= nil and job.region ~= region then
        errors.raise(codes.REGION_MISMATCH, "job " .. job.job_name .. " was trained in region " .. job.region
            .. ", not " .. errors.show(region), "Give aws_region '" .. job.region .. "'.")
    end
end

--- A TRUE/FALSE script argument; NULL means false. E-SME-3 for anything else.
function M.optional_boolean(env, value, name)
    if value == nil or value == env.null then
        return false
    end
    if type(value) ~= "boolean" then
        errors.raise(codes.WRONG_PARAMETER_TYPE, "parameter " .. name .. " must be TRUE or FALSE, not "
            .. errors.show(value), "Pass TRUE or FALSE without quotes.")
    end
    return value
end

--- Names of the endpoints recorded as DEPLOYED (of one job and/or one region when given), sorted.
function M.deployed_endpoint_names(env, schema, job_name, region)
    local statement = [[SELECT DISTINCT "ENDPOINT_NAME" FROM ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" ]]
        .. [[WHERE "STATUS" = :deployed]]
    local params = {s = schema, deployed = M.DEPLOYED}
    if job_name ~= nil then
        statement, params.j = statement .. [[ AND "JOB_NAME" = :j]], job_name
    end
    if region ~= nil then
        statement, params.r = statement .. [[ AND "AWS_REGION" = :r]], region
    end
    local rows = sql.rows(env, read(env, statement, params, "SME_METADATA_AUTOPILOT_ENDPOINTS"), {"ENDPOINT_NAME"})
    local names = {}
    for i, row in ipairs(rows) do
        names[i] = row.ENDPOINT_NAME
    end
    table.sort(names)
    return names
end

return M
end
package.preload["sme.rules"] = function(...)
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
end
package.preload["sme.sql"] = function(...)
-- sme.sql: quoting for the few texts that cannot go through :name / ::name placeholders
-- (column lists, the body of a generated Python UDF) and helpers to read query results.
local M = {}

local PYTHON_ESCAPES = {["\\"] = "\\\\", ["'"] = "\\'", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t"}

--- "name" with inner double quotes doubled: the identifier exactly as given, case kept.
function M.quote_identifier(name)
    return '"' .. (tostring(name):gsub('"', '""')) .. '"'
end

--- A single-quoted Python string literal: backslash, quote and every control character escaped.
function M.quote_python_string(text)
    local escaped = tostring(text):gsub("[\0-\31\127\\']", function(char)
        return PYTHON_ESCAPES[char] or string.format("\\x%02x", char:byte())
    end)
    return "'" .. escaped .. "'"
end

--- Whether a value from a script parameter, a result or cjson is SQL NULL / JSON null / nil.
function M.is_null(env, value)
    return value == nil or value == env.null or (env.cjson ~= nil and value == env.cjson.null)
end

--- A result value as Lua string, nil for NULL.
function M.text(env, value)
    if M.is_null(env, value) then
        return nil
    end
    return tostring(value)
end

--- A result value as Lua integer, nil for NULL or anything that is not a whole number.
-- Accepts Lua numbers and anything whose text is a whole number (Exasol's DECIMAL values).
function M.integer(env, value)
    if M.is_null(env, value) then
        return nil
    end
    if type(value) == "number" then
        return math.tointeger(value)
    end
    local text = tostring(value):match("^%s*(%d+)%.?0*%s*$")
    if text == nil then
        return nil
    end
    return math.tointeger(tonumber(text))
end

--- The rows of a SELECT result as plain Lua tables keyed by the given column names.
function M.rows(env, result, columns)
    local rows = {}
    for i = 1, #result do
        local row = {}
        for _, column in ipairs(columns) do
            local value = result[i][column]
            if M.is_null(env, value) then
                value = nil
            end
            row[column] = value
        end
        rows[i] = row
    end
    return rows
end

return M
end
package.preload["sme.udf"] = function(...)
-- sme.udf: runs the SELECT that calls one of the extension's Python UDFs. A failure passes the UDF's
-- own E-SME message on unchanged (never its traceback); anything else becomes E-SME-38.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

--- The UDF's rows as plain tables keyed by the given column names (NULL -> nil).
function M.call(env, udf_name, statement, params, columns)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.UDF_CALL_FAILED, "calling " .. udf_name)
    end
    return sql.rows(env, result, columns)
end

--- The UDF's only row; E-SME-38 if it returned none.
function M.call_one(env, udf_name, statement, params, columns)
    local rows = M.call(env, udf_name, statement, params, columns)
    if #rows == 0 then
        errors.raise(codes.UDF_CALL_FAILED, udf_name .. " returned no row",
            "Check that the extension was deployed completely into this schema with the same version.")
    end
    return rows[1]
end

return M
end
package.preload["sme.validation"] = function(...)
-- sme.validation: one check per kind of name or value, the same rules as
-- exasol_sagemaker_extension/names.py, with the limits of sme.rules. Each returns the (normalized)
-- value or raises the E-SME code of names.py.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local rules = require("sme.rules")

local M = {}

local show = errors.show
local ALNUM = "[A-Za-z0-9]"
-- Shapes fixed by AWS's own patterns (names.py keeps them inside its regular expressions).
local BUCKET_NAME_MIN_LENGTH, BUCKET_NAME_MAX_LENGTH = 3, 63
local ROLE_NAME_MAX_LENGTH, ROLE_PATH_MAX_LENGTH, ACCOUNT_ID_LENGTH = 64, 512, 12

local function contains(list, value)
    for _, item in ipairs(list) do
        if item == value then
            return true
        end
    end
    return false
end

-- AWS's name shape ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,n}$ plus its length limit: letters, digits and
-- hyphens, first and last a letter or digit, hyphens counted in the length.
local function is_aws_name(name, max_length)
    return type(name) == "string" and #name >= 1 and #name <= max_length
        and name:find("^[A-Za-z0-9%-]+$") ~= nil
        and name:find("^" .. ALNUM) ~= nil and name:find(ALNUM .. "$") ~= nil
end

function M.is_absent(value, null)
    return value == nil or value == "" or (null ~= nil and value == null)
end

--- A required text argument: E-SME-2 when missing or empty, E-SME-3 when not a string.
function M.required_string(value, name, null)
    if M.is_absent(value, null) then
        errors.raise(codes.MISSING_PARAMETER, "parameter " .. name .. " is missing",
            "Give " .. name .. " a value.")
    end
    if type(value) ~= "string" then
        errors.raise(codes.WRONG_PARAMETER_TYPE,
            "parameter " .. name .. " must be a string, not " .. type(value),
            "Give " .. name .. " as a text value in single quotes, for example '" .. name .. "'.")
    end
    return value
end

function M.job_name(name)
    if not is_aws_name(name, rules.JOB_NAME_MAX_LENGTH) then
        errors.raise(codes.INVALID_JOB_NAME, "invalid job name " .. show(name),
            "Use 1 to " .. rules.JOB_NAME_MAX_LENGTH .. " letters, digits and hyphens, starting and ending"
            .. " with a letter or digit.")
    end
    return name
end

function M.endpoint_name(name)
    if not is_aws_name(name, rules.ENDPOINT_NAME_MAX_LENGTH) then
        errors.raise(codes.INVALID_ENDPOINT_NAME, "invalid endpoint name " .. show(name),
            "Use 1 to " .. rules.ENDPOINT_NAME_MAX_LENGTH .. " letters, digits and hyphens, starting and"
            .. " ending with a letter or digit.")
    end
    return name
end

-- ^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$, for example eu-central-1.
local function is_region(region)
    if type(region) ~= "string" then
        return false
    end
    local middle = region:match("^[a-z][a-z](%-[a-z%-]*)%-[0-9][0-9]?$")
    return middle ~= nil and middle:gsub("%-[a-z]+", "") == ""
end

function M.region(region)
    if not is_region(region) then
        errors.raise(codes.INVALID_REGION, "invalid AWS region " .. show(region),
            "Give a region code such as eu-central-1 or us-east-1.")
    end
    return region
end

--- An Exasol identifier taken exactly as written: 1 to 128 characters, no control characters.
function M.identifier(name, kind)
    local length = type(name) == "string" and (utf8 and utf8.len(name) or #name) or nil
    if length == nil or length < 1 or length > rules.IDENTIFIER_MAX_LENGTH or name:find("[\0-\31]") then
        errors.raise(codes.INVALID_IDENTIFIER, "invalid " .. (kind or "identifier") .. " " .. show(name),
            "Give a name of 1 to " .. rules.IDENTIFIER_MAX_LENGTH .. " characters without control characters.")
    end
    return name
end

local function is_role_arn(role)
    local partition, account, path = role:match("^arn:aws([%-a-z]*):iam::([0-9]+):role/(.+)$")
    return partition ~= nil and partition:gsub("%-[a-z]+", "") == ""
        and #account == ACCOUNT_ID_LENGTH
        and #path <= ROLE_PATH_MAX_LENGTH and path:find("^[A-Za-z0-9_+=,.@/%-]+$") ~= nil
end

local function is_role_name(role)
    return #role <= ROLE_NAME_MAX_LENGTH and role:find("^[A-Za-z0-9_+=,.@%-]+$") ~= nil
end

--- An IAM role ARN (arn:aws:iam::<account>:role/<name>) or a role name.
function M.iam_role(role)
    if type(role) ~= "string" or #role > rules.IAM_ROLE_MAX_LENGTH
            or not (is_role_arn(role) or is_role_name(role)) then
        errors.raise(codes.INVALID_IAM_ROLE, "invalid IAM role " .. show(role),
            "Give the role's ARN (arn:aws:iam::<account>:role/<name>) or its name.")
    end
    return role
end

--- s3://bucket (one trailing slash allowed); returns "s3://bucket" and the bucket name.
function M.s3_bucket_uri(uri)
    local bucket = type(uri) == "string" and uri:match("^s3://([a-z0-9.%-]+)/?$") or nil
    if bucket == nil or #bucket < BUCKET_NAME_MIN_LENGTH or #bucket > BUCKET_NAME_MAX_LENGTH
            or not bucket:find("^[a-z0-9]") or not bucket:find("[a-z0-9]$") then
        errors.raise(codes.INVALID_S3_BUCKET_URI, "invalid S3 bucket URI " .. show(uri),
            "Give the bucket as s3://<bucket-name>, without a path.")
    end
    return "s3://" .. bucket, bucket
end

local function normalized_s3_path(path)
    if type(path) ~= "string" then
        return nil
    end
    local stripped = path:gsub("^/+", ""):gsub("/+$", "")
    if stripped == "" or #stripped > rules.S3_OUTPUT_PATH_MAX_LENGTH
            or not stripped:find("^[A-Za-z0-9!_.*'()/%-]+$") or stripped:find("//", 1, true) then
        return nil
    end
    for segment in stripped:gmatch("[^/]+") do
        if segment == "." or segment == ".." then
            return nil
        end
    end
    return stripped
end

--- The S3 key prefix without slashes at either end.
function M.s3_output_path(path)
    local normalized = normalized_s3_path(path)
    if normalized == nil then
        errors.raise(codes.INVALID_S3_OUTPUT_PATH, "invalid S3 output path " .. show(path),
            "Give a key prefix of up to " .. rules.S3_OUTPUT_PATH_MAX_LENGTH .. " characters made of"
            .. " letters, digits and !_.*'()/- such as ml/autopilot.")
    end
    return normalized
end

function M.instance_type(instance_type)
    if type(instance_type) ~= "string" or not instance_type:find("^ml%.[a-z0-9]+%.[a-z0-9]+$") then
        errors.raise(codes.INVALID_INSTANCE, "invalid instance type " .. show(instance_type),
            "Give a SageMaker instance type such as ml.m5.large.")
    end
    return instance_type
end

--- A whole number given as Lua number, digit string or Exasol DECIMAL; nil if it is none.
function M.to_integer(value)
    if type(value) == "number" then
        return math.tointeger(value)
    end
    if type(value) == "string" then
        local digits = value:match("^%s*(%d+)%s*$")
        return digits and math.tointeger(tonumber(digits)) or nil
    end
    if value ~= nil and type(value) ~= "boolean" and type(value) ~= "table" then
        local digits = tostring(value):match("^%s*(%d+)%.?0*%s*$")
        return digits and math.tointeger(tonumber(digits)) or nil
    end
    return nil
end

function M.instance_count(count)
    local number = M.to_integer(count)
    if number == nil or number < 1 or number > rules.INSTANCE_COUNT_MAX then
        errors.raise(codes.INVALID_INSTANCE, "invalid instance count " .. show(count),
            "Give a whole number from 1 to " .. rules.INSTANCE_COUNT_MAX .. ".")
    end
    return number
end

--- The problem type, or nil when it is left to Autopilot.
function M.problem_type(problem_type)
    if problem_type == nil or problem_type == "" then
        return nil
    end
    if not contains(rules.PROBLEM_TYPES, problem_type) then
        errors.raise(codes.INVALID_PROBLEM_TYPE, "invalid problem type " .. show(problem_type),
            "Use one of " .. table.concat(rules.PROBLEM_TYPES, ", ") .. ", or leave it out to let"
            .. " Autopilot decide.")
    end
    return problem_type
end

function M.is_problem_type(problem_type)
    return contains(rules.PROBLEM_TYPES, problem_type)
end

function M.is_classification(problem_type)
    return contains(rules.CLASSIFICATION_PROBLEM_TYPES, problem_type)
end

--- The objective metric name, checked against the problem type when one is given.
function M.objective(metric, problem_type)
    if metric == nil or metric == "" then
        return nil
    end
    local fitting = type(metric) == "string" and rules.OBJECTIVES[metric] or nil
    if fitting == nil then
        errors.raise(codes.INVALID_OBJECTIVE, "invalid objective " .. show(metric),
            "Use one of " .. table.concat(rules.OBJECTIVE_NAMES, ", ") .. ".")
    end
    if problem_type ~= nil and not contains(fitting, problem_type) then
        local usable = {}
        for _, name in ipairs(rules.OBJECTIVE_NAMES) do
            if contains(rules.OBJECTIVES[name], problem_type) then
                usable[#usable + 1] = name
            end
        end
        errors.raise(codes.INVALID_OBJECTIVE, "objective " .. metric .. " does not fit problem type "
            .. problem_type, "For " .. problem_type .. " use one of " .. table.concat(usable, ", ") .. ".")
    end
    return metric
end

--- The objective to send (names.resolve_objective): the given one, or the default of a given problem
-- type; AWS takes an objective only together with a problem type.
function M.resolve_objective(metric, problem_type)
    metric = M.objective(metric, problem_type)
    if metric ~= nil and problem_type == nil then
        errors.raise(codes.INVALID_OBJECTIVE, "objective " .. metric .. " is given without a problem_type",
            "AWS takes an objective only together with a problem type: add problem_type, or leave"
            .. " objective out to let Autopilot choose both.")
    end
    if problem_type ~= nil and metric == nil then
        return rules.DEFAULT_OBJECTIVES[problem_type]
    end
    return metric
end

--- A positive whole number (a JSON number with integer value or a digit string).
function M.positive_integer(value, name)
    local number = M.to_integer(value)
    if number == nil or number < 1 then
        errors.raise(codes.INVALID_LIMIT, "invalid " .. name .. " " .. show(value),
            "Give a positive whole number, or leave " .. name .. " out.")
    end
    return number
end

return M
end
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
package.preload["sme.catalog"] = function(...)
-- sme.catalog: finds schemas, tables, columns and connections the way SQL would: the name exactly
-- as written first, then, for a regular identifier, upper-cased (`my_table` finds MY_TABLE,
-- `MixedCase` finds "MixedCase").
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

local LISTED_COLUMNS_MAX = 10

function M.is_regular_identifier(name)
    return name:find("^[A-Za-z][A-Za-z0-9_]*$") ~= nil
end

--- The names to try for a user-given name, in order.
function M.candidates(name)
    local names = {name}
    if M.is_regular_identifier(name) and name:upper() ~= name then
        names[2] = name:upper()
    end
    return names
end

local function select_rows(env, statement, params, what)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_READ_FAILED, "reading " .. what,
            "Check that your user may read the system tables of schema SYS and try again.")
    end
    return result
end

--- The connection's name as stored (E-SME-50 if there is none of that name).
function M.resolve_connection(env, name)
    for _, candidate in ipairs(M.candidates(name)) do
        local result = select_rows(env,
            [[SELECT CONNECTION_NAME FROM SYS.EXA_ALL_CONNECTIONS WHERE CONNECTION_NAME = :c]],
            {c = candidate}, "the connections")
        if #result > 0 then
            return candidate
        end
    end
    errors.raise(codes.CONNECTION_NOT_USABLE, "there is no connection " .. errors.show(name),
        "Create it with CREATE CONNECTION <name> TO 'https://<bucket>.s3.<region>.amazonaws.com/'"
        .. " USER '<access key id>' IDENTIFIED BY '<secret access key>' and let the user run it with"
        .. " GRANT CONNECTION <name> TO <user>, or give the name of an existing connection.")
end

--- The schema's name as stored (E-SME-34 if there is none of that name).
function M.resolve_schema(env, name)
    for _, candidate in ipairs(M.candidates(name)) do
        local result = select_rows(env, [[SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = :s]],
            {s = candidate}, "the schemas")
        if #result > 0 then
            return candidate
        end
    end
    errors.raise(codes.SCHEMA_NOT_FOUND, "there is no schema " .. errors.show(name),
        "Create it with CREATE SCHEMA, or give the name of an existing schema.")
end

--- Whether a schema of exactly this name exists.
function M.schema_exists(env, name)
    local result = select_rows(env, [[SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = :s]],
        {s = name}, "the schemas")
    return #result > 0
end

--- The table or view with its columns {name=, type=} in ordinal order (E-SME-30 if not found).
function M.resolve_table(env, schema_name, table_name)
    for _, schema in ipairs(M.candidates(schema_name)) do
        for _, table_candidate in ipairs(M.candidates(table_name)) do
            local result = select_rows(env, [[SELECT COLUMN_NAME, COLUMN_TYPE FROM SYS.EXA_ALL_COLUMNS ]]
                .. [[WHERE COLUMN_SCHEMA = :s AND COLUMN_TABLE = :t ORDER BY COLUMN_ORDINAL_POSITION]],
                {s = schema, t = table_candidate}, "the columns of the input table")
            if #result > 0 then
                local columns = {}
                for i = 1, #result do
                    columns[i] = {name = result[i].COLUMN_NAME, type = sql.text(env, result[i].COLUMN_TYPE)}
                end
                return {schema = schema, table = table_candidate, columns = columns}
            end
        end
    end
    errors.raise(codes.TABLE_NOT_FOUND, "found no table or view " .. errors.show(table_name)
        .. " in schema " .. errors.show(schema_name) .. " that you may read",
        "Check input_schema_name and input_table_or_view_name (a regular name is also tried upper-case)"
        .. " and that you have the SELECT privilege on it.")
end

local function column_list(columns)
    local names = {}
    for i = 1, math.min(#columns, LISTED_COLUMNS_MAX) do
        names[i] = sql.quote_identifier(columns[i].name)
    end
    local text = table.concat(names, ", ")
    if #columns > LISTED_COLUMNS_MAX then
        text = text .. " and " .. (#columns - LISTED_COLUMNS_MAX) .. " more"
    end
    return text
end

--- The target column of a resolved table (E-SME-31 if it has none of that name).
function M.resolve_target(source, target_name)
    for _, candidate in ipairs(M.candidates(target_name)) do
        for _, column in ipairs(source.columns) do
            if column.name == candidate then
                return column
            end
        end
    end
    errors.raise(codes.TARGET_COLUMN_NOT_FOUND, "table " .. sql.quote_identifier(source.schema) .. "."
        .. sql.quote_identifier(source.table) .. " has no column " .. errors.show(target_name),
        "Give one of its columns as target_attribute_name: " .. column_list(source.columns) .. ".")
end

return M
end
package.preload["sme.error_codes"] = function(...)
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
end
package.preload["sme.errors"] = function(...)
-- sme.errors: every failure leaves the scripts as one string "E-SME-<n>: what happened. what to do."
-- Database errors of the UDFs are searched for the extension's own message, which is passed on
-- unchanged; anything else becomes E-SME-38 (or the caller's code) with the database's first lines.
local codes = require("sme.error_codes")

local M = {}

local SHOWN_VALUE_MAX = 80
local DATABASE_MESSAGE_MAX = 600
local ESCAPES = {["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t", ["\\"] = "\\\\", ["'"] = "\\'"}

-- Cut text to at most max bytes without splitting a UTF-8 character.
local function cut(text, max)
    if #text <= max then
        return text
    end
    local stop = max
    while stop > 0 do
        local byte = text:byte(stop + 1)
        if byte == nil or byte < 0x80 or byte >= 0xC0 then
            break
        end
        stop = stop - 1
    end
    return text:sub(1, stop)
end

--- A rejected value as it appears in a message: quoted, control characters escaped, at most 80 chars.
function M.show(value)
    if type(value) ~= "string" then
        return tostring(value)
    end
    local escaped = value:gsub("[\0-\31\127\\']", function(char)
        return ESCAPES[char] or string.format("\\x%02x", char:byte())
    end)
    local text = "'" .. escaped .. "'"
    if #text > SHOWN_VALUE_MAX then
        text = cut(text, SHOWN_VALUE_MAX - 4) .. "...'"
    end
    return text
end

--- Abort the script with "E-SME-<code>: <what>. <todo>".
function M.raise(code, what, todo)
    assert(math.type(code) == "integer", "sme.errors.raise needs a code from sme.error_codes")
    local text = tostring(what):gsub("%.+$", "")
    error(string.format("E-SME-%d: %s. %s", code, text, todo), 0)
end

--- The extension's own "E-SME-<n>: ..." text inside a database message, or nil.
-- Takes the first such text up to the end of its line, without Exasol's "(Session: ...)" suffix.
function M.extract(message)
    if type(message) ~= "string" then
        return nil
    end
    local start = message:find("E%-SME%-%d+:")
    if start == nil then
        return nil
    end
    local line = message:sub(start):match("^[^\r\n]*")
    line = line:gsub("%s*%(Session: %d+%)%s*$", "")
    return (line:gsub("%s+$", ""))
end

--- A database message made short enough to show: no Python traceback, one line, shortened.
function M.database_message(message)
    local text = tostring(message or "unknown error")
    local traceback = text:find("Traceback (most recent call last)", 1, true)
    if traceback ~= nil then
        text = text:sub(1, traceback - 1)
    end
    text = text:gsub("%(Session: %d+%)", ""):gsub("%s+", " "):gsub("^ ", ""):gsub(" $", "")
    if #text > DATABASE_MESSAGE_MAX then
        text = cut(text, DATABASE_MESSAGE_MAX - 3) .. "..."
    end
    if text == "" then
        text = "no message"
    end
    return text
end

--- Re-raise a failed statement: its own E-SME text unchanged if it has one, else
-- "E-SME-<fallback_code>: <context> failed: <database message>. <todo>".
function M.from_database(message, fallback_code, context, todo)
    local own = M.extract(message)
    if own ~= nil then
        error(own, 0)
    end
    M.raise(fallback_code or codes.UDF_CALL_FAILED,
        context .. " failed: " .. M.database_message(message),
        todo or ("Check that the extension was deployed completely into this schema with the same version,"
            .. " and that the script language PYTHON3_SME is activated for this session or system."))
end

return M
end
package.preload["sme.resource_state"] = function(...)
-- sme.resource_state: SME_METADATA_AWS_RESOURCE_STATE, one row per job or endpoint of this schema with
-- its last known state in AWS and the last action taken on it, plus the metadata reads the lifecycle
-- scripts share. A state row is only written for a resource the metadata tables know.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

M.JOB = "JOB"
M.ENDPOINT = "ENDPOINT"
M.NOT_FOUND = "NOT_FOUND"
M.DEPLOYED = "DEPLOYED"
M.TABLE = "SME_METADATA_AWS_RESOURCE_STATE"

local REDEPLOY_HINT = "Check that the extension was deployed into this schema with this version"
    .. " (sme-deploy creates the metadata tables) and that your user may read and write them."

-- The metadata table (and its name column) that must know a resource before its state is recorded.
local OWNERS = {
    JOB = {"SME_METADATA_AUTOPILOT_JOBS", "JOB_NAME"},
    ENDPOINT = {"SME_METADATA_AUTOPILOT_ENDPOINTS", "ENDPOINT_NAME"},
}
-- Written with every status (nil -> NULL), and written only when given.
local STATUS_COLUMNS = {{"STATUS", "status"}, {"SECONDARY_STATUS", "secondary_status"},
                        {"FAILURE_REASON", "failure_reason"}}
local GIVEN_COLUMNS = {{"AWS_REGION", "region"}, {"INSTANCE_TYPE", "instance_type"},
                       {"INSTANCE_COUNT", "instance_count"}}
local ACTION_COLUMNS = {{"LAST_ACTION", "action"}, {"LAST_ACTION_DETAIL", "action_detail"}}

local function read(env, statement, params, what)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_READ_FAILED, "reading " .. what, REDEPLOY_HINT)
    end
    return result
end

-- The columns and values a state change writes: {column, SQL expression} pairs and the parameters.
local function assignments(env, state)
    local columns, params = {}, {}
    local function add(column, key, value)
        if value == nil then
            value = env.null
        end
        params[key] = value
        columns[#columns + 1] = {column, ":" .. key}
    end
    if state.status ~= nil then
        for _, column in ipairs(STATUS_COLUMNS) do
            add(column[1], column[2], state[column[2]])
        end
        columns[#columns + 1] = {"CHECKED_AT", "CURRENT_TIMESTAMP"}
        columns[#columns + 1] = {"CHECKED_BY", "CURRENT_USER"}
    end
    for _, column in ipairs(GIVEN_COLUMNS) do
        if state[column[2]] ~= nil then
            add(column[1], column[2], state[column[2]])
        end
    end
    if state.action ~= nil then
        for _, column in ipairs(ACTION_COLUMNS) do
            add(column[1], column[2], state[column[2]])
        end
        columns[#columns + 1] = {"LAST_ACTION_AT", "CURRENT_TIMESTAMP"}
    end
    return columns, params
end

local function write(env, schema, state)
    local owner = OWNERS[state.kind]
    local columns, params = assignments(env, state)
    params.s, params.kind, params.name = schema, state.kind, state.name
    params.owner, params.owner_column = owner[1], owner[2]
    local sets, names, values = {}, {}, {}
    for i, column in ipairs(columns) do
        sets[i] = sql.quote_identifier(column[1]) .. " = " .. column[2]
        names[i] = sql.quote_identifier(column[1])
        values[i] = column[2]
    end
    local ok, result = env.pquery([[UPDATE ::s."SME_METADATA_AWS_RESOURCE_STATE" SET ]] .. table.concat(sets, ", ")
        .. [[ WHERE "RESOURCE_KIND" = :kind AND "RESOURCE_NAME" = :name]], params)
    if ok and (result.rows_affected or 0) == 0 then
        ok, result = env.pquery([[INSERT INTO ::s."SME_METADATA_AWS_RESOURCE_STATE" ("RESOURCE_KIND", ]]
            .. [["RESOURCE_NAME", ]] .. table.concat(names, ", ") .. [[) SELECT DISTINCT :kind, :name, ]]
            .. table.concat(values, ", ") .. [[ FROM ::s.::owner WHERE ::owner_column = :name]], params)
    end
    return ok, result
end

--- Record a resource's state and/or the last action on it. state: kind (JOB|ENDPOINT), name, and any
-- of region, status, secondary_status, failure_reason, instance_type, instance_count, action,
-- action_detail. A failure is E-SME-36 with "<context> failed" as its text.
function M.record(env, schema, state, context)
    local ok, result = write(env, schema, state)
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_WRITE_FAILED,
            context .. " but recording it in " .. M.TABLE, "Fix the cause (" .. REDEPLOY_HINT:lower()
            .. ") and run SME_REFRESH_SAGEMAKER_STATE to record the current state.")
    end
end

--- Like record, for scripts whose own work is done: a failure becomes one output line, not an error.
function M.try_record(env, schema, state)
    local ok, result = write(env, schema, state)
    if not ok then
        env.output("Warning: the state of " .. state.kind:lower() .. " " .. state.name .. " was not recorded in "
            .. M.TABLE .. ": " .. errors.database_message(result.error_message)
            .. ". Run SME_REFRESH_SAGEMAKER_STATE later.")
    end
    return ok
end

--- The recorded job's location: job_name, region (nil for rows of older versions), connection,
-- s3_bucket_uri, s3_output_path. E-SME-33 if this schema did not train it.
function M.read_job(env, schema, job_name)
    local columns = {"JOB_NAME", "AWS_REGION", "AWS_CREDENTIALS_CONNECTION_NAME", "S3_BUCKET_URI", "S3_OUTPUT_PATH"}
    local quoted = {}
    for i, column in ipairs(columns) do
        quoted[i] = sql.quote_identifier(column)
    end
    local result = read(env, "SELECT " .. table.concat(quoted, ", ")
        .. [[ FROM ::s."SME_METADATA_AUTOPILOT_JOBS" WHERE "JOB_NAME" = :j]],
        {s = schema, j = job_name}, "SME_METADATA_AUTOPILOT_JOBS")
    if #result == 0 then
        errors.raise(codes.JOB_NOT_IN_METADATA, "there is no job " .. errors.show(job_name)
            .. " in SME_METADATA_AUTOPILOT_JOBS of schema " .. sql.quote_identifier(schema),
            "Give the name of a job started with SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT in this schema.")
    end
    local row = sql.rows(env, result, columns)[1]
    return {job_name = row.JOB_NAME, region = row.AWS_REGION, connection = row.AWS_CREDENTIALS_CONNECTION_NAME,
            s3_bucket_uri = row.S3_BUCKET_URI, s3_output_path = row.S3_OUTPUT_PATH}
end

--- E-SME-143 when the job was recorded with another region than the one given.
function M.check_region(job, region)
    if job.region ~= nil and job.region ~= region then
        errors.raise(codes.REGION_MISMATCH, "job " .. job.job_name .. " was trained in region " .. job.region
            .. ", not " .. errors.show(region), "Give aws_region '" .. job.region .. "'.")
    end
end

--- A TRUE/FALSE script argument; NULL means false. E-SME-3 for anything else.
function M.optional_boolean(env, value, name)
    if value == nil or value == env.null then
        return false
    end
    if type(value) ~= "boolean" then
        errors.raise(codes.WRONG_PARAMETER_TYPE, "parameter " .. name .. " must be TRUE or FALSE, not "
            .. errors.show(value), "Pass TRUE or FALSE without quotes.")
    end
    return value
end

--- Names of the endpoints recorded as DEPLOYED (of one job and/or one region when given), sorted.
function M.deployed_endpoint_names(env, schema, job_name, region)
    local statement = [[SELECT DISTINCT "ENDPOINT_NAME" FROM ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" ]]
        .. [[WHERE "STATUS" = :deployed]]
    local params = {s = schema, deployed = M.DEPLOYED}
    if job_name ~= nil then
        statement, params.j = statement .. [[ AND "JOB_NAME" = :j]], job_name
    end
    if region ~= nil then
        statement, params.r = statement .. [[ AND "AWS_REGION" = :r]], region
    end
    local rows = sql.rows(env, read(env, statement, params, "SME_METADATA_AUTOPILOT_ENDPOINTS"), {"ENDPOINT_NAME"})
    local names = {}
    for i, row in ipairs(rows) do
        names[i] = row.ENDPOINT_NAME
    end
    table.sort(names)
    return names
end

return M
end
package.preload["sme.rules"] = function(...)
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
end
package.preload["sme.sql"] = function(...)
-- sme.sql: quoting for the few texts that cannot go through :name / ::name placeholders
-- (column lists, the body of a generated Python UDF) and helpers to read query results.
local M = {}

local PYTHON_ESCAPES = {["\\"] = "\\\\", ["'"] = "\\'", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t"}

--- "name" with inner double quotes doubled: the identifier exactly as given, case kept.
function M.quote_identifier(name)
    return '"' .. (tostring(name):gsub('"', '""')) .. '"'
end

--- A single-quoted Python string literal: backslash, quote and every control character escaped.
function M.quote_python_string(text)
    local escaped = tostring(text):gsub("[\0-\31\127\\']", function(char)
        return PYTHON_ESCAPES[char] or string.format("\\x%02x", char:byte())
    end)
    return "'" .. escaped .. "'"
end

--- Whether a value from a script parameter, a result or cjson is SQL NULL / JSON null / nil.
function M.is_null(env, value)
    return value == nil or value == env.null or (env.cjson ~= nil and value == env.cjson.null)
end

--- A result value as Lua string, nil for NULL.
function M.text(env, value)
    if M.is_null(env, value) then
        return nil
    end
    return tostring(value)
end

--- A result value as Lua integer, nil for NULL or anything that is not a whole number.
-- Accepts Lua numbers and anything whose text is a whole number (Exasol's DECIMAL values).
function M.integer(env, value)
    if M.is_null(env, value) then
        return nil
    end
    if type(value) == "number" then
        return math.tointeger(value)
    end
    local text = tostring(value):match("^%s*(%d+)%.?0*%s*$")
    if text == nil then
        return nil
    end
    return math.tointeger(tonumber(text))
end

--- The rows of a SELECT result as plain Lua tables keyed by the given column names.
function M.rows(env, result, columns)
    local rows = {}
    for i = 1, #result do
        local row = {}
        for _, column in ipairs(columns) do
            local value = result[i][column]
            if M.is_null(env, value) then
                value = nil
            end
            row[column] = value
        end
        rows[i] = row
    end
    return rows
end

return M
end
package.preload["sme.state_refresh"] = function(...)
-- sme.state_refresh: SME_REFRESH_SAGEMAKER_STATE(aws_credentials_connection_name, aws_region).
-- Describes every job and every deployed endpoint this schema recorded with that connection (in one
-- SELECT over SME_AWS_RESOURCE_STATE_UDF: jobs in their recorded region, else aws_region) and records
-- what AWS says, NOT_FOUND for what AWS no longer knows, in SME_METADATA_AWS_RESOURCE_STATE.
local catalog = require("sme.catalog")
local resource_state = require("sme.resource_state")
local rules = require("sme.rules")
local sql = require("sme.sql")
local udf = require("sme.udf")
local validation = require("sme.validation")

local M = {}

M.REFRESH_SQL = [[SELECT ::s."SME_AWS_RESOURCE_STATE_UDF"("RESOURCE_KIND", "RESOURCE_NAME", :connection, ]]
    .. [["AWS_REGION") FROM (SELECT :job AS "RESOURCE_KIND", "JOB_NAME" AS "RESOURCE_NAME", ]]
    .. [[COALESCE("AWS_REGION", :region) AS "AWS_REGION" FROM ::s."SME_METADATA_AUTOPILOT_JOBS" ]]
    .. [[WHERE "AWS_CREDENTIALS_CONNECTION_NAME" = :connection ]]
    .. [[UNION SELECT :endpoint, "ENDPOINT_NAME", COALESCE("AWS_REGION", :region) ]]
    .. [[FROM ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" ]]
    .. [[WHERE "STATUS" = :deployed AND "AWS_CREDENTIALS_CONNECTION_NAME" = :connection) "RESOURCES"]]
M.UDF_COLUMNS = {"RESOURCE_KIND", "RESOURCE_NAME", "AWS_REGION", "STATUS", "SECONDARY_STATUS", "FAILURE_REASON",
                 "INSTANCE_COUNT"}
M.COLUMNS = "RESOURCE_KIND VARCHAR(16), RESOURCE_NAME VARCHAR(" .. rules.ENDPOINT_NAME_MAX_LENGTH .. "),"
    .. " AWS_REGION VARCHAR(64), STATUS VARCHAR(64), SECONDARY_STATUS VARCHAR(64), FAILURE_REASON VARCHAR(4096)"

local function by_kind_and_name(a, b)
    if a.RESOURCE_KIND ~= b.RESOURCE_KIND then
        return a.RESOURCE_KIND > b.RESOURCE_KIND  -- JOB before ENDPOINT
    end
    return a.RESOURCE_NAME < b.RESOURCE_NAME
end

function M.run(env, connection_name, region)
    validation.identifier(validation.required_string(connection_name, "aws_credentials_connection_name",
        env.null), "connection name")
    validation.region(validation.required_string(region, "aws_region", env.null))
    local schema = env.exa.meta.script_schema
    local connection = catalog.resolve_connection(env, connection_name)
    local rows = udf.call(env, "SME_AWS_RESOURCE_STATE_UDF", M.REFRESH_SQL,
        {s = schema, connection = connection, region = region, job = resource_state.JOB,
         endpoint = resource_state.ENDPOINT, deployed = resource_state.DEPLOYED}, M.UDF_COLUMNS)
    table.sort(rows, by_kind_and_name)
    local result = {}
    for i, row in ipairs(rows) do
        resource_state.record(env, schema, {kind = row.RESOURCE_KIND, name = row.RESOURCE_NAME,
            region = row.AWS_REGION, status = row.STATUS, secondary_status = row.SECONDARY_STATUS,
            failure_reason = row.FAILURE_REASON, instance_count = sql.integer(env, row.INSTANCE_COUNT)},
            "the state of " .. row.RESOURCE_KIND:lower() .. " " .. row.RESOURCE_NAME .. " was read from AWS")
        if row.RESOURCE_KIND == resource_state.ENDPOINT and row.STATUS == resource_state.NOT_FOUND then
            env.output("Endpoint " .. row.RESOURCE_NAME .. " no longer exists in AWS; EXECUTE SCRIPT"
                .. " SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT('" .. row.RESOURCE_NAME .. "', ...) drops its"
                .. " prediction UDF and marks it DELETED.")
        end
        result[i] = {row.RESOURCE_KIND, row.RESOURCE_NAME, row.AWS_REGION or env.null, row.STATUS or env.null,
                     row.SECONDARY_STATUS or env.null, row.FAILURE_REASON or env.null}
    end
    return result, M.COLUMNS
end

return M
end
package.preload["sme.udf"] = function(...)
-- sme.udf: runs the SELECT that calls one of the extension's Python UDFs. A failure passes the UDF's
-- own E-SME message on unchanged (never its traceback); anything else becomes E-SME-38.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

--- The UDF's rows as plain tables keyed by the given column names (NULL -> nil).
function M.call(env, udf_name, statement, params, columns)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.UDF_CALL_FAILED, "calling " .. udf_name)
    end
    return sql.rows(env, result, columns)
end

--- The UDF's only row; E-SME-38 if it returned none.
function M.call_one(env, udf_name, statement, params, columns)
    local rows = M.call(env, udf_name, statement, params, columns)
    if #rows == 0 then
        errors.raise(codes.UDF_CALL_FAILED, udf_name .. " returned no row",
            "Check that the extension was deployed completely into this schema with the same version.")
    end
    return rows[1]
end

return M
end
package.preload["sme.validation"] = function(...)
-- sme.validation: one check per kind of name or value, the same rules as
-- exasol_sagemaker_extension/names.py, with the limits of sme.rules. Each returns the (normalized)
-- value or raises the E-SME code of names.py.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local rules = require("sme.rules")

local M = {}

local show = errors.show
local ALNUM = "[A-Za-z0-9]"
-- Shapes fixed by AWS's own patterns (names.py keeps them inside its regular expressions).
local BUCKET_NAME_MIN_LENGTH, BUCKET_NAME_MAX_LENGTH = 3, 63
local ROLE_NAME_MAX_LENGTH, ROLE_PATH_MAX_LENGTH, ACCOUNT_ID_LENGTH = 64, 512, 12

local function contains(list, value)
    for _, item in ipairs(list) do
        if item == value then
            return true
        end
    end
    return false
end

-- AWS's name shape ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,n}$ plus its length limit: letters, digits and
-- hyphens, first and last a letter or digit, hyphens counted in the length.
local function is_aws_name(name, max_length)
    return type(name) == "string" and #name >= 1 and #name <= max_length
        and name:find("^[A-Za-z0-9%-]+$") ~= nil
        and name:find("^" .. ALNUM) ~= nil and name:find(ALNUM .. "$") ~= nil
end

function M.is_absent(value, null)
    return value == nil or value == "" or (null ~= nil and value == null)
end

--- A required text argument: E-SME-2 when missing or empty, E-SME-3 when not a string.
function M.required_string(value, name, null)
    if M.is_absent(value, null) then
        errors.raise(codes.MISSING_PARAMETER, "parameter " .. name .. " is missing",
            "Give " .. name .. " a value.")
    end
    if type(value) ~= "string" then
        errors.raise(codes.WRONG_PARAMETER_TYPE,
            "parameter " .. name .. " must be a string, not " .. type(value),
            "Give " .. name .. " as a text value in single quotes, for example '" .. name .. "'.")
    end
    return value
end

function M.job_name(name)
    if not is_aws_name(name, rules.JOB_NAME_MAX_LENGTH) then
        errors.raise(codes.INVALID_JOB_NAME, "invalid job name " .. show(name),
            "Use 1 to " .. rules.JOB_NAME_MAX_LENGTH .. " letters, digits and hyphens, starting and ending"
            .. " with a letter or digit.")
    end
    return name
end

function M.endpoint_name(name)
    if not is_aws_name(name, rules.ENDPOINT_NAME_MAX_LENGTH) then
        errors.raise(codes.INVALID_ENDPOINT_NAME, "invalid endpoint name " .. show(name),
            "Use 1 to " .. rules.ENDPOINT_NAME_MAX_LENGTH .. " letters, digits and hyphens, starting and"
            .. " ending with a letter or digit.")
    end
    return name
end

-- ^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$, for example eu-central-1.
local function is_region(region)
    if type(region) ~= "string" then
        return false
    end
    local middle = region:match("^[a-z][a-z](%-[a-z%-]*)%-[0-9][0-9]?$")
    return middle ~= nil and middle:gsub("%-[a-z]+", "") == ""
end

function M.region(region)
    if not is_region(region) then
        errors.raise(codes.INVALID_REGION, "invalid AWS region " .. show(region),
            "Give a region code such as eu-central-1 or us-east-1.")
    end
    return region
end

--- An Exasol identifier taken exactly as written: 1 to 128 characters, no control characters.
function M.identifier(name, kind)
    local length = type(name) == "string" and (utf8 and utf8.len(name) or #name) or nil
    if length == nil or length < 1 or length > rules.IDENTIFIER_MAX_LENGTH or name:find("[\0-\31]") then
        errors.raise(codes.INVALID_IDENTIFIER, "invalid " .. (kind or "identifier") .. " " .. show(name),
            "Give a name of 1 to " .. rules.IDENTIFIER_MAX_LENGTH .. " characters without control characters.")
    end
    return name
end

local function is_role_arn(role)
    local partition, account, path = role:match("^arn:aws([%-a-z]*):iam::([0-9]+):role/(.+)$")
    return partition ~= nil and partition:gsub("%-[a-z]+", "") == ""
        and #account == ACCOUNT_ID_LENGTH
        and #path <= ROLE_PATH_MAX_LENGTH and path:find("^[A-Za-z0-9_+=,.@/%-]+$") ~= nil
end

local function is_role_name(role)
    return #role <= ROLE_NAME_MAX_LENGTH and role:find("^[A-Za-z0-9_+=,.@%-]+$") ~= nil
end

--- An IAM role ARN (arn:aws:iam::<account>:role/<name>) or a role name.
function M.iam_role(role)
    if type(role) ~= "string" or #role > rules.IAM_ROLE_MAX_LENGTH
            or not (is_role_arn(role) or is_role_name(role)) then
        errors.raise(codes.INVALID_IAM_ROLE, "invalid IAM role " .. show(role),
            "Give the role's ARN (arn:aws:iam::<account>:role/<name>) or its name.")
    end
    return role
end

--- s3://bucket (one trailing slash allowed); returns "s3://bucket" and the bucket name.
function M.s3_bucket_uri(uri)
    local bucket = type(uri) == "string" and uri:match("^s3://([a-z0-9.%-]+)/?$") or nil
    if bucket == nil or #bucket < BUCKET_NAME_MIN_LENGTH or #bucket > BUCKET_NAME_MAX_LENGTH
            or not bucket:find("^[a-z0-9]") or not bucket:find("[a-z0-9]$") then
        errors.raise(codes.INVALID_S3_BUCKET_URI, "invalid S3 bucket URI " .. show(uri),
            "Give the bucket as s3://<bucket-name>, without a path.")
    end
    return "s3://" .. bucket, bucket
end

local function normalized_s3_path(path)
    if type(path) ~= "string" then
        return nil
    end
    local stripped = path:gsub("^/+", ""):gsub("/+$", "")
    if stripped == "" or #stripped > rules.S3_OUTPUT_PATH_MAX_LENGTH
            or not stripped:find("^[A-Za-z0-9!_.*'()/%-]+$") or stripped:find("//", 1, true) then
        return nil
    end
    for segment in stripped:gmatch("[^/]+") do
        if segment == "." or segment == ".." then
            return nil
        end
    end
    return stripped
end

--- The S3 key prefix without slashes at either end.
function M.s3_output_path(path)
    local normalized = normalized_s3_path(path)
    if normalized == nil then
        errors.raise(codes.INVALID_S3_OUTPUT_PATH, "invalid S3 output path " .. show(path),
            "Give a key prefix of up to " .. rules.S3_OUTPUT_PATH_MAX_LENGTH .. " characters made of"
            .. " letters, digits and !_.*'()/- such as ml/autopilot.")
    end
    return normalized
end

function M.instance_type(instance_type)
    if type(instance_type) ~= "string" or not instance_type:find("^ml%.[a-z0-9]+%.[a-z0-9]+$") then
        errors.raise(codes.INVALID_INSTANCE, "invalid instance type " .. show(instance_type),
            "Give a SageMaker instance type such as ml.m5.large.")
    end
    return instance_type
end

--- A whole number given as Lua number, digit string or Exasol DECIMAL; nil if it is none.
function M.to_integer(value)
    if type(value) == "number" then
        return math.tointeger(value)
    end
    if type(value) == "string" then
        local digits = value:match("^%s*(%d+)%s*$")
        return digits and math.tointeger(tonumber(digits)) or nil
    end
    if value ~= nil and type(value) ~= "boolean" and type(value) ~= "table" then
        local digits = tostring(value):match("^%s*(%d+)%.?0*%s*$")
        return digits and math.tointeger(tonumber(digits)) or nil
    end
    return nil
end

function M.instance_count(count)
    local number = M.to_integer(count)
    if number == nil or number < 1 or number > rules.INSTANCE_COUNT_MAX then
        errors.raise(codes.INVALID_INSTANCE, "invalid instance count " .. show(count),
            "Give a whole number from 1 to " .. rules.INSTANCE_COUNT_MAX .. ".")
    end
    return number
end

--- The problem type, or nil when it is left to Autopilot.
function M.problem_type(problem_type)
    if problem_type == nil or problem_type == "" then
        return nil
    end
    if not contains(rules.PROBLEM_TYPES, problem_type) then
        errors.raise(codes.INVALID_PROBLEM_TYPE, "invalid problem type " .. show(problem_type),
            "Use one of " .. table.concat(rules.PROBLEM_TYPES, ", ") .. ", or leave it out to let"
            .. " Autopilot decide.")
    end
    return problem_type
end

function M.is_problem_type(problem_type)
    return contains(rules.PROBLEM_TYPES, problem_type)
end

function M.is_classification(problem_type)
    return contains(rules.CLASSIFICATION_PROBLEM_TYPES, problem_type)
end

--- The objective metric name, checked against the problem type when one is given.
function M.objective(metric, problem_type)
    if metric == nil or metric == "" then
        return nil
    end
    local fitting = type(metric) == "string" and rules.OBJECTIVES[metric] or nil
    if fitting == nil then
        errors.raise(codes.INVALID_OBJECTIVE, "invalid objective " .. show(metric),
            "Use one of " .. table.concat(rules.OBJECTIVE_NAMES, ", ") .. ".")
    end
    if problem_type ~= nil and not contains(fitting, problem_type) then
        local usable = {}
        for _, name in ipairs(rules.OBJECTIVE_NAMES) do
            if contains(rules.OBJECTIVES[name], problem_type) then
                usable[#usable + 1] = name
            end
        end
        errors.raise(codes.INVALID_OBJECTIVE, "objective " .. metric .. " does not fit problem type "
            .. problem_type, "For " .. problem_type .. " use one of " .. table.concat(usable, ", ") .. ".")
    end
    return metric
end

--- The objective to send (names.resolve_objective): the given one, or the default of a given problem
-- type; AWS takes an objective only together with a problem type.
function M.resolve_objective(metric, problem_type)
    metric = M.objective(metric, problem_type)
    if metric ~= nil and problem_type == nil then
        errors.raise(codes.INVALID_OBJECTIVE, "objective " .. metric .. " is given without a problem_type",
            "AWS takes an objective only together with a problem type: add problem_type, or leave"
            .. " objective out to let Autopilot choose both.")
    end
    if problem_type ~= nil and metric == nil then
        return rules.DEFAULT_OBJECTIVES[problem_type]
    end
    return metric
end

--- A positive whole number (a JSON number with integer value or a digit string).
function M.positive_integer(value, name)
    local number = M.to_integer(value)
    if number == nil or number < 1 then
        errors.raise(codes.INVALID_LIMIT, "invalid " .. name .. " " .. show(value),
            "Give a positive whole number, or leave " .. name .. " out.")
    end
    return number
end

return M
end
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
package.preload["sme.catalog"] = function(...)
-- sme.catalog: finds schemas, tables, columns and connections the way SQL would: the name exactly
-- as written first, then, for a regular identifier, upper-cased (`my_table` finds MY_TABLE,
-- `MixedCase` finds "MixedCase").
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

local LISTED_COLUMNS_MAX = 10

function M.is_regular_identifier(name)
    return name:find("^[A-Za-z][A-Za-z0-9_]*$") ~= nil
end

--- The names to try for a user-given name, in order.
function M.candidates(name)
    local names = {name}
    if M.is_regular_identifier(name) and name:upper() ~= name then
        names[2] = name:upper()
    end
    return names
end

local function select_rows(env, statement, params, what)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_READ_FAILED, "reading " .. what,
            "Check that your user may read the system tables of schema SYS and try again.")
    end
    return result
end

--- The connection's name as stored (E-SME-50 if there is none of that name).
function M.resolve_connection(env, name)
    for _, candidate in ipairs(M.candidates(name)) do
        local result = select_rows(env,
            [[SELECT CONNECTION_NAME FROM SYS.EXA_ALL_CONNECTIONS WHERE CONNECTION_NAME = :c]],
            {c = candidate}, "the connections")
        if #result > 0 then
            return candidate
        end
    end
    errors.raise(codes.CONNECTION_NOT_USABLE, "there is no connection " .. errors.show(name),
        "Create it with CREATE CONNECTION <name> TO 'https://<bucket>.s3.<region>.amazonaws.com/'"
        .. " USER '<access key id>' IDENTIFIED BY '<secret access key>' and let the user run it with"
        .. " GRANT CONNECTION <name> TO <user>, or give the name of an existing connection.")
end

--- The schema's name as stored (E-SME-34 if there is none of that name).
function M.resolve_schema(env, name)
    for _, candidate in ipairs(M.candidates(name)) do
        local result = select_rows(env, [[SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = :s]],
            {s = candidate}, "the schemas")
        if #result > 0 then
            return candidate
        end
    end
    errors.raise(codes.SCHEMA_NOT_FOUND, "there is no schema " .. errors.show(name),
        "Create it with CREATE SCHEMA, or give the name of an existing schema.")
end

--- Whether a schema of exactly this name exists.
function M.schema_exists(env, name)
    local result = select_rows(env, [[SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = :s]],
        {s = name}, "the schemas")
    return #result > 0
end

--- The table or view with its columns {name=, type=} in ordinal order (E-SME-30 if not found).
function M.resolve_table(env, schema_name, table_name)
    for _, schema in ipairs(M.candidates(schema_name)) do
        for _, table_candidate in ipairs(M.candidates(table_name)) do
            local result = select_rows(env, [[SELECT COLUMN_NAME, COLUMN_TYPE FROM SYS.EXA_ALL_COLUMNS ]]
                .. [[WHERE COLUMN_SCHEMA = :s AND COLUMN_TABLE = :t ORDER BY COLUMN_ORDINAL_POSITION]],
                {s = schema, t = table_candidate}, "the columns of the input table")
            if #result > 0 then
                local columns = {}
                for i = 1, #result do
                    columns[i] = {name = result[i].COLUMN_NAME, type = sql.text(env, result[i].COLUMN_TYPE)}
                end
                return {schema = schema, table = table_candidate, columns = columns}
            end
        end
    end
    errors.raise(codes.TABLE_NOT_FOUND, "found no table or view " .. errors.show(table_name)
        .. " in schema " .. errors.show(schema_name) .. " that you may read",
        "Check input_schema_name and input_table_or_view_name (a regular name is also tried upper-case)"
        .. " and that you have the SELECT privilege on it.")
end

local function column_list(columns)
    local names = {}
    for i = 1, math.min(#columns, LISTED_COLUMNS_MAX) do
        names[i] = sql.quote_identifier(columns[i].name)
    end
    local text = table.concat(names, ", ")
    if #columns > LISTED_COLUMNS_MAX then
        text = text .. " and " .. (#columns - LISTED_COLUMNS_MAX) .. " more"
    end
    return text
end

--- The target column of a resolved table (E-SME-31 if it has none of that name).
function M.resolve_target(source, target_name)
    for _, candidate in ipairs(M.candidates(target_name)) do
        for _, column in ipairs(source.columns) do
            if column.name == candidate then
                return column
            end
        end
    end
    errors.raise(codes.TARGET_COLUMN_NOT_FOUND, "table " .. sql.quote_identifier(source.schema) .. "."
        .. sql.quote_identifier(source.table) .. " has no column " .. errors.show(target_name),
        "Give one of its columns as target_attribute_name: " .. column_list(source.columns) .. ".")
end

return M
end
package.preload["sme.error_codes"] = function(...)
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
end
package.preload["sme.errors"] = function(...)
-- sme.errors: every failure leaves the scripts as one string "E-SME-<n>: what happened. what to do."
-- Database errors of the UDFs are searched for the extension's own message, which is passed on
-- unchanged; anything else becomes E-SME-38 (or the caller's code) with the database's first lines.
local codes = require("sme.error_codes")

local M = {}

local SHOWN_VALUE_MAX = 80
local DATABASE_MESSAGE_MAX = 600
local ESCAPES = {["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t", ["\\"] = "\\\\", ["'"] = "\\'"}

-- Cut text to at most max bytes without splitting a UTF-8 character.
local function cut(text, max)
    if #text <= max then
        return text
    end
    local stop = max
    while stop > 0 do
        local byte = text:byte(stop + 1)
        if byte == nil or byte < 0x80 or byte >= 0xC0 then
            break
        end
        stop = stop - 1
    end
    return text:sub(1, stop)
end

--- A rejected value as it appears in a message: quoted, control characters escaped, at most 80 chars.
function M.show(value)
    if type(value) ~= "string" then
        return tostring(value)
    end
    local escaped = value:gsub("[\0-\31\127\\']", function(char)
        return ESCAPES[char] or string.format("\\x%02x", char:byte())
    end)
    local text = "'" .. escaped .. "'"
    if #text > SHOWN_VALUE_MAX then
        text = cut(text, SHOWN_VALUE_MAX - 4) .. "...'"
    end
    return text
end

--- Abort the script with "E-SME-<code>: <what>. <todo>".
function M.raise(code, what, todo)
    assert(math.type(code) == "integer", "sme.errors.raise needs a code from sme.error_codes")
    local text = tostring(what):gsub("%.+$", "")
    error(string.format("E-SME-%d: %s. %s", code, text, todo), 0)
end

--- The extension's own "E-SME-<n>: ..." text inside a database message, or nil.
-- Takes the first such text up to the end of its line, without Exasol's "(Session: ...)" suffix.
function M.extract(message)
    if type(message) ~= "string" then
        return nil
    end
    local start = message:find("E%-SME%-%d+:")
    if start == nil then
        return nil
    end
    local line = message:sub(start):match("^[^\r\n]*")
    line = line:gsub("%s*%(Session: %d+%)%s*$", "")
    return (line:gsub("%s+$", ""))
end

--- A database message made short enough to show: no Python traceback, one line, shortened.
function M.database_message(message)
    local text = tostring(message or "unknown error")
    local traceback = text:find("Traceback (most recent call last)", 1, true)
    if traceback ~= nil then
        text = text:sub(1, traceback - 1)
    end
    text = text:gsub("%(Session: %d+%)", ""):gsub("%s+", " "):gsub("^ ", ""):gsub(" $", "")
    if #text > DATABASE_MESSAGE_MAX then
        text = cut(text, DATABASE_MESSAGE_MAX - 3) .. "..."
    end
    if text == "" then
        text = "no message"
    end
    return text
end

--- Re-raise a failed statement: its own E-SME text unchanged if it has one, else
-- "E-SME-<fallback_code>: <context> failed: <database message>. <todo>".
function M.from_database(message, fallback_code, context, todo)
    local own = M.extract(message)
    if own ~= nil then
        error(own, 0)
    end
    M.raise(fallback_code or codes.UDF_CALL_FAILED,
        context .. " failed: " .. M.database_message(message),
        todo or ("Check that the extension was deployed completely into this schema with the same version,"
            .. " and that the script language PYTHON3_SME is activated for this session or system."))
end

return M
end
package.preload["sme.job_data_deletion"] = function(...)
-- sme.job_data_deletion: SME_DELETE_SAGEMAKER_AUTOPILOT_JOB_DATA(job_name, aws_credentials_connection_name,
-- aws_region, delete_model_artifacts). Removes the job's export <s3_output_path>/<job_name>/training-data/
-- and, when asked, its model artefacts <s3_output_path>/<job_name>/output/ from the recorded bucket
-- (SME_AUTOPILOT_JOB_DATA_DELETION_UDF, which refuses while the job runs), and records the action.
local catalog = require("sme.catalog")
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local resource_state = require("sme.resource_state")
local rules = require("sme.rules")
local sql = require("sme.sql")
local udf = require("sme.udf")
local validation = require("sme.validation")

local M = {}

M.ACTION = "DATA_DELETED"
M.DELETE_SQL = [[SELECT ::s."SME_AUTOPILOT_JOB_DATA_DELETION_UDF"(:job_name, :connection, :region, ]]
    .. [[:bucket_uri, :output_path, :delete_model_artifacts)]]
M.UDF_COLUMNS = {"JOB_STATUS", "JOB_SECONDARY_STATUS", "DATA_KIND", "S3_PREFIX", "OBJECTS_DELETED"}
M.COLUMNS = "JOB_NAME VARCHAR(" .. rules.JOB_NAME_MAX_LENGTH .. "), DATA_KIND VARCHAR(20),"
    .. " S3_PREFIX VARCHAR(4096), OBJECTS_DELETED DECIMAL(18,0)"

-- E-SME-142 while an endpoint of the job is deployed: SageMaker reads the model artefacts whenever it
-- starts an instance (scaling, replacing a failed one).
local function refuse_deployed_endpoints(env, schema, job_name)
    local deployed = resource_state.deployed_endpoint_names(env, schema, job_name)
    if #deployed > 0 then
        errors.raise(codes.MODEL_ARTIFACTS_IN_USE, "the model artefacts of job " .. job_name .. " are in use by"
            .. " endpoint " .. table.concat(deployed, ", "), "Delete the endpoint with"
            .. " SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT first, or pass FALSE to keep the model artefacts.")
    end
end

function M.run(env, job_name, connection_name, region, delete_model_artifacts)
    validation.job_name(validation.required_string(job_name, "job_name", env.null))
    validation.identifier(validation.required_string(connection_name, "aws_credentials_connection_name",
        env.null), "connection name")
    validation.region(validation.required_string(region, "aws_region", env.null))
    local with_models = resource_state.optional_boolean(env, delete_model_artifacts, "delete_model_artifacts")
    local schema = env.exa.meta.script_schema
    local job = resource_state.read_job(env, schema, job_name)
    resource_state.check_region(job, region)
    local connection = catalog.resolve_connection(env, connection_name)
    if with_models then
        refuse_deployed_endpoints(env, schema, job_name)
    end
    local rows = udf.call(env, "SME_AUTOPILOT_JOB_DATA_DELETION_UDF", M.DELETE_SQL,
        {s = schema, job_name = job_name, connection = connection, region = region,
         bucket_uri = job.s3_bucket_uri, output_path = job.s3_output_path, delete_model_artifacts = with_models},
        M.UDF_COLUMNS)
    local result, details = {}, {}
    for i, row in ipairs(rows) do
        local count = sql.integer(env, row.OBJECTS_DELETED) or 0
        details[i] = row.DATA_KIND .. ": " .. count .. " objects under " .. row.S3_PREFIX
        result[i] = {job_name, row.DATA_KIND, row.S3_PREFIX, count}
    end
    if #rows > 0 then
        resource_state.record(env, schema, {kind = resource_state.JOB, name = job_name, region = region,
            status = rows[1].JOB_STATUS, secondary_status = rows[1].JOB_SECONDARY_STATUS, action = M.ACTION,
            action_detail = table.concat(details, "; ")},
            "the S3 data of Autopilot job " .. job_name .. " was deleted (" .. table.concat(details, "; ") .. ")")
    end
    return result, M.COLUMNS
end

return M
end
package.preload["sme.resource_state"] = function(...)
-- sme.resource_state: SME_METADATA_AWS_RESOURCE_STATE, one row per job or endpoint of this schema with
-- its last known state in AWS and the last action taken on it, plus the metadata reads the lifecycle
-- scripts share. A state row is only written for a resource the metadata tables know.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

M.JOB = "JOB"
M.ENDPOINT = "ENDPOINT"
M.NOT_FOUND = "NOT_FOUND"
M.DEPLOYED = "DEPLOYED"
M.TABLE = "SME_METADATA_AWS_RESOURCE_STATE"

local REDEPLOY_HINT = "Check that the extension was deployed into this schema with this version"
    .. " (sme-deploy creates the metadata tables) and that your user may read and write them."

-- The metadata table (and its name column) that must know a resource before its state is recorded.
local OWNERS = {
    JOB = {"SME_METADATA_AUTOPILOT_JOBS", "JOB_NAME"},
    ENDPOINT = {"SME_METADATA_AUTOPILOT_ENDPOINTS", "ENDPOINT_NAME"},
}
-- Written with every status (nil -> NULL), and written only when given.
local STATUS_COLUMNS = {{"STATUS", "status"}, {"SECONDARY_STATUS", "secondary_status"},
                        {"FAILURE_REASON", "failure_reason"}}
local GIVEN_COLUMNS = {{"AWS_REGION", "region"}, {"INSTANCE_TYPE", "instance_type"},
                       {"INSTANCE_COUNT", "instance_count"}}
local ACTION_COLUMNS = {{"LAST_ACTION", "action"}, {"LAST_ACTION_DETAIL", "action_detail"}}

local function read(env, statement, params, what)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_READ_FAILED, "reading " .. what, REDEPLOY_HINT)
    end
    return result
end

-- The columns and values a state change writes: {column, SQL expression} pairs and the parameters.
local function assignments(env, state)
    local columns, params = {}, {}
    local function add(column, key, value)
        if value == nil then
            value = env.null
        end
        params[key] = value
        columns[#columns + 1] = {column, ":" .. key}
    end
    if state.status ~= nil then
        for _, column in ipairs(STATUS_COLUMNS) do
            add(column[1], column[2], state[column[2]])
        end
        columns[#columns + 1] = {"CHECKED_AT", "CURRENT_TIMESTAMP"}
        columns[#columns + 1] = {"CHECKED_BY", "CURRENT_USER"}
    end
    for _, column in ipairs(GIVEN_COLUMNS) do
        if state[column[2]] ~= nil then
            add(column[1], column[2], state[column[2]])
        end
    end
    if state.action ~= nil then
        for _, column in ipairs(ACTION_COLUMNS) do
            add(column[1], column[2], state[column[2]])
        end
        columns[#columns + 1] = {"LAST_ACTION_AT", "CURRENT_TIMESTAMP"}
    end
    return columns, params
end

local function write(env, schema, state)
    local owner = OWNERS[state.kind]
    local columns, params = assignments(env, state)
    params.s, params.kind, params.name = schema, state.kind, state.name
    params.owner, params.owner_column = owner[1], owner[2]
    local sets, names, values = {}, {}, {}
    for i, column in ipairs(columns) do
        sets[i] = sql.quote_identifier(column[1]) .. " = " .. column[2]
        names[i] = sql.quote_identifier(column[1])
        values[i] = column[2]
    end
    local ok, result = env.pquery([[UPDATE ::s."SME_METADATA_AWS_RESOURCE_STATE" SET ]] .. table.concat(sets, ", ")
        .. [[ WHERE "RESOURCE_KIND" = :kind AND "RESOURCE_NAME" = :name]], params)
    if ok and (result.rows_affected or 0) == 0 then
        ok, result = env.pquery([[INSERT INTO ::s."SME_METADATA_AWS_RESOURCE_STATE" ("RESOURCE_KIND", ]]
            .. [["RESOURCE_NAME", ]] .. table.concat(names, ", ") .. [[) SELECT DISTINCT :kind, :name, ]]
            .. table.concat(values, ", ") .. [[ FROM ::s.::owner WHERE ::owner_column = :name]], params)
    end
    return ok, result
end

--- Record a resource's state and/or the last action on it. state: kind (JOB|ENDPOINT), name, and any
-- of region, status, secondary_status, failure_reason, instance_type, instance_count, action,
-- action_detail. A failure is E-SME-36 with "<context> failed" as its text.
function M.record(env, schema, state, context)
    local ok, result = write(env, schema, state)
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_WRITE_FAILED,
            context .. " but recording it in " .. M.TABLE, "Fix the cause (" .. REDEPLOY_HINT:lower()
            .. ") and run SME_REFRESH_SAGEMAKER_STATE to record the current state.")
    end
end

--- Like record, for scripts whose own work is done: a failure becomes one output line, not an error.
function M.try_record(env, schema, state)
    local ok, result = write(env, schema, state)
    if not ok then
        env.output("Warning: the state of " .. state.kind:lower() .. " " .. state.name .. " was not recorded in "
            .. M.TABLE .. ": " .. errors.database_message(result.error_message)
            .. ". Run SME_REFRESH_SAGEMAKER_STATE later.")
    end
    return ok
end

--- The recorded job's location: job_name, region (nil for rows of older versions), connection,
-- s3_bucket_uri, s3_output_path. E-SME-33 if this schema did not train it.
function M.read_job(env, schema, job_name)
    local columns = {"JOB_NAME", "AWS_REGION", "AWS_CREDENTIALS_CONNECTION_NAME", "S3_BUCKET_URI", "S3_OUTPUT_PATH"}
    local quoted = {}
    for i, column in ipairs(columns) do
        quoted[i] = sql.quote_identifier(column)
    end
    local result = read(env, "SELECT " .. table.concat(quoted, ", ")
        .. [[ FROM ::s."SME_METADATA_AUTOPILOT_JOBS" WHERE "JOB_NAME" = :j]],
        {s = schema, j = job_name}, "SME_METADATA_AUTOPILOT_JOBS")
    if #result == 0 then
        errors.raise(codes.JOB_NOT_IN_METADATA, "there is no job " .. errors.show(job_name)
            .. " in SME_METADATA_AUTOPILOT_JOBS of schema " .. sql.quote_identifier(schema),
            "Give the name of a job started with SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT in this schema.")
    end
    local row = sql.rows(env, result, columns)[1]
    return {job_name = row.JOB_NAME, region = row.AWS_REGION, connection = row.AWS_CREDENTIALS_CONNECTION_NAME,
            s3_bucket_uri = row.S3_BUCKET_URI, s3_output_path = row.S3_OUTPUT_PATH}
end

--- E-SME-143 when the job was recorded with another region than the one given.
function M.check_region(job, region)
    if job.region ~= nil and job.region ~= region then
        errors.raise(codes.REGION_MISMATCH, "job " .. job.job_name .. " was trained in region " .. job.region
            .. ", not " .. errors.show(region), "Give aws_region '" .. job.region .. "'.")
    end
end

--- A TRUE/FALSE script argument; NULL means false. E-SME-3 for anything else.
function M.optional_boolean(env, value, name)
    if value == nil or value == env.null then
        return false
    end
    if type(value) ~= "boolean" then
        errors.raise(codes.WRONG_PARAMETER_TYPE, "parameter " .. name .. " must be TRUE or FALSE, not "
            .. errors.show(value), "Pass TRUE or FALSE without quotes.")
    end
    return value
end

--- Names of the endpoints recorded as DEPLOYED (of one job and/or one region when given), sorted.
function M.deployed_endpoint_names(env, schema, job_name, region)
    local statement = [[SELECT DISTINCT "ENDPOINT_NAME" FROM ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" ]]
        .. [[WHERE "STATUS" = :deployed]]
    local params = {s = schema, deployed = M.DEPLOYED}
    if job_name ~= nil then
        statement, params.j = statement .. [[ AND "JOB_NAME" = :j]], job_name
    end
    if region ~= nil then
        statement, params.r = statement .. [[ AND "AWS_REGION" = :r]], region
    end
    local rows = sql.rows(env, read(env, statement, params, "SME_METADATA_AUTOPILOT_ENDPOINTS"), {"ENDPOINT_NAME"})
    local names = {}
    for i, row in ipairs(rows) do
        names[i] = row.ENDPOINT_NAME
    end
    table.sort(names)
    return names
end

return M
end
package.preload["sme.rules"] = function(...)
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
end
package.preload["sme.sql"] = function(...)
-- sme.sql: quoting for the few texts that cannot go through :name / ::name placeholders
-- (column lists, the body of a generated Python UDF) and helpers to read query results.
local M = {}

local PYTHON_ESCAPES = {["\\"] = "\\\\", ["'"] = "\\'", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t"}

--- "name" with inner double quotes doubled: the identifier exactly as given, case kept.
function M.quote_identifier(name)
    return '"' .. (tostring(name):gsub('"', '""')) .. '"'
end

--- A single-quoted Python string literal: backslash, quote and every control character escaped.
function M.quote_python_string(text)
    local escaped = tostring(text):gsub("[\0-\31\127\\']", function(char)
        return PYTHON_ESCAPES[char] or string.format("\\x%02x", char:byte())
    end)
    return "'" .. escaped .. "'"
end

--- Whether a value from a script parameter, a result or cjson is SQL NULL / JSON null / nil.
function M.is_null(env, value)
    return value == nil or value == env.null or (env.cjson ~= nil and value == env.cjson.null)
end

--- A result value as Lua string, nil for NULL.
function M.text(env, value)
    if M.is_null(env, value) then
        return nil
    end
    return tostring(value)
end

--- A result value as Lua integer, nil for NULL or anything that is not a whole number.
-- Accepts Lua numbers and anything whose text is a whole number (Exasol's DECIMAL values).
function M.integer(env, value)
    if M.is_null(env, value) then
        return nil
    end
    if type(value) == "number" then
        return math.tointeger(value)
    end
    local text = tostring(value):match("^%s*(%d+)%.?0*%s*$")
    if text == nil then
        return nil
    end
    return math.tointeger(tonumber(text))
end

--- The rows of a SELECT result as plain Lua tables keyed by the given column names.
function M.rows(env, result, columns)
    local rows = {}
    for i = 1, #result do
        local row = {}
        for _, column in ipairs(columns) do
            local value = result[i][column]
            if M.is_null(env, value) then
                value = nil
            end
            row[column] = value
        end
        rows[i] = row
    end
    return rows
end

return M
end
package.preload["sme.udf"] = function(...)
-- sme.udf: runs the SELECT that calls one of the extension's Python UDFs. A failure passes the UDF's
-- own E-SME message on unchanged (never its traceback); anything else becomes E-SME-38.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

--- The UDF's rows as plain tables keyed by the given column names (NULL -> nil).
function M.call(env, udf_name, statement, params, columns)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.UDF_CALL_FAILED, "calling " .. udf_name)
    end
    return sql.rows(env, result, columns)
end

--- The UDF's only row; E-SME-38 if it returned none.
function M.call_one(env, udf_name, statement, params, columns)
    local rows = M.call(env, udf_name, statement, params, columns)
    if #rows == 0 then
        errors.raise(codes.UDF_CALL_FAILED, udf_name .. " returned no row",
            "Check that the extension was deployed completely into this schema with the same version.")
    end
    return rows[1]
end

return M
end
package.preload["sme.validation"] = function(...)
-- sme.validation: one check per kind of name or value, the same rules as
-- exasol_sagemaker_extension/names.py, with the limits of sme.rules. Each returns the (normalized)
-- value or raises the E-SME code of names.py.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local rules = require("sme.rules")

local M = {}

local show = errors.show
local ALNUM = "[A-Za-z0-9]"
-- Shapes fixed by AWS's own patterns (names.py keeps them inside its regular expressions).
local BUCKET_NAME_MIN_LENGTH, BUCKET_NAME_MAX_LENGTH = 3, 63
local ROLE_NAME_MAX_LENGTH, ROLE_PATH_MAX_LENGTH, ACCOUNT_ID_LENGTH = 64, 512, 12

local function contains(list, value)
    for _, item in ipairs(list) do
        if item == value then
            return true
        end
    end
    return false
end

-- AWS's name shape ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,n}$ plus its length limit: letters, digits and
-- hyphens, first and last a letter or digit, hyphens counted in the length.
local function is_aws_name(name, max_length)
    return type(name) == "string" and #name >= 1 and #name <= max_length
        and name:find("^[A-Za-z0-9%-]+$") ~= nil
        and name:find("^" .. ALNUM) ~= nil and name:find(ALNUM .. "$") ~= nil
end

function M.is_absent(value, null)
    return value == nil or value == "" or (null ~= nil and value == null)
end

--- A required text argument: E-SME-2 when missing or empty, E-SME-3 when not a string.
function M.required_string(value, name, null)
    if M.is_absent(value, null) then
        errors.raise(codes.MISSING_PARAMETER, "parameter " .. name .. " is missing",
            "Give " .. name .. " a value.")
    end
    if type(value) ~= "string" then
        errors.raise(codes.WRONG_PARAMETER_TYPE,
            "parameter " .. name .. " must be a string, not " .. type(value),
            "Give " .. name .. " as a text value in single quotes, for example '" .. name .. "'.")
    end
    return value
end

function M.job_name(name)
    if not is_aws_name(name, rules.JOB_NAME_MAX_LENGTH) then
        errors.raise(codes.INVALID_JOB_NAME, "invalid job name " .. show(name),
            "Use 1 to " .. rules.JOB_NAME_MAX_LENGTH .. " letters, digits and hyphens, starting and ending"
            .. " with a letter or digit.")
    end
    return name
end

function M.endpoint_name(name)
    if not is_aws_name(name, rules.ENDPOINT_NAME_MAX_LENGTH) then
        errors.raise(codes.INVALID_ENDPOINT_NAME, "invalid endpoint name " .. show(name),
            "Use 1 to " .. rules.ENDPOINT_NAME_MAX_LENGTH .. " letters, digits and hyphens, starting and"
            .. " ending with a letter or digit.")
    end
    return name
end

-- ^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$, for example eu-central-1.
local function is_region(region)
    if type(region) ~= "string" then
        return false
    end
    local middle = region:match("^[a-z][a-z](%-[a-z%-]*)%-[0-9][0-9]?$")
    return middle ~= nil and middle:gsub("%-[a-z]+", "") == ""
end

function M.region(region)
    if not is_region(region) then
        errors.raise(codes.INVALID_REGION, "invalid AWS region " .. show(region),
            "Give a region code such as eu-central-1 or us-east-1.")
    end
    return region
end

--- An Exasol identifier taken exactly as written: 1 to 128 characters, no control characters.
function M.identifier(name, kind)
    local length = type(name) == "string" and (utf8 and utf8.len(name) or #name) or nil
    if length == nil or length < 1 or length > rules.IDENTIFIER_MAX_LENGTH or name:find("[\0-\31]") then
        errors.raise(codes.INVALID_IDENTIFIER, "invalid " .. (kind or "identifier") .. " " .. show(name),
            "Give a name of 1 to " .. rules.IDENTIFIER_MAX_LENGTH .. " characters without control characters.")
    end
    return name
end

local function is_role_arn(role)
    local partition, account, path = role:match("^arn:aws([%-a-z]*):iam::([0-9]+):role/(.+)$")
    return partition ~= nil and partition:gsub("%-[a-z]+", "") == ""
        and #account == ACCOUNT_ID_LENGTH
        and #path <= ROLE_PATH_MAX_LENGTH and path:find("^[A-Za-z0-9_+=,.@/%-]+$") ~= nil
end

local function is_role_name(role)
    return #role <= ROLE_NAME_MAX_LENGTH and role:find("^[A-Za-z0-9_+=,.@%-]+$") ~= nil
end

--- An IAM role ARN (arn:aws:iam::<account>:role/<name>) or a role name.
function M.iam_role(role)
    if type(role) ~= "string" or #role > rules.IAM_ROLE_MAX_LENGTH
            or not (is_role_arn(role) or is_role_name(role)) then
        errors.raise(codes.INVALID_IAM_ROLE, "invalid IAM role " .. show(role),
            "Give the role's ARN (arn:aws:iam::<account>:role/<name>) or its name.")
    end
    return role
end

--- s3://bucket (one trailing slash allowed); returns "s3://bucket" and the bucket name.
function M.s3_bucket_uri(uri)
    local bucket = type(uri) == "string" and uri:match("^s3://([a-z0-9.%-]+)/?$") or nil
    if bucket == nil or #bucket < BUCKET_NAME_MIN_LENGTH or #bucket > BUCKET_NAME_MAX_LENGTH
            or not bucket:find("^[a-z0-9]") or not bucket:find("[a-z0-9]$") then
        errors.raise(codes.INVALID_S3_BUCKET_URI, "invalid S3 bucket URI " .. show(uri),
            "Give the bucket as s3://<bucket-name>, without a path.")
    end
    return "s3://" .. bucket, bucket
end

local function normalized_s3_path(path)
    if type(path) ~= "string" then
        return nil
    end
    local stripped = path:gsub("^/+", ""):gsub("/+$", "")
    if stripped == "" or #stripped > rules.S3_OUTPUT_PATH_MAX_LENGTH
            or not stripped:find("^[A-Za-z0-9!_.*'()/%-]+$") or stripped:find("//", 1, true) then
        return nil
    end
    for segment in stripped:gmatch("[^/]+") do
        if segment == "." or segment == ".." then
            return nil
        end
    end
    return stripped
end

--- The S3 key prefix without slashes at either end.
function M.s3_output_path(path)
    local normalized = normalized_s3_path(path)
    if normalized == nil then
        errors.raise(codes.INVALID_S3_OUTPUT_PATH, "invalid S3 output path " .. show(path),
            "Give a key prefix of up to " .. rules.S3_OUTPUT_PATH_MAX_LENGTH .. " characters made of"
            .. " letters, digits and !_.*'()/- such as ml/autopilot.")
    end
    return normalized
end

function M.instance_type(instance_type)
    if type(instance_type) ~= "string" or not instance_type:find("^ml%.[a-z0-9]+%.[a-z0-9]+$") then
        errors.raise(codes.INVALID_INSTANCE, "invalid instance type " .. show(instance_type),
            "Give a SageMaker instance type such as ml.m5.large.")
    end
    return instance_type
end

--- A whole number given as Lua number, digit string or Exasol DECIMAL; nil if it is none.
function M.to_integer(value)
    if type(value) == "number" then
        return math.tointeger(value)
    end
    if type(value) == "string" then
        local digits = value:match("^%s*(%d+)%s*$")
        return digits and math.tointeger(tonumber(digits)) or nil
    end
    if value ~= nil and type(value) ~= "boolean" and type(value) ~= "table" then
        local digits = tostring(value):match("^%s*(%d+)%.?0*%s*$")
        return digits and math.tointeger(tonumber(digits)) or nil
    end
    return nil
end

function M.instance_count(count)
    local number = M.to_integer(count)
    if number == nil or number < 1 or number > rules.INSTANCE_COUNT_MAX then
        errors.raise(codes.INVALID_INSTANCE, "invalid instance count " .. show(count),
            "Give a whole number from 1 to " .. rules.INSTANCE_COUNT_MAX .. ".")
    end
    return number
end

--- The problem type, or nil when it is left to Autopilot.
function M.problem_type(problem_type)
    if problem_type == nil or problem_type == "" then
        return nil
    end
    if not contains(rules.PROBLEM_TYPES, problem_type) then
        errors.raise(codes.INVALID_PROBLEM_TYPE, "invalid problem type " .. show(problem_type),
            "Use one of " .. table.concat(rules.PROBLEM_TYPES, ", ") .. ", or leave it out to let"
            .. " Autopilot decide.")
    end
    return problem_type
end

function M.is_problem_type(problem_type)
    return contains(rules.PROBLEM_TYPES, problem_type)
end

function M.is_classification(problem_type)
    return contains(rules.CLASSIFICATION_PROBLEM_TYPES, problem_type)
end

--- The objective metric name, checked against the problem type when one is given.
function M.objective(metric, problem_type)
    if metric == nil or metric == "" then
        return nil
    end
    local fitting = type(metric) == "string" and rules.OBJECTIVES[metric] or nil
    if fitting == nil then
        errors.raise(codes.INVALID_OBJECTIVE, "invalid objective " .. show(metric),
            "Use one of " .. table.concat(rules.OBJECTIVE_NAMES, ", ") .. ".")
    end
    if problem_type ~= nil and not contains(fitting, problem_type) then
        local usable = {}
        for _, name in ipairs(rules.OBJECTIVE_NAMES) do
            if contains(rules.OBJECTIVES[name], problem_type) then
                usable[#usable + 1] = name
            end
        end
        errors.raise(codes.INVALID_OBJECTIVE, "objective " .. metric .. " does not fit problem type "
            .. problem_type, "For " .. problem_type .. " use one of " .. table.concat(usable, ", ") .. ".")
    end
    return metric
end

--- The objective to send (names.resolve_objective): the given one, or the default of a given problem
-- type; AWS takes an objective only together with a problem type.
function M.resolve_objective(metric, problem_type)
    metric = M.objective(metric, problem_type)
    if metric ~= nil and problem_type == nil then
        errors.raise(codes.INVALID_OBJECTIVE, "objective " .. metric .. " is given without a problem_type",
            "AWS takes an objective only together with a problem type: add problem_type, or leave"
            .. " objective out to let Autopilot choose both.")
    end
    if problem_type ~= nil and metric == nil then
        return rules.DEFAULT_OBJECTIVES[problem_type]
    end
    return metric
end

--- A positive whole number (a JSON number with integer value or a digit string).
function M.positive_integer(value, name)
    local number = M.to_integer(value)
    if number == nil or number < 1 then
        errors.raise(codes.INVALID_LIMIT, "invalid " .. name .. " " .. show(value),
            "Give a positive whole number, or leave " .. name .. " out.")
    end
    return number
end

return M
end
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
package.preload["sme.catalog"] = function(...)
-- sme.catalog: finds schemas, tables, columns and connections the way SQL would: the name exactly
-- as written first, then, for a regular identifier, upper-cased (`my_table` finds MY_TABLE,
-- `MixedCase` finds "MixedCase").
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

local LISTED_COLUMNS_MAX = 10

function M.is_regular_identifier(name)
    return name:find("^[A-Za-z][A-Za-z0-9_]*$") ~= nil
end

--- The names to try for a user-given name, in order.
function M.candidates(name)
    local names = {name}
    if M.is_regular_identifier(name) and name:upper() ~= name then
        names[2] = name:upper()
    end
    return names
end

local function select_rows(env, statement, params, what)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_READ_FAILED, "reading " .. what,
            "Check that your user may read the system tables of schema SYS and try again.")
    end
    return result
end

--- The connection's name as stored (E-SME-50 if there is none of that name).
function M.resolve_connection(env, name)
    for _, candidate in ipairs(M.candidates(name)) do
        local result = select_rows(env,
            [[SELECT CONNECTION_NAME FROM SYS.EXA_ALL_CONNECTIONS WHERE CONNECTION_NAME = :c]],
            {c = candidate}, "the connections")
        if #result > 0 then
            return candidate
        end
    end
    errors.raise(codes.CONNECTION_NOT_USABLE, "there is no connection " .. errors.show(name),
        "Create it with CREATE CONNECTION <name> TO 'https://<bucket>.s3.<region>.amazonaws.com/'"
        .. " USER '<access key id>' IDENTIFIED BY '<secret access key>' and let the user run it with"
        .. " GRANT CONNECTION <name> TO <user>, or give the name of an existing connection.")
end

--- The schema's name as stored (E-SME-34 if there is none of that name).
function M.resolve_schema(env, name)
    for _, candidate in ipairs(M.candidates(name)) do
        local result = select_rows(env, [[SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = :s]],
            {s = candidate}, "the schemas")
        if #result > 0 then
            return candidate
        end
    end
    errors.raise(codes.SCHEMA_NOT_FOUND, "there is no schema " .. errors.show(name),
        "Create it with CREATE SCHEMA, or give the name of an existing schema.")
end

--- Whether a schema of exactly this name exists.
function M.schema_exists(env, name)
    local result = select_rows(env, [[SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = :s]],
        {s = name}, "the schemas")
    return #result > 0
end

--- The table or view with its columns {name=, type=} in ordinal order (E-SME-30 if not found).
function M.resolve_table(env, schema_name, table_name)
    for _, schema in ipairs(M.candidates(schema_name)) do
        for _, table_candidate in ipairs(M.candidates(table_name)) do
            local result = select_rows(env, [[SELECT COLUMN_NAME, COLUMN_TYPE FROM SYS.EXA_ALL_COLUMNS ]]
                .. [[WHERE COLUMN_SCHEMA = :s AND COLUMN_TABLE = :t ORDER BY COLUMN_ORDINAL_POSITION]],
                {s = schema, t = table_candidate}, "the columns of the input table")
            if #result > 0 then
                local columns = {}
                for i = 1, #result do
                    columns[i] = {name = result[i].COLUMN_NAME, type = sql.text(env, result[i].COLUMN_TYPE)}
                end
                return {schema = schema, table = table_candidate, columns = columns}
            end
        end
    end
    errors.raise(codes.TABLE_NOT_FOUND, "found no table or view " .. errors.show(table_name)
        .. " in schema " .. errors.show(schema_name) .. " that you may read",
        "Check input_schema_name and input_table_or_view_name (a regular name is also tried upper-case)"
        .. " and that you have the SELECT privilege on it.")
end

local function column_list(columns)
    local names = {}
    for i = 1, math.min(#columns, LISTED_COLUMNS_MAX) do
        names[i] = sql.quote_identifier(columns[i].name)
    end
    local text = table.concat(names, ", ")
    if #columns > LISTED_COLUMNS_MAX then
        text = text .. " and " .. (#columns - LISTED_COLUMNS_MAX) .. " more"
    end
    return text
end

--- The target column of a resolved table (E-SME-31 if it has none of that name).
function M.resolve_target(source, target_name)
    for _, candidate in ipairs(M.candidates(target_name)) do
        for _, column in ipairs(source.columns) do
            if column.name == candidate then
                return column
            end
        end
    end
    errors.raise(codes.TARGET_COLUMN_NOT_FOUND, "table " .. sql.quote_identifier(source.schema) .. "."
        .. sql.quote_identifier(source.table) .. " has no column " .. errors.show(target_name),
        "Give one of its columns as target_attribute_name: " .. column_list(source.columns) .. ".")
end

return M
end
package.preload["sme.endpoint_sweep"] = function(...)
-- sme.endpoint_sweep: SME_SWEEP_SAGEMAKER_ENDPOINTS(aws_credentials_connection_name, aws_region,
-- delete_found). Lists the endpoints of the region that carry this schema's tags but that no row of
-- SME_METADATA_AUTOPILOT_ENDPOINTS knows as DEPLOYED there (SME_AWS_ENDPOINT_SWEEP_UDF); with
-- delete_found TRUE also deletes them with their endpoint configs and models where those carry our tags.
local catalog = require("sme.catalog")
local resource_state = require("sme.resource_state")
local rules = require("sme.rules")
local udf = require("sme.udf")
local validation = require("sme.validation")

local M = {}

M.SWEEP_SQL = [[SELECT ::s."SME_AWS_ENDPOINT_SWEEP_UDF"(:connection, :region, :known, :delete_found)]]
M.UDF_COLUMNS = {"RESOURCE_TYPE", "RESOURCE_NAME", "ENDPOINT_STATUS", "CREATION_TIME", "TAG_USER", "TAG_JOB", "ACTION"}
M.COLUMNS = "RESOURCE_TYPE VARCHAR(32), RESOURCE_NAME VARCHAR(" .. rules.ENDPOINT_NAME_MAX_LENGTH .. "),"
    .. " ENDPOINT_STATUS VARCHAR(64), CREATION_TIME VARCHAR(30), TAG_USER VARCHAR(256), TAG_JOB VARCHAR(256),"
    .. " ACTION VARCHAR(32)"

-- A JSON array of strings (lua-cjson writes an empty table as {}).
local function json_array(env, names)
    if #names == 0 then
        return "[]"
    end
    return env.cjson.encode(names)
end

function M.run(env, connection_name, region, delete_found)
    validation.identifier(validation.required_string(connection_name, "aws_credentials_connection_name",
        env.null), "connection name")
    validation.region(validation.required_string(region, "aws_region", env.null))
    local delete = resource_state.optional_boolean(env, delete_found, "delete_found")
    local schema = env.exa.meta.script_schema
    local connection = catalog.resolve_connection(env, connection_name)
    local known = resource_state.deployed_endpoint_names(env, schema, nil, region)
    local rows = udf.call(env, "SME_AWS_ENDPOINT_SWEEP_UDF", M.SWEEP_SQL,
        {s = schema, connection = connection, region = region, known = json_array(env, known),
         delete_found = delete}, M.UDF_COLUMNS)
    local result = {}
    for i, row in ipairs(rows) do
        local values = {}
        for j, column in ipairs(M.UDF_COLUMNS) do
            local value = row[column]
            if value == nil then
                value = env.null
            end
            values[j] = value
        end
        result[i] = values
    end
    if #rows == 0 then
        env.output("No endpoint of schema " .. schema .. " in " .. region .. " is missing from the metadata.")
    end
    return result, M.COLUMNS
end

return M
end
package.preload["sme.error_codes"] = function(...)
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
end
package.preload["sme.errors"] = function(...)
-- sme.errors: every failure leaves the scripts as one string "E-SME-<n>: what happened. what to do."
-- Database errors of the UDFs are searched for the extension's own message, which is passed on
-- unchanged; anything else becomes E-SME-38 (or the caller's code) with the database's first lines.
local codes = require("sme.error_codes")

local M = {}

local SHOWN_VALUE_MAX = 80
local DATABASE_MESSAGE_MAX = 600
local ESCAPES = {["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t", ["\\"] = "\\\\", ["'"] = "\\'"}

-- Cut text to at most max bytes without splitting a UTF-8 character.
local function cut(text, max)
    if #text <= max then
        return text
    end
    local stop = max
    while stop > 0 do
        local byte = text:byte(stop + 1)
        if byte == nil or byte < 0x80 or byte >= 0xC0 then
            break
        end
        stop = stop - 1
    end
    return text:sub(1, stop)
end

--- A rejected value as it appears in a message: quoted, control characters escaped, at most 80 chars.
function M.show(value)
    if type(value) ~= "string" then
        return tostring(value)
    end
    local escaped = value:gsub("[\0-\31\127\\']", function(char)
        return ESCAPES[char] or string.format("\\x%02x", char:byte())
    end)
    local text = "'" .. escaped .. "'"
    if #text > SHOWN_VALUE_MAX then
        text = cut(text, SHOWN_VALUE_MAX - 4) .. "...'"
    end
    return text
end

--- Abort the script with "E-SME-<code>: <what>. <todo>".
function M.raise(code, what, todo)
    assert(math.type(code) == "integer", "sme.errors.raise needs a code from sme.error_codes")
    local text = tostring(what):gsub("%.+$", "")
    error(string.format("E-SME-%d: %s. %s", code, text, todo), 0)
end

--- The extension's own "E-SME-<n>: ..." text inside a database message, or nil.
-- Takes the first such text up to the end of its line, without Exasol's "(Session: ...)" suffix.
function M.extract(message)
    if type(message) ~= "string" then
        return nil
    end
    local start = message:find("E%-SME%-%d+:")
    if start == nil then
        return nil
    end
    local line = message:sub(start):match("^[^\r\n]*")
    line = line:gsub("%s*%(Session: %d+%)%s*$", "")
    return (line:gsub("%s+$", ""))
end

--- A database message made short enough to show: no Python traceback, one line, shortened.
function M.database_message(message)
    local text = tostring(message or "unknown error")
    local traceback = text:find("Traceback (most recent call last)", 1, true)
    if traceback ~= nil then
        text = text:sub(1, traceback - 1)
    end
    text = text:gsub("%(Session: %d+%)", ""):gsub("%s+", " "):gsub("^ ", ""):gsub(" $", "")
    if #text > DATABASE_MESSAGE_MAX then
        text = cut(text, DATABASE_MESSAGE_MAX - 3) .. "..."
    end
    if text == "" then
        text = "no message"
    end
    return text
end

--- Re-raise a failed statement: its own E-SME text unchanged if it has one, else
-- "E-SME-<fallback_code>: <context> failed: <database message>. <todo>".
function M.from_database(message, fallback_code, context, todo)
    local own = M.extract(message)
    if own ~= nil then
        error(own, 0)
    end
    M.raise(fallback_code or codes.UDF_CALL_FAILED,
        context .. " failed: " .. M.database_message(message),
        todo or ("Check that the extension was deployed completely into this schema with the same version,"
            .. " and that the script language PYTHON3_SME is activated for this session or system."))
end

return M
end
package.preload["sme.resource_state"] = function(...)
-- sme.resource_state: SME_METADATA_AWS_RESOURCE_STATE, one row per job or endpoint of this schema with
-- its last known state in AWS and the last action taken on it, plus the metadata reads the lifecycle
-- scripts share. A state row is only written for a resource the metadata tables know.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

M.JOB = "JOB"
M.ENDPOINT = "ENDPOINT"
M.NOT_FOUND = "NOT_FOUND"
M.DEPLOYED = "DEPLOYED"
M.TABLE = "SME_METADATA_AWS_RESOURCE_STATE"

local REDEPLOY_HINT = "Check that the extension was deployed into this schema with this version"
    .. " (sme-deploy creates the metadata tables) and that your user may read and write them."

-- The metadata table (and its name column) that must know a resource before its state is recorded.
local OWNERS = {
    JOB = {"SME_METADATA_AUTOPILOT_JOBS", "JOB_NAME"},
    ENDPOINT = {"SME_METADATA_AUTOPILOT_ENDPOINTS", "ENDPOINT_NAME"},
}
-- Written with every status (nil -> NULL), and written only when given.
local STATUS_COLUMNS = {{"STATUS", "status"}, {"SECONDARY_STATUS", "secondary_status"},
                        {"FAILURE_REASON", "failure_reason"}}
local GIVEN_COLUMNS = {{"AWS_REGION", "region"}, {"INSTANCE_TYPE", "instance_type"},
                       {"INSTANCE_COUNT", "instance_count"}}
local ACTION_COLUMNS = {{"LAST_ACTION", "action"}, {"LAST_ACTION_DETAIL", "action_detail"}}

local function read(env, statement, params, what)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_READ_FAILED, "reading " .. what, REDEPLOY_HINT)
    end
    return result
end

-- The columns and values a state change writes: {column, SQL expression} pairs and the parameters.
local function assignments(env, state)
    local columns, params = {}, {}
    local function add(column, key, value)
        if value == nil then
            value = env.null
        end
        params[key] = value
        columns[#columns + 1] = {column, ":" .. key}
    end
    if state.status ~= nil then
        for _, column in ipairs(STATUS_COLUMNS) do
            add(column[1], column[2], state[column[2]])
        end
        columns[#columns + 1] = {"CHECKED_AT", "CURRENT_TIMESTAMP"}
        columns[#columns + 1] = {"CHECKED_BY", "CURRENT_USER"}
    end
    for _, column in ipairs(GIVEN_COLUMNS) do
        if state[column[2]] ~= nil then
            add(column[1], column[2], state[column[2]])
        end
    end
    if state.action ~= nil then
        for _, column in ipairs(ACTION_COLUMNS) do
            add(column[1], column[2], state[column[2]])
        end
        columns[#columns + 1] = {"LAST_ACTION_AT", "CURRENT_TIMESTAMP"}
    end
    return columns, params
end

local function write(env, schema, state)
    local owner = OWNERS[state.kind]
    local columns, params = assignments(env, state)
    params.s, params.kind, params.name = schema, state.kind, state.name
    params.owner, params.owner_column = owner[1], owner[2]
    local sets, names, values = {}, {}, {}
    for i, column in ipairs(columns) do
        sets[i] = sql.quote_identifier(column[1]) .. " = " .. column[2]
        names[i] = sql.quote_identifier(column[1])
        values[i] = column[2]
    end
    local ok, result = env.pquery([[UPDATE ::s."SME_METADATA_AWS_RESOURCE_STATE" SET ]] .. table.concat(sets, ", ")
        .. [[ WHERE "RESOURCE_KIND" = :kind AND "RESOURCE_NAME" = :name]], params)
    if ok and (result.rows_affected or 0) == 0 then
        ok, result = env.pquery([[INSERT INTO ::s."SME_METADATA_AWS_RESOURCE_STATE" ("RESOURCE_KIND", ]]
            .. [["RESOURCE_NAME", ]] .. table.concat(names, ", ") .. [[) SELECT DISTINCT :kind, :name, ]]
            .. table.concat(values, ", ") .. [[ FROM ::s.::owner WHERE ::owner_column = :name]], params)
    end
    return ok, result
end

--- Record a resource's state and/or the last action on it. state: kind (JOB|ENDPOINT), name, and any
-- of region, status, secondary_status, failure_reason, instance_type, instance_count, action,
-- action_detail. A failure is E-SME-36 with "<context> failed" as its text.
function M.record(env, schema, state, context)
    local ok, result = write(env, schema, state)
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_WRITE_FAILED,
            context .. " but recording it in " .. M.TABLE, "Fix the cause (" .. REDEPLOY_HINT:lower()
            .. ") and run SME_REFRESH_SAGEMAKER_STATE to record the current state.")
    end
end

--- Like record, for scripts whose own work is done: a failure becomes one output line, not an error.
function M.try_record(env, schema, state)
    local ok, result = write(env, schema, state)
    if not ok then
        env.output("Warning: the state of " .. state.kind:lower() .. " " .. state.name .. " was not recorded in "
            .. M.TABLE .. ": " .. errors.database_message(result.error_message)
            .. ". Run SME_REFRESH_SAGEMAKER_STATE later.")
    end
    return ok
end

--- The recorded job's location: job_name, region (nil for rows of older versions), connection,
-- s3_bucket_uri, s3_output_path. E-SME-33 if this schema did not train it.
function M.read_job(env, schema, job_name)
    local columns = {"JOB_NAME", "AWS_REGION", "AWS_CREDENTIALS_CONNECTION_NAME", "S3_BUCKET_URI", "S3_OUTPUT_PATH"}
    local quoted = {}
    for i, column in ipairs(columns) do
        quoted[i] = sql.quote_identifier(column)
    end
    local result = read(env, "SELECT " .. table.concat(quoted, ", ")
        .. [[ FROM ::s."SME_METADATA_AUTOPILOT_JOBS" WHERE "JOB_NAME" = :j]],
        {s = schema, j = job_name}, "SME_METADATA_AUTOPILOT_JOBS")
    if #result == 0 then
        errors.raise(codes.JOB_NOT_IN_METADATA, "there is no job " .. errors.show(job_name)
            .. " in SME_METADATA_AUTOPILOT_JOBS of schema " .. sql.quote_identifier(schema),
            "Give the name of a job started with SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT in this schema.")
    end
    local row = sql.rows(env, result, columns)[1]
    return {job_name = row.JOB_NAME, region = row.AWS_REGION, connection = row.AWS_CREDENTIALS_CONNECTION_NAME,
            s3_bucket_uri = row.S3_BUCKET_URI, s3_output_path = row.S3_OUTPUT_PATH}
end

--- E-SME-143 when the job was recorded with another region than the one given.
function M.check_region(job, region)
    if job.region ~= nil and job.region ~= region then
        errors.raise(codes.REGION_MISMATCH, "job " .. job.job_name .. " was trained in region " .. job.region
            .. ", not " .. errors.show(region), "Give aws_region '" .. job.region .. "'.")
    end
end

--- A TRUE/FALSE script argument; NULL means false. E-SME-3 for anything else.
function M.optional_boolean(env, value, name)
    if value == nil or value == env.null then
        return false
    end
    if type(value) ~= "boolean" then
        errors.raise(codes.WRONG_PARAMETER_TYPE, "parameter " .. name .. " must be TRUE or FALSE, not "
            .. errors.show(value), "Pass TRUE or FALSE without quotes.")
    end
    return value
end

--- Names of the endpoints recorded as DEPLOYED (of one job and/or one region when given), sorted.
function M.deployed_endpoint_names(env, schema, job_name, region)
    local statement = [[SELECT DISTINCT "ENDPOINT_NAME" FROM ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" ]]
        .. [[WHERE "STATUS" = :deployed]]
    local params = {s = schema, deployed = M.DEPLOYED}
    if job_name ~= nil then
        statement, params.j = statement .. [[ AND "JOB_NAME" = :j]], job_name
    end
    if region ~= nil then
        statement, params.r = statement .. [[ AND "AWS_REGION" = :r]], region
    end
    local rows = sql.rows(env, read(env, statement, params, "SME_METADATA_AUTOPILOT_ENDPOINTS"), {"ENDPOINT_NAME"})
    local names = {}
    for i, row in ipairs(rows) do
        names[i] = row.ENDPOINT_NAME
    end
    table.sort(names)
    return names
end

return M
end
package.preload["sme.rules"] = function(...)
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
end
package.preload["sme.sql"] = function(...)
-- sme.sql: quoting for the few texts that cannot go through :name / ::name placeholders
-- (column lists, the body of a generated Python UDF) and helpers to read query results.
local M = {}

local PYTHON_ESCAPES = {["\\"] = "\\\\", ["'"] = "\\'", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t"}

--- "name" with inner double quotes doubled: the identifier exactly as given, case kept.
function M.quote_identifier(name)
    return '"' .. (tostring(name):gsub('"', '""')) .. '"'
end

--- A single-quoted Python string literal: backslash, quote and every control character escaped.
function M.quote_python_string(text)
    local escaped = tostring(text):gsub("[\0-\31\127\\']", function(char)
        return PYTHON_ESCAPES[char] or string.format("\\x%02x", char:byte())
    end)
    return "'" .. escaped .. "'"
end

--- Whether a value from a script parameter, a result or cjson is SQL NULL / JSON null / nil.
function M.is_null(env, value)
    return value == nil or value == env.null or (env.cjson ~= nil and value == env.cjson.null)
end

--- A result value as Lua string, nil for NULL.
function M.text(env, value)
    if M.is_null(env, value) then
        return nil
    end
    return tostring(value)
end

--- A result value as Lua integer, nil for NULL or anything that is not a whole number.
-- Accepts Lua numbers and anything whose text is a whole number (Exasol's DECIMAL values).
function M.integer(env, value)
    if M.is_null(env, value) then
        return nil
    end
    if type(value) == "number" then
        return math.tointeger(value)
    end
    local text = tostring(value):match("^%s*(%d+)%.?0*%s*$")
    if text == nil then
        return nil
    end
    return math.tointeger(tonumber(text))
end

--- The rows of a SELECT result as plain Lua tables keyed by the given column names.
function M.rows(env, result, columns)
    local rows = {}
    for i = 1, #result do
        local row = {}
        for _, column in ipairs(columns) do
            local value = result[i][column]
            if M.is_null(env, value) then
                value = nil
            end
            row[column] = value
        end
        rows[i] = row
    end
    return rows
end

return M
end
package.preload["sme.udf"] = function(...)
-- sme.udf: runs the SELECT that calls one of the extension's Python UDFs. A failure passes the UDF's
-- own E-SME message on unchanged (never its traceback); anything else becomes E-SME-38.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

--- The UDF's rows as plain tables keyed by the given column names (NULL -> nil).
function M.call(env, udf_name, statement, params, columns)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.UDF_CALL_FAILED, "calling " .. udf_name)
    end
    return sql.rows(env, result, columns)
end

--- The UDF's only row; E-SME-38 if it returned none.
function M.call_one(env, udf_name, statement, params, columns)
    local rows = M.call(env, udf_name, statement, params, columns)
    if #rows == 0 then
        errors.raise(codes.UDF_CALL_FAILED, udf_name .. " returned no row",
            "Check that the extension was deployed completely into this schema with the same version.")
    end
    return rows[1]
end

return M
end
package.preload["sme.validation"] = function(...)
-- sme.validation: one check per kind of name or value, the same rules as
-- exasol_sagemaker_extension/names.py, with the limits of sme.rules. Each returns the (normalized)
-- value or raises the E-SME code of names.py.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local rules = require("sme.rules")

local M = {}

local show = errors.show
local ALNUM = "[A-Za-z0-9]"
-- Shapes fixed by AWS's own patterns (names.py keeps them inside its regular expressions).
local BUCKET_NAME_MIN_LENGTH, BUCKET_NAME_MAX_LENGTH = 3, 63
local ROLE_NAME_MAX_LENGTH, ROLE_PATH_MAX_LENGTH, ACCOUNT_ID_LENGTH = 64, 512, 12

local function contains(list, value)
    for _, item in ipairs(list) do
        if item == value then
            return true
        end
    end
    return false
end

-- AWS's name shape ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,n}$ plus its length limit: letters, digits and
-- hyphens, first and last a letter or digit, hyphens counted in the length.
local function is_aws_name(name, max_length)
    return type(name) == "string" and #name >= 1 and #name <= max_length
        and name:find("^[A-Za-z0-9%-]+$") ~= nil
        and name:find("^" .. ALNUM) ~= nil and name:find(ALNUM .. "$") ~= nil
end

function M.is_absent(value, null)
    return value == nil or value == "" or (null ~= nil and value == null)
end

--- A required text argument: E-SME-2 when missing or empty, E-SME-3 when not a string.
function M.required_string(value, name, null)
    if M.is_absent(value, null) then
        errors.raise(codes.MISSING_PARAMETER, "parameter " .. name .. " is missing",
            "Give " .. name .. " a value.")
    end
    if type(value) ~= "string" then
        errors.raise(codes.WRONG_PARAMETER_TYPE,
            "parameter " .. name .. " must be a string, not " .. type(value),
            "Give " .. name .. " as a text value in single quotes, for example '" .. name .. "'.")
    end
    return value
end

function M.job_name(name)
    if not is_aws_name(name, rules.JOB_NAME_MAX_LENGTH) then
        errors.raise(codes.INVALID_JOB_NAME, "invalid job name " .. show(name),
            "Use 1 to " .. rules.JOB_NAME_MAX_LENGTH .. " letters, digits and hyphens, starting and ending"
            .. " with a letter or digit.")
    end
    return name
end

function M.endpoint_name(name)
    if not is_aws_name(name, rules.ENDPOINT_NAME_MAX_LENGTH) then
        errors.raise(codes.INVALID_ENDPOINT_NAME, "invalid endpoint name " .. show(name),
            "Use 1 to " .. rules.ENDPOINT_NAME_MAX_LENGTH .. " letters, digits and hyphens, starting and"
            .. " ending with a letter or digit.")
    end
    return name
end

-- ^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$, for example eu-central-1.
local function is_region(region)
    if type(region) ~= "string" then
        return false
    end
    local middle = region:match("^[a-z][a-z](%-[a-z%-]*)%-[0-9][0-9]?$")
    return middle ~= nil and middle:gsub("%-[a-z]+", "") == ""
end

function M.region(region)
    if not is_region(region) then
        errors.raise(codes.INVALID_REGION, "invalid AWS region " .. show(region),
            "Give a region code such as eu-central-1 or us-east-1.")
    end
    return region
end

--- An Exasol identifier taken exactly as written: 1 to 128 characters, no control characters.
function M.identifier(name, kind)
    local length = type(name) == "string" and (utf8 and utf8.len(name) or #name) or nil
    if length == nil or length < 1 or length > rules.IDENTIFIER_MAX_LENGTH or name:find("[\0-\31]") then
        errors.raise(codes.INVALID_IDENTIFIER, "invalid " .. (kind or "identifier") .. " " .. show(name),
            "Give a name of 1 to " .. rules.IDENTIFIER_MAX_LENGTH .. " characters without control characters.")
    end
    return name
end

local function is_role_arn(role)
    local partition, account, path = role:match("^arn:aws([%-a-z]*):iam::([0-9]+):role/(.+)$")
    return partition ~= nil and partition:gsub("%-[a-z]+", "") == ""
        and #account == ACCOUNT_ID_LENGTH
        and #path <= ROLE_PATH_MAX_LENGTH and path:find("^[A-Za-z0-9_+=,.@/%-]+$") ~= nil
end

local function is_role_name(role)
    return #role <= ROLE_NAME_MAX_LENGTH and role:find("^[A-Za-z0-9_+=,.@%-]+$") ~= nil
end

--- An IAM role ARN (arn:aws:iam::<account>:role/<name>) or a role name.
function M.iam_role(role)
    if type(role) ~= "string" or #role > rules.IAM_ROLE_MAX_LENGTH
            or not (is_role_arn(role) or is_role_name(role)) then
        errors.raise(codes.INVALID_IAM_ROLE, "invalid IAM role " .. show(role),
            "Give the role's ARN (arn:aws:iam::<account>:role/<name>) or its name.")
    end
    return role
end

--- s3://bucket (one trailing slash allowed); returns "s3://bucket" and the bucket name.
function M.s3_bucket_uri(uri)
    local bucket = type(uri) == "string" and uri:match("^s3://([a-z0-9.%-]+)/?$") or nil
    if bucket == nil or #bucket < BUCKET_NAME_MIN_LENGTH or #bucket > BUCKET_NAME_MAX_LENGTH
            or not bucket:find("^[a-z0-9]") or not bucket:find("[a-z0-9]$") then
        errors.raise(codes.INVALID_S3_BUCKET_URI, "invalid S3 bucket URI " .. show(uri),
            "Give the bucket as s3://<bucket-name>, without a path.")
    end
    return "s3://" .. bucket, bucket
end

local function normalized_s3_path(path)
    if type(path) ~= "string" then
        return nil
    end
    local stripped = path:gsub("^/+", ""):gsub("/+$", "")
    if stripped == "" or #stripped > rules.S3_OUTPUT_PATH_MAX_LENGTH
            or not stripped:find("^[A-Za-z0-9!_.*'()/%-]+$") or stripped:find("//", 1, true) then
        return nil
    end
    for segment in stripped:gmatch("[^/]+") do
        if segment == "." or segment == ".." then
            return nil
        end
    end
    return stripped
end

--- The S3 key prefix without slashes at either end.
function M.s3_output_path(path)
    local normalized = normalized_s3_path(path)
    if normalized == nil then
        errors.raise(codes.INVALID_S3_OUTPUT_PATH, "invalid S3 output path " .. show(path),
            "Give a key prefix of up to " .. rules.S3_OUTPUT_PATH_MAX_LENGTH .. " characters made of"
            .. " letters, digits and !_.*'()/- such as ml/autopilot.")
    end
    return normalized
end

function M.instance_type(instance_type)
    if type(instance_type) ~= "string" or not instance_type:find("^ml%.[a-z0-9]+%.[a-z0-9]+$") then
        errors.raise(codes.INVALID_INSTANCE, "invalid instance type " .. show(instance_type),
            "Give a SageMaker instance type such as ml.m5.large.")
    end
    return instance_type
end

--- A whole number given as Lua number, digit string or Exasol DECIMAL; nil if it is none.
function M.to_integer(value)
    if type(value) == "number" then
        return math.tointeger(value)
    end
    if type(value) == "string" then
        local digits = value:match("^%s*(%d+)%s*$")
        return digits and math.tointeger(tonumber(digits)) or nil
    end
    if value ~= nil and type(value) ~= "boolean" and type(value) ~= "table" then
        local digits = tostring(value):match("^%s*(%d+)%.?0*%s*$")
        return digits and math.tointeger(tonumber(digits)) or nil
    end
    return nil
end

function M.instance_count(count)
    local number = M.to_integer(count)
    if number == nil or number < 1 or number > rules.INSTANCE_COUNT_MAX then
        errors.raise(codes.INVALID_INSTANCE, "invalid instance count " .. show(count),
            "Give a whole number from 1 to " .. rules.INSTANCE_COUNT_MAX .. ".")
    end
    return number
end

--- The problem type, or nil when it is left to Autopilot.
function M.problem_type(problem_type)
    if problem_type == nil or problem_type == "" then
        return nil
    end
    if not contains(rules.PROBLEM_TYPES, problem_type) then
        errors.raise(codes.INVALID_PROBLEM_TYPE, "invalid problem type " .. show(problem_type),
            "Use one of " .. table.concat(rules.PROBLEM_TYPES, ", ") .. ", or leave it out to let"
            .. " Autopilot decide.")
    end
    return problem_type
end

function M.is_problem_type(problem_type)
    return contains(rules.PROBLEM_TYPES, problem_type)
end

function M.is_classification(problem_type)
    return contains(rules.CLASSIFICATION_PROBLEM_TYPES, problem_type)
end

--- The objective metric name, checked against the problem type when one is given.
function M.objective(metric, problem_type)
    if metric == nil or metric == "" then
        return nil
    end
    local fitting = type(metric) == "string" and rules.OBJECTIVES[metric] or nil
    if fitting == nil then
        errors.raise(codes.INVALID_OBJECTIVE, "invalid objective " .. show(metric),
            "Use one of " .. table.concat(rules.OBJECTIVE_NAMES, ", ") .. ".")
    end
    if problem_type ~= nil and not contains(fitting, problem_type) then
        local usable = {}
        for _, name in ipairs(rules.OBJECTIVE_NAMES) do
            if contains(rules.OBJECTIVES[name], problem_type) then
                usable[#usable + 1] = name
            end
        end
        errors.raise(codes.INVALID_OBJECTIVE, "objective " .. metric .. " does not fit problem type "
            .. problem_type, "For " .. problem_type .. " use one of " .. table.concat(usable, ", ") .. ".")
    end
    return metric
end

--- The objective to send (names.resolve_objective): the given one, or the default of a given problem
-- type; AWS takes an objective only together with a problem type.
function M.resolve_objective(metric, problem_type)
    metric = M.objective(metric, problem_type)
    if metric ~= nil and problem_type == nil then
        errors.raise(codes.INVALID_OBJECTIVE, "objective " .. metric .. " is given without a problem_type",
            "AWS takes an objective only together with a problem type: add problem_type, or leave"
            .. " objective out to let Autopilot choose both.")
    end
    if problem_type ~= nil and metric == nil then
        return rules.DEFAULT_OBJECTIVES[problem_type]
    end
    return metric
end

--- A positive whole number (a JSON number with integer value or a digit string).
function M.positive_integer(value, name)
    local number = M.to_integer(value)
    if number == nil or number < 1 then
        errors.raise(codes.INVALID_LIMIT, "invalid " .. name .. " " .. show(value),
            "Give a positive whole number, or leave " .. name .. " out.")
    end
    return number
end

return M
end
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
