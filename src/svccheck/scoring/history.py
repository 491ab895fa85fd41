"""The history block of a ledger report, as data: this period against the one before.

`Report.history` holds a `History`: for every gap, subject and branch its rank and points
lost now and in the previous period of equal length; the gaps that disappeared; repeat
violations (the same subject failing the same item 3+ times in the period); the bank-wide
baseline and each branch's distance from it; sheets scored under an older standards version;
and self-check honesty. Frozen data beside scoring's results, with no I/O: the ledger builds
it (`svccheck.ledger.history`, `svccheck.ledger.honesty`) and the report formats show it
(`svccheck.reporting.history`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from svccheck.i18n import Text


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
class ActionCounts:
    """One branch's corrective actions over a period (SPEC §8; `svccheck report`)."""

    branch: str
    opened: int  # found in the period
    closed: int  # closed in the period
    overdue: int  # open past their due date at the period's end
    median_days_to_close: float | None  # found → closed, of those closed in the period

    def as_dict(self) -> dict[str, object]:
        return {
            "branch": self.branch,
            "opened": self.opened,
            "closed": self.closed,
            "overdue": self.overdue,
            "median_days_to_close": self.median_days_to_close,
        }


@dataclass(frozen=True, slots=True)
class Honesty:
    """One subject's (or one branch's) self-reported failures against others' findings."""

    level: str  # subject | branch
    branch: str
    subject: str  # the person, or the branch itself
    subject_kind: str  # employee | branch
    items: int  # items judged both by the self-check and by others
    self_judged: int
    self_failed: int
    others_judged: int
    others_failed: int
    pairs: int  # same subject, item and day judged by both
    agreement: float | None  # share of those pairs where both said the same
    kappa: float | None  # Cohen's kappa of those pairs (None: too few or no variation)

    @property
    def self_fail_rate(self) -> float:
        return self.self_failed / self.self_judged if self.self_judged else 0.0

    @property
    def others_fail_rate(self) -> float:
        return self.others_failed / self.others_judged if self.others_judged else 0.0

    @property
    def gap(self) -> float:
        """Fail rate found by others minus fail rate self-reported."""
        return self.others_fail_rate - self.self_fail_rate


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
    # each branch's corrective actions over the period (SPEC §8); JSON: the report's `actions`
    actions: tuple[ActionCounts, ...] = ()

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
