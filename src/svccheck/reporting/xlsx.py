"""The Excel report for managers: one workbook with the summary, gaps, rankings and charts.

A pure function of the scored `Report`. Written with xlsxwriter rather than openpyxl: it writes
the same sheets about three times faster, its charts are complete (a column chart combined with
a line on a secondary axis is the Pareto a QC group expects), and its output is byte-for-byte
reproducible once the document properties are fixed. Every sheet is one table with an
autofilter, a frozen header row and column widths that fit Chinese text; the Charts sheet holds
native Excel charts that point at those tables, so they follow the data when a manager edits it.

Text that came from a sheet is data: it is always written with `write_string` (and the workbook
is opened with `strings_to_formulas` off), so a note like "=1+1" or "@SUM(A1)" stays a string;
its control characters are shown as escapes (`safetext.sheet_text`).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from svccheck.i18n import tr
from svccheck.model import Scoring
from svccheck.reporting import ReportOptions
from svccheck.reporting.charts import (
    BAR,
    PARETO_BARS,
    STATUS_COLOURS,
    common_marks,
    score_axis_floor,
)
from svccheck.reporting.labels import (
    BY_LABELS,
    Words,
    due_for_remediation,
    gap_titles,
    pct,
    remediation_reason,
    rescored_text,
    score_text,
    severity_label,
    status_label,
)
from svccheck.safetext import sheet_text
from svccheck.scoring.result import (
    BREAKDOWNS,
    STATUS_LABELS,
    Gap,
    GroupRow,
    RankedRow,
    Report,
    Section,
    Summary,
)
from svccheck.textwidth import display_width

CHART_ROWS = 19  # rows a block of charts takes on the Charts sheet (its title, the charts)
MAX_WIDTH = 60  # characters; longer text wraps rather than widening the column further
# Light fills behind the status words (the words carry the meaning in black and white).
STATUS_FILLS: Mapping[str, str] = {
    "star": "#FFF2CC",
    "pass": "#E2EFDA",
    "below": "#FCE4D6",
    "remediation": "#F8CBAD",
}

Cell = str | int | float | None


@dataclass(frozen=True)
class Column:
    """One column of a table: its heading and how its values are written."""

    heading: str
    kind: str = "text"  # text | int | score | points | pct | status
    key: str = ""  # names the columns a chart points at


@dataclass(frozen=True)
class Block:
    """The rows of one scope in a table: the combined report, or one checklist's section."""

    scope: str  # what the first column says: "全部检查表" or the checklist's title
    checklist: str  # the checklist id, or "" for the combined block
    summary: Summary
    gaps: tuple[Gap, ...]
    subjects: tuple[RankedRow, ...]
    branches: tuple[RankedRow, ...]
    breakdowns: Mapping[str, tuple[GroupRow, ...]]
    kinds: tuple[str, ...]
    scoring: Scoring | None  # the section's; the combined block's when all sections agree

    def titles(self, lang: str) -> dict[str, str]:
        """Item id → "ID title", for the top-gaps column of the rankings."""
        return gap_titles(self.gaps, lang)


@dataclass(frozen=True)
class Span:
    """Where a block's rows landed in a table sheet (0-based, inclusive), for the charts."""

    sheet: str
    first: int
    last: int
    columns: Mapping[str, int]  # chart key → column index

    def range(self, key: str, last: int | None = None) -> list[str | int]:
        col = self.columns[key]
        return [self.sheet, self.first, col, self.last if last is None else last, col]


