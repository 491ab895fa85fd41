"""Semantic checks through the core API: every invalid case in Chinese, scoping of paths,
and that one broken file hides nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cli_support import REPO
from svccheck.catalog.findings import RULES
from svccheck.catalog.validate import check_library, validate_paths
from svccheck.errors import InputError

DATA = REPO / "tests" / "data" / "catalog"
INVALID = sorted(p for p in (DATA / "invalid").iterdir() if p.is_dir())


def lines(case: Path, lang: str, strict: bool = False) -> list[str]:
    report = validate_paths([case], cwd=case, strict=strict)
    return [f"{f.where}: {f.severity} [{f.code}] {f.text(lang)}" for f in report.findings]


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_invalid_case_in_chinese(case: Path) -> None:
    expected = (case / "expected.zh.txt").read_text(encoding="utf-8").splitlines()
    assert lines(case, "zh") == expected


def test_every_code_used_has_a_rule() -> None:
    used = {
        line.split("[")[1].split("]")[0]
        for case in INVALID
        for line in (case / "expected.en.txt").read_text(encoding="utf-8").splitlines()
    }
    assert used <= set(RULES)
    assert {
        "yaml-syntax",
        "yaml-tab",
        "yaml-duplicate-key",
        "yaml-alias-bomb",
        "yaml-not-mapping",
        "file-encoding",
        "file-binary",
        "schema-type",
        "schema-unknown-key",
        "duplicate-item",
        "unknown-term",
        "unknown-standard",
        "unknown-item",
        "empty-checklist",
        "points-over-max",
        "critical-unchecked",
        "missing-en",
    } <= used


def test_one_named_file_is_checked_in_its_library(tmp_path: Path) -> None:
    case = tmp_path / "lib"
    shutil.copytree(DATA / "invalid" / "duplicate-item-ids", case)
    report = validate_paths([case / "standards" / "lobby.yaml"], cwd=case)
    # The duplicate is found through the library, reported only for the file asked about.
    assert [f.where for f in report.findings] == ["standards/lobby.yaml:15:9"]
    assert report.files == ("standards/lobby.yaml",)


def test_checklists_folder_alone_uses_the_bundled_standards(tmp_path: Path) -> None:
    case = DATA / "valid" / "checklists-on-bundled-standards"
    report = validate_paths([case / "checklists"], cwd=case)
    assert report.ok and report.files == ("checklists/teller-critical.yaml",)


def test_bank_taxonomy_extends_the_bundled_one() -> None:
    case = DATA / "valid" / "bank-taxonomy-extends"
    checked = check_library(case / "standards", case / "checklists", case)
    assert checked.findings == ()
    assert [s.display for s in checked.taxonomies][1] == "standards/taxonomy.yaml"


def test_duplicate_standard_and_checklist_ids(tmp_path: Path) -> None:
    shutil.copytree(DATA / "valid" / "bank-library", tmp_path, dirs_exist_ok=True)
    shutil.copy(tmp_path / "standards" / "counter.yaml", tmp_path / "standards" / "copy.yaml")
    shutil.copy(
        tmp_path / "checklists" / "counter-morning.yaml", tmp_path / "checklists" / "again.yaml"
    )
    codes = sorted({f.code for f in validate_paths([tmp_path], cwd=tmp_path).findings})
    assert codes == [
        "duplicate-checklist",
        "duplicate-item",
        "duplicate-standard",
        "id-file-mismatch",
    ]


def test_missing_path_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="nowhere"):
        validate_paths([tmp_path / "nowhere"], cwd=tmp_path)


def test_a_folder_without_any_library_file_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no standards, checklist or taxonomy files"):
        validate_paths([tmp_path / "empty"], cwd=tmp_path)


def test_strict_promotes_warnings() -> None:
    case = DATA / "invalid" / "missing-english"
    assert validate_paths([case], cwd=case).ok
    strict = validate_paths([case], cwd=case, strict=True)
    assert not strict.ok and {f.severity for f in strict.findings} == {"error"}
