-- sme.batch_transform: SME_BATCH_PREDICT_WITH_SAGEMAKER_AUTOPILOT(json_str). Scores a whole table with a
-- SageMaker batch transform job, no endpoint: export keys and features to S3, start model and transform
-- job (SME_BATCH_TRANSFORM_START_UDF), record it, wait (SME_BATCH_TRANSFORM_WAIT_UDF, which deletes the
-- model), then create the output table and IMPORT the predictions in one statement. A run that ran out
-- of waiting time is resumed by running again with the same transform_job_name: no second export.
local batch_sql = require("sme.batch_transform_sql")
local catalog = require("sme.catalog")
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local metadata = require("sme.metadata")
local params_module = require("sme.batch_transform_params")
local prediction_udf_sql = require("sme.prediction_udf_sql")
local records = require("sme.batch_transform_records")
local rules = require("sme.rules")
local sql = require("sme.sql")
local udf = require("sme.udf")
local validation = require("sme.validation")

local M = {}

M.START_SQL = [[SELECT ::s."SME_BATCH_TRANSFORM_START_UDF"(:transform_job, :job_name, :candidate, :input_uri, ]]
    .. [[:output_uri, :key_count, :feature_count, :instance_type, :instance_count, :connection, :region)]]
M.WAIT_SQL = [[SELECT ::s."SME_BATCH_TRANSFORM_WAIT_UDF"(:transform_job, :output_uri, :max_wait, ]]
    .. [[:connection, :region)]]
M.COLUMNS = "TRANSFORM_JOB_NAME VARCHAR(" .. rules.TRANSFORM_JOB_NAME_MAX_LENGTH .. "), OUTPUT_TABLE VARCHAR(300),"
    .. " ROWS_LOADED DECIMAL(18,0)"

local function qualified(schema, name)
    return sql.quote_identifier(schema) .. "." .. sql.quote_identifier(name)
end

--- The name SQL would give an unquoted name: a regular identifier upper-cased, anything else as given.
function M.new_table_name(name)
    if catalog.is_regular_identifier(name) then
        return name:upper()
    end
    return name
end

local function find_column(columns, name)
    for _, candidate in ipairs(catalog.candidates(name)) do
        for _, column in ipairs(columns) do
            if column.name == candidate then
                return column
            end
        end
    end
    return nil
end

--- The key columns {name=, type=} of the source, each found as SQL would find it.
function M.resolve_keys(source, key_names)
    local keys = {}
    for i, name in ipairs(key_names) do
        local column = find_column(source.columns, name)
        if column == nil then
            errors.raise(codes.KEY_COLUMN_NOT_FOUND, qualified(source.schema, source.table) .. " has no column "
                .. errors.show(name), "Give columns of the input table or view in key_columns.")
        end
        if column.name == rules.PROBABILITY_COLUMN or column.name == rules.PREDICTIONS_COLUMN then
            errors.raise(codes.RESERVED_OUTPUT_COLUMN, "the key column " .. sql.quote_identifier(column.name)
                .. " has the name of an output column", "Rename it, for example in a view over the table; "
                .. rules.PROBABILITY_COLUMN .. " and " .. rules.PREDICTIONS_COLUMN .. " are reserved.")
        end
        for j = 1, i - 1 do
            if keys[j].name == column.name then
                errors.raise(codes.INVALID_KEY_COLUMNS, "key column " .. sql.quote_identifier(column.name)
                    .. " is given twice", "Name each key column once.")
            end
        end
        keys[i] = {name = column.name, type = column.type}
    end
    return keys
end

