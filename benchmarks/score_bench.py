"""Scoring benchmark: the core on a synthetic province-month, then `svccheck score` end to end.

    .venv/bin/python benchmarks/score_bench.py [--branches 100] [--fail-rate 0.05] [--repeat 3]
    .venv/bin/python benchmarks/score_bench.py --register benchmarks/.data/register-200000.xlsx
    .venv/bin/python benchmarks/score_bench.py --register … --accountable --no-core

Core (issue 4: ≥ 1,000,000 observations/s, ≤ 300 MB for 1 M observations): 100 branches × 20
staff × 22 working days × 25 items = 1.1 M `Observation` tuples built in memory as a reader
would build them (dates, names and the cell's row and column shared), every staff
member's morning self-check of 25 items of their role, `--fail-rate` of the items failed (a
red line 50× rarer), 1 % not applicable and 1 % not checked. Prints the time of `score()` —
reading excluded — as observations per second (best of `--repeat`, wall and CPU), and
resident memory: what the observations take, and the peak that scoring adds on top (sampled
from /proc every few milliseconds while it runs).

End to end (`--register`, the reader benchmark's 200k-row register, see make_read_data.py;
budget ≤ 1.3× a bare calamine read): in one process, read_sheets + score + the JSON report
against a bare python-calamine read of every row; and the `svccheck score FILE --format
json` command against `python -c` doing the bare read, both as fresh processes — on all the
machine's cores (a big sheet is parsed in slices, one per core), then both pinned to one
core. Each pair is run in turns and the ratio printed is the median of the pairs' ratios.
With `--accountable` the register's checklist holds people to account (contract version 2:
every person the register names gets a check of their own), in process and in the command
(a copy of the library, its register made accountable, given with --standards). The
library is the frozen 2026.1 one (see make_read_data.py), given to the command with
--standards.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gc
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fresh import environment, warm
from make_read_data import FROZEN

from svccheck.catalog.library import load_library
from svccheck.model import Checklist, Library, Observation
from svccheck.scoring import score

ITEMS_PER_CHECK = 25
STAFF = (("teller", 8), ("lobby_manager", 3), ("account_manager", 5), ("other_staff", 4))


def rss_mb() -> float:
    """This process's resident set size now, in MB."""
    with open(f"/proc/{os.getpid()}/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


class PeakRss:
    """Samples the resident set size in a thread while a block runs; `.peak` in MB."""

    def __init__(self, every: float = 0.002) -> None:
        self.every = every
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mb())
            time.sleep(self.every)

    def __enter__(self) -> PeakRss:
        self.peak = rss_mb()
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mb())


def bench_library(library: Library) -> Library:
    """The bundled library plus one 25-item morning checklist per role ("bench-<role>")."""
    extra = {}
    for role, _ in STAFF:
        items = tuple(i.id for i in library.items.values() if i.role == role)[:ITEMS_PER_CHECK]
        assert len(items) == ITEMS_PER_CHECK, (role, len(items))
        base = library.checklists[f"morning-{role.replace('_', '-')}"]
        extra[f"bench-{role}"] = Checklist(
            f"bench-{role}", base.title, "self_check", "employee", items, base.scoring
        )
    return dataclasses.replace(library, checklists={**library.checklists, **extra})


