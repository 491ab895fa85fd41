"""Semantic checks a schema cannot express: ids unique across files, references that resolve.

Runs after the schema check, over every file that could be read — including files with schema
errors, read defensively (a value of the wrong type is skipped, never trusted), so that one
broken file neither hides the findings of the others nor makes their references look broken.

Checks: duplicate item / standard / checklist ids (each place names the other), references to
ids missing from the taxonomy (the bundled one plus the folder's own additions), checklists
selecting unknown standards or items or nothing at all, `points` above `max_points`,
contradictory scoring marks, critical items that no checklist checks, text without English
(a warning), ids that differ from their file names (a warning), and two items on one checklist
whose criteria are near-identical (a warning: one fact would be deducted twice).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from difflib import get_close_matches
from typing import Any, NamedTuple, TypeGuard

from svccheck.catalog.checked import LibraryCheck, SourceFile
from svccheck.catalog.findings import Finding, Span, finding
from svccheck.catalog.policies import lint_policies
from svccheck.catalog.schema import dotted, load_schema
from svccheck.catalog.select import select_items
from svccheck.catalog.similar import Criterion, Twins, near_duplicates
from svccheck.catalog.yamlload import JsonPath, YamlDocument

# The vocabulary kinds: what the taxonomy schema allows besides its header keys.
TAXONOMY_KINDS = tuple(
    k for k in load_schema("taxonomy")["properties"] if k not in ("taxonomy", "version")
)
# Item field → taxonomy kind it must come from.
_ITEM_TERMS = {
    "role": "roles",
    "area": "areas",
    "category": "categories",
    "severity": "severity",
    "cadence": "cadence",
    "method": "method",
    "servqual": "servqual",
    "requires": "facilities",
}
# Checklist select key → taxonomy kind.
_SELECT_TERMS = {
    "roles": "roles",
    "areas": "areas",
    "categories": "categories",
    "severity": "severity",
    "cadence": "cadence",
}
_KIND_ZH = {
    "roles": "岗位",
    "areas": "区域",
    "categories": "类别",
    "severity": "严重程度",
    "cadence": "频次",
    "method": "检查方式",
    "servqual": "SERVQUAL 维度",
    "facilities": "设施",
}
_KIND_EN = {
    "roles": "role",
    "areas": "area",
    "categories": "category",
    "severity": "severity",
    "cadence": "cadence",
    "method": "method",
    "servqual": "SERVQUAL dimension",
    "facilities": "facility",
}


class _Place(NamedTuple):
    """Where an id was written."""

    file: str
    span: Span

    def __str__(self) -> str:
        return f"{self.file}:{self.span.line}:{self.span.col}"


def lint(check: LibraryCheck) -> list[Finding]:
    terms = _terms(check.taxonomies)
    findings: list[Finding] = []
    for source in check.taxonomies:
        findings.extend(_taxonomy_text(source))
    standards: dict[str, _Standard] = {}
    item_places: dict[str, list[_Place]] = {}
    standard_places: dict[str, list[_Place]] = {}
    # A standard file that could not be read at all: its id is presumably its file name, and
    # what items it holds is unknown — references to either are not reported as broken.
    unreadable = {s.path.stem for s in check.standards if s.document is None}
    for source in check.standards:
        if source.document is None:
            continue
        findings.extend(_lint_standard(source, source.document, terms))
        standard = _lenient_standard(source.document.data)
        if standard is None:
            continue
        standards.setdefault(standard.id, standard)
        standard_places.setdefault(standard.id, []).append(
            _Place(source.display, source.document.locate(("standard",)))
        )
        for index, raw in enumerate(_list(source.document.data.get("items"))):
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                item_places.setdefault(raw["id"], []).append(
                    _Place(source.display, source.document.locate(("items", index, "id")))
                )
    findings.extend(_duplicates(item_places, "duplicate-item", "条目编号", "item id"))
    findings.extend(_duplicates(standard_places, "duplicate-standard", "标准编号", "standard id"))
    twins = near_duplicates(
        Criterion(item.id, item.role, item.criterion)
        for standard in standards.values()
        for item in standard.items
    )
    context = _Context(terms, standards, unreadable, item_places, twins)
    checked: set[str] = set()
    selections_known = not unreadable
    checklist_places: dict[str, list[_Place]] = {}
    for source in check.checklists:
        if source.document is None:
            selections_known = False
            continue
        data = source.document.data
        if isinstance(data.get("checklist"), str):
            checklist_places.setdefault(data["checklist"], []).append(
                _Place(source.display, source.document.locate(("checklist",)))
            )
        found, selected, sound = _lint_checklist(source, source.document, context)
        findings.extend(found)
        checked.update(selected)
        selections_known &= sound and source.schema_valid
    findings.extend(
        _duplicates(checklist_places, "duplicate-checklist", "检查表编号", "checklist id")
    )
    # Only when every checklist could be resolved: otherwise an item may look unchecked
    # merely because the checklist that holds it is broken.
    if check.checklists and selections_known:
        findings.extend(_unchecked_criticals(check.standards, checked))
    if check.policies:
        items = None if unreadable else set(item_places)
        findings.extend(lint_policies(check, terms["facilities"], items))
    return findings


class _Context(NamedTuple):
    """What checklists are checked against."""

    terms: dict[str, set[str]]
    standards: dict[str, _Standard]
    unreadable: set[str]  # file stems of standards that could not be read
    item_places: dict[str, list[_Place]]  # where each item id is written
    twins: list[Twins]  # items whose criteria are near-identical (catalog.similar)


# ---------------------------------------------------------------------------- taxonomy


def _terms(sources: tuple[SourceFile, ...]) -> dict[str, set[str]]:
    """Every id the library may refer to: the bundled taxonomy plus the folder's own."""
    terms: dict[str, set[str]] = {kind: set() for kind in TAXONOMY_KINDS}
    for source in sources:
        for kind, entries in _taxonomy_kinds(source):
            terms[kind].update(map(str, entries))
    return terms


