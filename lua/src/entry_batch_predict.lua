-- EXECUTE SCRIPT SME_BATCH_PREDICT_WITH_SAGEMAKER_AUTOPILOT(json_str): Exasol sets the parameter as a global.
-- Only the entry scripts touch the database's globals; the modules get them passed in as env.
local env = {query = query, pquery = pquery, exa = exa, output = output, null = null,
             cjson = cjson or require("cjson")}
return require("sme.batch_transform").run(env, json_str)
