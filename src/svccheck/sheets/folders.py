"""Which files the user named: paths given in order, folders walked for sheet files.

A folder is searched recursively for .xlsx, .xlsm, .xls and .csv files, sorted; hidden files and
folders and Office lock files (~$book.xlsx) are left out. What a file holds is told later, from
its bytes (sniff.py), not from the name found here.
"""

from __future__ import annotations

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
        else:
            problems.append((path, tr(lang, "文件或文件夹不存在", "no such file or folder")))
    return list(dict.fromkeys(files)), problems


def _is_sheet_file(path: Path, root: Path) -> bool:
    """Sheet files only: no hidden files or folders, no Office lock files (~$book.xlsx)."""
    parts = path.relative_to(root).parts
    hidden = any(part.startswith((".", "~$")) for part in parts)
    return not hidden and path.suffix.lower() in SHEET_SUFFIXES and path.is_file()
