"""`svccheck report --standards NEW`: a stored month scored again under another library version,
on a real ledger (both backends), with the figures worked out by hand.

The register (tests/data/rescore) has two findings on 2026-10-08 at 东环支行: CTR-02 naming 张三
(扣分 2, as written) and CTR-03 naming 李四 (扣分 1). Under the old library (deduction from 100)
the branch scores 100 − 2 − 1 = 97. The new library weighs CTR-02 at 3 (分值 3), drops CTR-03,
adds CTR-04, and scores the register as a rate.
"""

from __future__ import annotations

import json
from typing import Any

from ledger_support import REPO

DATA = REPO / "tests" / "data" / "rescore"
SHEET = DATA / "register-2026-10-08.csv"


def report(run_cli: Any, url: str, library: str, *more: str) -> dict[str, Any]:
    result = run_cli(
        "report", "--db", url, "--period", "2026-10", "--standards",
        DATA / library / "standards", "--format", "json", *more,
    )  # fmt: skip
    assert result.code == 0, result
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def test_a_stored_month_is_rescored_under_the_new_library(run_cli, ledger_url: str) -> None:
    ingested = run_cli("ingest", SHEET, "--db", ledger_url, "--checklist", "register",
                       "--standards", DATA / "old" / "standards")  # fmt: skip
    assert ingested.code == 0, ingested

    stored = report(run_cli, ledger_url, "old")
    assert "rescored_from" not in stored
    assert [(b["subject"], b["score"]) for b in stored["branches"]] == [("东环支行", 97)]

    again = report(run_cli, ledger_url, "new")
    assert again["standards_version"] == "2027.1" and again["rescored_from"] == ["2026.1"]
    # CTR-03 is gone: its row is left out, and said so. CTR-04 was never inspected: it is out
    # of the re-scored check's scope, not passed by implication. The check's applicable items
    # are CTR-01 (分值 1) and CTR-02 (分值 3): possible 4, lost 2 (the sheet's 扣分 2 stands).
    assert any("1 stored rows" in w for w in again["warnings"]), again["warnings"]
    assert [(b["subject"], b["score"]) for b in again["branches"]] == [("东环支行", 50)]
    people = {
        s["subject"]: s["score"] for s in again["subjects"] if s["subject_kind"] == "employee"
    }
    # 张三: the same 2 of 4 lost; 李四 was named on the register (his finding is gone), so he is
    # still on duty that day and passes both items he is held to: 100.
    assert people == {"张三": 50, "李四": 100}
    assert [s["scoring"]["model"] for s in again["sections"]] == ["rate"]


def test_the_report_header_says_it_was_rescored(run_cli, ledger_url: str) -> None:
    run_cli("ingest", SHEET, "--db", ledger_url, "--checklist", "register",
            "--standards", DATA / "old" / "standards")  # fmt: skip
    header = {
        "zh": "已按标准库 2027.1 重新计分（账本中原按 2026.1 计分）",
        "en": "re-scored under library 2027.1 (stored under 2026.1)",
    }
    for lang, words in header.items():
        for fmt in ("md", "table", "html"):
            result = run_cli("report", "--db", ledger_url, "--period", "2026-10", "--standards",
                             DATA / "new" / "standards", "--format", fmt, lang=lang)  # fmt: skip
            assert result.code == 0, result
            assert words in result.stdout, (lang, fmt)


def test_damaged_stored_rows_are_refused_naming_the_batch_and_its_file(
    run_cli, ledger_url: str
) -> None:
    # A ledger is a file people copy, back up and restore: rows that are not what svccheck
    # wrote end in a message saying which file to ingest again, never a traceback.
    from svccheck.ledger.store import open_ledger

    assert run_cli("ingest", SHEET, "--db", ledger_url, "--checklist", "register",
                   "--standards", DATA / "old" / "standards").code == 0  # fmt: skip
    for damage in ("not json {", "[[1, 2, 3]]", '{"a": 1}'):
        with open_ledger(ledger_url) as ledger, ledger.backend.transaction():
            ledger.backend.execute("UPDATE observation_sets SET rows = ?", (damage,))
        for lang, said in (
            ("en", "the stored observations of batch 1 are damaged (not what svccheck writes); "
                   f"ingest its file {SHEET} again"),
            ("zh", f"第 1 批存储的观察数据已损坏（不是 svccheck 写入的格式）；请用 svccheck ingest "
                   f"重新入账其文件 {SHEET}"),
        ):  # fmt: skip
            result = run_cli("report", "--db", ledger_url, "--period", "2026-10", "--standards",
                             DATA / "new" / "standards", lang=lang)  # fmt: skip
            assert result.code == 2 and said in result.stderr, result
            assert "Traceback" not in result.stderr
