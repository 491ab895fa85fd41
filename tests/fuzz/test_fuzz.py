"""The fuzz job: hypothesis mutates real inputs — the example month's workbooks, the forms
svccheck prints (xlsx and csv), rosters (csv, GB18030 csv, xlsx) and the library's YAML — and
`svccheck read`, `score`, `form --roster` and `validate` (and, on a register with filled
follow-up columns, `ingest` and `actions`) run on each mutant as real processes
(a native abort must be seen as a signal, a hang as a timeout). Any traceback, signal, hang,
exit code other than 0/1/2, or JSON/XML output that does not parse is a failure; every failing
input is kept with its command (fuzz_support.Failures) and all distinct failures are reported
together at the end.

Three modes. In the suite (nothing set): a few derandomized examples per target, seconds in
all, so the harness always runs. In CI (`.ci/run`): $SVCCHECK_FUZZ_EXAMPLES cases in all, drawn
from the fixed seed $SVCCHECK_FUZZ_SEED — the same cases on every run of a commit, so a red
CI is a real finding that replays, never bad luck, and a landing is not decided by the dice.
To explore (new cases every run): $SVCCHECK_FUZZ_SECONDS, random examples until that
wall-clock budget is spent; raise the count or change the seed in CI once they pass.
"""

from __future__ import annotations

import csv
import io
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from fuzz_support import (
    Failures,
    ForkServer,
    Mutant,
    Run,
    failures_folder,
    fuzz_plan,
    fuzz_seconds,
    run_all,
    run_process,
    run_svccheck,
    text_mutant,
    verdict,
    xlsx_mutant,
)
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.fuzz

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "2026-10"
LANGS = st.sampled_from(["en", "zh"])

# A target: which seeds, its share of the long run's budget, its examples in the short run.
SHARES = {"sheets-xlsx": 0.35, "sheets-csv": 0.2, "roster": 0.2, "library": 0.25}
SHORT_EXAMPLES = {"sheets-xlsx": 3, "sheets-csv": 3, "roster": 2, "library": 2}
SECONDS_PER_CASE = 0.05  # a floor: the long run's max_examples is the budget over this


@dataclass(frozen=True)
class Seeds:
    xlsx: list[Path]
    csv: list[Path]
    rosters: list[Path]
    yaml: list[Path]


def _to_csv(workbook: Path, target: Path) -> Path:
    """The first sheet of `workbook` as a UTF-8 csv, as a spreadsheet's "save as csv" gives."""
    import python_calamine

    rows = python_calamine.CalamineWorkbook.from_path(str(workbook)).get_sheet_by_index(0)
    with target.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(rows.to_python())
    return target


def _fill_csv_form(form: Path) -> Path:
    """The csv form svccheck printed with every mark cell filled, as staff would fill it."""
    rows = list(csv.reader(io.StringIO(form.read_text(encoding="utf-8-sig"))))
    header = rows[0]
    items = [i for i, name in enumerate(header) if name[:3].isalpha() and "-" in name[:5]]
    marks = ["√", "×", "不适用", "√", "√"]
    for n, row in enumerate(rows[1:]):
        for i in items:
            row[i] = marks[(n + i) % len(marks)]
    with form.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(rows)
    return form


def _follow_up_register(source: Path, target: Path) -> Path:
    """The register `source` with a 整改期限 (due) column after 整改要求 and its 整改情况及复查日期
    (fixed) cells varied, so that mutations of a register reach the follow-up columns (SPEC
    §8): due as date cells and as text, fixes as dates, days of the month and plain text."""
    import datetime as dt

    from openpyxl import load_workbook

    book = load_workbook(source)
    sheet = book.worksheets[0]
    header = next(r for r in sheet.iter_rows() if any(c.value == "整改要求" for c in r))
    at = next(c.column for c in header if c.value == "整改要求") + 1
    sheet.insert_cols(at)
    sheet.cell(header[0].row, at, "整改期限")
    fixes = ["已整改 2026-10-20", "10月21日复查通过", "整改中", dt.date(2026, 10, 22), None]
    for n, row in enumerate(sheet.iter_rows(min_row=header[0].row + 1), 1):
        if not isinstance(row[0].value, int):  # a blank, a merged or a footer row
            continue
        due = dt.date(2026, 10, 15 + n % 10) if n % 2 else f"2026年10月{15 + n % 10}日"
        sheet.cell(row[0].row, at, due)
        sheet.cell(row[0].row, at + 1, fixes[n % len(fixes)])
    book.save(target)
    return target


