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

    def run(self, *args: str, lang: str = "en", code: int = 0) -> Any:
        result = self.run_cli(*args, "--db", self.url, *self.lib, lang=lang)
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
    zh = bank.run("actions", "--date", "2026-10-13", "--branch", EAST, lang="zh").stdout
    assert "已逾期" in zh and "整改期限" in zh and "东环10月.xlsx › 登记簿" in zh
    en = bank.run("actions", "--date", "2026-10-13", "--format", "md").stdout
    assert "| Branch | Subject / owner |" in en and "overdue" in en
    table = bank.run("actions", "--date", "2026-10-13", "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(table)))
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
        ("zh", ("--branch", "北站支行"), "中没有网点 北站支行 的检查"),
        ("en", ("--format", "xlsx"), "--format xlsx needs -o FILE"),
        ("en", ("--status", "late"), "'late' is not one of"),
    ],
)
def test_actions_usage_errors_are_said_in_both_languages(
    bank: Bank, lang: str, args: tuple[str, ...], message: str
) -> None:
    bank.ingest(register(bank.folder / "东环10月.xlsx", EAST, OCT_9, OCTOBER, ["张三"]))
    result = bank.run("actions", *args, lang=lang, code=2)
    assert message in result.stderr and "Traceback" not in result.stderr
