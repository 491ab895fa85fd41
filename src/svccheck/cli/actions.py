"""`svccheck actions`: the corrective actions (整改) the ledger holds, oldest due first."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from svccheck.cli.common import (
    EXIT_OK,
    ChecklistsOption,
    DbOption,
    LangOption,
    StandardsOption,
    check_output_path,
    emit,
    known_branch,
    make_settings,
    output_format,
)


class ActionsFormat(StrEnum):
    table = "table"
    json = "json"
    md = "md"
    csv = "csv"
    xlsx = "xlsx"


def command(
    ctx: typer.Context,
    branch: Annotated[
        str | None,
        typer.Option("--branch", help="Only this branch's actions.", show_default=False),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            metavar="open|overdue|closed",
            help="Only actions open (not yet due), overdue or closed on --date (or their "
            "labels: 未到期, 已逾期, 已整改).",
            show_default=False,
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="The day the status is taken on (default today).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        ActionsFormat | None,
        typer.Option(
            "--format",
            help="table, json, md, csv or xlsx (xlsx needs -o). Default: the one -o's suffix "
            "names, else table.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="Write the list to this file (atomically).", show_default=False
        ),
    ] = None,
    db: DbOption = None,
    lang: LangOption = None,
    standards: StandardsOption = None,
    checklists: ChecklistsOption = None,
) -> None:
    """List the corrective actions (整改) the inspections opened, oldest due first.

    Every failed item of an inspection opens an action for the person a finding names
    (accountable registers) or else the branch: due on the register's 整改期限, else the
    checklist's scoring.fix_days for the item's severity after the day it was found. It is
    closed on the date the register's 整改情况及复查日期 gives (a corrected register may add
    it), or by the next inspection of the same subject that passes the item; it is overdue
    when still open after its due date. Each row: branch, subject / owner, item, found, due,
    status, closed, closed by, days (to close, overdue, or open so far) and where it was found.

    \b
    Examples:
      svccheck actions --status overdue
      svccheck actions --branch 东环支行 --date 2026-10-20 --format md -o actions.md
      svccheck actions --format xlsx -o actions.xlsx --db postgresql://svc@db/ledger
    """
    settings = make_settings(ctx, lang=lang, standards=standards, checklists=checklists, db=db)
    check_output_path(settings, output, ledger=True)

    import datetime as dt
    import shutil

    from svccheck.errors import ConfigError
    from svccheck.i18n import tr
    from svccheck.ledger.period import parse_day
    from svccheck.ledger.store import open_ledger
    from svccheck.reporting.actions import ActionList, action_status, render_actions
    from svccheck.scoring.actions import select

    chosen = output_format(
        fmt.value if fmt else None, output, tuple(ActionsFormat), "table", settings.lang
    )
    if chosen == "xlsx" and output is None:
        raise ConfigError(
            tr(settings.lang, "{f} 格式需要 -o 文件名", "--format {f} needs -o FILE", f=chosen)
        )
    wanted_status = action_status(status, settings.lang) if status is not None else None
    day = parse_day(date, "--date", settings.lang) if date else dt.date.today()
    library = settings.library()
    with open_ledger(settings.db_url, must_exist=True, lang=settings.lang) as ledger:
        branch = known_branch(ledger, branch, settings.lang)
        held = ledger.actions(branch=branch, as_of=day)
    wanted = select(held, day, wanted_status)
    titles = {item: library.items[item].title for item in {a.item for a in wanted}
              if item in library.items}  # fmt: skip
    listing = ActionList(wanted, day, titles, branch, wanted_status)
    # the terminal's width, as for `report`: a table too wide leaves out its least needed columns
    width = shutil.get_terminal_size((100, 24)).columns
    emit(render_actions(listing, chosen, settings.lang, width), output, settings.lang)
    raise typer.Exit(EXIT_OK)
