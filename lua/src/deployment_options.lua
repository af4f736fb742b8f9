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
    json_params.check_keys(decoded, json_params.keys(M.REQUIRED_KEYS, M.OPTIONAL_KEYS), "deployment option")
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
