"""The history block of a ledger report: how this period compares with the one before.

`Report.history` holds a `History`: for every gap, subject and branch its rank and points
lost now and in the previous period of equal length; the gaps that disappeared; repeat
violations (the same subject failing the same item 3+ times in the period); the bank-wide
baseline and each branch's distance from it; sheets scored under an older standards version;
and self-check honesty. Built from two scored `Report`s and the period's batches — pure.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from svccheck.i18n import Text
from svccheck.ledger.honesty import Honesty
from svccheck.ledger.records import LoadedBatch
from svccheck.model import Library
from svccheck.scoring.result import CheckScore, Gap, RankedRow, Report

REPEAT_TIMES = 3  # failures of one item by one subject in the period that make a repeat


@dataclass(frozen=True, slots=True)
class Trend:
    """One gap, subject or branch now and in the previous period.

    `rank_moved` is previous rank − rank: positive means it moved up its list (for subjects
    and branches, up is better; for gaps, up means a bigger problem). None when it was not in
    the previous period's list.
    """

    key: str  # item id, subject or branch
    branch: str  # the subject's branch ('' for gaps)
    rank: int
    previous_rank: int | None
    points_lost: float
    previous_points_lost: float | None
    score: float | None = None
    previous_score: float | None = None
    subject_kind: str = ""
    title: Text | None = None  # an item's title (gaps)

    @property
    def rank_moved(self) -> int | None:
        return None if self.previous_rank is None else self.previous_rank - self.rank

    @property
    def points_lost_delta(self) -> float | None:
        if self.previous_points_lost is None:
            return None
        return round(self.points_lost - self.previous_points_lost, 6)

    @property
    def score_delta(self) -> float | None:
        if self.score is None or self.previous_score is None:
            return None
        return round(self.score - self.previous_score, 4)


@dataclass(frozen=True, slots=True)
class Resolved:
    """A gap of the previous period with no failure in this one."""

    item: str
    title: Text
    previous_rank: int
    previous_points_lost: float


@dataclass(frozen=True, slots=True)
class RepeatViolation:
    """The same subject failed the same item `times` times in the period."""

    branch: str
    subject: str
    subject_kind: str
    item: str
    title: Text
    severity: str
    times: int
    dates: tuple[dt.date, ...]
    points_lost: float


@dataclass(frozen=True, slots=True)
class BaselineDistance:
    """A branch's period score against the bank-wide mean."""

    branch: str
    score: float
    distance: float  # score − baseline: below zero is under the bank average
    rank: int
    branches: int


@dataclass(frozen=True, slots=True)
class OlderVersion:
    """Checks scored at ingest under a standards version other than today's."""

    file: str
    checklist: str
    standards_version: str  # the version they were scored under
    current_version: str  # "" when the checklist is no longer in the library
    checks: int


@dataclass(frozen=True, slots=True)
class History:
    """The history fields of a ledger report (see the module docstring)."""

    period: str
    period_from: dt.date
    period_to: dt.date
    previous: str
    previous_from: dt.date
    previous_to: dt.date
    previous_checks: int
    gaps: tuple[Trend, ...]
    subjects: tuple[Trend, ...]
    branches: tuple[Trend, ...]
    resolved: tuple[Resolved, ...]
    repeats: tuple[RepeatViolation, ...]
    baseline: float | None
    baseline_branches: tuple[BaselineDistance, ...]
    older_versions: tuple[OlderVersion, ...]
    honesty: tuple[Honesty, ...]
    notes: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """JSON-ready: dates as ISO strings, texts as {zh, en}, derived deltas included."""
        return {
            "period": {
                "label": self.period,
                "from": self.period_from.isoformat(),
                "to": self.period_to.isoformat(),
            },
            "previous": {
                "label": self.previous,
                "from": self.previous_from.isoformat(),
                "to": self.previous_to.isoformat(),
                "checks": self.previous_checks,
            },
            "gaps": [_trend_dict(t, "item") for t in self.gaps],
            "subjects": [_trend_dict(t, "subject") for t in self.subjects],
            "branches": [_trend_dict(t, "branch") for t in self.branches],
            "resolved": [
                {
                    "item": r.item,
                    "title": r.title.as_dict(),
                    "previous_rank": r.previous_rank,
                    "previous_points_lost": r.previous_points_lost,
                }
                for r in self.resolved
            ],
            "repeat_violations": [
                {
                    "branch": r.branch,
                    "subject": r.subject,
                    "subject_kind": r.subject_kind,
                    "item": r.item,
                    "title": r.title.as_dict(),
                    "severity": r.severity,
                    "times": r.times,
                    "dates": [d.isoformat() for d in r.dates],
                    "points_lost": r.points_lost,
                }
                for r in self.repeats
            ],
            "baseline": {
                "score": self.baseline,
                "branches": [asdict(b) for b in self.baseline_branches],
            },
            "older_versions": [asdict(v) for v in self.older_versions],
            "honesty": [_honesty_dict(h) for h in self.honesty],
            "notes": list(self.notes),
        }


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
    from svccheck.ledger.ingest import checklist_version

    counts: dict[tuple[str, str, str, str], int] = defaultdict(int)
    current: dict[str, tuple[str, str] | None] = {}
    for batch in batches:
        cid = batch.key.checklist
        if cid not in current:
            checklist = library.checklists.get(cid)
            current[cid] = (
                None
                if checklist is None
                else (library.fingerprint(checklist), checklist_version(library, checklist))
            )
        now = current[cid]
        if now is None or now != (batch.checklist_fingerprint, batch.standards_version):
            version = now[1] if now is not None else ""
            counts[(batch.file, cid, batch.standards_version, version)] += len(batch.checks)
    return tuple(
        OlderVersion(file, cid, old, new, n) for (file, cid, old, new), n in sorted(counts.items())
    )


def _trend_dict(trend: Trend, name: str) -> dict[str, Any]:
    doc: dict[str, Any] = {name: trend.key}
    if name != "item":
        doc.update(
            branch=trend.branch,
            subject_kind=trend.subject_kind,
            score=trend.score,
            previous_score=trend.previous_score,
            score_delta=trend.score_delta,
        )
    else:
        doc["title"] = trend.title.as_dict() if trend.title else None
    doc.update(
        rank=trend.rank,
        previous_rank=trend.previous_rank,
        rank_moved=trend.rank_moved,
        points_lost=trend.points_lost,
        previous_points_lost=trend.previous_points_lost,
        points_lost_delta=trend.points_lost_delta,
    )
    return doc


def _honesty_dict(h: Honesty) -> dict[str, Any]:
    doc = asdict(h)
    doc.update(self_fail_rate=h.self_fail_rate, others_fail_rate=h.others_fail_rate, gap=h.gap)
    return doc
