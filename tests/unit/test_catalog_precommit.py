"""The pre-commit hooks: they check the whole library on every commit (no file names), so a
deletion, a dropped taxonomy id or a file in a subfolder cannot slip through."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from cli_support import REPO, RunCli

BANK = REPO / "tests" / "data" / "catalog" / "valid" / "bank-taxonomy-extends"


def _hooks(name: str) -> list[dict[str, Any]]:
    data = yaml.safe_load((REPO / name).read_text(encoding="utf-8"))
    if isinstance(data, dict):  # .pre-commit-config.yaml: repos → hooks
        return [hook for repo in data["repos"] for hook in repo["hooks"]]
    assert isinstance(data, list)
    return data


def test_hook_definition() -> None:
    (hook,) = _hooks(".pre-commit-hooks.yaml")
    assert hook["id"] == "svccheck-validate"
    assert hook["language"] == "python"
    assert hook["entry"] == "svccheck validate"
    # The whole library, on every commit: pre-commit names no deleted file, and a deletion or
    # a dropped taxonomy id breaks files the commit did not touch.
    assert hook["pass_filenames"] is False
    assert hook["always_run"] is True
    assert "files" not in hook and "types" not in hook


def test_contributors_hook_checks_the_whole_bundled_library() -> None:
    (hook,) = [h for h in _hooks(".pre-commit-config.yaml") if h["id"].startswith("svccheck")]
    assert hook["entry"] == ".venv/bin/svccheck validate --strict"
    assert hook["pass_filenames"] is False
    assert hook["always_run"] is True


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    """A bank's repository holding its library at the top (a copy of a valid one)."""
    shutil.copytree(BANK / "standards", tmp_path / "standards")
    shutil.copytree(BANK / "checklists", tmp_path / "checklists")
    return tmp_path


def _commit_check(run_cli: RunCli, repo: Path) -> Any:
    """What pre-commit runs for the bank's hook: the entry and its args, no file names, in the
    repository's top folder."""
    (hook,) = _hooks(".pre-commit-hooks.yaml")
    words = shlex.split(hook["entry"]) + list(hook.get("args", []))
    assert words[0] == "svccheck"
    return run_cli(*words[1:], "--format", "github", cwd=repo)


def test_the_hook_passes_a_valid_library(run_cli: RunCli, bank: Path) -> None:
    result = _commit_check(run_cli, bank)
    assert result.code == 0, result
    assert result.stdout == ""


def test_deleting_a_standard_still_selected_fails_the_commit(run_cli: RunCli, bank: Path) -> None:
    (bank / "standards" / "counter.yaml").unlink()
    result = _commit_check(run_cli, bank)
    assert result.code == 1, result
    assert "::error file=checklists/counter-morning.yaml" in result.stdout, result


def test_dropping_a_taxonomy_id_in_use_fails_the_commit(run_cli: RunCli, bank: Path) -> None:
    taxonomy = bank / "standards" / "taxonomy.yaml"
    text = taxonomy.read_text(encoding="utf-8")
    kept = [line for line in text.splitlines() if "digital_service" not in line]
    taxonomy.write_text("\n".join(kept) + "\n  other: {zh: 其他, en: Other}\n", encoding="utf-8")
    result = _commit_check(run_cli, bank)
    assert result.code == 1, result
    assert (
        "::error file=standards/counter.yaml,line=21,col=15,endLine=21,endColumn=30,"
        "title=unknown-term::items[1].category: unknown category 'digital_service' "
        "(not in the taxonomy)"
    ) in result.stdout, result
    # Asked about the taxonomy alone, validate names the files that still use the id.
    alone = run_cli("validate", "standards/taxonomy.yaml", "--format", "github", cwd=bank)
    assert alone.code == 1, alone
    assert "file=standards/counter.yaml,line=21" in alone.stdout, alone


@pytest.mark.parametrize("folder", ["standards", "checklists"])
def test_a_file_in_a_subfolder_fails_the_commit(run_cli: RunCli, bank: Path, folder: str) -> None:
    sub = bank / folder / "2027"
    sub.mkdir()
    source = next(p for p in sorted((bank / folder).glob("*.yaml")) if p.name != "taxonomy.yaml")
    shutil.copy(source, sub / source.name)
    result = _commit_check(run_cli, bank)
    assert result.code == 1, result
    assert result.stdout == (
        f"::error file={folder}/2027/{source.name},line=1,col=1,endLine=1,endColumn=1,"
        f"title=file-kind::files in a subfolder are not read (only the *.yaml directly in "
        f"{folder}/ are): move it up into {folder}/ to use it, or out of that folder\n"
    ), result
