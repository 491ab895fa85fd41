"""Options shared by every command, the settings they make, and output helpers.

Kept light: imported at start-up, so only typer and the standard library at module level.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Final

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from svccheck.model import Library

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Interface language: zh or en (default: $SVCCHECK_LANG, then the locale).",
        show_default=False,
    ),
]
StandardsOption = Annotated[
    Path | None,
    typer.Option(
        "--standards",
        help="Standards folder (default: ./standards if present, else the bundled library).",
        show_default=False,
    ),
]
ChecklistsOption = Annotated[
    Path | None,
    typer.Option(
        "--checklists",
        help="Checklists folder (default: ../checklists beside the standards).",
        show_default=False,
    ),
]
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Ledger URL: sqlite:///path or postgresql://… "
        "(default: $SVCCHECK_DB, else sqlite:///svccheck.db).",
        show_default=False,
    ),
]

SheetsArgument = Annotated[
    list[Path],
    typer.Argument(
        help="Filled sheets (xlsx, xlsm, xls, csv) or folders of them (read recursively).",
        show_default=False,
    ),
]
ChecklistOption = Annotated[
    str | None,
    typer.Option(
        "--checklist",
        help="Checklist id for sheets without svccheck's form metadata "
        "(default: inferred from the items).",
        show_default=False,
    ),
]


@dataclass(frozen=True)
class Settings:
    """What every command needs to know, resolved once from options and environment."""

    lang: str
    standards: Path | None = None
    checklists: Path | None = None
    db: str | None = None
    # The library once loaded. Kept here, not in a module-level cache: a Settings lives for
    # one run, and where the default library is depends on the working folder of that run
    # (./standards) — commands run in process, as the tests run them, must not share one.
    _loaded: list[Library] = field(default_factory=list, repr=False, compare=False)

    def library(self) -> Library:
        """The library, loaded on first use (`score` loads it while it reads the sheets)."""
        if not self._loaded:
            from svccheck.catalog.library import load_library

            self._loaded.append(load_library(self.standards, self.checklists, self.lang))
        return self._loaded[0]

    @property
    def db_url(self) -> str:
        return self.db or os.environ.get("SVCCHECK_DB") or "sqlite:///svccheck.db"


def make_settings(
    ctx: typer.Context,
    *,
    lang: str | None = None,
    standards: Path | None = None,
    checklists: Path | None = None,
    db: str | None = None,
) -> Settings:
    """Command-level options win over the same options given before the command name."""
    from svccheck.i18n import resolve_lang

    parent: dict[str, Any] = ctx.find_root().obj or {}
    return Settings(
        lang=resolve_lang(lang or parent.get("lang")),
        standards=standards or parent.get("standards"),
        checklists=checklists or parent.get("checklists"),
        db=db or parent.get("db"),
    )


# The suffixes an output file's name gives its format by (-o report.html means html).
OUTPUT_SUFFIXES: Final = {
    ".txt": "table", ".json": "json", ".md": "md", ".markdown": "md", ".csv": "csv",
    ".html": "html", ".htm": "html", ".xlsx": "xlsx",
}  # fmt: skip


def output_format(
    given: str | None, output: Path | None, choices: Sequence[str], default: str, lang: str
) -> str:
    """The format to write: --format if given, else the one -o's suffix names (among the
    command's `choices`), else `default`. A --format that contradicts the suffix is an error:
    `-o report.html --format table` would put a terminal table in an .html file."""
    from svccheck.errors import ConfigError
    from svccheck.i18n import tr

    named = OUTPUT_SUFFIXES.get(output.suffix.lower()) if output is not None else None
    if named not in choices:
        named = None
    if given is None:
        return named or default
    if named is not None and named != given:
        raise ConfigError(
            tr(
                lang,
                "--format {f} 与 -o {o} 的扩展名（{n}）矛盾："
                "去掉 --format，或改用 {s} 结尾的文件名",
                "--format {f} contradicts -o {o} (a {n} file name): drop --format, or name a "
                "{s} file",
                f=given,
                o=output,
                n=named,
                s=next(k for k, v in OUTPUT_SUFFIXES.items() if v == given)
                if given in OUTPUT_SUFFIXES.values()
                else "?",
            )
        )
    return given


def stderr_console() -> Console:
    """The console for people: progress, summaries, warnings (stdout is the report).

    What it prints is never read as markup, and control characters in names, notes and file
    names are shown as escapes (`safetext.safe_console`)."""
    from svccheck.safetext import safe_console

    return safe_console(stderr=True, highlight=False)


def tell(text: str) -> None:
    """A line for people on stderr, outside rich: control characters in the file names and
    values it quotes are shown as escapes (`safetext.visible`), never sent to the terminal."""
    from svccheck.safetext import visible

    sys.stderr.write(visible(text if text.endswith("\n") else text + "\n"))


def emit(text: str | bytes, output: Path | None) -> None:
    """Send a rendered report to `output` (atomically) or to stdout."""
    if output is not None:
        from svccheck.atomic import write_atomic

        write_atomic(output, text)
        return
    if isinstance(text, bytes):
        sys.stdout.buffer.write(text)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")
        sys.stdout.flush()
