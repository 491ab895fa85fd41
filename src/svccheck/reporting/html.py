"""The HTML report: one self-contained page a manager can open offline, print and pin up.

A pure function of the scored `Report`: inline CSS, charts as inline SVG (`svg.py`: a Pareto
of the gaps, the branch ranking, the category breakdown), no scripts, fonts or images fetched
from anywhere. Print CSS lays it out on A4 with one checklist per page run and keeps it readable
in black and white (statuses are written, not only coloured; the Pareto line has markers).
Every string that came from a sheet or a standards file is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from svccheck.model import Rejection
from svccheck.reporting import ReportOptions
from svccheck.reporting.charts import BAR_CRITICAL, STATUS_COLOURS, STATUS_SYMBOLS, common_marks
from svccheck.reporting.labels import (
    Words,
    due_for_remediation,
    gap_titles,
    pct,
    period_text,
    points,
    remediation_reason,
    rescored_text,
    score_text,
    severity_label,
    top_gaps_text,
)
from svccheck.reporting.svg import (
    SMALL_PX,
    TEXT_PX,
    breakdown_svg,
    clip,
    esc,
    pareto_svg,
    ranking_svg,
)
from svccheck.scoring.result import (
    STATUS_LABELS,
    Gap,
    GroupRow,
    RankedRow,
    Report,
    Section,
    Summary,
)

FONT = (
    '"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",'
    '"WenQuanYi Micro Hei",system-ui,sans-serif'
)


def render(report: Report, options: ReportOptions) -> str:
    """The whole report as one HTML document (UTF-8 text)."""
    t = Words.of(report, options.lang, options.top)
    several = len(report.sections) > 1
    body = [_head_block(report, t)]
    if several:
        body.append(_toc(report, t))
        body.append(_overview(report, t))
    body += [_section(s, t) for s in report.sections]
    if not report.sections:
        body.append(f'<p class="empty">{esc(t("没有可评分的检查。", "Nothing to score."))}</p>')
    if report.history is not None:  # `svccheck report`: trends from the ledger
        from svccheck.reporting.history import history_html

        body.append(history_html(report.history, options.lang, options.top))
    body.append(_inputs_block(report, t))
    title = t("服务质量差距报告", "Service gap report")
    lang = "zh-CN" if t.lang == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="svccheck">\n'
        f"<title>{esc(title)} {esc(period_text(report.period_from, report.period_to))}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


# ---------------------------------------------------------------- page blocks


def _head_block(report: Report, t: Words) -> str:
    files = len(report.inputs)
    meta = [
        t("统计期间：{p}", "Period: {p}", p=period_text(report.period_from, report.period_to)),
        t("输入文件 {n} 个", "{n} input files", n=files),
    ]
    if report.standards_version:
        meta.append(t("标准版本 {v}", "standards {v}", v=report.standards_version))
    if report.rescored_from:
        meta.append(rescored_text(report, t.lang))
    if report.rejected:
        rejected = t("未读入 {n} 行", "{n} rows rejected", n=len(report.rejected))
        meta.append(f'<a href="#rejected">{esc(rejected)}</a>')
    if report.waived:
        waived = t("已豁免 {n} 项不合格", "{n} failures waived", n=len(report.waived))
        meta.append(f'<a href="#waived">{esc(waived)}</a>')
    parts = [esc(m) if not m.startswith("<a") else m for m in meta]
    paper = t(
        "打印版：每张检查表列出扣分最多的 {n} 项差距（总览 {o} 项），不含各检查表的图表和"
        "类别分布；完整内容见屏幕版或 xlsx 报告。",
        "On paper: each checklist lists its {n} gaps with most points lost (the overview "
        "{o}), without its charts and categories; the screen and the xlsx report have them all.",
        n=SECTION_PRINT_GAPS,
        o=OVERVIEW_PRINT_GAPS,
    )
    return (
        f'<header class="report-head"><h1>{esc(t("服务质量差距报告", "Service gap report"))}'
        f'</h1><p class="meta">{" · ".join(parts)}</p>'
        f'<p class="note print-only">{esc(paper)}</p></header>'
    )


def _toc(report: Report, t: Words) -> str:
    links = [f'<li><a href="#overview">{esc(t("总览", "Overview"))}</a></li>']
    for s in report.sections:
        links.append(
            f'<li><a href="#{_anchor(s.checklist)}">{esc(s.title.get(t.lang))}</a> '
            f'<span class="id">{esc(s.checklist)}</span></li>'
        )
    links.append(
        f'<li><a href="#inputs">{esc(t("输入与未读入行", "Inputs and rejected rows"))}</a></li>'
    )
    return f'<nav class="toc"><ol>{"".join(links)}</ol></nav>'


def _overview(report: Report, t: Words) -> str:
    # what a wall needs first: the figures, then the top gaps, then who stands where; the
    # per-checklist table last (print keeps all of this on the first two A4 pages)
    parts = [
        f'<section class="overview" id="overview"><h2>{esc(t("总览", "Overview"))}</h2>',
        _cards(report.summary, t),
        _remediation_table(report, t),
        _pareto_sentence(report.gaps, t),
    ]
    if report.gaps:
        parts.append(_h(3, t("主要差距（全部检查表）", "Top gaps (all checklists)")))
        parts.append(pareto_svg(report.gaps, t))
        parts.append(_gaps_table(report.gaps, t, print_rows=OVERVIEW_PRINT_GAPS))
    marks = common_marks(report)
    if report.branches:
        parts.append(_h(3, t("网点排名（全部检查表）", "Branch ranking (all checklists)")))
        parts.append(ranking_svg(t.shown(report.branches), marks, t))
        titles = gap_titles(report.gaps, t.lang)
        parts.append(_ranking_table(report.branches, titles, t, branches=True))
    parts.append(_h(3, t("各检查表", "Checklists")))
    parts.append(_sections_table(report, t))
    parts.append("</section>")
    return "\n".join(parts)


def _section(section: Section, t: Words) -> str:
    kinds = t.kinds(section.kinds)
    sub = [section.checklist, period_text(section.period_from, section.period_to)]
    if kinds:
        sub.append(kinds)
    if section.findings_only:
        sub.append(
            t(
                "登记簿只记问题：未列出的项目视为符合",
                "findings-only register: unlisted items count as passed",
            )
        )
    scoring = section.scoring
    sub.append(
        t(
            "满分 {b}，达标 {p}，明星 {s}",
            "base {b}, pass {p}, star {s}",
            b=points(scoring.base),
            p=points(scoring.pass_mark),
            s=points(scoring.star_mark),
        )
    )
    parts = [
        f'<section class="checklist" id="{_anchor(section.checklist)}">'
        f"<h2>{esc(section.title.get(t.lang))}</h2>"
        f'<p class="meta">{" · ".join(esc(s) for s in sub)}</p>',
        _cards(section.summary, t),
        _pareto_sentence(section.gaps, t),
    ]
    titles = gap_titles(section.gaps, t.lang)
    if section.gaps:
        parts.append(_h(3, t("差距排名（帕累托）", "Ranked gaps (Pareto)")))
        parts.append(pareto_svg(section.gaps, t))
        parts.append(_gaps_table(section.gaps, t, print_rows=SECTION_PRINT_GAPS))
    if section.branches:
        parts.append(_h(3, t("网点排名", "Branch ranking")))
        parts.append(ranking_svg(t.shown(section.branches), scoring, t))
        parts.append(_ranking_table(section.branches, titles, t, branches=True))
    # the staff: an employee checklist's subjects, or the people a register holds to account
    staff = tuple(r for r in section.subjects if r.subject_kind == "employee")
    if staff:
        parts.append(_h(3, t("人员排名", "Staff ranking")))
        parts.append(_ranking_table(staff, titles, t, branches=False))
    category = section.breakdowns.get("category", ())
    if category:
        parts.append(_h(3, t("按问题类别", "By category"), cls="by-category"))
        parts.append(breakdown_svg(category, t))
        parts.append(_breakdown_table(category, t))
    parts.append("</section>")
    return "\n".join(parts)


def _inputs_block(report: Report, t: Words) -> str:
    parts = [
        '<section class="inputs" id="inputs">',
        _h(2, t("输入与未读入行", "Inputs and rejected rows")),
        _h(
            3,
            t("未读入的行（{n}）", "Rejected rows ({n})", n=len(report.rejected)),
            anchor="rejected",
        ),
    ]
    parts.append(
        _rejected_table(report.rejected, t)
        if report.rejected
        else f'<p class="ok">{esc(t("所有行均已读入。", "Every row was read."))}</p>'
    )
    if report.waived:  # waivers.yaml (SPEC §8): shown, not deducted
        from svccheck.reporting.waived import waived_lines, waived_title

        parts.append(_h(3, waived_title(len(report.waived), t.lang), anchor="waived"))
        lines = waived_lines(report.waived, t.lang)
        parts.append('<ul class="waived">' + "".join(f"<li>{esc(x)}</li>" for x in lines) + "</ul>")
    if report.warnings:
        parts.append(
            f'<h3>{esc(t("提示", "Warnings"))}</h3><ul class="warnings">'
            + "".join(f"<li>{esc(w)}</li>" for w in report.warnings)
            + "</ul>"
        )
    if report.inputs:
        parts.append(_h(3, t("输入文件", "Input files")))
        head = [
            t.h("file"),
            t("工作表", "Sheets"),
            t("读取行", "Rows"),
            t("已读入", "Accepted"),
            t("未读入", "Rejected"),
            t("跳过", "Skipped"),
        ]
        rows = [
            [
                esc(i.file),
                f'{len(i.sheets)} <span class="note">{esc(clip("、".join(i.sheets), 24))}</span>',
                _int(i.rows),
                _int(i.accepted),
                _int(i.rejected),
                _int(i.skipped),
            ]
            for i in report.inputs
        ]
        parts.append(_table(head, rows, "inputs", numeric=(2, 3, 4, 5)))
    foot = t(
        "由 svccheck 生成；此文件无需联网即可查看和打印。",
        "Made by svccheck; this file needs no network to view or print.",
    )
    parts.append(f'<footer class="foot">{esc(foot)}</footer>')
    parts.append("</section>")
    return "\n".join(parts)


# ---------------------------------------------------------------- summary figures


def _cards(summary: Summary, t: Words) -> str:
    cards = [
        (t("平均得分", "Mean score"), score_text(summary.score_mean), ""),
        (t.h("pass_rate"), pct(summary.pass_rate), ""),
        (t("扣分合计", "Points lost"), points(summary.points_lost), ""),
        (
            t("红线问题", "Red lines"),
            _int(summary.criticals),
            "alert" if summary.criticals else "",
        ),
        (t("检查次数", "Checks"), _int(summary.checks), ""),
        (t("受检对象", "Subjects"), _int(summary.subjects), ""),
        (t("网点", "Branches"), _int(summary.branches), ""),
        (t("观察记录", "Observations"), _int(summary.observations), ""),
    ]
    html_cards = [
        f'<div class="card {cls}"><div class="value">{esc(value)}</div>'
        f'<div class="label">{esc(label)}</div></div>'
        for label, value, cls in cards
    ]
    statuses = "".join(
        _status_badge(s, t, count=summary.statuses.get(s, 0))
        for s in ("star", "pass", "below", "remediation")
    )
    return (
        f'<div class="cards">{"".join(html_cards)}</div>'
        f'<p class="statuses">{esc(t("状态分布：", "Statuses:"))} {statuses}</p>'
    )


def _pareto_sentence(gaps: Sequence[Gap], t: Words) -> str:
    """The one sentence a QC group reads first: how few items make most of the points lost."""
    if not gaps:
        none = t("本期没有扣分。", "No points were lost in this period.")
        return f'<p class="lead">{esc(none)}</p>'
    head = next((g.rank for g in gaps if g.cumulative_share >= 0.8 - 1e-9), len(gaps))
    first = gaps[0]
    text = t(
        "{n} 个项目（共 {total} 个有问题的项目）占全部扣分的 80%；"
        "扣分最多的是 {id} {title}（{pts} 分，{share}）。",
        "{n} of {total} items with failures make up 80% of the points lost; the "
        "largest is {id} {title} ({pts} points, {share}).",
        n=head,
        total=len(gaps),
        id=first.item,
        title=first.title.get(t.lang),
        pts=points(first.points_lost),
        share=pct(first.share),
    )
    return f'<p class="lead">{esc(text)}</p>'


def _sections_table(report: Report, t: Words) -> str:
    head = [
        t.h("checklist"),
        t("方式", "Kind"),
        t("对象", "Subjects"),
        t.h("checks"),
        t("平均得分", "Mean"),
        t.h("pass_rate"),
        t.h("points_lost"),
        t.h("criticals"),
        t("需整改", "Remediation"),
    ]
    rows = []
    for s in report.sections:
        link = (
            f'<a href="#{_anchor(s.checklist)}">{esc(s.title.get(t.lang))}</a>'
            f' <span class="id">{esc(s.checklist)}</span>'
        )
        kinds = t.kinds(s.kinds)
        m = s.summary
        rows.append(
            [
                link,
                esc(kinds),
                _int(m.subjects),
                _int(m.checks),
                score_text(m.score_mean),
                pct(m.pass_rate),
                points(m.points_lost),
                _int(m.criticals),
                _int(m.statuses.get("remediation", 0)),
            ]
        )
    return _table(head, rows, "sections", numeric=(2, 3, 4, 5, 6, 7, 8))


# ---------------------------------------------------------------- tables


def _gaps_table(gaps: Sequence[Gap], t: Words, print_rows: int | None = None) -> str:
    """The ranked gaps; on paper only the first `print_rows` (the screen shows them all)."""
    shown = t.shown(gaps)
    head = [
        "#",
        t.h("item"),
        t.h("role"),
        t.h("category"),
        t.h("severity"),
        t.h("observations"),
        t.h("failures"),
        t.h("fail_rate"),
        t.h("points_lost"),
        t.h("share"),
        t.h("cumulative_share"),
        t.h("subjects_affected"),
        t.h("branches_affected"),
    ]
    rows = []
    for g in shown:
        severity = severity_label(g.severity, t.lang)
        sev = f'<span class="sev {esc(g.severity)}">{esc(severity)}</span>'
        item = f'<span class="id">{esc(g.item)}</span> {esc(g.title.get(t.lang))}'
        rows.append(
            [
                _int(g.rank),
                item,
                esc(t.label("role", g.role)),
                esc(t.label("category", g.category)),
                sev,
                _int(g.observations),
                _int(g.failures),
                pct(g.fail_rate),
                points(g.points_lost),
                pct(g.share),
                pct(g.cumulative_share),
                _int(g.subjects_affected),
                _int(g.branches_affected),
            ]
        )
    note = _shown_note(t, len(shown), len(gaps))
    cls = f"gaps print-cut-{print_rows}" if print_rows else "gaps"
    return _table(head, rows, cls, numeric=(0, 5, 6, 7, 8, 9, 10, 11, 12)) + note


def _ranking_table(
    rows: Sequence[RankedRow], titles: Mapping[str, str], t: Words, *, branches: bool
) -> str:
    head = ["#", t.h("branch") if branches else t.h("employee")]
    if not branches:
        head += [t.h("employee_id"), t.h("branch"), t.h("role")]
    head += [
        t.h("checks"),
        t.h("score"),
        t.h("grade"),
        t.h("pass_rate"),
        t.h("points_lost"),
        t.h("criticals"),
        t.h("status"),
        t.h("top_gaps"),
    ]
    body = []
    for r in t.shown(rows):
        cells = [_int(r.rank), esc(r.subject)]
        if not branches:
            cells += [esc(r.employee_id or ""), esc(r.branch), esc(t.label("role", r.role))]
        gaps = esc(top_gaps_text(r, titles, t.lang))
        cells += [
            _int(r.checks),
            score_text(r.score),
            esc(r.grade.get(t.lang)),
            pct(r.pass_rate),
            points(r.points_lost),
            _int(r.criticals),
            _status_badge(r.status, t),
            gaps,
        ]
        body.append(cells)
    first_num = 2 if branches else 5
    # checks, score, pass rate, points lost, red lines (grade and status are words)
    numeric = (0, first_num, first_num + 1, first_num + 3, first_num + 4, first_num + 5)
    note = _shown_note(t, len(body), len(rows))
    return _table(head, body, "ranking", numeric=numeric) + note


def _remediation_table(report: Report, t: Words) -> str:
    """Everyone due for remediation, whatever --top says: the first thing a wall must show."""
    due = due_for_remediation(report)
    title = _h(3, t("需整改（{n}）", "Due for remediation ({n})", n=len(due)))
    if not due:
        return title + f'<p class="empty">{esc(t("无。", "None."))}</p>'
    head = [t.h("subject"), t.h("branch"), t.h("role"), t.h("score"), t.h("criticals")]
    body = [
        [
            esc(r.subject),
            esc(r.branch),
            esc(t.role_of(r)),
            score_text(r.score),
            _int(r.criticals),
            esc(remediation_reason(r, t.lang)),
        ]
        for r in due
    ]
    return title + _table([*head, t.h("reason")], body, "remediation", numeric=(3, 4))


def _breakdown_table(rows: Sequence[GroupRow], t: Words) -> str:
    head = [
        "#",
        t.h("category"),
        t.h("items"),
        t.h("failures"),
        t.h("fail_rate"),
        t.h("points_lost"),
        t.h("share"),
        t.h("cumulative_share"),
    ]
    body = [
        [
            _int(r.rank),
            esc(r.label.get(t.lang)),
            _int(r.items),
            _int(r.failures),
            pct(r.fail_rate),
            points(r.points_lost),
            pct(r.share),
            pct(r.cumulative_share),
        ]
        for r in rows
    ]
    return _table(head, body, "breakdown", numeric=(0, 2, 3, 4, 5, 6, 7))


def _rejected_table(rejected: Sequence[Rejection], t: Words) -> str:
    head = [
        t.h("file"),
        t.h("sheet"),
        t.h("row"),
        t.h("cell"),
        t.h("reason"),
    ]
    rows = [[esc(r.file), esc(r.sheet), _int(r.row), esc(r.cell), esc(r.reason)] for r in rejected]
    return _table(head, rows, "rejected", numeric=(2,))


def _table(
    head: Sequence[str], rows: Iterable[Sequence[str]], cls: str, numeric: Sequence[int] = ()
) -> str:
    """A table from already-escaped cells (headings are escaped here)."""
    nums = set(numeric)
    ths = "".join(
        f"<th{' class=num' if n in nums else ''}>{esc(h)}</th>" for n, h in enumerate(head)
    )
    trs = "".join(
        "<tr>"
        + "".join(f"<td{' class=num' if n in nums else ''}>{c}</td>" for n, c in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return (
        f'<div class="table-wrap"><table class="{cls}"><thead><tr>{ths}</tr></thead>'
        f"<tbody>{trs}</tbody></table></div>"
    )


def _status_badge(status: str, t: Words, count: int | None = None) -> str:
    label = STATUS_LABELS[status].get(t.lang) if status in STATUS_LABELS else status
    suffix = f" {count}" if count is not None else ""
    return (
        f'<span class="status {esc(status)}">{STATUS_SYMBOLS.get(status, "")} '
        f"{esc(label)}{suffix}</span>"
    )


# ---------------------------------------------------------------- small helpers


def _shown_note(t: Words, shown: int, total: int) -> str:
    """Under a table cut to `--top N`: how many rows it shows of how many."""
    if shown >= total:
        return ""
    text = t("只列出前 {n} 行（共 {m} 行）。", "Top {n} of {m} shown.", n=shown, m=total)
    return f'<p class="note">{esc(text)}</p>'


def _h(level: int, text: str, anchor: str = "", cls: str = "") -> str:
    ident = f' id="{anchor}"' if anchor else ""
    ident += f' class="{cls}"' if cls else ""
    return f"<h{level}{ident}>{esc(text)}</h{level}>"


def _anchor(checklist: str) -> str:
    return "cl-" + "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in checklist)


# rows of a gaps table kept on paper (the rest is on screen and in the xlsx report): the
# overview's must leave room on page two, a section's keeps the month within ~12 A4 pages
OVERVIEW_PRINT_GAPS = 15
SECTION_PRINT_GAPS = 10


def _int(value: int) -> str:
    return f"{value:,}"


CSS = f"""
:root {{ --ink:#1b1f24; --muted:#5f6b7a; --line:#d0d7de; --soft:#f6f8fa; }}
* {{ box-sizing:border-box; }}
body {{ font-family:{FONT}; color:var(--ink); margin:0 auto; max-width:1100px; padding:24px;
  font-size:14px; line-height:1.5; background:#fff; }}
h1 {{ font-size:26px; margin:0 0 4px; }}
h2 {{ font-size:20px; margin:28px 0 4px; padding-bottom:4px; border-bottom:2px solid var(--ink); }}
h3 {{ font-size:16px; margin:20px 0 8px; }}
.meta {{ color:var(--muted); margin:0 0 12px; }}
.id {{ font-family:ui-monospace,Menlo,Consolas,monospace; font-size:12px; color:var(--muted); }}
.lead {{ font-size:15px; background:var(--soft); border-left:4px solid var(--ink);
  padding:8px 12px; }}
.note {{ color:var(--muted); font-size:12px; }}
.cards {{ display:grid; grid-template-columns:repeat(4,1fr); gap:10px; margin:12px 0; }}
.card {{ border:1px solid var(--line); border-radius:6px; padding:10px 12px; }}
.card .value {{ font-size:24px; font-weight:700; }}
.card .label {{ color:var(--muted); font-size:12px; }}
.card.alert {{ border:2px solid {BAR_CRITICAL}; }}
.card.alert .value {{ color:{BAR_CRITICAL}; }}
.statuses .status {{ margin-right:6px; }}
.status {{ display:inline-block; padding:0 6px; border-radius:4px; font-size:12px;
  white-space:nowrap; border:1px solid currentColor; }}
.status.star {{ color:{STATUS_COLOURS["star"]}; background:#fff6d6; }}
.status.pass {{ color:{STATUS_COLOURS["pass"]}; background:#e6f4e7; }}
.status.below {{ color:{STATUS_COLOURS["below"]}; background:#fff0db; border-style:dashed; }}
.status.remediation {{ color:{STATUS_COLOURS["remediation"]}; background:#fde7e9; border-width:2px;
  font-weight:700; }}
.sev.critical {{ color:{BAR_CRITICAL}; font-weight:700; }}
.sev.major {{ font-weight:600; }}
.table-wrap {{ overflow-x:auto; }}
table {{ border-collapse:collapse; width:100%; font-size:12.5px; margin:6px 0 12px; }}
th, td {{ border:1px solid var(--line); padding:3px 6px; text-align:left; vertical-align:top; }}
th {{ background:var(--soft); font-weight:600; }}
td.num, th.num {{ text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }}
tbody tr:nth-child(even) {{ background:#fbfcfd; }}
table.ranking td:nth-child(2), table.ranking td:nth-child(4) {{ white-space:nowrap; }}
figure.chart {{ margin:8px 0; }}
figcaption {{ color:var(--muted); font-size:12px; }}
figure.chart svg {{ width:100%; height:auto; font-family:{FONT}; }}
svg .axis {{ stroke:#444; stroke-width:1; }}
svg .grid {{ stroke:#e3e7eb; stroke-width:1; }}
svg .ref {{ stroke:#222; stroke-width:1.2; stroke-dasharray:5 4; }}
svg .cum {{ fill:none; stroke:#111; stroke-width:2; }}
svg .cum-dot {{ fill:#fff; stroke:#111; stroke-width:1.5; }}
svg .bar {{ stroke:#1b1f24; stroke-width:.5; }}
svg text {{ font-size:{TEXT_PX}px; fill:#222; }}
svg .val {{ font-size:{SMALL_PX}px; paint-order:stroke; stroke:#fff; stroke-width:3px;
  stroke-linejoin:round; }}
svg .name {{ font-size:{TEXT_PX}px; }}
svg .axis-label, svg .mark, svg .legend {{ font-size:{SMALL_PX}px; fill:#444; }}
nav.toc ol {{ columns:2; margin:8px 0 0; }}
.foot {{ margin-top:24px; color:var(--muted); font-size:12px; }}
.print-only {{ display:none; }}
@page {{ size:A4; margin:10mm 9mm 11mm; }}
@media print {{
  /* A4 portrait, ~12 pages for a month: the overview (figures, top gaps, rankings) on pages
     1-2, the checklists run on after it without a page each, tables in a small dense type;
     headings break only between words (keep-all: a narrow CJK column breaking between
     characters prints one character per line), cells do not break but for titles */
  body {{ max-width:none; padding:0; font-size:9pt; line-height:1.3; }}
  * {{ -webkit-print-color-adjust:exact; print-color-adjust:exact; }}
  .print-only {{ display:block; }}
  nav.toc {{ display:none; }}
  h1 {{ font-size:16pt; margin:0; }}
  h2 {{ font-size:12pt; margin:10pt 0 3pt; padding-bottom:1pt; border-bottom-width:1.5px; }}
  h3 {{ font-size:9.5pt; margin:6pt 0 2pt; }}
  .meta {{ margin:0 0 3pt; font-size:8pt; }}
  .id {{ font-size:7pt; }}
  .note, figcaption {{ font-size:7.5pt; margin:0 0 3pt; }}
  .lead {{ font-size:8.5pt; padding:2pt 6pt; margin:3pt 0; border-left-width:3px; }}
  .cards {{ display:flex; flex-wrap:wrap; gap:3pt; margin:3pt 0; }}
  .card {{ display:flex; align-items:baseline; gap:4pt; padding:1pt 6pt; border-radius:3px; }}
  .card .value {{ font-size:11pt; }}
  .card .label {{ font-size:8pt; }}
  .statuses {{ margin:2pt 0; font-size:8pt; }}
  .cards + .statuses {{ margin-top:-2pt; }}
  .status {{ font-size:7.5pt; padding:0 3px; }}
  section.checklist, section.inputs {{ break-before:auto; }}
  section.checklist {{ border-top:1px solid var(--line); }}
  section.checklist figure.chart, section.checklist h3.by-category,
  section.checklist table.breakdown {{ display:none; }}
  figure.chart {{ margin:2pt 0; }}
  h2, h3 {{ break-after:avoid; }}
  figure.chart, .cards, tr {{ break-inside:avoid; }}
  .table-wrap {{ overflow:visible; }}
  table {{ font-size:7.5pt; margin:2pt 0 5pt; }}
  th, td {{ padding:0 3pt; line-height:1.2; word-break:keep-all; }}
  td {{ white-space:nowrap; }}
  td .status {{ line-height:1.1; border-width:1px; }}
  thead {{ display:table-header-group; }}
  table.gaps td:nth-child(2), table.rejected td:last-child {{ word-break:normal;
    white-space:normal; min-width:42mm; }}
  table.inputs td:first-child, table.rejected td:first-child {{ white-space:normal;
    word-break:break-all; }}
  table.inputs td:nth-child(2) {{ width:28%; max-width:0; overflow:hidden;
    text-overflow:ellipsis; }}
  table.ranking td:last-child {{ width:100%; max-width:0; overflow:hidden; white-space:nowrap;
    text-overflow:ellipsis; }}
  table.print-cut-10 tbody tr:nth-child(n+11),
  table.print-cut-15 tbody tr:nth-child(n+16) {{ display:none; }}
  a {{ color:inherit; text-decoration:none; }}
}}
"""
