"""What the tests share beyond fixtures: the repository root and the CLI result type.

A plain module (not conftest.py) so test modules can import it by name wherever they live.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class CliResult:
    code: int
    stdout: str
    stderr: str

    def __str__(self) -> str:  # shown by pytest when an assertion on the result fails
        return f"exit {self.code}\n--- stdout ---\n{self.stdout}\n--- stderr ---\n{self.stderr}"


RunCli = Callable[..., CliResult]
