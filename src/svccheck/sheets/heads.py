"""What the rows above a sheet's header say, worked out once per distinct row per run.

A month's folder repeats a few sheet heads: every sheet of a workbook carries the same
"网点：… 周次：… 主持人：…" line above the same header, and only the title line differs from
sheet to sheet. What a row above the header says — the sheet-wide values and kind hints it
gives (layout.read_block_line), whether anything is written in it (a title row, counted as
skipped), and a csv form's own line (metadata.metadata_from_lines) — is a pure function of
the row and its number, so each distinct row is read once and looked up after. The values
themselves (branch, date, host…) are still each sheet's own: they are what the line holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from svccheck.sheets.layout import (
    MEMO_LIMIT,
    Block,
    BlockLine,
    HeaderCells,
    merge_block,
    read_block_line,
)
from svccheck.sheets.metadata import FormMetadata, metadata_from_lines
from svccheck.sheets.values import is_blank


@dataclass(frozen=True, slots=True)
class Line:
    """What one row above the header says of the sheet."""

    block: BlockLine  # sheet-wide values and kind hints (layout.read_block_line)
    filled: bool  # something is written in it: a title or block row, skipped as data
    form: FormMetadata | None  # a csv form's own line (metadata.metadata_from_lines)


@dataclass(frozen=True, slots=True)
class Above:
    """What the rows above a header say, together."""

    block: Block
    filled: int  # rows with something in them (titles, the branch/date block)
    form: FormMetadata | None  # the first csv form line among them


class AboveHeader:
    """The run's memo of rows above a header: (row number, row) → Line."""

    def __init__(self, cells: HeaderCells) -> None:
        self.cells = cells
        self._lines: dict[tuple[object, ...], Line] = {}

    def read(self, rows: Sequence[Sequence[object]]) -> Above:
        """What `rows` (those above the header, from row 1) say: the same as read_block,
        a count of the rows not blank, and metadata_from_lines of them."""
        lines = [self.line(number, row) for number, row in enumerate(rows, start=1)]
        return Above(
            block=merge_block(line.block for line in lines),
            filled=sum(line.filled for line in lines),
            form=next((line.form for line in lines if line.form is not None), None),
        )

    def line(self, number: int, row: Sequence[object]) -> Line:
        # (the cells' types too: 1, 1.0 and True are one dict key, but not one value)
        key = (number, len(row), *map(type, row), *row)
        found = self._lines.get(key)
        if found is None:
            if len(self._lines) >= MEMO_LIMIT:
                self._lines.clear()
            # (each distinct value once, in the order of the row: a merged title repeats its
            # value across it, and the first form line wins)
            values = list(dict.fromkeys(row))
            found = self._lines[key] = Line(
                read_block_line(number, row, self.cells.block_row(row)),
                not all(map(is_blank, values)),
                metadata_from_lines((values,)),
            )
        return found


__all__ = ["Above", "AboveHeader", "Line"]
