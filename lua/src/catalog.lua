-- sme.catalog: finds schemas, tables, columns and connections the way SQL would: the name exactly
-- as written first, then, for a regular identifier, upper-cased (`my_table` finds MY_TABLE,
-- `MixedCase` finds "MixedCase").
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

local LISTED_COLUMNS_MAX = 10

function M.is_regular_identifier(name)
    return name:find("^[A-Za-z][A-Za-z0-9_]*$") ~= nil
end

--- The names to try for a user-given name, in order.
function M.candidates(name)
    local names = {name}
    if M.is_regular_identifier(name) and name:upper() ~= name then
        names[2] = name:upper()
    end
    return names
end

local function select_rows(env, statement, params, what)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_READ_FAILED, "reading " .. what,
            "Check that your user may read the system tables of schema SYS and try again.")
    end
    return result
end

--- The connection's name as stored (E-SME-50 if there is none of that name).
function M.resolve_connection(env, name)
    for _, candidate in ipairs(M.candidates(name)) do
        local result = select_rows(env,
            [[SELECT CONNECTION_NAME FROM SYS.EXA_ALL_CONNECTIONS WHERE CONNECTION_NAME = :c]],
            {c = candidate}, "the connections")
        if #result > 0 then
            return candidate
        end
    end
    errors.raise(codes.CONNECTION_NOT_USABLE, "there is no connection " .. errors.show(name),
        "Create it with CREATE CONNECTION <name> TO 'https://<bucket>.s3.<region>.amazonaws.com/'"
        .. " USER '<access key id>' IDENTIFIED BY '<secret access key>' and let the user run it with"
        .. " GRANT CONNECTION <name> TO <user>, or give the name of an existing connection.")
end

--- The schema's name as stored (E-SME-34 if there is none of that name).
function M.resolve_schema(env, name)
    for _, candidate in ipairs(M.candidates(name)) do
        local result = select_rows(env, [[SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = :s]],
            {s = candidate}, "the schemas")
        if #result > 0 then
            return candidate
        end
    end
    errors.raise(codes.SCHEMA_NOT_FOUND, "there is no schema " .. errors.show(name),
        "Create it with CREATE SCHEMA, or give the name of an existing schema.")
end

--- Whether a schema of exactly this name exists.
function M.schema_exists(env, name)
    local result = select_rows(env, [[SELECT SCHEMA_NAME FROM SYS.EXA_SCHEMAS WHERE SCHEMA_NAME = :s]],
        {s = name}, "the schemas")
    return #result > 0
end

--- The table or view with its columns {name=, type=} in ordinal order (E-SME-30 if not found).
function M.resolve_table(env, schema_name, table_name)
    for _, schema in ipairs(M.candidates(schema_name)) do
        for _, table_candidate in ipairs(M.candidates(table_name)) do
            local result = select_rows(env, [[SELECT COLUMN_NAME, COLUMN_TYPE FROM SYS.EXA_ALL_COLUMNS ]]
                .. [[WHERE COLUMN_SCHEMA = :s AND COLUMN_TABLE = :t ORDER BY COLUMN_ORDINAL_POSITION]],
                {s = schema, t = table_candidate}, "the columns of the input table")
            if #result > 0 then
                local columns = {}
                for i = 1, #result do
                    columns[i] = {name = result[i].COLUMN_NAME, type = sql.text(env, result[i].COLUMN_TYPE)}
                end
                return {schema = schema, table = table_candidate, columns = columns}
            end
        end
    end
    errors.raise(codes.TABLE_NOT_FOUND, "found no table or view " .. errors.show(table_name)
        .. " in schema " .. errors.show(schema_name) .. " that you may read",
        "Check input_schema_name and input_table_or_view_name (a regular name is also tried upper-case)"
        .. " and that you have the SELECT privilege on it.")
end

local function column_list(columns)
    local names = {}
    for i = 1, math.min(#columns, LISTED_COLUMNS_MAX) do
        names[i] = sql.quote_identifier(columns[i].name)
    end
    local text = table.concat(names, ", ")
    if #columns > LISTED_COLUMNS_MAX then
        text = text .. " and " .. (#columns - LISTED_COLUMNS_MAX) .. " more"
    end
    return text
end

--- The target column of a resolved table (E-SME-31 if it has none of that name).
function M.resolve_target(source, target_name)
    for _, candidate in ipairs(M.candidates(target_name)) do
        for _, column in ipairs(source.columns) do
            if column.name == candidate then
                return column
            end
        end
    end
    errors.raise(codes.TARGET_COLUMN_NOT_FOUND, "table " .. sql.quote_identifier(source.schema) .. "."
        .. sql.quote_identifier(source.table) .. " has no column " .. errors.show(target_name),
        "Give one of its columns as target_attribute_name: " .. column_list(source.columns) .. ".")
end

return M
