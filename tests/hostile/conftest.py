"""The hostile-input corpus: what an attacker or a careless user could hand svccheck.

Every case is made by code, at test time, in the test's tmp_path — no committed blobs: a
workbook is written from its XML parts (`make_xlsx`), a zip bomb deflated on the fly
(`zip_bomb`), a csv encoded as the case needs, a library copied and edited. Each case runs the
real CLI as a separate process (`svccheck`, with a timeout: a hang fails the test) and asserts
its exact exit code and its exact message, so a change of behaviour — better or worse — shows.

Files: test_known_strong.py pins what main already withstands (zip bombs, entity expansion,
disguised and encrypted files, other encodings, YAML bombs); the other test_*.py files hold
the cases fixed for issue 14, one file per class of input. The fuzz job (tests/fuzz) mutates
real inputs at random; a failure it finds becomes a case here.
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from zip_headers import CENTRAL_SIZE, LOCAL_SIZE, member_headers

import svccheck as _svccheck
from cli_support import CliResult, RunCli

# The processes import the svccheck this one imported (a worktree's src/, not the venv's).
_SOURCE = Path(_svccheck.__file__).resolve().parent.parent

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _parts(sheet_xml: str) -> dict[str, str]:
    """The least a workbook needs: one sheet named S, the given worksheet XML."""
    main = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    return {
        "[Content_Types].xml": f'{_HEAD}<Types xmlns="{_PKG}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{main}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{main}.worksheet+xml"/>'
        "</Types>",
        "_rels/.rels": f'{_HEAD}<Relationships xmlns="{_PKG}/relationships"><Relationship '
        f'Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'{_HEAD}<workbook xmlns="{_NS}" xmlns:r="{_REL}"><sheets>'
        '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'{_HEAD}<Relationships xmlns="{_PKG}/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>",
        "xl/worksheets/sheet1.xml": sheet_xml,
    }


def sheet_xml(rows: Sequence[Sequence[str]], doctype: str = "") -> str:
    """A worksheet of inline strings from A1; `doctype` goes before the root element, and a
    value is written as given (so an entity reference stays one)."""
    cells = []
    for r, row in enumerate(rows, 1):
        refs = (f"{chr(ord('A') + c)}{r}" for c in range(len(row)))
        body = "".join(
            f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
            for ref, value in zip(refs, row, strict=True)
        )
        cells.append(f'<row r="{r}">{body}</row>')
    data = "".join(cells)
    return f'{_HEAD}{doctype}<worksheet xmlns="{_NS}"><sheetData>{data}</sheetData></worksheet>'


# A morning check any library since 2026.1 reads with --checklist morning-teller.
HEADER = ["日期", "网点", "姓名", "TLR-01", "TLR-02"]
ROW = ["2026-10-08", "东环支行", "张三", "√", "×"]


@pytest.fixture
def morning_rows() -> list[list[str]]:
    """A header and one row of a morning check (read with --checklist morning-teller)."""
    return [list(HEADER), list(ROW)]


@pytest.fixture
def make_xlsx(tmp_path: Path) -> Callable[..., Path]:
    """`make_xlsx(name, rows=[HEADER, ROW], doctype="", sheet=None)`: a workbook written from
    its XML parts in tmp_path (`sheet`: the whole worksheet XML instead of rows)."""

    def make(
        name: str,
        rows: Sequence[Sequence[str]] = (HEADER, ROW),
        doctype: str = "",
        sheet: str | None = None,
    ) -> Path:
        path = tmp_path / name
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for part, text in _parts(sheet or sheet_xml(rows, doctype)).items():
                archive.writestr(part, text)
        return path

    return make


@pytest.fixture
def zip_bomb(tmp_path: Path) -> Callable[..., Path]:
    """`zip_bomb(name, inflated=576 MiB, lie=False)`: a valid workbook whose sheet inflates to
    `inflated` bytes of blanks (a few MB on disk); with `lie`, the zip's headers declare the
    sheet 2,000 bytes, as a crafted bomb would."""

    def make(name: str, inflated: int = 576 << 20, lie: bool = False) -> Path:
        buffer = io.BytesIO()
        rows = sheet_xml([HEADER, ROW])
        head, tail = rows[: -len("</worksheet>")], "</worksheet>"
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            for part, text in _parts(rows).items():
                if part != "xl/worksheets/sheet1.xml":
                    archive.writestr(part, text)
                    continue
                with archive.open(part, "w") as member:
                    member.write(head.encode())
                    chunk = b" " * (16 << 20)
                    for _ in range(inflated // len(chunk)):
                        member.write(chunk)
                    member.write(tail.encode())
        data = bytearray(buffer.getvalue())
        if lie:
            _declare_size(data, b"xl/worksheets/sheet1.xml", 2000)
        path = tmp_path / name
        path.write_bytes(bytes(data))
        return path

    return make


def _declare_size(data: bytearray, name: bytes, size: int) -> None:
    """Rewrite the uncompressed size `name` declares, in its local header and in the central
    directory."""
    for at, local in member_headers(data, name):
        struct.pack_into("<I", data, at + (LOCAL_SIZE if local else CENTRAL_SIZE), size)


@pytest.fixture
def svccheck(run_cli_process: RunCli) -> Callable[..., CliResult]:
    """`svccheck(*args, lang="en", …)`: the CLI as a real process (at most 120 s), checked to
    have ended as the README promises — exit 0, 1 or 2 and no traceback — before the test
    looks at its exact output."""

    def run(*args: str | Path, env: dict[str, str] | None = None, **options: Any) -> CliResult:
        path = os.pathsep.join(filter(None, [str(_SOURCE), os.environ.get("PYTHONPATH")]))
        env = {"PYTHONPATH": path, **(env or {})}
        result = run_cli_process(*args, timeout=120, env=env, **options)
        assert result.code in (0, 1, 2), result
        assert "Traceback" not in result.stderr + result.stdout, result
        return result

    return run
