"""SPEC §5, rule by rule, with numbers computed by hand (items: see scoring_support)."""

from __future__ import annotations

import dataclasses

import pytest
from scoring_support import (
    CBSS,
    D1,
    D2,
    D3,
    MORNING,
    PEER,
    REGISTER,
    STAFF_REGISTER,
    full_check,
    obs,
    small_library,
)

from svccheck.errors import ConfigError
from svccheck.model import Library
from svccheck.reporting.json import document
from svccheck.scoring import CheckScore, Deduction, Report, score
from svccheck.scoring.checks import score_checks


@pytest.fixture(scope="module")
def lib() -> Library:
    return small_library()


def only_check(report: Report) -> CheckScore:
    (section,) = report.sections
    (check,) = section.checks
    return check


def deduction(check: CheckScore, item: str) -> Deduction:
    return next(d for d in check.deductions if d.item == item)


# --- one check: the deduction model -------------------------------------------------------


def test_all_passed_keeps_the_base(lib: Library) -> None:
    check = only_check(score(full_check(lib), lib))
    assert (check.score, check.points_lost, check.passed, check.failed) == (100, 0, 5, 0)
    assert check.pass_rate == 1.0 and check.deductions == ()


def test_points_times_count(lib: Library) -> None:
    # TST-02: 2 points × count 3 = 6 → 94
    rows = [o for o in full_check(lib) if o.item != "TST-02"] + [obs("TST-02", "fail", count=3)]
    check = only_check(score(rows, lib))
    assert check.score == 94 and check.points_lost == 6
    d = deduction(check, "TST-02")
    assert (d.points, d.count, d.rows, d.capped, d.explicit) == (6, 3, 1, False, False)


def test_explicit_deduction_wins_over_points(lib: Library) -> None:
    # TST-01 is worth 0.5, but the register wrote 扣1.5分 (already normalised to 1.5)
    rows = [o for o in full_check(lib) if o.item != "TST-01"]
    rows.append(obs("TST-01", "fail", count=4, deduction=1.5))
    check = only_check(score(rows, lib))
    assert check.score == 98.5
    assert deduction(check, "TST-01").explicit


def test_several_rows_of_one_item_add_up(lib: Library) -> None:
    # TST-02 failed twice in the same check (two findings): 2 + 2 = 4 → 96, one failed item
    rows = [o for o in full_check(lib) if o.item != "TST-02"]
    rows += [obs("TST-02", "fail", row=5), obs("TST-02", "fail", row=9)]
    check = only_check(score(rows, lib))
    assert (check.score, check.failed, check.passed, check.observations) == (96, 1, 4, 6)
    d = deduction(check, "TST-02")
    assert (d.points, d.rows, d.sources) == (4, 2, ("f.xlsx|S|C5", "f.xlsx|S|C9"))


def test_item_total_is_capped_at_max_points(lib: Library) -> None:
    # TST-03: 0.5 × 5 = 2.5, capped at 1.5; TST-04: 1 + 1 + 2 (explicit) = 4, capped at 3
    rows = [o for o in full_check(lib) if o.item not in ("TST-03", "TST-04")]
    rows += [
        obs("TST-03", "fail", count=5),
        obs("TST-04", "fail"),
        obs("TST-04", "fail"),
        obs("TST-04", "fail", deduction=2),
    ]
    check = only_check(score(rows, lib))
    assert check.score == 100 - 1.5 - 3
    t3, t4 = deduction(check, "TST-03"), deduction(check, "TST-04")
    assert (t3.points, t3.points_before_cap, t3.cap, t3.capped) == (1.5, 2.5, 1.5, True)
    assert (t4.points, t4.points_before_cap, t4.capped) == (3, 4, True)


def test_score_never_below_zero(lib: Library) -> None:
    rows = [o for o in full_check(lib) if o.item not in ("TST-01", "TST-02")]
    rows += [obs("TST-01", "fail", deduction=70), obs("TST-02", "fail", deduction=45)]
    check = only_check(score(rows, lib))
    assert check.score == 0 and check.points_lost == 115 and check.veto is None


def test_veto_zero_sets_the_score_to_zero(lib: Library) -> None:
    check = only_check(score(full_check(lib, ["TST-05", "TST-01"]), lib))
    assert (check.score, check.points_lost, check.criticals, check.veto) == (0, 5.5, 1, "zero")
    assert check.vetoed and not check.flagged


def test_veto_flag_keeps_the_score_and_flags(lib: Library) -> None:
    rows = [
        obs("ENV-02", "fail", checklist=REGISTER, kind="inspection", subject="东环支行", role=None)
    ]
    report = score(rows, lib)
    check = only_check(report)
    assert (check.score, check.veto, check.flagged, check.vetoed) == (95, "flag", True, False)
    assert report.subjects[0].status == "remediation"  # a red line, even flagged


