"""The JSON report (SPEC §7): `schema: "svccheck/report@1"`, validated by report.schema.json.

Shape — the SPEC §7 fields at the top level, for all checklists combined, then one entry per
checklist under `sections` with the same fields:

    {"schema": "svccheck/report@1", "lang": "en", "standards_version": "2026.1",
     "period": {"from": "2026-10-01", "to": "2026-10-31"},
     "inputs":   [{file, sheets, rows, accepted, rejected, skipped}],
     "summary":  {subjects, branches, checks, observations, score_mean, pass_rate,
                  points_lost, criticals, passed, failed, na, unchecked, implied, vetoed,
                  flagged, statuses: {remediation, star, pass, below}},
     "gaps":     [{rank, item, title, role, category, area, severity, observations, failures,
                   fail_rate, points_lost, share, cumulative_share, subjects_affected,
                   branches_affected, violations, servqual, checklists}],
     "subjects": [{rank, subject, branch, role, checks, score, pass_rate, points_lost,
                   criticals, status, top_gaps, grade, subject_kind, employee_id,
                   below_pass, vetoed, flagged, checklists, kinds}],
     "branches": [same fields as subjects, plus "subjects": staff (or 1) scored there],
     "breakdowns": {"category" | "area" | "role" | "servqual": [{rank, key, label, items,
                   observations, failures, fail_rate, points_lost, share, cumulative_share,
                   subjects_affected, branches_affected}]},
     "rejected": [{file, sheet, row, cell, reason}],
     "waived":   [{date, branch, subject, item, …, reason, approved_by, expires}] (waivers.yaml),
     "warnings": ["…"],
     "normalised": false,
     "sections": [{checklist, title, kind, subject_kind, kinds, findings_only,
                   scoring: {model, base, pass_mark, star_mark, veto, grades: [{min, label}]},
                   period, summary, gaps, subjects, branches, breakdowns}],
     "history": …}   # only when the ledger adds it (`svccheck report`)

Rates are fractions in [0, 1] (null when nothing was judged); points are numbers; ids are the
standards' ids; titles, labels, statuses' `status` ids stay ids and `grade` is in `lang`.
`--top N` keeps the first N gaps, subjects and branches of every list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from svccheck.fast import gc_paused
from svccheck.jsontext import json_encoder
from svccheck.model import Scoring
from svccheck.scoring.result import Gap, GroupRow, RankedRow, Report, Section, Summary

SCHEMA_ID = "svccheck/report@1"


def render(report: Report, options: Any) -> str:
    """The report as pretty-printed JSON text (UTF-8, CJK kept as is)."""
    # tens of thousands of small dicts: the cycle collector would walk the whole heap (the
    # observations still held) again and again while they are made, for nothing to free
    with gc_paused():
        return pretty(document(report, options.lang, options.top))


# One line per row: C's encoder (json uses it only without `indent`) for each row, so a
# report of tens of thousands of ranking rows is written ten times faster than with indent=2,
# and stays readable and grep-able — a gap, a person, a branch per line.
_line = json_encoder()  # `value` as JSON on one line


def pretty(value: Any) -> str:
    """`value` as JSON: objects and lists of objects indented by two spaces, each object
    without nested objects in a list (a row) on one line.

    The pieces are gathered in one list and joined once: a report of ten thousand people
    is megabytes of text, which concatenating at each level of nesting copied again and
    again."""
    out: list[str] = []
    _write(value, 0, {}, out)
    return "".join(out)


def _write(value: Any, depth: int, rows: dict[int, list[str]], out: list[str]) -> None:
    """`pretty(value)`'s pieces, at `depth`, added to `out`. `rows`: the lines of the lists
    of rows written so far, by the list's identity — a one-section report's figures are its
    section's (the same lists), and are encoded once."""
    inner = "  " * (depth + 1)
    append = out.append
    if isinstance(value, dict) and value:
        before = "{\n"
        for key, item in value.items():
            append(f"{before}{inner}{_line(key)}: ")
            _write(item, depth + 1, rows, out)
            before = ",\n"
        append("\n" + "  " * depth + "}")
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        one_line = _rows(value, rows)
        append("[\n" + inner)
        if all(one_line):  # the usual case: ranking rows, gaps — joined in C
            append((",\n" + inner).join(one_line))
        else:
            for n, (line, item) in enumerate(zip(one_line, value, strict=True)):
                if n:
                    append(",\n" + inner)
                if line:
                    append(line)
                else:
                    _write(item, depth + 1, rows, out)
        append("\n" + "  " * depth + "]")
    else:
        append(_line(value))


