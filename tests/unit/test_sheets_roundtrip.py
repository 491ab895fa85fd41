"""Round trip, as properties: what is written to a sheet reads back identically.

Observations are written to a wide (morning) or long (register) sheet — xlsx by openpyxl or
xlsxwriter, or csv in UTF-8 with BOM or GB18030 — with marks, dates and deductions spelled in
every accepted way and blank cells left blank; reading gives back exactly those observations
(blank = not checked), and the fast row loops agree with the general row path on anything,
junk included.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sheets_support import (
    Sheet,
    mini,  # noqa: F401 — fixture
    reconcile,
    write_csv,
    write_openpyxl,
    write_xlsxwriter,
)

from svccheck.model import Library
from svccheck.sheets import ReadResult, read_sheets
from svccheck.sheets.rows import RowReader

SPELLINGS = {
    "pass": ["√", "✓", "✔", "是", "合格", "达标", "Y", "yes", "pass", "OK", "1", "TRUE"],
    "fail": ["×", "✗", "✘", "x", "X", "否", "不合格", "未达标", "N", "no", "fail", "0", "false"],
    "na": ["N/A", "NA", "不适用", "—", "/"],
    "unchecked": [None, "", "  "],
}
DEDUCTIONS = {
    1.0: ["1", "-1", "扣1分", "1分", 1],
    0.5: ["0.5", "扣0.5分", "0.5分", -0.5],
    2.0: ["2"],
}
NAMES = st.text(alphabet="张王李赵钱孙周吴AbCxyz·", min_size=1, max_size=6)
BRANCHES = st.sampled_from(["东环支行", "西城支行", "South Lake"])
DATES = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))


def spell_date(day: dt.date, form: int) -> object:
    return [
        day,
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}.{day.month:02d}.{day.day:02d}",
        f"{day.year}年{day.month}月{day.day}日",
    ][form]


Writer = Callable[[Path, list[list[Any]]], Path]
WRITERS: dict[str, Writer] = {
    "openpyxl": lambda p, rows: write_openpyxl(p.with_suffix(".xlsx"), Sheet("S", rows)),
    "xlsxwriter": lambda p, rows: write_xlsxwriter(p.with_suffix(".xlsx"), Sheet("S", rows)),
    "csv-bom": lambda p, rows: write_csv(p.with_suffix(".csv"), _text_rows(rows), "utf-8-sig"),
    "csv-gb18030": lambda p, rows: write_csv(p.with_suffix(".csv"), _text_rows(rows), "gb18030"),
}


def _text_rows(rows: list[list[Any]]) -> list[list[Any]]:
    """What a csv export holds: text (a date cell becomes its ISO date)."""
    return [[v.isoformat() if isinstance(v, dt.date) else v for v in row] for row in rows]


def read_one(library: Library, writer: str, rows: list[list[Any]], **options: Any) -> ReadResult:
    with tempfile.TemporaryDirectory() as tmp:
        path = WRITERS[writer](Path(tmp) / "sheet", rows)
        result = read_sheets([path], library, **options)
    reconcile(result)
    return result


@st.composite
def wide_sheets(draw: st.DrawFn) -> tuple[list[list[Any]], list[tuple[Any, ...]]]:
    """A wide sheet of morning-teller marks, and the observations it holds."""
    items = ["TLR-01", "TLR-02", "TLR-03"]
    headers = ["TLR-01 着装规范", "唱收唱付", "Never sign for a customer"]
    people = draw(st.lists(NAMES.map(str.strip).filter(bool), min_size=1, max_size=8))
    rows: list[list[Any]] = [["日期", "网点", "姓名", *headers]]
    expected = []
    for n, name in enumerate(people):
        day, form = draw(DATES), draw(st.integers(0, 4))
        branch = draw(BRANCHES)
        results = [draw(st.sampled_from(list(SPELLINGS))) for _ in items]
        marks = [draw(st.sampled_from(SPELLINGS[r])) for r in results]
        rows.append([spell_date(day, form), branch, name, *marks])
        if all(r == "unchecked" for r in results):
            continue  # no mark at all: a roster line nobody filled in, skipped
        for item, result in zip(items, results, strict=True):
            expected.append((n + 2, name, branch, day, item, result))
    return rows, expected


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheet=wide_sheets(), writer=st.sampled_from(list(WRITERS)))
def test_wide_sheet_reads_back_what_was_written(
    mini: Library,  # noqa: F811
    sheet: tuple[list[list[Any]], list[tuple[Any, ...]]],
    writer: str,
) -> None:
    rows, expected = sheet
    result = read_one(mini, writer, rows, checklist="morning-teller")
    got = [(o.row, o.subject, o.branch, o.date, o.item, o.result) for o in result.observations]
    assert got == expected
    assert not result.rejected


@st.composite
def registers(draw: st.DrawFn) -> tuple[list[list[Any]], list[tuple[Any, ...]]]:
    """A long register for inspection-monthly, and the observations it holds."""
    ways = {
        "TLR-01": ["TLR-01", "tlr-01", "TLR-01 着装规范"],
        "TLR-02": ["TLR-02", "唱收唱付", "Announce amounts", "TLR-02 唱收唱付"],
        "ENT-01": ["ENT-01", "门前整洁", "Entrance clean"],
        "LBM-02": ["LBM-02", "主动迎候"],
    }
    rows: list[list[Any]] = [["检查日期", "网点", "被检查人", "检查项目", "结果", "扣分"]]
    expected = []
    for n in range(draw(st.integers(1, 12))):
        day, form, branch = draw(DATES), draw(st.integers(0, 4)), draw(BRANCHES)
        item = draw(st.sampled_from(list(ways)))
        person = draw(st.one_of(st.none(), NAMES.map(str.strip).filter(bool)))
        result = draw(st.sampled_from(list(SPELLINGS)))
        deduction: float | None = None
        if result in ("fail", "unchecked") and draw(st.booleans()):
            deduction = draw(st.sampled_from(list(DEDUCTIONS)))
        rows.append([
            spell_date(day, form), branch, person, draw(st.sampled_from(ways[item])),
            draw(st.sampled_from(SPELLINGS[result])),
            None if deduction is None else draw(st.sampled_from(DEDUCTIONS[deduction])),
        ])  # fmt: skip
        if result == "unchecked" and deduction is not None:
            result = "fail"  # points off and no mark: a fail (SPEC §4)
        expected.append((n + 2, branch, person, day, item, result, deduction))
    return rows, expected


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheet=registers(), writer=st.sampled_from(list(WRITERS)))
def test_register_reads_back_what_was_written(
    mini: Library,  # noqa: F811
    sheet: tuple[list[list[Any]], list[tuple[Any, ...]]],
    writer: str,
) -> None:
    rows, expected = sheet
    result = read_one(mini, writer, rows, checklist="inspection-monthly")
    got = [
        (o.row, o.subject, o.employee, o.date, o.item, o.result, o.deduction)
        for o in result.observations
    ]
    assert got == expected
    assert not result.rejected


JUNK = st.sampled_from(
    ["√", "×", "", None, "不适用", "??", "2026-02-30", "合计", "注：备注", "扣1分", "-0.5",
     "张三", "TLR-01", "着装规范", "TLR-99", "综合柜员", "大堂经理", "保洁员", "自查", "互查",
     "抽查", "2次", 0, 1, 3.5, dt.date(2026, 10, 8), "2026年10月8日", "东环支行"]
)  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    junk=st.lists(st.lists(JUNK, min_size=9, max_size=9), min_size=1, max_size=25),
    form=st.sampled_from(["long", "wide"]),
    writer=st.sampled_from(["xlsxwriter", "csv-bom"]),
)
def test_fast_loops_agree_with_the_general_path(
    mini: Library,  # noqa: F811
    junk: list[list[Any]],
    form: str,
    writer: str,
) -> None:
    header = {
        "long": ["日期", "网点", "姓名", "岗位", "检查方式", "检查项目", "结果", "扣分", "次数"],
        "wide": ["日期", "网点", "姓名", "岗位", "检查方式", "备注", "TLR-01", "TLR-02", "TLR-03"],
    }[form]
    rows = [["网点：南湖支行  日期：2026-10-09"], header, *junk]
    checklist = "inspection-monthly" if form == "long" else "morning-teller"
    fast = read_one(mini, writer, rows, checklist=checklist, lang="zh")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(RowReader, "fast_paths", False)
        general = read_one(mini, writer, rows, checklist=checklist, lang="zh")
    assert [o[:13] + o[15:] for o in fast.observations] == [
        o[:13] + o[15:] for o in general.observations
    ]
    assert [r[2:] for r in fast.rejected] == [r[2:] for r in general.rejected]
    assert [(s.rows, s.accepted, s.rejected, s.skipped) for s in fast.layouts] == [
        (s.rows, s.accepted, s.rejected, s.skipped) for s in general.layouts
    ]
