"""The contributors' tooling: pre-commit hooks that need no network, and CI that lints first."""

from __future__ import annotations

import yaml

from cli_support import REPO


def test_contributor_hooks_run_the_installed_tools() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    assert repo["repo"] == "local"  # nothing to download
    hooks = {hook["id"]: hook for hook in repo["hooks"]}
    assert all(hook["language"] == "system" for hook in hooks.values())
    assert hooks["ruff"]["entry"].startswith(".venv/bin/ruff check")
    assert hooks["ruff-format"]["entry"].startswith(".venv/bin/ruff format")
    assert hooks["mypy"]["entry"] == ".venv/bin/mypy --strict"
    assert hooks["svccheck-validate-bundled"]["entry"] == ".venv/bin/svccheck validate --strict"


def test_ci_lints_and_type_checks_before_the_tests() -> None:
    lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    order = [
        ".venv/bin/ruff check src tests benchmarks",
        ".venv/bin/ruff format --check src tests benchmarks",
        ".venv/bin/mypy --strict",
        ".venv/bin/python -m pytest",
    ]
    assert [lines.index(line) for line in order] == sorted(lines.index(line) for line in order)
