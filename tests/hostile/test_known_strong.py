"""What main already withstands, pinned: each hostile input with its exact exit code and message.

Zip bombs (declared and lying), entity expansion and external entities in a worksheet, files
disguised by their names, an encrypted workbook, csv in the encodings Chinese Windows saves,
and YAML alias bombs, deep nesting and a 50 MB file in the library. Every input is written by
code here (conftest.py); every run is a real process.
"""

from __future__ import annotations

import codecs
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from cli_support import REPO, CliResult

Svccheck = Callable[..., CliResult]
MakeFile = Callable[..., Path]
READ = ("read", "--checklist", "morning-teller")
Rows = list[list[str]]


def unread(name: str, reason: str, lang: str = "en") -> str:
    """The whole stderr of `read` when the only file given could not be read (the prefix
    `svccheck: error:`, in zh `svccheck：错误：`)."""
    if lang == "zh":
        return f"svccheck：错误：没有读到任何数据：\n  {name}：{reason}\n"
    return f"svccheck: error: nothing could be read:\n  {name}: {reason}\n"


# --- zip bombs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "reason"),
    [
        ("en", "uncompressed size 576 MB exceeds the 500 MB limit (a zip bomb?); not read"),
        ("zh", "解压后大小 576 MB 超过 500 MB 上限（疑似 zip 炸弹），未读取"),
    ],
    ids=["en", "zh"],
)
def test_a_zip_bomb_that_declares_its_size_is_refused_before_inflating(
    svccheck: Svccheck, zip_bomb: MakeFile, lang: str, reason: str
) -> None:
    bomb = zip_bomb("bomb.xlsx")
    assert bomb.stat().st_size < 8 << 20  # a few MB on disk, 576 MB inflated
    result = svccheck(*READ, bomb.name, lang=lang)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == unread("bomb.xlsx", reason, lang)


def test_a_zip_bomb_that_lies_about_its_size_stops_at_the_declared_size(
    svccheck: Svccheck, zip_bomb: MakeFile
) -> None:
    bomb = zip_bomb("lying.xlsx", lie=True)
    with zipfile.ZipFile(bomb) as archive:  # what the sniffer sees: a small workbook
        assert sum(info.file_size for info in archive.infolist()) < 10_000
    result = svccheck(*READ, bomb.name)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == unread(
        "lying.xlsx › S",
        "the sheet's data is damaged (xl/worksheets/sheet1.xml: Bad CRC-32 for file "
        "'xl/worksheets/sheet1.xml')",
    )


# --- entities in a worksheet -----------------------------------------------------------------


def test_billion_laughs_in_a_worksheet_is_not_expanded(
    svccheck: Svccheck, make_xlsx: MakeFile, morning_rows: Rows
) -> None:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    doctype = f"<!DOCTYPE worksheet [{''.join(entities)}]>"
    morning_rows[1][2] = "&lol9;"
    laughs = make_xlsx("laughs.xlsx", morning_rows, doctype)
    result = svccheck(*READ, laughs.name)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == unread(
        "laughs.xlsx › S", "the sheet cannot be read (at 0..0: unrecognized entity `&lol9;`)"
    )


