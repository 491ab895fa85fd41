"""`svccheck score` on the example month, in every format: the month's story is in the report.

The story (examples/README.md): 东环支行 the star branch, 滨江支行 weak (two inspections under
the pass mark and a teller's red line), 北站支行 a red line written "一票否决", 南湖支行 one bad
inspection that pulls its mean under the pass mark; two register rows rejected on purpose.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from cli_support import CliResult, RunCli, run_in_process
from svccheck.reporting import FORMAT_NAMES

MONTH = Path(__file__).resolve().parents[2] / "examples" / "2026-10"
CHECKLISTS = {
    "inspection-monthly",
    "morning-environment",
    *(
        f"{kind}-{role}"
        for kind in ("morning", "peer")
        for role in ("teller", "lobby-manager", "account-manager", "other-staff")
    ),
}


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
    assert report["period"] == {"from": "2026-10-01", "to": "2026-10-30"}
    assert len(report["inputs"]) == 36
    summary = report["summary"]
    assert summary["branches"] == 6
    assert summary["subjects"] == 66  # 60 staff + 6 branches (environment, inspection)
    rows = sum(i["rows"] for i in report["inputs"])  # sheet rows: one per person and day
    assert sum(i["accepted"] for i in report["inputs"]) == rows - 2
    assert summary["observations"] > 20 * rows  # a wide row holds one observation per item


def test_the_inspection_register_tells_the_story(report: dict[str, Any]) -> None:
    inspection = section(report, "inspection-monthly")
    assert statuses(inspection["branches"]) == {
        "东环支行": "star",
        "高新区支行": "pass",
        "西城支行": "pass",
        "北站支行": "remediation",
        "滨江支行": "remediation",
        "南湖支行": "below",
    }
    rows = {r["subject"]: r for r in inspection["branches"]}
    assert rows["北站支行"]["criticals"] == 1 and rows["北站支行"]["flagged"] == 1
    assert rows["滨江支行"]["criticals"] == 0 and rows["滨江支行"]["below_pass"] == 2
    assert rows["南湖支行"]["below_pass"] == 1 and rows["南湖支行"]["score"] < 85
    assert inspection["branches"][0]["subject"] == "东环支行"


def test_the_weak_branch_comes_last_and_needs_remediation(report: dict[str, Any]) -> None:
    assert report["branches"][0]["subject"] == "东环支行"
    assert report["branches"][-1]["subject"] == "滨江支行"
    assert report["branches"][-1]["status"] == "remediation"
    peer = section(report, "peer-teller")
    vetoed = [s for s in peer["subjects"] if s["vetoed"]]
    assert [(s["branch"], s["status"]) for s in vetoed] == [("滨江支行", "remediation")]


def test_the_pareto_has_a_head(report: dict[str, Any]) -> None:
    for s in report["sections"]:
        gaps = s["gaps"]
        head = next(g["rank"] for g in gaps if g["cumulative_share"] >= 0.8 - 1e-9)
        assert head < len(gaps) * 0.6, s["checklist"]  # a few items make most of the loss
    teller = [g["item"] for g in section(report, "peer-teller")["gaps"][:3]]
    assert {"TLR-14", "TLR-11"} <= set(teller)


def test_the_deliberate_rows_are_the_only_rejections(report: dict[str, Any]) -> None:
    rejected = sorted((Path(r["file"]).name, r["cell"]) for r in report["rejected"])
    assert rejected == [("南湖支行-登记簿.xlsx", "G61"), ("滨江支行-登记簿.xlsx", "B53")]


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_every_format_renders_the_month(run_cli: RunCli, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"2026-10.{fmt}"
    result: CliResult = run_cli("score", MONTH, "--format", fmt, "-o", out, lang="zh")
    assert result.code == 0, result
    assert out.exists() and out.stat().st_size > 1000
    if fmt == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
        assert "图表" in book.sheetnames and len(book["图表"]._charts) == 2 * 11
        names = {c.value for c in book["网点"]["C"][1:]}
        assert {"东环支行", "滨江支行"} <= names
        return
    if fmt == "csv":  # one table per --by: the gaps by default
        assert out.read_text(encoding="utf-8").startswith("排名,项目,")
        out = tmp_path / "branches.csv"
        result = run_cli("score", MONTH, "--format", fmt, "--by", "branch", "-o", out, lang="zh")
        assert result.code == 0, result
    text = out.read_text(encoding="utf-8")
    for branch in ("东环支行", "滨江支行"):
        assert branch in text, fmt
    if fmt in ("html", "md", "table"):
        assert "需整改" in text and "明星" in text, fmt
    if fmt == "html":  # an overview, then one section per checklist, each with its Pareto
        assert all(f'id="cl-{checklist}"' in text for checklist in CHECKLISTS)
        assert text.count('<svg class="pareto"') == len(CHECKLISTS) + 1