--- The job's features in training order as {name=, cast=}: cast is the recorded type where the input
-- column has another type, so the model sees the text it was trained on (as the prediction UDF would).
function M.resolve_features(source, job)
    local by_name = {}
    for _, column in ipairs(source.columns) do
        by_name[column.name] = column
    end
    local features = {}
    for i, name in ipairs(job.column_names) do
        if name ~= job.target then
            local column = by_name[name]
            if column == nil then
                errors.raise(codes.FEATURE_COLUMN_MISSING, qualified(source.schema, source.table)
                    .. " has no column " .. sql.quote_identifier(name) .. ", a feature of job " .. job.job_name,
                    "Score a table or view with every training column except the target, named exactly as in"
                    .. " training (COLUMN_NAMES of SME_METADATA_AUTOPILOT_JOBS).")
            end
            local recorded = job.column_types[i]
            features[#features + 1] = {name = name, cast = (column.type ~= recorded) and recorded or nil}
        end
    end
    return features
end

local function refuse_existing_output(env, target, replace)
    if replace then
        return
    end
    local ok, result = env.pquery([[SELECT COLUMN_NAME FROM SYS.EXA_ALL_COLUMNS WHERE COLUMN_SCHEMA = :s ]]
        .. [[AND COLUMN_TABLE = :t]], {s = target.schema, t = target.table})
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_READ_FAILED, "reading the columns of"
            .. " the output table", "Check that your user may read the system tables of schema SYS.")
    end
    if #result > 0 then
        errors.raise(codes.OUTPUT_TABLE_EXISTS, "the output table " .. qualified(target.schema, target.table)
            .. " already exists", "Choose another output_table_name, drop the table, or add"
            .. " \"replace_output_table\": true to replace it.")
    end
end

local function or_null(env, value)
    if value == nil then
        return env.null
    end
    return value
end

local function refuse_reuse(transform_job, record, reason)
    errors.raise(codes.TRANSFORM_JOB_NAME_IN_USE, "transform job " .. transform_job .. " is already recorded in"
        .. " SME_METADATA_BATCH_TRANSFORM_JOBS " .. reason, "Give a new transform_job_name, or leave it out to"
        .. " get one derived from the job name and the time.")
end

-- The recorded run this call resumes, or nil for a new run.
local function resumed_run(env, schema, params, transform_job, output, key_columns_json)
    local record = records.find(env, schema, transform_job)
    if record == nil then
        return nil
    end
    if not params.transform_job_name_given then
        refuse_reuse(transform_job, record, "(started in the same second)")
    end
    if record.STATUS ~= records.IN_PROGRESS then
        refuse_reuse(transform_job, record, "with status " .. tostring(record.STATUS))
    end
    if record.JOB_NAME ~= params.job_name or record.OUTPUT_SCHEMA_NAME ~= output.schema
            or record.OUTPUT_TABLE_NAME ~= output.table or record.KEY_COLUMNS ~= key_columns_json then
        refuse_reuse(transform_job, record, "for job " .. tostring(record.JOB_NAME) .. ", output table "
            .. qualified(tostring(record.OUTPUT_SCHEMA_NAME), tostring(record.OUTPUT_TABLE_NAME))
            .. " and key columns " .. tostring(record.KEY_COLUMNS) .. ", not for these parameters")
    end
    return record
end

local function start(env, schema, run)
    return udf.call_one(env, "SME_BATCH_TRANSFORM_START_UDF", M.START_SQL, {
        s = schema, transform_job = run.transform_job_name, job_name = run.job_name,
        candidate = or_null(env, run.candidate_name), input_uri = run.input_uri, output_uri = run.output_uri,
        key_count = run.key_count, feature_count = run.feature_count, instance_type = run.instance_type,
        instance_count = run.instance_count, connection = run.connection, region = run.region,
    }, {"TRANSFORM_JOB_NAME", "CANDIDATE_NAME", "PROBLEM_TYPE"})
end

local function wait(env, schema, run, max_wait)
    local ok, result = env.pquery(M.WAIT_SQL, {s = schema, transform_job = run.transform_job_name,
        output_uri = run.output_uri, max_wait = or_null(env, max_wait), connection = run.connection,
        region = run.region})
    if not ok then
        local own = errors.extract(result.error_message)
        if own ~= nil and own:find("^E%-SME%-" .. codes.TRANSFORM_JOB_FAILED .. ":") then
            records.set_status(env, schema, run.transform_job_name, records.FAILED)
        end
        errors.from_database(result.error_message, codes.UDF_CALL_FAILED, "calling SME_BATCH_TRANSFORM_WAIT_UDF")
    end
    local row = sql.rows(env, result, {"TRANSFORM_JOB_STATUS", "OUTPUT_FILES"})[1]
    if row == nil then
        errors.raise(codes.UDF_CALL_FAILED, "SME_BATCH_TRANSFORM_WAIT_UDF returned no row",
            "Check that the extension was deployed completely into this schema with the same version.")
    end
    local decoded_ok, files = pcall(env.cjson.decode, row.OUTPUT_FILES or "[]")
    if not decoded_ok or type(files) ~= "table" then
        errors.raise(codes.UDF_CALL_FAILED, "SME_BATCH_TRANSFORM_WAIT_UDF returned no file list",
            "Check that the extension was deployed completely into this schema with the same version.")
    end
    return files
