"""`svccheck brief`: the 8:30 morning-meeting briefing, from the ledger."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from svccheck.cli.common import (
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


class BriefFormat(StrEnum):
    table = "table"
    md = "md"
    html = "html"
    json = "json"


def command(
    ctx: typer.Context,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="Meeting day (default today): the briefing covers the last working day "
            "with data before it.",
            show_default=False,
        ),
    ] = None,
    branch: Annotated[
        str | None,
        typer.Option(
            "--branch",
            help="One branch (default: every branch with data in the last 30 days).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        BriefFormat | None,
        typer.Option(
            "--format",
            help="table (terminal), md, html (printable) or json. Default: the one -o's suffix "
            "names, else table.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="Write to this file instead of stdout.", show_default=False
        ),
    ] = None,
    db: DbOption = None,
    lang: LangOption = None,
    standards: StandardsOption = None,
    checklists: ChecklistsOption = None,
) -> None:
    """The morning-meeting briefing: yesterday's results and today's three focus items.

    For each branch: the last working day's checks (mean score, pass rate, each person's
    result), the service stars, the people due for remediation over the last 30 days (the
    people an inspection register holds to account included), the roster members with no
    self-check that day — everyone on that day's sheets (lines nobody filled in included) and
    on the staff list given with `svccheck roster` — and today's three focus items, the
    branch's top gaps of the last 7 days, with their criterion to read aloud. When the newest
    data is older than the last working day, the first line says so. In Chinese by default
    for Chinese users (--lang en for English).

    \b
    Examples:
      svccheck brief --branch 东环支行
      svccheck brief --date 2026-10-09 --branch 东环支行 --format md -o brief.md
      svccheck brief --format html -o brief.html --db postgresql://svc@db/ledger
    """
    settings = make_settings(ctx, lang=lang, standards=standards, checklists=checklists, db=db)
    check_output_path(settings, output, ledger=True)

    import datetime as dt

    from svccheck.ledger.brief import morning_brief
    from svccheck.ledger.period import parse_day
    from svccheck.ledger.store import open_ledger
    from svccheck.reporting.brief import render_brief

    chosen = output_format(
        fmt.value if fmt else None, output, tuple(BriefFormat), "table", settings.lang
    )
    day = parse_day(date, "--date", settings.lang) if date else dt.date.today()
    library = settings.library()
    with open_ledger(settings.db_url, must_exist=True, lang=settings.lang) as ledger:
        branch = known_branch(ledger, branch, settings.lang, staff=True)
        brief = morning_brief(ledger, library, day, branch=branch, lang=settings.lang)
    emit(render_brief(brief, chosen, settings.lang), output, settings.lang)
