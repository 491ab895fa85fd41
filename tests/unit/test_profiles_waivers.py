"""Branch profiles (一行一策) and waivers (SPEC §8), on real files.

The library is tests/data/policies: four hall items, HAL-01 requiring a VIP area and HAL-02 an
FX counter (each 2 points, 分值 2), HAL-03 and HAL-04 requiring nothing (3 points, 分值 3); a
register (`rate`, findings only) and a morning walk-round (wide). branches.yaml gives 东环支行
no VIP area and 西湖支行 everything; 南门支行 has no profile. waivers.yaml waives HAL-04 at
西湖支行 up to 2026-10-15.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from cli_support import REPO, RunCli
from svccheck.catalog.library import load_library
from svccheck.catalog.validate import validate_paths
from svccheck.forms.plan import plan_form
from svccheck.model import Library
from svccheck.pipeline import read
from svccheck.scoring import Report, score
from svccheck.scoring.explain import explain

DATA = REPO / "tests" / "data" / "policies"

REGISTER = (
    "日期,网点,检查项目,结果,问题描述\n"
    "2026-10-08,东环支行,HAL-03,×,地面有纸屑\n"
    "2026-10-08,东环支行,HAL-01,×,贵宾区茶具未洗\n"
    "2026-10-08,西湖支行,HAL-04,×,分区标识缺失\n"
    "2026-10-20,西湖支行,HAL-04,×,分区标识仍缺\n"
    "2026-10-08,南门支行,HAL-01,×,贵宾区桌面杂乱\n"
)


def _library(tmp_path: Path, *, branches: bool = True, waivers: bool = True) -> Library:
    """The policies library copied to tmp_path, with or without its branches.yaml and
    waivers.yaml."""
    root = tmp_path / "bank"
    shutil.copytree(DATA, root)
    if not branches:
        (root / "branches.yaml").unlink()
    if not waivers:
        (root / "waivers.yaml").unlink()
    return load_library(root / "standards", root / "checklists")


def _score(tmp_path: Path, library: Library, text: str = REGISTER, lang: str = "en") -> Report:
    sheet = tmp_path / "register.csv"
    sheet.write_text(text, encoding="utf-8")
    result = read([sheet], library, "hall-register", lang)
    return score(
        result.observations,
        library,
        inputs=result.inputs,
        rejected=result.rejected,
        warnings=result.warnings,
        sheets=result.sheets,
    )


def _check(report: Report, branch: str, date: dt.date) -> tuple[float, float | None, int, int]:
    (check,) = [c for c in report.checks if c.branch == branch and c.date == date]
    return check.score, check.possible, check.passed, check.failed


D8, D20 = dt.date(2026, 10, 8), dt.date(2026, 10, 20)


# ---------------------------------------------------------------------------- profiles


def test_a_branch_without_vip_gets_a_form_without_the_vip_items(tmp_path: Path) -> None:
    library = _library(tmp_path)
    ids = [i.id for i in plan_form(library, "hall-morning", branch="东环支行").items]
    assert ids == ["HAL-02", "HAL-03", "HAL-04"]
    # a branch whose profile has it, a branch with no profile, no branch: every item
    for branch in ("西湖支行", "南门支行", None):
        full = plan_form(library, "hall-morning", branch=branch).items
        assert [i.id for i in full] == ["HAL-01", "HAL-02", "HAL-03", "HAL-04"]


def test_the_form_command_leaves_the_items_out(tmp_path: Path, run_cli: RunCli) -> None:
    _library(tmp_path)
    out = tmp_path / "form.csv"
    standards = tmp_path / "bank" / "standards"
    result = run_cli(
        "form", "hall-morning", "--branch", "东环支行", "--standards", standards, "-o", out
    )
    assert result.code == 0, result
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[1] == "Branch: 东环支行"  # the block line, below the form's own line
    header = lines[2]
    assert "HAL-01" not in header and "HAL-02" in header


def test_the_rate_ignores_an_item_the_branch_lacks(tmp_path: Path) -> None:
    report = _score(tmp_path, _library(tmp_path, waivers=False))
    # 东环支行: HAL-02, HAL-03, HAL-04 apply (2 + 3 + 3 = 8), HAL-03 failed: 100 × 5 / 8
    assert _check(report, "东环支行", D8) == (62.5, 8.0, 2, 1)
    # 南门支行 has no profile: every facility, and its VIP finding counts (2 of 10 lost)
    assert _check(report, "南门支行", D8) == (80.0, 10.0, 3, 1)
    gap = next(g for g in report.gaps if g.item == "HAL-01")
    assert (gap.failures, gap.branches_affected) == (1, 1)


def test_without_branches_yaml_the_vip_finding_counts(tmp_path: Path) -> None:
    report = _score(tmp_path, _library(tmp_path, branches=False, waivers=False))
    assert report.rejected == ()
    # HAL-03 (3) and HAL-01 (2) lost of 10
    assert _check(report, "东环支行", D8) == (50.0, 10.0, 2, 2)


@pytest.mark.parametrize(
    ("lang", "reason"),
    [
        ("zh", "HAL-01 在“东环支行”不适用：该网点没有贵宾理财区（见 branches.yaml）"),
        ("en", "HAL-01 does not apply at 东环支行: the branch has no VIP / wealth area "
               "(see branches.yaml)"),
    ],
)  # fmt: skip
def test_a_row_for_such_an_item_is_rejected_with_the_reason(
    tmp_path: Path, lang: str, reason: str
) -> None:
    report = _score(tmp_path, _library(tmp_path), lang=lang)
    assert [r._asdict() for r in report.rejected] == [
        {
            "file": str(tmp_path / "register.csv"),
            "sheet": "register",
            "row": 3,
            "cell": "C3",
            "reason": reason,
        }
    ]
    (inputs,) = report.inputs
    assert (inputs.rows, inputs.accepted, inputs.rejected) == (5, 4, 1)


def test_a_wide_sheet_keeps_the_row_and_leaves_the_cell_out(tmp_path: Path) -> None:
    library = _library(tmp_path)
    sheet = tmp_path / "morning.csv"
    sheet.write_text(
        "日期,网点,HAL-01 贵宾区环境,HAL-02 外币兑换牌价,HAL-03 大厅卫生,HAL-04 功能分区标识\n"
        "2026-10-08,东环支行,×,√,√,√\n",
        encoding="utf-8",
    )
    result = read([sheet], library, "hall-morning", "en")
    assert result.rejected == ()
    assert sorted(o.item for o in result.observations) == ["HAL-02", "HAL-03", "HAL-04"]
    assert result.warnings == (
        f"{sheet} › morning: HAL-01 does not apply at 东环支行: the branch has no VIP / wealth "
        "area (see branches.yaml); the marks in C2 are left out",
    )
    report = score(result.observations, library)
    assert report.checks[0].score == 100.0


# ---------------------------------------------------------------------------- waivers


def test_deducted_before_a_waiver_exists(tmp_path: Path) -> None:
    report = _score(tmp_path, _library(tmp_path, waivers=False))
    assert _check(report, "西湖支行", D8) == (70.0, 10.0, 3, 1)
    assert report.waived == ()


def test_waived_during_and_counted_again_after_expiry(tmp_path: Path) -> None:
    report = _score(tmp_path, _library(tmp_path))
    # 10-08, within the waiver: not deducted, out of the pass rate and the possible points
    assert _check(report, "西湖支行", D8) == (100.0, 7.0, 3, 0)
    # 10-20, after 2026-10-15: deducted again
    assert _check(report, "西湖支行", D20) == (70.0, 10.0, 3, 1)
    (waived,) = report.waived
    assert waived.as_dict() == {
        "checklist": "hall-register",
        "kind": "inspection",
        "date": "2026-10-08",
        "branch": "西湖支行",
        "subject": "西湖支行",
        "employee": None,
        "item": "HAL-04",
        "count": 1,
        "note": "分区标识缺失",
        "file": str(tmp_path / "register.csv"),
        "sheet": "register",
        "row": 4,
        "cell": "D4",
        "reason": "厅堂改造，分区标识待更换",
        "approved_by": "运营管理部 王敏",
        "expires": "2026-10-15",
        "waiver_branch": "西湖支行",
        "waiver": f"{tmp_path / 'bank' / 'waivers.yaml'}:2:3",
    }
    gap = next(g for g in report.gaps if g.item == "HAL-04")
    assert (gap.failures, gap.points_lost) == (1, 3.0)  # the 10-20 failure only


def test_a_waiver_for_all_branches(tmp_path: Path) -> None:
    _library(tmp_path)
    waivers = tmp_path / "bank" / "waivers.yaml"
    waivers.write_text(
        "- item: HAL-03\n  branch: all\n  reason: 保洁外包合同更换\n  approved_by: 王敏\n"
        "  expires: 2026-10-31\n",
        encoding="utf-8",
    )
    library = load_library(tmp_path / "bank" / "standards", tmp_path / "bank" / "checklists")
    report = _score(tmp_path, library)
    assert [(w.branch, w.item) for w in report.waived] == [("东环支行", "HAL-03")]
    assert _check(report, "东环支行", D8) == (100.0, 5.0, 2, 0)


def test_explain_says_which_waiver_applied(tmp_path: Path) -> None:
    library = _library(tmp_path)
    report = _score(tmp_path, library)
    for query in ("西湖支行", "HAL-04"):
        found = explain(report, query, library, "en")
        assert [(w.item, w.date) for w in found.waived] == [("HAL-04", D8)]
        assert found.waived[0].waiver.reason == "厅堂改造，分区标识待更换"


def test_reports_show_the_waived_findings(tmp_path: Path, run_cli: RunCli) -> None:
    _library(tmp_path)
    sheet = tmp_path / "register.csv"
    sheet.write_text(REGISTER, encoding="utf-8")
    standards = tmp_path / "bank" / "standards"
    for fmt, expected in (
        ("table", "Waived failures (1: not deducted, out of pass rates)"),
        ("md", "**Waived failures (1: not deducted, out of pass rates)**"),
        ("json", '"approved_by": "运营管理部 王敏"'),
    ):
        result = run_cli("score", sheet, "--standards", standards, "--format", fmt, lang="en")
        assert result.code == 0, result
        assert expected in result.stdout
        assert "厅堂改造，分区标识待更换" in result.stdout
    explained = run_cli("explain", "西湖支行", sheet, "--standards", standards, lang="zh")
    assert "已豁免" in explained.stdout and "waivers.yaml:2:3" in explained.stdout


# ---------------------------------------------------------------------------- validate


def test_the_bundled_library_has_no_policies(library: Library) -> None:
    assert library.profiles == {} and library.waivers == ()
    assert not library.has_policies
    requiring = {i.id: i.requires for i in library.items.values() if i.requires}
    assert requiring["LBY-19"] == ("vip",) and requiring["TLR-43"] == ("fx",)
    assert set().union(*requiring.values()) <= library.taxonomy.ids("facilities")


def test_validate_names_the_policy_files(tmp_path: Path, run_cli: RunCli) -> None:
    _library(tmp_path)
    result = run_cli("validate", "branches.yaml", "waivers.yaml", cwd=tmp_path / "bank")
    # the waiver ran out on 2026-10-15: a warning (exit 0), located, in zh
    assert result.code == 0, result
    assert "waivers.yaml" in result.stdout and "6:12" in result.stdout
    assert "waiver-expired" in result.stdout


def test_a_waived_finding_naming_a_person_costs_them_nothing(tmp_path: Path) -> None:
    """The bundled register holds people to account (SPEC §5): a waived finding naming a
    teller is shown as waived for them and the branch, and deducted from neither."""
    root = tmp_path / "bank"
    root.mkdir()
    for folder in ("standards", "checklists"):
        (root / folder).symlink_to(REPO / folder)
    (root / "waivers.yaml").write_text(
        "- item: TLR-10\n  branch: all\n  reason: 试行新递接流程\n  approved_by: 王敏\n"
        "  expires: 2026-10-31\n",
        encoding="utf-8",
    )
    library = load_library(root / "standards", root / "checklists")
    sheet = tmp_path / "register.csv"
    sheet.write_text(
        "日期,网点,被检查人,岗位,检查项目,结果,问题描述\n"
        "2026-10-08,东环支行,张三,综合柜员,TLR-10,×,单手递卡\n"
        "2026-11-02,东环支行,张三,综合柜员,TLR-10,×,单手递卡\n",
        encoding="utf-8",
    )
    result = read([sheet], library, "inspection-monthly", "en")
    report = score(result.observations, library, sheets=result.sheets)
    (section,) = report.sections
    person = {c.date: c.points_lost for c in section.accountable_checks}
    branch = {c.date: c.points_lost for c in section.checks}
    assert person == branch == {D8: 0.0, dt.date(2026, 11, 2): 0.5}  # after expiry: counted
    (waived,) = report.waived
    assert (waived.employee, waived.item, waived.date) == ("张三", "TLR-10", D8)
    assert [w.item for w in explain(report, "张三", library, "en").waived] == ["TLR-10"]


def test_a_policy_file_that_is_not_a_list_is_located(tmp_path: Path) -> None:
    _library(tmp_path)
    (tmp_path / "bank" / "branches.yaml").write_text("东环支行: [vip]\n", encoding="utf-8")
    report = validate_paths([tmp_path / "bank" / "branches.yaml"], cwd=tmp_path / "bank")
    assert [(f.where, f.code, f.text("zh"), f.text("en")) for f in report.findings] == [
        (
            "branches.yaml:1:1",
            "yaml-not-list",
            "文件顶层必须是列表（每项以 - 开头），这里是映射",
            "the top of the file must be a list (entries starting with -), found a mapping",
        )
    ]
