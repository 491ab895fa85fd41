"""Options shared by every command, the settings they make, and output helpers.

Kept light: imported at start-up, so only typer and the standard library at module level.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Final

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from svccheck.ledger.store import Ledger
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
        """The library, loaded on first use (`score` loads it while it reads the sheets):
        from the on-disk cache when its files are unchanged (catalog/cache.py)."""
        if not self._loaded:
            from svccheck.catalog.cache import cached_library

            self._loaded.append(cached_library(self.standards, self.checklists, self.lang))
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
_SUFFIX_OF: Final = {name: suffix for suffix, name in reversed(OUTPUT_SUFFIXES.items())}


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
                s=_SUFFIX_OF.get(given, "?"),
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


def check_output_path(
    settings: Settings,
    output: Path | None,
    *,
    sheets: Sequence[Path] = (),
    files: Sequence[Path] = (),
    library: bool = True,
    ledger: bool = False,
) -> None:
    """Refuse, before anything is read or written, an `-o` that names an input of the run:
    the `sheets` (files, or folders read for sheet files), other input `files` or folders of
    YAML (`diff`'s versions), the library (standards and checklists folders) and the SQLite
    ledger. The rule itself is `svccheck.atomic.check_output`."""
    if output is None or str(output) == "-":
        return
    from svccheck.atomic import ReadPath, check_output
    from svccheck.catalog.locate import resolve_dirs
    from svccheck.sheets.folders import SHEET_SUFFIXES

    yaml = (".yaml", ".yml")
    inputs = [ReadPath(path, SHEET_SUFFIXES) for path in sheets]
    for path in files:
        inputs.append(ReadPath(path, yaml))
        if path.is_dir():  # a standards folder reads ../checklists too
            inputs.append(ReadPath(path.parent / "checklists", yaml))
    if library:
        for folder in resolve_dirs(settings.standards, settings.checklists):
            inputs.append(ReadPath(folder, yaml))
    if ledger:
        inputs += [ReadPath(path) for path in _sqlite_files(settings.db_url)]
    check_output(output, inputs, settings.lang)


def _sqlite_files(url: str) -> list[Path]:
    """The files of an SQLite ledger (with its write-ahead log), none for any other URL."""
    from svccheck.errors import LedgerError
    from svccheck.ledger.url import parse_url

    try:
        parsed = parse_url(url)
    except LedgerError:
        return []  # reported when the ledger is opened
    if parsed.backend != "sqlite" or parsed.target == ":memory:":
        return []
    path = Path(parsed.target).expanduser()
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def emit(text: str | bytes, output: Path | None, lang: str = "en") -> None:
    """Send a rendered report to `output` (atomically) or to stdout.

    A text that opens with a BOM (a csv report, `reporting.csv.csv_text`) is a file's text in
    UTF-8: it goes to stdout as those bytes, whatever the terminal's encoding (a GBK code page
    cannot encode the BOM, and `> report.csv` must give Excel the same file as -o). A file
    name that is not UTF-8 in it (GBK bytes from an unzipped archive) is written as text
    (`pathtext.document_text`, here or in `write_atomic`): stdout and the file are UTF-8."""
    if isinstance(text, str) and text.startswith("\ufeff"):
        from svccheck.pathtext import document_text

        text = document_text(text).encode("utf-8")
    if output is not None:
        from svccheck.atomic import write_atomic

        write_atomic(output, text, lang=lang)
        return
    if isinstance(text, str):
        from svccheck.pathtext import document_text

        text = document_text(text)
    try:
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")
            sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:  # `> /dev/full`: say where the write failed
        from svccheck.atomic import os_reason
        from svccheck.errors import OutputError
        from svccheck.i18n import tr

        cause = os_reason(error, lang)
        raise OutputError(
            tr(lang, "无法写入标准输出：{cause}", "cannot write to stdout: {cause}", cause=cause)
        ) from error


@contextmanager
def secrets_masked(argv: Sequence[str]) -> Iterator[None]:
    """stderr with the passwords of any ledger URL on the command line or in $SVCCHECK_DB
    masked, whoever writes there: our messages already mask them (ledger/url.py), this also
    covers the option parser's (an URL given where a file or a format was expected)."""
    given = [*argv, os.environ.get("SVCCHECK_DB", "")]
    suspects = [arg for arg in given if "@" in arg or "password" in arg.lower()]
    if not suspects:
        yield
        return
    from svccheck.ledger.url import secrets_in

    secrets = tuple(secret for arg in suspects for secret in secrets_in(arg))
    real = sys.stderr
    sys.stderr = _MaskedStream(real, secrets)
    try:
        yield
    finally:
        sys.stderr = real


class _MaskedStream(io.TextIOBase):
    """A text stream that masks secrets in everything written through it."""

    def __init__(self, stream: Any, secrets: tuple[str, ...]) -> None:
        self._stream = stream
        self._secrets = secrets

    def write(self, text: str) -> int:
        from svccheck.ledger.url import mask_secrets

        self._stream.write(mask_secrets(text, self._secrets))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return bool(self._stream.isatty())

    def fileno(self) -> int:
        return int(self._stream.fileno())

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return str(getattr(self._stream, "encoding", None) or "utf-8")

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self._stream, "errors", None)


def nothing_held(ledger: Ledger, branch: str | None, checklist: str | None, lang: str) -> str:
    """Why a ledger read found nothing to show: no data at all, or none for the branch and
    checklist asked for (naming the branches it does hold). `report` and `actions` say it."""
    from svccheck.i18n import tr

    if branch is None and checklist is None:
        return tr(lang, "账本 {url} 中还没有数据：请先运行 svccheck ingest",
                  "the ledger {url} holds no checks yet: run svccheck ingest first",
                  url=ledger.url)  # fmt: skip
    return tr(lang, "账本 {url} 中没有{what}的检查（账本中的网点：{known}）",
              "the ledger {url} holds no checks for {what} (its branches: {known})",
              url=ledger.url, what=" / ".join(x for x in (branch, checklist) if x),
              known=tr(lang, "、", ", ").join(ledger.branches()) or "—")  # fmt: skip


def known_branch(
    ledger: Ledger, branch: str | None, lang: str, *, staff: bool = False
) -> str | None:
    """The --branch to use: as given, or the one branch the ledger holds whose name holds it
    (东环 for 东环支行, as --role takes 柜员 for 综合柜员). Refuses a ledger that holds no checks
    yet, or a --branch it holds nothing for (a typo, a name spelt otherwise, a part of several
    names), naming the branches it does hold: an empty brief or list of actions would read as
    "all is well". `report` says the same (`nothing_held`). With `staff`, a branch whose staff
    list alone is held is known too (the brief on day one)."""
    held = ledger.branches()
    if branch is None and held:
        return None
    if branch is not None and (branch in held or (staff and ledger.staff(branch))):
        return branch
    if branch is not None:
        from svccheck.sheets.values import normalise

        part = normalise(branch)
        holding = [b for b in held if part and part in normalise(b)]
        if len(holding) == 1:
            return holding[0]
    from svccheck.errors import ConfigError

    raise ConfigError(nothing_held(ledger, branch if held else None, None, lang))