@pytest.fixture(scope="session")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Seeds:
    """Real inputs: the example month's workbooks, svccheck's own forms, rosters, the library."""
    folder = tmp_path_factory.mktemp("fuzz-seeds")
    roster = REPO / "examples" / "roster.csv"
    forms = [
        ["morning-teller", "--branch", "东环支行", "--date", "2026-10-08", "-o", "teller.xlsx"],
        ["inspection-monthly", "--branch", "滨江支行", "--date", "2026-10", "--rows", "5",
         "-o", "register.xlsx"],
        ["peer-lobby-manager", "--branch", "南湖支行", "--date", "2026-10-08", "-o", "peer.csv"],
    ]  # fmt: skip
    runs = run_all([(["form", *form, "--roster", str(roster)], "en") for form in forms], folder)
    assert all(run.code == 0 for run in runs), runs
    return Seeds(
        xlsx=[
            EXAMPLES / "morning" / "滨江支行-W42.xlsx",  # dates written as text
            EXAMPLES / "morning" / "东环支行-W42.xlsx",  # dates in date cells
            EXAMPLES / "inspection" / "北站支行-登记簿.xlsx",  # both
            EXAMPLES / "video" / "东环支行-视频检查.xlsx",
            folder / "teller.xlsx",
            folder / "register.xlsx",
            _follow_up_register(
                EXAMPLES / "inspection" / "北站支行-登记簿.xlsx", folder / "register-due.xlsx"
            ),
        ],
        csv=[
            _to_csv(EXAMPLES / "morning" / "南湖支行-W42.xlsx", folder / "morning.csv"),
            _to_csv(EXAMPLES / "inspection" / "滨江支行-登记簿.xlsx", folder / "register.csv"),
            _fill_csv_form(folder / "peer.csv"),
            _to_csv(folder / "register-due.xlsx", folder / "register-due.csv"),
        ],
        rosters=[
            roster,
            REPO / "tests" / "data" / "forms" / "roster.xlsx",
            REPO / "tests" / "data" / "forms" / "roster-gb18030.csv",
        ],
        yaml=sorted((REPO / "standards").glob("*.yaml"))
        + sorted((REPO / "checklists").glob("*.yaml")),
    )


# --- what runs on a mutant ------------------------------------------------------------------

Commands = list[tuple[list[str], str]]
SCORE_FORMATS = st.sampled_from(["table", "json", "md", "csv", "html", "xlsx"])
FORM_CHECKLISTS = st.sampled_from(["morning-teller", "peer-lobby-manager", "inspection-monthly"])
VALIDATE_FORMATS = st.sampled_from(["text", "json", "github", "junit", "sarif"])


def sheet_commands(name: str, draw: st.DrawFn) -> Commands:
    """`read` and `score` on input file `name`."""
    score = ["score", name, "--format", fmt] if (fmt := draw(SCORE_FORMATS)) != "table" else []
    if fmt == "xlsx":
        score += ["-o", "out.xlsx"]
    read = ["read", name] + (["--format", "json"] if draw(st.booleans()) else [])
    return [(read, draw(LANGS)), (score or ["score", name], draw(LANGS))]


ACTIONS_FORMATS = st.sampled_from(["table", "json", "md", "csv"])


def follow_up_commands(name: str, draw: st.DrawFn) -> Commands:
    """`ingest` of the register `name` into a fresh ledger, then `actions` from it."""
    ledger = ["--db", "sqlite:///ledger.db"]
    ingest = ["ingest", name, "--checklist", "inspection-monthly", *ledger]
    actions = ["actions", *ledger, "--date", "2026-10-20", "--format", draw(ACTIONS_FORMATS)]
    return [(ingest, draw(LANGS)), (actions, draw(LANGS))]


def roster_commands(name: str, draw: st.DrawFn) -> Commands:
    """`form CHECKLIST --roster name` as xlsx and as csv or md."""
    checklist, other = draw(FORM_CHECKLISTS), draw(st.sampled_from(["csv", "md"]))
    base = ["form", checklist, "--roster", name, "--date", "2026-10-08"]
    if checklist == "inspection-monthly":
        base[-1] = "2026-10"
    if draw(st.booleans()):
        base += ["--branch", "东环支行"]
    return [([*base, "-o", "out.xlsx"], draw(LANGS)), ([*base, "-o", f"out.{other}"], draw(LANGS))]


