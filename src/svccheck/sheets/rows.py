"""Data rows → observations: the hot loop of svccheck.

Reading is the bottleneck of the whole tool, so the per-row work is kept tiny: every cell value
is parsed once per *distinct* raw value (the caches below are dicts keyed by the raw value, with
the parse on a miss), strings are interned through those caches, observations are built as
tuples directly, and anything slow — classifying an odd row, wording a rejection, looking for
formulas without saved values — happens only on the rare path of a row that does not read.

A row is either accepted (all its observations kept), rejected (none kept, one Rejection naming
the first bad cell) or skipped (blank, subtotal, footer); accepted + rejected = rows read.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
from typing import Any, Final

from svccheck.fast import in_field_order
from svccheck.i18n import tr
from svccheck.model import Checklist, Library, Observation, Rejection, RosterLine, column_letter
from svccheck.sheets.book import UnreadCells
from svccheck.sheets.cells import (
    FOOTER,
    Ambiguous,
    ItemRef,
    NotedCell,
    NotedMark,
    ParseCache,
    RowProblem,
    excessive,
    is_footer,
    long_outcome,
    name_cell,
    read_mark,
    subject_cell,
    text_cell,
    wide_cell,
    with_note,
)
from svccheck.sheets.items import ItemIndex
from svccheck.sheets.layout import HeaderCells
from svccheck.sheets.messages import Bad, reason
from svccheck.sheets.values import (
    BLANK_RESULT,
    FixText,
    ValueProblem,
    cell_text,
    is_blank,
    normalise,
    parse_count,
    parse_date,
    parse_deduction,
    parse_fix,
    parse_kind,
    parse_score,
)

Row = Sequence[object]

# Words people write in a 岗位 cell → the roles they may mean, the first one some item of the
# library holds winning: a library before 2027.1 has no security_guard or cleaner items (its
# taxonomy, extended by the bundled one, may still list the roles), and there 保安 and 保洁
# keep meaning other_staff.
_ROLE_ALIASES: Final = {
    "柜员": ("teller",),
    "柜面": ("teller",),
    "大堂": ("lobby_manager",),
    "保安": ("security_guard", "other_staff"),
    "保安员": ("security_guard", "other_staff"),
    "保洁": ("cleaner", "other_staff"),
    "保洁员": ("cleaner", "other_staff"),
    "网点主任": ("branch_head",),
    "负责人": ("branch_head",),
}


class Caches:
    """Parsed cell values for one run, shared by every sheet read with the same library."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.index = ItemIndex(library)
        self.headers = HeaderCells(self.index)  # the header search's memo
        self.marks = ParseCache(read_mark)
        self.cells = ParseCache(wide_cell)
        self.dates = ParseCache(parse_date)
        self.fixes = ParseCache(parse_fix)
        self.deductions = ParseCache(parse_deduction)
        self.scores = ParseCache(parse_score)
        self.counts = ParseCache(parse_count)
        self.kinds = ParseCache(parse_kind)
        self.texts = ParseCache(text_cell)  # notes
        self.names = ParseCache(name_cell)  # branches, people, ids
        self.subjects = ParseCache(subject_cell)
        self.roles = ParseCache(self._role)
        self._role_words = self._role_index()
        self._items: dict[str, ParseCache] = {}
        # how each context field's cells are parsed (RowReader.context)
        self.context: dict[str, ParseCache] = {
            "date": self.dates,
            "branch": self.names,
            "employee": self.names,
            "employee_id": self.names,
            "role": self.roles,
            "kind": self.kinds,
            "checker": self.names,
        }
        self._letters: tuple[str, ...] = ()
        self._most_written = (0, 0.0)  # (wide cells parsed, the most points off one wrote)

    def most_written(self) -> float:
        """The most points off that any wide cell parsed so far writes (0 if none): looked
        at again only when new cells were parsed (the cache only grows, its values never
        change)."""
        cells = self.cells
        counted, most = self._most_written
        if len(cells) != counted:
            written = (v[1] for v in cells.values() if v.__class__ is not Bad)
            most = max((d for d in written if d is not None), default=0.0)
            self._most_written = (len(cells), most)
        return most

    def letters(self, count: int) -> tuple[str, ...]:
        """The column letters of the first `count` columns (A, B, …), built once per run."""
        if len(self._letters) < count:
            self._letters = tuple(column_letter(i) for i in range(max(count, 64)))
        return self._letters[:count]

    def _role_index(self) -> dict[str, str]:
        known = self.library.taxonomy.terms.get("roles", {})
        held = {item.role for item in self.library.items.values()}
        words = {
            normalise(word): next(r for r in roles if r in held)
            for word, roles in _ROLE_ALIASES.items()
            if any(r in held for r in roles)
        }
        for role, label in known.items():
            for word in (role, label.zh, label.en or ""):
                if word:
                    words[normalise(word)] = role
        return words

    def _role(self, value: object) -> str | None:
        if is_blank(value):
            return None
        role = self._role_words.get(normalise(cell_text(value)))
        if role is None:
            labels = self.library.taxonomy.terms.get("roles", {})
            expected = ", ".join(f"{t.zh} ({r})" for r, t in labels.items())
            raise ValueProblem("role", value, expected)
        return role

    def items(self, checklist: Checklist) -> ParseCache:
        """raw item cell → ItemRef, Ambiguous (a shared title), Bad, or None (blank)."""
        cache = self._items.get(checklist.id)
        if cache is None:
            cache = ParseCache(lambda raw: self._item(raw, checklist))
            self._items[checklist.id] = cache
        return cache

    def ref(self, item_id: str) -> ItemRef:
        item = self.library.items[item_id]
        full = item.max_points if item.max_points is not None else item.points
        return ItemRef(item.id, item.role, full)

    def _item(self, raw: object, checklist: Checklist) -> object:
        if is_blank(raw):
            return None
        match = self.index.lookup(cell_text(raw))
        if not match.candidates:
            return Bad("unknown_item", raw)
        members = set(checklist.items)
        fitting = [c for c in match.candidates if c in members]
        if not fitting:
            return Bad("not_on_checklist", match.candidates[0], checklist.id)
        if len(fitting) == 1:
            return self.ref(fitting[0])
        return Ambiguous(tuple(self.ref(c) for c in fitting))


