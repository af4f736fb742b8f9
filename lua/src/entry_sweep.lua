-- EXECUTE SCRIPT SME_SWEEP_SAGEMAKER_ENDPOINTS(aws_credentials_connection_name, aws_region, delete_found):
-- Exasol sets the parameters as globals.
-- Only the entry scripts touch the database's globals; the modules get them passed in as env.
local env = {query = query, pquery = pquery, exa = exa, output = output, null = null,
             cjson = cjson or require("cjson")}
return require("sme.endpoint_sweep").run(env, aws_credentials_connection_name, aws_region, delete_found)
