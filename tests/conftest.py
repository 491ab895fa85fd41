"""Shared test fixtures: the bundled library and a helper that runs the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli_support import REPO, CliResult, RunCli
from svccheck.catalog.library import load_library
from svccheck.model import Library


@pytest.fixture(scope="session")
def library() -> Library:
    """The bundled standards library."""
    return load_library(REPO / "standards", REPO / "checklists")


@pytest.fixture
def run_cli(tmp_path: Path) -> RunCli:
    """Run `python -m svccheck ARGS…` for real; stdout/stderr captured, width pinned to 100."""

    def run(
        *args: str | Path,
        cwd: Path | None = None,
        lang: str = "en",
        env: dict[str, str] | None = None,
        stdin: str | None = None,
    ) -> CliResult:
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("SVCCHECK_")}
        full_env.update(
            {
                "COLUMNS": "100",
                "NO_COLOR": "1",
                "SVCCHECK_LANG": lang,
                "PYTHONIOENCODING": "utf-8",
                "TERM": "dumb",
            }
        )
        full_env.update(env or {})
        proc = subprocess.run(
            [sys.executable, "-m", "svccheck", *map(str, args)],
            cwd=cwd or tmp_path,
            env=full_env,
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=300,
            check=False,
        )
        return CliResult(proc.returncode, proc.stdout, proc.stderr)

    return run
