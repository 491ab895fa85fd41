"""`svccheck actions`: the corrective-action list (SPEC §8) as a terminal table, JSON, Markdown,
csv or an xlsx workbook.

One row per action, oldest due first: branch, subject and owner, item (id and title), found,
due, status, closed, closed by, days (to close, overdue, or open so far) and where it was
found. The terminal table is plain aligned text, not rich: a province-year holds ~40,000
actions and the list must print in well under a second. Every value from a user's file is made
inert for its format (`svccheck.safetext`).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from json.encoder import py_encode_basestring
from pathlib import PurePath

from svccheck.i18n import Text, tr
from svccheck.safetext import csv_cell, md, sheet_text, visible
from svccheck.scoring.actions import JSON_FIELDS, STATUSES, Action
from svccheck.textwidth import char_width, display_width

try:  # the C escaper of the json module, which json.dumps(ensure_ascii=False) uses
    from json.encoder import c_encode_basestring as _c_encode  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover — CPython always has it
    _c_encode = None
_encode_text: Callable[[str], str] = _c_encode or py_encode_basestring

ACTION_FORMATS = ("table", "json", "md", "csv", "xlsx")
ACTION_STATUS_LABELS: Mapping[str, Text] = {
    "open": Text("未到期", "open"),
    "overdue": Text("已逾期", "overdue"),
    "closed": Text("已整改", "closed"),
}


_SAID: Mapping[str, tuple[str, ...]] = {"overdue": ("逾期",), "closed": ("已销号", "销号")}
"""How people also say a status (the brief says 逾期未整改; a closed action is 销号)."""


def action_status(text: str, lang: str) -> str:
    """`--status` as a status: its id or its label in either language (已逾期, or 逾期 for
    short, as the brief says it), case and width folded. ConfigError for anything else."""
    from svccheck.errors import ConfigError
    from svccheck.sheets.values import normalise

    wanted = normalise(text)
    for status, label in ACTION_STATUS_LABELS.items():
        if wanted in {
            status,
            normalise(label.zh),
            normalise(label.get("en")),
            *_SAID.get(status, ()),
        }:
            return status
    raise ConfigError(
        tr(
            lang,
            "--status “{v}”应为 未到期（open）、已逾期（overdue）或 已整改（closed）",
            "--status '{v}' is not one of open, overdue, closed (未到期, 已逾期, 已整改)",
            v=text,
        )
    )


_HEADERS: tuple[tuple[str, Text], ...] = (
    ("branch", Text("网点", "Branch")),
    ("who", Text("整改对象/责任人", "Subject / owner")),
    ("item", Text("检查项目", "Item")),
    ("found", Text("发现日期", "Found")),
    ("due", Text("整改期限", "Due")),
    ("status", Text("状态", "Status")),
    ("closed", Text("整改日期", "Closed")),
    ("closed_by", Text("销号依据", "Closed by")),
    ("days", Text("天数", "Days")),
    ("source", Text("来源", "Source")),
)


@dataclass(frozen=True, slots=True)
class ActionList:
    """What `svccheck actions` shows: the actions chosen, as of a day, with item titles."""

    actions: Sequence[Action]
    as_of: dt.date
    titles: Mapping[str, Text]  # item id → title
    branch: str | None = None
    status: str | None = None


def render_actions(
    listing: ActionList, fmt: str, lang: str, width: int | None = None
) -> str | bytes:
    """The list in one of ACTION_FORMATS (xlsx: bytes). `width`: the terminal's columns, which
    the table fits (None: every column, however wide)."""
    if fmt == "table":
        return _table(listing, lang, width)
    renderers: dict[str, Callable[[ActionList, str], str | bytes]] = {
        "json": _json,
        "md": _markdown,
        "csv": _csv,
        "xlsx": _xlsx,
    }
    return renderers[fmt](listing, lang)


def status_label(status: str, lang: str) -> str:
    return ACTION_STATUS_LABELS[status].get(lang)


def _rows(listing: ActionList, lang: str, *, short: bool) -> list[list[str]]:
    """Each action's cells as text, in `_HEADERS` order; `short`: file names without folders
    (the terminal, Markdown and the printed xlsx; csv keeps the paths)."""
    as_of = listing.as_of
    items = {item: f"{item} {title.get(lang)}" for item, title in listing.titles.items()}
    labels = {status: status_label(status, lang) for status in STATUSES}
    name, iso = _Names(short), _Iso()

    rows = []
    for a in listing.actions:
        status = a.status(as_of)
        closed = status == "closed"
        rows.append(
            [
                a.branch,
                a.subject if a.owner == a.subject else f"{a.subject} / {a.owner}",
                items.get(a.item, a.item),
                iso[a.found],
                iso[a.due],
                labels[status],
                iso[a.closed] if closed and a.closed else "",
                name[a.closed_by] if closed and a.closed_by else "",
                str(a.days(as_of, status)),
                f"{name[a.file]} › {a.sheet} {a.cell or a.row}",
            ]
        )
    return rows


class _Iso(dict[dt.date, str]):
    """A date → its ISO text, each distinct date written once."""

    def __missing__(self, day: dt.date) -> str:
        text = self[day] = day.isoformat()
        return text


class _Names(dict[str, str]):
    """A file's path → as shown: its name alone when `short`; each path worked out once."""

    def __init__(self, short: bool) -> None:
        super().__init__()
        self.short = short

    def __missing__(self, path: str) -> str:
        shown = self[path] = PurePath(path).name if self.short else path
        return shown


