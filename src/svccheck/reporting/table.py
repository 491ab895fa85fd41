"""The terminal report (`--format table`, the default): rich tables that fit 100 columns.

Headline figures, then everyone due for remediation (需整改, all of them, whatever `--top`
says), the top gaps with a bar for their share of the points lost, the branch and staff
rankings with status colours (明星 / 达标 / 未达标 / 需整改), and — when several checklists were
read — a line per checklist and a section per checklist with its own top gaps. Rendered to a
string (colours only when asked for): rich measures CJK characters as two columns, so Chinese
names and titles stay aligned.

Without `--top`, the terminal shows the first 10 gaps and 20 rows of each ranking (3 gaps per
checklist section) and says how many more there are; `--top N` shows N of each; `--by` shows
the headline and that one table. A table wider than the terminal drops its least needed
columns (the share bar, the cumulative share, …) instead of cutting numbers short.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text as RichText

from svccheck.reporting.labels import (
    BY_LABELS,
    Words,
    due_for_remediation,
    gap_titles,
    kind_label,
    pct,
    period_text,
    points,
    remediation_reason,
    rescored_text,
    severity_label,
    status_label,
    top_gaps_text,
)
from svccheck.scoring.result import (
    STATUSES,
    Gap,
    GroupRow,
    RankedRow,
    Report,
    Section,
    Summary,
)
from svccheck.terminal import terminal_text

DEFAULT_GAPS = 10
DEFAULT_ROWS = 20
DEFAULT_SECTION_GAPS = 3
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
    width = max(60, min(int(getattr(options, "width", 100) or 100), 100))
    return terminal_text(
        [_report(report, t, options.by, width)],
        width=width,
        color=bool(getattr(options, "color", False)),
    )


def _report(report: Report, t: Words, by: str | None, width: int) -> RenderableType:
    top = t.top
    title = RichText(t("服务质量差距报告", "Service gap report"), style="bold")
    title.append(f"  {period_text(report.period_from, report.period_to)}", style="dim")
    if report.rescored_from:
        title.append(f"\n{rescored_text(report, t.lang)}", style="bold yellow")
    parts: list[RenderableType] = [title, _summary(report.summary, t)]
    if by is None:
        parts.append(_remediation(report, t, width))
        several = len(report.sections) > 1
        if several:
            parts.append(_sections(report, t, width))
        parts.append(_gaps(report.gaps, t, top or DEFAULT_GAPS, width))
        titles = gap_titles(report.gaps, t.lang)
        parts.append(
            _ranking(report.branches, t, titles, top or DEFAULT_ROWS, width, branches=True)
        )
        employees = staff(report.subjects)
        if employees:
            parts.append(_ranking(employees, t, titles, top or DEFAULT_ROWS, width, branches=False))
        if several:
            parts += [_section(section, t, width) for section in report.sections]
        if report.history is not None:  # `svccheck report`: trends from the ledger
            from svccheck.reporting.history import history_rich

            parts += history_rich(report.history, t.lang, top or DEFAULT_ROWS, width)
    elif by == "item":
        parts.append(_gaps(report.gaps, t, top or len(report.gaps), width))
    elif by in ("subject", "branch"):
        ranked = report.branches if by == "branch" else report.subjects
        titles = gap_titles(report.gaps, t.lang)
        parts.append(
            _ranking(ranked, t, titles, top or len(ranked), width, branches=by == "branch")
        )
    else:
        rows = report.breakdowns.get(by, ())
        parts.append(_groups(by, rows[: top or len(rows)], t))
    if report.waived:  # waivers.yaml (SPEC §8): shown, not deducted
        from svccheck.reporting.waived import waived_lines, waived_title

        lines = [waived_title(len(report.waived), t.lang), *waived_lines(report.waived, t.lang)]
        parts.append(RichText("\n".join(lines)))
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


def _table(title: str, caption: str | None = None) -> Table:
    return Table(
        title=title,
        caption=caption,
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        expand=False,
        show_edge=False,
    )


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a fitted table. `drop`: 0 always shown; else dropped, highest first, when
    the table is wider than the terminal. `cell` makes the row's cell. `wrap`: text of several
    words (a title, a list of dates) that may wrap between its words when short of room;
    otherwise a cell is never wrapped, so a name or a number is never split. `short`: a
    narrower form of the column (item ids without their titles), shown instead of dropping it
    when it is the next to go."""

    header: str
    cell: Callable[[Any], RenderableType]
    right: bool = False
    max_width: int | None = None
    drop: int = 0
    wrap: bool = False
    short: Column | None = None


