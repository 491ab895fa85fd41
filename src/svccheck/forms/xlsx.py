"""Render a form plan as the fillable xlsx staff print or fill on screen.

Layout of the form sheet (the readers rely on it, see SPEC §4):
row 1 the merged title · row 2 the block (label cell, value cell: 网点, 日期…) · row 3 the
instructions · row 4 the single header row · row 5 on the data rows.
Every input cell is unlocked and validated (mark dropdown, date, deduction ≥ 0, item id list);
everything else is locked on a sheet protected without a password, so the structure the reader
needs cannot be broken by accident but nothing is hidden from a determined user.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Mapping, Sequence
from copy import copy

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from svccheck.forms.labels import (
    CRITERIA_HEADERS,
    CRITERIA_SHEET,
    ITEMS_SHEET,
    STAFF_HEADERS,
    STAFF_SHEET,
)
from svccheck.forms.metadata import META_SHEET, metadata_rows
from svccheck.forms.plan import Column, FormPlan, criteria_rows, item_header, points_text
from svccheck.i18n import tr
from svccheck.model import Library
from svccheck.safetext import set_text, sheet_text
from svccheck.textwidth import char_width, display_width

TITLE_ROW, BLOCK_ROW, INSTRUCTIONS_ROW, HEADER_ROW = 1, 2, 3, 4
FIRST_DATA_ROW = HEADER_ROW + 1
DATE_FORMAT = "yyyy-mm-dd"
ITEM_LIST_NAME = "svccheck_item_ids"  # defined name behind the register's item dropdown
# Dates accepted by the date validation: anything a real check could carry.
DATE_MIN, DATE_MAX = dt.date(2000, 1, 1), dt.date(2099, 12, 31)

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_UNLOCKED = Protection(locked=False)
_POINTS_PER_LINE = 15.0  # row height of one wrapped line of 11 pt text

# Column widths in characters (a CJK character counts two): (minimum, maximum).
_WIDTHS: dict[str, tuple[float, float]] = {
    "date": (11, 11),
    "branch": (10, 20),
    "employee": (10, 16),
    "employee_id": (9, 14),
    "role": (9, 16),
    "total": (9, 10),
    "checker": (10, 14),
    "signature": (10, 12),
    "seq": (6, 6),
    "period": (8, 10),
    "method": (10, 14),
    "item": (10, 10),
    "note": (30, 30),
    "deduction": (8, 8),
    "fix_required": (24, 24),
    "due": (11, 11),
    "fix_done": (18, 18),
    "remark": (9, 14),
}
# Item columns: a box to tick by pen (~9 mm printed), headed by the item turned on its side,
# on one line — a header wrapped in a narrow column broke inside words (TLR-01 着 / 装规范).
_MARK_WIDTH = 4.5
_HEADER_ROTATION = 90  # degrees: read from the bottom up
# The printed page (SPEC §4 forms are filled by pen): landscape A4, fitted to one page wide so
# one day's ticks are on one sheet of paper (a form split over two pages was pinned up as two
# halves); as many pages tall as the rows need. The type is set large so the shrink to fit
# still prints it legibly, and data rows tall enough to write in once shrunk.
FORM_FONT_SIZE = 12.0  # points before the fit to the page
# A glyph's advance in em: a CJK glyph is one em; Latin letters and digits in bold are up to
# ~0.7 em (measured in LibreOffice's PDF: "TLR-24" in bold 12 pt is 49 pt long).
_NARROW_GLYPH_EM = 0.7
_TURNED_PADDING = 12.0  # points above and below a turned header's text inside its cell
_DATA_ROW_HEIGHT = 22.5  # points before the fit: a tick row
_REGISTER_ROW_HEIGHT = 29.0  # points before the fit (6 mm printed): a finding is written by hand
_BLANK_BLOCK_WIDTH = 9.0  # a block value left for the pen (主持人): room for a name
_SIDE_MARGIN = 0.3  # inches


def form_workbook(plan: FormPlan, library: Library) -> Workbook:
    """The workbook of a form: the form sheet, the criteria sheet and the hidden sheets."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new Workbook always has one sheet
    sheet.title = sheet_name(plan.title)
    _write_form_sheet(sheet, plan, library)
    _write_criteria_sheet(
        workbook.create_sheet(sheet_name(CRITERIA_SHEET.get(plan.lang))), plan, library
    )
    if plan.layout == "long":
        staff = workbook.create_sheet(sheet_name(STAFF_SHEET.get(plan.lang)))
        _write_staff_sheet(staff, plan, library)
        _write_item_list(workbook, plan)
    _write_metadata(workbook.create_sheet(META_SHEET), plan, library, sheet.title)
    workbook.active = 0
    return workbook


