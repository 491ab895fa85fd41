"""An opened input file as the reader sees it: a `Book` of `SheetSource`s, whatever the format.

Each opener (workbook.py for xlsx/xlsm/xls, csvtext.py for csv; sniff.py picks one from the
bytes) returns a Book; a file or sheet that cannot be read raises the errors below, which the
reader records for that file or sheet before going on with the others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
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


class UnreadCells(frozenset[str]):
    """The cells of a sheet that calamine reads as empty but that are not: a formula with no
    saved value (a file saved by a tool that does not calculate), and an Excel error value
    (`#N/A` from a failed VLOOKUP), whose text is in `errors` (cell → "#N/A")."""

    errors: dict[str, str]

    def __new__(cls, formulas: Iterable[str], errors: dict[str, str]) -> UnreadCells:
        cells = super().__new__(cls, {*formulas, *errors})
        cells.errors = errors
        return cells


@dataclass
class SheetSource:
    """One sheet ready to be read: its rows from row 1, list index = column index (A = 0)."""

    name: str
    hidden: bool
    rows: Callable[[], Iterator[Row]]
    # Cells holding a formula with no saved value or an error value (xlsx only; looked up on
    # first use; an UnreadCells when any).
    formula_cells: Callable[[], frozenset[str]] = field(default=frozenset)
    # May any of these rows hold a cell formula_cells would name? False only when surely not
    # (told without scanning the whole sheet: a blank row is checked on every sheet).
    may_be_unread: Callable[[Iterable[int]], bool] = field(default=lambda rows: True)
    ragged: bool = False  # csv rows end at their last value; a workbook's rows are all as wide
    # Parse the sheet now, ahead of `rows()` (a workbook's sheets; see readahead.py).
    load: Callable[[], None] = field(default=lambda: None)


@dataclass
class Book:
    """An opened input file: a workbook's sheets, or a csv file as one sheet named after it."""

    path: Path
    sheets: list[SheetSource]
    close: Callable[[], None] = field(default=lambda: None)
