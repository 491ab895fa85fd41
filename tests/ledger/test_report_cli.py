"""`svccheck report` over a real ledger (both backends): the report, and its history block."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from ledger_support import build_bank

from cli_support import V1_LIBRARY
from svccheck.ledger.store import open_ledger
from svccheck.model import Library


def report_json(run_cli: Any, url: str, *args: str) -> dict[str, Any]:
    result = run_cli("report", "--db", url, "--format", "json", *args)
    assert result.code == 0, result
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def test_month_report_with_history(run_cli, bank_url: str) -> None:
    doc = report_json(run_cli, bank_url, "--period", "2026-10")
    assert doc["period"] == {"from": "2026-10-01", "to": "2026-10-31"}
    assert doc["summary"]["checks"] == 18 and doc["summary"]["branches"] == 2
    history = doc["history"]
    assert history["previous"]["label"] == "2026-09" and history["previous"]["checks"] == 18
    gaps = {g["item"]: g for g in history["gaps"]}
    # TLR-05 failed in 6 checks (0.5 each), TLR-11 in 3 (1 each); neither failed in September.
    assert gaps["TLR-05"]["points_lost"] == 3.0 and gaps["TLR-05"]["previous_rank"] is None
    assert gaps["TLR-03"]["points_lost"] == 2.0
    assert (
        gaps["TLR-03"]["previous_points_lost"] == 2.0 and gaps["TLR-03"]["points_lost_delta"] == 0
    )
    assert history["resolved"] == []
    subjects = {s["subject"]: s for s in history["subjects"]}
    assert subjects["李四"]["previous_score"] == 100 and subjects["李四"]["score_delta"] < 0
    assert (
        subjects["张三"]["rank_moved"]
        == subjects["张三"]["previous_rank"] - subjects["张三"]["rank"]
    )
    repeats = {(r["subject"], r["item"]): r for r in history["repeat_violations"]}
    assert set(repeats) == {("张三", "TLR-05"), ("张三", "TLR-11")}
    assert repeats[("张三", "TLR-05")]["times"] == 6
    assert repeats[("张三", "TLR-05")]["dates"] == ["2026-10-08", "2026-10-09", "2026-10-10"]


def test_csv_tables_carry_the_change_against_the_previous_period(run_cli, bank_url: str) -> None:
    import csv
    import io

    def table(*args: str, lang: str = "en") -> list[dict[str, str]]:
        result = run_cli(
            "report", "--db", bank_url, "--period", "2026-10", "--format", "csv", *args, lang=lang
        )
        assert result.code == 0, result
        return list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))

    history = report_json(run_cli, bank_url, "--period", "2026-10")["history"]
    gaps = {row["Item"]: row for row in table()}
    assert gaps["TLR-05"]["Previous rank"] == "" and gaps["TLR-05"]["Points lost change"] == ""
    assert gaps["TLR-03"]["Previous points lost"] == "2.0"
    assert gaps["TLR-03"]["Points lost change"] in ("0", "0.0")
    people = {row["Subject"]: row for row in table("--by", "subject")}
    expected = {s["subject"]: s for s in history["subjects"]}
    assert float(people["李四"]["Score change"]) == expected["李四"]["score_delta"] < 0
    assert int(people["张三"]["Rank moved"]) == expected["张三"]["rank_moved"]
    zh = table("--by", "branch", lang="zh")
    assert {"上期排名", "排名变动", "上期得分", "得分变化"} <= set(zh[0])
    assert "上期排名" not in table("--by", "category", lang="zh")[0]  # groups have no trend


def test_every_csv_report_and_action_list_opens_with_a_bom_for_excel(
    run_cli, bank_url: str, tmp_path: Path
) -> None:
    """Excel on a Chinese Windows PC reads a BOM-less csv as GBK and garbles it: the report's
    and the action list's csv start with the UTF-8 BOM, in a file and on stdout alike."""
    for command, name in (("report", "report.csv"), ("actions", "actions.csv")):
        out = tmp_path / name
        result = run_cli(command, "--db", bank_url, "-o", out, lang="zh")
        assert result.code == 0, result
        data = out.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
        assert data[3:].decode("utf-8").startswith(("排名,项目,", "网点,整改对象/责任人,"))
        shown = run_cli(command, "--db", bank_url, "--format", "csv", lang="zh")
        assert shown.code == 0 and shown.stdout.encode("utf-8") == data, shown


def test_baseline_is_bank_wide_even_for_one_branch(run_cli, bank_url: str) -> None:
    bank = report_json(run_cli, bank_url, "--period", "2026-10")
    one = report_json(run_cli, bank_url, "--period", "2026-10", "--branch", "西城支行")
    assert one["summary"]["branches"] == 1
    assert one["history"]["baseline"]["score"] == bank["summary"]["score_mean"]
    (west,) = one["history"]["baseline"]["branches"]
    assert west["branch"] == "西城支行" and west["branches"] == 2
    assert west["distance"] == pytest.approx(
        west["score"] - bank["summary"]["score_mean"], abs=1e-3
    )


def test_self_check_honesty_by_hand(run_cli, bank_url: str) -> None:
    honesty = report_json(run_cli, bank_url, "--period", "2026-10")["history"]["honesty"]
    zhang = next(h for h in honesty if h["subject"] == "张三")
    # 22 items × 3 days each way; self-reported 3 failures, peers found 6.
    assert (zhang["self_judged"], zhang["self_failed"]) == (66, 3)
    assert (zhang["others_judged"], zhang["others_failed"]) == (66, 6)
    assert zhang["gap"] == pytest.approx(3 / 66)
    # Pairs: both fail 3 (TLR-05), peer-only fail 3 (TLR-11), both pass 60.
    observed, expected = 63 / 66, (3 * 6 + 63 * 60) / 66**2
    assert zhang["pairs"] == 66 and zhang["agreement"] == pytest.approx(observed)
    assert zhang["kappa"] == pytest.approx((observed - expected) / (1 - expected))
    wang = next(h for h in honesty if h["subject"] == "王五")
    assert wang["gap"] < 0  # 王五 reported a failure his peer did not see
    east = next(h for h in honesty if h["level"] == "branch" and h["branch"] == "东环支行")
    assert east["others_failed"] == 7 and east["self_failed"] == 3


