"""Form layout: which columns and rows a checklist's form gets, and the usage errors."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from svccheck.errors import ConfigError
from svccheck.forms import FormDate, Person, default_filename, make_form, parse_form_date
from svccheck.forms.plan import FormPlan, plan_form
from svccheck.model import Library, Text

TODAY = dt.date(2026, 10, 8)


def plan(library: Library, checklist: str, **options: object) -> FormPlan:
    return plan_form(library, checklist, today=TODAY, **options)  # type: ignore[arg-type]


def test_every_bundled_checklist_gets_the_layout_of_its_kind(library: Library) -> None:
    for checklist in library.checklists.values():
        layout = plan(library, checklist.id).layout
        assert layout == ("long" if checklist.kind == "inspection" else "wide"), checklist.id


def test_morning_self_check_columns(library: Library) -> None:
    form = plan(library, "morning-teller")
    headers = [c.header for c in form.columns]
    items = library.checklist_items(library.checklists["morning-teller"])
    assert headers[:5] == ["日期", "网点", "姓名", "工号", "岗位"]
    assert headers[5 : 5 + len(items)] == [f"{i.id} {i.title.zh}" for i in items]
    assert headers[5 + len(items) :] == ["扣分合计", "备注", "签字"]
    assert headers[5] == "TLR-01 着装规范"


def test_peer_check_has_a_checker_column_in_both_languages(library: Library) -> None:
    assert [c.header for c in plan(library, "peer-teller").columns][-4:] == [
        "扣分合计",
        "互查人",
        "备注",
        "签字",
    ]
    english = plan(library, "peer-teller", lang="en")
    assert [c.header for c in english.columns][:5] == [
        "Date",
        "Branch",
        "Employee",
        "Employee ID",
        "Role",
    ]
    assert [c.header for c in english.columns][-4:] == [
        "Total deduction",
        "Checker",
        "Remarks",
        "Signature",
    ]
    assert english.columns[5].header == "TLR-01 Uniform and name badge"


def test_branch_walk_round_has_one_row_per_day_and_no_person_columns(library: Library) -> None:
    form = plan(library, "morning-environment", date=FormDate(dt.date(2026, 2, 1), True))
    assert [c.field for c in form.columns][:2] == ["date", "branch"]
    assert "employee" not in {c.field for c in form.columns}
    assert [r["date"] for r in form.rows] == [dt.date(2026, 2, d) for d in range(1, 29)]
    assert form.block == (("网点", ""), ("检查期间", "2026-02"))


def test_branch_walk_round_from_a_day_is_a_week_or_n_days(library: Library) -> None:
    week = plan(library, "morning-environment", date=FormDate(dt.date(2026, 10, 29)))
    days = [r["date"] for r in week.rows]
    assert (days[0], days[-1], len(days)) == (dt.date(2026, 10, 29), dt.date(2026, 11, 4), 7)
    assert week.block[1] == ("检查期间", "2026-10-29 至 2026-11-04")
    three = plan(library, "morning-environment", date=FormDate(dt.date(2026, 10, 29)), rows=3)
    assert len(three.rows) == 3
    default = plan(library, "morning-environment")
    assert len(default.rows) == 31 and default.date == FormDate(dt.date(2026, 10, 1), True)


def test_register_columns_and_blank_rows(library: Library) -> None:
    form = plan(library, "inspection-monthly", branch="东环支行")
    assert [c.header for c in form.columns] == [
        "序号",
        "检查日期",
        "时段",
        "检查方式",
        "网点",
        "岗位",
        "被检查人",
        "标准编号",
        "问题描述",
        "扣分",
        "整改要求",
        "整改期限",
        "整改情况及复查日期",
        "检查人",
        "备注",
    ]
    assert len(form.rows) == 200 and not any(form.rows)
    # contract v2: the register states its scope, by default the whole checklist
    assert form.block == (("网点", "东环支行"), ("检查期间", "2026-10"), ("检查范围", "全面检查"))
    scoped = plan(library, "inspection-monthly", scope="综合柜员、门前区", lang="en")
    assert scoped.block[-1] == ("Scope", "综合柜员、门前区")
    assert form.sheet_values == {"branch": "东环支行"}
    assert len(plan(library, "inspection-monthly", rows=5).rows) == 5


def test_roster_rows_keep_the_checklists_role_and_count_the_others(library: Library) -> None:
    roster = [
        Person("张伟", "10001", "teller"),
        Person("李娜", "10003", "lobby_manager"),
        Person("赵磊", None, None),
    ]
    form = plan(library, "morning-teller", roster=roster, branch="东环支行")
    assert form.rows == (
        {"employee": "张伟", "employee_id": "10001", "role": "综合柜员"},
        {"employee": "赵磊", "employee_id": None, "role": "综合柜员"},
        {},  # three open rows for whoever stands in that day
        {},
        {},
    )
    assert form.left_out == 1
    assert form.sheet_values == {"branch": "东环支行", "date": TODAY}
    assert len(plan(library, "morning-teller", roster=roster, rows=3).rows) == 5


def test_blank_rows_by_default(library: Library) -> None:
    form = plan(library, "morning-lobby-manager")
    assert len(form.rows) == 20 and not any(form.rows)
    assert form.block == (("网点", ""), ("日期", TODAY), ("主持人", ""), ("应到", ""), ("实到", ""))
    assert len(plan(library, "morning-lobby-manager", rows=0).rows) == 0


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "unknown checklist 'morning-tellr' (did you mean: morning-teller, "),
        ("zh", "未知的检查表“morning-tellr”（是否想用：morning-teller, "),
    ],
)
def test_unknown_checklist_suggests_and_lists(library: Library, lang: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        plan(library, "morning-tellr", lang=lang)
    assert str(caught.value).startswith(message)
    assert "inspection-monthly" in str(caught.value) and "peer-teller" in str(caught.value)


def test_unknown_checklist_without_a_close_match(library: Library) -> None:
    with pytest.raises(ConfigError) as caught:
        plan(library, "zzz", lang="en")
    assert str(caught.value).startswith(
        "unknown checklist 'zzz'. Known checklists (give the id or the title): \n"
    )
    # one a line, with its title: a branch head looks for 大堂经理晨会互查表, not its id
    assert "\n  peer-lobby-manager " in str(caught.value)
    with pytest.raises(ConfigError) as zh:
        plan(library, "zzz", lang="zh")
    title = library.checklists["peer-lobby-manager"].title.zh
    assert f"  {title}" in str(zh.value) and "编号或名称均可" in str(zh.value)


def test_a_checklist_is_found_by_its_title_in_either_language(library: Library) -> None:
    for cid in ("morning-environment", "peer-lobby-manager", "inspection-monthly"):
        title = library.checklists[cid].title
        for text in (title.zh, title.en, f" {title.en.upper()} "):
            assert plan(library, text, lang="zh").checklist.id == cid


def test_usage_errors(library: Library) -> None:
    with pytest.raises(ConfigError, match="a morning check is for one day: give a day"):
        plan(library, "morning-teller", date=FormDate(dt.date(2026, 10, 1), True), lang="en")
    # contract v2: the register takes a roster, for its staff-on-duty sheet
    assert plan(library, "inspection-monthly", roster=[Person("张伟")], lang="en").on_duty == (
        Person("张伟"),
    )
    with pytest.raises(ConfigError, match="--scope is only for the inspection register"):
        plan(library, "morning-teller", scope="teller", lang="en")
    with pytest.raises(ConfigError, match="--scope: '柜面' names no standard, role, area"):
        plan(library, "inspection-monthly", scope="柜面", lang="en")
    # a part of a label is not taken (a scope is matched exactly), but it is suggested
    with pytest.raises(ConfigError) as caught:
        plan(library, "inspection-monthly", scope="柜员、大堂", lang="zh")
    assert "“柜员、大堂”" in str(caught.value)
    near = "综合柜员服务标准、综合柜员、大堂经理服务标准、大堂经理"
    assert str(caught.value).endswith(f"（是否指：{near}？）")
    with pytest.raises(ConfigError, match="'morning-environment' has one row per day"):
        plan(library, "morning-environment", roster=[Person("张伟")], lang="en")
    with pytest.raises(ConfigError, match="the roster has nobody in the role Teller"):
        plan(library, "morning-teller", roster=[Person("李娜", None, "lobby_manager")], lang="en")
    with pytest.raises(ConfigError, match="名单中没有岗位为综合柜员的人员"):
        plan(library, "morning-teller", roster=[Person("李娜", None, "lobby_manager")])
    with pytest.raises(ConfigError, match="unknown form format 'pdf'"):
        make_form(library, "morning-teller", fmt="pdf", lang="en")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-10-08", FormDate(dt.date(2026, 10, 8))),
        ("2026/10/8", FormDate(dt.date(2026, 10, 8))),
        ("2026年10月8日", FormDate(dt.date(2026, 10, 8))),
        ("2026-10", FormDate(dt.date(2026, 10, 1), True)),
        ("2026年10月", FormDate(dt.date(2026, 10, 1), True)),
        (None, None),
        ("  ", None),
    ],
)
def test_form_dates(text: str | None, expected: FormDate | None) -> None:
    assert parse_form_date(text, "en") == expected


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13", "next week"])
def test_bad_form_dates(text: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_form_date(text, "en")
    assert str(caught.value) == (
        f"--date '{text}' is not a date: expected 2026-10-08 (a day) or 2026-10 (a month)"
    )
    with pytest.raises(ConfigError, match="不是日期"):
        parse_form_date(text, "zh")


def test_default_file_names(library: Library) -> None:
    assert default_filename(plan(library, "morning-teller", branch="东环 支行/1"), "xlsx") == (
        "morning-teller-东环_支行_1-2026-10-08.xlsx"
    )
    assert default_filename(plan(library, "inspection-monthly"), "csv") == (
        "inspection-monthly-2026-10.csv"
    )


def test_a_checklists_note_comes_first_in_the_forms_instructions(library: Library) -> None:
    bare = dataclasses.replace(library.checklists["morning-teller"], note=None)
    without = dataclasses.replace(
        library, checklists={**library.checklists, "morning-teller": bare}
    )
    plain = plan(without, "morning-teller", lang="en").instructions
    noted = dataclasses.replace(
        library.checklists["morning-teller"],
        note=Text.of(
            {"zh": "服务行为类项目按昨日营业情况自报", "en": "Conduct: yesterday's self-report"}
        ),
    )
    checklists = {**library.checklists, "morning-teller": noted}
    with_note = dataclasses.replace(library, checklists=checklists)
    en = plan(with_note, "morning-teller", lang="en").instructions
    zh = plan(with_note, "morning-teller", lang="zh").instructions
    assert en == f"Conduct: yesterday's self-report {plain}"
    assert zh.startswith("服务行为类项目按昨日营业情况自报 ")
