-- EXECUTE SCRIPT SME_REFRESH_SAGEMAKER_STATE(aws_credentials_connection_name, aws_region):
-- Exasol sets the parameters as globals.
-- Only the entry scripts touch the database's globals; the modules get them passed in as env.
local env = {query = query, pquery = pquery, exa = exa, output = output, null = null,
             cjson = cjson or require("cjson")}
return require("sme.state_refresh").run(env, aws_credentials_connection_name, aws_region)
