"""The csv and md forms: the same header as the xlsx, readable by Excel and by people."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from svccheck.forms import FormDate, Person, make_form
from svccheck.model import Library
from svccheck.sheets import read_sheets

TODAY = dt.date(2026, 10, 8)


def csv_rows(data: bytes) -> list[list[str]]:
    """The csv form's rows below its own first line (title, checklist id, library version)."""
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to open Chinese csv"
    first, *rows = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    assert len(first) == 1 and ("svccheck 表单 " in first[0] or "svccheck form " in first[0])
    return rows


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_csv_has_the_forms_header_without_the_formula_column(library: Library, lang: str) -> None:
    form = make_form(library, "peer-teller", fmt="csv", lang=lang, today=TODAY)
    rows = csv_rows(form.data)
    expected = [c.header for c in form.plan.columns if c.entry != "total"]
    assert rows[0] == expected
    assert rows[0][-3:] == (
        ["互查人", "备注", "签字"] if lang == "zh" else ["Checker", "Remarks", "Signature"]
    )
    assert len(rows) == 1 + 20 and all(not any(r) for r in rows[1:])
    assert form.data.count(b"\r\n") == 22


def test_csv_roster_rows_carry_the_date_and_branch(library: Library) -> None:
    roster = [Person("张伟", "10001", "teller"), Person("王芳", None, None)]
    form = make_form(
        library, "morning-teller", fmt="csv", roster=roster, branch="东环支行", today=TODAY
    )
    block, *rows = csv_rows(form.data)
    assert block == ["网点：东环支行"]  # the date is today's by default: not stated
    assert [r[:5] for r in rows[1:3]] == [
        ["2026-10-08", "东环支行", "张伟", "10001", "综合柜员"],
        ["2026-10-08", "东环支行", "王芳", "", "综合柜员"],
    ]
    assert all(cell == "" for r in rows[1:] for cell in r[5:])
    assert len(rows) == 1 + 2 + 3 and not any(any(r) for r in rows[3:])  # 3 open rows


def test_csv_branch_form_has_one_row_per_day(library: Library) -> None:
    form = make_form(
        library,
        "morning-environment",
        fmt="csv",
        date=FormDate(dt.date(2026, 10, 8)),
        branch="东环支行",
    )
    block, *rows = csv_rows(form.data)
    assert block == ["网点：东环支行"]  # every row has its own day: no sheet-wide date
    assert [r[:2] for r in rows[1:]] == [[f"2026-10-{d:02d}", "东环支行"] for d in range(8, 15)]


def test_csv_register_is_header_and_blank_rows(library: Library) -> None:
    form = make_form(library, "inspection-monthly", fmt="csv", rows=3, today=TODAY)
    rows = csv_rows(form.data)
    assert rows[0][:4] == ["序号", "检查日期", "时段", "检查方式"]
    assert "整改期限" in rows[0]
    assert rows[1:] == [[""] * 15] * 3


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_md_is_a_printable_sheet_with_the_criteria(library: Library, lang: str) -> None:
    form = make_form(
        library, "morning-teller", fmt="md", lang=lang, branch="东环支行", rows=2, today=TODAY
    )
    text = form.data.decode("utf-8")
    checklist = library.checklists["morning-teller"]
    items = library.checklist_items(checklist)
    assert text.startswith(f"# {checklist.title.get(lang)}\n")
    if lang == "zh":
        assert "**网点**：东环支行　**日期**：2026-10-08　**主持人**：________" in text
        assert "| 日期 | 网点 | 姓名 | 工号 | 岗位 | TLR-01 | TLR-02 |" in text
        assert "## 标准说明" in text
    else:
        assert "**Branch**: 东环支行 · **Date**: 2026-10-08 · **Host**: ________" in text
        assert "## Criteria" in text
    for item in items:
        assert f"| {item.id} {item.title.get(lang)} | {item.criterion.get(lang)} |" in text
    grid = [line for line in text.splitlines() if line.startswith("|  |")]
    assert len(grid) == 2


def test_md_escapes_pipes(library: Library) -> None:
    form = make_form(library, "morning-teller", fmt="md", branch="A|B", rows=0, today=TODAY)
    # the block is not a table, but every value goes through the one Markdown escape
    assert "A\\|B" in form.data.decode()
    roster = [Person("张|伟", None, "teller")]
    form = make_form(library, "morning-teller", fmt="md", roster=roster, today=TODAY)
    assert "| 张\\|伟 |" in form.data.decode()