def _taxonomy_kinds(source: SourceFile) -> Iterator[tuple[str, dict[str, Any]]]:
    """The (kind, entries) blocks of a taxonomy file that are real kinds (a misspelt kind is
    the schema's finding, not a vocabulary)."""
    if source.document is None:
        return
    for kind in TAXONOMY_KINDS:
        entries = source.document.data.get(kind)
        if isinstance(entries, dict):
            yield kind, entries


def _taxonomy_text(source: SourceFile) -> Iterator[Finding]:
    for kind, entries in _taxonomy_kinds(source):
        for term in entries:
            yield from _missing_en(source, (kind, term))


def _unknown_term(
    source: SourceFile, path: JsonPath, kind: str, value: str, terms: Mapping[str, set[str]]
) -> Finding:
    close = get_close_matches(value, sorted(terms.get(kind, ())), n=1)
    document = source.document
    assert document is not None
    return finding(
        "unknown-term",
        source.display,
        document.locate(path),
        "{where}：词表中没有{kind_zh} '{value}'{hint_zh}",
        "{where}: unknown {kind_en} '{value}' (not in the taxonomy){hint_en}",
        where=dotted(path),
        kind_zh=_KIND_ZH[kind],
        kind_en=_KIND_EN[kind],
        value=value,
        hint_zh=f"；是不是 '{close[0]}'？" if close else "",
        hint_en=f"; did you mean '{close[0]}'?" if close else "",
    )


def _term_refs(
    source: SourceFile, path: JsonPath, kind: str, value: Any, terms: Mapping[str, set[str]]
) -> Iterator[Finding]:
    """A term or a list of terms (cadence: [daily, monthly]) checked against the taxonomy."""
    if isinstance(value, str):
        if value not in terms.get(kind, ()):
            yield _unknown_term(source, path, kind, value, terms)
    elif isinstance(value, list):
        for index, entry in enumerate(value):
            if isinstance(entry, str) and entry not in terms.get(kind, ()):
                yield _unknown_term(source, (*path, index), kind, entry, terms)


# ---------------------------------------------------------------------------- standards


