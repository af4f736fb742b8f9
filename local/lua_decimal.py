"""Exasol's scripting type ``decimal`` for the local runtime: Lua side plus exact arithmetic in Python.

In Exasol, ``decimal`` is userdata and SQL DECIMAL values reach scripts as decimals. Pure Lua cannot
create userdata, so here a decimal is a table with a locked metatable (``type(x)`` says ``"table"``,
the one visible difference). The rest follows Exasol: ``decimal(value [, precision [, scale]])``
(default (18,0), so ``decimal(5.1)`` is 5), ``+ - * / %`` between decimals (and integers) give
decimals, with a float they give a number, ``== < <= > >= ~=`` compare, ``==`` with a plain number is
``false`` as for any userdata in Lua, ``tostring`` and ``..`` give the digits; methods ``add sub mul
div mod abs unm scale prec tonumber tostring``.
"""
from __future__ import annotations

import decimal
from typing import Any, Optional, Union

MAX_PRECISION = 36
_CONTEXT = decimal.Context(prec=MAX_PRECISION, rounding=decimal.ROUND_HALF_UP)

DECIMAL_LUA = r'''
local pyop = ...
local store = setmetatable({}, {__mode = "k"})
local MT = {__name = "decimal", __metatable = "decimal"}
local methods = {}

local function is_decimal(v) return type(v) == "table" and store[v] ~= nil end

local function make(text, p, s)
    local o = setmetatable({}, MT)
    store[o] = {text = text, p = p, s = s}
    return o
end

local function call(op, ...)
    local ok, text, p, s = pyop(op, ...)
    if not ok then error(text, 3) end
    return text, p, s
end

local function operand(v)
    if is_decimal(v) then return store[v].text end
    if math.type(v) == "integer" then return tostring(v) end
    if type(v) == "string" and tonumber(v) then return v end
    error("attempt to perform arithmetic on a " .. type(v) .. " value", 3)
end

local function tonum(v)
    if is_decimal(v) then return tonumber(store[v].text) end
    return tonumber(v)
end

local function arith(op, lua_op)
    return function(a, b)
        if math.type(a) == "float" or math.type(b) == "float" then
            return lua_op(tonum(a), tonum(b))
        end
        return make(call(op, operand(a), operand(b)))
    end
end

MT.__add = arith("add", function(x, y) return x + y end)
MT.__sub = arith("sub", function(x, y) return x - y end)
MT.__mul = arith("mul", function(x, y) return x * y end)
MT.__div = arith("div", function(x, y) return x / y end)
MT.__mod = arith("mod", function(x, y) return x % y end)
MT.__idiv = arith("idiv", function(x, y) return x // y end)
MT.__pow = function(a, b) return tonum(a) ^ tonum(b) end
MT.__unm = function(a) return make(call("unm", store[a].text)) end
MT.__eq = function(a, b)
    if not (is_decimal(a) and is_decimal(b)) then return false end
    return (call("cmp", store[a].text, store[b].text)) == 0
end
MT.__lt = function(a, b)
    if math.type(a) == "float" or math.type(b) == "float" then return tonum(a) < tonum(b) end
    return (call("cmp", operand(a), operand(b))) < 0
end
MT.__le = function(a, b)
    if math.type(a) == "float" or math.type(b) == "float" then return tonum(a) <= tonum(b) end
    return (call("cmp", operand(a), operand(b))) <= 0
end
MT.__tostring = function(a) return store[a].text end
MT.__concat = function(a, b)
    local function str(v)
        if is_decimal(v) then return store[v].text end
        if type(v) == "string" or type(v) == "number" then return tostring(v) end
        error("attempt to concatenate a " .. type(v) .. " value", 3)
    end
    return str(a) .. str(b)
end
MT.__index = methods
MT.__newindex = function() error("attempt to modify a decimal value", 2) end

function methods.add(a, b) return MT.__add(a, b) end
function methods.sub(a, b) return MT.__sub(a, b) end
function methods.mul(a, b) return MT.__mul(a, b) end
function methods.div(a, b) return MT.__div(a, b) end
function methods.mod(a, b) return MT.__mod(a, b) end
function methods.unm(a) return MT.__unm(a) end
function methods.abs(a) return make(call("abs", store[a].text)) end
function methods.scale(a) return store[a].s end
function methods.prec(a) return store[a].p end
function methods.tostring(a) return store[a].text end
function methods.tonumber(a)
    local d = store[a]
    if d.s == 0 then
        local i = math.tointeger(tonumber(d.text))
        if i then return i end
    end
    return tonumber(d.text)
end

local function decimal(value, precision, scale)
    precision = precision or 18
    scale = scale or 0
    local text
    if is_decimal(value) then text = store[value].text
    elseif type(value) == "number" then
        text = math.type(value) == "integer" and tostring(value) or string.format("%.17g", value)
    elseif type(value) == "string" then text = value
    else error("bad argument #1 to 'decimal' (string, number or decimal expected, got " .. type(value) .. ")", 2) end
    return make(call("new", text, precision, scale))
end

local function from_sql(text, precision, scale) return make(text, precision, scale) end
local function text_of(v) return store[v].text end
return decimal, is_decimal, from_sql, text_of
'''


