"""Browsing the library (`svccheck standards`): filter its items, render them as a table or JSON.

Filters accept a taxonomy id, its label in either language or a part of one label
(`--role teller`, `--role 综合柜员`, `--role 柜员`: `Taxonomy.match`); an unknown or ambiguous
value is a usage error naming the candidates by label and id, as the count line names the
filters it was made with. Renderers are
pure functions in `RENDERERS`; only the table renderer imports rich, when it is called.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from svccheck.errors import ConfigError
from svccheck.i18n import tr
from svccheck.model import Item, Library
from svccheck.terminal import one_word, terminal_text
from svccheck.textwidth import display_width

if TYPE_CHECKING:
    from rich.table import Table

# Filter option → (taxonomy kind, Item attribute)
FILTERS = {
    "role": ("roles", "role"),
    "category": ("categories", "category"),
    "severity": ("severity", "severity"),
}


def filter_items(library: Library, lang: str, **wanted: str | None) -> list[Item]:
    """The library's items, in standards order, that match every given filter."""
    chosen = resolve_filters(library, lang, **wanted)
    return [
        item
        for item in library.items.values()
        if all(getattr(item, FILTERS[o][1]) == term for o, term in chosen.items())
    ]


def resolve_filters(library: Library, lang: str, **wanted: str | None) -> dict[str, str]:
    """Each given filter (option → what the user typed) as its taxonomy id: the id itself, a
    label in either language, or a part of a label that names one term only (`--role 柜员`
    is 综合柜员, teller). Raises ConfigError naming the candidates, by label and id."""
    return {
        option: _term(library, option, value, lang) for option, value in wanted.items() if value
    }


def _term(library: Library, option: str, value: str, lang: str) -> str:
    kind = FILTERS[option][0]
    terms = library.taxonomy.terms.get(kind, {})
    matched = library.taxonomy.match(kind, value)
    if len(matched) == 1:
        return matched[0]
    if matched:
        raise ConfigError(
            tr(
                lang,
                "--{option} 的值 '{value}' 可指多个：{choices}；请写全",
                "--{option} '{value}' could be any of: {choices}; say which",
                option=option,
                value=value,
                choices=_names(library, kind, matched, lang),
            )
        )
    raise ConfigError(
        tr(
            lang,
            "--{option} 的值 '{value}' 不在词表中；可选：{choices}",
            "--{option} '{value}' is not in the taxonomy; choose from: {choices}",
            option=option,
            value=value,
            choices=_names(library, kind, terms, lang),
        )
    )


def term_name(library: Library, kind: str, term: str, lang: str) -> str:
    """A taxonomy term as people and scripts both know it: "综合柜员（teller）", "Teller
    (teller)" — the label without its explanation, then the id."""
    label = library.taxonomy.label(kind, term, lang)
    short = label.split("（")[0].split(" (")[0].strip() or label
    return f"{short}（{term}）" if lang == "zh" else f"{short} ({term})"


