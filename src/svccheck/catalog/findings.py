"""Findings about a standards library: what is wrong, how badly, and exactly where.

Every check (YAML loading, schema, semantic lint) reports `Finding`s. Messages carry both
languages (`Text`) so the checks stay language-free and the renderer picks one. `RULES` lists
every finding code once, with its default severity and a one-line summary; SARIF's rule table
and the README are built from it, and a test checks that no code is used without an entry.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal, NamedTuple

from svccheck.i18n import Text

Severity = Literal["error", "warning"]


class Span(NamedTuple):
    """A 1-based region of a file: where a node starts and where it ends (exclusive).

    A NamedTuple because the loader makes one per YAML node and creation speed matters.
    """

    line: int = 1
    col: int = 1
    end_line: int = 1
    end_col: int = 1


FILE_START = Span(1, 1, 1, 1)


@dataclass(frozen=True)
class Finding:
    """One problem in one file, located to the line and column."""

    severity: Severity
    code: str
    message: Text
    file: str
    line: int = 1
    col: int = 1
    end_line: int = 1
    end_col: int = 1

    def text(self, lang: str) -> str:
        return self.message.get(lang)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"

    def sort_key(self) -> tuple[str, int, int, str, str]:
        # the message last: findings at one place with one code come out in one order,
        # whatever order a set gave them in
        return (self.file, self.line, self.col, self.code, self.message.zh)

    def as_error(self) -> Finding:
        return self if self.severity == "error" else replace(self, severity="error")


def finding(
    code: str,
    file: str,
    span: Span,
    zh: str,
    en: str,
    /,
    severity: Severity | None = None,
    **values: Any,
) -> Finding:
    """Build a finding; `zh`/`en` are message templates filled with `values`."""
    return located(code, file, span, message(zh, en, **values), severity)


def located(
    code: str, file: str, span: Span, text: Text, severity: Severity | None = None
) -> Finding:
    """A finding with a ready message; its severity defaults to the rule's."""
    return Finding(severity or RULES[code].severity, code, text, file, *span)


def message(zh: str, en: str, /, **values: Any) -> Text:
    """Both languages of one message, placeholders filled."""
    return Text(zh.format(**values), en.format(**values))


class Rule(NamedTuple):
    """A finding code, its default severity and what it means (SARIF's rule table)."""

    code: str
    severity: Severity
    summary: Text


def _rule(code: str, severity: Severity, zh: str, en: str) -> tuple[str, Rule]:
    return code, Rule(code, severity, Text(zh, en))


