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
