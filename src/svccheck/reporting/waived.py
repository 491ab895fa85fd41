"""How a waived failure is said (SPEC §8), in one place: a line for the table, markdown and
explain; a row of columns for the html and xlsx reports."""

from __future__ import annotations

from svccheck.i18n import tr
from svccheck.scoring.result import Waived

WAIVED_SHOWN = 20  # the table and markdown list the first ones; JSON holds them all


def waived_title(n: int, lang: str) -> str:
    return tr(
        lang,
        "已豁免的不合格（{n} 项，不扣分、不计入合格率）",
        "Waived failures ({n}: not deducted, out of pass rates)",
        n=n,
    )


def waived_line(w: Waived, lang: str) -> str:
    """One waived failure: when, where, which item, and the waiver (reason, approver, expiry)."""
    who = w.branch if w.subject == w.branch else f"{w.branch} {w.subject}"
    if w.employee:  # the person a branch register's row names
        who = f"{who} {w.employee}"
    where = w.cell or str(w.row)
    return tr(
        lang,
        "{date} {who} {item}（{file} › {sheet} {where}）：已豁免——{reason}（{by} 批准，有效至 "
        "{expires}；{at}）",
        "{date} {who} {item} ({file} › {sheet} {where}): waived — {reason} (approved by {by}, "
        "until {expires}; {at})",
        date=w.date.isoformat(),
        who=who,
        item=w.item,
        file=w.file,
        sheet=w.sheet,
        where=where,
        reason=w.waiver.reason,
        by=w.waiver.approved_by,
        expires=w.waiver.expires.isoformat(),
        at=str(w.waiver.location) if w.waiver.location else "waivers.yaml",
    )


def waived_lines(waived: tuple[Waived, ...], lang: str) -> list[str]:
    """The first WAIVED_SHOWN lines, and how many more there are."""
    lines = [waived_line(w, lang) for w in waived[:WAIVED_SHOWN]]
    if len(waived) > WAIVED_SHOWN:
        lines.append(waived_more(len(waived) - WAIVED_SHOWN, lang))
    return lines


def waived_more(n: int, lang: str) -> str:
    return tr(
        lang,
        "……另有 {n} 项，见 JSON 报告的 waived。",
        "… {n} more: see `waived` in the JSON report.",
        n=n,
    )


# The columns of a waived failure in a table: (key, zh, en); `row` is a number.
WAIVED_COLUMNS = (
    ("date", "日期", "Date"),
    ("branch", "网点", "Branch"),
    ("subject", "对象", "Subject"),
    ("employee", "员工", "Employee"),
    ("item", "项目", "Item"),
    ("file", "文件", "File"),
    ("sheet", "工作表", "Sheet"),
    ("row", "行", "Row"),
    ("cell", "单元格", "Cell"),
    ("note", "问题描述", "Note"),
    ("reason", "豁免原因", "Waiver reason"),
    ("approved_by", "批准人", "Approved by"),
    ("expires", "有效至", "Until"),
    ("waiver", "豁免依据", "Waiver"),
)


def waived_headings(lang: str) -> list[str]:
    return [tr(lang, zh, en) for _, zh, en in WAIVED_COLUMNS]


def waived_cells(w: Waived) -> list[str | int]:
    """One waived failure as the cells of WAIVED_COLUMNS (an empty text for none)."""
    shown = w.as_dict()
    return [v if isinstance(v := shown[key], int) else str(v or "") for key, _, _ in WAIVED_COLUMNS]
