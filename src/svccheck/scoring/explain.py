"""How a score came about, and what fixing each gap would gain (`svccheck explain`).

Pure functions over a scored `Report`: for a subject (an employee or a branch) every check
with its base, deductions (with the cells they came from), caps and vetoes; for an item every
check it failed in. For both, the *gain* of fixing a gap: how much a row's period score would
rise had the item passed in every check — the score is recomputed without the item's
deductions (lifting a veto when the item was the check's only failed red line), so the figure
is exact, not an estimate.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from svccheck.errors import ConfigError
from svccheck.i18n import Text, tr
from svccheck.model import Item, Library, Scoring
from svccheck.scoring.checks import score_of
from svccheck.scoring.result import (
    CheckScore,
    Deduction,
    Gap,
    RankedRow,
    Report,
    Section,
    Waived,
)


@dataclass(frozen=True, slots=True)
class Gain:
    """What fixing one item would gain one ranking row (a subject or a branch)."""

    item: str
    title: Text
    severity: str
    subject: str
    branch: str
    checklist: str
    checks: int  # checks in which the item failed
    points_lost: float
    gain: float  # rise of the row's period score (mean of its checks)
    vetoes_lifted: int = 0  # checks whose zero veto would be lifted


@dataclass(frozen=True, slots=True)
class SubjectExplanation:
    """One subject (or one branch) under one checklist: its checks and its gains."""

    checklist: str
    title: Text
    scoring: Scoring
    row: RankedRow
    checks: tuple[CheckScore, ...]
    gains: tuple[Gain, ...]
    is_branch: bool = False  # the row is a branch over its staff's checks


@dataclass(frozen=True, slots=True)
class Failure:
    """One check in which an item failed, with its deduction (and the cells it came from)."""

    check: CheckScore
    deduction: Deduction


@dataclass(frozen=True, slots=True)
class ItemExplanation:
    """One item under one checklist: its gap row, every failure, and the gains per row."""

    checklist: str
    title: Text
    scoring: Scoring
    gap: Gap
    failures: tuple[Failure, ...]
    subjects: tuple[Gain, ...]
    branches: tuple[Gain, ...]


@dataclass(frozen=True, slots=True)
class Explanation:
    """The answer to `svccheck explain QUERY`: a subject's story or an item's."""

    query: str
    item: Item | None
    subjects: tuple[SubjectExplanation, ...] = ()
    items: tuple[ItemExplanation, ...] = ()
    # the failures a waiver covered (SPEC §8): not deducted, and which waiver applied
    waived: tuple[Waived, ...] = ()


def score_without(check: CheckScore, items: Iterable[str], scoring: Scoring) -> float:
    """The check's score had `items` passed (SPEC §5 applied to the remaining deductions)."""
    fixed = set(items)
    kept = [d for d in check.deductions if d.item not in fixed]
    if len(kept) == len(check.deductions):
        return check.score
    vetoed = scoring.veto == "zero" and any(d.critical for d in kept)
    lost = round(sum(d.points for d in kept), 6)
    # rate model: the fixed item still counts among the applicable ones
    return score_of(check.base, check.possible or None, lost, vetoed)


def gain(checks: Sequence[CheckScore], item: str, scoring: Scoring) -> float:
    """How much the mean score of `checks` would rise had `item` passed in all of them."""
    if not checks:
        return 0.0
    rise = sum(score_without(c, (item,), scoring) - c.score for c in checks)
    return round(rise / len(checks), 4)


def explain(report: Report, query: str, library: Library, lang: str = "en") -> Explanation:
    """Explain a subject, a branch or an item; ConfigError (with suggestions) when unknown."""
    item_id = library.title_index().get(query.strip().casefold())
    if item_id is not None:
        items = tuple(
            e for s in report.sections if (e := explain_item(s, item_id, library)) is not None
        )
        waived = tuple(w for w in report.waived if w.item == item_id)
        return Explanation(query, library.items.get(item_id), items=items, waived=waived)
    subjects = tuple(e for s in report.sections for e in explain_subject(s, query, library))
    if not subjects:
        raise ConfigError(_not_found(report, query, library, lang))
    waived = tuple(w for w in report.waived if query in (w.subject, w.branch, w.employee))
    return Explanation(query, None, subjects=subjects, waived=waived)


