"""Corrective-actions benchmark: `svccheck actions` over a province-year, and ingest with actions.

    .venv/bin/python benchmarks/actions_bench.py [--branches 100] [--runs 5] [--ingest-branches 30]

1. A province-year in an SQLite ledger: 100 branches × 12 monthly inspection registers of the
   bundled library's `inspection-monthly` (accountable: each finding naming a person opens that
   person's action), ~33 findings a register — about 40,000 corrective actions; some rows give
   a 整改期限, some a fix date, and every month's register passes most of last month's items,
   so rule (b) has work to do. Stored with `prepare_file` + `Ledger.add_file`, as ingest does.
2. `svccheck actions` on it, in a fresh process each run (start-up, library, ledger read, rule
   (b) over the stored checks, rendering): `--format json` and the terminal table, all actions
   and `--status overdue`. Target ≤ 1 s. Every run is printed, then the medians.
3. Ingest with actions on against actions off (the derivation patched out), paired and
   alternating: (a) the morning province of ledger_bench.py (`--ingest-branches` branches × 2
   months, ~22,000 observations a branch-month; no inspection, so the cost there is the
   per-batch check and the wider Observation), (b) the province-year of registers above.
   Target: ≥ 200,000 observations/s with actions on.

Times are wall time and CPU time: on a shared machine wall time also counts the waits for a
core, so the ingest rates are per CPU second of the ingesting process, and each CLI run shows
both.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from fresh import environment

import svccheck.ledger.ingest as ingest_module
from svccheck.catalog.library import load_library
from svccheck.ledger.ingest import prepare_file
from svccheck.ledger.store import Ledger, open_ledger
from svccheck.model import InputSummary, Library, Observation

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ledger_bench import FROZEN, branch_month, working_days

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / ".data"
FINDINGS = 33  # a register's findings: 100 × 12 × 33 ≈ 40,000 actions
STAFF = 20


def register_rows(
    library: Library, branch: int, month: int, rng: random.Random
) -> list[Observation]:
    """One branch's monthly register: FINDINGS findings on one day, most naming a person."""
    checklist = library.checklists["inspection-monthly"]
    items = [library.items[i] for i in checklist.items]
    name = f"第{branch:03d}支行"
    day = dt.date(2026, month, 8 + rng.randrange(15))
    file = f"{name}-{month:02d}月登记簿.xlsx"
    rows = []
    for n in range(FINDINGS):
        item = rng.choice(items)
        person = None if item.role == "branch" else f"{name}-员工{rng.randrange(STAFF)}"
        due = day + dt.timedelta(days=rng.choice((3, 5, 10))) if rng.random() < 0.3 else None
        fixed: dt.date | str | None = None
        if rng.random() < 0.5:
            fixed = day + dt.timedelta(days=rng.randrange(1, 20))
        elif rng.random() < 0.2:
            fixed = "整改中"
        rows.append(
            Observation(
                day, name, name, item.id, "fail", checklist.id, "inspection", item.role, None,
                1, None, "问题描述", "检查组", file, "登记簿", 4 + n, 7, person, due, fixed,
            )
        )  # fmt: skip
    return rows


def store_registers(ledger: Ledger, library: Library, branches: int) -> tuple[int, float]:
    """The province-year of registers; (observations, seconds of prepare + store)."""
    rng = random.Random(20261008)
    total, seconds = 0, 0.0
    for month in range(1, 13):
        for branch in range(branches):
            rows = register_rows(library, branch, month, rng)
            summary = InputSummary(rows[0].file, ("登记簿",), len(rows), len(rows), 0)
            start = time.process_time()
            prepared = prepare_file(summary.file, uuid.uuid4().hex, rows, (), summary, library)
            ledger.add_file(prepared)
            seconds += time.process_time() - start
            total += len(rows)
    return total, seconds


def store_morning(ledger: Ledger, library: Library, branches: int) -> tuple[int, float]:
    """ledger_bench.py's morning province, two months; (observations, seconds)."""
    rng = random.Random(20261008)
    total, seconds = 0, 0.0
    for year, number in ((2026, 9), (2026, 10)):
        days = working_days(year, number)
        for branch in range(branches):
            rows = branch_month(library, branch, days, rng)
            summary = InputSummary(f"b{branch}-{number}.xlsx", ("S",), len(rows), len(rows), 0)
            start = time.process_time()
            prepared = prepare_file(summary.file, uuid.uuid4().hex, rows, (), summary, library)
            ledger.add_file(prepared)
            seconds += time.process_time() - start
            total += len(rows)
    return total, seconds


