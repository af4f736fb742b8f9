-- sme.prediction_udf_creation: SME_CREATE_SAGEMAKER_PREDICTION_UDF(json_str). Generates a prediction UDF
-- for a SageMaker endpoint the extension did not create (any endpoint that takes CSV rows and answers one
-- CSV record per row), with the inputs and output columns the user names, after checking with
-- SME_ENDPOINT_DESCRIPTION_UDF that the endpoint exists (and whether it is serverless), and records it in
-- SME_METADATA_PREDICTION_UDFS. Such endpoints are never deleted by SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT
-- (refuse_foreign_deletion).
local catalog = require("sme.catalog")
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local json_params = require("sme.json_params")
local prediction_udf_sql = require("sme.prediction_udf_sql")
local rules = require("sme.rules")
local sql = require("sme.sql")
local udf = require("sme.udf")
local validation = require("sme.validation")

local M = {}

M.REQUIRED_KEYS = {"endpoint_name", "schema_name", "input_columns", "output_columns",
                   "aws_credentials_connection_name", "aws_region"}
M.OPTIONAL_KEYS = {"udf_name", "serverless"}
M.COLUMNS = "PREDICTION_UDF VARCHAR(300), ENDPOINT_NAME VARCHAR(" .. rules.ENDPOINT_NAME_MAX_LENGTH .. "),"
    .. " ENDPOINT_STATUS VARCHAR(64), MAX_PAYLOAD_BYTES DECIMAL(9,0)"
M.DESCRIBE_SQL = [[SELECT ::s."SME_ENDPOINT_DESCRIPTION_UDF"(:endpoint_name, :connection, :region)]]
M.SERVERLESS = "SERVERLESS"
local EXAMPLE = [[{"endpoint_name": "my-ep", "schema_name": "ML", "input_columns": [{"name": "AGE", ]]
    .. [["type": "DECIMAL(3,0)"}], "output_columns": [{"name": "SCORE", "type": "DOUBLE"}], ]]
    .. [["aws_credentials_connection_name": "AWS_CONN", "aws_region": "eu-central-1"}]]
local PLAIN_TYPES = {
    ["DOUBLE"] = true, ["DOUBLE PRECISION"] = true, ["FLOAT"] = true, ["REAL"] = true, ["BOOLEAN"] = true,
    ["BOOL"] = true, ["DATE"] = true, ["TIMESTAMP"] = true, ["DECIMAL"] = true, ["INTEGER"] = true,
    ["INT"] = true, ["BIGINT"] = true, ["SMALLINT"] = true, ["TINYINT"] = true,
}
local TYPE_HINT = "Use an Exasol type: DECIMAL(p,s), INTEGER, BIGINT, DOUBLE, BOOLEAN, VARCHAR(n) [UTF8|ASCII],"
    .. " CHAR(n) [UTF8|ASCII], DATE or TIMESTAMP."

local function in_range(text, low, high)
    local number = math.tointeger(tonumber(text))
    return number ~= nil and number >= low and number <= high
end

local function sized_type(text, name, max)
    local size, rest = text:match("^" .. name .. " ?%( ?(%d+) ?%) ?(.*)$")
    if size ~= nil and in_range(size, 1, max) and (rest == "" or rest == "UTF8" or rest == "ASCII") then
        return name .. "(" .. size .. ")" .. (rest ~= "" and " " .. rest or "")
    end
    return nil
end

local function decimal_type(text)
    local precision, scale = text:match("^DECIMAL ?%( ?(%d+) ?, ?(%d+) ?%)$")
    if precision == nil then
        precision, scale = text:match("^DECIMAL ?%( ?(%d+) ?%)$"), "0"
    end
    if precision ~= nil and in_range(precision, 1, rules.DECIMAL_MAX_PRECISION)
            and in_range(scale, 0, math.tointeger(tonumber(precision))) then
        return "DECIMAL(" .. precision .. "," .. scale .. ")"
    end
    return nil
end

--- The SQL type as it is written into the UDF (upper case, single spaces), or E-SME-126.
function M.sql_type(column_name, column_type)
    local text = type(column_type) == "string" and column_type:upper():gsub("%s+", " "):match("^ ?(.-) ?$") or nil
    local checked = nil
    if text ~= nil then
        checked = (PLAIN_TYPES[text] and text) or decimal_type(text) or sized_type(text, "VARCHAR", rules.VARCHAR_MAX_LENGTH)
            or sized_type(text, "CHAR", rules.CHAR_MAX_LENGTH)
    end
    if checked == nil then
        errors.raise(codes.INVALID_SQL_TYPE, "column " .. errors.show(column_name) .. " has the type "
            .. errors.show(column_type) .. ", which the prediction UDF cannot take", TYPE_HINT)
    end
    return checked
