"""Start-up: a run builds only the command it names — and says exactly what a full build says."""

from __future__ import annotations

import contextlib
import io

import pytest

from svccheck.cli.app import COMMANDS, app, command_named, main


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["score", "examples/2026-10"], "score"),
        (["--lang", "zh", "score", "x.xlsx"], "score"),
        (["--lang=zh", "--db", "sqlite:///l.db", "brief"], "brief"),
        (["--standards", "score", "read", "x"], "read"),  # "score" is --standards' value
        (["--help"], None),
        (["--version"], None),
        (["-h", "score"], None),
        (["scor", "x"], None),  # misspelt: click's message names the commands there are
        (["--unknown", "score"], None),
        (["--lang"], None),
        ([], None),
    ],
)
def test_the_command_named(args: list[str], named: str | None) -> None:
    assert command_named(args) == named


def _run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("name", [name for name, _ in COMMANDS])
def test_a_command_built_alone_says_what_it_says_among_all(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    alone = [_run([name, "--help"]), _run([name, "--no-such-option"])]
    monkeypatch.setattr("svccheck.cli.app.command_named", lambda args: None)  # build them all
    assert [_run([name, "--help"]), _run([name, "--no-such-option"])] == alone
    assert len(app.registered_commands) == len(COMMANDS)  # put back after each run
