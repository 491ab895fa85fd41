"""The ledger store on both backends: schema versions, idempotence, supersession, atomicity."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from svccheck.errors import LedgerError
from svccheck.ledger.ingest import prepare_file
from svccheck.ledger.records import FileToStore, Selection
from svccheck.ledger.schema import MIGRATIONS, SCHEMA_VERSION, Migration
from svccheck.ledger.store import open_ledger
from svccheck.model import InputSummary, Library, Observation, Rejection

OCT = dt.date(2026, 10, 8)


def teller_day(
    library: Library,
    day: dt.date,
    branch: str,
    people: Sequence[str],
    fails: dict[str, set[str]] | None = None,
    *,
    file: str = "self.csv",
    checklist: str = "morning-teller",
    kind: str = "self_check",
) -> list[Observation]:
    """One morning check per person: every item of the checklist, failures as given."""
    fails = fails or {}
    return [
        Observation(
            day,
            branch,
            person,
            item,
            "fail" if item in fails.get(person, ()) else "pass",
            checklist,
            kind,
            "teller",
            file=file,
            sheet="S",
            row=row,
            column=2,
        )
        for row, person in enumerate(people, 2)
        for item in library.checklists[checklist].items
    ]


def as_file(
    library: Library,
    name: str,
    observations: list[Observation],
    rejections: Sequence[Rejection] = (),
) -> FileToStore:
    summary = InputSummary(
        name, ("S",), len(observations) + len(rejections), len(observations), len(rejections)
    )
    return prepare_file(name, f"hash-of-{name}", observations, rejections, summary, library)


def test_new_ledger_gets_the_current_schema(ledger_url: str) -> None:
    with open_ledger(ledger_url) as ledger:
        assert ledger.schema_version() == SCHEMA_VERSION
        assert ledger.counts()["files"] == 0
    with open_ledger(ledger_url) as ledger:  # reopening migrates nothing
        assert ledger.migrate() == []


def test_migrations_run_on_first_use_of_a_newer_svccheck(ledger_url: str) -> None:
    with open_ledger(ledger_url):
        pass
    step = Migration(
        SCHEMA_VERSION + 1,
        "an index for a later feature",
        ("CREATE INDEX checks_subject ON checks (subject)",),
    )
    with open_ledger(ledger_url, migrations=(*MIGRATIONS, step)) as ledger:
        assert ledger.schema_version() == SCHEMA_VERSION + 1


def test_a_ledger_from_a_newer_svccheck_is_refused_naming_its_version(ledger_url: str) -> None:
    with open_ledger(ledger_url) as ledger:
        ledger.backend.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
        ledger.backend.execute("UPDATE meta SET value = '9.9.0' WHERE key = 'written_by'")
    with pytest.raises(
        LedgerError,
        match=r"schema version 99, written by svccheck 9\.9\.0.*"
        r"upgrade svccheck",
    ):
        open_ledger(ledger_url)


def test_same_content_is_stored_once(ledger_url: str, library: Library) -> None:
    file = as_file(library, "a.csv", teller_day(library, OCT, "东环支行", ["张三", "李四"]))
    with open_ledger(ledger_url) as ledger:
        first = ledger.add_file(file)
        again = ledger.add_file(file)
        counts = ledger.counts()
    assert first.status == "added" and first.checks == 2
    assert again.status == "duplicate" and again.duplicate_of is not None
    assert again.duplicate_of.path == "a.csv"
    assert counts["files"] == 1
    assert counts["observations"] == 2 * len(library.checklists["morning-teller"].items)


def test_a_corrected_file_supersedes_and_keeps_the_old_rows(
    ledger_url: str, library: Library
) -> None:
    wrong = as_file(
        library,
        "v1.csv",
        teller_day(library, OCT, "东环支行", ["张三"], {"张三": {"TLR-01", "TLR-03"}}),
    )
    fixed = as_file(
        library,
        "v2.csv",
        teller_day(library, OCT, "东环支行", ["张三"], {"张三": {"TLR-01"}}, file="v2.csv"),
    )
    other_day = as_file(
        library, "v3.csv", teller_day(library, OCT + dt.timedelta(days=1), "东环支行", ["张三"])
    )
    with open_ledger(ledger_url) as ledger:
        ledger.add_file(wrong)
        ledger.add_file(other_day)
        outcome = ledger.add_file(fixed)
        counts = ledger.counts()
        (batch,) = ledger.load(Selection(OCT, OCT))
        superseded = ledger.backend.query(
            "SELECT f.path, s.path FROM files f JOIN files s ON s.id = f.superseded_by"
        )
    assert [(s.path, s.batches, s.whole_file) for s in outcome.superseded] == [("v1.csv", 1, True)]
    assert batch.file == "v2.csv"
    assert [d.item for d in batch.checks[0].deductions] == ["TLR-01"]
    assert superseded == [("v1.csv", "v2.csv")]
    assert counts["files"] == 3 and counts["batches"] == 3 and counts["batches_active"] == 2
    assert counts["observations"] == 3 * counts["observations_active"] // 2


def test_rejected_rows_are_stored_beside_the_accepted_ones(
    ledger_url: str, library: Library
) -> None:
    bad = Rejection("r.csv", "S", 9, "E9", "unknown mark '?'")
    file = as_file(library, "r.csv", teller_day(library, OCT, "东环支行", ["张三"]), [bad])
    with open_ledger(ledger_url) as ledger:
        outcome = ledger.add_file(file)
        (batch,) = ledger.load(Selection(OCT, OCT))
        assert ledger.rejections([batch.file_id]) == (bad,)
        (summary,) = ledger.inputs([batch.file_id])
    assert outcome.rejected == 1 and outcome.checks == 1
    assert (summary.rows, summary.accepted, summary.rejected) == (23, 22, 1)


def test_a_failing_file_leaves_nothing_behind(ledger_url: str, library: Library) -> None:
    good = teller_day(library, OCT, "东环支行", ["张三", "李四"])
    # A rejection without a reason breaks a NOT NULL constraint in the file's last insert,
    # after its batches, checks, deductions and observations were written.
    broken = Rejection("good.csv", "S", 9, "E9", None)  # type: ignore[arg-type]
    file = as_file(library, "good.csv", good)
    file = replace(file, content_hash="hash-broken", rejections=(broken,))
    with open_ledger(ledger_url) as ledger:
        with pytest.raises(LedgerError):
            ledger.add_file(file)
        assert set(ledger.counts().values()) == {0}
        assert ledger.add_file(as_file(library, "good.csv", good)).status == "added"


KILLER = textwrap.dedent("""
    import os, signal, sys
    from svccheck.catalog.library import load_library
    from svccheck.ledger import backends
    from svccheck.ledger.store import open_ledger
    from svccheck.model import Rejection
    sys.path.insert(0, sys.argv[2])
    from test_ledger_store import as_file, teller_day, OCT

    library = load_library()
    people = [f"员工{n}" for n in range(50)]
    rejections = [Rejection("big.csv", "S", n, f"E{n}", "unknown mark") for n in range(2, 12)]
    file = as_file(library, "big.csv", teller_day(library, OCT, "东环支行", people), rejections)
    for cls in (backends.SqliteBackend, backends.PostgresBackend):
        original = cls.bulk_insert
        def dying(self, table, columns, rows, _original=original):
            rows = list(rows)
            if table != "rejections":
                return _original(self, table, columns, rows)
            _original(self, table, columns, rows[: len(rows) // 2])  # some rows are written,
            os.kill(os.getpid(), signal.SIGKILL)  # then the process dies mid-transaction
        cls.bulk_insert = dying
    with open_ledger(sys.argv[1]) as ledger:
        ledger.add_file(file)
""")


def test_a_killed_ingest_writes_nothing(ledger_url: str) -> None:
    here = str(Path(__file__).parent)
    with open_ledger(ledger_url):
        pass
    done = subprocess.run(
        [sys.executable, "-c", KILLER, ledger_url, here],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == -9, done.stderr
    with open_ledger(ledger_url) as ledger:
        assert set(ledger.counts().values()) == {0}


def test_load_returns_only_the_selected_active_checks(ledger_url: str, library: Library) -> None:
    with open_ledger(ledger_url) as ledger:
        for n, branch in enumerate(["东环支行", "西城支行"]):
            for day in (OCT, OCT + dt.timedelta(days=1)):
                rows = teller_day(library, day, branch, ["甲", "乙"], file=f"{branch}{day}.csv")
                ledger.add_file(as_file(library, f"{branch}{day}{n}.csv", rows))
        east = ledger.load(Selection(OCT, OCT, branch="东环支行"))
        both = ledger.load(Selection(OCT, OCT + dt.timedelta(days=1)))
        span = ledger.span()
        before = ledger.last_date_before(OCT + dt.timedelta(days=5), "西城支行")
    assert [(b.key.branch, b.key.date) for b in east] == [("东环支行", OCT)]
    assert sum(len(b.checks) for b in both) == 8
    assert span == (OCT, OCT + dt.timedelta(days=1))
    assert before == OCT + dt.timedelta(days=1)


def test_query_plans_use_the_period_indexes(ledger_url: str, library: Library) -> None:
    with open_ledger(ledger_url) as ledger:
        ledger.add_file(as_file(library, "a.csv", teller_day(library, OCT, "东环支行", ["甲"])))
        plans = ledger.plans(Selection(OCT, OCT, branch="东环支行"))
    text = "\n".join(line for lines in plans.values() for line in lines)
    assert "batches_branch" in text
    assert "checks_batch" in text and "deductions_check" in text
    assert "waived_batch" in "\n".join(plans["waived"])


@pytest.mark.parametrize(
    "url, message",
    [
        ("mysql://x@y/z", "unknown ledger URL"),
        ("ledger.db", "did you mean sqlite:///ledger.db"),
        ("sqlite://ledger.db", "three slashes"),
        ("sqlite:////no/such/folder/ledger.db", "folder /no/such/folder does not exist"),
        ("postgresql://nobody:secret@127.0.0.1:1/none", "cannot connect to the ledger"),
    ],
)
def test_bad_urls_are_refused_clearly(url: str, message: str) -> None:
    with pytest.raises(LedgerError, match=message) as caught:
        open_ledger(url)
    assert "secret" not in str(caught.value)


_VIEW = (
    "SELECT subject, item, result, count, deduction, note, checker, sheet, sheet_row, cell "
    "FROM observations ORDER BY sheet_row, item"
)


def test_the_observations_view_gives_back_every_stored_row(
    ledger_url: str, library: Library
) -> None:
    rows = teller_day(library, OCT, "东环支行", ["张三", "李四"], fails={"张三": {"TLR-01"}})
    # columns far enough apart to name cells with one, two and three letters (A, AO, AAC)
    stored_rows = [o._replace(column=n * 20, deduction=1.5 if o.result == "fail" else None,
                              note="=SUM(A1)" if n == 3 else None, checker="王检查")
                   for n, o in enumerate(rows)]  # fmt: skip
    assert {len(o.cell.rstrip("0123456789")) for o in stored_rows} == {1, 2, 3}
    with open_ledger(ledger_url) as ledger:
        ledger.add_file(as_file(library, "v.csv", stored_rows))
        stored = ledger.backend.query(_VIEW)
    assert sorted(map(tuple, stored)) == sorted(
        (o.subject, o.item, o.result, o.count, o.deduction, o.note, o.checker, o.sheet, o.row,
         o.cell)
        for o in stored_rows
    )  # fmt: skip


def test_schema_1_observations_are_packed_by_the_migration_to_2(ledger_url: str) -> None:
    cells = [f"{letters}{n + 5}" if letters else "" for n, letters in
             enumerate(["C", "AA", "ZZ", "AAB", "XFD", ""])]  # fmt: skip
    with open_ledger(ledger_url, migrations=MIGRATIONS[:1]) as ledger:
        assert ledger.schema_version() == 1
        b = ledger.backend
        b.execute(
            "INSERT INTO files (id, content_hash, path, ingested_at, svccheck_version, sheets, "
            "rows_read, accepted, rejected, skipped) VALUES (1, 'h', 'old.csv', ?, '0.1', 'S', "
            "6, 6, 0, 0)",
            (b.date_param(dt.datetime(2026, 10, 9, tzinfo=dt.UTC)),),  # type: ignore[arg-type]
        )
        b.execute(
            "INSERT INTO batches (id, file_id, branch, date, checklist, kind, "
            "checklist_fingerprint, standards_version, findings_only, items, passes, "
            "observations) VALUES (1, 1, '东环支行', ?, 'morning-teller', 'self_check', 'f', "
            "'2026.1', ?, 'TLR-01', '1', 6)",
            (b.date_param(OCT), False),
        )
        for n, cell in enumerate(cells):
            b.execute(
                "INSERT INTO observations (batch_id, subject, item, result, count, deduction, "
                "note, checker, sheet, sheet_row, cell) VALUES (1, ?, 'TLR-01', ?, 1, ?, ?, "
                "NULL, 'S', ?, ?)",
                (f"员工{n}", "fail" if n % 2 else "pass", 2.0 if n % 2 else None,
                 "备注" if n == 0 else None, n + 5, cell),
            )  # fmt: skip
    with open_ledger(ledger_url) as ledger:
        assert ledger.schema_version() == SCHEMA_VERSION
        stored = ledger.backend.query(_VIEW)
        counts = ledger.counts()
    assert [(r[0], r[2], r[4], r[5], r[8], r[9]) for r in stored] == [
        (f"员工{n}", "fail" if n % 2 else "pass", 2.0 if n % 2 else None,
         "备注" if n == 0 else None, n + 5, cell)
        for n, cell in enumerate(cells)
    ]  # fmt: skip
    assert counts["observations"] == counts["observations_active"] == len(cells)
