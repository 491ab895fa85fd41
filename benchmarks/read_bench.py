"""Reading benchmark: svccheck's read_sheets against a bare python-calamine read and openpyxl.

    python benchmarks/read_bench.py [--rows 200000] [--people 20000] [--items 30]
                                    [--repeat 5] [--openpyxl-repeat 1] [--no-openpyxl]

Generates (once, into benchmarks/.data/) a long-form register and a wide-form workbook — see
make_read_data.py — then, for each, measures the median wall time of:

- calamine: CalamineWorkbook.from_path + iter_rows over every row of every sheet — the
  practical floor for reading xlsx in Python;
- svccheck: read_sheets (with the checklist named, as for a generated form, and — for the
  register — inferred, which looks at every row before reading);
- openpyxl: load_workbook(read_only=True) iterating values_only rows.

It prints the ratios (target: svccheck ≤ 1.3 × calamine), then peak memory (ru_maxrss of a
fresh process per reader) against the row count, to show memory does not grow with the rows
beyond the observations kept.

`--folder N` also reads a folder of N copies of the 50,000-row register at once and file by
file: at once, the next workbook is parsed in the background (ReadAhead) while this one is
read, so on two cores the folder takes less than the sum of its files.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_read_data import bench_library, ensure, register_path, write_register  # noqa: E402


def bare_calamine(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    rows = 0
    workbook = CalamineWorkbook.from_path(str(path))
    for name in workbook.sheet_names:
        for _ in workbook.get_sheet_by_name(name).iter_rows():
            rows += 1
    workbook.close()
    return rows


def svccheck_read(path: Path, checklist: str | None) -> int:
    from svccheck.sheets import read_sheets

    # The library is an input of read_sheets, loaded once per run of a command: not timed.
    result = read_sheets([path], load_library_cached(), checklist=checklist)
    return len(result.observations)


_LIBRARY: list[object] = []


def load_library_cached() -> Any:
    from make_read_data import bench_library

    if not _LIBRARY:
        _LIBRARY.append(bench_library())
    return _LIBRARY[0]


def calamine_and_tuples(path: Path, per_row: int) -> int:
    """The floor for *reading into observations*: calamine plus building `per_row`
    Observations per row of the first sheet (tuple.__new__, as read_sheets does), kept in a
    list, with no parsing at all — and the cyclic GC off during the loop, as read_sheets has it."""
    from python_calamine import CalamineWorkbook

    from svccheck.model import Observation

    kept: list[Observation] = []
    keep, new = kept.append, tuple.__new__
    gc.disable()
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        for n, row in enumerate(workbook.get_sheet_by_name(workbook.sheet_names[0]).iter_rows()):
            first = row[0]
            for i in range(per_row):
                keep(new(Observation, (first, 1, 2, i, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, n,
                                       "A", 17)))  # fmt: skip
        workbook.close()
    finally:
        gc.enable()
    return len(kept)


def openpyxl_read(path: Path) -> int:
    import openpyxl

    rows = 0
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for sheet in workbook.worksheets:
        for _ in sheet.iter_rows(values_only=True):
            rows += 1
    workbook.close()
    return rows


def timed(run: Callable[[], int]) -> tuple[float, float, int]:
    """Wall and CPU seconds of one run (the result is freed after the clock stops)."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    size = run()
    return time.perf_counter() - wall, time.process_time() - cpu, size


