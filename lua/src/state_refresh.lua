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
