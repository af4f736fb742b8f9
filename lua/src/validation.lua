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
