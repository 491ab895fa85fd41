"""Render a form plan as csv: a line saying what the form is, the block line (the branch and
date it was printed for, a narrowed scope), the header row and the pre-filled rows, nothing
else. The first line (title, checklist id, library version) lets svccheck read the filled form
back with no --checklist, as the xlsx form's hidden sheet does.

UTF-8 with a BOM, because Excel opens a BOM-less csv in the system code page and garbles
Chinese. The formula column (扣分合计) is left out: a csv cannot compute it.
Every field is neutralised (`safetext.csv_cell`): a roster name "=HYPERLINK(…)" is written
"'=HYPERLINK(…)", which a spreadsheet shows as text and svccheck's reader reads back as the name.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from svccheck.forms.labels import BLOCK, WHOLE_SCOPE
from svccheck.forms.plan import Column, FormPlan
from svccheck.safetext import csv_cell
from svccheck.sheets.metadata import form_line

BOM = "\ufeff"


def csv_columns(plan: FormPlan) -> tuple[Column, ...]:
    return tuple(c for c in plan.columns if c.entry != "total")


def form_csv(plan: FormPlan) -> bytes:
    """The form as csv bytes (UTF-8 with BOM, CRLF line ends as Excel writes them)."""
    columns = csv_columns(plan)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([form_line(plan.title, plan.checklist.id, plan.standards_version, plan.lang)])
    # what holds for every row, and the register's scope: a line above the header, one
    # "label：value" cell each, which the reader takes as the sheet's block
    block = [csv_cell(cell) for cell in _block_cells(plan)]
    if block:
        writer.writerow(block)
    writer.writerow([csv_cell(c.header) for c in columns])
    for values in plan.rows:
        if values:  # no block above a csv header: the sheet's values go into each filled row
            values = {**{k: v for k, v in plan.sheet_values.items() if v is not None}, **values}
        writer.writerow([_text(values.get(c.field)) if c.item is None else "" for c in columns])
    return (BOM + buffer.getvalue()).encode("utf-8")


def _block_cells(plan: FormPlan) -> list[str]:
    """The block line: the branch and the date the form was printed for, as given on the
    command line ("网点：东环支行", "日期：2026-10-08"), then a narrowed scope. A row whose
    网点 or 日期 is left blank is read with them, as from the xlsx form's block. A date the
    command defaulted to (today) is not stated: the form may be filled another day."""
    colon = "：" if plan.lang == "zh" else ": "
    cells = []
    for field in ("branch", "date"):
        value = plan.sheet_values.get(field)
        if value is None or (field == "date" and not plan.date_given):
            continue
        cells.append(f"{BLOCK[field].get(plan.lang)}{colon}{_plain(value)}")
    scope = _stated_scope(plan)
    return [*cells, scope] if scope else cells


def _stated_scope(plan: FormPlan) -> str | None:
    """The register's "检查范围：…" line, when --scope narrowed it (the whole checklist needs
    no line: a register without one covers everything)."""
    label = BLOCK["scope"].get(plan.lang)
    for key, value in plan.block:
        if key == label and value and value != WHOLE_SCOPE.get(plan.lang):
            return f"{label}{'：' if plan.lang == 'zh' else ': '}{value}"
    return None


def _text(value: object) -> str:
    return csv_cell(_plain(value))


def _plain(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
