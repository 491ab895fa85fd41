"""Render a form plan as a printable Markdown sheet: the marking grid, then the criteria.

The grid's item columns are headed by the item id alone (the full "ID title" would make a
table too wide to print); the criteria table below it gives each id's title and criterion.
Every text from a roster or a standards file goes through `safetext.md`: a name cannot become
a link, an image, a heading or an HTML tag, nor break the table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from svccheck.forms.csvform import csv_columns
from svccheck.forms.labels import CRITERIA_HEADERS, CRITERIA_SHEET
from svccheck.forms.plan import FormPlan, criteria_rows, paper_instructions
from svccheck.i18n import tr
from svccheck.model import Library
from svccheck.safetext import md

_BLANK_VALUE = "________"


def form_md(plan: FormPlan, library: Library) -> str:
    """The form as Markdown text."""
    lang = plan.lang
    lines = [f"# {md(plan.title)}", ""]
    sep, colon = ("　", "：") if lang == "zh" else (" · ", ": ")
    block = (f"**{md(key)}**{colon}{md(_cell(value)) or _BLANK_VALUE}" for key, value in plan.block)
    lines.append(sep.join(block))
    lines += ["", f"> {md(paper_instructions(plan))}", ""]
    columns = csv_columns(plan)
    header = [c.item.id if c.item is not None else c.header for c in columns]
    body = (
        [_cell(values.get(c.field)) if c.item is None else "" for c in columns]
        for values in plan.rows
    )
    lines += _table(header, body)
    lines += [
        "",
        f"## {md(CRITERIA_SHEET.get(lang))}",
        "",
        tr(
            lang,
            "标准版本 {version}；检查表 {id}",
            "Standards version {version}; checklist {id}",
            version=md(library.version),
            id=md(plan.checklist.id),
        ),
        "",
    ]
    lines += _table([h.get(lang) for h in CRITERIA_HEADERS], criteria_rows(plan, library))
    return "\n".join(lines) + "\n"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    out = [
        "| " + " | ".join(md(h) for h in header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    out += ["| " + " | ".join(md(v) for v in row) + " |" for row in rows]
    return out


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
