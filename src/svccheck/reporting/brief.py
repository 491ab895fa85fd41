"""The morning briefing as text for the terminal, Markdown, a printable HTML page, or JSON.

Written to be read aloud: short lines, the criterion of each focus item in full, names rather
than codes. Every heading and label comes in zh and en (`--lang`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

from svccheck.i18n import times, tr
from svccheck.reporting.labels import pct, points, remediation_reason
from svccheck.safetext import html, md, visible
from svccheck.scoring.actions import Action
from svccheck.scoring.brief import BranchBrief, Brief
from svccheck.scoring.result import STATUS_LABELS, RankedRow
from svccheck.textwidth import display_width

BRIEF_FORMATS = ("table", "md", "html", "json")


def render_brief(brief: Brief, fmt: str, lang: str) -> str:
    """The briefing in one of BRIEF_FORMATS."""
    renderers: dict[str, Callable[[Brief, str], str]] = {
        "table": brief_text,
        "md": brief_markdown,
        "html": brief_html,
        "json": brief_json,
    }
    return renderers[fmt](brief, lang)


def brief_lines(b: BranchBrief, day: str, lang: str) -> list[tuple[str, list[str]]]:
    """One branch's briefing as (heading, lines) sections — shared by every text format."""
    title = tr(
        lang,
        "{branch} 晨会简报（{day}）",
        "{branch} morning briefing ({day})",
        branch=b.branch,
        day=day,
    )
    if b.yesterday is None or b.summary is None:
        return [
            (
                title,
                [
                    tr(
                        lang,
                        "{day} 之前账本中没有该网点的数据。",
                        "The ledger holds no data for this branch before {day}.",
                        day=day,
                    )
                ],
            )
        ]
    s = b.summary
    y = b.yesterday  # the newest day with data: yesterday's, unless `stale`
    stale = (
        [
            tr(
                lang,
                "⚠ 注意：最新数据是 {y}，早于上一个工作日 {w}——以下不是昨日的情况，请先补录。",
                "⚠ Note: the newest data is from {y}, older than the last working day {w} — "
                "what follows is not yesterday's; ingest the missing sheets first.",
                y=b.yesterday,
                w=b.previous_working_day,
            )
        ]
        if b.stale
        else []
    )
    sections = [
        (
            title,
            [
                *stale,
                tr(
                    lang,
                    "{day} {y}：{checks} 次检查，平均分 {mean}，合格率 {rate}，扣分 {lost}，"
                    "红线 {crit} 项。",
                    "{day} {y}: {checks} checks, mean score {mean}, pass rate {rate}, "
                    "{lost} points lost, {crit} red-line failures.",
                    day=tr(lang, "最近有数据的一天", "Latest day with data")
                    if b.stale
                    else tr(lang, "上一工作日", "Last working day"),
                    y=b.yesterday,
                    checks=s.checks,
                    mean=points(s.score_mean),
                    rate=pct(s.pass_rate),
                    lost=points(s.points_lost),
                    crit=s.criticals,
                ),
            ],
        ),
        (
            tr(lang, "需整改人员（截至 {y} 的 30 天）", "Due for remediation (30 days to {y})", y=y)
            if b.stale
            else tr(lang, "需整改人员（近 30 天）", "Due for remediation (last 30 days)"),
            [_remediation_line(r, lang) for r in b.remediation] or [tr(lang, "无。", "Nobody.")],
        ),
        (
            tr(lang, "逾期未整改（{n} 项）", "Overdue corrective actions ({n})", n=len(b.overdue)),
            [_overdue_line(a, b, day, lang) for a in b.overdue]
            or [tr(lang, "没有逾期的整改。", "No corrective action is overdue.")],
        ),
        (
            tr(lang, "{y} 的结果", "Results of {y}", y=y)
            if b.stale
            else tr(lang, "昨日结果", "Yesterday's results"),
            [_result_line(r, b, lang) for r in b.results] or [tr(lang, "（无）", "(none)")],
        ),
        (
            tr(lang, "服务明星", "Service stars"),
            [f"★ {r.subject} {points(r.score)}" for r in b.stars]
            or [
                tr(lang, "{y} 没有服务明星。", "No service star on {y}.", y=y)
                if b.stale
                else tr(lang, "昨日没有服务明星。", "No service star yesterday.")
            ],
        ),
        (
            tr(
                lang,
                "{y} 未自查（花名册 {n} 人）",
                "No self-check on {y} (roster of {n})",
                y=y,
                n=b.roster,
            )
            if b.stale
            else tr(
                lang,
                "昨日未自查（花名册 {n} 人）",
                "No self-check yesterday (roster of {n})",
                n=b.roster,
            ),
            [
                tr(
                    lang,
                    "{name}（{role}，最近一次 {last}）",
                    "{name} ({role}, last seen {last})",
                    name=g.subject,
                    role=g.role_label.get(lang) if g.role_label else g.role or "—",
                    last=g.last_seen or "—",
                )
                for g in b.no_self_check
            ]
            or [tr(lang, "全员已自查。", "Everyone self-checked.")],
        ),
        (
            tr(
                lang,
                "今日重点（截至 {y} 的 7 天前三大问题，请朗读标准）",
                "Today's focus (top 3 gaps of the 7 days to {y}; read the standard aloud)",
                y=y,
            )
            if b.stale
            else tr(
                lang,
                "今日重点（近 7 天前三大问题，请朗读标准）",
                "Today's focus (top 3 gaps of the last 7 days; read the standard aloud)",
            ),
            [
                tr(
                    lang,
                    "{n}. {item} {title}：{criterion}（扣 {lost} 分，不合格 {fails} 次）",
                    "{n}. {item} {title}: {criterion} ({lost} points lost, failed {failed})",
                    n=i,
                    item=f.item,
                    title=f.title.get(lang),
                    criterion=f.criterion.get(lang),
                    lost=points(f.points_lost),
                    fails=f.failures,
                    failed=times(f.failures),
                )
                for i, f in enumerate(b.focus, 1)
            ]
            or [tr(lang, "近 7 天没有扣分项。", "No points lost in the last 7 days.")],
        ),
    ]
    return sections