def _fill_csv(form_data: bytes, path: Path, rows: list[dict[str, str]]) -> None:
    """Fill the first data rows of a csv form by header, as a person would in Excel, and save
    it as Excel does (UTF-8 with BOM): every other cell, 网点 and 日期 too, left as printed."""
    lines = list(csv.reader(io.StringIO(form_data.decode("utf-8-sig"), newline="")))
    at = next(n for n, line in enumerate(lines) if "姓名" in line or "被检查人" in line)
    header = lines[at]
    for offset, values in enumerate(rows, start=1):
        line = lines[at + offset]
        for name, value in values.items():
            line[header.index(name)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(lines)
    path.write_bytes(out.getvalue().encode("utf-8-sig"))


def test_a_csv_form_carries_its_branch_and_date_to_blank_cells(
    library: Library, tmp_path: Path
) -> None:
    """A csv printed --branch 东环支行 --date 2026-10-08 says so on a line above its header,
    and two people's rows filled with 网点 and 日期 left blank are read with them (they were
    rejected: 缺少网点 / 缺少日期)."""
    form = make_form(
        library,
        "morning-teller",
        fmt="csv",
        branch="东环支行",
        date=FormDate(dt.date(2026, 10, 8)),
        rows=3,
        today=dt.date(2026, 12, 1),
    )
    first, block, *_ = csv.reader(io.StringIO(form.data.decode("utf-8-sig"), newline=""))
    assert first == ["综合柜员晨会自查表 · svccheck 表单 morning-teller · 标准库 2027.1"]
    assert block == ["网点：东环支行", "日期：2026-10-08"]
    filled = tmp_path / "teller.csv"
    _fill_csv(
        form.data,
        filled,
        [
            {"姓名": "张三", "TLR-01 着装规范": "√", "TLR-02 仪容修饰": "×"},
            {"姓名": "李四", "TLR-01 着装规范": "√", "TLR-02 仪容修饰": "√"},
        ],
    )
    read = read_sheets([filled], library)
    assert not read.rejected
    assert [(i.accepted, i.rejected) for i in read.inputs] == [(2, 0)]
    assert {(o.subject, o.branch, o.date) for o in read.observations} == {
        ("张三", "东环支行", dt.date(2026, 10, 8)),
        ("李四", "东环支行", dt.date(2026, 10, 8)),
    }
    marked = {(o.subject, o.item, o.result) for o in read.observations if o.item <= "TLR-02"}
    assert marked == {
        ("张三", "TLR-01", "pass"),
        ("张三", "TLR-02", "fail"),
        ("李四", "TLR-01", "pass"),
        ("李四", "TLR-02", "pass"),
    }


def test_a_csv_register_carries_its_branch_to_blank_cells(library: Library, tmp_path: Path) -> None:
    """The walkthrough's case: two findings on a csv register printed --branch 东环支行, 网点
    left blank on both, are accepted with the register's branch."""
    form = make_form(library, "inspection-monthly", fmt="csv", branch="东环支行", rows=5)
    assert csv_rows(form.data)[0] == ["网点：东环支行"]  # a month: no sheet-wide date
    filled = tmp_path / "register.csv"
    finding = {"检查日期": "2026-10-08", "检查方式": "现场", "扣分": "1"}
    _fill_csv(
        form.data,
        filled,
        [
            {
                **finding,
                "序号": "1",
                "被检查人": "张三",
                "标准编号": "TLR-01",
                "问题描述": "未佩戴工号牌",
            },
            {
                **finding,
                "序号": "2",
                "被检查人": "李四",
                "标准编号": "TLR-02",
                "问题描述": "头发散乱",
            },
        ],
    )
    read = read_sheets([filled], library)
    assert not read.rejected
    assert [(i.accepted, i.rejected) for i in read.inputs] == [(2, 0)]
    assert {o.branch for o in read.observations} == {"东环支行"}
    assert {o.item for o in read.observations} >= {"TLR-01", "TLR-02"}


def test_a_csv_form_without_branch_or_date_reads_as_before(
    library: Library, tmp_path: Path
) -> None:
    """No --branch, no --date: no block line (the header follows the first line, as before),
    and a row with 网点 and 日期 blank is still rejected for them: nothing is guessed."""
    form = make_form(library, "morning-teller", fmt="csv", rows=2, today=TODAY)
    header = csv_rows(form.data)[0]
    assert header[:3] == ["日期", "网点", "姓名"]
    filled = tmp_path / "teller.csv"
    _fill_csv(form.data, filled, [{"姓名": "张三", "TLR-01 着装规范": "√"}])
    read = read_sheets([filled], library)
    assert [(i.accepted, i.rejected) for i in read.inputs] == [(0, 1)]
    assert not read.observations


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    "checklist", ["morning-teller", "peer-teller", "morning-environment", "inspection-monthly"]
)
def test_md_instructions_are_for_a_pen_not_for_the_xlsx(
    library: Library, checklist: str, lang: str
) -> None:
    """The md form has no dropdown, no 扣分合计 column and no 标准说明 worksheet: its text says
    to write the mark in the box and points to the criteria below the grid."""
    form = make_form(library, checklist, fmt="md", lang=lang, rows=1, today=TODAY)
    text = form.data.decode("utf-8")
    (line,) = [line for line in text.splitlines() if line.startswith("> ")]
    xlsx_words = (
        ("下拉框", "选择", "自动计算", "扣分合计", "工作表")
        if lang == "zh"
        else ("pick", "dropdown", "calculated", "sheet")
    )
    assert not [word for word in xlsx_words if word in line], line
    if lang == "zh":
        assert "见下文“标准说明”" in line
        assert "扣分合计" not in text  # nor a column of it
        if checklist != "inspection-monthly":
            assert "格内写 √（合格）、×（不合格）或“不适用”" in line
    else:
        assert "under 'Criteria' below" in line
        if checklist != "inspection-monthly":
            assert "√ (pass), × (fail) or N/A in each item's box" in line
    assert form.plan.instructions != line[2:]  # the xlsx keeps its own
