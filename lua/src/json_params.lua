-- sme.json_params: the JSON-object argument of a script (SME_..._WITH_OPTIONS, SME_CREATE_...), decoded
-- and read key by key with the codes of the training JSON: E-SME-1 not an object, E-SME-15 unknown key,
-- E-SME-2 missing, E-SME-3 wrong type. JSON null counts as absent.
local codes = require("sme.error_codes")
local errors = require("sme.errors")
local sql = require("sme.sql")
local validation = require("sme.validation")

local M = {}

--- The decoded object; what: "the deployment options" (for messages), example: a JSON text.
function M.decode(env, json_str, what, example)
    if type(json_str) ~= "string" or not json_str:find("%S") then
        errors.raise(codes.INVALID_JSON, what .. " are missing",
            "Pass one JSON object as the only argument, for example " .. example .. ".")
    end
    local ok, decoded = pcall(env.cjson.decode, json_str)
    local is_object = ok and type(decoded) == "table" and (next(decoded) == nil or #decoded == 0)
    if is_object then
        for key in pairs(decoded) do
            if type(key) ~= "string" then
                is_object = false
            end
        end
    end
    if not is_object then
        errors.raise(codes.INVALID_JSON, what .. " are not a JSON object: " .. errors.show(json_str),
            "Pass one JSON object with double-quoted keys and values, for example " .. example .. ".")
    end
    return decoded
end

--- The key lists given (required, optional, ...) as one list, in order.
function M.keys(...)
    local keys = {}
    for _, list in ipairs({...}) do
        for _, key in ipairs(list) do
            keys[#keys + 1] = key
        end
    end
    return keys
end

--- E-SME-15 for keys outside accepted (a list of names).
function M.check_keys(decoded, accepted, what)
    local known = {}
    for _, key in ipairs(accepted) do
        known[key] = true
    end
    local unknown = {}
    for key in pairs(decoded) do
        if not known[key] then
            unknown[#unknown + 1] = errors.show(key)
        end
    end
    if #unknown > 0 then
        table.sort(unknown)
        errors.raise(codes.UNKNOWN_PARAMETER, "unknown " .. what .. " " .. table.concat(unknown, ", "),
            "Use only these keys: " .. table.concat(accepted, ", ") .. ".")
    end
end

function M.is_absent(env, value)
    return sql.is_null(env, value) or value == ""
end

--- A string value: nil when absent and not required; E-SME-2 when required and absent.
function M.string(env, decoded, key, required)
    local value = decoded[key]
    if M.is_absent(env, value) then
        if required then
            validation.required_string(nil, key)
        end
        return nil
    end
    if type(value) ~= "string" then
        errors.raise(codes.WRONG_PARAMETER_TYPE, "parameter " .. key .. " must be a string, not " .. type(value),
            "Give " .. key .. " as a JSON string in double quotes.")
    end
    return value
end

--- A number or digit string as given (checked by the caller's rule), nil when absent.
function M.number(env, decoded, key)
    local value = decoded[key]
    if M.is_absent(env, value) then
        return nil
    end
    if type(value) ~= "number" and type(value) ~= "string" then
        errors.raise(codes.WRONG_PARAMETER_TYPE, "parameter " .. key .. " must be a number, not " .. type(value),
            "Give " .. key .. " as a whole number.")
    end
    return value
end

--- A JSON boolean, default when absent.
function M.boolean(env, decoded, key, default)
    local value = decoded[key]
    if sql.is_null(env, value) then
        return default
    end
    if type(value) ~= "boolean" then
        errors.raise(codes.WRONG_PARAMETER_TYPE, "parameter " .. key .. " must be true or false, not "
            .. errors.show(value), "Give " .. key .. " as the JSON value true or false (no quotes).")
    end
    return value
end

return M
