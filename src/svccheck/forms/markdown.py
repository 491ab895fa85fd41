"""Render a form plan as a printable Markdown sheet: the marking grid, then the criteria.

The grid's item columns are headed by the item id alone (the full "ID title" would make a
table too wide to print); the criteria table below it gives each id's title and criterion.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from svccheck.forms.csvform import csv_columns
from svccheck.forms.labels import CRITERIA_HEADERS, CRITERIA_SHEET
from svccheck.forms.plan import FormPlan, criteria_rows
from svccheck.i18n import tr
from svccheck.model import Library

_BLANK_VALUE = "________"


def form_md(plan: FormPlan, library: Library) -> str:
    """The form as Markdown text."""
    lang = plan.lang
    lines = [f"# {plan.title}", ""]
    sep, colon = ("　", "：") if lang == "zh" else (" · ", ": ")
    lines.append(
        sep.join(f"**{label}**{colon}{_cell(value) or _BLANK_VALUE}" for label, value in plan.block)
    )
    lines += ["", f"> {plan.instructions}", ""]
    columns = csv_columns(plan)
    header = [c.item.id if c.item is not None else c.header for c in columns]
    body = (
        [_cell(values.get(c.field)) if c.item is None else "" for c in columns]
        for values in plan.rows
    )
    lines += _table(header, body)
    lines += [
        "",
        f"## {CRITERIA_SHEET.get(lang)}",
        "",
        tr(
            lang,
            "标准版本 {version}；检查表 {id}",
            "Standards version {version}; checklist {id}",
            version=library.version,
            id=plan.checklist.id,
        ),
        "",
    ]
    lines += _table([h.get(lang) for h in CRITERIA_HEADERS], criteria_rows(plan, library))
    return "\n".join(lines) + "\n"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    out = [
        "| " + " | ".join(_escape(h) for h in header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    out += ["| " + " | ".join(_escape(v) for v in row) + " |" for row in rows]
    return out


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
