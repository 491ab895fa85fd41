"""The hidden `_svccheck` sheet that `svccheck form` writes, and what it tells the reader.

Key in column A, value in column B: `svccheck` (version), `checklist`, `fingerprint`
(= Library.fingerprint(checklist)), `standards_version`, `layout` (wide|long), `branch`, `date`,
and one `item:<ID>` row per item holding Item.fingerprint. A filled form is thereby read with
the checklist it was printed for, and a form printed from an older library is recognised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from svccheck.i18n import tr
from svccheck.model import Checklist, Library
from svccheck.sheets.layout import SheetValue
from svccheck.sheets.values import cell_text, is_blank

METADATA_SHEET: Final = "_svccheck"
# The other sheets `svccheck form` writes beside the form itself: the criteria (zh / en name)
# and the hidden list behind the register's dropdown. In a workbook that carries the metadata
# sheet they are svccheck's own, so the reader passes them by without a word.
CRITERIA_SHEET_NAMES: Final = ("标准说明", "Criteria")
ITEMS_SHEET: Final = "_items"
FORM_HELPER_SHEETS: Final = frozenset((METADATA_SHEET, ITEMS_SHEET, *CRITERIA_SHEET_NAMES))
ITEM_PREFIX: Final = "item:"


# A csv form has no hidden sheet: it says what it is on its first line, in words a person
# reads too ("综合柜员晨会自查表 · svccheck 表单 morning-teller · 标准库 2027.1"), and the
# line survives Excel or WPS opening and saving the file.
_FORM_LINE = re.compile(
    r"svccheck\s*(?:form|表单)\s*[:：]?\s*([A-Za-z0-9][A-Za-z0-9_.-]*)"
    r"(?:.*?(?:library|标准库)\s*[:：]?\s*([0-9][0-9A-Za-z_.+-]*))?"
)


def form_line(title: str, checklist: str, version: str, lang: str) -> str:
    """The first line of a csv form: its title, checklist and library version."""
    return tr(
        lang,
        "{title} · svccheck 表单 {id} · 标准库 {v}",
        "{title} · svccheck form {id} · library {v}",
        title=title,
        id=checklist,
        v=version,
    )


def metadata_from_lines(rows: Iterable[Sequence[object]]) -> FormMetadata | None:
    """What a csv form's first line (above its header) says of itself; None if no line does."""
    for row in rows:
        for value in row:
            if isinstance(value, str) and (found := _FORM_LINE.search(value)):
                return FormMetadata(checklist=found[1], standards_version=found[2] or None)
    return None


@dataclass(frozen=True)
class FormMetadata:
    """What a generated form says about itself."""

    checklist: str | None = None
    fingerprint: str | None = None
    version: str | None = None
    standards_version: str | None = None
    layout: str | None = None
    values: dict[str, SheetValue] = field(default_factory=dict)  # branch, date
    items: dict[str, str] = field(default_factory=dict)  # item id → item fingerprint


def parse_metadata(rows: Iterable[Sequence[object]]) -> FormMetadata:
    """Read the key/value rows of the metadata sheet; unknown keys are ignored."""
    plain: dict[str, str] = {}
    values: dict[str, SheetValue] = {}
    items: dict[str, str] = {}
    for number, row in enumerate(rows, start=1):
        if not row or is_blank(row[0]):
            continue
        key = cell_text(row[0]).strip()
        raw = row[1] if len(row) > 1 else ""
        if key.startswith(ITEM_PREFIX):
            items[key[len(ITEM_PREFIX) :].strip()] = cell_text(raw)
        elif key in ("branch", "date"):
            if not is_blank(raw):
                values[key] = SheetValue(raw, f"{METADATA_SHEET}!B{number}")
        else:
            plain[key] = cell_text(raw)
    return FormMetadata(
        checklist=plain.get("checklist") or None,
        fingerprint=plain.get("fingerprint") or None,
        version=plain.get("svccheck") or None,
        standards_version=plain.get("standards_version") or None,
        layout=plain.get("layout") or None,
        values=values,
        items=items,
    )


def outdated_warning(
    meta: FormMetadata, library: Library, checklist: Checklist, lang: str
) -> str | None:
    """A warning when the form was printed from a library that has changed since, else None."""
    if not meta.fingerprint or meta.fingerprint == library.fingerprint(checklist):
        return None
    current = {item.id: item.fingerprint for item in library.checklist_items(checklist)}
    changed = sorted(i for i in current if i in meta.items and meta.items[i] != current[i])
    added = sorted(i for i in current if i not in meta.items)
    removed = sorted(i for i in meta.items if i not in current)
    parts = []
    if changed:
        parts.append(tr(lang, "已修改：{ids}", "changed: {ids}", ids=", ".join(changed)))
    if added:
        parts.append(tr(lang, "新增：{ids}", "added: {ids}", ids=", ".join(added)))
    if removed:
        parts.append(tr(lang, "已删除：{ids}", "removed: {ids}", ids=", ".join(removed)))
    if not parts:
        parts.append(tr(lang, "评分规则已修改", "scoring rules changed"))
    version = meta.standards_version or "?"
    return tr(
        lang,
        "此表按旧版标准（{version}）生成，清单 {checklist} 此后有变化：{changes}；按当前标准计分",
        "this form was printed from an older library (standards {version}); checklist "
        "{checklist} has changed since — {changes}; it is scored against the current "
        "library",
        version=version,
        checklist=checklist.id,
        changes=tr(lang, "；", "; ").join(parts),
    )
