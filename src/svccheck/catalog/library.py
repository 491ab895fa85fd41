"""Load a standards library from disk into the model (after validating it)."""

from __future__ import annotations

from pathlib import Path

import yaml

from svccheck.catalog.build import build_library, build_standard, build_taxonomy
from svccheck.catalog.locate import bundled_taxonomy, resolve_dirs
from svccheck.errors import SchemaError
from svccheck.model import Library, Location


def load_library(standards_dir: Path | None = None,
                 checklists_dir: Path | None = None) -> Library:
    """Load standards and checklists; raise SchemaError naming file:line on the first problem."""
    standards_dir, checklists_dir = resolve_dirs(standards_dir, checklists_dir)
    if not standards_dir.is_dir():
        raise SchemaError(f"{standards_dir}: standards folder not found")
    tax_docs = [yaml.safe_load(bundled_taxonomy().read_text(encoding="utf-8"))]
    own = standards_dir / "taxonomy.yaml"
    if own.is_file() and own.resolve() != bundled_taxonomy().resolve():
        tax_docs.append(yaml.safe_load(own.read_text(encoding="utf-8")))
    taxonomy = build_taxonomy(tax_docs)
    standards = []
    for path in sorted(standards_dir.glob("*.yaml")):
        if path.name == "taxonomy.yaml":
            continue
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        standards.append(build_standard(doc, Location(str(path), 1, 1)))
    checklist_docs = []
    if checklists_dir.is_dir():
        for path in sorted(checklists_dir.glob("*.yaml")):
            checklist_docs.append((yaml.safe_load(path.read_text(encoding="utf-8")),
                                   Location(str(path), 1, 1)))
    return build_library(taxonomy, standards, checklist_docs, root=str(standards_dir))
