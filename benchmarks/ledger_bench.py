"""Ledger benchmark: ingest rate, the monthly report of a province, and the query plans.

    .venv/bin/python benchmarks/ledger_bench.py [--branches 100] [--pg URL] [--skip-pg]

A synthetic province: 100 branches × 20 staff (8 tellers, 4 lobby managers, 4 account managers,
4 other staff) × 22 working days; every person self-checks daily on the role's morning
checklist, two of them are peer-checked daily, and each branch does its daily environment
walk-round — about 1.1 million observations a month. Two months are stored (September and
October) so that the October report has a previous period to compare with.

Figures printed:
1. ingest into SQLite, in memory → store: observations/s for the ledger write alone
   (`Ledger.add_file`) and with the batching and scoring that precede it (`prepare_file`),
   one transaction per branch-month file;
2. ingest end to end on a generated wide-form csv (read + score + store);
3. the October report (`period_report`: load, score assembly, history, honesty) on SQLite and
   on PostgreSQL — target ≤ 2 s — and the query plans of its reads (which indexes are used);
4. with `--folder N`: `ingest_paths` on a folder of N different 50,000-row registers against
   the same files ingested one call each — in a folder the next file is parsed in the
   background while this one is stored (ReadAhead).

PostgreSQL: --pg URL, else $SVCCHECK_TEST_PG_URL, else the cluster of .ci/start-postgres.sh when
it can be started; the benchmark works in a schema of its own and drops it afterwards.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

from svccheck.catalog.library import load_library
from svccheck.ledger.ingest import ingest_paths, prepare_file
from svccheck.ledger.period import month
from svccheck.ledger.records import Selection
from svccheck.ledger.report import period_report
from svccheck.ledger.store import Ledger, open_ledger
from svccheck.model import InputSummary, Library, Observation

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / ".data"
FROZEN = ROOT / "tests" / "data" / "library" / "2026.1"  # see make_read_data.py
ROLES = (
    ("teller", "morning-teller", 8),
    ("lobby_manager", "morning-lobby-manager", 4),
    ("account_manager", "morning-account-manager", 4),
    ("other_staff", "morning-other-staff", 4),
)
PEER = {
    "morning-teller": "peer-teller",
    "morning-lobby-manager": "peer-lobby-manager",
    "morning-account-manager": "peer-account-manager",
    "morning-other-staff": "peer-other-staff",
}
T = TypeVar("T")


def working_days(year: int, number: int, count: int = 22) -> list[dt.date]:
    day, days = dt.date(year, number, 1), []
    while len(days) < count:
        if day.weekday() < 5 or len(days) + (31 - day.day) < count:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def branch_month(
    library: Library, branch: int, days: list[dt.date], rng: random.Random
) -> list[Observation]:
    """One branch's month: self-checks, two peer checks a day, the environment walk-round."""
    name = f"第{branch:03d}支行"
    staff = [
        (f"{name}-{role}-{n}", role, checklist)
        for role, checklist, count in ROLES
        for n in range(count)
    ]
    rows: list[Observation] = []
    file = f"{name}.xlsx"
    for day in days:
        peers = {staff[(day.toordinal() + k) % len(staff)][0] for k in (0, 7)}
        for row, (person, role, checklist) in enumerate(staff, 5):
            sloppy = 0.02 + 0.06 * (hash(person) % 5 == 0)  # a fifth of the staff fail more
            for kind, cid in (("self_check", checklist), ("peer_check", PEER[checklist])):
                if kind == "peer_check" and person not in peers:
                    continue
                rate = sloppy * (2.5 if kind == "peer_check" else 1.0)
                for col, item in enumerate(library.checklists[cid].items):
                    rows.append(
                        Observation(
                            day,
                            name,
                            person,
                            item,
                            "fail" if rng.random() < rate else "pass",
                            cid,
                            kind,
                            role,
                            None,
                            1,
                            None,
                            None,
                            None,
                            file,
                            kind,
                            row,
                            2 + col,
                        )
                    )
        for col, item in enumerate(library.checklists["morning-environment"].items):
            rows.append(
                Observation(
                    day,
                    name,
                    name,
                    item,
                    "fail" if rng.random() < 0.03 else "pass",
                    "morning-environment",
                    "self_check",
                    None,
                    None,
                    1,
                    None,
                    None,
                    None,
                    file,
                    "env",
                    4,
                    2 + col,
                )
            )
    return rows


