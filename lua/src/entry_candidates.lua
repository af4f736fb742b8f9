-- EXECUTE SCRIPT SME_LIST_SAGEMAKER_AUTOPILOT_CANDIDATES(job_name, aws_credentials_connection_name,
-- aws_region): Exasol sets the parameters as globals.
-- Only the entry scripts touch the database's globals; the modules get them passed in as env.
local env = {query = query, pquery = pquery, exa = exa, output = output, null = null,
             cjson = cjson or require("cjson")}
return require("sme.candidates").run(env, job_name, aws_credentials_connection_name, aws_region)
