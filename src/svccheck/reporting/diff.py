"""`svccheck diff` as terminal text, Markdown or JSON: pure functions of a `LibraryDiff`.

    FORMATS["md"](diff, DiffOptions(lang="zh")) -> str

The table and Markdown formats show the same sections (items added, removed, changed;
checklists added, removed, changed), built once as plain rows by `sections`; JSON
(`svccheck/diff@1`) keeps ids and both languages. Every word comes in zh and en; numbers are
written as the other reports write them (`labels.points`). rich is imported only by the table.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from svccheck.catalog.diff import (
    ChecklistChange,
    FieldChange,
    FieldValue,
    ItemEntry,
    LibraryDiff,
    Side,
    natural,
)
from svccheck.i18n import Text, tr
from svccheck.model import Checklist, Grade, Item
from svccheck.reporting.labels import (
    SUBJECT_KIND_LABELS,
    VETO_LABELS,
    kind_label,
    points,
    severity_label,
)

SCHEMA_ID = "svccheck/diff@1"

FIELD_LABELS: Mapping[str, Text] = {
    "points": Text("扣分", "Points"),
    "max_points": Text("分值", "Max points"),
    "severity": Text("严重程度", "Severity"),
    "criterion": Text("检查标准", "Criterion"),
    "cadence": Text("频次", "Cadence"),
    "checklists": Text("所在检查表", "Checklists"),
    "title": Text("名称", "Title"),
    "standard": Text("所属标准", "Standard"),
    "role": Text("岗位", "Role"),
    "area": Text("区域", "Area"),
    "category": Text("类别", "Category"),
    "method": Text("检查方法", "Method"),
    "servqual": Text("服务质量维度", "SERVQUAL"),
    "requires": Text("所需设施", "Requires"),
    "tags": Text("标签", "Tags"),
    "refs": Text("依据", "References"),
    "pass_mark": Text("达标分", "Pass mark"),
    "star_mark": Text("明星分", "Star mark"),
    "model": Text("计分模型", "Scoring model"),
    "base": Text("基础分", "Base"),
    "veto": Text("红线处理", "Veto"),
    "grades": Text("等级", "Grades"),
    "kind": Text("检查方式", "Kind"),
    "subject": Text("受检对象", "Subject"),
    "accountable": Text("问责到人", "Accountable"),
    "note": Text("填写说明", "Note"),
    "items_added": Text("新增条目", "Items added"),
    "items_removed": Text("移除条目", "Items removed"),
}
MODEL_LABELS: Mapping[str, Text] = {
    "deduction": Text("倒扣分", "Deduction"),
    "rate": Text("得分率", "Rate"),
}
# field → the taxonomy kind its ids come from
_TERMS = {
    "role": "roles",
    "area": "areas",
    "category": "categories",
    "servqual": "servqual",
    "cadence": "cadence",
    "method": "method",
    "requires": "facilities",
}
_NUMBERS = frozenset({"points", "max_points", "base", "pass_mark", "star_mark"})


@dataclass(frozen=True, slots=True)
class DiffOptions:
    """`width`: terminal columns (the table); `color`: ANSI colours in the table."""

    lang: str = "en"
    width: int = 100
    color: bool = False


class Section(NamedTuple):
    """One part of the table and Markdown formats: a heading and plain-text rows."""

    title: str
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    right: tuple[int, ...] = ()  # columns of numbers


# ---------------------------------------------------------------------------- words


def title_line(diff: LibraryDiff, lang: str) -> str:
    return tr(
        lang,
        "标准库差异：{old} → {new}",
        "Library diff: {old} → {new}",
        old=diff.old.path,
        new=diff.new.path,
    )


def summary_line(diff: LibraryDiff, lang: str) -> str:
    """The versions and what changed, in one line ("2026.1 → 2027.1: items 2 added, …")."""
    versions = f"{diff.old.version or '—'} → {diff.new.version or '—'}"
    s = diff.summary
    if diff.same:
        what = tr(lang, "没有差异", "no difference")
        if not diff.checklists_compared:
            what += tr(lang, "（只比较了条目）", " (items compared only)")
        return tr(lang, "{v}：{what}", "{v}: {what}", v=versions, what=what)
    items = tr(
        lang,
        "条目新增 {a} 项、删除 {r} 项、修改 {c} 项",
        "items {a} added, {r} removed, {c} changed",
        a=s.items_added,
        r=s.items_removed,
        c=s.items_changed,
    )
    if diff.checklists_compared:
        checklists = tr(
            lang,
            "检查表新增 {a} 张、删除 {r} 张、修改 {c} 张",
            "checklists {a} added, {r} removed, {c} changed",
            a=s.checklists_added,
            r=s.checklists_removed,
            c=s.checklists_changed,
        )
    else:
        checklists = tr(lang, "检查表未比较", "checklists not compared")
    return tr(
        lang,
        "{v}：{items}；{checklists}",
        "{v}: {items}; {checklists}",
        v=versions,
        items=items,
        checklists=checklists,
    )


def not_compared_line(diff: LibraryDiff, lang: str) -> str | None:
    """Why the checklists were not compared, when they were not."""
    if diff.checklists_compared:
        return None
    for side in (diff.old, diff.new):
        if side.single_file:
            return tr(
                lang,
                "检查表未比较：{path} 是单个标准文件，只比较条目。",
                "Checklists not compared: {path} is a single standard file; items only.",
                path=side.path,
            )
    side = diff.old if not diff.old.has_checklists else diff.new
    return tr(
        lang,
        "检查表未比较：{path} 旁没有 checklists 文件夹。",
        "Checklists not compared: {path} has no checklists folder beside it.",
        path=side.path,
    )


def field_label(field: str, lang: str) -> str:
    return FIELD_LABELS[field].get(lang)


def value_text(diff: LibraryDiff, field: str, value: FieldValue, lang: str) -> str:
    """A field's value as people read it: labels, not ids, where the taxonomy has them."""
    if value is None or value == ():
        return "—"
    if isinstance(value, Text):
        return value.get(lang)
    if field in _NUMBERS and isinstance(value, float | int):
        return points(value)
    if isinstance(value, tuple):
        if field == "grades":
            return _joined(
                [f"{g.label.get(lang)} ≥ {points(g.min)}" for g in value if isinstance(g, Grade)],
                lang,
            )
        if field == "checklists":
            return _ids([str(v) for v in value])
        return _joined([_term(diff, field, str(v), lang) for v in value], lang)
    return _term(diff, field, str(value), lang)


