"""Parse one big worksheet on several cores at once, in slices of its rows.

python-calamine parses a sheet on one core, at about 55 MB of sheet XML a second: a
200,000-row register (96 MB of XML) takes 1.7 s. It does not hold the GIL while it parses,
so the same sheet cut into slices parsed by one thread per core parses in about 1 / cores of
that time:

- the sheet's XML is inflated from the workbook as a stream and cut, into slices of about
  equal size, just before a `<row` tag that carries its row number (`r="…"`);
- each slice is the sheet's own head (everything up to `<sheetData>`), its rows, and a tail:
  the sheet's own (`</sheetData>` on: merged cells and the rest) for the last slice,
  `</sheetData>` and the closing root tag for the others. It is written uncompressed to a
  temporary workbook beside the parts that give cells their values (the workbook and its
  relationships, shared strings, styles), so the sheet's XML is never held in memory;
- calamine parses each slice as soon as it is written, each in its own thread, and the
  reader reads a slice's rows as soon as it is parsed, while the next ones still parse.
  calamine places cells by the file's own row numbers, so each slice's rows are read from
  the row after the previous slice's last one, the empty rows between them included. The
  merged ranges, which only the sheet's tail lists, are taken from the tail as it is cut.

The same parser reads the same cells, so the values are those of one whole parse (tests
compare them cell by cell). A sheet is parsed whole, as usual, when its XML is not plainly
rows (a comment, CDATA, DOCTYPE or processing instruction anywhere; a namespace prefix on
`<sheetData>` or `<row`; a row without its number where a cut falls). When a slice turns out
not to fit — calamine cannot parse it (the whole parse then says what is wrong with the file,
cell located), or it holds rows that belong before the previous slice's last one — its rows
raise ReadAgain: the reader throws away what it read of the sheet and reads it again, whole.

Only sheets of MIN_SLICED_BYTES of XML or more are sliced, on a machine with two cores or
more. The temporary workbooks (the sheet's size, uncompressed) are deleted as soon as they
are parsed.
"""

from __future__ import annotations

import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import chain, islice, repeat
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final, cast

from svccheck.model import column_index

if TYPE_CHECKING:
    from python_calamine import CalamineSheet

MIN_SLICED_BYTES: Final = 8 * 2**20
"""Smaller sheets (under ~17,000 register rows) parse in 0.15 s or less: not worth it."""
MAX_THREADS: Final = 4
SLICES_PER_THREAD: Final = 3
"""A sheet is cut into three slices per thread parsing them: the reader starts on the first
slice's rows once a third of a thread's share is parsed, not all of it, and works through
them while the threads parse the rest (the 200k-row register read in ~5 % less time)."""
CHUNK: Final = 4 * 2**20
"""Bytes of sheet XML inflated at a time."""

Row = list[object]
MergedRanges = list[tuple[tuple[int, int], tuple[int, int]]]

_ROWS_BEGIN, _ROWS_END, _ROW = b"<sheetData>", b"</sheetData>", b"<row"
_KEEP = len(_ROWS_END) - 1  # bytes held back from each chunk: a tag may go on in the next
_HEAD_MAX = 2**20  # `<sheetData>` comes within the first MB of a plain sheet
_NUMBERED = re.compile(rb"\sr\s*=")
_ROOT = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_MERGED = re.compile(rb"<mergeCell\s[^>]*?\bref\s*=\s*[\"']\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)")


class NotPlain(Exception):
    """The sheet's XML is not plainly rows: it is parsed whole."""


class ReadAgain(Exception):
    """A slice does not fit with the ones before it: what was read of the sheet must be
    thrown away and the sheet read again, parsed whole."""


