"""`svccheck explain`: how a subject's or an item's score came about, cell by cell."""

from __future__ import annotations

import shutil
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from svccheck.cli.common import (
    EXIT_OK,
    ChecklistOption,
    ChecklistsOption,
    LangOption,
    SheetsArgument,
    StandardsOption,
    check_output_path,
    emit,
    make_settings,
    stderr_console,
)


class ExplainFormat(StrEnum):
    text = "text"
    json = "json"


def command(
    ctx: typer.Context,
    query: Annotated[
        str,
        typer.Argument(
            help="An employee (name or 工号), a branch, or an item (id or exact title).",
            show_default=False,
        ),
    ],
    sheets: SheetsArgument,
    checklist: ChecklistOption = None,
    fmt: Annotated[
        ExplainFormat,
        typer.Option("--format", "-f", help="text (for people) or json."),
    ] = ExplainFormat.text,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="Write to this file instead of stdout.", show_default=False
        ),
    ] = None,
    lang: LangOption = None,
    standards: StandardsOption = None,
    checklists: ChecklistsOption = None,
) -> None:
    """Explain a score: base, every deduction with its source cell, caps, vetoes, and gains.

    For an employee or a branch: the period score and its marks, then each check as base
    minus each deduction (with file › sheet › cell, the note, the cap when one applied, the
    veto when a red line failed), and what fixing each gap would gain the period score
    ("TLR-03: +1.0 points for 张三"). For an item: every check it failed in, and the gain for
    each subject and branch. Gains are recomputed exactly (a fixed red line lifts its veto).

    \b
    Examples:
      svccheck explain 张三 examples/2026-10/
      svccheck explain 东环支行 examples/2026-10/inspection/
      svccheck explain TLR-03 examples/2026-10/morning/ --lang en
      svccheck explain 0110023 2026-10/ --format json
    """
    settings = make_settings(ctx, lang=lang, standards=standards, checklists=checklists)
    check_output_path(settings, output, sheets=sheets)

    from svccheck.cli.display import ReadingDisplay, color_wanted
    from svccheck.pipeline import score_sheets
    from svccheck.reporting.explanation import render_json, render_text
    from svccheck.scoring.explain import explain

    with ReadingDisplay(stderr_console(), settings.lang) as progress:
        report = score_sheets(sheets, settings.library, checklist, settings.lang, progress=progress)
    library = settings.library()
    explanation = explain(report, query, library, settings.lang)
    if fmt is ExplainFormat.json:
        text = render_json(explanation, settings.lang)
    else:
        text = render_text(
            explanation,
            settings.lang,
            color=color_wanted(output),
            titles={item.id: item.title for item in library.items.values()},
            width=shutil.get_terminal_size((100, 24)).columns,
        )
    emit(text, output, settings.lang)
    raise typer.Exit(EXIT_OK)
