"""Start-up benchmark: svccheck's everyday commands beside a minimal typer app.

The tool runs at every morning meeting and in every CI job, so start-up counts. This measures,
in one run and interleaved (so a busy machine slows every command alike), the median time of:

- `python -c pass` (the interpreter alone, for reference),
- a minimal typer app's `--help` (written to a temporary file: the yardstick),
- the same app running its command (typer ≥ 0.2x imports pydantic to convert option values
  whenever a command runs — not for --help — a cost every svccheck command pays too),
- `svccheck --version`, `svccheck --help`, and `--help` in Chinese (`--lang zh`),
- `svccheck validate` on the bundled library,

and prints each median — wall time, and CPU time (user + system, steadier when other work
shares the machine) — with its ratio to the minimal typer app's `--help`. Targets (issue 2):
`--version` and `--help` ≤ 1.2×, `validate` ≤ 1.5×; the Chinese help (issue 13) within 10 ms of
the English one.

    .venv/bin/python benchmarks/startup.py            # 15 runs of each
    .venv/bin/python benchmarks/startup.py --runs 31
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fresh import environment

MINIMAL_TYPER_APP = '''
import typer

app = typer.Typer()


@app.command()
def main(name: str = "world", count: int = 1) -> None:
    """Say hello COUNT times."""
    for _ in range(count):
        print(f"hello {name}")


app()
'''

TARGETS = {
    "svccheck --version": 1.2,
    "svccheck --help": 1.2,
    "svccheck --help (zh)": 1.3,
    "svccheck validate": 1.5,
}
BASE = "minimal typer --help"


def _svccheck() -> list[str]:
    """The installed console script next to this interpreter, else `python -m svccheck`."""
    script = Path(sys.executable).with_name("svccheck")
    if script.exists():
        return [str(script)]
    found = shutil.which("svccheck")
    return [found] if found else [sys.executable, "-m", "svccheck"]


def _time(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of `command`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):
        raise SystemExit(
            f"{' '.join(command)} failed ({result.returncode}):\n"
            f"{result.stderr.decode(errors='replace')}"
        )
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def _measure(runs: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)  # an empty working folder: no ./standards, so the bundled library
        app = folder / "minimal_typer_app.py"
        app.write_text(MINIMAL_TYPER_APP, encoding="utf-8")
        svccheck = _svccheck()
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            BASE: [sys.executable, str(app), "--help"],
            "minimal typer run": [sys.executable, str(app), "--name", "svccheck"],
            "svccheck --version": [*svccheck, "--version"],
            "svccheck --help": [*svccheck, "--help"],
            # The Chinese help: the zh catalogue and formatter load only then (target: < 10 ms
            # over the English help).
            "svccheck --help (zh)": [*svccheck, "--lang", "zh", "--help"],
            "svccheck validate": [*svccheck, "validate"],
        }
        # as installed: byte code cached, written by the warm-up runs below (fresh.py)
        env = environment(COLUMNS="100", NO_COLOR="1", SVCCHECK_LANG="en")
        wall: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        for command in commands.values():  # warm the file cache and the .pyc files
            _time(command, folder, env)
        for _ in range(runs):
            for name, command in commands.items():  # interleaved
                elapsed, used = _time(command, folder, env)
                wall[name].append(elapsed)
                cpu[name].append(used)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each command (15)")
    args = parser.parse_args()
    wall, cpu = _measure(args.runs)

    print(
        f"median of {args.runs} runs each, interleaved (Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f})"
    )
    print(f"{'command':<24}{'wall':>8}{'ratio':>8}{'cpu':>8}{'ratio':>8}   target")
    base_wall, base_cpu = statistics.median(wall[BASE]), statistics.median(cpu[BASE])
    failed = False
    for name in wall:
        w, c = statistics.median(wall[name]), statistics.median(cpu[name])
        ratio = w / base_wall
        target = TARGETS.get(name)
        verdict = ""
        if target is not None:
            verdict = f"≤{target:.1f}× {'ok' if ratio <= target else 'OVER'}"
            failed |= ratio > target
        print(
            f"{name:<24}{w * 1000:>6.0f}ms{ratio:>7.2f}×{c * 1000:>6.0f}ms{c / base_cpu:>7.2f}×"
            f"   {verdict}"
        )
    if failed:
        print("some targets are not met on wall time (on a busy machine, see the cpu ratios)")


if __name__ == "__main__":
    main()
