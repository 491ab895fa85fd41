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
from dataclasses import dataclass, field, replace
from itertools import compress, groupby, repeat
from operator import eq, not_
from typing import Any

from svccheck.errors import ConfigError
from svccheck.fast import field_getter
from svccheck.model import Checklist, Library, Observation, SheetFacts
from svccheck.scoring.policies import apply_policies
from svccheck.scoring.result import (
    CheckScore,
    Deduction,
    Waived,
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
_check_key = field_getter(Observation, "branch", "subject", "date", "checklist", "kind")
_item_of = field_getter(Observation, "item")
_result_of = field_getter(Observation, "result")
_failure_fields = field_getter(Observation, "count", "deduction", "note", "file", "sheet", "row",
                               "column", "employee", "subject")  # fmt: skip
_count_of, _given_of = field_getter(Observation, "count"), field_getter(Observation, "deduction")
_sheet_of = field_getter(Observation, "file", "sheet")
_person_key = field_getter(Observation, "branch", "employee", "date", "checklist", "kind")
_employee_of = field_getter(Observation, "employee")

# (file, sheet, branch, date) → the item ids within a check's stated scope; branch "" and
# date None for the scope a sheet states once. No entry: the whole checklist.
Scopes = Mapping[tuple[str, str, str, dt.date | None], frozenset[str]]


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
    # rows of checks that have no score: under the rate model, a check with no applicable
    # item (every row not applicable or blank) is not counted, but its rows still are
    unscored_observations: int = 0
    # accountable checks (SPEC §5): one per person named on a register or its staff-on-duty
    # sheet — a second view of findings the branch checks already hold
    accountable: tuple[CheckScore, ...] = ()
    # per check (aligned with `checks`, then with `accountable`): the items a findings-only
    # register passed by implication — what the ledger stores as each item's outcome
    implied_items: tuple[frozenset[str], ...] = ()
    accountable_implied: tuple[frozenset[str], ...] = ()
    # failures a waiver covers (SPEC §8): scored as not applicable, kept here to be shown
    waived: tuple[Waived, ...] = ()
    # the accountable checks without a `CheckScore` each (`score_checks(people_checks=False)`):
    # per (branch, person), in the order `accountable` would hold them, what their ranking row
    # is summed from (`aggregate.held_subjects`)
    held: Mapping[tuple[str, str], list[HeldCheck]] = field(default_factory=dict)


def findings_only(checklist: Checklist, kind: str) -> bool:
    """Does a check list only its findings (SPEC §4)? An inspection register does."""
    return checklist.kind == "inspection" or kind == "inspection"


def applicable_items(
    checklist: Checklist, library: Library, role: str | None, branch: str | None = None
) -> frozenset[str]:
    """The checklist's items that apply to a subject: all of them for a branch; for an employee,
    those of the employee's role. At a `branch` whose profile lacks a facility, the items
    requiring it are left out (SPEC §8)."""
    if checklist.subject == "branch" or role is None:
        found = frozenset(checklist.items)
    else:
        items = library.items
        found = frozenset(i for i in checklist.items if i in items and items[i].role == role)
    lacking = library.not_applicable(branch)
    return found.difference(lacking) if lacking else found


def score_checks(
    observations: Iterable[Observation],
    library: Library,
    *,
    details: bool = True,
    sheets: Iterable[SheetFacts] = (),
    policies_applied: bool = False,
    people_checks: bool = True,
) -> list[ScoredChecklist]:
    """Score every check in `observations`; one `ScoredChecklist` per checklist, in id order.

    `details=False` leaves each deduction's source cells, notes and people empty: only
    `explain` and the ledger show them, and a register's findings make tens of thousands.
    `sheets` are what the sheets say of themselves: a register's scope and staff on duty.
    `policies_applied`: the caller has already put the rows through `apply_policies` (and
    keeps the waived failures itself): the ledger's ingest, which stores the rows' outcomes
    as scored. `people_checks=False`: an accountable register's people get no `CheckScore`
    each, only what their ranking rows are summed from (`ScoredChecklist.held`) — a register
    naming someone on nearly every row makes a hundred thousand checks no report shows.
    """
    facts = tuple(sheets)
    scopes = _scopes(facts)
    waived: list[Waived] = []
    if library.has_policies and not policies_applied:  # profiles, waivers (SPEC §8)
        observations, waived = apply_policies(observations, library)
    groups = _group(observations)
    by_checklist: dict[str, dict[CheckKey, Sequence[Observation]]] = {}
    while groups:
        key, rows = groups.popitem()
        by_checklist.setdefault(key[3], {})[key] = rows
    for fact in facts:  # a register whose staff on duty had no finding still holds them
        if fact.on_duty:
            by_checklist.setdefault(fact.checklist, {})
    scored = []
    for cid in sorted(by_checklist):
        checklist = _checklist(library, cid)
        rows_by_check = by_checklist.pop(cid)
        held = None
        if checklist.accountable and checklist.subject == "branch":
            # before the branch's checks, which are scored as their rows are let go
            held = _score_people(
                checklist, rows_by_check, facts, library, details, scopes, people_checks
            )
        one = _score_checklist(checklist, rows_by_check, library, details, scopes)
        if held is not None:
            one = replace(one, accountable=held[0], accountable_implied=held[1], held=held[2])
        if waived:
            one = replace(one, waived=tuple(w for w in waived if w.checklist == cid))
        if one.checks or one.accountable or one.held or one.unscored_observations or one.waived:
            scored.append(one)
    return scored


def _people(
    checklist: Checklist,
    rows_by_check: Mapping[CheckKey, Sequence[Observation]],
    facts: Sequence[SheetFacts],
    library: Library,
) -> tuple[dict[CheckKey, list[Observation]], dict[CheckKey, tuple[str | None, tuple[str, str]]]]:
    """The people an accountable register holds to account: per check key, the rows naming
    them, and for those on a staff-on-duty sheet, their role there and the sheet. Rows on
    `branch` items stay the branch's alone. People come in the order they are met: the staff
    on duty, then the rows. The rows keep the branch as their subject (re-keying them to the
    person would change only a deduction's people: their own check's deductions name nobody
    else, see `_deduction`)."""
    people: defaultdict[CheckKey, list[Observation]] = defaultdict(list)
    on_duty: dict[CheckKey, tuple[str | None, tuple[str, str]]] = {}
    cid = checklist.id
    for fact in facts:
        if fact.checklist != cid:
            continue
        for duty in fact.on_duty:
            key = (duty.branch, duty.name, duty.date, cid, fact.kind)
            people.setdefault(key, [])  # the staff on duty are met first
            known = on_duty.get(key)
            # the first line's sheet; the first role any line gives
            on_duty[key] = (
                (duty.role, (fact.file, fact.sheet)) if known is None
                else (known[0] or duty.role, known[1])
            )  # fmt: skip
    for rows in rows_by_check.values():
        held = accountable_rows(rows, library)
        # the person's check key, taken from the row in C: (branch, person, date, checklist,
        # kind) — the register check's own, with the person for the branch
        for key, row in zip(map(_person_key, held), held, strict=True):
            people[key].append(row)
    return people, on_duty


def accountable_rows(rows: Iterable[Observation], library: Library) -> list[Observation]:
    """The rows of a register that hold a person to account: those naming someone (被检查人),
    except findings on `branch` items, which stay the branch's. Their subject stays the
    branch: the person is their `employee`."""
    named = list(compress(rows, map(_employee_of, rows)))  # in C: a register has 200,000
    mine = map(not_, map(library.branch_items.__contains__, map(_item_of, named)))
    return list(compress(named, mine))


# What a person's check comes to, apart from who and when: role, score, points lost, passed,
# failed, n/a, not checked, implied, criticals, veto, out of scope, possible, deductions, and
# the items passed by implication. None: under the rate model, nothing applicable was checked.
_Outcome = (
    tuple[
        str | None, float, float, int, int, int, int, int, int, str | None, int, float | None,
        tuple[Deduction, ...], frozenset[str],
    ]
    | None
)  # fmt: skip
# a person's check without its CheckScore: its outcome (never None), rows, kind, employee id
HeldCheck = tuple[
    tuple[
        str | None, float, float, int, int, int, int, int, int, str | None, int, float | None,
        tuple[Deduction, ...], frozenset[str],
    ],
    int, str, str | None,
]  # fmt: skip


def _score_people(
    checklist: Checklist,
    rows_by_check: Mapping[CheckKey, Sequence[Observation]],
    facts: Sequence[SheetFacts],
    library: Library,
    details: bool,
    scopes: Scopes,
    people_checks: bool = True,
) -> tuple[
    tuple[CheckScore, ...], tuple[frozenset[str], ...], dict[tuple[str, str], list[HeldCheck]]
]:
    """Each person's own check (SPEC §5): the checklist's items of their role within the
    scope, the rows that name them, the rest passed by implication (findings only); and per
    check the items it passed by implication. Without `people_checks`, neither: per (branch,
    person) their checks' outcomes (`HeldCheck`), what their ranking row is summed from.

    The same rules as `_score_checklist`, made for a register naming a person on nearly
    every row — a hundred thousand checks of one or two rows each. The items a role is held
    to, what one listed item implies, and a failed row's deduction (without `details`) are
    worked out once; without scope or staff on duty, so is the whole outcome of a one-row
    check, which then depends only on its kind and row (with details, unless it failed).
    """
    people, on_duty = _people(checklist, rows_by_check, facts, library)
    as_people = replace(checklist, subject="employee")
    scoring = checklist.scoring
    base, veto, cid, rate = scoring.base, scoring.veto, checklist.id, scoring.rate
    caps, costs, item_roles = library.caps, library.costs, library.item_roles
    profiled = bool(library.profiles)
    listing_only: dict[str, bool] = {}  # kind → findings only?
    held_items: dict[object, frozenset[str]] = {}  # role (and branch) → the items they are held to
    one_item: dict[tuple[object, ...], tuple[frozenset[str], int]] = {}
    outcomes: dict[tuple[object, ...], _Outcome] = {}
    costed: dict[tuple[object, ...], Deduction] = {}  # (item, count, deduction) → its deduction
    no_tally = _NoTally(())
    no_deductions: tuple[Deduction, ...] = ()

    def held_to(role: str | None, branch: str) -> frozenset[str]:
        at = (role, branch) if profiled else role
        items = held_items.get(at)
        if items is None:
            items = held_items[at] = applicable_items(as_people, library, role, branch)
        return items

    def unlisted_items(
        role: str | None,
        branch: str,
        kind: str,
        scope: frozenset[str] | None,
        listed: set[str],
    ) -> tuple[frozenset[str], int]:
        """The items a findings-only check passes by implication, and those its scope left
        out."""
        only = listing_only.get(kind)
        if only is None:
            only = listing_only[kind] = findings_only(checklist, kind)
        if not only:
            return frozenset(), 0
        single = None
        if len(listed) == 1:  # one item listed: the same few sets, again and again
            (item,) = listed
            single = ((role, branch) if profiled else role, scope, item)
            found = one_item.get(single)
            if found is not None:
                return found
        unlisted = held_to(role, branch).difference(listed)
        out_of_scope = 0
        if scope is not None:
            within = unlisted.intersection(scope)
            out_of_scope = len(unlisted) - len(within)
            unlisted = within
        if single is not None:
            one_item[single] = (unlisted, out_of_scope)
        return unlisted, out_of_scope

    def deductions_of(failed_rows: list[Observation]) -> tuple[Deduction, ...]:
        """`_deductions`; without details, a row's deduction depends only on its item, count
        and deduction, and is made once for each."""
        if details or len(set(map(_item_of, failed_rows))) < len(failed_rows):
            if len(failed_rows) == 1:
                return (_deduction(failed_rows, costs, details, own=True),)
            return _deductions(failed_rows, costs, details, own=True)
        made = []
        for row in sorted(failed_rows, key=_item_of) if len(failed_rows) > 1 else failed_rows:
            key = _cost_key(row)
            deduction = costed.get(key)
            if deduction is None:
                deduction = costed[key] = _deduction([row], costs, False)
            made.append(deduction)
        return tuple(made)

    def outcome(rows: Sequence[Observation], key: CheckKey, duty_role: str | None) -> _Outcome:
        """A person's check on `rows`, apart from who, when and the first row's employee id:
        None when, under the rate model, nothing applicable was checked."""
        branch, _, date, _, kind = key
        first = rows[0]
        # the row's role, else the staff-on-duty line's, else the role of the item found
        role = first[7] or duty_role or item_roles.get(first[3])
        scope = _scope(rows, scopes, branch, date) if scopes else None
        listed, passed, na, unchecked, failed_rows = _results(rows, no_tally)
        unlisted, out_of_scope = unlisted_items(role, branch, kind, scope, listed)
        implied = len(unlisted)
        possible = None
        if rate:
            possible = rate_possible(rows, unlisted, caps)
            if not possible:  # nothing applicable was checked: no score (SPEC §5, rate)
                return None
        if not failed_rows:
            return (role, base, 0.0, passed + implied, 0, na, unchecked, implied, 0, None,
                    out_of_scope, possible, no_deductions, unlisted)  # fmt: skip
        deductions = deductions_of(failed_rows)
        lost, criticals, score = scored(deductions, base, possible, veto)
        return (role, score, lost, passed + implied, len(deductions), na, unchecked, implied,
                criticals, veto if criticals else None, out_of_scope, possible, deductions,
                unlisted)  # fmt: skip

    checks: list[CheckScore] = []
    implied_sets: list[frozenset[str]] = []
    held: dict[tuple[str, str], list[HeldCheck]] = {}
    held_get = held.get
    # Without scope or staff on duty, a one-row check's outcome depends only on its kind and
    # row (role, item, result, count, deduction) — and the branch, under profiles; with
    # details, a failure's deduction holds the row's own cell and note, and is made anew.
    cached = not scopes and not on_duty
    one_row = _one_row_at if profiled else _one_row
    # last met first: the order the checks have always come in (a person's figures are
    # summed over their checks in this order)
    for key, rows in reversed(people.items()):
        if not rows:
            continue
        first = rows[0]
        if cached and len(rows) == 1:
            row_key = one_row(first)
            found = outcomes.get(row_key, _UNKNOWN)
            if found is _UNKNOWN:
                found = outcome(rows, key, None)
                if not details or found is None or not found[12]:
                    outcomes[row_key] = found
        else:
            duty = on_duty.get(key) if on_duty else None
            found = outcome(rows, key, duty[0] if duty else None)
        if found is None:
            continue
        if not people_checks:  # grouped by person, in the order the checks would come in
            who = (key[0], key[1])
            entry = (found, len(rows), key[4], first[8])
            own = held_get(who)
            if own is None:
                held[who] = [entry]
            else:
                own.append(entry)
            continue
        (role, score, lost, passed, failed, na, unchecked, implied, criticals, vetoed,
         out_of_scope, possible, deductions, unlisted) = found  # fmt: skip
        branch, subject, date, _, kind = key
        # positional: this runs once per check, and keyword calls cost more
        checks.append(build_check(
            cid, kind, subject, "employee", branch, role, date, base, score, lost, passed,
            failed, na, unchecked, implied, len(rows), criticals, vetoed, first[8],
            out_of_scope, possible, True, deductions,
        ))  # fmt: skip
        implied_sets.append(unlisted)
    # the staff on duty with no finding: every item of their role within the scope passed
    for key, rows in people.items():
        duty = on_duty.get(key)
        if rows or duty is None or duty[0] is None:
            continue
        branch, subject, date, _, kind = key
        role = duty[0]
        scope = _sheet_scope(scopes, *duty[1], branch, date)
        items = held_to(role, branch)
        if scope is not None:
            items = items.intersection(scope)
        if not items:  # no item of their role on the checklist, or within the scope
            continue
        possible = round(sum([caps.get(i, 0.0) for i in items]), 6) if rate else None
        if not people_checks:
            n = len(items)
            passed_all = (role, base, 0.0, n, 0, 0, 0, n, 0, None, 0, possible, no_deductions,
                          items)  # fmt: skip
            held.setdefault((branch, subject), []).append((passed_all, 0, kind, None))
            continue
        checks.append(build_check(
            cid, kind, subject, "employee", branch, role, date, base, base, 0.0, len(items),
            0, 0, 0, len(items), 0, 0, None, None, 0, possible, True, no_deductions,
        ))  # fmt: skip
        implied_sets.append(items)
    return tuple(checks), tuple(implied_sets), held


# what a one-row check's outcome depends on (without details, scope or staff on duty), and
# what a failed row's deduction depends on (without details)
_one_row = field_getter(Observation, "kind", "role", "item", "result", "count", "deduction")
_one_row_at = field_getter(
    Observation, "kind", "role", "item", "result", "count", "deduction", "branch"
)  # under branch profiles
_cost_key = field_getter(Observation, "item", "count", "deduction")
_UNKNOWN: Any = object()


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


class _Discard(list[str]):
    """A list that keeps nothing."""

    def extend(self, _: Iterable[str]) -> None:
        pass

    def append(self, _: str) -> None:
        pass


class _NoTally(_Tally):
    """For the accountable people's checks: they are a second view of the branch's findings
    and count toward no item's passes (gaps are the branch checks' alone), so nothing is
    gathered — a register naming a person on every row makes a hundred thousand of them."""

    def __init__(self, items: Iterable[str]) -> None:
        super().__init__(items)
        self.seen = self.not_passed = self.implied = _Discard()

    def listed(self, unique: set[str]) -> None:
        pass

    def passes(self) -> dict[str, int]:
        return {}


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
    if len(rows) == 1:  # a register's person found once, a one-finding check: no counting
        row = rows[0]
        item, result = row.item, row.result
        one = {item}
        tally.listed(one)
        if result == _PASS:
            return one, 1, 0, 0, []
        tally.not_passed.append(item)
        if result == _FAIL:
            return one, 0, 0, 0, [row]
        return one, 0, int(result == _NA), int(result != _NA), []
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
    scopes: Scopes | None = None,
    held: bool = False,
) -> ScoredChecklist:
    """SPEC §5 for each check of one checklist: results, implied passes, deductions, score.
    A register's implied passes stay within its sheets' stated scope (`scopes`)."""
    scoring = checklist.scoring
    base, veto, cid, rate = scoring.base, scoring.veto, checklist.id, scoring.rate
    caps = library.caps
    possible: float | None = None
    unscored = 0
    subject_kind = checklist.subject
    costs, item_roles = library.costs, library.item_roles
    # the items a subject is held to, by role (and by branch, under branch profiles)
    applicable: dict[object, frozenset[str]] = {}
    profiled = bool(library.profiles)
    listing_only: dict[str, bool] = {}  # kind → findings only?
    tally = _NoTally(()) if held else _Tally(checklist.items)
    checks: list[CheckScore] = []
    implied_sets: list[frozenset[str]] = []
    no_deductions: tuple[Deduction, ...] = ()
    # (items listed, items implied) → the points they could lose, for checks that judged every
    # item they list (most: a role's morning checks list the same items day after day)
    possibles: dict[tuple[frozenset[str], frozenset[str]], float] = {}
    # popped, so each check's rows are let go once it is scored (a million rows' worth)
    while checks_rows:
        key, rows = checks_rows.popitem()
        branch, subject, date, _, kind = key
        first = rows[0]
        # an employee's role as the sheet gave it, else the role of the item checked
        role = None if subject_kind == "branch" else first[7] or item_roles.get(first[3])
        listed, passed, na, unchecked, failed_rows = _results(rows, tally)
        implied = out_of_scope = 0
        unlisted: frozenset[str] = frozenset()
        only = listing_only.get(kind)
        if only is None:
            only = listing_only[kind] = findings_only(checklist, kind)
        if only:
            at = (role, branch) if profiled else role
            if at not in applicable:
                applicable[at] = applicable_items(checklist, library, role, branch)
            unlisted = applicable[at].difference(listed)
            if scopes:
                scope = _scope(rows, scopes, branch, date)
                if scope is not None:
                    within = unlisted.intersection(scope)
                    out_of_scope = len(unlisted) - len(within)
                    unlisted = within
            implied = len(unlisted)
            tally.implied.extend(unlisted)
        if rate:
            if na or unchecked:
                possible = rate_possible(rows, unlisted, caps)
            else:  # every item listed was judged: the sum depends on the items alone
                judged = (frozenset(listed), unlisted)
                possible = possibles.get(judged)
                if possible is None:
                    possible = possibles[judged] = rate_possible(rows, unlisted, caps)
            if not possible:  # nothing applicable was checked: no score (SPEC §5, rate)
                unscored += len(rows)
                continue
        if not failed_rows:
            deductions = no_deductions
            lost, criticals, score = 0.0, 0, base
        else:
            deductions = (
                (_deduction(failed_rows, costs, details),)
                if len(failed_rows) == 1
                else _deductions(failed_rows, costs, details)
            )
            lost, criticals, score = scored(deductions, base, possible, veto)
        # positional: this runs once per check, and keyword calls cost more
        check = build_check(
            cid, kind, subject, subject_kind, branch, role, date, base, score, lost,
            passed + implied, len(deductions), na, unchecked, implied, len(rows), criticals,
            veto if criticals else None, first[8], out_of_scope, possible, held, deductions,
        )  # fmt: skip
        checks.append(check)
        implied_sets.append(unlisted)
    return ScoredChecklist(
        checklist=checklist,
        checks=tuple(checks),
        passes=tally.passes(),
        kinds=tuple(sorted(listing_only)),
        findings_only=any(listing_only.values()),
        unscored_observations=unscored,
        implied_items=tuple(implied_sets),
    )


