"""`svccheck score`: read filled sheets, score them, print the ranked gap report."""

from __future__ import annotations

import math
import shutil
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from svccheck.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    ChecklistOption,
    ChecklistsOption,
    LangOption,
    SheetsArgument,
    StandardsOption,
    check_output_path,
    emit,
    make_settings,
    output_format,
    stderr_console,
)

# The registry module is stdlib-only (renderers load on use), so --format's choices come from
# it without slowing start-up.
from svccheck.reporting import FORMAT_NAMES

ReportFormat = StrEnum("ReportFormat", {name: name for name in FORMAT_NAMES})  # type: ignore[misc]


class Grouping(StrEnum):
    """--by: the one table wanted (scoring's GROUPINGS; a test keeps them equal)."""

    item = "item"
    subject = "subject"
    branch = "branch"
    category = "category"
    area = "area"
    role = "role"
    servqual = "servqual"


def command(
    ctx: typer.Context,
    sheets: SheetsArgument,
    checklist: ChecklistOption = None,
    fmt: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Report format (default: the one -o's suffix names, else table); xlsx needs -o.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Write the report to this file (atomically, only when the run succeeds).",
            show_default=False,
        ),
    ] = None,
    top: Annotated[
        int | None,
        typer.Option(
            "--top",
            min=1,
            help="Rows per ranked table (table format: 10 gaps and 20 "
            "rows unless given; other formats: all).",
            show_default=False,
        ),
    ] = None,
    by: Annotated[
        Grouping | None,
        typer.Option(
            "--by",
            help="One table only: gaps by item, the subject or branch ranking, or the "
            "gaps grouped by category, area, role or SERVQUAL dimension.",
            show_default=False,
        ),
    ] = None,
    fail_under: Annotated[
        float | None,
        typer.Option(
            "--fail-under",
            help="Exit 1 when the mean score is under this (CI gate).",
            show_default=False,
        ),
    ] = None,
    lang: LangOption = None,
    standards: StandardsOption = None,
    checklists: ChecklistsOption = None,
) -> None:
    """Score filled sheets and report the gaps: rankings, Pareto of points lost, statuses.

    Reads every sheet whose header it recognises (wide morning sheets and long inspection
    registers, xlsx or csv; a folder is read recursively), scores each check by deduction
    from the checklist's base (caps per item, red-line veto, findings-only registers), then
    ranks the items by points lost and the staff and branches by mean score with their status
    (star / pass / below / remediation). Several checklists give one section each, plus the
    combined figures. Rows that cannot be used are listed in the report and summarised on
    stderr. Exit code 0 fine, 1 mean score under --fail-under, 2 nothing could be read.

    \b
    Examples:
      svccheck score examples/2026-10/
      svccheck score morning/东环支行-W41.xlsx --format md -o week41.md
      svccheck score register.xlsx --checklist inspection-monthly --by category
      svccheck score 2026-10/ --format json --top 10 --lang en
      svccheck score 2026-10/ --format xlsx -o 2026-10.xlsx
      svccheck score today/ --fail-under 85
    """
    settings = make_settings(ctx, lang=lang, standards=standards, checklists=checklists)
    check_output_path(settings, output, sheets=sheets)

    from svccheck.cli.display import ReadingDisplay, color_wanted
    from svccheck.errors import ConfigError
    from svccheck.i18n import tr
    from svccheck.pipeline import score_sheets
    from svccheck.reporting import SPECS, ReportOptions, render

    if fail_under is not None and not math.isfinite(fail_under):  # nan: a gate never shut
        raise ConfigError(
            tr(
                settings.lang,
                "--fail-under 应为分数（如 85），而不是 {v}",
                "--fail-under must be a score such as 85, not {v}",
                v=fail_under,
            )
        )

    chosen = output_format(fmt.value if fmt else None, output, FORMAT_NAMES, "table", settings.lang)
    if SPECS[chosen].binary and output is None:
        raise ConfigError(
            tr(
                settings.lang,
                "--format {f} 需要 -o 文件名",
                "--format {f} needs -o FILE",
                f=chosen,
            )
        )
    with ReadingDisplay(stderr_console(), settings.lang) as progress:
        report = score_sheets(
            sheets, settings.library, checklist, settings.lang, details=False, progress=progress
        )
    options = ReportOptions(
        lang=settings.lang,
        top=top,
        by=by.value if by else None,
        color=color_wanted(output),
        width=shutil.get_terminal_size((100, 24)).columns,
    )
    emit(render(report, chosen, options), output, settings.lang)
    mean = report.summary.score_mean
    if fail_under is not None and mean is not None and mean < fail_under:
        stderr_console().print(
            tr(
                settings.lang,
                "平均分 {m} 低于 --fail-under {n}",
                "mean score {m} is under --fail-under {n}",
                m=mean,
                n=fail_under,
            ),
            markup=False,
            style="red",
        )
        raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_OK)
