-- Exasol SageMaker Extension: installation into schema "Sme Schema" (11 statements).
-- Plain statements end with ';', CREATE ... SCRIPT statements with a line '/'.
-- Python runtime: without --to-print the installer uploads the container file sme_slc.tar.gz to BucketFS service bfsdefault, bucket default, as slc/sme_slc.tar.gz.
-- Activation: SCRIPT_LANGUAGES must hold PYTHON3_SME=localzmq+protobuf:///bfsdefault/default/slc/sme_slc?lang=python#/buckets/bfsdefault/default/slc/sme_slc/exaudf/exaudfclient and keep every alias it holds now
--   (SELECT SYSTEM_VALUE FROM SYS.EXA_PARAMETERS WHERE PARAMETER_NAME = 'SCRIPT_LANGUAGES'). Without --to-print
--   the installer reads that value and runs the statement; for Exasol's default value it is:
-- ALTER SESSION SET SCRIPT_LANGUAGES='R=builtin_r JAVA=builtin_java PYTHON3=builtin_python3 PYTHON3_SME=localzmq+protobuf:///bfsdefault/default/slc/sme_slc?lang=python#/buckets/bfsdefault/default/slc/sme_slc/exaudf/exaudfclient';

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
-- problem_type, objective, the three limits, column_names, column_types (nil -> NULL).
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
        .. [["COLUMN_NAMES", "COLUMN_TYPES") VALUES (CURRENT_TIMESTAMP, :job_name, :connection, :role, ]]
        .. [[:bucket_uri, :output_path, :target, :problem_type, :objective, :max_runtime, :max_candidates, ]]
        .. [[:max_runtime_per_job, CURRENT_SESSION, CURRENT_USER, :column_names, :column_types)]],
        {s = schema, job_name = job.job_name, connection = job.connection, role = job.iam_role,
         bucket_uri = job.s3_bucket_uri, output_path = job.s3_output_path, target = job.target,
         problem_type = value(job.problem_type), objective = value(job.objective),
         max_runtime = value(job.max_runtime), max_candidates = value(job.max_candidates),
         max_runtime_per_job = value(job.max_runtime_per_job),
         column_names = env.cjson.encode(job.column_names), column_types = env.cjson.encode(job.column_types)},
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
        column_names = M.decode_list(env, row.COLUMN_NAMES),
        column_types = M.decode_list(env, row.COLUMN_TYPES),
    }
end

