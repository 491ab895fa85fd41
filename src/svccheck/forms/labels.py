"""The fixed words printed on a form, in zh and en.

Column headers are chosen from the header aliases the sheet readers accept (SPEC §4), so a form
written in either language reads back without a mapping step. Columns the readers do not know
(扣分合计, 签字, 整改要求…) are for people and are ignored on the way back in; 整改期限 and
整改情况及复查日期 are read back (SPEC §8: a finding's due date and the date it was fixed).
"""

from __future__ import annotations

from svccheck.i18n import Text
from svccheck.sheets.metadata import CRITERIA_SHEET_NAMES
from svccheck.sheets.metadata import ITEMS_SHEET as ITEMS_SHEET  # re-exported for the forms
from svccheck.sheets.values import MARK_CHOICES

# Column headers, by column field. A field may have a layout-specific header (see HEADERS_LONG).
HEADERS: dict[str, Text] = {
    "date": Text("日期", "Date"),
    "branch": Text("网点", "Branch"),
    "employee": Text("姓名", "Employee"),
    "employee_id": Text("工号", "Employee ID"),
    "role": Text("岗位", "Role"),
    "total": Text("扣分合计", "Total deduction"),
    "checker": Text("检查人", "Checker"),
    "peer_checker": Text("互查人", "Checker"),
    "signature": Text("签字", "Signature"),
    "seq": Text("序号", "No."),
    "period": Text("时段", "Time"),
    "method": Text("检查方式", "Method"),
    "item": Text("标准编号", "Item"),
    "note": Text("问题描述", "Note"),
    "deduction": Text("扣分", "Deduction"),
    "fix_required": Text("整改要求", "Required fix"),
    "due": Text("整改期限", "Due"),
    "fix_done": Text("整改情况及复查日期", "Fix done and recheck date"),
    "remark": Text("备注", "Remarks"),
}

# The register's own words for the same fields (DOMAIN.md: 《营业网点服务检查登记簿》).
HEADERS_LONG: dict[str, Text] = {
    "date": Text("检查日期", "Date"),
    "employee": Text("被检查人", "Employee"),
}

# Labels of the block above the header: each is followed by its value in the next cell.
BLOCK: dict[str, Text] = {
    "branch": Text("网点", "Branch"),
    "date": Text("日期", "Date"),
    "host": Text("主持人", "Host"),
    "expected": Text("应到", "Expected"),
    "present": Text("实到", "Present"),
    "period": Text("检查期间", "Period"),
    "scope": Text("检查范围", "Scope"),
}

# What the register's scope line says when no --scope is given: the whole checklist.
WHOLE_SCOPE = Text("全面检查", "all")

# The register's staff-on-duty sheet (在岗人员): its name and columns, as the reader knows them.
STAFF_SHEET = Text("在岗人员", "Staff on duty")
STAFF_HEADERS: tuple[Text, ...] = (
    Text("姓名", "name"),
    Text("工号", "employee id"),
    Text("岗位", "role"),
    Text("日期", "date"),
    Text("网点", "branch"),
)

# The three marks offered in every mark cell's dropdown: pass, fail, not applicable.
MARKS: dict[str, tuple[str, ...]] = {
    "zh": MARK_CHOICES,
    "en": ("√", "×", "N/A"),
}

# How an inspection finding was made (DOMAIN.md: 现场 / 视频调阅 / 暗访).
METHODS: dict[str, tuple[str, ...]] = {
    "zh": ("现场", "视频调阅", "暗访"),
    "en": ("On site", "Video review", "Mystery shop"),
}

CRITERIA_SHEET = Text(*CRITERIA_SHEET_NAMES)
# ITEMS_SHEET (hidden): the "ID title" entries behind the register's dropdown
# Id and title share one cell ("TLR-01 着装规范"): a row holding an id and a title in two cells
# would look like a wide-form header to a reader scanning the workbook for one.
CRITERIA_HEADERS: tuple[Text, ...] = (
    Text("项目", "Check item"),
    Text("检查标准", "Criterion"),
    Text("分值", "Points"),
    Text("严重程度", "Severity"),
)