def _lint_standard(
    source: SourceFile, document: YamlDocument, terms: Mapping[str, set[str]]
) -> Iterator[Finding]:
    data = document.data
    sid = data.get("standard")
    if isinstance(sid, str) and sid != source.path.stem:
        yield finding(
            "id-file-mismatch",
            source.display,
            document.locate(("standard",)),
            "标准编号 '{id}' 与文件名 '{name}' 不一致",
            "standard id '{id}' differs from the file name '{name}'",
            id=sid,
            name=source.path.name,
        )
    yield from _term_refs(source, ("role",), "roles", data.get("role"), terms)
    yield from _missing_en(source, ("title",))
    for index, item in enumerate(_list(data.get("items"))):
        if not isinstance(item, dict):
            continue
        path: JsonPath = ("items", index)
        for field, kind in _ITEM_TERMS.items():
            yield from _term_refs(source, (*path, field), kind, item.get(field), terms)
        yield from _points_over_max(source, document, path, item)
        yield from _missing_en(source, (*path, "title"))
        yield from _missing_en(source, (*path, "criterion"))


def _points_over_max(
    source: SourceFile, document: YamlDocument, path: JsonPath, item: Mapping[str, Any]
) -> Iterator[Finding]:
    points, cap = item.get("points"), item.get("max_points")
    if _number(points) and _number(cap) and points > cap:
        yield finding(
            "points-over-max",
            source.display,
            document.locate((*path, "points")),
            "{where}：扣分 {points} 超过分值上限 max_points {cap}",
            "{where}: points {points} is above max_points {cap}",
            where=dotted((*path, "points")),
            points=points,
            cap=cap,
        )


def _missing_en(source: SourceFile, path: JsonPath) -> Iterator[Finding]:
    document = source.document
    assert document is not None
    value: Any = document.data
    for step in path:
        if isinstance(value, dict) and isinstance(step, str):
            value = value.get(step)
        elif isinstance(value, list) and isinstance(step, int) and step < len(value):
            value = value[step]
        else:
            return
    if isinstance(value, str) or (
        isinstance(value, dict) and "zh" in value and not value.get("en")
    ):
        yield finding(
            "missing-en",
            source.display,
            document.locate(path),
            "{where}：缺少英文文本（写成 {{zh: …, en: …}}）",
            "{where}: no English text (write {{zh: …, en: …}})",
            where=dotted(path),
        )


class _Item(NamedTuple):
    """An item as far as checklist selection needs it (see catalog.select)."""

    id: str
    role: str
    area: str
    category: str
    severity: str
    cadence: tuple[str, ...]
    has_cap: bool = False  # max_points (分值) is given: a `rate` checklist needs it
    criterion: str = ""  # the zh criterion, for the near-duplicate check


class _Standard(NamedTuple):
    id: str
    items: tuple[_Item, ...]


def _lenient_standard(data: Mapping[str, Any]) -> _Standard | None:
    """The standard as far as checklist selection needs it, whatever else is wrong in it."""
    sid = data.get("standard")
    if not isinstance(sid, str):
        return None
    default_role = data.get("role") if isinstance(data.get("role"), str) else None
    items = []
    for raw in _list(data.get("items")):
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            continue
        role = raw.get("role") if isinstance(raw.get("role"), str) else default_role
        items.append(
            _Item(
                id=raw["id"],
                role=role or "branch",
                area=_str(raw.get("area")),
                category=_str(raw.get("category")),
                severity=_str(raw.get("severity")),
                cadence=_strs(raw.get("cadence")),
                has_cap=_number(raw.get("max_points")),
                criterion=_zh(raw.get("criterion")),
            )
        )
    return _Standard(sid, tuple(items))


def _unchecked_criticals(sources: tuple[SourceFile, ...], checked: set[str]) -> Iterator[Finding]:
    for source in sources:
        if source.document is None or not source.schema_valid:
            continue  # a malformed item (say its cadence) may be why no checklist selects it
        for index, item in enumerate(_list(source.document.data.get("items"))):
            if (
                isinstance(item, dict)
                and item.get("severity") == "critical"
                and isinstance(item.get("id"), str)
                and item["id"] not in checked
            ):
                yield finding(
                    "critical-unchecked",
                    source.display,
                    source.document.locate(("items", index, "id")),
                    "红线条目 {id} 不在任何检查表中：它永远不会被检查",
                    "critical item {id} is in no checklist, so it is never checked",
                    id=item["id"],
                )


# ---------------------------------------------------------------------------- checklists


