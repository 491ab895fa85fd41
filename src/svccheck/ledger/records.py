"""What goes into the ledger and what comes out of it, as plain frozen data.

`FileToStore` is one input file ready to be written (its batches already scored); the store
answers with a `FileOutcome`. Reading back, a `Selection` names the active batches wanted and
`LoadedBatch`es come back with their scored checks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from svccheck.model import InputSummary, Observation, Rejection, RosterLine
from svccheck.scoring.actions import Action
from svccheck.scoring.result import CheckScore, Waived

# One letter per item of a check, aligned with the batch's `items`.
OUTCOME_CODES = {"pass": "P", "fail": "F", "na": "N", "unchecked": "U"}
IMPLIED = "I"  # a findings-only register's unlisted item: passed by implication
# The letters of an item judged passed: what closes an earlier corrective action (SPEC §8).
PASSED = frozenset({OUTCOME_CODES["pass"], IMPLIED})
ABSENT = "-"  # the item does not appear in this check


@dataclass(frozen=True, slots=True)
class BatchKey:
    """What a corrected file replaces: one branch's rows of one date, checklist and kind."""

    branch: str
    date: dt.date
    checklist: str
    kind: str

    def __str__(self) -> str:
        return f"{self.branch} {self.date.isoformat()} {self.checklist} ({self.kind})"


@dataclass(frozen=True, slots=True)
class BatchToStore:
    """One batch of a file, scored at ingest under the library in force then."""

    key: BatchKey
    checklist_fingerprint: str
    standards_version: str
    findings_only: bool
    items: tuple[str, ...]
    passes: Mapping[str, int]  # item → checks it passed in (implied included), from scoring
    checks: tuple[CheckScore, ...]
    outcomes: tuple[str, ...]  # per check, one letter per `items`
    observations: Sequence[Observation]  # as read: a waived failure is still a failure here
    waived: tuple[Waived, ...] = ()  # the failures a waiver covered (SPEC §8)
    actions: tuple[Action, ...] = ()  # corrective actions its failed inspection items open


@dataclass(frozen=True, slots=True)
class FileToStore:
    """One input file, read and scored, ready for one all-or-nothing write."""

    path: str
    content_hash: str
    summary: InputSummary
    batches: tuple[BatchToStore, ...]
    rejections: tuple[Rejection, ...]
    roster_lines: tuple[RosterLine, ...] = ()  # morning-sheet people nobody filled in

    @property
    def observations(self) -> int:
        return sum(len(b.observations) for b in self.batches)

    @property
    def checks(self) -> int:
        return sum(len(b.checks) for b in self.batches)

    @property
    def actions(self) -> int:
        return sum(len(b.actions) for b in self.batches)


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A file the ledger already holds."""

    id: int
    path: str
    content_hash: str
    ingested_at: str
    superseded_by: int | None


@dataclass(frozen=True, slots=True)
class Superseded:
    """An earlier file whose rows a new file replaced (kept, marked superseded)."""

    file_id: int
    path: str
    batches: int
    whole_file: bool  # every batch of it is now superseded


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """What ingesting one file did."""

    path: str
    status: str  # added | duplicate | empty (nothing to store: an unfilled form) | failed
    content_hash: str = ""
    file_id: int | None = None
    observations: int = 0
    checks: int = 0
    batches: int = 0
    rejected: int = 0
    superseded: tuple[Superseded, ...] = ()
    duplicate_of: StoredFile | None = None
    error: str = ""
    rejections: tuple[Rejection, ...] = ()


@dataclass(frozen=True, slots=True)
class Selection:
    """Which active batches a report or brief wants: a date range, optionally narrowed."""

    date_from: dt.date
    date_to: dt.date
    branch: str | None = None
    checklist: str | None = None


@dataclass(frozen=True, slots=True)
class LoadedBatch:
    """An active batch read back, with its scored checks."""

    id: int
    key: BatchKey
    file_id: int
    file: str
    checklist_fingerprint: str
    standards_version: str
    findings_only: bool
    items: tuple[str, ...]
    passes: tuple[int, ...]  # per item of `items`: the checks it passed in
    checks: tuple[CheckScore, ...]
    outcomes: tuple[str, ...]
    waived: tuple[Waived, ...] = ()  # the failures a waiver covered when it was scored
