"""A register as contract version 2 reads it: its scope and its staff-on-duty sheet (SPEC §4),
written as real workbooks and read back, then scored (SPEC §5: scope, accountable checks)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sheets_support import LIBRARY, Sheet, mini, reconcile, write_csv, write_openpyxl  # noqa: F401

from cli_support import accountable_copy
from svccheck.catalog.library import load_library
from svccheck.model import Library
from svccheck.scoring import score
from svccheck.sheets import ReadResult, read_sheets

OCT_9 = dt.date(2026, 10, 9)
BRANCH = "东环支行"
HEADER = ["序号", "检查日期", "检查方式", "被检查人", "岗位", "检查项目", "问题描述", "扣分"]


def read(library: Library, *paths: Path, lang: str = "en") -> ReadResult:
    result = read_sheets(list(paths), library, lang=lang)
    reconcile(result)
    return result


@pytest.fixture(scope="module")
def held(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """The mini library with `accountable: employee` on its inspection register."""
    root = accountable_copy(LIBRARY, tmp_path_factory.mktemp("held"))
    return load_library(root / "standards", root / "checklists")


def register(path: Path, scope: str | None, findings: list[list[object]], *extra: Sheet) -> Path:
    rows: list[list[object]] = [["营业网点服务检查登记簿"], [f"网点：{BRANCH}"]]
    if scope is not None:
        rows.append([f"检查范围：{scope}"])
    rows += [HEADER, *findings]
    return write_openpyxl(path, Sheet("登记簿", rows), *extra)


def teller_finding(n: int, person: str, item: str) -> list[object]:
    return [n, OCT_9, "现场", person, "综合柜员", item, "问题", None]


def test_a_scope_above_the_header_keeps_implied_passes_within_it(
    mini: Library,  # noqa: F811
    tmp_path: Path,
) -> None:
    path = register(
        tmp_path / "r.xlsx", "门前区", [[1, OCT_9, "现场", None, None, "ENT-01", "门前有杂物", 1]]
    )
    result = read(mini, path)
    (layout,) = result.layouts
    assert layout.scope == "门前区"
    (facts,) = result.sheets
    assert facts.scope == frozenset({"ENT-01", "ENT-02"}) & set(
        mini.checklists["inspection-monthly"].items
    )
    (check,) = score(result.observations, mini, sheets=result.sheets).sections[0].checks
    # ENT-01 failed; only the other entrance item passes by implication, no teller item
    assert check.implied == len(facts.scope) - 1
    whole = len(mini.checklists["inspection-monthly"].items)
    assert check.out_of_scope == whole - len(facts.scope)
    assert result.inputs[0].scope == "门前区"
    assert result.inputs[0].as_dict()["scope"] == "门前区"


def test_without_a_scope_the_whole_register_is_implied(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    path = register(tmp_path / "r.xlsx", None, [[1, OCT_9, "现场", None, None, "ENT-01", "x", 1]])
    result = read(mini, path)
    assert result.layouts[0].scope is None and "scope" not in result.inputs[0].as_dict()
    (check,) = score(result.observations, mini, sheets=result.sheets).sections[0].checks
    assert check.implied == len(mini.checklists["inspection-monthly"].items) - 1


def test_a_scope_naming_nothing_known_rejects_its_rows_and_says_where(
    mini: Library,  # noqa: F811
    tmp_path: Path,
) -> None:
    findings = [
        [1, OCT_9, "现场", None, None, "ENT-01", "x", 1],
        teller_finding(2, "张三", "TLR-01"),
    ]
    path = register(tmp_path / "r.xlsx", "柜面服务", findings)
    result = read(mini, path, lang="zh")
    assert result.observations == []
    assert [(r.row, r.cell) for r in result.rejected] == [(5, "A3"), (6, "A3")]
    assert "柜面服务" in result.rejected[0].reason and "A3" in result.rejected[0].reason
    assert (result.inputs[0].accepted, result.inputs[0].rejected) == (0, 2)


def test_unknown_words_beside_known_ones_are_a_warning(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    path = register(
        tmp_path / "r.xlsx", "门前区、柜面服务", [[1, OCT_9, "现场", None, None, "ENT-01", "x", 1]]
    )
    result = read(mini, path)
    assert any("'柜面服务' not recognised" in w for w in result.warnings)
    assert result.sheets[0].scope is not None and "ENT-02" in result.sheets[0].scope


def test_a_finding_outside_the_scope_counts_and_is_warned_of(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    findings = [
        [1, OCT_9, "现场", None, None, "ENT-01", "x", 1],
        teller_finding(2, "张三", "TLR-01"),
    ]
    result = read(mini, register(tmp_path / "r.xlsx", "门前区", findings))
    assert any("row 6: TLR-01 lies outside the stated scope" in w for w in result.warnings)
    (check,) = score(result.observations, mini, sheets=result.sheets).sections[0].checks
    assert check.failed == 2


def test_a_scope_column_applies_to_its_rows_checks(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    rows = [
        ["检查日期", "网点", "检查项目", "扣分", "检查范围"],
        [OCT_9, "东环支行", "ENT-01", 1, "门前区"],
        [OCT_9, "西城支行", "ENT-01", 1, "全面检查"],
    ]
    path = write_csv(tmp_path / "r.csv", rows)
    result = read_sheets([path], mini, checklist="inspection-monthly")
    reconcile(result)
    checks = {
        c.branch: c
        for c in score(result.observations, mini, sheets=result.sheets).sections[0].checks
    }
    whole = len(mini.checklists["inspection-monthly"].items)
    assert checks["西城支行"].implied == whole - 1
    assert checks["东环支行"].implied < whole - 1


def test_the_staff_on_duty_sheet_gives_everyone_a_check(held: Library, tmp_path: Path) -> None:
    on_duty = Sheet(
        "在岗人员",
        [["姓名", "工号", "岗位"], ["张三", "1001", "综合柜员"], ["刘洋", "1002", "teller"],
         ["陈静", "1003", "大堂经理"]],
    )  # fmt: skip
    findings = [
        teller_finding(1, "刘洋", "TLR-03"),
        [2, OCT_9, "现场", None, None, "ENT-01", "x", 1],
    ]
    result = read(held, register(tmp_path / "r.xlsx", None, findings, on_duty))
    (layout,) = result.layouts
    assert [p.name for p in layout.on_duty] == ["张三", "刘洋", "陈静"]
    assert result.skipped_sheets == ()
    report = score(result.observations, held, sheets=result.sheets)
    (section,) = report.sections
    people = {c.subject: c for c in section.accountable_checks}
    assert sorted(people) == ["刘洋", "张三", "陈静"]
    assert people["刘洋"].failed == 1 and people["张三"].failed == 0
    assert people["陈静"].role == "lobby_manager" and people["陈静"].date == OCT_9
    # the branch still holds both findings, once
    (branch,) = section.checks
    assert branch.failed == 2


def test_a_staff_sheet_without_names_is_a_warning(held: Library, tmp_path: Path) -> None:
    on_duty = Sheet("在岗人员", [["工号", "岗位"], ["1001", "综合柜员"]])
    findings = [teller_finding(1, "刘洋", "TLR-03")]
    result = read(held, register(tmp_path / "r.xlsx", None, findings, on_duty), lang="zh")
    assert any("在岗人员" in w and "姓名" in w for w in result.warnings)
    assert result.sheets[0].on_duty == ()


def test_a_staff_line_with_an_unknown_role_is_named_by_its_cell(
    held: Library, tmp_path: Path
) -> None:
    on_duty = Sheet("在岗人员", [["姓名", "岗位"], ["张三", "柜员甲"], ["刘洋", "综合柜员"]])
    findings = [teller_finding(1, "刘洋", "TLR-03")]
    result = read(held, register(tmp_path / "r.xlsx", None, findings, on_duty))
    assert any("在岗人员 B2" in w and "柜员甲" in w for w in result.warnings)
    assert [p.name for p in result.sheets[0].on_duty] == ["刘洋"]


def test_the_printed_register_states_its_scope_and_lists_the_roster(
    held: Library, tmp_path: Path
) -> None:
    """svccheck's own register form, filled as an inspector does (two findings, a stand-in
    colleague added under the roster), reads back with its scope and its staff on duty."""
    import openpyxl

    from svccheck.forms import make_form
    from svccheck.model import Person

    form = make_form(
        held,
        "inspection-monthly",
        branch=BRANCH,
        date=None,
        roster=[Person("刘洋", "1001", "teller"), Person("=1+1", None, "lobby_manager")],
        scope="综合柜员、门前区",
        today=OCT_9,
    )
    path = tmp_path / "登记簿.xlsx"
    path.write_bytes(form.data)
    book = openpyxl.load_workbook(path)
    register_sheet, staff = book.worksheets[0], book["在岗人员"]
    assert staff["A5"].value == "=1+1" and staff["A5"].data_type == "s"  # text, not a formula
    for col, value in zip(
        "BDEGHJ", (OCT_9, "现场", BRANCH, "刘洋", "TLR-03 代客签名", 1), strict=True
    ):
        register_sheet[f"{col}5"] = value
    for col, value in zip("BDEHJ", (OCT_9, "现场", BRANCH, "ENT-01", 1), strict=True):
        register_sheet[f"{col}6"] = value
    staff["A6"], staff["C6"] = "周敏", "综合柜员"  # a stand-in colleague, added by hand
    book.save(path)
    result = read(held, path)
    (layout,) = result.layouts
    assert layout.scope == "综合柜员、门前区"
    assert [p.name for p in layout.on_duty] == ["刘洋", "=1+1", "周敏"]
    report = score(result.observations, held, sheets=result.sheets)
    people = {c.subject: c for c in report.sections[0].accountable_checks}
    assert people["刘洋"].failed == 1 and people["周敏"].failed == 0
    assert "=1+1" not in people  # a lobby manager: no lobby item is within the scope
