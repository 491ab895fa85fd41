"""Ingest: filled sheets → scored batches → the ledger, one all-or-nothing transaction per file.

A file already held (same content hash) is not even read again. Each file's observations are
split into batches (branch, date, checklist, kind), each batch is scored with the scoring
package under the library in force now, and the whole file is written at once; a batch
supersedes the earlier active batch with the same key (a corrected sheet), which is kept as
an audit trail. Rejected rows are stored and reported but never hold back the accepted ones.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from svccheck.errors import SvccheckError
from svccheck.ledger.records import (
    ABSENT,
    IMPLIED,
    OUTCOME_CODES,
    BatchKey,
    BatchToStore,
    FileOutcome,
    FileToStore,
)
from svccheck.ledger.store import Ledger
from svccheck.model import (
    InputSummary,
    Library,
    Observation,
    Rejection,
    RosterLine,
    SheetFacts,
)
from svccheck.scoring.actions import INSPECTION, open_actions
from svccheck.scoring.checks import (
    RESULT_RANK,
    RESULTS_BY_RANK,
    accountable_rows,
    item_ranks,
    score_checks,
)
from svccheck.scoring.policies import apply_policies
from svccheck.scoring.result import Waived

if TYPE_CHECKING:
    from svccheck.sheets import ReadResult


# The letter `checks.outcomes` stores for each rank of an item's result in a check ("UNPF"):
# the result itself is decided by scoring's rule (RESULT_RANK, item_ranks), as for the score.
_LETTER = "".join(OUTCOME_CODES[result] for result in RESULTS_BY_RANK)

_batch_key = attrgetter("branch", "date", "checklist", "kind")
_subject, _item, _result = attrgetter("subject"), attrgetter("item"), attrgetter("result")
_employee = attrgetter("employee")
_rank_of = RESULT_RANK.__getitem__


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What one `svccheck ingest` run did, file by file."""

    outcomes: tuple[FileOutcome, ...]
    problems: tuple[tuple[str, str], ...] = ()  # (path, reason): named but not readable
    warnings: tuple[str, ...] = ()
    skipped_sheets: tuple[tuple[str, str, str], ...] = ()  # (file, sheet, reason)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.count("failed")

    @property
    def stored_all(self) -> bool:
        """Every file was added or already held: none was an unfilled form."""
        return not self.count("empty")


def prepare_file(
    path: str,
    digest: str,
    observations: Iterable[Observation],
    rejections: Iterable[Rejection],
    summary: InputSummary,
    library: Library,
    sheets: Sequence[SheetFacts] = (),
    roster_lines: Sequence[RosterLine] = (),
) -> FileToStore:
    """Split one file's observations into batches and score each (pure: no I/O). `sheets`:
    what the file's registers say of themselves (scope, staff on duty)."""
    groups: dict[tuple[Any, ...], list[Observation]] = {}
    # Readers emit the rows of one batch together: grouping runs of equal keys keeps the
    # per-row work in C (a key seen again later is simply appended to its batch).
    for key, run in groupby(observations, key=_batch_key):
        group = groups.get(key)
        if group is None:
            groups[key] = list(run)
        else:
            group.extend(run)
    batches = tuple(
        prepare_batch(BatchKey(*key), rows, library, sheets)
        for key, rows in sorted(groups.items(), key=lambda kv: _sort_key(kv[0]))
    )
    return FileToStore(
        path, digest, summary, batches, tuple(rejections), roster_lines=tuple(roster_lines)
    )


