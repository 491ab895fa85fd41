"""How wide text is drawn: the columns it takes in a terminal or a spreadsheet cell.

One rule for every place that lines text up or sizes a column — the forms, the xlsx report,
the history sheet, the terminal briefing, the standards browser and the HTML charts: an East
Asian wide or full-width character (汉字, full-width punctuation such as `（`) takes two
columns, a combining mark or an invisible format character none, anything else one. It is
the rule terminals, rich and Excel follow (Unicode's East Asian Width, W and F).
"""

from __future__ import annotations

import unicodedata

_WIDE = frozenset({"W", "F"})
_ZERO = frozenset({"Mn", "Me", "Cf"})  # combining marks, zero-width joiners and the like


def char_width(char: str) -> int:
    """Columns one character takes: 2, 1 or 0."""
    if unicodedata.east_asian_width(char) in _WIDE:
        return 2
    return 0 if unicodedata.category(char) in _ZERO else 1


def display_width(text: str) -> int:
    """Columns `text` takes: "TLR-01 着装规范" is 15."""
    if text.isascii():
        return len(text)
    return sum(map(char_width, text))
