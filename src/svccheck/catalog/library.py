"""Load a standards library from disk into the model — only after it has passed validation.

Every command that needs the standards calls `load_library`. It runs the same checks as
`svccheck validate` (YAML with positions, schema, lint) and refuses a library with errors,
naming the first few at file:line:col, so no command ever scores against a half-broken library.
Warnings (missing English text…) do not stop it. `load_version` loads whatever a path names
(a library's folder, a standards folder, one standard file) for `svccheck diff`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from svccheck.catalog.build import build_library, build_standard, build_taxonomy
from svccheck.catalog.checked import LibraryCheck
from svccheck.catalog.locate import TAXONOMY_NAMES, YAML_SUFFIXES, resolve_dirs
from svccheck.catalog.policies import build_policies
from svccheck.catalog.validate import check_library, check_standard_file
from svccheck.errors import InputError, SchemaError
from svccheck.i18n import count, resolve_lang, tr
from svccheck.model import Library, Location

if TYPE_CHECKING:  # (diff is imported by `diff` alone: not on every command's way)
    from svccheck.catalog.diff import LibraryVersion

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


def load_version(path: Path, lang: str | None = None) -> LibraryVersion:
    """The library `path` names, checked and built as `load_library` does:
    - a folder holding standards/ (checklists/ beside it, if there),
    - a standards folder (checklists in ../checklists, as for --standards), or a checklists
      folder with standards/ beside it,
    - one standard file: a library of that standard alone, without checklists.

    Raises InputError for a path that does not exist or a folder with no standard files,
    SchemaError (naming file:line:col) for a library or file with errors.
    """
    from svccheck.catalog.diff import LibraryVersion

    language = resolve_lang(lang)
    shown = path.as_posix()
    if not path.exists():
        raise InputError(
            tr(language, "路径不存在：{path}", "no such file or folder: {path}", path=shown)
        )
    if path.is_file():
        checked = check_standard_file(path)
        if checked.errors:
            raise SchemaError(_refusal(checked, language, shown))
        return LibraryVersion(shown, _build(checked), single_file=True, has_checklists=False)
    standards_dir = path
    if (path / "standards").is_dir():
        standards_dir = path / "standards"
    elif path.name == "checklists" and (path.parent / "standards").is_dir():
        standards_dir = path.parent / "standards"
    checklists_dir = standards_dir.parent / "checklists"
    if not any(_is_standard_file(p) for p in standards_dir.iterdir()):
        raise InputError(
            tr(
                language,
                "{path} 中没有标准文件（*.yaml）："
                "应为含 standards/ 的文件夹、标准文件夹或一个标准文件",
                "no standard files (*.yaml) in {path}: give a folder holding standards/, "
                "a standards folder or one standard file",
                path=shown,
            )
        )
    library = load_library(standards_dir, checklists_dir, language)
    return LibraryVersion(shown, library, has_checklists=checklists_dir.is_dir())


def _is_standard_file(path: Path) -> bool:
    return path.suffix in YAML_SUFFIXES and path.name not in TAXONOMY_NAMES and path.is_file()


def _refusal(checked: LibraryCheck, lang: str, file: str | None = None) -> str:
    errors = checked.errors
    lines = [
        tr(
            lang,
            "标准库有 {n} 处错误，无法使用：",
            "the standards library has {e} and cannot be used:",
            n=len(errors),
            e=count(len(errors), "error"),
        )
        if file is None
        else tr(
            lang,
            "{file} 有 {n} 处错误，无法使用：",
            "{file} has {e} and cannot be used:",
            file=file,
            n=len(errors),
            e=count(len(errors), "error"),
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
    profiles, waivers = build_policies(checked)
    return build_library(
        taxonomy,
        standards,
        checklist_docs,
        root=str(checked.standards_dir),
        profiles=profiles,
        waivers=waivers,
    )
