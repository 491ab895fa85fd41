"""The README's quick start stays true: its main command runs, and CI runs its test command."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from cli_support import REPO, RunCli

README = (REPO / "README.md").read_text(encoding="utf-8")


def quick_start() -> list[str]:
    """The two commands of the quick start (the first fenced block after its heading)."""
    section = README.split("## Quick start", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "README has no quick-start block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_has_two_commands_install_and_test() -> None:
    install, tests = quick_start()
    assert "pip install" in install and "svccheck score examples/" in install
    assert "pytest" in tests


def test_ci_runs_the_readme_test_command() -> None:
    _, tests = quick_start()
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert tests.strip() in ci


def test_quick_start_main_command_scores_the_examples(run_cli_process: RunCli) -> None:
    install, _ = quick_start()
    main = install.split("&&")[-1].strip()  # ".venv/bin/svccheck score examples/2026-10"
    args = shlex.split(main)[1:]
    result = run_cli_process(*args, cwd=REPO)  # a real process, as the reader will run it
    assert result.code == 0, result
    assert "TLR-" in result.stdout  # the ranked gaps name standard items
    assert "2 rejected" in result.stderr  # the two deliberately bad register rows


def test_every_svccheck_command_in_the_readme_is_a_real_command() -> None:
    from svccheck.cli.app import COMMANDS

    names = {name for name, _ in COMMANDS}
    blocks = re.findall(r"^```(\w*)\n(.*?)^```", README, re.S | re.M)
    code = "\n".join(text for lang, text in blocks if lang in ("", "sh", "console"))
    pattern = r"^(?:\.venv/bin/)?svccheck (?:--lang \w+ )?([a-z]+)"
    used = set(re.findall(pattern, code, re.M))
    assert used, "README shows no svccheck command"
    assert used <= names, f"README names commands that do not exist: {used - names}"


def test_readme_documents_exit_codes() -> None:
    assert "## Exit codes" in README
    for code in ("| 0 |", "| 1 |", "| 2 |"):
        assert code in README


def test_examples_folder_is_where_the_readme_says() -> None:
    assert (REPO / "examples" / "2026-10").is_dir()
    assert any(Path(REPO / "examples" / "2026-10").rglob("*.xlsx"))