def _lint_checklist(
    source: SourceFile, document: YamlDocument, context: _Context
) -> tuple[list[Finding], list[str], bool]:
    """Findings, the item ids the checklist selects, and whether that selection is sound
    (every reference resolved), so later checks need not guess."""
    data = document.data
    found: list[Finding] = []
    cid = data.get("checklist")
    if isinstance(cid, str) and cid != source.path.stem:
        found.append(
            finding(
                "id-file-mismatch",
                source.display,
                document.locate(("checklist",)),
                "检查表编号 '{id}' 与文件名 '{name}' 不一致",
                "checklist id '{id}' differs from the file name '{name}'",
                id=cid,
                name=source.path.name,
            )
        )
    found.extend(_missing_en(source, ("title",)))
    found.extend(_scoring(source, document))
    select = data.get("select")
    if not isinstance(select, dict):
        return found, [], False
    before = len(found)
    for key, kind in _SELECT_TERMS.items():
        found.extend(_term_refs(source, ("select", key), kind, select.get(key), context.terms))
    sound = len(found) == before
    sound &= _references(source, document, select, context, found)
    selected = select_items(_clean_select(select), context.standards)
    if sound:
        found.extend(_uncapped_rate_items(source, document, selected, context))
        found.extend(_twins_selected(source, document, selected, context))
    if not selected and sound:
        found.append(
            finding(
                "empty-checklist",
                source.display,
                document.locate_key(("select",)),
                "select 没有选中任何条目：检查表是空的",
                "select picks no item: the checklist would be empty",
            )
        )
    return found, selected, sound


def _references(
    source: SourceFile,
    document: YamlDocument,
    select: Mapping[str, Any],
    context: _Context,
    found: list[Finding],
) -> bool:
    """Unknown standards, items and excluded items; False when a reference is broken or
    cannot be told (it may point into a standard that could not be read)."""
    sound = True
    standards = context.standards
    for index, name in _entries(select.get("standards")):
        if name in context.unreadable:
            sound = False
        elif name not in standards:
            sound = False
            close = get_close_matches(name, sorted(standards), n=1)
            found.append(
                finding(
                    "unknown-standard",
                    source.display,
                    document.locate(
                        ("select", "standards", index) if index >= 0 else ("select", "standards")
                    ),
                    "select.standards：没有编号为 '{name}' 的标准{hint_zh}",
                    "select.standards: there is no standard '{name}'{hint_en}",
                    name=name,
                    hint_zh=f"；是不是 '{close[0]}'？" if close else "",
                    hint_en=f"; did you mean '{close[0]}'?" if close else "",
                )
            )
    known_items = {item.id for s in standards.values() for item in s.items}
    for key, code in (("items", "unknown-item"), ("exclude", "unknown-exclude")):
        for index, item_id in _entries(select.get(key)):
            if item_id in known_items:
                continue
            sound &= code != "unknown-item"
            if not context.unreadable:  # else the item may well be in the unreadable file
                found.append(
                    finding(
                        code,
                        source.display,
                        document.locate(("select", key, max(index, 0))),
                        "select.{key}：没有编号为 {id} 的条目",
                        "select.{key}: there is no item {id}",
                        key=key,
                        id=item_id,
                    )
                )
    return sound


def _clean_select(select: Mapping[str, Any]) -> dict[str, Any]:
    """The select block with values of the wrong type dropped (the schema reports them)."""
    return {k: v for k, v in select.items() if isinstance(v, str | list)}


def _uncapped_rate_items(
    source: SourceFile, document: YamlDocument, selected: list[str], context: _Context
) -> Iterator[Finding]:
    """A `rate` checklist scores each item against its max_points (分值): every item it
    selects needs one. One finding per item, at the checklist's `scoring.model`, naming where
    the item is written (that is where the fix goes)."""
    scoring = document.data.get("scoring")
    if not isinstance(scoring, dict) or scoring.get("model") != "rate":
        return
    capped = {i.id for s in context.standards.values() for i in s.items if i.has_cap}
    for item_id in sorted(selected):
        if item_id in capped:
            continue
        places = context.item_places.get(item_id, [])
        yield finding(
            "rate-needs-max-points",
            source.display,
            document.locate(("scoring", "model")),
            "scoring.model 为 rate（得分率），但条目 {id} 没有 max_points（分值）{where_zh}",
            "scoring.model is rate, but item {id} has no max_points{where_en}",
            id=item_id,
            where_zh=f"：在 {places[0]} 补上" if places else "",
            where_en=f": add it at {places[0]}" if places else "",
        )


