"""A bank's branch profiles and waivers (SPEC §8): found, linted and built.

Two optional files sit beside `standards/` (in the folder that holds standards/ and
checklists/), each a YAML list:

- `branches.yaml` — one entry per branch with the facilities it has (一行一策):
  `{branch: 东环支行, has: [vip, fx, cash]}`. An item that `requires:` a facility the branch
  lacks is not applicable there; a branch without an entry has every facility.
- `waivers.yaml` — approved exceptions: `{item, branch (or all), reason, approved_by, expires}`.

validate.py loads and schema-checks them like every other library file; `lint_policies` checks
what a schema cannot (unknown items, branches and facilities, past dates, a branch listed
twice), all at file:line:col; `build_policies` turns them into the model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from svccheck.catalog.checked import LibraryCheck, SourceFile
from svccheck.catalog.findings import Finding, finding
from svccheck.catalog.schema import dotted
from svccheck.model import ALL_BRANCHES, Location, Waiver


def find_policy(folder: Path, names: tuple[str, ...]) -> Path | None:
    for name in names:
        if (folder / name).is_file():
            return folder / name
    return None


# ---------------------------------------------------------------------------- lint


def lint_policies(
    check: LibraryCheck,
    facilities: set[str],
    items: set[str] | None,
    today: dt.date | None = None,
) -> list[Finding]:
    """Findings about branches.yaml and waivers.yaml. `items`: every item id of the library,
    None when a standard could not be read (an item may be in it: none is called unknown)."""
    found: list[Finding] = []
    branches: set[str] | None = None
    if check.profiles is not None and check.profiles.document is not None:
        branches = set()
        found.extend(_lint_profiles(check.profiles, facilities, branches))
    if check.waivers is not None and check.waivers.document is not None:
        found.extend(_lint_waivers(check.waivers, items, branches, today or dt.date.today()))
    return found


def _entries(source: SourceFile) -> Iterator[tuple[int, Mapping[str, Any]]]:
    assert source.document is not None
    data = source.document.data
    for index, entry in enumerate(data if isinstance(data, list) else ()):
        if isinstance(entry, dict):
            yield index, entry


def _unknown(
    source: SourceFile,
    path: tuple[int | str, ...],
    value: str,
    known: set[str],
    rule: str,
    zh: str,
    en: str,
) -> Finding:
    """`value` at `path` names nothing in `known`: located, with the closest known one."""
    assert source.document is not None
    close = get_close_matches(value, sorted(known), n=1)
    return finding(
        rule,
        source.display,
        source.document.locate(path),
        zh + "{hint_zh}",
        en + "{hint_en}",
        where=dotted(path),
        value=value,
        hint_zh=f"；是不是 '{close[0]}'？" if close else "",
        hint_en=f"; did you mean '{close[0]}'?" if close else "",
    )


def _lint_profiles(source: SourceFile, facilities: set[str], names: set[str]) -> Iterator[Finding]:
    document = source.document
    assert document is not None
    first: dict[str, tuple[int, int]] = {}
    for index, entry in _entries(source):
        branch = entry.get("branch")
        if isinstance(branch, str):
            span = document.locate((index, "branch"))
            if branch in first:
                line, col = first[branch]
                yield finding(
                    "duplicate-branch",
                    source.display,
                    span,
                    "{where}：网点“{branch}”重复（第一次在 {file}:{line}:{col}）",
                    "{where}: branch '{branch}' is listed twice (first at {file}:{line}:{col})",
                    where=dotted((index, "branch")),
                    branch=branch,
                    file=source.display,
                    line=line,
                    col=col,
                )
            else:
                first[branch] = (span.line, span.col)
            names.add(branch)
        has = entry.get("has")
        for position, facility in enumerate(has if isinstance(has, list) else ()):
            if isinstance(facility, str) and facility not in facilities:
                yield _unknown(
                    source,
                    (index, "has", position),
                    facility,
                    facilities,
                    "unknown-term",
                    "{where}：词表中没有设施 '{value}'",
                    "{where}: unknown facility '{value}' (not in the taxonomy)",
                )


def _lint_waivers(
    source: SourceFile,
    items: set[str] | None,
    branches: set[str] | None,
    today: dt.date,
) -> Iterator[Finding]:
    document = source.document
    assert document is not None
    for index, entry in _entries(source):
        item = entry.get("item")
        if isinstance(item, str) and items is not None and item not in items:
            yield _unknown(
                source,
                (index, "item"),
                item,
                items,
                "unknown-waiver-item",
                "{where}：没有编号为 {value} 的条目",
                "{where}: there is no item {value}",
            )
        branch = entry.get("branch")
        if (
            isinstance(branch, str)
            and branches is not None
            and branch != ALL_BRANCHES
            and branch not in branches
        ):
            yield _unknown(
                source,
                (index, "branch"),
                branch,
                branches,
                "unknown-branch",
                "{where}：branches.yaml 中没有网点“{value}”（全部网点写 all）",
                "{where}: branches.yaml lists no branch '{value}' (all branches: all)",
            )
        yield from _expiry(source, index, entry, today)


def _expiry(
    source: SourceFile, index: int, entry: Mapping[str, Any], today: dt.date
) -> Iterator[Finding]:
    document = source.document
    assert document is not None
    expires = entry.get("expires")
    if not isinstance(expires, str):
        return
    path = (index, "expires")
    try:
        date = dt.date.fromisoformat(expires)
    except ValueError:  # the schema's `format: date` refuses it, at its place
        return
    if date < today:
        yield finding(
            "waiver-expired",
            source.display,
            document.locate(path),
            "{where}：{item} 的豁免已于 {date} 到期，此后的不合格照常扣分；请续批或删除",
            "{where}: the waiver of {item} expired on {date}; failures after it are deducted "
            "again — renew it or remove it",
            where=dotted(path),
            item=entry.get("item", "?"),
            date=expires,
        )


# ---------------------------------------------------------------------------- build


def build_policies(check: LibraryCheck) -> tuple[dict[str, frozenset[str]], tuple[Waiver, ...]]:
    """The branch profiles and waivers of a library without errors (load_library refuses any
    other): branch → facilities, and the waivers in file order."""
    profiles: dict[str, frozenset[str]] = {}
    if check.profiles is not None and check.profiles.document is not None:
        for _, entry in _entries(check.profiles):
            profiles[str(entry["branch"])] = frozenset(map(str, entry.get("has") or ()))
    waivers: list[Waiver] = []
    source = check.waivers
    if source is not None and source.document is not None:
        for index, entry in _entries(source):
            span = source.document.locate((index,))
            waivers.append(
                Waiver(
                    item=str(entry["item"]),
                    branch=str(entry["branch"]),
                    reason=str(entry["reason"]),
                    approved_by=str(entry["approved_by"]),
                    expires=dt.date.fromisoformat(str(entry["expires"])),
                    location=Location(source.display, span.line, span.col),
                )
            )
    return profiles, tuple(waivers)
