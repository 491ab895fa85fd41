"""What the charts of every format share: how a status looks, and how a ranking is scaled.

The HTML report draws its charts as SVG (`svg.py`) and the Excel report makes native charts;
both colour a status the same way, draw a ranking against the same pass and star marks, and
start its score axis at the same floor. A status also carries a symbol, so a black-and-white
print still tells them apart.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from svccheck.model import Scoring
from svccheck.scoring.result import Report

# A symbol beside each status so a black-and-white print still tells them apart.
STATUS_SYMBOLS: Mapping[str, str] = {"star": "★", "pass": "✓", "below": "▽", "remediation": "✕"}
STATUS_COLOURS: Mapping[str, str] = {
    "star": "#b7860b",
    "pass": "#2e7d32",
    "below": "#c77700",
    "remediation": "#c62828",
}
BAR = "#5b7db1"
BAR_CRITICAL = "#c62828"  # the bar of a red-line item
PARETO_BARS = 20  # a Pareto wider than this stops being readable (on A4, in a sheet)


def score_axis_floor(scores: Sequence[float], base: float, pass_mark: float | None) -> float:
    """Where a score axis starts: a little under the lowest score and the pass mark.

    A ranking drawn from 0 makes 96 and 99 look the same; starting 10 points under the lower
    of the two (on a round ten) keeps differences visible and the pass mark on the chart.
    """
    low = min(scores, default=base)
    if pass_mark is not None and pass_mark < base:
        low = min(low, pass_mark)
    return max(0.0, min(base - 10, math.floor(low / 10) * 10 - 10))


def common_marks(report: Report) -> Scoring | None:
    """The pass and star marks of the combined ranking, when the checklists agree on them."""
    marks = {(s.scoring.base, s.scoring.pass_mark, s.scoring.star_mark) for s in report.sections}
    if len(marks) == 1:
        return report.sections[0].scoring
    return None
