"""`svccheck form`: write the fillable form of a checklist (xlsx, csv or md)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from svccheck.cli.common import (
    ChecklistsOption,
    LangOption,
    StandardsOption,
    check_output_path,
    make_settings,
    output_format,
    tell,
)

MAX_ROWS = 10_000
"""Blank rows a form may ask for: a form is printed (10,000 rows is ~150 pages), and an
unbounded count ran out of memory."""


class FormFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"
    md = "md"


def command(
    ctx: typer.Context,
    checklist: Annotated[
        str,
        typer.Argument(
            help="Checklist id or title, e.g. morning-teller, inspection-monthly or "
            "大堂经理晨会互查表 (a wrong one lists them all)."
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="File to write ('-' for stdout; default: <checklist>-<branch>-<date>.<format>).",
            show_default=False,
        ),
    ] = None,
    branch: Annotated[
        str | None, typer.Option("--branch", help="Branch name printed on the form.")
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="Day of a morning check (2026-10-08, default today), or a month (2026-10) "
            "for the register and the branch walk-round.",
            show_default=False,
        ),
    ] = None,
    roster: Annotated[
        Path | None,
        typer.Option(
            "--roster",
            help="Staff list (csv/xlsx with 姓名/name, 工号, 岗位/role, 网点/branch): one row "
            "each on a morning check; the register's staff-on-duty sheet (在岗人员). With "
            "--branch, only that branch's people.",
        ),
    ] = None,
    fmt: Annotated[
        FormFormat | None,
        typer.Option(
            "--format",
            help="xlsx (fillable), csv (header and rows), md (printable). Default: from -o, "
            "else xlsx.",
            show_default=False,
        ),
    ] = None,
    scope: Annotated[
        str | None,
        typer.Option(
            "--scope",
            help="The register's scope, printed above its header: standards, roles, areas or "
            "item ids (e.g. '综合柜员、门前区'); default 全面检查 (everything).",
            show_default=False,
        ),
    ] = None,
    rows: Annotated[
        int | None,
        typer.Option(
            "--rows",
            min=0,
            max=MAX_ROWS,
            help="Blank rows (default 20 for a morning check, 200 for the register, none beside "
            "a roster); days for the branch walk-round.",
            show_default=False,
        ),
    ] = None,
    lang: LangOption = None,
    standards: StandardsOption = None,
    checklists: ChecklistsOption = None,
) -> None:
    """Write the form staff fill in for a checklist: the morning sheet or the register.

    Morning self and peer checks come out in the wide form (one row per person from --roster,
    or blank rows; one column per item with a √ / × / 不适用 dropdown); the branch walk-round
    has one row per day; the monthly inspection register is the long form (one row per
    finding, item ids from a dropdown). The xlsx is protected without a password (only input
    cells are editable), prints landscape on A4, carries the criteria on a second sheet and a
    hidden record of the checklist and library version, so a filled form is scored with the
    checklist it was printed for. The file is written only when the whole form was made.

    \b
    Examples:
      svccheck form morning-teller --branch 东环支行 --date 2026-10-08 --roster staff.xlsx
      svccheck form peer-lobby-manager --lang en -o peer.xlsx
      svccheck form inspection-monthly --branch 东环支行 --date 2026-10
      svccheck form inspection-monthly --scope 门前区、前厅区 --roster staff.xlsx
      svccheck form morning-environment --date 2026-10 --format md -o walk-round.md
    """
    settings = make_settings(ctx, lang=lang, standards=standards, checklists=checklists)
    check_output_path(settings, output, files=[roster] if roster else [])

    from svccheck.atomic import write_atomic
    from svccheck.forms import make_form, parse_form_date, read_roster
    from svccheck.i18n import tr

    library = settings.library()
    chosen = output_format(
        fmt.value if fmt else None, output, tuple(FormFormat), "xlsx", settings.lang
    )
    staff = read_roster(roster, library.taxonomy, settings.lang, branch=branch) if roster else None
    people = staff.people if staff is not None else ()
    form = make_form(
        library,
        checklist,
        fmt=chosen,
        lang=settings.lang,
        branch=branch,
        date=parse_form_date(date, settings.lang),
        roster=people,
        rows=rows,
        scope=scope,
    )
    if output is not None and str(output) == "-":
        sys.stdout.buffer.write(form.data)
        sys.stdout.buffer.flush()
        where = "stdout"
    else:
        target = output or Path(form.filename)
        if output is None:  # the default name, known now: checked as -o is
            check_output_path(settings, target, files=[roster] if roster else [])
        write_atomic(target, form.data, lang=settings.lang)
        where = str(target)
    lines = [
        tr(
            settings.lang,
            "已写入 {file}：{title}，{items} 项，{rows} 行",
            "wrote {file}: {title}, {items} items, {rows} rows",
            file=where,
            title=form.plan.title,
            items=form.items,
            rows=form.rows,
        )
    ]
    if form.plan.left_out:
        lines.append(
            tr(
                settings.lang,
                "名单中另有 {n} 人岗位不符，未列入",
                "left out {n} on the roster who hold another role",
                n=form.plan.left_out,
            )
        )
    if staff is not None and staff.repeated:
        lines.append(
            tr(
                settings.lang,
                "名单中有 {n} 行重复（姓名、工号、岗位相同），只列一次",
                "{n} repeated lines of the roster (same name, id and role) listed once",
                n=staff.repeated,
            )
        )
    if staff is not None and staff.elsewhere:
        lines.append(
            tr(
                settings.lang,
                "名单中另有 {n} 人属于其他网点，未列入",
                "left out {n} on the roster who work at another branch",
                n=staff.elsewhere,
            )
        )
    elif staff is not None and branch is None and len(staff.branches) > 1:
        lines.append(
            tr(
                settings.lang,
                "注意：名单中有 {n} 个网点的人员，均已列入；用 --branch 只列一个网点的人员",
                "note: the roster lists people of {n} branches, all of them on the form; "
                "--branch keeps one branch's",
                n=len(staff.branches),
            )
        )
    tell("\n".join(lines) + "\n")
