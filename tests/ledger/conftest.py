"""Fixtures for the ledger tests: every test runs against SQLite and against PostgreSQL.

PostgreSQL comes from $SVCCHECK_TEST_PG_URL (CI sets it with .ci/start-postgres.sh); without
it, the fixtures start a throwaway cluster of the session's own with that script (in a private
folder, stopped when the session ends) when the server binaries are installed, else the
PostgreSQL half of each test is skipped — loudly, with the reason
repeated in the terminal summary. A URL that is set but does not connect fails the tests:
that is a broken CI, not a missing server. Each PostgreSQL test gets a fresh schema.

The filled sheets and the small two-month bank the tests ingest are in ledger_support.py.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from ledger_support import (
    REPO,
    SheetWriter,
    build_bank,
    write_morning_csv,
    write_register_xlsx,
)

from svccheck.model import Library

START_SCRIPT = REPO / ".ci" / "start-postgres.sh"

_pg_skip_reason: list[str] = []


def _connectable(url: str) -> str | None:
    """None when `url` accepts a connection, else why not."""
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=5):
            return None
    except psycopg.Error as error:
        return str(error).strip().splitlines()[0]


@dataclass(frozen=True)
class _Cluster:
    """A cluster this test session started: its private folder and the token that lets
    `start-postgres.sh --stop` stop it (and only it)."""

    folder: Path
    token: str

    def stop(self) -> None:
        # A start that failed half way may have written its token without printing it: the
        # folder is this session's alone, so its token file is ours.
        token = self.token or _read(self.folder / "started-by")
        env = {**os.environ, "SVCCHECK_PG_DIR": str(self.folder), "SVCCHECK_PG_TOKEN": token}
        subprocess.run(
            ["bash", str(START_SCRIPT), "--stop"],
            env=env,
            capture_output=True,
            timeout=120,
            check=False,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def _start_cluster() -> tuple[str | None, str, _Cluster | None]:
    """Start a throwaway cluster with the CI script, when the server is installed: in a folder
    of this session's own, so that stopping it at the end never stops another session's (test
    runs may share the machine, and /tmp/svccheck-pg-<uid> is the script's default)."""
    if shutil.which("initdb") is None and not list(
        Path("/usr/lib/postgresql").glob("*/bin/initdb")
    ):
        return (
            None,
            "no PostgreSQL server installed (initdb not found) and SVCCHECK_TEST_PG_URL unset",
            None,
        )
    folder = Path(tempfile.mkdtemp(prefix="svccheck-pg-"))
    env = {**os.environ, "SVCCHECK_PG_DIR": str(folder)}
    env.pop("SVCCHECK_PG_TOKEN", None)
    try:
        done = subprocess.run(
            ["bash", str(START_SCRIPT)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env=env,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        _Cluster(folder, "").stop()
        return None, f"{START_SCRIPT.name} failed: {error}", None
    url = re.search(r"SVCCHECK_TEST_PG_URL=(\S+)", done.stdout)
    token = re.search(r"SVCCHECK_PG_TOKEN=(\S+)", done.stdout)
    cluster = _Cluster(folder, token.group(1) if token else "")
    if done.returncode != 0 or not url or not token:
        cluster.stop()
        return None, f"{START_SCRIPT.name} failed: {done.stderr.strip()[-300:]}", None
    return url.group(1), "", cluster


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str | None]:
    """The base URL of a PostgreSQL test database, or None (with the reason recorded).

    A cluster the session started itself is stopped (and its folder removed) when the
    session ends; one named by $SVCCHECK_TEST_PG_URL is someone else's and left running."""
    url = os.environ.get("SVCCHECK_TEST_PG_URL")
    if url:
        problem = _connectable(url)
        if problem:
            pytest.fail(f"SVCCHECK_TEST_PG_URL={url} does not connect: {problem}")
        yield url
        return
    url, why, cluster = _start_cluster()
    try:
        if url is None:
            _pg_skip_reason.append(why)
            yield None
            return
        problem = _connectable(url)
        if problem:
            _pg_skip_reason.append(f"the cluster started but does not connect: {problem}")
            yield None
            return
        yield url
    finally:
        if cluster is not None:
            cluster.stop()


@pytest.fixture
def pg_url(pg_server_url: str | None) -> Iterator[str]:
    """A PostgreSQL ledger URL in a fresh schema of its own (dropped afterwards)."""
    if pg_server_url is None:
        pytest.skip(f"PostgreSQL not available: {_pg_skip_reason[0] if _pg_skip_reason else '?'}")
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in pg_server_url else "?"
    yield f"{pg_server_url}{separator}options={quote(f'-csearch_path={schema}')}"
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty ledger URL on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.db'}"
    url: str = request.getfixturevalue("pg_url")
    return url


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _pg_skip_reason:
        terminalreporter.write_sep("!", "PostgreSQL ledger tests SKIPPED", yellow=True, bold=True)
        terminalreporter.write_line(f"PostgreSQL not available: {_pg_skip_reason[0]}")
        terminalreporter.write_line(
            'Set SVCCHECK_TEST_PG_URL or run: eval "$(bash .ci/start-postgres.sh)"'
        )


# -- the library the ledger tests hold still ----------------------------------------------------


@pytest.fixture(scope="session")
def library(library_v1: Library) -> Library:
    """The ledger's mechanics are tested against the frozen 2026.1 library (the figures worked
    out by hand in these tests are its points), not against the bundled one, which moves."""
    return library_v1


@pytest.fixture(autouse=True)
def _v1_library_in_the_working_folder(v1_in_cwd: None) -> None:
    """The CLI runs in tmp_path: the same frozen library there."""


# -- sheets and a small bank (see ledger_support.py) ------------------------------------------


@pytest.fixture
def morning_csv() -> SheetWriter:
    return write_morning_csv


@pytest.fixture
def register_xlsx() -> SheetWriter:
    return write_register_xlsx


@pytest.fixture
def bank_url(ledger_url: str, tmp_path: Path, library: object) -> str:
    """A ledger holding `build_bank`'s two months, on each backend."""
    build_bank(ledger_url, tmp_path, library)
    return ledger_url
