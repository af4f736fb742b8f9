-- sme.training_params: the JSON argument of SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT, decoded, checked
-- key by key and normalized.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local input_query = require("sme.input_query")
local json_params = require("sme.json_params")
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

local function optional_string(env, decoded, key)
    return json_params.string(env, decoded, key, false)
end

-- "F1", the legacy string "{\"MetricName\":\"F1\"}", or the object {"MetricName": "F1"}.
local function objective_metric(env, value)
    if json_params.is_absent(env, value) then
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
    if json_params.is_absent(env, value) then
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
            params[key] = json_params.string(env, decoded, key, true)
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
    local decoded = json_params.decode(env, json_str, "the training parameters", EXAMPLE)
    json_params.check_keys(decoded, json_params.keys(M.REQUIRED_KEYS, M.TABLE_KEYS, M.OPTIONAL_KEYS),
        "training parameter")
    local params = {}
    for _, key in ipairs(M.REQUIRED_KEYS) do
        params[key] = json_params.string(env, decoded, key, true)
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
