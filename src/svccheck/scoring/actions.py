"""Corrective actions (整改, SPEC §8): what an inspection's findings ask to be fixed, by whom, by
when — and whether it was.

Every failed item of a check of kind `inspection` opens one action. Its subject is the person a
finding names on an accountable register (that person's action only: the branch's check opens
none for it), else the check's subject; its owner is the person named, else the subject. It is
due on the row's 整改期限 when given, else `scoring.fix_days` of the item's severity after the
day it was found. It is closed (a) on the date the register's 整改情况及复查日期 names, or (b)
by the first later check of the same subject and kind that judges the item passed (an implied
pass on a findings-only register counts; not checked, not applicable or out of scope does not).
A waived failure (SPEC §8 waivers) opens none: it is not a failure once the waiver applies.

Pure: rows and checks in, actions out. The ledger stores the actions of each batch at ingest
and applies rule (b) when asked, over the checks it holds (so the order files arrive in does
not matter).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from statistics import median
from typing import NamedTuple

from svccheck.fast import fast_constructor, in_field_order
from svccheck.model import Library, Observation, cell_name
from svccheck.scoring.checks import accountable_rows
from svccheck.scoring.history import ActionCounts
from svccheck.scoring.policies import apply_policies

STATUSES = ("open", "overdue", "closed")
INSPECTION = "inspection"


@dataclass(frozen=True, slots=True)
class Action:
    """One corrective action: a failed item of one inspection check, to be fixed by `due`."""

    branch: str
    subject: str  # the person for an accountable finding, else the check's subject
    owner: str  # the person named, else the subject
    item: str
    checklist: str
    kind: str
    found: dt.date
    due: dt.date
    severity: str
    file: str
    sheet: str
    row: int
    cell: str = ""
    note: str | None = None  # 问题描述, as written
    fix_note: str | None = None  # the fix cell's text when it names no date ("整改中")
    closed: dt.date | None = None
    closed_by: str | None = None  # the file that closed it: the register, or a later check
    id: int = 0  # the ledger's number for it (0 before it is stored)

    def status(self, as_of: dt.date) -> str:
        """closed (on or before `as_of`), overdue (open after its due date) or open."""
        if self.closed is not None and self.closed <= as_of:
            return "closed"
        return "overdue" if as_of > self.due else "open"

    def days(self, as_of: dt.date, status: str | None = None) -> int:
        """Days it took to close; days overdue when overdue; days open when open. `status`:
        its status on `as_of`, when the caller has it already."""
        status = status or self.status(as_of)
        if status == "closed":
            assert self.closed is not None
            return (self.closed - self.found).days
        if status == "overdue":
            return (as_of - self.due).days
        return (as_of - self.found).days

    @property
    def source(self) -> str:
        """Where it was found: "file › sheet row N"."""
        return f"{self.file} › {self.sheet} {self.cell or self.row}"

    def as_dict(self, as_of: dt.date) -> dict[str, object]:
        """The `svccheck actions --format json` entry (SPEC §8 names, then the detail)."""
        return dict(zip(JSON_FIELDS, self.json_values(as_of), strict=True))

    def json_values(self, as_of: dt.date) -> tuple[object, ...]:
        """The values of the JSON entry, in `JSON_FIELDS` order (dates as ISO text)."""
        status = self.status(as_of)
        closed = status == "closed"
        return (
            self.id,
            self.branch,
            self.subject,
            self.owner,
            self.item,
            self.checklist,
            self.severity,
            self.found.isoformat(),
            self.due.isoformat(),
            status,
            self.closed.isoformat() if closed and self.closed else None,
            self.closed_by if closed else None,
            self.days(as_of, status),
            self.note,
            self.fix_note,
            self.file,
            self.sheet,
            self.row,
            self.cell,
        )


JSON_FIELDS = ("id", "branch", "subject", "owner", "item", "checklist", "severity", "found",
               "due", "status", "closed", "closed_by", "days", "note", "fix_note", "file",
               "sheet", "row", "cell")  # fmt: skip
"""An action's fields in `svccheck actions --format json`, in order."""


