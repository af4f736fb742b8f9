-- sme.endpoint_deployment: SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT(job_name, endpoint_name,
-- schema_name, instance_type, instance_count, aws_credentials_connection_name, aws_region).
-- Puts the job's best candidate behind an endpoint (SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF), creates
-- the prediction UDF <schema_name>."<endpoint_name>" and records the endpoint.
local catalog = require("sme.catalog")
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local metadata = require("sme.metadata")
local prediction_udf_sql = require("sme.prediction_udf_sql")
local rules = require("sme.rules")
local sql = require("sme.sql")
local udf = require("sme.udf")
local validation = require("sme.validation")

local M = {}

M.DEPLOY_SQL = [[SELECT ::s."SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF"(:job_name, :endpoint_name, ]]
    .. [[:instance_type, :instance_count, :connection, :region)]]
M.COLUMNS = "ENDPOINT_NAME VARCHAR(" .. rules.ENDPOINT_NAME_MAX_LENGTH .. "), ENDPOINT_STATUS VARCHAR(64),"
    .. " PREDICTION_UDF VARCHAR(300)"

local function checked_arguments(env, job_name, endpoint_name, schema_name, instance_type, instance_count,
                                 connection_name, region)
    local null = env.null
    validation.job_name(validation.required_string(job_name, "job_name", null))
    validation.endpoint_name(validation.required_string(endpoint_name, "endpoint_name", null))
    validation.identifier(validation.required_string(schema_name, "schema_name", null), "schema name")
    validation.instance_type(validation.required_string(instance_type, "instance_type", null))
    if validation.is_absent(instance_count, null) then
        validation.required_string(nil, "instance_count")
    end
    local count = validation.instance_count(instance_count)
    validation.identifier(validation.required_string(connection_name, "aws_credentials_connection_name", null),
        "connection name")
    validation.region(validation.required_string(region, "aws_region", null))
    return count
end

local function create_prediction_udf(env, statement, endpoint_name, prediction_udf)
    local ok, result = env.pquery(statement)
    if not ok then
        errors.raise(codes.PREDICTION_UDF_CREATION_FAILED, "endpoint " .. endpoint_name .. " is running in AWS"
            .. " but creating the prediction UDF " .. prediction_udf .. " failed: "
            .. errors.database_message(result.error_message),
            "Check that you may CREATE SCRIPT in that schema and that the script language PYTHON3_SME is"
            .. " activated, then delete the endpoint with SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT and"
            .. " deploy again; the endpoint costs money while it runs.")
    end
end

function M.run(env, job_name, endpoint_name, schema_name, instance_type, instance_count, connection_name,
               region)
    local count = checked_arguments(env, job_name, endpoint_name, schema_name, instance_type, instance_count,
        connection_name, region)
    local script_schema = env.exa.meta.script_schema
    local job = metadata.read_job(env, script_schema, job_name)
    local udf_schema = catalog.resolve_schema(env, schema_name)
    local connection = catalog.resolve_connection(env, connection_name)
    prediction_udf_sql.check_columns(job)
    local deployed = udf.call_one(env, "SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF", M.DEPLOY_SQL, {
        s = script_schema, job_name = job_name, endpoint_name = endpoint_name, instance_type = instance_type,
        instance_count = count, connection = connection, region = region,
    }, {"ENDPOINT_NAME", "ENDPOINT_STATUS", "PROBLEM_TYPE"})
    local problem_type = deployed.PROBLEM_TYPE or job.problem_type
    if not validation.is_problem_type(problem_type) then
        errors.raise(codes.UDF_CALL_FAILED, "endpoint " .. endpoint_name .. " is running in AWS but its"
            .. " problem type " .. errors.show(problem_type) .. " is unknown",
            "Delete it with SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT and check the job in the AWS console.")
    end
    local prediction_udf = sql.quote_identifier(udf_schema) .. "." .. sql.quote_identifier(endpoint_name)
    local statement = prediction_udf_sql.build({
        schema = udf_schema, endpoint_name = endpoint_name, connection = connection, region = region,
        problem_type = problem_type, target = job.target, column_names = job.column_names,
        column_types = job.column_types,
    })
    create_prediction_udf(env, statement, endpoint_name, prediction_udf)
    metadata.insert_endpoint(env, script_schema, {
        endpoint_name = endpoint_name, job_name = job_name, schema = udf_schema, problem_type = problem_type,
        instance_type = instance_type, instance_count = count, connection = connection, region = region,
        prediction_udf = prediction_udf,
    })
    local status = deployed.ENDPOINT_STATUS or env.null
    return {{deployed.ENDPOINT_NAME or endpoint_name, status, prediction_udf}}, M.COLUMNS
end

return M