_JUDGED = frozenset((_PASS, _FAIL))


def _scopes(
    facts: Sequence[SheetFacts],
) -> dict[tuple[str, str, str, dt.date | None], frozenset[str]]:
    scopes: dict[tuple[str, str, str, dt.date | None], frozenset[str]] = {}
    for fact in facts:
        if fact.scope is not None:
            scopes[(fact.file, fact.sheet, "", None)] = fact.scope
        for branch, date, items in fact.row_scopes:
            scopes[(fact.file, fact.sheet, branch, date)] = items
    return scopes


def _sheet_scope(
    scopes: Scopes, file: str, sheet: str, branch: str, date: dt.date
) -> frozenset[str] | None:
    found = scopes.get((file, sheet, branch, date))
    return found if found is not None else scopes.get((file, sheet, "", None))


def _scope(
    rows: Sequence[Observation], scopes: Scopes, branch: str, date: dt.date
) -> frozenset[str] | None:
    """The scope of a check: the union of its sheets' scopes; None (the whole checklist) when
    one of its sheets stated none. A finding outside the scope is still a finding: it is
    listed, so it counts whatever the scope says."""
    union: set[str] = set()
    for file, sheet in set(map(_sheet_of, rows)):
        scope = _sheet_scope(scopes, file, sheet, branch, date)
        if scope is None:
            return None
        union.update(scope)
    return frozenset(union)


