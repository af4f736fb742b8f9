-- sme.polling: SME_POLL_SAGEMAKER_AUTOPILOT_JOB_STATUS(job_name, aws_credentials_connection_name,
-- aws_region). Asks SME_AUTOPILOT_JOB_STATUS_POLLING_UDF and shows a failure reason as output.
-- When it sees the job Completed and the job has no leaderboard yet, it fills the leaderboard and
-- insight tables (sme.candidates); a failure there is shown as output and never changes the status.
local candidates = require("sme.candidates")
local catalog = require("sme.catalog")
local resource_state = require("sme.resource_state")
local udf = require("sme.udf")
local validation = require("sme.validation")

local M = {}

M.POLL_SQL = [[SELECT ::s."SME_AUTOPILOT_JOB_STATUS_POLLING_UDF"(:job_name, :connection, :region)]]
M.COLUMNS = "JOB_STATUS VARCHAR(64), JOB_SECONDARY_STATUS VARCHAR(64)"

function M.run(env, job_name, connection_name, region)
    validation.job_name(validation.required_string(job_name, "job_name", env.null))
    validation.identifier(validation.required_string(connection_name, "aws_credentials_connection_name",
        env.null), "connection name")
    validation.region(validation.required_string(region, "aws_region", env.null))
    local connection = catalog.resolve_connection(env, connection_name)
    local row = udf.call_one(env, "SME_AUTOPILOT_JOB_STATUS_POLLING_UDF", M.POLL_SQL,
        {s = env.exa.meta.script_schema, job_name = job_name, connection = connection, region = region},
        {"JOB_STATUS", "JOB_SECONDARY_STATUS", "FAILURE_REASON"})
    if row.FAILURE_REASON ~= nil and row.FAILURE_REASON ~= "" then
        env.output("Failure reason: " .. row.FAILURE_REASON)
    end
    resource_state.try_record(env, env.exa.meta.script_schema, {kind = resource_state.JOB, name = job_name,
        region = region, status = row.JOB_STATUS, secondary_status = row.JOB_SECONDARY_STATUS,
        failure_reason = row.FAILURE_REASON})
    local status = row.JOB_STATUS
    local secondary = row.JOB_SECONDARY_STATUS
    if status == nil then
        status = env.null
    end
    if secondary == nil then
        secondary = env.null
    end
    if status == "Completed" then
        candidates.fill_after_completion(env, env.exa.meta.script_schema, job_name, connection, region)
    end
    return {{status, secondary}}, M.COLUMNS
end

return M
