"""The HTML report: self-contained, escaped, charts well-formed, figures and statuses shown."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from reporting_sample import (
    AT_BRANCH,
    FORMULA_NAME,
    HOSTILE_NAME,
    Options,
    observations,
    one_section_report,
    sample_report,
)

from svccheck.model import Library
from svccheck.reporting import html
from svccheck.scoring import Report, score


# The sample report's figures were worked out by hand on the frozen 2026.1 library's points.
@pytest.fixture(scope="session")
def library(library_v1: Library) -> Library:
    return library_v1


SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def report(library: Library) -> Report:
    return sample_report(library)


@pytest.fixture(scope="module")
def page(report: Report) -> str:
    return html.render(report, Options("zh"))


def svgs(page: str) -> list[ET.Element]:
    """Every inline chart, parsed as XML: a malformed chart fails here."""
    return [ET.fromstring(m) for m in re.findall(r"<svg\b.*?</svg>", page, flags=re.S)]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs


def test_the_page_is_one_offline_document(page: str) -> None:
    parser = _Tags()
    parser.feed(page)
    assert page.startswith("<!DOCTYPE html>")
    assert "script" not in parser.tags
    assert not {"img", "link", "iframe", "object", "embed"} & set(parser.tags)
    # No attribute fetches anything: the only URL is the SVG namespace.
    urls = [v for k, v in parser.attrs if v and re.match(r"(https?:)?//", v)]
    assert set(urls) <= {"http://www.w3.org/2000/svg"}
    assert "@import" not in page and "url(" not in page


def test_text_from_sheets_is_escaped(page: str) -> None:
    assert HOSTILE_NAME not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>bold</b>" not in page and "&lt;b&gt;bold&lt;/b&gt;" in page


def test_quotes_cannot_break_out_of_an_attribute_or_title(library: Library) -> None:
    rows = [o._replace(subject='"><img src=x>') for o in observations(library)]
    page = html.render(score(rows, library), Options())
    assert '"><img' not in page and "&quot;&gt;&lt;img src=x&gt;" in page


def test_summary_figures_are_on_the_page(report: Report, page: str) -> None:
    teller = report.section("morning-teller")
    assert teller is not None
    assert "82.5" in page  # the teller section's mean: (99 + 100 + 100 + 100 + 0 + 96) / 6
    assert "97.0" in page  # the inspection section's mean: (99 + 95) / 2
    assert "86.1" in page  # combined mean over the eight checks
    assert "97.0%" in page  # teller pass rate 128 / 132
    for status in ("明星", "需整改"):
        assert status in page


def test_every_section_has_its_anchor_and_charts(report: Report, page: str) -> None:
    for section in report.sections:
        assert f'id="cl-{section.checklist}"' in page
        assert section.title.zh in page
    assert 'id="overview"' in page and 'href="#cl-morning-teller"' in page
    classes = [s.get("class") for s in svgs(page)]
    # overview: ranking + Pareto; each section: Pareto, ranking and category breakdown
    assert classes.count("pareto") == 3
    assert classes.count("ranking") == 3
    assert classes.count("breakdown") == 2


def test_pareto_bars_follow_the_gaps(report: Report, page: str) -> None:
    teller = report.section("morning-teller")
    assert teller is not None
    pareto = [s for s in svgs(page) if s.get("class") == "pareto"][1]  # the first section's
    section = report.sections[0]
    bars = pareto.findall(f"{SVG}rect[@class='bar']")
    assert len(bars) == len(section.gaps)
    heights = [float(b.get("height", "0")) for b in bars]
    assert heights == sorted(heights, reverse=True)
    assert len(pareto.findall(f"{SVG}circle[@class='cum-dot']")) == len(section.gaps)
    line = pareto.find(f"{SVG}polyline[@class='cum']")
    assert line is not None
    # The last point of the cumulative line sits at 100%: the top of the plot.
    last_y = float(line.get("points", "").split()[-1].split(",")[1])
    assert last_y == pytest.approx(34.0)


def test_critical_gaps_are_marked_in_the_chart_and_table(page: str) -> None:
    assert html.BAR_CRITICAL in page
    assert '<span class="sev critical">红线</span>' in page


def test_statuses_are_written_not_only_coloured(page: str) -> None:
    assert '<span class="status remediation">✕ 需整改</span>' in page
    assert '<span class="status star">★ 明星</span>' in page
    assert "48.0 ✕ 需整改" in page  # the ranking chart labels each bar


def test_english(report: Report) -> None:
    page = html.render(report, Options("en"))
    assert '<html lang="en">' in page
    for text in (
        "Service gap report",
        "Remediation",
        "Star",
        "Ranked gaps (Pareto)",
        "Teller morning self-check",
        "Rejected rows (1)",
    ):
        assert text in page
    assert "需整改" not in page


def test_top_limits_the_gaps_and_the_rankings(report: Report) -> None:
    page = html.render(report, Options("en", top=1))
    assert "Top 1 of" in page
    charts = svgs(page)
    for chart in charts:
        if chart.get("class") in ("pareto", "ranking"):
            bars = [r for r in chart.iter(f"{SVG}rect") if "bar" in r.get("class", "").split()]
            assert len(bars) == 1
    ranking_rows = re.findall(r'<table class="ranking">.*?</table>', page, flags=re.S)
    assert ranking_rows and all(t.count("<tr>") == 2 for t in ranking_rows)  # heading + one


def test_rejected_rows_and_inputs_are_listed(page: str) -> None:
    assert 'id="rejected"' in page
    assert "register.xlsx" in page and "G9" in page
    assert "@SUM(A1) looks like a formula" in page


def test_one_checklist_has_no_overview(library: Library) -> None:
    page = html.render(one_section_report(library), Options())
    assert 'id="overview"' not in page and 'class="toc"' not in page
    assert 'id="cl-morning-teller"' in page
    assert FORMULA_NAME in page and AT_BRANCH in page


def test_print_layout_is_a4(page: str) -> None:
    assert "@page { size:A4" in page.replace("{{", "{")
    assert "@media print" in page and "thead { display:table-header-group; }" in page
    assert "word-break:keep-all" in page  # headings never break inside a CJK word
    # pages counted from a real print: tests/acceptance/test_print_html.py


def test_an_empty_report_still_renders(library: Library) -> None:
    page = html.render(score([], library), Options("en"))
    assert "Nothing to score." in page
    assert svgs(page) == []


def test_rendering_is_deterministic(report: Report) -> None:
    assert html.render(report, Options()) == html.render(report, Options())
