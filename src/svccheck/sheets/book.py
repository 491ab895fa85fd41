"""An opened input file as the reader sees it: a `Book` of `SheetSource`s, whatever the format.

Each opener (workbook.py for xlsx/xlsm/xls, csvtext.py for csv; sniff.py picks one from the
bytes) returns a Book; a file or sheet that cannot be read raises the errors below, which the
reader records for that file or sheet before going on with the others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from svccheck.errors import InputError

Row = list[object]


class UnreadableFile(InputError):
    """An input file that cannot be read at all; `reason` says why (without the file name)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class UnreadableSheet(InputError):
    """A sheet of a readable workbook that cannot be loaded or read; `reason` says why.

    `where` ("file › sheet") names it when the error goes on up unrecorded (a sheet that
    fails past its first rows): the message then says which file and sheet."""

    def __init__(self, reason: str, where: str = "") -> None:
        super().__init__(f"{where}: {reason}" if where else reason)
        self.reason = reason
        self.where = where


@dataclass
class SheetSource:
    """One sheet ready to be read: its rows from row 1, list index = column index (A = 0)."""

    name: str
    hidden: bool
    rows: Callable[[], Iterator[Row]]
    # Cells holding a formula with no saved value (xlsx only; looked up on first use).
    formula_cells: Callable[[], frozenset[str]] = field(default=frozenset)
    ragged: bool = False  # csv rows end at their last value; a workbook's rows are all as wide
    # Parse the sheet now, ahead of `rows()` (a workbook's sheets; see readahead.py).
    load: Callable[[], None] = field(default=lambda: None)


@dataclass
class Book:
    """An opened input file: a workbook's sheets, or a csv file as one sheet named after it."""

    path: Path
    sheets: list[SheetSource]
    close: Callable[[], None] = field(default=lambda: None)
