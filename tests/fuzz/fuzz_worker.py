"""The fuzz job's fork server: svccheck imported once, each run in a forked child.

Start-up (python, typer, calamine, the library's modules) is most of a small run's time; a
child forked from a process that has already imported them starts at once, and is still a
process of its own: a native abort or memory exhaustion kills the child, not the server, and a
hang is killed at its timeout. The child runs `svccheck.cli.app.main(args)` as `python -m
svccheck` would (its own working folder, stdout and stderr to files, an uncaught exception
through sys.excepthook, exit with main's code) under the same memory limit as a real run.

Protocol, one JSON object a line: the server reads {"runs": [{"args", "cwd", "lang", "stdout",
"stderr"}, …], "timeout", "memory"}, forks one child per run (the runs go in parallel) and
answers {"results": [{"code", "seconds", "timed_out"}, …]} (code: the exit code, or minus the
signal that ended the child). End of input ends the server.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import sys
import time


def _child(run: dict[str, str], memory: int) -> None:  # never returns
    code = 1
    try:
        os.setpgid(0, 0)
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        os.chdir(run["cwd"])
        os.environ["SVCCHECK_LANG"] = run["lang"]
        for fd, path in ((1, run["stdout"]), (2, run["stderr"])):
            target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(target, fd)
            os.close(target)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        from svccheck.cli.app import main

        code = main(list(run["args"]))
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 1
    except BaseException:
        sys.excepthook(*sys.exc_info())  # what the interpreter prints for an uncaught error
        code = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):  # a closed or broken stream: nothing to say
                stream.flush()
        os._exit(code)


def _serve(request: dict[str, object]) -> dict[str, object]:
    runs = request["runs"]
    timeout = float(request["timeout"])  # type: ignore[arg-type]
    memory = int(request["memory"])  # type: ignore[call-overload]
    assert isinstance(runs, list)
    sys.stdout.flush()
    sys.stderr.flush()
    started = time.monotonic()
    children: dict[int, int] = {}  # pid → index
    for i, run in enumerate(runs):
        pid = os.fork()
        if pid == 0:
            _child(run, memory)
        # As the child does, so a kill at the timeout cannot race it (the child may be first).
        with contextlib.suppress(PermissionError, ProcessLookupError):
            os.setpgid(pid, pid)
        children[pid] = i
    results: list[dict[str, object]] = [{} for _ in runs]
    while children:
        for pid, i in list(children.items()):
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
                elapsed = time.monotonic() - started
                results[i] = {"code": code, "seconds": elapsed, "timed_out": False}
                del children[pid]
        if children and time.monotonic() - started > timeout:
            for pid, i in children.items():
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pid, signal.SIGKILL)  # the child's own group (setpgid above)
                os.waitpid(pid, 0)
                results[i] = {"code": -9, "seconds": timeout, "timed_out": True}
            children.clear()
        time.sleep(0.005)
    return {"results": results}


# What the commands import when they run: imported once here, before any fork.
WARM = [
    "svccheck.cli.app", "svccheck.pipeline", "svccheck.sheets", "svccheck.sheets.reader",
    "svccheck.catalog.library", "svccheck.reporting", "svccheck.forms", "svccheck.forms.xlsx",
    "svccheck.forms.roster", "python_calamine", "openpyxl", "xlsxwriter", "yaml", "jsonschema",
    "rich.console", "rich.table",
]  # fmt: skip


def serve() -> None:
    import importlib

    for name in WARM:
        with contextlib.suppress(ImportError):  # renamed since: the child imports it itself
            importlib.import_module(name)

    for line in sys.stdin:
        if line.strip():
            sys.stdout.write(json.dumps(_serve(json.loads(line))) + "\n")
            sys.stdout.flush()


if __name__ == "__main__":
    serve()
