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