--- Record a deployed endpoint. endpoint: endpoint_name, job_name, schema, problem_type,
-- instance_type, instance_count, connection, region, prediction_udf (for the message).
function M.insert_endpoint(env, schema, endpoint)
    run(env, [[INSERT INTO ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" ("DATETIME", "ENDPOINT_NAME", "JOB_NAME", ]]
        .. [["UDF_SCHEMA_NAME", "PROBLEM_TYPE", "INSTANCE_TYPE", "INSTANCE_COUNT", ]]
        .. [["AWS_CREDENTIALS_CONNECTION_NAME", "AWS_REGION", "STATUS", "SESSION_ID", "SCRIPT_USER") ]]
        .. [[VALUES (CURRENT_TIMESTAMP, :endpoint_name, :job_name, :udf_schema, :problem_type, ]]
        .. [[:instance_type, :instance_count, :connection, :region, :status, CURRENT_SESSION, CURRENT_USER)]],
        {s = schema, endpoint_name = endpoint.endpoint_name, job_name = endpoint.job_name,
         udf_schema = endpoint.schema, problem_type = endpoint.problem_type,
         instance_type = endpoint.instance_type, instance_count = endpoint.instance_count,
         connection = endpoint.connection, region = endpoint.region, status = M.DEPLOYED},
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

--- spec: schema, endpoint_name, connection, region, problem_type, target, column_names, column_types.
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
    return "CREATE OR REPLACE PYTHON3_SME SET SCRIPT " .. sql.quote_identifier(spec.schema) .. "."
        .. sql.quote_identifier(spec.endpoint_name) .. "(" .. table.concat(inputs, ", ") .. ")\n"
        .. "EMITS (" .. table.concat(outputs, ", ") .. ") AS\n"
        .. M.prelude(runtime.PYTHON_PATH)
        .. "from exasol_sagemaker_extension.udfs.prediction_udf import PredictionUDF\n"
        .. "udf = PredictionUDF(exa, endpoint_name=" .. sql.quote_python_string(spec.endpoint_name)
        .. ", connection_name=" .. sql.quote_python_string(spec.connection)
        .. ", aws_region=" .. sql.quote_python_string(spec.region)
        .. ", problem_type=" .. sql.quote_python_string(spec.problem_type) .. ")\n"
        .. "def run(ctx):\n"
        .. "    return udf.run(ctx)\n"
end

return M
end
package.preload["sme.rules"] = function(...)
-- sme.rules: the name limits and lists of exasol_sagemaker_extension/names.py (names.lua_rules()),
-- rendered by deployment/lua_bundler.py. Change a limit in names.py, never here.
local M = {}

M.JOB_NAME_MAX_LENGTH = 32
M.ENDPOINT_NAME_MAX_LENGTH = 63
M.IDENTIFIER_MAX_LENGTH = 128
M.S3_OUTPUT_PATH_MAX_LENGTH = 512
M.IAM_ROLE_MAX_LENGTH = 2048
M.INSTANCE_COUNT_MAX = 100
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

function M.run(env, json_str)
    local params = training_params.parse(env, json_str)
    local schema = env.exa.meta.script_schema
    local connection = catalog.resolve_connection(env, params.aws_credentials_connection_name)
    local source = catalog.resolve_table(env, params.input_schema_name, params.input_table_or_view_name)
    local target = catalog.resolve_target(source, params.target_attribute_name)
    local features = feature_names(source.columns, target)
    if #features == 0 then
        errors.raise(codes.NO_FEATURE_COLUMNS, "table " .. sql.quote_identifier(source.schema) .. "."
            .. sql.quote_identifier(source.table) .. " has no column besides the target "
            .. sql.quote_identifier(target.name), "Train on a table or view with at least one more column.")
    end
    prediction_udf_sql.check_feature_names(features)
    if metadata.job_exists(env, schema, params.job_name) then
        errors.raise(codes.JOB_ALREADY_RECORDED, "a job named " .. params.job_name .. " is already recorded"
            .. " in SME_METADATA_AUTOPILOT_JOBS", "Autopilot job names are unique per account and region:"
            .. " choose a new job_name.")
    end
    local column_names, column_types = {}, {}
    for i, column in ipairs(source.columns) do
        column_names[i], column_types[i] = column.name, column.type
    end
    local files = exporter.export(env, {
        schema = source.schema, table = source.table, columns = column_names, connection = connection,
        output_path = params.s3_output_path, job_name = params.job_name,
    })
    start_job(env, schema, params, connection, target.name, files)
    metadata.insert_job(env, schema, {
        job_name = params.job_name, connection = connection, iam_role = params.iam_sagemaker_role,
        s3_bucket_uri = params.s3_bucket_uri, s3_output_path = params.s3_output_path, target = target.name,
        problem_type = params.problem_type, objective = params.objective,
        max_runtime = params.max_runtime_for_automl_job_in_seconds, max_candidates = params.max_candidates,
        max_runtime_per_job = params.max_runtime_per_training_job_in_seconds,
        column_names = column_names, column_types = column_types,
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
local sql = require("sme.sql")
local validation = require("sme.validation")

local M = {}

M.REQUIRED_KEYS = {
    "job_name", "aws_credentials_connection_name", "aws_region", "iam_sagemaker_role", "s3_bucket_uri",
    "s3_output_path", "input_schema_name", "input_table_or_view_name", "target_attribute_name",
}
M.OPTIONAL_KEYS = {
    "problem_type", "objective", "max_runtime_for_automl_job_in_seconds", "max_candidates",
    "max_runtime_per_training_job_in_seconds",
}
M.LIMIT_KEYS = {
    "max_runtime_for_automl_job_in_seconds", "max_candidates", "max_runtime_per_training_job_in_seconds",
}

local EXAMPLE = [[{"job_name": "churn-1", "aws_credentials_connection_name": "AWS_CONN", ...}]]

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
    validation.identifier(params.input_schema_name, "schema name")
    validation.identifier(params.input_table_or_view_name, "table or view name")
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

-- 7/11: Lua script SME_POLL_SAGEMAKER_AUTOPILOT_JOB_STATUS
CREATE OR REPLACE LUA SCRIPT "Sme Schema"."SME_POLL_SAGEMAKER_AUTOPILOT_JOB_STATUS"(job_name, aws_credentials_connection_name, aws_region) RETURNS TABLE AS
-- Exasol SageMaker Extension: entry_poll.lua with its modules, bundled at deploy time.
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
package.preload["sme.polling"] = function(...)
-- sme.polling: SME_POLL_SAGEMAKER_AUTOPILOT_JOB_STATUS(job_name, aws_credentials_connection_name,
-- aws_region). Asks SME_AUTOPILOT_JOB_STATUS_POLLING_UDF and shows a failure reason as output.
local catalog = require("sme.catalog")
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
    local status = row.JOB_STATUS
    local secondary = row.JOB_SECONDARY_STATUS
    if status == nil then
        status = env.null
    end
    if secondary == nil then
        secondary = env.null
    end
    return {{status, secondary}}, M.COLUMNS
end

return M
end
package.preload["sme.rules"] = function(...)
-- sme.rules: the name limits and lists of exasol_sagemaker_extension/names.py (names.lua_rules()),
-- rendered by deployment/lua_bundler.py. Change a limit in names.py, never here.
local M = {}

M.JOB_NAME_MAX_LENGTH = 32
M.ENDPOINT_NAME_MAX_LENGTH = 63
M.IDENTIFIER_MAX_LENGTH = 128
M.S3_OUTPUT_PATH_MAX_LENGTH = 512
M.IAM_ROLE_MAX_LENGTH = 2048
M.INSTANCE_COUNT_MAX = 100
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

-- 8/11: Lua script SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT
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
package.preload["sme.endpoint_deployment"] = function(...)
-- sme.endpoint_deployment: SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT(job_name, endpoint_name,
-- schema_name, instance_type, instance_count, aws_credentials_connection_name, aws_region).
-- Puts the job's best candidate behind an endpoint (SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF), creates
-- the prediction UDF <schema_name>."<endpoint_name>" and records the endpoint.
local catalog = require("sme.catalog")
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local metadata = require("sme.metadata")
local prediction_udf_sql = require("sme.prediction_udf_sql")
local rules = require("sme.rules")
local sql = require("sme.sql")
local udf = require("sme.udf")
local validation = require("sme.validation")

local M = {}

M.DEPLOY_SQL = [[SELECT ::s."SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF"(:job_name, :endpoint_name, ]]
    .. [[:instance_type, :instance_count, :connection, :region)]]
M.COLUMNS = "ENDPOINT_NAME VARCHAR(" .. rules.ENDPOINT_NAME_MAX_LENGTH .. "), ENDPOINT_STATUS VARCHAR(64),"
    .. " PREDICTION_UDF VARCHAR(300)"

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
    local script_schema = env.exa.meta.script_schema
    local job = metadata.read_job(env, script_schema, job_name)
    local udf_schema = catalog.resolve_schema(env, schema_name)
    local connection = catalog.resolve_connection(env, connection_name)
    prediction_udf_sql.check_columns(job)
    local deployed = udf.call_one(env, "SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF", M.DEPLOY_SQL, {
        s = script_schema, job_name = job_name, endpoint_name = endpoint_name, instance_type = instance_type,
        instance_count = count, connection = connection, region = region,
    }, {"ENDPOINT_NAME", "ENDPOINT_STATUS", "PROBLEM_TYPE"})
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
    })
    create_prediction_udf(env, statement, endpoint_name, prediction_udf)
    metadata.insert_endpoint(env, script_schema, {
        endpoint_name = endpoint_name, job_name = job_name, schema = udf_schema, problem_type = problem_type,
        instance_type = instance_type, instance_count = count, connection = connection, region = region,
        prediction_udf = prediction_udf,
    })
    local status = deployed.ENDPOINT_STATUS or env.null
    return {{deployed.ENDPOINT_NAME or endpoint_name, status, prediction_udf}}, M.COLUMNS
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
-- problem_type, objective, the three limits, column_names, column_types (nil -> NULL).
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
        .. [["COLUMN_NAMES", "COLUMN_TYPES") VALUES (CURRENT_TIMESTAMP, :job_name, :connection, :role, ]]
        .. [[:bucket_uri, :output_path, :target, :problem_type, :objective, :max_runtime, :max_candidates, ]]
        .. [[:max_runtime_per_job, CURRENT_SESSION, CURRENT_USER, :column_names, :column_types)]],
        {s = schema, job_name = job.job_name, connection = job.connection, role = job.iam_role,
         bucket_uri = job.s3_bucket_uri, output_path = job.s3_output_path, target = job.target,
         problem_type = value(job.problem_type), objective = value(job.objective),
         max_runtime = value(job.max_runtime), max_candidates = value(job.max_candidates),
         max_runtime_per_job = value(job.max_runtime_per_job),
         column_names = env.cjson.encode(job.column_names), column_types = env.cjson.encode(job.column_types)},
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
        column_names = M.decode_list(env, row.COLUMN_NAMES),
        column_types = M.decode_list(env, row.COLUMN_TYPES),
    }
