-- EXECUTE SCRIPT SME_DEPLOY_SAGEMAKER_AUTOPILOT_ENDPOINT_WITH_OPTIONS(json_str): Exasol sets the parameter
-- as a global. Only the entry scripts touch the database's globals; the modules get them passed in as env.
local env = {query = query, pquery = pquery, exa = exa, output = output, null = null,
             cjson = cjson or require("cjson")}
return require("sme.endpoint_deployment").run_with_options(env, json_str)
