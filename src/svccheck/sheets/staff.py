"""Staff lists as people write them: a register's staff-on-duty sheet (在岗人员), read from rows.

A header somewhere in the first rows with a name column (姓名 / name), and optionally 工号 /
employee id, 岗位 / role, 日期 / date and 网点 / branch; then one person a row. Roles are
matched against the taxonomy's ids and labels in either language. Pure: rows in, people and
located problems out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from svccheck.i18n import tr
from svccheck.model import OnDuty, Taxonomy, column_letter
from svccheck.sheets.values import (
    DATE_WINDOW,
    ValueProblem,
    cell_text,
    normalise,
    parse_date,
    parse_name,
)

STAFF_SHEETS = frozenset(normalise(n) for n in ("在岗人员", "Staff on duty", "staff_on_duty"))
"""The names a register's staff-on-duty sheet goes by (the form writes the first)."""

HEADER_SCAN_ROWS = 30

_HEADERS: Mapping[str, tuple[str, ...]] = {
    "name": ("姓名", "name", "员工", "员工姓名", "employee", "被检查人"),
    "employee_id": ("工号", "employee id", "employee_id", "id", "员工编号", "员工号", "staff id"),
    "role": ("岗位", "role", "职位", "岗位名称", "position"),
    "date": ("日期", "date", "检查日期"),
    "branch": ("网点", "branch", "机构", "支行", "网点名称"),
}
_ALIASES: Mapping[str, str] = {normalise(t): f for f, texts in _HEADERS.items() for t in texts}


def is_staff_sheet(name: str) -> bool:
    return normalise(name) in STAFF_SHEETS


@dataclass
class StaffList:
    """What a staff sheet held: its people, the lines that could not be used, and why."""

    people: list[OnDuty] = field(default_factory=list)
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # (row, cell, reason)
    header_row: int = 0  # 1-based; 0: no header found


def role_index(taxonomy: Taxonomy) -> dict[str, str]:
    """Role id or zh/en label (normalised) → role id; the branch itself is not a person."""
    index: dict[str, str] = {}
    for role, label in taxonomy.terms.get("roles", {}).items():
        if role == "branch":
            continue
        for key in (role, role.replace("_", " "), label.zh, label.en):
            if key:
                index.setdefault(normalise(key), role)
    return index


def role_choices(taxonomy: Taxonomy, lang: str) -> list[str]:
    """The roles a staff list may name, as a message lists them: "综合柜员 (teller)"."""
    return [
        f"{taxonomy.label('roles', r, lang)} ({r})"
        for r in taxonomy.terms.get("roles", {})
        if r != "branch"
    ]


def find_staff_header(rows: Sequence[Sequence[object]]) -> tuple[int, dict[str, int]] | None:
    """The first row (of the first 30) with a name column, and where each field sits."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns: dict[str, int] = {}
        for col, value in enumerate(row):
            name = _ALIASES.get(normalise(value)) if isinstance(value, str) else None
            if name and name not in columns:
                columns[name] = col
        if "name" in columns:
            return index, columns
    return None


def read_staff(
    rows: Sequence[Sequence[object]],
    taxonomy: Taxonomy,
    lang: str,
    *,
    date: dt.date | None = None,
    branch: str | None = None,
) -> StaffList:
    """The people of a staff-on-duty sheet; `date` and `branch` stand in for missing columns
    (the register's own). A line without a date or branch to give it is a problem."""
    staff = StaffList()
    located = find_staff_header(rows)
    if located is None:
        return staff
    header, columns = located
    staff.header_row = header + 1
    roles = role_index(taxonomy)
    for index in range(header + 1, len(rows)):
        row, number = rows[index], index + 1

        def get(name: str, row: Sequence[object] = row) -> object:
            col = columns.get(name)
            return row[col] if col is not None and col < len(row) else None

        def cell(name: str, number: int = number) -> str:
            return f"{column_letter(columns.get(name, 0))}{number}"

        names = _names(get)  # name, id and branch as the sheets' rows store them
        if isinstance(names, tuple):
            field_name, problem = names
            staff.problems.append((number, cell(field_name), _bad_name(lang, problem)))
            continue
        person, employee_id, where = names["name"], names["employee_id"], names["branch"]
        if not person:
            continue  # spacer rows and trailing blanks
        role_text = cell_text(get("role"))
        role = roles.get(normalise(role_text)) if role_text else None
        if role_text and role is None:
            known = ", ".join(role_choices(taxonomy, lang))
            staff.problems.append(
                (
                    number,
                    cell("role"),
                    tr(
                        lang,
                        "未知岗位“{role}”；应为：{known}",
                        "unknown role '{role}'; expected one of: {known}",
                        role=role_text,
                        known=known,
                    ),
                )
            )
            continue
        try:
            day = parse_date(get("date")) or date
        except ValueProblem as problem:
            staff.problems.append((number, cell("date"), _bad_date(lang, problem)))
            continue
        where = where or branch
        if day is None or not where:
            staff.problems.append(
                (
                    number,
                    cell("name"),
                    tr(
                        lang,
                        "“{name}”没有日期或网点：加上“日期”“网点”列，或在登记簿中写明",
                        "'{name}' has no date or branch: add 日期/date and 网点/branch columns, "
                        "or give them on the register",
                        name=person,
                    ),
                )
            )
            continue
        staff.people.append(OnDuty(person, day, where, role, employee_id, number))
    return staff


def _names(get: Callable[[str], object]) -> dict[str, str | None] | tuple[str, ValueProblem]:
    """A staff line's name, id and branch (values.parse_name) — or the first that cannot be
    stored, and why."""
    names: dict[str, str | None] = {}
    for name in ("name", "employee_id", "branch"):
        try:
            names[name] = parse_name(get(name))
        except ValueProblem as problem:
            return name, problem
    return names


def _bad_name(lang: str, problem: ValueProblem) -> str:
    text = cell_text(problem.value)
    if problem.code == "too_long":
        return tr(
            lang,
            "“{value}…”长 {n} 个字符，超过 {limit} 个：不是姓名、网点或工号",
            "'{value}…' is {n} characters long, over {limit}: no name, branch or id is that long",
            value=text[:20],
            n=len(text),
            limit=problem.detail,
        )
    return tr(
        lang,
        "{value!r} 含有控制字符：请在表中删去",
        "{value!r} holds a control character: delete it in the sheet",
        value=text,
    )


def _bad_date(lang: str, problem: ValueProblem) -> str:
    if problem.code == "date_out_of_range":
        return tr(
            lang,
            "日期“{value}”超出范围（{window} 年）：请改正年份",
            "date '{value}' is out of range ({window}): correct the year",
            value=cell_text(problem.value),
            window=DATE_WINDOW,
        )
    return tr(
        lang,
        "日期“{value}”无法识别（如 2026-10-08 或 2026年10月8日）",
        "date '{value}' not understood (e.g. 2026-10-08 or 2026年10月8日)",
        value=cell_text(problem.value),
    )
