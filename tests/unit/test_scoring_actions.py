"""Corrective actions derived from an inspection's rows (SPEC §8), without a ledger."""

from __future__ import annotations

import dataclasses
import datetime as dt

from svccheck.model import Library, Observation, Waiver
from svccheck.scoring.actions import (
    Action,
    Pass,
    by_due,
    close_by_passes,
    count_actions,
    open_actions,
    select,
)

OCT_9 = dt.date(2026, 10, 9)
BRANCH = "东环支行"


def finding(item: str, employee: str | None = None, row: int = 4, **more: object) -> Observation:
    fields: dict[str, object] = dict(
        date=OCT_9,
        branch=BRANCH,
        subject=BRANCH,
        item=item,
        result="fail",
        checklist="inspection-monthly",
        kind="inspection",
        employee=employee,
        file="10月登记簿.xlsx",
        sheet="登记簿",
        row=row,
        column=7,
    )
    fields.update(more)
    return Observation(**fields)  # type: ignore[arg-type]


def test_each_failed_item_opens_one_action_due_by_its_severity(library: Library) -> None:
    actions = open_actions(
        [
            finding("ENT-01", row=4),  # minor, branch item: 14 days
            finding("ENT-01", row=5),  # the same item again in the same check: one action
            finding("TLR-03", "张三", row=6),  # major, names a person: 7 days, 张三's own
            finding("TLR-28", "李四", row=7, due=dt.date(2026, 10, 9)),  # critical, dated
            finding("LBY-01", row=8, result="pass"),
        ],
        library,
    )
    assert [(a.subject, a.owner, a.item, a.due, a.cell) for a in actions] == [
        (BRANCH, BRANCH, "ENT-01", dt.date(2026, 10, 23), "H4"),
        ("张三", "张三", "TLR-03", dt.date(2026, 10, 16), "H6"),
        ("李四", "李四", "TLR-28", dt.date(2026, 10, 9), "H7"),
    ]
    assert all(a.closed is None for a in actions)


def test_a_branch_item_naming_a_person_stays_the_branchs_with_that_owner(library: Library) -> None:
    (action,) = open_actions([finding("LBY-01", "王五")], library)
    assert (action.subject, action.owner) == (BRANCH, "王五")


def test_a_register_dating_the_fix_closes_it(library: Library) -> None:
    (fixed, busy, half) = open_actions(
        [
            finding("ENT-01", fixed=dt.date(2026, 10, 11)),
            finding("LBY-01", fixed="整改中"),
            finding("TLR-01", "张三", row=6, fixed=dt.date(2026, 10, 12)),
            finding("TLR-01", "张三", row=7),  # not every row of it fixed: still open
        ],
        library,
    )
    assert (fixed.closed, fixed.closed_by) == (dt.date(2026, 10, 11), "10月登记簿.xlsx")
    assert fixed.status(dt.date(2026, 10, 10)) == "open"
    assert fixed.status(dt.date(2026, 10, 11)) == "closed"
    assert (busy.closed, busy.fix_note) == (None, "整改中")
    assert half.closed is None


def test_only_inspections_open_actions_and_a_waived_failure_opens_none(library: Library) -> None:
    assert open_actions([finding("TLR-01", "张三", kind="self_check")], library) == []
    waiver = Waiver("ENT-01", BRANCH, "门楣改造中", "分行运营部", dt.date(2026, 12, 31))
    waived = dataclasses.replace(library, waivers=(waiver,))
    assert [a.item for a in open_actions([finding("ENT-01"), finding("LBY-01")], waived)] == [
        "LBY-01"
    ]


