"""Read a branch roster (csv or xlsx) into the people a morning form lists, one row each.

A roster is a staff list, usually exported from HR: a header row somewhere near the top with a
name column (姓名 / name) and optionally 工号 / employee id and 岗位 / role. Roles are matched
against the taxonomy's ids and labels in either language so the form can leave out people a
checklist is not for. Anything unusable is a located InputError: file, sheet, row, cell.

The file is opened as every input file is (sheets.sniff.open_book): what it is comes from its
bytes, and a workbook passes the same guard as a filled sheet (zip bombs, XML entities, cell
ranges, damaged data; sheets/guard.py). Text from the file that goes into a message shows its
control characters escaped (\x01), and a name, id or role holding one is refused.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path

from svccheck.errors import InputError
from svccheck.i18n import tr
from svccheck.model import Person, Taxonomy, column_letter
from svccheck.sheets.book import SheetSource, UnreadableSheet
from svccheck.sheets.staff import HEADER_SCAN_ROWS, find_staff_header, role_choices, role_index
from svccheck.sheets.values import cell_text, normalise

_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".xls")


def read_roster(path: Path, taxonomy: Taxonomy, lang: str = "zh") -> tuple[Person, ...]:
    """The people of a roster file, in file order."""
    path = Path(path)
    if not path.is_file():
        raise InputError(
            tr(lang, "{file}：名单文件不存在", "{file}: roster file not found", file=path)
        )
    if path.suffix.lower() not in _SUFFIXES:
        raise InputError(
            tr(
                lang,
                "{file}：名单应为 .csv、.xlsx、.xlsm 或 .xls 文件",
                "{file}: a roster must be a .csv, .xlsx, .xlsm or .xls file",
                file=path,
            )
        )
    from svccheck.sheets.sniff import open_book

    book = open_book(path, lang)  # UnreadableFile is an InputError naming the file
    try:
        return _read_people(path, _sheets(path, book.sheets, lang), taxonomy, lang)
    finally:
        book.close()


def _read_people(
    path: Path,
    sheets: Iterator[tuple[str, list[list[object]]]],
    taxonomy: Taxonomy,
    lang: str,
) -> tuple[Person, ...]:
    found: list[str] = []
    for sheet, rows in sheets:
        located = find_staff_header(rows)
        if located is None:
            found.extend(shown(cell_text(v)) for row in rows[:1] for v in row if cell_text(v))
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
    return f"{path} [{shown(sheet)}]" if sheet else str(path)


def shown(text: str) -> str:
    """Text from a file as a message shows it: control characters escaped (\\x01, \\x1b)."""
    return "".join(_escaped(c) if unicodedata.category(c) == "Cc" else c for c in text)


def _has_control(text: str) -> bool:
    return any(unicodedata.category(c) == "Cc" for c in text)


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _sheets(
    path: Path, sources: Sequence[SheetSource], lang: str
) -> Iterator[tuple[str, list[list[object]]]]:
    """(sheet name, rows) of each visible sheet; a csv file is one sheet named ""."""
    for source in sources:
        if source.hidden:
            continue
        name = "" if source.ragged else source.name
        try:
            rows = list(source.rows())
        except UnreadableSheet as error:
            raise InputError(
                tr(
                    lang,
                    "{where}：{why}",
                    "{where}: {why}",
                    where=_where(path, name),
                    why=error.reason,
                )
            ) from error
        yield name, rows


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
        for field in ("name", "employee_id", "role"):
            if field in columns and _has_control(get(field)):
                raise InputError(
                    tr(
                        lang,
                        "{where} 第 {row} 行 {cell}：含有控制字符（“{text}”），请在名单中改正",
                        "{where} row {row} cell {cell}: holds a control character ('{text}'); "
                        "correct it in the roster",
                        where=where,
                        row=index + 1,
                        cell=f"{column_letter(columns[field])}{index + 1}",
                        text=shown(get(field)),
                    )
                )
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
                    role=shown(role_text),
                    known=", ".join(role_choices(taxonomy, lang)),
                )
            )
        people.append(Person(name, get("employee_id") or None, role))
    return people
