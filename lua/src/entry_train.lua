-- EXECUTE SCRIPT SME_TRAIN_WITH_SAGEMAKER_AUTOPILOT(json_str): Exasol sets the parameter as a global.
-- Only the entry scripts touch the database's globals; the modules get them passed in as env.
local env = {query = query, pquery = pquery, exa = exa, output = output, null = null,
             cjson = cjson or require("cjson")}
return require("sme.training").run(env, json_str)
