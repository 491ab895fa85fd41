"""`svccheck report`: a period's gap report from the ledger, with trends and honesty."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated, Any

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
    nothing_held,
    output_format,
    stderr_console,
)

# The formats of the report registry (kept in step by a test; the registry is imported only
# when the command runs, to keep start-up light).
FORMAT_HELP = (
    "table, json, md, csv, html or xlsx (xlsx needs -o). Default: the one -o's suffix names, "
    "else table."
)


def command(
    ctx: typer.Context,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help="A month (2026-10), an ISO week (2026-W43) or a day. Default: the "
            "month of the latest data.",
            show_default=False,
        ),
    ] = None,
    week: Annotated[
        str | None, typer.Option("--week", help="An ISO week, e.g. 2026-W43.", show_default=False)
    ] = None,
    date_from: Annotated[
        str | None, typer.Option("--from", help="First day of a custom period.", show_default=False)
    ] = None,
    date_to: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="Last day of a custom period (default: the latest data).",
            show_default=False,
        ),
    ] = None,
    checklist: Annotated[
        str | None, typer.Option("--checklist", help="Only this checklist.", show_default=False)
    ] = None,
    branch: Annotated[
        str | None,
        typer.Option(
            "--branch",
            help="Only this branch (still measured against the bank-wide baseline).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", help=FORMAT_HELP, show_default=False)
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="Write the report to this file (atomically).", show_default=False
        ),
    ] = None,
    top: Annotated[
        int | None,
        typer.Option("--top", min=1, help="Rows shown per ranked table.", show_default=False),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            help="One table only: item, subject, branch, category, area, role or servqual.",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
    lang: LangOption = None,
    standards: StandardsOption = None,
    checklists: ChecklistsOption = None,
) -> None:
    """Report a period from the ledger: the gap report of `score`, plus history.

    The same report contract and formats as `svccheck score`, over the checks stored by
    `svccheck ingest`, with a history block: every gap, subject and branch against the
    previous period of equal length (rank moved, points lost delta), repeat violations (the
    same subject failing the same item 3+ times), the bank-wide baseline and each branch's
    distance from it, sheets scored under an older standards version, and self-check honesty
    (fail rate found by peers and inspectors minus the self-reported one, and Cohen's kappa
    of same-day self and peer checks).

    With --standards, checks the ledger scored under another version of their checklist are
    scored again from their stored rows under the library named, and the report says so:
    `report --period 2026-10 --standards 2027.1/standards` shows October under 2027.1.

    \b
    Examples:
      svccheck report --period 2026-10
      svccheck report --week 2026-W43 --branch 东环支行 --format md -o week43.md
      svccheck report --from 2026-10-01 --to 2026-10-15 --format json --top 10
      svccheck report --period 2026-10 --format xlsx -o 2026-10.xlsx --db postgresql://svc@db/ledger
    """
    settings = make_settings(ctx, lang=lang, standards=standards, checklists=checklists, db=db)
    check_output_path(settings, output, ledger=True)

    from svccheck.errors import ConfigError
    from svccheck.i18n import tr
    from svccheck.ledger.period import choose_period
    from svccheck.ledger.report import period_report
    from svccheck.ledger.store import open_ledger
    from svccheck.reporting import FORMAT_NAMES, SPECS, ReportOptions, render

    if fmt is not None and fmt not in FORMAT_NAMES:
        raise ConfigError(
            tr(
                settings.lang,
                "--format {f}：可选 {known}",
                "--format {f}: choose one of {known}",
                f=fmt,
                known=", ".join(FORMAT_NAMES),
            )
        )
    fmt = output_format(fmt, output, FORMAT_NAMES, "table", settings.lang)
    if SPECS[fmt].binary and output is None:
        raise ConfigError(
            tr(settings.lang, "{f} 格式需要 -o 文件名", "--format {f} needs -o FILE", f=fmt)
        )
    library = settings.library()
    if checklist is not None and checklist not in library.checklists:
        raise ConfigError(
            tr(
                settings.lang,
                "未知的检查表 {id}；可用：{known}",
                "unknown checklist {id}; known: {known}",
                id=checklist,
                known=", ".join(sorted(library.checklists)),
            )
        )
    with open_ledger(settings.db_url, must_exist=True, lang=settings.lang) as ledger:
        if branch is not None and ledger.branches():
            branch = known_branch(ledger, branch, settings.lang)
        span = ledger.span(branch, checklist)
        chosen = choose_period(
            period=period,
            week=week,
            start=date_from,
            end=date_to,
            latest=span[1] if span else None,
            lang=settings.lang,
        )
        if chosen is None or span is None:
            raise ConfigError(nothing_held(ledger, branch, checklist, settings.lang))
        # --standards named: the stored rows are scored again under that library where it
        # differs from the one they were scored under (see ledger.rescore)
        report = period_report(
            ledger,
            library,
            chosen,
            branch=branch,
            checklist=checklist,
            lang=settings.lang,
            rescore=settings.standards is not None,
        )
        if not report.summary.checks:
            raise ConfigError(_empty_period(chosen.label, span, settings.lang))
    console = stderr_console()
    console.print(
        tr(
            settings.lang,
            "{url}：{p} 共 {n} 次检查（上期 {q}：{m} 次）",
            "{url}: {p}, {n} checks (previous period {q}: {m})",
            url=ledger.url,
            p=chosen.label,
            n=report.summary.checks,
            q=chosen.previous().label,
            m=getattr(report.history, "previous_checks", 0),
        ),
        markup=False,
        soft_wrap=True,
    )
    # the terminal's width, as for `score`: a table too wide drops columns, never cuts numbers
    width = shutil.get_terminal_size((100, 24)).columns
    options = ReportOptions(lang=settings.lang, top=top, by=by, width=width)
    emit(render(report, fmt, options), output, settings.lang)
    raise typer.Exit(EXIT_OK)


def _empty_period(label: str, span: tuple[Any, Any], lang: str) -> str:
    """An empty period is bad usage, like an empty ledger: say what the ledger does hold."""
    from svccheck.i18n import tr

    held = f"{span[0]} – {span[1]}"
    return tr(lang, "{p} 没有任何检查（账本中的数据：{held}）",
              "no checks in {p} (the ledger holds {held})", p=label, held=held)  # fmt: skip
