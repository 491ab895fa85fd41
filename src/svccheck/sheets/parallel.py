"""A folder of many workbooks read on every core: the files shared out to worker processes.

A city's month is hundreds of small workbooks. Their Python work — headers found, rows turned
into observations — holds the GIL, so threads cannot share it (readahead.py overlaps only the
calamine parse). Worker processes can: the files are cut into chunks, in order, of about equal
size; the calling process reads chunks from the first on while the workers read them from the
last (BothEnds), and the parts are put back together in file order, so the result is the one
a single process reads.

- Only for folders worth it (MIN_FILES files and MIN_BYTES or more, on two cores or more):
  a worker costs a few milliseconds where it can be forked, a fifth of a second where a fresh
  interpreter must start and import svccheck (Windows, macOS, or a process already running
  other threads, where fork is unsafe).
- What a worker read travels back with its observations as columns (fast.to_columns): a
  NamedTuple pickles one by one, ten times slower.
- ingest reads file by file (`in_order`): a few files at a time, a few tasks ahead of it.
- A worker ignores Ctrl-C: the calling process gets it and stops them at once. Work a worker
  could not do (it died, or no process could start at all) is done by the calling process.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar

from svccheck.sheets.slices import cores

if TYPE_CHECKING:  # multiprocessing is imported when a pool is made: most reads make none
    from concurrent.futures import Future, ProcessPoolExecutor

MIN_FILES: Final = 16
"""Fewer files are read in one process: a worker's start would not pay for itself."""
MIN_BYTES: Final = 2 * 2**20
"""Files adding up to less (the example month: 1 MB) read in under half a second anyway."""
MAX_WORKERS: Final = 8
CHUNKS_PER_PROCESS: Final = 24
"""Chunks a big folder is cut into, per process reading it: small enough that the caller
seldom waits for a worker's last chunk (~0.05 s for a city's month), and few enough that
sending each costs nothing to speak of."""

T = TypeVar("T")


