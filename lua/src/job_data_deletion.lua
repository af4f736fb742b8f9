-- sme.job_data_deletion: SME_DELETE_SAGEMAKER_AUTOPILOT_JOB_DATA(job_name, aws_credentials_connection_name,
-- aws_region, delete_model_artifacts). Removes the job's export <s3_output_path>/<job_name>/training-data/
-- and, when asked, its model artefacts <s3_output_path>/<job_name>/output/ from the recorded bucket
-- (SME_AUTOPILOT_JOB_DATA_DELETION_UDF, which refuses while the job runs), and records the action.
local catalog = require("sme.catalog")
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local metadata = require("sme.metadata")
local resource_state = require("sme.resource_state")
local rules = require("sme.rules")
local sql = require("sme.sql")
local udf = require("sme.udf")
local validation = require("sme.validation")

local M = {}

M.ACTION = "DATA_DELETED"
M.DELETE_SQL = [[SELECT ::s."SME_AUTOPILOT_JOB_DATA_DELETION_UDF"(:job_name, :connection, :region, ]]
    .. [[:bucket_uri, :output_path, :delete_model_artifacts)]]
M.UDF_COLUMNS = {"JOB_STATUS", "JOB_SECONDARY_STATUS", "DATA_KIND", "S3_PREFIX", "OBJECTS_DELETED"}
M.COLUMNS = "JOB_NAME VARCHAR(" .. rules.JOB_NAME_MAX_LENGTH .. "), DATA_KIND VARCHAR(20),"
    .. " S3_PREFIX VARCHAR(4096), OBJECTS_DELETED DECIMAL(18,0)"

-- E-SME-142 while an endpoint of the job is deployed: SageMaker reads the model artefacts whenever it
-- starts an instance (scaling, replacing a failed one).
local function refuse_deployed_endpoints(env, schema, job_name)
    local deployed = resource_state.deployed_endpoint_names(env, schema, job_name)
    if #deployed > 0 then
        errors.raise(codes.MODEL_ARTIFACTS_IN_USE, "the model artefacts of job " .. job_name .. " are in use by"
            .. " endpoint " .. table.concat(deployed, ", "), "Delete the endpoint with"
            .. " SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT first, or pass FALSE to keep the model artefacts.")
    end
end

function M.run(env, job_name, connection_name, region, delete_model_artifacts)
    validation.job_name(validation.required_string(job_name, "job_name", env.null))
    validation.identifier(validation.required_string(connection_name, "aws_credentials_connection_name",
        env.null), "connection name")
    validation.region(validation.required_string(region, "aws_region", env.null))
    local with_models = resource_state.optional_boolean(env, delete_model_artifacts, "delete_model_artifacts")
    local schema = env.exa.meta.script_schema
    local job = metadata.read_job(env, schema, job_name)
    resource_state.check_region(job, region)
    local connection = catalog.resolve_connection(env, connection_name)
    if with_models then
        refuse_deployed_endpoints(env, schema, job_name)
    end
    local rows = udf.call(env, "SME_AUTOPILOT_JOB_DATA_DELETION_UDF", M.DELETE_SQL,
        {s = schema, job_name = job_name, connection = connection, region = region,
         bucket_uri = job.s3_bucket_uri, output_path = job.s3_output_path, delete_model_artifacts = with_models},
        M.UDF_COLUMNS)
    local result, details = {}, {}
    for i, row in ipairs(rows) do
        local count = sql.integer(env, row.OBJECTS_DELETED) or 0
        details[i] = row.DATA_KIND .. ": " .. count .. " objects under " .. row.S3_PREFIX
        result[i] = {job_name, row.DATA_KIND, row.S3_PREFIX, count}
    end
    if #rows > 0 then
        resource_state.record(env, schema, {kind = resource_state.JOB, name = job_name, region = region,
            status = rows[1].JOB_STATUS, secondary_status = rows[1].JOB_SECONDARY_STATUS, action = M.ACTION,
            action_detail = table.concat(details, "; ")},
            "the S3 data of Autopilot job " .. job_name .. " was deleted (" .. table.concat(details, "; ") .. ")")
    end
    return result, M.COLUMNS
end

return M
