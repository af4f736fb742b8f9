-- sme.batch_transform_sql: the statements of a batch prediction that move data: the EXPORT of keys and
-- features to S3, the output table, and the one IMPORT of the predictions. Identifiers are ::names,
-- values :names; only type texts (checked to be plain Exasol types) are written into the text.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local exporter = require("sme.exporter")
local rules = require("sme.rules")
local sql = require("sme.sql")

local M = {}

M.PROBABILITY_TYPE = "DOUBLE"
M.REGRESSION_PREDICTIONS_TYPE = "DOUBLE"

--- <s3_output_path>/<job_name>/batch-transform/<transform_job_name>/ (relative to the bucket).
function M.prefix(output_path, job_name, transform_job_name)
    return output_path .. "/" .. job_name .. "/batch-transform/" .. transform_job_name .. "/"
end

local function node_count(env)
    local ok, result = env.pquery([[SELECT NPROC() AS "NPROC"]])
    local count = ok and sql.integer(env, result[1] and result[1][1]) or nil
    if count == nil or count < 1 then
        count = 1
    end
    return count
end

--- Export spec.keys and spec.features ({name=, cast=type or nil}) of spec.schema.spec.table, keys first,
-- as CSV without header, one FILE per NPROC() slice under spec.prefix .. "input/". Returns the keys.
function M.export(env, spec)
    local files = exporter.file_keys(spec.prefix .. "input/", node_count(env))
    local params = {s = spec.schema, t = spec.table, c = spec.connection}
    local selected = {}
    for i, column in ipairs(spec.columns) do
        params["col" .. i] = column.name
        if column.cast ~= nil then
            selected[i] = "CAST(::col" .. i .. " AS " .. column.cast .. ")"
        else
            selected[i] = "::col" .. i
        end
    end
    local file_clauses = {}
    for i, key in ipairs(files) do
        params["file" .. i] = key
        file_clauses[i] = "FILE :file" .. i
    end
    local ok, result = env.pquery("EXPORT (SELECT " .. table.concat(selected, ", ") .. " FROM ::s.::t) INTO CSV AT ::c "
        .. table.concat(file_clauses, " ") .. " BOOLEAN = '1/0'", params)
    if not ok then
        errors.from_database(result.error_message, codes.EXPORT_FAILED,
            "exporting the rows to score of " .. sql.quote_identifier(spec.schema) .. "."
            .. sql.quote_identifier(spec.table) .. " to S3",
            "Check that connection " .. sql.quote_identifier(spec.connection) .. " points at"
            .. " https://<bucket>.s3.<region>.amazonaws.com/ of the job's bucket and that its key pair may"
            .. " write to " .. spec.prefix .. "input/.")
    end
    return files
end

-- Letters, digits, spaces, commas and unnested parentheses (DECIMAL(18,0), VARCHAR(100) UTF8): a type
-- text that can never end the column list early.
local function checked_type(name, column_type)
    local plain = type(column_type) == "string"
        and column_type:find("^[A-Za-z][A-Za-z0-9 ]*%(?[0-9 ,]*%)?[A-Za-z0-9 ]*$")
    if not plain then
        errors.raise(codes.PREDICTIONS_IMPORT_FAILED, "column " .. sql.quote_identifier(name) .. " has the type "
            .. errors.show(column_type) .. ", which cannot be written into the output table",
            "Use key columns of plain Exasol types, for example through a view with CASTs.")
    end
    return column_type
end

--- The output columns {name=, type=} in table order: the keys, PROBABILITY (classification), PREDICTIONS.
function M.output_columns(keys, classification, target_type)
    local columns = {}
    for i, key in ipairs(keys) do
        columns[i] = {name = key.name, type = checked_type(key.name, key.type)}
    end
    if classification then
        columns[#columns + 1] = {name = rules.PROBABILITY_COLUMN, type = M.PROBABILITY_TYPE}
        columns[#columns + 1] = {name = rules.PREDICTIONS_COLUMN, type = target_type}
    else
        columns[#columns + 1] = {name = rules.PREDICTIONS_COLUMN, type = M.REGRESSION_PREDICTIONS_TYPE}
    end
    return columns
end

--- The columns in the order of the .out files: the keys, PREDICTIONS, then PROBABILITY (classification).
function M.file_columns(keys, classification)
    local names = {}
    for i, key in ipairs(keys) do
        names[i] = key.name
    end
    names[#names + 1] = rules.PREDICTIONS_COLUMN
    if classification then
        names[#names + 1] = rules.PROBABILITY_COLUMN
    end
    return names
end

local function drop_output(env, target)
    env.pquery("DROP TABLE IF EXISTS ::os.::ot", {os = target.schema, ot = target.table})
end

--- Create the output table (replacing it when asked) and fill it with one IMPORT of the .out files.
-- target: schema, table, replace, connection, columns (output_columns), file_columns, files.
-- On failure the table is dropped, so there is never a half-filled table. Returns the rows loaded.
function M.load(env, target)
    local params = {os = target.schema, ot = target.table}
    local definitions = {}
    for i, column in ipairs(target.columns) do
        params["out" .. i] = column.name
        definitions[i] = "::out" .. i .. " " .. column.type
    end
    local create = (target.replace and "CREATE OR REPLACE TABLE" or "CREATE TABLE") .. " ::os.::ot ("
        .. table.concat(definitions, ", ") .. ")"
    local ok, result = env.pquery(create, params)
    local shown = sql.quote_identifier(target.schema) .. "." .. sql.quote_identifier(target.table)
    if not ok then
        errors.raise(codes.PREDICTIONS_IMPORT_FAILED, "creating the output table " .. shown .. " failed: "
            .. errors.database_message(result.error_message), "Check that you may create tables in schema "
            .. sql.quote_identifier(target.schema) .. ", then run the script again with the same"
            .. " transform_job_name: it loads the finished predictions without scoring again.")
    end
    if #target.files == 0 then
        return 0
    end
    params = {os = target.schema, ot = target.table, c = target.connection}
    local columns, files = {}, {}
    for i, name in ipairs(target.file_columns) do
        params["in" .. i] = name
        columns[i] = "::in" .. i
    end
    for i, key in ipairs(target.files) do
        params["file" .. i] = key
        files[i] = "FILE :file" .. i
    end
    ok, result = env.pquery("IMPORT INTO ::os.::ot (" .. table.concat(columns, ", ") .. ") FROM CSV AT ::c "
        .. table.concat(files, " "), params)
    if not ok then
        drop_output(env, target)
        errors.raise(codes.PREDICTIONS_IMPORT_FAILED, "loading the predictions into " .. shown .. " failed: "
            .. errors.database_message(result.error_message), "The table was dropped. Fix the cause, then run"
            .. " the script again with the same transform_job_name: it loads the finished predictions"
            .. " without scoring again.")
    end
    return sql.integer(env, result.rows_affected) or sql.integer(env, result.rows_inserted) or 0
end

return M
