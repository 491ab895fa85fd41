"""Filled sheets → observations → scored report: the work behind `read`, `score`, `explain`
and `ingest`, in one place outside the CLI.

    read(sheets, library, checklist, lang, progress=SILENT) -> ReadResult
    score_sheets(sheets, library, checklist, lang, details=True, progress=SILENT) -> Report

Core code: no typer, no printing. What people see while it works is the caller's: it passes
a `Progress`, and the pipeline tells it how far it got (the CLI's is a progress bar and a
summary of what was read, on stderr). The ledger's ingest reads each file through `read`
too, with the read-ahead it runs across files.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path

    from svccheck.model import Library
    from svccheck.scoring import Report
    from svccheck.sheets import ReadResult
    from svccheck.sheets.readahead import ReadAhead


class Progress(Protocol):
    """What the pipeline tells about its work while it runs."""

    def files_read(self, done: int, total: int) -> None:
        """`done` of `total` files have been read."""

    def sheets_read(self, result: ReadResult) -> None:
        """Every file has been read: what was read, what was rejected (before any scoring)."""

    def scoring(self) -> None:
        """The observations are being scored."""


class Silent:
    """A `Progress` that tells nobody (tests, benchmarks, the ledger's file-by-file reads)."""

    def files_read(self, done: int, total: int) -> None:
        pass

    def sheets_read(self, result: ReadResult) -> None:
        pass

    def scoring(self) -> None:
        pass


SILENT = Silent()


def read(
    sheets: Sequence[Path],
    library: Library | Callable[[], Library],
    checklist: str | None = None,
    lang: str = "en",
    *,
    progress: Progress = SILENT,
    ahead: ReadAhead | None = None,
) -> ReadResult:
    """Read filled sheets (files or folders) into observations, every row accounted for.

    `library` may be a function that loads it: it then runs while the first file is parsed.
    `ahead`: the caller's ReadAhead, for a caller that reads file by file and starts the
    next file's parse itself (ingest). Raises ConfigError for an unknown or undecidable
    checklist, InputError when nothing could be read.
    """
    from svccheck.sheets import read_sheets

    result = read_sheets(
        sheets, library, checklist, progress=progress.files_read, lang=lang, ahead=ahead
    )
    progress.sheets_read(result)
    return result


def score_sheets(
    sheets: Sequence[Path],
    library: Callable[[], Library],
    checklist: str | None,
    lang: str,
    *,
    details: bool = True,
    progress: Progress = SILENT,
) -> Report:
    """Read the sheets and score them (SPEC §5): the report of `svccheck score` and `explain`.

    `library` loads the library: it runs, with the import of scoring, while the first file is
    parsed. `details=False` leaves out each deduction's source cells, notes and people, which
    no report format shows (only `explain` and the ledger do). Raises NothingToDo when the
    sheets hold no mark at all (an unfilled form), InputError when no row could be scored.
    """
    from svccheck.errors import InputError, NothingToDo
    from svccheck.i18n import tr

    @cache
    def prepare() -> Library:
        import svccheck.scoring  # noqa: F401 — needed next; imported while the parse runs

        return library()

    result = read(sheets, prepare, checklist, lang, progress=progress)
    if not result.observations and not result.rejected:
        raise NothingToDo(
            tr(
                lang,
                "没有可评分的内容：表中没有任何勾选或扣分（是未填写的空白表吗？）",
                "nothing to score: the sheets hold no marks or deductions (an unfilled form?)",
            )
        )
    if not result.observations:
        raise InputError(
            tr(
                lang,
                "没有可评分的行：{n} 行均未读入（见上）",
                "nothing to score: all {n} rows were rejected (see above)",
                n=len(result.rejected),
            )
        )
    progress.scoring()
    from svccheck.scoring import score

    return score(
        result.observations,
        prepare(),
        inputs=result.inputs,
        rejected=result.rejected,
        warnings=result.warnings,
        details=details,
        sheets=result.sheets,
        roster_without_check=result.roster_lines,
    )


__all__ = ["SILENT", "Progress", "Silent", "read", "score_sheets"]
