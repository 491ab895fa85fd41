"""The fuzz job's machinery: byte mutations of real inputs, the svccheck process that runs on
each mutant, the verdict (a traceback, a signal, a hang, an exit code other than 0/1/2, or a
machine format that does not parse), and the folder where every failing input is kept with
the command that reproduces it.

Mutations are plain data (`Op`), drawn with a random.Random that hypothesis seeds, and applied
by `mutate`: generic byte
edits (flip, set, insert, delete, duplicate, truncate, a long run of one byte) and
structure-aware ones that replace a value found by a pattern of the input's kind (a cell value
or reference in a worksheet's XML, a csv field, a YAML scalar) with a hostile token. An xlsx is
mutated inside one zip member and zipped again, or as raw zip bytes.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from hypothesis import strategies as st

import svccheck

# --- budget ---------------------------------------------------------------------------------

SECONDS_VAR = "SVCCHECK_FUZZ_SECONDS"
EXAMPLES_VAR = "SVCCHECK_FUZZ_EXAMPLES"
SEED_VAR = "SVCCHECK_FUZZ_SEED"
FAILURES_VAR = "SVCCHECK_FUZZ_FAILURES"
CASE_TIMEOUT = 20.0  # seconds: a run past this is a hang
MEMORY_LIMIT = 4 << 30  # bytes of address space per run: exhausting memory is a failure too
# The runs import the svccheck this process imported (a worktree's src/, not the venv's).
SOURCE = Path(svccheck.__file__).resolve().parent.parent


def fuzz_seconds() -> float | None:
    """The long run's wall-clock budget from $SVCCHECK_FUZZ_SECONDS; None: the short run."""
    value = os.environ.get(SECONDS_VAR, "").strip()
    return float(value) if value else None


def fuzz_plan() -> tuple[int, int] | None:
    """The reproducible long run CI makes: ($SVCCHECK_FUZZ_EXAMPLES cases in all, the seed
    $SVCCHECK_FUZZ_SEED, default 1); None when no count is set."""
    value = os.environ.get(EXAMPLES_VAR, "").strip()
    if not value:
        return None
    return int(value), int(os.environ.get(SEED_VAR, "").strip() or "1")


def failures_folder() -> Path:
    """Where failing inputs are kept: $SVCCHECK_FUZZ_FAILURES, else <tmp>/svccheck-fuzz."""
    value = os.environ.get(FAILURES_VAR, "").strip()
    return Path(value) if value else Path(tempfile.gettempdir()) / "svccheck-fuzz"


# --- mutations ------------------------------------------------------------------------------

