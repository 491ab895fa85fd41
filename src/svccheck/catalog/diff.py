"""What changed between two versions of a standards library (`svccheck diff`).

Pure: two loaded libraries in, a frozen `LibraryDiff` out. Loading a version from a path is
`catalog/library.py`'s (`load_version`), rendering is `reporting/diff.py`'s.

What is compared:
- items, by id: added, removed, and for an item in both versions each field that differs
  (`ITEM_FIELDS`, most telling first) — among them `checklists`, the checklists that select it;
- checklists, by id: added, removed, and for one in both its scoring and settings
  (`CHECKLIST_FIELDS`) and the items it gained or lost.

Lists whose order means nothing (cadence, method, tags, refs, the checklists selecting an item,
a checklist's items) are compared as sets. An item's `checklists` field looks only at the
checklists both versions have: a checklist added or removed is reported once, as such, not
again on every item it holds. When either version is a single standard file there are no
checklists to compare, and the other version's items are narrowed to that file's standards
(and any item the file holds, wherever it went).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TypeVar

from svccheck.i18n import Text
from svccheck.model import Checklist, Grade, Item, Library

# Item fields in the order a reader cares about: what a violation costs first.
ITEM_FIELDS = (
    "points",
    "max_points",
    "severity",
    "criterion",
    "cadence",
    "checklists",
    "title",
    "standard",
    "role",
    "area",
    "category",
    "method",
    "servqual",
    "requires",
    "tags",
    "refs",
)
# Checklist fields: the marks and the scoring model first, then what the form is.
CHECKLIST_FIELDS = (
    "pass_mark",
    "star_mark",
    "model",
    "base",
    "veto",
    "grades",
    "kind",
    "subject",
    "accountable",
    "title",
    "note",
)
_SCORING_FIELDS = frozenset({"pass_mark", "star_mark", "model", "base", "veto", "grades"})
_UNORDERED = frozenset({"cadence", "method", "requires", "tags", "refs", "checklists"})

FieldValue = float | str | Text | tuple[str, ...] | tuple[Grade, ...] | None
_Thing = TypeVar("_Thing", Item, Checklist)


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of an item or checklist, as it was and as it is."""

    field: str
    old: FieldValue
    new: FieldValue


@dataclass(frozen=True, slots=True)
class ItemEntry:
    """An item only one version has, with the checklists that select it there."""

    item: Item
    checklists: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ItemChange:
    """An item both versions have, and the fields that differ (in `ITEM_FIELDS` order)."""

    id: str
    title: Text  # as the new version words it
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class ChecklistChange:
    """A checklist both versions have: the fields that differ and the items it gained or
    lost (ids in natural order)."""

    id: str
    title: Text  # as the new version words it
    changes: tuple[FieldChange, ...]
    items_added: tuple[str, ...] = ()
    items_removed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LibraryVersion:
    """One side of a comparison: a library as loaded from `path`.

    `single_file`: the path was one standard file (the library holds that standard alone);
    `has_checklists`: a checklists folder was there to load.
    """

    path: str
    library: Library
    single_file: bool = False
    has_checklists: bool = True


@dataclass(frozen=True, slots=True)
class Side:
    """Which version a side of the diff is: the path given and the standards' `version:`."""

    path: str
    version: str
    single_file: bool = False
    has_checklists: bool = True


@dataclass(frozen=True, slots=True)
class DiffSummary:
    items_added: int
    items_removed: int
    items_changed: int
    checklists_added: int
    checklists_removed: int
    checklists_changed: int

    @property
    def same(self) -> bool:
        return not any(
            (
                self.items_added,
                self.items_removed,
                self.items_changed,
                self.checklists_added,
                self.checklists_removed,
                self.checklists_changed,
            )
        )


