"""From checks to the period: subjects, branches, ranked gaps, breakdowns and the summary.

SPEC §5: a subject's score over the period is the mean of its check scores; its status is
decided in the order remediation (any critical, or under the pass mark in two or more
checks), star, pass, below. SPEC §7: gaps are ranked by points lost, fail rate, severity, id,
with each item's share of the points lost and the running (Pareto) share.

The same functions serve one checklist's section and the report's combined figures; `Marks`
carries what differs — the checklist's pass and star marks and, when checklists with different
bases are combined, the factor that puts a score on a base of 100.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import count
from operator import attrgetter
from types import MappingProxyType
from typing import Any

from svccheck.i18n import Text
from svccheck.model import KINDS, SEVERITY_ORDER, Item, Library, Scoring
from svccheck.scoring.result import (
    BREAKDOWNS,
    STATUSES,
    CheckScore,
    Gap,
    GroupRow,
    RankedRow,
    Summary,
    build_row,
)

TOP_GAPS = 3  # items named in a ranking row's top_gaps
_TAXONOMY_KIND = {
    "category": "categories",
    "area": "areas",
    "role": "roles",
    "servqual": "servqual",
}


@dataclass(frozen=True, slots=True)
class Marks:
    """How one checklist's checks count in a ranking: score scale, pass and star marks."""

    scale: float
    pass_mark: float
    star_mark: float
    scoring: Scoring

    @classmethod
    def of(cls, scoring: Scoring, scale: float = 1.0) -> Marks:
        return cls(scale, scoring.pass_mark * scale, scoring.star_mark * scale, scoring)


def decide_status(criticals: int, below_pass: int, score: float, marks: Marks) -> str:
    """SPEC §5's status, decided in order: remediation, star, pass, below."""
    if criticals or below_pass >= 2:
        return "remediation"
    if score >= marks.star_mark:
        return "star"
    if score >= marks.pass_mark:
        return "pass"
    return "below"


@dataclass(slots=True)
class ItemStats:
    """Running totals for one item while the gaps are ranked."""

    observations: int = 0
    failures: int = 0
    violations: int = 0
    points: float = 0.0
    subjects: set[tuple[str, str, str]] = field(default_factory=set)
    branches: set[str] = field(default_factory=set)
    checklists: set[str] = field(default_factory=set)


@dataclass(slots=True)
class RowTotals:
    """Running sums for one ranking row — a subject, or a branch — that merge by addition."""

    subject: str
    branch: str
    subject_kind: str
    checks: int = 0
    score_sum: float = 0.0  # of the (scaled) check scores
    passed: int = 0
    failed: int = 0
    na: int = 0
    unchecked: int = 0
    implied: int = 0
    observations: int = 0
    lost: float = 0.0
    criticals: int = 0
    below: int = 0  # checks under the pass mark (a subject's; a branch's come from rounds)
    vetoed: int = 0
    flagged: int = 0
    lost_by_item: dict[str, float] = field(default_factory=dict)
    checklists: dict[str, int] = field(default_factory=dict)
    roles: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=dict)  # kind of check → checks
    # the subjects in a row, as (subject kind, subject): set on a branch's row only (a subject's
    # row is its own one subject), to save a set per subject
    members: frozenset[tuple[str, str]] = frozenset()
    employee_id: str | None = None

    def merge(self, other: RowTotals) -> None:
        self.checks += other.checks
        self.score_sum += other.score_sum
        self.passed += other.passed
        self.failed += other.failed
        self.na += other.na
        self.unchecked += other.unchecked
        self.implied += other.implied
        self.observations += other.observations
        self.lost += other.lost
        self.criticals += other.criticals
        self.below += other.below
        self.vetoed += other.vetoed
        self.flagged += other.flagged
        _add_counts(self.lost_by_item, other.lost_by_item)
        _add_counts(self.checklists, other.checklists)
        _add_counts(self.roles, other.roles)
        _add_counts(self.kinds, other.kinds)
        self.members = self.members.union(other.members or {(other.subject_kind, other.subject)})
        self.employee_id = self.employee_id or other.employee_id


