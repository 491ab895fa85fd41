"""`svccheck read` run for real: what was understood, every rejection, the exit codes, JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sheets_support import LIBRARY, Sheet, write_csv, write_openpyxl  # the unit tests' writers

from cli_support import RunCli

MINI = ("--standards", LIBRARY / "standards", "--checklists", LIBRARY / "checklists")
MORNING = [
    ["综合柜员晨会自查表"],
    ["网点：东环支行    日期：2026年10月8日"],
    ["序号", "姓名", "TLR-01 着装规范", "唱收唱付", "扣分合计", "签字"],
    [1, "张三", "√", "×", 1],
    [2, "李四", "√", "ok?", 0],
    ["合计", None, None, None, 1],
]


def morning(tmp_path: Path) -> Path:
    return write_openpyxl(tmp_path / "晨会.xlsx", Sheet("10月8日", MORNING, merges=["A1:F1"]))


def test_table_shows_layout_mapping_counts_and_rejections(run_cli: RunCli, tmp_path: Path) -> None:
    path = morning(tmp_path)
    result = run_cli("read", path, *MINI, cwd=tmp_path)
    assert result.code == 1, result  # a row was rejected
    out = result.stdout
    assert f"{path} › 10月8日" in out
    assert "wide form (one row per person, one column per item)" in out
    assert "row 3" in out  # the header row
    assert "morning-teller (inferred from the items)" in out
    assert "branch 东环支行 (A2) · date 2026-10-08 (A2)" in out
    assert "2 read: 1 accepted, 1 rejected; 3 skipped" in out
    assert "序号, 扣分合计, 签字" in out
    assert "B→employee · C→TLR-01 · D→TLR-02" in out
    assert "  5   D5 " in out and "unknown mark 'ok?' under '唱收唱付'" in out
    assert "total: 1 files, 1 sheets, 2 rows read: 1 accepted, 1 rejected; 3 skipped" in out
    assert result.stderr == ""


def test_everything_accepted_exits_0_and_chinese(run_cli: RunCli, tmp_path: Path) -> None:
    rows = [["日期", "网点", "姓名", "TLR-01"], ["2026-10-08", "东环支行", "张三", "√"]]
    path = write_csv(tmp_path / "ok.csv", rows, "gb18030")
    result = run_cli("read", path, "--checklist", "peer-teller", *MINI, lang="zh")
    assert result.code == 0, result
    assert "peer-teller (--checklist)" in result.stdout and "宽表" in result.stdout
    assert "A→日期 · B→网点 · C→姓名 · D→TLR-01" in result.stdout  # fields by their headers
    assert "读入 1 行：接受 1，拒绝 0；跳过 0 行" in result.stdout
    assert (
        "合计：1 个文件、1 张表、读入 1 行：接受 1，拒绝 0；跳过 0 行；观测 1 条" in result.stdout
    )


def test_json_carries_inputs_sheets_rejected_and_skips(run_cli: RunCli, tmp_path: Path) -> None:
    path = morning(tmp_path)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"%PDF-1.4")
    result = run_cli("read", path, bad, "--format", "json", *MINI)
    assert result.code == 1, result
    document = json.loads(result.stdout)
    assert document["schema"] == "svccheck/read@1"
    assert document["inputs"] == [
        {"file": str(path), "sheets": ["10月8日"], "rows": 2, "accepted": 1, "rejected": 1,
         "skipped": 3},
        {"file": str(bad), "sheets": [], "rows": 0, "accepted": 0, "rejected": 0, "skipped": 0},
    ]  # fmt: skip
    (sheet,) = document["sheets"]
    assert sheet == {
        "file": str(path), "sheet": "10月8日", "form": "wide", "header_row": 3,
        "checklist": "morning-teller", "checklist_from": "inferred",
        "columns": {"B": "employee", "C": "TLR-01", "D": "TLR-02"},
        "ignored": ["序号", "扣分合计", "签字"],
        "sheet_values": {"branch": "东环支行 (A2)", "date": "2026-10-08 (A2)"},
        "rows": 2, "accepted": 1, "rejected": 1, "skipped": 3, "warnings": [],
    }  # fmt: skip
    (rejected,) = document["rejected"]
    assert set(rejected) == {"file", "sheet", "row", "cell", "reason"}
    assert (rejected["row"], rejected["cell"]) == (5, "D5")
    assert document["skipped_sheets"] == [
        {
            "file": str(bad),
            "sheet": "",
            "reason": "not a spreadsheet (the file holds a PDF document)",
        }
    ]


def test_nothing_readable_exits_2_with_the_reason(run_cli: RunCli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"%PDF-1.4")
    result = run_cli("read", bad, *MINI)
    assert result.code == 2, result
    assert result.stdout == ""
    assert result.stderr == (
        f"svccheck: error: nothing could be read:\n  {bad}: not a spreadsheet (the file holds "
        "a PDF document)\n"
    )
    zh = run_cli("read", bad, *MINI, lang="zh")
    assert zh.code == 2 and "没有读到任何数据：" in zh.stderr and "Traceback" not in zh.stderr


def test_usage_problems_exit_2(run_cli: RunCli, tmp_path: Path) -> None:
    path = morning(tmp_path)
    unknown = run_cli("read", path, "--checklist", "nope", *MINI)
    assert unknown.code == 2 and "unknown checklist nope; known: " in unknown.stderr
    rows = [["日期", "网点", "姓名", "TLR-01"], ["2026-10-08", "东环支行", "张三", "√"]]
    plain = write_openpyxl(tmp_path / "plain.xlsx", Sheet("S", rows))
    ambiguous = run_cli("read", plain, *MINI)
    assert ambiguous.code == 2, ambiguous
    assert "cannot tell which checklist this sheet is for" in ambiguous.stderr
    assert "morning-teller (Teller morning self-check), peer-teller" in ambiguous.stderr


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_a_folder_of_sheets(run_cli: RunCli, tmp_path: Path, fmt: str) -> None:
    folder = tmp_path / "10月"
    folder.mkdir()
    header = ["日期", "网点", "姓名", "TLR-01"]
    for n in range(6):  # six sheets (six copies of one would be read once)
        write_csv(folder / f"{n}.csv", [header, [f"2026-10-0{n + 1}", "东环支行", "张三", "√"]])
    result = run_cli("read", folder, "--checklist", "morning-teller", "--format", fmt, *MINI)
    assert result.code == 0, result
    if fmt == "json":
        assert len(json.loads(result.stdout)["inputs"]) == 6
    else:
        assert "total: 6 files, 6 sheets, 6 rows read: 6 accepted" in result.stdout


def test_a_copy_or_a_file_named_twice_is_counted_once(run_cli: RunCli, tmp_path: Path) -> None:
    # Explorer names a pasted copy "… - 副本.xlsx": its rows are the original's, counted once,
    # as ingest stores a content once; the copy is listed as not read, saying whose it is.
    example = Path(__file__).resolve().parents[2] / "examples" / "2026-10" / "inspection"
    month = tmp_path / "month"
    month.mkdir()
    for path in example.iterdir():
        (month / path.name).write_bytes(path.read_bytes())
    original = month / "滨江支行-登记簿.xlsx"
    (month / "滨江支行-登记簿 - 副本.xlsx").write_bytes(original.read_bytes())
    alone = run_cli("score", example, "--format", "json")
    with_copy = run_cli("score", month, "--format", "json", lang="zh")
    assert alone.code == with_copy.code == 0, with_copy
    one, two = json.loads(alone.stdout), json.loads(with_copy.stdout)
    assert one["summary"] == two["summary"] and len(one["inputs"]) == len(two["inputs"])
    assert "内容相同，未重复计入" in with_copy.stderr
    read = json.loads(run_cli("read", month, "--format", "json").stdout)
    (skip,) = [s for s in read["skipped_sheets"] if "same content as" in s["reason"]]
    kept = skip["reason"].removeprefix("same content as ").removesuffix(": not counted twice")
    names = {Path(skip["file"]).name, Path(kept).name}
    assert names == {"滨江支行-登记簿.xlsx", "滨江支行-登记簿 - 副本.xlsx"}
    # one file by two spellings of its path: read once, nothing said
    twice = run_cli("read", original, month / "." / original.name, "--format", "json")
    assert len(json.loads(twice.stdout)["inputs"]) == 1


def test_a_sheet_of_many_rejected_rows_shows_the_first_thousand(
    run_cli: RunCli, tmp_path: Path
) -> None:
    # a table of 300,000 rejected rows took 98 s to lay out: the first 1,000 are shown, and
    # the json lists them all
    header = ["日期", "网点", "姓名", "TLR-01"]
    rows = [header, *(["2026-10-08", "东环支行", f"张{n}", "??"] for n in range(1_500))]
    path = write_csv(tmp_path / "many.csv", rows)
    table = run_cli("read", path, "--checklist", "morning-teller", *MINI)
    assert table.code == 1, table
    assert "… 500 more rejected rows (--format json lists them all)" in table.stdout
    assert table.stdout.count("unknown mark '??'") == 1_000
    doc = run_cli("read", path, "--checklist", "morning-teller", "--format", "json", *MINI)
    assert len(json.loads(doc.stdout)["rejected"]) == 1_500