def _twins_selected(
    source: SourceFile, document: YamlDocument, selected: list[str], context: _Context
) -> Iterator[Finding]:
    """Two items this checklist selects whose criteria say nearly the same thing: one fact
    that the form would deduct twice. Named at the checklist's `select`, with both items'
    places."""
    chosen = set(selected)
    for pair in context.twins:
        if pair.first not in chosen or pair.second not in chosen:
            continue
        first = context.item_places.get(pair.first, [])
        second = context.item_places.get(pair.second, [])
        yield finding(
            "near-duplicate-criteria",
            source.display,
            document.locate_key(("select",)),
            "{a}（{pa}）与 {b}（{pb}）的检查标准几乎相同（相似度 {sim}）：同一事实会被扣两次，"
            "请合并或写清区别",
            "{a} ({pa}) and {b} ({pb}) have near-identical criteria (similarity {sim}): one "
            "fact would be deducted twice; merge them or make the difference explicit",
            a=pair.first,
            b=pair.second,
            pa=first[0] if first else "?",
            pb=second[0] if second else "?",
            sim=f"{pair.similarity:.2f}",
        )


def _accountable(source: SourceFile, document: YamlDocument) -> Iterator[Finding]:
    """`accountable` holds people to a branch checklist's findings; an employee checklist
    already scores each person."""
    data = document.data
    if data.get("accountable") is not None and data.get("subject", "employee") != "branch":
        yield finding(
            "accountable-subject",
            source.display,
            document.locate(("accountable",)),
            "accountable 只用于 subject: branch 的检查表（员工检查表本来就给每个人打分）",
            "accountable applies to subject: branch checklists only "
            "(an employee checklist already scores each person)",
        )


def _scoring(source: SourceFile, document: YamlDocument) -> Iterator[Finding]:
    yield from _accountable(source, document)
    scoring = document.data.get("scoring")
    if not isinstance(scoring, dict):
        return
    base, pass_mark, star_mark = (scoring.get(k) for k in ("base", "pass_mark", "star_mark"))
    pairs = (
        ("pass_mark", pass_mark, "star_mark", star_mark),
        ("star_mark", star_mark, "base", base),
        ("pass_mark", pass_mark, "base", base),
    )
    for low_name, low, high_name, high in pairs:
        if _number(low) and _number(high) and low > high:
            yield finding(
                "scoring-marks",
                source.display,
                document.locate(("scoring", low_name)),
                "scoring.{low_name} {low} 高于 {high_name} {high}",
                "scoring.{low_name} {low} is above {high_name} {high}",
                low_name=low_name,
                low=low,
                high_name=high_name,
                high=high,
            )
            return
    for index, grade in enumerate(_list(scoring.get("grades"))):
        if isinstance(grade, dict):
            yield from _missing_en(source, ("scoring", "grades", index, "label"))


# ---------------------------------------------------------------------------- duplicates


def _duplicates(
    places: Mapping[str, list[_Place]], code: str, what_zh: str, what_en: str
) -> Iterator[Finding]:
    for name, where in places.items():
        if len(where) < 2:
            continue
        for index, place in enumerate(where):
            others = [str(p) for i, p in enumerate(where) if i != index]
            yield finding(
                code,
                place.file,
                place.span,
                "{what_zh} {name} 重复（另见 {others}）",
                "duplicate {what_en} {name} (also at {others})",
                what_zh=what_zh,
                what_en=what_en,
                name=name,
                others=", ".join(others),
            )


# ---------------------------------------------------------------------------- helpers


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _entries(value: Any) -> Iterator[tuple[int, str]]:
    """(index, string) of a string-or-list value; index -1 for a lone string."""
    if isinstance(value, str):
        yield -1, value
    elif isinstance(value, list):
        yield from ((i, v) for i, v in enumerate(value) if isinstance(v, str))


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _zh(value: Any) -> str:
    """The zh text of a localised value (a plain string or {zh: …}); "" when malformed."""
    if isinstance(value, dict):
        value = value.get("zh")
    return value if isinstance(value, str) else ""


def _strs(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(v for v in _list(value) if isinstance(v, str))


def _number(value: Any) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool)
