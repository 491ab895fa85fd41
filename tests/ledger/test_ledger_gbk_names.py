"""The ledger and what is not UTF-8: a sheet whose file name is GBK bytes (an unzipped archive
from Chinese Windows) and a --branch typed in a script saved in GBK, on both backends. Each is
stored and shown by its real name (`svccheck.pathtext`), never a traceback."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from ledger_support import SheetWriter

from svccheck.ledger.store import open_ledger
from svccheck.model import Library

OCT8 = dt.date(2026, 10, 8)
TELLER = "综合柜员"


def _gbk(text: str) -> str:
    """`text` as Python holds it when it arrives as GBK bytes (a file name, an argument)."""
    return os.fsdecode(text.encode("gbk"))


def test_ingest_stores_a_gbk_file_name_as_its_name(
    run_cli, ledger_url: str, tmp_path: Path, morning_csv: SheetWriter, library: Library
) -> None:
    items = list(library.checklists["morning-teller"].items)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    people = {
        "东环支行-W41.csv": ("东环支行", "张三"),
        "西城支行-W41.csv": ("西城支行", "王五"),
        "南湖支行-W41.csv": ("南湖支行", "李四"),
    }
    for name, (branch, who) in people.items():
        morning_csv(inbox / name, branch, {OCT8: [(who, TELLER, {"TLR-01": "×"})]}, items)
    held = Path(os.fsdecode(os.fsencode(inbox) + b"/" + "东环支行-W41.csv".encode("gbk")))
    (inbox / "东环支行-W41.csv").rename(held)
    latin = Path(os.fsdecode(os.fsencode(inbox) + b"/caf\xe9.csv"))
    (inbox / "南湖支行-W41.csv").rename(latin)
    # the bad names first: the file after them is ingested too
    result = run_cli(
        "ingest", held, latin, inbox / "西城支行-W41.csv", "--checklist", "morning-teller",
        "--db", ledger_url, lang="zh",
    )  # fmt: skip
    assert result.code == 0, result
    assert "inbox/东环支行-W41.csv：入账" in result.stderr
    assert "inbox/caf\\xe9.csv：入账" in result.stderr
    assert "新增 3 个文件" in result.stderr
    with open_ledger(ledger_url) as ledger:
        paths = sorted(Path(p).name for (p,) in ledger.backend.query("SELECT path FROM files"))
        sheets = sorted(s for (s,) in ledger.backend.query("SELECT sheets FROM files"))
        assert ledger.branches() == ["东环支行", "南湖支行", "西城支行"]
    assert paths == ["caf\\xe9.csv", "东环支行-W41.csv", "西城支行-W41.csv"]
    assert sheets == ["caf\\xe9", "东环支行-W41", "西城支行-W41"]  # a csv's sheet: its name
    report = run_cli("report", "--db", ledger_url, "--period", "2026-10", "--format", "json")
    assert report.code == 0, report
    inputs = sorted(Path(i["file"]).name for i in json.loads(report.stdout)["inputs"])
    assert inputs == paths
    # the same file again, by its GBK name: known by its content, named as stored
    again = run_cli("ingest", held, "--checklist", "morning-teller", "--db", ledger_url, lang="zh")
    assert again.code == 0 and "inbox/东环支行-W41.csv：账本中已有相同内容" in again.stderr


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_gbk_branch_is_read_as_gb18030(run_cli, bank_url: str, tmp_path: Path, lang: str) -> None:
    staff = tmp_path / "staff.csv"
    staff.write_text("姓名,岗位\n张三,综合柜员\n李四,综合柜员\n", encoding="utf-8")
    roster = run_cli("roster", staff, "--branch", _gbk("东环支行"), "--db", bank_url, lang=lang)
    assert roster.code == 0, roster
    with open_ledger(bank_url) as ledger:
        assert [p.name for p in ledger.staff("东环支行")] == ["张三", "李四"]
    for command in (
        ["brief", "--date", "2026-10-12", "--format", "json"],
        ["report", "--period", "2026-10", "--format", "json"],
        ["actions", "--format", "json"],
    ):
        gbk = run_cli(*command, "--branch", _gbk("东环"), "--db", bank_url, lang=lang)
        utf8 = run_cli(*command, "--branch", "东环", "--db", bank_url, lang=lang)
        assert gbk.code == utf8.code == 0, (gbk, utf8)
        assert gbk.stdout == utf8.stdout


@pytest.mark.parametrize(
    "lang, message",
    [
        ("en", "svccheck: error: --branch is not valid UTF-8 text (was the script saved in "
               "another encoding? save it as UTF-8)\n"),
        ("zh", "svccheck：错误：--branch 不是有效的 UTF-8 文本（脚本是否以其他编码保存？"
               "请另存为 UTF-8）\n"),
    ],
)  # fmt: skip
def test_a_branch_in_no_chinese_encoding_is_refused(
    run_cli, bank_url: str, tmp_path: Path, lang: str, message: str
) -> None:
    staff = tmp_path / "staff.csv"
    staff.write_text("姓名,岗位\n张三,综合柜员\n", encoding="utf-8")
    latin = os.fsdecode(b"caf\xe9")
    for command in (["roster", staff], ["brief"], ["report"], ["actions"]):
        result = run_cli(*command, "--branch", latin, "--db", bank_url, lang=lang)
        assert (result.code, result.stderr) == (2, message), result
    with open_ledger(bank_url) as ledger:
        assert ledger.backend.query("SELECT count(*) FROM staff_lists")[0][0] == 0
