"""`svccheck report`: a period's report over the ledger, with its history block.

The checks were scored at ingest; here the period's active batches are read back, handed to
the scoring package's assembly (the same ranking code `svccheck score` uses), and the result
is compared with the previous period of equal length. With `--branch`, the bank-wide figures
are still computed: they are the baseline the branch is measured against.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from svccheck.errors import LedgerError
from svccheck.fast import gc_paused
from svccheck.i18n import tr
from svccheck.ledger.history import build_history
from svccheck.ledger.honesty import honesty
from svccheck.ledger.period import Period
from svccheck.ledger.records import LoadedBatch, Selection
from svccheck.ledger.store import Ledger
from svccheck.model import Library
from svccheck.scoring.actions import count_actions
from svccheck.scoring.checks import ScoredChecklist
from svccheck.scoring.result import CheckScore, Gap, RankedRow, Report, Waived
from svccheck.scoring.score import assemble

PARALLEL_FROM = 8_000  # checks in the previous period that make a second process worth it


@dataclass(frozen=True, slots=True)
class Ranks:
    """What the history needs of the previous period: its rankings and its size."""

    checks: int
    gaps: tuple[Gap, ...]
    subjects: tuple[RankedRow, ...]
    branches: tuple[RankedRow, ...]


def period_report(
    ledger: Ledger,
    library: Library,
    period: Period,
    *,
    branch: str | None = None,
    checklist: str | None = None,
    lang: str = "en",
    parallel_from: int = PARALLEL_FROM,
    rescore: bool = False,
) -> Report:
    """The report of `period` from the ledger, with `history` filled in.

    `rescore`: checks stored under another version of a checklist than `library`'s are scored
    again from their stored rows (`report --standards NEW`, see ledger.rescore), this period's
    and the previous one's alike, and the report says so; else they count as stored.

    The previous period is scored in a second process while this one is (when it is big
    enough to be worth it, and the platform can fork): a month's report costs about the
    same as the month before it, and a machine has more than one core.
    """
    with gc_paused():
        return _period_report(
            ledger, library, period, branch, checklist, lang, parallel_from, rescore
        )


def _period_report(
    ledger: Ledger,
    library: Library,
    period: Period,
    branch: str | None,
    checklist: str | None,
    lang: str,
    parallel_from: int,
    rescore: bool,
) -> Report:
    before = period.previous()
    earlier = Previous(ledger, library, Selection(before.start, before.end, branch, checklist),
                       lang, parallel_from, rescore)  # fmt: skip
    with earlier:
        bank_batches = ledger.load(
            Selection(period.start, period.end, None, checklist), details=False
        )
        batches = [b for b in bank_batches if branch is None or b.key.branch == branch]
        usable, notes = usable_batches(batches, library, lang)
        file_ids = sorted({b.file_id for b in usable})
        again = rescore and stale(usable, library)
        scored, more = checks_of(ledger, usable, library, lang, again)
        report = assemble(
            scored,
            library,
            inputs=ledger.inputs(file_ids),
            rejected=ledger.rejections(file_ids),
            warnings=notes + more,
        )
        if again:
            versions = sorted({b.standards_version for b in usable})
            report = dataclasses.replace(report, rescored_from=tuple(versions))
        bank = report
        if branch is not None:
            everyone = usable_batches(bank_batches, library, lang)[0]
            bank = assemble(checks_of(ledger, everyone, library, lang, again)[0], library)
        found = honesty(usable)
        history = build_history(
            period=(period.label, period.start, period.end),
            previous=(before.label, before.start, before.end),
            report=report,
            earlier=earlier.result(),
            bank=bank,
            batches=usable,
            honesty=found,
            library=library,
            notes=notes,
        )
        held = [
            a
            for a in ledger.actions(branch=branch, as_of=period.end)
            if checklist is None or a.checklist == checklist
        ]
        history = dataclasses.replace(
            history, actions=count_actions(held, period.start, period.end)
        )
    return dataclasses.replace(
        report, period_from=period.start, period_to=period.end, history=history
    )


def previous_ranks(
    ledger: Ledger, library: Library, selection: Selection, lang: str, rescore: bool = False
) -> Ranks | None:
    """The rankings of an earlier period (None when it has no data)."""
    loaded = ledger.load(selection, details=False, outcomes=rescore)
    batches = usable_batches(loaded, library, lang)[0]
    if not batches:
        return None
    again = rescore and stale(batches, library)
    report = assemble(checks_of(ledger, batches, library, lang, again)[0], library)
    return Ranks(report.summary.checks, report.gaps, report.subjects, report.branches)


class Previous:
    """`previous_ranks`, started now and collected with `result()`.

    Computed in a forked process when the period holds `parallel_from` checks or more (the
    child opens its own connection; only the small rankings come back through a pipe), else
    right away. Leaving the `with` block stops a worker whose result was not collected.
    """

    def __init__(
        self,
        ledger: Ledger,
        library: Library,
        selection: Selection,
        lang: str,
        parallel_from: int,
        rescore: bool = False,
    ) -> None:
        self.url = ledger.url
        self.worker: multiprocessing.process.BaseProcess | None = None
        self.ranks: Ranks | None = None
        can_fork = (
            "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1
            and ledger.url.target != ":memory:"
        )
        if not can_fork or ledger.count_checks(selection) < parallel_from:
            self.ranks = previous_ranks(ledger, library, selection, lang, rescore)
            return
        context = multiprocessing.get_context("fork")
        self.receiver, sender = context.Pipe(duplex=False)

        def work() -> None:
            try:
                with ledger.reopen() as own:
                    sender.send(("ok", previous_ranks(own, library, selection, lang, rescore)))
            except BaseException as error:  # reported by the parent, whatever it was
                sender.send(("error", f"{type(error).__name__}: {error}"))

        self.worker = context.Process(target=work, daemon=True)
        self.worker.start()
        sender.close()

    def result(self) -> Ranks | None:
        worker = self.worker
        if worker is None:
            return self.ranks
        try:
            status, value = self.receiver.recv()
        except EOFError:
            status, value = "error", f"the worker stopped with exit code {worker.exitcode}"
        finally:
            worker.join()
            self.receiver.close()
            self.worker = None
        if status != "ok":
            raise LedgerError(
                self.url.mask(f"ledger {self.url}: scoring the previous period failed: {value}")
            )
        self.ranks = value
        return self.ranks

    def __enter__(self) -> Previous:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.worker is not None:  # the report failed before it needed the result
            self.worker.terminate()
            self.worker.join()
            self.receiver.close()
            self.worker = None


def stale(batches: Iterable[LoadedBatch], library: Library) -> bool:
    """Whether some batch was scored under another version of its checklist than `library`'s."""
    now: dict[str, str] = {}
    for batch in batches:
        cid = batch.key.checklist
        if cid not in now:
            now[cid] = library.fingerprint(library.checklists[cid])
        if batch.checklist_fingerprint != now[cid]:
            return True
    return False