def _add_counts(target: dict[str, Any], source: Mapping[str, Any]) -> None:
    for key, value in source.items():
        target[key] = target.get(key, 0) + value


@dataclass(slots=True)
class Totals:
    """Everything the rankings, gaps and summary are made from, for some checks."""

    subjects: dict[tuple[str, str, str], RowTotals]
    rounds: dict[tuple[str, object, str, str], list[float]]  # (branch, date, cl, kind) → [Σ, n]
    items: dict[str, ItemStats]


def accumulate(
    checks: Iterable[CheckScore],
    marks: Mapping[str, Marks],
    passes: Mapping[str, int],
    *,
    subjects_only: bool = False,
) -> Totals:
    """Running sums per subject, per branch round and per item, from the checks.

    The checks are grouped by subject in one pass; each subject's sums are then taken over
    its own checks with C-level sum(map(…)), and the items' totals over the failed ones.
    """
    checks = list(checks)
    groups: dict[tuple[str, str, str], list[CheckScore]] = {}
    get = groups.get
    for who, check in zip(map(_who_of, checks), checks, strict=True):
        own = get(who)
        if own is None:
            groups[who] = [check]
        else:
            own.append(check)
    scaled = any(m.scale != 1.0 for m in marks.values())
    subjects = {who: _subject_totals(who, own, marks, scaled) for who, own in groups.items()}
    if subjects_only:  # the rows of a ranking, and nothing for branches' rounds or gaps
        return Totals(subjects, {}, {})
    rounds: dict[tuple[str, object, str, str], list[float]] = {}
    for key, score in zip(map(_round_of, checks), map(_score_of, checks), strict=True):
        if scaled:
            score *= marks[key[2]].scale
        sums = rounds.get(key)
        if sums is None:
            rounds[key] = [score, 1.0]
        else:
            sums[0] += score
            sums[1] += 1.0
    items = {item: ItemStats(observations=n) for item, n in passes.items()}
    for check in filter(_deductions_of, checks):
        _add_deductions(check, items)
    return Totals(subjects, rounds, items)


_who_of = attrgetter("subject_kind", "branch", "subject")
_round_of = attrgetter("branch", "date", "checklist", "kind")
_score_of = attrgetter("score")
_checklist_of = attrgetter("checklist")
_deductions_of = attrgetter("deductions")
_veto_of = attrgetter("veto")
_passed_of = attrgetter("passed")
_failed_of = attrgetter("failed")
_na_of = attrgetter("na")
_unchecked_of = attrgetter("unchecked")
_implied_of = attrgetter("implied")
_observations_of = attrgetter("observations")
_points_lost_of = attrgetter("points_lost")
_criticals_of = attrgetter("criticals")
_role_of = attrgetter("role")
_kind_of = attrgetter("kind")
_employee_id_of = attrgetter("employee_id")


def _subject_totals(
    who: tuple[str, str, str], own: list[CheckScore], marks: Mapping[str, Marks], scaled: bool
) -> RowTotals:
    subject_kind, branch, subject = who
    scores = list(map(_score_of, own))
    used = _counts(list(map(_checklist_of, own)))
    if scaled:
        scores = [s * marks[c.checklist].scale for s, c in zip(scores, own, strict=True)]
    if len(used) == 1:
        pass_mark = marks[next(iter(used))].pass_mark
        below = len([s for s in scores if s < pass_mark])
    else:
        below = sum(1 for s, c in zip(scores, own, strict=True) if s < marks[c.checklist].pass_mark)
    vetoes = list(map(_veto_of, own))
    lost_by_item: dict[str, float] = {}
    for check in filter(_deductions_of, own):
        for deduction in check.deductions:
            item = deduction.item
            lost_by_item[item] = lost_by_item.get(item, 0.0) + deduction.points
    return RowTotals(
        subject,
        branch,
        subject_kind,
        checks=len(own),
        score_sum=sum(scores),
        passed=sum(map(_passed_of, own)),
        failed=sum(map(_failed_of, own)),
        na=sum(map(_na_of, own)),
        unchecked=sum(map(_unchecked_of, own)),
        implied=sum(map(_implied_of, own)),
        observations=sum(map(_observations_of, own)),
        lost=sum(map(_points_lost_of, own)),
        criticals=sum(map(_criticals_of, own)),
        below=below,
        vetoed=vetoes.count("zero"),
        flagged=vetoes.count("flag"),
        lost_by_item=lost_by_item,
        checklists=used,
        roles=_counts(list(filter(None, map(_role_of, own)))),
        kinds=_counts(list(map(_kind_of, own))),
        employee_id=next(filter(None, map(_employee_id_of, own)), None),
    )


