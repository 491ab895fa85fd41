"""What a form holds, independent of its file format: columns, pre-filled rows and labels.

A checklist's kind decides the layout (SPEC §4): morning self and peer checks are *wide* (one row
per person, or per day for the branch walk-round, one column per item); the inspection register
is *long* (one row per finding). The xlsx, csv and md writers all render the same plan, so the
three formats can never disagree about a header.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from svccheck.errors import ConfigError
from svccheck.forms.labels import (
    BLOCK,
    HEADERS,
    HEADERS_LONG,
    INSTRUCTIONS,
    MARKS,
    METHODS,
    PAPER_INSTRUCTIONS,
    WHOLE_SCOPE,
)
from svccheck.i18n import tr
from svccheck.model import Checklist, Item, Library, Person
from svccheck.sheets.scope import ScopeWords
from svccheck.sheets.values import ValueProblem, normalise, parse_date

Layout = Literal["wide", "long"]

DEFAULT_ROWS: dict[Layout, int] = {"wide": 20, "long": 200}
SPARE_ROWS = 3  # open rows after a roster's people: a stand-in colleague, a newcomer
WEEK = 7


class FormDate(NamedTuple):
    """The --date of a form: a day, or a whole month (`2026-10`)."""

    day: dt.date
    whole_month: bool = False

    def __str__(self) -> str:
        return f"{self.day:%Y-%m}" if self.whole_month else self.day.isoformat()


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the data area: what it holds and how a cell in it is filled in.

    `entry` is the kind of input: date, due (a finding's due date), text, mark (√/×/n.a.
    dropdown), item_id (dropdown of the checklist's ids), deduction (a number ≥ 0), method
    (dropdown) or total (a formula).
    """

    field: str
    header: str
    entry: str = "text"
    item: Item | None = None


@dataclass(frozen=True, slots=True)
class FormPlan:
    """A form ready to render: everything the writers print, already in the form's language.

    `rows` hold what differs from row to row (a person, a day); what holds for every row
    (`sheet_values`: the date of a morning check, the branch) is printed once in the block
    above the header, where the reader picks it up — so changing the block's 日期 re-dates
    the whole sheet. A csv states them on a line above its header ("网点：东环支行"), and its
    writer copies them into each pre-filled row too.
    """

    checklist: Checklist
    layout: Layout
    lang: str
    title: str
    block: tuple[tuple[str, object], ...]  # (label, value) pairs printed above the header
    instructions: str
    columns: tuple[Column, ...]
    rows: tuple[Mapping[str, object], ...]  # pre-filled cells per data row, by column field
    items: tuple[Item, ...]
    branch: str | None
    date: FormDate
    sheet_values: Mapping[str, object]  # date, branch: given once for every row (the block)
    marks: tuple[str, ...]  # pass, fail, not applicable: the dropdown's choices
    methods: tuple[str, ...]
    left_out: int = 0  # roster people left out because they hold another role
    # the register's staff-on-duty sheet (在岗人员), pre-filled from --roster
    on_duty: tuple[Person, ...] = ()
    standards_version: str = ""  # the library the form is printed from (the csv form says it)
    date_given: bool = False  # --date was given (not today's by default): the csv states it

    @property
    def freeze_after(self) -> str:
        """The last column that stays in view when the sheet scrolls right."""
        if self.layout == "long":
            return "date"
        for field in ("role", "branch", "date"):
            if any(c.field == field for c in self.columns):
                return field
        return self.columns[0].field


def find_checklist(library: Library, checklist_id: str, lang: str) -> Checklist:
    """The named checklist — by its id, or by its title in either language (综合柜员晨会自查表)
    — or a ConfigError listing every checklist with its title (closest ids first)."""
    checklist = library.checklists.get(checklist_id)
    if checklist is not None:
        return checklist
    wanted = normalise(checklist_id)
    titled = [
        c
        for c in library.checklists.values()
        if wanted in (normalise(c.title.zh or ""), normalise(c.title.en or ""))
    ]
    if len(titled) == 1:
        return titled[0]
    known = sorted(library.checklists)
    close = difflib.get_close_matches(checklist_id, known, n=3, cutoff=0.5)
    hint = tr(lang, "（是否想用：{ids}？）", " (did you mean: {ids}?)", ids=", ".join(close))
    width = max(map(len, known), default=0)
    listed = "".join(
        f"\n  {cid:<{width}}  {library.checklists[cid].title.get(lang)}" for cid in known
    )
    raise ConfigError(
        tr(
            lang,
            "未知的检查表“{id}”{hint}。可用的检查表（编号或名称均可）：{known}",
            "unknown checklist '{id}'{hint}. Known checklists (give the id or the title): {known}",
            id=checklist_id,
            hint=hint if close else "",
            known=listed,
        )
    )


