"""The CSV report: one table — the one `--by` names (gaps by item, when not given).

`--by item` the ranked gaps · `subject` / `branch` the rankings · `category` / `area` /
`role` / `servqual` the gaps grouped by that item attribute. The rows are the report's
combined figures (over every checklist read; a `checklists` column says which contributed).
From the ledger (`svccheck report`), the gaps and rankings end with their change against the
previous period: previous rank, rank moved, previous points lost and the change (and for
the rankings, previous score and the change); empty where the row is new this period.
Headings and labels speak `--lang`; rates are fractions in [0, 1] and points plain numbers, so
a spreadsheet can compute with them.

Text from the input sheets is data: a cell that would start with = + - @ (or a tab / carriage
return) is written with a leading apostrophe so no spreadsheet turns it into a live formula
(`safetext.csv_cell`, the one rule for every csv svccheck writes).

Every csv report (this one and `svccheck actions`'s) is written by `csv_text`: UTF-8 with a
BOM, as the csv form is, because Excel opens a BOM-less csv in the system code page (GBK on a
Chinese Windows PC) and garbles the Chinese.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from svccheck.reporting.labels import Words, severity_label, status_label
from svccheck.safetext import csv_cell
from svccheck.scoring.history import History
from svccheck.scoring.result import Gap, GroupRow, RankedRow, Report


def render(report: Report, options: Any) -> str:
    """The table for `options.by` (default: item) as CSV text."""
    by = options.by or "item"
    t = Words.of(report, options.lang)
    keys: list[tuple[str, str]] = []
    if by == "item":
        gaps = report.gaps[: options.top]
        header, rows = _gaps(gaps, t)
        keys = [(g.item, "") for g in gaps]
    elif by in ("subject", "branch"):
        ranked = (report.subjects if by == "subject" else report.branches)[: options.top]
        header, rows = _ranking(ranked, t, branches=by == "branch")
        keys = [(r.subject, r.branch) for r in ranked]
    else:
        header, rows = _groups(report.breakdowns.get(by, ())[: options.top], t.lang)
    if keys and report.history is not None:
        header = _with_trends(header, rows, keys, report.history, by)
    head = [csv_cell(t.h(h)) for h in header]
    return csv_text([head, *([_cell(v) for v in row] for row in rows)])


BOM = "\ufeff"


def csv_text(rows: Iterable[Sequence[object]]) -> str:
    """The text of a csv report: the BOM, then one line per row (fields already made inert by
    `safetext.csv_cell`). Written to a file it is UTF-8 with BOM, which Excel reads as UTF-8;
    `cli.common.emit` sends it to stdout as those same bytes."""
    buffer = io.StringIO()
    buffer.write(BOM)
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _cell(value: object) -> object:
    if isinstance(value, str):
        return csv_cell(value)
    if isinstance(value, float):
        return round(value, 6)
    return "" if value is None else value


Table = tuple[list[str], list[list[object]]]


def _gaps(gaps: Sequence[Gap], t: Words) -> Table:
    header = [
        "rank",
        "item",
        "title",
        "role",
        "category",
        "area",
        "severity",
        "observations",
        "failures",
        "fail_rate",
        "points_lost",
        "share",
        "cumulative_share",
        "subjects_affected",
        "branches_affected",
        "checklists",
    ]
    rows: list[list[object]] = [
        [
            g.rank,
            g.item,
            g.title.get(t.lang),
            t.label("role", g.role),
            t.label("category", g.category),
            t.label("area", g.area),
            severity_label(g.severity, t.lang),
            g.observations,
            g.failures,
            g.fail_rate,
            g.points_lost,
            g.share,
            g.cumulative_share,
            g.subjects_affected,
            g.branches_affected,
            " ".join(g.checklists),
        ]
        for g in gaps
    ]
    return header, rows


def _ranking(ranked: Sequence[RankedRow], t: Words, *, branches: bool) -> Table:
    first: list[str] = (
        ["rank", "branch", "subjects"]
        if branches
        else ["rank", "subject", "branch", "role", "employee_id"]
    )
    header = [
        *first,
        *("checks", "score", "pass_rate", "points_lost", "criticals", "status", "grade"),
        *("top_gaps", "below_pass", "checklists"),
    ]
    lead: Callable[[RankedRow], list[object]] = (
        (lambda r: [r.rank, r.branch, r.subjects])
        if branches
        else (
            lambda r: [
                r.rank,
                r.subject,
                r.branch,
                t.label("role", r.role) if r.role else "",
                r.employee_id,
            ]
        )
    )
    rows = [
        [
            *lead(r),
            *(r.checks, r.score, r.pass_rate, r.points_lost, r.criticals),
            *(status_label(r.status, t.lang), r.grade.get(t.lang), " ".join(r.top_gaps)),
            *(r.below_pass, " ".join(r.checklists)),
        ]
        for r in ranked
    ]
    return header, rows


def _with_trends(
    header: list[str],
    rows: list[list[object]],
    keys: list[tuple[str, str]],
    history: History,
    by: str,
) -> list[str]:
    """Append each row's change against the previous period (from the report's history)."""
    trends = {"item": history.gaps, "subject": history.subjects, "branch": history.branches}[by]
    found = {(t.key, t.branch): t for t in trends}
    scores = by != "item"
    for row, key in zip(rows, keys, strict=True):
        t = found.get(key)
        row += [
            *(
                (t.previous_rank, t.rank_moved, t.previous_points_lost, t.points_lost_delta)
                if t
                else (None,) * 4
            ),
            *(((t.previous_score, t.score_delta) if t else (None, None)) if scores else ()),
        ]
    return [
        *header,
        *("previous_rank", "rank_moved", "previous_points_lost", "points_lost_delta"),
        *(("previous_score", "score_delta") if scores else ()),
    ]


def _groups(groups: Sequence[GroupRow], lang: str) -> Table:
    header = [
        "rank",
        "key",
        "title",
        "items",
        "observations",
        "failures",
        "fail_rate",
        "points_lost",
        "share",
        "cumulative_share",
        "subjects_affected",
        "branches_affected",
    ]
    rows: list[list[object]] = [
        [
            g.rank,
            g.key,
            g.label.get(lang),
            g.items,
            g.observations,
            g.failures,
            g.fail_rate,
            g.points_lost,
            g.share,
            g.cumulative_share,
            g.subjects_affected,
            g.branches_affected,
        ]
        for g in groups
    ]
    return header, rows