def _term(diff: LibraryDiff, field: str, value: str, lang: str) -> str:
    if field == "severity":
        return severity_label(value, lang)
    if field == "kind":
        return kind_label(value, lang)
    fixed = {
        "subject": SUBJECT_KIND_LABELS,
        "accountable": SUBJECT_KIND_LABELS,
        "veto": VETO_LABELS,
        "model": MODEL_LABELS,
    }.get(field)
    if fixed is not None:
        text = fixed.get(value)
        return text.get(lang) if text else value
    kind = _TERMS.get(field)
    label = diff.label(kind, value) if kind else None
    if label is None:
        return value
    # "每日（晨会自查互查）" → "每日": the name, not its explanation
    full = label.get(lang)
    return full.split("（")[0].split(" (")[0].strip() or full


def _joined(parts: Sequence[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(parts) or "—"


def _ids(ids: Sequence[str]) -> str:
    """Ids joined with a space after each comma, so a narrow column wraps between ids."""
    return ", ".join(ids) or "—"


def change_texts(diff: LibraryDiff, change: FieldChange, lang: str) -> tuple[str, str]:
    """Old and new as text. Text that reads the same in `lang` changed in the other language:
    that one is shown, marked, so the row never shows two equal values."""
    old = value_text(diff, change.field, change.old, lang)
    new = value_text(diff, change.field, change.new, lang)
    if old == new and (isinstance(change.old, Text) or isinstance(change.new, Text)):
        other = "en" if lang == "zh" else "zh"
        mark = "(en) " if other == "en" else "(中文) "

        def in_other(value: FieldValue) -> str:
            text = getattr(value, other, None) if isinstance(value, Text) else None
            return mark + text if text else "—"

        return in_other(change.old), in_other(change.new)
    return old, new


# ---------------------------------------------------------------------------- sections


def sections(diff: LibraryDiff, lang: str) -> list[Section]:
    """The sections that have rows, in reading order."""

    def t(zh: str, en: str) -> str:
        return tr(lang, zh, en)

    found = [
        _entries(diff, t("新增条目", "Items added"), diff.items_added, lang),
        _entries(diff, t("删除条目", "Items removed"), diff.items_removed, lang),
        _changed(
            t("修改条目", "Items changed"),
            [
                (
                    c.id,
                    c.title.get(lang),
                    [change_texts(diff, f, lang) for f in c.changes],
                    [f.field for f in c.changes],
                )
                for c in diff.items_changed
            ],
            lang,
        ),
        _checklists(diff, t("新增检查表", "Checklists added"), diff.checklists_added, lang),
        _checklists(diff, t("删除检查表", "Checklists removed"), diff.checklists_removed, lang),
        _changed(
            t("修改检查表", "Checklists changed"),
            [_checklist_change(diff, c, lang) for c in diff.checklists_changed],
            lang,
        ),
    ]
    return [s for s in found if s.rows]


def _head(lang: str, *keys: str) -> tuple[str, ...]:
    words = {
        "id": Text("编号", "Id"),
        "title": Text("名称", "Title"),
        "field": Text("字段", "Field"),
        "old": Text("原", "Old"),
        "new": Text("新", "New"),
        "items": Text("条目数", "Items"),
        **FIELD_LABELS,
    }
    return tuple(words[k].get(lang) for k in keys)


def _entries(diff: LibraryDiff, title: str, entries: Sequence[ItemEntry], lang: str) -> Section:
    # the checklists selecting it: only when there were checklists to compare
    shown = 7 if diff.checklists_compared else 6
    head = _head(lang, "id", "title", "standard", "role", "severity", "points", "checklists")
    rows = tuple(
        (
            e.item.id,
            e.item.title.get(lang),
            e.item.standard,
            _term(diff, "role", e.item.role, lang),
            severity_label(e.item.severity, lang),
            _points_text(e.item),
            _ids(e.checklists),
        )[:shown]
        for e in entries
    )
    return Section(title, head[:shown], rows, right=(5,))


def _points_text(item: Item) -> str:
    """Points, with the cap when there is one: "1", "1/3" (as `svccheck standards` shows)."""
    text = points(item.points)
    return text if item.max_points is None else f"{text}/{points(item.max_points)}"


def _checklists(
    diff: LibraryDiff, title: str, checklists: Sequence[Checklist], lang: str
) -> Section:
    head = _head(lang, "id", "title", "kind", "subject", "model", "items")
    rows = tuple(
        (
            c.id,
            c.title.get(lang),
            kind_label(c.kind, lang),
            _term(diff, "subject", c.subject, lang),
            _term(diff, "model", c.scoring.model, lang),
            str(len(c.items)),
        )
        for c in checklists
    )
    return Section(title, head, rows, right=(5,))


_Changed = tuple[str, str, list[tuple[str, str]], list[str]]


def _checklist_change(diff: LibraryDiff, change: ChecklistChange, lang: str) -> _Changed:
    texts = [change_texts(diff, f, lang) for f in change.changes]
    fields = [f.field for f in change.changes]
    if change.items_added:
        texts.append(("—", _ids(change.items_added)))
        fields.append("items_added")
    if change.items_removed:
        texts.append((_ids(change.items_removed), "—"))
        fields.append("items_removed")
    return change.id, change.title.get(lang), texts, fields


def _changed(title: str, changes: Sequence[_Changed], lang: str) -> Section:
    """One row per field; the id and title on the first row of each."""
    rows: list[tuple[str, ...]] = []
    for thing_id, name, texts, fields in changes:
        for index, ((old, new), field) in enumerate(zip(texts, fields, strict=True)):
            first = index == 0
            rows.append(
                (
                    thing_id if first else "",
                    name if first else "",
                    field_label(field, lang),
                    old,
                    new,
                )
            )
    return Section(title, _head(lang, "id", "title", "field", "old", "new"), tuple(rows))


# ---------------------------------------------------------------------------- table


def render_table(diff: LibraryDiff, options: DiffOptions) -> str:
    """Terminal text: rich tables (CJK measured as two columns), `options.width` wide."""
    from rich import box
    from rich.console import Group, RenderableType
    from rich.table import Table
    from rich.text import Text as RichText

    from svccheck.terminal import terminal_text

    lang = options.lang
    parts: list[RenderableType] = [
        RichText(title_line(diff, lang), style="bold"),
        RichText(summary_line(diff, lang)),
    ]
    note = not_compared_line(diff, lang)
    if note:
        parts.append(RichText(note, style="dim"))
    for section in sections(diff, lang):
        table = Table(
            title=section.title,
            title_justify="left",
            title_style="bold",
            box=box.SIMPLE_HEAD,
            pad_edge=False,
            show_edge=False,
        )
        for index, heading in enumerate(section.head):
            table.add_column(
                heading,
                justify="right" if index in section.right else "left",
                no_wrap=index == 0,
                overflow="fold",
            )
        for row in section.rows:
            table.add_row(*(RichText(cell) for cell in row))
        parts += [RichText(""), table]
    text = terminal_text([Group(*parts)], width=max(60, options.width), color=options.color)
    # rich pads every row to the table's width: trailing blanks nobody wants to copy
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


# ---------------------------------------------------------------------------- markdown


def render_md(diff: LibraryDiff, options: DiffOptions) -> str:
    """Markdown: a heading, the summary line, one table per section."""
    from svccheck.safetext import md as esc

    lang = options.lang
    parts = [f"# {esc(title_line(diff, lang))}", f"**{esc(summary_line(diff, lang))}**"]
    note = not_compared_line(diff, lang)
    if note:
        parts.append(esc(note))
    for section in sections(diff, lang):
        align = ["---:" if i in section.right else "---" for i in range(len(section.head))]
        lines = [
            f"## {esc(section.title)}",
            "",
            "| " + " | ".join(esc(h) for h in section.head) + " |",
            "| " + " | ".join(align) + " |",
        ]
        lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in section.rows]
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


# ---------------------------------------------------------------------------- json


def render_json(diff: LibraryDiff, options: DiffOptions) -> str:
    """`svccheck/diff@1`: ids sorted naturally, text in both languages, numbers as numbers."""
    return json.dumps(document(diff), ensure_ascii=False, indent=2) + "\n"


def document(diff: LibraryDiff) -> dict[str, Any]:
    s = diff.summary
    return {
        "schema": SCHEMA_ID,
        "old": _side(diff.old),
        "new": _side(diff.new),
        "summary": {
            "same": diff.same,
            "items_added": s.items_added,
            "items_removed": s.items_removed,
            "items_changed": s.items_changed,
            "checklists_compared": diff.checklists_compared,
            "checklists_added": s.checklists_added,
            "checklists_removed": s.checklists_removed,
            "checklists_changed": s.checklists_changed,
        },
        "items": {
            "added": [_item(e, diff.checklists_compared) for e in diff.items_added],
            "removed": [_item(e, diff.checklists_compared) for e in diff.items_removed],
            "changed": [{"id": c.id, "fields": _fields(c.changes)} for c in diff.items_changed],
        },
        "checklists": {
            "compared": diff.checklists_compared,
            "added": [_checklist(c) for c in diff.checklists_added],
            "removed": [_checklist(c) for c in diff.checklists_removed],
            "changed": [
                {
                    "id": c.id,
                    "fields": _fields(c.changes),
                    "items": {"added": list(c.items_added), "removed": list(c.items_removed)},
                }
                for c in diff.checklists_changed
            ],
        },
    }


def _side(side: Side) -> dict[str, Any]:
    return {"path": side.path, "version": side.version}


def _fields(changes: Sequence[FieldChange]) -> dict[str, dict[str, Any]]:
    return {c.field: {"old": _json(c.old), "new": _json(c.new)} for c in changes}


def _json(value: FieldValue) -> Any:
    if isinstance(value, Text):
        return {"zh": value.zh, "en": value.en}
    if isinstance(value, tuple):
        return [
            {"min": v.min, "label": _json(v.label)} if isinstance(v, Grade) else v for v in value
        ]
    return value


def _item(entry: ItemEntry, compared: bool) -> dict[str, Any]:
    item = entry.item
    return {
        "id": item.id,
        "standard": item.standard,
        "title": _json(item.title),
        "criterion": _json(item.criterion),
        "role": item.role,
        "area": item.area,
        "category": item.category,
        "severity": item.severity,
        "points": item.points,
        "max_points": item.max_points,
        "cadence": list(item.cadence),
        "method": list(item.method),
        "servqual": item.servqual,
        "requires": list(item.requires),
        "tags": list(item.tags),
        "refs": list(item.refs),
        "checklists": list(entry.checklists) if compared else None,
    }


def _checklist(checklist: Checklist) -> dict[str, Any]:
    scoring = checklist.scoring
    return {
        "id": checklist.id,
        "title": _json(checklist.title),
        "kind": checklist.kind,
        "subject": checklist.subject,
        "accountable": checklist.accountable,
        "scoring": {
            "model": scoring.model,
            "base": scoring.base,
            "pass_mark": scoring.pass_mark,
            "star_mark": scoring.star_mark,
            "veto": scoring.veto,
        },
        "items": list(natural(checklist.items)),
    }


Renderer = Callable[[LibraryDiff, DiffOptions], str]
FORMATS: Mapping[str, Renderer] = {"table": render_table, "json": render_json, "md": render_md}


def render(diff: LibraryDiff, fmt: str, options: DiffOptions) -> str:
    """The diff in one of FORMATS."""
    return FORMATS[fmt](diff, options)
