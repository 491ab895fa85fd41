"""Forms printed by LibreOffice, measured as a pen would meet them.

Golden bounds from the PDF (poppler): type ≥ 9 pt on the teller's form (5.8 pt before), data
rows ≥ 6 mm apart (3 mm before), every item header whole on one line (`TLR-01 着 / 装规范`
before) and not cut at the top of its cell (`TLR-24 客户信息资料保管` was), no `###` (the header
date), no 0 in the blank 扣分合计 column; every bundled checklist's form one page wide (the
24-item walk-round once printed two pages wide, with one tick box 26 characters wide).
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from print_support import MM, Word, cjk_sizes, libreoffice_pdf, need, words
from sheets_support import NEEDS_SOFFICE, soffice_convert

from cli_support import REPO, run_in_process
from svccheck.forms import FormDate, make_form
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


def test_the_walk_round_prints_one_page_wide_with_equal_tick_boxes(
    printed: dict[str, list[Word]], library: Library
) -> None:
    """The 24-item walk-round, a month of it: one page wide, so a day's ticks are on one
    sheet of paper (the month runs onto a second page below, the header repeated)."""
    pages = form_pages(printed["walk"])
    for page in pages:
        seen = {w.text for w in page}
        for item, title in item_words(library, "morning-environment", "zh"):
            assert item in seen and title in seen, f"{item} {title} broken or off the page"
        assert {"日期", "扣分合计", "检查人", "签字"} <= seen
    days = [w.text for page in pages for w in page if w.text.startswith("2026-10-")]
    assert days == [f"2026-10-{d:02d}" for d in range(1, 32)]
    # the tick boxes are as wide as each other: their headers' left edges evenly spaced
    ids = [item for item, _ in item_words(library, "morning-environment", "zh")]
    lefts = sorted(w.x0 for w in pages[0] if w.text in ids)
    steps = [b - a for a, b in itertools.pairwise(lefts)]
    assert max(steps) - min(steps) < 1.0, steps
    assert not [w for page in pages for w in page if "###" in w.text]
    # 24 items and the who-columns shrunk to one page: smaller type than the teller's 9 pt,
    # still legible (measured 8.0 pt)
    assert cjk_sizes(pages[0])[0] >= 7.5


@dataclass(frozen=True)
class PrintedForm:
    """A bundled checklist's xlsx form and what LibreOffice printed of it."""

    checklist: str
    book: Path
    words: list[Word]


@pytest.fixture(scope="module")
def every_form(
    tmp_path_factory: pytest.TempPathFactory, library: Library
) -> dict[str, PrintedForm]:
    """Every bundled checklist's xlsx form (zh, for one branch), printed to PDF in one go."""
    tmp = tmp_path_factory.mktemp("print-every-form")
    books = []
    for checklist in sorted(library.checklists):
        form = make_form(
            library,
            checklist,
            branch="东环支行",
            date=FormDate(dt.date(2026, 10, 8)),
            today=dt.date(2026, 10, 8),
        )
        book = tmp / f"{checklist}.xlsx"
        book.write_bytes(form.data)
        books.append(book)
    need("pdftotext", "poppler-utils")
    done = soffice_convert(books, "pdf", tmp / "pdf", tmp / "profile")
    assert done.returncode == 0, done
    return {
        book.stem: PrintedForm(book.stem, book, words(tmp / "pdf" / f"{book.stem}.pdf"))
        for book in books
    }


def _form_sheet_xml(book: Path) -> str:
    with zipfile.ZipFile(book) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode("utf-8")


