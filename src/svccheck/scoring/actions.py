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
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from statistics import median
from typing import NamedTuple

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

    def days(self, as_of: dt.date) -> int:
        """Days it took to close; days overdue when overdue; days open when open."""
        status = self.status(as_of)
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
        return {
            "id": self.id,
            "branch": self.branch,
            "subject": self.subject,
            "owner": self.owner,
            "item": self.item,
            "checklist": self.checklist,
            "severity": self.severity,
            "found": self.found.isoformat(),
            "due": self.due.isoformat(),
            "status": self.status(as_of),
            "closed": self.closed.isoformat() if self.closed and self.closed <= as_of else None,
            "closed_by": self.closed_by if self.closed and self.closed <= as_of else None,
            "days": self.days(as_of),
            "note": self.note,
            "fix_note": self.fix_note,
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "cell": self.cell,
        }


def open_actions(rows: Sequence[Observation], library: Library) -> list[Action]:
    """The actions the failed items of these rows' inspection checks open, in row order: one
    per (check, subject, item). Closed already when the register dates the fix (rule a)."""
    inspected = [r for r in rows if r.kind == INSPECTION]
    if not inspected:
        return []
    if library.has_policies:  # a waived failure is no failure; nor is a not-applicable item
        inspected, _ = apply_policies(inspected, library)
    failed = [r for r in inspected if r.result == "fail"]
    if not failed:
        return []
    held: dict[int, str] = {}  # id of a row → the person it holds to account (SPEC §5)
    for checklist_id in {r.checklist for r in failed}:
        checklist = library.checklists.get(checklist_id)
        if checklist is not None and checklist.accountable and checklist.subject == "branch":
            mine = [r for r in failed if r.checklist == checklist_id]
            for row in accountable_rows(mine, library, rekey=False):
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
        due = first.date + dt.timedelta(days=days)
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


def close_by_passes(actions: Iterable[Action], passes: Iterable[Pass]) -> list[Action]:
    """The actions, each closed by the first pass after the day it was found (of the same
    branch, subject, kind and item) when that comes before what closed it already."""
    later: dict[tuple[str, str, str, str], list[tuple[dt.date, str]]] = {}
    for p in passes:
        later.setdefault((p.branch, p.subject, p.kind, p.item), []).append((p.date, p.file))
    for dates in later.values():
        dates.sort()
    closed = []
    for action in actions:
        found = later.get((action.branch, action.subject, action.kind, action.item))
        if found:
            # the first pass dated after the finding (a pass the same day is the same visit)
            at = bisect_right(found, (action.found, "\uffff"))
            if at < len(found):
                date, file = found[at]
                if action.closed is None or date < action.closed:
                    action = replace(action, closed=date, closed_by=file)
        closed.append(action)
    return closed


def wanted_passes(actions: Iterable[Action]) -> Mapping[tuple[str, str, str], set[str]]:
    """(branch, subject, kind) → the items whose passes could close one of these actions: all a
    query for rule (b) needs to look at."""
    wanted: dict[tuple[str, str, str], set[str]] = {}
    for a in actions:
        wanted.setdefault((a.branch, a.subject, a.kind), set()).add(a.item)
    return wanted


def by_due(actions: Iterable[Action]) -> list[Action]:
    """Oldest due first (then found, branch, subject, item): the order the list is worked in."""
    return sorted(actions, key=lambda a: (a.due, a.found, a.branch, a.subject, a.item, a.id))


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
    """The actions found by `as_of`, with the given status then (any when None), oldest due
    first."""
    return by_due(
        a for a in actions if a.found <= as_of and (status is None or a.status(as_of) == status)
    )