NUMBERS = [
    b"-1e15",
    b"-99999999999",
    b"1.8e308",
    b"-1.8e308",
    b"1e308",
    b"1e400",
    b"nan",
    b"NaN",
    b"inf",
    b"-inf",
    b"Infinity",
    b"2958466",
    b"2958465.99999",
    b"99999999999",
    b"1e15",
    b"-1",
    b"-0",
    b"0",
    b"0.5",
    b"4294967296",
    b"-693594",
    b"1E-400",
    b"9" * 40,
]
REFS = [
    b"XFD1048576",
    b"A1048576",
    b"XFD1",
    b"XFD2",
    b"C1048576",
    b"A1:XFD1048576",
    b"B2:XFD1048576",
    b"A1:A1048576",
    b"XFE1",
    b"A0",
    b"A1048577",
    b"AAAA1",
    b"A99999999999",
    b"",
]
TEXT = [
    b'=HYPERLINK("http://example.invalid/?x="&A1,"x")',
    b"=1+1",
    b"+1",
    b"-1+1",
    b"@SUM(A1)",
    b"[/]",
    b"[bold]x[/bold]",
    b"a[/]b",
    b"\x1b[2J",
    b"\x1b]0;t\x07",
    b"\x00",
    b"\x01",
    b"\x7f",
    b"&#1;",
    b"&#0;",
    b"&amp;",
    b"&x;",
    b"<![CDATA[x]]>",
    b"<script>x</script>",
    b'"',
    b'""',
    b"'",
    b"\r",
    b"\n",
    b"\r\n",
    b",",
    b";",
    b"\t",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    "东环支行".encode("gbk"),
    b"\xc3\x28",
    b"\xed\xa0\x80",
    b"\xf0\x9f\x98\x80",
    b"\\",
    b"%s",
    "√".encode(),
    "×".encode(),
    "不适用".encode(),
    b"2026-02-30",
    b"2026/13/01",
    b"0000-00-00",
    "2026年10月32日".encode(),
    "10月32日复查".encode(),
    "2月29日已整改".encode(),
    "已整改 2027-02-29".encode(),
    "2026-10-09, 2026-10-12；2026-10-15 复查".encode(),
    b"0001-01-01",
    b"9999-12-31",
    b"1900-01-01 00:00:00",
    b"9" * 400,
    b"TLR-01",
    b"TLR-999",
    b"TLR-01 TLR-01",
    b"..",
    b"/etc/passwd",
]
YAML = [
    b"&a [*a, *a]",
    b"*a",
    b"*nowhere",
    b"<<: *a",
    b"!!python/object/apply:os.system ['true']",
    b"!!binary AAAA",
    b"~",
    b"null",
    b"[]",
    b"{}",
    b"- ",
    b": ",
    b"? ",
    b"|",
    b">",
    b"%YAML 1.1",
    b"---",
    b"...",
    b"0x1F",
    b"0o17",
    b"1_000",
    b"yes",
    b"on",
    b".nan",
    b".inf",
    b"-.inf",
    b"1e400",
    b"2026-13-45",
    b"id: x",
    b"\t",
    b"  ",
    b"'",
    b'"',
    b"#",
    b"&",
    b"!",
    b"%",
    b"@",
    b"`",
]
TOKENS = {"number": NUMBERS, "ref": REFS, "text": TEXT, "yaml": YAML}
ANY_TOKEN = [token for tokens in TOKENS.values() for token in tokens]

# Per input kind: (pattern whose group 1 is replaced, the tokens it takes).
# Per input kind: (a pattern whose group 1 is replaced, the tokens it takes, its weight: how
# often it is picked against the others).
PATTERNS: dict[str, list[tuple[bytes, str, int]]] = {
    "xml": [
        (rb"<v>([^<]*)</v>", "number", 4),  # a value: a date serial, a deduction
        (rb' r="([A-Z]+[0-9]+)"', "ref", 3),  # where a cell is
        (rb'<dimension ref="([^"]*)"', "ref", 2),
        (rb'<mergeCell ref="([^"]*)"', "ref", 1),
        (rb"<t[^>]*>([^<]*)</t>", "text", 3),  # a string: a mark, a name, a header
        (rb'<c [^>]*? t="([a-zA-Z]+)"', "text", 1),
        (rb' s="([0-9]+)"', "number", 1),
        (rb'numFmtId="([0-9]+)"', "number", 1),
        (rb'formatCode="([^"]*)"', "text", 1),
        (rb'<sheet name="([^"]*)"', "text", 1),
        (rb"<f>([^<]*)</f>", "text", 1),
        (rb"(<row )", "text", 1),
    ],
    "csv": [
        (rb"(?m)(?:^|,)([^,\r\n]*)", "number", 2),
        (rb"(?m)(?:^|,)([^,\r\n]*)", "text", 3),
        (rb"(?m)^()", "text", 1),
    ],
    "yaml": [
        (rb": ([^\n]*)", "yaml", 2),
        (rb": ([^\n]*)", "number", 1),
        (rb": ([^\n]*)", "text", 2),
        (rb"- ([^\n]*)", "yaml", 1),
        (rb"- ([^\n]*)", "text", 1),
        (rb"(?m)^( *)", "yaml", 1),
        (rb"([a-z_]+):", "yaml", 1),
    ],
}