def test_every_form_prints_one_page_wide(
    every_form: dict[str, PrintedForm], library: Library
) -> None:
    """The set-up says so (fit to one page wide, any number tall, no column breaks) and the
    printout shows it: every page of the form sheet carries the first and the last column's
    header and every item's, so no column went onto a page of its own."""
    assert set(every_form) == set(library.checklists)
    for name, printed in every_form.items():
        xml = _form_sheet_xml(printed.book)
        setup = re.search(r"<pageSetup [^>]*>", xml)
        assert setup, name
        assert 'fitToWidth="1"' in setup[0] and 'fitToHeight="0"' in setup[0], setup[0]
        assert "scale=" not in setup[0], (name, setup[0])
        assert re.search(r'<pageSetUpPr [^>]*fitToPage="1"', xml), name
        assert "<colBreaks" not in xml, name

        sheet = load_workbook(printed.book).worksheets[0]
        header = [c.value for c in sheet[4]]
        pages = form_pages(printed.words)
        staff = {w.page for w in printed.words if w.text.startswith("在岗人员")}
        pages = [p for p in pages if p[0].page not in staff]
        assert pages, name
        checklist = library.checklists[name]
        ids = [i.id for i in library.checklist_items(checklist)]
        wide = checklist.kind != "inspection"
        for page in pages:
            seen = {w.text for w in page}
            assert {header[0], header[-1]} <= seen, (name, page[0].page)
            if wide:  # the item columns: all on the page
                assert set(ids) <= seen, (name, page[0].page, set(ids) - seen)
        if wide:  # every tick box as wide as the others
            columns = [
                i for i, value in enumerate(header, start=1) if str(value).split(" ")[0] in ids
            ]
            widths = {sheet.column_dimensions[get_column_letter(i)].width for i in columns}
            assert len(widths) == 1, (name, widths)


def test_turned_item_headers_are_not_cut_at_the_top(every_form: dict[str, PrintedForm]) -> None:
    """A turned header is drawn from the bottom of its cell up; when the row is too short its
    top runs past the cell and is cut. The header row's middle is where the centred 日期
    header sits, its bottom where the turned titles start: the top is as far above the middle
    as the bottom is below it, and every turned word must start below it."""
    for name, printed in every_form.items():
        pages = form_pages(printed.words)
        turned = [w for w in pages[0] if (w.y1 - w.y0) > (w.x1 - w.x0) and len(w.text) > 2]
        if not turned:  # the registers: no turned headers
            continue
        bottom = max(w.y1 for w in turned)
        date = next(
            w for w in pages[0] if w.text == "日期" and min(w.y0 for w in turned) < w.y0 < bottom
        )
        top = 2 * (date.y0 + date.y1) / 2 - bottom
        cut = [w.text for w in turned if w.y0 < top]
        assert not cut, (name, cut, top)


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


def test_the_register_prints_rows_to_write_in_and_names_every_page(
    tmp_path: Path, library: Library
) -> None:
    """The register's 200 rows are written in by hand: ≥ 6 mm apart on paper (3 mm before,
    65 to a page), and every page says which register, which branch and which page it is."""
    form = make_form(
        library, "inspection-monthly", branch="东环支行", date=FormDate(dt.date(2026, 10, 1))
    )
    book = tmp_path / "register.xlsx"
    workbook = load_workbook(io.BytesIO(form.data))
    sheet = workbook.worksheets[0]
    for row in range(5, 5 + len(form.plan.rows)):  # number the rows, to find them on paper
        sheet.cell(row, 1).value = row - 4
    workbook.save(book)
    found = words(libreoffice_pdf(book, tmp_path / "pdf", tmp_path / "profile"))
    pages = [
        page
        for page in form_pages(found)
        if any(w.text == "问题描述" for w in page)  # the register's, not the staff sheet's
    ]
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        seq = sorted((w for w in page if w.text.isdigit() and w.x0 < 60), key=lambda w: int(w.text))
        gaps = [b.y0 - a.y0 for a, b in itertools.pairwise(seq)]
        assert gaps and min(gaps) >= 6 * MM, (number, min(gaps) / MM)
        line = " ".join(w.text for w in sorted(page, key=lambda w: w.x0) if w.y0 > 550)
        assert f"第 {number} 页，共" in line, line
        assert "营业网点服务检查登记簿 2026-10" in line and "网点：东环支行" in line, line
    assert sum(1 for page in pages for w in page if w.text.isdigit() and w.x0 < 60) >= 200
