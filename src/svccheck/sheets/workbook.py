"""Workbooks (xlsx, xlsm, legacy .xls) opened with python-calamine, sheet by sheet.

Each sheet is parsed by its `load` — in any thread: calamine parses without holding the GIL,
which is what readahead.py overlaps — and read by its `rows`, which pads each row on the left so
that list index = column index, and gives every cell of a merged range the range's value.

For what calamine does not do, an xlsx workbook's parts are read straight from the zip
(`_XlsxParts`): the cells holding a formula with no saved value (calamine shows them as empty),
and a big sheet's XML, handed to slices.py to be parsed on all cores in slices of its rows.

This module is the one place python-calamine is called (slices.py aside, whose slices are
read through `_CalamineSheet.rows` too). calamine reports some bad input by panicking — a
PanicException, which is a BaseException, not an Exception (a date-formatted cell holding the
serial -4.4e234, say): the workbook's opening, each sheet's parse and every row read turn a
panic into UnreadableFile / UnreadableSheet, saying where (and, by the panic's text, whether a
value or the file's structure is at fault). Sheets guard.check_xlsx refused
(too big a cell range, damaged data) are never given to calamine.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from itertools import chain, count, islice
from operator import itemgetter
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Final
from xml.etree import ElementTree

from svccheck.i18n import tr
from svccheck.sheets.book import (
    Book,
    Row,
    SheetSource,
    UnreadableFile,
    UnreadableSheet,
    UnreadCells,
)
from svccheck.sheets.guard import MAX_CELLS, may_hold_error, may_hold_formula
from svccheck.sheets.slices import (
    MAX_THREADS,
    MIN_SLICED_BYTES,
    SLICES_PER_THREAD,
    SlicedParse,
    cores,
    parse_sliced,
)

if TYPE_CHECKING:
    from python_calamine import CalamineWorkbook

    from svccheck.sheets.guard import XlsxFacts

_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_WORKBOOK, _WORKBOOK_RELS = "xl/workbook.xml", "xl/_rels/workbook.xml.rels"
_PACKAGE_PARTS = ("[Content_Types].xml", "_rels/.rels", _WORKBOOK, _WORKBOOK_RELS)
_BROKEN_PART = (
    zipfile.BadZipFile,
    KeyError,
    StopIteration,
    ElementTree.ParseError,
    OSError,
    zlib.error,
    EOFError,
    ValueError,
)


def is_panic(error: BaseException) -> bool:
    """A Rust panic inside python-calamine (pyo3's PanicException: a BaseException)."""
    return type(error).__name__ == "PanicException" and not isinstance(
        error, (Exception, KeyboardInterrupt, SystemExit, GeneratorExit)
    )


# A panic calamine raises converting a value (chrono's "TimeDelta::milliseconds out of bounds"
# for a date serial of -4.4e234, an overflow): the hint then points at a cell's value. Any other
# panic (an index past a slice's end, say) is about the file's structure.
_VALUE_PANIC = re.compile(r"time ?delta|duration|date|\btime\b|overflow", re.IGNORECASE)


def _panic_reason(lang: str, error: BaseException) -> str:
    text = str(error) or type(error).__name__
    if _VALUE_PANIC.search(text):
        return tr(
            lang,
            "读取时出错（calamine：{error}），可能有超出范围的日期或数值",
            "cannot be read (calamine failed: {error}); a date or number out of range?",
            error=text,
        )
    return tr(
        lang,
        "文件已损坏或不完整（calamine：{error}）",
        "damaged or truncated workbook (calamine failed: {error})",
        error=text,
    )


def open_workbook(path: Path, lang: str, *, xlsx: bool, facts: XlsxFacts | None = None) -> Book:
    """An xlsx/xlsm (`xlsx`) or legacy .xls workbook, its sheets parsed when first read.

    `facts`: what guard.check_xlsx found in the zip (sniff.py asks it first). The declared
    size of its largest member: no sheet is big enough to slice below MIN_SLICED_BYTES, and
    a folder of small workbooks then never reads a zip directory again. The sheets it
    refused (name → why): reading one raises UnreadableSheet saying why, and calamine never
    parses it. Each sheet's member, and the sheets with no formula or whose XML it kept: the
    formula scan then needs no second look into the zip."""
    try:
        return _open_workbook(path, lang, xlsx, facts)
    except BaseException as error:
        if is_panic(error):
            raise UnreadableFile(path, _panic_reason(lang, error)) from error
        raise


def _open_workbook(path: Path, lang: str, xlsx: bool, facts: XlsxFacts | None) -> Book:
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
    parts = _XlsxParts(path, facts) if xlsx else None
    refused = facts.refused if facts is not None else {}
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
                        where=f"{path} › {meta.name}",
                        refused=refused.get(meta.name, ""),
                    )
                ).rows,
                formula_cells=partial(parts.formula_cells, meta.name) if parts else frozenset,
                may_be_unread=partial(parts.may_be_unread, meta.name) if parts else _maybe,
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
        where: str = "",
        refused: str = "",
    ) -> None:
        self.workbook, self.name, self.lang, self.sliced = workbook, name, lang, sliced
        self.where = where  # "file › sheet", for an error that goes on up unrecorded
        # The parsed sheet, its slices being parsed, or the UnreadableSheet parsing raised.
        self.loaded: Any = UnreadableSheet(refused) if refused else None

    def load(self) -> None:
        if self.loaded is None:
            try:
                self.loaded = (self.sliced and self.sliced()) or self._parse()
            except BaseException as error:
                if not is_panic(error):
                    raise
                self.loaded = self._problem(_panic_reason(self.lang, error), error)

    def _problem(self, reason: str, cause: BaseException) -> UnreadableSheet:
        problem = UnreadableSheet(reason)
        problem.__cause__ = cause
        return problem

    def _parse(self) -> Any:
        from python_calamine import CalamineError

        try:
            return self.workbook.get_sheet_by_name(self.name)
        except (CalamineError, ValueError) as error:
            return self._problem(
                tr(
                    self.lang,
                    "工作表无法读取（{error}）",
                    "the sheet cannot be read ({error})",
                    error=error,
                ),
                error,
            )

    def rows(self) -> Iterator[Row]:
        self.load()
        if isinstance(self.loaded, UnreadableSheet):
            raise self.loaded  # kept: reading the sheet again says the same
        # Let go of the parsed sheet once its rows are read (a later call parses again).
        sheet, self.loaded = self.loaded, None
        try:
            found = self._rows(sheet)
        except BaseException as error:
            if not is_panic(error):
                raise
            raise self._problem(_panic_reason(self.lang, error), error) from error
        return self._guarded(found)

    def _guarded(self, rows: Iterator[Row]) -> Iterator[Row]:
        """The rows, a calamine panic while reading them turned into UnreadableSheet naming
        the row (and, past the first rows, the file and sheet: nobody may record it)."""
        # Counted in C (zip advances `counter` before each row is taken), so the guard costs
        # next to nothing per row: the rows read before a panic are next(counter) - 1.
        counter = count()
        try:
            yield from map(itemgetter(1), zip(counter, rows, strict=False))
        except BaseException as error:
            if not is_panic(error):
                raise
            reason = tr(
                self.lang,
                "第 {row} 行{why}",
                "row {row}: {why}",
                row=next(counter),
                why=_panic_reason(self.lang, error),
            )
            raise UnreadableSheet(reason, self.where) from error

    def _rows(self, sheet: Any) -> Iterator[Row]:
        if isinstance(sheet, SlicedParse):
            found = sheet.rows(misfit=self._unslice)
            return self._merges_filled(found, sheet.merged, None) if sheet.merged else found
        start = sheet.start
        offset = start[1] if start else 0
        found = iter(sheet.iter_rows())
        # iter_rows yields every row from row 1, but only the columns from the first one used:
        # pad on the left so that list index = column index whatever the sheet's shape.
        if offset:
            pad: Row = [""] * offset
            found = (pad + row for row in found)
        merged = sheet.merged_cell_ranges
        return self._merges_filled(found, merged, sheet.end) if merged else found

    def _merges_filled(
        self,
        rows: Iterator[Row],
        ranges: Sequence[tuple[tuple[int, int], tuple[int, int]]],
        end: tuple[int, int] | None,
    ) -> Iterator[Row]:
        """`_unmerged`, each range cut to the cells the sheet holds (`end`: its last row and
        column, when known) — a range may cover whole columns, and 220 of them, in a 5 KB file,
        made 230 million cells to fill. Merged ranges covering more cells than a sheet may hold
        (guard.MAX_CELLS) are refused."""
        if end is not None:
            last_row, last_col = end
            ranges = [
                ((r0, c0), (min(r1, last_row), min(c1, last_col)))
                for (r0, c0), (r1, c1) in ranges
                if r0 <= last_row and c0 <= last_col
            ]
        covered = sum((r1 - r0 + 1) * (c1 - c0 + 1) for (r0, c0), (r1, c1) in ranges)
        if covered > MAX_CELLS:
            raise UnreadableSheet(
                tr(
                    self.lang,
                    "合并单元格共覆盖 {n} 个单元格，超过上限 {limit}；未读取",
                    "its merged ranges cover {n} cells, over the limit of {limit}; not read",
                    n=f"{covered:,}",
                    limit=f"{MAX_CELLS:,}",
                ),
                self.where,
            )
        return _unmerged(rows, ranges) if ranges else rows

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
    touched = sorted(fills)  # (each range's anchor row is among the rows it fills)

    def pieces() -> Iterator[Iterable[Row]]:
        # Rows between the touched ones pass through as islices: no Python runs per such row.
        anchors: dict[tuple[int, int], object] = {}
        at = 0  # the index of the next row `rows` gives
        for index in touched:
            if index > at:
                yield islice(rows, index - at)
            row = next(rows, None)
            if row is None:
                return
            at = index + 1
            for col in anchors_in.get(index, ()):
                anchors[(index, col)] = row[col] if col < len(row) else ""
            for first, end, r0, c0 in fills[index]:
                for col in range(first, min(end, len(row) - 1) + 1):
                    row[col] = anchors.get((r0, c0), "")
            yield (row,)
        yield rows

    return chain.from_iterable(pieces())