def held_subjects(
    held: Mapping[tuple[str, str], Sequence[tuple[Any, int, str, str | None]]],
    checklist: str,
    marks: Mapping[str, Marks],
) -> dict[tuple[str, str, str], RowTotals]:
    """The ranking rows' sums of an accountable register's people from their checks'
    outcomes (`ScoredChecklist.held`), without a `CheckScore` each: what `accumulate(…,
    subjects_only=True)` sums from those checks, the floats added in the same order."""
    mark = marks[checklist]
    scale, pass_mark = mark.scale, mark.pass_mark
    subjects: dict[tuple[str, str, str], RowTotals] = {}
    for (branch, subject), own in held.items():
        # the checks' fields, column by column, in C
        outcomes, rows, kinds, employee_ids = zip(*own, strict=True)
        (roles, scores, losts, passed, failed, na, unchecked, implied, criticals, vetoes,
         _, _, deductions, _) = zip(*outcomes, strict=True)  # fmt: skip
        if scale != 1.0:
            scores = tuple([s * scale for s in scores])
        lost_by_item: dict[str, float] = {}
        for made in filter(None, deductions):
            for deduction in made:
                item = deduction.item
                lost_by_item[item] = lost_by_item.get(item, 0.0) + deduction.points
        subjects[("employee", branch, subject)] = RowTotals(
            subject,
            branch,
            "employee",
            checks=len(own),
            score_sum=sum(scores),
            passed=sum(passed),
            failed=sum(failed),
            na=sum(na),
            unchecked=sum(unchecked),
            implied=sum(implied),
            observations=sum(rows),
            lost=sum(losts),
            criticals=sum(criticals),
            below=len([s for s in scores if s < pass_mark]),
            vetoed=vetoes.count("zero"),
            flagged=vetoes.count("flag"),
            lost_by_item=lost_by_item,
            checklists={checklist: len(own)},
            roles=_counts(list(filter(None, roles))),
            kinds=_counts(list(kinds)),
            employee_id=next(filter(None, employee_ids), None),
        )
    return subjects


def _counts(values: list[str]) -> dict[str, int]:
    """How often each value occurs, in the order first met — what `dict(Counter(values))`
    gives, at a fraction of its cost on the handful of values of one subject's checks."""
    if not values:
        return {}
    first = values[0]
    n = values.count(first)
    if n == len(values):  # the usual case: one checklist, one role, one kind
        return {first: n}
    counts: dict[str, int] = {}
    get = counts.get
    for value in values:
        counts[value] = get(value, 0) + 1
    return counts


def _add_deductions(check: CheckScore, items: dict[str, ItemStats]) -> None:
    who = (check.subject_kind, check.branch, check.subject)
    for deduction in check.deductions:
        item = deduction.item
        entry = items.get(item)
        if entry is None:
            entry = items[item] = ItemStats()
        entry.failures += 1
        entry.observations += 1
        entry.violations += deduction.count
        entry.points += deduction.points
        entry.subjects.add(who)
        entry.branches.add(who[1])
        entry.checklists.add(check.checklist)


def merge_totals(parts: Sequence[Totals]) -> Totals:
    """Totals over several checklists (their checks are disjoint; subjects may be shared).
    The parts are left as they were."""
    merged = Totals({}, {}, {})
    for part in parts:
        absorb(merged, _copy_totals(part))
    return merged


