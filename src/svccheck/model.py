"""The words of the pipeline as data: library (items, standards, checklists) and observations.

standards → checklist → sheets → observations → scores → report. Everything here is immutable
and free of I/O; the catalog builds the library, the sheet readers build observations.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from svccheck.i18n import Text

RESULTS = ("pass", "fail", "na", "unchecked")
KINDS = ("self_check", "peer_check", "inspection")
SUBJECTS = ("employee", "branch")
SEVERITY_ORDER = {"critical": 0, "major": 1, "minor": 2}


@dataclass(frozen=True, slots=True)
class Location:
    """Where something was written: 1-based line and column in a file."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}" if self.line else self.file


@dataclass(frozen=True, slots=True)
class Item:
    """One standard item: a checkable criterion and what a violation costs."""

    id: str
    standard: str
    role: str
    area: str
    category: str
    title: Text
    criterion: Text
    points: float
    severity: str
    max_points: float | None = None
    cadence: tuple[str, ...] = ()
    method: tuple[str, ...] = ()
    servqual: str | None = None
    tags: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()
    location: Location | None = field(default=None, compare=False)
    # facilities (taxonomy `facilities`) the item needs (SPEC §8): at a branch whose profile
    # lacks one, the item is not applicable. Not in the fingerprint: what it changes depends
    # on branches.yaml, not on the item, and forms printed before it keep their fingerprint.
    requires: tuple[str, ...] = ()

    @property
    def critical(self) -> bool:
        return self.severity == "critical"

    @property
    def fingerprint(self) -> str:
        """Hash of what scoring and the printed form depend on (not of positions)."""
        payload = [
            self.id,
            self.role,
            self.points,
            self.max_points,
            self.severity,
            self.title.zh,
            self.criterion.zh,
        ]
        return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Standard:
    id: str
    title: Text
    version: str
    items: tuple[Item, ...]
    role: str | None = None
    effective: str | None = None
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Grade:
    """A grade band: scores ≥ `min` earn `label` (bands are checked from the top)."""

    min: float
    label: Text


DEFAULT_GRADES: tuple[Grade, ...] = (
    Grade(90, Text("优秀", "Excellent")),
    Grade(80, Text("良好", "Good")),
    Grade(60, Text("合格", "Adequate")),
    Grade(0, Text("不合格", "Failing")),
)


SCORING_MODELS = ("deduction", "rate")

# Days an inspection finding has to be fixed, by severity, when the register gives no due date
# (SPEC §8, `scoring.fix_days`).
DEFAULT_FIX_DAYS: tuple[tuple[str, int], ...] = (("critical", 1), ("major", 7), ("minor", 14))


@dataclass(frozen=True, slots=True)
class Scoring:
    base: float = 100.0
    pass_mark: float = 85.0
    star_mark: float = 98.0
    veto: str = "zero"  # zero | flag
    grades: tuple[Grade, ...] = DEFAULT_GRADES
    # deduction (倒扣分): base − Σ deductions; rate (得分率): base × (possible − lost) / possible
    model: str = "deduction"
    # severity → days to fix a finding (SPEC §8). Not in the fingerprint: it changes no score
    # and no printed form, only when a corrective action falls due.
    fix_days: tuple[tuple[str, int], ...] = DEFAULT_FIX_DAYS

    def days_to_fix(self, severity: str) -> int:
        """Days a finding of `severity` has to be fixed when the register gives no due date."""
        return dict(self.fix_days).get(severity, dict(DEFAULT_FIX_DAYS)[severity])

    @property
    def rate(self) -> bool:
        return self.model == "rate"

    @property
    def fingerprint_text(self) -> str:
        """What a checklist's fingerprint hashes of its scoring rules. Written out as the
        contract-v1 dataclass repr, with the version-2 `model` appended only when it is not the
        default: a v1 checklist keeps its fingerprint, so forms printed and sheets ingested
        before version 2 are not reported as scored under changed rules."""
        v1 = (
            f"Scoring(base={self.base!r}, pass_mark={self.pass_mark!r}, "
            f"star_mark={self.star_mark!r}, veto={self.veto!r}, grades={self.grades!r})"
        )
        return v1 if self.model == "deduction" else f"{v1} model={self.model!r}"

    def grade(self, score: float) -> Grade:
        for band in sorted(self.grades, key=lambda g: -g.min):
            if score >= band.min:
                return band
        return min(self.grades, key=lambda g: g.min)


