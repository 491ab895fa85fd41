"""`svccheck read`: show what svccheck understood of filled sheets, row by row accounted for."""

from __future__ import annotations

import shutil
import sys
from enum import StrEnum
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
    emit,
    make_settings,
    stderr_console,
)


class ReadFormat(StrEnum):
    table = "table"
    json = "json"


def command(
    ctx: typer.Context,
    sheets: SheetsArgument,
    checklist: ChecklistOption = None,
    fmt: Annotated[
        ReadFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ReadFormat.table,
    lang: LangOption = None,
    standards: StandardsOption = None,
    checklists: ChecklistsOption = None,
) -> None:
    """Show how filled sheets are read: header row, columns, rows accepted and rejected.

    This is the command to run when a sheet "doesn't work". For every file and sheet it shows
    the header row found, what each column was taken for (a field such as date or employee, or
    an item id), the columns it ignored, the form (long or wide), the checklist used and where
    it came from, how many rows were read, accepted, rejected and skipped (titles, blank,
    subtotal and footer rows), and every rejected row with its file, sheet, row, cell and
    reason. Sheets without a recognisable header are listed with the headers expected and
    found. Exit code 0 when every row was accepted, 1 when some rows were rejected or a file
    could not be read, 2 when nothing could be read.

    \b
    Examples:

        svccheck read 晨会自查-1008.xlsx

        svccheck read examples/2026-10/ --format json

        svccheck read register.csv --checklist inspection-monthly
    """
    settings = make_settings(ctx, lang=lang, standards=standards, checklists=checklists)
    from svccheck.cli.display import ReadingDisplay
    from svccheck.pipeline import read
    from svccheck.sheets.render import read_json, read_table

    library = settings.library()
    # what was read is the report itself here (stdout), not a summary on stderr
    with ReadingDisplay(stderr_console(), settings.lang, tell=False) as progress:
        result = read(sheets, library, checklist, settings.lang, progress=progress)
    if fmt is ReadFormat.json:
        emit(read_json(result), None)
    else:
        width = shutil.get_terminal_size((100, 24)).columns
        emit(read_table(result, settings.lang, width, color=sys.stdout.isatty()), None)
    raise typer.Exit(EXIT_FINDINGS if result.rejected or result.unread_files else EXIT_OK)