def absorb(into: Totals, part: Totals) -> None:
    """Add `part` to `into`, taking `part`'s objects over: `part` must not be used after.

    (A section's totals are dead once its rows are made, so the combined figures reuse them
    rather than copy them.)"""
    subjects = into.subjects
    for who, row in part.subjects.items():
        mine = subjects.get(who)
        if mine is None:
            subjects[who] = row
        else:
            mine.merge(row)
    into.rounds.update(part.rounds)  # a round is one checklist's: keys never collide
    items = into.items
    for item, stats in part.items.items():
        entry = items.get(item)
        if entry is None:
            items[item] = stats
            continue
        entry.observations += stats.observations
        entry.failures += stats.failures
        entry.violations += stats.violations
        entry.points += stats.points
        entry.subjects |= stats.subjects
        entry.branches |= stats.branches
        entry.checklists |= stats.checklists


def _copy_totals(totals: Totals) -> Totals:
    return Totals(
        {who: _copy(row) for who, row in totals.subjects.items()},
        {key: list(sums) for key, sums in totals.rounds.items()},
        {item: dataclasses.replace(s, subjects=set(s.subjects), branches=set(s.branches),
                                   checklists=set(s.checklists))
         for item, s in totals.items.items()},
    )  # fmt: skip


def _copy(row: RowTotals) -> RowTotals:
    fresh = RowTotals(row.subject, row.branch, row.subject_kind)
    fresh.merge(row)
    return fresh


def branch_totals(totals: Totals, marks: Mapping[str, Marks]) -> list[RowTotals]:
    """Per branch: its subjects' sums; its `below` counts its rounds (checks of one date,
    checklist and kind, averaged) under the pass mark."""
    branches: dict[str, RowTotals] = {}
    for row in totals.subjects.values():
        mine = branches.get(row.branch)
        if mine is None:
            mine = branches[row.branch] = RowTotals(row.branch, row.branch, "branch")
        mine.merge(row)
    for mine in branches.values():
        mine.below = 0
        mine.roles.clear()  # a branch has no role, and no employee id
        mine.employee_id = None
    for (branch, _, cid, _), (total, n) in totals.rounds.items():
        if total / n < marks[cid].pass_mark:
            branches[branch].below += 1
    return list(branches.values())


def rank_subjects(
    checks: Iterable[CheckScore], marks: Mapping[str, Marks]
) -> tuple[RankedRow, ...]:
    """One ranked row per subject (an employee, or a branch for branch checklists)."""
    return finish_rows(accumulate(checks, marks, {}).subjects.values(), marks)


def rank_branches(
    checks: Iterable[CheckScore], marks: Mapping[str, Marks]
) -> tuple[RankedRow, ...]:
    """One ranked row per branch over all its checks."""
    return finish_rows(branch_totals(accumulate(checks, marks, {}), marks), marks)


def item_stats(checks: Iterable[CheckScore], passes: Mapping[str, int]) -> dict[str, ItemStats]:
    """Per item: judged (passed or failed), failed, points lost, and who was affected."""
    marks: dict[str, Marks] = _AnyMarks()
    return accumulate(checks, marks, passes).items


class _AnyMarks(dict[str, Marks]):
    """Default marks for any checklist, when only the items' totals are wanted."""

    def __missing__(self, key: str) -> Marks:
        return Marks.of(Scoring())


def finish_rows(rows: Iterable[RowTotals], marks: Mapping[str, Marks]) -> tuple[RankedRow, ...]:
    """Ranking rows from running sums, best first (score, pass rate, name, branch)."""
    rows = list(rows)
    scores = [round(totals.score_sum / totals.checks, 4) for totals in rows]
    rates = [
        totals.passed / judged if (judged := totals.passed + totals.failed) else None
        for totals in rows
    ]
    keys = [
        (-score, -(rate if rate is not None else -1.0), totals.subject, totals.branch)
        for score, rate, totals in zip(scores, rates, rows, strict=True)
    ]
    # best first; rows that tie keep their order (a stable sort of the positions, in C)
    order = sorted(range(len(rows)), key=keys.__getitem__)
    made = _RowMaker(marks)
    return tuple(map(made, count(1), map(rows.__getitem__, order), map(scores.__getitem__, order),
                     map(rates.__getitem__, order)))  # fmt: skip


