"""`svccheck validate --format …`: every format on the same findings, parsed back."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import pytest

from cli_support import REPO, RunCli

CASE = REPO / "tests" / "data" / "catalog" / "invalid" / "unknown-taxonomy-terms"
WARNINGS = REPO / "tests" / "data" / "catalog" / "invalid" / "missing-english"

# The parts of SARIF 2.1.0 that code-scanning tools read, as a schema.
SARIF_SHAPE = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "$schema": {"type": "string"},
        "runs": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["tool", "results"],
                "properties": {
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name", "rules"],
                                "properties": {
                                    "name": {"type": "string"},
                                    "rules": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "required": ["id", "shortDescription"],
                                            "properties": {
                                                "id": {"type": "string"},
                                                "shortDescription": {
                                                    "type": "object",
                                                    "required": ["text"],
                                                },
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    },
                    "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["ruleId", "level", "message", "locations"],
                            "properties": {
                                "level": {"enum": ["none", "note", "warning", "error"]},
                                "message": {"type": "object", "required": ["text"]},
                                "ruleIndex": {"type": "integer", "minimum": 0},
                                "locations": {
                                    "type": "array",
                                    "minItems": 1,
                                    "items": {
                                        "type": "object",
                                        "required": ["physicalLocation"],
                                        "properties": {
                                            "physicalLocation": {
                                                "type": "object",
                                                "required": ["artifactLocation", "region"],
                                                "properties": {
                                                    "artifactLocation": {
                                                        "type": "object",
                                                        "required": ["uri"],
                                                    },
                                                    "region": {
                                                        "type": "object",
                                                        "required": ["startLine", "startColumn"],
                                                        "properties": {
                                                            "startLine": {
                                                                "type": "integer",
                                                                "minimum": 1,
                                                            },
                                                            "startColumn": {
                                                                "type": "integer",
                                                                "minimum": 1,
                                                            },
                                                            "endLine": {
                                                                "type": "integer",
                                                                "minimum": 1,
                                                            },
                                                            "endColumn": {
                                                                "type": "integer",
                                                                "minimum": 1,
                                                            },
                                                        },
                                                    },
                                                },
                                            }
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}


def test_text_is_grouped_by_file_with_a_summary(run_cli: RunCli) -> None:
    result = run_cli("validate", ".", cwd=CASE)
    assert result.code == 1, result
    lines = result.stdout.splitlines()
    assert lines[0] == "checklists/counter-morning.yaml"
    assert lines[1].split() == [
        "7:12",
        "error",
        "select.cadence:",
        "unknown",
        "cadence",
        "'nightly'",
        "(not",
        "in",
        "the",
        "taxonomy)",
        "unknown-term",
    ]
    assert "standards/counter.yaml" in lines
    assert lines[-1] == "✗ 4 errors, 0 warnings in 2 of 3 files"


def test_text_in_chinese(run_cli: RunCli) -> None:
    result = run_cli("validate", ".", cwd=CASE, lang="zh")
    assert result.code == 1
    assert "select.cadence：词表中没有频次 'nightly'" in result.stdout
    assert result.stdout.splitlines()[-1] == "✗ 4 个错误，0 个警告，涉及 2/3 个文件"


def test_text_when_clean(run_cli: RunCli) -> None:
    result = run_cli("validate", REPO / "tests/data/catalog/valid/bank-library")
    assert result.code == 0, result
    assert result.stdout == "✓ 3 files checked, no findings\n"


def test_warnings_alone_exit_zero(run_cli: RunCli) -> None:
    result = run_cli("validate", ".", cwd=WARNINGS)
    assert result.code == 0, result
    assert "warning" in result.stdout
    assert result.stdout.splitlines()[-1] == "✓ 0 errors, 2 warnings in 1 of 3 files"
    assert run_cli("validate", ".", "--strict", cwd=WARNINGS).code == 1


def test_json(run_cli: RunCli) -> None:
    result = run_cli("validate", ".", "--format", "json", cwd=CASE)
    report = json.loads(result.stdout)
    assert report["schema"] == "svccheck/validate@1"
    assert report["ok"] is False
    assert report["summary"] == {"files": 3, "errors": 4, "warnings": 0}
    assert report["files"] == [
        "checklists/counter-monthly.yaml",
        "checklists/counter-morning.yaml",
        "standards/counter.yaml",
    ]
    first = report["findings"][0]
    assert first == {
        "file": "checklists/counter-morning.yaml",
        "line": 7,
        "col": 12,
        "end_line": 7,
        "end_col": 19,
        "severity": "error",
        "code": "unknown-term",
        "message": "select.cadence: unknown cadence 'nightly' (not in the taxonomy)",
    }


def test_github_annotations(run_cli: RunCli) -> None:
    result = run_cli("validate", ".", "--format", "github", cwd=CASE)
    assert result.code == 1
    assert result.stdout.splitlines() == [
        "::error file=checklists/counter-morning.yaml,line=7,col=12,endLine=7,endColumn=19,"
        "title=unknown-term::select.cadence: unknown cadence 'nightly' (not in the taxonomy)",
        "::error file=standards/counter.yaml,line=6,col=7,endLine=6,endColumn=14,"
        "title=unknown-term::role: unknown role 'cashier' (not in the taxonomy)",
        "::error file=standards/counter.yaml,line=11,col=15,endLine=11,endColumn=24,"
        "title=unknown-term::items[0].category: unknown category 'apperance' (not in the "
        "taxonomy); did you mean 'appearance'?",
        "::error file=standards/counter.yaml,line=37,col=21,endLine=37,endColumn=37,"
        "title=unknown-term::items[2].method[1]: unknown method 'mystery_shopping' (not in "
        "the taxonomy); did you mean 'mystery_shop'?",
    ]


def test_junit_parses_with_one_case_per_file(run_cli: RunCli) -> None:
    result = run_cli("validate", ".", "--format", "junit", cwd=WARNINGS, lang="en")
    root = ElementTree.fromstring(result.stdout.encode())
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [
        "checklists/counter-monthly.yaml",
        "checklists/counter-morning.yaml",
        "standards/counter.yaml",
    ]
    assert suite.get("tests") == "3"
    assert suite.get("failures") == "0"  # warnings are not failures…
    out = cases[2].find("system-out")
    assert out is not None and "missing-en" in (out.text or "")
    strict = run_cli("validate", ".", "--format", "junit", "--strict", cwd=WARNINGS)
    strict_root = ElementTree.fromstring(strict.stdout.encode())
    failure = strict_root.find("testsuite/testcase[@name='standards/counter.yaml']/failure")
    assert failure is not None  # …unless --strict
    assert failure.get("type") == "missing-en"
    assert (failure.text or "").splitlines()[0] == (
        "standards/counter.yaml:19:12: error [missing-en] items[1].title: no English text "
        "(write {zh: …, en: …})"
    )


def test_sarif_has_the_shape_and_regions(run_cli: RunCli) -> None:
    result = run_cli("validate", ".", "--format", "sarif", cwd=CASE)
    assert result.code == 1
    sarif = json.loads(result.stdout)
    jsonschema.validate(sarif, SARIF_SHAPE)
    (run,) = sarif["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["unknown-term"]
    assert run["columnKind"] == "unicodeCodePoints"
    first = run["results"][0]
    assert rules[first["ruleIndex"]]["id"] == first["ruleId"]
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "checklists/counter-morning.yaml"
    assert location["region"] == {"startLine": 7, "startColumn": 12, "endLine": 7, "endColumn": 19}


def test_sarif_when_clean_still_lists_the_tool(run_cli: RunCli) -> None:
    result = run_cli(
        "validate", REPO / "tests/data/catalog/valid/bank-library", "--format", "sarif"
    )
    sarif = json.loads(result.stdout)
    jsonschema.validate(sarif, SARIF_SHAPE)
    assert sarif["runs"][0]["results"] == []


@pytest.mark.parametrize("fmt", ["text", "json", "github", "junit", "sarif"])
def test_bundled_library_validates_strict_in_every_format(
    fmt: str, run_cli: RunCli, tmp_path: Path
) -> None:
    result = run_cli("validate", "--strict", "--format", fmt, cwd=tmp_path)
    assert result.code == 0, result


def test_project_library_validates_strict_by_path(run_cli: RunCli) -> None:
    result = run_cli(
        "validate", REPO / "standards", REPO / "checklists", "--strict", "--format", "github"
    )
    assert result.code == 0, result
    assert result.stdout == ""