def form_xlsx(plan: FormPlan, library: Library) -> bytes:
    """The form as xlsx bytes (saved in memory so the caller can write it atomically)."""
    buffer = io.BytesIO()
    form_workbook(plan, library).save(buffer)
    return buffer.getvalue()


def _put(sheet: Worksheet, row: int, col: int, value: object) -> Cell:
    """Write `value` into a cell; text always as a string cell, never a formula — a roster
    name "=HYPERLINK(…)" or a title from a standards file is shown, not run."""
    cell = sheet.cell(row, col)
    set_text(cell, value)
    return cell


def sheet_name(text: str) -> str:
    """A legal sheet name: no []:*?/\\ and at most 31 characters."""
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in text).strip("'") or "form"
    return cleaned[:31]


# ---------------------------------------------------------------------------- the form sheet


def _write_form_sheet(sheet: Worksheet, plan: FormPlan, library: Library) -> None:
    ncols = len(plan.columns)
    last_row = HEADER_ROW + len(plan.rows)
    widths, spans = block_layout(
        [_column_width(column, plan.rows, plan.lang) for column in plan.columns],
        [column.item is not None for column in plan.columns],
        plan.block,
    )
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    _write_title(sheet, plan.title, ncols)
    _write_block(sheet, plan.block, spans)
    _write_instructions(sheet, plan.instructions, ncols, sum(widths))
    _write_header(sheet, plan, widths, library)
    _write_rows(sheet, plan)
    _add_validations(sheet, plan, last_row)
    _set_print(sheet, plan)
    _protect(sheet)


def _write_title(sheet: Worksheet, title: str, ncols: int) -> None:
    cell = _put(sheet, TITLE_ROW, 1, title)
    cell.font = Font(bold=True, size=14)
    cell.alignment = Alignment(horizontal="center", vertical="center")
    sheet.merge_cells(
        start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=max(ncols, 1)
    )
    sheet.row_dimensions[TITLE_ROW].height = 24


def _write_block(
    sheet: Worksheet, block: Sequence[tuple[str, object]], spans: Sequence[tuple[int, int]]
) -> None:
    """Label then value, pair after pair along row 2, each cell over the columns `spans` gives
    it (see block_layout); only the value cells take input. The reader takes a label's value
    from the next non-empty cell to its right, so a merged cell reads as one."""
    for index, (label, value) in enumerate(block):
        label_at, value_at = spans[2 * index], spans[2 * index + 1]
        for first, last in (label_at, value_at):
            if last > first:
                sheet.merge_cells(
                    start_row=BLOCK_ROW, start_column=first, end_row=BLOCK_ROW, end_column=last
                )
        label_cell = _put(sheet, BLOCK_ROW, label_at[0], label)
        label_cell.font = Font(bold=True, size=FORM_FONT_SIZE)
        label_cell.alignment = Alignment(horizontal="right")
        value_cell = _put(sheet, BLOCK_ROW, value_at[0], value if value != "" else None)
        value_cell.font = Font(size=FORM_FONT_SIZE)
        value_cell.protection = _UNLOCKED
        if isinstance(value, dt.date):
            value_cell.number_format = DATE_FORMAT
        value_cell.border = Border(bottom=_THIN)


