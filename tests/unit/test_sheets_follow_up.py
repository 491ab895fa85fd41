"""A register's follow-up of its findings (SPEC §8): 整改期限 / due and 整改情况及复查日期 / fixed
read back as each finding's due date and the date it was fixed; the printed register asks for
the due date in a validated date column."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from forms_filling import column
from openpyxl import load_workbook
from sheets_support import Sheet, mini, reconcile, write_csv, write_openpyxl  # noqa: F401

from svccheck.forms import make_form
from svccheck.forms.plan import plan_form
from svccheck.forms.xlsx import FIRST_DATA_ROW
from svccheck.model import Library
from svccheck.sheets import ReadResult, read_sheets
from svccheck.sheets.values import FixText, ValueProblem, parse_fix

OCT_9 = dt.date(2026, 10, 9)
HEADER = ["序号", "检查日期", "检查方式", "被检查人", "检查项目", "问题描述", "扣分", "整改要求",
          "整改期限", "整改情况及复查日期", "检查人"]  # fmt: skip


def read(library: Library, path: Path, lang: str = "zh") -> ReadResult:
    result = read_sheets([path], library, lang=lang)
    reconcile(result)
    return result


def register(rows: list[list[object]]) -> list[list[object]]:
    return [["营业网点服务检查登记簿"], ["网点：东环支行"], HEADER, *rows]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (dt.date(2026, 10, 20), dt.date(2026, 10, 20)),
        (dt.datetime(2026, 10, 20, 9, 30), dt.date(2026, 10, 20)),
        ("已整改 2026-10-20", dt.date(2026, 10, 20)),
        ("已于2026年10月20日整改到位", dt.date(2026, 10, 20)),
        ("已整改，２０２６．１０．２０复查", dt.date(2026, 10, 20)),
        ("10月20日已复查", FixText("10月20日已复查", 10, 20)),
        ("2026-10-08发现，2026-10-12复查通过", dt.date(2026, 10, 12)),  # the latest: the re-check
        (
            "已于2026年10月20日整改，10月22日复查通过",
            FixText("已于2026年10月20日整改，10月22日复查通过", 10, 22, dt.date(2026, 10, 20)),
        ),
        ("整改中", FixText("整改中")),
        ("", None),
    ],
)
def test_a_fix_cell_names_a_date_or_keeps_its_text(cell: object, expected: object) -> None:
    assert parse_fix(cell) == expected


def test_a_day_of_the_month_is_dated_from_the_finding() -> None:
    assert FixText("10月20日已复查", 10, 20).on_or_after(OCT_9) == dt.date(2026, 10, 20)
    # found on 28 December, fixed on 3 January: the next year
    assert FixText("1月3日复查", 1, 3).on_or_after(dt.date(2026, 12, 28)) == dt.date(2027, 1, 3)
    assert FixText("整改中").on_or_after(OCT_9) is None
    both = FixText("已于2026年10月20日整改，10月22日复查通过", 10, 22, dt.date(2026, 10, 20))
    assert both.on_or_after(OCT_9) == dt.date(2026, 10, 22)
    assert FixText("2月30日", 2, 30).on_or_after(OCT_9) is None  # no such day: not dated
    with pytest.raises(ValueProblem):
        parse_fix("已整改 2026-02-30")


def test_register_rows_carry_due_and_fixed(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    rows = register(
        [
            [1, OCT_9, "现场", "张三", "TLR-01", "未佩戴工号牌", 0.5, "立即整改",
             dt.date(2026, 10, 12), "已整改 2026-10-11", "赵"],
            [2, OCT_9, "现场", None, "ENT-01", "门前有杂物", 1, None, "2026年10月16日",
             "10月20日已复查", "赵"],
            [3, OCT_9, "现场", "李四", "TLR-02", "未唱收唱付", 0.5, None, None, "整改中", "赵"],
            [4, OCT_9, "现场", "李四", "TLR-03", "代客签名", 1, None, None, None, "赵"],
        ]
    )  # fmt: skip
    path = write_openpyxl(tmp_path / "register.xlsx", Sheet("登记簿", rows))
    result = read(mini, path)
    assert [(o.item, o.due, o.fixed, o.note) for o in result.observations] == [
        ("TLR-01", dt.date(2026, 10, 12), dt.date(2026, 10, 11), "未佩戴工号牌"),
        ("ENT-01", dt.date(2026, 10, 16), dt.date(2026, 10, 20), "门前有杂物"),
        ("TLR-02", None, "整改中", "未唱收唱付"),
        ("TLR-03", None, None, "代客签名"),
    ]
    # the fast path and the general path agree on every row
    csv = write_csv(tmp_path / "register.csv", rows)
    assert [(o.item, o.due, o.fixed) for o in read(mini, csv).observations] == [
        (o.item, o.due, o.fixed) for o in result.observations
    ]


@pytest.mark.parametrize(
    ("lang", "due", "message"),
    [
        ("zh", "下周", "“整改期限”下的 '下周' 不是日期"),
        ("en", "next week", "not a date under '整改期限': 'next week'"),
        ("zh", "2026-09-31", "“整改期限”下的日期 '2026-09-31' 不存在"),
        ("en", "2026-09-31", "impossible date under '整改期限': '2026-09-31'"),
    ],
)
def test_a_bad_due_date_rejects_its_row_at_the_cell(
    mini: Library,  # noqa: F811
    tmp_path: Path,
    lang: str,
    due: str,
    message: str,
) -> None:
    rows = register(
        [
            [1, OCT_9, "现场", "张三", "TLR-01", "未佩戴工号牌", 0.5, None, due, None, "赵"],
            [2, OCT_9, "现场", "张三", "TLR-02", "未唱收唱付", 0.5, None, None, None, "赵"],
        ]
    )
    path = write_openpyxl(tmp_path / "register.xlsx", Sheet("登记簿", rows))
    result = read(mini, path, lang)
    assert [o.item for o in result.observations] == ["TLR-02"]
    (rejected,) = result.rejected
    assert (rejected.row, rejected.cell) == (4, "I4")
    assert rejected.reason.startswith(message)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_printed_register_asks_for_a_due_date(library: Library, lang: str) -> None:
    form = make_form(library, "inspection-monthly", lang=lang, rows=5, today=OCT_9)
    plan = plan_form(library, "inspection-monthly", lang=lang, rows=5, today=OCT_9)
    due = column(plan, "due")
    sheet = load_workbook(io.BytesIO(form.data)).worksheets[0]
    assert sheet.cell(FIRST_DATA_ROW - 1, due).value == ("整改期限" if lang == "zh" else "Due")
    letter = sheet.cell(FIRST_DATA_ROW, due).column_letter
    (validation,) = [
        v for v in sheet.data_validations.dataValidation if f"{letter}{FIRST_DATA_ROW}" in v.sqref
    ]
    assert validation.type == "date" and validation.showErrorMessage
    assert validation.showInputMessage and validation.prompt
    assert sheet.cell(FIRST_DATA_ROW, due).number_format == "yyyy-mm-dd"
    for fmt in ("csv", "md"):
        text = make_form(library, "inspection-monthly", fmt=fmt, lang=lang, today=OCT_9).data
        assert ("整改期限" if lang == "zh" else "Due").encode() in text


def test_a_filled_register_form_reads_its_due_and_fix_back(
    library: Library, tmp_path: Path
) -> None:
    form = make_form(library, "inspection-monthly", rows=5, today=OCT_9, branch="东环支行")
    plan = plan_form(library, "inspection-monthly", rows=5, today=OCT_9, branch="东环支行")
    book = load_workbook(io.BytesIO(form.data))
    sheet = book.worksheets[0]
    row = FIRST_DATA_ROW
    for field, value in (
        ("date", OCT_9),
        ("item", "TLR-01"),
        ("note", "未佩戴工号牌"),
        ("deduction", 0.5),
        ("due", dt.date(2026, 10, 12)),
        ("fix_done", "已整改，10月11日复查通过"),
    ):
        sheet.cell(row, column(plan, field), value)
    path = tmp_path / "filled.xlsx"
    book.save(path)
    (obs,) = read(library, path).observations
    assert (obs.item, obs.due, obs.fixed) == (
        "TLR-01",
        dt.date(2026, 10, 12),
        dt.date(2026, 10, 11),
    )
