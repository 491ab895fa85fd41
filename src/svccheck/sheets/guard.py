"""The one guarded way into an xlsx/xlsm workbook: what is checked before calamine reads it.

Every workbook svccheck reads — filled sheets (`read`, `score`, `ingest`…) and rosters (`form
--roster`, `svccheck roster`) — is opened by sniff.open_book, which calls `check_xlsx` on a zip
before python-calamine sees it. From the zip alone, and never inflating more than a member
declares (Python's zipfile stops there and checks the CRC):

- the zip is whole, has at most MAX_MEMBERS members and declares at most MAX_UNCOMPRESSED bytes
  uncompressed (an honest zip bomb is refused unread); no member is flagged encrypted (a zip
  with a password: a password-protected workbook, as an OLE2 EncryptedPackage is);
- the shared strings declare no more strings (`uniqueCount`) than their part can hold:
  calamine reserves room for that many before reading one, and a forged count aborts;
- the parts parsed here (the workbook and its relationships) hold no DTD: no entity can be
  declared, so no billion laughs and no external entity (calamine expands no entities either);
- every worksheet is inflated as a stream and its used range measured — from A1 to the last
  row and column of its declared `<dimension>` and of the cells it actually holds. calamine
  allocates a sheet's whole rectangle (32 bytes a cell) and the reader pads its rows to it: a
  2.5 KB sheet with cells at A1 and XFD1048576 asks for 512 GiB and aborts the process. A
  sheet over MAX_CELLS is refused, by name; the workbook's other sheets are still read. A
  worksheet whose stream is damaged (bad deflate data, bad CRC, inflating past its declared
  size: a lying zip bomb) is refused the same way.

Time is bounded by the same limits: nothing is inflated past MAX_UNCOMPRESSED bytes and no
sheet larger than MAX_CELLS is handed to calamine.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import IO, Final
from xml.etree import ElementTree

from svccheck.i18n import tr
from svccheck.sheets.book import UnreadableFile

MAX_UNCOMPRESSED: Final = 500 * 1024 * 1024
"""The largest workbook (sum of its zip members' declared uncompressed sizes) svccheck opens."""
MAX_MEMBERS: Final = 20_000
"""The most zip members a workbook may have (500 sheets take about 1,000)."""
MAX_CELLS: Final = 2**25
"""The most cells of a sheet's used range counted from A1 (last row × last column):
1,048,576 rows × 32 columns, or 2,048 rows × all 16,384 — about 1 GiB in calamine."""

_CHUNK: Final = 4 * 2**20
_UNHOLDABLE: Final = 10**8  # rows: any row number of 8 digits or more is refused
# in a piece of the shaped XML: a row or cell reference whose number has 8 digits or more
_LONG_ROW_NUMBER = re.compile(rb'(?:<row r="|<c r="A{1,16})0{8}')
_LONG_ROW_DIGITS = re.compile(rb'(?:<row r="|<c r="[A-Z]{1,16})(\d{8,})"')
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_WORKBOOK, _WORKBOOK_RELS = "xl/workbook.xml", "xl/_rels/workbook.xml.rels"
# What reading a damaged zip raises: zipfile's own errors, a broken deflate stream (zlib.error),
# a member cut short (EOFError), and NotImplementedError for a compression zipfile lacks.
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError)

# Each piece of sheet XML is translated so that plain patterns find what matters: letters of
# a cell reference → "A", digits → "0", whitespace → " ", ' → ".
_SHAPE = bytearray(range(256))
for _b in b"ABCDEFGHIJKLMNOPQRSTUVWXYZ":
    _SHAPE[_b] = ord("A")
for _b in b"0123456789":
    _SHAPE[_b] = ord("0")
for _b in b"\t\r\n":
    _SHAPE[_b] = ord(" ")
_SHAPE[ord("'")] = ord('"')
_SHAPES: Final = bytes(_SHAPE)
_NORMAL: Final = bytes(range(256)).translate(
    bytes.maketrans(b"\t\r\n'", b'   "')
)  # whitespace → " ", ' → ": where a plain sheet's tags are found by their exact bytes