def timed(action: Callable[[], T]) -> tuple[T, float]:
    gc.collect()
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def ingest_province(ledger: Ledger, library: Library, branches: int, label: str) -> None:
    """Store two months, one file per branch-month; print the rates."""
    rng = random.Random(20261008)
    totals = {"observations": 0, "prepare": 0.0, "store": 0.0}
    for year, number in ((2026, 9), (2026, 10)):
        days = working_days(year, number)
        for branch in range(branches):
            rows = branch_month(library, branch, days, rng)
            summary = InputSummary(f"b{branch}-{number}.xlsx", ("S",), len(rows), len(rows), 0)
            prepared, seconds = timed(
                lambda rows=rows, summary=summary: prepare_file(
                    summary.file, uuid.uuid4().hex, rows, (), summary, library
                )
            )
            totals["prepare"] += seconds
            _, seconds = timed(lambda prepared=prepared: ledger.add_file(prepared))
            totals["store"] += seconds
            totals["observations"] += len(rows)
    n = totals["observations"]
    print(f"  {label}: {n:,} observations in {2 * branches} files")
    print(
        f"    store alone (Ledger.add_file)     {n / totals['store']:>10,.0f} obs/s "
        f"({totals['store']:.1f} s)"
    )
    print(
        f"    batch + score (prepare_file)      {n / totals['prepare']:>10,.0f} obs/s "
        f"({totals['prepare']:.1f} s)"
    )
    both = totals["store"] + totals["prepare"]
    print(f"    ingest of in-memory observations  {n / both:>10,.0f} obs/s ({both:.1f} s)")


def end_to_end(library: Library, folder: Path) -> None:
    """Write a wide-form csv (one row per person and day) and ingest it for real."""
    items = library.checklists["morning-teller"].items
    path = folder / "province-tellers.csv"
    rng = random.Random(7)
    with path.open("w", encoding="utf-8") as out:
        out.write("日期,网点,姓名,岗位," + ",".join(items) + "\n")
        for branch in range(40):
            for day in working_days(2026, 10):
                for person in range(8):
                    marks = ",".join("×" if rng.random() < 0.04 else "√" for _ in items)
                    out.write(f"{day},第{branch:03d}支行,柜员{branch}-{person},综合柜员,{marks}\n")
    url = f"sqlite:///{folder / 'e2e.db'}"
    with open_ledger(url) as ledger:
        report, seconds = timed(
            lambda: ingest_paths(ledger, [path], library, checklist="morning-teller")
        )
    (outcome,) = report.outcomes
    print(
        f"  end to end, {path.name}: {outcome.observations:,} observations "
        f"({path.stat().st_size / 1e6:.1f} MB csv) in {seconds:.2f} s = "
        f"{outcome.observations / seconds:,.0f} obs/s (read + score + store)"
    )


