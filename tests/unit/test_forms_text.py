"""The csv and md forms: the same header as the xlsx, readable by Excel and by people."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from svccheck.forms import FormDate, Person, make_form
from svccheck.model import Library

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
    rows = csv_rows(form.data)
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
    rows = csv_rows(form.data)
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