@dataclass(frozen=True)
class LibraryDiff:
    """Everything that differs between `old` and `new`, ids in natural order (TLR-99 before
    TLR-100). `labels` holds the taxonomy's labels (the new version's over the old's) so a
    renderer needs nothing but this."""

    old: Side
    new: Side
    items_added: tuple[ItemEntry, ...]
    items_removed: tuple[ItemEntry, ...]
    items_changed: tuple[ItemChange, ...]
    checklists_compared: bool
    checklists_added: tuple[Checklist, ...] = ()
    checklists_removed: tuple[Checklist, ...] = ()
    checklists_changed: tuple[ChecklistChange, ...] = ()
    labels: Mapping[str, Mapping[str, Text]] | None = None

    @property
    def summary(self) -> DiffSummary:
        return DiffSummary(
            len(self.items_added),
            len(self.items_removed),
            len(self.items_changed),
            len(self.checklists_added),
            len(self.checklists_removed),
            len(self.checklists_changed),
        )

    @property
    def same(self) -> bool:
        return self.summary.same

    def label(self, kind: str, term: str) -> Text | None:
        """A taxonomy term's label (kind: roles, areas, categories, cadence, method, servqual)."""
        return (self.labels or {}).get(kind, {}).get(term)


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key reading runs of digits as numbers: TLR-2 < TLR-10, TLR-99 < TLR-100."""
    parts = [(0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"(\d+)", text) if p]
    return (*parts, (1, text))


def natural(ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(ids, key=natural_key))


def diff_libraries(old: LibraryVersion, new: LibraryVersion) -> LibraryDiff:
    """Compare two versions of a library: items, and checklists when both versions have them."""
    compared = not (old.single_file or new.single_file) and (
        old.has_checklists and new.has_checklists
    )
    old_items, new_items = _items(old, new), _items(new, old)
    was_in = _selections(old.library) if compared else {}
    now_in = _selections(new.library) if compared else {}
    common = set(old.library.checklists) & set(new.library.checklists)
    added = tuple(
        ItemEntry(new_items[i], natural(now_in.get(i, ())))
        for i in natural(new_items.keys() - old_items.keys())
    )
    removed = tuple(
        ItemEntry(old_items[i], natural(was_in.get(i, ())))
        for i in natural(old_items.keys() - new_items.keys())
    )
    changed = []
    for item_id in natural(old_items.keys() & new_items.keys()):
        selected: dict[str, tuple[FieldValue, FieldValue]] = {}
        if compared:
            selected["checklists"] = (
                natural(was_in.get(item_id, set()) & common),
                natural(now_in.get(item_id, set()) & common),
            )
        changes = _changes(
            ITEM_FIELDS, _item_value, old_items[item_id], new_items[item_id], selected
        )
        if changes:
            changed.append(ItemChange(item_id, new_items[item_id].title, changes))
    diff = LibraryDiff(
        old=_side(old, old_items),
        new=_side(new, new_items),
        items_added=added,
        items_removed=removed,
        items_changed=tuple(changed),
        checklists_compared=compared,
        labels=_labels(old.library, new.library),
    )
    return _with_checklists(diff, old.library, new.library) if compared else diff


def _with_checklists(diff: LibraryDiff, old: Library, new: Library) -> LibraryDiff:
    was, now = old.checklists, new.checklists
    changed = []
    for checklist_id in natural(was.keys() & now.keys()):
        before, after = was[checklist_id], now[checklist_id]
        changes = _changes(CHECKLIST_FIELDS, _checklist_value, before, after, {})
        gained = natural(set(after.items) - set(before.items))
        lost = natural(set(before.items) - set(after.items))
        if changes or gained or lost:
            changed.append(ChecklistChange(checklist_id, after.title, changes, gained, lost))
    return replace(
        diff,
        checklists_added=tuple(now[c] for c in natural(now.keys() - was.keys())),
        checklists_removed=tuple(was[c] for c in natural(was.keys() - now.keys())),
        checklists_changed=tuple(changed),
    )


def _items(side: LibraryVersion, other: LibraryVersion) -> dict[str, Item]:
    """The items of `side` taking part: all of them, unless `other` is a single standard
    file and `side` a whole library — then only its items of that file's standards, or
    that the file holds."""
    items = dict(side.library.items)
    if other.single_file and not side.single_file:
        standards = set(other.library.standards)
        wanted = set(other.library.items)
        items = {k: v for k, v in items.items() if v.standard in standards or k in wanted}
    return items


def _side(version: LibraryVersion, items: Mapping[str, Item]) -> Side:
    library = version.library
    if len(items) == len(library.items):
        text = library.version
    else:  # narrowed to a file's standards: their versions, not the whole library's
        standards = {i.standard for i in items.values()}
        text = (
            "+".join(sorted({s.version for s in library.standards.values() if s.id in standards}))
            or library.version
        )  # none of them there: the library's, for what it is worth
    return Side(version.path, text, version.single_file, version.has_checklists)


def _selections(library: Library) -> dict[str, set[str]]:
    """item id → the ids of the checklists that select it."""
    selected: dict[str, set[str]] = {}
    for checklist in library.checklists.values():
        for item_id in checklist.items:
            selected.setdefault(item_id, set()).add(checklist.id)
    return selected


def _item_value(field: str, item: Item) -> FieldValue:
    value: FieldValue = getattr(item, field)
    return value


def _checklist_value(field: str, checklist: Checklist) -> FieldValue:
    holder: object = checklist.scoring if field in _SCORING_FIELDS else checklist
    value: FieldValue = getattr(holder, field)
    return value


def _changes(
    fields: Iterable[str],
    get: Callable[[str, _Thing], FieldValue],
    was: _Thing,
    now: _Thing,
    given: Mapping[str, tuple[FieldValue, FieldValue]],
) -> tuple[FieldChange, ...]:
    """The fields that differ; `given` holds fields worked out by the caller (an item's
    checklists), and a field neither given nor an attribute is skipped."""
    out = []
    for field in fields:
        if field in given:
            before, after = given[field]
        elif field == "checklists":
            continue
        else:
            before, after = get(field, was), get(field, now)
        if _key(field, before) != _key(field, after):
            out.append(FieldChange(field, before, after))
    return tuple(out)


def _key(field: str, value: FieldValue) -> object:
    if field in _UNORDERED and isinstance(value, tuple):
        return frozenset(value)
    if isinstance(value, Text):  # no English and empty English say the same
        return (value.zh, value.en or None)
    return value


def _labels(old: Library, new: Library) -> dict[str, dict[str, Text]]:
    labels: dict[str, dict[str, Text]] = {}
    for library in (old, new):
        for kind, terms in library.taxonomy.terms.items():
            labels.setdefault(kind, {}).update(terms)
    return labels
