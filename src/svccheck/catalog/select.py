"""Resolving a checklist's `select` block to the item ids it picks.

Kept apart from build.py (which re-exports it) and free of the model: the linter resolves
selections on every `svccheck validate`, from documents that may be partly broken, and needs
neither the model's classes nor their import time — anything with the attributes below will do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol


class SelectableItem(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def area(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def cadence(self) -> tuple[str, ...]: ...


class SelectableStandard(Protocol):
    @property
    def items(self) -> Sequence[SelectableItem]: ...


def as_tuple(value: Any) -> tuple[str, ...]:
    """A YAML value written as one string or a list of them."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


FILTERS = {  # select key → Item attribute it filters on
    "roles": "role",
    "areas": "area",
    "categories": "category",
    "severity": "severity",
}


def select_items(
    select: Mapping[str, Any], standards: Mapping[str, SelectableStandard]
) -> list[str]:
    """The item ids a checklist's `select` block picks, in standards order then file order."""
    chosen_standards = as_tuple(select.get("standards")) or tuple(standards)
    cadence = set(as_tuple(select.get("cadence")))
    explicit = as_tuple(select.get("items"))
    exclude = set(as_tuple(select.get("exclude")))
    filters = {
        attr: set(as_tuple(select.get(key)))
        for key, attr in FILTERS.items()
        if select.get(key) is not None
    }
    picked: list[str] = []
    for sid in chosen_standards:
        standard = standards.get(sid)
        if standard is None:
            continue
        for item in standard.items:
            if cadence and not cadence.intersection(item.cadence):
                continue
            if any(getattr(item, attr) not in allowed for attr, allowed in filters.items()):
                continue
            picked.append(item.id)
    if explicit:
        # `items:` alone lists the form; beside other filters it adds to them.
        only_items = not any(k in select for k in ("standards", "cadence", *FILTERS))
        base = [] if only_items else picked
        picked = base + [i for i in explicit if i not in base]
    return [i for i in picked if i not in exclude]
