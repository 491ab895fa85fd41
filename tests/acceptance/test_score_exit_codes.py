"""`svccheck score` exit codes: 0 fine, 1 under --fail-under, 2 nothing readable or bad usage."""

from __future__ import annotations

from pathlib import Path

import pytest
from score_sheets import write_month, write_register

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


def test_fail_under_passes_when_the_mean_is_high_enough(run_cli: RunCli, month: Path) -> None:
    # the mean of the 8 checks is 86.6875
    result = run_cli("score", month, "--fail-under", "85", "--format", "json")
    assert result.code == 0, result


@pytest.mark.parametrize(
    ("lang", "message"), [("en", "mean score 86.6875 is under"), ("zh", "平均分 86.6875 低于")]
)
def test_fail_under_exits_1(
    run_cli: RunCli, month: Path, tmp_path: Path, lang: str, message: str
) -> None:
    out = tmp_path / "report.json"
    result = run_cli("score", month, "--fail-under", "90", "--format", "json", "-o", out, lang=lang)
    assert result.code == 1, result
    assert message in result.stderr
    assert out.exists()  # a finding, not a failure: the report is written


def test_nothing_readable_exits_2_without_output(run_cli: RunCli, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("not a sheet", encoding="utf-8")
    out = tmp_path / "report.md"
    result = run_cli("score", empty, "--format", "md", "-o", out)
    assert result.code == 2, result
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_an_unfilled_form_is_nothing_to_score_exit_1(run_cli: RunCli, tmp_path: Path) -> None:
    for fmt in ("xlsx", "csv"):
        made = run_cli("form", "morning-teller", "--format", fmt, "-o", f"blank.{fmt}")
        assert made.code == 0, made
        out = tmp_path / "report.md"
        result = run_cli(
            "score", f"blank.{fmt}", "--checklist", "morning-teller", "--format", "md", "-o", out
        )
        assert result.code == 1, result
        assert "svccheck: nothing to score: the sheets hold no marks or deductions" in (
            result.stderr
        )
        assert "skipped" not in result.stderr  # the form's helper sheets: not a word
        assert not out.exists()


def test_missing_file_exits_2(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("score", tmp_path / "nope.xlsx")
    assert result.code == 2, result
    assert "nope.xlsx" in result.stderr and "Traceback" not in result.stderr


def test_xlsx_needs_an_output_file(run_cli: RunCli, month: Path) -> None:
    result = run_cli("score", month, "--format", "xlsx")
    assert result.code == 2, result
    assert "--format xlsx needs -o FILE" in result.stderr
    assert result.stdout == ""


def test_unknown_format_is_a_usage_error(run_cli: RunCli, month: Path) -> None:
    result = run_cli("score", month, "--format", "pdf")
    assert result.code == 2, result
    assert "pdf" in result.stderr


def test_unknown_checklist_exits_2(run_cli: RunCli, tmp_path: Path) -> None:
    register = write_register(tmp_path / "register.xlsx")
    result = run_cli("score", register, "--checklist", "no-such-list", lang="zh")
    assert result.code == 2, result
    assert "no-such-list" in result.stderr


def test_checklist_option_scores_a_register(run_cli: RunCli, tmp_path: Path) -> None:
    register = write_register(tmp_path / "register.xlsx")
    result = run_cli("score", register, "--checklist", "inspection-monthly", "--format", "md")
    assert result.code == 0, result
    assert "Remediation 0 · Star 2" in result.stdout


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_a_fail_under_that_is_no_score_is_refused(run_cli: RunCli, month: Path, value: str) -> None:
    # nan compares false with every mean: a gate that could never shut
    result = run_cli("score", month, "--fail-under", value, "--format", "json")
    assert result.code == 2 and result.stdout == "", result
    assert f"--fail-under must be a score such as 85, not {value}" in result.stderr
