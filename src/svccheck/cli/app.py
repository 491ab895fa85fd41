"""The `svccheck` command: global options and the list of commands.

Start-up is kept light: this module and the command modules import only typer at module
level; each command imports the pipeline it needs when it runs.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Annotated

import typer

from svccheck import __version__
from svccheck.cli import (
    brief,
    explain,
    form,
    ingest,
    read,
    report,
    schema,
    score,
    standards,
    validate,
)
from svccheck.cli.common import (
    EXIT_ERROR,
    ChecklistsOption,
    DbOption,
    LangOption,
    StandardsOption,
)

app = typer.Typer(
    name="svccheck",
    help=(
        "Bank branch service standards as code: validate the standards, print the forms, "
        "score the filled sheets, report the gaps, keep the history.\n\n"
        "\b\nExamples:\n"
        "  svccheck score examples/2026-10/\n"
        "  svccheck --lang zh brief --branch 东环支行\n"
        "  svccheck COMMAND --help"
    ),
    no_args_is_help=True,
    # Plain click help: half the start-up of rich help (typer imports rich and markdown-it
    # for it), and it wraps Chinese text correctly in any terminal.
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=False,
)

# (command name, module): each module exposes `command`; they import only typer at load time.
COMMANDS: tuple[tuple[str, ModuleType], ...] = (
    ("validate", validate),
    ("standards", standards),
    ("schema", schema),
    ("form", form),
    ("read", read),
    ("score", score),
    ("explain", explain),
    ("ingest", ingest),
    ("report", report),
    ("brief", brief),
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"svccheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    lang: LangOption = None,
    standards: StandardsOption = None,
    checklists: ChecklistsOption = None,
    db: DbOption = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    ctx.obj = {"lang": lang, "standards": standards, "checklists": checklists, "db": db}


for _name, _module in COMMANDS:
    app.command(_name)(_module.command)


def main() -> None:
    """Entry point: run the app; any SvccheckError becomes one clear line and exit code 2."""
    from svccheck.errors import SvccheckError

    try:
        app()
    except SvccheckError as error:
        sys.stderr.write(f"svccheck: error: {error}\n")
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        sys.stderr.write("svccheck: interrupted\n")
        sys.exit(130)
    except (BrokenPipeError, OSError) as error:
        if isinstance(error, BrokenPipeError):
            sys.exit(0)
        sys.stderr.write(f"svccheck: error: {error}\n")
        sys.exit(EXIT_ERROR)


__all__ = ["app", "main"]
