"""The CSV report: one table per --by, sheet text kept inert, figures as numbers."""

from __future__ import annotations

import csv
import io

import pytest
from reporting_sample import AT_BRANCH, FORMULA_NAME, sample_report

from svccheck.model import Library
from svccheck.reporting import ReportOptions, render
from svccheck.safetext import csv_cell as neutralise
from svccheck.scoring import GROUPINGS, Report


# The sample report's figures were worked out by hand on the frozen 2026.1 library's points.
@pytest.fixture(scope="session")
def library(library_v1: Library) -> Library:
    return library_v1


@pytest.fixture(scope="module")
def report(library: Library) -> Report:
    return sample_report(library)


def table(report: Report, **options: object) -> list[list[str]]:
    text = render(report, "csv", ReportOptions(**options))  # type: ignore[arg-type]
    assert isinstance(text, str) and text.startswith("\ufeff")  # the BOM Excel needs
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.mark.parametrize("text", ["=1+2", "+1", "-2", "@SUM(A1)", "\t=x", "\r=x"])
def test_formula_starts_are_neutralised(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["张三", "1+2=3", "a-b", ""])
def test_plain_text_is_kept(text: str) -> None:
    assert neutralise(text) == text


def test_no_sheet_text_becomes_a_formula(report: Report) -> None:
    for by in GROUPINGS:
        for row in table(report, by=by)[1:]:
            for cell in row:
                assert not cell.startswith(("=", "+", "@")), (by, row)
    subjects = table(report, by="subject")
    assert any(f"'{FORMULA_NAME}" in row for row in subjects)
    assert any(f"'{AT_BRANCH}" in row for row in subjects)


@pytest.mark.parametrize("by", GROUPINGS)
def test_one_table_per_by(report: Report, by: str) -> None:
    rows = table(report, by=by, lang="en")
    header = rows[0]
    assert header[0] == "Rank"
    expected = {
        "item": len(report.gaps),
        "subject": len(report.subjects),
        "branch": len(report.branches),
    }.get(by, len(report.breakdowns.get(by, ())))
    assert len(rows) - 1 == expected
    assert all(len(r) == len(header) for r in rows)


def test_default_is_the_gaps_in_the_chosen_language(report: Report) -> None:
    zh = table(report, lang="zh")
    assert zh[0][:3] == ["排名", "项目", "名称"]
    assert [r[1] for r in zh[1:]] == [g.item for g in report.gaps]
    en = table(report, lang="en", top=2)
    assert len(en) == 3 and en[0][1] == "Item"


def test_rates_are_fractions(report: Report) -> None:
    rows = table(report, lang="en")
    rate = rows[0].index("Fail rate")
    assert all(0 <= float(r[rate]) <= 1 for r in rows[1:])
