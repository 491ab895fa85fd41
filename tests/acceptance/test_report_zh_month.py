"""The example month's ledger as a Chinese user reads its report and action list.

The terminal tables at 80 and 120 columns: no line wider than the terminal (rich and the action
list count a CJK character as two columns), and no branch or person name, nor a heading, split
over two lines (「高新区支」 / 「行」, 「不合」 / 「格率」) — a table short of room leaves out its
least needed columns instead. The honesty table's kappa in every format: never "-0.00".
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from cli_support import REPO, run_in_process
from svccheck.textwidth import display_width

EXAMPLES = REPO / "examples" / "2026-10"
DAY = "2026-11-10"
# The history tables' zh headings (reporting/history.py) and the action list's.
HEADINGS = {
    "排名", "项目", "扣分", "上期", "变化", "排名变动", "对象", "网点", "得分", "扣分变化",
    "次数", "日期", "与平均差", "全行名次", "层级", "项目数", "自查不合格率",
    "他查不合格率", "差值", "配对", "一致率", "本期新增", "本期销号", "期末逾期",
    "整改天数中位数", "整改对象/责任人", "检查项目", "发现日期", "整改期限", "状态",
    "整改日期", "销号依据", "天数", "来源",
}  # fmt: skip


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, set[str]]:
    """The example month ingested; the names its report and action list can show."""
    folder = tmp_path_factory.mktemp("fit")
    url = f"sqlite:///{folder / 'ledger.db'}"
    assert run_in_process("ingest", EXAMPLES, "--db", url, cwd=folder).code == 0
    report: dict[str, Any] = json.loads(
        run_in_process("report", "--db", url, "--format", "json", cwd=folder).stdout
    )
    actions: dict[str, Any] = json.loads(
        run_in_process("actions", "--db", url, "--date", DAY, "--format", "json", cwd=folder).stdout
    )
    names = {row["branch"] for row in report["branches"]}
    names |= {row["subject"] for row in report["subjects"]}
    names |= {a[key] for a in actions["actions"] for key in ("branch", "subject", "owner")}
    return url, folder, names


def whole_words(text: str, names: set[str]) -> None:
    """No line wider than the terminal is checked by the caller; here: no token of the text is
    a piece of a name or heading (its head on one line, its tail on the next)."""
    known = names | HEADINGS | {"新"}  # 新: a rank change's cell (and the end of 孙立新)
    pieces = {w[:n] for w in known for n in range(1, len(w))} - known
    pieces |= {w[n:] for w in known for n in range(1, len(w))} - known
    tokens = {token for line in text.splitlines() for token in line.split()}
    assert not tokens & pieces, sorted(tokens & pieces)


@pytest.mark.parametrize("width", [80, 120])
def test_the_history_tables_fit_and_never_split_a_name(
    width: int, ledger: tuple[str, Path, set[str]]
) -> None:
    url, folder, names = ledger
    result = run_in_process(
        "report", "--db", url, lang="zh", cwd=folder, env={"COLUMNS": str(width)}
    )
    assert result.code == 0, result
    history = result.stdout[result.stdout.index("历史对比") :]
    assert "自查诚实度" in history and "高新区支行" in history
    assert max(display_width(line) for line in result.stdout.splitlines()) <= width
    whole_words(history, names)
    honesty = history[history.index("自查诚实度") : history.index("整改情况")]
    for name in ("滨江支行", "高新区支行", "任勇", "何振国"):  # branch and person rows
        assert any(line.split()[1:3].count(name) for line in honesty.splitlines()[3:]), name


@pytest.mark.parametrize("width", [80, 120])
def test_the_action_list_fits_the_terminal(width: int, ledger: tuple[str, Path, set[str]]) -> None:
    url, folder, names = ledger
    result = run_in_process(
        "actions", "--db", url, "--date", DAY, lang="zh", cwd=folder,
        env={"COLUMNS": str(width)},
    )  # fmt: skip
    assert result.code == 0, result
    lines = result.stdout.splitlines()
    assert max(display_width(line) for line in lines) <= width
    count = int(lines[0].split("：")[1].split(" ")[0])
    assert count > 200 and len(lines) == 4 + count  # one line an action: no row wrapped
    whole_words(result.stdout, names)
    heading = lines[2].split()
    assert heading[:3] == ["网点", "整改对象/责任人", "检查项目"] and "整改期限" in heading
    # the file names (closed by, then source) go first: the csv, json and xlsx keep them
    assert "销号依据" not in heading and "来源" not in heading


def test_a_wide_terminal_shows_every_column(ledger: tuple[str, Path, set[str]]) -> None:
    url, folder, _ = ledger
    result = run_in_process(
        "actions", "--db", url, "--date", DAY, lang="zh", cwd=folder, env={"COLUMNS": "250"}
    )
    heading = result.stdout.splitlines()[2].split()
    assert heading == [
        "网点", "整改对象/责任人", "检查项目", "发现日期", "整改期限", "状态", "整改日期",
        "销号依据", "天数", "来源",
    ]  # fmt: skip


def test_no_format_shows_a_negative_zero(ledger: tuple[str, Path, set[str]]) -> None:
    """Some branches' kappa is a hair below zero (the month's json has it): the terminal, md,
    html and xlsx write it 0.00, never -0.00."""
    url, folder, _ = ledger
    doc = json.loads(run_in_process("report", "--db", url, "--format", "json", cwd=folder).stdout)
    kappas = [h["kappa"] for h in doc["history"]["honesty"] if h["kappa"] is not None]
    assert any(-0.005 < k < 0 for k in kappas)  # the case in point
    texts = {}
    for fmt in ("table", "md", "html"):
        result = run_in_process("report", "--db", url, "--format", fmt, lang="zh", cwd=folder)
        assert result.code == 0, result
        texts[fmt] = result.stdout
    book = folder / "report.xlsx"
    assert run_in_process("report", "--db", url, "-o", book, lang="zh", cwd=folder).code == 0
    sheet = openpyxl.load_workbook(book)["历史对比"]
    texts["xlsx"] = "\n".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row)
    for fmt, text in texts.items():
        assert "0.00" in text and not re.search(r"[-−]0\.0+(?!\d)", text), fmt
