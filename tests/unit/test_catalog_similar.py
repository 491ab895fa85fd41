"""The near-duplicate measure behind the `near-duplicate-criteria` lint rule."""

from __future__ import annotations

from svccheck.catalog.similar import Criterion, Twins, near_duplicates


def test_same_words_in_one_role_are_twins_with_their_dice_coefficient() -> None:
    # "柜台整洁" vs "柜台整洁！": punctuation is dropped, so the bigrams are identical.
    found = near_duplicates(
        [Criterion("A-01", "teller", "柜台整洁"), Criterion("A-02", "teller", "柜台整洁！")]
    )
    assert found == [Twins("A-01", "A-02", 1.0)]


def test_dice_by_hand() -> None:
    # 甲乙丙丁 → {甲乙, 乙丙, 丙丁}; 甲乙丙戊 → {甲乙, 乙丙, 丙戊}: 2·2 / (3+3) = 0.667.
    pair = [Criterion("A-01", "teller", "甲乙丙丁"), Criterion("A-02", "teller", "甲乙丙戊")]
    assert [round(t.similarity, 3) for t in near_duplicates(pair)] == [0.667]
    assert near_duplicates(pair, threshold=0.7) == []


def test_two_peoples_roles_are_never_compared_but_a_zone_item_is_compared_with_all() -> None:
    text = "不与客户争吵，不使用服务禁语"
    people = [Criterion("T-01", "teller", text), Criterion("L-01", "lobby_manager", text)]
    assert near_duplicates(people) == []
    place = [Criterion("T-01", "teller", text), Criterion("W-01", "branch", text)]
    assert near_duplicates(place) == [Twins("T-01", "W-01", 1.0)]


def test_shared_stock_words_are_not_twins_and_empty_text_is_skipped() -> None:
    found = near_duplicates(
        [
            Criterion("A-01", "teller", "收付现金时向客户清晰报出金额"),
            Criterion("A-02", "teller", "请客户当面核对回单上的金额和账号"),
            Criterion("A-03", "teller", "，。"),
        ]
    )
    assert found == []
