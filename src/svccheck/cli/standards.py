"""`svccheck standards`: browse the standards library as a table or JSON."""

from __future__ import annotations

import os
import shutil
import sys
from enum import StrEnum
from typing import Annotated

import typer

from svccheck.cli.common import (
    ChecklistsOption,
    LangOption,
    StandardsOption,
    emit,
    make_settings,
    stderr_console,
)


class BrowseFormat(StrEnum):
    """The --format choices; a test keeps them equal to the renderers' registry."""

    table = "table"
    json = "json"


def command(
    ctx: typer.Context,
    role: Annotated[
        str | None,
        typer.Option(
            "--role", help="Only this role (id or label: teller, 综合柜员…).", show_default=False
        ),
    ] = None,
    category: Annotated[
        str | None,
        typer.Option(
            "--category", help="Only this category (appearance, 服务礼仪…).", show_default=False
        ),
    ] = None,
    severity: Annotated[
        str | None,
        typer.Option(
            "--severity", help="Only this severity: minor, major or critical.", show_default=False
        ),
    ] = None,
    fmt: Annotated[
        BrowseFormat,
        typer.Option("--format", "-f", help="table (for people) or json (every field, zh and en)."),
    ] = BrowseFormat.table,
    lang: LangOption = None,
    standards: StandardsOption = None,
    checklists: ChecklistsOption = None,
) -> None:
    """Browse the standards library: every item with its role, area, category and
    points.

    The table shows the items' text in the --lang language; --format json
    lists every item with its standard's role filled in and its title and
    criterion in both languages, for scripts and spreadsheets. Filters take a
    taxonomy id or its zh/en label and combine.

    \b
    Examples:
      svccheck standards
      svccheck standards --role teller --severity critical
      svccheck standards --role 大堂经理 --category etiquette --lang zh
      svccheck standards --format json > items.json
    """
    settings = make_settings(ctx, lang=lang, standards=standards, checklists=checklists)

    from svccheck.catalog.browse import (
        RENDERERS,
        BrowseContext,
        filter_items,
        filters_line,
        resolve_filters,
    )
    from svccheck.i18n import count, tr

    library = settings.library()
    chosen = resolve_filters(
        library, settings.lang, role=role, category=category, severity=severity
    )
    items = filter_items(library, settings.lang, **chosen)
    context = BrowseContext(
        lang=settings.lang,
        color=_color(),
        width=shutil.get_terminal_size((100, 24)).columns,
        fixed=frozenset(chosen),
    )
    emit(RENDERERS[fmt.value](library, items, context), None)
    found = tr(
        settings.lang,
        "{n} 个条目（共 {total} 个）",
        "{items} of {total}",
        n=len(items),
        items=count(len(items), "item"),
        total=len(library.items),
    )
    if chosen:
        found = tr(settings.lang, "；", "; ").join(
            (filters_line(library, chosen, settings.lang), found)
        )
    stderr_console().print(found, style="dim", markup=False, highlight=False)


def _color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
