"""Renderers of validation reports: a registry that matches --format, pure functions."""

from __future__ import annotations

import json

import pytest

from svccheck.catalog.browse import RENDERERS as BROWSE_RENDERERS
from svccheck.catalog.findings import RULES, Finding, finding
from svccheck.catalog.findings import Span as S
from svccheck.catalog.findings_format import RENDERERS, RenderContext, render_github
from svccheck.catalog.schema import SCHEMA_NAMES
from svccheck.catalog.validate import ValidationReport
from svccheck.cli.schema import SchemaName
from svccheck.cli.standards import BrowseFormat
from svccheck.cli.validate import ValidateFormat

REPORT = ValidationReport(
    files=("checklists/a.yaml", "standards/b.yaml"),
    findings=(
        finding(
            "unknown-term",
            "standards/b.yaml",
            S(3, 5, 3, 9),
            "词表中没有 {v}",
            "unknown {v}",
            v="x",
        ),
        finding("missing-en", "standards/b.yaml", S(7, 12, 7, 20), "缺少英文", "no English"),
    ),
)
EMPTY = ValidationReport(files=("standards/b.yaml",), findings=())


def test_format_choices_match_the_registries() -> None:
    assert [f.value for f in ValidateFormat] == list(RENDERERS)
    assert [f.value for f in BrowseFormat] == list(BROWSE_RENDERERS)
    assert [s.value for s in SchemaName] == list(SCHEMA_NAMES)


@pytest.mark.parametrize("name", list(RENDERERS))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_renderer_handles_findings_and_none(name: str, lang: str) -> None:
    context = RenderContext(lang=lang, color=False, width=100)
    for report in (REPORT, EMPTY):
        first = RENDERERS[name](report, context)
        assert isinstance(first, str)
        assert first == RENDERERS[name](report, context)  # pure: same input, same output
    if name != "github":
        assert "standards/b.yaml" in RENDERERS[name](REPORT, context)


def test_github_escapes_what_would_break_the_command() -> None:
    odd = ValidationReport(
        files=("a,b:c.yaml",),
        findings=(
            Finding("error", "yaml-syntax", RULES["yaml-syntax"].summary, "a,b:c.yaml", 1, 2, 1, 3),
            finding("yaml-syntax", "x.yaml", S(1, 1, 1, 2), "100%\n二行", "100%\nline two"),
        ),
    )
    assert render_github(odd, RenderContext()).splitlines() == [
        "::error file=a%2Cb%3Ac.yaml,line=1,col=2,endLine=1,endColumn=3,title=yaml-syntax::"
        "YAML syntax error",
        "::error file=x.yaml,line=1,col=1,endLine=1,endColumn=2,title=yaml-syntax::"
        "100%25%0Aline two",
    ]


def test_sarif_rules_are_the_codes_used() -> None:
    sarif = json.loads(RENDERERS["sarif"](REPORT, RenderContext(lang="zh")))
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert [(r["id"], r["defaultConfiguration"]["level"]) for r in rules] == [
        ("missing-en", "warning"),
        ("unknown-term", "error"),
    ]
    assert rules[0]["shortDescription"]["text"] == "缺少英文文本"
    assert [r["level"] for r in sarif["runs"][0]["results"]] == ["error", "warning"]


def test_text_colour_is_optional(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)
    plain = RENDERERS["text"](REPORT, RenderContext(color=False))
    coloured = RENDERERS["text"](REPORT, RenderContext(color=True))
    assert "\x1b[" not in plain
    assert "\x1b[" in coloured
    assert plain.splitlines()[-1] == "✗ 1 error, 1 warning in 1 of 2 files"