def test_week_and_range_periods(run_cli, bank_url: str) -> None:
    week = report_json(run_cli, bank_url, "--week", "2026-W41")
    assert week["period"] == {"from": "2026-10-05", "to": "2026-10-11"}
    assert week["history"]["previous"]["label"] == "2026-W40"
    span = report_json(run_cli, bank_url, "--from", "2026-10-09", "--to", "2026-10-10")
    assert span["summary"]["checks"] == 12
    assert span["history"]["previous"]["from"] == "2026-10-07"
    default = report_json(run_cli, bank_url)
    assert default["period"]["from"] == "2026-10-01"


def test_older_standards_version_is_flagged(
    run_cli, ledger_url: str, tmp_path: Path, library: Library
) -> None:
    from svccheck.catalog.library import load_library

    old = tmp_path / "old"
    shutil.copytree(V1_LIBRARY / "standards", old / "standards")
    shutil.copytree(V1_LIBRARY / "checklists", old / "checklists")
    teller = old / "standards" / "teller.yaml"
    teller.write_text(
        teller.read_text(encoding="utf-8").replace('version: "2026.1"', 'version: "2025.2"'),
        encoding="utf-8",
    )
    build_bank(ledger_url, tmp_path, load_library(old / "standards", old / "checklists"))
    doc = report_json(run_cli, ledger_url, "--period", "2026-10")
    versions = doc["history"]["older_versions"]
    assert {v["standards_version"] for v in versions} == {"2025.2"}
    assert sum(v["checks"] for v in versions) == 18


@pytest.mark.parametrize("fmt", ["md", "table", "html"])
def test_history_in_text_formats(run_cli, bank_url: str, fmt: str) -> None:
    en = run_cli("report", "--db", bank_url, "--period", "2026-10", "--format", fmt)
    assert en.code == 0, en
    for heading in (
        "against 2026-09",
        "Repeat violations",
        "Self-check honesty",
        "Against the bank-wide baseline",
    ):
        assert heading in en.stdout, heading
    zh = run_cli("report", "--db", bank_url, "--period", "2026-10", "--format", fmt, lang="zh")
    assert "重复违规" in zh.stdout and "自查诚实度" in zh.stdout


def test_history_sheet_in_xlsx(run_cli, bank_url: str, tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "2026-10.xlsx"
    result = run_cli(
        "report", "--db", bank_url, "--period", "2026-10", "--format", "xlsx", "-o", out
    )
    assert result.code == 0, result
    sheet = openpyxl.load_workbook(out)["History"]
    text = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert "Repeat violations (same subject and item, 3+ times)" in text
    assert "张三" in text


def test_empty_ledger_and_bad_options(run_cli, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    missing = run_cli("report", "--db", url)  # a read-only command never creates a ledger
    assert missing.code == 2 and f"no ledger at {url}: run svccheck ingest first" in missing.stderr
    assert not (tmp_path / "empty.db").exists()
    open_ledger(url).close()
    empty = run_cli("report", "--db", url)
    assert empty.code == 2 and "holds no checks yet" in empty.stderr
    period = run_cli("report", "--db", url, "--period", "2026-10")
    assert period.code == 2 and "holds no checks yet" in period.stderr
    bad = run_cli("report", "--db", url, "--period", "2026-13")
    assert bad.code == 2 and "--period '2026-13'" in bad.stderr
    both = run_cli("report", "--db", url, "--period", "2026-10", "--week", "2026-W41")
    assert both.code == 2 and "use only one of --period, --week" in both.stderr
    binary = run_cli("report", "--db", url, "--format", "xlsx")
    assert binary.code == 2 and "needs -o" in binary.stderr


def test_an_empty_period_is_an_error_naming_what_is_held(run_cli, bank_url: str) -> None:
    result = run_cli("report", "--db", bank_url, "--period", "2025-01")
    assert result.code == 2 and result.stdout == ""
    assert "no checks in 2025-01 (the ledger holds 2026-" in result.stderr
    zh = run_cli("report", "--db", bank_url, "--period", "2025-01", "--lang", "zh")
    assert zh.code == 2 and "2025-01 没有任何检查（账本中的数据：2026-" in zh.stderr


def test_unknown_branch_names_the_known_ones(run_cli, bank_url: str) -> None:
    result = run_cli("report", "--db", bank_url, "--branch", "南湖支行")
    assert result.code == 2
    assert "holds no checks for 南湖支行 (its branches: 东环支行, 西城支行)" in result.stderr


def test_the_ledger_keeps_every_version(bank_url: str) -> None:
    with open_ledger(bank_url) as ledger:
        assert ledger.counts()["files"] == 4


def test_format_help_names_every_registered_format() -> None:
    from svccheck.cli.report import FORMAT_HELP
    from svccheck.reporting import FORMAT_NAMES

    assert all(name in FORMAT_HELP for name in FORMAT_NAMES)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_terminal_report_fits_80_columns_without_cutting_a_number(
    run_cli, bank_url: str, lang: str
) -> None:
    from rich.cells import cell_len

    result = run_cli("report", "--db", bank_url, lang=lang, env={"COLUMNS": "80"})
    assert result.code == 0, result
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= 80
    assert not re.search(r"\d…|…\d|%…", result.stdout)