def checks_of(
    ledger: Ledger, batches: Sequence[LoadedBatch], library: Library, lang: str, again: bool
) -> tuple[list[ScoredChecklist], tuple[str, ...]]:
    """The batches' checks as stored, or (`again`) scored again under `library` from their
    stored rows, with the notes a re-score has to make."""
    if not again:
        return scored_checklists(batches, library), ()
    from svccheck.ledger.rescore import rescore

    done = rescore(ledger, batches, library, lang)
    return done.scored, done.notes


def scored_checklists(batches: Iterable[LoadedBatch], library: Library) -> list[ScoredChecklist]:
    """The stored checks regrouped the way scoring hands them to its assembly."""
    checks: dict[str, list[CheckScore]] = defaultdict(list)
    held: dict[str, list[CheckScore]] = defaultdict(list)  # accountable people's checks
    passes: dict[tuple[str, tuple[str, ...]], list[tuple[int, ...]]] = defaultdict(list)
    kinds: dict[str, set[str]] = defaultdict(set)
    findings: dict[str, bool] = defaultdict(bool)
    waived: dict[str, list[Waived]] = defaultdict(list)  # as scored at ingest (SPEC §8)
    for batch in batches:
        cid = batch.key.checklist
        if batch.waived:
            waived[cid].extend(batch.waived)
        for check in batch.checks:
            (held if check.accountable else checks)[cid].append(check)
        passes[(cid, batch.items)].append(batch.passes)
        kinds[cid].add(batch.key.kind)
        findings[cid] = findings[cid] or batch.findings_only
    totals: dict[str, dict[str, int]] = defaultdict(dict)
    for (cid, items), vectors in passes.items():
        # Batches of one checklist mostly share their item list: sum them column-wise in C.
        own = totals[cid]
        for item, total in zip(items, map(sum, zip(*vectors, strict=True)), strict=True):
            if total:
                own[item] = own.get(item, 0) + total
    return [
        ScoredChecklist(
            checklist=library.checklists[cid],
            checks=tuple(checks[cid]),
            passes=totals[cid],
            kinds=tuple(sorted(kinds[cid])),
            findings_only=findings[cid],
            accountable=tuple(held[cid]),
            waived=tuple(waived[cid]),
        )
        for cid in sorted(checks.keys() | held.keys() | waived.keys())
    ]


def usable_batches(
    batches: Sequence[LoadedBatch], library: Library, lang: str
) -> tuple[list[LoadedBatch], tuple[str, ...]]:
    """The batches whose checklist the library still has, and a note for the others."""
    missing: Counter[str] = Counter()
    kept = []
    for batch in batches:
        if batch.key.checklist in library.checklists:
            kept.append(batch)
        else:
            missing[batch.key.checklist] += len(batch.checks)
    notes = tuple(
        tr(
            lang,
            "检查表 {id} 已不在标准库中：其 {n} 次检查未计入",
            "checklist {id} is no longer in the library: its {n} checks are left out",
            id=cid,
            n=n,
        )
        for cid, n in sorted(missing.items())
    )
    return kept, notes
