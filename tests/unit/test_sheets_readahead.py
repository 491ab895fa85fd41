"""Reading a folder: the next workbook is opened and parsed in the background (ReadAhead) while
the reader works on this one. What is read must not depend on it: the same observations,
inputs and problems as reading each file alone, in the order given."""

from __future__ import annotations

from pathlib import Path

import pytest
from sheets_support import (
    Sheet,
    mini,  # noqa: F401 — fixture
    reconcile,
    write_csv,
    write_openpyxl,
    write_xlsxwriter,
)

from svccheck.model import Library
from svccheck.sheets import read_sheets
from svccheck.sheets.book import UnreadableFile
from svccheck.sheets.readahead import ReadAhead

HEADER = ["日期", "网点", "姓名", "TLR-01", "TLR-02"]


def branch_rows(branch: str, marks: str) -> list[list[object]]:
    return [HEADER] + [
        [f"2026-10-{day:02d}", branch, f"员工{n}", marks[0], marks[1]]
        for day in range(8, 13)
        for n in range(3)
    ]


@pytest.fixture
def folder(tmp_path: Path) -> list[Path]:
    """Five files in name order: three workbooks, a csv and a truncated workbook."""
    paths = [
        write_openpyxl(tmp_path / "a-东环.xlsx", Sheet("S", branch_rows("东环支行", "√×"))),
        write_xlsxwriter(
            tmp_path / "b-西城.xlsx",
            Sheet("第一周", branch_rows("西城支行", "√√")),
            Sheet("第二周", branch_rows("西城支行", "××")),
        ),
    ]
    whole = paths[0].read_bytes()
    (cut := tmp_path / "c-cut.xlsx").write_bytes(whole[: len(whole) // 2])
    paths.append(cut)
    paths.append(write_csv(tmp_path / "d-南湖.csv", branch_rows("南湖支行", "×√")))
    last = Sheet("S", branch_rows("北岸支行", "√√"))
    paths.append(write_openpyxl(tmp_path / "e-北岸.xlsx", last))
    return paths


def test_a_folder_reads_as_its_files_read_one_by_one(
    mini: Library,  # noqa: F811
    folder: list[Path],
) -> None:
    together = read_sheets([folder[0].parent], mini, "morning-teller")
    reconcile(together)
    singles = [read_sheets([p], mini, "morning-teller") for p in folder if p != folder[2]]
    assert together.observations == [o for r in singles for o in r.observations]
    assert [i.file for i in together.inputs] == [str(p) for p in folder]
    assert [i for i in together.inputs if i.file != str(folder[2])] == [
        i for r in singles for i in r.inputs
    ]
    cut_first = read_sheets([folder[2], folder[0]], mini, "morning-teller")
    assert together.unread_files == cut_first.unread_files == (str(folder[2]),)
    assert together.skipped_sheets == cut_first.skipped_sheets
    assert len(together.observations) == 5 * 3 * 2 * 5  # 5 sheets × 15 people-days × 2 items


def test_the_library_can_be_loaded_while_the_first_file_is_parsed(
    mini: Library,  # noqa: F811
    folder: list[Path],
) -> None:
    calls: list[int] = []

    def load() -> Library:
        calls.append(1)
        return mini

    lazily = read_sheets(folder, load, "morning-teller")
    assert calls == [1]
    assert lazily.observations == read_sheets(folder, mini, "morning-teller").observations


def test_read_ahead_hands_over_books_and_lets_go_of_the_rest(folder: list[Path]) -> None:
    with ReadAhead("en") as ahead:
        ahead.start(folder[0])
        ahead.start(folder[2])  # fails in the background: raised when taken
        ahead.start(folder[4])  # dropped below
        book = ahead.take(folder[0])
        assert [s.name for s in book.sheets] == ["S"]
        first = list(book.sheets[0].rows())
        book.close()
        with pytest.raises(UnreadableFile, match="damaged or truncated workbook"):
            ahead.take(folder[2])
        csv = ahead.take(folder[3])  # not started: opened there and then
        assert [s.name for s in csv.sheets] == ["d-南湖"]
        ahead.drop(folder[4])  # started, not wanted: let go of
        ahead.drop(folder[4])  # (twice is harmless)
        again = ahead.take(folder[4])  # opened afresh
        assert [s.name for s in again.sheets] == ["S"]
        again.close()
    assert first[0] == HEADER and len(first) == 16
