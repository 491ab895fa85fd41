"""What the guard learns while inflating every sheet spares the formula scan a second look into
the zip — and the scan finds the same cells either way (workbook.py, guard.XlsxFacts)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.unit.sheets_support import Sheet, write_openpyxl, write_xlsxwriter

from svccheck.sheets import guard
from svccheck.sheets.guard import check_xlsx
from svccheck.sheets.workbook import _XlsxParts, open_workbook

ROWS = [["日期", "网点", "姓名", "TLR-01"], ["2026-10-08", "东环支行", "付娜", "√"]]


def _workbook(path: Path, writer: object = write_openpyxl, saved: object = "") -> Path:
    """Two sheets, the second with two formulas; openpyxl saves no value with them."""
    return writer(  # type: ignore[operator, no-any-return]
        path,
        Sheet("无公式", ROWS),
        Sheet("有公式", ROWS, formulas={"C3": ("=C2", saved), "D3": ("=1+1", saved)}),
    )


def test_the_guard_tells_which_sheets_hold_no_formula_and_keeps_the_others_xml(
    tmp_path: Path,
) -> None:
    facts = check_xlsx(_workbook(tmp_path / "f.xlsx"), "en")
    assert facts.members == {
        "无公式": "xl/worksheets/sheet1.xml",
        "有公式": "xl/worksheets/sheet2.xml",
    }
    assert facts.formula_free == {"无公式"}
    assert set(facts.xml) == {"有公式"} and b"<f>" in facts.xml["有公式"]


def test_the_scan_finds_the_same_cells_with_the_guards_facts_or_without(tmp_path: Path) -> None:
    cases = (
        (write_openpyxl, "", {"C3", "D3"}),
        (write_xlsxwriter, "", {"C3", "D3"}),  # an empty saved value is none
        (write_xlsxwriter, 2, set()),
    )
    for n, (writer, saved, found) in enumerate(cases):
        path = _workbook(tmp_path / f"{n}.xlsx", writer, saved)
        facts = check_xlsx(path, "en")
        with_facts, alone = _XlsxParts(path, facts), _XlsxParts(path)
        for sheet in ("无公式", "有公式"):
            expected = found if sheet == "有公式" else set()
            assert with_facts.formula_cells(sheet) == alone.formula_cells(sheet) == expected
        book = open_workbook(path, "en", xlsx=True, facts=facts)
        assert [s.formula_cells() for s in book.sheets] == [frozenset(), frozenset(found)]
        book.close()


def test_xml_past_the_kept_budget_is_scanned_from_the_zip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(guard, "KEPT_XML", 0)  # nothing kept: the scan opens the zip itself
    path = _workbook(tmp_path / "f.xlsx")
    facts = check_xlsx(path, "en")
    assert facts.xml == {} and facts.formula_free == {"无公式"}
    assert _XlsxParts(path, facts).formula_cells("有公式") == {"C3", "D3"}


def test_a_big_sheet_streamed_whole_is_told_formula_free_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A sheet too big to keep is inflated as a stream for its bounds: what it holds is seen
    # then, so the reader's scan does not inflate a 96 MB register again to find nothing.
    monkeypatch.setattr(guard, "KEPT_SHEET", 0)  # every sheet streamed, none kept
    monkeypatch.setattr(guard, "_CHUNK", 16)  # in pieces of a few tags
    path = _workbook(tmp_path / "f.xlsx")
    facts = check_xlsx(path, "en")
    assert facts.xml == {} and facts.formula_free == {"无公式"}
    assert _XlsxParts(path, facts).formula_cells("有公式") == {"C3", "D3"}
    errors = write_xlsxwriter(
        tmp_path / "e.xlsx", Sheet("S", ROWS, formulas={"C3": ("=NA()", "#N/A")})
    )
    assert check_xlsx(errors, "en").formula_free == set()  # an error value: scanned


_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _reference(data: bytes) -> frozenset[str]:
    """What the scan finds, by the tree alone: cells with a formula and no saved value."""
    from xml.etree import ElementTree

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return frozenset()  # a damaged sheet: no formula cell (as formula_cells answers)
    found = set()
    for cell in root.iter(f"{main}c"):
        saved = cell.find(f"{main}v")
        if cell.find(f"{main}f") is not None and (saved is None or not saved.text):
            found.add(cell.get("r", ""))
    return frozenset(found)


_CELLS = [
    '<c r="T5" s="3"><f>SUM(F5:S5)</f><v>0</v></c>',  # as Excel and xlsxwriter save it
    '<c r="T5"><f t="shared" ref="T5:T9" si="0"/><v>3</v></c><c r="T6"><f t="shared" si="0"/>'
    "<v>3</v></c>",
    '<c r="T5"><f>1+1</f><v></v></c>',  # openpyxl: no saved value
    '<c r="T5"><f>1+1</f><v/></c>',
    '<c r="T5"><f>1+1</f></c>',
    '<c r="T5"><f>1+1</f> <v>2</v></c>',  # a space between: parsed, and saved
    '<c r="T5"><v/><f>1+1</f><v>2</v></c>',  # the first v is empty
    '<c><v/><c r="A1"/><f>x</f><v>1</v></c>',  # an f after a self-closed cell
    '<c r="T5"><f a=">">1</f><v>2</v></c>',
    '<c r="T5" a="/"><f>1</f><v>2</v></c>',
    '<c r="T5"><f>1</f><v xmlns="urn:other">2</v></c>',  # a v of another namespace
    '<c r="T5" xmlns="urn:other"><f>1</f></c>',  # a cell of another namespace
    '<x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="T5">'
    "<x:f>1</x:f></x:c>",
    '<c r="T5"><f>1</f><x:v xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/'
    'main"/><v>2</v></c>',
    '<!-- <c r="A1"><f>1</f><v>2</v></c> --><c r="T5"><f>1</f><v>2</v></c>',
    '<c r="T5"><f>1</f><v>&#32;</v></c>',
    '<c r="T5"><f>1</f><v>2</v></c><c r="T6"><f>1</f><v>2</v></c',  # not well formed
    '<c r="T5"><f><f/></f><v>2</v></c>',
    '<c r="T5"><is><t>x</t></is><f>1</f></c>',
    '<c r="T5"><f>1</f><v>2</v><f>3</f></c>',
    '<c r="T5"><f>1</f><v><![CDATA[]]></v></c>',
    '<c r="T5"><f>1</f><v>2</v></c><c r="T6"><f t="array" ref="T6"/></c>',
]


@pytest.mark.parametrize("cells", _CELLS)
def test_the_quick_answer_never_differs_from_the_tree(cells: str) -> None:
    from svccheck.sheets.workbook import _formula_cells_in

    data = f'<?xml version="1.0"?><worksheet {_NS}><sheetData><row r="5">{cells}</row>'
    data += "</sheetData></worksheet>"
    assert _formula_cells_in(data.encode()) == _reference(data.encode())


def test_the_quick_answer_on_the_example_month(tmp_path: Path) -> None:
    import zipfile

    examples = Path(__file__).resolve().parents[2] / "examples" / "2026-10"
    quick = 0
    for path in sorted(examples.rglob("*.xlsx")):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    data = archive.read(name)
                    from svccheck.sheets.workbook import _formula_cells_in, all_formulas_saved

                    assert _formula_cells_in(data) == _reference(data), (path, name)
                    quick += all_formulas_saved(data) and b"<f>" in data
    assert quick > 100  # the month's totals are formulas with their saved values


def _counted(data: bytes) -> bool:
    """all_formulas_saved as first written: as many `<f` tags as whole saved formulas, each
    found from its cell's start tag by one search over the sheet."""
    import re

    if re.search(rb":[cfv][\s/>]", data) is not None:
        return False
    saved = rb"<c(?:\s[^<>]*[^/<>])?>(?:<f(?:\s[^<>]*)?>[^<]*</f>|<f(?:\s[^<>]*)?/>)<v>[^<]"
    return len(re.findall(rb"<f[\s/>]", data)) == len(re.findall(saved, data))


