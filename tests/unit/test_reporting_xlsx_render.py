"""The Excel report, read back with openpyxl: sheets, filters, frozen headers, charts, strings."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from reporting_sample import (
    AT_BRANCH,
    FORMULA_NAME,
    HOSTILE_NAME,
    Options,
    one_section_report,
    sample_report,
)

from svccheck.model import Library
from svccheck.reporting import xlsx
from svccheck.scoring import Report, score


# The sample report's figures were worked out by hand on the frozen 2026.1 library's points.
@pytest.fixture(scope="session")
def library(library_v1: Library) -> Library:
    return library_v1


TABLES_ZH = ("概览", "需整改", "差距", "人员", "网点", "分类", "未读入行", "输入文件")
TABLES_EN = (
    "Summary",
    "Remediation",
    "Gaps",
    "Subjects",
    "Branches",
    "Breakdown",
    "Rejected",
    "Inputs",
)


@pytest.fixture(scope="module")
def report(library: Library) -> Report:
    return sample_report(library)


@pytest.fixture(scope="module")
def data(report: Report) -> bytes:
    return xlsx.render(report, Options("zh"))


@pytest.fixture(scope="module")
def book(data: bytes) -> Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def rows(sheet: Worksheet) -> list[tuple[object, ...]]:
    return [tuple(r) for r in sheet.iter_rows(values_only=True)]


def cells(book: Workbook) -> Iterator[tuple[str, openpyxl.cell.cell.Cell]]:
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                yield sheet.title, cell


def test_sheets_in_both_languages(book: Workbook, report: Report) -> None:
    assert book.sheetnames == [*TABLES_ZH, "图表"]
    english = openpyxl.load_workbook(io.BytesIO(xlsx.render(report, Options("en"))))
    assert english.sheetnames == [*TABLES_EN, "Charts"]
    assert english["Subjects"]["N1"].value == "Status"
    assert {r[13] for r in rows(english["Subjects"])[1:]} == {"Star", "Remediation"}


@pytest.mark.parametrize("name", TABLES_ZH)
def test_every_table_has_a_filter_and_a_frozen_header(book: Workbook, name: str) -> None:
    sheet = book[name]
    header = 5 if name == "概览" else 1  # the summary has its title lines above the table
    assert sheet.auto_filter.ref is not None
    assert sheet.auto_filter.ref.startswith(f"A{header}:")
    assert sheet.freeze_panes == f"A{header + 1}"
    assert all(isinstance(c.value, str) and c.value for c in sheet[header])


def test_columns_fit_chinese_text(book: Workbook) -> None:
    gaps = book["差距"]
    title_width = gaps.column_dimensions["D"].width
    longest = max(len(str(c.value)) for c in gaps["D"][1:])
    assert title_width >= 2 * longest  # CJK characters take two columns each
    assert gaps.column_dimensions["B"].width < title_width


def test_text_from_sheets_never_becomes_a_formula(book: Workbook) -> None:
    texts = {cell.value for _, cell in cells(book) if cell.data_type == "s"}
    assert FORMULA_NAME in texts and AT_BRANCH in texts and HOSTILE_NAME in texts
    assert "@SUM(A1) looks like a formula" in texts
    assert any(str(t).startswith("unknown item 'LBY-31'") for t in texts)
    assert [(s, c.coordinate) for s, c in cells(book) if c.data_type == "f"] == []


def test_the_raw_xml_holds_no_formula(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets
        assert not any(b"<f>" in archive.read(n) or b"<f " in archive.read(n) for n in sheets)


def test_figures_are_numbers(book: Workbook) -> None:
    summary = rows(book["概览"])
    header = summary[4]
    teller = next(r for r in summary if r[1] == "morning-teller")
    assert teller[header.index("平均得分")] == pytest.approx(82.5)
    assert teller[header.index("合格率")] == pytest.approx(128 / 132)
    assert teller[header.index("扣分合计")] == pytest.approx(10)
    assert teller[header.index("需整改")] == 1
    everything = next(r for r in summary if r[0] == "全部检查表")
    assert everything[header.index("平均得分")] == pytest.approx(86.125)
    assert book["概览"].cell(row=6, column=header.index("合格率") + 1).number_format == "0.0%"


def test_rankings_carry_status_and_grade(book: Workbook) -> None:
    subjects = rows(book["人员"])
    header = subjects[0]
    by_name = {(r[0], r[2]): r for r in subjects[1:]}
    remedial = by_name[("综合柜员晨会自查表", FORMULA_NAME)]
    assert remedial[header.index("得分")] == pytest.approx(48)
    assert remedial[header.index("状态")] == "需整改"
    assert remedial[header.index("等级")] == "不合格"
    assert remedial[header.index("红线")] == 1
    assert "TLR-22 禁止争吵和禁语" in remedial[header.index("主要问题")]
    star = by_name[("综合柜员晨会自查表", "张三")]
    assert star[header.index("状态")] == "明星" and star[header.index("工号")] == "0110001"
    fill = book["人员"].cell(row=subjects.index(remedial) + 1, column=header.index("状态") + 1)
    assert fill.fill.fgColor.rgb.endswith("F8CBAD")


def test_gaps_keep_the_ranking_and_the_pareto_columns(book: Workbook, report: Report) -> None:
    gaps = rows(book["差距"])
    header = gaps[0]
    teller = [r for r in gaps[1:] if r[0] == "综合柜员晨会自查表"]
    section = report.section("morning-teller")
    assert section is not None
    assert [r[header.index("项目")] for r in teller] == [g.item for g in section.gaps]
    assert teller[-1][header.index("累计占比")] == pytest.approx(1.0)
    assert teller[0][header.index("项目")] == "TLR-22"  # 5 points, the largest loss


def test_native_charts_pareto_on_a_secondary_axis(data: bytes, book: Workbook) -> None:
    # combined block + two sections, each with a Pareto and a branch ranking
    assert len(book["图表"]._charts) == 6
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        charts = [
            archive.read(n).decode()
            for n in sorted(archive.namelist())
            if re.match(r"xl/charts/chart\d+\.xml", n)
        ]
    paretos = [c for c in charts if "<c:lineChart>" in c]
    rankings = [c for c in charts if '<c:barDir val="bar"/>' in c]
    assert len(paretos) == 3 and len(rankings) == 3
    for chart in paretos:
        assert '<c:barDir val="col"/>' in chart
        assert chart.count("<c:valAx>") == 2  # points lost on the left, cumulative on the right
        assert "累计占比" in chart
        assert re.search(r"<c:f>'?差距'?!\$N\$\d+:\$N\$\d+</c:f>", chart)  # the cumulative column
    for chart in rankings:
        assert re.search(r"<c:f>'?网点'?!\$F\$\d+:\$F\$\d+</c:f>", chart)  # the score column


def test_rejected_rows_sheet(book: Workbook) -> None:
    rejected = rows(book["未读入行"])
    assert rejected[0] == ("文件", "工作表", "行", "单元格", "原因")
    assert rejected[1][:4] == ("register.xlsx", "10月", 9, "G9")


def test_top_limits_every_ranked_table(report: Report) -> None:
    book = openpyxl.load_workbook(io.BytesIO(xlsx.render(report, Options("zh", top=1))))
    for name in ("差距", "人员", "网点"):
        scopes = [r[0] for r in rows(book[name])[1:]]
        assert scopes and all(scopes.count(s) == 1 for s in set(scopes)), name
    assert len(book["图表"]._charts) == 6  # one-bar charts are still charts


def test_one_checklist_has_no_combined_block(library: Library) -> None:
    book = openpyxl.load_workbook(io.BytesIO(xlsx.render(one_section_report(library), Options())))
    assert {r[0] for r in rows(book["差距"])[1:]} == {"综合柜员晨会自查表"}
    assert len(book["图表"]._charts) == 2


def test_an_empty_report_is_a_valid_workbook(library: Library) -> None:
    book = openpyxl.load_workbook(io.BytesIO(xlsx.render(score([], library), Options("en"))))
    assert book.sheetnames == [*TABLES_EN, "Charts"]
    assert book["Charts"]._charts == []


def test_same_report_same_bytes(report: Report, data: bytes) -> None:
    assert xlsx.render(report, Options("zh")) == data