end

local function column_list(env, decoded, key)
    local list = decoded[key]
    local hint = "Give " .. key .. " as a non-empty JSON list of objects such as {\"name\": \"AGE\", \"type\":"
        .. " \"DECIMAL(3,0)\"}."
    if type(list) ~= "table" or #list == 0 or next(list, #list) ~= nil then
        errors.raise(codes.INVALID_COLUMN_SPEC, "parameter " .. key .. " is not a non-empty list of columns", hint)
    end
    local columns = {}
    for i, item in ipairs(list) do
        local keys = 0
        for _ in pairs(type(item) == "table" and item or {}) do
            keys = keys + 1
        end
        if type(item) ~= "table" or type(item.name) ~= "string" or type(item.type) ~= "string" or keys ~= 2 then
            errors.raise(codes.INVALID_COLUMN_SPEC, "item " .. i .. " of " .. key .. " is not an object with"
                .. " exactly the string keys name and type", hint)
        end
        columns[i] = {name = validation.identifier(item.name, "column name"), type = M.sql_type(item.name, item.type)}
    end
    return columns
end

local function check_distinct(inputs, outputs)
    local seen = {}
    for _, list in ipairs({inputs, outputs}) do
        for _, column in ipairs(list) do
            if seen[column.name] then
                errors.raise(codes.INVALID_COLUMN_SPEC, "the column name " .. sql.quote_identifier(column.name)
                    .. " appears twice among input_columns and output_columns",
                    "Give every input and output column its own name; the UDF emits its inputs, then the outputs.")
            end
            seen[column.name] = true
        end
    end
end

--- The checked parameters (keys as the JSON's; udf_name defaults to endpoint_name, serverless to nil:
-- found out from the endpoint).
function M.parse(env, json_str)
    local decoded = json_params.decode(env, json_str, "the prediction UDF parameters", EXAMPLE)
    json_params.check_keys(decoded, json_params.keys(M.REQUIRED_KEYS, M.OPTIONAL_KEYS), "prediction UDF parameter")
    local params = {}
    for _, key in ipairs({"endpoint_name", "schema_name", "aws_credentials_connection_name", "aws_region"}) do
        params[key] = json_params.string(env, decoded, key, true)
    end
    validation.endpoint_name(params.endpoint_name)
    validation.identifier(params.schema_name, "schema name")
    params.udf_name = validation.identifier(json_params.string(env, decoded, "udf_name") or params.endpoint_name,
        "UDF name")
    params.inputs = column_list(env, decoded, "input_columns")
    params.outputs = column_list(env, decoded, "output_columns")
    check_distinct(params.inputs, params.outputs)
    params.serverless = json_params.boolean(env, decoded, "serverless", nil)
    validation.identifier(params.aws_credentials_connection_name, "connection name")
    validation.region(params.aws_region)
    return params
end

-- [{"name": ..., "type": ...}, ...] with the keys always in this order.
local function encode_columns(env, columns)
    local items = {}
    for i, column in ipairs(columns) do
        items[i] = '{"name":' .. env.cjson.encode(column.name) .. ',"type":' .. env.cjson.encode(column.type) .. "}"
    end
    return "[" .. table.concat(items, ",") .. "]"
end

local function record(env, script_schema, params, schema, connection, max_payload_bytes, prediction_udf)
    local ok, result = env.pquery([[INSERT INTO ::s."SME_METADATA_PREDICTION_UDFS" ("DATETIME", "UDF_SCHEMA_NAME", ]]
        .. [["UDF_NAME", "ENDPOINT_NAME", "AWS_CREDENTIALS_CONNECTION_NAME", "AWS_REGION", "SERVERLESS", ]]
        .. [["MAX_PAYLOAD_BYTES", "INPUT_COLUMNS", "OUTPUT_COLUMNS", "SESSION_ID", "SCRIPT_USER") ]]
        .. [[VALUES (CURRENT_TIMESTAMP, :udf_schema, :udf_name, :endpoint_name, :connection, :region, :serverless, ]]
        .. [[:max_payload_bytes, :inputs, :outputs, CURRENT_SESSION, CURRENT_USER)]],
        {s = script_schema, udf_schema = schema, udf_name = params.udf_name, endpoint_name = params.endpoint_name,
         connection = connection, region = params.aws_region, serverless = params.serverless,
         max_payload_bytes = max_payload_bytes, inputs = encode_columns(env, params.inputs),
         outputs = encode_columns(env, params.outputs)})
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_WRITE_FAILED, "prediction UDF " .. prediction_udf
            .. " was created, but recording it in SME_METADATA_PREDICTION_UDFS",
            "The UDF works; to have it recorded, check that the extension was deployed into this schema with"
            .. " this version and that your user may write its metadata tables, then run the script again.")
    end