class _XlsxParts:
    """Reads an xlsx workbook's parts straight from the zip, for what calamine does not do:
    tell formula cells with no saved value (calamine shows them as empty; only asked when a
    needed cell is empty), and hand a big sheet's XML to slices.py."""

    def __init__(self, path: Path, facts: XlsxFacts | None = None) -> None:
        self.path = path
        # declared size of the zip's largest member, if known
        self.largest_part = facts.largest if facts is not None else None
        self.facts = facts
        self._cache: dict[str, frozenset[str]] = {}

    def formula_cells(self, sheet: str) -> frozenset[str]:
        if sheet not in self._cache:
            facts = self.facts
            try:
                if facts is not None and sheet in facts.formula_free:
                    self._cache[sheet] = frozenset()
                elif facts is not None and sheet in facts.xml:
                    self._cache[sheet] = _formula_cells_in(facts.xml.pop(sheet))
                else:
                    self._cache[sheet] = self._scan(sheet)
            except _BROKEN_PART:
                self._cache[sheet] = frozenset()
        return self._cache[sheet]

    def may_be_unread(self, sheet: str, rows: Iterable[int]) -> bool:
        """May a cell of these rows hold a formula with no saved value or an error value?
        Told from the XML the guard kept, row by row (a few searches in C), without the
        whole-sheet scan of `formula_cells`; True when it cannot be told so."""
        numbers = set(rows)
        if not numbers:
            return False
        facts = self.facts
        if sheet in self._cache:
            return bool(self._cache[sheet])
        if facts is not None and sheet in facts.formula_free:
            return False
        data = facts.xml.get(sheet) if facts is not None else None
        if data is None or data.find(b"<worksheet", 0, 1024) < 0 or b'<row r="' not in data:
            return True  # not kept, tags under a namespace prefix, or rows without numbers
        return _rows_may_be_unread(data, numbers)

    def sliced(self, sheet: str) -> SlicedParse | None:
        """Start parsing `sheet` in slices when it is big and there are cores to share it."""
        if self.largest_part is not None and self.largest_part < MIN_SLICED_BYTES:
            return None  # the usual case, told without opening the zip again
        threads = min(cores(), MAX_THREADS)
        if threads < 2:
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
                slices = threads * SLICES_PER_THREAD
                return parse_sliced(archive, member, sheet, parts, slices, threads)
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
        with zipfile.ZipFile(self.path) as archive:
            member = self.facts.members.get(sheet) if self.facts is not None else None
            if member is None:
                member = self._sheet_member(archive, sheet, self._relationships(archive))
            data = archive.read(member)
        return _formula_cells_in(data)


