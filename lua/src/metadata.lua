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

--- The recorded job with column_names and column_types as lists, region nil for rows of versions
-- before AWS_REGION was recorded (E-SME-33 if there is no such job).
function M.read_job(env, schema, job_name)
    local columns = {"JOB_NAME", "AWS_CREDENTIALS_CONNECTION_NAME", "IAM_SAGEMAKER_ROLE", "S3_BUCKET_URI",
        "S3_OUTPUT_PATH", "TARGET_ATTRIBUTE_NAME", "PROBLEM_TYPE", "OBJECTIVE", "COLUMN_NAMES", "COLUMN_TYPES",
        "AWS_REGION"}
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
        region = row.AWS_REGION,
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
