"""Finding items by what people write for them: an id, an exact title, or "TLR-01 着装规范".

Titles are not unique across the library (every role has a 着装规范), so a lookup returns the
candidate ids; the reader narrows them by checklist and, in the long form, by the row's role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from svccheck.model import Library
from svccheck.sheets.values import normalise

# An item id at the start of a header or cell: "TLR-01", "tlr-01 着装规范", "TLR-01着装规范".
_ID_PREFIX = re.compile(r"([a-z]{2,5}-\d{2,3})(?!\d)")


@dataclass(frozen=True, slots=True)
class ItemMatch:
    """What a header or cell names: candidate item ids, or an id-shaped text the library lacks."""

    candidates: tuple[str, ...] = ()
    unknown_id: str | None = None

    def __bool__(self) -> bool:
        return bool(self.candidates or self.unknown_id)


NO_MATCH = ItemMatch()
_MEMO_LIMIT = 100_000  # distinct texts remembered; past this the memo starts afresh


@dataclass
class ItemIndex:
    """Lookup of the library's items by id (any case) and exact zh/en title (normalised)."""

    library: Library
    by_id: dict[str, str] = field(init=False)
    by_title: dict[str, tuple[str, ...]] = field(init=False)
    # text → its match: the sheets of a run name the same items over and over
    _seen: dict[str, ItemMatch] = field(init=False, default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.by_id = {item_id.casefold(): item_id for item_id in self.library.items}
        titles: dict[str, list[str]] = {}
        for item in self.library.items.values():
            for title in (item.title.zh, item.title.en):
                if title:
                    ids = titles.setdefault(normalise(title), [])
                    if item.id not in ids:
                        ids.append(item.id)
        self.by_title = {key: tuple(ids) for key, ids in titles.items()}

    def lookup(self, text: str) -> ItemMatch:
        """An item header or cell → its candidates; NO_MATCH when it names no item at all."""
        try:
            return self._seen[text]
        except KeyError:
            pass
        if len(self._seen) >= _MEMO_LIMIT:
            self._seen.clear()
        match = self._seen[text] = self._lookup(text)
        return match

    def _lookup(self, text: str) -> ItemMatch:
        key = normalise(text)
        if not key:
            return NO_MATCH
        titled = self.by_title.get(key)
        if titled:
            return ItemMatch(titled)
        match = _ID_PREFIX.match(key)
        if match:
            item_id = self.by_id.get(match.group(1))
            if item_id is not None:
                return ItemMatch((item_id,))
            return ItemMatch(unknown_id=match.group(1).upper())
        return NO_MATCH
