"""Real filled sheets for the score / explain acceptance tests, written with openpyxl.

morning.xlsx (综合柜员晨会自查表, wide form): 东环支行, 2026-10-08 and 09.
- 张三 fails TLR-03 (2) on the 8th → 98; fails TLR-01 (0.5) and TLR-11 (1) on the 9th
  → 98.5; mean 98.25, star.
- 李四 passes everything → 100 both days, star.
- 王五 (滨江支行 on his rows) fails TLR-22, a red line, on the 8th → 0 (veto zero); passes on
  the 9th → 100; mean 50, remediation. His note on the 8th is "=HYPERLINK(…)".
- one row with the mark "?" is rejected.
register.xlsx (营业网点服务检查登记簿, long form, findings only): 2026-10-15,
- 东环支行: ENT-04 扣1分 → 99; 滨江支行: TLR-14 (2 points) for 赵六 → 98.
The items' points come from the frozen 2026.1 library (tests/data/library/2026.1).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from svccheck.model import Library

D1, D2, D3 = dt.date(2026, 10, 8), dt.date(2026, 10, 9), dt.date(2026, 10, 15)
FORMULA_NOTE = '=HYPERLINK("http://example.invalid","x")'


def write_morning(path: Path, library: Library) -> Path:
    items = library.checklists["morning-teller"].items
    headers = [f"{i} {library.items[i].title.zh}" for i in items]
    fails = {
        (D1, "张三"): {"TLR-03"},
        (D2, "张三"): {"TLR-01", "TLR-11"},
        (D1, "王五"): {"TLR-22"},
    }
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "柜员自查"
    sheet.append(["综合柜员晨会自查表"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=6)
    sheet.append([])
    sheet.append(["日期", "网点", "姓名", "工号", "岗位", *headers, "备注"])
    for day in (D1, D2):
        for name, branch, number in (
            ("张三", "东环支行", "0110001"),
            ("李四", "东环支行", "0110002"),
            ("王五", "滨江支行", "0120001"),
        ):
            failed = fails.get((day, name), set())
            marks = ["×" if i in failed else "√" for i in items]
            note = FORMULA_NOTE if (day, name) == (D1, "王五") else None
            sheet.append([day, branch, name, number, "综合柜员", *marks, note])
    bad = ["√"] * len(items)
    bad[0] = "?"
    sheet.append([D2, "东环支行", "孙七", "0110003", "综合柜员", *bad, None])
    book.save(path)
    return path


def write_register(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "10月"
    sheet.append(["营业网点服务检查登记簿"])
    sheet.append(
        [
            "序号",
            "检查日期",
            "网点",
            "检查方式",
            "被检查人",
            "标准编号",
            "问题描述",
            "扣分",
            "检查人",
        ]
    )
    sheet.append([1, D3, "东环支行", "现场", None, "ENT-04", "门前有烟头", "扣1分", "钱检查"])
    sheet.append(
        [2, D3, "滨江支行", "视频调阅", "赵六", "TLR-14", "离柜未放暂停牌", None, "钱检查"]
    )
    book.save(path)
    return path


def write_month(folder: Path, library: Library) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_morning(folder / "morning.xlsx", library)
    write_register(folder / "register.xlsx")
    return folder
