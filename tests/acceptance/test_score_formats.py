"""`svccheck score` on real xlsx files, in every format and both languages."""

from __future__ import annotations

import csv
import io
import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from score_sheets import write_month

from cli_support import RunCli
from svccheck.model import Library
from svccheck.reporting import FORMAT_NAMES, SPECS

# Scored against the frozen 2026.1 library: the figures below were worked out by hand on its
# items and points (deduction from 100, veto zero on the morning sheet).
pytestmark = pytest.mark.usefixtures("v1_in_cwd")


@pytest.fixture(scope="session")
def library(library_v1: Library) -> Library:
    return library_v1


@pytest.fixture
def month(tmp_path: Path, library: Library) -> Path:
    return write_month(tmp_path / "2026-10", library)


def test_json_report_of_a_month(run_cli: RunCli, month: Path) -> None:
    result = run_cli("score", month, "--format", "json")
    assert result.code == 0, result
    doc: dict[str, Any] = json.loads(result.stdout)
    schema = json.loads(
        resources.files("svccheck.reporting").joinpath("report.schema.json").read_text("utf-8")
    )
    jsonschema.validate(doc, schema)
    assert [s["checklist"] for s in doc["sections"]] == ["inspection-monthly", "morning-teller"]
    teller = doc["sections"][1]
    scores = {r["subject"]: (r["score"], r["status"]) for r in teller["subjects"]}
    # morning-teller: pass_mark 93, star_mark 99.5
    assert scores == {"李四": (100, "star"), "张三": (98.25, "pass"), "王五": (50, "remediation")}
    register = doc["sections"][0]
    assert {r["subject"]: r["score"] for r in register["subjects"]} == {
        "东环支行": 99,
        "滨江支行": 98,
    }
    assert doc["summary"]["score_mean"] == pytest.approx(
        (98 + 98.5 + 100 + 100 + 0 + 100 + 99 + 98) / 8, abs=1e-4
    )
    assert doc["summary"]["criticals"] == 1
    assert doc["gaps"][0]["item"] == "TLR-22"
    (rejected,) = doc["rejected"]
    assert (Path(rejected["file"]).name, rejected["cell"]) == ("morning.xlsx", "F10")
    assert sum(i["rows"] for i in doc["inputs"]) == 9


def test_stderr_tells_what_was_read_and_rejected(run_cli: RunCli, month: Path) -> None:
    english = run_cli("score", month, "--format", "md")
    assert "read 2 files, 2 sheets, 9 rows: 8 scored, 1 rejected" in english.stderr
    assert "F10" in english.stderr and "'?'" in english.stderr
    chinese = run_cli("score", month, "--format", "md", lang="zh")
    assert "1 行未读入" in chinese.stderr


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", ["服务质量差距报告", "主要问题", "网点排名", "员工排名", "明星", "需整改", "王五"]),
        (
            "en",
            [
                "Service gap report",
                "Top gaps",
                "Branch ranking",
                "Staff ranking",
                "Star",
                "Remediation",
                "王五",
            ],
        ),
    ],
)
def test_terminal_table(run_cli: RunCli, month: Path, lang: str, words: list[str]) -> None:
    result = run_cli("score", month, lang=lang)
    assert result.code == 0, result
    for word in words:
        assert word in result.stdout
    assert "\x1b[" not in result.stdout


def test_markdown_bulletin(run_cli: RunCli, month: Path) -> None:
    result = run_cli("score", month, "--format", "md", "--lang", "zh")
    assert result.code == 0, result
    assert "## 主要问题（帕累托）" in result.stdout
    assert "| 3 | 王五 | 滨江支行 | 综合柜员 | 50 |" in result.stdout


def test_the_csv_report_opens_with_a_bom_for_excel(
    run_cli: RunCli, month: Path, tmp_path: Path
) -> None:
    """Excel on a Chinese Windows PC reads a BOM-less csv as GBK: `score`'s csv starts with
    the UTF-8 BOM, as the csv form does, in a file and on stdout alike."""
    out = tmp_path / "gaps.csv"
    assert run_cli("score", month, "-o", out, lang="zh").code == 0
    data = out.read_bytes()
    assert data[:3] == b"\xef\xbb\xbf" and data[3:].decode("utf-8").startswith("排名,项目,")
    shown = run_cli("score", month, "--format", "csv", lang="zh")
    assert shown.code == 0 and shown.stdout.encode("utf-8") == data, shown


def test_csv_by_subject_keeps_formulas_inert(run_cli: RunCli, month: Path, tmp_path: Path) -> None:
    out = tmp_path / "subjects.csv"
    result = run_cli("score", month, "--format", "csv", "--by", "subject", "-o", out)
    assert result.code == 0, result
    assert result.stdout == ""
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))
    assert rows[0][:3] == ["Rank", "Subject", "Branch"]
    assert {r[1] for r in rows[1:]} == {"李四", "张三", "王五", "东环支行", "滨江支行"}
    for row in rows:
        assert not any(cell.startswith(("=", "+", "@")) for cell in row)


@pytest.mark.parametrize(
    ("by", "lang", "heading"),
    [
        ("category", "zh", "按类别"),
        ("servqual", "en", "By SERVQUAL dimension"),
        ("branch", "en", "Branch ranking"),
    ],
)
def test_one_grouping(run_cli: RunCli, month: Path, by: str, lang: str, heading: str) -> None:
    result = run_cli("score", month, "--by", by, "--top", "3", lang=lang)
    assert result.code == 0, result
    assert heading in result.stdout
    assert ("Staff ranking" in result.stdout) is False


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_every_format_writes_a_file(run_cli: RunCli, month: Path, tmp_path: Path, fmt: str) -> None:
    spec = SPECS[fmt]
    out = tmp_path / f"report{spec.suffix}"
    result = run_cli("score", month, "--format", fmt, "-o", out, "--lang", "zh")
    assert result.code == 0, result
    data = out.read_bytes()
    assert data
    if spec.binary:
        assert data[:2] == b"PK"  # a zip: xlsx
    else:
        assert "TLR-22" in data.decode("utf-8")
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize(
    ("name", "start"),
    [("r.html", b"<!DOCTYPE html>"), ("r.HTM", b"<!DOCTYPE html>"), ("r.json", b"{"),
     ("r.md", b"# "), ("r.xlsx", b"PK"), ("r.out", b"Service gap report")],
)  # fmt: skip
def test_the_output_suffix_names_the_format(
    run_cli: RunCli, month: Path, tmp_path: Path, name: str, start: bytes
) -> None:
    result = run_cli("score", month, "-o", tmp_path / name)
    assert result.code == 0, result
    assert (tmp_path / name).read_bytes().startswith(start)


def test_a_format_that_contradicts_the_suffix_is_an_error(
    run_cli: RunCli, month: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    result = run_cli("score", month, "--format", "table", "-o", out)
    assert result.code == 2 and not out.exists()
    assert f"--format table contradicts -o {out} (a html file name)" in result.stderr
    zh = run_cli("score", month, "-f", "md", "-o", out, lang="zh")
    assert zh.code == 2 and "去掉 --format，或改用 .md 结尾的文件名" in zh.stderr
    same = run_cli("score", month, "--format", "html", "-o", out)
    assert same.code == 0 and out.read_bytes().startswith(b"<!DOCTYPE html>")
