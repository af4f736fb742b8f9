-- sme.prediction_udf_sql: the CREATE statement of the prediction UDF of one endpoint, as the
-- developer guide shows it. Inputs are the training columns without the target, in ordinal order;
-- it emits them, then PROBABILITY (classification only) and PREDICTIONS. With a package archive as
-- the Python runtime (sme.runtime.PYTHON_PATH), the UDF text starts with the line that imports from it.
-- build_for_endpoint writes the same kind of UDF for an endpoint the extension did not create
-- (EndpointPredictionUDF): inputs and output columns as the user names them.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local rules = require("sme.rules")
local runtime = require("sme.runtime")
local sql = require("sme.sql")
local validation = require("sme.validation")

local M = {}

local REGRESSION_PREDICTIONS_TYPE = "DOUBLE"
local PROBABILITY_TYPE = "DOUBLE"

--- Raise E-SME-39 if a feature column has the name of an output column the UDF adds.
function M.check_feature_names(feature_names)
    for _, name in ipairs(feature_names) do
        if name == rules.PROBABILITY_COLUMN or name == rules.PREDICTIONS_COLUMN then
            errors.raise(codes.RESERVED_OUTPUT_COLUMN, "the input column " .. sql.quote_identifier(name)
                .. " has the name of an output column of the prediction UDF",
                "Rename it, for example in a view over the table, and train with that view; "
                .. rules.PROBABILITY_COLUMN .. " and " .. rules.PREDICTIONS_COLUMN .. " are reserved.")
        end
    end
end

-- Letters, digits, spaces, commas and unnested parentheses: DECIMAL(18,0), VARCHAR(100) UTF8,
-- INTERVAL DAY(2) TO SECOND(3). Such a text can never close the UDF's column list early.
local function looks_like_type(column_type)
    if type(column_type) ~= "string" or not column_type:find("^[A-Za-z][A-Za-z0-9 (),]*$") then
        return false
    end
    local depth = 0
    for char in column_type:gmatch("[()]") do
        depth = depth + (char == "(" and 1 or -1)
        if depth < 0 or depth > 1 then
            return false
        end
    end
    return depth == 0
end

local function checked_type(column_name, column_type)
    if not looks_like_type(column_type) then
        errors.raise(codes.PREDICTION_UDF_CREATION_FAILED, "column " .. sql.quote_identifier(column_name)
            .. " has the type " .. errors.show(column_type) .. " which is not an Exasol data type",
            "Check COLUMN_TYPES of the job in SME_METADATA_AUTOPILOT_JOBS, or train the job again.")
    end
    return column_type
end