def _names(library: Library, kind: str, terms: Iterable[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(term_name(library, kind, t, lang) for t in terms)


_FILTER_NAMES = {"role": ("岗位", "role"), "category": ("类别", "category"),
                 "severity": ("严重程度", "severity")}  # fmt: skip


def filters_line(library: Library, chosen: Mapping[str, str], lang: str) -> str:
    """The filters a listing was made with, by label and id: "岗位：综合柜员（teller）"."""
    parts = []
    for option, term in chosen.items():
        name = _FILTER_NAMES[option][0 if lang == "zh" else 1]
        parts.append(
            f"{name}{tr(lang, '：', ': ')}{term_name(library, FILTERS[option][0], term, lang)}"
        )
    return tr(lang, "；", "; ").join(parts)


class BrowseContext(NamedTuple):
    lang: str = "en"
    color: bool = False
    width: int = 100
    fixed: frozenset[str] = frozenset()  # Item attributes every row shares (filtered on)


Renderer = Callable[[Library, Sequence[Item], BrowseContext], str]


def render_table(library: Library, items: Sequence[Item], context: BrowseContext) -> str:
    """A rich table; rich measures CJK characters as two cells, so columns stay aligned.

    Columns the user filtered on are left out (every row would say the same), and on a
    narrow terminal the least useful columns go first rather than the table being cut."""
    columns = [c for c in _COLUMNS if c not in context.fixed]
    rows = [[_HEADERS[c][0 if context.lang == "zh" else 1] for c in _COLUMNS]]
    rows += [[_cell(library, item, c, context.lang) for c in _COLUMNS] for item in items]
    while _least_width(rows, columns) > context.width and len(columns) > 3:
        columns.remove(next(c for c in _DROP_ORDER if c in columns))
    table = _table(rows, columns)
    return terminal_text([table], width=context.width, color=context.color)


def _least_width(rows: Sequence[Sequence[str]], columns: Sequence[str]) -> int:
    """The narrowest the table can be without breaking a word: a column is as wide as its
    longest word, and a column of one-word cells (`terminal.one_word`: a Chinese title or
    label, never wrapped) as its longest cell. Narrower, rich would fold a word
    (「大堂营销不纠」 / 「缠」) or cut the last column off."""

    def least(text: str) -> int:
        return max((display_width(word) for word in text.split()), default=1)

    widths = {c: max(least(row[_COLUMNS.index(c)]) for row in rows) for c in columns}
    return sum(widths.values()) + 3 * len(columns) - 1


# Column → (zh, en) header; the order of the table, and the order columns go when short of room.
_HEADERS = {
    "id": ("编号", "Id"),
    "title": ("条目", "Item"),
    "role": ("岗位", "Role"),
    "area": ("区域", "Area"),
    "category": ("类别", "Category"),
    "severity": ("严重程度", "Severity"),
    "points": ("扣分", "Points"),
    "cadence": ("频次", "Cadence"),
}
_COLUMNS = tuple(_HEADERS)
_DROP_ORDER = ("area", "role", "cadence", "category")
_TERM_KINDS = {"role": "roles", "area": "areas", "category": "categories", "severity": "severity"}


_TITLE_MIN = 12


def _cell(library: Library, item: Item, column: str, lang: str) -> str:
    def label(kind: str, term: str) -> str:
        # "红线（一票否决）" → "红线", "Daily (morning self/peer check)" → "Daily": the table
        # needs the name, not the explanation.
        text = library.taxonomy.label(kind, term, lang)
        return text.split("（")[0].split(" (")[0].strip() or text

    if column == "id":
        return item.id
    if column == "title":
        return item.title.get(lang)
    if column == "points":
        return _num(item.points) + (f"/{_num(item.max_points)}" if item.max_points else "")
    if column == "cadence":
        return ", ".join(label("cadence", c) for c in item.cadence)
    return label(_TERM_KINDS[column], getattr(item, column))


def _table(rows: Sequence[Sequence[str]], columns: Sequence[str]) -> Table:
    from rich import box
    from rich.table import Table

    shown = [_COLUMNS.index(c) for c in columns]
    table = Table(box=box.MINIMAL_HEAVY_HEAD, highlight=False, pad_edge=False)
    for column in columns:
        index = _COLUMNS.index(column)
        table.add_column(
            rows[0][index],
            no_wrap=column in ("id", "points") or one_word(row[index] for row in rows),
            overflow="fold",
            justify="right" if column == "points" else "left",
            min_width=_TITLE_MIN if column == "title" else None,
        )
    for row in rows[1:]:
        table.add_row(*(row[i] for i in shown))
    return table


def render_json(library: Library, items: Sequence[Item], context: BrowseContext) -> str:
    """Every item with its standard's role filled in and its text in both languages."""
    payload = {
        "schema": "svccheck/standards@1",
        "version": library.version,
        "count": len(items),
        "items": [item_record(item) for item in items],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def item_record(item: Item) -> dict[str, object]:
    return {
        "id": item.id,
        "standard": item.standard,
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
        "title": {"zh": item.title.zh, "en": item.title.en},
        "criterion": {"zh": item.criterion.zh, "en": item.criterion.en},
        "tags": list(item.tags),
        "refs": list(item.refs),
        "location": str(item.location) if item.location else None,
    }


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


RENDERERS: dict[str, Renderer] = {"table": render_table, "json": render_json}
