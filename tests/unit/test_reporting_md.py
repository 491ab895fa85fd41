"""The Markdown bulletin: sections, statuses in both languages, sheet text escaped."""

from __future__ import annotations

import pytest
from reporting_sample import HOSTILE_NAME, one_section_report, sample_report

from svccheck.model import Library
from svccheck.reporting import ReportOptions, render
from svccheck.reporting.md import esc
from svccheck.scoring import Report


# The sample report's figures were worked out by hand on the frozen 2026.1 library's points.
@pytest.fixture(scope="session")
def library(library_v1: Library) -> Library:
    return library_v1


@pytest.fixture(scope="module")
def report(library: Library) -> Report:
    return sample_report(library)


def md(report: Report, **options: object) -> str:
    text = render(report, "md", ReportOptions(**options))  # type: ignore[arg-type]
    assert isinstance(text, str)
    return text


def test_bulletin_in_chinese(report: Report) -> None:
    text = md(report, lang="zh")
    for heading in (
        "# 服务质量差距报告",
        "## 概况",
        "## 各检查表",
        "## 主要问题（帕累托）",
        "## 网点排名",
        "## 员工排名",
        "## 输入",
    ):
        assert heading in text
    assert "需整改" in text and "明星" in text
    assert "**服务明星**" in text


def test_bulletin_in_english(report: Report) -> None:
    text = md(report, lang="en")
    assert "## Top gaps (Pareto)" in text and "Remediation" in text and "Star" in text
    assert "1 rows rejected" in text


def test_sheet_text_cannot_become_markup(report: Report) -> None:
    text = md(report, lang="en")
    assert HOSTILE_NAME not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<b>" not in text


@pytest.mark.parametrize(
    ("raw", "safe"), [("a|b", "a\\|b"), ("*x*", "\\*x\\*"), ("<i>", "&lt;i&gt;"), ("a\nb", "a b")]
)
def test_escape(raw: str, safe: str) -> None:
    assert esc(raw) == safe


def test_tables_are_well_formed(report: Report) -> None:
    for line in md(report, lang="zh").splitlines():
        if line.startswith("|"):
            cells = line.replace("\\|", "").count("|")
            assert cells >= 3


def test_by_shows_one_table(library: Library) -> None:
    text = md(one_section_report(library), lang="en", by="category")
    assert "## By category" in text and "## Staff ranking" not in text
    text = md(one_section_report(library), lang="en", by="subject", top=1)
    ranked = [line for line in text.splitlines() if line.startswith(("| 1 | ", "| 2 | "))]
    assert len(ranked) == 1 and "## Branch ranking" not in text