def _write_instructions(sheet: Worksheet, text: str, ncols: int, width: float) -> None:
    """One merged line across the form; tall enough for the text to wrap into."""
    cell = _put(sheet, INSTRUCTIONS_ROW, 1, text)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    cell.font = Font(italic=True, color="404040", size=FORM_FONT_SIZE)
    sheet.merge_cells(
        start_row=INSTRUCTIONS_ROW,
        start_column=1,
        end_row=INSTRUCTIONS_ROW,
        end_column=max(ncols, 1),
    )
    # a width unit holds one narrow glyph of 11 pt: the larger type takes proportionally more
    grow = FORM_FONT_SIZE / 11
    lines = math.ceil(display_width(text) * grow / max(width - 2, 40.0))
    sheet.row_dimensions[INSTRUCTIONS_ROW].height = _POINTS_PER_LINE * grow * max(1, lines)
    sheet.row_dimensions[BLOCK_ROW].height = _POINTS_PER_LINE * grow * 1.3


def _write_header(
    sheet: Worksheet, plan: FormPlan, widths: Sequence[float], library: Library
) -> None:
    """The single header row; an item's header cell carries its criterion as a comment."""
    criteria = dict(zip((i.id for i in plan.items), criteria_rows(plan, library), strict=True))
    height = _POINTS_PER_LINE
    for index, (column, width) in enumerate(zip(plan.columns, widths, strict=True), start=1):
        cell = _put(sheet, HEADER_ROW, index, column.header)
        cell.font = Font(bold=True, size=FORM_FONT_SIZE)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        if column.item is not None:
            cell.comment = _criterion_comment(criteria[column.item.id], plan.lang)
            # a title of words (English) takes two lines turned on their side, broken at a
            # space; a CJK title stays on one line (a break could fall inside a word)
            lines = 2 if " " in column.item.title.get(plan.lang) else 1
            cell.alignment = Alignment(
                horizontal="center",
                vertical="bottom",
                textRotation=_HEADER_ROTATION,
                wrap_text=lines > 1,
            )
            height = max(height, turned_length(column.header, lines > 1) + 2 * _TURNED_PADDING)
        else:
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            lines = math.ceil(display_width(column.header) * 1.1 / max(width - 1, 1))
            height = max(height, _POINTS_PER_LINE * 1.1 * min(lines, 8))
    sheet.row_dimensions[HEADER_ROW].height = height


def turned_length(header: str, two_lines: bool = False) -> float:
    """How long (points) an item header turned on its side is drawn in the form's bold type:
    the row must be at least this tall or the top of the title is cut off. A CJK glyph takes
    one em, any other glyph up to `_NARROW_GLYPH_EM`. A title of words on two lines is as long
    as the longer line of its most even break at a space (a row that tall wraps it in two)."""

    def length(text: str) -> float:
        return sum(
            FORM_FONT_SIZE * (1.0 if char_width(ch) == 2 else _NARROW_GLYPH_EM * char_width(ch))
            for ch in text
        )

    words = header.split(" ")
    if not two_lines or len(words) < 2:
        return length(header)
    return min(
        max(length(" ".join(words[:n])), length(" ".join(words[n:]))) for n in range(1, len(words))
    )


def _criterion_comment(row: tuple[str, str, str, str], lang: str) -> Comment:
    _, criterion, points, severity = row
    text = tr(
        lang,
        "{criterion}\n（{points} 分，{severity}）",
        "{criterion}\n({points} points, {severity})",
        criterion=criterion,
        points=points,
        severity=severity,
    )
    return Comment(sheet_text(text), "svccheck", height=120, width=260)