class _RowMaker:
    """Makes the ranking rows of one `finish_rows` call. A register's people share a few
    scores, roles, kinds and checklists: what follows from those alone is worked out once
    (the grade, by the scoring rules' identity: they are the marks', alive for the call)."""

    def __init__(self, marks: Mapping[str, Marks]) -> None:
        self.marks = marks
        self.grades: dict[tuple[int, float], Text] = {}
        self.kinds: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.checklists: dict[str, tuple[str, ...]] = {}

    def __call__(self, rank: int, totals: RowTotals, score: float, rate: float | None) -> RankedRow:
        row_marks = _row_marks(totals.checklists, self.marks)
        roles = totals.roles
        if len(roles) > 1:  # the most frequent, ties to the first by id (max keeps the first)
            role: str | None = max(sorted(roles), key=roles.__getitem__)
        else:
            role = next(iter(roles), None)
        scoring, scaled = row_marks.scoring, score / row_marks.scale
        grade = self.grades.get((id(scoring), scaled))
        if grade is None:
            grade = self.grades[(id(scoring), scaled)] = scoring.grade(scaled).label
        used = totals.checklists
        if len(used) == 1:
            (only,) = used
            checklists = self.checklists.get(only)
            if checklists is None:
                checklists = self.checklists[only] = (only,)
        else:
            checklists = tuple(sorted(used))
        seen = tuple(totals.kinds)
        kinds = self.kinds.get(seen)
        if kinds is None:
            kinds = self.kinds[seen] = tuple(k for k in KINDS if k in seen)
        # positional, in the fields' order: this runs once per ranking row (ten thousand people)
        return build_row(
            rank, totals.subject, totals.branch, role, totals.checks, score, rate,
            round(totals.lost, 6), totals.criticals,
            decide_status(totals.criticals, totals.below, score, row_marks),
            _top_gaps(totals.lost_by_item), grade, totals.subject_kind, totals.below,
            totals.vetoed, totals.flagged, len(totals.members) or 1, totals.employee_id,
            checklists, kinds,
        )  # fmt: skip


def _row_marks(used: Mapping[str, int], marks: Mapping[str, Marks]) -> Marks:
    """The marks a row is judged by: its checklist's; over several, the strictest marks and
    the grade bands of the checklist with the most checks."""
    if len(used) == 1:
        return marks[next(iter(used))]
    main = marks[min(used, key=lambda cid: (-used[cid], cid))]
    return Marks(
        main.scale,
        max(marks[c].pass_mark for c in used),
        max(marks[c].star_mark for c in used),
        main.scoring,
    )


def _top_gaps(lost_by_item: Mapping[str, float]) -> tuple[str, ...]:
    """The row's items with the most points lost (ties by id)."""
    if len(lost_by_item) < 2:
        return tuple(lost_by_item)
    # by id, then by points lost, most first: a stable sort keeps equal points in id order
    ranked = sorted(sorted(lost_by_item), key=lost_by_item.__getitem__, reverse=True)
    return tuple(ranked[:TOP_GAPS])


def rank_gaps(stats: Mapping[str, ItemStats], library: Library) -> tuple[Gap, ...]:
    """Items with a failure, by points lost desc, fail rate desc, severity, id (SPEC §7)."""
    failing = [(item_id, s) for item_id, s in stats.items() if s.failures]
    total = sum(s.points for _, s in failing)
    metas = {item_id: _meta(item_id, library) for item_id, _ in failing}

    def order(entry: tuple[str, ItemStats]) -> tuple[float, float, int, str]:
        item_id, s = entry
        return (
            -s.points,
            -s.failures / s.observations,
            SEVERITY_ORDER.get(metas[item_id].severity, len(SEVERITY_ORDER)),
            item_id,
        )

    gaps = []
    running = 0.0
    for rank, (item_id, s) in enumerate(sorted(failing, key=order), 1):
        meta = metas[item_id]
        running += s.points
        gaps.append(
            Gap(
                rank=rank,
                item=item_id,
                title=meta.title,
                role=meta.role,
                category=meta.category,
                area=meta.area,
                severity=meta.severity,
                observations=s.observations,
                failures=s.failures,
                fail_rate=s.failures / s.observations,
                points_lost=round(s.points, 6),
                share=_share(s.points, total),
                cumulative_share=_share(running, total),
                subjects_affected=len(s.subjects),
                branches_affected=len(s.branches),
                violations=s.violations,
                servqual=meta.servqual,
                checklists=tuple(sorted(s.checklists)),
            )
        )
    return tuple(gaps)