RULES: dict[str, Rule] = dict(
    [
        # Reading the file
        _rule("file-unreadable", "error", "文件无法读取", "The file cannot be read"),
        _rule(
            "file-too-large", "error", "文件超过大小上限", "The file is larger than the size limit"
        ),
        _rule(
            "file-binary", "error", "不是文本文件（二进制内容）", "Not a text file (binary content)"
        ),
        _rule("file-encoding", "error", "文件不是 UTF-8 编码", "The file is not UTF-8 text"),
        _rule("file-empty", "error", "文件为空", "The file is empty"),
        _rule(
            "file-kind",
            "error",
            "无法判断文件类型，或文件放错了文件夹",
            "What kind of file this is cannot be told, or it is in the wrong folder",
        ),
        # YAML
        _rule("yaml-syntax", "error", "YAML 语法错误", "YAML syntax error"),
        _rule("yaml-tab", "error", "用制表符缩进", "Tab used for indentation"),
        _rule(
            "yaml-duplicate-key",
            "error",
            "同一映射中键重复（YAML 只保留最后一个）",
            "Duplicate key in a mapping (YAML keeps only the last one)",
        ),
        _rule(
            "yaml-alias-bomb",
            "error",
            "别名展开过大或嵌套过深",
            "Aliases expand too far, or nesting is too deep",
        ),
        _rule(
            "yaml-unsupported",
            "error",
            "不支持的 YAML 写法（标签、复杂键、递归别名）",
            "Unsupported YAML (tags, complex keys, recursive aliases)",
        ),
        _rule(
            "yaml-not-mapping",
            "error",
            "文件顶层不是映射（键: 值）",
            "The top of the file is not a mapping (key: value)",
        ),
        _rule(
            "yaml-not-list",
            "error",
            "文件顶层不是列表（每项以 - 开头）",
            "The top of the file is not a list (entries starting with -)",
        ),
        # Schema
        _rule("schema-unknown-key", "error", "未知的键", "Unknown key"),
        _rule("schema-missing-key", "error", "缺少必填的键", "A required key is missing"),
        _rule("schema-type", "error", "值的类型不对", "A value has the wrong type"),
        _rule("schema-pattern", "error", "值的格式不对", "A value does not have the required form"),
        _rule(
            "schema-enum", "error", "值不在允许的取值中", "A value is not one of the allowed values"
        ),
        _rule("schema-range", "error", "数值超出范围", "A number is out of range"),
        _rule("schema-empty", "error", "值为空", "A value is empty"),
        _rule("schema-duplicate-entry", "error", "列表中有重复项", "A list has a duplicate entry"),
        # Semantic lint
        _rule("duplicate-item", "error", "条目编号重复", "Duplicate item id"),
        _rule("duplicate-standard", "error", "标准编号重复", "Duplicate standard id"),
        _rule("duplicate-checklist", "error", "检查表编号重复", "Duplicate checklist id"),
        _rule(
            "unknown-term",
            "error",
            "引用了词表中没有的编号",
            "A reference to an id that is not in the taxonomy",
        ),
        _rule(
            "unknown-standard",
            "error",
            "检查表选用了不存在的标准",
            "A checklist selects a standard that does not exist",
        ),
        _rule(
            "unknown-item",
            "error",
            "检查表选用了不存在的条目",
            "A checklist selects an item that does not exist",
        ),
        _rule(
            "unknown-exclude",
            "warning",
            "检查表排除了不存在的条目",
            "A checklist excludes an item that does not exist",
        ),
        _rule("empty-checklist", "error", "检查表没有选中任何条目", "A checklist selects no item"),
        _rule("points-over-max", "error", "扣分超过分值上限", "points is above max_points"),
        _rule(
            "rate-needs-max-points",
            "error",
            "得分率检查表选用了没有分值的条目",
            "A rate checklist selects an item without max_points",
        ),
        _rule(
            "accountable-subject",
            "error",
            "accountable 只用于网点检查表",
            "accountable on a checklist whose subject is not the branch",
        ),
        _rule(
            "scoring-marks", "error", "计分线前后矛盾", "The scoring marks contradict each other"
        ),
        _rule(
            "critical-unchecked",
            "error",
            "红线条目不在任何检查表中",
            "A critical (red-line) item is in no checklist",
        ),
        # Branch profiles and waivers (SPEC §8)
        _rule(
            "duplicate-branch",
            "error",
            "branches.yaml 中网点重复",
            "A branch is listed twice in branches.yaml",
        ),
        _rule(
            "unknown-branch",
            "error",
            "豁免引用了 branches.yaml 中没有的网点",
            "A waiver names a branch that branches.yaml does not list",
        ),
        _rule(
            "unknown-waiver-item",
            "error",
            "豁免引用了不存在的条目",
            "A waiver names an item that does not exist",
        ),
        _rule("invalid-date", "error", "日期不存在", "A date that does not exist"),
        _rule("waiver-expired", "warning", "豁免已过期", "A waiver has expired"),
        _rule("missing-en", "warning", "缺少英文文本", "English text is missing"),
        _rule(
            "near-duplicate-criteria",
            "warning",
            "同一检查表中两个条目的检查标准几乎相同",
            "Two items on one checklist have near-identical criteria",
        ),
        _rule(
            "id-file-mismatch", "warning", "编号与文件名不一致", "The id differs from the file name"
        ),
    ]
)
