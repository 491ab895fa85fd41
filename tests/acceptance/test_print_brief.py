"""The morning brief in html, printed by Chromium: one A4 page per branch, read without a code
book.

The example month is ingested into a throw-away SQLite ledger and briefed for 2026-10-31. On
paper: as many pages as branches, each page one branch's; no bullet before a numbered line
(`• 1.`); gaps named by their titles; the people under the pass mark, with a red line or due for
remediation marked `alert` (red, bold) in the page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from print_support import A4, chromium_pdf, page_size, pages, text

from cli_support import REPO, run_in_process

pytestmark = pytest.mark.browser
EXAMPLES = REPO / "examples" / "2026-10"
BRANCHES = ("东环支行", "西城支行", "南湖支行", "北站支行", "高新区支行", "滨江支行")


@pytest.fixture(scope="module")
def brief(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    tmp = tmp_path_factory.mktemp("print-brief")
    url = f"sqlite:///{tmp / 'month.db'}"
    done = run_in_process("ingest", EXAMPLES, "--db", url, lang="zh", cwd=tmp)
    assert done.code == 0, done
    page = tmp / "brief.html"
    done = run_in_process(
        "brief", "--db", url, "--date", "2026-10-31", "-o", page, lang="zh", cwd=tmp
    )
    assert page.is_file(), done
    return page.read_text(encoding="utf-8"), chromium_pdf(page, tmp / "brief.pdf", tmp / "prof")


def test_one_a4_page_per_branch(brief: tuple[str, Path]) -> None:
    _, pdf = brief
    width, height = page_size(pdf)
    assert abs(width - A4[0]) < 2 and abs(height - A4[1]) < 2
    assert pages(pdf) == len(BRANCHES)
    for n in range(1, len(BRANCHES) + 1):
        page = text(pdf, n, n)
        heads = [b for b in BRANCHES if f"{b} 晨会简报" in page]
        assert len(heads) == 1, (n, heads)  # the whole branch on its page, and only it
        assert "今日重点" in page  # its last section made it onto the page


def test_no_double_numbering_and_gaps_by_title(brief: tuple[str, Path]) -> None:
    page, pdf = brief
    printed = text(pdf)
    assert not re.search(r"•\s*(\d+\.|★)", printed)
    assert "问题：" in printed
    for gaps in re.findall(r"问题：([^\n]+)", page):
        for gap in gaps.split("、"):
            assert re.fullmatch(r"[A-Z]+-\d+ \S.*", gap.split("<")[0].strip()), gap


def test_low_scores_and_red_lines_stand_out(brief: tuple[str, Path]) -> None:
    page, _ = brief
    results = re.findall(r"<li( class=alert)?>(\d+\. [^<]+)</li>", page)
    assert results
    for alert, line in results:
        flagged = any(word in line for word in ("需整改", "未达标"))
        assert bool(alert) == flagged, line
    assert any(alert for alert, _ in results)  # the month has some, and they are marked
    assert "li.alert{color:#c62828;font-weight:700}" in page