class _Widths(dict[str, int]):
    """Display widths, each distinct text measured once (a year's list repeats its branches,
    names, items and files tens of thousands of times)."""

    def __missing__(self, text: str) -> int:
        width = self[text] = display_width(text)
        return width


def _summary(listing: ActionList, lang: str) -> str:
    counts = Counter(a.status(listing.as_of) for a in listing.actions)
    parts = "，" if lang == "zh" else ", "
    return tr(
        lang,
        "截至 {day}：{n} 项整改（{by}）",
        "As of {day}: {n} corrective actions ({by})",
        day=listing.as_of.isoformat(),
        n=len(listing.actions),
        by=parts.join(f"{status_label(s, lang)} {counts[s]}" for s in STATUSES),
    )


def _table(listing: ActionList, lang: str, width: int | None = None) -> str:
    """Plain aligned text, fitted to `width` columns: the least needed columns go first
    (`_NARROW`), then item titles are shortened with "…"; names are never cut or split."""
    headers = [h.get(lang) for _, h in _HEADERS]
    rows = _rows(listing, lang, short=True)
    if not rows:
        return _summary(listing, lang) + "\n"
    # Column by column, with list comprehensions: a year's list is ~40,000 rows of 10 cells.
    measured = _Widths().__getitem__
    columns = [list(column) for column in zip(*rows, strict=True)]
    sizes: list[list[int]] = []
    for n, column in enumerate(columns):
        if n in _ASCII_COLUMNS:  # dates and numbers: their length is their width
            sizes.append(list(map(len, column)))
        elif n == _SOURCE:  # "file › sheet cell": file and sheet measured once, cell ASCII
            parts = (text.rpartition(" ") for text in column)
            sizes.append([measured(head) + 1 + len(cell) for head, _, cell in parts])
        else:
            sizes.append(list(map(measured, column)))
    widths = [max(max(s), display_width(h)) for s, h in zip(sizes, headers, strict=True)]
    shown = _fit(widths, width)
    if width is not None and _ITEM in shown:
        room = width - sum(widths[n] + 2 for n in shown if n != _ITEM)
        if room < widths[_ITEM]:  # still too wide: shorten the titles, keep the ids
            columns[_ITEM], sizes[_ITEM] = _clipped(columns[_ITEM], sizes[_ITEM], room)
            widths[_ITEM] = max(max(sizes[_ITEM]), display_width(headers[_ITEM]))
    padded = []
    for n in shown:
        pairs = zip(columns[n], sizes[n], strict=True)
        if n == _DAYS:
            padded.append([" " * (widths[n] - size) + cell for cell, size in pairs])
        else:
            padded.append([cell + " " * (widths[n] - size) for cell, size in pairs])
    header_line = "  ".join(
        " " * (widths[n] - display_width(headers[n])) + headers[n]
        if n == _DAYS
        else headers[n] + " " * (widths[n] - display_width(headers[n]))
        for n in shown
    )
    rule = "  ".join("-" * widths[n] for n in shown)
    text = [_summary(listing, lang), "", header_line.rstrip(), rule]
    text += ["  ".join(cells).rstrip() for cells in zip(*padded, strict=True)]
    # plain text for a terminal: names and notes cannot send escape sequences
    return visible("\n".join(text) + "\n")


_ITEM, _DAYS, _SOURCE = 2, 8, len(_HEADERS) - 1
_ASCII_COLUMNS = frozenset({3, 4, 6, _DAYS})  # found, due, closed, days
# What a narrow terminal leaves out, first to last: closed by (a file name, often the
# source's again), source, found, closed, branch. The csv, json and xlsx keep every column.
_NARROW = (7, _SOURCE, 3, 6, 0)


def _fit(widths: Sequence[int], width: int | None) -> list[int]:
    """The columns shown: all, or as many as fit in `width` (two spaces between columns)."""
    shown = list(range(len(widths)))
    for n in _NARROW:
        if width is None or sum(widths[i] + 2 for i in shown) - 2 <= width:
            break
        shown.remove(n)
    return shown


def _clipped(cells: list[str], sizes: list[int], room: int) -> tuple[list[str], list[int]]:
    """Item cells ("TLR-31 离柜暂停与签退") cut to `room` columns with "…": the id stays whole
    however narrow, only the title is shortened."""
    out, out_sizes = [], []
    cut: dict[str, tuple[str, int]] = {}  # each distinct item cut once
    for cell, size in zip(cells, sizes, strict=True):
        if size > room:
            if cell not in cut:
                item, _, title = cell.partition(" ")
                keep, used = [], display_width(item) + 1
                for char in title:
                    if used + char_width(char) + 1 > room:
                        break
                    keep.append(char)
                    used += char_width(char)
                text = f"{item} {''.join(keep)}…" if keep else item
                cut[cell] = (text, display_width(text))
            cell, size = cut[cell]
        out.append(cell)
        out_sizes.append(size)
    return out, out_sizes


