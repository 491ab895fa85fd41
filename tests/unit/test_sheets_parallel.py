"""A big folder read by worker processes (sheets/parallel.py): the files shared out in order,
the observations sent back as columns, and the result exactly the one a single process reads —
the same observations, inputs, layouts, rejections and problems, in file order — whether the
workers are forked or started afresh, and when a worker dies."""

from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime as dt
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sheets_support import big_month, reconcile

import svccheck.sheets.parallel as parallel
import svccheck.sheets.reader as reader
from cli_support import REPO, cli_env
from svccheck.errors import SvccheckError
from svccheck.fast import from_columns, to_columns
from svccheck.model import Library, Observation
from svccheck.sheets import ReadResult, read_apart, read_sheets
from svccheck.sheets.parallel import chunk_out

EXAMPLE = REPO / "examples" / "2026-10"


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return big_month(tmp_path_factory.mktemp("month"))


def files_of(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def in_one_process(monkeypatch: pytest.MonkeyPatch, folder: Path, library: Library) -> ReadResult:
    with monkeypatch.context() as patch:
        patch.setattr(reader, "chunk_out", lambda files: (1, [list(files)]))
        return read_sheets([folder], library)


def test_chunks_keep_the_files_in_order_and_split_them_by_size(
    monkeypatch: pytest.MonkeyPatch, big_folder: Path
) -> None:
    monkeypatch.setattr(parallel, "cores", lambda: 4)
    monkeypatch.setattr(parallel, "CHUNKS_PER_PROCESS", 2)
    files = files_of(big_folder)
    processes, chunks = chunk_out(files)
    assert processes == 4 and len(chunks) == 8
    assert [p for chunk in chunks for p in chunk] == files
    sizes = [sum(p.stat().st_size for p in chunk) for chunk in chunks]
    assert max(sizes) < 1.5 * sum(sizes) / 8


def test_small_folders_and_one_core_read_in_one_process(
    monkeypatch: pytest.MonkeyPatch, big_folder: Path
) -> None:
    files = files_of(big_folder)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    assert chunk_out(files)[0] == 2
    assert chunk_out(files[: parallel.MIN_FILES - 1]) == (1, [files[: parallel.MIN_FILES - 1]])
    example = files_of(EXAMPLE)  # 42 files, 1 MB: not worth a worker
    assert chunk_out(example) == (1, [example])
    monkeypatch.setattr(parallel, "cores", lambda: 1)
    assert chunk_out(files) == (1, [files])


def _slow_chunk(files: list[Path]) -> str:
    time.sleep(0.2)
    return f"{files[0]}…{files[-1]}"


@pytest.mark.parametrize("in_flight", [1, 2])
def test_the_caller_and_the_workers_read_from_both_ends_until_they_meet(in_flight: int) -> None:
    # The caller reads files quickly here; a worker takes 0.2 s a chunk: the caller reads most
    # chunks, the workers a few from the end, and every chunk is read exactly once, in order.
    chunks = [[Path(f"{n}a"), Path(f"{n}b")] for n in range(12)]
    with parallel.workers(1) as pool:
        ends = parallel.BothEnds(pool, 2, _slow_chunk, chunks, in_flight)
        here = []
        for path in ends.here():
            here.append(path)
            time.sleep(0.01)
        theirs = list(ends.theirs())
    assert here + [p for chunk, _ in theirs for p in chunk] == [p for c in chunks for p in c]
    assert 1 <= len(theirs) <= 2 * in_flight  # what was sent when the ends met
    assert len(here) >= 2 * 6
    for chunk, part in theirs:
        assert part == (f"{chunk[0]}…{chunk[-1]}",)


def test_with_no_pool_the_caller_reads_every_chunk() -> None:
    chunks = [[Path(f"{n}")] for n in range(5)]
    ends = parallel.BothEnds(None, 3, _slow_chunk, chunks)
    assert list(ends.here()) == [c[0] for c in chunks]
    assert list(ends.theirs()) == []


def test_what_was_read_travels_with_its_observations_as_columns(library: Library) -> None:
    rows = [
        Observation(dt.date(2026, 10, 8), "东环支行", "张三", "TLR-01", "pass", "morning-teller",
                    "self", role="teller", file="a.xlsx", sheet="S", row=3, column=4),
        Observation(dt.date(2026, 10, 9), "东环支行", "东环支行", "ENV-01", "fail", "insp",
                    "inspection", deduction=2.0, note="柜面有杂物", employee="李四",
                    due=dt.date(2026, 10, 20), fixed="整改中"),
    ]  # fmt: skip
    result = read_sheets([EXAMPLE / "inspection"], library)
    for read in (result, dataclasses.replace(result, observations=rows)):
        back = pickle.loads(pickle.dumps(read))
        assert back == read
        assert all(type(o) is Observation for o in back.observations)
    assert from_columns(Observation, to_columns([])) == []


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_a_folder_read_by_workers_is_the_folder_read_in_one_process(
    monkeypatch: pytest.MonkeyPatch, big_folder: Path, library: Library, method: str
) -> None:
    alone = in_one_process(monkeypatch, big_folder, library)
    monkeypatch.setattr(parallel, "cores", lambda: 3)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1 if method == "fork" else 2)
    shared = read_sheets([big_folder], library)
    assert shared == alone
    reconcile(shared)
    assert shared.rejected and shared.skipped_sheets  # the bad files are in it, in their place
    assert len(shared.inputs) == len(files_of(big_folder))


