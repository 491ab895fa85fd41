"""Hostile workbooks against the real CLI: `read`, `form --roster` and `svccheck roster`.

Every file is generated here (zipfile, openpyxl), never a committed blob. Each case must end
with exit code 2 and a message naming the file (and the sheet where one is at fault) — never a
traceback, an abort or a hang — because every workbook, filled sheet or roster, is opened the
one guarded way (sheets/guard.py, sheets/sniff.py).
"""

from __future__ import annotations

import struct
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook

from cli_support import CliResult, RunCli
from svccheck.sheets.guard import MAX_UNCOMPRESSED, check_xlsx

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
    'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>{doctype}<workbook xmlns="' + _NS + '" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    + "]>"
)
_XXE = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>'


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def workbook(
    path: Path,
    rows: str,
    *,
    dimension: str = "A1",
    doctype: str = "",
    sheet_doctype: str = "",
    method: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """A minimal xlsx whose one sheet (名单) holds the XML `rows` as its sheetData."""
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?>{sheet_doctype}<worksheet xmlns="{_NS}">'
        f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    )
    with zipfile.ZipFile(path, "w", method) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK.format(doctype=doctype))
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


# --- the hostile files -------------------------------------------------------------------------


def corner_bomb(folder: Path) -> Path:
    """2.5 KB, cells at A1 and XFD1048576: calamine would ask for 512 GiB and abort."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "名单"
    sheet["A1"] = "姓名"
    sheet["XFD1048576"] = "x"
    path = folder / "corner.xlsx"
    book.save(path)
    assert path.stat().st_size < 8000
    return path


def unnumbered_bomb(folder: Path) -> Path:
    """The same rectangle from cells without `r`: calamine places them one after another."""
    far = '<row r="1048576">' + "<c><v>1</v></c>" * 16_384 + "</row>"
    return workbook(folder / "unnumbered.xlsx", HEADER + far)


def lying_dimension(folder: Path) -> Path:
    return workbook(folder / "dimension.xlsx", HEADER, dimension="A1:XFD1048576")


def honest_zip_bomb(folder: Path) -> Path:
    """A member that says, truthfully, it inflates past MAX_UNCOMPRESSED."""
    path = workbook(folder / "honest-bomb.xlsx", HEADER)
    zeros = bytes(2**20)
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("xl/media/zeros.bin", "w", force_zip64=True) as member,
    ):
        for _ in range(MAX_UNCOMPRESSED // 2**20 + 1):
            member.write(zeros)
    return path


def lying_zip_bomb(folder: Path) -> Path:
    """A sheet that declares 2 KB and inflates to 64 MB (its sizes patched in both headers)."""
    filler = "".join(f'<row r="{n}"><c r="A{n}"><v>1</v></c></row>' for n in range(2, 4))
    padding = " " * (64 * 2**20)
    path = workbook(folder / "lying-bomb.xlsx", HEADER + filler + padding)
    return _patch_size(path, "xl/worksheets/sheet1.xml", 2048)


def _patch_size(path: Path, member: str, size: int) -> Path:
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    struct.pack_into("<I", data, info.header_offset + 22, size)  # local header
    name = member.encode()
    central = data.find(b"PK\x01\x02", info.header_offset)
    while data[central + 46 : central + 46 + len(name)] != name:
        central = data.find(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, central + 24, size)  # central directory
    path.write_bytes(bytes(data))
    return path


def damaged_deflate(folder: Path) -> Path:
    """The sheet's deflate stream overwritten in its middle."""
    rows = "".join(
        f'<row r="{n}">{inline(f"A{n}", f"人员{n * 7919}")}</row>' for n in range(2, 400)
    )
    path = workbook(folder / "damaged.xlsx", HEADER + rows)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    middle = start + info.compress_size // 2
    data[middle : middle + 24] = b"\xff" * 24
    path.write_bytes(bytes(data))
    return path


def billion_laughs_workbook(folder: Path) -> Path:
    return workbook(folder / "laughs.xlsx", HEADER, doctype=_LAUGHS)