@dataclass
class Plan:
    """How to read the data rows of one sheet (built once per sheet by the reader)."""

    file: str
    sheet: str
    form: str  # long | wide
    checklist: Checklist
    cols: dict[str, int]  # field → column index (A = 0)
    notes: list[int]
    headers: dict[int, str]  # column index → header as written (for messages)
    width: int
    items: list[tuple[int, ItemRef | Bad]] = field(default_factory=list)  # wide form
    defaults: dict[str, object] = field(default_factory=dict)  # field → parsed sheet value|Bad
    default_where: dict[str, str] = field(default_factory=dict)  # field → where it was given
    formula_cells: Callable[[], frozenset[str]] = field(default=frozenset)
    may_be_unread: Callable[[Iterable[int]], bool] = field(default=lambda rows: True)
    ragged: bool = False  # csv rows may be shorter than the header; xlsx rows never are


class _FieldCache(dict[Any, Any]):
    """One sheet's column: raw value → parsed value (shared parse), blank → the sheet's value."""

    __slots__ = ("default", "parsed")

    def __init__(self, parsed: ParseCache, default: object) -> None:
        super().__init__()
        self.parsed = parsed
        self.default = default

    def __missing__(self, key: object) -> object:
        value = self.parsed[key]
        if value is None:
            value = self.default
        self[key] = value
        return value


class _Constant(dict[Any, Any]):
    """A field the sheet has no column for: whatever the key, the sheet's value."""

    __slots__ = ("default",)

    def __init__(self, default: object) -> None:
        super().__init__()
        self.default = default

    def __missing__(self, key: object) -> object:
        self[key] = self.default
        return self.default


# The row context every observation carries, in this order; filled from the row's own cells,
# else from the values given for the whole sheet.
_CONTEXT: Final = ("date", "branch", "employee", "employee_id", "role", "kind", "checker")
_FOLLOW_UP: Final = ("due", "fixed")  # a register's, read after the context (RowReader.follow_up)
_DATE: Final = type(parse_date("2026-01-01"))
# The fast loops build observations as plain tuples, by position (`tuple.__new__`: see
# fast.py), writing their fields in this order — checked against Observation's at import.
_OBSERVATION: Final = in_field_order(Observation, "date", "branch", "subject", "item", "result",
                                     "checklist", "kind", "role", "employee_id", "count",
                                     "deduction", "note", "checker", "file", "sheet", "row",
                                     "column", "employee", "due", "fixed")  # fmt: skip


