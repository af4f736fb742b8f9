"""The JSONPath subset batch transform applies to a CSV record (a JSON array of its fields).

AWS documents for ``InputFilter`` and ``OutputFilter``: ``$`` (the whole record), indexes and index
lists ``$[0]``, ``$[0,5]``, slices ``$[1:]``, ``$[:-1]``, ``$[1:3]`` (start inclusive, end exclusive,
negative counted from the end) and unions of both such as ``$[0,5:]``. Names (``$.features``,
``$['id']``) address JSON objects and do not apply to CSV. An index outside the record is an error,
as AWS reports it.
"""
from __future__ import annotations

import re
from typing import Sequence, TypeVar

Field = TypeVar("Field")
_BRACKETS = re.compile(r"\$\[(.+)\]")
_INDEX = re.compile(r"-?\d+")
_SLICE = re.compile(r"(-?\d+)?:(-?\d+)?")


class FilterError(ValueError):
    """The filter is not one batch transform can apply to this record."""


def apply_filter(expression: str, record: Sequence[Field]) -> list[Field]:
    """The fields of ``record`` that ``expression`` selects, in the expression's order."""
    text = (expression or "$").replace(" ", "")
    if text == "$":
        return list(record)
    match = _BRACKETS.fullmatch(text)
    if match is None:
        raise FilterError(f"the JSONPath expression {expression!r} cannot be applied to a CSV record")
    selected: list[Field] = []
    size = len(record)
    for part in match.group(1).split(","):
        if _INDEX.fullmatch(part):
            index = int(part)
            if not -size <= index < size:
                raise FilterError(f"index {index} of {expression!r} is outside a record of {size} fields")
            selected.append(record[index])
        elif _SLICE.fullmatch(part):
            start, end = _SLICE.fullmatch(part).groups()
            selected.extend(record[slice(int(start) if start else None, int(end) if end else None)])
        else:
            raise FilterError(f"the JSONPath expression {expression!r} cannot be applied to a CSV record")
    return selected
