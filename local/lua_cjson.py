"""Pure-Lua ``cjson`` for the local runtime, modelled on lua-cjson 2.1 (what Exasol's scripting ships).

Behaviour kept from lua-cjson: ``/`` is escaped as ``\\/``; numbers are written with ``%.14g``;
NaN and infinity are refused; an empty table encodes as ``{}``; a table whose keys are all positive
integers is an array (holes become ``null``; an excessively sparse one is refused); other keys must
be strings or numbers; functions and userdata (Exasol's ``decimal`` included) cannot be serialised;
``cjson.null`` is the ``null`` sentinel, and equals Exasol's ``null``/``NULL``. Decoding gives Lua
integers for integer literals that fit (lua-cjson 2.1.0.10+ behaviour) and floats otherwise.
"""

CJSON_LUA = r'''
local null_value, is_decimal = ...
local M = {_NAME = "cjson", _VERSION = "2.1.0", null = null_value}
local cfg = {sparse_convert = false, sparse_ratio = 2, sparse_safe = 10, max_depth = 1000,
             decode_max_depth = 1000, precision = 14}

local escapes = {['"'] = '\\"', ['\\'] = '\\\\', ['/'] = '\\/', ['\b'] = '\\b', ['\f'] = '\\f',
                 ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t'}
local function escape_char(c)
    return escapes[c] or string.format("\\u%04x", c:byte())
end
local function encode_string(s)
    return '"' .. s:gsub('[%c"\\/\127]', escape_char) .. '"'
end

local function encode_number(n)
    if n ~= n or n == math.huge or n == -math.huge then
        error("Cannot serialise number: must not be NaN or Infinity", 0)
    end
    if math.type(n) == "integer" then return string.format("%d", n) end
    return string.format("%." .. cfg.precision .. "g", n)
end

local function type_name(v)
    if is_decimal(v) then return "userdata" end
    return type(v)
end

local function array_length(t)
    local max, items = 0, 0
    for k in pairs(t) do
        if math.type(k) == "integer" and k >= 1 then
            if k > max then max = k end
            items = items + 1
        elseif type(k) == "number" and k >= 1 and k == math.floor(k) then
            if k > max then max = math.tointeger(k) end
            items = items + 1
        else
            return -1
        end
    end
    if max > cfg.sparse_safe and max > items * cfg.sparse_ratio then
        if cfg.sparse_convert then return -1 end
        error("Cannot serialise table: excessively sparse array", 0)
    end
    return max
end

local encode_value
local function encode_table(t, depth, out)
    if depth > cfg.max_depth then
        error("Cannot serialise, excessive nesting (" .. depth .. ")", 0)
    end
    local n = array_length(t)
    if n > 0 then
        out[#out + 1] = "["
        for i = 1, n do
            if i > 1 then out[#out + 1] = "," end
            encode_value(t[i], depth, out)
        end
        out[#out + 1] = "]"
    elseif n == 0 then
        out[#out + 1] = "{}"
    else
        out[#out + 1] = "{"
        local first = true
        for k, v in pairs(t) do
            local key
            if type(k) == "string" then key = encode_string(k)
            elseif type(k) == "number" then key = '"' .. encode_number(k) .. '"'
            else error("Cannot serialise table: table key must be a number or string", 0) end
            if not first then out[#out + 1] = "," end
            first = false
            out[#out + 1] = key
            out[#out + 1] = ":"
            encode_value(v, depth, out)
        end
        out[#out + 1] = "}"
    end
end

encode_value = function(v, depth, out)
    local t = type(v)
    if v == nil or rawequal(v, null_value) then out[#out + 1] = "null"
    elseif t == "boolean" then out[#out + 1] = tostring(v)
    elseif t == "number" then out[#out + 1] = encode_number(v)
    elseif t == "string" then out[#out + 1] = encode_string(v)
    elseif t == "table" and not is_decimal(v) then encode_table(v, depth + 1, out)
    else error("Cannot serialise " .. type_name(v) .. ": type not supported", 0) end
end

function M.encode(...)
    if select("#", ...) ~= 1 then error("bad argument #1 to 'encode' (expected 1 argument)", 2) end
    local out = {}
    encode_value((...), 0, out)
    return table.concat(out)
end

-- decoding --------------------------------------------------------------------------------------
local function decode_error(s, pos, expected)
    local found
    if pos > #s then found = "T_END" else found = "invalid token" end
    error(string.format("Expected %s but found %s at character %d", expected, found, pos), 0)
end

local function skip_ws(s, pos)
    return s:find("[^ \t\r\n]", pos) or #s + 1
end

local function utf8_char(cp)
    return utf8.char(cp)
end

local function decode_string(s, pos)
    local parts, i = {}, pos + 1
    while true do
        local c = s:sub(i, i)
        if c == "" then error("Expected value but found unexpected end of string at character " .. i, 0) end
        if c == '"' then return table.concat(parts), i + 1 end
        if c == "\\" then
            local e = s:sub(i + 1, i + 1)
            local simple = ({['"'] = '"', ['\\'] = '\\', ['/'] = '/', b = '\b', f = '\f', n = '\n',
                             r = '\r', t = '\t'})[e]
            if simple then parts[#parts + 1] = simple; i = i + 2
            elseif e == "u" then
                local hex = s:sub(i + 2, i + 5)
                if not hex:match("^%x%x%x%x$") then
                    error("Expected value but found invalid unicode escape code at character " .. pos, 0)
                end
                local cp = tonumber(hex, 16)
                i = i + 6
                if cp >= 0xD800 and cp <= 0xDBFF then
                    local low = s:match("^\\u(%x%x%x%x)", i)
                    local lowcp = low and tonumber(low, 16)
                    if not lowcp or lowcp < 0xDC00 or lowcp > 0xDFFF then
                        error("Expected value but found invalid unicode escape code at character " .. pos, 0)
                    end
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lowcp - 0xDC00)
                    i = i + 6
                elseif cp >= 0xDC00 and cp <= 0xDFFF then
                    error("Expected value but found invalid unicode escape code at character " .. pos, 0)
                end
                parts[#parts + 1] = utf8_char(cp)
            else
                error("Expected value but found invalid escape code at character " .. pos, 0)
            end
        elseif c:byte() < 32 then
            error("Expected value but found invalid token at character " .. pos, 0)
        else
            local j = s:find('["\\%c]', i) or #s + 1
            parts[#parts + 1] = s:sub(i, j - 1)
            i = j
        end
    end
end

local decode_value
local function decode_number(s, pos)
    local text = s:match("^-?%d+%.?%d*[eE]?[-+]?%d*", pos)
    if not text or text == "" or text == "-" then decode_error(s, pos, "value") end
    local value
    if text:match("^-?%d+$") then value = math.tointeger(tonumber(text)) end
    if value == nil then value = tonumber(text) end
    if value == nil then decode_error(s, pos, "value") end
    if math.type(value) == "integer" and not text:match("^-?%d+$") then value = value + 0.0 end
    return value, pos + #text
end

local function decode_array(s, pos, depth)
    local result, n = {}, 0
    pos = skip_ws(s, pos + 1)
    if s:sub(pos, pos) == "]" then return result, pos + 1 end
    while true do
        local v
        v, pos = decode_value(s, pos, depth)
        n = n + 1
        result[n] = v
        pos = skip_ws(s, pos)
        local c = s:sub(pos, pos)
        if c == "]" then return result, pos + 1 end
        if c ~= "," then decode_error(s, pos, "comma or array end") end
        pos = skip_ws(s, pos + 1)
    end
end

local function decode_object(s, pos, depth)
    local result = {}
    pos = skip_ws(s, pos + 1)
    if s:sub(pos, pos) == "}" then return result, pos + 1 end
    while true do
        if s:sub(pos, pos) ~= '"' then decode_error(s, pos, "object key string") end
        local key
        key, pos = decode_string(s, pos)
        pos = skip_ws(s, pos)
        if s:sub(pos, pos) ~= ":" then decode_error(s, pos, "colon") end
        pos = skip_ws(s, pos + 1)
        local v
        v, pos = decode_value(s, pos, depth)
        result[key] = v
        pos = skip_ws(s, pos)
        local c = s:sub(pos, pos)
        if c == "}" then return result, pos + 1 end
        if c ~= "," then decode_error(s, pos, "comma or object end") end
        pos = skip_ws(s, pos + 1)
    end
end

decode_value = function(s, pos, depth)
    pos = skip_ws(s, pos)
    local c = s:sub(pos, pos)
    if c == "{" or c == "[" then
        if depth >= cfg.decode_max_depth then
            error("Found too many nested data structures (" .. (depth + 1) .. ") at character " .. pos, 0)
        end
        if c == "{" then return decode_object(s, pos, depth + 1) end
        return decode_array(s, pos, depth + 1)
    elseif c == '"' then return decode_string(s, pos)
    elseif c == "-" or c:match("%d") then return decode_number(s, pos)
    elseif s:sub(pos, pos + 3) == "true" then return true, pos + 4
    elseif s:sub(pos, pos + 4) == "false" then return false, pos + 5
    elseif s:sub(pos, pos + 3) == "null" then return null_value, pos + 4
    end
    decode_error(s, pos, "value")
end

function M.decode(s)
    if type(s) ~= "string" then
        error("bad argument #1 to 'decode' (string expected, got " .. type_name(s) .. ")", 2)
    end
    local value, pos = decode_value(s, 1, 0)
    pos = skip_ws(s, pos)
    if pos <= #s then decode_error(s, pos, "the end") end
    return value
end

-- configuration (kept for API compatibility) ----------------------------------------------------
function M.encode_sparse_array(convert, ratio, safe)
    if convert ~= nil then cfg.sparse_convert = convert end
    if ratio ~= nil then cfg.sparse_ratio = ratio end
    if safe ~= nil then cfg.sparse_safe = safe end
    return cfg.sparse_convert, cfg.sparse_ratio, cfg.sparse_safe
end
function M.encode_max_depth(d) if d then cfg.max_depth = d end return cfg.max_depth end
function M.decode_max_depth(d) if d then cfg.decode_max_depth = d end return cfg.decode_max_depth end
function M.encode_number_precision(p) if p then cfg.precision = p end return cfg.precision end
function M.encode_keep_buffer(v) return true end
function M.encode_invalid_numbers(v) return false end
function M.decode_invalid_numbers(v) return true end
function M.new() return M end
return M
'''
