"""`svccheck explain` output: how a score came about, as terminal text or JSON.

Text: for a subject, the period score and its marks, then each check — base minus each
deduction with the cell it came from, caps and vetoes spelled out — then what fixing each gap
would gain ("TLR-03: +1.0 points for 张三"). For an item, every failure with its cell, and
the gain per subject and branch. JSON carries the same facts (`schema:
"svccheck/explain@1"`). Both speak `--lang`; sheet text is never parsed as markup.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rich.text import Text as RichText

from svccheck.i18n import Text, tr
from svccheck.reporting.labels import (
    kind_label,
    pct,
    points,
    remediation_reason,
    severity_label,
    status_label,
)
from svccheck.reporting.table import STATUS_STYLES
from svccheck.scoring.explain import (
    Explanation,
    Gain,
    ItemExplanation,
    SubjectExplanation,
)
from svccheck.scoring.result import CheckScore, Deduction
from svccheck.terminal import terminal_text

EXPLAIN_SCHEMA = "svccheck/explain@1"


def render_text(
    explanation: Explanation,
    lang: str,
    *,
    color: bool = False,
    width: int = 100,
    titles: Mapping[str, Text] | None = None,
) -> str:
    """The explanation for a terminal (ANSI colours only when `color`). `titles` (item id →
    title) names the items beside their ids."""
    names = dict(titles or {})
    blocks: list[list[RichText]] = []
    if explanation.item is not None:
        head = _item_head(explanation, lang)
        if not explanation.items:
            head.append(
                RichText(
                    tr(
                        lang,
                        "该项目在这些表格中没有不合格记录。",
                        "This item did not fail in these sheets.",
                    )
                )
            )
        blocks.append(head)
        blocks += [_item(e, lang) for e in explanation.items]
    else:
        blocks += [_subject(e, lang, names) for e in explanation.subjects]
    if explanation.waived:  # which waiver applied (SPEC §8)
        from svccheck.reporting.waived import waived_lines, waived_title

        found = explanation.waived
        blocks.append(
            [RichText(waived_title(len(found), lang), style="bold")]
            + [RichText("  " + line) for line in waived_lines(found, lang)]
        )
    lines: list[RichText] = []
    for i, block in enumerate(blocks):
        if i:
            lines.append(RichText(""))  # a blank line between blocks
        lines += block
    return terminal_text(lines, width=max(60, min(width, 100)), color=color)


def gain_line(gain: Gain, lang: str, *, for_branch: bool = False) -> str:
    """'TLR-03: +1.0 points for 张三' (the branch's name for a branch row)."""
    who = gain.branch if for_branch else gain.subject
    line = tr(
        lang,
        "{item}：{who} 可提高 {gain} 分",
        "{item}: +{gain} points for {who}",
        item=gain.item,
        gain=_gain(gain.gain),
        who=who,
    )
    extras = [
        tr(lang, "{n} 次检查", "{n} check" if gain.checks == 1 else "{n} checks", n=gain.checks)
    ]
    if gain.vetoes_lifted:
        extras.append(
            tr(
                lang,
                "解除 {n} 次一票否决",
                "lifts {n} veto" if gain.vetoes_lifted == 1 else "lifts {n} vetoes",
                n=gain.vetoes_lifted,
            )
        )
    if lang == "zh":
        return f"{line}（{'，'.join(extras)}）"
    return f"{line} ({', '.join(extras)})"


def _gain(value: float) -> str:
    """A gain with one decimal at least: +1.0, +0.67."""
    text = f"{value:.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def source_text(source: str) -> str:
    """'path/file.xlsx|sheet|cell' as people read it: 'file.xlsx › sheet › cell'."""
    file, _, rest = source.partition("|")
    parts = [Path(file).name if file else "", *rest.split("|")]
    return " › ".join(part for part in parts if part)


def _subject(e: SubjectExplanation, lang: str, titles: Mapping[str, Text]) -> list[RichText]:
    row, scoring = e.row, e.scoring
    head = RichText(
        row.branch if row.subject == row.branch else f"{row.subject} · {row.branch}", style="bold"
    )
    head.append(f" — {e.title.get(lang)} ({e.checklist})")
    if e.is_branch:
        head.append(tr(lang, "，网点全部人员", ", the branch over all its staff"), style="dim")
    marks = RichText(
        tr(
            lang,
            "期间得分 {score}（{n} 次检查的平均；满分 {base}，达标 {pass_}，明星 {star}）→ ",
            "Period score {score}, the mean of {n} checks (base {base}, pass mark {pass_}, "
            "star mark {star}) → ",
            score=points(row.score),
            n=row.checks,
            base=points(scoring.base),
            pass_=points(scoring.pass_mark),
            star=points(scoring.star_mark),
        )
    )
    marks.append(tr(lang, "状态 ", "status "))
    marks.append(status_label(row.status, lang), style=STATUS_STYLES[row.status])
    if row.status == "remediation":
        marks.append(f"（{remediation_reason(row, lang)}）" if lang == "zh" else
                     f" ({remediation_reason(row, lang)})", style="red")  # fmt: skip
    marks.append(tr(lang, " · 得分等级 {g}", " · score grade {g}", g=row.grade.get(lang)))
    lines = [head, marks]
    if row.status == "remediation":
        # A high grade beside "remediation" reads as a contradiction unless it is explained.
        lines.append(
            RichText(
                tr(
                    lang,
                    "等级只看得分；状态先看红线和低于达标线的次数，所以得分高也可能需整改",
                    "the grade reads the score alone; the status looks first at red lines and "
                    "checks under the pass mark, so a high score can still be due for remediation",
                ),
                style="dim",
            )
        )
    lines.append(RichText(""))
    for check in e.checks:
        lines += _check_lines(check, lang, titles, show_subject=e.is_branch)
    lines.append(RichText(""))
    if e.gains:
        lines.append(
            RichText(
                tr(
                    lang,
                    "整改各项可提高的期间得分：",
                    "What fixing each gap would gain (period score):",
                ),
                style="bold",
            )
        )
        lines += [RichText("  " + gain_line(g, lang, for_branch=e.is_branch)) for g in e.gains]
    else:
        lines.append(RichText(tr(lang, "没有扣分项。", "No points were lost.")))
    return lines


ARITHMETIC_TERMS = 6  # more deductions than this are summed, not spelled out


def _check_lines(
    check: CheckScore, lang: str, titles: Mapping[str, Text], *, show_subject: bool
) -> list[RichText]:
    """One check: date, kind, score = base − deductions; then one line per deduction."""
    line = RichText(check.date.isoformat(), style="bold")
    if show_subject:
        line.append(f"  {check.subject}")
    line.append(f"  {kind_label(check.kind, lang)}  ")
    line.append(points(check.score), style="bold")
    deductions = check.deductions
    if not deductions:
        line.append(
            tr(
                lang,
                "  {p}/{j} 项合格",
                "  {p}/{j} items passed",
                p=check.passed,
                j=check.passed + check.failed,
            )
        )
    else:
        terms = (
            " − ".join(points(d.points) for d in deductions)
            if len(deductions) <= ARITHMETIC_TERMS
            else tr(
                lang,
                "{lost}（{n} 项扣分）",
                "{lost} ({n} deductions)",
                lost=points(check.points_lost),
                n=len(deductions),
            )
        )
        if check.possible:  # the rate model: the share kept of what could be lost
            line.append(
                f" ← {points(check.base)} × ({points(check.possible)} − "
                f"{points(check.points_lost)}) / {points(check.possible)}"
            )
        else:
            line.append(f" ← {points(check.base)} − {terms}")
        if check.vetoed:
            line.append(tr(lang, "，一票否决记 0 分", ", vetoed to 0"), style="bold red")
        elif check.base - check.points_lost < 0:
            line.append(tr(lang, "，最低 0 分", ", floored at 0"))
        if check.flagged:
            line.append(tr(lang, "，红线标记", ", red line flagged"), style="bold red")
    _counts_note(line, check, lang)
    lines = [line]
    for d in deductions:
        lines += _deduction_lines(d, lang, titles)
    return lines


def _counts_note(text: RichText, check: CheckScore, lang: str) -> None:
    notes = []
    if check.implied:
        notes.append(tr(lang, "{n} 项未登记视为合格", "{n} unlisted items passed", n=check.implied))
    left_out = []
    if check.na:
        left_out.append(tr(lang, "{n} 项不适用", "{n} not applicable", n=check.na))
    if check.unchecked:
        left_out.append(tr(lang, "{n} 项未检查", "{n} not checked", n=check.unchecked))
    if check.out_of_scope:
        left_out.append(tr(lang, "{n} 项不在检查范围", "{n} out of scope", n=check.out_of_scope))
    if left_out and check.possible:
        left_out[-1] += tr(lang, "，均不计入得分率", ": none of them in the rate")
    notes += left_out
    if notes:
        text.append("  (" + tr(lang, "，", ", ").join(notes) + ")", style="dim")


def _deduction_lines(d: Deduction, lang: str, titles: Mapping[str, Text]) -> list[RichText]:
    first = RichText(f"    −{points(d.points):<4} ", style="bold red" if d.critical else "bold")
    first.append(d.item)
    title = titles.get(d.item)
    if title is not None:
        first.append(f" {title.get(lang)}")
    if d.critical:
        first.append(tr(lang, "  红线", "  red line"), style="red")
    if d.count > 1 or d.rows > 1:
        first.append(tr(lang, "  共 {n} 次", "  ×{n}", n=d.count))
    if d.capped:
        first.append(_capped(d, lang), style="yellow")
    if d.explicit:
        first.append(tr(lang, "  表中扣分", "  as written"), style="dim")
    if d.people:
        first.append("  " + "、".join(d.people), style="dim")
    lines = [first]
    for source in d.sources:
        lines.append(RichText(f"           {source_text(source)}", style="dim"))
    for note in d.notes:
        lines.append(RichText(f"           “{note}”", style="italic"))
    return lines


def _capped(d: Deduction, lang: str) -> str:
    return tr(
        lang,
        "  原 {b} 分，封顶 {c} 分",
        "  {b}, capped at {c}",
        b=points(d.points_before_cap),
        c=points(d.cap),
    )


def _item_head(e: Explanation, lang: str) -> list[RichText]:
    item = e.item
    assert item is not None
    head = RichText(f"{item.id} {item.title.get(lang)}", style="bold")
    cap = (
        tr(lang, "，每次检查最多 {c} 分", ", at most {c} per check", c=points(item.max_points))
        if item.max_points is not None
        else ""
    )
    head.append(
        tr(
            lang,
            " — {sev}，每次违规扣 {p} 分{cap}",
            " — {sev}, {p} points per violation{cap}",
            sev=severity_label(item.severity, lang),
            p=points(item.points),
            cap=cap,
        )
    )
    return [head, RichText(item.criterion.get(lang), style="dim")]


def _item(e: ItemExplanation, lang: str) -> list[RichText]:
    gap = e.gap
    lines = [
        RichText(
            tr(
                lang,
                "{title}（{id}）：{f}/{o} 次检查不合格（{rate}），扣 {lost} 分，占全部扣分 {share}",
                "{title} ({id}): failed in {f} of {o} checks ({rate}), {lost} points lost, "
                "{share} of all points lost",
                title=e.title.get(lang),
                id=e.checklist,
                f=gap.failures,
                o=gap.observations,
                rate=pct(gap.fail_rate),
                lost=points(gap.points_lost),
                share=pct(gap.share),
            ),
            style="bold",
        )
    ]
    for failure in e.failures:
        check, d = failure.check, failure.deduction
        line = RichText(f"  {check.date.isoformat()}  ")
        line.append(
            check.branch if check.subject == check.branch else f"{check.subject} · {check.branch}"
        )
        line.append(f"  −{points(d.points)}", style="bold red" if d.critical else "bold")
        if d.capped:
            line.append(_capped(d, lang), style="yellow")
        if check.vetoed and d.critical:
            line.append(tr(lang, "  一票否决", "  veto"), style="bold red")
        if d.people:
            line.append("  " + "、".join(d.people), style="dim")
        line.append("  " + "; ".join(source_text(s) for s in d.sources), style="dim")
        for note in d.notes:
            line.append(f"  “{note}”", style="italic")
        lines.append(line)
    lines.append(
        RichText(
            tr(lang, "整改该项可提高的期间得分：", "What fixing it would gain (period score):"),
            style="bold",
        )
    )
    branch_rows = e.subjects and all(g.subject == g.branch for g in e.subjects)
    if not branch_rows:
        lines += [RichText("  " + gain_line(g, lang)) for g in e.subjects]
    lines += [RichText("  " + gain_line(g, lang, for_branch=True)) for g in e.branches]
    return lines


def render_json(explanation: Explanation, lang: str) -> str:
    """The explanation as JSON (`schema: "svccheck/explain@1"`)."""
    doc: dict[str, Any] = {"schema": EXPLAIN_SCHEMA, "lang": lang, "query": explanation.query}
    if explanation.item is not None:
        item = explanation.item
        doc["item"] = {
            "id": item.id,
            "title": item.title.get(lang),
            "severity": item.severity,
            "points": item.points,
            "max_points": item.max_points,
        }
        doc["sections"] = [_item_json(e, lang) for e in explanation.items]
    else:
        doc["sections"] = [_subject_json(e, lang) for e in explanation.subjects]
    if explanation.waived:
        doc["waived"] = [w.as_dict() for w in explanation.waived]
    return json.dumps(doc, ensure_ascii=False, indent=2)


def _gain_json(g: Gain, lang: str) -> dict[str, Any]:
    return {
        "item": g.item,
        "title": g.title.get(lang),
        "severity": g.severity,
        "subject": g.subject,
        "branch": g.branch,
        "checks": g.checks,
        "points_lost": g.points_lost,
        "gain": g.gain,
        "vetoes_lifted": g.vetoes_lifted,
    }


def _deduction_json(d: Deduction) -> dict[str, Any]:
    return {
        "item": d.item,
        "points": d.points,
        "points_before_cap": d.points_before_cap,
        "cap": d.cap,
        "capped": d.capped,
        "count": d.count,
        "rows": d.rows,
        "critical": d.critical,
        "explicit": d.explicit,
        "sources": list(d.sources),
        "notes": list(d.notes),
        "people": list(d.people),
    }


def _check_json(c: CheckScore) -> dict[str, Any]:
    return {
        "date": c.date.isoformat(),
        "subject": c.subject,
        "branch": c.branch,
        "kind": c.kind,
        "base": c.base,
        "score": c.score,
        "points_lost": c.points_lost,
        "passed": c.passed,
        "failed": c.failed,
        "na": c.na,
        "unchecked": c.unchecked,
        "implied": c.implied,
        "out_of_scope": c.out_of_scope,
        "possible": c.possible,
        "veto": c.veto,
        "deductions": [_deduction_json(d) for d in c.deductions],
    }


def _subject_json(e: SubjectExplanation, lang: str) -> dict[str, Any]:
    row = e.row
    return {
        "checklist": e.checklist,
        "title": e.title.get(lang),
        "branch_row": e.is_branch,
        "subject": row.subject,
        "branch": row.branch,
        "score": row.score,
        "status": row.status,
        "grade": row.grade.get(lang),
        "checks": row.checks,
        "scoring": {
            "base": e.scoring.base,
            "pass_mark": e.scoring.pass_mark,
            "star_mark": e.scoring.star_mark,
            "veto": e.scoring.veto,
        },
        "check_scores": [_check_json(c) for c in e.checks],
        "gains": [_gain_json(g, lang) for g in e.gains],
    }


def _item_json(e: ItemExplanation, lang: str) -> dict[str, Any]:
    g = e.gap
    return {
        "checklist": e.checklist,
        "title": e.title.get(lang),
        "failures": g.failures,
        "observations": g.observations,
        "fail_rate": g.fail_rate,
        "points_lost": g.points_lost,
        "share": g.share,
        "failed_in": [
            {
                "date": f.check.date.isoformat(),
                "subject": f.check.subject,
                "branch": f.check.branch,
                "kind": f.check.kind,
                **_deduction_json(f.deduction),
            }
            for f in e.failures
        ],
        "subjects": [_gain_json(x, lang) for x in e.subjects],
        "branches": [_gain_json(x, lang) for x in e.branches],
    }
