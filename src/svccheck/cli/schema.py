"""`svccheck schema`: print the JSON Schema of the library's files (standards, checklists,
taxonomy, branch profiles, waivers)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from svccheck.cli.common import emit


class SchemaName(StrEnum):
    """The schemas that ship with svccheck; a test keeps them equal to the shipped files."""

    standard = "standard"
    checklist = "checklist"
    taxonomy = "taxonomy"
    branches = "branches"
    waivers = "waivers"


def command(
    name: Annotated[
        SchemaName, typer.Argument(help="standard, checklist, taxonomy, branches or waivers.")
    ],
) -> None:
    """Print the JSON Schema (draft 2020-12) of a standard, checklist or taxonomy
    file.

    Point an editor at it for completion and checking while you write
    standards: for the YAML language server, put `# yaml-language-server:
    $schema=standard.schema.json` at the top of the file. `svccheck validate`
    checks the same schema plus the rules a schema cannot express (unique ids,
    references, selections).

    \b
    Examples:
      svccheck schema standard > standard.schema.json
      svccheck schema checklist
      svccheck schema taxonomy | jq '.properties | keys'
    """
    from svccheck.catalog.schema import schema_text

    emit(schema_text(name.value), None)