@contextmanager
def actions_off() -> Iterator[None]:
    """Ingest as it was before corrective actions: no action derived for any batch."""
    real = ingest_module.open_actions
    ingest_module.open_actions = lambda rows, library, **_: []  # type: ignore[assignment]
    try:
        yield
    finally:
        ingest_module.open_actions = real


def cli_runs(url: str, args: list[str], runs: int) -> tuple[list[float], list[float]]:
    # as installed: byte code cached, written by the first, unmeasured run (fresh.py)
    env = environment(SVCCHECK_LANG="zh")
    times, cpu = [], []
    for run in range(runs + 1):
        before = _children_cpu()
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "svccheck", "actions", "--db", url, *args],
            env=env,
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            raise SystemExit(done.stderr.decode())
        if run:  # the first run warms the file cache and writes the bytecode
            times.append(time.perf_counter() - start)
            cpu.append(_children_cpu() - before)
    return times, cpu


def _children_cpu() -> float:
    """CPU seconds of the finished child processes: what a run costs, whatever else the
    machine is doing (wall time on a shared machine also counts waiting for a core)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def show(label: str, values: list[float], unit: str = "s", fmt: str = "{:.3f}") -> None:
    shown = ", ".join(fmt.format(v) for v in values)
    print(f"    {label:<42} runs: {shown} {unit}; median {fmt.format(statistics.median(values))}")


def paired(
    label: str, store: Callable[[Ledger], tuple[int, float]], folder: Path, runs: int
) -> None:
    rates: dict[str, list[float]] = {"on": [], "off": []}
    for n in range(runs):
        for way in ("off", "on") if n % 2 else ("on", "off"):
            url = f"sqlite:///{folder / f'{label}-{way}-{n}.db'}"
            with open_ledger(url) as ledger:
                if way == "off":
                    with actions_off():
                        count, seconds = store(ledger)
                else:
                    count, seconds = store(ledger)
            rates[way].append(count / seconds)
    print(f"  {label} ({count:,} observations a run)")
    show("actions on  (obs per CPU s)", rates["on"], "obs/s", "{:,.0f}")
    show("actions off (obs per CPU s)", rates["off"], "obs/s", "{:,.0f}")
    ratio = statistics.median(rates["on"]) / statistics.median(rates["off"])
    print(f"    on / off (medians)                          {ratio:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--branches", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--ingest-branches", type=int, default=30)
    args = parser.parse_args(argv)
    bundled = load_library()
    frozen = load_library(FROZEN / "standards", FROZEN / "checklists")
    DATA.mkdir(parents=True, exist_ok=True)
    print(f"svccheck corrective-actions benchmark (Python {sys.version.split()[0]})")
    with tempfile.TemporaryDirectory(dir=DATA) as name:
        folder = Path(name)
        url = f"sqlite:///{folder / 'province-year.db'}"
        with open_ledger(url) as ledger:
            count, seconds = store_registers(ledger, bundled, args.branches)
            held = ledger.counts()["actions_active"]
            as_of = dt.date(2026, 12, 31)
            start = time.process_time()
            actions = ledger.actions(as_of=as_of)
            query = time.process_time() - start
        statuses = {s: sum(1 for a in actions if a.status(as_of) == s)
                    for s in ("open", "overdue", "closed")}  # fmt: skip
        print(
            f"  province-year: {args.branches} branches × 12 registers, {count:,} findings, "
            f"{held:,} actions stored ({count / seconds:,.0f} obs/s to store); "
            f"as of {as_of}: {statuses}"
        )
        print(f"    Ledger.actions (in process, CPU)          {query:.3f} s")
        day = ["--date", as_of.isoformat()]
        print("  svccheck actions, fresh process each run (target ≤ 1 s)")
        for label, extra in (
            ("--format json (all)", ["--format", "json"]),
            ("table (all)", []),
            ("--status overdue --format json", ["--status", "overdue", "--format", "json"]),
            ("--status overdue (table)", ["--status", "overdue"]),
            ("--branch 第000支行 (table)", ["--branch", "第000支行"]),
        ):
            wall, cpu = cli_runs(url, [*day, *extra], args.runs)
            show(f"{label}, wall", wall)
            show(f"{label}, CPU", cpu)
        print("Ingest, actions on vs off (paired, alternating)")
        paired(
            "morning province",
            lambda ledger: store_morning(ledger, frozen, args.ingest_branches),
            folder,
            args.runs,
        )
        paired(
            "province-year of registers",
            lambda ledger: store_registers(ledger, bundled, args.branches),
            folder,
            args.runs,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
