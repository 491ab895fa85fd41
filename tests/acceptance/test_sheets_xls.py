"""Legacy Excel 97-2003 workbooks: a `.xls` file reads back to exactly what the xlsx it was
saved from reads to, and a `.xls` file under another name is refused with a message saying so.

The `.xls` files are real ones: LibreOffice (`soffice --headless --convert-to xls`) saves the
xlsx files written here as Excel 97 workbooks, once per module. Needs LibreOffice (Debian:
libreoffice-calc-nogui); skipped with a reason when soffice is absent.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import NamedTuple

import pytest
from sheets_support import (
    NEEDS_SOFFICE,
    Sheet,
    mini,  # noqa: F401 — fixture
    reconcile,
    soffice_convert,
    write_openpyxl,
)

from svccheck.errors import InputError
from svccheck.model import Library, Observation, Rejection
from svccheck.sheets import ReadResult, read_sheets
from svccheck.sheets.sniff import open_book

pytestmark = NEEDS_SOFFICE

OCT_8 = dt.date(2026, 10, 8)
OCT_9 = dt.date(2026, 10, 9)
EAST, WEST = "东环支行", "西城支行"

# A morning sheet as people keep it: a merged title, one date and branch merged down two rows,
# a real date cell, a date-time cell (were it to come back as its serial number, 46304.35, the
# reader would reject it: it reads only if the cell is still a date), a date typed as text, and
# employee numbers as numbers and as text.
MORNING: list[list[object]] = [
    ["综合柜员晨会自查表"],
    ["日期", "网点", "姓名", "工号", "TLR-01 着装规范", "TLR-02 唱收唱付", "TLR-03 不代客签名"],
    [OCT_8, EAST, "张三", 10001, "√", "×", "不适用"],
    [None, None, "李四", "10002", None, "√", "×"],
    [dt.datetime(2026, 10, 9, 8, 30), WEST, "王五", 10003, "×", "不适用", "√"],
    ["2026/10/9", WEST, "赵六", None, "√", "√", None],
    ["注：√为合格，×为不合格"],
]
# A hidden sheet with a good header: it must stay hidden (skipped) in the .xls as well.
SPARE: list[list[object]] = [["日期", "网点", "姓名", "TLR-01"], [OCT_8, EAST, "隐藏", "×"]]

# The monthly register, long form: deductions as fractions and whole numbers, an item by its
# title, a deduction with no result, and one row naming an item no standard has (row 6).
REGISTER: list[list[object]] = [
    ["检查日期", "网点", "被检查人", "检查项目", "结果", "扣分", "问题描述"],
    [OCT_8, EAST, "张三", "TLR-01", "×", 0.5, "未佩戴工号牌"],
    [OCT_8, EAST, "李四", "唱收唱付", "×", 1, "未唱收"],
    [OCT_9, EAST, None, "ENT-02", "√", None, None],
    ["2026-10-20", EAST, "王五", "TLR-03", None, 2.5, "代客填单"],
    [OCT_9, EAST, "赵六", "微笑服务", "×", 1, "未微笑"],
]
UNKNOWN_ITEM = (
    "unknown item under '检查项目': '微笑服务' (no item of the standards library has this id or "
    "exact title)"
)
LEGACY = "a legacy Excel 97-2003 (.xls) workbook: save it as .xlsx"
LEGACY_ZH = "这是旧版 Excel 97-2003（.xls）文件：请另存为 .xlsx"


class Pair(NamedTuple):
    """The same workbook as written (xlsx) and as LibreOffice saved it (Excel 97 .xls)."""

    xlsx: Path
    xls: Path


class Books(NamedTuple):
    morning: Pair
    register: Pair


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> Books:
    """Both workbooks written as xlsx and converted to .xls in one soffice run (a few seconds;
    its private profile keeps parallel runs from sharing LibreOffice's lock)."""
    source = tmp_path_factory.mktemp("xlsx")
    morning = write_openpyxl(
        source / "晨会.xlsx",
        Sheet("10月8日", MORNING, merges=["A1:G1", "A3:A4", "B3:B4"]),
        Sheet("备用", SPARE, hidden=True),
    )
    register = write_openpyxl(source / "登记簿.xlsx", Sheet("登记簿", REGISTER))
    out = tmp_path_factory.mktemp("xls")
    profile = tmp_path_factory.mktemp("lo-profile")
    done = soffice_convert([morning, register], "xls", out, profile)
    pairs = [Pair(path, out / f"{path.stem}.xls") for path in (morning, register)]
    for pair in pairs:
        assert pair.xls.is_file(), f"LibreOffice wrote no {pair.xls.name}: {done}"
        # Really an Excel 97 file (an OLE2 compound document), not an xlsx under a new name.
        assert pair.xls.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    return Books(*pairs)


def read(library: Library, *paths: Path, checklist: str, lang: str = "en") -> ReadResult:
    result = read_sheets(list(paths), library, checklist, lang=lang)
    reconcile(result)
    return result


def anywhere(observations: list[Observation]) -> list[Observation]:
    """The observations with the file name left out: all else must match field for field."""
    return [o._replace(file="") for o in observations]


def seen(observations: list[Observation]) -> list[tuple[object, ...]]:
    return [
        (o.row, o.cell, o.subject, o.item, o.result, o.date, o.branch, o.employee_id)
        for o in observations
    ]


def test_wide_morning_sheet_reads_the_same_from_xls(mini: Library, books: Books) -> None:  # noqa: F811
    xlsx = read(mini, books.morning.xlsx, checklist="morning-teller")
    xls = read(mini, books.morning.xls, checklist="morning-teller")
    assert seen(xls.observations) == [
        (3, "E3", "张三", "TLR-01", "pass", OCT_8, EAST, "10001"),
        (3, "F3", "张三", "TLR-02", "fail", OCT_8, EAST, "10001"),
        (3, "G3", "张三", "TLR-03", "na", OCT_8, EAST, "10001"),
        (4, "E4", "李四", "TLR-01", "unchecked", OCT_8, EAST, "10002"),  # merged A3:A4, B3:B4
        (4, "F4", "李四", "TLR-02", "pass", OCT_8, EAST, "10002"),
        (4, "G4", "李四", "TLR-03", "fail", OCT_8, EAST, "10002"),
        (5, "E5", "王五", "TLR-01", "fail", OCT_9, WEST, "10003"),  # the date-time cell
        (5, "F5", "王五", "TLR-02", "na", OCT_9, WEST, "10003"),
        (5, "G5", "王五", "TLR-03", "pass", OCT_9, WEST, "10003"),
        (6, "E6", "赵六", "TLR-01", "pass", OCT_9, WEST, None),
        (6, "F6", "赵六", "TLR-02", "pass", OCT_9, WEST, None),
        (6, "G6", "赵六", "TLR-03", "unchecked", OCT_9, WEST, None),
    ]
    assert anywhere(xls.observations) == anywhere(xlsx.observations)
    assert {o.file for o in xls.observations} == {str(books.morning.xls)}
    assert not xls.rejected and not xls.warnings
    assert xls.skipped_sheets == ((str(books.morning.xls), "备用", "hidden sheet"),)
    (layout,) = xls.layouts
    assert (layout.sheet, layout.form, layout.header_row) == ("10月8日", "wide", 2)
    assert (layout.rows, layout.accepted, layout.skipped) == (4, 4, 2)  # title and 注 skipped
    assert layout.columns == xlsx.layouts[0].columns


def test_date_cells_stay_dates_in_the_xls(books: Books) -> None:
    book = open_book(books.morning.xls, "en")
    try:
        sheet = next(s for s in book.sheets if s.name == "10月8日")
        dates = [row[0] for row in sheet.rows()][2:6]
    finally:
        book.close()
    # A4 is in the merged range A3:A4: it holds A3's date. A6 was text and stays text.
    assert dates == [OCT_8, OCT_8, dt.datetime(2026, 10, 9, 8, 30), "2026/10/9"]
    assert type(dates[0]) is dt.date  # not a serial number, not a datetime at midnight


def test_long_register_reads_and_rejects_the_same_from_xls(mini: Library, books: Books) -> None:  # noqa: F811
    xlsx = read(mini, books.register.xlsx, checklist="inspection-monthly")
    xls = read(mini, books.register.xls, checklist="inspection-monthly")
    assert [
        (o.row, o.cell, o.subject, o.employee, o.item, o.result, o.deduction, o.date, o.note)
        for o in xls.observations
    ] == [
        (2, "E2", EAST, "张三", "TLR-01", "fail", 0.5, OCT_8, "未佩戴工号牌"),
        (3, "E3", EAST, "李四", "TLR-02", "fail", 1.0, OCT_8, "未唱收"),
        (4, "E4", EAST, None, "ENT-02", "pass", None, OCT_9, None),
        (5, "F5", EAST, "王五", "TLR-03", "fail", 2.5, dt.date(2026, 10, 20), "代客填单"),
    ]
    assert anywhere(xls.observations) == anywhere(xlsx.observations)
    assert xls.rejected == (Rejection(str(books.register.xls), "登记簿", 6, "D6", UNKNOWN_ITEM),)
    assert [r._replace(file="") for r in xls.rejected] == [
        r._replace(file="") for r in xlsx.rejected
    ]
    summary = xls.inputs[0]
    assert (summary.rows, summary.accepted, summary.rejected) == (5, 4, 1)


@pytest.mark.parametrize("name", ["晨会.xlsx", "晨会.csv"])
@pytest.mark.parametrize(("lang", "reason"), [("en", LEGACY), ("zh", LEGACY_ZH)])
def test_an_xls_under_another_name_is_refused(
    mini: Library,  # noqa: F811
    books: Books,
    tmp_path: Path,
    name: str,
    lang: str,
    reason: str,
) -> None:
    renamed = Path(shutil.copy(books.morning.xls, tmp_path / name))
    with pytest.raises(InputError) as raised:
        read_sheets([renamed], mini, "morning-teller", lang=lang)
    head, colon = ("nothing could be read:", ": ") if lang == "en" else ("没有读到任何数据：", "：")
    assert str(raised.value) == f"{head}\n  {renamed}{colon}{reason}"

    good = books.register.xlsx  # read beside it, and read in full
    both = read(mini, renamed, good, checklist="inspection-monthly", lang=lang)
    assert both.unread_files == (str(renamed),)
    assert both.skipped_sheets == ((str(renamed), "", reason),)
    alone = read(mini, good, checklist="inspection-monthly", lang=lang)
    assert both.observations == alone.observations and len(both.observations) == 4
    assert both.rejected == alone.rejected


def test_the_xls_suffix_is_matched_in_any_case(mini: Library, books: Books, tmp_path: Path) -> None:  # noqa: F811
    upper = Path(shutil.copy(books.morning.xls, tmp_path / "晨会.XLS"))
    result = read(mini, upper, checklist="morning-teller")
    expected = read(mini, books.morning.xls, checklist="morning-teller")
    assert anywhere(result.observations) == anywhere(expected.observations)


def test_a_folder_reads_its_xls_files_too(mini: Library, books: Books, tmp_path: Path) -> None:  # noqa: F811
    folder = tmp_path / "2026-10"
    folder.mkdir()
    shutil.copy(books.morning.xls, folder / "a-晨会.xls")
    shutil.copy(books.morning.xlsx, folder / "b-晨会.xlsx")
    result = read(mini, folder, checklist="morning-teller")
    assert [Path(i.file).name for i in result.inputs] == ["a-晨会.xls", "b-晨会.xlsx"]
    old, new = (
        [o for o in result.observations if Path(o.file).name == name]
        for name in ("a-晨会.xls", "b-晨会.xlsx")
    )
    assert anywhere(old) == anywhere(new) and len(old) == 12
