"""The roster reader: staff lists in csv (UTF-8, BOM, GB18030) and xlsx, located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from svccheck.errors import InputError
from svccheck.forms import Person, read_roster
from svccheck.model import Library

DATA = Path(__file__).resolve().parent.parent / "data" / "forms"


def test_csv_with_bom_reads_every_named_row_and_maps_role_labels(library: Library) -> None:
    people = read_roster(DATA / "roster.csv", library.taxonomy).people
    assert people == (
        Person("张伟", "10001", "teller"),
        Person("王芳", "10002", "teller"),
        Person("李娜", "10003", "lobby_manager"),
        Person("刘洋", "10004", "account_manager"),
        Person("陈静", "10005", "teller"),
        Person("赵磊", None, "teller"),
    )


def test_gb18030_csv_with_title_rows_above_the_header(library: Library) -> None:
    people = read_roster(DATA / "roster-gb18030.csv", library.taxonomy).people
    assert people == (
        Person("孙丽", "20001", "lobby_manager"),
        Person("周强", "20002", "teller"),
        Person("吴敏", "20003", "other_staff"),
    )


def test_xlsx_english_headers_numbers_as_ids_and_role_ids(library: Library) -> None:
    people = read_roster(DATA / "roster.xlsx", library.taxonomy).people
    assert people == (
        Person("Zhang Wei", "10001", "teller"),
        Person("Wang Fang", "10002", "teller"),
        Person("Li Na", "10003", "lobby_manager"),
        Person("Liu Yang", None, "account_manager"),
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "roster-unknown-role.csv row 3 cell C3: unknown role '运营主管'; expected one of: "),
        ("zh", "roster-unknown-role.csv 第 3 行 C3：未知岗位“运营主管”；应为："),
    ],
)
def test_unknown_role_is_a_located_error(library: Library, lang: str, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        read_roster(DATA / "roster-unknown-role.csv", library.taxonomy, lang)
    message = str(caught.value)
    assert expected in message
    assert ("Teller (teller)" if lang == "en" else "综合柜员 (teller)") in message


def test_no_header_says_what_was_expected_and_found(library: Library) -> None:
    with pytest.raises(InputError) as caught:
        read_roster(DATA / "roster-no-header.csv", library.taxonomy, "en")
    assert str(caught.value) == (
        f"{DATA / 'roster-no-header.csv'}: no roster header in the first 30 rows (expected a "
        "name / 姓名 column, optionally employee id / 工号 and role / 岗位); found: 人员, 部门"
    )


def test_a_roster_with_nobody_on_it(library: Library) -> None:
    with pytest.raises(InputError, match="the roster lists nobody"):
        read_roster(DATA / "roster-nobody.csv", library.taxonomy, "en")


def test_missing_file_and_wrong_kind_of_file(library: Library, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="roster file not found"):
        read_roster(tmp_path / "absent.csv", library.taxonomy, "en")
    with pytest.raises(InputError, match=r"not a regular file \(a folder, a pipe or a device\?\)"):
        read_roster(tmp_path, library.taxonomy, "en")
    text = tmp_path / "staff.txt"
    text.write_text("姓名\n张伟\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"a roster must be a \.csv, \.xlsx, \.xlsm or \.xls file"):
        read_roster(text, library.taxonomy, "en")


def test_a_renamed_file_is_read_by_its_bytes(library: Library, tmp_path: Path) -> None:
    # The roster is opened as every input file is: what it is comes from its bytes.
    fake = tmp_path / "staff.xlsx"
    fake.write_text("姓名,工号\n张伟,1\n", encoding="utf-8")
    (person,) = read_roster(fake, library.taxonomy, "en").people
    assert (person.name, person.employee_id) == ("张伟", "1")
    garbage = tmp_path / "junk.xlsx"
    garbage.write_bytes(b"\x00\x01\x02 not a workbook \xff" * 40)
    with pytest.raises(InputError, match=r"junk\.xlsx: not a spreadsheet \(a binary file"):
        read_roster(garbage, library.taxonomy, "en")
    with pytest.raises(InputError, match=r"junk\.xlsx: 不是电子表格"):
        read_roster(garbage, library.taxonomy, "zh")


CITY = Path(__file__).resolve().parents[2] / "examples" / "roster.csv"  # 60 staff, 6 branches


def test_a_city_wide_roster_read_for_one_branch_keeps_that_branch_only(
    library: Library, tmp_path: Path
) -> None:
    everyone = read_roster(CITY, library.taxonomy)
    assert len(everyone.people) == 60 and everyone.elsewhere == 0
    assert len(everyone.branches) == 6 and everyone.branches[0] == "东环支行"
    east = read_roster(CITY, library.taxonomy, branch="东环支行")
    rows = [line.split(",") for line in CITY.read_text(encoding="utf-8-sig").splitlines()[1:]]
    assert [p.name for p in east.people] == [r[0] for r in rows if r[3] == "东环支行"]
    assert east.elsewhere == 60 - len(east.people) and east.elsewhere > 0
    # a blank branch cell is anybody's: kept; the branch is matched as headers are (case,
    # full-width, spaces)
    mixed = tmp_path / "mixed.csv"
    mixed.write_text("姓名,岗位,网点\n张伟,综合柜员,东环支行\n王芳,综合柜员,\n李娜,综合柜员,西城支行\n"
                     "Liu,teller,East Branch\n", encoding="utf-8")  # fmt: skip
    kept = read_roster(mixed, library.taxonomy, "en", branch="东环支行")
    assert ([p.name for p in kept.people], kept.elsewhere) == (["张伟", "王芳"], 2)
    assert [p.name for p in read_roster(mixed, library.taxonomy, branch="east  branch").people] \
        == ["王芳", "Liu"]  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "the roster lists nobody at 东环; its branch column names: 东环支行, 西城支行"),
        ("zh", "名单中没有 东环 的人员；名单的网点列为：东环支行、西城支行"),
    ],
)
def test_a_branch_the_roster_does_not_name_is_an_error_naming_its_branches(
    library: Library, tmp_path: Path, lang: str, expected: str
) -> None:
    staff = tmp_path / "staff.csv"
    staff.write_text("姓名,网点\n张伟,东环支行\n李娜,西城支行\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_roster(staff, library.taxonomy, lang, branch="东环")
    assert expected in str(caught.value)


def test_a_row_with_an_id_or_role_but_no_name_is_an_error_located(
    library: Library, tmp_path: Path
) -> None:
    staff = tmp_path / "staff.csv"
    staff.write_text("姓名,工号,岗位\n张三,E1,综合柜员\n,E2,综合柜员\n\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_roster(staff, library.taxonomy, "zh")
    assert "staff.csv 第 3 行 A3：没有姓名（该行有工号或岗位）" in str(caught.value)
    with pytest.raises(InputError, match=r"row 3 cell A3: no name \(the row has an employee"):
        read_roster(staff, library.taxonomy, "en")


def test_a_line_pasted_twice_is_one_person_and_one_id_for_two_names_is_an_error(
    library: Library, tmp_path: Path
) -> None:
    staff = tmp_path / "staff.csv"
    staff.write_text("姓名,工号,岗位\n张三,E1,综合柜员\n李四,E2,综合柜员\n张三,E1,综合柜员\n",
                     encoding="utf-8")  # fmt: skip
    roster = read_roster(staff, library.taxonomy)
    assert [p.name for p in roster.people] == ["张三", "李四"] and roster.repeated == 1
    clash = tmp_path / "clash.csv"
    clash.write_text("姓名,工号\n张三,E1\n李四,E1\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_roster(clash, library.taxonomy, "zh")
    assert "clash.csv 第 3 行 B3：工号 E1 已是第 2 行“张三”的工号" in str(caught.value)
