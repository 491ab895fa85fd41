"""The throwaway PostgreSQL cluster: tests and CI stop only a cluster they started, and plain
`pytest` leaves no server behind (.ci/start-postgres.sh, the fixtures in conftest.py)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli_support import REPO

SCRIPT = REPO / ".ci" / "start-postgres.sh"

needs_server = pytest.mark.skipif(
    shutil.which("initdb") is None and not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")),
    reason="no PostgreSQL server installed (initdb not found)",
)


def _script(folder: Path, *args: str, token: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SVCCHECK_")}
    env["SVCCHECK_PG_DIR"] = str(folder)
    if token is not None:
        env["SVCCHECK_PG_TOKEN"] = token
    return subprocess.run(
        ["bash", str(SCRIPT), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def _exports(stdout: str) -> dict[str, str]:
    return dict(re.findall(r"^export (\w+)=(\S*)$", stdout, flags=re.MULTILINE))


def _running(folder: Path) -> bool:
    """Whether a server whose data folder is `folder`/data is running."""
    pid_file = folder / "data" / "postmaster.pid"
    if not pid_file.is_file():
        return False
    pid = int(pid_file.read_text(encoding="utf-8").split()[0])
    return Path(f"/proc/{pid}").exists()


@pytest.fixture
def scratch() -> Iterator[Path]:
    """A folder the server may reach when the tests run as root (the server then runs as
    `postgres`, which cannot enter pytest's private tmp_path)."""
    folder = Path(tempfile.mkdtemp(prefix="svccheck-test-"))
    folder.chmod(0o711)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@needs_server
def test_stop_stops_only_a_cluster_the_caller_started(scratch: Path) -> None:
    folder = scratch / "pg"
    started = _script(folder)
    try:
        assert started.returncode == 0, started.stderr
        first = _exports(started.stdout)
        assert first["SVCCHECK_TEST_PG_URL"].startswith("postgresql://postgres@127.0.0.1:")
        token = first["SVCCHECK_PG_TOKEN"]
        assert len(token) == 32
        assert (folder / "started-by").read_text(encoding="utf-8").strip() == token

        # A second caller finds it running: same URL, no token — it did not start it.
        again = _script(folder)
        assert again.returncode == 0, again.stderr
        assert _exports(again.stdout) == {
            "SVCCHECK_TEST_PG_URL": first["SVCCHECK_TEST_PG_URL"],
            "SVCCHECK_PG_TOKEN": "",
        }
        for other in ("", "0" * 32):
            refused = _script(folder, "--stop", token=other)
            assert refused.returncode == 0, refused.stderr
            assert "not stopping" in refused.stderr and "did not start it" in refused.stderr
            assert _running(folder)
        unset = _script(folder, "--stop")
        assert "not stopping" in unset.stderr
        assert _running(folder)

        stopped = _script(folder, "--stop", token=token)
        assert stopped.returncode == 0, stopped.stderr
        assert f"stopped and removed {folder}" in stopped.stderr
        assert not folder.exists()
    finally:
        _script(folder, "--stop", "--force")


@needs_server
def test_plain_pytest_leaves_no_server_behind(scratch: Path, tmp_path: Path) -> None:
    """A test session with no SVCCHECK_TEST_PG_URL starts a cluster of its own, in a private
    folder, and stops it at the end: nothing of it is left in $TMPDIR."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SVCCHECK_")}
    env.update(TMPDIR=str(scratch), PYTHONPATH=str(REPO / "src"))
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x",
         "--basetemp", str(tmp_path / "inner"),
         "tests/ledger/test_ledger_store.py::test_new_ledger_gets_the_current_schema"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "2 passed" in done.stdout, done.stdout[-2000:]
    assert not list(scratch.glob("svccheck-pg-*")), list(scratch.iterdir())
    servers = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, check=False)
    assert str(scratch) not in servers.stdout
