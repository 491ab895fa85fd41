"""Golden sheets for every layout the reader supports, read into observations.

Each test writes a real workbook (or csv) the way people's files look — merged titles, a
branch/date block above the header, blank spacer rows, subtotal and footer rows, unknown
columns, formulas with saved values — reads it, and checks the observations cell by cell, the
layout understood, and that every row is accounted for.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sheets_support import (
    Sheet,
    metadata_rows,
    mini,  # noqa: F401 — fixture
    outcomes,
    reconcile,
    write_csv,
    write_openpyxl,
    write_xlsxwriter,
)

from svccheck.errors import ConfigError
from svccheck.model import Library, Observation
from svccheck.sheets import ReadResult, read_sheets

OCT_8 = dt.date(2026, 10, 8)
OCT_9 = dt.date(2026, 10, 9)
BRANCH = "东环支行"

MORNING = [
    ["综合柜员晨会自查表", None, None, None, None, None, None, None, None],
    ["网点：东环支行    日期：2026年10月8日", None, None, None, None, None, None, "主持人：王五"],
    [],
    ["序号", "姓名", "工号", "岗位", "TLR-01 着装规范", "唱收唱付",
     "Never sign for a customer", "扣分合计", "签字"],
    [1, "张三", "10001", "综合柜员", "√", "×", "✓", 1, None],
    [2, "李四", 10002, None, "是", None, "不适用", 0, None],
    [],
    [3, "王五", None, "Teller", "X", "合格", "否", 6, None],
    ["合计", None, None, None, None, None, None, 7, None],
    ["注：√为合格，×为不合格，不适用填“—”"],
    ["主持人签字：", None, None, "检查人签字："],
]  # fmt: skip


def read(library: Library, *paths: Path, **options: object) -> ReadResult:
    result = read_sheets(list(paths), library, **options)  # type: ignore[arg-type]
    reconcile(result)
    return result


def test_wide_morning_sheet_with_title_block_spacers_subtotal_and_footer(
    mini: Library,  # noqa: F811
    tmp_path: Path,
) -> None:
    path = write_openpyxl(tmp_path / "晨会.xlsx", Sheet("10月8日", MORNING, merges=["A1:I1"]))
    result = read(mini, path)
    assert outcomes(result) == [
        (5, "E5", "张三", "TLR-01", "pass", None, "2026-10-08"),
        (5, "F5", "张三", "TLR-02", "fail", None, "2026-10-08"),
        (5, "G5", "张三", "TLR-03", "pass", None, "2026-10-08"),
        (6, "E6", "李四", "TLR-01", "pass", None, "2026-10-08"),
        (6, "F6", "李四", "TLR-02", "unchecked", None, "2026-10-08"),
        (6, "G6", "李四", "TLR-03", "na", None, "2026-10-08"),
        (8, "E8", "王五", "TLR-01", "fail", None, "2026-10-08"),
        (8, "F8", "王五", "TLR-02", "pass", None, "2026-10-08"),
        (8, "G8", "王五", "TLR-03", "fail", None, "2026-10-08"),
    ]
    first = result.observations[0]
    assert first == Observation(
        date=OCT_8, branch=BRANCH, subject="张三", item="TLR-01", result="pass",
        checklist="morning-teller", kind="self_check", role="teller", employee_id="10001",
        file=str(path), sheet="10月8日", row=5, column=4, employee="张三",
    )  # fmt: skip
    assert result.observations[3].employee_id == "10002"  # a number cell, read as text
    (layout,) = result.layouts
    assert (layout.form, layout.header_row, layout.checklist) == ("wide", 4, "morning-teller")
    assert layout.checklist_from == "inferred"
    assert layout.columns == {
        "B": "employee", "C": "employee_id", "D": "role", "E": "TLR-01", "F": "TLR-02",
        "G": "TLR-03",
    }  # fmt: skip
    assert layout.ignored == ("序号", "扣分合计", "签字")
    assert layout.sheet_values == {"branch": "东环支行 (A2)", "date": "2026-10-08 (A2)"}
    # rows 1 and 2 (title, block), 7 (spacer), 9 (合计), 10 (注), 11 (签字) are skipped
    assert (layout.rows, layout.accepted, layout.rejected, layout.skipped) == (3, 3, 0, 6)
    assert result.inputs[0].skipped == 6 and not result.rejected and not result.warnings


def test_wide_sheet_with_date_and_branch_columns(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    rows = [
        ["Date", "Branch", "Employee", "Role", "tlr-01", "Announce amounts", "TLR-03"],
        ["2026/10/8", "东环支行", "Zhang San", "teller", "ok", "N", "n/a"],
        [OCT_9, "西城支行", "Li Si", "综合柜员", "yes", "no", ""],
    ]
    path = write_xlsxwriter(tmp_path / "en.xlsx", Sheet("Morning", rows))
    result = read(mini, path, checklist="peer-teller")
    assert [(o.date, o.branch, o.subject, o.item, o.result) for o in result.observations] == [
        (OCT_8, "东环支行", "Zhang San", "TLR-01", "pass"),
        (OCT_8, "东环支行", "Zhang San", "TLR-02", "fail"),
        (OCT_8, "东环支行", "Zhang San", "TLR-03", "na"),
        (OCT_9, "西城支行", "Li Si", "TLR-01", "pass"),
        (OCT_9, "西城支行", "Li Si", "TLR-02", "fail"),
        (OCT_9, "西城支行", "Li Si", "TLR-03", "unchecked"),
    ]
    assert {(o.checklist, o.kind) for o in result.observations} == {("peer-teller", "peer_check")}
    assert result.layouts[0].checklist_from == "argument"


def test_block_with_labels_and_values_in_adjacent_cells(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    rows = [
        ["大堂经理晨会自查表"],
        ["网点", "南湖支行", "日期", OCT_9],
        ["姓名", "LBM-01", "LBM-02 主动迎候"],
        ["赵六", "√", "×"],
    ]
    path = write_xlsxwriter(tmp_path / "lobby.xlsx", Sheet("晨会", rows))
    result = read(mini, path)
    assert [
        (o.date, o.branch, o.subject, o.item, o.result, o.role) for o in result.observations
    ] == [
        (OCT_9, "南湖支行", "赵六", "LBM-01", "pass", "lobby_manager"),
        (OCT_9, "南湖支行", "赵六", "LBM-02", "fail", "lobby_manager"),
    ]
    assert result.layouts[0].sheet_values == {"branch": "南湖支行 (B2)", "date": "2026-10-09 (D2)"}


def test_header_not_in_column_a(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    rows = [["网点：东环支行", None, "日期：2026.10.08"], [], ["姓名", "TLR-01", "TLR-02"],
            ["张三", "√", "×"]]  # fmt: skip
    for writer in (write_openpyxl, write_xlsxwriter):
        path = writer(tmp_path / f"{writer.__name__}.xlsx", Sheet("S", rows, start="C3"))
        result = read(mini, path, checklist="morning-teller")
        assert [(o.row, o.cell, o.result) for o in result.observations] == [
            (6, "D6", "pass"),
            (6, "E6", "fail"),
        ]
        assert result.layouts[0].columns == {"C": "employee", "D": "TLR-01", "E": "TLR-02"}
        assert result.layouts[0].header_row == 5


def test_metadata_fixes_the_checklist_and_gives_branch_and_date(
    mini: Library,  # noqa: F811
    tmp_path: Path,
) -> None:
    rows = [
        ["综合柜员晨会自查表"],
        ["姓名", "TLR-01 着装规范", "TLR-02 唱收唱付"],
        ["张三", "√", "×"],
    ]
    meta = metadata_rows(mini, "peer-teller", branch="北苑支行", date="2026-10-08")
    path = write_xlsxwriter(
        tmp_path / "form.xlsx", Sheet("晨会", rows), Sheet("_svccheck", meta, hidden=True)
    )
    result = read(mini, path, checklist="morning-teller")
    assert {(o.checklist, o.kind, o.branch, o.date) for o in result.observations} == {
        ("peer-teller", "peer_check", "北苑支行", OCT_8)
    }
    (layout,) = result.layouts
    assert layout.checklist_from == "metadata"
    assert layout.sheet_values == {
        "branch": "北苑支行 (_svccheck!B6)",
        "date": "2026-10-08 (_svccheck!B7)",
    }
    assert result.warnings == (
        f"{path} › 晨会: this form was printed for checklist peer-teller (its hidden metadata "
        "says so); --checklist morning-teller is not applied to it",
    )
    assert result.skipped_sheets == ()  # the metadata sheet is svccheck's own: not a word


def test_a_form_from_an_older_library_is_read_with_a_warning_naming_the_changes(
    mini: Library,  # noqa: F811
    tmp_path: Path,
) -> None:
    meta = metadata_rows(mini, "morning-teller", branch=BRANCH, date="2026-10-08")
    meta[2][1] = "0000000000000000"  # the checklist's hash when the form was printed
    meta = [row for row in meta if row[0] != "item:TLR-03"]  # TLR-03 was added since
    meta = [r if r[0] != "item:TLR-02" else ["item:TLR-02", "aaaaaaaaaaaa"] for r in meta]
    meta.append(["item:TLR-09", "bbbbbbbbbbbb"])  # TLR-09 was removed since
    rows = [["姓名", "TLR-01", "TLR-02"], ["张三", "√", "√"]]
    path = write_xlsxwriter(tmp_path / "old.xlsx", Sheet("晨会", rows), Sheet("_svccheck", meta))
    for lang, expected in (
        ("en", "this form was printed from an older library (standards 2026.1); checklist "
               "morning-teller has changed since — changed: TLR-02; added: TLR-03; removed: "
               "TLR-09; it is scored against the current library"),
        ("zh", "此表按旧版标准（2026.1）生成，清单 morning-teller 此后有变化：已修改：TLR-02；"
               "新增：TLR-03；已删除：TLR-09；按当前标准计分"),
    ):  # fmt: skip
        result = read(mini, path, lang=lang)
        colon = "：" if lang == "zh" else ": "
        assert result.warnings == (f"{path} › 晨会{colon}{expected}",)
        assert result.layouts[0].warnings == (expected,)
        assert len(result.observations) == 2


def test_inspection_register_lists_findings_only(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    rows = [
        ["营业网点服务检查登记簿（2026年10月）"],
        ["网点：东环支行", None, None, None, "检查组：第一组"],
        ["序号", "检查日期", "时段", "检查方式", "被检查人", "检查项目", "问题描述", "扣分",
         "整改要求", "检查人", "备注"],
        [1, OCT_9, "上午", "现场", "张三", "TLR-01", "未佩戴工号牌", "扣0.5分", "立即整改",
         "赵", None],
        [2, "2026年10月9日", "下午", "视频调阅", None, "ENT-01 门前整洁", "门前有杂物", "-1",
         None, "赵", "已整改"],
        [3, "2026.10.10", "上午", "暗访", "李四", "TLR-03", "代客签名", None, None, "钱",
         "一票否决"],
        [None, None, None, None, None, None, None, None, None, None, None],
        ["合计", None, None, None, None, None, None, 1.5],
        ["检查组长签字："],
    ]  # fmt: skip
    path = write_openpyxl(tmp_path / "register.xlsx", Sheet("登记簿", rows, merges=["A1:K1"]))
    result = read(mini, path)
    assert [
        (o.row, o.cell, o.date, o.subject, o.employee, o.item, o.result, o.deduction, o.kind,
         o.role, o.note, o.checker)
        for o in result.observations
    ] == [
        (4, "H4", OCT_9, BRANCH, "张三", "TLR-01", "fail", 0.5, "inspection", "teller",
         "未佩戴工号牌", "赵"),
        (5, "H5", OCT_9, BRANCH, None, "ENT-01", "fail", 1.0, "inspection", "branch",
         "门前有杂物; 已整改", "赵"),
        (6, "F6", dt.date(2026, 10, 10), BRANCH, "李四", "TLR-03", "fail", None, "inspection",
         "teller", "代客签名; 一票否决", "钱"),
    ]  # fmt: skip
    (layout,) = result.layouts
    assert layout.checklist == "inspection-monthly" and layout.form == "long"
    assert (layout.rows, layout.accepted, layout.skipped) == (3, 3, 5)
    assert layout.ignored == ("序号", "时段", "整改要求")


def test_long_form_with_result_count_score_and_role(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    rows = [
        ["日期", "网点", "姓名", "岗位", "项目编号", "结果", "次数", "扣分", "得分", "检查方式"],
        ["2026-10-08", "东环支行", "张三", "综合柜员", "TLR-02", "×", "2次", None, None, "互查"],
        ["2026-10-08", "东环支行", "张三", "综合柜员", "TLR-01", "√", None, None, None, "互查"],
        ["2026-10-08", "东环支行", "李四", "大堂经理", "着装规范", None, None, "1分", None, "检查"],
        ["2026-10-08", "东环支行", "李四", None, "LBM-02", None, None, None, "0.5", "检查"],
        ["2026-10-08", "东环支行", "王五", None, "TLR-02", None, None, None, 1, "检查"],
        ["2026-10-08", "东环支行", "王五", None, "TLR-03", "不适用", None, None, None, "检查"],
        ["2026-10-08", "东环支行", "王五", None, "TLR-01", None, None, None, None, "检查"],
    ]  # fmt: skip
    path = write_openpyxl(tmp_path / "long.xlsx", Sheet("记录", rows))
    result = read(mini, path, checklist="inspection-monthly")
    assert [
        (o.row, o.cell, o.subject, o.employee, o.item, o.result, o.count, o.deduction, o.kind,
         o.role)
        for o in result.observations
    ] == [
        (2, "F2", BRANCH, "张三", "TLR-02", "fail", 2, None, "peer_check", "teller"),
        (3, "F3", BRANCH, "张三", "TLR-01", "pass", 1, None, "peer_check", "teller"),
        # 着装规范 is TLR-01 and LBM-01: the row's role says which
        (4, "H4", BRANCH, "李四", "LBM-01", "fail", 1, 1.0, "inspection", "lobby_manager"),
        (5, "I5", BRANCH, "李四", "LBM-02", "pass", 1, 0.0, "inspection", "lobby_manager"),
        # 得分 1 of TLR-02's max_points 3: 2 points deducted
        (6, "I6", BRANCH, "王五", "TLR-02", "fail", 1, 2.0, "inspection", "teller"),
        (7, "F7", BRANCH, "王五", "TLR-03", "na", 1, None, "inspection", "teller"),
        (8, "E8", BRANCH, "王五", "TLR-01", "unchecked", 1, None, "inspection", "teller"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", ","), ("gb18030", ","), ("utf-8", "\t"), ("gb18030", ";"),
     ("utf-16", "\t")],
)  # fmt: skip
def test_csv_encodings_and_delimiters(
    mini: Library,  # noqa: F811
    tmp_path: Path,
    encoding: str,
    delimiter: str,
) -> None:
    rows = [
        ["营业网点服务检查登记簿"],
        ["检查日期", "网点", "被检查人", "检查项目", "扣分", "问题描述"],
        ["2026/10/9", "东环支行", "张三", "TLR-01", "扣1分", "未佩戴工号牌，已提醒"],
        ["2026/10/9", "东环支行", None, "门前整洁", "0.5分", "门前有杂物"],
        ["合计", None, None, None, "1.5"],
    ]
    if delimiter == ",":
        rows[2][5] = '"未佩戴工号牌，已提醒; 见照片"'  # quoted, with the other delimiter in it
    path = write_csv(tmp_path / "register.csv", rows, encoding, delimiter)
    result = read(mini, path)
    assert [(o.row, o.cell, o.item, o.deduction, o.employee) for o in result.observations] == [
        (3, "E3", "TLR-01", 1.0, "张三"),
        (4, "E4", "ENT-01", 0.5, None),
    ]
    assert result.observations[0].sheet == "register"  # a csv file is one sheet named after it
    assert result.layouts[0].checklist == "inspection-monthly"
    assert result.inputs[0].skipped == 2


def test_formula_cells_are_read_by_their_saved_value(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    rows = [
        ["日期", "网点", "姓名", "TLR-01", "TLR-02", "TLR-03", "扣分合计"],
        [OCT_8, "东环支行", "张三", None, None, "√", None],
        [OCT_8, "东环支行", None, "√", "√", "√", None],
    ]
    formulas = {
        "D2": ('=IF(1=1,"√","×")', "√"),
        "E2": ('=IF(1=2,"√","×")', "×"),
        "G2": ('=COUNTIF(D2:F2,"×")', 1),
        "C3": ("=C2", "张三"),
    }
    path = write_xlsxwriter(tmp_path / "f.xlsx", Sheet("晨会", rows, formulas=formulas))
    result = read(mini, path, checklist="morning-teller")
    assert [(o.row, o.subject, o.item, o.result) for o in result.observations] == [
        (2, "张三", "TLR-01", "pass"),
        (2, "张三", "TLR-02", "fail"),
        (2, "张三", "TLR-03", "pass"),
        (3, "张三", "TLR-01", "pass"),
        (3, "张三", "TLR-02", "pass"),
        (3, "张三", "TLR-03", "pass"),
    ]


def test_every_recognised_sheet_is_read_and_the_others_listed(
    mini: Library,  # noqa: F811
    tmp_path: Path,
) -> None:
    week = [["网点：东环支行"], ["日期", "姓名", "TLR-01", "TLR-02"]]
    path = write_openpyxl(
        tmp_path / "weeks.xlsx",
        Sheet("填表说明", [["填表说明"], ["1. 每日晨会后填写"], ["序号", "内容"]]),
        Sheet("第1周", [*week, ["2026-10-05", "张三", "√", "√"]]),
        Sheet("第2周", [*week, ["2026-10-12", "张三", "×", "√"], ["2026-10-13", "张三", "√", ""]]),
        Sheet("空白", []),
        Sheet("旧表", [*week, ["2026-09-01", "张三", "√", "√"]], hidden=True),
    )
    result = read(mini, path, checklist="morning-teller")
    assert [layout.sheet for layout in result.layouts] == ["第1周", "第2周"]
    assert result.inputs[0].sheets == ("第1周", "第2周")
    assert [(s, r[:24]) for _, s, r in result.skipped_sheets] == [
        ("填表说明", "no recognisable header i"),
        ("空白", "empty sheet"),
        ("旧表", "hidden sheet"),
    ]
    assert result.skipped_sheets[0][2].endswith("found (row 3): 序号, 内容")
    assert len(result.observations) == 6


def test_folders_are_read_recursively_skipping_lock_and_hidden_files(
    mini: Library,  # noqa: F811
    tmp_path: Path,
) -> None:
    rows = [["日期", "网点", "姓名", "TLR-01"], ["2026-10-08", "东环支行", "张三", "√"]]
    (tmp_path / "10月" / "东环").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    other = [rows[0], ["2026-10-09", "东环支行", "张三", "√"]]  # (a copy would be read once)
    write_openpyxl(tmp_path / "10月" / "东环" / "a.xlsx", Sheet("S", rows))
    write_openpyxl(tmp_path / "10月" / "b.xlsm", Sheet("S", other))
    write_csv(tmp_path / "10月" / "c.csv", rows)
    (tmp_path / "10月" / "~$a.xlsx").write_bytes(b"lock")
    (tmp_path / "10月" / ".hidden.xlsx").write_bytes(b"junk")
    (tmp_path / ".git" / "d.xlsx").write_bytes(b"junk")
    (tmp_path / "10月" / "notes.txt").write_text("not a sheet")
    result = read(mini, tmp_path, checklist="morning-teller")
    assert [Path(s.file).relative_to(tmp_path).as_posix() for s in result.inputs] == [
        "10月/b.xlsm",
        "10月/c.csv",
        "10月/东环/a.xlsx",
    ]
    assert len(result.observations) == 3


def test_checklist_inferred_from_items_and_kind(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    header = ["日期", "网点", "姓名", "TLR-01", "TLR-02"]
    cases = {
        "综合柜员晨会互查表": "peer-teller",  # the title says which
        "综合柜员晨会自查表": "morning-teller",
    }
    for title, expected in cases.items():
        path = write_openpyxl(
            tmp_path / f"{expected}.xlsx",
            Sheet("S", [[title], header, ["2026-10-08", "东环支行", "张三", "√", "√"]]),
        )
        assert read(mini, path).layouts[0].checklist == expected
    with_kind = [
        ["日期", "网点", "姓名", "检查方式", "TLR-01"],
        ["2026-10-08", "东环支行", "张三", "互查", "√"],
    ]
    path = write_openpyxl(tmp_path / "kind.xlsx", Sheet("S", with_kind))
    assert read(mini, path).layouts[0].checklist == "peer-teller"
    checker = [
        ["日期", "网点", "姓名", "互查人", "TLR-01"],
        ["2026-10-08", "东环支行", "张三", "李四", "√"],
    ]
    path = write_openpyxl(tmp_path / "checker.xlsx", Sheet("S", checker))
    assert read(mini, path).layouts[0].checklist == "peer-teller"


def test_checklist_that_cannot_be_told(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    rows = [
        ["日期", "网点", "姓名", "TLR-01", "TLR-02"],
        ["2026-10-08", "东环支行", "张三", "√", "√"],
    ]
    path = write_openpyxl(tmp_path / "a.xlsx", Sheet("S", rows))
    with pytest.raises(ConfigError) as raised:
        read_sheets([path], mini)
    assert str(raised.value) == (
        f"{path} › S: cannot tell which checklist this sheet is for — its items fit 2 "
        "checklists: morning-teller (Teller morning self-check), peer-teller (Teller morning "
        "peer check). Name one with --checklist"
    )
    with pytest.raises(ConfigError) as raised:
        read_sheets([path], mini, lang="zh")
    assert str(raised.value) == (
        f"{path} › S：无法判断使用哪张检查表——表中项目同时属于 2 张检查表：morning-teller "
        "(综合柜员晨会自查表), peer-teller (综合柜员晨会互查表)。请用 --checklist 指定"
    )


def test_no_checklist_holds_the_items(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    # LBM-02 and TLR-01 are on no morning sheet together, but the register holds both.
    rows = [
        ["日期", "网点", "姓名", "LBM-02", "TLR-01"],
        ["2026-10-08", "东环支行", "张三", "√", "√"],
    ]
    path = write_openpyxl(tmp_path / "both.xlsx", Sheet("S", rows))
    assert read(mini, path).layouts[0].checklist == "inspection-monthly"
    rows = [
        ["日期", "网点", "姓名", "LBM-03", "TLR-01"],
        ["2026-10-08", "东环支行", "张三", "√", "√"],
    ]
    path = write_openpyxl(tmp_path / "none.xlsx", Sheet("S", rows))
    with pytest.raises(ConfigError) as raised:
        read_sheets([path], mini)
    assert str(raised.value) == (
        f"{path} › S: no checklist holds all the items of this sheet; closest: "
        "inspection-monthly lacks LBM-03; morning-teller lacks LBM-03; peer-teller lacks "
        "LBM-03. Name one with --checklist (items on no checklist: LBM-03)"
    )


def test_a_later_row_can_change_the_inferred_checklist(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    # The first rows fit morning-teller (自查); row 2,104 names an entrance item, which only the
    # inspection register holds: the whole sheet is read with it, not half with each.
    header = ["日期", "网点", "姓名", "检查方式", "检查项目", "结果"]
    rows = [header] + [["2026-10-08", "东环支行", f"员工{n}", "自查", "TLR-01", "√"]
                       for n in range(2100)]  # fmt: skip
    rows.append(["2026-10-08", "东环支行", "员工x", "自查", "ENT-02", "×"])
    path = write_xlsxwriter(tmp_path / "long.xlsx", Sheet("S", rows))
    result = read(mini, path)
    assert result.layouts[0].checklist == "inspection-monthly"
    assert len(result.observations) == 2101 and not result.rejected
    assert {o.checklist for o in result.observations} == {"inspection-monthly"}
    assert result.observations[-1][:5] == (OCT_8, BRANCH, BRANCH, "ENT-02", "fail")
    short = write_xlsxwriter(tmp_path / "short.xlsx", Sheet("S", rows[:50]))
    assert read(mini, short).layouts[0].checklist == "morning-teller"


def test_progress_is_reported_per_file(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    header = ["日期", "网点", "姓名", "TLR-01"]
    paths = [  # three sheets (three copies of one would be read once)
        write_csv(tmp_path / f"{n}.csv", [header, [f"2026-10-0{n + 1}", "东环支行", "张三", "√"]])
        for n in range(3)
    ]
    calls: list[tuple[int, int]] = []
    read_sheets(paths, mini, "morning-teller", progress=lambda d, t: calls.append((d, t)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_cells_merged_down_a_block_of_rows_belong_to_each_row(
    mini: Library,  # noqa: F811
    tmp_path: Path,
) -> None:
    rows = [
        ["检查日期", "网点", "被检查人", "检查项目", "扣分"],
        [OCT_9, "东环支行", "张三", "TLR-01", 0.5],
        [None, None, None, "TLR-02", 1],
        [None, "西城支行", "李四", "TLR-01", 0.5],
        ["合计", None, None, None, 2],
    ]
    merges = ["A2:A4", "B2:B3", "C2:C3", "A5:D5"]
    path = write_openpyxl(tmp_path / "merged.xlsx", Sheet("登记簿", rows, merges=merges))
    result = read(mini, path)
    assert [(o.row, o.date, o.branch, o.employee, o.item) for o in result.observations] == [
        (2, OCT_9, "东环支行", "张三", "TLR-01"),
        (3, OCT_9, "东环支行", "张三", "TLR-02"),
        (4, OCT_9, "西城支行", "李四", "TLR-01"),
    ]
    assert result.layouts[0].skipped == 1  # the merged 合计 row


def test_an_item_heading_two_columns_is_warned_about(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    # A user tidying the sheet merges two item headers: Excel keeps the left one's text, and
    # the merge spreads it over both columns — the marks under the second would silently
    # count for the first item. They are read as the sheet says, with a warning naming both.
    rows = [
        ["日期", "网点", "姓名", "TLR-01", "TLR-02"],
        ["2026-10-08", "东环支行", "张三", "√", "×"],
    ]
    path = write_openpyxl(tmp_path / "m.xlsx", Sheet("S", rows, merges=["D1:E1"]))
    result = read(mini, path, checklist="morning-teller")
    (layout,) = result.layouts
    assert any("TLR-01 heads columns D, E" in w for w in layout.warnings), layout.warnings
    assert {o.item for o in result.observations} == {"TLR-01"}
    clean = write_openpyxl(tmp_path / "c.xlsx", Sheet("S", rows))
    assert not read(mini, clean, checklist="morning-teller").layouts[0].warnings
