"""Report periods: a month (2026-10), an ISO week (2026-W43), a day, or any from–to range.

Every period knows the one before it, of equal length, that trends are measured against:
the previous calendar month, the previous ISO week, or the same number of days just before.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from svccheck.errors import ConfigError
from svccheck.i18n import tr

_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_WEEK = re.compile(r"(\d{4})-?W(\d{1,2})", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Period:
    """An inclusive date range with a name people recognise."""

    start: dt.date
    end: dt.date
    kind: str  # month | week | range
    label: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period just before, of equal length (a calendar month for a month)."""
        if self.kind == "month":
            last = self.start - dt.timedelta(days=1)
            return month(last.year, last.month)
        if self.kind == "week":
            return week_of(self.start - dt.timedelta(days=7))
        end = self.start - dt.timedelta(days=1)
        return date_range(end - dt.timedelta(days=self.days - 1), end)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


def month(year: int, number: int) -> Period:
    last = calendar.monthrange(year, number)[1]
    return Period(
        dt.date(year, number, 1), dt.date(year, number, last), "month", f"{year:04d}-{number:02d}"
    )


def week_of(day: dt.date) -> Period:
    year, number, weekday = day.isocalendar()
    start = day - dt.timedelta(days=weekday - 1)
    return Period(start, start + dt.timedelta(days=6), "week", f"{year:04d}-W{number:02d}")


def date_range(start: dt.date, end: dt.date) -> Period:
    label = start.isoformat() if start == end else f"{start.isoformat()}..{end.isoformat()}"
    return Period(start, end, "range", label)


def parse_day(text: str, option: str, lang: str) -> dt.date:
    """A date option in any of the forms the sheets accept (2026-10-08, 2026年10月8日…)."""
    from svccheck.sheets.values import DATE_FORMS, ValueProblem, parse_date

    try:
        day = parse_date(text)
    except ValueProblem as problem:
        if problem.code == "date_out_of_range":
            raise _out_of_range(option, text, lang) from None
        day = None
    if day is None:
        raise ConfigError(
            tr(
                lang,
                "{option} {value!r} 不是日期（可写作 {forms}）",
                "{option} {value!r} is not a date (write it as {forms})",
                option=option,
                value=text,
                forms=" / ".join(DATE_FORMS),
            )
        )
    return day


class OutOfRange(ConfigError):
    """A date option outside the years the sheets are read in (values.DATE_YEARS): nothing
    can be held there, and the period before it may not exist (0001-01 has no month before,
    9999-12-31 no day after)."""


def _out_of_range(option: str, text: str, lang: str) -> OutOfRange:
    from svccheck.sheets.values import DATE_WINDOW

    return OutOfRange(
        tr(
            lang,
            "{option} {value!r} 超出范围：日期应在 {window} 年之间",
            "{option} {value!r} is out of range: dates are read from {window}",
            option=option,
            value=text,
            window=DATE_WINDOW,
        )
    )


def parse_period(text: str, lang: str) -> Period:
    """--period: 2026-10 (a month), 2026-W43 (an ISO week) or one day (2026-10-08)."""
    from svccheck.sheets.values import in_date_years

    value = text.strip()
    match = _MONTH.fullmatch(value)
    if match and 1 <= int(match.group(2)) <= 12:
        if not in_date_years(int(match.group(1))):
            raise _out_of_range("--period", text, lang)
        return month(int(match.group(1)), int(match.group(2)))
    match = _WEEK.fullmatch(value)
    if match:
        return parse_week(value, lang)
    try:
        day = parse_day(value, "--period", lang)
    except OutOfRange:
        raise
    except ConfigError:
        raise ConfigError(
            tr(
                lang,
                "--period {value!r}：应为月份（2026-10）、ISO 周（2026-W43）或日期",
                "--period {value!r}: expected a month (2026-10), an ISO week (2026-W43) or a date",
                value=text,
            )
        ) from None
    return date_range(day, day)


def parse_week(text: str, lang: str) -> Period:
    """--week 2026-W43 (ISO 8601 week: Monday to Sunday)."""
    from svccheck.sheets.values import in_date_years

    match = _WEEK.fullmatch(text.strip())
    if match:
        if not in_date_years(int(match.group(1))):
            raise _out_of_range("--week", text, lang)
        try:
            monday = dt.date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
        except ValueError:
            monday = None
        if monday is not None:
            return week_of(monday)
    raise ConfigError(
        tr(
            lang,
            "--week {value!r}：应为 ISO 周，如 2026-W43",
            "--week {value!r}: expected an ISO week such as 2026-W43",
            value=text,
        )
    )


def choose_period(
    *,
    period: str | None,
    week: str | None,
    start: str | None,
    end: str | None,
    latest: dt.date | None,
    lang: str,
) -> Period | None:
    """The period the options name; without any, the month of the latest data (None if the
    ledger is empty). Options that contradict each other are refused."""
    given = [
        name
        for name, value in (("--period", period), ("--week", week), ("--from/--to", start or end))
        if value
    ]
    if len(given) > 1:
        raise ConfigError(
            tr(lang, "{options} 只能选一个", "use only one of {options}", options=", ".join(given))
        )
    if period:
        return parse_period(period, lang)
    if week:
        return parse_week(week, lang)
    if start or end:
        first = parse_day(start, "--from", lang) if start else None
        last = parse_day(end, "--to", lang) if end else None
        first = first or (last.replace(day=1) if last else None)
        last = last or latest or first
        assert first is not None and last is not None
        if last < first:
            raise ConfigError(
                tr(
                    lang,
                    "--to {to} 早于 --from {start}",
                    "--to {to} is before --from {start}",
                    to=last,
                    start=first,
                )
            )
        return date_range(first, last)
    if latest is None:
        return None
    return month(latest.year, latest.month)