def _write_rows(sheet: Worksheet, plan: FormPlan) -> None:
    """The data rows: values pre-filled from the plan, every cell styled as its column says.

    Each column's style is built once on its first cell and copied to the cells below:
    assigning openpyxl style objects cell by cell hashes them every time, which made a
    2,000-person form take seconds instead of a fraction of one.
    """
    prototypes: dict[int, Cell] = {}
    for offset, values in enumerate(plan.rows):
        row = FIRST_DATA_ROW + offset
        # a row to tick by pen, or (the register) to write a finding in by hand
        sheet.row_dimensions[row].height = (
            _DATA_ROW_HEIGHT if plan.layout == "wide" else _REGISTER_ROW_HEIGHT
        )
        for index, column in enumerate(plan.columns, start=1):
            cell = sheet.cell(row, index)
            prototype = prototypes.get(index)
            if prototype is None:
                _style_input(cell, column)
                prototypes[index] = cell
            else:
                cell._style = copy(prototype._style)
            if column.entry == "total":
                cell.value = _total_formula(plan, row)  # the one formula svccheck writes
            elif column.item is None and values.get(column.field) is not None:
                set_text(cell, values[column.field])


def _style_input(cell: Cell, column: Column) -> None:
    cell.border = _BORDER
    cell.font = Font(size=FORM_FONT_SIZE)
    if column.entry == "total":
        return  # a formula: stays locked, so it cannot be typed over
    cell.protection = _UNLOCKED
    if column.entry in ("date", "due"):
        cell.number_format = DATE_FORMAT
    if column.entry in ("mark", "deduction", "date", "due") or column.field == "seq":
        cell.alignment = Alignment(horizontal="center")
    elif column.field in ("note", "fix_required", "fix_done"):
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _total_formula(plan: FormPlan, row: int) -> str:
    """Σ points of the items marked × on this row (for people; the reader ignores the column),
    blank while the row has no mark at all: a blank form prints no 0s."""
    fail = plan.marks[1].replace('"', '""')  # a quote in the mark cannot end the literal
    columns = [i for i, c in enumerate(plan.columns, start=1) if c.item is not None]
    terms = [
        f'IF({get_column_letter(i)}{row}="{fail}",{points_text(c.item.points)},0)'
        for i, c in enumerate(plan.columns, start=1)
        if c.item is not None
    ]
    if not terms:
        return "=0"
    # the items' columns are side by side (SPEC §4 wide form): one range holds every mark
    marks = f"{get_column_letter(columns[0])}{row}:{get_column_letter(columns[-1])}{row}"
    return f'=IF(COUNTA({marks})=0,"",' + "+".join(terms) + ")"


def _add_validations(sheet: Worksheet, plan: FormPlan, last_row: int) -> None:
    """One validation per kind of input, covering every data cell of that kind."""
    if last_row < FIRST_DATA_ROW:
        return
    ranges: dict[str, list[str]] = {}
    for index, column in enumerate(plan.columns, start=1):
        letter = get_column_letter(index)
        ranges.setdefault(column.entry, []).append(f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}")
    for entry, cells in ranges.items():
        validation = _validation_for(entry, plan)
        if validation is None:
            continue
        for cell_range in cells:
            validation.add(cell_range)
        sheet.add_data_validation(validation)


