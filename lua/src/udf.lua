-- sme.udf: runs the SELECT that calls one of the extension's Python UDFs. A failure passes the UDF's
-- own E-SME message on unchanged (never its traceback); anything else becomes E-SME-38.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")

local M = {}

--- The UDF's rows as plain tables keyed by the given column names (NULL -> nil).
function M.call(env, udf_name, statement, params, columns)
    local ok, result = env.pquery(statement, params)
    if not ok then
        errors.from_database(result.error_message, codes.UDF_CALL_FAILED, "calling " .. udf_name)
    end
    return sql.rows(env, result, columns)
end

--- The UDF's only row; E-SME-38 if it returned none.
function M.call_one(env, udf_name, statement, params, columns)
    local rows = M.call(env, udf_name, statement, params, columns)
    if #rows == 0 then
        errors.raise(codes.UDF_CALL_FAILED, udf_name .. " returned no row",
            "Check that the extension was deployed completely into this schema with the same version.")
    end
    return rows[1]
end

return M
