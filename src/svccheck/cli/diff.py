"""`svccheck diff`: what changed between two versions of a standards library."""

from __future__ import annotations

import shutil
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from svccheck.cli.common import (
    EXIT_OK,
    LangOption,
    check_output_path,
    emit,
    make_settings,
    output_format,
    tell,
)


class DiffFormat(StrEnum):
    """The --format choices; a test keeps them equal to the renderers' registry."""

    table = "table"
    json = "json"
    md = "md"


_VERSION_HELP = (
    "a folder holding standards/ (and checklists/), a standards folder (checklists in "
    "../checklists) or one standard file."
)


def command(
    ctx: typer.Context,
    old: Annotated[
        Path,
        typer.Argument(
            metavar="OLD", help=f"The earlier version: {_VERSION_HELP}", show_default=False
        ),
    ],
    new: Annotated[
        Path,
        typer.Argument(
            metavar="NEW", help=f"The later version: {_VERSION_HELP}", show_default=False
        ),
    ],
    fmt: Annotated[
        DiffFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="table (terminal), json or md. Default: the one -o's suffix names, else table.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Write to this file (atomically) instead of stdout.",
            show_default=False,
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Show what changed between two versions of the standards library.

    Items added, removed and changed (points, max_points, severity, criterion,
    cadence, the checklists that select it, title, category, area, role,
    method, refs, tags…), and checklists added, removed and changed (marks,
    scoring model, base, veto, kind, subject, accountable, items gained or
    lost), with a summary line naming both versions. OLD and NEW are each a
    folder holding standards/ and checklists/, a standards folder, or a single
    standard file (then only items are compared). Both are checked as any
    command checks the library. Exit code 0 whatever differs, 2 a path that
    does not exist or a library with errors.

    \b
    Examples:
      svccheck diff tests/data/library/2026.1 .
      svccheck diff old/standards new/standards --format md -o changes.md
      svccheck diff 2026.1/standards/teller.yaml standards/teller.yaml
      svccheck --lang zh diff v2026/ v2027/ --format json
    """
    settings = make_settings(ctx, lang=lang)
    check_output_path(settings, output, files=[old, new], library=False)

    from svccheck.catalog.diff import diff_libraries
    from svccheck.catalog.library import load_version
    from svccheck.cli.display import color_wanted
    from svccheck.i18n import tr
    from svccheck.reporting.diff import DiffOptions, render, summary_line

    chosen = output_format(
        fmt.value if fmt else None, output, tuple(DiffFormat), "table", settings.lang
    )
    diff = diff_libraries(load_version(old, settings.lang), load_version(new, settings.lang))
    options = DiffOptions(
        lang=settings.lang,
        width=shutil.get_terminal_size((100, 24)).columns,
        color=color_wanted(output),
    )
    emit(render(diff, chosen, options), output, settings.lang)
    if output is not None:
        tell(
            tr(
                settings.lang,
                "已写入 {file}：{summary}\n",
                "wrote {file}: {summary}\n",
                file=output,
                summary=summary_line(diff, settings.lang),
            )
        )
    raise typer.Exit(EXIT_OK)