# Every formula as Excel, xlsxwriter and LibreOffice save it: the cell's first child, its saved
# value right after it — `<c …><f>…</f><v>0</v>`, or a shared formula's `<f …/><v>0</v>`. Told
# from each `<f` tag: what follows it (`_SAVED_AFTER`, from the tag on) and the tag just before
# it (`_CELL_START`, from the last `<` before it up to it).
_SAVED_AFTER = re.compile(rb"(?:<f(?:\s[^<>]*)?>[^<]*</f>|<f(?:\s[^<>]*)?/>)<v>[^<]")
_CELL_START = re.compile(rb"<c(?:\s[^<>]*[^/<>])?>")
_FORMULA_TAG = re.compile(rb"<f[\s/>]")
_PREFIXED_CFV = re.compile(rb":[cfv][\s/>]")


def all_formulas_saved(data: bytes) -> bool:
    """Does every formula of a worksheet's XML surely carry a saved value? True only when
    every `<f` tag (and so every formula element) is its cell's first child followed at once by
    a `<v>` with text, and no c, f or v tag has a namespace prefix. Then no cell holds a
    formula without a saved value — the tree parse below would find none — because, in
    well-formed XML, `<` starts markup only: the tag just before such an `<f` is its cell's
    start tag (named c, not self-closing), the `<v>` right after its end is the cell's first v
    child, in the cell's namespace, and its text is not empty. XML that is not well formed
    makes the parse fail, which reads as no formula cell too. False: parse to find out.

    Each `<f` tag is looked at where it is (a sheet holds a few dozen), not every cell's start
    tag searched for one followed by a formula: the same answer, without a regex trying each
    of a sheet's thousands of `<c`."""
    if _PREFIXED_CFV.search(data) is not None:
        return False
    for tag in _FORMULA_TAG.finditer(data):
        at = tag.start()
        if _SAVED_AFTER.match(data, at) is None:
            return False
        start = data.rfind(b"<", 0, at)
        if start < 0 or _CELL_START.fullmatch(data, start, at) is None:
            return False
    return True


