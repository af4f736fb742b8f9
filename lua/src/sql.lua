-- sme.sql: quoting for the few texts that cannot go through :name / ::name placeholders
-- (column lists, the body of a generated Python UDF) and helpers to read query results.
local M = {}

local PYTHON_ESCAPES = {["\\"] = "\\\\", ["'"] = "\\'", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t"}

--- "name" with inner double quotes doubled: the identifier exactly as given, case kept.
function M.quote_identifier(name)
    return '"' .. (tostring(name):gsub('"', '""')) .. '"'
end

--- A single-quoted Python string literal: backslash, quote and every control character escaped.
function M.quote_python_string(text)
    local escaped = tostring(text):gsub("[\0-\31\127\\']", function(char)
        return PYTHON_ESCAPES[char] or string.format("\\x%02x", char:byte())
    end)
    return "'" .. escaped .. "'"
end

--- Whether a value from a script parameter, a result or cjson is SQL NULL / JSON null / nil.
function M.is_null(env, value)
    return value == nil or value == env.null or (env.cjson ~= nil and value == env.cjson.null)
end

--- A result value as Lua string, nil for NULL.
function M.text(env, value)
    if M.is_null(env, value) then
        return nil
    end
    return tostring(value)
end

--- A result value as Lua integer, nil for NULL or anything that is not a whole number.
-- Accepts Lua numbers and anything whose text is a whole number (Exasol's DECIMAL values).
function M.integer(env, value)
    if M.is_null(env, value) then
        return nil
    end
    if type(value) == "number" then
        return math.tointeger(value)
    end
    local text = tostring(value):match("^%s*(%d+)%.?0*%s*$")
    if text == nil then
        return nil
    end
    return math.tointeger(tonumber(text))
end

--- The rows of a SELECT result as plain Lua tables keyed by the given column names.
function M.rows(env, result, columns)
    local rows = {}
    for i = 1, #result do
        local row = {}
        for _, column in ipairs(columns) do
            local value = result[i][column]
            if M.is_null(env, value) then
                value = nil
            end
            row[column] = value
        end
        rows[i] = row
    end
    return rows
end

return M
