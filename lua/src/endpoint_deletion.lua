-- sme.endpoint_deletion: SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT(endpoint_name,
-- aws_credentials_connection_name, aws_region). Deletes endpoint, endpoint config and model
-- (SME_AUTOPILOT_ENDPOINT_DELETION_UDF), then drops every recorded prediction UDF of the endpoint, so
-- none is left calling a dead endpoint, and marks the endpoint rows DELETED.
local catalog = require("sme.catalog")
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local metadata = require("sme.metadata")
local prediction_udf_creation = require("sme.prediction_udf_creation")
local resource_state = require("sme.resource_state")
local sql = require("sme.sql")
local udf = require("sme.udf")
local validation = require("sme.validation")

local M = {}

M.DELETE_SQL = [[SELECT ::s."SME_AUTOPILOT_ENDPOINT_DELETION_UDF"(:endpoint_name, :connection, :region)]]
M.COLUMNS = "RESOURCE_TYPE VARCHAR(32), RESOURCE_NAME VARCHAR(300), ACTION VARCHAR(32)"

-- DROPPED, or NOT_FOUND when the UDF's schema is gone; E-SME-37 on any other failure.
local function drop_prediction_udf(env, schema, endpoint_name, prediction_udf)
    local ok, result = env.pquery([[DROP SCRIPT IF EXISTS ::s.::e]], {s = schema, e = endpoint_name})
    if ok then
        return "DROPPED"
    end
    if not catalog.schema_exists(env, schema) then
        return "NOT_FOUND"
    end
    errors.raise(codes.PREDICTION_UDF_CREATION_FAILED, "endpoint " .. endpoint_name .. " was deleted in AWS"
        .. " but dropping its prediction UDF " .. prediction_udf .. " failed: "
        .. errors.database_message(result.error_message),
        "Drop it with DROP SCRIPT " .. prediction_udf .. " (you need the DROP privilege on it), then run"
        .. " SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT again to record the deletion.")
end

function M.run(env, endpoint_name, connection_name, region)
    validation.endpoint_name(validation.required_string(endpoint_name, "endpoint_name", env.null))
    validation.identifier(validation.required_string(connection_name, "aws_credentials_connection_name",
        env.null), "connection name")
    validation.region(validation.required_string(region, "aws_region", env.null))
    local script_schema = env.exa.meta.script_schema
    prediction_udf_creation.refuse_foreign_deletion(env, script_schema, endpoint_name)
    local connection = catalog.resolve_connection(env, connection_name)
    local deleted = udf.call(env, "SME_AUTOPILOT_ENDPOINT_DELETION_UDF", M.DELETE_SQL,
        {s = script_schema, endpoint_name = endpoint_name, connection = connection, region = region},
        {"RESOURCE_TYPE", "RESOURCE_NAME", "ACTION"})
    local rows = {}
    for i, row in ipairs(deleted) do
        rows[i] = {row.RESOURCE_TYPE or env.null, row.RESOURCE_NAME or env.null, row.ACTION or env.null}
    end
    local deployments = metadata.deployed_endpoints(env, script_schema, endpoint_name)
    local dropped = {}
    for _, deployment in ipairs(deployments) do
        local schema = deployment.UDF_SCHEMA_NAME
        if schema ~= nil and not dropped[schema] then
            dropped[schema] = true
            local prediction_udf = sql.quote_identifier(schema) .. "." .. sql.quote_identifier(endpoint_name)
            local action = drop_prediction_udf(env, schema, endpoint_name, prediction_udf)
            rows[#rows + 1] = {"PREDICTION_UDF", prediction_udf, action}
        end
    end
    if #deployments > 0 then
        metadata.mark_endpoint_deleted(env, script_schema, endpoint_name)
    end
    resource_state.try_record(env, script_schema, {kind = resource_state.ENDPOINT, name = endpoint_name,
        region = region, status = metadata.DELETED, action = metadata.DELETED})
    return rows, M.COLUMNS
end

return M