def brief_text(brief: Brief, lang: str) -> str:
    out: list[str] = []
    for b in brief.branches:
        for heading, lines in brief_lines(b, brief.date.isoformat(), lang):
            out += [heading, "─" * min(60, display_width(heading))]
            out += [f"  {line}" for line in lines]
            out.append("")
    # plain text for a terminal: names and notes cannot send escape sequences
    return visible("\n".join(out)) if out else _nothing(brief, lang) + "\n"


def brief_markdown(brief: Brief, lang: str) -> str:
    out: list[str] = []
    for b in brief.branches:
        for level, (heading, lines) in enumerate(brief_lines(b, brief.date.isoformat(), lang)):
            out += [("# " if level == 0 else "## ") + md(heading), ""]
            out += [md(line) if level == 0 else f"- {md(line)}" for line in lines]
            out.append("")
    return "\n".join(out) if out else _nothing(brief, lang) + "\n"


def brief_html(brief: Brief, lang: str) -> str:
    """One A4 page per branch (a page break between branches), to pin up or read from.

    Numbered lines are listed without bullets (no "• 1."); yesterday's results of people due
    for remediation or with a red-line failure, and the remediation list, are marked `alert`
    (red and bold, with the status word, so black-and-white prints still tell)."""
    title = tr(lang, "晨会简报 {day}", "Morning briefing {day}", day=brief.date)
    body: list[str] = []
    for b in brief.branches:
        body.append("<article>")
        alerts = _alert_lines(b)
        for level, (heading, lines) in enumerate(brief_lines(b, brief.date.isoformat(), lang)):
            tag = "h1" if level == 0 else "h2"
            body.append(f"<{tag}>{html(heading)}</{tag}>")
            marks = alerts.get(level, ())
            if level == 0:
                body += [f"<p>{html(line)}</p>" for line in lines]
            else:
                numbered = all(_NUMBERED.match(line) for line in lines)
                cls = "numbered" if numbered else "plain"
                cls += " people" if level in (_RESULTS, _STARS) else ""
                body.append(
                    f'<ul class="{cls}">'
                    + "".join(
                        f"<li{' class=alert' if n < len(marks) and marks[n] else ''}>"
                        f"{html(line)}</li>"
                        for n, line in enumerate(lines)
                    )
                    + "</ul>"
                )
        body.append("</article>")
    if not body:
        body.append(f"<p>{html(_nothing(brief, lang))}</p>")
    return (
        f'<!doctype html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head>'
        f'<meta charset="utf-8"><title>{html(title)}</title>'
        f"<style>{_BRIEF_CSS}</style></head><body>" + "\n".join(body) + "</body></html>\n"
    )


_NUMBERED = re.compile(r"\d+\. |★ ")  # lines that carry their own mark: no bullet
# the sections of `brief_lines` whose lines stand for people: the remediation list and the
# overdue actions first (whoever must act is read out before the results), then the results
# and the stars
_REMEDIATION, _OVERDUE, _RESULTS, _STARS = 1, 2, 3, 4


def _alert_lines(b: BranchBrief) -> dict[int, tuple[bool, ...]]:
    """Section → which of its lines to mark: a result due for remediation or with a red
    line, every line of the remediation list and of the overdue actions."""
    return {
        _RESULTS: tuple(r.status in ("remediation", "below") or r.criticals > 0 for r in b.results),
        _REMEDIATION: tuple(True for _ in b.remediation),
        _OVERDUE: tuple(True for _ in b.overdue),
    }