def open_actions(
    rows: Sequence[Observation], library: Library, *, policies_applied: bool = False
) -> list[Action]:
    """The actions the failed items of these rows' inspection checks open, in row order: one
    per (check, subject, item). Closed already when the register dates the fix (rule a).
    `policies_applied`: the rows are already as scored under branch profiles and waivers."""
    inspected = [r for r in rows if r.kind == INSPECTION]
    if not inspected:
        return []
    if library.has_policies and not policies_applied:
        # a waived failure is no failure; nor is a not-applicable item
        inspected, _ = apply_policies(inspected, library)
    failed = [r for r in inspected if r.result == "fail"]
    if not failed:
        return []
    held: dict[int, str] = {}  # id of a row → the person it holds to account (SPEC §5)
    for checklist_id in {r.checklist for r in failed}:
        checklist = library.checklists.get(checklist_id)
        if checklist is not None and checklist.accountable and checklist.subject == "branch":
            mine = [r for r in failed if r.checklist == checklist_id]
            for row in accountable_rows(mine, library):
                assert row.employee is not None
                held[id(row)] = row.employee
    groups: dict[tuple[object, ...], list[tuple[Observation, str, str]]] = {}
    for row in failed:
        person = held.get(id(row))
        subject = person if person is not None else row.subject
        owner = person or row.employee or row.subject
        key = (row.branch, row.date, row.checklist, row.kind, row.subject, subject, row.item)
        groups.setdefault(key, []).append((row, subject, owner))
    return [_action(found, library) for found in groups.values()]


