"""Which files the user named: paths given in order, folders walked for sheet files.

A folder is searched recursively for .xlsx, .xlsm, .xls and .csv files, sorted; hidden files and
folders and Office lock files (~$book.xlsx) are left out. A file named twice (another spelling
of its path, a link) is read once. What a file holds is told later, from its bytes (sniff.py),
not from the name found here; `copies` tells the files whose bytes are another's.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from svccheck.i18n import tr

SHEET_SUFFIXES: Final = (".xlsx", ".xlsm", ".xls", ".csv")


def discover(paths: Sequence[Path], lang: str) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Input files in the order given (folders walked recursively, sorted), and the paths that
    are not there or hold no sheet file (each with the reason)."""
    files: list[Path] = []
    problems: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if _is_sheet_file(p, path))
            if not found:
                problems.append(
                    (
                        path,
                        tr(
                            lang,
                            "文件夹中没有 .xlsx、.xlsm、.xls 或 .csv 文件",
                            "no .xlsx, .xlsm, .xls or .csv file in this folder",
                        ),
                    )
                )
            files.extend(found)
        elif path.is_file():
            files.append(path)
        elif path.exists():  # a pipe, a device, a socket: nothing to read a sheet from
            problems.append(
                (
                    path,
                    tr(
                        lang,
                        "不是普通文件（是管道或设备？）",
                        "not a regular file (a pipe or a device?)",
                    ),
                )
            )
        else:
            problems.append((path, tr(lang, "文件或文件夹不存在", "no such file or folder")))
    # one entry per file, however it was named (./a.xlsx, a.xlsx, a link to it): the first
    seen: dict[str, Path] = {}
    for file in files:
        seen.setdefault(os.path.realpath(file), file)
    return list(seen.values()), problems


def copies(files: Sequence[Path]) -> dict[Path, Path]:
    """The files whose bytes are an earlier file's (a pasted "… - 副本.xlsx", the same sheet
    saved into two folders), each with that earlier file: counted once, as `ingest` stores
    a content once. Only files of equal size are hashed: most folders hash nothing."""
    by_size: dict[int, list[Path]] = {}
    for file in files:
        try:
            by_size.setdefault(file.stat().st_size, []).append(file)
        except OSError:  # gone or unreadable: reading it says so
            continue
    found: dict[Path, Path] = {}
    for same_size in by_size.values():
        if len(same_size) < 2:
            continue
        first: dict[str, Path] = {}
        for file in same_size:
            try:
                digest = content_hash(file)
            except OSError:
                continue
            original = first.setdefault(digest, file)
            if original is not file:
                found[file] = original
    return found


def content_hash(path: Path) -> str:
    """SHA-256 of a file's bytes: the same content under any name is the same file (here, and
    in the ledger, which stores a content once)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _is_sheet_file(path: Path, root: Path) -> bool:
    """Sheet files only: no hidden files or folders, no Office lock files (~$book.xlsx)."""
    parts = path.relative_to(root).parts
    hidden = any(part.startswith((".", "~$")) for part in parts)
    return not hidden and path.suffix.lower() in SHEET_SUFFIXES and path.is_file()
