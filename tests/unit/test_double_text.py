import math
import random
import struct
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exasol_sagemaker_extension.double_text import (as_double_block, format_double_block,
                                                    format_double_column)


def written_by_repr(value: float) -> str:
    if value != value:
        return ""
    text = repr(value)
    return text[:-2] if text.endswith(".0") else text


def random_doubles(count: int, seed: int) -> list:
    """Doubles from random bit patterns: every exponent, sign and mantissa, NaN and infinities included."""
    generator = random.Random(seed)
    return [struct.unpack("<d", struct.pack("<Q", generator.getrandbits(64)))[0] for _ in range(count)]


def random_decimals(count: int, seed: int) -> list:
    """Doubles as users' data holds them: few decimals, every scale of the fixed notation."""
    generator = random.Random(seed)
    return [round(generator.uniform(-1, 1) * 10 ** generator.randint(-4, 16), generator.randint(0, 20))
            for _ in range(count)]


EDGES = [0.0, -0.0, 1.0, -1.0, 0.5, 0.1, 0.2, 0.3, 1 / 3, 2 / 3, 123.0, 1e15, 9999999999999998.0, 1e16, 1e-4,
         9.999999999999999e-05, 1e-5, 1.5e300, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
         4503599627370495.5, 4503599627370496.0, 9007199254740993.0, 0.30000000000000004, 100.0, 1234.5,
         math.inf, -math.inf, math.nan, -2.2250738585072014e-308]
EDGES += [float(np.nextafter(10.0 ** k, side)) for k in range(-5, 17) for side in (0.0, math.inf)]
EDGES += [sign * 2.0 ** k for k in range(-14, 54) for sign in (1, -1)]


@pytest.mark.parametrize("value", EDGES, ids=repr)
def test_a_double_is_written_as_repr_writes_it_without_a_trailing_dot_zero(value):
    assert format_double_column(np.array([value])) == [written_by_repr(value)]


@pytest.mark.parametrize("values", [random_doubles(200_000, 1), random_decimals(200_000, 2),
                                    list(np.random.default_rng(3).uniform(-1000, 1000, 200_000)),
                                    list(np.random.default_rng(4).normal(0, 1e-3, 200_000))],
                         ids=["random bit patterns", "few decimals", "uniform", "small and negative"])
def test_many_doubles_are_written_as_repr_writes_them(values):
    assert format_double_column(np.array(values)) == [written_by_repr(float(value)) for value in values]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(), min_size=1, max_size=40))
def test_any_doubles_are_written_as_repr_writes_them(values):
    assert format_double_column(np.array(values)) == [written_by_repr(value) for value in values]


def test_a_block_becomes_lines_of_comma_separated_fields_with_nan_as_empty_field():
    block = np.array([[1.5, math.nan, -2.0], [0.001, 1e20, math.nan], [math.nan, math.nan, math.nan]])

    assert format_double_block(block) == ["1.5,,-2", "0.001,1e+20,", ",,"]


def test_a_block_larger_than_one_numpy_pass_keeps_every_row_whole():
    block = np.random.default_rng(5).uniform(-10, 10, (5000, 7))

    lines = format_double_block(block)

    assert lines == [",".join(written_by_repr(value) for value in row) for row in block.tolist()]


def test_an_empty_block_has_no_lines():
    assert format_double_block(np.zeros((0, 3))) == []


def test_columns_of_floats_and_nones_become_one_block_with_nan_for_none():
    block = as_double_block([[1.0, None], [2.5, 3.0]])

    assert block.shape == (2, 2)
    assert block[0].tolist() == [1.0, 2.5]
    assert math.isnan(block[1, 0]) and block[1, 1] == 3.0


@pytest.mark.parametrize("column", [[1.0, Decimal("2.5")], [1.0, 2], [True], ["1.5"]], ids=repr)
def test_columns_with_other_types_are_left_to_the_value_by_value_writer(column):
    assert as_double_block([[1.0] * len(column), column]) is None
