"""Rows for items that do not apply at their branch (branch profiles, SPEC §8).

An item that requires a facility the branch's profile (branches.yaml) lacks is not applicable
there: it is never a finding. After a sheet is read, `drop_inapplicable` takes its rows for such
items out of what is scored:

- a long-form row (the register: one row, one observation) is rejected, at the item's cell,
  with the reason — accepted + rejected still equals the rows read;
- a wide-form row (a morning sheet: one row per person or day, one cell per item) keeps its
  other cells; the marks in the item's cells are left out and the sheet gets one warning per
  item naming them (a form printed for the branch with `--branch` has no such column).

Only runs when the library has branch profiles; otherwise the reader never comes here.
"""

from __future__ import annotations

from svccheck.i18n import tr
from svccheck.model import Library, Observation, Rejection, column_letter
from svccheck.sheets.rows import RowReader

_MARKED = frozenset(("pass", "fail"))


def inapplicable_reason(library: Library, item: str, branch: str, lang: str) -> str:
    """Why `item` does not apply at `branch`: the facilities its profile lacks."""
    lacking = library.missing_facilities(item, branch)
    sep = tr(lang, "、", ", ")
    names = sep.join(library.taxonomy.label("facilities", f, lang) for f in lacking)
    return tr(
        lang,
        "{item} 在“{branch}”不适用：该网点没有{names}（见 branches.yaml）",
        "{item} does not apply at {branch}: the branch has no {names} (see branches.yaml)",
        item=item,
        branch=branch,
        names=names,
    )


def drop_inapplicable(reader: RowReader, library: Library, form: str, lang: str) -> list[str]:
    """Take the rows of items not applicable at their branch out of `reader`; the warnings."""
    observations = reader.observations
    kept: list[Observation] = []
    dropped: list[Observation] = []
    for obs in observations:
        if obs.item in library.not_applicable(obs.branch):
            dropped.append(obs)
        else:
            kept.append(obs)
    if not dropped:
        return []
    reader.observations = kept
    if form == "long":
        column = reader.plan.cols.get("item", -1)
        for obs in dropped:
            cell = f"{column_letter(column)}{obs.row}" if column >= 0 else obs.cell
            why = inapplicable_reason(library, obs.item, obs.branch, lang)
            reader.rejections.append(Rejection(obs.file, obs.sheet, obs.row, cell, why))
        reader.rejections.sort(key=lambda r: r.row)
        rows = len({obs.row for obs in dropped})
        reader.accepted -= rows
        reader.rejected += rows
        return []
    cells: dict[tuple[str, str], list[str]] = {}
    for obs in dropped:
        if obs.result in _MARKED:
            cells.setdefault((obs.item, obs.branch), []).append(obs.cell)
    sep = tr(lang, "、", ", ")
    return [
        tr(
            lang,
            "{why}；{cells} 的标记未计入",
            "{why}; the marks in {cells} are left out",
            why=inapplicable_reason(library, item, branch, lang),
            cells=sep.join(found[:10]) + (" …" if len(found) > 10 else ""),
        )
        for (item, branch), found in cells.items()
    ]
