"""What a register says about itself beyond its rows (contract version 2): scope, staff on duty.

The reader hands each inspection sheet's rows to `RegisterFacts` as they stream past (only
when the sheet has a scope column, to note each row's scope), then asks it for the sheet's
`SheetFacts`. A scope that names nothing known rejects the rows it governs — scoring them with
a guessed scope would pass or leave out items nobody meant — and says where the scope was
written and what it may name. A finding outside a stated scope is still a finding (it widens
the scope) and is reported as a warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from svccheck.i18n import tr
from svccheck.model import Observation, Rejection, SheetFacts, column_letter
from svccheck.sheets.scope import Scope, ScopeWords
from svccheck.sheets.values import cell_text, is_blank


@dataclass
class ScopeCells:
    """The raw scope cell of each data row that has one (row number → value)."""

    column: int
    values: dict[int, object] = field(default_factory=dict)

    def capture(self, rows: Iterable[list[object]], first: int) -> Iterator[list[object]]:
        col, values = self.column, self.values
        for number, row in enumerate(rows, first):
            if col < len(row) and not is_blank(row[col]):
                values[number] = row[col]
            yield row


@dataclass
class SheetScopes:
    """The outcome of reading a sheet's scope: facts for scoring, rows refused, warnings."""

    facts: SheetFacts | None = None
    rejected_rows: dict[int, Rejection] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def sheet_scopes(
    *,
    file: str,
    sheet: str,
    checklist_id: str,
    kind: str,
    observations: Sequence[Observation],
    stated: tuple[object, str] | None,  # (the scope above the header, its cell)
    cells: ScopeCells | None,
    scope_of: ScopeWords,
    lang: str,
) -> SheetScopes:
    """Read the scope of one register sheet; the rows of a scope naming nothing are refused."""
    out = SheetScopes()
    checklist = scope_of.library.checklists[checklist_id]
    sheet_scope: Scope | None = None
    if stated is not None and not is_blank(stated[0]):
        raw, where = stated
        sheet_scope = scope_of.read(cell_text(raw), checklist)
        if _refuses(sheet_scope):
            why = _nothing_known(lang, sheet_scope, where)
            for obs in observations:
                out.rejected_rows.setdefault(obs.row, _reject(obs, where, why))
            return out
        out.warnings.extend(_unknown_words(lang, sheet_scope, where))
    row_scopes: dict[tuple[str, dt.date], set[str]] = {}  # 全面 in a row: every item
    if cells is not None and cells.values:
        read: dict[object, Scope] = {}
        letter = column_letter(cells.column)
        for obs in observations:
            raw = cells.values.get(obs.row)
            key = (obs.branch, obs.date)
            if raw is None:
                continue
            scope = read.get(raw)
            if scope is None:
                scope = read[raw] = scope_of.read(cell_text(raw), checklist)
                out.warnings.extend(_unknown_words(lang, scope, f"{letter}{obs.row}"))
            if _refuses(scope):
                where = f"{letter}{obs.row}"
                out.rejected_rows.setdefault(
                    obs.row, _reject(obs, where, _nothing_known(lang, scope, where))
                )
            else:
                named = checklist.items if scope.items is None else scope.items
                row_scopes.setdefault(key, set()).update(named)
    kept = [o for o in observations if o.row not in out.rejected_rows]
    union = set(sheet_scope.items) if sheet_scope and sheet_scope.items is not None else None
    out.warnings.extend(_outside(lang, kept, union, row_scopes))
    has_rows = {k: frozenset(v) for k, v in row_scopes.items()}
    out.facts = SheetFacts(
        file,
        sheet,
        checklist_id,
        kind,
        scope=frozenset(union) if union is not None else None,
        scope_text=sheet_scope.text if sheet_scope else None,
        row_scopes=tuple((b, d, s) for (b, d), s in sorted(has_rows.items())),
    )
    return out


def _refuses(scope: Scope) -> bool:
    return scope.items is not None and not scope.items and bool(scope.unknown)


def _reject(obs: Observation, where: str, why: str) -> Rejection:
    return Rejection(obs.file, obs.sheet, obs.row, where, why)


def _nothing_known(lang: str, scope: Scope, where: str) -> str:
    return tr(
        lang,
        "检查范围“{text}”（{where}）中没有可识别的内容：应为标准编号或名称、岗位、区域或条目编号"
        "（如 综合柜员、门前区、TLR-01），或“全面检查”",
        "the scope '{text}' ({where}) names nothing known: expected standard ids or titles, "
        "roles, areas or item ids (e.g. teller, entrance, TLR-01), or 全面检查 / all",
        text=scope.text,
        where=where,
    )


def _unknown_words(lang: str, scope: Scope, where: str) -> list[str]:
    if not scope.unknown or _refuses(scope):
        return []
    return [
        tr(
            lang,
            "检查范围（{where}）中的“{words}”无法识别，未计入范围",
            "scope ({where}): '{words}' not recognised, left out of the scope",
            where=where,
            words="、".join(scope.unknown),
        )
    ]


def _outside(
    lang: str,
    observations: Sequence[Observation],
    sheet_scope: set[str] | None,
    row_scopes: dict[tuple[str, dt.date], set[str]],
) -> list[str]:
    """Findings on items outside the stated scope: still findings; the scope widens. One
    warning per item, naming its first rows (a big register can hold thousands)."""
    rows: dict[str, list[int]] = {}
    for obs in observations:
        if obs.result != "fail":
            continue
        scope = row_scopes.get((obs.branch, obs.date), sheet_scope)
        if scope is not None and obs.item not in scope:
            rows.setdefault(obs.item, []).append(obs.row)
    warnings = []
    for item, numbers in rows.items():
        shown = ", ".join(map(str, numbers[:_SHOWN_ROWS]))
        more = len(numbers) - _SHOWN_ROWS
        warnings.append(
            tr(
                lang,
                "第 {rows} 行{more}：{item} 不在所写的检查范围内；仍计为问题，范围随之扩大",
                "row {rows}{more}: {item} lies outside the stated scope; it still counts as a "
                "finding, and the scope widens to hold it",
                rows=shown,
                more=tr(lang, "等 {n} 行", " and {n} more", n=len(numbers)) if more > 0 else "",
                item=item,
            )
        )
    return warnings


_SHOWN_ROWS = 5
