"""The period report in-process: the forked previous-period worker agrees with the serial path."""

from __future__ import annotations

from svccheck.ledger.period import month
from svccheck.ledger.report import period_report
from svccheck.ledger.store import open_ledger
from svccheck.model import Library


def test_previous_period_in_a_second_process_gives_the_same_history(
    bank_url: str, library: Library
) -> None:
    with open_ledger(bank_url) as ledger:
        serial = period_report(ledger, library, month(2026, 10), parallel_from=10**9)
        forked = period_report(ledger, library, month(2026, 10), parallel_from=0)
    assert serial.history is not None and forked.history is not None
    assert forked.history.as_json() == serial.history.as_json()
    assert serial.history.previous_checks == 18


def test_a_month_without_a_previous_month(bank_url: str, library: Library) -> None:
    with open_ledger(bank_url) as ledger:
        report = period_report(ledger, library, month(2026, 9), parallel_from=0)
    history = report.history
    assert history is not None
    assert history.previous_checks == 0
    assert all(t.previous_rank is None for t in history.gaps)