def _validation_for(entry: str, plan: FormPlan) -> DataValidation | None:
    lang = plan.lang
    if entry == "mark":
        message = tr(
            lang,
            "请在下拉框中选择：{choices}",
            "Pick one of: {choices}",
            choices=" / ".join(plan.marks),
        )
        return _list_validation(_inline_list(plan.marks), message, lang)
    if entry == "method":
        message = tr(
            lang,
            "请选择检查方式：{choices}",
            "Pick a method: {choices}",
            choices=" / ".join(plan.methods),
        )
        return _list_validation(_inline_list(plan.methods), message, lang)
    if entry == "item_id":
        message = tr(
            lang,
            "请从下拉框选择标准编号（见“标准说明”工作表）；只填编号（如 TLR-01）也可以",
            "Pick an item from the list (see the 'Criteria' sheet); an id alone "
            "(TLR-01) is fine too",
        )
        return _list_validation(ITEM_LIST_NAME, message, lang, style="warning")
    if entry == "date":
        return _date_validation(lang)
    if entry == "due":
        validation = _date_validation(lang)
        validation.showInputMessage = True
        validation.promptTitle = tr(lang, "整改期限", "Due")
        validation.prompt = tr(
            lang,
            "问题应整改完成的日期，如 2026-10-15；留空则按检查表的整改天数计算",
            "The date the finding is to be fixed by, e.g. 2026-10-15; blank: the checklist's "
            "days to fix",
        )
        return validation
    if entry == "deduction":
        return _deduction_validation(lang)
    return None  # free text, and the locked formula column


def _inline_list(values: Sequence[str]) -> str:
    return '"' + ",".join(values) + '"'


def _list_validation(formula: str, message: str, lang: str, style: str = "stop") -> DataValidation:
    """A dropdown. `stop` refuses anything else; `warning` asks first (for typed item ids)."""
    return DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle=style,
        errorTitle=tr(lang, "无效的输入", "Invalid entry"),
        error=message,
    )


def _date_validation(lang: str) -> DataValidation:
    return DataValidation(
        type="date",
        operator="between",
        formula1=str(int(to_excel(DATE_MIN))),
        formula2=str(int(to_excel(DATE_MAX))),
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle=tr(lang, "无效的日期", "Invalid date"),
        error=tr(lang, "请填写日期，如 2026-10-08", "Enter a date, e.g. 2026-10-08"),
    )


def _deduction_validation(lang: str) -> DataValidation:
    return DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle=tr(lang, "无效的扣分", "Invalid deduction"),
        error=tr(
            lang,
            "扣分应为不小于 0 的数字，如 0.5",
            "A deduction is a number of 0 or more, e.g. 0.5",
        ),
    )


def _column_width(column: Column, rows: Sequence[Mapping[str, object]], lang: str) -> float:
    """Wide enough for the header and the pre-filled values, within the column's bounds."""
    if column.item is not None:
        return _MARK_WIDTH
    low, high = _WIDTHS.get(column.field, (10, 20))
    longest = max(
        [display_width(column.header)]
        + [display_width(_as_text(row.get(column.field))) for row in rows]
    )
    return float(min(high, max(low, longest + 2)))


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def block_layout(
    widths: Sequence[float], is_item: Sequence[bool], block: Sequence[tuple[str, object]]
) -> tuple[list[float], list[tuple[int, int]]]:
    """The column widths and, for each block cell (label, value, label, value…), the 1-based
    first and last column it takes along row 2.

    The cells follow one another. A cell on a column that is not an item's widens that
    column to fit it (a date in a narrow column prints ###); a cell that lands on the items'
    tick boxes is merged over as many of them as it needs instead, so every item column keeps
    the same narrow width — a period "2026-10-08 至 2026-10-14" once made one tick box 26
    characters wide and pushed the walk-round onto a second page."""
    out = list(widths)
    spans: list[tuple[int, int]] = []
    column = 1
    for label, value in block:
        for text, extra in ((label, 1.0), (value, 2.0)):
            shown = _as_text(text)
            first = min(column, len(out))
            if not is_item[first - 1]:
                if shown:
                    out[first - 1] = max(out[first - 1], display_width(shown) + extra)
                last = first
            else:
                need = display_width(shown) + extra if shown else _BLANK_BLOCK_WIDTH
                last, room = first, out[first - 1]
                while room < need and last < len(out) and is_item[last]:
                    last += 1
                    room += out[last - 1]
            spans.append((first, last))
            column = last + 1
    return out, spans