def render(report: Report, options: ReportOptions) -> bytes:
    """The whole report as an .xlsx workbook."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            # 10 pt on 17 px rows: a sheet printed to fit the page width keeps more rows a page
            "default_format_properties": {"font_name": "Calibri", "font_size": 10},
            "default_row_height": 17,
        },
    )
    # Fixed properties: the same report gives the same bytes (the period's end, not "now").
    created = report.period_to or dt.date(2000, 1, 1)
    book.set_properties(
        {
            "title": tr(options.lang, "服务质量差距报告", "Service gap report"),
            "author": "svccheck",
            "created": dt.datetime(created.year, created.month, created.day),
        }
    )
    writer = _Writer(book, report, options.lang, options.top)
    writer.write(report)
    book.close()
    return buffer.getvalue()


class _Writer:
    """Writes the sheets of one workbook; keeps its formats and where each block landed."""

    def __init__(self, book: Workbook, report: Report, lang: str, top: int | None) -> None:
        self.book = book
        self.t = Words.of(report, lang, top, blank="")  # a cell without a label stays empty
        self.formats = _formats(book)
        self.header_rows: dict[
            str, int
        ] = {}  # sheet → its table's header row, printed on every page
        self.widths: dict[str, float] = {}  # sheet → its table's width in characters

    # ------------------------------------------------------------ the sheets

    def write(self, report: Report) -> None:
        blocks = _blocks(report, self.t("全部检查表", "All checklists"), self.t.lang)
        self.summary_sheet(report, blocks)
        self.remediation_sheet(report)
        gaps = self.gaps_sheet(blocks)
        self.subjects_sheet(blocks)
        branches = self.branches_sheet(blocks)
        self.breakdown_sheet(blocks)
        if report.history is not None:  # `svccheck report`: trends from the ledger
            from svccheck.reporting.history import history_sheet

            history_sheet(self.book, report.history, self.t.lang, self.t.top)
        if report.waived:  # waivers.yaml (SPEC §8): shown, not deducted
            self.waived_sheet(report)
        self.rejected_sheet(report)
        self.inputs_sheet(report)
        self.charts_sheet(blocks, gaps, branches)
        for sheet in self.book.worksheets():
            name = sheet.get_name()
            page_setup(sheet, self.header_rows.get(name), self.widths.get(name, 0.0))

    def summary_sheet(self, report: Report, blocks: Sequence[Block]) -> None:
        sheet = self.book.add_worksheet(self.t("概览", "Summary"))
        head = [
            self.t("服务质量差距报告", "Service gap report"),
            self.t(
                "统计期间：{a} — {b}",
                "Period: {a} — {b}",
                a=report.period_from or "—",
                b=report.period_to or "—",
            ),
            self.t(
                "输入文件 {f} 个，未读入 {r} 行；标准版本 {v}",
                "{f} input files, {r} rows rejected; standards {v}",
                f=len(report.inputs),
                r=len(report.rejected),
                v=report.standards_version or "—",
            )
            + (f"；{rescored_text(report, self.t.lang)}" if report.rescored_from else ""),
        ]
        sheet.write_string(0, 0, sheet_text(head[0]), self.formats["title"])
        sheet.write_string(1, 0, sheet_text(head[1]))
        sheet.write_string(2, 0, sheet_text(head[2]))
        columns = [
            Column(self.t("范围", "Scope")),
            Column(self.t("检查表编号", "Checklist")),
            Column(self.t("方式", "Kind")),
            Column(self.t("受检对象", "Subjects"), "int"),
            Column(self.t("网点", "Branches"), "int"),
            Column(self.t.h("checks"), "int"),
            Column(self.t("观察记录", "Observations"), "int"),
            Column(self.t("平均得分", "Mean score"), "score"),
            Column(self.t.h("pass_rate"), "pct"),
            Column(self.t("扣分合计", "Points lost"), "points"),
            Column(self.t("红线问题", "Red lines"), "int"),
            *(
                Column(status_label(s, self.t.lang), "int")
                for s in ("star", "pass", "below", "remediation")
            ),
        ]
        rows = []
        for b in blocks:
            m = b.summary
            rows.append(
                [
                    b.scope,
                    b.checklist,
                    self.t.kinds(b.kinds),
                    m.subjects,
                    m.branches,
                    m.checks,
                    m.observations,
                    m.score_mean,
                    m.pass_rate,
                    m.points_lost,
                    m.criticals,
                    *(m.statuses.get(s, 0) for s in ("star", "pass", "below", "remediation")),
                ]
            )
        end = self.table(sheet, 4, columns, rows)
        if report.warnings:
            sheet.write_string(end + 2, 0, self.t("提示", "Warnings"), self.formats["bold"])
            for n, warning in enumerate(report.warnings):
                sheet.write_string(end + 3 + n, 0, sheet_text(warning))

    def remediation_sheet(self, report: Report) -> None:
        """Everyone due for remediation, whatever --top says: the sheet after the summary."""
        sheet = self.book.add_worksheet(self.t("需整改", "Remediation"))
        columns = [
            Column(self.t.h("subject")),
            Column(self.t.h("branch")),
            Column(self.t.h("role")),
            Column(self.t.h("score"), "score"),
            Column(self.t.h("criticals"), "int"),
            Column(self.t.h("reason")),
        ]
        rows: list[list[Cell]] = [
            [
                r.subject,
                r.branch,
                self.t.role_of(r),
                r.score,
                r.criticals,
                remediation_reason(r, self.t.lang),
            ]
            for r in due_for_remediation(report)
        ]
        self.table(sheet, 0, columns, rows)

    def gaps_sheet(self, blocks: Sequence[Block]) -> dict[str, Span]:
        sheet = self.book.add_worksheet(self.t("差距", "Gaps"))
        columns = [
            Column(self.t("范围", "Scope")),
            Column(self.t.h("rank"), "int"),
            Column(self.t.h("item"), key="item"),
            Column(self.t.h("title")),
            Column(self.t.h("role")),
            Column(self.t.h("category")),
            Column(self.t.h("area")),
            Column(self.t.h("severity")),
            Column(self.t.h("observations"), "int"),
            Column(self.t.h("failures"), "int"),
            Column(self.t.h("fail_rate"), "pct"),
            Column(self.t.h("points_lost"), "points", key="points"),
            Column(self.t.h("share"), "pct"),
            Column(self.t.h("cumulative_share"), "pct", key="cumulative"),
            Column(self.t.h("subjects_affected"), "int"),
            Column(self.t.h("branches_affected"), "int"),
        ]
        rows: list[list[Cell]] = []
        spans: dict[str, Span] = {}
        name = sheet.get_name()
        for b in blocks:
            shown = self.t.shown(b.gaps)
            first = 1 + len(rows)
            for g in shown:
                severity = severity_label(g.severity, self.t.lang)
                rows.append(
                    [
                        b.scope,
                        g.rank,
                        g.item,
                        g.title.get(self.t.lang),
                        self.t.label("role", g.role),
                        self.t.label("category", g.category),
                        self.t.label("area", g.area),
                        severity,
                        g.observations,
                        g.failures,
                        g.fail_rate,
                        g.points_lost,
                        g.share,
                        g.cumulative_share,
                        g.subjects_affected,
                        g.branches_affected,
                    ]
                )
            if shown:
                spans[b.checklist] = Span(name, first, first + len(shown) - 1, _keys(columns))
        self.table(sheet, 0, columns, rows)
        return spans

    def subjects_sheet(self, blocks: Sequence[Block]) -> None:
        sheet = self.book.add_worksheet(self.t("人员", "Subjects"))
        columns = [
            Column(self.t("范围", "Scope")),
            Column(self.t.h("rank"), "int"),
            Column(self.t.h("subject")),
            Column(self.t.h("employee_id")),
            Column(self.t.h("branch")),
            Column(self.t.h("role")),
            *self.ranking_columns(),
        ]
        rows: list[list[Cell]] = []
        for b in blocks:
            titles = b.titles(self.t.lang)
            for r in self.t.shown(b.subjects):
                rows.append(
                    [
                        b.scope,
                        r.rank,
                        r.subject,
                        r.employee_id or "",
                        r.branch,
                        self.t.label("role", r.role),
                        *self.ranking_cells(r, titles),
                    ]
                )
        self.table(sheet, 0, columns, rows)

    def branches_sheet(self, blocks: Sequence[Block]) -> dict[str, Span]:
        sheet = self.book.add_worksheet(self.t("网点", "Branches"))
        columns = [
            Column(self.t("范围", "Scope")),
            Column(self.t.h("rank"), "int"),
            Column(self.t.h("branch"), key="name"),
            Column(self.t("受检对象", "Subjects"), "int"),
            *self.ranking_columns(),
        ]
        rows: list[list[Cell]] = []
        spans: dict[str, Span] = {}
        name = sheet.get_name()
        for b in blocks:
            first = 1 + len(rows)
            titles = b.titles(self.t.lang)
            branches = self.t.shown(b.branches)
            for r in branches:
                rows.append(
                    [b.scope, r.rank, r.subject, r.subjects, *self.ranking_cells(r, titles)]
                )
            if branches:
                spans[b.checklist] = Span(name, first, first + len(branches) - 1, _keys(columns))
        self.table(sheet, 0, columns, rows)
        return spans

    def ranking_columns(self) -> list[Column]:
        return [
            Column(self.t.h("checks"), "int"),
            Column(self.t.h("score"), "score", key="score"),
            Column(self.t.h("grade")),
            Column(self.t.h("pass_rate"), "pct"),
            Column(self.t.h("points_lost"), "points"),
            Column(self.t.h("criticals"), "int"),
            Column(self.t.h("below_pass"), "int"),
            Column(self.t.h("status"), "status"),
            Column(self.t.h("top_gaps")),
        ]

    def ranking_cells(self, row: RankedRow, titles: Mapping[str, str]) -> list[Cell]:
        top_gaps = "；".join(titles.get(item, item) for item in row.top_gaps)
        return [
            row.checks,
            row.score,
            row.grade.get(self.t.lang),
            row.pass_rate,
            row.points_lost,
            row.criticals,
            row.below_pass,
            row.status,
            top_gaps,
        ]

    def breakdown_sheet(self, blocks: Sequence[Block]) -> None:
        sheet = self.book.add_worksheet(self.t("分类", "Breakdown"))
        columns = [
            Column(self.t("范围", "Scope")),
            Column(self.t("维度", "By")),
            Column(self.t.h("rank"), "int"),
            Column(self.t.h("key")),
            Column(self.t.h("items"), "int"),
            Column(self.t.h("failures"), "int"),
            Column(self.t.h("fail_rate"), "pct"),
            Column(self.t.h("points_lost"), "points"),
            Column(self.t.h("share"), "pct"),
            Column(self.t.h("cumulative_share"), "pct"),
        ]
        rows: list[list[Cell]] = []
        for b in blocks:
            for by in BREAKDOWNS:
                for r in b.breakdowns.get(by, ()):
                    rows.append(
                        [
                            b.scope,
                            BY_LABELS[by].get(self.t.lang) if by in BY_LABELS else by,
                            r.rank,
                            r.label.get(self.t.lang),
                            r.items,
                            r.failures,
                            r.fail_rate,
                            r.points_lost,
                            r.share,
                            r.cumulative_share,
                        ]
                    )
        self.table(sheet, 0, columns, rows)

    def waived_sheet(self, report: Report) -> None:
        """Every waived failure with its waiver (the table and markdown list the first ones)."""
        from svccheck.reporting.waived import WAIVED_COLUMNS, waived_cells, waived_headings

        sheet = self.book.add_worksheet(self.t("已豁免", "Waived"))
        kinds = ["int" if key == "row" else "text" for key, _, _ in WAIVED_COLUMNS]
        columns = [
            Column(h, kind) for h, kind in zip(waived_headings(self.t.lang), kinds, strict=True)
        ]
        rows: list[list[Cell]] = [list(waived_cells(w)) for w in report.waived]
        self.table(sheet, 0, columns, rows)

    def rejected_sheet(self, report: Report) -> None:
        sheet = self.book.add_worksheet(self.t("未读入行", "Rejected"))
        columns = [
            Column(self.t.h("file")),
            Column(self.t.h("sheet")),
            Column(self.t.h("row"), "int"),
            Column(self.t.h("cell")),
            Column(self.t.h("reason")),
        ]
        rows: list[list[Cell]] = [
            [r.file, r.sheet, r.row, r.cell, r.reason] for r in report.rejected
        ]
        self.table(sheet, 0, columns, rows)

    def inputs_sheet(self, report: Report) -> None:
        sheet = self.book.add_worksheet(self.t("输入文件", "Inputs"))
        columns = [
            Column(self.t.h("file")),
            Column(self.t("工作表", "Sheets")),
            Column(self.t("读取行", "Rows"), "int"),
            Column(self.t("已读入", "Accepted"), "int"),
            Column(self.t("未读入", "Rejected"), "int"),
            Column(self.t("跳过", "Skipped"), "int"),
        ]
        rows: list[list[Cell]] = [
            [i.file, "、".join(i.sheets), i.rows, i.accepted, i.rejected, i.skipped]
            for i in report.inputs
        ]
        self.table(sheet, 0, columns, rows)

    def charts_sheet(
        self, blocks: Sequence[Block], gaps: Mapping[str, Span], branches: Mapping[str, Span]
    ) -> None:
        """Per block: the Pareto (columns + cumulative line on a secondary axis) and the
        branch ranking, both native charts over the Gaps and Branches sheets."""
        sheet = self.book.add_worksheet(self.t("图表", "Charts"))
        sheet.set_column(0, 0, 2)
        row = 0
        # three blocks a printed page, a page break after each three: no chart is cut in two
        sheet.set_h_pagebreaks([n * CHART_ROWS for n in range(3, len(blocks), 3)])
        for block in blocks:
            sheet.write_string(row, 1, sheet_text(block.scope), self.formats["title"])
            span = gaps.get(block.checklist)
            if span is not None:
                sheet.insert_chart(
                    row + 1, 1, self.pareto_chart(block, span), {"x_scale": 1.5, "y_scale": 1.0}
                )
            span = branches.get(block.checklist)
            if span is not None:
                sheet.insert_chart(
                    row + 1, 13, self.ranking_chart(block, span), {"x_scale": 1.0, "y_scale": 1.0}
                )
            row += CHART_ROWS

    def pareto_chart(self, block: Block, span: Span) -> Any:
        last = min(span.last, span.first + PARETO_BARS - 1)
        columns = self.book.add_chart({"type": "column"})
        columns.add_series(
            {
                "name": self.t("扣分", "Points lost"),
                "categories": span.range("item", last),
                "values": span.range("points", last),
                "fill": {"color": BAR},
                "gap": 60,
            }
        )
        line = self.book.add_chart({"type": "line"})
        line.add_series(
            {
                "name": self.t("累计占比", "Cumulative share"),
                "categories": span.range("item", last),
                "values": span.range("cumulative", last),
                "y2_axis": True,
                "line": {"color": "#1B1F24", "width": 2},
                "marker": {
                    "type": "circle",
                    "size": 5,
                    "border": {"color": "#1B1F24"},
                    "fill": {"color": "#FFFFFF"},
                },
            }
        )
        columns.combine(line)
        columns.set_title(
            {
                "name": self.t("差距帕累托图 — {s}", "Pareto of gaps — {s}", s=block.scope),
                "name_font": {"size": 12},
            }
        )
        columns.set_x_axis({"num_font": {"rotation": -45, "size": 8}})
        columns.set_y_axis(
            {
                "name": self.t("扣分", "Points lost"),
                "major_gridlines": {"visible": True, "line": {"color": "#E3E7EB"}},
            }
        )
        line.set_y2_axis(
            {"name": self.t("累计占比", "Cumulative share"), "min": 0, "max": 1, "num_format": "0%"}
        )
        columns.set_legend({"position": "bottom"})
        return columns

    def ranking_chart(self, block: Block, span: Span) -> Any:
        chart = self.book.add_chart({"type": "bar"})
        chart.add_series(
            {
                "name": self.t("得分", "Score"),
                "categories": span.range("name"),
                "values": span.range("score"),
                "fill": {"color": BAR},
                # each bar in its status colour, as in the HTML report
                "points": [
                    {"fill": {"color": STATUS_COLOURS.get(r.status, BAR)}}
                    for r in self.t.shown(block.branches)
                ],
                "data_labels": {"value": True, "num_format": "0.0"},
                "gap": 50,
            }
        )
        chart.set_title(
            {
                "name": self.t("网点排名 — {s}", "Branch ranking — {s}", s=block.scope),
                "name_font": {"size": 12},
            }
        )
        # Rank 1 at the top: Excel draws bar categories bottom-up unless the axis is reversed
        # (and the value axis then crosses at the last category to stay at the bottom).
        chart.set_y_axis({"reverse": True, "crossing": "max"})
        scoring = block.scoring
        base = scoring.base if scoring else 100.0
        floor = score_axis_floor(
            [r.score for r in self.t.shown(block.branches)],
            base,
            scoring.pass_mark if scoring else None,
        )
        chart.set_x_axis(
            {
                "name": self.t("得分", "Score"),
                "num_format": "0",
                "min": floor,
                "max": base,
                "major_gridlines": {"visible": True, "line": {"color": "#E3E7EB"}},
            }
        )
        chart.set_legend({"none": True})
        return chart

    # ------------------------------------------------------------ tables

    def table(
        self,
        sheet: Worksheet,
        header_row: int,
        columns: Sequence[Column],
        rows: Sequence[Sequence[Cell]],
    ) -> int:
        """Header, rows, autofilter, frozen header and fitted widths; returns the last row."""
        header = self.formats["header"]
        for col, column in enumerate(columns):
            sheet.write_string(header_row, col, sheet_text(column.heading), header)
        widths = [display_width(c.heading) + 2 for c in columns]
        for n, row in enumerate(rows, start=header_row + 1):
            for col, (column, value) in enumerate(zip(columns, row, strict=True)):
                shown = self.write_cell(sheet, n, col, column.kind, value)
                widths[col] = max(widths[col], display_width(shown) + 2)
        last = header_row + max(1, len(rows))
        self.header_rows[sheet.get_name()] = header_row
        sheet.autofilter(header_row, 0, last, len(columns) - 1)
        sheet.freeze_panes(header_row + 1, 0)
        for col, width in enumerate(widths):
            sheet.set_column(col, col, min(MAX_WIDTH, max(6, width)))
        # as stored: each width with the ~0.71 character of cell padding spreadsheets add
        self.widths[sheet.get_name()] = sum(min(MAX_WIDTH, max(6, w)) + 0.71 for w in widths)
        return last

    def write_cell(self, sheet: Worksheet, row: int, col: int, kind: str, value: Cell) -> str:
        """Write one value as its kind and return how it reads (for the column width)."""
        if value is None:
            sheet.write_blank(row, col, None)
            return ""
        if kind == "status" and isinstance(value, str):
            label = status_label(value, self.t.lang) if value in STATUS_LABELS else value
            sheet.write_string(row, col, sheet_text(label), self.formats.get(f"status:{value}"))
            return label
        if isinstance(value, str):
            sheet.write_string(row, col, sheet_text(value))
            return value
        writer = NUMBER_KINDS.get(kind, NUMBER_KINDS["int"])
        sheet.write_number(row, col, value, self.formats[kind if kind in NUMBER_KINDS else "int"])
        return writer(value)


def page_setup(sheet: Worksheet, header_row: int | None, width: float) -> None:
    """Every sheet prints landscape on A4, one page wide, its header row on every page, the
    page number in the footer. A narrow table is printed at the scale of a wide one (at most
    PRINT_SCALE) rather than blown up to the page's width: as many rows a page, not fewer."""
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.set_margins(left=0.3, right=0.3, top=0.45, bottom=0.5)
    sheet.set_footer("&C&P / &N")
    if width and _PRINTABLE_WIDTH / (width * _POINTS_PER_CHAR) > PRINT_SCALE / 100:
        sheet.set_print_scale(PRINT_SCALE)
    else:
        sheet.fit_to_pages(1, 0)
    if header_row is not None:
        sheet.repeat_rows(header_row)


