"""`explain`: scores recomputed without an item, gains per subject and branch, lookups."""

from __future__ import annotations

import pytest
from scoring_support import D1, D2, REGISTER, full_check, obs, small_library

from svccheck.errors import ConfigError
from svccheck.model import Library
from svccheck.scoring import score
from svccheck.scoring.explain import explain, gain, score_without


@pytest.fixture(scope="module")
def lib() -> Library:
    return small_library()


def test_score_without_an_item(lib: Library) -> None:
    report = score(full_check(lib, ["TST-02", "TST-01"]), lib)
    (check,) = report.checks
    scoring = report.sections[0].scoring
    assert check.score == 97.5
    assert score_without(check, ["TST-02"], scoring) == 99.5
    assert score_without(check, ["TST-02", "TST-01"], scoring) == 100
    assert score_without(check, ["TST-04"], scoring) == 97.5  # not failed: no change


def test_fixing_the_only_red_line_lifts_the_veto(lib: Library) -> None:
    report = score(full_check(lib, ["TST-05", "TST-02"]), lib)
    (check,) = report.checks
    scoring = report.sections[0].scoring
    assert check.score == 0
    assert score_without(check, ["TST-05"], scoring) == 98
    assert score_without(check, ["TST-02"], scoring) == 0  # the veto stays


def test_gain_is_the_rise_of_the_period_mean(lib: Library) -> None:
    # D1: 98 (TST-02); D2: 100 → mean 99; fixing TST-02 → 100: +1.0
    report = score([*full_check(lib, ["TST-02"], date=D1), *full_check(lib, date=D2)], lib)
    assert gain(report.checks, "TST-02", report.sections[0].scoring) == 1.0


def test_explain_a_subject(lib: Library) -> None:
    rows = [*full_check(lib, ["TST-02", "TST-05"], date=D1), *full_check(lib, ["TST-02"], date=D2)]
    answer = explain(score(rows, lib), "张三", lib)
    (story,) = answer.subjects
    assert answer.item is None and not story.is_branch
    assert [c.score for c in story.checks] == [0, 98]
    gains = {g.item: g for g in story.gains}
    # TST-05 fixed: D1 → 98 → mean (98 + 98) / 2 = 98 from 49: +49, lifting one veto
    assert (gains["TST-05"].gain, gains["TST-05"].vetoes_lifted) == (49, 1)
    # TST-02 fixed: D1 stays 0 (veto), D2 → 100: +1
    assert (gains["TST-02"].gain, gains["TST-02"].checks, gains["TST-02"].points_lost) == (1, 2, 4)
    assert [g.item for g in story.gains] == ["TST-05", "TST-02"]


def test_explain_a_branch_of_employees(lib: Library) -> None:
    rows = [*full_check(lib, ["TST-02"]), *full_check(lib, subject="李四")]
    (story,) = explain(score(rows, lib), "东环支行", lib).subjects
    assert story.is_branch and len(story.checks) == 2
    assert story.gains[0].gain == 1.0  # (98 + 100) / 2 = 99 → 100


def test_explain_an_item(lib: Library) -> None:
    rows = [
        *full_check(lib, ["TST-02"]),
        *full_check(lib, ["TST-02"], subject="李四", date=D2),
        *full_check(lib, subject="李四"),
        obs(
            "TST-02",
            "fail",
            checklist=REGISTER,
            kind="inspection",
            subject="滨江支行",
            branch="滨江支行",
            role=None,
            employee="王五",
        ),
    ]
    answer = explain(score(rows, lib), "tst-02", lib)
    assert answer.item is not None and answer.item.id == "TST-02"
    morning, register = sorted(answer.items, key=lambda e: e.checklist)
    assert len(morning.failures) == 2
    assert {(g.subject, g.gain) for g in morning.subjects} == {("张三", 2.0), ("李四", 1.0)}
    assert [(g.branch, g.gain) for g in morning.branches] == [("东环支行", pytest.approx(1.3333))]
    assert register.failures[0].deduction.people == ("王五",)
    assert [(g.branch, g.gain) for g in register.branches] == [("滨江支行", 2.0)]


def test_explain_an_item_by_its_title(lib: Library) -> None:
    answer = explain(score(full_check(lib, ["TST-02"]), lib), "TST-02 title", lib)
    assert answer.item is not None and answer.item.id == "TST-02"


def test_unknown_query_suggests_close_names(lib: Library) -> None:
    report = score(full_check(lib, subject="张三丰"), lib)
    with pytest.raises(ConfigError, match="张三丰"):
        explain(report, "张三", lib, "zh")
