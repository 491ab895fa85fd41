"""What `svccheck read` prints: a ReadResult as JSON (`svccheck/read@1`) or as terminal tables.

Pure functions from the result to text; the CLI only chooses one and writes it out. The table
is rendered by rich into a string (rich measures CJK text as two columns, so Chinese headers
stay aligned), without colour unless asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from svccheck.i18n import tr
from svccheck.model import Rejection, RosterLine
from svccheck.sheets.layout import FIELDS
from svccheck.sheets.messages import field_label
from svccheck.sheets.reader import ReadResult, SheetLayout
from svccheck.terminal import terminal_text

SCHEMA = "svccheck/read@1"
FORMATS = ("table", "json")


def read_json(result: ReadResult) -> str:
    """The JSON document: inputs and rejected in SPEC §7's shapes, plus sheets and skips."""
    document = {
        "schema": SCHEMA,
        "inputs": [summary.as_dict() for summary in result.inputs],
        "sheets": [_sheet_json(layout) for layout in result.layouts],
        "rejected": [rejection._asdict() for rejection in result.rejected],
        "skipped_sheets": [
            {"file": file, "sheet": sheet, "reason": why}
            for file, sheet, why in result.skipped_sheets
        ],
        "warnings": list(result.warnings),
        "roster_without_check": [line.as_dict() for line in result.roster_lines],
    }
    from svccheck.jsontext import dumps_indented

    return dumps_indented(document) + "\n"  # json.dumps(…, ensure_ascii=False, indent=2)


def _sheet_json(layout: SheetLayout) -> dict[str, Any]:
    sheet: dict[str, Any] = {
        "file": layout.file,
        "sheet": layout.sheet,
        "form": layout.form,
        "header_row": layout.header_row,
        "checklist": layout.checklist,
        "checklist_from": layout.checklist_from,
        "columns": dict(layout.columns),
        "ignored": list(layout.ignored),
        "sheet_values": dict(layout.sheet_values),
        "rows": layout.rows,
        "accepted": layout.accepted,
        "rejected": layout.rejected,
        "skipped": layout.skipped,
        "warnings": list(layout.warnings),
    }
    # contract version 2, only where a register states them (v1 sheets read as before)
    if layout.scope is not None:
        sheet["scope"] = layout.scope
    if layout.on_duty:
        sheet["on_duty"] = [
            {
                "name": p.name,
                "employee_id": p.employee_id,
                "role": p.role,
                "date": p.date.isoformat(),
                "branch": p.branch,
                "row": p.row,
            }
            for p in layout.on_duty
        ]
    return sheet


def read_table(result: ReadResult, lang: str, width: int = 100, color: bool = False) -> str:
    """Per file and sheet: layout, column mapping, counts, warnings, every rejection."""
    from rich.console import Group, RenderableType
    from rich.text import Text

    parts: list[RenderableType] = []
    rejections: dict[tuple[str, str], list[Rejection]] = {}
    for rejection in result.rejected:
        rejections.setdefault((rejection.file, rejection.sheet), []).append(rejection)
    unfilled: dict[tuple[str, str], list[RosterLine]] = {}
    for line in result.roster_lines:
        unfilled.setdefault((line.file, line.sheet), []).append(line)
    for layout in result.layouts:
        key = (layout.file, layout.sheet)
        parts.append(_sheet_block(layout, rejections.get(key, []), unfilled.get(key, []), lang))
        parts.append(Text(""))
    if result.skipped_sheets:
        parts.append(_skipped_block(result.skipped_sheets, lang))
        parts.append(Text(""))
    parts.append(Text(_totals(result, lang), style="bold"))
    return terminal_text([Group(*parts)], width=width, color=color)


def _where(file: str, sheet: str) -> str:
    return f"{file} › {sheet}" if sheet else file


_FORMS = {
    "long": ("长表（一行一条记录）", "long form (one row per observation)"),
    "wide": ("宽表（一行一人、一列一项）", "wide form (one row per person, one column per item)"),
}
_SOURCES = {
    "metadata": ("表单元数据", "form metadata"),
    "argument": ("--checklist", "--checklist"),
    "inferred": ("按项目推断", "inferred from the items"),
    "none": ("无", "none"),
}


