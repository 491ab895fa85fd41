"""Building the history block of a ledger report: how this period compares with the one before.

`build_history` compares two scored `Report`s and reads the period's batches into a `History`
(the data types live beside scoring's results, in `svccheck.scoring.history`): trends of every
gap, subject and branch, the gaps that disappeared, repeat violations, the bank-wide baseline,
sheets scored under an older standards version, and self-check honesty. Pure.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Protocol

from svccheck.i18n import Text
from svccheck.ledger.records import LoadedBatch
from svccheck.model import Library
from svccheck.scoring.history import (
    BaselineDistance,
    History,
    Honesty,
    OlderVersion,
    RepeatViolation,
    Resolved,
    Trend,
)
from svccheck.scoring.result import CheckScore, Gap, RankedRow, Report

REPEAT_TIMES = 3  # failures of one item by one subject in the period that make a repeat


class Previous(Protocol):
    """What is compared with: the previous period's rankings (`report.Ranks`)."""

    @property
    def checks(self) -> int: ...
    @property
    def gaps(self) -> Sequence[Gap]: ...
    @property
    def subjects(self) -> Sequence[RankedRow]: ...
    @property
    def branches(self) -> Sequence[RankedRow]: ...


def build_history(
    *,
    period: tuple[str, dt.date, dt.date],
    previous: tuple[str, dt.date, dt.date],
    report: Report,
    earlier: Previous | None,
    bank: Report,
    batches: Sequence[LoadedBatch],
    honesty: Sequence[Honesty],
    library: Library,
    notes: Iterable[str] = (),
) -> History:
    """Compare `report` with the `earlier` period; `bank` is the bank-wide report (the
    baseline)."""
    before = earlier
    return History(
        period=period[0],
        period_from=period[1],
        period_to=period[2],
        previous=previous[0],
        previous_from=previous[1],
        previous_to=previous[2],
        previous_checks=before.checks if before else 0,
        gaps=gap_trends(report.gaps, before.gaps if before else ()),
        subjects=row_trends(report.subjects, before.subjects if before else ()),
        branches=row_trends(report.branches, before.branches if before else ()),
        resolved=resolved_gaps(report.gaps, before.gaps if before else ()),
        repeats=repeat_violations(report.checks, library),
        baseline=bank.summary.score_mean,
        baseline_branches=baseline_distances(bank, {r.branch for r in report.branches}),
        older_versions=older_versions(batches, library),
        honesty=tuple(honesty),
        notes=tuple(notes),
    )


def gap_trends(gaps: Sequence[Gap], previous: Sequence[Gap]) -> tuple[Trend, ...]:
    before = {g.item: g for g in previous}
    return tuple(
        Trend(
            key=g.item,
            branch="",
            rank=g.rank,
            previous_rank=before[g.item].rank if g.item in before else None,
            points_lost=g.points_lost,
            previous_points_lost=before[g.item].points_lost if g.item in before else None,
            title=g.title,
        )
        for g in gaps
    )


def row_trends(rows: Sequence[RankedRow], previous: Sequence[RankedRow]) -> tuple[Trend, ...]:
    before = {(r.subject_kind, r.branch, r.subject): r for r in previous}
    trends = []
    for row in rows:
        old = before.get((row.subject_kind, row.branch, row.subject))
        trends.append(
            Trend(
                key=row.subject,
                branch=row.branch,
                rank=row.rank,
                previous_rank=old.rank if old else None,
                points_lost=row.points_lost,
                previous_points_lost=old.points_lost if old else None,
                score=row.score,
                previous_score=old.score if old else None,
                subject_kind=row.subject_kind,
            )
        )
    return tuple(trends)


def resolved_gaps(gaps: Sequence[Gap], previous: Sequence[Gap]) -> tuple[Resolved, ...]:
    now = {g.item for g in gaps}
    return tuple(
        Resolved(g.item, g.title, g.rank, g.points_lost) for g in previous if g.item not in now
    )


def repeat_violations(
    checks: Iterable[CheckScore], library: Library, times: int = REPEAT_TIMES
) -> tuple[RepeatViolation, ...]:
    """Subjects that failed one item in `times` or more checks of the period."""
    found: dict[tuple[str, str, str, str], list[tuple[dt.date, float]]] = defaultdict(list)
    for check in checks:
        for deduction in check.deductions:
            key = (check.branch, check.subject_kind, check.subject, deduction.item)
            found[key].append((check.date, deduction.points))
    repeats = []
    for (branch, subject_kind, subject, item_id), hits in found.items():
        if len(hits) < times:
            continue
        item = library.items.get(item_id)
        repeats.append(
            RepeatViolation(
                branch=branch,
                subject=subject,
                subject_kind=subject_kind,
                item=item_id,
                title=item.title if item else Text(item_id),
                severity=item.severity if item else "minor",
                times=len(hits),
                dates=tuple(sorted({d for d, _ in hits})),
                points_lost=round(sum(p for _, p in hits), 6),
            )
        )
    repeats.sort(key=lambda r: (-r.times, -r.points_lost, r.branch, r.subject, r.item))
    return tuple(repeats)


def baseline_distances(bank: Report, branches: set[str]) -> tuple[BaselineDistance, ...]:
    """Each branch's score against the bank-wide mean, best first."""
    baseline = bank.summary.score_mean
    if baseline is None:
        return ()
    return tuple(
        BaselineDistance(
            branch=row.branch,
            score=row.score,
            distance=round(row.score - baseline, 4),
            rank=row.rank,
            branches=len(bank.branches),
        )
        for row in bank.branches
        if row.branch in branches
    )


def older_versions(batches: Iterable[LoadedBatch], library: Library) -> tuple[OlderVersion, ...]:
    """Checks scored at ingest under another version of their standards, or under items or
    scoring rules that have changed since (the checklist's fingerprint differs)."""
    counts: dict[tuple[str, str, str, str], int] = defaultdict(int)
    current: dict[str, tuple[str, str] | None] = {}
    for batch in batches:
        cid = batch.key.checklist
        if cid not in current:
            checklist = library.checklists.get(cid)
            current[cid] = (
                None
                if checklist is None
                else (library.fingerprint(checklist), library.checklist_version(checklist))
            )
        now = current[cid]
        if now is None or now != (batch.checklist_fingerprint, batch.standards_version):
            version = now[1] if now is not None else ""
            counts[(batch.file, cid, batch.standards_version, version)] += len(batch.checks)
    return tuple(
        OlderVersion(file, cid, old, new, n) for (file, cid, old, new), n in sorted(counts.items())
    )
