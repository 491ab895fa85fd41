"""`svccheck validate` on every case under tests/data/catalog: valid ones pass --strict,
invalid ones report exactly the located findings in their expected.en.txt."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_support import REPO, RunCli

DATA = Path(__file__).resolve().parents[1] / "data" / "catalog"
VALID = sorted(p for p in (DATA / "valid").iterdir() if p.is_dir())
INVALID = sorted(p for p in (DATA / "invalid").iterdir() if p.is_dir())


def finding_lines(stdout: str) -> list[str]:
    report = json.loads(stdout)
    return [
        f"{f['file']}:{f['line']}:{f['col']}: {f['severity']} [{f['code']}] {f['message']}"
        for f in report["findings"]
    ]


def expected_lines(case: Path, lang: str = "en") -> list[str]:
    return (case / f"expected.{lang}.txt").read_text(encoding="utf-8").splitlines()


# The bad inputs: each one exits 1 on its own, with its located message.
BAD_INPUTS = [
    "yaml-syntax-error",
    "root-not-mapping",
    "root-scalar-not-yaml",
    "wrong-types",
    "unknown-keys",
    "tab-indentation",
    "not-utf8-gbk",
    "alias-bomb",
    "binary-file",
]

_BATCH: dict[str, list[str]] = {}


def batch(run_cli: RunCli) -> dict[str, list[str]]:
    """All invalid cases checked in one run (one library each), findings split by case:
    the same checks as one run per case, without paying start-up thirty times."""
    if not _BATCH:
        result = run_cli(
            "validate", *(c.name for c in INVALID), "--format", "json", cwd=DATA / "invalid"
        )
        assert result.code == 1, result
        assert "Traceback" not in result.stderr
        for case in INVALID:
            _BATCH[case.name] = []
        for line in finding_lines(result.stdout):
            case, rest = line.split("/", 1)
            _BATCH[case].append(rest.replace(f"{case}/", ""))  # paths inside messages too
    return _BATCH


def test_valid_libraries_pass_strict(run_cli: RunCli) -> None:
    result = run_cli(
        "validate", *(c.name for c in VALID), "--strict", "--format", "json", cwd=DATA / "valid"
    )
    assert result.code == 0, result
    assert finding_lines(result.stdout) == []
    assert len(json.loads(result.stdout)["files"]) == 17


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_invalid_case_reports_exact_located_findings(case: Path, run_cli: RunCli) -> None:
    assert batch(run_cli)[case.name] == expected_lines(case)


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_bad_input_exits_1_with_its_located_message(name: str, run_cli: RunCli) -> None:
    case = DATA / "invalid" / name
    result = run_cli("validate", ".", "--format", "json", cwd=case)
    assert result.code == 1, result
    assert finding_lines(result.stdout) == expected_lines(case)
    assert "Traceback" not in result.stderr


# Values a schema's type and range let through before: a number YAML writes and JSON has no
# word for (.inf, .nan; 1.0e+400 reads as inf) and a date of the right shape that does not exist.
# `score` used to die dividing by an infinite base, or drop people compared against a NaN mark.
UNSOUND_VALUES = ["non-finite-numbers", "date-does-not-exist"]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", UNSOUND_VALUES)
def test_a_library_with_unsound_values_is_refused_by_score(
    name: str, lang: str, run_cli: RunCli
) -> None:
    """Every command that loads the library refuses it, at file:line:col, without a traceback:
    `score` exits 2 before it reads a sheet."""
    case = DATA / "invalid" / name
    result = run_cli(
        "score",
        REPO / "examples" / "2026-10" / "morning",
        "--standards",
        "standards",
        "--checklists",
        "checklists",
        cwd=case,
        lang=lang,
    )
    assert result.code == 2, result
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    shown = [line.strip() for line in result.stderr.splitlines()]
    for line in expected_lines(case, lang)[:5]:  # the refusal lists the first five
        file_at, _, rest = line.partition(": error [")
        assert f"{file_at}: {rest.split('] ', 1)[1]}" in shown, (line, result.stderr)


def test_warnings_alone_exit_0_and_strict_makes_them_errors(run_cli: RunCli) -> None:
    warned = [
        c for c in INVALID if " error [" not in (c / "expected.en.txt").read_text(encoding="utf-8")
    ]
    assert [c.name for c in warned] == [
        "id-differs-from-file",
        "missing-english",
        "near-duplicate-criteria",
    ]
    relaxed = run_cli(
        "validate", *(c.name for c in warned), "--format", "json", cwd=DATA / "invalid"
    )
    assert relaxed.code == 0, relaxed
    strict = run_cli(
        "validate", *(c.name for c in warned), "--strict", "--format", "json", cwd=DATA / "invalid"
    )
    assert strict.code == 1, strict
    expected = [
        f"{c.name}/{line.replace(' warning [', ' error [')}"
        for c in warned
        for line in expected_lines(c)
    ]
    found = []
    for line in finding_lines(strict.stdout):
        case, rest = line.split("/", 1)
        found.append(f"{case}/{rest.replace(f'{case}/', '')}")  # paths inside messages too
    assert found == expected


def test_fifty_megabyte_file_is_refused_quickly(tmp_path: Path, run_cli: RunCli) -> None:
    standards = tmp_path / "standards"
    standards.mkdir()
    huge = standards / "huge.yaml"
    with huge.open("wb") as handle:  # sparse: 50 MB on paper, nothing on disk
        handle.truncate(50 * 1024 * 1024)
    result = run_cli("validate", ".", "--format", "json", cwd=tmp_path)
    assert result.code == 1, result
    assert finding_lines(result.stdout) == [
        "standards/huge.yaml:1:1: error [file-too-large] the file is 52,428,800 bytes, over "
        "the 5 MB limit for a standards file; refused"
    ]


def test_a_named_file_that_is_not_yaml_at_all(tmp_path: Path, run_cli: RunCli) -> None:
    sheet = tmp_path / "report.xlsx"
    sheet.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00")
    notes = tmp_path / "notes.md"
    notes.write_text("# Notes\n\nPlain prose, not a standard.\n", encoding="utf-8")
    result = run_cli("validate", sheet, notes, "--format", "json", cwd=tmp_path)
    assert result.code == 1, result
    assert finding_lines(result.stdout) == [
        "notes.md:3:1: error [yaml-not-mapping] the top of the file must be a mapping "
        "(key: value), found plain text (is this a YAML file?)",
        "report.xlsx:1:1: error [file-binary] this is a binary file (it contains NUL bytes), "
        "not YAML text",
    ]


def test_missing_path_is_a_usage_error(tmp_path: Path, run_cli: RunCli) -> None:
    result = run_cli("validate", "nowhere/standards", cwd=tmp_path)
    assert result.code == 2, result
    assert result.stderr.strip() == "svccheck: error: no such file or folder: nowhere/standards"
    assert result.stdout == ""
    zh = run_cli("validate", "nowhere", cwd=tmp_path, lang="zh")
    assert zh.code == 2
    assert zh.stderr.strip() == "svccheck：错误：路径不存在：nowhere"


def test_bad_format_is_a_usage_error(run_cli: RunCli) -> None:
    result = run_cli("validate", "--format", "xml")
    assert result.code == 2, result
    assert "Traceback" not in result.stderr
