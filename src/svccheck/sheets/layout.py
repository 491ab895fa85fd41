"""Where things are on a sheet: the header row, what each column holds, the block above it.

A filled sheet starts with whatever people put there — a merged title, "网点：东环支行 日期：
2026年10月8日", blank rows — and then a header row. This module finds that header in the first
rows, maps its columns to fields (SPEC §4) or items, and reads sheet-wide values (branch, date,
checker…) from the block above it. Everything here runs once per sheet, never per data row.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from svccheck.model import column_letter
from svccheck.sheets.items import ItemIndex, ItemMatch
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
_LABEL_VALUE = re.compile(r"([^\s:]+?)\s*:\s*(.*?)(?=\s+[^\s:]+\s*:|$)")
_KIND_HINTS: Final = (
    ("互查", "peer_check"),
    ("自查", "self_check"),
    ("peer check", "peer_check"),
    ("self-check", "self_check"),
    ("登记簿", "inspection"),
    ("inspection", "inspection"),
)


def header_keys(text: str) -> list[str]:
    """The normalised readings of a header cell, most literal first."""
    key = normalise(text).rstrip("*:").strip()
    keys = [key, key.replace("_", " "), key.replace(" ", "_")]
    for line in unicodedata.normalize("NFKC", text).splitlines():
        keys.append(normalise(line).rstrip("*:").strip())
    for pattern in (_GLOSS, _ZH_EN):
        match = pattern.fullmatch(key)
        if match:
            keys.extend(part.strip() for part in match.groups())
    return [k for k in dict.fromkeys(keys) if k]


def match_field(text: str) -> str | None:
    """A header cell → the field it names (SPEC §4), or None."""
    for key in header_keys(text):
        name = _HEADER_INDEX.get(key)
        if name is not None:
            return name
    return None


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


def _read_header_row(number: int, row: Sequence[object], index: ItemIndex) -> Header:
    header = Header(row=number, form="long")
    for col, value in enumerate(row):
        if not isinstance(value, str) or not value.strip():
            continue
        text = " ".join(value.split())
        header.texts[col] = text
        name = match_field(text)
        if name in MULTI_FIELDS:
            header.notes.append(col)
        elif name is not None and name not in header.fields:
            header.fields[name] = col
        elif name is None and (match := index.lookup(text)):
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


def find_header(head: Sequence[Sequence[object]], index: ItemIndex) -> Header | None:
    """The row among `head` (the first rows of a sheet) that best reads as a header."""
    best: Header | None = None
    for number, row in enumerate(head[:HEADER_SEARCH_ROWS], start=1):
        candidate = _read_header_row(number, row, index)
        if _usable(candidate) and (best is None or candidate.recognised > best.recognised):
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


def _split_label(text: str) -> list[tuple[str, str]]:
    folded = unicodedata.normalize("NFKC", text).strip()
    return [(label, value.strip()) for label, value in _LABEL_VALUE.findall(folded)]


def read_block(rows: Sequence[Sequence[object]]) -> Block:
    """Sheet-wide values above the header: "网点：东环支行", or a label cell then a value cell."""
    block = Block()
    for number, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if not isinstance(value, str) or not value.strip():
                continue
            folded = normalise(value)
            block.kind_hints.extend(k for word, k in _KIND_HINTS if word in folded)
            cell = f"{column_letter(col)}{number}"
            pairs = _split_label(value) if ":" in unicodedata.normalize("NFKC", value) else []
            if not pairs and match_field(value) in SHEET_FIELDS:
                pairs = [(value, "")]
            for label, text in pairs:
                name = match_field(label)
                if name not in SHEET_FIELDS or name in block.values:
                    continue
                if text:
                    block.values[name] = SheetValue(text, cell)
                    continue
                # The value sits in the next non-empty cell to the right.
                for right in range(col + 1, len(row)):
                    if not is_blank(row[right]):
                        where = f"{column_letter(right)}{number}"
                        block.values[name] = SheetValue(row[right], where)
                        break
    block.kind_hints = list(dict.fromkeys(block.kind_hints))
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