def _json(listing: ActionList, lang: str) -> str:
    as_of = listing.as_of
    counts = Counter(a.status(as_of) for a in listing.actions)
    head = {
        "as_of": as_of.isoformat(),
        "branch": listing.branch,
        "status": listing.status,
        "count": len(listing.actions),
        "by_status": {s: counts[s] for s in STATUSES},
    }
    titles = {item: title.get(lang) for item, title in listing.titles.items()}
    text = ",\n".join(_json_lines(listing.actions, as_of, titles))
    body = f"[\n{text}\n]" if text else "[]"
    return json.dumps(head, ensure_ascii=False)[:-1] + f', "actions": {body}}}\n'


# An action's JSON entry: `JSON_FIELDS`, then its item's title.
_JSON_LINE = "{" + ", ".join(f'"{key}": %s' for key in (*JSON_FIELDS, "title")) + "}"


def _json_lines(actions: Sequence[Action], as_of: dt.date, titles: Mapping[str, str]) -> list[str]:
    """Each action's JSON entry on one line: `Action.as_dict` and its title, written through a
    template with every distinct text and date encoded once — a year's ~40,000 actions repeat
    their branches, names, items, dates and files (tests/unit/test_scoring_actions.py holds
    the two to the same entries)."""
    e = _Encoded().__getitem__
    lines = []
    for a in actions:
        status = a.status(as_of)
        closed = status == "closed"
        lines.append(
            _JSON_LINE
            % (a.id, e(a.branch), e(a.subject), e(a.owner), e(a.item), e(a.checklist),
               e(a.severity), e(a.found), e(a.due), e(status), e(a.closed if closed else None),
               e(a.closed_by if closed else None), a.days(as_of, status), e(a.note), e(a.fix_note),
               e(a.file), e(a.sheet), a.row, e(a.cell), e(titles.get(a.item)))
        )  # fmt: skip
    return lines


class _Encoded(dict[object, str]):
    """A text, a date or None → its JSON, each distinct value encoded once."""

    def __missing__(self, value: object) -> str:
        if value is None:
            text = "null"
        elif isinstance(value, dt.date):
            text = f'"{value.isoformat()}"'
        else:
            text = _encode_text(str(value))
        self[value] = text
        return text


def _markdown(listing: ActionList, lang: str) -> str:
    headers = [h.get(lang) for _, h in _HEADERS]
    lines = [
        f"# {tr(lang, '整改清单', 'Corrective actions')}",
        "",
        md(_summary(listing, lang)),
        "",
        "| " + " | ".join(headers) + " |",
        "|" + "|".join("---:" if n == 8 else "---" for n in range(len(headers))) + "|",
    ]
    for row in _rows(listing, lang, short=True):
        lines.append("| " + " | ".join(md(cell) for cell in row) + " |")
    return "\n".join(lines) + "\n"


def _csv(listing: ActionList, lang: str) -> str:
    """UTF-8 with BOM, as every csv report (`reporting.csv.csv_text`)."""
    from svccheck.reporting.csv import csv_text

    header = [h.get(lang) for _, h in _HEADERS]
    rows = _rows(listing, lang, short=False)
    return csv_text([header, *([csv_cell(cell) for cell in row] for row in rows)])


def _xlsx(listing: ActionList, lang: str) -> bytes:
    import xlsxwriter

    from svccheck.reporting.xlsx import page_setup

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False})  # fmt: skip
    sheet = book.add_worksheet(tr(lang, "整改清单", "Actions"))
    bold = book.add_format({"bold": True, "bottom": 1})
    headers = [h.get(lang) for _, h in _HEADERS]
    rows = _rows(listing, lang, short=True)  # printed: file names, as the table shows them
    sheet.write_string(0, 0, sheet_text(_summary(listing, lang)))
    for col, header in enumerate(headers):
        sheet.write_string(2, col, header, bold)
    for r, row in enumerate(rows, start=3):
        for col, cell in enumerate(row):
            if col == 8 and cell.lstrip("-").isdigit():
                sheet.write_number(r, col, int(cell))
            else:
                sheet.write_string(r, col, sheet_text(cell))
    for col, header in enumerate(headers):
        longest = max([display_width(header), *(display_width(row[col]) for row in rows[:500])])
        sheet.set_column(col, col, min(max(longest + 2, 8), 60))
    sheet.freeze_panes(3, 0)
    page_setup(sheet, 2, 0.0)  # pinned on a wall: landscape A4, every column on one page wide
    if rows:
        sheet.autofilter(2, 0, 2 + len(rows), len(headers) - 1)
    book.close()
    return buffer.getvalue()