def _set_print(sheet: Worksheet, plan: FormPlan) -> None:
    """Landscape A4 fitted to one page wide and as many tall as the rows need, the header row
    repeated on every page, the header frozen on screen (with the columns that say who a row
    is about)."""
    ncols = len(plan.columns)
    titles = next(i for i, c in enumerate(plan.columns, start=1) if c.field == plan.freeze_after)
    sheet.freeze_panes = f"{get_column_letter(titles + 1)}{FIRST_DATA_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages tall as the rows need
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    # An explicit print area: LibreOffice would otherwise leave out the empty input rows.
    sheet.print_area = f"A{TITLE_ROW}:{get_column_letter(ncols)}{HEADER_ROW + len(plan.rows)}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = _SIDE_MARGIN
    sheet.page_margins.top = 0.4
    # room under the rows for the footer, which sits 0.25 in above the paper's edge
    sheet.page_margins.bottom, sheet.page_margins.footer = 0.6, 0.25
    _set_footer(sheet, plan)


def _set_footer(sheet: Worksheet, plan: FormPlan) -> None:
    """Every printed page names its form and period, its branch and its place in the stack
    ("第 2 页，共 4 页"): only the header row repeats, so a loose page of a 200-row register
    was otherwise anonymous. A form printed without --branch leaves a line to write it on."""
    lang = plan.lang
    branch = plan.branch or "________"
    # & starts a header/footer code (&P, &N): a literal one in a name is doubled
    sheet.oddFooter.left.text = _footer_text(f"{plan.title} {plan.date}")
    sheet.oddFooter.center.text = tr(lang, "第 &P 页，共 &N 页", "Page &P of &N")
    sheet.oddFooter.right.text = _footer_text(
        tr(lang, "网点：{branch}", "Branch: {branch}", branch=branch)
    )
    # the form's type: the footer shrinks with the fit to the page as the rows do (LibreOffice
    # ignores scaleWithDoc="0"), so it prints as large as the form's own text
    for part in (sheet.oddFooter.left, sheet.oddFooter.center, sheet.oddFooter.right):
        part.size = int(FORM_FONT_SIZE)


def _footer_text(text: str) -> str:
    """Text shown as is in a page header or footer: its & doubled (one & starts a code)."""
    return sheet_text(text).replace("&", "&&")


def _protect(sheet: Worksheet) -> None:
    """Protected without a password; people may still resize rows and columns."""
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


# ---------------------------------------------------------------------- the other sheets


def _write_criteria_sheet(sheet: Worksheet, plan: FormPlan, library: Library) -> None:
    """Every item's id, title, criterion, points and severity: what is read aloud."""
    lang = plan.lang
    title = tr(
        lang,
        "{title} — 检查标准（标准版本 {version}）",
        "{title} — criteria (standards version {version})",
        title=plan.title,
        version=library.version,
    )
    _write_title(sheet, title, len(CRITERIA_HEADERS))
    header_row = 2
    for index, header in enumerate(CRITERIA_HEADERS, start=1):
        cell = _put(sheet, header_row, index, header.get(lang))
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for offset, values in enumerate(criteria_rows(plan, library), start=1):
        for index, value in enumerate(values, start=1):
            cell = _put(sheet, header_row + offset, index, value)
            cell.border = _BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        lines = max(
            math.ceil(display_width(text) / (width - 2))
            for text, width in zip(values, _CRITERIA_WIDTHS, strict=True)
        )
        sheet.row_dimensions[header_row + offset].height = _POINTS_PER_LINE * max(lines, 1)
    _portrait_list(sheet, header_row, _CRITERIA_WIDTHS)
    sheet.page_margins.left = sheet.page_margins.right = 0.5


# the criteria sheet's columns: narrow enough that portrait A4 prints its 11 pt at ≥ 9 pt
_CRITERIA_WIDTHS = (22.0, 44.0, 10.0, 10.0)


