"""Branch profiles and waivers applied to observations before they are scored (SPEC §8).

- An item that requires a facility the branch's profile lacks is not applicable there: its
  rows count as not applicable (the reader already rejects them; rows kept in a ledger before
  the profile was written reach here too), so it is out of every rate and never a finding.
- A failure covered by a waiver (the item, the branch or `all`, a date up to `expires`) is
  *waived*: it is scored as not applicable — not deducted, out of pass rates, gaps and the
  rate's possible points — and kept apart as a `Waived` record, with the waiver, for reports
  and `explain`.

Runs only when the library has profiles or waivers (`Library.has_policies`): without
branches.yaml and waivers.yaml scoring never comes here, and its hot loop is as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import compress

from svccheck.fast import field_getter
from svccheck.model import Library, Observation, Waiver
from svccheck.scoring.result import Waived

_NA, _FAIL = "na", "fail"
_item_of = field_getter(Observation, "item")


def apply_policies(
    observations: Iterable[Observation], library: Library
) -> tuple[list[Observation], list[Waived]]:
    """The observations as scored under the profiles and waivers, and the waived failures.
    Rows of items no profile or waiver concerns — nearly all of them — are passed over in C."""
    rows = observations if isinstance(observations, list) else list(observations)
    touched = library.policy_items
    hits = list(compress(range(len(rows)), map(touched.__contains__, map(_item_of, rows))))
    if not hits:
        return rows, []
    rows = rows.copy()  # the caller's list stays as it was read
    profiled = bool(library.profiles)
    waived: list[Waived] = []
    for at in hits:
        obs = rows[at]
        item = obs.item
        if profiled and item in library.not_applicable(obs.branch):
            if obs.result != _NA:
                rows[at] = obs._replace(result=_NA)
        elif obs.result == _FAIL:
            waiver = library.waiver_for(item, obs.branch, obs.date)
            if waiver is not None:
                waived.append(_waived(obs, waiver))
                rows[at] = obs._replace(result=_NA)
    return rows, waived


def _waived(obs: Observation, waiver: Waiver) -> Waived:
    return Waived(
        checklist=obs.checklist,
        kind=obs.kind,
        date=obs.date,
        branch=obs.branch,
        subject=obs.subject,
        item=obs.item,
        employee=obs.employee if obs.employee != obs.subject else None,
        count=obs.count,
        note=obs.note,
        file=obs.file,
        sheet=obs.sheet,
        row=obs.row,
        cell=obs.cell,
        waiver=waiver,
    )
