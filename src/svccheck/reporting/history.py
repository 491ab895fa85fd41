"""The history block of a ledger report in every format: rows first, then each format's shape.

`history_tables` turns a `History` (`svccheck.scoring.history`) into titled tables of plain
cells (the one place the columns and their zh/en headings are decided); the formats only lay
those tables out — Markdown, rich (terminal), HTML, csv rows and an xlsx sheet — and JSON uses
`History.as_json()`. The report renderers call these when `report.history` is set.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from svccheck.i18n import tr
from svccheck.reporting.labels import Words, fixed, pct, points, signed
from svccheck.safetext import html, md, sheet_text
from svccheck.scoring.history import History, Honesty, Trend
from svccheck.textwidth import display_width

Cell = str
_NUMERIC = re.compile(r"[-+−=↑↓—/%.\d\s]+")  # figures, deltas and ranks: right-aligned


@dataclass(frozen=True, slots=True)
class Table:
    """A titled table of display cells."""

    name: str  # stable id: gaps, subjects, branches, repeats, baseline, versions, honesty,
    # actions
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""
    narrow: tuple[int, ...] = ()  # columns a narrow terminal leaves out, least needed first


def history_tables(history: History, lang: str, top: int | None = None) -> list[Table]:
    """The history as tables, in reading order; `top` caps the long lists."""
    t = Words(lang)
    cap = slice(None, top)
    tables = [
        Table(
            "gaps",
            t("问题项变化（与上期相比）", "Gaps against the previous period"),
            (
                t("排名", "Rank"),
                t("项目", "Item"),
                t("扣分", "Points lost"),
                t("上期", "Previous"),
                t("变化", "Change"),
                t("排名变动", "Rank moved"),
            ),
            tuple(_gap_row(g, lang) for g in history.gaps[cap]),
            t("排名上升 = 问题变大", "moving up = a bigger problem"),
            narrow=(3, 5),  # previous, rank moved
        ),
        Table(
            "branches",
            t("网点变化", "Branches against the previous period"),
            _row_headers(t),
            tuple(_ranked_row(b, lang) for b in history.branches[cap]),
            narrow=(2, 6, 4, 7),  # the branch (its own name again), points lost Δ, previous
        ),
        Table(
            "subjects",
            t("对象变化", "Subjects against the previous period"),
            _row_headers(t),
            tuple(_ranked_row(s, lang) for s in history.subjects[cap]),
            narrow=(6, 4, 7, 2),
        ),
        Table(
            "repeats",
            t(
                "重复违规（同一对象同一项目 3 次及以上）",
                "Repeat violations (same subject and item, 3+ times)",
            ),
            (
                t("网点", "Branch"),
                t("对象", "Subject"),
                t("项目", "Item"),
                t("次数", "Times"),
                t("日期", "Dates"),
                t("扣分", "Points lost"),
            ),
            tuple(
                (
                    r.branch,
                    r.subject,
                    f"{r.item} {r.title.get(lang)}",
                    str(r.times),
                    _dates(r.dates),
                    points(r.points_lost),
                )
                for r in history.repeats[cap]
            ),
            narrow=(5, 0),  # points lost, branch
        ),
        Table(
            "baseline",
            t("与全行平均比较", "Against the bank-wide baseline"),
            (
                t("网点", "Branch"),
                t("得分", "Score"),
                t("与平均差", "Distance"),
                t("全行名次", "Bank rank"),
            ),
            tuple(
                (b.branch, points(b.score), _signed(b.distance), f"{b.rank}/{b.branches}")
                for b in history.baseline_branches[cap]
            ),
            t(
                "全行平均分 {b}",
                "bank-wide mean score {b}",
                b=points(history.baseline),
            ),
        ),
        Table(
            "honesty",
            t(
                "自查诚实度（他查不合格率 − 自查不合格率；kappa 为同日配对一致性）",
                "Self-check honesty (fail rate found by others − self-reported; "
                "kappa over same-day pairs)",
            ),
            (
                t("层级", "Level"),
                t("网点", "Branch"),
                t("对象", "Subject"),
                t("项目数", "Items"),
                t("自查不合格率", "Self fail rate"),
                t("他查不合格率", "Others' fail rate"),
                t("差值", "Gap"),
                t("配对", "Pairs"),
                t("一致率", "Agreed"),
                "kappa",
            ),
            tuple(
                (
                    t("网点", "branch") if h.level == "branch" else t("对象", "subject"),
                    h.branch,
                    h.subject,
                    str(h.items),
                    pct(h.self_fail_rate),
                    pct(h.others_fail_rate),
                    _signed_pct(h.gap),
                    str(h.pairs),
                    pct(h.agreement),
                    fixed(h.kappa),
                )
                for h in _per_level(history.honesty, top)
            ),
            narrow=(7, 3, 8, 0),  # pairs, items, agreed, level
        ),
        Table(
            "versions",
            t("按旧版标准评分的表格", "Sheets scored under an older standards version"),
            (
                t("文件", "File"),
                t("检查表", "Checklist"),
                t("评分时版本", "Scored under"),
                t("现行版本", "Current"),
                t("检查次数", "Checks"),
            ),
            tuple(
                (
                    v.file,
                    v.checklist,
                    v.standards_version,
                    v.current_version or t("（已删除）", "(removed)"),
                    str(v.checks),
                )
                for v in history.older_versions
            ),
            narrow=(4, 1),
        ),
        Table(
            "actions",
            t("整改情况（按网点）", "Corrective actions by branch"),
            (
                t("网点", "Branch"),
                t("本期新增", "Opened"),
                t("本期销号", "Closed"),
                t("期末逾期", "Overdue"),
                t("整改天数中位数", "Median days to close"),
            ),
            tuple(
                (
                    a.branch,
                    str(a.opened),
                    str(a.closed),
                    str(a.overdue),
                    "—" if a.median_days_to_close is None else f"{a.median_days_to_close:g}",
                )
                for a in history.actions
            ),
            t(
                "逾期：期末仍未整改且已过整改期限",
                "overdue: still open past the due date at the period's end",
            ),
        ),
    ]
    return [table for table in tables if table.rows or table.name == "baseline"]


def history_heading(history: History, lang: str) -> str:
    return tr(
        lang,
        "历史对比：{p}（{f} 至 {t}）对比上期 {q}（{pf} 至 {pt}，{n} 次检查）",
        "History: {p} ({f} to {t}) against {q} ({pf} to {pt}, {n} checks)",
        p=history.period,
        f=history.period_from,
        t=history.period_to,
        q=history.previous,
        pf=history.previous_from,
        pt=history.previous_to,
        n=history.previous_checks,
    )


def history_markdown(history: History, lang: str, top: int | None = None) -> str:
    """The history as Markdown sections (for the weekly bulletin)."""
    out = [f"## {md(history_heading(history, lang))}", ""]
    out += [f"> {md(note)}" for note in history.notes]
    for table in history_tables(history, lang, top):
        out += ["", f"### {md(table.title)}", ""]
        if table.note:
            out += [f"*{md(table.note)}*", ""]
        if table.rows:
            out.append("| " + " | ".join(md(h) for h in table.headers) + " |")
            out.append("|" + "---|" * len(table.headers))
            out += ["| " + " | ".join(md(c) for c in row) + " |" for row in table.rows]
    return "\n".join(out) + "\n"


def history_rich(
    history: History, lang: str, top: int | None = None, width: int = 100
) -> list[Any]:
    """The history as rich renderables for the terminal report, fitted to `width` as the
    report's own tables are (`table.fitted`): a name, a heading or a figure is never split
    (「高新区支」 / 「行」); text of several words may wrap between them; when even that is too
    wide, the table's `narrow` columns go, least needed first."""
    from rich.text import Text as RichText

    from svccheck.reporting.table import Column, fitted
    from svccheck.terminal import one_word

    parts: list[Any] = [RichText(history_heading(history, lang), style="bold")]
    parts += [RichText(f"! {note}", style="yellow") for note in history.notes]
    for table in history_tables(history, lang, top):
        columns = []
        for index, header in enumerate(table.headers):
            texts = [row[index] for row in table.rows]
            columns.append(
                Column(
                    header,
                    _text_cell(index),
                    right=bool(texts) and all(_NUMERIC.fullmatch(text) for text in texts),
                    drop=len(table.narrow) - table.narrow.index(index)
                    if index in table.narrow
                    else 0,
                    wrap=not one_word([header, *texts]),
                )
            )
        parts.append(fitted(table.title, columns, table.rows, width, table.note or None))
    return parts


