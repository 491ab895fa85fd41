"""`svccheck score` on the example month, in every format: the month's story is in the report.

The story (examples/README.md), on the 2027.1 library (every checklist a rate, pass mark 90,
red lines flagged): 东环支行 the star branch; 滨江支行 weak — a neglected walk-round, inspections
under the pass mark, a teller's red line found on video — at least 8 points behind the best and
with the people due for remediation; 北站支行 a red line written "一票否决"; 南湖支行 one bad
inspection; two register rows rejected on purpose.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from rich.cells import cell_len

from cli_support import CliResult, RunCli, run_in_process
from svccheck.catalog.library import load_library
from svccheck.reporting import FORMAT_NAMES

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
MONTH = EXAMPLES / "2026-10"
ROLES = ("teller", "lobby-manager", "account-manager", "security-guard", "cleaner", "other-staff")
CHECKLISTS = {
    "inspection-monthly",
    "weekly-video-review",
    "morning-environment",
    "morning-branch-head",
    *(f"{kind}-{role}" for kind in ("morning", "peer") for role in ROLES),
}
BRANCH_CHECKLISTS = ("morning-environment", "inspection-monthly", "weekly-video-review")
WEAK, BEST = "滨江支行", "东环支行"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The JSON report of the month (scored once for the module)."""
    result = run_in_process(
        "score", MONTH, "--format", "json", cwd=tmp_path_factory.mktemp("score")
    )
    assert result.code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def section(report: dict[str, Any], checklist: str) -> dict[str, Any]:
    found: dict[str, Any] = next(s for s in report["sections"] if s["checklist"] == checklist)
    return found


def statuses(rows: list[dict[str, Any]]) -> dict[str, str]:
    return {r["subject"]: r["status"] for r in rows}


def test_every_checklist_of_the_month_is_a_section(report: dict[str, Any]) -> None:
    assert {s["checklist"] for s in report["sections"]} == CHECKLISTS
    assert report["standards_version"] == "2027.1"
    assert report["period"] == {"from": "2026-10-01", "to": "2026-10-30"}
    assert len(report["inputs"]) == 42
    summary = report["summary"]
    assert summary["branches"] == 6
    assert summary["subjects"] == 66  # 60 staff + 6 branches (walk-round, register, video)
    rows = sum(i["rows"] for i in report["inputs"])  # sheet rows: one per person and day
    assert sum(i["accepted"] for i in report["inputs"]) == rows - 2
    assert summary["observations"] > 5 * rows  # a wide row holds one observation per item
    for s in report["sections"]:
        assert s["scoring"]["model"] == "rate" and s["scoring"]["pass_mark"] == 90, s["checklist"]


def test_the_inspection_register_tells_the_story(report: dict[str, Any]) -> None:
    inspection = section(report, "inspection-monthly")
    assert statuses(inspection["branches"]) == {
        "东环支行": "star",
        "高新区支行": "star",
        "西城支行": "pass",
        "北站支行": "remediation",
        "滨江支行": "remediation",
        "南湖支行": "below",
    }
    rows = {r["subject"]: r for r in inspection["branches"]}
    assert rows["北站支行"]["criticals"] == 1 and rows["北站支行"]["flagged"] == 1
    assert rows[WEAK]["criticals"] == 1 and rows[WEAK]["flagged"] == 1
    assert rows[WEAK]["below_pass"] >= 2 and rows[WEAK]["score"] < 90
    # one bad inspection: one check under the mark, and the mean pulled under it
    assert rows["南湖支行"]["below_pass"] == 1 and rows["南湖支行"]["score"] < 90
    assert inspection["branches"][0]["subject"] == BEST


def test_red_lines_are_flagged_and_reach_the_person_named(report: dict[str, Any]) -> None:
    inspection = section(report, "inspection-monthly")
    people = [s for s in inspection["subjects"] if s["subject_kind"] == "employee"]
    flagged = sorted((s["branch"], s["role"], s["status"]) for s in people if s["flagged"])
    assert flagged == [
        ("北站支行", "account_manager", "remediation"),  # ACM-16, sold without 双录
        (WEAK, "teller", "remediation"),  # TLR-36, argued with a customer
    ]
    assert all(s["vetoed"] == 0 for s in inspection["subjects"])  # flagged, never zeroed
    named = {s["subject"] for s in people}
    assert len(named) > 20  # the register's 被检查人 reach people's records


