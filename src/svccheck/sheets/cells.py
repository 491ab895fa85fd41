"""What one cell of a data row means: footers, item references, marks (with a note after
them), a wide-form cell, a long row's outcome.

Each is parsed once per *distinct* raw value: `ParseCache` is a dict keyed by the raw value
that parses on a miss, so a sheet of a hundred thousand rows parses a few hundred values. The
row loops (rows.py) read these caches; the rules for one cell live here.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any, Final, NamedTuple

from svccheck.sheets.messages import Bad
from svccheck.sheets.values import (
    ValueProblem,
    normalise,
    parse_deduction,
    parse_mark,
    parse_name,
    parse_text,
    split_mark,
)

# How subtotal, note and signature lines start (a person's name never does).
_FOOTER_STARTS: Final = ("合计", "小计", "总计", "共计", "总分", "注:", "注 :", "说明:", "备注:",
                         "填表说明")  # fmt: skip


_FOOTER_LATIN: Final = re.compile(r"(?:sub)?total(?![a-z])|sum(?![a-z])|notes?:")


_FOOTER_WORDS: Final = ("签字", "签名", "签章", "盖章", "signature", "signed by")


# A footer starts with one of these (after full-width folding) or holds a signature word;
# checking that first spares normalising every name a sheet holds.
_FOOTER_FIRST: Final = frozenset("合小总共注说备填tsnTSNｔｓｎＴＳＮ")


_FOOTER_HINTS: Final = re.compile("签|盖|sign", re.IGNORECASE)


def is_footer(value: object) -> bool:
    """A subtotal line (合计/小计/总计), a note (注：…) or a signature line (签字/签名)."""
    if not isinstance(value, str):
        return False
    if value.lstrip()[:1] not in _FOOTER_FIRST and _FOOTER_HINTS.search(value) is None:
        return False
    text = normalise(value)
    return (
        text == "注"
        or text.startswith(_FOOTER_STARTS)
        or _FOOTER_LATIN.match(text) is not None
        or any(word in text for word in _FOOTER_WORDS)
    )


class RowProblem(NamedTuple):
    """Why a row cannot be used: the bad value, its column and the field it was read for."""

    bad: Bad
    col: int  # -1: the value was given for the whole sheet (above the header, or metadata)
    field: str


class ItemRef(NamedTuple):
    """An item as a row needs it: its id, default role and full points (max_points, else points)."""

    id: str
    role: str
    full: float


class Ambiguous(NamedTuple):
    """An item title several items on the checklist share: the row's role must decide."""

    refs: tuple[ItemRef, ...]


class _Footer:
    """Marks a subject cell that is really a subtotal or footer line."""


FOOTER: Final = _Footer()


class ParseCache(dict[Any, Any]):
    """raw cell value → parsed value (or Bad); parsing happens once per distinct raw value."""

    __slots__ = ("parse",)

    def __init__(self, parse: Callable[[Any], object]) -> None:
        super().__init__()
        self.parse = parse

    def __missing__(self, key: object) -> object:
        try:
            value = self.parse(key)
        except ValueProblem as problem:
            value = Bad(problem.code, key, problem.detail)
        self[key] = value
        return value


def text_cell(value: object) -> str | None:
    """A free-text cell (a note, a scope) as stored: stripped and interned. Raises
    ValueProblem for a control character (values.parse_text)."""
    text = parse_text(value)
    return sys.intern(text) if text else None


def name_cell(value: object) -> str | None:
    """A name, branch, employee id or checker as stored: stripped, without zero-width
    characters, and interned (one string object per distinct name). Raises ValueProblem for
    a control character or a name too long to be one (values.parse_name)."""
    text = parse_name(value)
    return sys.intern(text) if text else None


def subject_cell(value: object) -> object:
    if is_footer(value):
        return FOOTER
    return name_cell(value)


class NotedMark(str):
    """A result read from a mark with a note after it ("× 柜面有杂物"): equal to the plain
    result, with the note beside it. The fast loops hand such a row to the general path,
    which gives the note to the observation."""

    note: str


class NotedCell(NamedTuple):
    """A wide-form cell holding a mark and a note. Three fields, so that the fast loop's
    two-way unpacking fails on it (as on a Bad) and the general path reads it."""

    result: str
    deduction: float | None
    note: str


def read_mark(value: object) -> str:
    """A result cell: a mark, or a mark followed by a note (a NotedMark)."""
    try:
        return parse_mark(value)
    except ValueProblem:
        result, note = split_mark(value)
        if not note:
            return result
        noted = NotedMark(result)
        noted.note = note
        return noted


def wide_cell(value: object) -> tuple[str, float | None] | NotedCell:
    """A wide-form cell: a mark, points off written in it ("扣1分", "-0.5"), or a mark with a
    note after it ("× 柜面有杂物")."""
    try:
        return parse_mark(value), None
    except ValueProblem:
        if isinstance(value, str):
            text = normalise(value)
            if text[:1] in ("扣", "-", "−", "减") or text.endswith("分"):
                try:
                    points = parse_deduction(value)
                except ValueProblem:
                    pass
                else:
                    if points is not None:
                        return ("fail" if points > 0 else "pass"), points
        result, note = split_mark(value)  # else: ValueProblem, the mark's message
        return NotedCell(result, None, note) if note else (result, None)


def with_note(cell_note: str | None, row_note: str | None) -> str | None:
    """An observation's note: what was written after its mark, then the row's own note."""
    if cell_note and row_note:
        return f"{cell_note}; {row_note}"
    return cell_note or row_note


def long_outcome(
    result: Any,
    deduction: Any,
    score: Any,
    count: Any,
    ref: ItemRef,
    register: bool,
    cols: tuple[int, int, int, int],
    base: float,
) -> tuple[str, float | None, int, int] | RowProblem:
    """(result, deduction, count, column of the deciding cell or -1) — or the row's problem.
    `base`: the checklist's base, more than one row may deduct (see `excessive`)."""
    cr, cd, cs, cc = cols
    for value, col, name in (
        (result, cr, "result"),
        (deduction, cd, "deduction"),
        (score, cs, "score"),
        (count, cc, "count"),
    ):
        if value.__class__ is Bad:
            return RowProblem(value, col, name)
    if deduction is not None:
        too_much = excessive(deduction, base)
        if too_much is not None:
            return RowProblem(too_much, cd, "deduction")
    marked = result is not None and result != "unchecked"
    col = cr if marked else cd if deduction is not None else cs if score is not None else -1
    if score is not None:
        if score > ref.full:
            return RowProblem(Bad("score_above_max", score, points_shown(ref.full)), cs, "score")
        if deduction is None:
            deduction = ref.full - score  # 得分 is what is kept: the rest was deducted
    if not marked:
        if deduction is not None:
            result = "fail" if deduction > 0 else "pass"
        elif register:
            result = "fail"  # a register row is a finding; its points come from the standard
        else:
            result = "unchecked"
    elif deduction is not None and (result == "na" or (result == "pass") == (deduction > 0)):
        return RowProblem(Bad("conflict", result, points_shown(deduction)), cr, "result")
    return result, deduction, count or 1, col


def excessive(deduction: float, base: float) -> Bad | None:
    """A deduction written on one row that is more than a whole check holds: above the
    checklist's base. (Above the item's cap, max_points, it is capped when scored — SPEC §5 —
    not refused.) None when it is within."""
    if deduction > base:
        return Bad("deduction_above_base", deduction, points_shown(base))
    return None


def points_shown(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