def test_an_external_entity_reads_nothing_from_the_disk(
    svccheck: Svccheck, make_xlsx: MakeFile, tmp_path: Path, morning_rows: Rows
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("PIN 4711-SECRET", encoding="utf-8")
    doctype = f'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    morning_rows[1][2] = "&xxe;"
    xxe = make_xlsx("xxe.xlsx", morning_rows, doctype)
    for command in ("read", "score"):
        result = svccheck(command, "--checklist", "morning-teller", xxe.name)
        assert "4711" not in result.stdout + result.stderr
        assert (result.code, result.stdout) == (2, "")
        assert result.stderr.endswith(
            "xxe.xlsx › S: the sheet cannot be read (at 0..0: unrecognized entity `&xxe;`)\n"
        )


# --- files that are not what their names say ------------------------------------------------

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _encrypted(_: Path) -> bytes:
    # What Excel writes for a workbook with an open password: an OLE2 container whose
    # directory holds an EncryptedPackage stream (the sniffer looks for exactly that).
    return OLE2 + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(512)


def _zip_without_workbook(folder: Path) -> bytes:
    with zipfile.ZipFile(folder / "plain.zip", "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return (folder / "plain.zip").read_bytes()


DISGUISED: list[tuple[str, Callable[[Path], bytes], str]] = [
    (
        "encrypted.xlsx",
        _encrypted,
        "password-protected (encrypted) workbook: remove the password in Excel "
        "(File › Info › Protect Workbook) and save it again",
    ),
    (
        "old.xlsx",
        lambda _: OLE2 + bytes(1024),
        "a legacy Excel 97-2003 (.xls) workbook: save it as .xlsx",
    ),
    (
        "report.xlsx",
        lambda _: b"%PDF-1.4\n%\xe2\xe3\n",
        "not a spreadsheet (the file holds a PDF document)",
    ),
    (
        "photo.csv",
        lambda _: b"\x89PNG\r\n\x1a\n" + bytes(64),
        "not a spreadsheet (the file holds a PNG image)",
    ),
    (
        "scan.xlsx",
        lambda _: b"\xff\xd8\xff\xe0" + bytes(64),
        "not a spreadsheet (the file holds a JPEG image)",
    ),
    (
        "backup.csv",
        lambda _: b"\x1f\x8b\x08\x00" + bytes(32),
        "not a spreadsheet (the file holds gzip data)",
    ),
    (
        "plain.xlsx",
        _zip_without_workbook,
        "not a spreadsheet (a zip archive without xl/workbook.xml)",
    ),
    (
        "dump.csv",
        lambda _: b"ab\x00cd" * 10,
        "not a spreadsheet (a binary file, neither xlsx nor csv)",
    ),
    ("empty.xlsx", lambda _: b"", "empty file"),
    (
        "latin1.csv",
        lambda _: "日期,网点\n".encode() + b"\xff\xfe\xfd\x80\x81\n" * 3,
        "mixed text encodings: line 1 is UTF-8 but line 2 is neither UTF-8 nor GB18030; save "
        "the whole file again in one encoding (UTF-8)",
    ),
]


@pytest.mark.parametrize(("name", "content", "reason"), DISGUISED, ids=[c[0] for c in DISGUISED])
def test_a_file_is_told_by_its_bytes_and_refused_by_name(
    svccheck: Svccheck, tmp_path: Path, name: str, content: Callable[[Path], bytes], reason: str
) -> None:
    (tmp_path / name).write_bytes(content(tmp_path))
    result = svccheck(*READ, name)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == unread(name, reason)


def test_a_truncated_workbook_is_named_damaged(svccheck: Svccheck, make_xlsx: MakeFile) -> None:
    cut = make_xlsx("cut.xlsx")
    cut.write_bytes(cut.read_bytes()[:300])
    result = svccheck(*READ, cut.name)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == unread(
        "cut.xlsx", "damaged or truncated workbook (not a complete xlsx/zip archive)"
    )


def test_a_workbook_named_csv_is_read_as_a_workbook(
    svccheck: Svccheck, make_xlsx: MakeFile
) -> None:
    workbook = make_xlsx("sheet.xlsx")
    workbook.rename(workbook.parent / "sheet.csv")
    result = svccheck(*READ, "sheet.csv")
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout.rstrip().endswith(
        "total: 1 files, 1 sheets, 1 rows read: 1 accepted, 0 rejected; 0 skipped; 2 observations"
    )


# --- csv in the encodings Chinese Windows saves ---------------------------------------------

ENCODINGS = {
    "gbk": lambda text: text.encode("gbk"),
    "gb18030": lambda text: text.encode("gb18030"),
    "utf-8-bom": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "utf-16-le-bom": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-16-be-bom": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
}


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_a_csv_in_a_chinese_windows_encoding_is_read_whole_and_right(
    svccheck: Svccheck, tmp_path: Path, encoding: str, morning_rows: Rows
) -> None:
    rows = [*morning_rows, ["2026-10-08", "东环支行", "李四", "×", "不适用"]]
    text = "".join(",".join(row) + "\r\n" for row in rows)
    (tmp_path / "sheet.csv").write_bytes(ENCODINGS[encoding](text))
    read = svccheck(*READ, "sheet.csv")
    assert (read.code, read.stderr) == (0, "")
    assert read.stdout.rstrip().endswith(
        "total: 1 files, 1 sheets, 2 rows read: 2 accepted, 0 rejected; 0 skipped; 4 observations"
    )
    by_subject = svccheck(
        "score", "sheet.csv", "--checklist", "morning-teller", "--by", "subject", "--format", "csv"
    )
    assert by_subject.code == 0
    subjects = {tuple(line.split(",")[1:3]) for line in by_subject.stdout.splitlines()[1:]}
    assert subjects == {("张三", "东环支行"), ("李四", "东环支行")}


# --- the library's YAML ---------------------------------------------------------------------


@pytest.fixture
def library_copy(tmp_path: Path) -> Path:
    """The bundled library copied to tmp_path/lib, to be spoiled."""
    for part in ("standards", "checklists"):
        shutil.copytree(REPO / part, tmp_path / "lib" / part)
    return tmp_path / "lib"


def _one_error(result: CliResult, library: Path, where: str, finding: str, rule: str) -> None:
    """`validate` found exactly one error, `finding` (its first line) at `where`."""
    files = len(list(library.rglob("*.yaml")))
    assert result.code == 1, result
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert lines[0] == where
    assert lines[1].startswith(finding) and lines[1].endswith(rule), result
    assert lines[-1] == f"✗ 1 error, 0 warnings in 1 of {files} files"


def test_an_alias_bomb_in_a_standard_is_refused_without_expanding(
    svccheck: Svccheck, library_copy: Path
) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    (library_copy / "standards" / "laughs.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    _one_error(
        svccheck("validate", "lib"),
        library_copy,
        "lib/standards/laughs.yaml",
        "6:10  error  more than 100,000 nodes once aliases are expanded (an alias bomb?);",
        "yaml-alias-bomb",
    )


def test_a_50_mb_standard_is_refused_unread(svccheck: Svccheck, library_copy: Path) -> None:
    big = library_copy / "standards" / "big.yaml"
    line = "k: " + "x" * 97 + "\n"
    big.write_text("# padding\n" + line * (500 * 1024), encoding="utf-8")
    _one_error(
        svccheck("validate", "lib"),
        library_copy,
        "lib/standards/big.yaml",
        "1:1  error  the file is 51,712,010 bytes, over the 5 MB limit for a standards",
        "file-too-large",
    )


@pytest.mark.parametrize(
    ("text", "finding", "rule"),
    [
        (
            "a: " + "[" * 200 + "]" * 200 + "\n",
            "1:67  error  nesting is deeper than 64 levels; the file is refused",
            "yaml-alias-bomb",
        ),
        (
            "a: &a\n  b: *a\n",
            "2:6  error  alias *a refers to itself (recursive)",
            "yaml-unsupported",
        ),
    ],
    ids=["nesting", "recursive-alias"],
)
def test_deep_nesting_and_a_recursive_alias_are_refused(
    svccheck: Svccheck, library_copy: Path, text: str, finding: str, rule: str
) -> None:
    (library_copy / "standards" / "odd.yaml").write_text(text, encoding="utf-8")
    _one_error(svccheck("validate", "lib"), library_copy, "lib/standards/odd.yaml", finding, rule)