def test_the_weak_branch_is_at_least_eight_points_below_the_best(report: dict[str, Any]) -> None:
    ranking = report["branches"]
    assert ranking[0]["subject"] == BEST and ranking[-1]["subject"] == WEAK
    assert ranking[0]["score"] - ranking[-1]["score"] >= 8
    assert ranking[-1]["status"] == "remediation"
    others = {r["subject"]: r["status"] for r in ranking[:-1]}
    assert others.pop("北站支行") == "remediation"  # its red line
    assert set(others.values()) <= {"star", "pass"}  # the rest pass the mark of 90
    # the branch's own checks (walk-round, registers, video reviews) tell the same
    own: dict[str, list[float]] = {}
    for checklist in BRANCH_CHECKLISTS:
        for row in section(report, checklist)["branches"]:
            sums = own.setdefault(row["subject"], [0.0, 0.0])
            sums[0] += row["score"] * row["checks"]
            sums[1] += row["checks"]
    means = {branch: total / checks for branch, (total, checks) in own.items()}
    assert min(means, key=means.__getitem__) == WEAK
    assert max(means.values()) - means[WEAK] >= 8
    walk = section(report, "morning-environment")["branches"]
    assert walk[-1]["subject"] == WEAK and walk[-1]["score"] < 90
    assert all(r["score"] >= 90 for r in walk[:-1])


def test_the_people_due_for_remediation_are_mostly_the_weak_branch(
    report: dict[str, Any],
) -> None:
    people = [s for s in report["subjects"] if s["subject_kind"] == "employee"]
    assert len(people) == 60
    due = [s for s in people if s["status"] == "remediation"]
    weak = [s for s in people if s["branch"] == WEAK]
    assert sum(1 for s in weak if s["status"] == "remediation") >= len(weak) // 2
    assert sum(1 for s in due if s["branch"] == WEAK) > len(due) / 2
    assert not [s for s in due if s["branch"] == BEST]
    assert 0 < len(due) < len(people) / 3


def test_the_video_reviews_score_every_branch_every_week(report: dict[str, Any]) -> None:
    video = section(report, "weekly-video-review")
    rows = {r["subject"]: r for r in video["branches"]}
    assert set(rows) == {r["subject"] for r in report["branches"]}
    assert all(r["checks"] == 4 for r in rows.values())  # the Mondays of the month
    assert min(rows, key=lambda b: rows[b]["score"]) == WEAK
    assert any(s["subject_kind"] == "employee" for s in video["subjects"])  # people named


def test_the_pareto_has_a_head(report: dict[str, Any]) -> None:
    library = load_library()

    def head(gaps: list[dict[str, Any]]) -> int:
        return next(int(g["rank"]) for g in gaps if g["cumulative_share"] >= 0.8 - 1e-9)

    # the long lists: a fifth to a third of the items make 80% of the points lost
    assert head(report["gaps"]) < len(report["gaps"]) * 0.4
    for checklist in ("inspection-monthly", "morning-environment", "weekly-video-review"):
        items = len(library.checklists[checklist].items)
        assert head(section(report, checklist)["gaps"]) < items * 0.35, checklist
    # the short morning sheets: still a minority-ish of their items
    for s in report["sections"]:
        items = len(library.checklists[s["checklist"]].items)
        if s["gaps"] and items >= 7:
            assert head(s["gaps"]) < items * 0.6, s["checklist"]
    teller = [g["item"] for g in section(report, "peer-teller")["gaps"][:3]]
    assert {"TLR-47", "TLR-16"} <= set(teller)  # the phrase drill, the counter's clutter


def test_the_deliberate_rows_are_the_only_rejections(report: dict[str, Any]) -> None:
    rejected = sorted((Path(r["file"]).name, r["cell"]) for r in report["rejected"])
    assert rejected == [("南湖支行-登记簿.xlsx", "H42"), ("滨江支行-登记簿.xlsx", "B82")]