def _text_cell(index: int) -> Callable[[tuple[Cell, ...]], Any]:
    """A history row's cell `index` as rich text: names are sheet text, never read as markup."""
    from rich.text import Text as RichText

    return lambda row: RichText(row[index])


def history_html(history: History, lang: str, top: int | None = None) -> str:
    """The history as an HTML <section> (self-contained: no script, no external style)."""
    out = ['<section class="history">', f"<h2>{html(history_heading(history, lang))}</h2>"]
    out += [f'<p class="note">{html(note)}</p>' for note in history.notes]
    for table in history_tables(history, lang, top):
        out.append(f"<h3>{html(table.title)}</h3>")
        if table.note:
            out.append(f"<p><em>{html(table.note)}</em></p>")
        if table.rows:
            out.append(
                "<table><thead><tr>"
                + "".join(f"<th>{html(h)}</th>" for h in table.headers)
                + "</tr></thead><tbody>"
            )
            out += [
                "<tr>" + "".join(f"<td>{html(c)}</td>" for c in row) + "</tr>" for row in table.rows
            ]
            out.append("</tbody></table>")
    out.append("</section>")
    return "\n".join(out)


def history_csv_rows(history: History, lang: str) -> list[list[str]]:
    """The history as csv rows: one block per table, headed by its name."""
    rows: list[list[str]] = []
    for table in history_tables(history, lang):
        rows += [[f"# history:{table.name}", table.title], list(table.headers)]
        rows += [list(row) for row in table.rows]
        rows.append([])
    return rows