def fitted(
    title: str,
    columns: Sequence[Column],
    rows: Sequence[Any],
    width: int,
    caption: str | None = None,
) -> Table:
    """The table with as many columns as fit in `width`: numbers are never cut short, the
    least needed columns go first (names keep their ellipsis when even that is not enough).
    Columns that may `wrap` are narrowed first, never below their longest word."""
    from rich.console import Console

    shown = list(columns)
    console = Console(width=4 * width, legacy_windows=False)
    cells: dict[Column, list[RenderableType]] = {}  # each column's cells, made once
    while True:
        table = _table(title, caption)
        for c in shown:
            table.add_column(
                c.header,
                justify="right" if c.right else "left",
                no_wrap=not c.wrap,
                max_width=c.max_width,
                overflow="ellipsis" if c.max_width else "fold",
            )
            if c not in cells:
                cells[c] = [c.cell(row) for row in rows]
        for line in zip(*(cells[c] for c in shown), strict=True):
            table.add_row(*line)
        widest = console.measure(table).maximum
        if widest <= width or _narrowed(table, [c.wrap for c in shown], widest - width, console):
            return table
        droppable = [c for c in shown if c.drop]
        if not droppable:
            return table
        victim = max(droppable, key=lambda c: c.drop)
        if victim.short is not None:
            shown[shown.index(victim)] = replace(victim.short, drop=victim.drop)
        else:
            shown.remove(victim)


def _narrowed(table: Table, wrap: Sequence[bool], excess: int, console: Any) -> bool:
    """Take `excess` columns off the table's wrapping columns, widest first, none below its
    longest word (rich, left to itself, would narrow a column below it and fold the word):
    True, the widths set, when there is room enough; False, nothing changed, when not."""
    from rich.measure import Measurement

    least, most = {}, {}
    for index, column in enumerate(table.columns):
        if wrap[index]:
            sizes = [
                Measurement.get(console, console.options, cell)
                for cell in (column.header, *column.cells)
            ]
            least[index] = max(size.minimum for size in sizes)
            most[index] = max(size.maximum for size in sizes)
    if sum(most.values()) - sum(least.values()) < excess:
        return False
    widths = dict(most)
    for _ in range(excess):
        index = max(widths, key=lambda i: (widths[i] > least[i], widths[i]))
        widths[index] -= 1
    for index, size in widths.items():
        table.columns[index].width = size
    return True


def _cell(text: str | None, style: str = "") -> RichText:
    """Sheet text as plain text (never parsed as markup)."""
    return RichText(text or "", style=style, no_wrap=True, overflow="ellipsis")


def _remediation(report: Report, t: Words, width: int) -> RenderableType:
    """Everyone due for remediation, before any ranking: the people the meeting must act on."""
    due = due_for_remediation(report)
    title = t("需整改（{n}）", "Due for remediation ({n})", n=len(due))
    if not due:
        return RichText(f"{title}: " + t("无", "none"), style="dim")
    columns = (
        Column(t.h("subject"), lambda r: _cell(r.subject), max_width=12),
        Column(t.h("branch"), lambda r: _cell(r.branch), max_width=12, drop=2),
        Column(
            t.h("role"),
            lambda r: _cell(t.role_of(r)),
            max_width=10,
            drop=3,
        ),
        Column(t.h("score"), lambda r: points(r.score), right=True),
        Column(
            t.h("criticals"),
            lambda r: RichText(str(r.criticals), style="bold red" if r.criticals else ""),
            right=True,
            drop=1,
        ),
        Column(t.h("reason"), lambda r: _cell(remediation_reason(r, t.lang), "red")),
    )
    return fitted(title, columns, due, width)


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


def _sections(report: Report, t: Words, width: int) -> Table:
    columns = (
        Column(t.h("checklist"), lambda s: _cell(s.title.get(t.lang)), max_width=24),
        Column(t("方式", "Kind"), lambda s: kind_label(s.kind, t.lang), drop=2),
        Column(t.h("checks"), lambda s: str(s.summary.checks), right=True, drop=3),
        Column(t.h("score"), lambda s: points(s.summary.score_mean), right=True),
        Column(t.h("pass_rate"), lambda s: pct(s.summary.pass_rate), right=True, drop=1),
        Column(t.h("points_lost"), lambda s: points(s.summary.points_lost), right=True),
        Column(t.h("criticals"), lambda s: str(s.summary.criticals), right=True),
    )
    return fitted(t("各检查表", "By checklist"), columns, report.sections, width)


def _section(section: Section, t: Words, width: int) -> RenderableType:
    """One checklist's section: its figures and its own top gaps."""
    summary = section.summary
    head = RichText(f"▌ {section.title.get(t.lang)}", style="bold")
    head.append(f"  {kind_label(section.kind, t.lang)} · {section.checklist}", style="dim")
    figures = RichText(
        t(
            "平均分 {s}   合格率 {p}   扣分 {l}   红线 {c}   检查 {n} 次   需整改 {r}",
            "Mean {s}   Pass {p}   Lost {l}   Red lines {c}   Checks {n}   Remediation {r}",
            s=points(summary.score_mean),
            p=pct(summary.pass_rate),
            l=points(summary.points_lost),
            c=summary.criticals,
            n=summary.checks,
            r=summary.statuses.get("remediation", 0),
        )
    )
    shown = t.top or DEFAULT_SECTION_GAPS
    return Group(head, figures, _gaps(section.gaps, t, shown, width))


