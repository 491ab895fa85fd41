"""What an inspection covered (SPEC §4, contract version 2): a register's scope, read.

A register may say once above its header `检查范围：柜面服务、大堂经理` (or `范围：…`, `Scope: …`),
or carry a `检查范围` / `scope` column. Either is a list — separated by `,` `，` `、` `;` `；` or
spaces — of standard ids or titles, role or area ids or labels (zh or en), or item ids, matched
exactly (case and full-width folded); `全面`, `全面检查`, `全部` or `all` is the whole checklist.
A scope is the checklist's items it names: a findings-only register implies passes only within
it. Pure: the library in, item ids out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from svccheck.model import Checklist, Library
from svccheck.sheets.values import normalise

WHOLE_WORDS = frozenset(normalise(w) for w in ("全面", "全面检查", "全部", "all", "whole"))
_LIST = re.compile(r"[,，、;；]+")


@dataclass(frozen=True, slots=True)
class Scope:
    """A scope as read: the checklist's items it names (None: the whole checklist), and the
    words that named nothing known."""

    text: str
    items: frozenset[str] | None
    unknown: tuple[str, ...] = ()

    @property
    def whole(self) -> bool:
        return self.items is None


class ScopeWords:
    """Every word a scope may use, for one library: normalised word → item ids."""

    def __init__(self, library: Library) -> None:
        self.library = library

    @cached_property
    def index(self) -> Mapping[str, frozenset[str]]:
        library = self.library
        words: dict[str, set[str]] = {}

        def add(word: str | None, items: Iterable[str]) -> None:
            if word:
                words.setdefault(normalise(word), set()).update(items)

        for standard in library.standards.values():
            ids = [i.id for i in standard.items]
            for word in (standard.id, standard.title.zh, standard.title.en):
                add(word, ids)
        for kind, attribute in (("roles", "role"), ("areas", "area")):
            for term, label in library.taxonomy.terms.get(kind, {}).items():
                ids = [i.id for i in library.items.values() if getattr(i, attribute) == term]
                for word in (term, term.replace("_", " "), label.zh, label.en):
                    add(word, ids)
        for item in library.items.values():
            add(item.id, (item.id,))
        return {word: frozenset(ids) for word, ids in words.items()}

    def read(self, text: str, checklist: Checklist) -> Scope:
        """The scope `text` names on `checklist`."""
        folded = normalise(text)
        if not folded or folded in WHOLE_WORDS:
            return Scope(text, None)
        named: set[str] = set()
        unknown: list[str] = []
        for part in filter(None, (p.strip() for p in _LIST.split(text))):
            found = self._lookup(part)
            if found is None:  # "柜员 大堂经理", or a label with spaces ("Teller standard")
                for word in part.split():
                    if normalise(word) in WHOLE_WORDS:
                        return Scope(text, None)
                    hit = self._lookup(word)
                    if hit is None:
                        unknown.append(word)
                    else:
                        named.update(hit)
            elif found == "whole":
                return Scope(text, None)
            else:
                named.update(found)
        return Scope(text, frozenset(named).intersection(checklist.items), tuple(unknown))

    def _lookup(self, word: str) -> frozenset[str] | str | None:
        key = normalise(word)
        if key in WHOLE_WORDS:
            return "whole"
        return self.index.get(key)
