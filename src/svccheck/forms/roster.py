"""Read a branch roster (csv or xlsx) into the people a morning form lists, one row each.

A roster is a staff list, usually exported from HR: a header row somewhere near the top with a
name column (姓名 / name) and optionally 工号 / employee id, 岗位 / role and 网点 / branch. Roles
are matched against the taxonomy's ids and labels in either language so the form can leave out
people a checklist is not for. An HR export often lists a whole city's staff with their
branch: read for one branch, only that branch's people (and those with no branch given) are
kept, and the others are counted, never silently listed under the wrong branch. Anything
unusable is a located InputError: file, sheet, row, cell.

The file is opened as every input file is (sheets.sniff.open_book): what it is comes from its
bytes, and a workbook passes the same guard as a filled sheet (zip bombs, XML entities, cell
ranges, damaged data; sheets/guard.py). Text from the file that goes into a message shows its
control characters escaped (\x01), and a name, id or role holding one is refused.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from svccheck.errors import InputError
from svccheck.i18n import tr
from svccheck.model import Person, Taxonomy, column_letter
from svccheck.sheets.book import SheetSource, UnreadableSheet
from svccheck.sheets.staff import HEADER_SCAN_ROWS, find_staff_header, role_choices, role_index
from svccheck.sheets.values import cell_text, normalise

_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".xls")


@dataclass(frozen=True)
class Roster:
    """The people a roster gives for a branch, in file order, and those it left out."""

    people: tuple[Person, ...]
    elsewhere: int = 0  # people the roster's branch column puts at another branch
    branches: tuple[str, ...] = ()  # the branches its branch column names, as written, in order
    repeated: int = 0  # lines that listed a person again (same name, id, role, branch): merged


def read_roster(
    path: Path, taxonomy: Taxonomy, lang: str = "zh", *, branch: str | None = None
) -> Roster:
    """The people of a roster file, in file order: with `branch`, when the roster has a branch
    column, those of that branch (and those whose branch cell is blank)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(
            tr(lang, "{file}：不是普通文件（是文件夹、管道或设备？）",
               "{file}: not a regular file (a folder, a pipe or a device?)", file=path)
            if path.exists()
            else tr(lang, "{file}：名单文件不存在", "{file}: roster file not found", file=path)
        )  # fmt: skip
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
        return _read_people(path, _sheets(path, book.sheets, lang), taxonomy, lang, branch)
    finally:
        book.close()


def _read_people(
    path: Path,
    sheets: Iterator[tuple[str, list[list[object]]]],
    taxonomy: Taxonomy,
    lang: str,
    branch: str | None,
) -> Roster:
    found: list[str] = []
    for sheet, rows in sheets:
        located = find_staff_header(rows)
        if located is None:
            found.extend(shown(cell_text(v)) for row in rows[:1] for v in row if cell_text(v))
            continue
        header_index, columns = located
        where = _where(path, sheet)
        people = _people(rows, header_index, columns, taxonomy, where, lang)
        if not people:
            raise InputError(
                tr(lang, "{where}：名单中没有人员", "{where}: the roster lists nobody", where=where)
            )
        return _of_branch(people, branch, where, lang)
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


def _of_branch(
    people: list[tuple[Person, str]], branch: str | None, where: str, lang: str
) -> Roster:
    """The people of `branch` (all of them without one), from (person, branch cell) pairs. A
    branch the roster's branch column never names is an error naming those it does."""
    # a person listed twice (the same name, id and role: a line pasted twice) is one person
    once = list(dict.fromkeys(people))
    repeated = len(people) - len(once)
    people = once
    named = tuple(dict.fromkeys(b for _, b in people if b))
    wanted = normalise(branch) if branch and branch.strip() else None
    if wanted is None or not named:
        return Roster(tuple(p for p, _ in people), 0, named, repeated)
    if wanted not in {normalise(b) for b in named}:  # a typo, or another city's list
        raise InputError(
            tr(
                lang,
                "{where}：名单中没有 {branch} 的人员；名单的网点列为：{named}",
                "{where}: the roster lists nobody at {branch}; its branch column names: {named}",
                where=where,
                branch=shown(branch or ""),
                named=tr(lang, "、", ", ").join(shown(b) for b in named[:12])
                + (" …" if len(named) > 12 else ""),
            )
        )
    # a blank branch cell is the list's own branch: kept, as on a register's staff-on-duty sheet
    kept = tuple(p for p, b in people if not b or normalise(b) == wanted)
    return Roster(kept, len(people) - len(kept), named, repeated)


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
) -> list[tuple[Person, str]]:
    """Each named row's person, with its branch cell ("" when blank or no such column)."""
    roles = role_index(taxonomy)
    people = []
    ids: dict[str, tuple[str, int]] = {}  # employee id → the first name and row holding it
    for index in range(header_index + 1, len(rows)):
        row = rows[index]

        def get(field: str, row: Sequence[object] = row) -> str:
            col = columns.get(field)
            return cell_text(row[col]) if col is not None and col < len(row) else ""

        name = get("name")
        if not name:
            if any(get(field) for field in ("employee_id", "role")):  # a person, unnamed
                raise InputError(
                    tr(
                        lang,
                        "{where} 第 {row} 行 {cell}：没有姓名（该行有工号或岗位）；"
                        "请补上姓名或删除该行（若是公式，请在 Excel 中打开后保存）",
                        "{where} row {row} cell {cell}: no name (the row has an employee id or "
                        "a role); fill it in or delete the row (a formula: open the file in "
                        "Excel and save it)",
                        where=where,
                        row=index + 1,
                        cell=f"{column_letter(columns['name'])}{index + 1}",
                    )
                )
            continue  # spacer rows and trailing blanks
        for field in ("name", "employee_id", "role", "branch"):
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
        person = Person(name, get("employee_id") or None, role)
        if person.employee_id is not None:
            earlier = ids.setdefault(person.employee_id, (name, index + 1))
            if earlier[0] != name:  # one 工号, two people: which is meant cannot be told
                cell = f"{column_letter(columns['employee_id'])}"
                raise InputError(
                    tr(
                        lang,
                        "{where} 第 {row} 行 {cell}：工号 {id} 已是第 {first} 行“{other}”的工号；"
                        "请在名单中改正",
                        "{where} row {row} cell {cell}: employee id {id} is already "
                        "{other}'s (row {first}); correct it in the roster",
                        where=where,
                        row=index + 1,
                        cell=f"{cell}{index + 1}",
                        id=shown(person.employee_id),
                        first=earlier[1],
                        other=shown(earlier[0]),
                    )
                )
        people.append((person, get("branch")))
    return people
