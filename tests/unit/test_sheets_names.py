"""Names, branches, ids and notes as the readers store them: zero-width characters dropped (no
invisible twin of a branch or a person), and a cell that cannot be stored — a control
character, a name longer than any name — rejecting its row by cell. Through both the fast and
the general path, on csv and on an xlsx holding Excel's `_x0000_` escape."""

from __future__ import annotations

from pathlib import Path

import pytest
from sheets_support import Sheet, fast, mini, read, with_nul, write_csv, write_openpyxl  # noqa: F401

from svccheck.model import Library
from svccheck.sheets.values import MAX_NAME_LENGTH, ValueProblem, parse_name, parse_text

BRANCH = "东环支行"
LONG = "东" * (MAX_NAME_LENGTH + 1)


@pytest.mark.parametrize(
    "written, stored",
    [
        ("东环支行\u200b", "东环支行"),
        ("\ufeff东环支行", "东环支行"),
        ("张\u200b三", "张三"),
        ("张\u200c\u200d\u2060三 ", "张三"),
        ("\u200b", None),
        ("  张三\u3000", "张三"),
        (10001, "10001"),
    ],
)
def test_names_lose_their_invisible_characters(written: object, stored: str | None) -> None:
    assert parse_name(written) == stored


@pytest.mark.parametrize("written", ["付\x00娜", "张\x01三", "东环\n支行", "T\x7f01", "a\x9bb"])
def test_a_name_with_a_control_character_is_refused(written: str) -> None:
    with pytest.raises(ValueProblem) as raised:
        parse_name(written)
    assert raised.value.code == "control_char"


def test_a_name_longer_than_any_name_is_refused() -> None:
    assert parse_name("东" * MAX_NAME_LENGTH) == "东" * MAX_NAME_LENGTH
    with pytest.raises(ValueProblem) as raised:
        parse_name(LONG)
    assert (raised.value.code, raised.value.detail) == ("too_long", str(MAX_NAME_LENGTH))


def test_a_note_keeps_its_control_characters_but_a_nul() -> None:
    """Only a NUL cannot be stored (PostgreSQL); the others are shown as escapes."""
    assert parse_text("已整改\n复查\t通过\x0c") == "已整改\n复查\t通过"
    assert parse_text("柜面\x1b[2J杂物") == "柜面\x1b[2J杂物"
    assert parse_text("x" * 10_000) == "x" * 10_000  # free text has no length limit
    with pytest.raises(ValueProblem) as raised:
        parse_text("柜面\x00有杂物")
    assert raised.value.code == "control_char"


LONG_ROWS = [
    ["日期", "网点", "姓名", "工号", "检查项目", "结果", "备注", "检查人"],
    ["2026-10-08", BRANCH, "张三", "10001", "TLR-01", "√", "", "李四"],
    ["2026-10-08", "东环支行\u200b", "张\u200b三", "10001", "TLR-02", "×", "", "李四"],
    ["2026-10-08", BRANCH, "王\x01五", "10003", "TLR-01", "√", "", "李四"],
    ["2026-10-08", BRANCH, "赵六", "10\x1b004", "TLR-01", "√", "", "李四"],
    ["2026-10-08", BRANCH, "赵六", "10004", "TLR-02", "√", "柜面\x07整洁", "李四"],
    ["2026-10-08", BRANCH, "赵六", "10004", "TLR-03", "√", "", "李\x02四"],
    ["2026-10-08", LONG, "赵六", "10004", "TLR-03", "√", "", "李四"],
    ["2026-10-08", BRANCH, "赵六", "10004", "TLR-03", "√", "复查\t通过", "李四"],
]


def test_a_long_sheet_stores_names_it_can_and_rejects_the_rest_by_cell(
    mini: Library,  # noqa: F811
    tmp_path: Path,
    fast: bool,  # noqa: F811
) -> None:
    result = read(mini, write_csv(tmp_path / "long.csv", LONG_ROWS), checklist="morning-teller")
    assert [(o.row, o.branch, o.subject, o.note) for o in result.observations] == [
        (2, BRANCH, "张三", None),
        (3, BRANCH, "张三", None),  # the same branch and person: no invisible twin
        (6, BRANCH, "赵六", "柜面\x07整洁"),  # a note keeps what was written
        (9, BRANCH, "赵六", "复查\t通过"),
    ]
    assert [(r.row, r.cell, r.reason) for r in result.rejected] == [
        (4, "C4", "'姓名' holds a control character: '王\\x01五' (delete it in the sheet)"),
        (5, "D5", "'工号' holds a control character: '10\\x1b004' (delete it in the sheet)"),
        (7, "H7", "'检查人' holds a control character: '李\\x02四' (delete it in the sheet)"),
        (
            8,
            "B8",
            f"text under '网点' is {MAX_NAME_LENGTH + 1} characters long, over "
            f"{MAX_NAME_LENGTH}: no name, branch or id is that long ('{'东' * 20}…')",
        ),
    ]


WIDE_ROWS = [
    ["综合柜员晨会自查表"],
    [f"网点：{BRANCH} 日期：2026年10月8日"],
    [],
    ["序号", "姓名", "工号", "岗位", "TLR-01 着装规范", "TLR-02 唱收唱付", "TLR-03", "备注"],
    [1, "张\u200b三", "10001", "综合柜员", "√", "√", "√", None],
    [2, "李四", "10\x01002", "综合柜员", "√", "√", "√", None],
    [3, "王五", "10003", "综合柜员", "√", "×", "√", "柜面\x1b杂物"],
    [4, LONG, "10004", "综合柜员", "√", "√", "√", None],
]


def test_a_wide_sheet_stores_names_it_can_and_rejects_the_rest_by_cell(
    mini: Library,  # noqa: F811
    tmp_path: Path,
    fast: bool,  # noqa: F811
) -> None:
    csv = write_csv(tmp_path / "晨会.csv", WIDE_ROWS)  # (a csv cannot hold a NUL)
    nul = [2, "赵NUL六", "10005", "综合柜员", "√", "√", "√"]
    nul_note = [3, "孙七", "10006", "综合柜员", "√", "√", "√", "柜面NUL杂物"]
    xlsx = with_nul(
        write_openpyxl(tmp_path / "晨会.xlsx", Sheet("10月8日", [*WIDE_ROWS[:5], nul, nul_note]))
    )
    result = read(mini, csv, xlsx)
    by_file = {p.name: [(o.row, o.subject) for o in result.observations if o.file == str(p)]
               for p in (csv, xlsx)}  # fmt: skip
    assert by_file == {
        "晨会.csv": [(5, "张三")] * 3 + [(7, "王五")] * 3,  # a note keeps its escape
        "晨会.xlsx": [(5, "张三")] * 3,
    }
    assert [(Path(r.file).name, r.row, r.cell, r.reason) for r in result.rejected] == [
        ("晨会.csv", 6, "C6", "'工号' holds a control character: '10\\x01002' (delete it in "
         "the sheet)"),
        ("晨会.csv", 8, "B8", f"text under '姓名' is {MAX_NAME_LENGTH + 1} characters long, "
         f"over {MAX_NAME_LENGTH}: no name, branch or id is that long ('{'东' * 20}…')"),
        ("晨会.xlsx", 6, "B6", "'姓名' holds a control character: '赵\\x00六' (delete it in "
         "the sheet)"),
        ("晨会.xlsx", 7, "H7", "'备注' holds a control character: '柜面\\x00杂物' (delete it in "
         "the sheet)"),
    ]  # fmt: skip
