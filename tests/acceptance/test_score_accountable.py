"""Contract version 2 end to end: a register whose checklist holds people to account, scored by
the real CLI in every format — the person named for a red line is in the staff ranking."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from cli_support import V1_LIBRARY, RunCli, accountable_copy

DAY = dt.date(2026, 10, 9)


@pytest.fixture(scope="module")
def held(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bank's library folder: the bundled one, its register accountable."""
    return accountable_copy(V1_LIBRARY, tmp_path_factory.mktemp("bank"))


@pytest.fixture(scope="module")
def sheet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sheets") / "登记簿.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "登记簿"
    ws.append(["营业网点服务检查登记簿"])
    ws.append(["网点：东环支行", None, "检查范围：综合柜员、门前区"])
    ws.append(["序号", "检查日期", "被检查人", "岗位", "标准编号", "问题描述", "扣分"])
    ws.append([1, DAY, "刘洋", "综合柜员", "TLR-28", "代客户输入密码", 5])
    ws.append([2, DAY, "张三", "综合柜员", "TLR-01", "未佩戴工号牌", None])
    ws.append([3, DAY, None, None, "ENT-03", "门前有杂物", 1])
    staff = book.create_sheet("在岗人员")
    staff.append(["姓名", "岗位"])
    for name in ("刘洋", "张三", "李四"):
        staff.append([name, "综合柜员"])
    book.save(path)
    return path


def test_json_ranks_the_people_and_keeps_the_branch_whole(
    run_cli: RunCli, held: Path, sheet: Path
) -> None:
    result = run_cli("score", sheet, "--format", "json", "--standards", held / "standards")
    assert result.code == 0, result
    doc = json.loads(result.stdout)
    people = {r["subject"]: r for r in doc["subjects"] if r["subject_kind"] == "employee"}
    assert set(people) == {"刘洋", "张三", "李四"}
    assert people["刘洋"]["status"] == "remediation" and people["刘洋"]["kinds"] == ["inspection"]
    assert people["李四"]["score"] == 100
    (branch,) = doc["branches"]
    assert branch["criticals"] == 1 and doc["summary"]["failed"] == 3
    assert doc["inputs"][0]["scope"] == "综合柜员、门前区"
    (section,) = doc["sections"]
    assert section["scoring"]["model"] == "deduction"


@pytest.mark.parametrize("fmt", ["table", "md", "html"])
def test_every_text_format_shows_the_person(
    run_cli: RunCli, held: Path, sheet: Path, fmt: str
) -> None:
    result = run_cli("score", sheet, "--format", fmt, "--standards", held / "standards", lang="zh")
    assert result.code == 0, result
    assert "刘洋" in result.stdout


def test_csv_and_xlsx_show_the_person(
    run_cli: RunCli, held: Path, sheet: Path, tmp_path: Path
) -> None:
    csv = run_cli("score", sheet, "--format", "csv", "--by", "subject",
                  "--standards", held / "standards")  # fmt: skip
    assert csv.code == 0, csv
    assert "刘洋" in csv.stdout
    out = tmp_path / "r.xlsx"
    xlsx = run_cli("score", sheet, "--format", "xlsx", "-o", out, "--standards", held / "standards")
    assert xlsx.code == 0, xlsx
    book = openpyxl.load_workbook(out, read_only=True)
    cells = {c for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row}
    assert "刘洋" in cells


def test_explain_tells_the_persons_story(run_cli: RunCli, held: Path, sheet: Path) -> None:
    result = run_cli("explain", "刘洋", sheet, "--standards", held / "standards", lang="zh")
    assert result.code == 0, result
    assert "TLR-28" in result.stdout and "代客户输入密码" in result.stdout
    assert "需整改" in result.stdout
