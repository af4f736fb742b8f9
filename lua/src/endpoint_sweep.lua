-- sme.endpoint_sweep: SME_SWEEP_SAGEMAKER_ENDPOINTS(aws_credentials_connection_name, aws_region,
-- delete_found). Lists the endpoints of the region that carry this schema's tags but that no row of
-- SME_METADATA_AUTOPILOT_ENDPOINTS knows as DEPLOYED there (SME_AWS_ENDPOINT_SWEEP_UDF); with
-- delete_found TRUE also deletes them with their endpoint configs and models where those carry our tags.
local catalog = require("sme.catalog")
local resource_state = require("sme.resource_state")
local rules = require("sme.rules")
local udf = require("sme.udf")
local validation = require("sme.validation")

local M = {}

M.SWEEP_SQL = [[SELECT ::s."SME_AWS_ENDPOINT_SWEEP_UDF"(:connection, :region, :known, :delete_found)]]
M.UDF_COLUMNS = {"RESOURCE_TYPE", "RESOURCE_NAME", "ENDPOINT_STATUS", "CREATION_TIME", "TAG_USER", "TAG_JOB", "ACTION"}
M.COLUMNS = "RESOURCE_TYPE VARCHAR(32), RESOURCE_NAME VARCHAR(" .. rules.ENDPOINT_NAME_MAX_LENGTH .. "),"
    .. " ENDPOINT_STATUS VARCHAR(64), CREATION_TIME VARCHAR(30), TAG_USER VARCHAR(256), TAG_JOB VARCHAR(256),"
    .. " ACTION VARCHAR(32)"

-- A JSON array of strings (lua-cjson writes an empty table as {}).
local function json_array(env, names)
    if #names == 0 then
        return "[]"
    end
    return env.cjson.encode(names)
end

function M.run(env, connection_name, region, delete_found)
    validation.identifier(validation.required_string(connection_name, "aws_credentials_connection_name",
        env.null), "connection name")
    validation.region(validation.required_string(region, "aws_region", env.null))
    local delete = resource_state.optional_boolean(env, delete_found, "delete_found")
    local schema = env.exa.meta.script_schema
    local connection = catalog.resolve_connection(env, connection_name)
    local known = resource_state.deployed_endpoint_names(env, schema, nil, region)
    local rows = udf.call(env, "SME_AWS_ENDPOINT_SWEEP_UDF", M.SWEEP_SQL,
        {s = schema, connection = connection, region = region, known = json_array(env, known),
         delete_found = delete}, M.UDF_COLUMNS)
    local result = {}
    for i, row in ipairs(rows) do
        local values = {}
        for j, column in ipairs(M.UDF_COLUMNS) do
            local value = row[column]
            if value == nil then
                value = env.null
            end
            values[j] = value
        end
        result[i] = values
    end
    if #rows == 0 then
        env.output("No endpoint of schema " .. schema .. " in " .. region .. " is missing from the metadata.")
    end
    return result, M.COLUMNS
end

return M
