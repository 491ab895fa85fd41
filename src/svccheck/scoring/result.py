"""The scored result: frozen data that every report format, `explain` and the ledger read.

This module is the contract between scoring and everything after it. Scoring
(`svccheck.scoring.score`) builds a `Report`; renderers are pure functions of it; the ledger
stores `CheckScore`s and fills `Report.history`. Nothing here does I/O or knows about a format.

Shape, from small to large:

- `Deduction` — one item's points off in one check (several rows of the item add up, then the
  item's cap applies), with the cells it came from.
- `CheckScore` — one check (SPEC §4: one subject, one date, one checklist, one kind): base,
  score, counts of passed / failed / not-applicable / not-checked items, the veto, deductions.
- `Gap` — one item over the period, ranked for the Pareto (SPEC §7 `gaps`).
- `RankedRow` — one subject (or one branch) over the period, ranked (SPEC §7 `subjects`,
  `branches`), with its status and grade.
- `GroupRow` — gaps grouped by category / area / role / servqual (`--by`).
- `Summary` — the headline figures (SPEC §7 `summary`).
- `Section` — all of the above for one checklist.
- `Report` — the sections plus the same figures combined over all of them, the inputs, the
  rejected rows and the reader's warnings.

Conventions: rates are fractions in [0, 1]; points are floats; `score_mean` and rates are
`None` when there is nothing to compute them from (no checks, no passed-or-failed item).
Titles and labels are `Text` (zh/en) so every format can speak `--lang`.

Combined figures over several checklists: when the sections' bases differ, each check's score
(and the pass / star marks) is expressed on a base of 100 before averaging, so a CBSS-style
1000-point checklist and a 100-point one can be ranked together. When all bases agree (the
bundled library: 100), combined figures are the sections' own numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from svccheck.fast import fast_constructor
from svccheck.i18n import Text
from svccheck.model import InputSummary, Rejection, RosterLine, Scoring, Waiver, cell_name
from svccheck.scoring.history import History

# Statuses, in the order SPEC §5 decides them (the first that applies wins).
STATUSES = ("remediation", "star", "pass", "below")
STATUS_LABELS: Mapping[str, Text] = MappingProxyType(
    {
        "remediation": Text("需整改", "Remediation"),
        "star": Text("明星", "Star"),
        "pass": Text("达标", "Pass"),
        "below": Text("未达标", "Below"),
    }
)

# What `--by` can group the gaps by: item, the two rankings, and four item attributes.
GROUPINGS = ("item", "subject", "branch", "category", "area", "role", "servqual")
BREAKDOWNS = ("category", "area", "role", "servqual")


def source_of(file: str, sheet: str, column: int, row: int = 0) -> str:
    """The provenance string of one input cell: "file|sheet|F12" (the row number when the
    column is not known, -1)."""
    return f"{file}|{sheet}|{cell_name(column, row) or row}"


@dataclass(frozen=True, slots=True)
class Deduction:
    """One item's points off in one check.

    `points_before_cap` is the sum over the item's failed rows in the check (each row's
    explicit `deduction` when the sheet gave one, else `points × count`); `points` is what was
    applied after the item's `max_points` cap.
    """

    item: str
    points: float
    points_before_cap: float
    cap: float | None
    count: int  # violations: the sum of the failed rows' counts
    rows: int  # failed rows of the item in this check
    critical: bool
    explicit: bool  # at least one row gave its own deduction (扣分 / 得分 column)
    sources: tuple[str, ...] = ()  # "file|sheet|cell" of every failed row
    notes: tuple[str, ...] = ()  # the rows' notes (问题描述), as written
    people: tuple[str, ...] = ()  # persons the rows name when not the subject (被检查人)

    @property
    def capped(self) -> bool:
        return self.points < self.points_before_cap


@dataclass(frozen=True, slots=True)
class CheckScore:
    """One check: one subject on one date under one checklist and kind (SPEC §4–§5).

    Item counts are per item, not per row: an item with a failed row is failed, else passed,
    else not applicable, else not checked. `implied` counts the passes a findings-only
    register implies (the checklist's items that apply to the subject and are not listed);
    they are included in `passed`. `points_lost` is Σ deductions after caps (it can exceed
    `base − score` when the score is floored at 0 or vetoed). `veto` is the checklist's veto
    rule when a critical item failed ("zero": the score is 0; "flag": the score stands and the
    check is flagged), else None.
    """

    checklist: str
    kind: str
    subject: str
    subject_kind: str  # employee | branch
    branch: str
    role: str | None
    date: dt.date
    base: float
    score: float
    points_lost: float
    passed: int
    failed: int
    na: int
    unchecked: int
    implied: int = 0
    observations: int = 0  # input rows of this check
    criticals: int = 0  # critical items failed
    veto: str | None = None
    employee_id: str | None = None
    # a findings-only register's items left out by its stated scope (SPEC §4): not checked
    out_of_scope: int = 0
    # rate model (SPEC §5): Σ max_points over the check's applicable items; None: deduction
    possible: float | None = None
    # a person's check on an accountable register (SPEC §5): a second view of findings the
    # branch's check holds — in the subjects ranking, never in gaps, branches or the summary
    accountable: bool = False
    deductions: tuple[Deduction, ...] = ()

    @property
    def pass_rate(self) -> float | None:
        judged = self.passed + self.failed
        return self.passed / judged if judged else None

    @property
    def vetoed(self) -> bool:
        return self.veto == "zero"

    @property
    def flagged(self) -> bool:
        return self.veto == "flag"


@dataclass(frozen=True, slots=True)
class Waived:
    """A failure a waiver covers (SPEC §8): shown with the waiver's reason, never deducted;
    like a not-applicable item it is out of pass rates, gaps and the rate's possible points."""

    checklist: str
    kind: str
    date: dt.date
    branch: str
    subject: str
    item: str
    employee: str | None  # the person the row names, when not the subject
    count: int
    note: str | None
    file: str
    sheet: str
    row: int
    cell: str  # the cell the failure was read from ("F12"), "" when not known
    waiver: Waiver

    def as_dict(self) -> dict[str, object]:
        """The report's `waived` entry."""
        return {
            "checklist": self.checklist,
            "kind": self.kind,
            "date": self.date.isoformat(),
            "branch": self.branch,
            "subject": self.subject,
            "employee": self.employee,
            "item": self.item,
            "count": self.count,
            "note": self.note,
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "cell": self.cell,
            "reason": self.waiver.reason,
            "approved_by": self.waiver.approved_by,
            "expires": self.waiver.expires.isoformat(),
            "waiver_branch": self.waiver.branch,
            "waiver": str(self.waiver.location) if self.waiver.location else None,
        }


@dataclass(frozen=True, slots=True)
class Gap:
    """One item over the period (SPEC §7 `gaps`), ranked by points lost, fail rate, severity, id.

    `observations` counts the checks in which the item was judged (passed or failed, implied
    passes included); `failures` the checks in which it failed; `fail_rate` is their ratio.
    `share` is this item's part of all points lost; `cumulative_share` runs down the ranking
    (the Pareto line).
    """

    rank: int
    item: str
    title: Text
    role: str
    category: str
    area: str
    severity: str
    observations: int
    failures: int
    fail_rate: float
    points_lost: float
    share: float
    cumulative_share: float
    subjects_affected: int
    branches_affected: int
    violations: int = 0  # Σ counts over the failed rows
    servqual: str | None = None
    checklists: tuple[str, ...] = ()

    @property
    def critical(self) -> bool:
        return self.severity == "critical"


@dataclass(frozen=True, slots=True)
class RankedRow:
    """One subject — or one branch — over the period (SPEC §7 `subjects` / `branches`).

    `score` is the mean of the check scores; `status` is decided in SPEC §5's order:
    remediation (any critical, or below the pass mark in two or more checks), star, pass,
    below. For a branch row the "checks" of that rule are the branch's rounds (all its checks
    with the same date, checklist and kind, averaged), so a branch checklist's branch row and
    subject row agree. `top_gaps` are the row's three items with the most points lost.
    """

    rank: int
    subject: str
    branch: str
    role: str | None
    checks: int
    score: float
    pass_rate: float | None
    points_lost: float
    criticals: int
    status: str
    top_gaps: tuple[str, ...]
    grade: Text
    subject_kind: str = "employee"  # employee | branch
    below_pass: int = 0  # checks (rounds, for a branch row) under the pass mark
    vetoed: int = 0  # checks set to 0 by a veto
    flagged: int = 0  # checks flagged by a veto
    subjects: int = 1  # for a branch row: the subjects scored in it
    employee_id: str | None = None
    checklists: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()  # the kinds of check behind the score (self_check, …)

    @property
    def status_label(self) -> Text:
        return STATUS_LABELS[self.status]


# Built once per check, once per failed item and once per ranking row (an accountable
# register's people make tens of thousands): see fast.py.
build_check = fast_constructor(CheckScore)
build_deduction = fast_constructor(Deduction)
build_row = fast_constructor(RankedRow)


@dataclass(frozen=True, slots=True)
class GroupRow:
    """The gaps summed over one value of an item attribute (`--by category|area|role|servqual`)."""

    rank: int
    by: str
    key: str  # the taxonomy id ("appearance"), or "" for items without one (servqual)
    label: Text
    items: int  # items of this group with a failure
    observations: int
    failures: int
    fail_rate: float
    points_lost: float
    share: float
    cumulative_share: float
    subjects_affected: int
    branches_affected: int


@dataclass(frozen=True, slots=True)
class Summary:
    """The headline figures (SPEC §7 `summary`).

    `observations` counts input rows scored; `implied` the passes a findings-only register
    implies. `score_mean` is the mean of the check scores; `pass_rate` is Σ passed /
    Σ (passed + failed) over the checks. `criticals` counts critical items failed (per check).
    `statuses` counts the subjects per status.
    """

    subjects: int
    branches: int
    checks: int
    observations: int
    score_mean: float | None
    pass_rate: float | None
    points_lost: float
    criticals: int
    passed: int = 0
    failed: int = 0
    na: int = 0
    unchecked: int = 0
    implied: int = 0
    vetoed: int = 0
    flagged: int = 0
    statuses: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class Section:
    """Everything SPEC §7 reports, for one checklist."""

    checklist: str
    title: Text
    kind: str  # the checklist's kind
    subject_kind: str  # employee | branch
    scoring: Scoring
    period_from: dt.date | None
    period_to: dt.date | None
    summary: Summary
    gaps: tuple[Gap, ...]
    subjects: tuple[RankedRow, ...]
    branches: tuple[RankedRow, ...]
    breakdowns: Mapping[str, tuple[GroupRow, ...]]
    checks: tuple[CheckScore, ...]  # every check, in no promised order (sort to show them)
    kinds: tuple[str, ...] = ()  # the kinds of check seen (self_check, peer_check, inspection)
    findings_only: bool = False  # unlisted items counted as passed (an inspection register)
    # the people an accountable register holds to account, one check each (SPEC §5): they
    # are in `subjects`, and in nothing else of the section
    accountable_checks: tuple[CheckScore, ...] = ()
    # failures a waiver covers (SPEC §8): shown, not deducted, out of every rate
    waived: tuple[Waived, ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    """A scored run: one section per checklist, and the same figures combined over all of them.

    `history` is an optional block the ledger fills for `svccheck report` (trends against
    the previous period, `scoring.history`); renderers show it when present.
    """

    period_from: dt.date | None
    period_to: dt.date | None
    inputs: tuple[InputSummary, ...]
    rejected: tuple[Rejection, ...]
    warnings: tuple[str, ...]
    sections: tuple[Section, ...]
    summary: Summary
    gaps: tuple[Gap, ...]
    subjects: tuple[RankedRow, ...]
    branches: tuple[RankedRow, ...]
    breakdowns: Mapping[str, tuple[GroupRow, ...]]
    normalised: bool = False  # combined scores put on a base of 100 (the sections' bases differ)
    standards_version: str = ""
    # `report --standards NEW`: the library versions the ledger had scored these checks under,
    # before they were scored again under `standards_version`. Empty: scored as stored.
    rescored_from: tuple[str, ...] = ()
    history: History | None = None
    # people on a morning sheet's roster whose line nobody filled in (SPEC §7, version 2)
    roster_without_check: tuple[RosterLine, ...] = ()

    @property
    def checks(self) -> tuple[CheckScore, ...]:
        return tuple(c for s in self.sections for c in s.checks)

    @property
    def waived(self) -> tuple[Waived, ...]:
        """Every section's waived failures (SPEC §8), by date, branch, subject and item."""
        return tuple(
            sorted(
                (w for s in self.sections for w in s.waived),
                key=lambda w: (w.date, w.branch, w.subject, w.item, w.file, w.sheet, w.row),
            )
        )

    def section(self, checklist: str) -> Section | None:
        return next((s for s in self.sections if s.checklist == checklist), None)

    def grouped(self, by: str) -> tuple[Gap, ...] | tuple[RankedRow, ...] | tuple[GroupRow, ...]:
        """The combined rows for one `--by` value."""
        return _grouped(self, by)


def _grouped(
    result: Report | Section, by: str
) -> tuple[Gap, ...] | tuple[RankedRow, ...] | tuple[GroupRow, ...]:
    if by == "item":
        return result.gaps
    if by == "subject":
        return result.subjects
    if by == "branch":
        return result.branches
    if by in BREAKDOWNS:
        return result.breakdowns.get(by, ())
    raise ValueError(f"unknown grouping {by!r}; expected one of {', '.join(GROUPINGS)}")


def section_grouped(
    section: Section, by: str
) -> tuple[Gap, ...] | tuple[RankedRow, ...] | tuple[GroupRow, ...]:
    """The rows of one section for one `--by` value."""
    return _grouped(section, by)
