"""From observations to checks: SPEC §5's rules for one check (the hot loop of scoring).

A check is one subject on one date under one checklist and kind. Each item of a check ends
with one result — failed if any of its rows failed, else passed, else not applicable, else
not checked — and failed items cost points: each row's explicit deduction when the sheet gave
one, else `points × count`; the rows of one item add up and are capped at `max_points`.

Speed matters here (a province-month is over a million observations), so no Python code runs
per observation on the common path: rows are grouped into checks in runs (itertools.groupby
with a C-level itemgetter key), and a check's results are counted with list.count, set and
itertools.compress; only a check that repeats an item is resolved row by row. Python code
runs per check and per failed item.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress, groupby, repeat
from operator import eq, itemgetter

from svccheck.errors import ConfigError
from svccheck.model import Checklist, Library, Observation
from svccheck.scoring.result import (
    CheckScore,
    Deduction,
    build_check,
    build_deduction,
    source_of,
)

# SPEC §5: an item's result in a check is the highest-ranked of its rows' results — failed,
# else passed, else not applicable, else not checked; a value outside these ranks as not
# checked. RESULT_RANK and `item_ranks` are the rule's one home: the ledger stores these ranks.
RESULTS_BY_RANK = ("unchecked", "na", "pass", "fail")
UNCHECKED, NA, PASS, FAIL = range(len(RESULTS_BY_RANK))
_, _NA, _PASS, _FAIL = RESULTS_BY_RANK


class _Ranks(dict[str, int]):
    def __missing__(self, result: str) -> int:
        return UNCHECKED


RESULT_RANK: Mapping[str, int] = _Ranks({r: rank for rank, r in enumerate(RESULTS_BY_RANK)})

CheckKey = tuple[str, str, dt.date, str, str]  # branch, subject, date, checklist, kind
_check_key = itemgetter(1, 2, 0, 5, 6)
_item_of = itemgetter(3)
_result_of = itemgetter(4)
# count, deduction, note, file, sheet, row, column, employee, subject
_failure_fields = itemgetter(9, 10, 11, 13, 14, 15, 16, 17, 2)
_count_of, _given_of = itemgetter(9), itemgetter(10)


_NO_COST: tuple[float, float | None, bool] = (0.0, None, False)


@dataclass(frozen=True, slots=True)
class ScoredChecklist:
    """The checks of one checklist, and per item the checks it passed in (implied passes
    included) — with the deductions, what the gaps are ranked from."""

    checklist: Checklist
    checks: tuple[CheckScore, ...]
    passes: Mapping[str, int]
    kinds: tuple[str, ...]
    findings_only: bool


def findings_only(checklist: Checklist, kind: str) -> bool:
    """Does a check list only its findings (SPEC §4)? An inspection register does."""
    return checklist.kind == "inspection" or kind == "inspection"


def applicable_items(checklist: Checklist, library: Library, role: str | None) -> frozenset[str]:
    """The checklist's items that apply to a subject: all of them for a branch; for an employee,
    those of the employee's role."""
    if checklist.subject == "branch" or role is None:
        return frozenset(checklist.items)
    items = library.items
    return frozenset(i for i in checklist.items if i in items and items[i].role == role)


def score_checks(
    observations: Iterable[Observation], library: Library, *, details: bool = True
) -> list[ScoredChecklist]:
    """Score every check in `observations`; one `ScoredChecklist` per checklist, in id order.

    `details=False` leaves each deduction's source cells, notes and people empty: only
    `explain` and the ledger show them, and a register's findings make tens of thousands.
    """
    groups = _group(observations)
    by_checklist: dict[str, dict[CheckKey, Sequence[Observation]]] = {}
    while groups:
        key, rows = groups.popitem()
        by_checklist.setdefault(key[3], {})[key] = rows
    scored = []
    for cid in sorted(by_checklist):
        checklist = _checklist(library, cid)
        scored.append(_score_checklist(checklist, by_checklist.pop(cid), library, details))
    return scored


def _group(observations: Iterable[Observation]) -> dict[CheckKey, Sequence[Observation]]:
    """The rows of each check.

    A morning sheet writes a check's rows together (one person's day), so runs of rows are
    taken whole — in C, by groupby. A register lists findings in date order, branches and
    people mixed, so runs are short; then rows are put in their checks one by one, which
    costs less than a run per row. The first rows tell which case this is.
    """
    rows = observations if isinstance(observations, list) else list(observations)
    checks: dict[CheckKey, Sequence[Observation]] = {}
    sample = rows[:_SAMPLE]
    runs = sum(1 for _ in groupby(map(_check_key, sample)))
    if len(sample) < _SAMPLE or runs * _SHORT_RUN <= len(sample):
        get = checks.get
        for key, run in groupby(rows, _check_key):
            found = get(key)
            # a tuple holds a run in less memory than a list; a check met again is rare,
            # and then becomes a list so that many runs of one check still add up in O(n)
            if found is None:
                checks[key] = tuple(run)
            elif isinstance(found, list):
                found.extend(run)
            else:
                checks[key] = [*found, *run]
        return checks
    scattered: defaultdict[CheckKey, list[Observation]] = defaultdict(list)
    for key, row in zip(map(_check_key, rows), rows, strict=True):
        scattered[key].append(row)
    checks.update(scattered)
    return checks


