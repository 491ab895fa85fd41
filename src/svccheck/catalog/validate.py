"""Check a standards library: load every file, validate it against its schema, then lint it.

`check_library` checks one library (a standards folder, its checklists folder and the
taxonomy) and is what `load_library` runs before it builds the model. `validate_paths` is
`svccheck validate`: it works out which libraries the given files and folders belong to,
checks each once and keeps the findings about the files that were asked about. A file that
cannot be read or fails its schema is a finding; it never stops the other files being checked.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from svccheck.catalog.checked import FileKind, LibraryCheck, SourceFile
from svccheck.catalog.findings import FILE_START, Finding, finding, located
from svccheck.catalog.lint import lint
from svccheck.catalog.locate import (
    POLICY_NAMES,
    PROFILE_NAMES,
    TAXONOMY_NAMES,
    WAIVER_NAMES,
    YAML_SUFFIXES,
    bundled_root,
    policy_folder,
    resolve_dirs,
)
from svccheck.catalog.policies import find_policy
from svccheck.catalog.schema import validator
from svccheck.catalog.yamlload import YamlDocument, load_yaml
from svccheck.errors import InputError


@dataclass(frozen=True)
class ValidationReport:
    """What `svccheck validate` found: the files checked and the findings about them."""

    files: tuple[str, ...]
    findings: tuple[Finding, ...]
    strict: bool = False

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "warning")

    @property
    def ok(self) -> bool:
        return not self.errors

    def by_file(self) -> dict[str, list[Finding]]:
        grouped: dict[str, list[Finding]] = {}
        for item in self.findings:
            grouped.setdefault(item.file, []).append(item)
        return grouped


# ---------------------------------------------------------------------------- one library


def check_library(
    standards_dir: Path, checklists_dir: Path, cwd: Path | None = None
) -> LibraryCheck:
    """Load, schema-check and lint one library. Never raises for bad content."""
    here = cwd or Path.cwd()
    findings: list[Finding] = []
    folder = policy_folder(standards_dir)
    profiles_path = find_policy(folder, PROFILE_NAMES)
    waivers_path = find_policy(folder, WAIVER_NAMES)
    if not standards_dir.is_dir():
        # Checklists written on the bundled standards: check them against those.
        standards_dir = bundled_root() / "standards"
    taxonomies = _taxonomies(standards_dir, here, findings)
    standards = [
        _source(p, "standard", here, findings)
        for p in _yaml_files(standards_dir)
        if p.name not in TAXONOMY_NAMES
    ]
    has_checklists = checklists_dir.is_dir()
    checklists = [
        _source(p, "checklist", here, findings)
        for p in (_yaml_files(checklists_dir) if has_checklists else ())
    ]
    if standards_dir != bundled_root() / "standards":
        findings.extend(_strays(standards_dir, here))
    if has_checklists:
        findings.extend(_strays(checklists_dir, here))
    partial = LibraryCheck(
        standards_dir,
        checklists_dir,
        taxonomies,
        tuple(standards),
        tuple(checklists),
        has_checklists,
        (),
        None if profiles_path is None else _source(profiles_path, "branches", here, findings),
        None if waivers_path is None else _source(waivers_path, "waivers", here, findings),
    )
    findings.extend(lint(partial))
    return partial._replace(findings=tuple(_unique_sorted(findings)))


def check_standard_file(path: Path, cwd: Path | None = None) -> LibraryCheck:
    """Load, schema-check and lint one standard file on its own, as `svccheck diff` reads a
    single file: with the bundled taxonomy and its folder's own, without the other files of
    its folder and without checklists. Never raises for bad content."""
    here = cwd or Path.cwd()
    findings: list[Finding] = []
    taxonomies = _taxonomies(path.parent, here, findings)
    standard = _source(path, "standard", here, findings)
    partial = LibraryCheck(
        path.parent, path.parent / "checklists", taxonomies, (standard,), (), False, ()
    )
    findings.extend(lint(partial))
    return partial._replace(findings=tuple(_unique_sorted(findings)))


def _taxonomies(standards_dir: Path, cwd: Path, findings: list[Finding]) -> tuple[SourceFile, ...]:
    """The bundled taxonomy, then the folder's own when it has one."""
    paths = [bundled_root() / "standards" / "taxonomy.yaml"]
    own = _taxonomy_file(standards_dir)
    if own is not None and not _same(own, paths[0]):
        paths.append(own)
    return tuple(_source(p, "taxonomy", cwd, findings) for p in paths)


