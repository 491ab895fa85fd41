"""The terminal report: fits 100 columns (CJK counted double), statuses named, no markup."""

from __future__ import annotations

import pytest
from reporting_sample import HOSTILE_NAME, sample_report
from rich.cells import cell_len

from svccheck.model import Library
from svccheck.reporting import ReportOptions, render
from svccheck.reporting.table import share_bar
from svccheck.scoring import GROUPINGS, Report


# The sample report's figures were worked out by hand on the frozen 2026.1 library's points.
@pytest.fixture(scope="session")
def library(library_v1: Library) -> Library:
    return library_v1


@pytest.fixture(scope="module")
def report(library: Library) -> Report:
    return sample_report(library)


def table(report: Report, **options: object) -> str:
    text = render(report, "table", ReportOptions(**options))  # type: ignore[arg-type]
    assert isinstance(text, str)
    return text


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("by", [None, *GROUPINGS])
def test_fits_100_columns(report: Report, lang: str, by: str | None) -> None:
    text = table(report, lang=lang, by=by)
    assert max(cell_len(line) for line in text.splitlines()) <= 100


def test_statuses_and_headings_in_chinese(report: Report) -> None:
    text = table(report, lang="zh")
    for word in ("服务质量差距报告", "主要问题", "网点排名", "员工排名", "明星", "需整改"):
        assert word in text


def test_plain_text_without_colour(report: Report) -> None:
    text = table(report, lang="en")
    assert "\x1b[" not in text
    assert HOSTILE_NAME[:10] in text  # shown as text, not swallowed as markup
    assert "1 rows rejected" in text


def test_colour_when_asked(report: Report) -> None:
    assert "\x1b[" in table(report, lang="en", color=True)


def test_cjk_columns_line_up(report: Report) -> None:
    lines = table(report, lang="zh", by="branch").splitlines()
    rows = [line for line in lines if "支行" in line]
    # the score column ends at the same display column on every row
    ends = {cell_len(line[: line.index("支行") + 2]) for line in rows}
    assert len(rows) == 2 and len(ends) <= 2


@pytest.mark.parametrize(
    ("share", "bar"),
    [
        (0, " " * 10),
        (1, "█" * 10),
        (0.5, "█████     "),
        (0.05, "▌         "),
        (0.0625, "▋         "),
    ],
)
def test_share_bar(share: float, bar: str) -> None:
    assert share_bar(share) == bar


def test_top_limits_the_rows(report: Report) -> None:
    assert "more (--top N shows more)" not in table(report, lang="en", top=50)