end

function M.run(env, json_str)
    local params = M.parse(env, json_str)
    local script_schema = env.exa.meta.script_schema
    local schema = catalog.resolve_schema(env, params.schema_name)
    local connection = catalog.resolve_connection(env, params.aws_credentials_connection_name)
    local described = udf.call_one(env, "SME_ENDPOINT_DESCRIPTION_UDF", M.DESCRIBE_SQL,
        {s = script_schema, endpoint_name = params.endpoint_name, connection = connection, region = params.aws_region},
        {"ENDPOINT_NAME", "ENDPOINT_STATUS", "ENDPOINT_KIND"})
    if params.serverless == nil then
        params.serverless = described.ENDPOINT_KIND == M.SERVERLESS
    end
    local max_payload_bytes = params.serverless and rules.SERVERLESS_MAX_PAYLOAD_BYTES
        or rules.REALTIME_MAX_PAYLOAD_BYTES
    local prediction_udf = sql.quote_identifier(schema) .. "." .. sql.quote_identifier(params.udf_name)
    local statement = prediction_udf_sql.build_for_endpoint({
        schema = schema, udf_name = params.udf_name, endpoint_name = params.endpoint_name,
        connection = connection, region = params.aws_region, inputs = params.inputs, outputs = params.outputs,
        max_payload_bytes = max_payload_bytes,
    })
    local ok, result = env.pquery(statement)
    if not ok then
        errors.raise(codes.PREDICTION_UDF_CREATION_FAILED, "creating the prediction UDF " .. prediction_udf
            .. " failed: " .. errors.database_message(result.error_message),
            "Check that you may CREATE SCRIPT in that schema and that the script language PYTHON3_SME is activated.")
    end
    record(env, script_schema, params, schema, connection, max_payload_bytes, prediction_udf)
    return {{prediction_udf, params.endpoint_name, described.ENDPOINT_STATUS or env.null, max_payload_bytes}},
        M.COLUMNS
end

--- E-SME-127 when endpoint_name has a prediction UDF generated by SME_CREATE_SAGEMAKER_PREDICTION_UDF and
-- the extension never deployed an endpoint of that name in this schema: it belongs to someone else.
function M.refuse_foreign_deletion(env, script_schema, endpoint_name)
    local function rows(statement, what)
        local ok, result = env.pquery(statement, {s = script_schema, e = endpoint_name})
        if not ok then
            errors.from_database(result.error_message, codes.METADATA_READ_FAILED, "reading " .. what,
                "Check that the extension was deployed into this schema with this version.")
        end
        return result
    end
    local generated = rows([[SELECT "UDF_SCHEMA_NAME", "UDF_NAME" FROM ::s."SME_METADATA_PREDICTION_UDFS" ]]
        .. [[WHERE "ENDPOINT_NAME" = :e]], "SME_METADATA_PREDICTION_UDFS")
    if #generated == 0 then
        return
    end
    local deployed = rows([[SELECT "ENDPOINT_NAME" FROM ::s."SME_METADATA_AUTOPILOT_ENDPOINTS" ]]
        .. [[WHERE "ENDPOINT_NAME" = :e]], "SME_METADATA_AUTOPILOT_ENDPOINTS")
    if #deployed > 0 then
        return
    end
    local udfs = {}
    for i, row in ipairs(sql.rows(env, generated, {"UDF_SCHEMA_NAME", "UDF_NAME"})) do
        udfs[i] = sql.quote_identifier(row.UDF_SCHEMA_NAME or "?") .. "." .. sql.quote_identifier(row.UDF_NAME or "?")
    end
    errors.raise(codes.FOREIGN_ENDPOINT_NOT_DELETED, "endpoint " .. endpoint_name .. " was not created by the"
        .. " extension (prediction UDF " .. table.concat(udfs, ", ") .. " was generated for it with"
        .. " SME_CREATE_SAGEMAKER_PREDICTION_UDF), so SME_DELETE_SAGEMAKER_AUTOPILOT_ENDPOINT leaves it alone",
        "Delete the endpoint where it was created; drop the UDF with DROP SCRIPT if you no longer need it.")
end

return M
