"""Single cell values as people write them: marks, deductions, counts, scores, dates, kinds.

Small pure functions, shared by every part of svccheck that reads what a person typed (the
sheet readers, the roster reader of the forms, the ledger's date options). Each takes a raw
cell value — a str from csv, or whatever python-calamine returns for xlsx (str, float, int,
bool, date, datetime) — and returns the parsed value, None for a blank cell where blank is
allowed, or raises `ValueProblem` whose `code` lets the caller word the message in the user's
language. The readers call these once per *distinct* raw value (they cache the results), so
clarity wins over speed here.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Mapping
from typing import Final, NamedTuple

BLANK_RESULT: Final = "unchecked"


class ValueProblem(ValueError):
    """A cell value that cannot be used; `code` names the kind of value that was expected."""

    def __init__(self, code: str, value: object, detail: str = "") -> None:
        super().__init__(f"{code}: {value!r}")
        self.code = code
        self.value = value
        self.detail = detail


def normalise(text: str) -> str:
    """Fold what people vary without meaning to: full-width forms, case, runs of spaces,
    format characters that show as nothing (a zero-width space pasted from a web page)."""
    return " ".join(unicodedata.normalize("NFKC", without_invisible(text)).split()).casefold()


def is_blank(value: object) -> bool:
    """An empty cell: nothing, or only spaces (calamine gives '' for empty cells)."""
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: object) -> str:
    """A raw cell value as a person would read it back (for messages and text fields)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):  # 1e308 shown as such, not as its 309 digits
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


# --- names and free text -----------------------------------------------------------------------

MAX_NAME_LENGTH: Final = 100
"""The most characters a name, branch, employee id or checker may hold: no person's or
branch's name is longer, and PostgreSQL's indexes refuse an entry of about 2,700 CJK
characters (8,191 bytes) — failing a whole ingest instead of one row."""

# Format characters (Unicode category Cf) that show as nothing: zero-width space, joiner and
# non-joiner, word joiner, BOM, soft hyphen, bidirectional marks and overrides. Pasted from a
# web page or a chat they make an invisible twin of a name ("东环支行\u200b"); they are
# dropped from names, as the spaces around a name are.
_INVISIBLE: Final = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
# C0 and C1 control characters (category Cc): none belongs in a name, an id or a branch (an
# escape sequence in a name would be a person of its own). Excel writes them as `_x0000_`.
_CONTROL: Final = re.compile("[\x00-\x1f\x7f-\x9f]")


def without_invisible(text: str) -> str:
    """`text` without the format characters that show as nothing (zero-width space…)."""
    return _INVISIBLE.sub("", text) if _INVISIBLE.search(text) else text


def parse_name(value: object) -> str | None:
    """A name, branch, employee id or checker as stored: stripped, without invisible format
    characters. Blank → None. Raises ValueProblem('control_char') for a control character and
    ValueProblem('too_long') for more than MAX_NAME_LENGTH characters."""
    text = cell_text(value)
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text).strip()
    if not text:
        return None
    if _CONTROL.search(text):
        raise ValueProblem("control_char", value)
    if len(text) > MAX_NAME_LENGTH:
        raise ValueProblem("too_long", value, str(MAX_NAME_LENGTH))
    return text


def parse_text(value: object) -> str | None:
    """Free text (a note, a scope) as stored: stripped. Blank → None. Raises
    ValueProblem('control_char') for a NUL: PostgreSQL cannot store one in a text field (the
    whole ingest failed, unlocated) while SQLite can, so the two ledgers would differ. Other
    control characters stay: a note is what the checker wrote (a tab, a line break, a form
    feed pasted with it), and every output shows them as escapes (safetext.py)."""
    text = cell_text(value)
    if not text:
        return None
    if "\x00" in text:
        raise ValueProblem("control_char", value)
    return text


# --- marks -------------------------------------------------------------------------------------

_MARK_WORDS: dict[str, tuple[str, ...]] = {
    # v / 对 / 错: what people type when the keyboard has no √ or × (contract version 2)
    "pass": (
        "√",
        "✓",
        "✔",
        "☑",
        "是",
        "合格",
        "达标",
        "y",
        "yes",
        "pass",
        "ok",
        "1",
        "true",
        "v",
        "对",
    ),
    "fail": (
        "×",
        "✗",
        "✘",
        "✕",
        "☒",
        "x",
        "否",
        "不合格",
        "未达标",
        "n",
        "no",
        "fail",
        "0",
        "false",
        "错",
    ),
    "na": ("n/a", "na", "不适用", "—", "——", "–", "-", "--", "/"),
}
MARKS: Final[Mapping[str, str]] = {
    normalise(word): result for result, words in _MARK_WORDS.items() for word in words
}
"""Every accepted mark (normalised) → pass | fail | na. A blank cell is `unchecked`."""