def _days_after(day: dt.date, days: int) -> dt.date:
    """`day` + `days`, capped at the calendar's end. The readers refuse dates outside
    values.DATE_YEARS, but a ledger written before they did, or observations built by
    another program, may hold 9999-12-31: its action is due on the last day there is,
    rather than the whole run stopping on an OverflowError."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days >= 0 else dt.date.min


def _action(found: list[tuple[Observation, str, str]], library: Library) -> Action:
    first, subject, owner = found[0]
    rows = [row for row, _, _ in found]
    item = library.items.get(first.item)
    severity = item.severity if item is not None else "minor"
    given = [r.due for r in rows if r.due is not None]
    if given:
        due = min(given)
    else:
        checklist = library.checklists.get(first.checklist)
        days = checklist.scoring.days_to_fix(severity) if checklist else 0
        due = _days_after(first.date, days)
    fixes = [r.fixed for r in rows]
    dated = [f for f in fixes if isinstance(f, dt.date)]
    closed = max(dated) if len(dated) == len(fixes) else None  # every row of it fixed
    texts = [f for f in fixes if isinstance(f, str)]
    notes = [r.note for r in rows if r.note]
    return Action(
        branch=first.branch,
        subject=subject,
        owner=owner,
        item=first.item,
        checklist=first.checklist,
        kind=first.kind,
        found=first.date,
        due=due,
        severity=severity,
        file=first.file,
        sheet=first.sheet,
        row=first.row,
        cell=cell_name(first.column, first.row),
        note="; ".join(dict.fromkeys(notes)) or None,
        fix_note="; ".join(dict.fromkeys(texts)) or None,
        closed=closed,
        closed_by=first.file if closed is not None else None,
    )


class Pass(NamedTuple):
    """A check that judged an item passed: what can close an earlier action (rule b)."""

    branch: str
    subject: str
    kind: str
    item: str
    date: dt.date
    file: str


CheckKey = tuple[str, str, str]  # branch, subject, kind: whose later checks can close an action


class LaterCheck(NamedTuple):
    """A check that may close earlier actions of its subject: `passed(item)` says whether it
    judged the item passed."""

    branch: str
    subject: str
    kind: str
    date: dt.date
    file: str
    passed: Callable[[str], bool]


def close_by_passes(actions: Iterable[Action], passes: Iterable[Pass]) -> list[Action]:
    """`close_by_checks` for checks given as the items they passed, one `Pass` each."""
    checks: dict[tuple[str, str, str, dt.date, str], set[str]] = {}
    for p in passes:
        checks.setdefault((p.branch, p.subject, p.kind, p.date, p.file), set()).add(p.item)
    return close_by_checks(
        actions, [LaterCheck(*key, items.__contains__) for key, items in checks.items()]
    )


def close_by_checks(actions: Iterable[Action], checks: Iterable[LaterCheck]) -> list[Action]:
    """The actions (in their order), each closed by the first later check (dated after it was
    found) of the same branch, subject and kind that passed its item, when that comes before
    the date its register gave for the fix (rule b of SPEC §8).

    One sweep through time: the checks in date order, each asked only about the items its
    subject has open actions for at that date — so the work follows the open actions, not the
    number of checks times the items a subject was ever found failing."""
    held = list(actions)
    arrivals = sorted(range(len(held)), key=[a.found for a in held].__getitem__)
    # (branch, subject, kind) → item → the open actions' positions in `held`
    pending: dict[CheckKey, dict[str, list[int]]] = {}
    ahead = 0
    for check in sorted(checks, key=lambda c: (c.date, c.file)):
        while ahead < len(arrivals) and held[arrivals[ahead]].found < check.date:
            a = held[arrivals[ahead]]
            pending.setdefault((a.branch, a.subject, a.kind), {}).setdefault(a.item, []).append(
                arrivals[ahead]
            )
            ahead += 1
        open_items = pending.get((check.branch, check.subject, check.kind))
        if not open_items:
            continue
        for item in [i for i in open_items if check.passed(i)]:
            for n in open_items.pop(item):
                a = held[n]
                if a.closed is None or check.date < a.closed:
                    held[n] = _closed(a, check.date, check.file)
    return held


def _closed(a: Action, date: dt.date, file: str) -> Action:
    """`a` closed on `date` by `file` (dataclasses.replace at a tenth of its cost)."""
    return build_action(a.branch, a.subject, a.owner, a.item, a.checklist, a.kind, a.found,
                        a.due, a.severity, a.file, a.sheet, a.row, a.cell, a.note, a.fix_note,
                        date, file, a.id)  # fmt: skip


# The ledger builds tens of thousands of actions per query: see fast.py. Positional calls are
# in Action's field order, checked at import.
build_action = fast_constructor(Action)
in_field_order(Action, "branch", "subject", "owner", "item", "checklist", "kind", "found", "due",
               "severity", "file", "sheet", "row", "cell", "note", "fix_note", "closed",
               "closed_by", "id")  # fmt: skip


def subjects_of(actions: Iterable[Action]) -> set[CheckKey]:
    """Whose later checks could close one of these actions: all a query for rule (b) needs to
    read."""
    return {(a.branch, a.subject, a.kind) for a in actions}


def by_due(actions: Iterable[Action]) -> list[Action]:
    """Oldest due first, then the earliest found, then in the order the ledger stored them
    (the rows of a register in order): the order the list is worked in."""
    return sorted(actions, key=lambda a: (a.due, a.found, a.id))


def count_actions(
    actions: Iterable[Action], date_from: dt.date, date_to: dt.date
) -> tuple[ActionCounts, ...]:
    """Each branch's action counts over [date_from, date_to], by branch name."""
    by_branch: dict[str, list[Action]] = {}
    for action in actions:
        by_branch.setdefault(action.branch, []).append(action)
    counts = []
    for branch, held in sorted(by_branch.items()):
        opened = sum(1 for a in held if date_from <= a.found <= date_to)
        closing = [
            (a.closed - a.found).days
            for a in held
            if a.closed is not None and date_from <= a.closed <= date_to
        ]
        overdue = sum(1 for a in held if a.found <= date_to and a.status(date_to) == "overdue")
        median_days = float(median(closing)) if closing else None
        counts.append(ActionCounts(branch, opened, len(closing), overdue, median_days))
    return tuple(counts)


def select(actions: Iterable[Action], as_of: dt.date, status: str | None = None) -> list[Action]:
    """The actions found by `as_of`, with the given status then (any when None), in the order
    given (the ledger gives them oldest due first)."""
    if status is None:
        return [a for a in actions if a.found <= as_of]
    return [a for a in actions if a.found <= as_of and a.status(as_of) == status]
