"""Hostile follow-up cells (SPEC §8): a register's 整改期限 / due and 整改情况及复查日期 / fixed
cells, and what `svccheck actions` does with hostile options and ledgers.

The rule the cases hold to is the reader's for every date: a due cell is a date or the row is
rejected at the cell (not a date, no such day); a fix cell is a date, text naming dates (the
latest closes the action), a day of the month dated from the finding, or text naming no day
(the action stays open, the text kept). A due or fix date before the finding's date is
rejected at its cell too (a wrong year or a swapped column: it made an action overdue from
the day it was found, or closed it with negative days). Every read row is accepted or
rejected with its cell; every command ends 0, 1 or 2 with no traceback, and what a user wrote
reaches csv, Markdown, xlsx and the terminal inert (svccheck.safetext).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import openpyxl
import pytest

from cli_support import CliResult

Svccheck = Callable[..., CliResult]

FOUND = dt.date(2026, 10, 8)
AS_OF = "2026-10-20"
HEADER = ["序号", "检查日期", "检查方式", "被检查人", "标准编号", "问题描述", "扣分", "整改要求",
          "整改期限", "整改情况及复查日期", "检查人"]  # fmt: skip
DUE, FIXED = "I", "J"  # the columns of 整改期限 and 整改情况及复查日期
FIRST = 4  # the first data row (title, branch line, header above)
INSPECTION = ["--checklist", "inspection-monthly"]


def _rows(cells: Sequence[tuple[object, object]], names: Sequence[str] | None = None) -> list:
    """A register of one finding (TLR-01, 0.5 points) per (due, fixed), each naming its own
    person (员工01, 员工02, … unless `names`), so each opens its own action."""
    rows: list[list[object]] = [["营业网点服务检查登记簿"], ["网点：东环支行"], HEADER]
    for n, (due, fixed) in enumerate(cells, 1):
        name = names[n - 1] if names else f"员工{n:02d}"
        rows.append([n, FOUND, "现场", name, "TLR-01", "未佩戴工号牌", 0.5, None, due, fixed, "赵"])
    return rows


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "10月"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _csv(path: Path, rows: list[list[object]], encoding: str) -> Path:
    def text(value: object) -> str:
        value = "" if value is None else str(value)
        return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\n') else value

    path.write_bytes("\r\n".join(",".join(map(text, row)) for row in rows).encode(encoding))
    return path


def _rejected(result: CliResult) -> dict[str, str]:
    """cell → reason from `read --format json`."""
    return {r["cell"]: r["reason"] for r in json.loads(result.stdout)["rejected"]}


def _actions(svccheck: Svccheck, db: str, *args: str) -> dict[str, tuple]:
    """subject → (due, status, closed, days, fix_note) from `actions --format json`."""
    listed = svccheck("actions", "--db", db, "--date", AS_OF, "--format", "json", *args)
    assert listed.code == 0, listed
    return {
        a["subject"]: (a["due"], a["status"], a["closed"], a["days"], a["fix_note"])
        for a in json.loads(listed.stdout)["actions"]
    }


def _every_output(svccheck: Svccheck, db: str, folder: Path) -> dict[str, str]:
    """`actions` in every format (xlsx as its cells' text), `brief` and `report`: each exit 0."""
    out: dict[str, str] = {}
    for fmt in ("table", "csv", "md", "json"):
        run = svccheck("actions", "--db", db, "--date", AS_OF, "--format", fmt)
        assert run.code == 0, run
        out[fmt] = run.stdout
    xlsx = folder / "actions.xlsx"
    assert svccheck("actions", "--db", db, "--date", AS_OF, "-o", xlsx).code == 0
    sheet = openpyxl.load_workbook(xlsx).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    out["xlsx"] = "\n".join(
        "\t".join("" if v is None else str(v) for v in row)
        for row in sheet.iter_rows(values_only=True)
    )
    brief = svccheck("brief", "--db", db, "--branch", "东环支行", "--date", "2026-10-30")
    assert brief.code == 0, brief
    out["brief"] = brief.stdout
    for fmt in ("md", "json"):
        report = svccheck("report", "--db", db, "--period", "2026-10", "--format", fmt)
        assert report.code == 0, report
        out[f"report-{fmt}"] = report.stdout
    return out


# --- 整改期限 / due ----------------------------------------------------------------------------

NOT_A_DATE = "not a date under '整改期限'"
BEFORE = "is before the finding's date 2026-10-08"
SERIAL_OCT_20 = (dt.date(2026, 10, 20) - dt.date(1899, 12, 30)).days

# (due cell as written by openpyxl, what becomes of the row: a reason's start, or the due date)
DUE_CASES: list[tuple[object, str]] = [
    ("下周前", f"{NOT_A_DATE}: '下周前'"),
    ("2026-02-30", "impossible date under '整改期限': '2026-02-30' (no such day)"),
    # a date outside the years read (values.DATE_YEARS) is a typo: its due date would be
    # past the calendar's end, or an action overdue since year 1
    (dt.date(9999, 12, 31), "date '9999-12-31' under '整改期限' is out of range (2000–2099)"),
    ("0001-01-01", "date '0001-01-01' under '整改期限' is out of range (2000–2099)"),
    (-5, f"{NOT_A_DATE}: '-5'"),
    (1e20, f"{NOT_A_DATE}: '1e+20'"),
    (46000, f"date '46000' under '整改期限' {BEFORE}"),  # serial 46000 is 2025-12-09
    (SERIAL_OCT_20, "2026-10-20"),  # a date cell that lost its format
    (str(SERIAL_OCT_20), f"{NOT_A_DATE}: '{SERIAL_OCT_20}'"),  # a serial as text is no date
    (dt.date(2026, 10, 1), f"date '2026-10-01' under '整改期限' {BEFORE}"),
    (dt.datetime(2026, 10, 20, 13, 45), "2026-10-20"),  # the time of day is dropped
    ("x" * 100_000, f"{NOT_A_DATE}: 'xxxx"),
    ("2026-10-2\u202e0", f"{NOT_A_DATE}: '2026-10-2\\u202e0'"),  # shown escaped
    # a formula with no saved value is nobody's blank: open the file in Excel and save it
    (
        '=HYPERLINK("http://example.invalid","2026-10-12")',
        "the cell under '整改期限' holds a formula with no saved value",
    ),
]


def test_hostile_due_cells_reject_their_row_or_set_the_due_date(
    svccheck: Svccheck, tmp_path: Path
) -> None:
    path = _xlsx(tmp_path / "登记簿.xlsx", _rows([(due, None) for due, _ in DUE_CASES]))
    read = svccheck("read", path, *INSPECTION, "--format", "json")
    assert read.code == 1, read  # rows rejected
    rejected = _rejected(read)
    due_dates = {}
    for n, (_, expected) in enumerate(DUE_CASES):
        cell = f"{DUE}{FIRST + n}"
        if expected[:4].isdigit():
            assert cell not in rejected, (cell, rejected.get(cell))
            due_dates[f"员工{n + 1:02d}"] = expected
        else:
            assert rejected[cell].startswith(expected), (cell, rejected[cell])
    inputs = json.loads(read.stdout)["inputs"][0]
    assert inputs["accepted"] + inputs["rejected"] == inputs["rows"] == len(DUE_CASES)

    score = svccheck("score", path, *INSPECTION, "--format", "json")
    assert score.code == 0 and json.loads(score.stdout), score
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    assert svccheck("ingest", path, *INSPECTION, "--db", db).code == 0
    actions = _actions(svccheck, db)
    assert {subject: a[0] for subject, a in actions.items()} == due_dates
    assert "员工03" not in actions  # due 9999-12-31: the row was refused, nothing is stored
    outputs = _every_output(svccheck, db, tmp_path)
    assert "9999-12-31" not in outputs["csv"] and "9999-12-31" not in outputs["xlsx"]


# --- 整改情况及复查日期 / fixed ------------------------------------------------------------------

# (fix cell, what becomes of the action: (status, closed) as of 2026-10-20, or a reason)
FIX_CASES: list[tuple[object, object]] = [
    ("2026-10-09, 2026-10-12；2026-10-15 复查", ("closed", "2026-10-15")),  # the latest date
    ("2026-09-01已整改", f"date '2026-09-01已整改' under '整改情况及复查日期' {BEFORE}"),
    (dt.date(2026, 9, 1), f"date '2026-09-01' under '整改情况及复查日期' {BEFORE}"),
    ("10月32日复查", ("open", None)),  # no such day of a month: names no day, stays open
    ("2月29日复查", ("open", None)),  # 2027 is no leap year: no such day after the finding
    ("已整改 2027-02-29", "impossible date under '整改情况及复查日期': '已整改 2027-02-29'"),
    ("9" * 10_000, ("open", None)),
    ("2099-12-31 复查", ("open", None)),  # fixed in the future: not closed on --date
    ("+1 已整改", ("open", None)),
    ("-2026-10-10", ("closed", "2026-10-10")),
    ("@SUM(A1) 整改中", ("open", None)),
    ("[bold]已整改[/bold] 10月9日", ("closed", "2026-10-09")),
    (dt.datetime(2026, 10, 9, 23, 59), ("closed", "2026-10-09")),
]


def test_hostile_fix_cells_close_keep_open_or_reject(svccheck: Svccheck, tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "登记簿.xlsx", _rows([(None, fix) for fix, _ in FIX_CASES]))
    read = svccheck("read", path, *INSPECTION, "--format", "json")
    assert read.code == 1, read
    rejected = _rejected(read)
    expected_actions = {}
    for n, (_, expected) in enumerate(FIX_CASES):
        cell = f"{FIXED}{FIRST + n}"
        if isinstance(expected, str):
            assert rejected[cell].startswith(expected), (cell, rejected[cell])
        else:
            assert cell not in rejected, (cell, rejected.get(cell))
            expected_actions[f"员工{n + 1:02d}"] = expected
    assert len(rejected) == len(FIX_CASES) - len(expected_actions)

    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    assert svccheck("ingest", path, *INSPECTION, "--db", db).code == 0
    actions = _actions(svccheck, db)
    assert {s: a[1:3] for s, a in actions.items()} == expected_actions
    assert all(a[3] >= 0 for a in actions.values())  # no negative days to close
    assert actions["员工13"][4] is None  # a date cell is no note
    outputs = _every_output(svccheck, db, tmp_path)
    assert "[bold]" not in outputs["table"] + outputs["brief"]  # the fix note is not listed
    # a fix naming no day is kept as the action's note, as written (JSON is data)
    notes = {a["fix_note"] for a in json.loads(outputs["json"])["actions"]}
    assert {"+1 已整改", "@SUM(A1) 整改中", "10月32日复查", "9" * 10_000} <= notes


# --- csv registers, UTF-8 and GB18030: control characters and formula prefixes --------------

NAMES = ["=HYPERLINK(\"http://example.invalid\",\"x\")", "+1张", "-2李", "@SUM(A1)",
         "[bold]王[/bold]", "\x1b[2J赵"]  # fmt: skip
CSV_CELLS: list[tuple[object, object]] = [
    ("2026-10-2\x01", None),  # a control character: not a date, shown escaped
    ("2026-10-20", "=1+1 已整改 2026-10-12"),
    ("2026年10月30日", "+整改中"),
    (None, "-10月9日已复查"),
    (None, "@整改中 [red]x[/red]"),
    ("20261025", "\x1b]0;title\x07 10月11日"),
]


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_csv_register_with_hostile_follow_up_and_names(
    svccheck: Svccheck, tmp_path: Path, encoding: str
) -> None:
    path = _csv(tmp_path / "登记簿.csv", _rows(CSV_CELLS, NAMES), encoding)
    read = svccheck("read", path, *INSPECTION, "--format", "json")
    assert read.code == 1, read
    assert _rejected(read) == {
        f"{DUE}{FIRST}": "not a date under '整改期限': '2026-10-2\\x01' (expected a date cell or "
        "2026-10-08, 2026/10/8, 2026.10.08, 2026年10月8日)",
        # an escape sequence in a name would be a person of its own: refused, shown escaped
        f"D{FIRST + 5}": "'被检查人' holds a control character: '\\x1b[2J赵' (delete it in the "
        "sheet)",
    }
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    assert svccheck("ingest", path, *INSPECTION, "--db", db).code == 0
    actions = _actions(svccheck, db)
    assert {s: a[:3] for s, a in actions.items()} == {
        "+1张": ("2026-10-20", "closed", "2026-10-12"),
        "-2李": ("2026-10-30", "open", None),
        "@SUM(A1)": ("2026-10-22", "closed", "2026-10-09"),
        "[bold]王[/bold]": ("2026-10-22", "open", None),
    }
    outputs = _every_output(svccheck, db, tmp_path)
    csv_lines = outputs["csv"].splitlines()
    for name in ("+1张", "-2李", "@SUM(A1)"):
        assert any(line.split(",")[1] == f"'{name}" for line in csv_lines), (name, csv_lines)
    assert "\x1b" not in "".join(outputs.values())  # escape sequences never reach an output
    assert "\\[bold\\]王\\[/bold\\]" in outputs["md"]
    assert "[bold]王[/bold]" in outputs["table"] and "[bold]王[/bold]" in outputs["xlsx"]


# --- `svccheck actions`: hostile options and ledgers -----------------------------------------


@pytest.fixture
def ledger(svccheck: Svccheck, tmp_path: Path) -> str:
    """A ledger holding one register of 东环支行 with two findings."""
    path = _xlsx(tmp_path / "登记簿.xlsx", _rows([("2026-10-12", None), (None, "10月9日")]))
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    assert svccheck("ingest", path, *INSPECTION, "--db", db).code == 0
    return db


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "nonsense"], "--date 'nonsense' is not a date (write it as 2026-10-08"),
        (["--date", "2026-02-30"], "--date '2026-02-30' is not a date"),
        (["--status", "bogus"], "--status 'bogus' is not one of open, overdue, closed"),
        (["--format", "xlsx"], "--format xlsx needs -o FILE"),
        (["--branch", "无此支行"], "holds no checks for 无此支行 (its branches: 东环支行)"),
    ],
)
def test_hostile_actions_options_exit_2(
    svccheck: Svccheck, ledger: str, args: list[str], message: str
) -> None:
    run = svccheck("actions", "--db", ledger, *args)
    assert run.code == 2 and message in run.stderr, run
    assert run.stdout == ""


