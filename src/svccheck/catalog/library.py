"""Load a standards library from disk into the model — only after it has passed validation.

Every command that needs the standards calls `load_library`. It runs the same checks as
`svccheck validate` (YAML with positions, schema, lint) and refuses a library with errors,
naming the first few at file:line:col, so no command ever scores against a half-broken library.
Warnings (missing English text…) do not stop it.
"""

from __future__ import annotations

from pathlib import Path

from svccheck.catalog.build import build_library, build_standard, build_taxonomy
from svccheck.catalog.checked import LibraryCheck
from svccheck.catalog.locate import resolve_dirs
from svccheck.catalog.validate import check_library
from svccheck.errors import SchemaError
from svccheck.i18n import resolve_lang, tr
from svccheck.model import Library, Location

SHOWN_ERRORS = 5


def load_library(
    standards_dir: Path | None = None, checklists_dir: Path | None = None, lang: str | None = None
) -> Library:
    """Check and build the library; raise SchemaError listing the first errors if invalid."""
    standards_dir, checklists_dir = resolve_dirs(standards_dir, checklists_dir)
    language = resolve_lang(lang)
    if not standards_dir.is_dir():
        raise SchemaError(
            tr(
                language,
                "找不到标准文件夹：{path}",
                "standards folder not found: {path}",
                path=standards_dir,
            )
        )
    checked = check_library(standards_dir, checklists_dir)
    if checked.errors:
        raise SchemaError(_refusal(checked, language))
    return _build(checked)


def _refusal(checked: LibraryCheck, lang: str) -> str:
    errors = checked.errors
    lines = [
        tr(
            lang,
            "标准库有 {n} 处错误，无法使用：",
            "the standards library has {n} error(s) and cannot be used:",
            n=len(errors),
        )
    ]
    lines += [f"  {e.where}: {e.text(lang)}" for e in errors[:SHOWN_ERRORS]]
    if len(errors) > SHOWN_ERRORS:
        lines.append(tr(lang, "  …另有 {n} 处", "  … and {n} more", n=len(errors) - SHOWN_ERRORS))
    lines.append(
        tr(lang, "运行 `svccheck validate` 查看全部。", "Run `svccheck validate` to see them all.")
    )
    return "\n".join(lines)


def _build(checked: LibraryCheck) -> Library:
    taxonomy = build_taxonomy(s.document.data for s in checked.taxonomies if s.document)
    standards = []
    for source in checked.standards:
        document = source.document
        assert document is not None  # an unreadable file is an error: refused above
        span = document.locate(())
        item_locations = {
            index: Location(source.display, *document.locate(("items", index))[:2])
            for index in range(len(document.data["items"]))
        }
        standards.append(
            build_standard(document.data, Location(source.display, *span[:2]), item_locations)
        )
    checklist_docs = [
        (s.document.data, Location(s.display, *s.document.locate(())[:2]))
        for s in checked.checklists
        if s.document is not None
    ]
    return build_library(taxonomy, standards, checklist_docs, root=str(checked.standards_dir))