INSTRUCTIONS: dict[str, Text] = {
    "wide": Text(
        "填写说明：每个检查项在下拉框中选择 √ 合格、× 不合格、不适用；"
        "空白表示未检查（不计为合格）。"
        "扣分合计自动计算；各项检查标准见“标准说明”工作表。",
        "How to mark: pick √ pass, × fail or N/A in each item cell; a blank cell means not "
        "checked (never counted as a pass). The deduction total is calculated; each item's "
        "criterion is on the 'Criteria' sheet.",
    ),
    "wide_peer": Text(
        "填写说明：由互查人逐项检查，在下拉框中选择 √ 合格、× 不合格、不适用；"
        "空白表示未检查（不计为合格）。"
        "互查人栏填写检查人姓名；各项检查标准见“标准说明”工作表。",
        "How to mark: the peer checker picks √ pass, × fail or N/A in each item cell; a blank "
        "cell means not checked (never counted as a pass). Write the checker's name in the "
        "Checker column; each item's criterion is on the 'Criteria' sheet.",
    ),
    "wide_branch": Text(
        "填写说明：每天开门前逐项巡检，在下拉框中选择 √ 合格、× 不合格、不适用；"
        "空白表示未检查（不计为合格）。"
        "各项检查标准见“标准说明”工作表。",
        "How to mark: walk the branch before opening and pick √ pass, × fail or N/A in each "
        "item cell; a blank cell means not checked (never counted as a pass). Each item's "
        "criterion is on the 'Criteria' sheet.",
    ),
    "long": Text(
        "填写说明：每发现一个问题填写一行；标准编号在下拉框中选择（见“标准说明”工作表）；"
        "检查日期填写日期；扣分填写不小于 0 的数字；检查方式选择 现场、视频调阅 或 暗访；"
        "整改期限填写日期（留空按检查表规定的整改天数）；整改后在整改情况及复查日期中写明复查日期。",
        "How to fill: one row per finding; pick the item id from the list (see the 'Criteria' "
        "sheet); the date as a date; the deduction as a number of 0 or more; the method: on "
        "site, video review or mystery shop; the due date as a date (blank: the checklist's "
        "days to fix); once fixed, write the recheck date under 'Fix done'.",
    ),
}

# The same, for the md form: written on paper with a pen, or in a Markdown table — no dropdown,
# no computed total, no other worksheet (the criteria follow the grid).
PAPER_INSTRUCTIONS: dict[str, Text] = {
    "wide": Text(
        "填写说明：在每个检查项的格内写 √（合格）、×（不合格）或“不适用”；"
        "空格表示未检查（不计为合格）。各项检查标准见下文“标准说明”。",
        "How to mark: write √ (pass), × (fail) or N/A in each item's box; a blank box means not "
        "checked (never counted as a pass). Each item's criterion is under 'Criteria' below.",
    ),
    "wide_peer": Text(
        "填写说明：由互查人逐项检查，在每个检查项的格内写 √（合格）、×（不合格）或“不适用”；"
        "空格表示未检查（不计为合格）。互查人栏写检查人姓名；各项检查标准见下文“标准说明”。",
        "How to mark: the peer checker writes √ (pass), × (fail) or N/A in each item's box; a "
        "blank box means not checked (never counted as a pass). Write the checker's name in the "
        "Checker column; each item's criterion is under 'Criteria' below.",
    ),
    "wide_branch": Text(
        "填写说明：每天开门前逐项巡检，在每个检查项的格内写 √（合格）、×（不合格）或“不适用”；"
        "空格表示未检查（不计为合格）。各项检查标准见下文“标准说明”。",
        "How to mark: walk the branch before opening and write √ (pass), × (fail) or N/A in each "
        "item's box; a blank box means not checked (never counted as a pass). Each item's "
        "criterion is under 'Criteria' below.",
    ),
    "long": Text(
        "填写说明：每发现一个问题写一行；标准编号写编号（如 TLR-01），各项标准见下文“标准说明”；"
        "检查日期写日期（如 2026-10-08）；扣分写不小于 0 的数字；"
        "检查方式写 现场、视频调阅 或 暗访；"
        "整改期限写日期（不写则按检查表规定的整改天数）；整改后在整改情况及复查日期中写明复查日期。",
        "How to fill: one row per finding; write the item id (e.g. TLR-01), each item's "
        "criterion is under 'Criteria' below; the date as a date (2026-10-08); the deduction as "
        "a number of 0 or more; the method: on site, video review or mystery shop; the due date "
        "as a date (blank: the checklist's days to fix); once fixed, write the recheck date "
        "under 'Fix done'.",
    ),
}
