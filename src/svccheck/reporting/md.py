"""The Markdown report: a weekly bulletin (周分析) to paste into a message or a wiki page.

Headline figures, everyone due for remediation (all of them, whatever `--top` says), the
Pareto of gaps, the branch and staff rankings with their statuses, and — when several
checklists were read — a line and a section per checklist (its figures, its top gaps, its
people due for remediation), then the rows that could not be read. With `--by`, the headline
and that one table. Text from the sheets is escaped so a name or a note cannot turn into
markup or break a table (`safetext.md`, the one Markdown escape).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from svccheck.reporting.labels import (
    BY_LABELS,
    Words,
    due_for_remediation,
    gap_titles,
    kind_label,
    pct,
    period_text,
    points,
    remediation_reason,
    rescored_text,
    severity_label,
    status_label,
    top_gaps_text,
)
from svccheck.safetext import md as esc
from svccheck.scoring.result import (
    STATUSES,
    Gap,
    GroupRow,
    RankedRow,
    Report,
    Section,
    Summary,
)

REJECTED_SHOWN = 20  # a bulletin lists the first rejected rows; the full list is in json/xlsx
SECTION_GAPS = 10  # a checklist's own section lists its first gaps (all of them are above)


def render(report: Report, options: Any) -> str:
    """The bulletin as Markdown text."""
    lang, top, by = options.lang, options.top, options.by
    t = Words.of(report, lang, top)
    parts = [
        f"# {t('服务质量差距报告', 'Service gap report')} "
        f"{period_text(report.period_from, report.period_to)}",
        *([f"> {rescored_text(report, lang)}"] if report.rescored_from else []),
        _summary(report.summary, t),
    ]
    if by is None:
        parts.append(_remediation(report, t))
        several = len(report.sections) > 1
        if several:
            parts.append(_sections(report, t))
        parts.append(_gaps(report.gaps[:top], t, len(report.gaps)))
        titles = gap_titles(report.gaps, lang)
        parts.append(_ranking(report.branches[:top], t, titles, branches=True))
        employees = [r for r in report.subjects if r.subject_kind == "employee"]
        if employees:
            parts.append(_ranking(employees[:top], t, titles, branches=False, renumber=True))
        parts.append(_stars_and_remediation(employees, t))
        if several:
            parts += [_section(section, t) for section in report.sections]
        if report.history is not None:  # `svccheck report`: trends from the ledger
            from svccheck.reporting.history import history_markdown

            parts.append(history_markdown(report.history, lang, top).rstrip())
    elif by == "item":
        parts.append(_gaps(report.gaps[:top], t, len(report.gaps)))
    elif by in ("subject", "branch"):
        ranked = report.branches if by == "branch" else report.subjects
        titles = gap_titles(report.gaps, lang)
        parts.append(_ranking(ranked[:top], t, titles, branches=by == "branch"))
    else:
        parts.append(_groups(by, report.breakdowns.get(by, ())[:top], t))
    parts.append(_inputs(report, t))
    return "\n\n".join(p for p in parts if p) + "\n"


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> str:
    align = ["---:" if i in right else "---" for i in range(len(head))]
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _summary(summary: Summary, t: Words) -> str:
    statuses = " · ".join(
        f"{status_label(s, t.lang)} {summary.statuses.get(s, 0)}" for s in STATUSES
    )
    rows = [
        (t("平均分", "Mean score"), points(summary.score_mean)),
        (t("合格率", "Pass rate"), pct(summary.pass_rate)),
        (t("扣分合计", "Points lost"), points(summary.points_lost)),
        (t("红线问题", "Red-line findings"), str(summary.criticals)),
        (t("受检对象 / 网点", "Subjects / branches"), f"{summary.subjects} / {summary.branches}"),
        (
            t("检查次数 / 观察项", "Checks / observations"),
            f"{summary.checks} / {summary.observations}",
        ),
        (t("状态", "Statuses"), statuses),
    ]
    return f"## {t('概况', 'Summary')}\n\n" + _table(
        [t("指标", "Figure"), t("数值", "Value")], rows, right=(1,)
    )


def _remediation(holder: Report | Section, t: Words, level: str = "##") -> str:
    due = due_for_remediation(holder)
    title = f"{level} {t('需整改（{n}）', 'Due for remediation ({n})', n=len(due))}"
    if not due:
        return f"{title}\n\n{t('无。', 'None.')}"
    rows = [
        [
            esc(r.subject),
            esc(r.branch),
            t.role_of(r),
            points(r.score),
            str(r.criticals),
            remediation_reason(r, t.lang),
        ]
        for r in due
    ]
    head = [t.h("subject"), t.h("branch"), t.h("role"), t.h("score"), t.h("criticals")]
    return f"{title}\n\n" + _table([*head, t.h("reason")], rows, right=(3, 4))


def _section(section: Section, t: Words) -> str:
    """One checklist's own section: its figures, its first gaps, its people to act on."""
    summary = section.summary
    figures = t(
        "平均分 {s} · 合格率 {p} · 扣分 {l} · 红线 {c} · 检查 {n} 次",
        "Mean {s} · pass rate {p} · points lost {l} · red lines {c} · {n} checks",
        s=points(summary.score_mean),
        p=pct(summary.pass_rate),
        l=points(summary.points_lost),
        c=summary.criticals,
        n=summary.checks,
    )
    head = (
        f"## {esc(section.title.get(t.lang))}（{kind_label(section.kind, t.lang)}，"
        f"`{section.checklist}`）"
        if t.lang == "zh"
        else f"## {esc(section.title.get(t.lang))} ({kind_label(section.kind, t.lang)}, "
        f"`{section.checklist}`)"
    )
    shown = section.gaps[: t.top or SECTION_GAPS]
    gaps = _gaps(shown, t, len(section.gaps)).replace("## ", "### ", 1)
    return "\n\n".join((head, figures, gaps, _remediation(section, t, "###")))


