-- sme.candidates: the leaderboard and insight tables of a job, and
-- SME_LIST_SAGEMAKER_AUTOPILOT_CANDIDATES(job_name, aws_credentials_connection_name, aws_region).
--
-- Each table is refilled for one job at a time: its rows of that job are deleted, then the UDF's rows
-- are inserted with INSERT INTO ... SELECT <udf>(...). The candidates table is written last of the
-- leaderboard tables (and its rows are deleted first), so a job has rows there only when the
-- leaderboard is complete; a failed refill leaves the job without candidates, which the next poll or
-- refill repairs. The insight tables are filled after the leaderboard; the best candidate's reports are
-- optional, so a job without them simply has no rows there.
local catalog = require("sme.catalog")
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local metadata = require("sme.metadata")
local rules = require("sme.rules")
local sql = require("sme.sql")
local validation = require("sme.validation")

local M = {}

M.CANDIDATES = {table = "SME_METADATA_AUTOPILOT_CANDIDATES", udf = "SME_AUTOPILOT_CANDIDATES_UDF",
    columns = {"JOB_NAME", "CANDIDATE_NAME", "CANDIDATE_RANK", "IS_BEST_CANDIDATE", "ALGORITHM",
        "OBJECTIVE_METRIC_NAME", "OBJECTIVE_METRIC_DIRECTION", "OBJECTIVE_METRIC_VALUE", "CANDIDATE_STATUS",
        "OBJECTIVE_STATUS", "FAILURE_REASON", "CREATION_TIME", "END_TIME", "TRAINING_SECONDS", "LOADED_AT"}}
M.METRICS = {table = "SME_METADATA_AUTOPILOT_CANDIDATE_METRICS", udf = "SME_AUTOPILOT_CANDIDATE_METRICS_UDF",
    columns = {"JOB_NAME", "CANDIDATE_NAME", "DATA_SET", "METRIC_NAME", "STANDARD_METRIC_NAME", "METRIC_VALUE",
        "LOADED_AT"}}
M.FEATURE_IMPORTANCE = {table = "SME_METADATA_AUTOPILOT_FEATURE_IMPORTANCE",
    udf = "SME_AUTOPILOT_FEATURE_IMPORTANCE_UDF", what = "feature importances (explainability report)",
    columns = {"JOB_NAME", "CANDIDATE_NAME", "LABEL", "FEATURE_NAME", "IMPORTANCE", "IMPORTANCE_RANK",
        "REPORT_URI", "LOADED_AT"}}
M.MODEL_QUALITY = {table = "SME_METADATA_AUTOPILOT_MODEL_QUALITY", udf = "SME_AUTOPILOT_MODEL_QUALITY_UDF",
    what = "model quality metrics (model insights report)",
    columns = {"JOB_NAME", "CANDIDATE_NAME", "METRIC_GROUP", "METRIC_NAME", "METRIC_VALUE", "STANDARD_DEVIATION",
        "REPORT_URI", "LOADED_AT"}}

M.LEADERBOARD_COLUMNS = {"CANDIDATE_RANK", "CANDIDATE_NAME", "IS_BEST_CANDIDATE", "ALGORITHM",
    "OBJECTIVE_METRIC_NAME", "OBJECTIVE_METRIC_VALUE", "CANDIDATE_STATUS", "OBJECTIVE_STATUS",
    "TRAINING_SECONDS"}
M.LEADERBOARD_TYPES = "CANDIDATE_RANK DECIMAL(9,0), CANDIDATE_NAME VARCHAR(" .. rules.CANDIDATE_NAME_MAX_LENGTH
    .. "), IS_BEST_CANDIDATE BOOLEAN, ALGORITHM VARCHAR(256), OBJECTIVE_METRIC_NAME VARCHAR(256), "
    .. "OBJECTIVE_METRIC_VALUE DOUBLE, "
    .. "CANDIDATE_STATUS VARCHAR(32), OBJECTIVE_STATUS VARCHAR(32), TRAINING_SECONDS DOUBLE"

local REDEPLOY_HINT = "Check that the extension was deployed into this schema with this version"
    .. " (sme-deploy creates the metadata tables) and that your user may read and write them, then run"
    .. " SME_LIST_SAGEMAKER_AUTOPILOT_CANDIDATES again."

local function column_list(columns)
    local quoted = {}
    for i, column in ipairs(columns) do
        quoted[i] = sql.quote_identifier(column)
    end
    return table.concat(quoted, ", ")
end

local function delete_rows(env, schema, spec, job_name)
    local ok, result = env.pquery("DELETE FROM ::s." .. sql.quote_identifier(spec.table) .. [[ WHERE "JOB_NAME" = :j]],
        {s = schema, j = job_name})
    if not ok then
        errors.from_database(result.error_message, codes.CANDIDATE_TABLES_WRITE_FAILED,
            "deleting the rows of job " .. job_name .. " from " .. spec.table, REDEPLOY_HINT)
    end
end

--- Insert the rows the spec's UDF emits for the job; returns how many. A failing UDF's own E-SME
-- message passes unchanged; any other failure is E-SME-100.
local function insert_rows(env, schema, spec, job_name, connection, region)
    local ok, result = env.pquery("INSERT INTO ::s." .. sql.quote_identifier(spec.table) .. " ("
        .. column_list(spec.columns) .. ") SELECT ::s." .. sql.quote_identifier(spec.udf)
        .. "(:job_name, :connection, :region)",
        {s = schema, job_name = job_name, connection = connection, region = region})
    if not ok then
        errors.from_database(result.error_message, codes.CANDIDATE_TABLES_WRITE_FAILED,
            "writing the rows of job " .. job_name .. " into " .. spec.table .. " (" .. spec.udf .. ")",
            REDEPLOY_HINT)
    end
    return sql.integer(env, result.rows_inserted) or sql.integer(env, result.rows_affected) or 0
