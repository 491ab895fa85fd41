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
    assert len(inputs) == 36  # 6 branches × 5 weeks of morning workbooks + 6 registers
    for summary in inputs:
        assert summary["accepted"] + summary["rejected"] == summary["rows"], summary
    rejected = sorted((Path(r["file"]).name, r["sheet"], r["cell"]) for r in data["rejected"])
    assert rejected == [
        ("南湖支行-登记簿.xlsx", "10月", "G61"),
        ("滨江支行-登记簿.xlsx", "10月", "B53"),
    ]


def test_the_rejections_say_why_in_both_languages(run_cli: RunCli) -> None:
    english = json.loads(run_cli("read", REGISTERS, "--format", "json").stdout)
    reasons = " ".join(r["reason"] for r in english["rejected"])
    assert "LBY-31" in reasons and "2026年9月31日" in reasons
    chinese = run_cli("read", REGISTERS, lang="zh")
    assert chinese.code == 1, chinese
    assert "LBY-31" in chinese.stdout and "不存在" in chinese.stdout
