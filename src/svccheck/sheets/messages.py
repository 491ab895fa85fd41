"""Why a row was rejected, in the user's language.

The row readers record a `Bad` (a code and the offending value) — cheap, and cached with the
value it came from — and only a rejected row pays for turning it into a sentence here.
"""

from __future__ import annotations

from typing import NamedTuple

from svccheck.i18n import tr
from svccheck.sheets.layout import FIELD_HEADERS
from svccheck.sheets.values import DATE_WINDOW, cell_text


class Bad(NamedTuple):
    """Something wrong with a value; `detail` carries what the message needs beyond it."""

    code: str
    value: object = None
    detail: str = ""


def field_label(name: str, lang: str) -> str:
    """A field as the user knows it: its first zh header, or its en name."""
    return FIELD_HEADERS[name][0] if lang != "en" else name.replace("_", " ")


SHOWN_CHARS = 80
"""A cell's text a message quotes in full up to this; a longer one is cut (a 100,000-digit
deduction quoted whole made one rejection 100 KB of stderr): the cell is named anyway."""


def _shown(value: object, lang: str) -> str:
    text = cell_text(value) if not isinstance(value, str) else value.strip()
    if len(text) > SHOWN_CHARS:
        cut = repr(text[: SHOWN_CHARS - 20])
        return cut + tr(lang, "…（共 {n} 字）", "… ({n} chars)", n=f"{len(text):,}")
    return repr(text)