def province_month(
    library: Library, branches: int, fail_rate: float, seed: int = 7
) -> list[Observation]:
    """branches × 20 staff × 22 working days × 25 items, as a reader would produce them."""
    rng = random.Random(seed)
    days = [
        d for d in (dt.date(2026, 10, 1) + dt.timedelta(n) for n in range(31)) if d.weekday() < 5
    ][:22]
    per_mille = round(fail_rate * 1000)
    results = ["fail"] * per_mille + ["na"] * 10 + ["unchecked"] * 10
    results += ["pass"] * (1000 - len(results))
    columns = range(5, 5 + ITEMS_PER_CHECK)  # F, G, …
    rows: list[Observation] = []
    append = rows.append
    for b in range(branches):
        branch = f"第{b + 1:03d}支行"
        staff = [
            (f"员工{b:03d}{role[0]}{n:02d}", role) for role, count in STAFF for n in range(count)
        ]
        for line, (name, role) in enumerate(staff):
            cid = f"bench-{role}"
            items = library.checklists[cid].items
            for d, date in enumerate(days):
                row_no = 5 + d * len(staff) + line
                for item, column in zip(items, columns, strict=True):
                    result = rng.choice(results)
                    if result == "fail" and library.items[item].critical and rng.random() > 0.02:
                        result = "pass"  # red lines are rare
                    append(
                        Observation(
                            date,
                            branch,
                            name,
                            item,
                            result,
                            cid,
                            "self_check",
                            role,
                            None,
                            1,
                            None,
                            None,
                            None,
                            "month.xlsx",
                            branch,
                            row_no,
                            column,
                        )
                    )
    return rows


def best_of(repeat: int, run: Callable[[], object]) -> tuple[float, float]:
    """Best wall and CPU seconds of `repeat` runs."""
    wall, cpu = [], []
    for _ in range(repeat):
        gc.collect()
        w, c = time.perf_counter(), time.process_time()
        run()
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    return min(wall), min(cpu)


def bench_core(library: Library, branches: int, fail_rate: float, repeat: int) -> None:
    library = bench_library(library)
    gc.collect()
    start = rss_mb()
    t0 = time.perf_counter()
    rows = province_month(library, branches, fail_rate)
    built = time.perf_counter() - t0
    gc.collect()
    held = rss_mb()
    n = len(rows)
    print(
        f"core: {n:,} observations ({branches} branches × 20 staff × 22 days × "
        f"{ITEMS_PER_CHECK} items, {fail_rate:.0%} failed), built in {built:.1f} s"
    )
    gc.collect()
    before = rss_mb()
    with PeakRss() as peak:
        report = score(rows, library)
    added = peak.peak - before
    total = peak.peak - start
    print(
        f"  memory: the observations {held - start:.0f} MB ({(held - start) / n * 1e6:.0f} MB "
        f"per 1 M); scoring adds at most {added:.0f} MB; peak RSS delta {total:.0f} MB = "
        f"{total / n * 1e6:.0f} MB per 1 M observations   [budget ≤ 300 MB per 1 M]"
    )
    print(
        f"  ({report.summary.checks:,} checks, {len(report.subjects):,} subjects, "
        f"{len(report.gaps)} gaps; mean {report.summary.score_mean})"
    )
    del report
    wall, cpu = best_of(repeat, lambda: score(rows, library))
    print(
        f"  score(): {wall:.3f} s wall, {cpu:.3f} s CPU (best of {repeat}) → "
        f"{n / wall:,.0f} obs/s wall, {n / cpu:,.0f} obs/s CPU   [budget ≥ 1,000,000]"
    )