def processes_for(files: Sequence[Path], sizes: Sequence[int] | None = None) -> int:
    """How many processes should read `files` (of `sizes` bytes, when known): one per core for
    a big folder, else 1."""
    count = min(cores(), MAX_WORKERS, len(files) // (MIN_FILES // 2))
    if count < 2 or len(files) < MIN_FILES:
        return 1
    return count if sum(map(_size, files) if sizes is None else sizes) >= MIN_BYTES else 1


def chunk_out(files: Sequence[Path]) -> tuple[int, list[list[Path]]]:
    """How many processes should read `files` (`processes_for`), and the files cut into chunks
    for them, in order: all in one chunk for one process, else CHUNKS_PER_PROCESS chunks per
    process, of about equal size in bytes (see BothEnds)."""
    sizes = [_size(path) for path in files] if len(files) >= MIN_FILES else []
    processes = processes_for(files, sizes)
    if processes < 2:
        return 1, [list(files)]
    count = processes * CHUNKS_PER_PROCESS
    total = sum(sizes)
    chunks: list[list[Path]] = [[]]
    taken = 0
    for path, size in zip(files, sizes, strict=True):
        # a new chunk once this one holds its part of the bytes (the last takes the rest)
        if len(chunks) < count and chunks[-1] and taken >= total * len(chunks) / count:
            chunks.append([])
        chunks[-1].append(path)
        taken += size
    return processes, chunks


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # gone or unreadable: reading it says so, in whichever chunk
        return 0


@contextmanager
def workers(
    count: int, set_up: Callable[..., None] | None = None, *args: object
) -> Iterator[ProcessPoolExecutor | None]:
    """A pool of `count` worker processes (None for none), each first running `set_up(*args)`
    (what every task of theirs needs: sent once, not with each task); stopped on leaving — at
    once, its pending work cancelled, when leaving on an error or Ctrl-C."""
    if count < 1:
        yield None
        return
    # fork where it is safe: Linux, and no other thread running whose locks a child would
    # inherit held; else a fresh interpreter per worker
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if sys.platform == "linux" and threading.active_count() == 1 else "spawn"
    try:
        pool = ProcessPoolExecutor(
            count,
            mp_context=multiprocessing.get_context(method),
            initializer=partial(_start_worker, set_up, *args),
        )
    except (ImportError, NotImplementedError, OSError):  # no working semaphores or processes
        yield None  # here (a container without /dev/shm, a sandbox): the caller reads alone
        return
    try:
        yield pool
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown()


def _start_worker(set_up: Callable[..., None] | None, *args: object) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the calling process's to handle
    if set_up is not None:
        set_up(*args)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop the workers now (Ctrl-C, an error): not after they finish their work."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14 on
    if terminate is not None:
        terminate()
        return
    # before 3.14 the executor keeps its processes in `_processes` (pid → Process), which
    # shutdown() forgets
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()


def sent(pool: ProcessPoolExecutor | None, work: Callable[..., T], *args: Any) -> Future[T] | None:
    """`work(*args)` sent to a worker; None when there is no pool, or it cannot take work
    (broken, shut down, out of processes): the caller does the work itself."""
    from concurrent.futures.process import BrokenProcessPool

    if pool is None:
        return None
    try:
        return pool.submit(work, *args)
    except (BrokenProcessPool, RuntimeError, OSError):
        return None


def received(future: Future[T] | None) -> tuple[T] | None:
    """What a worker sent back (in a 1-tuple), or None when the work was never sent, or its
    worker died or could not send it back: the caller does the work itself. An error the
    work raised is raised here, as if it had been done here."""
    from concurrent.futures.process import BrokenProcessPool
    from pickle import PicklingError

    if future is None:
        return None
    try:
        return (future.result(),)
    except (BrokenProcessPool, PicklingError):
        return None


class BothEnds(Generic[T]):
    """Chunks of files read from both ends: the pool's workers take them from the last one,
    the caller from the first, until they meet.

    Neither waits on a share fixed beforehand (a busy core, a slow start, a chunk of big files
    even out), and what the workers read comes back chunk by chunk while the caller still
    reads, not all at once at the end. Chunks are sent a few at a time (`in_flight` per
    worker: one being read, one waiting), topped up as the caller goes from file to file, so
    that when the two ends meet the caller waits for at most that much of the workers' work.
    """

    def __init__(
        self,
        pool: ProcessPoolExecutor | None,
        processes: int,
        remote: Callable[[list[Path]], T],
        chunks: Sequence[list[Path]],
        in_flight: int = 2,
    ) -> None:
        self.pool, self.remote, self.chunks = pool, remote, chunks
        self.capacity = 0 if pool is None else (processes - 1) * in_flight
        self.futures: list[Future[T] | None] = [None] * len(chunks)
        self.mine = 0  # chunks[:mine] are the caller's
        self.back = len(chunks)  # chunks[back:] have been sent
        self._top_up()

    def _top_up(self) -> None:
        busy = sum(1 for f in self.futures[self.back :] if f is not None and not f.done())
        while busy < self.capacity and self.back > self.mine + 1:  # (the caller's next: not)
            self.back -= 1
            self.futures[self.back] = sent(self.pool, self.remote, self.chunks[self.back])
            busy += 1

    def here(self) -> Iterator[Path]:
        """The files the caller reads, in order: chunk after chunk until it meets the chunks
        sent (the workers are kept busy as it goes)."""
        while self.mine < self.back:
            self.mine += 1
            for path in self.chunks[self.mine - 1]:
                self._top_up()
                yield path

    def theirs(self) -> Iterator[tuple[list[Path], tuple[T] | None]]:
        """Once `here` is done: the chunks left, in order, each with what its worker read
        (`received`: None when the caller must read it itself)."""
        for at in range(self.mine, len(self.chunks)):
            yield self.chunks[at], received(self.futures[at])


def in_order(
    pool: ProcessPoolExecutor | None,
    remote: Callable[[list[Path]], T],
    here: Callable[[list[Path]], T],
    files: Sequence[Path],
    per_task: int,
    ahead: int,
) -> Iterator[T]:
    """What `remote` makes of `files`, `per_task` files at a time, in the pool's workers, at
    most `ahead` tasks ahead of the caller (what they read is held until it is taken), given
    in order. A task whose worker died, or that cannot be sent (or no pool), is done here by
    `here`."""
    tasks = iter([list(files[at : at + per_task]) for at in range(0, len(files), per_task)])
    pending = deque((task, sent(pool, remote, task)) for task in islice(tasks, ahead))
    while pending:
        task, future = pending.popleft()
        following = next(tasks, None)
        if following is not None:
            pending.append((following, sent(pool, remote, following)))
        done = received(future)
        yield here(task) if done is None else done[0]