@dataclass(frozen=True)
class Op:
    """One edit: `kind` with a position (taken modulo the length), a size and a payload."""

    kind: str
    where: int
    size: int = 0
    payload: bytes = b""
    count: int = 1


def random_ops(rnd: random.Random, pattern_kind: str | None) -> tuple[Op, ...]:
    """One to three edits, drawn with `rnd` (hypothesis seeds it: a run is reproducible, and
    the weights below hold — hypothesis's own choices favour "simple" branches).

    Mostly (60%) one or two values replaced and nothing else: an input that is still well
    formed reaches deeper than one that breaks at its first byte. Otherwise a mix of
    replacements and byte edits."""
    if pattern_kind is not None and rnd.random() < 0.6:
        return tuple(_match(rnd, pattern_kind) for _ in range(rnd.choice((1, 1, 2))))
    edits = []
    for _ in range(rnd.randint(1, 3)):
        if pattern_kind is not None and rnd.random() < 0.5:
            edits.append(_match(rnd, pattern_kind))
        else:
            edits.append(_byte_edit(rnd))
    return tuple(edits)


def _token(rnd: random.Random) -> bytes:
    if rnd.random() < 0.8:
        return rnd.choice(ANY_TOKEN)
    return rnd.randbytes(rnd.randint(1, 8))


def _match(rnd: random.Random, pattern_kind: str) -> Op:
    patterns = PATTERNS[pattern_kind]
    (i,) = rnd.choices(range(len(patterns)), weights=[weight for _, _, weight in patterns])
    payload = rnd.choice(TOKENS[patterns[i][1]]) if rnd.random() < 0.9 else _token(rnd)
    return Op("match", rnd.getrandbits(31), i, payload)


def _byte_edit(rnd: random.Random) -> Op:
    where = rnd.getrandbits(31)
    kind = rnd.choice(["prefix", "flip", "set", "insert", "delete", "duplicate", "truncate", "run"])
    if kind in ("prefix", "insert"):
        return Op(kind, where, payload=_token(rnd))
    if kind == "flip":
        return Op(kind, where, rnd.randrange(8))
    if kind == "set":
        return Op(kind, where, rnd.randrange(256))
    if kind == "delete":
        return Op(kind, where, rnd.randint(1, 64))
    if kind == "duplicate":
        return Op(kind, where, rnd.randint(1, 64), count=rnd.randint(2, 2000))
    if kind == "run":
        return Op(kind, where, rnd.randint(1000, 600_000), rnd.choice(TEXT))
    return Op(kind, where)


def mutate(data: bytes, edits: Sequence[Op], pattern_kind: str | None) -> bytes:
    """`data` with `edits` applied in order (each one deterministic)."""
    for op in edits:
        data = _apply(data, op, pattern_kind)
    return data


