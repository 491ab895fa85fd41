"""Bad input: every case gives a clear, located message, and a bad row never stops the others.

File-level problems (not a spreadsheet, password, truncated, zip bomb, empty) are recorded for
that file; InputError is raised only when nothing at all could be read. Row-level problems
reject that row with file, sheet, row, cell and reason; accepted + rejected = rows read.
"""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from sheets_support import (
    DATA,
    Sheet,
    mini,  # noqa: F401 — fixture
    reconcile,
    write_csv,
    write_openpyxl,
    write_xlsxwriter,
)

from svccheck.catalog.library import load_library
from svccheck.errors import ConfigError, InputError
from svccheck.model import Library, Rejection
from svccheck.sheets import ReadResult, read_sheets
from svccheck.sheets.rows import Caches
from svccheck.sheets.sniff import MAX_UNCOMPRESSED

GOOD = [["日期", "网点", "姓名", "TLR-01", "TLR-02"], ["2026-10-08", "东环支行", "张三", "√", "×"]]


def read(library: Library, *paths: Path, **options: object) -> ReadResult:
    result = read_sheets(list(paths), library, **options)  # type: ignore[arg-type]
    reconcile(result)
    return result


def good_file(tmp_path: Path) -> Path:
    return write_openpyxl(tmp_path / "good.xlsx", Sheet("S", GOOD))


def unreadable(library: Library, path: Path, tmp_path: Path, lang: str = "en") -> str:
    """The reason `path` could not be read — alone (InputError) and beside a good file."""
    with pytest.raises(InputError) as raised:
        read_sheets([path], library, "morning-teller", lang=lang)
    alone = str(raised.value)
    result = read(library, path, good_file(tmp_path), checklist="morning-teller", lang=lang)
    assert len(result.observations) == 2  # the good file is still read
    assert result.unread_files == (str(path),)
    ((file, sheet, reason),) = result.skipped_sheets
    assert (file, sheet) == (str(path), "")
    head = "nothing could be read:" if lang == "en" else "没有读到任何数据："
    colon = ": " if lang == "en" else "："
    assert alone == f"{head}\n  {path}{colon}{reason}"
    return reason


# --- files that are not spreadsheets at all -----------------------------------------------------