def test_the_readme_quotes_the_report(report: dict[str, Any]) -> None:
    """examples/README.md's branch table holds the figures this report has."""
    text = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    labels = {"star": "明星", "pass": "达标", "below": "未达标", "remediation": "需整改"}
    for row in report["branches"]:
        line = f"| {row['rank']} | {row['subject']} | {row['score']:.2f} | "
        line += labels[row["status"]]
        assert line in text, line
    gap = report["branches"][0]["score"] - report["branches"][-1]["score"]
    assert re.search(rf"{WEAK} ranks last, {gap:.1f} points", text)


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_every_format_renders_the_month(
    run_cli: RunCli, report: dict[str, Any], tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"2026-10.{fmt}"
    result: CliResult = run_cli("score", MONTH, "--format", fmt, "-o", out, lang="zh")
    assert result.code == 0, result
    assert out.exists() and out.stat().st_size > 1000
    with_gaps = sum(1 for s in report["sections"] if s["gaps"])  # 其他人员 slipped nowhere
    if fmt == "xlsx":  # per block (overview, sections): a Pareto where there are gaps, a ranking
        book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
        blocks = len(CHECKLISTS) + 1
        assert "图表" in book.sheetnames and len(book["图表"]._charts) == with_gaps + 1 + blocks
        names = {c.value for c in book["网点"]["C"][1:]}
        assert {BEST, WEAK} <= names
        return
    if fmt == "csv":  # one table per --by: the gaps by default
        assert out.read_text(encoding="utf-8-sig").startswith("排名,项目,")
        out = tmp_path / "branches.csv"
        result = run_cli("score", MONTH, "--format", fmt, "--by", "branch", "-o", out, lang="zh")
        assert result.code == 0, result
    text = out.read_text(encoding="utf-8")
    for branch in (BEST, WEAK):
        assert branch in text, fmt
    if fmt in ("html", "md", "table"):
        assert "需整改" in text and "明星" in text, fmt
    if fmt == "html":  # an overview, then one section per checklist, each with its Pareto
        assert all(f'id="cl-{checklist}"' in text for checklist in CHECKLISTS)
        assert text.count('<svg class="pareto"') == with_gaps + 1


@pytest.mark.parametrize("width", [80, 100])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_terminal_report_names_everyone_due_for_remediation_first(
    report: dict[str, Any], tmp_path: Path, width: int, lang: str
) -> None:
    result = run_in_process(
        "score", MONTH, "--lang", lang, cwd=tmp_path, env={"COLUMNS": str(width)}
    )
    assert result.code == 0, result.stderr
    text = result.stdout
    due = [s for s in report["subjects"] if s["status"] == "remediation"]
    due_staff = [s for s in due if s["subject_kind"] == "employee"]
    assert due_staff  # the month's story has people due for remediation
    block = text.split("\n\n")[2]  # title, figures, then the remediation block
    assert block.startswith("需整改（" if lang == "zh" else "Due for remediation (")
    for person in due_staff:
        assert person["subject"] in block, person["subject"]
    # numbers are never cut short: no ellipsis touches a digit or a %
    assert not re.search(r"[\d%.]…|…[\d%]", text)
    assert max(cell_len(line) for line in text.splitlines()) <= width
    # a section per checklist, each with its own figures
    for checklist in CHECKLISTS:
        assert f" · {checklist}\n" in text, checklist


def test_the_md_bulletin_puts_remediation_first_and_has_a_section_per_checklist(
    report: dict[str, Any], tmp_path: Path
) -> None:
    result = run_in_process("score", MONTH, "--format", "md", "--top", "3", cwd=tmp_path)
    assert result.code == 0, result.stderr
    text = result.stdout
    due = text.index("## Due for remediation (")
    assert due < text.index("## Top gaps") < text.index("## Branch ranking")
    block = text[due : text.index("\n## ", due + 1)]
    for person in report["subjects"]:
        if person["status"] == "remediation" and person["subject_kind"] == "employee":
            assert f"| {person['subject']} |" in block  # whatever --top says
    for checklist in CHECKLISTS:
        assert f"`{checklist}`)\n" in text, checklist


def test_the_rankings_name_their_top_gaps_with_titles(
    report: dict[str, Any], tmp_path: Path
) -> None:
    """A branch head does not know TLR-11 by heart: md always writes "TLR-11 唱收唱付", as html
    does; the terminal does where the width allows (one under another in the branch ranking at
    100 columns) and falls back to the ids at 80. json keeps the ids."""
    items = load_library().items
    titles = {g["item"]: items[g["item"]].title.zh for g in report["gaps"]}
    branches = report["branches"]
    assert all(b["top_gaps"] for b in branches)
    assert all(re.fullmatch(r"[A-Z]+-\d+", g) for b in branches for g in b["top_gaps"])
    md = run_in_process("score", MONTH, "--format", "md", lang="zh", cwd=tmp_path).stdout
    ranking = md[md.index("## 网点排名") : md.index("## 员工排名")]
    for b in branches:
        (row,) = [line for line in ranking.splitlines() if f"| {b['branch']} |" in line]
        named = "；".join(f"{g} {titles[g]}" for g in b["top_gaps"])
        assert row.endswith(f"| {named} |"), row
    screens = {}
    for width in (80, 100):
        shown = run_in_process(
            "score", MONTH, lang="zh", cwd=tmp_path, env={"COLUMNS": str(width)}
        ).stdout
        screens[width] = shown[shown.index("网点排名") : shown.index("员工排名")]
    for b in branches:
        first, *others = b["top_gaps"]
        (row,) = [line for line in screens[100].splitlines() if f" {b['branch']} " in line]
        assert row.rstrip().endswith(f"{first} {titles[first]}"), row
        lines = screens[100].splitlines()
        below = lines[lines.index(row) + 1 : lines.index(row) + 1 + len(others)]
        assert [line.split()[-2:] for line in below] == [[g, titles[g]] for g in others]
        (row,) = [line for line in screens[80].splitlines() if f" {b['branch']} " in line]
        assert row.rstrip().endswith(" ".join(b["top_gaps"])), row
