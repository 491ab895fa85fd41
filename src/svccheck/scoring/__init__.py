"""Scoring (SPEC §5): observations → checks → subjects and branches → ranked gaps.

Pure functions over observations, no I/O. `score()` builds a `Report` (see `result.py`):
`checks.py` scores each check (the hot loop), `aggregate.py` sums checks into subjects,
branches, gaps and breakdowns, `score.py` assembles the sections and the combined report
(`assemble()` does it from checks already scored, for the ledger), `explain.py` takes a score
apart for `svccheck explain`.
"""

from svccheck.scoring.result import (
    BREAKDOWNS,
    GROUPINGS,
    STATUS_LABELS,
    STATUSES,
    CheckScore,
    Deduction,
    Gap,
    GroupRow,
    RankedRow,
    Report,
    Section,
    Summary,
)
from svccheck.scoring.score import assemble, score

__all__ = [
    "BREAKDOWNS",
    "GROUPINGS",
    "STATUSES",
    "STATUS_LABELS",
    "CheckScore",
    "Deduction",
    "Gap",
    "GroupRow",
    "RankedRow",
    "Report",
    "Section",
    "Summary",
    "assemble",
    "score",
]
