"""Workbooks whose structure lies — a count, a cell address, a flag, a length — where calamine
would believe it: before the guard, each aborted the process (a Rust allocation failure,
exit 134: a folder's other files lost with it), crashed it with a traceback, or printed a Rust
panic. Each is now refused by name, exit 2 alone, and in a month's folder the other files are
read as if it were not there.

Every file is made here from a real one: the example register's zip rewritten, or a legacy
.xls written record by record (CFB container, BIFF8 records: `xls_workbook`) — a workbook
calamine and svccheck read as it is. Every run is a real process under a 4 GiB address-space
limit (`limited`): were a guard to fail, the allocation fails at once rather than taking the
shared host's memory, and the abort stays in the child, never in pytest. RUST_BACKTRACE=1 is
set, so a panic would show.
"""

from __future__ import annotations

import json
import re
import resource
import shutil
import struct
import subprocess
import sys
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from zip_headers import CENTRAL_FLAGS, LOCAL_FLAGS, member_headers

import svccheck as _svccheck
from cli_support import REPO, CliResult, cli_env

MONTH = REPO / "examples" / "2026-10"
REGISTER = MONTH / "inspection" / "东环支行-登记簿.xlsx"
READ = ("read", "--checklist", "morning-teller")
_SOURCE = Path(_svccheck.__file__).resolve().parent.parent
_ADDRESS_SPACE = 4 * 2**30


def limited(*args: str | Path, cwd: Path, lang: str = "en") -> CliResult:
    """`python -m svccheck ARGS…` as a process limited to 4 GiB of address space, checked to
    have ended as the README promises: exit 0, 1 or 2, no traceback, no Rust panic."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (_ADDRESS_SPACE, _ADDRESS_SPACE))

    env = cli_env(lang, {"PYTHONPATH": str(_SOURCE), "RUST_BACKTRACE": "1"})
    proc = subprocess.run(
        [sys.executable, "-m", "svccheck", *map(str, args)],
        cwd=cwd,
        env={**env, "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
        preexec_fn=limit,
    )
    result = CliResult(proc.returncode, proc.stdout, proc.stderr)
    assert result.code in (0, 1, 2), result
    for leak in ("Traceback", "panicked", "RUST_BACKTRACE", "memory allocation"):
        assert leak not in result.stdout + result.stderr, result
    return result


def unread(name: str, reason: str, lang: str = "en") -> str:
    """The whole stderr of `read` when the only file given could not be read."""
    if lang == "zh":
        return f"svccheck：错误：没有读到任何数据：\n  {name}：{reason}\n"
    return f"svccheck: error: nothing could be read:\n  {name}: {reason}\n"


# --- xlsx: the example register, one thing in its zip changed ----------------------------------


def rewritten(path: Path, member: str, edit: Callable[[bytes], bytes]) -> Path:
    """The example register with `member` edited, written to `path`."""
    with zipfile.ZipFile(REGISTER) as source, zipfile.ZipFile(path, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            out.writestr(info, edit(data) if info.filename == member else data)
    return path


def forged_string_count(folder: Path, count: str = "4000000000000") -> Path:
    """The register whose sharedStrings declares `count` unique strings (it holds 87)."""

    def edit(xml: bytes) -> bytes:
        forged, n = re.subn(rb'uniqueCount="\d+"', f'uniqueCount="{count}"'.encode(), xml)
        assert n == 1
        return forged

    return rewritten(folder / "strings.xlsx", "xl/sharedStrings.xml", edit)


def zip_encrypted(folder: Path, member: str = "xl/worksheets/sheet1.xml") -> Path:
    """The register with the "encrypted" flag (bit 0) set on `member`, in its local header
    and in the central directory, as a zip-with-password tool leaves it; nothing else
    changed."""
    path = folder / "zipcrypto.xlsx"
    shutil.copyfile(REGISTER, path)
    data = bytearray(path.read_bytes())
    for at, local in member_headers(data, member.encode()):
        data[at + (LOCAL_FLAGS if local else CENTRAL_FLAGS)] |= 1
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo(member).flag_bits & 1
    return path


# --- a legacy .xls, written record by record -------------------------------------------------

_FREE, _END, _FAT = 0xFFFF_FFFF, 0xFFFF_FFFE, 0xFFFF_FFFD


def _record(kind: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _bof(kind: int) -> bytes:
    """BIFF8 BOF: version 0x0600, `kind` (5 workbook globals, 0x10 worksheet)."""
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x06))


def label(row: int, col: int, text: str) -> bytes:
    """A LABEL record: a string cell, its characters UTF-16."""
    chars = text.encode("utf-16-le")
    return _record(0x0204, struct.pack("<HHHHB", row, col, 0, len(text), 1) + chars)


def number(row: int, col: int, value: float) -> bytes:
    return _record(0x0203, struct.pack("<HHHd", row, col, 0, value))


def dimensions(first_row: int, last_row: int, first_col: int, last_col: int) -> bytes:
    """DIMENSIONS (BIFF8): rows first to last + 1, columns first to last + 1."""
    return _record(0x0200, struct.pack("<IIHHH", first_row, last_row, first_col, last_col, 0))


def rows(*lines: Sequence[str]) -> list[bytes]:
    """Label cells from A1, a line a row."""
    return [label(r, c, text) for r, line in enumerate(lines) for c, text in enumerate(line)]


def workbook_stream(
    sheet: Sequence[bytes], name: str = "晨检", filepass: bytes | None = None
) -> bytes:
    """BIFF8 records: the globals (BOF, code page UTF-16, a FILEPASS holding `filepass` if
    given, one BOUNDSHEET, EOF), then the one worksheet's records between its BOF and EOF."""
    head = _bof(0x0005) + _record(0x0042, struct.pack("<H", 1200))
    if filepass is not None:
        head += _record(0x002F, filepass)
    title = name.encode("utf-16-le")
    bound_len = 4 + 6 + 2 + len(title)
    offset = len(head) + bound_len + 4  # where the sheet's BOF starts: after the globals' EOF
    bound = _record(0x0085, struct.pack("<IBBBB", offset, 0, 0, len(name), 1) + title)
    globals_ = head + bound + _record(0x000A)
    assert len(globals_) == offset
    return globals_ + _bof(0x0010) + b"".join(sheet) + _record(0x000A)


