"""What people see on stderr while a command works: a progress bar, what was read, colours.

Imported only by commands that read sheets, when they run (rich loads with it).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:
    from types import TracebackType

    from rich.console import Console
    from rich.progress import Progress, TaskID

    from svccheck.sheets import ReadResult

REJECTIONS_SHOWN = 5  # on stderr; the report lists them all


def tell_read(result: ReadResult, lang: str, console: Console) -> None:
    """What was read, on stderr: files, sheets, rows scored, rejected (the first few), skipped."""
    from collections import Counter

    from svccheck.i18n import tr

    sheets = sum(len(i.sheets) for i in result.inputs)
    rows = sum(i.rows for i in result.inputs)
    console.print(
        tr(
            lang,
            "读取 {f} 个文件、{s} 张表、{r} 行：{a} 行计分，{x} 行未读入",
            "read {f} files, {s} sheets, {r} rows: {a} scored, {x} rejected",
            f=len(result.inputs),
            s=sheets,
            r=rows,
            a=sum(i.accepted for i in result.inputs),
            x=len(result.rejected),
        ),
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    for rejection in result.rejected[:REJECTIONS_SHOWN]:
        where = "|".join(
            str(p) for p in (rejection.file, rejection.sheet, rejection.cell or rejection.row) if p
        )
        console.print(
            f"  {where}: {rejection.reason}",
            markup=False,
            highlight=False,
            soft_wrap=True,
            style="yellow",
        )
    if len(result.rejected) > REJECTIONS_SHOWN:
        console.print(
            tr(
                lang,
                "  ……另有 {n} 行未读入，完整列表见报告",
                "  … {n} more rejected rows, all listed in the report",
                n=len(result.rejected) - REJECTIONS_SHOWN,
            ),
            markup=False,
            highlight=False,
            soft_wrap=True,
            style="yellow",
        )
    # A file that could not be read at all (sheet ""): named with its reason — a stray quote
    # or a mixed encoding must not pass for a balanced count of the other files' rows.
    colon = tr(lang, "：", ": ")
    for file, sheet, why in result.skipped_sheets:
        if not sheet:
            console.print(
                tr(lang, "  未读取 {file}{colon}{why}", "  not read: {file}{colon}{why}",
                   file=file, colon=colon, why=why),
                markup=False,
                highlight=False,
                soft_wrap=True,
                style="yellow",
            )  # fmt: skip
    skipped = [sheet for _, sheet, _ in result.skipped_sheets if sheet]
    if skipped:
        # The reasons are long (expected vs found headers); `svccheck read` shows them.
        names = Counter(skipped)
        listed = "、".join(f"{name} ×{n}" if n > 1 else name for name, n in names.items())
        console.print(
            tr(
                lang,
                "  跳过 {n} 张没有可识别表头的表：{names}（原因见 svccheck read）",
                "  skipped {n} sheets with no recognisable header: {names} (see svccheck read)",
                n=len(skipped),
                names=listed,
            ),
            markup=False,
            highlight=False,
            soft_wrap=True,
            style="dim",
        )
    for warning in result.warnings:
        console.print(f"  {warning}", markup=False, highlight=False, soft_wrap=True, style="yellow")


class WorkDisplay:
    """A progress bar on stderr that appears only once the work has taken a second (and only
    on a terminal), so quick runs and pipes stay quiet."""

    DELAY = 1.0

    def __init__(self, console: Console, label: str) -> None:
        import threading

        self._console = console
        self._label = label
        self._done, self._total = 0, 0
        self._lock = threading.Lock()
        self._timer = threading.Timer(self.DELAY, self._show)
        self._timer.daemon = True
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> Self:
        if self._console.is_terminal:
            self._timer.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._timer.cancel()
        with self._lock:
            if self._bar is not None:
                self._bar.stop()
                self._bar = None

    def update(self, done: int, total: int) -> None:
        """The reader's callback: `done` of `total` files read."""
        with self._lock:
            self._done, self._total = done, total
            if self._bar is not None and self._task is not None:
                self._bar.update(self._task, completed=done, total=total)

    def phase(self, label: str) -> None:
        with self._lock:
            self._label = label
            if self._bar is not None and self._task is not None:
                self._bar.update(self._task, description=label)

    def _show(self) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        with self._lock:
            self._bar = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self._console,
                transient=True,
            )
            self._task = self._bar.add_task(
                self._label, total=self._total or None, completed=self._done
            )
            self._bar.start()


class ReadingDisplay(WorkDisplay):
    """The pipeline's `Progress` on stderr: a bar while the sheets are read (after a second,
    on a terminal), then — with `tell` — what was read (`tell_read`), then "Scoring"."""

    def __init__(self, console: Console, lang: str, *, tell: bool = True) -> None:
        from svccheck.i18n import tr

        super().__init__(console, tr(lang, "读取表格", "Reading sheets"))
        self._lang = lang
        self._tell = tell

    def files_read(self, done: int, total: int) -> None:
        self.update(done, total)

    def sheets_read(self, result: ReadResult) -> None:
        if self._tell:
            tell_read(result, self._lang, self._console)

    def scoring(self) -> None:
        from svccheck.i18n import tr

        self.phase(tr(self._lang, "评分", "Scoring"))


def color_wanted(output: Path | None) -> bool:
    """ANSI colours only for a terminal on stdout (and never with NO_COLOR or TERM=dumb)."""
    return (
        output is None
        and sys.stdout.isatty()
        and "NO_COLOR" not in os.environ
        and os.environ.get("TERM") != "dumb"
    )
