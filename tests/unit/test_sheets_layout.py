"""Finding the header row, mapping columns, and reading the block above the header."""

from __future__ import annotations

import pytest
from sheets_support import mini  # noqa: F401 — fixture

from svccheck.model import Library
from svccheck.sheets.items import ItemIndex
from svccheck.sheets.layout import (
    FIELD_HEADERS,
    find_header,
    header_keys,
    match_field,
    read_block,
)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("日期", "date"),
        ("检查日期", "date"),
        ("Date", "date"),
        ("DATE", "date"),
        ("网点", "branch"),
        ("机构", "branch"),
        ("支行", "branch"),
        ("姓名", "employee"),
        ("被检查人", "employee"),
        ("Employee", "employee"),
        ("employee_id", "employee_id"),
        ("Employee ID", "employee_id"),
        ("工号", "employee_id"),
        ("岗位", "role"),
        ("标准编号", "item"),
        ("项目编号", "item"),
        ("检查项目", "item"),
        ("检查结果", "result"),
        ("次数", "count"),
        ("扣分", "deduction"),
        ("得分", "score"),
        ("问题描述", "note"),
        ("备注", "note"),
        ("检查人", "checker"),
        ("检查方式", "kind"),
        # full-width punctuation and spaces, units, glosses, line breaks, required marks
        ("　日期　", "date"),
        ("扣分（分）", "deduction"),
        ("日期(Date)", "date"),
        ("姓名 Name", "employee"),
        ("日期\nDate", "date"),
        ("日期*", "date"),
        ("日期：", "date"),
    ],
)
def test_headers_in_zh_and_en(text: str, field: str) -> None:
    assert match_field(text) == field


@pytest.mark.parametrize("text", ["扣分合计", "签字", "序号", "时段", "整改要求", "区域/岗位", ""])
def test_other_columns_are_not_fields(text: str) -> None:
    assert match_field(text) is None


def test_every_spec_header_is_accepted() -> None:
    spec = {
        "date": ["date", "日期", "检查日期"],
        "branch": ["branch", "网点", "机构", "支行"],
        "employee": ["employee", "员工", "姓名", "被检查人"],
        "employee_id": ["employee_id", "工号"],
        "role": ["role", "岗位"],
        "item": ["item", "标准编号", "项目编号", "检查项目"],
        "result": ["result", "结果", "检查结果"],
        "count": ["count", "次数"],
        "deduction": ["deduction", "扣分"],
        "score": ["score", "得分"],
        "note": ["note", "备注", "问题描述"],
        "checker": ["checker", "检查人"],
        "kind": ["kind", "检查方式"],
    }
    for field, texts in spec.items():
        assert all(match_field(t) == field for t in texts), field
        assert set(texts) <= {k for t in FIELD_HEADERS[field] for k in header_keys(t)}


def test_item_columns_by_id_and_by_exact_title(mini: Library) -> None:  # noqa: F811
    index = ItemIndex(mini)
    assert index.lookup("TLR-02 唱收唱付").candidates == ("TLR-02",)
    assert index.lookup("tlr-02").candidates == ("TLR-02",)
    assert index.lookup("TLR-02唱收唱付").candidates == ("TLR-02",)
    assert index.lookup("唱收唱付").candidates == ("TLR-02",)
    assert index.lookup("Announce amounts").candidates == ("TLR-02",)
    assert set(index.lookup("着装规范").candidates) == {"TLR-01", "LBM-01"}
    assert index.lookup("TLR-99 新项目").unknown_id == "TLR-99"
    assert not index.lookup("唱收唱付一下")
    assert index.lookup("TLR-012").unknown_id == "TLR-012"  # id-shaped: an unknown item
    assert not index.lookup("TLR-0123")


def test_header_anywhere_in_the_first_30_rows(mini: Library) -> None:  # noqa: F811
    index = ItemIndex(mini)
    header = ["序号", "姓名", "岗位", "TLR-01 着装规范", "唱收唱付", "扣分合计", "签字"]
    for position in (1, 5, 30):
        head = [["综合柜员晨会自查表"]] + [[] for _ in range(position - 2)] + [header]
        head = head[-position:] if position == 1 else head
        found = find_header(head, index)
        assert found is not None and found.row == position and found.form == "wide"
        assert found.fields == {"employee": 1, "role": 2}
        assert [(c.index, c.match.candidates) for c in found.items] == [
            (3, ("TLR-01",)),
            (4, ("TLR-02",)),
        ]
        assert found.ignored == [(0, "序号"), (5, "扣分合计"), (6, "签字")]
    too_deep = [[] for _ in range(30)] + [header]
    assert find_header(too_deep, index) is None


def test_long_form_header(mini: Library) -> None:  # noqa: F811
    head = [
        ["营业网点服务检查登记簿"],
        ["序号", "检查日期", "时段", "检查方式", "区域/岗位", "被检查人", "问题描述", "扣分",
         "整改要求", "整改情况及复查日期", "检查人", "备注", "检查项目"],
    ]  # fmt: skip
    found = find_header(head, ItemIndex(mini))
    assert found is not None and found.form == "long" and found.row == 2
    assert found.fields == {
        "date": 1, "kind": 3, "employee": 5, "deduction": 7, "fixed": 9, "checker": 10,
        "item": 12,
    }  # fmt: skip
    assert found.notes == [6, 11]
    assert [text for _, text in found.ignored] == ["序号", "时段", "区域/岗位", "整改要求"]


def test_no_header_without_items_or_results(mini: Library) -> None:  # noqa: F811
    index = ItemIndex(mini)
    assert find_header([["序号", "考核内容", "分值", "扣分", "扣分原因"]], index) is None
    assert find_header([["检查项目", "备注"]], index) is None  # an item but no result
    assert find_header([["TLR-01"]], index) is None  # one lone item heading nothing else


def test_block_above_the_header() -> None:
    rows = [
        ["综合柜员晨会互查表", None, None],
        ["网点：东环支行    日期：2026年10月8日", None, "主持人：王五"],
        ["检查人", None, "赵六"],
        ["机构:", "西城支行"],
    ]
    block = read_block(rows)
    values = {name: (v.raw, v.cell) for name, v in block.values.items()}
    assert values == {
        "branch": ("东环支行", "A2"),
        "date": ("2026年10月8日", "A2"),
        "checker": ("赵六", "C3"),
    }  # the first branch wins: 机构 in row 4 is not read over it
    assert block.kind_hints == ["peer_check"]


def test_block_with_a_date_cell_beside_its_label() -> None:
    import datetime as dt

    block = read_block([["网点", "东环支行", "日期", dt.date(2026, 10, 8)]])
    assert block.values["branch"].raw == "东环支行" and block.values["branch"].cell == "B1"
    assert block.values["date"].raw == dt.date(2026, 10, 8) and block.values["date"].cell == "D1"


@pytest.mark.parametrize(
    ("text", "footer"),
    [
        ("合计", True), ("小计：", True), ("总计", True), ("Total", True), ("subtotal:", True),
        ("注：√为合格，×为不合格", True), ("注", True), ("Notes: see below", True),
        ("主持人签字：", True), ("检查人签名", True),
        ("张三", False), ("Sumner", False), ("Totally Li", False), ("注意事项多", False),
    ],
)  # fmt: skip
def test_subtotal_note_and_signature_lines(text: str, footer: bool) -> None:
    from svccheck.sheets.cells import is_footer

    assert is_footer(text) is footer