def share_bar(share: float, width: int = BAR_WIDTH) -> str:
    """A horizontal bar of `width` cells for a share in [0, 1], to the eighth of a cell."""
    eighths = round(max(0.0, min(1.0, share)) * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (_EIGHTHS[part] if part else "")).ljust(width)


def _bar(g: Gap) -> RichText:
    bar = RichText(share_bar(g.share), style="red" if g.severity == "critical" else "cyan")
    bar.append(f" {pct(g.share, 0):>4}")
    return bar


def _gaps(gaps: Sequence[Gap], t: Words, shown: int, width: int) -> RenderableType:
    title = t("主要问题（按扣分排序）", "Top gaps (by points lost)")
    if not gaps:
        return RichText(f"{title}: " + t("没有扣分项", "no points lost"))
    columns = (
        Column("#", lambda g: str(g.rank), right=True),
        Column(t.h("item"), lambda g: g.item),
        Column(t.h("title"), lambda g: _cell(g.title.get(t.lang)), max_width=22),
        Column(
            t.h("severity"),
            lambda g: RichText(
                severity_label(g.severity, t.lang),
                style="bold red" if g.severity == "critical" else "",
            ),
            drop=3,
        ),
        Column(t.h("points_lost"), lambda g: points(g.points_lost), right=True),
        Column(t.h("share"), _bar, drop=4),
        Column(t.h("cumulative_share"), lambda g: pct(g.cumulative_share, 0), right=True, drop=6),
        Column(t.h("fail_rate"), lambda g: pct(g.fail_rate), right=True, drop=2),
        Column(t.h("branches_affected"), lambda g: str(g.branches_affected), right=True, drop=5),
    )
    return _with_more(fitted(title, columns, gaps[:shown], width), len(gaps) - shown, t)


def _with_more(table: Table, hidden: int, t: Words) -> RenderableType:
    if hidden <= 0:
        return table
    more = t("……另有 {n} 行（--top N 显示更多）", "… {n} more (--top N shows more)", n=hidden)
    return Group(table, RichText(more, style="dim"))


def _ranking(
    ranked: Sequence[RankedRow],
    t: Words,
    titles: Mapping[str, str],
    shown: int,
    width: int,
    *,
    branches: bool,
) -> RenderableType:
    """The ranking; its top gaps with their titles (`titles`: `labels.gap_titles`) when the
    terminal has room for them, else their ids."""
    title = t("网点排名", "Branch ranking") if branches else t("员工排名", "Staff ranking")
    if not ranked:
        return RichText("")
    rows = list(enumerate(ranked[:shown], 1))
    who: tuple[Column, ...] = (
        (Column(t.h("branch"), lambda p: _cell(p[1].branch), max_width=16),)
        if branches
        else (
            Column(t.h("employee"), lambda p: _cell(p[1].subject), max_width=12),
            Column(t.h("branch"), lambda p: _cell(p[1].branch), max_width=12, drop=3),
            Column(t.h("role"), lambda p: _cell(t.label("role", p[1].role)), max_width=10, drop=4),
        )
    )
    columns = (
        Column("#", lambda p: str(p[1].rank if branches else p[0]), right=True),
        *who,
        Column(t.h("score"), lambda p: points(p[1].score), right=True),
        Column(t.h("pass_rate"), lambda p: pct(p[1].pass_rate), right=True, drop=2),
        Column(t.h("points_lost"), lambda p: points(p[1].points_lost), right=True, drop=1),
        Column(
            t.h("criticals"),
            lambda p: RichText(str(p[1].criticals), style="bold red" if p[1].criticals else ""),
            right=True,
        ),
        Column(
            t.h("status"),
            lambda p: RichText(status_label(p[1].status, t.lang), style=STATUS_STYLES[p[1].status]),
        ),
        _top_gaps_column(t, titles),
    )
    return _with_more(fitted(title, columns, rows, width), len(ranked) - shown, t)


def _top_gaps_column(t: Words, titles: Mapping[str, str]) -> Column:
    """A ranking's top gaps, as wide as the terminal allows: with their titles on one line
    ("TLR-11 唱收唱付；TLR-12 提示客户核对", as html), else one under another, else the ids
    alone, else left out (the first column a narrow terminal loses)."""
    header = t.h("top_gaps")
    ids = Column(header, lambda p: _cell(" ".join(p[1].top_gaps)), max_width=24)
    stacked = Column(
        header, lambda p: _cell("\n".join(titles.get(g, g) for g in p[1].top_gaps)), short=ids
    )
    return Column(
        header, lambda p: _cell(top_gaps_text(p[1], titles, t.lang)), drop=5, short=stacked
    )


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