_SAMPLE = 512  # rows looked at to tell sheets written check by check from scattered ones
_SHORT_RUN = 4  # rows per run under which rows are grouped one by one


class _Tally:
    """Per item, across a checklist's checks: how often it was seen, and not passed.

    Most checks list exactly the checklist's items; those are only counted (`complete`).
    The item ids of the others are gathered in lists and counted once, in C, at the end.
    """

    def __init__(self, items: Iterable[str]) -> None:
        self.all_items = frozenset(items)
        self.complete = 0  # checks that list every item of the checklist, once each
        self.seen: list[str] = []
        self.not_passed: list[str] = []
        self.implied: list[str] = []

    def listed(self, unique: set[str]) -> None:
        if unique == self.all_items:
            self.complete += 1
        else:
            self.seen.extend(unique)

    def passes(self) -> dict[str, int]:
        """Per item: the checks it passed in, implied passes included."""
        # Plain dict arithmetic: an ingest asks this of thousands of small batches, where
        # building Counters cost more than the counting.
        counts = dict.fromkeys(self.all_items, self.complete) if self.complete else {}
        get = counts.get
        for item in self.seen:
            counts[item] = get(item, 0) + 1
        for item in self.not_passed:
            counts[item] = get(item, 0) - 1
        for item in self.implied:
            counts[item] = get(item, 0) + 1
        return {item: n for item, n in counts.items() if n}


def item_ranks(
    pairs: Iterable[tuple[str, str]], ranks: dict[str, int] | None = None
) -> dict[str, int]:
    """Each item's rank in one check (RESULT_RANK) from its rows' (item, result) pairs: the
    highest of them. `ranks`, when given, holds the check's items seen so far and is updated."""
    ranks = {} if ranks is None else ranks
    get = ranks.get
    for item, result in pairs:
        rank = RESULT_RANK[result]
        if get(item, -1) < rank:
            ranks[item] = rank
    return ranks


def _results(
    rows: Sequence[Observation], tally: _Tally
) -> tuple[set[str], int, int, int, list[Observation]]:
    """One check's item results: (items, passed, n/a, not checked, failed rows).

    The usual check has one row per item; then every figure is a C-level count or search
    over the results, and whatever is not passed, failed or n/a is not checked (as
    RESULT_RANK ranks it). An item with several rows takes the highest-ranked result
    (`item_ranks`).
    """
    unique = set(map(_item_of, rows))
    results = list(map(_result_of, rows))
    n = len(results)
    if len(unique) < n:
        return _repeated_items(rows, results, unique, tally)
    tally.listed(unique)
    passed = results.count(_PASS)
    if passed == n:
        return unique, passed, 0, 0, []
    failed = results.count(_FAIL)
    failed_rows = []
    at = -1
    for _ in range(failed):  # failures are few: find them with list.index, in C
        at = results.index(_FAIL, at + 1)
        failed_rows.append(rows[at])
    if passed + failed == n:
        tally.not_passed.extend(map(_item_of, failed_rows))
        return unique, passed, 0, 0, failed_rows
    na = results.count(_NA)
    tally.not_passed.extend(compress(map(_item_of, rows), map(_PASS.__ne__, results)))
    return unique, passed, na, n - passed - failed - na, failed_rows


def _repeated_items(
    rows: Sequence[Observation], results: list[str], unique: set[str], tally: _Tally
) -> tuple[set[str], int, int, int, list[Observation]]:
    """A check with several rows for some item (a register's findings, a sheet written twice):
    each item takes the highest-ranked result of its rows (`item_ranks`).
    A register check can hold a thousand rows: they are reduced, in C, to their distinct
    (item, result) pairs — a few hundred — and only those are looked at one by one."""
    ranks = item_ranks(set(zip(map(_item_of, rows), results, strict=True)))
    by_rank = list(ranks.values())
    failed, passed, na = by_rank.count(FAIL), by_rank.count(PASS), by_rank.count(NA)
    failed_rows = list(compress(rows, map(eq, results, repeat(_FAIL)))) if failed else []
    tally.listed(unique)
    tally.not_passed.extend(item for item, rank in ranks.items() if rank != PASS)
    unchecked = len(unique) - failed - passed - na
    return unique, passed, na, unchecked, failed_rows


def _checklist(library: Library, checklist_id: str) -> Checklist:
    checklist = library.checklists.get(checklist_id)
    if checklist is None:
        known = ", ".join(sorted(library.checklists))
        raise ConfigError(f"unknown checklist {checklist_id!r} in the observations; known: {known}")
    return checklist