@dataclass(frozen=True, slots=True)
class Checklist:
    """A form: the items it selects and how a check on it is scored."""

    id: str
    title: Text
    kind: str  # self_check | peer_check | inspection
    subject: str  # employee | branch
    items: tuple[str, ...]
    scoring: Scoring = Scoring()
    location: Location | None = field(default=None, compare=False)
    # `employee` on a branch checklist: a finding naming a person also counts against that
    # person, in a check of their own (SPEC §5, accountable checks). None: the branch only.
    accountable: str | None = None
    # Printed under the form's title: how to fill it (e.g. conduct items are a self-report of
    # the previous working day). Optional; None prints nothing.
    note: Text | None = None


@dataclass(frozen=True)
class Taxonomy:
    """Vocabulary: kind (roles, areas, …) → id → label."""

    terms: Mapping[str, Mapping[str, Text]]
    version: str = ""

    def ids(self, kind: str) -> frozenset[str]:
        return frozenset(self.terms.get(kind, {}))

    def label(self, kind: str, term: str, lang: str) -> str:
        text = self.terms.get(kind, {}).get(term)
        return text.get(lang) if text else term

    def match(self, kind: str, words: str) -> list[str]:
        """The terms of `kind` that `words` name, as people write them: the id or a label in
        either language (one term), else the terms with a label containing `words` — 柜员 is
        综合柜员 (teller), "manager" both lobby_manager and account_manager. Case is ignored."""
        needle = words.strip().casefold()
        if not needle:
            return []
        terms = self.terms.get(kind, {})
        for term, label in terms.items():
            if needle in (term.casefold(), label.zh.casefold(), (label.en or "").casefold()):
                return [term]
        return [
            term
            for term, label in terms.items()
            if needle in label.zh.casefold() or needle in (label.en or "").casefold()
        ]


ALL_BRANCHES = "all"  # a waiver's `branch` that covers every branch


@dataclass(frozen=True, slots=True)
class Waiver:
    """An approved exception (SPEC §8, waivers.yaml): the item's failures at the branch (every
    branch for `all`), on dates up to `expires`, are waived — shown, not deducted."""

    item: str
    branch: str
    reason: str
    approved_by: str
    expires: dt.date
    location: Location | None = field(default=None, compare=False)

    def covers(self, branch: str, date: dt.date) -> bool:
        return date <= self.expires and self.branch in (branch, ALL_BRANCHES)