def _apply(data: bytes, op: Op, pattern_kind: str | None) -> bytes:
    n = len(data)
    at = op.where % (n + 1)
    if op.kind == "match" and pattern_kind is not None:
        pattern = PATTERNS[pattern_kind][op.size][0]
        matches = list(re.finditer(pattern, data))
        if not matches:
            return data
        found = matches[op.where % len(matches)]
        return data[: found.start(1)] + op.payload + data[found.end(1) :]
    if op.kind == "flip" and n:
        at %= n
        return data[:at] + bytes([data[at] ^ (1 << op.size)]) + data[at + 1 :]
    if op.kind == "set" and n:
        at %= n
        return data[:at] + bytes([op.size]) + data[at + 1 :]
    if op.kind == "insert":
        return data[:at] + op.payload + data[at:]
    if op.kind == "prefix":
        return op.payload + data
    if op.kind == "delete":
        return data[:at] + data[at + op.size :]
    if op.kind == "duplicate":
        chunk = data[at : at + op.size]
        return data[:at] + chunk * op.count + data[at:]
    if op.kind == "truncate":
        return data[:at]
    if op.kind == "run":
        unit = op.payload or b"x"
        return data[:at] + unit * (op.size // len(unit)) + data[at:]
    return data


@dataclass(frozen=True)
class Mutant:
    """A seed and the edits to make to it: drawn cheaply, made (`data`) only when run."""

    seed: Path
    edits: tuple[Op, ...]
    kind: str | None  # the patterns the edits use (PATTERNS), None for bytes only
    member: str | None = None  # an xlsx member to edit (zipped again), None for the file

    def __str__(self) -> str:
        where = f"member {self.member}" if self.member else "bytes"
        return f"{self.seed.name}: {where} {list(self.edits)}"

    def data(self) -> bytes:
        if self.member is None:
            return mutate(self.seed.read_bytes(), self.edits, self.kind)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in _members(self.seed):
                edited = name == self.member
                archive.writestr(name, mutate(data, self.edits, self.kind) if edited else data)
        return out.getvalue()


@functools.cache
def _members(seed: Path) -> tuple[tuple[str, bytes], ...]:
    with zipfile.ZipFile(seed) as archive:
        return tuple((info.filename, archive.read(info)) for info in archive.infolist())


@st.composite
def xlsx_mutant(draw: st.DrawFn, seeds: Sequence[Path]) -> Mutant:
    """An xlsx seed mutated inside one of its zip members (zipped again; mostly a worksheet
    or the shared strings), or (one time in six) as raw zip bytes."""
    rnd = draw(st.randoms(use_true_random=True))
    seed = rnd.choice(list(seeds))
    if rnd.random() < 1 / 6:
        return Mutant(seed, random_ops(rnd, None), None)
    names = [name for name, _ in _members(seed) if name.endswith((".xml", ".rels"))]
    sheets = [name for name in names if "worksheets/" in name]
    shared = [name for name in names if name.endswith("sharedStrings.xml")]
    member = rnd.choice(sheets * 6 + shared * 3 + names)
    return Mutant(seed, random_ops(rnd, "xml"), "xml", member)


@st.composite
def text_mutant(draw: st.DrawFn, seeds: Sequence[Path], kind: str) -> Mutant:
    """A csv or YAML seed's bytes mutated."""
    rnd = draw(st.randoms(use_true_random=True))
    return Mutant(rnd.choice(list(seeds)), random_ops(rnd, kind), kind)


# --- running svccheck -----------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One svccheck process: its arguments (relative to `cwd`) and what became of it."""

    args: tuple[str, ...]
    lang: str
    code: int
    stdout: str
    stderr: str
    seconds: float
    timed_out: bool


def _limit_memory() -> None:  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def svccheck_env(lang: str) -> dict[str, str]:
    """The environment of a run: the pinned terminal, `lang`, no other SVCCHECK_*, and the
    svccheck under test first on the path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SVCCHECK_")}
    env.update(COLUMNS="100", NO_COLOR="1", TERM="dumb", PYTHONIOENCODING="utf-8")
    env["SVCCHECK_LANG"] = lang
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SOURCE), env.get("PYTHONPATH")]))
    return env


def run_svccheck(args: Sequence[str], cwd: Path, lang: str) -> Run:
    """`python -m svccheck ARGS` in `cwd`, a process of its own (see svccheck_env)."""
    return run_process([sys.executable, "-m", "svccheck", *args], cwd, svccheck_env(lang), lang)


def run_process(
    argv: Sequence[str], cwd: Path, env: dict[str, str], lang: str, timeout: float = CASE_TIMEOUT
) -> Run:
    """Run `argv` in its own process group under MEMORY_LIMIT; the group is killed at
    `timeout`. The Run's args are argv after `-m svccheck` (or all of it)."""
    started = time.monotonic()
    proc = subprocess.Popen(
        argv,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=_limit_memory,
    )
    timed_out = False
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(proc.pid, signal.SIGKILL)  # our own child's group, nothing else
        out, err = proc.communicate()
    args = tuple(argv[3:] if argv[1:3] == ["-m", "svccheck"] else argv)
    return Run(
        args=args,
        lang=lang,
        code=proc.returncode,
        stdout=out.decode("utf-8", "replace"),
        stderr=err.decode("utf-8", "replace"),
        seconds=time.monotonic() - started,
        timed_out=timed_out,
    )


class ForkServer:
    """fuzz_worker.py in a process of its own: runs svccheck commands in children forked
    from a process that has imported svccheck already (no start-up per run)."""

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        self.proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("fuzz_worker.py"))],
            env=svccheck_env("en"),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def run(self, commands: Sequence[tuple[Sequence[str], str]], cwd: Path) -> list[Run]:
        """The commands at once in `cwd`, each as `python -m svccheck` would run it."""
        outputs = [(self.scratch / f"{i}.out", self.scratch / f"{i}.err") for i in range(9)]
        runs = [
            {
                "args": list(args),
                "cwd": str(cwd),
                "lang": lang,
                "stdout": str(out),
                "stderr": str(err),
            }
            for (args, lang), (out, err) in zip(commands, outputs, strict=False)
        ]
        request = {"runs": runs, "timeout": CASE_TIMEOUT, "memory": MEMORY_LIMIT}
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        answer = json.loads(self.proc.stdout.readline())
        read = lambda path: Path(path).read_bytes().decode("utf-8", "replace")  # noqa: E731
        return [
            Run(
                args=tuple(run["args"]),
                lang=run["lang"],
                code=result["code"],
                stdout=read(run["stdout"]),
                stderr=read(run["stderr"]),
                seconds=result["seconds"],
                timed_out=result["timed_out"],
            )
            for run, result in zip(runs, answer["results"], strict=True)
        ]

    def close(self) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.close()  # end of input: the server exits
        self.proc.wait(timeout=60)
        self.proc.stdout.close()