def _row_headers(t: Words) -> tuple[str, ...]:
    return (
        t("排名", "Rank"),
        t("对象", "Subject"),
        t("网点", "Branch"),
        t("得分", "Score"),
        t("上期", "Previous"),
        t("变化", "Change"),
        t("扣分变化", "Points lost Δ"),
        t("排名变动", "Rank moved"),
    )


def _gap_row(gap: Trend, lang: str) -> tuple[Cell, ...]:
    title = gap.title.get(lang) if gap.title else ""
    return (
        str(gap.rank),
        f"{gap.key} {title}".strip(),
        points(gap.points_lost),
        points(gap.previous_points_lost),
        _signed(gap.points_lost_delta),
        _moved(gap, lang),
    )


def _ranked_row(row: Trend, lang: str) -> tuple[Cell, ...]:
    return (
        str(row.rank),
        row.key,
        row.branch,
        points(row.score),
        points(row.previous_score),
        _signed(row.score_delta),
        _signed(row.points_lost_delta),
        _moved(row, lang),
    )


def _moved(trend: Trend, lang: str) -> str:
    moved = trend.rank_moved
    if moved is None:
        return tr(lang, "新", "new")
    if moved == 0:
        return "="
    return f"↑{moved}" if moved > 0 else f"↓{-moved}"


def _signed(value: float | None) -> str:
    """A change in points: "+2", "−0.5", "0"."""
    return signed(value, points)


def _signed_pct(value: float) -> str:
    """A change in rate: "+4.5%", "−1.0%", "0.0%"."""
    return signed(value, pct)


def _per_level(rows: Sequence[Honesty], top: int | None) -> list[Honesty]:
    """Branch rows first, then subject rows: `top` of each (they are sorted that way)."""
    branches = [r for r in rows if r.level == "branch"]
    subjects = [r for r in rows if r.level != "branch"]
    return branches[:top] + subjects[:top]


def _dates(dates: Sequence[Any]) -> str:
    shown = [d.strftime("%m-%d") for d in dates]
    if len(shown) > 4:  # a long run: its ends and how many days
        return f"{shown[0]}, {shown[1]} … {shown[-1]} ({len(shown)})"
    return ", ".join(shown)


def history_sheet(book: Any, history: History, lang: str, top: int | None = None) -> None:
    """Add the history as one worksheet of an xlsxwriter workbook: the tables one under
    another, each with its title and a bold header row (cells written as strings)."""
    sheet = book.add_worksheet(tr(lang, "历史对比", "History"))
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 13})
    sheet.write_string(0, 0, sheet_text(history_heading(history, lang)), title)
    row = 2
    for note in history.notes:
        sheet.write_string(row, 0, sheet_text(note))
        row += 1
    widths: dict[int, int] = {}
    for table in history_tables(history, lang, top):
        sheet.write_string(row, 0, sheet_text(table.title), title)
        if table.note:
            sheet.write_string(row + 1, 0, sheet_text(table.note))
            row += 1
        row += 1
        for col, header in enumerate(table.headers):
            sheet.write_string(row, col, sheet_text(header), bold)
        for cells in table.rows:
            row += 1
            for col, cell in enumerate(cells):
                sheet.write_string(row, col, sheet_text(cell))
                widths[col] = max(widths.get(col, 8), min(60, display_width(cell) + 2))
        row += 2
    for col, width in widths.items():
        sheet.set_column(col, col, width)
