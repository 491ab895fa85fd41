"""`svccheck ingest` for real: csv and xlsx files, both backends, several processes at once."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from ledger_support import SheetWriter

from svccheck.ledger.store import open_ledger
from svccheck.model import Library

OCT8, OCT9 = dt.date(2026, 10, 8), dt.date(2026, 10, 9)
TELLER = "综合柜员"


def teller_items(library: Library) -> list[str]:
    return list(library.checklists["morning-teller"].items)


def test_ingest_stores_and_is_idempotent(
    run_cli, ledger_url: str, tmp_path: Path, morning_csv: SheetWriter, library: Library
) -> None:
    sheet = morning_csv(
        tmp_path / "东环-W41.csv",
        "东环支行",
        {OCT8: [("张三", TELLER, {"TLR-01": "×"}), ("李四", TELLER, {})]},
        teller_items(library),
    )
    first = run_cli("ingest", sheet, "--checklist", "morning-teller", "--db", ledger_url)
    assert first.code == 0, first
    assert "stored 44 observations, 2 checks in 1 batches; 0 rows rejected" in first.stderr
    again = run_cli(
        "ingest",
        tmp_path / "东环-W41.csv",
        "--checklist",
        "morning-teller",
        "--db",
        ledger_url,
        lang="zh",
    )
    assert again.code == 0, again
    assert "账本中已有相同内容" in again.stderr and "未新增任何数据" in again.stderr
    with open_ledger(ledger_url) as ledger:
        assert ledger.counts()["observations"] == 44


def test_a_copy_under_another_name_adds_nothing(
    run_cli, ledger_url: str, tmp_path: Path, morning_csv: SheetWriter, library: Library
) -> None:
    sheet = morning_csv(
        tmp_path / "a.csv", "东环支行", {OCT8: [("张三", TELLER, {})]}, teller_items(library)
    )
    copy = tmp_path / "copy.csv"
    copy.write_bytes(sheet.read_bytes())
    result = run_cli("ingest", sheet, copy, "--checklist", "morning-teller", "--db", ledger_url)
    assert result.code == 0, result
    assert f"already in the ledger (same content as {sheet}" in result.stderr
    assert "1 files added, 1 already held, 0 failed" in result.stderr


def test_a_corrected_sheet_supersedes_the_earlier_one(
    run_cli, ledger_url: str, tmp_path: Path, morning_csv: SheetWriter, library: Library
) -> None:
    items = teller_items(library)
    first = morning_csv(
        tmp_path / "v1.csv",
        "东环支行",
        {OCT8: [("张三", TELLER, {"TLR-03": "×"})], OCT9: [("张三", TELLER, {})]},
        items,
    )
    fixed = morning_csv(tmp_path / "v2.csv", "东环支行", {OCT8: [("张三", TELLER, {})]}, items)
    assert run_cli("ingest", first, "--checklist", "morning-teller", "--db", ledger_url).code == 0
    result = run_cli("ingest", fixed, "--checklist", "morning-teller", "--db", ledger_url)
    assert result.code == 0, result
    assert f"supersedes 1 batches of {first} (kept as an audit trail)" in result.stderr
    with open_ledger(ledger_url) as ledger:
        counts = ledger.counts()
    assert counts["observations"] == 3 * 22 and counts["observations_active"] == 2 * 22


def test_rejected_rows_are_reported_and_do_not_block(
    run_cli, ledger_url: str, tmp_path: Path, morning_csv: SheetWriter, library: Library
) -> None:
    sheet = morning_csv(
        tmp_path / "r.csv",
        "东环支行",
        {OCT8: [("张三", TELLER, {"TLR-02": "??"}), ("李四", TELLER, {})]},
        teller_items(library),
    )
    result = run_cli(
        "ingest", sheet, "--checklist", "morning-teller", "--db", ledger_url, "--format", "json"
    )
    assert result.code == 0, result
    assert "1 rows rejected" in result.stderr and "'??'" in result.stderr
    import json

    (entry,) = json.loads(result.stdout)["files"]
    assert entry["status"] == "added" and entry["rejected"] == 1
    assert entry["rejections"][0]["cell"].startswith("F")
    with open_ledger(ledger_url) as ledger:
        assert ledger.counts()["rejections"] == 1
    again = sheet.with_name("again.csv")
    again.write_text(sheet.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    zh = run_cli("ingest", again, "--checklist", "morning-teller", "--db", ledger_url, lang="zh")
    assert zh.code == 0 and "拒收 1 行" in zh.stderr, zh
    assert " 第 2 行 F2：" in zh.stderr or " 第 3 行 F3：" in zh.stderr, zh
    assert " row " not in zh.stderr


def test_an_inspection_register_in_xlsx(
    run_cli, ledger_url: str, tmp_path: Path, register_xlsx: SheetWriter
) -> None:
    sheet = register_xlsx(
        tmp_path / "登记簿.xlsx",
        "东环支行",
        [(OCT8, "张三", "TLR-11", "未唱收唱付"), (OCT9, "", "ENT-01", "门前不洁")],
    )
    result = run_cli("ingest", sheet, "--checklist", "inspection-monthly", "--db", ledger_url)
    assert result.code == 0, result
    assert "2 checks in 2 batches" in result.stderr


def test_an_unreadable_file_fails_alone(
    run_cli, ledger_url: str, tmp_path: Path, morning_csv: SheetWriter, library: Library
) -> None:
    good = morning_csv(
        tmp_path / "good.csv", "东环支行", {OCT8: [("张三", TELLER, {})]}, teller_items(library)
    )
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    result = run_cli("ingest", good, bad, "--checklist", "morning-teller", "--db", ledger_url)
    assert result.code == 2, result
    assert "Traceback" not in result.stderr
    assert "1 files added, 0 already held, 1 failed" in result.stderr


def test_a_folder_is_read_ahead_file_by_file_and_held_files_are_not_read(
    run_cli, ledger_url: str, tmp_path: Path, register_xlsx: SheetWriter
) -> None:
    folder = tmp_path / "2026-10"
    folder.mkdir()
    for name, branch, item in (("a", "东环支行", "TLR-11"), ("b", "西城支行", "ENT-01")):
        register_xlsx(folder / f"{name}.xlsx", branch, [(OCT8, "张三", item, "发现问题")])
    (folder / "c.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    register_xlsx(folder / "d.xlsx", "南湖支行", [(OCT9, "", "ENT-02", "地面有水")])
    held = run_cli("ingest", folder / "b.xlsx", "--checklist", "inspection-monthly",
                   "--db", ledger_url)  # fmt: skip
    assert held.code == 0, held
    result = run_cli(
        "ingest", folder, "--checklist", "inspection-monthly", "--db", ledger_url,
        "--format", "json",
    )  # fmt: skip
    assert result.code == 2, result  # c.xlsx cannot be read; the others are ingested
    import json

    status = {Path(f["file"]).name: f["status"] for f in json.loads(result.stdout)["files"]}
    assert status == {"a.xlsx": "added", "b.xlsx": "duplicate", "c.xlsx": "failed",
                      "d.xlsx": "added"}  # fmt: skip
    with open_ledger(ledger_url) as ledger:
        assert ledger.counts()["files"] == 3
        assert ledger.branches() == ["东环支行", "南湖支行", "西城支行"]


def test_a_url_that_does_not_connect(run_cli, tmp_path: Path) -> None:
    result = run_cli("ingest", tmp_path, "--db", "postgresql://svc:pw@127.0.0.1:1/ledger")
    assert result.code == 2
    assert "cannot connect to the ledger postgresql://svc:***@127.0.0.1:1/ledger" in result.stderr
    assert "Traceback" not in result.stderr
    odd = run_cli("ingest", tmp_path, "--db", "oracle://x")
    assert odd.code == 2 and "unknown ledger URL 'oracle://x'" in odd.stderr


def test_a_ledger_from_a_newer_svccheck(
    run_cli, ledger_url: str, tmp_path: Path, morning_csv: SheetWriter, library: Library
) -> None:
    with open_ledger(ledger_url) as ledger:
        ledger.backend.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    sheet = morning_csv(
        tmp_path / "a.csv", "东环支行", {OCT8: [("张三", TELLER, {})]}, teller_items(library)
    )
    result = run_cli("ingest", sheet, "--checklist", "morning-teller", "--db", ledger_url)
    assert result.code == 2
    assert "has schema version 7" in result.stderr and "upgrade svccheck" in result.stderr
    for command in (["report"], ["ingest", sheet, "--checklist", "morning-teller"]):
        zh = run_cli(*command, "--db", ledger_url, lang="zh")
        assert zh.code == 2 and "结构版本为 7" in zh.stderr and "请升级 svccheck" in zh.stderr, zh


def test_a_ledger_whose_meta_is_not_ours_is_refused_in_both_languages(
    run_cli, ledger_url: str, tmp_path: Path
) -> None:
    with open_ledger(ledger_url) as ledger:  # a version no svccheck wrote: refused, not a crash
        ledger.backend.execute("UPDATE meta SET value = 'v2' WHERE key = 'schema_version'")
    staff = tmp_path / "staff.csv"
    staff.write_text("姓名,岗位\n张三,综合柜员\n", encoding="utf-8")
    commands = (["report"], ["ingest", tmp_path], ["roster", staff, "--branch", "东环支行"])
    for lang, said in (("en", "not a svccheck ledger"), ("zh", "不是 svccheck 账本")):
        for command in commands:  # ingest and roster say it in Chinese too
            result = run_cli(*command, "--db", ledger_url, lang=lang)
            assert result.code == 2 and said in result.stderr and "'v2'" in result.stderr, result
            assert "Traceback" not in result.stderr


def test_several_ingests_at_once_lose_and_double_nothing(
    ledger_url: str, tmp_path: Path, library: Library
) -> None:
    from ledger_support import write_morning_csv

    items = teller_items(library)
    people = [(f"员工{n}", TELLER, {"TLR-05": "×"} if n % 3 == 0 else {}) for n in range(12)]
    sheets = [
        write_morning_csv(
            tmp_path / f"b{b}-d{d}.csv", f"支行{b}", {OCT8 + dt.timedelta(days=d): people}, items
        )
        for b in range(4)
        for d in range(3)
    ]
    # Two versions of one branch-day race each other: exactly one of them may stay active.
    rival = write_morning_csv(tmp_path / "rival.csv", "支行0", {OCT8: people[:5]}, items)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SVCCHECK_")}
    env.update(SVCCHECK_LANG="en", PYTHONIOENCODING="utf-8")
    workers = []
    for n in range(5):
        order = sheets[n:] + sheets[:n] + ([rival] if n == 2 else [])
        workers.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "svccheck",
                    "ingest",
                    *map(str, order),
                    "--checklist",
                    "morning-teller",
                    "--db",
                    ledger_url,
                ],
                env=env,
                cwd=tmp_path,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    outputs = [w.communicate(timeout=300) for w in workers]
    assert [w.returncode for w in workers] == [0] * 5, outputs
    with open_ledger(ledger_url) as ledger:
        counts = ledger.counts()
        keys = ledger.backend.query(
            "SELECT branch, date, checklist, kind, count(*) FROM batches "
            "WHERE superseded_by IS NULL GROUP BY branch, date, checklist, kind"
        )
    assert counts["files"] == 13
    assert all(row[4] == 1 for row in keys) and len(keys) == 12
    per_sheet = 12 * len(items)
    assert counts["observations"] == 12 * per_sheet + 5 * len(items)
    assert counts["observations_active"] in (12 * per_sheet, 11 * per_sheet + 5 * len(items))


def test_an_unfilled_form_stores_nothing_and_says_so(run_cli, ledger_url: str) -> None:
    made = run_cli("form", "morning-teller", "--branch", "东环支行", "--date", "2026-10-08",
                   "-o", "blank.xlsx")  # fmt: skip
    assert made.code == 0, made
    result = run_cli("ingest", "blank.xlsx", "--db", ledger_url)
    assert result.code == 1, result
    assert "○ blank.xlsx: nothing to store (no marks or deductions: an unfilled form?)" in (
        result.stderr
    )
    assert "0 files added, 0 already held, 1 empty (not stored), 0 failed" in result.stderr
    assert "skipped" not in result.stderr  # the form's own helper sheets are not worth a word
    with open_ledger(ledger_url) as ledger:
        assert ledger.counts()["files"] == 0
    zh = run_cli("ingest", "blank.xlsx", "--db", ledger_url, lang="zh")
    assert zh.code == 1 and "没有可入账的内容" in zh.stderr and "空白 1 个（未入账）" in zh.stderr
