"""A small hand-made library and observation builders for the scoring and reporting tests.

The library is built here (not the bundled one) so the hand-computed numbers in the tests
cannot drift when the bundled standards are edited:

teller (role teller)           TST-01 0.5 minor · TST-02 2 major · TST-03 0.5 cap 1.5 ·
                               TST-04 1 cap 3 · TST-05 5 critical
lobby (role lobby_manager)     LOB-01 1 minor · LOB-02 5 critical
environment (role branch)      ENV-01 1 cap 2 minor · ENV-02 5 critical · ENV-03 3 minor

checklists: morning (self_check, employee, teller items, base 100, pass 85, star 98, veto
zero) · peer (peer_check, the same items) · register (inspection, branch, all 10 items, veto
flag) · staff-register (inspection, employee, teller + lobby items, veto zero) · cbss
(self_check, branch, environment items, base 1000, pass 850, star 980, grades A ≥ 950,
B ≥ 850, C).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from svccheck.catalog.build import build_library, build_standard
from svccheck.catalog.library import load_library
from svccheck.model import Library, Observation

D1, D2, D3 = dt.date(2026, 10, 8), dt.date(2026, 10, 9), dt.date(2026, 10, 12)
MORNING, PEER, REGISTER, STAFF_REGISTER, CBSS = (
    "morning",
    "peer",
    "register",
    "staff-register",
    "cbss",
)


def _item(
    id_: str,
    points: float,
    severity: str,
    category: str,
    area: str,
    servqual: str,
    max_points: float | None = None,
    **extra: Any,
) -> dict[str, Any]:
    item = {
        "id": id_,
        "title": {"zh": f"{id_}标题", "en": f"{id_} title"},
        "criterion": {"zh": f"{id_}标准", "en": f"{id_} criterion"},
        "category": category,
        "area": area,
        "points": points,
        "severity": severity,
        "servqual": servqual,
        **extra,
    }
    if max_points is not None:
        item["max_points"] = max_points
    return item


STANDARDS = [
    {
        "standard": "teller",
        "title": "柜员",
        "version": "1",
        "role": "teller",
        "items": [
            _item("TST-01", 0.5, "minor", "appearance", "counter", "tangibles"),
            _item("TST-02", 2, "major", "discipline", "counter", "reliability"),
            _item("TST-03", 0.5, "minor", "etiquette", "counter", "empathy", 1.5),
            _item("TST-04", 1, "minor", "process", "counter", "reliability", 3),
            _item("TST-05", 5, "critical", "language", "counter", "assurance"),
        ],
    },
    {
        "standard": "lobby",
        "title": "大堂",
        "version": "1",
        "role": "lobby_manager",
        "items": [
            _item("LOB-01", 1, "minor", "etiquette", "lobby", "empathy"),
            _item("LOB-02", 5, "critical", "consumer_protection", "lobby", "assurance"),
        ],
    },
    {
        "standard": "environment",
        "title": "环境",
        "version": "1",
        "role": "branch",
        "items": [
            _item("ENV-01", 1, "minor", "environment", "entrance", "tangibles", 2),
            _item("ENV-02", 5, "critical", "facilities", "lobby", "assurance"),
            _item("ENV-03", 3, "minor", "facilities", "self_service", "reliability"),
        ],
    },
]
SCORING = {"base": 100, "pass_mark": 85, "star_mark": 98}
CHECKLISTS = [
    {
        "checklist": MORNING,
        "title": {"zh": "柜员晨会自查表", "en": "Teller morning check"},
        "kind": "self_check",
        "subject": "employee",
        "select": {"standards": ["teller"]},
        "scoring": {**SCORING, "veto": "zero"},
    },
    {
        "checklist": PEER,
        "title": {"zh": "柜员互查表", "en": "Teller peer check"},
        "kind": "peer_check",
        "subject": "employee",
        "select": {"standards": ["teller"]},
        "scoring": {**SCORING, "veto": "zero"},
    },
    {
        "checklist": REGISTER,
        "title": {"zh": "检查登记簿", "en": "Inspection register"},
        "kind": "inspection",
        "subject": "branch",
        "select": {},
        "scoring": {**SCORING, "veto": "flag"},
    },
    {
        "checklist": STAFF_REGISTER,
        "title": {"zh": "员工检查登记簿", "en": "Staff register"},
        "kind": "inspection",
        "subject": "employee",
        "select": {"standards": ["teller", "lobby"]},
        "scoring": {**SCORING, "veto": "zero"},
    },
    {
        "checklist": CBSS,
        "title": {"zh": "环境评分表", "en": "Environment score sheet"},
        "kind": "self_check",
        "subject": "branch",
        "select": {"standards": ["environment"]},
        "scoring": {
            "base": 1000,
            "pass_mark": 850,
            "star_mark": 980,
            "veto": "zero",
            "grades": [
                {"min": 950, "label": "A"},
                {"min": 850, "label": "B"},
                {"min": 0, "label": "C"},
            ],
        },
    },
]


def small_library() -> Library:
    taxonomy = load_library().taxonomy
    return build_library(
        taxonomy, [build_standard(doc) for doc in STANDARDS], [(doc, None) for doc in CHECKLISTS]
    )


def obs(
    item: str,
    result: str = "pass",
    *,
    date: dt.date = D1,
    branch: str = "东环支行",
    subject: str = "张三",
    checklist: str = MORNING,
    kind: str = "self_check",
    role: str | None = "teller",
    count: int = 1,
    deduction: float | None = None,
    note: str | None = None,
    employee: str | None = None,
    row: int = 5,
    column: int = 2,  # C
) -> Observation:
    return Observation(
        date,
        branch,
        subject,
        item,
        result,
        checklist,
        kind,
        role,
        None,
        count,
        deduction,
        note,
        None,
        "f.xlsx",
        "S",
        row,
        column,
        employee,
    )


def full_check(
    library: Library, fails: Iterable[str] = (), *, checklist: str = MORNING, **fields: Any
) -> list[Observation]:
    """Every item of `checklist` for one subject on one date: passed unless in `fails`."""
    failed = set(fails)
    return [
        obs(item, "fail" if item in failed else "pass", checklist=checklist, **fields)
        for item in library.checklists[checklist].items
    ]
