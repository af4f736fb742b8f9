"""Rows of CSV text held as one byte string and each row's end, so request bodies are cut as slices.

The prediction UDF adds each chunk's rows at the back and takes bodies off the front: no row is joined,
split or measured on its own, and a body is one copy of a slice. In the text every row is followed by a
line feed; a body leaves out its last one (SageMaker's CSV has no trailing line break).
"""
from __future__ import annotations

from typing import Any, NamedTuple, Sequence, Tuple

import numpy as np

from exasol_sagemaker_extension.prediction_csv import double_lines, line_sizes, row_too_large

_NO_ROWS = np.zeros(0, dtype=np.int64)
_LINE_FEED = ord("\n")


class RowText(NamedTuple):
    """CSV rows as UTF-8 text, each followed by a line feed, and the offset just past each one's line feed."""

    text: bytes
    ends: np.ndarray


def rows_of_lines(lines: Sequence[str]) -> RowText:
    """The rows of formatted CSV lines."""
    if not lines:
        return RowText(b"", _NO_ROWS)
    joined = "\n".join(lines) + "\n"
    text = joined.encode("utf-8")
    if len(text) == len(joined):  # ASCII: characters are bytes
        sizes = np.fromiter(map(len, lines), dtype=np.int64, count=len(lines))
    else:
        sizes = np.array(line_sizes(lines), dtype=np.int64)
    return RowText(text, np.cumsum(sizes + 1))


def rows_of_doubles(block: Any) -> RowText:
    """The rows of a 2-D float64 block (rows x columns), written as :func:`prediction_csv.format_lines` does."""
    from exasol_sagemaker_extension.double_text import format_double_rows  # noqa: PLC0415

    if block.shape[1] == 1 and np.isnan(block).any():  # an empty line would be a NULL row: written as ""
        return rows_of_lines(double_lines(block))
    text = format_double_rows(block)
    return RowText(text, np.flatnonzero(np.frombuffer(text, dtype=np.uint8) == _LINE_FEED) + 1)


class PendingText:
    """Rows not sent yet, oldest first: their text and ends (offsets from the start of that text)."""

    def __init__(self) -> None:
        self._text = bytearray()
        self._ends = _NO_ROWS

    def add(self, rows: RowText) -> None:
        offset = len(self._text)
        self._text += rows.text
        self._ends = np.concatenate((self._ends, rows.ends + offset)) if len(self._ends) else rows.ends + offset

    def row_count(self) -> int:
        return len(self._ends)

    def body_size(self) -> int:
        """The size of a body carrying all rows."""
        return int(self._ends[-1]) - 1 if len(self._ends) else 0

    def first_row_size(self) -> int:
        return int(self._ends[0]) - 1

    def take(self, max_bytes: int, first_row: int = 0) -> Tuple[bytes, int]:
        """The body of the most rows from the front that fit ``max_bytes``, and their count; they are removed.

        ``first_row`` (0-based, in the group) names the first one in E-SME-74 if it alone is too large.
        """
        if self.first_row_size() > max_bytes:
            raise row_too_large(first_row, self.first_row_size(), max_bytes)
        count = int(np.searchsorted(self._ends, max_bytes + 1, side="right"))
        end = int(self._ends[count - 1])
        with memoryview(self._text) as text:
            with text[:end - 1] as body:
                taken = body.tobytes()
        del self._text[:end]
        self._ends = self._ends[count:] - end
        return taken, count