def billion_laughs_sheet(folder: Path) -> Path:
    rows = HEADER + f'<row r="2">{inline("A2", "&lol9;")}</row>'
    return workbook(folder / "laughs-sheet.xlsx", rows, sheet_doctype=_LAUGHS)


def external_entity(folder: Path) -> Path:
    rows = HEADER + f'<row r="2">{inline("A2", "&xxe;")}</row>'
    return workbook(folder / "xxe.xlsx", rows, sheet_doctype=_XXE)


def panicking_date(folder: Path) -> Path:
    """A date-formatted cell holding the serial -4.4e234: calamine panics converting it."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "名单"
    sheet["A1"] = "姓名"
    sheet["B1"] = "日期"
    sheet["A2"] = "张三"
    sheet["B2"] = -4.4e234
    sheet["B2"].number_format = "yyyy-mm-dd"
    path = folder / "panic.xlsx"
    book.save(path)
    return path


def garbage(folder: Path) -> Path:
    path = folder / "garbage.xlsx"
    path.write_bytes(bytes(range(256)) * 16)
    return path


def utf16_without_bom(folder: Path) -> Path:
    path = folder / "utf16.xlsx"
    path.write_bytes("姓名,工号\n张三,1\n".encode("utf-16-le"))
    return path


HOSTILE: dict[str, tuple[Callable[[Path], Path], str, str]] = {
    # case: (maker, sheet named in the message or "", what the message says)
    "corner bomb": (corner_bomb, "名单", "range A1:XFD1048576 (1,048,576 rows"),
    "cells without r": (unnumbered_bomb, "名单", "cell range A1:XFD1048576"),
    "lying dimension": (lying_dimension, "名单", "declared range A1:XFD1048576"),
    "honest zip bomb": (honest_zip_bomb, "", "exceeds the 500 MB limit (a zip bomb?)"),
    "lying zip bomb": (lying_zip_bomb, "名单", "the sheet's data is damaged"),
    "damaged deflate": (damaged_deflate, "名单", "the sheet's data is damaged"),
    "billion laughs (workbook)": (billion_laughs_workbook, "", "declares a DTD"),
    "billion laughs (sheet)": (billion_laughs_sheet, "名单", "the sheet cannot be read"),
    "external entity": (external_entity, "名单", "the sheet cannot be read"),
    "calamine panic": (panicking_date, "名单", "calamine failed"),
    "garbage": (garbage, "", "not a spreadsheet"),
    "utf-16 without BOM": (utf16_without_bom, "", "not a spreadsheet"),
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    folder = tmp_path_factory.mktemp("hostile")
    yield {case: make(folder) for case, (make, _, _) in HOSTILE.items()}


def check(result: CliResult, path: Path, sheet: str, says: str, started: float) -> None:
    assert result.code == 2, result
    assert "Traceback" not in result.stderr, result
    assert str(path) in result.stderr, result
    if sheet:
        assert sheet in result.stderr, result
    assert says in result.stderr, result
    assert "root:" not in result.stdout + result.stderr  # nothing of /etc/passwd
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("case", list(HOSTILE))
def test_read_refuses_it_located(case: str, hostile: dict[str, Path], run_cli: RunCli) -> None:
    _, sheet, says = HOSTILE[case]
    started = time.monotonic()
    result = run_cli("read", hostile[case], "--checklist", "morning-teller")
    check(result, hostile[case], sheet, says, started)


@pytest.mark.parametrize("case", list(HOSTILE))
def test_form_roster_refuses_it_located(
    case: str, hostile: dict[str, Path], run_cli: RunCli, tmp_path: Path
) -> None:
    _, sheet, says = HOSTILE[case]
    started = time.monotonic()
    result = run_cli(
        "form",
        "morning-teller",
        "--branch",
        "东环支行",
        "--date",
        "2026-10-08",
        "--roster",
        hostile[case],
        "-o",
        tmp_path / "form.xlsx",
    )
    check(result, hostile[case], sheet, says, started)
    assert not (tmp_path / "form.xlsx").exists()


@pytest.mark.parametrize("case", ["corner bomb", "damaged deflate", "external entity"])
def test_svccheck_roster_refuses_it_located(
    case: str, hostile: dict[str, Path], run_cli: RunCli, tmp_path: Path
) -> None:
    _, sheet, says = HOSTILE[case]
    started = time.monotonic()
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    result = run_cli("roster", hostile[case], "--branch", "东环支行", "--db", url)
    check(result, hostile[case], sheet, says, started)


def test_the_corner_bomb_in_a_real_process(
    hostile: dict[str, Path], run_cli_process: RunCli
) -> None:
    # In a process of its own: before the guard this was SIGABRT (memory allocation failed).
    started = time.monotonic()
    result = run_cli_process("read", hostile["corner bomb"], lang="zh")
    assert result.code == 2, result
    assert time.monotonic() - started < 10
    assert "A1:XFD1048576" in result.stderr and "名单" in result.stderr


def test_control_characters_are_shown_escaped(run_cli: RunCli, tmp_path: Path) -> None:
    header = tmp_path / "header.csv"
    header.write_bytes("名\x01单\x1b[2J,编号\n张三,1\n".encode())
    result = run_cli("form", "morning-teller", "--roster", header, "-o", tmp_path / "f.xlsx")
    assert result.code == 2, result
    assert "名\\x01单\\x1b[2J" in result.stderr
    assert "\x01" not in result.stderr and "\x1b" not in result.stderr
    name = workbook(
        tmp_path / "name.xlsx", HEADER + f'<row r="2">{inline("A2", "张&#x7;三")}</row>'
    )
    result = run_cli("form", "morning-teller", "--roster", name, "-o", tmp_path / "f.xlsx")
    assert result.code == 2, result
    assert f"{name} [名单] row 2 cell A2: holds a control character ('张\\x07三')" in (
        result.stderr
    )
    assert "\x07" not in result.stderr


def test_utf16_with_a_bom_named_xlsx_is_read_as_the_text_it_is(
    run_cli: RunCli, tmp_path: Path
) -> None:
    staff = tmp_path / "staff.xlsx"
    staff.write_bytes("\ufeff姓名,工号\n张三,1\n李四,2\n".encode("utf-16-le"))
    result = run_cli("form", "morning-teller", "--roster", staff, "-o", tmp_path / "f.csv")
    assert result.code == 0, result
    assert "张三" in (tmp_path / "f.csv").read_text(encoding="utf-8-sig")


@pytest.mark.parametrize(
    ("far", "refused"),
    [
        ("AF999999", False),  # 32 columns, six-digit rows: bounded at one search
        ("AZ99999", False),  # 52 columns, five digits
        ("ZZ9999", False),  # 702 columns, four digits
        ("AG999999", False),  # none of the bounds: measured exactly, 33 × 999,999 fits
        ("ZZ99999", True),  # measured exactly: 702 × 99,999 does not
        ("XFD2048", False),  # all 16,384 columns on 2,048 rows: the limit itself
        ("XFD2049", True),  # one row more
    ],
)
def test_a_sheet_is_bounded_by_its_references_or_measured(
    tmp_path: Path, far: str, refused: bool
) -> None:
    path = workbook(
        tmp_path / "far.xlsx",
        HEADER + f'<row r="{far.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}">{inline(far, "x")}</row>',
    )
    facts = check_xlsx(path, "en")
    assert bool(facts.refused) is refused, facts


@pytest.mark.parametrize("far", ["A99999999999", "B12345678", "AAAA99999"])
def test_a_reference_past_any_sheet_is_refused_not_capped(tmp_path: Path, far: str) -> None:
    # found by the fuzz job: a row of 11 digits was counted as Excel's last row, and calamine
    # then asked for 544 GB; references are taken as they are, however long
    row = far.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    path = workbook(tmp_path / "far.xlsx", HEADER + f'<row r="{row}">{inline(far, "x")}</row>')
    assert check_xlsx(path, "en").refused
