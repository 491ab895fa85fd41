"""Shared test fixtures: the bundled library and the helpers that run the real CLI."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cli_support import REPO, V1_LIBRARY, CliResult, RunCli, run_in_process, run_in_subprocess
from svccheck.catalog.library import load_library
from svccheck.model import Library


@pytest.fixture(scope="session", autouse=True)
def library_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The session's library cache (catalog/cache.py): a temporary folder, never the user's
    ~/.cache. $SVCCHECK_CACHE names it for this process and the processes tests start
    (cli_support keeps it); XDG_CACHE_HOME points beside it for those that clear SVCCHECK_*."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SVCCHECK_CACHE", str(folder / "svccheck-session"))
        patch.setenv("XDG_CACHE_HOME", str(folder))
        yield folder / "svccheck-session"


@pytest.fixture(scope="session")
def library() -> Library:
    """The bundled standards library."""
    return load_library(REPO / "standards", REPO / "checklists")


@pytest.fixture(scope="session")
def library_v1() -> Library:
    """The library as it was in 2026.1, frozen (tests/data/library/2026.1)."""
    return load_library(V1_LIBRARY / "standards", V1_LIBRARY / "checklists")


@pytest.fixture
def v1_in_cwd(tmp_path: Path) -> None:
    """The CLI runs in tmp_path and takes ./standards and ./checklists from there: the frozen
    2026.1 library, for tests of mechanics whose figures were worked out by hand on its items
    and points (a test may still name another library with --standards)."""
    (tmp_path / "standards").symlink_to(V1_LIBRARY / "standards")
    (tmp_path / "checklists").symlink_to(V1_LIBRARY / "checklists")


@pytest.fixture
def run_cli(tmp_path: Path) -> RunCli:
    """Run `svccheck ARGS…` in this process (`cli.app.main`): stdout and stderr captured as
    text, width pinned to 100, no colour, SVCCHECK_* cleared but for SVCCHECK_LANG=`lang`;
    `cwd` (default: the test's tmp_path), `env` and `stdin` as for a real process."""
    return functools.partial(_run, run_in_process, tmp_path)


@pytest.fixture
def run_cli_process(tmp_path: Path) -> RunCli:
    """As `run_cli`, but a real `python -m svccheck` process: for start-up, signals and the
    ways a process exits."""
    return functools.partial(_run, run_in_subprocess, tmp_path)


def _run(
    runner: RunCli, tmp_path: Path, *args: str | Path, cwd: Path | None = None, **options: Any
) -> CliResult:
    return runner(*args, cwd=cwd or tmp_path, **options)
