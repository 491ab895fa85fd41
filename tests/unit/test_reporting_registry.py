"""The format registry: every name has a renderer, loaded only when used; the CLI offers them."""

from __future__ import annotations

import subprocess
import sys

import pytest
from reporting_sample import sample_report

from svccheck.model import Library
from svccheck.reporting import FORMAT_NAMES, FORMATS, SPECS, ReportOptions, render
from svccheck.scoring import GROUPINGS, Report


# The sample report's figures were worked out by hand on the frozen 2026.1 library's points.
@pytest.fixture(scope="session")
def library(library_v1: Library) -> Library:
    return library_v1


@pytest.fixture(scope="module")
def library_report(library: Library) -> Report:
    return sample_report(library)


@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_every_format_has_a_renderer(name: str, library_report: Report) -> None:
    spec = SPECS[name]
    out = FORMATS[name](library_report, ReportOptions(lang="zh"))
    assert isinstance(out, bytes if spec.binary else str)
    assert out
    assert render(library_report, name, ReportOptions(lang="en"))


def test_registry_lists_the_spec_formats() -> None:
    assert set(FORMAT_NAMES) == {"table", "json", "md", "csv", "html", "xlsx"}
    assert list(FORMATS) == list(FORMAT_NAMES) and len(FORMATS) == len(SPECS)
    assert [n for n in FORMAT_NAMES if SPECS[n].binary] == ["xlsx"]


def test_cli_choices_come_from_the_registry() -> None:
    from svccheck.cli.score import Grouping, ReportFormat

    assert [f.value for f in ReportFormat] == list(FORMAT_NAMES)
    assert tuple(g.value for g in Grouping) == GROUPINGS


def test_a_format_module_is_imported_only_when_used() -> None:
    code = (
        "import sys\n"
        "from svccheck import reporting\n"
        "assert 'rich' not in sys.modules and 'xlsxwriter' not in sys.modules\n"
        "assert not any(m.startswith('svccheck.reporting.') for m in sys.modules)\n"
        "reporting.FORMATS['json']\n"
        "assert 'svccheck.reporting.json' in sys.modules\n"
        "assert 'svccheck.reporting.table' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
