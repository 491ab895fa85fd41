"""Scoring invariants, checked on generated observations (hypothesis)."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scoring_support import MORNING, REGISTER, STAFF_REGISTER, obs, small_library

from svccheck.model import Observation
from svccheck.reporting.json import document
from svccheck.scoring import score

LIB = small_library()
RESULTS = ("pass", "pass", "pass", "fail", "na", "unchecked")


@st.composite
def observation(draw: st.DrawFn) -> Observation:
    checklist = draw(st.sampled_from((MORNING, REGISTER, STAFF_REGISTER)))
    item = draw(st.sampled_from(LIB.checklists[checklist].items))
    branch = draw(st.sampled_from(("东环支行", "滨江支行")))
    employee_subject = checklist != REGISTER
    subject = draw(st.sampled_from(("张三", "李四"))) if employee_subject else branch
    return obs(
        item,
        draw(st.sampled_from(RESULTS)),
        date=dt.date(2026, 10, draw(st.integers(1, 3))),
        branch=branch,
        subject=subject,
        checklist=checklist,
        kind="inspection" if checklist != MORNING else "self_check",
        role="teller" if employee_subject else None,
        count=draw(st.integers(1, 4)),
        deduction=draw(st.none() | st.sampled_from((0.0, 0.5, 1.0, 3.0, 12.5))),
    )


observations = st.lists(observation(), min_size=1, max_size=60)
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(observations)
def test_scores_stay_between_zero_and_the_base(rows: list[Observation]) -> None:
    report = score(rows, LIB)
    for section in report.sections:
        for check in section.checks:
            assert 0 <= check.score <= check.base
        for row in (*section.subjects, *section.branches):
            assert 0 <= row.score <= section.scoring.base
            assert row.pass_rate is None or 0 <= row.pass_rate <= 1


@SETTINGS
@given(observations, st.data())
def test_a_passed_observation_never_lowers_a_score(
    rows: list[Observation], data: st.DataObject
) -> None:
    before = score(rows, LIB)
    template = data.draw(st.sampled_from(rows))
    item = data.draw(st.sampled_from(LIB.checklists[template.checklist].items))
    extra = template._replace(item=item, result="pass", deduction=None, count=1)
    after = score([*rows, extra], LIB)
    old = {(c.checklist, c.branch, c.subject, c.date, c.kind): c.score for c in before.checks}
    for c in after.checks:
        assert c.score >= old[(c.checklist, c.branch, c.subject, c.date, c.kind)]
    old_rows = {(r.subject_kind, r.branch, r.subject): r.score for r in before.subjects}
    for r in after.subjects:
        assert r.score >= old_rows[(r.subject_kind, r.branch, r.subject)]


@SETTINGS
@given(observations, st.randoms(use_true_random=False))
def test_row_order_does_not_matter(rows: list[Observation], rng: random.Random) -> None:
    shuffled = rows[:]
    rng.shuffle(shuffled)
    assert document(score(shuffled, LIB)) == document(score(rows, LIB))


@SETTINGS
@given(observations)
def test_gaps_points_sum_to_the_total_lost(rows: list[Observation]) -> None:
    report = score(rows, LIB)
    assert sum(c.points_lost for c in report.checks) == pytest.approx(report.summary.points_lost)
    for holder in (report, *report.sections):
        lost = sum(g.points_lost for g in holder.gaps)
        assert lost == pytest.approx(holder.summary.points_lost, abs=1e-6)
        if lost > 0:
            assert holder.gaps[-1].cumulative_share == pytest.approx(1.0)
        assert all(0 <= g.fail_rate <= 1 and 0 <= g.share <= 1 for g in holder.gaps)


@SETTINGS
@given(observations)
def test_every_observation_is_counted_once(rows: list[Observation]) -> None:
    report = score(rows, LIB)
    assert report.summary.observations == len(rows)
    assert sum(s.summary.observations for s in report.sections) == len(rows)
