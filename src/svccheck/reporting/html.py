"""The HTML report: one self-contained page a manager can open offline, print and pin up.

A pure function of the scored `Report`: inline CSS, charts drawn here as inline SVG (a Pareto
of the gaps, the branch ranking, the category breakdown), no scripts, fonts or images fetched
from anywhere. Print CSS lays it out on A4 with one checklist per page run and keeps it readable
in black and white (statuses are written, not only coloured; the Pareto line has markers).
Every string that came from a sheet or a standards file is escaped.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping, Sequence

from svccheck.model import Rejection, Scoring
from svccheck.reporting import ReportOptions
from svccheck.reporting.labels import (
    Words,
    pct,
    period_text,
    points,
    score_text,
    severity_label,
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
from svccheck.textwidth import char_width

_EMS = (0.0, 0.6, 1.0)  # a glyph's width in em, by the columns it takes (textwidth)
PARETO_BARS = 20  # a Pareto wider than this stops being readable on A4
RANKING_BARS = 30

# A symbol beside each status so a black-and-white print still tells them apart.
STATUS_SYMBOLS: Mapping[str, str] = {"star": "★", "pass": "✓", "below": "▽", "remediation": "✕"}
STATUS_COLOURS: Mapping[str, str] = {
    "star": "#b7860b",
    "pass": "#2e7d32",
    "below": "#c77700",
    "remediation": "#c62828",
}
BAR = "#5b7db1"
BAR_CRITICAL = "#c62828"
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
        body.append(f'<p class="empty">{_e(t("没有可评分的检查。", "Nothing to score."))}</p>')
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
        f"<title>{_e(title)} {_e(period_text(report.period_from, report.period_to))}</title>\n"
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
    if report.rejected:
        rejected = t("未读入 {n} 行", "{n} rows rejected", n=len(report.rejected))
        meta.append(f'<a href="#rejected">{_e(rejected)}</a>')
    parts = [_e(m) if not m.startswith("<a") else m for m in meta]
    return (
        f'<header class="report-head"><h1>{_e(t("服务质量差距报告", "Service gap report"))}'
        f'</h1><p class="meta">{" · ".join(parts)}</p></header>'
    )


def _toc(report: Report, t: Words) -> str:
    links = [f'<li><a href="#overview">{_e(t("总览", "Overview"))}</a></li>']
    for s in report.sections:
        links.append(
            f'<li><a href="#{_anchor(s.checklist)}">{_e(s.title.get(t.lang))}</a> '
            f'<span class="id">{_e(s.checklist)}</span></li>'
        )
    links.append(
        f'<li><a href="#inputs">{_e(t("输入与未读入行", "Inputs and rejected rows"))}</a></li>'
    )
    return f'<nav class="toc"><ol>{"".join(links)}</ol></nav>'


def _overview(report: Report, t: Words) -> str:
    parts = [
        f'<section class="overview" id="overview"><h2>{_e(t("总览", "Overview"))}</h2>',
        _cards(report.summary, t),
        _pareto_sentence(report.gaps, t),
        _sections_table(report, t),
    ]
    marks = common_marks(report)
    if report.branches:
        parts.append(_h(3, t("网点排名（全部检查表）", "Branch ranking (all checklists)")))
        parts.append(_ranking_svg(t.shown(report.branches), marks, t))
        titles = _titles(report.gaps, t.lang)
        parts.append(_ranking_table(report.branches, titles, t, branches=True))
    if report.gaps:
        parts.append(_h(3, t("主要差距（全部检查表）", "Top gaps (all checklists)")))
        parts.append(_pareto_svg(report.gaps, t))
        parts.append(_gaps_table(report.gaps, t))
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
        f"<h2>{_e(section.title.get(t.lang))}</h2>"
        f'<p class="meta">{" · ".join(_e(s) for s in sub)}</p>',
        _cards(section.summary, t),
        _pareto_sentence(section.gaps, t),
    ]
    titles = _titles(section.gaps, t.lang)
    if section.gaps:
        parts.append(_h(3, t("差距排名（帕累托）", "Ranked gaps (Pareto)")))
        parts.append(_pareto_svg(section.gaps, t))
        parts.append(_gaps_table(section.gaps, t))
    if section.branches:
        parts.append(_h(3, t("网点排名", "Branch ranking")))
        parts.append(_ranking_svg(t.shown(section.branches), scoring, t))
        parts.append(_ranking_table(section.branches, titles, t, branches=True))
    if section.subject_kind == "employee" and section.subjects:
        parts.append(_h(3, t("人员排名", "Staff ranking")))
        parts.append(_ranking_table(section.subjects, titles, t, branches=False))
    category = section.breakdowns.get("category", ())
    if category:
        parts.append(_h(3, t("按问题类别", "By category")))
        parts.append(_breakdown_svg(category, t))
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
        else f'<p class="ok">{_e(t("所有行均已读入。", "Every row was read."))}</p>'
    )
    if report.warnings:
        parts.append(
            f'<h3>{_e(t("提示", "Warnings"))}</h3><ul class="warnings">'
            + "".join(f"<li>{_e(w)}</li>" for w in report.warnings)
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
                _e(i.file),
                f'{len(i.sheets)} <span class="note">{_e(_clip("、".join(i.sheets), 24))}</span>',
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
    parts.append(f'<footer class="foot">{_e(foot)}</footer>')
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
        f'<div class="card {cls}"><div class="value">{_e(value)}</div>'
        f'<div class="label">{_e(label)}</div></div>'
        for label, value, cls in cards
    ]
    statuses = "".join(
        _status_badge(s, t, count=summary.statuses.get(s, 0))
        for s in ("star", "pass", "below", "remediation")
    )
    return (
        f'<div class="cards">{"".join(html_cards)}</div>'
        f'<p class="statuses">{_e(t("状态分布：", "Statuses:"))} {statuses}</p>'
    )


def _pareto_sentence(gaps: Sequence[Gap], t: Words) -> str:
    """The one sentence a QC group reads first: how few items make most of the points lost."""
    if not gaps:
        none = t("本期没有扣分。", "No points were lost in this period.")
        return f'<p class="lead">{_e(none)}</p>'
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
    return f'<p class="lead">{_e(text)}</p>'


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
            f'<a href="#{_anchor(s.checklist)}">{_e(s.title.get(t.lang))}</a>'
            f' <span class="id">{_e(s.checklist)}</span>'
        )
        kinds = t.kinds(s.kinds)
        m = s.summary
        rows.append(
            [
                link,
                _e(kinds),
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


def _gaps_table(gaps: Sequence[Gap], t: Words) -> str:
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
        sev = f'<span class="sev {_e(g.severity)}">{_e(severity)}</span>'
        item = f'<span class="id">{_e(g.item)}</span> {_e(g.title.get(t.lang))}'
        rows.append(
            [
                _int(g.rank),
                item,
                _e(t.label("role", g.role)),
                _e(t.label("category", g.category)),
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
    return _table(head, rows, "gaps", numeric=(0, 5, 6, 7, 8, 9, 10, 11, 12)) + note


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
        cells = [_int(r.rank), _e(r.subject)]
        if not branches:
            cells += [_e(r.employee_id or ""), _e(r.branch), _e(t.label("role", r.role))]
        gaps = t("；", "; ").join(_e(titles.get(g, g)) for g in r.top_gaps)
        cells += [
            _int(r.checks),
            score_text(r.score),
            _e(r.grade.get(t.lang)),
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
            _e(r.label.get(t.lang)),
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
    rows = [[_e(r.file), _e(r.sheet), _int(r.row), _e(r.cell), _e(r.reason)] for r in rejected]
    return _table(head, rows, "rejected", numeric=(2,))


def _table(
    head: Sequence[str], rows: Iterable[Sequence[str]], cls: str, numeric: Sequence[int] = ()
) -> str:
    """A table from already-escaped cells (headings are escaped here)."""
    nums = set(numeric)
    ths = "".join(
        f"<th{' class=num' if n in nums else ''}>{_e(h)}</th>" for n, h in enumerate(head)
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
        f'<span class="status {_e(status)}">{STATUS_SYMBOLS.get(status, "")} '
        f"{_e(label)}{suffix}</span>"
    )


# ---------------------------------------------------------------- charts (inline SVG)


def _pareto_svg(gaps: Sequence[Gap], t: Words) -> str:
    """Bars: points lost per item; line: cumulative share on the right axis; dashed 80%."""
    shown = list(gaps[: min(PARETO_BARS, t.top or PARETO_BARS)])
    width, height = 960, 380
    left, right, top, bottom = 56, 56, 34, 128
    plot_w, plot_h = width - left - right, height - top - bottom
    ymax = _nice_ceiling(max(g.points_lost for g in shown))
    slot = plot_w / len(shown)
    bar_w = slot * 0.66
    out = [
        _svg_open(
            "pareto",
            width,
            height,
            t(
                "差距帕累托图：柱为扣分，折线为累计占比",
                "Pareto of gaps: bars are points lost, the line the cumulative share",
            ),
        )
    ]
    out += _axes(
        left,
        top,
        plot_w,
        plot_h,
        ymax,
        t.h("points_lost"),
        right_axis=t("累计占比", "Cumulative"),
    )
    y80 = top + plot_h * 0.2
    out.append(
        f'<line class="ref" x1="{left}" y1="{y80:.1f}" x2="{left + plot_w}" y2="{y80:.1f}"/>'
    )
    dots: list[tuple[float, float]] = []
    values: list[str] = []
    for n, gap in enumerate(shown):
        cx = left + slot * (n + 0.5)
        h = plot_h * gap.points_lost / ymax
        fill = BAR_CRITICAL if gap.critical else BAR
        label = f"{gap.item} {gap.title.get(t.lang)}"
        out.append(
            f'<rect class="bar" x="{cx - bar_w / 2:.1f}" y="{top + plot_h - h:.1f}" '
            f'width="{bar_w:.1f}" height="{h:.1f}" fill="{fill}"><title>{_e(label)}: '
            f"{points(gap.points_lost)}</title></rect>"
        )
        values.append(
            f'<text class="val" x="{cx:.1f}" y="{top + plot_h - h - 4:.1f}" '
            f'text-anchor="middle">{points(gap.points_lost)}</text>'
        )
        out.append(
            f'<text class="tick" transform="translate({cx:.1f},{top + plot_h + 10}) '
            f'rotate(-45)" text-anchor="end">{_e(_clip(label, 14))}</text>'
        )
        dots.append((cx, top + plot_h * (1 - gap.cumulative_share)))
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in dots)
    out.append(f'<polyline class="cum" points="{path}"/>')
    out += [f'<circle class="cum-dot" cx="{x:.1f}" cy="{y:.1f}" r="3.5"/>' for x, y in dots]
    out += values  # last, so the line never hides a figure (and they carry a white halo)
    legend = [
        ("bar", t("扣分", "Points lost")),
        ("line", t("累计占比", "Cumulative share")),
        ("ref", "80%"),
    ]
    if any(g.critical for g in shown):
        legend.append(("critical", t("红线项目", "Red line")))
    out.append(_legend(left, 14, legend))
    out.append("</svg>")
    caption = ""
    if len(shown) < len(gaps):
        text = t(
            "图中为扣分最多的 {n} 项（共 {m} 项）；累计占比按全部项目计算。",
            "The {n} items with most points lost of {m}; the cumulative share counts them all.",
            n=len(shown),
            m=len(gaps),
        )
        caption = f"<figcaption>{_e(text)}</figcaption>"
    return f'<figure class="chart">{"".join(out)}{caption}</figure>'


def _ranking_svg(rows: Sequence[RankedRow], scoring: Scoring | None, t: Words) -> str:
    """Horizontal bars of the ranked scores, coloured and labelled by status."""
    shown = list(rows[:RANKING_BARS])
    base = scoring.base if scoring else 100.0
    floor = score_axis_floor([r.score for r in shown], base, scoring.pass_mark if scoring else None)
    row_h, label_w, width = 26, 150, 960
    top, plot_w = 30, width - label_w - 150
    height = top + row_h * len(shown) + 30
    scale = plot_w / (base - floor) if base > floor else 1.0
    out = [_svg_open("ranking", width, height, t("得分排名", "Score ranking"))]
    for n, row in enumerate(shown):
        y = top + n * row_h
        w = max(0.0, (row.score - floor) * scale)
        colour = STATUS_COLOURS.get(row.status, BAR)
        status = STATUS_LABELS[row.status].get(t.lang) if row.status in STATUS_LABELS else ""
        out.append(
            f'<text class="name" x="{label_w - 8}" y="{y + 17}" text-anchor="end">'
            f"{_e(_clip(row.subject, 12))}</text>"
        )
        out.append(
            f'<rect class="bar {_e(row.status)}" x="{label_w}" y="{y + 4}" '
            f'width="{w:.1f}" height="{row_h - 8}" fill="{colour}"><title>'
            f"{_e(row.subject)}: {score_text(row.score)}</title></rect>"
        )
        out.append(
            f'<text class="val" x="{label_w + w + 6:.1f}" y="{y + 17}">'
            f"{score_text(row.score)} {STATUS_SYMBOLS.get(row.status, '')} {_e(status)}"
            "</text>"
        )
    bottom = top + row_h * len(shown)
    for value, cls, text in _marks(scoring, t):
        if floor <= value <= base:
            x = label_w + (value - floor) * scale
            out.append(
                f'<line class="{cls}" x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" '
                f'y2="{bottom}"/><text class="mark" x="{x:.1f}" y="{top - 10}" '
                f'text-anchor="middle">{_e(text)} {points(value)}</text>'
            )
    for tick in _ticks(floor, base):
        x = label_w + (tick - floor) * scale
        out.append(
            f'<text class="tick" x="{x:.1f}" y="{bottom + 16}" text-anchor="middle">'
            f"{points(tick)}</text>"
        )
    out.append(
        f'<line class="axis" x1="{label_w}" y1="{bottom}" x2="{label_w + plot_w}" '
        f'y2="{bottom}"/></svg>'
    )
    return f'<figure class="chart">{"".join(out)}</figure>'


def _breakdown_svg(rows: Sequence[GroupRow], t: Words) -> str:
    """Horizontal bars of points lost per category, with the share written at the end."""
    row_h, label_w, width = 24, 150, 960
    top, plot_w = 10, width - label_w - 170
    height = top + row_h * len(rows) + 10
    most = max((r.points_lost for r in rows), default=0.0) or 1.0
    out = [_svg_open("breakdown", width, height, t("按类别的扣分", "Points lost by category"))]
    for n, row in enumerate(rows):
        y = top + n * row_h
        w = plot_w * row.points_lost / most
        out.append(
            f'<text class="name" x="{label_w - 8}" y="{y + 16}" text-anchor="end">'
            f"{_e(_clip(row.label.get(t.lang), 12))}</text>"
            f'<rect class="bar" x="{label_w}" y="{y + 4}" width="{w:.1f}" '
            f'height="{row_h - 8}" fill="{BAR}"/>'
            f'<text class="val" x="{label_w + w + 6:.1f}" y="{y + 16}">'
            f"{points(row.points_lost)} ({pct(row.share)})</text>"
        )
    out.append("</svg>")
    return f'<figure class="chart">{"".join(out)}</figure>'


def score_axis_floor(scores: Sequence[float], base: float, pass_mark: float | None) -> float:
    """Where a score axis starts: a little under the lowest score and the pass mark.

    A ranking drawn from 0 makes 96 and 99 look the same; starting 10 points under the lower
    of the two (on a round ten) keeps differences visible and the pass mark on the chart.
    """
    low = min(scores, default=base)
    if pass_mark is not None and pass_mark < base:
        low = min(low, pass_mark)
    return max(0.0, min(base - 10, math.floor(low / 10) * 10 - 10))


def _svg_open(cls: str, width: int, height: int, label: str) -> str:
    return (
        f'<svg class="{cls}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} '
        f'{height}" width="{width}" height="{height}" role="img" aria-label="{_e(label)}">'
        f"<title>{_e(label)}</title>"
    )


def _axes(
    left: int, top: int, plot_w: int, plot_h: int, ymax: float, ylabel: str, *, right_axis: str
) -> list[str]:
    out = [
        f'<line class="axis" x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}"/>',
        f'<line class="axis" x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" '
        f'y2="{top + plot_h}"/>',
        f'<line class="axis" x1="{left + plot_w}" y1="{top}" x2="{left + plot_w}" '
        f'y2="{top + plot_h}"/>',
    ]
    for tick in _ticks(0.0, ymax):
        y = top + plot_h * (1 - tick / ymax)
        out.append(
            f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" '
            f'y2="{y:.1f}"/><text class="tick" x="{left - 6}" y="{y + 4:.1f}" '
            f'text-anchor="end">{points(tick)}</text>'
        )
    for percent in range(0, 101, 20):
        y = top + plot_h * (1 - percent / 100)
        out.append(f'<text class="tick" x="{left + plot_w + 6}" y="{y + 4:.1f}">{percent}%</text>')
    out.append(
        f'<text class="axis-label" x="{left - 6}" y="{top - 10}" text-anchor="end">'
        f"{_e(ylabel)}</text>"
    )
    out.append(
        f'<text class="axis-label" x="{left + plot_w + 40}" y="{top - 10}" '
        f'text-anchor="end">{_e(right_axis)}</text>'
    )
    return out


def _legend(x: int, y: int, entries: Sequence[tuple[str, str]]) -> str:
    out = []
    for kind, text in entries:
        if kind == "bar" or kind == "critical":
            fill = BAR_CRITICAL if kind == "critical" else BAR
            out.append(f'<rect x="{x}" y="{y - 9}" width="14" height="10" fill="{fill}"/>')
        elif kind == "line":
            out.append(
                f'<line class="cum" x1="{x}" y1="{y - 4}" x2="{x + 14}" y2="{y - 4}"/>'
                f'<circle class="cum-dot" cx="{x + 7}" cy="{y - 4}" r="3"/>'
            )
        else:
            out.append(f'<line class="ref" x1="{x}" y1="{y - 4}" x2="{x + 14}" y2="{y - 4}"/>')
        out.append(f'<text class="legend" x="{x + 19}" y="{y}">{_e(text)}</text>')
        x += 30 + round(_text_width(text, 11))
    return f'<g class="legend">{"".join(out)}</g>'


def _marks(scoring: Scoring | None, t: Words) -> list[tuple[float, str, str]]:
    if scoring is None:
        return []
    return [
        (scoring.pass_mark, "ref pass-mark", t("达标", "pass")),
        (scoring.star_mark, "ref star-mark", t("明星", "star")),
    ]


def common_marks(report: Report) -> Scoring | None:
    """The pass and star marks of the combined ranking, when the checklists agree on them."""
    marks = {(s.scoring.base, s.scoring.pass_mark, s.scoring.star_mark) for s in report.sections}
    if len(marks) == 1:
        return report.sections[0].scoring
    return None


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    step = _nice_ceiling((high - low) / count) if high > low else 1.0
    first = math.ceil(low / step) * step
    ticks = []
    value = first
    while value <= high + 1e-9:
        ticks.append(round(value, 6))
        value += step
    return ticks


def _nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10ⁿ at or above `value` (an axis maximum)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0):
        if factor * power >= value - 1e-9:
            return float(factor * power)
    return float(10 * power)


# ---------------------------------------------------------------- small helpers


def _shown_note(t: Words, shown: int, total: int) -> str:
    """Under a table cut to `--top N`: how many rows it shows of how many."""
    if shown >= total:
        return ""
    text = t("只列出前 {n} 行（共 {m} 行）。", "Top {n} of {m} shown.", n=shown, m=total)
    return f'<p class="note">{_e(text)}</p>'


def _titles(gaps: Iterable[Gap], lang: str) -> dict[str, str]:
    """Item id → "ID title", for the top-gaps column of the rankings."""
    return {g.item: f"{g.item} {g.title.get(lang)}" for g in gaps}


def _h(level: int, text: str, anchor: str = "") -> str:
    ident = f' id="{anchor}"' if anchor else ""
    return f"<h{level}{ident}>{_e(text)}</h{level}>"


def _text_width(text: str, size: float) -> float:
    """Roughly how wide `text` is drawn at `size` px: a wide (CJK) glyph is square, a narrow
    (Latin) one ~0.6 em."""
    return size * sum(_EMS[char_width(ch)] for ch in text)


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _anchor(checklist: str) -> str:
    return "cl-" + "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in checklist)


def _clip(text: str, ems: float) -> str:
    """`text` cut to about `ems` CJK characters' width (Latin letters count 0.6), with "…"."""
    if _text_width(text, 1.0) <= ems:
        return text
    width = 0.0
    for n, ch in enumerate(text):
        width += _text_width(ch, 1.0)
        if width > ems - 1:
            return text[:n] + "…"
    return text


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
svg text {{ font-size:11px; fill:#222; }}
svg .val {{ font-size:10.5px; paint-order:stroke; stroke:#fff; stroke-width:3px;
  stroke-linejoin:round; }}
svg .name {{ font-size:12px; }}
svg .axis-label, svg .mark, svg .legend {{ font-size:11px; fill:#444; }}
nav.toc ol {{ columns:2; margin:8px 0 0; }}
.foot {{ margin-top:24px; color:var(--muted); font-size:12px; }}
@page {{ size:A4; margin:12mm 10mm; }}
@media print {{
  body {{ max-width:none; padding:0; font-size:10pt; }}
  * {{ -webkit-print-color-adjust:exact; print-color-adjust:exact; }}
  nav.toc {{ display:none; }}
  section.checklist, section.inputs {{ break-before:page; }}
  h2, h3 {{ break-after:avoid; }}
  figure.chart, .cards, tr {{ break-inside:avoid; }}
  thead {{ display:table-header-group; }}
  a {{ color:inherit; text-decoration:none; }}
  .cards {{ grid-template-columns:repeat(4,1fr); }}
}}
"""
