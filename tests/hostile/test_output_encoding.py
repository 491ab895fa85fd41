"""Output to a stream that is not UTF-8: what Windows gives a redirected or piped svccheck
(`svccheck read … > out.txt` writes in the ANSI code page, cp936 on a Chinese PC, cp1252 on an
English one). Simulated with PYTHONIOENCODING; each run is a real process, compared byte for
byte with the same run on UTF-8: the report is complete, what the code page lacks is escaped,
the exit code is the same, and there is no traceback."""

from __future__ import annotations

import functools
import subprocess
import sys
from pathlib import Path

import pytest

import svccheck as _svccheck
from cli_support import REPO, cli_env

EXAMPLES = REPO / "examples" / "2026-10"
_SOURCE = Path(_svccheck.__file__).resolve().parent.parent


def _run(args: list[str], encoding: str, lang: str, cwd: Path) -> tuple[int, bytes, bytes]:
    """`python -m svccheck ARGS…` with stdout and stderr in `encoding`: exit code, bytes."""
    env = cli_env(lang, {"PYTHONIOENCODING": encoding, "PYTHONPATH": str(_SOURCE)})
    done = subprocess.run(
        [sys.executable, "-m", "svccheck", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


@pytest.fixture(scope="module")
def month_ledger(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A ledger holding the example month, as `svccheck ingest examples/2026-10` makes it."""
    folder = tmp_path_factory.mktemp("ledger")
    url = f"sqlite:///{folder / 'ledger.db'}"
    code, _, err = _run(["--db", url, "ingest", str(EXAMPLES)], "utf-8", "en", folder)
    assert code == 0, err.decode()
    return url


@functools.cache
def _utf8_run(args: tuple[str, ...], lang: str) -> tuple[int, bytes, bytes]:
    """The reference run on UTF-8, once per command and language."""
    return _run(list(args), "utf-8", lang, REPO)


COMMANDS = {
    "read": ["read", str(EXAMPLES / "video")],
    "validate": ["validate"],
    "score": ["score", str(EXAMPLES)],
    "brief": ["brief", "--branch", "东环支行"],
    "standards": ["standards", "--role", "teller"],
    "actions": ["actions"],
    "report": ["report"],
    "missing-file": ["read", "no-such-sheet.xlsx"],
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("encoding", ["gbk", "ascii"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_stream_that_is_not_utf8_gets_the_whole_output(
    command: str, encoding: str, lang: str, month_ledger: str, tmp_path: Path
) -> None:
    args = ["--db", month_ledger, *COMMANDS[command]]
    code, out, err = _run(args, encoding, lang, REPO)
    utf8_code, utf8_out, utf8_err = _utf8_run(tuple(args), lang)
    assert b"Traceback" not in out + err, err.decode(encoding, "replace")
    assert code == utf8_code
    # Exactly the UTF-8 output, with what the code page lacks written as \uXXXX: nothing cut.
    expected = utf8_out.decode("utf-8").encode(encoding, "backslashreplace")
    assert out == expected
    assert err.decode(encoding).count("\n") == utf8_err.decode("utf-8").count("\n")
    if encoding == "ascii" and lang == "zh" and command != "validate":
        assert b"\\u" in out + err  # the Chinese text is there, escaped
    if command == "missing-file":  # the error line itself, escaped where GBK lacks nothing
        assert err.decode(encoding).startswith(
            "svccheck\\uff1a\\u9519\\u8bef\\uff1a"
            if encoding == "ascii" and lang == "zh"
            else ("svccheck：错误：" if lang == "zh" else "svccheck: error: ")
        )


def test_gbk_keeps_the_chinese_and_escapes_only_the_symbols(
    month_ledger: str, tmp_path: Path
) -> None:
    """What a Chinese Windows PC's `> out.txt` holds: Chinese as GBK, › ✓ as escapes."""
    code, out, _ = _run(["read", str(EXAMPLES / "video")], "gbk", "zh", REPO)
    assert code == 0
    text = out.decode("gbk")
    assert "东环支行-视频检查.xlsx \\u203a 视频检查" in text
    assert "›" not in text


@pytest.mark.parametrize(
    "encoding, expected",
    [
        ("gbk", "东环 \\u203a ✓".replace("✓", "\\u2713").encode("gbk")),
        ("cp1252", b"\\u4e1c\\u73af \\u203a \\u2713".replace(b"\\u203a", b"\x9b")),
        ("utf-8", "东环 › ✓".encode()),
    ],
)
def test_only_what_the_code_page_lacks_is_escaped(encoding: str, expected: bytes) -> None:
    import io

    from svccheck.cli.app import degrade_unencodable

    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding=encoding, write_through=True)
    degrade_unencodable(stream)
    assert stream.errors == ("strict" if encoding == "utf-8" else "backslashreplace")
    stream.write("东环 › ✓")
    assert raw.getvalue() == expected
    degrade_unencodable(None)  # no stream at all (pythonw): nothing to do