def prepare_batch(
    key: BatchKey, rows: Sequence[Observation], library: Library, sheets: Sequence[SheetFacts] = ()
) -> BatchToStore:
    """Score one batch with the scoring package and note each check's item outcomes — the
    accountable people's checks (SPEC §5) with the branch's — and the corrective actions an
    inspection batch's failed items open (SPEC §8).

    The outcomes are those of the rows as scored: under branch profiles and waivers (SPEC §8)
    a waived failure is not applicable there, as in the check's score, and the honesty
    comparison leaves it out like any item not judged. The rows are stored as read."""
    scored_rows: Sequence[Observation] = rows
    waived: Sequence[Waived] = ()
    if library.has_policies:
        scored_rows, waived = apply_policies(rows, library)
    facts = _batch_facts(sheets, key)
    (scored,) = score_checks(scored_rows, library, sheets=facts, policies_applied=True)
    checklist = scored.checklist
    states = _item_states(scored_rows)
    held: dict[str, dict[str, int]] = {}
    if scored.accountable:  # the people an accountable register holds to account
        named = accountable_rows(scored_rows, library)  # by the person they name (`employee`)
        held = _item_states(sorted(named, key=_employee), key=_employee)
    checks = scored.checks + scored.accountable
    implied = scored.implied_items + scored.accountable_implied
    # Every item scoring counted a pass for is in `items` (the passes are stored aligned).
    items = sorted(set().union(*states.values(), *held.values(), *implied, scored.passes))
    outcomes = _outcomes(
        items, (((held if c.accountable else states).get(c.subject, {}), own)
                for c, own in zip(checks, implied, strict=True)),
    )  # fmt: skip
    return BatchToStore(
        key=key,
        checklist_fingerprint=library.fingerprint(checklist),
        standards_version=library.checklist_version(checklist),
        findings_only=scored.findings_only,
        items=tuple(items),
        passes=dict(sorted(scored.passes.items())),
        checks=checks,
        outcomes=outcomes,
        observations=rows,
        waived=tuple(waived),
        actions=(
            tuple(open_actions(scored_rows, library, policies_applied=True))
            if key.kind == INSPECTION
            else ()
        ),
    )


def _batch_facts(sheets: Sequence[SheetFacts], key: BatchKey) -> list[SheetFacts]:
    """The facts a batch is scored with: its checklist's sheets, their staff on duty cut to
    the batch's branch and date (each batch holds its own people's checks)."""
    return [
        dataclasses.replace(
            fact,
            on_duty=tuple(d for d in fact.on_duty if (d.branch, d.date) == (key.branch, key.date)),
        )
        for fact in sheets
        if fact.checklist == key.checklist
    ]


def _item_states(
    rows: Sequence[Observation], key: Callable[[Observation], Any] = _subject
) -> dict[str, dict[str, int]]:
    """subject (or `key`) → item → rank of its result (scoring's `item_ranks`: the highest of
    its rows)."""
    states: dict[str, dict[str, int]] = {}
    for subject, run in groupby(rows, key=key):
        own = list(run)
        # The usual case — each item once per subject — is one dict built in C.
        state = dict(zip(map(_item, own), map(_rank_of, map(_result, own)), strict=True))
        if len(state) < len(own) or subject in states:
            pairs = zip(map(_item, own), map(_result, own), strict=True)
            state = item_ranks(pairs, states.get(subject))
        states[subject] = state
    return states


def _outcomes(
    items: Sequence[str], checks: Iterable[tuple[dict[str, int], frozenset[str]]]
) -> tuple[str, ...]:
    """Each check's outcome letters, one per item of `items`: its rows' result where it has
    one, else implied where scoring passed the item by implication, else absent. From a
    template per set of implied items (an accountable register's people share a few), with
    the check's own results written in: a person's check names one or two items of a batch
    of two hundred."""
    position = {item: n for n, item in enumerate(items)}
    blank = [ABSENT] * len(items)
    templates: dict[frozenset[str], list[str]] = {}
    made = []
    for state, implied in checks:
        template = templates.get(implied)
        if template is None:
            template = templates[implied] = blank.copy()
            for item in implied:
                template[position[item]] = IMPLIED
        letters = template.copy()
        for item, rank in state.items():
            letters[position[item]] = _LETTER[rank]
        made.append("".join(letters))
    return tuple(made)


def _sort_key(key: tuple[Any, ...]) -> tuple[Any, ...]:
    branch, date, checklist, kind = key
    return (date, branch, checklist, kind)