end

--- Record a deployed endpoint. endpoint: endpoint_name, job_name, schema, problem_type,
-- instance_type, instance_count, connection, region, prediction_udf (for the message).
function M.insert_endpoint(env, schema, endpoint)
    run(env, [[INSERT INTO ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" ("DATETIME", "ENDPOINT_NAME", "JOB_NAME", ]]
        .. [["UDF_SCHEMA_NAME", "PROBLEM_TYPE", "INSTANCE_TYPE", "INSTANCE_COUNT", ]]
        .. [["AWS_CREDENTIALS_CONNECTION_NAME", "AWS_REGION", "STATUS", "SESSION_ID", "SCRIPT_USER") ]]
        .. [[VALUES (CURRENT_TIMESTAMP, :endpoint_name, :job_name, :udf_schema, :problem_type, ]]
        .. [[:instance_type, :instance_count, :connection, :region, :status, CURRENT_SESSION, CURRENT_USER)]],
        {s = schema, endpoint_name = endpoint.endpoint_name, job_name = endpoint.job_name,
         udf_schema = endpoint.schema, problem_type = endpoint.problem_type,
         instance_type = endpoint.instance_type, instance_count = endpoint.instance_count,
         connection = endpoint.connection, region = endpoint.region, status = M.DEPLOYED},
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

--- spec: schema, endpoint_name, connection, region, problem_type, target, column_names, column_types.
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
    return "CREATE OR REPLACE PYTHON3_SME SET SCRIPT " .. sql.quote_identifier(spec.schema) .. "."
        .. sql.quote_identifier(spec.endpoint_name) .. "(" .. table.concat(inputs, ", ") .. ")\n"
        .. "EMITS (" .. table.concat(outputs, ", ") .. ") AS\n"
        .. M.prelude(runtime.PYTHON_PATH)
        .. "from exasol_sagemaker_extension.udfs.prediction_udf import PredictionUDF\n"
        .. "udf = PredictionUDF(exa, endpoint_name=" .. sql.quote_python_string(spec.endpoint_name)
        .. ", connection_name=" .. sql.quote_python_string(spec.connection)
        .. ", aws_region=" .. sql.quote_python_string(spec.region)
        .. ", problem_type=" .. sql.quote_python_string(spec.problem_type) .. ")\n"
        .. "def run(ctx):\n"
        .. "    return udf.run(ctx)\n"
end

return M
end
package.preload["sme.rules"] = function(...)
-- sme.rules: the name limits and lists of exasol_sagemaker_extension/names.py (names.lua_rules()),
-- rendered by deployment/lua_bundler.py. Change a limit in names.py, never here.
local M = {}

M.JOB_NAME_MAX_LENGTH = 32
M.ENDPOINT_NAME_MAX_LENGTH = 63
M.IDENTIFIER_MAX_LENGTH = 128
M.S3_OUTPUT_PATH_MAX_LENGTH = 512
M.IAM_ROLE_MAX_LENGTH = 2048
M.INSTANCE_COUNT_MAX = 100
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

-- 9/11: Lua script SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT
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
-- problem_type, objective, the three limits, column_names, column_types (nil -> NULL).
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
        .. [["COLUMN_NAMES", "COLUMN_TYPES") VALUES (CURRENT_TIMESTAMP, :job_name, :connection, :role, ]]
        .. [[:bucket_uri, :output_path, :target, :problem_type, :objective, :max_runtime, :max_candidates, ]]
        .. [[:max_runtime_per_job, CURRENT_SESSION, CURRENT_USER, :column_names, :column_types)]],
        {s = schema, job_name = job.job_name, connection = job.connection, role = job.iam_role,
         bucket_uri = job.s3_bucket_uri, output_path = job.s3_output_path, target = job.target,
         problem_type = value(job.problem_type), objective = value(job.objective),
         max_runtime = value(job.max_runtime), max_candidates = value(job.max_candidates),
         max_runtime_per_job = value(job.max_runtime_per_job),
         column_names = env.cjson.encode(job.column_names), column_types = env.cjson.encode(job.column_types)},
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
        column_names = M.decode_list(env, row.COLUMN_NAMES),
        column_types = M.decode_list(env, row.COLUMN_TYPES),
    }
