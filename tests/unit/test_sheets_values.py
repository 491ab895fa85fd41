"""The single-value parsers: marks, deductions, scores, counts, dates and kinds of check."""

from __future__ import annotations

import datetime as dt

import pytest

from svccheck.model import cell_name, column_letter
from svccheck.sheets.values import (
    DATE_FORMS,
    DATE_YEARS,
    MARK_CHOICES,
    ValueProblem,
    cell_text,
    is_blank,
    normalise,
    parse_count,
    parse_date,
    parse_deduction,
    parse_fix,
    parse_kind,
    parse_mark,
    parse_score,
    split_mark,
)

# SPEC §4, word for word, plus what DOMAIN.md says people write (X, —, /).
PASS = ["√", "✓", "✔", "是", "合格", "达标", "Y", "yes", "pass", "ok", "1", "true", "OK", "Ｙ"]
PASS += ["v", "V", "ｖ", "对"]  # contract version 2
FAIL = ["×", "✗", "✘", "x", "X", "否", "不合格", "未达标", "N", "no", "fail", "0", "false"]
FAIL += ["错"]  # contract version 2
NA = ["N/A", "NA", "n/a", "不适用", "—", "/", "／"]


@pytest.mark.parametrize("mark", PASS)
def test_pass_marks(mark: str) -> None:
    assert parse_mark(mark) == "pass"
    assert parse_mark(f"  {mark} ") == "pass"


@pytest.mark.parametrize("mark", FAIL)
def test_fail_marks(mark: str) -> None:
    assert parse_mark(mark) == "fail"


@pytest.mark.parametrize("mark", NA)
def test_not_applicable_marks(mark: str) -> None:
    assert parse_mark(mark) == "na"


@pytest.mark.parametrize("blank", ["", "   ", "\u3000", None])
def test_a_blank_cell_is_not_checked_never_a_pass(blank: object) -> None:
    assert parse_mark(blank) == "unchecked"


def test_cell_types_calamine_returns() -> None:
    assert parse_mark(True) == "pass" and parse_mark(False) == "fail"
    assert parse_mark(1.0) == "pass" and parse_mark(0) == "fail"


@pytest.mark.parametrize("value", ["ok?", "√×", "2", 2.0, "pass!", dt.date(2026, 1, 1)])
def test_unknown_marks(value: object) -> None:
    with pytest.raises(ValueProblem) as raised:
        parse_mark(value)
    assert raised.value.code == "mark" and raised.value.value == value


def test_the_forms_dropdown_offers_marks_the_reader_knows() -> None:
    assert [parse_mark(m) for m in MARK_CHOICES] == ["pass", "fail", "na"]


@pytest.mark.parametrize(
    ("written", "points"),
    [
        ("1", 1.0),
        ("-1", 1.0),
        ("−1", 1.0),
        ("－1", 1.0),
        ("扣1分", 1.0),
        ("扣 1 分", 1.0),
        ("1分", 1.0),
        ("0.5分", 0.5),
        ("0.5", 0.5),
        ("扣0.5分", 0.5),
        (".5", 0.5),
        ("0", 0.0),
        (2, 2.0),
        (-0.5, 0.5),
        ("", None),
        (None, None),
    ],
)
def test_deductions_as_people_write_them(written: object, points: float | None) -> None:
    assert parse_deduction(written) == points


@pytest.mark.parametrize(
    "value", ["一分", "1-", "扣分", "abc", True, "1.2.3", float("nan"), float("inf"), "nan"]
)
def test_not_deductions(value: object) -> None:
    with pytest.raises(ValueProblem) as raised:
        parse_deduction(value)
    assert raised.value.code == "deduction"


@pytest.mark.parametrize(("written", "points"), [("2", 2.0), ("1.5分", 1.5), (3, 3.0), ("", None)])
def test_scores(written: object, points: float | None) -> None:
    assert parse_score(written) == points


@pytest.mark.parametrize("value", [-1, "-1", "x", False, float("nan"), float("inf")])
def test_not_scores(value: object) -> None:
    with pytest.raises(ValueProblem, match="score"):
        parse_score(value)


@pytest.mark.parametrize(
    ("written", "count"), [("2", 2), ("2次", 2), (3.0, 3), (1, 1), ("", None), ("３", 3)]
)
def test_counts(written: object, count: int | None) -> None:
    assert parse_count(written) == count


@pytest.mark.parametrize("value", [0, "0", 1.5, "-2", "两次", True])
def test_not_counts(value: object) -> None:
    with pytest.raises(ValueProblem, match="count"):
        parse_count(value)


OCT_8 = dt.date(2026, 10, 8)


@pytest.mark.parametrize(
    "written",
    [
        OCT_8,
        dt.datetime(2026, 10, 8, 0, 0),
        dt.datetime(2026, 10, 8, 14, 30),
        "2026-10-08",
        "2026/10/8",
        "2026.10.08",
        "2026.10.8",
        "2026年10月8日",
        "2026年10月8",
        "2026 年 10 月 8 日",
        "２０２６年１０月８日",
        "2026-10-08 00:00:00",
        "20261008",
        20261008,
        46303.0,  # the serial number of a date cell that lost its format
    ],
)
def test_dates_in_every_accepted_form(written: object) -> None:
    assert parse_date(written) == OCT_8