def rate_possible(
    rows: Sequence[Observation], unlisted: Iterable[str], caps: Mapping[str, float]
) -> float:
    """The points a check could lose under the rate model (SPEC §5): Σ max_points over its
    applicable items — those passed or failed on some row, and a register's unlisted items
    (passed by implication). Not-applicable, not-checked and out-of-scope items are left out."""
    judged = set(compress(map(_item_of, rows), map(_JUDGED.__contains__, map(_result_of, rows))))
    judged.update(unlisted)
    return round(sum([caps.get(item, 0.0) for item in judged]), 6)


def scored(
    deductions: Sequence[Deduction], base: float, possible: float | None, veto: str
) -> tuple[float, int, float]:
    """A check's points lost, criticals and score from its deductions (SPEC §5): a critical
    under `veto: zero` scores 0; else the rate model (`possible` given) or base − lost."""
    lost = round(sum([d.points for d in deductions]), 6)
    criticals = sum([d.critical for d in deductions])
    return lost, criticals, score_of(base, possible, lost, bool(criticals) and veto == "zero")


def score_of(base: float, possible: float | None, lost: float, vetoed: bool) -> float:
    """The score SPEC §5 gives a check that lost `lost` points: 0 when vetoed, else
    得分率 under the rate model (`possible` given), else 倒扣分 base − lost, never below 0."""
    if vetoed:
        return 0.0
    if possible is not None:
        return rate_score(base, possible, lost)
    return max(0.0, round(base - lost, 6))


