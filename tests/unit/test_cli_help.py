"""Every command explains itself: help text with at least one example."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from svccheck.cli.app import COMMANDS, app

runner = CliRunner()


def test_every_listed_command_is_registered() -> None:
    registered = {c.name for c in app.registered_commands}
    assert registered == {name for name, _ in COMMANDS}


@pytest.mark.parametrize("name", [name for name, _ in COMMANDS])
def test_command_help_has_an_example(name: str) -> None:
    result = runner.invoke(app, [name, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    assert "Example" in result.output, f"`svccheck {name} --help` shows no example"
    assert f"svccheck {name}" in result.output


def test_root_help_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    for name, _ in COMMANDS:
        assert name in result.output
