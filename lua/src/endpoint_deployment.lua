-- sme.endpoint_deployment: SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT(job_name, endpoint_name,
-- schema_name, instance_type, instance_count, aws_credentials_connection_name, aws_region) and
-- SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT_WITH_OPTIONS(json_str), one code path (M.deploy).
-- Puts the job's best (or the chosen) candidate behind a real-time or serverless endpoint
-- (SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF), creates the prediction UDF <schema_name>."<endpoint_name>"
-- with the endpoint's batch size limit and records the endpoint.
local catalog = require("sme.catalog")
local codes = require("sme.error_codes")
local deployment_options = require("sme.deployment_options")
local errors = require("sme.errors")
local metadata = require("sme.metadata")
local prediction_udf_sql = require("sme.prediction_udf_sql")
local resource_state = require("sme.resource_state")
local rules = require("sme.rules")
local sql = require("sme.sql")
local udf = require("sme.udf")
local validation = require("sme.validation")

local M = {}

M.DEPLOY_SQL = [[SELECT ::s."SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF"(:job_name, :endpoint_name, ]]
    .. [[:instance_type, :instance_count, :connection, :region, :candidate_name, :memory_size, :max_concurrency)]]
M.COLUMNS = "ENDPOINT_NAME VARCHAR(" .. rules.ENDPOINT_NAME_MAX_LENGTH .. "), ENDPOINT_STATUS VARCHAR(64),"
    .. " PREDICTION_UDF VARCHAR(300)"
M.OPTIONS_COLUMNS = M.COLUMNS .. ", CANDIDATE_NAME VARCHAR(" .. rules.CANDIDATE_NAME_MAX_LENGTH .. ")"

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
    return M.deploy(env, {job_name = job_name, endpoint_name = endpoint_name, schema_name = schema_name,
        instance_type = instance_type, instance_count = count, aws_credentials_connection_name = connection_name,
        aws_region = region}, M.COLUMNS)
end

--- SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT_WITH_OPTIONS(json_str): the same deployment, with the choices
-- of sme.deployment_options; also returns the deployed candidate's name.
function M.run_with_options(env, json_str)
    return M.deploy(env, deployment_options.parse(env, json_str), M.OPTIONS_COLUMNS)
end

--- Deploy checked options (sme.deployment_options keys); columns: the result columns to return.
function M.deploy(env, options, columns)
    local job_name, endpoint_name, schema_name = options.job_name, options.endpoint_name, options.schema_name
    local instance_type, count = options.instance_type, options.instance_count
    local connection_name, region = options.aws_credentials_connection_name, options.aws_region
    local function value(v)
        if v == nil then
            return env.null
        end
        return v
    end
    local script_schema = env.exa.meta.script_schema
    local job = metadata.read_job(env, script_schema, job_name)
    local udf_schema = catalog.resolve_schema(env, schema_name)
    local connection = catalog.resolve_connection(env, connection_name)
    prediction_udf_sql.check_columns(job)
    local deployed = udf.call_one(env, "SME_AUTOPILOT_ENDPOINT_DEPLOYMENT_UDF", M.DEPLOY_SQL, {
        s = script_schema, job_name = job_name, endpoint_name = endpoint_name, instance_type = value(instance_type),
        instance_count = value(count), connection = connection, region = region,
        candidate_name = value(options.candidate_name), memory_size = value(options.serverless_memory_size_in_mb),
        max_concurrency = value(options.serverless_max_concurrency),
    }, {"ENDPOINT_NAME", "ENDPOINT_STATUS", "PROBLEM_TYPE", "CANDIDATE_NAME"})
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
        max_payload_bytes = options.serverless and rules.SERVERLESS_MAX_PAYLOAD_BYTES or rules.REALTIME_MAX_PAYLOAD_BYTES,
    })
    create_prediction_udf(env, statement, endpoint_name, prediction_udf)
    metadata.insert_endpoint(env, script_schema, {
        endpoint_name = endpoint_name, job_name = job_name, schema = udf_schema, problem_type = problem_type,
        instance_type = instance_type, instance_count = count, connection = connection, region = region,
        prediction_udf = prediction_udf, candidate_name = deployed.CANDIDATE_NAME or options.candidate_name,
        serverless_memory_size_in_mb = options.serverless_memory_size_in_mb,
        serverless_max_concurrency = options.serverless_max_concurrency,
    })
    resource_state.try_record(env, script_schema, {kind = resource_state.ENDPOINT, name = endpoint_name,
        region = region, status = deployed.ENDPOINT_STATUS, instance_type = instance_type, instance_count = count,
        action = metadata.DEPLOYED})
    local status = deployed.ENDPOINT_STATUS or env.null
    local row = {deployed.ENDPOINT_NAME or endpoint_name, status, prediction_udf}
    if columns == M.OPTIONS_COLUMNS then
        row[4] = value(deployed.CANDIDATE_NAME or options.candidate_name)
    end
    return {row}, columns
end

return M
