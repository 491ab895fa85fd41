"""Self-check honesty: do people find in their own morning checks what others find in them?

For each subject (a person, or a branch for the environment checks) and for each branch as a
whole, over the period and on the items judged both ways:

- `gap` = fail rate found by others (peer checks, inspections) − fail rate self-reported.
  Positive means others see failures the self-check did not admit.
- Cohen's kappa over the pairs where a self-check and another check judged the same subject,
  item and day: agreement beyond chance (1 perfect, 0 no better than chance, < 0 worse).

Computed from each check's outcome letters (`checks.outcomes`), grouped so that the per-item
counting runs in C (`zip`, `str.count`, `Counter`) rather than one Python step per item. The
`Honesty` rows are data of the report's history (`svccheck.scoring.history`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter

from svccheck.ledger.records import IMPLIED, LoadedBatch
from svccheck.scoring.history import Honesty

SELF, OTHERS = "self", "others"
_PASSES = ("P", IMPLIED)

SubjectKey = tuple[str, str, str]  # branch, subject kind, subject
_who = attrgetter("branch", "subject_kind", "subject")


@dataclass(slots=True)
class _Tally:
    """Judged and failed counts per item, and the 2×2 agreement table of the paired days."""

    self_items: dict[str, int]
    self_fails: dict[str, int]
    other_items: dict[str, int]
    other_fails: dict[str, int]
    table: Counter[tuple[bool, bool]]  # (self failed, others failed) → pairs

    @classmethod
    def empty(cls) -> _Tally:
        return cls({}, {}, {}, {}, Counter())

    def add(self, other: _Tally) -> None:
        for mine, theirs in (
            (self.self_items, other.self_items),
            (self.self_fails, other.self_fails),
            (self.other_items, other.other_items),
            (self.other_fails, other.other_fails),
        ):
            for item, n in theirs.items():
                mine[item] = mine.get(item, 0) + n
        self.table.update(other.table)


def honesty(batches: Iterable[LoadedBatch]) -> tuple[Honesty, ...]:
    """Subjects and branches with both self-checks and others' checks, largest gap first."""
    # (side, item list) → subject → the outcome strings of its checks
    strings: dict[tuple[str, tuple[str, ...]], dict[SubjectKey, list[str]]] = {}
    days: dict[tuple[str, dt.date], tuple[list[LoadedBatch], list[LoadedBatch]]] = {}
    for batch in batches:
        side = SELF if batch.key.kind == "self_check" else OTHERS
        group = strings.setdefault((side, batch.items), {})
        for key, outcome in zip(map(_who, batch.checks), batch.outcomes, strict=True):
            found = group.get(key)
            if found is None:
                group[key] = [outcome]
            else:
                found.append(outcome)
        day = days.setdefault((batch.key.branch, batch.key.date), ([], []))
        day[side == OTHERS].append(batch)
    tallies: dict[SubjectKey, _Tally] = defaultdict(_Tally.empty)
    for (side, items), subjects in strings.items():
        for key, outcomes in subjects.items():
            _count(tallies[key], side, items, outcomes)
    for (branch, _), (own, others) in days.items():
        if own and others:
            _pair_day(branch, own, others, tallies)
    rows = [_row("subject", key, t) for key, t in tallies.items()]
    by_branch: dict[str, _Tally] = defaultdict(_Tally.empty)
    for (branch, _, _), tally in tallies.items():
        by_branch[branch].add(tally)
    rows += [_row("branch", (branch, "branch", branch), t) for branch, t in by_branch.items()]
    kept = [r for r in rows if r is not None]
    kept.sort(key=lambda r: (r.level != "branch", -r.gap, r.branch, r.subject))
    return tuple(kept)


