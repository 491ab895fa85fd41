"""Report periods: parsing the options and the previous period of equal length."""

from __future__ import annotations

import datetime as dt

import pytest

from svccheck.errors import ConfigError
from svccheck.ledger.period import choose_period, date_range, month, parse_period, week_of

D = dt.date


@pytest.mark.parametrize(
    "text, start, end, label",
    [
        ("2026-10", D(2026, 10, 1), D(2026, 10, 31), "2026-10"),
        ("2026-2", D(2026, 2, 1), D(2026, 2, 28), "2026-02"),
        ("2026-W43", D(2026, 10, 19), D(2026, 10, 25), "2026-W43"),
        ("2026w01", D(2025, 12, 29), D(2026, 1, 4), "2026-W01"),
        ("2026年10月8日", D(2026, 10, 8), D(2026, 10, 8), "2026-10-08"),
    ],
)
def test_parse_period(text: str, start: dt.date, end: dt.date, label: str) -> None:
    period = parse_period(text, "en")
    assert (period.start, period.end, period.label) == (start, end, label)


def test_previous_periods_have_equal_length() -> None:
    assert month(2026, 3).previous() == month(2026, 2)
    assert month(2026, 1).previous() == month(2025, 12)
    assert week_of(D(2026, 1, 1)).previous().label == "2025-W52"
    span = date_range(D(2026, 10, 1), D(2026, 10, 15))
    assert span.previous() == date_range(D(2026, 9, 16), D(2026, 9, 30))
    assert span.previous().days == span.days == 15


@pytest.mark.parametrize("text", ["2026-13", "2026-W54", "October", "2026-02-30"])
def test_bad_periods_are_refused(text: str) -> None:
    with pytest.raises(ConfigError, match=r"--(period|week)"):
        parse_period(text, "en")


def test_choose_period_defaults_and_conflicts() -> None:
    latest = D(2026, 10, 22)
    assert choose_period(
        period=None, week=None, start=None, end=None, latest=latest, lang="en"
    ) == month(2026, 10)
    assert (
        choose_period(period=None, week=None, start=None, end=None, latest=None, lang="en") is None
    )
    only_from = choose_period(
        period=None, week=None, start="2026-10-05", end=None, latest=latest, lang="en"
    )
    assert only_from == date_range(D(2026, 10, 5), latest)
    only_to = choose_period(
        period=None, week=None, start=None, end="2026.10.9", latest=latest, lang="en"
    )
    assert only_to == date_range(D(2026, 10, 1), D(2026, 10, 9))
    with pytest.raises(ConfigError, match="use only one of --period, --week"):
        choose_period(
            period="2026-10", week="2026-W41", start=None, end=None, latest=latest, lang="en"
        )
    with pytest.raises(ConfigError, match="只能选一个"):
        choose_period(
            period="2026-10", week=None, start="2026-10-01", end=None, latest=latest, lang="zh"
        )
    with pytest.raises(ConfigError, match="is before --from"):
        choose_period(
            period=None, week=None, start="2026-10-09", end="2026-10-01", latest=latest, lang="en"
        )
