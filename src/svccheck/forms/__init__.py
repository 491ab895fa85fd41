"""Forms out: the fillable sheets (xlsx, csv, md) that staff mark and the readers read back.

`make_form` is the one entry point: checklist id and options in, the file's bytes and a
summary out. It never prints and never writes; the CLI writes the bytes atomically.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from svccheck.atomic import write_atomic
from svccheck.errors import ConfigError
from svccheck.forms.metadata import META_SHEET
from svccheck.forms.plan import FormDate, FormPlan, find_checklist, parse_form_date, plan_form
from svccheck.forms.roster import Roster, read_roster
from svccheck.i18n import tr
from svccheck.model import Library, Person

FormFormat = Literal["xlsx", "csv", "md"]
FORMATS: tuple[FormFormat, ...] = ("xlsx", "csv", "md")


@dataclass(frozen=True, slots=True)
class FormOutput:
    """A rendered form: its bytes, the file name it would get by default, and its plan."""

    data: bytes
    filename: str
    format: FormFormat
    plan: FormPlan

    @property
    def rows(self) -> int:
        return len(self.plan.rows)

    @property
    def items(self) -> int:
        return len(self.plan.items)


def make_form(
    library: Library,
    checklist_id: str,
    *,
    fmt: str = "xlsx",
    lang: str = "zh",
    branch: str | None = None,
    date: FormDate | None = None,
    roster: Sequence[Person] = (),
    rows: int | None = None,
    today: dt.date | None = None,
    scope: str | None = None,
) -> FormOutput:
    """Lay out and render the form for a checklist."""
    if fmt not in FORMATS:
        raise ConfigError(
            tr(
                lang,
                "未知的表格格式“{fmt}”；可选：{known}",
                "unknown form format '{fmt}'; expected one of: {known}",
                fmt=fmt,
                known=", ".join(FORMATS),
            )
        )
    plan = plan_form(
        library,
        checklist_id,
        lang=lang,
        branch=branch,
        date=date,
        roster=roster,
        rows=rows,
        today=today,
        scope=scope,
    )
    if fmt == "xlsx":
        from svccheck.forms.xlsx import form_xlsx

        data = form_xlsx(plan, library)
    elif fmt == "csv":
        from svccheck.forms.csvform import form_csv

        data = form_csv(plan)
    else:
        from svccheck.forms.markdown import form_md

        data = form_md(plan, library).encode("utf-8")
    return FormOutput(data, default_filename(plan, fmt), fmt, plan)


def write_form(path: Path, data: bytes, lang: str = "zh") -> None:
    """Write a rendered form atomically; a missing folder is a usage error, not a traceback."""
    if not path.parent.is_dir():
        raise ConfigError(
            tr(lang, "{file}：目录不存在", "{file}: folder does not exist", file=path.parent)
        )
    write_atomic(path, data)


_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def default_filename(plan: FormPlan, fmt: str) -> str:
    """`<checklist>-<branch>-<date>.<ext>`, the branch part left out when none was given."""
    parts = [
        plan.checklist.id,
        _UNSAFE.sub("_", plan.branch) if plan.branch else "",
        str(plan.date),
    ]
    return "-".join(p for p in parts if p) + f".{fmt}"


__all__ = [
    "FORMATS",
    "META_SHEET",
    "FormDate",
    "FormFormat",
    "FormOutput",
    "FormPlan",
    "Person",
    "Roster",
    "default_filename",
    "find_checklist",
    "make_form",
    "parse_form_date",
    "read_roster",
    "write_form",
]