def _sections(report: Report, t: Words) -> str:
    rows = [
        [
            esc(s.title.get(t.lang)),
            kind_label(s.kind, t.lang),
            str(s.summary.checks),
            points(s.summary.score_mean),
            pct(s.summary.pass_rate),
            points(s.summary.points_lost),
            str(s.summary.criticals),
        ]
        for s in report.sections
    ]
    head = [
        t.h("checklist"),
        t("方式", "Kind"),
        t.h("checks"),
        t("平均分", "Mean"),
        t.h("pass_rate"),
        t.h("points_lost"),
        t.h("criticals"),
    ]
    return f"## {t('各检查表', 'By checklist')}\n\n" + _table(head, rows, right=(2, 3, 4, 5, 6))


def _gaps(gaps: Sequence[Gap], t: Words, total: int) -> str:
    title = f"## {t('主要问题（帕累托）', 'Top gaps (Pareto)')}"
    if not gaps:
        return f"{title}\n\n{t('没有扣分项。', 'No points were lost.')}"
    rows = [
        [
            str(g.rank),
            f"`{g.item}`",
            esc(g.title.get(t.lang)),
            t.label("role", g.role),
            severity_label(g.severity, t.lang),
            points(g.points_lost),
            pct(g.share),
            pct(g.cumulative_share),
            pct(g.fail_rate),
            str(g.branches_affected),
        ]
        for g in gaps
    ]
    head = [
        t.h("rank"),
        t.h("item"),
        t.h("title"),
        t.h("role"),
        t.h("severity"),
        t.h("points_lost"),
        t.h("share"),
        t.h("cumulative_share"),
        t.h("fail_rate"),
        t.h("branches_affected"),
    ]
    more = (
        f"\n\n{t('另有 {n} 项未列出。', '{n} more items not shown.', n=total - len(gaps))}"
        if total > len(gaps)
        else ""
    )
    return f"{title}\n\n" + _table(head, rows, right=(0, 5, 6, 7, 8, 9)) + more


