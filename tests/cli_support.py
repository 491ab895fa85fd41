"""What the tests share beyond fixtures: the repository root, the CLI result type, and the two
ways of running the CLI — in this process (`run_in_process`, what `run_cli` uses) and as a
real `python -m svccheck` process (`run_in_subprocess`, for start-up, signals and exit paths).

A plain module (not conftest.py): test modules import it by name, as every test helper is
imported (pytest's `pythonpath` puts tests/ and its folders on sys.path).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# The library as it was in 2026.1, frozen: tests of mechanics whose figures were worked out
# by hand on its items and points use it, so the bundled library can move on.
V1_LIBRARY = REPO / "tests" / "data" / "library" / "2026.1"


def accountable_copy(source: Path, folder: Path) -> Path:
    """A copy in `folder` of the library folder `source` (holding standards/ and checklists/)
    whose inspection register holds people to account (`accountable: employee`); `folder`."""
    import shutil

    shutil.copytree(source / "standards", folder / "standards", dirs_exist_ok=True)
    shutil.copytree(source / "checklists", folder / "checklists", dirs_exist_ok=True)
    register = folder / "checklists" / "inspection-monthly.yaml"
    text = register.read_text(encoding="utf-8")
    register.write_text(
        text.replace("subject: branch\n", "subject: branch\naccountable: employee\n", 1),
        encoding="utf-8",
    )
    return folder


# Every run sees the same terminal: 100 columns, no colour, a dumb terminal.
PINNED_ENV = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}


@dataclass(frozen=True)
class CliResult:
    code: int
    stdout: str
    stderr: str

    def __str__(self) -> str:  # shown by pytest when an assertion on the result fails
        return f"exit {self.code}\n--- stdout ---\n{self.stdout}\n--- stderr ---\n{self.stderr}"


RunCli = Callable[..., CliResult]


def cli_env(lang: str, env: Mapping[str, str] | None) -> dict[str, str]:
    """The environment of a run: this one without SVCCHECK_* (but the session's
    SVCCHECK_CACHE, tests/conftest.py), the pinned terminal, the language, then `env`."""
    full = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SVCCHECK_") or k == "SVCCHECK_CACHE"
    }
    full.update(PINNED_ENV, SVCCHECK_LANG=lang)
    full.update(env or {})
    return full


class _Stream:
    """A text stream with a `.buffer`, like a real stdout, recording bytes as written."""

    def __init__(self, text: str = "") -> None:
        self.bytes = io.BytesIO(text.encode("utf-8"))
        self.text = io.TextIOWrapper(self.bytes, encoding="utf-8", write_through=True)

    def value(self) -> str:
        """What was written, read back as `subprocess.run(text=True)` reads a pipe
        (universal newlines: a csv's CRLF comes back as LF)."""
        self.text.flush()
        return io.TextIOWrapper(io.BytesIO(self.bytes.getvalue()), encoding="utf-8").read()


def run_in_process(
    *args: str | Path,
    cwd: Path,
    lang: str = "en",
    env: Mapping[str, str] | None = None,
    stdin: str | None = None,
) -> CliResult:
    """Run `svccheck ARGS…` through `svccheck.cli.app.main` in this process, as a fresh
    process would run it: its own environment, working folder, stdin, stdout and stderr —
    all put back afterwards."""
    from svccheck.cli.app import main

    out, err = _Stream(), _Stream()
    with pytest.MonkeyPatch.context() as patch:
        wanted = cli_env(lang, env)
        for key in set(os.environ) - set(wanted):
            patch.delenv(key)
        for key, value in wanted.items():
            patch.setenv(key, value)
        patch.chdir(cwd)
        patch.setattr(sys, "stdin", _Stream(stdin or "").text)
        patch.setattr(sys, "stdout", out.text)
        patch.setattr(sys, "stderr", err.text)
        code = main([str(arg) for arg in args])
    return CliResult(code, out.value(), err.value())


def run_in_subprocess(
    *args: str | Path,
    cwd: Path,
    lang: str = "en",
    env: Mapping[str, str] | None = None,
    stdin: str | None = None,
    timeout: float = 300,
) -> CliResult:
    """Run `python -m svccheck ARGS…` as a real process (same environment as in process)."""
    proc = subprocess.run(
        [sys.executable, "-m", "svccheck", *map(str, args)],
        cwd=cwd,
        env={**cli_env(lang, env), "PYTHONIOENCODING": "utf-8"},
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )
    return CliResult(proc.returncode, proc.stdout, proc.stderr)