--- The checked input columns: {inputs = {'"name" TYPE', ...}, target_type = ...}. Raises E-SME-37
-- if the recorded columns cannot make a UDF, E-SME-39 if a feature has an output column's name.
-- spec: target, column_names, column_types (all training columns in ordinal order, target included).
function M.check_columns(spec)
    if #spec.column_names ~= #spec.column_types then
        errors.raise(codes.PREDICTION_UDF_CREATION_FAILED, "the job has " .. #spec.column_names
            .. " recorded column names but " .. #spec.column_types .. " column types",
            "Check COLUMN_NAMES and COLUMN_TYPES of the job in SME_METADATA_AUTOPILOT_JOBS, or train again.")
    end
    local inputs, features, target_type = {}, {}, nil
    for i, name in ipairs(spec.column_names) do
        local column_type = checked_type(name, spec.column_types[i])
        if name == spec.target then
            target_type = column_type
        else
            features[#features + 1] = name
            inputs[#inputs + 1] = sql.quote_identifier(name) .. " " .. column_type
        end
    end
    if target_type == nil or #inputs == 0 then
        errors.raise(codes.PREDICTION_UDF_CREATION_FAILED, "the recorded columns of the job do not hold"
            .. " its target " .. sql.quote_identifier(spec.target) .. " and at least one other column",
            "Check COLUMN_NAMES and COLUMN_TYPES of the job in SME_METADATA_AUTOPILOT_JOBS, or train again.")
    end
    M.check_feature_names(features)
    return {inputs = inputs, target_type = target_type}
end

--- The first lines of a generated UDF's Python text: put python_path on sys.path ("" for nil), the
-- same lines the deploy CLI writes into the fixed UDFs.
function M.prelude(python_path)
    if python_path == nil then
        return ""
    end
    local literal = sql.quote_python_string(python_path)
    return "import sys\nif " .. literal .. " not in sys.path: sys.path.insert(0, " .. literal .. ")\n"
end

-- The statement around the Python text: CREATE OR REPLACE ... SET SCRIPT "schema"."name"(inputs) EMITS (...).
local function create_statement(schema, name, inputs, outputs, python)
    return "CREATE OR REPLACE PYTHON3_SME SET SCRIPT " .. sql.quote_identifier(schema) .. "."
        .. sql.quote_identifier(name) .. "(" .. table.concat(inputs, ", ") .. ")\n"
        .. "EMITS (" .. table.concat(outputs, ", ") .. ") AS\n"
        .. M.prelude(runtime.PYTHON_PATH)
        .. python
        .. "def run(ctx):\n"
        .. "    return udf.run(ctx)\n"
end

-- ", max_payload_bytes=<n>" for a given limit, "" without one.
local function payload_argument(max_payload_bytes)
    if max_payload_bytes == nil then
        return ""
    end
    return ", max_payload_bytes=" .. string.format("%d", max_payload_bytes)
end

--- spec: schema, endpoint_name, connection, region, problem_type, target, column_names, column_types,
-- max_payload_bytes (the largest request body; nil: the UDF's default).
function M.build(spec)
    local checked = M.check_columns(spec)
    local inputs, outputs = checked.inputs, {}
    for i, input in ipairs(inputs) do
        outputs[i] = input
    end
    local predictions_type = REGRESSION_PREDICTIONS_TYPE
    if validation.is_classification(spec.problem_type) then
        outputs[#outputs + 1] = sql.quote_identifier(rules.PROBABILITY_COLUMN) .. " " .. PROBABILITY_TYPE
        predictions_type = checked.target_type
    end
    outputs[#outputs + 1] = sql.quote_identifier(rules.PREDICTIONS_COLUMN) .. " " .. predictions_type
    return create_statement(spec.schema, spec.endpoint_name, inputs, outputs,
        "from exasol_sagemaker_extension.udfs.prediction_udf import PredictionUDF\n"
        .. "udf = PredictionUDF(exa, endpoint_name=" .. sql.quote_python_string(spec.endpoint_name)
        .. ", connection_name=" .. sql.quote_python_string(spec.connection)
        .. ", aws_region=" .. sql.quote_python_string(spec.region)
        .. ", problem_type=" .. sql.quote_python_string(spec.problem_type)
        .. payload_argument(spec.max_payload_bytes) .. ")\n")
end

--- The UDF of an endpoint the extension did not create. spec: schema, udf_name, endpoint_name,
-- connection, region, inputs and outputs ({name=, type=} with checked types), max_payload_bytes.
function M.build_for_endpoint(spec)
    local inputs, outputs = {}, {}
    for i, column in ipairs(spec.inputs) do
        inputs[i] = sql.quote_identifier(column.name) .. " " .. checked_type(column.name, column.type)
        outputs[i] = inputs[i]
    end
    for _, column in ipairs(spec.outputs) do
        outputs[#outputs + 1] = sql.quote_identifier(column.name) .. " " .. checked_type(column.name, column.type)
    end
    return create_statement(spec.schema, spec.udf_name, inputs, outputs,
        "from exasol_sagemaker_extension.udfs.endpoint_prediction_udf import EndpointPredictionUDF\n"
        .. "udf = EndpointPredictionUDF(exa, endpoint_name=" .. sql.quote_python_string(spec.endpoint_name)
        .. ", connection_name=" .. sql.quote_python_string(spec.connection)
        .. ", aws_region=" .. sql.quote_python_string(spec.region)
        .. payload_argument(spec.max_payload_bytes) .. ")\n")
end

return M