def _rows(value: list[dict[str, Any]], rows: dict[int, list[str]]) -> list[str]:
    """Each object of `value` on one line when it is a row (no nested objects), else ""."""
    lines = rows.get(id(value))
    if lines is None:
        if type(value) is Rows:  # rows by construction: ten thousand people need no looking at
            lines = list(map(_line, value))
        else:
            lines = [_line(v) if _is_row(v) else "" for v in value]
        rows[id(value)] = lines
    return lines


class Rows(list[dict[str, Any]]):
    """A list of rows — objects holding plain values and lists of them — by construction:
    the gaps, subjects and branches of `document`. (Equal to the list it holds.)"""


def _is_row(value: dict[str, Any]) -> bool:
    # plain values are passed over by their type, in C: a ranking row has twenty of them, and
    # testing each in Python cost as much as encoding the row
    nested = [v for v in value.values() if type(v) not in _PLAIN]
    return not any(isinstance(v, dict) or (isinstance(v, list) and v and
                   isinstance(v[0], dict)) for v in nested)  # fmt: skip


_PLAIN = frozenset((str, int, float, bool, type(None)))


def document(report: Report, lang: str = "en", top: int | None = None) -> dict[str, Any]:
    """The report as plain JSON data (what `render` prints). Figures made of the same rows (a
    one-section report's are its section's) are the same lists."""
    made: dict[int, list[dict[str, Any]]] = {}
    doc: dict[str, Any] = {
        "schema": SCHEMA_ID,
        "lang": lang,
        "standards_version": report.standards_version,
        **({"rescored_from": list(report.rescored_from)} if report.rescored_from else {}),
        "period": _period(report.period_from, report.period_to),
        "inputs": [i.as_dict() for i in report.inputs],
        **_figures(
            report.summary,
            report.gaps,
            report.subjects,
            report.branches,
            report.breakdowns,
            lang,
            top,
            made,
        ),
        "rejected": [r._asdict() for r in report.rejected],
        "warnings": list(report.warnings),
        "normalised": report.normalised,
        "sections": [_section(s, lang, top, made) for s in report.sections],
        "roster_without_check": [line.as_dict() for line in report.roster_without_check],
        "waived": [w.as_dict() for w in report.waived],
    }
    if report.history is not None:
        doc["history"] = report.history.as_json()
        doc["actions"] = [counts.as_dict() for counts in report.history.actions]
    return doc


def _figures(
    summary: Summary,
    gaps: Sequence[Gap],
    subjects: Sequence[RankedRow],
    branches: Sequence[RankedRow],
    breakdowns: Mapping[str, Sequence[GroupRow]],
    lang: str,
    top: int | None,
    made: dict[int, list[dict[str, Any]]],
) -> dict[str, Any]:
    def once(rows: Sequence[Any], make: Callable[[Any], dict[str, Any]]) -> list[dict[str, Any]]:
        found = made.get(id(rows))
        if found is None:
            found = made[id(rows)] = Rows(map(make, rows[:top]))
        return found

    return {
        "summary": _summary(summary),
        "gaps": once(gaps, lambda g: _gap(g, lang)),
        "subjects": once(subjects, lambda r: _ranked(r, lang)),
        "branches": once(branches, lambda r: _ranked(r, lang, branch=True)),
        "breakdowns": {by: [_group(g, lang) for g in rows] for by, rows in breakdowns.items()},
    }


