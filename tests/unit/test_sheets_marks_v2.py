"""Marks as staff write them (contract version 2): v, 对, 错, a note after the mark, and a
roster line nobody filled in — on real workbooks, through both the fast and the general path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sheets_support import Sheet, fast, mini, read, write_csv, write_openpyxl  # noqa: F401

from svccheck.model import Library, RosterLine
from svccheck.sheets.render import read_json, read_table

OCT_8 = dt.date(2026, 10, 8)
BRANCH = "东环支行"
HEADER = ["序号", "姓名", "工号", "岗位", "TLR-01 着装规范", "TLR-02 唱收唱付", "TLR-03", "备注"]
MORNING = [
    ["综合柜员晨会自查表"],
    [f"网点：{BRANCH} 日期：2026年10月8日"],
    [],
    HEADER,
    [1, "张三", "10001", "综合柜员", "v", "× 柜面有杂物", "对", None],
    [2, "李四", "10002", "综合柜员", "√（已整改）", "错", "V", "替班"],
    [3, "王五", "10003", "综合柜员", None, None, None, None],  # nobody filled this line in
    [4, "赵六", "10004", "综合柜员", "√", "√", "√", None],
]


def test_marks_with_notes_and_new_marks_on_a_morning_sheet(
    mini: Library,  # noqa: F811
    tmp_path: Path,
    fast: bool,  # noqa: F811
) -> None:
    result = read(mini, write_openpyxl(tmp_path / "晨会.xlsx", Sheet("10月8日", MORNING)))
    assert [(o.subject, o.item, o.result, o.note) for o in result.observations] == [
        ("张三", "TLR-01", "pass", None),
        ("张三", "TLR-02", "fail", "柜面有杂物"),
        ("张三", "TLR-03", "pass", None),
        ("李四", "TLR-01", "pass", "已整改; 替班"),
        ("李四", "TLR-02", "fail", "替班"),
        ("李四", "TLR-03", "pass", "替班"),
        ("赵六", "TLR-01", "pass", None),
        ("赵六", "TLR-02", "pass", None),
        ("赵六", "TLR-03", "pass", None),
    ]
    assert all(type(o.result) is str for o in result.observations)
    (layout,) = result.layouts
    assert (layout.rows, layout.accepted, layout.rejected) == (3, 3, 0)
    assert result.roster_lines == (
        RosterLine(OCT_8, BRANCH, "王五", "morning-teller", "10003", "teller",
                   str(tmp_path / "晨会.xlsx"), "10月8日", 7),
    )  # fmt: skip


def test_a_note_after_the_mark_in_a_long_sheets_result(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    rows = [
        ["日期", "网点", "姓名", "检查项目", "结果", "备注"],
        ["2026-10-08", BRANCH, "张三", "TLR-01", "× 未戴工牌", "复查"],
        ["2026-10-08", BRANCH, "张三", "TLR-02", "对", None],
        ["2026-10-08", BRANCH, "张三", "TLR-03", "错", None],
    ]
    result = read(mini, write_csv(tmp_path / "long.csv", rows), checklist="morning-teller")
    assert [(o.item, o.result, o.note) for o in result.observations] == [
        ("TLR-01", "fail", "未戴工牌; 复查"),
        ("TLR-02", "pass", None),
        ("TLR-03", "fail", None),
    ]


def test_text_that_is_no_mark_is_still_rejected_naming_the_cell(
    mini: Library,  # noqa: F811
    tmp_path: Path,
    fast: bool,  # noqa: F811
) -> None:
    rows = [*MORNING[:4], [1, "张三", "10001", "综合柜员", "合格率高", "√", "√", None]]
    result = read(mini, write_openpyxl(tmp_path / "晨会.xlsx", Sheet("S", rows)))
    (rejection,) = result.rejected
    assert (rejection.row, rejection.cell) == (5, "E5")


def test_read_reports_the_roster_line_nobody_filled_in(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    result = read(mini, write_openpyxl(tmp_path / "晨会.xlsx", Sheet("10月8日", MORNING)))
    import json

    document = json.loads(read_json(result))
    assert document["roster_without_check"] == [
        {"date": "2026-10-08", "branch": BRANCH, "employee": "王五",
         "file": str(tmp_path / "晨会.xlsx"), "sheet": "10月8日", "row": 7},
    ]  # fmt: skip
    assert "王五（第 7 行）" in read_table(result, "zh")
