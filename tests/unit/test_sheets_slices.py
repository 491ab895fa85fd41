"""A big sheet parsed in slices on several cores (sheets/slices.py) reads exactly as the whole
sheet parsed at once: the same rows, cell by cell, the same observations and rejected rows —
and a sheet that cannot be sliced safely is parsed whole.

The size threshold is lowered to nothing here, so small real workbooks are sliced; the inflate
chunk is made tiny too, so that tags and `</sheetData>` fall across chunk boundaries.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sheets_support import (
    Sheet,
    mini,  # noqa: F401 — fixture
    needs_soffice,
    reconcile,
    soffice_convert,
    write_openpyxl,
    write_xlsxwriter,
)

import svccheck.sheets.slices as slices
import svccheck.sheets.workbook as workbooks
from svccheck.errors import InputError
from svccheck.model import Library
from svccheck.sheets import read_sheets
from svccheck.sheets.book import UnreadableSheet
from svccheck.sheets.slices import ReadAgain
from svccheck.sheets.sniff import open_book

SHEET_XML = "xl/worksheets/sheet1.xml"
HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<dimension ref="A1:D400"/><sheetData>'
)


class Slicing:
    """Turns slicing on for every sheet, and records how each sheet was parsed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, tmp: Path) -> None:
        self.monkeypatch = monkeypatch
        self.sliced: list[bool] = []  # per sheet big enough: whether slicing started
        self.merged: list[slices.MergedRanges] = []  # the merged ranges each one found
        self.tmp = tmp
        tmp.mkdir()
        monkeypatch.setattr("tempfile.tempdir", str(tmp))
        self.set(cores=4, chunk=slices.CHUNK)
        parse = workbooks.parse_sliced

        def recorded(*args: Any) -> slices.SlicedParse | None:
            started = parse(*args)
            self.sliced.append(started is not None)
            if started is not None:
                self.merged.append(started.merged)
            return started

        monkeypatch.setattr(workbooks, "parse_sliced", recorded)

    def set(self, *, cores: int, chunk: int, on: bool = True) -> None:
        self.monkeypatch.setattr(workbooks, "MIN_SLICED_BYTES", 0 if on else 2**62)
        self.monkeypatch.setattr(workbooks, "cores", lambda: cores)
        self.monkeypatch.setattr(slices, "CHUNK", chunk)

    def rows(self, path: Path, *, on: bool = True) -> list[list[object]]:
        """Every row of the workbook's first sheet, sliced or (on=False) whole."""
        self.monkeypatch.setattr(workbooks, "MIN_SLICED_BYTES", 0 if on else 2**62)
        book = open_book(path, "en")
        try:
            return list(book.sheets[0].rows())
        finally:
            book.close()


@pytest.fixture
def slicing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Slicing:
    return Slicing(monkeypatch, tmp_path / "tmp")


def varied_rows(count: int) -> list[list[object]]:
    """A title, a header, then rows of every kind of cell value, with blank rows between and
    the last rows narrower than the rest."""
    rows: list[list[object]] = [
        ["营业网点服务检查登记簿"],
        [],
        ["日期", "数", "文字", "真假", "备注"],
    ]
    for n in range(count):
        if n % 37 == 5:
            rows.append([])  # an empty row: nothing written
            continue
        note = f"=SUM(A{n})" if n % 11 == 0 else f"第{n}行 √×"
        wide = n < count - 20
        rows.append(
            [dt.date(2026, 10, 1 + n % 28), n * 0.5 - 3, note, n % 2 == 0]
            + ([f"<row r=\"{n}\"> &amp; '引号'" if n % 5 == 0 else None] if wide else [])
        )
    return rows


