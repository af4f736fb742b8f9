-- EXECUTE SCRIPT SME_CREATE_SAGEMAKER_PREDICTION_UDF(json_str): Exasol sets the parameter as a global.
-- Only the entry scripts touch the database's globals; the modules get them passed in as env.
local env = {query = query, pquery = pquery, exa = exa, output = output, null = null,
             cjson = cjson or require("cjson")}
return require("sme.prediction_udf_creation").run(env, json_str)
