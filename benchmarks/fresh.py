"""How the benchmarks run a fresh svccheck process: as installed for real; and how busy the
host was (`load`), which every figure is given with.

An installed svccheck starts from byte code (pip compiles it at install; Python caches it on
first run). This machine's environment sets PYTHONDONTWRITEBYTECODE, under which every fresh
process compiles svccheck's sources again: about a quarter of a second that no user pays, and
most of the example month's run. So the byte code is cached here, under benchmarks/.data
(never in the source tree), written by a first run that is not measured (`warm`).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYCACHE = ROOT / "benchmarks" / ".data" / "pycache"


def environment(src: Path = ROOT / "src", **extra: str) -> dict[str, str]:
    """os.environ with `src` on PYTHONPATH, byte code cached, no SVCCHECK_* of the caller's
    (a benchmark's runs must not depend on the shell they were started from), and `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SVCCHECK_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    env["PYTHONPATH"] = str(src)
    env.update(extra)
    return env


def warm(cmd: list[str], env: dict[str, str]) -> None:
    """Run `cmd` once, unmeasured: it writes the byte code the measured runs start from."""
    subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, check=False)


def load() -> str:
    """The host's load averages (1, 5, 15 minutes), as /proc/loadavg gives them."""
    with open("/proc/loadavg") as handle:
        return " ".join(handle.read().split()[:3])