@dataclass(frozen=True)
class Library:
    """The loaded standards library with its checklists, and the bank's branch profiles and
    waivers (SPEC §8; both empty without branches.yaml / waivers.yaml)."""

    taxonomy: Taxonomy
    standards: Mapping[str, Standard]
    items: Mapping[str, Item]
    checklists: Mapping[str, Checklist]
    root: str = ""
    # branch → the facilities it has (branches.yaml); a branch not listed has every facility
    profiles: Mapping[str, frozenset[str]] = field(default_factory=dict)
    waivers: tuple[Waiver, ...] = ()

    @property
    def has_policies(self) -> bool:
        """Do branch profiles or waivers change anything? Without them scoring and reading
        take their usual path, untouched."""
        return bool(self.waivers) or bool(self.profiles and self._requirements)

    @cached_property
    def _requirements(self) -> Mapping[str, frozenset[str]]:
        """item id → the facilities it requires, for the items that require any."""
        return {i.id: frozenset(i.requires) for i in self.items.values() if i.requires}

    @cached_property
    def _not_applicable(self) -> dict[str, frozenset[str]]:
        return {}

    def not_applicable(self, branch: str | None) -> frozenset[str]:
        """The items that do not apply at `branch`: those requiring a facility its profile
        lacks. Empty for a branch with no profile (it has every facility) or no branch."""
        if not self.profiles or branch is None:
            return frozenset()
        found = self._not_applicable.get(branch)
        if found is None:
            has = self.profiles.get(branch)
            found = frozenset(
                ()
                if has is None
                else (item for item, needs in self._requirements.items() if not needs <= has)
            )
            self._not_applicable[branch] = found
        return found

    def missing_facilities(self, item: str, branch: str) -> tuple[str, ...]:
        """The facilities `item` requires that `branch`'s profile lacks (sorted)."""
        has = self.profiles.get(branch)
        needs = self._requirements.get(item, frozenset())
        return () if has is None else tuple(sorted(needs - has))

    @cached_property
    def _waivers_by_item(self) -> Mapping[str, tuple[Waiver, ...]]:
        by_item: dict[str, list[Waiver]] = {}
        for waiver in self.waivers:
            by_item.setdefault(waiver.item, []).append(waiver)
        return {item: tuple(found) for item, found in by_item.items()}

    def waiver_for(self, item: str, branch: str, date: dt.date) -> Waiver | None:
        """The waiver covering a failure of `item` at `branch` on `date`, if any; a waiver
        naming the branch wins over one for all branches, then the one that runs longest."""
        found = [w for w in self._waivers_by_item.get(item, ()) if w.covers(branch, date)]
        if not found:
            return None
        return min(found, key=lambda w: (w.branch == ALL_BRANCHES, -w.expires.toordinal()))

    @cached_property
    def policy_items(self) -> frozenset[str]:
        """The items a waiver or a facility requirement concerns: the only ones whose rows
        branch profiles and waivers can change."""
        return frozenset(self._waivers_by_item).union(self._requirements)

    @property
    def version(self) -> str:
        """The standards' versions, e.g. 'teller 2026.1, …' collapsed when all agree."""
        versions = sorted({s.version for s in self.standards.values()})
        return versions[0] if len(versions) == 1 else "+".join(versions)

    def checklist_items(self, checklist: Checklist) -> tuple[Item, ...]:
        return tuple(self.items[i] for i in checklist.items)

    # The library is immutable, so what is derived from it is worked out once, on first use
    # (cached_property writes the instance's __dict__, which a frozen dataclass allows):
    # ingest scores thousands of small batches and must not redo these per batch.

    @cached_property
    def costs(self) -> Mapping[str, tuple[float, float | None, bool]]:
        """item id → (points, max_points, critical): what scoring needs of each item."""
        return {i.id: (i.points, i.max_points, i.critical) for i in self.items.values()}

    @cached_property
    def caps(self) -> Mapping[str, float]:
        """item id → what it can lose in one check (its max_points, 分值; else its points):
        the rate model's possible points."""
        return {
            i.id: i.points if i.max_points is None else i.max_points for i in self.items.values()
        }

    @cached_property
    def item_roles(self) -> Mapping[str, str]:
        """item id → the role it belongs to."""
        return {i.id: i.role for i in self.items.values()}

    @cached_property
    def branch_items(self) -> frozenset[str]:
        """The items of the `branch` role (environment, facilities): never a person's."""
        return frozenset(i for i, role in self.item_roles.items() if role == "branch")

    @cached_property
    def _by_checklist(self) -> dict[str, tuple[Checklist, str, str]]:
        """checklist id → (that checklist, its fingerprint, its standards' versions), for the
        checklist object met (looked up by id and identity: hashing a checklist walks all its
        fields, and ingest asks for every one of thousands of batches)."""
        return {}

    def _checklist_facts(self, checklist: Checklist) -> tuple[Checklist, str, str]:
        found = self._by_checklist.get(checklist.id)
        if found is None or found[0] is not checklist:
            h = hashlib.sha256(checklist.id.encode())
            h.update(checklist.scoring.fingerprint_text.encode())
            if checklist.accountable:  # absent in v1: leaves v1 fingerprints as they were
                h.update(f"accountable={checklist.accountable}".encode())
            for item in self.checklist_items(checklist):
                h.update(item.fingerprint.encode())
            versions = {
                self.standards[self.items[i].standard].version
                for i in checklist.items
                if i in self.items and self.items[i].standard in self.standards
            }
            found = (checklist, h.hexdigest()[:16], "+".join(sorted(versions)) or self.version)
            self._by_checklist[checklist.id] = found
        return found

    def fingerprint(self, checklist: Checklist) -> str:
        """Content hash of a checklist as scored: its items and its scoring rules."""
        return self._checklist_facts(checklist)[1]

    def checklist_version(self, checklist: Checklist) -> str:
        """The versions of the standards a checklist draws its items from ("2026.1", or
        "2025.2+2026.1" when they differ)."""
        return self._checklist_facts(checklist)[2]

    def title_index(self) -> dict[str, str]:
        """Lookup from an item id or its exact zh/en title (case-folded) to the item id."""
        index: dict[str, str] = {}
        for item in self.items.values():
            for key in (item.title.zh, item.title.en):
                if key:
                    index.setdefault(key.strip().casefold(), item.id)
        for item in self.items.values():
            index[item.id.casefold()] = item.id
        return index


def column_letter(index: int) -> str:
    """0-based column index → spreadsheet letters (0 → A, 26 → AA)."""
    if 0 <= index < _LETTERS_KEPT:
        return _LETTERS[index]
    return _column_letter(index)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


_LETTERS_KEPT = 702  # A … ZZ: every column of a sheet people fill in, named without a loop
_LETTERS = tuple(_column_letter(i) for i in range(_LETTERS_KEPT))