def test_an_unknown_branch_is_refused_as_report_refuses_it(svccheck: Svccheck, ledger: str) -> None:
    actions = svccheck("actions", "--db", ledger, "--branch", "无此支行")
    report = svccheck("report", "--db", ledger, "--branch", "无此支行")
    assert actions.code == report.code == 2
    assert actions.stderr == report.stderr


def test_actions_output_paths_that_cannot_be_written(
    svccheck: Svccheck, ledger: str, tmp_path: Path
) -> None:
    folder = svccheck("actions", "--db", ledger, "-o", tmp_path)
    assert folder.code == 2 and "it is a folder" in folder.stderr, folder
    before = (tmp_path / "ledger.db").read_bytes()
    onto = svccheck("actions", "--db", ledger, "--format", "csv", "-o", tmp_path / "ledger.db")
    assert onto.code == 2 and "it is an input of this run" in onto.stderr, onto
    assert (tmp_path / "ledger.db").read_bytes() == before
    under_a_file = svccheck("actions", "--db", ledger, "-o", tmp_path / "登记簿.xlsx" / "a.csv")
    assert under_a_file.code == 2 and "Traceback" not in under_a_file.stderr, under_a_file
    missing = svccheck("actions", "--db", ledger, "-o", tmp_path / "no" / "a.md")
    assert missing.code == 2 and "does not exist" in missing.stderr, missing
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ledger.db", "登记簿.xlsx"]


