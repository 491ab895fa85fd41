"""Cells a ledger must never receive: a date outside the years read, a control character in a
name, a name too long for an index. The reader refuses each by cell, so both backends store
the same rows and the rest of the file is ingested; the date options of the ledger commands
refuse the same years."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sheets_support import with_nul

from svccheck.ledger.store import open_ledger

OCT8 = dt.date(2026, 10, 8)
HEADER = "序号,检查日期,网点,被检查人,标准编号,结果,问题描述"


def _register_csv(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join(["东环支行 营业网点服务检查登记簿", HEADER, *rows]) + "\n", "utf-8")
    return path


@pytest.mark.parametrize("written", ["9999-12-31", "0001-01-01", "1999-12-31", "2100-01-01"])
def test_a_register_row_dated_outside_the_years_read_is_refused_by_cell(
    run_cli, ledger_url: str, tmp_path: Path, written: str
) -> None:
    sheet = _register_csv(
        tmp_path / "登记簿.csv",
        [
            f"1,{written},东环支行,张三,TLR-11,×,未唱收唱付",
            "2,2026-10-08,东环支行,李四,TLR-11,×,同上",
        ],
    )
    result = run_cli("ingest", sheet, "--checklist", "inspection-monthly", "--db", ledger_url)
    assert result.code == 0, result  # the good row stored, the bad one listed as rejected
    assert "Traceback" not in result.stderr
    assert (
        f"row 3 B3: date '{written}' under '检查日期' is out of range (2000–2099): "
        "correct the year" in result.stderr
    ), result.stderr
    with open_ledger(ledger_url) as ledger:
        assert ledger.counts()["observations"] == 1
        assert ledger.branches() == ["东环支行"]
    for command in (("report",), ("brief", "--branch", "东环支行", "--date", "2026-10-09")):
        shown = run_cli(*command, "--db", ledger_url)
        assert shown.code == 0 and "Traceback" not in shown.stderr, shown
    actions = run_cli("actions", "--db", ledger_url, "--date", "2026-10-09", "--format", "csv")
    assert actions.code == 0 and "李四" in actions.stdout and "张三" not in actions.stdout


def test_a_date_cell_holding_9999_12_31_is_refused_by_cell(
    run_cli, ledger_url: str, tmp_path: Path, register_xlsx
) -> None:
    """Serial 2958465: a date cell Excel shows as 9999-12-31 (the due date would overflow)."""
    sheet = register_xlsx(
        tmp_path / "登记簿.xlsx",
        "东环支行",
        [(dt.date(9999, 12, 31), "张三", "TLR-11", "未唱收唱付"), (OCT8, "李四", "TLR-11", "同上")],
    )
    result = run_cli(
        "ingest", sheet, "--checklist", "inspection-monthly", "--db", ledger_url, lang="zh"
    )
    assert result.code == 0, result
    assert "B3" in result.stderr and "超出范围（2000–2099 年）" in result.stderr, result.stderr
    with open_ledger(ledger_url) as ledger:
        assert ledger.counts()["observations"] == 1


OUT_OF_RANGE = [
    (("report", "--from", "0001-01-01"), "--from '0001-01-01'"),
    (("report", "--from", "2026-10-01", "--to", "9999-12-31"), "--to '9999-12-31'"),
    (("report", "--period", "0001-01"), "--period '0001-01'"),
    (("report", "--period", "0000-01"), "--period '0000-01'"),
    (("report", "--period", "0001-01-01"), "--period '0001-01-01'"),
    (("report", "--week", "0001-W01"), "--week '0001-W01'"),
    (("report", "--week", "0000-W01"), "--week '0000-W01'"),
    (("brief", "--branch", "东环支行", "--date", "0001-01-01"), "--date '0001-01-01'"),
    (("actions", "--date", "9999-12-31"), "--date '9999-12-31'"),
]


@pytest.mark.parametrize("args, option", OUT_OF_RANGE)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_date_options_outside_the_years_read_are_refused(
    run_cli, tmp_path: Path, register_xlsx, args: tuple[str, ...], option: str, lang: str
) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    sheet = register_xlsx(tmp_path / "r.xlsx", "东环支行", [(OCT8, "张三", "TLR-11", "x")])
    assert run_cli("ingest", sheet, "--checklist", "inspection-monthly", "--db", url).code == 0
    result = run_cli(*args, "--db", url, lang=lang)
    assert result.code == 2, result
    assert "Traceback" not in result.stderr
    expected = {
        "zh": f"svccheck：错误：{option} 超出范围：日期应在 2000–2099 年之间",
        "en": f"svccheck: error: {option} is out of range: dates are read from 2000–2099",
    }[lang]
    assert expected in result.stderr, result.stderr


def test_a_nul_in_a_name_and_a_branch_too_long_for_an_index_fail_their_rows_only(
    run_cli, ledger_url: str, tmp_path: Path, register_xlsx
) -> None:
    """On PostgreSQL either one used to fail the whole ingest, naming no file: a text field
    cannot hold U+0000, and an index entry of 3,000 CJK characters is over 8,191 bytes."""
    folder = tmp_path / "2026-10"
    folder.mkdir()
    register_xlsx(folder / "a.xlsx", "西城支行", [(OCT8, "张三", "TLR-11", "未唱收唱付")])
    with_nul(
        register_xlsx(
            folder / "b.xlsx",
            "东环支行",
            [(OCT8, "付NUL娜", "TLR-11", "未唱收唱付"), (OCT8, "李四", "ENT-01", "门前不洁")],
        )
    )
    _register_csv(
        folder / "c.csv",
        [
            "1,2026-10-09,南湖支行,王五,ENT-01,×,地面有水",
            f"2,2026-10-09,{'支' * 3000},赵六,ENT-01,×,",
        ],
    )
    result = run_cli("ingest", folder, "--checklist", "inspection-monthly", "--db", ledger_url)
    assert result.code == 0, result
    assert "3 files added, 0 already held, 0 failed" in result.stderr, result.stderr
    assert "row 3 D3: '被检查人' holds a control character: '付\\x00娜'" in result.stderr
    assert "row 4 C4: text under '网点' is 3000 characters long, over 100" in result.stderr
    with open_ledger(ledger_url) as ledger:
        assert ledger.counts()["observations"] == 3
        assert ledger.branches() == ["东环支行", "南湖支行", "西城支行"]


def test_a_zero_width_space_makes_no_second_branch_or_person(
    run_cli, ledger_url: str, tmp_path: Path
) -> None:
    sheet = _register_csv(
        tmp_path / "登记簿.csv",
        [
            "1,2026-10-08,东环支行,张三,TLR-11,×,未唱收唱付",
            "2,2026-10-09,东环支行\u200b,张\u200b三,TLR-11,×,同上",
            "3,2026-10-10,\ufeff东环支行\u2060,张三\u200d,ENT-01,×,门前不洁",
        ],
    )
    result = run_cli("ingest", sheet, "--checklist", "inspection-monthly", "--db", ledger_url)
    assert result.code == 0, result
    with open_ledger(ledger_url) as ledger:
        assert ledger.branches() == ["东环支行"]
    actions = run_cli("actions", "--db", ledger_url, "--date", "2026-10-11", "--format", "csv")
    assert actions.code == 0, actions
    assert "\u200b" not in actions.stdout and "\u2060" not in actions.stdout
    assert actions.stdout.count("张三") == 3, actions.stdout
