"""A library as checked: its files as loaded, and every finding about them.

validate.py makes a `LibraryCheck` (each file loaded and schema-checked, then the whole linted);
lint.py reads its files, library.py builds the model from them. The types live here, apart
from both, so that neither module needs the other to name them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, NamedTuple

from svccheck.catalog.findings import Finding
from svccheck.catalog.yamlload import YamlDocument

FileKind = Literal["standard", "checklist", "taxonomy", "branches", "waivers"]


class SourceFile(NamedTuple):
    """One file of a library as loaded: its document (None if unreadable) and whether it
    passed its schema (lint trusts the types of schema-valid documents only)."""

    path: Path
    display: str
    kind: FileKind
    document: YamlDocument | None
    schema_valid: bool = False


class LibraryCheck(NamedTuple):
    """A library's files and every finding about them."""

    standards_dir: Path
    checklists_dir: Path
    taxonomies: tuple[SourceFile, ...]  # the bundled one first, then the folder's own
    standards: tuple[SourceFile, ...]
    checklists: tuple[SourceFile, ...]
    has_checklists_dir: bool
    findings: tuple[Finding, ...]
    # the bank's branch profiles and waivers beside standards/ (SPEC §8), when it keeps them
    profiles: SourceFile | None = None
    waivers: SourceFile | None = None

    @property
    def policies(self) -> tuple[SourceFile, ...]:
        return tuple(s for s in (self.profiles, self.waivers) if s is not None)

    @property
    def files(self) -> tuple[SourceFile, ...]:
        return (*self.taxonomies, *self.standards, *self.checklists, *self.policies)

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")
