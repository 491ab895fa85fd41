"""Cells that read as empty but are not — a formula with no saved value (a file saved by a tool
that does not calculate), an Excel error value (#N/A from a failed VLOOKUP) — under a column
the reader uses: the row is rejected naming the cell, never read without its name nor skipped
as blank. Through both the fast and the general path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sheets_support import Sheet, fast, mini, read, write_openpyxl, write_xlsxwriter  # noqa: F401

from svccheck.model import Library

BRANCH = "东环支行"
NO_VALUE = (
    "the cell under '{}' holds a formula with no saved value: open the file in Excel or "
    "LibreOffice and save it so the value is calculated"
)
NA = "the cell under '{}' holds the Excel error #N/A (a formula that failed, such as a lookup): "
NA += "correct it in the sheet"


REGISTER = [
    ["网点服务检查登记簿"],
    ["日期", "网点", "被检查人", "工号", "检查项目", "扣分", "备注"],
    [dt.date(2026, 10, 8), BRANCH, "张三", "10001", "TLR-01", 1, None],
    [dt.date(2026, 10, 8), BRANCH, None, "10002", "TLR-02", 1, None],  # C4: VLOOKUP
    [None, None, None, None, None, None, None],  # row 5: every cell a formula
    [dt.date(2026, 10, 8), BRANCH, "王五", "10003", "TLR-03", 1, None],  # G6: a note formula
    [dt.date(2026, 10, 8), BRANCH, "赵六", None, "TLR-01", 1, None],  # D7: the id
    [],
    [dt.date(2026, 10, 9), BRANCH, "钱七", "10005", "TLR-02", 1, None],
]
LOOKUP = "=VLOOKUP(D4,名单!A:B,2,FALSE)"


def test_a_register_rejects_rows_whose_used_cells_are_formulas_with_no_value(
    mini: Library,  # noqa: F811
    tmp_path: Path,
    fast: bool,  # noqa: F811
) -> None:
    formulas = {"C4": (LOOKUP, None), "G6": ('="复查"', None), "D7": ("=A1", None)}
    formulas |= {f"{c}5": ("=1", None) for c in "ABCDEFG"}
    path = write_openpyxl(tmp_path / "登记簿.xlsx", Sheet("10月", REGISTER, formulas=formulas))
    result = read(mini, path, checklist="inspection-monthly")
    assert [(o.row, o.employee, o.note) for o in result.observations] == [
        (3, "张三", None),
        (6, "王五", None),  # a note left empty loses nothing scored
        (9, "钱七", None),
    ]
    assert [(r.row, r.cell, r.reason) for r in result.rejected] == [
        (4, "C4", NO_VALUE.format("被检查人")),
        (5, "A5", NO_VALUE.format("日期")),  # looked full in Excel: not a blank row
        (7, "D7", NO_VALUE.format("工号")),
    ]


def test_an_excel_error_value_is_no_blank(
    mini: Library,  # noqa: F811
    tmp_path: Path,
    fast: bool,  # noqa: F811
) -> None:
    rows = [r for r in REGISTER if len(r) != 7 or r[2] != "王五"]  # (no note formula here)
    rows[3] = [dt.date(2026, 10, 8), BRANCH, None, "10002", "TLR-02", 1, None]
    rows[4] = [dt.date(2026, 10, 8), BRANCH, "李四", "10004", "TLR-02", None, None]
    rows[5] = [dt.date(2026, 10, 8), BRANCH, "赵六", "10004", None, 1, None]
    formulas = {"C4": (LOOKUP, "#N/A"), "F5": (LOOKUP, "#N/A"), "E6": (LOOKUP, "#N/A")}
    path = write_xlsxwriter(tmp_path / "登记簿.xlsx", Sheet("10月", rows, formulas=formulas))
    result = read(mini, path, checklist="inspection-monthly")
    assert [o.row for o in result.observations] == [3, 8]
    assert [(r.row, r.cell, r.reason) for r in result.rejected] == [
        (4, "C4", NA.format("被检查人")),
        (5, "F5", NA.format("扣分")),  # not the item's default points
        (6, "E6", NA.format("检查项目")),  # not "'检查项目' is empty"
    ]


MORNING = [
    ["综合柜员晨会自查表"],
    [f"网点：{BRANCH} 日期：2026年10月8日"],
    [],
    ["序号", "姓名", "工号", "岗位", "TLR-01 着装规范", "TLR-02 唱收唱付", "TLR-03"],
    [1, "张三", "10001", "综合柜员", "√", "√", "√"],
    [2, "李四", None, "综合柜员", "√", "√", "√"],  # C6: the id
    [3, None, None, None, None, None, None],  # row 7: a line of formulas
    [4, "赵六", "10004", "综合柜员", "√", "×", "√"],
]


def test_a_morning_sheet_rejects_an_id_or_a_line_of_formulas_with_no_value(
    mini: Library,  # noqa: F811
    tmp_path: Path,
    fast: bool,  # noqa: F811
) -> None:
    formulas = {"C6": ("=1", None)} | {f"{c}7": ("=1", None) for c in "BCDEFG"}
    path = write_openpyxl(tmp_path / "晨会.xlsx", Sheet("10月8日", MORNING, formulas=formulas))
    result = read(mini, path)
    assert sorted({(o.row, o.subject) for o in result.observations}) == [(5, "张三"), (8, "赵六")]
    assert [(r.row, r.cell, r.reason) for r in result.rejected] == [
        (6, "C6", NO_VALUE.format("工号")),
        (7, "B7", NO_VALUE.format("姓名")),
    ]
