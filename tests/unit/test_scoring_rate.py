"""SPEC §5's rate model (得分率), with numbers computed by hand.

The library below: five items, each with its max_points (分值), 11.5 points in all —
RT-01 0.5 of 1 · RT-02 1 of 2 · RT-03 2 of 2 · RT-04 5 of 5 (critical) · RT-05 0.5 of 1.5.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svccheck.catalog.build import build_library, build_standard
from svccheck.catalog.library import load_library
from svccheck.model import Library, Observation
from svccheck.reporting.json import document
from svccheck.scoring import CheckScore, Report, score
from svccheck.scoring.explain import gain

D1 = dt.date(2026, 10, 8)
ITEMS = {  # id: (points, max_points, severity)
    "RT-01": (0.5, 1, "minor"),
    "RT-02": (1, 2, "major"),
    "RT-03": (2, 2, "major"),
    "RT-04": (5, 5, "critical"),
    "RT-05": (0.5, 1.5, "minor"),
}
SCORING = {"model": "rate", "base": 100, "pass_mark": 85, "star_mark": 95}


def _library() -> Library:
    standard = {
        "standard": "rated",
        "title": "得分率测试",
        "version": "1",
        "role": "teller",
        "items": [
            {
                "id": item,
                "title": {"zh": f"{item}标题", "en": f"{item} title"},
                "criterion": {"zh": f"{item}标准", "en": f"{item} criterion"},
                "category": "process",
                "area": "counter",
                "points": points,
                "max_points": cap,
                "severity": severity,
            }
            for item, (points, cap, severity) in ITEMS.items()
        ],
    }
    checklists: list[dict[str, Any]] = [
        {
            "checklist": "rate-morning",
            "title": "得分率晨检",
            "kind": "self_check",
            "subject": "employee",
            "select": {"standards": ["rated"]},
            "scoring": {**SCORING, "veto": "zero"},
        },
        {
            "checklist": "rate-register",
            "title": "得分率登记簿",
            "kind": "inspection",
            "subject": "branch",
            "select": {"standards": ["rated"]},
            "scoring": {**SCORING, "veto": "flag"},
        },
        {
            "checklist": "plain-morning",
            "title": "倒扣分晨检",
            "kind": "self_check",
            "subject": "employee",
            "select": {"standards": ["rated"]},
            "scoring": {"base": 100, "pass_mark": 85, "star_mark": 95, "veto": "zero"},
        },
    ]
    taxonomy = load_library().taxonomy
    return build_library(taxonomy, [build_standard(standard)], [(c, None) for c in checklists])


LIB = _library()


def obs(
    item: str,
    result: str = "pass",
    *,
    checklist: str = "rate-morning",
    subject: str = "张三",
    count: int = 1,
    deduction: float | None = None,
    row: int = 5,
) -> Observation:
    kind = "inspection" if checklist == "rate-register" else "self_check"
    if checklist == "rate-register":
        subject = "东环支行"
    return Observation(
        date=D1,
        branch="东环支行",
        subject=subject,
        item=item,
        result=result,
        checklist=checklist,
        kind=kind,
        role="teller",
        count=count,
        deduction=deduction,
        file="f.xlsx",
        sheet="S",
        row=row,
        column=2,
    )


def morning(results: dict[str, str], **fields: Any) -> list[Observation]:
    """One person's morning check: every item, passed unless `results` says otherwise."""
    return [obs(item, results.get(item, "pass"), **fields) for item in ITEMS]


def only_check(report: Report) -> CheckScore:
    (section,) = report.sections
    (check,) = section.checks
    return check


def test_all_passed_keeps_the_base_and_every_point_is_possible() -> None:
    check = only_check(score(morning({}), LIB))
    assert (check.score, check.possible, check.points_lost) == (100, 11.5, 0)


def test_a_failed_item_loses_at_most_its_max_points() -> None:
    # RT-02: 1 point × 3 = 3, capped at its 分值 2 → 100 × (11.5 − 2) / 11.5
    rows = [o for o in morning({}) if o.item != "RT-02"] + [obs("RT-02", "fail", count=3)]
    check = only_check(score(rows, LIB))
    assert check.points_lost == 2
    assert check.score == pytest.approx(82.608696, abs=1e-6)


def test_an_explicit_deduction_is_capped_too() -> None:
    rows = [o for o in morning({}) if o.item != "RT-01"] + [obs("RT-01", "fail", deduction=3)]
    check = only_check(score(rows, LIB))
    # 扣3分 on an item worth 1: 1 lost of 11.5 → 91.304348
    assert check.points_lost == 1 and check.score == pytest.approx(91.304348, abs=1e-6)


def test_not_applicable_and_not_checked_items_leave_the_denominator() -> None:
    # RT-05 不适用, RT-01 blank: possible = 2 + 2 + 5 = 9; RT-02 fails once: 1 lost
    rows = morning({"RT-05": "na", "RT-01": "unchecked", "RT-02": "fail"})
    check = only_check(score(rows, LIB))
    assert (check.possible, check.points_lost, check.na, check.unchecked) == (9, 1, 1, 1)
    assert check.score == pytest.approx(88.888889, abs=1e-6)


def test_the_same_sheet_under_deduction_scores_from_100() -> None:
    rows = morning(
        {"RT-05": "na", "RT-01": "unchecked", "RT-02": "fail"}, checklist="plain-morning"
    )
    check = only_check(score(rows, LIB))
    assert (check.score, check.possible) == (99, None)