_TREE_BYTES: Final = 4 * 2**20
"""Sheet XML up to this size is parsed into a tree for the formula scan (in C, 5× faster
than walking it event by event); a bigger sheet is walked, never held whole as a tree."""


def _formula_cells_in(data: bytes) -> frozenset[str]:
    """The cells of a worksheet's XML that read as empty but are not: a formula with no saved
    value, an error value (an UnreadCells when any; ElementTree's errors go on up: a damaged
    sheet)."""
    # Most sheets hold no formula and no error at all: a search in C answers for them, and the
    # sheet is parsed only when one may be there (<f>, or <x:f> under a prefix; t="e").
    errors_held = may_hold_error(data)
    if not errors_held and (not may_hold_formula(data) or all_formulas_saved(data)):
        return frozenset()
    found: set[str] = set()
    errors: dict[str, str] = {}
    if len(data) <= _TREE_BYTES:
        for element in ElementTree.fromstring(data).iter(_CELL_TAG):
            _unread(element, found, errors)
    else:
        with io.BytesIO(data) as stream:
            for _, element in ElementTree.iterparse(stream):
                if element.tag == _CELL_TAG:
                    _unread(element, found, errors)
                    element.clear()
    return UnreadCells(found, errors) if found or errors else frozenset()


def _maybe(rows: Iterable[int]) -> bool:
    return True


def _rows_may_be_unread(data: bytes, numbers: set[int]) -> bool:
    """Does a row of a worksheet's XML among `numbers` hold a formula or an error value?
    (Not whether the formula has its saved value: `formula_cells` says that.) The XML is cut
    at each row's start tag as Excel, LibreOffice, openpyxl and xlsxwriter write it, number
    first (`<row r="12"`), in one pass in C; a blank row is most often missing from the XML
    (nothing to look at), and one that is there is looked into up to its end tag."""
    wanted = {b"%d" % number for number in numbers}
    for part in data.split(b'<row r="')[1:]:
        if part[: part.find(b'"')] in wanted:
            tag_end = part.find(b">")
            if part[tag_end - 1 : tag_end] == b"/":
                continue  # <row r="12" …/>: no cells
            cells = part[tag_end : part.find(b"</row>")]
            if b"<f" in cells or may_hold_error(cells):
                return True
    return False


_CELL_TAG, _FORMULA_TAG_NS, _VALUE_TAG = f"{_MAIN_NS}c", f"{_MAIN_NS}f", f"{_MAIN_NS}v"


def _unread(element: ElementTree.Element, found: set[str], errors: dict[str, str]) -> None:
    """Note a cell element that reads as empty but is not: a formula with no saved value
    (in `found`), an error value (in `errors`, with its text: "#N/A")."""
    saved = element.find(_VALUE_TAG)
    if element.get("t") == "e":
        errors[element.get("r", "")] = (saved.text if saved is not None else None) or "#N/A"
    elif element.find(_FORMULA_TAG_NS) is not None and (saved is None or not saved.text):
        found.add(element.get("r", ""))