def test_pass_rate_leaves_out_na_and_unchecked(lib: Library) -> None:
    rows = [
        obs("TST-01", "pass"),
        obs("TST-02", "fail"),
        obs("TST-03", "na"),
        obs("TST-04", "unchecked"),
        obs("TST-05", "pass"),
    ]
    check = only_check(score(rows, lib))
    assert (check.passed, check.failed, check.na, check.unchecked) == (2, 1, 1, 1)
    assert check.pass_rate == pytest.approx(2 / 3)
    assert check.score == 98  # only TST-02 costs; n/a and not-checked cost nothing


def test_an_item_with_a_failed_row_is_failed_once(lib: Library) -> None:
    rows = [o for o in full_check(lib) if o.item != "TST-04"]
    rows += [obs("TST-04", "pass"), obs("TST-04", "fail"), obs("TST-04", "na")]
    check = only_check(score(rows, lib))
    assert (check.passed, check.failed, check.observations, check.score) == (4, 1, 7, 99)


def test_a_pass_beats_not_applicable_and_not_checked(lib: Library) -> None:
    rows = [
        obs("TST-01", "unchecked"),
        obs("TST-01", "na"),
        obs("TST-01", "pass"),
        obs("TST-02", "unchecked"),
        obs("TST-02", "na"),
    ]
    check = only_check(score(rows, lib))
    assert (check.passed, check.na, check.unchecked) == (1, 1, 0)


# --- findings-only registers --------------------------------------------------------------


def test_register_unlisted_items_pass_for_a_branch(lib: Library) -> None:
    # register: 10 items; one finding (ENV-01 扣1分) → 9 implied passes, 99 points
    rows = [
        obs(
            "ENV-01",
            "fail",
            deduction=1,
            checklist=REGISTER,
            kind="inspection",
            subject="东环支行",
            role=None,
            employee="李四",
        )
    ]
    report = score(rows, lib)
    check = only_check(report)
    assert (check.passed, check.implied, check.failed, check.score) == (9, 9, 1, 99)
    assert check.pass_rate == pytest.approx(9 / 10)
    assert deduction(check, "ENV-01").people == ("李四",)
    # every item of the register was judged once in this check
    assert report.sections[0].findings_only
    assert report.summary.pass_rate == pytest.approx(9 / 10)


def test_register_for_employees_implies_only_the_items_of_their_role(lib: Library) -> None:
    # staff-register holds 5 teller + 2 lobby items; a teller's finding implies 4 passes
    rows = [
        obs("TST-02", "fail", checklist=STAFF_REGISTER, kind="inspection"),
        obs(
            "LOB-01",
            "fail",
            checklist=STAFF_REGISTER,
            kind="inspection",
            subject="王五",
            role="lobby_manager",
        ),
    ]
    report = score(rows, lib)
    checks = {c.subject: c for c in report.sections[0].checks}
    assert (checks["张三"].implied, checks["张三"].passed, checks["张三"].score) == (4, 4, 98)
    assert (checks["王五"].implied, checks["王五"].passed, checks["王五"].score) == (1, 1, 99)


def test_a_self_check_implies_nothing(lib: Library) -> None:
    check = only_check(score([obs("TST-02", "fail")], lib))
    assert (check.passed, check.implied, check.failed) == (0, 0, 1)


def test_a_check_is_one_subject_date_checklist_and_kind(lib: Library) -> None:
    rows = [
        *full_check(lib, date=D1),
        *full_check(lib, date=D2),
        *full_check(lib, checklist=PEER, kind="peer_check"),
        *full_check(lib, kind="peer_check"),  # the morning form used for a peer check
        *full_check(lib, branch="滨江支行"),  # the same name in another branch
    ]
    report = score(rows, lib)
    assert report.summary.checks == 5
    assert len(report.sections) == 2


# --- over the period: subjects, branches, statuses, grades --------------------------------


def test_subject_score_is_the_mean_of_its_checks(lib: Library) -> None:
    rows = [
        *full_check(lib, ["TST-02"], date=D1),
        *full_check(lib, ["TST-01"], date=D2),
        *full_check(lib, date=D3),
    ]
    (row,) = score(rows, lib).subjects
    assert row.score == pytest.approx((98 + 99.5 + 100) / 3, abs=1e-4)
    assert (row.checks, row.points_lost, row.pass_rate) == (3, 2.5, pytest.approx(13 / 15))