def _portrait_list(sheet: Worksheet, header_row: int, widths: Sequence[float]) -> None:
    """A list sheet's set-up: column widths, the header frozen on screen and repeated on each
    portrait A4 page, one page wide, protected (input cells are unlocked by the caller)."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    _protect(sheet)


STAFF_BLANK_ROWS = 20  # for the people not on the roster: a stand-in, a new colleague


def _write_staff_sheet(sheet: Worksheet, plan: FormPlan, library: Library) -> None:
    """The register's staff on duty (在岗人员, SPEC §4): the people the inspection saw that
    day, pre-filled from the roster, with blank rows to add whoever else was there. Date and
    branch left blank are the register's own. A title and a line on how to fill it above the
    header, which the reader finds below them."""
    lang = plan.lang
    headers = [h.get(lang) for h in STAFF_HEADERS]
    ncols = len(headers)
    title = tr(lang, "在岗人员 — {title}", "Staff on duty — {title}", title=plan.title)
    if plan.branch:
        title += f"（{plan.branch}）" if lang == "zh" else f" ({plan.branch})"
    _write_title(sheet, title, ncols)
    note = sheet.cell(
        2,
        1,
        tr(
            lang,
            "填写检查当天在岗的每一个人（替班同事也写上）；日期、网点留空即为登记簿的日期、网点。",
            "List everyone on duty the day of the inspection (stand-ins too); a blank date or "
            "branch is the register's.",
        ),
    )
    note.font = Font(italic=True, color="404040")
    note.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncols)
    sheet.row_dimensions[2].height = 2 * _POINTS_PER_LINE
    header_row = 3
    for index, header in enumerate(headers, start=1):
        cell = _put(sheet, header_row, index, header)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center")
    taxonomy = library.taxonomy
    rows = [
        (p.name, p.employee_id or "", taxonomy.label("roles", p.role, lang) if p.role else "")
        for p in plan.on_duty
    ]
    first = header_row + 1
    last = header_row + len(rows) + STAFF_BLANK_ROWS
    for row in range(first, last + 1):
        values = rows[row - first] if row - first < len(rows) else ("", "", "")
        for col in range(1, ncols + 1):
            value = values[col - 1] if col <= len(values) else ""
            cell = _put(sheet, row, col, value or None)
            cell.protection = _UNLOCKED
            cell.border = _BORDER
            if col == 4:
                cell.number_format = DATE_FORMAT
    date_check = _date_validation(lang)
    sheet.add_data_validation(date_check)
    date_check.add(f"D{first}:D{last}")
    _portrait_list(sheet, header_row, (16, 12, 14, 12, 16))


def _write_item_list(workbook: Workbook, plan: FormPlan) -> None:
    """A hidden sheet of "ID title" entries: the register's item dropdown shows the title with
    the id, and the reader takes a cell that begins with an item id as that item."""
    sheet = workbook.create_sheet(ITEMS_SHEET)
    for row, item in enumerate(plan.items, start=1):
        _put(sheet, row, 1, item_header(item, plan.lang))
    last = max(len(plan.items), 1)
    workbook.defined_names[ITEM_LIST_NAME] = DefinedName(
        ITEM_LIST_NAME, attr_text=f"{quote_sheetname(ITEMS_SHEET)}!$A$1:$A${last}"
    )
    sheet.column_dimensions["A"].width = 40
    sheet.sheet_state = "hidden"
    _protect(sheet)


def _write_metadata(sheet: Worksheet, plan: FormPlan, library: Library, form_sheet: str) -> None:
    rows = metadata_rows(
        library,
        plan.checklist,
        layout=plan.layout,
        branch=plan.branch,
        date=_as_text(plan.sheet_values.get("date")),
        period=str(plan.date),
        lang=plan.lang,
        sheet=form_sheet,
        header_row=HEADER_ROW,
    )
    for row, (key, value) in enumerate(rows, start=1):
        _put(sheet, row, 1, key)
        _put(sheet, row, 2, value)
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 24
    sheet.sheet_state = "hidden"
    _protect(sheet)