def cores() -> int:
    """The CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class SlicedParse:
    """One sheet's slices, parsing in threads: `rows()` gives its rows as one parse would,
    each slice's as soon as it is parsed; `merged` its merged ranges."""

    def __init__(self, futures: list[Future[CalamineSheet]], merged: MergedRanges) -> None:
        self._futures, self.merged = futures, merged

    def rows(self, misfit: Callable[[], None]) -> Iterator[Row]:
        """The sheet's rows from row 1, list index = column index. Raises ReadAgain, after
        calling `misfit`, when a slice cannot be parsed or has rows before the previous
        slice's last one. (Rows pass through C iterators only: no Python code per row.)"""
        return chain.from_iterable(self._slices(misfit))

    def _slices(self, misfit: Callable[[], None]) -> Iterator[Iterator[Row]]:
        after = width = 0  # the next row to read; the widest slice so far
        for future in self._futures:
            try:
                sheet = future.result()
            except Exception as error:  # calamine's own: the whole parse reports it, located
                misfit()
                raise ReadAgain from error
            start, end = sheet.start, sheet.end
            if start is None or end is None:
                continue  # a slice of empty rows
            if start[0] < after:  # rows out of order: the whole parse puts them in place
                misfit()
                raise ReadAgain
            (_, first_col), (last_row, last_col) = start, end
            # Rows are as wide as the widest slice so far, so data rows are never narrower
            # than the header above them (a row may end sooner than in a whole parse, which
            # makes every row as wide as the widest: the cells it lacks are empty ones).
            # iter_rows yields every row from row 1, the columns from the slice's first one.
            width = max(width, last_col + 1)
            rows: Iterator[Row] = islice(cast(Iterator[Row], sheet.iter_rows()), after, None)
            if first_col:
                rows = map(list.__add__, repeat([""] * first_col), rows)
            if last_col < width - 1:
                rows = map(list.__add__, rows, repeat([""] * (width - 1 - last_col)))
            yield rows
            after = last_row + 1


def merged_ranges(tail: bytes) -> MergedRanges:
    """The merged ranges a sheet's tail lists, as calamine gives them: ((first row, first
    column), (last row, last column)), 0-based."""
    return [
        ((int(r0) - 1, column_index(c0.decode())), (int(r1) - 1, column_index(c1.decode())))
        for c0, r0, c1, r1 in _MERGED.findall(tail)
    ]


def parse_sliced(
    archive: zipfile.ZipFile,
    member: str,
    name: str,
    parts: Sequence[str],
    slices: int,
    threads: int | None = None,
) -> SlicedParse | None:
    """Start parsing sheet `name` (the zip member `member`), cut into up to `slices` slices,
    in `threads` threads (default: one per slice); each slice's workbook holds `parts` of
    `archive` besides the sheet. None when the sheet's XML is not plainly rows, or cuts into
    one slice only: parse it whole.

    Each slice's temporary workbook is deleted by the thread that parses it, once parsed,
    whether or not its rows are ever read."""
    writer = _SliceWriter(archive, parts, member)
    pool = ThreadPoolExecutor(max_workers=threads or slices, thread_name_prefix="svccheck-slice")
    started: list[tuple[Future[CalamineSheet], Path]] = []
    plain = True
    merged: MergedRanges = []
    try:
        with archive.open(member) as stream:
            for path, tail in _cut(stream, archive.getinfo(member).file_size, slices, writer):
                started.append((pool.submit(_parse_slice, path, name), path))
                if tail:
                    merged = merged_ranges(tail)
    except (NotPlain, OSError, zipfile.BadZipFile, ValueError):
        plain = False
    finally:
        writer.close()
        pool.shutdown(wait=False)  # the threads end with their slice
    if plain and len(started) > 1:
        return SlicedParse([future for future, _ in started], merged)
    for future, path in started:
        if future.cancel():
            path.unlink()  # never to be parsed
        else:
            future.exception()  # let a parse already started end (and delete its file)
    return None