def test_veto_zero_still_zeroes() -> None:
    check = only_check(score(morning({"RT-04": "fail"}), LIB))
    assert (check.score, check.veto) == (0, "zero")


def test_a_findings_only_register_counts_unlisted_items_as_possible() -> None:
    # one finding, RT-03 扣1.5分; the other four items are passed by implication:
    # possible = 11.5, lost 1.5 → 100 × 10 / 11.5
    check = only_check(score([obs("RT-03", "fail", checklist="rate-register", deduction=1.5)], LIB))
    assert (check.implied, check.possible, check.points_lost) == (4, 11.5, 1.5)
    assert check.score == pytest.approx(86.956522, abs=1e-6)


def test_veto_flag_keeps_the_rate_score_and_flags_it() -> None:
    check = only_check(score([obs("RT-04", "fail", checklist="rate-register")], LIB))
    assert check.veto == "flag"
    assert check.score == pytest.approx(100 * 6.5 / 11.5, abs=1e-6)


def test_a_check_with_nothing_applicable_has_no_score_but_its_rows_count() -> None:
    rows = [obs(item, "na") for item in ITEMS]
    rows += morning({"RT-02": "fail"}, subject="李四")
    report = score(rows, LIB)
    (section,) = report.sections
    assert [c.subject for c in section.checks] == ["李四"]
    assert report.summary.checks == 1 and report.summary.observations == 10
    assert [r.subject for r in report.subjects] == ["李四"]


def test_the_gain_of_fixing_an_item_under_rate() -> None:
    rows = [o for o in morning({}) if o.item != "RT-02"] + [obs("RT-02", "fail", count=3)]
    check = only_check(score(rows, LIB))
    scoring = LIB.checklists["rate-morning"].scoring
    assert gain([check], "RT-02", scoring) == pytest.approx(100 - 82.608696, abs=1e-4)


def test_the_json_report_names_each_sections_scoring_model() -> None:
    report = score(morning({"RT-02": "fail"}), LIB)
    (section,) = document(report, "en")["sections"]
    assert section["scoring"]["model"] == "rate"
    assert section["scoring"]["base"] == 100


# --- properties ---------------------------------------------------------------------------

RESULTS = st.sampled_from(["pass", "fail", "na", "unchecked"])
ROWS = st.lists(
    st.tuples(
        st.sampled_from(sorted(ITEMS)),
        RESULTS,
        st.integers(1, 4),
        st.one_of(st.none(), st.floats(0, 9, allow_nan=False).map(lambda x: round(x, 1))),
    ),
    min_size=1,
    max_size=12,
)


def _rows(spec: list[tuple[str, str, int, float | None]], checklist: str) -> list[Observation]:
    return [
        obs(item, result, count=count, deduction=d if result == "fail" else None, row=5 + i,
            checklist=checklist)
        for i, (item, result, count, d) in enumerate(spec)
    ]  # fmt: skip


def _scores(rows: list[Observation]) -> list[float]:
    return [c.score for s in score(rows, LIB).sections for c in s.checks]


@settings(max_examples=200, deadline=None)
@given(ROWS, st.sampled_from(["rate-morning", "rate-register"]))
def test_a_rate_score_stays_between_0_and_the_base(
    spec: list[tuple[str, str, int, float | None]], checklist: str
) -> None:
    for value in _scores(_rows(spec, checklist)):
        assert 0 <= value <= 100


@settings(max_examples=200, deadline=None)
@given(ROWS, st.sampled_from(sorted(ITEMS)))
def test_adding_a_not_applicable_row_never_changes_a_score(
    spec: list[tuple[str, str, int, float | None]], item: str
) -> None:
    rows = _rows(spec, "rate-morning")
    before = _scores(rows)
    after = _scores([*rows, obs(item, "na", row=99)])
    if before:  # (a check of nothing applicable has no score either way)
        assert after == before


@settings(max_examples=200, deadline=None)
@given(ROWS, st.sampled_from(sorted(ITEMS)))
def test_a_passed_row_never_lowers_a_score(
    spec: list[tuple[str, str, int, float | None]], item: str
) -> None:
    rows = _rows(spec, "rate-morning")
    before = _scores(rows)
    after = _scores([*rows, obs(item, "pass", row=99)])
    assert len(after) == 1
    if before:
        assert after[0] >= before[0] - 1e-9


def test_explain_prints_the_rate_formula_and_what_is_out_of_the_rate() -> None:
    from svccheck.reporting.explanation import render_text
    from svccheck.scoring.explain import explain

    # possible = 2 + 2 + 5 = 9 (RT-05 不适用, RT-01 blank); RT-02 fails once: 100 × 8 / 9
    report = score(morning({"RT-05": "na", "RT-01": "unchecked", "RT-02": "fail"}), LIB)
    zh = render_text(explain(report, "张三", LIB, "zh"), "zh", width=120)
    assert "88.89 ← 100 × (9 − 1) / 9" in zh
    assert "1 项不适用，1 项未检查，均不计入得分率" in zh
    en = " ".join(render_text(explain(report, "张三", LIB, "en"), "en", width=120).split())
    assert "1 not applicable, 1 not checked: none of them in the rate" in en