def column_index(letters: str) -> int:
    """Spreadsheet letters → 0-based column index (A → 0, AA → 26): column_letter's inverse."""
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index - 1


def cell_name(column: int, row: int) -> str:
    """A cell's name from its 0-based column and 1-based row ("F12"); "" without a column."""
    return f"{column_letter(column)}{row}" if column >= 0 else ""


class Observation(NamedTuple):
    """One item checked on one subject on one date, with where it was read from.

    A NamedTuple, not a dataclass: readers build hundreds of thousands of these and the
    ledger writes them with executemany, so creation speed and tuple-ness both matter.
    """

    date: dt.date
    branch: str
    subject: str  # the employee for employee checklists, the branch for branch checklists
    item: str
    result: str  # pass | fail | na | unchecked
    checklist: str
    kind: str
    role: str | None = None
    employee_id: str | None = None
    count: int = 1  # type: ignore[assignment]  # the SPEC name; shadows tuple.count
    deduction: float | None = None  # explicit points off, when the sheet gives them
    note: str | None = None
    checker: str | None = None
    file: str = ""
    sheet: str = ""
    row: int = 0
    # The 0-based column of the cell the result was read from (-1: none). Kept as a number,
    # not as "F12": a string per observation would be a fifth of a million rows' memory.
    column: int = -1
    # The person named on the row. For `subject: employee` checklists it equals `subject`;
    # for branch checklists (the inspection register) it keeps 被检查人, which is not the subject.
    employee: str | None = None
    # SPEC §8, a register's follow-up of a finding: its 整改期限 (due), and the date its
    # 整改情况及复查日期 cell names (fixed) — or that cell's text when it names no date
    # ("整改中": not fixed). None on every other sheet.
    due: dt.date | None = None
    fixed: dt.date | str | None = None

    @property
    def cell(self) -> str:
        """The cell the result was read from ("F12"), or "" when there is none."""
        return cell_name(self.column, self.row)


class Person(NamedTuple):
    """One person on a staff list (a roster): a row of a morning form, a line of the staff
    list the brief holds a branch to (`svccheck roster`)."""

    name: str
    employee_id: str | None = None
    role: str | None = None  # a taxonomy role id


class OnDuty(NamedTuple):
    """One line of a register's staff-on-duty sheet (在岗人员): a person the inspection saw."""

    name: str
    date: dt.date
    branch: str
    role: str | None = None
    employee_id: str | None = None
    row: int = 0


@dataclass(frozen=True, slots=True)
class SheetFacts:
    """What a sheet says about itself beyond its rows (contract version 2, SPEC §4): the
    inspection's scope and the staff on duty. Scoring looks them up by (file, sheet)."""

    file: str
    sheet: str
    checklist: str
    kind: str
    # item ids within the stated scope; None: no scope stated, the whole checklist
    scope: frozenset[str] | None = None
    scope_text: str | None = None  # the scope as written ("柜面服务、大堂经理")
    on_duty: tuple[OnDuty, ...] = ()
    # a scope column: (branch, date, item ids) for the checks whose rows gave one; these win
    # over `scope` for their checks
    row_scopes: tuple[tuple[str, dt.date, frozenset[str]], ...] = ()


class RosterLine(NamedTuple):
    """A person on a morning sheet whose line nobody filled in (SPEC §4): not a check, but the
    brief holds them to account for that date and branch."""

    date: dt.date
    branch: str
    employee: str
    checklist: str
    employee_id: str | None = None
    role: str | None = None
    file: str = ""
    sheet: str = ""
    row: int = 0

    def as_dict(self) -> dict[str, object]:
        """SPEC §7 `roster_without_check`: {date, branch, employee, file, sheet, row}."""
        return {
            "date": self.date.isoformat(),
            "branch": self.branch,
            "employee": self.employee,
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
        }


class Rejection(NamedTuple):
    """An input row that could not be used, and why."""

    file: str
    sheet: str
    row: int
    cell: str
    reason: str


@dataclass(frozen=True, slots=True)
class InputSummary:
    """What was read from one input file (SPEC §7 `inputs`)."""

    file: str
    sheets: tuple[str, ...]
    rows: int
    accepted: int
    rejected: int
    skipped: int = 0
    scope: str | None = None  # the scope its register sheets stated (contract version 2)

    def as_dict(self) -> dict[str, object]:
        """The SPEC §7 `inputs` entry (plus `skipped`; `scope` where a sheet stated one)."""
        data: dict[str, object] = {
            "file": self.file,
            "sheets": list(self.sheets),
            "rows": self.rows,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "skipped": self.skipped,
        }
        if self.scope is not None:
            data["scope"] = self.scope
        return data
