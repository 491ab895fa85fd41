"""A register's staff-on-duty sheet: which lines name a person on duty, and which are refused."""

from __future__ import annotations

import datetime as dt

import pytest

from svccheck.model import Library
from svccheck.sheets.staff import read_staff

HEADER = ["姓名", "工号", "岗位", "日期", "网点"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_staff_line_dated_outside_the_years_read_is_refused_by_cell(
    library: Library, lang: str
) -> None:
    rows = [
        HEADER,
        ["张三", "T01", "综合柜员", dt.date(9999, 12, 31), "东环支行"],
        ["李四", "T02", "综合柜员", "2026-10-08", "东环支行"],
    ]
    staff = read_staff(rows, library.taxonomy, lang)
    assert [p.name for p in staff.people] == ["李四"]
    message = {
        "zh": "日期“9999-12-31”超出范围（2000–2099 年）：请改正年份",
        "en": "date '9999-12-31' is out of range (2000–2099): correct the year",
    }[lang]
    assert staff.problems == [(2, "D2", message)]


def test_staff_names_are_stored_as_the_rows_store_them(library: Library) -> None:
    """Without zero-width characters; a control character or a name longer than any name
    is a problem naming its cell."""
    rows = [
        HEADER,
        ["张\u200b三", "T01", "综合柜员", "2026-10-08", "东环支行\u200b"],
        ["李\x00四", "T02", "综合柜员", "2026-10-08", "东环支行"],
        ["王五", "T\x1b03", "综合柜员", "2026-10-08", "东环支行"],
        ["赵六", "T04", "综合柜员", "2026-10-08", "支" * 101],
    ]
    staff = read_staff(rows, library.taxonomy, "en")
    assert [(p.name, p.branch, p.employee_id) for p in staff.people] == [
        ("张三", "东环支行", "T01")
    ]
    assert staff.problems == [
        (3, "A3", "'李\\x00四' holds a control character: delete it in the sheet"),
        (4, "B4", "'T\\x1b03' holds a control character: delete it in the sheet"),
        (5, "E5", f"'{'支' * 20}…' is 101 characters long, over 100: no name, branch or id "
         "is that long"),
    ]  # fmt: skip
