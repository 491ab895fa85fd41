"""The guarded way into a legacy .xls: what is checked in its bytes before calamine reads it.

An .xls is an OLE2 compound file (a little FAT file system of 512- or 4096-byte sectors) whose
`Workbook` stream holds BIFF records. calamine reads the container and then parses every sheet
of the workbook at once, when the file is opened, and some damage or lies in either make it
abort the process (no handler runs: a folder's other files are lost with it) or panic:

- the container: a sector, FAT, DIFAT or directory chain pointing past the end of the file
  (a truncated file: calamine panics slicing a short sector), a chain that loops (calamine
  follows it for ever, growing), FAT or mini FAT sizes that make it reserve gigabytes;
- the records: a sheet's `DIMENSIONS` record, for whose rectangle calamine reserves room
  before it reads a cell, and its cell records, whose rectangle calamine allocates whole: one
  NUMBER record at row 65,536, column 65,536 beside A1 asks for 137 GB.

So the container is walked here as calamine walks it, every sector it would touch checked to
lie whole inside the file, and each sheet's records are walked by their 4-byte headers (a few
milliseconds for a big sheet) for the last row and column its cells use and the range its
DIMENSIONS declares: a sheet over guard.MAX_CELLS — the limit an xlsx sheet has, counted
from A1 — is refused by name, and with it the file (calamine cannot open a workbook without
parsing all its sheets). A damaged container is refused as a damaged or truncated workbook.
Whatever calamine would refuse by itself with an error (a missing stream, a record cut short)
is left to it.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from svccheck.i18n import tr
from svccheck.sheets.book import UnreadableFile
from svccheck.sheets.guard import MAX_CELLS, MAX_UNCOMPRESSED, too_big

_END_OF_CHAIN: Final = 0xFFFF_FFFE
_DIFAT_SECTOR: Final = 0xFFFF_FFFC  # FAT entries at or above it name no sector
_RESERVED: Final = 0xFFFF_FFFA  # a DIFAT chain ends at any id at or above it
_MINI_SECTOR: Final = 64
_MINI_CUTOFF: Final = 4096  # a stream shorter than this lives in the mini stream
_ENTRY: Final = 128  # bytes of a directory entry
# The streams calamine looks for, in its order.
_STREAMS: Final = ("Workbook", "Book", "WORKBOOK", "BOOK")

# BIFF record types.
_BOF, _EOF, _BOUNDSHEET, _FILEPASS, _DIMENSIONS = 0x0809, 0x000A, 0x0085, 0x002F, 0x0200
_MULRK: Final = 0x00BD
# The records calamine makes a cell of, each starting with its row and column (u16 each):
# NUMBER, LABEL, RSTRING, BOOLERR, RK, LABELSST, FORMULA (and MULRK, a run of RK cells).
_CELLS: Final = frozenset({0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006})
_HEADER = struct.Struct("<HH")


class _Damaged(Exception):
    """The container is not whole: calamine would panic, loop or fail reading it."""


def check_xls(path: Path, data: bytes, lang: str) -> None:
    """Check a legacy .xls (its bytes: `data`) as the module's docstring says; UnreadableFile
    naming the sheet that is too big, or saying the file is damaged."""
    try:
        stream = _workbook_stream(data)
        sheets = _sheet_extents(stream) if stream is not None else iter(())
        for sheet, declared, rows, cols in sheets:
            if rows * cols > MAX_CELLS:
                if declared:
                    what = tr(lang, "声明的范围", "declared range")
                else:
                    what = tr(lang, "单元格范围", "cell range")
                raise UnreadableFile(
                    path,
                    tr(
                        lang,
                        "工作表 {sheet}：{why}",
                        "sheet {sheet}: {why}",
                        sheet=sheet,
                        why=too_big(lang, what, rows, cols),
                    ),
                )
    except _Damaged as error:
        raise UnreadableFile(
            path,
            tr(
                lang,
                "文件已损坏或不完整（不是完整的 .xls 文件）",
                "damaged or truncated workbook (not a complete .xls file)",
            ),
        ) from error


def _workbook_stream(data: bytes) -> bytes | None:
    """The workbook stream of an OLE2 file, read the way calamine reads it (cfb.rs), or None
    when there is none (calamine says so itself); _Damaged where calamine would go wrong."""
    if len(data) < 512:
        raise _Damaged("shorter than an OLE2 header")
    shift, mini_shift = struct.unpack_from("<HH", data, 30)
    if shift not in (9, 12) or mini_shift != 6:
        raise _Damaged("sector sizes")
    size = 1 << shift
    sectors = len(data) // size - 1  # whole sectors after the header (which takes one)
    version = struct.unpack_from("<H", data, 26)[0]
    fat_len, dir_start = struct.unpack_from("<II", data, 44)
    mini_fat_start, mini_fat_len, difat_start = struct.unpack_from("<III", data, 60)
    # calamine reserves room for `fat_len` FAT entries, and for as many DIFAT entries as the
    # four bytes at offset 62 say (half the mini FAT's start, half its length): honest files
    # have at most one FAT sector for each sector, and a few mini FAT sectors
    (difat_room,) = struct.unpack_from("<I", data, 62)
    if fat_len > sectors or mini_fat_len > sectors or difat_room * 4 > MAX_UNCOMPRESSED:
        raise _Damaged("sizes past the file's")

    def sector(sid: int) -> bytes:
        if sid >= sectors:
            raise _Damaged(f"sector {sid} past the end of the file")
        return data[(sid + 1) * size : (sid + 2) * size]

    difat = list(struct.unpack_from("<109I", data, 76))
    seen: set[int] = set()
    at = difat_start
    while at < _RESERVED:
        if at in seen:
            raise _Damaged("the DIFAT chain loops")
        seen.add(at)
        difat.extend(struct.unpack(f"<{size // 4}I", sector(at)))
        at = difat.pop()
    fat: list[int] = []
    for sid in difat:
        if sid < _DIFAT_SECTOR:
            fat.extend(struct.unpack(f"<{size // 4}I", sector(sid)))

    def chain(start: int, length: float) -> bytes:
        """The bytes of the chain of sectors from `start`, up to `length`."""
        taken: list[bytes] = []
        seen: set[int] = set()
        got = 0
        at = start
        while at != _END_OF_CHAIN:
            if at in seen:
                raise _Damaged("a sector chain loops")
            seen.add(at)
            taken.append(sector(at))
            got += size
            if got >= length:
                break
            if at >= len(fat):
                raise _Damaged("a sector chain leaves the FAT")
            at = fat[at]
        return b"".join(taken)[: int(min(length, got))]

    directory = chain(dir_start, float("inf"))
    entries = [directory[at : at + _ENTRY] for at in range(0, len(directory), _ENTRY)]
    if not entries or (version != 3 and _start(entries[0]) == _END_OF_CHAIN):
        raise _Damaged("no root directory")
    mini_stream, mini_fat = b"", ()
    if mini_fat_len > 0:
        root = entries[0]
        mini_stream = chain(_start(root), _length(root, size))
        raw = chain(mini_fat_start, mini_fat_len * size)
        mini_fat = struct.unpack(f"<{len(raw) // 4}I", raw)
    names = {_name(entry): entry for entry in reversed(entries)}  # the first of each name
    found = next((names[name] for name in _STREAMS if name in names), None)
    if found is None:
        return None
    start, length = _start(found), _length(found, size)
    if length >= _MINI_CUTOFF:
        return chain(start, length)
    taken: list[bytes] = []
    seen = set()
    at, got = start, 0
    while at != _END_OF_CHAIN:
        end = (at + 1) * _MINI_SECTOR
        if at in seen or end > len(mini_stream):
            raise _Damaged("a mini sector chain loops or leaves the mini stream")
        seen.add(at)
        taken.append(mini_stream[end - _MINI_SECTOR : end])
        got += _MINI_SECTOR
        if got >= length:
            break
        if at >= len(mini_fat):
            raise _Damaged("a mini sector chain leaves the mini FAT")
        at = mini_fat[at]
    return b"".join(taken)[:length]


def _name(entry: bytes) -> str:
    name = entry[:64].decode("utf-16-le", "replace")
    return name.split("\0", 1)[0]


def _start(entry: bytes) -> int:
    return int(struct.unpack_from("<I", entry, 116)[0])


def _length(entry: bytes, size: int) -> int:
    return int(struct.unpack_from("<I" if size == 512 else "<Q", entry, 120)[0])


def _sheet_extents(stream: bytes) -> Iterator[tuple[str, bool, int, int]]:
    """(sheet name, declared, rows, columns) of what calamine would reserve or allocate for
    each sheet: the room its DIMENSIONS records ask for (declared), and the cells its records
    hold, counted from A1 (as an xlsx sheet's are). Stops where calamine would stop with an
    error of its own (a record cut short) or refuse the file (encrypted)."""
    sheets: list[tuple[int, str]] = []
    for typ, at, length in _records(stream, 0):
        if typ == _FILEPASS and length >= 2 and stream[at : at + 2] != b"\0\0":
            return  # encrypted: calamine refuses it before reading a sheet (not when 0)
        if typ == _BOUNDSHEET:
            if length < 6:
                raise _Damaged("a sheet's entry is cut short")  # calamine panics on it
            (offset,) = struct.unpack_from("<I", stream, at)
            sheets.append((offset, _sheet_name(stream[at + 6 : at + length])))
        elif typ == _EOF:
            break
    padded = stream + bytes(4)  # a record header then always has 4 bytes after it to unpack
    for offset, name in sheets:
        if offset > len(stream):
            raise _Damaged("a sheet starts past the end of the workbook stream")
        walked = _walk_sheet(padded, offset, len(stream))
        for declared in walked.declared:
            yield name, True, *declared
        if walked.failed:
            return  # calamine fails before it allocates this sheet (or any after it)
        yield name, False, walked.last_row + 1, walked.last_col + 1


class _Walked:
    """What a sheet's records hold for the cells calamine allocates: the last row and column
    (0-based, -1 for none) its cell records use, the (rows, columns) each DIMENSIONS record
    asks room for, and whether calamine fails on its records (one cut short or too short)."""

    def __init__(self) -> None:
        self.last_row = self.last_col = -1
        self.declared: list[tuple[int, int]] = []
        self.failed = False


_CELL_HEAD = struct.Struct("<HHHH")  # a record's type and length; a cell record's row, column


def _walk_sheet(padded: bytes, start: int, end: int) -> _Walked:
    """Walk a sheet's BIFF records from `start` (`padded`: the stream and 4 bytes more) to its
    EOF, as calamine does, by their headers — one unpack a record, in a loop kept tight: a
    10 MB sheet has 700,000 records. Embedded charts' cells (calamine skips them) are counted
    too; their EOF does not end the sheet."""
    walked = _Walked()
    unpack = _CELL_HEAD.unpack_from
    cells, mulrk, dimensions, bof, eof = _CELLS, _MULRK, _DIMENSIONS, _BOF, _EOF
    last_row = last_col = -1
    depth = 0
    at = start
    while at + 4 <= end:
        typ, length, row, col = unpack(padded, at)
        after = at + 4 + length
        if after > end:
            walked.failed = True  # cut short
            break
        if typ in cells or typ == mulrk:
            if length < 4:
                walked.failed = True
                break
            if typ == mulrk and length >= 6:
                col = max(col, struct.unpack_from("<H", padded, after - 2)[0])
            if row > last_row:
                last_row = row
            if col > last_col:
                last_col = col
        elif typ == dimensions:
            declared = _dimensions(padded[at + 4 : after])
            if declared is None:
                walked.failed = True
                break
            walked.declared.append(declared)
        elif typ == bof:
            depth += 1  # the sheet's own, or an embedded chart's
        elif typ == eof:
            depth -= 1
            if depth <= 0:
                break
        at = after
    else:
        walked.failed = at != end  # a few bytes left over: a record header cut short
    walked.last_row, walked.last_col = last_row, last_col
    return walked


def _records(stream: bytes, start: int) -> Iterator[tuple[int, int, int]]:
    """(type, where its data starts, its length) of each whole BIFF record from `start`."""
    at, end = start, len(stream)
    unpack = _HEADER.unpack_from
    while at + 4 <= end:
        typ, length = unpack(stream, at)
        if at + 4 + length > end:
            return
        yield typ, at + 4, length
        at += 4 + length


def _dimensions(data: bytes) -> tuple[int, int] | None:
    """(rows, columns) calamine reserves room for from a DIMENSIONS record — its first row to
    its last, in calamine's 32-bit arithmetic (a last row before the first wraps round to
    four billion rows) — but at least the rows and columns from A1 it declares. None when
    calamine refuses the record."""
    if len(data) == 10:
        first_row, last_row, first_col, last_col = struct.unpack_from("<4H", data)
    elif len(data) == 14:
        first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", data)
    else:
        return None
    if first_col > 0xFF or last_col < first_col:
        first_col = 0
    if last_row >= 1 and last_col >= 1:
        end_row, end_col = last_row - 1, last_col - 1
    else:
        end_row, end_col = first_row, first_col
    rows = ((end_row - first_row) % 2**32 + 1) % 2**32
    cols = ((end_col - first_col) % 2**32 + 1) % 2**32
    return max(rows, last_row), max(cols, last_col)


def _sheet_name(data: bytes) -> str:
    """A BoundSheet record's name (after its 6-byte header): a count of characters, a flags
    byte (bit 0: two bytes a character) and the characters."""
    if len(data) < 2:
        return "?"
    count, flags = data[0], data[1]
    if flags & 1:
        return data[2 : 2 + 2 * count].decode("utf-16-le", "replace")
    return data[2 : 2 + count].decode("latin-1")
