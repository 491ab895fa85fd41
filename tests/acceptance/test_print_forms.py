"""Morning forms printed by LibreOffice, measured as a pen would meet them.

Golden bounds from the PDF (poppler): type ≥ 9 pt on the form's pages (5.8 pt before), data
rows ≥ 6 mm apart (3 mm before), every item header whole on one line (`TLR-01 着 / 装规范`
before), no `###` (the header date), no 0 in the blank 扣分合计 column; the teller's form on one
page wide, the 24-item walk-round split over two pages that each repeat the date column.
"""

from __future__ import annotations

import itertools

import pytest
from print_support import MM, Word, cjk_sizes, libreoffice_pdf, words
from sheets_support import NEEDS_SOFFICE

from cli_support import REPO, run_in_process
from svccheck.model import Library

pytestmark = NEEDS_SOFFICE
ROSTER = REPO / "examples" / "roster.csv"
FORMS = {
    "teller": ("morning-teller", "--date", "2026-10-08", "--roster", str(ROSTER)),
    "walk": ("morning-environment", "--date", "2026-10"),
    "peer-en": ("peer-teller", "--date", "2026-10-08"),
}


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Word]]:
    """Each form made by the CLI and printed to PDF: its words, page by page."""
    tmp = tmp_path_factory.mktemp("print-forms")
    out: dict[str, list[Word]] = {}
    for name, args in FORMS.items():
        book = tmp / f"{name}.xlsx"
        lang = "en" if name.endswith("-en") else "zh"
        done = run_in_process("form", *args, "--branch", "东环支行", "-o", book, lang=lang, cwd=tmp)
        assert book.is_file(), done
        out[name] = words(libreoffice_pdf(book, tmp / "pdf", tmp / "profile"))
    return out


def form_pages(found: list[Word]) -> list[list[Word]]:
    """The pages of the form sheet, in order (the criteria sheet's, headed 严重程度 or
    Severity, left out)."""
    pages: dict[int, list[Word]] = {}
    for w in found:
        pages.setdefault(w.page, []).append(w)
    return [
        page
        for _, page in sorted(pages.items())
        if not any(w.text in ("严重程度", "Severity") for w in page)
    ]


def item_words(library: Library, checklist: str, lang: str) -> list[tuple[str, str]]:
    items = library.checklist_items(library.checklists[checklist])
    return [(i.id, i.title.get(lang)) for i in items]


def test_the_tellers_form_prints_one_page_wide_legible_by_pen(
    printed: dict[str, list[Word]], library: Library
) -> None:
    pages = form_pages(printed["teller"])
    first = pages[0]
    seen = {w.text for w in first}
    for item, title in item_words(library, "morning-teller", "zh"):
        assert item in seen and title in seen, f"{item} {title} broken or off the page"
    assert {"扣分合计", "签字", "2026-10-08"} <= seen  # the header date fits: no ###
    assert all("###" not in w.text for page in pages for w in page)
    sizes = cjk_sizes([w for page in pages for w in page])
    assert sizes[0] >= 9.0, sizes[:5]
    # the rows: a roster name per row, ≥ 6 mm apart
    # (东环支行's three tellers: the city-wide roster's others work elsewhere)
    names = sorted(w.y0 for w in first if w.text in ("付娜", "朱红梅", "陈秀兰", "范雪"))
    gaps = [b - a for a, b in itertools.pairwise(names)]
    assert len(names) == 3 and min(gaps) >= 6 * MM, gaps
    # the blank form's 扣分合计 stays blank (the formula shows "" until a mark is made)
    assert not [w for page in pages for w in page if w.text == "0"]


def test_a_wide_walk_round_splits_its_items_over_two_pages(
    printed: dict[str, list[Word]], library: Library
) -> None:
    found = printed["walk"]
    one, two = form_pages(found)[:2]
    ids = [item for item, _ in item_words(library, "morning-environment", "zh")]
    on_one = [i for i in ids if i in {w.text for w in one}]
    on_two = [i for i in ids if i in {w.text for w in two}]
    assert on_one + on_two == ids and abs(len(on_one) - len(on_two)) <= 1
    for page in (one, two):  # who a row is about, on both halves
        assert {"日期", "2026-10-01"} <= {w.text for w in page}
    assert "扣分合计" in {w.text for w in two}
    assert cjk_sizes(one + two)[0] >= 9.0


def test_the_criteria_sheet_prints_legibly_too(printed: dict[str, list[Word]]) -> None:
    found = printed["teller"]
    criteria = {w.page for w in found if w.text == "严重程度"}
    assert criteria
    sizes = cjk_sizes([w for w in found if w.page in criteria])
    assert sizes[0] >= 8.5, sizes[:5]


def test_english_headers_break_between_words(printed: dict[str, list[Word]]) -> None:
    found = printed["peer-en"]
    assert not [w for w in found if "###" in w.text]
    headers = {w.text for w in found}
    for word in ("TLR-01", "Uniform", "badge", "Total", "Checker"):
        assert word in headers
    # a broken word leaves a fragment: every word of a title appears whole
    assert not [w for w in found if w.text in ("Unifo", "Uni", "bad", "Che")]
