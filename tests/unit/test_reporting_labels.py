"""The shared rendering rules: numbers as every format writes them, and text widths."""

from __future__ import annotations

import pytest

from svccheck.reporting.labels import fixed, pct, points, score_text, signed
from svccheck.textwidth import display_width


@pytest.mark.parametrize(
    "value, shown",
    [(2.0, "2"), (100.0, "100"), (0.5, "0.5"), (97.25, "97.25"), (99.777, "99.78"),
     (0.0, "0"), (-0.0, "0"), (-0.001, "0"), (-1.5, "-1.5"), (None, "—")],
)  # fmt: skip
def test_points_without_trailing_zeros_or_negative_zero(value: float | None, shown: str) -> None:
    assert points(value) == shown


def test_rates_and_scores() -> None:
    assert pct(0.125) == "12.5%" and pct(1.0, 0) == "100%" and pct(None) == "—"
    assert score_text(97.5) == "97.5" and score_text(99.96) == "100.0" and score_text(None) == "—"


@pytest.mark.parametrize(
    "value, shown",
    [(0.14, "0.14"), (-0.004, "0.00"), (-0.0, "0.00"), (0.0, "0.00"), (-0.005001, "-0.01"),
     (-0.05, "-0.05"), (-10.0, "-10.00"), (1.0, "1.00"), (None, "—")],
)  # fmt: skip
def test_fixed_decimals_never_show_negative_zero(value: float | None, shown: str) -> None:
    """kappa -0.004 is no disagreement worth a minus sign: it prints 0.00."""
    assert fixed(value) == shown


def test_rates_never_show_negative_zero_and_changes_sign_only_what_shows() -> None:
    assert pct(-0.00001) == "0.0%" and score_text(-0.01) == "0.0" and fixed(-0.04, 1) == "0.0"
    assert signed(0.0731, pct) == "+7.3%" and signed(-0.005, points) == "−0.01"
    assert signed(0.00001, pct) == "0.0%" and signed(-0.001, points) == "0"  # not "+0.0%"
    assert signed(0.0, points) == "0" and signed(None, pct) == "—"


def test_display_width_counts_wide_characters_twice_and_marks_not_at_all() -> None:
    assert display_width("TLR-01 着装规范") == 15
    assert display_width("（全角）") == 8
    assert display_width("e\u0301") == 1  # e + combining acute accent
    assert display_width("—…★·") == 4  # ambiguous-width signs take one column
