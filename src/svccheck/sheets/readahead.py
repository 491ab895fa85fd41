"""Reading ahead: the next input file opened and parsed in a background thread.

python-calamine parses a sheet without holding the GIL, so on two cores the parse of file n + 1
overlaps the Python work on file n (and the parse of the first file overlaps loading the
library). A big sheet is itself parsed on all cores, in slices of its rows (slices.py).
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

from svccheck.fast import quick_handover
from svccheck.sheets.book import Book
from svccheck.sheets.sniff import open_book


class ReadAhead:
    """Opens input files ahead of the reader, one at a time, in a background thread.

    `start(path)` opens the file as `open_book` does (same checks, same errors) and parses
    its visible sheets; `take(path)` hands the book over, raising what opening it raised —
    or opens it there and then when it was not started. At most the started files are held.
    `open_here(path)` does the same in the calling thread (to overlap work done elsewhere).

    Only worth it when there is work to overlap: a sheet parsed in another thread allocates
    from a fresh malloc arena (page faults) and takes ~2 % longer than in the main thread.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._pool: ThreadPoolExecutor | None = None
        self._pending: dict[Path, Future[Book]] = {}
        self._handover = ExitStack()  # the GIL handed over quickly while the thread runs
        # What a reader keeps across the files read through this ReadAhead — the run's parse
        # caches and header memo (reader.py) — so that a caller reading file by file (ingest)
        # does not start them afresh for every file.
        self.memo: dict[str, object] = {}

    def start(self, path: Path) -> None:
        if path in self._pending:
            return
        if self._pool is None:
            self._handover.enter_context(quick_handover())
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="svccheck-read")
        self._pending[path] = self._pool.submit(_open_loaded, path, self.lang)

    def open_here(self, path: Path) -> None:
        if path in self._pending:
            return
        future: Future[Book] = Future()
        try:
            future.set_result(_open_loaded(path, self.lang))
        except Exception as error:  # raised again when the file is taken, as by start()
            future.set_exception(error)
        self._pending[path] = future

    def take(self, path: Path) -> Book:
        future = self._pending.pop(path, None)
        return open_book(path, self.lang) if future is None else future.result()

    def drop(self, path: Path) -> None:
        """Let go of a file started and not wanted after all."""
        future = self._pending.pop(path, None)
        if future is not None and not future.cancel() and future.exception() is None:
            future.result().close()

    def close(self) -> None:
        """Let go of files started and not taken, and of the thread."""
        for path in list(self._pending):
            self.drop(path)
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
        self._handover.close()

    def __enter__(self) -> ReadAhead:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _open_loaded(path: Path, lang: str) -> Book:
    book = open_book(path, lang)
    for sheet in book.sheets:
        if not sheet.hidden:
            sheet.load()
    return book
