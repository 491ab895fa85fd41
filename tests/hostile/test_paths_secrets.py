"""Hostile command lines: a ledger URL's password never reaches stdout or stderr, and an output
path never overwrites an input (every case built in tmp_path, exact exit codes and messages)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_support import REPO, RunCli

SECRET = "Hunter2Secret"

# Every way a password may ride in a ledger URL, well formed or not; the server at 127.0.0.1:1
# refuses the connection at once, so each case ends in our "cannot connect" message.
HOSTILE_URLS = {
    "userinfo": f"postgresql://svc:{SECRET}@127.0.0.1:1/ledger",
    "query": f"postgresql://svc@127.0.0.1:1/ledger?password={SECRET}",
    "query-last-colon": f"postgresql://svc@127.0.0.1:1/ledger?sslmode=disable&password={SECRET}:",
    "sslpassword": f"postgresql://svc@127.0.0.1:1/ledger?sslpassword={SECRET}",
    "percent-encoded": f"postgresql://svc:{SECRET[:4]}%2F{SECRET[4:]}@127.0.0.1:1/ledger",
    "slash-in-password": f"postgresql://svc:{SECRET[:4]}/{SECRET[4:]}@127.0.0.1:1/ledger",
    "at-in-password": f"postgresql://svc:{SECRET[:4]}@{SECRET[4:]}@127.0.0.1:1/ledger",
    "hash-in-password": f"postgresql://svc:{SECRET[:4]}#{SECRET[4:]}@127.0.0.1:1/ledger",
    "bracket": f"postgresql://svc:{SECRET}@[::1:1/ledger",
    "bad-escape": f"postgresql://svc:{SECRET}%zz@127.0.0.1:1/ledger",
    "space": f"postgresql://svc:{SECRET[:4]} {SECRET[4:]}@127.0.0.1:1/ledger",
    "libpq": f"host=127.0.0.1 port=1 password={SECRET}",
    "libpq-quoted": f"host=127.0.0.1 password='{SECRET[:4]} \\'{SECRET[4:]}'",
    "other-scheme": f"mysql://root:{SECRET}@db/ledger",
}


def _pieces() -> tuple[str, ...]:
    """The secret and its halves as the hostile URLs split it: none may be shown."""
    return (SECRET, SECRET[:4] + "/", SECRET[4:])


def _ledger_commands(tmp_path: Path) -> dict[str, list[str]]:
    """Every command that opens a ledger, with what it needs to get that far."""
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("branch,date\n", encoding="utf-8")
    staff = tmp_path / "staff.csv"
    staff.write_text("姓名\n张三\n", encoding="utf-8")
    return {
        "ingest": ["ingest", str(sheet)],
        "report": ["report"],
        "brief": ["brief", "--date", "2026-10-12"],
        "roster": ["roster", str(staff), "--branch", "东环支行"],
    }


# Every form against one command, and every command against the three usual forms: each
# command reaches the ledger through the same parse and connect, so this covers the matrix.
CASES = [("report", form) for form in sorted(HOSTILE_URLS)] + [
    (command, form)
    for command in ("ingest", "brief", "roster")
    for form in ("userinfo", "query", "libpq")
]


@pytest.mark.parametrize("command, form", CASES)
def test_no_password_on_any_stream(
    run_cli: RunCli, tmp_path: Path, command: str, form: str
) -> None:
    url = HOSTILE_URLS[form]
    args = _ledger_commands(tmp_path)[command]
    for how in ("option", "global", "env"):
        if how == "option":
            result = run_cli(*args, "--db", url)
        elif how == "global":
            result = run_cli("--db", url, *args)
        else:
            result = run_cli(*args, env={"SVCCHECK_DB": url})
        assert result.code == 2, result
        assert result.stderr.startswith("svccheck: error: "), result
        shown = result.stdout + result.stderr
        for piece in _pieces():
            assert piece not in shown, (how, result)
        assert "***" in result.stderr, result


@pytest.mark.parametrize(
    "form, message",
    [
        (
            "userinfo",
            "svccheck: error: cannot connect to the ledger "
            "postgresql://svc:***@127.0.0.1:1/ledger: ",
        ),
        (
            "query",
            "svccheck: error: cannot connect to the ledger "
            "postgresql://svc@127.0.0.1:1/ledger?password=***: ",
        ),
        (
            "libpq",
            "svccheck: error: unknown ledger URL 'host=127.0.0.1 port=1 password=***': expected "
            "sqlite:///PATH or postgresql://USER@HOST:PORT/DB (a libpq key=value string is not "
            "a URL: write postgresql://USER@HOST:PORT/DB and keep the password in ~/.pgpass or "
            "$PGPASSWORD)\n",
        ),
        (
            "other-scheme",
            "svccheck: error: unknown ledger URL 'mysql://root:***@db/ledger': expected "
            "sqlite:///PATH or postgresql://USER@HOST:PORT/DB\n",
        ),
    ],
)
def test_the_messages_still_say_which_ledger(run_cli: RunCli, form: str, message: str) -> None:
    result = run_cli("report", "--db", HOSTILE_URLS[form])
    assert result.code == 2, result
    assert result.stderr.startswith(message), result


def test_a_url_given_where_it_does_not_belong(run_cli: RunCli) -> None:
    """The option parser echoes a misplaced argument: masked like our own messages."""
    url = HOSTILE_URLS["userinfo"]
    extra = run_cli("report", url)
    assert extra.code == 2, extra
    assert "Got unexpected extra argument(s) (postgresql://svc:***@127.0.0.1:1/ledger)" in (
        extra.stderr
    )
    wrong = run_cli("report", "--format", url)
    assert wrong.code == 2, wrong
    for result in (extra, wrong):
        assert SECRET not in result.stdout + result.stderr, result


def test_a_password_on_an_sqlite_url_is_not_shown(run_cli: RunCli, tmp_path: Path) -> None:
    """SQLite takes no password, but a URL that carries one is still shown masked."""
    folder = tmp_path / "missing"
    result = run_cli("report", "--db", f"sqlite:///{folder}/x.db?password={SECRET}")
    assert result.code == 2, result
    assert result.stderr == (
        f"svccheck: error: ledger sqlite:///{folder}/x.db?password=***: "
        f"folder {folder} does not exist\n"
    ), result


def test_the_bundled_library_is_used(tmp_path: Path) -> None:
    """The commands above run against the bundled library (no ./standards in tmp_path)."""
    assert not (tmp_path / "standards").exists()
    assert (REPO / "standards").is_dir()
