"""`svccheck brief`: what a branch manager reads out at the 8:30 morning meeting.

For one branch (or each branch with recent data), on meeting day D:
- "yesterday" is the last day before D with data (Friday for a Monday meeting);
- yesterday's results: the checks of that day, ranked, with the stars (服务明星);
- who is due for remediation: people whose status is `remediation` over the 30 days up to
  yesterday (the people an accountable register holds to account among them);
- roster members with no self-check yesterday (SPEC §6): everyone on that day's sheets of
  the branch — roster lines nobody filled in included — and on the staff list last given
  with `svccheck roster`, who did not self-check that day;
- whether that data is stale: older than the working day before the meeting;
- today's three focus items: the branch's top gaps of the 7 days up to yesterday, each with
  its criterion to read aloud;
- the branch's corrective actions overdue on the meeting day (SPEC §8), with owner and due
  date, oldest due first.
All of it is scored by the scoring package from the checks stored at ingest; the `Brief` it
makes is data (`svccheck.scoring.brief`), rendered by `svccheck.reporting.brief`.
"""

from __future__ import annotations

import datetime as dt

from svccheck.ledger.records import LoadedBatch, Selection
from svccheck.ledger.report import scored_checklists, usable_batches
from svccheck.ledger.store import Ledger
from svccheck.model import Library, Taxonomy
from svccheck.scoring.actions import Action, select
from svccheck.scoring.brief import BranchBrief, Brief, FocusItem, RosterGap
from svccheck.scoring.result import Report
from svccheck.scoring.score import assemble

ROSTER_DAYS = 30  # people seen in this many days up to yesterday make the roster
FOCUS_DAYS = 7  # the focus items are the top gaps of this many days up to yesterday
FOCUS_ITEMS = 3


def morning_brief(
    ledger: Ledger, library: Library, day: dt.date, *, branch: str | None = None, lang: str = "en"
) -> Brief:
    """The briefing for `day`: one branch, or every branch with data in the last 30 days."""
    names = [branch] if branch is not None else ledger.branches()
    briefs = []
    for name in names:
        yesterday = ledger.last_date_before(day, name)
        stale = yesterday is None or (day - yesterday).days > ROSTER_DAYS
        if stale and branch is None:
            continue
        briefs.append(branch_brief(ledger, library, name, yesterday, lang, meeting=day))
    return Brief(day, tuple(briefs))


def previous_working_day(day: dt.date) -> dt.date:
    """The working day before `day`: Friday for a Monday (weekends are not working days)."""
    before = day - dt.timedelta(days=1)
    while before.weekday() >= 5:
        before -= dt.timedelta(days=1)
    return before


def branch_brief(
    ledger: Ledger,
    library: Library,
    branch: str,
    yesterday: dt.date | None,
    lang: str,
    *,
    meeting: dt.date | None = None,
) -> BranchBrief:
    working = previous_working_day(meeting) if meeting is not None else None
    overdue: tuple[Action, ...] = ()
    if meeting is not None:
        overdue = tuple(select(ledger.actions(branch, as_of=meeting), meeting, "overdue"))
    if yesterday is None:
        return BranchBrief(branch, None, None, (), (), (), (), 0, (), previous_working_day=working,
                           overdue=overdue)  # fmt: skip
    roster_from = yesterday - dt.timedelta(days=ROSTER_DAYS - 1)
    focus_from = yesterday - dt.timedelta(days=FOCUS_DAYS - 1)
    window, _ = usable_batches(
        ledger.load(Selection(roster_from, yesterday, branch), details=False), library, lang
    )
    day_report = _score([b for b in window if b.key.date == yesterday], library)
    month_report = _score(window, library)
    week_report = _score([b for b in window if b.key.date >= focus_from], library)
    seen = _seen(window)
    roster = _roster(ledger, branch, window, yesterday)
    return BranchBrief(
        branch=branch,
        yesterday=yesterday,
        summary=day_report.summary,
        results=day_report.subjects,
        stars=tuple(
            r for r in day_report.subjects if r.status == "star" and r.subject_kind == "employee"
        ),
        remediation=tuple(
            r
            for r in month_report.subjects
            if r.status == "remediation" and r.subject_kind == "employee"
        ),
        no_self_check=_no_self_check(window, roster, seen, yesterday, library.taxonomy),
        roster=len(roster),
        focus=_focus(week_report, library),
        roster_from=roster_from,
        focus_from=focus_from,
        previous_working_day=working,
        titles={
            **{a.item: library.items[a.item].title for a in overdue if a.item in library.items},
            **{g.item: g.title for g in day_report.gaps},
        },
        overdue=overdue,
    )


def _score(batches: list[LoadedBatch], library: Library) -> Report:
    return assemble(scored_checklists(batches, library), library)


def _seen(window: list[LoadedBatch]) -> dict[str, tuple[str | None, dt.date]]:
    """Everyone checked (as an employee) in the window: their role and the day last seen."""
    seen: dict[str, tuple[str | None, dt.date]] = {}
    for batch in window:  # batches come in date order: later days overwrite
        for check in batch.checks:
            if check.subject_kind == "employee":
                seen[check.subject] = (check.role, check.date)
    return seen


def _roster(
    ledger: Ledger, branch: str, window: list[LoadedBatch], yesterday: dt.date
) -> dict[str, str | None]:
    """The roster of `yesterday` (SPEC §6), name → role: everyone on that day's sheets of the
    branch, roster lines nobody filled in included, and the branch's staff list."""
    roster: dict[str, str | None] = {}
    for person in ledger.staff(branch):
        roster[person.name] = person.role
    for line in ledger.roster_lines(yesterday, yesterday, branch):
        roster[line.employee] = line.role or roster.get(line.employee)
    for batch in window:
        if batch.key.date == yesterday:
            for check in batch.checks:
                if check.subject_kind == "employee":
                    roster[check.subject] = check.role or roster.get(check.subject)
    return roster


def _no_self_check(
    window: list[LoadedBatch],
    roster: dict[str, str | None],
    seen: dict[str, tuple[str | None, dt.date]],
    yesterday: dt.date,
    taxonomy: Taxonomy,
) -> tuple[RosterGap, ...]:
    done = {
        check.subject
        for batch in window
        if batch.key.date == yesterday and batch.key.kind == "self_check"
        for check in batch.checks
    }
    labels = taxonomy.terms.get("roles", {})
    gaps = []
    for name, role in sorted(roster.items()):
        if name in done:
            continue
        last = seen.get(name)
        role = role or (last[0] if last else None)
        gaps.append(
            RosterGap(name, role, last[1] if last else None, labels.get(role) if role else None)
        )
    return tuple(gaps)


def _focus(report: Report, library: Library) -> tuple[FocusItem, ...]:
    focus = []
    for gap in report.gaps[:FOCUS_ITEMS]:
        item = library.items.get(gap.item)
        focus.append(
            FocusItem(
                rank=gap.rank,
                item=gap.item,
                title=gap.title,
                criterion=item.criterion if item else gap.title,
                severity=gap.severity,
                points_lost=gap.points_lost,
                failures=gap.failures,
                fail_rate=gap.fail_rate,
            )
        )
    return tuple(focus)
