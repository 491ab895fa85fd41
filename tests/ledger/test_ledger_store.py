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
            cell=f"C{row}",
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
    # A subject of None breaks the NOT NULL constraint halfway through the observation rows.
    broken = [*good[:30], good[30]._replace(subject=None), *good[31:]]  # type: ignore[call-arg]
    file = as_file(library, "good.csv", good)
    file = replace(
        file, content_hash="hash-broken", batches=(replace(file.batches[0], observations=broken),)
    )
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
    sys.path.insert(0, sys.argv[2])
    from test_ledger_store import as_file, teller_day, OCT

    library = load_library()
    people = [f"员工{n}" for n in range(50)]
    file = as_file(library, "big.csv", teller_day(library, OCT, "东环支行", people))
    for cls in (backends.SqliteBackend, backends.PostgresBackend):
        original = cls.bulk_insert_grouped
        def dying(self, table, columns, groups, _original=original):
            groups = [(key, list(rows)) for key, rows in groups]
            half = [(key, rows[: len(rows) // 2]) for key, rows in groups]
            _original(self, table, columns, half)  # some rows are written, then
            os.kill(os.getpid(), signal.SIGKILL)  # the process dies mid-transaction
        cls.bulk_insert_grouped = dying
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
