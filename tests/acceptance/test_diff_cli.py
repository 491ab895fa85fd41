"""`svccheck diff OLD NEW` on real folders: golden outputs for the two test libraries in
tests/data/diff (every kind of change occurs between them), single files, bad input, and the
frozen 2026.1 library against itself.

The golden files are written, not compared, with `UPDATE_GOLDEN=1` in the environment:

    UPDATE_GOLDEN=1 python -m pytest tests/acceptance/test_diff_cli.py
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from cli_support import REPO, RunCli

DATA = REPO / "tests" / "data" / "diff"
GOLDEN = DATA / "golden"
FROZEN = REPO / "tests" / "data" / "library" / "2026.1"
SUFFIXES = {"table": "txt", "md": "md", "json": "json"}


def golden(name: str, text: str) -> str:
    """The golden file's text (written from `text` first when UPDATE_GOLDEN is set)."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", list(SUFFIXES))
def test_output_matches_golden(run_cli: RunCli, fmt: str, lang: str) -> None:
    result = run_cli("diff", "old", "new", "--format", fmt, cwd=DATA, lang=lang)
    assert result.code == 0, result
    assert result.stderr == ""
    assert result.stdout == golden(f"diff.{lang}.{SUFFIXES[fmt]}", result.stdout)


def test_table_is_the_default_and_lang_comes_before_the_command(run_cli: RunCli) -> None:
    result = run_cli("--lang", "zh", "diff", "old", "new", cwd=DATA, lang="en")
    assert result.code == 0, result
    assert result.stdout == (GOLDEN / "diff.zh.txt").read_text(encoding="utf-8")


def test_json_reports_every_kind_of_change(run_cli: RunCli) -> None:
    result = run_cli("diff", "old", "new", "--format", "json", cwd=DATA)
    doc = json.loads(result.stdout)
    assert doc["schema"] == "svccheck/diff@1"
    assert doc["old"] == {"path": "old", "version": "2026.1"}
    assert doc["new"] == {"path": "new", "version": "2027.1"}
    assert doc["summary"] == {
        "same": False,
        "items_added": 2,
        "items_removed": 1,
        "items_changed": 10,
        "checklists_compared": True,
        "checklists_added": 1,
        "checklists_removed": 1,
        "checklists_changed": 4,
    }
    items = doc["items"]
    assert [i["id"] for i in items["added"]] == ["TLR-12", "TLR-100"]  # natural order
    assert [i["id"] for i in items["removed"]] == ["TLR-10"]
    changed = {c["id"]: c["fields"] for c in items["changed"]}
    fields = {field for f in changed.values() for field in f}
    assert fields >= {
        "points",
        "max_points",
        "severity",
        "criterion",
        "cadence",
        "checklists",
        "title",
        "category",
        "area",
        "role",
        "method",
        "refs",
        "tags",
    }
    assert changed["TLR-01"] == {"points": {"old": 0.5, "new": 1.0}}
    assert changed["TLR-02"] == {"max_points": {"old": None, "new": 2.0}}
    assert changed["TLR-05"]["checklists"] == {
        "old": ["inspection-monthly", "morning-teller"],
        "new": ["inspection-monthly"],
    }
    assert changed["TLR-06"]["title"]["new"] == {
        "zh": "双手递送单据",
        "en": "Documents handed with both hands",
    }
    assert "TLR-11" not in changed  # its cadence only changed order
    checklists = doc["checklists"]
    assert [c["id"] for c in checklists["added"]] == ["mystery-shop"]
    assert [c["id"] for c in checklists["removed"]] == ["peer-teller"]
    by_id = {c["id"]: c for c in checklists["changed"]}
    assert by_id["morning-teller"]["fields"] == {
        "pass_mark": {"old": 93.0, "new": 90.0},
        "star_mark": {"old": 99.5, "new": 99.0},
    }
    assert by_id["morning-teller"]["items"] == {
        "added": ["TLR-12"],
        "removed": ["TLR-05", "TLR-10"],
    }
    assert by_id["morning-environment"]["fields"]["model"] == {"old": "deduction", "new": "rate"}
    assert set(by_id["weekly-counter"]["fields"]) == {"base", "kind", "subject"}
    assert set(by_id["inspection-monthly"]["fields"]) == {"veto", "accountable", "note"}