def run_all(commands: Sequence[tuple[Sequence[str], str]], cwd: Path) -> list[Run]:
    """Run the commands at once (one thread each waiting on its process): a case's commands
    share the two cores."""
    results: list[Run | None] = [None] * len(commands)

    def one(i: int, args: Sequence[str], lang: str) -> None:
        results[i] = run_svccheck(args, cwd, lang)

    threads = [
        threading.Thread(target=one, args=(i, args, lang))
        for i, (args, lang) in enumerate(commands)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [run for run in results if run is not None]


# --- the verdict ----------------------------------------------------------------------------

_FRAME = re.compile(r'^  File "([^"]+)", line (\d+), in (\S+)', re.M)


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def verdict(run: Run) -> str | None:
    """None when the run ended as svccheck promises; else the failure's signature: what went
    wrong and where (the same bug gives the same signature whatever the input)."""
    if run.timed_out:
        return f"hang: no exit within {run.seconds:.0f} s ({run.args[0]})"
    if run.code < 0:
        first = next((line for line in run.stderr.splitlines() if line.strip()), "")
        name = signal.Signals(-run.code).name
        return f"signal {name} ({run.args[0]}): {re.sub(r'[0-9]+', 'N', first)[:120]}"
    for text in (run.stderr, run.stdout):
        if "Traceback (most recent call last)" in text:
            return _traceback_signature(text)
    if run.code not in (0, 1, 2):
        return f"exit code {run.code} ({run.args[0]})"
    return _format_signature(run)


def _traceback_signature(text: str) -> str:
    tail = text[text.rindex("Traceback (most recent call last)") :]
    frames = _FRAME.findall(tail)
    lines = [line for line in tail.splitlines() if line and not line.startswith(" ")]
    error = lines[-1] if len(lines) > 1 else "?"
    kind = error.split(":", 1)[0]
    if not frames:
        return f"traceback {kind}"
    # Where svccheck let it through: its last frame (a library's own frame would split one
    # bug into many signatures).
    ours = [frame for frame in frames if "/svccheck/" in frame[0]]
    short = lambda path: "svccheck/" + path.rsplit("/svccheck/", 1)[1]  # noqa: E731
    if not ours:
        path, line, func = frames[-1]
        return f"traceback {kind} at {path}:{line} in {func}"
    path, line, func = ours[-1]
    where = f"traceback {kind} at {short(path)}:{line} in {func}"
    if len(ours) > 1 and ours[-2][0] != path:  # a shared helper: say who called it
        where += f" (from {short(ours[-2][0])}:{ours[-2][1]})"
    return where


def _format_signature(run: Run) -> str | None:
    """A machine format that does not parse (only when svccheck said it had written it)."""
    if run.code == 2 or not run.stdout.strip():
        return None
    fmt = _option(run.args, "--format") or _option(run.args, "-f")
    if fmt in ("json", "sarif"):
        try:
            json.loads(run.stdout, parse_constant=_reject_constant)
        except ValueError as error:
            return f"{run.args[0]} --format {fmt}: stdout is not JSON ({str(error)[:60]})"
    if fmt == "junit":
        try:
            ElementTree.fromstring(run.stdout.encode("utf-8"))
        except ElementTree.ParseError:
            return f"{run.args[0]} --format junit: stdout is not XML"
    return None


def _option(args: Sequence[str], name: str) -> str | None:
    return args[args.index(name) + 1] if name in args[:-1] else None


# --- failures -------------------------------------------------------------------------------


@dataclass
class Failures:
    """Distinct failures of a fuzz run (by signature), each with up to `keep` saved inputs."""

    folder: Path
    keep: int = 3
    seen: dict[str, list[str]] = field(default_factory=dict)  # signature → saved folders

    def record(self, signature: str, run: Run, case: Path, how: str) -> None:
        """Keep `case` (a folder holding the input the run was given) with the command."""
        saved = self.seen.setdefault(signature, [])
        digest = hashlib.sha1(f"{signature}{how}{run.args}".encode()).hexdigest()[:10]
        if len(saved) >= self.keep or any(path.endswith(digest) for path in saved):
            return  # enough of this one, or this very input again
        slug = re.sub(r"[^A-Za-z0-9]+", "-", signature)[:60].strip("-")
        target = self.folder / f"{slug}-{digest}"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(case, target, ignore=shutil.ignore_patterns("out.*"))
        (target / "stdout.txt").write_text(run.stdout, encoding="utf-8")
        (target / "stderr.txt").write_text(run.stderr, encoding="utf-8")
        command = " ".join(_quote(arg) for arg in run.args)
        (target / "command.sh").write_text(
            "#!/bin/sh\n"
            f"# svccheck fuzz failure: {signature}\n"
            f"# mutation: {how[:2000]}\n"
            "# Run from anywhere with the python that has svccheck's dependencies\n"
            "# (PYTHON=.venv/bin/python); it runs the svccheck the fuzz job tested.\n"
            f'cd "$(dirname "$0")" && ulimit -v {MEMORY_LIMIT >> 10} && '
            f'PYTHONPATH="{SOURCE}${{PYTHONPATH:+:$PYTHONPATH}}" SVCCHECK_LANG={run.lang} '
            f'"${{PYTHON:-python3}}" -m svccheck {command}\n',
            encoding="utf-8",
        )
        saved.append(str(target))

    def report(self) -> str:
        lines = [f"{len(self.seen)} distinct failure(s); inputs kept in {self.folder}:"]
        for signature, saved in sorted(self.seen.items()):
            lines.append(f"- {signature}")
            lines.extend(f"    sh {path}/command.sh" for path in saved)
        return "\n".join(lines)


def _quote(arg: str) -> str:
    return arg if re.fullmatch(r"[\w./=:-]+", arg) else "'" + arg.replace("'", "'\\''") + "'"