@pytest.mark.parametrize("command", [["actions"], ["report"], ["brief", "--branch", "东环支行"]])
def test_read_only_commands_never_write_into_another_programs_database(
    svccheck: Svccheck, tmp_path: Path, command: list[str]
) -> None:
    """A SQLite file of another program (or an empty one) is no ledger: refused, untouched —
    before, `actions` listed nothing (exit 0) and every read-only command wrote the whole
    ledger schema into it. An empty file is refused too (no ledger to read)."""
    other = tmp_path / "crm.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE customers (name TEXT)")
    run = svccheck(*command, "--db", f"sqlite:///{other}")
    assert run.code == 2, run
    assert f"sqlite:///{other} is not a svccheck ledger (its tables: customers)" in run.stderr
    with sqlite3.connect(other) as conn:
        tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master")]
    assert tables == ["customers"]
    zh = svccheck(*command, "--db", f"sqlite:///{other}", lang="zh")
    assert zh.code == 2 and "不是 svccheck 账本（其中的表：customers）" in zh.stderr, zh
    (tmp_path / "empty.db").touch()
    empty = svccheck(*command, "--db", f"sqlite:///{tmp_path / 'empty.db'}")
    assert empty.code == 2, empty
    assert "is not a svccheck ledger (its tables: —): run svccheck ingest first" in empty.stderr


