"""`svccheck actions` and the corrective actions in `brief` and `report`, end to end: real
registers written with openpyxl, ingested into SQLite and PostgreSQL, listed from the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from cli_support import V1_LIBRARY, RunCli, accountable_copy

EAST, WEST = "东环支行", "西城支行"
OCT_9, NOV_6 = dt.date(2026, 10, 9), dt.date(2026, 11, 6)
DUE = dt.date(2026, 10, 12)
Finding = tuple[str | None, str, str, object, object]  # person, item, note, due, fixed


@pytest.fixture(scope="module")
def held_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return accountable_copy(V1_LIBRARY, tmp_path_factory.mktemp("held"))


def register(
    path: Path, branch: str, day: dt.date, findings: list[Finding], on_duty: list[str]
) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "登记簿"
    sheet.append(["营业网点服务检查登记簿"])
    sheet.append([f"网点：{branch}"])
    sheet.append(["序号", "检查日期", "被检查人", "岗位", "标准编号", "问题描述", "扣分",
                  "整改期限", "整改情况及复查日期"])  # fmt: skip
    for n, (person, item, note, due, fixed) in enumerate(findings, 1):
        sheet.append([n, day, person, "综合柜员" if person else None, item, note, None, due,
                      fixed])  # fmt: skip
    staff = book.create_sheet("在岗人员")
    staff.append(["姓名", "岗位"])
    for name in on_duty:
        staff.append([name, "综合柜员"])
    book.save(path)
    return path


OCTOBER: list[Finding] = [
    ("张三", "TLR-01", "未佩戴工号牌", DUE, None),
    (None, "ENT-01", "门楣灯不亮", None, "整改中"),
]


class Bank:
    """A ledger and the library options every command of a test passes."""

    def __init__(self, run_cli: RunCli, url: str, root: Path, folder: Path) -> None:
        self.run_cli, self.url, self.folder = run_cli, url, folder
        self.lib = ("--standards", str(root / "standards"), "--checklists",
                    str(root / "checklists"))  # fmt: skip

    def ingest(self, *paths: Path) -> str:
        result = self.run_cli("ingest", *paths, "--db", self.url, *self.lib)
        assert result.code == 0, result
        return result.stderr

    def run(
        self, *args: str, lang: str = "en", code: int = 0, env: dict[str, str] | None = None
    ) -> Any:
        result = self.run_cli(*args, "--db", self.url, *self.lib, lang=lang, env=env)
        assert result.code == code, result
        return result

    def actions(self, *args: str) -> dict[str, Any]:
        doc: dict[str, Any] = json.loads(self.run("actions", "--format", "json", *args).stdout)
        return doc


@pytest.fixture
def bank(run_cli: RunCli, ledger_url: str, held_root: Path, tmp_path: Path) -> Bank:
    return Bank(run_cli, ledger_url, held_root, tmp_path)


def test_actions_lists_filters_and_writes_every_format(bank: Bank) -> None:
    bank.ingest(register(bank.folder / "东环10月.xlsx", EAST, OCT_9, OCTOBER, ["张三"]))
    bank.ingest(register(bank.folder / "西城10月.xlsx", WEST, OCT_9, [OCTOBER[1]], ["王五"]))
    doc = bank.actions("--date", "2026-10-13")
    assert doc["by_status"] == {"open": 2, "overdue": 1, "closed": 0}
    assert [(a["branch"], a["subject"], a["item"], a["due"], a["status"]) for a in
            doc["actions"]] == [
        (EAST, "张三", "TLR-01", "2026-10-12", "overdue"),
        (EAST, EAST, "ENT-01", "2026-10-23", "open"),
        (WEST, WEST, "ENT-01", "2026-10-23", "open"),
    ]  # fmt: skip
    assert doc["actions"][0]["title"] and doc["actions"][1]["fix_note"] == "整改中"
    overdue = bank.actions("--date", "2026-10-13", "--status", "overdue", "--branch", EAST)
    assert [a["item"] for a in overdue["actions"]] == ["TLR-01"]
    wide = {"COLUMNS": "160"}  # room for every column, the source too
    zh = bank.run("actions", "--date", "2026-10-13", "--branch", EAST, lang="zh", env=wide).stdout
    assert "已逾期" in zh and "整改期限" in zh and "东环10月.xlsx › 登记簿" in zh
    en = bank.run("actions", "--date", "2026-10-13", "--format", "md").stdout
    assert "| Branch | Subject / owner |" in en and "overdue" in en
    table = bank.run("actions", "--date", "2026-10-13", "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(table.removeprefix("\ufeff"))))
    assert rows[0][:3] == ["Branch", "Subject / owner", "Item"] and len(rows) == 4
    out = bank.folder / "actions.xlsx"
    bank.run("actions", "--date", "2026-10-13", "-o", str(out))
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None and sheet.cell(4, 1).value == EAST and sheet.max_row == 6


@pytest.mark.parametrize(
    ("lang", "args", "message"),
    [
        ("en", ("--date", "soon"), "--date 'soon' is not a date"),
        ("zh", ("--date", "soon"), "--date 'soon' 不是日期"),
        ("en", ("--branch", "北站支行"), "holds no checks for 北站支行 (its branches: 东环支行)"),
        ("zh", ("--branch", "北站支行"), "中没有北站支行的检查"),
        ("en", ("--format", "xlsx"), "--format xlsx needs -o FILE"),
        ("en", ("--status", "late"), "--status 'late' is not one of open, overdue, closed"),
        ("zh", ("--status", "迟了"), "--status “迟了”应为 未到期（open）、已逾期（overdue）或"),
    ],
)
def test_actions_usage_errors_are_said_in_both_languages(
    bank: Bank, lang: str, args: tuple[str, ...], message: str
) -> None:
    bank.ingest(register(bank.folder / "东环10月.xlsx", EAST, OCT_9, OCTOBER, ["张三"]))
    result = bank.run("actions", *args, lang=lang, code=2)
    assert message in result.stderr and "Traceback" not in result.stderr


def overdue_in_brief(bank: Bank, day: str, lang: str = "en") -> list[dict[str, Any]]:
    doc = json.loads(bank.run("brief", "--date", day, "--branch", EAST, "--format", "json",
                              lang=lang).stdout)  # fmt: skip
    (east,) = doc["branches"]
    found: list[dict[str, Any]] = east["overdue_actions"]
    return found


def test_an_october_finding_is_overdue_after_its_due_date_until_the_next_inspection_passes_it(
    bank: Bank,
) -> None:
    october = register(bank.folder / "10月.xlsx", EAST, OCT_9, OCTOBER, ["张三", "李四"])
    bank.ingest(october)
    # due 10-12: open that day, overdue in the brief of the day after
    assert overdue_in_brief(bank, "2026-10-12") == []
    (late,) = overdue_in_brief(bank, "2026-10-13")
    assert (late["owner"], late["item"], late["due"]) == ("张三", "TLR-01", "2026-10-12")
    assert late["title"]["zh"]
    zh = bank.run("brief", "--date", "2026-10-13", "--branch", EAST, lang="zh").stdout
    assert "逾期未整改（1 项）" in zh and "张三：TLR-01" in zh and "期限 2026-10-12" in zh
    en = bank.run("brief", "--date", "2026-10-13", "--branch", EAST, "--format", "html").stdout
    assert "Overdue corrective actions (1)" in en and "class=alert" in en
    listed = bank.actions("--status", "overdue", "--date", "2026-10-13")
    assert [(a["owner"], a["item"]) for a in listed["actions"]] == [("张三", "TLR-01")]
    for said in ("已逾期", "逾期", "OVERDUE"):  # as the brief and people say it
        assert bank.actions("--status", said, "--date", "2026-10-13") == listed
    # (a) the next inspection: 张三 on duty, no finding on TLR-01 — passed; ENT-01 not listed
    # (an implied pass, within the whole-checklist scope of the register)
    finding: Finding = ("李四", "TLR-03", "未举手示意", None, None)
    november = register(bank.folder / "11月.xlsx", EAST, NOV_6, [finding], ["张三", "李四"])
    bank.ingest(november)
    assert overdue_in_brief(bank, "2026-11-09") == []
    closed = bank.actions("--status", "closed", "--date", "2026-11-09")
    assert sorted((a["item"], a["closed"], Path(a["closed_by"]).name) for a in
                  closed["actions"]) == [
        ("ENT-01", "2026-11-06", "11月.xlsx"),
        ("TLR-01", "2026-11-06", "11月.xlsx"),
    ]  # fmt: skip
    # the October report counts the branch's actions (report@1, additive)
    report = json.loads(bank.run("report", "--period", "2026-10", "--format", "json").stdout)
    assert report["actions"] == [
        {"branch": EAST, "opened": 2, "closed": 0, "overdue": 2, "median_days_to_close": None}
    ]
    validate_report(report)
    md = bank.run("report", "--period", "2026-11", "--format", "md").stdout
    assert "Corrective actions by branch" in md


def test_a_corrected_register_dating_the_fix_closes_it_and_replaces_its_actions(
    bank: Bank, ledger_url: str
) -> None:
    bank.ingest(register(bank.folder / "10月.xlsx", EAST, OCT_9, OCTOBER, ["张三"]))
    assert bank.actions("--date", "2026-10-13")["count"] == 2
    fixed: list[Finding] = [
        ("张三", "TLR-01", "未佩戴工号牌", DUE, "已整改，10月14日复查通过"),
        (None, "ENT-01", "门楣灯不亮", None, "整改中"),
        ("张三", "TLR-02", "工牌歪斜", "下周", None),  # a bad due date: rejected, located
    ]
    corrected = register(bank.folder / "10月-更正.xlsx", EAST, OCT_9, fixed, ["张三"])
    said = bank.ingest(corrected)
    assert "superseded" in said or "取代" in said
    assert overdue_in_brief(bank, "2026-10-13") == [
        {"item": "TLR-01", "title": late_title(bank), "owner": "张三", "subject": "张三",
         "found": "2026-10-09", "due": "2026-10-12", "source": f"{corrected} › 登记簿 E4"}
    ]  # fmt: skip
    assert overdue_in_brief(bank, "2026-10-15") == []
    doc = bank.actions("--date", "2026-10-15")
    assert doc["count"] == 2  # replaced, not added to
    (tlr,) = [a for a in doc["actions"] if a["item"] == "TLR-01"]
    assert (tlr["status"], tlr["closed"], tlr["days"]) == ("closed", "2026-10-14", 5)
    assert tlr["closed_by"] == str(corrected)
    # every row scored or rejected, and the counts reconcile
    from svccheck.ledger.store import open_ledger

    with open_ledger(ledger_url) as ledger:
        counts = ledger.counts()
        (summary,) = ledger.inputs([2])
        (rejected,) = ledger.rejections([2])
    assert (summary.rows, summary.accepted, summary.rejected) == (3, 2, 1)
    assert rejected.cell == "H6" and "not a date under '整改期限'" in rejected.reason
    assert counts["observations_active"] == 2 and counts["actions_active"] == 2
    assert counts["actions"] == 4


def late_title(bank: Bank) -> dict[str, str]:
    from svccheck.catalog.library import load_library

    library = load_library(Path(bank.lib[1]), Path(bank.lib[3]))
    return library.items["TLR-01"].title.as_dict()


def validate_report(doc: dict[str, Any]) -> None:
    from importlib import resources

    import jsonschema

    schema = json.loads(
        resources.files("svccheck.reporting").joinpath("report.schema.json").read_text("utf-8")
    )
    jsonschema.validate(doc, schema)
