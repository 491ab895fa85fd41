"""Every bundled checklist's form, written and read back with openpyxl: the structure staff
and the reader rely on (validations, protection, metadata, print set-up, frozen header)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from svccheck import __version__
from svccheck.forms import META_SHEET, FormDate, Person, make_form
from svccheck.forms.xlsx import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    ITEM_LIST_NAME,
)
from svccheck.model import Library
from svccheck.sheets.metadata import outdated_warning, parse_metadata
from svccheck.textwidth import display_width

CHECKLISTS = (
    "inspection-monthly",
    "weekly-video-review",
    "morning-environment",
    *(
        f"{kind}-{role}"
        for role in (
            "teller",
            "lobby-manager",
            "account-manager",
            "security-guard",
            "cleaner",
            "other-staff",
        )
        for kind in ("morning", "peer")
    ),
    "morning-branch-head",  # a branch head is not peer-checked at their own meeting
)
TODAY = dt.date(2026, 10, 8)


def test_the_bundled_checklists_are_the_ones_tested(library: Library) -> None:
    assert set(library.checklists) == set(CHECKLISTS)


def generate(library: Library, checklist: str, **options: object) -> tuple[Workbook, object]:
    form = make_form(library, checklist, today=TODAY, **options)  # type: ignore[arg-type]
    return load_workbook(io.BytesIO(form.data)), form


def validation_of(sheet: Worksheet, cell: str) -> DataValidation:
    found = [dv for dv in sheet.data_validations.dataValidation if cell in dv.sqref]
    assert len(found) == 1, f"{cell}: {len(found)} validations"
    return found[0]


def data_cells(sheet: Worksheet, column: int, rows: int) -> Iterator[Cell]:
    for row in range(FIRST_DATA_ROW, FIRST_DATA_ROW + rows):
        yield sheet.cell(row, column)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("checklist_id", CHECKLISTS)
def test_form_structure(library: Library, checklist_id: str, lang: str) -> None:
    workbook, form = generate(library, checklist_id, lang=lang, branch="东环支行")
    checklist = library.checklists[checklist_id]
    items = library.checklist_items(checklist)
    plan = form.plan  # type: ignore[attr-defined]
    sheet = workbook.worksheets[0]
    assert workbook.active is sheet and sheet.title == checklist.title.get(lang)[:31]

    # Title merged across the form (it prints one page wide); block; one header row.
    span = len(plan.columns)
    assert f"A1:{get_column_letter(span)}1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A1"].value == checklist.title.get(lang)
    assert sheet["A2"].value == ("网点" if lang == "zh" else "Branch")
    assert sheet["B2"].value == "东环支行"
    header = [c.value for c in sheet[HEADER_ROW]]
    assert header == [c.header for c in plan.columns]
    item_columns = [i for i, c in enumerate(plan.columns, start=1) if c.item is not None]
    if checklist.kind != "inspection":
        assert [header[i - 1] for i in item_columns] == [
            f"{item.id} {item.title.get(lang)}" for item in items
        ]

    # Locked structure, unlocked input, protected without a password.
    assert sheet.protection.sheet and sheet.protection.password is None
    assert all(c.protection.locked for c in sheet[HEADER_ROW])
    assert sheet["A1"].protection.locked and not sheet["B2"].protection.locked
    rows = len(plan.rows)
    for index, column in enumerate(plan.columns, start=1):
        cells = list(data_cells(sheet, index, rows))
        if column.entry == "total":
            assert all(c.protection.locked and str(c.value).startswith("=") for c in cells)
        else:
            assert not any(c.protection.locked for c in cells), column.header

    # Print set-up and frozen header: every form one page wide, as many pages tall as its
    # rows need (pages and type sizes printed for real: test_print_forms.py)
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert not sheet.col_breaks.brk
    # a loose page names its form, its branch and its place (printed: test_print_forms.py)
    assert sheet.oddFooter.left.text == f"{plan.title} {plan.date}"
    assert sheet.oddFooter.center.text == (
        "第 &P 页，共 &N 页" if lang == "zh" else "Page &P of &N"
    )
    assert sheet.oddFooter.right.text == ("网点：东环支行" if lang == "zh" else "Branch: 东环支行")
    # rows tall enough to tick, or to write a finding in
    heights = {sheet.row_dimensions[r].height for r in range(FIRST_DATA_ROW, HEADER_ROW + rows)}
    assert heights == {22.5 if plan.layout == "wide" else 29.0}
    assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    freeze = {"long": "C", "wide": "C" if checklist.subject == "branch" else "F"}
    assert sheet.freeze_panes == f"{freeze[plan.layout]}{FIRST_DATA_ROW}"

    # Column widths fit the (CJK-double) header text, or the header wraps.
    for index, column in enumerate(plan.columns, start=1):
        width = sheet.column_dimensions[get_column_letter(index)].width
        cell = sheet.cell(HEADER_ROW, index)
        turned = cell.alignment.textRotation == 90  # an item, on its side
        assert width >= display_width(column.header) or cell.alignment.wrap_text or turned
        assert width >= 4.5  # a tick box is ~9 mm on paper

    # The metadata sheet: hidden, and what the reader needs to pick the checklist.
    meta_sheet = workbook[META_SHEET]
    assert meta_sheet.sheet_state == "hidden"
    values = {row[0]: row[1] for row in meta_sheet.iter_rows(values_only=True)}
    assert values["svccheck"] == __version__
    assert values["checklist"] == checklist_id
    assert values["fingerprint"] == library.fingerprint(checklist)
    assert values["standards_version"] == library.version
    assert values["layout"] == plan.layout
    assert values["branch"] == "东环支行"
    assert {k[5:]: v for k, v in values.items() if str(k).startswith("item:")} == {
        item.id: item.fingerprint for item in items
    }
    meta = parse_metadata(meta_sheet.iter_rows(values_only=True))
    assert meta.checklist == checklist_id
    assert outdated_warning(meta, library, checklist, lang) is None

    # The criteria sheet, visible, one row per item.
    criteria = workbook.worksheets[1]
    assert criteria.sheet_state == "visible" and criteria.protection.sheet
    listed = [row[0] for row in criteria.iter_rows(min_row=3, values_only=True)]
    assert listed == [f"{item.id} {item.title.get(lang)}" for item in items]
    first = items[0]
    assert criteria["B3"].value == first.criterion.get(lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    "checklist_id",
    [c for c in CHECKLISTS if c not in ("inspection-monthly", "weekly-video-review")],
)
def test_every_mark_cell_has_the_mark_dropdown(
    library: Library, checklist_id: str, lang: str
) -> None:
    workbook, form = generate(library, checklist_id, lang=lang)
    sheet = workbook.worksheets[0]
    plan = form.plan  # type: ignore[attr-defined]
    marks = '"√,×,不适用"' if lang == "zh" else '"√,×,N/A"'
    mark_columns = [i for i, c in enumerate(plan.columns, start=1) if c.entry == "mark"]
    assert len(mark_columns) == len(plan.items)
    for column in mark_columns:
        for cell in data_cells(sheet, column, len(plan.rows)):
            dv = validation_of(sheet, cell.coordinate)
            assert (dv.type, dv.formula1, dv.errorStyle) == ("list", marks, "stop")
            assert dv.allow_blank and dv.showErrorMessage and not dv.showDropDown
    # No dropdown strays outside the data rows.
    below = sheet.cell(FIRST_DATA_ROW + len(plan.rows), mark_columns[0]).coordinate
    assert not [dv for dv in sheet.data_validations.dataValidation if below in dv.sqref]
    # The header cell explains the item (criterion as a comment).
    first = sheet.cell(HEADER_ROW, mark_columns[0])
    assert first.comment is not None
    assert plan.items[0].criterion.get(lang) in first.comment.text


def test_the_deduction_total_formula_sums_the_points_of_failed_items(library: Library) -> None:
    workbook, form = generate(library, "morning-teller")
    sheet = workbook.worksheets[0]
    plan = form.plan  # type: ignore[attr-defined]
    total = sheet.cell(FIRST_DATA_ROW, len(plan.columns) - 2).value  # before 备注, 签字
    first = library.items["TLR-01"]
    last = get_column_letter(5 + len(plan.items))
    assert total.startswith(f'=IF(COUNTA(F5:{last}5)=0,"",IF(F5="×",0.5,0)+IF(G5="×",')
    assert total.count("IF(") == len(plan.items) + 1 and first.points == 0.5


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_register_validations(library: Library, lang: str) -> None:
    workbook, form = generate(library, "inspection-monthly", lang=lang, rows=30)
    sheet = workbook.worksheets[0]
    plan = form.plan  # type: ignore[attr-defined]
    columns = {c.field: i for i, c in enumerate(plan.columns, start=1)}
    for cell in data_cells(sheet, columns["item"], 30):
        dv = validation_of(sheet, cell.coordinate)
        assert (dv.type, dv.formula1, dv.errorStyle) == ("list", ITEM_LIST_NAME, "warning")
    for cell in data_cells(sheet, columns["date"], 30):
        dv = validation_of(sheet, cell.coordinate)
        assert (dv.type, dv.operator, dv.errorStyle) == ("date", "between", "stop")
        assert cell.number_format == "yyyy-mm-dd"
    for cell in data_cells(sheet, columns["deduction"], 30):
        dv = validation_of(sheet, cell.coordinate)
        assert (dv.type, dv.operator, dv.formula1) == ("decimal", "greaterThanOrEqual", "0")
    methods = '"现场,视频调阅,暗访"' if lang == "zh" else '"On site,Video review,Mystery shop"'
    for cell in data_cells(sheet, columns["method"], 30):
        assert validation_of(sheet, cell.coordinate).formula1 == methods
    # The item list lives on a hidden sheet, reached through a defined name.
    items = library.checklist_items(library.checklists["inspection-monthly"])
    assert workbook.defined_names[ITEM_LIST_NAME].attr_text == f"'_items'!$A$1:$A${len(items)}"
    listed = workbook["_items"]
    assert listed.sheet_state == "hidden"
    assert [r[0] for r in listed.iter_rows(values_only=True)] == [
        f"{i.id} {i.title.get(lang)}" for i in items
    ]
    # The register has no formula column and every data cell takes input.
    assert not any(c.entry == "total" for c in plan.columns)


def test_a_roster_form_prints_one_row_per_person(library: Library) -> None:
    roster = [Person("张伟", "10001", "teller"), Person("王芳", None, None)]
    workbook, _ = generate(library, "peer-teller", roster=roster, branch="东环支行")
    sheet = workbook.worksheets[0]
    rows = [[c.value for c in row][:5] for row in sheet.iter_rows(min_row=FIRST_DATA_ROW)]
    assert rows == [
        [None, None, "张伟", "10001", "综合柜员"],
        [None, None, "王芳", None, "综合柜员"],
        *[[None] * 5] * 3,  # open rows for a stand-in colleague
    ]
    spare = sheet.cell(FIRST_DATA_ROW + 2, 3)
    assert spare.protection.locked is False  # a name can be written in
    assert sheet["D2"].value == dt.datetime(2026, 10, 8)  # the block's 日期, a date cell
    assert sheet["D2"].number_format == "yyyy-mm-dd"


def test_a_branch_form_prints_one_row_per_day(library: Library) -> None:
    workbook, _ = generate(
        library, "morning-environment", date=FormDate(dt.date(2026, 10, 1), True)
    )
    sheet = workbook.worksheets[0]
    dates = [row[0] for row in sheet.iter_rows(min_row=FIRST_DATA_ROW, values_only=True)]
    assert dates == [dt.datetime(2026, 10, d) for d in range(1, 32)]
    last = get_column_letter(sheet.max_column)
    assert sheet.print_area == f"'{sheet.title}'!$A$1:${last}$35"


def test_no_rows_means_no_validations(library: Library) -> None:
    workbook, _ = generate(library, "morning-teller", rows=0)
    assert not workbook.worksheets[0].data_validations.dataValidation


def test_display_width_counts_cjk_double() -> None:
    assert display_width("TLR-01 着装规范") == 15
    assert display_width("（全角）") == 8


def test_the_footer_shows_an_ampersand_in_a_branch_as_written(library: Library) -> None:
    """In a page footer & starts a code (&P the page number): a branch "A&B" is written
    "A&&B" so the footer prints it, and no branch leaves a line to write one on."""
    workbook, _ = generate(library, "inspection-monthly", branch="A&B")
    assert workbook.worksheets[0].oddFooter.right.text == "网点：A&&B"
    workbook, _ = generate(library, "morning-teller")
    assert workbook.worksheets[0].oddFooter.right.text == "网点：________"
