"""The morning briefing, as data: what a branch manager reads out at the 8:30 meeting.

Frozen data beside scoring's results, with no I/O: the ledger builds a `Brief` from the
checks it stored (`svccheck.ledger.brief`) and `svccheck.reporting.brief` renders it for the
terminal, Markdown, a printable HTML page or JSON.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from svccheck.i18n import Text
from svccheck.scoring.result import RankedRow, Summary


@dataclass(frozen=True, slots=True)
class FocusItem:
    """One of today's focus items: a top gap of the last week, with what to read aloud."""

    rank: int
    item: str
    title: Text
    criterion: Text
    severity: str
    points_lost: float
    failures: int
    fail_rate: float


@dataclass(frozen=True, slots=True)
class RosterGap:
    """A roster member with no self-check on the last working day."""

    subject: str
    role: str | None
    last_seen: dt.date


@dataclass(frozen=True, slots=True)
class BranchBrief:
    """The briefing of one branch."""

    branch: str
    yesterday: dt.date | None
    summary: Summary | None  # yesterday's headline figures
    results: tuple[RankedRow, ...]  # yesterday's subjects, best first
    stars: tuple[RankedRow, ...]
    remediation: tuple[RankedRow, ...]  # over the roster window
    no_self_check: tuple[RosterGap, ...]
    roster: int
    focus: tuple[FocusItem, ...]
    roster_from: dt.date | None = None
    focus_from: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Brief:
    """The morning briefing for meeting day `date`."""

    date: dt.date
    branches: tuple[BranchBrief, ...]
    notes: tuple[str, ...] = ()