def test_a_later_pass_of_the_same_subject_and_kind_closes_it(library: Library) -> None:
    (action,) = open_actions([finding("TLR-03", "张三")], library)
    passes = [
        Pass(BRANCH, "张三", "inspection", "TLR-03", OCT_9, "same-visit.xlsx"),
        Pass(BRANCH, "张三", "self_check", "TLR-03", dt.date(2026, 10, 10), "morning.xlsx"),
        Pass(BRANCH, "李四", "inspection", "TLR-03", dt.date(2026, 10, 10), "other.xlsx"),
        Pass(BRANCH, "张三", "inspection", "TLR-03", dt.date(2026, 11, 9), "11月.xlsx"),
        Pass(BRANCH, "张三", "inspection", "TLR-03", dt.date(2026, 12, 9), "12月.xlsx"),
    ]
    (closed,) = close_by_passes([action], passes)
    assert (closed.closed, closed.closed_by) == (dt.date(2026, 11, 9), "11月.xlsx")
    # as of the due date + 1 it was overdue; after the November pass, closed
    assert closed.status(action.due + dt.timedelta(days=1)) == "overdue"
    assert closed.days(action.due + dt.timedelta(days=3)) == 3  # days overdue
    assert closed.status(dt.date(2026, 11, 9)) == "closed"
    assert closed.days(dt.date(2026, 12, 1)) == 31


def test_the_earlier_of_the_fix_date_and_a_pass_closes_it(library: Library) -> None:
    (action,) = open_actions([finding("ENT-01", fixed=dt.date(2026, 11, 20))], library)
    later = Pass(BRANCH, BRANCH, "inspection", "ENT-01", dt.date(2026, 11, 9), "11月.xlsx")
    (closed,) = close_by_passes([action], [later])
    assert (closed.closed, closed.closed_by) == (dt.date(2026, 11, 9), "11月.xlsx")


def test_selection_order_and_counts(library: Library) -> None:
    a, b, c = open_actions(
        [
            finding("ENT-01", fixed=dt.date(2026, 10, 13)),
            finding("TLR-03", "张三", row=6),
            finding("TLR-28", "李四", row=7),
        ],
        library,
    )
    as_of = dt.date(2026, 10, 20)
    assert [x.item for x in by_due([a, b, c])] == ["TLR-28", "TLR-03", "ENT-01"]
    listed = by_due([a, b, c])
    assert [x.item for x in select(listed, as_of, "overdue")] == ["TLR-28", "TLR-03"]
    assert [x.item for x in select(listed, as_of, "closed")] == ["ENT-01"]
    assert select([a, b, c], dt.date(2026, 10, 8)) == []  # not found yet
    (counts,) = count_actions([a, b, c], dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert counts.as_dict() == {
        "branch": BRANCH,
        "opened": 3,
        "closed": 1,
        "overdue": 2,
        "median_days_to_close": 4.0,
    }


def test_an_action_as_json(library: Library) -> None:
    (action,) = open_actions([finding("TLR-03", "张三")], library)
    data = dataclasses.replace(action, id=7).as_dict(dt.date(2026, 10, 20))
    assert data["status"] == "overdue" and data["days"] == 4 and data["id"] == 7
    assert isinstance(action, Action) and action.source == "10月登记簿.xlsx › 登记簿 H4"


def test_the_json_list_writes_each_action_as_its_as_dict(library: Library) -> None:
    import json

    from svccheck.reporting.actions import ActionList, render_actions

    actions = open_actions(
        [
            finding("ENT-01", fixed=dt.date(2026, 10, 11), note='门楣"灯"不亮\n'),
            finding("TLR-03", "张三", row=6, fixed="整改中"),
        ],
        library,
    )
    as_of = dt.date(2026, 10, 20)
    titles = {"ENT-01": library.items["ENT-01"].title}
    doc = json.loads(render_actions(ActionList(actions, as_of, titles), "json", "zh"))
    assert doc["actions"] == [
        {**a.as_dict(as_of), "title": titles[a.item].zh if a.item in titles else None}
        for a in actions
    ]
    assert doc["by_status"] == {"open": 0, "overdue": 1, "closed": 1} and doc["count"] == 2
    empty = json.loads(render_actions(ActionList([], as_of, {}), "json", "en"))
    assert empty["actions"] == [] and empty["count"] == 0


def test_a_finding_on_the_calendars_last_day_is_due_that_day(library: Library) -> None:
    """The readers refuse such a date; a ledger written before they did may still hold one,
    and its due date (date + fix_days) must not stop the run on an OverflowError."""
    last = dt.date.max
    actions = open_actions([finding("ENT-01", date=last), finding("TLR-03", "张三")], library)
    assert [(a.item, a.found, a.due) for a in actions] == [
        ("ENT-01", last, last),
        ("TLR-03", OCT_9, dt.date(2026, 10, 16)),
    ]