def _parse(text: str) -> decimal.Decimal:
    """A finite Decimal from text."""
    value = decimal.Decimal(text.strip())
    if not value.is_finite():
        raise decimal.InvalidOperation(text)
    return value


def _shape(value: decimal.Decimal, scale: Optional[int] = None) -> tuple[str, int, int]:
    """(text, precision, scale) of a result, rounded to ``scale`` (or its own scale)."""
    if scale is None:
        value = value.normalize(_CONTEXT) if value.as_tuple().exponent < 0 else value
        scale = max(0, -value.as_tuple().exponent)
    value = value.quantize(decimal.Decimal(1).scaleb(-scale), context=_CONTEXT)
    digits = len(value.as_tuple().digits)
    if digits > MAX_PRECISION:
        raise OverflowError("decimal overflow: more than 36 digits")
    text = format(value, "f")
    return text, max(digits, scale, 1), scale


def _scale_of(text: str) -> int:
    """Number of decimals written in ``text``."""
    return max(0, -decimal.Decimal(text).as_tuple().exponent)


def decimal_op(op: str, *args: Any) -> tuple[bool, str, Optional[int], Optional[int]]:
    """Carry out one decimal operation for the Lua side; returns ``(ok, text_or_error, p, s)``."""
    try:
        if op == "new":
            text, precision, scale = args
            value = _parse(str(text)).quantize(decimal.Decimal(1).scaleb(-int(scale)), context=_CONTEXT)
            if len(value.as_tuple().digits) > int(precision) and value != 0:
                return False, f"decimal value {text} does not fit into DECIMAL({precision},{scale})", None, None
            return True, format(value, "f"), int(precision), int(scale)
        if op == "cmp":
            a, b = (_parse(str(x)) for x in args)
            return True, (a > b) - (a < b), None, None
        if op in ("unm", "abs"):
            a = _parse(args[0])
            result = -a if op == "unm" else abs(a)
            return (True, *_shape(result, _scale_of(args[0])))
        a_text, b_text = (str(x) for x in args)
        a, b = _parse(a_text), _parse(b_text)
        scale_a, scale_b = _scale_of(a_text), _scale_of(b_text)
        if op in ("div", "mod", "idiv") and b == 0:
            return False, "division by zero", None, None
        if op == "add":
            return (True, *_shape(_CONTEXT.add(a, b), max(scale_a, scale_b)))
        if op == "sub":
            return (True, *_shape(_CONTEXT.subtract(a, b), max(scale_a, scale_b)))
        if op == "mul":
            return (True, *_shape(_CONTEXT.multiply(a, b), min(scale_a + scale_b, MAX_PRECISION)))
        if op == "div":
            return (True, *_shape(_CONTEXT.divide(a, b)))
        if op == "mod":
            return (True, *_shape(a - b * (a / b).to_integral_value(rounding=decimal.ROUND_FLOOR),
                                  max(scale_a, scale_b)))
        if op == "idiv":
            return (True, *_shape((a / b).to_integral_value(rounding=decimal.ROUND_FLOOR), 0))
        return False, f"unknown decimal operation {op}", None, None
    except (decimal.InvalidOperation, ValueError):
        return False, f"invalid decimal value: {', '.join(str(a) for a in args)}", None, None
    except OverflowError as error:
        return False, str(error), None, None


def sql_decimal_text(value: Union[decimal.Decimal, int, float], scale: int) -> str:
    """Digits of a SQL DECIMAL value with exactly ``scale`` decimals, as Exasol prints it."""
    quantum = decimal.Decimal(1).scaleb(-scale)
    return format(decimal.Decimal(str(value)).quantize(quantum, context=_CONTEXT), "f")