def _pair_day(
    branch: str,
    own: list[LoadedBatch],
    others: list[LoadedBatch],
    tallies: dict[SubjectKey, _Tally],
) -> None:
    """One branch-day: pair each self-check with the other checks of the same subject."""
    seen: dict[tuple[str, str], list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    for batch in others:
        for check, outcome in zip(batch.checks, batch.outcomes, strict=True):
            seen[(check.subject_kind, check.subject)].append((batch.items, outcome))
    for batch in own:
        for check, outcome in zip(batch.checks, batch.outcomes, strict=True):
            theirs = seen.get((check.subject_kind, check.subject))
            if theirs:
                key = (branch, check.subject_kind, check.subject)
                _pair(tallies[key].table, [(batch.items, outcome)], theirs)


def _count(tally: _Tally, side: str, items: Sequence[str], outcomes: list[str]) -> None:
    """Per item: how often judged (passed, implied or failed) and how often failed."""
    judged, fails = (
        (tally.self_items, tally.self_fails)
        if side == SELF
        else (tally.other_items, tally.other_fails)
    )
    # All the subject's outcome strings end to end: an item's column is then a strided slice.
    joined, width = "".join(outcomes), len(items)
    for index, item in enumerate(items):
        column = joined[index::width]
        failed = column.count("F")
        seen = failed + column.count("P") + column.count(IMPLIED)
        if seen:
            judged[item] = judged.get(item, 0) + seen
            fails[item] = fails.get(item, 0) + failed


def _pair(
    table: Counter[tuple[bool, bool]],
    own: list[tuple[tuple[str, ...], str]],
    others: list[tuple[tuple[str, ...], str]],
) -> None:
    """Add the same-day pairs (self vs others) of one subject to its agreement table."""
    for self_items, self_outcome in own:
        for other_items, other_outcome in others:
            if self_items == other_items:
                pairs: Iterable[tuple[str, str]] = zip(self_outcome, other_outcome, strict=True)
            else:
                where = {item: i for i, item in enumerate(other_items)}
                pairs = (
                    (code, other_outcome[where[item]])
                    for item, code in zip(self_items, self_outcome, strict=True)
                    if item in where
                )
            for (mine, theirs), n in Counter(pairs).items():
                if _judged(mine) and _judged(theirs):
                    table[(mine == "F", theirs == "F")] += n


def _judged(code: str) -> bool:
    return code == "F" or code in _PASSES


def _row(level: str, key: SubjectKey, tally: _Tally) -> Honesty | None:
    branch, subject_kind, subject = key
    both = [item for item in tally.self_items if tally.other_items.get(item)]
    if not both:
        return None
    agreement, kappa = cohen_kappa(tally.table)
    return Honesty(
        level=level,
        branch=branch,
        subject=subject,
        subject_kind=subject_kind,
        items=len(both),
        self_judged=sum(tally.self_items[i] for i in both),
        self_failed=sum(tally.self_fails.get(i, 0) for i in both),
        others_judged=sum(tally.other_items[i] for i in both),
        others_failed=sum(tally.other_fails.get(i, 0) for i in both),
        pairs=sum(tally.table.values()),
        agreement=agreement,
        kappa=kappa,
    )


def cohen_kappa(table: Counter[tuple[bool, bool]]) -> tuple[float | None, float | None]:
    """Observed agreement and Cohen's kappa of a 2×2 table keyed (rater A fails, rater B fails).

    Kappa is None when there are no pairs, or when chance agreement is already total (both
    raters gave one and the same answer throughout: nothing to measure agreement on).
    """
    n = sum(table.values())
    if not n:
        return None, None
    both_fail, both_pass = table[(True, True)], table[(False, False)]
    a_fail = table[(True, True)] + table[(True, False)]
    b_fail = table[(True, True)] + table[(False, True)]
    observed = (both_fail + both_pass) / n
    expected = (a_fail * b_fail + (n - a_fail) * (n - b_fail)) / (n * n)
    if expected >= 1.0:
        return observed, None
    return observed, (observed - expected) / (1.0 - expected)
