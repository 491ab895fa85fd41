"""Opening what the user named: folders walked, files checked, workbooks and csv files opened.

The kind of a file is told from its bytes, not its name: a zip is an xlsx/xlsm workbook, an
OLE2 container holding an `EncryptedPackage` is a password-protected workbook, another OLE2
file is a legacy .xls, text is csv. Before python-calamine opens a zip, the zip's declared
uncompressed sizes are added up and a workbook over MAX_UNCOMPRESSED is refused (a zip bomb
would otherwise exhaust memory). csv text is decoded as UTF-8 (with or without BOM), UTF-16
(with BOM) or GB18030 — from the bytes, never from the locale — and its delimiter sniffed.

Everything that goes wrong here raises InputError with a message naming the file; the reader
records it for that file and goes on with the others.

`ReadAhead` opens the next file while the reader works on this one: python-calamine parses a
sheet without holding the GIL, so on two cores the parse of file n + 1 overlaps the Python
work on file n (and the parse of the first file overlaps loading the library). A big sheet
is itself parsed on all cores, in slices of its rows (slices.py).
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from itertools import chain, islice
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Final
from xml.etree import ElementTree

from svccheck.errors import InputError
from svccheck.i18n import tr
from svccheck.sheets.slices import (
    MAX_SLICES,
    MIN_SLICED_BYTES,
    SlicedParse,
    cores,
    parse_sliced,
)

if TYPE_CHECKING:
    from python_calamine import CalamineWorkbook

SHEET_SUFFIXES: Final = (".xlsx", ".xlsm", ".xls", ".csv")
MAX_UNCOMPRESSED: Final = 500 * 1024 * 1024
"""The largest workbook (sum of its zip members' declared uncompressed sizes) svccheck opens."""

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_CSV_DELIMITERS = (",", "\t", ";")
_SNIFF_CHARS = 64 * 1024
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_WORKBOOK, _WORKBOOK_RELS = "xl/workbook.xml", "xl/_rels/workbook.xml.rels"
_PACKAGE_PARTS = ("[Content_Types].xml", "_rels/.rels", _WORKBOOK, _WORKBOOK_RELS)
_BROKEN_PART = (zipfile.BadZipFile, KeyError, StopIteration, ElementTree.ParseError, OSError)

Row = list[object]


class UnreadableFile(InputError):
    """An input file that cannot be read at all; `reason` says why (without the file name)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class UnreadableSheet(InputError):
    """A sheet of a readable workbook that calamine cannot load; `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class SheetSource:
    """One sheet ready to be read: its rows from row 1, list index = column index (A = 0)."""

    name: str
    hidden: bool
    rows: Callable[[], Iterator[Row]]
    # Cells holding a formula with no saved value (xlsx only; looked up on first use).
    formula_cells: Callable[[], frozenset[str]] = field(default=frozenset)
    ragged: bool = False  # csv rows end at their last value; a workbook's rows are all as wide
    # Parse the sheet now, ahead of `rows()` (a workbook's sheets; see ReadAhead).
    load: Callable[[], None] = field(default=lambda: None)


@dataclass
class Book:
    """An opened input file: a workbook's sheets, or a csv file as one sheet named after it."""

    path: Path
    sheets: list[SheetSource]
    close: Callable[[], None] = field(default=lambda: None)


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

    def start(self, path: Path) -> None:
        if path in self._pending:
            return
        if self._pool is None:
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


def discover(paths: Sequence[Path], lang: str) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Input files in the order given (folders walked recursively, sorted), and the paths that
    are not there or hold no sheet file (each with the reason)."""
    files: list[Path] = []
    problems: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if _is_sheet_file(p, path))
            if not found:
                problems.append(
                    (
                        path,
                        tr(
                            lang,
                            "文件夹中没有 .xlsx、.xlsm、.xls 或 .csv 文件",
                            "no .xlsx, .xlsm, .xls or .csv file in this folder",
                        ),
                    )
                )
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append((path, tr(lang, "文件或文件夹不存在", "no such file or folder")))
    return list(dict.fromkeys(files)), problems


def _is_sheet_file(path: Path, root: Path) -> bool:
    """Sheet files only: no hidden files or folders, no Office lock files (~$book.xlsx)."""
    parts = path.relative_to(root).parts
    hidden = any(part.startswith((".", "~$")) for part in parts)
    return not hidden and path.suffix.lower() in SHEET_SUFFIXES and path.is_file()


def open_book(path: Path, lang: str) -> Book:
    """Open one input file, whatever its name says, or raise UnreadableFile saying why not."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as error:
        raise UnreadableFile(
            path,
            tr(
                lang,
                "无法读取（{error}）",
                "cannot be read ({error})",
                error=error.strerror or error,
            ),
        ) from error
    if not head:
        raise UnreadableFile(path, tr(lang, "空文件", "empty file"))
    if head.startswith(_ZIP_MAGIC):
        _check_zip(path, lang)
        return _open_calamine(path, lang, xlsx=True)
    if head.startswith(_OLE2_MAGIC):
        return _open_ole2(path, lang)
    return _open_csv(path, lang)


def _check_zip(path: Path, lang: str) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            declared = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise UnreadableFile(
            path,
            tr(
                lang,
                "文件已损坏或不完整（不是完整的 xlsx/zip 文件）",
                "damaged or truncated workbook (not a complete xlsx/zip archive)",
            ),
        ) from error
    if declared > MAX_UNCOMPRESSED:
        raise UnreadableFile(
            path,
            tr(
                lang,
                "解压后大小 {size} MB 超过 {cap} MB 上限（疑似 zip 炸弹），未读取",
                "uncompressed size {size} MB exceeds the {cap} MB limit (a zip bomb?); not read",
                size=declared // 2**20,
                cap=MAX_UNCOMPRESSED // 2**20,
            ),
        )
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        raise UnreadableFile(
            path,
            tr(
                lang,
                "不是电子表格（zip 文件中没有 xl/workbook.xml）",
                "not a spreadsheet (a zip archive without xl/workbook.xml)",
            ),
        )


def _open_ole2(path: Path, lang: str) -> Book:
    # An encrypted xlsx is an OLE2 container with an EncryptedPackage stream, whatever its name.
    if _ENCRYPTED_STREAM in path.read_bytes():
        raise UnreadableFile(
            path,
            tr(
                lang,
                "工作簿设有打开密码（已加密）：请在 Excel 中取消密码后另存，再读取",
                "password-protected (encrypted) workbook: remove the password in Excel "
                "(File › Info › Protect Workbook) and save it again",
            ),
        )
    if path.suffix.lower() != ".xls":
        raise UnreadableFile(
            path,
            tr(
                lang,
                "这是旧版 Excel 97-2003（.xls）文件：请另存为 .xlsx",
                "a legacy Excel 97-2003 (.xls) workbook: save it as .xlsx",
            ),
        )
    return _open_calamine(path, lang, xlsx=False)


def _open_calamine(path: Path, lang: str, *, xlsx: bool) -> Book:
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetVisibleEnum

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except PasswordError as error:
        raise UnreadableFile(
            path,
            tr(lang, "工作簿设有打开密码（已加密）", "password-protected (encrypted) workbook"),
        ) from error
    except (CalamineError, OSError, ValueError) as error:
        raise UnreadableFile(
            path,
            tr(
                lang,
                "文件已损坏，无法读取（{error}）",
                "damaged workbook, cannot be read ({error})",
                error=error,
            ),
        ) from error
    parts = _XlsxParts(path) if xlsx else None
    sheets = []
    for meta in workbook.sheets_metadata:
        sheets.append(
            SheetSource(
                name=meta.name,
                hidden=meta.visible != SheetVisibleEnum.Visible,
                rows=(
                    sheet := _CalamineSheet(
                        workbook,
                        meta.name,
                        lang,
                        partial(parts.sliced, meta.name) if parts else None,
                    )
                ).rows,
                formula_cells=partial(parts.formula_cells, meta.name) if parts else frozenset,
                load=sheet.load,
            )
        )
    return Book(path=path, sheets=sheets, close=workbook.close)


class _CalamineSheet:
    """One sheet of a workbook: parsed by `load` (in any thread), read by `rows`.

    `sliced`, for an xlsx sheet, starts parsing a big sheet in slices on several cores
    (see slices.py) or returns None; the sheet is then parsed whole."""

    def __init__(
        self,
        workbook: CalamineWorkbook,
        name: str,
        lang: str,
        sliced: Callable[[], SlicedParse | None] | None = None,
    ) -> None:
        self.workbook, self.name, self.lang, self.sliced = workbook, name, lang, sliced
        # The parsed sheet, its slices being parsed, or the UnreadableSheet parsing raised.
        self.loaded: Any = None

    def load(self) -> None:
        if self.loaded is None:
            self.loaded = (self.sliced and self.sliced()) or self._parse()

    def _parse(self) -> Any:
        from python_calamine import CalamineError

        try:
            return self.workbook.get_sheet_by_name(self.name)
        except (CalamineError, ValueError) as error:
            problem = UnreadableSheet(
                tr(
                    self.lang,
                    "工作表无法读取（{error}）",
                    "the sheet cannot be read ({error})",
                    error=error,
                )
            )
            problem.__cause__ = error
            return problem

    def rows(self) -> Iterator[Row]:
        self.load()
        # Let go of the parsed sheet once its rows are read (a later call parses again).
        sheet, self.loaded = self.loaded, None
        if isinstance(sheet, SlicedParse):
            found = sheet.rows(misfit=self._unslice)
            return _unmerged(found, sheet.merged) if sheet.merged else found
        if isinstance(sheet, UnreadableSheet):
            raise sheet
        start = sheet.start
        offset = start[1] if start else 0
        found = iter(sheet.iter_rows())
        # iter_rows yields every row from row 1, but only the columns from the first one used:
        # pad on the left so that list index = column index whatever the sheet's shape.
        if offset:
            pad: Row = [""] * offset
            found = (pad + row for row in found)
        merged = sheet.merged_cell_ranges
        return _unmerged(found, merged) if merged else found

    def _unslice(self) -> None:
        self.sliced = None  # its slices did not fit: read again, the sheet is parsed whole


def _unmerged(
    rows: Iterator[Row], ranges: Sequence[tuple[tuple[int, int], tuple[int, int]]]
) -> Iterator[Row]:
    """Every cell of a merged range holds the range's value (the file keeps it top-left only):
    a date or branch merged down a block of rows belongs to each of those rows. Rows below the
    last merged range pass straight through."""
    fills: dict[int, list[tuple[int, int, int, int]]] = {}  # row → (first, last col, anchor)
    anchors_in: dict[int, list[int]] = {}  # row → columns holding a range's value
    for (r0, c0), (r1, c1) in ranges:
        anchors_in.setdefault(r0, []).append(c0)
        for r in range(r0, r1 + 1):
            fills.setdefault(r, []).append((c0 if r > r0 else c0 + 1, c1, r0, c0))
    last = max(fills)

    def filled() -> Iterator[Row]:
        anchors: dict[tuple[int, int], object] = {}
        for index, row in enumerate(islice(rows, last + 1)):
            for col in anchors_in.get(index, ()):
                anchors[(index, col)] = row[col] if col < len(row) else ""
            for first, end, r0, c0 in fills.get(index, ()):
                for col in range(first, min(end, len(row) - 1) + 1):
                    row[col] = anchors.get((r0, c0), "")
            yield row

    return chain(filled(), rows)


class _XlsxParts:
    """Reads an xlsx workbook's parts straight from the zip, for what calamine does not do:
    tell formula cells with no saved value (calamine shows them as empty; only asked when a
    needed cell is empty), and hand a big sheet's XML to slices.py."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._cache: dict[str, frozenset[str]] = {}

    def formula_cells(self, sheet: str) -> frozenset[str]:
        if sheet not in self._cache:
            try:
                self._cache[sheet] = self._scan(sheet)
            except _BROKEN_PART:
                self._cache[sheet] = frozenset()
        return self._cache[sheet]

    def sliced(self, sheet: str) -> SlicedParse | None:
        """Start parsing `sheet` in slices when it is big and there are cores to share it."""
        slices = min(cores(), MAX_SLICES)
        if slices < 2:
            return None
        try:
            with zipfile.ZipFile(self.path) as archive:
                if max(i.file_size for i in archive.infolist()) < MIN_SLICED_BYTES:
                    return None  # the usual case: no part of the workbook is that big
                rels = self._relationships(archive)
                member = self._sheet_member(archive, sheet, rels)
                if archive.getinfo(member).file_size < MIN_SLICED_BYTES:
                    return None
                parts = self._value_parts(archive, rels)
                return parse_sliced(archive, member, sheet, parts, slices)
        except _BROKEN_PART:
            return None  # the whole parse says what is wrong

    def _relationships(self, archive: zipfile.ZipFile) -> dict[str, tuple[str, str]]:
        """The workbook's relationships: id → (type, zip member)."""
        rels = ElementTree.fromstring(archive.read(_WORKBOOK_RELS))
        found = {}
        for rel in rels.iter(f"{_PKG_REL_NS}Relationship"):
            target = rel.get("Target", "")
            member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            found[rel.get("Id", "")] = (rel.get("Type", ""), str(PurePosixPath(member)))
        return found

    def _sheet_member(
        self, archive: zipfile.ZipFile, sheet: str, rels: dict[str, tuple[str, str]]
    ) -> str:
        workbook = ElementTree.fromstring(archive.read(_WORKBOOK))
        rel_id = next(
            s.get(f"{_REL_NS}id")
            for s in workbook.iter(f"{_MAIN_NS}sheet")
            if s.get("name") == sheet
        )
        return rels[rel_id or ""][1]

    def _value_parts(self, archive: zipfile.ZipFile, rels: dict[str, tuple[str, str]]) -> list[str]:
        """The members calamine needs to read a sheet's values, besides the sheet."""
        named = set(archive.namelist())
        wanted = [
            member for kind, member in rels.values() if kind.endswith(("/sharedStrings", "/styles"))
        ]
        return [m for m in (*_PACKAGE_PARTS, *wanted) if m in named]

    def _scan(self, sheet: str) -> frozenset[str]:
        found: set[str] = set()
        cell, formula, value = f"{_MAIN_NS}c", f"{_MAIN_NS}f", f"{_MAIN_NS}v"
        with (
            zipfile.ZipFile(self.path) as archive,
            archive.open(
                self._sheet_member(archive, sheet, self._relationships(archive))
            ) as stream,
        ):
            for _, element in ElementTree.iterparse(stream):
                if element.tag != cell:
                    continue
                saved = element.find(value)
                if element.find(formula) is not None and (saved is None or not saved.text):
                    found.add(element.get("r", ""))
                element.clear()
        return frozenset(found)


# --- csv ----------------------------------------------------------------------------------------


def decode_text(data: bytes, path: Path, lang: str) -> str:
    """UTF-8 (BOM or not), UTF-16 with BOM, else GB18030 — decided from the bytes."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise UnreadableFile(
            path,
            tr(
                lang,
                "不是电子表格（二进制文件，既非 xlsx 也非 csv）",
                "not a spreadsheet (a binary file, neither xlsx nor csv)",
            ),
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(
        path,
        tr(
            lang,
            "不是电子表格（文本编码既非 UTF-8 也非 GB18030）",
            "not a spreadsheet (text that is neither UTF-8 nor GB18030)",
        ),
    )


def sniff_delimiter(text: str) -> str:
    """Comma, tab or semicolon: whichever splits the first lines into the most fields."""
    lines = text[:_SNIFF_CHARS].splitlines()[:50]
    sample = "\n".join(lines)
    best, best_splits = ",", -1
    for delimiter in _CSV_DELIMITERS:
        splits = sum(len(row) - 1 for row in csv.reader(io.StringIO(sample), delimiter=delimiter))
        if splits > best_splits:
            best, best_splits = delimiter, splits
    return best


def _open_csv(path: Path, lang: str) -> Book:
    data = path.read_bytes()
    if data.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!", b"\x1f\x8b")):
        raise UnreadableFile(
            path,
            tr(
                lang,
                "不是电子表格（文件内容是{what}）",
                "not a spreadsheet (the file holds {what})",
                what=_magic_name(data, lang),
            ),
        )
    text = decode_text(data, path, lang)
    delimiter = sniff_delimiter(text)

    def rows() -> Iterator[Row]:
        return iter(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))  # type: ignore[arg-type]

    # Like Excel opening a csv file: one sheet, named after the file.
    return Book(
        path=path, sheets=[SheetSource(name=path.stem, hidden=False, rows=rows, ragged=True)]
    )


def _magic_name(data: bytes, lang: str) -> str:
    names = {
        b"%PDF": ("PDF 文档", "a PDF document"),
        b"\x89PNG": ("PNG 图片", "a PNG image"),
        b"\xff\xd8\xff": ("JPEG 图片", "a JPEG image"),
        b"GIF8": ("GIF 图片", "a GIF image"),
        b"Rar!": ("RAR 压缩包", "a RAR archive"),
        b"\x1f\x8b": ("gzip 压缩数据", "gzip data"),
    }
    for magic, (zh, en) in names.items():
        if data.startswith(magic):
            return tr(lang, zh, en)
    return tr(lang, "二进制数据", "binary data")