@pytest.fixture(params=["openpyxl", "xlsxwriter"])
def varied(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """The same varied sheet as openpyxl and xlsxwriter write it (shared strings, styles for
    dates), starting in column B, its title merged over the first row."""
    writer: Callable[..., Path] = {"openpyxl": write_openpyxl, "xlsxwriter": write_xlsxwriter}[
        request.param
    ]
    spec = Sheet("登记簿", varied_rows(400), merges=["B1:F1"], start="B1")
    return writer(tmp_path / f"{request.param}.xlsx", spec)


@pytest.mark.parametrize("cores", [2, 3, 4])
@pytest.mark.parametrize("chunk", [16, 1000, 4 * 2**20])
def test_a_sliced_sheet_reads_cell_by_cell_as_the_whole_sheet(
    slicing: Slicing, varied: Path, cores: int, chunk: int
) -> None:
    slicing.set(cores=cores, chunk=chunk)
    whole = slicing.rows(varied, on=False)
    sliced = slicing.rows(varied)
    assert slicing.sliced == [True]
    assert sliced == whole
    assert slicing.merged == [calamine_merged(varied)] == [[((0, 1), (0, 5))]]
    assert len(whole) == 403
    assert whole[0][1:6] == ["营业网点服务检查登记簿"] * 5  # the merged title, filled across
    assert whole[0][0] == "" and whole[3][1] == dt.date(2026, 10, 1)  # from column B
    assert not list(slicing.tmp.iterdir())  # the slices' workbooks are gone


def calamine_merged(path: Path) -> object:
    """The merged ranges calamine finds in the workbook's first sheet, parsed whole."""
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    try:
        return workbook.get_sheet_by_index(0).merged_cell_ranges
    finally:
        workbook.close()


def with_sheet_xml(path: Path, xml: str, out: Path) -> Path:
    """A copy of workbook `path` whose first sheet's XML is `xml`."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = xml.encode() if info.filename == SHEET_XML else source.read(info)
            target.writestr(info, data)
    return out


def inline_row(r: int, *values: str, numbered: bool = True) -> str:
    cells = "".join(
        f'<c r="{chr(65 + c)}{r}" t="inlineStr"><is><t>{v}</t></is></c>'
        for c, v in enumerate(values)
    )
    return f'<row r="{r}">{cells}</row>' if numbered else f"<row>{cells}</row>"


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """A workbook to put handwritten sheet XML into (inline strings, as some systems write)."""
    return write_openpyxl(tmp_path / "base.xlsx", Sheet("S", [["x"]]))


def test_inline_strings_with_gaps_and_a_tail_read_as_the_whole_sheet(
    slicing: Slicing, book: Path, tmp_path: Path
) -> None:
    body = "".join(inline_row(r, f"甲{r}", "√", f"{r}分") for r in range(1, 400) if r % 50)
    tail = '</sheetData><mergeCells count="1"><mergeCell ref="B10:C10"/></mergeCells></worksheet>'
    path = with_sheet_xml(book, HEAD + body + tail, tmp_path / "inline.xlsx")
    slicing.set(cores=4, chunk=37)
    sliced, whole = slicing.rows(path), slicing.rows(path, on=False)
    assert slicing.sliced == [True]
    assert sliced == whole and len(whole) == 399
    assert slicing.merged == [calamine_merged(path)] == [[((9, 1), (9, 2))]]
    assert whole[49] == ["", "", ""] and whole[9][2] == "√"  # row 50 empty; B10:C10 merged


def test_a_slice_of_empty_rows_and_a_narrower_last_slice_read_as_the_whole_sheet(
    slicing: Slicing, book: Path, tmp_path: Path
) -> None:
    body = (
        "".join(inline_row(r, f"甲{r}", "√", f"{r}分") for r in range(1, 200))
        + "".join(f'<row r="{r}"/>' for r in range(200, 2200))  # a slice's worth of nothing
        + "".join(inline_row(r, f"乙{r}") for r in range(2200, 2300))  # column A only
    )
    path = with_sheet_xml(book, HEAD + body + "</sheetData></worksheet>", tmp_path / "e.xlsx")
    slicing.set(cores=4, chunk=4096)
    sliced, whole = slicing.rows(path), slicing.rows(path, on=False)
    assert slicing.sliced == [True]
    assert sliced == whole and len(whole) == 2299
    assert whole[500] == ["", "", ""] and whole[-1] == ["乙2299", "", ""]


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("<!-- a comment --><row r='1'/>", id="comment"),
        pytest.param(
            '<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[×]]></t></is></c></row>',
            id="cdata",
        ),
        pytest.param('<?pi <row r="9"> ?>', id="processing instruction"),
    ],
)
def test_a_sheet_with_markup_that_could_hide_a_row_tag_is_parsed_whole(
    slicing: Slicing, book: Path, tmp_path: Path, body: str
) -> None:
    rows = [inline_row(r, f"甲{r}") for r in range(2, 300)]
    xml = HEAD + "".join(rows[:150]) + body + "".join(rows[150:]) + "</sheetData></worksheet>"
    path = with_sheet_xml(book, xml, tmp_path / "markup.xlsx")
    slicing.set(cores=2, chunk=64)
    assert slicing.rows(path) == slicing.rows(path, on=False)
    assert slicing.sliced == [False]
    assert not list(slicing.tmp.iterdir())


def test_unnumbered_rows_or_prefixed_tags_are_parsed_whole(
    slicing: Slicing, book: Path, tmp_path: Path
) -> None:
    unnumbered = "".join(inline_row(r, f"甲{r}", numbered=False) for r in range(1, 300))
    prefixed = HEAD.replace("<worksheet xmlns=", "<x:worksheet xmlns:x=").replace(
        "<dimension", "<x:dimension"
    ).replace("<sheetData>", "<x:sheetData>") + "".join(
        inline_row(r, f"乙{r}").replace("<row", "<x:row").replace("</row>", "</x:row>")
        for r in range(1, 300)
    )
    paths = [
        with_sheet_xml(book, HEAD + unnumbered + "</sheetData></worksheet>", tmp_path / "u.xlsx"),
        with_sheet_xml(book, prefixed + "</x:sheetData></x:worksheet>", tmp_path / "p.xlsx"),
    ]
    for path in paths:
        rows = slicing.rows(path)
        assert rows == slicing.rows(path, on=False) and len(rows) == 299
    assert slicing.sliced == [False, False]


def test_rows_out_of_order_across_slices_are_read_again_from_the_whole_parse(
    slicing: Slicing,
    mini: Library,  # noqa: F811
    book: Path,
    tmp_path: Path,
) -> None:
    """Excel never writes rows out of order, but calamine reads such a file, and so do we: the
    sheet's source says ReadAgain at the slice that does not fit, then parses it whole."""
    header = inline_row(1, "日期", "网点", "姓名", "TLR-01")
    body = "".join(
        inline_row(r, "2026-10-08", "东环支行", f"员工{r}", "×") for r in range(300, 1, -1)
    )
    xml = HEAD + header + body + "</sheetData></worksheet>"
    path = with_sheet_xml(book, xml, tmp_path / "desc.xlsx")
    source = open_book(path, "en").sheets[0]
    rows = source.rows()
    assert next(rows)[0] == "日期"  # the first slice's rows come as soon as it is parsed
    with pytest.raises(ReadAgain):
        list(rows)
    assert list(source.rows()) == slicing.rows(path, on=False)  # parsed whole this time
    assert slicing.sliced == [True]

    slicing.set(cores=2, chunk=4096)
    sliced = read_sheets([path], mini, "morning-teller")
    slicing.set(cores=2, chunk=4096, on=False)
    whole = read_sheets([path], mini, "morning-teller")
    assert slicing.sliced == [True, True]
    reconcile(sliced)
    assert sliced.observations == whole.observations and len(whole.observations) == 299
    assert [o.row for o in whole.observations[:2]] == [2, 3]
    assert sliced.inputs == whole.inputs and sliced.layouts == whole.layouts


def test_a_slice_calamine_cannot_parse_gives_the_whole_parse_error(
    slicing: Slicing,
    mini: Library,  # noqa: F811
    book: Path,
    tmp_path: Path,
) -> None:
    header = inline_row(1, "日期", "网点", "姓名", "TLR-01")
    body = "".join(inline_row(r, "2026-10-08", "东环支行", f"员工{r}", "×") for r in range(2, 300))
    broken = body.replace('<c r="A250"', '<c r="A250" t="n"><v>not a number</v></c><c r="E250"')
    xml = HEAD + header + broken + "</sheetData></worksheet>"
    path = with_sheet_xml(book, xml, tmp_path / "bad.xlsx")
    with pytest.raises(UnreadableSheet) as whole:
        slicing.rows(path, on=False)
    slicing.set(cores=2, chunk=4096)
    source = open_book(path, "en").sheets[0]
    with pytest.raises(ReadAgain):
        list(source.rows())
    with pytest.raises(UnreadableSheet) as again:
        list(source.rows())
    assert str(again.value) == str(whole.value)

    with pytest.raises(InputError) as sliced:
        read_sheets([path], mini, "morning-teller")
    slicing.set(cores=2, chunk=4096, on=False)
    with pytest.raises(InputError) as unsliced:
        read_sheets([path], mini, "morning-teller")
    assert slicing.sliced == [True, True]
    assert str(sliced.value) == str(unsliced.value)
    assert "bad.xlsx › S: the sheet cannot be read (Parse float error" in str(sliced.value)
    assert not list(slicing.tmp.iterdir())


REGISTER_HEADER: list[object] = [
    "检查日期",
    "网点",
    "被检查人",
    "检查项目",
    "结果",
    "扣分",
    "问题描述",
]


def test_a_sliced_register_gives_the_same_observations_and_rejected_rows(
    slicing: Slicing,
    mini: Library,  # noqa: F811
    tmp_path: Path,
) -> None:
    rows: list[list[object]] = [["服务检查登记簿"], REGISTER_HEADER]
    for n in range(600):
        item = ("TLR-01", "TLR-02", "唱收唱付", "TLR-99", "ENT-02")[n % 5]
        rows.append(
            [dt.date(2026, 10, 1 + n % 28), "东环支行", f"员工{n % 40}", item,
             "×" if n % 3 else "√", 0.5 if n % 3 else None, f"问题{n}" if n % 3 else None]
        )  # fmt: skip
    path = write_xlsxwriter(tmp_path / "登记簿.xlsx", Sheet("登记簿", rows, merges=["A1:G1"]))
    slicing.set(cores=2, chunk=512)
    sliced = read_sheets([path], mini, "inspection-monthly")
    slicing.set(cores=2, chunk=512, on=False)
    whole = read_sheets([path], mini, "inspection-monthly")
    assert slicing.sliced == [True]
    reconcile(sliced)
    assert sliced.observations == whole.observations
    assert sliced.rejected == whole.rejected and len(whole.rejected) == 120  # TLR-99
    assert sliced.inputs == whole.inputs


def test_a_sheet_is_parsed_whole_when_the_slices_cannot_be_written(
    slicing: Slicing, varied: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(slicing.tmp / "not-there"))
    sliced = slicing.rows(varied)
    assert slicing.sliced == [False]
    assert sliced == slicing.rows(varied, on=False)


@needs_soffice
def test_a_workbook_libreoffice_saved_reads_sliced_as_whole(
    slicing: Slicing, tmp_path: Path
) -> None:
    """LibreOffice (as WPS and Excel do) writes rows with many attributes and shared strings."""
    source = write_openpyxl(tmp_path / "登记簿.xlsx", Sheet("登记簿", varied_rows(400)))
    done = soffice_convert([source], "xlsx", tmp_path / "out", tmp_path / "profile")
    saved = tmp_path / "out" / "登记簿.xlsx"
    assert saved.is_file(), f"LibreOffice wrote no workbook: {done}"
    with zipfile.ZipFile(saved) as archive:
        assert b'customHeight="false"' in archive.read(SHEET_XML)  # LibreOffice's own rows
    slicing.set(cores=3, chunk=1000)
    assert slicing.rows(saved) == slicing.rows(saved, on=False)
    assert slicing.sliced == [True]


def test_dates_of_a_1904_workbook_read_sliced_as_whole(slicing: Slicing, tmp_path: Path) -> None:
    """Excel for Mac's 1904 date system is set in the workbook part, which every slice holds."""
    import openpyxl
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    book = openpyxl.Workbook()
    book.epoch = CALENDAR_MAC_1904
    for n in range(600):
        book.active.append([dt.date(2026, 10, 1) + dt.timedelta(n % 30), n])
    book.save(path := tmp_path / "mac.xlsx")
    sliced = slicing.rows(path)
    assert slicing.sliced == [True]
    assert sliced == slicing.rows(path, on=False)
    assert sliced[0] == [dt.date(2026, 10, 1), 0.0] and sliced[-1][0] == dt.date(2026, 10, 30)


@pytest.mark.parametrize("chunk", [16, 1000, 4 * 2**20])
def test_a_sliced_sheet_tells_its_formulas_and_errors_as_the_whole_scan_does(
    slicing: Slicing, tmp_path: Path, chunk: int
) -> None:
    # The XML is looked at as it is cut (a tag may straddle two chunks): a sheet with none is
    # known to have none without being inflated again; one with a formula or an error value
    # (anywhere, the last row included) is scanned as before.
    slicing.set(cores=2, chunk=chunk)
    rows: list[list[object]] = [
        ["日期", "文字"],
        *([dt.date(2026, 10, 8), f"第{n}行"] for n in range(300)),
    ]
    plain = write_openpyxl(tmp_path / "plain.xlsx", Sheet("S", rows))
    formula = write_openpyxl(tmp_path / "formula.xlsx", Sheet("S", [*rows, [None, "=B2&B3"]]))
    for path, expected in ((plain, frozenset()), (formula, {"B302"})):
        book = open_book(path, "en")
        try:
            source = book.sheets[0]
            list(source.rows())
            assert set(source.formula_cells()) == set(expected)
        finally:
            book.close()
    assert slicing.sliced == [True, True]