def calamine_rows(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    rows = 0
    for name in workbook.sheet_names:
        for _ in workbook.get_sheet_by_name(name).iter_rows():
            rows += 1
    workbook.close()
    return rows


def accountable_library(folder: Path) -> Path:
    """A copy of the benchmarks' library (the frozen 2026.1 one) in `folder` whose register
    is accountable; its standards folder."""
    import shutil

    root = FROZEN
    shutil.copytree(root / "standards", folder / "standards", dirs_exist_ok=True)
    shutil.copytree(root / "checklists", folder / "checklists", dirs_exist_ok=True)
    register = folder / "checklists" / "inspection-monthly.yaml"
    text = register.read_text(encoding="utf-8")
    register.write_text(
        text.replace("subject: branch\n", "subject: branch\naccountable: employee\n", 1),
        encoding="utf-8",
    )
    return folder / "standards"


def bench_end_to_end(
    library: Library, register: Path, repeat: int, standards: Path | None = None
) -> None:
    from svccheck.pipeline import score_sheets
    from svccheck.reporting import ReportOptions, render

    def full() -> None:
        # as `svccheck score` does: no report format shows source cells (details=False)
        report = score_sheets([register], lambda: library, None, "en", details=False)
        render(report, "json", ReportOptions())

    # counted with details: without them, a report's sections carry no people's checks
    held = sum(len(s.accountable_checks) for s in score_sheets(
        [register], lambda: library, None, "en").sections)  # fmt: skip
    if held:
        print(f"  (the register holds {held:,} people's checks to account)")

    rows = calamine_rows(register)
    bare, ours, ratio = _paired(repeat, lambda: calamine_rows(register), full)
    print(
        f"end to end, in process: {register.name} ({rows:,} rows): bare calamine read "
        f"{bare:.2f} s; read_sheets + score + json {ours:.2f} s → {ratio:.2f}×   "
        f"[budget ≤ 1.3×]"
    )
    # The bare read as its own program: python-calamine and nothing else imported.
    bare_cmd = [
        sys.executable,
        "-c",
        "from python_calamine import CalamineWorkbook\n"
        f"book = CalamineWorkbook.from_path({str(register)!r})\n"
        "for name in book.sheet_names:\n"
        "    for _ in book.get_sheet_by_name(name).iter_rows(): pass\n",
    ]
    ours_cmd = [
        str(Path(sys.executable).with_name("svccheck")),
        "score",
        str(register),
        "--format",
        "json",
        "-o",
        os.devnull,
        *(["--standards", str(standards)] if standards else []),
    ]
    warm(ours_cmd, environment())
    # On every core this machine has (a big sheet is parsed in slices on each core), then
    # pinned to one core, where nothing is sliced.
    for label, cpus in (("", None), (", one core", {min(os.sched_getaffinity(0))})):
        bare_p, ours_p, ratio = _paired(
            repeat, lambda c=cpus: _run(bare_cmd, c), lambda c=cpus: _run(ours_cmd, c)
        )
        print(
            f"end to end, fresh processes{label}: python -c <bare read> {bare_p:.2f} s; "
            f"`svccheck score --format json` {ours_p:.2f} s → {ratio:.2f}×"
        )


def _run(cmd: list[str], cpus: set[int] | None = None) -> None:
    proc = subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
        env=environment(),  # as installed: byte code cached (fresh.py)
        preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None,
    )
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr}")


def _paired(
    repeat: int, bare: Callable[[], object], ours: Callable[[], object]
) -> tuple[float, float, float]:
    """Median times of `bare` and `ours` run in turns, and the median of the ratio of each
    pair: on a shared machine, whose speed drifts, a pair run back to back compares fairly."""
    pairs = [(_times(1, bare)[0], _times(1, ours)[0]) for _ in range(repeat)]
    return (
        statistics.median(b for b, _ in pairs),
        statistics.median(o for _, o in pairs),
        statistics.median(o / b for b, o in pairs),
    )


def _times(repeat: int, run: Callable[[], object]) -> list[float]:
    times = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--branches", type=int, default=100)
    parser.add_argument("--fail-rate", type=float, default=0.05)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--register", type=Path, help="the reader benchmark's register")
    parser.add_argument("--no-core", action="store_true", help="only the end-to-end figures")
    parser.add_argument(
        "--accountable", action="store_true", help="the register holds people to account"
    )
    args = parser.parse_args()
    library = load_library(FROZEN / "standards", FROZEN / "checklists")
    if not args.no_core:
        bench_core(library, args.branches, args.fail_rate, args.repeat)
    if args.register:
        if args.accountable:
            import tempfile

            with tempfile.TemporaryDirectory() as folder:
                standards = accountable_library(Path(folder))
                held = load_library(standards, standards.parent / "checklists")
                bench_end_to_end(held, args.register, args.repeat, standards)
        else:
            bench_end_to_end(library, args.register, args.repeat, FROZEN / "standards")


if __name__ == "__main__":
    main()
