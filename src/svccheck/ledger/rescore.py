"""A stored period scored again under another library version (`report --standards NEW`).

The ledger keeps every accepted input row (observation_sets), so a month ingested under
library 2026.1 can be scored under 2027.1 and compared like with like. What the rows alone do
not say is rebuilt from what scoring stored at ingest:

- the person named on a register row (packed since 2027.1; older rows: none);
- the role and employee id of an employee check's rows, from that check;
- a register's **scope**: the items its stored check covered (any outcome but absent). An item
  the old checklist did not have was not inspected, so it is not counted as passed by
  implication — it is out of the re-scored check's scope. A check whose register stated no
  scope and whose checklist is unchanged keeps the whole new checklist;
- the **staff on duty**: the people who had an accountable check of their own, with their role.

Rows whose item the new library's checklist no longer holds are left out, and counted: the
report's header says so, as it says which version scored the period.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from svccheck.i18n import tr
from svccheck.ledger.records import ABSENT, LoadedBatch
from svccheck.ledger.schema import OBSERVATION_FIELDS
from svccheck.ledger.store import Ledger
from svccheck.model import Library, Observation, OnDuty, SheetFacts
from svccheck.scoring.checks import ScoredChecklist, score_checks

_WIDTH = len(OBSERVATION_FIELDS)


@dataclass(frozen=True, slots=True)
class Rescored:
    """The period's checks scored under the library in force, and what the header says."""

    scored: list[ScoredChecklist]
    notes: tuple[str, ...]


def rescore(
    ledger: Ledger, batches: Sequence[LoadedBatch], library: Library, lang: str
) -> Rescored:
    """Score the stored rows of `batches` (their checklists all in `library`) again."""
    packed = ledger.observation_rows([b.id for b in batches])
    observations: list[Observation] = []
    facts: dict[tuple[str, str], _Facts] = defaultdict(_Facts)
    dropped: Counter[str] = Counter()
    for batch in batches:
        key = batch.key
        checklist = library.checklists[key.checklist]
        keep = frozenset(checklist.items)
        people = {c.subject: (c.role, c.employee_id) for c in batch.checks}
        rows = packed.get(batch.id, [])
        sheets = set()
        for row in rows:
            subject, item, result, count, deduction, note, checker, sheet, row_no, column = row[
                :_WIDTH
            ]
            if item not in keep:
                dropped[key.checklist] += 1
                continue
            employee = row[_WIDTH] if len(row) > _WIDTH else None
            role, employee_id = people.get(employee or subject, (None, None))
            observations.append(
                Observation(
                    key.date,
                    key.branch,
                    subject,
                    item,
                    result,
                    key.checklist,
                    key.kind,
                    role,
                    employee_id,
                    count,
                    deduction,
                    note,
                    checker,
                    batch.file,
                    sheet,
                    row_no,
                    column,
                    employee,
                )
            )
            sheets.add(sheet)
        if batch.findings_only:
            scope = _scope(batch, checklist.items)
            on_duty = tuple(
                OnDuty(c.subject, key.date, key.branch, c.role, c.employee_id)
                for c in batch.checks
                if c.accountable
            )
            for sheet in sheets:
                held = facts[(batch.file, sheet)]
                held.identity = (key.checklist, key.kind)
                if scope is not None:
                    held.row_scopes.append((key.branch, key.date, scope))
                held.on_duty.extend(on_duty)
    sheet_facts = [
        SheetFacts(
            file,
            sheet,
            *held.identity,
            row_scopes=tuple(held.row_scopes),
            on_duty=tuple(held.on_duty),
        )
        for (file, sheet), held in facts.items()
    ]
    scored = score_checks(observations, library, details=False, sheets=sheet_facts)
    notes = tuple(
        tr(
            lang,
            "检查表 {id}：{n} 行所记条目已不在新版检查表中，重新计分时未计入",
            "checklist {id}: {n} stored rows name items its new version no longer holds; "
            "left out of the re-score",
            id=cid,
            n=n,
        )
        for cid, n in sorted(dropped.items())
    )
    return Rescored(scored, notes)


class _Facts:
    """What one stored sheet said of itself, rebuilt: its scopes and staff on duty."""

    def __init__(self) -> None:
        self.identity: tuple[str, str] = ("", "")
        self.row_scopes: list[tuple[str, dt.date, frozenset[str]]] = []
        self.on_duty: list[OnDuty] = []


def _scope(batch: LoadedBatch, items: Sequence[str]) -> frozenset[str] | None:
    """The items the stored register's branch check covered, within the new checklist; None
    when it covered the whole of a checklist that has not gained items since."""
    branch_checks: list[Any] = [
        (c, o) for c, o in zip(batch.checks, batch.outcomes, strict=True) if not c.accountable
    ]
    covered: set[str] = set()
    for _, outcome in branch_checks:
        covered.update(
            i for i, letter in zip(batch.items, outcome, strict=False) if letter != ABSENT
        )
    whole = all(c.out_of_scope == 0 for c, _ in branch_checks)
    if whole and set(items) <= set(batch.items):
        return None
    return frozenset(covered & set(items))