_DIMENSION = re.compile(rb"<(?:[\w.-]+:)?dimension\s[^>]*?\bref\s*=\s*[\"']([^\"']*)[\"']")
_REF = re.compile(rb"\$?([A-Za-z]{1,3})\$?(\d{1,7})$")
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])([^>]*)")
_ATTR_R = re.compile(rb"(?:^|\s)r\s*=\s*[\"']\s*([^\"']*)[\"']")
_PREFIXED = re.compile(rb":(?:row|c)[ >/]")
_ROW_DIGITS = {n: re.compile(rb'<row r="(\d{%d,})"' % n) for n in range(1, 8)}
_CELL_DIGITS = {n: re.compile(rb'<c r="[A-Z]+(\d{%d,})"' % n) for n in range(1, 8)}
_CELL_LETTERS = {n: re.compile(rb'<c r="([A-Z]{%d,})\d' % n) for n in range(1, 4)}


def column_number(letters: bytes) -> int:
    """A1-style column letters → 1-based column number (A = 1)."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


@dataclass
class XlsxFacts:
    """What check_xlsx found: the largest member's declared size, and the sheets refused
    (sheet name → why, in the user's language).

    And, as a by-product of inflating every worksheet, what the reader's formula scan
    (workbook.py) would otherwise open the zip again for: each sheet's zip member (as the
    workbook's relationships name it), the sheets whose XML holds no formula tag and no error
    value at all, and the XML of the small sheets that may hold one (a folder of small
    workbooks then never inflates a sheet twice)."""

    largest: int
    refused: dict[str, str] = field(default_factory=dict)
    members: dict[str, str] = field(default_factory=dict)
    formula_free: set[str] = field(default_factory=set)
    xml: dict[str, bytes] = field(default_factory=dict)


def check_xlsx(path: Path, lang: str) -> XlsxFacts:
    """Check an xlsx/xlsm zip as the module's docstring says; UnreadableFile if it is no
    workbook or no part of it may be read, else what was found (sheets refused by name)."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            return _check_archive(path, archive, infos, lang)
    except UnreadableFile:
        raise
    except _DAMAGED as error:
        raise UnreadableFile(
            path,
            tr(
                lang,
                "文件已损坏或不完整（不是完整的 xlsx/zip 文件）",
                "damaged or truncated workbook (not a complete xlsx/zip archive)",
            ),
        ) from error


def _check_archive(
    path: Path, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], lang: str
) -> XlsxFacts:
    if len(infos) > MAX_MEMBERS:
        raise UnreadableFile(
            path,
            tr(
                lang,
                "zip 中有 {n} 个文件，超过 {cap} 个的上限，未读取",
                "the zip holds {n} members, over the limit of {cap}; not read",
                n=len(infos),
                cap=MAX_MEMBERS,
            ),
        )
    encrypted = next((info.filename for info in infos if info.flag_bits & _ENCRYPTED_FLAG), None)
    if encrypted is not None:
        raise UnreadableFile(
            path,
            tr(
                lang,
                "工作簿设有密码（zip 加密：{member}）：请取消密码后另存，再读取",
                "password-protected (encrypted zip: {member}); save it without a password",
                member=encrypted,
            ),
        )
    declared = sum(info.file_size for info in infos)
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
    names = {info.filename for info in infos}
    if _WORKBOOK not in names:
        if "xl/workbook.bin" in names:  # xlsb: binary records, read by calamine alone
            return XlsxFacts(max(info.file_size for info in infos))
        raise UnreadableFile(
            path,
            tr(
                lang,
                "不是电子表格（zip 文件中没有 xl/workbook.xml）",
                "not a spreadsheet (a zip archive without xl/workbook.xml)",
            ),
        )
    for info in infos:
        if info.filename.replace("\\", "/").lower().endswith(_SHARED_STRINGS):
            _check_shared_strings(path, archive, info, lang)
    facts = XlsxFacts(max(info.file_size for info in infos))
    kept = 0
    for sheet, member, related in _sheets(path, archive, names, lang):
        why, data, plain = _check_sheet(archive, member, lang)
        if why:
            facts.refused[sheet] = why
            continue
        if not related or sheet in facts.members:
            continue  # the formula scan finds such a sheet's member itself
        facts.members[sheet] = member
        if data is None:
            if plain:  # a big sheet seen whole as it streamed: nothing for the scan to find
                facts.formula_free.add(sheet)
            continue
        if not may_hold_formula(data) and not may_hold_error(data):
            facts.formula_free.add(sheet)
        elif kept + len(data) <= KEPT_XML:
            facts.xml[sheet] = data
            kept += len(data)
    return facts


