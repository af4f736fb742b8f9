-- EXECUTE SCRIPT SME_DELETE_SAGEMAKER_AUTOPILOT_JOB_DATA(job_name, aws_credentials_connection_name,
-- aws_region, delete_model_artifacts): Exasol sets the parameters as globals.
-- Only the entry scripts touch the database's globals; the modules get them passed in as env.
local env = {query = query, pquery = pquery, exa = exa, output = output, null = null,
             cjson = cjson or require("cjson")}
return require("sme.job_data_deletion").run(env, job_name, aws_credentials_connection_name, aws_region,
    delete_model_artifacts)