def _cut(
    stream: IO[bytes], size: int, slices: int, writer: _SliceWriter
) -> Iterator[tuple[Path, bytes]]:
    """Stream the sheet's XML into `slices` slice workbooks, yielding each one written with
    the sheet's tail (`</sheetData>` on) for the last one, b"" for the others.

    Raises NotPlain when the XML is not plainly rows (see the module's docstring)."""
    head = b""
    while (at := head.find(_ROWS_BEGIN)) < 0:
        chunk = stream.read(CHUNK)
        if not chunk or len(head) > _HEAD_MAX:
            raise NotPlain
        head += chunk
    at += len(_ROWS_BEGIN)
    head, pending = head[:at], head[at:]
    _check_plain(head, 2)  # from 2: the XML declaration is the one `<?` allowed
    root = _ROOT.search(head, head.find(b"?>") + 2 if head.startswith(b"<?") else 0)
    if root is None:
        raise NotPlain
    closing = b"%s</%s>" % (_ROWS_END, root[1])
    writer.open(head)
    written = len(head)  # bytes of the sheet's XML taken so far
    # Where the next cut should fall: the rows shared out evenly by size.
    share = max((size - written) // slices, 1)
    target = written + share
    last = b""  # the byte before `pending`, to see a tag cut by the chunk boundary
    while True:
        chunk = stream.read(CHUNK)
        pending += chunk
        _check_plain(last + pending, 1)
        end = pending.find(_ROWS_END)
        rows = pending[:end] if end >= 0 else pending[: len(pending) - _KEEP] if chunk else pending
        # Cut before the first `<row` at or after the target.
        while writer.count < slices and written + len(rows) > target:
            at = rows.find(_ROW, max(target - written, 0))
            if at < 0:
                break
            close = rows.find(b">", at)
            if close < 0:
                rows = rows[:at]  # the tag goes on in the next chunk: hold it back
                break
            if rows[at + 4] not in b" \t\r\n" or not _NUMBERED.search(rows, at, close):
                raise NotPlain
            writer.write(rows[:at])
            yield writer.finish(closing), b""
            writer.open(head)
            written, rows, pending = written + at, rows[at:], pending[at:]
            target = written + share
        writer.write(rows)
        written += len(rows)
        last, pending = rows[-1:] or last, pending[len(rows) :]
        if end >= 0:
            tail = pending + stream.read()  # a sheet's tail is small: merged cells and so on
            _check_plain(last + tail, 1)
            yield writer.finish(tail), tail
            return
        if not chunk:
            raise NotPlain  # no `</sheetData>`: let the whole parse say what is wrong


def _check_plain(xml: bytes, start: int) -> None:
    """Raise NotPlain if `<!` (comment, CDATA, DOCTYPE) or `<?` (processing instruction) is
    in `xml` from `start`. Looks for the rare byte, not the frequent `<`: ten times faster."""
    for mark in (b"!", b"?"):
        at = xml.find(mark, start)
        while at >= 0:
            if xml[at - 1] == 0x3C:  # "<"
                raise NotPlain
            at = xml.find(mark, at + 1)


class _SliceWriter:
    """Writes slice workbooks to temporary files: `open(head)`, `write(rows)`…, then
    `finish(tail)` hands the file over. `close()` deletes a slice left unfinished."""

    def __init__(self, source: zipfile.ZipFile, parts: Sequence[str], member: str) -> None:
        self.parts = [(part, source.read(part)) for part in parts]
        self.member = member
        self.count = 0  # slices opened
        self._open: tuple[Path, IO[bytes], zipfile.ZipFile, IO[bytes]] | None = None

    def open(self, head: bytes) -> None:
        self.count += 1
        handle, name = tempfile.mkstemp(prefix="svccheck-slice-", suffix=".xlsx")
        path, file = Path(name), os.fdopen(handle, "w+b")
        try:
            book = zipfile.ZipFile(file, "w", zipfile.ZIP_STORED)
            for part, data in self.parts:
                book.writestr(part, data)
            self._open = (path, file, book, book.open(self.member, "w"))
        except BaseException:
            file.close()
            path.unlink()
            raise
        self.write(head)

    def write(self, rows: bytes) -> None:
        assert self._open is not None
        self._open[3].write(rows)

    def finish(self, tail: bytes) -> Path:
        assert self._open is not None
        path = self._open[0]
        self.write(tail)
        self._close()
        return path

    def close(self) -> None:
        if self._open is not None:
            path = self._open[0]
            self._close()
            path.unlink()

    def _close(self) -> None:
        assert self._open is not None
        _, file, book, sheet = self._open
        self._open = None
        sheet.close()
        book.close()
        file.close()


def _parse_slice(path: Path, name: str) -> CalamineSheet:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        try:
            return workbook.get_sheet_by_name(name)
        finally:
            workbook.close()
    finally:
        path.unlink()