def test_branch_score_is_the_mean_of_its_checks(lib: Library) -> None:
    rows = [
        *full_check(lib, ["TST-02"]),
        *full_check(lib, subject="李四"),
        *full_check(lib, subject="李四", date=D2),
    ]
    report = score(rows, lib)
    (branch,) = report.branches
    assert branch.score == pytest.approx((98 + 100 + 100) / 3, abs=1e-4)
    assert (branch.subjects, branch.checks) == (2, 3)


@pytest.mark.parametrize(
    ("fails_per_day", "mean", "status"),
    [
        ([[], [], []], 100, "star"),
        ([["TST-02"], ["TST-02"], ["TST-02"]], 98, "star"),  # exactly the star mark
        ([["TST-02", "TST-04"], ["TST-02"], ["TST-02"]], 97.6667, "pass"),  # 97, 98, 98
        ([["TST-05"], [], []], 66.6667, "remediation"),  # a red line, whatever the mean
    ],
)
def test_status_order(
    lib: Library, fails_per_day: list[list[str]], mean: float, status: str
) -> None:
    rows = [
        o
        for day, fails in zip((D1, D2, D3), fails_per_day, strict=True)
        for o in full_check(lib, fails, date=day)
    ]
    (row,) = score(rows, lib).subjects
    assert row.score == pytest.approx(mean, abs=1e-4)
    assert row.status == status


def test_below_pass_mark_twice_means_remediation_even_with_a_passing_mean(lib: Library) -> None:
    # two checks at 84 (TST-02 × 8 = 16) and eight at 100: mean 96.8 ≥ 85, yet remediation
    rows = []
    for n in range(10):
        day = D1.replace(day=1 + n)
        rows += [o for o in full_check(lib, date=day) if n >= 2 or o.item != "TST-02"]
        if n < 2:
            rows.append(obs("TST-02", "fail", count=8, date=day))
    (row,) = score(rows, lib).subjects
    assert (row.score, row.below_pass, row.status) == (96.8, 2, "remediation")


def test_once_below_the_pass_mark_is_judged_by_the_mean(lib: Library) -> None:
    rows = [o for o in full_check(lib, date=D1) if o.item != "TST-02"]
    rows += [obs("TST-02", "fail", count=8, date=D1), *full_check(lib, date=D2)]
    (row,) = score(rows, lib).subjects
    assert (row.score, row.below_pass, row.status) == (92, 1, "pass")


def test_below_status(lib: Library) -> None:
    rows = [o for o in full_check(lib) if o.item != "TST-02"] + [obs("TST-02", "fail", count=8)]
    (row,) = score(rows, lib).subjects
    assert (row.score, row.status) == (84, "below")


@pytest.mark.parametrize(
    ("count", "grade"),
    [(0, "优秀"), (5, "优秀"), (6, "良好"), (10, "良好"), (11, "合格"), (21, "不合格")],
)
def test_default_grade_bands(lib: Library, count: int, grade: str) -> None:
    # TST-02 2 points × count: 100, 90, 88, 80, 78, 58
    rows = [o for o in full_check(lib) if o.item != "TST-02"]
    rows.append(obs("TST-02", "fail" if count else "pass", count=max(count, 1)))
    (row,) = score(rows, lib).subjects
    assert row.grade.zh == grade


def test_grade_bands_from_the_checklist(lib: Library) -> None:
    # cbss: base 1000, A ≥ 950, B ≥ 850; ENV-03 (no cap) written as 60 off → 940 → B
    rows = [
        obs("ENV-03", "fail", deduction=60, checklist=CBSS, subject="东环支行", role=None),
        obs("ENV-02", "pass", checklist=CBSS, subject="东环支行", role=None),
    ]
    (row,) = score(rows, lib).subjects
    assert (row.score, row.grade.zh, row.status) == (940, "B", "pass")


def test_combined_figures_put_different_bases_on_100(lib: Library) -> None:
    rows = [
        obs("ENV-03", "fail", deduction=60, checklist=CBSS, subject="东环支行", role=None),
        obs("ENV-02", "pass", checklist=CBSS, subject="东环支行", role=None),
        *full_check(lib, ["TST-02"]),
    ]
    report = score(rows, lib)
    assert report.normalised
    assert report.summary.score_mean == pytest.approx((94 + 98) / 2)
    assert {s.checklist: s.summary.score_mean for s in report.sections} == {CBSS: 940, MORNING: 98}
    (branch,) = report.branches
    assert branch.score == pytest.approx(96)
    # points stay points: 60 + 2
    assert report.summary.points_lost == 62