def _section(
    section: Section, lang: str, top: int | None, made: dict[int, list[dict[str, Any]]]
) -> dict[str, Any]:
    return {
        "checklist": section.checklist,
        "title": section.title.get(lang),
        "kind": section.kind,
        "subject_kind": section.subject_kind,
        "kinds": list(section.kinds),
        "findings_only": section.findings_only,
        "scoring": _scoring(section.scoring, lang),
        "period": _period(section.period_from, section.period_to),
        **_figures(
            section.summary,
            section.gaps,
            section.subjects,
            section.branches,
            section.breakdowns,
            lang,
            top,
            made,
        ),
    }


def _period(start: dt.date | None, end: dt.date | None) -> dict[str, str | None]:
    return {"from": start.isoformat() if start else None, "to": end.isoformat() if end else None}


def _summary(summary: Summary) -> dict[str, Any]:
    return {
        "subjects": summary.subjects,
        "branches": summary.branches,
        "checks": summary.checks,
        "observations": summary.observations,
        "score_mean": summary.score_mean,
        "pass_rate": summary.pass_rate,
        "points_lost": summary.points_lost,
        "criticals": summary.criticals,
        "passed": summary.passed,
        "failed": summary.failed,
        "na": summary.na,
        "unchecked": summary.unchecked,
        "implied": summary.implied,
        "vetoed": summary.vetoed,
        "flagged": summary.flagged,
        "statuses": dict(summary.statuses),
    }


def _gap(gap: Gap, lang: str) -> dict[str, Any]:
    return {
        "rank": gap.rank,
        "item": gap.item,
        "title": gap.title.get(lang),
        "role": gap.role,
        "category": gap.category,
        "area": gap.area,
        "severity": gap.severity,
        "observations": gap.observations,
        "failures": gap.failures,
        "fail_rate": gap.fail_rate,
        "points_lost": gap.points_lost,
        "share": gap.share,
        "cumulative_share": gap.cumulative_share,
        "subjects_affected": gap.subjects_affected,
        "branches_affected": gap.branches_affected,
        "violations": gap.violations,
        "servqual": gap.servqual,
        "checklists": list(gap.checklists),
    }


def _ranked(row: RankedRow, lang: str, *, branch: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "rank": row.rank,
        "subject": row.subject,
        "branch": row.branch,
        "role": row.role,
        "checks": row.checks,
        "score": row.score,
        "pass_rate": row.pass_rate,
        "points_lost": row.points_lost,
        "criticals": row.criticals,
        "status": row.status,
        "top_gaps": list(row.top_gaps),
        "grade": row.grade.get(lang),
        "subject_kind": row.subject_kind,
        "employee_id": row.employee_id,
        "below_pass": row.below_pass,
        "vetoed": row.vetoed,
        "flagged": row.flagged,
        "checklists": list(row.checklists),
        "kinds": list(row.kinds),
    }
    if branch:
        data["subjects"] = row.subjects
    return data


def _group(row: GroupRow, lang: str) -> dict[str, Any]:
    return {
        "rank": row.rank,
        "key": row.key,
        "label": row.label.get(lang),
        "items": row.items,
        "observations": row.observations,
        "failures": row.failures,
        "fail_rate": row.fail_rate,
        "points_lost": row.points_lost,
        "share": row.share,
        "cumulative_share": row.cumulative_share,
        "subjects_affected": row.subjects_affected,
        "branches_affected": row.branches_affected,
    }


def _scoring(scoring: Scoring, lang: str) -> dict[str, Any]:
    return {
        "model": scoring.model,
        "base": scoring.base,
        "pass_mark": scoring.pass_mark,
        "star_mark": scoring.star_mark,
        "veto": scoring.veto,
        "grades": [{"min": g.min, "label": g.label.get(lang)} for g in scoring.grades],
    }
