"""The terminal report (`--format table`, the default): rich tables that fit 100 columns.

Headline figures, the top gaps with a bar for their share of the points lost, the branch and
staff rankings with status colours (明星 / 达标 / 未达标 / 需整改), one line per checklist when
several were read. Rendered to a string (colours only when asked for): rich measures CJK
characters as two columns, so Chinese names and titles stay aligned.

Without `--top`, the terminal shows the first 10 gaps and 20 rows of each ranking and says how
many more there are; `--top N` shows N of each; `--by` shows the headline and that one table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text as RichText

from svccheck.reporting.labels import (
    BY_LABELS,
    Words,
    kind_label,
    pct,
    period_text,
    points,
    rescored_text,
    severity_label,
    status_label,
)
from svccheck.scoring.result import STATUSES, Gap, GroupRow, RankedRow, Report, Summary
from svccheck.terminal import terminal_text

DEFAULT_GAPS = 10
DEFAULT_ROWS = 20
BAR_WIDTH = 10
STATUS_STYLES = {
    "star": "bold yellow",
    "pass": "green",
    "below": "dark_orange",
    "remediation": "bold red",
}
_EIGHTHS = " ▏▎▍▌▋▊▉"
# Narrow English headings: the terminal has 100 columns (the zh ones are short already).
_SHORT_EN = {
    "points_lost": "Lost",
    "cumulative_share": "Cum.",
    "fail_rate": "Fail",
    "branches_affected": "Branches",
    "pass_rate": "Pass",
    "criticals": "Red",
    "checks": "Checks",
}


def staff(rows: Sequence[RankedRow]) -> list[RankedRow]:
    """The employees among the subjects (branch checklists rank branches as subjects)."""
    return [r for r in rows if r.subject_kind == "employee"]


def render(report: Report, options: Any) -> str:
    """The report as terminal text (ANSI colours when `options.color`)."""
    t = Words.of(report, options.lang, options.top, short=_SHORT_EN)
    return terminal_text(
        [_report(report, t, options.by)],
        width=max(60, min(int(getattr(options, "width", 100) or 100), 100)),
        color=bool(getattr(options, "color", False)),
    )


def _report(report: Report, t: Words, by: str | None) -> RenderableType:
    top = t.top
    title = RichText(t("服务质量差距报告", "Service gap report"), style="bold")
    title.append(f"  {period_text(report.period_from, report.period_to)}", style="dim")
    if report.rescored_from:
        title.append(f"\n{rescored_text(report, t.lang)}", style="bold yellow")
    parts: list[RenderableType] = [title, _summary(report.summary, t)]
    if by is None:
        if len(report.sections) > 1:
            parts.append(_sections(report, t))
        parts.append(_gaps(report.gaps, t, top or DEFAULT_GAPS))
        parts.append(_ranking(report.branches, t, top or DEFAULT_ROWS, branches=True))
        employees = staff(report.subjects)
        if employees:
            parts.append(_ranking(employees, t, top or DEFAULT_ROWS, branches=False))
        if report.history is not None:  # `svccheck report`: trends from the ledger
            from svccheck.reporting.history import history_rich

            parts += history_rich(report.history, t.lang, top or DEFAULT_ROWS)
    elif by == "item":
        parts.append(_gaps(report.gaps, t, top or len(report.gaps)))
    elif by in ("subject", "branch"):
        ranked = report.branches if by == "branch" else report.subjects
        parts.append(_ranking(ranked, t, top or len(ranked), branches=by == "branch"))
    else:
        rows = report.breakdowns.get(by, ())
        parts.append(_groups(by, rows[: top or len(rows)], t))
    if report.rejected:
        parts.append(
            RichText(
                t(
                    "未读入 {n} 行（见 --format json 或 xlsx 的明细）",
                    "{n} rows rejected (listed in --format json or xlsx)",
                    n=len(report.rejected),
                ),
                style="yellow",
            )
        )
    return Group(*_spaced(parts))


def _spaced(parts: Sequence[RenderableType]) -> list[RenderableType]:
    out: list[RenderableType] = []
    for part in parts:
        if out:
            out.append(RichText(""))
        out.append(part)
    return out


def _table(title: str) -> Table:
    return Table(
        title=title,
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        expand=False,
        show_edge=False,
    )


def _cell(text: str | None, style: str = "") -> RichText:
    """Sheet text as plain text (never parsed as markup)."""
    return RichText(text or "", style=style, no_wrap=True, overflow="ellipsis")


def _summary(summary: Summary, t: Words) -> RenderableType:
    grid = Table.grid(padding=(0, 3))
    for _ in range(4):
        grid.add_column()
    grid.add_row(
        _figure(t("平均分", "Mean score"), points(summary.score_mean)),
        _figure(t("合格率", "Pass rate"), pct(summary.pass_rate)),
        _figure(t("扣分合计", "Points lost"), points(summary.points_lost)),
        _figure(
            t("红线问题", "Red lines"),
            str(summary.criticals),
            "bold red" if summary.criticals else "",
        ),
    )
    grid.add_row(
        _figure(t("受检对象", "Subjects"), str(summary.subjects)),
        _figure(t("网点", "Branches"), str(summary.branches)),
        _figure(t("检查次数", "Checks"), str(summary.checks)),
        _figure(t("观察项", "Observations"), str(summary.observations)),
    )
    statuses = RichText()
    for status in STATUSES:
        if statuses:
            statuses.append("  ")
        statuses.append(status_label(status, t.lang), style=STATUS_STYLES[status])
        statuses.append(f" {summary.statuses.get(status, 0)}")
    return Group(grid, statuses)


def _figure(label: str, value: str, style: str = "bold") -> RichText:
    text = RichText(f"{label} ", style="dim")
    text.append(value, style=style or "bold")
    return text


def _sections(report: Report, t: Words) -> Table:
    table = _table(t("各检查表", "By checklist"))
    for key, justify in (
        ("checklist", "left"),
        ("kind", "left"),
        ("checks", "right"),
        ("score", "right"),
        ("pass_rate", "right"),
        ("points_lost", "right"),
        ("criticals", "right"),
    ):
        header = t("方式", "Kind") if key == "kind" else t.h(key)
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for s in report.sections:
        table.add_row(
            _cell(s.title.get(t.lang)),
            kind_label(s.kind, t.lang),
            str(s.summary.checks),
            points(s.summary.score_mean),
            pct(s.summary.pass_rate),
            points(s.summary.points_lost),
            str(s.summary.criticals),
        )
    return table


def share_bar(share: float, width: int = BAR_WIDTH) -> str:
    """A horizontal bar of `width` cells for a share in [0, 1], to the eighth of a cell."""
    eighths = round(max(0.0, min(1.0, share)) * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (_EIGHTHS[part] if part else "")).ljust(width)


def _gaps(gaps: Sequence[Gap], t: Words, shown: int) -> RenderableType:
    title = t("主要问题（按扣分排序）", "Top gaps (by points lost)")
    if not gaps:
        return RichText(f"{title}: " + t("没有扣分项", "no points lost"))
    table = _table(title)
    table.add_column("#", justify="right")
    table.add_column(t.h("item"), no_wrap=True)
    table.add_column(t.h("title"), max_width=22, no_wrap=True, overflow="ellipsis")
    table.add_column(t.h("severity"), no_wrap=True)
    table.add_column(t.h("points_lost"), justify="right")
    table.add_column(t.h("share"), no_wrap=True)
    table.add_column(t.h("cumulative_share"), justify="right")
    table.add_column(t.h("fail_rate"), justify="right")
    table.add_column(t.h("branches_affected"), justify="right")
    for g in gaps[:shown]:
        style = "red" if g.severity == "critical" else "cyan"
        bar = RichText(share_bar(g.share), style=style)
        bar.append(f" {pct(g.share, 0):>4}")
        table.add_row(
            str(g.rank),
            g.item,
            _cell(g.title.get(t.lang)),
            RichText(
                severity_label(g.severity, t.lang),
                style="bold red" if g.severity == "critical" else "",
            ),
            points(g.points_lost),
            bar,
            pct(g.cumulative_share, 0),
            pct(g.fail_rate),
            str(g.branches_affected),
        )
    return _with_more(table, len(gaps) - shown, t)


def _with_more(table: Table, hidden: int, t: Words) -> RenderableType:
    if hidden <= 0:
        return table
    more = t("……另有 {n} 行（--top N 显示更多）", "… {n} more (--top N shows more)", n=hidden)
    return Group(table, RichText(more, style="dim"))


def _ranking(
    ranked: Sequence[RankedRow], t: Words, shown: int, *, branches: bool
) -> RenderableType:
    title = t("网点排名", "Branch ranking") if branches else t("员工排名", "Staff ranking")
    if not ranked:
        return RichText("")
    table = _table(title)
    table.add_column("#", justify="right")
    if branches:
        table.add_column(t.h("branch"), max_width=16, no_wrap=True, overflow="ellipsis")
    else:
        table.add_column(t.h("employee"), max_width=12, no_wrap=True, overflow="ellipsis")
        table.add_column(t.h("branch"), max_width=12, no_wrap=True, overflow="ellipsis")
        table.add_column(t.h("role"), max_width=10, no_wrap=True, overflow="ellipsis")
    for key in ("score", "pass_rate", "points_lost", "criticals"):
        table.add_column(t.h(key), justify="right", no_wrap=True)
    table.add_column(t.h("status"), no_wrap=True)
    table.add_column(t.h("top_gaps"), no_wrap=True, overflow="ellipsis")
    for position, r in enumerate(ranked[:shown], 1):
        who = (
            [_cell(r.branch)]
            if branches
            else [_cell(r.subject), _cell(r.branch), _cell(t.label("role", r.role))]
        )
        table.add_row(
            str(r.rank if branches else position),
            *who,
            points(r.score),
            pct(r.pass_rate),
            points(r.points_lost),
            RichText(str(r.criticals), style="bold red" if r.criticals else ""),
            RichText(status_label(r.status, t.lang), style=STATUS_STYLES[r.status]),
            " ".join(r.top_gaps),
        )
    return _with_more(table, len(ranked) - shown, t)


def _groups(by: str, groups: Sequence[GroupRow], t: Words) -> Table:
    table = _table(BY_LABELS[by].get(t.lang))
    table.add_column("#", justify="right")
    table.add_column(t.h("key"), max_width=20, no_wrap=True, overflow="ellipsis")
    table.add_column(t.h("items"), justify="right")
    table.add_column(t.h("points_lost"), justify="right")
    table.add_column(t.h("share"), no_wrap=True)
    table.add_column(t.h("cumulative_share"), justify="right")
    table.add_column(t.h("fail_rate"), justify="right")
    table.add_column(t.h("branches_affected"), justify="right")
    for g in groups:
        bar = RichText(share_bar(g.share), style="cyan")
        bar.append(f" {pct(g.share, 0):>4}")
        table.add_row(
            str(g.rank),
            _cell(g.label.get(t.lang)),
            str(g.items),
            points(g.points_lost),
            bar,
            pct(g.cumulative_share, 0),
            pct(g.fail_rate),
            str(g.branches_affected),
        )
    return table
