-- sme.input_query: training from a query instead of a table. The query's text is checked to be one
-- SELECT (or WITH ... SELECT); a view over it in the script's schema gives the result's column names
-- and SQL types the usual way (SYS.EXA_ALL_COLUMNS) and is what the export reads; the view is dropped
-- again whether the steps in between succeed or not.
local catalog = require("sme.catalog")
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local rules = require("sme.rules")
local sql = require("sme.sql")

local M = {}

M.VIEW_PREFIX = "SME_TRAINING_QUERY_"

local QUERY_TODO = "Give input_query as one SELECT statement (WITH ... SELECT is fine), without a"
    .. " semicolon inside, or train on a table or view with input_schema_name and input_table_or_view_name."

local function invalid(what)
    errors.raise(codes.INVALID_INPUT_QUERY, what, QUERY_TODO)
end

-- Index just after the quoted text or comment starting at i, or nil if it does not end.
local function skip_quoted(text, i, quote)
    local j = i + 1
    while true do
        local k = text:find(quote, j, true)
        if k == nil then
            return nil
        end
        if text:sub(k + 1, k + 1) ~= quote then
            return k + 1
        end
        j = k + 2
    end
end

local function skip_comment(text, i)
    if text:sub(i, i + 1) == "--" then
        local k = text:find("\n", i, true)
        return k and k + 1 or #text + 1
    end
    local k = text:find("*/", i + 2, true)
    return k and k + 2 or nil
end

--- Positions of ';' outside string literals, quoted identifiers and comments; raises on unclosed ones.
local function statement_ends(text)
    local ends, i = {}, 1
    while i <= #text do
        local char = text:sub(i, i)
        local two = text:sub(i, i + 1)
        local after
        if char == "'" or char == '"' then
            after = skip_quoted(text, i, char)
            if after == nil then
                invalid("input_query has an unclosed " .. (char == "'" and "string literal" or "quoted name"))
            end
        elseif two == "--" or two == "/*" then
            after = skip_comment(text, i)
            if after == nil then
                invalid("input_query has an unclosed /* comment")
            end
        else
            if char == ";" then
                ends[#ends + 1] = i
            end
            after = i + 1
        end
        i = after
    end
    return ends
end

local function first_word(text)
    local i = 1
    while i <= #text do
        local rest = text:sub(i)
        local blank = rest:match("^[%s%(]+")
        if blank then
            i = i + #blank
        elseif rest:sub(1, 2) == "--" or rest:sub(1, 2) == "/*" then
            i = skip_comment(text, i) or #text + 1
        else
            return (rest:match("^[%a_]+") or ""):upper()
        end
    end
    return ""
end

--- The query as it will be run: checked, without a final semicolon and surrounding blanks.
function M.normalize(query)
    if #query > rules.INPUT_QUERY_MAX_LENGTH then
        invalid("input_query is " .. #query .. " characters long, more than the "
            .. rules.INPUT_QUERY_MAX_LENGTH .. " that can be recorded")
    end
    if query:find("%z") then
        invalid("input_query contains a NUL character")
    end
    local text = query:match("^%s*(.-)%s*$")
    local ends = statement_ends(text)
    if #ends > 0 and ends[#ends] == #text then
        table.remove(ends)
        text = text:sub(1, -2):match("^(.-)%s*$")
    end
    if #ends > 0 then
        invalid("input_query holds more than one statement")
    end
    local word = first_word(text)
    if word ~= "SELECT" and word ~= "WITH" then
        invalid("input_query must be a SELECT statement, not " .. errors.show(word ~= "" and word or text))
    end
    return text
end

local function drop_view(env, schema, view)
    env.pquery([[DROP VIEW IF EXISTS ::s.::v]], {s = schema, v = view})
end

--- Run fn(source) with source = {schema=, table=, columns=} describing a view over the query in
-- `schema`; the view is dropped afterwards, also when fn raises (the error is passed on unchanged).
function M.with_query_view(env, schema, job_name, query, fn)
    local view = M.VIEW_PREFIX .. job_name
    -- The query is the user's own SQL, run with the user's privileges like any statement they type; it
    -- was checked to be one SELECT, and it is passed without a parameter table so that nothing in it is
    -- taken for a placeholder. Only the view's name, quoted, is ours.
    local ok, result = env.pquery("CREATE OR REPLACE VIEW " .. sql.quote_identifier(schema) .. "."
        .. sql.quote_identifier(view) .. " AS " .. query)
    if not ok then
        errors.from_database(result.error_message, codes.INPUT_QUERY_FAILED, "running input_query",
            "Run the query on its own to see the problem, and check that you may create views in schema "
            .. sql.quote_identifier(schema) .. " (the script describes the query's result through a view"
            .. " that it drops again).")
    end
    local outcome = table.pack(pcall(function()
        return fn(catalog.resolve_table(env, schema, view))
    end))
    drop_view(env, schema, view)
    if not outcome[1] then
        error(outcome[2], 0)
    end
    return table.unpack(outcome, 2, outcome.n)
end

return M
