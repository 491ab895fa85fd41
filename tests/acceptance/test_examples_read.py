"""`svccheck read` on the example month: every row is accepted but the two bad ones on purpose."""

from __future__ import annotations

import json
from pathlib import Path

from cli_support import RunCli

MONTH = Path(__file__).resolve().parents[2] / "examples" / "2026-10"
REGISTERS = MONTH / "inspection"


def test_everything_but_the_deliberate_rows_is_accepted(run_cli: RunCli) -> None:
    result = run_cli("read", MONTH, "--format", "json")
    assert result.code == 1, result  # 1: some rows were rejected (the two on purpose)
    data = json.loads(result.stdout)
    inputs = data["inputs"]
    assert len(inputs) == 42  # 6 branches × (5 weeks of morning workbooks + register + video)
    for summary in inputs:
        assert summary["accepted"] + summary["rejected"] == summary["rows"], summary
    rejected = sorted((Path(r["file"]).name, r["sheet"], r["cell"]) for r in data["rejected"])
    assert rejected == [
        ("南湖支行-登记簿.xlsx", "10月", "H42"),
        ("滨江支行-登记簿.xlsx", "10月", "B82"),
    ]
    # the registers' instructions: nothing else (the video forms' hidden metadata is
    # svccheck's own, passed by without a word)
    skipped = sorted({s["sheet"] for s in data["skipped_sheets"]})
    assert skipped == ["填写说明"] and len(data["skipped_sheets"]) == 6
    assert data["warnings"] == []  # every finding lies within its visit's 检查范围


def test_each_sheet_is_read_with_its_checklist(run_cli: RunCli) -> None:
    data = json.loads(run_cli("read", MONTH, "--format", "json").stdout)
    by_folder: dict[str, set[str]] = {}
    for sheet in data["sheets"]:
        by_folder.setdefault(Path(sheet["file"]).parent.name, set()).add(sheet["checklist"])
    assert by_folder["inspection"] == {"inspection-monthly"}
    assert by_folder["video"] == {"weekly-video-review"}  # from the form's hidden metadata
    assert "morning-branch-head" in by_folder["morning"]
    assert "peer-branch-head" not in by_folder["morning"]


def test_the_rejections_say_why_in_both_languages(run_cli: RunCli) -> None:
    english = json.loads(run_cli("read", REGISTERS, "--format", "json").stdout)
    reasons = " ".join(r["reason"] for r in english["rejected"])
    assert "LBY-99" in reasons and "2026年9月31日" in reasons
    chinese = run_cli("read", REGISTERS, lang="zh")
    assert chinese.code == 1, chinese
    assert "LBY-99" in chinese.stdout and "不存在" in chinese.stdout