class RowReader:
    """Reads the data rows of one sheet into observations, rejections and skip counts.

    Each form has a readable, general row method (`_long_row`, `_wide_row`) that decides every
    case, and a fast loop that handles the ordinary row inline and hands any other row to the
    general method — so the two cannot disagree about an unusual row.
    """

    def __init__(self, plan: Plan, caches: Caches, lang: str) -> None:
        self.plan = plan
        self.caches = caches
        self.lang = lang
        self.observations: list[Observation] = []
        self.roster_lines: list[RosterLine] = []  # people whose line nobody filled in
        self.rejections: list[Rejection] = []
        self.rows = self.accepted = self.rejected = self.skipped = 0
        self.blank_rows: list[int] = []  # skipped as blank: unless a cell is unread (see below)
        self.file = sys.intern(plan.file)
        self.sheet = sys.intern(plan.sheet)
        self.letters = caches.letters(plan.width + 1)
        self.used = sorted({*plan.cols.values(), *plan.notes, *(c for c, _ in plan.items)})
        # the used cells of a row at C speed, for telling a blank row (a tuple from 2 columns)
        self._used_cells = itemgetter(*self.used, self.used[0]) if self.used else None
        self._empty: frozenset[object] = frozenset({"", None})
        self.employee_subject = plan.checklist.subject == "employee"
        self.base = plan.checklist.scoring.base
        shared = caches.context
        defaults = dict(plan.defaults)
        defaults["kind"] = defaults.get("kind") or plan.checklist.kind
        # This sheet's own view of the item cells, so that it can tell which it saw.
        self.items = _FieldCache(caches.items(plan.checklist), None)
        # Every context field is read the same way, `cache[row[col]]`: a field without a
        # column reads any cell (the first one used) through a cache that gives the sheet value.
        anchor = self.used[0] if self.used else 0
        self.context: list[tuple[int, dict[Any, Any]]] = [
            (plan.cols[name], _FieldCache(shared[name], defaults.get(name)))
            if name in plan.cols
            else (anchor, _Constant(defaults.get(name)))
            for name in _CONTEXT
        ]
        # A register's follow-up of each finding (SPEC §8), read the same way: 整改期限 and
        # 整改情况及复查日期 (a sheet without them reads None through a constant).
        self.follow_up: tuple[tuple[int, dict[Any, Any]], tuple[int, dict[Any, Any]]] = (
            self._column("due", caches.dates, anchor),
            self._column("fixed", caches.fixes, anchor),
        )

        # the context and follow-up fields the sheet has a column for (see _unread_checks)
        self._columns = [
            (col, name, cache)
            for name, (col, cache) in (
                *zip(_CONTEXT, self.context, strict=True),
                *zip(_FOLLOW_UP, self.follow_up, strict=True),
            )
            if cache.__class__ is _FieldCache
        ]

    def _column(self, name: str, parsed: ParseCache, anchor: int) -> tuple[int, dict[Any, Any]]:
        col = self.plan.cols.get(name)
        return (col, _FieldCache(parsed, None)) if col is not None else (anchor, _Constant(None))

    def seen(self) -> tuple[set[object], set[object]]:
        """Every raw item cell and kind cell of the rows read (what inference looks at)."""
        kinds = self.context[_CONTEXT.index("kind")][1]
        return set(self.items), set(kinds) if "kind" in self.plan.cols else set()

    # --- the general path: one row, every case -------------------------------------------------

    def _row_context(self, row: Row) -> list[Any] | RowProblem:
        """date, branch, employee, employee_id, role, kind, checker, note — or the problem."""
        values: list[Any] = []
        for name, (col, cache) in zip(_CONTEXT, self.context, strict=True):
            value = cache[row[col]]
            if value.__class__ is Bad:
                from_sheet = name not in self.plan.cols or self._own_value(name, row) is None
                return RowProblem(value, -1 if from_sheet else col, name)
            values.append(value)
        if values[0] is None:
            return self._missing("date")
        if values[1] is None:
            return self._missing("branch")
        note = self._note(row)
        if note.__class__ is RowProblem:
            return note
        values.append(note)
        return values

    def _follow_up(self, row: Row, found: Any) -> tuple[Any, Any] | RowProblem:
        """The row's due date and fix (a date, or the text when the cell names no date) — or
        the problem with either cell. A fix cell naming only a day of the month ("10月20日
        已复查") is dated from the finding's date."""
        (cd, due_of), (cf, fix_of) = self.follow_up
        due, fix = due_of[row[cd]], fix_of[row[cf]]
        if due.__class__ is Bad:
            return RowProblem(due, cd, "due")
        if fix.__class__ is Bad:
            return RowProblem(fix, cf, "fixed")
        if fix.__class__ is FixText:
            fix = fix.on_or_after(found) or fix.text
        # a due or fix date before the finding (a wrong year, a swapped column) would make an
        # action overdue from the start, or closed before it was opened: the row is rejected
        if due is not None and due < found:
            return RowProblem(Bad("before_found", row[cd], found.isoformat()), cd, "due")
        if fix.__class__ is _DATE and fix < found:
            return RowProblem(Bad("before_found", row[cf], found.isoformat()), cf, "fixed")
        return due, fix

    def _own_value(self, name: str, row: Row) -> object:
        """The row's own value for `name` (None when its cell is blank)."""
        col, cache = self.context[_CONTEXT.index(name)]
        assert isinstance(cache, _FieldCache)
        return cache.parsed[row[col]]

    def _note(self, row: Row) -> str | RowProblem | None:
        """The row's notes joined — or the problem with the first note cell that cannot be
        stored (a control character)."""
        texts = self.caches.texts
        notes = []
        for col in self.plan.notes:
            text = texts[row[col]]
            if text.__class__ is Bad:
                return RowProblem(text, col, "note")
            if text:
                notes.append(text)
        return "; ".join(notes) if notes else None

    def _missing(self, name: str) -> RowProblem:
        col = self.plan.cols.get(name, -1)
        if col < 0:
            return RowProblem(Bad("missing_sheet_value", None, name), -1, name)
        return RowProblem(Bad("missing", None, name), col, name)

    def _no_subject(self) -> RowProblem:
        col = self.plan.cols.get("employee", -1)
        if col < 0:
            return RowProblem(Bad("missing_sheet_value", None, "employee"), -1, "employee")
        return RowProblem(Bad("no_subject", None, "employee"), col, "employee")

    def _skippable(self, number: int, row: Row, key: object = None) -> bool:
        """A blank row (nothing in any column read), a subtotal or a footer line."""
        if (self._used_cells is not None and self._empty.issuperset(self._used_cells(row))) or all(
            is_blank(row[i]) for i in self.used
        ):
            self.blank_rows.append(number)  # (unless a cell of it is unread: _unread_checks)
            return True
        first = next((v for v in row if not is_blank(v)), None)
        return is_footer(first) or is_footer(key)

    def _unread_at(self, number: int, col: int, field: str) -> Bad | None:
        """Does the cell read as empty hold a formula with no saved value, or an Excel error
        value (#N/A)? Such a cell is nobody's blank: a row that needs it is rejected, saying
        so (the sheet's unread cells are looked up once, and only when an empty cell matters).
        None when the cell is truly empty."""
        cells = self.plan.formula_cells()
        cell = f"{self.letters[col]}{number}"
        if cell not in cells:
            return None
        error = cells.errors.get(cell) if isinstance(cells, UnreadCells) else None
        return Bad("excel_error", error, field) if error else Bad("formula", None, field)

    def _reject(self, number: int, problem: RowProblem) -> None:
        plan = self.plan
        bad, col = problem.bad, problem.col
        if col >= 0:
            cell = f"{self.letters[col]}{number}"
            where = plan.headers.get(col, self.letters[col])
            if bad.code in ("missing", "no_subject"):
                bad = self._unread_at(number, col, bad.detail) or bad
        else:
            # A value given once for the sheet: the message says where it was given.
            cell = plan.default_where.get(problem.field, "")
            if "!" in cell:
                where = tr(self.lang, "{cell}（表单元数据）", "{cell} (form metadata)", cell=cell)
            else:
                where = tr(self.lang, "{cell}（表头上方）", "{cell} (above the header)", cell=cell)
        self.rejected += 1
        self.rejections.append(
            Rejection(self.file, self.sheet, number, cell, reason(bad, self.lang, where))
        )

    def _long_row(self, number: int, row: Row) -> None:
        """One long-form row: skipped, rejected, or accepted as one observation."""
        plan = self.plan
        ci = plan.cols["item"]
        ref: Any = self.items[row[ci]]
        if ref is None or ref.__class__ is Bad:
            if self._skippable(number, row, row[ci]):
                self.skipped += 1
                return
            self.rows += 1
            self._reject(number, RowProblem(ref or Bad("missing", None, "item"), ci, "item"))
            return
        self.rows += 1
        context = self._row_context(row)
        if isinstance(context, RowProblem):
            self._reject(number, context)
            return
        date, branch, employee, employee_id, role, kind, checker, note = context
        if self.employee_subject and employee is None:
            self._reject(number, self._no_subject())
            return
        if ref.__class__ is Ambiguous:
            ref = self._disambiguate(ref.refs, role, row[ci])
            if ref.__class__ is Bad:
                self._reject(number, RowProblem(ref, ci, "item"))
                return
        outcome = self._outcome(row, ref)
        if isinstance(outcome, RowProblem):
            self._reject(number, outcome)
            return
        follow_up = self._follow_up(row, date)
        if isinstance(follow_up, RowProblem):
            self._reject(number, follow_up)
            return
        due, fixed = follow_up
        result, deduction, count, col = outcome
        if result.__class__ is NotedMark:
            note = with_note(result.note, note)
            result = str(result)
        if col < 0:  # no cell decided the outcome: was one of them a formula with no value?
            for name in ("result", "deduction", "score"):
                c = plan.cols.get(name, -1)
                unread = self._unread_at(number, c, name) if c >= 0 else None
                if unread is not None:
                    self._reject(number, RowProblem(unread, c, name))
                    return
        subject = employee if self.employee_subject else branch
        self.observations.append(
            Observation(
                date=date,
                branch=branch,
                subject=subject,
                item=ref.id,
                result=result,
                checklist=plan.checklist.id,
                kind=kind,
                role=role or ref.role,
                employee_id=employee_id,
                count=count,
                deduction=deduction,
                note=note,
                checker=checker,
                file=self.file,
                sheet=self.sheet,
                row=number,
                column=col if col >= 0 else ci,
                employee=employee,
                due=due,
                fixed=fixed,
            )
        )
        self.accepted += 1

    def _outcome(self, row: Row, ref: ItemRef) -> tuple[str, float | None, int, int] | RowProblem:
        c, cols = self.caches, self.plan.cols
        cr, cd, cs, cc = (cols.get(n, -1) for n in ("result", "deduction", "score", "count"))
        return long_outcome(
            c.marks[row[cr]] if cr >= 0 else None,
            c.deductions[row[cd]] if cd >= 0 else None,
            c.scores[row[cs]] if cs >= 0 else None,
            c.counts[row[cc]] if cc >= 0 else None,
            ref,
            cr < 0 and cd >= 0,  # a register (扣分, no 结果) lists findings
            (cr, cd, cs, cc),
            self.base,
        )

    def _disambiguate(
        self, refs: tuple[ItemRef, ...], role: str | None, raw: object
    ) -> ItemRef | Bad:
        """A title several items share (着装规范): the one for the row's role, if it says."""
        fitting = [r for r in refs if r.role == role] if role else []
        if len(fitting) == 1:
            return fitting[0]
        return Bad("ambiguous_item", raw, ", ".join(r.id for r in refs))

    def _wide_row(self, number: int, row: Row) -> None:
        """One wide-form row: skipped, rejected, or accepted as one observation per item."""
        plan = self.plan
        ce = plan.cols.get("employee", -1)
        name = self.caches.subjects[row[ce]] if ce >= 0 else None
        if name is FOOTER or (name is None and self._skippable(number, row)):
            self.skipped += 1
            return
        if all(is_blank(row[col]) for col, _ in plan.items):
            # A roster line nobody marked: no check that day, rather than a check of nothing
            # scored at full marks (an empty cell is never a pass) — but the person is on the
            # roster without a check, and the brief says so.
            self.skipped += 1
            if isinstance(name, str):
                self._roster_line(number, row, name)
            return
        self.rows += 1
        if self.employee_subject and name is None:
            self._reject(number, self._no_subject())
            return
        context = self._row_context(row)
        if isinstance(context, RowProblem):
            self._reject(number, context)
            return
        date, branch, employee, employee_id, role, kind, checker, note = context
        subject = employee if self.employee_subject else branch
        observations = []
        for col, item in plan.items:
            value = self.caches.cells[row[col]]
            if isinstance(value, Bad):
                self._reject(number, RowProblem(value, col, ""))
                return
            cell_note = value.note if isinstance(value, NotedCell) else None
            if isinstance(item, Bad):
                if value[0] == "unchecked":
                    continue  # nothing written under an unusable column: nothing lost
                self._reject(number, RowProblem(item, col, ""))
                return
            observations.append(
                Observation(
                    date=date,
                    branch=branch,
                    subject=subject,
                    item=item.id,
                    result=value[0],
                    checklist=plan.checklist.id,
                    kind=kind,
                    role=role or item.role,
                    employee_id=employee_id,
                    count=1,
                    deduction=value[1],
                    note=with_note(cell_note, note),
                    checker=checker,
                    file=self.file,
                    sheet=self.sheet,
                    row=number,
                    column=col,
                    employee=employee,
                )
            )
        self.observations.extend(observations)  # a row is scored whole or not at all
        self.accepted += 1

    def _unread_checks(self) -> None:
        """A cell that reads as empty but holds a formula with no saved value or an Excel error
        value (a name pulled by VLOOKUP in a file saved by a tool that does not calculate, #N/A
        from a lookup that failed) rejects its row, naming the cell: an accepted row's cell
        under a context or follow-up column (date, branch, name, id, role, kind, checker, due,
        fixed — it would be read without it), or any used cell of a row skipped as blank (it
        looked full in Excel). A note is free text: one left empty loses nothing scored.

        Cheap where it does not apply: the sheet's unread cells are looked up only when a
        blank row was skipped or one of those columns held an empty cell (each column's cache
        of distinct raw values says so), and only the rows read are looked at again."""
        watched = {col: name for col, name, cache in self._columns if "" in cache or None in cache}
        if not watched and not self.plan.may_be_unread(self.blank_rows):
            return  # no empty cell under those columns, no blank row that may hold one
        cells = self.plan.formula_cells()
        if not cells:
            return
        columns = {self.letters[col]: col for col in self.used}
        fields = {col: name for name, col in self.plan.cols.items()}
        accepted = {o.row for o in self.observations}
        blank = set(self.blank_rows)
        problems: dict[int, RowProblem] = {}
        for cell in cells:
            found = _CELL.fullmatch(cell)
            if found is None or found[1] not in columns:
                continue
            number, col = int(found[2]), columns[found[1]]
            if ((number in accepted and col in watched) or number in blank) and (
                number not in problems or col < problems[number].col
            ):
                name = fields.get(col, "note")
                bad = self._unread_at(number, col, name)
                assert bad is not None
                problems[number] = RowProblem(bad, col, name)
        if not problems:
            return
        self.observations = [o for o in self.observations if o.row not in problems]
        was_blank = sum(1 for n in problems if n not in accepted)
        self.accepted -= len(problems) - was_blank
        self.skipped -= was_blank  # skipped as blank, now rows read
        self.rows += was_blank
        for number in sorted(problems):
            self._reject(number, problems[number])
        self.rejections.sort(key=attrgetter("row"))

    def _wide_checks(self) -> None:
        """What a wide row's cells cannot tell one by one, checked once the rows are read (by
        either path): a mark cell holding a formula with no saved value (it reads as empty, as
        not checked: the row is rejected, as a register's is), and points off written in a
        cell that are more than one row can take off. The sheet's rows are looked at again only
        when some cell may be one of these; a rejected row gives up its observations."""
        plan, problems = self.plan, dict[int, RowProblem]()
        if self.caches.most_written() > self.base:
            for o in self.observations:
                if o.deduction is not None and o.row not in problems:
                    bad = excessive(o.deduction, self.base)
                    if bad is not None:
                        problems[o.row] = RowProblem(bad, o.column, "")
        if self.roster_lines or BLANK_RESULT in map(_RESULT, self.observations):
            columns = {self.letters[col]: col for col, _ in plan.items}
            for cell in plan.formula_cells():
                found = _CELL.fullmatch(cell)
                if found is None or found[1] not in columns:
                    continue
                number, col = int(found[2]), columns[found[1]]
                if number not in problems or col < problems[number].col:
                    bad = self._unread_at(number, col, "")
                    assert bad is not None
                    problems[number] = RowProblem(bad, col, "")
        if not problems:
            return
        read = {o.row for o in self.observations} | {line.row for line in self.roster_lines}
        problems = {n: p for n, p in problems.items() if n in read}
        if not problems:
            return
        self.observations = [o for o in self.observations if o.row not in problems]
        lines = [line for line in self.roster_lines if line.row not in problems]
        unmarked = len(self.roster_lines) - len(lines)  # skipped as unmarked, now rows read
        self.roster_lines = lines
        self.accepted -= len(problems) - unmarked
        self.skipped -= unmarked
        self.rows += unmarked
        for number in sorted(problems):
            self._reject(number, problems[number])
        self.rejections.sort(key=attrgetter("row"))

    def _roster_line(self, number: int, row: Row, name: str) -> None:
        """Note a person whose line nobody filled in, when the row says for which day and
        branch (a line whose date cannot be read is only skipped, as before)."""
        context = self._row_context(row)
        if isinstance(context, RowProblem):
            return
        date, branch, _, employee_id, role, _, _, _ = context
        self.roster_lines.append(
            RosterLine(date, branch, name, self.plan.checklist.id, employee_id, role,
                       self.file, self.sheet, number)
        )  # fmt: skip

    # --- the fast path: the ordinary row inline, any other row to the general path ------------

    fast_paths: bool = True
    """False sends every row down the general path (the tests compare the two paths)."""

    def read(self, rows: Iterable[Row], first: int) -> None:
        """Read data rows numbered from `first` (1-based sheet rows)."""
        if self.plan.ragged:
            rows = self._padded(rows)
        if not self.fast_paths:
            row_of = self._long_row if self.plan.form == "long" else self._wide_row
            for number, row in enumerate(rows, first):
                row_of(number, row)
        elif self.plan.form == "long":
            self._read_long(rows, first)
        else:
            self._read_wide(rows, first)
        if self.plan.form != "long":
            self._wide_checks()
        self._unread_checks()

    def _padded(self, rows: Iterable[Row]) -> Iterator[Row]:
        width = self.plan.width
        pad: list[object] = [""] * width
        for row in rows:
            yield row if len(row) >= width else [*row, *pad[len(row) :]]

    def _read_long(self, rows: Iterable[Row], first: int) -> None:
        plan = self.plan
        ci = plan.cols["item"]
        cols = tuple(plan.cols.get(n, -1) for n in ("result", "deduction", "score", "count"))
        # One lookup per row decides item and outcome together, keyed on the raw cells that
        # decide them: the item cell and whichever of result/deduction/score/count there are.
        key_of = itemgetter(ci, *(c for c in cols if c >= 0))
        outcomes = ParseCache(lambda key: self._fast_outcome(key, cols))
        ((c0, f0), (c1, f1), (c2, f2), (c3, f3), (c4, f4), (c5, f5), (c6, f6)) = self.context
        note_of, note_key = self._note_reader(ci)
        (c7, f7), (c8, f8) = self.follow_up
        slow, need_employee = self._long_row, self.employee_subject
        new, obs, append = tuple.__new__, _OBSERVATION, self.observations.append
        checklist, file, sheet, date_type = plan.checklist.id, self.file, self.sheet, _DATE
        accepted = 0
        for number, row in enumerate(rows, first):
            outcome = outcomes[key_of(row)]
            date, branch, employee = f0[row[c0]], f1[row[c1]], f2[row[c2]]
            employee_id, role, kind = f3[row[c3]], f4[row[c4]], f5[row[c5]]
            checker, note = f6[row[c6]], note_of[note_key(row)]
            due, fixed = f7[row[c7]], f8[row[c8]]
            if (
                outcome is None
                or date.__class__ is not date_type
                or branch.__class__ is not str
                or role.__class__ is Bad
                or kind.__class__ is Bad
                or (need_employee and employee is None)
                # a name, id or note that cannot be stored (a control character, too long)
                or employee.__class__ is Bad
                or employee_id.__class__ is Bad
                or checker.__class__ is Bad
                or note.__class__ is Bad
                or due.__class__ is Bad
                or (fixed is not None and (fixed.__class__ is not date_type or fixed < date))
                or (due is not None and due < date)
            ):
                slow(number, row)
                continue
            item, item_role, result, deduction, count, column = outcome
            append(
                new(
                    obs,
                    (
                        date,
                        branch,
                        employee if need_employee else branch,
                        item,
                        result,
                        checklist,
                        kind,
                        role or item_role,
                        employee_id,
                        count,
                        deduction,
                        note,
                        checker,
                        file,
                        sheet,
                        number,
                        column,
                        employee,
                        due,
                        fixed,
                    ),
                )
            )
            accepted += 1
        self.rows += accepted
        self.accepted += accepted

    def _note_reader(self, anchor: int) -> tuple[dict[Any, Any], Callable[[Row], Any]]:
        """How the fast loops read the note: a cache, and the key a row gives it."""
        notes = self.plan.notes
        if len(notes) == 1:
            return self.caches.texts, itemgetter(notes[0])
        if not notes:
            return _Constant(None), itemgetter(anchor)
        texts = self.caches.texts

        def join(key: tuple[Any, ...]) -> str | Bad | None:
            parts = [texts[v] for v in key]
            bad = next((t for t in parts if t.__class__ is Bad), None)
            if bad is not None:
                return bad  # the fast loop hands the row to the general path
            parts = [t for t in parts if t]
            return "; ".join(parts) if parts else None

        return ParseCache(join), itemgetter(*notes)

    def _fast_outcome(self, key: tuple[Any, ...], cols: tuple[int, ...]) -> object:
        """(item, its role, result, deduction, count, column of the deciding cell) for an
        ordinary row; None for anything else (the general path decides it)."""
        ref = self.items[key[0]]  # through this sheet's item cache: inference sees it
        if ref.__class__ is not ItemRef:
            return None
        raw = iter(key[1:])
        cr, cd, cs, cc = cols
        c = self.caches
        outcome = long_outcome(
            c.marks[next(raw)] if cr >= 0 else None,
            c.deductions[next(raw)] if cd >= 0 else None,
            c.scores[next(raw)] if cs >= 0 else None,
            c.counts[next(raw)] if cc >= 0 else None,
            ref,
            cr < 0 and cd >= 0,
            (cr, cd, cs, cc),
            self.base,
        )
        if isinstance(outcome, RowProblem) or outcome[3] < 0:
            return None  # a problem, or a register row without points: the general path
        result, deduction, count, col = outcome
        if result.__class__ is NotedMark:
            return None  # a note after the mark: the general path gives it to the row
        return (ref.id, ref.role, result, deduction, count, col)

    def _read_wide(self, rows: Iterable[Row], first: int) -> None:
        plan, c = self.plan, self.caches
        ce = plan.cols.get("employee", -1)
        subjects, cells = c.subjects, c.cells
        columns = [
            (col, item.id, item.role) for col, item in plan.items if isinstance(item, ItemRef)
        ]
        if ce < 0 and not self.employee_subject and len(columns) == len(plan.items):
            self._read_wide_unnamed(rows, first, columns)  # a walk-round sheet: no names
            return
        if ce < 0 or len(columns) < len(plan.items):
            for number, row in enumerate(rows, first):
                self._wide_row(number, row)  # small or odd sheets: no need to hurry
            return
        # The employee (slot 2) is the subject column itself: read as `name` below.
        ((c0, f0), (c1, f1), _, (c3, f3), (c4, f4), (c5, f5), (c6, f6)) = self.context
        note_of, note_key = self._note_reader(ce)
        slow, employee_subject = self._wide_row, self.employee_subject
        out = self.observations
        new, obs, append = tuple.__new__, _OBSERVATION, out.append
        checklist, file, sheet, date_type = plan.checklist.id, self.file, self.sheet, _DATE
        accepted = unmarked = blank = 0
        used_cells, empty, footer = self._used_cells, self._empty, FOOTER
        blank_rows = self.blank_rows
        for number, row in enumerate(rows, first):
            name = subjects[row[ce]]
            if name is None and used_cells is not None and empty.issuperset(used_cells(row)):
                blank += 1  # a spacer row (as _wide_row would skip it)
                blank_rows.append(number)
                continue
            if name is footer:
                blank += 1  # a subtotal, note or signature line under the names (as _wide_row)
                continue
            date, branch, role, kind = f0[row[c0]], f1[row[c1]], f4[row[c4]], f5[row[c5]]
            if (
                name.__class__ is not str
                or date.__class__ is not date_type
                or branch.__class__ is not str
                or role.__class__ is Bad
                or kind.__class__ is Bad
            ):
                slow(number, row)
                continue
            employee = name  # the employee column is the subject column (c2 == ce)
            subject = employee if employee_subject else branch
            employee_id, checker, note = f3[row[c3]], f6[row[c6]], note_of[note_key(row)]
            if employee_id.__class__ is Bad or checker.__class__ is Bad or note.__class__ is Bad:
                slow(number, row)  # an id or note that cannot be stored: the general path
                continue
            start = len(out)
            try:
                for col, item_id, item_role in columns:
                    # A Bad (three fields) does not unpack into two: the row leaves the loop.
                    result, deduction = cells[row[col]]
                    append(
                        new(
                            obs,
                            (
                                date,
                                branch,
                                subject,
                                item_id,
                                result,
                                checklist,
                                kind,
                                role or item_role,
                                employee_id,
                                1,
                                deduction,
                                note,
                                checker,
                                file,
                                sheet,
                                number,
                                col,
                                employee,
                                None,
                                None,
                            ),
                        )
                    )
            except ValueError:
                del out[start:]
                slow(number, row)  # the general path words the rejection
                continue
            if out[start].result == BLANK_RESULT and _unmarked(out, start):
                del out[start:]  # a roster line nobody marked (see _wide_row)
                unmarked += 1
                if date is not None:  # (a date cell: checked above)
                    self.roster_lines.append(
                        RosterLine(date, branch, name, checklist, employee_id, role or None,
                                   file, sheet, number)
                    )  # fmt: skip
                continue
            accepted += 1
        self.rows += accepted
        self.accepted += accepted
        self.skipped += unmarked + blank

    def _read_wide_unnamed(
        self, rows: Iterable[Row], first: int, columns: list[tuple[int, str, str]]
    ) -> None:
        """The fast loop of a wide sheet with no name column whose subject is the branch (the
        walk-round before opening: one line a day, by whoever checked). A row whose first
        cell is a number (its 序号: so neither blank nor a subtotal or note line) and whose
        context reads is read here; any other row, and a line with no mark at all, goes to
        `_wide_row`, which decides every case."""
        plan, cells = self.plan, self.caches.cells
        ((c0, f0), (c1, f1), (c2, f2), (c3, f3), (c4, f4), (c5, f5), (c6, f6)) = self.context
        note_of, note_key = self._note_reader(self.used[0] if self.used else 0)
        slow, out = self._wide_row, self.observations
        new, obs, append = tuple.__new__, _OBSERVATION, out.append
        checklist, file, sheet, date_type = plan.checklist.id, self.file, self.sheet, _DATE
        accepted = blank = 0
        used_cells, empty, numbers = self._used_cells, self._empty, (float, int)
        blank_rows = self.blank_rows
        for number, row in enumerate(rows, first):
            if used_cells is not None and empty.issuperset(used_cells(row)):
                blank += 1  # a spacer row (as _wide_row would skip it)
                blank_rows.append(number)
                continue
            date, branch, role, kind = f0[row[c0]], f1[row[c1]], f4[row[c4]], f5[row[c5]]
            if (
                not row
                or row[0].__class__ not in numbers
                or date.__class__ is not date_type
                or branch.__class__ is not str
                or role.__class__ is Bad
                or kind.__class__ is Bad
            ):
                slow(number, row)
                continue
            employee, employee_id, checker = f2[row[c2]], f3[row[c3]], f6[row[c6]]
            note = note_of[note_key(row)]
            if (
                employee.__class__ is Bad
                or employee_id.__class__ is Bad
                or checker.__class__ is Bad
                or note.__class__ is Bad
            ):
                slow(number, row)  # a name, id or note that cannot be stored
                continue
            start = len(out)
            try:
                for col, item_id, item_role in columns:
                    # A Bad or a noted cell (three fields) does not unpack into two.
                    result, deduction = cells[row[col]]
                    append(
                        new(
                            obs,
                            (
                                date,
                                branch,
                                branch,
                                item_id,
                                result,
                                checklist,
                                kind,
                                role or item_role,
                                employee_id,
                                1,
                                deduction,
                                note,
                                checker,
                                file,
                                sheet,
                                number,
                                col,
                                employee,
                                None,
                                None,
                            ),
                        )
                    )
            except ValueError:
                del out[start:]
                slow(number, row)  # the general path words the rejection
                continue
            if _unmarked(out, start):
                del out[start:]
                slow(number, row)  # a line with no mark: skipped, as _wide_row says
                continue
            accepted += 1
        self.rows += accepted
        self.accepted += accepted
        self.skipped += blank


_RESULT: Final = itemgetter(Observation._fields.index("result"))
_CELL: Final = re.compile(r"([A-Z]+)([0-9]+)")


def _unmarked(observations: list[Observation], start: int) -> bool:
    """Are the observations from `start` on all not checked (a row with no mark at all)?"""
    return all(o.result == BLANK_RESULT for o in observations[start:])  # (islice would walk from 0)


__all__ = ["Caches", "Plan", "RowReader"]