def library_commands(draw: st.DrawFn) -> Commands:
    """`validate lib` in two formats."""
    strict = ["--strict"] if draw(st.booleans()) else []
    first, second = draw(VALIDATE_FORMATS), draw(VALIDATE_FORMATS)
    return [
        (["validate", "lib", "--format", first, *strict], draw(LANGS)),
        (["validate", "lib", "--format", second], draw(LANGS)),
    ]


@dataclass(frozen=True)
class Case:
    """A case: the mutant written as `name` in the case folder (beside a copy of the library
    if `copy_library`), then the commands run there."""

    name: str
    mutant: Mutant
    copy_library: bool
    commands: Commands


@st.composite
def sheet_case(draw: st.DrawFn, seeds: Sequence[Path], xlsx: bool) -> Case:
    mutant = draw(xlsx_mutant(seeds) if xlsx else text_mutant(seeds, "csv"))
    name = "input" + mutant.seed.suffix
    commands = sheet_commands(name, draw)
    seed = mutant.seed.name
    if "视频" in seed or "register" in seed:  # a register the items of two checklists fit
        checklist = "weekly-video-review" if "视频" in seed else "inspection-monthly"
        commands = [([*args, "--checklist", checklist], lang) for args, lang in commands]
    if "register-due" in seed:  # its actions: ingested, then listed (SPEC §8)
        commands += follow_up_commands(name, draw)
    return Case(name, mutant, False, commands)


@st.composite
def roster_case(draw: st.DrawFn, seeds: Sequence[Path]) -> Case:
    seed = draw(st.sampled_from(list(seeds)))
    mutant = draw(xlsx_mutant([seed]) if seed.suffix == ".xlsx" else text_mutant([seed], "csv"))
    name = "roster" + seed.suffix
    return Case(name, mutant, False, roster_commands(name, draw))


@st.composite
def library_case(draw: st.DrawFn, seeds: Sequence[Path]) -> Case:
    mutant = draw(text_mutant(seeds, "yaml"))
    name = f"lib/{mutant.seed.parent.name}/{mutant.seed.name}"
    return Case(name, mutant, True, library_commands(draw))


# --- the run --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ForkServer]:
    """The fork server the cases run on (fuzz_worker.py)."""
    forks = ForkServer(tmp_path_factory.mktemp("fuzz-outputs"))
    yield forks
    forks.close()


def run_case(
    case: Case, root: Path, server: ForkServer, failures: Failures, tally: dict[str, int]
) -> None:
    """Write the case, run its commands (forked), and record each failure — as a real
    `python -m svccheck` process gives it on the same input, the command kept reproduces it."""
    folder = Path(tempfile.mkdtemp(prefix="case-", dir=root))
    try:
        if case.copy_library:
            shutil.copytree(REPO / "standards", folder / "lib" / "standards")
            shutil.copytree(REPO / "checklists", folder / "lib" / "checklists")
        (folder / case.name).parent.mkdir(parents=True, exist_ok=True)
        (folder / case.name).write_bytes(case.mutant.data())
        for run in server.run(case.commands, folder):
            tally[f"exit {run.code}"] = tally.get(f"exit {run.code}", 0) + 1
            if verdict(run) is None:
                continue
            real = run_svccheck(run.args, folder, run.lang)
            signature = verdict(real)
            if signature is None:  # the forked run failed, the real one did not
                real, signature = run, f"forked run only: {verdict(run)}"
            failures.record(signature, real, folder, str(case.mutant))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


TARGETS: dict[str, Callable[[Seeds], st.SearchStrategy[Case]]] = {
    "sheets-xlsx": lambda seeds: sheet_case(seeds.xlsx, xlsx=True),
    "sheets-csv": lambda seeds: sheet_case(seeds.csv, xlsx=False),
    "roster": lambda seeds: roster_case(seeds.rosters),
    "library": lambda seeds: library_case(seeds.yaml),
}


