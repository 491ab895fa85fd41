"""Interface language: choosing zh or en, and picking localised text.

Messages are written inline as zh/en pairs (`tr(lang, "…", "…")`) so each module owns its own
words and no central catalogue has to be kept in step.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


@dataclass(frozen=True, slots=True)
class Text:
    """Localised text from a standards file: zh is required, en is optional."""

    zh: str
    en: str | None = None

    def get(self, lang: str) -> str:
        if lang == "en" and self.en:
            return self.en
        return self.zh

    @classmethod
    def of(cls, value: Any) -> Text:
        """Build from a plain string or a `{zh: …, en: …}` map."""
        if isinstance(value, Text):
            return value
        if isinstance(value, Mapping):
            return cls(str(value.get("zh", "")), value.get("en"))
        return cls(str(value), None)

    def as_dict(self) -> dict[str, str]:
        return {"zh": self.zh, "en": self.en} if self.en else {"zh": self.zh}


def resolve_lang(explicit: str | None = None) -> Lang:
    """--lang, else $SVCCHECK_LANG, else the locale (zh_* → zh), else en."""
    for candidate in (explicit, os.environ.get("SVCCHECK_LANG")):
        if candidate:
            code = candidate.strip().lower()[:2]
            if code in LANGS:
                return code
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def tr(lang: str, zh: str, en: str, /, **values: Any) -> str:
    """Pick the message for `lang` and fill in its `{placeholders}`."""
    template = en if lang == "en" else zh
    return template.format(**values) if values else template


def count(n: int, noun: str, plural: str | None = None) -> str:
    """An English count with its noun agreeing: "1 item", "3 items", "0 items" (`plural` when
    the noun does not just take an -s: count(2, "person", "people"))."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def times(n: int) -> str:
    """How often, in English: "once", "twice", "3 times"."""
    return {1: "once", 2: "twice"}.get(n) or f"{n} times"
