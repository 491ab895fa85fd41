"""Turn validated standards, checklist and taxonomy documents into the library model."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from svccheck.catalog.select import as_tuple as _tuple
from svccheck.catalog.select import select_items
from svccheck.i18n import Text
from svccheck.model import (
    DEFAULT_FIX_DAYS,
    DEFAULT_GRADES,
    Checklist,
    Grade,
    Item,
    Library,
    Location,
    Scoring,
    Standard,
    Taxonomy,
    Waiver,
)

__all__ = [
    "TAXONOMY_KINDS",
    "build_checklist",
    "build_library",
    "build_scoring",
    "build_standard",
    "build_taxonomy",
    "select_items",
]

TAXONOMY_KINDS = (
    "roles",
    "areas",
    "categories",
    "severity",
    "cadence",
    "method",
    "servqual",
    "kinds",
    "facilities",
)


def build_taxonomy(docs: Iterable[Mapping[str, Any]]) -> Taxonomy:
    """Merge taxonomy documents in order: later ones add ids (and may relabel them)."""
    terms: dict[str, dict[str, Text]] = {kind: {} for kind in TAXONOMY_KINDS}
    version = ""
    for doc in docs:
        version = str(doc.get("version", version))
        for kind in TAXONOMY_KINDS:
            for term, label in (doc.get(kind) or {}).items():
                terms[kind][str(term)] = Text.of(label)
    return Taxonomy(terms=terms, version=version)


def build_standard(
    doc: Mapping[str, Any],
    location: Location | None = None,
    item_locations: Mapping[int, Location] | None = None,
) -> Standard:
    sid = str(doc["standard"])
    default_role = doc.get("role")
    items = []
    for index, raw in enumerate(doc.get("items") or ()):
        items.append(
            Item(
                id=str(raw["id"]),
                standard=sid,
                role=str(raw.get("role") or default_role or "branch"),
                area=str(raw["area"]),
                category=str(raw["category"]),
                title=Text.of(raw["title"]),
                criterion=Text.of(raw["criterion"]),
                points=float(raw["points"]),
                max_points=None if raw.get("max_points") is None else float(raw["max_points"]),
                severity=str(raw["severity"]),
                cadence=_tuple(raw.get("cadence")),
                method=_tuple(raw.get("method")),
                servqual=raw.get("servqual"),
                tags=_tuple(raw.get("tags")),
                refs=_tuple(raw.get("refs")),
                location=(item_locations or {}).get(index),
                requires=_tuple(raw.get("requires")),
            )
        )
    return Standard(
        id=sid,
        title=Text.of(doc["title"]),
        version=str(doc.get("version", "")),
        items=tuple(items),
        role=default_role,
        effective=None if doc.get("effective") is None else str(doc["effective"]),
        location=location,
    )


def build_scoring(raw: Mapping[str, Any] | None) -> Scoring:
    raw = raw or {}
    grades = tuple(Grade(float(g["min"]), Text.of(g["label"])) for g in raw.get("grades") or ())
    defaults = Scoring()
    return Scoring(
        base=float(raw.get("base", defaults.base)),
        pass_mark=float(raw.get("pass_mark", defaults.pass_mark)),
        star_mark=float(raw.get("star_mark", defaults.star_mark)),
        veto=str(raw.get("veto", defaults.veto)),
        grades=grades or DEFAULT_GRADES,
        model=str(raw.get("model", defaults.model)),
        fix_days=build_fix_days(raw.get("fix_days")),
    )


def build_fix_days(raw: Mapping[str, Any] | None) -> tuple[tuple[str, int], ...]:
    """`scoring.fix_days` over the defaults: a checklist naming one severity keeps the others'."""
    days = dict(DEFAULT_FIX_DAYS)
    days.update({str(severity): int(n) for severity, n in (raw or {}).items()})
    return tuple(days.items())


def build_checklist(
    doc: Mapping[str, Any], standards: Mapping[str, Standard], location: Location | None = None
) -> Checklist:
    return Checklist(
        id=str(doc["checklist"]),
        title=Text.of(doc["title"]),
        kind=str(doc["kind"]),
        subject=str(doc.get("subject", "employee")),
        items=tuple(select_items(doc.get("select") or {}, standards)),
        scoring=build_scoring(doc.get("scoring")),
        location=location,
        accountable=None if doc.get("accountable") is None else str(doc["accountable"]),
        note=None if doc.get("note") is None else Text.of(doc["note"]),
    )


def build_library(
    taxonomy: Taxonomy,
    standards: Iterable[Standard],
    checklist_docs: Iterable[tuple[Mapping[str, Any], Location | None]],
    root: str = "",
    profiles: Mapping[str, frozenset[str]] | None = None,
    waivers: tuple[Waiver, ...] = (),
) -> Library:
    by_id = {s.id: s for s in standards}
    items: dict[str, Item] = {}
    for standard in by_id.values():
        for item in standard.items:
            items.setdefault(item.id, item)
    checklists = {}
    for doc, location in checklist_docs:
        checklist = build_checklist(doc, by_id, location)
        checklists[checklist.id] = checklist
    return Library(
        taxonomy=taxonomy,
        standards=by_id,
        items=items,
        checklists=checklists,
        root=root,
        profiles=dict(profiles or {}),
        waivers=waivers,
    )
