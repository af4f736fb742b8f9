"""The JSONPath subset batch transform applies to CSV records."""
from __future__ import annotations

import pytest

from exasol_sagemaker_extension.local.transform.filters import FilterError, apply_filter

RECORD = ["id", "a", "b", "c", "label", "0.9"]


@pytest.mark.parametrize("expression, selected", [
    ("$", RECORD),
    ("", RECORD),
    ("$[1:]", ["a", "b", "c", "label", "0.9"]),
    ("$[0,4:]", ["id", "label", "0.9"]),
    ("$[0,1,4:]", ["id", "a", "label", "0.9"]),
    ("$[1:3]", ["a", "b"]),
    ("$[:-2]", ["id", "a", "b", "c"]),
    ("$[-1]", ["0.9"]),
    ("$[0, 5]", ["id", "0.9"]),
])
def test_indexes_slices_and_their_unions_select_fields_in_order(expression, selected):
    assert apply_filter(expression, RECORD) == selected


@pytest.mark.parametrize("expression", ["$[6]", "$[-7]", "$.features", "$['id']", "$[a]", "id"])
def test_indexes_outside_the_record_and_names_are_errors(expression):
    with pytest.raises(FilterError):
        apply_filter(expression, RECORD)