def test_ingest_never_writes_into_another_programs_sqlite_file(
    svccheck: Svccheck, tmp_path: Path
) -> None:
    other = tmp_path / "crm.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE customers (name TEXT)")
    path = _xlsx(tmp_path / "登记簿.xlsx", _rows([(None, None)]))
    run = svccheck("ingest", path, *INSPECTION, "--db", f"sqlite:///{other}")
    assert run.code == 2, run
    assert (
        f"sqlite:///{other} is not a svccheck ledger (its tables: customers): another "
        "program's database, which svccheck does not write to" in run.stderr
    )
    with sqlite3.connect(other) as conn:
        assert [name for (name,) in conn.execute("SELECT name FROM sqlite_master")] == ["customers"]


def test_actions_on_a_missing_or_broken_ledger(svccheck: Svccheck, tmp_path: Path) -> None:
    missing = svccheck("actions", "--db", f"sqlite:///{tmp_path / 'none.db'}")
    assert missing.code == 2 and "no ledger at sqlite:///" in missing.stderr, missing
    assert not (tmp_path / "none.db").exists()  # like report: never creates a ledger
    (tmp_path / "text.db").write_text("not a database\n", encoding="utf-8")
    text = svccheck("actions", "--db", f"sqlite:///{tmp_path / 'text.db'}")
    assert text.code == 2 and "file is not a database" in text.stderr, text


def test_a_postgres_password_is_never_echoed(svccheck: Svccheck) -> None:
    url = "postgresql://svc:s3cretPW@127.0.0.1:1/ledger"
    run = svccheck("actions", "--db", url, "--date", AS_OF)
    assert run.code == 2, run
    assert "postgresql://svc:***@127.0.0.1:1/ledger" in run.stderr
    assert "s3cretPW" not in run.stdout + run.stderr
