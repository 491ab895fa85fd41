"""Self-check honesty: fail-rate gaps and Cohen's kappa, computed by hand."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from svccheck.ledger.honesty import cohen_kappa, honesty
from svccheck.ledger.records import BatchKey, LoadedBatch
from svccheck.scoring.result import CheckScore

DAY = dt.date(2026, 10, 8)
ITEMS = ("TLR-01", "TLR-02", "TLR-03", "TLR-04")


def batch(
    kind: str, outcomes: dict[str, str], day: dt.date = DAY, items: tuple[str, ...] = ITEMS
) -> LoadedBatch:
    checks = tuple(
        CheckScore(
            checklist=f"{kind}-teller",
            kind=kind,
            subject=who,
            subject_kind="employee",
            branch="东环支行",
            role="teller",
            date=day,
            base=100.0,
            score=100.0,
            points_lost=0.0,
            passed=0,
            failed=0,
            na=0,
            unchecked=0,
        )
        for who in outcomes
    )
    return LoadedBatch(
        id=1,
        key=BatchKey("东环支行", day, f"{kind}-teller", kind),
        file_id=1,
        file="f.csv",
        checklist_fingerprint="",
        standards_version="",
        findings_only=kind == "inspection",
        items=items,
        passes=(0,) * len(items),
        checks=checks,
        outcomes=tuple(outcomes.values()),
    )


def test_kappa_by_hand() -> None:
    # 20 pairs: both fail 4, A only 2, B only 4, both pass 10.
    table = Counter({(True, True): 4, (True, False): 2, (False, True): 4, (False, False): 10})
    observed, kappa = cohen_kappa(table)
    expected = (6 * 8 + 14 * 12) / 400
    assert observed == pytest.approx(14 / 20)
    assert kappa == pytest.approx((0.7 - expected) / (1 - expected))


def test_kappa_undefined_without_variation() -> None:
    assert cohen_kappa(Counter()) == (None, None)
    assert cohen_kappa(Counter({(False, False): 5})) == (1.0, None)


@given(st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=60))
def test_kappa_is_at_most_one_and_one_when_raters_agree(pairs: list[tuple[bool, bool]]) -> None:
    observed, kappa = cohen_kappa(Counter(pairs))
    assert observed is not None and 0.0 <= observed <= 1.0
    assert kappa is None or kappa <= 1.0 + 1e-9
    agreed = Counter((a, a) for a, _ in pairs)
    _, perfect = cohen_kappa(agreed)
    assert perfect is None or perfect == pytest.approx(1.0)


def test_gap_counts_only_items_judged_both_ways() -> None:
    rows = honesty(
        [
            batch("self_check", {"张三": "PPPN", "李四": "PPPP"}),
            batch("peer_check", {"张三": "FFP-", "李四": "PFPP"}),
        ]
    )
    zhang = next(r for r in rows if r.subject == "张三")
    # TLR-04: N in self, absent in peer → not compared; 3 items each way.
    assert (zhang.items, zhang.self_judged, zhang.self_failed) == (3, 3, 0)
    assert (zhang.others_judged, zhang.others_failed) == (3, 2)
    assert zhang.gap == pytest.approx(2 / 3)
    # The self-check never failed: agreement is exactly what chance gives, kappa 0.
    assert zhang.pairs == 3 and zhang.kappa == pytest.approx(0.0)
    branch = next(r for r in rows if r.level == "branch")
    assert (branch.self_failed, branch.others_failed) == (0, 3)
    assert rows[0].level == "branch"


def test_pairs_need_the_same_day_and_align_items_by_id() -> None:
    other_day = DAY + dt.timedelta(days=1)
    rows = honesty(
        [
            batch("self_check", {"张三": "FPP"}, items=("TLR-01", "TLR-02", "TLR-03")),
            batch("peer_check", {"张三": "PF"}, items=("TLR-02", "TLR-01")),  # other order
            batch("inspection", {"张三": "F"}, day=other_day, items=("TLR-03",)),
        ]
    )
    zhang = next(r for r in rows if r.subject == "张三")
    assert zhang.pairs == 2 and zhang.agreement == 1.0
    assert (zhang.others_judged, zhang.others_failed) == (3, 2)


def test_no_row_without_both_sides() -> None:
    assert honesty([batch("self_check", {"张三": "PPPP"})]) == ()