def test_a_subject_under_two_checklists_is_one_row(lib: Library) -> None:
    rows = [*full_check(lib, ["TST-02"]), *full_check(lib, checklist=PEER, kind="peer_check")]
    report = score(rows, lib)
    (row,) = report.subjects
    assert (row.score, row.checks, row.checklists) == (99, 2, (MORNING, PEER))
    assert [len(s.subjects) for s in report.sections] == [1, 1]


# --- gaps and rankings --------------------------------------------------------------------


def test_gaps_rank_by_points_then_fail_rate_then_severity_then_id(lib: Library) -> None:
    # TST-02 fails twice (4 points); TST-04 4× in one check (4 points, fail rate 1/2):
    # tie on points → fail rate: TST-02 2/2 before TST-04 1/2. TST-01 (0.5, minor) and
    # TST-03 (0.5) tie on points and rate and severity → id.
    rows = [
        *full_check(lib, ["TST-02", "TST-01"], date=D1),
        *[o for o in full_check(lib, ["TST-02", "TST-03"], date=D2) if o.item != "TST-04"],
        obs("TST-04", "fail", count=4, date=D2),
    ]
    gaps = score(rows, lib).gaps
    assert [g.item for g in gaps] == ["TST-02", "TST-04", "TST-01", "TST-03"]
    assert [g.rank for g in gaps] == [1, 2, 3, 4]
    t2, t4 = gaps[0], gaps[1]
    assert (t2.points_lost, t2.failures, t2.observations, t2.fail_rate) == (4, 2, 2, 1.0)
    assert (t4.points_lost, t4.fail_rate, t4.violations) == (3, 0.5, 4)  # capped at 3
    total = 4 + 3 + 0.5 + 0.5
    assert t2.share == pytest.approx(4 / total)
    assert t4.cumulative_share == pytest.approx(7 / total)
    assert gaps[-1].cumulative_share == pytest.approx(1.0)


def test_severity_breaks_a_tie(lib: Library) -> None:
    # LOB-02 (critical, 5) and TST-05 (critical, 5) tie → id; a major 5-point finding
    # (TST-02 explicit 5) ranks after the critical ones.
    rows = [
        obs(
            "TST-02",
            "fail",
            deduction=5,
            checklist=REGISTER,
            kind="inspection",
            subject="东环支行",
            role=None,
        ),
        obs(
            "TST-05",
            "fail",
            checklist=REGISTER,
            kind="inspection",
            subject="滨江支行",
            branch="滨江支行",
            role=None,
        ),
    ]
    gaps = score(rows, lib).gaps
    assert [g.item for g in gaps] == ["TST-05", "TST-02"]


def test_affected_subjects_and_branches(lib: Library) -> None:
    rows = [
        *full_check(lib, ["TST-02"]),
        *full_check(lib, ["TST-02"], subject="李四"),
        *full_check(lib, ["TST-02"], subject="王五", branch="滨江支行"),
        *full_check(lib, subject="赵六", branch="北站支行"),
    ]
    (gap,) = score(rows, lib).gaps
    assert (gap.subjects_affected, gap.branches_affected, gap.fail_rate) == (3, 2, 0.75)


def test_subjects_rank_by_score_then_pass_rate_then_name(lib: Library) -> None:
    # 甲 and 乙 both 98 at 4/5 → by name (乙 U+4E59 before 甲 U+7532); 丙 98 at 3/5
    # (TST-01 ×2 and TST-03 ×2: 1 + 1) after them; 丁 100 first.
    bad = [o for o in full_check(lib, subject="丙") if o.item not in ("TST-01", "TST-03")]
    bad += [
        obs("TST-01", "fail", count=2, subject="丙"),
        obs("TST-03", "fail", count=2, subject="丙"),
    ]
    rows = [
        *bad,
        *full_check(lib, ["TST-02"], subject="甲"),
        *full_check(lib, ["TST-02"], subject="乙"),
        *full_check(lib, subject="丁"),
    ]
    subjects = score(rows, lib).subjects
    assert [r.subject for r in subjects] == ["丁", "乙", "甲", "丙"]
    assert [r.score for r in subjects] == [100, 98, 98, 98]
    assert [r.rank for r in subjects] == [1, 2, 3, 4]


def test_top_gaps_are_the_three_costliest_items(lib: Library) -> None:
    rows = [o for o in full_check(lib, ["TST-01", "TST-02", "TST-03"]) if o.item != "TST-04"] + [
        obs("TST-04", "fail", count=2)
    ]
    (row,) = score(rows, lib).subjects
    assert row.top_gaps == ("TST-02", "TST-04", "TST-01")  # 2, 2, then 0.5 (TST-01 < TST-03)