_BRIEF_CSS = (
    "body{font-family:'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',system-ui,"
    "sans-serif;max-width:50em;margin:2em auto;line-height:1.5;color:#1b1f24}"
    "h1{font-size:1.5em;margin:0 0 .3em}h2{font-size:1.15em;border-bottom:1px solid #ccc;"
    "margin:1em 0 .3em}ul{margin:.2em 0;padding-left:1.4em}ul.numbered{list-style:none;"
    "padding-left:.4em}li.alert{color:#c62828;font-weight:700}"
    "article{break-after:page;page-break-after:always}article:last-child{break-after:auto;"
    "page-break-after:auto}"
    # one A4 page a branch: a smaller type on paper, the results in two columns when long
    "@page{size:A4;margin:12mm 14mm}"
    "@media print{body{max-width:none;margin:0;font-size:10pt;line-height:1.35}"
    "h1{font-size:15pt}h2{font-size:11pt;margin:.6em 0 .2em;break-after:avoid}"
    "ul.people{columns:2;column-gap:2em}li{break-inside:avoid}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}"
)


def brief_json(brief: Brief, lang: str) -> str:
    return json.dumps(brief_dict(brief), ensure_ascii=False, indent=2) + "\n"


def brief_dict(brief: Brief) -> dict[str, Any]:
    return {
        "schema": "svccheck/brief@1",
        "date": brief.date.isoformat(),
        "branches": [_branch_dict(b) for b in brief.branches],
    }


def _branch_dict(b: BranchBrief) -> dict[str, Any]:
    def row(r: RankedRow) -> dict[str, Any]:
        return {
            "subject": r.subject,
            "subject_kind": r.subject_kind,
            "role": r.role,
            "score": r.score,
            "status": r.status,
            "points_lost": r.points_lost,
            "top_gaps": list(r.top_gaps),
        }

    s = b.summary
    return {
        "branch": b.branch,
        "yesterday": b.yesterday.isoformat() if b.yesterday else None,
        "stale": b.stale,
        "summary": None
        if s is None
        else {
            "checks": s.checks,
            "subjects": s.subjects,
            "score_mean": s.score_mean,
            "pass_rate": s.pass_rate,
            "points_lost": s.points_lost,
            "criticals": s.criticals,
        },
        "results": [row(r) for r in b.results],
        "stars": [row(r) for r in b.stars],
        "remediation": [row(r) for r in b.remediation],
        "overdue_actions": [
            {
                "item": a.item,
                "title": b.titles[a.item].as_dict() if a.item in b.titles else None,
                "owner": a.owner,
                "subject": a.subject,
                "found": a.found.isoformat(),
                "due": a.due.isoformat(),
                "source": a.source,
            }
            for a in b.overdue
        ],
        "roster": b.roster,
        "no_self_check": [
            {
                "subject": g.subject,
                "role": g.role,
                "last_seen": g.last_seen.isoformat() if g.last_seen else None,
            }
            for g in b.no_self_check
        ],
        "focus": [
            {
                "rank": f.rank,
                "item": f.item,
                "title": f.title.as_dict(),
                "criterion": f.criterion.as_dict(),
                "severity": f.severity,
                "points_lost": f.points_lost,
                "failures": f.failures,
                "fail_rate": f.fail_rate,
            }
            for f in b.focus
        ],
        "windows": {
            "roster_from": b.roster_from.isoformat() if b.roster_from else None,
            "focus_from": b.focus_from.isoformat() if b.focus_from else None,
        },
    }


def _result_line(r: RankedRow, b: BranchBrief, lang: str) -> str:
    named = [f"{g} {b.titles[g].get(lang)}" if g in b.titles else g for g in r.top_gaps]
    gaps = (
        tr(lang, "，问题：{g}", "; gaps: {g}", g=tr(lang, "、", ", ").join(named)) if named else ""
    )
    # the branch's own check (the walk-round) among its people's: said to be the branch's
    who = (
        tr(lang, "{s}（网点）", "{s} (the branch)", s=r.subject)
        if r.subject_kind == "branch"
        else r.subject
    )
    return f"{r.rank}. {who} {points(r.score)} {STATUS_LABELS[r.status].get(lang)}{gaps}"


def _overdue_line(a: Action, b: BranchBrief, day: str, lang: str) -> str:
    title = b.titles.get(a.item)
    item = f"{a.item} {title.get(lang)}" if title else a.item
    meeting = dt.date.fromisoformat(day)
    return tr(
        lang,
        "{owner}：{item}（{found} 发现，期限 {due}，逾期 {days} 天）",
        "{owner}: {item} (found {found}, due {due}, {days} days overdue)",
        owner=a.owner,
        item=item,
        found=a.found.isoformat(),
        due=a.due.isoformat(),
        days=a.days(meeting),
    )


def _remediation_line(r: RankedRow, lang: str) -> str:
    why = remediation_reason(r, lang)
    return tr(
        lang,
        "{who}（平均 {score}，{why}）",
        "{who} (mean {score}, {why})",
        who=r.subject,
        score=points(r.score),
        why=why,
    )


def _nothing(brief: Brief, lang: str) -> str:
    return tr(
        lang,
        "{day} 之前 30 天内账本中没有任何网点的数据。",
        "The ledger holds no branch data in the 30 days before {day}.",
        day=brief.date,
    )
