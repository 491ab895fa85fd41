"""`svccheck validate`: check standards, checklist and taxonomy files (schema + lint)."""

from __future__ import annotations

import os
import shutil
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from svccheck.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    ChecklistsOption,
    LangOption,
    StandardsOption,
    emit,
    make_settings,
)


class ValidateFormat(StrEnum):
    """The --format choices; a test keeps them equal to the renderers' registry."""

    text = "text"
    json = "json"
    github = "github"
    junit = "junit"
    sarif = "sarif"


def command(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files or folders to check (a folder may hold standards/ and checklists/). "
            "Default: the library --standards names, else ./standards, else the bundled one.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        ValidateFormat,
        typer.Option(
            "--format",
            "-f",
            help="text (for people), json, github (workflow annotations), junit or sarif (2.1.0).",
        ),
    ] = ValidateFormat.text,
    strict: Annotated[
        bool, typer.Option("--strict", help="Treat warnings (e.g. missing English) as errors.")
    ] = False,
    lang: LangOption = None,
    standards: StandardsOption = None,
    checklists: ChecklistsOption = None,
) -> None:
    """Check standards, checklists and taxonomy: schema errors and semantic lint.

    Every finding names file:line:col. Checked: YAML syntax, tabs, duplicate
    keys, encoding, size and alias bombs; the schema of each file (unknown
    keys are errors); duplicate item ids, references to ids missing from the
    taxonomy, checklists that select unknown standards or items or nothing,
    points above max_points, critical items in no checklist; missing English
    text and ids that differ from their file names are warnings (--strict
    makes them errors). Exit code 0 clean, 1 findings, 2 a path that does not
    exist.

    \b
    Examples:
      svccheck validate
      svccheck validate standards/ checklists/ --strict
      svccheck validate mybank/ --format sarif > svccheck.sarif
      svccheck validate --format github --lang en
    """
    settings = make_settings(ctx, lang=lang, standards=standards, checklists=checklists)

    from svccheck.catalog.findings_format import RENDERERS, RenderContext
    from svccheck.catalog.validate import validate_paths

    report = validate_paths(
        paths or [],
        standards=settings.standards,
        checklists=settings.checklists,
        strict=strict,
        lang=settings.lang,
    )
    context = RenderContext(
        lang=settings.lang, color=_color(), width=shutil.get_terminal_size((100, 24)).columns
    )
    emit(RENDERERS[fmt.value](report, context), None)
    raise typer.Exit(EXIT_OK if report.ok else EXIT_FINDINGS)


def _color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
