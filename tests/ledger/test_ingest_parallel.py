"""`svccheck ingest` of a big folder, its files read by worker processes (sheets/parallel.py)
while the calling process stores them: the ledger holds what one process stores, file for
file, on both backends."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sheets_support import big_month

import svccheck.sheets.parallel as parallel
from cli_support import REPO

STANDARDS = ["--standards", str(REPO / "standards")]
when = re.compile(r"ingested [^)]*\)|^.*: (?=\d+ files added)", re.MULTILINE)


@pytest.fixture(scope="module")
def month(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = big_month(tmp_path_factory.mktemp("month"))
    cut = folder / "b" / "cut.xlsx"  # a copy of a file that cannot be stored fails as well
    (folder / "c" / "cut-again.xlsx").write_bytes(cut.read_bytes())
    for book in (folder / "a" / "morning").glob("*.xlsx"):  # copies: stored once
        (folder / "c" / "morning" / f"copy-of-{book.name}").write_bytes(book.read_bytes())
    return folder


def test_a_big_folder_ingested_by_workers_is_the_folder_ingested_by_one_process(
    run_cli, ledger_url: str, tmp_path: Path, month: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone_url = f"sqlite:///{tmp_path / 'alone.db'}"
    with monkeypatch.context() as patch:
        patch.setattr(parallel, "cores", lambda: 1)
        alone = run_cli("ingest", month, "--db", alone_url, *STANDARDS)
    monkeypatch.setattr(parallel, "cores", lambda: 3)
    monkeypatch.setattr(parallel, "MIN_BYTES", 0)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)  # forked workers
    shared = run_cli("ingest", month, "--db", ledger_url, *STANDARDS)
    assert (shared.code, shared.stdout) == (alone.code, alone.stdout)
    assert when.sub("", shared.stderr) == when.sub("", alone.stderr)
    assert "already in the ledger" in alone.stderr  # the copies
    assert alone.code == 2  # the broken files are reported; the others stored
    assert "cut.xlsx" in alone.stderr and "not-a-book.xlsx" in alone.stderr
    assert "cut-again.xlsx" in alone.stderr and ", 3 failed;" in alone.stderr
    reports = [
        run_cli("report", "--db", url, "--format", "json", *STANDARDS)
        for url in (alone_url, ledger_url)
    ]
    assert reports[0].code == 0, reports[0]
    assert json.loads(reports[0].stdout)["summary"]["checks"] > 0
    assert reports[1].stdout == reports[0].stdout
    again = run_cli("ingest", month, "--db", ledger_url, *STANDARDS)  # everything held: no read
    assert again.code == 2 and "cut.xlsx" in again.stderr