def _ranking(
    ranked: Sequence[RankedRow],
    t: Words,
    titles: Mapping[str, str],
    *,
    branches: bool,
    renumber: bool = False,
) -> str:
    """The ranking; its top gaps with their titles (`titles`: `labels.gap_titles`), as html."""
    title = f"## {t('网点排名', 'Branch ranking') if branches else t('员工排名', 'Staff ranking')}"
    if not ranked:
        return ""
    rows = []
    for position, r in enumerate(ranked, 1):
        who = (
            [esc(r.branch)]
            if branches
            else [esc(r.subject), esc(r.branch), t.label("role", r.role)]
        )
        rows.append(
            [
                str(position if renumber else r.rank),
                *who,
                points(r.score),
                pct(r.pass_rate),
                points(r.points_lost),
                str(r.criticals),
                status_label(r.status, t.lang),
                r.grade.get(t.lang),
                esc(top_gaps_text(r, titles, t.lang)),
            ]
        )
    who_head = [t.h("branch")] if branches else [t.h("employee"), t.h("branch"), t.h("role")]
    head = [
        t.h("rank"),
        *who_head,
        t.h("score"),
        t.h("pass_rate"),
        t.h("points_lost"),
        t.h("criticals"),
        t.h("status"),
        t.h("grade"),
        t.h("top_gaps"),
    ]
    offset = len(who_head)
    numeric = (0, offset + 1, offset + 2, offset + 3, offset + 4)
    return f"{title}\n\n" + _table(head, rows, right=numeric)


def _stars_and_remediation(subjects: Sequence[RankedRow], t: Words) -> str:
    lines = []
    lists = (("star", t("服务明星", "Service stars")), ("remediation", t("需整改", "Remediation")))
    for status, label in lists:
        names = [
            f"{esc(r.subject)}（{esc(r.branch)}）"
            if t.lang == "zh"
            else f"{esc(r.subject)} ({esc(r.branch)})"
            for r in subjects
            if r.status == status
        ]
        if names:
            joined = "、".join(names) if t.lang == "zh" else ", ".join(names)
            lines.append(
                t(
                    "- **{label}**（{n}）：{names}",
                    "- **{label}** ({n}): {names}",
                    label=label,
                    n=len(names),
                    names=joined,
                )
            )
    return "\n".join(lines)


def _groups(by: str, groups: Sequence[GroupRow], t: Words) -> str:
    rows = [
        [
            str(g.rank),
            esc(g.label.get(t.lang)),
            str(g.items),
            points(g.points_lost),
            pct(g.share),
            pct(g.cumulative_share),
            pct(g.fail_rate),
            str(g.branches_affected),
        ]
        for g in groups
    ]
    head = [
        t.h("rank"),
        t.h("key"),
        t.h("items"),
        t.h("points_lost"),
        t.h("share"),
        t.h("cumulative_share"),
        t.h("fail_rate"),
        t.h("branches_affected"),
    ]
    return f"## {BY_LABELS[by].get(t.lang)}\n\n" + _table(head, rows, right=(0, 2, 3, 4, 5, 6, 7))


def _inputs(report: Report, t: Words) -> str:
    files = len(report.inputs)
    rows = sum(i.rows for i in report.inputs)
    line = t(
        "读取 {files} 个文件、{rows} 行；未读入 {rejected} 行。",
        "Read {files} files, {rows} rows; {rejected} rows rejected.",
        files=files,
        rows=rows,
        rejected=len(report.rejected),
    )
    parts = [f"## {t('输入', 'Inputs')}\n\n{line}"]
    if report.waived:  # waivers.yaml (SPEC §8): shown, not deducted
        from svccheck.reporting.waived import waived_lines, waived_title

        listed = "\n".join(f"- {esc(x)}" for x in waived_lines(report.waived, t.lang))
        parts.append(f"**{waived_title(len(report.waived), t.lang)}**\n\n{listed}")
    if report.rejected:
        shown = report.rejected[:REJECTED_SHOWN]
        parts.append(
            _table(
                [t.h("file"), t.h("sheet"), t.h("row"), t.h("cell"), t.h("reason")],
                [
                    [esc(r.file), esc(r.sheet), str(r.row), esc(r.cell), esc(r.reason)]
                    for r in shown
                ],
                right=(2,),
            )
        )
        if len(report.rejected) > len(shown):
            parts.append(
                t(
                    "……另有 {n} 行，见 JSON 或 Excel 报告。",
                    "… {n} more; see the JSON or Excel report.",
                    n=len(report.rejected) - len(shown),
                )
            )
    for warning in report.warnings:
        parts.append(f"> {esc(warning)}")
    return "\n\n".join(parts)
