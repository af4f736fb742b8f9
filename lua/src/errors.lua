-- sme.errors: every failure leaves the scripts as one string "E-SME-<n>: what happened. what to do."
-- Database errors of the UDFs are searched for the extension's own message, which is passed on
-- unchanged; anything else becomes E-SME-38 (or the caller's code) with the database's first lines.
local codes = require("sme.error_codes")

local M = {}

local SHOWN_VALUE_MAX = 80
local DATABASE_MESSAGE_MAX = 600
local ESCAPES = {["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t", ["\\"] = "\\\\", ["'"] = "\\'"}

-- Cut text to at most max bytes without splitting a UTF-8 character.
local function cut(text, max)
    if #text <= max then
        return text
    end
    local stop = max
    while stop > 0 do
        local byte = text:byte(stop + 1)
        if byte == nil or byte < 0x80 or byte >= 0xC0 then
            break
        end
        stop = stop - 1
    end
    return text:sub(1, stop)
end

--- A rejected value as it appears in a message: quoted, control characters escaped, at most 80 chars.
function M.show(value)
    if type(value) ~= "string" then
        return tostring(value)
    end
    local escaped = value:gsub("[\0-\31\127\\']", function(char)
        return ESCAPES[char] or string.format("\\x%02x", char:byte())
    end)
    local text = "'" .. escaped .. "'"
    if #text > SHOWN_VALUE_MAX then
        text = cut(text, SHOWN_VALUE_MAX - 4) .. "...'"
    end
    return text
end

--- Abort the script with "E-SME-<code>: <what>. <todo>".
function M.raise(code, what, todo)
    assert(math.type(code) == "integer", "sme.errors.raise needs a code from sme.error_codes")
    local text = tostring(what):gsub("%.+$", "")
    error(string.format("E-SME-%d: %s. %s", code, text, todo), 0)
end

--- The extension's own "E-SME-<n>: ..." text inside a database message, or nil.
-- Takes the first such text up to the end of its line, without Exasol's "(Session: ...)" suffix.
function M.extract(message)
    if type(message) ~= "string" then
        return nil
    end
    local start = message:find("E%-SME%-%d+:")
    if start == nil then
        return nil
    end
    local line = message:sub(start):match("^[^\r\n]*")
    line = line:gsub("%s*%(Session: %d+%)%s*$", "")
    return (line:gsub("%s+$", ""))
end

--- A database message made short enough to show: no Python traceback, one line, shortened.
function M.database_message(message)
    local text = tostring(message or "unknown error")
    local traceback = text:find("Traceback (most recent call last)", 1, true)
    if traceback ~= nil then
        text = text:sub(1, traceback - 1)
    end
    text = text:gsub("%(Session: %d+%)", ""):gsub("%s+", " "):gsub("^ ", ""):gsub(" $", "")
    if #text > DATABASE_MESSAGE_MAX then
        text = cut(text, DATABASE_MESSAGE_MAX - 3) .. "..."
    end
    if text == "" then
        text = "no message"
    end
    return text
end

--- Re-raise a failed statement: its own E-SME text unchanged if it has one, else
-- "E-SME-<fallback_code>: <context> failed: <database message>. <todo>".
function M.from_database(message, fallback_code, context, todo)
    local own = M.extract(message)
    if own ~= nil then
        error(own, 0)
    end
    M.raise(fallback_code or codes.UDF_CALL_FAILED,
        context .. " failed: " .. M.database_message(message),
        todo or ("Check that the extension was deployed completely into this schema with the same version,"
            .. " and that the script language PYTHON3_SME is activated for this session or system."))
end

return M