def explain_subject(section: Section, name: str, library: Library) -> list[SubjectExplanation]:
    """The subject rows named `name` in a section; for an employee checklist, also the branch
    row when `name` is a branch (the branch over all its staff's checks)."""
    found = []
    for row in section.subjects:
        if row.subject == name or (row.employee_id and row.employee_id == name):
            # a person an accountable register holds to account has checks of their own
            held = section.accountable_checks if row.subject_kind != section.subject_kind else ()
            checks = [
                c
                for c in (held or section.checks)
                if c.subject == row.subject and c.branch == row.branch
            ]
            found.append(_subject(section, row, checks, library, is_branch=False))
    if section.subject_kind == "employee":
        for row in section.branches:
            if row.branch == name:
                checks = [c for c in section.checks if c.branch == row.branch]
                found.append(_subject(section, row, checks, library, is_branch=True))
    return found


def _subject(
    section: Section,
    row: RankedRow,
    checks: list[CheckScore],
    library: Library,
    *,
    is_branch: bool,
) -> SubjectExplanation:
    checks = sorted(checks, key=_by_date)
    failed = {d.item for c in checks for d in c.deductions}
    gains = [_gain(section, row, checks, item, library) for item in failed]
    gains.sort(key=lambda g: (-g.gain, -g.points_lost, g.item))
    return SubjectExplanation(
        section.checklist,
        section.title,
        section.scoring,
        row,
        tuple(checks),
        tuple(gains),
        is_branch,
    )


def _gain(
    section: Section, row: RankedRow, checks: Sequence[CheckScore], item: str, library: Library
) -> Gain:
    hit = [(c, d) for c in checks for d in c.deductions if d.item == item]
    meta = library.items.get(item)
    lifted = sum(
        1
        for c, d in hit
        if c.vetoed and d.critical and not any(x.critical for x in c.deductions if x.item != item)
    )
    return Gain(
        item=item,
        title=meta.title if meta else Text(item),
        severity=meta.severity if meta else "minor",
        subject=row.subject,
        branch=row.branch,
        checklist=section.checklist,
        checks=len(hit),
        points_lost=round(sum(d.points for _, d in hit), 6),
        gain=gain(checks, item, section.scoring),
        vetoes_lifted=lifted,
    )


def explain_item(section: Section, item: str, library: Library) -> ItemExplanation | None:
    """An item's failures in one section, and what fixing it would gain each subject and
    branch; None when the item did not fail there."""
    gap = next((g for g in section.gaps if g.item == item), None)
    if gap is None:
        return None
    failures = tuple(Failure(c, d) for c in section.checks for d in c.deductions if d.item == item)
    by_subject: dict[tuple[str, str], list[CheckScore]] = {}
    by_branch: dict[str, list[CheckScore]] = {}
    for check in section.checks:
        by_subject.setdefault((check.branch, check.subject), []).append(check)
        by_branch.setdefault(check.branch, []).append(check)
    hit = {(f.check.branch, f.check.subject) for f in failures}
    subjects = [
        _gain(section, row, by_subject[(row.branch, row.subject)], item, library)
        for row in section.subjects
        if (row.branch, row.subject) in hit
    ]
    branches = [
        _gain(section, row, by_branch[row.branch], item, library)
        for row in section.branches
        if any(b == row.branch for b, _ in hit)
    ]

    def order(g: Gain) -> tuple[float, float, str, str]:
        return (-g.gain, -g.points_lost, g.branch, g.subject)

    return ItemExplanation(
        section.checklist,
        section.title,
        section.scoring,
        gap,
        failures,
        tuple(sorted(subjects, key=order)),
        tuple(sorted(branches, key=order)),
    )


def _by_date(check: CheckScore) -> tuple[object, ...]:
    return (check.date, check.branch, check.subject, check.kind)


def _not_found(report: Report, query: str, library: Library, lang: str) -> str:
    names = {r.subject for s in report.sections for r in s.subjects}
    names |= {r.branch for s in report.sections for r in s.branches}
    candidates = sorted(names | set(library.items))
    close = difflib.get_close_matches(query, candidates, n=5, cutoff=0.5)
    hint = ", ".join(close) if close else ", ".join(sorted(names)[:8])
    return tr(
        lang,
        "在这些表格中找不到员工、网点或检查项目“{q}”；相近的有：{hint}",
        "no employee, branch or item {q!r} in these sheets; did you mean: {hint}",
        q=query,
        hint=hint or "—",
    )
