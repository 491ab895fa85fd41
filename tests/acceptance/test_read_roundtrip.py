"""Round trip through the real commands: `svccheck form` prints a form, a person fills it in
(here openpyxl, as a script or another tool would; then LibreOffice re-saves it, as a person
editing it there would), and `svccheck read` understands every row, with nothing lost."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from cli_support import REPO, RunCli
from svccheck.catalog.library import load_library
from svccheck.sheets import read_sheets
from svccheck.sheets.values import parse_mark

ROSTER = REPO / "tests" / "data" / "forms" / "roster.csv"
MARKS = ["√", "×", "不适用", None, "✓", "X"]
SOFFICE = shutil.which("soffice")


def fill_morning_form(path: Path) -> dict[str, str]:
    """Mark every item cell of every person row; return cell → the result written."""
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    header_row, item_columns = 0, []
    for row in sheet.iter_rows(min_row=1, max_row=30):
        ids = [c.column for c in row if isinstance(c.value, str) and c.value[:4] == "TLR-"]
        if ids:
            header_row, item_columns = row[0].row, ids
            break
    written: dict[str, str] = {}
    n = 0
    for r in range(header_row + 1, sheet.max_row + 1):
        if not sheet.cell(r, 3).value:  # the employee column of the form
            continue
        for c in item_columns:
            mark = MARKS[n % len(MARKS)]
            n += 1
            cell = sheet.cell(r, c)
            cell.value = mark
            written[cell.coordinate] = parse_mark(mark)
    book.save(path)
    return written


def make_form(run_cli: RunCli, tmp_path: Path) -> Path:
    form = tmp_path / "form.xlsx"
    made = run_cli(
        "form", "morning-teller", "--branch", "东环支行", "--date", "2026-10-08",
        "--roster", ROSTER, "-o", form,
    )  # fmt: skip
    assert made.code == 0, made
    return form


def check_read(run_cli: RunCli, path: Path, written: dict[str, str]) -> None:
    result = run_cli("read", path, "--format", "json")
    assert result.code == 0, result
    document = json.loads(result.stdout)
    (summary,) = document["inputs"]
    assert (summary["rows"], summary["accepted"], summary["rejected"]) == (4, 4, 0)
    (sheet,) = document["sheets"]
    assert sheet["checklist"] == "morning-teller" and sheet["checklist_from"] == "metadata"
    observations = read_sheets([path], load_library()).observations
    assert {o.cell: o.result for o in observations} == written
    assert {(o.date, o.branch) for o in observations} == {(dt.date(2026, 10, 8), "东环支行")}
    assert {o.subject for o in observations} == {"张伟", "王芳", "陈静", "赵磊"}


def test_a_generated_form_filled_in_reads_back(run_cli: RunCli, tmp_path: Path) -> None:
    form = make_form(run_cli, tmp_path)
    written = fill_morning_form(form)
    assert len(written) == 4 * len(load_library().checklists["morning-teller"].items)
    check_read(run_cli, form, written)


@pytest.mark.soffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_the_same_form_resaved_by_libreoffice_reads_back(run_cli: RunCli, tmp_path: Path) -> None:
    form = make_form(run_cli, tmp_path)
    written = fill_morning_form(form)
    out = tmp_path / "resaved"
    profile = tmp_path / "profile"
    assert SOFFICE is not None
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
         "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(form)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    resaved = out / "form.xlsx"
    assert resaved.read_bytes() != form.read_bytes()
    check_read(run_cli, resaved, written)