def _die(*_: object) -> None:
    os._exit(3)  # a worker killed (out of memory, a crash in a native library)


def test_chunks_whose_worker_dies_are_read_by_the_calling_process(
    monkeypatch: pytest.MonkeyPatch, big_folder: Path, library: Library
) -> None:
    alone = in_one_process(monkeypatch, big_folder, library)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)  # forked: sees _die
    monkeypatch.setattr(reader, "_read_chunk", _die)
    progress: list[tuple[int, int]] = []
    shared = read_sheets([big_folder], library, progress=lambda *p: progress.append(p))
    assert shared == alone
    total = len(files_of(big_folder))
    assert progress[-1] == (total, total)
    assert [done for done, _ in progress] == sorted(done for done, _ in progress)


def test_ctrl_c_stops_the_workers_at_once(big_folder: Path, tmp_path: Path) -> None:
    # Every share is held in its reading until interrupted: the workers never end by themselves.
    code = (
        "import sys, time\n"
        "import svccheck.sheets.reader as reader\n"
        "def held(*args, **options):\n"
        "    print('reading', file=sys.stderr, flush=True)\n"
        "    time.sleep(120)\n"
        "reader._read_each = held\n"
        "from svccheck.cli.app import main\n"
        "sys.exit(main())\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "read", str(big_folder), "--format", "json"],
        cwd=tmp_path,
        env=cli_env("en", {"PYTHONIOENCODING": "utf-8"}),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert proc.stderr is not None
    assert proc.stderr.readline() == "reading\n"
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    deadline = time.monotonic() + 30
    while not (workers := children.read_text().split()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert workers, "no worker process was started"
    started = time.monotonic()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert out == "" and "Traceback" not in err
    assert time.monotonic() - started < 20  # not the workers' two minutes
    for pid in map(int, workers):
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def one_by_one(files: list[Path], library: Library) -> list[object]:
    found: list[object] = []
    for path in files:
        try:
            found.append(read_sheets([path], library))
        except SvccheckError as error:
            found.append((type(error), str(error)))
    return found


def comparable(results: list[ReadResult | SvccheckError]) -> list[object]:
    return [r if isinstance(r, ReadResult) else (type(r), str(r)) for r in results]


@pytest.mark.parametrize("processes", [1, 3])
def test_ingest_reads_each_file_apart_in_order_however_many_read_them(
    monkeypatch: pytest.MonkeyPatch, big_folder: Path, library: Library, processes: int
) -> None:
    files = files_of(big_folder)
    alone = one_by_one(files, library)
    monkeypatch.setattr(parallel, "cores", lambda: processes)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    assert comparable(list(read_apart(files, library))) == alone
    assert any(isinstance(r, tuple) for r in alone)  # the broken files are among them


def test_files_whose_worker_dies_are_read_by_the_calling_process(
    monkeypatch: pytest.MonkeyPatch, big_folder: Path, library: Library
) -> None:
    files = files_of(big_folder)
    alone = one_by_one(files, library)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)  # forked: sees _die
    monkeypatch.setattr(reader, "_read_in_worker", _die)
    assert comparable(list(read_apart(files, library))) == alone


def test_where_no_worker_process_can_start_a_big_folder_is_read_here(
    monkeypatch: pytest.MonkeyPatch, big_folder: Path, library: Library
) -> None:
    alone = in_one_process(monkeypatch, big_folder, library)
    files = files_of(big_folder)
    apart = one_by_one(files, library)

    def no_processes(*_: object, **__: object) -> None:  # a container without /dev/shm
        raise ImportError("This platform lacks a functioning sem_open implementation")

    monkeypatch.setattr(parallel, "cores", lambda: 3)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_processes)
    assert read_sheets([big_folder], library) == alone
    assert comparable(list(read_apart(files, library))) == apart


@pytest.mark.parametrize("entry", ["module", "script"])
def test_python_m_svccheck_and_its_script_with_freshly_started_workers(
    big_folder: Path, tmp_path: Path, entry: str
) -> None:
    # As on Windows, or under a progress bar's timer: workers are started afresh (spawn) and
    # import the main module again; the command must run once, and read what one process reads
    (tmp_path / "sitecustomize.py").write_text(
        "import threading\nthreading.active_count = lambda: 2\n", encoding="utf-8"
    )
    script = Path(sys.executable).with_name("svccheck")
    start = [sys.executable, "-m", "svccheck"] if entry == "module" else [str(script)]
    env = cli_env("en", {"PYTHONPATH": f"{tmp_path}{os.pathsep}{REPO / 'src'}"})
    args = ["score", str(big_folder), "--format", "json"]
    spawned = subprocess.run([*start, *args], env=env, capture_output=True, text=True, check=False)
    alone = subprocess.run(
        [sys.executable, "-m", "svccheck", *args],
        env=cli_env("en", {"PYTHONPATH": str(REPO / "src")}),
        capture_output=True,
        text=True,
        check=False,
    )
    assert spawned.returncode == alone.returncode == 0, spawned.stderr
    assert spawned.stdout == alone.stdout and spawned.stderr == alone.stderr
    assert spawned.stderr.count("read ") == 1  # the command ran once