def _source(path: Path, kind: FileKind, cwd: Path, findings: list[Finding]) -> SourceFile:
    display = display_path(path, cwd)
    if path.is_symlink() and not path.exists():
        display = _link_display(path, cwd)
        findings.append(_broken_link(path, display))
        return SourceFile(path, display, kind, None)
    listed = kind in ("branches", "waivers")
    loaded = load_yaml(path, display, root="list" if listed else "mapping")
    findings.extend(loaded.findings)
    document = loaded.document
    if document is None:
        return SourceFile(path, display, kind, None)
    misplaced = None if listed else _misplaced(document, kind)
    if misplaced is not None:
        findings.append(misplaced)
        return SourceFile(path, display, kind, None)
    issues = validator(kind).issues(document.data)
    for issue in issues:
        span = document.locate_key(issue.path) if issue.at_key else document.locate(issue.path)
        findings.append(located(issue.code, display, span, issue.message))
    return SourceFile(path, display, kind, document, schema_valid=not issues)


_KIND_KEYS: dict[str, str] = {
    "standard": "standard",
    "checklist": "checklist",
    "taxonomy": "taxonomy",
}
_KIND_ZH = {"standard": "标准", "checklist": "检查表", "taxonomy": "词表"}
_FOLDER = {"standard": "standards/", "checklist": "checklists/", "taxonomy": "standards/"}


def _misplaced(document: YamlDocument, kind: FileKind) -> Finding | None:
    """A checklist dropped into standards/ (or the reverse) gets one clear finding instead
    of a screenful of unknown-key errors."""
    data = document.data
    if _KIND_KEYS[kind] in data:
        return None
    for other, key in _KIND_KEYS.items():
        if other != kind and key in data:
            return finding(
                "file-kind",
                document.file,
                document.locate_key((key,)),
                "这是{other_zh}文件（有 {key}: 键），却放在{kind_zh}的位置；请移到 {folder}",
                "this is a {other} file (it has a {key}: key) but it sits where a "
                "{kind} belongs; move it to {folder}",
                other=other,
                key=key,
                other_zh=_KIND_ZH[other],
                kind=kind,
                kind_zh=_KIND_ZH[kind],
                folder=_FOLDER[other],
            )
    return None


def _taxonomy_file(folder: Path) -> Path | None:
    for name in TAXONOMY_NAMES:
        if (folder / name).is_file():
            return folder / name
    return None


def _yaml_files(folder: Path) -> list[Path]:
    """The YAML files of a library folder: everything named *.yaml or *.yml that is not a
    folder — a link that leads nowhere (or in a loop) is kept, to be reported as unreadable
    rather than silently skipped."""
    return sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and not p.is_dir())


def _strays(folder: Path, cwd: Path) -> list[Finding]:
    """YAML files a library folder holds but never reads — in its subfolders (only the
    folder's own files are read) — and subfolder links that loop back into the library:
    each is an error, so a standard moved into standards/2027/ is not silently dropped."""
    found: list[Finding] = []
    root = Path(os.path.realpath(folder))
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or not entry.is_dir():
            continue
        if entry.is_symlink():
            # Not walked: it may lead back into the library, or anywhere.
            target = Path(os.path.realpath(entry))
            if root.is_relative_to(target) or target.is_relative_to(root):
                found.append(_link_loop(entry, _link_display(entry, cwd)))
            elif _holds_yaml(entry):
                found.append(_unread(_link_display(entry, cwd), folder, cwd))
            continue
        shown = display_path(entry, cwd)
        for base, dirs, files in os.walk(entry):  # links to folders inside are not followed
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                path = Path(base) / name
                if path.suffix.lower() in YAML_SUFFIXES:
                    found.append(
                        _unread(f"{shown}/{path.relative_to(entry).as_posix()}", folder, cwd)
                    )
    return found


