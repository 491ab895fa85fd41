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