def _sheet_block(
    layout: SheetLayout,
    rejected: Sequence[Rejection],
    unfilled: Sequence[RosterLine],
    lang: str,
) -> Any:
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    title = Text(_where(layout.file, layout.sheet), style="bold")
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column()
    zh, en = _FORMS[layout.form]
    facts.add_row(tr(lang, "格式", "form"), tr(lang, zh, en))
    facts.add_row(tr(lang, "表头", "header"), tr(lang, "第 {n} 行", "row {n}", n=layout.header_row))
    source = _SOURCES.get(layout.checklist_from, (layout.checklist_from,) * 2)
    facts.add_row(
        tr(lang, "检查表", "checklist"),
        f"{layout.checklist or '—'} ({tr(lang, *source)})",
    )
    if layout.sheet_values:
        facts.add_row(
            tr(lang, "全表取值", "sheet values"),
            " · ".join(
                f"{field_label(name, lang)} {value}" for name, value in layout.sheet_values.items()
            ),
        )
    facts.add_row(
        tr(lang, "行数", "rows"),
        tr(
            lang,
            "读入 {rows} 行：接受 {a}，拒绝 {r}；跳过 {s} 行（标题、空行、合计、脚注）",
            "{rows} read: {a} accepted, {r} rejected; {s} skipped (title, blank, subtotal, footer)",
            rows=layout.rows,
            a=layout.accepted,
            r=layout.rejected,
            s=layout.skipped,
        ),
    )
    if layout.on_duty:
        facts.add_row(
            tr(lang, "在岗人员", "staff on duty"),
            "、".join(p.name for p in layout.on_duty)
            if lang == "zh"
            else ", ".join(p.name for p in layout.on_duty),
        )
    if unfilled:
        facts.add_row(
            tr(lang, "名单未填写", "roster, no check"),
            tr(lang, "、", ", ").join(
                tr(lang, "{name}（第 {row} 行）", "{name} (row {row})", name=u.employee, row=u.row)
                for u in unfilled
            ),
        )
    if layout.ignored:
        facts.add_row(tr(lang, "未用的列", "ignored columns"), ", ".join(layout.ignored))
    for warning in layout.warnings:
        facts.add_row(Text(tr(lang, "警告", "warning"), style="yellow"), warning)
    facts.add_row(tr(lang, "列", "columns"), _columns_text(layout, lang))
    parts: list[Any] = [title, facts]
    if rejected:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
        table.add_column(tr(lang, "行", "row"), justify="right", no_wrap=True)
        table.add_column(tr(lang, "单元格", "cell"), no_wrap=True)
        table.add_column(tr(lang, "原因", "reason"), ratio=1)
        for rejection in rejected[:REJECTED_SHOWN]:
            table.add_row(str(rejection.row), rejection.cell, rejection.reason)
        parts.append(Text(tr(lang, "拒绝的行：", "rejected rows:"), style="bold red"))
        parts.append(table)
        if len(rejected) > REJECTED_SHOWN:
            more = len(rejected) - REJECTED_SHOWN
            parts.append(
                Text(
                    tr(
                        lang,
                        "  ……另有 {n} 行被拒绝（--format json 列出全部）",
                        "  … {n} more rejected rows (--format json lists them all)",
                        n=f"{more:,}",
                    ),
                    style="red",
                )
            )
    return Group(*parts)


REJECTED_SHOWN = 1_000
"""Rejected rows a sheet's table shows; `--format json` lists them all. A table of 300,000 of
them took rich 98 s to lay out, and nobody reads that far on a screen."""


def _columns_text(layout: SheetLayout, lang: str) -> str:
    """ "A→date · F→TLR-01 …": what each column was read as (in zh, a field by its header: 日期)."""
    return " · ".join(
        f"{letter}→{field_label(meaning, lang) if lang != 'en' and meaning in FIELDS else meaning}"
        for letter, meaning in layout.columns.items()
    )


def _skipped_block(skipped: Sequence[tuple[str, str, str]], lang: str) -> Any:
    from rich.console import Group
    from rich.text import Text

    lines: list[Any] = [Text(tr(lang, "未读取的文件或工作表：", "not read:"), style="bold")]
    colon = tr(lang, "：", ": ")
    for file, sheet, why in skipped:
        lines.append(Text(f"  {_where(file, sheet)}{colon}{why}"))
    return Group(*lines)


def _totals(result: ReadResult, lang: str) -> str:
    return tr(
        lang,
        "合计：{f} 个文件、{s} 张表、读入 {rows} 行：接受 {a}，拒绝 {r}；跳过 {k} 行；观测 {o} 条",
        "total: {f} files, {s} sheets, {rows} rows read: {a} accepted, {r} rejected; "
        "{k} skipped; {o} observations",
        f=len(result.inputs),
        s=len(result.layouts),
        rows=sum(i.rows for i in result.inputs),
        a=sum(i.accepted for i in result.inputs),
        r=sum(i.rejected for i in result.inputs),
        k=sum(i.skipped for i in result.inputs),
        o=len(result.observations),
    )