def _holds_yaml(folder: Path) -> bool:
    for _, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        if any(Path(name).suffix.lower() in YAML_SUFFIXES for name in files):
            return True
    return False


def _unread(display: str, folder: Path, cwd: Path) -> Finding:
    shown = display_path(folder, cwd)
    return finding(
        "file-kind",
        display,
        FILE_START,
        "子文件夹中的文件不会被读取（只读取 {folder}/ 本层的 *.yaml）：要使用它，请移到 "
        "{folder}/；不用它，请移出该文件夹",
        "files in a subfolder are not read (only the *.yaml directly in {folder}/ are): move "
        "it up into {folder}/ to use it, or out of that folder",
        folder=shown,
    )


def _link_display(path: Path, cwd: Path) -> str:
    """Where a link sits (not where it leads): its folder resolved, its own name kept."""
    return display_path(path.parent, cwd) + "/" + path.name


def _broken_link(path: Path, display: str) -> Finding:
    return finding(
        "file-unreadable",
        display,
        FILE_START,
        "符号链接无法解析（循环链接，或指向不存在的文件）：{target}",
        "the symbolic link cannot be followed (a loop, or it points at nothing): {target}",
        target=_readlink(path),
    )


def _link_loop(path: Path, display: str) -> Finding:
    return finding(
        "file-unreadable",
        display,
        FILE_START,
        "指向标准库自身的文件夹链接（循环）：{target}；请删除该链接",
        "a folder link back into the library (a loop): {target}; remove the link",
        target=_readlink(path),
    )