@pytest.mark.parametrize("target", list(TARGETS))
def test_fuzz(target: str, seeds: Seeds, server: ForkServer, tmp_path: Path) -> None:
    """No mutant of a real input makes svccheck crash, hang or write unparseable output."""
    budget, plan = fuzz_seconds(), fuzz_plan()
    short = budget is None and plan is None
    seconds = 0.0 if budget is None else budget * SHARES[target]
    if plan is not None:  # CI: a fixed number of cases from a fixed seed, however long
        examples, seconds = max(10, int(plan[0] * SHARES[target])), float("inf")
    else:
        examples = SHORT_EXAMPLES[target] if short else max(10, int(seconds / SECONDS_PER_CASE))
    failures = Failures(failures_folder() / target)
    shutil.rmtree(failures.folder, ignore_errors=True)  # this run's failures only
    tally: dict[str, int] = {}
    seen: list[Case] = []
    stop = time.monotonic() + seconds

    @settings(
        max_examples=examples,
        derandomize=short,
        database=None,
        deadline=None,
        phases=[Phase.generate],  # no shrinking: every failing input is kept as it was
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @given(case=TARGETS[target](seeds))
    def fuzz(case: Case) -> None:
        if short or time.monotonic() < stop:
            run_case(case, tmp_path, server, failures, tally)
            seen.append(case)

    if plan is not None:
        fuzz = seed(plan[1])(fuzz)
    fuzz()
    cases = len(seen)
    print(f"\nfuzz {target}: {cases} cases, {dict(sorted(tally.items()))}")
    assert cases > 0
    if failures.seen:
        pytest.fail(failures.report(), pytrace=False)


# --- the harness itself ---------------------------------------------------------------------

CRASHES = {
    "traceback": (
        "def parse(row):\n    return row['date']\nparse({})",
        "traceback KeyError at <string>:2 in parse",
    ),
    "abort": (
        "import os, sys; sys.stderr.write('memory allocation of 549755813888 bytes failed\\n');"
        " sys.stderr.flush(); os.abort()",
        f"signal SIGABRT ({sys.executable}): memory allocation of N bytes failed",
    ),
    "hang": ("import time; time.sleep(60)", f"hang: no exit within 1 s ({sys.executable})"),
    "exit code": ("raise SystemExit(3)", f"exit code 3 ({sys.executable})"),
    "memory": ("b = bytearray(8 << 30)", "traceback MemoryError at <string>:1 in <module>"),
}


@pytest.mark.parametrize("crash", list(CRASHES))
def test_the_verdict_names_each_way_a_process_can_fail(crash: str, tmp_path: Path) -> None:
    """What the fuzz job counts as a failure, from real processes: a traceback (with where it
    escaped), a native abort, a hang (killed at the timeout), an odd exit code, and memory
    past the limit."""
    code, signature = CRASHES[crash]
    run = run_process([sys.executable, "-c", code], tmp_path, {}, "en", timeout=1.0)
    assert verdict(run) == signature
    assert run.seconds < 10


def test_the_verdict_passes_svccheck_exits_and_checks_machine_formats(tmp_path: Path) -> None:
    fine = run_svccheck(["validate", str(REPO), "--format", "json"], tmp_path, "en")
    assert fine.code in (0, 1) and verdict(fine) is None, fine
    lying = Run(fine.args, "en", 1, '{"points_lost": Infinity}', "", 0.1, False)
    assert verdict(lying) == ("validate --format json: stdout is not JSON (Infinity is not JSON)")
    junit = Run(("validate", "--format", "junit"), "en", 1, "<testsuites><a>", "", 0.1, False)
    assert verdict(junit) == "validate --format junit: stdout is not XML"


def test_ci_runs_the_long_fuzz_job_before_the_suite() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    fuzz = ci.index("pytest -m fuzz tests/fuzz")
    assert 'SVCCHECK_FUZZ_EXAMPLES="${SVCCHECK_FUZZ_EXAMPLES:-' in ci[:fuzz]
    assert 'SVCCHECK_FUZZ_SEED="${SVCCHECK_FUZZ_SEED:-' in ci[:fuzz]
    assert fuzz < ci.index(".venv/bin/python -m pytest\n")


def test_a_forked_run_is_the_run_of_a_real_process(server: ForkServer, tmp_path: Path) -> None:
    """The fork server gives what `python -m svccheck` gives: exit code, stdout and stderr."""
    shutil.copy(EXAMPLES / "inspection" / "东环支行-登记簿.xlsx", tmp_path / "register.xlsx")
    commands: Commands = [
        (["read", "register.xlsx"], "zh"),
        (["score", "register.xlsx", "--format", "json"], "en"),
        (["validate", str(REPO), "--format", "sarif"], "en"),
        (["read", "missing.xlsx"], "en"),
    ]
    forked = server.run(commands, tmp_path)
    real = [run_svccheck(args, tmp_path, lang) for args, lang in commands]
    assert [(r.code, r.stdout, r.stderr) for r in forked] == [
        (r.code, r.stdout, r.stderr) for r in real
    ]
    assert [r.code for r in real] == [0, 0, 0, 2]
