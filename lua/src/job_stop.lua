-- sme.job_stop: SME_STOP_SAGEMAKER_AUTOPILOT_JOB(job_name, aws_credentials_connection_name, aws_region).
-- Stops a job this schema trained (SME_AUTOPILOT_JOB_STOP_UDF) and records its status and the action
-- in SME_METADATA_AWS_RESOURCE_STATE.
local catalog = require("sme.catalog")
local metadata = require("sme.metadata")
local resource_state = require("sme.resource_state")
local rules = require("sme.rules")
local udf = require("sme.udf")
local validation = require("sme.validation")

local M = {}

M.STOP_SQL = [[SELECT ::s."SME_AUTOPILOT_JOB_STOP_UDF"(:job_name, :connection, :region)]]
M.COLUMNS = "JOB_NAME VARCHAR(" .. rules.JOB_NAME_MAX_LENGTH .. "), JOB_STATUS VARCHAR(64),"
    .. " JOB_SECONDARY_STATUS VARCHAR(64), ACTION VARCHAR(32)"

function M.run(env, job_name, connection_name, region)
    validation.job_name(validation.required_string(job_name, "job_name", env.null))
    validation.identifier(validation.required_string(connection_name, "aws_credentials_connection_name",
        env.null), "connection name")
    validation.region(validation.required_string(region, "aws_region", env.null))
    local schema = env.exa.meta.script_schema
    local job = metadata.read_job(env, schema, job_name)
    resource_state.check_region(job, region)
    local connection = catalog.resolve_connection(env, connection_name)
    local row = udf.call_one(env, "SME_AUTOPILOT_JOB_STOP_UDF", M.STOP_SQL,
        {s = schema, job_name = job_name, connection = connection, region = region},
        {"JOB_STATUS", "JOB_SECONDARY_STATUS", "ACTION"})
    resource_state.record(env, schema, {kind = resource_state.JOB, name = job_name, region = region,
        status = row.JOB_STATUS, secondary_status = row.JOB_SECONDARY_STATUS, action = row.ACTION},
        "the stop of Autopilot job " .. job_name .. " was handled in AWS (" .. tostring(row.ACTION) .. ")")
    return {{job_name, row.JOB_STATUS or env.null, row.JOB_SECONDARY_STATUS or env.null, row.ACTION or env.null}},
        M.COLUMNS
end

return M
