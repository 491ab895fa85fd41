"""Helpers for the sheet reader's tests: a fixed small library, and real workbooks written
the ways people's files are (openpyxl for merged cells and titles, xlsxwriter for formulas
with saved values), plus the reconciliation every test file must pass."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar, cast

import openpyxl
import pytest
import xlsxwriter

from svccheck.catalog.library import load_library
from svccheck.model import Library
from svccheck.sheets import ReadResult, read_sheets
from svccheck.sheets.rows import RowReader

DATA = Path(__file__).resolve().parent.parent / "data" / "sheets"
LIBRARY = DATA / "library"

Cell = object
T = TypeVar("T")
Rows = Sequence[Sequence[Cell]]


@pytest.fixture(scope="session")
def mini() -> Library:
    """A small library that does not move: TLR-01..03, LBM-01..02, ENT-01..02 and five
    checklists (morning-teller, peer-teller, morning-lobby, morning-environment,
    inspection-monthly). 着装规范 is the title of both TLR-01 and LBM-01."""
    return load_library(LIBRARY / "standards", LIBRARY / "checklists")


@dataclass
class Sheet:
    """A worksheet to write: rows from A1 (None = empty cell), merges, hidden or not."""

    name: str
    rows: Rows
    merges: Sequence[str] = ()
    hidden: bool = False
    start: str = "A1"  # where the first row's first cell goes
    formulas: dict[str, tuple[str, object]] = field(default_factory=dict)  # cell → (f, value)


def write_openpyxl(path: Path, *sheets: Sheet) -> Path:
    """Write with openpyxl (as most scripts and many tools do): no saved formula values."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for spec in sheets:
        sheet = book.create_sheet(spec.name)
        col0, row0 = openpyxl.utils.cell.coordinate_from_string(spec.start)
        col0_index = openpyxl.utils.cell.column_index_from_string(col0)
        for r, row in enumerate(spec.rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.cell(row=row0 + r, column=col0_index + c, value=value)
        for cell, (formula, _) in spec.formulas.items():
            sheet[cell] = formula
        for merge in spec.merges:
            sheet.merge_cells(merge)
        if spec.hidden:
            sheet.sheet_state = "hidden"
    book.save(path)
    return path


def write_xlsxwriter(path: Path, *sheets: Sheet) -> Path:
    """Write with xlsxwriter, whose formulas carry a saved value as Excel's do."""
    book = xlsxwriter.Workbook(str(path))
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for spec in sheets:
        sheet = book.add_worksheet(spec.name)
        row0, col0 = xlsxwriter.utility.xl_cell_to_rowcol(spec.start)
        for r, row in enumerate(spec.rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    moment = dt.datetime.combine(value, dt.time())
                    sheet.write_datetime(row0 + r, col0 + c, moment, date_format)
                else:
                    sheet.write(row0 + r, col0 + c, value)
        for cell, (formula, value) in spec.formulas.items():
            sheet.write_formula(cell, formula, None, value)
        for merge in spec.merges:
            first, last = merge.split(":")
            sheet.merge_range(f"{first}:{last}", "")
        if spec.hidden:
            sheet.hide()
    book.close()
    return path


def write_csv(path: Path, rows: Rows, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    lines = [delimiter.join("" if v is None else str(v) for v in row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def metadata_rows(library: Library, checklist: str, **values: str) -> list[list[object]]:
    """The `_svccheck` sheet a generated form carries (key in A, value in B)."""
    form = library.checklists[checklist]
    rows: list[list[object]] = [
        ["svccheck", "0.1"],
        ["checklist", checklist],
        ["fingerprint", library.fingerprint(form)],
        ["standards_version", library.version],
        ["layout", values.pop("layout", "wide")],
    ]
    rows += [[key, value] for key, value in values.items()]
    rows += [[f"item:{item.id}", item.fingerprint] for item in library.checklist_items(form)]
    return rows


def reconcile(result: ReadResult) -> None:
    """accepted + rejected = rows read, for every sheet and every file; nothing counted twice."""
    for layout in result.layouts:
        assert layout.accepted + layout.rejected == layout.rows, layout
    for summary in result.inputs:
        assert summary.accepted + summary.rejected == summary.rows, summary
        sheets = [s for s in result.layouts if s.file == summary.file]
        assert summary.rows == sum(s.rows for s in sheets)
        assert summary.sheets == tuple(s.sheet for s in sheets)
    assert len(result.rejected) == sum(s.rejected for s in result.inputs)
    rows_with_observations = {(o.file, o.sheet, o.row) for o in result.observations}
    assert len(rows_with_observations) == sum(s.accepted for s in result.inputs)
    rejected_rows = {(r.file, r.sheet, r.row) for r in result.rejected}
    assert not rows_with_observations & rejected_rows


def outcomes(result: ReadResult) -> list[tuple[object, ...]]:
    """What scoring cares about, per observation, in reading order."""
    return [
        (o.row, o.cell, o.subject, o.item, o.result, o.deduction, o.date.isoformat())
        for o in result.observations
    ]


# LibreOffice (Debian: libreoffice-calc-nogui) saves workbooks as a user editing them would.
SOFFICE = shutil.which("soffice")
NEEDS_SOFFICE = [
    pytest.mark.soffice,
    pytest.mark.skipif(
        SOFFICE is None,
        reason="LibreOffice (soffice) is not on PATH; install libreoffice-calc-nogui to run",
    ),
]


def needs_soffice(test: T) -> T:
    """Mark one test as needing LibreOffice (`pytestmark = NEEDS_SOFFICE` marks a module)."""
    for mark in NEEDS_SOFFICE:
        test = cast(T, mark(test))
    return test


def soffice_convert(
    paths: Sequence[Path], to: str, out: Path, profile: Path
) -> subprocess.CompletedProcess[str]:
    """Save `paths` as `to` ("xlsx", "xls") into `out` with `soffice --headless`, using the
    private profile folder `profile` (its first start is the slow part; parallel runs must not
    share LibreOffice's lock)."""
    assert SOFFICE is not None
    out.mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(out),
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def _tagged(path: Path, tag: str) -> None:
    """The workbook at `path` with a zip comment: other bytes, the same sheets."""
    with zipfile.ZipFile(path, "a") as book:
        book.comment = tag.encode()


def big_month(folder: Path) -> Path:
    """`folder` filled with the example month three times over, each copy's workbooks made
    distinct (126 workbooks, 3 MB: big enough to be read by worker processes, see
    sheets/parallel.py), with a truncated workbook,
    a csv with a rejected row and a file that is not a workbook among them."""
    example = Path(__file__).resolve().parents[2] / "examples" / "2026-10"
    for copy in ("a", "b", "c"):
        shutil.copytree(example, folder / copy)
        if copy != "a":  # each workbook made distinct (a copy of a file is read once)
            for book in (folder / copy).rglob("*.xlsx"):
                _tagged(book, copy)
    whole = next((folder / "a" / "morning").rglob("*.xlsx")).read_bytes()
    (folder / "b" / "cut.xlsx").write_bytes(whole[: len(whole) // 2])
    (folder / "b" / "bad.csv").write_text(
        "柜员晨会自查表\n日期,网点,姓名,TLR-01\n2026-10-08,东环支行,张三,√\n"
        "2026-13-40,东环支行,李四,√\n",
        encoding="utf-8",
    )
    (folder / "c" / "not-a-book.xlsx").write_text("hello", encoding="utf-8")
    return folder


@pytest.fixture(params=[True, False], ids=["fast", "general"])
def fast(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Each test run through the row loops' fast paths and through the general one."""
    monkeypatch.setattr(RowReader, "fast_paths", request.param)
    return bool(request.param)


def read(library: Library, *paths: Path, **options: object) -> ReadResult:
    """read_sheets, its counts reconciled."""
    result = read_sheets(list(paths), library, **options)  # type: ignore[arg-type]
    reconcile(result)
    return result


def with_nul(path: Path) -> Path:
    """The workbook at `path` with Excel's escape `_x0000_` (U+0000 to every reader) in place
    of each "NUL" it holds: openpyxl refuses to write the character itself, so the zip's
    parts are edited."""
    source = path.with_suffix(".src.xlsx")
    path.rename(source)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for member in old.infolist():
            new.writestr(member, old.read(member).replace(b"NUL", b"_x0000_"))
    source.unlink()
    return path