def _readlink(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:  # pragma: no cover - broken symlink loops
        return False


def display_path(path: Path, cwd: Path | None = None) -> str:
    """Relative to the working folder when inside it (what CI annotations need), else absolute;
    always with forward slashes."""
    absolute = Path(os.path.realpath(path))
    base = Path(os.path.realpath(cwd or Path.cwd()))
    try:
        return absolute.relative_to(base).as_posix()
    except ValueError:
        return absolute.as_posix()


def _unique_sorted(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(set(findings), key=Finding.sort_key)


# ---------------------------------------------------------------------------- svccheck validate


class _Target:
    """One library to check and which of its files were asked about (None: all of them)."""

    def __init__(self, standards_dir: Path, checklists_dir: Path) -> None:
        self.standards_dir = standards_dir
        self.checklists_dir = checklists_dir
        self.scope: set[Path] | None = set()


def validate_paths(
    paths: Sequence[Path],
    *,
    standards: Path | None = None,
    checklists: Path | None = None,
    strict: bool = False,
    cwd: Path | None = None,
    lang: str | None = None,
) -> ValidationReport:
    """Validate files and folders (none: the library the options or ./standards name).

    Raises InputError when a path does not exist (bad usage, exit 2); every problem inside
    the files is a finding.
    """
    here = cwd or Path.cwd()
    missing = [p for p in paths if not p.exists()]
    if missing:
        from svccheck.i18n import resolve_lang, tr

        raise InputError(
            tr(
                resolve_lang(lang),
                "路径不存在：{paths}",
                "no such file or folder: {paths}",
                paths=", ".join(str(p) for p in missing),
            )
        )
    targets = _targets(paths, standards, checklists, here)
    files: set[str] = set()
    findings: set[Finding] = set()
    for target in targets.values():
        checked = check_library(target.standards_dir, target.checklists_dir, here)
        if target.scope is None:
            # The library's own folders; not the bundled taxonomy or bundled standards that
            # were only context for a bank's folder.
            folders = {target.standards_dir, target.checklists_dir}
            chosen = {f.display for f in checked.files if _resolved(f.path).parent in folders}
            # Files the library holds but does not read (subfolders, broken links): named by
            # their own findings, about no loaded file.
            loaded = {f.display for f in checked.files}
            chosen |= {f.file for f in checked.findings} - loaded
            chosen |= {f.display for f in checked.policies}
            if not chosen:
                # A mistyped folder in a CI job must not pass as "nothing wrong".
                raise InputError(_nothing_found(target.standards_dir, lang))
        else:
            chosen = {f.display for f in checked.files if _resolved(f.path) in target.scope}
            if any(path.name in TAXONOMY_NAMES for path in target.scope):
                # A taxonomy asked about answers for the ids it no longer has: the files that
                # still use them (a category dropped while items use it) are named too.
                chosen |= {f.file for f in checked.findings if f.code == "unknown-term"}
            loose = target.scope - {_resolved(f.path) for f in checked.files}
            chosen |= {display_path(p, here) for p in loose}
            findings |= _loose(loose, here)
        files |= chosen
        findings |= {f for f in checked.findings if f.file in chosen}
    ordered = _unique_sorted(f.as_error() if strict else f for f in findings)
    return ValidationReport(tuple(sorted(files)), tuple(ordered), strict)


def _nothing_found(folder: Path, lang: str | None) -> str:
    from svccheck.i18n import resolve_lang, tr

    return tr(
        resolve_lang(lang),
        "{folder} 中没有标准、检查表或词表文件（*.yaml）",
        "no standards, checklist or taxonomy files (*.yaml) in {folder}",
        folder=folder,
    )


def _targets(
    paths: Sequence[Path], standards: Path | None, checklists: Path | None, cwd: Path
) -> dict[tuple[Path, Path], _Target]:
    targets: dict[tuple[Path, Path], _Target] = {}

    def add(std: Path, chk: Path, file: Path | None) -> None:
        key = (_resolved(std), _resolved(chk))
        target = targets.setdefault(key, _Target(key[0], key[1]))
        if file is None:
            target.scope = None
        elif target.scope is not None:
            target.scope.add(_resolved(file))

    if not paths:
        std, chk = resolve_dirs(standards, checklists, cwd)
        add(std, chk, None)
    for path in paths:
        if path.is_dir():
            if (path / "standards").is_dir() or (path / "checklists").is_dir():
                add(path / "standards", path / "checklists", None)
            elif path.name == "checklists":
                add(path.parent / "standards", path, None)
            else:
                add(path, path.parent / "checklists", None)
        elif path.parent.name == "checklists":
            add(path.parent.parent / "standards", path.parent, path)
        elif path.name in POLICY_NAMES:  # branches.yaml, waivers.yaml: beside standards/
            add(path.parent / "standards", path.parent / "checklists", path)
        else:
            add(path.parent, path.parent.parent / "checklists", path)
    return targets


def _loose(paths: Iterable[Path], cwd: Path) -> set[Finding]:
    """Named files the library walk does not pick up (another extension: a .txt that may not
    be YAML at all) are still read and checked on their own."""
    found: set[Finding] = set()
    for path in paths:
        kind: FileKind = "checklist" if path.parent.name == "checklists" else "standard"
        sink: list[Finding] = []
        _source(path, kind, cwd, sink)
        found |= set(sink)
        if not sink:
            found.add(
                finding(
                    "file-kind",
                    display_path(path, cwd),
                    FILE_START,
                    "文件扩展名应为 .yaml 或 .yml，否则不会被读取",
                    "the file name should end in .yaml or .yml, or it is not read",
                )
            )
    return found


def _resolved(path: Path) -> Path:
    return Path(os.path.realpath(path))