def _score_checklist(
    checklist: Checklist,
    checks_rows: dict[CheckKey, Sequence[Observation]],
    library: Library,
    details: bool,
) -> ScoredChecklist:
    """SPEC §5 for each check of one checklist: results, implied passes, deductions, score."""
    scoring = checklist.scoring
    base, veto, cid = scoring.base, scoring.veto, checklist.id
    subject_kind = checklist.subject
    costs, item_roles = library.costs, library.item_roles
    applicable: dict[str | None, frozenset[str]] = {}
    listing_only: dict[str, bool] = {}  # kind → findings only?
    tally = _Tally(checklist.items)
    checks: list[CheckScore] = []
    no_deductions: tuple[Deduction, ...] = ()
    # popped, so each check's rows are let go once it is scored (a million rows' worth)
    while checks_rows:
        key, rows = checks_rows.popitem()
        branch, subject, date, _, kind = key
        first = rows[0]
        # an employee's role as the sheet gave it, else the role of the item checked
        role = None if subject_kind == "branch" else first[7] or item_roles.get(first[3])
        listed, passed, na, unchecked, failed_rows = _results(rows, tally)
        implied = 0
        only = listing_only.get(kind)
        if only is None:
            only = listing_only[kind] = findings_only(checklist, kind)
        if only:
            if role not in applicable:
                applicable[role] = applicable_items(checklist, library, role)
            unlisted = applicable[role].difference(listed)
            implied = len(unlisted)
            tally.implied.extend(unlisted)
        if not failed_rows:
            deductions = no_deductions
            lost, criticals, score = 0.0, 0, base
        else:
            deductions = (
                (_deduction(failed_rows, costs, details),)
                if len(failed_rows) == 1
                else _deductions(failed_rows, costs, details)
            )
            lost = round(sum([d.points for d in deductions]), 6)
            criticals = sum([d.critical for d in deductions])
            score = 0.0 if criticals and veto == "zero" else max(0.0, round(base - lost, 6))
        # positional: this runs once per check, and keyword calls cost more
        check = build_check(
            cid, kind, subject, subject_kind, branch, role, date, base, score, lost,
            passed + implied, len(deductions), na, unchecked, implied, len(rows), criticals,
            veto if criticals else None, first[8], deductions,
        )  # fmt: skip
        checks.append(check)
    return ScoredChecklist(
        checklist=checklist,
        checks=tuple(checks),
        passes=tally.passes(),
        kinds=tuple(sorted(listing_only)),
        findings_only=any(listing_only.values()),
    )


def _deductions(
    rows: list[Observation], costs: Mapping[str, tuple[float, float | None, bool]], details: bool
) -> tuple[Deduction, ...]:
    """The failed items of one check and what each costs (rows add up, then the cap)."""
    items = list(map(_item_of, rows))
    if len(set(items)) == len(items):  # one row per failed item: the usual case
        return tuple(_deduction([row], costs, details) for row in sorted(rows, key=_item_of))
    grouped: dict[str, list[Observation]] = {}
    for row in rows:
        grouped.setdefault(row[3], []).append(row)
    return tuple(_deduction(grouped[item], costs, details) for item in sorted(grouped))


def _sum_points(points: float, counts: Sequence[int], given: Sequence[float | None]) -> float:
    """Rows' points: each row's own deduction when it gave one, else points × count."""
    return sum(points * n if d is None else abs(d) for d, n in zip(given, counts, strict=True))


def _times(points: float, count: int) -> float:
    return points if count == 1 else round(points * count, 6)


def _deduction(
    rows: list[Observation],
    costs: Mapping[str, tuple[float, float | None, bool]],
    details: bool = True,
) -> Deduction:
    """One failed item's deduction from its rows in one check (rows share the item); with
    `details`, the rows' source cells, notes and the people they name."""
    item = rows[0][3]
    # readers reject unknown items; a hand-built list may still hold one: it costs nothing
    points, cap, critical = costs.get(item, _NO_COST)
    sources: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    if len(rows) == 1:  # the usual case, kept free of loops and rounding
        count, deduction, note, file, sheet, row_no, column, person, subject = _failure_fields(
            rows[0]
        )
        explicit = deduction is not None
        # The sheet's own figure wins (the reader has normalised "扣1分", "-1", 得分…).
        before = abs(deduction) if explicit else _times(points, count)
        if details:
            sources = (source_of(file, sheet, column, row_no),)
            notes = (note,) if note else ()
            people = (person,) if person and person != subject else ()
        rows_n = 1
    elif not details:  # only what the points need
        counts_ = list(map(_count_of, rows))
        given = list(map(_given_of, rows))
        count = sum(counts_)
        explicit = given.count(None) < len(given)
        before = round(_sum_points(points, counts_, given) if explicit else points * count, 6)
        rows_n = len(rows)
    else:  # several rows of one item (a register's repeated finding): column by column
        counts, deductions, notes_, files, sheets, row_nos, columns, persons, subjects = zip(
            *map(_failure_fields, rows), strict=True
        )
        count = sum(counts)
        explicit = deductions.count(None) < len(deductions)
        before = round(_sum_points(points, counts, deductions) if explicit else points * count, 6)
        sources = tuple(map(source_of, files, sheets, columns, row_nos))
        notes = tuple(filter(None, notes_))
        people = tuple(dict.fromkeys(p for p in persons if p and p != subjects[0]))
        rows_n = len(rows)
    applied = before if cap is None or before <= cap else cap
    return build_deduction(
        item, applied, before, cap, count, rows_n, critical, explicit, sources, notes, people
    )
