"""Score observations into a `Report`: one section per checklist, plus the combined figures.

The one entry point of scoring. Pure: observations and the library in, frozen data out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence

from svccheck.fast import gc_paused
from svccheck.model import InputSummary, Library, Observation, Rejection, RosterLine, SheetFacts
from svccheck.scoring.aggregate import (
    Marks,
    RowTotals,
    Totals,
    absorb,
    accumulate,
    branch_totals,
    breakdowns,
    finish_rows,
    held_subjects,
    rank_gaps,
    summarise,
)
from svccheck.scoring.checks import ScoredChecklist, score_checks
from svccheck.scoring.result import Report, Section

Who = tuple[str, str, str]  # subject kind, branch, subject: one ranking row


def score(
    observations: Iterable[Observation],
    library: Library,
    *,
    inputs: Iterable[InputSummary] = (),
    rejected: Iterable[Rejection] = (),
    warnings: Iterable[str] = (),
    details: bool = True,
    sheets: Iterable[SheetFacts] = (),
    roster_without_check: Iterable[RosterLine] = (),
) -> Report:
    """Score every check in `observations` against `library` (SPEC §5) and rank the gaps (§7).

    `details=False` leaves out each deduction's source cells, notes and people (see
    `score_checks`): a report that does not show them is then built faster. `sheets` are what
    the sheets say of themselves (a register's scope and staff on duty);
    `roster_without_check` the people on morning sheets whose lines nobody filled in.
    Without details, a section's `accountable_checks` are left out too (their people's
    ranking rows are kept): only `explain` shows them.
    """
    with gc_paused():
        report = assemble(
            # without details, an accountable register's people need no CheckScore each
            score_checks(
                observations, library, details=details, sheets=sheets, people_checks=details
            ),
            library,
            inputs=inputs,
            rejected=rejected,
            warnings=warnings,
        )
    unfilled = tuple(roster_without_check)
    return dataclasses.replace(report, roster_without_check=unfilled) if unfilled else report


def assemble(
    scored: Sequence[ScoredChecklist],
    library: Library,
    *,
    inputs: Iterable[InputSummary] = (),
    rejected: Iterable[Rejection] = (),
    warnings: Iterable[str] = (),
) -> Report:
    """Build the `Report` from checks already scored (by `score_checks`, or kept in the ledger):
    one section per checklist and the combined figures."""
    with gc_paused():
        return _report(scored, library, tuple(inputs), tuple(rejected), tuple(warnings))


def _section(
    scored: ScoredChecklist, library: Library
) -> tuple[Section, Totals, dict[Who, RowTotals]]:
    checklist = scored.checklist
    marks = {checklist.id: Marks.of(checklist.scoring)}
    totals = accumulate(scored.checks, marks, scored.passes)
    branch_sums = branch_totals(totals, marks)
    people = _people(scored, marks)
    subjects = finish_rows([*totals.subjects.values(), *people.values()], marks)
    branches = finish_rows(branch_sums, marks)
    dates = {c.date for c in scored.checks}
    section = Section(
        checklist=checklist.id,
        title=checklist.title,
        kind=checklist.kind,
        subject_kind=checklist.subject,
        scoring=checklist.scoring,
        period_from=min(dates, default=None),
        period_to=max(dates, default=None),
        summary=summarise(branch_sums, subjects, branches, scored.unscored_observations),
        gaps=rank_gaps(totals.items, library),
        subjects=subjects,
        branches=branches,
        breakdowns=breakdowns(totals.items, library),
        checks=scored.checks,
        kinds=scored.kinds,
        findings_only=scored.findings_only,
        accountable_checks=scored.accountable,
        waived=scored.waived,
    )
    return section, totals, people


def _people(scored: ScoredChecklist, marks: Mapping[str, Marks]) -> dict[Who, RowTotals]:
    """The ranking rows of an accountable register's people (SPEC §5): subjects only, never
    in the gaps, the branches' figures or the summary's sums."""
    if scored.held:
        return held_subjects(scored.held, scored.checklist.id, marks)
    if not scored.accountable:
        return {}
    return accumulate(scored.accountable, marks, {}, subjects_only=True).subjects


def _report(
    scored: Sequence[ScoredChecklist],
    library: Library,
    inputs: tuple[InputSummary, ...],
    rejected: tuple[Rejection, ...],
    warnings: tuple[str, ...],
) -> Report:
    # Checklists with different bases are ranked together on a base of 100.
    normalised = len({sc.checklist.scoring.base for sc in scored}) > 1
    combined, people = Totals({}, {}, {}), Totals({}, {}, {})
    sections = []
    for one in scored:
        section, totals, held = _section(one, library)
        sections.append(section)
        if not normalised:  # the section is made: its totals are free to reuse
            absorb(combined, totals)
            absorb(people, Totals(held, {}, {}))
    period_from = min((s.period_from for s in sections if s.period_from), default=None)
    period_to = max((s.period_to for s in sections if s.period_to), default=None)
    head = (period_from, period_to, inputs, rejected, warnings, tuple(sections))
    if len(sections) == 1:  # the combined figures are the one section's
        only = sections[0]
        return Report(*head, only.summary, only.gaps, only.subjects, only.branches,
                      only.breakdowns, standards_version=library.version)  # fmt: skip
    marks = {
        s.checklist: Marks.of(s.scoring, 100.0 / s.scoring.base if normalised else 1.0)
        for s in sections
    }
    if normalised:
        passes: dict[str, int] = {}
        for one in scored:
            for item, n in one.passes.items():
                passes[item] = passes.get(item, 0) + n
        combined = accumulate((c for s in sections for c in s.checks), marks, passes)
        for one in scored:  # the people again, on the common scale
            absorb(people, Totals(_people(one, marks), {}, {}))
    branch_sums = branch_totals(combined, marks)
    # the people accountable registers hold to account join the combined subjects (their
    # morning checks and their findings make one row) after the branches are summed
    absorb(combined, people)
    subjects = finish_rows(combined.subjects.values(), marks)
    branches = finish_rows(branch_sums, marks)
    unscored = sum(one.unscored_observations for one in scored)
    return Report(
        *head,
        summarise(branch_sums, subjects, branches, unscored),
        rank_gaps(combined.items, library),
        subjects,
        branches,
        breakdowns(combined.items, library),
        normalised=normalised,
        standards_version=library.version,
    )
