"""DOUBLE values to CSV text with numpy, character for character as ``repr`` writes them (``.0`` cut).

``repr`` costs about 0.6 µs per float in CPython, most of a prediction request's client time; this
module writes blocks of values several times faster with no Python call per value, and hands the
values it cannot prove right to ``repr``. Each value gets a field of bytes at fixed places::

    [sign][integer digits, right-aligned][.][fraction digits, left-aligned][separator]

with NUL wherever no character goes (leading and trailing zeros, the point of a whole number, the
sign of a positive one); deleting the NULs from the whole block leaves the CSV text.

Shortest digits: for ``1e-4 <= |x| < 1e16`` (where ``repr`` writes no exponent) and ``x`` not whole,
``repr`` writes the shortest decimal that reads back as ``x``, the nearest one if several are that
short. ``y = x * 10**j`` with ``j = 16 - e`` (``e`` the decimal exponent) is computed exactly as a sum
of two doubles (Dekker's product; ``10**j`` is an exact double up to ``j = 22``), so the nearest
17-, 16- and 15-digit decimals, ``y`` rounded to a multiple of 1, 10 and 100, and their distances
``delta`` to ``y`` are known to about 1e-14. A decimal reads back as ``x`` iff ``|delta|`` is below half
the gap to ``x``'s neighbour on its side (``spacing(x) * 10**j / 2``, half of that below a power of
two). The shortest of the three that reads back carries ``repr``'s digits: a decimal of 15 or fewer
digits that reads back is the nearest one on its grid (the grid is coarser than the gap), so a
shorter one shows as trailing zeros, which the layout drops. Seventeen digits always read back.
Where ``|delta|`` is within 1e-9 of that bound, or of a tie between two candidates, the value goes to
``repr``, as do exponent forms, infinities and values of other types.
"""
from __future__ import annotations

from collections import deque
from typing import Optional

import numpy as np

_LARGEST_FIXED = 1e16  # repr writes an exponent from here on ...
_SMALLEST_FIXED = 1e-4  # ... and below this
_UNDECIDED = 1e-9
_SLICE_VALUES = 8192  # values per numpy pass, few enough to stay in the CPU's cache
_REPR_WIDTH = 24  # the longest repr of a double: -2.2250738585072014e-308
_VELTKAMP = 134217729.0  # 2**27 + 1: splits a double into two halves of 26 bits
_LOG10_2 = 0.30102999566398120

_POWERS = np.array([10.0 ** k for k in range(23)])  # exact doubles
_INT_POWERS = np.array([10 ** k for k in range(19)], dtype=np.int64)
_GROUPS = np.frombuffer("".join(f"{n:04d}" for n in range(10_000)).encode("ascii"), dtype="<u4")
_ZERO, _POINT, _MINUS = b"0.-"
_PLACES = np.arange(1, 21, dtype=np.uint8)
_FLOAT_OR_NONE = frozenset({float, type(None)})


def format_double_block(block: np.ndarray) -> list[str]:
    """CSV lines of a 2-D block of doubles (rows x columns), NaN as an empty field."""
    if block.shape[0] == 0:
        return []
    return format_double_rows(block).decode("ascii")[:-1].split("\n")


