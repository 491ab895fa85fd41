"""svccheck as a real process: the entry points, start-up, a signal, a closed pipe.

Everything else runs the CLI in the test process (`run_cli`); these are the things only a
fresh process shows.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import tomllib
from pathlib import Path

from cli_support import REPO, RunCli, cli_env
from svccheck import __version__

EXAMPLES = REPO / "examples" / "2026-10"


def python(code: str, *args: str, cwd: Path, **options: object) -> subprocess.Popen[str]:
    """`python -c CODE ARGS…` in the CLI's environment, SIGINT at its default (a shell may
    have started the tests with it ignored, and a child would inherit that)."""
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        env=cli_env("en", {"PYTHONIOENCODING": "utf-8"}),
        text=True,
        encoding="utf-8",
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        **options,  # type: ignore[call-overload]
    )


def test_python_m_svccheck_exits_with_the_code(run_cli_process: RunCli) -> None:
    version = run_cli_process("--version")
    assert (version.code, version.stdout) == (0, f"svccheck {__version__}\n"), version
    missing = run_cli_process("score", "missing.xlsx")
    assert missing.code == 2, missing
    assert missing.stderr.startswith("svccheck: error: ") and "Traceback" not in missing.stderr
    usage = run_cli_process("score", EXAMPLES, "--format", "pdf")
    assert usage.code == 2 and "Usage:" in usage.stderr, usage


def test_the_console_script_exits_with_the_code(tmp_path: Path) -> None:
    # What pip writes for [project.scripts]: `sys.exit(main())`.
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    module, _, function = scripts["scripts"]["svccheck"].partition(":")
    script = f"import sys\nfrom {module} import {function}\nsys.exit({function}())\n"
    for args, code in ((["--version"], 0), (["validate", "nowhere"], 2), (["nonsense"], 2)):
        proc = python(script, *args, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == code, (args, out, err)
        assert "Traceback" not in err


def test_start_up_imports_only_the_command_line(tmp_path: Path) -> None:
    # The command modules import typer only; each command imports its pipeline when it runs.
    code = (
        "import sys\n"
        "import svccheck.cli.app\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in "
        "('rich', 'openpyxl', 'python_calamine', 'xlsxwriter', 'psycopg', 'yaml', 'jsonschema')"
        " or m.startswith(('svccheck.pipeline', 'svccheck.sheets', 'svccheck.scoring', "
        "'svccheck.ledger', 'svccheck.catalog.library', 'svccheck.reporting.'))]\n"
        "assert not heavy, heavy\n"
    )
    proc = python(code, cwd=tmp_path, stderr=subprocess.PIPE)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err


def test_ctrl_c_while_working_exits_130_without_a_traceback(tmp_path: Path) -> None:
    # The command is held in its reading step until interrupted.
    code = (
        "import sys, time\n"
        "import svccheck.pipeline\n"
        "def read(*args, **options):\n"
        "    print('reading', file=sys.stderr, flush=True)\n"
        "    time.sleep(60)\n"
        "svccheck.pipeline.read = read\n"
        "from svccheck.cli.app import main\n"
        "sys.exit(main())\n"
    )
    proc = python(
        code, "score", str(EXAMPLES), cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stderr is not None
    assert proc.stderr.readline() == "reading\n"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert out == "" and "Traceback" not in err


def test_a_reader_gone_away_gets_no_traceback(tmp_path: Path) -> None:
    # `svccheck standards --format json | true`: stdout is closed before the report is written.
    proc = python(
        "import sys\nfrom svccheck.cli.app import main\nsys.exit(main())\n",
        "standards",
        "--format",
        "json",
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    proc.stdout.close()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1, err  # typer's answer to EPIPE, as svccheck has always exited
    assert "Traceback" not in err and "Exception ignored" not in err
