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