_MONTH = re.compile(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*月?")


def parse_form_date(text: str | None, lang: str) -> FormDate | None:
    """A day (any date form the readers accept: 2026-10-08, 2026年10月8日…) or a month
    (2026-10, 2026年10月); None when not given."""
    if text is None or not text.strip():
        return None
    value = text.strip()
    try:
        match = _MONTH.fullmatch(value)
        if match:
            return FormDate(dt.date(int(match[1]), int(match[2]), 1), whole_month=True)
        day = parse_date(value)
        if day is None:  # pragma: no cover - blank text was handled above
            return None
        return FormDate(day)
    except (ValueError, ValueProblem) as error:
        raise ConfigError(
            tr(
                lang,
                "--date “{value}” 不是日期：应为 2026-10-08（某一天）或 2026-10（整月）",
                "--date '{value}' is not a date: expected 2026-10-08 (a day) or 2026-10 (a month)",
                value=value,
            )
        ) from error


def layout_of(checklist: Checklist) -> Layout:
    """The inspection register lists findings (long); morning checks mark every item (wide)."""
    return "long" if checklist.kind == "inspection" else "wide"


def plan_form(
    library: Library,
    checklist_id: str,
    *,
    lang: str = "zh",
    branch: str | None = None,
    date: FormDate | None = None,
    roster: Sequence[Person] = (),
    rows: int | None = None,
    today: dt.date | None = None,
    scope: str | None = None,
) -> FormPlan:
    """Lay out the form for a checklist: the columns, the rows to print and the labels.
    The register (long layout) states its `scope` above the header (default: the whole
    checklist) and lists `roster` on its staff-on-duty sheet."""
    checklist = find_checklist(library, checklist_id, lang)
    layout = layout_of(checklist)
    date_given = date is not None
    branch = branch.strip() if branch and branch.strip() else None
    today = today or dt.date.today()
    items = library.checklist_items(checklist)
    lacking = library.not_applicable(branch)  # branch profiles (SPEC §8): not its items
    if lacking:
        items = tuple(item for item in items if item.id not in lacking)
        if not items:
            raise ConfigError(
                tr(
                    lang,
                    "“{id}”的条目在“{branch}”都不适用（见 branches.yaml）",
                    "no item of '{id}' applies at {branch} (see branches.yaml)",
                    id=checklist.id,
                    branch=branch,
                )
            )
    scope_text = _scope_text(library, checklist, layout, scope, lang)
    if roster and layout != "long" and checklist.subject == "branch":
        raise ConfigError(
            tr(
                lang,
                "--roster 用于员工晨会检查表和检查登记簿（在岗人员）；“{id}”按天逐行填写",
                "--roster is for staff morning checks and the register (staff on duty); '{id}' "
                "has one row per day",
                id=checklist.id,
            )
        )
    if layout == "long" or checklist.subject == "branch":
        date = date or FormDate(today.replace(day=1), whole_month=True)
    else:
        date = _one_day(date, today, lang)
    on_duty: tuple[Person, ...] = ()
    if layout == "long":
        days: list[dt.date] = []
        body, left_out = _blank(rows, DEFAULT_ROWS["long"]), 0
        on_duty = tuple(roster)
    elif checklist.subject == "branch":
        days = _days(date, rows)
        body, left_out = tuple({"date": day} for day in days), 0
    else:
        days = [date.day]
        body, left_out = _people_rows(library, checklist, roster, rows, lang)
    sheet_values: dict[str, object] = {"branch": branch}
    if checklist.subject == "employee" and layout == "wide":
        sheet_values["date"] = date.day
    return FormPlan(
        checklist=checklist,
        layout=layout,
        lang=lang,
        title=checklist.title.get(lang),
        block=_block(checklist, layout, branch, date, days, lang)
        + (((BLOCK["scope"].get(lang), scope_text),) if scope_text else ()),
        instructions=_instructions(checklist, layout, lang),
        columns=_columns(checklist, layout, items, lang),
        rows=body,
        items=items,
        branch=branch,
        date=date,
        sheet_values=sheet_values,
        marks=MARKS["en" if lang == "en" else "zh"],
        methods=METHODS["en" if lang == "en" else "zh"],
        left_out=left_out,
        on_duty=on_duty,
        standards_version=library.version,
        date_given=date_given,
    )


def _scope_text(
    library: Library, checklist: Checklist, layout: Layout, scope: str | None, lang: str
) -> str | None:
    """The register's scope line (SPEC §4): --scope as given, checked against the library,
    else 全面检查 (the whole checklist). Only the register has one."""
    if layout != "long":
        if scope:
            raise ConfigError(
                tr(
                    lang,
                    "--scope 只用于检查登记簿；“{id}”逐项检查每个人或每一天",
                    "--scope is only for the inspection register; '{id}' checks every item",
                    id=checklist.id,
                )
            )
        return None
    if not scope or not scope.strip():
        return WHOLE_SCOPE.get(lang)
    words = ScopeWords(library)
    read = words.read(scope.strip(), checklist)
    if read.unknown or (read.items is not None and not read.items):
        # the words that hold an unknown one: 综合柜员 for 柜员, 大堂经理 for 大堂
        near = [k for w in read.unknown for k in words.index if normalise(w) in k][:4]
        raise ConfigError(
            tr(
                lang,
                "--scope 中的“{words}”不是本检查表的标准、岗位、区域或条目编号（如 综合柜员、"
                "门前区、TLR-01），也不是“全面检查”",
                "--scope: '{words}' names no standard, role, area or item of this checklist "
                "(e.g. teller, entrance, TLR-01), nor 全面检查 / all",
                words="、".join(read.unknown) or scope.strip(),
            )
            + (
                tr(
                    lang,
                    "（是否指：{near}？）",
                    " (did you mean: {near}?)",
                    near=tr(lang, "、", ", ").join(near),
                )
                if near
                else ""
            )
        )
    return scope.strip()


def _one_day(date: FormDate | None, today: dt.date, lang: str) -> FormDate:
    """A staff morning check is for one day: --date's day, else today."""
    if date is not None and date.whole_month:
        raise ConfigError(
            tr(
                lang,
                "晨会检查表按天填写：请给出某一天，如 --date {day}",
                "a morning check is for one day: give a day, e.g. --date {day}",
                day=date.day.isoformat(),
            )
        )
    return date or FormDate(today)


def _people_rows(
    library: Library,
    checklist: Checklist,
    roster: Sequence[Person],
    rows: int | None,
    lang: str,
) -> tuple[tuple[Mapping[str, object], ...], int]:
    """One row per roster person of the checklist's role, then the blank rows asked for
    (without --rows: SPARE_ROWS after a roster, for whoever stands in that day).

    Returns the rows and how many roster people were left out for holding another role.
    """
    people, left_out = _people_for(library, checklist, roster, lang)
    role_label = _single_role_label(library, library.checklist_items(checklist), lang)
    filled = tuple(
        {
            "employee": p.name,
            "employee_id": p.employee_id,
            "role": library.taxonomy.label("roles", p.role, lang) if p.role else role_label,
        }
        for p in people
    )
    return filled + _blank(rows, SPARE_ROWS if roster else DEFAULT_ROWS["wide"]), left_out


def _blank(rows: int | None, default: int) -> tuple[Mapping[str, object], ...]:
    return tuple({} for _ in range(default if rows is None else rows))


def _days(date: FormDate, rows: int | None) -> list[dt.date]:
    """A month's days for a month; a week from a day; N days from the first when --rows is given."""
    if rows is not None:
        count = rows
    elif date.whole_month:
        count = calendar.monthrange(date.day.year, date.day.month)[1]
    else:
        count = WEEK
    return [date.day + dt.timedelta(days=n) for n in range(count)]


def _people_for(
    library: Library, checklist: Checklist, roster: Sequence[Person], lang: str
) -> tuple[list[Person], int]:
    """The roster's people whose role the checklist is for (all of them when it has no role)."""
    roles = {item.role for item in library.checklist_items(checklist)}
    if len(roles) != 1 or not roster:
        return list(roster), 0
    (role,) = roles
    people = [p for p in roster if p.role is None or p.role == role]
    if not people:
        raise ConfigError(
            tr(
                lang,
                "名单中没有岗位为{role}的人员（检查表“{id}”只检查该岗位）",
                "the roster has nobody in the role {role} (checklist '{id}' is for that role only)",
                role=library.taxonomy.label("roles", role, lang),
                id=checklist.id,
            )
        )
    return people, len(roster) - len(people)


def _single_role_label(library: Library, items: Sequence[Item], lang: str) -> str | None:
    roles = {item.role for item in items}
    return library.taxonomy.label("roles", roles.pop(), lang) if len(roles) == 1 else None


def _block(
    checklist: Checklist,
    layout: Layout,
    branch: str | None,
    date: FormDate,
    days: Sequence[dt.date],
    lang: str,
) -> tuple[tuple[str, object], ...]:
    """The label/value pairs above the header. Only a one-day form has a 日期: the reader takes
    it for every row, so a register or a month of walk-rounds shows its period instead."""

    def label(key: str) -> str:
        return BLOCK[key].get(lang)

    if layout == "long" or date.whole_month:
        period = f"{date.day:%Y-%m}"
    else:
        period = (
            tr(
                lang,
                "{start} 至 {end}",
                "{start} to {end}",
                start=days[0].isoformat(),
                end=days[-1].isoformat(),
            )
            if days
            else str(date)
        )
    if checklist.subject == "branch":
        return ((label("branch"), branch or ""), (label("period"), period))
    return (
        (label("branch"), branch or ""),
        (label("date"), date.day),
        (label("host"), ""),
        (label("expected"), ""),
        (label("present"), ""),
    )


def _instructions(checklist: Checklist, layout: Layout, lang: str, *, paper: bool = False) -> str:
    """How to fill the form: the checklist's own note first (say, which items are a
    self-report of the previous working day), then how to mark it — in the xlsx (dropdowns,
    a computed total, the criteria sheet) or, `paper`, by pen in a box."""
    texts = PAPER_INSTRUCTIONS if paper else INSTRUCTIONS
    how = texts[_instructions_key(checklist, layout)].get(lang)
    return f"{checklist.note.get(lang)} {how}" if checklist.note else how


def paper_instructions(plan: FormPlan) -> str:
    """The md form's instructions: the same note, how to mark with a pen (no dropdown, no
    computed total, the criteria below the grid rather than on another sheet)."""
    return _instructions(plan.checklist, plan.layout, plan.lang, paper=True)


def _instructions_key(checklist: Checklist, layout: Layout) -> str:
    if layout == "long":
        return "long"
    if checklist.subject == "branch":
        return "wide_branch"
    return "wide_peer" if checklist.kind == "peer_check" else "wide"


def points_text(value: float) -> str:
    """Points as people write them: 2, 0.5 (never 2.0)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def criteria_rows(plan: FormPlan, library: Library) -> list[tuple[str, str, str, str]]:
    """The criteria sheet's rows: item, criterion, points (with the cap), severity."""
    lang = plan.lang
    rows = []
    for item in plan.items:
        points = points_text(item.points)
        if item.max_points is not None:
            points += f" / ≤{points_text(item.max_points)}"
        severity = library.taxonomy.label("severity", item.severity, lang)
        rows.append((item_header(item, lang), item.criterion.get(lang), points, severity))
    return rows


def item_header(item: Item, lang: str) -> str:
    """A wide-form item column's header: the id, then the title ("TLR-01 着装规范")."""
    return f"{item.id} {item.title.get(lang)}"


def _columns(
    checklist: Checklist, layout: Layout, items: Sequence[Item], lang: str
) -> tuple[Column, ...]:
    def col(field: str, entry: str = "text", header_key: str | None = None) -> Column:
        table = HEADERS_LONG if layout == "long" and field in HEADERS_LONG else HEADERS
        return Column(field, table[header_key or field].get(lang), entry)

    if layout == "long":
        return (
            col("seq"),
            col("date", "date"),
            col("period"),
            col("method", "method"),
            col("branch"),
            col("role"),
            col("employee"),
            col("item", "item_id"),
            col("note"),
            col("deduction", "deduction"),
            col("fix_required"),
            col("due", "due"),  # 整改期限 (SPEC §8): a date; blank → the checklist's fix_days
            col("fix_done"),
            col("checker"),
            col("remark"),
        )
    head = [col("date", "date"), col("branch")]
    if checklist.subject == "employee":
        head += [col("employee"), col("employee_id"), col("role")]
    marks = [Column("item", item_header(item, lang), "mark", item) for item in items]
    tail = [col("total", "total")]
    if checklist.kind == "peer_check":
        tail.append(col("checker", header_key="peer_checker"))
    elif checklist.subject == "branch":
        tail.append(col("checker"))
    # 备注 for what the marks cannot say ("替班", "休假"): read back as each row's note
    tail += [col("remark"), col("signature")]
    return (*head, *marks, *tail)
