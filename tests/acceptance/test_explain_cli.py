"""`svccheck explain`: a score taken apart cell by cell, with the gain of each fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from score_sheets import write_month

from cli_support import RunCli
from svccheck.model import Library

# Scored against the frozen 2026.1 library: the figures below were worked out by hand on its
# items and points (deduction from 100, veto zero on the morning sheet).
pytestmark = pytest.mark.usefixtures("v1_in_cwd")


@pytest.fixture(scope="session")
def library(library_v1: Library) -> Library:
    return library_v1


@pytest.fixture
def month(tmp_path: Path, library: Library) -> Path:
    return write_month(tmp_path / "2026-10", library)


def test_explain_an_employee(run_cli: RunCli, month: Path) -> None:
    result = run_cli("explain", "张三", month)
    assert result.code == 0, result
    out = result.stdout
    assert "Period score 98.25, the mean of 2 checks" in out
    assert "2026-10-08  Self check  98 ← 100 − 2" in out
    assert "TLR-03 On-time opening" in out
    assert "morning.xlsx › 柜员自查 › " in out  # the source cell of each deduction
    assert "TLR-03: +1.0 points for 张三 (1 check)" in out


def test_explain_a_veto_in_chinese(run_cli: RunCli, month: Path) -> None:
    result = run_cli("explain", "王五", month, lang="zh")
    assert result.code == 0, result
    out = result.stdout
    assert "一票否决记 0 分" in out and "状态 需整改（红线问题 1 次） · 得分等级" in out
    assert "TLR-22：王五 可提高 50.0 分（1 次检查，解除 1 次一票否决）" in out
    assert "“=HYPERLINK(" not in out  # the note of a passed check is not a deduction note


def test_explain_an_item(run_cli: RunCli, month: Path) -> None:
    result = run_cli("explain", "TLR-14", month)
    assert result.code == 0, result
    out = result.stdout
    assert "TLR-14 Leaving the window" in out
    assert "failed in 1 of 2 checks" in out and "赵六" in out
    assert "TLR-14: +2.0 points for 滨江支行 (1 check)" in out


def test_explain_a_branch_register(run_cli: RunCli, month: Path) -> None:
    result = run_cli("explain", "东环支行", month)
    assert result.code == 0, result
    assert "东环支行 — Monthly branch service inspection register" in result.stdout
    assert "as written" in result.stdout  # 扣1分 came from the sheet
    assert "ENT-04: +1.0 points for 东环支行" in result.stdout


def test_explain_as_json(run_cli: RunCli, month: Path) -> None:
    result = run_cli("explain", "张三", month, "--format", "json")
    assert result.code == 0, result
    doc = json.loads(result.stdout)
    assert doc["schema"] == "svccheck/explain@1"
    (story,) = doc["sections"]
    assert [c["score"] for c in story["check_scores"]] == [98, 98.5]
    sources = story["check_scores"][0]["deductions"][0]["sources"]
    assert sources[0].endswith("morning.xlsx|柜员自查|" + sources[0].rsplit("|", 1)[1])


def test_unknown_subject_exits_2_with_suggestions(run_cli: RunCli, month: Path) -> None:
    result = run_cli("explain", "张四", month)
    assert result.code == 2, result
    assert "张三" in result.stderr and "Traceback" not in result.stderr