def test_a_pdf_renamed_xlsx(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "report.xlsx"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    assert unreadable(mini, path, tmp_path) == "not a spreadsheet (the file holds a PDF document)"
    assert unreadable(mini, path, tmp_path, "zh") == "不是电子表格（文件内容是PDF 文档）"


def test_binary_junk(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(bytes(range(256)) * 8)
    assert unreadable(mini, path, tmp_path) == (
        "not a spreadsheet (a binary file, neither xlsx nor csv)"
    )


def test_a_word_document_renamed_xlsx(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "memo.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    assert unreadable(mini, path, tmp_path) == (
        "not a spreadsheet (a zip archive without xl/workbook.xml)"
    )


def test_an_encrypted_workbook(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    path = shutil.copy(DATA / "invalid" / "encrypted.xlsx", tmp_path / "locked.xlsx")
    assert unreadable(mini, Path(path), tmp_path) == (
        "password-protected (encrypted) workbook: remove the password in Excel "
        "(File › Info › Protect Workbook) and save it again"
    )
    assert unreadable(mini, Path(path), tmp_path, "zh") == (
        "工作簿设有打开密码（已加密）：请在 Excel 中取消密码后另存，再读取"
    )


def test_a_truncated_workbook(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    whole = good_file(tmp_path).read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    assert unreadable(mini, path, tmp_path) == (
        "damaged or truncated workbook (not a complete xlsx/zip archive)"
    )


def test_a_zip_bomb_is_refused_before_it_is_opened(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    # A real workbook carrying a member that inflates past the cap (zeros compress ~1000:1).
    path = tmp_path / "bomb.xlsx"
    shutil.copy(good_file(tmp_path), path)
    chunk = bytes(1 << 20)
    with (
        zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("xl/media/image1.bin", "w", force_zip64=True) as member,
    ):
        for _ in range(MAX_UNCOMPRESSED // len(chunk) + 8):
            member.write(chunk)
    assert path.stat().st_size < 5 * 2**20
    size = (MAX_UNCOMPRESSED + 8 * 2**20) // 2**20
    assert unreadable(mini, path, tmp_path) == (
        f"uncompressed size {size} MB exceeds the 500 MB limit (a zip bomb?); not read"
    )


def test_empty_and_missing_files(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    assert unreadable(mini, empty, tmp_path) == "empty file"
    missing = tmp_path / "nowhere.xlsx"
    result = read(mini, missing, good_file(tmp_path), checklist="morning-teller")
    assert result.skipped_sheets == ((str(missing), "", "no such file or folder"),)
    pipe = tmp_path / "pipe.csv"  # there, but nothing to read a sheet from: said so, no hang
    os.mkfifo(pipe)
    result = read(mini, pipe, good_file(tmp_path), checklist="morning-teller")
    assert result.skipped_sheets == ((str(pipe), "", "not a regular file (a pipe or a device?)"),)
    folder = tmp_path / "nothing"
    folder.mkdir()
    (folder / "notes.txt").write_text("x")
    with pytest.raises(InputError) as raised:
        read_sheets([folder], mini)
    assert str(raised.value) == (
        f"nothing could be read:\n  {folder}: no .xlsx, .xlsm, .xls or .csv file in this folder"
    )


def test_text_in_an_unknown_encoding(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "latin.csv"
    path.write_bytes("日期".encode("utf-16-le") + b"\xff\xfe\xfd")  # not utf-8, not gb18030
    assert unreadable(mini, path, tmp_path) == (
        "not a spreadsheet (text that is neither UTF-8 nor GB18030, from line 1)"
    )


def test_a_workbook_with_no_recognisable_header(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    rows = [
        ["网点服务考核表"],
        ["序号", "考核内容", "分值", "扣分", "扣分原因"],
        [1, "着装", 1, 0.5, "x"],
    ]
    path = write_openpyxl(tmp_path / "cbss.xlsx", Sheet("考核", rows))
    with pytest.raises(InputError) as raised:
        read_sheets([path], mini)
    assert str(raised.value) == (
        f"nothing could be read:\n  {path} › 考核: no recognisable header in the first 30 rows: "
        "expected a long-form header (检查项目/item with 结果/result, 扣分/deduction or 得分/"
        "score, and 日期/date, 网点/branch, 姓名/employee…) or a wide-form header (姓名/"
        "employee… and columns headed by item ids such as 'TLR-01 着装规范'); found (row 2): "
        "序号, 考核内容, 分值, 扣分, 扣分原因"
    )
    with pytest.raises(InputError) as raised:
        read_sheets([path], mini, lang="zh")
    assert str(raised.value) == (
        f"没有读到任何数据：\n  {path} › 考核：前 30 行中没有可识别的表头：应为长表（检查项目 + "
        "结果、扣分或得分，另有 日期、网点、姓名 等）或宽表（姓名 等 + 以项目编号开头的列，如"
        "“TLR-01 着装规范”）；实际（第 2 行）：序号, 考核内容, 分值, 扣分, 扣分原因"
    )


def test_unknown_checklist(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    with pytest.raises(ConfigError) as raised:
        read_sheets([good_file(tmp_path)], mini, "morning-tellers")
    assert str(raised.value) == (
        "unknown checklist morning-tellers; known: inspection-monthly, morning-environment, "
        "morning-lobby, morning-teller, peer-teller"
    )


# --- rows that cannot be used -------------------------------------------------------------------

REGISTER_HEADER = ["检查日期", "网点", "被检查人", "岗位", "检查项目", "结果", "次数", "扣分",
                   "得分", "检查方式"]  # fmt: skip
MARK = (
    "unknown mark {v} under '结果': expected a pass mark (√ ✓ 是 合格 Y), a fail mark "
    "(× ✗ 否 不合格 N), not applicable (不适用 N/A —) or a blank cell (not checked)"
)


@pytest.mark.parametrize(
    ("row", "cell", "reason"),
    [
        (["2026-10-08", "东环支行", "张三", "", "TLR-99", "√"], "E3",
         "unknown item under '检查项目': 'TLR-99' (no item of the standards library has this id "
         "or exact title)"),
        (["2026-10-08", "东环支行", "张三", "", "微笑服务", "√"], "E3",
         "unknown item under '检查项目': '微笑服务' (no item of the standards library has this "
         "id or exact title)"),
        (["2026-10-08", "东环支行", "张三", "", "TLR-01", "ok?"], "F3", MARK.format(v="'ok?'")),
        (["2026-10-08", "东环支行", "张三", "", "TLR-01", 2], "F3", MARK.format(v="'2'")),
        (["2026-02-30", "东环支行", "张三", "", "TLR-01", "√"], "A3",
         "impossible date under '检查日期': '2026-02-30' (no such day)"),
        (["2026年13月1日", "东环支行", "张三", "", "TLR-01", "√"], "A3",
         "impossible date under '检查日期': '2026年13月1日' (no such day)"),
        (["下周二", "东环支行", "张三", "", "TLR-01", "√"], "A3",
         "not a date under '检查日期': '下周二' (expected a date cell or 2026-10-08, 2026/10/8, "
         "2026.10.08, 2026年10月8日)"),
        (["", "东环支行", "张三", "", "TLR-01", "√"], "A3", "missing date: '检查日期' is empty"),
        (["2026-10-08", "", "张三", "", "TLR-01", "√"], "B3", "missing branch: '网点' is empty"),
        (["2026-10-08", "东环支行", "张三", "", "", "√"], "E3",
         "missing item: '检查项目' is empty"),
        (["2026-10-08", "东环支行", "张三", "押运员", "TLR-01", "√"], "D3",
         "unknown role under '岗位': '押运员' (expected one of: 综合柜员 (teller), 大堂经理 "
         "(lobby_manager), 客户经理 (account_manager), 其他人员 (other_staff), 网点负责人 "
         "(branch_head), 安保人员 (security_guard), 保洁人员 (cleaner), 网点 (branch))"),
        (["2026-10-08", "东环支行", "张三", "", "TLR-01", "√", "两次"], "G3",
         "not a count under '次数': '两次' (expected a whole number of at least 1, such as 2 or "
         "2次)"),
        (["2026-10-08", "东环支行", "张三", "", "TLR-01", "", "", "一分"], "H3",
         "not a deduction under '扣分': '一分' (expected points such as 1, -1, 扣1分, 0.5分)"),
        (["2026-10-08", "东环支行", "张三", "", "TLR-02", "", "", "", "4"], "I3",
         "score 4 under '得分' is above the item's maximum of 3 points"),
        (["2026-10-08", "东环支行", "张三", "", "TLR-02", "√", "", "1"], "F3",
         "result 'pass' contradicts the deduction 1"),
        (["2026-10-08", "东环支行", "张三", "", "TLR-01", "√", None, None, None, "抽查"], "J3",
         "unknown kind of check under '检查方式': '抽查' (expected 自查, 互查 or "
         "检查/现场/视频调阅/暗访, or self-check, peer check, inspection)"),
        (["2026-10-08", "东环支行", "张三", "", "着装规范", "√"], "E3",
         "item title '着装规范' under '检查项目' fits several items (LBM-01, TLR-01): write "
         "the item id"),
    ],
)  # fmt: skip
def test_a_bad_row_is_rejected_and_the_others_read(
    mini: Library,  # noqa: F811
    tmp_path: Path,
    row: list[object],
    cell: str,
    reason: str,
) -> None:
    good = ["2026-10-08", "东环支行", "李四", "", "TLR-01", "√"]
    rows = [REGISTER_HEADER, good, row, good]
    path = write_openpyxl(tmp_path / "register.xlsx", Sheet("登记簿", rows))
    result = read(mini, path, checklist="inspection-monthly")
    assert result.rejected == (Rejection(str(path), "登记簿", 3, cell, reason),)
    assert [o.row for o in result.observations] == [2, 4]
    summary = result.inputs[0]
    assert (summary.rows, summary.accepted, summary.rejected) == (3, 2, 1)


def test_reasons_in_chinese(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    rows = [
        REGISTER_HEADER,
        ["2026-02-30", "东环支行", "张三", "", "TLR-01", "√"],
        ["2026-10-08", "东环支行", "张三", "", "TLR-01", "ok?"],
        ["2026-10-08", "东环支行", "张三", "", "TLR-99", "√"],
        ["2026-10-08", "", "张三", "", "TLR-01", "√"],
    ]
    path = write_openpyxl(tmp_path / "register.xlsx", Sheet("登记簿", rows))
    result = read(mini, path, checklist="inspection-monthly", lang="zh")
    assert [r.reason for r in result.rejected] == [
        "“检查日期”下的日期 '2026-02-30' 不存在",
        "“结果”下的标记 'ok?' 无法识别：应为合格（√ ✓ 是 合格 Y）、不合格（× ✗ 否 不合格 N）、"
        "不适用（不适用 N/A —），或留空（未检查）",
        "“检查项目”下的检查项目 'TLR-99' 不存在：标准库中没有此编号或标题的项目",
        "缺少网点：“网点”为空",
    ]


def test_item_not_on_the_checklist_named(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    rows = [REGISTER_HEADER, ["2026-10-08", "东环支行", "张三", "", "LBM-02", "√"]]
    path = write_openpyxl(tmp_path / "r.xlsx", Sheet("S", rows))
    result = read(mini, path, checklist="morning-teller")
    assert result.rejected == (
        Rejection(
            str(path),
            "S",
            2,
            "E2",
            "item LBM-02 under '检查项目' is not on checklist morning-teller",
        ),
    )


def test_row_with_no_subject(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    rows = [
        *GOOD,
        ["2026-10-08", "东环支行", None, "√", "√"],
        ["2026-10-08", "东环支行", "王五", "", ""],
    ]
    path = write_openpyxl(tmp_path / "w.xlsx", Sheet("晨会", rows))
    result = read(mini, path, checklist="morning-teller")
    assert result.rejected == (
        Rejection(
            str(path), "晨会", 3, "C3", "row with no subject: '姓名' (the employee) is empty"
        ),
    )
    assert [(o.row, o.subject, o.result) for o in result.observations] == [
        (2, "张三", "pass"),
        (2, "张三", "fail"),
    ]  # 王五's row has no mark at all: a roster line nobody filled in, skipped
    assert (result.inputs[0].rows, result.inputs[0].skipped) == (2, 1)
    zh = read(mini, path, checklist="morning-teller", lang="zh")
    assert zh.rejected[0].reason == "没有被检查人：“姓名”为空"


def test_wide_row_with_an_unknown_mark_is_rejected_whole(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    rows = [*GOOD, ["2026-10-08", "东环支行", "李四", "√", "??"]]
    path = write_openpyxl(tmp_path / "w.xlsx", Sheet("晨会", rows))
    result = read(mini, path, checklist="morning-teller")
    assert result.rejected == (
        Rejection(
            str(path), "晨会", 3, "E3",
            "unknown mark '??' under 'TLR-02': expected a pass mark (√ ✓ 是 合格 Y), a fail mark "
            "(× ✗ 否 不合格 N), not applicable (不适用 N/A —) or a blank cell (not checked)",
        ),
    )  # fmt: skip
    assert {o.row for o in result.observations} == {2}  # none of row 3, not even D3


def test_wide_column_headed_by_an_unknown_item(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    rows = [
        ["日期", "网点", "姓名", "TLR-01", "TLR-99 微笑服务"],
        ["2026-10-08", "东环支行", "张三", "√", None],
        ["2026-10-08", "东环支行", "李四", "√", "√"],
    ]
    path = write_openpyxl(tmp_path / "w.xlsx", Sheet("晨会", rows))
    result = read(mini, path, checklist="morning-teller")
    reason = (
        "unknown item 'TLR-99' in the column header 'TLR-99 微笑服务': no item of the standards "
        "library has this id, so a row with a mark under it cannot be scored"
    )
    assert result.rejected == (Rejection(str(path), "晨会", 3, "E3", reason),)
    assert [(o.row, o.item) for o in result.observations] == [(2, "TLR-01")]
    assert result.warnings == (f"{path} › 晨会: {reason}",)
    assert result.layouts[0].columns["E"] == "TLR-99"


def test_formula_with_no_saved_value(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    # openpyxl writes formulas without the value Excel would have saved with them.
    rows = [*GOOD, ["2026-10-08", "东环支行", None, "√", "√"]]
    path = write_openpyxl(tmp_path / "f.xlsx", Sheet("晨会", rows, formulas={"C3": ("=C2", "")}))
    result = read(mini, path, checklist="morning-teller")
    assert result.rejected == (
        Rejection(
            str(path), "晨会", 3, "C3",
            "the cell under '姓名' holds a formula with no saved value: open the file in Excel or "
            "LibreOffice and save it so the value is calculated",
        ),
    )  # fmt: skip
    register = [
        ["检查日期", "网点", "检查项目", "扣分"],
        ["2026-10-08", "东环支行", "ENT-01", None],
    ]
    path = write_openpyxl(
        tmp_path / "r.xlsx", Sheet("登记簿", register, formulas={"D2": ("=1/2", "")})
    )
    result = read(mini, path)
    ((rejection),) = result.rejected
    assert rejection.cell == "D2"
    assert rejection.reason.startswith("the cell under '扣分' holds a formula with no saved value")
    path = write_xlsxwriter(
        tmp_path / "ok.xlsx", Sheet("登记簿", register, formulas={"D2": ("=1/2", 0.5)})
    )
    assert [(o.result, o.deduction) for o in read(mini, path).observations] == [("fail", 0.5)]


def test_sheet_values_that_are_wrong_or_missing(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    rows = [["网点：东环支行    日期：2026年2月30日"], ["姓名", "TLR-01"], ["张三", "√"]]
    path = write_openpyxl(tmp_path / "w.xlsx", Sheet("晨会", rows))
    result = read(mini, path, checklist="morning-teller")
    assert result.rejected == (
        Rejection(
            str(path), "晨会", 3, "A1",
            "impossible date under 'A1 (above the header)': '2026年2月30日' (no such day)",
        ),
    )  # fmt: skip
    rows = [["姓名", "TLR-01"], ["张三", "√"]]
    path = write_csv(tmp_path / "nodate.csv", rows)
    result = read(mini, path, checklist="morning-teller")
    assert result.rejected == (
        Rejection(
            str(path), "nodate", 2, "",
            "missing date: no '日期/date' column, and none given above the header or in the "
            "form's metadata",
        ),
    )  # fmt: skip


def test_many_bad_rows_never_stop_the_good_ones(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    bad = ["2026-10-08", "东环支行", "张三", "", "TLR-01", "??"]
    good = ["2026-10-08", "东环支行", "张三", "", "TLR-01", "√"]
    rows = [REGISTER_HEADER] + [bad if n % 3 == 0 else good for n in range(300)]
    data = io.StringIO()
    path = write_csv(tmp_path / "mixed.csv", rows)
    result = read(mini, path, checklist="inspection-monthly")
    assert (len(result.observations), len(result.rejected)) == (200, 100)
    assert data.getvalue() == ""


def test_a_nan_number_cell_is_rejected_not_scored(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    # No spreadsheet writes NaN, but a generated workbook can (<v>NaN</v>): calamine reads it
    # as a float NaN, which would make every score it touches NaN.
    rows = [
        ["检查日期", "网点", "被检查人", "检查项目", "结果", "扣分"],
        ["2026-10-08", "东环支行", "张三", "TLR-01", "×", 1],
        ["2026-10-08", "东环支行", "李四", "TLR-02", "×", 7],
    ]
    made = write_openpyxl(tmp_path / "made.xlsx", Sheet("登记簿", rows))
    path = tmp_path / "nan.xlsx"
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert data.count(b"<v>7</v>") == 1
                data = data.replace(b"<v>7</v>", b"<v>NaN</v>")
            target.writestr(info, data)
    result = read(mini, path, checklist="inspection-monthly")
    assert [(o.subject, o.employee, o.deduction) for o in result.observations] == [
        ("东环支行", "张三", 1.0)
    ]
    assert result.rejected == (
        Rejection(
            str(path),
            "登记簿",
            3,
            "F3",
            "not a deduction under '扣分': 'nan' (expected points such as 1, -1, 扣1分, 0.5分)",
        ),
    )


def test_role_words_mean_the_roles_the_library_has(library: Library) -> None:
    """保安 / 保洁 are the 2027.1 jobs in the bundled library, and other_staff in a library
    before 2027.1 (which has no such roles): a v1 sheet keeps meaning what it meant."""
    old = Path(__file__).resolve().parents[1] / "data" / "library" / "2026.1"
    before = Caches(load_library(old / "standards", old / "checklists"))
    now = Caches(library)
    assert [before._role(w) for w in ("保安", "保洁员", "柜员")] == [
        "other_staff",
        "other_staff",
        "teller",
    ]
    assert [now._role(w) for w in ("保安", "保洁员", "网点主任")] == [
        "security_guard",
        "cleaner",
        "branch_head",
    ]


def test_a_very_long_cell_is_quoted_cut_with_its_length(mini: Library, tmp_path: Path) -> None:  # noqa: F811
    # the cell is named anyway: a 100,000-digit deduction quoted whole made each message 100 KB
    path = write_csv(
        tmp_path / "long.csv", [GOOD[0], ["2026-10-08", "东环支行", "张三", "1" * 100_000, "√"]]
    )
    (rejection,) = read(mini, path, checklist="morning-teller").rejected
    assert rejection.cell == "D2" and len(rejection.reason) < 400
    assert "'" + "1" * 60 + "'… (100,000 chars)" in rejection.reason