def breakdowns(
    stats: Mapping[str, ItemStats], library: Library
) -> Mapping[str, tuple[GroupRow, ...]]:
    """The gaps grouped by each item attribute `--by` offers (category, area, role, servqual)."""
    return MappingProxyType({by: _breakdown(by, stats, library) for by in BREAKDOWNS})


def _breakdown(by: str, stats: Mapping[str, ItemStats], library: Library) -> tuple[GroupRow, ...]:
    groups: dict[str, list[tuple[str, ItemStats]]] = defaultdict(list)
    for item_id, s in stats.items():
        groups[getattr(_meta(item_id, library), by) or ""].append((item_id, s))
    total = sum(s.points for s in stats.values() if s.failures)
    rows = []
    for key, members in groups.items():
        observations = sum(s.observations for _, s in members)
        failures = sum(s.failures for _, s in members)
        subjects: set[tuple[str, str, str]] = set()
        branches: set[str] = set()
        for _, s in members:
            subjects |= s.subjects
            branches |= s.branches
        points = sum(s.points for _, s in members)
        rows.append(
            (
                key,
                observations,
                failures,
                points,
                subjects,
                branches,
                sum(1 for _, s in members if s.failures),
            )
        )
    rows.sort(key=lambda r: (-r[3], -(r[2] / r[1] if r[1] else 0.0), r[0]))
    result = []
    running = 0.0
    kind = _TAXONOMY_KIND[by]
    for rank, (key, observations, failures, points, subjects, branches, items) in enumerate(
        rows, 1
    ):
        running += points
        label = library.taxonomy.terms.get(kind, {}).get(key) or Text(key or "—")
        result.append(
            GroupRow(
                rank=rank,
                by=by,
                key=key,
                label=label,
                items=items,
                observations=observations,
                failures=failures,
                fail_rate=failures / observations if observations else 0.0,
                points_lost=round(points, 6),
                share=_share(points, total),
                cumulative_share=_share(running, total),
                subjects_affected=len(subjects),
                branches_affected=len(branches),
            )
        )
    return tuple(result)


def summarise(
    branches: Iterable[RowTotals],
    subjects: Sequence[RankedRow],
    branch_rows: Sequence[RankedRow],
    unscored_observations: int = 0,
) -> Summary:
    """The headline figures (SPEC §7 `summary`) from the branches' running sums; the rows of
    checks that have no score (rate model, nothing applicable) count among the observations."""
    total = RowTotals("", "", "")
    for row in branches:
        total.merge(row)
    judged = total.passed + total.failed
    statuses = Counter(r.status for r in subjects)
    return Summary(
        subjects=len(subjects),
        branches=len(branch_rows),
        checks=total.checks,
        observations=total.observations + unscored_observations,
        score_mean=round(total.score_sum / total.checks, 4) if total.checks else None,
        pass_rate=total.passed / judged if judged else None,
        points_lost=round(total.lost, 6),
        criticals=total.criticals,
        passed=total.passed,
        failed=total.failed,
        na=total.na,
        unchecked=total.unchecked,
        implied=total.implied,
        vetoed=total.vetoed,
        flagged=total.flagged,
        statuses=MappingProxyType({s: statuses[s] for s in STATUSES}),
    )


def _share(part: float, total: float) -> float:
    return min(1.0, part / total) if total > 0 else 0.0


@dataclass(frozen=True, slots=True)
class _Meta:
    title: Text
    role: str
    category: str
    area: str
    severity: str
    servqual: str | None


def _meta(item_id: str, library: Library) -> _Meta | Item:
    item = library.items.get(item_id)
    if item is not None:
        return item
    # Readers reject unknown items; this keeps a hand-built observation list scoreable anyway.
    return _Meta(Text(item_id), "", "", "", "minor", None)
