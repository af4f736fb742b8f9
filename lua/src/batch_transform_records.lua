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