def ingest_paths(
    ledger: Ledger,
    paths: Sequence[Path],
    library: Library,
    *,
    checklist: str | None = None,
    lang: str = "en",
    progress: Callable[[int, int], None] | None = None,
    on_outcome: Callable[[FileOutcome], None] | None = None,
) -> IngestReport:
    """Ingest every sheet file named (folders walked); one transaction per file.

    Files whose content the ledger already holds are not read. The others are read ahead of
    their turn to be stored — a big folder's by worker processes, else the next one in the
    background (`read_apart`) — and stored in order.
    `progress(done, total)` is called after each file, `on_outcome` with what it did.
    """
    from svccheck.sheets import discover, read_apart

    files, problems = discover(paths, lang)
    outcomes: list[FileOutcome] = []
    found = _Found([], [])
    digests = {path: _digest(path) for path in files}
    # the first file of each content the ledger does not hold (a copy is stored as a duplicate)
    firsts = {d: path for path, d in reversed(digests.items()) if isinstance(d, str)}
    to_read = {path for digest, path in firsts.items() if ledger.find_file(digest) is None}
    wanted = [path for path in files if path in to_read]
    with closing(read_apart(wanted, library, checklist, lang)) as reads:
        for done, path in enumerate(files, 1):
            result = next(reads) if path in to_read else None
            outcome = _ingest_one(
                ledger, path, digests[path], library, checklist, lang, found, result
            )
            outcomes.append(outcome)
            if on_outcome is not None:
                on_outcome(outcome)
            if progress is not None:
                progress(done, len(files))
    return IngestReport(
        tuple(outcomes),
        tuple((str(p), why) for p, why in problems),
        tuple(dict.fromkeys(found.warnings)),
        tuple(found.skipped_sheets),
    )


@dataclass(frozen=True, slots=True)
class _Found:
    """What the reader said besides the rows, gathered over the files of one run."""

    warnings: list[str]
    skipped_sheets: list[tuple[str, str, str]]


def _digest(path: Path) -> str | OSError:
    from svccheck.sheets.folders import content_hash  # (one home: read and score use it too)

    try:
        return content_hash(path)
    except OSError as error:
        return error


def _ingest_one(
    ledger: Ledger,
    path: Path,
    digest: str | OSError,
    library: Library,
    checklist: str | None,
    lang: str,
    found: _Found,
    result: ReadResult | SvccheckError | None,
) -> FileOutcome:
    """Store one file read (`result`: None when it was not read, its content being held)."""
    if isinstance(digest, OSError):
        return FileOutcome(str(path), "failed", error=f"{path}: {digest.strerror or digest}")
    held = ledger.find_file(digest)  # before the run, or earlier in it (the same file twice)
    if held is not None:
        return FileOutcome(str(path), "duplicate", digest, file_id=held.id, duplicate_of=held)
    if result is None:  # not read: a copy of a file that could not be stored, or one held
        # when the run began and no longer (forgotten meanwhile) — read it now
        from svccheck.sheets import read_apart

        result = next(read_apart([path], library, checklist, lang))
    if isinstance(result, SvccheckError):
        # One unreadable file is reported; the others are still ingested.
        return FileOutcome(str(path), "failed", digest, error=str(result))
    found.warnings.extend(result.warnings)
    found.skipped_sheets.extend(s for s in result.skipped_sheets if s[1])
    summary = next(iter(result.inputs), None)
    if summary is None or not summary.sheets:
        reason = "; ".join(r.reason for r in result.rejected) or "nothing could be read"
        return FileOutcome(str(path), "failed", digest, error=reason)
    if not result.observations and not result.rejected:
        # An unfilled form: nothing to store. Said so (exit 1), never counted as added.
        return FileOutcome(str(path), "empty", digest)
    prepared = prepare_file(
        str(path),
        digest,
        result.observations,
        result.rejected,
        summary,
        library,
        result.sheets,
        result.roster_lines,
    )
    return ledger.add_file(prepared)
