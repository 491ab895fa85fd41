"""A ledger URL that carries a password and connects: every command that uses it runs, and
the password shows nowhere — not in summaries, JSON, reports or the brief."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from ledger_support import SheetWriter

from svccheck.ledger.store import open_ledger
from svccheck.model import Library

SECRET = "Hunter2Secret"


@pytest.fixture
def secret_url(pg_url: str) -> str:
    """The test database's URL with a password added (the test cluster trusts local users,
    so the server ignores it — the password still rides in the URL everywhere)."""
    return f"{pg_url}&password={SECRET}"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_password_in_any_output(
    run_cli,
    secret_url: str,
    tmp_path: Path,
    morning_csv: SheetWriter,
    library: Library,
    lang: str,
) -> None:
    sheet = morning_csv(
        tmp_path / "东环-W41.csv",
        "东环支行",
        {dt.date(2026, 10, 8): [("张三", "综合柜员", {"TLR-01": "×"})]},
        list(library.checklists["morning-teller"].items),
    )
    staff = tmp_path / "staff.csv"
    staff.write_text("姓名,岗位\n张三,综合柜员\n", encoding="utf-8")
    runs = [
        ("ingest", sheet, "--checklist", "morning-teller", "--db", secret_url),
        ("ingest", sheet, "--format", "json", "--db", secret_url),
        ("roster", staff, "--branch", "东环支行", "--db", secret_url),
        ("report", "--period", "2026-10", "--format", "json", "--db", secret_url),
        ("report", "--period", "2026-10", "--format", "md", "--db", secret_url),
        ("brief", "--date", "2026-10-08", "--db", secret_url),
    ]
    for args in runs:
        result = run_cli(*args, lang=lang)
        assert result.code == 0, result
        assert SECRET not in result.stdout + result.stderr, result
    summary = run_cli("ingest", sheet, "--db", secret_url, lang=lang)
    assert "password=***" in summary.stderr, summary
    # and where the ledger refuses: the Chinese message masks it as the English one does
    with open_ledger(secret_url) as ledger:
        ledger.backend.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    for args in (("ingest", sheet), ("report",), ("roster", staff, "--branch", "东环支行")):
        refused = run_cli(*args, "--db", secret_url, lang=lang)
        assert refused.code == 2 and "password=***" in refused.stderr, refused
        assert SECRET not in refused.stdout + refused.stderr, refused
        assert ("结构版本为 99" if lang == "zh" else "schema version 99") in refused.stderr
