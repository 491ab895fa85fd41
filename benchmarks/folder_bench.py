"""Folder benchmark (issue 15): a city's month of small workbooks against a bare calamine read.

    .venv/bin/python benchmarks/folder_bench.py [--branches 60] [--weeks 5] [--repeat 5]
    .venv/bin/python benchmarks/folder_bench.py --commands score --no-one-core --repeat 9

Builds a city month into benchmarks/.data/folder-<branches>x<weeks>/ (kept for later runs):
for each of `--branches` branches, one morning workbook per ISO week of October 2026 (twelve
sheets: self and peer checks per role, the environment walk-round) and the month's inspection
register (with its 填写说明 helper sheet) — written by examples/generate.py's writers, so with
the example month's messiness: merged titles, the 网点/周次/主持人 block above the header,
spacer, subtotal and footer rows, mixed marks and date forms, the register's typed deductions.

Then, as fresh processes, each paired with a bare read run just before it: `python -c` that
imports only python-calamine and reads every row of every sheet of every file, against
`svccheck score FOLDER --format json`, `svccheck read FOLDER --format json` and `svccheck
ingest FOLDER` into a fresh SQLite ledger — on every core the machine has, then pinned to one
(as score_bench.py does, with os.sched_setaffinity). Every run is printed; the figures are
the medians of the times and of the pairs' ratios (a pair run back to back compares fairly on
a shared host). Budgets: score ≤ 1.5× (≤ 2.0× on one core), read ≤ 1.4×, ingest ≤ 2.5×.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from fresh import environment, load, warm

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / ".data"
BUDGETS = {"score": 1.5, "read": 1.4, "ingest": 2.5}
ONE_CORE_BUDGETS = {"score": 2.0}

BARE_READ = """\
import os, sys
from python_calamine import CalamineWorkbook
paths = sorted(
    os.path.join(folder, name)
    for folder, _, names in os.walk(sys.argv[1])
    for name in names
    if name.endswith(".xlsx")
)
for path in paths:
    book = CalamineWorkbook.from_path(path)
    for name in book.sheet_names:
        for _ in book.get_sheet_by_name(name).iter_rows():
            pass
    book.close()