def median_time(run: Callable[[], int], repeat: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(repeat):
        took, _, size = timed(run)
        times.append(took)
    return statistics.median(times), size


def peak_memory(reader: str, path: Path, checklist: str | None) -> dict[str, float]:
    """Run one reader in a fresh interpreter: its RSS after imports, its peak RSS (VmHWM of the
    new process image: ru_maxrss would include the forked bench process), what it read."""
    code = f"""
import json, sys
sys.path.insert(0, {str(HERE)!r})
from pathlib import Path
import read_bench
from svccheck.catalog.library import load_library
read_bench.load_library_cached()
import python_calamine, openpyxl, svccheck.sheets

def status(key):
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(key + ":")) / 1024

base = status("VmRSS")
path = Path({str(path)!r})
if {reader!r} == "calamine":
    n = read_bench.bare_calamine(path)
else:
    n = read_bench.svccheck_read(path, {checklist!r})
print(json.dumps({{"base_mb": base, "peak_mb": status("VmHWM"), "count": n}}))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


def bench_file(
    label: str,
    path: Path,
    checklists: list[tuple[str, str | None]],
    repeat: int,
    openpyxl_repeat: int,
    per_row: int,
) -> None:
    """Time the readers in turn, round after round, so that a busy machine slows all alike;
    report the median wall time and, beside it, the median CPU time of this process."""
    print(f"\n## {label}: {path.name} ({path.stat().st_size / 2**20:.1f} MB)")
    runs: dict[str, Callable[[], int]] = {
        "calamine": lambda: bare_calamine(path),
        "floor": lambda: calamine_and_tuples(path, per_row),
    }
    for name, checklist in checklists:
        runs[name] = lambda c=checklist: svccheck_read(path, c)  # type: ignore[misc]
    walls: dict[str, list[float]] = {name: [] for name in runs}
    cpus: dict[str, list[float]] = {name: [] for name in runs}
    sizes: dict[str, int] = {}
    for _ in range(repeat):
        for name, run in runs.items():
            wall, cpu, sizes[name] = timed(run)
            walls[name].append(wall)
            cpus[name].append(cpu)
    wall0, cpu0 = statistics.median(walls["calamine"]), statistics.median(cpus["calamine"])

    def line(label: str, name: str, what: str) -> None:
        wall, cpu = statistics.median(walls[name]), statistics.median(cpus[name])
        print(
            f"  {label:<34} {wall:6.2f} s wall {wall / wall0:5.2f} ×   {cpu:6.2f} s cpu "
            f"{cpu / cpu0:5.2f} ×   {sizes[name]:>9,} {what}"
        )

    line("calamine (load + iter_rows)", "calamine", "rows")
    line(f"calamine + {per_row} Observation(s)/row", "floor", "tuples")
    for name, _ in checklists:
        line(f"svccheck read_sheets {name}", name, "observations")
    if openpyxl_repeat:
        took, _ = median_time(lambda: openpyxl_read(path), openpyxl_repeat)
        print(f"  {'openpyxl read_only':<34} {took:6.2f} s wall {took / wall0:5.2f} ×")


def bench_memory(rows: int, library: object) -> None:
    print("\n## peak memory, long form (fresh process per reader; RSS after imports → peak)")
    print(
        f"  {'rows':>8}  {'reader':<9} {'after imports':>14} {'peak':>9} {'growth':>9}"
        f" {'per row':>9}"
    )
    for count in (rows // 4, rows // 2, rows):
        path = register_path(count)
        if not path.exists():
            write_register(path, library, count)  # type: ignore[arg-type]
        for reader in ("calamine", "svccheck"):
            figures = peak_memory(reader, path, "inspection-monthly")
            growth = figures["peak_mb"] - figures["base_mb"]
            print(
                f"  {count:>8,}  {reader:<9} {figures['base_mb']:>11.0f} MB "
                f"{figures['peak_mb']:>6.0f} MB {growth:>6.0f} MB "
                f"{growth * 2**20 / count:>6.0f} B"
            )
    from svccheck.model import Observation

    sample = Observation(*(["x"] * 17), employee="y")  # type: ignore[arg-type]
    print(f"  (an Observation tuple is {sys.getsizeof(sample)} B; its other fields are shared)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--items", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--openpyxl-repeat", type=int, default=1)
    parser.add_argument("--no-openpyxl", action="store_true")
    parser.add_argument("--no-memory", action="store_true")
    parser.add_argument("--folder", type=int, default=0, metavar="N")
    args = parser.parse_args()

    library = bench_library()
    register, wide = ensure(library, args.rows, args.people, args.items)
    openpyxl_repeat = 0 if args.no_openpyxl else args.openpyxl_repeat
    print(
        f"python {sys.version.split()[0]}; median of {args.repeat} runs "
        f"(openpyxl: {openpyxl_repeat}); ratios are to the bare calamine read"
    )
    bench_file(
        f"long form, {args.rows:,} rows",
        register,
        [("(named)", "inspection-monthly"), ("(inferred)", None)],
        args.repeat,
        openpyxl_repeat,
        1,
    )
    bench_file(
        f"wide form, {args.people:,} people × {args.items} items",
        wide,
        [("(metadata)", None)],
        args.repeat,
        openpyxl_repeat,
        args.items,
    )
    if args.folder:
        bench_folder(library, args.folder, args.repeat)
    if not args.no_memory:
        bench_memory(args.rows, library)


def bench_folder(library: Any, copies: int, repeat: int) -> None:
    import shutil
    import tempfile

    from svccheck.sheets import read_sheets

    one = register_path(50_000)
    if not one.exists():
        one.parent.mkdir(parents=True, exist_ok=True)
        write_register(one, library, 50_000)
    with tempfile.TemporaryDirectory() as folder:
        paths = [Path(shutil.copy(one, Path(folder) / f"register-{n}.xlsx")) for n in range(copies)]
        at_once, _ = median_time(
            lambda: len(read_sheets([Path(folder)], library, "inspection-monthly").observations),
            repeat,
        )
        one_by_one, _ = median_time(
            lambda: sum(
                len(read_sheets([p], library, "inspection-monthly").observations) for p in paths
            ),
            repeat,
        )
    print(
        f"folder of {copies} × 50,000-row registers: file by file {one_by_one:.2f} s, "
        f"the folder at once (read-ahead) {at_once:.2f} s → {at_once / one_by_one:.2f}×"
    )


if __name__ == "__main__":
    main()
