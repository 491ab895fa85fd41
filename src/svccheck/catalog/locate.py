"""Where the standards and checklists live: a bank's own folder or the bundled library."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def bundled_root() -> Path:
    """The folder holding the bundled `standards/` and `checklists/`.

    In a wheel they are packaged as `svccheck/_library/`; in a source checkout (editable
    install) they are the repository's own top-level folders.
    """
    packaged = _PACKAGE / "_library"
    if (packaged / "standards").is_dir():
        return packaged
    return _PACKAGE.parent.parent


def resolve_dirs(
    standards: Path | None = None, checklists: Path | None = None, cwd: Path | None = None
) -> tuple[Path, Path]:
    """--standards DIR, else ./standards when present, else the bundled library;
    checklists beside it (../checklists) unless named."""
    if standards is None:
        local = (cwd or Path.cwd()) / "standards"
        standards = (
            local
            if (local / "taxonomy.yaml").is_file() or any(local.glob("*.yaml"))
            else bundled_root() / "standards"
        )
    if checklists is None:
        checklists = standards.parent / "checklists"
    return standards, checklists


def bundled_taxonomy() -> Path:
    return bundled_root() / "standards" / "taxonomy.yaml"
