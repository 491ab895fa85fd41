"""Which checklist a sheet is scored with: the form's metadata, else --checklist, else inferred.

Inference takes the checklists that hold every item the sheet names, then narrows a tie by what
the sheet says about the kind of check (a 检查方式 column; a title such as 晨会互查表; a register
with 扣分 but no 结果 column; wide sheets being morning checks and long ones inspections).
More than one left, or none at all, is a usage problem: the ConfigError lists the candidates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from svccheck.errors import ConfigError
from svccheck.i18n import Text, tr
from svccheck.model import Checklist, Library
from svccheck.sheets.items import ItemMatch
from svccheck.sheets.metadata import FormMetadata, outdated_warning

NO_CHECKLIST = Checklist(id="", title=Text(""), kind="", subject="employee", items=())
"""Stands in when a sheet names no known item at all: every row is then rejected by item."""


@dataclass
class Resolution:
    checklist: Checklist
    source: str  # metadata | argument | inferred | none
    warnings: list[str] = field(default_factory=list)


def from_metadata(
    meta: FormMetadata | None, argument: str | None, library: Library, lang: str
) -> Resolution | None:
    """The checklist the form was printed for, with the warnings it brings; None without one."""
    if meta is None or not meta.checklist:
        return None
    checklist = library.checklists.get(meta.checklist)
    if checklist is None:
        return Resolution(
            NO_CHECKLIST,
            "none",
            [
                tr(
                    lang,
                    "此表是为检查表 {id} 生成的，当前标准库中没有该检查表",
                    "this form was printed for checklist {id}, "
                    "which the current library does not have",
                    id=meta.checklist,
                )
            ],
        )
    warnings = []
    if argument and argument != checklist.id:
        warnings.append(
            tr(
                lang,
                "此表是为检查表 {id} 生成的（见隐藏的元数据表），已忽略 --checklist {arg}",
                "this form was printed for checklist {id} (its hidden metadata "
                "says so); --checklist {arg} is not applied to it",
                id=checklist.id,
                arg=argument,
            )
        )
    outdated = outdated_warning(meta, library, checklist, lang)
    if outdated:
        warnings.append(outdated)
    return Resolution(checklist, "metadata", warnings)


def infer(
    library: Library,
    seen: Sequence[ItemMatch],
    kinds: Iterable[str],
    hints: Sequence[frozenset[str]],
    where: str,
    lang: str,
) -> Resolution:
    """The one checklist that holds every item seen, narrowed by kind; else ConfigError."""
    known = [m for m in seen if m.candidates]
    if not known:
        return Resolution(NO_CHECKLIST, "none")
    wanted = {frozenset(m.candidates) for m in known}  # a sheet names each item many times
    fits = []
    for c in library.checklists.values():
        members = frozenset(c.items)
        if all(not w.isdisjoint(members) for w in wanted):
            fits.append(c)
    if not fits:
        raise ConfigError(_no_fit(library, known, where, lang))
    for preferred in (frozenset(kinds), *hints):
        narrowed = [c for c in fits if c.kind in preferred]
        if narrowed:
            fits = narrowed
        if len(fits) == 1:
            return Resolution(fits[0], "inferred")
    listed = ", ".join(f"{c.id} ({c.title.get(lang)})" for c in fits)
    raise ConfigError(
        tr(
            lang,
            "{where}：无法判断使用哪张检查表——表中项目同时属于 {n} 张检查表：{listed}。"
            "请用 --checklist 指定",
            "{where}: cannot tell which checklist this sheet is for — its items fit {n} "
            "checklists: {listed}. Name one with --checklist",
            where=where,
            n=len(fits),
            listed=listed,
        )
    )


def _no_fit(library: Library, known: Sequence[ItemMatch], where: str, lang: str) -> str:
    on_some = {i for c in library.checklists.values() for i in c.items}
    orphans = sorted({m.candidates[0] for m in known if not set(m.candidates) & on_some})

    def missing(checklist: Checklist) -> list[str]:
        members = set(checklist.items)
        return sorted({m.candidates[0] for m in known if not set(m.candidates) & members})

    ranked = sorted(library.checklists.values(), key=lambda c: (len(missing(c)), c.id))
    closest = "; ".join(
        tr(
            lang,
            "{id} 缺少 {items}",
            "{id} lacks {items}",
            id=c.id,
            items=", ".join(missing(c)[:8]) + (" …" if len(missing(c)) > 8 else ""),
        )
        for c in ranked[:5]
        if len(missing(c)) == len(missing(ranked[0]))  # the closest ones, all of them (≤ 5)
    )
    message = tr(
        lang,
        "{where}：没有一张检查表包含此表的全部项目；最接近的：{closest}。请用 --checklist 指定",
        "{where}: no checklist holds all the items of this sheet; closest: {closest}. "
        "Name one with --checklist",
        where=where,
        closest=closest,
    )
    if orphans:
        message += tr(
            lang,
            "（不属于任何检查表的项目：{items}）",
            " (items on no checklist: {items})",
            items=", ".join(orphans),
        )
    return message
