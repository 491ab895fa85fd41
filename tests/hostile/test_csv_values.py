"""Hostile csv files and cell values, run through the real CLI: no traceback, no silent loss.

Every case is generated here, in the test's folder, and asserts the exact exit code and the
message a user sees. The csv cases: a cell or a line too big to parse, text that is not one
encoding (a damaged UTF-16 file, a GBK line in a UTF-8 file, a UTF-8 line in a GBK file), and
a stray quote that would read the lines below it as one cell — against the files people really
write (pure GBK, GB18030, UTF-16, UTF-8 with a BOM, a note written on several lines), which
read as before. The value cases: a formula mark with no saved value, and deductions that are
not finite or are larger than anything one row can lose.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from cli_support import CliResult, RunCli
from svccheck.model import Library
from svccheck.sheets import read_sheets

HEADER = "日期,网点,姓名,TLR-01,TLR-02"
PEOPLE = [f"2026-10-08,东环支行,员工{n},√,×" for n in range(10)]
NOTHING_READ = "svccheck: error: nothing could be read:\n  {file}: {reason}\n"
NOTHING_READ_ZH = "svccheck：错误：没有读到任何数据：\n  {file}：{reason}\n"


def write(folder: Path, name: str, lines: list[str], encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def read(run_cli: RunCli, name: str, *args: str, lang: str = "en") -> CliResult:
    return run_cli("read", name, "--checklist", "morning-teller", *args, lang=lang)


def refused(run_cli: RunCli, name: str, reason: str, lang: str = "en") -> None:
    """`read` and `score` both refuse the file with `reason`, exit 2, and print no traceback."""
    template = NOTHING_READ if lang == "en" else NOTHING_READ_ZH
    for command in ("read", "score"):
        result = run_cli(command, name, "--checklist", "morning-teller", lang=lang)
        assert result.code == 2, result
        assert result.stderr == template.format(file=name, reason=reason), result
        assert result.stdout == ""


def read_ok(run_cli: RunCli, name: str, rows: int) -> dict[str, object]:
    result = run_cli("read", name, "--checklist", "morning-teller", "--format", "json")
    assert result.code == 0, result
    report = json.loads(result.stdout)
    (summary,) = report["inputs"]
    assert (summary["rows"], summary["accepted"], summary["rejected"]) == (rows, rows, 0)
    return report  # type: ignore[no-any-return]


# --- 1. limits: a cell or a line too big ---------------------------------------------------------


def test_a_cell_over_128_kb_is_refused_naming_its_line(run_cli: RunCli, tmp_path: Path) -> None:
    write(tmp_path, "long.csv", [HEADER, PEOPLE[0], f"2026-10-08,东环支行,{'名' * 140_000},√,×"])
    refused(run_cli, "long.csv", "line 3 holds a cell of more than 131072 characters; not read")


def test_a_quoted_cell_over_128_kb_is_refused_naming_its_line(
    run_cli: RunCli, tmp_path: Path
) -> None:
    note = "杂物\n" * 50_000  # a quoted note of many lines, 150,000 characters in all
    write(tmp_path, "note.csv", [HEADER + ",备注", PEOPLE[0] + f',"{note}"', PEOPLE[1]])
    refused(run_cli, "note.csv", "line 43692 holds a cell of more than 131072 characters; not read")


def test_a_line_of_a_million_commas_is_refused_before_it_is_parsed(
    run_cli: RunCli, tmp_path: Path
) -> None:
    write(tmp_path, "commas.csv", [HEADER, *PEOPLE[:3], "," * 1_000_000])
    refused(
        run_cli,
        "commas.csv",
        "line 5 holds more than 16384 cells (Excel's limit is 16384 columns); not read",
    )
    refused(
        run_cli, "commas.csv", "第 5 行的单元格超过 16384 个（Excel 最多 16384 列），未读取", "zh"
    )


def test_a_wide_but_legal_line_still_reads(run_cli: RunCli, tmp_path: Path) -> None:
    # 16,000 columns, most of them empty: under both limits, read as before.
    pad = "," * 16_000
    write(tmp_path, "wide.csv", [HEADER + pad, *(p + pad for p in PEOPLE[:2])])
    read_ok(run_cli, "wide.csv", 2)


# --- 2. and 4. encodings --------------------------------------------------------------------------


def test_a_utf16_bom_followed_by_an_odd_byte(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "odd.csv").write_bytes(b"\xff\xfe\x00")
    refused(
        run_cli,
        "odd.csv",
        "line 1: damaged or cut-short UTF-16 text (the file starts with a UTF-16 byte-order mark)",
    )


def test_a_utf16_file_cut_short_in_its_third_line(run_cli: RunCli, tmp_path: Path) -> None:
    data = "\n".join([HEADER, *PEOPLE[:3]]).encode("utf-16")
    cut = len("\n".join([HEADER, PEOPLE[0], "2026"]).encode("utf-16")) + 1  # half a character
    (tmp_path / "cut.csv").write_bytes(data[:cut])
    refused(
        run_cli,
        "cut.csv",
        "line 3: damaged or cut-short UTF-16 text (the file starts with a UTF-16 byte-order mark)",
    )
    refused(
        run_cli,
        "cut.csv",
        "第 3 行：UTF-16 文本（文件以 UTF-16 字节序标记开头）已损坏或不完整",
        "zh",
    )


def test_one_gbk_line_in_a_utf8_file_is_refused_naming_it(run_cli: RunCli, tmp_path: Path) -> None:
    lines = [line.encode("utf-8") for line in [HEADER, *PEOPLE]]
    lines[6] = "2026-10-08,西城支行,王五,√,×".encode("gbk")
    (tmp_path / "mixed.csv").write_bytes(b"\n".join(lines) + b"\n")
    refused(
        run_cli,
        "mixed.csv",
        "mixed text encodings: line 1 is UTF-8 but line 7 is GB18030 (GBK); save the whole file "
        "again in one encoding (UTF-8)",
    )
    refused(
        run_cli,
        "mixed.csv",
        "文本编码不一致：第 1 行是 UTF-8，第 7 行却是 GB18030（GBK）；请将整个文件另存为同一种编码"
        "（UTF-8）后再读取",
        "zh",
    )


def test_a_gbk_line_in_a_file_with_a_utf8_bom(run_cli: RunCli, tmp_path: Path) -> None:
    # An ASCII header, then the BOM is the only sign of UTF-8: it is enough.
    lines = [
        b"\xef\xbb\xbfdate,branch,employee,TLR-01,TLR-02",
        "2026-10-08,西城支行,王五,√,×".encode("gbk"),
    ]
    (tmp_path / "bom.csv").write_bytes(b"\n".join(lines) + b"\n")
    refused(
        run_cli,
        "bom.csv",
        "mixed text encodings: line 1 is UTF-8 but line 2 is GB18030 (GBK); save the whole file "
        "again in one encoding (UTF-8)",
    )


def test_one_utf8_line_in_a_gbk_file_is_refused_naming_it(run_cli: RunCli, tmp_path: Path) -> None:
    lines = [line.encode("gbk") for line in [HEADER, *PEOPLE]]
    lines[9] = "2026-10-08,西城支行,王五,√,×".encode()
    (tmp_path / "mixed.csv").write_bytes(b"\n".join(lines) + b"\n")
    refused(
        run_cli,
        "mixed.csv",
        "mixed text encodings: line 1 is GB18030 (GBK) but line 10 is UTF-8; save the whole file "
        "again in one encoding (UTF-8)",
    )


def test_a_damaged_byte_in_a_gbk_file(run_cli: RunCli, tmp_path: Path) -> None:
    lines = [line.encode("gbk") for line in [HEADER, *PEOPLE]]
    lines[4] = lines[4].replace("员工".encode("gbk"), b"\xff\xff")
    (tmp_path / "damaged.csv").write_bytes(b"\n".join(lines) + b"\n")
    refused(
        run_cli,
        "damaged.csv",
        "mixed text encodings: line 1 is GB18030 (GBK) but line 5 is neither UTF-8 nor GB18030; "
        "save the whole file again in one encoding (UTF-8)",
    )


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-8-sig", "utf-8"])
def test_files_in_one_encoding_read_as_before(
    run_cli: RunCli, tmp_path: Path, encoding: str
) -> None:
    people = [*PEOPLE, "2026-10-08,东环支行,𠀀𠮷,√,×" if encoding != "gbk" else PEOPLE[0]]
    write(tmp_path, "one.csv", [HEADER, *people], encoding)
    read_ok(run_cli, "one.csv", 11)
    if encoding != "gbk":  # GB18030 and the Unicode encodings hold any character
        result = run_cli("score", "one.csv", "--checklist", "morning-teller", "--format", "json")
        assert result.code == 0, result
        assert "𠀀𠮷" in result.stdout


# --- 3. a stray quote: physical lines against rows -----------------------------------------------


def test_a_stray_quote_never_closed_is_refused_not_seven_rows_lost(
    run_cli: RunCli, tmp_path: Path
) -> None:
    lines = [HEADER, *PEOPLE]
    lines[3] = '2026-10-08,东环支行,"员工2,√,×'
    write(tmp_path, "stray.csv", lines)
    refused(
        run_cli,
        "stray.csv",
        "line 4: a cell opened by a quote there is never closed, so lines 4–11 (8 lines) would "
        "read as one cell: remove the stray quote or close it (a quote inside a cell is written "
        'twice: "")',
    )
    refused(
        run_cli,
        "stray.csv",
        "第 4 行：由引号开始的单元格直到文件末尾都没有结束，第 4–11 行（8 行）会被读成一个单元格："
        '请删去多余的引号或补上缺少的引号（单元格内的引号应写作两个：""）',
        "zh",
    )


def test_a_stray_quote_closed_by_another_mid_cell(run_cli: RunCli, tmp_path: Path) -> None:
    lines = [HEADER, *PEOPLE]
    lines[3] = '2026-10-08,东环支行,"员工2,√,×'
    lines[8] = '2026-10-08,东环支行,员"工7,√,×'
    write(tmp_path, "two.csv", lines)
    refused(
        run_cli,
        "two.csv",
        "line 4: a cell opened by a quote there is closed in the middle of a cell on line 9, so "
        "lines 4–9 (6 lines) would read as one cell: remove the stray quote or close it (a quote "
        'inside a cell is written twice: "")',
    )


def test_two_stray_quotes_that_look_well_formed(run_cli: RunCli, tmp_path: Path) -> None:
    # The second quote closes the first at the end of a line: well formed, and five rows gone.
    lines = [HEADER, *PEOPLE]
    lines[3] = '2026-10-08,东环支行,"员工2,√,×'
    lines[8] = '2026-10-08,东环支行,员工7,√,×"'
    write(tmp_path, "quiet.csv", lines)
    refused(
        run_cli,
        "quiet.csv",
        "line 4: a cell opened by a quote there holds lines that look like rows, so lines 4–9 "
        "(6 lines) would read as one cell: remove the stray quote or close it (a quote inside a "
        'cell is written twice: "")',
    )


def test_a_note_written_on_several_lines_still_reads(
    run_cli: RunCli, tmp_path: Path, library: Library
) -> None:
    # What Excel saves for a cell holding line breaks (Alt+Enter), commas and quotes.
    lines = [
        HEADER + ",备注",
        PEOPLE[0] + ',"柜面有杂物,\n已提醒\n""复查""合格"',
        PEOPLE[1] + ",",
        PEOPLE[2] + ',"一,二"',
    ]
    write(tmp_path, "notes.csv", lines)
    read_ok(run_cli, "notes.csv", 3)
    result = read_sheets([tmp_path / "notes.csv"], library, checklist="morning-teller")
    assert [o.note for o in result.observations if o.item == "TLR-01"] == [
        '柜面有杂物,\n已提醒\n"复查"合格',
        None,
        "一,二",
    ]


def test_rows_after_a_note_on_several_lines_keep_their_numbers(
    run_cli: RunCli, tmp_path: Path
) -> None:
    lines = [HEADER + ",备注", PEOPLE[0] + ',"第一行\n第二行"', "2026-10-08,东环支行,员工1,√,ok?"]
    write(tmp_path, "numbers.csv", lines)
    result = read(run_cli, "numbers.csv")
    assert result.code == 1, result
    assert "unknown mark 'ok?' under 'TLR-02'" in result.stdout


# --- 5. a formula mark with no saved value: rejected on every form --------------------------------

FORMULA = '=IF(TRUE,"√","×")'  # openpyxl saves no value: the cell reads as empty
FORMULA_REASON = (
    "the cell under '{where}' holds a formula with no saved value: open the file in Excel or "
    "LibreOffice and save it so the value is calculated"
)


def workbook(folder: Path, name: str, rows: list[list[object]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "S"
    for row in rows:
        sheet.append(row)
    book.save(folder / name)
    return folder / name


def rejections(result: CliResult) -> list[tuple[int, str, str]]:
    report = json.loads(result.stdout)
    return [(r["row"], r["cell"], r["reason"]) for r in report["rejected"]]


@pytest.mark.parametrize("people", [3, 400])  # a small sheet, and one read by the fast loop
def test_a_formula_mark_with_no_saved_value_on_a_morning_sheet(
    run_cli: RunCli, tmp_path: Path, people: int
) -> None:
    rows: list[list[object]] = [HEADER.split(",")]
    rows += [["2026-10-08", "东环支行", f"员工{n}", "√", "×"] for n in range(people)]
    rows[2][4] = FORMULA  # one mark of an otherwise marked row
    rows[3][3:] = [FORMULA, FORMULA]  # every mark of a row: no roster line either
    workbook(tmp_path, "morning.xlsx", rows)
    result = run_cli("read", "morning.xlsx", "--checklist", "morning-teller", "--format", "json")
    assert result.code == 1, result
    assert rejections(result) == [
        (3, "E3", FORMULA_REASON.format(where="TLR-02")),
        (4, "D4", FORMULA_REASON.format(where="TLR-01")),
    ]
    (summary,) = json.loads(result.stdout)["inputs"]
    assert (summary["rows"], summary["accepted"], summary["rejected"]) == (people, people - 2, 2)
    # the people of the rejected rows are neither checked nor on the roster without a check
    score = run_cli("score", "morning.xlsx", "--checklist", "morning-teller", "--format", "json")
    assert score.code == 0, score
    assert score.stderr.startswith(
        f"read 1 files, 1 sheets, {people} rows: {people - 2} scored, 2 rejected\n"
    )
    report = json.loads(score.stdout)
    assert report["roster_without_check"] == []
    assert '"subject": "员工1"' not in score.stdout and '"subject": "员工2"' not in score.stdout
    assert '"subject": "员工0"' in score.stdout


def test_a_formula_result_on_a_register_is_rejected_as_before(
    run_cli: RunCli, tmp_path: Path
) -> None:
    rows: list[list[object]] = [
        ["检查日期", "网点", "被检查人", "检查项目", "结果", "扣分"],
        ["2026-10-09", "东环支行", "张三", "TLR-01", FORMULA, None],
        ["2026-10-09", "东环支行", "李四", "TLR-02", None, FORMULA],
        ["2026-10-09", "东环支行", "王五", "TLR-03", "×", None],
    ]
    workbook(tmp_path, "register.xlsx", rows)
    args = ("--checklist", "inspection-monthly", "--format", "json")
    result = run_cli("read", "register.xlsx", *args)
    assert result.code == 1, result
    assert rejections(result) == [
        (2, "E2", FORMULA_REASON.format(where="结果")),
        (3, "F3", FORMULA_REASON.format(where="扣分")),
    ]


# --- 6. deductions no row can take off ------------------------------------------------------------


def test_huge_deductions_are_rejected_at_read_time_not_infinity_in_the_report(
    run_cli: RunCli, tmp_path: Path
) -> None:
    rows: list[list[object]] = [
        ["检查日期", "网点", "被检查人", "检查项目", "扣分"],
        ["2026-10-09", "东环支行", "张三", "TLR-01", 1.7e308],
        ["2026-10-09", "东环支行", "张三", "TLR-02", 1.7e308],
        ["2026-10-09", "东环支行", "张三", "TLR-03", 3],  # above its max 2: capped (SPEC §5)
        ["2026-10-09", "东环支行", "张三", "TLR-05", 100.5],  # above the base, 100
    ]
    workbook(tmp_path, "register.xlsx", rows)
    args = ("--checklist", "inspection-monthly", "--format", "json")
    result = run_cli("read", "register.xlsx", *args)
    assert result.code == 1, result
    above = (
        "deduction {v} under '扣分' is above the checklist's base of 100 points: more than one "
        "row can take off"
    )
    assert rejections(result) == [
        (2, "E2", above.format(v="1.7e+308")),
        (3, "E3", above.format(v="1.7e+308")),
        (5, "E5", above.format(v="100.5")),
    ]
    for fmt in ("json", "html"):
        score = run_cli("score", "register.xlsx", "--checklist", "inspection-monthly",
                        "--format", fmt)  # fmt: skip
        assert score.code == 0, score
        assert "Infinity" not in score.stdout and "inf" not in score.stdout.lower().split()
    report = json.loads(run_cli("score", "register.xlsx", *args).stdout)
    assert report["summary"]["checks"] == 1


def test_deductions_that_are_not_finite_numbers(run_cli: RunCli, tmp_path: Path) -> None:
    huge = "9" * 400  # float() of it is infinity
    lines = [
        "检查日期,网点,被检查人,检查项目,扣分,次数",
        f"2026-10-09,东环支行,张三,TLR-01,{huge},",
        "2026-10-09,东环支行,张三,TLR-02,nan,",
        "2026-10-09,东环支行,张三,TLR-03,inf,",
        f"2026-10-09,东环支行,张三,TLR-05,,{huge}",
        "2026-10-09,东环支行,张三,TLR-06,,10001",
        "2026-10-09,东环支行,张三,TLR-09,,3",
    ]
    write(tmp_path, "register.csv", lines)
    args = ("--checklist", "inspection-monthly", "--format", "json")
    result = run_cli("read", "register.csv", *args)
    assert result.code == 1, result
    not_a = "not a deduction under '扣分': {v} (expected points such as 1, -1, 扣1分, 0.5分)"
    assert rejections(result) == [
        (2, "E2", not_a.format(v=repr(huge[:60]) + "… (400 chars)")),  # quoted cut
        (3, "E3", not_a.format(v="'nan'")),
        (4, "E4", not_a.format(v="'inf'")),
        (5, "F5", f"count '{huge[:60]}'… (400 chars) under '次数' is over 10000: more "
                  "violations than one row can record"),
        (6, "F6", "count '10001' under '次数' is over 10000: more violations than one row can "
                  "record"),
    ]  # fmt: skip
    score = run_cli("score", "register.csv", *args)
    assert score.code == 0, score
    assert json.loads(score.stdout)["summary"]["checks"] == 1


def test_points_off_written_in_a_morning_cell_above_the_items_maximum(
    run_cli: RunCli, tmp_path: Path
) -> None:
    lines = [
        HEADER,
        PEOPLE[0],
        "2026-10-08,东环支行,员工1,扣99999分,×",
        "2026-10-08,东环支行,员工2,扣0.5分,×",
    ]
    write(tmp_path, "morning.csv", lines)
    result = run_cli("read", "morning.csv", "--checklist", "morning-teller", "--format", "json")
    assert result.code == 1, result
    assert rejections(result) == [
        (
            3,
            "D3",
            "deduction 99999 under 'TLR-01' is above the checklist's base of 100 points: more "
            "than one row can take off",
        ),
    ]
    (summary,) = json.loads(result.stdout)["inputs"]
    assert (summary["rows"], summary["accepted"], summary["rejected"]) == (3, 2, 1)


# --- unit: the pieces ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["a,b\nc,d\n", "a,b\r\nc,d\r\n", "a,b\rc,d", "a,b\x0cx\nc\u2028d,e\x85f\n", "", "\n\n"],
)
def test_physical_lines_split_where_the_csv_reader_does(text: str) -> None:
    import io

    from svccheck.sheets.csvtext import physical_lines

    assert physical_lines(text) == list(io.StringIO(text, newline=""))


def test_a_form_feed_or_line_separator_in_a_cell_stays_in_its_row(
    run_cli: RunCli, tmp_path: Path
) -> None:
    write(tmp_path, "odd.csv", [HEADER + ",备注", PEOPLE[0] + ",a\x0cb\u2028c", PEOPLE[1] + ",d"])
    read_ok(run_cli, "odd.csv", 2)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ("日期\n东环".encode() + b"\n\xff\n", "mixed text encodings: line 1 is UTF-8 but line 3 is "
         "neither UTF-8 nor GB18030; save the whole file again in one encoding (UTF-8)"),
        (b"date\n\xff\xfe\xfd\n", "not a spreadsheet (text that is neither UTF-8 nor GB18030, "
         "from line 2)"),
        (b"\xef\xbb\xbf" + "日期\n".encode() + "网点\n".encode("gbk"),
         "mixed text encodings: line 1 is UTF-8 but line 2 is GB18030 (GBK); save the whole "
         "file again in one encoding (UTF-8)"),
    ],
)  # fmt: skip
def test_decode_text_names_the_line_at_fault(data: bytes, reason: str) -> None:
    from svccheck.sheets.book import UnreadableFile
    from svccheck.sheets.csvtext import decode_text

    with pytest.raises(UnreadableFile) as raised:
        decode_text(data, Path("x.csv"), "en")
    assert raised.value.reason == reason


def test_decode_text_keeps_reading_one_encoding() -> None:
    from svccheck.sheets.csvtext import decode_text

    text = "日期,网点\n2026-10-08,东环支行\n"
    for encoding in ("utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-be"):
        data = text.encode(encoding)
        if encoding == "utf-16-be":
            data = b"\xfe\xff" + data
        assert decode_text(data, Path("x.csv"), "en") == text


def test_the_zh_messages_of_the_new_value_problems() -> None:
    from svccheck.sheets.messages import Bad, reason

    assert reason(Bad("deduction_above_base", 1e308, "100"), "zh", "扣分") == (
        "“扣分”下的扣分 1e+308 超过检查表的基础分 100 分：一行扣不了这么多"
    )
    assert reason(Bad("count_too_large", "20000", "10000"), "zh", "次数") == (
        "“次数”下的次数 '20000' 超过 10000：一行记不了这么多次违规"
    )


def test_score_names_a_file_it_could_not_read_beside_good_ones(
    run_cli: RunCli, tmp_path: Path
) -> None:
    lines = [HEADER, *PEOPLE]
    lines[3] = '2026-10-08,东环支行,"员工2,√,×'
    write(tmp_path, "stray.csv", lines)
    write(tmp_path, "good.csv", [HEADER, *PEOPLE])
    result = run_cli("score", "good.csv", "stray.csv", "--checklist", "morning-teller")
    assert result.code == 0, result  # score exits 2 only when nothing could be read
    assert result.stderr == (
        "read 2 files, 1 sheets, 10 rows: 10 scored, 0 rejected\n"
        "  not read: stray.csv: line 4: a cell opened by a quote there is never closed, so lines "
        "4–11 (8 lines) would read as one cell: remove the stray quote or close it (a quote "
        'inside a cell is written twice: "")\n'
    )
    read = run_cli("read", "good.csv", "stray.csv", "--checklist", "morning-teller")
    assert read.code == 1, read  # a file unread: findings


@pytest.mark.parametrize("text", ["[/]", "x", "日期("])
def test_a_long_cell_above_or_in_the_header_is_read_at_once(
    run_cli: RunCli, tmp_path: Path, text: str
) -> None:
    # found by the fuzz job: a 90 KB cell of "[/]" kept the header search busy for 35 s
    # (regular expressions backtracking over text no header is ever that long)
    big = (text * 30_000)[:90_000]
    write(tmp_path, "long.csv", [big, f"日期,网点,姓名,岗位,TLR-01 着装规范,{big}",
                                 "2026-10-08,东环支行,张三,综合柜员,√,"])  # fmt: skip
    started = time.monotonic()
    result = read(run_cli, "long.csv", "--checklist", "morning-teller")
    assert result.code == 0, result
    assert time.monotonic() - started < 5