def test_each_formula_looked_at_where_it_is_answers_as_the_whole_search() -> None:
    import random

    from svccheck.sheets.workbook import all_formulas_saved

    # the crafted cells, and 20,000 strings of the pieces a sheet's cells are made of
    pieces = [
        "<c", "<c ", "<c>", ' r="A1"', ' s="1"', "/>", ">", "<f", "<f>", "<f ", "<f/>", "</f>",
        "<v>", "<v/>", "</v>", "</c>", "1", "x", " ", "/", "<", "<x:f>", "<cc>", "\n", '"',
    ]  # fmt: skip
    rng = random.Random(15)
    texts = [*_CELLS] + ["".join(rng.choices(pieces, k=rng.randint(1, 14))) for _ in range(20000)]
    agreed = 0
    for text in texts:
        data = text.encode()
        assert all_formulas_saved(data) == _counted(data), text
        agreed += all_formulas_saved(data)
    assert agreed > 100  # both kinds of answer were put to the test


def test_may_hold_formula_answers_as_the_plain_searches() -> None:
    import random

    from svccheck.sheets.guard import may_hold_formula

    def plain(xml: bytes) -> bool:
        return b"<f" in xml or (b":f" in xml and (b":f>" in xml or b":f " in xml))

    rng = random.Random(15)
    pieces = [b"<", b"f", b":", b">", b" ", b"x", b"<c>", b"ref", b"<f>", b":f", b"ff"]
    texts = [b"", b"f", b"<", b"<f", b"f<f", b":f ", b"x:f>", b"f" * 300 + b"<f", b"f" * 300]
    texts += [b"".join(rng.choices(pieces, k=rng.randint(1, 40))) for _ in range(20000)]
    texts += [b"".join(rng.choices(pieces, k=400)) for _ in range(200)]  # past the jumps
    held = 0
    for xml in texts:
        assert may_hold_formula(xml) == plain(xml), xml
        held += may_hold_formula(xml)
    assert 1000 < held < len(texts) - 1000  # both answers were put to the test


def test_a_sheet_held_whole_is_bounded_as_its_stream_is() -> None:
    import io
    import random

    from svccheck.sheets.guard import _UNBOUNDED_CELL, _all_bounded, _all_bounded_in

    pieces = [
        '<dimension ref="A1:C9"/>', '<c r="A1">', '<c r="AF123456"/>', '<c r="AG1"/>',
        '<c r="ZZ9999"/>', "<c>", "<c/>", '<x:c r="A1"/>', ":row ", '<row r="5">', "</c>",
        "<v>1</v>", "<", " ", "x", '<c r="A1234567"/>', '<dimension ref="B2:XFD1048576"/>',
    ]  # fmt: skip
    rng = random.Random(15)
    texts = ["", "<", "x<", "<c>", '<c r="A1"/>']
    texts += ["".join(rng.choices(pieces, k=rng.randint(1, 12))) for _ in range(5000)]
    bounded = 0
    for text in texts:
        data = text.encode()
        for unbounded in _UNBOUNDED_CELL:
            whole = _all_bounded_in(data, unbounded)
            assert whole == _all_bounded(io.BytesIO(data), unbounded), text
            bounded += whole is not None
    assert 1000 < bounded < 3 * len(texts) - 1000  # both answers were put to the test