def rate_score(base: float, possible: float, lost: float) -> float:
    """得分率 (SPEC §5, rate): base × (possible − lost) / possible, in [0, base]. `lost` is
    already capped item by item at max_points, so it never exceeds `possible`."""
    return max(0.0, round(base * (possible - lost) / possible, 6))


def _deductions(
    rows: list[Observation],
    costs: Mapping[str, tuple[float, float | None, bool]],
    details: bool,
    own: bool = False,
) -> tuple[Deduction, ...]:
    """The failed items of one check and what each costs (rows add up, then the cap)."""
    items = list(map(_item_of, rows))
    if len(set(items)) == len(items):  # one row per failed item: the usual case
        return tuple(_deduction([row], costs, details, own) for row in sorted(rows, key=_item_of))
    grouped: dict[str, list[Observation]] = {}
    for row in rows:
        grouped.setdefault(row[3], []).append(row)
    return tuple(_deduction(grouped[item], costs, details, own) for item in sorted(grouped))


def _sum_points(points: float, counts: Sequence[int], given: Sequence[float | None]) -> float:
    """Rows' points: each row's own deduction when it gave one, else points × count."""
    return sum(points * n if d is None else abs(d) for d, n in zip(given, counts, strict=True))


def _times(points: float, count: int) -> float:
    return points if count == 1 else round(points * count, 6)


def _deduction(
    rows: list[Observation],
    costs: Mapping[str, tuple[float, float | None, bool]],
    details: bool = True,
    own: bool = False,
) -> Deduction:
    """One failed item's deduction from its rows in one check (rows share the item); with
    `details`, the rows' source cells, notes and the people they name — none with `own`: the
    rows are a person's own check on a register, and name nobody but them."""
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
            people = (person,) if person and person != subject and not own else ()
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
        people = () if own else tuple(dict.fromkeys(p for p in persons if p and p != subjects[0]))
        rows_n = len(rows)
    applied = before if cap is None or before <= cap else cap
    return build_deduction(
        item, applied, before, cap, count, rows_n, critical, explicit, sources, notes, people
    )