end

local function checked_problem_type(problem_type, transform_job)
    if not validation.is_problem_type(problem_type) then
        errors.raise(codes.UDF_CALL_FAILED, "transform job " .. transform_job .. " scores with a model of"
            .. " unknown problem type " .. errors.show(problem_type), "Check the Autopilot job in the AWS console.")
    end
    return problem_type
end

function M.run(env, json_str)
    local params = params_module.parse(env, json_str)
    local schema = env.exa.meta.script_schema
    local job = metadata.read_job(env, schema, params.job_name)
    local checked = prediction_udf_sql.check_columns(job)
    local connection = catalog.resolve_connection(env, params.aws_credentials_connection_name)
    local source = catalog.resolve_table(env, params.input_schema_name, params.input_table_or_view_name)
    local keys = M.resolve_keys(source, params.key_columns)
    local features = M.resolve_features(source, job)
    local output = {schema = catalog.resolve_schema(env, params.output_schema_name),
                    table = M.new_table_name(params.output_table_name)}
    local transform_job = params.transform_job_name
        or params_module.default_transform_job_name(params.job_name, os.time())
    local bucket_uri = validation.s3_bucket_uri(job.s3_bucket_uri)
    local prefix = batch_sql.prefix(validation.s3_output_path(job.s3_output_path), job.job_name, transform_job)
    local run = {
        transform_job_name = transform_job, job_name = job.job_name, candidate_name = params.candidate_name,
        input_uri = bucket_uri .. "/" .. prefix .. "input/", output_uri = bucket_uri .. "/" .. prefix .. "output/",
        key_count = #keys, feature_count = #features, instance_type = params.instance_type,
        instance_count = params.instance_count, connection = connection, region = params.aws_region,
    }
    local key_names = {}
    for i, key in ipairs(keys) do
        key_names[i] = key.name
    end
    local record = resumed_run(env, schema, params, transform_job, output, env.cjson.encode(key_names))
    refuse_existing_output(env, output, params.replace_output_table)
    local problem_type
    if record == nil then
        local exported = {}
        for _, column in ipairs(keys) do
            exported[#exported + 1] = {name = column.name}
        end
        for _, column in ipairs(features) do
            exported[#exported + 1] = column
        end
        batch_sql.export(env, {schema = source.schema, table = source.table, connection = connection,
                               prefix = prefix, columns = exported})
        local started = start(env, schema, run)
        problem_type = checked_problem_type(started.PROBLEM_TYPE or job.problem_type, transform_job)
        records.insert(env, schema, {
            transform_job_name = transform_job, job_name = job.job_name, candidate_name = started.CANDIDATE_NAME,
            problem_type = problem_type, input_schema = source.schema, input_table = source.table,
            key_columns = key_names, output_schema = output.schema, output_table = output.table,
            instance_type = params.instance_type, instance_count = params.instance_count,
            connection = connection, region = params.aws_region, output_uri = run.output_uri,
        })
    else
        problem_type = checked_problem_type(record.PROBLEM_TYPE or job.problem_type, transform_job)
    end
    local files = wait(env, schema, run, params.max_wait_in_seconds)
    local classification = validation.is_classification(problem_type)
    local rows = batch_sql.load(env, {
        schema = output.schema, table = output.table, replace = params.replace_output_table,
        connection = connection, columns = batch_sql.output_columns(keys, classification, checked.target_type),
        file_columns = batch_sql.file_columns(keys, classification), files = files,
    })
    records.set_status(env, schema, transform_job, records.LOADED, rows)
    return {{transform_job, qualified(output.schema, output.table), rows}}, M.COLUMNS
end

return M
