"""The Lua half of Exasol's scripting environment for the local runtime (run once per script execution).

It receives Python callbacks and builds the globals a script sees: ``query``, ``pquery``, ``output``,
``exit``, ``import``, ``quote``, ``join``, ``null``/``NULL``, ``decimal``, ``cjson`` (global and via
``require``), ``exa.meta``; it wraps result sets in read-only tables addressable by row number and by
column number or exact column name; and it runs the script body, catching ``exit()`` and errors.
"""

ENV_LUA = r'''
local py_run, py_import, null_value, cjson, decimal, meta = ...
local debug_getinfo = debug.getinfo
local EXIT = setmetatable({}, {__tostring = function() return "exit" end})
local state = {outputs = {}, exit_values = nil, last_error = nil, result_ids = setmetatable({}, {__mode = "k"})}

local function read_only() error("query results are read-only", 2) end

local function make_result(statement_text, names, rows, nrows, ncols, result_id)
    local positions = {}
    for i = 1, ncols do positions[names[i]] = i end
    local proxies = {}
    local function row(i)
        local proxy = proxies[i]
        if proxy == nil and i >= 1 and i <= nrows then
            local data = rows[i]
            proxy = setmetatable({}, {
                __index = function(_, key)
                    if type(key) == "number" then return data[key] end
                    local pos = positions[key]
                    if pos then return data[pos] end
                    return nil
                end,
                __len = function() return ncols end,
                __newindex = read_only,
                __pairs = function()
                    local i = 0
                    return function() i = i + 1; if i <= ncols then return i, data[i] end end
                end,
            })
            proxies[i] = proxy
        end
        return proxy
    end
    local result = setmetatable({}, {
        __index = function(_, key)
            if type(key) == "number" then return row(key) end
            if key == "statement_text" then return statement_text end
            return nil
        end,
        __len = function() return nrows end,
        __newindex = read_only,
        __pairs = function()
            local i = 0
            return function() i = i + 1; if i <= nrows then return i, row(i) end end
        end,
    })
    state.result_ids[result] = result_id
    return result
end

local function run(sql, params)
    if type(sql) ~= "string" then
        error("bad argument #1 to 'query' (string expected, got " .. type(sql) .. ")", 3)
    end
    if params ~= nil and type(params) ~= "table" then
        error("bad argument #2 to 'query' (table expected, got " .. type(params) .. ")", 3)
    end
    local ok, kind, text, names, rows, nrows, ncols, id = py_run(sql, params)
    if not ok then
        return false, {error_code = kind, error_message = text, statement_text = names}
    end
    if kind == "rows" then return true, make_result(text, names, rows, nrows, ncols, id) end
    return true, {rows_affected = names, statement_text = text}
end

function query(sql, params)
    local ok, result = run(sql, params)
    if not ok then
        state.last_error = result
        error(result.error_message, 0)
    end
    return result
end

function pquery(sql, params)
    return run(sql, params)
end

function output(value)
    state.outputs[#state.outputs + 1] = tostring(value)
end

function exit(...)
    state.exit_values = table.pack(...)
    error(EXIT, 0)
end

function import(script_name, alias)
    local ok, name, body = py_import(script_name)
    if not ok then error(name, 2) end
    local env = setmetatable({}, {__index = _G})
    local chunk, message = load(body, "=" .. name, "t", env)
    if not chunk then error(message, 2) end
    chunk()
    _G[alias or name] = env
    return env
end

function quote(name)
    return '"' .. tostring(name):gsub('"', '""') .. '"'
end

function join(separator, ...)
    local parts = {}
    for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
    return table.concat(parts, separator)
end

null = null_value
NULL = null_value
_G.decimal = decimal
_G.cjson = cjson
exa = {meta = meta}
package.loaded.cjson = cjson
package.preload.cjson = function() return cjson end
package.path = ""
package.cpath = ""
package.searchers = {package.searchers[1]}
io = nil
debug = nil
dofile = nil
loadfile = nil
print = function() end
os = {time = os.time, date = os.date, clock = os.clock, difftime = os.difftime}

local function error_info(chunk_source)
    return function(e)
        if rawequal(e, EXIT) then return e end
        local line = nil
        local level = 2
        while true do
            local info = debug_getinfo(level, "Sl")
            if info == nil then break end
            if info.source == chunk_source and info.currentline and info.currentline > 0 then
                line = info.currentline
                break
            end
            level = level + 1
        end
        local message = type(e) == "string" and e or tostring(e)
        local code = nil
        if state.last_error and state.last_error.error_message == message then
            code = state.last_error.error_code
        end
        return {message = message, line = line, code = code}
    end
end

local function execute(body, chunk_name)
    local chunk, message = load(body, "=" .. chunk_name, "t")
    if not chunk then return false, message, nil, "42000" end
    local packed
    local ok, err = xpcall(function() packed = table.pack(chunk()) end, error_info("=" .. chunk_name))
    if ok then return true, packed end
    if rawequal(err, EXIT) then return true, state.exit_values end
    return false, err.message, err.line, err.code
end

local function check_syntax(body, chunk_name)
    local chunk, message = load(body, "=" .. chunk_name, "t")
    return chunk ~= nil, message
end

local function result_id(value)
    if type(value) ~= "table" then return nil end
    return state.result_ids[value]
end

local function outputs() return state.outputs end

return execute, check_syntax, result_id, outputs
'''
