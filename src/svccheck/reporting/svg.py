"""The HTML report's charts, drawn here as inline SVG: no script, no library, no network.

`pareto_svg` — bars of the points lost per item, the cumulative share as a line on a right
axis and a dashed 80 % mark; `ranking_svg` — horizontal bars of the ranked scores in their
status colours, with the pass and star marks; `breakdown_svg` — points lost per category.
Each is a pure function returning an SVG element as text; the text in it is escaped (`esc`)
and cut to fit (`clip`, measured with the one display width of `svccheck.textwidth`). They
print in black and white: the line has markers, every bar its figure, every status its word.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from svccheck.model import Scoring
from svccheck.reporting.charts import (
    BAR,
    BAR_CRITICAL,
    PARETO_BARS,
    STATUS_COLOURS,
    STATUS_SYMBOLS,
    score_axis_floor,
)
from svccheck.reporting.labels import Words, pct, points, score_text
from svccheck.safetext import html as html_text
from svccheck.scoring.result import STATUS_LABELS, Gap, GroupRow, RankedRow
from svccheck.textwidth import char_width

_EMS = (0.0, 0.6, 1.0)  # a glyph's width in em, by the columns it takes (textwidth)
RANKING_BARS = 30
# type sizes in the charts' own units (a 960-wide picture prints ~190 mm wide on A4, so these
# print at ~7.5 and ~7 pt); the report's CSS sets them, the layout here leaves room for them
TEXT_PX = 14  # tick labels, names
SMALL_PX = 13  # figures on the bars, axis titles, marks, legend


def pareto_svg(gaps: Sequence[Gap], t: Words) -> str:
    """Bars: points lost per item; line: cumulative share on the right axis; dashed 80%."""
    shown = list(gaps[: min(PARETO_BARS, t.top or PARETO_BARS)])
    width, height = 960, 400
    right, top, bottom = 56, 34, 150
    labels = [clip(f"{g.item} {g.title.get(t.lang)}", 14) for g in shown]
    # the first tick label runs down and left of its bar at 45°: the left margin makes room
    # for it (and for the y-axis figures), so nothing is cut at the edge of the picture
    reach = _text_width(labels[0], TEXT_PX) * 0.71 + 10
    left = max(56, math.ceil(reach - (width - 56 - right) / len(shown) / 2))
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
    for n, (gap, tick) in enumerate(zip(shown, labels, strict=True)):
        cx = left + slot * (n + 0.5)
        h = plot_h * gap.points_lost / ymax
        fill = BAR_CRITICAL if gap.critical else BAR
        label = f"{gap.item} {gap.title.get(t.lang)}"
        out.append(
            f'<rect class="bar" x="{cx - bar_w / 2:.1f}" y="{top + plot_h - h:.1f}" '
            f'width="{bar_w:.1f}" height="{h:.1f}" fill="{fill}"><title>{esc(label)}: '
            f"{points(gap.points_lost)}</title></rect>"
        )
        values.append(
            f'<text class="val" x="{cx:.1f}" y="{top + plot_h - h - 4:.1f}" '
            f'text-anchor="middle">{points(gap.points_lost)}</text>'
        )
        out.append(
            f'<text class="tick" transform="translate({cx:.1f},{top + plot_h + 10}) '
            f'rotate(-45)" text-anchor="end">{esc(tick)}</text>'
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
    out.append(_legend(max(left, _ylabel_end(t.h("points_lost")) + 16), 14, legend))
    out.append("</svg>")
    caption = ""
    if len(shown) < len(gaps):
        text = t(
            "图中为扣分最多的 {n} 项（共 {m} 项）；累计占比按全部项目计算。",
            "The {n} items with most points lost of {m}; the cumulative share counts them all.",
            n=len(shown),
            m=len(gaps),
        )
        caption = f"<figcaption>{esc(text)}</figcaption>"
    return f'<figure class="chart">{"".join(out)}{caption}</figure>'


def ranking_svg(rows: Sequence[RankedRow], scoring: Scoring | None, t: Words) -> str:
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
            f"{esc(clip(row.subject, 10))}</text>"
        )
        out.append(
            f'<rect class="bar {esc(row.status)}" x="{label_w}" y="{y + 4}" '
            f'width="{w:.1f}" height="{row_h - 8}" fill="{colour}"><title>'
            f"{esc(row.subject)}: {score_text(row.score)}</title></rect>"
        )
        out.append(
            f'<text class="val" x="{label_w + w + 6:.1f}" y="{y + 17}">'
            f"{score_text(row.score)} {STATUS_SYMBOLS.get(row.status, '')} {esc(status)}"
            "</text>"
        )
    bottom = top + row_h * len(shown)
    for value, cls, text in _marks(scoring, t):
        if floor <= value <= base:
            x = label_w + (value - floor) * scale
            out.append(
                f'<line class="{cls}" x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" '
                f'y2="{bottom}"/><text class="mark" x="{x:.1f}" y="{top - 10}" '
                f'text-anchor="middle">{esc(text)} {points(value)}</text>'
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


def breakdown_svg(rows: Sequence[GroupRow], t: Words) -> str:
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
            f"{esc(clip(row.label.get(t.lang), 10))}</text>"
            f'<rect class="bar" x="{label_w}" y="{y + 4}" width="{w:.1f}" '
            f'height="{row_h - 8}" fill="{BAR}"/>'
            f'<text class="val" x="{label_w + w + 6:.1f}" y="{y + 16}">'
            f"{points(row.points_lost)} ({pct(row.share)})</text>"
        )
    out.append("</svg>")
    return f'<figure class="chart">{"".join(out)}</figure>'


def _svg_open(cls: str, width: int, height: int, label: str) -> str:
    return (
        f'<svg class="{cls}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} '
        f'{height}" width="{width}" height="{height}" role="img" aria-label="{esc(label)}">'
        f"<title>{esc(label)}</title>"
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
    # the axis title over the figures, moved right as far as a long (English) title needs
    out.append(
        f'<text class="axis-label" x="{max(left - 6, _ylabel_end(ylabel))}" y="{top - 10}" '
        f'text-anchor="end">{esc(ylabel)}</text>'
    )
    out.append(
        f'<text class="axis-label" x="{left + plot_w + 40}" y="{top - 10}" '
        f'text-anchor="end">{esc(right_axis)}</text>'
    )
    return out


def _ylabel_end(ylabel: str) -> int:
    """Where a y-axis title anchored at its end must end to start inside the picture."""
    return 4 + math.ceil(_text_width(ylabel, SMALL_PX))


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
        out.append(f'<text class="legend" x="{x + 19}" y="{y}">{esc(text)}</text>')
        x += 30 + round(_text_width(text, SMALL_PX))
    return f'<g class="legend">{"".join(out)}</g>'


def _marks(scoring: Scoring | None, t: Words) -> list[tuple[float, str, str]]:
    if scoring is None:
        return []
    return [
        (scoring.pass_mark, "ref pass-mark", t("达标", "pass")),
        (scoring.star_mark, "ref star-mark", t("明星", "star")),
    ]


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


def _text_width(text: str, size: float) -> float:
    """Roughly how wide `text` is drawn at `size` px: a wide (CJK) glyph is square, a narrow
    (Latin) one ~0.6 em."""
    return size * sum(_EMS[char_width(ch)] for ch in text)


def clip(text: str, ems: float) -> str:
    """`text` cut to about `ems` CJK characters' width (Latin letters count 0.6), with "…"."""
    if _text_width(text, 1.0) <= ems:
        return text
    width = 0.0
    for n, ch in enumerate(text):
        width += _text_width(ch, 1.0)
        if width > ems - 1:
            return text[:n] + "…"
    return text


def esc(value: object) -> str:
    """Text for SVG/HTML content or an attribute (`safetext.html`)."""
    return html_text(value)
