"""Read a branch roster (csv or xlsx) into the people a morning form lists, one row each.

A roster is a staff list, usually exported from HR: a header row somewhere near the top with a
name column (姓名 / name) and optionally 工号 / employee id and 岗位 / role. Roles are matched
against the taxonomy's ids and labels in either language so the form can leave out people a
checklist is not for. Anything unusable is a located InputError: file, sheet, row, cell.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from svccheck.errors import InputError
from svccheck.i18n import tr
from svccheck.model import Person, Taxonomy, column_letter
from svccheck.sheets.staff import HEADER_SCAN_ROWS, find_staff_header, role_choices, role_index
from svccheck.sheets.values import cell_text, normalise


def read_roster(path: Path, taxonomy: Taxonomy, lang: str = "zh") -> tuple[Person, ...]:
    """The people of a roster file, in file order."""
    path = Path(path)
    if not path.is_file():
        raise InputError(
            tr(lang, "{file}：名单文件不存在", "{file}: roster file not found", file=path)
        )
    suffix = path.suffix.lower()
    if suffix == ".csv":
        sheets: Iterable[tuple[str, list[list[object]]]] = [("", _csv_rows(path, lang))]
    elif suffix in (".xlsx", ".xlsm"):
        sheets = _xlsx_sheets(path, lang)
    else:
        raise InputError(
            tr(
                lang,
                "{file}：名单应为 .csv、.xlsx 或 .xlsm 文件",
                "{file}: a roster must be a .csv, .xlsx or .xlsm file",
                file=path,
            )
        )
    found: list[str] = []
    for sheet, rows in sheets:
        located = find_staff_header(rows)
        if located is None:
            found.extend(cell_text(v) for row in rows[:1] for v in row if cell_text(v))
            continue
        header_index, columns = located
        people = _people(rows, header_index, columns, taxonomy, _where(path, sheet), lang)
        if not people:
            raise InputError(
                tr(
                    lang,
                    "{where}：名单中没有人员",
                    "{where}: the roster lists nobody",
                    where=_where(path, sheet),
                )
            )
        return tuple(people)
    raise InputError(
        tr(
            lang,
            "{file}：前 {n} 行中没有找到名单表头（需要“姓名”列，可选“工号”“岗位”）；"
            "找到的是：{found}",
            "{file}: no roster header in the first {n} rows (expected a name / 姓名 column, "
            "optionally employee id / 工号 and role / 岗位); found: {found}",
            file=path,
            n=HEADER_SCAN_ROWS,
            found=", ".join(found[:12]) or "-",
        )
    )


def _where(path: Path, sheet: str) -> str:
    return f"{path} [{sheet}]" if sheet else str(path)


def _csv_rows(path: Path, lang: str) -> list[list[object]]:
    """Decode by content, not by locale: a BOM or valid UTF-8, else GB18030."""
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes almost any byte string
        raise InputError(
            tr(
                lang,
                "{file}：无法识别文本编码（应为 UTF-8 或 GB18030）",
                "{file}: unknown text encoding (expected UTF-8 or GB18030)",
                file=path,
            )
        )
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""))]


def _xlsx_sheets(path: Path, lang: str) -> Iterator[tuple[str, list[list[object]]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise InputError(
            tr(
                lang,
                "{file}：不是可读取的 xlsx 工作簿（{error}）",
                "{file}: not a readable xlsx workbook ({error})",
                file=path,
                error=error,
            )
        ) from error
    try:
        for sheet in workbook.worksheets:
            if sheet.sheet_state != "visible":
                continue
            yield sheet.title, [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _people(
    rows: Sequence[Sequence[object]],
    header_index: int,
    columns: dict[str, int],
    taxonomy: Taxonomy,
    where: str,
    lang: str,
) -> list[Person]:
    roles = role_index(taxonomy)
    people = []
    for index in range(header_index + 1, len(rows)):
        row = rows[index]

        def get(field: str, row: Sequence[object] = row) -> str:
            col = columns.get(field)
            return cell_text(row[col]) if col is not None and col < len(row) else ""

        name = get("name")
        if not name:
            continue  # spacer rows and trailing blanks
        role_text = get("role")
        role = roles.get(normalise(role_text)) if role_text else None
        if role_text and role is None:
            cell = f"{column_letter(columns['role'])}{index + 1}"
            raise InputError(
                tr(
                    lang,
                    "{where} 第 {row} 行 {cell}：未知岗位“{role}”；应为：{known}",
                    "{where} row {row} cell {cell}: unknown role '{role}'; "
                    "expected one of: {known}",
                    where=where,
                    row=index + 1,
                    cell=cell,
                    role=role_text,
                    known=", ".join(role_choices(taxonomy, lang)),
                )
            )
        people.append(Person(name, get("employee_id") or None, role))
    return people