def ingest_folder(library: Library, folder: Path, count: int) -> None:
    """A folder of `count` different registers, ingested at once and file by file."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from make_read_data import write_register

    registers = folder / "registers"
    registers.mkdir()
    files = [
        write_register(registers / f"register-{n}.xlsx", library, 50_000, seed=100 + n)
        for n in range(count)
    ]
    seconds = {}
    for way in ("at once", "one by one"):
        with open_ledger(f"sqlite:///{folder / way.replace(' ', '-')}.db") as ledger:
            start = time.perf_counter()
            if way == "at once":
                ingest_paths(ledger, [registers], library, checklist="inspection-monthly")
            else:
                for path in files:
                    ingest_paths(ledger, [path], library, checklist="inspection-monthly")
            seconds[way] = time.perf_counter() - start
    print(
        f"  folder of {count} × 50,000-row registers: one by one {seconds['one by one']:.2f} s, "
        f"at once (read-ahead) {seconds['at once']:.2f} s → "
        f"{seconds['at once'] / seconds['one by one']:.2f}×"
    )


def report_figures(ledger: Ledger, library: Library, label: str) -> None:
    october = month(2026, 10)
    plans = ledger.plans(Selection(october.start, october.end))
    one = ledger.plans(Selection(october.start, october.end, branch="第000支行"))
    best, cpu = float("inf"), float("inf")
    for _ in range(3):
        before = _cpu()
        report, seconds = timed(lambda: period_report(ledger, library, october))
        best, cpu = min(best, seconds), min(cpu, _cpu() - before)
    history = report.history
    assert history is not None
    print(
        f"  {label}: October report, {report.summary.checks:,} checks of "
        f"{report.summary.observations:,} observations, {len(report.subjects):,} subjects; "
        f"previous period {history.previous_checks:,} checks"
    )  # type: ignore[attr-defined]
    print(
        f"    period report (best of 3)         {best:>10.2f} s   (target ≤ 2 s); "
        f"CPU {cpu:.2f} s in two processes"
    )
    for name, lines in (*plans.items(), *(("one branch: " + k, v) for k, v in one.items())):
        print(f"    plan of {name}:")
        for line in lines:
            print(f"      {line}")


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the previous-period worker):
    a figure that other programs on a busy machine do not inflate as much as wall time."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def pg_base_url(given: str | None) -> str | None:
    if given or os.environ.get("SVCCHECK_TEST_PG_URL"):
        return given or os.environ["SVCCHECK_TEST_PG_URL"]
    done = subprocess.run(
        ["bash", str(ROOT / ".ci" / "start-postgres.sh")],
        capture_output=True,
        text=True,
        check=False,
    )
    match = re.search(r"SVCCHECK_TEST_PG_URL=(\S+)", done.stdout)
    return match.group(1) if match else None


def pg_schema(base: str) -> Iterator[str]:
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{base}{'&' if '?' in base else '?'}options={quote(f'-csearch_path={schema}')}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--branches", type=int, default=100)
    parser.add_argument("--pg", help="PostgreSQL URL (default: $SVCCHECK_TEST_PG_URL)")
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--folder", type=int, default=0, metavar="N")
    args = parser.parse_args(argv)
    library = load_library(FROZEN / "standards", FROZEN / "checklists")
    DATA.mkdir(parents=True, exist_ok=True)
    print(
        f"svccheck ledger benchmark — {args.branches} branches × 20 staff × 22 days, "
        "two months (Python " + sys.version.split()[0] + ")"
    )
    with tempfile.TemporaryDirectory(dir=DATA) as folder:
        url = f"sqlite:///{Path(folder) / 'province.db'}"
        print("SQLite")
        with open_ledger(url) as ledger:
            ingest_province(ledger, library, args.branches, "ingest")
            report_figures(ledger, library, "report")
        end_to_end(library, Path(folder))
        if args.folder:
            ingest_folder(library, Path(folder), args.folder)
    if args.skip_pg:
        return 0
    base = pg_base_url(args.pg)
    if base is None:
        print("PostgreSQL: not available (set --pg or SVCCHECK_TEST_PG_URL)")
        return 0
    print("PostgreSQL")
    for url in pg_schema(base):
        with open_ledger(url) as ledger:
            ingest_province(ledger, library, args.branches, "ingest")
            ledger.backend.execute("ANALYZE")
            report_figures(ledger, library, "report")
    return 0


if __name__ == "__main__":
    sys.exit(main())
