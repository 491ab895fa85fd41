"""Round trip: a generated form, filled by code, reads back to exactly what was written.

The reader (`svccheck.sheets.read_sheets`) is the other half; nothing here looks at how it works,
only at the observations it returns: same subjects, items, results and cells; blank = unchecked.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from pathlib import Path

import pytest
from forms_filling import (
    Finding,
    WideRow,
    expected_register,
    expected_wide,
    fill_register,
    fill_wide,
    seen,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svccheck.forms import FormDate, FormOutput, Person, make_form
from svccheck.model import Library
from svccheck.sheets import read_sheets

DAY = dt.date(2026, 10, 8)
BRANCH = "东环支行"
MORNING = (
    "morning-teller",
    "peer-teller",
    "morning-lobby-manager",
    "peer-lobby-manager",
    "morning-account-manager",
    "peer-account-manager",
    "morning-other-staff",
    "peer-other-staff",
)
CYCLE = ("√", "×", "不适用", None)


def write(tmp: Path, name: str, data: bytes) -> Path:
    path = tmp / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("checklist_id", MORNING)
def test_morning_form_with_a_roster(library: Library, checklist_id: str, tmp_path: Path) -> None:
    role = library.checklist_items(library.checklists[checklist_id])[0].role
    roster = [Person(f"员工{n}", f"100{n}", role) for n in range(4)]
    form = make_form(library, checklist_id, roster=roster, branch=BRANCH, today=DAY)
    n_items = form.items
    peer = checklist_id.startswith("peer")
    rows = [
        WideRow([CYCLE[(i + r) % 4] for i in range(n_items)], checker="互查员" if peer else None)
        for r in range(3)
    ] + [WideRow([None] * n_items)]  # somebody nobody checked: skipped, not scored as perfect
    path = write(tmp_path, "filled.xlsx", fill_wide(form.data, form.plan, rows))
    result = read_sheets([path], library)
    subjects = [(p.name, p.employee_id) for p in roster]
    assert seen(result.observations) == expected_wide(
        form.plan, rows, date=DAY, branch=BRANCH, subjects=subjects
    )
    assert not result.rejected and not result.warnings
    assert {o.role for o in result.observations} == {role}
    (summary,) = result.inputs
    assert (summary.rows, summary.accepted, summary.rejected) == (3, 3, 0)
    assert summary.skipped >= 1  # the unmarked roster line, besides the form's spare rows
    assert "员工3" not in {o.subject for o in result.observations}


def test_blank_rows_filled_in_by_hand_and_the_block_typed_in(
    library: Library, tmp_path: Path
) -> None:
    form = make_form(library, "morning-teller", rows=5, today=DAY)  # no branch given
    n = form.items
    rows = [
        WideRow(["√"] * n, person=("张伟", "10001")),
        WideRow(["×"] + [None] * (n - 1), person=("王芳", None)),
    ]
    data = fill_wide(form.data, form.plan, rows, block={0: BRANCH, 1: dt.date(2026, 10, 9)})
    result = read_sheets([write(tmp_path, "f.xlsx", data)], library)
    assert seen(result.observations) == expected_wide(
        form.plan, rows, date=dt.date(2026, 10, 9), branch=BRANCH
    )
    (summary,) = result.inputs
    assert (summary.rows, summary.accepted, summary.rejected) == (2, 2, 0)


def test_english_form(library: Library, tmp_path: Path) -> None:
    roster = [Person("Zhang Wei", "10001", "lobby_manager"), Person("Li Na", None, None)]
    form = make_form(
        library, "peer-lobby-manager", lang="en", roster=roster, branch="East Ring", today=DAY
    )
    n = form.items
    rows = [WideRow(["N/A", "√", "×"] + [None] * (n - 3), checker="Wang Fang")] * 2
    path = write(tmp_path, "en.xlsx", fill_wide(form.data, form.plan, rows))
    result = read_sheets([path], library, lang="en")
    assert seen(result.observations) == expected_wide(
        form.plan,
        rows,
        date=DAY,
        branch="East Ring",
        subjects=[("Zhang Wei", "10001"), ("Li Na", None)],
    )


def test_branch_walk_round_one_row_per_day(library: Library, tmp_path: Path) -> None:
    form = make_form(
        library, "morning-environment", branch=BRANCH, date=FormDate(dt.date(2026, 10, 1), True)
    )
    n = form.items
    rows = [WideRow([CYCLE[(i * d) % 4] for i in range(n)], checker="值班主管") for d in range(31)]
    path = write(tmp_path, "walk.xlsx", fill_wide(form.data, form.plan, rows))
    result = read_sheets([path], library)
    assert seen(result.observations) == expected_wide(form.plan, rows, date=None, branch=BRANCH)
    assert {o.subject for o in result.observations} == {BRANCH}


def test_register_findings(library: Library, tmp_path: Path) -> None:
    form = make_form(library, "inspection-monthly", rows=10, today=DAY)
    findings = [
        Finding(
            dt.date(2026, 10, 9),
            "TLR-01 着装规范",
            0.5,
            "未佩戴工号牌",
            "视频调阅",
            "张伟",
            "检查组",
        ),
        Finding(dt.date(2026, 10, 12), "ENT-01", 1.0, "门前三米有杂物", "现场", None, "检查组"),
        Finding(dt.date(2026, 10, 30), "LBM-02", 2.0, "未起身迎候", "暗访"),
    ]
    data = fill_register(form.data, form.plan, findings, branch=BRANCH)
    result = read_sheets([write(tmp_path, "reg.xlsx", data)], library)
    assert seen(result.observations) == expected_register(form.plan, findings, BRANCH)
    assert [o.employee for o in sorted(result.observations, key=lambda o: o.row)] == [
        "张伟",
        None,
        None,
    ]
    (summary,) = result.inputs
    assert (summary.rows, summary.accepted, summary.rejected) == (3, 3, 0)


def test_csv_form_round_trip(library: Library, tmp_path: Path) -> None:
    roster = [Person("张伟", "10001", "teller"), Person("王芳", "10002", "teller")]
    form = make_form(library, "morning-teller", fmt="csv", roster=roster, branch=BRANCH, today=DAY)
    lines = form.data.decode("utf-8-sig").splitlines()
    assert lines[1] == f"网点：{BRANCH}"  # the block line, then the header
    lines[3] = lines[3].replace(",,", ",√,", 1)  # the first item of the first person
    path = tmp_path / "form.csv"
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    result = read_sheets([path], library, checklist="morning-teller")
    by_cell = {(o.subject, o.item): o.result for o in result.observations}
    assert by_cell[("张伟", "TLR-01")] == "pass"
    # 王芳's line has no mark: skipped, so only 张伟's other items are read, as not checked
    assert sum(r == "unchecked" for r in by_cell.values()) == form.items - 1
    assert {o.subject for o in result.observations} == {"张伟"}
    assert {o.branch for o in result.observations} == {BRANCH}
    assert {o.date for o in result.observations} == {DAY}


def test_a_form_from_an_outdated_library_is_recognised(library: Library, tmp_path: Path) -> None:
    changed = dataclasses.replace(library.items["TLR-01"], points=9.0)
    old = dataclasses.replace(library, items={**library.items, "TLR-01": changed})
    form = make_form(
        old, "morning-teller", roster=[Person("张伟", None, "teller")], branch=BRANCH, today=DAY
    )
    rows = [WideRow(["√"] * form.items)]
    result = read_sheets(
        [write(tmp_path, "old.xlsx", fill_wide(form.data, form.plan, rows))], library
    )
    assert any("TLR-01" in w for w in result.warnings), result.warnings
    assert {o.checklist for o in result.observations} == {"morning-teller"}


_FORMS: dict[tuple[str, int], FormOutput] = {}
marks = st.sampled_from(["√", "×", "不适用", None])
people = st.lists(
    st.tuples(
        st.text(alphabet="张王李赵刘陈杨黄周吴伟芳娜敏静磊强军洋勇", min_size=2, max_size=3),
        st.one_of(st.none(), st.integers(10000, 99999).map(str)),
    ),
    min_size=1,
    max_size=5,
    unique_by=lambda p: p[0],
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    checklist_id=st.sampled_from(["morning-teller", "peer-other-staff"]),
    day=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
    data=st.data(),
)
def test_property_marks_dates_and_blanks_survive(
    library: Library, checklist_id: str, day: dt.date, data: st.DataObject
) -> None:
    chosen = data.draw(people)
    key = (checklist_id, len(chosen))
    if key not in _FORMS:  # the form does not depend on the day: it is typed into the block
        _FORMS[key] = make_form(library, checklist_id, rows=len(chosen), today=DAY)
    form = _FORMS[key]
    n = form.items
    checkers = (
        st.one_of(st.none(), st.just("互查员")) if checklist_id.startswith("peer") else st.none()
    )
    rows = [
        WideRow(
            data.draw(st.lists(marks, min_size=n, max_size=n)),
            person=person,
            checker=data.draw(checkers),
        )
        for person in chosen
    ]
    filled = fill_wide(form.data, form.plan, rows, block={0: BRANCH, 1: day})
    with tempfile.TemporaryDirectory() as tmp:
        result = read_sheets([write(Path(tmp), "p.xlsx", filled)], library)
    assert seen(result.observations) == expected_wide(form.plan, rows, date=day, branch=BRANCH)
    assert not result.rejected