# The general-purpose flag bit a zip member sets when it is encrypted (a "zip with password"):
# Python's zipfile then raises RuntimeError, calamine's zip reader fails too.
_ENCRYPTED_FLAG: Final = 0x1
# calamine looks the shared strings up as "<the workbook's folder>sharedStrings.xml", ignoring
# case and taking a backslash for a slash: every member so named is checked.
_SHARED_STRINGS: Final = "sharedstrings.xml"
SST_HEAD: Final = 64 * 2**10
"""How much of a shared-strings part is read for its `<sst>` start tag (Excel, WPS, LibreOffice
and every library write it within its first 200 bytes)."""
_SST_FIRST: Final = 2**10
SST_TRUSTED: Final = 2**20
"""A `uniqueCount` up to this many strings is never refused (calamine reserves 24 bytes a
string: 24 MiB), whatever the part's size."""
_SMALLEST_STRING: Final = len(b"<si/>")
# The markup that can come before calamine's `<sst>` start tag, each as the XML reader calamine
# uses (quick-xml) ends it: comments at the first -->, processing instructions at the first ?>,
# CDATA at the first ]]>, a tag at the first > outside quotes; `<!` anything else is a DTD (or
# markup quick-xml refuses). Text between them is skipped, as calamine skips every event until
# the first start tag whose local name is sst.
_SST_TOKEN = re.compile(
    rb"<!--.*?-->|<\?.*?\?>|<!\[CDATA\[.*?\]\]>|(<!)"
    rb"|<(/?)(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.S,
)
_UNIQUE_COUNT = re.compile(rb"(?:^|\s)uniqueCount\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


def _check_shared_strings(
    path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, lang: str
) -> None:
    """Refuse a shared-strings part whose `<sst uniqueCount>` claims more strings than its size
    can hold. calamine reserves room for that many strings before it reads one (24 bytes
    each): a few-KB part declaring 4,000,000,000,000 asks for 96 TB and the allocation failure
    aborts the whole process — no handler runs, and a folder's other files are lost with it.
    Each string takes at least `<si/>` (5 bytes) of the part, so an honest count is at most
    its declared size / 5; counts up to SST_TRUSTED pass whatever the size."""
    with archive.open(info) as stream:
        head = stream.read(_SST_FIRST)  # where every writer puts the tag: inflate no more
        declared = _declared_strings(head)
        if declared is None and len(head) == _SST_FIRST:
            head += stream.read(SST_HEAD - _SST_FIRST)
            declared = _declared_strings(head)
    if declared is None:
        if len(head) == SST_HEAD:
            # no <sst> start tag in the part's first SST_HEAD bytes: not a part any writer
            # makes, and what calamine would reserve further on is not looked for
            raise UnreadableFile(path, _sst_refused(lang, info, None))
        return  # no <sst> at all: calamine fails on it, reserving nothing
    if declared > max(info.file_size // _SMALLEST_STRING, SST_TRUSTED):
        raise UnreadableFile(path, _sst_refused(lang, info, declared))


def _declared_strings(head: bytes) -> int | None:
    """The `uniqueCount` calamine would reserve from a shared-strings part's start (0 when it
    reserves nothing), or None when its `<sst>` start tag is not within `head`."""
    for token in _SST_TOKEN.finditer(head):
        if token[1]:
            return 0  # a DTD or markup quick-xml refuses: calamine stops there, unreserved
        if token[3] is None or token[2] or token[3] != b"sst":
            continue
        found = _UNIQUE_COUNT.search(token[4])
        if found is None:
            return 0
        value = found[1] if found[1] is not None else found[2]
        # calamine reads the value as digits only (leading zeros allowed): else no reserve
        return int(value) if value.isdigit() and value.isascii() else 0
    return None


def _sst_refused(lang: str, info: zipfile.ZipInfo, declared: int | None) -> str:
    if declared is None:
        return tr(
            lang,
            "{member} 的前 {head} KB 中没有 <sst> 开始标签，不是共享字符串部件，未读取",
            "{member} has no <sst> start tag in its first {head} KB: not a shared-strings "
            "part; not read",
            member=info.filename,
            head=SST_HEAD // 2**10,
        )
    return tr(
        lang,
        "{member} 声明有 {n} 个字符串，但只有 {size} 字节（疑似伪造），未读取",
        "{member} declares {n} strings in {size} bytes (a forged count?); not read",
        member=info.filename,
        n=f"{declared:,}",
        size=f"{info.file_size:,}",
    )


KEPT_XML: Final = 16 * 2**20
"""Sheet XML kept per workbook for the formula scan (sheets of up to KEPT_SHEET bytes)."""
KEPT_SHEET: Final = 2 * 2**20


def may_hold_error(xml: bytes) -> bool:
    """May a worksheet's XML hold an error value (#N/A, #DIV/0!: a cell of type "e")? Excel,
    LibreOffice, openpyxl and xlsxwriter all write the attribute so."""
    return b't="e"' in xml


def may_hold_formula(xml: bytes) -> bool:
    """May a worksheet's XML hold a formula? No `<f` tag (nor a prefixed `:f`): surely not."""
    return _holds(xml, b"<f") or (_holds(xml, b":f") and (b":f>" in xml or b":f " in xml))


_JUMPS: Final = 256


def _holds(data: bytes, pair: bytes) -> bool:
    """`pair in data`, for a pair of bytes whose second is rare in sheet XML ("f": a few dozen
    in a sheet) and whose first is not ("<"): found by jumping from one "f" to the next
    (memchr) and looking at the byte before it — a search for the pair itself walks every "<"
    (14× slower on a morning sheet). Past _JUMPS of them, the plain search answers."""
    first, second = pair[0], pair[1:]
    at = data.find(second, 1)
    for _ in range(_JUMPS):
        if at < 0:
            return False
        if data[at - 1] == first:
            return True
        at = data.find(second, at + 1)
    return pair in data


def _part(path: Path, archive: zipfile.ZipFile, member: str, lang: str) -> ElementTree.Element:
    """A small XML part parsed here, refused if it declares a DTD (entities)."""
    data = archive.read(member)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise UnreadableFile(
            path,
            tr(
                lang,
                "{member} 含有 DTD（实体声明），工作簿中不应有，未读取",
                "{member} declares a DTD (entities), which no workbook has; not read",
                member=member,
            ),
        )
    found = _PARSED.get(data)
    if found is not None:
        return found  # a folder's workbooks repeat the same parts: each is parsed once
    try:
        found = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise UnreadableFile(
            path,
            tr(
                lang,
                "{member} 不是有效的 XML（{error}）",
                "{member} is not valid XML ({error})",
                member=member,
                error=error,
            ),
        ) from error
    if len(_PARSED) >= _PARTS_KEPT:
        _PARSED.clear()
    _PARSED[data] = found
    return found


# The small parts parsed (workbook, relationships), by their bytes: read only, never changed.
_PARSED: dict[bytes, ElementTree.Element] = {}
_PARTS_KEPT: Final = 256


@lru_cache(maxsize=4096)
def _normal_member(member: str) -> str:
    """A zip member named by a relationship, as PurePosixPath spells it ("a//b" → "a/b")."""
    return str(PurePosixPath(member))


def _sheets(
    path: Path, archive: zipfile.ZipFile, names: set[str], lang: str
) -> Iterator[tuple[str, str, bool]]:
    """(sheet name, zip member, named by the relationships) of every worksheet the workbook
    lists. When the workbook cannot say (no relationships), every XML member under
    xl/worksheets/ stands for one."""
    workbook = _part(path, archive, _WORKBOOK, lang)
    if _WORKBOOK_RELS not in names:
        for name in sorted(names):
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                yield PurePosixPath(name).stem, name, False
        return
    targets = {}
    for rel in _part(path, archive, _WORKBOOK_RELS, lang).iter(f"{_PKG_REL_NS}Relationship"):
        target = rel.get("Target", "")
        member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        targets[rel.get("Id", "")] = _normal_member(member)
    for sheet in workbook.iter(f"{_MAIN_NS}sheet"):
        member = targets.get(sheet.get(f"{_REL_NS}id") or "", "")
        if member in names:
            yield sheet.get("name", ""), member, True


def _check_sheet(
    archive: zipfile.ZipFile, member: str, lang: str
) -> tuple[str, bytes | None, bool]:
    """Why the worksheet `member` may not be read, or "" — and its XML when it is small
    (KEPT_SHEET bytes or fewer: inflated whole, once, for every check; None for a bigger one,
    inflated as a stream for each) — and whether a bigger one, as it streamed, was seen to
    hold no formula and no error value (False: it may, or it was not seen whole)."""
    data: bytes | None = None
    plain = _Plain()
    try:
        if archive.getinfo(member).file_size <= KEPT_SHEET:
            data = archive.read(member)  # as a stream would: never past the declared size
        declared = _within_bounds(archive, member, data, plain)
        if declared is not None:
            (rows, cols), (declared_rows, declared_cols) = (0, 0), declared
        else:
            with _stream(archive, member, data) as stream:
                (rows, cols), (declared_rows, declared_cols) = sheet_extent(stream)
    except _DAMAGED as error:
        why = tr(
            lang,
            "工作表数据已损坏（{member}：{error}）",
            "the sheet's data is damaged ({member}: {error})",
            member=member,
            error=error,
        )
        return why, None, False
    if declared_rows * declared_cols > MAX_CELLS:
        why = too_big(lang, tr(lang, "声明的范围", "declared range"), declared_rows, declared_cols)
        return why, None, False
    if rows * cols > MAX_CELLS:
        return too_big(lang, tr(lang, "单元格范围", "cell range"), rows, cols), None, False
    return "", data, plain.whole and not plain.marked


def _stream(archive: zipfile.ZipFile, member: str, data: bytes | None) -> IO[bytes]:
    """The worksheet's XML as a stream: from its bytes when they were read already."""
    return io.BytesIO(data) if data is not None else archive.open(member)


def too_big(lang: str, what: str, rows: int, cols: int) -> str:
    """Why a sheet whose range from A1 is `rows` × `cols` is refused (an xlsx or .xls one)."""
    from svccheck.model import column_letter

    return tr(
        lang,
        "{what} A1:{end}（{rows} 行 × {cols} 列）超过 {cap} 个单元格的上限，未读取",
        "{what} A1:{end} ({rows} rows × {cols} columns) exceeds the limit of {cap} cells; not read",
        what=what,
        end=f"{column_letter(cols - 1)}{rows}",
        rows=f"{rows:,}",
        cols=f"{cols:,}",
        cap=f"{MAX_CELLS:,}",
    )


# The usual sheet's cells each carry their reference first, with a short column and row: such
# a sheet is within MAX_CELLS whatever it holds, and one search in C over its XML says so —
# up to 32 columns (A–AF) with rows of up to six digits, up to 52 (A–AZ) with five, up to
# 702 (A–ZZ) with four. Anything else (a longer reference, a cell without one, a prefixed
# tag) is measured exactly by sheet_extent.
_BOUNDED_TIERS: Final = (
    (rb"(?:[A-Z]|A[A-F])\d{1,6}", 32 * 999_999),
    (rb"(?:[A-Z]|A[A-Z])\d{1,5}", 52 * 99_999),
    (rb"[A-Z]{1,2}\d{1,4}", 702 * 9_999),
)
_UNBOUNDED_CELL: Final = tuple(
    re.compile(rb'<c(?! r="' + ref + rb'")[\s>/]') for ref, _ in _BOUNDED_TIERS
)
_ANY_PREFIXED = re.compile(rb":(?:row|c)[\s>/]")
assert all(cells <= MAX_CELLS for _, cells in _BOUNDED_TIERS)


class _Plain:
    """Whether a streamed sheet holds a formula or an error value (`marked`), and whether the
    whole of it was looked at (`whole`): the reader's formula scan then need not inflate it
    again (a 200,000-row register: 0.2 s)."""

    def __init__(self) -> None:
        self.whole = False
        self.marked = False

    def look(self, piece: bytes) -> None:
        # (pieces are cut before a `<`: a tag is never split between two)
        if not self.marked:
            self.marked = may_hold_formula(piece) or may_hold_error(piece)


def _within_bounds(
    archive: zipfile.ZipFile, member: str, data: bytes | None = None, plain: _Plain | None = None
) -> tuple[int, int] | None:
    """The declared (rows, columns) of a sheet whose cells all fit one of the bounds above;
    None when they may not (then the sheet is measured exactly). `data`: the sheet's XML,
    when it was read already; `plain`, told what a streamed sheet holds."""
    for unbounded in _UNBOUNDED_CELL:
        if data is not None and len(data) < _CHUNK:
            declared = _all_bounded_in(data, unbounded)
        else:
            with _stream(archive, member, data) as stream:
                declared = _all_bounded(stream, unbounded, plain if data is None else None)
        if declared is not None:
            return declared
    return None


def _all_bounded_in(data: bytes, unbounded: re.Pattern[bytes]) -> tuple[int, int] | None:
    """`_all_bounded` of XML held whole and shorter than a chunk, without a stream: its two
    pieces (up to its last `<`, and from there: as `_pieces` cuts it) searched in place."""
    cut = data.rfind(b"<")
    if cut <= 0 or len(data) - cut > 2**20:
        cut = len(data)
    scan = _Extent()
    scan.declared(data[:cut])
    for start, end in ((0, cut), (cut, len(data))):
        if unbounded.search(data, start, end) or _ANY_PREFIXED.search(data, start, end):
            return None
    return scan.declared_rows, scan.declared_cols


def _all_bounded(
    stream: IO[bytes], unbounded: re.Pattern[bytes], plain: _Plain | None = None
) -> tuple[int, int] | None:
    scan = _Extent()
    for n, piece in enumerate(_pieces(stream)):
        if n == 0:
            scan.declared(piece)
        if plain is not None:
            plain.look(piece)
        if unbounded.search(piece) or _ANY_PREFIXED.search(piece):
            return None
    if plain is not None:
        plain.whole = True
    return scan.declared_rows, scan.declared_cols


def sheet_extent(stream: IO[bytes]) -> tuple[tuple[int, int], tuple[int, int]]:
    """((last row, last column), (declared last row, last column)) of a worksheet's XML, 1-based,
    where calamine would put its cells: by each `<row>`'s and `<c>`'s `r`, or — lacking it —
    the row after the previous one, the column after the previous cell's."""
    scan = _Extent()
    for n, piece in enumerate(_pieces(stream)):
        if n == 0:
            scan.declared(piece)
        scan.feed(piece)
    return (scan.rows, scan.cols), (scan.declared_rows, scan.declared_cols)


def _pieces(stream: IO[bytes]) -> Iterator[bytes]:
    """A worksheet's XML in pieces of about _CHUNK bytes, each cut just before a `<` so that
    no tag is split (unless no tag starts near a piece's end), the last with what remains."""
    carry = b""
    while chunk := stream.read(_CHUNK):
        piece = carry + chunk
        cut = piece.rfind(b"<")
        if cut <= 0 or len(piece) - cut > 2**20:
            cut = len(piece)  # no tag starts near the end: nothing to hold back
        carry = piece[cut:]
        yield piece[:cut]
    yield carry


class _Extent:
    """Where a worksheet's cells end, fed its XML piece by piece (each cut before a `<`)."""

    def __init__(self) -> None:
        self.rows = self.cols = 0
        self.declared_rows = self.declared_cols = 0
        self.exact = False  # once a piece was not plain, the rest is walked tag by tag
        self.row = self.col = 0  # where the walk is (exact mode)

    def declared(self, head: bytes) -> None:
        found = _DIMENSION.search(head)
        if found is None:
            return
        for ref in found[1].split(b":"):
            parsed = _REF.match(ref.strip())
            if parsed:
                self.declared_rows = max(self.declared_rows, int(parsed[2]))
                self.declared_cols = max(self.declared_cols, column_number(parsed[1]))

    def feed(self, piece: bytes) -> None:
        if not self.exact:
            shape = piece.translate(_SHAPES)
            if self._plain(shape):
                self._measure(piece, shape)
                return
            self.exact = True
            self.row, self.col = self.rows, 0
        self._walk(piece)

    @staticmethod
    def _plain(shape: bytes) -> bool:
        """Every `<row` and `<c` starts with its `r` (uppercase letters, digits), unprefixed:
        as Excel, WPS, LibreOffice and every library write them."""
        if _PREFIXED.search(shape):
            return False
        rows = shape.count(b"<row ") + shape.count(b"<row>") + shape.count(b"<row/")
        if rows != shape.count(b'<row r="0'):
            return False
        cells = shape.count(b"<c ") + shape.count(b"<c>") + shape.count(b"<c/")
        return cells == shape.count(b'<c r="A')

    def _measure(self, piece: bytes, shape: bytes) -> None:
        """Bounds first, from plain searches; exact figures only where a bound is too big:
        columns past Z (rare), row numbers when the sheet is wide enough to matter."""
        normal: bytes | None = None
        letters = 3 if b'<c r="AAA' in shape else 2 if b'<c r="AA' in shape else 1
        if letters == 1:
            cols = 26 if b'<c r="A' in shape else 0  # A–Z: 26 × 1,048,576 is under MAX_CELLS
        else:
            normal = piece.translate(_NORMAL)
            found = set(_CELL_LETTERS[letters].findall(normal))
            cols = max(map(column_number, found), default=0)
        self.cols = max(self.cols, cols)
        if _LONG_ROW_NUMBER.search(shape):  # 8 digits or more: past any sheet calamine can hold
            numbers = _LONG_ROW_DIGITS.findall(normal or piece.translate(_NORMAL))
            self.rows = max(self.rows, *map(int, numbers), _UNHOLDABLE)
            return
        for digits in range(7, 0, -1):  # the most digits a row number has
            mark = b"0" * digits + b'"'
            if b'<row r="' + mark in shape or b"A" + mark in shape:
                bound = 10**digits - 1
                if self.cols * bound <= MAX_CELLS:
                    self.rows = max(self.rows, bound)
                    return
                normal = normal or piece.translate(_NORMAL)
                numbers = _ROW_DIGITS[digits].findall(normal) + _CELL_DIGITS[digits].findall(normal)
                if numbers:
                    last = max(map(int, numbers))
                    self.rows = max(self.rows, last)
                    return

    def _walk(self, piece: bytes) -> None:
        for tag, attrs in _TAG.findall(piece):
            ref = _ATTR_R.search(attrs)
            parsed = _REF.match(ref[1].strip()) if ref else None
            if tag == b"row":
                self.row = int(ref[1]) if ref and ref[1].strip().isdigit() else self.row + 1
                self.col = 0
            elif parsed:
                self.col = column_number(parsed[1])
                self.row = max(self.row, int(parsed[2]))
            else:
                self.col += 1
            # never capped at Excel's last row or column: calamine places a cell wherever its
            # reference says, and allocates up to it
            self.rows = max(self.rows, self.row)
            self.cols = max(self.cols, self.col)
