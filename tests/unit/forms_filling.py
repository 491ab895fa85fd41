"""Test helper: fill a generated form by code, as staff would, and say what it should read as.

Used by the round-trip tests (openpyxl and LibreOffice). Filling goes through openpyxl on the
form's bytes; the expected observations are built from what was written, never from the reader.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from svccheck.forms import FormPlan
from svccheck.forms.xlsx import BLOCK_ROW, FIRST_DATA_ROW
from svccheck.model import Observation

RESULTS = {"√": "pass", "×": "fail", "不适用": "na", "N/A": "na", None: "unchecked"}


class Seen(NamedTuple):
    """The parts of an observation a round trip must keep (all but the file name)."""

    date: dt.date
    branch: str
    subject: str
    item: str
    result: str
    checklist: str
    kind: str
    employee_id: str | None
    checker: str | None
    deduction: float | None
    note: str | None
    sheet: str
    cell: str


def seen(observations: Iterable[Observation]) -> list[Seen]:
    return sorted(
        Seen(
            o.date,
            o.branch,
            o.subject,
            o.item,
            o.result,
            o.checklist,
            o.kind,
            o.employee_id,
            o.checker,
            o.deduction,
            o.note,
            o.sheet,
            o.cell,
        )
        for o in observations
    )


def column(plan: FormPlan, field: str) -> int:
    """1-based column of a field on the form sheet."""
    return next(i for i, c in enumerate(plan.columns, start=1) if c.field == field)


def item_columns(plan: FormPlan) -> list[int]:
    return [i for i, c in enumerate(plan.columns, start=1) if c.item is not None]


def block_cell(sheet: Worksheet, plan: FormPlan, label_index: int) -> str:
    """The value cell of the block's n-th label: the cell after the label along row 2 (a label
    over the item columns is merged across several of them)."""
    label = plan.block[label_index][0]
    at = next(c.column for c in sheet[BLOCK_ROW] if c.value == label)
    for merged in sheet.merged_cells.ranges:
        if merged.min_row == BLOCK_ROW and merged.min_col == at:
            at = merged.max_col
    return f"{get_column_letter(at + 1)}{BLOCK_ROW}"


class WideRow(NamedTuple):
    """What is written on one data row of a wide form."""

    marks: Sequence[str | None]  # one per item, in column order
    person: tuple[str, str | None] | None = None  # typed into a blank row: name, employee id
    checker: str | None = None


def fill_wide(
    data: bytes, plan: FormPlan, rows: Sequence[WideRow], block: Mapping[int, object] | None = None
) -> bytes:
    """Write marks (and people, checkers, block values) into a generated wide form."""
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    for index, value in (block or {}).items():
        sheet[block_cell(sheet, plan, index)] = value
    marks_at = item_columns(plan)
    for offset, row in enumerate(rows):
        number = FIRST_DATA_ROW + offset
        if row.person is not None:
            sheet.cell(number, column(plan, "employee"), row.person[0])
            sheet.cell(number, column(plan, "employee_id"), row.person[1])
        if row.checker is not None:
            sheet.cell(number, column(plan, "checker"), row.checker)
        for col, mark in zip(marks_at, row.marks, strict=True):
            sheet.cell(number, col, mark)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def expected_wide(
    plan: FormPlan,
    rows: Sequence[WideRow],
    *,
    date: dt.date | None,
    branch: str,
    subjects: Sequence[tuple[str, str | None]] | None = None,
) -> list[Seen]:
    """Every item of every row with a subject: its mark's result, blank = unchecked. A row with
    no mark at all is a roster line nobody filled in: skipped, it gives no observation."""
    out = []
    marks_at = item_columns(plan)
    for offset, row in enumerate(rows):
        if all(mark is None for mark in row.marks):
            continue
        number = FIRST_DATA_ROW + offset
        values = plan.rows[offset] if offset < len(plan.rows) else {}
        if plan.checklist.subject == "branch":
            subject, employee_id = branch, None
        elif row.person is not None:
            subject, employee_id = row.person
        elif subjects is not None:
            subject, employee_id = subjects[offset]
        else:
            continue
        day = values.get("date", date)
        assert isinstance(day, dt.date)
        for col, item, mark in zip(marks_at, plan.items, row.marks, strict=True):
            out.append(
                Seen(
                    day,
                    branch,
                    subject,
                    item.id,
                    RESULTS[mark],
                    plan.checklist.id,
                    plan.checklist.kind,
                    employee_id,
                    row.checker,
                    None,
                    None,
                    plan.title[:31],
                    f"{get_column_letter(col)}{number}",
                )
            )
    return sorted(out)


class Finding(NamedTuple):
    """One row of the inspection register."""

    date: dt.date
    item: str  # as typed: "TLR-01 着装规范" from the dropdown, or a bare id
    deduction: float
    note: str
    method: str = "现场"
    employee: str | None = None
    checker: str | None = None


def fill_register(
    data: bytes, plan: FormPlan, findings: Sequence[Finding], branch: str | None = None
) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    if branch is not None:
        sheet[block_cell(sheet, plan, 0)] = branch
    for offset, finding in enumerate(findings):
        number = FIRST_DATA_ROW + offset
        sheet.cell(number, column(plan, "seq"), offset + 1)
        sheet.cell(number, column(plan, "date"), finding.date)
        sheet.cell(number, column(plan, "method"), finding.method)
        sheet.cell(number, column(plan, "employee"), finding.employee)
        sheet.cell(number, column(plan, "item"), finding.item)
        sheet.cell(number, column(plan, "note"), finding.note)
        sheet.cell(number, column(plan, "deduction"), finding.deduction)
        sheet.cell(number, column(plan, "checker"), finding.checker)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def expected_register(plan: FormPlan, findings: Sequence[Finding], branch: str) -> list[Seen]:
    letter = get_column_letter(column(plan, "deduction"))
    return sorted(
        Seen(
            f.date,
            branch,
            branch,
            f.item.split()[0],
            "fail",
            plan.checklist.id,
            "inspection",
            None,
            f.checker,
            f.deduction,
            f.note,
            plan.title[:31],
            f"{letter}{FIRST_DATA_ROW + offset}",
        )
        for offset, f in enumerate(findings)
    )
