"""SPEC §4–§5, contract version 2: accountable checks and a register's scope, by hand.

The register (inspection, subject branch, veto flag, base 100, pass 85, star 98) of
scoring_support's small library, once as it is and once with `accountable: employee`. One
inspection of 东环支行 on D1 with six findings:

    张三  teller          TST-02 (2) and TST-01 (0.5)
    李四  teller          TST-04 (1)
    刘洋  teller          TST-05 (5, critical: 代客户输入密码)
    王五  lobby_manager   LOB-01 (1)
    —                     ENV-03 (3), naming nobody

and a staff-on-duty sheet listing those four and 赵六 (lobby_manager, no finding).
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from scoring_support import CBSS, CHECKLISTS, D1, D2, REGISTER, STANDARDS, obs

from svccheck.catalog.build import build_library, build_standard
from svccheck.catalog.library import load_library
from svccheck.model import Library, Observation, OnDuty, SheetFacts
from svccheck.reporting.json import document
from svccheck.scoring import Report, score
from svccheck.scoring.explain import explain

BRANCH = "东环支行"


def _library(accountable: bool) -> Library:
    checklists: list[dict[str, Any]] = []
    for doc in CHECKLISTS:
        if doc["checklist"] == REGISTER and accountable:
            doc = {**doc, "accountable": "employee"}
        checklists.append(doc)
    taxonomy = load_library().taxonomy
    return build_library(
        taxonomy, [build_standard(d) for d in STANDARDS], [(d, None) for d in checklists]
    )


PLAIN, HELD = _library(False), _library(True)


def finding(item: str, person: str | None, role: str | None, row: int) -> Observation:
    return obs(
        item,
        "fail",
        checklist=REGISTER,
        kind="inspection",
        subject=BRANCH,
        role=role,
        employee=person,
        row=row,
    )


FINDINGS = [
    finding("TST-02", "张三", "teller", 5),
    finding("TST-01", "张三", "teller", 6),
    finding("TST-04", "李四", "teller", 7),
    finding("TST-05", "刘洋", "teller", 8),
    finding("LOB-01", "王五", "lobby_manager", 9),
    finding("ENV-03", None, None, 10),
]
ON_DUTY = tuple(
    OnDuty(name, D1, BRANCH, role, row=row)
    for row, (name, role) in enumerate(
        [
            ("张三", "teller"),
            ("李四", "teller"),
            ("刘洋", "teller"),
            ("王五", "lobby_manager"),
            ("赵六", "lobby_manager"),
        ],
        start=2,
    )
)
FACTS = SheetFacts("f.xlsx", "S", REGISTER, "inspection", on_duty=ON_DUTY)


def people(report: Report) -> dict[str, tuple[float, str, int, int]]:
    """Each person's (score, status, checks, criticals) in the register's section."""
    (section,) = report.sections
    return {
        r.subject: (r.score, r.status, r.checks, r.criticals)
        for r in section.subjects
        if r.subject_kind == "employee"
    }


def test_each_person_named_gets_a_check_of_their_own() -> None:
    report = score(FINDINGS, HELD, sheets=[FACTS])
    assert people(report) == {
        "张三": (97.5, "pass", 1, 0),  # 2 + 0.5 off the teller items
        "李四": (99.0, "star", 1, 0),
        "刘洋": (95.0, "remediation", 1, 1),  # a red line: veto flag keeps 95, flags it
        "王五": (99.0, "star", 1, 0),
        "赵六": (100.0, "star", 1, 0),  # on duty, no finding: both lobby items passed
    }
    (section,) = report.sections
    by_name = {c.subject: c for c in section.accountable_checks}
    assert (by_name["张三"].passed, by_name["张三"].failed, by_name["张三"].implied) == (3, 2, 3)
    assert (by_name["赵六"].passed, by_name["赵六"].implied, by_name["赵六"].role) == (
        2,
        2,
        "lobby_manager",
    )
    assert by_name["刘洋"].veto == "flag"
    assert all(c.kind == "inspection" for c in section.accountable_checks)


def test_the_branch_figures_are_those_of_the_register_without_accountable() -> None:
    held = document(score(FINDINGS, HELD, sheets=[FACTS]), "zh")
    plain = document(score(FINDINGS, PLAIN, sheets=[FACTS]), "zh")
    for key in ("gaps", "branches", "breakdowns", "inputs", "rejected"):
        assert json.dumps(held[key], ensure_ascii=False) == json.dumps(
            plain[key], ensure_ascii=False
        )
    # the summary counts the people only among its subjects (and their statuses)
    differ = {k for k in plain["summary"] if plain["summary"][k] != held["summary"][k]}
    assert differ <= {"subjects", "statuses"}
    assert held["summary"]["subjects"] == plain["summary"]["subjects"] + 5
    (branch,) = held["branches"]
    # 2 + 0.5 + 1 + 5 + 1 + 3 = 12.5 off the branch: 87.5, flagged by the red line
    assert (branch["score"], branch["points_lost"], branch["flagged"]) == (87.5, 12.5, 1)


def test_the_people_are_in_the_ranking_with_the_kinds_behind_their_scores() -> None:
    data = document(score(FINDINGS, HELD, sheets=[FACTS]), "en")
    rows = {r["subject"]: r for r in data["subjects"]}
    assert rows["刘洋"]["status"] == "remediation" and rows["刘洋"]["kinds"] == ["inspection"]
    assert rows[BRANCH]["subject_kind"] == "branch"


def test_a_persons_morning_checks_and_findings_make_one_row() -> None:
    morning = [obs(i, subject="刘洋", date=D1) for i in ("TST-01", "TST-02", "TST-03", "TST-04")]
    morning.append(obs("TST-05", subject="刘洋", date=D1))
    report = score([*morning, *FINDINGS], HELD, sheets=[FACTS])
    row = next(r for r in report.subjects if r.subject == "刘洋")
    assert row.checks == 2 and row.status == "remediation"
    assert row.kinds == ("self_check", "inspection")
    # the branch's combined figures hold no finding twice
    branch = next(b for b in report.branches if b.branch == BRANCH)
    assert branch.points_lost == 12.5


def test_explain_tells_a_persons_story() -> None:
    report = score(FINDINGS, HELD, sheets=[FACTS], details=True)
    story = explain(report, "刘洋", HELD, "zh")
    (one,) = story.subjects
    (check,) = one.checks
    assert (check.subject, check.criticals, one.row.status) == ("刘洋", 1, "remediation")
    assert [d.item for d in check.deductions] == ["TST-05"]


def test_without_accountable_nobody_is_held() -> None:
    assert people(score(FINDINGS, PLAIN, sheets=[FACTS])) == {}


def test_a_person_found_on_an_environment_item_is_not_held_for_it() -> None:
    rows = [finding("ENV-01", "张三", None, 5)]
    report = score(rows, HELD)
    assert people(report) == {}
    (section,) = report.sections
    assert section.checks[0].failed == 1


# --- scope -------------------------------------------------------------------------------

ENVIRONMENT = frozenset({"ENV-01", "ENV-02", "ENV-03"})


def test_an_environment_only_scope_passes_no_people_item_and_holds_nobody() -> None:
    scoped = dataclasses.replace(FACTS, scope=ENVIRONMENT, scope_text="环境")
    report = score([finding("ENV-03", None, None, 5)], HELD, sheets=[scoped])
    (section,) = report.sections
    (check,) = section.checks
    # ENV-03 failed; ENV-01 and ENV-02 passed by implication; no teller or lobby item
    assert (check.failed, check.implied, check.passed) == (1, 2, 2)
    assert section.accountable_checks == ()
    assert people(report) == {}
    assert {g.item for g in section.gaps} == {"ENV-03"}


def test_without_a_scope_every_item_is_passed_by_implication() -> None:
    report = score([finding("ENV-03", None, None, 5)], PLAIN)
    (check,) = report.sections[0].checks
    assert check.implied == 9


def test_a_finding_outside_the_scope_still_counts() -> None:
    scoped = dataclasses.replace(FACTS, scope=ENVIRONMENT, on_duty=())
    rows = [finding("ENV-03", None, None, 5), finding("TST-05", "刘洋", "teller", 6)]
    report = score(rows, HELD, sheets=[scoped])
    (section,) = report.sections
    (check,) = section.checks
    assert (check.failed, check.implied, check.criticals) == (2, 2, 1)
    # 刘洋 is held for the finding; his other teller items are out of scope, not passed
    (held,) = section.accountable_checks
    assert (held.subject, held.failed, held.implied) == ("刘洋", 1, 0)


def test_a_v1_register_scores_as_before() -> None:
    """No scope stated and no accountable: the sheets' facts change nothing."""
    facts = [dataclasses.replace(FACTS, scope=None, on_duty=())]
    with_facts = document(score(FINDINGS, PLAIN, sheets=facts), "en")
    without = document(score(FINDINGS, PLAIN), "en")
    assert with_facts == without