MARK_CHOICES: Final = ("√", "×", "不适用")
"""What the forms offer in their dropdowns (all three are in MARKS)."""


def parse_mark(value: object) -> str:
    """A mark cell → pass | fail | na | unchecked (blank). Raises ValueProblem('mark')."""
    if is_blank(value):
        return BLANK_RESULT
    if isinstance(value, bool):
        return "pass" if value else "fail"
    if isinstance(value, int | float) and value in (0, 1):
        return "pass" if value == 1 else "fail"
    if isinstance(value, str):
        result = MARKS.get(normalise(value))
        if result is not None:
            return result
    raise ValueProblem("mark", value)


# A mark may be followed by what the checker saw: "× 柜面有杂物", "√（已整改）", "不适用：无VIP区".
# A symbol mark may be followed by anything; a word mark ("合格", "yes", "v") only by a space or
# punctuation, so that "yesterday" or "合格率" never read as marks. Digits are never split off:
# "1 次" is no mark, and a number followed by text is a deduction's business, not a mark's;
# nor is a hyphen: "- 3" is points off.
_SYMBOL_MARKS = frozenset("√✓✔☑×✗✘✕☒/—–")
_NOTE_SEPARATORS = " \t(（[【{:：,，;；、。!！"
_NOTE_TRIM = " \t()（）[]【】{}:：,，;；、-—–.。!！"
_WORD_MARKS = sorted(
    (
        w
        for w in MARKS
        if not w.isdigit() and not all(c in "-−—–/" for c in w) and w[0] not in _SYMBOL_MARKS
    ),
    key=len,
    reverse=True,
)


def split_mark(value: object) -> tuple[str, str | None]:
    """A mark cell, possibly with a note after the mark → (result, note or None).

    "×柜面有杂物" → ("fail", "柜面有杂物"); "√（已整改）" → ("pass", "已整改"); a plain mark →
    (result, None). Raises ValueProblem('mark') when no mark leads the text."""
    try:
        return parse_mark(value), None
    except ValueProblem:
        if not isinstance(value, str):
            raise
    text = unicodedata.normalize("NFKC", value).strip()
    folded = text.casefold()
    head = ""
    if folded[:1] in _SYMBOL_MARKS:
        head = folded[:1]
        while folded[len(head) : len(head) + 1] == head[0]:
            head += head[0]  # "——", "√√": one mark
        result = MARKS.get(head[0])
    else:
        for word in _WORD_MARKS:
            if folded.startswith(word) and folded[len(word) : len(word) + 1] in _NOTE_SEPARATORS:
                head = word
                break
        result = MARKS.get(head) if head else None
    note = text[len(head) :].strip(_NOTE_TRIM)
    # "√×", "√ ×": two marks that contradict each other are no mark at all
    if result is None or note[:1] in _SYMBOL_MARKS:
        raise ValueProblem("mark", value)
    return result, note or None


# --- points: deductions, scores, counts ---------------------------------------------------------

# "1", "-1", "−1", "扣1分", "扣 0.5 分", "1分", "减1分"; one regex, run once per distinct value.
_DEDUCTION = re.compile(r"(?:扣|减|扣分|-|−)?(\d+(?:\.\d+)?|\.\d+)分?")
_SCORE = re.compile(r"(?:得)?(\d+(?:\.\d+)?|\.\d+)分?")
_COUNT = re.compile(r"[x×]?(\d+)(?:次|个|处|项)?")


def _number_text(value: str) -> str:
    return "".join(unicodedata.normalize("NFKC", value).split()).casefold()


def parse_deduction(value: object) -> float | None:
    """Points off: "1", "-1", "扣1分", "1分" all mean 1. Blank → None. Raises ValueProblem."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueProblem("deduction", value)
    if isinstance(value, int | float):
        if not math.isfinite(value):  # a NaN or infinite number cell (no spreadsheet writes
            raise ValueProblem("deduction", value)  # one, but a generated file can)
        return abs(float(value))
    if isinstance(value, str):
        match = _DEDUCTION.fullmatch(_number_text(value))
        if match:
            points = float(match.group(1))
            if math.isfinite(points):  # 400 digits read as infinity
                return points
    raise ValueProblem("deduction", value)


def parse_score(value: object) -> float | None:
    """Points kept on an item (得分): "2", "2分", 1.5. Blank → None. Raises ValueProblem."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueProblem("score", value)
    if isinstance(value, int | float):
        if value < 0 or not math.isfinite(value):
            raise ValueProblem("score", value)
        return float(value)
    if isinstance(value, str):
        match = _SCORE.fullmatch(_number_text(value))
        if match:
            points = float(match.group(1))
            if math.isfinite(points):
                return points
    raise ValueProblem("score", value)


