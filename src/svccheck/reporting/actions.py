"""`svccheck actions`: the corrective-action list (SPEC §8) as a terminal table, JSON, Markdown,
csv or an xlsx workbook.

One row per action, oldest due first: branch, subject and owner, item (id and title), found,
due, status, closed, closed by, days (to close, overdue, or open so far) and where it was
found. The terminal table is plain aligned text, not rich: a province-year holds ~40,000
actions and the list must print in well under a second. Every value from a user's file is made
inert for its format (`svccheck.safetext`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from svccheck.i18n import Text, tr
from svccheck.safetext import csv_cell, md, sheet_text, visible
from svccheck.scoring.actions import STATUSES, Action
from svccheck.textwidth import display_width

ACTION_FORMATS = ("table", "json", "md", "csv", "xlsx")
ACTION_STATUS_LABELS: Mapping[str, Text] = {
    "open": Text("未到期", "open"),
    "overdue": Text("已逾期", "overdue"),
    "closed": Text("已整改", "closed"),
}
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


def render_actions(listing: ActionList, fmt: str, lang: str) -> str | bytes:
    """The list in one of ACTION_FORMATS (xlsx: bytes)."""
    renderers: dict[str, Callable[[ActionList, str], str | bytes]] = {
        "table": _table,
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
    (the terminal and Markdown)."""
    as_of, titles = listing.as_of, listing.titles
    rows = []
    for a in listing.actions:
        status = a.status(as_of)
        closed = status == "closed"
        title = titles.get(a.item)
        by = a.closed_by or ""
        file = a.file
        if short:
            by, file = PurePath(by).name if by else "", PurePath(file).name
        rows.append(
            [
                a.branch,
                a.subject if a.owner == a.subject else f"{a.subject} / {a.owner}",
                f"{a.item} {title.get(lang)}" if title else a.item,
                a.found.isoformat(),
                a.due.isoformat(),
                status_label(status, lang),
                a.closed.isoformat() if closed and a.closed else "",
                by if closed else "",
                str(a.days(as_of)),
                f"{file} › {a.sheet} {a.cell or a.row}",
            ]
        )
    return rows


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


def _table(listing: ActionList, lang: str) -> str:
    headers = [h.get(lang) for _, h in _HEADERS]
    rows = [[visible(cell) for cell in row] for row in _rows(listing, lang, short=True)]
    if not rows:
        return _summary(listing, lang) + "\n"
    widths = [display_width(h) for h in headers]
    for row in rows:
        for n, cell in enumerate(row):
            width = display_width(cell)
            if width > widths[n]:
                widths[n] = width
    right = {8}  # days: a number

    def line(cells: Sequence[str]) -> str:
        out = []
        for n, cell in enumerate(cells):
            pad = " " * (widths[n] - display_width(cell))
            out.append(pad + cell if n in right else cell + pad)
        return "  ".join(out).rstrip()

    text = [_summary(listing, lang), "", line(headers), "  ".join("-" * w for w in widths)]
    text.extend(line(row) for row in rows)
    return "\n".join(text) + "\n"


def _json(listing: ActionList, lang: str) -> str:
    as_of = listing.as_of
    counts = Counter(a.status(as_of) for a in listing.actions)
    entries = []
    for a in listing.actions:
        entry = a.as_dict(as_of)
        title = listing.titles.get(a.item)
        entry["title"] = title.get(lang) if title else None
        entries.append(entry)
    data = {
        "as_of": as_of.isoformat(),
        "branch": listing.branch,
        "status": listing.status,
        "count": len(entries),
        "by_status": {s: counts[s] for s in STATUSES},
        "actions": entries,
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


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
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([h.get(lang) for _, h in _HEADERS])
    for row in _rows(listing, lang, short=False):
        writer.writerow([csv_cell(cell) for cell in row])
    return buffer.getvalue()


def _xlsx(listing: ActionList, lang: str) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False})  # fmt: skip
    sheet = book.add_worksheet(tr(lang, "整改清单", "Actions"))
    bold = book.add_format({"bold": True, "bottom": 1})
    headers = [h.get(lang) for _, h in _HEADERS]
    rows = _rows(listing, lang, short=False)
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
    if rows:
        sheet.autofilter(2, 0, 2 + len(rows), len(headers) - 1)
    book.close()
    return buffer.getvalue()
