"""LibreOffice round trip: a filled form re-saved by `soffice --headless` still reads back to
the same observations, and its dropdowns, protection and hidden sheets survive.

Needs LibreOffice (Debian: libreoffice-calc-nogui); skipped with a reason when soffice is absent.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from forms_filling import (
    Finding,
    WideRow,
    expected_register,
    expected_wide,
    fill_register,
    fill_wide,
    seen,
)
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sheets_support import NEEDS_SOFFICE, soffice_convert

from svccheck.forms import META_SHEET, Person, make_form
from svccheck.forms.xlsx import FIRST_DATA_ROW, ITEM_LIST_NAME
from svccheck.model import Library
from svccheck.sheets import read_sheets

pytestmark = NEEDS_SOFFICE
DAY = dt.date(2026, 10, 8)
BRANCH = "东环支行"


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private LibreOffice profile, made once (its first start is the slow part)."""
    return tmp_path_factory.mktemp("lo-profile")


def resave(path: Path, tmp: Path, profile: Path) -> Path:
    """Open and save the workbook with LibreOffice, as a user editing it there would."""
    out = tmp / "resaved"
    done = soffice_convert([path], "xlsx", out, profile)
    assert done.returncode == 0, done
    resaved = out / path.name
    assert resaved.is_file(), f"LibreOffice wrote nothing for {path}"
    return resaved


def validations(sheet: Worksheet, cell: str) -> list[tuple[str, str]]:
    return [
        (dv.type, dv.formula1) for dv in sheet.data_validations.dataValidation if cell in dv.sqref
    ]


def test_filled_morning_form_survives_libreoffice(
    library: Library, tmp_path: Path, profile: Path
) -> None:
    roster = [Person(f"员工{n}", f"100{n}", "teller") for n in range(3)]
    form = make_form(library, "peer-teller", roster=roster, branch=BRANCH, today=DAY)
    n = form.items
    rows = [
        WideRow([("√", "×", "不适用", None)[(i + r) % 4] for i in range(n)], checker="互查员")
        for r in range(3)
    ]
    filled = tmp_path / "filled.xlsx"
    filled.write_bytes(fill_wide(form.data, form.plan, rows))
    resaved = resave(filled, tmp_path, profile)

    expected = expected_wide(
        form.plan, rows, date=DAY, branch=BRANCH, subjects=[(p.name, p.employee_id) for p in roster]
    )
    assert seen(read_sheets([filled], library).observations) == expected
    after = read_sheets([resaved], library)
    assert seen(after.observations) == expected
    assert not after.rejected and not after.warnings

    workbook = load_workbook(resaved)
    sheet = workbook.worksheets[0]
    marks = ("list", '"√,×,不适用"')
    first_mark = 6  # after 日期 网点 姓名 工号 岗位
    for row in range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(rows)):
        for col in range(first_mark, first_mark + n):
            assert validations(sheet, sheet.cell(row, col).coordinate) == [marks]
    assert validations(sheet, f"A{FIRST_DATA_ROW}")[0][0] == "date"
    assert sheet.protection.sheet
    assert not sheet.cell(FIRST_DATA_ROW, first_mark).protection.locked
    assert workbook[META_SHEET].sheet_state == "hidden"
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$4:$4"


def test_filled_register_survives_libreoffice(
    library: Library, tmp_path: Path, profile: Path
) -> None:
    form = make_form(library, "inspection-monthly", rows=8, today=DAY)
    findings = [
        Finding(
            dt.date(2026, 10, 9),
            "TLR-01 着装规范",
            0.5,
            "未佩戴工号牌",
            "视频调阅",
            "张伟",
            "检查组",
        ),
        Finding(dt.date(2026, 10, 20), "WRK-02", 1.0, "窗口号标识脱落", "现场", None, "检查组"),
    ]
    filled = tmp_path / "register.xlsx"
    filled.write_bytes(fill_register(form.data, form.plan, findings, branch=BRANCH))
    resaved = resave(filled, tmp_path, profile)
    after = read_sheets([resaved], library)
    assert seen(after.observations) == expected_register(form.plan, findings, BRANCH)

    workbook = load_workbook(resaved)
    sheet = workbook.worksheets[0]
    row = FIRST_DATA_ROW + 5  # an empty row: the dropdowns are still there to fill
    assert validations(sheet, f"H{row}") == [("list", ITEM_LIST_NAME)]
    assert validations(sheet, f"D{row}") == [("list", '"现场,视频调阅,暗访"')]
    assert validations(sheet, f"B{row}")[0][0] == "date"
    assert validations(sheet, f"J{row}") == [("decimal", "0")]
    name = workbook.defined_names[ITEM_LIST_NAME]
    count = len(library.checklists["inspection-monthly"].items)
    assert name.attr_text.endswith(f"$A$1:$A${count}") and "_items" in name.attr_text
    assert workbook["_items"].sheet_state == "hidden"
