"""What the rows above a sheet's header say, in one pass over them.

The rows above the header — a title, the "网点：… 周次：… 主持人：…" block, blank rows — are
read for three things: the sheet-wide values and kind hints they give (layout.read_block_line,
through the run's memo of what each distinct cell value says), how many have something written
in them (title rows, counted as skipped), and a csv form's own line
(metadata.metadata_from_lines). A blank row says nothing, so only the others are read; each
row's distinct values are looked at once (a merged title repeats its value across the row).

The rows themselves are not remembered: a month's block lines differ from sheet to sheet (the
branch, the week, the head count of each role), so a memo of whole rows was slower than reading
them (measured on benchmarks/folder_bench.py's month: 32 vs 28 µs a sheet).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from svccheck.sheets.layout import Block, BlockLine, HeaderCells, merge_block, read_block_line
from svccheck.sheets.metadata import FormMetadata, metadata_from_lines
from svccheck.sheets.values import is_blank


@dataclass(frozen=True, slots=True)
class Above:
    """What the rows above a header say, together."""

    block: Block  # as layout.read_block reads them
    filled: int  # rows with something in them (titles, the branch/date block)
    form: FormMetadata | None  # metadata_from_lines of them: the first csv form line


def read_above(rows: Sequence[Sequence[object]], cells: HeaderCells) -> Above:
    """What `rows` (those above the header, from row 1) say; `cells` is the run's memo."""
    lines: list[BlockLine] = []
    filled = 0
    form = None
    for number, row in enumerate(rows, start=1):
        values = list(dict.fromkeys(row))  # (each distinct value once, in the row's order)
        if all(map(is_blank, values)):
            continue  # no cell of a blank row says anything (a blank cell reads as nothing)
        filled += 1
        if form is None:
            form = metadata_from_lines((values,))
        lines.append(read_block_line(number, row, cells.block_row(row)))
    return Above(merge_block(lines), filled, form)


__all__ = ["Above", "read_above"]
