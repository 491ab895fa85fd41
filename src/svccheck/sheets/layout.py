"""Where things are on a sheet: the header row, what each column holds, the block above it.

A filled sheet starts with whatever people put there — a merged title, "网点：东环支行 日期：
2026年10月8日", blank rows — and then a header row. This module finds that header in the first
rows, maps its columns to fields (SPEC §4) or items, and reads sheet-wide values (branch, date,
checker…) from the block above it. Everything here runs once per sheet, never per data row.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, compress
from operator import not_
from typing import Final, TypeVar

from svccheck.model import column_letter
from svccheck.sheets.items import NO_MATCH, ItemIndex, ItemMatch
from svccheck.sheets.values import is_blank, normalise

HEADER_SEARCH_ROWS: Final = 30

FIELD_HEADERS: Final[Mapping[str, tuple[str, ...]]] = {
    "date": ("日期", "检查日期", "date"),
    "branch": ("网点", "机构", "支行", "网点名称", "机构名称", "营业网点", "branch"),
    "employee": ("姓名", "员工", "被检查人", "员工姓名", "employee", "name"),
    "employee_id": ("工号", "员工号", "员工编号", "employee_id", "employee id"),
    "role": ("岗位", "role"),
    "item": ("检查项目", "标准编号", "项目编号", "item", "item id"),
    "result": ("结果", "检查结果", "result"),
    "count": ("次数", "count"),
    "deduction": ("扣分", "deduction"),
    "score": ("得分", "score"),
    "note": ("备注", "问题描述", "扣分原因", "note", "notes"),
    "checker": ("检查人", "互查人", "checker", "inspector"),
    "kind": ("检查方式", "kind"),
    "scope": ("检查范围", "范围", "scope"),  # contract version 2: what an inspection covered
    # SPEC §8, corrective actions: when a finding is to be fixed by, and when it was
    "due": ("整改期限", "整改时限", "due", "due date"),
    "fixed": (
        "整改情况及复查日期",
        "整改情况",
        "复查日期",
        "fixed",
        "fix done and recheck date",
        "fix done",
    ),
}
"""Headers accepted for each field (zh and en; matched case-insensitively, full-width folded).
The first is the one the forms write."""

FIELDS: Final = tuple(FIELD_HEADERS)
MULTI_FIELDS: Final = frozenset({"note"})  # several note columns are joined, in column order
SHEET_FIELDS: Final = (
    "date", "branch", "employee", "employee_id", "role", "checker", "kind", "scope",
)  # fmt: skip
"""Fields that may also be given once for the whole sheet, in the block above the header."""

_HEADER_INDEX: Final[Mapping[str, str]] = {
    normalise(text): name for name, texts in FIELD_HEADERS.items() for text in texts
}
# "日期(Date)", "扣分（分）", "姓名 Name", "日期\nDate": a zh header with an en gloss or a unit.
_GLOSS = re.compile(r"(.+?)\s*[(\[]\s*(.*?)\s*[)\]]")
_ZH_EN = re.compile(r"([^\x00-\x7f]+)\s+([\x00-\x7f]+)")
# What gives a header cell more than one reading (header_keys): a space or line break, an
# underscore, a gloss's bracket. (`\s` is str.isspace's whitespace: what split() folds and
# every line boundary splitlines() knows.)
_VARIED = re.compile(r"[\s_(\[]")
_LABEL_VALUE = re.compile(r"([^\s:]+?)\s*:\s*(.*?)(?=\s+[^\s:]+\s*:|$)")
# No header or "label：value" cell is longer than this. The patterns above backtrack on long
# text (a 90 KB cell of "[/]" took 35 s), so a longer cell is not read as either.
MAX_LABEL_CHARS: Final = 500
_KIND_HINTS: Final = (
    ("互查", "peer_check"),
    ("自查", "self_check"),
    ("peer check", "peer_check"),
    ("self-check", "self_check"),
    ("登记簿", "inspection"),
    ("inspection", "inspection"),
)


def header_keys(text: str) -> list[str]:
    """The normalised readings of a header cell, most literal first (none for a cell too long
    to be a header)."""
    if len(text) > MAX_LABEL_CHARS:
        return []
    folded = unicodedata.normalize("NFKC", text)
    if _VARIED.search(folded) is None:
        # One word (a name, a mark, a plain header): no spaces to fold, no lines, no gloss —
        # the readings below are all this one (most cells of a sheet's head).
        key = folded.casefold().rstrip("*:")
        return [key] if key else []
    key = " ".join(folded.split()).casefold().rstrip("*:").strip()  # normalise(text)'s
    keys = [key, key.replace("_", " "), key.replace(" ", "_")]
    lines = folded.splitlines()
    if lines != [folded]:  # (one line: its reading is the key, NFKC being idempotent)
        for line in lines:
            keys.append(normalise(line).rstrip("*:").strip())
    for pattern in (_GLOSS, _ZH_EN):
        match = pattern.fullmatch(key)
        if match:
            keys.extend(part.strip() for part in match.groups())
    return [k for k in dict.fromkeys(keys) if k]


def match_field(text: str) -> str | None:
    """A header cell → the field it names (SPEC §4), or None."""
    # Remembered per text (a pure function of it): the header search and the block above the
    # header ask about the same texts — each sheet's title among them.
    try:
        return _FIELD_OF[text]
    except KeyError:
        pass
    found = None
    for key in header_keys(text):
        found = _HEADER_INDEX.get(key)
        if found is not None:
            break
    if len(_FIELD_OF) >= MEMO_LIMIT:
        _FIELD_OF.clear()
    _FIELD_OF[text] = found
    return found


_FIELD_OF: dict[str, str | None] = {}


@dataclass(frozen=True, slots=True)
class ItemColumn:
    """A wide-form column headed by an item."""

    index: int
    header: str
    match: ItemMatch


@dataclass
class Header:
    """A recognised header row and what each of its columns holds."""

    row: int  # 1-based
    form: str  # long | wide
    fields: dict[str, int] = field(default_factory=dict)  # field → 0-based column index
    notes: list[int] = field(default_factory=list)
    items: list[ItemColumn] = field(default_factory=list)
    ignored: list[tuple[int, str]] = field(default_factory=list)
    texts: dict[int, str] = field(default_factory=dict)  # column index → header as written

    @property
    def recognised(self) -> int:
        return len(self.fields) + len(self.notes) + len(self.items)


HeaderCell = tuple[str, str | None, ItemMatch]
"""A header-row cell that names something: its text as written (spaces collapsed), the field
it names (or None), and — when it names no field — the item it names."""

_BlockCell = tuple[tuple[str, ...], tuple[tuple[str, str], ...]]
"""A cell above the header read: the kinds it hints at, and the (sheet field, value) pairs it
gives — an empty value when the value sits in a cell to the right."""

MEMO_LIMIT: Final = 100_000
"""Distinct values remembered per run; past this the memo starts afresh (a run over a city's
month sees a few thousand: headers, names, marks, dates)."""
T = TypeVar("T")


class HeaderCells:
    """What each distinct value in the first rows of a sheet names, worked out once per run.

    Every sheet's first 30 rows are searched for the header and every cell of them is matched
    against every field and item; a month's folder repeats the same values (its headers, the
    staff's names, the marks, the dates) in the head of ~1,400 sheets. What a value names is a
    pure function of the value and the library's items, so each distinct value is matched once
    and then looked up: what is accepted is exactly what `match_field` and `ItemIndex.lookup`
    accept. The values that name something are also kept as a set, so that a row naming
    nothing (titles, data: most of a head) is passed over by one set operation in C.
    """

    def __init__(self, index: ItemIndex) -> None:
        self.index = index
        self._cells: dict[object, HeaderCell | None] = {}
        self._named: set[object] = set()  # the values of `_cells` whose reading is not None
        self._block: dict[object, _BlockCell | None] = {}
        self._headers: dict[tuple[object, ...], Header] = {}

    def header(
        self, number: int, row: Sequence[object], reads: Sequence[HeaderCell | None]
    ) -> Header:
        """The header `row` (number `number`) would be: built once per run for each distinct row
        (a month's sheets repeat a few header rows), and never changed by its readers."""
        key = (number, *row)
        found = self._headers.get(key)
        if found is None:
            if len(self._headers) >= MEMO_LIMIT:
                self._headers.clear()
            found = self._headers[key] = _read_header_row(number, row, reads)
        return found

    def named(self, values: set[object]) -> set[object]:
        """Those of `values` that name something (a field or an item), each distinct value
        matched once per run."""
        new = values.difference(self._cells)
        if new:
            if len(self._cells) + len(new) > MEMO_LIMIT:
                self._cells.clear()
                self._named.clear()
                new = values
            for value in new:
                read = self._cells[value] = self._match(value)
                if read is not None:
                    self._named.add(value)
        return self._named.intersection(values)

    def row(self, row: Sequence[object]) -> list[HeaderCell | None]:
        """What each of `row`'s cells names (None: nothing — blank, a number, a mark, a name)."""
        return _memoised(self._cells, row, self._match)

    def _match(self, value: object) -> HeaderCell | None:
        if not isinstance(value, str) or not value.strip():
            return None
        text = " ".join(value.split())
        name = match_field(text)
        if name is not None:
            return text, name, NO_MATCH
        match = self.index.lookup(text)
        return (text, None, match) if match else None

    def block_row(self, row: Sequence[object]) -> list[_BlockCell | None]:
        """What each cell of a row above the header says of the sheet (None: nothing)."""
        return _memoised(self._block, row, _read_block_cell)


def _memoised(memo: dict[object, T], row: Sequence[object], read: Callable[[object], T]) -> list[T]:
    """`read` of each cell of `row`, through `memo` (a run's: value → reading)."""
    # The values not seen before, found by set operations in C; each is read once (a merged
    # title repeats its value across the row), and then every cell is looked up, in C too.
    new = set(row).difference(memo)
    if new:
        if len(memo) + len(new) > MEMO_LIMIT:
            memo.clear()
            new = set(row)
        for value in new:
            memo[value] = read(value)
    return list(map(memo.__getitem__, row))


def _read_header_row(
    number: int, row: Sequence[object], reads: Sequence[HeaderCell | None]
) -> Header:
    """The header `row` would be, from what each of its cells names (`reads`)."""
    header = Header(row=number, form="long")
    for col, value in enumerate(row):
        found = reads[col]
        if found is None:
            if isinstance(value, str) and value.strip():
                text = " ".join(value.split())
                header.texts[col] = text
                header.ignored.append((col, text))
            continue
        text, name, match = found
        header.texts[col] = text
        if name in MULTI_FIELDS:
            header.notes.append(col)
        elif name is not None and name not in header.fields:
            header.fields[name] = col
        elif name is None:
            header.items.append(ItemColumn(col, text, match))
        else:
            header.ignored.append((col, text))
    if "item" in header.fields:
        header.form = "long"
        # An item title that happens to head a column of a long sheet is just another column.
        header.ignored.extend((c.index, c.header) for c in header.items)
        header.items = []
    else:
        header.form = "wide"
    header.ignored.sort()
    return header


def _usable(header: Header) -> bool:
    if header.form == "long":
        return any(f in header.fields for f in ("result", "deduction", "score"))
    return len(header.items) >= 2 or (len(header.items) == 1 and bool(header.fields))


def find_header(head: Sequence[Sequence[object]], index: ItemIndex | HeaderCells) -> Header | None:
    """The row among `head` (the first rows of a sheet) that best reads as a header.

    `index` is the run's HeaderCells (its memo shared by every sheet of the run), or an
    ItemIndex for a one-off search."""
    cells = index if isinstance(index, HeaderCells) else HeaderCells(index)
    rows = head[:HEADER_SEARCH_ROWS]
    # The values of the head that name something, in one pass over all of it (see
    # HeaderCells.named); a row holding none of them is passed over at C speed.
    named = cells.named(set(chain.from_iterable(rows)))
    if not named:
        return None
    best: Header | None = None
    # (the rows holding none of them passed over in C: those disjoint from `named`)
    holding = map(not_, map(named.isdisjoint, rows))
    for number, row in compress(enumerate(rows, start=1), holding):
        # A usable header names at least two things (an item and a result field, two items,
        # an item and a field); most rows of a sheet's head — titles, data — name one or none.
        if sum(map(named.__contains__, row)) < 2:
            continue
        candidate = cells.header(number, row, cells.row(row))
        if not _usable(candidate):
            continue
        if best is None or candidate.recognised > best.recognised:
            best = candidate
    return best


def best_guess(head: Sequence[Sequence[object]]) -> tuple[int, list[str]]:
    """For the 'no header' message: the row with the most text cells, and those texts."""
    best_row, best_texts = 0, list[str]()
    for number, row in enumerate(head[:HEADER_SEARCH_ROWS], start=1):
        texts = [" ".join(v.split()) for v in row if isinstance(v, str) and v.strip()]
        if len(texts) > len(best_texts):
            best_row, best_texts = number, texts
    return best_row, best_texts


@dataclass(frozen=True, slots=True)
class SheetValue:
    """A value given once for the whole sheet, and where it was found."""

    raw: object
    cell: str  # e.g. "B2", or "_svccheck!B7" for the form's metadata


@dataclass
class Block:
    """What the rows above the header say about the whole sheet."""

    values: dict[str, SheetValue] = field(default_factory=dict)
    kind_hints: list[str] = field(default_factory=list)


def _split_label(text: str, nfkc: str | None = None) -> list[tuple[str, str]]:
    """ "label：value" pairs of a cell (`nfkc`: the text's NFKC form, when known)."""
    folded = (unicodedata.normalize("NFKC", text) if nfkc is None else nfkc).strip()
    if len(folded) > MAX_LABEL_CHARS:
        return []
    return [(label, value.strip()) for label, value in _LABEL_VALUE.findall(folded)]


def _read_block_cell(value: object) -> _BlockCell | None:
    if not isinstance(value, str) or not value.strip():
        return None
    nfkc = unicodedata.normalize("NFKC", value)
    folded = " ".join(nfkc.split()).casefold()  # normalise(value)
    hints = tuple(k for word, k in _KIND_HINTS if word in folded)
    pairs = _split_label(value, nfkc) if ":" in nfkc else []
    if not pairs and match_field(value) in SHEET_FIELDS:
        pairs = [(value, "")]
    given = tuple(
        (name, text) for label, text in pairs if (name := match_field(label)) in SHEET_FIELDS
    )
    return (hints, given) if hints or given else None


BlockLine = tuple[tuple[str, ...], tuple[tuple[str, SheetValue], ...]]
"""What one row above the header says of the sheet: the kinds its cells hint at, and the
(sheet field, value) pairs it gives, in column order (the first of a field wins)."""


def read_block_line(
    number: int, row: Sequence[object], reads: Sequence[_BlockCell | None]
) -> BlockLine:
    """What row `number` above the header says, from what each of its cells says (`reads`):
    "网点：东环支行" in one cell, or a label cell and its value in the next non-empty one."""
    hints: list[str] = []
    given: list[tuple[str, SheetValue]] = []
    # (the cells that say something, in C: a reading is a non-empty tuple, or None)
    for col, found in compress(enumerate(reads), reads):
        assert found is not None
        kinds, pairs = found
        hints.extend(kinds)
        for name, text in pairs:
            if text:
                given.append((name, SheetValue(text, f"{column_letter(col)}{number}")))
                continue
            # The value sits in the next non-empty cell to the right.
            for right in range(col + 1, len(row)):
                if not is_blank(row[right]):
                    given.append((name, SheetValue(row[right], f"{column_letter(right)}{number}")))
                    break
    return tuple(hints), tuple(given)


def read_block(rows: Sequence[Sequence[object]], cells: HeaderCells | None = None) -> Block:
    """Sheet-wide values above the header: "网点：东环支行", or a label cell then a value cell.

    `cells` is the run's HeaderCells, whose memo reads each distinct text once (the reader
    keeps each distinct row's reading too: heads.AboveHeader)."""
    lines = (
        read_block_line(number, row, cells.block_row(row))
        if cells is not None
        else read_block_line(number, row, list(map(_read_block_cell, row)))
        for number, row in enumerate(rows, start=1)
    )
    return merge_block(lines)


def merge_block(lines: Iterable[BlockLine]) -> Block:
    """The block of the rows above the header, from what each says, top to bottom: the first
    value of each field wins; each kind hinted at is listed once."""
    block = Block()
    hints: list[str] = []
    for kinds, given in lines:
        hints.extend(kinds)
        for name, value in given:
            if name not in block.values:
                block.values[name] = value
    block.kind_hints = list(dict.fromkeys(hints))
    return block


def describe_columns(header: Header) -> dict[str, str]:
    """Column letter → field name or item id, for the read report."""
    columns: dict[str, str] = {}
    for name, col in header.fields.items():
        columns[column_letter(col)] = name
    for col in header.notes:
        columns[column_letter(col)] = "note"
    for item in header.items:
        label = item.match.unknown_id or "|".join(item.match.candidates)
        columns[column_letter(item.index)] = label
    return dict(sorted(columns.items(), key=lambda kv: (len(kv[0]), kv[0])))
