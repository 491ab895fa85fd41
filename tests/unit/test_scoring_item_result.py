"""SPEC §5's rule for an item's result in a check, kept in one place (scoring.checks) and
applied alike by scoring and by the ledger's stored outcome letters."""

from __future__ import annotations

import pytest
from scoring_support import MORNING, obs, small_library

from svccheck.ledger.ingest import prepare_batch
from svccheck.ledger.records import BatchKey
from svccheck.model import RESULTS, Library, Observation
from svccheck.scoring.checks import RESULT_RANK, RESULTS_BY_RANK, item_ranks, score_checks


@pytest.fixture(scope="module")
def lib() -> Library:
    return small_library()


def test_every_result_has_a_rank_and_failed_ranks_highest() -> None:
    assert set(RESULTS_BY_RANK) == set(RESULTS)
    assert [RESULT_RANK[r] for r in ("unchecked", "na", "pass", "fail")] == [0, 1, 2, 3]
    assert RESULT_RANK["something else"] == RESULT_RANK["unchecked"]


def test_an_item_takes_the_highest_result_of_its_rows() -> None:
    ranks = item_ranks([("A", "na"), ("A", "pass"), ("B", "unchecked"), ("B", "?"), ("C", "na")])
    assert {item: RESULTS_BY_RANK[rank] for item, rank in ranks.items()} == {
        "A": "pass",
        "B": "unchecked",
        "C": "na",
    }
    assert item_ranks([("A", "fail")], ranks)["A"] == RESULT_RANK["fail"]


@pytest.mark.parametrize(
    ("rows", "unchecked"),
    [
        ([("TST-01", "?"), ("TST-02", "pass"), ("TST-03", "fail")], 1),  # one row per item
        ([("TST-01", "?"), ("TST-01", "na"), ("TST-02", "pass")], 0),  # repeated items
        ([("TST-01", "?"), ("TST-01", "?"), ("TST-02", "fail")], 1),
    ],
)
def test_scoring_and_the_ledger_agree_on_an_unknown_result(
    lib: Library, rows: list[tuple[str, str]], unchecked: int
) -> None:
    observations = [obs(item, result, checklist=MORNING) for item, result in rows]
    (scored,) = score_checks(observations, lib)
    (check,) = scored.checks
    batch = prepare_batch(key(observations[0]), observations, lib)
    (letters,) = batch.outcomes
    assert letters.count("P") == check.passed
    assert letters.count("F") == check.failed
    assert letters.count("N") == check.na
    assert letters.count("U") == check.unchecked == unchecked


def key(row: Observation) -> BatchKey:
    return BatchKey(row.branch, row.date, row.checklist, row.kind)