"""


def build(folder: Path, branches: int, weeks: int, seed: int = 15) -> None:
    """A city month: `branches` branches × `weeks` weekly morning workbooks + a register each."""
    sys.path.insert(0, str(ROOT / "examples"))
    import generate as g

    from svccheck.catalog.library import load_library

    library = load_library()
    scopes = g.ScopeWords(library)
    rng = random.Random(seed)
    days = g.working_days()
    month_weeks = g.weeks_of(days)[:weeks]
    used: set[str] = set()
    for number in range(branches):
        style = g.BRANCHES[number % len(g.BRANCHES)]
        name = f"城区第{number + 1:03d}支行"
        staff_count = {
            "branch_head": 1,
            "teller": rng.randint(3, 6),
            "lobby_manager": rng.randint(1, 2),
            "account_manager": rng.randint(2, 4),
            "security_guard": 1,
            "cleaner": 1,
        }
        visits = tuple(
            g.Visit(
                day,
                rng.choice(("上午", "下午", "全天", "09:30")),
                method,
                scope,
                rng.uniform(0.005, 0.05),
            )
            for day, method, scope in zip(
                sorted(rng.sample(range(5, 30), rng.randint(2, 4))),
                ("现场", "视频调阅", "暗访", "现场"),
                ("全面检查", "综合柜员", "前厅区", "全面检查"),
                strict=False,
            )
        )
        quality = rng.lognormvariate(0.0, 0.4)
        branch = g.BranchProfile(
            name,
            f"{number + 10:03d}",
            quality,
            quality,
            staff_count,
            style.marks,
            style.date_form,
            visits,
            (0.02, 0.02, 0.02, 0.02),
            g._unique_name(rng, used),
        )
        staff = _people(g, rng, branch, days, used)
        g.give_habits(rng, staff, library, [branch])
        rows_by_checklist = {}
        for role in g.SHEET_ROLES:
            role_staff = [p for p in staff if p.role == role]
            for kind in ("morning", "peer"):
                checklist_id = f"{kind}-{g.ROLE_SLUG[role]}"
                if role_staff and checklist_id in library.checklists:
                    rows_by_checklist[checklist_id] = g.morning_rows(
                        rng, library, branch, checklist_id, role_staff, staff
                    )
        rows_by_checklist["morning-environment"] = g.morning_rows(
            rng, library, branch, "morning-environment", staff, staff
        )
        for week in month_weeks:
            path = folder / "morning" / f"{name}-W{week[0].isocalendar().week}.xlsx"
            g.write_morning_workbook(path, rng, library, branch, week, rows_by_checklist, staff)
        findings = g.inspection_findings(rng, library, scopes, branch, staff)
        path = folder / "inspection" / f"{name}-登记簿.xlsx"
        g.write_register(path, rng, library, branch, findings)


def _people(
    g: ModuleType, rng: random.Random, branch: Any, days: Sequence[dt.date], used: set[str]
) -> list[Any]:
    """The branch's staff, as examples/generate.py's make_people makes them."""
    people = []
    serial = 0
    for role in g.ROLE_LABEL:
        for _ in range(branch.staff.get(role, 0)):
            serial += 1
            leave = frozenset(rng.sample(list(days), 1)) if rng.random() < 0.35 else frozenset()
            name = branch.head if role == "branch_head" else g._unique_name(rng, used)
            people.append(
                g.Person(
                    name,
                    f"0{branch.code}{serial:04d}",
                    role,
                    branch.name,
                    rng.lognormvariate(0.0, 0.45),
                    leave=leave,
                )
            )
    return people


def ensure_data(branches: int, weeks: int, rebuild: bool) -> Path:
    folder = DATA / f"folder-{branches}x{weeks}"
    stamp = folder / "built.json"
    wanted = {"branches": branches, "weeks": weeks, "version": 2}
    if not rebuild and stamp.exists() and json.loads(stamp.read_text()) == wanted:
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    t0 = time.perf_counter()
    build(folder, branches, weeks)
    stamp.write_text(json.dumps(wanted))
    print(f"built {folder.relative_to(ROOT)} in {time.perf_counter() - t0:.1f} s")
    return folder


def describe(folder: Path) -> str:
    from python_calamine import CalamineWorkbook

    files = sorted(folder.rglob("*.xlsx"))
    sheets = rows = 0
    for path in files:
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            sheets += 1
            rows += sum(1 for _ in book.get_sheet_by_name(name).iter_rows())
        book.close()
    size = sum(p.stat().st_size for p in files) / 1e6
    return f"{len(files)} workbooks, {sheets:,} sheets, {rows:,} rows, {size:.1f} MB"


def run(cmd: list[str], cpus: set[int] | None) -> float:
    env = environment()  # as installed: byte code cached (fresh.py)
    t0 = time.perf_counter()
    proc = subprocess.run(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        cwd=ROOT,
        env=env,
        preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None,
    )
    elapsed = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr}")
    return elapsed


def svccheck(command: str, folder: Path, ledger: Path) -> list[str]:
    cmd = [sys.executable, "-m", "svccheck", command, str(folder)]
    if command == "ingest":
        return [*cmd, "--db", f"sqlite:///{ledger}"]
    return [*cmd, "--format", "json"]


def measure(command: str, folder: Path, repeat: int, cpus: set[int] | None, scratch: Path) -> float:
    """Pairs (bare read, then the command), printed as they run; the median ratio."""
    bare_cmd = [sys.executable, "-c", BARE_READ, str(folder)]
    warm(svccheck(command, folder, scratch / "warm.db"), environment())
    (scratch / "warm.db").unlink(missing_ok=True)
    pairs = []
    for n in range(repeat):
        ledger = scratch / f"ledger-{n}.db"
        bare = run(bare_cmd, cpus)
        ours = run(svccheck(command, folder, ledger), cpus)
        ledger.unlink(missing_ok=True)
        pairs.append((bare, ours))
        print(f"    {n + 1}: bare {bare:.3f} s, {command} {ours:.3f} s → {ours / bare:.2f}×")
    bare_m = statistics.median(b for b, _ in pairs)
    ours_m = statistics.median(o for _, o in pairs)
    ratio = statistics.median(o / b for b, o in pairs)
    print(f"  median: bare {bare_m:.3f} s, {command} {ours_m:.3f} s; median ratio {ratio:.2f}×")
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--branches", type=int, default=60)
    parser.add_argument("--weeks", type=int, default=5, choices=range(1, 6))
    parser.add_argument("--repeat", type=int, default=5, help="pairs per command and cores")
    parser.add_argument(
        "--commands", nargs="+", default=["score", "read", "ingest"], choices=BUDGETS
    )
    parser.add_argument("--no-one-core", action="store_true", help="skip the pinned runs")
    parser.add_argument("--rebuild", action="store_true", help="write the folder again")
    args = parser.parse_args()
    folder = ensure_data(args.branches, args.weeks, args.rebuild)
    print(f"{folder.relative_to(ROOT)}: {describe(folder)}")
    configs: list[tuple[str, set[int] | None]] = [
        (f"all {len(os.sched_getaffinity(0))} cores", None)
    ]
    if not args.no_one_core:
        configs.append(("one core", {min(os.sched_getaffinity(0))}))
    results = []
    with tempfile.TemporaryDirectory(prefix="folder-bench-") as scratch:
        for label, cpus in configs:
            for command in args.commands:
                print(f"{command}, {label} (load {load()}):")
                ratio = measure(command, folder, args.repeat, cpus, Path(scratch))
                budget = (ONE_CORE_BUDGETS if cpus else BUDGETS).get(command)
                results.append((command, label, ratio, budget))
    print(f"ratios to the bare read (load at the end {load()}):")
    for command, label, ratio, budget in results:
        verdict = ""
        if budget is not None:
            verdict = f"   [budget ≤ {budget}×: {'met' if ratio <= budget else 'NOT met'}]"
        print(f"  {command:7} {label:12} {ratio:.2f}×{verdict}")


if __name__ == "__main__":
    main()
