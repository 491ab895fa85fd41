"""Words and number formats shared by the report formats, in zh and en.

Column headings, the names of kinds, severities and statuses, and how rates and points are
written — kept here so the table, Markdown, CSV (and any other) format say the same thing.
A renderer speaks through one `Words`: its messages, headings, labels and `--top`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from svccheck.i18n import Text, count, tr
from svccheck.scoring.result import STATUS_LABELS, Gap, RankedRow, Report, Section

_Row = TypeVar("_Row")

KIND_LABELS: Mapping[str, Text] = {
    "self_check": Text("自查", "Self check"),
    "peer_check": Text("互查", "Peer check"),
    "inspection": Text("检查", "Inspection"),
}
SEVERITY_LABELS: Mapping[str, Text] = {
    "minor": Text("一般", "Minor"),
    "major": Text("较重", "Major"),
    "critical": Text("红线", "Critical"),
}
SUBJECT_KIND_LABELS: Mapping[str, Text] = {
    "employee": Text("员工", "Employee"),
    "branch": Text("网点", "Branch"),
}
VETO_LABELS: Mapping[str, Text] = {
    "zero": Text("一票否决（记0分）", "veto: score set to 0"),
    "flag": Text("红线标记", "red line flagged"),
}

HEADINGS: Mapping[str, Text] = {
    "rank": Text("排名", "Rank"),
    "item": Text("项目", "Item"),
    "title": Text("名称", "Title"),
    "role": Text("岗位", "Role"),
    "category": Text("类别", "Category"),
    "area": Text("区域", "Area"),
    "servqual": Text("服务质量维度", "SERVQUAL"),
    "severity": Text("严重程度", "Severity"),
    "observations": Text("检查次数", "Observed"),
    "failures": Text("不合格次数", "Failures"),
    "violations": Text("违规次数", "Violations"),
    "fail_rate": Text("不合格率", "Fail rate"),
    "points_lost": Text("扣分", "Points lost"),
    "share": Text("占比", "Share"),
    "cumulative_share": Text("累计占比", "Cumulative"),
    "subjects_affected": Text("涉及对象", "Subjects"),
    "branches_affected": Text("涉及网点", "Branches"),
    "subject": Text("对象", "Subject"),
    "employee": Text("员工", "Employee"),
    "branch": Text("网点", "Branch"),
    "employee_id": Text("工号", "Employee ID"),
    "checks": Text("检查次数", "Checks"),
    "score": Text("得分", "Score"),
    "pass_rate": Text("合格率", "Pass rate"),
    "criticals": Text("红线", "Red lines"),
    "status": Text("状态", "Status"),
    "grade": Text("等级", "Grade"),
    "top_gaps": Text("主要问题", "Top gaps"),
    "below_pass": Text("未达标次数", "Below pass"),
    "subjects": Text("人数", "Staff"),
    "items": Text("问题项目", "Items"),
    "key": Text("分组", "Group"),
    "checklists": Text("检查表", "Checklists"),
    "checklist": Text("检查表", "Checklist"),
    "file": Text("文件", "File"),
    "sheet": Text("工作表", "Sheet"),
    "row": Text("行", "Row"),
    "cell": Text("单元格", "Cell"),
    "reason": Text("原因", "Reason"),
    # against the previous period (`svccheck report`)
    "previous_rank": Text("上期排名", "Previous rank"),
    "rank_moved": Text("排名变动", "Rank moved"),
    "previous_points_lost": Text("上期扣分", "Previous points lost"),
    "points_lost_delta": Text("扣分变化", "Points lost change"),
    "previous_score": Text("上期得分", "Previous score"),
    "score_delta": Text("得分变化", "Score change"),
}
BY_LABELS: Mapping[str, Text] = {
    "item": Text("按项目", "By item"),
    "subject": Text("按对象", "By subject"),
    "branch": Text("按网点", "By branch"),
    "category": Text("按类别", "By category"),
    "area": Text("按区域", "By area"),
    "role": Text("按岗位", "By role"),
    "servqual": Text("按服务质量维度", "By SERVQUAL dimension"),
}


def heading(key: str, lang: str) -> str:
    return HEADINGS[key].get(lang)


def status_label(status: str, lang: str) -> str:
    return STATUS_LABELS[status].get(lang)


def severity_label(severity: str, lang: str) -> str:
    text = SEVERITY_LABELS.get(severity)
    return text.get(lang) if text else severity


def kind_label(kind: str, lang: str) -> str:
    text = KIND_LABELS.get(kind)
    return text.get(lang) if text else kind


def gap_titles(gaps: Iterable[Gap], lang: str) -> dict[str, str]:
    """Item id → "ID title" ("TLR-11 唱收唱付"), for the top-gaps column of the rankings: a
    branch head does not know TLR-11 by heart."""
    return {g.item: f"{g.item} {g.title.get(lang)}" for g in gaps}


def top_gaps_text(row: RankedRow, titles: Mapping[str, str], lang: str) -> str:
    """A ranking row's top gaps, each with its title: "TLR-11 唱收唱付；TLR-12 提示客户核对"
    ("; " between them in English); an item `titles` lacks keeps its id alone."""
    return tr(lang, "；", "; ").join(titles.get(item, item) for item in row.top_gaps)


def fixed(value: float | None, digits: int = 2) -> str:
    """A number with `digits` decimals ("0.14", as kappa is shown); never "-0.00": a value
    that rounds to zero is written unsigned; "—" when there is none. The one rule for every
    figure the reports write with fixed decimals (rates, kappa, scores)."""
    if value is None:
        return "—"
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.") else text


def signed(value: float | None, shown: Callable[[float], str]) -> str:
    """A change: "+" or "−" before `shown(abs(value))` ("+7.0%", "−0.5"), and no sign when it
    shows as zero ("0", "0.0%" — not "+0.0%" for a change of 0.0001); "—" when none."""
    if value is None:
        return "—"
    text = shown(abs(value))
    if not text.strip("0.%"):
        return text
    return ("+" if value > 0 else "−") + text


def pct(rate: float | None, digits: int = 1) -> str:
    """A fraction as a percentage ("12.5%"); "—" when there is none."""
    return "—" if rate is None else fixed(rate * 100, digits) + "%"


def points(value: float | None) -> str:
    """Points (and scores) as written on a form: two decimals at most, no trailing zeros ("2",
    "0.5", "97.25"); never "-0" (a tiny negative rounds to "0"); "—" when there is none."""
    if value is None:
        return "—"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def score_text(value: float | None) -> str:
    """A score with one decimal, as the HTML and Excel reports show it ("97.5", "100.0")."""
    return fixed(value, 1)


def rescored_text(report: Report, lang: str) -> str:
    """The header line of a report scored again under another library version ("" if not)."""
    if not report.rescored_from:
        return ""
    return tr(
        lang,
        "已按标准库 {v} 重新计分（账本中原按 {old} 计分）",
        "re-scored under library {v} (stored under {old})",
        v=report.standards_version or "—",
        old=", ".join(report.rescored_from),
    )


def due_for_remediation(holder: Report | Section) -> tuple[RankedRow, ...]:
    """The branches and the staff due for remediation (SPEC §5's status), every one of them:
    each report shows this block before its rankings, whatever --top says."""
    branches = [r for r in holder.branches if r.status == "remediation"]
    staff = [
        r for r in holder.subjects if r.status == "remediation" and r.subject_kind == "employee"
    ]
    return (*branches, *staff)


def remediation_reason(row: RankedRow, lang: str) -> str:
    """Why a row is due for remediation, in SPEC §5's words: its red lines, its checks (a
    branch's rounds) under the pass mark."""
    zh = lang == "zh"
    parts = []
    if row.criticals:
        n = row.criticals
        parts.append(f"红线问题 {n} 次" if zh else count(n, "red-line finding"))
    if row.below_pass >= 2:
        n = row.below_pass
        parts.append(f"{n} 次低于合格线" if zh else f"{count(n, 'check')} under the pass mark")
    return ("；" if zh else "; ").join(parts) or "—"


def period_text(start: dt.date | None, end: dt.date | None) -> str:
    if start is None or end is None:
        return "—"
    return start.isoformat() if start == end else f"{start.isoformat()} – {end.isoformat()}"


class Vocabulary:
    """Taxonomy labels (roles, categories, areas, SERVQUAL) as the report's breakdowns carry
    them, so a renderer needs nothing but the report."""

    def __init__(self, report: Report) -> None:
        self._labels: dict[tuple[str, str], Text] = {}
        holders: list[Report | Section] = [report, *report.sections]
        for holder in holders:
            for by, rows in holder.breakdowns.items():
                for row in rows:
                    if row.key:
                        self._labels.setdefault((by, row.key), row.label)

    def label(self, by: str, key: str | None, lang: str) -> str:
        if not key:
            return "—"
        text = self._labels.get((by, key))
        return text.get(lang) if text else key


@dataclass(frozen=True, slots=True)
class Words:
    """What one rendering says, in `lang`: `t("中文", "English", n=3)` for a message, `t.h(key)`
    for a column heading, `t.label(by, key)` for a taxonomy label, `t.kinds(...)` for kinds of
    check, and `t.shown(rows)` for the rows a ranked table shows (`--top`).

    Every format speaks through one, so they word the same things the same way. `blank` is how
    a missing label reads; `short` holds narrower English headings (the terminal's).
    """

    lang: str
    top: int | None = None
    vocabulary: Vocabulary | None = None
    blank: str = "—"
    short: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        report: Report,
        lang: str,
        top: int | None = None,
        *,
        blank: str = "—",
        short: Mapping[str, str] | None = None,
    ) -> Words:
        """The words of a report's rendering: its taxonomy labels come with it."""
        return cls(lang, top, Vocabulary(report), blank, short or {})

    def __call__(self, zh: str, en: str, **values: object) -> str:
        return tr(self.lang, zh, en, **values)

    def h(self, key: str) -> str:
        """A column heading shared with the other formats."""
        if self.lang == "en" and key in self.short:
            return self.short[key]
        return heading(key, self.lang)

    def label(self, by: str, key: str | None) -> str:
        """A taxonomy term's label (`by`: role, category, area, servqual)."""
        if not key:
            return self.blank
        return self.vocabulary.label(by, key, self.lang) if self.vocabulary else key

    def role_of(self, row: RankedRow) -> str:
        """A ranked row's role, as the remediation lists show it: "（网点）" for a branch."""
        if row.subject_kind == "branch":
            return self("（网点）", "(branch)")
        return self.label("role", row.role)

    def kinds(self, kinds: Iterable[str]) -> str:
        return "、".join(kind_label(k, self.lang) for k in kinds)

    def shown(self, rows: Sequence[_Row]) -> Sequence[_Row]:
        """The rows a ranked table shows: the first `top` (`--top N`), else all."""
        return rows[: self.top] if self.top else rows
