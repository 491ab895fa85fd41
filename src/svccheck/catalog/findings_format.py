"""Renderers of a validation report: one pure function per `--format`, kept in `RENDERERS`.

Each renderer takes the report and a `RenderContext` (language, colour, width) and returns
text; none prints. `text` is for people (rich, grouped by file, a summary line); `json` for
scripts; `github` for workflow annotations; `junit` and `sarif` for CI dashboards and code
scanning. Only this module's `text` renderer touches rich, and it imports it when called.

YAML values reach every format inside the messages. None of them can act: the text output is
never read as rich markup, and every control character is shown as an escape
(`safetext.visible`) in text, github and junit — no ESC reaches a log, no character XML
forbids reaches the junit file (json escapes them itself).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import NamedTuple

from svccheck import __version__
from svccheck.catalog.findings import RULES, Finding
from svccheck.catalog.validate import ValidationReport
from svccheck.i18n import count, tr
from svccheck.safetext import visible
from svccheck.terminal import terminal_text


class RenderContext(NamedTuple):
    lang: str = "en"
    color: bool = False
    width: int = 100


Renderer = Callable[[ValidationReport, RenderContext], str]


def summary_line(report: ValidationReport, lang: str) -> str:
    """'2 errors, 1 warning in 1 of 18 files' / '18 files checked, no findings'."""
    files = len(report.files)
    if not report.findings:
        return tr(
            lang,
            "已检查 {files} 个文件，没有发现问题",
            "{checked} checked, no findings",
            files=files,
            checked=count(files, "file"),
        )
    affected = len(report.by_file())
    return tr(
        lang,
        "{errors} 个错误，{warnings} 个警告，涉及 {affected}/{files} 个文件",
        "{e}, {w} in {affected} of {f}",
        errors=len(report.errors),
        warnings=len(report.warnings),
        affected=affected,
        files=files,
        e=count(len(report.errors), "error"),
        w=count(len(report.warnings), "warning"),
        f=count(files, "file"),
    )


def render_text(report: ValidationReport, context: RenderContext) -> str:
    """Findings grouped by file, aligned in columns (CJK-aware), then the summary line."""
    if not report.findings and not context.color:
        # The everyday CI case: one plain line, and rich (a noticeable import) is not needed.
        return f"✓ {summary_line(report, context.lang)}\n"
    from rich.console import RenderableType
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text as RichText

    parts: list[RenderableType] = []
    for file, findings in report.by_file().items():
        parts.append(RichText(file, style="bold underline"))
        table = Table.grid(padding=(0, 2))
        table.add_column(justify="right", style="dim", no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column(overflow="fold")
        table.add_column(style="dim", no_wrap=True)
        for item in findings:
            style = "bold red" if item.severity == "error" else "yellow"
            table.add_row(
                f"{item.line}:{item.col}",
                RichText(_severity(item, context.lang), style=style),
                item.text(context.lang),
                item.code,
            )
        parts.append(Padding(table, (0, 0, 1, 2)))
    mark, style = ("✓", "green") if report.ok else ("✗", "bold red")
    parts.append(RichText(f"{mark} {summary_line(report, context.lang)}", style=style))
    return terminal_text(parts, width=context.width, color=context.color)


def _severity(item: Finding, lang: str) -> str:
    return tr(lang, "错误", "error") if item.severity == "error" else tr(lang, "警告", "warning")


def render_json(report: ValidationReport, context: RenderContext) -> str:
    payload = {
        "schema": "svccheck/validate@1",
        "ok": report.ok,
        "strict": report.strict,
        "summary": {
            "files": len(report.files),
            "errors": len(report.errors),
            "warnings": len(report.warnings),
        },
        "files": list(report.files),
        "findings": [
            {
                "file": f.file,
                "line": f.line,
                "col": f.col,
                "end_line": f.end_line,
                "end_col": f.end_col,
                "severity": f.severity,
                "code": f.code,
                "message": f.text(context.lang),
            }
            for f in report.findings
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def render_github(report: ValidationReport, context: RenderContext) -> str:
    """GitHub Actions workflow commands: one `::error file=…,line=…,col=…::msg` per finding."""
    lines = []
    for f in report.findings:
        props = ",".join(
            [
                f"file={_gh_property(f.file)}",
                f"line={f.line}",
                f"col={f.col}",
                f"endLine={f.end_line}",
                f"endColumn={f.end_col}",
                f"title={_gh_property(f.code)}",
            ]
        )
        lines.append(f"::{f.severity} {props}::{_gh_data(f.text(context.lang))}")
    return "".join(line + "\n" for line in lines)


def _gh_data(text: str) -> str:
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def render_junit(report: ValidationReport, context: RenderContext) -> str:
    """JUnit XML: one test case per file; its errors are one failure, warnings go to
    system-out (JUnit has no warnings)."""
    from xml.etree import ElementTree as ET

    grouped = report.by_file()
    failed = [f for f in report.files if any(x.severity == "error" for x in grouped.get(f, ()))]
    suites = ET.Element(
        "testsuites",
        name="svccheck validate",
        tests=str(len(report.files)),
        failures=str(len(failed)),
        errors="0",
    )
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="svccheck validate",
        tests=str(len(report.files)),
        failures=str(len(failed)),
        errors="0",
        skipped="0",
    )
    for file in report.files:
        case = ET.SubElement(suite, "testcase", classname="svccheck.validate", name=visible(file))
        findings = grouped.get(file, [])
        errors = [f for f in findings if f.severity == "error"]
        warnings = [f for f in findings if f.severity == "warning"]
        if errors:
            failure = ET.SubElement(
                case,
                "failure",
                type=visible(errors[0].code),
                message=visible(f"{errors[0].where}: {errors[0].text(context.lang)}"),
            )
            failure.text = "\n".join(_line(f, context.lang) for f in errors)
        if warnings:
            ET.SubElement(case, "system-out").text = "\n".join(
                _line(f, context.lang) for f in warnings
            )
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _line(item: Finding, lang: str) -> str:
    return visible(f"{item.where}: {item.severity} [{item.code}] {item.text(lang)}")


SRCROOT = "%SRCROOT%"
FINGERPRINT = "svccheck/v1"


def render_sarif(report: ValidationReport, context: RenderContext) -> str:
    """SARIF 2.1.0 for code scanning: one run, a rule per finding code, regions with columns
    in Unicode code points (a CJK character is one column).

    Every location is a relative URI under `%SRCROOT%` (the checkout), never a file: URI that
    would show the runner's folders; each result carries a `partialFingerprints` entry so an
    upload of the next run matches its alerts instead of duplicating them."""
    codes = sorted({f.code for f in report.findings})
    index = {code: i for i, code in enumerate(codes)}
    rules = [
        {
            "id": code,
            "name": code,
            "shortDescription": {"text": RULES[code].summary.get(context.lang)},
            "defaultConfiguration": {"level": RULES[code].severity},
        }
        for code in codes
    ]
    fingerprints = _fingerprints(report.findings)
    results = [
        {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": f.severity,
            "message": {"text": f.text(context.lang)},
            "partialFingerprints": {FINGERPRINT: fingerprint},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(f.file), "uriBaseId": SRCROOT},
                        "region": {
                            "startLine": f.line,
                            "startColumn": f.col,
                            "endLine": max(f.end_line, f.line),
                            "endColumn": f.end_col
                            if f.end_line > f.line
                            else max(f.end_col, f.col + 1),
                        },
                    }
                }
            ],
        }
        for f, fingerprint in zip(report.findings, fingerprints, strict=True)
    ]
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "svccheck",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "artifacts": [
                    {"location": {"uri": _uri(file), "uriBaseId": SRCROOT}} for file in report.files
                ],
                "results": results,
            }
        ],
    }
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"


def _uri(file: str) -> str:
    """A URI relative to the checkout. Files inside the working folder are already relative
    (`display_path`); a file outside it is named from its library's folder on — the folder
    holding standards/ or checklists/ — so no absolute path of the runner leaves the run."""
    from urllib.parse import quote

    path = PurePosixPath(file.replace(os.sep, "/"))
    if path.is_absolute() or (path.parts and ":" in path.parts[0]):  # POSIX or C:/…
        parts = path.parts
        folders = [n for n, part in enumerate(parts[:-1]) if part in ("standards", "checklists")]
        path = PurePosixPath(*parts[folders[-1] :]) if folders else PurePosixPath(path.name)
    from svccheck.pathtext import path_text

    # a folder named in GBK bytes (an unzipped archive) by its name: quote() takes only text
    return quote(path_text(path.as_posix()))


def _fingerprints(findings: tuple[Finding, ...]) -> list[str]:
    """A stable identity per finding: its rule, its file and its English message, plus how
    many identical ones came before it in that file. Lines are left out on purpose, so an
    edit above a finding does not make it a new alert."""
    seen: dict[tuple[str, str, str], int] = {}
    out = []
    for f in findings:
        key = (f.code, _uri(f.file), f.message.get("en"))
        seen[key] = seen.get(key, 0) + 1
        material = "\0".join((*key, str(seen[key])))
        out.append(hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()[:32])
    return out


RENDERERS: dict[str, Renderer] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "junit": render_junit,
    "sarif": render_sarif,
}