def test_every_date_form_the_messages_name_is_accepted() -> None:
    assert {parse_date(form) for form in DATE_FORMS} == {OCT_8}


@pytest.mark.parametrize("written", ["2026-02-30", "2026年2月29日", "2026.13.01", "20260230"])
def test_impossible_dates(written: str) -> None:
    with pytest.raises(ValueProblem) as raised:
        parse_date(written)
    assert raised.value.code == "impossible_date"


@pytest.mark.parametrize("written", ["next Tuesday", "10/8", "2026-10/08", "8.10.2026", 3.5, True])
def test_not_dates(written: object) -> None:
    with pytest.raises(ValueProblem) as raised:
        parse_date(written)
    assert raised.value.code == "date"


def test_blank_date() -> None:
    assert parse_date("") is None and parse_date(None) is None


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("自查", "self_check"),
        ("互查", "peer_check"),
        ("检查", "inspection"),
        ("现场", "inspection"),
        ("视频调阅", "inspection"),
        ("暗访", "inspection"),
        ("Self-check", "self_check"),
        ("peer check", "peer_check"),
        ("INSPECTION", "inspection"),
        ("", None),
    ],
)
def test_kinds_of_check(word: str, kind: str | None) -> None:
    assert parse_kind(word) == kind


def test_unknown_kind() -> None:
    with pytest.raises(ValueProblem, match="kind"):
        parse_kind("抽查了一下")


def test_small_helpers() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 51, 701, 702)] == [
        "A", "Z", "AA", "AZ", "ZZ", "AAA",
    ]  # fmt: skip
    assert (cell_name(0, 5), cell_name(16383, 12), cell_name(-1, 7)) == ("A5", "XFD12", "")
    assert normalise("  ＴＬＲ－01\u3000着装 ") == "tlr-01 着装"
    assert cell_text(2.0) == "2" and cell_text(0.5) == "0.5" and cell_text(OCT_8) == "2026-10-08"
    assert cell_text(dt.datetime(2026, 10, 8)) == "2026-10-08" and cell_text(None) == ""
    assert is_blank(" ") and is_blank(None) and not is_blank(0)


@pytest.mark.parametrize(
    ("written", "result", "note"),
    [
        ("× 柜面有杂物", "fail", "柜面有杂物"),
        ("×柜面有杂物", "fail", "柜面有杂物"),
        ("√（已整改）", "pass", "已整改"),
        ("不合格 未戴工牌", "fail", "未戴工牌"),
        ("否，迟到5分钟", "fail", "迟到5分钟"),
        ("不适用：无VIP区", "na", "无VIP区"),
        ("N/A（无此设备）", "na", "无此设备"),
        ("x 未戴", "fail", "未戴"),
        ("v 好", "pass", "好"),
        ("√", "pass", None),
        ("√√", "pass", None),
        ("——", "na", None),
        ("合格。", "pass", None),
        ("", "unchecked", None),
    ],
)
def test_a_mark_followed_by_a_note(written: str, result: str, note: str | None) -> None:
    assert split_mark(written) == (result, note)


@pytest.mark.parametrize(
    "value", ["合格率", "yesterday", "X-ray", "xyz", "1 次", "- 3", "√×", "√ ×", "ok?", "○", 2.0]
)
def test_text_that_only_begins_like_a_mark_is_no_mark(value: object) -> None:
    with pytest.raises(ValueProblem):
        split_mark(value)


@pytest.mark.parametrize(
    "written, read",
    [
        ("9999-12-31", "9999-12-31"),
        ("0001-01-01", "0001-01-01"),
        ("1999-12-31", "1999-12-31"),
        ("2100年1月1日", "2100-01-01"),
        (dt.date(9999, 12, 31), "9999-12-31"),  # a date cell holding serial 2958465
        (dt.datetime(1900, 2, 28), "1900-02-28"),  # serial 60, Excel's 1900-02-29
        (35000, "1995-10-28"),  # a serial of a date cell that lost its format
        (19991231, "1999-12-31"),
    ],
)
def test_dates_outside_the_years_read_are_refused(written: object, read: str) -> None:
    with pytest.raises(ValueProblem) as raised:
        parse_date(written)
    assert (raised.value.code, raised.value.detail) == ("date_out_of_range", read)


def test_the_first_and_last_days_of_the_years_read() -> None:
    first, last = DATE_YEARS
    assert parse_date(f"{first}-01-01") == dt.date(first, 1, 1)
    assert parse_date(dt.date(last, 12, 31)) == dt.date(last, 12, 31)


@pytest.mark.parametrize("written", ["已整改 9999-12-31", dt.date(1, 1, 1), 35000])
def test_a_fix_dated_outside_the_years_read_is_refused(written: object) -> None:
    with pytest.raises(ValueProblem) as raised:
        parse_fix(written)
    assert raised.value.code == "date_out_of_range"
