"""The HTML report of the example month, printed by Chromium on A4: few pages, the overview
first, headings whole, type readable.

Golden bounds, not pixels: the month prints on at most 12 pages (66–92 before the print CSS);
pages 1–2 carry the figures, the top gaps and the rankings; no table heading is broken inside a
word (岗位 and 严重程度 once printed one character per line); no type under 7 pt.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from print_support import A4, chromium_pdf, cjk_sizes, page_size, pages, text, words

from cli_support import RunCli, run_in_process

pytestmark = pytest.mark.browser

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "2026-10"
HEADINGS = ("岗位", "类别", "严重程度", "不合格次数", "累计占比", "涉及网点", "主要问题", "工号")


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The month's report in zh and en, each printed to PDF (made once for the module)."""
    tmp = tmp_path_factory.mktemp("print-html")
    out = {}
    for lang in ("zh", "en"):
        page = tmp / f"{lang}.html"
        done = run_in_process("score", EXAMPLES, "-o", page, lang=lang, cwd=tmp)
        assert page.is_file(), done
        out[lang] = chromium_pdf(page, tmp / f"{lang}.pdf", tmp / f"profile-{lang}")
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_month_prints_on_at_most_12_a4_pages(printed: dict[str, Path], lang: str) -> None:
    pdf = printed[lang]
    width, height = page_size(pdf)
    assert abs(width - A4[0]) < 2 and abs(height - A4[1]) < 2
    assert 6 <= pages(pdf) <= 12


def test_pages_one_and_two_carry_the_overview(printed: dict[str, Path], run_cli: RunCli) -> None:
    figures = json.loads(run_cli("score", EXAMPLES, "--format", "json", lang="zh").stdout)
    first = text(printed["zh"], 1, 2)
    summary = figures["summary"]
    for label in ("平均得分", "合格率", "扣分合计", "红线问题", "需整改"):
        assert label in first
    assert f"{summary['score_mean']:.1f}" in first
    assert "主要差距（全部检查表）" in first and "网点排名（全部检查表）" in first
    assert "各检查表" in first  # the per-checklist table, with its 需整改 count
    for gap in figures["gaps"][:15]:  # the top gaps on paper, every one of them
        assert gap["item"] in first
    for branch in figures["branches"]:
        assert branch["subject"] in first
    # everyone due for remediation is named on the first page, before the gaps
    page_one = text(printed["zh"], 1, 1)
    assert page_one.index("需整改（") < page_one.index("主要差距（全部检查表）")
    for subject in figures["subjects"]:
        if subject["status"] == "remediation" and subject["subject_kind"] == "employee":
            assert subject["subject"] in page_one, subject["subject"]
    # the first checklist starts no later than page 2, the rest run on without a page each
    assert "营业网点服务检查登记簿" in text(printed["zh"], 2, 3)


def test_tables_continued_on_a_page_repeat_their_heading(printed: dict[str, Path]) -> None:
    pdf = printed["zh"]
    firsts = [
        next((line.split() for line in text(pdf, n, n).splitlines() if line.strip()), [])
        for n in range(2, pages(pdf) + 1)
    ]
    # a ranking running over a page break starts the next page with its heading row
    assert sum(1 for words in firsts if words[:2] in (["#", "员工"], ["#", "网点"])) >= 2
    assert not [w for w in firsts if w and w[0].isdigit() and len(w) > 3 and "支行" in w[1]]


def test_table_headings_are_whole_and_type_readable(printed: dict[str, Path]) -> None:
    found = words(printed["zh"])
    seen = {w.text for w in found}
    for heading in HEADINGS:
        assert heading in seen, f"{heading} printed broken"
    # a heading broken one character per line leaves its first character as a word alone
    assert not {"岗", "严", "累"} & seen
    sizes = cjk_sizes(found)
    assert sizes[0] >= 7.0, sizes[:5]  # the dense tables: 7.5 pt
    assert sizes[len(sizes) // 2] >= 7.4
    assert max(sizes) >= 15  # the title


def test_english_headings_break_between_words_only(printed: dict[str, Path]) -> None:
    lines = text(printed["en"], 1, 3)
    assert "###" not in lines
    for word in ("Severity", "Failures", "Cumulative", "Branches", "Employee"):
        assert word in lines
