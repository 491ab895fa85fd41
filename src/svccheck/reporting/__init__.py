"""Report formats: each a pure function of the scored `Report`, kept in one registry.

    FORMATS["json"](report, ReportOptions(lang="zh", top=10)) -> str | bytes

`FORMATS` maps a format's name to its renderer, `render(report, options)` in
`svccheck.reporting.<module>`; a format's module is imported only when that format is used, so
`svccheck score --format json` never loads rich or xlsxwriter. The CLI's `--format` choices are
this registry's names (`FORMAT_NAMES`); `SPECS` says which formats are binary (need `-o`) and
their usual file suffix. A new format is one module with `render` and one line in `SPECS`.

Beside the formats, what they share: `labels` (headings, labels, number formats and `Words`,
through which every renderer speaks), `charts` (status colours and symbols, the ranking's
marks and axis) and `svg` (the HTML report's charts); `history` renders a ledger report's
history block for each format, `brief` the morning briefing, `explanation` `svccheck explain`.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from svccheck.scoring.result import Report

Renderer = Callable[["Report", Any], "str | bytes"]


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """What a renderer may be asked for besides the report itself.

    `top`: rows shown per ranked table (None = all); `by`: the one table wanted
    (item | subject | branch | category | area | role | servqual; None = the format's usual
    selection); `color`: ANSI colours in terminal output; `width`: terminal columns.
    """

    lang: str = "en"
    top: int | None = None
    by: str | None = None
    color: bool = False
    width: int = 100


@dataclass(frozen=True, slots=True)
class FormatSpec:
    """A registered format: where its renderer lives and what it produces."""

    name: str
    module: str  # under svccheck.reporting
    binary: bool
    suffix: str

    @property
    def module_path(self) -> str:
        return f"svccheck.reporting.{self.module}"

    @property
    def available(self) -> bool:
        """Is the format's module installed (every bundled one is)?"""
        return importlib.util.find_spec(self.module_path) is not None

    def renderer(self) -> Renderer:
        render: Renderer = importlib.import_module(self.module_path).render
        return render


SPECS: Mapping[str, FormatSpec] = {
    spec.name: spec
    for spec in (
        FormatSpec("table", "table", binary=False, suffix=".txt"),
        FormatSpec("json", "json", binary=False, suffix=".json"),
        FormatSpec("md", "md", binary=False, suffix=".md"),
        FormatSpec("csv", "csv", binary=False, suffix=".csv"),
        FormatSpec("html", "html", binary=False, suffix=".html"),
        FormatSpec("xlsx", "xlsx", binary=True, suffix=".xlsx"),
    )
}
FORMAT_NAMES: tuple[str, ...] = tuple(SPECS)


class _Formats(Mapping[str, Renderer]):
    """name → renderer, importing a format's module on first use."""

    def __init__(self) -> None:
        self._loaded: dict[str, Renderer] = {}

    def __getitem__(self, name: str) -> Renderer:
        if name not in self._loaded:
            self._loaded[name] = SPECS[name].renderer()
        return self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(SPECS)

    def __len__(self) -> int:
        return len(SPECS)


FORMATS: Mapping[str, Renderer] = _Formats()


def render(report: Report, fmt: str, options: ReportOptions | None = None) -> str | bytes:
    """Render `report` in format `fmt` (one of FORMAT_NAMES)."""
    return FORMATS[fmt](report, options or ReportOptions())


__all__ = ["FORMATS", "FORMAT_NAMES", "SPECS", "FormatSpec", "ReportOptions", "render"]
