-- sme.exporter: exports the training table to S3 with one EXPORT statement, one FILE per NPROC()
-- slice, into the job's own prefix <s3_output_path>/<job_name>/training-data/.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

local MIN_DIGITS = 3

function M.training_data_prefix(output_path, job_name)
    return output_path .. "/" .. job_name .. "/training-data/"
end

--- part-001.csv .. part-<count>.csv under the prefix, numbers zero-padded to the same width.
function M.file_keys(prefix, count)
    local format = "%spart-%0" .. math.max(MIN_DIGITS, #tostring(count)) .. "d.csv"
    local keys = {}
    for i = 1, count do
        keys[i] = string.format(format, prefix, i)
    end
    return keys
end

local function export_failed(message, job)
    errors.from_database(message, codes.EXPORT_FAILED,
        "exporting the training data of job " .. job.job_name .. " to S3",
        "Check that connection " .. sql.quote_identifier(job.connection)
        .. " points at https://<bucket>.s3.<region>.amazonaws.com/ of the bucket in s3_bucket_uri and"
        .. " that its key pair may write to " .. M.training_data_prefix(job.output_path, job.job_name) .. ".")
end

local function node_count(env, job)
    local ok, result = env.pquery([[SELECT NPROC() AS "NPROC"]])
    if not ok then
        export_failed(result.error_message, job)
    end
    local count = sql.integer(env, result[1] and result[1][1])
    if count == nil or count < 1 then
        count = 1
    end
    return count
end

--- Export job.columns (names) of job.schema.job.table through connection job.connection.
-- Every name goes through a ::placeholder, every key through a :placeholder. Booleans are written as
-- 1/0, the form the prediction UDF sends, so a model sees the same text in training and prediction.
-- Returns the object keys written, relative to the bucket.
function M.export(env, job)
    local keys = M.file_keys(M.training_data_prefix(job.output_path, job.job_name), node_count(env, job))
    local params = {s = job.schema, t = job.table, c = job.connection}
    local columns = {}
    for i, name in ipairs(job.columns) do
        params["col" .. i] = name
        columns[i] = "::col" .. i
    end
    local files = {}
    for i, key in ipairs(keys) do
        params["f" .. i] = key
        files[i] = "FILE :f" .. i
    end
    local statement = "EXPORT (SELECT " .. table.concat(columns, ", ") .. " FROM ::s.::t) INTO CSV AT ::c "
        .. table.concat(files, " ") .. " BOOLEAN = '1/0' WITH COLUMN NAMES"
    local ok, result = env.pquery(statement, params)
    if not ok then
        export_failed(result.error_message, job)
    end
    return keys
end

return M
