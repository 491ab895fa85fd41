"""Floor benchmark: the least `svccheck` could take on issue 10's and issue 15's inputs, against
their budgets — with no sheet layout found, no cell parsed and no person's check scored.

    .venv/bin/python benchmarks/floor_bench.py [--repeat 5] [--only folder|register]

Each figure is a part of the work that stays however fast the reader becomes, measured on
its own; their sum, set against the bare read, is a lower bound of the ratio the end-to-end
benchmarks (folder_bench.py, score_bench.py) measure.

The folder (issue 15: `svccheck score FOLDER --format json`, budgets ≤ 1.5× the bare read on
two cores, ≤ 2.0× on one), the city month folder_bench.py builds:
- the bare read (folder_bench.py's `python -c`), and that interpreter starting alone;
- `svccheck score` of one of the folder's morning workbooks, as a fresh process: start-up,
  imports, the library (from its cache) and one workbook of the folder's 360;
- building the folder's observations as `Observation` tuples from lists of their fields
  already made (tuple.__new__ in C: what any reader pays to hand its rows to scoring);
- scoring them (`score`, without details, as `svccheck score` does) and the JSON report.
On one core everything adds up; on two, the calamine parse is counted as if it ran wholly on
the other core, at the same time as the rest.

The register (issue 10: the 200,000-row register end to end in one process, ≤ 1.3× a bare
calamine read, with accountable checks on):
- the bare read, and read + score + JSON of the same register *not* accountable;
- what holding its people to account adds however their checks are scored: ranking their
  rows (finish_rows over the 12,006 people it names) and their rows in the JSON report.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from folder_bench import BARE_READ, ensure_data, run
from fresh import environment, load, warm
from make_read_data import FROZEN
from score_bench import accountable_library, calamine_rows

ROOT = Path(__file__).resolve().parent.parent
REGISTER = ROOT / "benchmarks" / ".data" / "register-200000.xlsx"


def median_of(repeat: int, work: Callable[[], object]) -> tuple[float, list[float]]:
    """The median and every run of `work`, the garbage collector paused as svccheck pauses it
    while it reads and scores."""
    times = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            t0 = time.perf_counter()
            work()
            times.append(time.perf_counter() - t0)
        finally:
            gc.enable()
    return statistics.median(times), times


def show(label: str, found: tuple[float, list[float]]) -> float:
    value, runs = found
    print(f"  {label:58} {value:7.3f} s   (runs {', '.join(f'{t:.3f}' for t in runs)})")
    return value


def reach(ratio: float, budget: float) -> str:
    return "within reach" if ratio <= budget else "out of reach"


def folder_floor(repeat: int) -> None:
    import os

    from svccheck.catalog.library import load_library
    from svccheck.model import Observation
    from svccheck.pipeline import read
    from svccheck.reporting import ReportOptions, render
    from svccheck.scoring import score

    folder = ensure_data(60, 5, rebuild=False)
    one = sorted((folder / "morning").rglob("*.xlsx"))[0]
    print(f"folder {folder.relative_to(ROOT)} (load {load()}):")
    one_core = {min(os.sched_getaffinity(0))}
    bare_cmd = [sys.executable, "-c", BARE_READ, str(folder)]
    idle_cmd = [sys.executable, "-c", "import python_calamine"]
    start_cmd = [sys.executable, "-m", "svccheck", "score", str(one), "--format", "json"]
    commands = (
        ("bare read", bare_cmd),
        ("python -c 'import python_calamine'", idle_cmd),
        ("svccheck score <one workbook>", start_cmd),
    )
    warm(start_cmd, environment())
    figures = {}
    for label, cpus in (("two cores", None), ("one core", one_core)):
        figures[label] = tuple(
            show(f"{what}, {label}", median_of(repeat, lambda c=cmd, p=cpus: run(c, p)))
            for what, cmd in commands
        )
    library = load_library()
    result = read([folder], library)
    rows = result.observations
    fields = [list(column) for column in zip(*rows, strict=True)]

    def make() -> list[Observation]:
        return list(map(tuple.__new__, [Observation] * len(rows), zip(*fields, strict=True)))

    made = show(f"building {len(rows):,} observations from their fields", median_of(repeat, make))
    scored = show(
        "scoring them (score, no details)",
        median_of(repeat, lambda: score(rows, library, details=False, sheets=result.sheets)),
    )
    report = score(rows, library, details=False, sheets=result.sheets, inputs=result.inputs)
    encoded = show(
        "the JSON report", median_of(repeat, lambda: render(report, "json", ReportOptions()))
    )
    rest = made + scored + encoded
    for label, (bare, idle, start) in figures.items():
        parse = bare - idle  # calamine's own work, without its interpreter starting
        floor = start + rest + (parse if label == "one core" else 0.0)
        if label == "two cores":
            floor = max(floor, parse)
        budget = 2.0 if label == "one core" else 1.5
        print(
            f"  floor, {label}: {floor:.3f} s = {floor / bare:.2f}× the bare read "
            f"[budget ≤ {budget}×: {reach(floor / bare, budget)}]"
        )


def register_floor(repeat: int) -> None:
    from svccheck.catalog.library import load_library
    from svccheck.pipeline import score_sheets
    from svccheck.reporting import ReportOptions, render
    from svccheck.scoring.aggregate import Marks, finish_rows, held_subjects
    from svccheck.scoring.checks import score_checks

    print(f"register {REGISTER.name} (load {load()}):")
    plain = load_library(FROZEN / "standards")
    with tempfile.TemporaryDirectory(prefix="floor-bench-") as scratch:
        held_library = load_library(accountable_library(Path(scratch)))
    options = ReportOptions()

    def end_to_end(library: object) -> Callable[[], object]:
        return lambda: render(
            score_sheets([REGISTER], lambda: library, None, "en", details=False), "json", options
        )

    bare = show(
        "bare calamine read, in process", median_of(repeat, lambda: calamine_rows(REGISTER))
    )
    plain_e2e = show("read + score + JSON, not accountable", median_of(repeat, end_to_end(plain)))
    reports = {
        name: score_sheets([REGISTER], lambda lib=lib: lib, None, "en", details=False)
        for name, lib in (("plain", plain), ("held", held_library))
    }
    from svccheck.pipeline import read

    result = read([REGISTER], held_library)
    (register,) = [
        s
        for s in score_checks(
            result.observations, held_library, details=False, sheets=result.sheets,
            people_checks=False,
        )
        if s.held
    ]  # fmt: skip
    marks = {register.checklist.id: Marks.of(register.checklist.scoring)}
    people = list(held_subjects(register.held, register.checklist.id, marks).values())
    ranked = show(
        f"ranking the {len(people):,} people it names (finish_rows)",
        median_of(repeat, lambda: finish_rows(people, marks)),
    )
    json_plain = median_of(repeat, lambda: render(reports["plain"], "json", options))[0]
    json_held = show(
        "the JSON report with their rows",
        median_of(repeat, lambda: render(reports["held"], "json", options)),
    )
    held_e2e = show(
        "read + score + JSON, accountable (today)", median_of(repeat, end_to_end(held_library))
    )
    floor = plain_e2e + ranked + (json_held - json_plain)
    print(
        f"  floor: {floor:.3f} s = {floor / bare:.2f}× the bare read "
        f"(today {held_e2e / bare:.2f}×) [budget ≤ 1.3×: {reach(floor / bare, 1.3)}]"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", choices=("folder", "register"))
    args = parser.parse_args()
    if args.only != "register":
        folder_floor(args.repeat)
    if args.only != "folder":
        register_floor(args.repeat)


if __name__ == "__main__":
    main()
