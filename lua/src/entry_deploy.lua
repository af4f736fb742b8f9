-- EXECUTE SCRIPT SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT(job_name, endpoint_name, schema_name,
-- instance_type, instance_count, aws_credentials_connection_name, aws_region): Exasol sets the
-- parameters as globals.
-- Only the entry scripts touch the database's globals; the modules get them passed in as env.
local env = {query = query, pquery = pquery, exa = exa, output = output, null = null,
             cjson = cjson or require("cjson")}
return require("sme.endpoint_deployment").run(env, job_name, endpoint_name, schema_name, instance_type,
    instance_count, aws_credentials_connection_name, aws_region)
