"""The xlsx report of the example month, printed by LibreOffice: page set-up on every sheet.

Golden bounds: at most 25 A4 landscape pages (87–125 before), every page numbered, every table
page headed by its table's header row, no `###`, and the charts three blocks a page with none
cut across a page break (a cut chart's block title would land on a page of its own).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from print_support import A4, libreoffice_pdf, page_size, pages, text
from sheets_support import NEEDS_SOFFICE

from cli_support import REPO, run_in_process

pytestmark = NEEDS_SOFFICE
EXAMPLES = REPO / "examples" / "2026-10"


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    tmp = tmp_path_factory.mktemp("print-xlsx")
    book = tmp / "month.xlsx"
    done = run_in_process("score", EXAMPLES, "-o", book, lang="zh", cwd=tmp)
    assert book.is_file(), done
    figures = json.loads(run_in_process("score", EXAMPLES, "--format", "json", cwd=tmp).stdout)
    return libreoffice_pdf(book, tmp / "pdf", tmp / "profile"), figures


def page_texts(pdf: Path) -> list[str]:
    return [text(pdf, n, n) for n in range(1, pages(pdf) + 1)]


def test_the_month_prints_on_at_most_25_landscape_pages(
    printed: tuple[Path, dict[str, object]],
) -> None:
    pdf, _ = printed
    width, height = page_size(pdf)
    assert abs(width - A4[1]) < 2 and abs(height - A4[0]) < 2  # landscape
    total = pages(pdf)
    assert 10 <= total <= 25
    for n, page in enumerate(page_texts(pdf), start=1):
        assert f"{n} / {total}" in page  # the footer
        assert "###" not in page


def test_every_table_page_repeats_its_header_row(printed: tuple[Path, dict[str, object]]) -> None:
    pdf, _ = printed
    tables = [p for p in page_texts(pdf) if "帕累托图" not in p]
    first_lines = [next(line for line in p.splitlines() if line.strip()).split() for p in tables]
    assert first_lines[0][0] == "服务质量差距报告"  # the summary sheet: its title, then its table
    for words in first_lines[1:]:
        assert words[0] in ("范围", "文件", "对象"), words


def test_charts_three_blocks_a_page_none_cut(printed: tuple[Path, dict[str, object]]) -> None:
    pdf, figures = printed
    sections = figures["sections"]
    assert isinstance(sections, list)
    chart_pages = [p for p in page_texts(pdf) if "网点排名 —" in p]
    blocks = 1 + len(sections)  # the combined block, then one per checklist
    assert len(chart_pages) == -(-blocks // 3)
    for page in chart_pages:
        # each block whole on its page: its ranking chart's title and its axis
        assert 1 <= page.count("网点排名 —") <= 3
        assert page.count("网点排名 —") == page.count("得分")
