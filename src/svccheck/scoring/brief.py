"""The morning briefing, as data: what a branch manager reads out at the 8:30 meeting.

Frozen data beside scoring's results, with no I/O: the ledger builds a `Brief` from the
checks it stored (`svccheck.ledger.brief`) and `svccheck.reporting.brief` renders it for the
terminal, Markdown, a printable HTML page or JSON.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from svccheck.i18n import Text
from svccheck.scoring.actions import Action
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
    """A roster member with no self-check on the last working day: on that day's sheets
    (a line nobody filled in, or a check of another kind) or on the branch's staff list."""

    subject: str
    role: str | None  # the role id
    last_seen: dt.date | None  # their last check in the roster window; None: none there
    role_label: Text | None = None  # the role as people say it (综合柜员, Teller)


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
    # the working day before the meeting: when `yesterday` is older, the data is stale
    previous_working_day: dt.date | None = None
    # item id → title, for the items yesterday's results and the overdue actions name (a
    # brief reads titles, not ids)
    titles: Mapping[str, Text] = field(default_factory=dict)
    # corrective actions still open past their due date on the meeting day (SPEC §8)
    overdue: tuple[Action, ...] = ()

    @property
    def stale(self) -> bool:
        """Is the newest data older than the previous working day (SPEC §6)?"""
        return (
            self.yesterday is not None
            and self.previous_working_day is not None
            and self.yesterday < self.previous_working_day
        )


@dataclass(frozen=True, slots=True)
class Brief:
    """The morning briefing for meeting day `date`."""

    date: dt.date
    branches: tuple[BranchBrief, ...]
    notes: tuple[str, ...] = ()