MAX_COUNT: Final = 10_000
"""The most violations one row may count: more is a typo (or a hostile file), and points × a
count of 400 digits is no number at all."""


def parse_count(value: object) -> int | None:
    """How many times (次数): a whole number ≥ 1, "2", "2次". Blank → None. Raises ValueProblem."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueProblem("count", value)
    number: float | None = None
    if isinstance(value, int) and value > MAX_COUNT:  # (float() of a huge int overflows)
        raise ValueProblem("count_too_large", value, str(MAX_COUNT))
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        match = _COUNT.fullmatch(_number_text(value))
        number = float(match.group(1)) if match else None
    if number is not None and number > MAX_COUNT:  # (400 digits read as infinity)
        raise ValueProblem("count_too_large", value, str(MAX_COUNT))
    if number is None or not number.is_integer() or number < 1:  # (NaN included)
        raise ValueProblem("count", value)
    return int(number)


# --- dates --------------------------------------------------------------------------------------

_DATE = re.compile(
    r"(\d{4})\s*(?:(?P<sep>[-/.])\s*(\d{1,2})\s*(?P=sep)\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?)"
    r"(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serial day numbers 1990-01-01 … 2100-12-31: a date cell that lost its number format.
_SERIAL_RANGE = (32874, 73415)

DATE_FORMS: Final = ("2026-10-08", "2026/10/8", "2026.10.08", "2026年10月8日")

DATE_YEARS: Final = (2000, 2099)
"""The years a date svccheck reads may fall in — in a sheet (a check's date, a finding's due
or fix date, a staff list's day) and in a date option (--date, --from, --to, --period,
--week). A service check dated outside them is a typo (9999-12-31, 0001-01-01, 1026, 3026)
or a date cell that lost its value; accepted, it would date a check to another century,
overflow the due date computed from it (date + fix_days: 9999-12-31 has no day after) or
the period before it (0001-01 has no month before), and keep an action overdue by 739,942
days. One window for every date, so that whatever a sheet may hold a report may ask for."""

DATE_WINDOW: Final = f"{DATE_YEARS[0]}–{DATE_YEARS[1]}"
"""The window as messages show it."""


def in_date_years(year: int) -> bool:
    """Does `year` fall in the years svccheck reads (DATE_YEARS)?"""
    return DATE_YEARS[0] <= year <= DATE_YEARS[1]


def _plausible(day: dt.date, value: object) -> dt.date:
    """`day` if it falls in DATE_YEARS, else ValueProblem('date_out_of_range'): the one
    check every date read from a cell passes (`detail`: the day as read, for a number or
    a datetime cell whose text is not the date)."""
    if in_date_years(day.year):
        return day
    raise ValueProblem("date_out_of_range", value, day.isoformat())


def _make_date(year: str, month: str, day: str, value: object) -> dt.date:
    try:
        made = dt.date(int(year), int(month), int(day))
    except ValueError as error:
        raise ValueProblem("impossible_date", value) from error
    return _plausible(made, value)


def parse_date(value: object) -> dt.date | None:
    """A date cell, or 2026-10-08, 2026/10/8, 2026.10.08, 2026年10月8日 (also 20261008).

    Blank → None. Raises ValueProblem('impossible_date') for a date that does not exist
    (2026-02-30), ValueProblem('date_out_of_range') for one outside DATE_YEARS (9999-12-31,
    a date cell holding 0001-01-01) and ValueProblem('date') for anything else.
    """
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return _plausible(value.date(), value)
    if isinstance(value, dt.date):
        return _plausible(value, value)
    if isinstance(value, bool):
        raise ValueProblem("date", value)
    if isinstance(value, int | float):
        if float(value).is_integer():
            number = int(value)
            if 19000101 <= number <= 21001231:
                text = str(number)
                return _make_date(text[:4], text[4:6], text[6:], value)
            if _SERIAL_RANGE[0] <= number <= _SERIAL_RANGE[1]:
                return _plausible(_EXCEL_EPOCH + dt.timedelta(days=number), value)
        raise ValueProblem("date", value)
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().casefold()
        match = _DATE.fullmatch(text)
        if match:
            year, m1, d1, m2, d2 = match.group(1, 3, 4, 5, 6)
            return _make_date(year, m1 or m2, d1 or d2, value)
        match = _COMPACT_DATE.fullmatch(text)
        if match:
            year, month, day = match.groups()
            return _make_date(year, month, day, value)
    raise ValueProblem("date", value)


# --- the fix of a finding (整改情况及复查日期) ----------------------------------------------------

_DATE_IN_TEXT = re.compile(
    r"(\d{4})\s*(?:(?P<sep>[-/.])\s*(\d{1,2})\s*(?P=sep)\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?)"
)
_MONTH_DAY_IN_TEXT = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")


class FixText(NamedTuple):
    """A fix cell's text that needs the finding's date to be read: it names a day of the
    month ("10月20日已复查": the year is left to the finding's date), or no day at all ("整改中":
    the finding is not closed). `dated`: the latest full date it also names, if any."""

    text: str
    month: int = 0  # 0: no day of the month named
    day: int = 0
    dated: dt.date | None = None

    def on_or_after(self, found: dt.date) -> dt.date | None:
        """The latest day the text names: a day of the month in the first year that puts it
        on or after `found` (a finding of 28 December fixed on "1月3日" was fixed the next
        January), or a full date; None when it names none."""
        days = [] if self.dated is None else [self.dated]
        if self.month:
            for year in (found.year, found.year + 1):
                try:
                    day = dt.date(year, self.month, self.day)
                except ValueError:
                    break
                if day >= found:
                    days.append(day)
                    break
        return max(days, default=None)


def parse_fix(value: object) -> dt.date | FixText | None:
    """A 整改情况及复查日期 / fixed cell: a date cell, or text naming dates ("已整改 2026-10-20",
    "2026-10-08发现，2026-10-12复查") → the latest of them (the re-check closes a finding);
    text naming a day of the month ("10月20日已复查") or no day at all ("整改中") → FixText.
    Blank → None. Raises ValueProblem('impossible_date') for a date that does not exist and
    ValueProblem('date_out_of_range') for one outside DATE_YEARS."""
    if is_blank(value):
        return None
    if isinstance(value, dt.date | int | float) and not isinstance(value, bool):
        try:
            return parse_date(value)
        except ValueProblem as problem:
            if problem.code in ("impossible_date", "date_out_of_range"):
                raise
    text = cell_text(value)
    folded = unicodedata.normalize("NFKC", text)
    dated = [
        _make_date(m[1], m[3] or m[5], m[4] or m[6], value) for m in _DATE_IN_TEXT.finditer(folded)
    ]
    # the days of the month named outside those full dates (2026年10月20日 holds "10月20日")
    rest = _DATE_IN_TEXT.sub(" ", folded)
    days = [
        (int(m[1]), int(m[2]))
        for m in _MONTH_DAY_IN_TEXT.finditer(rest)
        if 1 <= int(m[1]) <= 12 and 1 <= int(m[2]) <= 31
    ]
    latest = max(dated, default=None)
    if not days:
        return latest if latest is not None else FixText(text)
    month, day = days[-1]
    return FixText(text, month, day, latest)


# --- kinds of check -----------------------------------------------------------------------------

_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "self_check": ("自查", "自检", "晨会自查", "self_check", "self-check", "self check", "self"),
    "peer_check": ("互查", "互检", "晨会互查", "peer_check", "peer-check", "peer check", "peer"),
    "inspection": (
        "检查",
        "现场",
        "现场检查",
        "视频",
        "视频调阅",
        "视频检查",
        "暗访",
        "检查组",
        "inspection",
        "on-site",
        "onsite",
        "on site",
        "video",
        "video review",
        "mystery shop",
        "mystery shopping",
    ),
}
KINDS: Final[Mapping[str, str]] = {
    normalise(word): kind for kind, words in _KIND_WORDS.items() for word in words
}
"""Every accepted word for the kind of check (normalised) → self_check | peer_check | inspection."""


def parse_kind(value: object) -> str | None:
    """检查方式: 自查 → self_check, 互查 → peer_check, 检查/现场/视频调阅/暗访 → inspection.

    Blank → None. Raises ValueProblem('kind').
    """
    if is_blank(value):
        return None
    if isinstance(value, str):
        kind = KINDS.get(normalise(value))
        if kind is not None:
            return kind
    raise ValueProblem("kind", value)