def format_double_rows(block: np.ndarray) -> bytes:
    """CSV text of a 2-D block of doubles (rows x columns), each row followed by a line feed."""
    rows, width = block.shape
    if rows == 0:
        return b""
    values = np.ascontiguousarray(block, dtype=np.float64).reshape(-1)
    step = width * max(1, _SLICE_VALUES // width)  # whole rows per slice
    separators = np.full(step, ord(","), dtype=np.uint8)
    separators[width - 1::width] = ord("\n")
    return b"".join([_slice_text(values[start:start + step], separators) for start in range(0, values.size, step)])


def format_double_column(values: np.ndarray) -> list[str]:
    """CSV fields of one column of doubles, NaN as an empty field."""
    return format_double_block(np.asarray(values, dtype=np.float64).reshape(-1, 1))


def as_double_block(columns: list) -> Optional[np.ndarray]:
    """Columns of Python floats and Nones as a 2-D float64 block (rows x columns); None for other types."""
    for column in columns:
        if not _only_floats(column):
            return None
    return np.array(columns, dtype=np.float64).T


def _only_floats(column: list) -> bool:
    try:  # floats only, the common case: float.__ne__ refuses anything else, without a Python call
        deque(map(float.__ne__, column, column), maxlen=0)
        return True
    except TypeError:
        return set(map(type, column)) <= _FLOAT_OR_NONE


def _slice_text(values: np.ndarray, separators: np.ndarray) -> bytes:
    """The CSV text of whole rows of values, each followed by its separator."""
    with np.errstate(all="ignore"):  # NaN and infinities pass through the arithmetic, then are dropped
        digits, fraction_digits, decided = _decimal_digits(values)
        by_repr = np.flatnonzero(~decided & ~np.isnan(values))
        integer_part = np.where(fraction_digits > 17, 0,
                                digits // _INT_POWERS[np.minimum(fraction_digits, 17)])
        fraction = digits - integer_part * _INT_POWERS[np.minimum(fraction_digits, 18)]
        integer_width = len(str(int(integer_part.max(initial=0, where=decided)))) if decided.any() else 0
        fraction_width = int(fraction_digits.max(initial=0, where=decided))
    integer_width = -(-integer_width // 4) * 4
    fraction_width = -(-fraction_width // 4) * 4
    field_width = 3 + integer_width + fraction_width
    if by_repr.size:
        field_width = max(field_width, _REPR_WIDTH + 1)
    fields = np.zeros((values.size, field_width), dtype=np.uint8)
    fields[:, 0] = np.where(decided & np.signbit(values), _MINUS, 0)
    if integer_width:
        fields[:, 1:1 + integer_width] = _integer_text(integer_part, integer_width, decided)
    point = 1 + integer_width
    if fraction_width:
        text, written = _fraction_text(fraction, fraction_digits, fraction_width, decided)
        fields[:, point + 1:point + 1 + fraction_width] = text
        fields[:, point] = np.where(written, _POINT, 0)
    if by_repr.size:
        fields[by_repr, :_REPR_WIDTH] = _repr_text(values[by_repr].tolist())
        fields[by_repr, _REPR_WIDTH:-1] = 0
    fields[:, -1] = separators[:values.size]
    return fields.tobytes().translate(None, b"\0")


def _decimal_digits(values: np.ndarray) -> tuple:
    """(digits, fraction digits, decided): ``repr``'s digits as ``digits / 10**fraction_digits``."""
    magnitude = np.abs(values)
    whole = magnitude == np.floor(magnitude)  # False for NaN and infinities
    integer = whole & (magnitude < _LARGEST_FIXED)
    fractional = ~whole & (magnitude >= _SMALLEST_FIXED) & (magnitude < _LARGEST_FIXED)
    mantissa, binary_exponent = np.frexp(magnitude)
    estimate = np.floor((binary_exponent - 1) * _LOG10_2).astype(np.int64)  # e or e - 1
    scale = np.clip(16 - estimate, 0, 22)
    high, low = _exact_product(magnitude, scale)
    too_large = (high > 1e17) | ((high == 1e17) & (low >= 0))
    scale = np.maximum(scale - too_large, 0)
    high, low = _exact_product(magnitude, scale)
    rounded = np.rint(high)
    rest = (high - rounded) + low
    carry = np.rint(rest)
    delta17 = rest - carry  # y minus the nearest 17-digit decimal, in units of its last digit
    nearest17 = rounded.astype(np.int64) + carry.astype(np.int64)
    half_gap = ((binary_exponent.astype(np.int64) + (1023 - 54)) << 52).view(np.float64)  # spacing / 2
    bound = half_gap * _POWERS[scale]
    halved_below = mantissa == 0.5  # a power of two: its lower neighbour is half as far
    candidates = []
    for unit in (100, 10, 1):  # 15, 16 and 17 digits, all in units of the 17th digit
        if unit == 1:
            candidate, delta, tie = nearest17, delta17, np.abs(np.abs(delta17) - 0.5)
        else:
            remainder = nearest17 % unit
            to_round = remainder + delta17
            up = to_round > unit / 2
            candidate = nearest17 - remainder + unit * up
            delta = to_round - unit * up
            tie = np.abs(to_round - unit / 2)
        side_bound = np.where(halved_below & (delta > 0), bound * 0.5, bound)
        distance = np.abs(delta)
        reads_back = distance < side_bound - _UNDECIDED
        unsure = (np.abs(distance - side_bound) <= _UNDECIDED) | (
            (tie <= _UNDECIDED) & (distance < side_bound + _UNDECIDED))
        candidates.append((candidate, reads_back, unsure))
    (c15, ok15, unsure15), (c16, ok16, unsure16), (c17, ok17, unsure17) = candidates
    digits = np.where(ok15, c15, np.where(ok16, c16, c17))
    decided = fractional & ~unsure15 & (ok15 | (~unsure16 & (ok16 | (~unsure17 & ok17))))
    decided &= digits < 10 ** 17
    digits = np.where(integer, magnitude.astype(np.int64), np.where(decided, digits, 0))
    fraction_digits = np.where(decided, scale, 0)
    return digits, fraction_digits, decided | integer


def _exact_product(x: np.ndarray, scale: np.ndarray) -> tuple:
    """``x * 10**scale`` as ``high + low`` exactly (Dekker's product; no fused multiply-add needed)."""
    factor = _POWERS[scale]
    high = x * factor
    split = _VELTKAMP * x
    x_high = split - (split - x)
    x_low = x - x_high
    split = _VELTKAMP * factor
    f_high = split - (split - factor)
    f_low = factor - f_high
    low = ((x_high * f_high - high) + x_high * f_low + x_low * f_high) + x_low * f_low
    return high, low


def _integer_text(integer_part: np.ndarray, width: int, decided: np.ndarray) -> np.ndarray:
    """The integer parts right-aligned in ``width`` (a multiple of 4) characters, leading zeros NUL."""
    groups = [(integer_part // 10 ** (4 * index)) % 10_000 for index in range(width // 4 - 1, -1, -1)]
    text = _GROUPS[np.stack(groups, axis=1)].view(np.uint8).reshape(-1, width)
    powers = _INT_POWERS[width - 1:0:-1]  # the power of ten of each place but the last
    keep = np.empty(text.shape, dtype=bool)
    keep[:, :-1] = integer_part[:, None] >= powers
    keep[:, -1] = True  # a zero integer part is written as 0
    keep &= decided[:, None]
    return text * keep


def _fraction_text(fraction: np.ndarray, fraction_digits: np.ndarray, width: int,
                   decided: np.ndarray) -> tuple:
    """Fraction digits left-aligned in ``width`` (a multiple of 4, at most 20) characters, trailing zeros NUL.

    Returns the text and whether any digit is written (whether a point goes before it).
    """
    # the 20-digit left-aligned fraction in two parts of 12 and 8 digits, each within int64
    short = fraction_digits <= 12
    cut = np.clip(fraction_digits - 12, 0, 8)
    first = np.where(short, fraction * _INT_POWERS[np.clip(12 - fraction_digits, 0, 12)],
                     fraction // _INT_POWERS[cut])
    second = np.where(short, 0, (fraction % _INT_POWERS[cut]) * _INT_POWERS[np.clip(20 - fraction_digits, 0, 8)])
    parts = [lambda: first // 100_000_000, lambda: (first // 10_000) % 10_000, lambda: first % 10_000,
             lambda: second // 10_000, lambda: second % 10_000]
    text = _GROUPS[np.stack([part() for part in parts[:width // 4]], axis=1)].view(np.uint8).reshape(-1, width)
    # places up to the last nonzero digit: the largest place number (1-based) holding one
    written = ((text != _ZERO) * _PLACES[:width]).max(axis=1) * decided
    keep = _PLACES[:width] <= written[:, None]
    return text * keep, written > 0


def _repr_text(values: list) -> np.ndarray:
    """Values written the slow way, ``repr`` with ``.0`` cut, NUL-padded to the longest repr."""
    texts = [text[:-2] if text.endswith(".0") else text for text in map(repr, values)]
    padded = "".join(text.ljust(_REPR_WIDTH, "\0") for text in texts).encode("ascii")
    return np.frombuffer(padded, dtype=np.uint8).reshape(-1, _REPR_WIDTH)