def reason(bad: Bad, lang: str, where: str) -> str:
    """The message for `bad`, found under `where` (a header as written, or a sheet line)."""
    v = _shown(bad.value, lang)
    code = bad.code
    if code == "mark":
        return tr(
            lang,
            "“{where}”下的标记 {v} 无法识别：应为合格（√ ✓ 是 合格 Y）、"
            "不合格（× ✗ 否 不合格 N）、"
            "不适用（不适用 N/A —），或留空（未检查）",
            "unknown mark {v} under '{where}': expected a pass mark (√ ✓ 是 合格 Y), a fail "
            "mark (× ✗ 否 不合格 N), not applicable (不适用 N/A —) or a blank cell (not "
            "checked)",
            v=v,
            where=where,
        )
    if code == "date":
        return tr(
            lang,
            "“{where}”下的 {v} 不是日期：应为日期单元格，"
            "或 2026-10-08、2026/10/8、2026.10.08、"
            "2026年10月8日",
            "not a date under '{where}': {v} (expected a date cell or 2026-10-08, "
            "2026/10/8, 2026.10.08, 2026年10月8日)",
            v=v,
            where=where,
        )
    if code == "impossible_date":
        return tr(
            lang,
            "“{where}”下的日期 {v} 不存在",
            "impossible date under '{where}': {v} (no such day)",
            v=v,
            where=where,
        )
    if code == "control_char":
        return tr(
            lang,
            "“{where}”下的 {v} 含有控制字符：请在表中删去",
            "'{where}' holds a control character: {v} (delete it in the sheet)",
            v=v,
            where=where,
        )
    if code == "too_long":
        text = cell_text(bad.value)
        return tr(
            lang,
            "“{where}”下的文字长 {n} 个字符，超过 {detail} 个：不是姓名、网点或工号（{v}）",
            "text under '{where}' is {n} characters long, over {detail}: no name, branch or id "
            "is that long ({v})",
            n=len(text),
            detail=bad.detail,
            v=repr(text[:20] + "…"),
            where=where,
        )
    if code == "date_out_of_range":
        # a number or a datetime cell does not read as the date: say which day it is
        read = "" if cell_text(bad.value) == bad.detail else bad.detail
        return tr(
            lang,
            "“{where}”下的日期 {v}{read} 超出范围（{window} 年）：请改正年份",
            "date {v}{read} under '{where}' is out of range ({window}): correct the year",
            v=v,
            read=tr(lang, "（即 {day}）", " (read as {day})", day=read) if read else "",
            where=where,
            window=DATE_WINDOW,
        )
    if code == "before_found":
        return tr(
            lang,
            "“{where}”下的日期 {v} 早于发现问题的检查日期 {detail}："
            "整改期限和整改日期不能在问题发现之前",
            "date {v} under '{where}' is before the finding's date {detail}: a finding cannot "
            "be due or fixed before it was found",
            v=v,
            where=where,
            detail=bad.detail,
        )
    if code == "deduction":
        return tr(
            lang,
            "“{where}”下的 {v} 不是扣分：应为 1、-1、扣1分、0.5分 之类",
            "not a deduction under '{where}': {v} (expected points such as 1, -1, 扣1分, 0.5分)",
            v=v,
            where=where,
        )
    if code == "score":
        return tr(
            lang,
            "“{where}”下的 {v} 不是得分：应为 2、1.5分 之类的非负数",
            "not a score under '{where}': {v} (expected the points kept, such as 2 or 1.5分)",
            v=v,
            where=where,
        )
    if code == "count":
        return tr(
            lang,
            "“{where}”下的 {v} 不是次数：应为不小于 1 的整数，如 2 或 2次",
            "not a count under '{where}': {v} (expected a whole number of at least 1, "
            "such as 2 or 2次)",
            v=v,
            where=where,
        )
    if code == "count_too_large":
        return tr(
            lang,
            "“{where}”下的次数 {v} 超过 {detail}：一行记不了这么多次违规",
            "count {v} under '{where}' is over {detail}: more violations than one row can record",
            v=v,
            where=where,
            detail=bad.detail,
        )
    if code == "deduction_above_base":
        return tr(
            lang,
            "“{where}”下的扣分 {v} 超过检查表的基础分 {detail} 分：一行扣不了这么多",
            "deduction {v} under '{where}' is above the checklist's base of {detail} points: "
            "more than one row can take off",
            v=cell_text(bad.value),
            where=where,
            detail=bad.detail,
        )
    if code == "kind":
        return tr(
            lang,
            "“{where}”下的检查方式 {v} 无法识别：应为 自查、互查 或 检查/现场/视频调阅/暗访",
            "unknown kind of check under '{where}': {v} (expected 自查, 互查 or "
            "检查/现场/视频调阅/暗访, or self-check, peer check, inspection)",
            v=v,
            where=where,
        )
    if code == "role":
        return tr(
            lang,
            "“{where}”下的岗位 {v} 无法识别：应为 {detail} 之一",
            "unknown role under '{where}': {v} (expected one of: {detail})",
            v=v,
            where=where,
            detail=bad.detail,
        )
    if code == "unknown_item":
        return tr(
            lang,
            "“{where}”下的检查项目 {v} 不存在：标准库中没有此编号或标题的项目",
            "unknown item under '{where}': {v} (no item of the standards library has "
            "this id or exact title)",
            v=v,
            where=where,
        )
    if code == "unknown_item_column":
        return tr(
            lang,
            "列标题“{where}”中的项目 {v} 不存在：标准库中没有此编号，该列已填内容的行无法计分",
            "unknown item {v} in the column header '{where}': no item of the standards "
            "library has this id, so a row with a mark under it cannot be scored",
            v=v,
            where=where,
        )
    if code == "not_on_checklist":
        return tr(
            lang,
            "“{where}”下的项目 {v} 不在检查表 {detail} 中",
            "item {v} under '{where}' is not on checklist {detail}",
            v=bad.value,
            where=where,
            detail=bad.detail,
        )
    if code == "ambiguous_item":
        return tr(
            lang,
            "“{where}”下的项目标题 {v} 对应多个项目（{detail}）：请填写项目编号",
            "item title {v} under '{where}' fits several items ({detail}): write the item id",
            v=v,
            where=where,
            detail=bad.detail,
        )
    if code == "missing":
        return tr(
            lang,
            "缺少{field}：“{where}”为空",
            "missing {field}: '{where}' is empty",
            field=field_label(bad.detail, lang),
            where=where,
        )
    if code == "missing_sheet_value":
        return tr(
            lang,
            "缺少{field}：没有“{header}”列，表头上方和表单元数据中也没有",
            "missing {field}: no '{header}' column, and none given above the header or in "
            "the form's metadata",
            field=field_label(bad.detail, lang),
            header=f"{FIELD_HEADERS[bad.detail][0]}/{bad.detail}",
        )
    if code == "excel_error":
        return tr(
            lang,
            "“{where}”下的单元格是 Excel 错误值 {error}（如查找失败的公式）：请在表中改正",
            "the cell under '{where}' holds the Excel error {error} (a formula that failed, "
            "such as a lookup): correct it in the sheet",
            where=where,
            error=cell_text(bad.value),
        )
    if code == "formula":
        return tr(
            lang,
            "“{where}”下的单元格是没有保存计算结果的公式：请用 Excel 或 LibreOffice 打开、"
            "计算后保存",
            "the cell under '{where}' holds a formula with no saved value: open the file "
            "in Excel or LibreOffice and save it so the value is calculated",
            where=where,
        )
    if code == "no_subject":
        return tr(
            lang,
            "没有被检查人：“{where}”为空",
            "row with no subject: '{where}' (the employee) is empty",
            where=where,
        )
    if code == "score_above_max":
        return tr(
            lang,
            "“{where}”下的得分 {v} 超过该项满分 {detail} 分",
            "score {v} under '{where}' is above the item's maximum of {detail} points",
            v=cell_text(bad.value),
            where=where,
            detail=bad.detail,
        )
    if code == "conflict":
        word = {"pass": "合格", "fail": "不合格", "na": "不适用"}.get(str(bad.value), v)
        return tr(
            lang,
            "结果“{word}”与扣分 {detail} 矛盾",
            "result {v} contradicts the deduction {detail}",
            v=v,
            word=word,
            detail=bad.detail,
        )
    raise ValueError(f"no message for {code!r}")  # a programming error, caught by the tests