end

--- Whether the job has rows in SME_METADATA_AUTOPILOT_CANDIDATES.
function M.has_candidates(env, schema, job_name)
    local ok, result = env.pquery([[SELECT "CANDIDATE_NAME" FROM ::s."SME_METADATA_AUTOPILOT_CANDIDATES" ]]
        .. [[WHERE "JOB_NAME" = :j LIMIT 1]], {s = schema, j = job_name})
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_READ_FAILED,
            "reading SME_METADATA_AUTOPILOT_CANDIDATES", REDEPLOY_HINT)
    end
    return #result > 0
end

--- Replace the job's leaderboard rows (candidates and their metrics); returns the number of candidates.
function M.fill_leaderboard(env, schema, job_name, connection, region)
    delete_rows(env, schema, M.CANDIDATES, job_name)
    delete_rows(env, schema, M.METRICS, job_name)
    insert_rows(env, schema, M.METRICS, job_name, connection, region)
    return insert_rows(env, schema, M.CANDIDATES, job_name, connection, region)
end

--- Replace the job's rows of the insight tables. Returns notes (text lines) for the user: what is
-- missing, and what failed; a failure here never undoes the leaderboard.
function M.fill_insight(env, schema, job_name, connection, region)
    local notes = {}
    for _, spec in ipairs({M.FEATURE_IMPORTANCE, M.MODEL_QUALITY}) do
        local ok, result = pcall(function()
            delete_rows(env, schema, spec, job_name)
            return insert_rows(env, schema, spec, job_name, connection, region)
        end)
        if not ok then
            notes[#notes + 1] = "Note: the " .. spec.what .. " of job " .. job_name .. " could not be written to "
                .. spec.table .. ": " .. tostring(result)
        elseif result == 0 then
            notes[#notes + 1] = "Note: job " .. job_name .. " has no " .. spec.what .. " for its best candidate"
                .. " (Autopilot did not produce it), so " .. spec.table .. " has no rows for it."
        end
    end
    return notes
end

--- Fill all four tables for the job; returns the number of candidates and the notes.
function M.fill(env, schema, job_name, connection, region)
    local count = M.fill_leaderboard(env, schema, job_name, connection, region)
    return count, M.fill_insight(env, schema, job_name, connection, region)
end

--- After a poll saw the job Completed: fill the tables unless the job already has candidates there.
-- Never raises: whatever goes wrong becomes an output line, so the poll still returns the status.
function M.fill_after_completion(env, schema, job_name, connection, region)
    local ok, failure = pcall(function()
        if not metadata.job_exists(env, schema, job_name) then
            env.output("Note: job " .. job_name .. " is not recorded in SME_METADATA_AUTOPILOT_JOBS of this"
                .. " schema, so its candidates are not written to SME_METADATA_AUTOPILOT_CANDIDATES.")
            return
        end
        if M.has_candidates(env, schema, job_name) then
            return
        end
        local count, notes = M.fill(env, schema, job_name, connection, region)
        env.output("Leaderboard: " .. count .. " candidates of job " .. job_name
            .. " written to SME_METADATA_AUTOPILOT_CANDIDATES.")
        for _, note in ipairs(notes) do
            env.output(note)
        end
    end)
    if not ok then
        env.output("Note: the job's status above is current, but its leaderboard could not be written: "
            .. tostring(failure) .. " Run SME_LIST_SAGEMAKER_AUTOPILOT_CANDIDATES('" .. job_name
            .. "', ...) to try again.")
    end
end

--- The job's leaderboard as stored: best rank first, unranked candidates after them.
function M.leaderboard(env, schema, job_name)
    local ok, result = env.pquery("SELECT " .. column_list(M.LEADERBOARD_COLUMNS)
        .. [[ FROM ::s."SME_METADATA_AUTOPILOT_CANDIDATES" WHERE "JOB_NAME" = :j]]
        .. [[ ORDER BY "CANDIDATE_RANK" NULLS LAST, "CREATION_TIME", "CANDIDATE_NAME"]],
        {s = schema, j = job_name})
    if not ok then
        errors.from_database(result.error_message, codes.METADATA_READ_FAILED,
            "reading SME_METADATA_AUTOPILOT_CANDIDATES", REDEPLOY_HINT)
    end
    local rows = {}
    for i = 1, #result do
        local row = {}
        for position, column in ipairs(M.LEADERBOARD_COLUMNS) do
            local value = result[i][column]
            if value == nil then
                value = env.null
            end
            row[position] = value
        end
        rows[i] = row
    end
    return rows
end

function M.run(env, job_name, connection_name, region)
    validation.job_name(validation.required_string(job_name, "job_name", env.null))
    validation.identifier(validation.required_string(connection_name, "aws_credentials_connection_name",
        env.null), "connection name")
    validation.region(validation.required_string(region, "aws_region", env.null))
    local schema = env.exa.meta.script_schema
    metadata.read_job(env, schema, job_name)
    local connection = catalog.resolve_connection(env, connection_name)
    local count, notes = M.fill(env, schema, job_name, connection, region)
    env.output("Leaderboard: " .. count .. " candidates of job " .. job_name
        .. " written to SME_METADATA_AUTOPILOT_CANDIDATES.")
    for _, note in ipairs(notes) do
        env.output(note)
    end
    return M.leaderboard(env, schema, job_name), M.LEADERBOARD_TYPES
end

return M