def test_breakdown_by_category(lib: Library) -> None:
    rows = full_check(lib, ["TST-02", "TST-01"])
    by_category = {g.key: g for g in score(rows, lib).breakdowns["category"]}
    assert by_category["discipline"].points_lost == 2
    assert by_category["appearance"].points_lost == 0.5
    assert by_category["discipline"].share == pytest.approx(0.8)
    assert by_category["discipline"].label.zh == "劳动纪律"
    assert by_category["language"].failures == 0 and by_category["language"].observations == 1


def test_period_of_the_report(lib: Library) -> None:
    report = score([*full_check(lib, date=D2), *full_check(lib, date=D1)], lib)
    assert (report.period_from, report.period_to) == (D1, D2)


# --- contract details ---------------------------------------------------------------------


def test_unknown_checklist_is_a_config_error(lib: Library) -> None:
    with pytest.raises(ConfigError, match="nope"):
        score([obs("TST-01", checklist="nope")], lib)


def test_results_are_frozen_and_equal_to_plain_construction(lib: Library) -> None:
    check = only_check(score(full_check(lib, ["TST-02"]), lib))
    assert check == CheckScore(
        **{f.name: getattr(check, f.name) for f in dataclasses.fields(CheckScore)}
    )
    assert hash(check.deductions[0]) == hash(dataclasses.replace(check.deductions[0]))
    with pytest.raises(dataclasses.FrozenInstanceError):
        check.score = 1  # type: ignore[misc]


def test_passes_per_item_for_the_ledger(lib: Library) -> None:
    rows = [*full_check(lib, ["TST-02"]), *full_check(lib, date=D2), obs("TST-01", "na", date=D3)]
    (scored,) = score_checks(rows, lib)
    assert scored.passes["TST-02"] == 1 and scored.passes["TST-01"] == 2
    assert len(scored.checks) == 3


def test_scattered_rows_score_like_grouped_rows(lib: Library) -> None:
    # > 512 rows in a mixed order (a register) take the row-by-row grouping; the same rows
    # written check by check take the run grouping; both give the same report.
    rows = []
    for n in range(60):
        day = D1.replace(day=1 + n % 28)
        rows += full_check(lib, ["TST-02"] if n % 3 else ["TST-01", "TST-04"], date=day,
                           subject=f"员工{n % 7}")  # fmt: skip
    scattered = rows[::2] + rows[1::2]
    assert document(score(scattered, lib)) == document(score(rows, lib))


def test_a_check_written_in_several_runs(lib: Library) -> None:
    first, second = full_check(lib, ["TST-02"])[:3], full_check(lib, ["TST-02"])[3:]
    between = full_check(lib, subject="李四")
    rows = [*first, *between, *second, obs("TST-03", "fail")]
    checks = {c.subject: c for c in score(rows, lib).checks}
    assert (checks["张三"].observations, checks["张三"].failed) == (6, 2)
    assert checks["张三"].score == 100 - 2 - 0.5


def test_without_details_only_the_provenance_is_left_out(lib: Library) -> None:
    # one failed row (TST-01), two of one item with a note and a named person (TST-02)
    rows = [o for o in full_check(lib, ["TST-01"]) if o.item != "TST-02"]
    rows += [
        obs("TST-02", "fail", row=5, note="地面有水", employee="李四"),
        obs("TST-02", "fail", row=9, deduction=1.5),
    ]
    full, bare = score(rows, lib), score(rows, lib, details=False)
    kept = only_check(full).deductions
    assert [d.sources for d in kept] == [("f.xlsx|S|C5",), ("f.xlsx|S|C5", "f.xlsx|S|C9")]
    assert kept[1].notes == ("地面有水",) and kept[1].people == ("李四",)
    lean = tuple(dataclasses.replace(d, sources=(), notes=(), people=()) for d in kept)
    assert only_check(bare).deductions == lean
    assert (bare.summary, bare.gaps, bare.subjects) == (full.summary, full.gaps, full.subjects)


def test_the_fast_constructors_make_what_the_dataclasses_make(lib: Library) -> None:
    from svccheck.scoring.result import build_check, build_deduction

    (check,) = score(full_check(lib, ["TST-01"]), lib).checks
    (d,) = check.deductions
    values = [getattr(d, f.name) for f in dataclasses.fields(Deduction)]
    made = build_deduction(*values)
    assert made == Deduction(*values) and type(made) is Deduction and hash(made) == hash(d)
    values = [getattr(check, f.name) for f in dataclasses.fields(CheckScore)]
    assert build_check(*values) == CheckScore(*values) == check
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.points = 0  # type: ignore[misc]