def test_without_details_the_people_rank_as_their_checks_would() -> None:
    # `score(details=False)` sums the people's rows from their checks' outcomes, with no
    # CheckScore each: the same figures, float sums in the same order — on a register with
    # staff on duty, one without (one-row outcomes worked out once; people found on two
    # dates, one of them twice), with morning checks of their own, and with a base-1000
    # checklist beside it (every score put on a base of 100)
    again = [f._replace(date=D2, row=f.row + 20) for f in FINDINGS if f.employee != "李四"]
    twice = finding("TST-03", "张三", "teller", 40)._replace(date=D2, count=3)
    passed = obs("TST-01", "pass", checklist=REGISTER, kind="inspection", subject=BRANCH,
                 employee="王五", role="teller", row=41)  # fmt: skip
    morning = [obs(i, subject="刘洋") for i in ("TST-01", "TST-02", "TST-03", "TST-04")]
    cbss = [obs("ENV-01", "fail", checklist=CBSS, subject=BRANCH, role=None)]
    cases = [
        (FINDINGS, [FACTS]),
        ([*FINDINGS, *again, twice, passed], []),
        ([*morning, *FINDINGS, *again], [FACTS]),
        ([*cbss, *FINDINGS, *again, twice], []),
    ]
    for rows, facts in cases:
        full = score(rows, HELD, sheets=facts)
        lean = score(rows, HELD, sheets=facts, details=False)
        assert json.dumps(document(lean, "en")) == json.dumps(document(full, "en"))
        assert lean.subjects == full.subjects
        assert [s.subjects for s in lean.sections] == [s.subjects for s in full.sections]
        assert all(s.accountable_checks == () for s in lean.sections)
        assert any(s.accountable_checks for s in full.sections)
    assert score(cases[3][0], HELD).normalised


def test_under_branch_profiles_a_persons_one_row_check_is_worked_out_per_branch() -> None:
    # TST-02 needs a VIP room, which 东环支行's profile lacks: the same one-row finding
    # (teller, TST-04 failed) implies one item fewer there than at 滨江支行 — a one-row
    # check's outcome is worked out once per branch, never shared across branches
    items = dict(HELD.items)
    items["TST-02"] = dataclasses.replace(items["TST-02"], requires=("vip",))
    profiled = dataclasses.replace(
        HELD, items=items, profiles={BRANCH: frozenset(), "滨江支行": frozenset({"vip"})}
    )
    rows = [
        finding("TST-04", "李四", "teller", 5),
        finding("TST-04", "陈七", "teller", 6)._replace(branch="滨江支行", subject="滨江支行"),
    ]
    full = score(rows, profiled)
    lean = score(rows, profiled, details=False)
    assert json.dumps(document(lean, "en")) == json.dumps(document(full, "en"))
    held = {c.subject: c for c in full.sections[0].accountable_checks}
    assert held["陈七"].implied == held["李四"].implied + 1
