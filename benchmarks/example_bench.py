"""The example month as a fresh process: `svccheck score examples/2026-10 --format json`.

    .venv/bin/python benchmarks/example_bench.py [--runs 9] [--against /path/to/other/src]
    .venv/bin/python benchmarks/example_bench.py --command read --runs 15

What a branch's clerk waits for each morning: one fresh `svccheck score` of the example month
(42 workbooks, 382 sheets), start-up included. Budget (issue 15): 0.6 s. Every run is printed
with the load average when it ran (the host is shared), wall time and CPU time (user +
system: steadier when other work shares the machine); the figures are medians.

`--against SRC`: a second source tree (e.g. a checkout of main's `src`), run alternately with
this one — run n of each side back to back, so a busy spell slows both alike — and the median
of the pairs' ratios printed too. Both sides run with the same interpreter and environment;
only PYTHONPATH differs.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from fresh import environment, load

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 0.6


def run(src: Path, command: str) -> tuple[float, float]:
    """(wall, CPU) seconds of one fresh process."""
    env = environment(src)  # as installed: byte code cached (fresh.py)
    cmd = [sys.executable, "-m", "svccheck", command, "examples/2026-10", "--format", "json"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env
    )
    elapsed = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--command", choices=("score", "read"), default="score")
    parser.add_argument("--against", type=Path, help="another src tree, run alternately")
    args = parser.parse_args()
    here = ROOT / "src"
    sides = [("this", here)] + ([("other", args.against.resolve())] if args.against else [])
    times: dict[str, list[float]] = {name: [] for name, _ in sides}
    cpus: dict[str, list[float]] = {name: [] for name, _ in sides}
    for _, src in sides:  # warm the file cache, and write each tree's byte code
        run(src, args.command)
    for n in range(args.runs):
        line = []
        for name, src in sides if n % 2 == 0 else sides[::-1]:
            elapsed, cpu = run(src, args.command)
            times[name].append(elapsed)
            cpus[name].append(cpu)
            line.append(f"{name} {elapsed:.3f} s (CPU {cpu:.3f} s)")
        print(f"  {n + 1}: {', '.join(line)}  (load {load()})")
    for name, _ in sides:
        median = statistics.median(times[name])
        verdict = "met" if median <= BUDGET else "NOT met"
        cpu = statistics.median(cpus[name])
        print(f"{name}: median {median:.3f} s, CPU {cpu:.3f} s  [budget ≤ {BUDGET} s: {verdict}]")
    if args.against:
        ratio = statistics.median(t / o for t, o in zip(times["this"], times["other"], strict=True))
        cpu_ratio = statistics.median(
            t / o for t, o in zip(cpus["this"], cpus["other"], strict=True)
        )
        print(
            f"this / other: median of the pairs' ratios {ratio:.2f}× wall, {cpu_ratio:.2f}× CPU"
            f"  (load {load()})"
        )


if __name__ == "__main__":
    main()