def test_output_file_is_written_and_summarised_on_stderr(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "changes.md"
    result = run_cli("diff", DATA / "old", DATA / "new", "--format", "md", "-o", out, lang="zh")
    assert result.code == 0, result
    assert result.stdout == ""
    assert "已写入" in result.stderr and "2026.1 → 2027.1：条目新增 2 项" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# 标准库差异：") and "## 修改检查表" in text
    assert [p.name for p in tmp_path.iterdir()] == ["changes.md"]  # no temporary file left


def test_standards_folders_take_their_checklists_from_beside_them(run_cli: RunCli) -> None:
    result = run_cli(
        "diff", "old/standards", "new/standards", "--format", "json", cwd=DATA, lang="en"
    )
    assert result.code == 0, result
    doc = json.loads(result.stdout)
    assert doc["summary"]["checklists_compared"] and doc["summary"]["checklists_changed"] == 4


def test_single_files_compare_items_only(run_cli: RunCli) -> None:
    old, new = "old/standards/teller.yaml", "new/standards/teller.yaml"
    result = run_cli("diff", old, new, "--format", "json", cwd=DATA)
    assert result.code == 0, result
    doc = json.loads(result.stdout)
    assert doc["old"] == {"path": old, "version": "2026.1"}
    assert doc["checklists"] == {"compared": False, "added": [], "removed": [], "changed": []}
    assert [i["id"] for i in doc["items"]["added"]] == ["TLR-12", "TLR-100"]
    assert doc["items"]["added"][0]["checklists"] is None
    changed = {c["id"]: c["fields"] for c in doc["items"]["changed"]}
    assert "LBY-02" not in changed  # another standard
    assert "checklists" not in changed["TLR-05"]  # no checklists to select it
    table = run_cli("diff", old, new, cwd=DATA, lang="zh")
    assert table.code == 0, table
    assert "检查表未比较" in table.stdout and "所在检查表" not in table.stdout


def test_a_file_against_a_library_narrows_the_library_to_its_standard(run_cli: RunCli) -> None:
    result = run_cli("diff", "old/standards/teller.yaml", "new", "--format", "json", cwd=DATA)
    assert result.code == 0, result
    doc = json.loads(result.stdout)
    assert doc["new"] == {"path": "new", "version": "2027.1"}
    assert doc["summary"]["items_changed"] == 9  # the teller items; LBY-02 is not in the file
    assert not doc["summary"]["checklists_compared"]


def test_identical_libraries_have_no_difference(run_cli: RunCli) -> None:
    for lang, words in (("en", "2026.1 → 2026.1: no difference"), ("zh", "没有差异")):
        result = run_cli("diff", "old", "old", cwd=DATA, lang=lang)
        assert result.code == 0, result
        assert words in result.stdout
        assert "TLR-" not in result.stdout


def test_frozen_2026_1_library_against_itself(run_cli: RunCli) -> None:
    result = run_cli("diff", FROZEN, FROZEN, "--format", "json")
    assert result.code == 0, result
    doc = json.loads(result.stdout)
    assert doc["summary"]["same"] is True
    assert doc["summary"]["checklists_compared"] is True
    assert doc["old"]["version"] == doc["new"]["version"] == "2026.1"
    assert doc["items"] == {"added": [], "removed": [], "changed": []}
    table = run_cli("diff", FROZEN / "standards", FROZEN, lang="en")
    assert table.code == 0, table
    assert "2026.1 → 2026.1: no difference" in table.stdout


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_path_that_does_not_exist_exits_2_naming_it(run_cli: RunCli, lang: str) -> None:
    result = run_cli("diff", "old", "nowhere/standards", cwd=DATA, lang=lang)
    assert result.code == 2, result
    assert "nowhere/standards" in result.stderr
    assert ("路径不存在" if lang == "zh" else "no such file or folder") in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_a_folder_without_standards_exits_2(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run_cli("diff", "empty", DATA / "new")
    assert result.code == 2, result
    assert "no standard files (*.yaml) in empty" in result.stderr


def test_an_invalid_library_exits_2_naming_the_file(run_cli: RunCli, tmp_path: Path) -> None:
    shutil.copytree(DATA / "new", tmp_path / "broken")
    teller = tmp_path / "broken" / "standards" / "teller.yaml"
    teller.write_text(
        teller.read_text(encoding="utf-8").replace("severity: major", "severity: serious", 1),
        encoding="utf-8",
    )
    result = run_cli("diff", DATA / "old", "broken")
    assert result.code == 2, result
    assert "broken/standards/teller.yaml:" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("standard: teller\nitems: [\n", "YAML syntax error"),
        ("checklist: x\ntitle: X\nkind: inspection\nselect: {}\n", "this is a checklist file"),
    ],
)
def test_an_unusable_single_file_exits_2_naming_it(
    run_cli: RunCli, tmp_path: Path, content: str, expected: str
) -> None:
    (tmp_path / "bad.yaml").write_text(content, encoding="utf-8")
    result = run_cli("diff", "bad.yaml", DATA / "new" / "standards" / "teller.yaml")
    assert result.code == 2, result
    assert "bad.yaml has 1 error and" in result.stderr
    assert "bad.yaml:" in result.stderr and expected in result.stderr
    assert "Traceback" not in result.stderr


def test_format_choices_are_the_renderers() -> None:
    from svccheck.cli.diff import DiffFormat
    from svccheck.reporting.diff import FORMATS

    assert [f.value for f in DiffFormat] == list(FORMATS)
