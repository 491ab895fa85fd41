"""`svccheck form` for real: files written where asked, in the format asked, errors exit 2
with a located message in the user's language and leave no file behind."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from svccheck.model import Library

FORMS_DATA = Path(__file__).resolve().parent.parent / "data" / "forms"
RunCli = Callable[..., Any]


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "wrote {file}: Teller morning self-check, {items} items, 20 rows\n"),
        ("zh", "已写入 {file}：综合柜员晨会自查表，{items} 项，20 行\n"),
    ],
)
def test_default_file_name_in_the_current_folder(
    run_cli: RunCli, tmp_path: Path, library: Library, lang: str, message: str
) -> None:
    result = run_cli(
        "form", "morning-teller", "--branch", "东环支行", "--date", "2026-10-08", lang=lang
    )
    assert result.code == 0, result
    name = "morning-teller-东环支行-2026-10-08.xlsx"
    items = len(library.checklists["morning-teller"].items)
    assert result.stderr == message.format(file=name, items=items)
    assert result.stdout == ""
    workbook = load_workbook(tmp_path / name)
    assert workbook.worksheets[0]["B2"].value == "东环支行"
    assert listing(tmp_path) == [name]  # nothing else (no temporary file left over)


def test_format_follows_the_output_suffix(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("form", "peer-teller", "-o", "peer.csv", "--rows", "3")
    assert result.code == 0, result
    data = (tmp_path / "peer.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfTeller morning peer check \xc2\xb7 svccheck form")
    assert b"\r\nDate,Branch,Employee,Employee ID,Role,TLR-01 " in data
    assert data.count(b"\r\n") == 5  # the form's own line, the header, 3 rows


def test_md_to_stdout(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli(
        "form",
        "inspection-monthly",
        "--format",
        "md",
        "-o",
        "-",
        "--rows",
        "2",
        "--date",
        "2026-10",
        lang="zh",
    )
    assert result.code == 0, result
    assert result.stdout.startswith("# 营业网点服务检查登记簿\n")
    assert "**检查期间**：2026-10" in result.stdout
    assert "| 序号 | 检查日期 | 时段 | 检查方式 |" in result.stdout
    assert result.stderr.startswith("已写入 stdout：营业网点服务检查登记簿")
    assert listing(tmp_path) == []


def test_a_format_that_contradicts_the_suffix_is_an_error(run_cli: RunCli, tmp_path: Path) -> None:
    # an xlsx named .csv would not open in Excel: say so rather than write it
    result = run_cli("form", "morning-teller", "--format", "xlsx", "-o", "form.csv")
    assert result.code == 2 and not (tmp_path / "form.csv").exists()
    assert "--format xlsx contradicts -o form.csv (a csv file name)" in result.stderr
    unknown = run_cli("form", "morning-teller", "--format", "csv", "-o", "form.txt")
    assert unknown.code == 0 and (tmp_path / "form.txt").read_bytes()[:2] != b"PK"


@pytest.mark.parametrize("roster", ["roster.csv", "roster.xlsx"])
def test_roster_rows_and_left_out_people(run_cli: RunCli, tmp_path: Path, roster: str) -> None:
    result = run_cli(
        "form",
        "morning-teller",
        "--roster",
        FORMS_DATA / roster,
        "-o",
        "f.xlsx",
        "--date",
        "2026-10-08",
    )
    assert result.code == 0, result
    sheet = load_workbook(tmp_path / "f.xlsx").worksheets[0]
    names = [row[2] for row in sheet.iter_rows(min_row=5, values_only=True)]
    expected = {
        "roster.csv": (["张伟", "王芳", "陈静", "赵磊"], 2),
        "roster.xlsx": (["Zhang Wei", "Wang Fang"], 2),
    }[roster]
    assert names == [*expected[0], None, None, None]  # 3 open rows for a stand-in
    assert f"left out {expected[1]} on the roster who hold another role" in result.stderr


def test_a_stand_in_on_a_spare_row_with_a_remark_is_read(
    run_cli: RunCli, tmp_path: Path, library: Library
) -> None:
    """The way a lobby manager fills it: the roster's people, and a colleague standing in,
    written on a spare row with 备注 saying so; v for √ and a note after ×."""
    made = run_cli("form", "morning-teller", "--roster", FORMS_DATA / "roster.csv", "--branch",
                   "东环支行", "--date", "2026-10-08", "-o", "f.xlsx", lang="zh")  # fmt: skip
    assert made.code == 0, made
    book = load_workbook(tmp_path / "f.xlsx")
    sheet = book.worksheets[0]
    header = {c.value: c.column for c in sheet[4] if c.value}
    spare = 5 + 4  # after the four tellers of the roster
    assert sheet.cell(spare, header["姓名"]).protection.locked is False
    sheet.cell(spare, header["姓名"], "孙丽")
    sheet.cell(spare, header["备注"], "替班（代张伟）")
    items = [column for text, column in header.items() if str(text).startswith("TLR-")]
    for n, column in enumerate(items):
        sheet.cell(spare, column, "× 柜面有杂物" if n == 0 else "v")
    book.save(tmp_path / "filled.xlsx")
    result = run_cli("read", "filled.xlsx", "--format", "json")
    assert result.code == 0, result
    (layout,) = json.loads(result.stdout)["sheets"]
    assert (layout["accepted"], layout["rejected"]) == (1, 0)
    scored = json.loads(run_cli("score", "filled.xlsx", "--format", "json").stdout)
    (person,) = scored["subjects"]
    assert (person["subject"], person["branch"]) == ("孙丽", "东环支行")
    explained = run_cli("explain", "孙丽", "filled.xlsx", lang="zh")
    assert "替班（代张伟）" in explained.stdout and "柜面有杂物" in explained.stdout


def test_roster_errors_are_located(run_cli: RunCli, tmp_path: Path) -> None:
    bad = FORMS_DATA / "roster-unknown-role.csv"
    result = run_cli("form", "morning-teller", "--roster", bad)
    assert result.code == 2
    assert result.stderr.startswith(
        f"svccheck: error: {bad} row 3 cell C3: unknown role '运营主管'; expected one of: "
    )
    assert listing(tmp_path) == []
    result = run_cli("form", "morning-teller", "--roster", bad, lang="zh")
    assert f"{bad} 第 3 行 C3：未知岗位“运营主管”" in result.stderr


@pytest.mark.parametrize(
    ("args", "lang", "message"),
    [
        (
            ["morning-tellr"],
            "en",
            "svccheck: error: unknown checklist 'morning-tellr' (did you mean: morning-teller, ",
        ),
        (["morning-tellr"], "zh", "svccheck：错误：未知的检查表“morning-tellr”（是否想用："),
        (
            ["morning-teller", "--date", "2026-02-30"],
            "en",
            "svccheck: error: --date '2026-02-30' is not a date: expected 2026-10-08 (a day) or "
            "2026-10 (a month)",
        ),
        (
            ["morning-teller", "--date", "2026-10"],
            "en",
            "svccheck: error: a morning check is for one day: give a day, e.g. --date 2026-10-01",
        ),
        (
            ["morning-environment", "--roster", "x.csv"],
            "en",
            "svccheck: error: --roster is for staff morning checks and the register (staff on "
            "duty); 'morning-environment' has one row per day",
        ),
        (
            ["morning-teller", "-o", "missing/form.xlsx"],
            "en",
            "svccheck: error: cannot write missing/form.xlsx: folder missing does not exist",
        ),
        (
            ["morning-teller", "-o", "missing/form.xlsx"],
            "zh",
            "svccheck：错误：无法写入 missing/form.xlsx：文件夹 missing 不存在",
        ),
    ],
)
def test_usage_errors_exit_2_and_write_nothing(
    run_cli: RunCli, tmp_path: Path, args: list[str], lang: str, message: str
) -> None:
    if "--roster" in args:
        (tmp_path / "x.csv").write_text("姓名\n张伟\n", encoding="utf-8")
    before = listing(tmp_path)
    result = run_cli("form", *args, lang=lang)
    assert result.code == 2, result
    assert result.stderr.startswith(message), result
    assert "Traceback" not in result.stderr
    assert listing(tmp_path) == before


def test_every_known_checklist_is_listed_when_one_is_unknown(
    run_cli: RunCli, library: Library
) -> None:
    result = run_cli("form", "nope")
    assert result.code == 2
    for checklist in library.checklists:
        assert checklist in result.stderr


def test_english_labels_and_a_branch_walk_round(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli(
        "form",
        "morning-environment",
        "--lang",
        "en",
        "--date",
        "2026-10-05",
        "--branch",
        "East Ring",
        lang="zh",
    )
    assert result.code == 0, result
    assert result.stderr.startswith("wrote morning-environment-East_Ring-2026-10-05.xlsx: ")
    path = tmp_path / "morning-environment-East_Ring-2026-10-05.xlsx"
    sheet = load_workbook(io.BytesIO(path.read_bytes())).worksheets[0]
    # the period's label and value lie over the tick boxes: each merged across several of them
    # (one box as wide as the period pushed the form onto a second page)
    block = [c.value for c in sheet[2] if c.value is not None]
    assert block == ["Branch", "East Ring", "Period", "2026-10-05 to 2026-10-11"]
    period = next(c for c in sheet[2] if c.value == "2026-10-05 to 2026-10-11")
    assert any(
        r.min_row == 2 and r.min_col == period.column and r.max_col > r.min_col
        for r in sheet.merged_cells.ranges
    )
    assert [c.value for c in sheet[4]][:2] == ["Date", "Branch"]


def test_help_has_examples(run_cli: RunCli) -> None:
    result = run_cli("form", "--help")
    assert result.code == 0
    assert "Examples:" in result.stdout and "svccheck form morning-teller" in result.stdout


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_csv_form_says_what_it_is_and_reads_back_with_no_checklist(
    run_cli: RunCli, tmp_path: Path, encoding: str, lang: str
) -> None:
    made = run_cli("form", "peer-teller", "-o", "form.csv", lang=lang)
    assert made.code == 0, made
    rows = list(csv.reader(io.StringIO((tmp_path / "form.csv").read_text("utf-8-sig"))))
    assert "svccheck" in rows[0][0] and "peer-teller" in rows[0][0]
    header = rows[1]
    filled = [""] * len(header)
    for field, value in zip(header[:5], ("2026-10-08", "东环支行", "张三", "", ""), strict=True):
        filled[header.index(field)] = value
    items = [i for i, h in enumerate(header) if h[:3].isalpha() and "-" in h[:7]]
    for n, i in enumerate(items):
        filled[i] = "× 柜面有杂物" if n == 0 else "v"  # Excel habits: v for √, a note after ×
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([rows[0], header, filled])
    (tmp_path / "filled.csv").write_bytes(out.getvalue().encode(encoding))
    result = run_cli("read", "filled.csv", "--format", "json")
    assert result.code == 0, result
    (sheet,) = json.loads(result.stdout)["sheets"]
    assert (sheet["checklist"], sheet["checklist_from"]) == ("peer-teller", "metadata")
    assert (sheet["accepted"], sheet["rejected"]) == (1, 0)
    scored = run_cli("score", "filled.csv", "--format", "json")
    assert scored.code == 0, scored
    (gap,) = json.loads(scored.stdout)["gaps"]
    assert gap["item"] == header[items[0]].split()[0]  # the × with a note after it


def test_a_city_wide_roster_lists_only_the_forms_branch(run_cli: RunCli, tmp_path: Path) -> None:
    city = Path(__file__).resolve().parents[2] / "examples" / "roster.csv"
    rows = [line.split(",") for line in city.read_text(encoding="utf-8-sig").splitlines()[1:]]
    tellers = [r[0] for r in rows if r[3] == "东环支行" and r[2] == "综合柜员"]
    result = run_cli("form", "morning-teller", "--roster", city, "--branch", "东环支行",
                     "--date", "2026-10-08", "-o", "f.xlsx", lang="zh")  # fmt: skip
    assert result.code == 0, result
    sheet = load_workbook(tmp_path / "f.xlsx").worksheets[0]
    names = [row[2] for row in sheet.iter_rows(min_row=5, values_only=True) if row[2]]
    assert names == tellers
    others = sum(1 for r in rows if r[3] != "东环支行")
    assert f"名单中另有 {others} 人属于其他网点，未列入" in result.stderr
    # without --branch every branch's people are listed, and the command says so
    every = run_cli("form", "morning-teller", "--roster", city, "-o", "g.xlsx", lang="zh")
    assert every.code == 0 and "名单中有 6 个网点的人员，均已列入" in every.stderr, every
    register = run_cli("form", "inspection-monthly", "--roster", city, "--branch", "东环支行",
                       "-o", "r.xlsx", lang="zh")  # fmt: skip
    assert register.code == 0, register
    duty = load_workbook(tmp_path / "r.xlsx")["在岗人员"]
    on_duty = [row[0] for row in duty.iter_rows(values_only=True) if row[0]]
    assert set(on_duty) >= {r[0] for r in rows if r[3] == "东环支行"}
    assert not set(on_duty) & {r[0] for r in rows if r[3] != "东环支行"}


def test_blank_rows_are_bounded_by_what_a_printed_form_holds(
    run_cli: RunCli, tmp_path: Path
) -> None:
    result = run_cli("form", "morning-teller", "--rows", "1100000", "-o", "f.xlsx")
    assert result.code == 2 and not (tmp_path / "f.xlsx").exists(), result
    assert "1100000 is not in the range 0<=x<=10000" in result.stderr
