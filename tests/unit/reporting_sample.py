"""A small scored report for the html and xlsx renderer tests, built by the real scorer.

Two checklists (a teller morning self-check and a findings-only inspection register) over two
branches, with the hostile text a sheet can carry: markup in a name, a formula in a note, an
at-sign in a branch. The figures below are hand-computed so the tests can look for them.

morning-teller (base 100, pass 85, star 98), 2026-10-08 and 2026-10-09:
- 张三 (东环支行): 10-08 fails TLR-11 (1 point) → 99; 10-09 all pass → 100; mean 99.5, star.
- <script>alert(1)</script> (东环支行): both days all pass → 100, star.
- =1+2 (@滨江支行): 10-08 fails TLR-22 (critical, veto zero) → 0; 10-09 fails TLR-03 (2) and
  TLR-14 (2) → 96; mean 48, remediation.
inspection-monthly (findings only, veto flag), 2026-10-15:
- 东环支行: ENT-04 "扣1分" → 99, star.  @滨江支行: LBY-15 (critical, 5) → 95, flagged, remediation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from svccheck.model import InputSummary, Library, Observation, Rejection
from svccheck.scoring import Report, score

DAY1, DAY2, INSPECTION = dt.date(2026, 10, 8), dt.date(2026, 10, 9), dt.date(2026, 10, 15)
HOSTILE_NAME = "<script>alert(1)</script>"
FORMULA_NAME = "=1+2"
AT_BRANCH = "@滨江支行"
FORMULA_NOTE = '=HYPERLINK("http://example.invalid","x")'


@dataclass(frozen=True)
class Options:
    """The two options the renderers read."""

    lang: str = "zh"
    top: int | None = None


def _morning(
    library: Library, date: dt.date, branch: str, who: str, fails: tuple[str, ...]
) -> list[Observation]:
    items = library.checklists["morning-teller"].items
    return [
        Observation(
            date,
            branch,
            who,
            item,
            "fail" if item in fails else "pass",
            "morning-teller",
            "self_check",
            role="teller",
            employee_id="0110001",
            note=FORMULA_NOTE if item in fails else None,
            file="morning.xlsx",
            sheet="柜员自查",
            row=5,
            column=5 + n,  # F, G, …
        )
        for n, item in enumerate(items)
    ]


def _finding(branch: str, item: str, deduction: float | None) -> Observation:
    return Observation(
        INSPECTION,
        branch,
        branch,
        item,
        "fail",
        "inspection-monthly",
        "inspection",
        deduction=deduction,
        note=FORMULA_NOTE,
        file="register.xlsx",
        sheet="10月",
        row=6,
        column=6,  # G
    )


def observations(library: Library) -> list[Observation]:
    rows = [
        *_morning(library, DAY1, "东环支行", "张三", ("TLR-11",)),
        *_morning(library, DAY2, "东环支行", "张三", ()),
        *_morning(library, DAY1, "东环支行", HOSTILE_NAME, ()),
        *_morning(library, DAY2, "东环支行", HOSTILE_NAME, ()),
        *_morning(library, DAY1, AT_BRANCH, FORMULA_NAME, ("TLR-22",)),
        *_morning(library, DAY2, AT_BRANCH, FORMULA_NAME, ("TLR-03", "TLR-14")),
        _finding("东环支行", "ENT-04", 1.0),
        _finding(AT_BRANCH, "LBY-15", None),
    ]
    return rows


def sample_report(library: Library) -> Report:
    inputs = (
        InputSummary("morning.xlsx", ("柜员自查",), 132, 132, 0),
        InputSummary("register.xlsx", ("10月",), 3, 2, 1, skipped=4),
    )
    rejected = (
        Rejection(
            "register.xlsx", "10月", 9, "G9", "unknown item 'LBY-31' <b>bold</b> =cmd|' /C calc'!A0"
        ),
    )
    return score(
        observations(library),
        library,
        inputs=inputs,
        rejected=rejected,
        warnings=("@SUM(A1) looks like a formula",),
    )


def one_section_report(library: Library) -> Report:
    rows = [o for o in observations(library) if o.checklist == "morning-teller"]
    return score(rows, library)
