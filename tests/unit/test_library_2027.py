"""The bundled library 2027.1 is one an inspection group could adopt unchanged (issue 11):
every red line of DOMAIN.md is an item, morning sheets fit a meeting, every item has its 分值,
every serious one its source, and the same marks mean the same share on every sheet."""

from __future__ import annotations

from collections import Counter

import pytest

from cli_support import REPO
from svccheck.catalog.validate import check_library
from svccheck.model import Library

# The red lines a real inspection group uses (../shared/DOMAIN.md, 一票否决) → the items that
# implement each, one per role that can commit it.
RED_LINES = {
    "signing or keying a PIN for a customer": ("TLR-28", "LBM-31", "ACM-20", "SEC-14"),
    "refusing cash": ("TLR-29",),
    "fees outside the published price list": ("TLR-30",),
    "sales without 双录 (outside the recorded sales area)": ("ACM-16", "LBM-32"),
    "sales without risk assessment": ("ACM-14",),
    "sales outside suitability": ("ACM-15",),
    "promising returns": ("ACM-18",),
    "selling products not approved by the bank (飞单)": ("ACM-19",),
    "insurance or wealth products passed off as deposits (存单变保单)": ("ACM-35", "TLR-37"),
    "a counterfeit handed back or confiscated outside the rules (假币收缴)": ("TLR-38",),
    "leaking or selling client data": ("TLR-39", "ACM-36"),
    "taking gifts or charging private fees": ("TLR-40", "LBM-36", "ACM-37"),
    "obstructing a complaint": ("LBM-35",),
    "blocked fire exits": ("LBY-15",),
    "a substantiated complaint reported by the regulator or the media": ("BRH-15",),
    "arguing with or pushing a customer": ("TLR-36", "LBM-34", "ACM-34", "SEC-13"),
}
BANNED_PHRASES = ("TLR-22", "LBM-24", "ACM-06", "SEC-12")  # rude words: major, not red lines
REGISTER = "inspection-monthly"


def test_the_library_is_version_2027_1_and_validates_strictly() -> None:
    checked = check_library(REPO / "standards", REPO / "checklists")
    # no finding at all: no error, and no warning (a near-duplicate pair would be one)
    assert checked.findings == (), checked.findings


def test_every_standard_is_2027_1(library: Library) -> None:
    assert {s.version for s in library.standards.values()} == {"2027.1"}
    assert library.taxonomy.version == "2027.1"


@pytest.mark.parametrize("red_line", sorted(RED_LINES))
def test_each_red_line_is_a_critical_item_on_the_register(library: Library, red_line: str) -> None:
    register = set(library.checklists[REGISTER].items)
    for item_id in RED_LINES[red_line]:
        item = library.items[item_id]
        assert item.severity == "critical", item_id
        assert item_id in register, item_id  # found by inspections …
        assert "daily" not in item.cadence, item_id  # … not by a colleague at the meeting
        assert item.refs, item_id  # and the rule it comes from is named


def test_the_red_lines_are_exactly_those_of_domain(library: Library) -> None:
    criticals = {i.id for i in library.items.values() if i.severity == "critical"}
    assert criticals == {i for items in RED_LINES.values() for i in items}


def test_banned_phrases_are_major_and_name_every_phrase(library: Library) -> None:
    for item_id in BANNED_PHRASES:
        item = library.items[item_id]
        assert item.severity == "major", item_id
        assert "不知道" in item.criterion.zh, item_id
        assert "don't know" in item.criterion.get("en").lower().replace("’", "'"), item_id


def test_every_item_has_its_points_value_and_every_serious_one_its_source(
    library: Library,
) -> None:
    assert [i.id for i in library.items.values() if i.max_points is None] == []
    serious = [i for i in library.items.values() if i.severity != "minor"]
    assert [i.id for i in serious if not i.refs] == []


def test_sizes_at_least_the_seeds(library: Library) -> None:
    roles = Counter(i.role for i in library.items.values())
    assert roles["teller"] >= 21
    assert roles["lobby_manager"] >= 26
    assert roles["account_manager"] >= 28
    assert roles["security_guard"] + roles["cleaner"] + roles["other_staff"] >= 18
    assert roles["branch_head"] >= 10
    assert roles["branch"] >= 30  # the three zones
    zones = {library.items[i].standard for i in library.items if library.items[i].role == "branch"}
    assert zones == {"entrance_zone", "lobby_zone", "work_zone"}


def test_morning_sheets_fit_a_meeting(library: Library) -> None:
    for checklist in library.checklists.values():
        size = len(checklist.items)
        if checklist.kind == "self_check":
            assert size <= (25 if checklist.subject == "branch" else 20), (checklist.id, size)
        elif checklist.kind == "peer_check":
            assert size <= 12, (checklist.id, size)


def test_no_veto_zero_on_self_or_peer_checks_and_one_set_of_marks(library: Library) -> None:
    for checklist in library.checklists.values():
        scoring = checklist.scoring
        if checklist.kind != "inspection":
            assert scoring.veto != "zero", checklist.id
        assert (scoring.model, scoring.base, scoring.pass_mark, scoring.star_mark) == (
            "rate", 100, 90, 98,
        ), checklist.id  # fmt: skip


def test_every_role_has_a_morning_sheet_and_the_staff_a_peer_check(library: Library) -> None:
    ids = set(library.checklists)
    for role in ("teller", "lobby-manager", "account-manager", "security-guard", "cleaner",
                 "other-staff"):  # fmt: skip
        assert {f"morning-{role}", f"peer-{role}"} <= ids, role
    assert "morning-branch-head" in ids and "morning-environment" in ids


def test_weekly_items_are_the_branch_heads_video_review(library: Library) -> None:
    weekly = {i.id for i in library.items.values() if "weekly" in i.cadence}
    assert weekly == set(library.checklists["weekly-video-review"].items)
    for item_id in weekly:
        item = library.items[item_id]
        assert "video" in item.method and item.role != "branch", item_id


def test_one_fact_one_item_the_reviews_doubles_are_gone(library: Library) -> None:
    """The 2026.1 review found one fact deducted two or three times; the second homes are gone
    (and their ids are never reused)."""
    gone = ("WRK-01", "WRK-06", "WRK-12", "WRK-13", "LBM-21", "LBM-25", "LBM-28", "LBM-33",
            "ENT-13", "LBY-14", "OTH-05", "OTH-14", "OTH-15", "OTH-16", "OTH-20", "OTH-22",
            "OTH-23", "TLR-14", "TLR-18")  # fmt: skip
    assert [i for i in gone if i in library.items] == []
    kept = ("TLR-16", "TLR-24", "LBY-11", "LBY-12", "ENT-05", "ENT-08", "ENT-04", "ENT-10",
            "LBY-01", "ENT-12", "WRK-11", "LBM-32")  # fmt: skip
    assert [i for i in kept if i not in library.items] == []


def test_branch_outcomes_belong_to_the_branch_head(library: Library) -> None:
    owners = {i.id: i.role for i in library.items.values()}
    outcomes = [i for i in library.items.values() if i.role == "branch_head"]
    assert any("媒体" in i.criterion.zh for i in outcomes)
    assert any("驻点" in i.criterion.zh or "驻" in i.title.zh for i in outcomes)
    assert owners["BRH-15"] == "branch_head"