def compound_file(stream: bytes) -> bytes:
    """An OLE2 (CFB version 3, 512-byte sectors) file holding `stream` as its Workbook stream:
    sector 0 the FAT, 1 the directory, 2… the stream — padded to 4,096 bytes, so that it lives
    in regular sectors (no mini stream)."""
    stream = stream.ljust(max(4096, -(-len(stream) // 512) * 512), b"\0")
    count = len(stream) // 512
    fat = [_FAT, _END] + [sector + 1 for sector in range(2, count + 1)] + [_END]
    assert len(fat) <= 128, "one FAT sector: streams of up to 63 KB"
    fat += [_FREE] * (128 - len(fat))
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
    header += struct.pack("<9I", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
    header += struct.pack("<109I", 0, *[_FREE] * 108)

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        text = (name + "\0").encode("utf-16-le") if name else b""
        return (
            text.ljust(64, b"\0")
            + struct.pack("<HBB", len(text), kind, 1 if name else 0)
            + struct.pack("<III", _FREE, _FREE, child)
            + bytes(36)
            + struct.pack("<IQ", start, size)
        )

    directory = entry("Root Entry", 5, 1, _END, 0) + entry("Workbook", 2, _FREE, 2, len(stream))
    directory += entry("", 0, _FREE, 0, 0) * 2
    return header + struct.pack("<128I", *fat) + directory + stream


def xls_workbook(path: Path, sheet: Sequence[bytes], filepass: bytes | None = None) -> Path:
    path.write_bytes(compound_file(workbook_stream(sheet, filepass=filepass)))
    return path


MORNING = rows(
    ["日期", "网点", "姓名", "TLR-01", "TLR-02"], ["2026-10-08", "东环支行", "张三", "√", "×"]
)


def test_the_xls_written_here_is_a_workbook_svccheck_reads(tmp_path: Path) -> None:
    # the control: the files below differ from this one by the record or the bytes they name
    good = xls_workbook(tmp_path / "good.xls", MORNING)
    result = limited(*READ, good.name, "--format", "json", cwd=tmp_path)
    assert result.code == 0, result
    report = json.loads(result.stdout)
    assert report["inputs"] == [
        {
            "file": "good.xls",
            "sheets": ["晨检"],
            "rows": 1,
            "accepted": 1,
            "rejected": 0,
            "skipped": 0,
        }
    ]


# --- one bad file alone: refused by name, exit 2 ----------------------------------------------

CELL_LIMIT = "exceeds the limit of 33,554,432 cells; not read"
CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    # case: (maker, the reason `read` gives, after the file's name)
    "forged string count": (
        forged_string_count,
        "xl/sharedStrings.xml declares 4,000,000,000,000 strings in 3,740 bytes (a forged "
        "count?); not read",
    ),
    "encrypted zip member": (
        zip_encrypted,
        "password-protected (encrypted zip: xl/worksheets/sheet1.xml); save it without a password",
    ),
    "xls corner cell": (
        lambda folder: xls_workbook(folder / "corner.xls", [*MORNING, number(65535, 65535, 1)]),
        "sheet 晨检: cell range A1:CRXP65536 (65,536 rows × 65,536 columns) " + CELL_LIMIT,
    ),
    "xls forged dimensions": (
        lambda folder: xls_workbook(
            folder / "dimensions.xls", [dimensions(0, 2**32 - 1, 0, 256), *MORNING]
        ),
        "sheet 晨检: declared range A1:IV4294967295 (4,294,967,295 rows × 256 columns) "
        + CELL_LIMIT,
    ),
    "xls corner behind a FILEPASS of 0": (
        # calamine takes a FILEPASS record whose first field is 0 for no encryption at all
        lambda folder: xls_workbook(
            folder / "filepass.xls", [*MORNING, number(65535, 65535, 1)], filepass=b"\0\0"
        ),
        "sheet 晨检: cell range A1:CRXP65536 (65,536 rows × 65,536 columns) " + CELL_LIMIT,
    ),
    "truncated xls": (
        lambda folder: _cut(xls_workbook(folder / "cut.xls", MORNING), 1100),
        "damaged or truncated workbook (not a complete .xls file)",
    ),
}


def _cut(path: Path, size: int) -> Path:
    path.write_bytes(path.read_bytes()[:size])
    return path


@pytest.mark.parametrize("case", list(CASES))
def test_a_forged_file_alone_is_refused_by_name(case: str, tmp_path: Path) -> None:
    make, reason = CASES[case]
    bad = make(tmp_path)
    result = limited(*READ, bad.name, cwd=tmp_path)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == unread(bad.name, reason)


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        (
            "forged string count",
            "xl/sharedStrings.xml 声明有 4,000,000,000,000 个字符串，但只有 3,740 字节"
            "（疑似伪造），未读取",
        ),
        (
            "encrypted zip member",
            "工作簿设有密码（zip 加密：xl/worksheets/sheet1.xml）：请取消密码后另存，再读取",
        ),
        ("truncated xls", "文件已损坏或不完整（不是完整的 .xls 文件）"),
    ],
)
def test_in_chinese_too(case: str, reason: str, tmp_path: Path) -> None:
    bad = CASES[case][0](tmp_path)
    result = limited(*READ, bad.name, cwd=tmp_path, lang="zh")
    assert (result.code, result.stderr) == (2, unread(bad.name, reason, "zh"))


def test_an_encrypted_workbook_part_is_refused_as_well(tmp_path: Path) -> None:
    bad = zip_encrypted(tmp_path, "xl/workbook.xml")
    result = limited(*READ, bad.name, cwd=tmp_path)
    assert result.stderr == unread(
        bad.name, "password-protected (encrypted zip: xl/workbook.xml); save it without a password"
    )


@pytest.mark.parametrize(
    ("count", "refused"),
    [
        ("87", False),  # what it holds
        ("1048576", False),  # a count up to 2^20 passes whatever the part's size
        ("1048577", True),  # past it, and past what 3,740 bytes can hold (748 strings)
        ("0004000000000000", True),  # leading zeros: calamine reads them as the number
        ("-1", False),  # not a number calamine reads: it reserves nothing
    ],
)
def test_a_string_count_is_trusted_as_far_as_the_part_can_hold_it(
    tmp_path: Path, count: str, refused: bool
) -> None:
    book = forged_string_count(tmp_path, count)
    result = limited("read", book.name, cwd=tmp_path)
    assert ("sharedStrings.xml declares" in result.stderr) is refused, result
    assert result.code == (2 if refused else 0), result


def test_a_count_behind_a_decoy_or_a_prefix_is_still_found(tmp_path: Path) -> None:
    # calamine takes the first <sst> start tag it meets, prefixed or not, skipping comments;
    # a ">" inside a quoted attribute does not end the tag
    def edit(xml: bytes) -> bytes:
        start = b'<sst xmlns="' + _MAIN + b'"'
        assert start in xml
        decoy = b'<!-- <sst uniqueCount="1"> --><x:sst a=">" xmlns:x="' + _MAIN + b'" xmlns="'
        xml = xml.replace(start, decoy + _MAIN + b'"').replace(b"</sst>", b"</x:sst>")
        return xml.replace(b'uniqueCount="87"', b'uniqueCount="4000000000000"')

    book = rewritten(tmp_path / "decoy.xlsx", "xl/sharedStrings.xml", edit)
    result = limited("read", book.name, cwd=tmp_path)
    assert result.code == 2, result
    assert "xl/sharedStrings.xml declares 4,000,000,000,000 strings" in result.stderr


_MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def test_every_truncation_of_an_xls_is_a_located_error(tmp_path: Path) -> None:
    # a file cut anywhere: never a Rust panic on stderr, always the file named (exit 2)
    whole = compound_file(workbook_stream(MORNING))
    folder = tmp_path / "cuts"
    folder.mkdir()
    for size in range(64, len(whole), 192):
        (folder / f"cut-{size:05}.xls").write_bytes(whole[:size])
    result = limited(*READ, folder.name, cwd=tmp_path)
    assert result.code == 2, result
    for size in range(64, len(whole), 192):
        assert f"cuts/cut-{size:05}.xls: " in result.stderr, size


# --- one bad file in a month's folder: the others read as if it were not there ----------------


def _report(result: CliResult) -> dict[str, Any]:
    report: dict[str, Any] = json.loads(result.stdout)
    return report


@pytest.fixture(scope="module")
def month_alone(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict[str, Any]]:
    """`read --format json` of a copy of the example month: its exit code and report."""
    folder = tmp_path_factory.mktemp("alone")
    shutil.copytree(MONTH, folder / "month")
    result = limited("read", "month", "--format", "json", cwd=folder)
    return result.code, _report(result)


@pytest.mark.parametrize("case", list(CASES))
def test_one_forged_file_in_a_folder_leaves_the_others_read(
    case: str, tmp_path: Path, month_alone: tuple[int, dict[str, Any]]
) -> None:
    make, reason = CASES[case]
    shutil.copytree(MONTH, tmp_path / "month")
    made = make(tmp_path)
    bad = made.rename(tmp_path / "month" / "inspection" / f"zz-{made.name}")
    result = limited("read", "month", "--format", "json", cwd=tmp_path)
    code, alone = month_alone
    # the exit code of the month alone (1: it holds two rejected rows, README's rules: a file
    # not read beside files read is listed, not an exit 2)
    assert result.code == code == 1, result
    report = _report(result)
    name = str(bad.relative_to(tmp_path))
    entry = {"file": name, "sheets": [], "rows": 0, "accepted": 0, "rejected": 0, "skipped": 0}
    assert entry in report["inputs"]
    assert [i for i in report["inputs"] if i != entry] == alone["inputs"]
    assert {"file": name, "sheet": "", "reason": reason} in report["skipped_sheets"]
    for part in ("sheets", "rejected", "warnings", "roster_without_check"):
        assert report[part] == alone[part], part
    assert [s for s in report["skipped_sheets"] if s["file"] != name] == alone["skipped_sheets"]


def test_a_damaged_structure_panic_is_not_blamed_on_a_value() -> None:
    from svccheck.sheets.workbook import _panic_reason

    index = BaseException("range start index 116 out of range for slice of length 76")
    assert _panic_reason("en", index) == (
        "damaged or truncated workbook (calamine failed: range start index 116 out of range "
        "for slice of length 76)"
    )
    date = BaseException("TimeDelta::milliseconds out of bounds")
    assert _panic_reason("en", date).endswith("; a date or number out of range?")
    assert _panic_reason("zh", index).startswith("文件已损坏或不完整（calamine：")


def whole_column_merges(folder: Path, columns: int = 220) -> Path:
    """The register with `columns` merged ranges, each a whole column (P1:P1048576 …), in its
    sheet's existing <mergeCells>: 5 KB of XML covering 230 million cells."""

    def edit(xml: bytes) -> bytes:
        from svccheck.model import column_letter

        refs = "".join(
            f'<mergeCell ref="{column_letter(c)}1:{column_letter(c)}1048576"/>'
            for c in range(15, 15 + columns)
        )
        merged, n = re.subn(rb"<mergeCells[^>]*>", f"<mergeCells>{refs}".encode(), xml)
        assert n == 1
        return merged

    return rewritten(folder / "merges.xlsx", "xl/worksheets/sheet1.xml", edit)


def test_merged_ranges_over_whole_columns_are_cut_to_the_sheet(tmp_path: Path) -> None:
    # Expanded row by row, the ranges took 21 s and ended in a MemoryError traceback; cut to
    # the cells the sheet holds (its last row and column) they are read at once, as the sheet.
    bomb = whole_column_merges(tmp_path)
    args = ("read", "--format", "json")
    plain, merged = limited(*args, REGISTER, cwd=tmp_path), limited(*args, bomb, cwd=tmp_path)
    assert plain.code == merged.code == 0, merged
    inputs = [json.loads(r.stdout)["inputs"] for r in (plain, merged)]
    assert [(i["rows"], i["accepted"]) for i in inputs[0]] == [
        (i["rows"], i["accepted"]) for i in inputs[1]
    ]
    assert inputs[0][0]["accepted"] > 0