PRINT_SCALE = 65  # percent: the largest a table is printed (10 pt type → 6.5 pt)
_POINTS_PER_CHAR = 6.3  # a column width unit of the 10 pt default font, as LibreOffice draws it
_PRINTABLE_WIDTH = (297 / 25.4 - 0.6) * 72  # landscape A4 between the side margins, points


NUMBER_KINDS: Mapping[str, Callable[[float], str]] = {
    "int": lambda v: f"{v:,.0f}",
    "score": score_text,
    "points": lambda v: f"{v:.2f}",
    "pct": pct,
}


def _formats(book: Workbook) -> dict[str, Format]:
    formats = {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "bold": book.add_format({"bold": True}),
        "header": book.add_format(
            {
                "bold": True,
                "bg_color": "#D9E1F2",
                "border": 1,
                "text_wrap": True,
                "valign": "vcenter",
            }
        ),
        "int": book.add_format({"num_format": "#,##0"}),
        "score": book.add_format({"num_format": "0.0"}),
        "points": book.add_format({"num_format": "0.##"}),
        "pct": book.add_format({"num_format": "0.0%"}),
    }
    for status, fill in STATUS_FILLS.items():
        formats[f"status:{status}"] = book.add_format(
            {"bg_color": fill, "font_color": STATUS_COLOURS[status], "bold": status != "pass"}
        )
    return formats


def _blocks(report: Report, everything: str, lang: str) -> list[Block]:
    """The combined block (only when there are several checklists), then one per section."""
    blocks = [_section_block(s, lang) for s in report.sections]
    if len(report.sections) > 1:
        kinds = tuple(dict.fromkeys(k for s in report.sections for k in s.kinds))
        blocks.insert(
            0,
            Block(
                everything,
                "",
                report.summary,
                report.gaps,
                report.subjects,
                report.branches,
                report.breakdowns,
                kinds,
                common_marks(report),
            ),
        )
    return blocks


def _section_block(section: Section, lang: str) -> Block:
    return Block(
        section.title.get(lang),
        section.checklist,
        section.summary,
        section.gaps,
        section.subjects,
        section.branches,
        section.breakdowns,
        section.kinds,
        section.scoring,
    )


def _keys(columns: Sequence[Column]) -> dict[str, int]:
    return {c.key: n for n, c in enumerate(columns) if c.key}
