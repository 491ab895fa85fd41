"""Where the standards and checklists live: a bank's own folder or the bundled library."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent

# Which files a library is built from (validate.py reads them, cache.py hashes them): the
# *.yaml directly in standards/ (taxonomy.yaml among them) and in checklists/, and the bank's
# branch profiles and waivers beside standards/ (SPEC §8).
YAML_SUFFIXES = (".yaml", ".yml")
TAXONOMY_NAMES = ("taxonomy.yaml", "taxonomy.yml")
PROFILE_NAMES = ("branches.yaml", "branches.yml")
WAIVER_NAMES = ("waivers.yaml", "waivers.yml")
POLICY_NAMES = (*PROFILE_NAMES, *WAIVER_NAMES)


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


def policy_folder(standards_dir: Path) -> Path:
    """Where branches.yaml and waivers.yaml live: beside standards/."""
    return standards_dir.parent


def bundled_taxonomy() -> Path:
    return bundled_root() / "standards" / "taxonomy.yaml"