end

--- Record a deployed endpoint. endpoint: endpoint_name, job_name, schema, problem_type,
-- instance_type, instance_count, connection, region, prediction_udf (for the message).
function M.insert_endpoint(env, schema, endpoint)
    run(env, [[INSERT INTO ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" ("DATETIME", "ENDPOINT_NAME", "JOB_NAME", ]]
        .. [["UDF_SCHEMA_NAME", "PROBLEM_TYPE", "INSTANCE_TYPE", "INSTANCE_COUNT", ]]
        .. [["AWS_CREDENTIALS_CONNECTION_NAME", "AWS_REGION", "STATUS", "SESSION_ID", "SCRIPT_USER") ]]
        .. [[VALUES (CURRENT_TIMESTAMP, :endpoint_name, :job_name, :udf_schema, :problem_type, ]]
        .. [[:instance_type, :instance_count, :connection, :region, :status, CURRENT_SESSION, CURRENT_USER)]],
        {s = schema, endpoint_name = endpoint.endpoint_name, job_name = endpoint.job_name,
         udf_schema = endpoint.schema, problem_type = endpoint.problem_type,
         instance_type = endpoint.instance_type, instance_count = endpoint.instance_count,
         connection = endpoint.connection, region = endpoint.region, status = M.DEPLOYED},
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
M.IDENTIFIER_MAX_LENGTH = 128
M.S3_OUTPUT_PATH_MAX_LENGTH = 512
M.IAM_ROLE_MAX_LENGTH = 2048
M.INSTANCE_COUNT_MAX = 100
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
-- EXECUTE SCRIPT SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT(endpoint_name, aws_credentials_connection_name,
-- aws_region): Exasol sets the parameters as globals.
-- Only the entry scripts touch the database's globals; the modules get them passed in as env.
local env = {query = query, pquery = pquery, exa = exa, output = output, null = null,
             cjson = cjson or require("cjson")}
return require("sme.endpoint_deletion").run(env, endpoint_name, aws_credentials_connection_name, aws_region)
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
