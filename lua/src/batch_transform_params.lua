-- sme.batch_transform_params: the JSON argument of SME_BATCH_PREDICT_WITH_SAGEMAKER_AUTOPILOT, decoded,
-- checked key by key and normalized (defaults filled in).
local codes = require("sme.error_codes")
local deployment_options = require("sme.deployment_options")
local errors = require("sme.errors")
local json_params = require("sme.json_params")
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

local function absent(env, value)
    return json_params.is_absent(env, value)
end

local function optional_string(env, decoded, key)
    return json_params.string(env, decoded, key, false)
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
    local decoded = json_params.decode(env, json_str, "the batch prediction parameters", EXAMPLE)
    json_params.check_keys(decoded, json_params.keys(M.REQUIRED_KEYS, M.OPTIONAL_KEYS),
        "batch prediction parameter")
    local params = {}
    for _, key in ipairs(M.REQUIRED_KEYS) do
        if key ~= "key_columns" then
            params[key] = json_params.string(env, decoded, key, true)
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
